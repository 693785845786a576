"""Dedup's mentions as columns read as rows (pipeline/mention_rows.py) read as to_dict's records did."""

import math
import sys

import numpy as np
import pandas as pd
import pytest

from pipeline.mention_rows import Completed, MentionRows


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "mention_id": ["m1", "m2", "m3", "m4"],
        "event_type": ["arrest", "arrest", None, "strike"],  # text with a gap
        "people": [["Ana Lima"], [], ["Ana Lima", "Bo Chen"], np.array(["Dan Eze"], dtype=object)],
        "organisations": [["Union A"], ["Union B"], [], []],
        "clause_end": [10, 300, 7, 1000],
        "from_title": [True, False, False, True],
        "n_people": [2.0, float("nan"), 14.0, None],
        "published": pd.to_datetime(["2021-03-04", None, "2020-01-01", "2019-05-05"]),
        "trigger": pd.Series([np.int64(3), "held", None, 2.5], dtype=object),  # numpy scalars in an object column
    })


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return a is b
    return type(a) is type(b) and (a is b or a == b or (a != a and b != b))


def test_a_row_reads_as_the_record_to_dict_gives():
    frame = _frame()
    records = frame.to_dict("records")
    rows = MentionRows(frame)
    assert len(rows) == len(records)
    for row, record in zip(rows, records):
        assert list(row) == list(record) and len(row) == len(record)
        for key in record:
            assert _same(row[key], record[key]), (key, row[key], record[key])
            assert _same(row.get(key), record.get(key))
        assert row.get("no such column") is None and row.get("no such column", 5) == 5
        assert "people" in row and "no such column" not in row
        with pytest.raises(KeyError):
            row["no such column"]
    # one object per list cell, as to_dict gives: never a copy
    assert rows[0]["people"] is frame["people"].iloc[0]


def test_equal_texts_of_a_text_column_are_one_string():
    frame = pd.DataFrame({"event_type": pd.array(["arrest"] * 3 + [None], dtype="string"),
                          "text": pd.Series(["a b", "a b", "c", None], dtype="str")})
    rows = MentionRows(frame)
    records = frame.to_dict("records")
    for key in frame.columns:
        assert all(_same(r[key], d[key]) for r, d in zip(rows, records)), key
    assert rows[0]["text"] is rows[1]["text"]


def test_a_completed_row_reads_as_the_row_with_its_participants():
    frame = _frame()
    rows = MentionRows(frame)
    part = {"people": ["Ana Lima", "Eve Roe"], "organisations": ["Union C"], "resolved": True}
    for row, record in zip(rows, frame.to_dict("records")):
        want = {**record, "people": part["people"], "organisations": part["organisations"]}
        got = Completed(row, part)
        assert list(got) == list(want) and len(got) == len(want)
        assert all(_same(got[k], want[k]) for k in want)
        assert got.get("people") is part["people"] and got.get("mention_id") == record["mention_id"]
        assert dict(got) == want or any(isinstance(v, float) and math.isnan(v) for v in want.values())
    bare = Completed({"doc_id": "d"}, part)  # a row without the two keys gets them, after its own
    assert list(bare) == ["doc_id", "people", "organisations"] and bare["people"] == part["people"]


def test_a_row_holds_no_dictionary_of_its_own():
    frame = pd.DataFrame({f"c{k}": list(range(1000)) for k in range(30)})
    rows = MentionRows(frame)
    records = frame.to_dict("records")
    assert sys.getsizeof(rows[0]) * 10 < sys.getsizeof(records[0])


def test_word_sets_give_back_each_mention_s_words():
    from pipeline.blocking import content_words, sentence_words
    from pipeline.mention_rows import WordSets

    texts = ["Union leaders were detained after the strike", "", "Couriers went on hunger strike",
             "Union leaders detained again", None]
    rows = [{"evidence": t} for t in texts]
    words = sentence_words(rows)
    assert isinstance(words, WordSets) and len(words) == len(texts)
    want = [content_words(t or "") for t in texts]
    assert list(words) == want and [words[k] for k in range(len(texts))] == want and words[-1] == want[-1]
    words[0].add("changed")  # a reader's copy: the kept words stay as they were
    assert words[0] == want[0]
    with pytest.raises(IndexError):
        words[len(texts)]
    assert len(WordSets([])) == 0 and list(WordSets([])) == []


