"""Excel .xlsx (openpyxl): every sheet as a grid, merged cells filled."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .docx import check_zip
from .model import Document, ReadError, TextBuilder


def _text(cell) -> str | None:
    """The cell's value as the sheet shows it: 1 formatted 0% reads 100%, 5.0 reads 5."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{value * 100:.10g}%"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value)


def read_xlsx(path: Path, data: bytes) -> Document:
    """Each sheet's used range as one grid; formulas give their cached value."""
    check_zip(path, data, ".xlsx", "xl/workbook.xml")
    from openpyxl import load_workbook

    # not read-only: merged ranges are only known to a fully loaded sheet
    wb = load_workbook(io.BytesIO(data), data_only=True)
    out = TextBuilder()
    for n, ws in enumerate(wb.worksheets, 1):
        anchors: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if (r, c) != (rng.min_row, rng.min_col):
                        anchors[(r, c)] = (rng.min_row, rng.min_col)
        rows: list[list] = []
        index: dict[tuple[int, int], tuple[int, int]] = {}
        for r, row in enumerate(ws.iter_rows(), 1):  # from A1, so rows keep Excel's numbers
            cells: list = []
            for c, xcell in enumerate(row, 1):
                if (r, c) in anchors and anchors[(r, c)] in index:
                    cells.append(("merged", index[anchors[(r, c)]]))
                else:
                    index[(r, c)] = (len(rows), len(cells))
                    cells.append(_text(xcell))
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        while rows and not rows[-1]:
            rows.pop()
        if rows:
            out.table(rows, {"sheet": ws.title, "table": n})
    if not out.grids:
        raise ReadError(path, "no cells with text in the workbook")
    return out.document(path.name, str(path), "xlsx")
