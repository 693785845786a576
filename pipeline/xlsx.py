"""XLSX copies of the main tables, for spreadsheet users who open files rather than import CSV.

The cells hold what the CSV copies hold (lists joined with "; "), with three differences the
format forces: every text cell is stored as text, so a scraped "=HYPERLINK(...)" is never a
formula and needs no apostrophe; control characters XML cannot carry are dropped; and a cell
longer than Excel's limit (32,767 characters) is cut there, ending with "…" (the Parquet and
CSV tables keep the whole text).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

EXCEL_CELL_LIMIT = 32767
LIST_SEPARATOR = "; "  # as in the CSV copies (pipeline.tables)


def xlsx_value(value):
    """The value of one cell: lists joined, nulls empty, text made storable."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0):
        value = LIST_SEPARATOR.join(map(str, list(value)))
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def write_xlsx_file(frame: pd.DataFrame, path: Path, sheet: str) -> Path:
    """One sheet named ``sheet``: a header row, then one row per row of ``frame``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES

    book = Workbook(write_only=True)
    page = book.create_sheet(title=sheet[:31])
    page.append(list(map(str, frame.columns)))
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for value in row:
            value = xlsx_value(value)
            if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
                value = WriteOnlyCell(page, value=value)
                value.data_type = "s"  # text, even when it looks like a formula or an error
            cells.append(value)  # plain values are stored as they are (a cell object each is 6x slower)
        page.append(cells)
    book.save(path)
    return Path(path)
