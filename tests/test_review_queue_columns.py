"""The review queue made a column at a time (``review_queue.review_queue_rows``) is the frame
that making it a row at a time gives (``review_queue_rows_by_row``): the same values, missing
values, dtypes and index, so its CSV copy and digest are the same bytes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from pipeline.review_queue import QUEUE_COLUMNS, review_queue_rows, review_queue_rows_by_row
from pipeline.tables import table_digest

TEXTS = st.sampled_from(["Arrest of Dana Omarova", "", " leading space", "=HYPERLINK(x)", "Ақтау"])
# a cell: text, or missing as pandas holds it (NaN in a text column) or as a row gives it (None)
CELL = st.one_of(TEXTS, st.just(None), st.just(float("nan")))
NAMES = st.lists(st.sampled_from(["Dana Omarova", "ITUC", "Erlan Baltabay"]), max_size=3)


@st.composite
def mentions_and_queue(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    mentions = pd.DataFrame({
        "mention_id": [f"m{k}" for k in range(n)],
        "event_date": draw(st.lists(st.sampled_from(["2020-01-02", None]), min_size=n, max_size=n)),
        "date_precision": ["day"] * n,
        "date_from": draw(st.lists(st.sampled_from(["sentence", "published"]), min_size=n, max_size=n)),
        "event_type": draw(st.lists(CELL, min_size=n, max_size=n)),
        "people": draw(st.lists(NAMES, min_size=n, max_size=n)),
        "organisations": draw(st.lists(NAMES, min_size=n, max_size=n)),
        "publisher": draw(st.lists(CELL, min_size=n, max_size=n)),
        "url": [f"https://example.org/{k}" for k in range(n)],
        "evidence": draw(st.lists(CELL, min_size=n, max_size=n)),
    })
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=12))
    queue = pd.DataFrame({"mention_a": [f"m{a}" for a, _ in pairs], "mention_b": [f"m{b}" for _, b in pairs],
                          "score": draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))})
    return mentions, queue


def _same(mentions: pd.DataFrame, queue: pd.DataFrame) -> pd.DataFrame:
    made, expected = review_queue_rows(queue, mentions), review_queue_rows_by_row(queue, mentions)
    pd.testing.assert_frame_equal(made, expected, check_exact=True)
    assert list(made.dtypes) == list(expected.dtypes) and table_digest(made) == table_digest(expected)
    return made


@settings(max_examples=60, deadline=None)
@given(mentions_and_queue())
def test_a_queue_made_by_columns_is_the_one_made_by_rows(case):
    mentions, queue = case
    made = _same(mentions, queue)
    assert list(made.columns) == QUEUE_COLUMNS and len(made) == len(queue)


def test_a_column_of_one_kind_of_value_in_the_queue_is_typed_as_the_rows_type_it():
    mentions = pd.DataFrame({"mention_id": ["m0", "m1", "m2"], "event_date": [None] * 3, "date_precision": [None] * 3,
                             "date_from": [None] * 3, "event_type": ["arrest", None, "strike"],
                             "people": [[], ["Dana Omarova"], []], "organisations": [[]] * 3,
                             "publisher": [None, None, "Example News"], "url": ["u0", "u1", "u2"],
                             "evidence": [np.nan, np.nan, "text"]})
    queue = pd.DataFrame({"mention_a": ["m0", "m1"], "mention_b": ["m1", "m0"], "score": [0.5, 0.7]})
    made = _same(mentions, queue)  # publisher and evidence: only missing values in the queue, so not text
    assert made["publisher_a"].dtype == made["evidence_b"].dtype == np.float64 and made["type_a"].dtype != object


def test_an_empty_queue_and_a_mention_given_twice_are_the_rows_way():
    mentions = pd.DataFrame({"mention_id": ["m0", "m0", "m1"], "event_date": [None] * 3, "date_precision": [None] * 3,
                             "date_from": [None] * 3, "event_type": ["arrest", "strike", "protest"],
                             "people": [[]] * 3, "organisations": [[]] * 3, "publisher": ["p"] * 3,
                             "url": ["u0", "u0", "u1"], "evidence": ["a", "b", "c"]})
    _same(mentions, pd.DataFrame({"mention_a": [], "mention_b": [], "score": []}))
    made = _same(mentions, pd.DataFrame({"mention_a": ["m0"], "mention_b": ["m1"], "score": [0.9]}))
    assert made.at[0, "type_a"] == "strike"  # the last row of the ID, as a dict of the rows keeps it
    with pytest.raises(KeyError):
        review_queue_rows(pd.DataFrame({"mention_a": ["m9"], "mention_b": ["m1"], "score": [0.9]}), mentions)
