"""A garbage derived table (random bytes, another table, an empty file) makes `eval` and `review`
say in one line which file it is and how to rebuild it, exit 2, with no traceback."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
JUNK = random.Random(20261201).randbytes(4096)
REBUILD = "rerun `python -m pipeline process` (or `make process`)"


def pipeline(*args: str, keys: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], input=keys, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def assert_one_line_hint(done: subprocess.CompletedProcess, damaged: Path) -> None:
    lines = [l for l in done.stderr.splitlines() if l.strip()]
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert str(damaged) in lines[0] and REBUILD in lines[0], lines[0]


@pytest.fixture
def out(sample_output, tmp_path) -> Path:
    """The sample's tables that eval and review read, as plain files one test may damage."""
    folder = tmp_path / "processed"
    folder.mkdir()
    for name in ("mentions.parquet", "pages.parquet", "review_queue.csv", "events.csv"):
        shutil.copyfile(sample_output.out / name, folder / name)  # follows links: a copy, never the original
    return folder


def test_eval_reads_the_undamaged_copy(out):
    done = pipeline("eval", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "mention precision" in done.stdout


@pytest.mark.parametrize("damage", ["random bytes", "another table", "empty file", "cut in half"])
def test_eval_names_a_garbage_mentions_table(out, damage):
    mentions = out / "mentions.parquet"
    if damage == "random bytes":
        mentions.write_bytes(JUNK)
    elif damage == "another table":
        shutil.copyfile(out / "pages.parquet", mentions)  # valid Parquet, wrong columns
    elif damage == "empty file":
        mentions.write_bytes(b"")
    else:
        mentions.write_bytes(mentions.read_bytes()[: mentions.stat().st_size // 2])
    done = pipeline("eval", "--out", str(out))
    assert_one_line_hint(done, mentions)
    if damage == "another table":
        assert "no column doc_id" in done.stderr


@pytest.mark.parametrize("damage", ["binary junk", "another table", "empty file", "score not a number"])
def test_review_names_a_garbage_review_queue(out, tmp_path, damage):
    queue = out / "review_queue.csv"
    if damage == "binary junk":
        queue.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + JUNK)
    elif damage == "another table":
        shutil.copyfile(out / "events.csv", queue)  # readable CSV, wrong columns
    elif damage == "empty file":
        queue.write_bytes(b"")
    else:
        rows = pd.read_csv(queue, dtype=str, keep_default_na=False)
        rows.loc[0, "score"] = "high"
        rows.to_csv(queue, index=False)
    decisions = tmp_path / "decisions.jsonl"
    done = pipeline("review", "--out", str(out), "--decisions", str(decisions), "--no-color", keys="s\nq\n")
    assert_one_line_hint(done, queue)
    assert not decisions.exists()  # nothing was asked, nothing written
    if damage == "another table":
        assert "no column mention_a" in done.stderr
