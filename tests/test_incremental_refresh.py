"""A refresh with nothing new writes (almost) nothing: each output file whose table is the one
the current generation holds is hard-linked from it, the placements of mentions come from the
cache, and the tables are the ones a full run gives. A file damaged since is written again."""

import os
import shutil

import pandas as pd

from conftest import ROOT
from pipeline.archive import Archive
from pipeline.process import GENERATION_FILES, process_archive
from pipeline.sources import load_sources

CONFIG = load_sources(ROOT / "config" / "sources.toml")
TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs", "rejects", "changes")
ALWAYS_WRITTEN = {"datapackage.json", "run-summary.json"}  # they name the run


def tables(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def refresh_of_a_copy(sample_output, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out, symlinks=True)  # as a refresh finds it: caches, record, current/
    before = {name: (out / "current" / name).resolve() for name in GENERATION_FILES}
    result = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    return out, before, result


def test_a_refresh_with_nothing_new_links_every_table_file(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out, before, again = refresh_of_a_copy(sample_output, tmp_path)
    assert again.counts["output files, from the last run (tables unchanged)"] == len(GENERATION_FILES) - len(ALWAYS_WRITTEN)
    assert again.counts["output files written"] == len(ALWAYS_WRITTEN)
    assert again.counts["mention places looked up"] == 0
    assert again.counts["mention places, from cache"] == again.counts["mentions"]
    now = (out / "current").resolve()
    assert now != before["events.parquet"].parent  # a new generation all the same
    for name in GENERATION_FILES:
        linked = os.stat(now / name).st_ino == os.stat(before[name]).st_ino
        assert linked == (name not in ALWAYS_WRITTEN), name
    for name, table in tables(sample_output.out).items():
        pd.testing.assert_frame_equal(table, tables(out)[name], obj=name)


def test_a_file_changed_since_it_was_written_is_written_again(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out, symlinks=True)
    damaged = (out / "current" / "events.csv").resolve()
    good = damaged.read_bytes()
    damaged.write_bytes(good[:-10] + b"x" * 10)  # the same size, other bytes, a later time
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["output files, from the last run (tables unchanged)"] == len(GENERATION_FILES) - len(ALWAYS_WRITTEN) - 1
    assert (out / "events.csv").read_bytes() == good
    assert os.stat(out / "events.csv").st_ino != os.stat(damaged).st_ino


def test_a_record_of_another_generation_links_nothing(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out, symlinks=True)
    record = out / "cache" / "written.json"
    record.write_text(record.read_text(encoding="utf-8").replace('"generation": "', '"generation": "x'), encoding="utf-8")
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["output files, from the last run (tables unchanged)"] == 0
    for name, table in tables(sample_output.out).items():
        pd.testing.assert_frame_equal(table, tables(out)[name], obj=name)
