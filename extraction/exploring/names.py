"""Indicator names cut into words (jieba with the project's domain dictionary) and their heads.

The head of a Chinese noun phrase is its last word: 培训|合格率 → 合格率, 聘请|人才|专员|人数 → 人数.
Heads are then classed by the suffix they end with (resources/exploring/name_heads.txt: 率, 人数,
满意度 ...), so 合格率 and 覆盖率 count together as 率."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import pandas as pd

from ..resources import labels, word_list
from ..tokenizing import make_nlp

# a trailing bracket says the unit or a remark ("满意度(%)", "人才（人口）结构" keeps its inner one)
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]\s*$")
OTHER = labels()["other"]
_QUOTES = frozenset("“”‘’\"'「」《》")


def core(name: str) -> str:
    """The name without trailing bracketed remarks and white space."""
    name = "".join((name or "").split())
    while True:
        cut = _TRAILING_BRACKET.sub("", name)
        if cut == name or not cut:
            return name
        name = cut


@lru_cache(maxsize=4096)
def _segment(name: str) -> tuple[str, ...]:
    doc = make_nlp().make_doc(core(name))
    return tuple(t.text for t in doc if not (t.is_punct or t.is_space or t.text in _QUOTES))


def segment(name: str) -> list[str]:
    """The words of an indicator name (jieba + domain dictionary), punctuation left out."""
    return list(_segment(name))


def head_word(name: str) -> str | None:
    """The last word of the name, or None for a name without words."""
    words = _segment(name)
    return words[-1] if words else None


def head_class(word: str | None) -> str:
    """The class of a head word: the longest listed suffix it ends with, else ``其他``."""
    if not word:
        return OTHER
    for suffix in word_list("exploring/name_heads.txt"):  # longest first
        if word.endswith(suffix):
            return suffix
    return OTHER


def name_heads(names: Iterable[str]) -> pd.DataFrame:
    """One row per name: ``name``, ``words`` (joined by ``|``), ``head``, ``head_class``."""
    rows = []
    for n in names:
        words = _segment(n)
        head = words[-1] if words else None
        rows.append({"name": n, "words": "|".join(words), "head": head, "head_class": head_class(head)})
    return pd.DataFrame(rows, columns=["name", "words", "head", "head_class"])
