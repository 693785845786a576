"""Decisions belong to the dataset they were made on: the default decisions file of another
archive's sources is not applied (one line says so, no "stale" warnings), `--decisions FILE`
applies a file explicitly, and a file with decisions and no tie yet is tied on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.decisions import append_decision
from pipeline.review_dataset import tie_path
from pipeline.review_queue import queue_rows_from_csv
from pipeline.sources import load_sources
from warm_output import warm_output

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SOURCES = sorted(s.name for s in load_sources(ROOT / "config" / "sources.toml").sources)


def process(out: Path, decisions: Path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    env = {**os.environ, "PIPELINE_DECISIONS_FILE": str(decisions)}  # the default decisions file, not an explicit one
    done = subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--out", str(out), *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return done, json.loads((out / "run-summary.json").read_text(encoding="utf-8"))["counts"]


@pytest.fixture
def decided(sample_output, tmp_path) -> Path:
    """A decisions file with two decisions on the sample's flagged pairs."""
    decisions = tmp_path / "review" / "decisions.jsonl"
    for row, decision in zip(queue_rows_from_csv(sample_output.out / "review_queue.csv"), ("different", "different")):
        append_decision(decisions, row["mention_a"], row["mention_b"], decision, "tester")
    return decisions


def test_another_datasets_decisions_are_not_applied(sample_output, decided, tmp_path):
    tie_path(decided).write_text(json.dumps({"sources": ["another-archive"]}), encoding="utf-8")
    done, counts = process(warm_output(sample_output.out, tmp_path / "out"), decided)
    assert "belongs to the dataset of sources another-archive" in done.stderr and "not applied" in done.stderr
    assert counts["review decisions applied"] == 0 and counts["review decisions stale"] == 0
    assert "stale" not in done.stderr and "no longer exists" not in done.stderr

    done, counts = process(warm_output(sample_output.out, tmp_path / "out2"), decided, "--decisions", str(decided))
    assert counts["review decisions applied"] == 2  # explicit: applied whatever the tie says
    assert "not applied" not in done.stderr


def test_a_file_without_a_tie_is_tied_to_the_first_dataset_it_is_applied_to(sample_output, decided, tmp_path):
    assert not tie_path(decided).exists()
    _, counts = process(warm_output(sample_output.out, tmp_path / "out"), decided)
    assert counts["review decisions applied"] == 2
    assert json.loads(tie_path(decided).read_text(encoding="utf-8")) == {"sources": SAMPLE_SOURCES}


def test_the_shipped_decisions_are_tied_to_the_shipped_sources():
    assert json.loads(tie_path(ROOT / "review" / "decisions.jsonl").read_text(encoding="utf-8")) == {"sources": SAMPLE_SOURCES}
