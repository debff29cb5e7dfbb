"""Layout adapters for text whose cells are delimited: tab-separated rows (one row a line) and
one cell a line (each line starting with a tab, rows separated by blank lines)."""
from __future__ import annotations

from itertools import chain

from .. import resources
from ..normalizing.simplified import to_simplified
from .header import fix_roles, is_header, role_of
from .model import Cell, Table
from .rows import Hierarchy, row_from_cells


def _lines(text: str, start: int):
    """(line start, line end) from ``start`` on: the pieces of ``text[start:].split("\n")``."""
    a = start
    while True:
        b = text.find("\n", a)
        if b < 0:
            yield a, len(text)
            return
        yield a, b
        a = b + 1


def _split_tabs(text: str, a: int, b: int) -> list[Cell | None]:
    cells, pos = [], a
    for part in text[a:b].split("\t"):
        cells.append(Cell.of(text, pos, pos + len(part)))
        pos += len(part) + 1
    return cells


def ends_table(line: str, cells: list[Cell | None]) -> bool:
    """A form field ("项目名称*：", "预算单位:") or a form title ends a tab-separated table."""
    first = next((c for c in cells if c), None)
    if first is not None and first.text.rstrip(" *＊").endswith((":", "：")):
        return True
    flat = to_simplified("".join(line.split()))
    return any(w in flat for w in resources.word_list("table_end.txt"))


def read_tabbed(text: str, line_start: int, hier: Hierarchy) -> Table | None:
    """A tab-separated table whose header row starts at ``line_start``."""
    eol = text.find("\n", line_start)
    eol = len(text) if eol < 0 else eol
    header = _split_tabs(text, line_start, eol)
    roles = fix_roles([role_of(c.text) if c else None for c in header])
    if not is_header(roles):
        return None
    table = Table("tabbed", line_start, eol, roles)
    order = [r for r in roles if r]
    for a, b in _lines(text, eol + 1):
        line = text[a:b]
        if not line.strip():
            continue
        if "\t" not in line:
            break
        cells = _split_tabs(text, a, b)
        if ends_table(line, cells):
            break
        if is_header(fix_roles([role_of(c.text) if c else None for c in cells])):
            break
        if len(cells) > len(roles) and any(cells[len(roles):]):
            table.problems.append(f"row at {a} has {len(cells)} cells, header has {len(roles)}")
        by_role = {r: c for r, c in zip(roles, cells) if r}
        row = row_from_cells(by_role, order, hier)
        table.end = b
        if row is None:
            continue
        if row.name is None:
            table.problems.append(f"row at {a} has values but no indicator name")
            continue
        table.rows.append(row)
    return table


def read_linewise(text: str, line_start: int, hier: Hierarchy) -> Table | None:
    """A table written one cell a line (each line begins with a tab), rows split by blank lines."""
    # lines are read lazily: the table ends long before the document does
    lines = _lines(text, line_start)
    last = next(lines)
    head: list[Cell | None] = [Cell.of(text, *last)]
    after: list[tuple[int, int]] = []
    for a, b in lines:
        if not text.startswith("\t", a, b):
            after.append((a, b))
            break
        head.append(Cell.of(text, a, b))
        last = (a, b)
    roles = fix_roles([role_of(c.text) if c else None for c in head])
    if not is_header(roles):
        return None
    table = Table("linewise", line_start, last[1], roles)
    order = [r for r in roles if r]
    block: list[Cell | None] = []

    def flush() -> None:
        if not block:
            return
        if len(block) != len(roles):
            table.problems.append(f"row at {block[0].start if block[0] else '?'} has {len(block)} cells, header has {len(roles)}")
        by_role = {r: c for r, c in zip(roles, block) if r}
        row = row_from_cells(by_role, order, hier)
        if row is not None:
            if row.name is None:
                table.problems.append("a row has values but no indicator name")
            else:
                table.rows.append(row)
        block.clear()

    for a, b in chain(after, lines):
        line = text[a:b]
        if not line.strip():
            if not line.startswith("\t"):
                flush()
                continue
        if not line.startswith("\t"):
            break
        block.append(Cell.of(text, a, b))
        table.end = b
    flush()
    return table
