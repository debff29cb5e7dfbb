"""``annotate pull``: submitted Label Studio annotations -> gold files in filing offsets, and a
report of what the annotator changed against the model's predictions."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluating.gold import ATTRS_CHOICE, LABELS, GoldMention, load_tasks, mentions_to_task, task_regions, task_to_mentions
from ..evaluating.validate import task_problems, where
from .client import AnnotateError, Connection
from .push import find_project, iter_tasks, list_projects
from .tasks import from_ls, mention_extent, shift
from ..output import write_json, write_jsonl
from ..reading import read_document
from ..values import read_spans

KINDS = ("accepted", "corrected", "added", "deleted")


@dataclass
class Changes:
    """What an annotator did to the predicted spans: counts per (label, kind), plus attribute and
    relation edits."""

    spans: Counter = field(default_factory=Counter)
    predicted: Counter = field(default_factory=Counter)
    final: Counter = field(default_factory=Counter)
    attrs_changed: int = 0
    relations: Counter = field(default_factory=Counter)

    def add(self, other: "Changes") -> None:
        self.spans.update(other.spans)
        self.predicted.update(other.predicted)
        self.final.update(other.final)
        self.attrs_changed += other.attrs_changed
        self.relations.update(other.relations)

    def table(self) -> list[tuple[str, int, int, int, int, int, int]]:
        """Rows (label, predicted, accepted, corrected, added, deleted, final), and a total row."""
        rows = [(lb, self.predicted[lb], *(self.spans[(lb, k)] for k in KINDS), self.final[lb]) for lb in LABELS]
        total = tuple(sum(r[i] for r in rows) for i in range(1, 7))
        return rows + [("all", *total)]

    def markdown(self) -> str:
        lines = ["| label | predicted | accepted | corrected | added | deleted | final |", "|---|---:|---:|---:|---:|---:|---:|"]
        lines += ["| " + " | ".join(map(str, r)) + " |" for r in self.table()]
        return "\n".join(lines) + "\n\n" + self.summary() + "\n"

    def summary(self) -> str:
        """One sentence: the share of final spans the model got right, attribute and relation edits."""
        total = self.table()[-1]
        accepted, final = total[2], total[6]
        share = f"{accepted} of {final} final spans ({accepted / final:.1%}) are the model's, unchanged; " if final else ""
        return (f"{share}VAL attributes changed on {self.attrs_changed} accepted spans; relations kept "
                f"{self.relations['kept']}, added {self.relations['added']}, removed {self.relations['removed']}")


def _spans(result: list[dict[str, Any]]) -> tuple[dict[tuple[str, int, int], str], dict, list[dict]]:
    regions, rels, attrs = task_regions({"annotations": [{"result": result}]})
    by_span = {}
    for rid, r in regions.items():
        v = r["value"]
        by_span[((v.get("labels") or ["?"])[0], v["start"], v["end"])] = rid
    return by_span, attrs, rels


def compare(pred: list[dict[str, Any]], ann: list[dict[str, Any]]) -> Changes:
    """The annotator's edits from the prediction ``pred`` to the annotation ``ann`` (one task).

    A span kept with the same label and offsets is *accepted*; one that overlaps a predicted span
    of the same label but has other offsets is *corrected*; the rest are *added* (annotation only)
    or *deleted* (prediction only).
    """
    p_spans, p_attrs, p_rels = _spans(pred)
    a_spans, a_attrs, a_rels = _spans(ann)
    ch = Changes()
    ch.predicted.update(lb for lb, _, _ in p_spans)
    ch.final.update(lb for lb, _, _ in a_spans)
    same = set(p_spans) & set(a_spans)
    matched = {k: k for k in same}  # annotation span -> the predicted span it keeps or corrects
    for key in same:
        ch.spans[(key[0], "accepted")] += 1
        if key[0] == "VAL" and p_attrs.get(p_spans[key], {}) != a_attrs.get(a_spans[key], {}):
            ch.attrs_changed += 1
    rest_p = sorted(set(p_spans) - same, key=lambda k: (k[1], k[2]))
    for a in sorted(set(a_spans) - same, key=lambda k: (k[1], k[2])):
        overl = [p for p in rest_p if p[0] == a[0] and p[1] < a[2] and a[1] < p[2]]
        if overl:
            best = max(overl, key=lambda p: min(p[2], a[2]) - max(p[1], a[1]))
            rest_p.remove(best)
            matched[a] = best
            ch.spans[(a[0], "corrected")] += 1
        else:
            ch.spans[(a[0], "added")] += 1
    for p in rest_p:
        ch.spans[(p[0], "deleted")] += 1

    def links(spans, rels, to_pred):
        back = {rid: key for key, rid in spans.items()}
        return {(to_pred(back.get(r["from_id"])), (r.get("labels") or ["?"])[0], to_pred(back.get(r["to_id"])))
                for r in rels}

    # a relation is kept when it links the same predicted regions (even if one was corrected)
    lp = links(p_spans, p_rels, lambda k: k)
    la = links(a_spans, a_rels, lambda k: matched.get(k, k))
    ch.relations.update(kept=len(lp & la), added=len(la - lp), removed=len(lp - la))
    return ch


@dataclass
class PullReport:
    written: dict[str, int]                      # file written -> mentions
    complete: dict[str, bool]                    # filing -> every task annotated
    annotated: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)
    notes: list[str] = field(default_factory=list)
    followed: int = 0                             # attributes that followed an edited span
    by_doc: dict[str, Changes] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)    # filings not written for their problems
    unchanged: list[str] = field(default_factory=list)  # gold files written as they already were

    def retrain_note(self) -> str:
        """Whether the pulled gold gives a retrain anything new."""
        changed = [p for p in self.written if p not in self.unchanged]
        if not self.written:
            return ""
        if not changed:
            return "the pulled gold is what was there already: it gives a retrain nothing new"
        return (f"{len(changed)} gold files changed ({', '.join(Path(p).name for p in changed[:5])}"
                f"{' ...' if len(changed) > 5 else ''}): retrain (python -m extraction train) to use them")

    def markdown(self) -> str:
        """The change report: the counts of the written filings, and the refused ones with why."""
        md = self.changes.markdown()
        if self.refused:
            md += ("\n## Refused (not written, not counted above)\n\n"
                   + "".join(f"- {doc}: " + "; ".join(p for p in self.problems if p.startswith(doc + ":"))[:600] + "\n"
                             for doc in self.refused))
        return md


def normalize_relations(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Relations as the gold format wants them, whichever way the annotator drew them: from the VAL
    to the other region, labelled ``ind`` / ``op`` / ``unit`` by the other region's label when the
    annotator left the label empty."""
    label = {r["id"]: (r["value"].get("labels") or ["?"])[0] for r in result if r.get("type") == "labels"}
    out = []
    for r in result:
        if r.get("type") == "relation" and r.get("from_id") in label and r.get("to_id") in label:
            r = dict(r)
            if label[r["from_id"]] != "VAL" and label[r["to_id"]] == "VAL":
                r["from_id"], r["to_id"] = r["to_id"], r["from_id"]
                r["direction"] = "right"
            if not r.get("labels") and label[r["to_id"]] in ("IND", "OP", "UNIT"):
                r["labels"] = [label[r["to_id"]].lower()]
        out.append(r)
    return out


