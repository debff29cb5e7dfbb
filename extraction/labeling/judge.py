"""Value-first reading outside the tables: every value the grammar finds there is a candidate, and
a learned judge says whether it is an indicator value and in which column (target / actual).

Nothing gates a candidate: a value under a listed or an unlisted heading, in a table no reader
recognised or in a sentence of a report is judged alike, on what surrounds it: its unit and
operators, the characters before and after it, its clause, the heading it stands under, its shape
(a year, a list number, a phone number). The judge is a multinomial logistic regression (scikit-
learn) fitted on the gold set by ``train`` (``evaluating.judging``); it is stored as plain JSON weights (``judge.json``
beside the cell model) and applied without scikit-learn. Its probability is the record's
confidence. Names come from the clause before the value (``prose.rules.name_span``).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

from .. import resources
from ..mention import Mention
from ..normalizing import NormText
from ..prose.rules import changes, is_indicator_shape, name_span
from ..record import Record
from ..regions import Regions
from ..tables.glued import name_cell_end
from ..values import find_values
from . import model_dir
from ..output import write_json

CLASSES = ("none", "target", "actual")
FILE = "judge.json"
CALIBRATION_FILE = "calibration.json"  # each reader's precision in the grouped cross-validation
# a line this long that does not end a sentence was wrapped by the page: it goes on in the next line
_WRAPPED = 25
_DIGIT = re.compile(r"\d")
_CELL_EDGES = " \t|｜"  # white space and the pipes of a cell
_CLAUSE_END = re.compile(r"[。；;!?！？]")
_SENTENCE_END = re.compile(r"[。；;：:！？!?]\s*$")
# a line holding only a value (a table cell the page put on a line of its own) goes on nothing
_BARE_VALUE = re.compile(r"^\s*[≥≤<>=]?\s*\d[\d.,]*\s*[^\d\s，,。；;]{0,4}\s*$")


@lru_cache(maxsize=None)
def _list_start() -> re.Pattern:
    """A list item's number at a line's start: "一、", "(三)", "2."."""
    n = resources.marker("list_numeral_chars")
    return re.compile(rf"^\s*(?:[{n}]+[、.．]|[（(][{n}\d]+[)）]|\d+[、.．](?!\d))")


@lru_cache(maxsize=None)
def _heading() -> re.Pattern:
    """A numbered heading: "一、", "(三)", or a chapter ("第二部分")."""
    n = resources.marker("list_numeral_chars")
    chapter = resources.marker("chapter_prefix")
    return re.compile(rf"^\s*(?:[{n}]+[、.．]|[（(][{n}]+[)）]|{chapter}[{n}]+[{resources.marker('chapter_word_chars')}])")


@lru_cache(maxsize=8)
def _word_bounds(text: str) -> tuple[int, int]:
    """Where the first character of ``text`` that is no cell separator stands, and where its last
    such character ends: what stands before the first or after the last is separators alone."""
    return len(text) - len(text.lstrip(_CELL_EDGES)), len(text.rstrip(_CELL_EDGES))


class Candidate:
    """One value found outside the tables: where it is, what was read, whether its shape allows an
    indicator; its name and its features are found when first asked for (most candidates are
    held by a rule record or stand in a listed section, and need neither)."""

    def __init__(self, view: NormText, match: Mention, k: int, found: int, line: int, doc: "_Doc",
                 name_at: int | None = None) -> None:
        self.view, self.match, self._name_at = view, match, name_at
        self.start, self.end = view.to_original(match.start, match.end)
        self.value_start = view.to_original(*match.val)[0]
        self.shape_ok = is_indicator_shape(view.text, match)
        self._k, self._found, self._line, self._doc = k, found, line, doc
        self._proba: tuple[Judge, list[float]] | None = None

    def proba(self, judge: "Judge") -> list[float]:
        """``judge.proba(self.features)``, found once per judge: the extractor and the review note
        ask about the same prose values."""
        if self._proba is None or self._proba[0] is not judge:
            self._proba = (judge, judge.proba(self.features))
        return self._proba[1]

    @cached_property
    def alone(self) -> bool:
        # (the separators of its cell are no words: "78.34% | |||" is a value alone); the line's
        # first and last words are found once per line, not sliced off it per value (a line of a
        # megabyte holds thousands of values)
        first, last = _word_bounds(self.view.text)
        return first >= self.match.start and last <= self.match.end

    @cached_property
    def name(self) -> tuple[int, int] | None:
        """The name's offsets in the document: the clause before the value, or the line before a
        value alone on its line."""
        name = name_span(self.view.text, self.match, self._name_at)
        if name:
            return self.view.to_original(*name)
        if self.alone and self._line > 0:
            return _line_name(self._doc.text, self._doc.lines[self._line - 1])
        return None

    @cached_property
    def features(self) -> dict[str, float]:
        v, m, name = self.view.text, self.match, self.name
        f: dict[str, float] = {"bias": 1.0, f"unit={_unit_class(m)}": 1.0, f"u={m.unit}": 1.0}
        f[f"op={m.op}" if m.ops else "op=none"] = 1.0
        f["shape_ok" if self.shape_ok else "shape_bad"] = 1.0
        f.update(_bigrams("l:", v[max(0, m.start - 8):m.start]))
        f.update(_bigrams("r:", v[m.end:m.end + 3]))
        f[f"l1={v[m.start - 1] if m.start else '^'}"] = 1.0
        f[f"r1={v[m.end] if m.end < len(v) else '$'}"] = 1.0
        f.update(_bigrams("h:", self._doc.heading(self._line)))
        # the last 24 characters of the clause before the value (a window, not the whole line
        # before it: a line of a megabyte has thousands of values)
        window = v[max(0, m.start - 24):m.start]
        clause = _CLAUSE_END.split(window)[-1]
        f.update({k.replace("l:", "c:", 1): 0.5 for k in _bigrams("l:", clause)})
        f.update(_bigrams("s:", v[:12]))
        digits = v[m.val[0]:m.val[1]]
        f[f"digits={min(len(digits), 6)}"] = 1.0
        if m.value is not None and 1990 <= m.value <= 2035 and float(m.value).is_integer():
            f["yearlike"] = 1.0
        f[f"nvals={min(self._found, 5)}"] = 1.0
        f[f"k={min(self._k, 3)}"] = 1.0
        if self.alone:
            f["alone"] = 1.0
        f["name" if name else "noname"] = 1.0
        if name:
            nm = self._doc.simple[name[0]:name[1]]
            f[f"name_end={nm[-1]}"] = 1.0
            f[f"name_len={min(len(nm) // 3, 5)}"] = 1.0
        return f


@dataclass
class _Doc:
    """What the candidates of one document share: its text, simplified view and logical lines."""

    text: str
    simple: str
    lines: list[tuple[int, int, str]]
    _headings: dict[int, str] = field(default_factory=dict)

    def heading(self, i: int) -> str:
        """The heading above line ``i``, found once for all the values of the line."""
        if i not in self._headings:
            self._headings[i] = _heading_before(self.lines, i)
        return self._headings[i]


def _page_width(text: str, start: int, end: int) -> int:
    """The width a page wraps lines at: the 90th percentile of the line lengths."""
    lengths = sorted(len(x.strip()) for x in text[start:end].split("\n") if x.strip())
    # too few lines tell no width: nothing is joined
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 5 else 10 ** 9


def logical_lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Stretches of ``text[start:end]`` read as one line: a line as long as the page is wide that
    ends mid-sentence goes on in the next one (the page wrapped it), unless that one opens a list
    item."""
    wrap = max(_WRAPPED, int(0.85 * _page_width(text, start, end)))
    pos = start
    a = None
    while pos < end:
        nl = text.find("\n", pos, end)
        b = end if nl < 0 else nl
        line = text[pos:b]
        if a is None:
            a = pos
        if line.strip():
            goes_on = (len(line.strip()) >= wrap and not _SENTENCE_END.search(line) and "\t" not in line
                       and "|" not in line and _carries_on(text, b, end))
            if not goes_on:
                yield a, b
                a = None
        else:
            a = None
        pos = b + 1
    if a is not None and text[a:end].strip():
        yield a, end


