"""The structure of one document, found once and shared by the rules, the model and the assembler:
its header rows, its tables (read by the layout readers), its performance prose sections and where
each project starts. Every field is computed on first use, so the model-only extractor never reads
tables it does not need.
"""
from __future__ import annotations

from functools import cached_property

from ..reading.model import Document
from ..tables import Table, find_tables
from ..tables.header import find_headers
from ..tables.reader import read_cell_tables
from .projects import Projects
from .sections import section_columns

__all__ = ["DocumentContext", "Projects", "read_tables"]


def _misread(t: Table) -> bool:
    """A known-layout table that reader did not really know: names holding cell markers ("|"), or
    rows of which none found its 一级 / 二级指标 (the level cells were not where it looked)."""
    if any(r.name is not None and ("|" in r.name.text or "｜" in r.name.text) for r in t.rows):
        return True
    return bool(t.rows) and not any(r.level1 or r.level2 for r in t.rows)


def read_tables(text: str, headers: list[tuple[int, int, list]] | None = None) -> list[Table]:
    """The known-layout readers' tables, then the cells-first reader's in the stretches those did
    not read (or misread the layout): one reading per stretch of text. ``headers``: the header
    rows when the document's context found them already."""
    known = sorted((k for k in find_tables(text, headers) if not _misread(k)), key=lambda t: t.start)
    out = list(known)
    pos = 0
    for gap_end in [k.start for k in known] + [len(text)]:
        if gap_end > pos:
            out += read_cell_tables(text, pos, gap_end)
        pos = max(pos, next((k.end for k in known if k.start == gap_end), pos))
    return sorted(out, key=lambda t: t.start)


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
        """The indicator tables: the known-layout readers', the cells-first reader's where those
        read nothing, and for real cells (.docx .xlsx .html .pdf) the grids' own reading."""
        tables = read_tables(self.text, self.headers)
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
