"""``annotate pull``: submitted Label Studio annotations -> gold files in filing offsets, and a
report of what the annotator changed against the model's predictions."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluating.gold import LABELS, GoldMention, load_tasks, mentions_to_task, task_regions, task_to_mentions
from ..evaluating.validate import task_problems
from .client import AnnotateError, Connection
from .push import find_project, iter_tasks, list_projects
from .tasks import from_ls, shift

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


def _submitted(task: dict[str, Any]) -> dict[str, Any] | None:
    anns = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    return max(anns, key=lambda a: (a.get("updated_at") or "", a.get("id", 0))) if anns else None


class Filings:
    """Filing texts by name, read as the push read them (``read_document``)."""

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder else None
        self.cache: dict[str, tuple[Path, str]] = {}

    def get(self, doc: str, recorded: str | None) -> tuple[Path, str]:
        from ..reading import read_document

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
    """Export the project's submitted annotations and write them as gold files under ``out``."""
    from ..output import write_json

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
        result = normalize_relations(from_ls(ann.get("result") or [], data["text"]))
        seg_task = {"data": {"text": data["text"], "doc": doc, "offset": int(data.get("offset", 0))},
                    "annotations": [{"result": result}]}
        probs = [f"{p} (Label Studio task {t['id']})" for p in task_problems(seg_task, text)]
        if probs:
            rep.problems.extend(probs)
            bad_docs.add(doc)
            continue
        rep.changes.add(compare(from_ls(preds.get(t["id"], []), data["text"]), result))
        segs.setdefault(doc, []).append((seg_task["data"]["offset"], data["text"], task_to_mentions(seg_task), t["id"]))
    out = Path(out)
    for doc, parts in sorted(segs.items()):
        if doc in bad_docs:
            continue
        path, text = texts.get(doc, None)
        complete = rep.annotated[doc] == rep.total[doc]
        rep.complete[doc] = complete
        if complete:
            mentions = sorted((m for _, _, ms, _ in parts for m in ms), key=lambda m: m.val)
            tasks = [mentions_to_task(doc, text, mentions, task_id=filing_index(path))]
        else:
            tasks = []
            for offset, seg_text, ms, tid in parts:
                task = mentions_to_task(doc, seg_text, [shift(m, -offset) for m in ms], task_id=tid)
                task["data"]["offset"] = offset
                tasks.append(task)
            rep.notes.append(f"{doc}: {rep.annotated[doc]} of {rep.total[doc]} tasks annotated; "
                             f"its gold file holds those segments only")
        probs = [p for task in tasks for p in task_problems(task, text)]
        if probs:
            rep.problems.extend(probs)
            continue
        dest = out / f"{Path(doc).stem}.json"
        write_json(dest, tasks)
        rep.written[str(dest)] = sum(len(ms) for _, _, ms, _ in parts)
    if rep.written:
        _write_records(out, texts, rep)
    return rep


def _write_records(out: Path, texts: Filings, rep: PullReport) -> None:
    """``gold_records.jsonl`` of every gold file in ``out`` (as ``gold build`` writes it)."""
    from ..output import write_jsonl

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
