"""Number text -> number: Arabic (sign, thousands separators, decimals, scientific notation) or
Chinese numerals (cn2an reads 两, 点 and 负 itself).

A number that cannot be a filing value is still read, with a warning (:func:`warning`): the
contract takes damaged values as written, and the warning travels into the record's extra
fields. Only what cannot be read at all raises :class:`NumberError`.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from .. import resources

# float keeps 15 significant digits: a longer number is not read faithfully, and no budget
# figure (the national budget is about 3e13 yuan) needs more
MAX_DIGITS = 15


class NumberError(ValueError):
    """Text that looks like a number but cannot be read as one (a malformed Chinese numeral)."""


@lru_cache(maxsize=None)
def numeral_words(role: str) -> tuple[str, ...]:
    """Surfaces of one role of ``numerals.tsv`` (digit, sign, decimal, percent, half, classifier)."""
    return tuple(r[0] for r in resources.table("numerals.tsv") if r[1] == role)


@lru_cache(maxsize=None)
def _signs() -> str:
    return "".join(numeral_words("sign"))


_ARABIC = re.compile(r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_SEPARATORS = str.maketrans("", "", ",，")


@lru_cache(maxsize=8192)
def to_number(text: str) -> float | int:
    """Arabic or Chinese numeral text -> number (``"1,200"`` -> 1200, ``"一"`` -> 1,
    ``"负3.9"`` -> -3.9, ``"四点五"`` -> 4.5); :class:`NumberError` when it cannot be read."""
    t = text.strip().translate(_SEPARATORS)
    sign = 1
    if t and t[0] in _signs():
        sign, t = -1, t[1:]
    if _ARABIC.fullmatch(t):
        v = float(t)
    else:
        # imported here: cn2an takes ~0.7 s to import, most of a cold start, and many filings
        # never need it
        import cn2an

        try:
            v = float(cn2an.cn2an(t, "smart"))
        except Exception as e:  # cn2an raises KeyError, ValueError ... on malformed numerals ("千十七")
            raise NumberError(f"{text!r} is not a readable number ({type(e).__name__})") from None
    if not math.isfinite(v):
        raise NumberError(f"{text!r} is too large to be a number")
    v *= sign
    return int(v) if v.is_integer() and abs(v) < 2 ** 63 else v


def warning(text: str) -> str | None:
    """Why the number ``text`` cannot be a filing value as written, or None when it can."""
    t = text.translate(_SEPARATORS) if "," in text or "，" in text else text
    if "e" in t.lower() and _ARABIC.fullmatch(t.lstrip(_signs())):
        return f"scientific notation {text!r} is not how filings write values"
    if len(t) <= MAX_DIGITS:
        return None  # (too short to hold too many digits: most numbers, and no count needed)
    digits = sum(c.isdigit() for c in t)
    if digits > MAX_DIGITS:
        return f"{text!r} has {digits} digits, more than a float keeps ({MAX_DIGITS})"
    return None


def clean(x: float) -> float | int:
    """Drop float noise of a multiplication (0.6 x 10000 = 6000.000000000001 -> 6000) while keeping
    small numbers (1e-10 stays 1e-10): 12 significant digits."""
    if x == 0:
        return 0
    if type(x) is float and x.is_integer() and -1e12 < x < 1e12:
        return int(x)  # a whole number of 12 digits or fewer has no noise: what the rounding gives
    y = float(f"{x:.12g}")
    return int(y) if y.is_integer() and abs(y) < 2 ** 63 else y
