"""``python -m pipeline check-config``: the knowledge files checked against each other and,
when there is one, against the archive's documents. Lists spellings that two entities of one
scope claim (a country's table and the global one count as one scope), labels and countries
that do not exist, invalid ``country.toml`` and ``places.csv`` files, IDs used twice, sources
whose country has no knowledge folder (a note, not a problem), and patterns that match nothing."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pycountry

from .country_files import COUNTRY_FILE, user_assigned, validate_folder
from .entities import ENTITY_ID_RE, LABEL_GROUP, name_key
from .knowledge import COUNTRIES_DIR, alias_files, pattern_files, read_aliases

LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def check_knowledge(aliases_file: Path, patterns_file: Path, sources=None, texts: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(problems, notes) of the shipped knowledge. ``texts``: the archive's document texts, to
    find patterns that match nothing (skipped when None)."""
    problems: list[str] = []
    notes: list[str] = []
    owners: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (scope, group, key) -> ids
    ids: dict[str, str] = {}
    problems += _country_folders(Path(aliases_file).parent / COUNTRIES_DIR)
    for scope, path in alias_files(aliases_file):
        for number, row in enumerate(read_aliases(path), start=2):
            where = f"{path}:{number} ({row.get('id')!r})"
            if row.get("label") not in LABELS:
                problems.append(f"{where}: unknown label {row.get('label')!r} (one of {', '.join(LABELS)})")
            if not ENTITY_ID_RE.match(row.get("id") or ""):
                problems.append(f"{where}: id is not of the form per-/org-/gpe-/loc-<slug>")
            if row["id"] in ids:
                problems.append(f"{where}: id also used in {ids[row['id']]}")
            ids.setdefault(row["id"], str(path))
            group = LABEL_GROUP.get(row.get("label"), row.get("label"))
            for name in [row["canonical"], *(row.get("variants") or "").split("|")]:
                if name.strip():
                    owners[(scope, group, name_key(name))].add(row["id"])
    for (scope, group, key), found in sorted(owners.items()):
        shared = set(found) | (owners.get(("", group, key), set()) if scope else set())
        if len(shared) > 1:
            problems.append(f"spelling {key!r} ({group}, {'global' if not scope else scope}) belongs to {', '.join(sorted(shared))}")
    patterns = []
    for scope, path in pattern_files(patterns_file):
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{path}:{number}: not JSON ({exc.msg})")
                continue
            if entry.get("label") not in LABELS:
                problems.append(f"{path}:{number} ({entry.get('id')!r}): unknown label {entry.get('label')!r}")
            patterns.append((f"{path}:{number} ({entry.get('id')!r})", entry))
    if sources is not None:
        folders = {scope for scope, _ in alias_files(aliases_file) if scope}
        for source in sources.sources:
            if source.country and source.country not in folders:
                notes.append(f"source {source.name!r}: no knowledge folder for {source.country} yet (optional: "
                             f"config/countries/{source.country}/aliases.csv)")
    if texts is not None:
        problems += _unmatched(patterns, texts)
    return problems, notes


def _country_folders(root: Path) -> list[str]:
    """Folders whose name is no country code, and invalid country.toml / places.csv files."""
    problems: list[str] = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if not folder.is_dir():
            continue
        problems += validate_folder(folder, None)
        if (folder / COUNTRY_FILE).is_file():
            continue  # a user-assigned code: its country.toml was checked
        if not (len(folder.name) == 2 and folder.name.isupper() and pycountry.countries.get(alpha_2=folder.name)):
            hint = f" (a user-assigned code needs a {folder.name}/{COUNTRY_FILE})" if user_assigned(folder.name) else ""
            problems.append(f"{folder}: folder {folder.name!r} is not an ISO 3166 alpha-2 country code{hint}")
    return problems


def _unmatched(patterns: list[tuple[str, dict]], texts: list[str]) -> list[str]:
    """The patterns no document of the archive matches (a tokenizer-only pipeline: fast)."""
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    matcher, phrases = Matcher(nlp.vocab), PhraseMatcher(nlp.vocab)
    for number, (_, entry) in enumerate(patterns):
        if isinstance(entry["pattern"], str):
            phrases.add(str(number), [nlp.make_doc(entry["pattern"])])
        else:
            matcher.add(str(number), [entry["pattern"]])
    seen: set[str] = set()
    for doc in nlp.pipe(texts):
        seen |= {nlp.vocab.strings[m] for m, _, _ in matcher(doc)} | {nlp.vocab.strings[m] for m, _, _ in phrases(doc)}
    return [f"{where}: matches nothing in the archive" for number, (where, _) in enumerate(patterns) if str(number) not in seen]


def main(argv: list[str] | None = None) -> int:
    """Print the problems and notes; exit 1 when there is a problem, 0 otherwise."""
    import argparse

    from . import settings
    from .sources import ConfigError, load_sources

    parser = argparse.ArgumentParser(prog="python -m pipeline check-config", description=__doc__.split("\n\n")[0])
    parser.add_argument("--aliases", type=Path, default=settings.ALIASES_FILE, help="global alias table (default: %(default)s)")
    parser.add_argument("--patterns", type=Path, default=settings.PATTERNS_FILE, help="global patterns (default: %(default)s)")
    parser.add_argument("--sources", type=Path, default=settings.SOURCES_FILE, help="sources file (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=settings.PROCESSED_DIR,
                        help="processed tables whose documents the patterns are tried on (default: %(default)s; skipped when absent)")
    args = parser.parse_args(argv)
    early: list[str] = []
    try:
        sources = load_sources(args.sources)
    except (ConfigError, ValueError) as exc:  # the knowledge is still checked, to list every problem
        early.append(str(exc))
        sources = None
    texts = None
    documents = args.out / "documents.parquet"
    if documents.exists():
        import pandas as pd

        frame = pd.read_parquet(documents, columns=["title", "text"])
        texts = [f"{t or ''}\n{x or ''}" for t, x in zip(frame["title"], frame["text"])]
    problems, notes = check_knowledge(args.aliases, args.patterns, sources, texts)
    problems = early + problems
    for line in problems:
        print(f"problem: {line}")
    for line in notes:
        print(f"note: {line}")
    print(f"check-config: {len(problems)} problem(s), {len(notes)} note(s)"
          + ("" if texts is not None else f"; patterns not tried (no {documents})"))
    return 1 if problems else 0
