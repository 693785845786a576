"""The browsable web view: a SQLite copy of processed/ served by Datasette on 127.0.0.1.

Datasette gives facets, row pages with their links, canned queries and a JSON API for free; this
module only builds the copy (lists as JSON arrays, so Datasette facets and ``json_each`` work
on them) and Datasette's metadata from ``config/datasette/webview.toml``. Facets and queries
whose columns a run's tables do not have are left out, with one line saying which.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .configfile import read_toml

CONFIG_DIR = Path("config/datasette")
CONFIG_FILE = CONFIG_DIR / "webview.toml"
DATABASE = "labour_events"  # the SQLite file's stem: Datasette's name for it in every URL
HOST = "127.0.0.1"
PORT = 8001

# table -> primary key (only declared when unique in this run's table)
TABLES: dict[str, tuple[str, ...]] = {
    "events": ("event_id",),
    "mentions": ("mention_id",),
    "documents": ("doc_id",),
    "pages": ("url",),
    "entities": ("entity_id",),
    "pairs": ("mention_a", "mention_b"),
    "rejects": (),
    "changes": (),
}
# (table, column, referenced table, referenced column): row pages link both ways
FOREIGN_KEYS = [
    ("mentions", "event_id", "events", "event_id"),
    ("mentions", "doc_id", "documents", "doc_id"),
    ("documents", "duplicate_of", "documents", "doc_id"),
    ("pairs", "mention_a", "mentions", "mention_id"),
    ("pairs", "mention_b", "mentions", "mention_id"),
]
FULL_TEXT = {"events": ["summary"], "mentions": ["evidence"], "documents": ["title", "text"]}


class WebviewError(ValueError):
    """A web-view config entry or a table that cannot be served; the message names it."""


@dataclass
class WebviewConfig:
    title: str
    description: str
    tables: dict[str, dict]
    queries: list[dict]


@dataclass
class Built:
    database: Path
    metadata: Path
    notes: list[str] = field(default_factory=list)


def load_config(path: Path | str = CONFIG_FILE) -> WebviewConfig:
    data = read_toml(path, "web view", WebviewError)
    tables = data.get("tables", {})
    for name, table in tables.items():
        if name not in TABLES:
            raise WebviewError(f"{path}: [tables.{name}]: not a table of processed/ ({', '.join(TABLES)})")
        for key in ("facets", "array_facets"):
            if not all(isinstance(c, str) for c in table.get(key, [])):
                raise WebviewError(f"{path}: [tables.{name}] {key}: a list of column names")
    queries = data.get("queries", [])
    seen: set[str] = set()
    for i, query in enumerate(queries):
        where = f"{path}: queries[{i}] ({query.get('name', 'no name')})"
        for key in ("name", "title", "sql"):
            if not isinstance(query.get(key), str) or not query[key].strip():
                raise WebviewError(f"{where}: `{key}` must be a non-empty string")
        if query["name"] in seen:
            raise WebviewError(f"{where}: a second query of this name")
        seen.add(query["name"])
        for need in query.get("requires", []):
            if not isinstance(need, str) or need.count(".") != 1:
                raise WebviewError(f"{where}: requires {need!r}: write table.column")
    return WebviewConfig(str(data.get("title", "")), str(data.get("description", "")), tables, queries)


def _cell(value):
    """One value as SQLite stores it: lists and dicts as JSON, missing as NULL."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, np.ndarray)):
        return json.dumps([_plain(v) for v in list(value)], ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    value = _plain(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _plain(value):
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return int(value)
    return value


def _sql_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return "INTEGER"
    if pd.api.types.is_float_dtype(series):
        return "REAL"
    return "TEXT"


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of ``out`` that the web view knows."""
    tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES if (out / f"{name}.parquet").exists()}
    if "events" not in tables:
        raise WebviewError(f"{out}: no events.parquet; run `python -m pipeline process` first")
    return with_year(tables)


def with_year(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A ``year`` column (an integer, whatever the date's precision) beside each ``event_date``,
    for the year facet and the per-year queries."""
    for frame in tables.values():
        if "event_date" in frame and "year" not in frame:
            frame["year"] = pd.to_numeric(frame["event_date"].str.slice(0, 4), errors="coerce").astype("Int64")
    return tables


def write_database(tables: dict[str, pd.DataFrame], path: Path) -> list[str]:
    """Write the SQLite copy in one piece (a temporary file renamed over the old copy)."""
    notes = []
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    keys = {}
    for name, frame in tables.items():
        pk = TABLES[name]
        if pk and all(c in frame for c in pk) and not frame.duplicated(list(pk)).any():
            keys[name] = pk
        elif pk:
            notes.append(f"web view: {name} has no unique {'+'.join(pk)}; its rows get no page of their own")
    with sqlite3.connect(tmp) as db:
        for name, frame in tables.items():
            columns = [f"[{c}] {_sql_type(frame[c])}" for c in frame.columns]
            if name in keys:
                columns.append(f"PRIMARY KEY ({', '.join(f'[{c}]' for c in keys[name])})")
            for table, column, other, other_column in FOREIGN_KEYS:
                if table == name and column in frame and keys.get(other) == (other_column,):
                    columns.append(f"FOREIGN KEY ([{column}]) REFERENCES [{other}]([{other_column}])")
            db.execute(f"CREATE TABLE [{name}] ({', '.join(columns)})")
            rows = zip(*(map(_cell, frame[c].tolist()) for c in frame.columns)) if len(frame.columns) else []
            marks = ", ".join("?" * len(frame.columns))
            db.executemany(f"INSERT INTO [{name}] VALUES ({marks})", rows)
            searchable = [c for c in FULL_TEXT.get(name, []) if c in frame]
            if searchable:
                cols = ", ".join(f"[{c}]" for c in searchable)
                db.execute(f"CREATE VIRTUAL TABLE [{name}_fts] USING FTS5 ({cols}, content=[{name}])")
                db.execute(f"INSERT INTO [{name}_fts] (rowid, {cols}) SELECT rowid, {cols} FROM [{name}]")
    tmp.replace(path)
    return notes


def metadata(config: WebviewConfig, tables: dict[str, pd.DataFrame]) -> tuple[dict, list[str]]:
    """Datasette's metadata: facets and canned queries whose columns exist; the rest named in one line."""
    have = {name: set(frame.columns) for name, frame in tables.items()}
    missing_facets, missing_queries = [], []
    table_meta = {}
    for name, wanted in config.tables.items():
        if name not in have:
            continue
        facets: list = []
        for column in wanted.get("facets", []):
            (facets.append(column) if column in have[name] else missing_facets.append(f"{name}.{column}"))
        for column in wanted.get("array_facets", []):
            (facets.append({"array": column}) if column in have[name] else missing_facets.append(f"{name}.{column}"))
        meta: dict = {"facets": facets}
        for key in ("label_column", "sort_desc", "sort"):
            if wanted.get(key) in have[name]:
                meta[key] = wanted[key]
        table_meta[name] = meta
    queries = {}
    for query in config.queries:
        absent = []
        for need in query.get("requires", []):
            table, column = need.split(".")
            if table not in have:
                absent.append(f"the {table} table") if f"the {table} table" not in absent else None
            elif column not in have[table]:
                absent.append(need)
        if absent:
            missing_queries.append(f"{query['name']} (needs {', '.join(absent)})")
            continue
        queries[query["name"]] = {"sql": query["sql"].strip(), "title": query["title"],
                                  "description": query.get("description", "")}
    notes = []
    if missing_facets or missing_queries:
        left = ([f"facets {', '.join(missing_facets)}"] if missing_facets else []) + (
            [f"queries {'; '.join(missing_queries)}"] if missing_queries else [])
        notes.append("web view: left out, their columns are not in these tables yet: " + "; ".join(left))
    meta = {"title": config.title, "description": config.description,
            "databases": {DATABASE: {"tables": table_meta, "queries": queries}}}
    return meta, notes


def build(out: Path, web_dir: Path | None = None, config_path: Path | str = CONFIG_FILE) -> Built:
    """The SQLite copy of ``out`` and its metadata, in ``web_dir`` (default ``out/webview``)."""
    web_dir = web_dir or out / "webview"
    config = load_config(config_path)
    tables = read_tables(out)
    database = web_dir / f"{DATABASE}.db"
    notes = write_database(tables, database)
    meta, more = metadata(config, tables)
    path = web_dir / "metadata.json"
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
    return Built(database, path, notes + more)


def datasette_argv(built: Built, host: str = HOST, port: int = PORT, config_dir: Path = CONFIG_DIR) -> list[str]:
    return [sys.executable, "-m", "datasette", "serve", "-i", str(built.database),
            "--metadata", str(built.metadata), "--host", host, "--port", str(port),
            "--template-dir", str(config_dir / "templates"), "--plugins-dir", str(config_dir / "plugins"),
            "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]


def serve(built: Built, host: str = HOST, port: int = PORT) -> None:
    """Become the Datasette process (so stopping this process stops the server)."""
    argv = datasette_argv(built, host, port)
    os.execv(argv[0], argv)
