"""A page's title and publication date, read from its markup.

Two readers of the same rules: over the BeautifulSoup parse that selector-configured sources
use, and over the lxml tree of the generic path (parsed once, the tree trafilatura and htmldate
read as well). Both hand what they find to the same functions, so the rules stay in one place:
a ``<time datetime>``, then JSON-LD, then a date ``<meta>``, then a date in the URL, then
htmldate's search of the whole page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from lxml.html import HtmlElement

from .dates import ParsedDate, parse_date
from .normalise import normalise_text

META_DATE_NAMES = (
    "article:published_time", "og:published_time", "datepublished", "publishdate", "pubdate",
    "date", "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date", "parsely-pub-date",
)
URL_DATE = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
JSONLD = "application/ld+json"
# The text of an element as BeautifulSoup's get_text gives it: without the strings of scripts,
# style sheets, templates and ruby annotations (comments are not text nodes).
ELEMENT_TEXT = "descendant::text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::rt or ancestor::rp)]"


# -- the rules -------------------------------------------------------------------------------


def markup_date(times: Iterable[str], jsonld: Iterable[str], metas: Iterable[tuple[str, str | None]],
                url: str, document: str | HtmlElement) -> tuple[ParsedDate | None, str]:
    """The first date found, in the order of trust, and which markup gave it. The arguments are
    lazy: ``datetime`` values of ``<time>``, JSON-LD script texts, ``(name, content)`` of
    ``<meta>``; ``document`` (the page or its tree) for htmldate's search, the last resort."""
    for value in times:
        if parsed := parse_date(value):
            return parsed, "time"
    if parsed := jsonld_date(jsonld):
        return parsed, "jsonld"
    for name, content in metas:
        if name in META_DATE_NAMES and (parsed := parse_date(content)):
            return parsed, "meta"
    if m := URL_DATE.search(urlsplit(url).path):
        if parsed := parse_date(f"{m[1]}-{m[2]}-{m[3]}"):
            return parsed, "url"
    if parsed := text_date(document, url):
        return parsed, "text"
    return None, ""


def jsonld_date(texts: Iterable[str]) -> ParsedDate | None:
    """The first ``datePublished`` or ``dateCreated`` anywhere in the JSON-LD scripts; a script
    that is no JSON is passed over."""
    for text in texts:
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, TypeError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                for key in ("datePublished", "dateCreated"):
                    if isinstance(item.get(key), str) and (parsed := parse_date(item[key])):
                        return parsed
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return None


def text_date(document: str | HtmlElement, url: str) -> ParsedDate | None:
    """htmldate's search of the page (headers it knows, then the text). It copies a tree before
    pruning it, so the caller's tree is left as it was."""
    from htmldate import find_date

    try:
        found = find_date(document, url=url, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate is a best-effort fallback; it must never stop a page
        found = None
    return parse_date(found) if found else None


def first_title(texts: Iterable[str | None]) -> str:
    """The first candidate that is still text once normalised."""
    for text in texts:
        if text and (text := normalise_text(text)):
            return text
    return ""


# -- over BeautifulSoup (selector sources) ---------------------------------------------------


def date_from_element(element: Tag | None) -> ParsedDate | None:
    if element is None:
        return None
    for candidate in [element, *element.find_all(True)]:
        for attribute in ("datetime", "content", "data-date"):
            if candidate.has_attr(attribute) and (parsed := parse_date(candidate[attribute])):
                return parsed
    return parse_date(normalise_text(element.get_text(" ")))


def page_date(soup: BeautifulSoup, url: str, selector: str | None, html: str) -> tuple[ParsedDate | None, str]:
    """The page's publication date and which markup gave it."""
    if selector and (parsed := date_from_element(soup.select_one(selector))):
        return parsed, "selector"
    return markup_date(
        (t["datetime"] for t in soup.find_all("time") if t.has_attr("datetime")),
        (s.string or "" for s in soup.find_all("script", type=JSONLD)),
        (((m.get("property") or m.get("name") or m.get("itemprop") or "").lower(), m.get("content"))
         for m in soup.find_all("meta")),
        url, html)


def page_title(soup: BeautifulSoup, selector: str | None) -> str:
    candidates = [soup.select_one(selector)] if selector else []
    candidates += [soup.find("h1"), soup.find("meta", property="og:title"), soup.find("title")]
    return first_title((e.get("content") if e.name == "meta" else e.get_text(" ")) for e in candidates if e is not None)


# -- over an lxml tree (the generic path) ----------------------------------------------------


def tree_date(tree: HtmlElement, url: str, document: str | None = None) -> tuple[ParsedDate | None, str]:
    """``page_date`` of the generic path, read from the page's lxml tree; htmldate searches
    ``document`` when given, else the tree."""
    return markup_date(
        (t.get("datetime") for t in tree.iter("time") if t.get("datetime") is not None),
        (s.text or "" for s in tree.iter("script") if s.get("type") == JSONLD),
        (((m.get("property") or m.get("name") or m.get("itemprop") or "").lower(), m.get("content"))
         for m in tree.iter("meta")),
        url, tree if document is None else document)


def tree_title(tree: HtmlElement) -> str:
    """``page_title`` of the generic path: the first ``<h1>``, ``og:title`` or ``<title>``."""
    og_title = next((m for m in tree.iter("meta") if m.get("property") == "og:title"), None)
    candidates = [next(tree.iter("h1"), None), og_title, next(tree.iter("title"), None)]
    return first_title((e.get("content") if e.tag == "meta" else " ".join(e.xpath(ELEMENT_TEXT)))
                       for e in candidates if e is not None)
