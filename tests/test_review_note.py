"""The review note a filing gets when a person should look at its records (pipeline.Result.review,
the summary's last column and extract --needs-review)."""
from extraction.assembling.candidates import REVIEW_MIN_UNREAD, review_reason
from extraction.pipeline import run
from extraction.reading import Document
from extraction.record import Record

TABLE = ("一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t数量指标\t培训人数\t≥50人\n"
         "产出指标\t质量指标\t合格率\t≥90%\n满意度指标\t满意度指标\t学员满意度\t≥95%\n")


def test_a_table_read_whole_needs_no_review():
    assert run(Document("x.txt", TABLE)).review == ""


def test_values_no_record_reads_are_named():
    text = "说明：本单位今年共举办座谈会12场次，走访企业35家次，发放问卷800份，回收问卷760份。\n"
    res = run(Document("x.txt", text), "rules")
    assert res.records == [] and res.review.startswith("no record; ") and res.review.endswith("unread")


def _record(name: str, k: int, value: int | None = None) -> Record:
    return Record(doc="x.txt", project=None, level1=None, level2=None, indicator=name, op="=",
                  value=k if value is None else value, unit="人", qualitative=None, column="target",
                  source="rule", start=k * 10, end=k * 10 + 3, text="5人")


def test_records_that_look_garbled_are_flagged():
    glued = [_record("10成本每年财政补助", 0), _record("满意度指标服务对象满意度", 1),
             _record("经济效益完成院区建设", 2, 5), _record("经济效益完成院区建设", 3, 6)]  # one name, two values
    fine = [_record("培训人数", 9), _record("财务管理制度健全性", 8)]
    assert review_reason(glued + fine, []).startswith("4 of 6 records look garbled")
    assert review_reason(glued[:REVIEW_MIN_UNREAD - 1] + fine, []) == ""  # too few to say
    assert review_reason([_record("财务管理制度健全性", k, 1) for k in range(4)], []) == ""  # starts like a level name


def test_records_named_by_one_character_or_by_a_column_of_no_measure_look_garbled():
    # a scrambled PDF header: a reason column's name took the values, a name broken to one character
    odd = [_record("偏差原因分析及改进措施", 0), _record("入", 1), _record("入", 2, 7)]
    fine = [_record("年度指标值完成率", 5), _record("培训人数", 9)]  # a value column's word may name a measure
    assert review_reason(odd + fine, []).startswith("3 of 5 records look garbled")
    assert review_reason(fine * 2, []) == ""
