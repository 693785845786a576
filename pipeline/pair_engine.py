"""Every candidate pair scored by column, in chunks: features, the model's probability, contributions, outcome.

The features are the entries of ``pair_arrays.BASE`` and ``pair_arrays.MODEL``; a key the
reference functions give that has no entry there is computed one pair at a time by
``pair_scoring.base_features`` / ``pair_scoring.model_inputs`` (the fallback: correct, slower).
The probability is one matrix product, the contributions a float matrix (its JSON text is made
for the pairs kept), the outcome the rules of ``pair_rules`` as boolean columns.
"""

from __future__ import annotations

import math

import numpy as np

from . import pair_arrays as pa
from .pair_arrays import BASE, CHUNK, MODEL, MentionArrays, logistic, rounded
from .pair_blocks import PairBlocks
from .pair_workers import in_order
from .scored_pairs import ScoredPairs, code_type, compact, unique_codes

DIFFERENT, REVIEW, SAME = "different", "review", "same"
OUTCOMES = np.array([DIFFERENT, SAME, REVIEW], dtype=object)


def _reference_keys(facts, ranges, ctx, config) -> tuple[list[str], list[str]]:
    """The keys ``pair_scoring``'s one-pair functions give (in their order), from one pair."""
    from .pair_scoring import base_features, model_inputs

    a = facts[0]
    base = base_features(a, a, ranges[0], ranges[0], config)
    model = model_inputs(a, a, ctx.words[0], ctx.words[0], base, ctx)
    return [k for k in base if k not in ("score", "outcome")], list(model)


def _per_pair_base(name, facts, ranges, config, i, j) -> list:
    from .pair_scoring import base_features

    return [base_features(facts[a], facts[b], ranges[a], ranges[b], config)[name] for a, b in zip(i.tolist(), j.tolist())]


def _per_pair_model(names, facts, ranges, ctx, config, i, j, base_names, cols) -> dict[str, list]:
    from .pair_scoring import model_inputs

    out: dict[str, list] = {n: [] for n in names}
    base_lists = {n: _as_list(cols[n]) for n in base_names}
    words = ctx.words
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist())):
        base = {n: base_lists[n][k] for n in base_names}
        values = model_inputs(facts[a], facts[b], words[a], words[b], base, ctx)
        for n in names:
            out[n].append(values[n])
    return out


def _as_list(column) -> list:
    return column.tolist() if isinstance(column, np.ndarray) else list(column)


def _floats(column) -> np.ndarray:
    return np.asarray(column, dtype=np.float64) if not isinstance(column, np.ndarray) else column.astype(np.float64)


def _value_texts(values: np.ndarray) -> tuple[list, np.ndarray]:
    """``repr(round(v, 4))`` of each distinct rounded value (None when not finite, as
    ``ModelTerms._text`` gives), and each value's index among them: values are rounded by column
    first, so a feature of a hundred thousand distinct values has a few thousand texts."""
    rounded_values = rounded(values)
    distinct, inverse = unique_codes(np.ascontiguousarray(rounded_values).view(np.int64))
    finite = math.isfinite
    texts = [repr(v) if finite(v) else None for v in distinct.view(np.float64).tolist()]
    return texts, inverse


MERGED_TEXTS = 4096  # distinct texts of two neighbouring features written once together, at most


def contribution_texts(terms, by_feature: np.ndarray):
    """``ModelTerms.contributions`` of each pair (``by_feature[k]``: every pair's product of
    feature k, so that a feature's values lie together), as an arrow array of strings. Each feature's
    distinct values (by their bits: -0.0 is not 0.0) are rounded and written once with the JSON
    before them; neighbouring features with few distinct texts (most are 0 or 1) are combined
    into one table of joint texts, so a row's text is the join of a few table entries (not a
    rounding and a format of 24 numbers per pair)."""
    import pyarrow as arrow

    n = by_feature.shape[1]
    pieces = terms.template.split("%s")  # the JSON around each value, in sorted order of the names
    columns: list[tuple[np.ndarray, list[str]]] = []
    bad = np.zeros(n, dtype=bool)
    for piece, k in zip(pieces, terms.order):
        texts, inverse = _value_texts(by_feature[k])
        if None in texts:
            bad |= np.isin(inverse, [c for c, t in enumerate(texts) if t is None])
        texts = [piece + (t or "") for t in texts]
        if columns and len(columns[-1][1]) * len(texts) <= MERGED_TEXTS:
            codes, known = columns.pop()
            columns.append((codes * len(texts) + inverse, [a + b for a in known for b in texts]))
        else:
            columns.append((inverse, texts))
    end = pieces[-1]
    gathered = [np.array(texts, dtype=object)[codes] for codes, texts in columns]
    out = ["".join(row) + end for row in zip(*gathered)] if n else []
    for r in np.flatnonzero(bad).tolist():  # not finite: json as the reference writes it
        out[r] = terms.contributions(by_feature[:, r].tolist())
    return _arrow_strings(out)


