"""The cell-role model: a linear-chain CRF over the cells of a document (as the cells-first reader
cuts them, in any encoding) that says what each cell is: the start or the continuation of an
indicator name, a target / actual / prior / last value, an operator or unit cell, a statement
(name and value written in one cell or sentence), or something else (levels, scores, weights,
headers, notes). Rows are assembled from those roles; statements go to the token CRF inside.

Features describe a cell by its content (kind, length, head word, numbering, values found) and
by its neighbours, plus the reader's guess of its column under the nearest header; none names a
filing or a layout, so what is learnt on one layout transfers to another.
"""
from __future__ import annotations

import bisect
import re
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .. import resources
from ..assembling import records_from_row
from ..assembling.spans import records_from_spans
from ..mention import Span as ScoredSpan
from ..mention import SpanTuple
from ..output import atomic_path
from ..structure.projects import Projects
from ..tables.encodings import MARKED, broken_wholes
from ..tables.headers import role_of
from ..tables.kinds import LEVEL1, LEVEL2, NATURE, TEXT, flat, kind_of, numbering_end
from ..tables.kinds import OP as OP_KIND
from ..tables.kinds import UNIT as UNIT_KIND
from ..tables.kinds import VALUE as VALUE_KIND
from ..tables.model import VALUE_ROLES, Cell, TableRow
from ..tables.reader import columns_of, stream_cells
from ..tables.rows import Hierarchy, row_from_cells
from ..values import find_values
from .augment import layout_variants
from .crf import CRFTagger, encodable
from .registry import register_family

NAME, NAME_I, STMT, OP, UNIT, OTHER = "NAME", "NAME_I", "STMT", "OP", "UNIT", "O"
#: value cells by the column they are a value of (a record's ``column``, upper case)
VALUE_LABELS = ("TARGET", "ACTUAL", "PRIOR", "LAST")
CELL_FILE = "cells.crfsuite"
STATEMENT_FILE = "statements.crfsuite"
_SHORT = ("1", "2-3", "4-6")  # length buckets of a word that may be a qualitative value ("保障", "改善")
_OWN_PARAMS = ("c1", "c2", "max_iterations", "value_threshold", "augment")  # the rest are the token CRF's
_MAX_SEQ = 3000  # cells per training sequence (a long filing is cut, crfsuite memory stays small)
# a name fragment this short, with the next name cell on the next line, is one name; PDF text
# breaks a cell at a fixed width, so fragments of one length that follow each other are one cell
_MAX_BROKEN = 8
_FRAGMENT = 2  # words this short on a line of their own are the end of the line before, not a name


def _bucket(n: int) -> str:
    return "0" if n == 0 else "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else \
        "7-12" if n <= 12 else "13-24" if n <= 24 else "25+"


def cell_labels(text: str, cells: list, spans: Iterable[SpanTuple], columns: dict[int, str]) -> list[str]:
    """The gold role of each cell from the gold spans (``columns``: VAL start -> record column)."""
    spans = sorted(spans, key=lambda s: (s[1], s[2]))
    inds = [s for s in spans if s[0] == "IND"]
    out = []
    for sc in cells:
        a, b = sc.cell.start, sc.cell.end
        inside = [s for s in spans if a <= s[1] and s[2] <= b]
        starts_ind = any(a <= s[1] < b for s in inds)
        cont_ind = any(s[1] < a < s[2] for s in inds)
        # (a value broken over lines belongs to the cell it starts in)
        vals = [s for s in spans if s[0] == "VAL" and a <= s[1] < b]
        if starts_ind:
            out.append(STMT if vals else NAME)
        elif cont_ind:
            out.append(NAME_I)
        elif vals:
            out.append(columns.get(vals[0][1], "target").upper())
        elif any(s[0] == "OP" for s in inside):
            out.append(OP)
        elif any(s[0] == "UNIT" for s in inside):
            out.append(UNIT)
        else:
            out.append(OTHER)
    return out


