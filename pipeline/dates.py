"""Dates as the sources write them, normalised to ISO strings with a precision.

Fast paths for the unambiguous shapes (ISO, day-first ``DD-MM-YYYY`` as on the ITUC index);
dateparser, restricted to English and day-first order, for the rest. A date without a year is
refused here rather than silently given the current year.

Every date given out lies in the plausible range of ``config/dates.toml`` (by default 1900 to
the reference date plus one year): a zero date some CMSs emit (``0001-01-01``), a ``9999`` or a
``0000`` is refused with its reason, never an exception.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .configfile import read_toml

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

    @property
    def start(self) -> date:
        """The first day the date covers."""
        parts = [int(p) for p in self.iso.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)

    @property
    def end(self) -> date:
        """The last day the date covers."""
        start = self.start
        if self.precision == "day":
            return start
        if self.precision == "month":
            return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
        return date(start.year, 12, 31)


class DateConfigError(ValueError):
    """``config/dates.toml`` is not as documented; the message names the entry."""


@dataclass(frozen=True)
class DateConfig:
    earliest_year: int = 1900
    years_after_reference: int = 1
    named_days: dict[str, tuple[int, int]] = field(default_factory=dict)  # name without apostrophes -> (month, day)
    lasting_types: frozenset[str] = frozenset({"strike", "protest"})  # occurrences that last (pipeline.spans)
    lasting_nouns: frozenset[str] = frozenset({"strike", "protest"})  # words naming one ("rallies", "picket")
    recent_words: frozenset[str] = frozenset()  # "the recent arrest": an undated occurrence near the report


def load_date_config(path: Path) -> DateConfig:
    """The ``[dates]`` bounds and ``[named_days]`` of a dates file, validated."""
    data = read_toml(path, "dates", DateConfigError)
    bounds = data.get("dates", {})
    unknown = set(bounds) - {"earliest_year", "years_after_reference"}
    if unknown:
        raise DateConfigError(f"{path}: [dates] has unknown entries {sorted(unknown)}")
    earliest = bounds.get("earliest_year", 1900)
    after = bounds.get("years_after_reference", 1)
    if not isinstance(earliest, int) or isinstance(earliest, bool) or not 1 <= earliest <= 9000:
        raise DateConfigError(f"{path}: [dates] earliest_year must be a year between 1 and 9000, not {earliest!r}")
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after <= 100:
        raise DateConfigError(f"{path}: [dates] years_after_reference must be a whole number 0-100, not {after!r}")
    named = {}
    for name, value in data.get("named_days", {}).items():
        m = re.fullmatch(r"(\d{2})-(\d{2})", str(value))
        try:
            date(2000, int(m[1]), int(m[2])) if m else None
        except ValueError:
            m = None
        if not m:
            raise DateConfigError(f"{path}: [named_days] {name!r} must be a day as \"MM-DD\", not {value!r}")
        named[_name_key(name)] = (int(m[1]), int(m[2]))
    lasting = data.get("lasting", {})
    unknown = set(lasting) - {"types", "nouns"}
    if unknown:
        raise DateConfigError(f"{path}: [lasting] has unknown entries {sorted(unknown)}")
    near = data.get("recent", {})
    if set(near) - {"words"}:
        raise DateConfigError(f"{path}: [recent] has unknown entries {sorted(set(near) - {'words'})}")
    return DateConfig(earliest, after, named, _words(lasting, "types", path), _words(lasting, "nouns", path),
                      _words(near, "words", path, default=[]))


def _words(section: dict, key: str, path: Path, default: list[str] | None = None) -> frozenset[str]:
    """``[lasting] types`` (event types whose mentions may last: "since", "for three months"),
    ``nouns`` (words naming such an occurrence: "rallies", "picket") or ``[recent] words``, lower case."""
    words = section.get(key, ["strike", "protest"] if default is None else default)
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise DateConfigError(f"{path}: [{'recent' if key == 'words' else 'lasting'}] {key} must be a list of words, not {words!r}")
    return frozenset(w.strip().lower() for w in words)


def _name_key(text: str) -> str:
    return " ".join(re.sub(r"['’]", "", text.lower()).split())


@lru_cache(maxsize=1)
def date_config() -> DateConfig:
    """The configured dates file (``PIPELINE_DATES_FILE``), else the one shipped with the code."""
    from . import settings

    path = settings.DATES_FILE
    if not path.exists():
        path = Path(__file__).resolve().parent.parent / "config" / "dates.toml"
    return load_date_config(path)


@lru_cache(maxsize=1)
def named_day_re() -> re.Pattern:
    """The configured named days as they are written ("International Workers' Day 2021")."""
    def written(name: str) -> str:
        words = [re.escape(w[:-1]) + "['’]?s['’]?" if w.endswith("s") else re.escape(w) for w in name.split()]
        return r"\s+".join(words)

    names = sorted(date_config().named_days, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(written(n) for n in names) + r")(?:\s*,?\s*\d{4})?(?!\w)", re.IGNORECASE)


def out_of_bounds(parsed: ParsedDate, reference: ParsedDate | date | None = None) -> str:
    """Why a date lies outside the plausible range, or "" when it lies inside."""
    config = date_config()
    year = int(parsed.iso[:4])
    if year < config.earliest_year:
        return f"date {parsed.iso} before {config.earliest_year}"
    try:
        start = parsed.start
        if isinstance(reference, ParsedDate):
            reference = reference.start
    except ValueError:  # year 0 or 10000: no date to compare
        return f"impossible date {parsed.iso}" if not 1 <= year <= 9999 else f"impossible reference date {reference.iso}"
    ref = reference or date.today()
    latest_year = ref.year + config.years_after_reference
    latest = date(latest_year, ref.month, min(ref.day, 28)) if latest_year <= 9999 else date.max
    if year > latest_year or start > latest:
        return f"date {parsed.iso} more than {config.years_after_reference} year(s) after {ref.isoformat()}"
    return ""


def _checked(year: int, month: int | None = None, day: int | None = None) -> ParsedDate | None:
    if not 1 <= year <= 9999:
        return None
    try:
        if day is not None:
            return ParsedDate(date(year, month or 1, day).isoformat(), "day")
        if month is not None:
            date(year, month, 1)
            return ParsedDate(f"{year:04d}-{month:02d}", "month")
        return ParsedDate(f"{year:04d}", "year")
    except ValueError:
        return None


def parse_date(text: str | None, reference: ParsedDate | date | None = None) -> ParsedDate | None:
    """The first date in ``text`` that names a year, or None; None too for a date outside the
    plausible range (``out_of_bounds``, against ``reference``, else today) and for any text that
    is no date at all."""
    return checked_date(text, reference)[0]


def checked_date(text: str | None, reference: ParsedDate | date | None = None) -> tuple[ParsedDate | None, str]:
    """``parse_date`` with the reason when there is no date: "no date", "impossible date ...",
    or why it lies outside the plausible range (for a Reject or a warning)."""
    date_config()
    try:
        parsed = _parse_date(text)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None, f"impossible date {str(text)[:40]!r}"
    if parsed is None:
        plain = str(text or "").strip()
        shaped = ISO_RE.search(plain) or ISO_MONTH_RE.match(plain) or YEAR_RE.match(plain) or DMY_NUMERIC_RE.search(plain)
        return None, f"impossible date {plain[:40]!r}" if shaped else "no date"
    if problem := out_of_bounds(parsed, reference):
        return None, f"implausible {problem}"
    return parsed, ""


def _parse_date(text: str | None) -> ParsedDate | None:
    if not text or not isinstance(text, str):
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
    if (fast := _written_fast(text)) is not NOT_READ:
        return fast
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


NOT_READ = object()  # what _written_fast gives for a text it leaves to dateparser
WRITTEN_PARTS_RE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})(?P<ord>{ORD})\s+(?P<month>{MONTH}),?|(?P<month2>{MONTH})\s+(?P<day2>\d{{1,2}})(?P<ord2>{ORD}),?"
    rf"|(?P<month3>{MONTH}),?)\s+(?P<year>\d{{4}})", re.IGNORECASE)
ORDINAL_ENDINGS = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def _written_fast(text: str):
    """The date of a ``WRITTEN_RE`` match ("4 March 2021", "March 4th, 2021", "March 2021") as
    dateparser reads it, without dateparser (tens of milliseconds a call), for the plain cases:
    a year of 1900-2100, a day that exists in its month, an ordinal ending that fits the day
    (``tests/test_dates.py`` compares the two). Anything else: ``NOT_READ``."""
    m = WRITTEN_PARTS_RE.fullmatch(text)
    if m is None:
        return NOT_READ
    year = int(m["year"])
    month = _month_number(m["month"] or m["month2"] or m["month3"])
    if not 1900 <= year <= 2100:
        return NOT_READ
    day, ending = (m["day"], m["ord"]) if m["day"] else (m["day2"], m["ord2"])
    if day is None:
        return _checked(year, month)
    day = int(day)
    if ending and ending.lower() != ORDINAL_ENDINGS.get(day, "th"):
        return NOT_READ
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return NOT_READ
    return _checked(year, month, day)


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


# -- dates in running text, resolved against a reference date -----------------------------
# The reference is the document's publication date, or the date heading an "Update:" box the
# text sits in (``update_reference``).

NUMBER_WORD = r"(?:\d+(?:[.,]\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|several|few|many|some|couple of)"
DURATION_RE = re.compile(
    rf"\b{NUMBER_WORD}(?:\s+and\s+a\s+half)?[\s-]+(?:calendar\s+)?(?:day|week|month|year|hour|minute|decade)s?\b(?!\s+(?:ago|earlier|before|later|prior))"
    r"|\b\d+[\s-]+years?[\s-]+old\b|\baged?\s+\d+\b|\banniversary\b",
    re.IGNORECASE,
)
DAY_MONTH_RE = re.compile(rf"\b(\d{{1,2}}){ORD}\s+(?:of\s+)?({MONTH})(?![a-z])(?!\s*,?\s*\d{{4}})", re.IGNORECASE)
MONTH_DAY_RE = re.compile(rf"\b({MONTH})\s+(\d{{1,2}}){ORD}\b(?!\s*,?\s*\d{{4}})(?![\d:])", re.IGNORECASE)
DAY_LIST_RE = re.compile(
    rf"\b(\d{{1,2}}){ORD}((?:\s*(?:,|and|&|or|-|–|to)\s*\d{{1,2}}{ORD})+)\s+(?:of\s+)?({MONTH})(?:\s*,?\s*(\d{{4}}))?", re.IGNORECASE
)
# "in August and October 2020", "between February and March 2015": months sharing one year
MONTH_LIST_RE = re.compile(
    rf"\b({MONTH})((?:\s*(?:,|and|&|or|to|-|–|through|until)\s*{MONTH})+)\s*,?\s+(\d{{4}})\b", re.IGNORECASE
)
MONTH_ONLY_RE = re.compile(rf"^\W*(?:in|on|since|from|by|during|early|late|mid|the\s+end\s+of|the\s+beginning\s+of|\s)*({MONTH})\W*$", re.IGNORECASE)
YEAR_IN_TEXT_RE = re.compile(r"\b(1\d{3}|20\d{2})\b")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = re.compile(r"\b(next\s+|this\s+coming\s+)?(" + "|".join(WEEKDAYS) + r")s?\b", re.IGNORECASE)
RELATIVE = {
    "earlier this month": "month", "this month": "month", "later this month": "month",
    "last month": "last-month", "earlier this year": "year", "this year": "year", "last year": "last-year",
    "last week": "last-week", "earlier this week": "this-week", "this week": "this-week",
    "today": "day", "tonight": "day", "this morning": "day", "yesterday": "yesterday",
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
# "two days earlier", "a year before.": LATER's mirror, counted back from the date read before
# (not "two days before the strike", which counts from the occurrence named)
EARLIER_RE = re.compile(
    r"\b(\d{1,3}|" + "|".join(EXACT_NUMBER) + r")\s+(day|week|month|year)s?\s+(?:earlier|prior|before)\b(?!\s+(?:the|a|an|his|her|their|its|this|that)\b)",
    re.IGNORECASE,
)
# "a week ago", "two months ago": counted back from the reference date
AGO_RE = re.compile(r"\b(\d{1,3}|" + "|".join(EXACT_NUMBER) + r")\s+(day|week|month|year)s?\s+ago\b", re.IGNORECASE)
# a date heading an update box: "August 15, 2019 Update:", "Update (15 August 2019):", "UPDATE 15/08/2019 -"
UPDATE_RE = re.compile(
    rf"(?:(?P<before>{WRITTEN_RE.pattern}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*[-–:,]?\s*update[sd]?\b\s*[:\-–]"
    rf"|\bupdate[sd]?\b\s*(?:\(|\[|on|of|,|:|-|–)?\s*(?P<after>{WRITTEN_RE.pattern}|\d{{1,2}}[-./]\d{{1,2}}[-./]\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*[)\]]?\s*[:\-–])",
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
    """Whether a date expression counts from another date ("earlier this month", "a week later",
    "on Wednesday"): an absolute date of the same sentence is preferred to it."""
    lower = text.lower()
    return bool(LATER_RE.search(text) or EARLIER_RE.search(text) or AGO_RE.search(text) or WEEKDAY_RE.search(text)) or any(
        phrase in lower for phrase in RELATIVE)


def update_reference(text: str, published: ParsedDate | None = None) -> tuple[ParsedDate, int, int] | None:
    """The date heading an "Update" box in ``text`` and the span of that heading: the text
    after it resolves against this date instead of the publication's."""
    if "update" not in text.lower():  # the word every heading of an update box has (no search then)
        return None
    for m in UPDATE_RE.finditer(text):
        parsed = parse_date(m["before"] or m["after"], published.start if published and published.precision == "day" else None)
        if parsed is not None:
            return parsed, m.start(), m.end()
    return None


