"""Near-identical sentences by MinHash LSH, computed for all sentences at once with numpy.

The signatures and bands are datasketch's (``MinHash(num_perm, seed=7)``, its default affine
32-bit scheme; ``MinHashLSH`` with its optimal bands for the threshold), so the pairs are the
ones datasketch finds, but the hashing is one array operation per permutation over every
shingle of a chunk of sentences, and the buckets are found by sorting, not by one Python
insert and query per sentence. datasketch itself is imported only for a threshold or a number
of permutations whose bands are not in ``BANDS`` (its import alone took most of a second).
``tests/test_dedup_speed.py`` compares the two.
"""

from __future__ import annotations

import hashlib
import struct
from collections import defaultdict

import numpy as np

SEED = 7
# datasketch.lsh._optimal_param(threshold, num_perm, 0.5, 0.5): (bands, rows per band)
BANDS = {(0.5, 64): (14, 4), (0.5, 128): (25, 5), (0.6, 64): (10, 6), (0.6, 128): (18, 7),
         (0.7, 64): (8, 8), (0.7, 128): (14, 9), (0.8, 64): (5, 11), (0.8, 128): (9, 13)}
SENTENCES_AT_ONCE = 5_000  # a chunk's shingles by permutations: some 30 MB


def bands(threshold: float, num_perm: int) -> tuple[int, int]:
    known = BANDS.get((threshold, num_perm))
    if known is None:
        from datasketch.lsh import _optimal_param

        known = _optimal_param(threshold, num_perm, 0.5, 0.5)
    if known[0] < 2:
        raise ValueError("The number of bands are too small (b < 2)")
    return known


def permutations(num_perm: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations (odd ``a``, any ``b``) for ``seed``."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(hv: np.ndarray) -> np.ndarray:
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signatures(shingles: list[list[bytes]], num_perm: int) -> np.ndarray:
    """One MinHash per list of shingles (sentences by permutations, ``uint32``)."""
    a, b = permutations(num_perm)
    out = np.empty((len(shingles), num_perm), dtype=np.uint32)
    sha1, unpack = hashlib.sha1, struct.Struct("<I").unpack_from
    cache: dict[bytes, int] = {}
    for start in range(0, len(shingles), SENTENCES_AT_ONCE):
        part = shingles[start:start + SENTENCES_AT_ONCE]
        values = []
        for s in part:
            for x in s:
                h = cache.get(x)
                if h is None:
                    h = cache[x] = unpack(sha1(x).digest())[0]
                values.append(h)
        hv = _fmix32(np.array(values, dtype=np.uint32))[None, :]
        offsets = np.cumsum([0] + [len(s) for s in part[:-1]])
        with np.errstate(over="ignore"):
            phv = a[:, None] * hv  # permutations by shingles: each sentence's minimum a contiguous run
            phv += b[:, None]  # (wraps around modulo 2**32, as datasketch's does)
        out[start:start + len(part)] = np.minimum.reduceat(phv, offsets, axis=1).T
        del phv
        if len(cache) > 2_000_000:
            cache.clear()
    return out


def shingles_of(text: str, n: int) -> list[bytes]:
    """The distinct runs of ``n`` words of a sentence (the whole sentence when shorter)."""
    words = text.split()
    return list({" ".join(words[k:k + n]).encode() for k in range(max(1, len(words) - n + 1))})


def _signatures_of(texts: list[str], n: int, num_perm: int) -> np.ndarray:
    """``signatures`` of the sentences' shingles, made a chunk of sentences at a time (all of a
    large run's shingles at once were more memory than its pairs)."""
    out = np.empty((len(texts), num_perm), dtype=np.uint32)
    for start in range(0, len(texts), SENTENCES_AT_ONCE):
        part = texts[start:start + SENTENCES_AT_ONCE]
        out[start:start + len(part)] = signatures([shingles_of(t, n) for t in part], num_perm)
    return out


def buckets(signature: np.ndarray, n_bands: int, rows: int) -> list[np.ndarray]:
    """The groups (of two or more sentences, by position) whose signatures agree on a whole band."""
    groups = []
    for k in range(n_bands):
        band = np.ascontiguousarray(signature[:, k * rows:(k + 1) * rows])
        keys = band.view(np.dtype((np.void, band.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(order)]
        for a, b in zip(starts[ends - starts >= 2].tolist(), ends[ends - starts >= 2].tolist()):
            groups.append(order[a:b])
    return groups


def similar_text(rows: list[dict], threshold: float, num_perm: int, shingle_words: int, cap: int) -> tuple[list[tuple[int, int]], int]:
    """``dedup._similar_text``: pairs of near-identical sentences, each sentence with at most
    ``cap`` others (the most similar by the MinHash estimate), and how many had more."""
    n_bands, band_rows = bands(threshold, num_perm)
    first_of: dict[str, int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    firsts: list[int] = []
    for i, row in enumerate(rows):
        text = " ".join(row["evidence"].lower().split())
        if text in first_of:
            copies[first_of[text]].append(i)
            continue
        first_of[text] = i
        copies[i].append(i)
        firsts.append(i)
    pairs: set[tuple[int, int]] = set()
    capped = 0
    for group in copies.values():  # one sentence repeated: each copy meets the next ones
        for k, i in enumerate(group):
            pairs.update((i, j) for j in group[k + 1:k + 1 + cap])
        capped += len(group) > cap + 1
    if not firsts:
        return sorted(pairs), capped
    matrix = _signatures_of(list(first_of), shingle_words, num_perm)
    neighbours: dict[int, set[int]] = defaultdict(set)  # by position among the distinct sentences
    for g in buckets(matrix, n_bands, band_rows):
        members = g.tolist()
        for p in members:
            neighbours[p].update(members)
    for p in sorted(neighbours):
        i = firsts[p]
        found_positions = sorted(q for q in neighbours[p] if q != p)  # positions follow the sentences' order
        found = [firsts[q] for q in found_positions]
        if len(found) > cap:
            capped += 1
            agree = (matrix[found_positions] == matrix[p]).sum(axis=1)
            found = [found[k] for k in np.argsort(-agree, kind="stable")[:cap]]
        for j in found:
            if len(copies[i]) * len(copies[j]) <= cap:  # every copy of one with every copy of the other
                pairs.update((min(a, b), max(a, b)) for a in copies[i] for b in copies[j])
            else:  # their copies meet through the two first ones
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs), capped
