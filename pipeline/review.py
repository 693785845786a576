"""Human review of doubtful pairs: the spreadsheet queue, the terminal walk, entity merges.

Decisions live in a version-controlled JSON-lines file (``review/decisions.jsonl``, read and
written by ``pipeline.decisions``), one line per judgement on a pair of stable mention IDs.
Every refresh re-applies all of them (``dedup.deduplicate``). Each decision is appended and
synced to disk the moment it is made, so an interrupted review loses nothing.
"""

from __future__ import annotations

import csv
import difflib
import getpass
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from .decisions import DECISIONS, append_decision, load_decisions, pair_key
from .derived import DerivedTableError, read_csv_table

QUEUE_COLUMNS = [
    "decision", "mention_a", "mention_b", "score", "date_a", "date_b", "type_a", "type_b", "people_a", "people_b",
    "organisations_a", "organisations_b", "publisher_a", "publisher_b", "url_a", "url_b", "evidence_a", "evidence_b",
]


def default_reviewer() -> str:
    return os.environ.get("PIPELINE_REVIEWER") or getpass.getuser()


def review_queue_rows(queue: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The flagged pairs side by side, one row per pair, for the terminal and the spreadsheet."""
    by_id = mentions.set_index("mention_id")
    rows = []
    for a, b, score in zip(queue["mention_a"], queue["mention_b"], queue["score"]):
        ma, mb = by_id.loc[a], by_id.loc[b]
        rows.append(
            {
                "decision": "",
                "mention_a": a,
                "mention_b": b,
                "score": score,
                "date_a": _date(ma), "date_b": _date(mb),
                "type_a": ma["event_type"], "type_b": mb["event_type"],
                "people_a": "; ".join(ma["people"]), "people_b": "; ".join(mb["people"]),
                "organisations_a": "; ".join(ma["organisations"]), "organisations_b": "; ".join(mb["organisations"]),
                "publisher_a": ma["publisher"], "publisher_b": mb["publisher"],
                "url_a": ma["url"], "url_b": mb["url"],
                "evidence_a": ma["evidence"], "evidence_b": mb["evidence"],
            }
        )
    return pd.DataFrame(rows, columns=QUEUE_COLUMNS)


def _date(mention) -> str:
    if not isinstance(mention["event_date"], str):
        return ""
    suffix = " (published)" if mention["date_from"] == "published" else ""
    return f"{mention['event_date']} [{mention['date_precision']}]{suffix}"


def import_review_csv(csv_path: Path, decisions_path: Path, reviewer: str) -> tuple[int, list[str]]:
    """Append the decisions filled in a copy of ``review_queue.csv``; returns how many were
    taken and one message per row that was not (never silently ignored)."""
    taken, problems = 0, []
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            decision = (row.get("decision") or "").strip().lower()
            if not decision:
                continue
            if decision not in DECISIONS:
                problems.append(f"{csv_path}:{number}: unknown decision {decision!r} (same, different, unsure); row skipped")
                continue
            a, b = (row.get("mention_a") or "").strip(), (row.get("mention_b") or "").strip()
            if not a or not b:
                problems.append(f"{csv_path}:{number}: mention_a and mention_b are required; row skipped")
                continue
            append_decision(decisions_path, a, b, decision, reviewer, note="imported from spreadsheet")
            taken += 1
    return taken, problems


# -- the terminal walk ---------------------------------------------------------------------

KEYS = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "z": "undo", "q": "quit"}
HELP = "[s]ame  [d]ifferent  [u]nsure  s[k]ip  [z] undo  [q]uit"


def highlight_differences(a: str, b: str, color: bool) -> tuple[str, str]:
    """The two sentences with the words only one of them has marked."""
    wa, wb = a.split(), b.split()
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        left, right = " ".join(wa[i1:i2]), " ".join(wb[j1:j2])
        if op == "equal":
            out_a.append(left)
            out_b.append(right)
            continue
        if left:
            out_a.append(f"\033[1;31m{left}\033[0m" if color else f"[-{left}-]")
        if right:
            out_b.append(f"\033[1;32m{right}\033[0m" if color else f"{{+{right}+}}")
    return " ".join(out_a), " ".join(out_b)


def format_pair(row: dict, position: int, total: int, color: bool) -> str:
    evidence_a, evidence_b = highlight_differences(row["evidence_a"], row["evidence_b"], color)
    lines = [f"pair {position} of {total}  (score {row['score']:.2f})"]
    for label, key in (("date", "date"), ("type", "type"), ("people", "people"), ("organisations", "organisations"), ("publisher", "publisher"), ("url", "url")):
        lines.append(f"  {label:<14} A: {row[key + '_a']}")
        lines.append(f"  {'':<14} B: {row[key + '_b']}")
    lines += [f"  A: {evidence_a}", f"  B: {evidence_b}", HELP]
    return "\n".join(lines)


def review_pairs(
    rows: list[dict],
    decisions_path: Path,
    read_key: Callable[[], str],
    write: Callable[[str], None],
    reviewer: str,
    color: bool = False,
) -> dict[str, int]:
    """Walk the pairs; every decision is on disk before the next pair is shown."""
    counts = {"same": 0, "different": 0, "unsure": 0, "skipped": 0, "undone": 0}
    standing = load_decisions(decisions_path)
    for problem in standing.problems:
        write(f"review: {problem}\n")
    decided = set(standing)
    todo = [r for r in rows if pair_key(r["mention_a"], r["mention_b"]) not in decided]
    history: list[int] = []
    position = 0
    if not todo:
        write("review: nothing to review: every flagged pair has a decision.\n")
        return counts
    while position < len(todo):
        row = todo[position]
        write(format_pair(row, position + 1, len(todo), color) + "\n> ")
        key = (read_key() or "q").strip().lower()[:1]
        action = KEYS.get(key)
        if action is None:
            write(f"unknown key {key!r}; {HELP}\n")
            continue
        if action == "quit":
            break
        if action == "undo":
            if not history:
                write("nothing to undo\n")
                continue
            position = history.pop()
            previous = todo[position]
            append_decision(decisions_path, previous["mention_a"], previous["mention_b"], "undo", reviewer)
            counts["undone"] += 1
            write("undone\n")
            continue
        if action == "skip":
            counts["skipped"] += 1
        else:
            append_decision(decisions_path, row["mention_a"], row["mention_b"], action, reviewer)
            counts[action] += 1
        history.append(position)
        position += 1
    write(
        f"review: {counts['same']} same, {counts['different']} different, {counts['unsure']} unsure, "
        f"{counts['skipped']} skipped, {counts['undone']} undone; decisions in {decisions_path}\n"
    )
    return counts


@contextmanager
def terminal_keys() -> Iterator[Callable[[], str]]:
    """One key press without Enter on a terminal; a line at a time otherwise (pipes, tests).

    The terminal stays in key-at-a-time mode (no echo, no line editing, Ctrl-C and Ctrl-D read
    as keys meaning quit) for the whole walk and is restored after it. Switching modes per key
    would flush whatever was typed while a decision was being written."""
    if not sys.stdin.isatty():
        yield lambda: sys.stdin.readline().strip() or "q"
        return
    import termios

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    keys = termios.tcgetattr(fd)
    keys[3] &= ~(termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN)  # local modes
    keys[6][termios.VMIN], keys[6][termios.VTIME] = 1, 0
    termios.tcsetattr(fd, termios.TCSANOW, keys)  # TCSANOW: keys typed ahead are kept

    def read() -> str:
        key = sys.stdin.read(1)
        if key in ("", "\x03", "\x04"):  # end of input, Ctrl-C, Ctrl-D
            return "q"
        sys.stdout.write(key + "\n")
        return key

    try:
        yield read
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def queue_rows_from_csv(path: Path) -> list[dict]:
    """The rows of ``processed/review_queue.csv``; a damaged file raises ``DerivedTableError``."""
    frame = read_csv_table(path, QUEUE_COLUMNS[1:])
    try:
        frame["score"] = frame["score"].astype(float)
    except ValueError as exc:
        raise DerivedTableError.of(path, f"column score is not numeric: {exc}") from None
    return frame.to_dict("records")


def add_alias(aliases_path: Path, canonical: str, variant: str, label: str = "PERSON") -> str:
    """A reviewer's entity merge: ``variant`` becomes a spelling of ``canonical`` in the alias
    table (a new row when ``canonical`` is not there yet). Returns what was done."""
    path = Path(aliases_path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or ["id", "canonical", "label", "variants", "note"]
        rows = list(reader)
    for row in rows:
        names = [row["canonical"], *[v for v in (row.get("variants") or "").split("|") if v]]
        if row["canonical"] == canonical:
            if variant in names:
                return f"{variant!r} is already a spelling of {canonical!r}"
            row["variants"] = "|".join([*[v for v in (row.get("variants") or "").split("|") if v], variant])
            break
    else:
        from .entities import LABEL_GROUP, curated_id

        rows.append({
            "id": curated_id(LABEL_GROUP.get(label, "ORG"), canonical, {row["id"] for row in rows}),
            "canonical": canonical, "label": label, "variants": variant, "note": "added in review",
        })
    from .tables import _atomic_write

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    _atomic_write(path, write)
    return f"{variant!r} is now a spelling of {canonical!r} in {path}"
