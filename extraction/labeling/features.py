"""Token features for the CRF: the token, its shape and character classes, dictionary hits
(operators, units, magnitudes, qualitative words, indicator heads), neighbours (skipping white
space, so a name broken over lines still sees the value after it) and the token's place in its
line and table row."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import resources

_SEP = {"ws": "sep", "nl": "sep", "tab": "sep", "tag": "sep"}
_CN_NUM = set("零〇一二两三四五六七八九十百千万")
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


@lru_cache(maxsize=None)
def _levels() -> frozenset[str]:
    names = set()
    for name in resources.levels():
        names.add(name.split("#")[0])
    for name, role in resources.header_roles():
        names.add(name)
    return frozenset(names)


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7-10" if n <= 10 else "11-20" if n <= 20 else "21+"


def _shape(t: str) -> str:
    s = re.sub(r"[0-9]", "d", t)
    s = re.sub(r"[\u4e00-\u9fff]", "C", s)
    s = re.sub(r"[A-Za-z]", "a", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def _norm(t: str) -> str:
    # full-width forms fold to ASCII (％ -> %, ＞＝ -> >=, ０ -> 0)
    return unicodedata.normalize("NFKC", t)


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


def _token_features(t: str, cls: str) -> dict[str, object]:
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


def sequence_features(text: str, tokens: list[tuple[int, int]]) -> list[dict[str, object]]:
    """One feature dict per token of a window."""
    toks = [text[s:e] for s, e in tokens]
    classes = [token_class(t) for t in toks]
    base = [_token_features(t, c) for t, c in zip(toks, classes)]
    solid = [i for i, c in enumerate(classes) if c not in ("ws", "nl", "tab", "tag")]
    pos_in_solid = {i: k for k, i in enumerate(solid)}

    line_first, first = [], True
    for c in classes:
        line_first.append(first and c not in ("ws", "nl", "tab", "tag"))
        if c == "nl":
            first = True
        elif c not in ("ws", "tab", "tag"):
            first = False

    # cells: runs of solid tokens between tabs, line breaks or tags; what the neighbouring cells hold
    sep = {"tab", "nl", "tag", "ws"}
    cell_of, cells = [], [[]]
    for i, c in enumerate(classes):
        if c in sep:
            if cells[-1]:
                cells.append([])
            cell_of.append(-1)
        else:
            cells[-1].append(i)
            cell_of.append(len(cells) - 1)
    cells = [c for c in cells if c] or [[]]

    def cell_kind(k: int) -> str:
        if not 0 <= k < len(cells) or not cells[k]:
            return "none"
        kinds = [classes[j] for j in cells[k]]
        for want in ("num", "qual", "op", "cnnum"):
            if want in kinds:
                return want
        return "text"

    kinds = [cell_kind(k) for k in range(len(cells))]
    levels = _levels()
    cell_text = ["".join(toks[j] for j in c) for c in cells]
    is_level = [t in levels for t in cell_text]
    # cells to the next value cell (1 = the cell right before a value), a name cell's best clue
    to_value = [0] * len(cells)
    nxt = None
    for k in range(len(cells) - 1, -1, -1):
        if kinds[k] in ("num", "qual", "op"):
            nxt = k
        to_value[k] = min(nxt - k, 4) if nxt is not None and nxt > k else 5
    from_level = [5] * len(cells)
    last = None
    for k in range(len(cells)):
        if is_level[k]:
            last = k
        from_level[k] = min(k - last, 4) if last is not None and last < k else 5

    feats = []
    for i, f in enumerate(base):
        d = dict(f)
        # tabs, line breaks, spaces and tags all separate cells in one filing or another: the
        # model sees them alike, so a name cell reads the same in any layout
        d["bol"] = line_first[i]
        d["prev_raw"] = _SEP.get(classes[i - 1], classes[i - 1]) if i > 0 else "BOS"
        d["next_raw"] = _SEP.get(classes[i + 1], classes[i + 1]) if i + 1 < len(toks) else "EOS"
        ck = cell_of[i]
        if ck >= 0:
            members = cells[ck]
            d["cell_first"] = members[0] == i
            d["cell_last"] = members[-1] == i
            d["cell_kind"] = cell_kind(ck)
            d["next_cell"] = cell_kind(ck + 1)
            d["prev_cell"] = cell_kind(ck - 1)
            d["cell_len"] = min(len(members), 8)
            d["cell_chars"] = _bucket(len(cell_text[ck]))
            d["to_value"] = to_value[ck]
            d["from_level"] = from_level[ck]
            d["is_level"] = is_level[ck]
            heads = _vocab()["head"]
            d["cell_head"] = next((h for h in heads if cell_text[ck].endswith(h)), "-")
            d["cell_has_comma"] = any(c in cell_text[ck] for c in "，,、")
        k = pos_in_solid.get(i)
        if k is not None:
            for off in (-3, -2, -1, 1, 2, 3):
                j = k + off
                if 0 <= j < len(solid):
                    nb = base[solid[j]]
                    d[f"{off}:cls"] = nb["cls"]
                    if abs(off) <= 2 and "w" in nb:
                        d[f"{off}:w"] = nb["w"]
                    if off in (-1, 1) and "last" in nb:
                        d[f"{off}:last"] = nb["last"]
            # how far the next number is (names sit just before values)
            dist = next((j - k for j in range(k + 1, min(k + 12, len(solid))) if classes[solid[j]] in ("num", "qual")), 0)
            d["to_num"] = min(dist, 12)
        feats.append(d)
    return feats
