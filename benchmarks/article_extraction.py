"""Main-text extraction on the public article-extraction benchmark (181 pages with ground truth).

Scores the pipeline's generic cleaner (what a page of a source without selectors goes through)
beside trafilatura called directly, in the same run, with the benchmark's own metric: multisets
of overlapping 4-token shingles of ``\\w+`` tokens; precision averaged over pages with a
non-empty prediction, recall over all pages, F1 their harmonic mean.

    BENCH_DATA=path/to/article-extraction python benchmarks/article_extraction.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's pipeline, not an installed one
from pipeline.clean import CleanError, PageInput, clean_page  # noqa: E402
from pipeline.decode import decode_html  # noqa: E402

TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def score(predictions: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for key, expected in truth.items():
        want, got = shingles(expected), shingles(predictions.get(key, ""))
        tp = sum((want & got).values())
        if got:
            precisions.append(tp / sum(got.values()))
        recalls.append(tp / sum(want.values()) if want else float(not got))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def project_cleaner(html: bytes, url: str) -> str:
    try:
        records, _ = clean_page(PageInput(url=url, body=html, content_type=""), None)
    except CleanError:
        return ""
    return "\n\n".join(r["text"] for r in records)


def trafilatura_direct(html: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(decode_html(html)[0], url=url, include_comments=False) or ""


def main() -> int:
    folder = os.environ.get("BENCH_DATA", "")
    if not folder or not (Path(folder) / "ground-truth.json").exists():
        print("article extraction: set BENCH_DATA to the benchmark folder (with ground-truth.json and html/); skipped")
        return 0
    root = Path(folder)
    truth_file = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {key: (gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()), item["url"]) for key, item in truth_file.items()}
    truth = {key: item["articleBody"] for key, item in truth_file.items()}
    # the cleaner twice: its first pass pays one-time costs (imports, py3langid's model, the
    # locales dateparser compiles on its first calls), the second is the per-page cost
    extractors = {"pipeline generic cleaner": project_cleaner, "pipeline generic cleaner, second pass": project_cleaner,
                  "trafilatura 2.x direct (include_comments=False)": trafilatura_direct}
    print(f"article extraction benchmark: {len(pages)} pages from {root}")
    print(f"{'extractor':<48} {'F1':>6} {'precision':>9} {'recall':>7} {'pages/s':>8}")
    for name, extract in extractors.items():
        predictions, seconds = {}, 0.0
        for key, (html, url) in pages.items():
            started = time.perf_counter()
            predictions[key] = extract(html, url)
            seconds += time.perf_counter() - started
        precision, recall, f1 = score(predictions, truth)
        print(f"{name:<48} {f1:>6.3f} {precision:>9.3f} {recall:>7.3f} {len(pages) / seconds:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
