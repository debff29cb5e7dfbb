"""The exploration library (extraction/exploring) on the real gold set and filings.

Expected numbers were read from annotations/gold/gold_records.jsonl and the filing texts (the
lines quoted in the comments), not from this code's output."""
import io
import json
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from extraction.exploring import (extracted_frame, filing_info, gold_frame, name_heads, oddities,  # noqa: E402
                                  pct_bands, records_frame, segment, target_vs_base, targets_vs_actuals)
from extraction.evaluating.gold import load_mentions  # noqa: E402
from extraction.exploring.compare import judge, verdict  # noqa: E402
from extraction.exploring.frames import filing_label, level2_kind  # noqa: E402
from extraction.exploring.names import core, head_class, head_word  # noqa: E402
from extraction.exploring.plotting import (NoCJKFontError, barh, cjk_font, font_preference,  # noqa: E402
                                           heatmap, use_cjk_font)

ROOT = Path(__file__).resolve().parents[1]
GOLD_JSONL = ROOT / "annotations" / "gold" / "gold_records.jsonl"
F004 = "004_1ffb94c558d09361.txt"


@pytest.fixture(scope="module")
def gold():
    return gold_frame()


@pytest.fixture(scope="module")
def raw():
    return [json.loads(line) for line in GOLD_JSONL.read_text(encoding="utf-8").splitlines()]


def one(df, **eq):
    rows = df
    for k, v in eq.items():
        rows = rows[rows[k] == v]
    assert len(rows) == 1, (eq, len(rows))
    return rows.iloc[0]


# --- frames -------------------------------------------------------------------------------------

def test_gold_frame_has_every_gold_record_and_derived_columns(gold, raw):
    # one record per gold mention (the VAL regions of the Label Studio tasks)
    assert len(gold) == len(raw) == sum(len(m) for m in load_mentions().values())
    assert {"filing", "kind", "numeric", "pct", "ind_start", "head", "head_class"} <= set(gold.columns)
    assert sorted(gold["filing"].unique()) == ["000", "001", "002", "003", "004"]
    assert int(gold["pct"].sum()) == sum(r["unit"] == "%" for r in raw) > 0
    assert int(gold["numeric"].sum()) == sum(r["value"] is not None for r in raw)


def test_kinds_merge_the_filings_spellings_of_level2(gold, raw):
    # 004 writes 数量指标, 003 writes 数量; 服务对象满意度指标 is a satisfaction indicator
    assert set(gold.loc[gold["level2"].isin(["数量指标", "数量"]), "kind"]) == {"数量"}
    assert set(gold.loc[gold["level2"].eq("服务对象满意度指标"), "kind"]) == {"满意度"}
    assert level2_kind("财务管理") == "财务管理"
    assert level2_kind("经济效益指标") == "经济效益"
    assert level2_kind(None) is None
    # prose mentions have no 二级指标 (their gold records have none)
    assert int(gold["kind"].isna().sum()) == sum(r["level2"] is None for r in raw) > 0


def test_records_frame_from_plain_dicts_and_filing_labels():
    rows = [{"doc": "report_2020.txt", "indicator": "培训合格率", "op": ">=", "value": 90, "unit": "%",
             "column": "target", "spans": [["IND", 0, 5], ["VAL", 8, 10]]}]
    df = records_frame(rows)
    r = df.iloc[0]
    assert (r["filing"], r["kind"], bool(r["pct"]), r["ind_start"], r["ind_end"]) == ("report_2020", None, True, 0, 5)
    assert r["head_class"] == "率"
    assert filing_label("004_1ffb94c558d09361.txt") == "004"


def test_pct_bands_of_gold_targets(gold, raw):
    bands = pct_bands(gold[gold["column"].eq("target")])
    pct_targets = [r["value"] for r in raw if r["column"] == "target" and r["unit"] == "%"]
    assert int(bands.sum()) == len(pct_targets) == 139
    assert bands["=100%"] == 81
    assert bands[["90–<95%", "95–<100%", "=100%"]].sum() == sum(v >= 90 for v in pct_targets) == 122
    assert bands["<80%"] == 9 and bands[">100%"] == 0
    coarse = pct_bands(gold[gold["column"].eq("target")], edges=(90, 100))
    assert list(coarse.index) == ["<90%", "90–<100%", "=100%", ">100%"]
    assert coarse["<90%"] == 139 - 122
    with pytest.raises(ValueError, match="end with 100"):
        pct_bands(gold, edges=(80, 90))


