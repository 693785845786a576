"""The crawler on the fixture site (pages rebuilt from the seed texts), served on loopback."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest

from pipeline.archive import Archive, read_fetch_log
from pipeline.fetch import fetch_sources
from pipeline.sources import parse_sources
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixture_site" / "sites"
MANIFEST = json.loads((ROOT / "tests" / "fixture_site" / "MANIFEST.json").read_text(encoding="utf-8"))
FAST = {"delay_seconds": 0.0, "read_timeout_seconds": 5, "max_retries": 1, "backoff_factor": 0.01}


def loopback_sources(servers: dict[str, SiteServer], **fetch) -> dict:
    """The default sources file, pointed at loopback copies of its sites."""
    data = tomllib.loads((ROOT / "config" / "sources.toml").read_text(encoding="utf-8"))
    sources = []
    for source in data["sources"]:
        host = urlsplit(source["start_urls"][0]).hostname
        if host not in servers:
            continue
        base = servers[host].base_url
        source["start_urls"] = [base + urlsplit(u).path for u in source["start_urls"]]
        source["allowed_domains"] = [urlsplit(base).netloc]
        sources.append(source)
    data["sources"] = sources
    data["fetch"] = {**data["fetch"], **FAST, **fetch}
    return data


@pytest.fixture(scope="module")
def site():
    with ExitStack() as stack:
        servers = {host.name: stack.enter_context(SiteServer(host)) for host in sorted(SITE.iterdir())}
        yield servers


def page_paths(raw: Path, servers) -> dict[str, set[str]]:
    by_port = {s.port: host for host, s in servers.items()}
    found: dict[str, set[str]] = {}
    for capture in Archive(raw).good_pages():
        parts = urlsplit(capture.url)
        found.setdefault(by_port[parts.port], set()).add(parts.path)
    return found


def test_two_runs_archive_every_page_then_find_all_unchanged(site, tmp_path):
    config = parse_sources(loopback_sources(site))
    first = fetch_sources(config, tmp_path, progress=False)
    assert first.counts()["new"] == len(first.entries) > 40
    expected: dict[str, set[str]] = {}
    for page in MANIFEST:
        if page["kind"] != "other":
            expected.setdefault(page["host"], set()).add(page["path"])
    assert page_paths(tmp_path, site) == expected

    for server in site.values():
        server.log.clear()
    second = fetch_sources(config, tmp_path, progress=False)
    assert {e.outcome for e in second.entries} == {"unchanged"}
    assert len(second.entries) == len(first.entries)
    page_requests = [r for s in site.values() for r in s.log if r["path"] != "/robots.txt"]
    assert len(page_requests) == len(second.entries)
    assert all("If-None-Match" in r["headers"] and "If-Modified-Since" in r["headers"] for r in page_requests)
    statuses = {c.status for c in Archive(tmp_path).captures if c.run_id == second.run_dir.name and c.page_kind != "robots"}
    assert statuses == {304}
    log = read_fetch_log(second.run_dir)
    assert len(log) == len(second.entries) and all(line["outcome"] == "unchanged" for line in log)


def test_changed_and_failing_pages_on_a_later_run(site, tmp_path):
    config = parse_sources(loopback_sources(site))
    fetch_sources(config, tmp_path, progress=False)
    gri, news = site["survey.ituc-csi.org"], site["www.ituc-csi.org"]
    changed_path = "/kazakhstan-interference-by-employers.html"
    failing_path = "/kazakhstan-fundamental-change-needed.html"
    before = Archive(tmp_path).latest_good(news.base_url + failing_path)
    html = (SITE / "survey.ituc-csi.org" / changed_path.lstrip("/")).read_bytes().replace(b"Kazakhmys", b"Kazakhmys PLC")
    gri.overrides[changed_path] = (200, {"Content-Type": "text/html; charset=utf-8"}, html)
    news.overrides[failing_path] = (503, {"Content-Type": "text/html"}, b"<html>down</html>")
    try:
        report = fetch_sources(config, tmp_path, progress=False)
    finally:
        gri.overrides.clear()
        news.overrides.clear()
    outcomes = {urlsplit(e.url).path: e for e in report.entries}
    assert outcomes[changed_path].outcome == "changed"
    assert outcomes[failing_path].outcome == "failed"
    assert "HTTP 503" in outcomes[failing_path].reason and "gave up after 2 attempt" in outcomes[failing_path].reason
    after = Archive(tmp_path).latest_good(news.base_url + failing_path)
    assert after == before  # a failed fetch never replaces the last good copy


def test_generic_source_follows_links_but_obeys_robots_and_limits(site, tmp_path):
    news = site["www.ituc-csi.org"]
    news.log.clear()
    config = parse_sources(
        {
            "fetch": FAST,
            "sources": [
                {
                    "name": "unseen",
                    "publisher": "Somebody",
                    "start_urls": [news.base_url + "/kazakhstan-news/"],
                    "max_depth": 1,
                    "max_pages": 100,
                }
            ],
        }
    )
    report = fetch_sources(config, tmp_path, progress=False)
    fetched = {urlsplit(e.url).path for e in report.entries if e.outcome == "new"}
    assert "/kazakhstan-news/page-2.html" in fetched and "/about.html" in fetched
    assert max(e.depth for e in report.entries) == 1
    assert "/kazakhstan-fundamental-change-needed.html" not in fetched  # linked from page 3 only: two hops
    assert report.link_pages["at max_depth, not read"] > 0  # depth-1 pages: no link can be followed
    assert news.requests_for("/private/secret.html") == []
    assert any(e.reason == "disallowed by robots.txt" for e in report.entries)


def test_command_line_fetch_then_process(site, tmp_path):
    sources = tmp_path / "sources.toml"
    data = loopback_sources({"urangminang.com": site["urangminang.com"], "survey.ituc-csi.org": site["survey.ituc-csi.org"]})
    sources.write_text(_to_toml(data), encoding="utf-8")
    raw, out = tmp_path / "raw", tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline", "run", "--sources", str(sources), "--raw", str(raw), "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "fetch summary" in done.stdout and "ituc-gri-kazakhstan" in done.stdout
    pages = pd.read_parquet(out / "pages.parquet")
    assert len(pages) == 34 and set(pages["provenance"]) == {"live-capture"}
    again = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert again.returncode == 0, again.stderr
    total = next(line for line in again.stdout.splitlines() if line.startswith("total"))
    assert total.split()[1:] == ["0", "0", "34", "0", "0", "0"]  # new changed unchanged failed rejected skipped


def test_bad_sources_file_fails_with_a_message_naming_the_entry(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "ok"\npublisher = "P"\nstart_urls = ["https://example.org/"]\n'
        '[[sources]]\nname = "broken"\npublisher = "P"\nstart_urls = ["ftp://example.org/"]\n'
        '[[sources.pages]]\nkind = "listing"\nitem = "li[class="\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "fetch", "--sources", str(sources), "--raw", str(tmp_path / "raw")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 2
    assert "source 'broken' (sources[1]).start_urls" in done.stderr
    assert "source 'broken' (sources[1]).pages.0.item" in done.stderr and "CSS selector" in done.stderr


def _to_toml(data: dict) -> str:
    """Just enough TOML for a sources file (strings, numbers, booleans, lists, tables)."""

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return json.dumps(v)
        return "[" + ", ".join(value(x) for x in v) + "]"

    lines = ["[fetch]"] + [f"{k} = {value(v)}" for k, v in data["fetch"].items()]
    for source in data["sources"]:
        lines.append("\n[[sources]]")
        lines += [f"{k} = {value(v)}" for k, v in source.items() if k != "pages"]
        for page in source.get("pages", []):
            lines.append("[[sources.pages]]")
            lines += [f"{k} = {value(v)}" for k, v in page.items()]
    return "\n".join(lines) + "\n"
