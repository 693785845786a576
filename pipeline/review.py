"""Human review of doubtful pairs: the entry points of the ``review`` command.

Decisions live in a version-controlled JSON-lines file (``review/decisions.jsonl``, read and
written by ``pipeline.decisions``), one line per judgement on a pair of stable mention IDs.
Every refresh re-applies all of them (``dedup.deduplicate``). The parts live by responsibility:

- ``review_queue``: the queue as a spreadsheet, exported and imported (CSV, XLSX);
- ``review_context`` and ``review_screen``: what the screen shows, and the screen itself;
- ``review_walk``: the terminal walk, decisions with no hidden effects, undo;
- ``review_entities``: entity merges into the alias table;
- ``review_report``: static HTML pages per flagged pair and per event.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from .decisions import DECISIONS, append_decision, load_decisions, pair_key  # noqa: F401 - re-exported
from .derived import DerivedTableError  # noqa: F401 - re-exported
from .review_entities import MergeRefused, merge_entity
from .review_queue import QUEUE_COLUMNS, queue_rows_from_csv, review_queue_rows  # noqa: F401 - re-exported


def default_reviewer() -> str:
    return os.environ.get("PIPELINE_REVIEWER") or getpass.getuser()


def review_pairs(*args, **kwargs) -> dict[str, int]:
    """``review_walk.review_pairs``, imported when needed (``process`` has no screen to draw)."""
    from .review_walk import review_pairs as walk

    return walk(*args, **kwargs)


def import_review_csv(csv_path: Path, decisions_path: Path, reviewer: str) -> tuple[int, list[str]]:
    """Append the decisions filled in a copy of ``review_queue.csv`` (mention IDs unchecked);
    returns how many were taken and one message per row that was not."""
    from .review_queue import import_decisions

    result = import_decisions(csv_path, decisions_path, reviewer, known_ids=None)
    return result.taken, result.rejected


def add_alias(aliases_path: Path, canonical: str, variant: str, label: str = "PERSON") -> str:
    """``variant`` becomes a spelling of ``canonical`` (a new entity when it is not there yet);
    a spelling another entity owns is refused (``MergeRefused``)."""
    return merge_entity(aliases_path, canonical, variant, label, default_reviewer(), None, force=False, new=True)


__all__ = ["MergeRefused", "add_alias", "default_reviewer", "import_review_csv", "review_pairs"]
