"""Labelled spans -> records: link each VAL to its OPs, UNITs and IND, choose its column, and
normalise it with the same value grammar the rules use.

Linking is by position, the way a reader links them: operators and units touch the value (only
white space between); the indicator is the nearest name before the value, or the counted noun
right after it in prose ("27名老党员"). The column comes from the nearest table header above
(its value columns in order: 前年 / 上年 / 当年, 年度目标值 / 全年完成值), or from the prose
section the value is in (年初设定目标 -> target, 全年实际完成情况 -> actual), else ``target``.
"""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from .. import resources
from ..mention import Span
from ..record import Record, flat, text_bounds
from ..structure.projects import Projects
from ..structure import DocumentContext
from ..tables.headers import role_of
from ..tables.model import VALUE_ROLES
from ..values import find_values, read_spans
from ..normalizing import NormText

_GLUE = re.compile(r"[\s$]*")               # what may sit between a value and its operator / unit
_CUT = re.compile(r"\t|<[^<>\n]{1,80}>|[。；;：:！？!?]")  # never inside an indicator name (commas may be)
_CELL_BREAK = re.compile(r"\t|\n\s*\n")
_CLAUSE = re.compile(r"[，,。；;：:！？!?\n]")
AFTER_GAP = 6       # "两次及时发放老党员生活补贴": a counted noun a few characters after the value
MAX_NAME_GAP = 400
MIN_SCORE = 0.5     # mean span confidence a labeler record needs outside the tables
_LIST_ITEM = re.compile(rf"\n\s*(?:\d+|[{resources.marker('list_numeral_chars')}]+)[、.．]")  # characters between a name and its value, at most (PDF cells run long)


class _Guide:
    """Column and level context by offset; every lookup a binary search (a line of a megabyte holds
    thousands of values: scanning the headers, the sections or the line before each was quadratic)."""

    def __init__(self, text: str, headers: list[tuple[int, int, list[str], list[str | None] | None]],
                 sections: list[tuple[int, int, str]]) -> None:
        self.text, self.headers, self.sections = text, headers, sections
        self._head_ends = [h[1] for h in headers]
        self._sec_starts = [sec[0] for sec in sections]
        self._breaks = [m.start() for m in re.finditer("\n", text)]
        self._tabs = [m.start() for m in re.finditer("\t", text)]

    @classmethod
    def of(cls, text: str, context=None) -> "_Guide":
        """The guide of ``text`` from the headers and sections its document context found (or
        found here when there is none)."""
        heads = []
        context = context if context is not None else DocumentContext.of_text(text)
        by_line: dict[int, list[str | None] | None] = {}  # several headers may share a line
        for s, end, roles in context.headers:
            a = text.rfind("\n", 0, s) + 1
            if a not in by_line:
                b = text.find("\n", s)
                line = text[a:b if b >= 0 else len(text)]
                by_line[a] = [role_of(c) for c in line.split("\t")] if "\t" in line else None
            heads.append((s, end, [r for r in roles if r in VALUE_ROLES], by_line[a]))
        return cls(text, heads, context.sections)

    def roles_at(self, pos: int) -> list[str] | str:
        """The column of a value at ``pos`` (a str), or the header's value columns in order."""
        # the last header ending at or before pos; the section holding pos (they do not overlap)
        i = bisect.bisect_right(self._head_ends, pos) - 1
        head = self.headers[i] if i >= 0 else None
        j = bisect.bisect_right(self._sec_starts, pos) - 1
        sec = self.sections[j] if j >= 0 and pos < self.sections[j][1] else None
        if sec and (head is None or sec[0] > head[0]):
            return sec[2]
        if head and head[3]:
            k = bisect.bisect_left(self._breaks, pos)
            line_start = self._breaks[k - 1] + 1 if k else 0
            # tabs between the line's start and pos
            k = bisect.bisect_left(self._tabs, pos) - bisect.bisect_left(self._tabs, line_start)
            if k and k < len(head[3]) and head[3][k] in VALUE_ROLES:
                return head[3][k]
        if head and head[2]:
            return head[2]
        return sec[2] if sec else "target"


