"""A refresh reads no annotation of a document whose extraction the extract cache holds: they are
read (or made) only when that kept part turns out stale, and the tables are the same either way."""

import shutil

import diskcache
import pandas as pd

from conftest import ROOT
from pipeline.archive import Archive
from pipeline.process import process_archive
from pipeline.sources import load_sources

CONFIG = load_sources(ROOT / "config" / "sources.toml")
TABLES = ("documents", "mentions", "entities", "events", "pairs")


def tables(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def test_stale_kept_parts_are_extracted_again_from_their_annotations(sample_output, tmp_path, monkeypatch):
    """Every kept part is made stale (a recorded answer of the resolver changed): each document
    is extracted again from annotations read late, none annotated, and every table is the one
    the first run wrote."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out, symlinks=True)
    for stage in ("stages",):  # the whole-stage results would skip extraction altogether
        shutil.rmtree(out / "cache" / stage)
    spoiled = 0
    with diskcache.Cache(str(out / "cache" / "extract")) as cache:
        for key in list(cache.iterkeys()):
            if len(cache[key]) == 3:  # what a document taught the resolver in a state: it would skip the replay
                del cache[key]
                continue
            calls, part = cache[key]
            if calls:
                kind, args, _ = calls[0]
                cache[key] = ([(kind, args, "an answer no resolver gives"), *calls[1:]], part)
                spoiled += 1
    assert spoiled > 20
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["documents extracted"] >= spoiled
    assert again.counts["text units annotated"] == 0
    assert again.counts["text units from cache"] == sample_output.result.counts["text units from cache"] \
        + sample_output.result.counts["text units annotated"]
    stamps = ["last_changed", "created"]
    for name, table in tables(sample_output.out).items():
        pd.testing.assert_frame_equal(tables(out)[name].drop(columns=stamps, errors="ignore"),
                                      table.drop(columns=stamps, errors="ignore"), obj=name)


def test_a_refresh_with_nothing_new_reads_no_annotation(sample_output, tmp_path, monkeypatch):
    """With the whole-stage result gone, every document's part still comes from the extract
    cache, and the annotation cache is not read at all (it may even be gone)."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out, symlinks=True)
    shutil.rmtree(out / "cache" / "stages")
    shutil.rmtree(out / "cache" / "nlp")
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["documents extracted"] == 0 and again.counts["text units annotated"] == 0
    for name, table in tables(sample_output.out).items():
        pd.testing.assert_frame_equal(tables(out)[name], table, obj=name)
