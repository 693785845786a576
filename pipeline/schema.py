"""Schemas of the output tables, checked before anything is written.

One pandera schema per table (``pages``, ``documents``, ``mentions``, ``entities``, ``events``,
``pairs``) states each column's type, whether it may be null, its allowed values and its
form; ``check_references`` checks the links between tables. ``validate_tables`` runs both,
collects every failure, and raises one ``SchemaViolation`` whose message names the table, the
column and a few example rows::

    from pipeline.schema import SCHEMA_VERSION, validate_tables
    from pipeline.tables import write_table

    validate_tables({"pages": pages, "documents": documents, ...})   # raises before any write
    write_table(pages, out / "pages.parquet", SCHEMA_VERSION)

The tables are checked as the pipeline builds them (list columns hold lists) and as they are read
back from Parquet (list columns hold numpy arrays); both pass. Missing values are null (None, or
NaN in pandas string columns). An empty table (no rows) passes the type checks whatever its
dtypes. ``SCHEMA_VERSION`` goes into every Parquet file's metadata (``parquet_metadata``); bump
it when a column changes meaning, appears or goes.

``split_rows`` uses the same schemas for the quarantine: it cuts a table into the rows that
pass their own checks and the others, each with a one-line reason (``pipeline.process``
rejects those); unique keys, columns, types and links are structural and left to
``validate_tables``, which stops the write.

``python -m pipeline.schema [processed]`` validates the tables of a folder.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping

import numpy as np
import pandas as pd

try:  # pandera >= 0.24 keeps the pandas API in its own module
    import pandera.pandas as pa
except ImportError:  # pragma: no cover - older pandera
    import pandera as pa
from pandera.errors import SchemaErrors

from . import settings
from .archive import LIVE, SAMPLE
from .clean import DOC_KINDS
from .dedup import OUTCOMES
from .changelog import CHANGES
from .event_columns import COUNT_COLUMNS
from .extract import load_event_types
from .pair_checks import plainly_valid
from .rejects import STAGES
from .tables import column_cells
from .review import DECISIONS
from .sources import PAGE_KINDS
from .tables import SCHEMA_VERSION_KEY

SCHEMA_VERSION = "1"
TABLES = ("pages", "documents", "mentions", "entities", "events", "pairs")
# Tables of the records left out (pipeline.rejects); validated like the others when given.
OTHER_TABLES = ("rejects", "changes")
PRECISIONS = ("day", "month", "year")
PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}
PUBLISHED_FROM = ("selector", "time", "jsonld", "meta", "url", "text")
DATE_FROM = ("text", "published")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC")
BLOCKS = ("actor", "place", "document", "text", "coref", "type_date", "place_type", "words", "count", "link", "role", "unnamed")
EXAMPLES = 3

ISO_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
SHA256_RE = r"^[0-9a-f]{64}$"
DOC_ID_RE = r"^doc_[0-9a-f]{16}$"
MENTION_ID_RE = r"^doc_[0-9a-f]{16}:[0-9a-f]{10}$"
EVENT_ID_RE = r"^evt_[0-9a-f]{16}$"
ENTITY_ID_RE = r"^(?:per|org|gpe|loc)-[a-z0-9]+(?:-[a-z0-9]+)*$"
FETCHED_AT_RE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$"
TIMESTAMP_RE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"  # changelog.TIME_FORMAT
RUN_ID_RE = r"^\d{8}T\d{6}(?:\.\d{6})?Z(?:-\d+)?$"  # archive.new_run_id; whole seconds and -N: older versions


def parquet_metadata() -> dict[bytes, bytes]:
    """The key-value pair every output Parquet file carries (``tables.write_table``)."""
    return {SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode("ascii")}


# -- failures ------------------------------------------------------------------------------


@dataclass
class Problem:
    """One kind of failure in one column: ``table.column: count value(s) description, e.g. ...``."""

    table: str
    column: str | None
    description: str
    count: int = 0
    examples: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        where = f"{self.table}.{self.column}" if self.column else self.table
        text = f"{where}: {self.count} value(s) {self.description}" if self.count else f"{where}: {self.description}"
        if self.examples:
            text += ", e.g. " + ", ".join(self.examples)
        return text


class SchemaViolation(ValueError):
    """The output tables break their schema; ``problems`` lists every failure found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} schema problem(s) in the output tables:"]
        lines += [f"  {p}" for p in self.problems]
        super().__init__("\n".join(lines))


# -- values --------------------------------------------------------------------------------


def _is_null(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _is_list(value) -> bool:
    return isinstance(value, (list, tuple, np.ndarray))


def _show(value) -> str:
    if _is_list(value):
        value = [v.item() if isinstance(v, np.generic) else v for v in list(value)]
    elif isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, list) and _is_null(value):
        return "null"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def iso_date_ok(value) -> bool:
    """An ISO date at some precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) that exists."""
    if not isinstance(value, str):
        return False
    return _iso_text_ok(value)


