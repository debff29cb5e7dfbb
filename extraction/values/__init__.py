"""The value grammar: operators, numbers (Arabic or Chinese), magnitudes, units, qualitative words.

``find_values`` finds every ``[OP…] NUMBER [MAGNITUDE] [OP] [UNIT] [OP]`` in a string and returns
spans in that string's coordinates with their normalised reading (``op``, ``value``, ``unit``).
All vocabularies come from ``extraction/resources``.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .. import resources
from ..mention import Mention
from .dates import date_spans, range_joiner
from .numbers import NumberError, clean, numeral_words, to_number, warning
from .units import is_listed_or_compound, magnitude_pattern, normalise_unit, unit_pattern
from .units import listed as is_listed_units

__all__ = ["ValueMatch", "find_values", "opens_with_value", "parse_value_cell", "read_spans", "to_number", "normalise_op",
           "NumberError"]

Span = tuple[int, int]
# a value match is the shared mention type: one value, its operators, units and (in a cell) name
ValueMatch = Mention


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _ops_words(position: str) -> list[str]:
    ops = resources.operators()
    return [w for w, (_, pos) in ops.items() if pos == position or (pos == "both" and position != "infix")]


def _ops_at(position: str) -> str:
    return _alt(_ops_words(position))


@lru_cache(maxsize=None)
def _cn_digits() -> str:
    return "".join(re.escape(d) for d in numeral_words("digit"))


@lru_cache(maxsize=None)
def _pattern(chinese: bool, across_cells: bool = False) -> re.Pattern:
    signs = "".join(re.escape(s) for s in numeral_words("sign"))
    dashes = "".join(re.escape(s) for s in numeral_words("sign") if not re.match(r"\w", s))
    # a sign is a sign only where no number or dash is just before it ("2-12" is a range)
    num = (rf"(?:(?<![\d.{dashes}])[{signs}](?=\d))?(?<![\d.])"
           r"\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?(?:[eE][-+]?\d+(?![\d.]))?")
    if chinese:
        cn = f"[{_cn_digits()}]+"
        # 万 and 亿 inside a numeral ("一万二千"); a trailing one is the magnitude ("五万元")
        inner = "".join(re.escape(m) for m in resources.magnitudes() if m not in numeral_words("digit"))
        decimal = _alt(numeral_words("decimal"))
        num = rf"(?:{num}|(?:[{signs}](?=[{_cn_digits()}]))?{cn}(?:[{inner}]{cn})*(?:(?:{decimal}){cn})?)"
    mag = magnitude_pattern()
    # across cells, operator, number and unit may sit in neighbouring cells ("= | 116 | 人"), the
    # unit cell even first ("人 | = | 512", "万元 | ≤ | 3584"): a 度量单位 column (D15)
    gap = r"[\s|]*" if across_cells else r"\s*"
    if across_cells:
        lead = rf"(?:(?P<lmag>(?:{mag})+)?(?P<lunit>{unit_pattern()})(?P<lsep>\s*\|{gap}|\s*))?"
    else:
        # a value opens with a prefix operator, a percent word, a sign or a numeral: one test of its
        # first character rejects every other position before the alternations are tried
        firsts = {w[0] for w in _ops_words("prefix")} | {w[0] for w in numeral_words("percent") + numeral_words("sign")}
        lead = "(?=[" + "".join(map(re.escape, sorted(firsts))) + (rf"\d{_cn_digits()}])" if chinese else r"\d])")
    return re.compile(
        lead
        + rf"(?P<pre>(?:(?:{_ops_at('prefix')}){gap})*)"
        rf"(?:(?P<pct>{_alt(numeral_words('percent'))})\s*)?"
        rf"(?P<num>{num})"
        rf"(?:\s*(?P<mid1>{_ops_at('infix')}))?"
        rf"(?:\s*(?P<cls>{_alt(numeral_words('classifier'))})(?=\s*{mag}))?"
        rf"(?:{gap}(?P<mag>(?:{mag})+))?"
        rf"(?:\s*(?P<mid2>{_ops_at('infix')}))?"
        rf"(?:{gap}(?P<unit>{unit_pattern()}))?"
        rf"(?:\s*(?P<half>{_alt(numeral_words('half'))}))?"
        rf"(?:\s*(?P<post>{_ops_at('postfix')}))?"
    )


@lru_cache(maxsize=None)
def _prefix_ops() -> re.Pattern:
    return re.compile(_ops_at("prefix"))


_ANY_DIGIT = re.compile(r"\d")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=None)
def _any_numeral() -> re.Pattern:
    return re.compile(rf"[\d{_cn_digits()}]")


def normalise_op(surface: str) -> str:
    return resources.operators()[surface][0]


def _magnitude(text: str) -> float:
    factor = 1.0
    for c in _WS.sub("", text):
        factor *= resources.magnitudes().get(c, 1.0)
    return factor


# the groups every value pattern has, read with one call: _read runs for every number of every line
_PARTS = ("num", "pre", "pct", "mid1", "cls", "mag", "mid2", "unit", "half", "post")


def _read(m: re.Match, chinese_numerals: bool) -> ValueMatch | None:
    """The ValueMatch of one pattern match, or None when it is not a value."""
    num, pre, pct, mid1, cls, mag, mid2, unit, half, post = m.group(*_PARTS)
    unit_text = normalise_unit(unit) if unit else ""
    lead = m.group("lunit") if not unit and not mag and "lunit" in m.re.groupindex else None
    if lead and "|" not in m.group("lsep") and m.string[:m.start()].strip():
        lead = None  # a unit first counts in its own cell ("% | 95") or at the cell's start ("%90")
    if chinese_numerals and not pct and not _ANY_DIGIT.search(num):
        # a Chinese numeral counts only before a listed unit ("一期"), never inside words
        # ("统一", "一起": 起 is a measure word, not a listed unit)
        if not unit_text or unit_text == "%" or not is_listed_or_compound(unit_text):
            return None
    table = resources.operators()
    ops: list[Span] = []
    op_norm: str | None = None
    if pre:
        pre_start = m.start("pre")
        for om in _prefix_ops().finditer(pre):
            ops.append((pre_start + om.start(), pre_start + om.end()))
            op_norm = op_norm or table[om.group()][0]
    units: list[Span] = []
    factor = 1.0
    if lead:
        lmag = m.group("lmag")
        units.append((m.start("lmag") if lmag else m.start("lunit"), m.end("lunit")))
        unit_text = normalise_unit(lead)
        factor = _magnitude(lmag) if lmag else 1.0
    if pct:
        units.append(m.span("pct"))
        unit_text = "%"
    if mid1:
        ops.append(m.span("mid1"))
        op_norm = op_norm or table[mid1][0]
    if mag:
        units.append((m.start("cls") if cls else m.start("mag"), m.end("mag")))
    if mid2:
        ops.append(m.span("mid2"))
        op_norm = op_norm or table[mid2][0]
    if unit:
        if mag and not mid2:
            units[-1] = (units[-1][0], m.end("unit"))  # "万人" is one UNIT span
        else:
            units.append(m.span("unit"))
    if half:
        units.append(m.span("half"))
    if post:
        ops.append(m.span("post"))
        op_norm = op_norm or table[post][0]
    try:
        number = to_number(num)
    except NumberError:
        return None  # a malformed numeral ("千十七") is skipped; the other values stay
    if half:
        number = number + 0.5 if number >= 0 else number - 0.5
    if mag:
        factor = _magnitude(mag)
    return ValueMatch(val=m.span("num"), ops=ops, units=units, op=op_norm or "=",
                      value=clean(number * factor), unit=unit_text or None, warning=warning(num))


def _drop_dates_and_ranges(text: str, found: list[ValueMatch]) -> list[ValueMatch]:
    if not found:
        return found
    joiner = range_joiner()
    dates = date_spans(text)
    if dates:
        # dates come in order and do not overlap: only the date around a value's number, the first
        # after the value and the last before it can make it a date's part or a range's other end,
        # found by bisection (a line of a megabyte holds thousands of both: testing each pair was
        # quadratic in the line's length)
        starts = [s for s, _ in dates]
        ends = [e for _, e in dates]

        def dated(v: ValueMatch, start: int, end: int) -> bool:
            i = bisect_right(starts, v.val[0]) - 1
            if i >= 0 and v.val[0] < ends[i]:
                return True
            j = bisect_left(starts, end)
            if j < len(dates) and joiner.fullmatch(text, end, starts[j]):
                return True  # the other end of a range with a date ("1-12月")
            k = bisect_right(ends, start) - 1
            return k >= 0 and joiner.fullmatch(text, ends[k], start) is not None

        found = [v for v in found if not dated(v, v.start, v.end)]
    bounds = [(v.start, v.end) for v in found]
    in_range: set[int] = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        (_, a_end), (b_start, _) = bounds[i], bounds[i + 1]
        # values glued with no separator after one operator share it: one value column per area
        # under one 指标方向 cell ("≤100%100%", dev decision D19)
        if b_start == a_end and not b.ops and a.ops and a.ops[0][1] <= a.val[0]:
            b.ops, b.op = [s for s in a.ops if s[1] <= a.val[0]], a.op
        elif not (a.ops and a.ops[-1][0] >= a.val[1]) and joiner.fullmatch(text, a_end, b_start):
            in_range.update((i, i + 1))
    return [v for i, v in enumerate(found) if i not in in_range] if in_range else found


def find_values(text: str, *, chinese_numerals: bool = False, across_cells: bool = False) -> list[ValueMatch]:
    """Every numeric value in ``text`` with its operators, magnitude and unit; numbers inside
    dates and ranges ("2023年底", "18—54周岁") are not values. With ``across_cells`` the parts of
    a value may sit in neighbouring "|" cells ("= | 116 | 人", "% | 95")."""
    # every value has a numeral; most table cells and tokens have none, and the full pattern
    # would be tried (and fail) at each of their characters
    if not (_any_numeral() if chinese_numerals else _ANY_DIGIT).search(text):
        return []
    found = []
    for m in _pattern(chinese_numerals, across_cells).finditer(text):
        if m.group("num"):
            v = _read(m, chinese_numerals)
            if v is not None:
                found.append(v)
    return _reach_back(text, _drop_dates_and_ranges(text, found))


def opens_with_value(text: str) -> bool:
    """Whether ``text`` starts with a value the grammar reads ("≥30分钟", "3人")."""
    return any(m.start == 0 for m in find_values(text))


@lru_cache(maxsize=None)
def _reaching_op() -> re.Pattern | None:
    reach = resources.operator_reach()
    if not reach:
        return None
    alts = "|".join(rf"(?P<r{i}>{re.escape(w)})[\u4e00-\u9fff]{{1,{n}}}" for i, (w, n) in enumerate(reach.items()))
    return re.compile(rf"(?:{alts})\Z")


@lru_cache(maxsize=None)
def _reach_words() -> re.Pattern:
    return re.compile(_alt(resources.operator_reach()))


def _reach_back(text: str, found: list[ValueMatch]) -> list[ValueMatch]:
    """An adverb operator before the verb of a value without one: "至少全年完成2次" is >= 2 次."""
    pat = _reaching_op()
    if pat is None or not _reach_words().search(text):
        return found  # (one scan for the words: most texts hold none, and each value would search)
    prev_end = 0
    for v in found:
        if not any(e <= v.val[0] for _, e in v.ops):
            m = pat.search(text, prev_end, v.start)
            if m:
                word = next(g for g in m.groupdict().values() if g)
                v.ops.insert(0, (m.start(), m.start() + len(word)))
                v.op = normalise_op(word)
        prev_end = v.end
    return found


_SEPARATORS = "，,。；;：:、\n "


def _qual_op(word: str, position: str) -> bool:
    # an operator symbol, or an operator word of two characters or more ("不超过"): a single
    # character such as 达 or 为 is more often part of the word ("达标", "为民")
    cjk = re.search(r"[\u4e00-\u9fff]", word)
    return position in ("prefix", "both") and (not cjk or len(word) >= 2)


_SYMBOL_QUAL = re.compile(
    r"(?P<pre>" + _alt(w for w, (_, pos) in resources.operators().items() if _qual_op(w, pos))
    + r")\s*(?P<word>[\u4e00-\u9fff]+?)\s*(?P<post>" + _ops_at("postfix") + r")?")


def first_of_two(text: str, *, numbers: bool = False) -> int | None:
    """Where the first copy ends in a cell that is one string written twice ("10%以上10%以上",
    "完成 完成"), else None: PDF bold print writes a cell twice, and a doc-site preview glues a
    target and an equal actual the same way (the table's columns tell them apart)."""
    a, b = len(text) - len(text.lstrip()), len(text.rstrip())
    s = text[a:b]
    half = len(s) // 2
    # a number alone is read as two copies ("99", "1010") only where the table prints every cell twice
    if half >= 1 and len(s) % 2 == 0 and s[:half] == s[half:] and (numbers or not re.fullmatch(r"[\d.,]+", s[:half])):
        return a + half
    words = s.split()
    if len(words) == 2 and words[0] == words[1]:
        return a + len(words[0])
    return None


def parse_value_cell(text: str) -> list[ValueMatch]:
    """Read a table value cell: its values, each with the measure the cell names before it.

    ``"22 期，培训覆盖率 100%"`` gives 22/期 (``ind`` None: the row's name) and 100/% with
    ``ind`` on 培训覆盖率. A cell with no number is one qualitative value (``"健全"``).
    """
    stripped = text.strip()
    if not stripped or re.sub(r"\s+", "", stripped) in resources.word_list("empty_cells.txt"):
        return []
    found = find_values(text, chinese_numerals=True, across_cells=True)
    if not found:
        a = len(text) - len(text.lstrip())
        b = len(text.rstrip())
        # operators around a word are operators ("≤本年内": ≤ and 内 around 本年; "不超过预算":
        # 不超过 before 预算, dev 024); a word that only starts like one stays whole ("不超预算")
        m = _SYMBOL_QUAL.fullmatch(text, a, b)
        if m and m.group("word"):
            ops = [m.span("pre")] + ([m.span("post")] if m.group("post") else [])
            return [ValueMatch(val=m.span("word"), ops=ops, op=normalise_op(m.group("pre")),
                               qualitative=re.sub(r"\s+", "", m.group("word")))]
        qual = re.sub(r"\s+", "", text[a:b])
        return [ValueMatch(val=(a, b), op="=", qualitative=qual)]
    prev = 0
    for v in found:
        gap = text[prev:v.start]
        lead = len(gap) - len(gap.lstrip(_SEPARATORS))
        trail = len(gap.rstrip(_SEPARATORS))
        name = gap[lead:trail]
        if name and not re.search(r"\d", name):
            v.ind = (prev + lead, prev + trail)
        prev = v.end
    return found


def read_spans(text: str, val: Span, ops: list[Span], units: list[Span]) -> tuple[str, float | int | None, str | None, str | None]:
    """(op, value, unit, qualitative) of labelled spans of ``text`` (the sequence labeler's output).

    The first operator written decides ``op``; a magnitude leading the unit is expanded into the
    value; a value with no numeral is qualitative.
    """
    import unicodedata

    def norm(span: Span) -> str:
        return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text[span[0]:span[1]]))

    table = resources.operators()
    op = "="
    for s in sorted(ops):
        surface = norm(s)
        if surface in table:
            op = table[surface][0]
            break
    raw = norm(val)
    try:
        number = to_number(raw)
    except (ValueError, TypeError):
        return op, None, None, re.sub(r"\s+", "", text[val[0]:val[1]])
    factor, unit = read_unit("".join(norm(u) for u in sorted(units)))
    return op, clean(number * factor), unit, None


_LATEX_ESCAPE = re.compile(r"\\(?=[%$&#_{}])")


def read_unit(surface: str) -> tuple[float, str | None]:
    """(magnitude factor, record unit) of the text of a value's UNIT spans: ``万元`` -> (10000,
    ``元``); ``百分比`` -> (1, ``%``); ``\\%`` (LaTeX) -> (1, ``%``)."""
    import unicodedata

    unit = normalise_unit(unicodedata.normalize("NFKC", _LATEX_ESCAPE.sub("", surface)))
    mags = resources.magnitudes()
    factor = 1.0
    # "2个亿": the classifier goes with the magnitude; "千克" and "百分比" are units, not 千 and 百
    classifiers = numeral_words("classifier")
    if unit[:1] in classifiers and unit[1:2] in mags:
        unit = unit[1:]
    while unit and unit[0] in mags and unit not in is_listed_units():
        factor *= mags[unit[0]]
        unit = unit[1:]
    return factor, normalise_unit(unit) or None
