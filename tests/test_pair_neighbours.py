"""Clustering's neighbours as arrays (``pair_neighbours``) give each mention the neighbours and
scores, in the order, that a dictionary of every pair's score gave: the same mean, to the bit."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.pair_neighbours import Neighbours


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.lists(st.tuples(st.integers(0, 29), st.integers(0, 29), st.floats(0, 1)), max_size=120))
def test_each_mention_has_the_neighbours_and_scores_a_dictionary_gave(n, drawn):
    pairs = {}
    for a, b, score in drawn:
        a, b = a % n, b % n
        if a != b:
            pairs[(min(a, b), max(a, b))] = {"score": round(score, 4)}
    by_dict: dict[int, dict[int, float]] = defaultdict(dict)
    for (i, j), pair in pairs.items():
        by_dict[i][j] = by_dict[j][i] = float(pair["score"])
    arrays = Neighbours.of(n, pairs)
    for m in range(n):
        others, scores = arrays.of_mention(m)
        assert list(zip(others, scores)) == list(by_dict[m].items())
        assert sum(scores) == sum(by_dict[m].values())


def test_neighbours_from_columns_are_the_ones_from_the_mapping():
    from pipeline.scored_pairs import ScoredPairs

    rng = np.random.default_rng(3)
    i = rng.integers(0, 50, 400)
    j = i + rng.integers(1, 20, 400)
    keys = sorted(set(zip(i.tolist(), j.tolist())))
    score = rng.random(len(keys)).round(4)
    columns = ScoredPairs(["score"])
    half = len(keys) // 2  # two chunks, as a run adds them
    for part in (slice(0, half), slice(half, None)):
        columns.add(np.array([k[0] for k in keys[part]]), np.array([k[1] for k in keys[part]]), {"score": score[part]})
    mapping = {k: {"score": float(s)} for k, s in zip(keys, score)}
    a, b = Neighbours.of(70, columns), Neighbours.of(70, mapping)
    assert len(a.other) == 2 * len(keys) and all(a.of_mention(m) == b.of_mention(m) for m in range(70))
