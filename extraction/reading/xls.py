"""Old Excel .xls (xlrd, BIFF8): every sheet as a grid, merged cells filled, as .xlsx is read."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .docx import OLE_MAGIC
from .model import Document, ReadError, TextBuilder, sheet_rows
from .xlsx import MAX_STORED_CELLS


def _number(value: float, fmt: str) -> str:
    """A number as the sheet shows it: 1 formatted 0% reads 100%, 5.0 reads 5."""
    if "%" in fmt:
        return f"{value * 100:.10g}%"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.15g}"


def _cell_text(book, sheet, r: int, c: int) -> str | None:
    import xlrd

    cell = sheet.cell(r, c)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return cell.value or None
    if cell.ctype == xlrd.XL_CELL_NUMBER:
        xf = book.xf_list[cell.xf_index] if book.xf_list else None
        fmt = book.format_map[xf.format_key].format_str if xf is not None and xf.format_key in book.format_map else ""
        return _number(cell.value, fmt)
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            when = xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError):
            return _number(cell.value, "")
        return when.date().isoformat() if when.time() == dt.time(0) else when.isoformat(sep=" ")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    return None  # error cells (#DIV/0!) show no value


def _sheet_rows(path: Path, book, sheet, used: int) -> list[list]:
    """Rows from A1 to the last cell with a value; a merged range is filled from its top-left cell."""
    stored = sum(sheet.row_len(r) for r in range(sheet.nrows))  # rows are ragged: the cells it stores
    if stored > MAX_STORED_CELLS:
        raise ReadError(path, f"sheet {sheet.name} stores {stored:,} cells, over the {MAX_STORED_CELLS:,}-cell "
                              "limit")
    cells = {}
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            text = _cell_text(book, sheet, r, c)
            if text is not None:
                cells[(r, c)] = text
    merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]  # half-open ranges
    return sheet_rows(path, f"sheet {sheet.name}", cells, merged, used)


def read_xls(path: Path, data: bytes) -> Document:
    """Each sheet's cells as one grid (row and cell numbers are Excel's)."""
    if not data.startswith(OLE_MAGIC):
        raise ReadError(path, "not an .xls file (no OLE2 container signature)")
    import xlrd

    try:
        # ragged rows: a value far right would otherwise pad every row of the sheet out to it
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True, ragged_rows=True)
    except xlrd.biffh.XLRDError as err:
        msg = str(err)
        if "encrypt" in msg.lower():
            raise ReadError(path, "password-protected (encrypted) .xls file: not read") from None
        raise ReadError(path, f"damaged .xls file ({msg})") from None
    out = TextBuilder()
    try:
        for n in range(book.nsheets):
            sheet = book.sheet_by_index(n)
            rows = _sheet_rows(path, book, sheet, out.cells)
            if rows:
                out.table(rows, {"sheet": sheet.name, "table": n + 1})
            book.unload_sheet(n)
    finally:
        book.release_resources()
    if not out.grids:
        raise ReadError(path, "no cells with text in the workbook")
    return out.document(path.name, str(path), "xls")