def carry_relabels(result: list[dict[str, Any]], doc: str, offset: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Carry a label changed in the UI through the annotation.

    Label Studio keeps a region's per-region attributes and its relations when the annotator
    changes its label (a VAL made a UNIT keeps ``column``, ``op`` ... and its ``ind`` link). A region
    that is no longer a VAL loses those; a relation from a VAL keeps its target and takes the
    target's label. Returns the result and one note per change (filing, text, offset).
    """
    label = {r["id"]: (r["value"].get("labels") or ["?"])[0] for r in result if r.get("type") == "labels"}
    region = {r["id"]: r for r in result if r.get("type") == "labels"}
    stale = {r["id"] for r in result if r.get("type") in ("choices", "textarea")
             and label.get(r["id"], "VAL") != "VAL"}
    notes: list[str] = []
    dropped: dict[str, list[str]] = {rid: [] for rid in stale}
    links: dict[str, list[str]] = {rid: [] for rid in stale}
    out = []
    for r in result:
        kind = r.get("type")
        if kind in ("choices", "textarea") and r.get("id") in stale:
            dropped[r["id"]].append(r["from_name"])
            continue
        if kind == "relation" and r.get("from_id") in stale:
            if r.get("to_id") in region:
                links[r["from_id"]].append(where(region[r["to_id"]], offset))
            continue
        if (kind == "relation" and label.get(r.get("from_id")) == "VAL" and label.get(r.get("to_id")) in ("IND", "OP", "UNIT")
                and (r.get("labels") or [None])[0] != label[r["to_id"]].lower()):
            want = label[r["to_id"]].lower()
            notes.append(f"{doc}: the {(r.get('labels') or ['?'])[0]} relation from {where(region[r['from_id']], offset)} "
                         f"to {where(region[r['to_id']], offset)} is now {want!r}, as its target's label")
            r = {**r, "labels": [want]}
        out.append(r)
    for rid in sorted(stale, key=lambda x: region[x]["value"]["start"] if x in region else 0):
        if rid not in region:
            continue
        what = f"dropped its VAL attributes ({', '.join(sorted(set(dropped[rid])))})"
        if links[rid]:
            what += f" and its links to {', '.join(links[rid])}"
        notes.append(f"{doc}: {where(region[rid], offset)} was a VAL: {what}")
    return out, notes


def _same(a: Any, b: Any) -> bool:
    """Attribute values equal as the gold reads them ("" is None, "3" is 3)."""
    if a in ("", None) or b in ("", None):
        return a in ("", None) and b in ("", None)
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return str(a) == str(b)


def _set_attr(result: list[dict[str, Any]], region: dict[str, Any], name: str, value: Any) -> None:
    rid = region["id"]
    for i, r in enumerate(result):
        if r.get("id") == rid and r.get("from_name") == name:
            del result[i]
            break
    if value in (None, ""):
        return
    v = region["value"]
    if name in ATTRS_CHOICE:
        result.append({"id": rid, "from_name": name, "to_name": "text", "type": "choices",
                       "value": {"start": v["start"], "end": v["end"], "text": v.get("text"), "choices": [str(value)]}})
    else:
        result.append({"id": rid, "from_name": name, "to_name": "text", "type": "textarea",
                       "value": {"start": v["start"], "end": v["end"], "text": [str(value)]}})


def follow_spans(pred: list[dict[str, Any]], ann: list[dict[str, Any]], text: str) -> list[str]:
    """Make the record fields a span determines (``op``, ``value``, ``unit``) follow the annotator's
    span edits: where the predicted attribute was what the predicted spans read and the annotator
    left it as it was, it becomes what the edited spans read (UNIT 批 widened to 批次: unit 批次).
    Edits ``ann`` in place; returns "field 'old' -> 'new'" per change."""

    def spans(result):
        regions, rels, attrs = task_regions({"annotations": [{"result": result}]})
        linked: dict[str, dict[str, list[tuple[int, int]]]] = {}
        for r in rels:
            if r.get("to_id") in regions:
                v = regions[r["to_id"]]["value"]
                linked.setdefault(r.get("from_id"), {}).setdefault((r.get("labels") or ["?"])[0], []).append((v["start"], v["end"]))
        vals = {rid: r for rid, r in regions.items() if (r["value"].get("labels") or [None])[0] == "VAL"}
        return vals, linked, attrs

    p_vals, p_links, p_attrs = spans(pred)
    a_vals, a_links, a_attrs = spans(ann)
    changed = []
    for vid, reg in a_vals.items():
        s, e = reg["value"]["start"], reg["value"]["end"]
        pid = next((p for p, r in p_vals.items() if (r["value"]["start"], r["value"]["end"]) == (s, e)), None)
        pid = pid or next((p for p, r in p_vals.items() if r["value"]["start"] < e and s < r["value"]["end"]), None)
        if pid is None:
            continue
        pv = p_vals[pid]["value"]
        old = ((pv["start"], pv["end"]), sorted(p_links.get(pid, {}).get("op", [])), sorted(p_links.get(pid, {}).get("unit", [])))
        new = ((s, e), sorted(a_links.get(vid, {}).get("op", [])), sorted(a_links.get(vid, {}).get("unit", [])))
        if old == new:
            continue
        old_read, new_read = read_spans(text, *old), read_spans(text, *new)
        if old_read[1] is None or new_read[1] is None:   # qualitative: no field follows a span
            continue
        pa, aa = p_attrs.get(pid, {}), a_attrs.get(vid, {})
        # a field follows spans the annotator left drawn; with its OP / UNIT spans deleted the
        # field may come from elsewhere (a header cell), so it stays
        for name, i, drawn in (("op", 0, new[1]), ("value", 1, True), ("unit", 2, new[2])):
            if drawn and _same(aa.get(name), pa.get(name)) and _same(pa.get(name), old_read[i]) and not _same(aa.get(name), new_read[i]):
                changed.append(f"VAL {text[s:e]!r} at {s}: {name} {aa.get(name)!r} -> {new_read[i]!r}")
                _set_attr(ann, reg, name, new_read[i])
    return changed


def _shift_note(note: str, offset: int) -> str:
    """``VAL '批次' at 12: ...`` with the task offset added (the filing's offset)."""
    head, _, rest = note.partition(" at ")
    num, _, tail = rest.partition(":")
    return f"{head} at {int(num) + offset}:{tail}" if num.isdigit() else note


def _submitted(task: dict[str, Any]) -> dict[str, Any] | None:
    anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return max(anns, key=lambda a: (a.get("updated_at") or "", a.get("id", 0))) if anns else None


class Filings:
    """Filing texts by name, read as the push read them (``read_document``)."""

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None
        self.cache: dict[str, tuple[Path, str]] = {}

    def get(self, doc: str, recorded: str | None) -> tuple[Path, str]:
        if doc not in self.cache:
            cands = ([self.folder / doc] if self.folder else []) + ([Path(recorded)] if recorded else [])
            cands += [p.parent / doc for p, _ in self.cache.values()]  # beside the filings already found
            path = next((p for p in cands if p.is_file()), None)
            if path is None:
                where = self.folder or (Path(recorded).parent if recorded else Path("."))
                raise AnnotateError(f"{doc}: filing not found in {where}; pass --filings DIR")
            self.cache[doc] = (path, read_document(path).text)
        return self.cache[doc]


def filing_index(path: Path) -> int:
    """1-based place of the filing among its folder's files of the same kind (the gold task id)."""
    names = sorted(p.name for p in path.parent.glob(f"*{path.suffix}"))
    return names.index(path.name) + 1 if path.name in names else 1


def pull(conn: Connection, project: str, out: str | Path, filings: str | Path | None = None) -> PullReport:
    """Export the project's submitted annotations and write them as gold files under ``out``.

    Each annotated task replaces the gold of its stretch of the filing; the gold already in ``out``
    outside the annotated tasks is kept (a partly annotated project never replaces finished gold
    with less).
    """

    proj = find_project(conn, project)
    if proj is None:
        names = sorted({p.get("title", "") for p in list_projects(conn)})
        raise AnnotateError(f"no Label Studio project named {project!r} at {conn.url}"
                            + (f" (projects: {', '.join(names)})" if names else " (the server has no projects)"))
    exported = conn.call(conn.client.projects.exports.as_json, proj["id"])
    preds = {t["id"]: (t.get("predictions") or [{}])[0].get("result", []) for t in iter_tasks(conn, proj["id"])}
    texts = Filings(filings)
    rep = PullReport(written={}, complete={})
    segs: dict[str, list[tuple[int, str, list[GoldMention], int]]] = {}
    bad_docs: set[str] = set()
    for t in sorted(exported, key=lambda t: (str(t["data"].get("doc", "")), int(t["data"].get("offset", 0) or 0))):
        data = t["data"]
        if not isinstance(data.get("doc"), str) or not isinstance(data.get("text"), str):
            rep.problems.append(f"Label Studio task {t['id']} has no data.doc / data.text: not pushed by `annotate push`")
            continue
        doc = str(data.get("doc"))
        rep.total[doc] += 1
        ann = _submitted(t)
        if ann is None:
            continue
        rep.annotated[doc] += 1
        path, text = texts.get(doc, data.get("path"))
        offset = int(data.get("offset", 0))
        result = normalize_relations(from_ls(ann.get("result") or [], data["text"]))
        result, notes = carry_relabels(result, doc, offset)
        rep.notes.extend(f"{n} (Label Studio task {t['id']})" for n in notes)
        pred = from_ls(preds.get(t["id"], []), data["text"])
        followed = follow_spans(pred, result, data["text"])
        rep.followed += len(followed)
        # offsets in the note are the filing's, like every other note of pull
        rep.notes.extend(f"{doc}: {_shift_note(f, offset)} followed the annotator's span edit (Label Studio task {t['id']})"
                         for f in followed)
        seg_task = {"data": {"text": data["text"], "doc": doc, "offset": offset},
                    "annotations": [{"result": result}]}
        probs = [f"{p} (Label Studio task {t['id']})" for p in task_problems(seg_task, text)]
        if probs:
            rep.problems.extend(probs)
            bad_docs.add(doc)
            continue
        rep.by_doc.setdefault(doc, Changes()).add(compare(pred, result))
        segs.setdefault(doc, []).append((offset, data["text"], task_to_mentions(seg_task), t["id"]))
    # a refused filing is not written: its tasks are not counted among the changes either
    for doc in sorted(bad_docs):
        rep.by_doc.pop(doc, None)
        rep.refused.append(doc)
    for ch in rep.by_doc.values():
        rep.changes.add(ch)
    out = Path(out)
    for doc, parts in sorted(segs.items()):
        if doc in bad_docs:
            rep.notes.append(f"{doc}: not written (see the problems); "
                             + ("its existing gold is left as it was" if (out / f"{Path(doc).stem}.json").is_file() else "no gold file yet"))
            continue
        path, text = texts.get(doc, None)
        dest = out / f"{Path(doc).stem}.json"
        complete = rep.annotated[doc] == rep.total[doc]
        rep.complete[doc] = complete
        tasks, n = _merge(doc, text, parts, dest, complete, filing_index(path), rep)
        probs = [p for task in tasks for p in task_problems(task, text)]
        if probs:
            rep.problems.extend(probs)
            continue
        if dest.is_file() and json.loads(dest.read_text(encoding="utf-8")) == tasks:
            rep.unchanged.append(str(dest))
        write_json(dest, tasks)
        rep.written[str(dest)] = n
    if rep.written:
        _write_records(out, texts, rep)
    return rep


def _existing(dest: Path, doc: str, text: str) -> tuple[list[GoldMention], list[tuple[int, int]], bool]:
    """(mentions, task ranges, whole filing) of the gold already in ``dest``."""
    if not dest.is_file():
        return [], [], False
    try:
        tasks = json.loads(dest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise AnnotateError(f"{dest}: existing gold file unreadable ({err}); move it away or fix it") from None
    tasks = [t for t in tasks if t.get("data", {}).get("doc") == doc]
    ranges = [(int(t["data"].get("offset", 0)), int(t["data"].get("offset", 0)) + len(t["data"]["text"])) for t in tasks]
    whole = any(a == 0 and b == len(text) for a, b in ranges)
    return [m for t in tasks for m in task_to_mentions(t)], ranges, whole


def _merge(doc: str, text: str, parts: list[tuple[int, str, list[GoldMention], int]], dest: Path, complete: bool,
           task_id: int, rep: PullReport) -> tuple[list[dict[str, Any]], int]:
    """The gold tasks of ``doc``: each annotated task's mentions over its stretch, the existing
    gold elsewhere; one whole-filing task when every task is annotated or the gold was whole."""
    old, old_ranges, whole = _existing(dest, doc, text)
    inside = lambda m: any(off <= mention_extent(m)[0] < off + len(seg) for off, seg, _, _ in parts)  # noqa: E731
    kept = [m for m in old if not inside(m)]
    new = [m for _, _, ms, _ in parts for m in ms]
    if kept:
        rep.notes.append(f"{doc}: kept {len(kept)} mentions of the existing gold in "
                         f"{rep.total[doc] - rep.annotated[doc]} tasks not annotated")
    mentions = sorted(new + kept, key=lambda m: m.val)
    if complete or whole:
        return [mentions_to_task(doc, text, mentions, task_id=task_id)], len(mentions)
    # neither side covers the whole filing: one task per annotated segment and per old segment left
    ranges = [(off, off + len(seg), tid) for off, seg, _, tid in parts]
    ranges += [(a, b, None) for a, b in old_ranges if not any(a < e and s < b for s, e, _ in ranges)]
    tasks = []
    for a, b, tid in sorted(ranges):
        ms = [shift(m, -a) for m in mentions if a <= mention_extent(m)[0] < b]
        task = mentions_to_task(doc, text[a:b], ms, task_id=tid if tid is not None else task_id)
        task["data"]["offset"] = a
        tasks.append(task)
    rep.notes.append(f"{doc}: {rep.annotated[doc]} of {rep.total[doc]} tasks annotated; "
                     f"its gold file holds the annotated segments" + (" and the earlier ones" if old_ranges else "") + " only")
    return tasks, len(mentions)


def _write_records(out: Path, texts: Filings, rep: PullReport) -> None:
    """``gold_records.jsonl`` of every gold file in ``out`` (as ``gold build`` writes it)."""

    records = []
    for task in load_tasks(out):
        doc = task["data"]["doc"]
        try:
            _, text = texts.get(doc, None)
        except AnnotateError as err:
            rep.notes.append(f"gold_records.jsonl not written: {err}")
            return
        records.extend(m.to_record(text).to_dict() for m in task_to_mentions(task))
    write_jsonl(out / "gold_records.jsonl", records)
