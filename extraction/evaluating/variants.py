"""Variants of a gold filing: the same indicators printed another way, with the gold carried along.

So far one kind: **prose**, a filing's numeric records re-written as goal and result sentences
under headings a bureau might use, listed or not ("(一)工作目标 … 全年计划开展培训≥8次,…"), with
sentences whose numbers are no indicator (funds, dates, scores, phone and document numbers) among
them. The vocabulary is in ``resources/variants/``. A variant is seeded and reproducible: the same
filing and seed give the same text. The value judge trains on such variants besides the real
filings (``labeling.judge.fit_corpus``), and the layout stress suite uses it as its ``prose`` kind
(``evaluating.stress``, where the table kinds are).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..record import Record, flat
from ..values import normalise_op


@dataclass
class Variant:
    """A generated text and its gold records (offsets into ``text``)."""

    name: str
    text: str
    records: list[Record]


@lru_cache(maxsize=None)
def _templates() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, template, *_ in resources.table("variants/prose.tsv"):
        out.setdefault(kind, []).append(template)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def _no_indicators() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(template, numbers) of the sentences whose numbers are no indicator."""
    return tuple((row[1], tuple(row[2].split(","))) for row in resources.table("variants/prose.tsv") if row[0] == "none")


def prose_name(name: str) -> str:
    """The name a prose statement of a table row is gold with (GUIDELINES D6): without a leading
    verb ("开展普法宣传活动场次" -> "普法宣传活动场次", as dev 031 is annotated) where at least two
    characters are left. Always a tail of the row's name."""
    # a name with a clause before it ("按照基层需求，电教设备如期配备率") is named by its last clause
    name = re.split(r"[，,；;]", name)[-1]
    for verb in resources.word_list("variants/name_verbs.txt"):
        if name.startswith(verb) and len(name) - len(verb) >= 2:
            return name[len(verb):]
    return name


@lru_cache(maxsize=None)
def _op_words() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for row in resources.table("variants/op_words.tsv"):
        out.setdefault(row[0], []).append((row[1] if len(row) > 1 else "", row[2] if len(row) > 2 else ""))
    return {k: tuple(v) for k, v in out.items()}


def _surface(text: str, r: Record) -> tuple[str, str] | None:
    """The value and unit of a record as its filing writes them (so the reading is the gold's)."""
    vals = [(s, e) for lab, s, e in r.spans if lab == "VAL"]
    units = [(s, e) for lab, s, e in r.spans if lab == "UNIT"]
    if len(vals) != 1 or len(units) > 1 or r.value is None:
        return None
    val = flat(text[vals[0][0]:vals[0][1]])
    unit = flat(text[units[0][0]:units[0][1]]) if units else ""
    if not val or not any(c.isdigit() for c in val):
        return None
    return val, unit


class _Writer:
    """Appends pieces to a text and remembers the spans of the marked ones."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        return start, self.size

    @property
    def text(self) -> str:
        return "".join(self.parts)


def prose_variant(doc: str, text: str, gold: list[Record], seed: int) -> Variant | None:
    """The numeric records of ``gold`` (a filing's) re-written as prose, targets and actuals each
    under a heading, two to four statements a sentence, with number sentences that are no
    indicator among them; None where the filing has no such record."""
    rng = random.Random(f"{doc}:{seed}")
    tpl, ops = _templates(), _op_words()
    by_col: dict[str, list[tuple[Record, str, str]]] = {"target": [], "actual": []}
    for r in gold:
        sv = _surface(text, r)
        if sv and r.column in by_col and r.indicator and not any(c.isdigit() for c in r.indicator):
            by_col[r.column].append((r, *sv))
    if not any(by_col.values()):
        return None
    w = _Writer()
    out: list[Record] = []
    name = f"{doc.rsplit('.', 1)[0]}.prose{seed}.txt"
    for column, rows in by_col.items():
        if not rows:
            continue
        rng.shuffle(rows)
        w.add(rng.choice(tpl[f"heading_{column}"]) + "\n")
        i = 0
        while i < len(rows):
            chunk = rows[i:i + rng.randint(2, 4)]
            i += len(chunk)
            for k, (r, val, unit) in enumerate(chunk):
                if k:
                    w.add(",")
                if rng.random() < 0.3:
                    template, numbers = rng.choice(_no_indicators())
                    w.add(template.format(n=rng.choice(numbers)) + ",")
                out.append(_statement(w, rng, name, r, val, unit, column, tpl, ops))
            w.add("。\n")
    return with_text(Variant(name, w.text, out))


def _statement(w: _Writer, rng: random.Random, doc: str, r: Record, val: str, unit: str, column: str,
               tpl: dict[str, tuple[str, ...]], ops: dict[str, tuple[tuple[str, str], ...]]) -> Record:
    template = rng.choice(tpl[column])
    before, after = ("", "")
    if column == "target" and r.op in ops:
        before, after = rng.choice(ops[r.op])
    if r.op != "=" and column == "actual":
        template = "{name}{op}{val}{unit}{post}"
        before, after = rng.choice(ops.get(r.op, (("", ""),)))
    spans: list[tuple[str, int, int]] = []
    # the verb (or clause) before the name stays in the text; the gold name goes without it, as a
    # person annotating the sentence would write it
    name = prose_name(r.indicator)
    verb = r.indicator[:len(r.indicator) - len(name)]
    pieces = {"name": name, "op": before, "val": val, "unit": unit, "post": after}
    labels = {"name": "IND", "op": "OP", "val": "VAL", "unit": "UNIT", "post": "OP"}
    op: str | None = None
    pos = 0
    while pos < len(template):
        a = template.find("{", pos)
        if a < 0:
            w.add(template[pos:])
            break
        w.add(template[pos:a])
        b = template.index("}", a)
        key = template[a + 1:b]
        if key not in pieces:
            # an operator word the template writes itself ("{name}{达到}{val}"): the text's operator
            s, e = w.add(key)
            spans.append(("OP", s, e))
            op = normalise_op(key)
            pos = b + 1
            continue
        piece = pieces[key]
        if key == "name" and verb:
            w.add(verb)
        if piece:
            s, e = w.add(piece)
            spans.append((labels[key], s, e))
        pos = b + 1
    # a template without the operator slot states "=": the record says what the text says
    if op is None:
        op = r.op if any(lab == "OP" for lab, _, _ in spans) else "="
    start, end = min(s for _, s, _ in spans), max(e for _, _, e in spans)
    return Record(doc=doc, project=r.project, level1=None, level2=None, indicator=name, op=op,
                  value=r.value, unit=r.unit, qualitative=None, column=column, text="", start=start, end=end,
                  source="rule", spans=sorted(spans, key=lambda x: (x[1], x[0])))


def with_text(v: Variant) -> Variant:
    """``v`` with each record's ``text`` filled from the variant's text."""
    for r in v.records:
        r.text = v.text[r.start:r.end]
    return v
