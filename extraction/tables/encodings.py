"""Cell encodings: how a line of text is cut into cells.

Every text layout the filings use is one of a few ways of writing cells on a line: pipes
(``| a | b |``, ``a | b |``), tabs, runs of spaces, one cell a line. An encoding is a function
registered here that returns the cell pieces of one line; :func:`cell_stream` turns a stretch of
text into one stream of cells (with the line each came from) whatever the encoding, and the
header-driven reader (``tables.reader``) works on that stream only. A new way of writing cells is
one function plus ``@register``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .. import resources
from .glued import (header_roles, is_glued, is_glued_header, is_glued_row, is_glued_values, split_glued,
                    split_name_line)
from .headers import role_of
from .model import Cell
from .kinds import LONG, MIXED, QUAL, TEXT, UNIT, flat, kind_of, level_of
from ..tokenizing import segment
from ..values import find_values, opens_with_value

Splitter = Callable[[str], list[tuple[int, int]]]
#: encodings whose cells the text itself marks (a guess of a cell's column is surest there)
MARKED = ("pipes", "tabs")

#: name -> (applies to this line?, splitter); tried in registration order
ENCODINGS: dict[str, tuple[Callable[[str], bool], Splitter]] = {}


def register(name: str, applies: Callable[[str], bool]):
    """Register a splitter of one line into (start, end) pieces for lines where ``applies``."""
    def deco(fn: Splitter) -> Splitter:
        ENCODINGS[name] = (applies, fn)
        if name != "line" and "line" in ENCODINGS:  # one cell a line is the fallback: always tried last
            ENCODINGS["line"] = ENCODINGS.pop("line")
        return fn
    return deco


def _split_on(line: str, sep: re.Pattern) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in sep.finditer(line):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(line)))
    return out


_PIPE = re.compile(r"[|｜]")
_TAB = re.compile(r"\t")
_SPACES = re.compile(r" +")
_WIDE_GAP = re.compile(r" {2,}")
_CJK_TEXT = r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f“”]"
_WRAP_SPACE = re.compile(rf"(?<={_CJK_TEXT}) (?={_CJK_TEXT})")
_WRAP_WIDTH = 10  # characters of a column a PDF wraps in: the pieces on both sides are no longer


def _wrap_space(m: re.Match) -> str:
    line, a = m.string, m.start()
    before, after = line[:a].rsplit(" ", 1)[-1], line[a + 1:].split(" ", 1)[0]
    return "\x00" if len(before) <= _WRAP_WIDTH and len(after) <= _WRAP_WIDTH else " "


# a label spread one character per space ("产 出 指 标") is one cell
_SPREAD = re.compile(r"(?<![^\s])[\u4e00-\u9fff](?: [\u4e00-\u9fff](?![^\s]))+")


# a markdown table's alignment row ("|---|:---:|"): a rule between header and rows, no cells
_ALIGNMENT_ROW = re.compile(r"[|｜\s]*:?-{3,}:?(?:[|｜\s]+:?-{3,}:?)*[|｜\s]*")


@register("pipes", lambda line: "|" in line or "｜" in line)
def split_pipes(line: str) -> list[tuple[int, int]]:
    if _ALIGNMENT_ROW.fullmatch(line):
        return []
    return _split_on(line, _PIPE)


@register("tabs", lambda line: "\t" in line)
def split_tabs(line: str) -> list[tuple[int, int]]:
    return _split_on(line, _TAB)


@register("glued", is_glued)
def split_glued_line(line: str) -> list[tuple[int, int]]:
    return split_glued(line)


@register("spaces", lambda line: " " in line.strip())
def split_spaces(line: str) -> list[tuple[int, int]]:
    # join spread labels first: mask their inner spaces so the split keeps them whole
    masked = _SPREAD.sub(lambda m: m.group().replace(" ", "\x00"), line)
    if _WIDE_GAP.search(line.strip()):
        # columns set apart by runs of spaces: a lone space between two Chinese characters is where
        # a PDF column wrapped a name ("宣传活动次 数"), not a cell boundary
        masked = _WRAP_SPACE.sub(_wrap_space, masked)
    return _name_glued_to_value(line, _split_on(masked, _SPACES))


_DIGIT_AT_END = re.compile(r"\d[^\d\s]{0,4}\s*$")  # a value's number, then at most its unit
_CJK_BEFORE_VALUE = re.compile(r"[\u4e00-\u9fff”」》）)]")


def _name_glued_to_value(line: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``pieces`` with a first piece that ends in a value glued to its name cut in two, where every
    other piece opens with a value ("公务员登记50 150 1": OCR keeps the spaces between numbers and
    drops the one after a name)."""
    cells = [(a, b) for a, b in pieces if line[a:b].strip()]
    if len(cells) < 2 or not _DIGIT_AT_END.search(line[cells[0][0]:cells[0][1]]):
        return pieces
    if not all(opens_with_value(line[a:b].strip()) for a, b in cells[1:]):
        return pieces
    a, b = cells[0]
    # the values glued to the name, last first ("微信公众号点击率600次/年807 1": two of them)
    cuts = []
    end = b
    while True:
        tail = [m for m in find_values(line[a:end]) if m.end == end - a and m.start > 1]
        if not tail or not _CJK_BEFORE_VALUE.match(line[a + tail[-1].start - 1]):
            break
        end = a + tail[-1].start
        cuts.insert(0, end)
    if not cuts:
        return pieces
    k = pieces.index(cells[0])
    # (level names glued before the name are cells of their own: "产出指标数量指标公务员登记50 150")
    name = [(a + s, a + e) for s, e in split_name_line(line[a:cuts[0]])]
    return pieces[:k] + name + list(zip(cuts, cuts[1:] + [b])) + pieces[k + 1:]


