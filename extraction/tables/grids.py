"""Adapter for real cells (.docx .xlsx .html .pdf): a Grid's rows go cell by cell to the header
names of ``header`` and the row builder of ``rows``, so no cell boundary is guessed."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Callable

from ..reading.model import Document, Grid, GridCell
from .headers import fix_names, is_header, role_of
from .model import VALUE_ROLES, Cell, Table
from .rows import Hierarchy, ends_table, row_from_cells


@dataclass
class GridTable(Table):
    """A table read from a grid; ``origins`` maps a value cell's (start, end) to where it came from."""

    origins: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)


def _cell(c: GridCell | None) -> Cell | None:
    """The trimmed cell (offsets move inside the cell past white space); None when blank."""
    if c is None:
        return None
    a, b = c.start, c.end
    lead = len(c.text) - len(c.text.lstrip())
    trail = len(c.text) - len(c.text.rstrip())
    if lead == len(c.text):
        return None
    return Cell(a + lead, b - trail, c.text[lead:len(c.text) - trail])


class GridReader:
    """Reads grid after grid; a PDF table that runs onto the next page (no header there, the same
    number of columns) goes on with the header of the page before."""

    def __init__(self) -> None:
        self.hier = Hierarchy()
        self._open: tuple[Grid, list[str | None]] | None = None

    def read(self, grid: Grid) -> list[GridTable]:
        """Every indicator table in ``grid``: a header row starts one, a form field or another
        header ends it. Rows longer than the header are noted as problems; shorter ones padded."""
        tables: list[GridTable] = []
        table: GridTable | None = None
        roles: list[str | None] = []
        if self._open and "page" in grid.origin and grid.rows:
            prev, prev_roles = self._open
            if grid.origin["page"] == prev.origin.get("page", 0) + 1 and len(grid.rows[0]) == len(prev_roles):
                roles = prev_roles
                table = GridTable("grid", grid.start, grid.start, roles)
                tables.append(table)
        for row in grid.rows:
            if not row:
                continue
            cells = [_cell(c) for c in row]
            row_roles = fix_names([c.text if c else "" for c in cells], [role_of(c.text) if c else None for c in cells])
            if is_header(row_roles):
                first = next((c for c in cells if c), None)
                roles = row_roles
                table = GridTable("grid", first.start if first else grid.start, row[-1].end, roles)
                tables.append(table)
                continue
            if table is None:
                continue
            if ends_table([c.text for c in cells if c]):
                table = None
                continue
            if len(cells) > len(roles) and any(cells[len(roles):]):
                table.problems.append(f"row {row[0].row + 1} of {grid.label} has {len(cells)} cells, "
                                      f"header has {len(roles)}")
            by_role = {r: c for r, c in zip(roles, cells) if r}
            values = [(r, by_role[r]) for r in roles if r in VALUE_ROLES and by_role.get(r)]
            built = row_from_cells(by_role, values, self.hier)
            table.end = max(table.end, max(c.end for c in row))
            if built is None:
                continue
            if built.name is None:
                table.problems.append(f"row {row[0].row + 1} of {grid.label} has values but no indicator name")
                continue
            where = {r: grid.where(g) for r, g in zip(roles, row) if r}
            for role, cell in built.values:
                table.origins.setdefault((cell.start, cell.end), where[role])
            table.rows.append(built)
        self._open = (grid, roles) if table is not None else None
        return [t for t in tables if t.rows or t.problems or t.end > t.start]


def with_grid_tables(doc: Document, tables: list[Table]) -> list[Table]:
    """The document's tables with those inside a grid read from the grid's cells instead of
    guessed from its text."""
    reader = GridReader()
    grid_tables = [t for g in doc.grids for t in reader.read(g)]
    spans = [(g.start, g.end) for g in doc.grids]
    kept = [t for t in tables if not any(t.start < e and s < t.end for s, e in spans)]
    return sorted(kept + grid_tables, key=lambda t: t.start)


def origins(tables: list[Table]) -> Callable[[int], dict[str, Any]]:
    """Where a value at an offset was read from, for the tables read from grid cells: page /
    sheet / table / row / cell, or {} outside every grid cell. The record builder puts it in a
    record's ``extra`` beside the spec's fields (this module never edits records)."""
    cells = [(span, where) for t in tables if isinstance(t, GridTable) for span, where in t.origins.items()]
    cells.sort(key=lambda x: x[0])  # cells never overlap: one lookup each
    starts = [a for (a, _), _ in cells]

    def at(val: int) -> dict[str, Any]:
        i = bisect.bisect_right(starts, val) - 1
        return dict(cells[i][1]) if i >= 0 and val < cells[i][0][1] else {}
    return at
