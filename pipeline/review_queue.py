"""The review queue as a spreadsheet: export it (CSV beside ``processed/``, XLSX on request) and
import a filled-in copy without losing or inventing a decision.

A spreadsheet comes back in whatever shape the reviewer's office software chose: semicolons
for commas (Excel in many European locales), a byte-order mark or none, cp1252 instead of
UTF-8, headers with stray spaces, the terminal's single keys (``s``, ``d``, ``u``) instead of
words. All of these are read; what cannot be read (an unknown decision, a mention ID the tables
do not know, a file without the needed columns) is named with its row number and counted, so the
caller can exit non-zero. Importing the same file twice records nothing the second time.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .decisions import DECISIONS, append_decision, load_decisions, pair_key
from .derived import DerivedTableError, read_csv_table

QUEUE_COLUMNS = [
    "decision", "mention_a", "mention_b", "score", "date_a", "date_b", "type_a", "type_b", "people_a", "people_b",
    "organisations_a", "organisations_b", "publisher_a", "publisher_b", "url_a", "url_b", "evidence_a", "evidence_b",
]
NEEDED = ("decision", "mention_a", "mention_b")
SPELLINGS = {"s": "same", "d": "different", "u": "unsure", **{d: d for d in DECISIONS}}
BLANK = {"", "k", "skip"}  # the terminal's skip: no decision yet
DELIMITERS = ",;\t|"


# What each side of a queue row shows of its mention: column suffix -> the value from the mention's row.
SIDE_COLUMNS = {
    "mention": lambda m: m["mention_id"],
    "date": lambda m: mention_date(m),
    "type": lambda m: m["event_type"],
    "people": lambda m: "; ".join(m["people"]),
    "organisations": lambda m: "; ".join(m["organisations"]),
    "publisher": lambda m: m["publisher"],
    "url": lambda m: m["url"],
    "evidence": lambda m: m["evidence"],
}
SIDE_FIELDS = ["mention_id", "event_date", "date_from", "date_precision", "event_type", "people", "organisations",
               "publisher", "url", "evidence"]


def review_queue_rows(queue: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The flagged pairs side by side, one row per pair, for the terminal and the spreadsheet.
    Made a column at a time: each side's values are made once per mention (a queue of 50k pairs
    names a few thousand) and typed as a column of them all would be (a column's type depends on
    the kinds of values in it, not on how often each comes), then taken for every pair. The
    same frame as ``review_queue_rows_by_row``, several times faster."""
    if not len(queue):
        return review_queue_rows_by_row(queue, mentions)
    fields = [f for f in SIDE_FIELDS if f in mentions.columns]
    columns: dict[str, pd.Series] = {"decision": pd.Series([""] * len(queue))}
    for side in ("a", "b"):
        at = _positions(mentions["mention_id"], queue[f"mention_{side}"])
        chosen, inverse = np.unique(at, return_inverse=True)
        rows = mentions.iloc[chosen][fields].to_dict("records")  # the values a row of all the mentions holds
        for suffix, value in SIDE_COLUMNS.items():
            typed = pd.Series([value(m) for m in rows]).array
            columns[f"{suffix}_{side}"] = pd.Series(typed.take(inverse))
    columns["score"] = pd.Series(queue["score"].tolist())
    return pd.DataFrame({name: columns[name] for name in QUEUE_COLUMNS}, columns=QUEUE_COLUMNS)


def _positions(ids: pd.Series, wanted: pd.Series) -> np.ndarray:
    """The row of each of ``wanted`` in ``ids`` (of an ID given twice, its last row, as a dict
    of the rows keeps it); an ID not there raises KeyError."""
    index = pd.Index(ids)
    if index.is_unique:
        at = index.get_indexer(wanted)
        if (at < 0).any():
            raise KeyError(wanted.iloc[int(np.flatnonzero(at < 0)[0])])
        return at.astype(np.int64)
    position = {m: k for k, m in enumerate(ids)}
    return np.fromiter((position[m] for m in wanted), dtype=np.int64, count=len(wanted))


