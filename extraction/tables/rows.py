"""Turning cells keyed by column role into indicator rows: fill-down of 一级 / 二级指标 and the
standard hierarchy where a PDF lost the 一级 cell."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources
from .kinds import DATE, LONG, TEXT, flat, kind_of, numbering_end
from .model import VALUE_ROLES, Cell, TableRow


class Hierarchy:
    """Tracks 一级 / 二级指标 down a table; learns level2 -> level1 from the filing itself."""

    def __init__(self) -> None:
        self.level1: str | None = None
        self.level2: str | None = None
        self.observed: dict[str, str] = {}

    def update(self, level1: str | None, level2: str | None) -> None:
        if level1:
            self.level1 = level1
        if level2:
            self.level2 = level2
            if level1:
                self.observed[level2] = level1
            else:
                parent = self.parent_of(level2)
                if parent and self.level1 and parent != self.level1 and self._known_level1(self.level1):
                    self.level1 = parent

    def parent_of(self, level2: str) -> str | None:
        """The 一级指标 that ``level2`` belongs to, as this filing or the standard hierarchy says."""
        return self.observed.get(level2) or self._standard_parent(level2)

    @staticmethod
    def _standard_parent(level2: str) -> str | None:
        info = resources.levels().get(level2 + "#2") or resources.levels().get(level2)
        return info[1] if info and info[0] == 2 else None

    @staticmethod
    def _known_level1(level1: str) -> bool:
        info = resources.levels().get(level1)
        return bool(info and info[0] == 1)


def row_from_cells(cells: dict[str, Cell | None], values: list[tuple[str, Cell]], hier: Hierarchy,
                   project: Cell | None = None) -> TableRow | None:
    """The one way cells become a table row, in every reader and model: ``cells`` keyed by role
    (name, level1, level2, op, unit; others ignored), ``values`` as (column role, cell) in column
    order. The 一级 / 二级 cells move ``hier`` on (the fill-down), a list numeral before the name
    goes ("1、", "(二)"); None when the row has neither a name nor a value."""
    l1, l2 = cells.get("level1"), cells.get("level2")
    hier.update(flat(l1.text) if l1 else None, flat(l2.text) if l2 else None)
    name = cells.get("name")
    skip = numbering_end(name.text) if name is not None else 0
    if skip:
        name = Cell(name.start + skip, name.end, name.text[skip:])
    if not values and name is None:
        return None
    # operator and unit columns of their own ("计算符号", "度量单位") join the row's values
    return TableRow(name=name, values=list(values), level1=hier.level1, level2=hier.level2,
                    op=cells.get("op"), unit=cells.get("unit"), project=project)


def is_page_footer(line: list[str]) -> bool:
    """Whether the line of cells ``line`` holds a web page's or a page's footer words (版权所有,
    ICP备: ``resources/page_furniture.txt``)."""
    return _holds_footer([flat(t) or "" for t in line])


@lru_cache(maxsize=None)
def _footer_words() -> re.Pattern:
    return re.compile("|".join(map(re.escape, resources.word_list("page_furniture.txt"))) or "(?!)")


def _holds_footer(flats: list[str]) -> bool:
    # (a page-furniture word never spans two cells, so one search of each cell joined by a
    # separator is the same as a search of each cell)
    return _footer_words().search("\x00".join(flats)) is not None


def ends_table(line: list[str]) -> bool:
    """Whether the line of cells ``line`` (their texts) is one no indicator table continues into,
    in any reader: a form field ("预算单位:", "开始时间*:"),
    a form title or note (``resources/table_end.txt``), or five or more labels with no value
    among them (the header of another table: an allocation or budget table after the indicators)."""
    if not line:
        return False
    flats = [flat(t) or "" for t in line]
    first = flats[0].rstrip("*＊")
    if first.endswith((":", "：")) or first.startswith(resources.word_list("table_end.txt")):
        return True
    title = "".join(flats).lstrip("#")
    if len(line) <= 2 and title.endswith("表") and len(title) >= 8:
        return True  # the title of the next form ("## 2020年部门项目支出预算绩效目标下达表")
    if _holds_footer(flats):
        return True
    # a numbered heading or paragraph of the report that follows the table ("3.分析评价…",
    # "(三)项目自评步骤"): numbered, long, and no numbered indicator name ("指标1:…")
    # (a date is no number: "2021.1.1-12.31")
    k = numbering_end(line[0])
    if (len(line) == 1 and k and len(first) >= 8 and not line[0][k:k + 1].isdigit()
            and not first.startswith(resources.word_list("numbered_names.txt"))):
        return True
    return len(line) >= 5 and all(kind_of(t) in (TEXT, LONG, DATE) for t in line)
