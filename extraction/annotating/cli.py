"""``python -m extraction annotate push|pull``: the Label Studio annotation loop on the command line."""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable
from .client import AnnotateError, connect
from .predict import default_mode, model_problem
from .pull import KINDS, pull
from .push import labeling_config, plan, push
from .roundtrip import changes_markdown, commit_of, roundtrip
from ..inputs import input_files as _files
from ..output import write_text
from ..pipeline import MODES

console = Console(stderr=True)
out = Console(soft_wrap=True)  # long lines stay whole (logs, grep)


def _modes() -> tuple[str, ...]:
    return tuple(MODES)


def cmd_push(a: argparse.Namespace) -> int:
    files = _files(a.paths)
    if not files:
        console.print(f"[red]error[/red] no input files found in {' '.join(a.paths)}")
        return 2
    config = labeling_config(a.config)
    if not (a.from_gold or a.predictions) and (problem := model_problem()):
        raise AnnotateError(problem + "; nothing pushed")
    mode = a.mode or default_mode()
    conn = None if a.dry_run else connect()  # fail on credentials before the work
    pl = plan(files, mode, a.from_gold, records=a.predictions)
    t = RichTable(title=f"tasks, most useful first ({pl.version})")
    for c in ("rank", "filing", "kind", "offset", "chars", "regions", "min score"):
        t.add_column(c, justify="left" if c in ("filing", "kind") else "right", overflow="fold")
    for task in pl.tasks[:a.show]:
        d = task["data"]
        t.add_row(str(d["rank"]), d["doc"], d["kind"], str(d["offset"]), str(len(d["text"])), str(d["regions"]),
                  "-" if d["min_score"] is None else f"{d['min_score']:.3f}")
    out.print(t)
    if len(pl.tasks) > a.show:
        out.print(f"... {len(pl.tasks) - a.show} more tasks (--show N to list more)")
    n_regions = sum(task["data"]["regions"] for task in pl.tasks)
    if conn is None:
        out.print(f"dry run: {len(pl.tasks)} tasks with {n_regions} predicted regions from {len(files)} files; nothing sent")
        return 0
    rep = push(conn, a.project, pl, config)
    verb = "created" if rep.created else "reused"
    out.print(f"project {a.project!r} (id {rep.project_id}, {verb}) at {conn.url}/projects/{rep.project_id}: "
              f"{len(rep.imported)} tasks imported with predictions {rep.version!r}"
              + (f", {rep.skipped} already there" if rep.skipped else ""))
    return 0


def cmd_pull(a: argparse.Namespace) -> int:
    conn = connect()
    rep = pull(conn, a.project, a.out, a.filings)
    t = RichTable(title="annotator's changes to the predicted spans")
    for c in ("label", "predicted", *KINDS, "final"):
        t.add_column(c, justify="left" if c == "label" else "right")
    for row in rep.changes.table():
        t.add_row(*map(str, row))
    out.print(t)
    ch = rep.changes
    out.print(ch.summary())
    for doc in sorted(rep.total):
        out.print(f"{doc}: {rep.annotated[doc]} of {rep.total[doc]} tasks annotated")
    for note in rep.notes:
        out.print(f"[yellow]note[/yellow] {note}")
    for path, n in rep.written.items():
        out.print(f"{path}: {n} mentions")
    for p in rep.problems:
        console.print(f"[red]invalid[/red] {p}")
    for doc in rep.refused:
        console.print(f"[red]refused[/red] {doc}: not written, its tasks not counted above")
    if rep.retrain_note():
        out.print(rep.retrain_note())
    if a.report:
        write_text(a.report, f"# Annotator's changes ({a.project})\n\n" + rep.markdown())
        out.print(f"report written to {a.report}")
    if not rep.written and not rep.problems:
        out.print("no submitted annotations yet")
    return 1 if rep.problems else 0


