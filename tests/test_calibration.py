"""Confidence a person can act on: every record of the default extractor carries one, the precision
records of its kind had in the grouped cross-validation, and the calibration figures behind it."""
import json
import shutil
import subprocess
import sys

from extraction import extract
from extraction.evaluating.calibration import ANY, Outcome, ece, fit_precision, held_out, reliability
from extraction.labeling import MODEL_DIR

from .conftest import ROOT


def test_a_calibrated_confidence_has_no_error_and_an_overconfident_one_has():
    calibrated = [(0.75, True)] * 3 + [(0.75, False)] + [(0.25, True)] + [(0.25, False)] * 3
    assert ece(calibrated) == 0.0
    overconfident = [(0.95, True), (0.95, False)]
    assert abs(ece(overconfident) - 0.45) < 1e-9
    (row,) = reliability(overconfident)
    assert (row["n"], row["accuracy"]) == (2, 0.5)


def test_a_groups_records_take_the_precision_of_the_other_groups():
    items = [Outcome("a", "prose", True)] * 9 + [Outcome("b", "prose", False)] * 9
    pairs = held_out(items)
    # group a's records get b's precision (0 right of 9, smoothed) and the other way round
    assert {round(c, 3) for c, ok in pairs if ok} == {round(0.5 / 10, 3)}
    assert {round(c, 3) for c, ok in pairs if not ok} == {round(9.5 / 10, 3)}
    assert fit_precision(items)[ANY] == fit_precision(items)["prose"]


def test_every_default_record_carries_the_confidence_of_its_kind():
    shipped = json.loads((MODEL_DIR / "calibration.json").read_text(encoding="utf-8"))["precision"]
    text = ("一级指标 | 二级指标 | 三级指标 | 指标值\n产出指标 | 数量指标 | 培训人数 | ≥100人\n"
            "评价结论:共培训学员150人,满意度达到96%。\n")
    records = extract(text=text)
    assert records and all(0.0 < r.extra["confidence"] < 1.0 for r in records)
    table = next(r for r in records if r.indicator == "培训人数")
    assert table.extra["reader"] == "table:cells" and table.extra["confidence"] == shipped["table:cells"]


def test_cross_validation_reports_and_saves_the_calibration(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(MODEL_DIR, model)
    (model / "calibration.json").unlink()
    env = {"BUDGET_INDICATORS_MODEL": str(model), "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "extraction", "evaluate", "--cv", "layout", "--modes", "values",
                        "--corpus", "samples", "--report", str(tmp_path / "cv.md"), "--save-calibration"],
                       capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "calibration.json").read_text(encoding="utf-8"))
    assert 0.0 <= report["ece"] < 0.5 and report["records"] > 100
    saved = json.loads((model / "calibration.json").read_text(encoding="utf-8"))
    assert saved["precision"] == report["precision"] and "table:cells" in saved["precision"]
    assert "expected calibration error" in (tmp_path / "cv.md").read_text(encoding="utf-8")
