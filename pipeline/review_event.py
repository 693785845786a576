"""The cluster view (``review --event EVENT_ID``): every mention of one event, to confirm the
event or take members out.

Confirming records ``same`` between the first member and each other one; taking member N out
records ``different`` between it and every other member, after the screen has said exactly
that and the reviewer has said yes. Each line is on disk before the screen changes.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .decisions import append_decision, load_decisions, pair_key
from .review_context import ReviewData
from .review_queue import mention_date
from .review_screen import _people

EVENT_HELP = "[c] confirm the event  [1-9] take a member out  [q]uit"


def render_event(data: ReviewData, event_id: str, members: list[str], width: int, height: int, color: bool,
                 status: str = "", keys: str = EVENT_HELP) -> str:
    console = Console(file=io.StringIO(), width=max(width, 40), force_terminal=color,
                      color_system="standard" if color else None, no_color=not color, highlight=False, emoji=False)
    console.print(Text(f"event {event_id}: {len(members)} mention(s)", style="bold"), no_wrap=True, overflow="ellipsis")
    table = Table(box=None, show_header=True, padding=(0, 1), expand=True, show_edge=False)
    for name, options in (("#", {"width": 2}), ("date", {"width": 18}), ("who / places", {"ratio": 1}), ("clause read", {"ratio": 2})):
        table.add_column(name, overflow="fold", **options)
    for number, mention in enumerate(members, start=1):
        m = data.mention(mention)
        places = "; ".join(str(p) for p in (m.get("locations") if m.get("locations") is not None else []))
        paragraph = data.paragraph(mention)
        table.add_row(str(number), mention_date(m) if m else "", f"{_people(m)} | {places}".strip(" |"),
                      f"{m.get('publisher', '')}: {' '.join(paragraph.clause.split())}")
    console.print(table)
    lines = console.file.getvalue().rstrip("\n").split("\n")
    tail = ([status] if status else []) + [keys]
    return "\n".join(lines[: max(1, height - len(tail))] + tail)


def review_event(data: ReviewData, event_id: str, decisions_path: Path, reviewer: str, screen, color: bool = False) -> int:
    """Walk one event; returns the exit code (1: no such event)."""
    members = list(data.members.get(event_id, []))
    if not members:
        screen.say(f"review: no event {event_id} in {data.out / 'mentions.parquet'}")
        return 1
    status = ""
    while True:
        note = status
        key = screen.ask(lambda w, h: render_event(data, event_id, members, w, h, color, note), "c123456789q")
        status = ""
        if key == "q":
            break
        if key == "c":
            if len(members) < 2:
                status = "a one-mention event has nothing to confirm"
                continue
            for other in members[1:]:
                append_decision(decisions_path, members[0], other, "same", reviewer, note=f"confirmed event {event_id}")
            status = f"confirmed: {len(members) - 1} 'same' decision(s) recorded"
            continue
        if key.isdigit() and 1 <= int(key) <= len(members) and len(members) > 1:
            out = members[int(key) - 1]
            question = (f"take {out} out of {event_id}: 'different' from each of the {len(members) - 1} other member(s)? "
                        f"[y] yes  [n] no")
            if screen.ask(lambda w, h: render_event(data, event_id, members, w, h, color, question, "[y] yes  [n] no"), "yn") != "y":
                status = "nothing taken out"
                continue
            for other in members:
                if other != out:
                    append_decision(decisions_path, out, other, "different", reviewer, note=f"taken out of event {event_id}")
            members.remove(out)
            status = f"{out} taken out of {event_id}"
            continue
        status = f"unknown key {key!r}"
    standing = load_decisions(decisions_path)
    decided = sum(1 for i, a in enumerate(data.members.get(event_id, [])) for b in data.members[event_id][i + 1:]
                  if pair_key(a, b) in standing)
    screen.say(f"review: event {event_id}: {decided} of its pairs have a standing decision in {decisions_path}")
    return 0
