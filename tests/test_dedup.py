"""Events from mentions, and reviewer decisions that survive every refresh."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive import Archive
from pipeline.dedup import cluster_mentions, date_range, load_dedup_config, ranges_overlap
from pipeline.process import process_archive
from pipeline.review import append_decision, import_review_csv, load_decisions, queue_rows_from_csv, review_pairs
from pipeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_sources(ROOT / "config" / "sources.toml")
DEDUP = load_dedup_config(ROOT / "config" / "dedup.toml")


def run(out: Path, decisions: Path):
    return process_archive(Archive(ROOT / "raw"), CONFIG, out, decisions_file=decisions)


@pytest.fixture(scope="module")
def first(sample_output):
    return sample_output.out, sample_output.decisions


def mentions_of(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "mentions.parquet")


def event_of(mentions: pd.DataFrame, pattern: str) -> set[str]:
    found = mentions[mentions["evidence"].str.contains(pattern, regex=False)]
    assert len(found), pattern
    return set(found["event_id"])


def one_event(mentions: pd.DataFrame, *patterns: str) -> str:
    """The one event every sentence matching ``patterns`` belongs to."""
    ids = {pattern: event_of(mentions, pattern) for pattern in patterns}
    assert len(set().union(*ids.values())) == 1, ids
    return next(iter(ids[patterns[0]]))


def test_reports_of_one_sentencing_merge_across_publishers(first):
    out, _ = first
    event_id = one_event(
        mentions_of(out),
        "sentenced to seven years’ imprisonment on July 17, 2019",
        "after he was sentenced to seven years in prison by a Kazakh court on 17 July",
        "The ITUC has harshly condemned the sentencing",
    )
    events = pd.read_parquet(out / "events.parquet").set_index("event_id")
    event = events.loc[event_id]
    assert event["n_sources"] >= 3 and event["event_type"] == "conviction"
    assert (event["event_date"], event["date_precision"]) == ("2019-07-17", "day")


def test_zhanaozen_killings_merge_whatever_the_toll_and_precision(first):
    out, _ = first
    one_event(
        mentions_of(out),
        "killings in Zhanaozen in December 2011 where the police shot 12 workers",
        "police killed at least 16 demonstrators",
        "shooting of striking workers in Zhanaozen in 2011",
    )


def test_near_misses_stay_apart(first):
    out, _ = first
    mentions = mentions_of(out)
    assert event_of(mentions, "On 7 November 2018, Kazakhstan’s Supreme Court upheld") != event_of(mentions, "On 22 May 2019, the Supreme Court")
    assert event_of(mentions, "on July 17, 2019") != event_of(mentions, "On 19 December 2019, the Court rejected Baltabay’s appeal")
    assert event_of(mentions, "Refusal to register the SFEWU Atyrau branch") != event_of(mentions, "Refusal to register the SFWEU Almaty branch")
    assert event_of(mentions, "Department of Justice of the Atyrau Region rejected") != event_of(mentions, "City of Almaty issued a decision on 10 February")
    # one report, two occurrences: the branch's de-registration and the court's suspension a month later
    assert event_of(mentions, "In January 2021, the authorities de-registered") != event_of(mentions, "In February 2021 the Specialised Interdistrict")
    assert event_of(mentions, "On 27 October 2021, the police arrested Jenis Orynaliev") != event_of(mentions, "did initiate talks with the company couriers")
    # refusing to pay a fine is no occurrence of the vocabulary (extract gives no mention): if it were one, not the pardon
    refusal = mentions[mentions["evidence"].str.contains("refused to pay the fine or recognise the presidential pardon", regex=False)]
    assert event_of(mentions, "issued a decree on the evening of August 9th pardoning").isdisjoint(refusal["event_id"])


def test_a_statement_is_one_event_from_heading_to_signature(first):
    out, _ = first
    mentions = mentions_of(out)
    one_event(
        mentions[mentions["event_type"] == "statement"],  # the sentence also reports the attempt it protests against
        "Statement by the Central Council of the University Solidarity trade union",
        "The Central Council protests against the attempt",  # the same speaker, shortened
        "Adopted by the Central Council of University Solidarity, 10 December 2016",  # three days before publication
    )


def test_different_months_are_incompatible_however_close_their_ends():
    january, february = date_range("2021-01", "month", "text", DEDUP), date_range("2021-02", "month", "text", DEDUP)
    assert not ranges_overlap(january, february, DEDUP.tolerance_days)
    last_day = date_range("2021-01-31", "day", "text", DEDUP)  # a single day keeps a day's slack
    assert ranges_overlap(last_day, date_range("2021-02-01", "day", "text", DEDUP), DEDUP.tolerance_days)
    assert ranges_overlap(last_day, february, DEDUP.tolerance_days)


def test_every_mention_is_traceable_and_events_are_consistent(first):
    out, _ = first
    mentions, events = mentions_of(out), pd.read_parquet(out / "events.parquet")
    assert events["event_id"].is_unique and set(mentions["event_id"]) == set(events["event_id"])
    counts = mentions.groupby("event_id").size()
    assert (events.set_index("event_id")["n_mentions"].sort_index() == counts.sort_index()).all()
    for event_id, group in mentions.groupby("event_id"):  # members' dates can all hold at once
        ranges = [date_range(d, p, "text", DEDUP) for d, p, f in zip(group["event_date"], group["date_precision"], group["date_from"]) if f == "text"]
        assert all(ranges_overlap(a, b, DEDUP.tolerance_days) for a in ranges for b in ranges), event_id
    pairs = pd.read_parquet(out / "pairs.parquet")
    assert set(pairs["outcome"]) <= {"same", "review", "different"}
    assert {"date_compatible", "actors", "event_type", "evidence", "score"} <= set(pairs.columns)


def test_same_input_same_event_ids(first, tmp_path):
    out, decisions = first
    run(tmp_path, decisions)
    assert mentions_of(tmp_path)[["mention_id", "event_id"]].equals(mentions_of(out)[["mention_id", "event_id"]])
    run(tmp_path, decisions)  # a refresh on top of existing output keeps them too
    assert mentions_of(tmp_path)[["mention_id", "event_id"]].equals(mentions_of(out)[["mention_id", "event_id"]])


def test_weak_links_never_join_groups_a_reviewer_separated():
    ranges = [None, None, None]
    scored = {(0, 1): {"score": 0.9, "outcome": "same"}, (1, 2): {"score": 0.8, "outcome": "same"}}
    assert len(set(cluster_mentions(3, ranges, scored, [], [], 1).labels)) == 1
    separated = cluster_mentions(3, ranges, scored, [], [(0, 2)], 1).labels
    assert separated[0] != separated[2]
    dated = [(0, 10), (5, 40), (30, 50)]  # 0 and 2 cannot both hold with 1
    labels = cluster_mentions(3, dated, scored, [], [], 0).labels
    assert labels[0] == labels[1] != labels[2]


def test_review_decisions_survive_a_full_rebuild(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    mentions = mentions_of(out)
    queue = pd.read_csv(out / "review_queue.csv")
    assert len(queue) > 0
    flagged = queue.iloc[0]
    merged = mentions.groupby("event_id")["mention_id"].apply(list)
    a, b = next(m for m in merged if len(m) >= 2)[:2]
    append_decision(decisions, flagged["mention_a"], flagged["mention_b"], "same", "tester")
    append_decision(decisions, a, b, "different", "tester")
    append_decision(decisions, "doc_gone:0000000000", a, "same", "tester")  # a mention that no longer exists
    rebuilt = tmp_path / "rebuilt"
    result = run(rebuilt, decisions)
    after = mentions_of(rebuilt).set_index("mention_id")["event_id"]
    assert after[flagged["mention_a"]] == after[flagged["mention_b"]]
    assert after[a] != after[b]
    assert result.counts["review decisions applied"] == 2 and result.counts["review decisions stale"] == 1
    assert any("no longer exists" in w for w in result.warnings)
    new_queue = pd.read_csv(rebuilt / "review_queue.csv")
    asked = {tuple(sorted(p)) for p in zip(new_queue["mention_a"], new_queue["mention_b"])}
    assert tuple(sorted((flagged["mention_a"], flagged["mention_b"]))) not in asked


def test_terminal_review_writes_each_decision_at_once_and_never_asks_twice(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    rows = queue_rows_from_csv(out / "review_queue.csv")
    assert len(rows) >= 4
    keys = iter(["s", "d", "z", "u", "k", "x", "q"])
    seen_lines = []

    def read_key() -> str:
        seen_lines.append(sum(1 for _ in open(decisions)) if decisions.exists() else 0)
        return next(keys)

    screen = io.StringIO()
    counts = review_pairs(rows, decisions, read_key, screen.write, "tester")
    assert counts == {"same": 1, "different": 1, "unsure": 1, "skipped": 1, "undone": 1}
    assert seen_lines[:3] == [0, 1, 2]  # each decision was on disk before the next key
    standing = load_decisions(decisions)
    key = lambda r: tuple(sorted((r["mention_a"], r["mention_b"])))  # noqa: E731
    assert standing[key(rows[0])]["decision"] == "same"
    assert standing[key(rows[1])]["decision"] == "unsure"  # "d" was undone, then "u"
    assert "unknown key 'x'" in screen.getvalue() and "A:" in screen.getvalue()
    again = io.StringIO()
    review_pairs(rows, decisions, iter(["q"]).__next__, again.write, "tester")
    assert "pair 1 of" in again.getvalue() and f"of {len(rows) - 2}" in again.getvalue()


def test_spreadsheet_round_trip(first, tmp_path):
    out, _ = first
    queue = pd.read_csv(out / "review_queue.csv", dtype=str, keep_default_na=False)
    queue.loc[0, "decision"] = "different"
    queue.loc[1, "decision"] = "maybe"
    filled = tmp_path / "filled.csv"
    queue.to_csv(filled, index=False)
    decisions = tmp_path / "decisions.jsonl"
    taken, problems = import_review_csv(filled, decisions, "sheet-user")
    assert taken == 1 and len(problems) == 1 and "unknown decision 'maybe'" in problems[0]
    line = json.loads(decisions.read_text().splitlines()[0])
    assert line["decision"] == "different" and line["reviewer"] == "sheet-user"


def test_review_command_line(first, tmp_path):
    out, _ = first
    decisions = tmp_path / "decisions.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "review", "--out", str(out), "--decisions", str(decisions), "--reviewer", "cli", "--no-color"],
        input="s\nq\n", capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "[s]ame" in done.stdout and "1 same" in done.stdout
    assert len(load_decisions(decisions)) == 1
    aliases = tmp_path / "aliases.csv"
    shutil.copy(ROOT / "config" / "aliases.csv", aliases)
    merged = subprocess.run(
        [sys.executable, "-m", "pipeline", "review", "--merge-entity", "Erlan Baltabai", "Erlan Baltabay", "--aliases", str(aliases)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert merged.returncode == 0 and "Erlan Baltabai" in aliases.read_text(encoding="utf-8")
