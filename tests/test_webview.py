"""The web view over HTTP: `python -m pipeline serve` on the sample's tables answers on
127.0.0.1 with every table, the facets, the event pages' links and the canned queries."""

from __future__ import annotations

import json
import urllib.parse
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from pipeline import webview
from webview_server import serving

DB = webview.DATABASE


@pytest.fixture(scope="module")
def server(sample_output, tmp_path_factory):
    with serving(sample_output.out, tmp_path_factory.mktemp("webview") / "web") as running:
        yield running


@pytest.fixture(scope="module")
def tables(sample_output):
    return {name: pd.read_parquet(sample_output.out / f"{name}.parquet")
            for name in ("events", "mentions", "documents", "pairs", "entities", "pages")}


def test_every_table_is_served_with_all_its_rows(server, tables):
    served = {t["name"]: t["count"] for t in server.get(f"/{DB}.json")["tables"]}
    for name, frame in tables.items():
        assert served[name] == len(frame), name


def test_it_listens_on_loopback_only(server):
    listening = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == "0A" and int(local.split(":")[1], 16) == server.port:
            listening.append(local.split(":")[0])
    assert listening == ["0100007F"]  # 127.0.0.1, not 0.0.0.0


def test_events_facet_on_type_and_year_with_the_tables_counts(server, tables):
    events = tables["events"]
    facets = server.get(f"/{DB}/events.json?_size=0")["facet_results"]
    by_type = {f["value"]: f["count"] for f in facets["event_type"]["results"]}
    assert by_type == events["event_type"].value_counts().to_dict()
    by_year = {f["value"]: f["count"] for f in facets["year"]["results"]}
    assert by_year == events["event_date"].str.slice(0, 4).astype(int).value_counts().to_dict()


def test_mentions_facet_on_actor_and_target_types_as_arrays(server, tables):
    facets = server.get(f"/{DB}/mentions.json?_size=0")["facet_results"]
    for column in ("actor_types", "target_types"):
        rows_with = Counter(value for values in tables["mentions"][column] for value in set(values))
        got = {f["value"]: f["count"] for f in facets[column]["results"]}
        assert got and got == {value: rows_with[value] for value in got}, column
        assert set(got) == set(rows_with) or len(got) >= 30  # Datasette lists up to 30 values


def test_columns_the_tables_lack_are_named_in_one_line(server, tables):
    notes = [line for line in server.stderr.splitlines() if line.startswith("web view: left out")]
    facets = server.get(f"/{DB}/events.json?_size=0")["facet_results"]
    for column in ("country", "actor1_type", "actor2_type"):
        if column in tables["events"]:
            assert column in facets
        else:
            assert len(notes) == 1 and f"events.{column}" in notes[0]


def test_lists_are_json_arrays(server, tables):
    event = tables["events"].loc[tables["events"]["people"].map(len).idxmax()]
    row = server.get(f"/{DB}/events/{event.event_id}.json?_shape=objects")["rows"][0]
    assert json.loads(row["people"]) == list(event.people)
    assert json.loads(row["source_urls"]) == list(event.source_urls)


def test_an_event_page_links_its_mentions(server, tables):
    event = tables["events"].sort_values(["n_mentions", "event_id"]).iloc[-1]
    data = server.get(f"/{DB}/events/{event.event_id}.json?_extras=foreign_key_tables")
    links = {(fk["other_table"], fk["other_column"]): fk["count"] for fk in data["foreign_key_tables"]}
    assert links[("mentions", "event_id")] == event.n_mentions >= 2


def test_one_persons_timeline_lists_their_mentions_in_date_order(server, tables):
    mentions = tables["mentions"]
    person = mentions["people"].explode().dropna().value_counts().index[0]
    expected = mentions[mentions["people"].map(lambda names: person in list(names))]
    rows = server.get(f"/{DB}/person_timeline.json?_shape=array&person={urllib.parse.quote(person)}")
    assert sorted(r["evidence"] for r in rows) == sorted(expected["evidence"])
    dates = [r["event_date"] for r in rows]
    assert dates == sorted(dates) and all(r["url"].startswith("http") for r in rows)


def test_events_per_year_and_type_matches_pandas(server, tables):
    events = tables["events"]
    rows = server.get(f"/{DB}/events_per_year_and_type.json?_shape=array")
    got = {(r["year"], r["event_type"]): r["events"] for r in rows}
    expected = events.groupby([events["event_date"].str.slice(0, 4).astype(int), "event_type"]).size()
    assert got == {key: int(n) for key, n in expected.items()}


