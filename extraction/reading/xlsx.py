"""Excel .xlsx (openpyxl): every sheet as a grid, merged cells filled."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from .docx import check_zip
from .model import Document, ReadError, TextBuilder, sheet_rows

# Limits checked in the sheets' XML before openpyxl loads them. openpyxl makes an object for every
# cell a sheet stores, ~0.8 KB and ~30 microseconds each (400,000 took 330 MB and 12 s), and one
# for every cell a merged range covers (2.6 million took 770 MB and 55 s: A20:XFD1048576 is 17
# billion). Real filings store thousands of cells and merge a few dozen.
MAX_STORED_CELLS = 1_000_000  # cells the workbook's sheets store, with or without a value
MAX_MERGED_CELLS = 100_000  # cells a sheet's merged ranges cover; over it they are clipped to its data

_CELL = re.compile(rb"<(?:\w+:)?c[\s/>]")
# a cell element that is not empty (<c r="B2" s="1"/> holds only formatting): it may hold a value
_FULL_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)(?<!/)>")
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_MERGE = re.compile(rb'(<(?:\w+:)?mergeCell\b[^>]*?\bref=")([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"')


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


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _letters(col: int) -> str:
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _clip_merged(path: Path, name: str, xml: bytes) -> bytes | None:
    """The member's XML with its merged ranges clipped to the cells that may hold a value (the
    reader fills no further), when they cover over ``MAX_MERGED_CELLS`` cells; None when they do not."""
    ranges = []
    for m in _MERGE.finditer(xml):
        a = (_column(m.group(2)), int(m.group(3)))
        b = (_column(m.group(4) or m.group(2)), int(m.group(5) or m.group(3)))
        # corners in either order: a reversed range may not count as a negative area
        ranges.append((m, min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
    if sum((r1 - r0 + 1) * (c1 - c0 + 1) for _, c0, r0, c1, r1 in ranges) <= MAX_MERGED_CELLS:
        return None
    max_r = max_c = 0
    for m in _FULL_CELL.finditer(xml):
        ref = _REF.search(m.group(1))
        if ref is None:  # a cell without its position (openpyxl counts them): where the data ends is unknown
            max_r = max_c = 1 << 30
            break
        max_r, max_c = max(max_r, int(ref.group(2))), max(max_c, _column(ref.group(1)))
    parts: list[bytes] = []
    at = 0
    area = 0
    for m, c0, r0, c1, r1 in ranges:
        # a range starting past the data keeps only its top-left cell (it holds no value to fill)
        r1, c1 = (max(r0, min(r1, max_r)), max(c0, min(c1, max_c)))
        area += (r1 - r0 + 1) * (c1 - c0 + 1)
        parts += [xml[at:m.start()], m.group(1), f"{_letters(c0)}{r0}:{_letters(c1)}{r1}\"".encode()]
        at = m.end()
    if area > MAX_MERGED_CELLS:
        raise ReadError(path, f"{name}: merged ranges cover {area:,} cells of its data, over the "
                              f"{MAX_MERGED_CELLS:,}-cell limit")
    return b"".join(parts) + xml[at:]


def _bounded(path: Path, data: bytes) -> bytes:
    """The package, refused if its sheets store too many cells, with merged ranges clipped where
    they cover too many; checked in the XML, which openpyxl would expand."""
    clipped: dict[str, bytes] = {}
    stored = 0
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if not info.filename.lower().endswith(".xml"):
                continue
            xml = z.read(info)  # the package's XML is bounded (check_zip): at most 50 MB
            stored += sum(1 for _ in _CELL.finditer(xml))
            if stored > MAX_STORED_CELLS:
                raise ReadError(path, f"its sheets store over {MAX_STORED_CELLS:,} cells, the limit for "
                                      "one workbook")
            new = _clip_merged(path, info.filename, xml)
            if new is not None:
                clipped[info.filename] = new
        if not clipped:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as w:  # stored: only openpyxl reads it
            for info in z.infolist():
                w.writestr(info.filename, clipped.get(info.filename) or z.read(info))
    return out.getvalue()


def read_xlsx(path: Path, data: bytes) -> Document:
    """Each sheet's cells as one grid; formulas give their cached value."""
    check_zip(path, data, ".xlsx", "xl/workbook.xml")
    data = _bounded(path, data)
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
