"""The layout stress generator: a gold filing printed again in ways nobody wrote rules for, with
its gold carried along (issue #26).

``variants(doc, text, gold, kind, seed)`` gives the variants of one filing for one kind of
``KINDS`` (``kinds``: layout, encoding, values, noise, prose; ``plain`` is the unperturbed
rendering). A table kind renders the filing's gold rows anew (``rows``: name, levels, project and
each column's value as the filing wrote it) in the kind's layout (``render``), recording each span
as it is written, character damage done to a piece before it is written (``damage``); the prose
kind is ``evaluating.variants.prose_variant``. Same filing, kind and seed: same text. Vocabulary:
``resources/stress/`` (``vocab``). ``check`` says where a variant's records do not point at their
text. The evaluation over held-out filings is ``stress.evaluate`` (``evaluate --stress``).
"""
from __future__ import annotations

import random

from ...record import Record, flat
from ..variants import Variant, prose_variant
from .kinds import KINDS, Kind
from .render import Layout, render
from .rows import blocks

# Seeds the value judge trains on are 0 .. judging.PROSE_VARIANTS - 1 (prose re-writings); the
# evaluation draws from its own range so that no evaluated variant was ever trained on.
EVAL_SEED = 2026_12_07


def variants(doc: str, text: str, gold: list[Record], kind: str, seed: int = EVAL_SEED, n: int = 1) -> list[Variant]:
    """``n`` variants of the gold filing ``doc`` (its ``text`` and ``gold`` records) for ``kind``,
    seeds ``seed`` .. ``seed + n - 1``; none where the filing has no record the kind can print."""
    k = KINDS[kind]
    out = []
    for s in range(seed, seed + n):
        v = _one(doc, text, gold, k, s)
        if v is not None and v.records:
            out.append(v)
    return out


def _one(doc: str, text: str, gold: list[Record], kind: Kind, seed: int) -> Variant | None:
    stem = doc.rsplit(".", 1)[0]
    if kind.layout is None:
        v = prose_variant(doc, text, gold, seed)
        if v is not None:
            v.name = f"{stem}.{kind.name}{seed}.txt"
            for r in v.records:
                r.doc = v.name
        return v
    rng = random.Random(f"{doc}:{kind.name}:{seed}")
    rows = blocks(text, gold)
    if not rows:
        return None
    return render(f"{stem}.{kind.name}{seed}.txt", rows, kind.layout(rng), rng)


def check(v: Variant) -> list[str]:
    """What is wrong with a variant's gold: a record whose ``text`` is not the text at its offsets,
    whose offsets are not its spans' bounds, whose name span does not read as its ``indicator``, or
    a span that is empty or starts or ends with white space (spec section 2)."""
    problems = []
    for r in v.records:
        where = f"{v.name} {r.start}-{r.end} {r.indicator}"
        if v.text[r.start:r.end] != r.text:
            problems.append(f"{where}: text {r.text!r} is not {v.text[r.start:r.end]!r}")
        if not r.spans or (min(s for _, s, _ in r.spans), max(e for _, _, e in r.spans)) != (r.start, r.end):
            problems.append(f"{where}: offsets are not the spans' bounds")
        for lab, s, e in r.spans:
            piece = v.text[s:e]
            if not piece or piece != piece.strip():
                problems.append(f"{where}: {lab} span {piece!r} empty or edged with white space")
        inds = [v.text[s:e] for lab, s, e in r.spans if lab == "IND"]
        if len(inds) != 1 or flat(inds[0]) != r.indicator:
            problems.append(f"{where}: IND spans {inds} do not read as {r.indicator!r}")
        if sum(lab == "VAL" for lab, _, _ in r.spans) != 1:
            problems.append(f"{where}: not one VAL span")
    return problems


__all__ = ["EVAL_SEED", "KINDS", "Kind", "Layout", "Variant", "check", "variants"]