def resolve_date(text: str, published: ParsedDate | None = None, previous: ParsedDate | None = None) -> DateResolution:
    """The date a date expression refers to, at the precision it states, or why not. Never
    raises; the date, when there is one, lies in the plausible range (``out_of_bounds``).

    ``published`` (the reference date: the publication's, or an update's) resolves the year of
    "on 5 January", "August 9th", weekdays, named days and relative expressions ("earlier this
    month", "a week ago"); ``previous`` (the date read before) resolves "a week later".
    Durations and ages are never dates; impossible dates are refused. Of a series or a range,
    the start.
    """
    date_config()  # a broken dates file stops with its message, it is not an impossible date
    try:
        resolution = _resolve(" ".join(str(text).split()), published, previous)
    except (ValueError, OverflowError, KeyError, IndexError) as exc:
        return DateResolution(None, f"impossible date {str(text)[:40]!r} ({type(exc).__name__})")
    if resolution.date is not None and (problem := out_of_bounds(resolution.date, published)):
        return DateResolution(None, f"implausible {problem}")
    return resolution


def clause_dates(text: str, published: ParsedDate | None = None, previous: ParsedDate | None = None) -> list[ParsedDate]:
    """Every date of a clause in the order written, a coordination or series expanded: "on 6
    and 27 August 2018" is two days, "in August and October 2020 respectively" two months,
    "on 3 March and 5 April 2021" two days of 2021. With ``respectively`` (or several events
    joined by "and"), the n-th event of the clause takes the n-th date."""
    return [when for _, _, when in dated_spans(text, published, previous)]


