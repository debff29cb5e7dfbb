"""Leave-one-filing-out: train on four filings, score the fifth, for each of the five.

Works for any trainable tagger with ``fit(texts, spans)`` and ``predict(text)`` (the CRF, the
spaCy model); folds come from scikit-learn's ``LeaveOneGroupOut`` with the filing as the group.
Also the learning curve (record F1 against the number of training filings) and the robustness
probe (the held-out filing with its tabs and line breaks turned into spaces).
"""
from __future__ import annotations

import inspect
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from ..reading import Document
from ..record import Record
from .gold import filings_dir_default, load_mentions, load_records
from .scoring import LABELS, PRF, match_records, span_scores
from .corpora import select
from ..labeling.crf import bio_labels
from ..labeling.registry import factory, families
from ..pipeline import run

Factory = Callable[[], object]


@dataclass
class Corpus:
    """The gold filings: names, texts, gold spans and gold records."""

    names: list[str]
    texts: dict[str, str]
    spans: dict[str, set[tuple[str, int, int]]]
    records: dict[str, list[Record]]

    @classmethod
    def load(cls, gold_dir=None, filings=None) -> "Corpus":
        filings = Path(filings) if filings else filings_dir_default()
        mentions = load_mentions(gold_dir)
        names = sorted(mentions)
        texts = {n: (filings / n).read_text(encoding="utf-8") for n in names}
        spans = {n: {s for m in mentions[n] for s in m.spans()} for n in names}
        recs: dict[str, list[Record]] = {n: [] for n in names}
        for r in load_records(gold_dir, filings):
            recs[r.doc].append(r)
        return cls(names, texts, spans, recs)

    @classmethod
    def load_corpora(cls, which: str | list[str] | None = "all") -> "Corpus":
        """The gold of several annotated corpora (``corpora.select``) as one corpus."""

        return cls.load_sources([(c.gold, c.filings) for c in select(which)])

    @classmethod
    def load_sources(cls, sources: list[tuple]) -> "Corpus":
        """The gold of several (gold folder, filings folder) pairs as one corpus."""
        parts = [cls.load(g, f) for g, f in sources]
        names = sorted(n for p in parts for n in p.names)
        if len(set(names)) != len(names):
            raise ValueError("two corpora hold a filing of the same name")
        merged = cls(names, {}, {}, {})
        for p in parts:
            merged.texts.update(p.texts)
            merged.spans.update(p.spans)
            merged.records.update(p.records)
        return merged

    def fit(self, factory: Factory, names: Iterable[str]):
        """A tagger from ``factory`` trained on the filings ``names`` (and on their gold records,
        when its ``fit`` takes ``records=``: the cell model learns value columns from them)."""
        names = list(names)
        tagger = factory()
        extra = {}
        if "records" in inspect.signature(tagger.fit).parameters:
            extra["records"] = [self.records[n] for n in names]
        return tagger.fit([self.texts[n] for n in names], [sorted(self.spans[n]) for n in names], **extra)


@dataclass
class Fold:
    test: str
    train: list[str]
    spans: dict[str, PRF]
    records: dict[str, PRF]                      # by mode
    probe_spans: dict[str, PRF] = field(default_factory=dict)
    probe_records: PRF | None = None
    errors: dict[str, object] = field(default_factory=dict)  # mode -> RecordMatch
    tagger: object | None = field(default=None, repr=False)   # the model trained without ``test``


