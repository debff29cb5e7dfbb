"""Command line: ``python -m extraction {extract,evaluate,gold,annotate,review} ...`` (``--help`` on each)."""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table as RichTable

from .labeling import families, model_dir
from .labeling.registry import DEFAULT_FAMILY, factory
from .batch import FileResult, TIME_LIMIT, default_jobs, output_paths, run_batch
from .extractors import DEFAULT_MODE, modes
from .inputs import input_files, inputs, printable, walk
from .reading import ReadError
from .annotating.cli import register as register_annotate
from .bench import run_bench, table
from .evaluating import calibration
from .evaluating.agreement import agreement
from .evaluating.authoring import GoldConflict, build_gold
from .evaluating.corpora import corpora, corpus_files, gold_sources, select
from .evaluating import crossval, scans
from .evaluating.gold import load_tasks
from .evaluating.lofo import Corpus, lofo_report
from .evaluating.report import evaluate
from .evaluating.stress import EVAL_SEED, KINDS
from .evaluating.stress import evaluate as stress
from .evaluating.validate import validate
from .labeling.judge import CALIBRATION_FILE
from .output import (check_output, check_output_dir, os_problem, read_records, refuse_inputs, stale_temps, write_json,
                     write_records, write_text)
from .reading.ocr import ocr_problem
from .reviewing.cli import register as register_review
from .training import TrainingError, UpToDate, check_gold, train

console = Console(stderr=True)
out = Console()


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(s: object) -> str:
    """Text for the terminal: control characters of file names (newlines, escape codes) and their
    undecodable bytes written as escapes (\\n, \\x1b, \\xe9), never sent raw; rich markup escaped."""
    text = _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], printable(s))
    return escape(text)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that temp files are removed on the way out."""


def _on_sigterm(signum, frame) -> None:
    INTERRUPT.set()
    raise Terminated()


# set by Ctrl-C and SIGTERM: a library may swallow the KeyboardInterrupt, the batch still stops
INTERRUPT = threading.Event()


def _on_sigint(signum, frame) -> None:
    INTERRUPT.set()
    raise KeyboardInterrupt()


def jobs_arg(value: str) -> int:
    """--jobs: 0 (one per core) or a positive number of processes."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n}: give 0 (one process per core) or a positive number")
    return n


# the input files of path arguments: shared with the annotation loop's commands
_files, _inputs = input_files, inputs


