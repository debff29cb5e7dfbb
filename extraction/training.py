"""Train the shipped model on the whole gold set and save it with what reproduces it.

The gold is validated and its size checked before any fitting; the model is trained into a new
folder beside the target and swapped in only when everything (the fit, the leave-one-filing-out
scores, ``meta.json``) is written, so a failure leaves the model in place as it was."""
from __future__ import annotations

import hashlib
import json
import platform
import time
from pathlib import Path
from typing import Callable

from .labeling.judge import CALIBRATION_FILE
from .labeling.registry import DEFAULT_FAMILY, family
from .evaluating.corpora import gold_sources
from .evaluating.gold import load_mentions, load_tasks, task_to_mentions
from .evaluating.judging import fit_corpus
from .evaluating.lofo import Corpus, run_lofo
from .evaluating.validate import validate
from .labeling.judge import FILE as JUDGE_FILE
from .output import write_json
from .project import project_root

TRAIN_COMMAND = "python -m extraction train"
# meta.json's "family": the registered name first (the loader reads that word), then what it is
FAMILY_NOTES = {"crf": "crf (sklearn-crfsuite, L-BFGS, BIO over IND/OP/VAL/UNIT)",
                "cells": "cells (sklearn-crfsuite over the reader's cells: name / value / operator / unit / "
                         "statement roles; the crf family inside statements)",
                "spacy": "spacy (transition-based ner, trained from scratch)"}
# below this the leave-one-filing-out scores mean nothing: one filing to hold out, one to learn from
MIN_FILINGS = 2
MIN_MENTIONS = 30


class TrainingError(Exception):
    """Gold that cannot train a model (invalid or too small); the message says which and why."""


class UpToDate(Exception):
    """The model was trained on exactly this gold with these settings: retraining changes nothing."""


def _shown(path: Path) -> str:
    """A folder as ``meta.json`` records it: relative to the project root when inside it, so the
    file does not change with the machine that trained."""

    try:
        return str(Path(path).resolve().relative_to(project_root().resolve()))
    except ValueError:
        return str(path)


