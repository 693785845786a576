"""XLSX copies of the main tables, for spreadsheet users who open files rather than import CSV.

The cells hold what the CSV copies hold (lists joined with "; "), with three differences the
format forces: every text cell is stored as text, so a scraped "=HYPERLINK(...)" is never a
formula and needs no apostrophe; control characters XML cannot carry are dropped; and a cell
longer than Excel's limit (32,767 characters) is cut there, ending with "…" (the Parquet and
CSV tables keep the whole text).
"""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path

import pandas as pd

from .tables import column_cells

EXCEL_CELL_LIMIT = 32767
LIST_SEPARATOR = "; "  # as in the CSV copies (pipeline.tables)


def xlsx_value(value):
    """The value of one cell: lists joined, nulls empty, text made storable."""
    if value is None:
        return None
    if type(value) is str:  # the common cell, without the checks below (which pass it as it is)
        value = _illegal_characters().sub("", value)
        return value if len(value) <= EXCEL_CELL_LIMIT else value[: EXCEL_CELL_LIMIT - 1] + "…"
    ILLEGAL_CHARACTERS_RE = _illegal_characters()
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


# The control characters XML 1.0 cannot hold (all below U+0020 but tab, line feed and carriage
# return): the characters openpyxl drops too, matched here so writing a sheet need not import it.
NOT_IN_XML_1_0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _illegal_characters() -> re.Pattern:
    return NOT_IN_XML_1_0


def write_xlsx_file(frame: pd.DataFrame, path: Path, sheet: str) -> Path:
    """One sheet named ``sheet``: a header row, then one row per row of ``frame``. Written as
    SpreadsheetML directly (text as inline strings, as openpyxl writes it, numbers and booleans
    as themselves), several times faster than building the cells with openpyxl; a frame holding
    any other kind of value (dates, say) is written with openpyxl (``write_xlsx_openpyxl``)."""
    try:
        rows = _sheet_rows(frame)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            for name, text in _package_parts(sheet[:31]).items():
                book.writestr(_entry(name), text)
            with book.open(_entry("xl/worksheets/sheet1.xml"), "w") as part:
                part.write(f'{XML_HEAD}<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode())
                chunk: list[str] = []
                for row in rows:
                    chunk.append(row)
                    if len(chunk) >= 2000:
                        part.write("".join(chunk).encode("utf-8"))
                        chunk.clear()
                part.write(("".join(chunk) + "</sheetData></worksheet>").encode("utf-8"))
    except _Unsupported:
        return write_xlsx_openpyxl(frame, path, sheet)
    return Path(path)


class _Unsupported(Exception):
    """A value the direct writer does not store (openpyxl does)."""


XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
NOT_IN_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")  # what UTF-8 XML cannot hold, left after ILLEGAL_CHARACTERS_RE


def _entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with a fixed time, so the same table gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _package_parts(sheet: str) -> dict[str, str]:
    types = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    return {
        "[Content_Types].xml": (
            f'{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{types}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{types}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{types}.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}"><Relationship Id="rId1" '
            f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{XML_HEAD}<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
            f'<sheet name="{_escape(sheet, quote=True)}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'{XML_HEAD}<Relationships xmlns="{PACKAGE_REL_NS}">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL_NS}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'{XML_HEAD}<styleSheet xmlns="{MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
    }


def _escape(text: str, quote: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return text.replace('"', "&quot;") if quote else text


def _column_letters(n: int) -> list[str]:
    letters = []
    for k in range(1, n + 1):
        name = ""
        while k:
            k, rest = divmod(k - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _sheet_rows(frame: pd.DataFrame):
    """The ``<row>`` elements of the sheet, header first (checked lazily: ``_Unsupported`` may
    come while writing, and the caller starts again with openpyxl). Each column's cells are made
    a column at a time, a value met again in the column taking its cell from the first time (a
    column of publishers or event types repeats a few words), then joined row by row."""
    letters = _column_letters(len(frame.columns))
    yield _row_element(1, [(letter, _cell_body(str(name))) for letter, name in zip(letters, frame.columns)])
    columns = [_column_bodies(frame.iloc[:, k]) for k in range(frame.shape[1])]
    for number, bodies in enumerate(zip(*columns), start=2):
        yield _row_element(number, zip(letters, bodies))


def _row_element(number: int, cells) -> str:
    row = "".join(f'<c r="{letter}{number}"{body}' for letter, body in cells if body is not None)
    return f'<row r="{number}">{row}</row>'


def _column_bodies(column: pd.Series) -> list:
    """Each cell of a column as its element after the reference (``t="..."><v>...</v></c>``),
    None for an empty cell."""
    values = column_cells(column)
    seen: dict = {}
    bodies = []
    for value in values:
        if type(value) is str:
            body = seen.get(value)
            if body is None:
                body = seen[value] = _cell_body(value)
            bodies.append(body)
        else:
            bodies.append(_cell_body(value))
    return bodies


def _cell_body(value):
    """What follows ``<c r="A1"`` in a cell of ``value``; None for no cell."""
    value = xlsx_value(value)
    if value is None:
        return None
    if value == "":
        return ' t="inlineStr"/>'
    if isinstance(value, str):  # as openpyxl writes them: inline, space kept where it matters
        if NOT_IN_XML.search(value):
            raise _Unsupported
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f' t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):  # openpyxl's number format; not a number: empty
        text = "%.16g" % value if math.isfinite(value) else ""
        return f' t="n"><v>{text}</v></c>'
    raise _Unsupported


def write_xlsx_openpyxl(frame: pd.DataFrame, path: Path, sheet: str) -> Path:
    """``write_xlsx_file`` with openpyxl's writer, for any value openpyxl stores."""
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