def cmd_extract(a: argparse.Namespace) -> int:
    if not a.output and not a.output_dir:
        raise ValueError("give --output FILE, --output-dir DIR or both")
    if a.resume and not a.output_dir:
        raise ValueError("--resume needs --output-dir (the per-input files tell which inputs are done)")
    found = walk(a.paths)
    files, roots = found.files, found.roots
    for line in found.skipped_lines():  # nothing left out without a word
        console.print(f"[yellow]skipped[/yellow] {shown(line)}", soft_wrap=True, highlight=False)
    if not files:
        console.print(f"[red]no input files found in {shown(' '.join(a.paths))}[/red]")
        return 2
    # every output checked before the work: a wrong path fails now, not after an hour of extraction
    if a.output:
        check_output(a.output, files)
    if a.output_dir:
        check_output_dir(a.output_dir)
    outs = output_paths(files, roots, Path(a.output_dir)) if a.output_dir else None
    if outs:
        refuse_inputs(outs, files)
    results: list[FileResult | None] = [None] * len(files)
    todo = list(range(len(files)))
    if a.resume:
        # an output file exists only once it is complete (written atomically), so it marks a done input
        done = [i for i in todo if outs[i].is_file()]
        for folder in {o.parent for o in outs}:  # temp files of a run killed while writing
            for tmp in stale_temps(folder):
                tmp.unlink(missing_ok=True)
        for i in done:
            try:  # a part damaged since (truncated, edited): named, and its input extracted again
                recs = read_records(outs[i])
            except ValueError as err:
                console.print(f"[yellow]redone[/yellow] {shown(err)}", soft_wrap=True, highlight=False)
                continue
            results[i] = FileResult(path=str(files[i]), doc=files[i].name, output=str(outs[i]), skipped=True,
                                    records=recs if a.output else None, n_records=len(recs))
        todo = [i for i in todo if results[i] is None]
    jobs = default_jobs() if a.jobs == 0 else a.jobs

    def advance(prog, task) -> None:
        if INTERRUPT.is_set():  # a Ctrl-C that some library swallowed: stop at the next file
            raise KeyboardInterrupt()
        prog.advance(task)

    with Progress(console=console, transient=True, disable=len(todo) < 3 or not console.is_terminal) as prog:
        task = prog.add_task("extracting", total=len(todo))
        got = run_batch([files[i] for i in todo], a.mode, outputs=None if outs is None else [outs[i] for i in todo],
                        jobs=jobs, scheduler=a.scheduler, on_done=lambda _i, _r: advance(prog, task),
                        limit=a.time_limit or None)
    if INTERRUPT.is_set():  # never an -o from an interrupted batch
        raise KeyboardInterrupt()
    for i, r in zip(todo, got):
        results[i] = r
    n = 0
    if a.output:
        records = []
        for r in results:
            if r.ok:
                records.extend(r.records if r.records is not None else read_records(r.output))
        n = write_records(a.output, records, inputs=files)
    ran = [r for r in results if r.ok and not r.skipped]
    skipped = [r for r in results if r.skipped]
    failures = [r.error for r in results if not r.ok]
    t = RichTable(title="indicator records by filing")
    for c in ("filing", "layout", "tables", "records", "by column", "rows not understood", "look at it"):
        t.add_column(c)
    for r in ran:
        cols = " ".join(f"{k}={v}" for k, v in sorted(r.columns.items()))
        t.add_row(shown(r.doc), r.layouts, str(r.n_tables), str(r.n_records), cols, str(len(r.problems)),
                  shown(r.review) or "-")
    out.print(t)
    flagged = [r for r in ran if r.review]
    if flagged:
        out.print(f"{len(flagged)} of {len(ran)} filings need a person's look (the last column says why)"
                  + ("" if a.needs_review else "; --needs-review lists them"))
    if a.needs_review:
        for r in flagged:
            out.print(f"needs review\t{shown(r.path)}\t{shown(r.review)}", soft_wrap=True, highlight=False)
    if a.verbose:
        for r in ran:
            for p in r.problems:
                out.print(f"  {shown(r.doc)}: {shown(p)}")
    if failures:
        console.print(f"[red]{len(failures)} of {len(files)} files failed:[/red]")
    for msg in failures:  # one line each, whatever the width; file names are not markup
        console.print(f"[red]error[/red] {shown(msg)}", soft_wrap=True)
    if skipped:
        out.print(f"{len(skipped)} files already done in {shown(a.output_dir)}, skipped (--resume)")
    written = " and ".join(x for x in (a.output_dir and f"{a.output_dir}/ (one .jsonl per input)", a.output) if x)
    total = n if a.output else sum(r.n_records for r in ran)
    out.print(f"{total} records from {len(ran) + len(skipped)} of {len(files)} files written to {shown(written)}")
    return 1 if failures else 0


