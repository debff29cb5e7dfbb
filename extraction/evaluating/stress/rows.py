"""A gold filing as indicator rows: what a rendered table prints (name, levels, project, and each
column's value as the filing wrote it), grouped by project."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...record import Record, flat

VALUE_COLUMNS = ("prior", "last", "target", "actual")


@dataclass
class Value:
    """One gold record's value as its filing writes it (white space removed), so that a table
    printing these pieces is read the way the gold reads them."""

    rec: Record
    pre: str    # operators before the number ("≥", "不少于")
    val: str    # the number, or the qualitative word
    unit: str   # the unit as written ("万人"), "" for none
    post: str   # operators after the unit ("以上")


@dataclass
class Row:
    project: str | None
    level1: str | None
    level2: str | None
    name: str
    values: dict[str, Value] = field(default_factory=dict)


@dataclass
class Block:
    """The rows of one project (None: a department-wide table), in the filing's order."""

    project: str | None
    rows: list[Row]


def value_of(text: str, r: Record) -> Value | None:
    """The written pieces of a gold record, or None where a table cell cannot carry them alone
    (no name, several values, a unit the cell does not write, an operator inside the value)."""
    vals = [(s, e) for lab, s, e in r.spans if lab == "VAL"]
    units = [(s, e) for lab, s, e in r.spans if lab == "UNIT"]
    if not r.indicator or not any(lab == "IND" for lab, _, _ in r.spans) or r.column not in VALUE_COLUMNS:
        return None
    if len(vals) != 1 or len(units) > 1 or (r.unit and not units):
        return None  # a unit from a header ("(万元)") would need that header too
    vs, ve = vals[0]
    pre, post = [], []
    for lab, s, e in r.spans:
        if lab != "OP":
            continue
        if e <= vs:
            pre.append(flat(text[s:e]))
        elif units and s < units[0][0]:
            return None  # "30余场": an infix operator between number and unit
        else:
            post.append(flat(text[s:e]))
    val = flat(text[vs:ve])
    unit = flat(text[units[0][0]:units[0][1]]) if units else ""
    if not val:
        return None
    return Value(r, "".join(pre), val, unit, "".join(post))


def blocks(text: str, gold: list[Record]) -> list[Block]:
    """The printable gold records of a filing as rows: records of one indicator (project, levels,
    name) share a row until a column repeats; rows grouped by project in order of appearance."""
    out: dict[str | None, Block] = {}
    open_rows: dict[tuple, Row] = {}
    for r in sorted(gold, key=lambda r: (r.start, r.end)):
        v = value_of(text, r)
        if v is None:
            continue
        key = (r.project, r.level1, r.level2, r.indicator)
        row = open_rows.get(key)
        if row is None or r.column in row.values:
            row = Row(r.project, r.level1, r.level2, r.indicator)
            open_rows[key] = row
            out.setdefault(r.project, Block(r.project, [])).rows.append(row)
        row.values[r.column] = v
    return list(out.values())
