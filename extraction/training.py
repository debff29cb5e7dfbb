"""Train the shipped model on the whole gold set and save it with what reproduces it."""
from __future__ import annotations

import hashlib
import json
import platform
import time
from pathlib import Path
from typing import Callable

from .labeling.registry import DEFAULT_FAMILY, family

TRAIN_COMMAND = "python -m extraction train"
# meta.json's "family": the registered name first (the loader reads that word), then what it is
FAMILY_NOTES = {"crf": "crf (sklearn-crfsuite, L-BFGS, BIO over IND/OP/VAL/UNIT)",
                "spacy": "spacy (transition-based ner, trained from scratch)"}


def data_hash(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> str:
    """sha256 (first 16 hex digits) of the gold tasks and the filings they annotate."""
    from .evaluating.gold import filings_dir_default, gold_dir_default, load_mentions

    gold_dir = Path(gold_dir) if gold_dir else gold_dir_default()
    filings = Path(filings) if filings else filings_dir_default()
    h = hashlib.sha256()
    for p in sorted(gold_dir.glob("*.json")):
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    for name in sorted(load_mentions(gold_dir)):
        h.update(name.encode() + b"\0" + (filings / name).read_bytes())
    return h.hexdigest()[:16]


def train(out_dir: str | Path, *, params: dict | None = None, gold_dir=None, filings=None,
          lofo: bool = True, progress: Callable[[str], None] | None = None,
          family_name: str = DEFAULT_FAMILY) -> dict:
    """Fit a model family (the CRF by default) on every gold filing, write its model and
    ``meta.json`` (atomically) into ``out_dir``."""
    from .evaluating.lofo import Corpus, run_lofo
    from .output import write_json

    cls = family(family_name)
    params = {**cls().get_params(), **(params or {})}
    corpus = Corpus.load(gold_dir, filings)
    t0 = time.perf_counter()
    tagger = corpus.fit(lambda: cls(**params), corpus.names)
    seconds = time.perf_counter() - t0
    out = Path(out_dir)
    tagger.save(out)
    meta = {
        "family": FAMILY_NOTES.get(family_name, family_name),
        "params": params,
        "command": TRAIN_COMMAND,
        "data_hash": data_hash(gold_dir, filings),
        "trained_on": corpus.names,
        "gold_spans": sum(len(s) for s in corpus.spans.values()),
        "spans_outside_windows": getattr(tagger, "dropped_spans", None),
        "train_seconds": round(seconds, 1),
        "python": platform.python_version(),
    }
    if lofo:
        res = run_lofo(lambda: cls(**params), corpus, family=family_name, progress=progress)
        spans = res.total_spans()
        meta["lofo"] = {
            "span_f1": {k: round(v.f1, 4) for k, v in spans.items()},
            "record_f1_mean_of_folds": {m: round(res.mean_f1(m), 4) for m in res.folds[0].records},
            "record_f1_per_fold": {f.test: {m: round(p.f1, 4) for m, p in f.records.items()} for f in res.folds},
        }
    write_json(out / "meta.json", meta)
    return meta
