"""The cells-first table reader on real excerpts of the development filings, one test per kind of
layout that the known-layout readers failed on. Each excerpt is cut from the filing on disk and
the expected records are written here from reading it."""
from pathlib import Path

import pytest

from extraction import extract
from extraction.tables.encodings import cell_stream, encoding_of
from extraction.tables.glued import _split_run
from extraction.tables.kinds import kind_of
from extraction.tables.headers import role_of
from extraction.tables.reader import read_cell_tables

DEV = Path(__file__).resolve().parents[1] / "annotations" / "filings" / "dev"


def dev_text(prefix: str) -> str:
    path = next(DEV.glob(f"{prefix}_*.txt"))
    return path.read_text(encoding="utf-8")


def excerpt(prefix: str, first: str, last: str) -> str:
    """The filing's text from ``first`` through the line holding ``last``."""
    text = dev_text(prefix)
    a = text.index(first)
    b = text.index(last, a)
    eol = text.find("\n", b)
    return text[a:eol if eol >= 0 else len(text)]


def facts(records, column=None):
    return {(r.indicator, r.op, r.value, r.unit, r.qualitative) for r in records
            if column is None or r.column == column}


def test_markdown_pipes_split_operator_number_unit():
    # 013: "| 保障在职职工人数(人) | = | 116 | 人 |", 计算符号 / 目标值 / 度量单位 in their own cells
    text = excerpt("013", "| 一级指标 | 二级指标 | 三级指标 | 计算符号", "工资发放准确性")
    recs = extract(text, mode="rules")
    got = facts(recs)
    assert ("保障在职职工人数(人)", "=", 116, "人", None) in got
    assert ("林木采伐监管(万立方米)", "=", 60000, "立方米", None) in got
    assert ("工资发放准确性(%)", ">=", 95, "%", None) in got
    assert all("|" not in r.indicator for r in recs)
    assert len(recs) == 13


def test_pipes_with_runs_of_empty_cells_and_placeholders():
    # 001: "质量指标 (必填) | 苗木成活率(≥**%) | 85 | ||||" — the placeholder stays in the name
    text = excerpt("001", "绩 效 指 标 | 一级指标", "受益人数(人)")
    got = facts(extract(text, mode="rules"))
    assert ("苗木成活率(≥**%)", "=", 85, None, None) in got
    assert ("实施营造林总面积(亩)", "=", 80000, None, None) in got
    assert ("项目完成时间", "=", None, None, "2023年底") in got


def test_one_cell_a_line_with_pipe_separator_lines_and_column_pairs():
    # 010: cells one a line, "|" lines between rows, 中期 and 年度 column pairs, vertical labels
    text = dev_text("010")
    tables = read_cell_tables(text)
    assert tables and tables[0].roles[:4] == ["level1", "level2", "name", "target"]
    recs = extract(text, mode="rules")
    targets = [r for r in recs if r.value == 15 and r.unit == "次"]
    assert len(targets) == 2  # the same row read under both target columns


def test_unit_column_before_the_operator():
    # 028: 指标名称 | 计量单位 | 指标性质 | 指标值, so the unit comes first ("人 | = | 512")
    text = dev_text("028")
    got = facts(extract(text, mode="rules"))
    assert ("辅警人员", "=", 512, "人", None) in got
    assert ("受益对象满意度", ">=", 95, "%", None) in got


def test_space_separated_rows_with_operator_words_and_scores():
    # 008: 指标性质 | 指标方向 (大于等于) | 目标值 | 计量单位 | 分值, a project per row group
    text = dev_text("008")
    recs = extract(text, mode="rules")
    got = facts(recs)
    assert ("使用人员满意度", ">=", 98, "%", None) in got
    assert ("车辆购置成本", "<=", 120000, "元", None) in got
    assert ("车辆采购数量", "<=", 1, None, None) in got
    # the 分值 column is never a value
    assert not any(r.value == 7.5 for r in recs)
    assert {r.project for r in recs if r.indicator == "法定审限内结案率"} == {"办案(业务)经费"}


def test_self_evaluation_header_words_not_in_the_old_list():
    # 018: 预期指标值(A) / 实际完成指标值(B) / 分值 / 得分
    text = dev_text("018")
    recs = extract(text, mode="rules")
    assert ("全年免费开放", "=", 100, "%", None) in facts(recs, "target")
    assert ("全年免费开放", "=", 100, "%", None) in facts(recs, "actual")
    assert not any(r.value == 12.5 for r in recs)


