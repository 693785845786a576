"""The sample snapshot shipped in raw/: what `make` runs on when there is no network."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
from warcio.archiveiterator import ArchiveIterator

from pipeline.archive import SAMPLE, Archive
from pipeline.sample import build_sample
from pipeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent


def test_every_shipped_record_is_marked_as_a_reconstructed_sample():
    archive = Archive(ROOT / "raw")
    assert archive.runs and len(archive.good_pages()) >= 40
    assert {c.provenance for c in archive.captures} == {SAMPLE}
    for run in archive.runs:
        with open(ROOT / "raw" / "runs" / run / "pages.warc.gz", "rb") as fh:
            records = [(r.rec_type, r.rec_headers.get_header("WARC-X-Provenance"), r.content_stream().read()) for r in ArchiveIterator(fh)]
        info = [body for kind, _, body in records if kind == "warcinfo"]
        assert len(info) == 1 and b"reconstructed sample" in info[0]
        responses = [provenance for kind, provenance, _ in records if kind == "response"]
        assert responses and set(responses) == {SAMPLE}


def test_shipped_sample_matches_the_fixture_site(tmp_path):
    """Rebuilding the sample from tests/fixture_site gives the same pages (run `make sample` if not)."""
    config = load_sources(ROOT / "config" / "sources.toml")
    build_sample(config, ROOT / "tests" / "fixture_site" / "sites", tmp_path)
    rebuilt = {(c.url, c.sha256) for c in Archive(tmp_path).good_pages()}
    shipped = {(c.url, c.sha256) for c in Archive(ROOT / "raw").good_pages()}
    assert rebuilt == shipped


def test_offline_run_uses_the_snapshot_and_leaves_it_alone(tmp_path):
    before = sorted(p.name for p in (ROOT / "raw" / "runs").iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--offline", "--out", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "offline; using the archive as it is: 44 page(s) from 1 run(s)" in done.stdout
    assert "44 reconstructed-sample" in done.stdout
    pages = pd.read_parquet(tmp_path / "pages.parquet")
    assert len(pages) == 44 and pages["url"].is_unique
    assert sorted(p.name for p in (ROOT / "raw" / "runs").iterdir()) == before


def test_make_sample_replaces_the_sample_run_and_leaves_live_runs(tmp_path):
    """`make sample` (python -m pipeline sample) replaces the sample run instead of adding one;
    a rebuild that gives the same pages keeps the old run as it is; live runs stay."""
    import shutil

    from pipeline.sample import replace_sample, sample_runs

    config = load_sources(ROOT / "config" / "sources.toml")
    raw, site = tmp_path / "raw", tmp_path / "sites"
    shutil.copytree(ROOT / "raw", raw)
    shutil.copytree(ROOT / "tests" / "fixture_site" / "sites", site)
    live = raw / "runs" / "20261130T120000Z"
    live.mkdir()
    (live / "captures.jsonl").write_text("")  # a run with no sample captures (stands for a live one)
    shipped = sample_runs(raw)
    assert [p.name for p in shipped] == ["20261122T143106Z"]
    replace_sample(config, site, raw)
    assert sample_runs(raw) == shipped and sorted(p.name for p in (raw / "runs").iterdir()) == ["20261122T143106Z", live.name]
    page = next(site.glob("urangminang.com/kazakhstan-*/index.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>One more paragraph.</p></body>"), encoding="utf-8")
    report = replace_sample(config, site, raw)
    runs = sample_runs(raw)
    assert len(runs) == 1 and runs[0] != shipped[0] and report.run_dir == runs[0]
    assert sorted(p.name for p in (raw / "runs").iterdir()) == sorted([runs[0].name, live.name])
    assert not [p for p in raw.iterdir() if p.name.startswith(".sample-")]  # the staging folder is gone
    assert len(Archive(raw).good_pages()) == len(Archive(ROOT / "raw").good_pages())