@dataclass
class LofoResult:
    family: str
    folds: list[Fold]

    def total_spans(self, probe: bool = False) -> dict[str, PRF]:
        tot = {k: PRF() for k in (*LABELS, "micro")}
        for f in self.folds:
            for k, v in (f.probe_spans if probe else f.spans).items():
                tot[k] += v
        return tot

    def total_records(self, mode: str) -> PRF:
        tot = PRF()
        for f in self.folds:
            tot += f.records[mode]
        return tot

    def mean_f1(self, mode: str) -> float:
        return sum(f.records[mode].f1 for f in self.folds) / len(self.folds)

    def markdown(self) -> str:
        modes = list(self.folds[0].records)
        lines = [f"### Leave-one-filing-out: {self.family}", "",
                 "Span F1 of the labeler alone (exact label, start, end), each filing scored by a model "
                 "trained on the other four:", "",
                 "| held out | " + " | ".join(LABELS) + " | micro P | micro R | micro F1 |",
                 "|---|" + "---:|" * (len(LABELS) + 3)]
        for f in self.folds:
            mi = f.spans["micro"]
            lines.append(f"| {f.test[:3]} | " + " | ".join(f"{f.spans[l].f1:.3f}" for l in LABELS)
                         + f" | {mi.precision:.3f} | {mi.recall:.3f} | {mi.f1:.3f} |")
        tot = self.total_spans()
        lines.append("| all (micro) | " + " | ".join(f"{tot[l].f1:.3f}" for l in LABELS)
                     + f" | {tot['micro'].precision:.3f} | {tot['micro'].recall:.3f} | {tot['micro'].f1:.3f} |")
        lines += ["", "Record F1 (indicator, op, value, unit, qualitative and column all equal):", "",
                  "| held out | " + " | ".join(modes) + " |", "|---|" + "---:|" * len(modes)]
        for f in self.folds:
            lines.append(f"| {f.test[:3]} | " + " | ".join(f"{f.records[m].f1:.3f}" for m in modes) + " |")
        lines.append("| mean of folds | " + " | ".join(f"{self.mean_f1(m):.3f}" for m in modes) + " |")
        lines.append("| all (micro) | " + " | ".join(f"{self.total_records(m).f1:.3f}" for m in modes) + " |")
        if self.folds[0].probe_records is not None:
            ps = self.total_spans(probe=True)
            pr = PRF()
            for f in self.folds:
                pr += f.probe_records
            lines += ["", "Robustness probe (held-out filing with tabs and line breaks replaced by spaces, "
                      "model only): span F1 " + ", ".join(f"{l} {ps[l].f1:.3f}" for l in LABELS)
                      + f", micro {ps['micro'].f1:.3f}; record F1 {pr.f1:.3f} "
                      f"(per filing: " + ", ".join(f"{f.test[:3]} {f.probe_records.f1:.3f}" for f in self.folds) + ")."]
        return "\n".join(lines) + "\n"


def strip_structure(text: str) -> str:
    """Tabs and line breaks -> spaces (same length, so gold offsets still hold)."""
    return re.sub(r"[\t\n\r]", " ", text)


def _records(corpus: Corpus, name: str, text: str, mode: str, tagger) -> list[Record]:
    return run(Document(name=name, text=text), mode, tagger=tagger).records


def run_lofo(factory: Factory, corpus: Corpus | None = None, *, family: str = "crf",
             modes: tuple[str, ...] = ("rules", "model", "combined"), probe: bool = True,
             progress: Callable[[str], None] | None = None) -> LofoResult:
    """Leave-one-filing-out over the gold filings."""
    from sklearn.model_selection import LeaveOneGroupOut

    corpus = corpus or Corpus.load()
    idx = list(range(len(corpus.names)))
    folds = []
    for train_i, test_i in LeaveOneGroupOut().split(idx, groups=corpus.names):
        test = corpus.names[test_i[0]]
        train = [corpus.names[i] for i in train_i]
        if progress:
            progress(f"training without {test}")
        tagger = corpus.fit(factory, train)
        text = corpus.texts[test]
        pred_spans = {(s.label, s.start, s.end) for s in tagger.predict(text)}
        fold = Fold(test, train, span_scores(corpus.spans[test], pred_spans), {}, tagger=tagger)
        for mode in modes:
            m = match_records(corpus.records[test], _records(corpus, test, text, mode, tagger))
            fold.records[mode] = m.prf
            fold.errors[mode] = m
        if probe:
            flat_text = strip_structure(text)
            fold.probe_spans = span_scores(corpus.spans[test], {(s.label, s.start, s.end) for s in tagger.predict(flat_text)})
            fold.probe_records = match_records(corpus.records[test],
                                               _records(corpus, test, flat_text, "model", tagger)).prf
        folds.append(fold)
    return LofoResult(family, folds)


