"""Each input format gives the records of the text filing it was made from (apart from offsets);
records from real cells say where they came from. Fixtures: tests/fixtures/formats/, made by
scripts/make_fixtures.py from the tables of filings 000 and 001."""
from collections import Counter
from pathlib import Path

import pytest

from extraction.pipeline import run
from extraction.reading import SUFFIXES, read_document

from .conftest import FIX, key, original


def table_records(res):
    return [r for r in res.records if any(t.start <= r.start < t.end for t in res.tables)]


@pytest.mark.parametrize("prefix", ["000", "001"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "pdf"])
def test_format_records_equal_the_text_filings(prefix, fmt):
    want = Counter(key(r) for r in table_records(original(prefix)))
    assert sum(want.values()) == {"000": 51, "001": 117}[prefix]  # the gold set's table rows of each
    doc = read_document(FIX / f"{prefix}.{fmt}")
    assert doc.grids, "the format's real cells are kept"
    res = run(doc, "rules")
    assert res.layouts == "grid"  # read from the cells, not guessed from the text
    assert Counter(key(r) for r in res.records) == want
    for r in res.records:
        assert doc.text[r.start:r.end] == r.text
        assert all(r.start <= s < e <= r.end for _, s, e in r.spans)


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "html", "pdf"])
def test_records_say_which_cell_they_came_from(fmt):
    doc = read_document(FIX / f"001.{fmt}")
    res = run(doc, "rules")
    fields = {"docx": {"table"}, "html": {"table"}, "xlsx": {"sheet", "table"}, "pdf": {"page", "table"}}[fmt]
    for r in res.records:
        assert set(r.extra) == fields | {"row", "cell", "reader"}
        grid = next(g for g in doc.grids if all(g.origin[k] == r.extra[k] for k in g.origin))
        cell = grid.rows[r.extra["row"] - 1][r.extra["cell"] - 1]
        val = next(s for lab, s, _ in r.spans if lab == "VAL")
        assert cell.start <= val < cell.end and cell.text == doc.text[cell.start:cell.end]
    # 培训党员数量 >=5000人 is row 8 of the first table (header, then six 投入与目标管理 rows), 4th cell
    (r,) = [r for r in res.records if r.indicator == "培训党员数量"]
    assert (r.extra["row"] - (1 if fmt == "xlsx" else 0), r.extra["cell"]) == (8, 4)
    assert r.to_dict()["cell"] == 4  # extra fields are written beside the spec's


def test_docx_reads_paragraphs_and_tables_in_order_with_merged_cells():
    doc = read_document(FIX / "001.docx")
    assert len(doc.grids) == 13
    first = doc.text.index("项目名称：VR党建宣教中心经费")
    assert first < doc.grids[0].start < doc.text.index("项目名称：城市社区党组织服务群众专项经费")
    rows = doc.grids[0].rows
    assert [c.text for c in rows[0]] == ["一级指标", "二级指标", "三级指标", "年度目标值"]
    # 投入与目标管理 is one cell merged over six rows: filled, pointing at the one place it is written
    merged = [row[0] for row in rows[1:7]]
    assert [c.text for c in merged] == ["投入与目标管理"] * 6
    assert [c.merged for c in merged] == [False] + [True] * 5
    assert len({(c.start, c.end) for c in merged}) == 1
    assert doc.text[merged[0].start:merged[0].end] == "投入与目标管理"


def test_cells_with_line_breaks_need_the_grid():
    """000's name cells hold line breaks (as Word cells do): only the cell-by-cell reader reads them."""
    doc = read_document(FIX / "000.docx")
    assert any("\n" in c.text for row in doc.grids[0].rows for c in row)
    assert len(run(doc, "rules").records) == 51
    doc.grids = []
    assert len(run(doc, "rules").records) < 51


