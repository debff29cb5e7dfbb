"""The table reader on real excerpts of the sample filings: tab-separated, one-cell-a-line and PDF
text tables, all by the cells-first reader (the adapters each once had are retired).
Expected values are written here from reading the excerpts."""
import pytest

from extraction.structure import read_tables
from extraction.structure import DocumentContext
from extraction.tables.headers import role_of


def _rows(text):
    out = []
    for t in read_tables(text):
        for r in t.rows:
            out.append((t.layout, r.name.flat if r.name else None, r.level1, r.level2,
                        [(role, c.flat) for role, c in r.values]))
    return out


def test_header_roles():
    assert role_of("指标值（预 计当年实 现）") == "target"
    assert role_of("指标值（前 年）") == "prior"
    assert role_of("指标值（上 年）") == "last"
    assert role_of("全年完成\n\n值") == "actual"
    assert role_of("自评分") == "score"
    assert role_of("绩效标准") == "basis"
    assert role_of("项目负责人") is None


def test_header_across_lines():
    text = "一级\n指标\n\n二级指标 指标内容 年度目标值\n全年完成\n\n值\n未完成原因和改进措施\n\n自评分\n\n54\n"
    [(start, end, roles)] = DocumentContext.of_text(text).headers
    assert roles == ["level1", "level2", "name", "target", "actual", "reason", "score"]
    # (the section score under the last name, "56" in the filing, goes with the header cell)
    assert start == 0 and text.index("自评分") + 3 <= end < text.index("54") + 3


def test_tabbed_with_fill_down(filing_text):
    text = filing_text("001")
    a = text.index("一级指标\t二级指标\t三级指标\t年度目标值")
    b = text.index("## 2020年部门项目支出预算绩效目标下达表", a)
    rows = _rows(text[a:b])
    assert ("cells", "预算执行率", "投入与目标管理", "投入管理", [("target", "=100%")]) in rows
    assert ("cells", "财务管理制度健全性", "投入与目标管理", "财务管理", [("target", "健全")]) in rows
    assert ("cells", "培训党员数量", "产出目标", "数量", [("target", ">=5000人")]) in rows
    assert ("cells", "配套设施完备性", "影响力目标", "配套设施", [("target", "完备")]) in rows
    assert all(r[4] for r in rows if r[1])  # no row with a name but an empty value is kept with values


def test_tabbed_three_value_columns(filing_text):
    text = filing_text("000")
    rows = _rows(text)
    row = next(r for r in rows if r[1].startswith("开展科级公务员培训"))
    assert row[4] == [("prior", "2期"), ("last", "2期"), ("target", "2期")]
    assert row[2:4] == ("产出指标", "数量指标")


def test_linewise(filing_text):
    text = filing_text("002")
    a = text.index("1、“不忘初心、牢记使命”主题教育专项经费绩效目标表")
    b = text.index("2、表彰五星级", a)
    rows = _rows(text[a:b])
    assert [r[1] for r in rows] == ["宣传活动次数", "成本控制情况", "验收合格率", "工作完成及时率",
                                    "印刷学习手册数量", "提高党员政治思想水平", "党员满意度"]
    assert rows[1][2:] == ("产出指标", "成本指标", [("target", "≤20万元")])
    assert rows[6][2:] == ("满意度指标", "服务对象满意度指标", [("target", "≥90%")])


def test_pdf_text_cells_broken_across_lines(filing_text):
    text = filing_text("003")
    a = text.index("一级指标 二级指标 指标内容 指标值 绩效标准")
    b = text.index("项目绩效目标申报表", a)
    rows = _rows(text[a:b])
    names = [r[1] for r in rows]
    assert "信息平台运行及维护响应时间" in names
    row = rows[names.index("信息平台运行及维护响应时间")]
    assert row[3:] == ("时效指标", [("target", "小于30分钟")])
    row = rows[names.index("设备正常使用")]
    assert row[2:] == ("效益指标", "可持续影响指标", [("target", "大于等于5年")])


def test_pdf_text_self_evaluation_rows_with_scores(filing_text):
    text = filing_text("004")
    rows = _rows(text)
    by_name = {r[1]: r for r in rows}
    assert by_name["聘用人员数量"][4] == [("target", "3人"), ("actual", "3人")]
    assert by_name["聘请人才专员人数"][4] == [("target", "5人"), ("actual", "3人")]  # reason text skipped
    assert by_name["公务员登记"][4] == [("target", "50"), ("actual", "150")]  # score 1 is not a value
    assert by_name["干部教育培训期数"][4] == [("target", "4"), ("actual", "2")]  # score 0.5 after the reason
    assert by_name["聘用人员工作时间"][4] == [("target", "合同约定"), ("actual", "完成")]
    assert by_name["群众对人才专员、党群工作者工作满意度"][4] == [("target", ">95%"), ("actual", "99%")]


def test_unmappable_table_is_reported_not_parsed():
    text = "一级指标\t二级指标\t三级指标\t年度目标值\n产出\t数量\t\t=5人\t多余\t列\n"
    (t,) = read_tables(text)
    assert t.rows == []
    assert t.problems == ["row at 21 has 6 cells, header has 4"]
    # a column the header names without a head word ("序号") is no extra cell
    text = "序号\t一级指标\t二级指标\t三级指标\t年度目标值\n1\t产出\t数量\t培训人数\t=5人\n"
    (t,) = read_tables(text)
    assert [(r.name.text, r.values[0][1].text) for r in t.rows] == [("培训人数", "=5人")] and not t.problems


