"""The direct XLSX writer stores what openpyxl's writer stored: the same value and cell type in
every cell (read back with openpyxl), and it hands a frame with other values to openpyxl."""

from __future__ import annotations

import datetime as dt
import zipfile

import pandas as pd
from openpyxl import load_workbook

from pipeline.xlsx import write_xlsx_file, write_xlsx_openpyxl

FRAME = pd.DataFrame({
    "text": ["plain", " spaced ", "a\r\nb", "<b>&amp;</b>", "=1+2", "#N/A", "", "tab\there", "bell\x07", "x" * 40000],
    "names": [["A", "B"], [], ["C"], None, ["<D>"], [], ["E"], [], [], []],
    "count": pd.array([1, None, 3, 4, 5, 6, 7, 8, 9, 10**17 + 1], dtype="Int64"),
    "score": [0.1, 2.0, float("nan"), 1e-7, float("inf"), -3.5, 1 / 3, 0.0, 5.0, 6.25],
    "flag": [True, False, True, False, True, False, True, False, True, False],
})


def cells(path, sheet):
    return [[(c.value, c.data_type) for c in row] for row in load_workbook(path)[sheet].iter_rows()]


def test_every_cell_as_openpyxl_stores_it(tmp_path):
    write_xlsx_openpyxl(FRAME, tmp_path / "a.xlsx", sheet="t & <x>")
    write_xlsx_file(FRAME, tmp_path / "b.xlsx", sheet="t & <x>")
    assert load_workbook(tmp_path / "b.xlsx").sheetnames == ["t & <x>"]
    assert cells(tmp_path / "b.xlsx", "t & <x>") == cells(tmp_path / "a.xlsx", "t & <x>")
    rows = list(load_workbook(tmp_path / "b.xlsx", read_only=True)["t & <x>"].iter_rows(values_only=True))
    assert rows == list(load_workbook(tmp_path / "a.xlsx", read_only=True)["t & <x>"].iter_rows(values_only=True))


def test_the_same_table_gives_the_same_bytes(tmp_path):
    write_xlsx_file(FRAME, tmp_path / "a.xlsx", sheet="t")
    write_xlsx_file(FRAME, tmp_path / "b.xlsx", sheet="t")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert zipfile.ZipFile(tmp_path / "a.xlsx").testzip() is None


def test_a_frame_with_dates_is_written_by_openpyxl(tmp_path):
    frame = pd.DataFrame({"day": [dt.date(2019, 9, 1)], "text": ["x"]})
    write_xlsx_file(frame, tmp_path / "d.xlsx", sheet="d")
    sheet = load_workbook(tmp_path / "d.xlsx")["d"]
    assert sheet["A2"].is_date and sheet["B2"].value == "x"


def _rows_one_by_one(frame: pd.DataFrame) -> list[str]:
    """The sheet's rows as the writer made them before it worked a column at a time: each row's
    values in turn (``itertuples``), each cell from its value."""
    import math

    from pipeline.xlsx import NOT_IN_XML, _column_letters, _escape, xlsx_value

    letters = _column_letters(len(frame.columns))
    out = []
    rows = [list(map(str, frame.columns)), *frame.itertuples(index=False, name=None)]
    for number, row in enumerate(rows, start=1):
        cells = []
        for letter, value in zip(letters, row):
            value = xlsx_value(value)
            ref = f"{letter}{number}"
            if value is None:
                continue
            if value == "":
                cells.append(f'<c r="{ref}" t="inlineStr"/>')
            elif isinstance(value, str):
                assert not NOT_IN_XML.search(value)
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="n"><v>{"%.16g" % value if math.isfinite(value) else ""}</v></c>')
        out.append(f'<row r="{number}">{"".join(cells)}</row>')
    return out


def test_cells_made_a_column_at_a_time_are_the_rows_made_one_by_one():
    from pipeline.xlsx import _sheet_rows

    repeated = pd.concat([FRAME] * 3, ignore_index=True)  # each value met again further down its column
    repeated["kind"] = pd.Series(["arrest", None, "strike", "arrest", " arrest"] * 6, dtype="str")
    repeated["same"] = "one"
    for frame in (FRAME, repeated, repeated.iloc[:0]):
        assert list(_sheet_rows(frame)) == _rows_one_by_one(frame)


def test_the_characters_dropped_are_openpyxls():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from pipeline.xlsx import NOT_IN_XML_1_0

    characters = [chr(c) for c in range(0x3000)]
    assert [c for c in characters if NOT_IN_XML_1_0.match(c)] == [c for c in characters if ILLEGAL_CHARACTERS_RE.match(c)]
    assert len([c for c in characters if NOT_IN_XML_1_0.match(c)]) == 29
