"""Filings -> Label Studio tasks: table and paragraph segments with their offsets in the file,
and records (or gold mentions) -> prediction regions and relations in the gold task format.

A segment task is a gold task (``extraction.evaluating.gold``) whose ``data.offset`` is where its
``data.text`` starts in the filing, so ``task_to_mentions`` and the gold validator read it as
they are. Label Studio counts offsets in UTF-16 code units, Python in code points; the two
differ only for characters beyond the BMP, and :func:`to_ls` / :func:`from_ls` convert.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ..evaluating.gold import GoldMention, mentions_to_task
from ..record import Record
from ..structure import read_tables

BLANK_LINE = re.compile(r"\n[ \t\u3000\r]*\n")
PARAGRAPH_CHARS = 400  # short paragraphs (PDF text has a blank line after every line) are grouped up to this


@dataclass(frozen=True)
class Segment:
    """``text[start:end]`` of a filing: a ``table`` or a ``paragraph`` (trimmed of white space)."""

    kind: str
    start: int
    end: int


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segments(text: str, extents: Iterable[tuple[int, int]] = ()) -> list[Segment]:
    """The tables of ``text`` (as the table reader finds them) and the paragraphs between them.

    Paragraphs end at blank lines; runs of short ones are grouped up to ``PARAGRAPH_CHARS``. Segments that one mention's ``extents`` (start, end) would
    cross are joined, so every mention falls inside one task.
    """

    raw: list[Segment] = []
    pos = 0

    def paragraphs(a: int, b: int) -> None:
        parts, cut = [], a
        for m in BLANK_LINE.finditer(text, a, b):
            parts.append(_trim(text, cut, m.start()))
            cut = m.end()
        parts.append(_trim(text, cut, b))
        group: tuple[int, int] | None = None
        for s, e in parts:
            if s >= e:
                continue
            if group and e - group[0] > PARAGRAPH_CHARS:
                raw.append(Segment("paragraph", *group))
                group = None
            group = (group[0] if group else s, e)
        if group:
            raw.append(Segment("paragraph", *group))

    for t in read_tables(text):
        start = max(t.start, pos)
        if t.end <= start:
            continue
        paragraphs(pos, start)
        s, e = _trim(text, start, t.end)
        if s < e:
            raw.append(Segment("table", s, e))
        pos = t.end
    paragraphs(pos, len(text))
    raw.sort(key=lambda g: g.start)
    # join segments that a mention crosses (its extent reaches from one into another)
    spans = sorted(extents)
    out: list[Segment] = []
    for seg in raw:
        if out and any(s < out[-1].end and e > seg.start for s, e in spans):
            prev = out[-1]
            kind = "table" if "table" in (prev.kind, seg.kind) else "paragraph"
            out[-1] = Segment(kind, prev.start, seg.end)
        else:
            out.append(seg)
    return out


def record_mentions(records: Iterable[Record]) -> list[tuple[GoldMention, dict[tuple[str, int, int], float]]]:
    """Each record with an IND and a VAL span as a mention, with a confidence per span.

    Confidences come from ``record.extra["span_scores"]`` (parallel to ``record.spans``) when
    the extractor gives them; rule records are certain (1.0).
    """
    out = []
    for r in records:
        scores = r.extra.get("span_scores") or [1.0] * len(r.spans)
        by_label: dict[str, list[tuple[int, int]]] = {}
        conf: dict[tuple[str, int, int], float] = {}
        for (label, s, e), sc in zip(r.spans, scores):
            by_label.setdefault(label, []).append((s, e))
            conf[(label, s, e)] = float(sc)
        if not by_label.get("IND") or not by_label.get("VAL"):
            continue
        m = GoldMention(doc=r.doc, ind=by_label["IND"][0], val=by_label["VAL"][0],
                        ops=sorted(by_label.get("OP", [])), units=sorted(by_label.get("UNIT", [])),
                        column=r.column, op=r.op, value=r.value, unit=r.unit, qualitative=r.qualitative,
                        project=r.project, level1=r.level1, level2=r.level2)
        out.append((m, conf))
    return out


def mention_extent(m: GoldMention) -> tuple[int, int]:
    spans = m.spans()
    return min(s for _, s, _ in spans), max(e for _, _, e in spans)


def shift(m: GoldMention, by: int) -> GoldMention:
    """The mention with every offset moved by ``by``."""
    return m.shifted(by)


def segment_result(doc: str, text: str, seg: Segment, mentions: list[GoldMention],
                   scores: dict[tuple[str, int, int], float] | None = None) -> list[dict[str, Any]]:
    """The gold-format result (regions, per-VAL attributes, relations) of the mentions inside ``seg``,
    offsets relative to the segment; label regions carry a ``score`` when ``scores`` is given."""
    inside = [shift(m, -seg.start) for m in mentions if seg.start <= mention_extent(m)[0] < seg.end]
    task = mentions_to_task(doc, text[seg.start:seg.end], inside)
    result = task["annotations"][0]["result"]
    if scores is not None:
        for r in result:
            if r.get("type") == "labels":
                v = r["value"]
                r["score"] = round(scores.get((v["labels"][0], v["start"] + seg.start, v["end"] + seg.start), 1.0), 4)
    return result


def region_scores(result: list[dict[str, Any]]) -> list[float]:
    return [float(r.get("score", 1.0)) for r in result if r.get("type") == "labels"]


# --- Label Studio offsets (UTF-16 code units) ---------------------------------------------------

def _utf16_map(text: str) -> list[int] | None:
    """Code point index -> UTF-16 index (None when the two agree, the usual case)."""
    if all(ord(c) < 0x10000 for c in text):
        return None
    out, n = [], 0
    for c in text:
        out.append(n)
        n += 2 if ord(c) >= 0x10000 else 1
    out.append(n)
    return out


def _convert(result: list[dict[str, Any]], text: str, forward: bool) -> list[dict[str, Any]]:
    cmap = _utf16_map(text)
    if cmap is None:
        return result
    back = {u: i for i, u in enumerate(cmap)}
    conv = (lambda i: cmap[i]) if forward else (lambda u: back[u])
    out = []
    for r in result:
        v = r.get("value")
        if isinstance(v, dict) and "start" in v and "end" in v:
            r = {**r, "value": {**v, "start": conv(v["start"]), "end": conv(v["end"])}}
        out.append(r)
    return out


def to_ls(result: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Result with Python offsets -> Label Studio offsets (UTF-16) for the task text."""
    return _convert(result, text, True)


def from_ls(result: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Result with Label Studio offsets (UTF-16) -> Python offsets for the task text."""
    return _convert(result, text, False)
