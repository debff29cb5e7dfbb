"""Token features for the CRF: the token, its shape and character classes, dictionary hits
(operators, units, magnitudes, qualitative words, indicator heads), neighbours (skipping white
space, so a name broken over lines still sees the value after it) and the token's place in its
line and table row."""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .. import resources
from ..structure import DocumentContext
from ..tables.headers import head_words

_CN_NUM = set(resources.marker("numeral_chars"))
_PUNCT = set("，,。；;：:、（）()“”\"《》！？!?【】[]/／-—~～·")


@lru_cache(maxsize=None)
def _vocab():
    ops = resources.operators()
    return {
        "op": {w: v for w, v in ops.items()},
        "unit": set(resources.units()),
        "mag": set(resources.magnitudes()),
        "qual": set(resources.qualitative_words()),
        "head": resources.word_list("indicator_heads.txt"),
        "verb": set(resources.word_list("prose_verbs.txt")),
    }


_SHAPES = [(re.compile(r"[0-9]"), "d"), (re.compile(r"[\u4e00-\u9fff]"), "C"), (re.compile(r"[A-Za-z]"), "a"),
           (re.compile(r"(.)\1{2,}"), r"\1\1")]


@lru_cache(maxsize=None)
def _levels() -> frozenset[str]:
    names = set()
    for name in resources.levels():
        names.add(name.split("#")[0])
    names.update(head_words())
    return frozenset(names)


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def _shape(t: str) -> str:
    for pat, rep in _SHAPES:
        t = pat.sub(rep, t)
    return t


def _norm(t: str) -> str:
    # full-width forms fold to ASCII (％ -> %, ＞＝ -> >=, ０ -> 0)
    return unicodedata.normalize("NFKC", t)


@lru_cache(maxsize=200_000)
def token_class(t: str) -> str:
    """A coarse class of a token: ws, nl, tab, num, cnnum, op, unit, mag, qual, punct, han, other."""
    if t == "\n":
        return "nl"
    if t.startswith("<") and t.endswith(">") and len(t) > 2:
        return "tag"
    if "\t" in t:
        return "tab"
    if not t.strip():
        return "ws"
    n = _norm(t)
    v = _vocab()
    if re.fullmatch(r"[0-9][0-9.,，]*", n):
        return "num"
    if n in v["op"]:
        return "op"
    if n in v["mag"]:
        return "mag"
    if n in v["unit"]:
        return "unit"
    if all(c in _CN_NUM for c in n):
        return "cnnum"
    if n in v["qual"]:
        return "qual"
    if all(c in _PUNCT for c in n):
        return "punct"
    if re.fullmatch(r"[\u4e00-\u9fff]+", n):
        return "han"
    return "other"


@lru_cache(maxsize=200_000)
def _token_features(t: str, cls: str) -> dict[str, object]:
    # cached by token text: callers copy the dict before adding context features
    n = _norm(t)
    v = _vocab()
    f: dict[str, object] = {"cls": cls, "shape": _shape(n)[:6], "len": min(len(n), 6)}
    if cls not in ("num", "ws", "nl", "tab"):
        f["w"] = n
        f["last"] = n[-1]
        f["first"] = n[0]
        if len(n) > 1:
            f["last2"] = n[-2:]
    if cls == "num":
        f["dec"] = "." in n
        f["big"] = len(n.split(".")[0]) >= 4
    if cls == "op":
        f["op_norm"], f["op_pos"] = v["op"][n]
    for h in v["head"]:
        if n.endswith(h) and n != h:
            f["head"] = h
            break
    if n in v["verb"]:
        f["verb"] = True
    return f


_GAPS = ("ws", "nl", "tab", "tag")


def solid_tokens(text: str, tokens: list[tuple[int, int]]) -> list[int]:
    """Indices of the tokens the model labels: everything but white space and markup tags."""
    return [i for i, (s, e) in enumerate(tokens) if token_class(text[s:e]) not in _GAPS]


def window_features(text: str, tokens: list[tuple[int, int]], headers: "Headers | None" = None
                    ) -> tuple[list[tuple[int, int]], list[dict[str, object]]]:
    """The solid tokens of a window and their features, in one pass."""
    solid = [tokens[i] for i in solid_tokens(text, tokens)]
    return solid, (sequence_features(text, tokens, headers) if solid else [])


def _gap_kind(classes: list[str], toks: list[str], a: int, b: int) -> str:
    """What separates two solid tokens: none, space, tab, tag, nl or nl2 (a blank line)."""
    if a >= b:
        return "none"
    cls = set(classes[a:b])
    if "nl" in cls:
        return "nl2" if sum(t.count("\n") for t in toks[a:b]) > 1 else "nl"
    for k in ("tab", "tag", "ws"):
        if k in cls:
            return {"ws": "space"}.get(k, k)
    return "none"


