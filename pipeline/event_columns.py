"""The columns analysts expect beside an event (ACLED's actor1 / actor2, counts of people,
publishers), computed once from the finished events and their mentions.

Deduplication decides which mentions are one event; this module only summarises each group
the way the field reads a table: who acted (``actor1``), on whom (``actor2``), how many were
killed, injured, detained or dismissed (with the range when reports disagree), and who
published it. Mentions get the same role and count columns, so one report can be read on its
own. Pure functions: frames in, frames out.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable

import pandas as pd

# Role columns of a mention and of an event: the first actor and target, with their types.
ROLE_COLUMNS = ["actor1", "actor1_type", "actor2", "actor2_type"]
# Which mentions give which count (their ``n_people``): (column, event_type, event_subtype or None).
COUNTS = (
    ("killed", "violence", "killing"),
    ("injured", "violence", "injury"),
    ("detained", "arrest", None),
    ("dismissed", "dismissal", None),
)
COUNT_COLUMNS = [name for name, _, _ in COUNTS]
MENTION_COLUMNS = ROLE_COLUMNS + COUNT_COLUMNS
EVENT_COLUMNS = (ROLE_COLUMNS + ["assoc_actor1", "assoc_actor2"]
                 + [f"{name}{suffix}" for name, *_ in COUNTS for suffix in ("", "_min", "_max")]
                 + ["publishers"])


def _names(value) -> list[str]:
    if value is None or isinstance(value, str):
        return []
    try:
        return [str(v) for v in value]
    except TypeError:  # NaN
        return []


def _number(value) -> int | None:
    if value is None or value is pd.NA:
        return None
    try:
        if value != value:  # NaN
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def mention_count(row: dict, event_type: str, subtype: str | None) -> int | None:
    """The mention's ``n_people`` when its type (and subtype) says whom the number counts."""
    if row.get("event_type") != event_type or (subtype is not None and row.get("event_subtype") != subtype):
        return None
    return _number(row.get("n_people"))


def _first(names: list[str], types: list[str]) -> tuple[str | None, str | None]:
    if not names:
        return None, None
    return names[0], (types[0] if types else None)


def mention_columns(mentions: pd.DataFrame) -> pd.DataFrame:
    """``mentions`` with ``actor1``/``actor1_type`` (its first actor), ``actor2``/``actor2_type``
    (its first target) and the four counts (null unless the mention says)."""
    rows = mentions.to_dict("records")
    out = mentions.copy()
    firsts = [_first(_names(r.get("actors")), _names(r.get("actor_types"))) for r in rows]
    seconds = [_first(_names(r.get("targets")), _names(r.get("target_types"))) for r in rows]
    out["actor1"] = pd.Series([a for a, _ in firsts], index=out.index, dtype=object)
    out["actor1_type"] = pd.Series([t for _, t in firsts], index=out.index, dtype=object)
    out["actor2"] = pd.Series([a for a, _ in seconds], index=out.index, dtype=object)
    out["actor2_type"] = pd.Series([t for _, t in seconds], index=out.index, dtype=object)
    for name, event_type, subtype in COUNTS:
        out[name] = pd.array([mention_count(r, event_type, subtype) for r in rows], dtype="Int64")
    return out


def _ranked(pairs: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Names by how many mentions give them (ties: alphabetical), each with its most frequent type."""
    names: Counter = Counter()
    types: dict[str, Counter] = {}
    for name, kind in pairs:
        names[name] += 1
        if kind:
            types.setdefault(name, Counter())[kind] += 1
    ranked = sorted(names, key=lambda n: (-names[n], n))
    return [(n, sorted(types[n].items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if n in types else None) for n in ranked]


def _roles(group: list[dict], names: str, kinds: str) -> tuple[str | None, str | None, list[str]]:
    pairs = []
    for row in group:
        found, types = _names(row.get(names)), _names(row.get(kinds))
        pairs += [(n, types[k] if k < len(types) else None) for k, n in enumerate(found)]
    ranked = _ranked(pairs)
    if not ranked:
        return None, None, []
    return ranked[0][0], ranked[0][1], sorted(n for n, _ in ranked[1:])


def reported_figure(values: list[int]) -> tuple[int | None, int | None, int | None]:
    """(figure, lowest, highest) of the counts reports give: the figure most reports give,
    ties going to the lowest (the conservative reading), and the range."""
    if not values:
        return None, None, None
    counts = Counter(values)
    figure = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return figure, min(values), max(values)


def event_columns(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """``events`` with the analyst columns (``EVENT_COLUMNS``) from its ``mentions``
    (which carry ``event_id``): ``actor1`` the actor most of its mentions name, ``actor2`` the
    target, the others as associated actors; each count with its range; the publishers."""
    groups: dict[str, list[dict]] = {}
    for row in mentions.to_dict("records"):
        groups.setdefault(row["event_id"], []).append(row)
    columns: dict[str, list] = {name: [] for name in EVENT_COLUMNS}
    for event_id in events["event_id"]:
        group = groups.get(event_id, [])
        actor1, actor1_type, assoc1 = _roles(group, "actors", "actor_types")
        actor2, actor2_type, assoc2 = _roles(group, "targets", "target_types")
        for name, value in (("actor1", actor1), ("actor1_type", actor1_type), ("actor2", actor2),
                            ("actor2_type", actor2_type), ("assoc_actor1", assoc1), ("assoc_actor2", assoc2)):
            columns[name].append(value)
        for name, event_type, subtype in COUNTS:
            values = [v for v in (mention_count(r, event_type, subtype) for r in group) if v is not None]
            figure, low, high = reported_figure(values)
            columns[name].append(figure)
            columns[f"{name}_min"].append(low)
            columns[f"{name}_max"].append(high)
        columns["publishers"].append(sorted({str(r["publisher"]) for r in group if isinstance(r.get("publisher"), str)}))
    out = events.copy()
    for name, values in columns.items():
        if name.split("_")[0] in COUNT_COLUMNS:
            out[name] = pd.array(values, dtype="Int64")
        else:
            out[name] = pd.Series(values, index=out.index, dtype=object)
    return out