def _cell_facts(text: str, cells: list, fitted: list) -> list[dict[str, object]]:
    """Content features of each cell (neighbours are added by :func:`cell_features`); ``fitted``
    is the reader's (column role, head word) of each cell (:func:`tables.reader.columns_of`)."""
    heads = resources.word_list("indicator_heads.txt")
    cols, words = zip(*fitted) if cells else ((), ())
    facts = []
    prev_line, pos = None, 0
    line_sizes: dict[int, int] = {}
    for sc in cells:
        line_sizes[sc.line] = line_sizes.get(sc.line, 0) + 1
    seen_header = None
    for i, sc in enumerate(cells):
        t = sc.text
        f = flat(t) or ""
        pos = pos + 1 if sc.line == prev_line else 0
        prev_line = sc.line
        kind = kind_of(t)
        found = find_values(f) if f and len(f) <= 200 else []
        covered = sum(m.end - m.start for m in found)
        if cols[i] == "header":
            seen_header = i
        col = cols[i] or "-"
        d: dict[str, object] = {
            # coarse classes beside the fine ones: a kind or column no training filing shows
            # (a numbered name "指标1:…", a 上年 value column) still reads as text or as a value
            "kind": kind, "coarse": _COARSE_KIND.get(kind, "other"),
            "col": col, "col_coarse": _COARSE_COL.get(col, col), "col_word": words[i] or "-",
            "head_role": role_of(t) or "-",
            "len": _bucket(len(f)), "enc": sc.encoding, "rule": sc.after_rule,
            "pos": min(pos, 6), "line_cells": _bucket(line_sizes[sc.line]),
            "last_in_line": i + 1 == len(cells) or cells[i + 1].line != sc.line,
            "numbered": numbering_end(t) > 0, "nvals": min(len(found), 3),
            "cover": "0" if not f else str(min(int(4 * covered / len(f)), 4)),
            "val_first": bool(found) and found[0].start == 0,
            "since_header": _bucket(i - seen_header) if seen_header is not None else "none",
            "colon": ":" in f, "comma": any(c in f for c in ",，、;；"),
            "paren": any(c in f for c in "()（）"),
        }
        if f:
            d["first"], d["last"] = f[0], f[-1]
            if len(f) > 1:
                d["last2"] = f[-2:]
            h = next((h for h in heads if f.endswith(h)), None)
            if h:
                d["ind_head"] = h
        if len(f) <= 8:
            d["w"] = f
        facts.append(d)
    return facts


_NEIGHBOUR_KEYS = ("kind", "coarse", "col", "col_coarse", "len", "head_role", "val_first")
_COARSE_KIND = {"text": "words", "long": "words", "numbered": "words", "mixed": "words",
                "value": "value", "number": "value", "qual": "value", "date": "value", "range": "value",
                "level1": "level", "level2": "level", "op": "op", "unit": "unit", "empty": "empty"}
_COARSE_COL = {"target": "value", "actual": "value", "prior": "value", "last": "value",
               "desc": "note", "basis": "note", "reason": "note", "goal": "note"}


def cell_features(text: str, cells: list, fitted: list | None = None) -> list[dict[str, object]]:
    """One feature dict per cell: its own facts and its neighbours' (two either side); ``fitted``
    as :func:`tables.reader.columns_of` gives it, found here when not given."""
    facts = _cell_facts(text, cells, fitted if fitted is not None else columns_of(text, cells))
    out = []
    for i, d in enumerate(facts):
        g = dict(d)
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < len(facts):
                for k in _NEIGHBOUR_KEYS:
                    g[f"{off}:{k}"] = facts[j][k]
                if abs(off) == 1:
                    g[f"{off}:same_line"] = cells[j].line == cells[i].line
                    if "ind_head" in facts[j]:
                        g[f"{off}:ind_head"] = True
            else:
                g[f"{off}:none"] = True
        g["kind|col"] = f"{d['kind']}|{d['col']}"
        g["coarse|col"] = f"{d['coarse']}|{d['col_coarse']}"
        out.append(g)
    return out


def _keep_only(text: str, regions: list[tuple[int, int]]) -> str:
    """``text`` with everything outside ``regions`` blanked (line breaks kept, offsets unchanged)."""
    out = list(re.sub(r"[^\n]", " ", text))
    for a, b in regions:
        out[a:b] = text[a:b]
    return "".join(out)