def test_two_row_header_and_traditional_characters_with_pinyin():
    # 026: "年度指標(biāo)值 | 實(shí)際完成值 | 分值 ..." above "一級 指標 | ... | 度量單位"; ﹦ operator
    text = dev_text("026")
    recs = extract(text, mode="rules")
    target = facts(recs, "target")
    actual = facts(recs, "actual")
    assert ("項(xiàng)目驗(yàn)收合格率", "=", 100, "%", None) in target
    assert ("違法行為責(zé)停率", ">=", 95, "%", None) in target
    # the operator column states the target; the actual is reported as it is
    assert ("違法行為責(zé)停率", "=", 95, "%", None) in actual
    assert not any(r.value in (20, 19, 27) for r in recs)  # 分值 / 得分


def test_numbered_rows_of_a_scrambled_spreadsheet_dump():
    # 022: one long line, "指标N:name target actual score score", header words scattered
    text = dev_text("022")
    recs = extract(text, mode="rules")
    assert ("孕产妇7天访视数", "=", 214, "人", None) in facts(recs, "target")
    assert ("孕产妇7天访视数", "=", 203, "人", None) in facts(recs, "actual")
    assert ("适龄儿童疫苗接种率", "=", 97.3, "%", None) in facts(recs, "actual")
    assert not any(r.indicator.startswith("指标") for r in recs)


def test_ascii_operators_one_cell_a_line_with_blank_lines():
    # 002: "<=6962人", "=100%", qualitative "有效"; non-standard level names (产出值 / 数量值)
    text = dev_text("002")
    got = facts(extract(text, mode="rules"))
    assert ("小学就读人数", "<=", 6962, "人", None) in got
    assert ("教育均衡化发展", "=", None, None, "有效") in got


def test_ocr_damaged_value_is_taken_as_written():
    # 014 "290%" (≥90% was meant): D23 keeps the written value; it is a department-level prose
    # target (部门整体 年度总体目标 "1:适龄儿童国家免疫规划接种率290%。2:…检测比例70%")
    text = dev_text("014")
    recs = extract(text, mode="rules")
    assert ("适龄儿童国家免疫规划接种率", "=", 290, "%", None) in facts(recs, "target")
    assert any(r.value == 70 and r.unit == "%" and r.column == "target" for r in recs)


def test_prose_actuals_of_a_self_evaluation_report():
    # 031: "办理法律援助案件94件;调解各类纠纷数量1087件" under 总体绩效目标完成情况
    got = facts(extract(dev_text("031"), mode="rules"), "actual")
    assert ("法律援助案件", "=", 94, "件", None) in got
    assert ("各类纠纷数量", "=", 1087, "件", None) in got


@pytest.mark.parametrize("line, name", [
    ("| 一级指标 | 二级指标 |", "pipes"),
    ("一级指标\t二级指标", "tabs"),
    ("质量指标 政府采购率 正向 大于等于 30 % 7.5", "spaces"),
    ("三级指标", "line"),
])
def test_encoding_of_a_line(line, name):
    assert encoding_of(line) == name


def test_spread_label_is_one_cell():
    cells = cell_stream("产 出 指 标 数量指标 8755人")
    assert [c.text for c in cells] == ["产 出 指 标", "数量指标", "8755人"]


@pytest.mark.parametrize("cell, kind", [
    ("≥", "op"), ("大于等于", "op"), ("﹦", "op"), ("%", "unit"), ("万立方米", "unit"),
    ("正向", "nature"), ("产出指标(50分)", "level1"), ("數(shù)量指標(biāo)", "level2"),
    ("≥95%", "value"), ("12500名", "value"), ("7.5", "number"), ("2023年底", "date"),
    ("11月底之前", "date"), ("18—54周岁", "range"), ("培训合格率", "text"), ("-", "empty"),
    # a name holding a number goes on after it to its head word; words before a value are mixed
    ("孕产妇7天访视数", "text"), ("饲料库120平米", "mixed"),
])
def test_cell_kinds(cell, kind):
    assert kind_of(cell) == kind


@pytest.mark.parametrize("cell, role", [
    ("计算符号", "op"), ("度量单位", "unit"), ("预期指标值(A)", "target"), ("实际完成指标值(B)", "actual"),
    ("指标性质", "nature"), ("权重", "score"), ("指標(biāo)值", "target"), ("项目名称", "project"),
    ("项目绩效目标表", None), ("单位:元", None),
])
def test_header_roles_by_head_words(cell, role):
    assert role_of(cell) == role


