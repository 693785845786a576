# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Events: what the tables say
#
# **`notebooks/events.py` is the source of this notebook** (jupytext "percent" format, so it
# diffs well); `notebooks/events.ipynb` is generated from it. After editing the `.py`,
# regenerate the notebook from the repository root with
#
# ```sh
# .venv/bin/jupytext --to ipynb --update notebooks/events.py
# ```
#
# (`--update` keeps the cell IDs of the existing `.ipynb`, so its diff stays small) and commit both (`tests/test_notebook.py` checks that they agree and that the notebook runs).
#
# The notebook reads only the tables under `processed/` (build them with `make process`); set
# `PIPELINE_PROCESSED_DIR` to read another output folder. It runs with the repository root or
# `notebooks/` as working directory, and writes nothing.

# %%
import os
import textwrap
from pathlib import Path

import pandas as pd
from IPython.display import Image, display

from pipeline.eventreport import event_years, per_year_by_type, per_year_figure
from pipeline.eventreport import png as chart_png  # renders off-screen (Agg)


def processed_dir() -> Path:
    """PIPELINE_PROCESSED_DIR, else processed/ of the repository (from its root or notebooks/)."""
    if os.environ.get("PIPELINE_PROCESSED_DIR"):
        return Path(os.environ["PIPELINE_PROCESSED_DIR"])
    at_root = (Path("pipeline").is_dir() and Path("notebooks").is_dir())
    return Path("processed") if at_root else Path("..") / "processed"


PROCESSED = processed_dir()
if not (PROCESSED / "events.parquet").exists():
    raise FileNotFoundError(f"no events.parquet in {PROCESSED.resolve()}: run `make process` or set PIPELINE_PROCESSED_DIR")

events = pd.read_parquet(PROCESSED / "events.parquet")
mentions = pd.read_parquet(PROCESSED / "mentions.parquet")
pairs = pd.read_parquet(PROCESSED / "pairs.parquet")
review_queue = pd.read_csv(PROCESSED / "review_queue.csv", encoding="utf-8-sig")
print(f"{PROCESSED.resolve()}: {len(events)} events from {len(mentions)} mentions, {len(pairs)} scored pairs")

# %% [markdown]
# ## Events per year, by event type
#
# The year of each event's date (whatever its precision: day, month or year), on a numeric
# axis: a year without events shows as an empty place. The most frequent types get a colour
# each (a colour-blind-safe palette); the others are summed in grey. The chart is the one of
# `make report` (`pipeline/eventreport.py`), which also writes the README's copy. Events
# without a date are counted apart.

# %%
per_year = per_year_by_type(events)
print(f"{int(event_years(events).isna().sum())} event(s) without a date are not shown")
if per_year.attrs.get("more_types"):
    print("in grey: " + ", ".join(per_year.attrs["more_types"]))
display(Image(chart_png(per_year_figure(per_year))))
per_year.assign(total=per_year.sum(axis=1))

# %% [markdown]
# ## People and organisations in the most events
#
# Counted from the events' `people` and `organisations` lists: an event that several sources
# report counts once.


# %%
def most_named(column: str, n: int = 10) -> pd.DataFrame:
    names = events[column].explode().dropna()
    return names.value_counts().head(n).rename_axis(column).rename("events").reset_index()


display(most_named("people"))
display(most_named("organisations"))

# %% [markdown]
# ## One event, several sources
#
# The event reported by the most distinct sources (`n_sources`; ties go to the one with more
# mentions), with every mention of it: the sentence, who published it, where, and the date it
# gives.

# %% tags=["multi-source-event"]
pd.set_option("display.max_colwidth", 200)
event = events.sort_values(["n_sources", "n_mentions", "event_id"], ascending=[False, False, True]).iloc[0]
print(f"{event['event_id']}: {event['event_type']} on {event['event_date']} ({event['date_precision']}), "
      f"{event['n_sources']} source(s), {event['n_mentions']} mention(s)")
print(textwrap.fill(f"summary: {event['summary']}", 100, subsequent_indent="  "))
if event["n_sources"] < 2:
    print("(no event has more than one source in these tables)")
its_mentions = mentions.loc[mentions["event_id"] == event["event_id"], ["evidence", "publisher", "url", "event_date"]]
for number, row in enumerate(its_mentions.sort_values(["publisher", "url"]).itertuples(index=False), start=1):
    print(f"\n[{number}] {row.event_date} · {row.publisher} · {row.url}")
    print(textwrap.fill(row.evidence, 100, initial_indent="    ", subsequent_indent="    "))

# %% [markdown]
# ## Duplicate pairs: reviewed and pending
#
# Pairs of mentions scored between the `review` and `same` thresholds need a reviewer
# (`python -m pipeline review`, decisions in `review/decisions.jsonl`). A pair is reviewed when it
# has a `decision`. `review_queue.csv` lists the pending pairs whose mentions are still in
# different events (a pending pair already joined through other links is not asked about), so
# it can be shorter than the pending count.

# %%
to_review = pairs[pairs["outcome"] == "review"]
summary = pd.Series(
    {
        "pairs scored": len(pairs),
        "pairs flagged for review": len(to_review),
        "reviewed (decision given)": int(to_review["decision"].notna().sum()),
        "pending (no decision)": int(to_review["decision"].isna().sum()),
        "rows in review_queue.csv": len(review_queue),
    },
    name="pairs",
)
display(summary.to_frame())
display(to_review["decision"].fillna("pending").value_counts().rename("pairs").to_frame())
