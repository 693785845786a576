"""Decisions belong to the dataset they were made on.

A decisions file is tied to the sources of the archive it was made on by a small
version-controlled file beside it (``review/decisions.dataset.json``: the source names). A
``process`` of an archive whose sources share none of those names does not apply the file (its
decisions are about other mentions: they would only be "stale" or, worse, match by chance) and
says so in one line; ``--decisions FILE`` applies a file explicitly, whatever it is tied to.
A file with decisions and no tie yet is tied to the first dataset it is applied to; a dataset
that grows (a new source beside the old ones) keeps its decisions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .decisions import load_decisions


def tie_path(decisions: Path) -> Path:
    decisions = Path(decisions)
    return decisions.with_name(decisions.stem + ".dataset.json")


def decisions_for(decisions: Path, explicit: bool, source_names: list[str]) -> tuple[Path, str]:
    """The decisions file a run applies (``os.devnull``: none) and a line to print, or ''."""
    decisions = Path(decisions)
    if explicit:
        return decisions, ""
    names = sorted(set(source_names))
    tie = tie_path(decisions)
    if not decisions.exists() or not len(load_decisions(decisions)):
        return decisions, ""  # nothing to apply, nothing to say
    if not tie.exists():
        _write(tie, names)
        return decisions, ""
    try:
        recorded = json.loads(tie.read_text(encoding="utf-8"))["sources"]
        recorded = sorted({str(n) for n in recorded})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return decisions, f"review: {tie} is not a dataset tie ({exc.__class__.__name__}); {decisions} applied as it is"
    if not set(recorded) & set(names):
        return Path(os.devnull), (
            f"review: {decisions} belongs to the dataset of sources {', '.join(recorded)} ({tie}); this run's sources "
            f"({', '.join(names)}) share none, so its decisions are not applied (pass --decisions FILE to apply a file)")
    if set(names) - set(recorded):
        _write(tie, sorted(set(recorded) | set(names)))
    return decisions, ""


def _write(tie: Path, names: list[str]) -> None:
    try:
        tie.write_text(json.dumps({"sources": names}, indent=1) + "\n", encoding="utf-8")
    except OSError:
        pass  # a read-only checkout: the tie is only recorded where it can be
