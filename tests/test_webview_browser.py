"""An event page as a person sees it: Debian's Chromium, headless, loads the web view's page
of the sample's best-reported event and finds its type, date, mentions' sentences and sources."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import webview
from webview_server import serving

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed: `apt-get install -y chromium` (.ci/run does)")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def test_an_event_page_shows_its_type_date_sentences_and_sources(sample_output, tmp_path, browser):
    events = pd.read_parquet(sample_output.out / "events.parquet")
    mentions = pd.read_parquet(sample_output.out / "mentions.parquet")
    event = events.sort_values(["n_sources", "n_mentions", "event_id"]).iloc[-1]
    its = mentions[mentions["event_id"] == event.event_id]
    assert len(its) >= 2
    with serving(sample_output.out, tmp_path / "web") as server:
        page = browser.new_page()
        page.goto(f"{server.base}/{webview.DATABASE}/events/{event.event_id}", wait_until="load")
        seen = page.inner_text("body")
        facts = dict(zip(page.locator("dl.event-facts dt").all_inner_texts(), page.locator("dl.event-facts dd").all_inner_texts()))
        sentences = page.locator("blockquote.evidence").all_inner_texts()
        links = page.eval_on_selector_all("a.source-link", "els => els.map(e => e.href)")
        page.close()
    assert facts["Type"] == event.event_type and facts["Date"] == event.event_date
    assert facts["Sources"] == str(event.n_sources)
    assert f"Mentions ({len(its)})" in seen
    assert sorted(s.strip() for s in sentences) == sorted(" ".join(e.split()) for e in its["evidence"])
    assert set(links) == set(its["url"]) and set(its["url"]) <= set(event.source_urls)
