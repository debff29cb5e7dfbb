"""The sequence labeler: candidate windows, token features, model families tagging IND / OP / VAL / UNIT.

``default_tagger()`` loads the shipped model: the package data folder ``extraction/models/crf``
(rebuilt by ``python -m extraction train``), or the folder ``BUDGET_INDICATORS_MODEL`` names, or
the one passed. Its ``meta.json`` says which family (``registry``) reads it.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path

from ..mention import Span as ScoredSpan
from .crf import CRFTagger, bio_labels, spans_from_tags
from .registry import DEFAULT_FAMILY, Tagger, factory, families, family, register_family

ENV_VAR = "BUDGET_INDICATORS_MODEL"
# the shipped model is package data, so an installed package finds it as well as a checkout
MODEL_DIR = Path(str(_res.files("extraction").joinpath("models", "crf")))


def model_dir(path: str | Path | None = None) -> Path:
    """The model folder: ``path`` if given, else ``$BUDGET_INDICATORS_MODEL``, else the shipped one."""
    return Path(path or os.environ.get(ENV_VAR) or MODEL_DIR)


def model_info(path: Path | None = None) -> dict:
    """The model's ``meta.json`` (family, config, training command, data hash, scores)."""
    path = model_dir(path)
    meta = path / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


def family_of(info: dict) -> str:
    """The registered family a model's ``meta.json`` names (its first word: "crf (sklearn-crfsuite ...)")."""
    words = str(info.get("family") or DEFAULT_FAMILY).split()
    return words[0] if words else DEFAULT_FAMILY


@lru_cache(maxsize=4)
def _load(path: str) -> Tagger:
    info = model_info(Path(path))
    return family(family_of(info)).load(Path(path), **info.get("params", {}))


def default_tagger(path: str | Path | None = None) -> Tagger:
    """The trained model (of :func:`model_dir`), loaded once per process."""
    return _load(str(model_dir(path)))


__all__ = ["CRFTagger", "ScoredSpan", "Tagger", "bio_labels", "spans_from_tags", "default_tagger", "model_info",
           "model_dir", "families", "family", "factory", "register_family", "family_of"]
