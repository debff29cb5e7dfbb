"""The document model every reader produces: the text the records' offsets refer to, plus the
real cells of the tables a format has (Word, Excel, HTML, PDF) with their offsets and origin."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

# Positions of a filing's tables once merged cells are filled (padding of short rows included):
# each becomes a GridCell, ~0.3 KB built (a million took 300 MB and 3 s); real filings' tables
# have thousands. A sheet, page or web table that would go over it is refused before it is built.
MAX_GRID_CELLS = 1_000_000


class ReadError(Exception):
    """A file that cannot be read; the message names the file and the problem (one line)."""

    def __init__(self, path: str | Path, problem: str) -> None:
        problem = " ".join(str(problem).split())
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def grid_too_large(path: str | Path, what: str, cells: int) -> ReadError:
    """The error for a table that takes the filing's tables over ``MAX_GRID_CELLS`` positions
    (``cells``, with the tables before it); ``what`` names it ("sheet Sheet1", "table 3")."""
    return ReadError(path, f"{what} takes the filing's tables to {cells:,} cells once merged cells are "
                           f"filled, over the {MAX_GRID_CELLS:,}-cell limit for one filing")


def sheet_rows(path: str | Path, what: str, cells: dict[tuple[int, int], str],
               merged: Iterable[tuple[int, int, int, int]], used: int = 0) -> list[list]:
    """A spreadsheet's rows for :meth:`TextBuilder.table`, from its first row to the last holding a
    value; ``cells`` are the values by 0-based (row, col), ``merged`` the merged ranges as inclusive
    (first row, first col, last row, last col). A range whose top-left cell holds a value is filled
    from it, clipped to the cells holding values (formatting often runs to the sheet's last row).
    Refused (ReadError) before it is built when, with the ``used`` positions of the tables before
    it, it would be over ``MAX_GRID_CELLS``."""
    if not cells:
        return []
    max_r = max(r for r, _ in cells)
    max_c = max(c for _, c in cells)
    last_col: dict[int, int] = {}
    for r, c in cells:
        last_col[r] = max(last_col.get(r, -1), c)
    spans: list[tuple[int, int, int, int]] = []
    area = used
    for r0, c0, r1, c1 in merged:
        if (r0, c0) not in cells:
            continue
        r1, c1 = min(r1, max_r), min(c1, max_c)
        if r1 < r0 or c1 < c0:
            continue
        area += (r1 - r0 + 1) * (c1 - c0 + 1)
        if area > MAX_GRID_CELLS:  # before walking their rows: a sheet may hold many large ranges
            raise grid_too_large(path, what, area)
        spans.append((r0, c0, r1, c1))
        for r in range(r0, r1 + 1):
            last_col[r] = max(last_col.get(r, -1), c1)
    # as TextBuilder counts them: an empty row counts one
    size = used + sum(c + 1 for c in last_col.values()) + (max_r + 1 - len(last_col))
    if size > MAX_GRID_CELLS:
        raise grid_too_large(path, what, size)
    anchor_of: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in spans:
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0):
                    anchor_of[(r, c)] = (r0, c0)
    rows: list[list] = []
    for r in range(max_r + 1):
        row: list = []
        for c in range(last_col.get(r, -1) + 1):
            top = anchor_of.get((r, c))
            row.append(("merged", top) if top else cells.get((r, c)))
        rows.append(row)
    return rows


@dataclass
class GridCell:
    """One cell of a real table: ``text == document.text[start:end]``.

    A merged cell is filled: every grid position it covers holds its text and points at the one
    place it is written (``merged`` is True at the positions after the first).
    """

    text: str
    start: int
    end: int
    row: int
    col: int
    merged: bool = False


@dataclass
class Grid:
    """A table as the file stores it: rows of cells (rows may be ragged) and where it came from
    (``origin``: e.g. {"page": 2, "table": 1} or {"sheet": "Sheet1", "table": 1})."""

    rows: list[list[GridCell]]
    start: int
    end: int
    origin: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Where the grid is, for messages: "page 2 table 1", "sheet 表1 table 1"."""
        return " ".join(f"{k} {v}" for k, v in self.origin.items()) or "a table"

    def where(self, cell: GridCell) -> dict[str, Any]:
        """The cell's origin for a record's extra fields (row and cell numbers start at 1)."""
        return {**self.origin, "row": cell.row + 1, "cell": cell.col + 1}


@dataclass
class Document:
    """A filing: its name (the records' ``doc``), its text, and the real cells where it has them."""

    name: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)
    grids: list[Grid] = field(default_factory=list)


def _clean(s: str) -> str:
    # tabs and newlines delimit cells and rows in the text, so a cell or paragraph may not hold a
    # tab; \r and form feeds become newlines (one character for one, offsets stay exact)
    return s.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\t", " ").replace("\x00", "")


class TextBuilder:
    """Writes paragraphs and tables into one text, recording each cell's offsets.

    Paragraphs are lines; a table is its rows, cells joined by tabs and rows by newlines, so the
    text path (tab-separated tables) still reads it and offsets into the text are exact.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pos = 0
        self.grids: list[Grid] = []
        self.cells = 0  # positions of the tables written (a row counts at least one): see MAX_GRID_CELLS

    def _write(self, s: str) -> int:
        start = self._pos
        self._parts.append(s)
        self._pos += len(s)
        return start

    def paragraph(self, s: str) -> None:
        s = _clean(s).strip("\n")
        if s.strip():
            self._write(s + "\n")

    def blank(self) -> None:
        self._write("\n")

    def table(self, rows: list[list[Any]], origin: dict[str, Any]) -> Grid | None:
        """Write a table. A cell is a string, or ``("merged", (r, c))`` naming the earlier cell it
        continues (merged cells are filled from it); None is an empty cell."""
        if not any(any(isinstance(c, str) and c.strip() for c in row) for row in rows):
            return None
        start = self._pos
        self.cells += sum(max(1, len(row)) for row in rows)
        out: list[list[GridCell]] = []
        for r, row in enumerate(rows):
            cells: list[GridCell] = []
            for c, value in enumerate(row):
                if c:
                    self._write("\t")
                if isinstance(value, tuple):
                    r0, c0 = value[1]
                    try:
                        src = out[r0][c0] if r0 < r else cells[c0]
                    except IndexError:
                        src = None
                    cells.append(GridCell(src.text, src.start, src.end, r, c, merged=True) if src
                                 else GridCell("", self._pos, self._pos, r, c))
                    continue
                # a Word merge keeps the merged cells' empty paragraphs: no blank lines at the ends
                text = _clean(value or "").strip("\n")
                a = self._write(text)
                cells.append(GridCell(text, a, a + len(text), r, c))
            self._write("\n")
            out.append(cells)
        grid = Grid(out, start, self._pos, dict(origin))
        self.grids.append(grid)
        return grid

    def document(self, name: str, path: str | None, encoding: str = "", **meta: Any) -> Document:
        return Document(name=name, text="".join(self._parts), path=path, encoding=encoding, meta=meta,
                        grids=self.grids)
