"""The sources configuration: which sites to crawl, how politely, and how to read their pages.

Sources are data (``config/sources.toml``), validated on load so that a typo fails with a
message naming the entry and the field, not with a crawler that silently fetches nothing.
Validation is strict (pydantic strict mode): ``max_depth = true`` or ``delay_seconds = "2"`` is
an error, not a 1 or a 2; only an integer is accepted where a number is asked for.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import soupsieve
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .countries import country_code

PAGE_KINDS = ("index", "listing", "aggregation", "article", "entry")
SELECTOR_FIELDS = ("item", "item_link", "title", "date", "body", "publisher", "next")


class ConfigError(ValueError):
    """A sources file that cannot be used; the message names the file, entry and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PageKind(_Strict):
    """How to read one kind of page of a source.

    ``index`` pages hold dated entries with their full text (the ITUC country page), ``listing``
    and ``aggregation`` pages hold teasers that link to articles, ``article`` and ``entry``
    pages hold one text. ``item_*`` selectors apply inside each ``item``.
    """

    kind: Literal["index", "listing", "aggregation", "article", "entry"]
    match: str | None = Field(None, description="regex searched in the URL's path and query")
    item: str | None = None
    item_link: str | None = None
    title: str | None = None
    date: str | None = None
    body: str | None = None
    publisher: str | None = None
    next: str | None = None
    drop: tuple[str, ...] = ()

    @field_validator("match")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator(*SELECTOR_FIELDS)
    @classmethod
    def _selector(cls, value: str | None) -> str | None:
        if value is not None:
            _check_css(value)
        return value

    @field_validator("drop")
    @classmethod
    def _selectors(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for selector in value:
            _check_css(selector)
        return value

    def matches(self, url: str) -> bool:
        if self.match is None:
            return False
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        return re.search(self.match, target) is not None


def _check_css(selector: str) -> None:
    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError and others
        raise ValueError(f"not a valid CSS selector {selector!r}: {exc}") from None


class Source(_Strict):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    publisher: str
    country: str = ""
    enabled: bool = True
    start_urls: tuple[str, ...] = Field(min_length=1)
    allowed_domains: tuple[str, ...] = ()
    max_depth: int = Field(1, ge=0)
    max_pages: int = Field(200, ge=1)
    pages: tuple[PageKind, ...] = ()

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        """An ISO 3166 country (code or English name), kept as its alpha-2 code; "" for none."""
        return country_code(value) if value.strip() else ""

    @field_validator("start_urls")
    @classmethod
    def _urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"not an http(s) URL: {url!r}")
        return value

    @model_validator(mode="after")
    def _default_domains(self) -> "Source":
        if not self.allowed_domains:
            hosts = tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in self.start_urls))
            object.__setattr__(self, "allowed_domains", hosts)
        return self

    def allows(self, url: str) -> bool:
        """True for URLs on an allowed domain (or a subdomain of one); ``host:port`` entries match exactly."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        host, netloc = parts.hostname.lower(), parts.netloc.lower().rsplit("@", 1)[-1]
        for domain in (d.lower() for d in self.allowed_domains):
            if ":" in domain:
                if netloc == domain:
                    return True
            elif host == domain or host.endswith("." + domain):
                return True
        return False

    def page_kind(self, url: str, hint: str | None = None) -> PageKind | None:
        """The configured kind whose ``match`` fits the URL, else the first one of kind ``hint``."""
        for kind in self.pages:
            if kind.matches(url):
                return kind
        if hint is not None:
            for kind in self.pages:
                if kind.kind == hint and kind.match is None:
                    return kind
        return None


CONTACT_RE = re.compile(r"https?://[^\s;()]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


class FetchSettings(_Strict):
    user_agent: str = "labour-rights-events/0.1 (research crawler; contact: maintainers@example.org)"
    delay_seconds: float = Field(2.0, ge=0)
    concurrency_per_host: int = Field(1, ge=1)
    parallel_sources: int = Field(4, ge=1)
    connect_timeout_seconds: float = Field(10.0, gt=0)
    read_timeout_seconds: float = Field(30.0, gt=0)
    max_response_seconds: float = Field(120.0, gt=0)
    max_retries: int = Field(3, ge=0)
    backoff_factor: float = Field(1.0, ge=0)
    retry_after_max_seconds: float = Field(120.0, ge=0)
    max_body_bytes: int = Field(10_000_000, ge=1)
    max_redirects: int = Field(5, ge=0)

    @field_validator("user_agent")
    @classmethod
    def _contact(cls, value: str) -> str:
        """Site owners must be able to reach whoever crawls them (a URL or an e-mail address)."""
        if not value.strip():
            raise ValueError("must not be empty")
        if not CONTACT_RE.search(value):
            raise ValueError("must contain a contact: a URL (https://...) or an e-mail address")
        return value


class SourcesConfig(_Strict):
    fetch: FetchSettings = FetchSettings()
    sources: tuple[Source, ...] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _unique(cls, value: tuple[Source, ...]) -> tuple[Source, ...]:
        seen: set[str] = set()
        for source in value:
            if source.name in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(source.name)
        return value

    @property
    def enabled(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.enabled)

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def source_for_url(self, url: str) -> Source | None:
        """The first source whose domains allow the URL (used where no crawl context is known)."""
        return next((s for s in self.sources if s.allows(url)), None)


def parse_sources(data: dict, origin: str = "<sources>") -> SourcesConfig:
    try:
        return SourcesConfig.model_validate(_tuples(data))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, data, origin)) from None


def _tuples(value):  # noqa: ANN001, ANN202 - any TOML value
    """TOML arrays as tuples: the models are frozen, and strict mode takes a tuple for a tuple."""
    if isinstance(value, dict):
        return {k: _tuples(v) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_tuples(v) for v in value)
    return value


def load_sources(path: Path) -> SourcesConfig:
    """The sources file, validated; ConfigError (one line naming the file) when unusable."""
    try:
        data = tomllib.loads(Path(path).read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: sources file not found") from None
    except OSError as exc:
        raise ConfigError(f"{path}: sources file cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.object[exc.start]:#04x} at position {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(exc))}") from None
    return parse_sources(data, str(path))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _describe(exc: ValidationError, data: dict, origin: str) -> str:
    problems = []
    errors = exc.errors()
    in_entries = any(len(e["loc"]) >= 2 and e["loc"][0] == "sources" for e in errors)
    for error in errors:
        if error["type"] == "too_short" and tuple(error["loc"]) == ("sources",) and in_entries:
            continue  # pydantic's echo of the invalid entries themselves: "at least 1 item, not 0"
        loc = list(error["loc"])
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
            try:
                name = data["sources"][loc[1]].get("name", "?")
                where = f"source {name!r} (sources[{loc[1]}])" + "".join(f".{p}" for p in loc[2:])
            except (KeyError, IndexError, AttributeError, TypeError):
                pass
        problems.append(f"{where}: {_one_line(error['msg'])}")
    return f"{origin}: {len(problems)} problem(s) in the sources configuration: " + "; ".join(problems)
