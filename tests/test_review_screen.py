"""The terminal review driven as a person drives it: the real `python -m pipeline review` on a
pseudo-terminal (pexpect), one key at a time, through every key and every case: a decision
with a hidden effect is said and asked first, `unsure` pairs come back with `--unsure`, undo
undoes a decision and nothing else, the summary counts the file, and the screen is redrawn to
the window's size."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pexpect
import pytest

from pipeline.decisions import load_decisions, pair_key
from pipeline.review_context import Effects, ReviewData
from pipeline.review_queue import queue_rows_from_csv
from pipeline.review_screen import short_url, render_pair
from warm_output import warm_output

ROOT = Path(__file__).resolve().parent.parent
TABLES = ("mentions.parquet", "documents.parquet", "pairs.parquet", "events.parquet", "review_queue.csv")


@pytest.fixture(scope="module")
def hidden(sample_output, tmp_path_factory) -> tuple[Path, dict, list[str]]:
    """A copy of the sample's tables whose queue starts with a pair where `same` would pull
    mentions out of the event they are in, and what the screen should say about it."""
    data = ReviewData(sample_output.out)
    effects = Effects(data)
    rows = queue_rows_from_csv(sample_output.out / "review_queue.csv")
    for row in rows[:60]:
        surprises = effects.surprises(row["mention_a"], row["mention_b"], "same", {})
        if surprises:
            break
    else:
        pytest.fail("no pair of the sample's queue has a hidden effect: the test needs one")
    out = tmp_path_factory.mktemp("hidden")
    for name in TABLES:
        shutil.copyfile(sample_output.out / name, out / name)
    queue = pd.read_csv(out / "review_queue.csv", dtype=str, keep_default_na=False)
    first = (queue["mention_a"] == row["mention_a"]) & (queue["mention_b"] == row["mention_b"])
    pd.concat([queue[first], queue[~first]]).to_csv(out / "review_queue.csv", index=False)
    return out, row, surprises


def spawn(out: Path, decisions: Path, *args: str, rows: int = 24, columns: int = 80) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color"}
    return pexpect.spawn(sys.executable, ["-m", "pipeline", "review", "--out", str(out), "--decisions", str(decisions),
                                          "--reviewer", "pty", *args],
                         cwd=str(ROOT), env=env, dimensions=(rows, columns), encoding="utf-8", timeout=60)


def finish(screen: pexpect.spawn) -> str:
    screen.expect(pexpect.EOF)
    screen.close()
    assert screen.exitstatus == 0, screen.before[-2000:]
    return screen.before


def test_every_key_undo_takes_back_only_decisions_and_the_summary_counts_the_file(sample_output, tmp_path):
    out, decisions = sample_output.out, tmp_path / "decisions.jsonl"
    rows = queue_rows_from_csv(out / "review_queue.csv")
    total = len(rows)
    screen = spawn(out, decisions)
    screen.expect(f"pair 1 of {total}")
    screen.expect(r"\[q\]uit")  # the keys are on screen with the header
    screen.send("x")
    screen.expect("unknown key 'x'")
    screen.send("k")  # skip: nothing written
    screen.expect(f"pair 2 of {total}")
    screen.send("z")  # undo a skip: back to pair 1, still nothing written
    screen.expect("pair 1 of")
    assert not decisions.exists()
    screen.send("s")
    screen.expect(f"pair 2 of {total}")
    screen.send("d")
    screen.expect(f"pair 3 of {total}")
    screen.send("z")  # undo the "different": pair 2 as it was
    screen.expect("undone: pair 2 is as it was")
    assert pair_key(rows[1]["mention_a"], rows[1]["mention_b"]) not in load_decisions(decisions)
    screen.send("u")
    screen.expect(f"pair 3 of {total}")
    screen.send("q")
    summary = finish(screen)
    assert "this session 1 same, 0 different, 1 unsure, 1 skipped, 1 undone" in summary
    assert "holds 2 decision(s): 1 same, 0 different, 1 unsure" in summary
    standing = load_decisions(decisions)
    assert {k: e["decision"] for k, e in standing.items()} == {
        pair_key(rows[0]["mention_a"], rows[0]["mention_b"]): "same",
        pair_key(rows[1]["mention_a"], rows[1]["mention_b"]): "unsure",
    }
    assert [line.count('"undo"') for line in decisions.read_text().splitlines()].count(1) == 1  # one undo line, for "d"


def test_a_hidden_move_is_said_and_asked_first(hidden, tmp_path):
    out, row, surprises = hidden
    decisions = tmp_path / "decisions.jsonl"
    screen = spawn(out, decisions, rows=40, columns=200)
    screen.expect("pair 1 of")
    screen.send("s")
    screen.expect_exact(f"'same' also {surprises[0]}")  # which mentions leave which event
    screen.expect(r"Decide it anyway\?")
    screen.expect(r"\[y\] yes")
    screen.send("n")
    screen.expect("not decided: 'same' was withdrawn")
    assert not decisions.exists()  # nothing written behind the reviewer's back
    screen.send("s")
    screen.expect("'same' also moves")
    screen.send("y")
    screen.expect("pair 2 of")
    screen.send("q")
    finish(screen)
    standing = load_decisions(decisions)
    assert standing[pair_key(row["mention_a"], row["mention_b"])]["decision"] == "same" and len(standing) == 1


def test_unsure_pairs_stay_listed_and_keep_their_events_flagged(sample_output, tmp_path):
    out, decisions = sample_output.out, tmp_path / "decisions.jsonl"
    rows = queue_rows_from_csv(out / "review_queue.csv")
    screen = spawn(out, decisions)
    screen.expect("pair 1 of")
    screen.send("u")
    screen.expect("pair 2 of")
    screen.send("q")
    finish(screen)
    screen = spawn(out, decisions, "--unsure")
    screen.expect("pair 1 of 1")  # the unsure pair, and only it, is asked again
    screen.expect(rows[0]["mention_a"][:20])
    screen.send("q")
    finish(screen)

    refreshed = warm_output(out, tmp_path / "out")
    done = subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--out", str(refreshed), "--decisions", str(decisions)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    mentions = pd.read_parquet(refreshed / "mentions.parquet", columns=["mention_id", "event_id"]).set_index("mention_id")
    events = pd.read_parquet(refreshed / "events.parquet", columns=["event_id", "needs_review"]).set_index("event_id")
    for mention in (rows[0]["mention_a"], rows[0]["mention_b"]):
        assert bool(events.loc[mentions.loc[mention, "event_id"], "needs_review"])

    screen = spawn(refreshed, decisions, "--unsure")
    screen.expect("pair 1 of 1")
    screen.send("d")
    finish(screen)
    assert load_decisions(decisions)[pair_key(rows[0]["mention_a"], rows[0]["mention_b"])]["decision"] == "different"
    again = spawn(refreshed, decisions, "--unsure")
    assert "no pair is decided 'unsure'" in finish(again)


def test_the_screen_fits_80x24_and_grows_with_the_window(sample_output, tmp_path):
    out = sample_output.out
    data = ReviewData(out)
    rows = queue_rows_from_csv(out / "review_queue.csv")
    for row in rows[:10]:
        for width, height in ((80, 24), (120, 40)):
            lines = render_pair(data, row, 1, len(rows), width, height, color=False, status="a note").split("\n")
            assert len(lines) <= height and max(len(line) for line in lines) <= width
            assert lines[0].startswith("pair 1 of") and lines[-1].startswith("[s]ame")  # header and keys never scroll away
    long_url = next(r for r in rows if 50 < len(r["url_a"]) <= 70)
    position = rows.index(long_url) + 1
    url = long_url["url_a"]
    short = short_url(url, (80 - 11 - 6) // 2 - 1)
    assert "…" in short
    decisions = tmp_path / "decisions.jsonl"
    screen = spawn(out, decisions, rows=40, columns=160)
    for _ in range(position - 1):
        screen.expect(r"\[q\]uit")
        screen.send("k")
    screen.expect(f"pair {position} of")
    screen.expect_exact(url)  # wide: the whole URL
    screen.setwinsize(24, 80)
    screen.expect(f"pair {position} of")  # redrawn at once, header first
    screen.expect_exact(short)  # narrow: the URL cut in its middle rather than wrapped mid-word
    screen.setwinsize(40, 160)
    screen.expect_exact(url)
    screen.send("q")
    finish(screen)
    assert not decisions.exists()


def test_the_cluster_view_confirms_or_takes_members_out(sample_output, tmp_path):
    out = sample_output.out
    data = ReviewData(out)
    event, members = next((e, m) for e, m in sorted(data.members.items()) if len(m) >= 3)
    decisions = tmp_path / "decisions.jsonl"
    screen = spawn(out, decisions, "--event", event)
    screen.expect(f"event {event}: {len(members)} mention")
    screen.send("2")
    screen.expect(f"take {members[1]} out of {event}")
    screen.send("n")
    screen.expect("nothing taken out")
    assert not decisions.exists()
    screen.send("2")
    screen.expect("take")
    screen.send("y")
    screen.expect(f"event {event}: {len(members) - 1} mention")
    screen.send("c")
    screen.expect("confirmed")
    screen.send("q")
    finish(screen)
    standing = load_decisions(decisions)
    assert all(standing[pair_key(members[1], m)]["decision"] == "different" for m in members if m != members[1])
    rest = [m for m in members if m != members[1]]
    assert all(standing[pair_key(rest[0], m)]["decision"] == "same" for m in rest[1:])
    missing = spawn(out, decisions, "--event", "evt_0000000000000000")
    missing.expect(pexpect.EOF)
    missing.close()
    assert missing.exitstatus == 1 and "no event evt_0000000000000000" in missing.before


def test_the_html_report_has_a_page_per_pair_and_per_event(sample_output, tmp_path):
    folder = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "pipeline", "review", "--out", str(sample_output.out), "--decisions",
                           str(tmp_path / "decisions.jsonl"), "--report", str(folder)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = queue_rows_from_csv(sample_output.out / "review_queue.csv")
    data = ReviewData(sample_output.out)
    pages = {p.name for p in folder.iterdir()}
    events = {data.event_of(m) for r in rows for m in (r["mention_a"], r["mention_b"])}
    assert len([p for p in pages if p.startswith("pair-")]) == len(rows)
    assert {f"event-{e}.html" for e in events} <= pages and "index.html" in pages
    first = rows[0]
    a, b = sorted((first["mention_a"], first["mention_b"]))
    page = (folder / f"pair-{a.replace(':', '_')}--{b.replace(':', '_')}.html").read_text(encoding="utf-8")
    clause = data.paragraph(first["mention_a"]).clause
    assert "<mark>" in page and clause[:30].replace("&", "&amp;") in page and "why it was flagged" in page


def test_the_screen_marks_what_matters_and_shows_why_and_the_events(sample_output):
    data = ReviewData(sample_output.out)
    rows = queue_rows_from_csv(sample_output.out / "review_queue.csv")

    def screen(row: dict) -> str:
        return render_pair(data, row, 1, len(rows), 160, 60, color=False)

    def day(mention: str) -> str:
        return str(data.mention(mention)["event_date"] or "")

    apart = next(r for r in rows if day(r["mention_a"]) and day(r["mention_b"])
                 and not day(r["mention_a"]).startswith(day(r["mention_b"])) and not day(r["mention_b"]).startswith(day(r["mention_a"])))
    together = next(r for r in rows if day(r["mention_a"]) == day(r["mention_b"]))
    assert "≠ date" in screen(apart) and "≠ date" not in screen(together) and "  date" in screen(together)
    row = next(r for r in rows if data.others(r["mention_a"]))
    shown = screen(row)
    score, _, contributions = data.features(row["mention_a"], row["mention_b"])
    assert f"score {score:.2f}" in shown and f"why: {contributions[0][0]} {contributions[0][1]:+.2f}" in shown
    assert f"{data.event_of(row['mention_a'])}: {len(data.others(row['mention_a']))} other(s)" in shown
    first_other = " ".join(data.mention(data.others(row["mention_a"])[0])["evidence"].split())
    assert first_other[:30] in shown  # the other members of the event, by their sentence
    clause = " ".join(data.paragraph(row["mention_a"]).clause.split())
    assert "«" in shown and clause.split()[0] in shown.split("«", 1)[1]  # the clause read, marked in its paragraph
    m = data.mention(row["mention_a"])
    for actor in list(m["actors"])[:1]:
        assert f"{actor} (actor)" in shown
    for target in list(m["targets"])[:1]:
        assert f"{target} (target)" in shown
