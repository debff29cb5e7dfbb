"""The structure of one document, found once and shared by the rules, the model and the assembler:
its header rows, its tables (read by the cells-first reader), its performance prose sections and where
each project starts. Every field is computed on first use, so the model-only extractor never reads
tables it does not need.
"""
from __future__ import annotations

from functools import cached_property

from ..normalizing.simplified import to_simplified
from ..reading.model import Document
from ..tables import Table
from ..tables.encodings import StreamCell
from ..tables.headers import header_runs
from ..tables.reader import columns_of, read_cell_tables, stream_cells
from .projects import Projects
from .sections import section_columns
from ..tables.grids import origins, with_grid_tables

__all__ = ["DocumentContext", "Projects", "read_tables"]


def read_tables(text: str, cells: list[StreamCell] | None = None, *, ocr: bool = False) -> list[Table]:
    """Every indicator table of ``text``, read by the cells-first reader (``tables.reader``) from
    the text's cells (found here when not given); ``ocr``: the text is OCR output."""
    return read_cell_tables(text, cells=cells, ocr=ocr)


class DocumentContext:
    """What every extractor needs to know about ``doc`` beyond its text, found once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text

    @classmethod
    def of_text(cls, text: str, name: str = "") -> "DocumentContext":
        """The context of a bare text (no file, no real cells)."""
        return cls(Document(name=name, text=text))

    @cached_property
    def cells(self) -> list[StreamCell]:
        """The text's cells in reading order, as the table reader cuts them."""
        return stream_cells(self.text, ocr=self.ocr)

    @property
    def ocr(self) -> bool:
        """Whether the text is OCR output (its reader says so: ``Document.meta["ocr_words"]``)."""
        return bool(self.doc.meta.get("ocr_words"))

    @cached_property
    def header_runs(self) -> list[tuple[int, int, list[str | None]]]:
        """Header rows as runs of :attr:`cells`: (first cell, cell after the last, column roles)."""
        return header_runs(self.text, self.cells)

    @cached_property
    def columns(self) -> list[tuple[str | None, str | None]]:
        """The reader's guess of each cell's column: (role, head word of its header cell)."""
        return columns_of(self.text, self.cells, self.header_runs)

    @cached_property
    def headers(self) -> list[tuple[int, int, list[str | None]]]:
        """Header rows in any layout: (start, end, column roles in order)."""
        cells = self.cells
        return [(cells[a].cell.start, cells[b - 1].cell.end, roles) for a, b, roles in self.header_runs]

    @cached_property
    def tables(self) -> list[Table]:
        """The indicator tables: the cells-first reader's, and for real cells (.docx .xlsx .html
        .pdf) the grids' own reading."""
        # (a cell broken over lines is told by its words in OCR'd text only: jieba is no cost of
        # reading typed text)
        tables = read_tables(self.text, self.cells, ocr=self.ocr)
        if self.doc.grids:  # real cells are read cell by cell, not guessed from text
            tables = with_grid_tables(self.doc, tables)
        return tables

    @cached_property
    def origin_at(self):
        """Where a value at an offset was read from (grid cells only; {} elsewhere)."""

        return origins(self.tables) if self.doc.grids else (lambda _: {})

    @cached_property
    def simple(self) -> str:
        """The text in simplified characters, one for one (the sections, the projects and the
        value judge's lines are matched in it)."""
        return to_simplified(self.text)

    @cached_property
    def sections(self) -> list[tuple[int, int, str]]:
        """Performance prose sections: (start, end, column)."""
        return section_columns(self.text, self.simple)

    @cached_property
    def projects(self) -> Projects:
        """The project in force at each offset."""
        return Projects(self.text, self.simple)

    @property
    def problems(self) -> list[str]:
        return [f"{t.layout} table at {t.start}: {p}" for t in self.tables for p in t.problems]