def cmd_train(a: argparse.Namespace) -> int:
    params = {k: v for k, v in (("c1", a.c1), ("c2", a.c2), ("max_iterations", a.max_iterations)) if v is not None}
    a.out = str(a.out or model_dir())
    try:
        gold = check_gold(a.gold, a.filings)
        out.print(f"training on {gold['mentions']} mentions in {len(gold['docs'])} filings of {escape(gold['dir'])}")
        with console.status(f"training the {a.family} family on the gold set") as status:
            meta = train(a.out, params=params, gold_dir=a.gold, filings=a.filings, lofo=not a.no_lofo,
                         progress=lambda m: status.update(f"leave-one-filing-out: {m}"), family_name=a.family,
                         force=a.force, checked=gold)
    except UpToDate as err:
        out.print(f"nothing to do: {escape(str(err))}", highlight=False, soft_wrap=True)
        return 0
    except TrainingError as err:
        console.print(f"[red]error[/red] {escape(str(err))}; the model in {escape(a.out)} is unchanged",
                      highlight=False, soft_wrap=True)
        return 2
    out.print(f"model written to {a.out} (data hash {meta['data_hash']}, "
              f"{meta['train_seconds']} s to fit) from {meta['gold']['mentions']} mentions in "
              f"{len(meta['gold']['files'])} gold files of {escape(meta['gold']['dir'])}")
    if "lofo" in meta:
        lo = meta["lofo"]
        out.print("leave-one-filing-out: span micro F1 {:.3f}; record F1 (mean of folds) {}".format(
            lo["span_f1"]["micro"], ", ".join(f"{m} {v:.3f}" for m, v in lo["record_f1_mean_of_folds"].items())))
    return 0


def cmd_lofo(a: argparse.Namespace) -> int:
    with console.status("leave-one-filing-out") as status:
        corpus = Corpus.load(a.gold, a.filings)
        md, _ = lofo_report(a.family or [DEFAULT_FAMILY], curve=a.learning_curve, corpus=corpus, progress=status.update)
    out.print(md)
    if a.report:
        write_text(a.report, md)
        out.print(f"report written to {a.report}")
    return 0


def cmd_cv(a: argparse.Namespace) -> int:
    family = (a.family or [DEFAULT_FAMILY])[0]
    if a.augment and family != "cells":
        print(f"error: --augment trains the cell model's CRF; family {family} has none", file=sys.stderr)
        return 2
    with console.status("grouped cross-validation") as status:
        corpus = Corpus.load_corpora(a.corpus)
        params = {"augment": True} if a.augment else {}
        modes = tuple(a.modes) if a.modes else ("values", "rules", "combined", "model")
        res = crossval.run_cv(factory(family, **params), corpus, grouping=a.cv, family=family, modes=modes,
                              progress=status.update)
    md = crossval.markdown(res)
    cal = calibration.report(res) if "values" in modes else None
    if cal is not None:
        md += "\n" + calibration.markdown(cal)
    out.print(md)
    if a.report:
        write_text(a.report, md)
        out.print(f"report written to {a.report}")
        if cal is not None:
            write_json(Path(a.report).with_name("calibration.json"), cal)
            out.print(f"calibration figures written to {Path(a.report).with_name('calibration.json')}")
    if a.save_calibration:
        if cal is None:
            print("error: --save-calibration needs the values mode among --modes", file=sys.stderr)
            return 2
        dest = model_dir() / CALIBRATION_FILE
        write_json(dest, {"precision": cal["precision"], "ece": cal["ece"], "grouping": cal["grouping"],
                          "command": "python -m extraction evaluate --cv " + a.cv + " --modes values --save-calibration"})
        out.print(f"each reader's precision written to {dest} (the confidence of their records)")
    return 0


def cmd_stress(a: argparse.Namespace) -> int:
    import json


    modes = tuple(a.modes) if a.modes else ("values", "rules")
    unknown = [k for k in a.kinds or () if k not in KINDS]
    if unknown:
        print(f"error: unknown kind {', '.join(unknown)}; one of {', '.join(KINDS)}", file=sys.stderr)
        return 2
    with console.status("layout stress") as status:
        corpus = Corpus.load(a.gold, a.filings) if (a.gold or a.filings) else Corpus.load_corpora(a.corpus)
        fam = factory((a.family or [DEFAULT_FAMILY])[0]) if {"model", "combined"} & set(modes) else None
        res = stress.run_stress(corpus, modes=modes, seed=EVAL_SEED if a.seed is None else a.seed, per_kind=a.variants, factory=fam,
                                kinds=tuple(a.kinds) if a.kinds else None, progress=status.update)
    md = stress.markdown(res)
    out.print(md)
    report = a.report or "reports/stress.md"
    write_text(report, md)
    write_text(str(Path(report).with_suffix(".json")), json.dumps(res.to_json(), ensure_ascii=False, indent=1) + "\n")
    out.print(f"report written to {report} (and {Path(report).with_suffix('.json')}) in {res.seconds:.0f} s")
    return 0


