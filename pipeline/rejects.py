"""Records left out of a run, each with the reason: the quarantine that replaces run-level failure.

A page, document, mention or pair that cannot be used is never fatal: the stage that meets it
makes a ``Reject`` and goes on with the rest. The run writes them to ``processed/rejects.parquet``
(columns ``REJECT_COLUMNS``), prints one warning line each and counts them in the run summary.
Only broken structural invariants (unique keys, links between tables) still stop a write:
those are bugs, not bad input.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

REJECT_COLUMNS = ("stage", "table", "key", "url", "reason")
STAGES = ("fetch", "pages", "clean", "extract", "dedup", "write")


@dataclass(frozen=True)
class Reject:
    """One record left out. ``key`` is the record's own ID where it has one (doc_id,
    mention_id, a pair's two mention IDs joined by '|'), else the URL; ``reason`` is one line."""

    stage: str
    table: str
    key: str
    url: str | None
    reason: str

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"unknown reject stage {self.stage!r} (one of {', '.join(STAGES)})")

    def warning(self) -> str:
        where = self.url or self.key
        return f"{self.stage}: {where}: {self.reason}; left out ({self.table} {self.key})"


def rejects_frame(rejects: list[Reject]) -> pd.DataFrame:
    """The rejects as a table, one row each, in the order they were met."""
    return pd.DataFrame([asdict(r) for r in rejects], columns=list(REJECT_COLUMNS))