@lru_cache(maxsize=65536)
def _iso_text_ok(value: str) -> bool:
    """``iso_date_ok`` of a str, kept per text (a table repeats its dates many times)."""
    match = ISO_DATE_RE.fullmatch(value)
    if not match:
        return False
    year, month, day = (int(g) if g else 1 for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _date_matches_precision(value, precision) -> bool:
    """Both null, or an ISO date whose form is the precision's."""
    if _is_null(value) and _is_null(precision):
        return True
    if not isinstance(value, str) or not isinstance(precision, str):
        return False
    return PRECISION_LENGTH.get(precision) == len(value)


# -- checks --------------------------------------------------------------------------------

# Frame-wide checks (several columns of a row): error text -> (column blamed, related columns).
FRAME_CHECKS: dict[str, tuple[str, tuple[str, ...]]] = {}


def _row_check(column: str, related: tuple[str, ...], error: str, predicate: Callable[..., bool]) -> pa.Check:
    """A check of each row over ``column`` and ``related``, reported against ``column``."""
    FRAME_CHECKS[error] = (column, related)
    columns = (column, *related)

    def check(frame: pd.DataFrame):
        if not all(c in frame.columns for c in columns):
            return True  # the missing column is reported on its own
        values = zip(*(column_cells(frame[c]) for c in columns))
        return pd.Series([bool(predicate(*row)) for row in values], index=frame.index, dtype=bool)

    return pa.Check(check, error=error)


def _each(predicate: Callable[[object], bool], error: str, true_of_text: bool = False) -> pa.Check:
    """pandera's element-wise check of ``predicate`` (each value but the missing ones), run
    over the column read in one go (``tables.column_cells``) rather than through
    ``Series.map``, whose per-call conversions cost more than the predicates: the same values,
    the same failures.
    ``true_of_text``: the predicate holds for every str, so for every value of a text column
    (pandas' string dtype holds only str and missing values, which pandera leaves out)."""
    def check(column: pd.Series) -> pd.Series:
        if true_of_text and isinstance(column.dtype, pd.StringDtype) and not column.hasnans:
            return pd.Series(True, index=column.index, dtype=bool)
        return pd.Series([bool(predicate(v)) for v in column_cells(column)], index=column.index, dtype=bool)

    return pa.Check(check, error=error)


def _string_list(value) -> bool:
    """A list (or array) of non-blank strings."""
    if not _is_list(value):
        return False
    for x in value:
        if not (isinstance(x, str) and x.strip()):
            return False
    return True


def _dtype_check(kind: str, accepts: Callable) -> pa.Check:
    return pa.Check(lambda s: len(s) == 0 or bool(accepts(s.dtype)), error=f"dtype is not {kind}")


def _text(nullable: bool = False, unique: bool = False, pattern: str | None = None,
          isin: Iterable[str] | None = None, isin_error: str = "not an allowed value",
          blank: bool = False) -> pa.Column:
    """A string column: str values (or null when nullable), not blank unless ``blank``, optionally of a form."""
    checks = [_each(lambda v: isinstance(v, str), error="not a string", true_of_text=True)]
    if not blank:
        checks.append(_each(lambda v: not isinstance(v, str) or v.strip() != "", error="blank"))
    if pattern:
        regex = re.compile(pattern)
        checks.append(_each(lambda v: isinstance(v, str) and bool(regex.match(v)), error=f"not of the form {pattern}"))
    if isin is not None:
        allowed = tuple(isin)
        error = isin_error if len(allowed) > 8 else f"{isin_error} ({', '.join(allowed)})"
        checks.append(_each(lambda v: v in allowed, error=error))
    return pa.Column(None, nullable=nullable, unique=unique, checks=checks)


def _iso_date(nullable: bool = True) -> pa.Column:
    return pa.Column(None, nullable=nullable, checks=[
        _each(iso_date_ok, error="not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) that exists"),
    ])


def _precision(nullable: bool = True) -> pa.Column:
    return _text(nullable=nullable, isin=PRECISIONS, isin_error="not a precision")


def _integer(ge: int | None = 0) -> pa.Column:
    checks = [_dtype_check("integer", lambda d: pd.api.types.is_integer_dtype(d))]
    if ge is not None:
        checks.append(pa.Check.ge(ge, error=f"below {ge}"))
    return pa.Column(None, nullable=False, checks=checks)


def _number(ge: float | None = None, le: float | None = None) -> pa.Column:
    checks = [_dtype_check("numeric", lambda d: pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d))]
    if ge is not None:
        checks.append(pa.Check.ge(ge, error=f"below {ge}"))
    if le is not None:
        checks.append(pa.Check.le(le, error=f"above {le}"))
    return pa.Column(None, nullable=False, checks=checks)


def _boolean() -> pa.Column:
    return pa.Column(None, nullable=False, checks=[_dtype_check("boolean", pd.api.types.is_bool_dtype)])