def test_oddities_flag_what_an_analyst_would(gold):
    odd = oddities(gold)
    sat = odd[odd["oddity"].eq("满意度 <=")]
    # 002: "基层党组织工作人员满意度 ... ≤100%" and five more satisfaction targets written ≤100%
    assert len(sat) == 6 and set(sat["filing"]) == {"002"} and set(sat["value"]) == {100}
    assert "基层党组织工作人员满意度" in set(sat["indicator"])
    heads = odd[odd["oddity"].eq("人数 <=")]
    # 002: "计划补助老党员人数 ... ≤27人", "补助农村干部人数 ... ≤1473人"
    assert {"计划补助老党员人数", "补助农村干部人数"} <= set(heads["indicator"])
    assert set(heads["unit"]) == {"人"}
    other100 = odd[odd["oddity"].eq("<= 100%")]
    assert "培训学员合格率" in set(other100["indicator"]) and not other100["indicator"].str.contains("满意").any()
    # 004 "大学生就业岗位筹集数 ≥1万人 10万 1": the actual 10万 has no unit
    nounit = odd[odd["oddity"].eq("缺单位")]
    assert ((nounit["indicator"] == "大学生就业岗位筹集数") & (nounit["column"] == "actual")).any()
    assert nounit["unit"].isna().all() and nounit["value"].notna().all()
    # 000 states every target cleanly
    assert "000" not in set(odd["filing"])


def test_filing_info_reads_the_table_and_names_a_bad_file(tmp_path):
    info = filing_info()
    assert len(info) == 5
    assert (info.loc[F004, "year"], info.loc[F004, "form"]) == ("2019", "绩效自评表")
    bad = tmp_path / "filings.tsv"
    bad.write_text("doc\tplace\nx.txt\tsomewhere\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"filings\.tsv: missing columns region, year"):
        filing_info(bad)


def test_extracted_frame_of_one_filing(tmp_path):
    df = extracted_frame(ROOT / "annotations" / "filings" / F004, heads=False)
    assert set(df["doc"]) == {F004} and set(df["source"]) == {"rule"}
    # "聘请人才专员人数 5人 3人": a target and an actual row
    row = df[df["indicator"].eq("聘请人才专员人数")]
    assert sorted(zip(row["column"], row["value"])) == [("actual", 3), ("target", 5)]
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        extracted_frame(tmp_path / "missing")


# --- names --------------------------------------------------------------------------------------

def test_segmentation_of_indicator_names():
    assert segment("培训党员数量") == ["培训", "党员", "数量"]
    assert segment("大学生村官满意度(%)") == ["大学生", "村官", "满意度"]
    assert head_word("聘请人才专员人数") == "人数"
    assert head_word("“不忘初心、牢记使命”主题教育简报专报") == "专报"  # quotes and 、 are not words
    assert head_word("") is None
    assert core("大学生村官满意度(%)") == "大学生村官满意度"
    assert core("人才（人口）结构") == "人才（人口）结构"


def test_head_classes():
    assert head_class("及时率") == "率"
    assert head_class("满意度") == "满意度"  # the longest listed suffix wins over 度
    assert head_class("次数") == "次数"
    assert head_class("响应") == "其他"
    assert head_class(None) == "其他"
    table = name_heads(["培训合格率", "考评网故障响应"])
    assert list(table["head_class"]) == ["率", "其他"]
    # 培训合格率 is one word of the domain dictionary (resources/jieba_user_dict.txt)
    assert list(table["words"]) == ["培训合格率", "考评|网|故障|响应"]


def test_name_heads_predict_units_in_gold(gold):
    rate = gold[gold["head_class"].eq("率") & gold["numeric"]]
    assert (rate["unit"] == "%").mean() > 0.95
    counts = gold[gold["head_class"].eq("次数") & gold["numeric"]]
    # 次 throughout, except 004's "开展巡回校园招聘会活动次数 ≥20场"
    assert set(counts["unit"]) == {"次", "场"}
    assert set(counts.loc[counts["unit"].eq("场"), "indicator"]) == {"开展巡回校园招聘会活动次数"}


# --- targets against actuals --------------------------------------------------------------------

def test_judge_takes_the_operator_into_account():
    assert judge(">=", 20000, 27132) and not judge(">=", 150, 100)
    assert judge("=", 2, 7) and not judge("=", 5, 3)  # "=" is a level to reach
    assert not judge(">", 95, 95) and judge(">", 95, 99)
    assert judge("<=", 0.5, 0.5) and not judge("<=", 24, 30)
    assert not judge("<", 10, 10) and judge("<", 10, 8)
    assert judge("~", 100, 108) and not judge("~", 100, 120)


def test_verdict_reasons():
    t = {"op": ">=", "value": 10000, "unit": "人", "qualitative": None}
    assert verdict(t, None) == ("not comparable", "no actual")
    assert verdict(None, t) == ("not comparable", "no target")
    assert verdict(t, {"op": "=", "value": 100000, "unit": None})[0] == "met"
    assert "unit 人 taken for both" in verdict(t, {"op": "=", "value": 100000, "unit": None})[1]
    assert verdict(t, {"op": "=", "value": 100, "unit": "人次"}) == ("not comparable", "units differ (人 vs 人次)")
    q = {"op": "=", "value": None, "unit": None, "qualitative": "优化"}
    assert verdict(q, q) == ("met", "actual repeats the target (优化)")
    assert verdict(q, {**q, "qualitative": "提高"})[0] == "met"  # one group of equivalents
    c = {**q, "qualitative": "合同约定"}  # 004 "聘用人员工作时间 合同约定": no word says whether it was kept
    assert verdict(c, {**q, "qualitative": "根据实际情况完成"}) == ("not comparable", "qualitative target 合同约定")


def test_targets_vs_actuals_on_the_self_evaluation(gold, raw):
    cmp = targets_vs_actuals(gold)
    assert set(cmp["filing"]) == {"004"}  # the only filing with 全年完成值
    n_targets = sum(r["doc"] == F004 and r["column"] == "target" for r in raw)
    assert int(cmp["target_op"].notna().sum()) == n_targets == 87
    # "聘请人才专员人数 5人 3人"
    assert one(cmp, indicator="聘请人才专员人数")["outcome"] == "not met"
    # "考评网故障响应 0.5小时内 0.5小时内": <= 0.5 hours, met
    r = one(cmp, indicator="考评网故障响应")
    assert (r["target_op"], r["outcome"]) == ("<=", "met")
    # "干部选拔任用数量 50人 115人次"
    assert one(cmp, indicator="干部选拔任用数量")["reason"] == "units differ (人 vs 人次)"
    # "干部结构 优化 优化": the actual repeats the qualitative target
    assert one(cmp, indicator="干部结构")["outcome"] == "met"
    # "大学生就业岗位筹集数 ≥1万人 10万 1": actual without unit, met
    r = one(cmp, indicator="大学生就业岗位筹集数")
    assert (r["outcome"], r["paired_by"], r["actual_value"]) == ("met", "span", 100000)
    # "73场 73场383个": the target 73 场 pairs with the actual 73 场; 383 个 stands alone
    rows = cmp[cmp["indicator"].eq("“不忘初心、牢记使命”主题教育调研成果")]
    assert sorted(zip(rows["outcome"], rows["actual_value"])) == [("met", 73), ("not comparable", 383)]
    # prose targets (年初设定目标) pair with prose achievements by name: 招聘会 >20 场, 30 余场 held
    r = one(cmp, indicator="招聘会")
    assert (r["paired_by"], r["target_op"], r["actual_value"], r["outcome"]) == ("name", ">", 30, "met")
    assert list(cmp["outcome"].cat.categories) == ["met", "not met", "not comparable"]


def test_target_vs_last_year(gold):
    # 000: "留下大学生 4.6 万人	留下大学生 4.8 万人	留下大学生 5 万人"
    last = target_vs_base(gold, "last")
    r = one(last, indicator="留下大学生")
    assert (r["last_value"], r["target_value"]) == (48000, 50000)
    assert r["change"] == pytest.approx(50000 / 48000 - 1)
    prior = target_vs_base(gold, "prior")
    assert one(prior, indicator="留下大学生")["prior_value"] == 46000
    assert set(last["filing"]) == {"000"}


# --- plotting -----------------------------------------------------------------------------------

def test_cjk_font_is_installed_and_draws_chinese():
    name = use_cjk_font()
    assert name in font_preference()
    assert matplotlib.rcParams["font.sans-serif"][0] == name
    fig, ax = plt.subplots()
    ax.set_title("满意度 ≥ 90% 的指标")
    ax.set_xlabel("二级指标")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)" for tofu
        fig.savefig(io.BytesIO(), format="png")
    plt.close(fig)


