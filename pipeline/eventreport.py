"""The events report (`make report`): charts of the event table, rendered to one HTML file.

Charts a reader can trust at a glance: years on a numeric axis (a year without events is a
zero, in its place), a few well-separated colours (the most frequent types, the rest as one
grey "other types"), whole-number count ticks, and a map of events by place when the tables
carry coordinates. ``python -m pipeline.eventreport --out processed --html reports/events.html``.
"""

from __future__ import annotations

import argparse
import base64
import html
import io
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # off-screen: the report is files, never a window
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator, MultipleLocator  # noqa: E402

# Okabe & Ito's colour-blind-safe qualitative palette (black left out): the most frequent
# types get one each, in order; every other type is summed into OTHER, in grey.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442"]
OTHER = "more types"  # the column of the summed rest; its legend says how many
OTHER_COLOUR = "#9E9E9E"


def event_years(events: pd.DataFrame) -> pd.Series:
    """The year of each event's date, whatever its precision (null when undated)."""
    return pd.to_numeric(events["event_date"].str.slice(0, 4), errors="coerce").astype("Int64")


def per_year_by_type(events: pd.DataFrame, top: int = len(PALETTE)) -> pd.DataFrame:
    """Events per year (every year from the first to the last, zeros included) and type: the
    ``top`` most frequent types as columns, most frequent first, the rest summed as OTHER."""
    years = event_years(events)
    dated = events.assign(year=years)[years.notna()]
    if dated.empty:
        return pd.DataFrame(index=pd.Index([], name="year", dtype="int64"))
    counts = dated["event_type"].value_counts()
    order = sorted(counts.index, key=lambda name: (-counts[name], name))  # ties by name: the same colours every run
    kept = order[:top] if len(order) > top + 1 else order
    kind = dated["event_type"].where(dated["event_type"].isin(kept), OTHER)
    table = pd.crosstab(dated["year"].astype(int), kind)
    columns = kept + ([OTHER] if OTHER in table else [])
    full = range(int(table.index.min()), int(table.index.max()) + 1)
    table = table.reindex(index=full, columns=columns, fill_value=0)
    table.index.name = "year"
    table.attrs["more_types"] = sorted(set(order) - set(kept))
    return table


def colours(columns) -> list[str]:
    return [OTHER_COLOUR if c == OTHER else PALETTE[i % len(PALETTE)] for i, c in enumerate(columns)]


def per_year_figure(table: pd.DataFrame, title: str = "Events per year, by type") -> Figure:
    """Stacked bars on a numeric year axis with integer ticks on both axes."""
    fig = Figure(figsize=(10, 4.8), layout="constrained")
    ax = fig.subplots()
    bottom = pd.Series(0, index=table.index)
    for column, colour in zip(table.columns, colours(table.columns)):
        label = f"{len(table.attrs.get('more_types', []))} more types" if column == OTHER else column
        ax.bar(table.index.to_numpy(dtype=float), table[column].to_numpy(), bottom=bottom.to_numpy(),
               width=0.8, color=colour, label=label, edgecolor="white", linewidth=0.5)
        bottom = bottom + table[column]
    span = len(table.index)
    ax.xaxis.set_major_locator(MultipleLocator(1) if span <= 20 else MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    if len(table.index):
        ax.set_xlim(table.index.min() - 0.6, table.index.max() + 0.6)
    ax.set_xlabel("year of the event (any date precision)")
    ax.set_ylabel("events")
    ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], title="event type", loc="upper left", bbox_to_anchor=(1.01, 1),
              frameon=False, fontsize="small")
    return fig


def places(events: pd.DataFrame) -> pd.DataFrame | None:
    """Events per coordinate pair (with a label: location, else country name, else country),
    or None when the table has no coordinates."""
    if not {"latitude", "longitude"} <= set(events.columns):
        return None
    located = events.dropna(subset=["latitude", "longitude"])
    if located.empty:
        return None
    named = [c for c in ("location", "country_name", "country") if c in located]  # the most specific first
    label = located[named].bfill(axis=1).iloc[:, 0].fillna("") if named else pd.Series("", index=located.index)
    grouped = located.assign(label=label).groupby(["latitude", "longitude"], as_index=False)
    return grouped.agg(events=("event_id", "size"), label=("label", "first"))


