"""The scored pairs of a run as columns: two integer arrays and one array per kept key.

A run keeps a few keys of each pair (``dedup.PAIR_KEYS``); as one dictionary per pair they were
most of the memory of a large run (a million pairs, a gigabyte). ``ScoredPairs`` keeps them as
arrays (numbers in numpy, the contributions as the model's products, written as JSON text only
for the table, in its order: ``pair_engine.Contributions``) and still reads as
the mapping ``(i, j) -> pair`` that clustering and the review queue walk: ``items()`` gives a
light view of each pair that reads its columns when asked (``PairRow``), ``[key]`` a dictionary.
``table`` (``pairs.parquet``) and the strongest-first walk of clustering read the arrays.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as arrow
import pyarrow.compute as pc


class CodedFloats:
    """A column of floats as its distinct values (by their bits: -0.0 is not 0.0, each NaN kept)
    and a code per pair, one or two bytes where a float is eight: most features take a few
    values (0 or 1, a few ratios). Read back exactly (``take``, ``decoded``)."""

    def __init__(self, values: np.ndarray | None, coded=None):
        if coded is not None:
            self.bits, self.codes = coded
            return
        self.bits, inverse = unique_codes(np.ascontiguousarray(values, dtype=np.float64).view(np.int64))
        self.codes = inverse.astype(code_type(len(self.bits)))

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def concat(cls, parts: list[CodedFloats]) -> CodedFloats:
        every = np.unique(np.concatenate([p.bits for p in parts]))
        kind = code_type(len(every))
        return cls(None, coded=(every, np.concatenate([np.searchsorted(every, p.bits).astype(kind)[p.codes] for p in parts])))

    def take(self, at) -> np.ndarray:
        return self.bits.view(np.float64)[self.codes[at]]

    def decoded(self) -> np.ndarray:
        return self.bits.view(np.float64)[self.codes]

    # the interface of a kept column's kind (``KEPT_KINDS``): its name, a subset kept alike, its bytes
    kind = "coded"

    def subset(self, at: np.ndarray) -> CodedFloats:
        return CodedFloats(None, coded=(self.bits, self.codes[at]))

    @property
    def nbytes(self) -> int:
        return self.bits.nbytes + self.codes.nbytes


def unique_codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_inverse=True)`` of integer keys (the distinct keys sorted, and
    each key's place among them), by hashing (``pandas.factorize``): two to three times faster
    than numpy's sort of every key, for a column of a few distinct values."""
    import pandas as pd

    if not len(keys):
        return np.unique(keys), np.zeros(0, dtype=np.intp)
    inverse, distinct = pd.factorize(keys, sort=True)
    return np.asarray(distinct, dtype=keys.dtype), inverse


def code_type(distinct: int):
    """The smallest unsigned integer that numbers ``distinct`` values."""
    return np.uint8 if distinct <= 2**8 else np.uint16 if distinct <= 2**16 else np.uint32


class CodedWords:
    """A column of a few distinct words (the outcome: three) as the words and a byte per pair,
    where an array of Python references took eight and its list eight more."""

    def __init__(self, words: list[str], codes: np.ndarray):
        self.words, self.codes = list(words), codes

    @classmethod
    def of(cls, values: np.ndarray) -> CodedWords | None:
        """The column coded, or None when it is not all strings, or not a few distinct ones."""
        try:
            distinct = set(values.tolist())
        except TypeError:  # unhashable values (lists, mappings)
            return None
        if len(distinct) > 2**8 or not all(isinstance(v, str) for v in distinct):
            return None
        words = sorted(distinct)
        codes = np.zeros(len(values), dtype=np.uint8)
        for k, w in enumerate(words[1:], 1):
            codes[values == w] = k
        return cls(words, codes)

    def __len__(self) -> int:
        return len(self.codes)

    @classmethod
    def concat(cls, parts: list[CodedWords]) -> CodedWords:
        words = sorted({w for p in parts for w in p.words})
        kind = code_type(len(words))
        where = {w: k for k, w in enumerate(words)}
        return cls(words, np.concatenate([np.array([where[w] for w in p.words], dtype=kind)[p.codes] if p.words
                                          else p.codes.astype(kind) for p in parts]))

    def take(self, at) -> np.ndarray:
        return np.array(self.words, dtype=object)[self.codes[at]]

    def decoded(self) -> np.ndarray:
        return self.take(slice(None))

    kind = "words"

    def subset(self, at: np.ndarray) -> CodedWords:
        return CodedWords(self.words, self.codes[at])

    @property
    def nbytes(self) -> int:
        return self.codes.nbytes

    def where(self, value) -> np.ndarray:
        """Per pair, whether its word is ``value``."""
        if value not in self.words:
            return np.zeros(len(self.codes), dtype=bool)
        return self.codes == self.words.index(value)


