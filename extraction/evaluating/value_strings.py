"""How well the value grammar reads gold value strings: (op, value, unit) exactly right.

A gold mention's *value string* is the filing's text from its first OP / VAL / UNIT span to its
last. It is read the way the table reader reads a value cell: a normalised view
(:class:`~extraction.normalizing.NormText`) parsed by
:func:`~extraction.values.parse_value_cell`; the reading whose VAL overlaps the gold VAL is
compared with the gold (op, value, unit). Sources: ``annotations/gold/gold_records.jsonl`` (the
sample filings) and authoring files ``*.mentions.jsonl`` (the dev corpus, read-only).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..normalizing import NormText
from ..values import parse_value_cell
from .scoring import values_equal

Span = tuple[int, int]
Reading = tuple[str, "float | int | None", "str | None"]


@dataclass(frozen=True)
class ValueCase:
    """One gold value string: where it is and what it should read."""

    doc: str
    start: int
    end: int
    val: Span
    op: str
    value: float | int | None
    unit: str | None


@dataclass
class ValueScore:
    total: int = 0
    exact: int = 0
    misses: list[tuple[ValueCase, str, Reading | None]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.exact / self.total if self.total else 0.0


def _json_lines(path: Path) -> list[dict]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not a JSON line ({e.msg})") from None
    return out


def cases_from_records(path: Path) -> list[ValueCase]:
    """Value strings of gold records (``gold_records.jsonl``: records with their spans)."""
    out = []
    for r in _json_lines(path):
        spans = [(s, e) for label, s, e in r["spans"] if label != "IND"]
        val = next((s, e) for label, s, e in r["spans"] if label == "VAL")
        out.append(ValueCase(r["doc"], min(s for s, _ in spans), max(e for _, e in spans), val,
                             r["op"], r["value"], r["unit"]))
    return out


def cases_from_mentions(path: Path) -> list[ValueCase]:
    """Value strings of an authoring file (``<stem>.mentions.jsonl``: ops / val / units spans)."""
    doc = path.name.split(".")[0] + ".txt"
    out = []
    for d in _json_lines(path):
        spans = [tuple(d["val"])] + [tuple(s) for s in d["ops"]] + [tuple(s) for s in d["units"]]
        out.append(ValueCase(doc, min(s for s, _ in spans), max(e for _, e in spans), tuple(d["val"]),
                             d["op"], d["value"], d["unit_norm"]))
    return out


def read_case(text: str, case: ValueCase) -> Reading | None:
    """The grammar's (op, value, unit) for the reading whose VAL overlaps the gold VAL."""
    view = NormText(text, case.start, case.end)
    for m in parse_value_cell(view.text):
        a, b = view.to_original(*m.val)
        if a < case.val[1] and case.val[0] < b:
            return m.op, m.value, m.unit
    return None


def score_cases(cases: list[ValueCase], filings: Path) -> ValueScore:
    """Share of cases read exactly right; ``filings`` is the folder holding each case's doc."""
    texts: dict[str, str] = {}
    score = ValueScore()
    for c in cases:
        if c.doc not in texts:
            path = filings / c.doc
            if not path.is_file():
                raise FileNotFoundError(f"{path}: filing of a gold value string not found")
            texts[c.doc] = path.read_text(encoding="utf-8")
        got = read_case(texts[c.doc], c)
        score.total += 1
        if got is not None and got[0] == c.op and values_equal(got[1], c.value) and got[2] == c.unit:
            score.exact += 1
        else:
            score.misses.append((c, texts[c.doc][c.start:c.end], got))
    return score
