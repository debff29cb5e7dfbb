"""Header-driven table reading: find header rows, pick the adapter for the way the cells are
written, and read indicator rows with their column roles."""
from __future__ import annotations

from .cells import read_linewise, read_tabbed
from .header import header_starts, read_stream_header
from .model import VALUE_ROLES, Cell, Table, TableRow
from .rows import Hierarchy
from .stream import read_stream

__all__ = ["find_tables", "Cell", "Table", "TableRow", "VALUE_ROLES"]


def find_tables(text: str) -> list[Table]:
    """Every indicator table of ``text``, in order."""
    tables: list[Table] = []
    hier = Hierarchy()
    covered = -1
    starts = header_starts(text)
    for pos in starts:
        if pos < covered:
            continue
        head = read_stream_header(text, pos)
        if head is None:
            continue
        roles, head_end = head
        line_start = text.rfind("\n", 0, pos) + 1
        span = text[pos:head_end]
        table = None
        if "\n" not in span and "\t" in span:
            table = read_tabbed(text, line_start, hier)
        elif text[line_start:pos].strip(" ") == "\t" and "\n\t" in span:
            table = read_linewise(text, line_start, hier)
        if table is None:
            nxt = [p for p in starts if p > head_end]
            table = read_stream(text, head_end, roles, hier, end=None)
            # a repeated header starts a new table
            for p in nxt:
                if p < table.end and read_stream_header(text, p):
                    table = read_stream(text, head_end, roles, hier, end=p)
                    break
        table.start = min(table.start, line_start)
        tables.append(table)
        covered = max(table.end, head_end)
    return tables