@register("line", lambda line: True)
def split_none(line: str) -> list[tuple[int, int]]:
    return split_name_line(line)


@dataclass
class StreamCell:
    """A non-blank cell of the stream, the line it is on and the encoding that cut it."""

    cell: Cell
    line: int
    encoding: str
    #: a line of separators only ("| |", "|") stands between this cell and the one before
    after_rule: bool = False

    @property
    def text(self) -> str:
        return self.cell.text

    def through(self, last: "StreamCell", text: str) -> "StreamCell":
        """One cell from this one through ``last`` (a cell the layout broke in pieces), on
        ``last``'s line."""
        a, b = self.cell.start, last.cell.end
        return StreamCell(Cell(a, b, text[a:b]), last.line, last.encoding)


def encoding_of(line: str) -> str:
    """Name of the first registered encoding that applies to ``line``."""
    for name, (applies, _) in ENCODINGS.items():
        if applies(line):
            return name
    return "line"


_BRACKETS = re.compile(r"[()（）]")


def _one_char(piece: str) -> bool:
    """One character, brackets aside ("标（", "分）")."""
    return len(_BRACKETS.sub("", piece)) == 1


def _join_vertical(text: str, cells: list[StreamCell]) -> list[StreamCell]:
    """A label written one character a line ("产\n出\n指\n标", "绩\n效\n指\n标（\n\n6\n0\n分）") is one cell."""
    out: list[StreamCell] = []
    for c in cells:
        prev = out[-1] if out else None
        if (prev is not None and c.line - prev.line in (1, 2) and prev.encoding == c.encoding == "line"
                and _one_char(c.text) and len("".join(prev.text.split())) < 12
                and all(_one_char(p) for p in prev.text.split()) and not prev.text.endswith((")", "）"))):
            out[-1] = prev.through(c, text)
        else:
            out.append(c)
    return out


@lru_cache(maxsize=None)
def _level_prefixes() -> frozenset[str]:
    """Every beginning of a hierarchy name, with and without its "指标"."""

    suffix = resources.marker("indicator_suffix")
    names = {n.split("#")[0] for n in resources.levels()}
    names |= {n + suffix for n in names if not n.endswith(suffix)}
    return frozenset(n[:k] for n in names for k in range(1, len(n) + 1))


