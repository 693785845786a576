"""The review screen: one flagged pair with its whole context, drawn to fit the terminal.

``render_pair`` draws (with rich) the two mentions side by side at a given width and height:
the header first and the keys last, so neither scrolls away in an 80x24 terminal, and the room
between grows with the window. Differences that matter for one event (date, places, names,
counts) are marked on their row instead of a word diff of two different sentences.

``KeyScreen`` shows a frame and reads one key through prompt_toolkit (Linux, macOS, Windows);
the frame is redrawn at the new size when the window is resized. ``LineScreen`` is the same
dialogue over plain lines, for pipes and scripts.
"""

from __future__ import annotations

import io
import sys
from typing import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .review_context import ReviewData
from .review_queue import mention_date

HELP = "[s]ame  [d]ifferent  [u]nsure  s[k]ip  [z] undo  [q]uit"
# the question sits in the key line, which is always on screen, however long the list of moves above it
CONFIRM = "Decide it anyway?  [y] yes, decide it  [n] no, back to the pair"
DIFF = "≠"


def _names(m: dict, key: str) -> list[str]:
    value = m.get(key)
    return [str(v) for v in value] if value is not None and len(value) else []


def _people(m: dict) -> str:
    actors, targets = _names(m, "actors"), _names(m, "targets")
    parts = [f"{a} (actor)" for a in actors] + [f"{t} (target)" for t in targets]
    others = [p for p in _names(m, "people") + _names(m, "organisations") if p not in actors + targets]
    return "; ".join(parts + others)


def _counts(m: dict) -> str:
    parts = []
    for key, label in (("n_people", "people"), ("sentence_years", "years")):
        value = m.get(key)
        if value is not None and value == value:
            parts.append(f"{value:g} {label}")
    if m.get("fine_amount") is not None and m.get("fine_amount") == m.get("fine_amount"):
        parts.append(f"fine {m['fine_amount']:g} {m.get('fine_currency') or ''}".strip())
    return ", ".join(parts)


