"""Character-level damage done to a piece of text before it is written (so offsets never move):
traditional characters with the pinyin mirror sites add, OCR-like swaps, PDF column wrapping."""
from __future__ import annotations

import random
import re

from ...record import Record
from .vocab import ocr_swaps, pinyin, s2t

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def traditional(text: str, *, with_pinyin: bool = True) -> str:
    """``text`` in traditional characters, each listed one followed by its pinyin ("數(shù)")."""
    if not text:
        return text
    text = s2t().convert(text)
    if with_pinyin:
        py = pinyin()
        text = "".join(c + f"({py[c]})" if c in py else c for c in text)
    return text


def wrapped(rng: random.Random, text: str) -> str:
    """A PDF column too narrow for the cell: the text broken by spaces every few characters."""
    if len(text) < 6:
        return text
    width = rng.randint(4, 8)
    return " ".join(text[i:i + width] for i in range(0, len(text), width))


def swapped(rng: random.Random, rate: float, text: str, old: str, new: str) -> str:
    """``text`` with each ``old`` character scanned as ``new`` at ``rate``."""
    return "".join(new if c == old and rng.random() < rate else c for c in text)


def ocr_name(rng: random.Random, rate: float, name: str) -> str:
    """A name with the listed look-alike characters swapped (the gold keeps the typo, as written)."""
    for piece, old, new, _ in ocr_swaps():
        if piece == "name":
            name = swapped(rng, rate, name, old, new)
    return name


def ocr_value(rng: random.Random, rate: float, rec: Record, pre: str, post: str, val: str,
              unit: str) -> tuple[str, str, str, dict]:
    """(operator before, number, unit) with OCR-like swaps, and the record fields they change:
    "≥90%" scanned as "290%" is taken as written (spec: value 290, op "=" unless an operator
    follows); "1O0" and "90$" are read as meant."""
    fields: dict = {}
    for piece, old, new, _ in ocr_swaps():
        if piece == "op" and pre == old and rng.random() < rate and _NUMBER.fullmatch(val) and float(val) and rec.value:
            factor = rec.value / float(val)   # a magnitude in the unit (万人) scales the new number too
            val, pre = new + val, ""
            written = float(val) * factor
            fields["value"] = int(written) if float(written).is_integer() else written
            if not post:
                fields["op"] = "="
        elif piece == "val" and old in val and _NUMBER.fullmatch(val):
            val = swapped(rng, rate, val, old, new)
        elif piece == "unit" and unit == old and rng.random() < rate:
            unit = new
    return pre, val, unit, fields
