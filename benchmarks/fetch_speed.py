"""Fetch pages per second on a generated site served on 127.0.0.1, beside bare HTTP GETs.

The site is made up (``tests/generated_site.py``): listings of ten teasers with a next link,
articles of a few KB with related links, split over ``FETCH_BENCH_HOSTS`` loopback servers that
one source crawls (no delay, robots.txt obeyed). Two crawls into a fresh archive: a cold one
(every page new) and a re-crawl where every page answers 304. The baseline, measured in the same
run, is bare ``requests`` GETs of the same URLs one after another (conditional GETs for the
re-crawl), so the figures say how far fetch is from the cost of HTTP itself.

    .venv/bin/python benchmarks/fetch_speed.py                  # 1,000 pages on 2 hosts
    FETCH_BENCH_PAGES=5000 FETCH_BENCH_HOSTS=1 FETCH_BENCH_DEPTH=2 .venv/bin/python benchmarks/fetch_speed.py
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PAGES = int(os.environ.get("FETCH_BENCH_PAGES", "1000"))
HOSTS = max(1, int(os.environ.get("FETCH_BENCH_HOSTS", "2")))
BULK = int(os.environ.get("FETCH_BENCH_MENU_LINKS", "300"))  # ~50 KB pages, like real news pages
DEPTH = int(os.environ.get("FETCH_BENCH_DEPTH", "1"))  # 2: articles are parsed for their links too


def bare_gets(urls: list[str], etags: dict[str, str] | None = None) -> tuple[float, dict[str, str]]:
    """Seconds for plain GETs of ``urls`` in turn (conditional when ``etags`` are given)."""
    import requests

    found: dict[str, str] = {}
    with requests.Session() as session:
        started = time.perf_counter()
        for url in urls:
            headers = {"If-None-Match": etags[url]} if etags and url in etags else {}
            response = session.get(url, headers=headers)
            response.content  # noqa: B018 - read the whole body, as fetch does
            found[url] = response.headers.get("ETag", "")
        return time.perf_counter() - started, found


def main() -> None:
    from generated_site import GeneratedSite, news_source
    from pipeline.fetch import fetch_sources
    from pipeline.sources import parse_sources

    per_host = -(-PAGES // HOSTS)
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        sites = [stack.enter_context(GeneratedSite(per_host, bulk=BULK)) for _ in range(HOSTS)]
        config = parse_sources({
            "fetch": {"delay_seconds": 0.0, "max_retries": 1},
            "sources": [news_source("bench", [s.base_url for s in sites], max_pages=10 * PAGES + 100, max_depth=DEPTH)],
        })
        raw = Path(tmp) / "raw"
        started = time.perf_counter()
        cold = fetch_sources(config, raw, progress=False)
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        again = fetch_sources(config, raw, progress=False)
        again_s = time.perf_counter() - started
        urls = [e.url for e in cold.entries]
        bare_cold_s, etags = bare_gets(urls)
        bare_again_s, _ = bare_gets(urls, etags)

    n = len(cold.entries)
    counts = dict(again.counts())
    print(f"fetch speed: {n} pages on {HOSTS} loopback host(s), max_depth {DEPTH}, {BULK} menu links a page, no delay (tests/generated_site.py)")
    print(f"  {'':<22}{'seconds':>9}{'pages/s':>10}{'bare GETs pages/s':>19}{'ratio':>7}")
    for label, seconds, bare in (("cold crawl (all new)", cold_s, bare_cold_s),
                                 ("re-crawl (all 304)", again_s, bare_again_s)):
        print(f"  {label:<22}{seconds:9.2f}{n / seconds:10.1f}{n / bare:19.1f}{bare / seconds:7.2f}")
    print(f"  re-crawl outcomes: {counts}; links: cold {dict(cold.link_pages)}, re-crawl {dict(again.link_pages)}")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
