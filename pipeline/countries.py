"""Countries as ISO 3166 codes: the one place that turns what a sources file says ("Kazakhstan",
"KZ", "KAZ") into the alpha-2 code the tables, IDs and knowledge folders use, and a code into
the name an analyst reads. pycountry carries the ISO 3166 lists offline."""

from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=None)
def country_code(value: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country written as its code (alpha-2 or alpha-3) or its
    English name (short, official or common); ValueError naming the value otherwise."""
    text = " ".join(str(value).split())
    if not text:
        raise ValueError("empty country")
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        raise ValueError(f"{value!r} is not an ISO 3166 country (give its code, e.g. 'KZ', or its English name)") from None


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    """The common English name of a country code ("Bolivia", not "Bolivia, Plurinational State of")."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 code")
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=None)
def country_names(code: str) -> tuple[str, ...]:
    """Every English name pycountry knows for a country: common, short and official."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return ()
    names = (getattr(country, "common_name", None), country.name, getattr(country, "official_name", None))
    return tuple(dict.fromkeys(n for n in names if n))


def is_country_code(code: str) -> bool:
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None
