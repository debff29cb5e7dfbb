"""The gold validator: every problem of a gold task, each a readable line naming the filing, the
span's text and its offset in the filing (never Label Studio's internal region ids)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .gold import LABELS, filings_dir_default, task_regions
from ..normalizing.simplified import to_simplified
from ..values import read_unit

COLUMNS = {"target", "actual", "prior", "last"}
OPS = {">=", "<=", ">", "<", "=", "~"}
RELATIONS = {"ind": "IND", "op": "OP", "unit": "UNIT"}
ATTR_NAMES = {"column", "op", "value", "unit", "qualitative", "project", "level1", "level2"}


def where(region: dict[str, Any], offset: int) -> str:
    """``VAL '5000' at 1479``: a region by its label, its text and its start in the filing."""
    v = region.get("value", {})
    label = (v.get("labels") or ["?"])[0]
    start = v.get("start")
    return f"{label} {v.get('text')!r} at {start + offset if isinstance(start, int) else start}"


def task_problems(task: dict[str, Any], text: str) -> Iterable[str]:
    """Problems of one task against the filing text it annotates."""
    doc = task.get("data", {}).get("doc", "?")
    offset = int(task.get("data", {}).get("offset", 0))
    data_text = task.get("data", {}).get("text", "")
    if text[offset:offset + len(data_text)] != data_text:
        yield f"{doc}: task text differs from the filing at offset {offset}"
    regions, rels, attrs = task_regions(task)
    at = lambda rid: where(regions[rid], offset)  # noqa: E731
    by_label: dict[str, list[tuple[int, int, str]]] = {}
    for rid, r in regions.items():
        v = r.get("value", {})
        labels = v.get("labels") or []
        if len(labels) != 1 or labels[0] not in LABELS:
            yield f"{doc}: {at(rid)} has unknown label {labels}"
            continue
        s, e = v.get("start"), v.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(data_text)):
            yield f"{doc}: {at(rid)}: offsets [{s}, {e}) of the task out of range"
            continue
        span = data_text[s:e]
        if v.get("text") is not None and v["text"] != span:
            yield f"{doc}: {at(rid)}: text != file text {span!r} at [{s + offset}, {e + offset})"
        if span != span.strip():
            yield f"{doc}: {at(rid)} starts or ends with white space"
        by_label.setdefault(labels[0], []).append((s, e, rid))
    for label, spans in by_label.items():
        spans.sort()
        for (s1, e1, r1), (s2, e2, r2) in zip(spans, spans[1:]):
            if s2 < e1:
                yield f"{doc}: {at(r1)} and {at(r2)} overlap"
    good = {rid for spans in by_label.values() for _, _, rid in spans}
    linked: dict[str, set[str]] = {}
    targets: dict[str, dict[str, list[str]]] = {}
    for r in rels:
        kind = (r.get("labels") or ["?"])[0]
        src, dst = r.get("from_id"), r.get("to_id")
        if src not in regions or dst not in regions:
            known = [at(x) for x in (src, dst) if x in regions]
            yield f"{doc}: a {kind} relation names a region that is not there" + (f" (from or to {known[0]})" if known else "")
            continue
        if src not in good or dst not in good:
            continue  # the region's own problem is reported above
        if regions[src]["value"]["labels"][0] != "VAL":
            yield f"{doc}: {kind} relation starts at {at(src)}, not at a VAL"
            continue
        want = RELATIONS.get(kind)
        if want is None:
            yield f"{doc}: unknown relation {kind!r} from {at(src)}"
        elif regions[dst]["value"]["labels"][0] != want:
            yield f"{doc}: {kind} relation from {at(src)} points at {at(dst)}"
        linked.setdefault(src, set()).add(kind)
        targets.setdefault(src, {}).setdefault(kind, []).append(dst)
    # a span no VAL links to is in no mention: it would vanish from the gold records
    reached = {d for ks in targets.values() for ds in ks.values() for d in ds}
    for rid in sorted(good, key=lambda x: regions[x]["value"]["start"]):
        if regions[rid]["value"]["labels"][0] != "VAL" and rid not in reached:
            yield f"{doc}: {at(rid)} is linked to no VAL"
    for rid in good:
        r = regions[rid]
        if r["value"]["labels"][0] != "VAL":
            continue
        if "ind" not in linked.get(rid, set()):
            yield f"{doc}: {at(rid)} has no IND link"
        a = attrs.get(rid, {})
        for name in a:
            if name not in ATTR_NAMES:
                yield f"{doc}: {at(rid)} has attribute {name!r} the spec does not allow"
        if a.get("column") not in COLUMNS:
            yield f"{doc}: {at(rid)} column {a.get('column')!r} not one of {sorted(COLUMNS)}"
        if a.get("op") not in OPS:
            yield f"{doc}: {at(rid)} op {a.get('op')!r} not one of {sorted(OPS)}"
        has_value = bool(a.get("value"))
        if has_value:
            try:
                float(a["value"])
            except ValueError:
                yield f"{doc}: {at(rid)} value {a['value']!r} is not a number"
        if has_value == bool(a.get("qualitative")):
            yield f"{doc}: {at(rid)} needs exactly one of value / qualitative"
        for name in ("qualitative", "level1", "level2", "unit"):
            if a.get(name) and any(c.isspace() for c in a[name]):
                yield f"{doc}: {at(rid)} {name} {a[name]!r} contains white space"
        units = sorted(targets.get(rid, {}).get("unit", []), key=lambda x: regions[x]["value"]["start"])
        if units:
            yield from _unit_follows(doc, at(rid), a.get("unit"), [regions[u] for u in units], offset)


def _unit_follows(doc: str, val: str, unit: str | None, spans: list[dict[str, Any]], offset: int) -> Iterable[str]:
    """The VAL's ``unit`` attribute must be what its UNIT spans read (edited spans, stale attribute)."""

    surface = "".join(s["value"].get("text") or "" for s in spans)
    _, reads = read_unit(surface)
    # traditional characters are kept as written (萬元 -> unit 元, 個 -> 個), and read as simplified
    _, reads_simple = read_unit(to_simplified(surface))
    unit = unit or None
    if unit != reads and not (unit and reads_simple and to_simplified(unit) == reads_simple):
        first = spans[0]["value"]
        yield (f"{doc}: {val}: unit {unit!r} does not follow its UNIT span {surface!r} at "
               f"{first['start'] + offset} (reads {reads!r})")


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