def index_array(values: np.ndarray) -> np.ndarray:
    """Mention positions as 32-bit integers (half the bytes) while they fit; arithmetic on them
    (``i * n + j``) must be done in 64 bits (``np.int64(...)``)."""
    values = np.asarray(values)
    if values.dtype == np.int32 or (len(values) and int(values.max()) >= 2**31):
        return values
    return values.astype(np.int32)


def _coded(name: str, values):
    """A float column kept coded (the score too: rounded to four decimals, it takes at most
    10,001 values, two bytes a pair), a column of words coded."""
    if isinstance(values, np.ndarray) and values.dtype == np.float64:
        return CodedFloats(values)
    if isinstance(values, np.ndarray) and values.dtype == object:
        return CodedWords.of(values) or values
    return values


def compact(columns: dict) -> dict:
    """The columns as ``ScoredPairs`` keeps them: floats coded, the score and the probability
    one array when a model gives both (the same values)."""
    kept = {n: _coded(n, v) for n, v in columns.items()}
    if "score" in kept and "probability" in kept and columns["score"] is columns["probability"]:
        kept["probability"] = kept["score"]
    return kept


def kept_kind(values) -> str | None:
    """The name of a kept column's kind when it is one of ``KEPT_KINDS`` (a class with ``kind``,
    ``concat``, ``subset`` and ``nbytes``: the one place to add a kind), else None."""
    from .pair_engine import Contributions

    return values.kind if isinstance(values, (CodedFloats, CodedWords, Contributions)) else None


def concat_columns(values: list):
    """Chunks of one kept column joined, kept the way they were (``ScoredPairs``, ``pair_cache``)."""
    kinds = {kept_kind(v) for v in values}
    if len(kinds) == 1 and None not in kinds:  # all of one coded kind
        return type(values[0]).concat(values)
    if all(isinstance(v, np.ndarray) for v in values):
        return np.concatenate(values)
    if all(isinstance(v, arrow.Array) for v in values):
        return arrow.concat_arrays(values)
    return [x for v in values for x in _pylist(v)]


def _is_contributions(values) -> bool:
    from .pair_engine import Contributions

    return isinstance(values, Contributions)


def _nbytes(values) -> int:
    return values.nbytes if kept_kind(values) else getattr(values, "nbytes", 8 * len(values))


def _pylist(values) -> list:
    if isinstance(values, np.ndarray):
        return values.tolist()
    if isinstance(values, arrow.Array) or hasattr(values, "take"):
        return values.to_pylist()
    return list(values)


