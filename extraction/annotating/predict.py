"""Pre-annotations: the extractor's records of a filing (or the gold mentions) as mentions with
a confidence per span, and the ``model_version`` string that names where they came from."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..evaluating.gold import GoldMention, gold_dir_default, load_mentions, task_to_mentions
from ..record import Record
from ..labeling import ENV_VAR, default_tagger, model_info
from ..pipeline import MODES, run
from ..reading import read_document


def _model_meta() -> dict | None:
    """The trained sequence labeler's ``meta.json`` when a model its family can load is there, else None."""

    try:
        default_tagger()  # through the family registry; cached, and needed for the confidences anyway
    except (FileNotFoundError, OSError):
        return None
    return model_info()


def model_problem() -> str | None:
    """Why the model ``$BUDGET_INDICATORS_MODEL`` names cannot pre-annotate (None when it is unset or loads):
    a wrong path must not quietly turn the predictions into the rules'."""
    import os


    path = os.environ.get(ENV_VAR)
    if not path:
        return None
    if not (Path(path) / "meta.json").is_file():
        return (f"{ENV_VAR}={path} names no trained model (no meta.json there): unset it for the shipped model, "
                f"or point it at a folder written by `python -m extraction train --out DIR`")
    try:
        default_tagger()
    except Exception as err:  # noqa: BLE001 - any failure to load is the message
        return f"{ENV_VAR}={path}: the model there cannot be loaded: {type(err).__name__}: {err}"
    return None


def default_mode() -> str:
    """The best extractor available: ``combined`` when a trained model is there, else ``rules``."""

    if "combined" in MODES and _model_meta() is not None:
        return "combined"
    return "rules" if "rules" in MODES else MODES[0]


def gold_hash(gold_dir: str | Path | None = None) -> str:
    """Short hash of the gold tasks (``*.json`` contents, or one gold file) a model was trained and scored on."""
    h = hashlib.sha256()
    base = Path(gold_dir or gold_dir_default())
    for p in [base] if base.is_file() else sorted(base.glob("*.json")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:8]


def model_version(mode: str, records: list[Record] | None = None, gold_dir: str | Path | None = None) -> str:
    """``<mode>-<hash>``: the hash recorded by the model in ``record.extra["model_hash"]`` or, for
    the modes that use the trained model, its ``meta.json`` data hash; else the gold data's hash."""
    for r in records or []:
        if r.extra.get("model_hash"):
            return f"{mode}-{str(r.extra['model_hash'])[:8]}"
    if mode in ("model", "combined"):
        meta = _model_meta() or {}
        if meta.get("data_hash"):
            return f"{mode}-{str(meta['data_hash'])[:8]}"
    return f"{mode}-{gold_hash(gold_dir)}"


def predict(path: Path, mode: str) -> tuple[str, str, list[Record]]:
    """(file name, text, records) of one filing with the given extractor mode."""

    doc = read_document(path)
    records = run(doc, mode).records
    if mode in ("combined", "rules") and _model_meta() is not None:
        add_model_confidence(doc.text, records)
    return doc.name, doc.text, records


def add_model_confidence(text: str, records: list[Record]) -> None:
    """Give rule records the sequence labeler's confidence in each of their spans (its marginals),
    so that tasks can be ordered by uncertainty whatever extractor drew the spans."""

    todo = [r for r in records if not r.extra.get("span_scores")]
    spans = [tuple(s) for r in todo for s in r.spans]
    if not spans:
        return
    scores = iter(default_tagger().span_confidence(text, spans))
    for r in todo:
        r.extra["span_scores"] = [next(scores) for _ in r.spans]


def gold_mentions(gold_dir: str | Path) -> dict[str, list[GoldMention]]:
    """Gold mentions by filing name (for pushing the gold set itself for review)."""
    gold_dir = Path(gold_dir)
    if gold_dir.is_file():
        import json


        out: dict[str, list[GoldMention]] = {}
        for t in json.loads(gold_dir.read_text(encoding="utf-8")):
            out.setdefault(t["data"]["doc"], []).extend(task_to_mentions(t))
        return out
    return load_mentions(gold_dir)
