"""The days an occurrence may cover, when its text says it lasted or counts its date roughly.

A mention has one date (a lasting occurrence's start, by the labelling conventions), but
reports of one months-long strike are dated by its start, by its end or by the day they
describe, and a round count of years ("ten years prior") from a date of the page says the year
only give or take a few months. ``occurrence_span`` gives the first and last day the sentence
allows, so that deduplication can let such reports meet; None when the sentence says nothing of
the kind (a one-day arrest stays its day).

What counts, each read against the mention's own date:

- "ended an eight-month strike": from eight months before the end to the end;
- "on the sixth day of their rallies", "now in the second month of their strike": from the
  first day (or month) to the date;
- "have been holding rallies since 22 February 2019": from that day to the reference date
  (the report), for a lasting type only (``[lasting] types`` of ``config/dates.toml``): a law
  "in force since 2014" or a chair "since 2010" is no occurrence that lasts;
- "a ten-day hunger strike", "struck for three months": the count either side of the date, as
  the sentence does not say whether its date is the start, the end or a day between (lasting
  types only);
- "ten years prior", "a year later", "two years ago": the counted year, half a year either side
  of the anchor moved by the count.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import NamedTuple

from .dates import AGO_RE, EARLIER_RE, EXACT_NUMBER, LATER_RE, ORDINALS, ParsedDate, date_config

COUNT = r"(\d{1,3}|" + "|".join(EXACT_NUMBER) + r")"
ORDINAL = r"(\d{1,3}(?:st|nd|rd|th)|" + "|".join(w for w in ORDINALS if "-" not in w) + r")"
DETERMINER = r"(?:the|their|its|his|her|a|an|this|that)"
# "ended an eight-month strike", "ended a seven-month long strike" (the noun is checked after)
ENDED_RE = re.compile(rf"\bend(?:ed|s|ing)?\s+{DETERMINER}\s+{COUNT}[\s-]+(day|week|month|year)s?(?:[\s-]+long)?\b", re.IGNORECASE)
# "the sixth day of their rallies", "the 20th day of the hunger strike"
INTO_RE = re.compile(rf"\b{ORDINAL}\s+(day|week|month|year)\s+of\s+{DETERMINER}\b", re.IGNORECASE)
# "a ten-day hunger strike", "a three-month-long strike"
LONG_RE = re.compile(rf"\b{COUNT}[\s-]+(day|week|month|year)s?(?:[\s-]+long)?\b", re.IGNORECASE)
NOUN_WORDS = 3  # the occurrence's noun comes within this many words: "an eight-month strike by", "a ten-day hunger strike"
# "struck for three months", "for more than 20 days"
FOR_RE = re.compile(
    rf"\bfor\s+(?:more\s+than\s+|over\s+|almost\s+|nearly\s+|about\s+|around\s+)?{COUNT}\s+(day|week|month|year)s?\b(?!\s+(?:ago|later|earlier|before|prior))",
    re.IGNORECASE)
FOR_WORDS = 4  # "struck at the port for three weeks": the count this near the trigger
SINCE_RE = re.compile(r"\b(?:ever\s+)?since\s*$", re.IGNORECASE)
# "the first strike since 2011", "the largest protests since independence": a comparison, not a start
COMPARED_SINCE_RE = re.compile(r"\b(?:first|largest|biggest|worst|longest|only|most\s+\w+|\w+est)\b(?:\s+[\w-]+){0,3}\s+(?:ever\s+)?since\s*$",
                               re.IGNORECASE)
# "has been on strike", "have been holding rallies": going on at the time of the report
ONGOING_RE = re.compile(r"\b(?:has|have|had)\s+been\b|\b(?:is|are)\s+(?:still\s+)?(?:on|in)\b|\bongoing\b|\bcontinu", re.IGNORECASE)
HALF_YEAR = 182  # days: "ten years prior" of January 2022 may be December 2011


class Span(NamedTuple):
    start: date
    end: date


def _moved(day: date, count: int, unit: str) -> date:
    """``day`` moved by ``count`` units (negative: back); a month's end day clipped."""
    if unit in ("day", "week"):
        return day + timedelta(days=count * (7 if unit == "week" else 1))
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    for clipped in range(day.day, 27, -1):
        try:
            return date(year, month, clipped)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else EXACT_NUMBER[word]


def _ordinal(word: str) -> int:
    word = word.lower()
    digits = re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)", word)
    return int(digits[1]) if digits else ORDINALS[word]


def _stem(word: str) -> str:
    word = word.lower()
    return word[:-3] + "y" if word.endswith("ies") else word.rstrip("s")


