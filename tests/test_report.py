"""The events report: it builds from the sample, and its charts hold what they promise, read
from the figure objects: a numeric year axis with empty years as zeros, separated colours,
whole-number ticks, and a map from the coordinates when the tables have them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from pipeline import eventreport as report

ROOT = Path(__file__).resolve().parent.parent


def synthetic_events(types_per_year: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(f"evt_{i}", date, kind) for i, (date, kinds) in enumerate(types_per_year.items()) for kind in kinds]
    rows = [(f"{eid}_{j}", date, kind) for j, (eid, date, kind) in enumerate(rows)]
    return pd.DataFrame(rows, columns=["event_id", "event_date", "event_type"])


def bars_by_year(ax) -> dict[float, float]:
    """Total bar height at each x position (every container stacked at the same positions)."""
    totals: dict[float, float] = {}
    for container in ax.containers:
        for bar in container:
            x = bar.get_x() + bar.get_width() / 2
            totals[x] = totals.get(x, 0) + bar.get_height()
    return totals


def test_a_year_without_events_is_a_zero_in_its_place():
    events = synthetic_events({"2013-05-01": ["arrest", "arrest"], "2015": ["strike"], "2011-07": ["arrest", "fine", "fine"]})
    table = report.per_year_by_type(events)
    assert list(table.index) == [2011, 2012, 2013, 2014, 2015]
    assert table.loc[2014].sum() == 0 and table.loc[2012].sum() == 0
    ax = report.per_year_figure(table).axes[0]
    totals = bars_by_year(ax)
    assert sorted(totals) == [2011.0, 2012.0, 2013.0, 2014.0, 2015.0]  # numeric positions: the year itself
    assert totals[2014.0] == 0 and totals[2011.0] == 3 and totals[2013.0] == 2
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks == sorted(ticks) and all(float(t).is_integer() for t in ticks)
    assert {2011, 2014, 2015} <= {int(t) for t in ticks}


def test_count_ticks_are_whole_numbers():
    events = synthetic_events({"2020": ["arrest"], "2021": ["arrest", "strike"], "2022": ["strike"] * 3})
    ax = report.per_year_figure(report.per_year_by_type(events)).axes[0]
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), ticks


def test_many_types_get_separated_colours_and_the_rest_one_grey():
    kinds = [f"type{i:02d}" for i in range(15)]
    events = synthetic_events({"2019": [k for i, k in enumerate(kinds) for _ in range(15 - i)]})
    table = report.per_year_by_type(events)
    assert list(table.columns) == kinds[:len(report.PALETTE)] + [report.OTHER]  # most frequent first
    assert len(table.attrs["more_types"]) == 15 - len(report.PALETTE)
    ax = report.per_year_figure(table).axes[0]
    fills = [to_hex(container[0].get_facecolor()) for container in ax.containers]
    assert len(set(fills)) == len(fills) == len(report.PALETTE) + 1
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert f"{15 - len(report.PALETTE)} more types" in labels and "type00" in labels


def test_the_map_places_events_at_their_coordinates():
    events = pd.DataFrame({"event_id": ["e1", "e2", "e3"], "event_date": ["2011", "2011", "2012"],
                           "event_type": ["strike"] * 3, "country": ["KZ", "KZ", "BY"],
                           "location": ["Zhanaozen", "Zhanaozen", None],
                           "latitude": [43.34, 43.34, 53.9], "longitude": [52.86, 52.86, 27.57]})
    points = report.places(events)
    assert sorted(zip(points["longitude"], points["latitude"], points["events"], points["label"])) == [
        (27.57, 53.9, 1, "BY"), (52.86, 43.34, 2, "Zhanaozen")]
    ax = report.map_figure(points).axes[0]
    offsets = sorted(map(tuple, ax.collections[0].get_offsets().tolist()))
    assert offsets == [(27.57, 53.9), (52.86, 43.34)]
    assert report.places(events.drop(columns=["latitude", "longitude"])) is None


def test_the_report_builds_from_the_sample(sample_output, tmp_path):
    html, chart = tmp_path / "reports" / "events.html", tmp_path / "chart.png"
    run = subprocess.run([sys.executable, "-m", "pipeline.eventreport", "--out", str(sample_output.out),
                          "--html", str(html), "--chart", str(chart)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    page = html.read_text(encoding="utf-8")
    events = pd.read_parquet(sample_output.out / "events.parquet")
    assert f"<h1>Events: {len(events)} from" in page and page.count("data:image/png;base64,") >= 1
    assert chart.read_bytes().startswith(b"\x89PNG")
    if "latitude" in events:
        assert "Events by place" in page
    else:
        assert "the map is left out" in run.stdout and "the map is left out" in page
    table = report.per_year_by_type(events)
    assert int(table.to_numpy().sum()) == int(report.event_years(events).notna().sum())


def test_the_readme_chart_is_the_samples(sample_output):
    committed = ROOT / "docs" / "events-per-year.png"
    fresh = report.png(report.per_year_figure(report.per_year_by_type(pd.read_parquet(sample_output.out / "events.parquet"))))
    if committed.read_bytes() != fresh:
        pytest.fail("docs/events-per-year.png is stale (the sample's tables changed): run `make process report` "
                    "(or `python -m pipeline process --out DIR` then `python -m pipeline.eventreport --out DIR "
                    "--chart docs/events-per-year.png`) and commit it")


def test_without_tables_it_says_what_to_run(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pipeline.eventreport", "--out", str(tmp_path), "--html", str(tmp_path / "r.html")],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1 and "run `python -m pipeline process`" in run.stderr
