"""Record-level quarantine: a page, document or mention that cannot be used is left out with
its reason (rejects.parquet, one warning each, counted per stage) and the run writes everything
else. Broken structural invariants still stop the write."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import pipeline.process as process_module
from pipeline.archive import Archive
from pipeline.fetch import fetch_sources
from pipeline.process import less_mentions, process_archive, quarantine
from pipeline.rejects import REJECT_COLUMNS
from pipeline.schema import read_tables, validate_tables
from pipeline.sources import load_sources
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "config" / "sources.toml"
DROPPED = "urangminang-blog"  # a source with one article on a domain of its own
DROPPED_URL = "https://urangminang.com/kazakhstan-workers-unions-under-attack/"


LISTING = """<!doctype html><html><head><meta charset="utf-8"><title>Union news</title></head><body>
<article class="teaser"><h2><a href="/strike.html">Couriers strike in Almaty</a></h2><time datetime="2021-03-05">5 March 2021</time>
<p class="summary">On 5 March 2021, police in Almaty detained Jenis Orynaliev, the president of the couriers' union.</p></article>
<article class="teaser"><h2><a href="mailto:press@union.example">Write to the press office</a></h2><time datetime="2021-03-06">6 March 2021</time>
<p class="summary">The press office of the Couriers Union answers questions from journalists every weekday.</p></article>
</body></html>"""
SOURCES = """[fetch]
delay_seconds = 0
user_agent = "labour-rights-events tests (https://example.org/contact)"

[[sources]]
name = "couriers-union"
publisher = "Couriers Union"
start_urls = ["{base}/"]
max_depth = 0