def cmd_scans(a: argparse.Namespace) -> int:
    import json


    problem = ocr_problem()
    if problem:
        print(f"error: evaluate --scans needs OCR: {problem}", file=sys.stderr)
        return 2
    mode = (a.modes or [DEFAULT_MODE])[0]
    paths = sorted(Path(a.filings).glob("*.txt")) if a.filings else sorted(Path("annotations/filings").glob("*.txt"))
    if not paths:
        print(f"error: no .txt filings in {a.filings or 'annotations/filings'}", file=sys.stderr)
        return 2
    with console.status("scans") as status:
        rows = scans.run_scans(paths, a.dpi, mode, progress=status.update)
    md = scans.markdown(rows, mode)
    out.print(md)
    report = a.report or "reports/scans.md"
    write_text(report, md)
    write_text(str(Path(report).with_suffix(".json")), json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    out.print(f"report written to {report}")
    return 0


def cmd_evaluate(a: argparse.Namespace) -> int:
    reads = [*([a.pred] if a.pred else []), *corpus_files(a.gold, a.filings)]
    if a.report:  # never over what is read (--pred, the gold, the filings), nor the .json written beside it
        beside = Path(a.report).with_name("calibration.json") if a.cv else Path(a.report).with_suffix(".json")
        for path in {Path(a.report), beside} if (a.cv or a.stress or a.scans) else {Path(a.report)}:
            check_output(path, reads, formats=None)
    if a.stress:
        return cmd_stress(a)
    if a.scans:
        return cmd_scans(a)
    if a.cv:
        return cmd_cv(a)
    if a.lofo:
        return cmd_lofo(a)
    if not a.pred:
        raise ValueError("evaluate needs --pred RECORDS.jsonl (or --lofo)")

    pred = read_records(a.pred)
    ev = evaluate(pred, a.gold, a.filings, tables_only=a.tables_only)
    t = RichTable(title="record level" + (" (table rows)" if a.tables_only else ""))
    for c in ("filing", "gold", "pred", "matched", "P", "R", "F1"):
        t.add_column(c)
    for doc, m in ev.records.items():
        p = m.prf
        t.add_row(doc, str(p.tp + p.fn), str(p.tp + p.fp), str(p.tp), f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}")
    out.print(t)
    if ev.spans:
        st = RichTable(title="span level F1")
        for c in ("filing", "IND", "OP", "VAL", "UNIT", "micro"):
            st.add_column(c)
        for doc, sc in ev.spans.items():
            st.add_row(doc, *(f"{sc[k].f1:.3f}" for k in ("IND", "OP", "VAL", "UNIT", "micro")))
        out.print(st)
    md = ev.markdown(title=f"Evaluation of {a.pred}", errors=a.errors)
    if a.errors:
        out.print(md.split("## Errors", 1)[1])
    if a.report:
        write_text(a.report, md, inputs=reads)
        out.print(f"report written to {a.report}")
    return 0


def cmd_gold(a: argparse.Namespace) -> int:
    if a.action == "agreement":
        return _agreement()
    if a.action == "build":
        # every annotated corpus: annotations/work[/dev] -> annotations/gold[/dev]

        for c in select(a.corpus):
            if not c.filings.is_dir():
                continue  # a project root without this corpus
            try:
                counts = build_gold(c.work, c.gold, c.filings, overwrite=a.overwrite)
            except GoldConflict as err:
                console.print(f"[red]refused[/red] {c.name}: {err}", highlight=False, soft_wrap=True)
                return 1
            out.print(f"{c.name}: {len(counts)} filings, {sum(counts.values())} mentions -> {c.gold}")
    sources = gold_sources(a.gold, a.filings) if (a.gold or a.filings) else \
        [(c.gold, c.filings) for c in select(a.corpus) if c.gold.is_dir()]
    problems = [p for g, f in sources for p in validate(load_tasks(g), f)]
    for p in problems:
        out.print(f"[red]{p}[/red]")
    out.print(f"gold set: {len(problems)} problems")
    return 1 if problems else 0


def _agreement() -> int:
    """The dev corpus's double-annotated filings: the second annotation against the first."""

    dev = corpora()["dev"]
    strict, relaxed = agreement(dev.work, dev.work.parent / "iaa", dev.filings)
    t = RichTable(title="inter-annotator agreement, record F1")
    for c in ("filing", "mentions (first)", "strict", "relaxed"):
        t.add_column(c)
    for doc, m in strict.items():
        t.add_row(shown(doc), str(m.prf.tp + m.prf.fn), f"{m.prf.f1:.3f}", f"{relaxed[doc].prf.f1:.3f}")
    out.print(t)
    return 0


def cmd_bench(a: argparse.Namespace) -> int:
    report = run_bench(a.size, a.folders, jobs=a.jobs, modes=tuple(a.modes) if a.modes else None,
                       progress=lambda msg: console.print(f"[dim]{msg}[/dim]"))
    out.print(table(report))
    write_json(a.json, report)
    out.print(f"written to {a.json}")
    return 0


def seconds_arg(value: str) -> float:
    """--time-limit: seconds, 0 for none."""
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not n >= 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"{value}: give a number of seconds (0: no limit)")
    return n


