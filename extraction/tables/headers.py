"""Table headers, found one way for every reader: the column role of a header cell by the head
word it holds (``resources/header_words.tsv``, the one vocabulary of column names), header runs
of the reader's cell stream, and the header spans of a document."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .. import resources
from .kinds import flat, is_place
from .model import VALUE_ROLES

if TYPE_CHECKING:  # (encodings cuts glued lines by the head words read here)
    from .encodings import StreamCell

_MAX_HEADER_CELL = 16
_NAME_RANK = ("三级", "指标名称", "指标内容", "绩效指标")


@lru_cache(maxsize=None)
def _head_words() -> tuple[tuple[str, str], ...]:
    return tuple((r[0], r[1]) for r in resources.table("header_words.tsv"))


def head_roles() -> tuple[tuple[str, str], ...]:
    """(head word, column role) of every column name, specific words first."""
    return _head_words()


def head_words() -> tuple[str, ...]:
    """The words of :func:`head_roles`."""
    return tuple(w for w, _ in _head_words())


@lru_cache(maxsize=65536)
def _head(f: str) -> tuple[str, str] | None:
    """(head word, column role) that name the column ``f`` (white space removed), or None."""
    first = None
    for w, role in _head_words():
        if w in f:
            if first is None:
                first = (w, role)
                if role != "unit":
                    return first
            elif role in VALUE_ROLES:
                return w, role  # a value column that carries its unit ("指标值及单位", "目标值(含单位)")
    return first


@lru_cache(maxsize=65536)
def role_of(text: str) -> str | None:
    """Column role of a header cell by the head word it contains (None: not a header cell)."""
    f = flat(text)
    # form fields ("单位:元") and table titles ("项目绩效目标表") are not column names
    if not f or len(f) > _MAX_HEADER_CELL or ":" in f or f.endswith("表"):
        return None
    head = _head(f)
    return head[1] if head else None


def header_role(sc: StreamCell) -> str | None:
    """Column role of a header cell of the stream: by its head word, or, in a table written with
    no separators, a place name is the value column of one area ("笏石街道办 | 埭头镇")."""
    role = role_of(sc.text)
    if role is None and sc.encoding == "glued" and is_place(sc.text):
        return "target"
    return role


def fix_names(texts: list[str], roles: list[str | None]) -> list[str | None]:
    """One name column: the most specific name header; a section label before the level columns
    ("绩效指标 | 一级指标 | ...") is no column; other name headers describe the name. ``texts``
    are the header cells' texts."""
    names = [i for i, r in enumerate(roles) if r == "name"]
    if len(names) <= 1:
        return roles
    def rank(i: int) -> int:
        f = flat(texts[i] or "")
        return next((n for n, w in enumerate(_NAME_RANK) if w in f), len(_NAME_RANK))
    best = min(names, key=rank)
    roles = list(roles)
    first_level = next((i for i, r in enumerate(roles) if r in ("level1", "level2")), None)
    for i in names:
        if i != best:
            roles[i] = "other" if first_level is not None and i < first_level else "desc"
    return roles


def is_header(roles: list[str | None]) -> bool:
    """A header names an indicator column and at least one value column, and three columns in all."""
    return "name" in roles and any(r in VALUE_ROLES for r in roles) and sum(r is not None for r in roles) >= 3


def _join_split_names(text: str, cells: list[StreamCell], i: int) -> list[StreamCell]:
    """Header cells from ``i`` on, a name broken over cells joined: over two lines ("一级" /
    "指标") or cut in one line by the layout ("年度" "指标值", "分" "值得" "分")."""
    out: list[StreamCell] = []
    j = i
    while j < len(cells):
        c = cells[j]
        if header_role(c) is not None:
            out.append(c)
            j += 1
            continue
        prev = out[-1] if out else None
        # (a cell cut from a glued row is a row's, never the rest of a header name: "司法所21个")
        if prev is not None and c.line != prev.line and len(flat(c.text)) <= 3 and _same_field(text, prev, c) \
                and c.encoding != "glued":
            joined = prev.through(c, text)
            if role_of(joined.text) == role_of(prev.text):
                out[-1] = joined
                j += 1
                continue
        ahead = _join_ahead(text, cells, j) if out and len(flat(c.text)) <= 3 else None
        if ahead is None:
            break
        out.append(ahead[0])
        j = ahead[1]
    return out


