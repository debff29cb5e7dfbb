"""Scores of spec section 4: exact span P/R/F1 per label and micro; record P/R/F1 with
one-to-one matching per filing."""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..record import Record

LABELS = ("IND", "OP", "VAL", "UNIT")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "PRF") -> "PRF":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


Span = tuple[str, int, int]


def span_scores(gold: Iterable[Span], pred: Iterable[Span]) -> dict[str, PRF]:
    """Exact (label, start, end) match; keys are the labels and ``micro``."""
    g, p = set(gold), set(pred)
    out = {lab: PRF() for lab in LABELS}
    for lab in LABELS:
        gl = {s for s in g if s[0] == lab}
        pl = {s for s in p if s[0] == lab}
        out[lab] = PRF(len(gl & pl), len(pl - gl), len(gl - pl))
    micro = PRF()
    for lab in LABELS:
        micro += out[lab]
    out["micro"] = micro
    return out


def _key(r: Record, relaxed: bool = False) -> tuple:
    return (None if relaxed else r.indicator, r.op, r.unit, r.qualitative, r.column)


def values_equal(a: float | int | None, b: float | int | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=0.0)


@dataclass
class RecordMatch:
    prf: PRF
    matched: list[tuple[Record, Record]] = field(default_factory=list)
    missed: list[Record] = field(default_factory=list)
    spurious: list[Record] = field(default_factory=list)


def match_records(gold: list[Record], pred: list[Record], *, relaxed: bool = False) -> RecordMatch:
    """One-to-one matching of one filing's records: all of indicator, op, value (1e-6 relative),
    unit, qualitative and column equal (``relaxed``: the indicator is not compared). Matching is an equivalence, so greedy is optimal; ties go
    to the nearest offset so that error lists point at the right place."""
    by_key: dict[tuple, list[Record]] = defaultdict(list)
    for g in gold:
        by_key[_key(g, relaxed)].append(g)
    res = RecordMatch(PRF())
    used: set[int] = set()
    for p in sorted(pred, key=lambda r: r.start):
        cands = [g for g in by_key.get(_key(p, relaxed), []) if id(g) not in used and values_equal(g.value, p.value)]
        if cands:
            g = min(cands, key=lambda g: abs(g.start - p.start))
            used.add(id(g))
            res.matched.append((g, p))
        else:
            res.spurious.append(p)
    res.missed = [g for g in gold if id(g) not in used]
    res.prf = PRF(len(res.matched), len(res.spurious), len(res.missed))
    return res


def score_records(gold: list[Record], pred: list[Record], *, relaxed: bool = False) -> dict[str, RecordMatch]:
    """Per-filing record matches, plus ``overall`` (the sum over filings)."""
    docs = sorted({r.doc for r in gold} | {r.doc for r in pred})
    out: dict[str, RecordMatch] = {}
    total = RecordMatch(PRF())
    for d in docs:
        m = match_records([r for r in gold if r.doc == d], [r for r in pred if r.doc == d], relaxed=relaxed)
        out[d] = m
        total.prf += m.prf
        total.matched += m.matched
        total.missed += m.missed
        total.spurious += m.spurious
    out["overall"] = total
    return out