def _carries_on(text: str, b: int, end: int) -> bool:
    """Whether the line after the one ending at ``b`` may carry on a wrapped line: it is not blank,
    opens no list item and holds more than a value (looked at only after a line as wide as the page)."""
    if b >= end:
        return False
    nxt_end = text.find("\n", b + 1, end)
    nxt = text[b + 1:(end if nxt_end < 0 else nxt_end)]
    return bool(nxt.strip()) and not _list_start().match(nxt) and not _BARE_VALUE.match(nxt)


def _unit_class(m: Mention) -> str:
    if m.unit is None:
        return "none"
    if m.unit == "%":
        return "pct"
    if m.unit in resources.money_units():
        return "money"
    if m.unit in resources.date_units():
        return "date"
    return "measure"


def _bigrams(prefix: str, s: str) -> dict[str, float]:
    s = _DIGIT.sub("0", s)
    return {f"{prefix}{s[i:i + 2]}": 1.0 for i in range(len(s) - 1)}


def _heading_before(lines: list[tuple[int, int, str]], i: int) -> str:
    """The nearest heading above line ``i``: a numbered heading line, or a short line with no digit."""
    for j in range(i - 1, max(-1, i - 40), -1):
        s = lines[j][2].strip()
        if _heading().match(s) or (0 < len(s) <= 16 and not re.search(r"\d", s)):
            return s[:16]
    return ""


