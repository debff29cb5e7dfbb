"""A normalised view of a stretch of the original text, with an offset map back to it.

Matching (value grammar, headers, prose rules) runs on the view; every span found there is
mapped back with :meth:`NormText.to_original`, so records always point into the original.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .simplified import to_simplified

_TAG = re.compile(r"</?(?:p|b|br|span|strong|div|td|tr)\b[^>]*>", re.I)
_SPACES = {"\u00a0", "\u3000", "\u2002", "\u2003", "\u2009", "\u200b", "\ufeff", "\t"}
_KEEP_FULLWIDTH = set("，。：；、（）“”《》")


# full-width ASCII forms -> ASCII, odd spaces -> " ": one character for one, so runs of text
# are folded with one str.translate and their offsets stay put
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if chr(c) not in _KEEP_FULLWIDTH}
_FOLD.update({ord(c): " " for c in _SPACES})
# (str.translate looks up every character: most text has none to fold, which one search tells)
_FOLDED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")


def _fold(s: str) -> str:
    return s.translate(_FOLD) if _FOLDED.search(s) else s
_TAG_OR_ESCAPE = _TAG.pattern + r"|\\[%$&#_{}]|\$"
_SPECIAL = re.compile(_TAG_OR_ESCAPE, re.I)
# drop_spaces: every character that folds to white space goes (\u200b and \ufeff too)
_SPECIAL_DROP = re.compile(_TAG_OR_ESCAPE + r"|[\s\u200b\ufeff]+", re.I)
# join_lines: a run of white space goes up to its last line break (a run without one is kept
# as it is, so it is no match: most lines have spaces and no break)
_SPECIAL_JOIN = re.compile(_TAG_OR_ESCAPE + r"|\s*\n", re.I)


@dataclass
class NormText:
    """Normalised text of ``original[start:end]``.

    * full-width ASCII forms (％＞＝＜０-９) become ASCII; odd spaces become " ";
    * ``$`` of LaTeX math is dropped (``$\\geq 50$`` reads ``\\geq 50``) and escapes such as
      ``\\%`` read ``%``;
    * HTML tags such as ``<p>`` become one newline;
    * traditional characters become simplified ones (OpenCC t2s, one character for one), so
      "10萬元" reads as "10万元"; fields taken as written come from the original, not the view;
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
        # Only tags, LaTeX escapes, "$" and (when spaces are dropped or lines joined) white space
        # are handled match by match; the text between them is copied in one piece. The old
        # character-by-character loop was the rule extractor's largest single cost.
        end = len(self.original) if self.end is None else self.end
        self.end = end
        src = self.original
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        special = _SPECIAL_DROP if self.drop_spaces else _SPECIAL_JOIN if self.join_lines else _SPECIAL

        def plain(a: int, b: int) -> None:
            pieces.append(src[a:b])
            starts.extend(range(a, b))
            ends.extend(range(a + 1, b + 1))

        i = self.start
        for m in special.finditer(src, self.start, end):
            a, b = m.span()
            if a > i:
                plain(i, a)
            i = b
            c = src[a]
            if c == "<":
                pieces.append("\n")
                starts.append(a)
                ends.append(b)
            elif c == "\\":
                # LaTeX escapes such as \% read as the character they escape
                pieces.append(src[a + 1])
                starts.append(a)
                ends.append(b)
            # else "$", or white space dropped (with join_lines the match ends at the run's last
            # line break: the white space after it is plain text)
        if i == self.start:  # nothing special: the view is the text folded, offsets one for one
            self.text = to_simplified(_fold(src[i:end]))
            self._starts, self._ends = list(range(i, end)), list(range(i + 1, end + 1))
            return
        if i < end:
            plain(i, end)
        # (folded once: what the loop put in, a newline or an escaped ASCII sign, folds to itself)
        self.text = to_simplified(_fold("".join(pieces)))
        self._starts = starts
        self._ends = ends

    def to_original(self, a: int, b: int) -> tuple[int, int]:
        """Map the view's span [a, b) to the original's span (end exclusive)."""
        if not 0 <= a < b <= len(self.text):
            raise ValueError(f"span [{a}, {b}) outside the normalised text of length {len(self.text)}")
        return self._starts[a], self._ends[b - 1]

    def __len__(self) -> int:
        return len(self.text)
