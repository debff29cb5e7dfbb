"""Where the model looks: candidate windows of a document, tokenized.

A candidate line holds a digit, an operator, a qualitative word or a Chinese numeral before a
unit. The model needs context before it (an indicator name broken over the previous lines of a
PDF cell, or a name cell on the line above), so each candidate line opens a window of up to
``before`` non-blank lines above and ``after`` below; overlapping windows merge. Everything else is
never tokenized: that is most of the speed.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .. import resources
from ..tokenizing import segment


class Window:
    """A stretch of the text (``start``..``end``); its tokens (document offsets) are cut on first
    use, so a window the caller passes over is never segmented."""

    def __init__(self, text: str, start: int, end: int):
        self._text, self.start, self.end = text, start, end
        self._tokens: list[tuple[int, int]] | None = None

    @property
    def tokens(self) -> list[tuple[int, int]]:
        if self._tokens is None:
            a = self.start
            self._tokens = [(a + s, a + e) for s, e in segment(self._text[self.start:self.end])]
        return self._tokens


@lru_cache(maxsize=None)
def _candidate() -> re.Pattern:
    words = [w for w in resources.word_list("qualitative.txt")]
    words += [w for w in resources.operators() if len(w) > 1 or not re.fullmatch(r"[\u4e00-\u9fff]", w)]
    units = "|".join(re.escape(u) for u in resources.units() if re.fullmatch(r"[\u4e00-\u9fff]+", u))
    alt = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    numerals = resources.marker("numeral_chars")
    return re.compile(rf"[0-9０-９]|{alt}|[{numerals}]+\s*(?:{units})")


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def candidate_windows(text: str, *, before: int = 6, after: int = 1,
                      select: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) of the merged windows around candidate lines (those ``select`` accepts)."""
    lines = _lines(text)
    nonblank = [i for i, (s, e) in enumerate(lines) if text[s:e].strip()]
    rank = {i: k for k, i in enumerate(nonblank)}
    pat = _candidate()
    spans: list[tuple[int, int]] = []
    for i in nonblank:
        s, e = lines[i]
        if not pat.search(text, s, e) or (select is not None and not select(text[s:e])):
            continue
        k = rank[i]
        first = nonblank[max(0, k - before)]
        last = nonblank[min(len(nonblank) - 1, k + after)]
        a, b = lines[first][0], lines[last][1]
        if spans and a <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(b, spans[-1][1]))
        else:
            spans.append((a, b))
    return spans


# a window longer than this (a page without line breaks) is cut at its last sentence end before
# the limit: the CRF's features and marginals grow with a window's length, and one window of a
# megabyte took about a gigabyte
MAX_WINDOW = 20_000
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def _bounded(text: str, a: int, b: int, limit: int = MAX_WINDOW) -> list[tuple[int, int]]:
    """``(a, b)`` cut into pieces of at most ``limit`` characters, at sentence ends where it can."""
    out = []
    while b - a > limit:
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, a + limit // 2, a + limit)), default=a + limit)
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def windows(text: str, **kw) -> list[Window]:
    """The candidate windows of ``text`` with their tokens."""
    return [Window(text, s, e) for a, b in candidate_windows(text, **kw) for s, e in _bounded(text, a, b)]
