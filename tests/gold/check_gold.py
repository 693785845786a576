"""Validate the hand-labelled gold event mentions (tests/gold/mentions.jsonl).

Usage:
    python tests/gold/check_gold.py [DOCUMENTS_PARQUET] [--mentions PATH] [--aliases PATH]

DOCUMENTS_PARQUET defaults to processed/documents.parquet. Exits 0 when
every check passes, 1 otherwise (each problem is printed on its own line).
Only the standard library and pandas are used.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

DEFAULT_DOCS = "processed/documents.parquet"
DEFAULT_MENTIONS = HERE / "mentions.jsonl"
DEFAULT_ALIASES = ROOT / "config" / "aliases.csv"

EVENT_TYPES = {
    "arrest", "conviction", "court_ruling", "release", "registration_denied",
    "deregistration", "strike", "protest", "violence", "dismissal", "surveillance",
    "fine", "investigation", "legislation", "statement", "other",
}
PRECISIONS = {"day": ("%Y-%m-%d", 10), "month": ("%Y-%m", 7), "year": ("%Y", 4)}
DATE_FROM = {"text", "published"}
KEYS = [
    "doc_id", "url", "evidence", "event_type", "date", "precision", "date_from",
    "people", "organisations", "locations", "event",
]
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Named people / organisations / places that occur in labelled sentences but are
# not in config/aliases.csv. They are written as they appear in the text.
MISSING_PEOPLE: set[str] = set()
MISSING_ORGANISATIONS = {
    "Confederation of Free Trade Unions",  # 2018 name tried by the CNTUK founders (doc_c6322dc57c6248db, doc_b8da6195515985b8)
    "Independent Local Union",  # Mangistau local union ("Public Association “Independent Local Union”"), 2018 (doc_eca8f9e08c6581d9)
    "Entrepreneurship Department of Almaty",  # city department (doc_b108d34455fd68fb)
}
MISSING_LOCATIONS = {
    "Bosnia and Herzegovina",  # doc_20390b7ec1635fde
}


def load_aliases(path: Path) -> dict[str, set[str]]:
    by_label: dict[str, set[str]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_label.setdefault(row["label"], set()).add(row["canonical"])
    return by_label


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("documents", nargs="?", default=DEFAULT_DOCS)
    ap.add_argument("--mentions", default=str(DEFAULT_MENTIONS))
    ap.add_argument("--aliases", default=str(DEFAULT_ALIASES))
    args = ap.parse_args(argv)

    docs = pd.read_parquet(args.documents)
    kept = docs[docs["duplicate_of"].isna()].set_index("doc_id")
    all_ids = set(docs["doc_id"])
    aliases = load_aliases(Path(args.aliases))
    persons = aliases.get("PERSON", set()) | MISSING_PEOPLE
    orgs = aliases.get("ORG", set()) | MISSING_ORGANISATIONS
    places = aliases.get("GPE", set()) | aliases.get("LOC", set()) | MISSING_LOCATIONS

    problems: list[str] = []
    seen_evidence: set[tuple] = set()
    last_order: tuple[int, int] = (-1, -2)
    doc_pos = {doc_id: i for i, doc_id in enumerate(kept.index)}
    n = 0

    with open(args.mentions, encoding="utf-8") as fh:
        lines = fh.readlines()
    for lineno, line in enumerate(lines, 1):
        where = f"line {lineno}"
        if not line.strip():
            problems.append(f"{where}: blank line")
            continue
        try:
            m = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: invalid JSON ({exc})")
            continue
        n += 1
        if list(m) != KEYS:
            problems.append(f"{where}: keys {list(m)} != {KEYS}")
            if not set(KEYS) <= set(m):
                continue

        doc_id = m["doc_id"]
        if doc_id not in kept.index:
            why = "a duplicate document" if doc_id in all_ids else "unknown doc_id"
            problems.append(f"{where}: {doc_id} is {why}")
            continue
        doc = kept.loc[doc_id]
        if m["url"] != doc["url"]:
            problems.append(f"{where}: url does not match the document's")

        # evidence: verbatim in text or title, one mention per sentence
        ev = m["evidence"]
        title = doc["title"] if isinstance(doc["title"], str) else ""
        text = doc["text"] if isinstance(doc["text"], str) else ""
        if not isinstance(ev, str) or not ev.strip():
            problems.append(f"{where}: empty evidence")
            continue
        if ev != ev.strip():
            problems.append(f"{where}: evidence has leading/trailing whitespace")
        if ev == title:
            pos = -1
        elif ev in text:
            pos = text.find(ev)
        else:
            problems.append(f"{where}: evidence not found verbatim in {doc_id}: {ev[:70]!r}")
            pos = None
        # several occurrences of one sentence share its evidence, each with its own type or date
        key = (doc_id, ev, m["event_type"], m["date"], m["event"])
        if key in seen_evidence:
            problems.append(f"{where}: the same occurrence labelled twice in {doc_id}")
        seen_evidence.add(key)
        if pos is not None:
            order = (doc_pos[doc_id], pos)
            if order < last_order:
                problems.append(f"{where}: not in document order")
            last_order = order

        # type
        if m["event_type"] not in EVENT_TYPES:
            problems.append(f"{where}: event_type {m['event_type']!r} not in vocabulary")

        # date / precision / date_from
        date, prec, date_from = m["date"], m["precision"], m["date_from"]
        if prec not in PRECISIONS:
            problems.append(f"{where}: precision {prec!r} invalid")
        else:
            fmt, length = PRECISIONS[prec]
            try:
                if not isinstance(date, str) or len(date) != length:
                    raise ValueError
                dt.datetime.strptime(date, fmt)
            except ValueError:
                problems.append(f"{where}: date {date!r} does not match precision {prec!r}")
        if date_from not in DATE_FROM:
            problems.append(f"{where}: date_from {date_from!r} invalid")
        elif date_from == "published":  # the publication day, or its month or year (the conventions' defaults)
            if not isinstance(date, str) or not str(doc["published"]).startswith(date) or \
                    list(PRECISIONS).index(prec) < list(PRECISIONS).index(doc["published_precision"]):
                problems.append(
                    f"{where}: date_from=published but date {date}/{prec} is not "
                    f"{doc['published']}/{doc['published_precision']} or its month or year"
                )

        # entities
        for key, allowed in (("people", persons), ("organisations", orgs), ("locations", places)):
            vals = m[key]
            if not isinstance(vals, list) or not all(isinstance(v, str) for v in vals):
                problems.append(f"{where}: {key} must be a list of strings")
                continue
            if len(set(vals)) != len(vals):
                problems.append(f"{where}: duplicate names in {key}")
            for v in vals:
                if v not in allowed:
                    problems.append(f"{where}: {key[:-1] if key != 'people' else 'person'} {v!r} "
                                    "is not a canonical name in aliases.csv nor allow-listed")

        # event slug
        slug = m["event"]
        if not isinstance(slug, str) or not SLUG_RE.match(slug):
            problems.append(f"{where}: event slug {slug!r} is not a lower-case slug")

    if n == 0:
        problems.append("no mentions found")
    for p in problems:
        print(p)
    status = "FAILED" if problems else "OK"
    print(f"{status}: {n} mentions checked against {len(kept)} kept documents, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