def _piece_follows(cells: list[StreamCell], j: int) -> bool:
    """Whether the cell after ``cells[j]`` may be the next piece of a broken name: both alone on
    their lines, at most a blank line apart."""
    return (cells[j].encoding == "line" and j + 1 < len(cells) and cells[j + 1].encoding == "line"
            and 0 < cells[j + 1].line - cells[j].line <= 2)


def _join_levels(text: str, cells: list[StreamCell]) -> list[StreamCell]:
    """A hierarchy name the column width broke over lines, each piece alone on its line ("满意" /
    "度指" / "标", "服务对象" / "满意度指" / "标") is one cell: the longest run of pieces that spells
    one."""

    prefixes = _level_prefixes()
    out: list[StreamCell] = []
    i = 0
    while i < len(cells):
        best, j = i, i
        # (flattened only where a piece may follow: most cells are no name's first piece)
        follows = _piece_follows(cells, i)
        acc = (flat(cells[i].text) or "") if follows else ""
        while follows and acc in prefixes:
            acc += flat(cells[j + 1].text) or ""
            j += 1
            if acc not in prefixes:
                break
            if level_of(acc):
                best = j
            follows = _piece_follows(cells, j)
        out.append(cells[i].through(cells[best], text) if best > i else cells[i])
        i = best + 1
    return out


_MIN_LONE = 20  # lone cells needed to tell PDF text whose cells end with a space


def _ends_with_space(text: str, c: StreamCell) -> bool:
    return text[c.cell.end:c.cell.end + 1] in (" ", "\t", "\u3000")


def broken_cells(text: str, cells: list[StreamCell], *, ocr: bool = False) -> set[int]:
    """Indices of the cells a column width broke, in PDF text whose cells each end with a space
    before the line break ("应时间 \n"): a cell alone on its line whose line ends with no space
    ("系统运维响\n\n应时间 ") goes on in the next cell alone on its line, unless that one opens
    with a value ("≥30 分钟"). In OCR'd text (``ocr``) the pieces are told by their words."""

    # a level name the line width broke before its 指标 ("社会效益" / "指标"), in any text
    suffix = resources.marker("indicator_suffix")
    levels = {i for i, (a, b) in enumerate(zip(cells, cells[1:]))
              if b.line > a.line and b.text == suffix and level_of(flat(a.text) + suffix)}
    return levels | _broken_by_width(text, cells, ocr=ocr)


def _broken_by_width(text: str, cells: list[StreamCell], *, ocr: bool) -> set[int]:
    lone = [c for c in cells if c.encoding == "line"]
    if len(lone) < _MIN_LONE:
        return set()
    spaced = sum(_ends_with_space(text, c) for c in lone) > len(lone) / 2
    if not spaced and not ocr:
        return set()  # (before the pairs: their value test is the cost of this function)
    # (the last cell of a line of several cells breaks too: "小于 30 分" / "钟")
    pairs = [(i, a, b) for i, (a, b) in enumerate(zip(cells, cells[1:]))
             if a.encoding in ("line", "spaces") and b.encoding == "line" and 0 < b.line - a.line <= 2
             and text[b.cell.start - 1] == "\n" and text[a.cell.end:a.cell.end + 1] in ("\n", "")
             and not opens_with_value(b.text)]
    if spaced:
        return {i for i, a, b in pairs if not _ends_with_space(text, a)}
    # OCR of such a page (a space at the end of a line prints as nothing): a cell broke where a
    # word goes on over the line break ("信息平台运" / "行及维护", "小于30分" / "钟"), where a line
    # ends or the next opens with a word that cannot end or open a cell ("绩效管理和" / "综合考评"),
    # and on a line as long as the piece before it, which broke at the same column width
    # ("综合考评日" / "常工作办结" / "时限"; "高层次人才" / "公寓申请配" / "套时间": the first piece too)
    out: set[int] = set()
    pieces = {i for i, a, b in pairs if a.encoding == "line" and kind_of(b.text) in (TEXT, LONG, MIXED, QUAL, UNIT)}
    width = _column_width(cells, pieces)
    for i in sorted(pieces):
        if (i - 1 in out and _same_width(cells, i - 1)) or _word_across(cells[i].text, cells[i + 1].text):
            out.add(i)
        elif width and len(flat(cells[i].text) or "") == width and _name_goes_on(cells, i):
            out.add(i)  # as long as the page's column is wide, and words after it ("所有经费能" / "有效使用")
    for i in sorted(out, reverse=True):
        k = i
        while k - 1 in pieces and k - 1 not in out and _same_width(cells, k - 1):
            out.add(k - 1)
            k -= 1
    return out


