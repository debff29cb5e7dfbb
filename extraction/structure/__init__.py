"""The structure of one document, found once and shared by the rules, the model and the assembler:
its header rows, its tables (read by the cells-first reader), its performance prose sections and where
each project starts. Every field is computed on first use, so the model-only extractor never reads
tables it does not need.
"""
from __future__ import annotations

from functools import cached_property

from ..reading.model import Document
from ..tables import Table
from ..tables.header import find_headers
from ..tables.reader import read_cell_tables
from .projects import Projects
from .sections import section_columns

__all__ = ["DocumentContext", "Projects", "read_tables"]


def read_tables(text: str) -> list[Table]:
    """Every indicator table of ``text``, read by the cells-first reader (``tables.reader``)."""
    return read_cell_tables(text)


class DocumentContext:
    """What every extractor needs to know about ``doc`` beyond its text, found once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text

    @cached_property
    def headers(self) -> list[tuple[int, int, list[str | None]]]:
        """Header rows in any layout: (start, end, column roles in order)."""
        return find_headers(self.text)

    @cached_property
    def tables(self) -> list[Table]:
        """The indicator tables: the cells-first reader's, and for real cells (.docx .xlsx .html
        .pdf) the grids' own reading."""
        tables = read_tables(self.text)
        if self.doc.grids:  # real cells are read cell by cell, not guessed from text
            from ..tables.grids import with_grid_tables

            tables = with_grid_tables(self.doc, tables)
        return tables

    @cached_property
    def origin_at(self):
        """Where a value at an offset was read from (grid cells only; {} elsewhere)."""
        from ..tables.grids import origins

        return origins(self.tables) if self.doc.grids else (lambda _: {})

    @cached_property
    def sections(self) -> list[tuple[int, int, str]]:
        """Performance prose sections: (start, end, column)."""
        return section_columns(self.text)

    @cached_property
    def projects(self) -> Projects:
        """The project in force at each offset."""
        return Projects(self.text)

    @property
    def problems(self) -> list[str]:
        return [f"{t.layout} table at {t.start}: {p}" for t in self.tables for p in t.problems]
