"""Unfinished fetch runs (``raw/runs/<run_id>.part``): whose they are, and recovering the
abandoned ones.

A fetch writes its run under ``<run_id>.part`` with an ``owner.json`` naming its process (PID,
its start time and the host). A later fetch leaves a folder alone while that process still
runs; a folder whose fetch was killed or crashed is recovered: the responses it archived whole
(their record inside the WARC and the body matching its sha256) become a committed run, the
rest is cut off, and the run's summary says so. Nothing a finished run wrote is touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from .archive import (
    CAPTURES_NAME, LIVE, LOG_NAME, PART_SUFFIX, RUNS, SUMMARY_NAME, WARC_NAME, ArchiveDamage, read_captures, read_record,
)

OWNER_NAME = "owner.json"
NO_OWNER_GRACE_SECONDS = 60  # a folder without owner.json (older versions) counts as abandoned after this


def _process_start(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), to tell a reused PID apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[19]


def write_owner(part_dir: Path) -> None:
    owner = {"pid": os.getpid(), "host": socket.gethostname(), "process_start": _process_start(os.getpid()),
             "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    (Path(part_dir) / OWNER_NAME).write_text(json.dumps(owner) + "\n", encoding="utf-8")


def remove_owner(part_dir: Path) -> None:
    (Path(part_dir) / OWNER_NAME).unlink(missing_ok=True)


def owner_state(part_dir: Path) -> tuple[bool, str]:
    """``(still running, who)`` for an unfinished run folder."""
    try:
        owner = json.loads((Path(part_dir) / OWNER_NAME).read_text(encoding="utf-8"))
        pid, host = int(owner["pid"]), str(owner["host"])
    except FileNotFoundError:
        age = time.time() - Path(part_dir).stat().st_mtime
        return age < NO_OWNER_GRACE_SECONDS, "a fetch that left no owner record"
    except (OSError, ValueError, KeyError, TypeError):
        return False, "a fetch whose owner record is unreadable"
    who = f"fetch pid {pid} on {host}"
    if host != socket.gethostname():
        return True, who  # another machine's process cannot be checked from here: leave it alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False, who
    except PermissionError:
        pass  # exists, owned by someone else
    start = _process_start(pid)
    if start is not None and owner.get("process_start") not in (None, start):
        return False, who  # the PID now belongs to another process
    return True, who


def recover_unfinished(raw_dir: Path) -> list[str]:
    """Recover every abandoned ``.part`` run in ``raw_dir``; one line per folder seen."""
    runs = Path(raw_dir) / RUNS
    notes: list[str] = []
    for part in sorted(runs.glob("*" + PART_SUFFIX)) if runs.is_dir() else []:
        if not part.is_dir():
            continue
        running, who = owner_state(part)
        if running:
            notes.append(f"raw: {part.name} is being written by {who}; left alone")
        else:
            notes.append(_recover(Path(raw_dir), part, who))
    return notes


def _recover(raw_dir: Path, part: Path, who: str) -> str:
    run_id = part.name[: -len(PART_SUFFIX)]
    final = part.parent / run_id
    warnings: list[str] = []
    index = part / CAPTURES_NAME
    listed = read_captures(index, warnings) if index.is_file() else []
    kept = []
    for capture in listed:
        try:
            read_record(part / WARC_NAME, capture.offset, capture.sha256)
            kept.append(capture)
        except ArchiveDamage:
            pass
    if final.exists():  # cannot happen through this code (the rename is atomic): leave it to a human
        return f"raw: {part.name} left by {who}, but a committed run {run_id} exists too; left alone"
    if not kept:
        shutil.rmtree(part)
        return f"raw: removed {part.name}, left by {who} that did not finish: no whole response in it"
    log = []
    if (part / LOG_NAME).is_file():
        for line in (part / LOG_NAME).read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict):
                log.append(entry)
    lost = len(listed) - len(kept)
    _rewrite(index, "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in kept))
    _rewrite(part / LOG_NAME, "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in log))
    counts = Counter(e.get("outcome") for e in log)
    summary = {
        "run_id": run_id,
        "provenance": kept[0].provenance or LIVE,
        "recovered": f"left unfinished by {who}; {len(kept)} whole response(s) kept, {lost} cut off, by a later fetch",
        "outcomes": {k: v for k, v in counts.items() if isinstance(k, str)},
        "responses": len(kept),
    }
    _rewrite(part / SUMMARY_NAME, json.dumps(summary, indent=2) + "\n")
    remove_owner(part)
    os.replace(part, final)
    return f"raw: recovered {run_id}, left unfinished by {who}: {len(kept)} whole response(s) kept, {lost} cut off"


def _rewrite(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