def _records(text):
    from extraction import extract

    return [(r.indicator, r.op, r.value, r.unit, r.column) for r in extract(text=text)]


def test_a_table_going_on_from_the_page_before_is_read_without_its_header():
    # the header was on the page before: name | operator | target | unit | actual | score
    text = "安全隐患处置率 | ≥ | 90 | % | 93 | 10 |\n道路巡查次数 | ≥ | 12 | 次 | 12 | 10 |\n"
    assert _records(text) == [("安全隐患处置率", ">=", 90, "%", "target"), ("安全隐患处置率", "=", 93, "%", "actual"),
                              ("道路巡查次数", ">=", 12, "次", "target"), ("道路巡查次数", "=", 12, "次", "actual")]


def test_levels_weights_and_scores_of_a_headerless_table_are_not_values():
    text = ("效益指标 | 社会效益指标 | 安全隐患处置率 | ≥90% | 93% | 10 | 10\n"
            "产出指标 | 数量指标 | 道路保洁面积 | 5 | >=2000平方米 | 2150平方米 | 5\n")
    assert _records(text) == [("安全隐患处置率", ">=", 90, "%", "target"), ("安全隐患处置率", "=", 93, "%", "actual"),
                              ("道路保洁面积", ">=", 2000, "平方米", "target"), ("道路保洁面积", "=", 2150, "平方米", "actual")]


def test_a_value_column_that_names_its_unit_is_a_value_column():
    assert role_of("指标值及单位") == "target" and role_of("完成值(含单位)") == "actual" and role_of("计量单位") == "unit"
    text = "一级指标 | 二级指标 | 三级指标 | 指标值及单位\n产出指标 | 数量指标 | 新建道路长度 | 12公里\n"
    assert _records(text) == [("新建道路长度", "=", 12, "公里", "target")]


def test_rows_of_a_budget_table_are_no_indicators():
    # money in a row, or a header that names no value column above the rows
    text = ("资金投入情况(万元) | 年初预算数 | 全年预算数 | 全年执行数\n年度资金总额: | 3359.62万 | 3359.62万 | 100%\n"
            "其中:中央财政资金 | 829.3万 | 829.3万 | 100%\n"
            "项目名称 | 预算数 | 分值\n培训费 | 12 | 100%\n会议费 | 8 | 90%\n")
    assert _records(text) == []


def test_one_line_that_looks_like_a_row_is_no_table():
    assert _records("联系电话 | 12345678 | 邮编 | 100%\n") == []


def test_a_markdown_alignment_row_is_a_rule_not_a_row():
    from extraction.pipeline import run
    from extraction.reading import Document

    rows = ["| 一级指标 | 二级指标 | 三级指标 | 年度指标值 |", "{align}",
            "| 产出指标 | 数量指标 | 培训人数 | ≥50人 |", "| 产出指标 | 质量指标 | 合格率 | ≥90% |"]
    for align in ("|---|---|---|---|", "| :--- | :---: | --- | ---: |"):
        text = "\n".join(rows).replace("{align}", align) + "\n"
        got = [(r.indicator, r.op, r.value, r.level2, r.extra["reader"]) for r in run(Document("x.txt", text)).records]
        assert got == [("培训人数", ">=", 50, "数量指标", "table:cells"), ("合格率", ">=", 90, "质量指标", "table:cells")]


def test_a_name_a_pdf_column_wrapped_stays_one_cell_in_a_fixed_width_table():
    from extraction.pipeline import run
    from extraction.reading import Document
    from extraction.tables.encodings import split_spaces

    text = ("一级指标      二级指标              三级指标                 年度指标值\n"
            "产出指标      数量指标              宣传活动次 数             ≥3次\n"
            "产出指标     数量指标              印刷学习手册 数量         ≥20000份\n"
            "满意度指标   服务对象满 意度指标  党员满意度                ≥90%\n")
    got = [(r.indicator, r.value, r.level2) for r in run(Document("x.txt", text)).records]
    assert got == [("宣传活动次数", 3, "数量指标"), ("印刷学习手册数量", 20000, "数量指标"),
                   ("党员满意度", 90, "服务对象满意度指标")]
    # a long piece is a cell of its own: "和成果" is a heading's end, the text after it a paragraph
    line = "年度主要目标     和成果 新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化"
    assert [line[a:b] for a, b in split_spaces(line)][:3] == ["年度主要目标", "和成果", "新建中药材晾晒房一座,占地300平方米,包含场坪整治及硬化"]
    # with single spaces only (PDF text of 004: "名称 ≥2万 27132 1"), every space parts cells
    assert len(split_spaces("新增留汉创业大学生数量 ≥2万 27132 1")) == 4


def test_short_glued_rows_that_open_with_two_level_names_are_cut_into_cells():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标二级指标三级指标年度指标值\n"
            "产出指标数量指标宣传活动次数≥3次\n"
            "产出指标质量指标验收合格率100%\n"
            "满意度指标服务对象满意度指标党员满意度≥90%\n")
    got = [(r.level1, r.level2, r.indicator, r.op, r.value) for r in run(Document("x.txt", text)).records]
    assert got == [("产出指标", "数量指标", "宣传活动次数", ">=", 3), ("产出指标", "质量指标", "验收合格率", "=", 100),
                   ("满意度指标", "服务对象满意度指标", "党员满意度", ">=", 90)]


