"""The questions analysts ask of the dataset, answered from the published outputs alone in a few
lines of pandas (as the README and the data dictionary show them)."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def out(sample_output):
    return sample_output.out


def test_events_per_year_and_type(out):
    events = pd.read_parquet(out / "events.parquet")
    per = events.groupby([pd.to_datetime(events["date_start"]).dt.year, "event_type"]).size()
    assert per.sum() == len(events)
    assert per.loc[(2011, "violence")] >= 1 and per.loc[(2019, "conviction")] >= 1
    assert per.index.get_level_values(0).dtype.kind == "i"  # a year is a number, not text: a time axis


def test_killings_by_year(out):
    events = pd.read_parquet(out / "events.parquet")
    killed = events.groupby(pd.to_datetime(events["date_start"]).dt.year)[["killed", "killed_min", "killed_max"]].sum()
    assert killed.loc[2011, "killed_min"] >= 12  # Zhanaozen, December 2011: "at least 12" to "17" killed
    assert killed.loc[2011, "killed_min"] <= killed.loc[2011, "killed"] <= killed.loc[2011, "killed_max"]


def test_one_persons_timeline_with_sources(out):
    events = pd.read_parquet(out / "events.parquet")
    mentions = pd.read_parquet(out / "mentions.parquet")
    person = "Erlan Baltabay"
    timeline = events[events["people"].map(lambda names: person in names)].sort_values("date_start")
    sources = mentions[mentions["event_id"].isin(timeline["event_id"])][["event_id", "publisher", "url", "evidence"]]
    assert len(timeline) >= 3 and timeline["date_start"].is_monotonic_increasing
    assert set(timeline["event_type"]) >= {"conviction", "release"}
    assert set(sources["event_id"]) == set(timeline["event_id"]) and sources["url"].str.startswith("http").all()


def test_events_changed_since_the_last_refresh(out):
    changes = pd.read_parquet(out / "changes.parquet")
    events = pd.read_parquet(out / "events.parquet")
    last = changes["changed_at"].max()
    since = changes[changes["changed_at"] == last]
    assert set(since["change"]) <= {"new", "changed", "merged_into", "split_from", "deleted"}
    touched = events[pd.to_datetime(events["last_changed"]) >= pd.to_datetime(last)]
    assert set(touched["event_id"]) == set(since.loc[since["change"].isin(["new", "changed", "split_from"]), "event_id"])


def test_events_per_country_year_and_type_and_a_map(out):
    events = pd.read_parquet(out / "events.parquet")
    per = events.groupby(["country", pd.to_datetime(events["date_start"]).dt.year, "event_type"]).size()
    assert per.loc["KZ"].sum() >= 0.9 * len(events)  # the sample is about Kazakhstan
    assert set(events["country_name"].dropna()) >= {"Kazakhstan"}
    placed = events.dropna(subset=["latitude", "longitude"])  # what a map draws
    assert len(placed) >= 0.9 * len(events)
    kz = placed[placed["country"] == "KZ"]
    assert kz["latitude"].between(40, 56).all() and kz["longitude"].between(46, 88).all()  # inside Kazakhstan's box
    assert set(placed["geo_precision"]) <= {"place", "admin1", "country"}
