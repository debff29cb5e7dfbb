"""The unit after a number, as an open class.

A unit is a listed unit (``resources/units.txt``, longest first, possibly broken by white space
inside a PDF cell: "分\\n钟") or any measure word (``resources/measure_words.txt``: 头 只 株 ...),
followed by any number of "/" parts ("元/生/年", "次/月", "件/件"); after a magnitude it may be a
"/" part alone ("620万/月"). A measure word is one character: what follows it is a noun, not part
of the unit ("15次作业" -> 次). Latin units ("cm", "kg") must not run into more letters.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources

_LATIN_END = re.compile(r"[A-Za-z]$")
_CJK = r"[\u4e00-\u9fff]"


def _spaced(word: str) -> str:
    # a unit may be broken by white space or a line break inside a PDF cell ("分\n钟")
    body = r"\s*".join(re.escape(c) for c in word)
    return body + (r"(?![A-Za-z])" if _LATIN_END.search(word) else "")


@lru_cache(maxsize=None)
def measure_words() -> str:
    """The measure-word characters as one regex character class body."""
    return "".join(re.escape(w) for w in resources.word_list("measure_words.txt") if len(w) == 1)


@lru_cache(maxsize=None)
def listed() -> frozenset[str]:
    return frozenset(resources.units())


@lru_cache(maxsize=None)
def unit_pattern() -> str:
    """Regex source of a unit (no groups)."""
    known = "|".join(_spaced(u) for u in resources.units())
    atom = rf"(?:{known}|[{measure_words()}])"
    part = rf"(?:/\s*(?:{known}|{_CJK}))"
    return rf"(?:{atom}{part}*|{part}+)"


@lru_cache(maxsize=None)
def magnitude_pattern() -> str:
    """Regex source of one magnitude character that does not start a listed unit (千 of 千克,
    百 of 百分比 are the unit's)."""
    alts = []
    for mag in resources.magnitudes():
        rests = sorted((u[len(mag):] for u in resources.units() if u.startswith(mag) and len(u) > len(mag)),
                       key=len, reverse=True)
        # the lookahead is on the characters after the magnitude: "千" of "2.3千克" is the unit's
        block = rf"(?!{'|'.join(re.escape(r) for r in rests)})" if rests else ""
        alts.append(re.escape(mag) + block)
    return "(?:" + "|".join(alts) + ")"


def normalise_unit(surface: str) -> str:
    """A unit as written -> the record's unit: white space removed, listed other forms (百分比 -> %)."""
    flat = "".join(surface.split())  # (str.split parts at what \s matches: the same, and cheaper)
    return resources.unit_forms().get(flat, flat)


def is_listed_or_compound(unit: str) -> bool:
    """Whether a normalised unit is listed or a "/" compound (a bare measure word is neither)."""
    return unit in listed() or unit in resources.unit_forms().values() or "/" in unit
