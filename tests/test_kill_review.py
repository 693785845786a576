"""kill -9 of a terminal review: every decision the screen acknowledged is on disk, the file
parses, and the next `review` and `process` run as usual.

The real `python -m pipeline review` runs on a pseudo-terminal, so it reads single key presses
the way it does for a person; a decision counts as acknowledged once the next pair is shown."""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.decisions import load_decisions, pair_key
from pipeline.review import queue_rows_from_csv
from warm_output import warm_output

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"s": "same", "d": "different", "u": "unsure"}


class Terminal:
    """The reviewer's side of a pseudo-terminal: what the program printed, and key presses."""

    def __init__(self, args: list[str]) -> None:
        self.fd, child = pty.openpty()
        self.process = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, cwd=ROOT, start_new_session=True)
        os.close(child)
        self.screen = ""

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            left = deadline - time.monotonic()
            assert left > 0 and self.process.poll() is None, f"no {text!r} on screen:\n{self.screen[-2000:]}"
            if select.select([self.fd], [], [], min(left, 1))[0]:
                self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        os.close(self.fd)


def test_kill_9_during_review_loses_no_acknowledged_decision(sample_output, tmp_path):
    out, decisions = sample_output.out, tmp_path / "decisions.jsonl"
    rows = queue_rows_from_csv(out / "review_queue.csv")
    total = len(rows)
    assert total >= 6
    review = [sys.executable, "-m", "pipeline", "review", "--out", str(out), "--decisions", str(decisions), "--reviewer", "pty", "--no-color"]
    terminal = Terminal(review)
    try:
        terminal.wait_for(f"pair 1 of {total}")
        acknowledged = []
        for number, key in enumerate("sd", start=1):  # one key at a time, each seen through
            terminal.press(key)
            terminal.wait_for(f"pair {number + 1} of {total}")
            acknowledged.append((rows[number - 1], KEYS[key]))
        terminal.press("u")
        terminal.wait_for("> u")  # read: "unsure" is being written to disk now
        terminal.press("d")  # typed ahead meanwhile: waits its turn, never flushed away ("different" asks
        terminal.wait_for(f"pair 5 of {total}")  # nothing more, whatever the groups of the sample's 4th pair)
        acknowledged += [(rows[2], "unsure"), (rows[3], "different")]
        terminal.press("d")  # in flight when the process dies: on disk whole or not at all
    finally:
        terminal.kill()
    standing = load_decisions(decisions)
    assert standing.problems == []  # the file parses, every line
    for row, decision in acknowledged:
        assert standing[pair_key(row["mention_a"], row["mention_b"])]["decision"] == decision
    assert len(standing) in (4, 5)
    assert decisions.read_bytes().endswith(b"\n")

    again = subprocess.run(review, input="q\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"pair 1 of {total - len(standing)}" in again.stdout  # nothing decided is asked again

    refreshed = warm_output(out, tmp_path / "out")
    done = subprocess.run([sys.executable, "-m", "pipeline", "process", "-q", "--out", str(refreshed), "--decisions", str(decisions)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = json.loads((refreshed / "run-summary.json").read_text(encoding="utf-8"))
    settled = sum(d["decision"] in ("same", "different") for d in standing.values())  # "unsure" joins nothing
    assert summary["counts"]["review decisions applied"] == settled and summary["counts"]["review decisions stale"] == 0