def test_pdf_table_runs_on_across_pages():
    doc = read_document(FIX / "000.pdf")
    pages = [g.origin["page"] for g in doc.grids]
    assert pages == [1, 2, 3]  # one table over three pages; only page 1 has the header row
    assert [c.text for c in doc.grids[0].rows[0]][:2] == ["目标名称", "一级指标"]
    res = run(doc, "rules")
    assert {r.extra["page"] for r in res.records} == {1, 2, 3}


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_gbk_and_utf16_copies_give_the_same_records(prefix):
    want = [r.to_dict() for r in original(prefix).records]
    for name, encodings in ((f"{prefix}.gbk.txt", ("gb18030", "gbk")), (f"{prefix}.utf16.txt", ("utf-16",))):
        doc = read_document(FIX / name)
        assert doc.encoding in encodings
        got = [dict(r.to_dict(), doc=want[0]["doc"]) for r in run(doc, "rules").records]
        assert got == want  # offsets too: the decoded text (CRLF read as LF) is the original


def test_html_ragged_rows_and_spans(tmp_path):
    page = tmp_path / "ragged.html"
    page.write_bytes(
        "<html><head><meta charset='gbk'></head><body><h2>项目名称：示例项目</h2><table>"
        "<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>"
        "<tr><td rowspan='2'>产出指标</td><td>数量指标</td><td>培训人数</td><td>≥50人</td></tr>"
        "<tr><td>质量指标</td><td>合格率</td></tr>"
        "<tr><td>效益指标</td><td>社会效益</td><td>满意度</td><td>90%</td><td>多余</td><td>又一格</td></tr>"
        "<tr><td colspan='2'>时效指标</td><td>完成及时率</td><td>100%</td></tr>"
        "</table><p>年度绩效目标：培训合格率达到90%以上</p></body></html>".encode("gbk"))
    doc = read_document(page)
    assert doc.encoding == "gb18030"
    res = run(doc, "rules")
    got = {(r.level1, r.indicator, r.value, r.unit, r.project) for r in res.records if "row" in r.extra}
    assert got == {("产出指标", "培训人数", 50, "人", "示例项目"), ("效益指标", "满意度", 90, "%", "示例项目"),
                   ("时效指标", "完成及时率", 100, "%", "示例项目")}
    assert any("6 cells, header has 4" in p for p in res.problems)
    assert any(r.indicator == "培训合格率" and "row" not in r.extra for r in res.records)  # the paragraph's prose


def test_xlsx_percent_formatted_numbers_and_merges(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "年度指标值"])
    ws.append(["产出指标", "数量指标", "培训人数", 5000])
    ws.append([None, "质量指标", "合格率", 0.95])
    ws["D3"].number_format = "0%"
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "t.xlsx")
    res = run(read_document(tmp_path / "t.xlsx"), "rules")
    got = sorted((r.level1, r.indicator, r.value, r.unit, r.extra["row"]) for r in res.records)
    assert got == [("产出指标", "合格率", 95, "%", 3), ("产出指标", "培训人数", 5000, None, 2)]


def test_every_suffix_has_a_reader():
    assert {".txt", ".docx", ".xlsx", ".html", ".pdf"} <= set(SUFFIXES)
    assert all(Path(f"x{s}").suffix == s for s in SUFFIXES)


def test_real_cells_with_header_names_the_header_table_does_not_list(tmp_path):
    # dev 013's header and a row of it as real cells: 计算符号 / 度量单位 are found by their head
    # words, as the cells-first reader finds them in text, and join the value
    page = tmp_path / "unlisted.html"
    page.write_text(
        "<html><body><table><tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>计算符号</th><th>目标值</th>"
        "<th>度量单位</th><th>指标值说明</th></tr><tr><td>产出指标</td><td>数量指标</td><td>湿地保有量(公顷)</td>"
        "<td>=</td><td>4900</td><td>公顷</td><td>该指标值数据合理</td></tr></table></body></html>", encoding="utf-8")
    res = run(read_document(page), "rules")
    assert [(r.indicator, r.op, r.value, r.unit, r.level2) for r in res.records] == \
        [("湿地保有量(公顷)", "=", 4900, "公顷", "数量指标")]
    assert [t.layout for t in res.tables] == ["grid"]