def _strings(nonempty: bool = False, isin: Iterable[str] | None = None) -> pa.Column:
    """A list column: every cell a list (or array) of non-blank strings."""
    allowed = tuple(isin) if isin is not None else None
    checks = [_each(_string_list, error="not a list of strings")]
    if nonempty:
        checks.append(_each(lambda v: not _is_list(v) or len(v) > 0, error="an empty list"))
    if allowed is not None:
        checks.append(_each(lambda v: not _is_list(v) or all(x in allowed for x in v),
                            error=f"holding a value not in ({', '.join(allowed)})"))
    return pa.Column(None, nullable=False, checks=checks)


def _count() -> pa.Column:
    """A number of people: a non-negative integer, null when no report gives one."""
    return pa.Column(None, nullable=True, checks=[_dtype_check("integer", pd.api.types.is_integer_dtype),
                                                 pa.Check.ge(0, error="below 0")])


def role_columns() -> dict[str, pa.Column]:
    """Who acted on whom and how many it befell (``pipeline.event_columns``): in mentions and events."""
    return {
        "actor1": _text(nullable=True), "actor1_type": _text(nullable=True),
        "actor2": _text(nullable=True), "actor2_type": _text(nullable=True),
        **{name: _count() for name in COUNT_COLUMNS},
    }


def analyst_event_columns() -> dict[str, pa.Column]:
    """The events' columns of ``pipeline.event_columns`` and ``pipeline.changelog``."""
    return {
        **role_columns(),
        "assoc_actor1": _strings(), "assoc_actor2": _strings(),
        **{f"{name}_{end}": _count() for name in COUNT_COLUMNS for end in ("min", "max")},
        "publishers": _strings(nonempty=True),
        "created": _text(pattern=TIMESTAMP_RE),
        "last_changed": _text(pattern=TIMESTAMP_RE),
    }


def _in_range(figure, low, high) -> bool:
    if _is_null(figure):
        return _is_null(low) and _is_null(high)
    return not _is_null(low) and not _is_null(high) and low <= figure <= high


def count_checks() -> list[pa.Check]:
    return [_row_check(name, (f"{name}_min", f"{name}_max"), f"outside {name}_min..{name}_max, or null with a range", _in_range)
            for name in COUNT_COLUMNS]


# -- the schemas ---------------------------------------------------------------------------


def event_type_vocabulary(path: Path | str | None = None) -> list[str]:
    """The event types of ``config/event_types.toml`` (or ``path``), in the file's order."""
    return load_event_types(Path(path or settings.EVENT_TYPES_FILE)).names


def _mention_span() -> dict[str, pa.Column]:
    """The days a lasting or roughly dated mention may cover (``spans``): optional columns, so
    tables written before they existed still validate; whole days, the end not before the start."""
    def day(column: str) -> pa.Column:
        return pa.Column(None, nullable=True, required=False, checks=[
            _each(lambda v: _is_null(v) or (isinstance(v, str) and len(v) == 10 and iso_date_ok(v)),
                  error=f"{column} not a day (YYYY-MM-DD) that exists")])

    return {"span_start": day("span_start"), "span_end": day("span_end")}


def _placement() -> dict[str, pa.Column]:
    """Where a mention or event happened (``places``): optional columns, so tables written
    before they existed still validate."""
    from .places import GEO_PRECISIONS

    def optional(column: pa.Column) -> pa.Column:
        column.required = False
        return column

    def coordinate(bound: float) -> pa.Column:
        return pa.Column(None, nullable=True, required=False, checks=[
            pa.Check(lambda v: v is None or v != v or -bound <= v <= bound, element_wise=True, error=f"not within ±{bound}")])

    return {
        "country": optional(_text(nullable=True, pattern=r"^[A-Z]{2}$")),
        "country_name": optional(_text(nullable=True)),
        "admin1": optional(_text(nullable=True)),
        "location": optional(_text(nullable=True)),
        "latitude": coordinate(90),
        "longitude": coordinate(180),
        "geo_precision": optional(_text(nullable=True, isin=GEO_PRECISIONS, isin_error="not a geo precision")),
    }


