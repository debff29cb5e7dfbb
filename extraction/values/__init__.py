"""The value grammar: operators, numbers (Arabic or Chinese), magnitudes, units, qualitative words.

``find_values`` finds every ``[OP…] NUMBER [MAGNITUDE] [OP] [UNIT] [OP]`` in a string and returns
spans in that string's coordinates with their normalised reading (``op``, ``value``, ``unit``).
All vocabularies come from ``extraction/resources``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import resources

Span = tuple[int, int]

_CN_DIGITS = "零〇一二两三四五六七八九十百千"


@dataclass
class ValueMatch:
    """One value with its operators and unit; spans are in the parsed string's coordinates."""

    val: Span
    ops: list[Span] = field(default_factory=list)
    units: list[Span] = field(default_factory=list)
    op: str = "="
    value: float | int | None = None
    unit: str | None = None
    qualitative: str | None = None
    ind: Span | None = None

    @property
    def start(self) -> int:
        return min([self.val[0]] + [s for s, _ in self.ops + self.units])

    @property
    def end(self) -> int:
        return max([self.val[1]] + [e for _, e in self.ops + self.units])


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _spaced(word: str) -> str:
    # a unit may be broken by white space or a line break inside a PDF cell ("分\n钟")
    return r"\s*".join(re.escape(c) for c in word)


@lru_cache(maxsize=None)
def _pattern(chinese: bool) -> re.Pattern:
    ops = resources.operators()
    pre = _alt([w for w, (_, pos) in ops.items() if pos in ("prefix", "both")])
    post = _alt([w for w, (_, pos) in ops.items() if pos in ("postfix", "both")])
    mags = _alt(resources.magnitudes())
    units = "|".join(_spaced(u) for u in resources.units())
    num = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
    if chinese:
        num = rf"(?:{num}|[{_CN_DIGITS}]+)"
    return re.compile(
        rf"(?P<pre>(?:(?:{pre})\s*)*)"
        rf"(?P<num>{num})"
        rf"(?:\s*(?P<mag>{mags}))?"
        rf"(?:\s*(?P<mid>余))?"
        rf"(?:\s*(?P<unit>{units}))?"
        rf"(?:\s*(?P<post>{post}))?"
    )


@lru_cache(maxsize=None)
def _prefix_ops() -> re.Pattern:
    ops = resources.operators()
    return re.compile(_alt([w for w, (_, pos) in ops.items() if pos in ("prefix", "both")]))


_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ANY_DIGIT = re.compile(r"\d")
_ANY_NUMERAL = re.compile(rf"[\d{_CN_DIGITS}]")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def to_number(text: str) -> float | int:
    """Arabic or Chinese numeral text -> number (``"1,200"`` -> 1200, ``"一"`` -> 1)."""
    t = text.replace(",", "").replace("，", "")
    if _ARABIC.fullmatch(t):
        v = float(t)
    else:
        # imported here: cn2an takes ~0.7 s to import, most of a cold start, and many filings
        # never need it
        import cn2an

        v = float(cn2an.cn2an(t.replace("两", "二"), "smart"))
    return int(v) if v.is_integer() else v


def _clean(x: float) -> float | int:
    x = round(x, 9)
    return int(x) if float(x).is_integer() else x


def normalise_op(surface: str) -> str:
    return resources.operators()[surface][0]


def find_values(text: str, *, chinese_numerals: bool = False) -> list[ValueMatch]:
    """Every numeric value in ``text`` with its operators, magnitude and unit."""
    out: list[ValueMatch] = []
    # every value has a numeral; most table cells and tokens have none, and the full pattern
    # would be tried (and fail) at each of their characters
    if not (_ANY_NUMERAL if chinese_numerals else _ANY_DIGIT).search(text):
        return out
    ops_table = resources.operators()
    pat = _pattern(chinese_numerals)
    for m in pat.finditer(text):
        num = m.group("num")
        if not num:
            continue
        if chinese_numerals and not _ANY_DIGIT.match(num):
            # a Chinese numeral counts only when a unit follows ("一期"), never inside words
            if not m.group("unit") or m.group("unit").strip() == "%":
                continue
        ops: list[Span] = []
        op_norm: str | None = None
        pre_start = m.start("pre")
        pre = m.group("pre")
        for om in _prefix_ops().finditer(pre):
            s, e = pre_start + om.start(), pre_start + om.end()
            ops.append((s, e))
            op_norm = op_norm or ops_table[om.group()][0]
        units: list[Span] = []
        factor = 1.0
        unit_text = ""
        if m.group("mag"):
            factor = resources.magnitudes()[m.group("mag")]
            units.append(m.span("mag"))
        if m.group("mid"):
            ops.append(m.span("mid"))
            op_norm = op_norm or ops_table["余"][0]
        if m.group("unit"):
            unit_text = _WS.sub("", m.group("unit"))
            if units and not m.group("mid"):
                units = [(units[0][0], m.end("unit"))]
            else:
                units.append(m.span("unit"))
        if m.group("post"):
            ops.append(m.span("post"))
            op_norm = op_norm or ops_table[m.group("post")][0]
        try:
            number = to_number(num)
        except (ValueError, TypeError):
            continue
        out.append(ValueMatch(
            val=m.span("num"), ops=ops, units=units, op=op_norm or "=",
            value=_clean(number * factor), unit=unit_text or None,
        ))
    return out


_SEPARATORS = "，,。；;：:、\n "
_SYMBOL_QUAL = re.compile(
    r"(?P<pre>" + "|".join(re.escape(w) for w in sorted((w for w, (_, pos) in resources.operators().items()
                                                            if pos != "postfix" and not re.search(r"[\u4e00-\u9fff]", w)),
                                                           key=len, reverse=True))
    + r")\s*(?P<word>[\u4e00-\u9fff]+?)\s*(?P<post>" + "|".join(
        re.escape(w) for w, (_, pos) in sorted(resources.operators().items(), key=lambda x: -len(x[0])) if pos == "postfix")
    + r")?")
_EMPTY_CELLS = {"", "-", "--", "—", "——", "/", "／", "无", "空", "0"}


def parse_value_cell(text: str) -> list[ValueMatch]:
    """Read a table value cell: its values, each with the measure the cell names before it.

    ``"22 期，培训覆盖率 100%"`` gives 22/期 (``ind`` None: the row's name) and 100/% with
    ``ind`` on 培训覆盖率. A cell with no number is one qualitative value (``"健全"``).
    """
    stripped = text.strip()
    if re.sub(r"\s+", "", stripped) in _EMPTY_CELLS:
        return []
    found = find_values(text, chinese_numerals=True)
    if not found:
        a = len(text) - len(text.lstrip())
        b = len(text.rstrip())
        # an operator word before a word ("不超过预算") stays part of the qualitative value; an
        # operator symbol does not ("≤本年内": ≤ and 内 are operators around 本年)
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
    except (ValueError, TypeError, KeyError):
        return op, None, None, re.sub(r"\s+", "", text[val[0]:val[1]])
    unit = "".join(norm(u) for u in sorted(units))
    mags = resources.magnitudes()
    factor = 1.0
    while unit and unit[0] in mags:
        factor *= mags[unit[0]]
        unit = unit[1:]
    return op, _clean(number * factor), unit or None, None
