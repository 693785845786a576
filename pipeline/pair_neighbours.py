"""Each mention's scored neighbours as arrays, for clustering's average-link check.

A dictionary of every pair's score, both ways, took some 200 bytes a pair (a fifth of a large
run's memory). Here a mention's neighbours are one slice of two arrays (the other mention, the
pair's position in the scored arrays), in the order the pairs were scored: the scores a group's
mean is summed from come in the order the dictionary gave them, so the mean is the same float.
"""

from __future__ import annotations

import numpy as np


class Neighbours:
    def __init__(self, n: int, i: np.ndarray, j: np.ndarray, score: np.ndarray):
        """``n`` mentions; pair k joins ``i[k]`` and ``j[k]`` with ``score[k]`` (floats, or
        ``scored_pairs.CodedFloats``: then each neighbour keeps its score's code, two bytes)."""
        index = np.int32 if n < 2**31 else np.int64
        ends = np.empty(2 * len(i), dtype=index)  # pair by pair: i0 j0 i1 j1 ...
        ends[0::2], ends[1::2] = i, j
        by_mention = np.argsort(ends, kind="stable")  # each mention's pairs in pair order
        self.start = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(ends, minlength=n), out=self.start[1:])
        by_mention ^= 1  # (in place: a second array of 8 bytes a neighbour was the peak of a large run's clustering)
        self.other = ends[by_mention]  # the pair's other end: its neighbour in ``ends``
        del ends
        by_mention >>= 1  # the pair of each neighbour (the same pair for both ends)
        from .scored_pairs import CodedFloats

        if isinstance(score, CodedFloats):
            self.values, self.score = score.bits.view(np.float64), score.codes[by_mention]
        else:
            self.values, self.score = None, np.asarray(score, dtype=np.float64)[by_mention]

    @classmethod
    def of(cls, n: int, scored) -> Neighbours:
        """From the scored pairs: columns (``scored_pairs.ScoredPairs``) or a mapping of pairs."""
        from .scored_pairs import CodedFloats, ScoredPairs

        if isinstance(scored, ScoredPairs):
            score = scored.kept("score")
            return cls(n, scored.i, scored.j, score if isinstance(score, CodedFloats) else np.asarray(score, dtype=np.float64))
        keys = list(scored)
        i = np.fromiter((a for a, _ in keys), dtype=np.int64, count=len(keys))
        j = np.fromiter((b for _, b in keys), dtype=np.int64, count=len(keys))
        return cls(n, i, j, np.fromiter((float(scored[k]["score"]) for k in keys), dtype=np.float64, count=len(keys)))

    def of_mention(self, m: int) -> tuple[list[int], list[float]]:
        """The mention's neighbours and the scores of their pairs, in pair order."""
        a, b = self.start[m], self.start[m + 1]
        score = self.score[a:b] if self.values is None else self.values[self.score[a:b]]
        return self.other[a:b].tolist(), score.tolist()
