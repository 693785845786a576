"""kill -9 of a real `python -m pipeline process` at every write, rename and switch point: the
tables a reader sees are afterwards all of the previous generation or all of the new one, they
validate, and the next run succeeds (and clears what the killed one left).

Each run is a subprocess over a small archive (a few pages of the shipped sample), killed by the
test-only hook PIPELINE_TEST_CRASH_AT (pipeline/generations.py). Two archives of different size
alternate, so the old and the new generation differ in every table and count."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline import schema
from pipeline.generations import CRASH_ENV, GENERATIONS, crash_points
from pipeline.process import GENERATION_FILES

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RUN = ROOT / "raw" / "runs" / "20261122T143106Z"
# The old layout (plain files, before generations) had no rejects.
OLD_LAYOUT = tuple(name for name in GENERATION_FILES if not name.startswith("rejects."))
PAGES_OF = {}


def small_archive(folder: Path, n_articles: int) -> Path:
    """The shipped sample run, its index cut to robots.txt files and ``n_articles`` articles."""
    run = folder / "runs" / SAMPLE_RUN.name
    run.mkdir(parents=True)
    for name in ("pages.warc.gz", "fetch-log.jsonl", "summary.json"):
        shutil.copy(SAMPLE_RUN / name, run / name)
    lines = (SAMPLE_RUN / "captures.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    robots = [line for line in lines if json.loads(line)["page_kind"] == "robots"]
    articles = [line for line in lines if json.loads(line)["page_kind"] == "article"][:n_articles]
    (run / "captures.jsonl").write_text("".join(robots + articles), encoding="utf-8")
    PAGES_OF[folder] = n_articles
    return folder


@pytest.fixture(scope="module")
def archives(tmp_path_factory):
    base = tmp_path_factory.mktemp("small-archives")
    return small_archive(base / "a", 2), small_archive(base / "b", 3)


def process(out: Path, raw: Path, crash: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != CRASH_ENV}
    if crash:
        env[CRASH_ENV] = crash
    return subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--raw", str(raw), "--out", str(out),
                           "--decisions", str(out.parent / "decisions.jsonl")],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)


def visible(out: Path, names=GENERATION_FILES) -> dict:
    """What a reader sees: every file's bytes, after checking they form one valid whole."""
    folders = {Path(os.path.realpath(out / name)).parent for name in names}
    assert len(folders) == 1, f"visible files come from several folders: {folders}"
    if (out / "current").exists():
        assert folders == {Path(os.path.realpath(out / "current"))}
    pages = len(pd.read_parquet(out / "pages.parquet"))
    assert json.loads((out / "run-summary.json").read_text())["pages"] == pages  # never stale
    assert schema.main([str(out)]) == 0
    return {"pages": pages, **{name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in names}}


def leftovers(out: Path) -> list[str]:
    """Temporary files, and generations beyond the current one and the one before it."""
    stale = [p.name for p in out.glob(".*.tmp")]
    generations = sorted((out / GENERATIONS).iterdir()) if (out / GENERATIONS).is_dir() else []
    current = Path(os.path.realpath(out / "current")).name
    return stale + [g.name for g in generations if g.name > current] + [g.name for g in generations[:-2]]


SWITCHED = ("switched", "pruning")  # the points after which the new generation is the visible one
NOT_FOR_OLD_LAYOUT = {"legacy linked rejects.parquet", "legacy linked rejects.csv"}  # it had no rejects


def test_a_kill_at_any_point_of_a_refresh_leaves_old_or_new(archives, tmp_path):
    out = tmp_path / "out"
    done = process(out, archives[0])
    assert done.returncode == 0, done.stderr
    before, old_raw = visible(out), archives[0]
    points = [p for p in crash_points(GENERATION_FILES) if not p.startswith("legacy")]
    for k, point in enumerate(points):
        raw = archives[1] if old_raw == archives[0] else archives[0]
        killed = process(out, raw, crash=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.returncode, killed.stderr[-2000:])
        seen = visible(out)
        if point in SWITCHED:
            assert seen["pages"] == PAGES_OF[raw] and seen != before, point
        else:
            assert seen == before, point  # byte for byte the previous generation
        last_of_a_kind = k + 1 == len(points) or points[k + 1].split()[0] != point.split()[0]
        if last_of_a_kind:  # the next run succeeds and clears what the killed one left
            done = process(out, raw)
            assert done.returncode == 0, (point, done.stderr)
            unpublished = point.startswith(("written", "generation", "symlink"))  # a folder or link never switched in
            assert ("left by an interrupted run" in done.stderr) == unpublished, (point, done.stderr)
            assert leftovers(out) == [], point
            before, old_raw = visible(out), raw
        else:  # the next run is the next killed one: it must clear this one's leftovers first
            before, old_raw = seen, (raw if point in SWITCHED else old_raw)
    assert leftovers(out) == []
    checked = subprocess.run([sys.executable, "-m", "pipeline.schema", str(out)], capture_output=True, text=True,
                             cwd=ROOT, timeout=120)
    assert checked.returncode == 0, checked.stderr


def test_a_kill_while_migrating_an_old_layout_folder_loses_nothing(archives, tmp_path):
    """A folder of plain files (the layout before generations) keeps showing its old tables until
    the new generation is switched in, wherever the first run is killed."""
    reference = tmp_path / "reference"
    assert process(reference, archives[0]).returncode == 0
    old = {name: (reference / name).read_bytes() for name in OLD_LAYOUT}
    points = [p for p in crash_points(GENERATION_FILES) if p.startswith("legacy") and p not in NOT_FOR_OLD_LAYOUT]
    assert len(points) == 3 + len(OLD_LAYOUT)
    for k, point in enumerate(points):
        out = tmp_path / point.replace(" ", "-")
        out.mkdir()
        shutil.copytree(reference / "cache", out / "cache")
        for name, content in old.items():
            (out / name).write_bytes(content)
        killed = process(out, archives[1], crash=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr[-2000:])
        assert {name: (out / name).read_bytes() for name in OLD_LAYOUT} == old, point
        assert not (out / "rejects.parquet").exists()
        assert schema.main([str(out)]) == 0
        if point.startswith("legacy linked") and k + 1 < len(points):
            continue  # the same state as the last of these, whose next run is checked below
        done = process(out, archives[1])
        assert done.returncode == 0, (point, done.stderr)
        assert visible(out)["pages"] == PAGES_OF[archives[1]]
        assert leftovers(out) == []
        legacy = out / GENERATIONS / "000000-legacy"
        assert {name: (legacy / name).read_bytes() for name in OLD_LAYOUT} == old  # kept as the previous generation
