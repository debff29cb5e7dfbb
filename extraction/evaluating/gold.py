"""The gold set: Label Studio task JSON (one task per filing) <-> mentions and records.

A gold mention is a VAL region with relations to its IND, OP and UNIT regions and per-region
attributes (column, op, value, unit, qualitative, project, level1, level2). Records follow from
those alone; nothing here runs the extractor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..mention import LABELS, Mention
from ..project import annotations_dir
from ..record import Record, flat

ATTRS_TEXT = ("value", "unit", "qualitative", "project", "level1", "level2")
ATTRS_CHOICE = ("column", "op")


@dataclass(kw_only=True)
class GoldMention(Mention):
    """An annotated mention: the shared :class:`~extraction.mention.Mention` (its ``ind`` always
    set) with the filing and the record attributes the annotator gave."""

    doc: str
    column: str = "target"
    project: str | None = None
    level1: str | None = None
    level2: str | None = None

    def to_record(self, text: str) -> Record:
        spans = self.spans()
        start = min(s for _, s, _ in spans)
        end = max(e for _, _, e in spans)
        return Record(doc=self.doc, project=self.project, level1=self.level1, level2=self.level2,
                      indicator=flat(text[self.ind[0]:self.ind[1]]), op=self.op, value=self.value,
                      unit=self.unit, qualitative=self.qualitative, column=self.column,
                      text=text[start:end], start=start, end=end, source="rule",
                      spans=sorted(spans, key=lambda s: (s[1], s[0])))


def _num(text: str) -> float | int | None:
    if text in ("", None):
        return None
    v = float(text)
    return int(v) if v.is_integer() else v


def mentions_to_task(doc: str, text: str, mentions: Iterable[GoldMention], *, task_id: int | None = None) -> dict[str, Any]:
    """A Label Studio task (data + one annotation) holding the mentions of one filing."""
    regions: dict[tuple[str, int, int], str] = {}
    result: list[dict[str, Any]] = []

    def region(label: str, s: int, e: int) -> str:
        key = (label, s, e)
        if key not in regions:
            rid = f"{label.lower()}_{s}_{e}"
            regions[key] = rid
            result.append({"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
                           "value": {"start": s, "end": e, "text": text[s:e], "labels": [label]}})
        return regions[key]

    rels: list[dict[str, Any]] = []
    for m in mentions:
        vid = region("VAL", *m.val)
        s, e = m.val
        for name in ATTRS_CHOICE:
            result.append({"id": vid, "from_name": name, "to_name": "text", "type": "choices",
                           "value": {"start": s, "end": e, "text": text[s:e], "choices": [getattr(m, name)]}})
        for name in ATTRS_TEXT:
            v = getattr(m, name)
            if v is None:
                continue
            result.append({"id": vid, "from_name": name, "to_name": "text", "type": "textarea",
                           "value": {"start": s, "end": e, "text": [str(v)]}})
        rels.append({"type": "relation", "from_id": vid, "to_id": region("IND", *m.ind),
                     "direction": "right", "labels": ["ind"]})
        for sp in m.ops:
            rels.append({"type": "relation", "from_id": vid, "to_id": region("OP", *sp),
                         "direction": "right", "labels": ["op"]})
        for sp in m.units:
            rels.append({"type": "relation", "from_id": vid, "to_id": region("UNIT", *sp),
                         "direction": "right", "labels": ["unit"]})
    task: dict[str, Any] = {"data": {"text": text, "doc": doc, "offset": 0},
                            "annotations": [{"result": result + rels}]}
    if task_id is not None:
        task["id"] = task_id
    return task


def task_regions(task: dict[str, Any]) -> tuple[dict[str, dict], list[dict], dict[str, dict[str, Any]]]:
    """(label regions by id, relations, per-region attributes by id) of a task's first annotation."""
    ann = (task.get("annotations") or [{}])[0]
    regions: dict[str, dict] = {}
    attrs: dict[str, dict[str, Any]] = {}
    rels: list[dict] = []
    for r in ann.get("result", []):
        kind = r.get("type")
        if kind == "labels":
            regions[r["id"]] = r
        elif kind == "relation":
            rels.append(r)
        elif kind == "choices":
            attrs.setdefault(r["id"], {})[r["from_name"]] = r["value"]["choices"][0]
        elif kind == "textarea":
            attrs.setdefault(r["id"], {})[r["from_name"]] = (r["value"].get("text") or [""])[0]
    return regions, rels, attrs


def task_to_mentions(task: dict[str, Any]) -> list[GoldMention]:
    """The mentions of a gold task (one per VAL region), offsets in the filing."""
    doc = task["data"]["doc"]
    offset = int(task["data"].get("offset", 0))
    regions, rels, attrs = task_regions(task)
    links: dict[str, dict[str, list[str]]] = {}
    for r in rels:
        links.setdefault(r["from_id"], {}).setdefault((r.get("labels") or ["?"])[0], []).append(r["to_id"])

    def span(rid: str) -> tuple[int, int]:
        v = regions[rid]["value"]
        return v["start"] + offset, v["end"] + offset

    out = []
    for rid, reg in regions.items():
        if reg["value"]["labels"][0] != "VAL":
            continue
        link = links.get(rid, {})
        at = attrs.get(rid, {})
        inds = link.get("ind", [])
        out.append(GoldMention(
            doc=doc, ind=span(inds[0]) if inds else (-1, -1), val=span(rid),
            ops=sorted(span(x) for x in link.get("op", [])),
            units=sorted(span(x) for x in link.get("unit", [])),
            column=at.get("column", ""), op=at.get("op", "="), value=_num(at.get("value", "")),
            unit=at.get("unit") or None, qualitative=at.get("qualitative") or None,
            project=at.get("project") or None, level1=at.get("level1") or None,
            level2=at.get("level2") or None,
        ))
    out.sort(key=lambda m: m.val)
    return out


def gold_dir_default() -> Path:
    """The gold of the project root (``extraction.project``)."""
    return annotations_dir() / "gold"


def filings_dir_default() -> Path:
    """The annotated filings of the project root (``extraction.project``)."""
    return annotations_dir() / "filings"


def load_tasks(gold_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every gold task under ``gold_dir`` (``*.json``, each a list of tasks)."""
    gold_dir = Path(gold_dir) if gold_dir else gold_dir_default()
    tasks = []
    for p in sorted(gold_dir.glob("*.json")):
        tasks.extend(json.loads(p.read_text(encoding="utf-8")))
    return tasks


def load_mentions(gold_dir: str | Path | None = None) -> dict[str, list[GoldMention]]:
    """Gold mentions by filing name."""
    out: dict[str, list[GoldMention]] = {}
    for t in load_tasks(gold_dir):
        out.setdefault(t["data"]["doc"], []).extend(task_to_mentions(t))
    return out


def load_records(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> list[Record]:
    """Gold records of every filing (from the gold tasks and the filing texts)."""
    filings = Path(filings) if filings else filings_dir_default()
    out = []
    for doc, ms in load_mentions(gold_dir).items():
        text = (filings / doc).read_text(encoding="utf-8")
        out.extend(m.to_record(text) for m in ms)
    return out


def gold_spans(gold_dir: str | Path | None = None) -> dict[str, set[tuple[str, int, int]]]:
    """Distinct gold spans (label, start, end) by filing."""
    out: dict[str, set] = {}
    for doc, ms in load_mentions(gold_dir).items():
        s = out.setdefault(doc, set())
        for m in ms:
            s.update(m.spans())
    return out
