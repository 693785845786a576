"""Speed of the extract stage against bare ``nlp.pipe`` with the same components, in one run.

The texts are the project's seed texts (``tests/fixture_site/seeds``), each paragraph a text
unit, repeated so each figure takes a few seconds. Three timings, best of ``ROUNDS``:

- ``nlp.pipe``: the loaded pipeline over the texts, nothing kept (the floor);
- ``annotate``: ``nlp.annotate_texts`` (the same, plus sentences, entities and tokens as lists);
- ``extract``: ``annotate`` plus ``extract.extract_mentions`` on those annotations (no cache).

    .venv/bin/python benchmarks/extract_speed.py

prints seconds and the ratio ``nlp.pipe / extract`` (1.0 = extraction costs nothing beyond spaCy).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from pipeline import settings  # noqa: E402
from pipeline.entities import EntityResolver  # noqa: E402
from pipeline.eventtypes import load_event_types  # noqa: E402
from pipeline.extract import extract_mentions, text_units  # noqa: E402
from pipeline.nlp import annotate_texts, load_nlp  # noqa: E402

REPEAT = 3
ROUNDS = 3


def documents() -> pd.DataFrame:
    rows = []
    for k in range(REPEAT):
        for n, path in enumerate(sorted((ROOT / "tests" / "fixture_site" / "seeds").glob("*.txt"))):
            rows.append({"doc_id": f"doc_{k:08x}{n:08x}", "title": None, "text": path.read_text(encoding="utf-8"),
                         "published": "2022-03-18", "duplicate_of": None, "publisher": "seed", "source": "seed",
                         "url": f"https://example.org/{k}/{n}"})
    return pd.DataFrame(rows)


def best(run) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    nlp = load_nlp(settings.SPACY_MODEL, str(ROOT / "config" / "aliases.csv"), str(ROOT / "config" / "entity_patterns.jsonl"))
    docs = documents()
    texts = [u for _, u in text_units(docs)]
    types = load_event_types(ROOT / "config" / "event_types.toml")
    resolver = EntityResolver.from_alias_file(ROOT / "config" / "aliases.csv")
    list(nlp.pipe(texts[:20]))  # warm up
    bare = best(lambda: [None for _ in nlp.pipe(texts, batch_size=64)])
    annotate = best(lambda: annotate_texts(texts, nlp))
    extract = best(lambda: extract_mentions(docs, annotate_texts(texts, nlp), types, resolver))
    print(f"components: {', '.join(nlp.pipe_names)}; {len(texts)} text units")
    print(f"nlp.pipe   {bare:7.2f} s")
    print(f"annotate   {annotate:7.2f} s   ratio nlp.pipe/annotate {bare / annotate:.2f}")
    print(f"extract    {extract:7.2f} s   ratio nlp.pipe/extract  {bare / extract:.2f}")


if __name__ == "__main__":
    main()
