"""Language resources (operators, units, magnitudes, qualitative words, headers, levels).

The data lives in ``extraction/resources/*``; this module only reads it. Lines starting
with ``#`` are comments, fields are tab-separated.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources as _res

_PKG = "extraction.resources"


def _lines(name: str) -> list[list[str]]:
    text = _res.files(_PKG).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def resource_path(name: str) -> str:
    """Filesystem path of a resource file (for tools that want a path, e.g. jieba)."""
    return str(_res.files(_PKG).joinpath(name))


@lru_cache(maxsize=None)
def cold_start_text() -> str:
    """A tiny filing (cold_start_filing.txt without its comment line): the benchmark's cold start,
    and what a batch worker reads once before its first file."""
    return _res.files(_PKG).joinpath("cold_start_filing.txt").read_text(encoding="utf-8").split("\n", 1)[1]


@lru_cache(maxsize=None)
def operators() -> dict[str, tuple[str, str]]:
    """surface form -> (normalised operator, position)."""
    return {r[0]: (r[1], r[2]) for r in _lines("operators.tsv")}


@lru_cache(maxsize=None)
def operator_reach() -> dict[str, int]:
    """prefix operator -> how many characters of a verb phrase may separate it from its number."""
    return {r[0]: int(r[3]) for r in _lines("operators.tsv") if len(r) > 3 and r[3]}


@lru_cache(maxsize=None)
def magnitudes() -> dict[str, float]:
    return {r[0]: float(r[1]) for r in _lines("magnitudes.tsv")}


@lru_cache(maxsize=None)
def units() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in _lines("units.txt")), key=len, reverse=True))


@lru_cache(maxsize=None)
def unit_forms() -> dict[str, str]:
    """unit surface -> normalised unit, for the units that units.txt writes another way (百分比 -> %)."""
    return {r[0]: r[1] for r in _lines("units.txt") if len(r) > 1 and r[1]}


@lru_cache(maxsize=None)
def qualitative_words() -> frozenset[str]:
    return frozenset(r[0] for r in _lines("qualitative.txt"))


@lru_cache(maxsize=None)
def level_names() -> tuple[str, ...]:
    """The hierarchy names of levels.tsv, longest first (a name is tried before the shorter names it holds)."""
    return tuple(sorted({n.split("#")[0] for n in levels()}, key=len, reverse=True))


@lru_cache(maxsize=None)
def levels() -> dict[str, tuple[int, str | None]]:
    """hierarchy name -> (level, parent 一级指标 or None). A name may be both levels; level 2 wins
    only where listed with a parent."""
    out: dict[str, tuple[int, str | None]] = {}
    for r in _lines("levels.tsv"):
        lvl = int(r[1])
        parent = r[2] if len(r) > 2 and r[2] else None
        if r[0] in out and out[r[0]][0] == 1 and lvl == 2:
            out[r[0] + "#2"] = (lvl, parent)
            continue
        out[r[0]] = (lvl, parent)
    return out


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """A one-column resource file as a tuple, longest entry first."""
    return tuple(sorted((r[0] for r in _lines(name)), key=len, reverse=True))


@lru_cache(maxsize=None)
def table(name: str) -> tuple[tuple[str, ...], ...]:
    """A tab-separated resource file as rows."""
    return tuple(tuple(r) for r in _lines(name))


@lru_cache(maxsize=None)
def money_units() -> frozenset[str]:
    """Units of budget figures (元, 万元): a value in one is never a performance indicator."""
    return frozenset(word_list("money_units.txt"))


@lru_cache(maxsize=None)
def date_units() -> frozenset[str]:
    """Units of dates and periods: a number in one is never a performance indicator."""
    return frozenset(word_list("date_units.txt"))


@lru_cache(maxsize=None)
def _markers() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for r in _lines("markers.tsv"):
        out.setdefault(r[0], []).append(r[1])
    return {k: tuple(v) for k, v in out.items()}


def markers(kind: str) -> tuple[str, ...]:
    """The words of one kind of ``markers.tsv`` (project fields, name tails, ...), in file order."""
    return _markers()[kind]


def marker(kind: str) -> str:
    """The one word (or string of characters, for a ``*_chars`` kind) of ``markers.tsv``."""
    (word,) = _markers()[kind]
    return word


@lru_cache(maxsize=None)
def labels() -> dict[str, str]:
    """Labels the exploring DataFrames and plots show (``exploring/labels.tsv``), by key."""
    return {r[0]: r[1] for r in _lines("exploring/labels.tsv")}
