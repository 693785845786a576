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
