"""The analyst columns of events and mentions (pipeline/event_columns.py): roles, counts with
their ranges, publishers, and dates that cover their precision."""

from __future__ import annotations

import pandas as pd

from pipeline.event_columns import EVENT_COLUMNS, event_columns, mention_columns, reported_figure


def mention(mention_id, event_id, **fields):
    row = {"mention_id": mention_id, "event_id": event_id, "event_type": "violence", "event_subtype": None,
           "n_people": None, "actors": [], "actor_types": [], "targets": [], "target_types": [], "publisher": "ITUC"}
    row.update(fields)
    return row


MENTIONS = pd.DataFrame([
    mention("m1", "evt_a", event_subtype="killing", n_people=16, actors=["police"], actor_types=["security_forces"],
            targets=["at least 16 demonstrators"], target_types=["protesters"], publisher="RFE/RL"),
    mention("m2", "evt_a", event_subtype="killing", n_people=17, actors=["police", "Kazakh authorities"],
            actor_types=["security_forces", "government"], targets=["17"], target_types=["civilians"]),
    mention("m3", "evt_a", event_subtype="killing", n_people=16, publisher="Solidarity Center"),
    mention("m4", "evt_a", event_subtype="injury", n_people=100.0, targets=["more than 100 workers"], target_types=["workers"]),
    mention("m5", "evt_b", event_type="arrest", n_people=19, targets=["19 people"], target_types=["civilians"]),
    mention("m6", "evt_c", event_type="dismissal"),
])
EVENTS = pd.DataFrame({"event_id": ["evt_a", "evt_b", "evt_c"], "n_mentions": [4, 1, 1]})


def test_actors_are_ranked_by_how_many_reports_name_them():
    events = event_columns(EVENTS, MENTIONS).set_index("event_id")
    a = events.loc["evt_a"]
    assert (a["actor1"], a["actor1_type"]) == ("police", "security_forces")
    assert a["assoc_actor1"] == ["Kazakh authorities"]
    assert a["actor2"] == "17"  # every target named once: alphabetical first
    assert a["assoc_actor2"] == ["at least 16 demonstrators", "more than 100 workers"]
    assert events.loc["evt_c", "actor1"] is None and events.loc["evt_c", "assoc_actor1"] == []


def test_counts_give_the_figure_most_reports_give_and_the_range():
    events = event_columns(EVENTS, MENTIONS).set_index("event_id")
    a = events.loc["evt_a"]
    assert (a["killed"], a["killed_min"], a["killed_max"]) == (16, 16, 17)
    assert (a["injured"], a["injured_min"], a["injured_max"]) == (100, 100, 100)
    assert pd.isna(a["detained"]) and pd.isna(a["dismissed_max"])
    assert events.loc["evt_b", "detained"] == 19
    assert pd.isna(events.loc["evt_c", "dismissed"])  # a dismissal without a number is no count
    assert reported_figure([12, 16, 17]) == (12, 12, 17)  # no majority: the conservative reading
    assert str(events["killed"].dtype) == "Int64"


def test_publishers_are_listed_once_each():
    events = event_columns(EVENTS, MENTIONS).set_index("event_id")
    assert events.loc["evt_a", "publishers"] == ["ITUC", "RFE/RL", "Solidarity Center"]
    assert set(EVENT_COLUMNS) <= set(events.columns)


def test_mentions_carry_their_own_roles_and_counts():
    rows = mention_columns(MENTIONS).set_index("mention_id")
    assert (rows.loc["m2", "actor1"], rows.loc["m2", "actor1_type"]) == ("police", "security_forces")
    assert (rows.loc["m4", "actor2"], rows.loc["m4", "actor2_type"]) == ("more than 100 workers", "workers")
    assert rows.loc["m4", "injured"] == 100 and pd.isna(rows.loc["m4", "killed"])
    assert rows.loc["m5", "detained"] == 19 and rows.loc["m6", "actor1"] is None


def test_the_sample_events_have_the_columns_and_dates_that_parse(sample_output):
    events = pd.read_parquet(sample_output.out / "events.parquet")
    zhanaozen = events.set_index("event_id").loc["evt_c1d8169ddf525973"]  # Zhanaozen, 16 December 2011
    assert zhanaozen["killed_min"] < zhanaozen["killed_max"]  # the reports disagree: a range
    assert zhanaozen["actor1_type"] == "security_forces"
    assert len(zhanaozen["publishers"]) == zhanaozen["n_sources"]
    start, end = pd.to_datetime(events["date_start"]), pd.to_datetime(events["date_end"])
    assert start.notna().all() and (start <= end).all()
    for precision, length in (("month", 28), ("year", 365)):
        rows = events["date_precision"] == precision
        assert rows.any(), precision
        assert ((end[rows] - start[rows]).dt.days + 1 >= length).all(), precision
    # the range covers the best date's whole month, and more where reports give other dates
    for _, month in events[events["date_precision"] == "month"].iterrows():
        last_day = (pd.Timestamp(month["event_date"] + "-01") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")
        assert month["date_start"] <= month["event_date"] + "-01" and month["date_end"] >= last_day, month["event_id"]
