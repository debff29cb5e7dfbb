"""The document model every reader produces: the text the records' offsets refer to, plus the
real cells of the tables a format has (Word, Excel, HTML, PDF) with their offsets and origin."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ReadError(Exception):
    """A file that cannot be read; the message names the file and the problem (one line)."""

    def __init__(self, path: str | Path, problem: str) -> None:
        problem = " ".join(str(problem).split())
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


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