def _arrow_strings(texts: list[str]):
    """An arrow string array of ASCII texts from one joined buffer and their lengths (twice as
    fast as arrow converting each Python string); any other text the ordinary way."""
    import pyarrow as arrow

    data = "".join(texts).encode("utf-8")
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    if offsets[-1] != len(data) or len(data) >= 2**31:  # not ASCII, or too long for one array
        return arrow.array(texts, type=arrow.string())
    return arrow.StringArray.from_buffers(len(texts), arrow.py_buffer(offsets.astype(np.int32)), arrow.py_buffer(data))


def _text_bytes(texts) -> int:
    """The bytes of text an arrow string array holds (its offsets' span)."""
    if not len(texts):
        return 0
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32, count=len(texts) + 1, offset=texts.offset * 4)
    return int(offsets[-1] - offsets[0])


class Contributions:
    """The contributions of some pairs as the model's products, rounded as their text is (one
    row per feature, one column per pair); their text is made when it is read, in the order it is
    wanted (``take``). Each feature's products are a few distinct values (most features are 0 or
    1), so each is kept as those values and a small code per pair: some 30 bytes a pair, where
    the float matrix was 192 and the JSON text some 600 characters. The text of a rounded
    product is the text of the product (rounding twice to the fourth decimal is rounding once)."""

    ROWS_AT_ONCE = 200_000
    STRING_BYTES_AT_MOST = 2**31 - 1  # what an arrow string array's 32-bit offsets reach

    def __init__(self, terms, products: np.ndarray | None, by_feature: np.ndarray | None = None, coded=None):
        self.terms = terms
        if coded is not None:
            self.values, self.codes, self.n = coded
            return
        by_feature = np.ascontiguousarray(products.T) if by_feature is None else by_feature
        self.values, self.codes, self.n = [], [], by_feature.shape[1]
        for row in by_feature:  # each distinct rounded product by its bits: -0.0 is not 0.0
            distinct, inverse = unique_codes(rounded(row).view(np.int64))
            self.values.append(distinct)
            self.codes.append(inverse.astype(code_type(len(distinct))))

    def __len__(self) -> int:
        return self.n

    kind = "contributions"  # (the interface of a kept column's kind: scored_pairs.kept_kind)

    def subset(self, at: np.ndarray) -> Contributions:
        """The products of the pairs ``at``, kept alike."""
        return Contributions(self.terms, None, coded=(self.values, [c[at] for c in self.codes], len(at)))

    @property
    def nbytes(self) -> int:
        return sum(v.nbytes for v in self.values) + sum(c.nbytes for c in self.codes)

    @classmethod
    def concat(cls, parts: list[Contributions]) -> Contributions:
        values, codes = [], []
        for k in range(len(parts[0].values)):
            every = np.unique(np.concatenate([p.values[k] for p in parts]))
            kind = code_type(len(every))
            codes.append(np.concatenate([np.searchsorted(every, p.values[k]).astype(kind)[p.codes[k]] for p in parts]))
            values.append(every)
        return cls(parts[0].terms, None, coded=(values, codes, sum(p.n for p in parts)))

    def matrix(self, at: np.ndarray) -> np.ndarray:
        """The rounded products of the pairs ``at``, one row per feature."""
        if not self.values:
            return np.zeros((0, len(at)))
        return np.stack([v.view(np.float64)[c[at]] for v, c in zip(self.values, self.codes)])

    def take(self, order: np.ndarray):
        """The texts of the rows ``order`` (an arrow array of strings)."""
        import pyarrow as arrow

        chunks = [self._texts(self.matrix(order[k:k + self.ROWS_AT_ONCE])) for k in range(0, len(order), self.ROWS_AT_ONCE)]
        if not chunks:
            return arrow.array([], type=arrow.string())
        if sum(_text_bytes(c) for c in chunks) > self.STRING_BYTES_AT_MOST:  # a million mentions' queue passes 2 GB
            chunks = [c.cast(arrow.large_string()) for c in chunks]
        return arrow.concat_arrays(chunks)

    def _texts(self, by_feature: np.ndarray):
        """The texts of these pairs, each distinct row of products written once (the same
        contributions recur where a run repeats its sentences, as copies of a page do)."""
        import pyarrow.compute as pc

        rows = np.ascontiguousarray(by_feature.T)
        if not len(rows):
            return contribution_texts(self.terms, by_feature)
        keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        if len(first) > 0.8 * len(keys):
            return contribution_texts(self.terms, by_feature)
        return pc.take(contribution_texts(self.terms, by_feature[:, first]), inverse.ravel())

    def to_pylist(self) -> list[str]:
        return self.take(np.arange(len(self))).to_pylist()