def _name_before(cells: list, roles: list[str], i: int) -> int | None:
    """Index of the cell of words, not a level name, the model called "other", just before cell
    ``i`` on its line; None if there is none."""
    j = i - 1
    if j < 0 or cells[j].line != cells[i].line or roles[j] != OTHER:
        return None
    kind = kind_of(cells[j].text)
    return j if _COARSE_KIND.get(kind) == "words" else None


def _checked_role(role: str, text: str, col: str | None, encoding: str = "") -> str:
    """The model's role of a cell, put right where the cell's content or the reader's column
    rules it out; ``col`` is the reader's column guess (from :func:`tables.reader.columns_of`),
    ``encoding`` the one that cut the cell (``tables.encodings``)."""
    kind = kind_of(text)
    words = _COARSE_KIND.get(kind) == "words"
    if kind == OP_KIND and role != UNIT:
        return OP  # an operator alone in its cell ("大于等于") is the row's operator, whatever else
    if role == NAME_I and _COARSE_COL.get(col or "") == "note":
        return OTHER  # a name does not go on into the 指标描述 / 依据 column after it
    if role == NAME_I and not words:
        return OTHER  # a name goes on in words, never into a 正向 / 个 / level cell
    if role == NAME and kind == NATURE:
        return OTHER  # a 正向 cell names nothing (an operator cell was taken above)
    if role == OTHER and col == "unit" and kind == UNIT_KIND and encoding in MARKED:
        return UNIT  # a unit ("公顷") in the column the header says holds units, cells marked
    if role == OTHER and kind == VALUE_KIND and (col is None or col in VALUE_ROLES) and _bounded(text):
        # a value cell that opens with an operator (">=5000人") is a bound, a target (actuals are
        # measured, not bounded), where no header says otherwise
        return (col or "target").upper()
    if role == OTHER and col in VALUE_ROLES and _COARSE_KIND.get(kind) == "value" and encoding in MARKED:
        # a value ("完成") in a column the header says holds values, where the text marks its
        # cells (tabs, pipes); where cells are cut from runs of spaces or lines the reader's
        # column guess is too often a score or a note to overrule the model
        return col.upper()
    if role not in VALUE_LABELS:
        return role
    if (words and role_of(text) is not None) or kind == NATURE or flat(text) in _basis_words():
        # a column name ("指标值", "完成值") of a header broken into the rows; 正向 / 反向 (which
        # way a value is good); a 绩效标准 word ("优", "计划标准": a value's basis, spec section 1)
        return OTHER
    if col in VALUE_ROLES:
        # the column the header gives (its words are data the model cannot have seen for a
        # column kind missing from training: 上年 / 前年 values)
        return col.upper()
    return role


def _bounded(text: str) -> bool:
    """Whether a value cell opens with an operator ("≥95%", "不低于90%")."""
    found = find_values(flat(text) or "")
    return bool(found) and found[0].start == 0 and bool(found[0].ops)


@lru_cache(maxsize=None)
def _basis_words() -> frozenset[str]:
    return frozenset(resources.word_list("basis.txt"))


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    """Whether ``pos`` lies in one of the sorted, disjoint ``regions``."""
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    return i >= 0 and pos < regions[i][1]


def _fixed_width_start(cells: list, i: int, named: set[int]) -> int:
    """Index of the first piece of a name whose last piece is cell ``i``, when PDF text cut it at
    a fixed width over the lines before ("信息平台运" / "行及维护"): pieces of one length, one a
    line, none of them a name already; ``i`` itself when there are none."""
    j = i - 1
    width = len(flat(cells[j].text)) if j >= 0 else 0
    if not 3 <= width <= _MAX_BROKEN or len(flat(cells[i].text)) > width or cells[i].encoding != "line":
        return i
    while (j >= 0 and j not in named and cells[j].line != cells[j + 1].line and cells[j].encoding == "line"
           and kind_of(cells[j].text) == TEXT and len(flat(cells[j].text)) == width):
        j -= 1
    return j + 1


def _take_level(hier, text: str) -> bool:
    """Whether ``text`` is a 一级 / 二级 name; if so the hierarchy ``hier`` takes it."""
    kind = kind_of(text)
    if kind not in (LEVEL1, LEVEL2):
        return False
    level = flat(text)
    hier.update(level if kind == LEVEL1 else None, level if kind == LEVEL2 else None)
    return True