def build_schemas(event_types: Iterable[str]) -> dict[str, pa.DataFrameSchema]:
    """One schema per output table; ``event_types`` is the vocabulary of ``event_type``."""
    vocabulary = tuple(event_types)

    def event_type() -> pa.Column:
        return _text(isin=vocabulary, isin_error="not in the vocabulary (config/event_types.toml)")

    pages = pa.DataFrameSchema(
        {
            "url": _text(unique=True, pattern=r"^https?://"),
            "request_url": _text(pattern=r"^https?://"),
            "source": _text(),
            "page_kind": _text(isin=(*PAGE_KINDS, "generic"), isin_error="not a page kind"),
            "depth": _integer(ge=0),
            "status": pa.Column(None, nullable=False, checks=[
                _dtype_check("integer", pd.api.types.is_integer_dtype),
                pa.Check.eq(200, error="not 200 (a page is a good copy)"),
            ]),
            "content_type": _text(),
            "bytes": _integer(ge=0),
            "sha256": _text(pattern=SHA256_RE),
            "fetched_at": _text(pattern=FETCHED_AT_RE),
            "run_id": _text(pattern=RUN_ID_RE),
            "provenance": _text(isin=(LIVE, SAMPLE), isin_error="not a provenance"),
        },
        strict=True,
        name="pages",
    )

    documents = pa.DataFrameSchema(
        {
            "doc_id": _text(unique=True, pattern=DOC_ID_RE),
            "url": _text(pattern=r"^https?://"),
            "source": _text(),
            "publisher": _text(),
            "kind": _text(isin=DOC_KINDS, isin_error="not a document kind"),
            "title": _text(nullable=True),
            "published": _iso_date(),
            "published_precision": _precision(),
            "published_from": _text(nullable=True, isin=PUBLISHED_FROM, isin_error="not a date origin"),
            "text": _text(blank=True),  # a title-only listing item is a document without text
            "language": _text(nullable=True, pattern=r"^(?:[a-z]{2,3}|und)$"),  # ISO 639-1/-3, or und
            "raw_sha256": _text(pattern=SHA256_RE),
            "link": _text(nullable=True, pattern=r"^https?://"),
            "duplicate_of": _text(nullable=True, pattern=DOC_ID_RE),
            "country": pa.Column(None, nullable=False, required=False, checks=[  # ISO 3166 alpha-2, "" for none
                pa.Check(lambda v: isinstance(v, str) and re.fullmatch(r"(?:[A-Z]{2})?", v) is not None,
                         element_wise=True, error="not an ISO 3166 alpha-2 code or empty")]),
        },
        checks=[
            _row_check("published", ("published_precision",), "not an ISO date at its published_precision",
                       _date_matches_precision),
            _row_check("published_from", ("published",), "set without a published date, or missing with one",
                       lambda origin, published: _is_null(origin) == _is_null(published)),
            _row_check("duplicate_of", ("doc_id",), "the document itself",
                       lambda duplicate_of, doc_id: duplicate_of != doc_id),
        ],
        strict=True,
        name="documents",
    )

    mentions = pa.DataFrameSchema(
        {
            "mention_id": _text(unique=True, pattern=MENTION_ID_RE),
            "doc_id": _text(pattern=DOC_ID_RE),
            "evidence": _text(),
            "from_title": _boolean(),
            "event_type": event_type(),
            "event_date": _iso_date(),
            "date_precision": _precision(),
            "date_text": _text(nullable=True),
            "date_from": _text(nullable=True, isin=DATE_FROM, isin_error="not a date origin"),
            "people": _strings(),
            "organisations": _strings(),
            "locations": _strings(),
            "people_text": _strings(),
            "organisations_text": _strings(),
            "locations_text": _strings(),
            "context_date": _iso_date(),
            "context_precision": _precision(),
            "context_from": _text(nullable=True, isin=("previous", "body")),
            **_mention_span(),
            # who did what to whom (extract): the predicate, its clause, participants by role, counts
            "trigger": _text(nullable=True),
            "event_subtype": _text(nullable=True),
            "clause_start": _integer(ge=0),
            "clause_end": _integer(ge=0),
            "actors": _strings(),
            "actor_types": _strings(),
            "targets": _strings(),
            "target_types": _strings(),
            "n_people": pa.Column(None, nullable=True, checks=[pa.Check.ge(0, error="below 0")]),
            "sentence_years": pa.Column(None, nullable=True, checks=[pa.Check.ge(0, error="below 0")]),
            "fine_amount": pa.Column(None, nullable=True, checks=[pa.Check.ge(0, error="below 0")]),
            "fine_currency": _text(nullable=True, pattern=r"^[A-Z]{3}$"),
            "publisher": _text(),
            "source": _text(),
            "url": _text(pattern=r"^https?://"),
            "published": _iso_date(),
            "event_id": _text(pattern=EVENT_ID_RE),
            **role_columns(),
            **_placement(),
        },
        checks=[
            _row_check("event_date", ("date_precision",), "not an ISO date at its date_precision", _date_matches_precision),
            _row_check("context_date", ("context_precision",), "not an ISO date at its context_precision",
                       _date_matches_precision),
            _row_check("mention_id", ("doc_id",), "not prefixed with the mention's doc_id",
                       lambda mention_id, doc_id: isinstance(mention_id, str) and mention_id.split(":")[0] == doc_id),
            _row_check("date_from", ("event_date",), "set without an event_date, or missing with one",
                       lambda origin, when: _is_null(origin) == _is_null(when)),
            _row_check("date_text", ("date_from",), "present when date_from is 'published' or missing when it is 'text'",
                       lambda text, origin: _is_null(text) == (origin != "text")),
            _row_check("event_date", ("date_from", "published"), "not the publication date although date_from is 'published'",
                       lambda when, origin, published: origin != "published" or when == published),
            _row_check("span_end", ("span_start",), "before span_start, or only one of them null",
                       lambda end, start: _is_null(end) == _is_null(start) and (_is_null(end) or start <= end)),
            _row_check("context_date", ("date_from",), "set although the sentence has its own date",
                       lambda context, origin: _is_null(context) or origin == "published"),
        ],
        strict=True,
        name="mentions",
    )

    entities = pa.DataFrameSchema(
        {
            "entity_id": _text(unique=True, pattern=ENTITY_ID_RE),
            "canonical": _text(),
            "label": _text(isin=ENTITY_LABELS, isin_error="not an entity label"),
            "variants": _strings(nonempty=True),
            "n_mentions": _integer(ge=0),
        },
        unique=["canonical", "label"],
        strict=True,
        name="entities",
    )

    events = pa.DataFrameSchema(
        {
            "event_id": _text(unique=True, pattern=EVENT_ID_RE),
            "event_date": _iso_date(),
            "date_precision": _precision(),
            "date_start": _iso_date(),
            "date_end": _iso_date(),
            "event_type": event_type(),
            "people": _strings(),
            "organisations": _strings(),
            "locations": _strings(),
            "summary": _text(),
            "n_mentions": _integer(ge=1),
            "n_sources": _integer(ge=1),
            "source_urls": _strings(nonempty=True),
            "first_published": _iso_date(),
            "last_published": _iso_date(),
            "needs_review": _boolean(),
            **analyst_event_columns(),
            **_placement(),
        },
        checks=[
            *count_checks(),
            _row_check("event_date", ("date_precision",), "not an ISO date at its date_precision", _date_matches_precision),
            _row_check("date_end", ("date_start",), "before date_start", lambda end, start: _is_null(end) or _is_null(start) or start <= end),
            _row_check("n_sources", ("n_mentions",), "more than n_mentions", lambda sources, mentions: sources <= mentions),
            _row_check("first_published", ("last_published",), "after last_published, or only one of them null",
                       lambda first, last: (_is_null(first) and _is_null(last))
                       or (isinstance(first, str) and isinstance(last, str) and first <= last)),
        ],
        strict=True,
        name="events",
    )

    features = ("same_day", "date_overlap", "actors", "people", "organisations", "event_type", "headline", "evidence")
    pairs = pa.DataFrameSchema(
        {
            "mention_a": _text(pattern=MENTION_ID_RE),
            "mention_b": _text(pattern=MENTION_ID_RE),
            "score": _number(),
            "outcome": _text(isin=OUTCOMES, isin_error="not an outcome"),
            "blocks": _strings(nonempty=True, isin=BLOCKS),
            "date_compatible": _boolean(),
            **{name: _number(ge=0, le=1) for name in features},
            "location_conflict": _number(ge=0, le=1),
            "decision": _text(nullable=True, isin=DECISIONS, isin_error="not a decision"),
            "probability": pa.Column(None, nullable=True, checks=[  # null when no learned model is configured
                pa.Check(lambda v: isinstance(v, (int, float)) and 0 <= v <= 1, element_wise=True, ignore_na=True, error="not a probability")]),
            "contributions": _text(nullable=True),
        },
        checks=[
            _row_check("mention_b", ("mention_a",), "the same as mention_a", lambda b, a: a != b),
        ],
        unique=["mention_a", "mention_b"],
        strict=True,
        name="pairs",
    )
    rejects = pa.DataFrameSchema(
        {
            "stage": _text(isin=STAGES, isin_error="not a stage"),
            "table": _text(),
            "key": _text(),
            "url": _text(nullable=True),
            "reason": _text(pattern=r"^[^\r\n]*\Z"),
        },
        strict=True,
        name="rejects",
    )
    changes = pa.DataFrameSchema(
        {
            "changed_at": _text(pattern=TIMESTAMP_RE),
            "event_id": _text(pattern=EVENT_ID_RE),
            "change": _text(isin=CHANGES, isin_error="not a change"),
            "fields": _strings(),
            "related_event_id": _text(nullable=True, pattern=EVENT_ID_RE),
        },
        checks=[
            _row_check("related_event_id", ("change",), "set for a change other than merged_into or split_from, or missing for one",
                       lambda related, change: _is_null(related) == (change not in ("merged_into", "split_from"))),
            _row_check("fields", ("change",), "empty for a change, or set for another kind",
                       lambda fields, change: (len(fields) > 0) == (change == "changed") if _is_list(fields) else False),
        ],
        strict=True,
        name="changes",
    )
    return {"pages": pages, "documents": documents, "mentions": mentions, "entities": entities,
            "events": events, "pairs": pairs, "rejects": rejects, "changes": changes}


