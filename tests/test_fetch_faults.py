"""The crawler against a real loopback server that misbehaves in every way a web server can."""

from __future__ import annotations

import socket

import pytest

from pipeline.archive import Archive
from pipeline.fetch import fetch_sources
from pipeline.sources import parse_sources
from site_server import CYRILLIC, SiteServer

FAST = {
    "user_agent": "labour-rights-events-tests/0.1 (contact: tests@example.org)",
    "delay_seconds": 0.05,
    "connect_timeout_seconds": 2,
    "read_timeout_seconds": 0.5,
    "max_retries": 2,
    "backoff_factor": 0.05,
    "retry_after_max_seconds": 5,
    "max_body_bytes": 1_000_000,
    "max_redirects": 3,
}


def fault_config(server: SiteServer, **fetch):
    return parse_sources(
        {
            "fetch": {**FAST, **fetch},
            "sources": [
                {
                    "name": "faults",
                    "publisher": "Fault Server",
                    "start_urls": [f"{server.base_url}/faults/"],
                    "allowed_domains": ["127.0.0.1"],
                    "max_depth": 2,
                    "max_pages": 50,
                }
            ],
        }
    )


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    with SiteServer(faults=True, slow_seconds=1.5) as server:
        report = fetch_sources(fault_config(server), raw, progress=False)
        yield server, report, raw


def entry(report, suffix):
    matches = [e for e in report.entries if e.url.endswith(suffix)]
    assert matches, f"no fetch-log entry for {suffix}: {[e.url for e in report.entries]}"
    return matches[0]


def test_timeout_is_retried_then_given_up_with_reason(fault_run):
    server, report, _ = fault_run
    slow = entry(report, "/faults/slow.html")
    assert slow.outcome == "failed"
    assert "timed out" in slow.reason and "3 attempt" in slow.reason
    assert len(server.requests_for("/faults/slow.html")) == 3  # 1 + max_retries


def test_server_error_then_success_is_retried(fault_run):
    server, report, _ = fault_run
    flaky = entry(report, "/faults/flaky.html")
    assert flaky.outcome == "new" and flaky.status == 200
    assert flaky.attempts == 2
    assert len(server.requests_for("/faults/flaky.html")) == 2


def test_429_waits_for_retry_after(fault_run):
    server, report, _ = fault_run
    limited = entry(report, "/faults/ratelimited.html")
    assert limited.outcome == "new"
    first, second = server.requests_for("/faults/ratelimited.html")
    assert second["time"] - first["time"] >= 0.95  # Retry-After: 1


def test_redirect_loop_gives_up(fault_run):
    _, report, _ = fault_run
    loop = entry(report, "/faults/loop-a.html")
    assert loop.outcome == "failed" and "too many redirects" in loop.reason


def test_redirect_records_final_url(fault_run):
    _, report, raw = fault_run
    moved = entry(report, "/faults/redirect.html")
    assert moved.outcome == "new" and moved.final_url.endswith("/faults/target.html")
    capture = Archive(raw).latest_good(moved.url)
    assert capture is not None and capture.url.endswith("/faults/target.html")
    assert capture.request_url == moved.url


def test_404_is_not_retried(fault_run):
    server, report, _ = fault_run
    missing = entry(report, "/faults/missing.html")
    assert missing.outcome == "failed" and missing.reason.startswith("HTTP 404")
    assert len(server.requests_for("/faults/missing.html")) == 1


def test_binary_and_pdf_are_skipped_with_reason(fault_run):
    _, report, _ = fault_run
    for suffix in ("/faults/binary.bin", "/faults/report.pdf"):
        skipped = entry(report, suffix)
        assert skipped.outcome == "skipped" and "not HTML" in skipped.reason


def test_oversized_body_and_gzip_bomb_are_capped(fault_run):
    _, report, raw = fault_run
    for suffix in ("/faults/huge.html", "/faults/bomb.html"):
        big = entry(report, suffix)
        assert big.outcome == "failed" and "max_body_bytes" in big.reason
        assert big.bytes <= FAST["max_body_bytes"]
        assert Archive(raw).latest_good(big.url) is None  # a cut body is never the good copy


def test_charsets_are_decoded_correctly(fault_run):
    from pipeline.decode import decode_html

    _, report, raw = fault_run
    archive = Archive(raw)
    for suffix in ("/faults/wrong-charset.html", "/faults/latin1-declared.html", "/faults/meta-charset.html"):
        capture = archive.latest_good(entry(report, suffix).url)
        text, _ = decode_html(archive.read_body(capture), capture.content_type)
        assert CYRILLIC in text, suffix
    capture = archive.latest_good(entry(report, "/faults/latin1-declared.html").url)
    assert "Kushakbayev’s union —" in decode_html(archive.read_body(capture), capture.content_type)[0]


def test_robots_disallowed_and_other_domain_never_requested(fault_run):
    server, report, _ = fault_run
    assert server.requests_for("/private/secret.html") == []
    secret = entry(report, "/private/secret.html")
    assert secret.outcome == "skipped" and "robots.txt" in secret.reason
    assert not any(r["headers"].get("Host", "").startswith("localhost") for r in server.log)
    assert report.skipped_links["other domain"] >= 1


def test_user_agent_and_politeness_delay(fault_run):
    server, _, _ = fault_run
    assert all(r["headers"]["User-Agent"] == FAST["user_agent"] for r in server.log)
    starts = sorted(r["time"] for r in server.log)
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    # transport retries happen inside one slot; between slots the delay holds
    assert sum(g >= FAST["delay_seconds"] * 0.9 for g in gaps) >= len(gaps) - 4


def test_every_response_is_archived_with_its_metadata(fault_run):
    _, report, raw = fault_run
    archive = Archive(raw)
    assert report.run_dir is not None and (report.run_dir / "pages.warc.gz").exists()
    statuses = {c.status for c in archive.captures}
    assert {200, 302, 301, 404}.issubset(statuses)
    # responses that urllib3 retried are not archived, but the log says what they were
    assert entry(report, "/faults/flaky.html").retried == ["HTTP 500"]
    assert entry(report, "/faults/ratelimited.html").retried == ["HTTP 429"]
    capture = archive.latest_good(entry(report, "/faults/flaky.html").url)
    headers = archive.read_record_headers(capture)
    assert headers["WARC-Target-URI"] == capture.url
    assert headers["WARC-X-Body-SHA256"] == capture.sha256
    assert headers["WARC-X-Provenance"] == "live-capture"
    assert capture.fetched_at.endswith("Z")


def test_unreachable_network_keeps_archive_as_is(tmp_path):
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = parse_sources(
        {"fetch": FAST, "sources": [{"name": "gone", "publisher": "X", "start_urls": [f"http://127.0.0.1:{port}/"]}]}
    )
    report = fetch_sources(config, tmp_path, progress=False)
    assert report.run_dir is None and report.offline
    assert "network unreachable" in report.message
    assert not any((tmp_path / "runs").iterdir())