def test_the_metadata_uses_the_coming_columns_when_present():
    events = pd.DataFrame({"event_id": ["evt_1"], "event_date": ["2011-12-16"], "event_type": ["violence"],
                           "country": ["KZ"], "actor1_type": ["security_forces"], "actor2_type": ["workers"],
                           "killed": [14]})
    tables = webview.with_year({"events": events})
    meta, notes = webview.metadata(webview.load_config(), tables)
    db = meta["databases"][DB]
    assert {"country", "year", "actor1_type", "actor2_type"} <= set(db["tables"]["events"]["facets"])
    assert {"events_per_country_year_and_type", "killed_per_year"} <= set(db["queries"])
    named = " ".join(notes)
    assert not [c for c in ("events.country", "events.actor1_type", "events.actor2_type", "events.killed") if c in named]
    assert "events.date_precision" in named  # this frame has no such column: said, not served


def test_a_bad_config_entry_is_named(tmp_path):
    config = tmp_path / "webview.toml"
    config.write_text('[[queries]]\nname = "a"\ntitle = "A"\nsql = "select 1"\n'
                      '[[queries]]\nname = "a"\ntitle = "B"\nsql = "select 2"\n', encoding="utf-8")
    with pytest.raises(webview.WebviewError, match=r"queries\[1\] \(a\): a second query"):
        webview.load_config(config)
    config.write_text("[tables.nonsense]\nfacets = []\n", encoding="utf-8")
    with pytest.raises(webview.WebviewError, match=r"\[tables.nonsense\]"):
        webview.load_config(config)


def test_serve_without_tables_says_what_to_run(tmp_path):
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "pipeline", "serve", "--out", str(tmp_path), "--port", "1"],
                         cwd=webview_root(), capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "no events.parquet" in run.stderr and "pipeline process" in run.stderr


def webview_root() -> Path:
    return Path(__file__).resolve().parent.parent


def test_the_coming_columns_are_faceted_and_queried_when_a_run_has_them(tmp_path):
    """The columns of the places and analyst work (country, actor types, killed, publishers,
    the changelog): a run that has them gets their facets and queries, over HTTP."""
    out = tmp_path / "out"
    out.mkdir()
    events = pd.DataFrame({
        "event_id": ["evt_a", "evt_b", "evt_c"], "event_date": ["2011-12-16", "2011", "2013-05"],
        "date_precision": ["day", "year", "month"], "event_type": ["violence", "strike", "arrest"],
        "summary": ["Police shot dead 14 workers.", "Oil workers went on strike.", "The leader was arrested."],
        "country": ["KZ", "KZ", "BY"], "actor1_type": ["security_forces", "workers", "security_forces"],
        "actor2_type": ["workers", None, "activists"], "killed": pd.array([14, None, None], dtype="Int64"),
        "publishers": [["ITUC", "HRW"], ["ITUC"], ["IndustriALL"]],
    })
    mentions = pd.DataFrame({"mention_id": ["m1", "m2", "m3"], "event_id": ["evt_a", "evt_b", "evt_c"],
                             "event_date": ["2011-12-16", "2011", "2013-05"], "event_type": ["violence", "strike", "arrest"],
                             "evidence": ["Police shot dead 14 workers.", "Oil workers went on strike.", "The leader was arrested."],
                             "url": ["https://a.example/1", "https://a.example/2", "https://b.example/3"],
                             "people": [[], [], ["A. Leader"]]})
    changes = pd.DataFrame({"changed_at": ["2026-10-01T00:00:00Z", "2026-11-02T00:00:00Z"], "event_id": ["evt_a", "evt_c"],
                            "change": ["new", "changed"], "fields": [[], ["summary"]], "related_event_id": [None, None]})
    for name, frame in (("events", events), ("mentions", mentions), ("changes", changes)):
        frame.to_parquet(out / f"{name}.parquet")
    with serving(out, tmp_path / "web") as server:
        facets = server.get(f"/{DB}/events.json?_size=0")["facet_results"]
        assert {f["value"]: f["count"] for f in facets["country"]["results"]} == {"KZ": 2, "BY": 1}
        assert {f["value"]: f["count"] for f in facets["actor1_type"]["results"]} == {"security_forces": 2, "workers": 1}
        assert {f["value"]: f["count"] for f in facets["publishers"]["results"]} == {"ITUC": 2, "HRW": 1, "IndustriALL": 1}
        rows = server.get(f"/{DB}/events_per_country_year_and_type.json?_shape=array")
        assert [(r["country"], r["year"], r["event_type"], r["events"]) for r in rows] == [
            ("BY", 2013, "arrest", 1), ("KZ", 2011, "strike", 1), ("KZ", 2011, "violence", 1)]
        assert server.get(f"/{DB}/killed_per_year.json?_shape=array") == [{"year": 2011, "events": 1, "killed": 14}]
        since = server.get(f"/{DB}/changes_since.json?_shape=array&since=2026-11-01")
        assert [(r["event_id"], r["change"], json.loads(r["fields"])) for r in since] == [("evt_c", "changed", ["summary"])]
        assert not [line for line in server.stderr.splitlines() if "events.country" in line]
