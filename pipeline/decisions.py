"""The decisions file (``review/decisions.jsonl``): human judgements are never lost, never ignored in silence.

One JSON object per line, ``{"a", "b", "decision", "reviewer", "time"[, "note"]}``, on a pair of
stable mention IDs; a later line about the same pair supersedes an earlier one and ``undo``
withdraws it. The file is the source of truth, so damage to it neither blocks a run nor loses a
decision:

- a torn last line (a crash or a full disk mid-write: bytes after the last line end that make
  no decision) is reported and moved to ``<file>.corrupt`` (appended to, never overwritten);
  every line before it stays;
- a bad line elsewhere (not JSON, or without the fields a decision needs) is reported with its
  line number, skipped and kept in the file for a human to mend;
- every append starts on a fresh line and is flushed and fsync'd before it returns.

Readers and writers hold an advisory lock on the file while they work, so a ``review`` appending
while a ``process`` sets a torn line aside cannot lose the appended line.
"""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Iterator

DECISIONS = ("same", "different", "unsure")
ACTIONS = (*DECISIONS, "undo")  # what a line may say; undo withdraws the standing decision
NEEDED_FIELDS = ("a", "b", "decision")
CORRUPT_SUFFIX = ".corrupt"
BOM = b"\xef\xbb\xbf"


class Decisions(dict):
    """The standing decision on every pair, keyed by the two mention IDs sorted, with
    ``problems``: one message per line that could not be used (file, line number, what and
    what was done with it)."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def corrupt_path(path: Path) -> Path:
    """Where torn lines of ``path`` are set aside."""
    path = Path(path)
    return path.with_name(path.name + CORRUPT_SUFFIX)


def parse_line(raw: bytes) -> tuple[dict | None, str]:
    """A decision line as a dict, or None and why it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text: byte {exc.start + 1}"
    try:
        entry = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(entry, dict):
        return None, f"a JSON {type(entry).__name__}, not an object"
    missing = [name for name in NEEDED_FIELDS if not isinstance(entry.get(name), str) or not entry[name].strip()]
    if missing:
        return None, "no " + ", ".join(repr(name) for name in missing)
    if entry["decision"] not in ACTIONS:
        return None, f"unknown decision {entry['decision']!r} ({', '.join(ACTIONS)})"
    return entry, ""


def load_decisions(path: Path) -> Decisions:
    """The standing decision on every pair (the latest line wins; ``undo`` lines withdraw).

    Never raises on damage: a torn last line is moved to ``corrupt_path(path)``, other bad
    lines are skipped and kept; each is reported in ``problems``."""
    path = Path(path)
    decisions = Decisions()
    if not path.exists():
        return decisions
    with _locked(path) as (fh, writable):
        data = fh.read()
        cut = data.rfind(b"\n") + 1  # everything from `cut` on has no line end yet
        lines = data[:cut].split(b"\n")[:-1]
        tail = data[cut:]
        if tail.strip():
            entry, why = parse_line(tail.removeprefix(BOM) if not lines else tail)
            if entry is not None:
                lines.append(tail)  # a whole line that only lacks its line end: a decision
            else:
                decisions.problems.append(_set_aside(path, fh if writable else None, cut, tail, len(lines) + 1, why))
    for number, raw in enumerate(lines, start=1):
        if number == 1:
            raw = raw.removeprefix(BOM)  # an editor's byte-order mark
        if not raw.strip():
            continue
        entry, why = parse_line(raw)
        if entry is None:
            decisions.problems.append(f"{path}:{number}: not a decision line ({why}); skipped, kept in the file")
            continue
        key = pair_key(entry["a"], entry["b"])
        if entry["decision"] == "undo":
            decisions.pop(key, None)
        else:
            decisions[key] = entry
    return decisions


def _set_aside(path: Path, fh: BinaryIO | None, cut: int, tail: bytes, number: int, why: str) -> str:
    """Move a torn last line to the ``.corrupt`` file (written and synced first), then cut it
    off the decisions file. A crash in between leaves it in both, never in neither."""
    corrupt = corrupt_path(path)
    where = f"{path}:{number}: torn last line ({len(tail)} bytes with no line end, {why}: a write that did not finish)"
    if fh is None:
        return f"{where}; skipped, left in place (the file is read-only)"
    try:
        _append_once(corrupt, tail + b"\n")
        fh.truncate(cut)
        fh.flush()
        os.fsync(fh.fileno())
    except OSError as exc:
        return f"{where}; skipped, could not move it to {corrupt}: {exc.strerror or exc}"
    return f"{where}; moved to {corrupt}, every line before it kept"


def _append_once(path: Path, record: bytes) -> None:
    """Append ``record`` unless the file already ends with it (set aside by a run that died
    before it could cut the torn line off)."""
    new = not path.exists()
    with open(path, "a+b") as out:
        size = out.seek(0, os.SEEK_END)
        if size >= len(record):
            out.seek(size - len(record))
            if out.read(len(record)) == record:
                return
        out.write(record)
        out.flush()
        os.fsync(out.fileno())
    if new:
        _sync_dir(path.parent)


def append_decision(path: Path, a: str, b: str, decision: str, reviewer: str, note: str = "") -> dict:
    """Write one decision line, on a line of its own, and force it to disk before returning."""
    a, b = pair_key(a, b)
    entry = {
        "a": a,
        "b": b,
        "decision": decision,
        "reviewer": reviewer,
        "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if note:
        entry["note"] = note
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    with open(path, "a+b") as fh:
        _lock(fh)
        size = fh.seek(0, os.SEEK_END)
        if size:
            fh.seek(size - 1)
            if fh.read(1) != b"\n":
                line = b"\n" + line  # never glue a decision onto a line without its end
        fh.write(line)  # one write: a kill leaves the whole line or none of it
        fh.flush()
        os.fsync(fh.fileno())
    if new:
        _sync_dir(path.parent)
    return entry


@contextmanager
def _locked(path: Path) -> Iterator[tuple[BinaryIO, bool]]:
    """The file open for reading under the lock, and whether it may be cut (not read-only)."""
    try:
        fh, writable = open(path, "r+b"), True
    except PermissionError:
        fh, writable = open(path, "rb"), False
    with fh:
        _lock(fh)
        yield fh, writable


def _lock(fh: BinaryIO) -> None:
    try:
        import fcntl
    except ImportError:  # no advisory locks here (Windows): one writer at a time by convention
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # released when the file is closed


def _sync_dir(folder: Path) -> None:
    """Make a new file's name durable too (its directory entry)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
