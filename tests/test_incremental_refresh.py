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


def test_a_refresh_with_one_page_changed_extracts_only_its_document(sample_output, tmp_path, monkeypatch):
    """A later fetch run archives one page with another date in its text: only that page's
    document is extracted again (the others' mentions come from the extract cache), and the
    tables are the ones a cold run over the same archive gives."""
    from pipeline.archive import ArchiveWriter

    monkeypatch.chdir(ROOT)
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(ROOT / "raw", raw)
    shutil.copytree(sample_output.out, out, symlinks=True)
    documents = tables(sample_output.out)["documents"]
    kept = documents[documents["duplicate_of"].isna()]
    archive = Archive(raw)
    single = kept.groupby("url").filter(lambda group: len(group) == 1)  # a page that gives one document
    capture, body = next((c, archive.read_body(c)) for c in archive.good_pages()
                         if c.url in set(single["url"]) and b" 2019" in archive.read_body(c))
    writer = ArchiveWriter(raw, provenance=capture.provenance)
    writer.write_exchange(url=capture.url, request_url=capture.request_url, request_headers={}, status=200, reason="OK",
                          response_headers=[("Content-Type", capture.content_type)], body=body.replace(b" 2019", b" 2018"),
                          source=capture.source, page_kind=capture.page_kind, depth=capture.depth)
    writer.commit({})
    again = process_archive(Archive(raw), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["pages cleaned"] == 1
    now = tables(out)["documents"]
    now = now[now["duplicate_of"].isna()]
    fields = ["doc_id", "title", "text", "published"]
    changed = now.merge(kept[fields], on=fields, how="left", indicator=True)["_merge"].eq("left_only").sum()
    assert 1 <= changed <= 2  # the page's document (and an index entry of the page it no longer duplicates)
    assert again.counts["documents extracted"] == changed
    assert again.counts["documents extracted, from cache"] == len(now) - changed > 50
    cold = process_archive(Archive(raw), CONFIG, tmp_path / "cold", decisions_file=sample_output.decisions)
    assert cold.counts["documents extracted"] == len(now) and cold.counts["documents extracted, from cache"] == 0
    for name in ("documents", "mentions", "entities"):  # a refresh keeps the last run's event IDs, a cold run has none
        pd.testing.assert_frame_equal(tables(out)[name].drop(columns=["event_id"], errors="ignore"),
                                      tables(tmp_path / "cold")[name].drop(columns=["event_id"], errors="ignore"), obj=name)
    uncached = tmp_path / "uncached"  # the same refresh without the extract cache: every table the same, IDs included
    shutil.copytree(sample_output.out, uncached, symlinks=True)
    shutil.rmtree(uncached / "cache" / "extract")
    process_archive(Archive(raw), CONFIG, uncached, decisions_file=sample_output.decisions)
    stamps = ["last_changed", "created"]  # the time each run changed or first made an event
    for name in ("documents", "mentions", "entities", "events", "pairs"):
        pd.testing.assert_frame_equal(tables(out)[name].drop(columns=stamps, errors="ignore"),
                                      tables(uncached)[name].drop(columns=stamps, errors="ignore"), obj=name)