_MIN_WIDTH, _MIN_AT_WIDTH = 5, 5  # characters of a column width, and pieces that show it


def _name_goes_on(cells: list[StreamCell], i: int) -> bool:
    """Whether the text cell ``cells[i]`` goes on in the words of the next one: no header cell
    either, and the row's value (or the rest of the name) right after them."""
    a, b = cells[i].text, cells[i + 1].text
    if kind_of(a) != TEXT or kind_of(b) not in (TEXT, LONG, MIXED) or role_of(a) or role_of(b):
        return False
    after = cells[i + 2].text if i + 2 < len(cells) else ""
    return opens_with_value(after) or kind_of(after) in (QUAL, TEXT)


def _column_width(cells: list[StreamCell], pieces: set[int]) -> int:
    """The width a column broke its names at on an OCR'd page: the most common length of the
    text pieces followed by more words, when at least ``_MIN_AT_WIDTH`` of them share it; else 0."""
    lengths = Counter(len(flat(cells[i].text) or "") for i in pieces if kind_of(cells[i].text) == TEXT)
    if not lengths:
        return 0
    width, seen = lengths.most_common(1)[0]
    return width if width >= _MIN_WIDTH and seen >= _MIN_AT_WIDTH else 0


def _same_width(cells: list[StreamCell], i: int) -> bool:
    """Whether the words of ``cells[i]`` and ``cells[i + 1]``, three lines in a row equally far
    apart, are equally long (a column width broke both)."""
    a, b, c = cells[i:i + 3] if i + 3 <= len(cells) else (None, None, None)
    return (a is not None and kind_of(a.text) in (TEXT, LONG, MIXED)
            and b.line - a.line == c.line - b.line and len(flat(a.text) or "") == len(flat(b.text) or ""))


@lru_cache(maxsize=None)
def _broken_edges() -> tuple[str, str]:
    return resources.marker("broken_cell_end_chars"), resources.marker("broken_cell_start_chars")


def _word_across(a: str, b: str) -> bool:
    """Whether ``a`` and ``b``, two lines, are one cell broken: a word of their concatenation spans
    the break (unless ``a`` is a whole name, ending in a name's head word, and ``b`` no scrap:
    "党建示范点数" / "据实统计"), or a word that cannot end or open a cell stands at it."""
    a, b = "".join(a.split()), "".join(b.split())
    if not a or not b:
        return False
    ends, starts = _broken_edges()
    if a[-1] in ends or b[0] in starts:
        return True
    if kind_of(b) == UNIT and any(m.start < len(a) < m.end for m in find_values(a + b)):
        return True
    if len(b) > 2 and a.endswith(resources.word_list("indicator_heads.txt")):
        return False
    return any(s < len(a) < e for s, e in segment(a + b))


def broken_wholes(text: str, cells: list[StreamCell], *, ocr: bool = False) -> dict[int, StreamCell]:
    """Index of each piece of a cell a column width broke (:func:`broken_cells`) -> the whole cell
    (one object for all its pieces)."""
    broken = broken_cells(text, cells, ocr=ocr)
    out: dict[int, StreamCell] = {}
    for i in sorted(broken):
        if i - 1 in broken:
            continue  # inside a run its first piece has joined
        j = i
        while j in broken:
            j += 1
        whole = cells[i].through(cells[j], text)
        for k in range(i, j + 1):
            out[k] = whole
    return out


