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