def _line_name(text: str, line: tuple[int, int, str]) -> tuple[int, int] | None:
    """The name a value alone on its line takes from the line before (a table whose cells the page
    put one a line): that line without leading level names, and its first half where the name cell
    and a description repeating it were glued ("培育中药材品种数量培育中药材品种数量")."""
    a, b, simple = line
    s = simple.strip(_CELL_EDGES)
    if not s or re.search(r"\d", s) or len(s) > 60:
        return None
    lead = len(simple) - len(simple.lstrip(_CELL_EDGES))
    start = a + lead
    changed = True
    while changed:
        changed = False
        for lv in resources.level_names():
            # (a level name before two characters is the start of a name: "满意度 情况")
            if s.startswith(lv) and len(s.replace(" ", "")) > len(lv) + 2:
                s, start, changed = s[len(lv):], start + len(lv), True
                break  # the longest level name first again ("数量指标" before "数量")
    s = s[:name_cell_end(s)]
    return (start, start + len(s)) if len(s) >= 2 else None


def candidates(context) -> list[Candidate]:
    """Every value outside the tables the reader found. No listed heading or rule is among their
    features: those are the gates a new filing's wording does not open (measured: with them the
    judge learns the gates, and scores 0.03 lower on the unseen batch)."""
    text = context.text
    tables = Regions((t.start, t.end) for t in context.tables)
    # the cells the table reader read rows from: a line of a table none of whose cells it read (a
    # form's prose cell, "年度主要目标和成果 新建…一座,占地300平方米") is judged like text outside
    read = Regions((c.start, c.end) for t in context.tables for r in t.rows
                   for c in (r.name, *(v for _, v in r.values)) if c is not None)
    simple = context.simple
    doc = _Doc(text, simple, [(a, b, simple[a:b]) for a, b in logical_lines(text, 0, len(text))])
    out: list[Candidate] = []
    for i, (a, b, line) in enumerate(doc.lines):
        in_read_table = read.overlaps(a, b)
        if not _DIGIT.search(line) or (tables.covers(a, b) and in_read_table):
            continue
        view = NormText(text, a, b, join_lines=True)
        found = find_values(view.text)
        change = changes(view.text, found)  # (where a change starts is no value to judge)
        for k, m in enumerate(found):
            if k in change and change[k] is None:
                continue
            cand = Candidate(view, m, k, len(found), i, doc, change.get(k))
            if not (in_read_table and tables.holds(cand.value_start)):
                out.append(cand)
    return out


def candidates_of(context) -> list[Candidate]:
    """``candidates(context)``, found once per document (the extractor and the review note share them)."""
    found = context.__dict__.get("_value_candidates")
    if found is None:
        found = context.__dict__["_value_candidates"] = candidates(context)
    return found


