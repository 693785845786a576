"""A damaged annotation cache (processed/cache/: diskcache over SQLite) never stops a run:
the database is rebuilt with one warning, a bad entry is a miss. Real cache files, damaged
the way a crash or a bad disk damages them; real spaCy model."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline.nlp import annotate_documents

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["Union leader Erlan Baltabay was arrested in Almaty on 5 January 2017.",
         "The court fined the union on 3 March 2017.",
         "Nurbek Kushakbaev was released in 2019."]


def annotate(cache: Path):
    return annotate_documents(UNITS, cache_dir=cache, aliases_file=ROOT / "config" / "aliases.csv",
                              patterns_file=ROOT / "config" / "entity_patterns.jsonl")


def test_a_corrupt_database_file_is_deleted_and_rebuilt_with_one_warning(tmp_path):
    cache = tmp_path / "cache" / "nlp"
    first, counts, warnings = annotate(cache)
    assert counts == {"annotated": 3, "from cache": 0} and warnings == []
    (cache / "cache.db").write_bytes(b"this is not an SQLite database, a disk wrote garbage here" * 100)
    for name in ("cache.db-wal", "cache.db-shm"):
        (cache / name).unlink(missing_ok=True)
    again, counts, warnings = annotate(cache)
    assert again == first and counts == {"annotated": 3, "from cache": 0}
    assert len(warnings) == 1 and "damaged" in warnings[0] and "rebuilt" in warnings[0] and "\n" not in warnings[0]
    third, counts, warnings = annotate(cache)  # the rebuilt cache works
    assert third == first and counts == {"annotated": 0, "from cache": 3} and warnings == []


def test_a_truncated_database_file_is_rebuilt(tmp_path):
    cache = tmp_path / "nlp"
    first, _, _ = annotate(cache)
    db = cache / "cache.db"
    db.write_bytes(db.read_bytes()[:1000])
    again, counts, warnings = annotate(cache)
    assert again == first and counts["annotated"] == 3 and len(warnings) == 1


def test_an_unpicklable_entry_is_a_miss_and_is_rewritten(tmp_path):
    cache = tmp_path / "nlp"
    first, _, _ = annotate(cache)
    with sqlite3.connect(cache / "cache.db") as db:
        keys = [k for (k,) in db.execute("SELECT key FROM Cache ORDER BY rowid")]
        db.execute("UPDATE Cache SET value = ?, mode = 4 WHERE key = ?", (b"\x80\x04\x95garbage", keys[0]))  # pickle mode
        db.execute("UPDATE Cache SET value = ?, mode = 1 WHERE key = ?", (b"raw bytes, not an annotation", keys[1]))
    db.close()
    again, counts, warnings = annotate(cache)
    assert again == first
    assert counts == {"annotated": 2, "from cache": 1, "unreadable in cache": 2}
    assert warnings == ["nlp: 2 unreadable annotation cache entries; annotated again"]
    _, counts, warnings = annotate(cache)  # rewritten
    assert counts == {"annotated": 0, "from cache": 3} and warnings == []


def test_many_annotations_are_written_in_one_transaction_or_none(tmp_path):
    """``set_many`` writes a batch at once; a value that cannot be stored fails the whole
    batch with one warning and the run goes on without the cache, nothing half-written."""
    from pipeline.nlp import AnnotationCache

    value = [{"text": "x", "start": 0, "ents": [], "tokens": []}]
    cache = AnnotationCache(tmp_path / "nlp", "fp")
    cache.set_many((f"text {i}", value) for i in range(50))
    assert [cache.get(f"text {i}") for i in range(50)] == [value] * 50 and cache.warnings == []
    cache.set_many([("kept? no", value), ("unstorable", lambda: None)])
    assert len(cache.warnings) == 1 and "write failed" in cache.warnings[0]
    assert cache.get("text 1") is None  # closed: running without the cache
    again = AnnotationCache(tmp_path / "nlp", "fp")
    assert again.get("text 49") == value and again.get("kept? no") is None and again.warnings == []
    again.close()