def _trim_name(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The part of an IND span after its last tab, tag or clause mark, without white space ends."""
    last = None
    for m in _CUT.finditer(text, s, e):
        last = m.end()
    if last is not None:
        s = last
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return (s, e) if e - s >= 2 or (e - s == 1 and "\u4e00" <= text[s] <= "\u9fff") else None


def _touching(text: str, a: int, b: int) -> bool:
    return a <= b and _GLUE.fullmatch(text, a, b) is not None


def records_from_spans(doc: str, text: str, spans: Sequence[Span], *,
                       projects: Projects | None = None, source: str = "model", context=None) -> list[Record]:
    """One record per VAL span that can be linked to an indicator name (``context``: the
    document's structure, :class:`extraction.structure.DocumentContext`, when found already)."""
    projects = projects or (context.projects if context is not None else Projects(text))
    guide = _Guide.of(text, context)
    spans = sorted(spans, key=lambda x: (x.start, x.end))
    inds: list[Span] = []
    for sp in spans:
        if sp.label == "IND":
            cut = _trim_name(text, sp.start, sp.end)
            if cut:
                inds.append(Span("IND", *cut, sp.score))
    ind_starts = [i.start for i in inds]
    by_pos = [sp for sp in spans if sp.label in ("OP", "UNIT")]
    pos_starts = [sp.start for sp in by_pos]
    vals = [sp for sp in spans if sp.label == "VAL"]
    val_starts = [v.start for v in vals]
    # a name with a value after it in the same cell ("培训覆盖率 100%") belongs to that value only
    # (binary searches throughout: a cell with thousands of values stays linear)
    owned: dict[tuple[int, int], int] = {}
    for ind in inds:
        k = bisect.bisect_left(val_starts, ind.end)
        nxt = vals[k] if k < len(vals) else None
        if nxt and not _CELL_BREAK.search(text, ind.end, nxt.start) and nxt.start - ind.end <= 12:
            owned[(ind.start, ind.end)] = nxt.start
    out: list[Record] = []
    group: dict[tuple[int, int], int] = {}  # values already given to one name (their column order)
    for v in vals:
        ops, units = [], []
        # prefix operators: chain backwards over touching OP spans
        left = v.start
        for i in range(bisect.bisect_left(pos_starts, v.start) - 1, -1, -1):
            sp = by_pos[i]
            if sp.end > v.start:
                continue  # overlaps the value
            if sp.label == "OP" and _touching(text, sp.end, left):
                ops.append(sp)
                left = sp.start
            else:
                break
        right = v.end
        for i in range(bisect.bisect_left(pos_starts, v.end), len(by_pos)):
            sp = by_pos[i]
            if _touching(text, right, sp.start):
                (ops if sp.label == "OP" else units).append(sp)
                right = sp.end
            else:
                break
        ind = _pick_name(text, inds, ind_starts, left, right, owned)
        cell = _cell_before(text, left)
        if cell and (ind is None or "\t" in text[ind.end:left]
                     or ("\n" in text[ind.end:left] and "\n" not in text[cell[1]:left])):
            # the model named nothing in the value's own row: the cell just before it is the name
            ind = Span("IND", *cell, 0.5)
            name_from_cell = True
        else:
            name_from_cell = False
        if ind is None or not flat(text[ind.start:ind.end]):
            continue  # (control characters alone are no name)
        op, value, unit, qual = read_spans(text, (v.start, v.end), [(o.start, o.end) for o in ops],
                                           [(u.start, u.end) for u in units])
        roles = guide.roles_at(v.start)
        if isinstance(roles, str):
            column = roles
        else:
            k = group.get((ind.start, ind.end), 0)
            group[(ind.start, ind.end)] = k + 1
            column = roles[k] if k < len(roles) else roles[-1]
        parts = [("IND", ind.start, ind.end, ind.score), ("VAL", v.start, v.end, v.score)]
        parts += [("OP", o.start, o.end, o.score) for o in ops] + [("UNIT", u.start, u.end, u.score) for u in units]
        parts.sort(key=lambda p: (p[1], p[0]))
        start, end = text_bounds(parts)
        out.append(Record(
            doc=doc, project=projects.at(ind.start), level1=None, level2=None,
            indicator=flat(text[ind.start:ind.end]), op=op, value=value, unit=unit, qualitative=qual,
            column=column, text=text[start:end], start=start, end=end, source=source,
            spans=[p[:3] for p in parts],
            extra={"span_scores": [p[3] for p in parts]} | ({"name_from": "cell"} if name_from_cell else {}),
        ))
    return out


def may_hold_statement(text: str) -> bool:
    """Whether a stretch of text outside the tables holds a value that
    :func:`plausible_outside_tables` could keep (a unit or an operator, not money or a date):
    the combined extractor tags only such windows."""

    for m in find_values(NormText(text).text, chinese_numerals=True):
        if (m.unit or m.ops) and m.unit not in resources.money_units() and m.unit not in resources.date_units():
            return True
    return False


def plausible_outside_tables(r: Record) -> bool:
    """Whether a labeler record found outside every recognised table reads as a performance
    statement: prose needs a unit or an operator, never money or a date, and a name that is not a
    form label (``resources/not_indicators.txt``)."""
    if r.qualitative is not None:
        return False  # qualitative values count only in a table's value column (spec section 1)
    if r.extra.get("name_from") == "cell":
        return False  # a name guessed from the table cell layout: outside the tables there is none
    if r.unit is None and r.op == "=":
        return False
    if r.unit in resources.money_units() or r.unit in resources.date_units():
        return False
    # one statement: no sentence end or new list item between the name and its value
    if min(s for _, s, _ in r.spans) < r.start:
        return False  # the name is so far from the value that the record's text was cut short
    if len(r.text) > 80 or "。" in r.text or _LIST_ITEM.search(r.text):
        return False
    scores = r.extra.get("span_scores") or [1.0]
    if sum(scores) / len(scores) < MIN_SCORE:
        return False
    return r.indicator not in resources.word_list("not_indicators.txt") and len(r.indicator) >= 2


def _cell_before(text: str, left: int) -> tuple[int, int] | None:
    """The text cell right before offset ``left`` on its line or the line above (tab, line break
    or a run of spaces ends it), when it reads as a name: Chinese, no digits, 2-40 characters."""
    a = max(0, left - 80)
    chunk = text[a:left]
    m = re.search(r"([\u4e00-\u9fff][^\t\n]*?)[ \t]*\n?[ \t]*$", chunk)
    if not m:
        return None
    s, e = a + m.start(1), a + m.end(1)
    piece = text[s:e]
    cut = max(piece.rfind("  "), piece.rfind("\t"))
    if cut >= 0:
        s += cut + 1
        piece = text[s:e]
    piece_flat = piece.strip()
    if not 2 <= len(piece_flat) <= 40 or re.search(r"[0-9０-９%％]", piece_flat) or _CUT.search(piece_flat):
        return None
    s += len(piece) - len(piece.lstrip())
    e = s + len(piece_flat)
    return s, e


def _pick_name(text: str, inds: list[Span], starts: list[int], left: int, right: int,
               owned: dict[tuple[int, int], int]) -> Span | None:
    """The name before the mention, or the counted noun just after it when the clause has no name."""
    i = bisect.bisect_left(starts, left) - 1
    before = None
    while i >= 0:
        cand = inds[i]
        if owned.get((cand.start, cand.end), left) < left and "\t" in text[cand.end:left]:
            i -= 1
            continue
        if cand.end <= left:
            if left - cand.end <= MAX_NAME_GAP:
                before = cand
            break
        i -= 1
    j = bisect.bisect_left(starts, right)
    after = None
    if j < len(inds) and inds[j].start - right <= AFTER_GAP and not _CLAUSE.search(text, right, inds[j].start):
        after = inds[j]
    if after and (before is None or _CLAUSE.search(text, before.end, left)):
        return after
    return before


__all__ = ["records_from_spans"]
