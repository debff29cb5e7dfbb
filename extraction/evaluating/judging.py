"""Fitting the value judge (``labeling.judge``) on gold filings and on prose re-writings of them
(``variants``): what ``train`` ships and what the grouped cross-validation holds out."""
from __future__ import annotations

from ..labeling.judge import Judge, examples, fit
from ..reading import Document
from ..record import Record
from ..structure import DocumentContext
from .variants import prose_variant

# prose re-writings of each gold filing the judge also trains on (measured: README, value judge)
PROSE_VARIANTS = 3


def fit_corpus(names: list[str], texts: dict[str, str], gold: dict[str, list[Record]], *,
               prose_variants: int = PROSE_VARIANTS, **params) -> Judge:
    """A judge fitted on the candidates of the gold filings ``names`` and of ``prose_variants``
    prose re-writings of each (``evaluating.variants``: the same indicators as goal and result
    sentences under listed and unlisted headings, among sentences whose numbers are no indicator)."""
    ex = [e for n in names for e in examples(DocumentContext(Document(name=n, text=texts[n])), gold[n])]
    for n in names:
        for seed in range(prose_variants):
            v = prose_variant(n, texts[n], gold[n], seed)
            if v is not None:
                ex += examples(DocumentContext(Document(name=v.name, text=v.text)), v.records)
    return fit(ex, **params)
