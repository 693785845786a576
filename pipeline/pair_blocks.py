"""Candidate pairs as integer arrays: one code per pair (``i * n + j``, i <= j) and a bit per block kind.

The blocks proposed their pairs into a dictionary of sets, one entry and one set per pair (some
300 bytes each, tens of millions of pairs at scale). Here each block's pairs are gathered into
an array as they are proposed (``PairCollector``), and at the end sorted and merged: a pair
proposed by several kinds is one code whose mask has their bits. ``PairBlocks`` still reads as
the mapping ``(i, j) -> frozenset of kinds`` the rest of dedup used, in (i, j) order; scoring,
the pair table and the counts read its arrays.

A block larger than its bound pairs each member with its nearest by date only, yet a mention in
many such blocks (a much-named union, a crowded type and day) still met some tens of others in
each, and more of its blocks reach their bound as a corpus grows. Such pairs are marked as they
are collected (``bounded``), and ``nearest`` keeps of the pairs only such blocks proposed those
that are among the ``limit`` nearest by date of either mention: pairs per mention stay bounded
whatever the corpus size. A pair any block within its bound proposed is always kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from itertools import chain

import numpy as np


class PairBlocks(Mapping):
    def __init__(self, n: int, codes: np.ndarray, masks: np.ndarray, kinds: tuple[str, ...],
                 free: np.ndarray | None = None):
        self.n = max(1, n)
        self.codes = codes  # sorted, unique
        self.masks = masks
        self.kinds = tuple(kinds)
        self.free = free  # per pair, whether a block within its bound proposed it (None: every pair)
        self._sets: dict[int, frozenset[str]] = {}

    @classmethod
    def empty(cls, n: int) -> PairBlocks:
        return cls(n, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8), ())

    @property
    def i(self) -> np.ndarray:
        """The first mention of each pair (32-bit while positions fit: half the bytes)."""
        return _positions(self.codes // self.n)

    @property
    def j(self) -> np.ndarray:
        return _positions(self.codes % self.n)

    def kinds_of(self, mask: int) -> frozenset[str]:
        """The kinds of a mask, one shared frozenset per combination."""
        known = self._sets.get(mask)
        if known is None:
            known = self._sets[mask] = frozenset(k for b, k in enumerate(self.kinds) if mask >> b & 1)
        return known

    def has(self, kind: str) -> np.ndarray:
        """Per pair, whether ``kind`` proposed it."""
        if kind not in self.kinds:
            return np.zeros(len(self.codes), dtype=bool)
        return (self.masks >> self.kinds.index(kind)) & 1 == 1

    def counts(self) -> dict[str, int]:
        """Per kind, the pairs it proposed (kinds that proposed none left out)."""
        return {k: int(c) for k in self.kinds if (c := self.has(k).sum())}

    def find(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """The position of each pair (i, j), -1 where it is not a candidate."""
        at, found = _looked_up(np.asarray(i, dtype=np.int64) * self.n + np.asarray(j, dtype=np.int64), self.codes)
        return np.where(found, at, -1)

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self):
        return zip(self.i.tolist(), self.j.tolist())

    def __getitem__(self, key) -> frozenset[str]:
        i, j = key
        if not (0 <= i < self.n and 0 <= j < self.n):
            raise KeyError(key)
        at = int(self.find([i], [j])[0])
        if at < 0:
            raise KeyError(key)
        return self.kinds_of(int(self.masks[at]))

    def __contains__(self, key) -> bool:
        try:
            self[key]
        except (KeyError, TypeError, ValueError):
            return False
        return True

    def items(self):
        return zip(self, (self.kinds_of(m) for m in self.masks.tolist()))

    def values(self):
        return (self.kinds_of(m) for m in self.masks.tolist())

    def union(self, other: PairBlocks) -> PairBlocks:
        """Both sets of pairs, the kinds of a pair in both joined."""
        if self.n != other.n:
            raise ValueError(f"pairs of {self.n} and of {other.n} mentions cannot be joined")
        kinds = self.kinds + tuple(k for k in other.kinds if k not in self.kinds)
        kind = mask_type(len(kinds))
        remap = np.zeros(len(self.codes) + len(other.codes), dtype=kind)
        remap[:len(self.codes)] = self.masks
        theirs = np.zeros(len(other.codes), dtype=kind)
        for b, k in enumerate(other.kinds):
            theirs |= ((other.masks.astype(kind) >> b) & 1) << kinds.index(k)
        remap[len(self.codes):] = theirs
        free = None if self.free is None and other.free is None else np.concatenate([_free(self), _free(other)])
        return _merged(self.n, np.concatenate([self.codes, other.codes]), remap, kinds, free)

    def with_pairs(self, pairs) -> PairBlocks:
        """Also the pairs ``(i, j)`` given (with no kind when no block proposed them)."""
        flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64)
        codes = sorted_unique(flat[0::2] * self.n + flat[1::2])
        return self.union(PairBlocks(self.n, codes, np.zeros(len(codes), dtype=np.uint8), ()))


    def nearest(self, days: np.ndarray, limit: int) -> PairBlocks:
        """Without the pairs that only blocks beyond their bound proposed and that are among the
        ``limit`` nearest of neither mention (of the pairs such blocks gave it): nearest by the
        days between the middles of their dates (``days``, one per mention; -1 undated: farther
        than any dated one), ties by the other mention's position. The other pairs stay."""
        if self.free is None or self.free.all():
            return PairBlocks(self.n, self.codes, self.masks, self.kinds)
        only = self.codes[~self.free]
        chosen = sorted_unique(_nearest_codes(only, self.n, np.asarray(days, dtype=np.int64), limit))
        del only
        kept = self.free | in_sorted(self.codes, chosen)
        del chosen
        return PairBlocks(self.n, self.codes[kept], self.masks[kept], self.kinds)


