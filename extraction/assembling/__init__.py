"""Spans and table rows -> records (spec section 3)."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .. import resources
from ..normalizing import NormText
from ..normalizing.simplified import to_simplified
from ..record import Record, flat, text_bounds
from ..tables import TableRow
from ..tables.glued import is_qualitative
from ..tables.kinds import AS_WRITTEN, kind_of
from ..tables.model import VALUE_ROLES
from ..values import ValueMatch, first_of_two, parse_value_cell, read_spans

Mapper = Callable[[int, int], tuple[int, int]]

__all__ = ["record_from_match", "records_from_row"]


def record_from_match(doc: str, text: str, ind: tuple[int, int], match: ValueMatch, to_original: Mapper, *,
                      column: str, project: str | None, level1: str | None = None,
                      level2: str | None = None, source: str = "rule") -> Record:
    """A record from an IND span (original offsets) and a value match found in a normalised
    view (``to_original`` maps the view's spans back)."""
    def shift(span: tuple[int, int]) -> tuple[int, int]:
        return to_original(*span)

    spans = [("IND", *ind), ("VAL", *shift(match.val))]
    spans += [("OP", *shift(s)) for s in match.ops]
    spans += [("UNIT", *shift(s)) for s in match.units]
    start, end = text_bounds(spans)
    # a qualitative value is kept as written (traditional characters too): from the original,
    # not from the normalised view the grammar read
    qualitative = flat(text[spans[1][1]:spans[1][2]]) if match.qualitative is not None else None
    unit = _unit_as_written(text, [s for s in spans if s[0] == "UNIT"], match.unit)
    return Record(
        doc=doc, project=project, level1=level1, level2=level2,
        indicator=flat(text[ind[0]:ind[1]]), op=match.op, value=match.value, unit=unit,
        qualitative=qualitative, column=column, text=text[start:end], start=start, end=end,
        source=source, spans=sorted(spans, key=lambda s: (s[1], s[0])),
        extra={"value_warning": match.warning} if match.warning else {},
    )


def _unit_as_written(text: str, spans: list[tuple[str, int, int]], unit: str | None) -> str | None:
    """The unit the grammar read (in simplified characters, magnitude off) as the filing writes it:
    traditional characters are kept in every field ("場次" stays 場次, "萬元" gives 元)."""
    if unit is None or not spans:
        return unit
    written = flat("".join(text[s:e] for _, s, e in sorted(spans, key=lambda x: x[1]))) or ""
    if written == unit:
        return unit  # (what the lines below give too: most units are written as read)
    simple = to_simplified(written)
    if simple == written:
        return unit
    i = simple.find(unit)
    return written[i:i + len(unit)] if i >= 0 else unit


_MIN_TWICE = 3  # value cells written twice before a table with one value column is taken as printed twice


def printed_twice(rows: list[TableRow], roles: list[str | None]) -> bool:
    """Whether a table is printed in bold the PDF way, every value cell written twice: some row has
    two value cells of its own each written twice ("95%95% | 98%98%"), or, under a header of one
    value column, most value cells are. A single cell written twice under a header of several
    value columns, in a table with no such row, is a target and an equal actual glued ("3人3人")."""
    if any(sum(first_of_two(cell.text) is not None for _, cell in row.values) >= 2 for row in rows):
        return True
    if sum(r in VALUE_ROLES for r in roles) != 1:
        return False
    cells = [cell for row in rows for _, cell in row.values]
    # (numbers count too: one bare number written twice by chance is likely, most of them are not)
    twice = sum(first_of_two(cell.text, numbers=True) is not None for cell in cells)
    return twice >= _MIN_TWICE and twice * 2 > len(cells)


def records_from_row(doc: str, text: str, row: TableRow, project: str | None, *, source: str = "rule",
                     roles: list[str | None] | None = None, copies: bool = False) -> list[Record]:
    """One record per value of a table row; a value cell naming its own measure gives its IND
    (``source``: "rule" for a reader's row, "model" for one the cell model assembled). A cell
    holding two values ("≥95%98%", "3人3人") gives the second to the next value column of the
    table (``roles``, the header's) when the row has no cell of its own there; a cell written twice
    with no such column, or in a table printed twice (``copies``), is one value printed twice."""
    out = []
    for role, cell in row.values:
        view = NormText(text, cell.start, cell.end)
        matches = _read_cell(view.text)
        if len(matches) == 3 and roles and "score" in roles and _bare_points(view.text, matches[2]):
            matches = matches[:2]  # a target, an actual and the row's points glued ("≥1万人10万1")
        elif len(matches) == 1 and roles and "basis" in roles and (grade := _graded(view.text)):
            # a qualitative value glued to its 绩效标准 grade in OCR text ("有所提高优")
            matches = _read_cell(view.text.rstrip()[:-len(grade)])
        roles_of = [role] * len(matches)
        spare = _spare_column(role, row, roles)
        half = first_of_two(view.text, numbers=copies)
        if half is not None and (copies or spare is None):
            matches = _read_cell(view.text[:half])
            roles_of = [role] * len(matches)
        elif len(matches) == 2 and matches[1].ind is None and spare is not None:
            roles_of[1] = spare
            if spare == "actual" and matches[1].ops and all(e <= matches[0].val[0] for _, e in matches[1].ops):
                # the target's operator is not the actual's ("不少于800篇800篇": the actual is 800)
                matches[1] = replace(matches[1], ops=[], op="=")
        elif half is not None and spare is not None and len(matches) == 1:
            # a qualitative target and an equal actual glued ("有效减轻有效减轻"): one word each
            first, second = _read_cell(view.text[:half]), _read_cell(view.text[half:])
            if len(first) == len(second) == 1:
                matches, roles_of = [first[0], second[0].shifted(half)], [role, spare]
        for m, role in zip(matches, roles_of):
            ind = None
            if m.ind is not None and _names_a_measure(view.text[m.ind[0]:m.ind[1]]):
                ind = view.to_original(*_after_conjunction(view.text, m.ind))
            # (a measure named only by control characters is no name)
            if ind is None or not flat(text[ind[0]:ind[1]]):
                if row.name is None:
                    continue
                ind = (row.name.start, row.name.end)
            mapper = view.to_original
            if m.qualitative is None and (row.op or row.unit):
                m, mapper = _with_row_cells(text, m, view.to_original, row, role), _identity
            out.append(record_from_match(doc, text, ind, m, mapper, column=role, project=project,
                                         level1=row.level1, level2=row.level2, source=source))
    return out


def _graded(text: str) -> str:
    """The grade word (优, 良 …) a qualitative value cell ends in after a listed qualitative value
    ("有所提高优"), or ""."""
    f = flat(text) or ""
    grade = next((g for g in resources.markers("grade_word") if f.endswith(g)), "")
    return grade if grade and is_qualitative(f[:-len(grade)]) else ""


def _bare_points(text: str, m: ValueMatch) -> bool:
    """Whether a value is a row's points glued after its values: a bare number of at most 100, no
    unit and no operator of its own, closing the cell."""
    own_ops = [o for o in m.ops if o[1] == m.val[0]]
    return (m.unit is None and not own_ops and m.value is not None and 0 <= m.value <= _MAX_POINTS
            and not text[m.end:].strip())


_MAX_POINTS = 100


def _spare_column(role: str, row: TableRow, roles: list[str | None] | None) -> str | None:
    """The value column after ``role`` in the table's header when this row has no cell there."""
    if not roles or role not in roles:
        return None
    taken = {r for r, _ in row.values}
    nxt = next((r for r in roles[roles.index(role) + 1:] if r in VALUE_ROLES), None)
    return nxt if nxt is not None and nxt not in taken else None


def _after_conjunction(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The part of a name span after the last conjunction in it ("作业且总航时" -> 总航时)."""
    s, e = span
    cut = max((text.rfind(w, s, e) + len(w) for w in resources.word_list("conjunctions.txt")
               if text.rfind(w, s, e) >= 0), default=s)
    return (cut, e) if e - cut >= 2 else span


def _names_a_measure(text: str) -> bool:
    """Whether text before a value names what is measured ("培训覆盖率", "完成率"), not only says
    that something was done ("已完成", "至少全年完成"): verbs and operators are taken off its end."""
    rest = flat(text) or ""
    words = (resources.word_list("prose_verbs.txt") + resources.word_list("operators.tsv")
             + resources.word_list("change_words.txt"))
    while True:
        w = next((w for w in words if rest.endswith(w)), None)
        if w is None:
            return len(rest) > 1
        rest = rest[:-len(w)]


def _read_cell(text: str) -> list[ValueMatch]:
    """The values of a value cell; a date, period or range is one value read as written."""
    if kind_of(text) in AS_WRITTEN:
        a, b = len(text) - len(text.lstrip()), len(text.rstrip())
        return [ValueMatch(val=(a, b), qualitative=flat(text))]
    return parse_value_cell(text)


def _identity(s: int, e: int) -> tuple[int, int]:
    return s, e


def _with_row_cells(text: str, m: ValueMatch, to_original: Mapper, row: TableRow, column: str) -> ValueMatch:
    """The match with the row's operator and unit cells where the value cell has none of its own
    ("| ≥ | 95 | % |"); returned in original offsets (the mapper becomes the identity)."""
    val = to_original(*m.val)
    ops = [to_original(*s) for s in m.ops]
    units = [to_original(*s) for s in m.units]
    # the row's operator cell states the target; an actual is reported as it is
    if not ops and row.op is not None and column != "actual":
        ops = [(row.op.start, row.op.end)]
    if not units and row.unit is not None:
        units = [(row.unit.start, row.unit.end)]
    op, value, unit, qual = read_spans(text, val, ops, units)
    return ValueMatch(val=val, ops=ops, units=units, op=op, value=value, unit=unit, qualitative=qual)
