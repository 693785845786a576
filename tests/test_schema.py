"""Schemas of the output tables (pipeline/schema.py) and versioned Parquet writes, on the tables
of a real run over the sample archive."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline import changelog, event_columns
from pipeline.clean import DOCUMENT_COLUMNS
from pipeline.dedup import EVENT_COLUMNS, PAIR_COLUMNS
from pipeline.extract import ENTITY_COLUMNS, MENTION_COLUMNS, load_event_types
from pipeline.pages import PAGE_COLUMNS
from pipeline.places import PLACE_COLUMNS
from pipeline.schema import (
    SCHEMA_VERSION,
    TABLES,
    SchemaViolation,
    check_references,
    event_type_vocabulary,
    parquet_metadata,
    read_tables,
    schemas,
    validate_tables,
)
from pipeline.process import write_outputs
from pipeline.rejects import REJECT_COLUMNS
from pipeline.tables import SCHEMA_VERSION_KEY, read_schema_version, write_table

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(sample_output):
    return sample_output.out


@pytest.fixture()
def tables(out):
    return read_tables(out)


def as_built(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the pipeline holds it before writing: list columns hold Python lists."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: hasattr(v, "tolist") and not isinstance(v, str)).any():
            frame[column] = [v.tolist() if hasattr(v, "tolist") else v for v in frame[column]]
    return frame


def test_the_real_tables_pass(tables):
    assert set(tables) == set(TABLES) | {"rejects", "changes"}
    assert all(len(tables[name]) for name in TABLES)
    assert list(tables["rejects"].columns) == list(REJECT_COLUMNS) and len(tables["rejects"]) == 0  # the sample is clean
    validate_tables(tables)
    validate_tables({name: as_built(frame) for name, frame in tables.items()})
    check_references(tables)


def test_the_schemas_declare_exactly_the_columns_the_stages_write():
    declared = {name: set(schema.columns) for name, schema in schemas(ROOT / "config" / "event_types.toml").items()}
    assert declared == {
        "pages": set(PAGE_COLUMNS),
        "documents": set(DOCUMENT_COLUMNS) | {"country"},  # process.with_country
        "mentions": set(MENTION_COLUMNS) | {"event_id"} | set(event_columns.MENTION_COLUMNS) | set(PLACE_COLUMNS),
        "entities": set(ENTITY_COLUMNS),
        "events": set(EVENT_COLUMNS) | set(event_columns.EVENT_COLUMNS) | set(changelog.STAMP_COLUMNS) | set(PLACE_COLUMNS),
        "pairs": set(PAIR_COLUMNS),
        "rejects": set(REJECT_COLUMNS),
        "changes": set(changelog.CHANGE_COLUMNS),
    }


def test_empty_tables_pass():
    columns = {"pages": PAGE_COLUMNS, "documents": DOCUMENT_COLUMNS,
               "mentions": MENTION_COLUMNS + ["event_id"] + event_columns.MENTION_COLUMNS,
               "entities": ENTITY_COLUMNS, "events": EVENT_COLUMNS + event_columns.EVENT_COLUMNS + changelog.STAMP_COLUMNS,
               "pairs": PAIR_COLUMNS, "changes": changelog.CHANGE_COLUMNS}
    validate_tables({name: pd.DataFrame([], columns=cols) for name, cols in columns.items()})


def test_an_invalid_table_fails_naming_table_column_and_example(tables):
    mentions = tables["mentions"].copy()
    mentions.loc[4, "event_type"] = "bogus"
    mentions.loc[6, "mention_id"] = mentions.loc[5, "mention_id"]
    mentions.loc[8, "event_id"] = "evt_0000000000000000"
    mentions.loc[9, "date_precision"] = "week"
    with pytest.raises(SchemaViolation) as raised:
        validate_tables({**tables, "mentions": mentions})
    message = str(raised.value)
    print(message)
    assert "mentions.event_type: 1 value(s) not in the vocabulary" in message
    assert "row 4: 'bogus'" in message
    assert f"mentions.mention_id: 2 value(s) duplicated, e.g. row 5: {mentions.loc[5, 'mention_id']!r}, row 6" in message
    assert "mentions.event_id: 1 value(s) not in events.event_id, e.g. row 8: 'evt_0000000000000000'" in message
    assert "mentions.date_precision: 1 value(s) not a precision (day, month, year), e.g. row 9: 'week'" in message
    assert "mentions.event_date: 1 value(s) not an ISO date at its date_precision, e.g. row 9:" in message
    assert len(message.splitlines()) <= 12
    found = {(p.table, p.column) for p in raised.value.problems}
    assert {("mentions", "event_type"), ("mentions", "mention_id"), ("mentions", "event_id"),
            ("mentions", "date_precision")} <= found
    assert isinstance(raised.value, ValueError)


def test_dates_must_match_their_precision_and_exist(tables):
    documents = tables["documents"].copy()
    documents.loc[0, "published_precision"] = "month"  # published stays YYYY-MM-DD
    documents.loc[1, "published"] = "2021-02-30"
    events = tables["events"].copy()
    events.loc[2, "date_precision"] = "bogus"
    with pytest.raises(SchemaViolation) as raised:
        validate_tables({"documents": documents, "events": events})
    message = str(raised.value)
    assert "documents.published: 1 value(s) not an ISO date at its published_precision, e.g. row 0:" in message
    assert "(published_precision='month')" in message
    assert "documents.published: 1 value(s) not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) that exists, e.g. row 1: '2021-02-30'" in message
    assert "events.date_precision: 1 value(s) not a precision" in message


def test_references_are_checked_on_their_own(tables):
    documents = tables["documents"].copy()
    row = documents.index[documents["duplicate_of"].notna()][0]
    documents.loc[row, "duplicate_of"] = "doc_ffffffffffffffff"
    check_references({**tables, "documents": tables["documents"]})
    with pytest.raises(SchemaViolation) as raised:
        check_references({**tables, "documents": documents})
    assert f"documents.duplicate_of: 1 value(s) not in documents.doc_id, e.g. row {row}: 'doc_ffffffffffffffff'" in str(raised.value)


def test_the_vocabulary_comes_from_the_event_types_file(tables, tmp_path):
    names = [t.name for t in load_event_types(ROOT / "config" / "event_types.toml").types if t.broader is None]
    assert event_type_vocabulary(ROOT / "config" / "event_types.toml") == names
    only_strikes = tmp_path / "event_types.toml"
    only_strikes.write_text('[[types]]\nname = "strike"\ndefinition = "d"\nexample = "e"\ntriggers = ["strike"]\n',
                            encoding="utf-8")
    with pytest.raises(SchemaViolation, match=r"mentions\.event_type: \d+ value\(s\) not in the vocabulary"):
        validate_tables({"mentions": tables["mentions"]}, event_types_file=only_strikes)


def test_write_table_stores_the_schema_version(tables, tmp_path):
    path = tmp_path / "events.parquet"
    assert parquet_metadata() == {b"labour_rights_events_schema_version": b"1"}
    assert write_table(tables["events"], path, SCHEMA_VERSION) == path
    metadata = pq.read_schema(path).metadata
    assert metadata[SCHEMA_VERSION_KEY] == SCHEMA_VERSION.encode()
    assert b"pandas" in metadata  # pandas' own metadata is kept, so dtypes read back the same
    assert read_schema_version(path) == "1"
    pd.testing.assert_frame_equal(pd.read_parquet(path), tables["events"])
    assert [p.name for p in tmp_path.iterdir()] == ["events.parquet"]


def test_a_write_that_fails_validation_leaves_the_previous_file_untouched(tables, tmp_path):
    write_outputs(tables, pd.DataFrame(), tmp_path)  # what the pipeline does: validate, then write
    before = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert {p for p in before if p.endswith(".parquet") and "/" not in p} == {f"{name}.parquet" for name in (*TABLES, "rejects", "changes")}
    bad = tables["mentions"].copy()
    bad.loc[0, "event_type"] = "bogus"
    with pytest.raises(SchemaViolation, match="mentions.event_type"):
        write_outputs({**tables, "mentions": bad}, pd.DataFrame(), tmp_path)
    after = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # byte-identical, and no temporary file or generation left behind


def test_title_only_documents_and_any_iso_639_language_are_valid_values(tables):
    documents = tables["documents"].copy()
    documents.loc[0, "text"] = ""  # a listing item that shows only its title
    documents.loc[1, "language"] = "pcm"  # ISO 639-3 codes from language identification
    documents.loc[2, "language"] = "zxx"
    documents.loc[3, "language"] = "und"
    validate_tables({**tables, "documents": documents})
    documents.loc[4, "language"] = "english"
    with pytest.raises(SchemaViolation, match="documents.language"):
        validate_tables({**tables, "documents": documents})


def test_row_checks_read_a_text_column_as_iterating_it_does():
    """Row checks read text columns in one go (``tables.column_cells``): the same values, missing ones as
    missing, for text held as ``str``, as Python strings and as objects."""
    import math

    from pipeline.tables import column_cells as _cells

    def same(a, b):
        if isinstance(a, str) or isinstance(b, str):
            return a == b
        return a is b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))

    for dtype in ("str", pd.StringDtype("python"), object):
        column = pd.Series(["a", None, "", "b c"], dtype=dtype)
        assert len(list(_cells(column))) == 4
        assert all(same(x, y) for x, y in zip(_cells(column), column))


def test_value_checks_fail_what_pandera_element_wise_checks_fail(tables, monkeypatch):
    """The value checks run over a column read in one go (``schema._each``): on the sample's
    tables with broken cells of every kind (wrong types, blanks, lists in text columns, text in
    list columns, impossible dates, values outside a vocabulary, missing values), the problems
    and the rows left out are those of pandera's own element-wise checks of the same predicates."""
    import numpy as np
    import pandera.pandas as pa

    from pipeline import schema

    ours = schema.build_schemas(event_type_vocabulary())
    monkeypatch.setattr(schema, "_each", lambda predicate, error, true_of_text=False:
                        pa.Check(predicate, element_wise=True, error=error))
    theirs = schema.build_schemas(event_type_vocabulary())
    monkeypatch.undo()
    bad_values = [None, "", "  ", 3, 2.5, ["a"], np.array(["x", ""], dtype=object), "2021-02-30", "2021-13", "nonsense",
                  [], ("a", 1)]
    found = {}
    for name in ("pages", "documents", "mentions", "entities", "events"):
        keys = {c for c, column in ours[name].columns.items() if column.unique} | set(ours[name].unique or [])
        for frame in (tables[name], as_built(tables[name])):
            broken = frame.astype(object).copy()
            for k, column in enumerate(broken.columns):
                if column in keys:  # a key's uniqueness is no value check (and pandera hashes its cells)
                    continue
                for j, value in enumerate(bad_values):
                    broken.iat[(k * len(bad_values) + j) % len(broken), k] = value
            for candidate in (frame, broken):
                problems = schema.schema_problems(name, candidate, ours[name])
                assert str(problems) == str(schema.schema_problems(name, candidate, theirs[name])), name
                assert schema.row_failures(candidate, ours[name]) == schema.row_failures(candidate, theirs[name]), name
                found[name] = found.get(name, 0) + len(problems)
    assert all(found.values()) and len(found) == 5  # the broken cells are found in every table
