"""Grouped cross-validation over every annotated filing: the unseen-layout figure.

Each fold holds out one group of filings and trains the sequence labeler on all the others, so no
filing's layout (nor a near-copy of it from the same source: ``layout_group`` in filings.tsv) is
both in training and in test. Groups are layout groups (leave-one-layout-out) or provinces
(leave-one-province-out). Each held-out filing is extracted with every mode and scored strict
(indicator included) and relaxed (indicator ignored); span F1 per label comes from the labeler
alone. Results are totals over filings (micro), also by layout family and form kind.

The rules are not trained, so their figures in a fold are the same as in-sample; what the folds
hold out is the labeler's training data. The rules were written while reading these filings:
the honest unseen figure for them is a new filing, and the README says so.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

from ..reading import Document
from ..record import Record
from .corpora import filing_meta
from .lofo import Corpus, Factory
from .scoring import LABELS, PRF, RecordMatch, match_records, span_scores
from .judging import fit_corpus
from ..pipeline import run

GROUPINGS = ("layout", "province")


@dataclass
class FilingResult:
    """One held-out filing: span scores of the labeler, record matches per mode."""

    doc: str
    group: str
    spans: dict[str, PRF]
    strict: dict[str, RecordMatch] = field(default_factory=dict)
    relaxed: dict[str, RecordMatch] = field(default_factory=dict)


@dataclass
class CVResult:
    grouping: str
    family: str
    modes: tuple[str, ...]
    filings: list[FilingResult]

    def total(self, mode: str, *, relaxed: bool = False, docs: list[str] | None = None) -> PRF:
        tot = PRF()
        for f in self.filings:
            if docs is None or f.doc in docs:
                tot += (f.relaxed if relaxed else f.strict)[mode].prf
        return tot

    def spans_total(self) -> dict[str, PRF]:
        tot = {k: PRF() for k in (*LABELS, "micro")}
        for f in self.filings:
            for k, v in f.spans.items():
                tot[k] += v
        return tot

    def by(self, key: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for f in self.filings:
            out[filing_meta(f.doc).get(key, "?")].append(f.doc)
        return dict(sorted(out.items()))

    def headline(self) -> dict[str, float]:
        """Strict and relaxed record F1 of each mode, over all held-out filings and per corpus."""
        out = {}
        for label, docs in [("all", None), *self.by("corpus").items()]:
            for m in self.modes:
                out[f"{label}_{m}_strict"] = round(self.total(m, docs=docs).f1, 4)
                out[f"{label}_{m}_relaxed"] = round(self.total(m, relaxed=True, docs=docs).f1, 4)
        return out


def group_of(doc: str, grouping: str) -> str:
    meta = filing_meta(doc)
    if grouping == "layout":
        return meta.get("layout_group") or doc
    if grouping == "province":
        return meta.get("province") or "?"
    raise ValueError(f"unknown grouping {grouping!r}; one of {GROUPINGS}")


def _extract(doc: str, text: str, mode: str, tagger) -> list[Record]:
    return run(Document(name=doc, text=text), mode, tagger=tagger).records


def folds(names: list[str], grouping: str = "layout") -> list[tuple[list[int], list[int]]]:
    """(train, test) indices into ``names`` of each leave-one-group-out fold."""
    from sklearn.model_selection import LeaveOneGroupOut

    groups = [group_of(n, grouping) for n in names]
    return [(list(tr), list(te)) for tr, te in LeaveOneGroupOut().split(names, groups=groups)]


def fold_tagger(factory: Factory | None, corpus: Corpus, train: list[str], modes: tuple[str, ...]):
    """The learned parts ``modes`` need, fitted on the filings ``train`` alone: the labeler (for
    model and combined) and the value judge (for values, held out with the labeler); None where
    no mode learns anything."""
    tagger = corpus.fit(factory, train) if "combined" in modes or "model" in modes else None
    if "values" in modes:
        from types import SimpleNamespace


        tagger = tagger if tagger is not None else SimpleNamespace(judge=None, predict=lambda text: [])
        tagger.judge = fit_corpus(train, corpus.texts, corpus.records)
    return tagger


def run_cv(factory: Factory, corpus: Corpus | None = None, *, grouping: str = "layout",
           family: str = "crf", modes: tuple[str, ...] = ("values", "rules", "combined", "model"),
           progress: Callable[[str], None] | None = None) -> CVResult:
    """Leave-one-group-out over the gold filings (``grouping``: layout or province)."""
    corpus = corpus or Corpus.load_corpora()
    names = corpus.names
    groups = [group_of(n, grouping) for n in names]
    results: list[FilingResult] = []
    splits = folds(names, grouping)
    for k, (train_i, test_i) in enumerate(splits, 1):
        train = [names[i] for i in train_i]
        if progress:
            progress(f"fold {k}/{len(splits)}: {groups[test_i[0]]} held out")
        tagger = fold_tagger(factory, corpus, train, modes)
        for i in test_i:
            doc, text = names[i], corpus.texts[names[i]]
            pred = {(s.label, s.start, s.end) for s in tagger.predict(text)} if tagger else set()
            res = FilingResult(doc, groups[i], span_scores(corpus.spans[doc], pred))
            for mode in modes:
                recs = _extract(doc, text, mode, tagger)
                res.strict[mode] = match_records(corpus.records[doc], recs)
                res.relaxed[mode] = match_records(corpus.records[doc], recs, relaxed=True)
            results.append(res)
    return CVResult(grouping, family, modes, results)


def _row(label: str, res: CVResult, docs: list[str] | None) -> str:
    chosen = [f for f in res.filings if docs is None or f.doc in docs]
    first = res.modes[0]
    gold = sum(f.strict[first].prf.tp + f.strict[first].prf.fn for f in chosen)
    cells = [f"{res.total(m, docs=docs).f1:.3f} / {res.total(m, relaxed=True, docs=docs).f1:.3f}" for m in res.modes]
    return f"| {label} | {len(chosen)} | {gold} | " + " | ".join(cells) + " |"


def markdown(res: CVResult) -> str:
    """The report: headline, per layout family, per form kind, per filing, span F1 per label."""
    head = "| | filings | gold records | " + " | ".join(f"{m} strict / relaxed" for m in res.modes) + " |"
    rule = "|---|---:|---:|" + "---:|" * len(res.modes)
    lines = [f"## Grouped cross-validation: leave one {res.grouping} out ({res.family} labeler)", "",
             "Record F1, strict (indicator included) / relaxed (indicator ignored), totals over the "
             "held-out filings:", "", head, rule, _row("**all**", res, None)]
    lines += [_row(f"{k} corpus", res, docs) for k, docs in res.by("corpus").items()]
    for key, title in (("layout_family", "layout family"), ("form_kind", "form kind")):
        lines += ["", f"By {title}:", "", head, rule]
        lines += [_row(k, res, docs) for k, docs in res.by(key).items()]
    lines += ["", "Per filing:", "", head, rule]
    lines += [_row(f.doc.rsplit(".", 1)[0], res, [f.doc]) for f in res.filings]
    sp = res.spans_total()
    if "model" in res.modes or "combined" in res.modes:
        lines += ["", "Span F1 of the labeler alone (held out): " + ", ".join(f"{l} {sp[l].f1:.3f}" for l in LABELS)
                  + f", micro {sp['micro'].f1:.3f}."]
    if "values" in res.modes:
        lines += ["", "The value judge of `values` is fitted on the training groups of each fold (and on prose "
                  "re-writings of them) and held out with its group; the rules are not trained."]
    lines.append("")
    return "\n".join(lines)
