"""What a cell holds, read from its content alone: an operator, a unit, a value, a level name ...

The header-driven reader scores how well a cell fits a column from this kind, so the same reader
works whatever the layout: a cell "≥" fits an operator column, "95%" a value column, "产出指标"
a level column, a sentence a name or description column.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .. import resources
from ..normalizing.simplified import match_form
from ..values import find_values

EMPTY, OP, UNIT, NATURE, LEVEL1, LEVEL2, VALUE, MIXED, NUMBER, QUAL, DATE, RANGE, TEXT, LONG, HEADER, NUMBERED = (
    "empty", "op", "unit", "nature", "level1", "level2", "value", "mixed", "number", "qual", "date",
    "range", "text", "long", "header", "numbered")
#: kinds whose value is read as written, as one qualitative value (dates, periods, ranges)
AS_WRITTEN = (DATE, RANGE)

_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_DATE = re.compile(r"(?:\d{4}\s*年(?:度|底|末|内)?|\d{1,2}\s*月(?:\d{1,2}\s*日)?(?:底|末|份)?|[上下]半年|年底|年末|之?前|季度|\d{4}[.-]\d{1,2}[.-]\d{1,2})+")
_RANGE = re.compile(r"\d(?:[\d.]*)\s*[-—–~～至到]\s*\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BARE = re.compile(r"[+-]?\d+(?:[,，]\d{3})*(?:\.\d+)?")


@lru_cache(maxsize=None)
def _numbering() -> re.Pattern:
    return re.compile(r"\s*(?:" + "|".join(resources.word_list("numbering.txt")) + r")\s*")


def numbering_end(text: str) -> int:
    """Length of the list numbering ("指标1:", "1、", "(2)") that opens ``text``; 0 if none."""
    m = _numbering().match(text)
    return m.end() if m and m.end() < len(text) else 0


def flat(text: str) -> str:
    """How cells are compared with word lists: NFKC, simplified characters, inserted pinyin
    dropped, no white space."""
    return match_form(text)


@lru_cache(maxsize=None)
def _words(name: str) -> frozenset[str]:
    return frozenset(resources.word_list(name))


@lru_cache(maxsize=None)
def _ops() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFKC", w) for w in resources.operators()) | frozenset(resources.operators())


@lru_cache(maxsize=None)
def unit_words() -> frozenset[str]:
    """Every unit, measure word and magnitude a unit cell may hold, and each magnitude with a unit."""
    mags = list(resources.magnitudes())
    units = set(resources.units()) | set(resources.word_list("unit_words.txt")) | set(resources.word_list("measure_words.txt"))
    return frozenset(units | {m + u for m in mags for u in units} | set(mags))


@lru_cache(maxsize=None)
def place_pattern() -> re.Pattern:
    suffixes = "|".join(map(re.escape, resources.word_list("place_suffixes.txt")))
    return re.compile(rf"[\u4e00-\u9fff]{{1,6}}?(?:{suffixes})")


@lru_cache(maxsize=None)
def places_pattern() -> re.Pattern:
    return re.compile(rf"(?:{place_pattern().pattern})+")


def is_place(text: str) -> bool:
    """Whether ``text`` is one place name ("埭头镇", "新罗区"): the name of an area's value column."""
    f = "".join(text.split())
    return bool(f) and place_pattern().fullmatch(f) is not None


def level_of(text: str) -> int | None:
    """1 or 2 when ``text`` (brackets such as "(10分)" dropped) is a hierarchy name."""
    key = _PAREN.sub("", flat(text))
    info = resources.levels().get(key)
    if info is None and key.endswith("指标"):
        info = resources.levels().get(key[:-2])
    return info[0] if info else None


@lru_cache(maxsize=65536)
def kind_of(text: str) -> str:
    """The kind of one cell's text (see the module constants)."""
    if _numbering().fullmatch(text):
        return EMPTY  # a template's numbered slot with nothing in it ("指标2:")
    skip = numbering_end(text)
    if skip and flat(text).startswith(resources.word_list("numbered_names.txt")):
        return NUMBERED  # "指标1:开展…": a numbered indicator name
    f = flat(text[skip:])
    if not f or f in _words("empty_cells.txt"):
        return EMPTY
    if f in _ops():
        return OP
    if f in unit_words():
        return UNIT
    if f in _words("nature_words.txt"):
        return NATURE
    lvl = level_of(f)
    if lvl == 1:
        return LEVEL1
    if lvl == 2:
        return LEVEL2
    if _BARE.fullmatch(f):
        return NUMBER
    m = _RANGE.search(f)
    if m and len(_CJK.findall(f[m.end():])) <= 6:
        return RANGE
    dates = sum(len(m.group()) for m in _DATE.finditer(f))
    if dates and dates >= 0.4 * len(f) and len(f) <= 16:
        return DATE
    found = find_values(f)
    if found:
        covered = sum(m.end - m.start for m in found)
        # a value cell starts with its value; words before a number name something ("饲料库120平米")
        if covered >= 0.6 * len(f) and len(found) <= 2 and found[0].start == 0:
            return VALUE
        # a name that holds a number goes on after it to its head word ("孕产妇7天访视数")
        after = f[found[-1].end:]
        heads = resources.word_list("indicator_heads.txt")
        if len(_CJK.findall(after)) >= 2 and after.endswith(heads) and found[0].start > 0:
            return TEXT
        if len(f) <= 24 and not _DATE.search(f):
            return MIXED
    if f in resources.qualitative_words():
        return QUAL
    if len(f) > 30:
        return LONG
    return TEXT