def cmd_roundtrip(a: argparse.Namespace) -> int:
    import time


    files = [f for f in _files([a.filings]) if f.suffix == ".txt"]
    if not files:
        console.print(f"[red]error[/red] no filings (*.txt) in {a.filings}")
        return 2

    if not a.predictions and (problem := model_problem()):
        raise AnnotateError(problem + "; nothing pushed")
    mode = a.mode or default_mode()
    conn = connect()
    project = a.project or f"roundtrip {Path(a.out).name} {time.strftime('%Y%m%d-%H%M%S')}"
    rt = roundtrip(conn, files, Path(a.work), Path(a.out), project, mode, a.predictions)
    source = a.source or (f"records file {a.predictions}" if a.predictions else
                          f"extractor mode `{mode}` at commit {commit_of(Path(__file__).parent)}")
    report = Path(a.report) if a.report else Path(a.out) / "CHANGES.md"
    write_text(report, changes_markdown(rt, source, a.filings))
    for note in rt.pulled.notes:
        out.print(f"[yellow]note[/yellow] {note}")
    for msg in rt.pulled.problems + rt.mismatches + rt.problems:
        console.print(f"[red]invalid[/red] {msg}", highlight=False, soft_wrap=True)
    out.print(rt.pulled.changes.summary())
    out.print(f"project {project!r}: {rt.submitted} tasks submitted; {len(rt.pulled.written)} gold files written to "
              f"{a.out}; pulled gold {'equals' if not rt.mismatches else 'DIFFERS from'} the authoring gold; "
              f"{len(rt.problems)} validator problems; report {report}")
    return 1 if rt.pulled.problems or rt.mismatches or rt.problems else 0


def _run(fn):
    def wrapped(a: argparse.Namespace) -> int:
        try:
            return fn(a)
        except AnnotateError as err:
            console.print(f"[red]error[/red] {err}", highlight=False, soft_wrap=True)
            return 2
    return wrapped


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``annotate push|pull`` to the CLI's sub-commands."""
    ann = sub.add_parser("annotate", help="annotation loop with Label Studio (push / pull / roundtrip)",
                         description="Send filings to Label Studio with the extractor's spans as predictions, "
                                     "and bring the corrected annotations back as gold. Server and key come from "
                                     "LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY.")
    asub = ann.add_subparsers(dest="action", required=True)
    p = asub.add_parser("push", help="import filings as pre-annotated tasks",
                        description="Split filings into table / paragraph tasks and import them with predictions, "
                                    "most uncertain first.")
    p.add_argument("paths", nargs="+", help="filing files or folders")
    p.add_argument("--project", required=True, help="Label Studio project title (created when missing)")
    modes = _modes()
    p.add_argument("--mode", default=None, choices=modes, help="extractor for the predictions (default: combined when "
                   "a trained model loads, else rules; a $BUDGET_INDICATORS_MODEL that names no model is an error)")
    p.add_argument("--from-gold", metavar="GOLD", help="pre-annotate with a gold folder or file instead (to review gold)")
    p.add_argument("--predictions", metavar="RECORDS", help="pre-annotate with the records of a .jsonl made by `extract` "
                   "(e.g. by another version of the extractor) instead of running one")
    p.add_argument("--config", help="labeling config (default: annotations/labeling_config.xml)")
    p.add_argument("--show", type=int, default=20, help="how many tasks of the order to list (default 20)")
    p.add_argument("--dry-run", action="store_true", help="plan and list the tasks; send nothing")
    p.set_defaults(func=_run(cmd_push))
    q = asub.add_parser("pull", help="export submitted annotations as gold files",
                        description="Export the project's submitted annotations, map them back to file offsets, "
                                    "validate and write them as gold (<filing>.json), and report the annotator's changes.")
    q.add_argument("--project", required=True, help="Label Studio project title")
    q.add_argument("--out", required=True, help="folder for the gold files")
    q.add_argument("--filings", help="folder of the filings (default: the paths recorded at push)")
    q.add_argument("--report", help="write the change report (Markdown) here")
    q.set_defaults(func=_run(cmd_pull))
    r = asub.add_parser("roundtrip", help="hand-typed gold through the loop: push, submit, pull, compare",
                        description="Push the filings with predictions into a new project, submit each task's gold "
                                    "from the authoring files (*.mentions.jsonl) as its annotation, pull it back into "
                                    "--out, check it equals the authoring gold and passes the validator, and write "
                                    "the change report per filing (CHANGES.md).")
    r.add_argument("--filings", required=True, help="folder of the filings (*.txt)")
    r.add_argument("--work", required=True, help="folder of the authoring files <stem>.mentions.jsonl")
    r.add_argument("--out", required=True, help="folder for the pulled gold (and CHANGES.md)")
    r.add_argument("--project", help="new Label Studio project title (default: roundtrip <out> <time>)")
    r.add_argument("--mode", default=None, choices=modes, help="extractor for the predictions (default as for push)")
    r.add_argument("--predictions", metavar="RECORDS", help="predicted records (.jsonl made by `extract`) instead of "
                   "running the extractor")
    r.add_argument("--source", help="where the predictions came from, for the report (default: the mode and this "
                   "checkout's commit, or the records file)")
    r.add_argument("--report", help="change report path (default: OUT/CHANGES.md)")
    r.set_defaults(func=_run(cmd_roundtrip))
