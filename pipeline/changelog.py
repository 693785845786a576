"""What happened to each event ID between two refreshes, kept as a log that only grows.

Analysts re-download the table; ACLED publishes a timestamp per row and a list of deleted
events for the same reason. Each refresh compares its events with the previous generation's
(read from the output folder before anything is written) and appends one row per event that
is ``new``, ``changed`` (with the fields that changed), ``merged_into`` another,
``split_from`` one that still exists, or ``deleted``. The log is carried from generation to
generation (``changes.parquet`` is written into each new one with the old rows first), so a
crash or a kill leaves the previous generation's log, whole, where readers look.

The same comparison gives every event ``created`` (when its ID first appeared) and
``last_changed`` (the last refresh that changed it), both surviving refreshes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

CHANGE_COLUMNS = ["changed_at", "event_id", "change", "fields", "related_event_id"]
CHANGES = ("new", "changed", "merged_into", "split_from", "deleted")
STAMP_COLUMNS = ["created", "last_changed"]
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # UTC, ISO 8601; pd.to_datetime reads it


@dataclass
class Previous:
    """What the previous generation of an output folder says about its events."""

    events: pd.DataFrame | None = None  # None: no previous generation (or an unreadable one)
    assignment: dict[str, str] = field(default_factory=dict)  # mention_id -> event_id
    changes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CHANGE_COLUMNS))
    warnings: list[str] = field(default_factory=list)


def _unreadable(path: Path, exc: Exception) -> str:
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
    return f"changes: {path} cannot be read ({type(exc).__name__}: {first})"


def read_previous(out: Path) -> Previous:
    """The events, mention assignment and changelog readers see now in ``out``. A missing
    file is a first run; an unreadable one gives a warning (the previous generation keeps it)."""
    out = Path(out)
    previous = Previous()
    events_path, mentions_path, changes_path = out / "events.parquet", out / "mentions.parquet", out / "changes.parquet"
    if events_path.exists():
        try:
            previous.events = pd.read_parquet(events_path)
        except Exception as exc:  # noqa: BLE001 - a damaged table: compare with nothing, say so
            previous.warnings.append(_unreadable(events_path, exc) + "; every event is logged as new")
    if previous.events is not None and mentions_path.exists():
        try:
            frame = pd.read_parquet(mentions_path, columns=["mention_id", "event_id"])
            previous.assignment = dict(zip(frame["mention_id"], frame["event_id"]))
        except Exception as exc:  # noqa: BLE001
            previous.warnings.append(_unreadable(mentions_path, exc) + "; merges and splits are logged as deletions and new events")
    if changes_path.exists():
        try:
            frame = pd.read_parquet(changes_path)
            previous.changes = frame[CHANGE_COLUMNS].copy()
        except Exception as exc:  # noqa: BLE001
            previous.warnings.append(_unreadable(changes_path, exc) + "; the log restarts with this refresh "
                                     "(the old file stays in the previous generation under generations/)")
    return previous


def _plain(value):
    """A cell as a comparable Python value: lists as tuples, every kind of null as None."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(_plain(v) for v in value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def changed_fields(before: dict, after: dict, columns: list[str]) -> list[str]:
    return [c for c in columns if _plain(before.get(c)) != _plain(after.get(c))]


def compare(previous: Previous, events: pd.DataFrame, assignment: dict[str, str], now: str) -> pd.DataFrame:
    """The changelog rows of this refresh (``CHANGE_COLUMNS``): ``events`` and ``assignment``
    (mention_id -> event_id) against the previous generation's. Columns that only one side has
    (a column added by an upgrade) are not counted as changes; ``created`` and
    ``last_changed`` never are."""
    rows: list[dict] = []

    def add(event_id: str, change: str, fields: list[str] | None = None, related: str | None = None) -> None:
        rows.append({"changed_at": now, "event_id": event_id, "change": change, "fields": list(fields or []),
                     "related_event_id": related})

    current = events.set_index("event_id", drop=False).to_dict("index")
    if previous.events is None:
        for event_id in sorted(current):
            add(event_id, "new")
        return _frame(rows)
    old = previous.events.set_index("event_id", drop=False).to_dict("index")
    shared = [c for c in events.columns if c in previous.events.columns and c not in STAMP_COLUMNS]
    now_in: dict[str, set[str]] = {}  # old event -> the current events of its mentions
    came_from: dict[str, set[str]] = {}  # current event -> the old events of its mentions
    for mention, before in previous.assignment.items():
        after = assignment.get(mention)
        if after is not None:
            now_in.setdefault(before, set()).add(after)
            came_from.setdefault(after, set()).add(before)
    for event_id in sorted(current):
        if event_id in old:
            fields = changed_fields(old[event_id], current[event_id], shared)
            if fields:
                add(event_id, "changed", fields)
            continue
        parents = sorted(p for p in came_from.get(event_id, ()) if p in current and p != event_id)
        if parents:
            for parent in parents:
                add(event_id, "split_from", related=parent)
        else:
            add(event_id, "new")
    for event_id in sorted(set(old) - set(current)):
        targets = sorted(now_in.get(event_id, ()))
        if targets:
            for target in targets:
                add(event_id, "merged_into", related=target)
        else:
            add(event_id, "deleted")
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    frame["related_event_id"] = pd.Series([r["related_event_id"] for r in rows], index=frame.index, dtype=object)
    return frame


def stamp(events: pd.DataFrame, previous: Previous, changes: pd.DataFrame, now: str) -> pd.DataFrame:
    """``events`` with ``created`` (kept from the previous generation, else ``now``) and
    ``last_changed`` (``now`` for an event this refresh made or changed, else kept)."""
    known = {}
    if previous.events is not None:
        columns = [c for c in STAMP_COLUMNS if c in previous.events.columns]
        known = previous.events.set_index("event_id")[columns].to_dict("index") if columns else {}
    touched = set(changes.loc[changes["change"].isin(("new", "changed", "split_from")), "event_id"])
    created, last_changed = [], []
    for event_id in events["event_id"]:
        before = known.get(event_id, {})
        kept_created = before.get("created")
        kept_changed = before.get("last_changed")
        created.append(kept_created if isinstance(kept_created, str) else now)
        last_changed.append(now if event_id in touched or not isinstance(kept_changed, str) else kept_changed)
    out = events.copy()
    out["created"] = created
    out["last_changed"] = last_changed
    return out


def full_log(previous: Previous, changes: pd.DataFrame) -> pd.DataFrame:
    """The previous log with this refresh's rows after it."""
    old = previous.changes.copy()
    old["fields"] = [list(v) if isinstance(v, (list, tuple, np.ndarray)) else [] for v in old["fields"]]
    old["related_event_id"] = [v if isinstance(v, str) else None for v in old["related_event_id"]]
    if old.empty:
        return changes.reset_index(drop=True)
    return pd.concat([old, changes], ignore_index=True)[CHANGE_COLUMNS]


def refresh(events: pd.DataFrame, mentions: pd.DataFrame, previous: Previous, now: str,
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(events with their timestamps, the whole log, this refresh's rows)."""
    assignment = dict(zip(mentions["mention_id"], mentions["event_id"]))
    changes = compare(previous, events, assignment, now)
    return stamp(events, previous, changes, now), full_log(previous, changes), changes
