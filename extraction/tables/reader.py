"""The cells-first table reader: any text -> cells (``encodings``) -> header rows found by their
head words -> every later cell fitted to a column (``align``) -> indicator rows.

One reader for every way of writing cells: the layout only decides how lines are cut into cells.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Iterator

from .. import resources
from .align import align, fit, rows_of
from .encodings import MARKED, StreamCell, cell_stream, join_broken, join_pieces
from .headers import head_word, header_role, header_runs, role_of
from .headless import headless_rows
from .kinds import (EMPTY, LEVEL1, LEVEL2, LONG, MIXED, NUMBER, NUMBERED, OP, QUAL, TEXT, UNIT, VALUE, flat,
                    kind_of, numbering_end)
from .model import VALUE_ROLES, Cell, Table, TableRow
from .rows import Hierarchy, ends_table, is_page_footer, row_from_cells
from .transposed import transposed_tables


def _row_per_line(cells: list[StreamCell]) -> bool:
    """Whether rows are written a line each (most lines hold several cells)."""
    lines: dict[int, int] = {}
    for c in cells:
        lines[c.line] = lines.get(c.line, 0) + 1
    multi = sum(1 for v in lines.values() if v > 1)
    return multi >= max(1, len(lines) // 3)


_HEAD_SHARE = 0.4  # share of a column name its head word takes at least
_MIN_ROW_FIT = 0.0


def _table_body(body: list[StreamCell]) -> list[StreamCell]:
    """The cells of ``body`` before the first line that ends the table: one that
    :func:`rows.ends_table` says ends it, or, in a table whose cells are marked ("|", tabs), a long
    unmarked line (the report's prose after the table)."""
    head = [c.encoding for c in body[:20]]
    marked = bool(head) and sum(e in MARKED for e in head) > 0.7 * len(head)
    i = 0
    skipped: set[int] = set()
    while i < len(body):
        j = i
        while j < len(body) and body[j].line == body[i].line:
            j += 1
        line = body[i:j]
        texts = [c.text for c in line]
        if ends_table(texts) or (marked and len(line) == 1 and line[0].encoding == "line"
                                 and kind_of(line[0].text) == LONG):
            if not ((marked and is_page_footer(texts) and _marked_soon(body, j)) or _goal_heading(texts, body, j)):
                return [c for k, c in enumerate(body[:i]) if k not in skipped]
            # a page's footer before marked lines, or the heading of the next goal before its level
            # names: the table goes on
            skipped.update(range(i, j))
        i = j
    return [c for k, c in enumerate(body) if k not in skipped] if skipped else body


def _goal_heading(texts: list[str], body: list[StreamCell], j: int) -> bool:
    """Whether a line that would end the table is the numbered heading of the project's next goal
    ("年度目标2:" / "年度绩效指标" / "产出指标" …): one short cell, a level name within the next
    three lines."""
    if len(texts) != 1 or len(flat(texts[0]) or "") > _GOAL_HEADING or not any(ch.isdigit() for ch in texts[0]):
        return False
    return _soon(body, j, 3, lambda c: kind_of(c.text) in (LEVEL1, LEVEL2))


_GOAL_HEADING = 8  # characters of a goal's numbered heading


def _soon(body: list[StreamCell], j: int, lines: int, found: Callable[[StreamCell], bool]) -> bool:
    """Whether a cell of the ``lines`` lines from ``body[j]`` on is ``found``."""
    seen = set()
    for c in body[j:]:
        seen.add(c.line)
        if len(seen) > lines:
            return False
        if found(c):
            return True
    return False


def _marked_soon(body: list[StreamCell], j: int, lines: int = 2) -> bool:
    """Whether one of the ``lines`` lines from ``body[j]`` on is written in marked cells (tabs,
    pipes): a table's row goes on there (a cut row's values may stand alone on the first)."""
    return _soon(body, j, lines, lambda c: c.encoding in MARKED)


def _column_name(text: str, *, value: bool = False) -> bool:
    """Whether a would-be indicator name (or, with ``value``, a value) is a column name of a
    scrambled header ("偏差原因分析及改进措", "计量单位", "目标值"): a value column's name only when it is
    short, since indicators are named after targets too ("年度目标完成率"), as are qualitative values."""
    role = role_of(text)
    if role is None or (role == "name" and not value):
        return False
    if role in VALUE_ROLES:
        return len(flat(text)) <= 5
    # a column name is mostly its head word ("计量单位", "偏差原因分析及改进措"); a name that only holds
    # one is an indicator ("绩效目标进展情况信息采集", "受益单位数量")
    return len(head_word(text)) >= _HEAD_SHARE * len(flat(text))


def _row(cols: list[tuple[int, StreamCell]], roles: list[str | None], hier: Hierarchy,
         project: list[Cell | None], *, text_values: bool = True) -> TableRow | None:
    """A table row from cells with their column indices; None when it is no indicator row.
    ``project`` holds the last 项目名称 cell seen (a one-item list, updated here)."""
    by_role: dict[str, Cell] = {}
    values: list[tuple[str, Cell]] = []
    fits = []
    for j, sc in cols:
        role = roles[j]
        kind = kind_of(sc.text)
        if role == "nature" and kind == OP:  # "指标性质" columns that hold ≥ / = / ≤
            role = "op"
        fits.append(fit(role, kind))
        if role in VALUE_ROLES:
            # a hierarchy name or a column name is never a value ("社会成本指标", "指标值" under a
            # value column of a broken or scrambled row); without a real header, neither is a text
            # cell (a stray fragment)
            if (kind not in (EMPTY, LEVEL1, LEVEL2) and not _column_name(sc.text, value=True)
                    and (text_values or kind not in (TEXT, LONG))):
                values.append((role, sc.cell))
        elif role and role not in by_role:
            by_role[role] = sc.cell
    if "project" in by_role:
        project[0] = by_role["project"]
    l1, l2 = by_role.get("level1"), by_role.get("level2")
    if l1 is not None and l2 is None and hier.level1 and hier.parent_of(flat(l1.text)) == hier.level1:
        # the empty 一级 cell of a fill-down row was dropped, so its 二级 name ("成本指标", a name
        # of both levels) took the 一级 column: under 产出指标 it is the 二级
        l1, l2 = None, l1
    name = by_role.get("name")
    if name is None and l1 is not None and l2 is not None and hier.level1 and \
            hier.parent_of(flat(l1.text)) is not None and flat(l1.text) != hier.level1:
        # the same, with a name that is a level name too ("成本指标 | 成本 | 10万元"): the 二级 name
        # took the 一级 column and the indicator's name the 二级 one
        l1, l2, name = None, l1, l2
    row = row_from_cells({**by_role, "level1": l1, "level2": l2, "name": name}, values, hier, project[0])
    name = row.name if row is not None else None
    if name is None or kind_of(name.text) not in (TEXT, LONG, MIXED, LEVEL2, NUMBERED) or not values:
        return None
    if _column_name(name.text) or flat(name.text) in resources.word_list("not_indicators.txt"):
        return None
    if sum(fits) / len(fits) < _MIN_ROW_FIT:
        return None
    return row


_FILLER = (EMPTY, LEVEL1, LEVEL2)


_WRAPPED = (TEXT, LONG, MIXED)  # kinds of the pieces of a name the line width wrapped
_VALUE_KINDS = (VALUE, NUMBER, QUAL)


def _same_cell(a: StreamCell, b: StreamCell) -> bool:
    """Whether ``b`` goes on with the words of ``a``, each alone on its line: on the next line, or
    over a blank line after a clause that goes on ("下半年因军运会等重大活动，" / "停止举办培训班。")."""
    if not (a.encoding == b.encoding == "line" and kind_of(a.text) in _WRAPPED and kind_of(b.text) in _WRAPPED):
        return False
    return b.line == a.line + 1 or (b.line == a.line + 2 and a.text.rstrip().endswith(_goes_on()))


@lru_cache(maxsize=None)
def _goes_on() -> tuple[str, ...]:
    return tuple(resources.marker("clause_goes_on_chars"))


def _wrapped_names(text: str, body: list[StreamCell]) -> dict[int, StreamCell]:
    """In a table that writes a row a line ("干部结构 优化 优化 1"), the pieces of a cell the line
    width wrapped ("…提升两新组织向心" / "力", then the row's values on a line of their own; a remark
    before the score): words alone on their lines that go on (:func:`_same_cell`), then values on
    the next line that holds anything. Index of each piece -> the whole cell (one object for its
    pieces)."""
    if len(body) < 2 or not _row_per_line(body):
        return {}
    out: dict[int, StreamCell] = {}
    i = 0
    while i < len(body):
        j = i
        while j + 1 < len(body) and _same_cell(body[j], body[j + 1]):
            j += 1
        after = body[j + 1] if j + 1 < len(body) else None
        if j > i and after is not None and after.line > body[j].line and (i == 0 or body[i - 1].line < body[i].line):
            whole = body[i].through(body[j], text)
            # (a level name wrapped the same way, "经济效益" / "指标", is whole before its rows)
            if kind_of(after.text) in _VALUE_KINDS or kind_of(whole.text) in (LEVEL1, LEVEL2):
                for k in range(i, j + 1):
                    out[k] = whole
        i = j + 1
    return out


def _join_wrapped(text: str, body: list[StreamCell]) -> tuple[list[StreamCell], list[int]]:
    """``body`` with wrapped names joined (:func:`_wrapped_names`), and for each cell of ``body``
    the index of the cell it is in the joined body."""
    return join_pieces(body, _wrapped_names(text, body))


def _fit_body(body: list[StreamCell], roles: list[str | None], fixed: list[int | None] | None = None) -> list[int]:
    """The column index of each cell of a table body (:func:`align`, rows a line each or not)."""
    return align(body, list(roles), row_per_line=_row_per_line(body), fixed=fixed) if body else []


def _tab_columns(text: str, header: list[StreamCell], body: list[StreamCell]) -> list[int | None] | None:
    """For each body cell on a tab line as wide as a one-line tab header, the header column its
    tabs put it in (the header cell with as many tabs before it); None where they do not tell."""
    if not header or any(c.encoding != "tabs" or c.line != header[0].line for c in header):
        return None
    start, width = _tab_pieces(text, header[0].cell.start)
    column = {text.count("\t", start, c.cell.start): k for k, c in enumerate(header)}
    out: list[int | None] = []
    # each line measured once and its tabs counted on from the cell before (a long line holds
    # many cells: measuring it again for each was quadratic in its length)
    line, pos, tabs, n = -1, 0, 0, 0
    for c in body:
        if c.encoding != "tabs":
            out.append(None)
            continue
        if c.line != line or c.cell.start < pos:
            pos, n = _tab_pieces(text, c.cell.start)
            line, tabs = c.line, 0
        tabs += text.count("\t", pos, c.cell.start)
        pos = c.cell.start
        out.append(column.get(tabs) if n == width else None)
    return out if any(j is not None for j in out) else None


def _tab_pieces(text: str, pos: int) -> tuple[int, int]:
    """(start of the line holding ``pos``, its tab-separated pieces, trailing empty ones aside)."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, _pieces(text, a, len(text) if b < 0 else b)


@lru_cache(maxsize=256)
def _pieces(text: str, a: int, b: int) -> int:
    # counted once a line: every table on a long line asks again (a str caches its hash)
    return len(text[a:b].rstrip("\t \r").split("\t"))


def _overfull(text: str, table: Table, header: list[StreamCell], body: list[StreamCell]) -> list[StreamCell]:
    """``body`` without the tab-separated lines that hold more cells than the header line (a
    malformed table: which cell is which cannot be told), each reported in ``table.problems``."""
    if not header or header[0].encoding != "tabs":
        return body
    width = _tab_pieces(text, header[0].cell.start)[1]
    seen: set[int] = set()  # lines counted (each once, not once a cell)
    bad: set[int] = set()
    for c in body:
        if c.encoding != "tabs" or c.line in seen:
            continue
        seen.add(c.line)
        a, n = _tab_pieces(text, c.cell.start)
        if n > width:
            bad.add(c.line)
            table.problems.append(f"row at {a} has {n} cells, header has {width}")
    return [c for c in body if c.line not in bad] if bad else body


def _read_body(table: Table, body: list[StreamCell], hier: Hierarchy, *, max_misses: int = 4,
               text_values: bool = True, fixed: list[int | None] | None = None) -> None:
    """Fit ``body`` to the table's columns and add the indicator rows it holds; the table ends
    after ``max_misses`` rows in a row that are no indicator rows."""
    roles = table.roles
    path = _fit_body(body, roles, fixed)
    misses, project = 0, [None]
    for cols in rows_of(body, path):
        row = _row(cols, roles, hier, project, text_values=text_values)
        if row is None:
            # filler lines ("-", "(30分)", a level label alone) do not count against the table
            if all(kind_of(sc.text) in _FILLER for _, sc in cols):
                continue
            misses += 1
            # a table ends where rows stop making sense
            if table.rows and misses >= max_misses:
                break
            continue
        misses = 0
        table.rows.append(row)
        table.end = max(table.end, cols[-1][1].cell.end)


def _implicit_roles(cells: list[StreamCell]) -> list[str | None]:
    """Columns of a table whose header is lost or scrambled: a self-evaluation (some header cell
    names an actual column) has target, actual and two score columns after the name."""
    actual = any(role_of(c.text) == "actual" for c in cells)
    values = ["target", "actual", "score", "score"] if actual else ["target", "score"]
    return ["level1", "level2", "name", *values]


_MIN_NUMBERED = 3


def _numbered_cells(cells: list[StreamCell]) -> list[int]:
    """Indices of the cells that open with a numbered indicator name ("指标1:…")."""
    names = tuple(resources.word_list("numbered_names.txt"))
    # (the word first: few cells open with it, and the numbering's pattern is the dearer test)
    return [i for i, c in enumerate(cells) if flat(c.text).startswith(names) and numbering_end(c.text)]


def _numbered_stretch(cells: list[StreamCell]) -> tuple[int, list[str | None], list[StreamCell]] | None:
    """(index of its first cell, implicit columns, body) of the stretch that numbered indicator
    names ("指标1:...") open, when there are enough of them; None otherwise."""
    numbered = _numbered_cells(cells)
    if len(numbered) < _MIN_NUMBERED:
        return None
    first = numbered[0]
    return first, _implicit_roles(cells), _table_body(cells[first:])


def _numbered_table(cells: list[StreamCell], hier: Hierarchy) -> Table | None:
    """A table read from numbered indicator names ("指标1:...") with implicit columns: for
    stretches whose header is lost or scrambled (PDF and spreadsheet text dumps)."""
    stretch = _numbered_stretch(cells)
    if stretch is None:
        return None
    first, roles, body = stretch
    table = Table("numbered", cells[first].cell.start, cells[first].cell.end, roles)
    # numbered names delimit the rows, so stray cells between them do not end the table
    _read_body(table, body, hier, max_misses=len(cells), text_values=False)
    return table if table.rows else None


def _glue_units(text: str, cells: list[StreamCell]) -> list[StreamCell]:
    """Pieces a stray space cut off in space-separated text go back to the cell before them: a unit
    cut from its number ("不少于12 种"), one character cut from a word ("…事件报告 数"), a number
    from the operator that alone opens its line ("大于 99%")."""
    out: list[StreamCell] = []
    for c in cells:
        prev = out[-1] if out else None
        if (prev is not None and c.encoding == "spaces" and prev.line == c.line
                and ((prev.text[-1:].isdigit() and kind_of(c.text) == UNIT)
                     or (len(c.text) == 1 and kind_of(c.text) == TEXT and kind_of(prev.text) == TEXT))):
            out[-1] = prev.through(c, text)
        else:
            out.append(c)
    return _glue_operators(text, out)


def _glue_operators(text: str, cells: list[StreamCell]) -> list[StreamCell]:
    """A line of an operator and a number only ("大于 99%", "小于 30 分") is one value cell."""
    out: list[StreamCell] = []
    for i, c in enumerate(cells):
        prev = out[-1] if out else None
        if (prev is not None and c.encoding == "spaces" and prev.line == c.line and c.text[:1].isdigit()
                and kind_of(prev.text) == OP and (len(out) == 1 or out[-2].line != c.line)
                and (i + 1 == len(cells) or cells[i + 1].line != c.line)):
            out[-1] = prev.through(c, text)
        else:
            out.append(c)
    return out


def _headed_tables(text: str, cells: list[StreamCell], heads: list[tuple[int, int, list[str | None]]] | None = None,
                   ) -> Iterator[tuple[int, int, list[str | None], list[StreamCell]]]:
    """Each table under a header row of the stream: (first header cell, first cell after the
    header, column roles, body cells up to where the table ends); ``heads``: the stream's header
    runs (:func:`headers.header_runs`) when found already."""
    heads = header_runs(text, cells) if heads is None else heads
    for n, (a, b, roles) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(cells)
        yield a, b, roles, _table_body(cells[b:stop])


def read_cell_tables(text: str, start: int = 0, end: int | None = None, *,
                     cells: list[StreamCell] | None = None, ocr: bool = False) -> list[Table]:
    """Every indicator table of ``text[start:end]``, read cells first (``cells``: the stream of the
    whole text, :func:`stream_cells`, when found already; ``ocr``: the text is OCR output)."""
    if cells is None:
        cells = _glue_units(text, cell_stream(text, start, end, ocr=ocr))
    cells = join_broken(text, cells, ocr=ocr)
    tables: list[Table] = []
    hier = Hierarchy()
    for a, b, roles, body in _headed_tables(text, cells):
        table = Table("cells", cells[a].cell.start, cells[b - 1].cell.end, list(roles))
        body = _join_wrapped(text, _overfull(text, table, cells[a:b], body))[0]
        if body:
            _read_body(table, body, hier, fixed=_tab_columns(text, cells[a:b], body))
        if table.rows or table.problems:
            tables.append(table)
    numbered = _numbered_table(cells, Hierarchy())
    if numbered is not None:
        rivals = [t for t in tables if t.start < numbered.end and numbered.start < t.end]
        if len(numbered.rows) > sum(len(t.rows) for t in rivals):
            tables = [t for t in tables if t not in rivals] + [numbered]
    tables += transposed_tables(cells, [(t.start, t.end) for t in tables])
    tables += _headless_tables(cells, [(t.start, t.end) for t in tables])
    return sorted(tables, key=lambda t: t.start)


def _headless_tables(cells: list[StreamCell], covered: list[tuple[int, int]]) -> list[Table]:
    """Tables outside ``covered`` with no header: each row's columns read from its cells
    (:mod:`tables.headless`)."""
    tables = []
    for stretch in headless_rows(cells, covered):
        table = Table("headless", stretch[0][0][0].cell.start, stretch[-1][0][-1].cell.end, [])
        hier, project = Hierarchy(), [None]
        for line, roles in stretch:
            row = _row(list(enumerate(line)), roles, hier, project)
            if row is not None:
                table.rows.append(row)
        if table.rows:
            tables.append(table)
    return tables


def stream_cells(text: str, *, ocr: bool = False) -> list[StreamCell]:
    """The cells of the whole of ``text`` as the reader sees them (stray pieces glued back;
    ``ocr``: the text is OCR output)."""
    return _glue_units(text, cell_stream(text, 0, len(text), ocr=ocr))


def columns_of(text: str, cells: list[StreamCell], heads: list[tuple[int, int, list[str | None]]] | None = None,
               ) -> list[tuple[str | None, str | None]]:
    """Per cell of ``cells`` (from :func:`stream_cells`): ("header", None) for a header cell, (the
    role of the column the cell is fitted to, the head word of that column's header cell) under a
    table's header or the implicit columns of numbered names, (None, None) outside every table.
    The sequence models read these as features: a guess of the reader, not a decision."""
    out: list[tuple[str | None, str | None]] = [(None, None)] * len(cells)
    for a, b, roles, body in _headed_tables(text, cells, heads):
        names = [c for c in cells[a:b] if header_role(c) is not None]
        words = [head_word(c.text) for c in names] if len(names) == len(roles) else [None] * len(roles)
        for k in range(a, b):
            out[k] = ("header", None)
        joined, where = _join_wrapped(text, body)
        path = _fit_body(joined, roles)
        for k, w in enumerate(where):
            out[b + k] = (roles[path[w]] or "other", words[path[w]])
    stretch = _numbered_stretch(cells)
    if stretch is not None:
        # a stretch whose header is lost: the implicit columns the numbered names imply
        first, roles, body = stretch
        for k, j in enumerate(_fit_body(body, roles)):
            if out[first + k] == (None, None):
                out[first + k] = (roles[j], None)
    return out
