"""The output record of ../shared/spec/INDICATORS.md section 3."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SPEC_FIELDS = ("doc", "project", "level1", "level2", "indicator", "op", "value", "unit",
               "qualitative", "column", "text", "start", "end", "source")


@dataclass
class Record:
    """One indicator mention. ``spans`` (label, start, end) and ``extra`` are beside the spec's fields."""

    doc: str
    project: str | None
    level1: str | None
    level2: str | None
    indicator: str
    op: str
    value: float | int | None
    unit: str | None
    qualitative: str | None
    column: str
    text: str
    start: int
    end: int
    source: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, *, with_spans: bool = True) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in SPEC_FIELDS}
        if with_spans:
            d["spans"] = [list(s) for s in self.spans]
        d.update(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        known = {k: d.get(k) for k in SPEC_FIELDS}
        spans = [tuple(s) for s in d.get("spans", [])]
        extra = {k: v for k, v in d.items() if k not in SPEC_FIELDS and k != "spans"}
        return cls(**known, spans=spans, extra=extra)


MAX_TEXT = 300  # characters of a record's text; the longest in the sample filings is under 100


def text_bounds(spans: list[tuple]) -> tuple[int, int]:
    """A record's (start, end): its spans from first to last (indicator through unit), or, where
    that would run over ``MAX_TEXT`` characters (a name far above its value; a cell holding
    thousands of values), the value's own spans (operators, value, unit), so that output stays
    linear in the input. The IND span is still in ``spans`` then, before ``start``."""
    start = min(s[1] for s in spans)
    end = max(s[2] for s in spans)
    if end - start > MAX_TEXT:
        own = [s for s in spans if s[0] != "IND"] or spans
        start = min(s[1] for s in own)
        end = max(s[2] for s in own)
    return start, end


def flat(text: str | None) -> str | None:
    """White space removed (the spec's form of indicator, level and qualitative fields)."""
    return None if text is None else "".join(text.split())


__all__ = ["Record", "SPEC_FIELDS", "MAX_TEXT", "flat", "text_bounds", "asdict"]
