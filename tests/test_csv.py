"""The CSV copies are safe in a spreadsheet and faithful: every cell with a line break is quoted,
no line of any cell starts like a formula (even behind invisible marks or in full-width forms),
and the text reads back exactly, apart from the neutralising apostrophes."""

from __future__ import annotations

import csv
import re
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.tables import neutralise_formula, restore_formula, write_csv

FORMULA = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
INVISIBLE = "".join(map(chr, [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]))

HOSTILE = [
    "=HYPERLINK(\"http://evil.example\")",
    "Arrested in Almaty.\n=cmd|' /C calc'!A0",
    "first line\r+SUM(1,1)",
    "a\r\nb, with a comma and a \"quote\"",
    "\u200b=1+1",
    "\u202e\u2066@SUM(A1)",
    "\ufeff-2+3",
    "\uff1d1+1",
    "\uff20cmd",
    "'=already quoted",
    "\tindented",
    "plain text",
]


def read_cells(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def starts_like_a_formula(text: str) -> bool:
    """A cell's line a spreadsheet would run: a formula character, perhaps behind invisible marks."""
    return text.lstrip(INVISIBLE).startswith(FORMULA)


def physical_line_starts_like_a_formula(line: str) -> bool:
    """The same for a raw line of the file, where a quoted cell opens with one quote ('""' is a
    literal quote, so what follows it is text)."""
    return starts_like_a_formula(line[1:] if line.startswith('"') else line)


def test_cells_with_line_breaks_are_quoted_and_no_line_starts_like_a_formula(tmp_path):
    path = write_csv(pd.DataFrame({"text": HOSTILE, "n": range(len(HOSTILE))}), tmp_path / "t.csv")
    rows = read_cells(path)
    assert rows[0] == ["text", "n"]
    assert [restore_formula(r[0]) for r in rows[1:]] == HOSTILE  # one row per cell, whatever its line breaks
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(len(HOSTILE))]
    raw = path.read_bytes().decode("utf-8-sig")  # no newline translation
    assert '"Arrested in Almaty.\n\'=cmd' in raw and '"first line\r\'+SUM' in raw  # quoted, and each line neutralised
    lines = re.split(r"\r\n|\r|\n", raw)
    assert not [line for line in lines if physical_line_starts_like_a_formula(line)]
    assert len(pd.read_csv(path, encoding="utf-8-sig")) == len(HOSTILE)


def test_neutralising_is_reversible_and_leaves_plain_text_alone():
    assert neutralise_formula("plain text") == "plain text"
    assert neutralise_formula("\u200b=1") == "'\u200b=1"
    assert neutralise_formula("'=x") == "''=x"  # so that removing one apostrophe gives the text back
    assert neutralise_formula("a\n-b") == "a\n'-b"
    assert neutralise_formula(3) == 3
    for text in HOSTILE:
        assert restore_formula(neutralise_formula(text)) == text


CELL_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from([*FORMULA, *INVISIBLE, "\n", "\r", "'", '"', ",", ";", " "]),
    ),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CELL_TEXT, min_size=1, max_size=5), st.lists(CELL_TEXT, max_size=3))
def test_any_text_round_trips_and_no_cell_starts_like_a_formula(texts, listed):
    frame = pd.DataFrame({"text": texts, "names": [listed] * len(texts)})
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(frame, Path(folder) / "t.csv")
        rows = read_cells(path)
        raw = path.read_bytes().decode("utf-8-sig")  # no newline translation
    assert len(rows) == len(texts) + 1
    assert [restore_formula(r[0]) for r in rows[1:]] == texts
    assert all(restore_formula(r[1]) == "; ".join(listed) for r in rows[1:])
    for row in rows[1:]:
        for cell in row:  # what a spreadsheet shows: no line of any cell is a formula
            assert not any(starts_like_a_formula(line) for line in re.split(r"\r\n|\r|\n", cell))
    assert not [line for line in re.split(r"\r\n|\r|\n", raw) if physical_line_starts_like_a_formula(line)]


def test_a_text_column_reads_as_each_of_its_values_does(tmp_path):
    """``spreadsheet_frame`` reads a text column in one go: the cells are the ones read one
    value at a time (missing ones stay missing), for text as pandas and as Parquet give it."""
    from pipeline.tables import _cell, spreadsheet_frame

    texts = ["=1+2", "plain", None, "a\n-b", "", "@x"]
    for dtype in ("str", pd.StringDtype("python"), object):
        frame = pd.DataFrame({"text": pd.Series(texts, dtype=dtype), "n": range(len(texts))})
        frame.to_parquet(tmp_path / "t.parquet")
        for read in (frame, pd.read_parquet(tmp_path / "t.parquet")):
            one_by_one = [neutralise_formula(v) if isinstance(v, str) else _cell(v) for v in read["text"]]
            got = list(spreadsheet_frame(read)["text"])
            assert [v if isinstance(v, str) else "missing" for v in got] == \
                   [v if isinstance(v, str) else "missing" for v in one_by_one]
            assert got[0] == "'=1+2" and got[3] == "a\n'-b" and not isinstance(got[2], str)


def test_a_table_digest_changes_with_any_value_or_type_and_only_then():
    """``table_digest`` decides whether a table's files are written again: equal tables give
    one digest however they were built, and a change JSON would round away is seen."""
    from pipeline.tables import table_digest

    frame = pd.DataFrame({"id": ["a", "b", None], "x": [0.1, 2.5, 3.0], "tags": [["p"], [], ["q", "r"]]})
    rebuilt = pd.concat([frame.iloc[:1], frame.iloc[1:]])  # another index and other chunks
    assert table_digest(frame) == table_digest(rebuilt) == table_digest(frame.copy())
    assert table_digest(frame).startswith("arrow:")
    changed = frame.copy()
    changed.loc[1, "x"] = 2.5 + 1e-12  # the same in to_json's ten digits
    assert changed.to_json(orient="values") == frame.to_json(orient="values")
    assert table_digest(changed) != table_digest(frame)
    assert table_digest(frame.astype({"x": "float32"})) != table_digest(frame)
    assert table_digest(frame.rename(columns={"x": "y"})) != table_digest(frame)
    mixed = pd.DataFrame({"v": [1, "one", {"k": 1}]})  # no Arrow type for this column: JSON instead
    assert table_digest(mixed).startswith("json:") and table_digest(mixed) == table_digest(mixed.copy())
    assert table_digest(mixed) != table_digest(pd.DataFrame({"v": [1, "one", {"k": 2}]}))


def test_a_table_digest_is_the_same_for_text_held_as_str_or_as_objects():
    """A changelog read back holds its text as objects, a new one as ``str``: the same table,
    so the same digest (its files are linked, not written again)."""
    from pipeline.tables import table_digest

    frame = pd.DataFrame({"id": pd.Series(["a", "b"], dtype="str"), "n": [1, 2],
                          "fields": [["x"], []], "nested": [{"k": "v"}, {"k": "w"}]})
    as_objects = frame.astype({"id": object})
    as_objects["fields"] = [pd.Series(v, dtype="str").to_numpy(dtype=object).tolist() for v in frame["fields"]]
    assert as_objects["id"].dtype == object and frame["id"].dtype != object
    assert table_digest(frame) == table_digest(as_objects)
    assert table_digest(frame) != table_digest(frame.assign(id=["a", "c"]))
