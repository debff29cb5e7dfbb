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
    # an operator word before a word stays part of the value (004: "不超预算", "不超过预算")
    (m,) = parse_value_cell("不超过预算")
    assert (m.op, m.qualitative, m.ops) == ("=", "不超过预算", [])
