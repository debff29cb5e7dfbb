"""The speed-ups of the rule path give exactly what the plain versions gave.

``_reference_normtext`` is the original character-by-character NormText, kept here as the
specification the fast one is checked against on generated text.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.normalizing import _KEEP_FULLWIDTH, _SPACES, _TAG, NormText


def _fold(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E and ch not in _KEEP_FULLWIDTH:
        return chr(code - 0xFEE0)
    return " " if ch in _SPACES else ch


def _in_line_break(src: str, i: int, end: int) -> bool:
    a = i
    while a > 0 and src[a - 1].isspace() and src[a - 1] != "\n":
        a -= 1
    b = i
    while b < end and src[b].isspace():
        if src[b] == "\n":
            return True
        b += 1
    return "\n" in src[a:i + 1]


def _reference_normtext(src, start, end, join_lines, drop_spaces):
    chars, starts, ends = [], [], []
    i = start
    tags = {m.start(): m.end() for m in _TAG.finditer(src, start, end)}
    while i < end:
        if i in tags:
            chars.append("\n"), starts.append(i), ends.append(tags[i])
            i = tags[i]
            continue
        ch = src[i]
        if ch == "\\" and i + 1 < end and src[i + 1] in "%$&#_{}":
            chars.append(src[i + 1]), starts.append(i), ends.append(i + 2)
            i += 2
            continue
        if ch == "$":
            i += 1
            continue
        ch = _fold(ch)
        if ch.isspace() and (drop_spaces or (join_lines and _in_line_break(src, i, end))):
            i += 1
            continue
        chars.append(ch), starts.append(i), ends.append(i + 1)
        i += 1
    return "".join(chars), starts, ends


PIECES = ["培训", "率", "9", "０", "％", "＞＝", "，", "（", " ", "  ", "\t", "\n", "\n\n", " \n ", "\u3000",
          "\u00a0", "\u200b", "\ufeff", "\r", "$", "\\", "\\%", "\\geq", "\\_", "<p>", "</P>", "<br/>",
          "<td class=x>", "<b", ">", "<pre>"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30), st.integers(0, 5), st.integers(0, 5),
       st.booleans(), st.booleans())
def test_normtext_matches_reference(pieces, cut_left, cut_right, join_lines, drop_spaces):
    src = "".join(pieces)
    start = min(cut_left, len(src))
    end = max(start, len(src) - cut_right)
    v = NormText(src, start, end, join_lines=join_lines, drop_spaces=drop_spaces)
    assert (v.text, v._starts, v._ends) == _reference_normtext(src, start, end, join_lines, drop_spaces)


HEAD_PIECES = ["绩效目标", "绩 效\n目标", "年度绩效目标", "目标", "\n", "\t", " ", "*", "：", ":", ">", "1、", "2.",
               "3", "、", "x", "完成"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=25))
def test_find_headings_is_finditer(pieces):
    from extraction.structure.sections import _heading_patterns, find_headings

    text = "".join(pieces)
    for name, heading, _ in _heading_patterns():
        assert [m.span() for m in find_headings(name, heading, text)] == [m.span() for m in heading.finditer(text)]


def test_headings_in_the_filings(filing_text):
    from extraction.structure.sections import _heading_patterns, find_headings

    for prefix in ("000", "001", "002", "003", "004"):
        text = filing_text(prefix)
        for name, heading, _ in _heading_patterns():
            assert [m.span() for m in find_headings(name, heading, text)] == [m.span() for m in heading.finditer(text)]


def test_long_spaced_header_is_one_header():
    from extraction.structure import DocumentContext

    names = ["一级指标", "二级指标", "三级指标", "年度指标值"]
    text = (" " * 40).join(names) + "\n产出指标 数量指标 培训人数 50人\n"
    [(start, end, roles)] = DocumentContext.of_text(text).headers
    assert roles == ["level1", "level2", "name", "target"] and text[end - 5:end] == "年度指标值"