def dated_spans(text: str, published: ParsedDate | None = None, previous: ParsedDate | None = None) -> list[tuple[int, int, ParsedDate]]:
    """(start, end, date) of every date of ``text`` in order (see ``clause_dates``); positions
    are those of ``text``. Never raises; durations and ages give none."""
    date_config()
    try:
        return _clause_dates(str(text), published, previous)
    except (ValueError, OverflowError, KeyError, IndexError):
        return []


def _clause_dates(raw: str, published: ParsedDate | None, previous: ParsedDate | None) -> list[tuple[int, int, ParsedDate]]:
    found: list[tuple[int, int, list[tuple[int | None, int | None, int | None]]]] = []  # start, end, [(y, m, d)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e, _ in found)

    for m in DAY_LIST_RE.finditer(raw):
        days = [int(m[1])] + [int(d) for d in re.findall(r"\d{1,2}", m[2])]
        if re.search(r"-|–|\bto\b", m[2]):  # a range: its start
            days = days[:1]
        found.append((m.start(), m.end(), [(int(m[4]) if m[4] else None, _month_number(m[3]), d) for d in days]))
    for m in MONTH_LIST_RE.finditer(raw):
        if free(m.start(), m.end()):
            months = [_month_number(m[1])] + [_month_number(x) for x in re.findall(MONTH, m[2], re.IGNORECASE)]
            if re.search(r"\bto\b|-|–|through|until", m[2]):
                months = months[:1]
            found.append((m.start(), m.end(), [(int(m[3]), month, None) for month in months]))
    for pattern in (ISO_RE, DMY_NUMERIC_RE, WRITTEN_RE):
        for m in pattern.finditer(raw):
            if free(m.start(), m.end()) and (parsed := parse_date(m[0], published.start if published else None)):
                parts = [int(p) for p in parsed.iso.split("-")]
                found.append((m.start(), m.end(), [(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)]))
    for pattern, day_group, month_group in ((DAY_MONTH_RE, 1, 2), (MONTH_DAY_RE, 2, 1)):
        for m in pattern.finditer(raw):
            if free(m.start(), m.end()):
                found.append((m.start(), m.end(), [(None, _month_number(m[month_group]), int(m[day_group]))]))
    relative = [LATER_RE, EARLIER_RE, AGO_RE, named_day_re(), WEEKDAY_RE, re.compile(r"\b(?:" + "|".join(RELATIVE) + r")\b", re.IGNORECASE),
                re.compile(rf"\b(?:in|since|from|during|early|late|mid|end\s+of|beginning\s+of)\s+({MONTH})(?![a-z])", re.IGNORECASE),
                YEAR_IN_TEXT_RE]
    for pattern in relative:  # each resolved alone, where no date above was found
        for m in pattern.finditer(raw):
            if free(m.start(), m.end()) and not DURATION_RE.match(raw, m.start()):
                one = _resolve(m[0], published, previous).date
                if one is not None:
                    parts = [int(p) for p in one.iso.split("-")]
                    found.append((m.start(), m.end(), [(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)]))
    found.sort()
    # "3 March and 5 April 2021": a date without a year takes the year of the date it is coordinated with
    for k in range(len(found) - 2, -1, -1):
        start, end, items = found[k]
        if items[-1][0] is None and re.fullmatch(r"\s*(?:,|and|&|or)\s*", raw[end:found[k + 1][0]]):
            year = found[k + 1][2][0][0]
            found[k] = (start, end, [(y if y is not None else year, mo, d) for y, mo, d in items])
    dates: list[tuple[int, int, ParsedDate]] = []
    for start, end, items in found:
        for year, month, day in items:
            if year is None:
                year = _in_year_before(published, month, day)
            resolved = _resolved(year, month, day)
            if resolved.date is not None and not out_of_bounds(resolved.date, published):
                dates.append((start, end, resolved.date))
    return dates


