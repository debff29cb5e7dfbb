"""The sequence labeler: candidate windows, token features, a CRF tagging IND / OP / VAL / UNIT.

``default_tagger()`` loads the shipped model (``models/crf/``, rebuilt by
``python -m extraction train``); ``BUDGET_INDICATORS_MODEL`` points elsewhere.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from .crf import CRFTagger, ScoredSpan, bio_labels, spans_from_tags

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "crf"


def model_dir() -> Path:
    return Path(os.environ.get("BUDGET_INDICATORS_MODEL", MODEL_DIR))


def model_info(path: Path | None = None) -> dict:
    """The model's ``meta.json`` (config, training command, data hash, scores)."""
    path = path or model_dir()
    meta = path / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


@lru_cache(maxsize=4)
def _load(path: str) -> CRFTagger:
    info = model_info(Path(path))
    return CRFTagger.load(Path(path) / "model.crfsuite", **info.get("params", {}))


def default_tagger() -> CRFTagger:
    """The trained model, loaded once per process."""
    return _load(str(model_dir()))


__all__ = ["CRFTagger", "ScoredSpan", "bio_labels", "spans_from_tags", "default_tagger", "model_info", "model_dir"]
