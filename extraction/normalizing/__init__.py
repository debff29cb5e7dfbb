"""A normalised view of a stretch of the original text, with an offset map back to it.

Matching (value grammar, headers, prose rules) runs on the view; every span found there is
mapped back with :meth:`NormText.to_original`, so records always point into the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_TAG = re.compile(r"</?(?:p|b|br|span|strong|div|td|tr)\b[^>]*>", re.I)
_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}
_KEEP_FULLWIDTH = set("，。：；、（）“”《》")


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - 0xFEE0)
    if ch in _SPACES:
        return " "
    return ch


@dataclass
class NormText:
    """Normalised text of ``original[start:end]``.

    * full-width ASCII forms (％＞＝＜０-９) become ASCII; odd spaces become " ";
    * ``$`` of LaTeX math is dropped (``$\\geq 50$`` reads ``\\geq 50``) and escapes such as
      ``\\%`` read ``%``;
    * HTML tags such as ``<p>`` become one newline;
    * with ``join_lines`` line breaks (and the spaces around them) are dropped, so words
      broken by a PDF line break read whole; with ``drop_spaces`` all white space is dropped.
    """

    original: str
    start: int = 0
    end: int | None = None
    join_lines: bool = False
    drop_spaces: bool = False
    text: str = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    _ends: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        end = len(self.original) if self.end is None else self.end
        self.end = end
        chars: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        src = self.original
        i = self.start
        tags = {m.start(): m.end() for m in _TAG.finditer(src, self.start, end)}
        while i < end:
            if i in tags:
                chars.append("\n")
                starts.append(i)
                ends.append(tags[i])
                i = tags[i]
                continue
            ch = src[i]
            if ch == "\\" and i + 1 < end and src[i + 1] in "%$&#_{}":
                # LaTeX escapes such as \% read as the character they escape
                chars.append(src[i + 1])
                starts.append(i)
                ends.append(i + 2)
                i += 2
                continue
            if ch == "$":
                i += 1
                continue
            ch = _fold(ch)
            if ch.isspace():
                if self.drop_spaces:
                    i += 1
                    continue
                if self.join_lines and self._in_line_break(src, i, end):
                    i += 1
                    continue
            chars.append(ch)
            starts.append(i)
            ends.append(i + 1)
            i += 1
        self.text = "".join(chars)
        self._starts = starts
        self._ends = ends

    @staticmethod
    def _in_line_break(src: str, i: int, end: int) -> bool:
        """True when the white space at i belongs to a run of white space holding a newline."""
        a = i
        while a > 0 and src[a - 1].isspace() and src[a - 1] != "\n":
            a -= 1
        b = i
        while b < end and src[b].isspace():
            if src[b] == "\n":
                return True
            b += 1
        return "\n" in src[a:i + 1]

    def to_original(self, a: int, b: int) -> tuple[int, int]:
        """Map the view's span [a, b) to the original's span (end exclusive)."""
        if not 0 <= a < b <= len(self.text):
            raise ValueError(f"span [{a}, {b}) outside the normalised text of length {len(self.text)}")
        return self._starts[a], self._ends[b - 1]

    def __len__(self) -> int:
        return len(self.text)
