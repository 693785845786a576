"""Extraction ahead in worker processes (``pipeline.ahead``): the tables of a one-process run,
also when a document's names depend on a document another process extracted (real spaCy model,
real forked workers)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import pipeline.ahead as ahead
import pipeline.extract_cache as extract_cache
import pipeline.process as process
from resolver_texts import IN_ORDER

ROOT = Path(__file__).resolve().parent.parent
TEXTS = {  # and a fifth, of the same person again
    **IN_ORDER,
    "doc_e000000000000005": (None, "Police detained Talgat Zhumabayev again in Aktau on 2 September 2019."),
}


def documents() -> pd.DataFrame:
    return pd.DataFrame([{"doc_id": d, "url": f"https://ahead.example/{d}", "title": title, "text": text,
                          "published": "2019-09-10", "published_precision": "day", "publisher": "P", "source": "s",
                          "kind": "article", "duplicate_of": None} for d, (title, text) in TEXTS.items()])


def test_shares_keep_the_order_and_split_the_cost_evenly():
    runs = ahead.shares([10] * 20, 2)
    assert runs == [list(range(10)), list(range(10, 20))]
    assert [p for run in ahead.shares([5, 1, 1, 1, 1, 1, 9, 2], 3) for p in run] == list(range(8))
    assert ahead.shares([], 2) == [[], []]


def extract(tmp_path, jobs: int):
    return process.find_mentions(documents(), tmp_path / "nlp", jobs=jobs,
                                 extract_dir=tmp_path / f"extract-{jobs}" if jobs > 1 else None)


def assert_same(got, one) -> None:
    pd.testing.assert_frame_equal(got[0], one[0], obj="mentions")
    pd.testing.assert_frame_equal(got[1], one[1], obj="entities")
    people = dict(zip(got[0]["doc_id"], got[0]["people"]))
    assert list(people["doc_d000000000000004"]) == ["Talgat Zhumabayev"]  # the name the first document taught


def test_documents_extracted_ahead_give_the_one_process_tables(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(ahead, "MIN_DOCUMENTS_AHEAD", 1)
    one = extract(tmp_path, 1)
    two = extract(tmp_path, 2)
    assert_same(two, one)
    assert two[3][process.EXTRACTED] == 5 and two[3][process.EXTRACTED_FROM_CACHE] == 0
    # the worker asked the first documents' questions first, so its answers held
    assert (two[3][process.AHEAD], two[3][process.AHEAD_AGAIN]) == (2, 0)
    replayed = []
    real = extract_cache.replay
    monkeypatch.setattr(extract_cache, "replay", lambda resolver, calls: replayed.append(calls) or real(resolver, calls))
    again = extract(tmp_path, 2)
    assert again[3][process.EXTRACTED_FROM_CACHE] == 5 and again[3][process.AHEAD] == 0  # all kept: no worker
    assert replayed == []  # the run with workers ahead kept the resolver's states: no question asked again
    assert_same(again, one)


def test_a_worker_that_answered_otherwise_has_its_document_extracted_again(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(ahead, "MIN_DOCUMENTS_AHEAD", 1)
    monkeypatch.setattr(ahead, "ask", lambda resolver, units: None)  # the worker knows nothing of earlier documents
    one = extract(tmp_path, 1)
    two = extract(tmp_path, 2)
    assert_same(two, one)
    assert two[3][process.EXTRACTED] == 5
    assert two[3][process.AHEAD] >= 1 and two[3][process.AHEAD_AGAIN] >= 1  # "Zhumabaev" was a name of its own there


def test_workers_given_up_on_are_stopped(tmp_path, monkeypatch):
    """An extraction that stops early (here: before taking any worker's part) leaves no worker running."""
    import time

    monkeypatch.setattr(ahead, "MIN_DOCUMENTS_AHEAD", 1)
    monkeypatch.setattr(ahead, "_extract_run", _slow_run)
    docs = documents()
    units = [[("text", [])] for _ in range(len(docs))]
    started = ahead.Ahead.start([docs.iloc[i] for i in range(len(docs))], units, None, {"": None}, [""] * len(docs),
                                frozenset(), [f"k{i}" for i in range(len(docs))], [True] * len(docs), jobs=2)
    workers = list(started._pool._processes.values())
    began = time.monotonic()
    started.close()
    assert time.monotonic() - began < 20 and not any(w.is_alive() for w in workers)


def _slow_run(run):
    import time

    time.sleep(120)
    return {}