def _fields_before(text: str, c: StreamCell) -> int:
    start = text.rfind("\n", 0, c.cell.start) + 1
    return sum(text.count(sep, start, c.cell.start) for sep in "\t|｜")


def _same_field(text: str, upper: StreamCell, lower: StreamCell) -> bool:
    """Whether a cell on the next line may be the rest of a header name above it: in a table whose
    separators mark the columns (tabs, pipes) it stands in the same column ("\t\t婚检率" under a
    fifth header cell is a body cell, not the rest of 全年实际完成值)."""
    if lower.encoding not in ("tabs", "pipes"):
        return True
    return _fields_before(text, lower) == _fields_before(text, upper)


def _join_ahead(text: str, cells: list[StreamCell], j: int) -> tuple[StreamCell, int] | None:
    """A header fragment joined with the one or two cells after it on its line, when that makes a
    header name: (joined cell, index after it)."""
    for k in (j + 1, j + 2):
        if k >= len(cells) or cells[k].line != cells[j].line:
            return None
        joined = cells[j].through(cells[k], text)
        if len(flat(joined.text)) <= 10 and role_of(joined.text) is not None:
            return joined, k + 1
    return None


def _upper_row_last(run: list[StreamCell]) -> list[StreamCell]:
    """A two-row header whose upper row holds no name column ("年度指标值 | 实际完成值 | 分值 ..."
    above "一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位"): the lower row's columns come
    first, then the upper row's columns that span both rows; an upper cell whose role the lower
    row repeats is the parent of lower columns, not a column."""
    lines = sorted({c.line for c in run})
    if len(lines) < 2:
        return run
    upper = [c for c in run if c.line == lines[0]]
    lower = [c for c in run if c.line != lines[0]]
    if len(upper) < 2 or len(lower) < 2 * (len(lines) - 1):
        return run  # one header cell a line: no rows to reorder
    up_roles = [role_of(c.text) for c in upper]
    low_roles = {role_of(c.text) for c in lower}
    # a section label over the whole block ("绩效指标") is no name column
    specific = [r for c, r in zip(upper, up_roles) if r == "name" and flat(c.text) not in _NAME_RANK[-1:]]
    if specific or "name" not in low_roles:
        return run
    return lower + [c for c, r in zip(upper, up_roles) if r not in low_roles or r == "score"]


def header_runs(text: str, cells: list[StreamCell]) -> list[tuple[int, int, list[str | None]]]:
    """Header runs of the stream: (first cell, cell after the last, roles)."""
    out = []
    i, n = 0, len(cells)
    while i < n:
        if role_of(cells[i].text) is None:
            i += 1
            continue
        run = _join_split_names(text, cells, i)
        j = _end_of_run(cells, i, run)
        run = _upper_row_last(run)
        roles = fix_names([c.text for c in run], [header_role(c) for c in run])
        a = 0
        while a < len(run) and roles[a] == "other":
            a += 1
        if is_header(roles[a:]):
            # the stream index of the first kept cell (joined cells make run and stream differ)
            first = next(k for k in range(i, j) if cells[k].cell.start == run[a].cell.start)
            out.append((first, j, roles[a:]))
        i = j
    return out


def _end_of_run(cells: list[StreamCell], i: int, run: list[StreamCell]) -> int:
    """Index of the first stream cell after the header run that starts at ``i``."""
    end = run[-1].cell.end
    j = i
    while j < len(cells) and cells[j].cell.start < end:
        j += 1
    return j


def head_word(text: str) -> str | None:
    """The head word that names the column ``text``, or None."""
    head = _head(flat(text) or "")
    return head[0] if head else None
