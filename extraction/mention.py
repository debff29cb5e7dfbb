"""The span and mention types every stage shares: the rules, the sequence labeler, the gold and
the assembler speak of the same things.

A :class:`Span` is one labelled stretch of a document (IND / OP / VAL / UNIT) with a confidence;
a :class:`Mention` is one value with its operators, units and (when known) its indicator name:
what the value grammar finds in a cell (``values.ValueMatch``) and what a gold annotation holds
(``evaluating.gold.GoldMention`` adds the filing and the record attributes).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

LABELS = ("IND", "OP", "VAL", "UNIT")
Offsets = tuple[int, int]
SpanTuple = tuple[str, int, int]   # (label, start, end), the form records and gold sets use


@dataclass(frozen=True)
class Span:
    """A labelled span in document offsets with a confidence (for a model: the mean token marginal)."""

    label: str
    start: int
    end: int
    score: float = 1.0

    def as_tuple(self) -> SpanTuple:
        return (self.label, self.start, self.end)


@dataclass
class Mention:
    """One value with its operators and units and, when known, its indicator name. Offsets are in
    whatever string was read (a cell's normalised view, or the document). ``warning`` says why a
    number read as written cannot be a filing value (scientific notation, more digits than a float
    keeps)."""

    val: Offsets
    ops: list[Offsets] = field(default_factory=list)
    units: list[Offsets] = field(default_factory=list)
    op: str = "="
    value: float | int | None = None
    unit: str | None = None
    qualitative: str | None = None
    ind: Offsets | None = None
    warning: str | None = None

    # (not cached: the value grammar moves operators after the fact; a loop, since these run
    # tens of thousands of times a document)
    @property
    def start(self) -> int:
        start = self.val[0]
        for s, _ in self.ops:
            if s < start:
                start = s
        for s, _ in self.units:
            if s < start:
                start = s
        return start

    @property
    def end(self) -> int:
        end = self.val[1]
        for _, e in self.ops:
            if e > end:
                end = e
        for _, e in self.units:
            if e > end:
                end = e
        return end

    def shifted(self, by: int) -> "Mention":
        """This mention (or gold mention) with every offset moved by ``by``: read in a string that
        starts ``by`` characters into the one it is in (negative: the other way)."""
        def move(span: Offsets | None) -> Offsets | None:
            return None if span is None else (span[0] + by, span[1] + by)
        return replace(self, val=move(self.val), ops=[move(s) for s in self.ops],
                       units=[move(s) for s in self.units], ind=move(self.ind))

    def spans(self) -> list[SpanTuple]:
        """(label, start, end) of the name (if any), the value, its operators and units."""
        out = ([("IND", *self.ind)] if self.ind is not None else []) + [("VAL", *self.val)]
        return out + [("OP", *s) for s in self.ops] + [("UNIT", *s) for s in self.units]


__all__ = ["LABELS", "Mention", "Offsets", "Span", "SpanTuple"]
