"""The process stage at scale, every figure measured in this one run, side by side:

- a cold run with ``--jobs 1`` and with ``--jobs 2`` (fresh output folders), words per second
  beside bare ``nlp.pipe`` with the same components over the same text units (the ratio), and
  beside bare ``nlp.pipe`` with the sentence and entity recognisers alone;
- a refresh with nothing new, and one with 1% of the pages changed, as fractions of the cold
  ``--jobs 1`` run (both reuse its output folder and caches);
- peak memory (RSS of the process command).

The corpus is built in a temporary folder: the shipped sample (``raw/``) plus copies of the
article-extraction benchmark's pages (``BENCH_DATA``), each copy's first paragraph marked so
every page has its own body and text, written with the project's own archive writer.

    BENCH_DATA=path/to/article-extraction BENCH_PAGES=1000 .venv/bin/python benchmarks/process_speed.py
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = int(os.environ.get("BENCH_PAGES", "1000"))
FIRST_P = re.compile(rb"<p(\s[^>]*)?>", re.IGNORECASE)


def benchmark_bodies(folder: Path) -> list[tuple[str, bytes]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [(item["url"], gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
            for key, item in sorted(truth.items())]


def marked(body: bytes, note: str) -> bytes:
    """The body with ``note`` opening its first paragraph (so its text differs from the other copies')."""
    match = FIRST_P.search(body)
    if match is None:
        return body.replace(b"<body", b"<body><p>" + note.encode() + b"</p", 1)
    return body[: match.end()] + note.encode() + b" " + body[match.end():]


def write_pages(raw: Path, pages: list[tuple[str, bytes]]) -> None:
    from pipeline.archive import ArchiveWriter

    writer = ArchiveWriter(raw)
    for url, body in pages:
        writer.write_exchange(url=url, request_url=url, request_headers={"User-Agent": "bench"}, status=200, reason="OK",
                              response_headers=[("Content-Type", "text/html; charset=utf-8")], body=body,
                              source="bench", page_kind="generic")
    writer.commit({"pages": len(pages)})
    time.sleep(1.1)  # run IDs are per second


def build_corpus(raw: Path, bench: Path, n_pages: int) -> list[tuple[str, bytes]]:
    """``raw`` with the sample's runs plus benchmark copies up to ``n_pages`` pages; the copies."""
    shutil.copytree(ROOT / "raw" / "runs", raw / "runs")
    from pipeline.archive import Archive

    n_sample = len(Archive(raw).good_pages())
    originals = benchmark_bodies(bench)
    copies = []
    for k in range(max(0, n_pages - n_sample)):
        url, body = originals[k % len(originals)]
        copy = k // len(originals)
        copies.append((f"https://bench.example/copy-{copy}/page-{k % len(originals)}", marked(body, f"Bench copy {copy}.")))
    write_pages(raw, copies)
    return copies


BENCH_SOURCE = """
[[sources]]
name = "bench"
publisher = "Article-extraction benchmark"
start_urls = ["https://bench.example/"]
"""


def sources_file(work: Path) -> Path:
    """The project's sources plus one without page kinds (the benchmark pages: generic cleaning)."""
    path = work / "sources.toml"
    path.write_text((ROOT / "config" / "sources.toml").read_text(encoding="utf-8") + BENCH_SOURCE, encoding="utf-8")
    return path


def run_process(raw: Path, out: Path, jobs: int) -> dict:
    """``python -m pipeline process`` in a child process: wall seconds, peak RSS, its summary."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "process", "--raw", str(raw), "--out", str(out), "-q",
                              "--jobs", str(jobs), "--sources", str(sources_file(raw.parent))], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"process failed:\n{child.stderr.read().decode()[-2000:]}")
    summary = json.loads((out / "run-summary.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "summary": summary}


def bare_pipe(out: Path) -> tuple[float, float, int]:
    """Seconds of bare ``nlp.pipe`` over the text units of the run's kept documents: with the
    components the process loads, and with the sentence recogniser and the entity recogniser
    alone (the least any annotation of sentences and names costs); and the units' words."""
    import pandas as pd
    import spacy

    from pipeline import settings
    from pipeline.extract import text_units
    from pipeline.nlp import load_nlp

    documents = pd.read_parquet(out / "documents.parquet")
    kept = documents[documents["duplicate_of"].isna()].reset_index(drop=True)
    texts = [t for _, t in text_units(kept)]
    nlp = load_nlp(settings.SPACY_MODEL, str(ROOT / settings.ALIASES_FILE), str(ROOT / settings.PATTERNS_FILE))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    full = time.perf_counter() - started
    least = spacy.load(settings.SPACY_MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"])
    least.enable_pipe("senter")
    started = time.perf_counter()
    for _ in least.pipe(texts, batch_size=64):
        pass
    return full, time.perf_counter() - started, sum(len(t.split()) for t in texts)


def cached(counts: dict) -> str:
    """What a refresh took from each stage's cache (run-summary counts)."""
    return (f"pages {counts.get('pages cleaned, from cache', 0)}, text units {counts.get('text units from cache', 0)}, "
            f"documents extracted {counts.get('documents extracted, from cache', 0)}, "
            f"mentions (whole stage) {counts.get('mentions from the last run (documents unchanged)', 0)}, "
            f"mention places {counts.get('mention places, from cache', 0)}, "
            f"events {counts.get('events from the last run (mentions and decisions unchanged)', 0)}, "
            f"pairs {counts.get('pairs scored, from the last run', 0)} of {counts.get('pairs scored', 0)}, "
            f"output files {counts.get('output files, from the last run (tables unchanged)', 0)}")


def main() -> int:
    folder = os.environ.get("BENCH_DATA")
    if not folder or not (Path(folder) / "ground-truth.json").exists():
        print("process speed: set BENCH_DATA to the article-extraction benchmark folder; skipped")
        return 0
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        raw = work / "raw"
        copies = build_corpus(raw, Path(folder), PAGES)
        one = run_process(raw, work / "out1", jobs=1)
        two = run_process(raw, work / "out2", jobs=2)
        same = run_process(raw, work / "out1", jobs=1)
        changed = [(url, marked(body, "Changed.")) for url, body in copies[:: max(1, len(copies) // max(1, PAGES // 100))]]
        write_pages(raw, changed[: max(1, PAGES // 100)])
        refresh = run_process(raw, work / "out1", jobs=1)
        pipe_seconds, least_seconds, words = bare_pipe(work / "out1")
    n = one["summary"]["pages"]
    stages = one["summary"]["seconds"]
    print(f"process on {n} pages ({len(copies)} benchmark copies + the sample), best of 1, side by side:")
    print(f"  cold --jobs 1: {one['seconds']:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in stages.items())}), "
          f"peak {one['peak_mb']:.0f} MB; {words / one['seconds']:,.0f} words/s")
    print(f"  bare nlp.pipe over the same {words:,} words: {pipe_seconds:.1f} s, {words / pipe_seconds:,.0f} words/s; "
          f"process/nlp.pipe throughput ratio {pipe_seconds / one['seconds']:.2f}")
    print(f"  bare nlp.pipe with senter + ner alone (no parse, tags or lemmas): {least_seconds:.1f} s, "
          f"{words / least_seconds:,.0f} words/s; process/that ratio {least_seconds / one['seconds']:.2f}")
    counts = two["summary"]["counts"]
    print(f"  cold --jobs 2: {two['seconds']:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in two['summary']['seconds'].items())}), "
          f"peak {two['peak_mb']:.0f} MB; speed-up {one['seconds'] / two['seconds']:.2f}x; "
          f"{counts.get('documents extracted ahead in a worker', 0)} of {counts.get('documents extracted', 0)} documents "
          f"extracted ahead in a worker, {counts.get('documents extracted ahead, again in order', 0)} of them again in order")
    counts = same["summary"]["counts"]
    print(f"  no-change refresh: {same['seconds']:.1f} s = {same['seconds'] / one['seconds']:.1%} of the cold run "
          f"({', '.join(f'{k} {v:.1f}' for k, v in same['summary']['seconds'].items())}); from cache: {cached(counts)}")
    counts = refresh["summary"]["counts"]
    print(f"  {len(changed[: max(1, PAGES // 100)])} pages changed (1%): {refresh['seconds']:.1f} s = "
          f"{refresh['seconds'] / one['seconds']:.1%} of the cold run "
          f"({', '.join(f'{k} {v:.1f}' for k, v in refresh['summary']['seconds'].items())}); "
          f"{counts.get('pages cleaned', 0)} pages cleaned, {counts.get('text units annotated', 0)} text units annotated; "
          f"from cache: {cached(counts)}")
    print(f"  machine load (1-minute average) before and after: {load_before:.1f}, {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