def test_missing_cjk_font_is_a_clear_error():
    with pytest.raises(NoCJKFontError, match="no CJK font installed.*fonts-wqy-microhei"):
        cjk_font(("No Such Font Family",))


def test_barh_and_heatmap_label_in_chinese(gold):
    numeric = gold[gold["numeric"]]
    ax = barh(numeric["unit"].fillna("（无）").value_counts(), title="数值的单位", top=5)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "%" and len(labels) == 5 and ax.get_title() == "数值的单位"
    table = pd.crosstab(gold["kind"].fillna("（无）"), gold["op"])
    hm = heatmap(table, title="操作符 × 二级指标")
    assert "数量" in [t.get_text() for t in hm.get_yticklabels()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hm.figure.savefig(io.BytesIO(), format="png")
    plt.close("all")


def test_records_without_spans_pair_by_name_and_empty_input():
    # records as a CSV export gives them: no spans, so target and actual pair by project and name
    rows = [
        {"doc": "x.txt", "project": "P", "indicator": "培训人数", "op": ">=", "value": 100, "unit": "人",
         "column": "target", "start": 0},
        {"doc": "x.txt", "project": "P", "indicator": "培训人数", "op": "=", "value": 80, "unit": "人",
         "column": "actual", "start": 10, "spans": [["IND", 10, 14]]},
        {"doc": "x.txt", "project": "Q", "indicator": "培训人数", "op": "=", "value": 120, "unit": "人",
         "column": "actual", "start": 20},
    ]
    cmp = targets_vs_actuals(records_frame(rows, heads=False))
    assert list(zip(cmp["outcome"], cmp["actual_value"])) == [("not met", 80), ("not comparable", 120)]
    assert cmp["paired_by"].iloc[0] == "name" and pd.isna(cmp["paired_by"].iloc[1])
    assert cmp["reason"].iloc[1] == "no target"
    empty = records_frame([], heads=True)
    assert len(empty) == 0 and targets_vs_actuals(empty).empty and oddities(empty).empty
    assert int(pct_bands(empty).sum()) == 0