@pytest.mark.parametrize("line, cells", [
    ("培育中药材品种数量培育中药材品种数量", ["培育中药材品种数量", "培育中药材品种数量"]),
    ("质量指标党建任务完成率上级党组织要求完成党建工作任务完成率", ["质量指标", "党建任务完成率", "上级党组织要求完成党建工作任务完成率"]),
    ("消化利用农作物秸秆数量建立秸秆综合利用点", ["消化利用农作物秸秆数量建立秸秆综合利用点"]),
    ("培训合格率 90%", ["培训合格率 90%"]),
])
def test_a_name_line_glued_to_its_description_is_two_cells(line, cells):
    from extraction.tables.glued import split_name_line

    assert [line[a:b] for a, b in split_name_line(line)] == cells


def test_a_page_number_or_a_print_link_between_rows_does_not_end_the_table():
    from extraction.pipeline import run
    from extraction.reading import Document
    from extraction.tables.encodings import is_furniture

    rows = ["一级指标\t二级指标\t三级指标\t年度指标值", "产出指标\t数量指标\t培训人数\t≥50人", "{line}",
            "产出指标\t质量指标\t合格率\t≥90%", "满意度指标\t满意度指标\t学员满意度\t≥95%"]
    for line in ("- 13 -", "第 3 页 共 8 页", "3/8", "打印本页 关闭窗口", "返回顶部"):
        assert is_furniture(line)
        text = "\n".join(rows).replace("{line}", line) + "\n"
        got = [(r.indicator, r.value, r.extra["reader"]) for r in run(Document("x.txt", text)).records]
        assert got == [("培训人数", 50, "table:cells"), ("合格率", 90, "table:cells"), ("学员满意度", 95, "table:cells")]
    assert not is_furniture("产出指标\t数量指标\t第3页\t≥50人") and not is_furniture("培训 13 期")


def test_two_values_in_one_cell_fill_the_next_value_column_else_a_copy_is_read_once():
    from extraction.pipeline import run
    from extraction.reading import Document

    both = ("一级指标\t二级指标\t三级指标\t年度指标值\t全年实际完成值\n"
            "产出指标\t数量指标\t聘请人才专员人数\t5人3人\n"
            "产出指标\t数量指标\t聘用人员数量\t3人3人\n")
    got = [(r.indicator, r.value, r.column) for r in run(Document("x.txt", both)).records]
    assert got == [("聘请人才专员人数", 5, "target"), ("聘请人才专员人数", 3, "actual"),
                   ("聘用人员数量", 3, "target"), ("聘用人员数量", 3, "actual")]
    bold = ("一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t聘用人员数量\t3人3人\n"
            "产出指标\t质量指标\t培训合格率\t95%95%\n")
    got = [(r.indicator, r.value, r.column, r.text.split("\t")[-1]) for r in run(Document("x.txt", bold)).records]
    assert got == [("聘用人员数量", 3, "target", "3人"), ("培训合格率", 95, "target", "95%")]


def test_a_table_printed_twice_reads_each_value_once_even_a_bare_number():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t实施营造林总面积(亩)\t8000080000\n"
            "产出指标\t数量指标\t修建作业道长度(公里)\t3030\n产出指标\t质量指标\t苗木成活率(%)\t8585\n"
            "产出指标\t时效指标\t项目完成时间\t2023年底2023年底\n")
    got = [(r.indicator, r.value, r.qualitative) for r in run(Document("x.txt", text)).records]
    assert got == [("实施营造林总面积(亩)", 80000, None), ("修建作业道长度(公里)", 30, None),
                   ("苗木成活率(%)", 85, None), ("项目完成时间", None, "2023年底")]
    both = ("一级指标\t二级指标\t三级指标\t年度指标值\t全年实际完成值\n"
            "产出指标\t数量指标\t验收通过率\t≥95%≥95%\t100%100%\n产出指标\t数量指标\t村庄数量\t≥200≥200\t202202\n")
    got = [(r.indicator, r.op, r.value, r.column) for r in run(Document("x.txt", both)).records]
    assert got == [("验收通过率", ">=", 95, "target"), ("验收通过率", "=", 100, "actual"),
                   ("村庄数量", ">=", 200, "target"), ("村庄数量", "=", 202, "actual")]


def test_an_empty_tab_cell_before_a_value_is_a_column_skipped():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标\t二级指标\t三级指标\t年度指标值\t全年实际完成值\n"
            "\t\t婚检率\t85%左右\t为94.99%\n\t\t免费婚检\t\t61486人\n\t\t任务\t\t180.84%\n")
    got = [(r.indicator, r.value, r.column) for r in run(Document("x.txt", text)).records]
    # the actual stays in its column, and the short name under the header is no part of it
    assert got == [("婚检率", 85, "target"), ("婚检率", 94.99, "actual"), ("免费婚检", 61486, "actual"),
                   ("任务", 180.84, "actual")]


def test_a_remark_column_between_the_unit_and_the_value_is_no_value():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标\t二级指标\t三级指标\t计量单位\t备注\t年度指标值\n\t\t乡科级干部培训\t次\t无\t≥8\n"
            "\t\t基层组织人员培训\t次\t\t≥5\n\t\t大督查培训次数\t次\t按计划完成\t≥1\n")
    got = [(r.indicator, r.op, r.value, r.unit) for r in run(Document("x.txt", text)).records]
    assert got == [("乡科级干部培训", ">=", 8, "次"), ("基层组织人员培训", ">=", 5, "次"), ("大督查培训次数", ">=", 1, "次")]