NEAREST_CHUNK = 1 << 22  # pairs whose sort keys are made (and ranks read) at a time


def _nearest_codes(codes: np.ndarray, n: int, days: np.ndarray, limit: int) -> np.ndarray:
    """The codes of the pairs that are among the ``limit`` nearest of one of their mentions.
    Each pair is two sort keys, one per mention: (the mention, the days between, the other
    mention) packed in one 64-bit integer, so one sort in place orders them with no index
    array; a key's rank is its place after its mention's first key. A corpus too large to
    pack goes by ``np.lexsort``."""
    bits = max(1, int(n - 1).bit_length())
    gap_bits = 63 - 2 * bits
    if gap_bits < 16:
        return _nearest_codes_lexsorted(codes, n, days, limit)
    far = (1 << gap_bits) - 1  # undated, and gaps beyond the packable
    keys = np.empty(2 * len(codes), dtype=np.int64)
    for start in range(0, len(codes), NEAREST_CHUNK):
        part = codes[start:start + NEAREST_CHUNK]
        i, j = part // n, part % n
        gap = np.minimum(np.abs(days[i] - days[j]), far)
        gap[(days[i] < 0) | (days[j] < 0)] = far
        keys[2 * start:2 * start + 2 * len(part):2] = (i << (gap_bits + bits)) | (gap << bits) | j
        keys[2 * start + 1:2 * start + 2 * len(part):2] = (j << (gap_bits + bits)) | (gap << bits) | i
    del i, j, gap, part
    keys.sort()
    shift, low = gap_bits + bits, (1 << bits) - 1
    chosen = []
    for start in range(0, len(keys), NEAREST_CHUNK):
        part = keys[start:start + NEAREST_CHUNK]
        owner = part >> shift
        rank = np.arange(start, start + len(part)) - np.searchsorted(keys, owner << shift)
        near = rank < limit
        owner, other = owner[near], part[near] & low
        chosen.append(np.minimum(owner, other) * n + np.maximum(owner, other))
    return np.concatenate(chosen) if chosen else codes[:0]


def _nearest_codes_lexsorted(codes: np.ndarray, n: int, days: np.ndarray, limit: int) -> np.ndarray:
    """``_nearest_codes`` by ``np.lexsort`` of the two mentions of every pair."""
    i, j = codes // n, codes % n
    owner, other = np.r_[i, j], np.r_[j, i]
    del i, j
    gap = np.abs(days[owner] - days[other])
    gap[(days[owner] < 0) | (days[other] < 0)] = np.iinfo(np.int64).max
    order = np.lexsort((other, gap, owner))
    del gap
    owners = owner[order]
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.r_[codes, codes][order[rank < limit]]


def _free(blocks: PairBlocks) -> np.ndarray:
    return np.ones(len(blocks.codes), dtype=bool) if blocks.free is None else blocks.free


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting: numpy's own (by hashing, from 2.3) took seconds for a few
    million distinct codes, fifty times a sort."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _positions(values: np.ndarray) -> np.ndarray:
    return values.astype(np.int32) if not len(values) or int(values.max()) < 2**31 else values


def mask_type(kinds: int):
    """The smallest unsigned integer with a bit per kind (a byte for eight kinds)."""
    return np.uint8 if kinds <= 8 else np.uint16 if kinds <= 16 else np.uint32 if kinds <= 32 else np.int64


