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
def operators() -> dict[str, tuple[str, str]]:
    """surface form -> (normalised operator, position)."""
    return {r[0]: (r[1], r[2]) for r in _lines("operators.tsv")}


@lru_cache(maxsize=None)
def magnitudes() -> dict[str, float]:
    return {r[0]: float(r[1]) for r in _lines("magnitudes.tsv")}


@lru_cache(maxsize=None)
def units() -> tuple[str, ...]:
    return tuple(sorted((r[0] for r in _lines("units.txt")), key=len, reverse=True))


@lru_cache(maxsize=None)
def qualitative_words() -> frozenset[str]:
    return frozenset(r[0] for r in _lines("qualitative.txt"))


@lru_cache(maxsize=None)
def header_roles() -> tuple[tuple[str, str], ...]:
    """(header name, role) pairs, longest name first."""
    rows = [(r[0], r[1]) for r in _lines("headers.tsv")]
    return tuple(sorted(rows, key=lambda r: len(r[0]), reverse=True))


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
