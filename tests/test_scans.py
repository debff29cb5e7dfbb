"""A typed filing printed on page images and read back by OCR gives the records of the text
(extraction/evaluating/scans.py; the five sample filings: evaluate --scans, reports/scans.md)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.evaluating.scans import scan_pages, write_scan
from extraction.pipeline import run
from extraction.reading import read_document

ROOT = Path(__file__).resolve().parents[1]

FILING = "\n".join([
    "项目名称：干部教育培训",
    "",
    "一级指标\t二级指标\t三级指标\t年度指标值",
    "产出指标\t数量指标\t培训干部人数\t≥1200人",
    "\t质量指标\t培训合格率\t≥95%",
    "\t时效指标\t培训完成时间\t≤12个月",
    "效益指标\t社会效益指标\t干部履职能力提升\t明显提升",
    "满意度指标\t服务对象满意度指标\t参训学员满意度\t≥90%",
    "",
])


def _keys(records) -> list[tuple]:
    return sorted((r.indicator, r.op, r.value, r.unit, r.column) for r in records)


@pytest.mark.integration  # Tesseract OCR of a page image
def test_a_scanned_table_reads_like_the_typed_one(tmp_path):
    text_doc = read_document(_write(tmp_path / "typed.txt", FILING))
    want = _keys(run(text_doc).records)
    assert len(want) == 5
    scan = read_document(write_scan(FILING, tmp_path / "scan.pdf", 150))
    assert scan.encoding == "ocr"
    assert "≥1200" in scan.text  # the recogniser knows ≥ (Tesseract read it as >)
    assert _keys(run(scan).records) == want


@pytest.mark.integration
def test_the_spaces_of_a_printed_line_are_read(tmp_path):
    # a PDF's text table parts its cells by one space (sample 004): the recogniser's own spaces
    # glue numbers ("501501"), the blank pixel columns do not; a full-width sign's blank side is
    # no space
    lines = ["公务员登记 50 150 1", "干部结构 优化 优化 1", "6、公务员科工作：办理50人次登记工作，完成500人"]
    scan = read_document(write_scan("\n".join(lines) + "\n", tmp_path / "spaced.pdf", 300))
    assert scan.text.split("\n")[:3] == lines


def test_pages_are_grayscale_at_the_resolution_asked():
    (page,) = scan_pages(FILING, 100)
    assert page.mode == "L" and page.size == (1654, 1169)


@pytest.mark.integration
def test_evaluate_scans_writes_its_report(tmp_path):
    folder = tmp_path / "filings"
    folder.mkdir()
    _write(folder / "one.txt", FILING)
    report = tmp_path / "scans.md"
    res = subprocess.run([sys.executable, "-m", "extraction", "evaluate", "--scans", "--filings", str(folder),
                          "--dpi", "150", "--report", str(report)], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert res.returncode == 0, res.stderr[-2000:]
    (row,) = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert (row["filing"], row["dpi"], row["text_records"]) == ("one.txt", 150, 5)
    assert row["strict"] == 1.0
    assert "| one.txt | 150 | 5 | 5 | 1.000 |" in report.read_text(encoding="utf-8")


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
