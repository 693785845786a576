"""--engine dask: the per-page stages on a Dask cluster (here a distributed.LocalCluster on
127.0.0.1) give the tables of a single-process run."""

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.changelog import STAMP_COLUMNS
from pipeline.archive import Archive
from pipeline.process import process_archive
from pipeline.sources import load_sources
from pipeline.workers import Engine

TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs")


def _timeless(table: pd.DataFrame) -> pd.DataFrame:
    """Without the events' created/last_changed stamps: two fresh output folders are stamped
    with the clock of their own run (pipeline.changelog), everything else must be equal."""
    return table.drop(columns=[c for c in STAMP_COLUMNS if c in table.columns])


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as local:
        yield local


def test_a_dask_cluster_gives_the_single_process_tables(cluster, sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    with Engine(engine="dask", scheduler=cluster.scheduler_address, min_items=1) as engine:
        result = process_archive(Archive(ROOT / "raw"), load_sources(ROOT / "config" / "sources.toml"), tmp_path,
                                 decisions_file=sample_output.decisions, engine=engine)
        assert engine._client is not None
        assert len(engine._client.scheduler_info()["workers"]) == 2
    assert result.counts["pages cleaned"] == sample_output.result.counts["pages cleaned"]
    for name in TABLES:
        pd.testing.assert_frame_equal(_timeless(pd.read_parquet(sample_output.out / f"{name}.parquet")),
                                      _timeless(pd.read_parquet(tmp_path / f"{name}.parquet")), obj=name)


def test_dask_engine_keeps_the_order(cluster):
    with Engine(engine="dask", scheduler=cluster.scheduler_address, min_items=1) as engine:
        assert engine.map(abs, [-3, 2, -1, 0, -7, 5]) == [3, 2, 1, 0, 7, 5]
