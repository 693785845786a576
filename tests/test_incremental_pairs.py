"""Dedup on a refresh scores only the pairs that touch a changed mention (``pipeline.pair_cache``):
the others take the values the last run gave them, and every table is the one a run that scores
every pair gives. A damaged pair cache costs a full rescore and one warning, never the run."""

import shutil

import pandas as pd

from conftest import ROOT
from pipeline.archive import Archive, ArchiveWriter
from pipeline.dedup import deduplicate, load_dedup_config
from pipeline.event_columns import MENTION_COLUMNS as ROLE_COLUMNS
from pipeline.pair_cache import STATE_FILE, PairCache
from pipeline.process import process_archive
from pipeline.sources import load_sources

CONFIG = load_sources(ROOT / "config" / "sources.toml")
DEDUP = load_dedup_config(ROOT / "config" / "dedup.toml")
STAMPS = ["last_changed", "created"]  # the time each run changed or first made an event
FROM_CACHE = "pairs scored, from the last run"


def dedup_input(out):
    """The mentions as dedup reads them (the table less what dedup adds)."""
    return pd.read_parquet(out / "mentions.parquet").drop(columns=["event_id", *ROLE_COLUMNS])


def same_result(found, expected):
    pd.testing.assert_frame_equal(found.pairs, expected.pairs, obj="pairs")
    pd.testing.assert_frame_equal(found.events, expected.events, obj="events")
    pd.testing.assert_frame_equal(found.mentions, expected.mentions, obj="mentions")
    pd.testing.assert_frame_equal(found.queue, expected.queue, obj="review queue")


