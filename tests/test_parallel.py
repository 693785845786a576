"""--jobs N: the per-page stages in worker processes give the tables of a single-process run."""

import pandas as pd

from conftest import ROOT
from pipeline.changelog import STAMP_COLUMNS
from pipeline import nlp, settings
from pipeline.archive import Archive
from pipeline.process import process_archive
from pipeline.sources import load_sources
from pipeline.workers import Engine

TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs")


def _timeless(table: pd.DataFrame) -> pd.DataFrame:
    """Without the events' created/last_changed stamps: two fresh output folders are stamped
    with the clock of their own run (pipeline.changelog), everything else must be equal."""
    return table.drop(columns=[c for c in STAMP_COLUMNS if c in table.columns])


def test_two_worker_processes_give_the_single_process_tables(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(nlp, "MIN_TEXTS_PER_PROCESS", 20)  # the sample is small: spaCy's workers too
    with Engine(jobs=2, min_items=1) as engine:
        result = process_archive(Archive(ROOT / "raw"), load_sources(ROOT / "config" / "sources.toml"), tmp_path,
                                 decisions_file=sample_output.decisions, engine=engine)
        assert engine._pool is not None  # the pages really went to workers
    assert result.counts["pages cleaned"] == sample_output.result.counts["pages cleaned"]
    for name in TABLES:
        pd.testing.assert_frame_equal(_timeless(pd.read_parquet(sample_output.out / f"{name}.parquet")),
                                      _timeless(pd.read_parquet(tmp_path / f"{name}.parquet")), obj=name)


def test_engine_keeps_the_order_and_runs_few_items_here():
    with Engine(jobs=2, min_items=4) as engine:
        assert engine.map(abs, [-3, 2, -1, 0, -7, 5]) == [3, 2, 1, 0, 7, 5]
        assert engine._pool is not None
    with Engine(jobs=2, min_items=10) as engine:
        assert engine.map(abs, [-1]) == [1] and engine._pool is None


def test_engine_refuses_nonsense():
    import pytest

    with pytest.raises(ValueError, match="jobs"):
        Engine(jobs=0)
    with pytest.raises(ValueError, match="engine"):
        Engine(engine="spark")


def test_a_worker_reads_a_page_as_this_process_does(tmp_path):
    """At --jobs N the workers read the archived bodies themselves (``process.StoredPage``): the
    same page, and for a record that cannot be read the same reject, as ``ArchivedPage.read``
    here; cleaning either gives the same outcome."""
    import dataclasses

    from pipeline.process import ArchivedPage, StoredPage, clean_one

    archive = Archive(ROOT / "raw")
    capture = archive.good_pages()[0]
    here, there = ArchivedPage(archive, capture), StoredPage(str(archive.raw_dir), capture)
    assert there.read() == here.read() and there.stub == here.stub
    config = load_sources(ROOT / "config" / "sources.toml")
    source = config.source(capture.source)
    assert clean_one((there, source)) == clean_one((here.read(), source))
    for broken in (dataclasses.replace(capture, offset=capture.offset + 7), dataclasses.replace(capture, sha256="0" * 64),
                   dataclasses.replace(capture, warc_file="missing.warc.gz")):
        expected = ArchivedPage(archive, broken).read()
        assert expected.stage == "pages" and StoredPage(str(archive.raw_dir), broken).read() == expected
        assert clean_one((StoredPage(str(archive.raw_dir), broken), source)) == ("unreadable", expected.reason)