@dataclass
class Headers:
    """Table headers of a document: (start, end, column roles in order), found by the header
    words of ``resources/header_words.tsv`` (:attr:`structure.DocumentContext.headers`)."""

    spans: list[tuple[int, int, list[str]]]
    reach: int = 2500  # a header describes the rows below it for this many characters

    @classmethod
    def of(cls, text: str, context=None) -> "Headers":
        """The headers of ``text``: those its document context found once, else found here."""
        return cls((context if context is not None else DocumentContext.of_text(text)).headers)

    def __post_init__(self) -> None:
        self._ends = [h[1] for h in self.spans]

    def at(self, pos: int) -> list[str] | None:
        i = bisect.bisect_right(self._ends, pos) - 1
        if i < 0 or pos - self.spans[i][1] > self.reach:
            return None
        return self.spans[i][2]


def _header_role(roles: list[str] | None, to_value: int) -> str:
    """The header's role for a cell ``to_value`` cells before the row's first value cell."""
    if not roles or not 1 <= to_value <= 4:
        return "-"
    first = next((i for i, r in enumerate(roles) if r in ("target", "actual", "prior", "last")), None)
    if first is None or first - to_value < 0:
        return "-"
    return roles[first - to_value] or "-"


def sequence_features(text: str, tokens: list[tuple[int, int]], headers: Headers | None = None) -> list[dict[str, object]]:
    """One feature dict per solid token of a window (see :func:`solid_tokens`).

    Tabs, line breaks, spaces and tags all separate cells in one filing or another; the model
    sees which one it was, but a cell reads the same in any layout. A PDF cell broken over
    lines is a run of short cells separated by ``nl``/``nl2``.
    """
    toks = [text[s:e] for s, e in tokens]
    classes = [token_class(t) for t in toks]
    solid = [i for i, c in enumerate(classes) if c not in _GAPS]
    base = [_token_features(toks[i], classes[i]) for i in solid]
    n = len(solid)
    gap_before = ["BOS"] + [_gap_kind(classes, toks, solid[k - 1] + 1, solid[k]) for k in range(1, n)]
    gap_after = gap_before[1:] + ["EOS"]

    # cells: runs of solid tokens with no gap between them
    cell_of, cells = [], []
    for k in range(n):
        if k == 0 or gap_before[k] != "none":
            cells.append([])
        cells[-1].append(k)
        cell_of.append(len(cells) - 1)
    cell_text = ["".join(toks[solid[k]] for k in c) for c in cells]

    def kind(c: list[int]) -> str:
        ks = {base[k]["cls"] for k in c}
        return next((w for w in ("num", "qual", "op", "cnnum") if w in ks), "text")

    kinds = [kind(c) for c in cells]
    levels = _levels()
    is_level = [t in levels for t in cell_text]
    to_value, nxt = [5] * len(cells), None
    for c in range(len(cells) - 1, -1, -1):
        if kinds[c] in ("num", "qual", "op"):
            nxt = c
        to_value[c] = min(nxt - c, 4) if nxt is not None and nxt > c else (0 if nxt == c else 5)
    from_level, last = [5] * len(cells), None
    for c in range(len(cells)):
        if is_level[c]:
            last = c
        from_level[c] = min(c - last, 4) if last is not None and last < c else 5
    heads = _vocab()["head"]
    cell_head = [next((h for h in heads if ct.endswith(h)), "-") for ct in cell_text]
    cell_comma = [any(ch in ct for ch in "，,、") for ct in cell_text]
    cell_bucket = [_bucket(len(ct)) for ct in cell_text]

    feats = []
    for k in range(n):
        d = dict(base[k])
        d["gap_before"] = gap_before[k]
        d["gap_after"] = gap_after[k]
        c = cell_of[k]
        members = cells[c]
        d["cell_first"] = members[0] == k
        d["cell_last"] = members[-1] == k
        d["cell_kind"] = kinds[c]
        d["next_cell"] = kinds[c + 1] if c + 1 < len(cells) else "none"
        d["prev_cell"] = kinds[c - 1] if c > 0 else "none"
        d["cell_chars"] = cell_bucket[c]
        d["next_cell_chars"] = cell_bucket[c + 1] if c + 1 < len(cells) else "-"
        d["prev_cell_chars"] = cell_bucket[c - 1] if c > 0 else "-"
        d["to_value"] = to_value[c]
        d["from_level"] = from_level[c]
        d["is_level"] = is_level[c]
        d["cell_head"] = cell_head[c]
        d["cell_has_comma"] = cell_comma[c]
        if headers is not None:
            d["hdr_role"] = _header_role(headers.at(tokens[solid[k]][0]), to_value[c])
        for off in (-3, -2, -1, 1, 2, 3):
            j = k + off
            if 0 <= j < n:
                nb = base[j]
                d[f"{off}:cls"] = nb["cls"]
                if abs(off) <= 2 and "w" in nb:
                    d[f"{off}:w"] = nb["w"]
                if off in (-1, 1) and "last" in nb:
                    d[f"{off}:last"] = nb["last"]
        dist = next((j - k for j in range(k + 1, min(k + 12, n)) if base[j]["cls"] in ("num", "qual")), 0)
        d["to_num"] = dist
        feats.append(d)
    return feats
