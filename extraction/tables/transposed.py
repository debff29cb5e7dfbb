"""Tables printed transposed: the names of a row of indicators after a name header cell, then
each value column's header followed by as many values as there are names ("三级指标 新建高校(校区)
工程质量达标率(%) 开工率(%)" / "年度目标值" / "7 100% 100%"), the way a PDF prints a table turned
on its side or a form lays its indicators out in columns.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..regions import Regions
from .headers import role_of
from .kinds import LONG, MIXED, NUMBER, QUAL, TEXT, VALUE, kind_of
from .model import VALUE_ROLES, Table
from .rows import Hierarchy, row_from_cells

if TYPE_CHECKING:
    from .encodings import StreamCell

MIN_NAMES = 2  # one name and one value are a form field, not a turned table
_NAME_KINDS = (TEXT, LONG, MIXED)
_VALUE_KINDS = (VALUE, NUMBER, QUAL)


def transposed_tables(cells: list[StreamCell], covered: list[tuple[int, int]]) -> list[Table]:
    """Every transposed table of the stream ``cells`` outside the ``covered`` (start, end) spans."""
    tables: list[Table] = []
    taken = Regions(covered)
    i = 0
    while i < len(cells):
        found = _table_at(cells, i, taken)
        if found is None:
            i += 1
            continue
        tables.append(found[0])
        i = found[1]
    return tables


def _free(c: StreamCell, covered: Regions) -> bool:
    return not covered.holds(c.cell.start)


def _table_at(cells: list[StreamCell], i: int, covered: Regions) -> tuple[Table, int] | None:
    """The transposed table whose name header cell is ``cells[i]`` and the index of the cell after
    it, or None."""
    if role_of(cells[i].text) != "name" or not _free(cells[i], covered):
        return None
    j = i + 1
    while j < len(cells) and role_of(cells[j].text) is None and kind_of(cells[j].text) in _NAME_KINDS:
        j += 1
    names = cells[i + 1:j]
    if len(names) < MIN_NAMES:
        return None
    rows = [row_from_cells({"name": c.cell}, [], Hierarchy()) for c in names]
    roles: list[str | None] = ["name"]
    k = j
    # each value column: its header cell, then one value per name
    while k < len(cells) and role_of(cells[k].text) in VALUE_ROLES:
        values = cells[k + 1:k + 1 + len(names)]
        if len(values) < len(names) or any(kind_of(v.text) not in _VALUE_KINDS for v in values):
            break
        role = role_of(cells[k].text)
        roles.append(role)
        for row, v in zip(rows, values):
            row.values.append((role, v.cell))
        k += 1 + len(names)
    if len(roles) == 1 or not all(_free(c, covered) for c in cells[i:k]):
        return None
    return Table("transposed", cells[i].cell.start, cells[k - 1].cell.end, roles, rows), k