def _names_it(after: str, trigger: str | None, kind: str | None) -> bool:
    """Whether the words right ``after`` a count name the occurrence: its trigger ("an
    eight-month strike"), or for a lasting type one of the configured lasting nouns ("on the
    sixth day of their rallies" in a sentence whose trigger is "gathered")."""
    words = [_stem(w) for w in re.findall(r"[\w-]+", after)[:NOUN_WORDS]]
    nouns = {_stem(trigger)} if trigger else set()
    if _lasting(kind):
        nouns |= {_stem(n) for n in date_config().lasting_nouns}
    return any(w in nouns for w in words)


def _lasting(kind: str | None) -> bool:
    return kind in date_config().lasting_types


def occurrence_span(text: str, trigger: str | None, kind: str | None, when: ParsedDate | None, date_text: str | None,
                    ended: ParsedDate | None = None, reference: ParsedDate | None = None,
                    previous: ParsedDate | None = None) -> Span | None:
    """The first and last day a mention may cover, from what its sentence ``text`` says of
    how long it lasted (see the module's docstring), or None. ``when`` is the mention's date
    (None: it has none of its own), ``date_text`` the expression it came from, ``ended`` the
    date an "ended an eight-month strike" is read against, ``reference`` the report's date,
    ``previous`` the date a "ten years prior" counts from. Never raises."""
    try:
        span = _span(" ".join(str(text).split()), trigger, kind, when, date_text, ended, reference, previous)
    except (ValueError, OverflowError, KeyError, IndexError):
        return None
    if span is not None and when is not None:  # the span covers the mention's own date
        span = Span(min(span.start, when.start), max(span.end, when.end))
    if span is None or span.start > span.end:
        return None
    return span


def _span(text, trigger, kind, when, date_text, ended, reference, previous) -> Span | None:
    if ended is not None:
        for m in ENDED_RE.finditer(text):
            if _names_it(text[m.end():], trigger, kind):
                end = ended.end
                return Span(_moved(ended.start, -_count(m[1]), m[2].lower()), end)
    at = when or reference  # "the miners are now in the second month of their strike": at the report
    for m in INTO_RE.finditer(text):
        if at is not None and _names_it(text[m.end():], trigger, kind):
            unit = m[2].lower()
            back = _ordinal(m[1]) - 1
            start = at.start if unit in ("day", "week") else at.start.replace(day=1)
            return Span(_moved(start, -back, unit), at.end)
    if when is None:
        if _lasting(kind) and reference is not None and ONGOING_RE.search(text) and (m := _lasted_for(text, trigger)):
            end = reference.end  # "have been on strike for three months": until the report
            return Span(_moved(reference.start, -_count(m[1]), m[2].lower()), end)
        return None
    if counted := _counted_years(date_text or "", when, reference, previous):
        return counted
    if not _lasting(kind):
        return None
    written = text.find(date_text) if date_text else -1
    if written >= 0 and SINCE_RE.search(text[:written]) and not COMPARED_SINCE_RE.search(text[:written]) and reference is not None:
        if reference.start >= when.start:  # ongoing since its date: until the report
            return Span(when.start, reference.end)
    for m in LONG_RE.finditer(text):
        if _names_it(text[m.end():], trigger, kind):
            return _either_side(when, _count(m[1]), m[2].lower())
    if m := _lasted_for(text, trigger):
        return _either_side(when, _count(m[1]), m[2].lower())
    return None


def _lasted_for(text: str, trigger: str | None) -> re.Match | None:
    """"struck for three weeks", "on hunger strike for 20 days": a "for" count right after the
    trigger (not "demanding pay for three months of work" further on)."""
    at = text.lower().find(trigger.lower()) if trigger else -1
    if at < 0:
        return None
    after = at + len(trigger)
    for m in FOR_RE.finditer(text, after):
        return m if len(text[after:m.start()].split()) <= FOR_WORDS else None
    return None


def _either_side(when: ParsedDate, count: int, unit: str) -> Span:
    """A date somewhere in an occurrence that lasted ``count`` units."""
    return Span(_moved(when.start, -count, unit), _moved(when.end, count, unit))


def _counted_years(date_text: str, when: ParsedDate, reference: ParsedDate | None, previous: ParsedDate | None) -> Span | None:
    """"ten years prior" (from ``previous``), "two years ago" (from ``reference``): the
    anchor moved by the count, half a year either side, and the counted year itself."""
    for pattern, anchor, sign in ((LATER_RE, previous, 1), (EARLIER_RE, previous, -1), (AGO_RE, reference, -1)):
        m = pattern.search(date_text)
        if not m:
            continue
        unit = (m[2] or (m[3] if m.lastindex and m.lastindex >= 3 else None) or "").lower()
        if unit != "year" or anchor is None:
            return None
        count = _count(m[1]) if m[1] else 1
        start = _moved(anchor.start, sign * count, "year") - timedelta(days=HALF_YEAR)
        end = _moved(anchor.end, sign * count, "year") + timedelta(days=HALF_YEAR)
        return Span(min(start, when.start), max(end, when.end))
    return None