def positive_mb(value: str) -> float:
    """bench --size: a positive number of MB."""
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not n > 0 or n != n or n == float("inf"):
        raise argparse.ArgumentTypeError(f"{value}: give a positive number of MB")
    return n


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m extraction",
                                 description="Extract performance indicators (绩效指标) from Chinese budget filings.")
    sub = ap.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract indicator records from filings",
                       description="Extract one record per indicator mention (spec section 3).")
    e.add_argument("paths", nargs="+", help="filing files or folders")
    e.add_argument("--output", "-o", help="one output file for all records: .jsonl, .csv or .xlsx")
    e.add_argument("--output-dir", metavar="DIR",
                   help="one <stem>.jsonl per input (sub-folders kept), each written as soon as its input is done")
    e.add_argument("--needs-review", action="store_true",
                   help="list the filings a person should look at, one line each: 'needs review<TAB>path<TAB>why' "
                        "(values that may be indicators stand outside the tables and no record reads them)")
    e.add_argument("--resume", action="store_true",
                   help="with --output-dir: skip inputs whose output file already exists (outputs are written "
                        "atomically, so an existing one is complete); failed inputs have none and are retried. "
                        "With --output as well, that file is rebuilt from all per-input files")
    e.add_argument("--jobs", "-j", type=jobs_arg, default=1, metavar="N",
                   help="extract in N processes (0: one per core); records are the same as with 1")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (tcp://host:8786); workers must see the input and output paths")
    e.add_argument("--mode", default=DEFAULT_MODE, choices=modes(),
                   help="rules (default): the table readers (known layouts, then cells first) and the prose "
                        "rules; combined: the rules, and the sequence labeler where they read nothing; model: the "
                        "trained cell model alone (see reports/crossval.md for how each scores)")
    e.add_argument("--time-limit", type=seconds_arg, default=TIME_LIMIT, metavar="SECONDS",
                   help=f"stop a file that takes longer (it fails, the others go on; default {TIME_LIMIT:g}, 0: none)")
    e.add_argument("--verbose", "-v", action="store_true", help="list the rows each table reader did not understand")
    e.set_defaults(func=cmd_extract)

    b = sub.add_parser("bench", help="measure throughput, memory and cold start",
                       description="MB/s and records/s of each extraction mode against bare jieba.lcut on the same "
                                   "text, with --jobs N, peak RSS and cold start; each measured in its own process.")
    b.add_argument("folders", nargs="*", help="folders of filings to measure as well")
    b.add_argument("--size", type=positive_mb, default=5.0, metavar="MB",
                   help="repeat the sample filings to at least this many MB (default 5)")
    b.add_argument("--jobs", "-j", type=jobs_arg, default=None, metavar="N",
                   help="also measure extraction in N processes (default: one per core; 1: skip)")
    b.add_argument("--modes", nargs="+", choices=modes(), help="modes to measure (default: all of pipeline.MODES)")
    b.add_argument("--json", default="out/bench.json", help="write the figures here (default out/bench.json)")
    b.set_defaults(func=cmd_bench)

    v = sub.add_parser("evaluate", help="score records against the gold set",
                       description="Record and span P/R/F1 per filing (spec section 4).")
    v.add_argument("--pred", help="predicted records (.jsonl)")
    v.add_argument("--lofo", action="store_true",
                   help="leave-one-filing-out: train on four filings, score the fifth (rules, model, combined)")
    v.add_argument("--family", action="append", choices=families(),
                   help=f"with --lofo or --cv: model family to evaluate (repeatable; default {DEFAULT_FAMILY})")
    v.add_argument("--learning-curve", action="store_true", help="with --lofo: record F1 against 1..4 training filings")
    v.add_argument("--cv", choices=["layout", "province"],
                   help="grouped cross-validation over every annotated filing (samples and dev corpus): leave one "
                        "layout group (or province) out, train the labeler on the rest; strict and relaxed record F1 "
                        "of every mode, by layout family and form kind")
    v.add_argument("--stress", action="store_true",
                   help="layout stress: record F1 of each mode on generated variants of held-out filings (one kind "
                        "of perturbation a row: layouts, encodings, values, noise, prose), against the unperturbed "
                        "score; writes --report (default reports/stress.md) and a .json beside it")
    v.add_argument("--scans", action="store_true",
                   help="scans: each text filing (--filings, default the sample filings) printed on page images, "
                        "read back by OCR; record F1 of the first --modes against the text original's records; "
                        "writes --report (default reports/scans.md) and a .json beside it")
    v.add_argument("--dpi", type=int, nargs="+", default=[150, 300], help="with --scans: resolutions (default 150 300)")
    v.add_argument("--seed", type=int, default=None, help="with --stress: first seed of the variants (default: the "
                   "evaluation seed, distinct from the training variants' seeds)")
    v.add_argument("--variants", type=int, default=3, help="with --stress: variants per filing and kind (default 3)")
    v.add_argument("--kinds", nargs="+", help="with --stress: only these kinds (default: all; plain is always run)")
    v.add_argument("--corpus", default="all", help="with --cv or --stress: samples, dev, dev2 or all (default)")
    v.add_argument("--modes", nargs="+", choices=modes(), help="with --cv or --stress: the modes to score (default: "
                   "--stress values rules; --cv all; "
                   "without model and combined no labeler is trained, only the value judge: minutes, not an hour)")
    v.add_argument("--augment", action="store_true",
                   help="with --cv (family cells): train the cell CRF on layout variants of each gold "
                        "text too (tabs as pipes, one cell a line or spaces; pipes as tabs)")
    v.add_argument("--save-calibration", action="store_true",
                   help="with --cv and the values mode: write each reader's precision in the cross-validation "
                        "into the model folder (calibration.json): the confidence of the records it reads")
    v.add_argument("--gold", default=None, help="score against this one gold folder only (default: every annotated "
                   "corpus: annotations/gold, gold/dev, gold/dev2)")
    v.add_argument("--filings", default=None, help="the filings of --gold (default: annotations/filings)")
    v.add_argument("--tables-only", action="store_true", help="score table rows only (records with 一级/二级指标)")
    v.add_argument("--report", help="write a Markdown report here")
    v.add_argument("--errors", action="store_true", help="list missed and spurious records")
    v.set_defaults(func=cmd_evaluate)

    t = sub.add_parser("train", help="train the model (cell roles and token CRFs) on the gold set",
                       description="Fit the model family (default: the cell model) on every gold filing and "
                                   "save it with its config, data hash and leave-one-filing-out scores.")
    t.add_argument("--out", default=None, help="model folder (default: the one push and extract load: "
                   "$BUDGET_INDICATORS_MODEL, else the shipped extraction/models/crf)")
    t.add_argument("--family", default=DEFAULT_FAMILY, choices=families(), help=f"model family (default {DEFAULT_FAMILY})")
    t.add_argument("--gold", default=None, help="train on this one gold folder only (with --filings for its filings); "
                   "default: every annotated corpus together (annotations/gold, gold/dev, gold/dev2, each with its "
                   "filings). Validated first; at least 2 filings and 30 mentions")
    t.add_argument("--filings", default=None, help="the filings of --gold (default: annotations/filings)")
    t.add_argument("--c1", type=float, help="L1 regularisation")
    t.add_argument("--c2", type=float, help="L2 regularisation")
    t.add_argument("--max-iterations", type=int)
    t.add_argument("--no-lofo", action="store_true", help="skip the leave-one-filing-out scores")
    t.add_argument("--force", action="store_true", help="train even when the model was trained on this very gold "
                   "with these settings (by default that says so and stops: it would change nothing)")
    t.set_defaults(func=cmd_train)

    g = sub.add_parser("gold", help="build or validate the gold set",
                       description="build: annotations/work[/dev]/*.mentions.jsonl -> annotations/gold[/dev]; validate: check it.")
    g.add_argument("action", choices=["build", "validate", "agreement"],
                   help="agreement: the dev filings annotated twice (annotations/work/iaa) against the first pass")
    g.add_argument("--corpus", default="all", help="samples, dev or all (default)")
    g.add_argument("--gold", default=None)
    g.add_argument("--filings", default=None)
    g.add_argument("--overwrite", action="store_true",
                   help="build: write the gold even where it holds changes the authoring files do not "
                        "(pulled corrections), discarding them; without it such a build is refused and lists them")
    g.set_defaults(func=cmd_gold)


    register_annotate(sub)

    register_review(sub)
    return ap


# what an interrupted command leaves behind, by command (its files are written atomically)
INTERRUPTED = {
    "extract": "no half-written output file is left (with --output-dir, --resume goes on)",
    "train": "the model is unchanged (a new model is swapped in only when it is complete)",
    "*": "no half-written output file is left",
}


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    INTERRUPT.clear()
    previous = signal.signal(signal.SIGTERM, _on_sigterm)  # kill / a job scheduler: clean up as on Ctrl-C
    previous_int = signal.signal(signal.SIGINT, _on_sigint)
    try:
        return a.func(a)
    except (ReadError, ValueError, FileNotFoundError, ConnectionError) as err:
        console.print(f"[red]error[/red] {shown(err)}", soft_wrap=True)
        return 2
    except OSError as err:  # what the OS refused (a full disk, a file-size limit): one line, no traceback
        where = f"{os.fsdecode(err.filename)}: " if err.filename is not None else ""
        console.print(f"[red]error[/red] {shown(where + os_problem(err))}", soft_wrap=True)
        return 2
    except KeyboardInterrupt as err:  # output files are written atomically: nothing half written is left
        what = "terminated" if isinstance(err, Terminated) else "interrupted"
        console.print(f"[red]{what}[/red]: {INTERRUPTED.get(a.command, INTERRUPTED['*'])}")
        return 143 if isinstance(err, Terminated) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


if __name__ == "__main__":
    sys.exit(main())
