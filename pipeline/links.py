"""The links a crawler follows from one page, read with lxml directly.

Fetch used to build a BeautifulSoup tree of every page just to read a few ``<a href>``; that
was most of its CPU. Here the page is parsed once by lxml's HTML parser (the same parser that
sits behind BeautifulSoup's ``"lxml"`` builder, so the tree is the same) and the source's CSS
selectors are compiled once to XPath with cssselect. A selector cssselect cannot translate
(soupsieve accepts more, e.g. ``:has()``), or a page lxml cannot parse, falls back to the
BeautifulSoup path, so the link set never depends on which path ran.

A link is ``(url, step, hint)``: ``step`` 1 for an item link or a generic page's link (one level
deeper), 0 for a next-page link (same depth); ``hint`` the page kind the link leads to.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Callable
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from lxml import etree

from .sources import PageKind

Link = tuple[str, int, "str | None"]

# bump when the extraction's result for the same page can change: stored links keyed with an
# older version are then parsed again
EXTRACTOR_VERSION = "links-1"


def link_key(sha256: str, content_type: str, base_url: str, kind: PageKind | None) -> str:
    """What a page's links depend on: its body and charset, the URL it answered from, its selectors."""
    selectors = None if kind is None else [kind.kind, kind.item, kind.item_link, kind.next]
    raw = json.dumps([EXTRACTOR_VERSION, sha256, content_type, base_url, selectors], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def extract_links(html: str, base_url: str, kind: PageKind | None) -> list[Link]:
    """Every link the selectors name, in document order, absolute and normalised."""
    try:
        return _lxml_links(html, base_url, kind)
    except (etree.LxmlError, ValueError, _Untranslatable):
        return soup_links(html, base_url, kind)


def soup_links(html: str, base_url: str, kind: PageKind | None) -> list[Link]:
    """The BeautifulSoup + soupsieve reading: the reference the lxml path must equal."""
    soup = BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, base_tag["href"]) if base_tag else base_url
    links: list[Link] = []
    if kind is None:  # no selectors for this page: follow every link, one level deeper
        for a in soup.select("a[href]"):
            if link := absolute(base, a["href"]):
                links.append((link, 1, None))
        return links
    if kind.item_link:
        hint = "entry" if kind.kind == "index" else "article"
        scopes = soup.select(kind.item) if kind.item else [soup]
        for scope in scopes:
            for a in scope.select(kind.item_link):
                if a.has_attr("href") and (link := absolute(base, a["href"])):
                    links.append((link, 1, hint))
    if kind.next:
        for a in soup.select(kind.next):
            if a.has_attr("href") and (link := absolute(base, a["href"])):
                links.append((link, 0, kind.kind))
    return links


class _Untranslatable(Exception):
    """A selector cssselect cannot express as XPath."""


@lru_cache(maxsize=256)
def _compiled(selector: str) -> Callable:
    from cssselect import HTMLTranslator, SelectorError

    try:
        xpath = HTMLTranslator().css_to_xpath(selector, prefix="descendant-or-self::")
    except (SelectorError, NotImplementedError) as exc:
        raise _Untranslatable(str(exc)) from None
    return etree.XPath(xpath)


def _matches(root, selector: str) -> list:
    """Elements matching ``selector`` in the whole document, in document order (as soupsieve)."""
    return [el for el in _compiled(selector)(root) if isinstance(el.tag, str)]


def _parse(html: str):
    parser = etree.HTMLParser(recover=True)
    parser.feed(html)
    root = parser.close()
    if root is None:
        raise ValueError("no element in the page")
    return root


def _lxml_links(html: str, base_url: str, kind: PageKind | None) -> list[Link]:
    if not html.strip():
        return []
    for selector in (kind.item, kind.item_link, kind.next) if kind else ():
        if selector:
            _compiled(selector)  # raises _Untranslatable before any work
    root = _parse(html)
    base_tag = next((el for el in root.iter("base") if el.get("href") is not None), None)
    base = urljoin(base_url, base_tag.get("href")) if base_tag is not None else base_url
    links: list[Link] = []
    if kind is None:
        for a in root.iter("a"):
            href = a.get("href")
            if href is not None and (link := absolute(base, href)):
                links.append((link, 1, None))
        return links
    if kind.item_link:
        hint = "entry" if kind.kind == "index" else "article"
        if kind.item:
            # soupsieve matches a scoped selector against the whole document and keeps what lies
            # inside the scope (strictly below it), so do the same
            wanted = {id(el): el for el in _matches(root, kind.item_link)}
            for scope in _matches(root, kind.item):
                for el in scope.iterdescendants():
                    if id(el) in wanted and (href := el.get("href")) is not None and (link := absolute(base, href)):
                        links.append((link, 1, hint))
        else:
            for el in _matches(root, kind.item_link):
                if (href := el.get("href")) is not None and (link := absolute(base, href)):
                    links.append((link, 1, hint))
    if kind.next:
        for el in _matches(root, kind.next):
            if (href := el.get("href")) is not None and (link := absolute(base, href)):
                links.append((link, 0, kind.kind))
    return links


def absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("mailto:", "javascript:", "tel:", "data:", "#")):
        return None
    url = urljoin(base, href)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return normalise_url(url)


def normalise_url(url: str) -> str:
    """Drop the fragment and lower-case scheme and host, so one page is one URL."""
    url = urldefrag(url)[0]
    parts = urlsplit(url)
    netloc = parts.netloc.lower()
    path = parts.path or "/"
    return f"{parts.scheme.lower()}://{netloc}{path}" + (f"?{parts.query}" if parts.query else "")
