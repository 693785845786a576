"""A refresh of an archive holding every kind of hostile page the reliability issue lists:
`fetch` then `process` through the real command line, against a real server on 127.0.0.1.
The run exits 0, writes every good record, and lists each record it left out with its reason.

The pages are generated here, with text written for this test."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pipeline.schema import read_tables, validate_tables
from site_server import SiteServer

ROOT = Path(__file__).resolve().parent.parent
N_INDEX_ENTRIES = 5000
FORMULA = "=cmd|' /C calc'!A0"


def page(title: str, body: str, head: str = "") -> str:
    return f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>{head}</head><body>{body}</body></html>"


def article(title: str, paragraphs: list[str], when: str | None = "2023-05-12") -> str:
    time = f'<time datetime="{when}">{when}</time>' if when else ""
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return page(title, f'<article><h1>{title}</h1>{time}<div class="article-body">{text}</div></article>')


def hostile_site(root: Path) -> dict[str, str]:
    """Writes the site; returns path -> what the page is, for the assertions' messages."""
    pages: dict[str, str] = {}

    def put(path: str, html: str | bytes, what: str) -> None:
        target = root / path.lstrip("/") / ("index.html" if path.endswith("/") else "")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(html if isinstance(html, bytes) else html.encode("utf-8"))
        pages[path] = what

    links = []

    def linked(path: str, html: str | bytes, what: str) -> None:
        put(path, html, what)
        links.append(f'<li class="item"><h2><a href="{path}">{what}</a></h2></li>')

    linked("/news/good.html", article("Union leader detained in Karaganda", [
        "Police detained the chairman of the Independent Miners' Union in Karaganda on 3 May 2023.",
        "The union said the detention was meant to stop a strike planned for the following week.",
    ]), "a good article")
    linked("/news/zero-date.html", article("Strike at the Northern Copper Plant", [
        "Workers of the Northern Copper Plant stopped work on 31-12-9999. A week later the company dismissed 40 of them.",
        "On 01-01-0001 the plant's union was founded; last year it was denied registration.",
    ], when="0001-01-01T00:00:00Z"), "a zero <time> and dates at the edges")
    linked("/news/collisions.html", article("Rights groups condemn arrests", [
        "Human Rights Watch (HRW) condemned the arrest of two union organisers by the police in Karaganda on 4 May 2023.",
        "The organisers Олеся Фисенко and Оксана Луцан were detained on 4 May 2023 by the police.",
        "The European Union and the EU delegation called for their release.",
    ]), "a new acronym of a curated body, and Cyrillic names")
    linked("/news/undated.html", article("Union organiser arrested", [
        "On 2 February 2022 the workers of the Southern Oil Field went on strike.",
        "A union organiser was arrested by the police in Karaganda.",
    ], when=None), "a document without a publication date")
    linked("/news/title-only.html", page("Title only", "<article><h1>Court hearing postponed</h1></article>"),
           "a page with a title and no text")
    linked("/news/deep.html", page("Deep", "<div>" * 3000 + "<p>Nested text.</p>" + "</div>" * 3000), "deep nesting")
    linked("/news/many-links.html", page("Links", "".join(f'<a href="/x/{i}">link {i}</a> ' for i in range(100_000))),
           "a page of 100,000 links")
    linked("/news/huge-title.html", page("T" * 1_000_000, "<p>The union met on 3 March 2023.</p>"), "a 1 MB title")
    cyrillic = ("Профсоюз работников угольной шахты объявил забастовку. " * 40).encode("utf-8")
    linked("/news/bad-byte.html", b"<html><head><meta charset=utf-8><title>\xd0\x9f</title></head><body><p>"
           + cyrillic[:500] + b"\xff" + cyrillic[500:] + b"</p></body></html>", "UTF-8 with one invalid byte")
    linked("/news/empty.html", b"", "an empty 200 body")
    linked("/news/image.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "a PNG served as HTML")

    # An index of dated entries: one nested in another's share widget, one with control
    # characters and a formula in its id, and thousands naming the same union and town.
    entries = [
        f'<div class="entry" id="e-a"><h3>Workers fined</h3><span class="date">10-01-2022</span>'
        f'<div class="entry-body"><p>A court in Karaganda fined 15 workers of the Southern Oil Field on 10 January 2022.</p>'
        f'<div class="share-buttons"><div class="entry" id="e-nested"><h3>Nested</h3><span class="date">11-01-2022</span>'
        f'<div class="entry-body"><p>Shared text.</p></div></div></div></div></div>',
        f'<div class="entry" id="e-b&#13;&#10;{FORMULA}"><h3>Union leader sentenced</h3><span class="date">12-01-2022</span>'
        f'<div class="entry-body"><p>A court in Karaganda sentenced the union leader on 12 January 2022.</p></div></div>',
    ]
    for i in range(N_INDEX_ENTRIES):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2000 + (i // 336) % 20
        entries.append(
            f'<div class="entry" id="r{i}"><h3>Refusal {i}</h3><span class="date">{day:02d}-{month:02d}-{year}</span>'
            f'<div class="entry-body"><p>The Ministry of Justice refused to register the Independent Miners\' Union '
            f'in Karaganda on {day} {["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][month - 1]} {year}.</p></div></div>'
        )
    put("/index.html", page("Index of violations", "".join(entries)), "an index of 5,002 entries")
    put("/news/", page("News", f'<ul class="news">{"".join(links)}</ul>'), "the listing")
    return pages


def sources_file(path: Path, base: str) -> Path:
    path.write_text(f"""
[fetch]
user_agent = "labour-rights-events-tests/0.1 (contact: tests@example.org)"
delay_seconds = 0.0
connect_timeout_seconds = 5
read_timeout_seconds = 10
max_response_seconds = 30
max_retries = 0
backoff_factor = 0.0
retry_after_max_seconds = 1
max_body_bytes = 20_000_000
max_redirects = 3

[[sources]]
name = "hostile-news"
publisher = "Hostile News"
country = "Kazakhstan"
start_urls = ["{base}/news/"]
allowed_domains = ["127.0.0.1"]
max_depth = 1
max_pages = 50

[[sources.pages]]
kind = "listing"
match = "^/news/$"
item = "li.item"
item_link = "h2 a"
title = "h2"

[[sources.pages]]
kind = "article"
title = "h1"
date = "time"
body = ".article-body"

[[sources]]
name = "hostile-index"
publisher = "Hostile Index"
country = "Kazakhstan"
start_urls = ["{base}/index.html"]
allowed_domains = ["127.0.0.1"]
max_depth = 0
max_pages = 5

[[sources.pages]]
kind = "index"
match = "/index\\\\.html$"
item = "div.entry"
title = "h3"
date = ".date"
body = ".entry-body"
drop = [".share-buttons"]
""", encoding="utf-8")
    return path


def pipeline(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=timeout)


@pytest.fixture(scope="module")
def hostile_refresh(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    site = work / "site"
    described = hostile_site(site)
    with SiteServer(site) as server:
        for path in ("/news/empty.html", "/news/image.html"):
            server.overrides[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, (site / path.lstrip("/")).read_bytes())
        sources = sources_file(work / "sources.toml", server.base_url)
        raw, out = work / "raw", work / "processed"
        fetches = [pipeline("fetch", "--sources", str(sources), "--raw", str(raw), "-q") for _ in range(2)]  # same second
    processed = pipeline("process", "--sources", str(sources), "--raw", str(raw), "--out", str(out), "-q")
    return described, fetches, processed, out


def test_hostile_archive_refresh_exits_0_and_writes_every_good_record(hostile_refresh):
    described, fetches, processed, out = hostile_refresh
    for fetch in fetches:
        assert fetch.returncode == 0, fetch.stderr
    assert processed.returncode == 0, processed.stderr
    assert "Traceback" not in processed.stderr
    tables = read_tables(out)
    validate_tables(tables)  # every table, as written, holds the schema
    documents, mentions = tables["documents"], tables["mentions"]
    urls = set(documents["url"])
    for path in ("/news/good.html", "/news/collisions.html", "/news/undated.html", "/news/title-only.html",
                 "/news/bad-byte.html", "/news/zero-date.html"):
        assert any(u.endswith(path) for u in urls), f"{described[path]} ({path}) has no document"
    bad_byte = documents[documents["url"].str.endswith("/news/bad-byte.html")]["text"].iloc[0]
    assert "Профсоюз работников" in bad_byte  # decoded as UTF-8, not as mojibake
    index_docs = documents[documents["url"].str.contains("/index.html")]
    assert len(index_docs) >= N_INDEX_ENTRIES
    assert not index_docs["url"].str.contains(r"[\r\n]").any()
    good = mentions[mentions["url"].str.endswith("/news/good.html")]
    assert len(good), "the good article gave no mention"
    dates = pd.concat([mentions["event_date"].dropna(), documents["published"].dropna()])
    assert dates.map(lambda d: 1900 <= int(str(d)[:4]) <= 2100).all(), sorted(set(dates))[:5]
    entities = tables["entities"]
    assert entities["entity_id"].is_unique
    cyrillic = entities[entities["canonical"].isin(["Олеся Фисенко", "Оксана Луцан"])]
    assert cyrillic["entity_id"].nunique() == len(cyrillic)


def test_hostile_refresh_lists_what_it_left_out_with_reasons(hostile_refresh):
    _, _, processed, out = hostile_refresh
    rejects = pd.read_parquet(out / "rejects.parquet")
    assert rejects["reason"].map(lambda r: isinstance(r, str) and r.strip() != "").all()
    assert set(rejects["stage"]) <= {"fetch", "pages", "clean", "extract", "dedup", "write"}
    # the extractor's own records hold the schema on these pages, the undated one included (a
    # sentence with its own date in a page without a publication date once failed it)
    assert not (rejects["table"] == "mentions").any(), rejects[rejects["table"] == "mentions"].to_string()
    n_mentions = len(pd.read_parquet(out / "mentions.parquet"))
    assert len(pd.read_parquet(out / "pairs.parquet")) <= 50 * n_mentions  # linear: the 5,000-entry index is capped
    assert "more than max_block" in processed.stderr  # the capped block is named
    for reject in rejects.itertuples():
        assert reject.key in processed.stderr or (reject.url or "") in processed.stderr, reject


def test_hostile_refresh_csv_copies_are_safe_in_a_spreadsheet(hostile_refresh):
    _, _, _, out = hostile_refresh
    csv.field_size_limit(sys.maxsize)  # the page of 100,000 links is one long text cell
    for name in ("documents", "mentions", "events", "entities"):
        raw_text = (out / f"{name}.csv").read_text(encoding="utf-8-sig")
        for line in raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line.startswith(("=", "+", "@")), (name, line[:80])
        with open(out / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@")), (name, cell[:80])