def test_events_as_columns_are_the_frame_of_the_events_as_records():
    """``dedup.event_columns`` makes the events table a list per column: the same frame, with
    the same column types, as one dictionary per event gave, with or without events and spans."""
    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline.dedup import EVENT_COLUMNS, build_events, event_columns, event_frame
    from pipeline.mention_rows import MentionRows

    frame = synthetic_mentions(300)
    frame.loc[frame.index[::7], "published"] = None  # undated publications
    frame.loc[frame.index[::5], "event_date"] = None
    rows = MentionRows(frame)
    labels = [k // 3 for k in range(len(rows))]  # groups of three
    ids = {label: f"evt_{label:04d}" for label in set(labels)}
    spans = {label: ("2020-01-01", "2020-01-02") for label in list(ids)[::2]}
    for chosen, with_spans in ((slice(None), spans), (slice(None), None), (slice(0, 1), spans), (slice(0, 0), None)):
        part, part_labels = list(rows)[chosen], labels[chosen]
        want = pd.DataFrame(build_events(part, part_labels, ids, {0, 5}, ["arrest"], with_spans), columns=EVENT_COLUMNS)
        got = event_frame(event_columns(part, part_labels, ids, {0, 5}, ["arrest"], with_spans))
        pd.testing.assert_frame_equal(got, want)
        assert len(got) == len(set(part_labels))


def test_unique_codes_are_numpys_unique_with_its_inverse():
    from pipeline.scored_pairs import unique_codes

    rng = np.random.default_rng(7)
    for values in (rng.choice([0.0, -0.0, 0.25, 1.0, float("nan")], 5000), rng.random(3000).round(4), np.zeros(0),
                   np.array([3.0])):
        keys = np.ascontiguousarray(values).view(np.int64)
        distinct, inverse = unique_codes(keys)
        want, want_inverse = np.unique(keys, return_inverse=True)
        assert distinct.dtype == want.dtype and np.array_equal(distinct, want)
        assert np.array_equal(inverse, want_inverse.ravel()) and len(inverse) == len(keys)


def test_the_groups_flagged_for_review_by_array_are_the_ones_pair_by_pair():
    """``dedup._pending_groups``: the groups of undecided review pairs that clustering left apart,
    from the scored columns as from one dictionary per pair, decided pairs left out."""
    from pathlib import Path

    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline.dedup import PAIR_KEYS, _pending_groups, load_dedup_config, score_candidates
    from pipeline.scored_pairs import ScoredPairs

    config = load_dedup_config(Path(__file__).resolve().parent.parent / "config" / "dedup.toml")
    rows = synthetic_mentions(400).to_dict("records")
    columns = score_candidates(rows, config, keep=PAIR_KEYS).scored
    mapping = score_candidates(rows, config, one_at_a_time=True).scored
    assert isinstance(columns, ScoredPairs) and not isinstance(mapping, ScoredPairs)
    review = sorted(p for p, pair in mapping.items() if pair["outcome"] == "review")
    assert len(review) > 20
    rng = np.random.default_rng(3)
    sizes = set()
    for groups in (5, 50, 400):
        labels = rng.integers(0, groups, len(rows)).tolist()
        for decided in ({}, {p: "same" for p in review[::3]}, {p: "unsure" for p in review}):
            want = _pending_groups(mapping, labels, decided)
            assert _pending_groups(columns, labels, decided) == want
            sizes.add(len(want))
    assert 0 in sizes and max(sizes) > 10  # every review pair decided: none; undecided ones: many groups
    assert _pending_groups(columns, [0] * len(rows), {}) == set()