def _gold_columns(records) -> dict[int, str]:
    return {s[1]: r.column for r in records for s in r.spans if s[0] == "VAL"}


@register_family("cells")
class CellTagger:
    """The cell-role CRF, with the token CRF (family ``crf``) for statements inside cells:
    ``fit(texts, spans, records=)`` / ``rows(text)`` / ``predict(text)``."""
    def __init__(self, *, c1: float = 0.05, c2: float = 0.1, max_iterations: int = 200,
                 value_threshold: float = 0.2, augment: bool = False, **token_params: Any):

        self.c1, self.c2, self.max_iterations = c1, c2, max_iterations
        self.token_params = token_params
        self.tokens = CRFTagger(**token_params)
        self.statements: CRFTagger | None = None  # the token CRF of statement cells
        self._tagger = None
        self._path: str | None = None
        self.value_threshold = value_threshold
        self.augment = augment  # train the cell CRF on layout variants too (labeling.augment)

    def get_params(self) -> dict[str, object]:
        return {"c1": self.c1, "c2": self.c2, "max_iterations": self.max_iterations,
                "value_threshold": self.value_threshold, "augment": self.augment, **self.token_params}

    # -- training -------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], spans: Sequence[Iterable[SpanTuple]], *,
            records: Sequence[list] | None = None) -> "CellTagger":
        """Train both CRFs on texts and their gold spans; ``records`` (the gold records of each
        text) say which column each value cell is a value of (else every value is a target)."""
        import sklearn_crfsuite



        texts, spans = list(texts), [list(s) for s in spans]
        X, y = [], []
        statement_cells: list[list[tuple[int, int]]] = [[] for _ in texts]
        for k, (text, sp) in enumerate(zip(texts, spans)):
            cells = stream_cells(text)
            if not cells:
                continue
            cols = _gold_columns(records[k]) if records is not None else {}
            labs = cell_labels(text, cells, sp, cols)
            statement_cells[k] = [(sc.cell.start, sc.cell.end) for sc, lab in zip(cells, labs) if lab == STMT]
            # (layout variants keep every offset, so the same gold spans label their cells)
            seen = [text] + ([v for _, v in layout_variants(text)] if self.augment else [])
            for variant in seen:
                vcells = cells if variant is text else stream_cells(variant)
                feats = cell_features(variant, vcells)
                vlabs = labs if variant is text else cell_labels(variant, vcells, sp, cols)
                for a in range(0, len(vcells), _MAX_SEQ):
                    X.append(feats[a:a + _MAX_SEQ])
                    y.append(vlabs[a:a + _MAX_SEQ])
        crf = sklearn_crfsuite.CRF(algorithm="lbfgs", c1=self.c1, c2=self.c2,
                                   max_iterations=self.max_iterations, all_possible_transitions=True)
        crf.fit(X, y)
        self._crf = crf  # keeps the temporary model file alive
        self._tagger = crf.tagger_
        self._path = crf.modelfile.name
        self.tokens.fit(texts, spans)
        # the statement CRF learns from the statement cells alone (the rest of each text blanked,
        # offsets kept): names in sentences are not names in cells
        masked, inside = [], []
        for text, sp, regions in zip(texts, spans, statement_cells):
            if regions:
                masked.append(_keep_only(text, regions))
                inside.append([s for s in sp if _inside(regions, s[1])])
        self.statements = CRFTagger(**self.token_params).fit(masked, inside) if masked else None
        return self

    # -- prediction -----------------------------------------------------------------------
    def cell_roles(self, text: str, *, context: Any = None) -> tuple[list, list[str]]:
        """The cells of ``text`` and the role the model gives each."""
        cells, roles, _ = self._tagged(text, context)
        return cells, roles

    def _tagged(self, text: str, context: Any = None) -> tuple[list, list[str], list[str | None]]:
        """The cells, the model's roles and the reader's column guesses (the document context's,
        when given: the reader ran once for every extractor)."""
        if self._tagger is None:
            raise RuntimeError("the cell model is not trained: call fit() or CellTagger.load()")
        cells = stream_cells(text) if context is None else context.cells
        if not cells:
            return [], [], []
        fitted = columns_of(text, cells) if context is None else context.columns
        feats = cell_features(text, cells, fitted)
        if encodable(text) is not text:  # a lone surrogate: CRFsuite takes U+FFFD in its place
            feats = [{encodable(k): encodable(v) if isinstance(v, str) else v for k, v in f.items()} for f in feats]
        roles: list[str] = []
        tg = self._tagger
        labels = set(tg.labels())
        for a in range(0, len(cells), _MAX_SEQ):
            tg.set(feats[a:a + _MAX_SEQ])
            tags = tg.tag()
            for i, t in enumerate(tags):
                if t != OTHER:
                    continue
                # a cell the best sequence calls "other" but that is fairly likely a value: recall
                # matters more there, the assembly drops what makes no record
                p = {lab: tg.marginal(lab, i) for lab in VALUE_LABELS if lab in labels}
                f = feats[a + i]
                valueish = f["coarse"] == "value" or (f["col_coarse"] == "value" and f["len"] in _SHORT)
                if p and valueish and sum(p.values()) >= self.value_threshold:
                    tags[i] = max(p, key=p.get)
            roles += tags
        return cells, roles, [col for col, _ in fitted]

    def rows(self, text: str, *, context: Any = None) -> tuple[list, list[tuple[int, int]]]:
        """Indicator rows (``tables.TableRow``) assembled from the cell roles, and the statement
        cells ((start, end)) whose records the token CRF reads."""
        cells, roles, cols = self._tagged(text, context)
        hier = Hierarchy()
        rows: list[TableRow] = []
        statements: list[tuple[int, int]] = []
        cur: TableRow | None = None

        def flush() -> None:
            nonlocal cur
            if cur is not None and cur.values:
                rows.append(cur)
            cur = None

        last_name = -2  # index of the cell that last extended the current name
        width = 0  # length of the current name's first piece
        named: set[int] = set()  # cells that opened a name
        wholes = broken_wholes(text, cells)
        for i, (sc, role) in enumerate(zip(cells, roles)):
            c = sc.cell
            role = _checked_role(role, c.text, cols[i], sc.encoding)
            whole = wholes.get(i)
            rest = whole is not None and wholes.get(i - 1) is whole  # not the first piece
            if whole is not None and kind_of(whole.text) in (LEVEL1, LEVEL2):
                # a level name the column width broke ("社会效益指" / "标"): no name, no value
                if not rest:
                    _take_level(hier, whole.text)
                continue
            if rest and cur is not None:
                # the rest of a cell a PDF column width broke: the name or value goes on
                if cur.values and cur.values[-1][1].end == cells[i - 1].cell.end:
                    col, v = cur.values[-1]
                    cur.values[-1] = (col, Cell(v.start, c.end, text[v.start:c.end]))
                    continue
                if last_name == i - 1 and _COARSE_KIND.get(kind_of(c.text)) == "words":
                    role = NAME_I
            if (role == OTHER and _COARSE_KIND.get(kind_of(c.text)) == "words" and i + 1 < len(cells)
                    and roles[i + 1] == NAME and len(flat(cells[i + 1].cell.text)) <= _FRAGMENT
                    and sc.encoding == cells[i + 1].encoding == "line"):
                # a name the line width broke before its last character or two ("…研讨交" / "流"):
                # the model took the tail for the name, the words before it start the name
                role = NAME
            if (role == OTHER and cols[i] == "name" and _COARSE_KIND.get(kind_of(c.text)) == "words"
                    and (i + 1 == len(cells) or roles[i + 1] not in (NAME, NAME_I))):
                # words the reader fits to the name column start a name the model missed; not a
                # label before a name the model found ("质量值" / "教学条件改善…"). A row without
                # values is dropped, so a wrong guess costs nothing unless values follow
                role = NAME
            if cur is not None and not cur.values and cur.op is None and last_name == i - 1 \
                    and sc.line != cells[i - 1].line and sc.encoding == cells[i - 1].encoding == "line":
                prev = len(flat(cells[i - 1].text))
                if role == NAME and (len(flat(cur.name.text)) <= _MAX_BROKEN or len(flat(c.text)) <= _FRAGMENT):
                    # a name broken over lines ("绩效管理和" / "综合考评", "…研讨交" / "流")
                    role = NAME_I
                elif (kind_of(c.text) == TEXT and 3 <= prev == width <= _MAX_BROKEN
                      and len(flat(c.text)) <= width):
                    role = NAME_I  # the next piece of a cell cut at a fixed width ("…日" / "常工作办结")
            if role in (NAME, NAME_I):
                if role == NAME or cur is None or cur.values:
                    width = len(flat(c.text))
                last_name = i
            if role == NAME or (role == NAME_I and (cur is None or cur.values)):
                flush()
                first = _fixed_width_start(cells, i, named)
                if first < i:
                    c = Cell(cells[first].cell.start, c.end, text[cells[first].cell.start:c.end])
                named.add(i)
                cur = row_from_cells({"name": c}, [], hier)
            elif role == NAME_I:
                cur.name = Cell(cur.name.start, c.end, text[cur.name.start:c.end])
            elif role in VALUE_LABELS:
                if cur is None and not named:
                    # a value before any name (a text that opens with a table row, no header):
                    # the word cell before it on its line is its name
                    j = _name_before(cells, roles, i)
                    if j is not None:
                        named.add(j)
                        cur = row_from_cells({"name": cells[j].cell}, [], hier)
                if cur is not None:
                    cur.values.append((role.lower(), c))
            elif role == OP:
                if cur is not None and cur.op is None:
                    cur.op = c
            elif role == UNIT:
                if cur is not None and cur.unit is None:
                    cur.unit = c
            elif role == STMT:
                flush()
                statements.append((c.start, c.end))
            else:
                _take_level(hier, c.text)
        flush()
        return rows, statements

    def records(self, doc: str, text: str, *, context=None) -> list:
        """Records of one document: rows from the cell roles, statements from the token CRF."""
        projects = context.projects if context is not None else Projects(text)
        rows, statements = self.rows(text, context=context)
        out = []
        for row in rows:
            out += records_from_row(doc, text, row, projects.at(row.name.start), source="model")
        if statements and self.statements is not None:
            spans = self.statements.predict(encodable(_keep_only(text, statements)))
            out += records_from_spans(doc, text, [s for s in spans if _inside(statements, s.start)],
                                      projects=projects, context=context)
        return out

    def predict(self, text: str, skip: Sequence[tuple[int, int]] = (),
                select: Callable[[str], bool] | None = None, *, context: Any = None) -> list[ScoredSpan]:
        """The token CRF's IND / OP / VAL / UNIT spans (what span-level callers want: the combined
        extractor's prose, span F1, pre-annotation); the cell roles give records, :meth:`records`."""
        return self.tokens.predict(text, skip, select, context=context)

    def predict_marginals(self, text: str, *, context: Any = None):
        """The token CRF's marginals (the cell model's are per cell, not per token)."""
        return self.tokens.predict_marginals(text, context=context)

    def span_confidence(self, text: str, spans: Sequence[SpanTuple], *, context: Any = None) -> list[float]:
        """The token CRF's confidence in given spans."""
        return self.tokens.span_confidence(text, spans, context=context)

    def tag_tokens(self, text: str, *, context: Any = None):
        """The token CRF's tags (for confusion matrices)."""
        return self.tokens.tag_tokens(text, context=context)

    # -- files ----------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write both models into the folder ``path``."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.tokens.save(path)
        with atomic_path(path / CELL_FILE) as tmp:
            shutil.copyfile(self._path, tmp)
        if self.statements is not None:
            self.statements.save(path / STATEMENT_FILE)
        return path

    @classmethod
    def load(cls, path: str | Path, **params: Any) -> "CellTagger":
        """Both models from the folder ``path`` (as written by :meth:`save`)."""
        import pycrfsuite


        path = Path(path)
        if not (path / CELL_FILE).is_file():
            raise FileNotFoundError(f"{path}: no cell model file {CELL_FILE} (train one: python -m extraction train)")
        token_params = {k: v for k, v in params.items() if k not in _OWN_PARAMS}
        self = cls(**{k: v for k, v in params.items() if k in _OWN_PARAMS}, **token_params)
        self.tokens = CRFTagger.load(path, **token_params)
        if (path / STATEMENT_FILE).is_file():
            self.statements = CRFTagger.load(path / STATEMENT_FILE, **token_params)
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path / CELL_FILE))
        self._path = str(path / CELL_FILE)
        return self
