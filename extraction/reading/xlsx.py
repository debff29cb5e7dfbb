"""Excel .xlsx (openpyxl): every sheet as a grid, merged cells filled."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .docx import check_zip
from .model import Document, ReadError, TextBuilder, sheet_rows


def _text(cell) -> str | None:
    """The cell's value as the sheet shows it: 1 formatted 0% reads 100%, 5.0 reads 5."""
    value = cell.value
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{value * 100:.10g}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


def _sheet_rows(path: Path, ws, used: int) -> list[list]:
    """Rows from A1 (so row numbers are Excel's) to the last cell with a value; a merged range is
    filled from its top-left cell."""
    # only the cells the file holds: iter_rows() would walk every row a style reaches (often all 1M)
    cells = {}
    for cell in list(ws._cells.values()):
        text = _text(cell)
        if text is not None:
            cells[(cell.row - 1, cell.column - 1)] = text
    merged = [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges]
    return sheet_rows(path, f"sheet {ws.title}", cells, merged, used)


def read_xlsx(path: Path, data: bytes) -> Document:
    """Each sheet's cells as one grid; formulas give their cached value."""
    check_zip(path, data, ".xlsx", "xl/workbook.xml")
    from openpyxl import load_workbook

    # not read-only: merged ranges are only known to a fully loaded sheet
    wb = load_workbook(io.BytesIO(data), data_only=True)
    out = TextBuilder()
    for n, ws in enumerate(wb.worksheets, 1):
        rows = _sheet_rows(path, ws, out.cells)
        if rows:
            out.table(rows, {"sheet": ws.title, "table": n})
    if not out.grids:
        raise ReadError(path, "no cells with text in the workbook")
    return out.document(path.name, str(path), "xlsx")
