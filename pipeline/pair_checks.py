"""A quick proof that a part of the pairs table passes its schema, column by column.

The pairs are the largest table (130k rows at 1,000 pages) and pandera checks each of its cells
through a Python call per check, seconds of every refresh. ``plainly_valid`` asks the same
questions a column at a time, and answers only "yes, every check passes" or "not sure": it is
stricter than the schema (a value of an unusual type, a null of an unusual kind, a column of
another dtype are "not sure"), so a part it passes has no problem, and any other part goes
through the schema itself, whose problems (and their wording) are the ones reported. Only
``schema.table_problems`` uses it, for the pairs given in parts; uniqueness across the parts
is checked there.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .decisions import DECISIONS
from .dedup import OUTCOMES

FEATURES = ("same_day", "date_overlap", "actors", "people", "organisations", "event_type", "headline", "evidence",
            "location_conflict")
COLUMNS = frozenset({"mention_a", "mention_b", "score", "outcome", "blocks", "date_compatible", *FEATURES, "decision",
                     "probability", "contributions"})


def _texts(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype=object)


def _distinct(column: pd.Series) -> list:
    """The column's distinct values (a question of each value is one of each distinct value: a
    pairs table names a few thousand mentions and three outcomes in 130k rows)."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        import pyarrow as arrow
        import pyarrow.compute as pc

        return pc.unique(arrow.array(column.array)).to_pylist()
    try:
        return list(pd.unique(_texts(column)))
    except TypeError:  # unhashable values: asked one by one
        return list(_texts(column))


def _null(value) -> bool:
    return value is None or value is pd.NA or (type(value) is float and math.isnan(value))


def _all_text(values, allowed=None, pattern=None, nullable: bool = False) -> bool:
    """Every value a non-blank str (of ``pattern``, among ``allowed``), or a plain null when ``nullable``."""
    for value in values:
        if type(value) is not str:
            if nullable and _null(value):
                continue
            return False
        if not value or value.isspace() or (allowed is not None and value not in allowed) or (pattern is not None and not pattern.match(value)):
            return False
    return True


def _floats(column: pd.Series, low: float | None = None, high: float | None = None, nullable: bool = False) -> bool:
    """A float64 column without nulls (unless ``nullable``) within [low, high]."""
    if column.dtype != np.float64:
        return False
    values = column.to_numpy()
    missing = np.isnan(values)
    if missing.any() and not nullable:
        return False
    present = values[~missing]
    return bool((low is None or (present >= low).all()) and (high is None or (present <= high).all()))


def _block_lists(values, allowed: frozenset) -> bool:
    """Every value a non-empty list (or array) of the known block names (a list the column holds
    many times, as pairs of one combination of blocks share theirs, is looked at once)."""
    seen: set[int] = set()  # ids of the values passed (all alive: ``values`` holds them)
    for value in values:
        if id(value) in seen:
            continue
        if not isinstance(value, (list, tuple, np.ndarray)) or len(value) == 0:
            return False
        for name in value:
            if type(name) is not str or name not in allowed or not name or name.isspace():
                return False
        seen.add(id(value))
    return True


def plainly_valid(part: pd.DataFrame, declared: set, mention_id: str, blocks: tuple[str, ...]) -> bool:
    """Whether every check of the pairs schema (columns ``declared``, mention IDs of the form
    ``mention_id``, block names ``blocks``) passes on ``part``, uniqueness aside; False when not
    sure."""
    if set(declared) != COLUMNS or len(part.columns) != len(COLUMNS) or set(part.columns) != COLUMNS:
        return False
    pattern = re.compile(mention_id)
    if not (_all_text(_distinct(part["mention_a"]), pattern=pattern) and _all_text(_distinct(part["mention_b"]), pattern=pattern)):
        return False
    if bool((_texts(part["mention_a"]) == _texts(part["mention_b"])).any()):
        return False
    if not (_floats(part["score"]) and all(_floats(part[name], 0, 1) for name in FEATURES)
            and _floats(part["probability"], 0, 1, nullable=True)):
        return False
    if part["date_compatible"].dtype != np.bool_:
        return False
    return (_all_text(_distinct(part["outcome"]), allowed=frozenset(OUTCOMES))
            and _all_text(_distinct(part["decision"]), allowed=frozenset(DECISIONS), nullable=True)
            and _all_text(_distinct(part["contributions"]), nullable=True)
            and _block_lists(part["blocks"].to_numpy(dtype=object), frozenset(blocks)))