def test_a_short_glued_header_over_glued_rows_heads_them():
    from extraction.pipeline import run
    from extraction.reading import Document
    from extraction.tables.glued import is_glued_header

    header, row = "一级指标二级指标三级指标年度指标值", "产出指标数量指标宣传活动次数≥3次"
    assert is_glued_header(header, row)
    assert is_glued_header(header, "产出指标数量指标研究培育食用菌品种数量")  # values on lines of their own
    assert not is_glued_header("一级指标 二级指标 三级指标 年度指标值", row)
    got = [(r.indicator, r.value, r.extra["reader"]) for r in run(Document("x.txt", f"{header}\n{row}\n")).records]
    assert got == [("宣传活动次数", 3, "table:cells")]


def test_a_glued_row_whose_value_stands_on_the_next_line_goes_on_to_it():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标二级指标三级指标指标解释预期达到目标\n"
            "产出指标数量指标研究培育食用菌品种数量研究培育食用菌品种数量\n2种\n"
            "培育中药材品种数量培育中药材品种数量\n4种\n")
    got = [(r.indicator, r.value, r.unit, r.qualitative) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("研究培育食用菌品种数量", 2, "种", None), ("培育中药材品种数量", 4, "种", None)]


def test_a_tab_line_narrower_than_its_header_is_not_pinned_to_columns():
    from extraction.pipeline import run
    from extraction.reading import Document

    # levels written on the first row of a run only, left out (not blank) after it
    text = ("一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人数\t≥50人\n合格率\t≥90%\n")
    got = [(r.indicator, r.value, r.level2) for r in run(Document("x.txt", text)).records]
    assert got == [("培训人数", 50, "数量指标"), ("合格率", 90, "数量指标")]


def test_a_name_is_cut_from_its_description_only_where_both_end_in_one_head_word():
    from extraction.tables.glued import split_name_line

    line = "党员对教育活动开展情况的满意度"  # one name (a scanned table's line: OCR drops the leading tab)
    assert [line[a:b] for a, b in split_name_line(line)] == [line]


def test_ocr_text_reads_a_glued_header_over_cells_a_line_and_joins_broken_names():
    from extraction.tables.glued import is_glued_header
    from extraction.tables.reader import read_cell_tables

    # OCR of a PDF-text page: the header's spaces and the cells' trailing spaces are gone, names
    # broken by the column width stand on lines of their own
    assert is_glued_header("一级指标二级指标指标内容指标值绩效标准", "产出指标")
    assert not is_glued_header("一级指标二级指标", "产出指标")  # no value column
    # over a name glued to its value it heads a glued table too, whose rows go on line by line
    assert is_glued_header("一级指标二级指标指标内容指标值绩效标准", "投入管理预算执行率>=95%")
    assert not is_glued_header("一级指标二级指标指标内容指标值绩效标准", "说明：本表由项目单位填报，财政部门审核后公开")
    pieces = ["信息平台运", "行及维护响", "应时间", "小于30分", "钟", "绩效管理和", "综合考评", "1项"]
    filler = ["质量指标", "圆满完成年", "度绩效管理", "和考评工作", "100%"] * 3
    text = "一级指标二级指标指标内容指标值绩效标准\n\n产出指标\n\n时效指标\n\n" + "\n\n".join(pieces + filler) + "\n"

    def rows(ocr: bool) -> set[tuple[str, str]]:
        return {(r.name.text.replace("\n", ""), r.values[0][1].text.replace("\n", ""))
                for t in read_cell_tables(text, ocr=ocr) for r in t.rows}

    got = rows(ocr=True)
    assert {("信息平台运行及维护响应时间", "小于30分钟"), ("绩效管理和综合考评", "1项"),
            ("圆满完成年度绩效管理和考评工作", "100%")} <= got
    # typed text whose lines end with no space: a line break is no sign of a broken cell
    assert ("信息平台运行及维护响应时间", "小于30分钟") not in rows(ocr=False)


def test_a_row_whose_values_ocr_glued_to_its_name_is_read_in_cells():
    from extraction.tables.glued import is_glued_row

    assert is_glued_row("聘用人员数量3人3人3")
    assert is_glued_row("党群工作者、人才专员工作天数22天/月22天/月3")
    assert not is_glued_row("培训合格率≥90%")  # one value: a name line
    assert not is_glued_row("2019年年底人才专员工作")
    assert not is_glued_row("聘用人员数量 3人 3人 3")  # spaces part its cells
    assert is_glued_row("精品示范村/4个", values=1)  # a slash for the empty target
    assert not is_glued_row("精品示范村/", values=1)


def test_a_glued_header_over_a_row_with_an_empty_target_heads_the_table():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = "一级指标二级指标三级指标年度指标值全年实际完成值\n精品示范村/4个\n产出指标数量指标新建省级中心村数量≥10 10\n"
    got = {(r.indicator, r.column, r.op, r.value) for r in run(Document(name="t", text=text), "values").records}
    assert got == {("精品示范村", "actual", "=", 4), ("新建省级中心村数量", "target", ">=", 10),
                   ("新建省级中心村数量", "actual", "=", 10)}


