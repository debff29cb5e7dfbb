"""The value grammar on every operator, numeral and unit form the sample filings use."""
import pytest

from extraction.values import find_values, parse_value_cell, to_number

# cell as written -> [(VAL, OPs, UNITs, op, value, unit, qualitative, in-cell IND)]
CASES = [
    ("=100%", [("100", ["="], ["%"], "=", 100, "%", None, None)]),
    (">=5000人", [("5000", [">="], ["人"], ">=", 5000, "人", None, None)]),
    ("≥10 场", [("10", ["≥"], ["场"], ">=", 10, "场", None, None)]),
    ("≤48 小时", [("48", ["≤"], ["小时"], "<=", 48, "小时", None, None)]),
    ("大于等于 5\n\n年", [("5", ["大于等于"], ["年"], ">=", 5, "年", None, None)]),
    ("小于 30 分\n\n钟", [("30", ["小于"], ["分\n\n钟"], "<", 30, "分钟", None, None)]),
    ("大于 99%", [("99", ["大于"], ["%"], ">", 99, "%", None, None)]),
    ("\\geq 50 件", [("50", ["\\geq"], ["件"], ">=", 50, "件", None, None)]),
    ("≥6万", [("6", ["≥"], ["万"], ">=", 60000, None, None, None)]),
    ("0.6 万元", [("0.6", [], ["万元"], "=", 6000, "元", None, None)]),
    ("留下大学生 4.6 万人", [("4.6", [], ["万人"], "=", 46000, "人", None, "留下大学生")]),
    ("≥1万人", [("1", ["≥"], ["万人"], ">=", 10000, "人", None, None)]),
    ("22天/月", [("22", [], ["天/月"], "=", 22, "天/月", None, None)]),
    ("20人/次", [("20", [], ["人/次"], "=", 20, "人/次", None, None)]),
    ("50人次", [("50", [], ["人次"], "=", 50, "人次", None, None)]),
    ("30余场", [("30", ["余"], ["场"], ">=", 30, "场", None, None)]),
    ("10万余个", [("10", ["余"], ["万", "个"], ">=", 100000, "个", None, None)]),
    (">95%", [("95", [">"], ["%"], ">", 95, "%", None, None)]),
    ("≤100%", [("100", ["≤"], ["%"], "<=", 100, "%", None, None)]),
    ("班一期", [("一", [], ["期"], "=", 1, "期", None, "班")]),
    ("健全", [("健全", [], [], "=", None, None, "健全", None)]),
    ("有明显提升", [("有明显提升", [], [], "=", None, None, "有明显提升", None)]),
    ("22 期，培训覆盖率 100%", [("22", [], ["期"], "=", 22, "期", None, None),
                              ("100", [], ["%"], "=", 100, "%", None, "培训覆盖率")]),
    ("完成率 100%。抽查率 10%以上", [("100", [], ["%"], "=", 100, "%", None, "完成率"),
                                 ("10", ["以上"], ["%"], ">=", 10, "%", None, "抽查率")]),
]


@pytest.mark.parametrize("cell,expected", CASES)
def test_value_cell(cell, expected):
    got = parse_value_cell(cell)
    assert len(got) == len(expected)
    for m, (val, ops, units, op, value, unit, qual, ind) in zip(got, expected):
        assert cell[m.val[0]:m.val[1]] == val
        assert [cell[a:b] for a, b in m.ops] == ops
        assert [cell[a:b] for a, b in m.units] == units
        assert (m.op, m.value, m.unit, m.qualitative) == (op, value, unit, qual)
        assert (cell[m.ind[0]:m.ind[1]] if m.ind else None) == ind


@pytest.mark.parametrize("cell", ["", "  ", "--", "/", "无"])
def test_empty_cells_give_nothing(cell):
    assert parse_value_cell(cell) == []


@pytest.mark.parametrize("text,number", [("1,200", 1200), ("一", 1), ("两", 2), ("十二", 12), ("0.5", 0.5)])
def test_numbers(text, number):
    assert to_number(text) == number


def test_prose_operators_prefix_and_postfix():
    text = "培训合格率达到90%以上"
    (m,) = find_values(text)
    assert [text[a:b] for a, b in m.ops] == ["达到", "以上"]
    assert (m.op, m.value, m.unit) == (">=", 90, "%")