def join_pieces(cells: list[StreamCell], wholes: dict[int, StreamCell]) -> tuple[list[StreamCell], list[int]]:
    """``cells`` with the pieces in ``wholes`` (index -> the whole cell, one object for all its
    pieces) joined, and for each of ``cells`` the index of the cell it is in the joined list."""
    joined: list[StreamCell] = []
    where: list[int] = []
    for i, c in enumerate(cells):
        whole = wholes.get(i)
        if whole is None or wholes.get(i - 1) is not whole:
            joined.append(whole or c)
        where.append(len(joined) - 1)
    return joined, where


def join_broken(text: str, cells: list[StreamCell], *, ocr: bool = False) -> list[StreamCell]:
    """``cells`` with the pieces :func:`broken_cells` finds joined into whole cells."""
    wholes = broken_wholes(text, cells, ocr=ocr)
    return join_pieces(cells, wholes)[0] if wholes else cells


@lru_cache(maxsize=None)
def _furniture() -> tuple[re.Pattern, re.Pattern]:
    pages = resources.word_list("page_numbers.txt")
    words = "|".join(map(re.escape, resources.word_list("between_rows.txt")))
    return re.compile(words or "(?!)"), re.compile("|".join(f"(?:{p})" for p in pages))


def is_furniture(line: str) -> bool:
    """Whether ``line`` is what a page or a web mirror prints between a table's rows (a page number,
    返回顶部, 打印本页): no row, and no end of the table either."""
    words, pages = _furniture()
    return words.search("".join(line.split())) is not None or pages.fullmatch(line.strip()) is not None


def _next_line(text: str, eol: int, end: int) -> str:
    """The next non-blank line after the line ending at ``eol`` (within ``end``)."""
    pos = eol + 1
    while pos < end:
        nxt = text.find("\n", pos, end)
        nxt = end if nxt < 0 else nxt
        if text[pos:nxt].strip():
            return text[pos:nxt]
        pos = nxt + 1
    return ""


def cell_stream(text: str, start: int = 0, end: int | None = None, *, ocr: bool = False) -> list[StreamCell]:
    """Every non-blank cell of ``text[start:end]`` in reading order (``ocr``: the text is OCR
    output, whose rows may put their values glued together on a line of their own)."""
    end = len(text) if end is None else end
    out: list[StreamCell] = []
    pos, line_no, rule = start, 0, False
    glued = False  # the line before was glued: a name glued to one value goes on the glued table
    roles: list[str] | None = None  # the columns of the glued table's header
    while pos <= end:
        eol = text.find("\n", pos, end)
        eol = end if eol < 0 else eol
        line = text[pos:eol]
        if line.strip() and not is_furniture(line):
            name = encoding_of(line)
            if name == "line" and (is_glued_header(line, _next_line(text, eol, end)) or is_glued_row(line)
                                   or (glued and is_glued_row(line, values=1, roles=roles))
                                   or (ocr and is_glued_values(line))):
                name = "glued"
            # (a level name alone on its line, "产出指标", goes on a glued table)
            level_alone = glued and name == "line" and level_of(line) is not None
            glued = name == "glued" or level_alone
            if name == "glued":
                roles = header_roles(line) or roles
            elif not glued and name == "line":
                roles = None  # (a row of spaced cells, "…抽查人次40 40", goes on the glued table)
            found = False
            for a, b in (split_glued(line, roles) if name == "glued" else ENCODINGS[name][1](line)):
                # (an empty piece, between two tabs, is no cell: most pieces of a tab line)
                if a < b and (c := Cell.of(text, pos + a, pos + b)) is not None:
                    out.append(StreamCell(c, line_no, name, after_rule=rule))
                    rule, found = False, True
            if not found:
                rule = True  # a line of separators: in one-cell-a-line layouts, a row ends here
        line_no += 1
        pos = eol + 1
    return _join_levels(text, _join_vertical(text, out))
