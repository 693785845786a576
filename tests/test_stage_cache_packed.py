"""A data frame kept by the stage cache with its text columns as codes (``stage_cache.packed``)
comes back as the same frame: values, missing values, dtypes, index, column order, attrs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.stage_cache import PackedFrame, StageCache, packed, unpacked

texts = st.lists(st.one_of(st.none(), st.sampled_from(["", " ", "a", "ä b", "doc_1", "x" * 40])), min_size=0, max_size=30)


def _frame(values: list) -> pd.DataFrame:
    n = len(values)
    frame = pd.DataFrame({
        "text": pd.array([np.nan if v is None else v for v in values], dtype="str"),
        "strict": pd.array([pd.NA if v is None else v for v in values], dtype="string"),
        "lists": pd.Series([[v] if v else [] for v in values], dtype=object),
        "mixed": pd.Series([v if k % 2 else None for k, v in enumerate(values)], dtype=object),
        "number": np.arange(n, dtype="int64"),
        "score": np.linspace(0, 1, n),
        "flag": np.arange(n) % 2 == 0,
        "count": pd.array([k if k % 3 else None for k in range(n)], dtype="Int64"),
    }, index=pd.Index([f"r{k}" for k in range(n)], name="row"))
    frame.attrs["note"] = "kept"
    return frame


def _same(back: pd.DataFrame, frame: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(back, frame, check_exact=True)
    assert list(back.dtypes) == list(frame.dtypes) and back.attrs == frame.attrs
    for k in range(frame.shape[1]):
        if frame.iloc[:, k].dtype == object:
            assert [type(v) for v in back.iloc[:, k]] == [type(v) for v in frame.iloc[:, k]]


@settings(max_examples=40, deadline=None)
@given(texts)
def test_a_packed_frame_is_the_same_frame(values):
    frame = _frame(values)
    _same(PackedFrame(frame).frame(), frame)
    wider = frame[["text", "number", "text"]]  # a repeated column name
    _same(PackedFrame(wider).frame(), wider)


def test_the_stage_cache_keeps_a_packed_result_smaller_and_gives_it_back(tmp_path):
    rows = 3000
    frame = pd.DataFrame({"evidence": pd.array([f"a long sentence of evidence number {k % 40}" * 5 for k in range(rows)], dtype="str"),
                          "score": np.linspace(0, 1, rows)})
    value = (frame, frame.head(3), "other")
    cache = StageCache(tmp_path / "stages")
    cache.keep("after dedup", "key", packed(value))
    cache.close()
    again = StageCache(tmp_path / "stages")
    back = unpacked(again.result("after dedup", "key"))
    again.close()
    assert back[2] == "other"
    _same(back[0], frame)
    _same(back[1], frame.head(3))
    import pickle

    assert len(pickle.dumps(packed(value))) * 5 < len(pickle.dumps(value))
