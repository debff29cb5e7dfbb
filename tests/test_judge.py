"""The value judge (labeling/judge.py): candidates outside the tables, their features, the fit, its
JSON weights, and the default extractor reading values no listed heading announces."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from extraction.evaluating.judging import fit_corpus
from extraction.labeling import judge as J
from extraction.pipeline import run
from extraction.reading import Document
from extraction.structure import DocumentContext

from .conftest import FILINGS


def _context(text: str) -> DocumentContext:
    return DocumentContext(Document(name="t.txt", text=text))


def test_a_wrapped_line_goes_on_but_a_list_item_does_not():
    width = "项目实施以来全县共完成培训任务并组织各类检查活动多次取得较好成"  # as wide as the page
    text = f"{width}\n效,受益群众3000人。\n1、满意度95%\n{width}。\n短行\n{width}。\n{width}\n4种\n"
    lines = [text[a:b] for a, b in J.logical_lines(text, 0, len(text))]
    assert lines[0] == f"{width}\n效,受益群众3000人。"
    assert "1、满意度95%" in lines and "短行" in lines
    assert "4种" in lines, "a value on a line of its own is a cell, not the rest of a sentence"


def test_a_value_alone_on_its_line_is_named_by_the_line_before():
    text = "产出指标数量指标培育中药材品种数量培育中药材品种数量\n4种\n"
    cands = J.candidates(_context(text))
    (c,) = [c for c in cands if text[c.start:c.end] == "4种"]
    assert text[c.name[0]:c.name[1]] == "培育中药材品种数量"  # level names off, the doubled cell halved
    assert c.features["alone"] == 1.0
    # a form's cells a line, each closed by a pipe: the value alone in its cell, the key before it
    # (a level name before two characters is the start of the key, not a level: "满意度 情况")
    form = "发放调查 问卷 |\n36 |\n满意度 情况 |\n78.34% | |||\n"
    (c,) = [c for c in J.candidates(_context(form)) if form[c.start:c.end] == "78.34%"]
    assert c.features["alone"] == 1.0 and form[c.name[0]:c.name[1]] == "满意度 情况"


@pytest.mark.parametrize("line, name", [
    ("党建任务完成率上级党组织要求完成党建工作任务完成率", "党建任务完成率"),   # name, then a description naming it
    ("技术指导服务数量对生产种植企业技术指导服务数量", "技术指导服务数量"),
    ("消化利用农作物秸秆数量建立秸秆综合利用点", "消化利用农作物秸秆数量建立秸秆综合利用点"),  # no head word at the end: whole
    ("群众满意度", "群众满意度"),
])
def test_a_name_glued_to_its_description_is_cut_after_its_head_word(line, name):
    text = f"{line}\n100%\n"
    (c,) = [c for c in J.candidates(_context(text)) if text[c.start:c.end] == "100%"]
    assert text[c.name[0]:c.name[1]] == name


def test_candidates_outside_the_tables_only():
    table = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥100人\n"
    text = table + "\n全年共培训学员150人。\n"
    ctx = _context(text)
    assert ctx.tables, "the reader finds the table"
    found = {text[c.start:c.end] for c in J.candidates(ctx)}
    assert "150人" in found and "≥100人" not in found and "100人" not in found


def _examples():
    pos = {"bias": 1.0, "unit=measure": 1.0, "c:培训": 1.0}
    act = {"bias": 1.0, "unit=pct": 1.0, "c:完成": 1.0}
    neg = {"bias": 1.0, "unit=money": 1.0, "c:资金": 1.0}
    return [(pos, "target")] * 20 + [(act, "actual")] * 20 + [(neg, "none")] * 20


def test_the_fit_separates_the_classes_and_survives_its_json(tmp_path):
    jd = J.fit(_examples())
    p_target = jd.proba({"bias": 1.0, "unit=measure": 1.0, "c:培训": 1.0})
    p_money = jd.proba({"bias": 1.0, "unit=money": 1.0, "c:资金": 1.0})
    assert p_target.index(max(p_target)) == J.CLASSES.index("target")
    assert p_money.index(max(p_money)) == J.CLASSES.index("none")
    jd.save(tmp_path)
    back = J.Judge.load(tmp_path)
    assert back.proba({"unit=pct": 1.0, "c:完成": 1.0, "bias": 1.0}) == pytest.approx(
        jd.proba({"unit=pct": 1.0, "c:完成": 1.0, "bias": 1.0}))
    assert back.threshold == jd.threshold


def test_the_threshold_turns_an_unsure_value_away():
    jd = J.Judge(weights={}, intercept=[0.0, 0.0, 0.0], threshold=0.7)
    cand = SimpleNamespace(features={"bias": 1.0})
    assert jd.decide(cand) == ("none", pytest.approx(2 / 3))
    jd.threshold = 0.6
    assert jd.decide(cand)[0] == "target"


def test_values_mode_reads_prose_under_an_unlisted_heading():
    """A 评价报告's sentences under a heading no list holds: the rules read nothing there, the
    values mode reads them with the judge (here one fitted on the gold in the test)."""
    from extraction.evaluating.lofo import Corpus

    corpus = Corpus.load_corpora(["samples", "dev"])
    jd = fit_corpus(corpus.names, corpus.texts, corpus.records)
    text = ("关于2021年度妇女儿童工作经费的评价报告\n一、工作开展情况\n"
            "全年共培训妇女干部150人,开展宣传活动12场次,群众满意度达到96%。\n二、资金使用情况\n"
            "项目资金30万元已全部拨付到位。\n")
    doc = Document(name="t.txt", text=text)
    assert run(doc, "rules").records == []
    got = run(doc, "values", tagger=SimpleNamespace(judge=jd)).records
    read = {(r.value, r.unit) for r in got}
    assert (150, "人") in read and (96, "%") in read
    assert all(r.unit != "元" for r in got), "money is not an indicator"
    assert all(0.0 <= r.extra["confidence"] <= 1.0 and r.source == "model" for r in got)


def test_a_prose_variant_carries_its_gold_offsets_and_reads_the_same():
    """Each record of a prose variant points at its own text (IND, OP, VAL, UNIT spans), and the
    value grammar reads the variant's value as the gold reads the filing's; the same seed gives the
    same text, another seed another."""
    from extraction.evaluating.lofo import Corpus
    from extraction.evaluating.variants import prose_variant
    from extraction.values import find_values

    corpus = Corpus.load_corpora(["samples"])
    doc = "003_85fba57fb91dfa56.txt"
    v = prose_variant(doc, corpus.texts[doc], corpus.records[doc], 0)
    assert v.text == prose_variant(doc, corpus.texts[doc], corpus.records[doc], 0).text
    assert v.text != prose_variant(doc, corpus.texts[doc], corpus.records[doc], 1).text
    numeric = [r for r in corpus.records[doc] if r.value is not None and r.column in ("target", "actual")]
    assert 0 < len(v.records) <= len(numeric)
    for r in v.records:
        assert v.text[r.start:r.end] == r.text
        ind = next(v.text[s:e] for lab, s, e in r.spans if lab == "IND")
        assert ind == r.indicator
        vs, ve = next((s, e) for lab, s, e in r.spans if lab == "VAL")
        ends = [e for lab, s, e in r.spans if lab in ("UNIT", "OP")] + [ve]
        (m,) = [m for m in find_values(v.text[vs:max(ends)]) if m.val[0] == 0]
        assert (m.value, m.unit) == (r.value, r.unit), r.text


def test_a_table_line_the_reader_read_no_row_from_is_judged_like_text():
    """Sample 003's satisfaction row whose name a PDF broke over three lines (业务系统管 / 理科室 /
    满意度 / ≥90%): the reader finds the table but reads no row from those lines, so the value is a
    candidate of the judge; the values of rows the reader did read are not."""
    from extraction.labeling.judge import candidates
    from extraction.reading import read_document

    doc = read_document(next(FILINGS.glob("003_*.txt")))
    ctx = DocumentContext(doc)
    at = doc.text.index("≥90%", doc.text.index("理科室"))
    assert any(t.start <= at < t.end for t in ctx.tables)
    starts = {c.value_start for c in candidates(ctx)}
    assert at + 1 in starts
    read = [v.start for t in ctx.tables for r in t.rows for _, v in r.values]
    assert read and not starts & set(read)
