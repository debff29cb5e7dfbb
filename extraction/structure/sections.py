"""Performance prose sections: headings (resources/sections.tsv) and the column their statements
report (年初设定目标 -> target, 全年实际完成情况 -> actual)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .. import resources
from ..normalizing.simplified import to_simplified


@lru_cache(maxsize=None)
def _heading_patterns() -> tuple[tuple[re.Pattern, re.Pattern, str], ...]:
    out = []
    for name, col in resources.table("sections.tsv"):
        pat = r"\s*".join(re.escape(c) for c in name)
        # a long heading is a heading wherever it follows a break or a list number ("二、绩效目标
        # 完成情况分析"); a short one only where a delimiter closes it too
        after = "" if len(name) >= 6 else r"(?:[:：\t\n |]|$)"
        out.append((re.compile(pat), re.compile(rf"(?:^|[\t\n>：:|、)）。]|\d[、.])[ \t*]*({pat})[ \t*]*{after}"), col))
    return tuple(out)


def find_headings(name: re.Pattern, heading: re.Pattern, text: str) -> Iterator[re.Match]:
    """``heading.finditer(text)``, found fast: a heading match holds the name just after at most
    two delimiter characters and a run of spaces or asterisks, so it is tried only at the few
    positions before each occurrence of the name (a plain scan tries every character)."""
    pos = 0
    while (occ := name.search(text, pos)) is not None:
        q = occ.start()
        lo = q
        while lo > pos and text[lo - 1] in " \t*":
            lo -= 1
        for p in range(max(pos, lo - 2), q + 1):
            m = heading.match(text, p)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = q + 1


@lru_cache(maxsize=None)
def _heading_words() -> tuple[str, ...]:
    """Each heading of :func:`_heading_patterns` without white space, in the same order."""
    return tuple("".join(name.split()) for name, _ in resources.table("sections.tsv"))


def sections(text: str, simple: str | None = None) -> list[tuple[int, int, str]]:
    """(start, end, column) of the performance sections of ``text`` (``simple``: the text in
    simplified characters, when found already)."""
    heads = []
    view = to_simplified(text) if simple is None else simple  # one character for one: offsets hold
    # a heading's name may be spread over white space, never without it here: most names are in no
    # filing, and their scans are skipped
    flat = "".join(view.split())
    for word, (name, heading, col) in zip(_heading_words(), _heading_patterns()):
        if word not in flat:
            continue
        for m in find_headings(name, heading, view):
            heads.append((m.start(1), m.end(), col))
    heads.sort()
    # a longer heading wins over the shorter one it contains (项目绩效总目标 vs 绩效目标)
    kept: list[tuple[int, int, str]] = []
    for h in heads:
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    out = []
    for i, (s, e, col) in enumerate(kept):
        nxt = kept[i + 1][0] if i + 1 < len(kept) else len(text)
        if col != "-":
            out.append((e, nxt, col))
    return out


@lru_cache(maxsize=None)
def _heading_line() -> re.Pattern:
    """A line holding only a short heading, its list number before it ("二、项目实施成效", "主要成效")."""
    n = resources.marker("list_numeral_chars")
    return re.compile(rf"^[ \t]*(?:[{n}]+、|[(（][{n}\d]+[)）]|\d+[、.．])?"
                      r"[ \t]*([\u4e00-\u9fff]{2,16})[ \t]*[:：]?[ \t]*$", re.M)


def _turns(view: str, s: int, e: int, col: str) -> list[tuple[int, int, str]]:
    """The section ``(s, e, col)`` split at each heading line no list holds that names a column by
    its last word ("主要成效" after 年度绩效目标: the results, not the goals), each part with its
    column; the heading lines are in no part."""
    if col not in ("target", "actual"):
        return [(s, e, col)]
    out = []
    for m in _heading_line().finditer(view, s, e):
        cue = next((c for c in ("target", "actual") if m.group(1).endswith(resources.markers(f"heading_cue_{c}"))), None)
        if cue is not None:
            out.append((s, m.start(), col))
            s, col = m.end(), cue
    return [part for part in out + [(s, e, col)] if part[1] > part[0]]


def section_columns(text: str, simple: str | None = None) -> list[tuple[int, int, str]]:
    """Performance sections as (start, end, column); a section holding 年初设定目标 and then
    全年实际完成情况 as two numbered lists is split where the numbering restarts, and one that goes
    on under a heading of the other column ("主要成效") is split at that heading (``simple``: the
    text in simplified characters, when found already)."""
    out: list[tuple[int, int, str]] = []
    sects = sections(text, simple)
    if sects and simple is None:
        simple = to_simplified(text)
    for s0, e0, col0 in sects:
        for s, e, col in _turns(simple, s0, e0, col0):
            restarts = [s + m.start() for m in re.finditer(r"(?:^|\n|。)\s*1[、.．]", text[s:e])]
            if col == "target" and resources.marker("actual_list_heading") in text[max(0, s - 40):s + 12] and len(restarts) > 1:
                out += [(s, restarts[1], "target"), (restarts[1], e, "actual")]
            else:
                out.append((s, e, col))
    return out