def _resolve(raw: str, published: ParsedDate | None, previous: ParsedDate | None) -> DateResolution:
    lower = raw.lower().strip(" .,;:")
    if m := LATER_RE.search(raw):
        if previous is None:
            return DateResolution(None, "a date counted from an earlier one, with none before it")
        count = m[1].lower() if m[1] else "one"
        return DateResolution(_later(previous, int(count) if count.isdigit() else EXACT_NUMBER[count], (m[2] or m[3]).lower()))
    if m := EARLIER_RE.search(raw):
        if previous is None:
            return DateResolution(None, "a date counted from an earlier one, with none before it")
        count = m[1].lower()
        return DateResolution(_later(previous, -(int(count) if count.isdigit() else EXACT_NUMBER[count]), m[2].lower()))
    if m := AGO_RE.search(raw):
        if published is None:
            return DateResolution(None, "relative date without a publication date")
        count = m[1].lower()
        return DateResolution(_later(published, -(int(count) if count.isdigit() else EXACT_NUMBER[count]), m[2].lower()))
    for phrase, kind in RELATIVE.items():
        if re.search(rf"\b{phrase}\b", lower):
            return DateResolution(_relative(kind, published), "" if published else "relative date without a publication date")
    if m := DAY_LIST_RE.search(raw):  # "6 and 27 August 2018", "5-9 March": the first day
        year = int(m[4]) if m[4] else _in_year_before(published, _month_number(m[3]), int(m[1]))
        return _resolved(year, _month_number(m[3]), int(m[1]))
    if m := MONTH_LIST_RE.search(raw):  # "between February and March 2015": the first month
        return _resolved(int(m[3]), _month_number(m[1]))
    if named := _named_day(raw, published):
        return named
    if DURATION_RE.search(raw) and not (DMY_NUMERIC_RE.search(raw) or WRITTEN_RE.search(raw) or ISO_RE.search(raw)):
        return DateResolution(None, "duration or age, not a date")
    full = DMY_NUMERIC_RE.search(raw) or WRITTEN_RE.search(raw) or ISO_RE.search(raw)
    if full:
        parsed = _parse_date(full[0])
        return DateResolution(parsed, "" if parsed else f"impossible date {full[0]!r}")
    if m := DAY_MONTH_RE.search(raw):
        return _resolved(_in_year_before(published, _month_number(m[2]), int(m[1])), _month_number(m[2]), int(m[1]))
    if m := MONTH_DAY_RE.search(raw):
        return _resolved(_in_year_before(published, _month_number(m[1]), int(m[2])), _month_number(m[1]), int(m[2]))
    if m := WEEKDAY_RE.search(raw):
        return _weekday(m, published)
    if m := MONTH_ONLY_RE.match(raw):
        return _resolved(_in_year_before(published, _month_number(m[1])), _month_number(m[1]))
    if m := YEAR_IN_TEXT_RE.search(raw):
        return _resolved(int(m[1]))
    return DateResolution(None, "no date")


