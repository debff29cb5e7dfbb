"""Assembly: labelled spans and table rows -> records (linking each VAL to its OP / UNIT / IND,
its column and project), on real sentences and rows of the filings; and the document context
(headers, tables, sections, projects) the assembler shares with the rules and the model."""
from pathlib import Path

import pytest

from extraction.assembling import records_from_row
from extraction.assembling.spans import records_from_spans
from extraction.labeling.features import Headers
from extraction.mention import Span
from extraction.reading import Document, read_document
from extraction.structure import DocumentContext

FILINGS = Path(__file__).resolve().parents[1] / "annotations" / "filings"


def _spans(text, *parts):
    """Spans from (label, substring, occurrence) given by reading the sentence."""
    out = []
    for label, sub, *nth in parts:
        pos = -1
        for _ in range((nth or [1])[0]):
            pos = text.index(sub, pos + 1)
        out.append(Span(label, pos, pos + len(sub), 0.9))
    return out


@pytest.mark.parametrize("text, parts, expected", [
    ("4. 培训合格率达到90%以上。", [("IND", "培训合格率"), ("OP", "达到"), ("VAL", "90"), ("UNIT", "%"), ("OP", "以上")],
     [("培训合格率", ">=", 90, "%", None)]),
    ("全年计划开展体验培训1万人次。", [("IND", "体验培训"), ("VAL", "1"), ("UNIT", "万人次")],
     [("体验培训", "=", 10000, "人次", None)]),
    ("1、对27名大学生村官足额发放补贴", [("VAL", "27"), ("UNIT", "名"), ("IND", "大学生村官")],
     [("大学生村官", "=", 27, "名", None)]),
    ("“七一”前，分两次及时发放老党员生活补贴", [("VAL", "两"), ("UNIT", "次"), ("IND", "老党员生活补贴")],
     [("老党员生活补贴", "=", 2, "次", None)]),
    ("提供岗位10万余个，全年新增", [("IND", "岗位"), ("VAL", "10"), ("UNIT", "万"), ("OP", "余"), ("UNIT", "个")],
     [("岗位", ">=", 100000, "个", None)]),
    ("财务管理制度健全性\t健全", [("IND", "财务管理制度健全性"), ("VAL", "健全", 2)],
     [("财务管理制度健全性", "=", None, None, "健全")]),
    ("绩效指标：“组织乡科级干部培训≥8次”，“参加培训人员数量 ≥800人”。",
     [("IND", "乡科级干部培训"), ("OP", "≥"), ("VAL", "8"), ("UNIT", "次", 1),
      ("IND", "参加培训人员数量"), ("OP", "≥", 2), ("VAL", "800"), ("UNIT", "人", 2)],
     [("乡科级干部培训", ">=", 8, "次", None), ("参加培训人员数量", ">=", 800, "人", None)]),
])
def test_assembly_of_real_sentences(text, parts, expected):
    recs = records_from_spans("x.txt", text, _spans(text, *parts))
    assert [(r.indicator, r.op, r.value, r.unit, r.qualitative) for r in recs] == expected
    for r in recs:
        assert text[r.start:r.end] == r.text and r.source == "model"
        assert len(r.extra["span_scores"]) == len(r.spans)


def test_assembly_takes_columns_from_the_header_above():
    text = ("指标内容\t指标值（前年）\t指标值（上年）\t指标值（预计当年实现）\n"
            "培训覆盖率\t95%\t98%\t100%\n")
    parts = [("IND", "培训覆盖率"), ("VAL", "95"), ("UNIT", "%", 1), ("VAL", "98"), ("UNIT", "%", 2),
             ("VAL", "100"), ("UNIT", "%", 3)]
    recs = records_from_spans("x.txt", text, _spans(text, *parts))
    assert [(r.indicator, r.value, r.column) for r in recs] == \
        [("培训覆盖率", 95, "prior"), ("培训覆盖率", 98, "last"), ("培训覆盖率", 100, "target")]


def test_a_name_with_its_own_value_in_a_cell_is_not_the_row_name():
    text = "指标内容\t指标值（前年）\t指标值（上年）\n举办培训班\t20 期，培训覆盖率 100%\t22 期\n"
    parts = [("IND", "举办培训班"), ("VAL", "20"), ("UNIT", "期", 1), ("IND", "培训覆盖率"), ("VAL", "100"),
             ("UNIT", "%"), ("VAL", "22"), ("UNIT", "期", 2)]
    recs = records_from_spans("x.txt", text, _spans(text, *parts))
    assert [(r.indicator, r.value, r.unit, r.column) for r in recs] == [
        ("举办培训班", 20, "期", "prior"), ("培训覆盖率", 100, "%", "prior"), ("举办培训班", 22, "期", "last")]


def test_a_table_row_gives_one_record_per_value_with_its_levels():
    # filing 001, the first rows of its first table (header 一级指标 二级指标 三级指标 年度目标值)
    text = "一级指标\t二级指标\t三级指标\t年度目标值\n产出目标\t数量\t培训党员数量\t>=5000人\n"
    (table,) = DocumentContext(Document("x.txt", text)).tables
    (row,) = table.rows
    (r,) = records_from_row("x.txt", text, row, project="VR党建宣教中心经费")
    assert (r.indicator, r.op, r.value, r.unit, r.column) == ("培训党员数量", ">=", 5000, "人", "target")
    assert (r.level1, r.level2, r.project) == ("产出目标", "数量", "VR党建宣教中心经费")
    assert r.text == text[r.start:r.end] == "培训党员数量\t>=5000人"


def test_the_document_context_is_shared_by_tables_model_and_assembler():
    doc = read_document(FILINGS / "001_af77a365bec559de.txt")
    ctx = DocumentContext(doc)
    # 001 repeats its header row (一级指标 二级指标 三级指标 年度目标值) above each project's table
    header_lines = [i for i, line in enumerate(doc.text.split("\n")) if line.startswith("一级指标\t二级指标")]
    assert len(ctx.headers) == len(header_lines) >= 3
    assert [t.start for t in ctx.tables][:3] == [h[0] for h in ctx.headers][:3]
    assert Headers.of(doc.text, ctx).spans is ctx.headers          # the model's features read the same headers
    assert ctx.projects.at(ctx.tables[0].start) == "VR党建宣教中心经费"


def test_a_target_an_actual_and_the_rows_points_glued_in_one_cell():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标二级指标三级指标年度目标值全年完成值自评分\n"
            "产出指标数量指标大学生就业岗位筹集数≥1万人10万1\n产出指标数量指标参与校友资智回汉活动≥3场1\n")
    got = [(r.indicator, r.op, r.value, r.column) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("大学生就业岗位筹集数", ">=", 10000, "target"), ("大学生就业岗位筹集数", "=", 100000, "actual"),
                   ("参与校友资智回汉活动", ">=", 3, "target"), ("参与校友资智回汉活动", "=", 1, "actual")]


def test_a_qualitative_value_glued_to_its_grade_under_a_standard_column_reads_alone():
    from extraction.pipeline import run
    from extraction.reading import Document

    text = ("一级指标\t二级指标\t指标内容\t指标值\t绩效标准\n效益指标\t可持续影响指标\t干部能力素质\t有所提高优\n"
            "效益指标\t社会效益指标\t群众评价\t良好\t优\n")
    got = [(r.indicator, r.qualitative) for r in run(Document("x.txt", text), "rules").records]
    assert got == [("干部能力素质", "有所提高"), ("群众评价", "良好")]