def review_queue_rows_by_row(queue: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """``review_queue_rows`` one row at a time: the plain statement of what it makes."""
    by_id = dict(zip(mentions["mention_id"], mentions.to_dict("records")))  # one lookup per pair, not a row copy
    rows = []
    for a, b, score in zip(queue["mention_a"], queue["mention_b"], queue["score"]):
        ma, mb = by_id[a], by_id[b]
        rows.append(
            {
                "decision": "",
                "mention_a": a,
                "mention_b": b,
                "score": score,
                "date_a": mention_date(ma), "date_b": mention_date(mb),
                "type_a": ma["event_type"], "type_b": mb["event_type"],
                "people_a": "; ".join(ma["people"]), "people_b": "; ".join(mb["people"]),
                "organisations_a": "; ".join(ma["organisations"]), "organisations_b": "; ".join(mb["organisations"]),
                "publisher_a": ma["publisher"], "publisher_b": mb["publisher"],
                "url_a": ma["url"], "url_b": mb["url"],
                "evidence_a": ma["evidence"], "evidence_b": mb["evidence"],
            }
        )
    return pd.DataFrame(rows, columns=QUEUE_COLUMNS)


def mention_date(mention) -> str:
    """The date with its precision, and where it came from when not the sentence."""
    if not isinstance(mention["event_date"], str):
        return ""
    suffix = " (published)" if mention["date_from"] == "published" else ""
    return f"{mention['event_date']} [{mention['date_precision']}]{suffix}"


def queue_rows_from_csv(path: Path) -> list[dict]:
    """The rows of ``processed/review_queue.csv``; a damaged file raises ``DerivedTableError``."""
    frame = read_csv_table(path, QUEUE_COLUMNS[1:])
    try:
        frame["score"] = frame["score"].astype(float)
    except ValueError as exc:
        raise DerivedTableError.of(path, f"column score is not numeric: {exc}") from None
    return frame.to_dict("records")


def export_queue(rows: list[dict], path: Path) -> Path:
    """The queue as ``.xlsx`` (one sheet, header frozen) or ``.csv`` (UTF-8 with a BOM so that
    Excel reads it as UTF-8), by the file's extension."""
    path = Path(path)
    frame = pd.DataFrame(rows, columns=QUEUE_COLUMNS).fillna("")
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "review queue"
        sheet.append(QUEUE_COLUMNS)
        for record in frame.itertuples(index=False):
            sheet.append(list(record))
        sheet.freeze_panes = "A2"
        book.save(path)
        return path
    frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
    return path


# -- import --------------------------------------------------------------------------------


class ImportFileError(Exception):
    """A file that cannot be imported at all (unreadable, or without the needed columns)."""


@dataclass
class ImportResult:
    taken: int = 0  # decisions appended
    already: int = 0  # rows whose decision was already the standing one (a second import)
    blank: int = 0  # rows left undecided
    rejected: list[str] = field(default_factory=list)  # one message per row not taken
    warnings: list[str] = field(default_factory=list)  # about the file as a whole

    def summary(self, path: Path) -> str:
        return (f"review: {path}: {self.taken} decision(s) imported, {self.already} already recorded, "
                f"{self.blank} left blank, {len(self.rejected)} row(s) rejected")


def read_sheet(path: Path) -> tuple[list[list[str]], list[str]]:
    """The rows of a CSV or XLSX file as lists of strings, header first, and warnings."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if data[:4] == b"PK\x03\x04":  # a zip: an .xlsx, whatever its name says
        return _xlsx_rows(path, data), []
    warnings = []
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="strict") if _utf8(data[3:]) else None
    else:
        text = data.decode("utf-8") if _utf8(data) else None
    if text is None:
        text = data.decode("cp1252", errors="replace")
        warnings.append(f"{path}: not UTF-8; read as Windows-1252 (cp1252): check names with accents")
    if not text.strip():
        raise ImportFileError(f"{path}: the file is empty")
    first = text.splitlines()[0] if text.splitlines() else ""
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = max(DELIMITERS, key=first.count)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)], warnings


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _xlsx_rows(path: Path, data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a zip that is not a workbook, a damaged one
        raise ImportFileError(f"{path}: not a readable XLSX workbook ({exc.__class__.__name__})") from None
    sheet = book.worksheets[0]
    rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def import_decisions(path: Path, decisions_path: Path, reviewer: str, known_ids: set[str] | None) -> ImportResult:
    """Append the decisions filled in a copy of the queue. ``known_ids``: the mention IDs of the
    current tables (None: not checked). Raises ``ImportFileError`` for a file that has no
    usable header; every other problem is a rejected row."""
    rows, warnings = read_sheet(path)
    result = ImportResult(warnings=warnings)
    header = [cell.strip().lower().lstrip("\ufeff") for cell in rows[0]] if rows else []
    missing = [name for name in NEEDED if name not in header]
    if missing:
        found = ", ".join(repr(h) for h in header[:6]) or "nothing"
        raise ImportFileError(f"{path}: no column {', '.join(missing)} in the first row (found {found}); "
                              f"fill in a copy of review_queue.csv and keep its header")
    col = {name: header.index(name) for name in NEEDED}
    standing = load_decisions(decisions_path)
    result.warnings += standing.problems
    for number, row in enumerate(rows[1:], start=2):
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
        if not any(c.strip() for c in row):
            continue
        raw = cell["decision"].lower()
        if raw in BLANK:
            result.blank += 1
            continue
        decision = SPELLINGS.get(raw)
        where = f"{path}: row {number}"
        if decision is None:
            result.rejected.append(f"{where}: unknown decision {cell['decision']!r} (same/s, different/d, unsure/u); row skipped")
            continue
        a, b = cell["mention_a"], cell["mention_b"]
        if not a or not b:
            result.rejected.append(f"{where}: mention_a and mention_b are required; row skipped")
            continue
        unknown = [m for m in (a, b) if known_ids is not None and m not in known_ids]
        if unknown:
            result.rejected.append(f"{where}: unknown mention ID {', '.join(unknown)} (not in the current tables); row skipped")
            continue
        if a == b:
            result.rejected.append(f"{where}: mention_a and mention_b are the same mention; row skipped")
            continue
        key = pair_key(a, b)
        if key in standing and standing[key]["decision"] == decision:
            result.already += 1
            continue
        standing[key] = append_decision(decisions_path, a, b, decision, reviewer, note="imported from spreadsheet")
        result.taken += 1
    return result
