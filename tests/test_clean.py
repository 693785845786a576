"""Pages to documents, checked against the fixture site's expected records (MANIFEST.json)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.archive import Archive
from pipeline.clean import PageInput, clean_page, element_paragraphs, mark_duplicates, normalise_text
from pipeline.process import clean_documents, process_archive
from pipeline.sources import load_sources

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "fixture_site" / "sites"
MANIFEST = json.loads((ROOT / "tests" / "fixture_site" / "MANIFEST.json").read_text(encoding="utf-8"))
CONFIG = load_sources(ROOT / "config" / "sources.toml")

CHROME = [
    "The most common form of industrial action",  # glossary definitions
    "A union whose membership is composed",
    "See general strike",
    "Font size", "Regular version", "Browse by", "Share this", "Leave a Reply", "Fill in your details",
    "bloggers like this", "You May Also Like", "About the Author", "Myanmar", "Rohingya",
    "Related articles", "Related posts", "Newsletter", "newsletter", "cookies", "Donate", "Pixeleyes",
    "Skip to content", "Continue reading", "Read more", "Required fields",
]


def value(cell):
    return None if cell is None or (not isinstance(cell, str) and pd.isna(cell)) else cell


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def documents(sample_output) -> pd.DataFrame:
    return pd.read_parquet(sample_output.out / "documents.parquet")


def page_docs(documents: pd.DataFrame, host: str, path: str) -> pd.DataFrame:
    url = f"https://{host}{path}"
    return documents[documents["url"].str.split("#").str[0] == url]


@pytest.mark.parametrize("page", [p for p in MANIFEST if p["kind"] != "other"], ids=lambda p: p["host"] + p["path"])
def test_page_yields_the_expected_records(documents, page):
    docs = page_docs(documents, page["host"], page["path"])
    expected = page["records"]
    assert len(docs) == len(expected)
    for (_, doc), want in zip(docs.iterrows(), expected):
        assert value(doc["title"]) == (want["title"] and squash(want["title"]))
        assert value(doc["published"]) == want["date"]
        assert [squash(p) for p in doc["text"].split("\n\n") if p] == [squash(p) for p in want["paragraphs"]]
        assert doc["publisher"].startswith(want["publisher"])
        if want["link"]:
            assert value(doc["link"]) == want["link"]
        assert doc["kind"] == {"index": "index_entry", "listing": "listing_item", "aggregation": "listing_item"}.get(page["kind"], "article")


def test_every_seed_paragraph_is_in_exactly_one_kept_document(documents):
    kept = documents[documents["duplicate_of"].isna()]
    counts: dict[str, int] = {}
    for text in kept["text"]:
        for paragraph in text.split("\n\n"):
            counts[squash(paragraph)] = counts.get(squash(paragraph), 0) + 1
    wanted = {squash(p) for page in MANIFEST for record in page["records"] for p in record["paragraphs"]}
    assert wanted and all(counts.get(p) == 1 for p in wanted), [p[:60] for p in wanted if counts.get(p) != 1]


def test_duplicates_point_at_kept_documents(documents):
    ids = set(documents["doc_id"])
    duplicates = documents[documents["duplicate_of"].notna()]
    assert set(duplicates["duplicate_of"]) <= ids
    kept = set(documents.loc[documents["duplicate_of"].isna(), "doc_id"])
    assert set(duplicates["duplicate_of"]) <= kept
    # each ITUC index entry is the same text as its own page, which is kept
    entries = documents[documents["kind"] == "index_entry"]
    assert len(entries) == 32 and entries["duplicate_of"].notna().all()


def test_no_chrome_glossary_or_comment_text_in_any_document(documents):
    for _, doc in documents.iterrows():
        blob = f"{value(doc['title']) or ''}\n{doc['text']}"
        found = [phrase for phrase in CHROME if phrase in blob]
        assert not found, (doc["url"], found)


def test_glossary_term_stays_in_the_sentence(documents):
    text = "\n".join(documents["text"])
    assert "join the alleged illegal strike, has completed his prison sentence" in text
    assert "the need for democracy and recognition and respect for fundamental human" in text


def test_document_columns_and_stable_ids(documents, tmp_path):
    assert documents["doc_id"].is_unique
    assert set(documents["published_precision"].dropna()) <= {"day", "month", "year"}
    assert set(documents["published_from"].dropna()) <= {"selector", "time", "jsonld", "meta", "url", "text"}
    assert set(documents["language"].dropna()) == {"en"}
    assert documents["raw_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    process_archive(Archive(ROOT / "raw"), CONFIG, tmp_path)
    again = pd.read_parquet(tmp_path / "documents.parquet")
    assert list(again["doc_id"]) == list(documents["doc_id"])


def test_title_and_date_glued_in_one_heading_are_separated():
    html = (
        '<div class="violation"><h3 class="violation-title">Judicial harassment against trade union '
        'leaders18-03-2022</h3><div class="violation-body"><p>Text of the entry.</p></div></div>'
    )
    source = CONFIG.source("ituc-gri-kazakhstan")
    glued = source.model_copy(update={"pages": (source.pages[0].model_copy(update={"title": "h3", "date": None}),)})
    records, _ = clean_page(PageInput(url="https://survey.ituc-csi.org/Kazakhstan.html", body=html.encode()), glued)
    assert records[0]["title"] == "Judicial harassment against trade union leaders"
    assert (records[0]["published"], records[0]["published_from"]) == ("2022-03-18", "text")


def test_text_normalisation():
    assert normalise_text("Kazakhstan\u00a0 (CNTUK ) ,  said  “ Ymit ” .") == "Kazakhstan (CNTUK), said “Ymit”."
    assert normalise_text("Cafe\u0301 soft\u00adhyphen") == "Café softhyphen"
    from bs4 import BeautifulSoup

    soup = BeautifulSoup("<div><p>one line<br>wrapped here</p><p>two</p>three<br><br>four</div>", "lxml")
    assert element_paragraphs(soup.div) == ["one line wrapped here", "two", "three", "four"]


def test_syndicated_text_is_a_duplicate():
    base = {"source": "s", "publisher": "P", "title": "t", "published": None, "published_precision": None,
            "published_from": None, "language": "en", "raw_sha256": "", "link": None, "duplicate_of": None}
    text = "The court sentenced the union leader to seven years in prison on 17 July."
    records = [
        {**base, "doc_id": "doc_b", "url": "https://b.example/x", "kind": "article", "text": text.upper()},
        {**base, "doc_id": "doc_a", "url": "https://a.example/x", "kind": "article", "text": text},
        {**base, "doc_id": "doc_c", "url": "https://c.example/x", "kind": "article", "text": "Another text entirely, long enough."},
    ]
    marked = {r["doc_id"]: r["duplicate_of"] for r in mark_duplicates(records)}
    assert marked == {"doc_a": None, "doc_b": "doc_a", "doc_c": None}


BAD_PAGES = {
    "empty": (b"", "empty body"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR" + bytes(64), "binary content"),
    "no-markup": (b"\x81\x8d\x8f\x90\x9d" * 400, "no HTML markup"),
    "no-text": (b"<html><body><nav><a href='/'>Home</a></nav><script>var x = 1;</script></body></html>", "no text found"),
}


def test_bad_pages_give_one_line_warnings_and_the_stage_continues():
    pages = [PageInput(url=f"https://bad.example/{name}", body=body, content_type="text/html") for name, (body, _) in BAD_PAGES.items()]
    nested = b"<html><body>" + b"<div>" * 50_000 + b"<p>Deep text that survives deep nesting of the page.</p>" + b"</div>" * 50_000 + b"</body></html>"
    para = b"<p>" + b"The union leader was arrested in Almaty on 5 January 2017 for calling a strike. " * 20 + b"</p>"
    huge = b"<html><head><title>Big</title></head><body><article>" + para * (10_000_000 // len(para)) + b"</article></body></html>"
    invalid = b"<html><body><p>Caf\xe9 workers went on strike in Almaty, the union said on Monday.</p></body></html>"
    pages += [
        PageInput(url="https://bad.example/nested", body=nested, content_type="text/html"),
        PageInput(url="https://bad.example/huge", body=huge, content_type="text/html"),
        PageInput(url="https://bad.example/invalid-utf8", body=invalid, content_type="text/html; charset=utf-8"),
        PageInput(url="https://good.example/article", body=(SITE / "urangminang.com/kazakhstan-workers-unions-under-attack/index.html").read_bytes()),
    ]
    documents, warnings = clean_documents(pages, CONFIG)
    for name, (_, reason) in BAD_PAGES.items():
        assert any(w.startswith(f"clean: https://bad.example/{name}: {reason}") for w in warnings), (name, warnings)
    assert all("\n" not in w for w in warnings)
    urls = set(documents["url"])
    assert {"https://bad.example/nested", "https://bad.example/huge", "https://good.example/article"} <= urls
    assert "Deep text that survives" in documents.loc[documents["url"] == "https://bad.example/nested", "text"].iloc[0]
    assert any("invalid-utf8" in w and "not valid utf-8" in w for w in warnings)
    assert "Café workers" in documents.loc[documents["url"] == "https://bad.example/invalid-utf8", "text"].iloc[0]


def test_clean_html_command(tmp_path):
    page = SITE / "survey.ituc-csi.org" / "Kazakhstan.html"
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean-html", "--url", "https://survey.ituc-csi.org/Kazakhstan.html"],
        input=page.read_bytes(), capture_output=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.startswith("Judicial harassment against trade union leaders\n2022-03-18\n\nThe practice of judicial")
    assert "The most common form" not in out and out.count("\n2019-12-31\n") == 3
    generic = subprocess.run(
        [sys.executable, "-m", "pipeline", "clean-html"],
        input=(SITE / "urangminang.com/kazakhstan-workers-unions-under-attack/index.html").read_bytes(),
        capture_output=True, cwd=ROOT, timeout=120,
    )
    text = generic.stdout.decode()
    assert "In 2011, strikes by oil workers" in text and "Myanmar" not in text and "About the Author" not in text