def _weekday(m: re.Match, published: ParsedDate | None) -> DateResolution:
    """"on Wednesday", "last Sunday", "Sunday night": the last such day on or before the reference."""
    if m[1]:
        return DateResolution(None, "a day to come, not an event date")
    if published is None or published.precision != "day":
        return DateResolution(None, "a weekday without a reference day")
    reference = published.start
    back = (reference.weekday() - WEEKDAYS.index(m[2].lower())) % 7
    return DateResolution(ParsedDate((reference - timedelta(days=back)).isoformat(), "day"))


def _named_day(raw: str, published: ParsedDate | None) -> DateResolution | None:
    """"on New Year's Eve", "on May Day 2021": its own year, else the last one on or before the reference."""
    key = _name_key(raw)
    for name, (month, day) in sorted(date_config().named_days.items(), key=lambda item: -len(item[0])):
        if m := re.search(rf"\b{re.escape(name)}\b(?:\s*,?\s*(\d{{4}}))?", key):
            if m[1]:
                return _resolved(int(m[1]), month, day)
            if published is None or published.precision == "year":
                return DateResolution(None, "a named day without a reference date")
            year = int(published.iso[:4])
            if (month, day) > (published.start.month, published.start.day if published.precision == "day" else 31):
                year -= 1
            return _resolved(year, month, day)
    return None


