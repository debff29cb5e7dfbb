"""Header rows: which header names a table has and the column role each one gives."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources
from ..normalizing import NormText
from ..normalizing.simplified import to_simplified
from .model import VALUE_ROLES

_PARENS = str.maketrans({"(": "（", ")": "）"})


def _key(text: str) -> str:
    return to_simplified("".join(text.split())).translate(_PARENS)


@lru_cache(maxsize=None)
def _keyed_roles() -> tuple[tuple[str, str], ...]:
    return tuple((_key(n), r) for n, r in resources.header_roles())


@lru_cache(maxsize=65536)
def role_of(cell_text: str) -> str | None:
    """Column role of one header cell ("指标值（预 计当年实 现）" -> target), None if unknown."""
    key = _key(cell_text)
    if not key:
        return None
    for name, role in _keyed_roles():
        if key == name:
            return role
    for name, role in _keyed_roles():
        if name in key and len(key) <= len(name) + 6:
            return role
    return None


def fix_roles(roles: list[str | None]) -> list[str | None]:
    """With a 三级指标 column present, 指标内容 / 指标名称 columns only describe it."""
    names = [i for i, r in enumerate(roles) if r == "name"]
    if len(names) > 1:
        roles = list(roles)
        for i in names[1:]:
            roles[i] = "desc"
    return roles


def is_header(roles: list[str | None]) -> bool:
    """A header names an indicator column and at least one value column."""
    return "name" in roles and any(r in VALUE_ROLES for r in roles) and sum(r is not None for r in roles) >= 3


def read_stream_header(text: str, start: int, limit: int = 400) -> tuple[list[str], int] | None:
    """Read header names one after another from ``start`` across any white space and line breaks.

    Returns the roles in order and the original offset where the header ends, or None.
    """
    # Headers are short: read a short window first. Its view is a prefix of the long one unless
    # a tag or escape crosses its end, so while the reading stops a longest name short of the
    # window's end it is the same reading; otherwise read the whole window.
    short = min(limit, _SHORT_WINDOW)
    if short < limit and "<" not in text[start:start + short] and "\\" not in text[start:start + short]:
        got = _read_names(text, start, short)
        if got is not None:
            return _header_or_none(*got)
    got = _read_names(text, start, limit, complete=True)
    return _header_or_none(*got)


_SHORT_WINDOW = 120


def _header_or_none(roles: list[str], end: int) -> tuple[list[str], int] | None:
    roles = fix_roles(roles)
    return (roles, end) if is_header(roles) else None


def _read_names(text: str, start: int, limit: int, complete: bool = False) -> tuple[list[str], int] | None:
    """Header roles read from ``text[start:start+limit]`` and where they end; None when the
    reading came too near the window's end to be sure (unless ``complete``)."""
    view = NormText(text, start, min(len(text), start + limit), drop_spaces=True)
    s = view.text.translate(_PARENS)
    names = _keyed_roles()
    pos, roles, end = 0, [], start
    while pos < len(s):
        for key, role in names:
            if s.startswith(key, pos):
                roles.append(role)
                end = view.to_original(pos, pos + len(key))[1]
                pos += len(key)
                break
        else:
            break
    if not complete and start + limit < len(text) and len(s) - pos < _longest_key():
        return None
    return roles, end


@lru_cache(maxsize=None)
def _longest_key() -> int:
    return max(len(k) for k, _ in _keyed_roles())


@lru_cache(maxsize=None)
def _header_start() -> re.Pattern:
    first = sorted({_key(n)[:2] for n, _ in resources.header_roles()}, key=len, reverse=True)
    return re.compile(r"^[ \t]*(" + "|".join(re.escape(f) for f in first) + ")", re.M)


def header_starts(text: str) -> list[int]:
    """Offsets of lines that begin with a header name (candidates for a header row)."""
    return [m.start(1) for m in _header_start().finditer(to_simplified(text))]


def find_headers(text: str) -> list[tuple[int, int, list[str | None]]]:
    """Every header row of ``text`` in any layout (tabs, one name a line, PDF text):
    (start, end, column roles in order)."""
    out = []
    for s in header_starts(text):
        got = read_stream_header(text, s)
        if got:
            out.append((s, got[1], got[0]))
    return out