def schemas(event_types_file: Path | str | None = None) -> dict[str, pa.DataFrameSchema]:
    """The schemas with the vocabulary of ``event_types_file`` (default: the configured one)."""
    return build_schemas(event_type_vocabulary(event_types_file))


# -- running them --------------------------------------------------------------------------

CHECK_DESCRIPTIONS = {
    "not_nullable": "missing (null)",
    "field_uniqueness": "duplicated",
}


def _examples(frame: pd.DataFrame, rows: list, column: str | None, related: tuple[str, ...] = (),
              values: list | None = None) -> list[str]:
    shown = []
    for k, row in enumerate(rows[:EXAMPLES]):
        if values is not None:
            value = values[k]
        elif column in frame.columns and row in frame.index:
            value = frame.at[row, column]
        else:
            value = None
        text = f"row {row}: {_show(value)}"
        extra = [f"{c}={_show(frame.at[row, c])}" for c in related if c in frame.columns and row in frame.index]
        if extra:
            text += f" ({', '.join(extra)})"
        shown.append(text)
    return shown


def _row(index) -> object:
    if isinstance(index, np.generic):
        return index.item()
    return index


def _row_order(index) -> tuple:
    """Row labels in order: numbers numerically, then anything else as text."""
    return (0, index, "") if isinstance(index, (int, float)) else (1, 0, str(index))


