"""Model families: the tagger interface every sequence labeler implements, and the registry the
training, the evaluations, the CLI's ``--family`` and the annotation loop look families up in.

Adding a family is one module with a class implementing :class:`Tagger`, decorated with
``@register_family("name")``; the built-in families are imported on first look-up.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol, Sequence, runtime_checkable

from ..mention import Span, SpanTuple

Tokens = list[tuple[int, int]]
# the modules of the families shipped with the package (imported when a family is first asked for)
BUILTIN = {"crf": "extraction.labeling.crf", "cells": "extraction.labeling.cells",
           "spacy": "extraction.labeling.spacy_ner"}
DEFAULT_FAMILY = "cells"  # chosen by the grouped cross-validation (reports/crossval.md)


@runtime_checkable
class Tagger(Protocol):
    """A sequence labeler tagging IND / OP / VAL / UNIT over the candidate windows of a text."""

    def fit(self, texts: Sequence[str], spans: Sequence[Iterable[SpanTuple]]) -> "Tagger":
        """Train on texts and their gold spans; returns self."""

    def predict(self, text: str, skip: Sequence[tuple[int, int]] = (),
                select: Callable[[str], bool] | None = None, *, context: Any = None) -> list[Span]:
        """Spans of ``text`` with a confidence each; windows inside ``skip`` or lines ``select``
        refuses are not tagged. ``context`` is the document's structure, found once
        (:class:`extraction.structure.DocumentContext`), when the caller has it."""

    def predict_marginals(self, text: str, *, context: Any = None) -> list[tuple[Tokens, list[dict[str, float]]]]:
        """(solid tokens, per token the probability of each BIO tag) of every window."""

    def span_confidence(self, text: str, spans: Sequence[SpanTuple], *, context: Any = None) -> list[float]:
        """The model's confidence in given spans (e.g. the rules'), one number in [0, 1] each."""

    def tag_tokens(self, text: str, *, context: Any = None) -> list[tuple[Tokens, list[str]]]:
        """(solid tokens, predicted BIO tags) of every window (for confusion matrices)."""

    def save(self, path: str | Path) -> Path:
        """Write the trained model into the folder ``path``; returns the path written."""

    @classmethod
    def load(cls, path: str | Path, **params: Any) -> "Tagger":
        """A trained model from the folder ``path`` (as written by :meth:`save`)."""


_FAMILIES: dict[str, type] = {}


def register_family(name: str) -> Callable[[type], type]:
    """Class decorator: make a tagger class available as model family ``name``."""
    def add(cls: type) -> type:
        missing = [m for m in ("fit", "predict", "predict_marginals", "span_confidence", "tag_tokens",
                               "save", "load") if not callable(getattr(cls, m, None))]
        if missing:
            raise TypeError(f"model family {name!r} ({cls.__name__}) lacks {', '.join(missing)}")
        _FAMILIES[name] = cls
        cls.family = name
        return cls
    return add


def _import_builtin() -> None:
    for name, module in BUILTIN.items():
        if name not in _FAMILIES:
            importlib.import_module(module)


def families() -> tuple[str, ...]:
    """Names of the registered model families, the default first."""
    _import_builtin()
    return tuple(sorted(_FAMILIES, key=lambda n: (n != DEFAULT_FAMILY, n)))


def family(name: str) -> type:
    """The tagger class of family ``name``."""
    _import_builtin()
    if name not in _FAMILIES:
        raise ValueError(f"unknown model family {name!r}; one of {sorted(_FAMILIES)}")
    return _FAMILIES[name]


def factory(name: str, **params: Any) -> Callable[[], Tagger]:
    """A function making an untrained tagger of family ``name`` (for training and the folds)."""
    cls = family(name)
    return lambda: cls(**params)


__all__ = ["DEFAULT_FAMILY", "Tagger", "factory", "families", "family", "register_family"]
