"""The public API and the rule extractor's accuracy on the gold set's table rows."""
from extraction import Record, extract
from extraction.evaluating.corpora import corpora
from extraction.evaluating.report import evaluate
from extraction.pipeline import run
from extraction.reading import read_document

from .conftest import FILINGS


def test_extract_text_and_path():
    recs = extract("一级指标\t二级指标\t三级指标\t年度目标值\n产出目标\t数量\t培训党员数量\t>=5000人\n")
    assert len(recs) == 1 and isinstance(recs[0], Record)
    r = recs[0]
    assert (r.indicator, r.op, r.value, r.unit, r.column, r.level1, r.level2, r.source) == \
        ("培训党员数量", ">=", 5000, "人", "target", "产出目标", "数量", "rule")
    path = next(FILINGS.glob("000_*.txt"))
    assert extract(path) and extract(str(path))[0].doc == path.name


def test_every_record_points_at_its_text():
    for f in FILINGS.glob("*.txt"):
        doc = read_document(f)
        for r in run(doc).records:
            assert doc.text[r.start:r.end] == r.text
            for _, s, e in r.spans:
                assert r.start <= s < e <= r.end


def test_table_rows_record_f1_regression():
    # the extraction core's bar: rules record F1 >= 0.97 on the table rows of every sample filing
    pred = [r for f in sorted(FILINGS.glob("*.txt")) for r in run(read_document(f), "rules").records]
    samples = corpora()["samples"]
    ev = evaluate(pred, samples.gold, samples.filings, tables_only=True)
    assert ev.records["overall"].prf.f1 >= 0.98
    for doc in sorted(f.name for f in FILINGS.glob("*.txt")):
        assert ev.records[doc].prf.f1 >= 0.97, doc
