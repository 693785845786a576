"""Run IDs never collide and every reader accepts them; unfinished runs are told apart by owner."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.archive import PART_SUFFIX, Archive, ArchiveWriter
from pipeline.fetch import fetch_sources
from pipeline.schema import RUN_ID_RE
from pipeline.sources import parse_sources
from pipeline.unfinished import OWNER_NAME, recover_unfinished
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
HTML = {"Content-Type": "text/html; charset=utf-8"}


def article(day: int) -> bytes:
    return (f"<html><head><title>Union leader detained</title></head><body><h1>Union leader detained</h1>"
            f"<p>Police detained the leader of the oil workers' union in Aktau on {day} May 2022.</p></body></html>").encode()


def test_two_fetches_in_one_second_get_distinct_ids_that_process_accepts(tmp_path):
    raw = tmp_path / "raw"
    with SiteServer(faults=True) as server:
        config = parse_sources({
            "fetch": {"user_agent": "tests/0.1 (contact: tests@example.org)", "delay_seconds": 0.0},
            "sources": [{"name": "one", "publisher": "P", "start_urls": [server.base_url + "/news.html"],
                         "allowed_domains": ["127.0.0.1"], "max_depth": 0}],
        })
        for attempt in range(5):  # the two runs must start within one clock second
            while time.time() % 1 > 0.2:
                time.sleep(0.01)
            server.overrides["/news.html"] = (200, HTML, article(2 * attempt + 1))
            first = fetch_sources(config, raw, progress=False)
            server.overrides["/news.html"] = (200, HTML, article(2 * attempt + 2))  # changed: run 2 has the good copy
            second = fetch_sources(config, raw, progress=False)
            if first.run_dir.name[:15] == second.run_dir.name[:15]:
                break
        else:
            raise AssertionError("could not start two runs within one second")
    assert first.run_dir.name != second.run_dir.name
    assert all(re.match(RUN_ID_RE, run) for run in Archive(raw).runs)
    assert Archive(raw).runs[-2:] == [first.run_dir.name, second.run_dir.name]  # in time order

    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[sources]]\nname = "one"\npublisher = "P"\n'
        f'start_urls = ["{server.base_url}/news.html"]\nallowed_domains = ["127.0.0.1"]\n', encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "process", "--sources", str(sources), "--raw", str(raw), "--out", str(out),
         "--decisions", str(tmp_path / "decisions.jsonl")],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    pages = pd.read_parquet(out / "pages.parquet")  # written only after the pages schema validated
    assert list(pages["run_id"]) == [second.run_dir.name]


def test_writers_started_together_never_share_a_run(tmp_path):
    writers = [ArchiveWriter(tmp_path) for _ in range(20)]
    try:
        assert len({w.run_id for w in writers}) == 20
        assert all(re.match(RUN_ID_RE, w.run_id) for w in writers)
    finally:
        for writer in writers:
            writer.abort()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def unfinished_run(raw: Path, owner: dict | None) -> Path:
    """A run folder as a fetch leaves it when it dies: one whole response, files not closed."""
    writer = ArchiveWriter(raw)
    writer.write_exchange(url="http://127.0.0.1/a.html", request_url="http://127.0.0.1/a.html", request_headers={},
                          status=200, reason="OK", response_headers=list(HTML.items()), body=article(1), source="one")
    writer._close()
    if owner is None:
        (writer.part_dir / OWNER_NAME).unlink()
    else:
        (writer.part_dir / OWNER_NAME).write_text(json.dumps(owner), encoding="utf-8")
    return writer.part_dir


def test_running_fetch_keeps_its_folder_and_a_dead_ones_is_recovered(tmp_path):
    live = ArchiveWriter(tmp_path)  # this process: running
    elsewhere = unfinished_run(tmp_path, {"pid": 1, "host": socket.gethostname() + "-other"})
    dead = unfinished_run(tmp_path, {"pid": dead_pid(), "host": socket.gethostname()})
    notes = recover_unfinished(tmp_path)
    assert live.part_dir.is_dir() and elsewhere.is_dir() and not dead.exists()
    assert sum("left alone" in n for n in notes) == 2
    recovered = dead.name[: -len(PART_SUFFIX)]
    assert any(f"recovered {recovered}" in n and "1 whole response(s) kept" in n for n in notes)
    archive = Archive(tmp_path)
    assert archive.runs == [recovered] and archive.latest_good("http://127.0.0.1/a.html").run_id == recovered
    summary = json.loads((tmp_path / "runs" / recovered / "summary.json").read_text(encoding="utf-8"))
    assert "recovered" in summary
    live.abort()


def test_unfinished_run_without_owner_record_counts_as_abandoned_once_old(tmp_path):
    import os

    part = unfinished_run(tmp_path, None)
    assert "left alone" in recover_unfinished(tmp_path)[0]  # just created: perhaps still starting
    old = time.time() - 3600
    os.utime(part, (old, old))
    assert "recovered" in recover_unfinished(tmp_path)[0] and not part.exists()


def test_run_ids_of_every_writer_version_are_valid():
    from pipeline.archive import new_run_id

    for run_id in (new_run_id(), "20261122T143106Z", "20261122T143106Z-2"):  # now, and older versions
        assert re.match(RUN_ID_RE, run_id), run_id
