"""Writing a refresh: a table the current generation already holds is not checked row by row
again, but a changed table is, and the links between tables always are (real sample tables)."""

from __future__ import annotations

import pytest

from pipeline.process import validate_changed
from pipeline.schema import SchemaViolation, read_tables


@pytest.fixture()
def tables(sample_output):
    return read_tables(sample_output.out)


def test_a_changed_table_is_checked_and_an_unchanged_one_is_trusted(tables):
    broken = tables["entities"].copy()
    broken.loc[0, "entity_id"] = None  # an entity without its ID
    frames = {**tables, "entities": broken}
    with pytest.raises(SchemaViolation, match="entities"):
        validate_changed(frames, set(tables) - {"entities"})
    validate_changed(frames, set(tables))  # the same content was validated when it was written
    validate_changed(tables, set(tables) - {"entities"})


def test_links_are_checked_when_any_table_changed(tables):
    events = tables["events"].iloc[1:]  # a mention's event is gone
    frames = {**tables, "events": events}
    with pytest.raises(SchemaViolation, match="event_id"):
        validate_changed(frames, set(tables) - {"pages"})  # events "unchanged", pages changed: links still checked
