"""Columns from content: the rows of a table with no header the reader knows (a table going on
from the page before, a header cut off or named in words no list holds) read from what their
cells hold, so a missing header loses no row.

A row is a name cell (after any level cells) followed by value cells; the first value that an
operator, a unit or its own form marks as a value is the target; the next one is the actual when
it is marked the same way, or a bare number near the target ("≥ | 90 | % | 93"); bare small
numbers elsewhere are weights and scores ("道路保洁面积 | 5 | >=2000平方米 | 2150平方米 | 5").
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import resources
from ..regions import Regions
from .headers import role_of
from .kinds import EMPTY, LEVEL1, LEVEL2, NUMBER, NUMBERED, OP, QUAL, TEXT, UNIT, VALUE, kind_of
from .model import VALUE_ROLES

if TYPE_CHECKING:
    from .encodings import StreamCell

MIN_ROWS = 2  # rows in a row: one line that looks like a row is as often a line of a form
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NEAR = (0.5, 2.0)  # an actual is within this factor of its target
_LEVELS = {LEVEL1: "level1", LEVEL2: "level2"}


def _number(text: str) -> float | None:
    m = _NUMBER.search(text)
    return float(m.group()) if m else None


def _near(target: str, other: str) -> bool:
    t, o = _number(target), _number(other)
    return t is not None and o is not None and t > 0 and _NEAR[0] * t <= o <= _NEAR[1] * t


def _tail(text: str) -> str:
    return "".join(text.split()).rstrip(")）")


def _is_money(text: str) -> bool:
    """A value in money, a budget figure ("3359.62万" is one too: a count names what it counts)."""
    tail = _tail(text)
    return tail.endswith(tuple(resources.money_units())) or (tail[-1:] in resources.magnitudes() and tail[-2:-1].isdigit())


def _is_score(text: str) -> bool:
    """A value in points: a weight or a score."""
    return _tail(text).endswith(resources.marker("score_unit"))


def _other_header(line: list[StreamCell]) -> bool:
    """Whether a line names columns (two or more of its cells hold a head word) and no value column
    among them: the header of another kind of table (a budget table), whose rows are not read."""
    roles = [role_of(c.text) for c in line]
    return sum(r is not None for r in roles) >= 2 and not any(r in VALUE_ROLES for r in roles)


def content_roles(texts: list[str]) -> list[str | None] | None:
    """Column roles of one row's cells (their texts) read from what they hold; None when the row
    is no indicator row (no name cell, or no value marked as one)."""
    kinds = [kind_of(t) for t in texts]
    roles: list[str | None] = [None] * len(texts)
    i = 0
    while i < len(kinds) and kinds[i] in (LEVEL1, LEVEL2, EMPTY):
        roles[i] = _LEVELS.get(kinds[i])
        i += 1
    if i >= len(kinds) or kinds[i] not in (TEXT, NUMBERED):
        return None
    roles[i] = "name"
    marked: list[int] = []
    bare: list[int] = []
    for j in range(i + 1, len(kinds)):
        k = kinds[j]
        if k == OP:
            roles[j] = "op"
        elif k == UNIT:
            roles[j] = "unit"
        elif k == VALUE and _is_money(texts[j]):
            return None  # a row of a budget table
        elif k in (VALUE, QUAL) and not _is_score(texts[j]):
            marked.append(j)
        elif k == NUMBER:
            # a bare number is a value when an operator cell stands before it or a unit cell after it
            if kinds[j - 1] == OP or (j + 1 < len(kinds) and kinds[j + 1] == UNIT):
                marked.append(j)
            else:
                bare.append(j)
    if not marked:
        return None
    target = marked[0]
    roles[target] = "target"
    nxt = target + 1
    while nxt < len(kinds) and kinds[nxt] == UNIT:
        nxt += 1
    if nxt in marked or (nxt in bare and _near(texts[target], texts[nxt])):
        roles[nxt] = "actual"
    return roles


def headless_rows(cells: list[StreamCell], covered: list[tuple[int, int]]) -> list[list[tuple[list[StreamCell], list[str | None]]]]:
    """Stretches of at least :data:`MIN_ROWS` lines in a row outside the ``covered`` offset ranges
    (the tables read under a header) whose cells read as indicator rows: per stretch, each line's
    cells and their roles."""
    lines: list[list[StreamCell]] = []
    for c in cells:
        if lines and lines[-1][0].line == c.line:
            lines[-1].append(c)
        else:
            lines.append([c])
    stretches: list[list[tuple[list[StreamCell], list[str | None]]]] = []
    run: list[tuple[list[StreamCell], list[str | None]]] = []
    under_header = False  # the run goes on under a header of another kind of table
    taken = Regions(covered)
    for line in lines:
        inside = taken.holds(line[0].cell.start)
        roles = None if inside or len(line) < 2 else content_roles([c.text for c in line])
        if roles is not None:
            if not under_header:
                run.append((line, roles))
            continue
        if len(run) >= MIN_ROWS:
            stretches.append(run)
        run = []
        under_header = not inside and _other_header(line)
    if len(run) >= MIN_ROWS:
        stretches.append(run)
    return stretches