def test_chinese_numerals_only_before_a_unit():
    assert find_values("一支忠诚干净的队伍", chinese_numerals=True)[0].unit == "支"  # a count word
    assert find_values("统一领导", chinese_numerals=True) == []


def test_operator_symbols_around_a_qualitative_value_are_operators():
    # 003: "经费使用时限 ≤本年内" -> op <=, OP spans ≤ and 内, qualitative 本年 (gold)
    (m,) = parse_value_cell("≤本年内")
    assert (m.op, m.qualitative, m.val, m.ops) == ("<=", "本年", (1, 3), [(0, 1), (3, 4)])
    # an operator word before a word is one too (dev 024 "成本控制 | 不超过预算": OP 不超过, VAL 预算);
    # a word that only starts like one stays whole (004 gold: "不超预算", op "=")
    (m,) = parse_value_cell("不超过预算")
    assert (m.op, m.qualitative, m.ops) == ("<=", "预算", [(0, 3)])
    (m,) = parse_value_cell("不超预算")
    assert (m.op, m.qualitative, m.ops) == ("=", "不超预算", [])


# ---- real filings of other provinces (annotations/filings/dev) and the forms of issue #17 ----
# string -> (op, value, unit) of its one value, written by reading the string
READINGS = [
    # units as an open class: measure words and compounds, listed or not
    ("10套", ("=", 10, "套")),                      # dev 005
    ("30只", ("=", 30, "只")),                      # dev 005
    ("4台", ("=", 4, "台")),                        # dev 005
    ("1批", ("=", 1, "批")),                        # dev 005
    ("3批次", ("=", 3, "批次")),                    # 002: one unit, not 批
    ("两批次", ("=", 2, "批次")),                   # 002
    ("5头", ("=", 5, "头")),
    ("12株", ("=", 12, "株")),                      # a measure word units.txt does not list
    ("= | 1 | 单", ("=", 1, "单")),                 # dev 013
    ("= | 30 | 篇", ("=", 30, "篇")),               # dev 013
    ("= | 4900 | 公顷", ("=", 4900, "公顷")),       # dev 013
    ("= | 6 | 万立方米", ("=", 60000, "立方米")),   # dev 013
    ("= | 320 | 万亩", ("=", 3200000, "亩")),       # dev 013
    ("8公里", ("=", 8, "公里")),
    ("780元/生/年", ("=", 780, "元/生/年")),        # dev 002
    ("3000元/人", ("=", 3000, "元/人")),            # dev 019
    ("1次/月", ("=", 1, "次/月")),                  # dev 009
    ("50件/件", ("=", 50, "件/件")),                 # D25
    ("2万元", ("=", 20000, "元")),                   # dev 017 (after the name 演出设备成本件/件)
    ("1346.0088万平方米", ("=", 13460088, "平方米")),  # dev 009
    ("≤620万/月", ("<=", 6200000, "/月")),          # dev 009 (D25)
    ("≥98百分比", (">=", 98, "%")),                 # dev 007
    ("100百分比", ("=", 100, "%")),                 # dev 007
    ("20公斤", ("=", 20, "公斤")),
    ("3吨", ("=", 3, "吨")),
    ("500克", ("=", 500, "克")),
    ("2斤", ("=", 2, "斤")),
    ("80000亩", ("=", 80000, "亩")),
    ("15公分", ("=", 15, "公分")),
    ("20cm", ("=", 20, "cm")),
    ("6m", ("=", 6, "m")),
    ("2.3千克", ("=", 2.3, "千克")),                # 千 is the unit's, not a thousand
    ("20千米", ("=", 20, "千米")),
    ("4人民币", ("=", 4, "人民币")),                # never 4 人
    ("10 台套", ("=", 10, "台套")),                 # dev 027
    ("5个百分点", ("=", 5, "个百分点")),            # 百 of 百分点 is no magnitude
    ("一栋", ("=", 1, "栋")),                       # dev 003
    # operators as words, ASCII and small / full-width forms
    ("至少2次", (">=", 2, "次")),
    ("不少于12 种", (">=", 12, "种")),              # dev 022
    ("不低于95%", (">=", 95, "%")),
    ("不超过2次", ("<=", 2, "次")),
    ("60%及以上", (">=", 60, "%")),                 # dev 019
    ("95%以上", (">=", 95, "%")),
    ("0.5小时以内", ("<=", 0.5, "小时")),
    ("大于等于 98 %", (">=", 98, "%")),             # dev 008
    ("小于等于 3 次", ("<=", 3, "次")),
    ("等于 100 %", ("=", 100, "%")),
    ("<=6962人", ("<=", 6962, "人")),               # dev 002
    (">=95%", (">=", 95, "%")),                     # dev 012
    ("=100%", ("=", 100, "%")),                     # dev 002
    (">1次", (">", 1, "次")),
    ("<5%", ("<", 5, "%")),
    ("≧90%", (">=", 90, "%")),
    ("≦0%", ("<=", 0, "%")),                        # dev 031
    ("﹦ | 100 | %", ("=", 100, "%")),              # dev 026 (U+FE66)
    ("＝100%", ("=", 100, "%")),
    ("＞90%", (">", 90, "%")),
    ("＜10%", ("<", 10, "%")),
    ("﹥90%", (">", 90, "%")),
    ("﹤10%", ("<", 10, "%")),
    ("30余场", (">=", 30, "场")),
    ("20多人", (">=", 20, "人")),
    # numbers
    ("≤-5%", ("<=", -5, "%")),
    ("负3.9%", ("=", -3.9, "%")),
    ("-5%", ("=", -5, "%")),
    ("1,030,700.00元", ("=", 1030700, "元")),       # dev 008 (thousands separators)
    ("500余万元", (">=", 5000000, "元")),
    ("500多万元", (">=", 5000000, "元")),
    ("1.2万亿元", ("=", 1.2e12, "元")),
    ("2个亿", ("=", 200000000, None)),              # spec: N个亿, unit null
    ("5亿元", ("=", 500000000, "元")),              # dev 024
    ("45万", ("=", 450000, None)),                  # dev 018
    ("百分之五", ("=", 5, "%")),
    ("百分之2.2", ("=", 2.2, "%")),
    ("一吨半", ("=", 1.5, "吨")),
    ("四点五吨", ("=", 4.5, "吨")),
    ("一千二百三十四点五万元", ("=", 12345000, "元")),
    # unit column before the number (D15): dev 028 and 026
    ("人 |\n= |\n512", ("=", 512, "人")),
    ("万元 |\n≤ |\n3584", ("<=", 35840000, "元")),
    ("% | 95", ("=", 95, "%")),
]