def learning_curve(factory: Factory, corpus: Corpus | None = None, *, mode: str = "model",
                   max_subsets: int = 2, progress: Callable[[str], None] | None = None) -> dict[int, float]:
    """Mean record F1 on each held-out filing against the number of training filings (1..n-1);
    at most ``max_subsets`` training subsets per size and held-out filing (the first in order)."""
    corpus = corpus or Corpus.load()
    out: dict[int, float] = {}
    for k in range(1, len(corpus.names)):
        scores = []
        for test in corpus.names:
            others = [n for n in corpus.names if n != test]
            for train in list(itertools.combinations(others, k))[:max_subsets]:
                if progress:
                    progress(f"{k} training filings, held out {test[:3]}")
                tagger = corpus.fit(factory, train)
                recs = _records(corpus, test, corpus.texts[test], mode, tagger)
                scores.append(match_records(corpus.records[test], recs).prf.f1)
        out[k] = sum(scores) / len(scores)
    return out


def token_confusion(tagger, text: str, spans: Iterable[tuple[str, int, int]]) -> dict[tuple[str, str], int]:
    """Counts of (gold label, predicted label) over the tokens the CRF tags (B-/I- dropped, O kept)."""

    spans = list(spans)
    counts: dict[tuple[str, str], int] = {}
    for toks, tags in tagger.tag_tokens(text):
        gold = bio_labels(toks, [s for s in spans if s[1] >= toks[0][0] and s[2] <= toks[-1][1]])
        for g, p in zip(gold, tags):
            key = (g.split("-")[-1], p.split("-")[-1])
            counts[key] = counts.get(key, 0) + 1
    return counts


def _families() -> dict[str, Factory]:
    """Every registered model family's factory (``labeling.registry``)."""

    return {name: factory(name) for name in families()}


def lofo_report(families: Iterable[str] = ("crf",), *, curve: bool = False, corpus: Corpus | None = None,
                progress: Callable[[str], None] | None = None) -> tuple[str, dict[str, LofoResult]]:
    """Markdown of leave-one-filing-out for each model family (and the learning curve of the first)."""
    corpus = corpus or Corpus.load()
    known = _families()
    results: dict[str, LofoResult] = {}
    parts = ["# Leave-one-filing-out evaluation", "",
             "Reproduce with `python -m extraction evaluate --lofo "
             + " ".join(f"--family {f}" for f in families) + (" --learning-curve" if curve else "") + "`.", ""]
    for fam in families:
        if fam not in known:
            raise ValueError(f"unknown model family {fam!r}; one of {sorted(known)}")
        res = run_lofo(known[fam], corpus, family=fam, probe=True,
                       progress=(lambda m, fam=fam: progress(f"{fam}: {m}")) if progress else None)
        results[fam] = res
        parts.append(res.markdown())
    if len(results) > 1:
        parts += ["### Families compared (all folds, micro)", "", "| family | span micro F1 | IND F1 | model-only record F1 (mean of folds) |",
                  "|---|---:|---:|---:|"]
        for fam, res in results.items():
            t = res.total_spans()
            parts.append(f"| {fam} | {t['micro'].f1:.3f} | {t['IND'].f1:.3f} | {res.mean_f1('model'):.3f} |")
        parts.append("")
    if curve:
        fam = next(iter(families))
        lc = learning_curve(known[fam], corpus, progress=progress)
        parts += [f"### Learning curve ({fam}, model only)", "",
                  "Mean record F1 on a held-out filing against the number of training filings "
                  "(at most two training subsets per size and held-out filing):", "",
                  "| training filings | record F1 |", "|---:|---:|"]
        parts += [f"| {k} | {v:.3f} |" for k, v in lc.items()]
        parts.append("")
    return "\n".join(parts), results
