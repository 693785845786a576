"""Pages to documents: one clean record per dated entry, listing item, teaser or article.

``clean_page`` turns one archived page into document records using the source's configured
selectors, or the generic main-text extractor (trafilatura) when the page has no configured
kind; that generic path parses the page once, and the one lxml tree serves trafilatura, htmldate
and the title and date readers (``page_meta``). ``mark_duplicates`` links documents that
repeat another one. Both are pure functions of their inputs; reading the archive and writing
tables happen in ``process``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction
from lxml.html import HtmlElement

from .dates import ParsedDate, parse_date, split_trailing_date
from .decode import declared_charset, decode_html
from .normalise import normalise_text
from .page_meta import date_from_element, page_date, page_title, tree_date, tree_title
from .sources import PageKind, Source

DOC_KINDS = ("index_entry", "listing_item", "article")
DOCUMENT_COLUMNS = [
    "doc_id",
    "url",
    "source",
    "publisher",
    "kind",
    "title",
    "published",
    "published_precision",
    "published_from",
    "text",
    "language",
    "raw_sha256",
    "link",
    "duplicate_of",
]

# Removed from every page before its text is read: page chrome, widgets, forms, tooltips.
ALWAYS_DROP = (
    "script, style, noscript, template, iframe, svg, canvas, object, embed, form, button, select, "
    "input, textarea, nav, [role=tooltip], [role=navigation], [role=banner], [role=contentinfo], "
    "[role=complementary], [hidden], [aria-hidden=true]"
)
# Inside a body: elements whose class or id names say they are not the article's text.
BOILERPLATE_NAME = re.compile(
    r"(?:^|[-_\s])(?:share|sharing|sharedaddy|social|related|comments?|comment-list|respond|reply|"
    r"cookie|consent|newsletter|subscribe|subscription|breadcrumbs?|author|byline|sidebar|widget|"
    r"menu|toolbar|banner|promo|advert|ads|sponsor|jp-post-flair|likes?|tags|pagination|"
    r"tooltip|glossary-tooltip|popup|modal|skip-link|screen-reader-text)(?:$|[-_\s])",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot "
    "tr td th ul caption center".split()
)
SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
URL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
WORD = re.compile(r"\w+")
MIN_FINGERPRINT_CHARS = 25
SHORT_TEXT = 500  # characters: a main text shorter than this is looked for again by every extractor
MAX_TITLE_CHARS = 1000  # a title longer than this is markup gone wrong; it is cut, with a note


class CleanError(ValueError):
    """A page that yields no document; the message says why in one line."""


@dataclass(frozen=True)
class PageInput:
    """What the cleaner needs to know about one archived page."""

    url: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    source: str = ""
    page_kind: str = ""
    raw_sha256: str = ""


# -- text ----------------------------------------------------------------------------------


def element_paragraphs(root: Tag) -> list[str]:
    """The text of an element as paragraphs: block elements and double line breaks end a
    paragraph, a single ``<br>`` is a line wrap inside one. Iterative, so deep nesting is safe."""
    paragraphs: list[str] = []
    buffer: list[str] = []
    pending_breaks = 0

    def flush() -> None:
        nonlocal pending_breaks
        text = normalise_text("".join(buffer))
        if text:
            paragraphs.append(text)
        buffer.clear()
        pending_breaks = 0

    stack: list[tuple[object, bool]] = [(iter(root.children), False)]
    while stack:
        children, is_block = stack[-1]
        child = next(children, None)  # type: ignore[call-overload]
        if child is None:
            stack.pop()
            if is_block:
                flush()
            continue
        if isinstance(child, NavigableString):
            if isinstance(child, SKIP_STRINGS):
                continue
            if pending_breaks >= 2 and str(child).strip():
                flush()
            if str(child).strip():
                pending_breaks = 0
            buffer.append(str(child))
        elif isinstance(child, Tag):
            if child.name == "br":
                pending_breaks += 1
                buffer.append(" ")
                continue
            block = child.name in BLOCK_TAGS
            if block:
                flush()
            stack.append((iter(child.children), block))
    flush()
    return paragraphs


def drop_boilerplate(root: Tag, extra: tuple[str, ...] = (), by_name: bool = True) -> None:
    """Remove page chrome in place: the always-dropped elements, the source's ``drop``
    selectors and (inside bodies) elements whose class or id names them as chrome."""
    for selector in (ALWAYS_DROP, *extra):
        for element in root.select(selector):
            element.decompose()
    if by_name:
        for element in root.find_all(_named_boilerplate):
            if not element.decomposed:
                element.decompose()


def _named_boilerplate(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    names = " ".join(tag.get("class") or []) + " " + (tag.get("id") or "")
    return bool(names.strip()) and BOILERPLATE_NAME.search(names) is not None


def fingerprint(text: str) -> str:
    """Case-, space- and punctuation-insensitive hash of a text."""
    words = WORD.findall(unicodedata.normalize("NFKC", text).lower())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def clean_url(url: str) -> str:
    """A URL or fragment without control characters (a CR/LF in an ``id`` attribute must
    never reach a CSV cell), spaces inside it percent-encoded, as browsers do."""
    return URL_CONTROLS.sub("", url).strip().replace(" ", "%20")


def make_doc_id(url: str, key: str = "") -> str:
    return "doc_" + hashlib.sha1(f"{url}#{key}".encode()).hexdigest()[:16]


# -- pages to records ----------------------------------------------------------------------


def clean_page(page: PageInput, source: Source | None) -> tuple[list[dict], list[str]]:
    """Document records of one page and notes on what was odd about it (kept anyway);
    raises CleanError with a one-line reason when the page yields nothing.

    lxml parses first (fast); a page where it finds no text is parsed again with Python's
    html.parser, which has no nesting limit (libxml2 stops at 256 levels)."""
    html, notes = _decode(page)
    kind = _kind_of(page, source)
    publisher = source.publisher if source else ""
    if kind is None:
        records = [_generic_record(page, html, publisher)]
    else:
        records, item_notes = [], []
        for parser in ("lxml", "html.parser"):
            soup = _parse(html, parser)
            if soup is None:
                continue
            item_notes = []
            if kind.kind in ("index", "listing", "aggregation"):
                records = _item_records(page, soup, kind, publisher, item_notes)
            else:
                records = [_article_record(page, soup, html, kind, publisher)]
            if any(r["text"] for r in records):
                break
        notes += item_notes
    for record in records:
        if record["title"] and len(record["title"]) > MAX_TITLE_CHARS:
            notes.append(f"title cut to {MAX_TITLE_CHARS} characters (was {len(record['title'])})")
            record["title"] = record["title"][:MAX_TITLE_CHARS].rstrip()
    if any(r["text"] for r in records):
        return records, notes
    if any(r["title"] for r in records):
        return records, notes + ["no text found, only titles"]
    raise CleanError("no text found")


def _parse(html: str, parser: str) -> BeautifulSoup | None:
    """The parsed page, or None when the parser gives up on it (html.parser raises on some
    broken markup declarations, such as a bare ``<![``)."""
    try:
        return BeautifulSoup(html, parser)
    except (AssertionError, ValueError, RecursionError):
        return None


def _decode(page: PageInput) -> tuple[str, list[str]]:
    if not page.body or not page.body.strip():
        raise CleanError("empty body")
    if b"\x00" in page.body[:4096]:
        raise CleanError("binary content, not HTML")
    html, encoding = decode_html(page.body, page.content_type)
    if "replacement" in encoding and html.count("\ufffd") > max(10, len(html) // 100):
        raise CleanError(f"undecodable bytes ({html.count(chr(0xFFFD))} characters could not be decoded)")
    if "<" not in html[:65536]:
        raise CleanError("no HTML markup")
    notes = []
    declared = declared_charset(page.content_type)
    if "replacement" in encoding:
        notes.append(f"{html.count(chr(0xFFFD))} undecodable byte sequence(s) replaced by U+FFFD")
    elif declared and encoding not in (declared, "utf-8", "ascii"):
        notes.append(f"bytes are not valid {declared} as declared; decoded as {encoding}")
    return html, notes


def _kind_of(page: PageInput, source: Source | None) -> PageKind | None:
    if source is None:
        return None
    kind = source.page_kind(page.url)
    if kind is None and page.page_kind in ("article", "entry"):
        kind = source.page_kind(page.url, hint=page.page_kind)
    return kind


def _record(page: PageInput, *, key: str, url: str, kind: str, title: str, published: ParsedDate | None,
            published_from: str, paragraphs: list[str], publisher: str, link: str = "") -> dict:
    text = "\n\n".join(paragraphs)
    return {
        "doc_id": make_doc_id(page.url, key),
        "url": clean_url(url),
        "source": page.source,
        "publisher": publisher,
        "kind": kind,
        "title": title or None,
        "published": published.iso if published else None,
        "published_precision": published.precision if published else None,
        "published_from": published_from if published else None,
        "text": text,
        "language": detect_language(text or title),
        "raw_sha256": page.raw_sha256,
        "link": link or None,
        "duplicate_of": None,
    }


def _item_records(page: PageInput, soup: BeautifulSoup, kind: PageKind, publisher: str, notes: list[str]) -> list[dict]:
    record_kind = "index_entry" if kind.kind == "index" else "listing_item"
    items = soup.select(kind.item) if kind.item else []
    if not items:
        raise CleanError(f"the {kind.kind} selector item={kind.item!r} matched nothing")
    records = []
    for position, item in enumerate(items, start=1):
        if item.decomposed:  # it stood in an earlier item's share widget or other chrome
            notes.append(f"item {position} lies inside another item's removed chrome; skipped")
            continue
        title_el = item.select_one(kind.title) if kind.title else None
        date_el = item.select_one(kind.date) if kind.date else None
        published, published_from = date_from_element(date_el), "selector"
        if date_el is not None and title_el is not None and date_el in title_el.descendants:
            date_el.extract()  # a date glued inside the title element is not part of the title
        title = normalise_text(title_el.get_text(" ")) if title_el else ""
        title, trailing = split_trailing_date(title)  # "...trade union leaders18-03-2022"
        if published is None and trailing is not None:
            published, published_from = trailing, "text"
        if published is None and (time_tag := item.find("time", datetime=True)):
            published, published_from = parse_date(time_tag["datetime"]), "time"
        link_el = item.select_one(kind.item_link) if kind.item_link else None
        link = _absolute(page.url, link_el.get("href")) if link_el is not None else ""
        item_publisher = publisher
        if kind.publisher and (publisher_el := item.select_one(kind.publisher)):
            item_publisher = normalise_text(publisher_el.get_text(" ")) or publisher
        anchor = clean_url(item.get("id") or "")
        key = f"#{anchor}" if anchor else (link or f"item-{position}")
        drop_boilerplate(item, kind.drop)
        bodies = item.select(kind.body) if kind.body else []
        paragraphs = [p for body in bodies for p in element_paragraphs(body)]
        url = f"{page.url}#{anchor}" if anchor else page.url
        records.append(
            _record(page, key=key, url=url, kind=record_kind, title=title, published=published,
                    published_from=published_from, paragraphs=paragraphs, publisher=item_publisher, link=link)
        )
    return records


def _absolute(base: str, href) -> str:
    """The absolute, control-free URL of a link; "" for none or one that is no URL at all."""
    if not isinstance(href, str) or not href.strip():
        return ""
    try:
        return clean_url(urljoin(base, clean_url(href)))
    except ValueError:  # "http://[broken": urljoin refuses it
        return ""


def _article_record(page: PageInput, soup: BeautifulSoup, html: str, kind: PageKind, publisher: str) -> dict:
    title = split_trailing_date(page_title(soup, kind.title))[0]
    published, published_from = page_date(soup, page.url, kind.date, html)
    bodies = soup.select(kind.body) if kind.body else []
    if not bodies:
        record = _generic_record(page, html, publisher)
        return {**record, "title": title or record["title"]}
    for body in bodies:
        drop_boilerplate(body, kind.drop)
    paragraphs = [p for body in bodies for p in element_paragraphs(body)]
    return _record(page, key="", url=page.url, kind="article", title=title, published=published,
                   published_from=published_from, paragraphs=paragraphs, publisher=publisher)


def page_tree(html: str) -> HtmlElement | None:
    """The page parsed once for the generic path, exactly as trafilatura parses it (its
    ``load_html``: control characters and a broken doctype repaired, comments dropped); None
    for what it does not take as HTML. trafilatura and htmldate both copy a tree before
    changing it, so the one tree serves the extractor, the date and the title."""
    import trafilatura

    try:
        return trafilatura.load_html(html)
    except Exception:  # a best-effort parser: the page is then read by html.parser below
        return None


def _metadata_tree(html: str) -> HtmlElement | None:
    """The page as lxml's own parser reads it, for the titles and dates of a page trafilatura
    does not take as HTML."""
    import lxml.html

    try:
        return lxml.html.document_fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):  # an encoding declaration in a str, an empty page
        return None


def _generic_record(page: PageInput, html: str, publisher: str) -> dict:
    tree = page_tree(html)
    meta = tree if tree is not None else _metadata_tree(html)
    published, published_from = tree_date(meta, page.url, html if tree is None else None) if meta is not None else (None, "")
    title = tree_title(meta) if meta is not None else ""
    paragraphs = generic_paragraphs(tree, page.url) if tree is not None else []
    if not paragraphs:  # the extractor found nothing: read the page itself (html.parser: no depth limit)
        soup = _parse(html, "html.parser")
        if soup is not None:
            title = page_title(soup, None)
            if soup.body is not None:
                drop_boilerplate(soup.body, ("header", "footer", "aside"))
                paragraphs = element_paragraphs(soup.body)
    if sum(len(p) for p in paragraphs) < MIN_FINGERPRINT_CHARS:  # a menu word is not a text
        paragraphs = []
    return _record(page, key="", url=page.url, kind="article", title=title,
                   published=published, published_from=published_from, paragraphs=paragraphs,
                   publisher=publisher or (urlsplit(page.url).hostname or ""))


def generic_paragraphs(tree: HtmlElement, url: str | None = None) -> list[str]:
    """Main text of a page without selectors: trafilatura (the best-scoring extractor on the
    article-extraction benchmark), comments excluded and favouring precision, normalised like
    every other text. Its main extractor alone first (``fast``); only a text shorter than a
    few sentences goes through its whole cascade (the comparison with readability and
    jusText), which finds the text the main extractor missed on such pages and costs as
    much again on every other one (article-extraction benchmark: F1 0.966, against 0.964 with
    the whole cascade on every page, at 1.7 times the pages per second)."""
    text = _main_text(tree, url, fast=True)
    if len(text) < SHORT_TEXT:
        text = _main_text(tree, url, fast=False)
    paragraphs = [p for p in (normalise_text(line) for line in text.splitlines()) if p]
    return paragraphs if sum(len(p) for p in paragraphs) >= MIN_FINGERPRINT_CHARS else []


def _main_text(tree: HtmlElement, url: str | None, fast: bool) -> str:
    import trafilatura

    try:
        return trafilatura.extract(tree, url=url, include_comments=False, favor_precision=True, deduplicate=False,
                                   fast=fast) or ""
    except Exception:  # a best-effort extractor: on its failure the page is read by our own walk
        return ""


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid, model shipped in the package:
    ``language``)."""
    from .language import detect_language as language_of

    return language_of(text)


# -- duplicates ----------------------------------------------------------------------------

KIND_RANK = {"article": 0, "index_entry": 1, "listing_item": 2}


def mark_duplicates(records: list[dict], fingerprints: dict | None = None) -> list[dict]:
    """Set ``duplicate_of`` on documents that repeat another one: the same normalised text
    (an index entry and its own page; one text syndicated by two publishers), or a teaser
    whose every paragraph stands in a longer document. The kept document is the most
    complete: articles before index entries before listing items, then the longer text.
    ``fingerprints``: a memo of the texts' fingerprints (by a digest of the text), kept by the
    caller between runs (a refresh fingerprints its documents' texts again otherwise); it is
    left holding this run's texts only."""
    fingerprint = _fingerprints(fingerprints)

    def rank(r: dict) -> tuple:
        return (KIND_RANK.get(r["kind"], 3), -len(r["text"]), r["doc_id"])

    ordered = sorted(records, key=rank)
    keep_by_text: dict[str, str] = {}
    paragraph_owner: dict[str, set[str]] = {}
    result: dict[str, dict] = {}
    for record in ordered:
        record = dict(record, duplicate_of=None)
        paragraphs = [p for p in record["text"].split("\n\n") if len(p) >= MIN_FINGERPRINT_CHARS]
        if record["text"]:
            whole = fingerprint(record["text"])
            if whole in keep_by_text:
                record["duplicate_of"] = keep_by_text[whole]
            elif paragraphs and record["kind"] != "article":
                owners = set.intersection(*(paragraph_owner.get(fingerprint(p), set()) for p in paragraphs))
                if owners:
                    record["duplicate_of"] = min(owners, key=lambda d: rank(result[d]))
            if record["duplicate_of"] is None:
                keep_by_text[whole] = record["doc_id"]
                for paragraph in paragraphs:
                    paragraph_owner.setdefault(fingerprint(paragraph), set()).add(record["doc_id"])
        result[record["doc_id"]] = record
    if fingerprints is not None:
        fingerprints.clear()
        fingerprints.update(fingerprint.used)
    return [result[r["doc_id"]] for r in records]


def _fingerprints(memo: dict | None):
    """``fingerprint``, looked up first in ``memo`` (digest of a text -> its fingerprint); the
    fingerprints it gave are in its ``used``."""
    def known(text: str) -> str:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = used.get(key)
        if found is None:
            found = used[key] = memo.get(key) or fingerprint(text)
        return found

    if memo is None:
        return fingerprint
    used: dict[bytes, str] = {}
    known.used = used
    return known