def _resolved(year: int | None, month: int | None = None, day: int | None = None) -> DateResolution:
    if year is None:
        return DateResolution(None, "no year and no publication date to take it from")
    parsed = _checked(year, month, day)
    if parsed is None:
        return DateResolution(None, f"impossible date {year}-{month}-{day}")
    return DateResolution(parsed)


def _later(previous: ParsedDate, count: int, unit: str) -> ParsedDate | None:
    """``previous`` moved by ``count`` units (negative: back), no finer than it is."""
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
        return _checked(year, month) if kind == "this-week" else None
    day = date.fromisoformat(published.iso)
    if kind == "last-week":  # some day of the week before: its month
        before = day - timedelta(days=7)
        return _checked(before.year, before.month)
    if kind == "this-week":
        return _checked(day.year, day.month)
    if kind == "yesterday":
        day -= timedelta(days=1)
    return ParsedDate(day.isoformat(), "day")


ORDINALS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)} | {
    "twenty-fifth": 25, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100}
CARDINALS = EXACT_NUMBER | {"fifteen": 15, "twenty": 20, "twenty-five": 25, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
# "16 December 2021 marked the ten-year anniversary of ...": the date is the anniversary's
MARKS_ANNIVERSARY_RE = re.compile(
    r"^\s*,?\s*(?:marks|marked|will\s+mark|was|is)\s+the\s+([\w-]+?)(?:-year|\s+year)?\s+anniversary\s+of\b", re.IGNORECASE)


def anniversary_of(parsed: ParsedDate, after: str) -> ParsedDate | None:
    """The date of the occurrence whose anniversary a date is, when the text right after the
    date says so ("marked the tenth anniversary of"); None when it does not."""
    m = MARKS_ANNIVERSARY_RE.match(after)
    if not m:
        return None
    word = m[1].lower()
    years = ORDINALS.get(word) or CARDINALS.get(word)
    if years is None and (digits := re.fullmatch(r"(\d{1,3})(?:st|nd|rd|th)?", word)):
        years = int(digits[1])
    if not years:
        return None
    shifted = _checked(int(parsed.iso[:4]) - years, *[int(p) for p in parsed.iso.split("-")[1:]])
    return shifted if shifted and not out_of_bounds(shifted) else None


def recent(text: str) -> bool:
    """Whether a sentence says its occurrences are near the report ("the recent arrest", "an
    escalating hunger strike", ``[recent] words``): one without a date of its own is then not
    placed by the date read before it (a background date, "In 2011, ...")."""
    words = date_config().recent_words
    return bool(words) and any(w in words for w in re.findall(r"[a-z]+", text.lower()))


def publication_default(published: ParsedDate | None, own_act: bool) -> ParsedDate | None:
    """The date of a clause with none of its own (the conventions): an item's own act (a
    statement, a call) takes the publication day; a violation it reports, the publication month."""
    if published is None or own_act or published.precision != "day":
        return published
    return ParsedDate(published.iso[:7], "month")


# "The shootings ended an eight-month strike", "ended a seven-month long strike": what lasted
# that long before the date of its end began that much earlier (a range takes its start)
ENDED_LASTING_RE = re.compile(
    r"\bend(?:ed|s|ing)?\s+(?:a|an|the|their|its)\s+(\d{1,3}|" + "|".join(EXACT_NUMBER) + r")[\s-]+(day|week|month|year)s?(?:[\s-]+long)?\s+"
    r"(?:[\w-]+\s+){0,2}?(\w+)\b", re.IGNORECASE)


def began_before_end(text: str, trigger: str, ended: ParsedDate | None) -> tuple[ParsedDate, str] | None:
    """The start of an occurrence the text says was ended after lasting a while ("ended an
    eight-month strike" read against the end's date: eight months earlier, at no finer than
    month precision), with the phrase it came from; None when the text says no such thing."""
    if ended is None:
        return None
    for m in ENDED_LASTING_RE.finditer(text):
        if m[3].lower().rstrip("s") != trigger.lower().rstrip("s"):
            continue
        count = int(m[1]) if m[1].isdigit() else EXACT_NUMBER[m[1].lower()]
        unit = m[2].lower()
        if unit in ("day", "week"):
            return None  # a short one: the end's date is near enough, at its own precision
        start = _later(ParsedDate(ended.iso[:7], "month") if ended.precision == "day" else ended, -count, unit)
        return (start, m[0]) if start is not None else None
    return None
