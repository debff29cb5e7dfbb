"""``annotate roundtrip``: hand-typed gold (authoring files) through the whole annotation loop.

Push the filings with predictions, submit each task's gold (from ``annotations/work/...
*.mentions.jsonl``) as the annotator's annotation through the API, pull it back, and check that
the pulled gold is the authoring gold. The change report says, per filing, how many predicted
spans the annotators accepted, corrected, added and deleted.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..evaluating.authoring import read_authoring
from ..evaluating.gold import GoldMention, load_mentions, load_tasks, mentions_to_task
from ..evaluating.validate import validate
from .client import AnnotateError, Connection
from .pull import PullReport, pull
from .push import find_project, iter_tasks, labeling_config, plan, push
from .tasks import mention_extent, shift, to_ls


@dataclass
class Roundtrip:
    project: str
    version: str
    pulled: PullReport
    gold: dict[str, list[GoldMention]]                 # authoring gold by filing
    mismatches: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # gold validate on the pulled gold
    submitted: int = 0


def authoring_gold(filings: list[Path], work: Path) -> dict[str, list[GoldMention]]:
    """The authoring files' mentions by filing name (every filing must have one)."""
    out = {}
    for f in filings:
        parts = sorted(work.glob(f"{f.stem}*.mentions.jsonl"))
        if not parts:
            raise AnnotateError(f"{f.name}: no authoring file {f.stem}.mentions.jsonl in {work}")
        try:
            out[f.name] = sorted((m for p in parts for m in read_authoring(p, f.name)), key=lambda m: m.val)
        except (ValueError, KeyError, TypeError) as err:
            raise AnnotateError(f"{parts[0]}: not an authoring file: {type(err).__name__}: {err}") from None
    return out


def submit_gold(conn: Connection, project_id: int, gold: dict[str, list[GoldMention]]) -> int:
    """Submit each task's gold mentions as its annotation (what the annotator's corrections amount
    to); returns the number of tasks annotated."""
    n = 0
    for t in iter_tasks(conn, project_id, fields="task_only"):
        d = t["data"]
        off, seg = int(d["offset"]), d["text"]
        ms = [m for m in gold.get(d["doc"], []) if off <= mention_extent(m)[0] < off + len(seg)]
        cut = [m for m in ms if mention_extent(m)[1] > off + len(seg)]
        if cut:
            raise AnnotateError(f"{d['doc']}: the gold mention at {mention_extent(cut[0])[0]} crosses the end of the "
                                f"task at offset {off}")
        result = mentions_to_task(d["doc"], seg, [shift(m, -off) for m in ms])["annotations"][0]["result"]
        conn.call(conn.client.annotations.create, id=t["id"], result=to_ls(result, seg), was_cancelled=False)
        n += 1
    return n


def roundtrip(conn: Connection, files: list[Path], work: Path, out: Path, project: str, mode: str,
              predictions: Path | None = None) -> Roundtrip:
    """Push, submit the authoring gold, pull into ``out`` and compare (see the module docstring)."""
    if find_project(conn, project) is not None:
        raise AnnotateError(f"Label Studio project {project!r} exists already; a round trip starts from a new "
                            f"project (pass another --project)")
    gold = authoring_gold(files, work)
    # no task may cut a gold mention: an annotator could not draw it
    whole = {doc: [mention_extent(m) for m in ms] for doc, ms in gold.items()}
    pl = plan(files, mode, records=predictions, whole=whole)

    rep = push(conn, project, pl, labeling_config())
    n = submit_gold(conn, rep.project_id, gold)
    pulled = pull(conn, project, out, files[0].parent if files else None)
    rt = Roundtrip(project, pl.version, pulled, gold, submitted=n)
    got = load_mentions(out)
    for doc, ms in gold.items():
        if got.get(doc, []) != ms:
            rt.mismatches.append(f"{doc}: pulled gold has {len(got.get(doc, []))} mentions, the authoring file "
                                 f"{len(ms)}; they differ")
    rt.problems = validate([t for t in load_tasks(out) if t["data"]["doc"] in gold], files[0].parent if files else None)
    return rt


def commit_of(path: Path) -> str:
    """``<sha> (<branch>)`` of the git checkout holding ``path``, ``+ changes`` when it is dirty."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(path), *args], capture_output=True, text=True, check=False).stdout.strip()

    sha = git("rev-parse", "HEAD")
    if not sha:
        return "unknown (not a git checkout)"
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{sha} ({git('rev-parse', '--abbrev-ref', 'HEAD')}){dirty}"


def changes_markdown(rt: Roundtrip, source: str, filings_dir: str) -> str:
    """CHANGES.md: where the predictions came from, the totals per label and the counts per filing."""
    ch = rt.pulled.changes
    lines = [f"# Dev corpus gold through the annotation loop: the annotators' changes to the predictions", "",
             f"Made by `python -m extraction annotate roundtrip` (docs/annotation.md): the {len(rt.gold)} filings of "
             f"`{filings_dir}` pushed to Label Studio with the extractor's spans as predictions, each task's gold "
             f"(the annotators' authoring files) submitted as its annotation, pulled back.", "",
             f"- predictions: {source}; model_version `{rt.version}`",
             f"- tasks: {rt.submitted} submitted; pulled gold equal to the authoring gold: "
             f"{'yes, every filing' if not rt.mismatches else 'NO: ' + '; '.join(rt.mismatches)}",
             f"- gold validate on the pulled gold: {len(rt.problems)} problems", "",
             "## All filings, per label", "", ch.markdown(), "## Per filing", "",
             "| filing | predicted | accepted | corrected | added | deleted | final | accepted share |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for doc in sorted(rt.gold):
        c = rt.pulled.by_doc.get(doc)
        row = c.table()[-1] if c else ("all", 0, 0, 0, 0, 0, 0)
        share = f"{row[2] / row[6]:.0%}" if row[6] else "-"
        lines.append(f"| {doc} | " + " | ".join(map(str, row[1:])) + f" | {share} |")
    lines += ["", "*accepted*: predicted span kept as it was; *corrected*: same label, other boundaries; "
              "*added*: drawn by the annotator; *deleted*: predicted, not in the gold; *final*: spans of the gold. "
              "A filing's `final` counts distinct spans (a span shared by several mentions once).", ""]
    return "\n".join(lines)
