"""Evaluation of predicted records against the gold set, as tables and a Markdown report."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..record import Record
from .gold import load_records, load_mentions
from .scoring import LABELS, PRF, RecordMatch, score_records, span_scores
from .corpora import gold_sources


def is_table_record(r: Record) -> bool:
    """Table rows carry 一级 / 二级指标; prose mentions carry neither."""
    return bool(r.level1 or r.level2)


@dataclass
class Evaluation:
    records: dict[str, RecordMatch]
    spans: dict[str, dict[str, PRF]]
    tables_only: bool = False

    def markdown(self, title: str = "Evaluation", errors: bool = False) -> str:
        lines = [f"# {title}", ""]
        scope = "table rows only" if self.tables_only else "all mentions"
        lines += [f"## Record level ({scope})", "", "| filing | gold | predicted | matched | P | R | F1 |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for doc, m in self.records.items():
            p = m.prf
            lines.append(f"| {doc} | {p.tp + p.fn} | {p.tp + p.fp} | {p.tp} | {p.precision:.3f} | {p.recall:.3f} | {p.f1:.3f} |")
        if self.spans:
            lines += ["", "## Span level (exact label, start, end)", "",
                      "| filing | " + " | ".join(f"{lab} F1" for lab in LABELS) + " | micro P | micro R | micro F1 |",
                      "|---|" + "---:|" * (len(LABELS) + 3)]
            for doc, sc in self.spans.items():
                mi = sc["micro"]
                lines.append(f"| {doc} | " + " | ".join(f"{sc[lab].f1:.3f}" for lab in LABELS)
                             + f" | {mi.precision:.3f} | {mi.recall:.3f} | {mi.f1:.3f} |")
        if errors:
            lines += ["", "## Errors", ""]
            for doc, m in self.records.items():
                if doc == "overall":
                    continue
                for r in m.missed:
                    lines.append(f"- missed   {doc}:{r.start} {r.indicator} {r.op} {r.value} {r.unit} {r.qualitative} [{r.column}] `{r.text[:60]!r}`")
                for r in m.spurious:
                    lines.append(f"- spurious {doc}:{r.start} {r.indicator} {r.op} {r.value} {r.unit} {r.qualitative} [{r.column}] `{r.text[:60]!r}`")
        return "\n".join(lines) + "\n"


def evaluate(pred: list[Record], gold_dir: str | Path | None = None, filings: str | Path | None = None,
             *, tables_only: bool = False) -> Evaluation:
    """Score predicted records (and their ``spans``, where they carry them) against the gold set:
    the one in ``gold_dir`` / ``filings``, or by default every annotated corpus (samples and dev)."""

    sources = gold_sources(gold_dir, filings)
    gold = [r for g, f in sources for r in load_records(g, f)]
    if tables_only:
        gold = [r for r in gold if is_table_record(r)]
        pred = [r for r in pred if is_table_record(r)]
    # every annotated filing, those whose gold is empty too: a record there is a false positive
    docs = sorted({r.doc for r in gold} | {d for g, _ in sources for d in load_mentions(g)})
    pred = [r for r in pred if r.doc in docs]
    records = score_records(gold, pred)
    spans: dict[str, dict[str, PRF]] = {}
    if any(r.spans for r in pred):
        gold_m = {d: ms for g, _ in sources for d, ms in load_mentions(g).items()}
        total = {lab: PRF() for lab in (*LABELS, "micro")}
        for doc in docs:
            g = {s for m in gold_m.get(doc, []) for s in m.spans()
                 if not tables_only or (m.level1 or m.level2)}
            p = {tuple(s) for r in pred if r.doc == doc for s in r.spans}
            sc = span_scores(g, p)
            spans[doc] = sc
            for k, v in sc.items():
                total[k] += v
        spans["overall"] = total
    return Evaluation(records, spans, tables_only)
