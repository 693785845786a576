"""Human decisions survive a damaged decisions file: a torn last line is set aside, a bad line is
reported and skipped, nothing before it is lost, and `process` and `review` carry on."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.archive import Archive
from pipeline.decisions import append_decision, corrupt_path, load_decisions, pair_key
from pipeline.process import process_archive
from pipeline.sources import load_sources
from warm_output import warm_output

ROOT = Path(__file__).resolve().parent.parent


def line(a: str, b: str, decision: str, reviewer: str = "tester") -> bytes:
    entry = {"a": a, "b": b, "decision": decision, "reviewer": reviewer, "time": "2026-12-01T10:00:00Z"}
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")


GOOD = line("m1", "m2", "same") + line("m3", "m4", "different") + line("m5", "m6", "unsure")
TORN = line("m7", "m8", "same")[:25]  # a crash mid-write: no line end, no closing brace


@pytest.fixture(scope="module")
def queue(sample_output) -> pd.DataFrame:
    frame = pd.read_csv(sample_output.out / "review_queue.csv", dtype=str, keep_default_na=False)
    frame.attrs["out"] = sample_output.out  # the tables whose mention IDs an import is checked against
    assert len(frame) >= 3
    return frame


def test_a_torn_last_line_is_set_aside_and_every_line_before_it_kept(tmp_path):
    path = tmp_path / "decisions.jsonl"
    path.write_bytes(GOOD + TORN)
    standing = load_decisions(path)
    assert set(standing) == {("m1", "m2"), ("m3", "m4"), ("m5", "m6")}
    [problem] = standing.problems
    assert f"{path}:4: torn last line ({len(TORN)} bytes" in problem and str(corrupt_path(path)) in problem
    assert path.read_bytes() == GOOD
    assert corrupt_path(path) == tmp_path / "decisions.jsonl.corrupt"
    assert corrupt_path(path).read_bytes() == TORN + b"\n"
    assert load_decisions(path).problems == []  # set aside once, not reported again
    with open(path, "ab") as fh:  # a second crash later: the .corrupt file is appended to
        fh.write(b"\x00" * 16)  # a full disk leaves zeros
    assert len(load_decisions(path).problems) == 1 and path.read_bytes() == GOOD
    assert corrupt_path(path).read_bytes() == TORN + b"\n" + b"\x00" * 16 + b"\n"


def test_a_crash_between_setting_aside_and_cutting_never_copies_twice(tmp_path):
    path = tmp_path / "decisions.jsonl"
    path.write_bytes(GOOD + TORN)
    corrupt_path(path).write_bytes(TORN + b"\n")  # the copy was made, the cut was not
    load_decisions(path)
    assert path.read_bytes() == GOOD and corrupt_path(path).read_bytes() == TORN + b"\n"


def test_bad_lines_in_the_middle_are_reported_skipped_and_kept(tmp_path):
    path = tmp_path / "decisions.jsonl"
    bad = [
        b"not json\n",
        b'{"a": "m9", "decision": "same"}\n',  # no "b"
        b'{"a": "m9", "b": "m10", "decision": "maybe"}\n',
        b'["m9", "m10", "same"]\n',
        b"\xff\xfe{}\n",
    ]
    content = GOOD[: len(line("m1", "m2", "same"))] + b"".join(bad) + GOOD[len(line("m1", "m2", "same")):] + b"\n"
    path.write_bytes(content)
    standing = load_decisions(path)
    assert set(standing) == {("m1", "m2"), ("m3", "m4"), ("m5", "m6")}
    assert [p.split(": ", 1)[0] for p in standing.problems] == [f"{path}:{n}" for n in range(2, 7)]
    assert all("not a decision line" in p and "skipped, kept in the file" in p for p in standing.problems)
    assert "'b'" in standing.problems[1] and "'maybe'" in standing.problems[2]
    assert path.read_bytes() == content and not corrupt_path(path).exists()


def test_every_append_starts_on_a_fresh_line(tmp_path):
    whole = tmp_path / "edited.jsonl"  # a hand edit that dropped the final line end
    whole.write_bytes(GOOD.rstrip(b"\n"))
    assert len(load_decisions(whole)) == 3 and whole.read_bytes() == GOOD.rstrip(b"\n")  # a whole line stands
    append_decision(whole, "m7", "m8", "same", "tester")
    standing = load_decisions(whole)
    assert len(standing) == 4 and standing.problems == []
    torn = tmp_path / "torn.jsonl"
    torn.write_bytes(GOOD + TORN)
    append_decision(torn, "m8", "m7", "different", "tester")  # appended without reading first
    standing = load_decisions(torn)
    assert standing[("m7", "m8")]["decision"] == "different"  # the new decision is not glued to the torn line
    assert [p.split(": ", 1)[0] for p in standing.problems] == [f"{torn}:4"]  # the torn line, now a bad middle line


@settings(max_examples=40, deadline=None)
@given(
    decisions=st.lists(
        st.tuples(st.sampled_from(["m1", "m2", "m3", "m4"]), st.sampled_from(["m5", "m6"]), st.sampled_from(["same", "different", "unsure", "undo"]),
                  st.text(alphabet="abcЖанарÉ ", min_size=1, max_size=8)),
        min_size=1, max_size=6,
    ),
    cut=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_any_crash_mid_write_keeps_exactly_the_finished_lines(decisions, cut):
    """The last line cut at any byte (inside a multi-byte letter too): the lines before it are
    the standing decisions, the piece is set aside, and a whole last line stands."""
    lines = [line(a, b, d, who) for a, b, d, who in decisions]
    piece = lines[-1][: int(cut * len(lines[-1]))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decisions.jsonl"
        path.write_bytes(b"".join(lines[:-1]) + piece)
        finished = lines if piece == lines[-1][:-1] else lines[:-1]
        expected = {}
        for a, b, d, _ in decisions[: len(finished)]:
            if d == "undo":
                expected.pop(pair_key(a, b), None)
            else:
                expected[pair_key(a, b)] = d
        standing = load_decisions(path)
        assert {k: v["decision"] for k, v in standing.items()} == expected
        torn = bool(piece.strip()) and finished is not lines
        assert len(standing.problems) == int(torn)
        assert corrupt_path(path).exists() == torn
        if torn:
            assert path.read_bytes() == b"".join(lines[:-1]) and corrupt_path(path).read_bytes() == piece + b"\n"


def review(args: list[str], keys: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "review", *args], input=keys, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_review_carries_on_past_a_torn_decisions_file(sample_output, queue, tmp_path):
    decisions = tmp_path / "decisions.jsonl"
    first = queue.iloc[0]
    decisions.write_bytes(line(first["mention_a"], first["mention_b"], "same") + TORN)
    done = review(["--out", str(sample_output.out), "--decisions", str(decisions), "--reviewer", "cli", "--no-color"], "d\nq\n")
    assert done.returncode == 0, done.stderr
    assert f"{decisions}:2: torn last line" in done.stdout
    assert f"pair 1 of {len(queue) - 1}" in done.stdout  # the decision before the torn line still counts
    standing = load_decisions(decisions)
    assert standing.problems == [] and len(standing) == 2
    assert corrupt_path(decisions).read_bytes() == TORN + b"\n"


def test_import_onto_a_torn_file_loses_nothing(queue, tmp_path):
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_bytes(GOOD + TORN)
    filled = queue.copy()
    filled.loc[0, "decision"] = "different"
    sheet = tmp_path / "filled.csv"
    filled.to_csv(sheet, index=False)
    done = review(["--import", str(sheet), "--out", str(queue.attrs["out"]), "--decisions", str(decisions), "--reviewer", "sheet"])
    assert done.returncode == 0, done.stderr
    assert f"{decisions}:4: torn last line" in done.stderr and "1 decision(s) imported" in done.stdout
    standing = load_decisions(decisions)
    assert standing.problems == [] and len(standing) == 4
    assert standing[pair_key(filled.loc[0, "mention_a"], filled.loc[0, "mention_b"])]["decision"] == "different"
    assert corrupt_path(decisions).read_bytes() == TORN + b"\n"


def test_process_applies_every_decision_before_a_torn_line(sample_output, queue, tmp_path, monkeypatch):
    decisions = tmp_path / "decisions.jsonl"
    pairs = [(queue.loc[i, "mention_a"], queue.loc[i, "mention_b"]) for i in range(2)]
    decisions.write_bytes(line(*pairs[0], "same") + b"{oops}\n" + line(*pairs[1], "different") + TORN)
    out = warm_output(sample_output.out, tmp_path / "out")
    monkeypatch.chdir(ROOT)  # settings name config files relative to the repository root
    result = process_archive(Archive(ROOT / "raw"), load_sources(ROOT / "config" / "sources.toml"), out, decisions_file=decisions)
    assert result.counts["review decisions applied"] == 2
    assert any(f"{decisions}:2: not a decision line" in w for w in result.warnings)
    assert any(f"{decisions}:4: torn last line" in w for w in result.warnings)
    event = pd.read_parquet(out / "mentions.parquet").set_index("mention_id")["event_id"]
    assert event[pairs[0][0]] == event[pairs[0][1]] and event[pairs[1][0]] != event[pairs[1][1]]
    asked = pd.read_csv(out / "review_queue.csv")
    assert not {pair_key(*p) for p in pairs} & {pair_key(a, b) for a, b in zip(asked["mention_a"], asked["mention_b"])}


def test_an_append_waits_while_another_command_holds_the_file(tmp_path):
    """A `review` appending while a `process` is setting a torn line aside waits for it, so the
    cut can never take the new line with it."""
    import fcntl

    path = tmp_path / "decisions.jsonl"
    path.write_bytes(GOOD)
    append = [sys.executable, "-c", "import sys; from pipeline.decisions import append_decision; append_decision(sys.argv[1], 'm7', 'm8', 'same', 'other')", str(path)]
    with open(path, "r+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        writer = subprocess.Popen(append, cwd=ROOT)
        with pytest.raises(subprocess.TimeoutExpired):
            writer.wait(timeout=3)  # blocked on the lock (an unblocked append takes well under a second)
        assert path.read_bytes() == GOOD
    assert writer.wait(timeout=60) == 0
    standing = load_decisions(path)
    assert standing.problems == [] and standing[("m7", "m8")]["reviewer"] == "other"
