"""The prose rules and the performance sections they read, on real excerpts of the filings."""
from pathlib import Path

from extraction.prose import prose_records
from extraction.reading import Document, read_document
from extraction.structure import DocumentContext
from extraction.structure.sections import section_columns

FILINGS = Path(__file__).resolve().parents[1] / "annotations" / "filings"


def _line(prefix: str, startswith: str) -> str:
    (path,) = FILINGS.glob(f"{prefix}_*.txt")
    return next(line for line in path.read_text(encoding="utf-8").split("\n") if line.startswith(startswith))


def _prose(text: str):
    ctx = DocumentContext(Document("x.txt", text))
    return prose_records(ctx.doc, ctx.tables, ctx.projects, ctx.sections)


def test_a_numbered_target_paragraph_of_001():
    # 年度绩效目标*: <p>1. 完成4次专题培训。 2. 实现全区所有机关事业单位100%覆盖。 3. 培训合格率达到90%以上。
    # 4. 培训计划完成及时率达到90%以上。 5. ...</p>
    text = _line("001", "年度绩效目标*:\t<p>1. 完成4次专题培训")
    recs = _prose(text)
    assert [(r.op, r.value, r.unit, r.column) for r in recs] == [
        ("=", 4, "次", "target"), ("=", 100, "%", "target"), (">=", 90, "%", "target"), (">=", 90, "%", "target")]
    assert recs[0].indicator == "专题培训"                 # the counted noun after 4次
    # names; the list number before them ("3.") still sticks to them today (a known defect of the rules)
    assert recs[2].indicator.endswith("培训合格率") and recs[3].indicator.endswith("培训计划完成及时率")
    assert all(text[r.start:r.end] == r.text for r in recs)


def test_money_and_unitless_numbers_are_not_indicators():
    # 002's paragraph: a heading, a count of people and money
    text = "年度绩效目标：全年培训党员干部300人次，项目资金50万元，完成时间2019年12月。"
    recs = _prose(text)
    assert [(r.value, r.unit) for r in recs] == [(300, "人次")]


def test_a_self_evaluation_splits_targets_from_actuals_where_numbering_restarts():
    doc = read_document(FILINGS / "004_1ffb94c558d09361.txt")
    text = doc.text
    secs = section_columns(text)
    # "年初设定目标 全年实际完成情况 自评分" heads two numbered lists: targets, then actuals from the second "1、"
    target = next(s for s in secs if s[2] == "target" and "2、认真履行党建的主体责任" in text[s[0]:s[1]])
    actual = next(s for s in secs if s[2] == "actual")
    # the split falls on the sentence end just before the restart
    assert actual[0] == target[1] and text[actual[0]:actual[1]].lstrip("。\n ").startswith("1、为提升我部干部职工")


def _default_records(text):
    from extraction import extract

    return [(r.indicator, r.op, r.value, r.unit, r.column) for r in extract(text=text)]


def test_a_bracket_list_names_each_value_by_the_words_before_its_bracket():
    text = "【产出指标-数量指标】 指标1:设备数量(≥40台) 指标2:培训人次(≥200人次)\n【效益指标-满意度指标】 指标1:群众满意度(≥90%)\n"
    assert _default_records(text) == [("设备数量", ">=", 40, "台", "target"), ("培训人次", ">=", 200, "人次", "target"),
                                      ("群众满意度", ">=", 90, "%", "target")]


def test_a_weight_or_a_budget_in_brackets_names_nothing():
    names = [r[0] for r in _default_records("二、绩效指标(60分)\n建设项目(约50万)\n")]
    assert names == []


def test_a_column_word_before_the_value_is_no_part_of_the_name():
    assert _default_records("群众满意度 达到目标值95%以上\n") == [("群众满意度", ">=", 95, "%", "target")]


def test_a_unit_of_the_value_before_is_no_part_of_the_next_name():
    # a rubric row read as prose: "15 分" is the weight, "台套" the unit of the first 10
    recs = _prose("二、绩效目标完成情况\n共培训学员150人次满意度达到96%\n")
    assert [(r.indicator, r.value, r.unit) for r in recs] == [("培训学员", 150, "人次"), ("满意度", 96, "%")]


def test_a_goal_sentence_names_what_follows_its_copula():
    recs = _prose("年度绩效目标：我会绩效目标是全年完成应急救护普及培训3000人，发展志愿者50人。")
    assert [(r.indicator, r.value) for r in recs] == [("应急救护普及培训", 3000), ("志愿者", 50)]


def test_an_execution_section_reports_actuals():
    # 014 of dev-filings-2, a 评价报告 on one line: the 绩效目标 heading and then 项目执行情况
    text = ("(二)绩效目标 对全县有关人员进行培训。 二、项目执行情况 (一)项目目标完成情况 "
            "1.地质灾害重点村全部配备群测群防员 95 名,组织人员 596 人次进行隐患点实地排查。")
    recs = _prose(text)
    assert [(r.value, r.column) for r in recs] == [(95, "actual"), (596, "actual")]


