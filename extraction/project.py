"""Where the project's data lives when the code runs from a checkout: the annotated filings, the
gold, the notebooks. An installed package has no checkout: ``BUDGET_INDICATORS_ROOT`` (or the
``root`` argument) names the folder holding ``annotations/``; the default is the checkout this
code was loaded from. (The trained model is package data: ``labeling.model_dir``.)"""
from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "BUDGET_INDICATORS_ROOT"
_CHECKOUT = Path(__file__).resolve().parent.parent  # the folder holding extraction/ in a checkout


def project_root(root: str | Path | None = None) -> Path:
    """``root`` if given, else ``$BUDGET_INDICATORS_ROOT``, else the checkout."""
    return Path(root or os.environ.get(ENV_VAR) or _CHECKOUT)


def annotations_dir(root: str | Path | None = None) -> Path:
    """The project's ``annotations/`` folder (filings, authoring files, gold, labeling config)."""
    return project_root(root) / "annotations"
