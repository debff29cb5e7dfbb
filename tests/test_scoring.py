"""The scorer on hand-made cases with known P/R/F1."""
import pytest

from extraction.evaluating.scoring import match_records, span_scores
from extraction.record import Record


def rec(ind, value, unit="人", op="=", column="target", start=0, qual=None):
    return Record(doc="d", project=None, level1=None, level2=None, indicator=ind, op=op, value=value,
                  unit=unit, qualitative=qual, column=column, text="x", start=start, end=start + 1, source="rule")


def test_one_to_one_with_duplicates():
    gold = [rec("a", 5, start=0), rec("a", 5, start=10), rec("b", 1)]
    pred = [rec("a", 5, start=0), rec("a", 5, start=10), rec("a", 5, start=20)]
    m = match_records(gold, pred)
    assert (m.prf.tp, m.prf.fp, m.prf.fn) == (2, 1, 1)
    assert m.prf.precision == pytest.approx(2 / 3)
    assert m.prf.recall == pytest.approx(2 / 3)
    assert m.prf.f1 == pytest.approx(2 / 3)


def test_every_field_must_agree():
    g = rec("a", 100, unit="%", op=">=")
    assert match_records([g], [rec("a", 100, unit="%", op="=")]).prf.tp == 0
    assert match_records([g], [rec("a", 100, unit="%", op=">=", column="actual")]).prf.tp == 0
    assert match_records([g], [rec("a", 100.00000001, unit="%", op=">=")]).prf.tp == 1
    assert match_records([g], [rec("a", 100.1, unit="%", op=">=")]).prf.tp == 0


def test_qualitative_and_none_values():
    g = rec("a", None, unit=None, qual="健全")
    assert match_records([g], [rec("a", None, unit=None, qual="健全")]).prf.f1 == 1.0
    assert match_records([g], [rec("a", None, unit=None, qual="完备")]).prf.f1 == 0.0


def test_empty_prediction():
    m = match_records([rec("a", 1)], [])
    assert (m.prf.precision, m.prf.recall, m.prf.f1) == (0.0, 0.0, 0.0)


def test_span_scores_per_label_and_micro():
    gold = {("IND", 0, 4), ("VAL", 5, 7), ("UNIT", 7, 8), ("OP", 4, 5)}
    pred = {("IND", 0, 4), ("VAL", 5, 7), ("UNIT", 7, 9)}
    s = span_scores(gold, pred)
    assert s["IND"].f1 == 1.0 and s["VAL"].f1 == 1.0
    assert (s["UNIT"].tp, s["UNIT"].fp, s["UNIT"].fn) == (0, 1, 1)
    assert (s["OP"].tp, s["OP"].fn) == (0, 1)
    assert s["micro"].precision == pytest.approx(2 / 3)
    assert s["micro"].recall == pytest.approx(2 / 4)
