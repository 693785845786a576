"""Incremental processing: a page whose body, fields, source settings and cleaning code are
unchanged is not cleaned again, and the tables do not change because of it."""

import shutil

import pandas as pd
import pytest

from conftest import ROOT
from pipeline.archive import Archive
from pipeline.clean import PageInput
from pipeline.doc_cache import DocumentCache, clean_fingerprint, local_imports, page_key
from pipeline.process import clean_pages, process_archive
from pipeline.sources import load_sources

CONFIG = load_sources(ROOT / "config" / "sources.toml")
TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs")


def tables(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}


def assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_refresh_cleans_no_unchanged_page_and_gives_the_same_tables(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    first = sample_output.result
    assert first.counts["pages cleaned"] == first.n_pages and first.counts["pages cleaned, from cache"] == 0
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out)  # the same folder, caches included, as a refresh finds it
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["pages cleaned"] == 0
    assert again.counts["pages cleaned, from cache"] == first.n_pages
    assert again.counts["text units annotated"] == 0
    assert again.counts["mentions from the last run (documents unchanged)"] == first.counts["mentions"]
    assert again.counts["events from the last run (mentions and decisions unchanged)"] == first.counts["events"]
    assert_same_tables(tables(sample_output.out), tables(out))


def test_a_new_review_decision_is_applied_on_a_refresh(sample_output, tmp_path, monkeypatch):
    from pipeline.decisions import append_decision

    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    shutil.copytree(sample_output.out, out)
    decisions = tmp_path / "decisions.jsonl"
    events = tables(out)["mentions"].groupby("event_id")["mention_id"].first()
    a, b = sorted(events.index)[:2]
    append_decision(decisions, events[a], events[b], "same", "tester")
    again = process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=decisions)
    assert again.counts["mentions from the last run (documents unchanged)"] == sample_output.result.counts["mentions"]
    assert again.counts["events from the last run (mentions and decisions unchanged)"] == 0
    assert again.counts["review decisions applied"] == 1
    joined = tables(out)["mentions"].set_index("mention_id")["event_id"]
    assert joined[events[a]] == joined[events[b]]


def page(body: bytes, url="https://example.org/a") -> PageInput:
    import hashlib

    return PageInput(url=url, body=body, source="", page_kind="generic", raw_sha256=hashlib.sha256(body).hexdigest())


BODY = (b"<html><head><title>Union leader detained</title></head><body><article><p>The union leader was "
        b"detained in the capital on 3 May 2021 after a meeting with workers about unpaid wages.</p></article></body></html>")


def test_a_changed_body_or_source_setting_is_cleaned_again(tmp_path):
    cache = DocumentCache(tmp_path / "documents", clean_fingerprint("config/dates.toml"))
    stats = {"cleaned": 0, "from cache": 0}
    from collections import Counter

    stats = Counter()
    first, _, _ = clean_pages([page(BODY)], CONFIG, cache=cache, stats=stats)
    again, _, _ = clean_pages([page(BODY)], CONFIG, cache=cache, stats=stats)
    assert stats == {"cleaned": 1, "from cache": 1} and again == first
    changed = BODY.replace(b"3 May 2021", b"4 May 2021")
    other, _, _ = clean_pages([page(changed)], CONFIG, cache=cache, stats=stats)
    assert stats["cleaned"] == 2 and "4 May 2021" in other[0]["text"]
    source = CONFIG.sources[0]
    assert page_key(page(BODY), source) != page_key(page(BODY), source.model_copy(update={"publisher": "Someone else"}))
    cache.close()


def test_the_code_fingerprint_covers_every_module_cleaning_imports_and_the_dates_file(tmp_path):
    assert {"clean", "dates", "decode", "sources"} <= local_imports("clean")
    dates = tmp_path / "dates.toml"
    dates.write_text((ROOT / "config" / "dates.toml").read_text(encoding="utf-8"), encoding="utf-8")
    before = clean_fingerprint(str(dates))
    dates.write_text(dates.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    clean_fingerprint.cache_clear()
    assert clean_fingerprint(str(dates)) != before


def test_a_rejected_page_is_cached_as_rejected(tmp_path):
    from collections import Counter

    cache = DocumentCache(tmp_path / "documents", clean_fingerprint("config/dates.toml"))
    stats = Counter()
    for _ in range(2):
        records, _, rejects = clean_pages([page(b"   ")], CONFIG, cache=cache, stats=stats)
        assert records == [] and [r.reason for r in rejects] == ["empty body"]
    assert stats == {"cleaned": 1, "from cache": 1}
    cache.close()


def test_a_damaged_document_cache_is_rebuilt(tmp_path):
    folder = tmp_path / "documents"
    cache = DocumentCache(folder, "f")
    cache.close()
    (folder / "cache.db").write_bytes(b"not a database" * 200)
    rebuilt = DocumentCache(folder, "f")
    assert rebuilt.warnings and "clean: document cache" in rebuilt.warnings[0]
    records, _, _ = clean_pages([page(BODY)], CONFIG, cache=rebuilt)
    assert records
    rebuilt.close()