def _merged(n: int, codes: np.ndarray, masks: np.ndarray, kinds: tuple[str, ...], free: np.ndarray | None = None) -> PairBlocks:
    """The pairs (``codes``, which this may change in place) with the kinds (``masks``) of all
    their entries joined, each code once; ``free`` joined as well (a pair is within bound when
    any entry is). The code, the free bit and the mask are packed in one integer and sorted in
    place when they fit (no index array and no copies in its order: some 16 bytes an entry
    less at the size of a corpus' proposals), else sorted by index."""
    kind = mask_type(len(kinds))
    if not len(codes):
        return PairBlocks(n, codes, masks.astype(kind), kinds, None if free is None else free[:0])
    mask_bits = max(1, len(kinds))
    shift = mask_bits + 1
    if kind is np.int64 or int(codes.max()) >= 1 << (63 - shift):
        return _merged_by_index(n, codes, masks, kinds, free)
    keys = codes
    keys <<= shift
    keys |= masks
    del masks
    if free is not None:
        keys[free] |= 1 << mask_bits
    keys.sort()
    starts = np.flatnonzero(_changes(keys, shift))
    joined = np.bitwise_or.reduceat(keys & ((1 << shift) - 1), starts)
    keys = keys[starts] >> shift
    del starts
    masks = (joined & ((1 << mask_bits) - 1)).astype(kind)
    free = None if free is None else (joined >> mask_bits).astype(bool)
    return PairBlocks(n, keys, masks, kinds, free)


def _changes(keys: np.ndarray, shift: int, chunk: int = 1 << 22) -> np.ndarray:
    """Per sorted key, whether its code (``key >> shift``) differs from the one before, made a chunk at a time."""
    out = np.empty(len(keys), dtype=bool)
    out[0] = True
    for start in range(1, len(keys), chunk):
        stop = min(len(keys), start + chunk)
        out[start:stop] = (keys[start:stop] >> shift) != (keys[start - 1:stop - 1] >> shift)
    return out


def _merged_by_index(n: int, codes: np.ndarray, masks: np.ndarray, kinds: tuple[str, ...], free: np.ndarray | None) -> PairBlocks:
    order = np.argsort(codes, kind="stable")
    codes, masks = codes[order], masks[order]
    free = None if free is None else free[order]
    del order
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    free = None if free is None else np.logical_or.reduceat(free, starts)
    return PairBlocks(n, codes[starts], np.bitwise_or.reduceat(masks, starts).astype(mask_type(len(kinds))), kinds, free)


class PairCollector:
    """The pairs each kind of block proposes, gathered as codes (``add``), merged by ``blocks``."""

    def __init__(self, n: int):
        self.n = max(1, n)
        self.parts: dict[str, list[np.ndarray]] = defaultdict(list)
        self.bounded: dict[str, list[np.ndarray]] = defaultdict(list)  # of blocks beyond their bound

    def add(self, kind: str, pairs, bounded: bool = False) -> None:
        """Pairs (a, b) in either order, as any iterable of 2-tuples; ``bounded``: of a block
        beyond its bound (paired by nearest neighbours, split, windowed)."""
        flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64)
        if flat.size:
            self.add_codes(kind, flat[0::2], flat[1::2], bounded)
        else:
            self.parts.setdefault(kind, [])

    def add_codes(self, kind: str, a: np.ndarray, b: np.ndarray, bounded: bool = False) -> None:
        (self.bounded if bounded else self.parts)[kind].append(np.minimum(a, b) * self.n + np.maximum(a, b))

    def blocks(self) -> PairBlocks:
        """The pairs gathered, each kind's proposals let go once that kind's distinct pairs are made."""
        kinds = tuple(dict.fromkeys(k for k in chain(self.parts, self.bounded) if self.parts.get(k) or self.bounded.get(k)))
        bounded = any(self.bounded.values())
        codes, masks, free = [], [], []
        for bit, kind in enumerate(kinds):
            within = sorted_unique(_joined(self.parts.pop(kind, [])))
            beyond = self.bounded.pop(kind, [])
            unique = sorted_unique(np.concatenate([within, *beyond])) if beyond else within
            del beyond
            codes.append(unique)
            masks.append(np.full(len(unique), 1 << bit, dtype=mask_type(len(kinds))))
            if bounded:
                free.append(in_sorted(unique, within) if unique is not within else np.ones(len(unique), dtype=bool))
            del within, unique
        self.parts.clear()
        self.bounded.clear()
        if not codes:
            return PairBlocks.empty(self.n)
        every = _joined(codes)
        del codes
        return _merged(self.n, every, np.concatenate(masks), kinds, np.concatenate(free) if bounded else None)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    """The arrays one after another, each let go once copied (``parts`` is emptied)."""
    out = np.empty(sum(len(p) for p in parts), dtype=np.int64)
    at = 0
    for k, part in enumerate(parts):
        out[at:at + len(part)] = part
        at += len(part)
        parts[k] = None
    parts.clear()
    return out


def in_sorted(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Per value, whether the sorted array holds it."""
    return _looked_up(values, sorted_values)[1]


def _looked_up(values: np.ndarray, sorted_values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per value, where it stands in the sorted array (clipped to its last place) and whether it is there."""
    if not len(sorted_values):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return at, sorted_values[at] == values
