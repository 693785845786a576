"""Dates as the sources write them, normalised to ISO strings with a precision.

Fast paths for the unambiguous shapes (ISO, day-first ``DD-MM-YYYY`` as on the ITUC index);
dateparser, restricted to English and day-first order, for the rest. A date without a year is
refused here rather than silently given the current year.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
ORD = r"(?:st|nd|rd|th)?"
ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b")
ISO_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")
YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
DMY_NUMERIC_RE = re.compile(r"(?<![\d.-])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?![\d])")
WRITTEN_RE = re.compile(
    rf"\b(?:\d{{1,2}}{ORD}\s+{MONTH},?\s+\d{{4}}|{MONTH}\s+\d{{1,2}}{ORD},?\s+\d{{4}}|{MONTH},?\s+\d{{4}})\b",
    re.IGNORECASE,
)
TRAILING_DATE_RE = re.compile(r"\s*(\d{1,2}[-./]\d{1,2}[-./]\d{4})\s*$")


class ParsedDate(NamedTuple):
    iso: str  # YYYY-MM-DD, YYYY-MM or YYYY
    precision: str  # day | month | year


def _checked(year: int, month: int | None = None, day: int | None = None) -> ParsedDate | None:
    try:
        if day is not None:
            return ParsedDate(date(year, month or 1, day).isoformat(), "day")
        if month is not None:
            date(year, month, 1)
            return ParsedDate(f"{year:04d}-{month:02d}", "month")
        return ParsedDate(f"{year:04d}", "year")
    except ValueError:
        return None


def parse_date(text: str | None) -> ParsedDate | None:
    """The first date in ``text`` that names a year, or None."""
    if not text:
        return None
    text = text.strip()
    if m := ISO_RE.search(text):
        return _checked(int(m[1]), int(m[2]), int(m[3]))
    if m := ISO_MONTH_RE.match(text):
        return _checked(int(m[1]), int(m[2]))
    if m := YEAR_RE.match(text):
        return _checked(int(m[1]))
    if m := DMY_NUMERIC_RE.search(text):  # day first, as the sources write it (04-01-2017 is 4 January)
        return _checked(int(m[3]), int(m[2]), int(m[1]))
    if m := WRITTEN_RE.search(text):
        return _parse_written(m[0])
    return None


@lru_cache(maxsize=4096)
def _parse_written(text: str) -> ParsedDate | None:
    parser = _parser()
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    when, period = data.date_obj, data.period or "day"
    if period == "month":
        return _checked(when.year, when.month)
    if period == "year":
        return _checked(when.year)
    return _checked(when.year, when.month, when.day)


@lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]},
    )


def split_trailing_date(title: str) -> tuple[str, ParsedDate | None]:
    """``"...trade union leaders18-03-2022"`` -> ``("...trade union leaders", 2022-03-18)``."""
    m = TRAILING_DATE_RE.search(title)
    if not m:
        return title, None
    parsed = parse_date(m[1])
    if parsed is None:
        return title, None
    return title[: m.start()].rstrip(), parsed


# -- dates in running text, resolved against the document's publication date ---------------

NUMBER_WORD = r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|few|many|some|couple of)"
DURATION_RE = re.compile(
    rf"\b{NUMBER_WORD}(?:\s+and\s+a\s+half)?[\s-]+(?:calendar\s+)?(?:day|week|month|year|hour|minute|decade)s?\b(?!\s+(?:ago|earlier|before|later|prior))"
    r"|\b\d+[\s-]+years?[\s-]+old\b|\baged?\s+\d+\b|\banniversary\b",
    re.IGNORECASE,
)
DAY_MONTH_RE = re.compile(rf"\b(\d{{1,2}}){ORD}\s+(?:of\s+)?({MONTH})(?!\s*,?\s*\d{{4}})", re.IGNORECASE)
MONTH_DAY_RE = re.compile(rf"\b({MONTH})\s+(\d{{1,2}}){ORD}\b(?!\s*,?\s*\d{{4}})(?![\d:])", re.IGNORECASE)
DAY_LIST_RE = re.compile(
    rf"\b(\d{{1,2}}){ORD}\s*(?:and|&|,|-|–|to)\s*\d{{1,2}}{ORD}\s+({MONTH})(?:\s*,?\s*(\d{{4}}))?", re.IGNORECASE
)
MONTH_RANGE_RE = re.compile(rf"\b({MONTH})\s+(?:and|to|-|–|through|until)\s+{MONTH}\s*,?\s+(\d{{4}})", re.IGNORECASE)
MONTH_ONLY_RE = re.compile(rf"^\W*(?:in|on|since|from|by|during|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|\s)*({MONTH})\W*$", re.IGNORECASE)
YEAR_IN_TEXT_RE = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
RELATIVE = {
    "earlier this month": "month", "this month": "month", "later this month": "month",
    "last month": "last-month", "earlier this year": "year", "this year": "year", "last year": "last-year",
    "today": "day", "this week": "day", "yesterday": "yesterday",
}
# "a week later", "two days later", "the next day": counted from the date read before (the
# previous sentence's), at that date's precision when it has none finer
EXACT_NUMBER = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
LATER_RE = re.compile(
    r"\b(?:(\d{1,3}|" + "|".join(EXACT_NUMBER) + r")\s+(day|week|month|year)s?\s+later"
    r"|the\s+(?:next|following)\s+(day|week|month|year))\b",
    re.IGNORECASE,
)
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


class DateResolution(NamedTuple):
    date: ParsedDate | None
    problem: str = ""  # why a date-like text was not used ("duration", "impossible date", ...)


def _month_number(name: str) -> int:
    return MONTHS[name.strip(". ").lower()[:3]]


def _in_year_before(published: ParsedDate | None, month: int, day: int | None = None) -> int | None:
    """The year of a day or month written without one: the publication year, or the year
    before when that would put it after the publication (an entry of January about December)."""
    if published is None:
        return None
    year = int(published.iso[:4])
    if len(published.iso) >= 7:
        pub_month = int(published.iso[5:7])
        pub_day = int(published.iso[8:10]) if published.precision == "day" else 31
        if (month, day or 1) > (pub_month, pub_day + 7 if day else pub_day):
            return year - 1
    return year


def is_relative(text: str) -> bool:
    """Whether a date expression counts from another date ("earlier this month", "a week later")."""
    return bool(LATER_RE.search(text)) or any(phrase in text.lower() for phrase in RELATIVE)


def resolve_date(text: str, published: ParsedDate | None = None, previous: ParsedDate | None = None) -> DateResolution:
    """The date a date expression refers to, at the precision it states, or why not.

    ``published`` resolves the year of "on 5 January", "August 9th", and relative expressions
    ("earlier this month"); ``previous`` (the date read before) resolves "a week later".
    Durations and ages are never dates; impossible dates are refused.
    """
    raw = " ".join(text.split())
    lower = raw.lower().strip(" .,;:")
    if m := LATER_RE.search(raw):
        if previous is None:
            return DateResolution(None, "a date counted from an earlier one, with none before it")
        count = m[1].lower() if m[1] else "one"
        return DateResolution(_later(previous, int(count) if count.isdigit() else EXACT_NUMBER[count], (m[2] or m[3]).lower()))
    for phrase, kind in RELATIVE.items():
        if phrase in lower:
            return DateResolution(_relative(kind, published), "" if published else "relative date without a publication date")
    if m := DAY_LIST_RE.search(raw):  # "6 and 27 August 2018": the first day
        year = int(m[3]) if m[3] else _in_year_before(published, _month_number(m[2]), int(m[1]))
        return _resolved(year, _month_number(m[2]), int(m[1]))
    if m := MONTH_RANGE_RE.search(raw):  # "between February and March 2015": the first month
        return _resolved(int(m[2]), _month_number(m[1]))
    if DURATION_RE.search(raw) and not (DMY_NUMERIC_RE.search(raw) or WRITTEN_RE.search(raw) or ISO_RE.search(raw)):
        return DateResolution(None, "duration or age, not a date")
    full = DMY_NUMERIC_RE.search(raw) or WRITTEN_RE.search(raw) or ISO_RE.search(raw)
    if full:
        parsed = parse_date(full[0])
        return DateResolution(parsed, "" if parsed else f"impossible date {full[0]!r}")
    if m := DAY_MONTH_RE.search(raw):
        return _resolved(_in_year_before(published, _month_number(m[2]), int(m[1])), _month_number(m[2]), int(m[1]))
    if m := MONTH_DAY_RE.search(raw):
        return _resolved(_in_year_before(published, _month_number(m[1]), int(m[2])), _month_number(m[1]), int(m[2]))
    if m := MONTH_ONLY_RE.match(raw):
        return _resolved(_in_year_before(published, _month_number(m[1])), _month_number(m[1]))
    if m := YEAR_IN_TEXT_RE.search(raw):
        year = int(m[1])
        if published is not None and year > int(published.iso[:4]) + 10:
            return DateResolution(None, f"implausible year {year}")
        return _resolved(year)
    return DateResolution(None, "no date")


def _resolved(year: int | None, month: int | None = None, day: int | None = None) -> DateResolution:
    if year is None:
        return DateResolution(None, "no year and no publication date to take it from")
    parsed = _checked(year, month, day)
    if parsed is None:
        return DateResolution(None, f"impossible date {year}-{month}-{day}")
    return DateResolution(parsed)


def _later(previous: ParsedDate, count: int, unit: str) -> ParsedDate | None:
    from datetime import timedelta

    year = int(previous.iso[:4])
    if unit == "year":
        return _checked(year + count)
    if previous.precision == "year":
        return previous
    month = int(previous.iso[5:7])
    if unit == "month":
        month += count
        return _checked(year + (month - 1) // 12, (month - 1) % 12 + 1)
    if previous.precision == "month":
        return previous
    day = date.fromisoformat(previous.iso) + timedelta(days=count * (7 if unit == "week" else 1))
    return ParsedDate(day.isoformat(), "day")


def _relative(kind: str, published: ParsedDate | None) -> ParsedDate | None:
    if published is None:
        return None
    year = int(published.iso[:4])
    month = int(published.iso[5:7]) if published.precision in ("day", "month") else None
    if kind == "year":
        return _checked(year)
    if kind == "last-year":
        return _checked(year - 1)
    if month is None:
        return None
    if kind == "month":
        return _checked(year, month)
    if kind == "last-month":
        return _checked(year - (month == 1), 12 if month == 1 else month - 1)
    if published.precision != "day":
        return None
    day = date.fromisoformat(published.iso)
    if kind == "yesterday":
        from datetime import timedelta

        day -= timedelta(days=1)
    return ParsedDate(day.isoformat(), "day")
