"""The output tables as users meet them: validated, atomic, safe in a spreadsheet, summarised."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive import Archive
from pipeline.fetch import fetch_sources
from pipeline.process import process_archive, write_outputs
from pipeline.schema import SchemaViolation
from pipeline.sources import parse_sources
from pipeline.tables import read_schema_version
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent

FORMULA_PAGE = b"""<!doctype html><html><head><meta charset="utf-8"><title>=HYPERLINK("http://evil.example","Click")</title></head>
<body><article><h1>=HYPERLINK("http://evil.example","Click")</h1>
<p>On 5 March 2021, police in Almaty detained Jenis Orynaliev, the union's president, after a strike by couriers.</p>
<p>@SUM(1+1) The union said the detention was retaliation for organising, and called for his release.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def processed(sample_output):
    return sample_output.out  # the failure tests below prove they leave it byte-identical


def test_a_scraped_formula_stays_text_in_the_csv(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(FORMULA_PAGE)
    with SiteServer(site) as server:
        config = parse_sources({"fetch": {"delay_seconds": 0}, "sources": [{"name": "hostile", "publisher": "=cmd|' /C calc'!A0", "start_urls": [server.base_url + "/"], "max_depth": 0}]})
        fetch_sources(config, tmp_path / "raw", progress=False)
    out = tmp_path / "out"
    process_archive(Archive(tmp_path / "raw"), config, out, decisions_file=tmp_path / "decisions.jsonl")
    with open(out / "documents.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(csv.DictReader(fh))
    assert row["title"] == """'=HYPERLINK("http://evil.example","Click")"""
    assert row["publisher"].startswith("'=cmd")
    cells = [cell for path in out.glob("*.csv") for r in csv.reader(open(path, encoding="utf-8-sig")) for cell in r]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert pd.read_parquet(out / "documents.parquet")["title"].iloc[0].startswith("=HYPERLINK")  # Parquet keeps the text as is


def test_an_invalid_table_is_refused_and_the_previous_tables_stay(processed):
    before = {p.name: p.read_bytes() for p in processed.glob("*.parquet")}
    tables = {name: pd.read_parquet(processed / f"{name}.parquet") for name in ("pages", "documents", "mentions", "entities", "events", "pairs")}
    tables["mentions"].loc[0, "event_type"] = "bogus"
    tables["events"] = tables["events"].iloc[1:]  # a mention now points at a missing event
    with pytest.raises(SchemaViolation) as failure:
        write_outputs(tables, pd.DataFrame(), processed)
    message = str(failure.value)
    assert "mentions.event_type" in message and "bogus" in message and "event_id" in message
    assert {p.name: p.read_bytes() for p in processed.glob("*.parquet")} == before


def test_tables_carry_the_schema_version_and_csv_copies(processed):
    for name in ("pages", "documents", "mentions", "entities", "events", "pairs"):
        assert read_schema_version(processed / f"{name}.parquet") == "1"
    for name in ("events", "mentions", "entities", "documents"):
        assert len(pd.read_csv(processed / f"{name}.csv")) == len(pd.read_parquet(processed / f"{name}.parquet"))


def test_process_prints_a_summary_and_writes_a_log(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipeline", "process", "--out", str(tmp_path), "--decisions", str(tmp_path / "d.jsonl")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    for words in ("documents", "mentions", "events", "pairs flagged for review", "review decisions applied", "seconds per stage: clean"):
        assert words in done.stdout
    assert "summary" in (tmp_path / "run.log").read_text(encoding="utf-8")
    summary = json.loads((tmp_path / "run-summary.json").read_text())
    assert summary["counts"]["events"] > 50 and set(summary["seconds"]) == {"clean", "extract", "dedup", "write"}
    quiet = subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--out", str(tmp_path), "--decisions", str(tmp_path / "d.jsonl")],
                           capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_failures_exit_non_zero_with_one_line(tmp_path):
    missing = subprocess.run([sys.executable, "-m", "pipeline", "process", "--raw", str(tmp_path / "nothing"), "--out", str(tmp_path / "o")],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert missing.returncode == 1 and len(missing.stderr.strip().splitlines()) == 1
    broken = tmp_path / "decisions.jsonl"  # a damaged decisions file is reported, never fatal (test_decisions_damage)
    broken.write_text("not json\n")
    bad = subprocess.run([sys.executable, "-m", "pipeline", "process", "--out", str(tmp_path / "o"), "--decisions", str(broken)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert bad.returncode == 0 and "decisions.jsonl:1: not a decision line" in bad.stderr
    assert not [l for l in bad.stderr.splitlines() if l.startswith("error")]


def test_a_failure_while_writing_leaves_every_previous_table(processed, monkeypatch):
    """Validation passes, then writing the CSV copies fails half-way: no table is replaced."""
    import pipeline.process as process_module

    before = {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()}
    tables = {name: pd.read_parquet(processed / f"{name}.parquet") for name in ("pages", "documents", "mentions", "entities", "events", "pairs")}
    tables["events"].loc[0, "summary"] = "changed"

    def broken_csv(frame, path):
        raise OSError("disk full")

    generations = sorted(p.name for p in (processed / "generations").iterdir())
    monkeypatch.setattr(process_module, "write_csv_file", broken_csv)  # a real disk failure is not cheap to stage
    with pytest.raises(OSError):
        write_outputs(tables, pd.DataFrame(), processed)
    after = {p.name: p.read_bytes() for p in processed.iterdir() if p.is_file()}
    assert after == before  # the Parquet tables written before the failure never became visible
    assert sorted(p.name for p in (processed / "generations").iterdir()) == generations  # the half-written one is gone


def read_only_folder(path: Path) -> None:
    """A folder no one may write to: mode 0555, and for root (who ignores modes) immutable."""
    path.mkdir()
    os.chmod(path, 0o555)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)


def writable_again(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=False)
    os.chmod(path, 0o755)


def test_an_unusable_out_folder_gives_one_line_and_exit_2(tmp_path):
    """A file, a read-only folder, a folder that cannot be created there: one line, exit 2, and
    nothing is run (the check comes before the log file and the fetch)."""
    (tmp_path / "a-file").write_text("not a folder")
    read_only = tmp_path / "read-only"
    read_only_folder(read_only)
    try:
        cases = {
            tmp_path / "a-file": "is not a directory",
            tmp_path / "a-file" / "out": "cannot be created",
            read_only: "cannot be written to",
            read_only / "out": "cannot be created",
        }
        for command in (["process"], ["run", "--offline"]):
            for out, words in cases.items():
                done = subprocess.run([sys.executable, "-m", "pipeline", *command, "--out", str(out)],
                                      capture_output=True, text=True, cwd=ROOT, timeout=120)
                assert done.returncode == 2, (command, out, done.stderr)
                lines = done.stderr.strip().splitlines()
                assert len(lines) == 1 and words in lines[0] and str(out) in lines[0], (command, out, lines)
                assert done.stdout == ""
        assert list(read_only.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "read-only"]
    finally:
        writable_again(read_only)
