"""Countries as ISO 3166 codes: the one place that turns what a sources file says ("Kazakhstan",
"KZ", "KAZ") into the alpha-2 code the tables, IDs and knowledge folders use, and a code into
the name an analyst reads. pycountry carries the ISO 3166 lists offline; a country it does not
list is defined under a user-assigned code by its folder's ``country.toml`` (``country_files``)."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from .country_files import user_countries


def _user(code: str, folder=None):
    return user_countries(folder).get(code.upper())


@lru_cache(maxsize=None)
def _iso_code(text: str) -> str | None:
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country written as its code (alpha-2 or alpha-3) or its
    English name (short, official or common), or of a country a ``country.toml`` defines
    (its code or names); ValueError naming the value otherwise."""
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("empty country")
    found = _iso_code(text)
    if found:
        return found
    for code, country in user_countries().items():
        if text.casefold() in {code.casefold(), country.name.casefold(), (country.official_name or "").casefold()}:
            return code
    raise ValueError(f"{value!r} is not an ISO 3166 country (give its code, e.g. 'KZ', or its English name; "
                     "a country ISO 3166 does not list is defined by config/countries/<user-assigned code>/country.toml)")


@lru_cache(maxsize=None)
def _iso_name(code: str) -> str | None:
    country = pycountry.countries.get(alpha_2=code)
    return None if country is None else getattr(country, "common_name", None) or country.name


def country_name(code: str) -> str:
    """The common English name of a country code ("Bolivia", not "Bolivia, Plurinational State of")."""
    name = _iso_name(code.upper())
    if name is None and (user := _user(code)) is not None:
        name = user.name
    if name is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 code")
    return name


def country_names(code: str) -> tuple[str, ...]:
    """Every English name known for a country: common, short and official."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        user = _user(code)
        return tuple(n for n in (user.name, user.official_name) if n) if user else ()
    names = (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None))
    return tuple(dict.fromkeys(n for n in names if n))


def is_country_code(code: str, folder=None) -> bool:
    """An alpha-2 code ISO 3166 lists, or a user-assigned one a ``country.toml`` under
    ``folder`` (default: the shipped knowledge's country folders) defines."""
    return len(code) == 2 and code.isupper() and (
        pycountry.countries.get(alpha_2=code) is not None or _user(code, folder) is not None)