def schema_problems(table: str, frame: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    """Every failure of ``frame`` against ``schema``, grouped by column and check."""
    try:
        schema.validate(frame, lazy=True)
        return []
    except SchemaErrors as exc:
        failures = exc.failure_cases
    problems: list[Problem] = []
    seen_frame_checks: set[str] = set()
    for (context, column, check), group in failures.groupby(
        ["schema_context", failures["column"].astype(object).where(failures["column"].notna(), None), "check"],
        sort=False, dropna=False,
    ):
        column = None if _is_null(column) else str(column)
        check = str(check)
        if check == "column_in_dataframe":
            problems += [Problem(table, str(name), "column missing") for name in group["failure_case"]]
        elif check == "column_in_schema":
            problems += [Problem(table, str(name), "column not in the schema (declare it in pipeline/schema.py "
                                                    "and docs/data-dictionary.md)") for name in group["failure_case"]]
        elif check == "multiple_fields_uniqueness":
            if "multiple_fields_uniqueness" in seen_frame_checks:
                continue
            seen_frame_checks.add(check)
            unique = list(schema.unique or [])
            rows = sorted({_row(i) for i in failures.loc[failures["check"] == check, "index"]}, key=_row_order)
            values = [tuple(_show(frame.at[r, c]) for c in unique) for r in rows[:EXAMPLES]]
            problems.append(Problem(table, "+".join(unique), "duplicated as a combination",
                                    len(rows), [f"row {r}: ({', '.join(v)})" for r, v in zip(rows, values)]))
        elif check in FRAME_CHECKS and context == "DataFrameSchema":
            if check in seen_frame_checks:
                continue
            seen_frame_checks.add(check)
            blamed, related = FRAME_CHECKS[check]
            rows = sorted({_row(i) for i in failures.loc[failures["check"] == check, "index"] if not _is_null(i)}, key=_row_order)
            problems.append(Problem(table, blamed, check, len(rows), _examples(frame, rows, blamed, related)))
        elif check.startswith("dtype is not"):
            actual = frame[column].dtype if column in frame.columns else "?"
            problems.append(Problem(table, column, f"{check} (it is {actual})"))
        else:
            description = CHECK_DESCRIPTIONS.get(check, check)
            indexed = group[group["index"].notna()]
            if len(indexed) == 0:  # a check of the whole column
                problems.append(Problem(table, column, description))
                continue
            ordered = sorted(zip((_row(i) for i in indexed["index"]), indexed["failure_case"]), key=lambda rv: _row_order(rv[0]))
            rows, values = [r for r, _ in ordered], [v for _, v in ordered]
            problems.append(Problem(table, column, description, len(rows), _examples(frame, rows, column, values=values)))
    return problems


# Failures of a whole table (its keys, its columns, their types): bugs, never one record's fault.
STRUCTURAL_CHECKS = frozenset({"field_uniqueness", "multiple_fields_uniqueness", "column_in_dataframe",
                               "column_in_schema", "dataframe_column_labels_unique", "column_ordered"})


def row_failures(frame: pd.DataFrame, schema: pa.DataFrameSchema) -> dict[object, str]:
    """Row label -> one-line reason, for every row that fails a check of its own values (types,
    allowed values, forms, checks across its columns). Structural failures (``STRUCTURAL_CHECKS``,
    dtypes, links between tables) are left to ``validate_tables``: they stop a write."""
    try:
        schema.validate(frame, lazy=True)
        return {}
    except SchemaErrors as exc:
        failures = exc.failure_cases
    reasons: dict[object, list[str]] = {}
    for context, column, check, case, index in zip(failures["schema_context"], failures["column"], failures["check"],
                                                  failures["failure_case"], failures["index"]):
        check = str(check)
        if _is_null(index) or check in STRUCTURAL_CHECKS or check.startswith("dtype is not"):
            continue
        row = _row(index)
        if row not in frame.index:
            continue
        if check in FRAME_CHECKS and context == "DataFrameSchema":
            blamed, related = FRAME_CHECKS[check]
            values = ", ".join(f"{c}={_show(frame.at[row, c])}" for c in (blamed, *related) if c in frame.columns)
            text = f"{blamed} {check} ({values})"
        else:
            text = f"{column} {CHECK_DESCRIPTIONS.get(check, check)}: {_show(case)}"
        found = reasons.setdefault(row, [])
        if text not in found:
            found.append(text)
    return {row: "; ".join(texts) for row, texts in reasons.items()}


def split_rows(table: str, frame: pd.DataFrame, without: Iterable[str] = (),
               event_types_file: Path | str | None = None) -> tuple[pd.DataFrame, dict[object, str]]:
    """``frame`` cut in two by the row checks of ``table``'s schema (less the columns
    ``without``, not made yet): the valid rows, and row label -> reason for the others."""
    schema = schemas(event_types_file)[table]
    if without:
        schema = schema.remove_columns(list(without))
    failed = row_failures(frame, schema)
    return frame.drop(index=list(failed)), failed


# (table, column, target table, target column, what a failure is)
REFERENCES = (
    ("mentions", "event_id", "events", "event_id"),
    ("mentions", "doc_id", "documents", "doc_id"),
    ("documents", "duplicate_of", "documents", "doc_id"),
    ("documents", "raw_sha256", "pages", "sha256"),
    ("pairs", "mention_a", "mentions", "mention_id"),
    ("pairs", "mention_b", "mentions", "mention_id"),
)


def _has(tables: Mapping[str, pd.DataFrame], table: str, *columns: str) -> bool:
    return table in tables and all(c in tables[table].columns for c in columns)


def _missing_from(frame: pd.DataFrame, column: str, allowed: set, description: str, table: str) -> Problem | None:
    rows, values = [], []
    for row, value in zip(frame.index, frame[column]):
        if _is_null(value) or _is_list(value):
            continue
        if value not in allowed:
            rows.append(_row(row))
            values.append(value)
    if not rows:
        return None
    return Problem(table, column, description, len(rows), _examples(frame, rows, column, values=values))


def reference_problems(tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Links between tables that point nowhere. Pairs of tables not both given are skipped."""
    problems: list[Problem] = []
    for table, column, target, target_column in REFERENCES:
        if not (_has(tables, table, column) and _has(tables, target, target_column)):
            continue
        known = set(tables[target][target_column].dropna())
        problem = _missing_from(tables[table], column, known, f"not in {target}.{target_column}", table)
        if problem:
            problems.append(problem)
    if _has(tables, "documents", "doc_id", "duplicate_of"):
        documents = tables["documents"]
        kept = set(documents.loc[documents["duplicate_of"].isna(), "doc_id"])
        duplicates = set(documents["doc_id"]) - kept
        chained = _missing_from(documents[documents["duplicate_of"].isin(duplicates)], "duplicate_of", set(),
                                "pointing to a document that is itself a duplicate (not to the kept one)", "documents")
        if chained:
            problems.append(chained)
        if _has(tables, "mentions", "doc_id"):
            problem = _missing_from(tables["mentions"][tables["mentions"]["doc_id"].isin(duplicates)], "doc_id", set(),
                                    "a duplicate document (mentions come from kept documents only)", "mentions")
            if problem:
                problems.append(problem)
    if _has(tables, "events", "event_id", "n_mentions") and _has(tables, "mentions", "event_id"):
        events, counts = tables["events"], tables["mentions"]["event_id"].value_counts()
        rows = [_row(r) for r, e, n in zip(events.index, events["event_id"], events["n_mentions"]) if counts.get(e, 0) != n]
        if rows:
            examples = [f"{x} but {counts.get(events.at[r, 'event_id'], 0)} mention(s)"
                        for x, r in zip(_examples(events, rows, "n_mentions", ("event_id",)), rows)]
            problems.append(Problem("events", "n_mentions", "not the number of mentions with the event_id",
                                    len(rows), examples))
    if _has(tables, "entities", "canonical") and "mentions" in tables:
        canonical = set(tables["entities"]["canonical"])
        mentions = tables["mentions"]
        for column in ("people", "organisations", "locations"):
            if column not in mentions.columns:
                continue
            rows, values = [], []
            for row, names in zip(mentions.index, mentions[column]):
                missing = [n for n in (names if _is_list(names) else []) if n not in canonical]
                if missing:
                    rows.append(_row(row))
                    values.append(missing)
            if rows:
                problems.append(Problem("mentions", column, "naming an entity missing from entities.canonical",
                                        len(rows), _examples(mentions, rows, column, values=values)))
    return problems


def check_references(tables: Mapping[str, pd.DataFrame]) -> None:
    """Raise ``SchemaViolation`` when a link between tables points nowhere: a mention's
    ``event_id`` not in events or ``doc_id`` not in documents, a document's ``duplicate_of`` not in
    documents (and the other links in ``REFERENCES``)."""
    problems = reference_problems(tables)
    if problems:
        raise SchemaViolation(problems)


def validate_tables(tables: Mapping[str, pd.DataFrame], event_types_file: Path | str | None = None,
                    trusted: Collection[str] = ()) -> None:
    """Check every given table against its schema and the links between them; raise one
    ``SchemaViolation`` listing every failure (table, column, up to three examples).

    ``tables`` maps table names (``TABLES``) to frames; any subset works (links to a table not
    given are not checked). The rows of the tables named in ``trusted`` (checked when they were
    written, unchanged since) are not checked again; their links are. The frames are not modified."""
    known = TABLES + OTHER_TABLES
    unknown = [name for name in tables if name not in known]
    problems = [Problem(str(name), None, f"no schema for this table (known: {', '.join(known)})") for name in unknown]
    declared = schemas(event_types_file)
    for name in known:
        if name in tables and name not in trusted:
            problems += table_problems(name, tables[name], declared[name])
    problems += reference_problems({name: t for name, t in tables.items() if isinstance(t, pd.DataFrame)})
    problems += [p for name, t in tables.items() if not isinstance(t, pd.DataFrame) for p in part_reference_problems(name, t, tables)]
    if problems:
        raise SchemaViolation(problems)


def table_problems(table: str, frame, schema: pa.DataFrameSchema) -> list[Problem]:
    """``schema_problems`` of a data frame, or of a table given in parts (``groups()``: frames
    indexed by their rows' positions in the whole table, ``duplicated()``: the positions of a
    repeated key; ``pair_table.PairTable``) one part at a time, so that the whole is never made;
    the problems of one kind in several parts are one, their counts added."""
    if isinstance(frame, pd.DataFrame):
        return schema_problems(table, frame, schema)
    unique = "+".join(schema.unique or [])
    found = [p for part in frame.groups() for p in part_problems(table, part, schema)
             if not (unique and p.column == unique and p.description == "duplicated as a combination")]
    repeated = frame.duplicated() if unique else []
    if len(repeated):  # across parts as well as within one
        found.append(Problem(table, unique, "duplicated as a combination", len(repeated),
                             [f"row {int(r)}" for r in repeated[:EXAMPLES]]))
    return merged_problems(found)


def part_problems(table: str, part: pd.DataFrame, schema: pa.DataFrameSchema) -> list[Problem]:
    """``schema_problems`` of one part of a table given in parts; none, without pandera's cell by
    cell checks, for a part of the pairs that ``pair_checks.plainly_valid`` proves valid."""
    if table == "pairs" and plainly_valid(part, set(schema.columns), MENTION_ID_RE, BLOCKS):
        return []
    return schema_problems(table, part, schema)


def part_reference_problems(table: str, parts, tables: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """``reference_problems`` of the links from a table given in parts (``table_problems``), a
    part at a time; the tables it points to are data frames."""
    links = [(column, target, target_column) for source, column, target, target_column in REFERENCES
             if source == table and column in parts.columns and _has(tables, target, target_column)
             and isinstance(tables[target], pd.DataFrame)]
    if not links:
        return []
    known = {(target, target_column): set(tables[target][target_column].dropna()) for _, target, target_column in links}
    links = [link for link in links if not _all_known(parts, link[0], known[link[1:]])]
    if not links:  # (the table's distinct values of each link all point somewhere: no part to read)
        return []
    found = []
    for part in parts.groups(columns=sorted({column for column, _, _ in links})):
        for column, target, target_column in links:
            problem = _missing_from(part, column, known[(target, target_column)], f"not in {target}.{target_column}", table)
            if problem:
                found.append(problem)
    return merged_problems(found)


def _all_known(parts, column: str, allowed: set) -> bool:
    """Whether every value of ``column`` of a table given in parts is null, a list or in
    ``allowed`` (``_missing_from`` finds nothing), when the table tells its distinct values
    (``distinct(column)``, None when it cannot); False when it does not tell."""
    distinct = getattr(parts, "distinct", None)
    values = distinct(column) if distinct is not None else None
    return values is not None and all(_is_null(v) or _is_list(v) or v in allowed for v in values)


def merged_problems(problems: list[Problem]) -> list[Problem]:
    """Problems of one table, column and description (found in several parts) as one."""
    by_kind: dict[tuple, Problem] = {}
    for p in problems:
        known = by_kind.get((p.table, p.column, p.description))
        if known is None:
            by_kind[(p.table, p.column, p.description)] = Problem(p.table, p.column, p.description, p.count, list(p.examples))
        else:
            known.count += p.count
            known.examples = (known.examples + p.examples)[:EXAMPLES]
    return list(by_kind.values())


def read_tables(folder: Path | str) -> dict[str, pd.DataFrame]:
    """The Parquet tables of an output folder (those that exist), the rejects included."""
    folder = Path(folder)
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES + OTHER_TABLES
            if (folder / f"{name}.parquet").exists()}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else settings.PROCESSED_DIR
    tables = read_tables(folder)
    if not tables:
        print(f"{folder}: no tables", file=sys.stderr)
        return 2
    try:
        validate_tables(tables)
    except SchemaViolation as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{folder}: {', '.join(tables)} valid (schema version {SCHEMA_VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