@pytest.mark.parametrize("encoding, sep", [("pipes", " | "), ("runs of spaces", "  "), ("one cell a line", "\n")])
def test_a_sample_table_written_in_another_encoding_reads_the_same(encoding, sep):
    # layout augmentation: sample 001's tab-separated tables re-written with another cell
    # separator are read by the cells-first reader; scored against 001's gold table rows
    from extraction.evaluating.corpora import corpora
    from extraction.evaluating.gold import load_records
    from extraction.evaluating.scoring import match_records

    samples = corpora()["samples"]
    path = next(samples.filings.glob("001_*.txt"))
    text = path.read_text(encoding="utf-8").replace("\t", sep)
    gold = [r for r in load_records(samples.gold, samples.filings) if r.doc == path.name and (r.level1 or r.level2)]
    got = [r for r in extract(text=text, mode="rules", name=path.name) if r.level1 or r.level2]
    assert len(gold) == 117
    # offsets differ from the original file's; the record fields must not
    assert match_records(gold, got).prf.f1 >= 0.9, encoding


def test_scrambled_header_words_are_neither_names_nor_values():
    # 021: a spreadsheet dumped as one line, header words ("实际 指标值 完成值", "偏差原因分析及改进措
    # 施") scattered among the values
    recs = extract(dev_text("021"), mode="rules")
    words = {"指标值", "完成值", "绩效指标", "偏差原因分析及改进措", "实际"}
    assert not any(r.indicator in words or r.qualitative in words for r in recs)
    # without a real header, text fragments in value positions ("保统筹", "人员,导致有偏差") are no values
    assert recs and not any(r.qualitative for r in recs)
    assert not any(r.indicator == "合计" for r in extract(dev_text("025"), mode="rules"))


def test_fully_concatenated_self_evaluation_with_scores_touching_the_values():
    # 017 (a document-site preview): no separator at all, "更新剧团老化、损坏的音50件50件2020" is
    # name | 年度指标值 | 实际完成值 | 分值 20 | 得分 20
    line = excerpt("017", "1、项目支出绩效自评表", "质量指标音响、")
    assert encoding_of(line) == "glued"
    recs = extract(line, mode="rules")
    assert facts(recs, "target") == {("更新剧团老化、损坏的音", "=", 50, "件", None), ("望新点胸艮必具", "=", 100, "件", None)}
    assert facts(recs, "actual") == facts(recs, "target")
    assert {(r.level1, r.level2) for r in recs} == {("产出指标", "数量指标")}
    # the table goes on after a page break ("2、灯光、道具、服装 质量等合格合格2020…") with no header:
    # a word written twice before the scores is the qualitative target and actual
    got = facts(extract(dev_text("017"), mode="rules"), "actual")
    assert {("演出设备成本件/件", "=", 20000, "元", None), ("演出人员满意度", "=", 100, "%", None)} <= got
    assert any(q == "合格" for *_, q in got)  # its name lost "音响、" to the page break (gold: "音响、2、灯光…")


def test_fully_concatenated_table_with_one_value_column_per_area():
    # 011: header 一级指标…指标解释 | 指标方向 | 笏石街道办 | 埭头镇 glued; "≤100%100%" is the shared
    # operator and one value per town (D19); 012: seven districts, each value with its own ">="
    recs = extract(dev_text("011"), mode="rules")
    got = [(r.indicator, r.op, r.value, r.unit, r.level1, r.level2) for r in recs]
    assert got.count(("省级财政专项资金投入成本控制率(%)", "<=", 100, "%", "成本指标", "经济成本指标")) == 2
    assert got.count(("截至2026年12月底,项目开展率(%)", ">=", 100, "%", "产出指标", "时效指标")) == 2
    assert all(not r.indicator.startswith(("反映", "指标")) for r in recs)
    recs = extract(dev_text("012"), mode="rules")
    got = [(r.indicator, r.op, r.value, r.unit) for r in recs]
    assert got.count(("项目资金使用合规性", ">=", 95, "%")) == 7
    # a cut line's last word ("…项目完成率反映") is no value
    assert all("反映" not in (r.qualitative or "") for r in recs)


def test_weights_before_the_actual_in_a_concatenated_self_evaluation():
    # 015: "指标名称计量单位指标性质指标值指标权重(分)全年完成值指标得分(分)说明" glued, no level names,
    # then "国家级公益林管护面积万亩2810810" = name | 万亩 | 性质 2 | target 8 | weight 10 | actual 8 |
    # score 10; "%901010010" has no 性质 code: 90 | 10 | 100 | 10
    recs = extract(dev_text("015"), mode="rules")
    assert facts(recs, "target") >= {("天然林和公益林管护当期任务完成率", "=", 90, "%", None),
                                     ("国家级公益林管护面积", "=", 80000, "亩", None),
                                     ("主要林业有害生物成灾率", "=", 0.4, "%", None)}
    assert facts(recs, "actual") >= {("天然林和公益林管护当期任务完成率", "=", 100, "%", None),
                                     ("天保工程区森林资源管护面积", "=", 500000, "亩", None),
                                     ("主要林业有害生物成灾率", "=", 0.1, "%", None)}
    assert not any(r.value == 10 or r.value == 20000 for r in recs)  # weights, scores, 性质 codes