class ScoredPairs(Mapping):
    def __init__(self, names: list[str]):
        self.names = list(names)
        self._parts: list[tuple[np.ndarray, np.ndarray, dict]] = []
        self._i = self._j = None
        self._columns: dict = {}
        self._lists: dict[str, list] = {}
        self._index: dict | None = None

    def add(self, i: np.ndarray, j: np.ndarray, columns: dict) -> None:
        """One chunk's pairs and their columns (numpy arrays, arrow arrays, or lists)."""
        self._parts.append((index_array(i), index_array(j), compact({n: columns[n] for n in self.names})))
        self._i, self._index, self._lists = None, None, {}

    def _joined(self) -> None:
        """The chunks joined into one array per column, each column's chunks let go once it is
        joined (so that the whole is not held twice)."""
        if self._i is not None:
            return
        parts, self._parts = [list(p) for p in self._parts], []
        self._i = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, dtype=np.int32)
        self._j = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, dtype=np.int32)
        for p in parts:
            p[0] = p[1] = None
        self._columns = {}
        shared = "probability" in self.names and "score" in self.names and bool(parts) \
            and all(p[2]["probability"] is p[2]["score"] for p in parts)
        for n in self.names:
            if n == "probability" and shared:
                continue
            values = [p[2].pop(n) for p in parts]
            if n == "score" and shared:
                for p in parts:
                    p[2].pop("probability")
            self._columns[n] = concat_columns(values) if parts else []
            del values
        if shared:
            self._columns["probability"] = self._columns["score"]
        self._columns = {n: self._columns[n] for n in self.names}
        self._parts = [(self._i, self._j, self._columns)]

    @property
    def i(self) -> np.ndarray:
        self._joined()
        return self._i

    @property
    def j(self) -> np.ndarray:
        self._joined()
        return self._j

    def column(self, name: str):
        """The kept key's values in pair order (a numpy or arrow array, or a list)."""
        self._joined()
        values = self._columns[name]
        return values.decoded() if isinstance(values, (CodedFloats, CodedWords)) else values

    def kept(self, name: str):
        """The kept key's values as they are kept (``CodedFloats`` for most floats)."""
        self._joined()
        return self._columns[name]

    def pylist(self, name: str) -> list:
        """The kept key's values as Python objects (made once, when first read)."""
        known = self._lists.get(name)
        if known is None:
            known = self._lists[name] = _pylist(self.column(name))
        return known

    def __len__(self) -> int:
        return sum(len(p[0]) for p in self._parts)

    def __getstate__(self) -> dict:  # (the arrays; the lists and the index made from them are made again)
        self._joined()
        return {**self.__dict__, "_lists": {}, "_index": None}

    @property
    def nbytes(self) -> int:
        """The bytes the kept arrays hold (a column kept twice counted once)."""
        self._joined()
        seen, total = set(), self._i.nbytes + self._j.nbytes
        for values in self._columns.values():
            if id(values) not in seen:
                seen.add(id(values))
                total += _nbytes(values)
        return total

    def __iter__(self):
        return zip(self.i.tolist(), self.j.tolist())

    def __contains__(self, key) -> bool:
        return key in self._lookup()

    def _lookup(self) -> dict:
        if self._index is None:
            self._index = {key: k for k, key in enumerate(self)}
        return self._index

    def __getitem__(self, key) -> dict:
        k = self._lookup()[key]
        return {n: self.pylist(n)[k] for n in self.names}

    def items(self):
        return zip(self, self.values())

    def values(self):
        return (PairRow(self, k) for k in range(len(self)))

    def where(self, name: str, value) -> np.ndarray:
        """The positions of the pairs whose ``name`` is ``value``."""
        values = self.kept(name)
        if isinstance(values, CodedWords):
            return np.flatnonzero(values.where(value))
        return np.flatnonzero(np.asarray(self.pylist(name), dtype=object) == value)

    def take(self, name: str, at: np.ndarray) -> np.ndarray:
        """The kept key's values of the pairs at ``at`` (positions), as a numpy array."""
        values = self.kept(name)
        if isinstance(values, (CodedFloats, CodedWords)):
            return values.take(at)
        return np.asarray(values)[at] if isinstance(values, np.ndarray) else np.asarray(_pylist(values), dtype=object)[at]

    def items_where(self, name: str, value):
        """``items()`` of the pairs whose ``name`` is ``value`` only (a few of many)."""
        chosen = self.where(name, value)
        return ((key, PairRow(self, k)) for key, k in zip(zip(self.i[chosen].tolist(), self.j[chosen].tolist()), chosen.tolist()))

    def strongest_first(self, outcome: str = "same"):
        """The pairs of that outcome as ``((i, j), pair)``, highest score first, ties by (i, j):
        the order in which clustering follows its links."""
        self._joined()
        chosen = self.where("outcome", outcome)
        score = np.asarray(self.take("score", chosen), dtype=np.float64)
        order = chosen[np.lexsort((self._j[chosen], self._i[chosen], -score))]
        return ((key, PairRow(self, k)) for key, k in zip(zip(self._i[order].tolist(), self._j[order].tolist()), order.tolist()))


class PairRow(Mapping):
    """One scored pair read from the columns (a key's values are made into Python objects the
    first time any pair's is read)."""

    __slots__ = ("_pairs", "_k")

    def __init__(self, pairs: ScoredPairs, k: int):
        self._pairs, self._k = pairs, k

    def __getitem__(self, name: str):
        values = self._pairs._lists.get(name)
        if values is not None:
            return values[self._k]
        if name not in self._pairs.names:
            raise KeyError(name)
        kept = self._pairs.kept(name)  # one value read from the arrays: no list of every pair's made
        if isinstance(kept, CodedFloats):
            return float(kept.bits.view(np.float64)[kept.codes[self._k]])
        if isinstance(kept, CodedWords):
            return kept.words[kept.codes[self._k]]
        if isinstance(kept, np.ndarray) and kept.dtype != object:
            return kept[self._k].item()
        return self._pairs.pylist(name)[self._k]

    def __iter__(self):
        return iter(self._pairs.names)

    def __len__(self) -> int:
        return len(self._pairs.names)


