"""Dedup's mentions as columns read as rows, not one dictionary per mention.

``DataFrame.to_dict("records")`` made a dictionary of some 30 keys per mention (about 1.2 KB
before its values) and scoring made a second one per mention with the participants that
coreference completed: at a million mentions, gigabytes of keys. Here the frame's columns are
kept once, each as a list of the values ``to_dict`` gives (the same Python objects and types),
and a mention is a small read-only view of one position (``Row``: two slots), which reads as the
dictionary did (``row["doc_id"]``, ``row.get(...)``, ``in``, iteration over the columns, ``==``).
``Completed`` is a row with its people and organisations as coreference completed them, and
``WordSets`` each mention's set of words as numbers into one list of the run's words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionDtype
from pandas.core.dtypes.cast import maybe_box_native


NATIVE = frozenset({str, list, type(None), float, int, bool, tuple, dict, np.ndarray})  # kept as they are by maybe_box_native


def column_values(series: pd.Series) -> list:
    """The values ``to_dict("records")`` gives for one column: each as iteration gives it,
    boxed as a native Python value in an object or extension column. A text column held as text (not as
    objects) gives a new string per cell: equal ones are made one (an event type, a date, a
    publisher recur in every other row)."""
    if series.dtype == object:
        return [v if type(v) in NATIVE else maybe_box_native(v) for v in series]
    if not isinstance(series.dtype, ExtensionDtype):
        return list(series)
    values = [v if type(v) in NATIVE else maybe_box_native(v) for v in series]
    if isinstance(series.dtype, pd.StringDtype):
        known: dict[str, str] = {}
        values = [known.setdefault(v, v) if type(v) is str else v for v in values]
    return values


class Row(Mapping):
    """One mention: position ``i`` of the columns (read-only)."""

    __slots__ = ("_columns", "_i")

    def __init__(self, columns: dict[str, list], i: int):
        self._columns = columns
        self._i = i

    def __getitem__(self, key):
        return self._columns[key][self._i]

    def get(self, key, default=None):
        column = self._columns.get(key)
        return default if column is None else column[self._i]

    def __contains__(self, key) -> bool:
        return key in self._columns

    def __iter__(self):
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        return f"Row({dict(self)!r})"


class MentionRows(Sequence):
    """Every mention of a frame as a ``Row``, its columns held once."""

    def __init__(self, frame: pd.DataFrame):
        if not frame.columns.is_unique:
            raise ValueError("mentions with two columns of one name cannot be read as rows")
        self.columns: dict[str, list] = {c: column_values(frame[c]) for c in frame.columns}
        self._rows = [Row(self.columns, i) for i in range(len(frame))]

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, at):
        return self._rows[at]

    def __iter__(self):
        return iter(self._rows)

    def column(self, name: str) -> list:
        """Every mention's value of one column (its list itself: not to be changed)."""
        return self.columns[name]


class Completed(Mapping):
    """A mention with the people and organisations coreference completed (``{**row, "people":
    ..., "organisations": ...}`` as a view: the same keys and values, no copy of the row)."""

    __slots__ = ("_row", "_part")
    OWN = ("people", "organisations")

    def __init__(self, row: Mapping, participants: Mapping):
        self._row = row
        self._part = participants

    def __getitem__(self, key):
        if key == "people" or key == "organisations":
            return self._part[key]
        return self._row[key]

    def get(self, key, default=None):
        if key == "people" or key == "organisations":
            return self._part[key]
        return self._row.get(key, default)

    def __contains__(self, key) -> bool:
        return key in self.OWN or key in self._row

    def __iter__(self):
        yield from self._row
        yield from (k for k in self.OWN if k not in self._row)

    def __len__(self) -> int:
        return len(self._row) + sum(k not in self._row for k in self.OWN)

    def __repr__(self) -> str:
        return f"Completed({dict(self)!r})"


class WordSets(Sequence):
    """A set of words per mention, kept as one array of word numbers (a few bytes a word, where a
    set of strings took some 700 bytes a mention); each mention's set is made when read, equal to
    the one given (a new set each time: the reader may change it)."""

    def __init__(self, sets: Iterable[Iterable[str]]):
        number: dict[str, int] = {}
        ids: list[int] = []
        ends: list[int] = []
        for words in sets:
            ids.extend(number.setdefault(w, len(number)) for w in words)
            ends.append(len(ids))
        self.words = list(number)  # by number
        self.ids = np.array(ids, dtype=np.int32 if len(number) < 2**31 else np.int64)
        self.starts = np.zeros(len(ends) + 1, dtype=np.int64)
        self.starts[1:] = ends

    def __len__(self) -> int:
        return len(self.starts) - 1

    def __getitem__(self, k: int) -> set[str]:
        if not -len(self) <= k < len(self):
            raise IndexError(k)
        k %= len(self)
        words = self.words
        return {words[x] for x in self.ids[self.starts[k]:self.starts[k + 1]].tolist()}

    def __iter__(self):
        words, ids, starts = self.words, self.ids, self.starts.tolist()
        for a, b in zip(starts, starts[1:]):
            yield {words[x] for x in ids[a:b].tolist()}
