"""Spans and table rows -> records (spec section 3)."""
from __future__ import annotations

from typing import Callable

from ..normalizing import NormText
from ..record import Record, flat, text_bounds
from ..tables import TableRow
from ..values import ValueMatch, parse_value_cell

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
    return Record(
        doc=doc, project=project, level1=level1, level2=level2,
        indicator=flat(text[ind[0]:ind[1]]), op=match.op, value=match.value, unit=match.unit,
        qualitative=match.qualitative, column=column, text=text[start:end], start=start, end=end,
        source=source, spans=sorted(spans, key=lambda s: (s[1], s[0])),
    )


def records_from_row(doc: str, text: str, row: TableRow, project: str | None) -> list[Record]:
    """One record per value of a table row; a value cell naming its own measure gives its IND."""
    out = []
    for role, cell in row.values:
        view = NormText(text, cell.start, cell.end)
        for m in parse_value_cell(view.text):
            ind = view.to_original(*m.ind) if m.ind is not None else None
            if ind is not None and flat(text[ind[0]:ind[1]]):
                pass
            elif row.name is not None:  # (a measure named only by control characters is no name)
                ind = (row.name.start, row.name.end)
            else:
                continue
            out.append(record_from_match(doc, text, ind, m, view.to_original, column=role, project=project,
                                         level1=row.level1, level2=row.level2))
    return out
