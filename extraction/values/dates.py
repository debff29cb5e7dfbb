"""Dates and ranges: stretches where a number is not a value with a unit.

"2023年底", "9月前", "2021年12月31日", "2022-12-30", "2020年1月--2020年11月" and ranges such as
"18—54周岁" or "2-12个月" are qualitative as written (spec; dev decision D21), never 2023 年 or
54 周岁. The words come from ``resources/dates.tsv``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources

Span = tuple[int, int]


def _words(role: str) -> list[str]:
    return sorted((r[0] for r in resources.table("dates.tsv") if r[1] == role), key=len, reverse=True)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=None)
def _date() -> re.Pattern:
    year, month, day = (_alt(_words(r)) for r in ("year", "month", "day"))
    suffix = _alt(_words("suffix"))
    # a year is four digits (19xx / 20xx); a month one or two; "1年" or "5年" are durations
    y = rf"(?:19|20)\d{{2}}\s*(?:{year})"
    m = rf"(?:0?[1-9]|1[0-2])\s*(?:{month})"
    d = rf"(?:0?[1-9]|[12]\d|3[01])\s*(?:{day})"
    numeric = r"(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])(?:[-./](?:0?[1-9]|[12]\d|3[01]))?"
    # (every date opens with an ASCII digit: one test of that rejects the other positions first)
    return re.compile(
        rf"(?=[0-9])(?<![\d.])(?:{numeric}|{y}(?:\s*{m}(?:\s*{d})?)?|{m}(?:\s*{d})?)(?![\d/])(?:\s*(?:{suffix})){{0,2}}")


@lru_cache(maxsize=None)
def range_joiner() -> re.Pattern:
    """The text between the two ends of a range ("—", "-", "至", "~" ...), white space around it."""
    return re.compile(rf"\s*(?:{_alt(_words('range'))})+\s*")


def date_spans(text: str) -> list[Span]:
    """Spans of the dates in ``text``, two dates joined by a range word counting as one span."""
    spans = [m.span() for m in _date().finditer(text)]
    out: list[Span] = []
    for s, e in spans:
        if out and range_joiner().fullmatch(text, out[-1][1], s):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out
