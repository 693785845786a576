"""Where the domain knowledge lives: a global alias table and pattern file for international
bodies, and one folder per country (``config/countries/<ISO code>/aliases.csv`` and
``patterns.jsonl``) for its courts, ministries, unions, companies, places and people.

A country's knowledge applies to the documents of that country's sources
(``EntityResolver.from_alias_file(path, country)``); every file here is found from the global
file's folder, so tests and tools that point at another alias table get its countries too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .countries import is_country_code

COUNTRIES_DIR = "countries"
ALIASES_NAME = "aliases.csv"
PATTERNS_NAME = "patterns.jsonl"
ALIAS_FIELDS = ["id", "canonical", "label", "variants", "note"]


def country_folders(global_file: Path) -> list[tuple[str, Path]]:
    """(folder name, folder) of every country folder beside the global file, sorted by name."""
    root = Path(global_file).parent / COUNTRIES_DIR
    if not root.is_dir():
        return []
    return [(d.name, d) for d in sorted(root.iterdir()) if d.is_dir()]


def alias_files(aliases_file: Path) -> list[tuple[str, Path]]:
    """("" for the global table, else the country code, path) of every alias table."""
    found = [("", Path(aliases_file))]
    return found + [(code, d / ALIASES_NAME) for code, d in country_folders(aliases_file) if (d / ALIASES_NAME).is_file()]


def pattern_files(patterns_file: Path) -> list[tuple[str, Path]]:
    """("" for the global patterns, else the country code, path) of every pattern file."""
    found = [("", Path(patterns_file))]
    return found + [(code, d / PATTERNS_NAME) for code, d in country_folders(patterns_file) if (d / PATTERNS_NAME).is_file()]


def read_aliases(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def alias_tables(aliases_file: Path) -> list[tuple[str, list[dict]]]:
    """(country code or "", rows) of every alias table; a folder that is not an ISO 3166
    alpha-2 code is a configuration error naming it."""
    tables = []
    for code, path in alias_files(aliases_file):
        if code and not is_country_code(code, Path(aliases_file).parent / COUNTRIES_DIR):
            raise ValueError(f"{path}: the folder {code!r} is not an ISO 3166 alpha-2 country code (e.g. KZ), "
                             f"nor a user-assigned one defined by a {code}/country.toml")
        tables.append((code, read_aliases(path)))
    return tables


def alias_file_for(aliases_file: Path, country: str = "") -> Path:
    """The alias table a reviewer's entity merge for a document of ``country`` goes to: that
    country's table (created by the merge when it is the country's first entry), else the
    global one."""
    if not country:
        return Path(aliases_file)
    if not is_country_code(country, Path(aliases_file).parent / COUNTRIES_DIR):
        raise ValueError(f"{country!r} is not an ISO 3166 alpha-2 country code")
    return Path(aliases_file).parent / COUNTRIES_DIR / country / ALIASES_NAME


def all_ids(aliases_file: Path) -> set[str]:
    """Every curated ID in every table (a new curated ID must differ from all of them)."""
    return {row["id"] for _, path in alias_files(aliases_file) for row in read_aliases(path)}


def country_pattern_ids(global_file: Path) -> dict[str, set[str]]:
    """country code -> the IDs of its ``patterns.jsonl`` entries (lines that are not JSON are
    the ruler's to report), so a resolver can leave other countries' patterns unapplied."""
    found: dict[str, set[str]] = {}
    for code, folder in country_folders(global_file):
        path = folder / PATTERNS_NAME
        if not path.is_file():
            continue
        ids = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line) if line.strip() else {}
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and entry.get("id"):
                ids.add(str(entry["id"]))
        found[code] = ids
    return found