def test_a_counted_noun_ends_at_de_and_a_quoted_name_loses_its_quotes():
    recs = _prose("全年实际完成情况：保障402个远程教育终端站点的正常运转，举办2次“大学之城就业节”。")
    assert [(r.indicator, r.value) for r in recs] == [("远程教育终端站点", 402), ("大学之城就业节", 2)]


def test_a_sign_right_after_a_name_closes_it_but_a_word_bound_counts_the_noun_after():
    recs = _prose("(二)績效目標:受益建檔立卡貧困人口數≥23人改善村基礎設施;举办超过20场招聘会。")
    assert [(r.indicator, r.op, r.value) for r in recs] == [("受益建檔立卡貧困人口數", ">=", 23), ("招聘会", ">", 20)]


def test_a_count_names_the_object_after_its_verb_and_a_rate_keeps_its_words():
    recs = _prose("全年实际完成情况：我部认真开展党建活动12次，聘用党群工作者、人才专员18人及其它工作服务的人员3人，"
                  "微信平台累计推送信息600篇，培训完成率达到95%，非公党建和非公企业培训举行3批次，"
                  "筹集人才公寓1126间完成市级指标任务。")
    assert [(r.indicator, r.value) for r in recs] == [
        ("党建活动", 12), ("党群工作者、人才专员", 18), ("其它工作服务的人员", 3), ("信息", 600),
        ("培训完成率", 95), ("非公党建和非公企业培训", 3), ("人才公寓", 1126)]


def test_a_counted_noun_after_its_count_ends_at_a_verb_and_may_list_nouns():
    recs = _prose("全年实际完成情况：对27名大学生村官足额发放补贴；对全市165个各局党委、乡镇党委领导班子，成员进行考评；"
                  "建立公务员档案463份；足额将生活补贴发放到27名老党员手中；全年补助农村干部人数1473人；"
                  "11个乡镇(街道办事处)实施营造林。")
    assert [(r.indicator, r.value) for r in recs] == [
        ("大学生村官", 27), ("各局党委、乡镇党委领导班子", 165), ("公务员档案", 463), ("老党员", 27),
        ("补助农村干部人数", 1473), ("乡镇(街道办事处)", 11)]


def test_a_year_that_opens_a_word_of_time_stays_in_the_name():
    from extraction.prose.rules import name_span
    from extraction.values import find_values

    for text, name in [("确保年底考核通过率大于80%", "年底考核通过率"), ("2021年最低生活保障标准1300元", "最低生活保障标准"),
                       ("确保培训学员满意度控制在100%以内", "培训学员满意度")]:  # (控制在…以内: ≤)
        m = find_values(text)[-1]
        s, e = name_span(text, m)
        assert text[s:e] == name


def test_points_are_no_indicator_value():
    # a rubric's points in a report (D8): the weight and the deduction are no indicators
    recs = _prose("二、绩效目标完成情况\n符合十六字方针四项规定相关要求得3分,每一项不符合要求扣0.75分,培训合格率达到95%。\n")
    assert [(r.indicator, r.value, r.unit) for r in recs] == [("培训合格率", 95, "%")]


def test_a_goal_section_that_goes_on_under_a_result_heading_is_split_there():
    """"主要成效" is in no heading list, but its last word names the results: the statements after it
    are actuals, and the heading line is no part of the name after it."""
    text = ("一、年度绩效目标\n确保建档人员数量为463份。\n主要成效\n高血压随访控制数达到3220人,共适龄儿童疫苗接种率97.30%。\n"
            "二、项目实施成效\n实际老年人体检数为4044人。\n")
    got = [(r.indicator, r.value, r.column) for r in _prose(text)]
    assert got == [("建档人员数量", 463, "target"), ("高血压随访控制数", 3220, "actual"),
                   ("适龄儿童疫苗接种率", 97.3, "actual"), ("老年人体检数", 4044, "actual")]
    cols = [c for _, _, c in section_columns(text)]
    assert cols == ["target", "actual", "actual"]


def test_prose_names_keep_the_words_they_open_with():
    """"建档" is a word, not the verb 建 before 档; 新增 is part of what is counted (sample 004's gold:
    新增留汉大学生); 成立 governs the counted noun after it."""
    text = "一、年度绩效目标\n建档人员数量为463份,新增留汉大学生不少于2万人,全年计划成立行业党委3个。\n"
    assert [r.indicator for r in _prose(text)] == ["建档人员数量", "新增留汉大学生", "行业党委"]


def test_a_change_from_one_value_to_another_is_the_second_named_by_the_words_before_it():
    """"由现有的1000平方公里扩展到…8522平方公里" (dev 010): 1000 is where it stands now, no indicator
    value; 8522 is the indicator's, named by the words before 由."""
    text = ("一、年度绩效目标\n增雨作业可覆盖面积由现有的1000平方公里扩展到接近整个亳州市的8522平方公里面积,"
            "群众满意度从80%提高到95%,培训合格率达到90%以上。\n")
    got = [(r.indicator, r.value, r.unit) for r in _prose(text)]
    assert got == [("增雨作业可覆盖面积", 8522, "平方公里"), ("群众满意度", 95, "%"), ("培训合格率", 90, "%")]