def test_a_name_glued_to_its_first_value_in_a_spaces_line_sheds_its_level_names():
    from extraction.tables.encodings import split_spaces

    for line, cells in [("公务员登记50 150 1", ["公务员登记", "50", "150", "1"]),
                        ("产出指标数量指标公务员登记50 150", ["产出指标", "数量指标", "公务员登记", "50", "150"]),
                        ("产出指标数量指标培训人数≥150 100", ["产出指标", "数量指标", "培训人数", "≥150", "100"]),
                        # two values glued to the name: each a cell
                        ("微信公众号点击率600次/年807 1", ["微信公众号点击率", "600次/年", "807", "1"])]:
        assert [line[a:b] for a, b in split_spaces(line)] == cells


def test_a_target_and_an_equal_actual_glued_in_one_cell_fill_both_columns():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标\t二级指标\t三级指标\t年度指标值\t全年实际完成值\n"
            "效益指标\t经济效益\t减轻参训人员经济负担\t有效减轻有效减轻\n"
            "产出指标\t产出数量\t完成护工培训任务\t12500名12166名\n")
    got = {(r.level2, r.indicator, r.column, r.value, r.qualitative) for r in run(Document("x.txt", text)).records}
    assert ("经济效益", "减轻参训人员经济负担", "target", None, "有效减轻") in got
    assert ("经济效益", "减轻参训人员经济负担", "actual", None, "有效减轻") in got
    assert ("产出数量", "完成护工培训任务", "actual", 12166, None) in got  # 产出数量 is a level name


def test_where_separator_lines_end_the_rows_a_row_goes_on_to_them():
    from extraction.tables.reader import read_cell_tables

    # one cell a line, a "|" line after each row: two text cells after a name are its values
    text = ("一级指标\n二级指标\n三级指标\n年度指标值\n全年实际完成值\n|\n"
            "效益指标\n经济效益\n减轻参训人员经济负担\n有效减轻\n有效减轻\n|\n"
            "效益指标\n社会效益\n参训学员就业率\n60%及以上\n53.53%\n|\n"
            "产出指标\n产出时效\n培训任务完成及时\n2021.1.1-12.31\n2021.1.1-12.31\n|\n"
            "产出指标\n产出时效\n考核任务完成及时\n1-6期培训结束后及时考核\n1-2期未能及时培训\n|\n")
    rows = [(r.name.text, [(role, c.text) for role, c in r.values]) for t in read_cell_tables(text) for r in t.rows]
    assert ("减轻参训人员经济负担", [("target", "有效减轻"), ("actual", "有效减轻")]) in rows
    # a date after a row is no numbered heading ending the table ("2021." is a year)
    assert ("考核任务完成及时", [("target", "1-6期培训结束后及时考核"), ("actual", "1-2期未能及时培训")]) in rows


def test_a_short_glued_row_opens_with_any_two_level_names():
    from extraction.tables.glued import is_glued, split_glued

    for line, cells in [("产出目标数量培训党员数量>=5000人", ["产出目标", "数量", "培训党员数量", ">=5000人"]),
                        ("投入与目标管理投入管理预算执行率=100%", ["投入与目标管理", "投入管理", "预算执行率", "=100%"])]:
        assert is_glued(line)
        assert [line[a:b] for a, b in split_glued(line)] == cells
    assert not is_glued("数量培训党员数量>=5000人")  # a 二级指标 name alone opens no glued row


def test_a_qualitative_value_glued_to_the_end_of_a_glued_row_is_a_cell():
    from extraction.tables.glued import qualitative_tail, split_glued

    for line, cells in [
            ("投入与目标管理财务管理财务管理制度健全性健全", ["投入与目标管理", "财务管理", "财务管理制度健全性", "健全"]),
            ("投入与目标管理财务管理资金使用合规性合规", ["投入与目标管理", "财务管理", "资金使用合规性", "合规"]),
            ("效益指标社会效益指标干部工作社会影响力有所提升", ["效益指标", "社会效益指标", "干部工作社会影响力", "有所提升"]),
            ("效果指标可持续影响指标学员业务能力提升情况提升", ["效果指标", "可持续影响指标", "学员业务能力提升情况", "提升"])]:
        assert [line[a:b] for a, b in split_glued(line)] == cells
    # a row holding a number keeps its words whole: its value is the number
    line = "产出指标数量指标培训计划完成100%"
    assert [line[a:b] for a, b in split_glued(line)] == ["产出指标", "数量指标", "培训计划完成", "100%"]
    # a slash for an empty cell is a cell; a slash inside a unit is not
    for line, cells in [("产出指标数量指标开展招聘会活动次数≥20场/", ["产出指标", "数量指标", "开展招聘会活动次数", "≥20场", "/"]),
                        ("产出指标质量指标公务员招录/已完成", ["产出指标", "质量指标", "公务员招录", "/", "已完成"]),
                        ("产出指标数量指标补助标准500元/人", ["产出指标", "数量指标", "补助标准", "500元/人"])]:
        assert [line[a:b] for a, b in split_glued(line)] == cells
    # a note in brackets after a level name is part of its cell; a unit in brackets ends the name
    for line, cells in [("产出指标(50分)成本指标车辆购置成本小于等于12万元", ["产出指标(50分)", "成本指标", "车辆购置成本", "小于等于12万元"]),
                        ("产出指标数量指标(必填硬性指标)修建作业道长度(公里)30",
                         ["产出指标", "数量指标(必填硬性指标)", "修建作业道长度(公里)", "30"])]:
        assert [line[a:b] for a, b in split_glued(line)] == cells
    # no number opens with a zero: "00" is a target 0 and an actual 0
    line = "县级储备粮库存粮食明显变质比例00时效指标县级储备粮应急保障率100%100%"
    assert [line[a:b] for a, b in split_glued(line)][:3] == ["县级储备粮库存粮食明显变质比例", "0", "0"]
    assert qualitative_tail("完成") == 2  # too short a name: no cut
    assert qualitative_tail("培训工作开展情况") == len("培训工作开展情况")


