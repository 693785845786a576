"""The scored pairs of a run as columns: two integer arrays and one array per kept key.

A run keeps a few keys of each pair (``dedup.PAIR_KEYS``); as one dictionary per pair they were
most of the memory of a large run (a million pairs, a gigabyte). ``ScoredPairs`` keeps them as
arrays and still reads as the mapping ``(i, j) -> {key: value}`` that clustering and the review
queue walk (each dictionary made when it is read); ``pair_table`` and the strongest-first walk of
clustering read the arrays themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


class ScoredPairs(Mapping):
    def __init__(self, names: list[str]):
        self.names = list(names)
        self._parts: list[tuple[np.ndarray, np.ndarray, dict]] = []
        self._i = self._j = None
        self._columns: dict = {}
        self._index: dict | None = None

    def add(self, i: np.ndarray, j: np.ndarray, columns: dict) -> None:
        """One chunk's pairs and their columns (arrays, or lists of Python objects)."""
        self._parts.append((i, j, {n: columns[n] for n in self.names}))
        self._i = None
        self._index = None

    def _joined(self) -> None:
        if self._i is not None:
            return
        parts = self._parts
        self._i = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        self._j = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        columns = {}
        for n in self.names:
            values = [p[2][n] for p in parts]
            if values and all(isinstance(v, np.ndarray) for v in values):
                columns[n] = np.concatenate(values)
            else:
                columns[n] = [x for v in values for x in (v.tolist() if isinstance(v, np.ndarray) else v)]
        self._columns = columns
        self._parts = [(self._i, self._j, columns)]

    @property
    def i(self) -> np.ndarray:
        self._joined()
        return self._i

    @property
    def j(self) -> np.ndarray:
        self._joined()
        return self._j

    def column(self, name: str):
        """The kept key's values in pair order (an array, or a list of Python objects)."""
        self._joined()
        return self._columns[name]

    def __len__(self) -> int:
        return sum(len(p[0]) for p in self._parts)

    def __iter__(self):
        return zip(self.i.tolist(), self.j.tolist())

    def __contains__(self, key) -> bool:
        return key in self._lookup()

    def _lookup(self) -> dict:
        if self._index is None:
            self._index = {key: k for k, key in enumerate(self)}
        return self._index

    def _lists(self) -> list[list]:
        self._joined()
        return [c.tolist() if isinstance(c, np.ndarray) else c for c in (self._columns[n] for n in self.names)]

    def __getitem__(self, key) -> dict:
        k = self._lookup()[key]
        self._joined()
        return {n: _python(self._columns[n][k]) for n in self.names}

    def items(self):
        names = self.names
        return ((key, dict(zip(names, row))) for key, row in zip(self, zip(*self._lists())))

    def values(self):
        names = self.names
        return (dict(zip(names, row)) for row in zip(*self._lists()))

    def strongest_first(self, outcome: str = "same"):
        """The pairs of that outcome as ``((i, j), pair)``, highest score first, ties by (i, j):
        the order in which clustering follows its links."""
        self._joined()
        chosen = np.flatnonzero(np.asarray(self._columns["outcome"], dtype=object) == outcome)
        score = np.asarray(self._columns["score"], dtype=np.float64)[chosen]
        order = chosen[np.lexsort((self._j[chosen], self._i[chosen], -score))]
        names = self.names
        lists = [[c[k] for k in order.tolist()] if not isinstance(c, np.ndarray) else c[order].tolist()
                 for c in (self._columns[n] for n in names)]
        return zip(zip(self._i[order].tolist(), self._j[order].tolist()), (dict(zip(names, row)) for row in zip(*lists)))


def _python(value):
    return value.item() if isinstance(value, np.generic) else value


def table(rows: list[dict], scored: ScoredPairs, blocks: dict, decided: dict, columns: list[str]):
    """``dedup.pair_table`` from the arrays: highest score first (ties in pair order, as a stable
    sort keeps them), each column gathered at once. Pairs proposed by one combination of blocks
    share one list of their kinds."""
    import pandas as pd

    if not len(scored):
        return pd.DataFrame([], columns=columns)
    order = np.argsort(-np.asarray(scored.column("score"), dtype=np.float64), kind="stable")
    i, j = scored.i[order], scored.j[order]
    ids = np.array([r["mention_id"] for r in rows], dtype=object)
    out: dict = {}
    for name in columns:
        if name in scored.names:
            values = scored.column(name)
            out[name] = values[order] if isinstance(values, np.ndarray) else np.array(values, dtype=object)[order]
    out.update(mention_a=ids[i], mention_b=ids[j], blocks=_kinds(blocks, i, j), decision=_decisions(decided, i, j, len(rows)))
    nan = [float("nan")] * len(i)
    return pd.DataFrame({k: out.get(k, nan) for k in columns}, columns=columns)


def _kinds(blocks, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """The sorted kinds of each pair's blocks (pairs of one combination share its list)."""
    from .pair_blocks import PairBlocks

    out = np.empty(len(i), dtype=object)
    if isinstance(blocks, PairBlocks):
        at = blocks.find(i, j)
        if (at < 0).any():
            k = int(np.flatnonzero(at < 0)[0])
            raise KeyError((int(i[k]), int(j[k])))
        masks = blocks.masks[at]
        for mask in np.unique(masks).tolist():
            one = np.empty(1, dtype=object)
            one[0] = sorted(blocks.kinds_of(mask))  # (a list in a cell: numpy would read a list of lists as 2-d)
            out[masks == mask] = one
        return out
    kinds = {b: sorted(b) for b in set(blocks.values())}
    for k, key in enumerate(zip(i.tolist(), j.tolist())):
        out[k] = kinds[blocks[key]]
    return out


def _decisions(decided: dict, i: np.ndarray, j: np.ndarray, n: int) -> np.ndarray:
    """Each pair's reviewer decision, None for most."""
    out = np.full(len(i), None, dtype=object)
    if decided:
        codes = i * max(1, n) + j
        wanted = {a * max(1, n) + b: d for (a, b), d in decided.items()}
        hit = np.flatnonzero(np.isin(codes, np.fromiter(wanted, dtype=np.int64, count=len(wanted))))
        out[hit] = [wanted[c] for c in codes[hit].tolist()]
    return out