def map_figure(points: pd.DataFrame) -> Figure:
    """Events by place: one disc per coordinate pair, its area the number of events (no base
    map: the report draws only what the tables hold, offline)."""
    fig = Figure(figsize=(8, 5), layout="constrained")
    ax = fig.subplots()
    size = 30 + 400 * points["events"] / int(points["events"].max())
    ax.scatter(points["longitude"], points["latitude"], s=size, color=PALETTE[0], alpha=0.6, edgecolor="white")
    for row in points.itertuples():
        ax.annotate(f"{row.label} ({row.events})" if row.label else str(row.events), (row.longitude, row.latitude),
                    xytext=(5, 5), textcoords="offset points", fontsize="small")
    pad = 2.0
    ax.set_xlim(max(points["longitude"].min() - pad, -180), min(points["longitude"].max() + pad, 180))
    ax.set_ylim(max(points["latitude"].min() - pad, -90), min(points["latitude"].max() + pad, 90))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_title("Events by place (disc area: number of events)")
    ax.grid(color="#eeeeee", linewidth=0.6)
    return fig


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, metadata={"Software": None})  # the same bytes from the same data
    return buffer.getvalue()


def render(out: Path) -> tuple[str, bytes, list[str]]:
    """The report's HTML, the per-year chart's PNG and the notes on what is left out."""
    events = pd.read_parquet(out / "events.parquet")
    table = per_year_by_type(events)
    chart = png(per_year_figure(table))
    notes = []
    undated = int(event_years(events).isna().sum())
    if undated:
        notes.append(f"{undated} event(s) without a date are not in the chart")
    points = places(events)
    if points is None:
        notes.append("no coordinates in the events table yet (latitude/longitude come with the places columns): the map is left out")
    parts = [f"<h1>Events: {len(events)} from {out}</h1>",
             f"<p>{len(table.index)} year(s), {int(table.to_numpy().sum())} dated event(s). "
             "Colours: the most frequent types; the rest are summed in grey"
             + (f" ({html.escape(', '.join(table.attrs['more_types']))})" if table.attrs.get("more_types") else "") + ".</p>",
             _img(chart, "Events per year by type")]
    if points is not None:
        parts += ["<h2>Events by place</h2>", _img(png(map_figure(points)), "Events by place")]
    if "country" in events:
        per_country = pd.crosstab(events["country"].fillna("(none)"), event_years(events).fillna(0).astype(int))
        parts += ["<h2>Events per country and year</h2>", per_country.to_html(border=0)]
    parts += ["<h2>Events per year and type</h2>", table.to_html(border=0)]
    if notes:
        parts += ["<ul class='notes'>" + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>"]
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Events report</title>"
            "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}"
            "td,th{padding:2px 8px;text-align:right}img{max-width:100%}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")
    return page, chart, notes


def _img(data: bytes, alt: str) -> str:
    return f"<img alt='{html.escape(alt)}' src='data:image/png;base64,{base64.b64encode(data).decode()}'>"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.eventreport", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("processed"), help="folder with the processed tables")
    parser.add_argument("--html", type=Path, default=Path("reports/events.html"), help="report to write")
    parser.add_argument("--chart", type=Path, default=None, help="also write the per-year chart as a PNG here")
    args = parser.parse_args(argv)
    if not (args.out / "events.parquet").exists():
        print(f"report: no events.parquet in {args.out}; run `python -m pipeline process` first", file=sys.stderr)
        return 1
    page, chart, notes = render(args.out)
    args.html.parent.mkdir(parents=True, exist_ok=True)
    args.html.write_text(page, encoding="utf-8")
    if args.chart:
        args.chart.parent.mkdir(parents=True, exist_ok=True)
        args.chart.write_bytes(chart)
    for note in notes:
        print(f"report: {note}")
    print(f"report: wrote {args.html}" + (f" and {args.chart}" if args.chart else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
