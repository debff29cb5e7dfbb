"""Property-based tests (hypothesis) over the text path, the grid path and the value grammar:
no input makes extraction raise; every record's text is the original at start:end; normalisation
never moves an offset. Bounded (derandomized, fixed example counts) so CI runs them in seconds."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import extract
from extraction.normalizing import NormText
from extraction.pipeline import run
from extraction.reading import Document, TextBuilder
from extraction.values import find_values, parse_value_cell

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
OPS = {">=", "<=", ">", "<", "=", "~"}

# pieces the filings are made of, so generated text reaches the table, value and prose rules
WORDS = ["一级指标", "二级指标", "三级指标", "指标内容", "指标值", "年度目标值", "全年完成值", "产出指标",
         "数量指标", "培训人数", "满意度", "完成率", "项目名称：", "年度绩效目标", "≥", ">=", "≤", "以上",
         "不少于", "达到", "约", "大于等于", "%", "％", "人", "万人", "万元", "次", "期", "小时", "分\n钟",
         "5000", "90", "１００", "4.6", "2万", "一", "十二", "健全", "完成", "$\\geq 50$", "\\%", "<p>", "</p>",
         "，", "。", "：", "(", "（", "）", " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "-", "--", "*"]
pieces = st.one_of(st.sampled_from(WORDS), st.text(max_size=4))
filing_text = st.lists(pieces, max_size=80).map("".join)

value_cell = st.one_of(
    st.tuples(st.sampled_from(["", "≥", ">=", "＞＝", "不少于", "达到", "约", "≤", "$\\geq "]),
              st.sampled_from(["5000", "90", "１００", "4.6", "2", "一", "0.5", "1,200"]),
              st.sampled_from(["", "%", "％", "人", "万人", "万元", "次", "小时", "天/月", "\\%$", " 分\n钟"]),
              st.sampled_from(["", "以上", "以内", "左右"])).map("".join),
    st.sampled_from(["健全", "有所提升", "及时", "", "--", "完成率 100%，抽查核实率 10%以上"]),
    filing_text)
row = st.tuples(st.sampled_from(["产出指标", "效益指标", ""]), st.sampled_from(["数量指标", "质量", "社会效益", ""]),
                st.one_of(st.sampled_from(["培训人数", "满意度", "培训 覆盖率", ""]), filing_text),
                value_cell, value_cell).map("\t".join)
header = st.sampled_from(["一级指标\t二级指标\t三级指标\t年度目标值\t全年完成值",
                          "一级指标\t二级指标\t指标内容\t指标值\t全年完成值",
                          "\t一级指标\n\t二级指标\n\t三级指标\n\t指标值\n\t全年完成值"])


@st.composite
def table_text(draw) -> str:
    """A table (tab-separated, or one cell a line), prose, and noise put in anywhere."""
    rows = draw(st.lists(row, max_size=8))
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n"]))
    text = draw(header) + sep + sep.join(rows)
    text += "\n年度绩效目标：" + draw(st.sampled_from(["培训合格率达到90%以上", "全年计划开展体验培训1万人次", ""]))
    for _ in range(draw(st.integers(0, 3))):
        k = draw(st.integers(0, len(text)))
        text = text[:k] + draw(pieces) + text[k:]
    return text


any_text = st.one_of(st.text(max_size=300), filing_text, table_text())


def check_records(text: str, records) -> None:
    for r in records:
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.text
        assert r.op in OPS and r.indicator
        for _, s, e in r.spans:
            assert r.start <= s < e <= r.end


@FUZZ
@given(any_text)
def test_extract_never_raises_and_records_point_at_their_text(text):
    check_records(text, extract(text, name="fuzz.txt"))


@FUZZ
@given(st.lists(st.lists(st.one_of(st.none(), value_cell, st.sampled_from(WORDS), filing_text), max_size=7), max_size=8),
       st.lists(filing_text, max_size=3))
def test_grids_never_raise_and_cells_point_at_their_text(rows, paragraphs):
    header = ["一级指标", "二级指标", "三级指标", "指标值", "全年完成值"]
    out = TextBuilder()
    for p in paragraphs:
        out.paragraph(p)
    grid = out.table([header] + [list(row) for row in rows], {"table": 1})
    if rows and len(rows[-1]) > 1:  # a merged cell pointing back at the row before
        out.table([header, ["产出指标", "数量", "人数", "5人"], [("merged", (1, 0)), "质量", "率", "90%"]],
                  {"table": 2})
    doc = out.document("fuzz.docx", None)
    for g in doc.grids:
        for row in g.rows:
            for c in row:
                assert doc.text[c.start:c.end] == c.text
    assert grid is None or grid in doc.grids
    res = run(doc)
    check_records(doc.text, res.records)
    for r in res.records:
        if r.source == "rule" and r.extra:  # a record from a cell: the cell it names holds its value
            g = doc.grids[[g.origin["table"] for g in doc.grids].index(r.extra["table"])]
            cell = g.rows[r.extra["row"] - 1][r.extra["cell"] - 1]
            val = next(s for lab, s, _ in r.spans if lab == "VAL")
            assert cell.start <= val < cell.end


@FUZZ
@given(any_text)
def test_value_grammar_spans_stay_inside_the_text(text):
    for m in parse_value_cell(text) + find_values(text) + find_values(text, chinese_numerals=True):
        for s, e in [m.val, *m.ops, *m.units] + ([m.ind] if m.ind else []):
            assert 0 <= s <= e <= len(text)
        assert m.op in OPS
        assert m.value is None or m.qualitative is None


@FUZZ
@given(any_text, st.integers(0, 300), st.integers(0, 300), st.booleans(), st.booleans())
def test_normalisation_never_moves_an_offset(text, a, b, join_lines, drop_spaces):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    view = NormText(text, a, b, join_lines=join_lines, drop_spaces=drop_spaces)
    prev_end = a
    for i, ch in enumerate(view.text):
        s, e = view.to_original(i, i + 1)
        assert prev_end <= s < e <= b  # in order, inside the slice, never overlapping
        prev_end = e
        src = text[s:e]
        if len(src) == 1:  # one character for one: the same character, folded
            assert ch == src or ch == " " and src.isspace() or ord(src) - 0xFEE0 == ord(ch)
        else:  # a tag read as a line break, or a LaTeX escape read as the character it escapes
            assert (ch == "\n" and src.startswith("<")) or (src == "\\" + ch)
    if view.text:
        assert view.to_original(0, len(view.text)) == (view.to_original(0, 1)[0],
                                                        view.to_original(len(view.text) - 1, len(view.text))[1])
