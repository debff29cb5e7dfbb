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
from .kinds import NUMBER, VALUE, kind_of
from .model import VALUE_ROLES

NEG = -1e9
_REMARKS = ("reason", "desc")


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


@lru_cache(maxsize=None)
def fit(role: str | None, kind: str) -> float:
    """How well a cell of ``kind`` fits a column of ``role``."""
    table = _fit()
    role = role or "other"
    return table.get((role, kind), table.get((role, "*"), table.get(("other", kind), -2.0)))


def align(cells: list[StreamCell], roles: list[str | None], *, row_per_line: bool,
          fixed: list[int | None] | None = None) -> list[int]:
    """The column index of each cell (Viterbi over (column, row has a value yet)); ``fixed``: the
    column a cell's own separators put it in, where they tell (a tab line as wide as its header:
    an empty cell before a value is a column skipped, not a cell dropped)."""
    n, k = len(cells), len(roles)
    if n == 0:
        return []
    mv = _moves()
    skip, no_value = mv["skip"], mv["row_without_value"]
    values = [int(r in VALUE_ROLES) for r in roles]
    kinds = [kind_of(c.text) for c in cells]
    # a table written a row a line whose last column is the score: a number that ends a line is
    # the row's score, whatever empty cells before it the encoding dropped ("公务员招录 已完成 1")
    last_score = row_per_line and roles[-1] == "score"
    score_bonus = [last_score and kinds[i] == NUMBER and (i + 1 == n or cells[i + 1].line != cells[i].line)
                   for i in range(n)]
    end_bonus, no_score = mv["score_ends_row"], mv["row_without_score"]
    unscored = [no_score if last_score and j < k - 1 else 0.0 for j in range(k)]  # a row ended before its score
    # a remark (未完成原因, 指标说明) is the cell of a row written a line each that goes on over lines
    wraps = [mv["remark_wraps_line"] if r in _REMARKS else mv["row_wraps_line"] for r in roles]

    off_column = mv["cell_off_its_tab_column"]
    to_value = mv["row_wraps_to_its_value"]
    lone_value = [kinds[i] == VALUE and (i == 0 or cells[i - 1].line != cells[i].line)
                  and (i + 1 == n or cells[i + 1].line != cells[i].line) for i in range(n)]

    by_kind: dict[str, list[float]] = {}

    def fits(i: int) -> list[float]:
        """How well cell ``i`` fits each column (its kind's scores looked up once a table)."""
        kind = kinds[i]
        base = by_kind.get(kind)
        if base is None:
            base = by_kind[kind] = [fit(r, kind) for r in roles]
        bonus, pin = score_bonus[i], None if fixed is None else fixed[i]
        return [base[j] + (end_bonus if bonus and j == k - 1 else 0.0)
                + (0.0 if pin is None or pin == j else off_column) for j in range(k)]

    # separator lines end rows only where they do not stand between every two cells
    rules_end_rows = not row_per_line and sum(c.after_rule for c in cells) < 0.5 * n
    # states: 2*j + v, v = 1 once the row has a value cell
    m = 2 * k
    score = [NEG] * m
    first = fits(0)
    for j in range(k):
        score[2 * j + values[j]] = first[j]
    back: list[list[int]] = []
    for i in range(1, n):
        new_line = cells[i].line != cells[i - 1].line
        wrapping = new_line and row_per_line  # the row goes on over a line break
        same_row_cost = 0.0
        new_row_cost = (mv["new_row_new_line"] if new_line else
                        (mv["new_row_same_line"] if row_per_line else mv["new_row_stream"]))
        if rules_end_rows and cells[i].after_rule:
            same_row_cost += mv["row_over_rule"]
            new_row_cost = mv["new_row_after_rule"]
        elif rules_end_rows:
            new_row_cost += mv["new_row_between_rules"]  # where rules end the rows, rows start at them
        # new row at column j: from the best state at any column >= j (a row left without a
        # value pays for it)
        suffix = [(NEG, 0)] * (k + 1)
        for j in range(k - 1, -1, -1):
            s0, s1 = score[2 * j] + no_value, score[2 * j + 1] + unscored[j]
            a = (s1, 2 * j + 1) if s1 >= s0 else (s0, 2 * j)  # (a tie goes to the higher state)
            suffix[j] = suffix[j + 1] if suffix[j + 1] > a else a
        # same row, column p < j: score[p] + skip * (j - p - 1) = (score[p] - skip * (p + 1)) + skip * j,
        # so a running maximum over p serves every j (r0, r1: without and with a value yet)
        r0, p0, r1, p1 = NEG, 0, NEG, 0
        new = [NEG] * m
        arg = [0] * m
        fit_i = fits(i)
        lone = lone_value[i]
        for j in range(k):
            e = fit_i[j]
            vj = values[j]
            best, b = suffix[j]
            s_new = 2 * j + vj
            new[s_new], arg[s_new] = best + new_row_cost + e, b
            moved = skip * j
            if r0 > NEG:
                # (a row whose words fill one line and whose value stands on the next goes on to
                # that value: "培育中药材品种数量培育中药材品种数量" / "4种")
                wrap = (to_value if vj and lone else wraps[j]) if wrapping else 0.0
                s = r0 + moved + same_row_cost + wrap + e
                if s > new[s_new]:
                    new[s_new], arg[s_new] = s, p0
            if r1 > NEG:
                s = r1 + moved + same_row_cost + (wraps[j] if wrapping else 0.0) + e
                if s > new[2 * j + 1]:
                    new[2 * j + 1], arg[2 * j + 1] = s, p1
            left = skip * (j + 1)
            s = score[2 * j]
            if s > NEG and s - left > r0:
                r0, p0 = s - left, 2 * j
            s = score[2 * j + 1]
            if s > NEG and s - left > r1:
                r1, p1 = s - left, 2 * j + 1
        back.append(arg)
        score = new
    s = max(range(m), key=lambda x: score[x] + (0.0 if x % 2 else no_value))
    path = [s]
    for arg in reversed(back):
        s = arg[s]
        path.append(s)
    return [s // 2 for s in reversed(path)]


def rows_of(cells: list[StreamCell], path: list[int]) -> list[list[tuple[int, StreamCell]]]:
    """Cells grouped into rows: a row ends where the next cell's column is not to the right."""
    rows: list[list[tuple[int, StreamCell]]] = []
    for c, j in zip(cells, path):
        if not rows or j <= rows[-1][-1][0]:
            rows.append([])
        rows[-1].append((j, c))
    return rows
