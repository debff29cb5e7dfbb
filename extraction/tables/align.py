"""Fitting a stream of cells to a header's columns.

Cells come in reading order with the line they sit on; a header gives the columns. Each cell is
given the column that best explains it (Viterbi over column indices): a cell's kind scores how
well it fits each column role, and the moves between consecutive cells score the table's
grammar: within a row columns only go right (empty cells dropped by the encoding are skipped
columns), a new row starts at or left of the last column, and in layouts that write a row a line
a new row goes with a new line. Fill-down tables start rows at any column, so no column is
required.

The scores are data (``resources/cell_fit.tsv``), so they can be tuned without touching this code.
"""
from __future__ import annotations

from functools import lru_cache

from .. import resources
from .encodings import StreamCell
from .kinds import kind_of

NEG = -1e9


@lru_cache(maxsize=None)
def _fit() -> dict[tuple[str, str], float]:
    """(column role, cell kind) -> score; missing pairs use the role's "*" row."""
    out: dict[tuple[str, str], float] = {}
    for row in resources.table("cell_fit.tsv"):
        out[(row[0], row[1])] = float(row[2])
    return out


@lru_cache(maxsize=None)
def _moves() -> dict[str, float]:
    return {r[0]: float(r[1]) for r in resources.table("cell_moves.tsv")}


def fit(role: str | None, kind: str) -> float:
    """How well a cell of ``kind`` fits a column of ``role``."""
    table = _fit()
    role = role or "other"
    return table.get((role, kind), table.get((role, "*"), table.get(("other", kind), -2.0)))


def align(cells: list[StreamCell], roles: list[str | None], *, row_per_line: bool) -> list[int]:
    """The column index of each cell (Viterbi)."""
    n, k = len(cells), len(roles)
    if n == 0:
        return []
    mv = _moves()
    kinds = [kind_of(c.text) for c in cells]
    emit = [[fit(roles[j], kinds[i]) for j in range(k)] for i in range(n)]
    score = [[NEG] * k for _ in range(n)]
    back = [[0] * k for _ in range(n)]
    for j in range(k):
        score[0][j] = emit[0][j] + mv["start_at"] * j * 0
    for i in range(1, n):
        new_line = cells[i].line != cells[i - 1].line
        same_row_cost = mv["row_wraps_line"] if (new_line and row_per_line) else 0.0
        new_row_cost = (mv["new_row_new_line"] if new_line else
                        (mv["new_row_same_line"] if row_per_line else mv["new_row_stream"]))
        prev = score[i - 1]
        # best previous state for "new row" moves into column j: any column >= j
        suffix_best = [NEG] * (k + 1)
        suffix_arg = [0] * (k + 1)
        for j in range(k - 1, -1, -1):
            if prev[j] >= suffix_best[j + 1]:
                suffix_best[j], suffix_arg[j] = prev[j], j
            else:
                suffix_best[j], suffix_arg[j] = suffix_best[j + 1], suffix_arg[j + 1]
        for j in range(k):
            best, arg = suffix_best[j] + new_row_cost, suffix_arg[j]
            for p in range(j):
                s = prev[p] + same_row_cost + mv["skip"] * (j - p - 1)
                if s > best:
                    best, arg = s, p
            score[i][j] = best + emit[i][j]
            back[i][j] = arg
    j = max(range(k), key=lambda x: score[n - 1][x])
    path = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        path.append(j)
    return path[::-1]


def rows_of(cells: list[StreamCell], path: list[int]) -> list[list[tuple[int, StreamCell]]]:
    """Cells grouped into rows: a row ends where the next cell's column is not to the right."""
    rows: list[list[tuple[int, StreamCell]]] = []
    for c, j in zip(cells, path):
        if not rows or j <= rows[-1][-1][0]:
            rows.append([])
        rows[-1].append((j, c))
    return rows
