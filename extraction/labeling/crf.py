"""The sequence labeler: a linear-chain CRF (sklearn-crfsuite) over the tokens of candidate
windows, BIO tags over IND / OP / VAL / UNIT."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..mention import LABELS, SpanTuple
from ..mention import Span as ScoredSpan  # the shared span type (the old name is kept for callers)
from .features import Headers, sequence_features, solid_tokens, window_features
from .registry import register_family
from .windows import Window, windows
from ..output import atomic_path

Span = SpanTuple
MODEL_FILE = "model.crfsuite"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` as CRFsuite can take it (it encodes every feature as UTF-8): a lone surrogate,
    possible in a str passed to extract() though never in a decoded file, becomes U+FFFD, one
    character for one, so offsets hold."""
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


def bio_labels(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """BIO tags of ``tokens`` for ``spans``; a span is widened to the tokens it touches."""
    tags = ["O"] * len(tokens)
    for label, s, e in sorted(spans, key=lambda x: (x[1], -x[2])):
        idx = [i for i, (a, b) in enumerate(tokens) if a < e and b > s]
        if not idx or any(tags[i] != "O" for i in idx):
            continue
        tags[idx[0]] = f"B-{label}"
        for i in idx[1:]:
            tags[i] = f"I-{label}"
    return tags


def spans_from_tags(tokens: Sequence[tuple[int, int]], tags: Sequence[str],
                    probs: Sequence[float] | None = None) -> list[ScoredSpan]:
    """Spans from BIO tags (an I- without its B- opens a span); trailing white space is cut."""
    out: list[ScoredSpan] = []
    cur: list[int] = []
    label = None

    def close():
        if label is None or not cur:
            return
        score = sum(probs[i] for i in cur) / len(cur) if probs else 1.0
        out.append(ScoredSpan(label, tokens[cur[0]][0], tokens[cur[-1]][1], round(score, 4)))

    for i, tag in enumerate(tags):
        kind, _, lab = tag.partition("-")
        if kind == "B" or (kind == "I" and lab != label):
            close()
            cur, label = [i], lab
        elif kind == "I":
            cur.append(i)
        else:
            close()
            cur, label = [], None
    close()
    return out


class _Loaded:
    """What prediction needs of a trained ``sklearn_crfsuite.CRF``: its ``tagger_``."""

    def __init__(self, path: str):
        import pycrfsuite

        self.tagger_ = pycrfsuite.Tagger()
        self.tagger_.open(path)


@register_family("crf")
class CRFTagger:
    """``fit(texts, spans)`` / ``predict(text)``: a small estimator in the sklearn-crfsuite style."""

    def __init__(self, *, c1: float = 0.1, c2: float = 0.5, max_iterations: int = 150,
                 before: int = 6, after: int = 1, flat_copies: bool = False):
        self.c1, self.c2, self.max_iterations = c1, c2, max_iterations
        self.flat_copies = flat_copies  # also train on each text with its tabs and line breaks made spaces
        self.before, self.after = before, after
        self._crf = None
        self.dropped_spans = 0  # gold spans outside every candidate window (never learnable)

    def get_params(self) -> dict[str, object]:
        return {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                "before": self.before, "after": self.after, "flat_copies": self.flat_copies}

    def _windows(self, text: str, select: Callable[[str], bool] | None = None) -> list[Window]:
        return windows(text, before=self.before, after=self.after, select=select)

    def sequences(self, text: str, spans: Iterable[Span]) -> tuple[list, list]:
        """Features and BIO tags of every window of ``text`` (training data)."""
        spans = list(spans)
        X, y, covered = [], [], set()
        headers = Headers.of(text)
        for w in self._windows(text):
            inside = [s for s in spans if s[1] >= w.start and s[2] <= w.end]
            covered.update(inside)
            solid = [w.tokens[i] for i in solid_tokens(text, w.tokens)]
            if not solid:
                continue
            X.append(sequence_features(text, w.tokens, headers))
            y.append(bio_labels(solid, inside))
        self.dropped_spans += len(set(spans) - covered)
        return X, y

    def fit(self, texts: Sequence[str], spans: Sequence[Iterable[Span]]) -> "CRFTagger":
        import sklearn_crfsuite

        X, y = [], []
        self.dropped_spans = 0
        for text, sp in zip(texts, spans):
            sp = list(sp)
            variants = [text] + ([re.sub(r"[\t\r\n]", " ", text)] if self.flat_copies else [])
            for variant in variants:
                xs, ys = self.sequences(variant, sp)
                X += xs
                y += ys
        # no model_filename: sklearn-crfsuite keeps the model in a temp file it deletes with
        # the estimator, so leave-one-filing-out runs leave nothing behind
        self._crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                         max_iterations=self.max_iterations, all_possible_transitions=True)
        self._crf.fit(X, y)
        self._path = self._crf.modelfile.name
        return self

    @property
    def fitted(self) -> bool:
        return self._crf is not None

    def predict(self, text: str, skip: Sequence[tuple[int, int]] = (),
                select: Callable[[str], bool] | None = None, *, context: Any = None) -> list[ScoredSpan]:
        """Spans of ``text`` with a confidence each; windows lying inside a ``skip`` region (text
        the rules already read) are not tagged, nor lines ``select`` refuses (and their context)."""
        if self._crf is None:
            raise RuntimeError("the tagger is not trained: call fit() or CRFTagger.load()")
        tagger = self._crf.tagger_
        out: list[ScoredSpan] = []
        headers = Headers.of(text, context)
        for w in self._windows(text, select):
            if any(a <= w.start and w.end <= b for a, b in skip):
                continue
            solid, feats = window_features(text, w.tokens, headers)
            if not solid:
                continue
            tagger.set(feats)
            tags = tagger.tag()
            # confidences only where a span is (most tokens are O)
            probs = [tagger.marginal(t, i) if t != "O" else 1.0 for i, t in enumerate(tags)]
            out.extend(spans_from_tags(solid, tags, probs))
        return out

    def predict_marginals(self, text: str, *, context: Any = None
                          ) -> list[tuple[list[tuple[int, int]], list[dict[str, float]]]]:
        """(solid tokens, per token the marginal probability of each BIO tag) of every window."""
        tagger = self._crf.tagger_
        labels = tagger.labels()
        headers = Headers.of(text, context)
        out = []
        for w in self._windows(text):
            solid, feats = window_features(text, w.tokens, headers)
            if solid:
                tagger.set(feats)
                out.append((solid, [{t: tagger.marginal(t, i) for t in labels} for i in range(len(solid))]))
        return out

    def span_confidence(self, text: str, spans: Sequence[Span], *, context: Any = None) -> list[float]:
        """The model's confidence in spans it did not necessarily predict (the rules' spans): per
        span, the mean over its tokens of the marginal probability of its label (B- or I-)."""
        tagger = self._crf.tagger_
        labels = set(tagger.labels())
        headers = Headers.of(text, context)
        out = [0.0] * len(spans)
        pending = set(range(len(spans)))
        for w in self._windows(text):
            inside = [i for i in pending if spans[i][1] >= w.start and spans[i][2] <= w.end]
            if not inside:
                continue
            solid = [w.tokens[i] for i in solid_tokens(text, w.tokens)]
            if not solid:
                continue
            tagger.set(sequence_features(text, w.tokens, headers))
            for i in inside:
                label, s, e = spans[i]
                idx = [k for k, (a, b) in enumerate(solid) if a < e and b > s]
                probs = [sum(tagger.marginal(t, k) for t in (f"B-{label}", f"I-{label}") if t in labels)
                         for k in idx]
                out[i] = round(sum(probs) / len(probs), 4) if probs else 0.0
                pending.discard(i)
        return out

    def tag_tokens(self, text: str, *, context: Any = None) -> list[tuple[list[tuple[int, int]], list[str]]]:
        """(solid tokens, predicted BIO tags) of each window (for confusion matrices)."""
        tagger = self._crf.tagger_
        headers = Headers.of(text, context)
        out = []
        for w in self._windows(text):
            solid = [w.tokens[i] for i in solid_tokens(text, w.tokens)]
            if solid:
                tagger.set(sequence_features(text, w.tokens, headers))
                out.append((solid, tagger.tag()))
        return out

    def save(self, path: str | Path) -> Path:
        """Write the crfsuite model file (atomically) into the folder ``path``, or to ``path``
        itself when it names a ``.crfsuite`` file."""

        path = _model_file(path)
        with atomic_path(path) as tmp:
            shutil.copyfile(self._path, tmp)
        return path

    @classmethod
    def load(cls, path: str | Path, **params) -> "CRFTagger":
        """A trained model from its folder or its crfsuite file (read with python-crfsuite alone:
        loading needs neither scikit-learn nor SciPy, which keeps the cold start short)."""
        path = _model_file(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no CRF model file (train one: python -m extraction train)")
        self = cls(**params)
        self._crf = _Loaded(str(path))
        self._path = str(path)
        return self


def _model_file(path: str | Path) -> Path:
    """The crfsuite file of a model folder (a path ending in ``.crfsuite`` is the file itself)."""
    path = Path(path)
    return path if path.suffix == ".crfsuite" else path / MODEL_FILE
