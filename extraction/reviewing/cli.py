"""``python -m extraction review completion|lint``: the review commands for auditors."""
from __future__ import annotations

import argparse

import pandas as pd

from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable
from .completion import completion, completion_rates
from .lint import SEVERITIES, lint, rules_frame
from .records import filing_label, input_files, load_inputs
from .report import FINDINGS_SHOWN, FORMATS, SHOWN, write_tables
from ..output import check_output
from ..pipeline import MODES

console = Console(stderr=True)
out = Console(soft_wrap=True)  # long lines stay whole (logs, grep)
TEXT_WIDTH = 30  # characters of a finding's source text shown in the terminal


def _check_output(a: argparse.Namespace) -> None:
    """Refuse an output before the work: a wrong format, a place that cannot be written, or one of
    the inputs (review lint -o filing.xlsx would destroy the filing)."""

    if a.output:
        check_output(a.output, [*a.paths, *input_files(a.paths)], formats=FORMATS)


def _inputs(a: argparse.Namespace):
    inputs = load_inputs(a.paths, mode=a.mode, filings=a.filings)
    for line in inputs.skipped:
        console.print(f"[yellow]skipped[/yellow] {escape(line)}", soft_wrap=True, highlight=False)
    if not inputs.records:
        console.print(f"[yellow]no indicator records in {escape(' '.join(a.paths))}[/yellow]")
    return inputs


def _pct(v) -> str:
    return "-" if v is None or v != v else f"{v:.0%}"


def cmd_completion(a: argparse.Namespace) -> int:
    _check_output(a)
    inputs = _inputs(a)
    table = completion(inputs)
    by_filing = completion_rates(table, "doc")
    by_project = completion_rates(table, ["doc", "project"])
    t = RichTable(title="completion by filing")
    for c in ("filing", "pairs", "met", "not met", "not comparable", "no target", "no actual", "completion"):
        t.add_column(c, justify="left" if c == "filing" else "right")
    for r in by_filing.to_dict("records"):
        t.add_row(filing_label(r["doc"]), *(str(r[c]) for c in ("pairs", "met", "not met", "not comparable", "no target", "no actual")),
                  _pct(r["completion"]))
    out.print(t)
    unsupported = table[table["unsupported"]]
    for r in unsupported.itertuples(index=False):
        out.print(f"full score on a row whose figures miss the target: {r.filing} {r.indicator}: {r.reason} "
                  f"(score {r.score:g} of {r.score_max:g})")
    write_tables(a.output, {"completion": table, "by project": by_project, "by filing": by_filing},
                 title="Completion: actuals against targets", main="completion", shown=SHOWN, inputs=inputs.files)
    out.print(f"{len(table)} rows from {table['doc'].nunique()} filings written to {escape(a.output)}")
    return 0


def cmd_lint(a: argparse.Namespace) -> int:
    if a.list_rules:
        for r in rules_frame().itertuples(index=False):
            out.print(f"{r.id} ({r.severity}): {r.what}\n  why: {r.why}\n  e.g. {r.example}")
        return 0
    if not a.paths:
        raise ValueError("review lint needs PATH... (filings, records .jsonl or folders), or --list-rules")
    _check_output(a)
    inputs = _inputs(a)
    findings = lint(inputs, only=a.rule)
    t = RichTable(title=f"{len(findings)} findings")
    for c in ("severity", "rule", "where", "indicator", "text", "detail"):
        t.add_column(c, overflow="fold")
    for r in findings.itertuples(index=False):
        # no line where the filing's text is not at hand (pd.NA, whose truth value is an error)
        where = f"{r.filing}:{r.line}" if not pd.isna(r.line) else f"{r.filing}@{r.start}"
        text = " ".join(str(r.text).split())
        text = text if len(text) <= TEXT_WIDTH else text[:TEXT_WIDTH - 1] + "…"  # the output file has it whole
        t.add_row(r.severity, r.rule, where, escape(str(r.indicator)), escape(text),
                  "" if r.detail is None else escape(str(r.detail)))
    out.print(t)
    counts = findings.groupby("rule", sort=False).size()
    out.print(", ".join(f"{k}: {v}" for k, v in counts.items()) or "no findings")
    if a.output:
        write_tables(a.output, {"findings": findings, "rules": rules_frame()}, title="Lint: are the targets well set",
                     main="findings", shown=FINDINGS_SHOWN, inputs=inputs.files)
        out.print(f"written to {escape(a.output)}")
    if a.fail_on:
        worst = SEVERITIES[: SEVERITIES.index(a.fail_on) + 1]
        return 1 if findings["severity"].isin(worst).any() else 0
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``review completion`` and ``review lint`` to the main parser."""

    r = sub.add_parser("review", help="review filings: do actuals meet targets, are targets well set",
                       description="Review commands for auditors and finance bureaus.")
    rs = r.add_subparsers(dest="review", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--mode", default="rules", choices=MODES,
                        help="extractor for filings given as PATH (default rules; records files are read as they are)")
    common.add_argument("--filings", action="append", metavar="DIR",
                        help="where the filings of a records file are (repeatable; default: the file's folder, "
                             "then annotations/filings and annotations/filings/dev)")

    c = rs.add_parser("completion", parents=[common], help="each actual against its target, with the score",
                      description="Pair each actual (全年完成值) with its target, judge met / not met / not comparable "
                                  "by the target's operator, give the gap and the self-assigned score; per-project and "
                                  "per-filing completion rates.")
    c.add_argument("paths", nargs="+", metavar="PATH",
                   help="filings, records files (.jsonl), annotators' *.mentions.jsonl, or folders of them")
    c.add_argument("--output", "-o", required=True, help="the table: .xlsx (with rates sheets), .csv or .md")
    c.set_defaults(func=cmd_completion)

    lt = rs.add_parser("lint", parents=[common], help="are the targets well set (rules kept as data)",
                       description="Check targets against the rules of resources/reviewing/lint_rules.tsv; each "
                                   "finding cites the record, its text, line and offset.")
    lt.add_argument("paths", nargs="*", metavar="PATH", help="filings, records files (.jsonl) or folders")
    lt.add_argument("--output", "-o", help="also write the findings: .xlsx, .csv or .md")
    lt.add_argument("--rule", action="append", metavar="ID", help="run only this rule (repeatable)")
    lt.add_argument("--list-rules", action="store_true", help="print the rules and exit")
    lt.add_argument("--fail-on", choices=["error", "warning", "info"],
                    help="exit 1 when a finding of this severity or worse is found")
    lt.set_defaults(func=cmd_lint)
