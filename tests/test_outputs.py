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


def test_the_data_package_validates_with_frictionless(processed):
    """Types, keys (primary and foreign, across tables), required fields and missing values of
    every Parquet and CSV table hold, as frictionless reads them."""
    from frictionless import Package, validate

    descriptor = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in descriptor["resources"]}
    expected = {"pages", "documents", "mentions", "entities", "events", "pairs", "rejects", "changes"}
    assert names == expected | {f"{n}-csv" for n in ("events", "mentions", "entities", "documents", "review_queue", "rejects", "changes")}
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    fields = {f["name"]: f for f in events["schema"]["fields"]}
    assert events["schema"]["primaryKey"] == ["event_id"]
    assert fields["n_mentions"]["type"] == "integer" and fields["killed"]["type"] == "integer"
    assert fields["date_start"]["type"] == "date" and fields["last_changed"]["type"] == "datetime"
    assert "most of its reports give" in fields["killed"]["description"]  # from docs/data-dictionary.md
    mentions = next(r for r in descriptor["resources"] if r["name"] == "mentions-csv")
    assert {"fields": ["event_id"], "reference": {"resource": "events-csv", "fields": ["event_id"]}} in mentions["schema"]["foreignKeys"]
    report = validate(processed / "datapackage.json")
    problems = [(task.name, error.type, error.note) for task in report.tasks for error in task.errors[:3]]
    assert report.valid, problems[:10]
    assert Package(processed / "datapackage.json").get_resource("events-csv").read_rows()  # it reads back


def test_a_broken_table_fails_the_data_package(processed, tmp_path):
    """The validation can fail: an event missing its ID breaks the events CSV's required key."""
    from frictionless import validate

    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("datapackage.json", "events.csv"):
        (copy / name).write_bytes((processed / name).read_bytes())
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] == "events-csv"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert validate(copy / "datapackage.json").valid
    events = pd.read_csv(copy / "events.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    events.loc[0, "event_id"] = ""
    events.loc[1, "n_mentions"] = "many"
    events.to_csv(copy / "events.csv", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    report = validate(copy / "datapackage.json")
    assert {e.type for task in report.tasks for e in task.errors} >= {"constraint-error", "type-error"}


def test_the_xlsx_copies_hold_the_rows_of_the_csv_copies(processed):
    from openpyxl import load_workbook

    from pipeline.tables import restore_formula

    for name in ("events", "mentions", "entities", "documents"):
        csv_rows = pd.read_csv(processed / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        book = load_workbook(processed / f"{name}.xlsx", read_only=True)
        assert book.sheetnames == [name]
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(csv_rows.columns)
        assert len(rows) - 1 == len(csv_rows) == len(pd.read_parquet(processed / f"{name}.parquet"))

        def text(value, expected: str) -> str:
            """The cell as the CSV writes it (Excel keeps numbers as numbers: 160.0 reads back as 160)."""
            if isinstance(value, (int, float)) and not isinstance(value, bool) and expected not in ("", None):
                return expected if float(expected) == float(value) else str(value)
            return "" if value is None else str(value)

        for k, row in enumerate(rows[1:]):
            expected = [restore_formula(v) for v in csv_rows.iloc[k]]
            cells = [text(v, e) for v, e in zip(row, expected)] + [""] * (len(expected) - len(row))  # read-only rows drop trailing empties
            assert cells == expected, (name, k)


def test_the_xlsx_copy_keeps_a_formula_as_text(tmp_path):
    from openpyxl import load_workbook

    from pipeline.xlsx import EXCEL_CELL_LIMIT, write_xlsx_file

    frame = pd.DataFrame({"title": ['=HYPERLINK("http://evil.example","x")', "bell\x07 ok", "x" * 40000],
                          "people": [["A", "B"], [], ["C"]], "n": pd.array([1, None, 3], dtype="Int64")})
    write_xlsx_file(frame, tmp_path / "t.xlsx", sheet="t")
    sheet = load_workbook(tmp_path / "t.xlsx")["t"]
    assert sheet["A2"].value == '=HYPERLINK("http://evil.example","x")' and sheet["A2"].data_type == "s"
    assert sheet["A3"].value == "bell ok" and len(sheet["A4"].value) == EXCEL_CELL_LIMIT
    assert [sheet["B2"].value, sheet["B3"].value, sheet["C3"].value] == ["A; B", None, None]


def test_each_figure_of_the_run_summary_is_computed_from_the_tables(processed):
    """"pairs flagged for review" and "pairs awaiting a decision" mean what pipeline.report says,
    from the published tables (the review queue holds the pairs awaiting a decision)."""
    from pipeline.report import FIGURES, pairs_awaiting_a_decision, pairs_flagged_for_review

    counts = json.loads((processed / "run-summary.json").read_text())["counts"]
    pairs, mentions = pd.read_parquet(processed / "pairs.parquet"), pd.read_parquet(processed / "mentions.parquet")
    assert counts["pairs flagged for review"] == pairs_flagged_for_review(pairs) == int((pairs["outcome"] == "review").sum())
    queue = pd.read_csv(processed / "review_queue.csv", encoding="utf-8-sig")
    assert counts["pairs awaiting a decision"] == pairs_awaiting_a_decision(pairs, mentions) == len(queue)
    assert set(FIGURES) <= set(counts)
    changes = pd.read_parquet(processed / "changes.parquet")
    assert counts["events new"] == int((changes["change"] == "new").sum()) == counts["events"]  # a first run
