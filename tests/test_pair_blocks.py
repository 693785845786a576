"""Candidate pairs as arrays (``pipeline/pair_blocks.py``): the kinds of each pair, and the cap
that keeps of the pairs of blocks beyond their bound only each mention's nearest by date."""

from __future__ import annotations

import random

import numpy as np

from pipeline.pair_blocks import PairCollector


def _reference_nearest(pairs: set[tuple[int, int]], days: list[int], limit: int) -> set[tuple[int, int]]:
    """The pairs that are among the ``limit`` nearest of either mention, one mention at a time."""
    far = np.iinfo(np.int32).max

    def gap(a: int, b: int) -> int:
        return far if days[a] < 0 or days[b] < 0 else abs(days[a] - days[b])

    kept = set()
    for m in range(len(days)):
        partners = sorted((b if a == m else a) for a, b in pairs if m in (a, b))
        for other in sorted(partners, key=lambda o: (gap(m, o), o))[:limit]:
            kept.add((min(m, other), max(m, other)))
    return kept


def _blocks(n: int, within: list[tuple[int, int]], bounded: list[tuple[int, int]]):
    collected = PairCollector(n)
    collected.add("actor", within)
    collected.add("type_date", bounded, bounded=True)
    return collected.blocks()


def test_each_mention_keeps_its_nearest_of_the_oversize_blocks_pairs_and_no_more():
    rng = random.Random(3)
    n, limit = 120, 4
    days = [rng.randrange(730_000, 730_060) if k % 9 else -1 for k in range(n)]  # some undated
    bounded = {(a, b) for a in range(n) for b in range(a + 1, n) if rng.random() < 0.3}
    pairs = _blocks(n, [], sorted(bounded)).nearest(np.array(days), limit)
    kept = set(pairs)
    assert kept == _reference_nearest(bounded, days, limit)
    assert len(kept) <= limit * n < len(bounded)
    per_mention = np.bincount(np.r_[pairs.i, pairs.j], minlength=n)
    assert per_mention.min() >= limit  # each has at least its own nearest (every one has more partners)
    assert all(kinds == {"type_date"} for kinds in pairs.values())


def test_pairs_of_blocks_within_their_bound_are_all_kept_with_every_kind():
    rng = random.Random(5)
    n = 60
    days = np.array([rng.randrange(730_000, 730_400) for _ in range(n)])
    bounded = sorted({(a, b) for a in range(n) for b in range(a + 1, n)})
    within = [(a, a + 1) for a in range(0, n - 1, 2)] + [(0, n - 1)]
    capped = _blocks(n, within, bounded).nearest(days, 2)
    assert set(within) <= set(capped)
    assert capped[(0, n - 1)] == {"actor", "type_date"}  # also proposed by the oversize block
    assert set(capped) == set(within) | _reference_nearest(set(bounded) - set(within), days.tolist(), 2)
    assert len(capped) < len(bounded)


def test_without_an_oversize_block_nothing_is_left_out():
    n = 30
    within = [(a, b) for a in range(n) for b in range(a + 1, min(n, a + 5))]
    blocks = _blocks(n, within, [])
    assert blocks.free is None
    same = blocks.nearest(np.zeros(n, dtype=np.int64), 1)
    assert list(same) == list(blocks) and list(same.values()) == list(blocks.values())


def test_the_pairs_two_collections_propose_stay_within_bound_when_either_does():
    n = 10
    ours = PairCollector(n)
    ours.add("actor", [(1, 2), (3, 4)], bounded=True)
    theirs = PairCollector(n)
    theirs.add("words", [(2, 1)])
    theirs.add("role", [(5, 6)], bounded=True)
    joined = ours.blocks().union(theirs.blocks())
    assert dict(zip(joined, joined.free.tolist())) == {(1, 2): True, (3, 4): False, (5, 6): False}
    days = np.arange(n)
    assert set(joined.nearest(days, 1)) == {(1, 2), (3, 4), (5, 6)}  # each the nearest of its two mentions


def test_the_packed_keys_and_the_lexsort_choose_the_same_nearest(monkeypatch):
    """Sort keys packed in one integer (``_nearest_codes``), made and read a chunk at a time,
    choose what sorting the two mentions of every pair by ``np.lexsort`` chooses."""
    from pipeline import pair_blocks

    rng = np.random.default_rng(11)
    n = 500
    pairs = np.sort(rng.integers(0, n, (20_000, 2)), axis=1)
    codes = pair_blocks.sorted_unique(pairs[:, 0] * n + pairs[:, 1])
    codes = codes[codes // n != codes % n]
    days = rng.integers(730_000, 731_000, n)
    days[::7] = -1
    monkeypatch.setattr(pair_blocks, "NEAREST_CHUNK", 999)
    packed = pair_blocks._nearest_codes(codes, n, days, 6)
    assert np.array_equal(np.sort(packed), np.sort(pair_blocks._nearest_codes_lexsorted(codes, n, days, 6)))
    assert 0 < len(pair_blocks.sorted_unique(packed)) < len(codes)


def test_the_packed_merge_joins_kinds_and_bounds_as_the_sort_by_index_does():
    from pipeline import pair_blocks

    rng = np.random.default_rng(4)
    n, kinds = 300, ("actor", "place", "words", "count", "role")
    codes = rng.integers(0, n * n, 40_000)
    masks = (1 << rng.integers(0, len(kinds), len(codes))).astype(np.uint8)
    free = rng.random(len(codes)) < 0.2
    packed = pair_blocks._merged(n, codes.copy(), masks.copy(), kinds, free.copy())
    plain = pair_blocks._merged_by_index(n, codes.copy(), masks.copy(), kinds, free.copy())
    assert len(packed) < len(codes) and packed.masks.dtype == plain.masks.dtype == np.uint8
    for name in ("codes", "masks", "free"):
        assert np.array_equal(getattr(packed, name), getattr(plain, name)), name
    assert packed.free.any() and not packed.free.all() and (packed.masks != 0).all()
