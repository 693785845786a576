"""``processed/datapackage.json``: a Frictionless Data Package describing every table of a
generation, for R, spreadsheet and data-portal (CKAN) users who get no types from a CSV.

Generated, never written by hand, so it cannot drift: field types come from the pandera
schemas (``pipeline.schema``) and, where a schema leaves the type open, from the Arrow type of
the column as written; ``required`` and ``unique`` from the schemas; primary keys from their
unique columns; foreign keys from ``schema.REFERENCES``; each field's description from the row
of ``docs/data-dictionary.md`` that documents it (the same text the reader of the docs sees).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Mapping

import pandas as pd

DICTIONARY = Path(__file__).resolve().parent.parent / "docs" / "data-dictionary.md"
PACKAGE_NAME = "labour-rights-events"
FULL_DATES = {"date_start", "date_end"}  # always YYYY-MM-DD; other dates keep their precision
TIMESTAMPS = {"created", "last_changed", "changed_at"}  # changelog.TIME_FORMAT
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n", "header": True}


def dictionary_descriptions(path: Path = DICTIONARY) -> dict[str, dict[str, str]]:
    """table -> column -> meaning, from the tables under each ``## processed/<table>...`` heading
    (a row documenting several columns, "`a`, `b`", gives each the same meaning)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return {}
    found: dict[str, dict[str, str]] = {}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        # a heading may name several tables ("processed/mentions.parquet and processed/events.parquet: ...")
        names = re.findall(r"processed/([a-z_]+)\.(?:parquet|csv)", heading.split(":", 1)[0])
        if not heading.startswith("processed/") or not names:
            continue
        tables = [found.setdefault(name, {}) for name in dict.fromkeys(names)]
        meaning = None
        for line in body.splitlines():
            if not line.startswith("|"):
                meaning = None if not line.strip() else meaning
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and cells[0] == "column":
                meaning = cells.index("meaning") if "meaning" in cells else None
                continue
            if meaning is None or len(cells) <= meaning or set(cells[0]) <= {"-", ":", " "}:
                continue
            for name in re.findall(r"`([a-z0-9_]+)`", cells[0]):
                for columns in tables:
                    columns.setdefault(name, cells[meaning].replace("`", ""))
    return found


def _errors(column) -> set[str]:
    return {str(check.error) for check in (column.checks or [])}


def field_type(column, arrow_type, spreadsheet: bool) -> str:
    """The Table Schema type of a column, from its schema's checks, else its Arrow type."""
    import pyarrow as pa

    errors = _errors(column) if column is not None else set()
    if "not a list of strings" in errors:  # Parquet lists: frictionless reads them as text, so "any"
        return "string" if spreadsheet else "any"
    if "not a string" in errors or any(e.startswith("not an ISO date") for e in errors):
        return "string"
    if "dtype is not integer" in errors:
        return "integer"
    if "dtype is not boolean" in errors:
        return "boolean"
    if "dtype is not numeric" in errors:
        return "number"
    if arrow_type is None or pa.types.is_null(arrow_type):
        return "any"
    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type):
        return "number"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "string" if spreadsheet else "any"
    return "string"


def table_schema(name: str, frame: pd.DataFrame, schema, descriptions: Mapping[str, str], spreadsheet: bool,
                 resource_of: Mapping[str, str]) -> dict:
    """The Table Schema of one table as written (Parquet, or its CSV copy when ``spreadsheet``)."""
    import pyarrow as pa

    from .schema import REFERENCES

    arrow = pa.Schema.from_pandas(frame, preserve_index=False) if len(frame.columns) else pa.schema([])
    declared = dict(schema.columns) if schema is not None else {}
    fields = []
    for column in frame.columns:
        spec = declared.get(column)
        kind = field_type(spec, arrow.field(column).type if column in arrow.names else None, spreadsheet)
        field = {"name": column, "type": kind}
        if column in FULL_DATES:
            field["type"] = "date"
        elif column in TIMESTAMPS:
            field["type"], field["format"] = "datetime", "%Y-%m-%dT%H:%M:%SZ"
        if descriptions.get(column):
            field["description"] = descriptions[column]
        if spec is not None and "not a list of strings" in _errors(spec):
            joined = " joined with \"; \"" if spreadsheet else ""
            field["description"] = (field.get("description", "") + f" (a list of strings{joined})").strip()
        constraints = {}
        blank_allowed = spec is not None and "not a string" in _errors(spec) and "blank" not in _errors(spec)
        is_list = spec is not None and "not a list of strings" in _errors(spec)
        if spec is not None and not spec.nullable and not blank_allowed and not is_list:
            constraints["required"] = True
        if spec is not None and spec.unique:
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    described = {"fields": fields, "missingValues": [""]}
    keys = [c for c in frame.columns if c in declared and declared[c].unique]
    if keys:
        described["primaryKey"] = [keys[0]]
    elif schema is not None and schema.unique:
        described["primaryKey"] = list(schema.unique)
    foreign = []
    for table, column, target, target_column in REFERENCES:
        if table == name and column in frame.columns and target in resource_of:
            reference = "" if target == name else resource_of[target]
            foreign.append({"fields": [column], "reference": {"resource": reference, "fields": [target_column]}})
    if foreign:
        described["foreignKeys"] = foreign
    return described


def build_package(parquet: Mapping[str, pd.DataFrame], csv: Mapping[str, pd.DataFrame], version: str,
                  created: str, dictionary: Path = DICTIONARY) -> dict:
    """The descriptor of a generation: one resource per Parquet table (``parquet``: name -> frame)
    and one per CSV copy (``csv``), paths relative to the descriptor."""
    from .schema import schemas

    declared = schemas()
    descriptions = dictionary_descriptions(dictionary)
    resources = []
    for spreadsheet, frames in ((False, parquet), (True, csv)):
        resource_of = {n: (f"{n}-csv" if spreadsheet else n) for n in frames}
        for name, frame in frames.items():
            resource = {
                "name": resource_of[name],
                "path": f"{name}.csv" if spreadsheet else f"{name}.parquet",
                "profile": "tabular-data-resource",
                "format": "csv" if spreadsheet else "parquet",
                "mediatype": "text/csv" if spreadsheet else "application/vnd.apache.parquet",
                "schema": table_schema(name, frame, declared.get(name), descriptions.get(name, {}), spreadsheet,
                                       resource_of),
            }
            if spreadsheet:
                resource.update({"encoding": "utf-8-sig", "dialect": CSV_DIALECT})
            resources.append(resource)
    return {
        "name": PACKAGE_NAME,
        "title": "Labour-rights events",
        "description": "Events of repression of trade unions, deduplicated from news and index pages, with their "
                       "mentions, documents, entities, candidate pairs, records left out and the changelog of event "
                       "IDs. Columns are described in docs/data-dictionary.md.",
        "version": version,
        "created": created,
        "profile": "tabular-data-package",
        "resources": resources,
    }


def write_package_file(package: dict, path: Path) -> Path:
    Path(path).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Path(path)
