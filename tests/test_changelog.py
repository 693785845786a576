"""The changelog of event IDs (pipeline/changelog.py): what each refresh did to each event,
timestamps that survive refreshes, and a log carried from generation to generation."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from pipeline.changelog import Previous, compare, read_previous, refresh

from warm_output import warm_output

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RUN = ROOT / "raw" / "runs" / "20261122T143106Z"
A, B, C, D, E = (f"evt_{c * 16}" for c in "abcde")


def events(*rows):
    return pd.DataFrame([{"event_id": e, "n_mentions": n, "people": list(p)} for e, n, p in rows])


def test_each_kind_of_change_is_logged():
    before = Previous(events=events((A, 2, ["X"]), (B, 1, []), (C, 3, []), (D, 1, [])),
                      assignment={"m1": A, "m2": A, "m3": B, "m4": C, "m5": C, "m6": C, "m7": D})
    after = events((A, 2, ["X", "Y"]), (C, 2, []), (E, 2, []))  # B merged into A... see assignment
    assignment = {"m1": A, "m2": A, "m3": A, "m4": C, "m5": C, "m6": E, "m8": E}
    log = compare(before, after, assignment, "2026-12-01T10:00:00Z")
    rows = {(r.event_id, r.change, r.related_event_id): list(r.fields) for r in log.itertuples()}
    assert rows == {
        (A, "changed", None): ["people"],  # n_mentions is the same; the people differ
        (C, "changed", None): ["n_mentions"],
        (E, "split_from", C): [],
        (B, "merged_into", A): [],
        (D, "deleted", None): [],
    }
    assert set(log["changed_at"]) == {"2026-12-01T10:00:00Z"}


def test_no_previous_generation_logs_every_event_as_new_and_nothing_changed_logs_nothing():
    now = "2026-12-01T10:00:00Z"
    first = compare(Previous(), events((A, 1, []), (B, 1, [])), {"m1": A, "m2": B}, now)
    assert list(first["change"]) == ["new", "new"]
    same = Previous(events=events((A, 1, []), (B, 1, [])), assignment={"m1": A, "m2": B})
    assert compare(same, events((A, 1, []), (B, 1, [])), {"m1": A, "m2": B}, now).empty


def test_created_survives_and_last_changed_moves_only_with_a_change():
    mentions = pd.DataFrame({"mention_id": ["m1", "m2"], "event_id": [A, B]})
    first, log, _ = refresh(events((A, 1, []), (B, 1, [])), mentions, Previous(), "2026-12-01T10:00:00Z")
    assert set(first["created"]) == set(first["last_changed"]) == {"2026-12-01T10:00:00Z"}
    previous = Previous(events=first, assignment={"m1": A, "m2": B}, changes=log)
    second, log2, this = refresh(events((A, 1, []), (B, 1, ["Y"])), mentions, previous, "2026-12-02T10:00:00Z")
    by_id = second.set_index("event_id")
    assert by_id.loc[A, "created"] == by_id.loc[B, "created"] == "2026-12-01T10:00:00Z"
    assert (by_id.loc[A, "last_changed"], by_id.loc[B, "last_changed"]) == ("2026-12-01T10:00:00Z", "2026-12-02T10:00:00Z")
    assert list(this["event_id"]) == [B] and len(log2) == 3  # two new, then one changed, in order
    assert list(log2["changed_at"]) == sorted(log2["changed_at"])


def small_archive(folder: Path, n_articles: int) -> Path:
    """The shipped sample run with its index cut to robots.txt files and ``n_articles`` articles."""
    run = folder / "runs" / SAMPLE_RUN.name
    run.mkdir(parents=True)
    for name in ("pages.warc.gz", "fetch-log.jsonl", "summary.json"):
        shutil.copy(SAMPLE_RUN / name, run / name)
    lines = (SAMPLE_RUN / "captures.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    keep = [l for l in lines if json.loads(l)["page_kind"] == "robots"]
    keep += [l for l in lines if json.loads(l)["page_kind"] == "article"][:n_articles]
    (run / "captures.jsonl").write_text("".join(keep), encoding="utf-8")
    return folder


def process(raw: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--raw", str(raw), "--out", str(out),
                           "--decisions", str(out.parent / "decisions.jsonl")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_the_log_survives_refreshes_and_a_damaged_log_is_reported(sample_output, tmp_path):
    out = warm_output(sample_output.out, tmp_path / "out")
    small, larger = small_archive(tmp_path / "a", 2), small_archive(tmp_path / "b", 4)
    assert process(small, out).returncode == 0
    first = pd.read_parquet(out / "changes.parquet")
    first_events = pd.read_parquet(out / "events.parquet")
    assert set(first["change"]) == {"new"} and set(first["event_id"]) == set(first_events["event_id"])
    done = process(larger, out)
    assert done.returncode == 0, done.stderr
    log = pd.read_parquet(out / "changes.parquet")
    assert log.iloc[: len(first)].reset_index(drop=True).equals(first)  # the old rows, kept as they were
    newer = log.iloc[len(first):]
    assert len(newer) and (newer["changed_at"] >= first["changed_at"].max()).all()
    events = pd.read_parquet(out / "events.parquet").set_index("event_id")
    kept = first_events.set_index("event_id")["created"]
    persisting = [e for e in kept.index if e in events.index]
    assert persisting and (events.loc[persisting, "created"] == kept[persisting]).all()
    csv = pd.read_csv(out / "changes.csv", encoding="utf-8-sig")
    assert len(csv) == len(log)
    # an analyst's "what changed since my download": the rows after it
    since = log[pd.to_datetime(log["changed_at"]) > pd.to_datetime(first["changed_at"].max())]
    assert set(since["event_id"]) <= set(events.index) | set(first_events["event_id"])

    current = (out / "changes.parquet").resolve()
    current.unlink()
    current.write_bytes(b"not parquet")
    damaged = process(small, out)
    assert damaged.returncode == 0, damaged.stderr
    assert "changes.parquet cannot be read" in damaged.stderr and "restarts with this refresh" in damaged.stderr
    assert len(pd.read_parquet(out / "changes.parquet")) > 0