@pytest.mark.parametrize("run, parts", [
    ("901010010", ["90", "10", "100", "10"]),  # no 性质 code: the actual nearest the target, full score
    ("2810810", ["2", "8", "10", "8", "10"]),
    ("0.910010", ["0.9", "10", "0", "10"]),  # not "0.910 | 0 | 1 | 0": no weight of 0, no "0.910"
    ("0.4100.110", ["0.4", "10", "0.1", "10"]),
])
def test_a_digit_run_is_split_one_number_a_column(run, parts):
    assert _split_run(run, ["nature", "target", "score", "actual", "score"]) == parts


@pytest.mark.parametrize("line", [
    "产出指标 数量指标 培训人数 ≥100人 质量指标 合格率 100% 效益指标 社会效益指标 满意度 90%",  # space-separated cells
    "| 产出指标 | 数量指标 | 培训人数 | ≥100人 | 质量指标 | 合格率 | 100% | 效益指标 | 社会效益指标 | 满意度 | 90% |",
])
def test_a_line_with_separators_is_not_glued(line):
    assert encoding_of(line) != "glued"


# a real excerpt of sample 004 (PDF text): rows a line each ("name target actual score"), a
# vertical label with its points ("绩\n效\n指\n标（\n\n6\n0\n分）"), empty cells dropped before the
# score, remarks over lines before the score, names and level names the line width wrapped
PDF_SELF_EVALUATION = (
    "一级\n指标\n\n二级指标 指标内容 年度目标值\n全年完成\n\n值\n未完成原因和改进措施\n\n自评分\n\n56\n\n产\n\n出\n指\n标\n\n"
    "数量指标\n\n绩效目标进展情况信息采集 8次 9次 1\n\n\n\n绩\n效\n指\n标（\n\n6\n0\n分）\n\n"
    "干部教育培训期数 4 2\n下半年因军运会等重大活动，\n\n停止举办培训班。\n0.5\n\n"
    "干部教育专题培训人数 ≥150 100\n年度培训班次未能按年初计划\n执行，导致培训人数偏少。\n\n0.5\n\n"
    "质量指标\n\n公务员招录 已完成 1\n\n招才引智工作实施情况 取得实效 完成 1\n\n"
    "建立工委直接联系点，提升两新组织向心\n力\n\n49个 49个 1\n\n"
    "满意\n度指\n标\n\n服务对象\n满意度指\n\n标\n\n“不忘初心、牢记使命”主题教育解决民\n生问题\n\n2600件 3129件 1\n\n")


def test_pdf_text_rows_with_wrapped_names_remarks_and_a_trailing_score():
    (table,) = read_cell_tables(PDF_SELF_EVALUATION)
    got = [(r.name.text.replace("\n", ""), [(col, v.text) for col, v in r.values], r.level1, r.level2)
           for r in table.rows]
    assert got == [
        # a name holding a column's head word ("绩效目标") is still a name
        ("绩效目标进展情况信息采集", [("target", "8次"), ("actual", "9次")], "产出指标", "数量指标"),
        # the remark goes on over lines (a clause ending "，" over a blank line): 2 is the actual
        ("干部教育培训期数", [("target", "4"), ("actual", "2")], "产出指标", "数量指标"),
        ("干部教育专题培训人数", [("target", "≥150"), ("actual", "100")], "产出指标", "数量指标"),
        # the number that ends the line is the score, whichever value cell was left empty
        ("公务员招录", [("actual", "已完成")], "产出指标", "质量指标"),
        ("招才引智工作实施情况", [("target", "取得实效"), ("actual", "完成")], "产出指标", "质量指标"),
        ("建立工委直接联系点，提升两新组织向心力", [("target", "49个"), ("actual", "49个")], "产出指标", "质量指标"),
        ("“不忘初心、牢记使命”主题教育解决民生问题", [("target", "2600件"), ("actual", "3129件")],
         "满意度指标", "服务对象满意度指标"),
    ]


def test_a_level_name_broken_over_lines_is_one_cell():
    texts = [c.text for c in cell_stream("绩\n效\n指\n标（\n\n6\n0\n分）\n\n产\n\n出\n指\n标\n\n满意\n度指\n标\n\n服务对象\n满意度指\n\n标\n")]
    assert texts == ["绩\n效\n指\n标（\n\n6\n0\n分）", "产\n\n出\n指\n标", "满意\n度指\n标", "服务对象\n满意度指\n\n标"]
    # words that spell no level stay apart
    assert [c.text for c in cell_stream("满意\n度高\n")] == ["满意", "度高"]