def short_url(url: str, width: int) -> str:
    """A URL cut in the middle to fit, never wrapped mid-word."""
    if len(url) <= width or width < 12:
        return url
    url = url.split("://", 1)[-1]
    if len(url) <= width:
        return url
    head = max(6, width // 2 - 1)
    return url[:head] + "…" + url[-(width - head - 1):]


def fields(data: ReviewData, a: str, b: str, width: int) -> list[tuple[str, str, str, bool]]:
    """(label, value of A, value of B, differs in a way that matters) per row."""
    ma, mb = data.mention(a), data.mention(b)
    rows = []
    for label, get, matters in (
        ("date", mention_date, True),
        ("type", lambda m: str(m.get("event_type") or ""), False),
        ("who", _people, True),
        ("places", lambda m: "; ".join(_names(m, "locations")), True),
        ("counts", _counts, True),
        ("publisher", lambda m: str(m.get("publisher") or ""), False),
        ("title", lambda m: data.title(m.get("mention_id", "")), False),
        ("published", lambda m: str(m.get("published") or ""), False),
        ("url", lambda m: short_url(str(m.get("url") or ""), width), False),
    ):
        va, vb = (get(ma) if ma else ""), (get(mb) if mb else "")
        if label == "counts" and not va and not vb:
            continue
        differs = matters and _differs(label, ma, mb, va, vb)
        rows.append((label, va, vb, differs))
    return rows


def _differs(label: str, ma: dict, mb: dict, va: str, vb: str) -> bool:
    if label == "date":
        da, db = str(ma.get("event_date") or ""), str(mb.get("event_date") or "")
        return bool(da and db) and not (da.startswith(db) or db.startswith(da))  # 2016-03 holds 2016-03-04
    if label == "who":
        na = {n.casefold() for n in _names(ma, "people") + _names(ma, "actors") + _names(ma, "targets")}
        nb = {n.casefold() for n in _names(mb, "people") + _names(mb, "actors") + _names(mb, "targets")}
        return bool(na and nb) and not na & nb
    if label == "places":
        pa, pb = {p.casefold() for p in _names(ma, "locations")}, {p.casefold() for p in _names(mb, "locations")}
        return bool(pa and pb) and not pa & pb
    return bool(va and vb) and va != vb


def _excerpt(paragraph, room: int) -> tuple[str, str, str]:
    """The paragraph cut to about ``room`` characters, the clause kept whole and centred."""
    before, clause, after = paragraph.before, paragraph.clause, paragraph.after
    spare = max(0, room - len(clause))
    if len(before) + len(after) > spare:
        keep_before = min(len(before), spare // 2)
        keep_after = min(len(after), spare - keep_before)
        keep_before = min(len(before), spare - keep_after)
        before = ("…" + before[len(before) - keep_before:]) if keep_before < len(before) else before
        after = (after[:keep_after] + "…") if keep_after < len(after) else after
    return before, clause, after


def render_pair(data: ReviewData, row: dict, position: int, total: int, width: int, height: int,
                color: bool, status: str = "", keys: str = HELP) -> str:
    """One screen: at most ``height`` lines of at most ``width`` characters."""
    width, height = max(width, 40), max(height, 12)
    a, b = row["mention_a"], row["mention_b"]
    score, probability, contributions = data.features(a, b)
    score = row.get("score") if score is None else score
    head = f"pair {position} of {total}  score {score:.2f}" if isinstance(score, float) else f"pair {position} of {total}"
    if probability is not None:
        head += f" (model {probability:.2f})"
    col = (width - 11 - 6) // 2 - 1  # the label column, cell padding
    console = Console(file=io.StringIO(), width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True, show_edge=False)
    table.add_column("", width=11, no_wrap=True, style="bold")
    table.add_column(ratio=1, overflow="fold")
    table.add_column(ratio=1, overflow="fold")
    for label, va, vb, differs in fields(data, a, b, col):
        style = "bold red" if differs else ""
        table.add_row(f"{DIFF if differs else ' '} {label}", Text(va, style=style), Text(vb, style=style))
    why = ", ".join(f"{k} {v:+.2f}" for k, v in contributions[:6])
    fixed = 2 + 11 + 1 + 4 + 1  # header and IDs, fields, why, events, keys (about): the paragraphs get the rest
    room = max(40, max(3, height - fixed) * (col - 1))  # characters of paragraph per side
    paragraphs = Table(box=None, show_header=False, padding=(0, 1), expand=True, show_edge=False)
    paragraphs.add_column("", width=11, no_wrap=True, style="bold")
    paragraphs.add_column(ratio=1, overflow="fold")
    paragraphs.add_column(ratio=1, overflow="fold")
    cells = []
    for mention in (a, b):
        before, clause, after = _excerpt(data.paragraph(mention), room)
        text = Text(before)
        text.append(clause if color else f"«{clause}»", style="reverse" if color else "")
        text.append(after)
        cells.append(text)
    paragraphs.add_row("  text", *cells)
    events = Table(box=None, show_header=False, padding=(0, 1), expand=True, show_edge=False)
    events.add_column("", width=11, no_wrap=True, style="bold")
    events.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
    events.add_column(ratio=1, overflow="ellipsis", no_wrap=True)
    events.add_row("  event", *[_event_line(data, m) for m in (a, b)])
    others = [data.others(m) for m in (a, b)]
    shown = max(1, 2 + (height - 24) // 3)  # the paragraphs come first in a small window
    for k in range(min(shown, max(len(o) for o in others))):
        events.add_row("", *[_member_line(data, o[k]) if k < len(o) else "" for o in others])
    if any(len(o) > shown for o in others):
        events.add_row("", *[f"  (+{len(o) - shown} more: review --event {data.event_of(m)})" if len(o) > shown else ""
                             for m, o in zip((a, b), others)])
    console.print(Text(head, style="bold"), no_wrap=True, overflow="ellipsis")
    console.print(Text(f"{'':10}A: {a:<{col}}  B: {b}"), no_wrap=True, overflow="ellipsis")
    console.print(table)
    if why:
        console.print(Text("  why: " + why), no_wrap=True, overflow="ellipsis")
    console.print(events)
    console.print(paragraphs)
    lines = console.file.getvalue().rstrip("\n").split("\n")
    tail = [status] if status else []
    body = lines[: height - 1 - len(tail)]
    footer = Console(file=io.StringIO(), width=width, force_terminal=color, color_system="standard" if color else None,
                     no_color=not color, highlight=False, emoji=False)
    for line in tail + [keys]:
        footer.print(Text(line, style="bold yellow" if line is status else "bold"), no_wrap=True, overflow="ellipsis")
    return "\n".join(body + footer.file.getvalue().rstrip("\n").split("\n"))


def _event_line(data: ReviewData, mention: str) -> str:
    event = data.event_of(mention)
    n = len(data.others(mention))
    return f"{event or '(none)'}: alone" if not n else f"{event}: {n} other(s)"


def _member_line(data: ReviewData, mention: str) -> str:
    m = data.mention(mention)
    return f"· {str(m.get('event_date') or '?')} {' '.join(str(m.get('evidence', '')).split())}"


class LineScreen:
    """The dialogue over lines: a frame is printed, a line is read (pipes, scripts, tests)."""

    def __init__(self, read_line: Callable[[], str], write: Callable[[str], None], width: int = 80, height: int = 24,
                 color: bool = False) -> None:
        self.read_line, self.write, self.width, self.height, self.color = read_line, write, width, height, color

    def ask(self, frame: Callable[[int, int], str], keys: str) -> str:
        self.write(frame(self.width, self.height) + "\n> ")
        key = (self.read_line() or "q").strip().lower()[:1] or "q"
        self.write(key + "\n")
        return key

    def say(self, text: str) -> None:
        self.write(text + "\n")


class KeyScreen:
    """One key at a time without Enter, on any terminal prompt_toolkit knows. Each question is
    a full-screen frame redrawn at the new size when the window changes; keys typed while a
    decision is being written wait their turn."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def ask(self, frame: Callable[[int, int], str], keys: str) -> str:
        from prompt_toolkit.application import Application
        from prompt_toolkit.formatted_text import ANSI
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl

        bindings = KeyBindings()

        @bindings.add("<any>")
        def _(event) -> None:
            event.app.exit(result=(event.data or "?").lower()[:1] or "?")

        for quit_key in ("c-c", "c-d"):
            bindings.add(quit_key)(lambda event: event.app.exit(result="q"))

        def text():
            size = app.output.get_size()
            return ANSI(frame(size.columns, size.rows))

        app = Application(layout=Layout(Window(FormattedTextControl(text), wrap_lines=False)), key_bindings=bindings,
                          full_screen=True, mouse_support=False)
        key = app.run()
        sys.stdout.write(f"> {key}\n")
        sys.stdout.flush()
        return key

    def say(self, text: str) -> None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
