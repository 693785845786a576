"""The terminal walk through the flagged pairs, with no hidden effects.

Every decision is on disk (``decisions.append_decision``) before the next pair is shown. A
``same`` or ``different`` that would do more than join or part the two mentions (pull a mention
out of the event it is in, split an event) is shown for what it does and asked again first.
Undo takes back the last decision and only that: it restores what stood before (a skip has
nothing to take back and writes nothing). The closing summary counts what the file holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .decisions import DECISIONS, append_decision, load_decisions, pair_key
from .review_context import Effects, ReviewData
from .review_screen import CONFIRM, HELP, LineScreen, render_pair

KEYS = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "z": "undo", "q": "quit"}


class QueueOnlyData(ReviewData):
    """The screen's data from the queue rows alone (no tables beside them)."""

    def __init__(self, rows: list[dict]) -> None:  # noqa: D107 - no tables to read
        self.by_id, self.members, self.texts, self.titles, self.pairs = {}, {}, {}, {}, {}
        self.documents = None
        for row in rows:
            for side in ("a", "b"):
                self.by_id[row[f"mention_{side}"]] = {
                    "mention_id": row[f"mention_{side}"], "event_type": row.get(f"type_{side}", ""),
                    "people": [p for p in str(row.get(f"people_{side}", "")).split("; ") if p],
                    "organisations": [p for p in str(row.get(f"organisations_{side}", "")).split("; ") if p],
                    "publisher": row.get(f"publisher_{side}", ""), "url": row.get(f"url_{side}", ""),
                    "evidence": row.get(f"evidence_{side}", ""), "event_date": None,
                }


def review_pairs(
    rows: list[dict],
    decisions_path: Path,
    read_key: Callable[[], str] | None,
    write: Callable[[str], None] | None,
    reviewer: str,
    color: bool = False,
    data: ReviewData | None = None,
    effects: Effects | None = None,
    screen=None,
    revisit: bool = False,
) -> dict[str, int]:
    """Walk the pairs (those without a decision; all of them with ``revisit``, as for the
    ``unsure`` ones). Returns this session's standing decisions by kind, skips and undos."""
    screen = screen or LineScreen(read_key, write, color=color)
    data = data or QueueOnlyData(rows)
    standing = load_decisions(decisions_path)
    for problem in standing.problems:
        screen.say(f"review: {problem}")
    todo = rows if revisit else [r for r in rows if pair_key(r["mention_a"], r["mention_b"]) not in standing]
    counts = {"same": 0, "different": 0, "unsure": 0, "skipped": 0, "undone": 0}
    if not todo:
        screen.say("review: nothing to review: every flagged pair has a decision.")
        return counts
    history: list[tuple[int, dict | None, bool]] = []  # (position, what stood before, decided?)
    session: set[tuple[str, str]] = set()
    position, status = 0, ""
    while position < len(todo):
        row, number = todo[position], position + 1
        a, b = row["mention_a"], row["mention_b"]
        key = pair_key(a, b)
        note = status
        key_pressed = screen.ask(lambda w, h: render_pair(data, row, number, len(todo), w, h, color, note), "sdukzq")
        status = ""
        action = KEYS.get(key_pressed)
        if action is None:
            status = f"unknown key {key_pressed!r}; {HELP}"
            continue
        if action == "quit":
            break
        if action == "undo":
            if not history:
                status = "nothing to undo"
                continue
            position, before, decided = history.pop()
            if decided:
                back = todo[position]
                _restore(decisions_path, back, before, standing, reviewer)
                counts["undone"] += 1
                status = f"undone: pair {position + 1} is as it was"
            continue
        if action == "skip":
            counts["skipped"] += 1
            history.append((position, None, False))
            position += 1
            continue
        if effects is not None and action in ("same", "different"):
            surprises = effects.surprises(a, b, action, standing)
            if surprises:
                warning = f"'{action}' also {'; '.join(surprises)}."
                answer = screen.ask(lambda w, h: render_pair(data, row, number, len(todo), w, h, color, warning, CONFIRM), "yn")
                if answer != "y":
                    status = f"not decided: '{action}' was withdrawn"
                    continue
        before = standing.get(key)
        standing[key] = append_decision(decisions_path, a, b, action, reviewer)
        session.add(key)
        history.append((position, before, True))
        position += 1
    final = load_decisions(decisions_path)
    for k in session:
        if k in final and final[k]["decision"] in DECISIONS:
            counts[final[k]["decision"]] += 1
    held = {d: sum(1 for e in final.values() if e["decision"] == d) for d in DECISIONS}
    screen.say(
        f"review: this session {counts['same']} same, {counts['different']} different, {counts['unsure']} unsure, "
        f"{counts['skipped']} skipped, {counts['undone']} undone; {decisions_path} holds {len(final)} decision(s): "
        f"{held['same']} same, {held['different']} different, {held['unsure']} unsure"
    )
    return counts


def _restore(path: Path, row: dict, before: dict | None, standing: dict, reviewer: str) -> None:
    """Put back what stood on the pair before the decision being undone."""
    a, b = row["mention_a"], row["mention_b"]
    key = pair_key(a, b)
    if before is None:
        append_decision(path, a, b, "undo", reviewer)
        standing.pop(key, None)
    else:
        standing[key] = append_decision(path, a, b, before["decision"], reviewer, note="restored by undo")


def unsure_rows(data: ReviewData, decisions_path: Path) -> list[dict]:
    """The pairs whose standing decision is ``unsure``, as queue rows, for another look."""
    import pandas as pd

    from .review_queue import review_queue_rows

    standing = load_decisions(decisions_path)
    pairs = [(a, b) for (a, b), e in sorted(standing.items()) if e["decision"] == "unsure" and a in data.by_id and b in data.by_id]
    scores = [data.features(a, b)[0] or 0.0 for a, b in pairs]
    queue = pd.DataFrame({"mention_a": [a for a, _ in pairs], "mention_b": [b for _, b in pairs], "score": scores})
    return review_queue_rows(queue, data.mentions).to_dict("records")