def items_where(scored, name: str, value):
    """The scored pairs (a mapping or ``ScoredPairs``) whose ``name`` is ``value``, as ``items()``."""
    if isinstance(scored, ScoredPairs):
        return scored.items_where(name, value)
    return ((key, pair) for key, pair in scored.items() if pair[name] == value)


def strongest_first(scored, outcome: str = "same"):
    """The scored pairs (a mapping or ``ScoredPairs``) of that outcome as ``items()``, highest
    score first, ties by (i, j): the order in which clustering follows its links."""
    if isinstance(scored, ScoredPairs):
        return scored.strongest_first(outcome)
    return sorted(items_where(scored, "outcome", outcome), key=lambda kv: (-kv[1]["score"], kv[0]))


def _strings(values) -> object:
    """A column of strings as pandas' own string array (from arrow: no Python object per row)."""
    import pandas as pd

    if isinstance(values, np.ndarray):
        values = arrow.array(values, type=arrow.string())
    return pd.array(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def table(rows: list[dict], scored: ScoredPairs, blocks, decided: dict, columns: list[str]):
    """``dedup.pair_table`` from the arrays: highest score first (ties in pair order, as a stable
    sort keeps them), each column gathered at once. Pairs proposed by one combination of blocks
    share one list of their kinds."""
    import pandas as pd

    if not len(scored):
        return pd.DataFrame([], columns=columns)
    return table_rows(mention_ids(rows), scored, blocks, decided, columns, table_order(scored))


def mention_ids(rows: list[dict]):
    """The mention IDs of a run's rows, as one arrow array (what the pair table names pairs by)."""
    return arrow.array([r["mention_id"] for r in rows], type=arrow.string())


def table_order(scored: ScoredPairs) -> np.ndarray:
    """The pairs' positions in ``pairs.parquet``'s order: highest score first, ties in pair order."""
    return index_array(np.argsort(-np.asarray(scored.column("score"), dtype=np.float64), kind="stable"))


def table_rows(ids, scored: ScoredPairs, blocks, decided: dict, columns: list[str], order: np.ndarray):
    """The rows of the pair table for the pairs at ``order`` (positions in the scored arrays), in
    that order: the whole table, one row group of it, or a few rows (the review queue's)."""
    import pandas as pd

    i, j = scored.i[order], scored.j[order]
    out: dict = {}
    for name in columns:
        if name not in scored.names:
            continue
        values = scored.kept(name)
        if isinstance(values, CodedFloats):
            out[name] = values.take(order)
        elif isinstance(values, CodedWords) and name != "outcome":
            out[name] = values.take(order)
        elif _is_contributions(values):  # the contributions, written in this order
            out[name] = _strings(values.take(order))
        elif isinstance(values, arrow.Array):
            out[name] = _strings(pc.take(values, arrow.array(order)))
        elif name == "outcome":  # three words: taken from a table of three, not converted one by one
            words = values.take(order) if isinstance(values, CodedWords) else np.asarray(values, dtype=object)[order]
            known = ("different", "review", "same")
            code = np.select([words == known[1], words == known[2]], [1, 2], 0)
            if (np.asarray(known, dtype=object)[code] == words).all():
                out[name] = _strings(pc.take(arrow.array(known), arrow.array(code)))
            else:
                out[name] = _strings(words)
        elif isinstance(values, np.ndarray):
            out[name] = values[order]
        else:
            out[name] = np.array(values, dtype=object)[order]
    made = {"mention_a": lambda: _strings(pc.take(ids, arrow.array(i))), "mention_b": lambda: _strings(pc.take(ids, arrow.array(j))),
            "blocks": lambda: _kinds(blocks, i, j), "decision": lambda: _decisions(decided, i, j, len(ids))}
    out.update({name: make() for name, make in made.items() if name in columns})
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
        codes = i.astype(np.int64) * max(1, n) + j
        wanted = {a * max(1, n) + b: d for (a, b), d in decided.items()}
        hit = np.flatnonzero(np.isin(codes, np.fromiter(wanted, dtype=np.int64, count=len(wanted))))
        out[hit] = [wanted[c] for c in codes[hit].tolist()]
    return out