def test_glued_rows_with_qualitative_values_are_read_under_a_glued_header():
    from extraction.tables.reader import read_cell_tables

    text = ("一级指标二级指标三级指标年度指标值\n投入与目标管理投入管理预算执行率>=95%\n"
            "投入与目标管理财务管理资金使用合规性合规\n效果目标社会效益档案利用率提升\n")
    rows = [(r.name.text, [(role, c.text) for role, c in r.values]) for t in read_cell_tables(text) for r in t.rows]
    assert rows == [("预算执行率", [("target", ">=95%")]), ("资金使用合规性", [("target", "合规")]),
                    ("档案利用率", [("target", "提升")])]


def test_a_head_word_in_brackets_qualifies_the_glued_header_cell_before_it():
    from extraction.tables.glued import split_glued

    line = "一级指标二级指标三级指标指标值（前年）指标值（上年）年度指标值"
    assert [line[a:b] for a, b in split_glued(line)] == [
        "一级指标", "二级指标", "三级指标", "指标值（前年）", "指标值（上年）", "年度指标值"]


def test_a_page_footer_between_two_tab_lines_does_not_end_the_table():
    from extraction.tables.reader import read_cell_tables

    header = "一级指标\t二级指标\t三级指标\t年度指标值\n"
    rows = "产出指标\t数量指标\t完成率\t100%\n产出指标\t数量指标\t抽查率\n版权所有：县人民政府办公室\n10%以上\n产出指标\t数量指标\t培训人数\t50人\n"
    names = [r.name.text for t in read_cell_tables(header + rows) for r in t.rows]
    assert names == ["完成率", "抽查率", "培训人数"]
    # a footer with no table line after it still ends the table
    tail = "产出指标\t数量指标\t完成率\t100%\n版权所有：县人民政府办公室\n网站地图\n"
    assert [r.name.text for t in read_cell_tables(header + tail) for r in t.rows] == ["完成率"]


def test_a_table_printed_transposed_pairs_each_name_with_its_values():
    from extraction.pipeline import run
    from extraction.reading import Document
    from extraction.tables.reader import read_cell_tables

    text = ("三级指标 新建高校(校区) 工程质量达标率(%)\n开工率(%)\n年度目标值\n7 100% 95%\n"
            "实施周期目标值\n7 100% 100%\n")
    got = sorted((r.indicator, r.value, r.unit, r.column, r.extra["reader"]) for r in run(Document("x.txt", text), "rules").records)
    assert got == sorted([("新建高校(校区)", 7, None, "target", "table:transposed")] * 2 + [
        ("工程质量达标率(%)", 100, "%", "target", "table:transposed")] * 2 + [
        ("开工率(%)", 95, "%", "target", "table:transposed"), ("开工率(%)", 100, "%", "target", "table:transposed")])
    # a name header with one name after it is a form field; values fewer than the names are no column
    for other in ("三级指标 培训人数\n年度目标值\n50人\n", "三级指标 培训人数 合格率\n年度目标值\n50人\n"):
        assert not [t for t in read_cell_tables(other) if t.layout == "transposed"]


def test_a_digit_run_under_one_column_per_place_holds_a_digit_for_each():
    from extraction.tables.glued import split_glued

    line = ("一级指标二级指标三级指标指标解释区域目标值新罗区永定区上杭县产出指标数量指标补助县数量反映补助县数量情况231"
            "质量指标资金使用合规性反映合规情况>=95%>=95%>=95%")
    pieces = [line[a:b] for a, b in split_glued(line)]
    assert pieces[pieces.index("反映补助县数量情况"):][:4] == ["反映补助县数量情况", "2", "3", "1"]
    # places after an operator column are target columns each: "≥11" is ≥1 for each of two towns
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标二级指标三级指标指标解释指标方向笏石街道办埭头镇产出指标数量指标开展修复工程(个)"
            "反映修复项目开展情况≥11质量指标工程验收合格率反映验收情况≥100%100%\n")
    got = [(r.indicator, r.op, r.value, r.column) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("开展修复工程(个)", ">=", 1, "target")] * 2 + [("工程验收合格率", ">=", 100, "target")] * 2
    # under a header with no place columns a score closing a row stays whole
    other = "二级指标三级指标年初目标值实际完成值得分产出指标数量指标成本控制不超过预算不超过预算10质量指标合规性合规合规10"
    assert "10" in [other[a:b] for a, b in split_glued(other)]


def test_under_a_glued_header_names_glued_to_one_value_are_rows():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = "一级指标二级指标三级指标年度指标值\n体验培训1万人次\n培训参与度≥100%\n培训覆盖率≥95%\n"
    got = [(r.indicator, r.op, r.value, r.unit, r.extra["reader"]) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("体验培训", "=", 10000, "人次", "table:cells"), ("培训参与度", ">=", 100, "%", "table:cells"),
                   ("培训覆盖率", ">=", 95, "%", "table:cells")]


