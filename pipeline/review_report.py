"""Static HTML pages for reviewers who prefer a browser: one per flagged pair, one per event
those pairs touch, and an index. No script, no network: plain files that open anywhere. The
decisions are still made in the terminal or the spreadsheet; the pages show the same context.
"""

from __future__ import annotations

import html
from pathlib import Path

from .decisions import pair_key
from .review_context import ReviewData
from .review_queue import mention_date
from .review_screen import fields

STYLE = ("body{font-family:sans-serif;max-width:70em;margin:1em auto;padding:0 1em}"
         "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em;vertical-align:top;text-align:left}"
         "tr.differs td{background:#fee}mark{background:#ff6}.why td{font-family:monospace}")


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style><body><p><a href=index.html>all pages</a></p><h1>{html.escape(title)}</h1>{body}</body></html>\n")


def _paragraph(data: ReviewData, mention: str) -> str:
    p = data.paragraph(mention)
    return f"{html.escape(p.before)}<mark>{html.escape(p.clause)}</mark>{html.escape(p.after)}"


def pair_file(a: str, b: str) -> str:
    a, b = pair_key(a, b)
    return f"pair-{a.replace(':', '_')}--{b.replace(':', '_')}.html"


def event_file(event_id: str) -> str:
    return f"event-{event_id}.html"


def pair_page(data: ReviewData, row: dict, standing: dict) -> str:
    a, b = row["mention_a"], row["mention_b"]
    score, probability, contributions = data.features(a, b)
    rows = [f"<tr><th></th><th>A {html.escape(a)}</th><th>B {html.escape(b)}</th></tr>"]
    for label, va, vb, differs in fields(data, a, b, 10_000):
        if label == "url":
            va, vb = (f"<a href='{html.escape(v)}'>{html.escape(v)}</a>" for v in (va, vb))
        else:
            va, vb = html.escape(va), html.escape(vb)
        rows.append(f"<tr{' class=differs' if differs else ''}><th>{'≠ ' if differs else ''}{label}</th><td>{va}</td><td>{vb}</td></tr>")
    rows.append(f"<tr><th>text</th><td>{_paragraph(data, a)}</td><td>{_paragraph(data, b)}</td></tr>")
    events = [f"<a href={event_file(data.event_of(m))}>{html.escape(data.event_of(m))}</a> ({len(data.others(m))} other)" for m in (a, b)]
    rows.append(f"<tr><th>event</th><td>{events[0]}</td><td>{events[1]}</td></tr>")
    why = "".join(f"<tr><td>{html.escape(k)}</td><td>{v:+.3f}</td></tr>" for k, v in contributions)
    decided = standing.get(pair_key(a, b))
    head = f"<p>score {score if score is not None else row.get('score', 0):.3f}" + (
        f", model probability {probability:.3f}" if probability is not None else "") + (
        f"; decided <b>{html.escape(decided['decision'])}</b> by {html.escape(str(decided.get('reviewer', '')))}" if decided else
        "; no decision yet") + "</p>"
    return _page(f"pair {a} ~ {b}", head + f"<table>{''.join(rows)}</table><h2>why it was flagged</h2><table class=why>{why}</table>")


def event_page(data: ReviewData, event_id: str) -> str:
    rows = ["<tr><th>mention</th><th>date</th><th>publisher</th><th>sentence</th></tr>"]
    for mention in data.members.get(event_id, []):
        m = data.mention(mention)
        rows.append(f"<tr><td>{html.escape(mention)}</td><td>{html.escape(mention_date(m))}</td>"
                    f"<td><a href='{html.escape(str(m.get('url', '')))}'>{html.escape(str(m.get('publisher', '')))}</a></td>"
                    f"<td>{_paragraph(data, mention)}</td></tr>")
    return _page(f"event {event_id}", f"<p>python -m pipeline review --event {html.escape(event_id)}</p><table>{''.join(rows)}</table>")


def write_report(data: ReviewData, rows: list[dict], folder: Path, standing: dict) -> int:
    """Write the pages; returns how many (the index included)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    events: list[str] = []
    links = []
    for row in rows:
        a, b = row["mention_a"], row["mention_b"]
        (folder / pair_file(a, b)).write_text(pair_page(data, row, standing), encoding="utf-8")
        links.append(f"<li><a href={pair_file(a, b)}>{html.escape(a)} ~ {html.escape(b)}</a></li>")
        events += [e for e in (data.event_of(a), data.event_of(b)) if e and e not in events]
    for event in events:
        (folder / event_file(event)).write_text(event_page(data, event), encoding="utf-8")
    index = (f"<h2>{len(rows)} flagged pair(s)</h2><ul>{''.join(links)}</ul><h2>{len(events)} event(s)</h2><ul>"
             + "".join(f"<li><a href={event_file(e)}>{html.escape(e)}</a></li>" for e in events) + "</ul>")
    (folder / "index.html").write_text(_page("review report", index), encoding="utf-8")
    return len(rows) + len(events) + 1
