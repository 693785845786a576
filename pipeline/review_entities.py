"""A reviewer's entity merge ("Baltabai" is a spelling of "Erlan Baltabay"), done safely.

A spelling belongs to one entity: giving it to a second one would make the next ``process``
split the first one's mentions, so it is refused, naming both, unless ``force`` moves it. A
canonical name that is not in the table is most often a typo, so it needs ``new`` and gets a
"did you mean". The alias file is edited in place line by line: unrelated rows keep their bytes
(quoting, order) and the file keeps its mode. Every merge is also one line in a
version-controlled judgements file beside the decisions, so it can be read, reviewed and redone.

Every merge goes through ``alias_file`` so the table can be re-pointed (one file per country).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .entities import LABEL_GROUP, curated_id, name_key
from .knowledge import alias_file_for, all_ids

FIELDS = ["id", "canonical", "label", "variants", "note"]


class MergeRefused(Exception):
    """A merge that would do something the reviewer did not ask for; the message says what."""


@dataclass
class _Row:
    line: int  # index into the file's lines
    values: dict

    def names(self) -> list[str]:
        return [self.values["canonical"], *self.variants()]

    def variants(self) -> list[str]:
        return [v for v in (self.values.get("variants") or "").split("|") if v]


def alias_file(default: Path, canonical: str = "", label: str = "PERSON") -> Path:
    """The alias table a merge of ``canonical`` is written to: the table (global or one
    country's, ``pipeline.knowledge``) that already holds that entity, else the global one."""
    from .knowledge import alias_files

    group = LABEL_GROUP.get(label, label)
    wanted = canonical.strip()
    for _, path in alias_files(Path(default)):
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    if (row.get("canonical") or "").strip() == wanted and LABEL_GROUP.get(row.get("label", ""), "") == group:
                        return path
        except OSError:
            continue
    return Path(default)


def _refuse_owner_elsewhere(aliases: Path, path: Path, variant: str, label: str) -> None:
    """A spelling belongs to one entity across the tables that apply together: a country's
    table and the global one (the global table applies with every country's)."""
    from .knowledge import alias_files

    group, wanted = LABEL_GROUP.get(label, label), name_key(variant)
    is_global = Path(path) == Path(aliases)
    for scope, other in alias_files(aliases):
        if Path(other) == Path(path) or not (is_global or not scope) or not other.is_file():
            continue
        with other.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                names = [row.get("canonical") or "", *(row.get("variants") or "").split("|")]
                if LABEL_GROUP.get(row.get("label", ""), "") == group and wanted in {name_key(n) for n in names if n}:
                    raise MergeRefused(
                        f"{variant!r} is already a spelling of {row['canonical']!r} ({row['id']}) in {other}, which applies "
                        f"together with {path}; a spelling may belong to one entity only: remove it from {other} first, "
                        f"or merge it into {row['canonical']!r}")


def judgements_file(decisions_path: Path) -> Path:
    """The version-controlled record of entity merges, beside the decisions file."""
    return Path(decisions_path).with_name("entity_merges.jsonl")


def merge_entity(aliases: Path, canonical: str, variant: str, label: str, reviewer: str, judgements: Path | None,
                 force: bool = False, new: bool = False, country: str = "") -> str:
    """Make ``variant`` a spelling of ``canonical``; returns what was done, raises
    ``MergeRefused`` (nothing written) when it would take a spelling from another entity
    without ``force``, give it a second owner in another table, or create an entity without
    ``new``. A new entity goes to ``country``'s table when one is given (a national body or
    person), else to the global one."""
    canonical, variant = canonical.strip(), variant.strip()
    if not canonical or not variant:
        raise MergeRefused("both VARIANT and CANONICAL must be non-empty")
    path = alias_file(aliases, canonical, label)
    if country and Path(path) == Path(aliases) and new:
        try:
            path = alias_file_for(Path(aliases), country)
        except ValueError as exc:
            raise MergeRefused(str(exc)) from None
    _refuse_owner_elsewhere(Path(aliases), path, variant, label)
    if not path.exists():  # the country's first entry
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(",".join(FIELDS) + "\n", encoding="utf-8")
    text = path.read_text(encoding="utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]])) if lines else FIELDS
    rows = _rows(lines, header)
    group = LABEL_GROUP.get(label, label)
    in_group = [r for r in rows if LABEL_GROUP.get(r.values.get("label", ""), "") == group]
    target = next((r for r in in_group if r.values["canonical"].strip() == canonical), None)
    owner = next((r for r in in_group if r is not target and name_key(variant) in {name_key(n) for n in r.names()}), None)
    if target is not None and name_key(variant) in {name_key(n) for n in target.names()}:
        return f"{variant!r} is already a spelling of {target.values['canonical']!r} in {path}; nothing changed"
    if target is None and not new:
        close = difflib.get_close_matches(canonical, [r.values["canonical"] for r in in_group], n=3, cutoff=0.6)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        raise MergeRefused(f"{canonical!r} is not a {label} in {path}; {hint}pass --new to add it as a new entity")
    moved_from = ""
    if owner is not None:
        if name_key(owner.values["canonical"]) == name_key(variant):
            raise MergeRefused(f"{variant!r} is the name of another entity ({owner.values['id']}); "
                               f"merge its spellings by hand in {path}")
        if not force:
            raise MergeRefused(f"{variant!r} is a spelling of {owner.values['canonical']!r} ({owner.values['id']}), "
                               f"not of {canonical!r}; pass --force to move it to {canonical!r}")
        owner.values["variants"] = "|".join(v for v in owner.variants() if name_key(v) != name_key(variant))
        lines[owner.line] = _line(owner.values, header, newline)
        moved_from = owner.values["canonical"]
    if target is not None:
        target.values["variants"] = "|".join([*target.variants(), variant])
        lines[target.line] = _line(target.values, header, newline)
        entity_id = target.values["id"]
    else:
        entity_id = curated_id(group, canonical, {r.values["id"] for r in rows} | all_ids(Path(aliases)))
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += newline
        lines.append(_line({"id": entity_id, "canonical": canonical, "label": label, "variants": variant,
                            "note": "added in review"}, header, newline))
    _replace(path, "".join(lines), text_had_bom=path.read_bytes().startswith(b"\xef\xbb\xbf"))
    if judgements is not None:
        _record(judgements, {"variant": variant, "canonical": canonical, "entity_id": entity_id, "label": label,
                             "moved_from": moved_from or None, "new": target is None, "reviewer": reviewer,
                             "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")})
    done = f"{variant!r} is now a spelling of {canonical!r} ({entity_id}) in {path}"
    return done + (f", moved from {moved_from!r}" if moved_from else "")


def _rows(lines: list[str], header: list[str]) -> list[_Row]:
    rows = []
    for number, line in enumerate(lines[1:], start=1):
        if not line.strip():
            continue
        values = dict(zip(header, next(csv.reader([line]))))
        if values.get("canonical"):
            rows.append(_Row(number, values))
    return rows


def _line(values: dict, header: list[str], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow([values.get(name, "") for name in header])
    return out.getvalue()


def _replace(path: Path, text: str, text_had_bom: bool) -> None:
    """Write beside, with the old file's mode, sync, rename over: a crash leaves old or new."""
    mode = os.stat(path).st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig" if text_had_bom else "utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _record(path: Path, entry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(entry, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
