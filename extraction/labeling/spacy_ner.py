"""The second model family: spaCy's transition-based ``ner`` over the same candidate windows and
the same tokenizer as the CRF, trained from scratch on CPU (no pretrained vectors, nothing
downloaded). Same ``fit(texts, spans)`` / ``predict(text)`` surface as :class:`CRFTagger`."""
from __future__ import annotations

import random
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..mention import Span, SpanTuple
from .registry import register_family
from .windows import windows
from ..tokenizing import DomainTokenizer

TAGS = ("O",) + tuple(f"{p}-{label}" for label in ("IND", "OP", "VAL", "UNIT") for p in "BI")


def _chunks(text: str, start: int, end: int, spans=(), lines: int = 12) -> list[tuple[int, int]]:
    """Cut [start, end) at line breaks into pieces of about ``lines`` lines, never inside a span
    (the transition-based parser learns from many short examples, not four long ones)."""
    inside = set()
    for _, s, e in spans:
        inside.update(range(s, e))
    out, a, count = [], start, 0
    pos = text.find("\n", start, end)
    while pos != -1:
        count += 1
        if count >= lines and pos not in inside:
            out.append((a, pos + 1))
            a, count = pos + 1, 0
        pos = text.find("\n", pos + 1, end)
    if a < end:
        out.append((a, end))
    return out


@register_family("spacy")
class SpacyTagger:
    """spaCy ``ner`` trained on the candidate windows of the gold filings.

    The transition-based parser gives no marginals: its confidences are its decisions (1 for the
    tag it chose, 0 for the others), so the span confidence is the share of a span's tokens it
    tagged with the span's label.
    """

    def __init__(self, *, epochs: int = 12, dropout: float = 0.2, seed: int = 0,
                 before: int = 6, after: int = 1):
        self.epochs, self.dropout, self.seed = epochs, dropout, seed
        self.before, self.after = before, after
        self.nlp = None

    def _nlp(self):
        import spacy


        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        nlp.tokenizer = DomainTokenizer(nlp.vocab)
        nlp.add_pipe("ner")
        return nlp

    def _examples(self, nlp, text: str, spans: Iterable[SpanTuple]):
        from spacy.training import Example

        spans = sorted(spans, key=lambda s: (s[1], s[2]))
        out = []
        pieces = [c for w in windows(text, before=self.before, after=self.after)
                  for c in _chunks(text, w.start, w.end, spans)]
        for a, b in pieces:
            doc = nlp.make_doc(text[a:b])
            ents, last = [], -1
            for label, s, e in spans:
                if s >= a and e <= b:
                    span = doc.char_span(s - a, e - a, label=label, alignment_mode="expand")
                    if span is not None and span.start >= last:
                        ents.append((span.start_char, span.end_char, label))
                        last = span.end
            out.append(Example.from_dict(doc, {"entities": ents}))
        return out

    def fit(self, texts: Sequence[str], spans: Sequence[Iterable[SpanTuple]]) -> "SpacyTagger":
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(self.seed)
        nlp = self._nlp()
        examples = [ex for t, sp in zip(texts, spans) for ex in self._examples(nlp, t, sp)]
        optimizer = nlp.initialize(lambda: examples)
        rng = random.Random(self.seed)
        for _ in range(self.epochs):
            rng.shuffle(examples)
            for batch in minibatch(examples, size=16):
                nlp.update(batch, drop=self.dropout, sgd=optimizer)
        self.nlp = nlp
        return self

    def _docs(self, text: str, skip: Sequence[tuple[int, int]] = (),
              select: Callable[[str], bool] | None = None):
        """(offset, parsed doc) of each piece of each candidate window."""
        if self.nlp is None:
            raise RuntimeError("the spaCy tagger is not trained: call fit() or SpacyTagger.load()")
        pieces = [c for w in windows(text, before=self.before, after=self.after, select=select)
                  if not any(a <= w.start and w.end <= b for a, b in skip)
                  for c in _chunks(text, w.start, w.end)]
        return [(a, doc) for (a, _), doc in zip(pieces, self.nlp.pipe(text[a:b] for a, b in pieces))]

    def predict(self, text: str, skip: Sequence[tuple[int, int]] = (),
                select: Callable[[str], bool] | None = None, *, context: Any = None) -> list[Span]:
        out = []
        for a, doc in self._docs(text, skip, select):
            for ent in doc.ents:
                out.append(Span(ent.label_, a + ent.start_char, a + ent.end_char))
        return out

    def tag_tokens(self, text: str, *, context: Any = None) -> list[tuple[list[tuple[int, int]], list[str]]]:
        """(tokens other than white space, predicted BIO tags) of each window piece."""
        out = []
        for a, doc in self._docs(text):
            toks = [t for t in doc if not t.is_space]
            if toks:
                out.append(([(a + t.idx, a + t.idx + len(t.text)) for t in toks],
                            [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_iob_ in ("B", "I") else "O" for t in toks]))
        return out

    def predict_marginals(self, text: str, *, context: Any = None
                          ) -> list[tuple[list[tuple[int, int]], list[dict[str, float]]]]:
        """The predicted tags as probabilities (1 for the chosen tag): see the class docstring."""
        return [(toks, [{t: float(t == tag) for t in TAGS} for tag in tags]) for toks, tags in self.tag_tokens(text)]

    def span_confidence(self, text: str, spans: Sequence[SpanTuple], *, context: Any = None) -> list[float]:
        """Per span, the share of its tokens tagged with its label (B- or I-)."""
        tagged = [(s, e, tag.partition("-")[2]) for toks, tags in self.tag_tokens(text)
                  for (s, e), tag in zip(toks, tags)]
        out = []
        for label, s, e in spans:
            hits = [lab == label for a, b, lab in tagged if a < e and b > s]
            out.append(round(sum(hits) / len(hits), 4) if hits else 0.0)
        return out

    def get_params(self) -> dict[str, object]:
        return {"epochs": self.epochs, "dropout": self.dropout, "seed": self.seed,
                "before": self.before, "after": self.after}

    def save(self, path: str | Path) -> Path:
        """Write the trained pipeline (without its tokenizer, which is rebuilt) into the folder ``path``."""
        import shutil
        import tempfile

        if self.nlp is None:
            raise RuntimeError("the spaCy tagger is not trained")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # written beside the target and moved in: a reader never sees half a model
        tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
        self.nlp.to_disk(tmp / "spacy", exclude=["tokenizer"])
        if (path / "spacy").exists():
            shutil.rmtree(path / "spacy")
        path.mkdir(exist_ok=True)
        (tmp / "spacy").rename(path / "spacy")
        tmp.rmdir()
        return path

    @classmethod
    def load(cls, path: str | Path, **params: Any) -> "SpacyTagger":
        """A trained model from the folder written by :meth:`save`."""
        folder = Path(path) / "spacy"
        if not folder.is_dir():
            raise FileNotFoundError(f"{path}: no spaCy model folder (train one with the spacy family)")
        self = cls(**params)
        self.nlp = self._nlp().from_disk(folder, exclude=["tokenizer"])
        return self
