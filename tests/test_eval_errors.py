"""`python -m pipeline eval --errors`: the gold's errors grouped by kind, on a tiny gold file and
mentions table written for this test (real Parquet, real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.evaluate import error_report, format_errors

ROOT = Path(__file__).resolve().parent.parent

GOLD = [
    {"doc_id": "doc_a", "evidence": "On 4 March 2020 police detained the union leader Irina Vasko in Temirtau.",
     "event_type": "arrest", "date": "2020-03-04", "precision": "day", "people": ["Irina Vasko"],
     "organisations": [], "event": "vasko-arrest"},
    {"doc_id": "doc_a", "evidence": "A week later the Temirtau city court fined the Miners' Union of Karatal.",
     "event_type": "court_ruling", "date": "2020-03-11", "precision": "day", "people": [],
     "organisations": ["Miners' Union of Karatal"], "event": "union-fine"},
    {"doc_id": "doc_a", "evidence": "Workers of the smelter went on strike over unpaid wages.",
     "event_type": "strike", "date": "2020-03", "precision": "month", "people": [], "organisations": [], "event": "strike"},
    {"doc_id": "doc_b", "evidence": "The federation condemned the dismissal of Oleg Marin by the Kombinat company.",
     "event_type": "dismissal", "date": "2021-06", "precision": "month", "people": ["Oleg Marin"],
     "organisations": ["Kombinat"], "event": "marin-dismissal"},
]
MENTIONS = [
    # the arrest: all right
    {"doc_id": "doc_a", "evidence": "On 4 March 2020 police detained the union leader Irina Vasko in Temirtau.",
     "event_type": "arrest", "event_date": "2020-03-04", "date_precision": "day", "date_text": "4 March 2020",
     "date_from": "text", "people": ["Irina Vasko"], "organisations": []},
    # the fine: dated to the publication, typed as a statement, an organisation cut short
    {"doc_id": "doc_a", "evidence": "A week later the Temirtau city court fined the Miners' Union of Karatal.",
     "event_type": "statement", "event_date": "2020-03-20", "date_precision": "day", "date_text": None,
     "date_from": "published", "people": [], "organisations": ["Miners' Union"]},
    # the dismissal: a person read as an organisation (its day agrees with the gold's month)
    {"doc_id": "doc_b", "evidence": "The federation condemned the dismissal of Oleg Marin by the Kombinat company.",
     "event_type": "dismissal", "event_date": "2021-06-02", "date_precision": "day", "date_text": None,
     "date_from": "published", "people": [], "organisations": ["Kombinat", "Oleg Marin"]},
    # not in the gold's documents: ignored
    {"doc_id": "doc_z", "evidence": "Something else happened.", "event_type": "other", "event_date": None,
     "date_precision": None, "date_text": None, "date_from": None, "people": [], "organisations": []},
]


def test_errors_are_grouped_by_kind():
    report = error_report(GOLD, pd.DataFrame(MENTIONS))
    counts = {kind: len(lines) for kind, lines in report.items()}
    # the dismissal's day (2021-06-02) agrees with the gold's month: a date at least as precise
    assert counts == {"missed": 1, "misdated": 1, "mistyped": 1, "people missing": 1, "people extra": 0,
                      "organisations missing": 1, "organisations extra": 2}
    assert "went on strike" in report["missed"][0]
    assert "want 2020-03-11 (day), got 2020-03-20 (day, from published)" in report["misdated"][0]
    assert "want court_ruling, got statement" in report["mistyped"][0]
    assert report["people missing"][0].endswith("Oleg Marin")
    assert sorted(line.rsplit(" ", 2)[-2:][-1] for line in report["organisations extra"]) == ["Marin", "Union"]
    text = format_errors(report)
    assert text.splitlines()[0] == ("errors by kind: missed 1, misdated 1, mistyped 1, people missing 1, people extra 0, "
                                    "organisations missing 1, organisations extra 2")
    # most frequent kinds first; a kind without errors gets no section
    sections = [line for line in text.splitlines() if line and not line.startswith(" ") and "(" in line and ":" not in line]
    assert sections == ["organisations extra (2)", "missed (1)", "misdated (1)", "mistyped (1)", "people missing (1)",
                        "organisations missing (1)"]


def test_eval_errors_on_the_command_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(item) + "\n" for item in GOLD), encoding="utf-8")
    out = tmp_path / "processed"
    out.mkdir()
    pd.DataFrame(MENTIONS).to_parquet(out / "mentions.parquet", index=False)
    done = subprocess.run([sys.executable, "-m", "pipeline", "eval", "--gold", str(gold), "--out", str(out), "--errors"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "mention recall" in done.stdout  # the scores as before
    assert "errors by kind: missed 1, misdated 1, mistyped 1" in done.stdout
    assert "\nmissed (1)\n" in done.stdout and "organisations extra (2)" in done.stdout
    plain = subprocess.run([sys.executable, "-m", "pipeline", "eval", "--gold", str(gold), "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0 and "errors by kind" not in plain.stdout


def test_several_mentions_of_one_sentence_pair_with_the_occurrence_each_reads():
    from pipeline.evaluate import pair_mentions, score_mentions

    evidence = "Irina Vasko was arrested on 2 May 2020 and sentenced on 9 June 2020."
    gold = [{"doc_id": "doc_c", "evidence": evidence, "event_type": kind, "date": date, "precision": "day",
             "people": ["Irina Vasko"], "organisations": [], "event": kind}
            for kind, date in (("conviction", "2020-06-09"), ("arrest", "2020-05-02"))]
    mentions = pd.DataFrame([
        {"doc_id": "doc_c", "evidence": evidence, "event_type": kind, "event_date": date, "date_precision": "day",
         "people": ["Irina Vasko"], "organisations": []}
        for kind, date in (("arrest", "2020-05-02"), ("conviction", "2020-06-09"))])
    pairs = pair_mentions(gold, mentions)
    assert [(item["event_type"], row["event_type"]) for item, row in pairs] == [("conviction", "conviction"), ("arrest", "arrest")]
    scores = score_mentions(gold, mentions)
    assert scores.metrics["dates exact (paired)"] == scores.metrics["event type accuracy (paired)"] == 1.0


def test_a_date_agrees_at_the_gold_precision_when_at_least_as_precise():
    from pipeline.evaluate import date_agrees

    gold = {"date": "2019-07", "precision": "month"}
    assert date_agrees(gold, {"event_date": "2019-07-17", "date_precision": "day"})
    assert date_agrees(gold, {"event_date": "2019-07", "date_precision": "month"})
    assert not date_agrees(gold, {"event_date": "2019", "date_precision": "year"})
    assert not date_agrees(gold, {"event_date": "2019-08-01", "date_precision": "day"})
