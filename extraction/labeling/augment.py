"""Layout augmentation: a gold text re-written in other cell encodings, for training copies.

Each variant swaps one cell separator for another of one character, so every gold span keeps its
offsets: tab-separated rows become pipes, one cell a line or runs of spaces; pipe rows become tabs.
Encodings that move offsets (fully concatenated cells, operator / number / unit split apart) are
not made: their gold spans would have to be moved too.
"""
from __future__ import annotations

# (name, separator in the text, separator in the variant): one character each, offsets kept
_SWAPS = (("pipes", "\t", "|"), ("one cell a line", "\t", "\n"), ("spaces", "\t", " "), ("tabs", "|", "\t"))


def layout_variants(text: str) -> list[tuple[str, str]]:
    """(name, text) of each re-writing of ``text`` in another cell encoding, same length and
    offsets; none for a text without tab or pipe cells."""
    return [(name, text.replace(old, new)) for name, old, new in _SWAPS if old in text]