def test_a_glued_row_of_a_mirror_in_traditional_characters_with_pinyin_is_cut_as_a_simplified_one():
    from extraction.tables.glued import is_glued, split_glued

    line = "產(chǎn)出指標(biāo)數(shù)量指標(biāo)衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)﹦72890元72890元"
    assert is_glued(line)
    assert [line[a:b] for a, b in split_glued(line)] == [
        "產(chǎn)出指標(biāo)", "數(shù)量指標(biāo)", "衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)", "﹦72890元72890元"]
    # (two values after one operator stay one cell: the assembler gives the second to the next column)


def test_a_target_and_an_actual_glued_after_one_operator_give_the_actual_no_operator():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标二级指标三级指标年度指标值全年实际完成值\n"
            "产出指标数量指标微信公众号运维不少于800篇800篇\n产出指标数量指标开展科普活动10场9场\n")
    got = {(r.indicator, r.column): (r.op, r.value, r.unit) for r in run(Document(name="t", text=text), "values").records}
    assert got == {("微信公众号运维", "target"): (">=", 800, "篇"), ("微信公众号运维", "actual"): ("=", 800, "篇"),
                   ("开展科普活动", "target"): ("=", 10, "场"), ("开展科普活动", "actual"): ("=", 9, "场")}


def test_a_level_name_broken_before_its_suffix_and_a_name_that_is_a_level_name_are_read():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("绩效指标\n | 一级指标\n | 二级指标\n | 三级指标\n | 指标值\n | 实施进度\n | \n"
            "项目决策\n | 数量指标\n | 宣传次数\n | 2次\n | 已完成100%\n | |\n"
            "成本指标\n | 成本\n | 10万元\n | 已完成100%\n | ||\n"
            "项目效益\n | 社会效益\n 指标\n | 提升全县消费者维权意识\n | 不断提升\n | 已完成100%\n | |\n")
    got = [(r.indicator, r.column, r.value, r.qualitative) for r in run(Document("x.txt", text), "rules").records]
    assert ("成本", "target", 100000, None) in got and ("成本", "actual", 100, None) in got
    assert ("提升全县消费者维权意识", "target", None, "不断提升") in got
    assert ("提升全县消费者维权意识", "actual", 100, None) in got
    assert not [g for g in got if g[0] in ("指标", "不断提升")]


def test_a_bare_number_closes_a_glued_row_under_a_header_with_no_column_of_points():
    from extraction.pipeline import run
    from extraction.reading import Document

    rows = "产出指标数量指标培训班次5\n产出指标时效指标培训工作开展及时性100\n"
    got = {(r.indicator, r.value) for r in run(Document("x.txt", "一级指标二级指标三级指标年度指标值\n" + rows), "rules").records}
    assert got == {("培训班次", 5), ("培训工作开展及时性", 100)}
    # under a header with a column of points a bare number closing a row may be its points
    scored = "一级指标二级指标三级指标年度指标值分值\n" + rows
    assert ("培训班次", 5) not in {(r.indicator, r.value) for r in run(Document("x.txt", scored), "rules").records}


def test_ocr_rows_under_a_glued_header_open_with_their_level_and_close_with_a_standard_word():
    from extraction.pipeline import run
    from extraction.reading import Document

    # OCR glues the cells of a row; its 绩效标准 cell ("优") closes it, a level name alone goes on
    text = ("一级指标二级指标指标内容指标值绩效标准\n产出指标\n数量指标培训班次5优\n\n质量指标培训合格率100%优\n")
    got = [(r.indicator, r.value, r.unit, r.level2) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("培训班次", 5, None, "数量指标"), ("培训合格率", 100, "%", "质量指标")]


def test_a_glued_header_over_a_row_of_a_level_a_name_and_a_word_heads_it():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = "一级指标二级指标指标内容指标值绩效标准\n数量指标党建示范点据实统计\n\n质量指标党建工作水平有所提升\n"
    got = [(r.indicator, r.qualitative, r.level2) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("党建示范点", "据实统计", "数量指标"), ("党建工作水平", "有所提升", "质量指标")]
    # a line of words with no level before it is no such row
    from extraction.tables.glued import is_glued_row
    assert not is_glued_row("党建工作水平有所提升", 1, ["level1", "level2", "name", "target", "basis"])


def test_a_qualitative_target_and_actual_before_a_rows_points_are_cells():
    from extraction.tables.glued import is_glued_row, split_glued

    for line, cells in [("聘用人员工作时间合同约定完成3", ["聘用人员工作时间", "合同约定", "完成", "3"]),
                        ("招才引智工作实施情况取得实效完成1", ["招才引智工作实施情况", "取得实效", "完成", "1"])]:
        assert [line[a:b] for a, b in split_glued(line)] == cells
        assert is_glued_row(line, values=1)
    # a value's own operator after it ends its cell ("0.5小时内" twice, then the points)
    line = "考评网故障响应0.5小时内0.5小时内1"
    assert [line[a:b] for a, b in split_glued(line)] == ["考评网故障响应", "0.5小时内", "0.5小时内", "1"]
    # a reason glued between the values and the points is a cell of its own
    line = "筹集大学生人才公寓≥1800间1126市级绩效指标下调0.5"
    assert [line[a:b] for a, b in split_glued(line)] == ["筹集大学生人才公寓", "≥1800间1126", "市级绩效指标下调", "0.5"]
    assert is_glued_row(line, values=1)
    # closed by its points such a row needs no glued row before it to be one
    assert is_glued_row("人才引领创新的功能增强完成1") and not is_glued_row("全面完成1")
    # with no points after them, one word is taken off a name's end, and only after a level name
    assert not is_glued_row("聘用人员工作时间合同约定完成", values=1)


