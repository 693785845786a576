"""The generic path (a page without selectors) parses the page once: that one lxml tree feeds
trafilatura, htmldate and the title and date readers, which must read what the BeautifulSoup
readers of selector sources read."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
import trafilatura
from bs4 import BeautifulSoup

from pipeline.clean import SHORT_TEXT, PageInput, clean_page, generic_paragraphs, page_tree
from pipeline.page_meta import page_date, page_title, tree_date, tree_title

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixture_site" / "sites"
FIXTURE_PAGES = sorted(SITE.rglob("*.html"))
SENTENCE = "The union's branch committee met on the factory floor to discuss the wage claim and the strike ballot. "

# Written for these tests: each one puts the title or the date in another place.
HANDWRITTEN = {
    "h1 with a script and a comment": "<html><head><title>Head title</title></head><body><h1>Union <!-- x -->leader"
                                      "<script>var s = 1;</script> freed</h1><p>Text.</p></body></html>",
    "og:title only": '<html><head><meta property="og:title" content=" The  og title "></head><body><p>x</p></body></html>',
    "title only": "<html><head><title>Only &amp; the title</title></head><body><p>x</p></body></html>",
    "ruby and template in h1": "<html><body><h1>Kan<ruby>ji<rt>ka</rt></ruby><template><b>t</b></template> end</h1></body></html>",
    "time datetime": '<html><body><h1>T</h1><time>no attribute</time><time datetime="2021-03-04">4 March</time></body></html>',
    "json-ld date": '<html><head><script type="application/ld+json">{"@graph": [{"datePublished": "2019-07-19T10:00:00Z"}]}'
                    "</script></head><body><h1>T</h1></body></html>",
    "broken json-ld, then meta": '<html><head><script type="application/ld+json">{broken</script>'
                                 '<meta name="author" content="2001-01-01"><meta property="article:published_time" '
                                 'content="2020-02-29"></head><body><h1>T</h1></body></html>',
    "date only in the text": "<html><body><h1>A statement</h1><p>" + SENTENCE * 3 + "</p>"
                             "<p class='date'>Posted on 12 March 2021</p></body></html>",
    "nothing at all": "<html><body><p>" + SENTENCE + "</p></body></html>",
}


def cases() -> list[tuple[str, str, str]]:
    found = [(path.relative_to(SITE).as_posix(), "https://" + path.relative_to(SITE).as_posix(),
              path.read_text(encoding="utf-8")) for path in FIXTURE_PAGES]
    found += [(name, "https://example.org/news/item", html) for name, html in HANDWRITTEN.items()]
    found.append(("date in the URL", "https://example.org/2018/08/06/item", HANDWRITTEN["nothing at all"]))
    return found


@pytest.mark.parametrize("name,url,html", cases(), ids=[c[0] for c in cases()])
def test_tree_readers_read_what_the_soup_readers_read(name, url, html):
    soup = BeautifulSoup(html, "lxml")
    tree = page_tree(html)
    assert tree is not None
    assert tree_title(tree) == page_title(soup, None)
    assert tree_date(tree, url) == page_date(soup, url, None, html)


def test_the_readers_find_each_kind_of_markup():
    def read(name: str, url: str = "https://example.org/news/item") -> tuple[str, str | None, str]:
        tree = page_tree(HANDWRITTEN.get(name, HANDWRITTEN["nothing at all"]))
        published, source = tree_date(tree, url)
        return tree_title(tree), published.iso if published else None, source

    assert read("h1 with a script and a comment")[0] == "Union leader freed"
    assert read("og:title only")[0] == "The og title"
    assert read("title only")[0] == "Only & the title"
    assert read("ruby and template in h1")[0] == "Kan ji end"
    assert read("time datetime")[1:] == ("2021-03-04", "time")
    assert read("json-ld date")[1:] == ("2019-07-19", "jsonld")
    assert read("broken json-ld, then meta")[1:] == ("2020-02-29", "meta")
    assert read("date only in the text")[1:] == ("2021-03-12", "text")
    assert read("", "https://example.org/2018/08/06/item")[1:] == ("2018-08-06", "url")
    assert read("nothing at all") == ("", None, "")


@pytest.mark.parametrize("path", FIXTURE_PAGES[:6], ids=lambda p: p.relative_to(SITE).as_posix())
def test_the_one_tree_is_left_as_it_was(path):
    html = path.read_text(encoding="utf-8")
    tree = page_tree(html)
    before = lxml.html.tostring(tree, encoding="unicode")
    generic_paragraphs(tree, "https://example.org/a")
    tree_date(tree, "https://example.org/a")
    tree_title(tree)
    assert lxml.html.tostring(tree, encoding="unicode") == before


def test_only_a_short_main_text_goes_through_the_whole_cascade(monkeypatch):
    calls: list[bool] = []
    real = trafilatura.extract

    def spy(*args, **kwargs):
        calls.append(kwargs["fast"])
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "extract", spy)
    long_page = ("<html><body><article><h1>Wage claim</h1>" + "".join(f"<p>Meeting {n}. {SENTENCE * 3}</p>" for n in range(6))
                 + "</article></body></html>")
    short_page = f"<html><body><article><h1>Wage claim</h1><p>{SENTENCE * 2}</p></article></body></html>"
    assert len(SENTENCE * 2) < SHORT_TEXT < len(SENTENCE * 18)

    paragraphs = generic_paragraphs(page_tree(long_page), "https://example.org/a")
    assert calls == [True] and paragraphs[-1].startswith("Meeting 5. The union")
    calls.clear()
    paragraphs = generic_paragraphs(page_tree(short_page), "https://example.org/a")
    assert calls == [True, False] and paragraphs[-1] == (SENTENCE * 2).strip()


def test_a_page_trafilatura_refuses_is_read_by_the_own_walk():
    """A fragment trafilatura does not take for HTML (one element, no <html>): the page is read
    by html.parser as before, its title from there."""
    html = f"<body><div><h2>Notice</h2>{SENTENCE}</div></body>"
    assert page_tree(html) is None
    records, _ = clean_page(PageInput(url="https://example.org/notice", body=html.encode()), None)
    assert [r["text"] for r in records] == ["Notice\n\n" + SENTENCE.strip()]
