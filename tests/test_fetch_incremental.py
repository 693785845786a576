"""Fetch on real loopback servers: links of unchanged pages come from the archive, pages at
the depth limit are not parsed, and several hosts are in flight within the politeness rules."""

from __future__ import annotations

from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest

import pipeline.fetch as fetch_module
from generated_site import GeneratedSite, news_source
from pipeline.archive import LINKS_NAME, Archive, read_fetch_log
from pipeline.fetch import fetch_sources
from pipeline.sources import parse_sources

FAST = {"delay_seconds": 0.0, "read_timeout_seconds": 5, "max_retries": 1, "backoff_factor": 0.01}


def _config(sources: list[dict], **fetch):
    return parse_sources({"fetch": {**FAST, **fetch}, "sources": sources})


def _outcomes(report) -> list[tuple[str, str, int]]:
    return [(e.url, e.outcome, e.depth) for e in report.entries]


def test_a_recrawl_of_unchanged_pages_takes_every_link_from_the_archive(tmp_path):
    with GeneratedSite(45) as site:
        config = _config([news_source("gen", [site.base_url], max_depth=2)])
        first = fetch_sources(config, tmp_path, progress=False)
        second = fetch_sources(config, tmp_path, progress=False)
    assert first.counts()["new"] == len(first.entries) > 45
    assert {e.outcome for e in second.entries} == {"unchanged"}
    assert all(e.status == 304 for e in second.entries)
    assert [e.url for e in second.entries] == [e.url for e in first.entries]
    assert first.link_pages["parsed"] > 45 and "from the archive" not in first.link_pages
    assert second.link_pages["from the archive"] == first.link_pages["parsed"]
    assert "parsed" not in second.link_pages
    assert (second.run_dir / LINKS_NAME).read_text(encoding="utf-8") == ""  # nothing new to store


def test_missing_or_damaged_stored_links_mean_the_page_is_parsed_again(tmp_path):
    with GeneratedSite(30) as site:
        config = _config([news_source("gen", [site.base_url], max_depth=2)])
        first = fetch_sources(config, tmp_path, progress=False)
        stored = first.run_dir / LINKS_NAME
        lines = stored.read_text(encoding="utf-8").splitlines()
        stored.write_text("\n".join(["{not json", '{"key": "x", "links": [["u", 7, null]]}'] + lines[2:]) + "\n",
                          encoding="utf-8")
        damaged = fetch_sources(config, tmp_path, progress=False)
        for run in (first.run_dir, damaged.run_dir):
            (run / LINKS_NAME).unlink()
        missing = fetch_sources(config, tmp_path, progress=False)
    assert _outcomes(damaged)[1:] == [(u, "unchanged", d) for u, _, d in _outcomes(first)][1:]
    assert damaged.link_pages["parsed"] == 2  # the two damaged lines' pages
    assert damaged.link_pages["from the archive"] == first.link_pages["parsed"] - 2
    assert any(LINKS_NAME in w and "2 line(s)" in w for w in damaged.warnings)
    assert [e.url for e in missing.entries] == [e.url for e in first.entries]
    assert missing.link_pages["parsed"] == first.link_pages["parsed"]
    assert {e.outcome for e in missing.entries} == {"unchanged"}


def test_a_changed_page_is_parsed_again_and_its_new_links_followed(tmp_path):
    with GeneratedSite(12) as site:
        config = _config([news_source("gen", [site.base_url], max_depth=1)])
        first = fetch_sources(config, tmp_path, progress=False)
        site.n_pages = 14  # listing 1 now names two more stories
        second = fetch_sources(config, tmp_path, progress=False)
    got = {urlsplit(e.url).path: e.outcome for e in second.entries}
    assert got["/list-1.html"] == "changed" and got["/article-12.html"] == got["/article-13.html"] == "new"
    assert "/article-12.html" not in {urlsplit(e.url).path for e in first.entries}
    assert second.link_pages["parsed"] == 1  # list-1 only; list-0 from the archive, articles at max_depth
    assert second.link_pages["from the archive"] == 1