def test_unchanged_pairs_keep_their_values_and_the_result_is_a_full_scoring(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    mentions = dedup_input(sample_output.out)
    first = PairCache(tmp_path / "pairs")
    same_result(deduplicate(mentions, {}, DEDUP, prior=first), deduplicate(mentions, {}, DEDUP))
    assert first.reused == 0 and first.scored > 100 and (tmp_path / "pairs" / STATE_FILE).exists()

    unchanged = PairCache(tmp_path / "pairs")
    same_result(deduplicate(mentions, {}, DEDUP, prior=unchanged), deduplicate(mentions, {}, DEDUP))
    assert unchanged.scored == 0 and unchanged.reused == first.scored

    changed = mentions.copy()  # one mention's sentence gains a word no other has: only its pairs change
    k = int(changed.index[changed["people"].map(len) > 0][0])
    changed.loc[k, "evidence"] = changed.loc[k, "evidence"] + " Quelwortz."
    changed.loc[k, "event_type"] = "strike" if changed.loc[k, "event_type"] != "strike" else "arrest"
    refresh = PairCache(tmp_path / "pairs")
    found = deduplicate(changed, {}, DEDUP, prior=refresh)
    same_result(found, deduplicate(changed, {}, DEDUP))
    touching = int(((found.pairs["mention_a"] == changed.loc[k, "mention_id"])
                    | (found.pairs["mention_b"] == changed.loc[k, "mention_id"])).sum())
    assert refresh.scored == touching >= 1 and refresh.reused == len(found.pairs) - touching


def test_a_mention_more_rescores_what_its_words_weigh_on(sample_output, tmp_path, monkeypatch):
    """One mention fewer changes the weight of every word (idf): no kept pair is valid, and the
    result is still a full scoring's."""
    monkeypatch.chdir(ROOT)
    mentions = dedup_input(sample_output.out)
    deduplicate(mentions, {}, DEDUP, prior=PairCache(tmp_path / "pairs"))
    fewer = mentions.drop(index=[len(mentions) // 2]).reset_index(drop=True)
    again = PairCache(tmp_path / "pairs")
    same_result(deduplicate(fewer, {}, DEDUP, prior=again), deduplicate(fewer, {}, DEDUP))
    assert again.reused == 0 and again.warnings == []


def test_a_damaged_pair_cache_is_one_warning_and_a_full_rescore(sample_output, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    mentions = dedup_input(sample_output.out)
    state = tmp_path / "pairs" / STATE_FILE
    deduplicate(mentions, {}, DEDUP, prior=PairCache(tmp_path / "pairs"))
    good = state.read_bytes()
    middle = len(good) // 2
    for damage in (good[:middle], b"not a pickle", good[:middle] + b"\0" * 64 + good[middle + 64:]):
        state.write_bytes(damage)
        damaged = PairCache(tmp_path / "pairs")
        same_result(deduplicate(mentions, {}, DEDUP, prior=damaged), deduplicate(mentions, {}, DEDUP))
        assert damaged.reused == 0 and len(damaged.warnings) == 1 and "every pair scored afresh" in damaged.warnings[0]
        rewritten = PairCache(tmp_path / "pairs")
        deduplicate(mentions, {}, DEDUP, prior=rewritten)
        assert rewritten.scored == 0 and rewritten.warnings == []
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    unwritable = PairCache(blocked)
    same_result(deduplicate(mentions, {}, DEDUP, prior=unwritable), deduplicate(mentions, {}, DEDUP))
    assert len(unwritable.warnings) == 1 and "could not be written" in unwritable.warnings[0]


def tables(out):
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("events", "pairs", "mentions")}


def by_content(events: pd.DataFrame) -> pd.DataFrame:
    """Events without their IDs and stamps (a refresh keeps the last run's IDs, a cold run has none), in one order."""
    frame = events.drop(columns=["event_id", *STAMPS], errors="ignore")
    return frame.sort_values(["event_date", "summary", "source_urls"], key=lambda c: c.astype(str)).reset_index(drop=True)


def test_a_refresh_after_one_page_changed_equals_a_cold_run(sample_output, tmp_path, monkeypatch):
    """A later fetch run archives one page with other words in a sentence: dedup reuses most scored pairs, and
    pairs.parquet and the events are the ones a cold run over the same archive gives (and, event
    IDs and all, the ones the same refresh without the pair cache gives)."""
    monkeypatch.chdir(ROOT)
    raw, out, uncached = tmp_path / "raw", tmp_path / "out", tmp_path / "uncached"
    shutil.copytree(ROOT / "raw", raw)
    shutil.copytree(sample_output.out, out, symlinks=True)
    shutil.copytree(sample_output.out, uncached, symlinks=True)
    shutil.rmtree(uncached / "cache" / "pairs")
    documents = pd.read_parquet(sample_output.out / "documents.parquet")
    linked = set(documents["link"].dropna()) | set(documents.loc[documents["duplicate_of"].notna(), "url"])
    single = {url for url, n in documents[documents["duplicate_of"].isna()].groupby("url").size().items() if n == 1}
    archive = Archive(raw)  # a page of one document that no index entry or copy repeats: its change is its own
    capture, body = next((c, archive.read_body(c)) for c in archive.good_pages()
                         if c.url in single - linked and b" and " in archive.read_body(c))
    writer = ArchiveWriter(raw, provenance=capture.provenance)
    writer.write_exchange(url=capture.url, request_url=capture.request_url, request_headers={}, status=200, reason="OK",
                          response_headers=[("Content-Type", capture.content_type)],
                          body=body.replace(b" and ", b" as well as ", 1), source=capture.source,
                          page_kind=capture.page_kind, depth=capture.depth)
    writer.commit({})
    again = process_archive(Archive(raw), CONFIG, out, decisions_file=sample_output.decisions)
    assert again.counts["pages cleaned"] == 1 and again.counts["mentions"] == sample_output.result.counts["mentions"]
    assert 0 < again.counts[FROM_CACHE] < again.counts["pairs scored"]
    assert not [w for w in again.warnings if "pair cache" in w]
    cold = process_archive(Archive(raw), CONFIG, tmp_path / "cold", decisions_file=sample_output.decisions)
    assert cold.counts[FROM_CACHE] == 0 and cold.counts["pairs scored"] == again.counts["pairs scored"]
    pd.testing.assert_frame_equal(tables(out)["pairs"], tables(tmp_path / "cold")["pairs"], obj="pairs")
    pd.testing.assert_frame_equal(by_content(tables(out)["events"]), by_content(tables(tmp_path / "cold")["events"]),
                                  obj="events")
    full = process_archive(Archive(raw), CONFIG, uncached, decisions_file=sample_output.decisions)
    assert full.counts[FROM_CACHE] == 0
    for name, table in tables(out).items():
        pd.testing.assert_frame_equal(table.drop(columns=STAMPS, errors="ignore"),
                                      tables(uncached)[name].drop(columns=STAMPS, errors="ignore"), obj=name)
    same = process_archive(Archive(raw), CONFIG, out, decisions_file=sample_output.decisions)  # nothing new: whole stage
    assert same.counts[FROM_CACHE] == same.counts["pairs scored"]
