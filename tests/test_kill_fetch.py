"""A fetch killed with SIGKILL loses nothing already committed, and the next runs carry on.

A real ``python -m pipeline fetch`` runs against a real loopback server whose last page drips
one byte at a time, and is killed while it reads that page.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline.archive import PART_SUFFIX, Archive
from pipeline.fetch import fetch_sources
from pipeline.sources import load_sources
from pipeline.unfinished import OWNER_NAME, recover_unfinished
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent

PAGE = """<html><head><title>{title}</title></head><body><h1>{title}</h1>
<p>{text}</p><p>The union said it would appeal against the decision of the court.</p></body></html>"""


def write_site(site: Path, version: str) -> None:
    site.mkdir(exist_ok=True)
    (site / "index.html").write_text(
        '<html><head><title>News</title></head><body><h1>News</h1><ul><li><a href="/a.html">Arrest</a></li>'
        '<li><a href="/b.html">Strike</a></li><li><a href="/faults/drip.html">Hearing</a></li></ul></body></html>',
        encoding="utf-8",
    )
    (site / "a.html").write_text(PAGE.format(
        title="Union leader detained", text=f"Police detained the union leader in Aktau on 3 May 2022 ({version})."),
        encoding="utf-8")
    (site / "b.html").write_text(PAGE.format(
        title="Oil workers strike", text="Oil workers in Zhanaozen went on strike on 16 December 2011."), encoding="utf-8")


def sources_file(tmp_path: Path, server: SiteServer) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[fetch]\n"
        'user_agent = "labour-rights-events-tests/0.1 (contact: tests@example.org)"\n'
        "delay_seconds = 0.0\nread_timeout_seconds = 5\nmax_retries = 0\n\n"
        "[[sources]]\n"
        'name = "loopback"\npublisher = "Loopback News"\n'
        f'start_urls = ["{server.base_url}/"]\nallowed_domains = ["{server.base_url.split("//")[1]}"]\n'
        "max_depth = 1\n",
        encoding="utf-8",
    )
    return path


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def pipeline(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def test_kill_9_during_fetch_keeps_the_archive_and_the_next_runs_succeed(tmp_path):
    site, raw = tmp_path / "site", tmp_path / "raw"
    write_site(site, "first")
    with SiteServer(site, faults=True, drip_seconds=0.0) as server:
        sources = sources_file(tmp_path, server)
        first = fetch_sources(load_sources(sources), raw, progress=False)
        assert first.run_dir is not None and first.counts()["new"] == 4
        before = snapshot(raw)

        write_site(site, "second")  # a.html changes: the killed run archives a new copy of it
        server.drip_seconds = 1.0  # the drip page now takes minutes
        fetch = subprocess.Popen([sys.executable, "-m", "pipeline", "fetch", "--sources", str(sources), "--raw", str(raw), "-q"],
                                 cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while len(server.requests_for("/faults/drip.html")) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(server.requests_for("/faults/drip.html")) == 2, "the fetch never reached the slow page"
            time.sleep(0.3)
            parts = list((raw / "runs").glob("*" + PART_SUFFIX))
            assert len(parts) == 1 and (parts[0] / OWNER_NAME).is_file()
            # while its fetch runs, another run leaves the folder alone
            assert "left alone" in recover_unfinished(raw)[0] and parts[0].is_dir()
            fetch.send_signal(signal.SIGKILL)
            fetch.wait(timeout=30)
        finally:
            if fetch.poll() is None:
                fetch.kill()
            fetch.stdout.close()
            fetch.stderr.close()
        assert fetch.returncode == -signal.SIGKILL
        killed_run = parts[0].name[: -len(PART_SUFFIX)]
        after = snapshot(raw)
        assert {k: v for k, v in after.items() if k in before} == before  # the committed run is untouched
        assert Archive(raw).runs == [first.run_dir.name]

        server.drip_seconds = 0.0
        again = pipeline("fetch", "--sources", str(sources), "--raw", str(raw))
    assert again.returncode == 0, again.stderr
    assert f"recovered {killed_run}" in again.stderr and "Traceback" not in again.stderr
    assert not list((raw / "runs").glob("*" + PART_SUFFIX))
    archive = Archive(raw)
    assert archive.runs[:2] == [first.run_dir.name, killed_run] and len(archive.runs) == 3
    a_url = f"{server.base_url}/a.html"
    assert archive.latest_good(a_url).run_id == killed_run  # what the killed run archived whole is kept

    out = tmp_path / "out"
    done = pipeline("process", "--sources", str(sources), "--raw", str(raw), "--out", str(out),
                    "--decisions", str(tmp_path / "decisions.jsonl"))
    assert done.returncode == 0, done.stderr
    pages = pd.read_parquet(out / "pages.parquet").set_index("url")
    assert pages.loc[a_url, "run_id"] == killed_run
    assert len(pages) == 4