@pytest.mark.parametrize("text,reading", READINGS)
def test_reading(text, reading):
    got = parse_value_cell(text)
    assert [(m.op, m.value, m.unit, m.qualitative) for m in got] == [(*reading, None)]


def test_a_following_noun_is_not_unit():
    # dev 010: "暂定量按15次作业且总航时不少于30小时测算" -> 15 次 and >= 30 小时 (D22)
    got = find_values("暂定量按15次作业且总航时不少于30小时测算")
    assert [(m.op, m.value, m.unit) for m in got] == [("=", 15, "次"), (">=", 30, "小时")]


def test_prefix_operator_before_the_verb():
    # dev 020 "至少全年完成2次宣传" and 001 "至少参加一次": the adverb bounds the count
    (m,) = find_values("至少全年完成2次宣传")
    assert (m.op, m.value, m.unit) == (">=", 2, "次")
    (m,) = find_values("至少参加一次", chinese_numerals=True)
    assert (m.op, m.value, m.unit) == (">=", 1, "次")


def test_scientific_notation_is_one_flagged_value():
    (m,) = find_values("1e-10")
    assert m.value == 1e-10 and m.warning          # not rounded to 0
    (m,) = find_values("≥1e308%")
    assert (m.op, m.value, m.unit) == (">=", 1e308, "%") and m.warning


def test_a_number_too_long_is_read_and_flagged():
    nines = "\uff19" * 20                            # twenty full-width 9s
    (m,) = find_values(nines)
    assert m.value == pytest.approx(1e20) and "20 digits" in m.warning
    (m,) = find_values("12500名")                    # dev 019: an ordinary value has no warning
    assert m.warning is None


def test_malformed_chinese_numeral_is_skipped_not_raised():
    # cn2an raises KeyError on "千十七"; the value is skipped, the others stay
    got = find_values("千十七人，培训100人", chinese_numerals=True)
    assert [(m.value, m.unit) for m in got] == [(100, "人")]
    with pytest.raises(ValueError):
        to_number("千十七")