def score_chunk(m: MentionArrays, i: np.ndarray, j: np.ndarray, link: np.ndarray, facts, ranges, ctx, config,
                terms, base_names: list[str], model_names: list[str]) -> dict:
    """The columns of one chunk of pairs: the base features, ``features`` (name: column) the
    model's inputs, score and outcome, and with a model mergeable, one_report, corroborates,
    probability and ``products`` (features by pairs: each coefficient times its feature)."""
    cols: dict = {"tolerance": config.tolerance_days}
    for name in base_names:
        if name in BASE:
            cols[name] = BASE[name](m, i, j, cols)
        else:
            cols[name] = _per_pair_base(name, facts, ranges, config, i, j)
    score = np.zeros(len(i))
    for name, weight in config.weights.items():
        score = score + weight * _floats(cols[name])
    event_type = _floats(cols["event_type"])
    compatible = np.asarray(cols["date_compatible"], dtype=bool)
    same_doc = m.doc[i] == m.doc[j]
    if config.model is None:  # with a model its probability and rules replace both
        hand_mergeable = (event_type == 1.0) | ((event_type > 0) & ~same_doc)
        cols["score"] = rounded(score)
        cols["outcome"] = _outcome(score, config.same, config.review, compatible, hand_mergeable)
    features: dict = {}
    fast = dict(MODEL)
    if not m.words.exact:
        fast.pop("rare_words", None)
    slow = [n for n in model_names if n not in fast]
    for name in model_names:
        if name in fast:
            features[name] = fast[name](m, i, j, cols)
    if slow:
        features.update(_per_pair_model(slow, facts, ranges, ctx, config, i, j, base_names, cols))
    cols["features"] = {n: features[n] for n in model_names}
    model = config.model
    if model is None:
        return cols
    # one row per feature (each feature's values together: no pairs-by-features matrix to transpose)
    products = np.zeros((len(model.features), len(i)))
    for k, name in enumerate(model.features):
        np.multiply(_floats(cols["features"][name]), terms.terms[k][1], out=products[k])
    total = np.zeros(len(i))
    for row in products:  # (summed feature by feature, in the model's order, as the reference does)
        total = total + row
    probability = logistic(model.intercept + total)
    f = {n: _floats(v) for n, v in cols["features"].items()}
    split = same_doc & (m.evidence_code[i] == m.evidence_code[j]) & (m.type_code[i] != m.type_code[j])
    shared_people = pa._set_columns(m, i, j, cols, "people")[0] > 0
    two_occurrences = (f["near_day"] != 0) | (pa.two_months(m, i, j) & (_floats(cols["lasting"]) == 0))
    rules = ~((f["stage_mismatch"] != 0) | (f["target_conflict"] != 0)) & ~((f["same_document"] != 0) & two_occurrences) \
        & ((event_type >= 0.75) | ((event_type > 0) & ~same_doc & shared_people))
    mergeable = compatible & ~split & rules
    one_report = (link & (event_type == 1.0)) | (same_doc & m.publication[i] & m.publication[j] & (_floats(cols["actors"]) > 0))
    outcome = _outcome(probability, model.same, model.review, compatible, mergeable, split, one_report)
    roles, roles_a, roles_b = pa._set_columns(m, i, j, cols, "roles")
    two_kinds = (roles_a > 0) & (roles_b > 0) & (roles == 0)
    cols["mergeable"], cols["one_report"] = mergeable, one_report
    specific = ((f["actors"] != 0) | (f["same_place"] != 0) | (f["same_trigger"] != 0) | (f["same_role"] != 0)
                | (f["same_count"] != 0) | (f["near_day"] != 0) | (f["same_day_across"] != 0))  # pair_rules.specific
    cols["corroborates"] = (outcome == REVIEW) & mergeable & (probability >= model.corroborate) & specific & ~two_kinds
    cols["score"] = cols["probability"] = rounded(probability)
    cols["outcome"] = outcome
    cols["products"] = products  # features by pairs
    return cols


