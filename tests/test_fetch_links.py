"""The lxml link reader finds exactly the links the BeautifulSoup reading finds."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from generated_site import article, listing
from pipeline.decode import decode_html
from pipeline.links import _lxml_links, extract_links, link_key, soup_links
from pipeline.sources import PageKind, parse_sources

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "fixture_site" / "sites"


def _configured_kinds() -> list[PageKind | None]:
    data = tomllib.loads((ROOT / "config" / "sources.toml").read_text(encoding="utf-8"))
    config = parse_sources(data)
    kinds: list[PageKind | None] = [None]
    for source in config.sources:
        kinds.extend(source.pages)
    return kinds


def test_every_fixture_page_gives_the_same_links_under_every_configured_kind():
    kinds = _configured_kinds()
    pages = sorted(p for p in SITES.rglob("*.html"))
    assert len(pages) > 10 and len(kinds) > 5
    compared = nonempty = 0
    for page in pages:
        html = decode_html(page.read_bytes(), "text/html")[0]
        base = "http://" + str(page.relative_to(SITES)).replace("\\", "/")
        for kind in kinds:
            expected = soup_links(html, base, kind)
            assert _lxml_links(html, base, kind) == expected, (page, kind)  # the fast path, no fallback
            compared += 1
            nonempty += bool(expected)
    assert nonempty > len(pages)  # the comparison is about real link sets, not empty ones


LISTING = PageKind(kind="listing", item="li.news-item", item_link="h2.news-title a", next="nav.pagination a.next")

HANDWRITTEN = [
    # a <base> tag, fragments, mailto, javascript, whitespace, upper-case tags, non-ASCII paths
    """<html><head><base href="/sub/dir/"></head><body>
    <UL><LI CLASS="news-item"><H2 class="news-title"><A HREF=" story.html#x ">a</A></H2></LI>
    <li class="news-item other"><h2 class="news-title"><a href="mailto:x@y.org">m</a><a>no href</a>
    <a href="javascript:void(0)">j</a><a href="/профсоюз/статья.html">ru</a></h2></li></UL>
    <nav class="pagination"><a class="next" href="?page=2">next</a><a class="next">none</a></nav></body></html>""",
    # nested items: an item inside an item is its own scope too (links found twice, as soupsieve does)
    """<ul><li class="news-item"><h2 class="news-title"><a href="/one">1</a></h2>
    <ul><li class="news-item"><h2 class="news-title"><a href="/two">2</a></h2></li></ul></li></ul>""",
    # an XML declaration and a BOM-less XHTML page, entities in the href
    """<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">
    <body><li class="news-item"><h2 class="news-title"><a href="/a?x=1&amp;y=2">q</a></h2></li></body></html>""",
    # broken markup: unclosed tags, a stray </li>, attributes without quotes
    """<body><li class=news-item><h2 class=news-title><a href=/broken>b</a></li></h2><p><a href=/p2>p""",
    "",
    "   ",
    "<p>no links at all</p>",
]


@pytest.mark.parametrize("html", HANDWRITTEN)
@pytest.mark.parametrize("kind", [None, LISTING,
                                  PageKind(kind="index", item_link="li a"),
                                  # a scoped selector whose ancestor lies outside the scope
                                  PageKind(kind="listing", item="h2.news-title", item_link="li a")])
def test_handwritten_pages_give_the_same_links(html, kind):
    base = "http://news.example/section/page.html"
    assert _lxml_links(html, base, kind) == soup_links(html, base, kind)


def test_a_scoped_selector_matches_against_the_whole_page_like_soupsieve():
    html = '<ul><li class="news-item"><h2 class="news-title"><a href="/in">in</a></h2></li></ul><a href="/out">o</a>'
    kind = PageKind(kind="listing", item="h2.news-title", item_link="li a")
    assert extract_links(html, "http://x.example/", kind) == [("http://x.example/in", 1, "article")]


def test_a_selector_lxml_cannot_translate_falls_back_to_the_soup_reading():
    html = '<nav><a href="/1">One</a><a href="/2">Next page</a></nav>'
    kind = PageKind(kind="listing", next='a:-soup-contains("Next")')
    assert extract_links(html, "http://x.example/", kind) == [("http://x.example/2", 0, "listing")]


def test_generated_pages_give_the_same_links():
    also = ("http://127.0.0.1:9",)
    for html in (listing(0, 25, also), listing(2, 25), article(3, 25, also), article(0, 25)):
        for kind in (None, LISTING):
            assert extract_links(html, "http://127.0.0.1:8/list-0.html", kind) == soup_links(html, "http://127.0.0.1:8/list-0.html", kind)


def test_the_link_key_changes_with_body_charset_url_and_selectors():
    key = link_key("abc", "text/html", "http://x.example/", LISTING)
    others = {
        link_key("abd", "text/html", "http://x.example/", LISTING),
        link_key("abc", "text/html; charset=koi8-r", "http://x.example/", LISTING),
        link_key("abc", "text/html", "http://x.example/b", LISTING),
        link_key("abc", "text/html", "http://x.example/", LISTING.model_copy(update={"next": "a.more"})),
        link_key("abc", "text/html", "http://x.example/", None),
    }
    assert key not in others and len(others) == 5
    assert key == link_key("abc", "text/html", "http://x.example/", LISTING)


def test_the_cheap_word_count_never_changes_what_looks_broken(monkeypatch):
    """The lxml shortcut in ``body.looks_broken`` gives the answer of the BeautifulSoup count."""
    from pipeline import body
    from site_server import BROKEN, GOOD_ARTICLE

    pages = [p.read_bytes() for p in sorted(SITES.rglob("*.html"))]
    pages += [b for _, _, b in BROKEN.values()] + [GOOD_ARTICLE, article(1, 5).encode(), listing(0, 25).encode()]
    # pages near the limit: an error title with 140-320 words, some in scripts and comments
    for n in (140, 151, 299, 301, 320):
        words = " ".join(["wort"] * n)
        pages.append(f"<html><head><title>404 Not Found</title><script>{words}</script></head>"
                     f"<body><!-- {words} --><p>{words}</p></body></html>".encode())
        pages.append(f"<html><head><title>Error 500</title></head><body><p>{words}</p></body></html>".encode())
        pages.append(f"<html><head><title>Ошибка 404</title></head><body><p>{'слово ' * n}</p></body></html>".encode("cp1251"))
    fast = [body.looks_broken(p) for p in pages]
    assert sum(bool(body.surely_more_words(p, 2 * body.ERROR_PAGE_MAX_WORDS)) for p in pages) > 10
    monkeypatch.setattr(body, "surely_more_words", lambda *_: False)
    assert fast == [body.looks_broken(p) for p in pages]
    assert sum(bool(r) for r in fast) == 7  # the five broken pages, two error pages under 150 words
