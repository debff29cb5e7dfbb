"""``annotate push``: filings -> Label Studio tasks with the extractor's spans as predictions."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluating.gold import GoldMention
from ..project import annotations_dir
from .client import AnnotateError, Connection
from .ordering import order_tasks
from .predict import gold_hash, gold_mentions, model_version, predict
from .tasks import mention_extent, record_mentions, region_scores, segment_result, segments, to_ls
from ..output import read_records
from ..reading import read_document

CONFIG_DEFAULT = annotations_dir() / "labeling_config.xml"


def labeling_config(path: str | Path | None = None) -> str:
    path = Path(path) if path else CONFIG_DEFAULT
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise AnnotateError(f"{path}: cannot read the labeling config: {err.strerror}") from None


def find_project(conn: Connection, name: str) -> dict[str, Any] | None:
    """The project titled ``name`` (the newest if there are several), or None."""
    found = [p for p in list_projects(conn) if p.get("title") == name]
    return max(found, key=lambda p: p["id"]) if found else None


def list_projects(conn: Connection) -> list[dict[str, Any]]:
    out, page = [], 1
    while True:
        body = conn.raw("GET", "api/projects/", params={"page": page, "page_size": 100})
        items = body.get("results", []) if isinstance(body, dict) else body
        out.extend(items)
        if not isinstance(body, dict) or not body.get("next"):
            return out
        page += 1


GUIDELINES = Path(__file__).resolve().parents[2] / "annotations" / "GUIDELINES.md"
HOW_TO = GUIDELINES.with_name("INSTRUCTIONS.md")
# where the guidelines' decisions start: the instructions window shows how to label and the
# decisions, not the gold set's history and sizes
DECISIONS_FROM = "## Decisions"
# the task list: most useful first, with the rank and the confidence columns in sight; the long
# text and the bookkeeping columns out of the way
TASK_VIEW = {
    "title": "most useful first",
    "ordering": ["tasks:data.rank"],
    "hiddenColumns": {
        "explore": ["tasks:data.text", "tasks:data.path", "tasks:annotations_results", "tasks:annotations_ids",
                    "tasks:predictions_results", "tasks:file_upload", "tasks:storage_filename", "tasks:updated_by",
                    "tasks:avg_lead_time", "tasks:inner_id", "tasks:created_at", "tasks:updated_at",
                    "tasks:total_annotations", "tasks:cancelled_annotations", "tasks:total_predictions",
                    "tasks:annotators", "tasks:comment_count", "tasks:last_comment_updated_at",
                    "tasks:unresolved_comment_count", "tasks:data.offset", "tasks:data.regions"],
        "labeling": ["tasks:data.text", "tasks:data.path", "tasks:annotations_results", "tasks:annotations_ids",
                     "tasks:predictions_results", "tasks:file_upload", "tasks:storage_filename", "tasks:updated_by",
                     "tasks:avg_lead_time", "tasks:inner_id", "tasks:data.offset", "tasks:data.regions"],
    },
}


def instructions(path: Path = GUIDELINES, how_to: Path = HOW_TO) -> str:
    """The project's instructions in Label Studio, as HTML: how to label (``INSTRUCTIONS.md``),
    then the guidelines' decisions (``GUIDELINES.md`` from its decisions on)."""
    from markdown_it import MarkdownIt

    texts = []
    for p in (how_to, path):
        try:
            texts.append(p.read_text(encoding="utf-8"))
        except OSError as err:
            raise AnnotateError(f"{p}: cannot read the annotation instructions: {err.strerror}") from None
    head, guide = texts
    at = guide.find(DECISIONS_FROM)
    return MarkdownIt("commonmark").enable("table").render(head + "\n" + (guide[at:] if at >= 0 else guide))


def ensure_project(conn: Connection, name: str, config: str, version: str) -> tuple[dict[str, Any], bool]:
    """(project, created): the project titled ``name`` with ``config``, the guidelines as its
    instructions and the task list view, made when missing."""
    guide = instructions()
    proj = find_project(conn, name)
    if proj is None:
        p = conn.call(conn.client.projects.create, title=name, label_config=config, model_version=version,
                      show_collab_predictions=True, expert_instruction=guide, show_instruction=True,
                      description="Indicator spans pre-annotated by budget-indicators (python -m extraction annotate)")
        proj, created = {"id": p.id, "title": p.title}, True
    else:
        # the model version is set after the import (set_model_version): the server refuses a
        # version that no prediction of the project carries yet
        updates: dict[str, Any] = {"show_collab_predictions": True,
                                   "expert_instruction": guide, "show_instruction": True}
        if proj.get("label_config", "").strip() != config.strip():
            updates["label_config"] = config
        conn.call(conn.client.projects.update, id=proj["id"], **updates)
        created = False
    ensure_task_view(conn, proj["id"])
    return proj, created


def ensure_task_view(conn: Connection, project_id: int) -> None:
    """The data manager tab ``TASK_VIEW`` (added once per project)."""
    views = conn.raw("GET", "api/dm/views/", params={"project": project_id}) or []
    if not any((v.get("data") or {}).get("title") == TASK_VIEW["title"] for v in views):
        conn.raw("POST", "api/dm/views/", json={"project": project_id, "data": TASK_VIEW})