def test_in_ocr_text_a_line_of_values_glued_together_is_cut_into_cells():
    from extraction.tables.encodings import cell_stream

    text = "建立工委直接联系点，提升两新组织向心\n力\n\n49个49个1\n"
    assert [c.text for c in cell_stream(text, ocr=True)][-3:] == ["49个", "49个", "1"]
    assert [c.text for c in cell_stream(text)][-1] == "49个49个1"  # typed text keeps its cells as written


def test_a_stray_character_after_a_glued_headers_last_word_is_its_cells_and_no_row_joins_the_header():
    from extraction.tables.glued import is_glued_header, split_glued
    from extraction.tables.reader import read_cell_tables

    # OCR read 值 as 什: the stray character belongs to the last header cell
    line = "二级指标指标内容年度目标什"
    assert [line[a:b] for a, b in split_glued(line)] == ["二级指标", "指标内容", "年度目标什"]
    assert is_glued_header(line, "全年完成")
    # a short name cut from the first glued row is a row's name, not the rest of the header's last cell
    text = "一级指标二级指标三级指标全年实际完成值\n司法所21个\n法律援助案件94件\n"
    rows = [(r.name.text, [c.text for _, c in r.values]) for t in read_cell_tables(text) for r in t.rows]
    assert rows == [("司法所", ["21个"]), ("法律援助案件", ["94件"])]


def test_ocr_names_broken_at_the_columns_width_are_joined():
    from extraction.tables.reader import read_cell_tables

    # an OCR'd table one cell a line: the name column breaks names after five characters
    rows = [("维护设备及", "系统数量", "1套"), ("系统正常运", "行", "≥99.5%"), ("年度维护成", "本增加率", "≤8%"),
            ("所有经费能", "有效使用", "是"), ("基层党组织", "高质量发展", "有所提升"), ("干部工作社", "会影响力", "有所提升")]
    body = "".join(f"{a}\n\n{b}\n{v}\n\n" for a, b, v in rows)
    text = "一级指标二级指标指标内容指标值绩效标准\n\n产出指标\n\n数量指标\n" + body
    names = [r.name.text.replace("\n", "") for t in read_cell_tables(text, ocr=True) for r in t.rows]
    assert names == ["维护设备及系统数量", "系统正常运行", "年度维护成本增加率", "所有经费能有效使用",
                     "基层党组织高质量发展", "干部工作社会影响力"]


def test_the_heading_of_a_projects_next_goal_does_not_end_its_table():
    from extraction.tables.reader import read_cell_tables

    head = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥50人\n"
    rest = "年度目标2:\n年度绩效指标\n产出指标\t数量指标\t维护设备数量\t1套\n"
    names = [r.name.text for t in read_cell_tables(head + rest) for r in t.rows]
    assert names == ["培训人数", "维护设备数量"]
    # a form field followed by no level name still ends it
    other = "项目负责人:\n联系电话\t83382616\n"
    assert [r.name.text for t in read_cell_tables(head + other) for r in t.rows] == ["培训人数"]


def test_glued_rows_of_the_stress_suite_read_as_a_person_reads_them():
    """Under a glued header: a Chinese numeral with its unit closes a row (至少一次, 两批次); two
    qualitative words close a row under a target and an actual column; a number after an operator
    word closes a row under a header with no points column (大于等于70, not points); a date closes a
    时效 row as its value; level names carry their points ("(40-50)分", "40分"), the project-evaluation
    levels (项目决策) and the 产出值 / 数量值 naming count as levels; both operators before a value
    are its own (约为71人); a row of spaced cells keeps the glued header's columns for the rows
    after it."""
    from extraction.pipeline import run
    from extraction.reading import Document

    def read(text: str) -> set[tuple]:
        return {(r.indicator, r.column, r.op, r.value, r.unit, r.qualitative)
                for r in run(Document("x.txt", text), "values").records}

    one = "一级指标二级指标三级指标年度指标值\n"
    got = read(one + "集中轮训至少一次\n系统培训两批次\n产出指标(50分)数量指标办结案件数量大于等于70\n"
               "产出指标时效指标开工时限2021年7月\n成本指标(0-20)分经济成本指标项目建设成本≤65万元\n"
               "产出指标40分数量指标15分采购设备10台套\n产出值数量值小学就读人数<=6962人\n"
               "项目决策数量指标宣传次数2次\n产出指标数量指标慰问干部数量约为71人\n")
    assert got == {("集中轮训", "target", ">=", 1, "次", None), ("系统培训", "target", "=", 2, "批次", None),
                   ("办结案件数量", "target", ">=", 70, None, None), ("开工时限", "target", "=", None, None, "2021年7月"),
                   ("项目建设成本", "target", "<=", 650000, "元", None), ("采购设备", "target", "=", 10, "台套", None),
                   ("小学就读人数", "target", "<=", 6962, "人", None), ("宣传次数", "target", "=", 2, "次", None),
                   ("慰问干部数量", "target", "~", 71, "人", None)}
    two = "一级指标二级指标三级指标年度指标值全年实际完成值\n"
    got = read(two + "产出指标数量指标市管干部体检30人次30人次\n产出指标数量指标干部体检人次40 40\n"
               "产出指标质量指标招才引智工作实施情况取得实效完成\n")
    assert ("招才引智工作实施情况", "target", "=", None, None, "取得实效") in got
    assert ("招才引智工作实施情况", "actual", "=", None, None, "完成") in got