def code_hash() -> str:
    """sha256 (first 16 hex digits) of the code and language data a model is trained by: the
    package's .py files and resources (not the models)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root)
        if p.is_file() and rel.parts[0] != "models" and "__pycache__" not in rel.parts and p.suffix != ".pyc":
            h.update(str(rel).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def up_to_date(out_dir: str | Path, family_name: str, params: dict, gold_dir=None, filings=None) -> str | None:
    """The data hash when the model in ``out_dir`` was trained on this gold with this family,
    these parameters and this code (so a retrain would give the same model), else None."""
    meta_path = Path(out_dir) / "meta.json"
    if not meta_path.is_file():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except ValueError:
        return None
    h = data_hash(gold_dir, filings)
    same = (meta.get("data_hash") == h and meta.get("code_hash") == code_hash()
            and str(meta.get("family", "")).split()[:1] == [family_name]
            and meta.get("params") == {**family(family_name)().get_params(), **(params or {})})
    return h if same else None


def check_gold(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> dict:
    """What the model is trained on (folders, files, filings, mentions) after validating the gold
    and checking its size; raises :class:`TrainingError` otherwise. By default every annotated
    corpus (the samples and the dev corpus)."""

    sources = gold_sources(gold_dir, filings)
    files: list[str] = []
    docs: set[str] = set()
    mentions = 0
    for g, f in sources:
        found = sorted(p.name for p in g.glob("*.json")) if g.is_dir() else []
        if not found:
            raise TrainingError(f"{g}: no gold files (*.json) to train on")
        try:
            tasks = load_tasks(g)
        except ValueError as err:
            raise TrainingError(f"{g}: a gold file is not valid JSON: {err}") from None
        problems = validate(tasks, f)
        if problems:
            more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
            raise TrainingError(f"{g}: the gold has {len(problems)} problems, nothing trained: "
                                + "; ".join(problems[:5]) + more + " (python -m extraction gold validate --gold DIR)")
        files += found if len(sources) == 1 else [f"{g.name}/{n}" for n in found]
        docs |= {t["data"]["doc"] for t in tasks}
        mentions += sum(len(task_to_mentions(t)) for t in tasks)
    where = ", ".join(_shown(g) for g, _ in sources)
    if len(docs) < MIN_FILINGS or mentions < MIN_MENTIONS:
        raise TrainingError(f"{where}: {len(docs)} filings with {mentions} mentions are too few to train and score a "
                            f"model (at least {MIN_FILINGS} filings and {MIN_MENTIONS} mentions); nothing trained")
    return {"dir": where, "files": files, "filings": ", ".join(_shown(f) for _, f in sources),
            "docs": sorted(docs), "mentions": mentions}


def data_hash(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> str:
    """sha256 (first 16 hex digits) of the gold tasks and the filings they annotate."""

    h = hashlib.sha256()
    for g, f in gold_sources(gold_dir, filings):
        for p in sorted(g.glob("*.json")):
            h.update(p.name.encode() + b"\0" + p.read_bytes())
        for name in sorted(load_mentions(g)):
            h.update(name.encode() + b"\0" + (f / name).read_bytes())
    return h.hexdigest()[:16]


def train(out_dir: str | Path, *, params: dict | None = None, gold_dir=None, filings=None,
          lofo: bool = True, progress: Callable[[str], None] | None = None,
          family_name: str = DEFAULT_FAMILY, force: bool = False, checked: dict | None = None) -> dict:
    """Validate the gold, fit a model family (the CRF by default) on every gold filing and swap its
    model and ``meta.json`` into ``out_dir`` together; raises :class:`TrainingError` before any
    work on bad gold, and :class:`UpToDate` (unless ``force``) when the model there was trained on
    this very gold with these settings. ``checked``: what :func:`check_gold` already said of this
    gold (it is not validated a second time)."""
    import shutil
    import tempfile


    gold = checked or check_gold(gold_dir, filings)
    if not force and (h := up_to_date(out_dir, family_name, params or {}, gold_dir, filings)):
        raise UpToDate(f"{out_dir} was trained on this gold (data hash {h}, {gold['mentions']} mentions in "
                       f"{len(gold['docs'])} filings) with this code and these settings: retraining would change "
                       "nothing (--force trains anyway)")
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.training-", dir=out.parent))
    work.chmod(0o755)  # mkdtemp's 0700 would become the model folder's mode
    try:
        meta = _fit(work, params, gold_dir, filings, lofo, progress, family_name)
        meta["gold"] = {k: gold[k] for k in ("dir", "files", "filings", "mentions")}
        write_json(work / "meta.json", meta)
        # the confidence calibration is fitted by the cross-validation, not by training: kept
        kept = out / CALIBRATION_FILE
        if kept.exists() and not (work / CALIBRATION_FILE).exists():
            shutil.copy2(kept, work / CALIBRATION_FILE)
        _swap(work, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return meta


def _swap(new: Path, out: Path) -> None:
    """Put the folder ``new`` in the place of ``out``: two renames, the old folder removed after."""
    import os
    import shutil

    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{os.getpid()}")
        os.replace(out, old)
    os.replace(new, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _fit(out: Path, params, gold_dir, filings, lofo, progress, family_name: str) -> dict:
    cls = family(family_name)
    params = {**cls().get_params(), **(params or {})}

    corpus = Corpus.load_sources(gold_sources(gold_dir, filings))
    t0 = time.perf_counter()
    tagger = corpus.fit(lambda: cls(**params), corpus.names)
    seconds = time.perf_counter() - t0
    tagger.save(out)
    # the value judge of the default extractor (labeling.judge), fitted on the same gold

    fit_corpus(corpus.names, corpus.texts, corpus.records).save(out)
    meta = {
        "family": FAMILY_NOTES.get(family_name, family_name),
        "params": params,
        "command": TRAIN_COMMAND,
        "data_hash": data_hash(gold_dir, filings),
        "code_hash": code_hash(),
        "trained_on": corpus.names,
        "gold_spans": sum(len(s) for s in corpus.spans.values()),
        "spans_outside_windows": getattr(tagger, "dropped_spans", None),
        "train_seconds": round(seconds, 1),
        "judge": f"{JUDGE_FILE}: the value judge of the default extractor (multinomial logistic regression, "
                 "scikit-learn, over the candidates outside the tables)",
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
    return meta
