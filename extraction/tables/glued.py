"""Cells of fully concatenated text: a table whose cells lost every separator (document-site
previews, copy-paste from a PDF viewer), "一级指标二级指标三级指标指标解释指标方向…产出指标数量指标开展修复工程(个)
反映…情况≥11". Cells are cut where the language says one ends: at the header's head words, around the
level names, around runs of values, and before an explanation ("反映…"). The header-driven reader
then fits the cells to the columns as for any other encoding (``tables.encodings``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import resources
from ..normalizing.simplified import flat_view
from .headers import head_roles, head_words, role_of
from .kinds import LONG, MIXED, TEXT, kind_of, place_pattern, places_pattern, unit_words
from ..values import find_values, opens_with_value
from ..values.dates import date_spans

_MIN_LENGTH = 80  # characters (white space aside) of a glued table line
_CHARS_PER_PIECE = 15  # a glued line has few white-space pieces for its length
_MIN_LEVELS = 3  # level names in it
_MIN_HEADS = 3  # head words in a row make a glued header
_DIGIT = re.compile(r"\d+")
_CELL_LINE = 12  # characters of a line holding one cell of a table written a cell a line
_HEAD_GAP = 4  # characters between two head words of one header at most
_VALUE_ROLES = ("target", "actual", "prior", "last")
# a value with a word glued to it on both sides
_GLUED_VALUE = re.compile(r"(?<=[\u4e00-\u9fff])(?:\d+(?:\.\d+)?%?){1,3}(?=[\u4e00-\u9fff])")
_POINTS_CELL = re.compile(r"\d{1,2}(?:\.\d)?")  # a row's points (自评分): a small number
# a row's points closing it after its words ("…合同约定完成3")
_CLOSING_POINTS = re.compile(rf"(?<=[\u4e00-\u9fff]{{3}}){_POINTS_CELL.pattern}$")
_TAIL_WORD = re.compile(r"[\u4e00-\u9fff]{1,4}")  # a short word closing a row (a 绩效标准 grade: 优)


# a note in brackets after a level name belongs to its cell: its points ("产出指标(50分)") or whether
# it must be filled in ("数量指标(必填硬性指标)")
def _level_note() -> str:
    """A note after a level name: words in brackets ("(必填)") or its points ("(50分)", "(40-50)分",
    "(0-20)分", "40分")."""
    score = re.escape(resources.marker("score_unit"))
    points = rf"\d{{1,3}}(?:[-—~～]\d{{1,3}})?"
    return rf"(?:[(（][^()（）\d]{{1,8}}[)）]|[(（]{points}{score}?[)）]{score}?|\d{{1,3}}{score})?"


@lru_cache(maxsize=None)
def _levels() -> re.Pattern:
    suffix = resources.marker("indicator_suffix")
    names = sorted({n.split("#")[0] for n in resources.levels() if n.split("#")[0].endswith(suffix)},
                   key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, names))}){_level_note()}")


@lru_cache(maxsize=None)
def _heads() -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(set(head_words()), key=len, reverse=True))))


@lru_cache(maxsize=None)
def _roles() -> dict[str, str]:
    """Head word -> column role (the header vocabulary of :mod:`tables.headers`)."""
    return dict(head_roles())


def _role(word: str) -> str:
    return _roles().get(word, "")


@lru_cache(maxsize=None)
def _desc_starts() -> re.Pattern:
    return re.compile("|".join(map(re.escape, resources.word_list("glued_desc_starts.txt"))))


def _flat(line: str) -> str:
    """``line`` as the cuts read it: simplified, no white space, no inserted pinyin."""
    return flat_view(line)[0]


def is_glued(line: str) -> bool:
    """Whether ``line`` is a table written with no cell separators: long, few white-space pieces
    for its length, no pipes or tabs, and several level names in it."""
    if "|" in line or "｜" in line or "\t" in line:
        return False
    f = _flat(line)
    if len(line) < _MIN_LENGTH:
        # a short line is a glued row or header only when nothing parts its words and it opens
        # with two level names ("产出指标数量指标宣传活动次数≥3次") or is a header of head words
        return " " not in line.strip() and _opens_with_levels(f)
    if len(f) < _MIN_LENGTH:
        return False
    # a doc-site preview breaks long cells with a space where the PDF column wrapped ("管理制 度严格
    # 执行率100%100%储备粮…"): its pieces are short, but its values are glued to the words on both sides
    if len(f) / max(1, len(line.split())) < _CHARS_PER_PIECE and len(_GLUED_VALUE.findall(line)) < _MIN_LEVELS:
        return False
    levels = len(_levels().findall(f))
    # a page that goes on a table holds fewer level names; its glued values say it is one
    return (levels >= _MIN_LEVELS or bool(_header_cuts(f)[1])
            or (levels >= _MIN_LEVELS - 1 and len(_GLUED_VALUE.findall(line)) >= _MIN_LEVELS))


def _separated(line: str) -> bool:
    """Whether anything parts the cells of ``line``: pipes, tabs or a space inside it."""
    return "|" in line or "｜" in line or "\t" in line or " " in line.strip()


def is_glued_header(line: str, next_line: str) -> bool:
    """Whether a short line with no separator is a glued header ("一级指标二级指标三级指标年度指标值"):
    it is a run of head words and the line after it is a glued row (its values on it or on the
    line after it: "产出指标数量指标研究培育食用菌品种数量…" / "2种")."""
    if _separated(line):
        return False
    f = _flat(line)
    if len(f) >= _MIN_LENGTH:
        return False
    spans = _header_cuts(f)[1]
    if not spans:
        return False
    if is_glued(next_line) or is_glued_row(next_line, values=1, roles=spans[-1][2]):
        return True  # (over a name glued to its value: "体验培训1万人次")
    # over cells a line, a line of head words only, a value column among them, is a header (OCR
    # drops the spaces between the cells of a header: "一级指标二级指标指标内容指标值绩效标准" over
    # "产出指标"); over rows a line that no rule tells glued it is left to the judge
    nxt = _flat(next_line)
    return (len(spans) == 1 and spans[0][:2] == (0, len(f)) and bool(set(spans[0][2]) & set(_VALUE_ROLES))
            and len(nxt) <= _CELL_LINE and not re.search(r"\d", nxt))


def is_glued_row(line: str, values: int = 2, roles: list[str] | None = None) -> bool:
    """Whether a short line with no separator is a row whose values are glued to its name and to
    each other ("聘用人员数量3人3人3": OCR drops the spaces between the cells of a row): words, then
    ``values`` or more pieces that each open with a value. Among them may stand a slash for an empty
    cell, a reason before the row's points, and, under a glued header of ``roles``, a word of a
    column after the values (优); qualitative words count as values before the row's points and in a
    row that opens with its level name under a glued header."""
    # (under a glued header a row may hold a word for its value: "数量指标党建示范点据实统计")
    if _separated(line) or (len(_DIGIT.findall(line)) < values and not roles
                            and not _CLOSING_POINTS.search(_flat(line))):
        return False
    pieces = [line[a:b] for a, b in split_glued(line, roles)]
    opens_levels = len(pieces) > 1 and _levels().fullmatch(_flat(pieces[0])) is not None
    while len(pieces) > 1 and _levels().fullmatch(_flat(pieces[0])):
        pieces = pieces[1:]  # (under a glued header a row may open with its 二级 name alone)
    # (a slash for an empty cell may stand among the values: "精品示范村/4个", no target)
    cells = [p for p in pieces[1:] if p not in _SLASHES]
    if len(cells) > 1 and roles and roles[-1] not in _VALUE_ROLES and _TAIL_WORD.fullmatch(cells[-1]):
        cells = cells[:-1]  # the word of a column after the values ("优" under 绩效标准)
    if len(cells) >= 3 and _POINTS_CELL.fullmatch(_flat(cells[-1])) and not re.search(r"\d", cells[-2]) \
            and opens_with_value(cells[0]):
        cells = cells[:-2] + cells[-1:]  # a reason between the values and the points ("…1126|市级…下调|0.5")
    if len(cells) < values or re.search(r"\d", pieces[0]) or kind_of(pieces[0]) not in (TEXT, LONG, MIXED):
        return False
    # (qualitative values end a row that opens with its level name under a glued header, or stand
    # before the points that close it: "聘用人员工作时间合同约定完成3")
    words_ok = bool(roles and opens_levels) or bool(_POINTS_CELL.fullmatch(_flat(cells[-1])))
    return all(opens_with_value(p) or _chinese_count(p) or (words_ok and is_qualitative(_flat(p))) for p in cells)


def _date_value_cuts(f: str) -> list[int]:
    """Where a date closing a row with no other value starts: a 时效 row's value is a date
    ("开工时限2021年7月", "项目完成时间2023年底"), a qualitative value the value grammar skips."""
    dates = date_spans(f)
    if not dates or dates[-1][1] != len(f) or dates[-1][0] == 0 or find_values(f[:dates[-1][0]]):
        return []
    return [dates[-1][0]]


def _chinese_count(cell: str) -> bool:
    """Whether a cell is one Chinese numeral with its unit ("一次", "至少一次", "两批次")."""
    found = find_values(cell, chinese_numerals=True)
    return len(found) == 1 and found[0].unit is not None and found[0].start == 0 and found[0].end == len(cell.rstrip())


def is_glued_values(line: str) -> bool:
    """Whether a line with no separator holds only values glued together, a row's values on the
    line after its name ("50次164次1": OCR drops the spaces between them)."""
    if _separated(line) or len(_DIGIT.findall(line)) < 2:
        return False
    pieces = [line[a:b] for a, b in split_glued(line)]
    return len(pieces) >= 2 and all(opens_with_value(p) for p in pieces)


def _opens_with_levels(f: str) -> bool:
    first = _levels().match(f)
    return (first is not None and _levels().match(f, first.end()) is not None) or _level_pair().match(f) is not None


@lru_cache(maxsize=None)
def _level_pair() -> re.Pattern:
    """A 一级指标 name right before a 二级指标 name, any names of levels.tsv ("产出目标数量",
    "投入与目标管理投入管理"): a short glued row opens so."""
    names = resources.levels()
    ones = sorted({n.split("#")[0] for n, (lvl, _) in names.items() if lvl == 1}, key=len, reverse=True)
    twos = sorted({n.split("#")[0] for n, (lvl, _) in names.items() if lvl == 2}, key=len, reverse=True)
    return re.compile(f"((?:{'|'.join(map(re.escape, ones))}){_level_note()})((?:{'|'.join(map(re.escape, twos))}){_level_note()})")


def _header_cuts(f: str) -> tuple[list[int], list[tuple[int, int, list[str]]]]:
    """Cut points of the glued headers in ``f`` and the (start, end, column roles) of each."""
    found = list(_heads().finditer(f))
    cuts: list[int] = []
    spans: list[tuple[int, int, list[str]]] = []
    run: list[re.Match] = []
    qualified: dict[int, str] = {}  # start of a head word -> the role its bracket gives its cell

    def role(m: re.Match) -> str:
        return qualified.get(m.start(), _role(m.group()))

    def close() -> None:
        if len(run) >= _MIN_HEADS:
            lvl = _levels().search(f, run[-1].end())
            end = lvl.start() if lvl else _header_end(f, run[-1].end())
            if len(f) - end == 1 and not f[end].isdigit():
                end = len(f)  # one stray character OCR read at the header's end ("年度目标什") is its cell's
            places = _places(f, run[-1].end(), end)
            heads = run
            if places and role(run[-1]) in _VALUE_ROLES:
                heads = run[:-1]  # "区域目标值" over one column per area: no column of its own
            cuts.extend(m.start() for m in heads)
            cuts.extend(places)
            # (one value column per place: its role is the area head word's, "区域目标值"; after any
            # other head word ("指标方向 笏石街道办 埭头镇") each place is a target column, D19)
            place_role = role(run[-1]) if role(run[-1]) in _VALUE_ROLES else "target"
            spans.append((run[0].start(), end, [role(m) for m in heads] + [place_role] * len(places)))
            cuts.append(end)

    for m in found:
        if run and m.start() - run[-1].end() > _HEAD_GAP:
            close()
            run = []
        if run and m.start() > run[-1].end() and _role(m.group()) == _role(run[-1].group()) == "reason":
            continue  # one column named by two head words ("偏差原因分析及改进措施")
        if run and f[run[-1].end():m.start()] in ("(", "（") and f[m.end():m.end() + 1] in (")", "）"):
            # a head word in brackets qualifies the one before it: one cell ("指标值（前年）": prior)
            qualified[run[-1].start()] = role_of(f[run[-1].start():m.end() + 1]) or _role(run[-1].group())
            continue
        run.append(m)
    close()
    return cuts, spans


_POINTS = re.compile(r"[(（][^()（）]{0,4}[)）]")


def _header_end(f: str, i: int) -> int:
    """End of a glued header with no level name after it, its last head word ending at ``i``: past
    that word's bracket ("得分(分)") and a last column named by no head word ("说明", kept in the
    cell before it: alone it would read as the note that ends a table)."""
    m = _POINTS.match(f, i)
    if m:
        i = m.end()
    tail = next((w for w in resources.word_list("glued_header_tails.txt") if f.startswith(w, i)), "")
    return i + len(tail)


_NAME_CELL, _DESCRIPTION = 4, 4  # characters of a glued name cell and of the description after it


@lru_cache(maxsize=None)
def _glued_heads() -> re.Pattern:
    heads = [h for h in resources.word_list("indicator_heads.txt") if len(h) >= 2]
    return re.compile("|".join(map(re.escape, heads)))


def name_cell_end(s: str) -> int:
    """Where the name cell ends in a name glued to a description that names it again: halfway in a
    name written twice ("培育中药材品种数量培育中药材品种数量"), else after the first head word (数量,
    完成率) when the rest ends with that head word too ("党建任务完成率上级党组织要求完成党建工作任务完成率";
    not "党员对教育活动开展情况的满意度", one name);
    otherwise the whole of ``s``."""
    half = len(s) // 2
    if len(s) % 2 == 0 and half >= 2 and s[:half] == s[half:]:
        return half
    last = None
    for last in _glued_heads().finditer(s):
        pass
    if last is None or last.end() != len(s):
        return len(s)
    for m in _glued_heads().finditer(s):
        # the description names the same measure: it ends with the name's own head word
        if m.end() >= _NAME_CELL and len(s) - m.end() >= _DESCRIPTION and s.endswith(m.group()):
            return m.end()
    return len(s)


@lru_cache(maxsize=None)
def _qualitative_words() -> str:
    """The qualitative words of resources as one alternation, longest first."""
    return "|".join(map(re.escape, sorted(resources.qualitative_words(), key=len, reverse=True)))


@lru_cache(maxsize=None)
def _qualitative_tail() -> re.Pattern:
    adverbs = sorted(resources.markers("qualitative_adverb"), key=len, reverse=True)
    return re.compile(f"(?:{'|'.join(map(re.escape, adverbs))})?(?:{_qualitative_words()})\\Z")


def is_qualitative(text: str) -> bool:
    """Whether ``text`` (flat) is a listed qualitative value, an adverb allowed before it ("有所提升")."""
    return _qualitative_tail().match(text) is not None


def qualitative_tail(s: str) -> int:
    """Where a qualitative value glued to the end of a name starts ("财务管理制度健全性健全": 健全,
    "干部工作社会影响力有所提升": 有所提升, "资金使用合规性合规": 合规, a word written again after its
    性), or ``len(s)`` when none is: the name before it keeps at least ``_NAME_CELL`` characters."""
    suffix = resources.marker("quality_noun_suffix")
    for w in (3, 2):
        if len(s) >= 2 * w + 1 + 2 and s[-w:] == s[-2 * w - 1:-w - 1] and s[-w - 1] == suffix:
            return len(s) - w
    m = _qualitative_tail().search(s)
    if m and m.start() >= _NAME_CELL - 1 and m.start() > 0:
        return m.start()
    return len(s)


def _empty_cuts(f: str) -> list[int]:
    """Cut points around a slash that stands for an empty cell between a name and a value, or after
    the last value ("日常培训/4次": no target, actual 4次; "≥20场/": no actual); a slash inside a unit
    ("22天/月", "元/人") or a date is no cell."""
    cuts: list[int] = []
    for m in _EMPTY_SLASH.finditer(f):
        i = m.start()
        if i == 0 or f[i - 1].isdigit():
            continue
        rest = f[i + 1:]
        if not rest or opens_with_value(rest) or _qualitative_head().match(rest):
            cuts += [i, i + 1]
    return cuts


_SLASHES = "/／"
_EMPTY_SLASH = re.compile(f"[{_SLASHES}]")


@lru_cache(maxsize=None)
def _qualitative_head() -> re.Pattern:
    return re.compile(_qualitative_words())


def _levels_cuts(f: str) -> list[int]:
    pair = _level_pair().match(f)
    opening = [pair.end(1), pair.end(2)] if pair else []
    return opening + [c for m in _levels().finditer(f) for c in (m.start(), m.end())]


def _places(f: str, a: int, b: int) -> list[int]:
    """Start of each place name when ``f[a:b]`` is place names only ("笏石街道办埭头镇": one value
    column per area); [] otherwise."""
    if a >= b or not places_pattern().fullmatch(f, a, b):
        return []
    return [m.start() for m in place_pattern().finditer(f, a, b)]


def _value_cuts(f: str, a: int, b: int, *, bare_last: bool = False, tail: bool = False) -> list[int]:
    """Cut points around the runs of values in ``f[a:b]``: a run of two or more values glued
    together ("50件50件2020", "≤100%100%"), or one value with its operator right before a level
    name or the end ("≥11质量指标"); with ``bare_last`` (no score or weight column in the table) a
    bare number closing the line too ("培训班次5"); with ``tail`` (a column of words after the
    value columns, 绩效标准) the value may close the row before a short word ("100%优")."""

    body = f[a:b]
    found = find_values(body)
    if not found or _end(found[-1]) < len(body):
        # a Chinese numeral with its unit closing the row is its value ("集中轮训至少一次", "两批次")
        found += [m for m in find_values(body, chinese_numerals=True)[-1:]
                  if m.unit and _end(m) == len(body) and not any(_start(m) < _end(v) for v in found)]
    # a number cannot open with a zero: "00" is two values (a target 0 and an actual 0)
    cuts: list[int] = [a + m.start() + k for m in _ZERO_FIRST.finditer(body) for k in (0, 1, 2)]
    levels = {m.start() for m in _levels().finditer(body)}
    end = len(body)
    if tail and found and _TAIL_WORD.fullmatch(body, _end(found[-1])):
        end = _end(found[-1])
        cuts.append(a + end)
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and _start(found[j + 1]) - _end(found[j]) <= 0:
            j += 1
        last_end = _end(found[j])
        # (a bare number alone may be a score or a weight glued to a name: "…不超过预算10")
        # (a name whose unit stands in brackets, "修建作业道长度(公里)30", has a bare value)
        bare_after_unit = last_end == end and (bare_last or (
            _start(found[i]) > 0 and body[_start(found[i]) - 1] in ")）"))
        if j > i or bare_after_unit or ((found[i].ops or found[i].unit) and (
                last_end == end or last_end in levels or body[last_end] in _SLASHES)):
            run = found[i:j + 1]
            for k, m in enumerate(run):
                # "≤100%100%": a value that shares the operator of the one before stays in its cell
                if k == 0 or not _shares_op(m):
                    cuts.append(a + _start(m))
                if k + 1 == len(run) or not _shares_op(run[k + 1]):
                    cuts.append(a + _end(m))
        i = j + 1
    return cuts


_ZERO_FIRST = re.compile(r"(?<![\d.])0(?=0(?![\d.]))")
_REPEATED = re.compile(r"([\u4e00-\u9fff]{2,6})\1+(?=\d|$)")


def _repeat_cuts(f: str, a: int, b: int) -> list[int]:
    """Cut points of a word written twice or more right before a number or the end ("合格合格2020",
    "不超过预算不超过预算10"): a qualitative target and actual, one cell each."""
    cuts: list[int] = []
    for m in _REPEATED.finditer(f, a, b):
        if m.group(1).endswith(resources.marker("indicator_suffix")):
            continue  # "时效指标指标1:": a level name and a numbered label, no values
        w = len(m.group(1))
        cuts += list(range(m.start(), m.end() + 1, w))
    return cuts


_DIGIT_RUN = re.compile(r"\d[\d.]*")
_NUMBER = re.compile(r"0|0\.\d+|[1-9]\d*(?:\.\d+)?")
_NUMERIC = ("nature", "score", *_VALUE_ROLES)  # columns that hold a bare number in these tables
_MAX_POINTS = 100  # a weight or a score is at most this many points
_MAX_NATURE = 3  # 指标性质 written as a code (1 正向, 2 …)


def _digit_run_cuts(f: str, a: int, b: int, roles: list[str]) -> list[int]:
    """Cut points inside the digit runs of ``f[a:b]`` that stand for several columns, under a
    header whose unit column comes before its number columns ("计量单位 指标性质 指标值 指标权重(分)
    全年完成值 指标得分(分)": "万亩2810810" = 万亩 | 2 | 8 | 10 | 8 | 10): the run after a unit is split
    into one number a column (:func:`_split_run`), the unit cut off before it."""
    if "unit" not in roles:
        return _one_digit_a_place(f, a, b, roles)
    slots = [r for r in roles[roles.index("unit") + 1:] if r in _NUMERIC]
    if len(slots) < 2:
        return []
    units = unit_words()
    cuts: list[int] = []
    for m in _DIGIT_RUN.finditer(f, a, b):
        unit = next((k for k in range(4, 0, -1) if f[m.start() - k:m.start()] in units), 0)
        parts = _split_run(m.group(), slots) if unit else None
        if parts is None:
            continue
        cuts.append(m.start() - unit)
        pos = m.start()
        for p in parts:
            cuts.append(pos)
            pos += len(p)
        cuts.append(pos)
    return cuts


def _one_digit_a_place(f: str, a: int, b: int, roles: list[str]) -> list[int]:
    """Cut points of the digit runs of ``f[a:b]`` that hold one digit for each value column of a
    header with a column per place ("…情况2312222" under 新罗区 … 漳平市: 2 | 3 | 1 | 2 | 2 | 2 | 2):
    a run exactly as long as those columns, closing its row (a level name or the end after it)."""
    # the place columns: the header's last columns, all of the area head word's role
    k = next((n for n in range(len(roles), 0, -1) if len(set(roles[-n:])) == 1), 0) if roles else 0
    if k < 2 or roles[-1] not in _VALUE_ROLES:
        return []
    cuts: list[int] = []
    for m in _DIGIT_RUN.finditer(f, a, b):
        if len(m.group()) != k or not m.group().isdigit() or not (m.end() == b or _levels().match(f, m.end())
                                                                   or _level_pair().match(f, m.end())):
            continue
        cuts.extend(range(m.start(), m.end() + 1))
    return cuts


def _split_run(run: str, slots: list[str]) -> list[str] | None:
    """The best reading of a digit run as one number a column of ``slots`` (a 指标性质 code may be
    left out): weights and scores at most 100 points, the score at most the weight; best where the
    score is the full weight (of some points), the actual is nearest the target and no decimal ends
    in a zero. None when nothing reads."""
    import math

    best: tuple[float, list[str]] | None = None
    options = [slots] + ([[r for r in slots if r != "nature"]] if "nature" in slots else [])
    for cols in options:
        for parts in _partitions(run, len(cols)):
            got = dict(zip(cols, (float(p) for p in parts)))
            points = [float(p) for p, r in zip(parts, cols) if r == "score"]
            if any(x > _MAX_POINTS for x in points) or (len(points) == 2 and points[1] > points[0]):
                continue
            if "nature" in got and not 1 <= got["nature"] <= _MAX_NATURE:
                continue
            cost = 0.0 if len(points) < 2 or points[0] == points[1] else 1.0
            cost += 1.0 if points and points[0] == 0 else 0.0  # a weight of no points
            cost += 0.5 * sum("." in p and p.endswith("0") for p in parts)  # "0.910": a zero after a decimal
            t, v = got.get("target"), got.get("actual")
            if t is not None and v is not None:
                cost += abs(math.log(v / t)) if t > 0 and v > 0 else 1.0
            if best is None or cost < best[0]:
                best = (cost, parts)
    return best[1] if best else None


def _partitions(run: str, n: int) -> list[list[str]]:
    """Every way of writing ``run`` as ``n`` numbers (no leading zeros)."""
    if n == 1:
        return [[run]] if _NUMBER.fullmatch(run) else []
    out = []
    for k in range(1, len(run)):
        head = run[:k]
        if _NUMBER.fullmatch(head):
            out += [[head] + rest for rest in _partitions(run[k:], n - 1)]
    return out


def _shares_op(m) -> bool:
    """Whether a value takes the operator of the value before it ("≤100%100%": the second)."""
    before = [(s, e) for s, e in m.ops if e <= m.val[0]]
    return bool(before) and not any(e == m.val[0] for _, e in before)


def _start(m) -> int:
    """Where a value's own cell starts: its operators when they stand right before it ("约为71人")."""
    start = m.val[0]
    for s, e in sorted(m.ops, key=lambda op: -op[1]):
        if e == start:
            start = s
    return start


def _end(m) -> int:
    """Where a value's own cell ends: after its unit and an operator after it ("0.5小时内")."""
    return max([m.val[1]] + [e for s, e in m.units + m.ops if s >= m.val[1]])


def header_roles(line: str) -> list[str] | None:
    """The column roles of the glued header ``line`` holds (its last), or None."""
    spans = _header_cuts(_flat(line))[1]
    return spans[-1][2] if spans else None


def _numbers_are_values(roles: list[str] | None) -> bool:
    """Whether a bare number in a row under a header of ``roles`` is a value: the header has a
    value column and no column of points (分值, 得分, 权重) or 指标性质 code."""
    return bool(roles) and any(r in _VALUE_ROLES for r in roles) and not any(r in ("score", "nature") for r in roles)


def split_glued(line: str, roles: list[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) pieces of a glued table line: header cells at their head words; in the body,
    level names, value runs and explanations ("反映…") each a cell, the words between them another.
    ``roles``: the columns of the glued header of the lines before, when there is one."""
    f, starts, ends = flat_view(line)
    cuts, headers = _header_cuts(f)
    heard = headers[-1][2] if headers else roles
    bare = _numbers_are_values(heard)
    # (a column of words after the value columns: "…指标值绩效标准" over "培训班次5优")
    tail = bool(heard) and heard[-1] not in _VALUE_ROLES and any(r in _VALUE_ROLES for r in heard)
    runs = [c for a, (_, end, roles) in enumerate(headers)
            for c in _digit_run_cuts(f, end, headers[a + 1][0] if a + 1 < len(headers) else len(f), roles)]
    # the body is everything but the headers: a line may go on from a table on the line before
    # ("2、灯光、道具、服装 质量等合格合格2020…", after a page break)
    body = [c for c in _levels_cuts(f) + _value_cuts(f, 0, len(f), bare_last=bare, tail=tail) + _repeat_cuts(f, 0, len(f)) + runs
            + _empty_cuts(f) + _date_value_cuts(f)
            # (a cut line's last word "反映" opens no explanation)
            + [m.start() for m in _desc_starts().finditer(f) if m.end() < len(f)]
            if not any(s < c < e for s, e, _ in headers)]
    points = sorted({c for c in cuts + body if 0 < c < len(f)})
    # a name cell glued to a description that names it again: two cells
    for s, e in zip([0, *points], [*points, len(f)]):
        piece = f[s:e]
        if not any(hs <= s and e <= he for hs, he, _ in headers) and not _levels().fullmatch(piece) and \
                not _desc_starts().match(piece) and not re.search(r"\d", piece) and \
                0 < (k := name_cell_end(piece)) < len(piece):
            points.append(s + k)
    points.sort()
    # a row with no value but words: its last words may be a qualitative value glued to the name,
    # and, before the points that close a self-evaluation's row, a target and an actual
    # ("聘用人员工作时间|合同约定|完成|3")
    # (under a header with no points column a number closing the row is its value: "…大于等于70")
    score = None if bare else _CLOSING_POINTS.search(f)
    end = score.start() if score else len(f)
    if score and re.search(r"\d", f[:end]):
        points.append(end)  # points after a reason glued to the values ("…1126市级绩效指标下调0.5")
    s = max([p for p in points if p < end], default=0)
    last = f[s:end]
    if not headers and not re.search(r"\d", f[:end]) and not _levels().fullmatch(last) and \
            (points or score or _opens_with_levels(f)):
        # (under a header of a target and an actual column, both may be words: "…功能|增强|完成")
        two = score or (heard is not None and sum(r in _VALUE_ROLES for r in heard) >= 2)
        for _ in range(2 if two else 1):
            k = qualitative_tail(last)
            if not 0 < k < len(last):
                break
            points += [s + k] + ([end] if score else [])
            last = last[:k]
        points.sort()
    bounds = [0, *sorted(set(points)), len(f)]
    out = []
    for s, e in zip(bounds, bounds[1:]):
        if e > s:
            out.append((starts[s], ends[e - 1]))
    return out


def split_name_line(line: str) -> list[tuple[int, int]]:
    """(start, end) pieces of a line with no separator that holds a name cell: leading level names
    ("质量指标机关事务正常运转率…") and a description glued after the name that names it again, each
    a cell of its own; any other line is one cell."""
    a, b = len(line) - len(line.lstrip()), len(line.rstrip())
    s = line[a:b]
    if not s or re.search(r"[\d\s]", s):
        return [(0, len(line))]
    out = []
    while (m := _levels().match(s)) is not None and len(s) - m.end() >= 2:
        out.append((a, a + m.end()))
        a, s = a + m.end(), s[m.end():]
    k = name_cell_end(s)
    if 0 < k < len(s):
        out += [(a, a + k), (a + k, a + len(s))]
    elif out:
        out.append((a, a + len(s)))
    return out or [(0, len(line))]