def test_pages_at_the_depth_limit_are_not_parsed(tmp_path):
    with GeneratedSite(25) as site:
        articles_only = {"name": "flat", "publisher": "Generated", "max_depth": 0,
                         "start_urls": [f"{site.base_url}/article-{i}.html" for i in range(5)]}
        report = fetch_sources(_config([articles_only]), tmp_path, progress=False)
        listing = fetch_sources(_config([news_source("gen", [site.base_url], max_depth=0)]), tmp_path / "b", progress=False)
    assert report.counts()["new"] == 5 and len(report.entries) == 5
    assert report.link_pages == {"at max_depth, not read": 5}
    assert (report.run_dir / LINKS_NAME).read_text(encoding="utf-8") == ""
    # listings still name their next page at the same depth: those are read, articles never reached
    paths = [urlsplit(e.url).path for e in listing.entries]
    assert paths == ["/list-0.html", "/list-1.html", "/list-2.html"]
    assert listing.link_pages == {"parsed": 3}
    assert listing.skipped_links["beyond max_depth"] == 25


def _overlap(a: list[tuple[str, float, float]], b: list[tuple[str, float, float]]) -> bool:
    return any(s1 < e2 and s2 < e1 for _, s1, e1 in a for _, s2, e2 in b)


def _max_in_flight(requests: list[tuple[str, float, float]]) -> int:
    events = sorted([(s, 1) for _, s, _ in requests] + [(e, -1) for _, _, e in requests])
    now = peak = 0
    for _, step in events:
        now += step
        peak = max(peak, now)
    return peak


def test_one_source_keeps_two_hosts_in_flight_each_within_its_own_limits(tmp_path):
    with ExitStack() as stack:
        a = stack.enter_context(GeneratedSite(16, pause=0.05))
        b = stack.enter_context(GeneratedSite(16, pause=0.05, robots="User-agent: *\nCrawl-delay: 0.2\n"))
        a.also = b.also = ()
        source = news_source("two", [a.base_url, b.base_url], max_depth=1)
        report = fetch_sources(_config([source], delay_seconds=0.1), tmp_path, progress=False)
    assert report.counts()["new"] == len(report.entries) == 2 * (16 + 2)
    assert _overlap(a.requests, b.requests)  # both hosts had a request in flight at once
    for site, delay in ((a, 0.1), (b, 0.2)):
        assert _max_in_flight(site.requests) == 1  # concurrency_per_host = 1
        starts = sorted(s for path, s, _ in site.requests if path != "/robots.txt")  # Crawl-delay is known after it
        assert min(later - earlier for earlier, later in zip(starts, starts[1:])) >= 0.8 * delay  # server-side clock: allow for jitter


def test_concurrency_per_host_is_used_but_never_exceeded(tmp_path):
    with GeneratedSite(30, pause=0.05) as site:
        report = fetch_sources(_config([news_source("gen", [site.base_url])], concurrency_per_host=3),
                               tmp_path, progress=False)
    assert report.counts()["new"] == len(report.entries) == 33
    assert _max_in_flight(site.requests) == 3


@pytest.mark.parametrize("max_pages", [7, 40])
def test_pages_in_flight_change_nothing_the_crawl_finds(tmp_path, monkeypatch, max_pages):
    """Same pages, same outcomes, same log order and counts as a crawl one page at a time."""
    with ExitStack() as stack:
        a = stack.enter_context(GeneratedSite(24))
        b = stack.enter_context(GeneratedSite(24))
        a.also, b.also = (b.base_url,), (a.base_url,)
        sources = [news_source("two", [a.base_url, b.base_url], max_pages=max_pages, max_depth=2)]
        several = fetch_sources(_config(sources, concurrency_per_host=2), tmp_path / "several", progress=False)
        monkeypatch.setattr(fetch_module, "HOSTS_IN_FLIGHT", 1)
        one = fetch_sources(_config(sources), tmp_path / "one", progress=False)
    assert len(several.entries) == max_pages
    assert _outcomes(several) == _outcomes(one)
    assert several.skipped_links == one.skipped_links
    assert [e["url"] for e in read_fetch_log(several.run_dir)] == [e.url for e in one.entries]
    assert {c.url for c in Archive(tmp_path / "several").good_pages()} == {c.url for c in Archive(tmp_path / "one").good_pages()}


def test_connections_are_kept_for_the_next_page_when_a_body_was_read_whole(tmp_path):
    with GeneratedSite(20, keep_alive=True) as site:
        report = fetch_sources(_config([news_source("gen", [site.base_url])]), tmp_path, progress=False)
        again = fetch_sources(_config([news_source("gen", [site.base_url])]), tmp_path, progress=False)
    assert report.counts()["new"] == len(report.entries) == 22
    assert {e.outcome for e in again.entries} == {"unchanged"}
    assert len(site.requests) == 2 * 23  # robots.txt and every page, twice
    assert len(site.clients) <= 4  # one connection per run (two, should the server time one out)
