"""Scoring in forked workers (``pair_workers``) gives the pairs, table and events one process
gives, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from pipeline import pair_engine, pair_workers
from pipeline.dedup import deduplicate, load_dedup_config
from pipeline.extract import load_event_types

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_dedup_config(ROOT / "config" / "dedup.toml")


def test_chunks_come_back_in_order_from_other_processes(monkeypatch):
    monkeypatch.setattr(pair_workers, "MIN_PAIRS", 0)
    done = list(pair_workers.in_order(lambda a, b: (a, b, os.getpid()), 95, 10, jobs=2))
    assert [(a, b) for a, b, _ in done] == [(k, min(95, k + 10)) for k in range(0, 95, 10)]
    assert os.getpid() not in {pid for _, _, pid in done}
    here = list(pair_workers.in_order(lambda a, b: (a, b, os.getpid()), 95, 10, jobs=1))
    assert {pid for _, _, pid in here} == {os.getpid()}


def test_a_dedup_scored_by_two_workers_is_the_one_scored_here(monkeypatch):
    from benchmarks.dedup_scaling import synthetic_mentions

    mentions = synthetic_mentions(1200)
    order = load_event_types(ROOT / "config" / "event_types.toml").names
    monkeypatch.setattr(pair_engine, "CHUNK", 2000)
    here = deduplicate(mentions, {}, CONFIG, {}, order, {})
    monkeypatch.setattr(pair_workers, "MIN_PAIRS", 0)
    monkeypatch.setattr(pair_workers, "default_jobs", lambda: 2)
    forked = deduplicate(mentions, {}, CONFIG, {}, order, {})
    assert here.pair_count > 3 * 2000
    pd.testing.assert_frame_equal(forked.pairs, here.pairs)
    pd.testing.assert_frame_equal(forked.events, here.events)
    pd.testing.assert_frame_equal(forked.queue, here.queue)


def test_blocking_beside_in_a_child_gives_the_blocks_and_dedup_of_one_process(monkeypatch):
    from benchmarks.dedup_scaling import synthetic_mentions
    from pipeline import dedup

    there, here = pair_workers.beside(os.getpid, os.getpid, 10**6, jobs=2)
    assert here == os.getpid() != there
    assert pair_workers.beside(os.getpid, os.getpid, 10, jobs=2) == (os.getpid(), os.getpid())  # too few: here
    mentions = synthetic_mentions(900)
    order = load_event_types(ROOT / "config" / "event_types.toml").names
    alone = deduplicate(mentions, {}, CONFIG, {}, order, {})
    monkeypatch.setattr(pair_workers, "MIN_MENTIONS", 0)
    monkeypatch.setattr(pair_workers, "default_jobs", lambda: 2)
    seen = []
    monkeypatch.setattr(dedup, "beside", lambda a, b, n: seen.append(n) or pair_workers.beside(a, b, n))
    both = deduplicate(mentions, {}, CONFIG, {}, order, {})
    assert seen == [900] and both.pair_count == alone.pair_count > 1000
    pd.testing.assert_frame_equal(both.pairs, alone.pairs)
    pd.testing.assert_frame_equal(both.events, alone.events)
    assert both.block_stats == alone.block_stats
