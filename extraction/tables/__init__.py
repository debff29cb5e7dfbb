"""Header-driven table reading: find header rows, pick the adapter for the way the cells are
written, and read indicator rows with their column roles."""
from __future__ import annotations

from .cells import read_linewise, read_tabbed
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
        table = None
        if "\n" not in span and "\t" in span:
            table = read_tabbed(text, line_start, hier)
        elif text[line_start:pos].strip(" ") == "\t" and "\n\t" in span:
            table = read_linewise(text, line_start, hier)
        if table is None:
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
