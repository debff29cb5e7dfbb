"""The gold validator: every problem of a gold task, each a readable line."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .gold import LABELS, filings_dir_default, task_regions

COLUMNS = {"target", "actual", "prior", "last"}
OPS = {">=", "<=", ">", "<", "=", "~"}
RELATIONS = {"ind": "IND", "op": "OP", "unit": "UNIT"}
ATTR_NAMES = {"column", "op", "value", "unit", "qualitative", "project", "level1", "level2"}


def task_problems(task: dict[str, Any], text: str) -> Iterable[str]:
    """Problems of one task against the filing text it annotates."""
    doc = task.get("data", {}).get("doc", "?")
    offset = int(task.get("data", {}).get("offset", 0))
    data_text = task.get("data", {}).get("text", "")
    if text[offset:offset + len(data_text)] != data_text:
        yield f"{doc}: task text differs from the filing at offset {offset}"
    regions, rels, attrs = task_regions(task)
    by_label: dict[str, list[tuple[int, int, str]]] = {}
    for rid, r in regions.items():
        v = r.get("value", {})
        labels = v.get("labels") or []
        if len(labels) != 1 or labels[0] not in LABELS:
            yield f"{doc}: region {rid} has unknown label {labels}"
            continue
        s, e = v.get("start"), v.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(data_text)):
            yield f"{doc}: region {rid} offsets [{s}, {e}) out of range"
            continue
        span = data_text[s:e]
        if v.get("text") is not None and v["text"] != span:
            yield f"{doc}: region {rid} text {v['text']!r} != file text {span!r} at [{s + offset}, {e + offset})"
        if span != span.strip():
            yield f"{doc}: region {rid} {span!r} starts or ends with white space"
        by_label.setdefault(labels[0], []).append((s, e, rid))
    for label, spans in by_label.items():
        spans.sort()
        for (s1, e1, r1), (s2, e2, r2) in zip(spans, spans[1:]):
            if s2 < e1:
                yield f"{doc}: {label} regions {r1} and {r2} overlap"
    linked: dict[str, set[str]] = {}
    for r in rels:
        kind = (r.get("labels") or ["?"])[0]
        src, dst = r.get("from_id"), r.get("to_id")
        if src not in regions or dst not in regions:
            yield f"{doc}: relation {src} -> {dst} names a missing region"
            continue
        if regions[src]["value"]["labels"][0] != "VAL":
            yield f"{doc}: relation {kind} starts at a non-VAL region {src}"
        want = RELATIONS.get(kind)
        if want is None:
            yield f"{doc}: unknown relation {kind!r}"
        elif regions[dst]["value"]["labels"][0] != want:
            yield f"{doc}: relation {kind} from {src} points at a {regions[dst]['value']['labels'][0]} region"
        linked.setdefault(src, set()).add(kind)
    for rid, r in regions.items():
        if (r["value"].get("labels") or [None])[0] != "VAL":
            continue
        if "ind" not in linked.get(rid, set()):
            yield f"{doc}: VAL {rid} {r['value'].get('text')!r} has no IND link"
        at = attrs.get(rid, {})
        for name in at:
            if name not in ATTR_NAMES:
                yield f"{doc}: VAL {rid} has attribute {name!r} the spec does not allow"
        if at.get("column") not in COLUMNS:
            yield f"{doc}: VAL {rid} column {at.get('column')!r} not one of {sorted(COLUMNS)}"
        if at.get("op") not in OPS:
            yield f"{doc}: VAL {rid} op {at.get('op')!r} not one of {sorted(OPS)}"
        has_value = bool(at.get("value"))
        if has_value:
            try:
                float(at["value"])
            except ValueError:
                yield f"{doc}: VAL {rid} value {at['value']!r} is not a number"
        if has_value == bool(at.get("qualitative")):
            yield f"{doc}: VAL {rid} needs exactly one of value / qualitative"
        for name in ("qualitative", "level1", "level2", "unit"):
            if at.get(name) and any(c.isspace() for c in at[name]):
                yield f"{doc}: VAL {rid} {name} {at[name]!r} contains white space"


def validate(tasks: list[dict[str, Any]], filings: str | Path | None = None) -> list[str]:
    """All problems of the gold tasks (empty when the gold set is sound)."""
    filings = Path(filings) if filings else filings_dir_default()
    out: list[str] = []
    for t in tasks:
        doc = t.get("data", {}).get("doc")
        path = filings / str(doc)
        if not path.is_file():
            out.append(f"{doc}: no such filing in {filings}")
            continue
        out.extend(task_problems(t, path.read_text(encoding="utf-8")))
    return out
