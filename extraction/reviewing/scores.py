"""The self-assigned score of a row (分值 / 得分 / 自评分), read from the filing's text after the actual.

Records do not carry scores (the spec says score columns are not values), so the score is found,
best effort, in the cells that follow the actual on its row:

- the cells right after the actual that are bare numbers ("3人 3人 3", "| ≥200 | 202 | 10 | 10 |");
- else the bare numbers that end the row after a text cell (a reason written before the score:
  "≥1800间 1126 市级绩效指标下调 0.5");
- else, where the row ends after the actual, a line holding one bare number before the next record
  (a reason cell broken over lines, the score on a line of its own).

Two numbers are the points available and the score (分值, 得分), the order every self-evaluation
layout of the sample and dev filings uses. One number is the score, unless the nearest score header
above the row names both columns (a row cut short: "| 95 | 10.00 |" under "分值 | 得分" gives 分值
10 and no score); the header words are resources/reviewing/words.tsv ``score_max_header`` /
``score_header``. A number above 100 is no score (a
glued cell such as "100%2020" holds 分值 20 and 得分 20, which cannot be told apart), and neither
is anything past the next record, so glued and scrambled rows get no score rather than a wrong one.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .records import words

_SEP = re.compile(r"[\s|｜]+")
_BARE = re.compile(r"\d+(?:\.\d+)?")
MAX_SCORE = 100.0
LOOKAHEAD_LINES = 8


def _bare(tok: str) -> float | None:
    if _BARE.fullmatch(tok):
        v = float(tok)
        return v if v <= MAX_SCORE else None
    return None


def _numbers(tokens: list[str]) -> list[float]:
    out = []
    for t in tokens:
        v = _bare(t)
        if v is None:
            break
        out.append(v)
    return out


@lru_cache(maxsize=None)
def _header(key: str) -> re.Pattern:
    return re.compile("|".join(r"\s*".join(map(re.escape, w)) for w in words(key)))


HEADER_WINDOW = 120  # characters around a score header word in which the other one is looked for


def header_columns(text: str, start: int) -> int:
    """How many score columns (1 or 2) the nearest score header before ``start`` names."""
    last = None
    for key in ("score_max_header", "score_header"):
        for m in _header(key).finditer(text, 0, start):
            if last is None or m.start() > last:
                last = m.start()
    if last is None:
        return 1
    window = text[max(0, last - HEADER_WINDOW):last + HEADER_WINDOW]
    both = _header("score_max_header").search(window) and _header("score_header").search(window)
    return 2 if both else 1


def row_score(text: str, end: int, stop: int | None = None, *, start: int | None = None
              ) -> tuple[float | None, float | None]:
    """(points available, score) of the row whose actual ends at ``end``; ``stop`` is where the
    next record starts (nothing from there on belongs to this row), ``start`` where the row starts
    (to find its header). Either may be None."""
    stop = len(text) if stop is None else min(stop, len(text))
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:min(line_end, stop)]
    tokens = [t for t in _SEP.split(rest) if t]
    nums = _numbers(tokens)
    if not nums and tokens:
        nums = _numbers(tokens[::-1])[::-1]
    if not nums and line_end < stop:
        for line in text[line_end:stop].split("\n")[1:LOOKAHEAD_LINES + 1]:
            toks = [t for t in _SEP.split(line) if t]
            if len(toks) == 1 and _bare(toks[0]) is not None:
                nums = [float(toks[0])]
                break
    if not nums:
        return None, None
    if len(nums) == 1:
        if start is not None and header_columns(text, start) == 2:
            return _clean(nums[0]), None
        return None, _clean(nums[0])
    return _clean(nums[0]), _clean(nums[1])


def _clean(v: float) -> float | int:
    return int(v) if v.is_integer() else v