[[sources.pages]]
kind = "listing"
match = "^/$"
item = "article.teaser"
item_link = "h2 a"
title = "h2"
date = "time"
body = "p.summary"
"""


@pytest.fixture(scope="module")
def hostile_listing(tmp_path_factory):
    """An archive of one listing page whose second item links to a mailto: address."""
    folder = tmp_path_factory.mktemp("hostile-listing")
    (folder / "site").mkdir()
    (folder / "site" / "index.html").write_text(LISTING, encoding="utf-8")
    with SiteServer(folder / "site") as server:
        sources = folder / "sources.toml"
        sources.write_text(SOURCES.format(base=server.base_url), encoding="utf-8")
        fetch_sources(load_sources(sources), folder / "raw", progress=False)
        url = server.base_url + "/"
    return folder / "raw", sources, url


@pytest.fixture()
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # settings name config files relative to the repository root


def run(raw: Path, sources: Path, out: Path):
    return process_archive(Archive(raw), load_sources(sources), out, decisions_file=out.parent / "decisions.jsonl")


def test_a_document_that_fails_a_row_check_is_left_out_and_the_rest_is_written(tmp_path, in_root, hostile_listing):
    """A listing item linking to a mailto: address is page chrome, not a report: today its
    document stopped the whole run (rc 1, nothing written)."""
    raw, sources, url = hostile_listing
    result = run(raw, sources, tmp_path / "out")
    rejects = pd.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert list(rejects.columns) == list(REJECT_COLUMNS)
    assert rejects[["stage", "table", "url"]].values.tolist() == [["clean", "documents", url]]
    assert rejects["key"].iloc[0].startswith("doc_")
    assert rejects["reason"].iloc[0] == "link not of the form ^https?://: 'mailto:press@union.example'"
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["title"].tolist() == ["Couriers strike in Almaty"]
    mentions = pd.read_parquet(tmp_path / "out" / "mentions.parquet")
    assert len(mentions) and set(mentions["doc_id"]) == set(documents["doc_id"])  # no mention of the rejected one
    assert rejects["key"].iloc[0] not in set(mentions["doc_id"])
    assert result.rejects_per_stage()["clean"] == 1
    assert [w for w in result.warnings if "left out" in w] == [
        f"clean: {url}: link not of the form ^https?://: 'mailto:press@union.example'; left out (documents {rejects['key'].iloc[0]})"]
    validate_tables(read_tables(tmp_path / "out"))


def test_a_page_whose_body_cannot_be_read_is_left_out(tmp_path, in_root):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    index = next(raw.glob("runs/*/captures.jsonl"))
    lines = index.read_text(encoding="utf-8").splitlines()
    damaged = []
    for k, line in enumerate(lines):
        record = json.loads(line)
        if record["url"] == DROPPED_URL:
            record["offset"] += 7  # the index points into the middle of a record
            lines[k] = json.dumps(record)
            damaged.append(record["url"])
    assert damaged == [DROPPED_URL]
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(raw, CONFIG, tmp_path / "out")
    rejects = pd.read_parquet(tmp_path / "out" / "rejects.parquet")
    assert rejects[["stage", "table", "key", "url"]].values.tolist() == [["pages", "pages", DROPPED_URL, DROPPED_URL]]
    assert rejects["reason"].iloc[0].startswith("archived copy unusable (runs/")  # set aside when the archive is read
    assert rejects["reason"].iloc[0].isprintable()
    assert DROPPED_URL not in set(pd.read_parquet(tmp_path / "out" / "pages.parquet")["url"])
    assert result.n_pages == len(pd.read_parquet(tmp_path / "out" / "pages.parquet")) > 40
    validate_tables(read_tables(tmp_path / "out"))


def test_a_page_whose_cleaning_raises_is_left_out_naming_the_exception(tmp_path, in_root, monkeypatch):
    real = process_module.clean_page

    def clean_page(page, source):  # a cleaner bug that one page triggers (staging a real one is not cheap)
        if page.url == DROPPED_URL:
            raise AttributeError("'NoneType' object has no attribute 'get_text'")
        return real(page, source)

    monkeypatch.setattr(process_module, "clean_page", clean_page)
    result = run(ROOT / "raw", CONFIG, tmp_path / "out")
    assert [(r.stage, r.table, r.key, r.reason) for r in result.rejects] == [
        ("clean", "pages", DROPPED_URL, "AttributeError: 'NoneType' object has no attribute 'get_text'")]
    assert DROPPED_URL in set(pd.read_parquet(tmp_path / "out" / "pages.parquet")["url"])  # the page itself is fine
    assert result.counts["documents"] > 50


def test_mentions_that_fail_a_row_check_are_left_out_keyed_by_their_id(sample_output):
    mentions = pd.read_parquet(sample_output.out / "mentions.parquet").drop(columns=["event_id"])  # as extraction gives them
    mentions.loc[3, "event_type"] = "bogus"
    mentions.loc[5, "event_date"] = "2021-02-30"
    mentions.loc[5, "date_precision"] = "day"
    valid, rejects = quarantine("extract", "mentions", mentions, key="mention_id", without=("event_id",))
    assert len(valid) == len(mentions) - 2
    assert [(r.stage, r.table, r.key) for r in rejects] == [
        ("extract", "mentions", mentions.loc[3, "mention_id"]), ("extract", "mentions", mentions.loc[5, "mention_id"])]
    assert rejects[0].reason.startswith("event_type not in the vocabulary") and "'bogus'" in rejects[0].reason
    assert "event_date not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) that exists: '2021-02-30'" in rejects[1].reason
    assert rejects[0].url == mentions.loc[3, "url"]
    entities = pd.read_parquet(sample_output.out / "entities.parquet")
    gone = mentions.drop(index=valid.index)
    named = [n for column in ("people", "organisations", "locations") for names in gone[column] for n in names]
    assert named  # the two mentions name someone, who is now counted that much less
    recounted = less_mentions(entities, gone).set_index("canonical")["n_mentions"]
    before = entities.set_index("canonical")["n_mentions"]
    assert {c: before[c] - recounted[c] for c in set(named)} == {c: named.count(c) for c in set(named)}
    assert (recounted.drop(index=list(set(named))) == before.drop(index=list(set(named)))).all()


def test_duplicates_are_linked_the_same_with_a_memo_of_fingerprints(sample_output):
    from pipeline.clean import mark_duplicates

    records = pd.read_parquet(sample_output.out / "documents.parquet").to_dict("records")
    plain = mark_duplicates(records)
    assert any(r["duplicate_of"] for r in plain)
    memo: dict = {}
    assert mark_duplicates(records, memo) == plain and memo
    assert mark_duplicates(records, memo) == plain  # from the memo
    first = set(memo)
    assert mark_duplicates(records[:3], memo) == mark_duplicates(records[:3])
    assert set(memo) < first  # left holding the texts of the last call only
    # what the memo says is what is used: one fingerprint for every text makes all one text
    same = {key: "x" for key in first}
    linked = mark_duplicates(records, same)
    assert sum(r["duplicate_of"] is None for r in linked if r["text"]) == 1


def test_a_broken_structural_invariant_is_no_reject_and_still_stops_the_write(sample_output):
    documents = pd.read_parquet(sample_output.out / "documents.parquet")
    documents.loc[1, "doc_id"] = documents.loc[0, "doc_id"]  # a duplicated key is a bug, not bad input
    valid, rejects = quarantine("clean", "documents", documents, key="doc_id")
    assert rejects == [] and len(valid) == len(documents)


def test_the_cli_counts_rejects_per_stage_and_warns_once_each(tmp_path, hostile_listing):
    raw, sources, url = hostile_listing
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--sources", str(sources), "--raw", str(raw),
                           "--out", str(out), "--decisions", str(tmp_path / "d.jsonl")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    left_out = [line for line in done.stderr.splitlines() if "left out" in line]
    assert len(left_out) == 1 and left_out[0].startswith(f"clean: {url}: link not of the form")
    assert "  1 records left out" in done.stdout and "left out per stage: clean 1" in done.stdout
    summary = json.loads((out / "run-summary.json").read_text(encoding="utf-8"))
    assert summary["rejects"] == {"fetch": 0, "pages": 0, "clean": 1, "extract": 0, "dedup": 0, "write": 0}
    assert left_out[0] in summary["warnings"]
    rows = pd.read_csv(out / "rejects.csv", encoding="utf-8-sig")
    assert rows[["stage", "url"]].values.tolist() == [["clean", url]]
