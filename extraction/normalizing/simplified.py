"""Traditional -> simplified Chinese, one character for one, so offsets stay put.

OpenCC's t2s converts phrase by phrase and almost always keeps the length; where it does not
(a phrase mapped to a longer or shorter one), the text is converted character by character,
each character kept as written unless it converts to exactly one character.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=None)
def _converter():
    # imported here: only text with characters outside ASCII needs it
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char(c: str) -> str:
    if "\ud800" <= c <= "\udfff":
        return c  # a lone surrogate (broken text) cannot be encoded for OpenCC; it stays as it is
    out = _converter().convert(c)
    return out if len(out) == 1 else c


def to_simplified(text: str) -> str:
    """``text`` with traditional characters simplified; always exactly as long as ``text``."""
    if text.isascii():
        return text
    try:
        out = _converter().convert(text)
    except UnicodeEncodeError:
        out = ""
    if len(out) == len(text):
        return out
    return "".join(_char(c) for c in text)


# pinyin that mirror sites insert after characters ("項(xiàng)目"): lower-case Latin letters with
# tone marks in brackets, never part of a filing's own words
_PINYIN = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）]")


@lru_cache(maxsize=65536)  # the readers compare the same cells many times (header words, fill-down)
def match_form(text: str) -> str:
    """The form cells and words are compared in: NFKC, simplified characters, inserted pinyin
    dropped, no white space. Not for offsets (its length differs)."""
    return "".join(_PINYIN.sub("", to_simplified(unicodedata.normalize("NFKC", text))).split())

# (a unit in brackets, "(km)", is no pinyin: the flat view drops only syllables with a tone mark)
_TONED_PINYIN = re.compile(r"[(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]*[)）]")


@lru_cache(maxsize=8192)  # the glued-table tests look at a line and the next one, then cut it
def flat_view(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """``text`` simplified, without white space and the pinyin mirror sites insert ("產(chǎn)出指標(biāo)"
    reads "产出指标"), with the start and end in ``text`` of each character kept; a character's end
    takes in the pinyin after it, so a cell cut after it keeps its pinyin as written."""
    simple = to_simplified(text)
    if "(" not in text and "（" not in text:
        starts = tuple(i for i, ch in enumerate(simple) if not ch.isspace())
        return "".join(simple[i] for i in starts), starts, tuple(i + 1 for i in starts)
    dropped = [False] * len(text)
    for m in _TONED_PINYIN.finditer(text):
        if m.start() > 0 and not text[m.start() - 1].isspace():
            dropped[m.start():m.end()] = [True] * (m.end() - m.start())
    starts, ends = [], []
    for i, ch in enumerate(simple):
        if dropped[i]:
            if ends:
                ends[-1] = i + 1
        elif not ch.isspace():
            starts.append(i)
            ends.append(i + 1)
    return "".join(simple[i] for i in starts), tuple(starts), tuple(ends)
