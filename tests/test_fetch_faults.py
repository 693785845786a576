"""The crawler against a real loopback server that misbehaves in every way a web server can."""

from __future__ import annotations

import socket
import time

import pytest

from pipeline.archive import Archive, read_fetch_log
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


def test_attempts_are_the_requests_the_server_received(fault_run):
    server, report, _ = fault_run
    for suffix in ("slow.html", "flaky.html", "ratelimited.html", "missing.html", "cut-body.html", "binary.bin"):
        tried = entry(report, "/faults/" + suffix)
        assert tried.attempts == len(server.requests_for("/faults/" + suffix)), suffix


def test_body_cut_off_in_transit_is_failed_not_good(fault_run):
    _, report, raw = fault_run
    cut = entry(report, "/faults/cut-body.html")
    assert cut.outcome == "failed" and "cut off" in cut.reason
    assert Archive(raw).latest_good(cut.url) is None


def one_page_config(server: SiteServer, *paths: str, **fetch):
    return parse_sources(
        {
            "fetch": {**FAST, **fetch},
            "sources": [{"name": "one", "publisher": "P", "start_urls": [server.base_url + p for p in paths],
                         "allowed_domains": ["127.0.0.1"], "max_depth": 0}],
        }
    )


def test_max_response_seconds_is_a_wall_clock_deadline(tmp_path):
    # ~200 bytes at one per 0.8 s would take minutes; every byte arrives within the read timeout
    with SiteServer(faults=True, drip_seconds=0.8) as server:
        started = time.monotonic()
        config = one_page_config(server, "/faults/drip.html", max_response_seconds=1.5, read_timeout_seconds=5)
        report = fetch_sources(config, tmp_path, progress=False)
        took = time.monotonic() - started
    drip = entry(report, "/faults/drip.html")
    assert drip.seconds < 3 and took < 8, (drip.seconds, took)  # the deadline, not the ~3 minutes of the drip
    assert drip.outcome == "failed" and "max_response_seconds=1.5" in drip.reason
    assert Archive(tmp_path).latest_good(drip.url) is None


@pytest.mark.parametrize(
    "robots, why",
    [((-1, {}, b""), "could not be fetched"), ((503, {"Content-Type": "text/plain"}, b"down"), "HTTP 503")],
    ids=["timeout", "503"],
)
def test_unreadable_robots_txt_means_disallow_all_and_the_run_is_kept(tmp_path, robots, why):
    with SiteServer(faults=True, robots=robots, slow_seconds=1.5) as server:
        report = fetch_sources(one_page_config(server, "/faults/target.html", "/faults/flaky.html"), tmp_path, progress=False)
        assert server.requests_for("/faults/target.html") == [] and server.requests_for("/faults/flaky.html") == []
    assert report.run_dir is not None and not report.offline  # the host answered: not "no network"
    log = read_fetch_log(report.run_dir)
    assert len(log) == 2
    for line in log:
        assert line["outcome"] == "skipped"
        assert why in line["reason"] and "disallow-all" in line["reason"] and "RFC 9309" in line["reason"]


def test_robots_txt_over_500_kib_is_obeyed(tmp_path):
    rules = b"User-agent: *\nDisallow: /private/\n"
    big = rules + b"# padding\n" * 120_000  # 1.2 MB, more than max_body_bytes
    with SiteServer(faults=True, robots=(200, {"Content-Type": "text/plain"}, big)) as server:
        report = fetch_sources(one_page_config(server, "/private/secret.html", "/faults/target.html"), tmp_path, progress=False)
        assert server.requests_for("/private/secret.html") == []
    assert entry(report, "/private/secret.html").reason == "disallowed by robots.txt"
    assert entry(report, "/faults/target.html").outcome == "new"


BREAKS = ["empty", "png", "cut-gzip", "soft-404", "error-heading"]


def test_broken_looking_response_never_replaces_the_last_good_copy(tmp_path):
    with SiteServer(faults=True) as server:
        config = one_page_config(server, *[f"/faults/breaks/{b}.html" for b in BREAKS])
        first = fetch_sources(config, tmp_path, progress=False)
        good = {e.url: Archive(tmp_path).latest_good(e.url) for e in first.entries}
        second = fetch_sources(config, tmp_path, progress=False)
    assert {e.outcome for e in first.entries} == {"new"}
    archive = Archive(tmp_path)
    log = {line["url"]: line for line in read_fetch_log(second.run_dir)}
    for name in BREAKS:
        url = f"{server.base_url}/faults/breaks/{name}.html"
        assert good[url] is not None and archive.latest_good(url) == good[url], name  # still the first run's copy
        assert log[url]["outcome"] == ("failed" if name == "cut-gzip" else "rejected"), name
        assert log[url]["reason"], name
        archived = [c for c in archive.captures if c.url == url and c.run_id == second.run_dir.name]
        assert len(archived) == 1 and archived[0].status == 200, name  # kept as received
    assert "gzip stream ends before its end" in log[f"{server.base_url}/faults/breaks/cut-gzip.html"]["reason"]
    assert "PNG" in log[f"{server.base_url}/faults/breaks/png.html"]["reason"]
    assert "error page" in log[f"{server.base_url}/faults/breaks/soft-404.html"]["reason"]
    assert "empty body" in log[f"{server.base_url}/faults/breaks/empty.html"]["reason"]


def test_redirected_robots_txt_is_followed(tmp_path):
    moved = (301, {"Location": "/rules/robots.txt"}, b"")
    with SiteServer(faults=True, robots=moved) as server:
        server.overrides["/rules/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
        report = fetch_sources(one_page_config(server, "/private/secret.html", "/faults/target.html"), tmp_path, progress=False)
        assert server.requests_for("/private/secret.html") == []
    assert entry(report, "/private/secret.html").reason == "disallowed by robots.txt"
    assert entry(report, "/faults/target.html").outcome == "new"


def test_command_line_with_no_network_says_so_in_one_line_and_keeps_the_archive(tmp_path):
    import hashlib
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()}
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[fetch]\nuser_agent = "tests/0.1 (contact: tests@example.org)"\nmax_retries = 0\n'
        f'[[sources]]\nname = "gone"\npublisher = "X"\nstart_urls = ["http://127.0.0.1:{port}/"]\n'
        f'[[sources]]\nname = "gone-too"\npublisher = "Y"\nstart_urls = ["http://127.0.0.1:{port}/news/"]\n',
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, "-m", "pipeline", "fetch", "--sources", str(sources), "--raw", str(raw)],
                          capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [done.stdout.strip()] and "network unreachable" in done.stdout
    assert "Traceback" not in done.stderr
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*") if p.is_file()} == before