def test_placeholder_is_not_a_value():
    # dev 001 "苗木成活率(≥**%) | 85": the bare 85 is the value, op "=", no unit (D17)
    got = find_values("(≥**%) | 85")
    assert [(m.op, m.value, m.unit, m.ops, m.units) for m in got] == [("=", 85, None, [], [])]


@pytest.mark.parametrize("cell", [
    "18—54周岁",                 # dev 019: a range
    "2-12个月",                  # dev 030
    "2023年底",                  # dev 001
    "9月前",                     # dev 016
    "7月",                       # dev 016 (the actual beside 9月前)
    "11月底之前",                # dev 008
    "2020年1月--2020年11月",     # dev 009
    "2021.1.1-12.31",            # dev 019
    "1-12月",                    # dev 020
    "2019年内",                  # 004 gold: qualitative
])
def test_dates_and_ranges_are_qualitative(cell):
    (m,) = parse_value_cell(cell)
    assert (m.value, m.unit, m.qualitative) == (None, None, cell)
    assert find_values(cell, chinese_numerals=True) == []


def test_durations_stay_numbers():
    # "大于等于 5 年" (sample 001) and "1年" are durations, not dates
    assert [(m.value, m.unit) for m in find_values("≥5年 1年")] == [(5, "年"), (1, "年")]


def test_glued_area_values_share_their_operator():
    # dev 011: "≤100%100%" under 指标方向 | 笏石街道办 | 埭头镇 (D19)
    got = parse_value_cell("≤100%100%")
    assert [(m.op, m.value, m.unit, m.ops) for m in got] == [("<=", 100, "%", [(0, 1)])] * 2


@pytest.mark.parametrize("text,value", [("四点五", 4.5), ("负3.9", -3.9), ("1,234,567", 1234567),
                                        ("一千二百三十四点五", 1234.5)])
def test_more_numbers(text, value):
    assert to_number(text) == value


def test_a_malformed_numeral_in_a_filing_loses_no_record():
    # sample 001's first table with its 培训党员数量 value damaged into "千十七人": the cell is taken
    # as written (qualitative), and every other row keeps its record
    from pathlib import Path

    from extraction import extract

    path = Path(__file__).resolve().parents[1] / "annotations/filings/001_af77a365bec559de.txt"
    text = "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:37])
    assert ">=5000人" in text
    got = {r.indicator: r for r in extract(text.replace(">=5000人", "千十七人"), mode="rules")}
    assert (got["培训党员数量"].value, got["培训党员数量"].qualitative) == (None, "千十七人")
    assert (got["党员参与率"].op, got["党员参与率"].value, got["党员参与率"].unit) == ("=", 100, "%")
    assert (got["满足辖区内党员学习需求率"].op, got["满足辖区内党员学习需求率"].value) == (">=", 80)


def test_a_flagged_value_carries_its_warning_into_the_record():
    from extraction.assembling import record_from_match

    cell = "\uff19" * 20
    (m,) = parse_value_cell(cell)
    r = record_from_match("x.txt", "名称 " + cell, (0, 2), m, lambda a, b: (a + 3, b + 3),
                          column="target", project=None)
    assert "20 digits" in r.to_dict()["value_warning"]


def test_sample_gold_value_strings_stay_read():
    # issue #17: 99% of the sample filings' gold value strings read exactly (op, value, unit)
    from pathlib import Path

    from extraction.evaluating.value_strings import cases_from_records, score_cases

    root = Path(__file__).resolve().parents[1] / "annotations"
    score = score_cases(cases_from_records(root / "gold/gold_records.jsonl"), root / "filings")
    assert score.total == 588
    assert score.share >= 0.99, [(s, got) for _, s, got in score.misses]


@pytest.mark.parametrize("cell, half", [("95%95%", 3), ("10%以上10%以上", 5), ("完成完成", 2), ("2期 2期", 2),
                                        ("99", None), ("1010", None), ("≥95%98%", None), ("95%", None)])
def test_a_cell_written_twice_is_told(cell, half):
    from extraction.values import first_of_two

    assert first_of_two(cell) == half


def test_a_zero_in_a_value_cell_is_a_value_and_placeholders_are_empty():
    from extraction.values import parse_value_cell

    assert [(m.value, m.unit) for m in parse_value_cell("0")] == [(0, None)]
    assert [(m.value, m.unit) for m in parse_value_cell("0%")] == [(0, "%")]
    for empty in ("", " ", "—", "/", "无"):
        assert parse_value_cell(empty) == []
