"""The second model family: spaCy's transition-based ``ner`` over the same candidate windows and
the same tokenizer as the CRF, trained from scratch on CPU (no pretrained vectors, nothing
downloaded). Same ``fit(texts, spans)`` / ``predict(text)`` surface as :class:`CRFTagger`."""
from __future__ import annotations

import random
from typing import Callable, Iterable, Sequence

from .crf import ScoredSpan, Span
from .windows import windows


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


class SpacyTagger:
    """spaCy ``ner`` trained on the candidate windows of the gold filings."""

    def __init__(self, *, epochs: int = 12, dropout: float = 0.2, seed: int = 0,
                 before: int = 6, after: int = 1):
        self.epochs, self.dropout, self.seed = epochs, dropout, seed
        self.before, self.after = before, after
        self.nlp = None

    def _nlp(self):
        import spacy

        from ..tokenizing import DomainTokenizer

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        nlp.tokenizer = DomainTokenizer(nlp.vocab)
        nlp.add_pipe("ner")
        return nlp

    def _examples(self, nlp, text: str, spans: Iterable[Span]):
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

    def fit(self, texts: Sequence[str], spans: Sequence[Iterable[Span]]) -> "SpacyTagger":
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

    def predict(self, text: str, skip: Sequence[tuple[int, int]] = (),
                select: Callable[[str], bool] | None = None) -> list[ScoredSpan]:
        if self.nlp is None:
            raise RuntimeError("the spaCy tagger is not trained")
        out = []
        pieces = [c for w in windows(text, before=self.before, after=self.after, select=select)
                  if not any(a <= w.start and w.end <= b for a, b in skip)
                  for c in _chunks(text, w.start, w.end)]
        for (a, _), doc in zip(pieces, self.nlp.pipe(text[a:b] for a, b in pieces)):
            for ent in doc.ents:
                out.append(ScoredSpan(ent.label_, a + ent.start_char, a + ent.end_char))
        return out
