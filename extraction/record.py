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


def flat(text: str | None) -> str | None:
    """White space removed (the spec's form of indicator, level and qualitative fields)."""
    return None if text is None else "".join(text.split())


__all__ = ["Record", "SPEC_FIELDS", "flat", "asdict"]
