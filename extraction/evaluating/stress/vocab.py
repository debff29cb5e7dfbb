"""The stress generator's vocabulary (``resources/stress/``), read once."""
from __future__ import annotations

from functools import lru_cache

from ... import resources


@lru_cache(maxsize=None)
def headers() -> dict[str, tuple[str, ...]]:
    """role -> header names, the plain table's first."""
    out: dict[str, list[str]] = {}
    for role, name in resources.table("stress/headers.tsv"):
        out.setdefault(role, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def extra_columns() -> dict[str, tuple[str, ...]]:
    """extra column header -> the filler cells it may hold."""
    rows = resources.table("stress/extra_columns.tsv")
    return {row[0]: tuple(row[1].split(",")) if len(row) > 1 else ("",) for row in rows}


@lru_cache(maxsize=None)
def op_surfaces() -> dict[tuple[str, str], tuple[tuple[str, str], ...]]:
    """(op, style) -> (surface, position) pairs."""
    out: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for op, style, surface, position in resources.table("stress/operators.tsv"):
        out.setdefault((op, style), []).append((surface, position))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def ocr_swaps() -> tuple[tuple[str, str, str, str], ...]:
    return tuple(tuple(r) for r in resources.table("stress/ocr.tsv"))  # type: ignore[misc]


@lru_cache(maxsize=None)
def pinyin() -> dict[str, str]:
    return {c: p for c, p in resources.table("stress/pinyin.tsv")}


@lru_cache(maxsize=None)
def furniture() -> tuple[str, ...]:
    return tuple(r[0] for r in resources.table("stress/furniture.txt"))


@lru_cache(maxsize=None)
def titles() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for kind, template in resources.table("stress/titles.tsv"):
        out.setdefault(kind, []).append(template)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=None)
def s2t():
    """OpenCC simplified -> traditional (the reader's normalising goes back with t2s)."""
    import opencc

    return opencc.OpenCC("s2t")


def has_magnitude(unit: str) -> bool:
    """Whether a unit as written holds a magnitude character (万人): its number is not the value."""
    return any(m in unit for m in resources.magnitudes())
