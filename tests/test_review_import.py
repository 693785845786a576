"""The spreadsheet round trip never loses or invents a decision: every file shape office
software produces is read, every row that cannot be taken is named with its row number, and
the command exits non-zero with a one-line summary when any row was rejected."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.decisions import load_decisions, pair_key
from pipeline.review_queue import QUEUE_COLUMNS, ImportFileError, import_decisions

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def queue(sample_output) -> pd.DataFrame:
    frame = pd.read_csv(sample_output.out / "review_queue.csv", dtype=str, keep_default_na=False)
    assert len(frame) >= 6
    return frame


@pytest.fixture(scope="module")
def known(sample_output) -> set[str]:
    return set(pd.read_parquet(sample_output.out / "mentions.parquet", columns=["mention_id"])["mention_id"])


def review(sample_output, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "review", "--out", str(sample_output.out), "--reviewer", "sheet", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def filled(queue: pd.DataFrame, decisions: dict[int, str]) -> pd.DataFrame:
    frame = queue.copy()
    for row, decision in decisions.items():
        frame.loc[row, "decision"] = decision
    return frame


def test_semicolons_and_a_bom_as_excel_writes_them_in_european_locales(queue, sample_output, tmp_path):
    sheet = tmp_path / "filled.csv"
    filled(queue, {0: "same", 1: "different"}).to_csv(sheet, sep=";", index=False, encoding="utf-8-sig")
    decisions = tmp_path / "decisions.jsonl"
    done = review(sample_output, "--import", str(sheet), "--decisions", str(decisions))
    assert done.returncode == 0, done.stderr
    assert "2 decision(s) imported" in done.stdout
    standing = load_decisions(decisions)
    assert standing[pair_key(queue.loc[0, "mention_a"], queue.loc[0, "mention_b"])]["decision"] == "same"
    assert standing[pair_key(queue.loc[1, "mention_a"], queue.loc[1, "mention_b"])]["decision"] == "different"


def test_utf8_without_bom_tabs_stray_spaces_in_headers_and_the_terminals_keys(queue, known, tmp_path):
    frame = filled(queue, {0: " S ", 1: "d", 2: "U", 3: "k"})
    frame.columns = [f" {c}  " if c in ("decision", "mention_a") else c for c in frame.columns]
    sheet = tmp_path / "filled.tsv"
    frame.to_csv(sheet, sep="\t", index=False, encoding="utf-8")
    decisions = tmp_path / "decisions.jsonl"
    result = import_decisions(sheet, decisions, "sheet", known)
    assert (result.taken, result.rejected, result.warnings) == (3, [], [])
    assert result.blank == len(queue) - 3  # "k" is the terminal's skip: left undecided
    decided = {k: e["decision"] for k, e in load_decisions(decisions).items()}
    assert sorted(decided.values()) == ["different", "same", "unsure"]


def test_cp1252_is_read_with_a_warning_not_a_traceback(queue, known, tmp_path):
    frame = filled(queue, {0: "different"})
    frame.loc[0, "evidence_a"] = "Crédit café – “quoted” naïve"  # characters cp1252 encodes differently from UTF-8
    sheet = tmp_path / "filled.csv"
    # a cp1252 spreadsheet cannot hold the Cyrillic of some sentences: those characters become "?"
    sheet.write_bytes(frame.to_csv(index=False).encode("cp1252", errors="replace"))
    decisions = tmp_path / "decisions.jsonl"
    result = import_decisions(sheet, decisions, "sheet", known)
    assert result.taken == 1 and result.rejected == []
    assert len(result.warnings) == 1 and "Windows-1252" in result.warnings[0]


def test_a_file_without_the_columns_is_an_error_naming_them(queue, sample_output, tmp_path):
    sheet = tmp_path / "other.csv"
    queue.rename(columns={"decision": "verdict"}).to_csv(sheet, index=False)
    decisions = tmp_path / "decisions.jsonl"
    done = review(sample_output, "--import", str(sheet), "--decisions", str(decisions))
    assert done.returncode == 1
    assert "no column decision" in done.stderr and "nothing imported" in done.stderr
    assert not decisions.exists()
    with pytest.raises(ImportFileError, match="the file is empty"):
        (tmp_path / "empty.csv").write_bytes(b"")
        import_decisions(tmp_path / "empty.csv", decisions, "sheet", None)


def test_rejected_rows_are_named_and_the_exit_code_says_so(queue, sample_output, tmp_path):
    frame = filled(queue, {0: "same", 1: "maybe", 2: "different", 3: "same"})
    frame.loc[2, "mention_b"] = "doc_0000000000000000:0000000000"  # a mention the tables do not have
    frame.loc[3, "mention_a"] = ""
    sheet = tmp_path / "filled.csv"
    frame.to_csv(sheet, index=False)
    decisions = tmp_path / "decisions.jsonl"
    done = review(sample_output, "--import", str(sheet), "--decisions", str(decisions))
    assert done.returncode == 1
    assert f"{sheet}: row 3: unknown decision 'maybe'" in done.stderr
    assert f"{sheet}: row 4: unknown mention ID doc_0000000000000000:0000000000" in done.stderr
    assert f"{sheet}: row 5: mention_a and mention_b are required" in done.stderr
    summary = [line for line in done.stderr.splitlines() if "row(s) rejected" in line]
    assert len(summary) == 1 and "1 decision(s) imported" in summary[0] and "3 row(s) rejected" in summary[0]
    assert len(load_decisions(decisions)) == 1  # the good row is kept, nothing invented


def test_importing_the_same_file_twice_records_nothing_twice(queue, sample_output, tmp_path):
    sheet = tmp_path / "filled.csv"
    filled(queue, {0: "same", 1: "unsure"}).to_csv(sheet, index=False)
    decisions = tmp_path / "decisions.jsonl"
    first = review(sample_output, "--import", str(sheet), "--decisions", str(decisions))
    lines = decisions.read_bytes()
    again = review(sample_output, "--import", str(sheet), "--decisions", str(decisions))
    assert first.returncode == again.returncode == 0, again.stderr
    assert "0 decision(s) imported, 2 already recorded" in again.stdout
    assert decisions.read_bytes() == lines


def test_xlsx_export_fill_and_import(queue, sample_output, tmp_path):
    from openpyxl import load_workbook

    book_path = tmp_path / "queue.xlsx"
    decisions = tmp_path / "decisions.jsonl"
    done = review(sample_output, "--export", str(book_path), "--decisions", str(decisions))
    assert done.returncode == 0, done.stderr
    book = load_workbook(book_path)
    sheet = book.active
    assert [c.value for c in sheet[1]] == QUEUE_COLUMNS
    assert sheet.max_row == len(queue) + 1
    sheet["A2"], sheet["A3"] = "s", "different"
    book.save(book_path)
    done = review(sample_output, "--import", str(book_path), "--decisions", str(decisions))
    assert done.returncode == 0, done.stderr
    standing = load_decisions(decisions)
    first = pair_key(sheet["B2"].value, sheet["C2"].value)
    assert len(standing) == 2 and standing[first]["decision"] == "same"
    again = review(sample_output, "--export", str(tmp_path / "left.csv"), "--decisions", str(decisions))
    assert again.returncode == 0 and f"{len(queue) - 2} pair(s) written" in again.stdout  # decided pairs are not asked again