def _outcome(score, same, review, compatible, mergeable, separate=None, one_report=None) -> np.ndarray:
    """``pair_rules.pair_outcome`` by column."""
    separate = np.zeros(len(score), dtype=bool) if separate is None else separate
    one_report = np.zeros(len(score), dtype=bool) if one_report is None else one_report
    code = np.select([~compatible | separate, one_report | ((score >= same) & mergeable), score >= review], [0, 1, 2], 0)
    return OUTCOMES[code]  # (the three words themselves: not a new string per pair)


def score_all(pairs, facts, ranges, ctx, blocks: dict, config, keep: frozenset[str] | None = None) -> dict:
    """``pair_scoring.score_all``: the pairs as two integer arrays, scored ``CHUNK`` at a time;
    each pair's dictionary is made only of the keys kept."""
    from .pair_scoring import ModelTerms

    if isinstance(pairs, PairBlocks):  # arrays already, with the kinds of each pair
        every_i, every_j, every_link = pairs.i, pairs.j, pairs.has("link")
    else:
        order = list(pairs)
        every_i = np.fromiter((p[0] for p in order), dtype=np.int64, count=len(order))
        every_j = np.fromiter((p[1] for p in order), dtype=np.int64, count=len(order))
        linked = {p for p, kinds in blocks.items() if "link" in kinds}
        every_link = np.fromiter((p in linked for p in order), dtype=bool, count=len(order))
    if not len(every_i):
        return {}  # (an empty mapping either way)
    m = pa.mention_arrays(facts, ranges, ctx.words, ctx.idf, config)
    base_names, model_names = _reference_keys(facts, ranges, ctx, config)
    terms = ModelTerms(config.model) if config.model is not None else None
    names = base_names + ["score", "outcome", "features"]
    if config.model is not None:
        names += ["mergeable", "one_report", "corroborates", "probability", "contributions"]
    if keep is not None:
        names = [n for n in names if n in keep]
    def chunk(start: int, stop: int) -> tuple[np.ndarray, np.ndarray, dict]:
        """One chunk's pairs and the columns kept of them (compact: sent back from a worker)."""
        i, j, link = every_i[start:stop], every_j[start:stop], every_link[start:stop]
        small = i, j  # (kept as they are: 32-bit; the features' arithmetic in 64)
        i, j = i.astype(np.int64), j.astype(np.int64)
        cols = score_chunk(m, i, j, link, facts, ranges, ctx, config, terms, base_names, model_names)
        if "contributions" in names:  # kept as the products; its text is written for the table
            cols["contributions"] = Contributions(terms, None, by_feature=cols["products"])
            if keep is None:
                cols["contributions"] = cols["contributions"].to_pylist()
        if "features" in names:
            feature_lists = [_as_list(cols["features"][n]) for n in model_names]
            cols["features"] = [dict(zip(model_names, row)) for row in zip(*feature_lists)]
        kept = {n: cols[n] for n in names}
        return (i, j, kept) if keep is None else (*small, compact(kept))

    if keep is None:
        scored = {}
        for start in range(0, len(every_i), CHUNK):
            i, j, cols = chunk(start, start + CHUNK)
            lists = [_as_list(cols[n]) for n in names]
            scored.update(zip(zip(i.tolist(), j.tolist()), (dict(zip(names, row)) for row in zip(*lists))))
        return scored
    scored = ScoredPairs(names)  # columns, not a dictionary per pair; on every core when large
    for i, j, cols in in_order(chunk, len(every_i), CHUNK):
        scored.add(i, j, cols)
    return scored
