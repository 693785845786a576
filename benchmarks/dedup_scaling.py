"""Dedup time and peak memory on synthetic mentions, at growing sizes, with the growth exponent.

The mentions are made up, never read from anywhere: actors drawn from a Zipf distribution (a
few unions and people in most reports, a long tail named once), dates spread over 15 years at
day, month and year precision, every configured event type, five mentions per document.
Each size runs in a fresh process so its peak memory is its own.

    .venv/bin/python benchmarks/dedup_scaling.py            # 10k and 100k (what `make bench` runs)
    DEDUP_BENCH_SIZES=10000,100000,1000000 .venv/bin/python benchmarks/dedup_scaling.py
    DEDUP_BENCH_LIMIT_GB=8 ...                              # a size that needs more memory fails, not the machine

1M is not in the default sizes. Pairs per mention grew with the corpus (28 at 10k, 39 at 100k, 50
at 300k: more of a mention's blocks reach their bound), so 1M gave some 60 million pairs; now
``[blocking] nearest_bounded`` keeps of the pairs only oversize blocks propose each mention's 25
nearest by date (``PairBlocks.nearest``): 16.3 pairs a mention at 10k, 17.3 at 100k, 22.1 at 1M,
the same number of events at 10k and 100k. A scored pair holds some 55 bytes (32-bit positions,
coded floats, the outcome and each contribution a byte, their text made only for the rows read or
written: ``pair_table``); pairs are scored in two forked workers from a million pairs, and the two
blocking passes run on both cores from 20,000 mentions. Dedup keeps the mentions as columns
(``mention_rows``; coreference's participants keep a row's own lists; the places blocking reads
are one frozenset per distinct set), and the blocks' proposals are merged by one in-place sort of
packed integers. The input is built a column at a time, equal lists of a column one list
(``SEPARATE_LISTS=1``: each cell its own).

Figures, with user+system CPU seconds beside wall seconds (the machine shared with other runs, so
the wall seconds are noisy; the megabytes are not). Before (main's dedup, this input): 10k 3.0 s
(3.4 s CPU), 358 MB, 27.7 pairs a mention; 100k 30.6 s (46.1 s CPU), 1,054 MB, 39.0 pairs a mention;
1M not run to its end (before the column-built input it ran out of a 6 GB limit after 300 s and of
16 GB after 33 minutes). After, one run while a test suite on both cores and another engineer's
benchmark shared the machine: 10k 9.8 s (3.0 s CPU), 311 MB; 100k 70.3 s (35.4 s CPU), 681 MB;
1M 1,183 s (552 s CPU), 22 million pairs, peak 6,015 MB (1,517 MB of it the process with its input
mentions; each scoring worker 3,568 MB, mostly pages shared with the parent). The CPU seconds
grow with exponent 1.13 from 10k to 1M. Alone on the machine: 10k 2.8 s, 311 MB; 100k 24.9 s
(34.2 s CPU), 689 MB; 1M 337.6 s (481.6 s CPU), peak 5,988 MB; exponent 1.04. 1M in 4 GB is not reached: watched from outside, the
parent holds some 4 GB while its workers score and reaches its peak after scoring, in clustering
(some 0.9 GB more in the last profile) and the events table (some 0.8 GB); what is left is there,
in the input (1.5 GB) and in the 22 million scored pairs (some 1.2 GB).

prints seconds (wall, and CPU: user and system of the run and its workers), peak RSS (the run's and its largest worker's), pairs scored per mention and the largest block scored in full per size,
and the exponent of seconds against size between each size and the next and overall (1.0 = linear).
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = [int(s) for s in os.environ.get("DEDUP_BENCH_SIZES", "10000,100000").split(",") if s.strip()]
LIMIT_GB = float(os.environ.get("DEDUP_BENCH_LIMIT_GB", "0") or 0)  # address-space limit of each size's process
VERBS = ["detained", "arrested", "fined", "dismissed", "beaten", "charged", "released", "questioned", "sentenced"]
FILLER = ("after a meeting with workers at the plant about unpaid wages and the new labour code "
          "while the regional court and the police refused to comment on the case last week").split()


def synthetic_mentions(n: int, seed: int = 15, separate: bool | None = None):
    """``n`` mentions as extraction gives them (a list of names per list cell, the other columns
    None), built a column at a time: a list of ``n`` dictionaries of 36 keys held some 2 KB a
    mention until the frame was made, more than the frame itself. Equal texts (a name, a date)
    are one string and equal lists of a column one list, as a frame read from a table of names
    would hold them (dedup never changes a cell: ``tests/test_dedup_speed.py`` dedups this frame
    and one with a list of its own per cell, with the same result); ten lists of their own per
    mention are some 0.8 KB more (``SEPARATE_LISTS=1``)."""
    import numpy as np
    import pandas as pd

    from pipeline import settings
    from pipeline.extract import MENTION_COLUMNS, load_event_types

    separate = os.environ.get("SEPARATE_LISTS") == "1" if separate is None else separate
    rng = np.random.default_rng(seed)
    types = load_event_types(ROOT / settings.EVENT_TYPES_FILE).names
    people = np.minimum(rng.zipf(1.6, n), n // 3 + 1)
    orgs = np.minimum(rng.zipf(1.8, n), 2000)
    places = rng.integers(0, 300, n)
    days = rng.integers(0, 15 * 365, n)
    precision = rng.choice(["day", "month", "year"], n, p=[0.7, 0.2, 0.1]).tolist()
    start = date(2010, 1, 1).toordinal()
    texts: dict = {}

    def one(value: str) -> str:
        return texts.setdefault(value, value)

    def iso(day: int, p: str) -> str:
        text = date.fromordinal(start + day).isoformat()
        return one(text if p == "day" else text[:7] if p == "month" else text[:4])

    when = [iso(d, p) for d, p in zip(days.tolist(), precision)]
    person = [one(f"Person{k} Surname{k % 97}") for k in people.tolist()]
    org = [one(f"Union {k}") for k in orgs.tolist()]
    place = [one(f"Town{k}") for k in places.tolist()]
    verb = [VERBS[i % len(VERBS)] for i in range(n)]
    evidence = []
    for i in range(n):  # (the filler drawn per mention, in the order the rows were once made)
        words = rng.choice(FILLER, 8)
        evidence.append(f"{person[i]} of the {org[i]} was {verb[i]} in {place[i]} on {when[i]} " + " ".join(words) + ".")
    doc = [one(f"doc_{i // 5:016x}") for i in range(n)]
    publisher = [one(f"pub{i // 5 % 40}") for i in range(n)]

    def lists(values: list) -> list[list]:
        """A one-name list per value: one list per distinct name, or each its own (``separate``)."""
        if separate:
            return [[v] for v in values]
        known: dict = {}
        return [known.setdefault(v, [v]) for v in values]

    columns = {
        "mention_id": [f"{d}:{i:010x}" for i, d in enumerate(doc)], "doc_id": doc, "evidence": evidence,
        "from_title": [False] * n, "event_type": [types[i % len(types)] for i in range(n)], "event_date": when,
        "date_precision": precision, "date_text": when, "date_from": ["text"] * n,
        "people": lists(person), "organisations": lists(org), "locations": lists(place),
        "people_text": lists(person), "organisations_text": lists(org),
        "locations_text": lists(place), "trigger": verb, "clause_start": [0] * n,
        "clause_end": [len(e) for e in evidence], "actors": [[] for _ in range(n)] if separate else [[]] * n,
        "actor_types": [[] for _ in range(n)] if separate else [[]] * n, "targets": lists(person),
        "target_types": lists(["person"] * n), "publisher": publisher,
        "source": [one(f"src{i // 5 % 40}") for i in range(n)],
        "url": [one(f"https://bench.example/{i // 5}") for i in range(n)], "published": when,
    }
    del texts, evidence
    return pd.DataFrame({c: columns.pop(c, None) or [None] * n for c in MENTION_COLUMNS}, columns=MENTION_COLUMNS)


def _cpu_seconds() -> float:
    """User and system time of this process and of its finished children (the forked workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_one(n: int) -> dict:
    from pipeline import settings
    from pipeline.dedup import deduplicate, load_dedup_config
    from pipeline.extract import load_event_types

    if LIMIT_GB:
        limit = int(LIMIT_GB * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    mentions = synthetic_mentions(n)
    input_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the process with its mentions, before dedup
    config = load_dedup_config(ROOT / settings.DEDUP_FILE)
    order = load_event_types(ROOT / settings.EVENT_TYPES_FILE).names
    started, cpu = time.perf_counter(), _cpu_seconds()
    result = deduplicate(mentions, {}, config, {}, order, {})
    seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest forked scorer's
    stats = result.block_stats.values()
    return {"mentions": n, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "peak_mb": round(peak_mb), "input_mb": round(input_mb),
            "worker_mb": round(worker_mb), "events": len(result.events),
            "pairs": result.pair_count, "largest": max([s.largest for s in stats] + [0]),
            "split": sum(getattr(s, "split", 0) for s in stats), "windowed": sum(getattr(s, "windowed", 0) for s in stats),
            "skipped": sum(s.skipped for s in stats)}


def measure(sizes: list[int]) -> list[dict]:
    """Each size in its own process (its own peak memory)."""
    figures = []
    for n in sizes:
        started = time.perf_counter()
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            why = "out of memory" if "MemoryError" in out.stderr else out.stderr.strip().splitlines()[-1:] or "no message"
            print(f"  {n:>9,} mentions: failed after {time.perf_counter() - started:.0f} s ({why}"
                  f"{f', limit {LIMIT_GB:g} GB' if LIMIT_GB else ''})", file=sys.stderr)
            break
        figures.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return figures


def exponent(figures: list[dict]) -> float | None:
    """Of seconds against mentions between the first and the last size measured."""
    if len(figures) < 2 or figures[0]["seconds"] <= 0:
        return None
    a, b = figures[0], figures[-1]
    return math.log(b["seconds"] / a["seconds"]) / math.log(b["mentions"] / a["mentions"])


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
        return
    figures = measure(SIZES)
    print("dedup of synthetic mentions (Zipf actors, 15 years of mixed-precision dates, every type):")
    for f in figures:
        print(f"  {f['mentions']:>9,} mentions: {f['seconds']:8.1f} s ({f.get('cpu_seconds', 0):.1f} s CPU), peak {f['peak_mb']:6,} MB "
              f"({f.get('input_mb', 0):,} MB of it the process with its input mentions; each scoring worker {f.get('worker_mb', 0):,} MB), "
              f"{f['events']:,} events, {f['pairs']:,} pairs scored ({f['pairs'] / f['mentions']:.1f} per mention), "
              f"largest block {f.get('largest', 0):,}, {f.get('split', 0):,} split, {f.get('windowed', 0):,} windowed, "
              f"{f.get('skipped', 0):,} skipped")
    if len(figures) > 2:
        for a, b in zip(figures, figures[1:]):
            print(f"  exponent {exponent([a, b]):.2f} from {a['mentions']:,} to {b['mentions']:,}")
    e = exponent(figures)
    if e is not None:
        print(f"  growth exponent {e:.2f} (seconds ~ mentions^e, {figures[0]['mentions']:,} to {figures[-1]['mentions']:,})")
    if max(SIZES, default=0) < 1_000_000:
        print("  1,000,000 mentions: not run here (some 550 CPU seconds and a 6 GB peak: 22 million pairs, the "
              "input frame, clustering and the events table); run: DEDUP_BENCH_SIZES=10000,100000,1000000 "
              "DEDUP_BENCH_LIMIT_GB=20 .venv/bin/python benchmarks/dedup_scaling.py")


if __name__ == "__main__":
    main()