@dataclass
class Judge:
    """Weights per feature and class (``CLASSES``) of a multinomial logistic regression."""

    weights: dict[str, list[float]]
    intercept: list[float]
    threshold: float = 0.5

    def proba(self, features: dict[str, float]) -> list[float]:
        z = list(self.intercept)
        for name, x in features.items():
            w = self.weights.get(name)
            if w is not None:
                for c in range(len(z)):
                    z[c] += w[c] * x
        top = max(z)
        ex = [math.exp(v - top) for v in z]
        total = sum(ex)
        return [v / total for v in ex]

    def decide(self, cand: Candidate) -> tuple[str, float]:
        """(class, probability of an indicator value): the column when that probability passes the
        threshold, else "none"."""
        # (a candidate keeps its probabilities; anything else with features is read afresh)
        p = cand.proba(self) if isinstance(cand, Candidate) else self.proba(cand.features)
        indicator = 1.0 - p[0]
        if indicator < self.threshold:
            return "none", indicator
        return ("target" if p[1] >= p[2] else "actual"), indicator

    def save(self, folder: str | Path) -> None:
        write_json(Path(folder) / FILE, {"classes": list(CLASSES), "threshold": self.threshold,
                                         "intercept": self.intercept, "weights": self.weights})

    @classmethod
    def load(cls, folder: str | Path) -> "Judge":
        d = json.loads((Path(folder) / FILE).read_text(encoding="utf-8"))
        return cls(d["weights"], d["intercept"], d.get("threshold", 0.5))


def fit(examples: list[tuple[dict[str, float], str]], *, c: float = 1.0, threshold: float = 0.7) -> Judge:
    """A judge fitted on (features, class) examples."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([f for f, _ in examples])
    y = [CLASSES.index(label) for _, label in examples]
    lr = LogisticRegression(C=c, max_iter=3000)
    lr.fit(x, y)
    # classes missing from the examples get weights 0 and a very low intercept
    coef = [[0.0] * len(CLASSES) for _ in vec.feature_names_]
    intercept = [-30.0] * len(CLASSES)
    rows = lr.coef_ if len(lr.classes_) > 2 else [-lr.coef_[0] / 2, lr.coef_[0] / 2]
    icpt = lr.intercept_ if len(lr.classes_) > 2 else [-lr.intercept_[0] / 2, lr.intercept_[0] / 2]
    for ci, cls in enumerate(lr.classes_):
        intercept[cls] = float(icpt[ci])
        for j in range(len(vec.feature_names_)):
            coef[j][cls] = float(rows[ci][j])
    weights = {name: [round(w, 5) for w in coef[j]] for j, name in enumerate(vec.feature_names_)
               if any(abs(w) > 1e-6 for w in coef[j])}
    return Judge(weights, [round(v, 5) for v in intercept], threshold)


def examples(context, gold: list[Record]) -> list[tuple[dict[str, float], str]]:
    """The candidates of one gold filing with their classes: the column of the gold mention whose
    value starts inside the candidate's value, else "none"."""
    starts: dict[int, str] = {}
    for r in gold:
        for lab, s, _ in r.spans:
            if lab == "VAL":
                starts[s] = r.column
    out = []
    for cand in candidates_of(context):
        vs, ve = cand.view.to_original(*cand.match.val)
        col = next((c for s, c in starts.items() if vs <= s < ve), "none")
        out.append((cand.features, col if col in CLASSES else "target"))
    return out


@lru_cache(maxsize=4)
def load_judge(folder: str) -> Judge | None:
    path = Path(folder)
    return Judge.load(path) if (path / FILE).is_file() else None


@lru_cache(maxsize=4)
def load_calibration(folder: str) -> dict[str, float] | None:
    path = Path(folder) / CALIBRATION_FILE
    return json.loads(path.read_text(encoding="utf-8"))["precision"] if path.is_file() else None


def default_calibration() -> dict[str, float] | None:
    """Each reader's precision (``calibration.json`` beside the judge), or None."""

    return load_calibration(str(model_dir()))


def default_judge() -> Judge | None:
    """The judge shipped beside the model (``judge.json`` in ``labeling.model_dir()``), or None."""

    return load_judge(str(model_dir()))