def task_key(data: dict[str, Any]) -> tuple[str, int, str]:
    """What makes a task the same task again: filing, offset and a hash of the text."""
    return (str(data.get("doc")), int(data.get("offset", 0)),
            hashlib.sha1(str(data.get("text", "")).encode("utf-8")).hexdigest()[:12])


def existing_keys(conn: Connection, project_id: int) -> set[tuple[str, int, str]]:
    keys = set()
    for t in iter_tasks(conn, project_id, fields="task_only"):
        keys.add(task_key(t.get("data", {})))
    return keys


def iter_tasks(conn: Connection, project_id: int, fields: str = "all"):
    page = 1
    while True:
        try:
            body = conn.raw("GET", "api/tasks/", params={"project": project_id, "page": page, "page_size": 100,
                                                         "fields": fields})
        except AnnotateError as err:
            if page > 1 and "404" in str(err):  # past the last page
                return
            raise
        items = body.get("tasks", []) if isinstance(body, dict) else body
        yield from items
        total = body.get("total", 0) if isinstance(body, dict) else len(items)
        if not items or page * 100 >= total:
            return
        page += 1


@dataclass
class PushPlan:
    """The tasks to import (most useful first) and the model version of their predictions."""

    tasks: list[dict[str, Any]]
    version: str
    files: list[str] = field(default_factory=list)


def plan(files: list[Path], mode: str, gold: str | Path | None = None, *, records: str | Path | None = None,
         whole: dict[str, list[tuple[int, int]]] | None = None) -> PushPlan:
    """Split each filing into tasks and attach its predictions: extractor ``mode``, the gold
    mentions when ``gold`` names a gold folder or file, or the records of a ``records`` .jsonl
    (made by ``extract``, e.g. by another version of the extractor). ``whole`` names extents per
    filing that no task may cut (besides the predicted mentions)."""

    tasks: list[dict[str, Any]] = []
    gold_by_doc = gold_mentions(gold) if gold else None
    recs_by_doc = records_by_doc(records) if records else None
    records_all = []
    for path in files:
        if recs_by_doc is not None:
            doc = read_document(path)
            name, text = doc.name, doc.text
            recs = recs_by_doc.get(name, [])
            records_all.extend(recs)
            pairs = record_mentions(recs)
        elif gold_by_doc is not None:
            doc = read_document(path)
            name, text = doc.name, doc.text
            if name not in gold_by_doc:
                raise AnnotateError(f"{path}: no gold mentions for {name} in {gold}")
            pairs: list[tuple[GoldMention, dict]] = [(m, {}) for m in gold_by_doc[name]]
        else:
            name, text, recs = predict(path, mode)
            records_all.extend(recs)
            pairs = record_mentions(recs)
        mentions = [m for m, _ in pairs]
        scores: dict[tuple[str, int, int], float] = {}
        for _, sc in pairs:  # a region shared by two records gets the lower confidence
            for k, v in sc.items():
                scores[k] = min(v, scores.get(k, v))
        for seg in segments(text, [mention_extent(m) for m in mentions] + list((whole or {}).get(name, []))):
            seg_text = text[seg.start:seg.end]
            result = segment_result(name, text, seg, mentions, scores)
            sc = region_scores(result)
            tasks.append({
                "data": {"text": seg_text, "doc": name, "offset": seg.start, "kind": seg.kind,
                         "path": str(Path(path).resolve()), "regions": len(sc),
                         "min_score": round(min(sc), 4) if sc else None},
                "predictions": [{"result": to_ls(result, seg_text),
                                 "score": round(min(sc), 4) if sc else 1.0}],
            })
    if records:
        version = f"records-{hashlib.sha256(Path(records).read_bytes()).hexdigest()[:8]}"
    else:
        version = f"gold-{gold_hash(gold)}" if gold else model_version(mode, records_all)
    for t in tasks:
        t["predictions"][0]["model_version"] = version
    return PushPlan(order_tasks(tasks), version, [str(f) for f in files])


def records_by_doc(path: str | Path) -> dict[str, list]:
    """Records of a .jsonl file (``extract`` output) by filing name."""

    try:
        recs = read_records(path)
    except OSError as err:
        raise AnnotateError(f"{path}: cannot read the predicted records: {err.strerror}") from None
    except ValueError as err:
        raise AnnotateError(str(err)) from None
    out: dict[str, list] = {}
    for r in recs:
        out.setdefault(str(r.doc), []).append(r)
    return out


@dataclass
class PushReport:
    project_id: int
    created: bool
    imported: list[dict[str, Any]]
    skipped: int
    version: str


def push(conn: Connection, project: str, pl: PushPlan, config: str) -> PushReport:
    """Import the planned tasks (with predictions) into ``project``; tasks already there are skipped."""
    proj, created = ensure_project(conn, project, config, pl.version)
    have = set() if created else existing_keys(conn, proj["id"])
    new = [t for t in pl.tasks if task_key(t["data"]) not in have]
    for i in range(0, len(new), 200):
        conn.call(conn.client.projects.import_tasks, id=proj["id"], request=new[i:i + 200],
                  commit_to_project=True)
    if new and not created:
        conn.call(conn.client.projects.update, id=proj["id"], model_version=pl.version)
    return PushReport(proj["id"], created, new, len(pl.tasks) - len(new), pl.version)
