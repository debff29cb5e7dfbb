"""Header-driven table reading. Every text is read by the cells-first reader (``reader``), whatever
way its cells are written; one known-layout adapter is left: PDF text whose rows are separated by
blank lines and whose names a bare line break cuts (``stream``; sample 004 reads 0.70 without it,
0.90 with it). The adapters for tab-separated rows and one cell a line were retired: the
cells-first reader gives the same records on all 38 annotated filings."""
from __future__ import annotations

from .header import find_headers
from .model import VALUE_ROLES, Cell, Table, TableRow
from .rows import Hierarchy
from .stream import read_stream

__all__ = ["find_tables", "Cell", "Table", "TableRow", "VALUE_ROLES"]


def find_tables(text: str, headers: list[tuple[int, int, list]] | None = None) -> list[Table]:
    """Every indicator table of ``text``, in order (``headers``: its header rows as
    :func:`header.find_headers` gives them, when the document's context found them already)."""
    tables: list[Table] = []
    hier = Hierarchy()
    covered = -1
    if headers is None:
        headers = find_headers(text)
    for pos, head_end, roles in headers:
        if pos < covered:
            continue
        line_start = text.rfind("\n", 0, pos) + 1
        span = text[pos:head_end]
        if ("\n" not in span and "\t" in span) or (text[line_start:pos].strip(" ") == "\t" and "\n\t" in span):
            continue  # tab-separated rows, or one cell a line after a tab: the cells-first reader's
        nxt = [p for p, _, _ in headers if p > head_end]
        table = read_stream(text, head_end, roles, hier, end=None)
        # a repeated header starts a new table
        for p in nxt:
            if p < table.end:
                table = read_stream(text, head_end, roles, hier, end=p)
                break
        table.start = min(table.start, line_start)
        tables.append(table)
        covered = max(table.end, head_end)
    return tables
