"""The pair features by column: every candidate pair of a chunk at once, from arrays of per-mention values.

``pair_scoring`` computes each mention's values once (``MentionFacts``); a pair then combined two
of them in Python, ~80 µs a pair. Here those values become arrays (dates as day numbers, types,
documents and triggers as integer codes, each set-valued field its elements as sorted integer
ids) and a chunk of pairs is two integer arrays: a set intersection is a binary search of every
element of one side among the other's, a rule is a boolean expression over columns.

Each feature is an entry of ``BASE`` (``dedup.score_pair``'s keys) or ``MODEL``
(``pair_features.model_features``' keys): a function of (``MentionArrays``, i, j, columns so far)
giving one column. A feature the reference functions compute that has no entry here is computed
one pair at a time by ``pair_scoring.base_features`` / ``pair_scoring.model_inputs`` (slower, the
same values): adding a feature there is enough, an entry here only makes it fast.
The values are those of the reference functions to the last bit; ``tests/test_dedup_speed.py``
compares them.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np

CHUNK = 200_000  # pairs scored at once: a few hundred MB of columns at most
WORKERS = min(2, os.cpu_count() or 1)  # threads of rapidfuzz's sentence similarity (the costliest column)


def codes(values) -> np.ndarray:
    """An integer per value, equal where the values are equal (``==``); a value unequal to
    itself (NaN) gets a code of its own, as ``nan == nan`` is false."""
    seen: dict = {}
    out = np.empty(len(values), dtype=np.int64)
    for k, v in enumerate(values):
        try:
            if v != v:
                raise TypeError
            out[k] = seen.setdefault(v, len(seen))
        except TypeError:  # unhashable or NaN: equal to nothing else
            out[k] = -1 - k
    return out


class SetColumn:
    """One set-valued field of every mention: each mention's elements as sorted integer ids,
    and one sorted key per (mention, element), so that whether mention j holds an element of
    mention i is a binary search, for every element of every pair of a chunk at once."""

    def __init__(self, sets: list):
        vocabulary: dict = {}
        ids = [sorted({vocabulary.setdefault(x, len(vocabulary)) for x in s}) for s in sets]
        self.sizes = np.array([len(x) for x in ids], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(self.sizes)[:-1]]).astype(np.int64) if len(ids) else np.zeros(0, np.int64)
        self.ids = np.fromiter((x for row in ids for x in row), dtype=np.int64, count=int(self.sizes.sum()))
        self.width = max(1, len(vocabulary))
        self.keys = np.repeat(np.arange(len(ids), dtype=np.int64), self.sizes) * self.width + self.ids
        self.vocabulary = vocabulary

    def _found(self, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per element of i's sets that j's set also holds: its pair (position in the chunk)
        and its place in ``ids``."""
        counts = self.sizes[i]
        pair = np.repeat(np.arange(len(i), dtype=np.int64), counts)
        first = np.cumsum(counts) - counts
        place = np.repeat(self.starts[i] - first, counts) + np.arange(int(counts.sum()), dtype=np.int64)
        want = j[pair] * self.width + self.ids[place]
        at = np.searchsorted(self.keys, want)
        hit = at < len(self.keys)
        hit[hit] = self.keys[at[hit]] == want[hit]
        return pair[hit], place[hit]

    def shared(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Per pair, how many elements the two sets share."""
        pair, _ = self._found(i, j)
        return np.bincount(pair, minlength=len(i)).astype(np.int64)


class WeightedSets:
    """Sets of words with a float weight each, whose sums over an intersection and a union are
    the correctly rounded ones ``math.fsum`` gives: every weight is an exact multiple of one power
    of two, so the sums are taken exactly in integers (a high and a low part, each sum under
    2**53, so exact in the floats ``bincount`` adds in) and rounded once."""

    LOW_BITS = 26

    def __init__(self, sets: list, weight: dict):
        self.column = SetColumn(sets)
        names = [None] * self.column.width
        for x, k in self.column.vocabulary.items():
            names[k] = x
        values = np.array([weight.get(x, 0.0) if x is not None else 0.0 for x in names], dtype=np.float64)
        self.exact = bool(np.all(np.isfinite(values)) and np.all(values >= 0))
        positive = values[values > 0]
        self.scale = 0  # no weight above 0: every pair's overlap is 0
        if not self.exact or not len(positive):
            return
        exponents = np.frexp(positive)[1]
        shift = 53 - int(exponents.min())  # every weight times 2**shift is an integer
        if int(exponents.max()) + shift > 60:  # weights too far apart for 64-bit integers: pair by pair
            self.exact = False
            return
        units = np.array([int(v * 2.0**shift) for v in values.tolist()], dtype=np.int64)
        self.scale = shift
        per_element = units[self.column.ids]
        self.high = per_element >> self.LOW_BITS
        self.low = per_element & ((1 << self.LOW_BITS) - 1)
        rows = np.repeat(np.arange(len(sets), dtype=np.int64), self.column.sizes)
        self.total_high = np.bincount(rows, weights=self.high, minlength=len(sets)).astype(np.int64)
        self.total_low = np.bincount(rows, weights=self.low, minlength=len(sets)).astype(np.int64)

    def _float(self, high: np.ndarray, low: np.ndarray) -> np.ndarray:
        # high * 2**26 and low are exact floats (each under 2**53): their sum is rounded once
        return (high.astype(np.float64) * float(1 << self.LOW_BITS) + low.astype(np.float64)) * 2.0**-self.scale

    def jaccard(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """``pair_features._weighted_jaccard`` per pair (``exact`` must be true)."""
        if not self.scale:
            return np.zeros(len(i))
        pair, place = self.column._found(i, j)
        inter_high = np.bincount(pair, weights=self.high[place], minlength=len(i)).astype(np.int64)
        inter_low = np.bincount(pair, weights=self.low[place], minlength=len(i)).astype(np.int64)
        union_high = self.total_high[i] + self.total_high[j] - inter_high
        union_low = self.total_low[i] + self.total_low[j] - inter_low
        union = self._float(union_high, union_low)
        inter = self._float(inter_high, inter_low)
        out = np.zeros(len(i))
        np.divide(inter, union, out=out, where=union != 0)
        return out


SETS = ("people", "organisations", "actors", "taking_part", "places", "own_orgs", "roles", "targets")
ORIGIN_TEXT, ORIGIN_PUBLISHED = "text", "published"


@dataclass
class MentionArrays:
    """The per-mention values of ``MentionFacts`` as arrays."""

    n: int
    sets: dict  # name: SetColumn
    sizes: dict  # name: per-mention set size
    words: WeightedSets
    start: np.ndarray
    end: np.ndarray
    dated: np.ndarray  # has a date range
    precision_day: np.ndarray
    coarse: np.ndarray  # precision month or year
    date_code: np.ndarray
    origin_text: np.ndarray
    origin_published: np.ndarray
    day: np.ndarray
    has_day: np.ndarray
    type_code: np.ndarray  # for equality
    type_row: np.ndarray  # for type_agreement
    type_agreement: np.ndarray  # types by types
    publication: np.ndarray
    doc: np.ndarray
    from_title: np.ndarray
    evidence_code: np.ndarray
    evidence: list
    publisher: np.ndarray
    stage: np.ndarray
    reaction: np.ndarray
    count: np.ndarray  # nan when none
    trigger: np.ndarray  # -1 when none
    durative: np.ndarray  # a lasting type (config.durative_types)
    text_month: np.ndarray  # pair_rules.two_months: the month of a date read to the day or month, else -1
    month_precision: np.ndarray  # the row's own date is to the month


def mention_arrays(facts: list, ranges: list, words: list, idf: dict, config) -> MentionArrays:
    from .dedup import _type_agreement

    facts = facts if isinstance(facts, list) else list(facts)  # made once here when made on demand (FactsOnDemand)
    n = len(facts)
    sets = {name: SetColumn([getattr(f, name) for f in facts]) for name in SETS}
    sizes = {name: column.sizes for name, column in sets.items()}
    start = np.array([r[0] if r is not None else 0 for r in ranges], dtype=np.int64)
    end = np.array([r[1] if r is not None else 0 for r in ranges], dtype=np.int64)
    types = [f.row["event_type"] for f in facts]
    type_code = codes(types)
    distinct: dict = {}
    for t, c in zip(types, type_code.tolist()):
        distinct.setdefault(c, t)
    distinct = {c: t for c, t in distinct.items() if c >= 0}
    width = max(distinct) + 1 if distinct else 0
    agreement = np.zeros((width + 1, width + 1))  # the last row: a type unequal to itself (NaN), agreeing with none
    for ca, ta in distinct.items():
        for cb, tb in distinct.items():
            agreement[ca, cb] = _type_agreement(ta, tb, config)
    counts = np.array([f.count if f.count else np.nan for f in facts], dtype=np.float64)
    triggers = [f.trigger for f in facts]
    trigger = codes(triggers)
    trigger[[t is None for t in triggers]] = -1
    rows = [f.row for f in facts]
    monthly = [r.get("date_from") == "text" and r.get("date_precision") in ("day", "month") for r in rows]
    text_month = codes([str(r.get("event_date"))[:7] if ok else None for r, ok in zip(rows, monthly)])
    text_month[~np.array(monthly, dtype=bool)] = -1
    return MentionArrays(
        n=n, sets=sets, sizes=sizes, words=WeightedSets(words, idf), start=start, end=end,
        dated=np.array([r is not None for r in ranges], dtype=bool),
        precision_day=np.array([f.date[1] == "day" for f in facts], dtype=bool),
        coarse=np.array([f.date[1] in ("month", "year") for f in facts], dtype=bool),
        date_code=codes([f.date[0] for f in facts]),
        origin_text=np.array([f.date[2] == ORIGIN_TEXT for f in facts], dtype=bool),
        origin_published=np.array([f.date[2] == ORIGIN_PUBLISHED for f in facts], dtype=bool),
        day=np.array([f.day.toordinal() if f.day else 0 for f in facts], dtype=np.int64),
        has_day=np.array([bool(f.day) for f in facts], dtype=bool),
        type_code=type_code, type_row=np.where(type_code < 0, width, type_code), type_agreement=agreement,
        publication=np.array([bool(f.publication) for f in facts], dtype=bool),
        doc=codes([f.row["doc_id"] for f in facts]),
        from_title=np.array([bool(f.row.get("from_title")) for f in facts], dtype=bool),
        evidence_code=codes([f.row["evidence"] for f in facts]), evidence=[f.row["evidence"] for f in facts],
        publisher=codes([f.row["publisher"] for f in facts]),
        stage=np.array([f.stage for f in facts], dtype=bool), reaction=np.array([f.reaction for f in facts], dtype=bool),
        count=counts, trigger=trigger,
        durative=np.array([t in config.durative_types for t in types], dtype=bool), text_month=text_month,
        month_precision=np.array([r.get("date_precision") == "month" for r in rows], dtype=bool),
    )


# -- the features, by column ---------------------------------------------------------------


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    out = np.zeros(len(top))
    np.divide(top, bottom, out=out, where=bottom > 0)
    return out


def _set_columns(m: MentionArrays, i, j, cols: dict, name: str):
    """Shared count and both sizes of one set-valued field, computed once per chunk."""
    key = ("set", name)
    if key not in cols:
        cols[key] = (m.sets[name].shared(i, j), m.sizes[name][i], m.sizes[name][j])
    return cols[key]


def overlap(m, i, j, cols, name):
    inter, na, nb = _set_columns(m, i, j, cols, name)
    return np.where((na > 0) & (nb > 0), _ratio(inter, np.minimum(na, nb)), 0.0)


def jaccard(m, i, j, cols, name):
    inter, na, nb = _set_columns(m, i, j, cols, name)
    return np.where((na > 0) & (nb > 0), _ratio(inter, na + nb - inter), 0.0)


def conflict(m, i, j, cols, name):
    """Both name some and none is shared."""
    inter, na, nb = _set_columns(m, i, j, cols, name)
    return ((na > 0) & (nb > 0) & (inter == 0)).astype(np.float64)


def _compatible(m, i, j, cols):
    """``dedup.ranges_overlap``: an undated mention constrains nothing; a day's slack for a single day."""
    sa, ea, sb, eb = m.start[i], m.end[i], m.start[j], m.end[j]
    slack = np.where((sa == ea) | (sb == eb), cols["tolerance"], 0)
    return ~(m.dated[i] & m.dated[j]) | ((sa - slack <= eb) & (sb - slack <= ea))


def _same_day(m, i, j, cols):
    same = m.precision_day[i] & m.precision_day[j] & (m.date_code[i] == m.date_code[j])
    text = m.origin_text[i] & m.origin_text[j]
    pa, pb = m.origin_published[i], m.origin_published[j]
    value = np.select([text, pa ^ pb, ~pa & ~pb], [1.0, 0.5, 0.75], 0.0)
    return np.where(same, value, 0.0)


def _actors(m, i, j, cols):
    """``dedup._actor_agreement``."""
    _, people_a, people_b = _set_columns(m, i, j, cols, "people")
    _, part_a, part_b = _set_columns(m, i, j, cols, "taking_part")
    _, org_a, org_b = _set_columns(m, i, j, cols, "organisations")
    nobody = (part_a == 0) & (part_b == 0) & (people_a == 0) & (people_b == 0)
    orgs = np.where(nobody, overlap(m, i, j, cols, "organisations"), overlap(m, i, j, cols, "taking_part"))
    orgs_named = np.where(nobody, (org_a > 0) & (org_b > 0), (part_a > 0) & (part_b > 0))
    return np.select(
        [(people_a > 0) & (people_b > 0), m.publication[i] & m.publication[j], orgs_named, (people_a > 0) | (people_b > 0)],
        [overlap(m, i, j, cols, "people"), overlap(m, i, j, cols, "actors"), orgs, 0.5 * overlap(m, i, j, cols, "actors")],
        overlap(m, i, j, cols, "places"))


def _evidence(m, i, j, cols):
    """rapidfuzz's token-set ratio of the two sentences, once per distinct pair of sentences (an
    index page or a syndicated text repeats its sentences in many pairs)."""
    from rapidfuzz import fuzz
    from rapidfuzz.process import cpdist

    if not len(i):
        return np.zeros(0)
    texts = m.evidence
    a, b = m.evidence_code[i], m.evidence_code[j]
    inverse = None
    if (a >= 0).all() and (b >= 0).all():
        width = int(max(a.max(), b.max())) + 1
        distinct, first, inverse = np.unique(a * width + b, return_index=True, return_inverse=True)
        i, j = i[first], j[first]
    ratios = cpdist([texts[k] for k in i.tolist()], [texts[k] for k in j.tolist()], scorer=fuzz.token_set_ratio,
                    dtype=np.float64, workers=WORKERS if len(i) >= 20_000 else 1) / 100
    return ratios if inverse is None else ratios[inverse.ravel()]


def _gap(m, i, j):
    both = m.has_day[i] & m.has_day[j]
    return both, np.abs(m.day[i] - m.day[j])


def _near_day(m, i, j, cols):
    both, gap = _gap(m, i, j)
    return (both & (gap >= 1) & (gap <= 2)).astype(np.float64)


def _far_days(m, i, j, cols):
    both, gap = _gap(m, i, j)
    return (both & (gap > 2)).astype(np.float64)


def _same_count(m, i, j, cols):
    a, b = m.count[i], m.count[j]
    known = ~np.isnan(a) & ~np.isnan(b)
    low, high = np.fmin(a, b), np.fmax(a, b)
    ratio = np.divide(low, high, out=np.zeros(len(i)), where=known)
    return (known & (ratio >= 0.75)).astype(np.float64)


def _f(values) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


# dedup.score_pair's keys: name -> function(arrays, i, j, columns) -> column
BASE = {
    "date_compatible": _compatible,
    "same_day": _same_day,
    "date_overlap": lambda m, i, j, c: _f(c["date_compatible"] & ~m.origin_published[i] & ~m.origin_published[j]),
    "actors": _actors,
    "people": lambda m, i, j, c: jaccard(m, i, j, c, "people"),
    "organisations": lambda m, i, j, c: jaccard(m, i, j, c, "taking_part"),
    "event_type": lambda m, i, j, c: m.type_agreement[m.type_row[i], m.type_row[j]],
    "headline": lambda m, i, j, c: _f((m.doc[i] == m.doc[j]) & (m.from_title[i] != m.from_title[j])
                                      & (m.type_code[i] == m.type_code[j])),
    "evidence": _evidence,
    "location_conflict": lambda m, i, j, c: conflict(m, i, j, c, "places"),
    "same_place": lambda m, i, j, c: _f(_set_columns(m, i, j, c, "places")[0] > 0),
    "lasting": lambda m, i, j, c: _f(m.durative[i] & m.durative[j]),
}


def two_months(m: MentionArrays, i, j) -> np.ndarray:
    """``pair_rules.two_months`` by column."""
    both = (m.text_month[i] >= 0) & (m.text_month[j] >= 0)
    return both & (m.month_precision[i] | m.month_precision[j]) & (m.text_month[i] != m.text_month[j])

# pair_features.model_features' keys
MODEL = {
    "same_day": lambda m, i, j, c: c["same_day"],
    "near_day": _near_day,
    "date_overlap": lambda m, i, j, c: c["date_overlap"],
    "actors": lambda m, i, j, c: c["actors"],
    "people_conflict": lambda m, i, j, c: conflict(m, i, j, c, "people"),
    "same_type": lambda m, i, j, c: _f(c["event_type"] >= 0.75),
    "related_type": lambda m, i, j, c: _f((c["event_type"] > 0) & (c["event_type"] < 0.75)),
    "evidence": lambda m, i, j, c: c["evidence"],
    "rare_words": lambda m, i, j, c: m.words.jaccard(i, j),
    "location_conflict": lambda m, i, j, c: c["location_conflict"],
    "same_document": lambda m, i, j, c: _f(m.doc[i] == m.doc[j]),
    "stage_mismatch": lambda m, i, j, c: _f(m.stage[i] != m.stage[j]),
    "reaction_mismatch": lambda m, i, j, c: _f(m.reaction[i] != m.reaction[j]),
    "undated": lambda m, i, j, c: _f(m.origin_published[i] | m.origin_published[j]),
    "organisation_conflict": lambda m, i, j, c: conflict(m, i, j, c, "own_orgs"),
    "same_role": lambda m, i, j, c: overlap(m, i, j, c, "roles"),
    "same_count": _same_count,
    "same_trigger": lambda m, i, j, c: _f((m.trigger[i] >= 0) & (m.trigger[i] == m.trigger[j])),
    "same_place": lambda m, i, j, c: c["same_place"],
    "same_people": lambda m, i, j, c: _f(_set_columns(m, i, j, c, "people")[0] > 0),
    "far_days": _far_days,
    "same_day_across": lambda m, i, j, c: _f((c["same_day"] == 1.0) & (m.publisher[i] != m.publisher[j])),
    "coarse_date": lambda m, i, j, c: _f(m.coarse[i] != m.coarse[j]),
    "target_conflict": lambda m, i, j, c: conflict(m, i, j, c, "targets"),
}


def rounded(values: np.ndarray) -> np.ndarray:
    """Python's ``round(x, 4)``: the double nearest the decimal rounding of x's exact value.
    ``rint(x * 1e4) / 1e4`` is that wherever ``x * 1e4`` lies clearly off a half (its own error
    is far below the margin for |x| < 1e5); the rest are rounded by Python itself."""
    values = np.asarray(values, dtype=np.float64)
    scaled = values * 1e4
    out = np.rint(scaled) / 1e4
    with np.errstate(invalid="ignore"):
        unsure = ~(np.abs(scaled - np.floor(scaled) - 0.5) > 1e-3) | ~(np.abs(values) < 1e5)
    for k in np.flatnonzero(unsure).tolist():
        out[k] = round(float(values[k]), 4)
    return out


def logistic(z: np.ndarray) -> np.ndarray:
    """``PairModel.probability`` from the sum: ``math.exp`` itself (numpy's may differ in the last
    bit); ``max(-50, min(50, z))`` takes 50 for NaN, as ``min`` does."""
    z = np.asarray(z, dtype=np.float64)
    bounded = np.where(np.isnan(z), 50.0, np.clip(z, -50.0, 50.0))
    exp = np.fromiter(map(math.exp, (-bounded).tolist()), dtype=np.float64, count=len(z))
    return 1.0 / (1.0 + exp)
