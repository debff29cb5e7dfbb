"""The files users really have: old Excel .xls, old Word .doc, scanned PDFs and images (OCR), PDFs
encrypted with permissions only, traditional characters. Each gives the records of the sample
filing it was made from (tests/fixtures/formats/, made by scripts/make_fixtures.py)."""
import json
import os
import subprocess
import sys
from collections import Counter
from functools import cache

import pytest

from extraction.pipeline import run
from extraction.reading import ReadError, read_document

from .conftest import FILINGS, FIX, KEY, ROOT, key, original



def table_keys(prefix: str) -> Counter:
    res = original(prefix)
    return Counter(key(r) for r in res.records if any(t.start <= r.start < t.end for t in res.tables))


@cache
def scanned():
    doc = read_document(FIX / "001.scanned.pdf")
    return doc, run(doc, "rules")


@pytest.mark.parametrize("prefix", ["000", "001"])
@pytest.mark.parametrize("fmt", ["xls", "doc"])
def test_old_office_formats_give_the_text_filings_records(prefix, fmt):
    want = table_keys(prefix)
    assert sum(want.values()) == {"000": 51, "001": 117}[prefix]
    doc = read_document(FIX / f"{prefix}.{fmt}")
    assert doc.grids, "real cells, not text guessed into cells"
    res = run(doc, "rules")
    assert res.layouts == "grid"
    assert Counter(key(r) for r in res.records) == want
    for r in res.records:
        assert doc.text[r.start:r.end] == r.text


def test_xls_records_name_their_sheet_row_and_cell():
    doc = read_document(FIX / "001.xls")
    res = run(doc, "rules")
    # 培训党员数量 >=5000人: sheet 表1, Excel row 9 (the project line, the header, six 投入与目标管理
    # rows above it), column D
    (r,) = [r for r in res.records if r.indicator == "培训党员数量"]
    assert (r.extra["sheet"], r.extra["row"], r.extra["cell"]) == ("表1", 9, 4)
    assert (r.op, r.value, r.unit) == (">=", 5000, "人")
    # the merged 投入与目标管理 cell (rows 3-8 of the sheet) applies to each of its rows
    assert [x.level1 for x in res.records if x.extra["sheet"] == "表1"][:3] == ["投入与目标管理"] * 3


def test_doc_cells_with_line_breaks_stay_one_cell():
    # in 000 the name cells hold line breaks ("绩效管理和\n干部考评"): antiword writes such a table as
    # text ("cell |cell | |"), read back into cells
    doc = read_document(FIX / "000.doc")
    (grid,) = doc.grids
    assert [c.text for c in grid.rows[0]][:3] == ["目标名称", "一级指标", "二级指标"]
    names = [row[0].text for row in grid.rows]
    assert "干部监督\n管理" in names


@pytest.mark.integration  # OCR of page images: seconds a page
def test_scanned_pdf_by_ocr_f1_at_least_090():
    want = table_keys("001")
    doc, res = scanned()
    assert doc.encoding == "ocr" and not doc.grids
    got = Counter(key(r) for r in res.records)
    tp = sum((want & got).values())
    p, r = tp / sum(got.values()), tp / sum(want.values())
    assert 2 * p * r / (p + r) >= 0.90, (p, r)


@pytest.mark.integration  # OCR of page images: seconds a page
def test_ocr_records_keep_page_line_and_confidence():
    doc, res = scanned()
    assert res.records
    for r in res.records:
        assert doc.text[r.start:r.end] == r.text
        assert r.extra["page"] >= 1 and r.extra["line"] >= 1
        assert 0.0 < r.extra["ocr_confidence"] <= 1.0
    # the first table's 培训党员数量 >=5000人 is on page 1, on the 9th line of the page (the
    # project line, the header, three rows and three label-only rows of 投入与目标管理 above it)
    first = next(r for r in res.records if r.indicator == "培训党员数量")
    assert (first.extra["page"], first.extra["line"], first.value, first.unit) == (1, 9, 5000, "人")
    assert first.extra["ocr_confidence"] > 0.8
    pages = {r.extra["page"] for r in res.records}
    assert pages == set(range(1, max(pages) + 1)) and len(pages) >= 2


@pytest.mark.integration  # OCR of page images: seconds a page
def test_an_image_is_read_by_ocr(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(FIX / "001.scanned.pdf"))
    pdf[0].render(scale=300 / 72, grayscale=True).to_pil().save(tmp_path / "page1.png")
    res = run(read_document(tmp_path / "page1.png"), "rules")
    _, from_pdf = scanned()
    page1 = Counter(key(r) for r in from_pdf.records if r.extra["page"] == 1)
    got = Counter(key(r) for r in res.records)
    assert sum((got & page1).values()) >= 0.9 * sum(page1.values())
    assert all(r.extra["page"] == 1 for r in res.records)


def _without_tools(code: str, tmp_path) -> subprocess.CompletedProcess:
    """Run ``code`` where PATH has no antiword and the OCR engine is not installed (a machine
    without them: its package is shadowed by one that is not there)."""
    gone = tmp_path / "gone"
    (gone / "rapidocr_onnxruntime").mkdir(parents=True)
    (gone / "rapidocr_onnxruntime" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'rapidocr_onnxruntime'\", name='rapidocr_onnxruntime')\n")
    env = {"PYTHONPATH": f"{gone}:{ROOT}", "PATH": str(tmp_path)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)


def test_without_ocr_or_antiword_the_message_says_what_to_install(tmp_path):
    code = ("from extraction.reading import read_document, ReadError\n"
            "for f in ('001.scanned.pdf', '000.doc'):\n"
            "    try:\n        read_document('tests/fixtures/formats/' + f)\n"
            "    except ReadError as e:\n        print(e)\n")
    res = _without_tools(code, tmp_path)
    lines = res.stdout.splitlines()
    assert res.returncode == 0 and len(lines) == 2, res.stderr
    assert lines[0].startswith("tests/fixtures/formats/001.scanned.pdf: no text layer (a scanned PDF)")
    assert "OCR is not installed: pip install --no-deps rapidocr-onnxruntime" in lines[0]
    assert lines[1] == ("tests/fixtures/formats/000.doc: old Word .doc needs antiword "
                        "(Debian: apt-get install antiword; scripts/setup.sh does it)")


def test_a_pdf_encrypted_with_permissions_only_is_read():
    # opens without a password; its fonts' names are encrypted, which gave "(cid:3931)" text
    doc = read_document(FIX / "permissions.pdf")
    assert "(cid:" not in doc.text and "项目名称：VR党建宣教中心经费" in doc.text
    first = Counter(k for k in table_keys("001").elements() if k[0] == "VR党建宣教中心经费")
    assert sum(first.values()) == 8  # the first table of 001: 8 indicator rows with a value
    assert Counter(key(r) for r in run(doc, "rules").records) == first


def test_a_pdf_with_a_password_is_still_refused():
    with pytest.raises(ReadError, match="password-protected PDF: not read"):
        read_document(FIX / "encrypted.pdf")


def test_traditional_copy_gives_the_simplified_filings_records():
    import opencc

    t2s = opencc.OpenCC("t2s")
    doc = read_document(FIX / "001.traditional.txt")
    res = run(doc, "rules")
    got = Counter(tuple(t2s.convert(v) if isinstance(v, str) else v for v in key(r)) for r in res.records)
    assert got == Counter(key(r) for r in original("001").records)
    for r in res.records:  # offsets and text point into the traditional original
        assert doc.text[r.start:r.end] == r.text


def test_a_folder_of_old_formats_and_their_originals_through_the_cli(tmp_path):
    import shutil

    data = tmp_path / "in"
    data.mkdir()
    for name in ("000.xls", "000.doc", "001.xls", "001.doc", "permissions.pdf"):
        stem, ext = name.split(".")
        shutil.copy(FIX / name, data / f"{stem}-{ext}.{ext}")  # 000-xls.xls: the outputs do not collide
    for prefix in ("000", "001"):
        shutil.copy(next(FILINGS.glob(f"{prefix}_*.txt")), data / f"{prefix}.txt")
    res = subprocess.run([sys.executable, "-m", "extraction", "extract", "--mode", "rules", str(data),
                          "--output-dir", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0, res.stderr

    def keys(name: str) -> Counter:
        rows = [json.loads(x) for x in (tmp_path / "out" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
        return Counter(tuple(r[k] for k in KEY) for r in rows)

    for prefix in ("000", "001"):
        want = table_keys(prefix)
        assert keys(prefix) >= want  # the text filing has prose records beside its tables
        assert keys(f"{prefix}-xls") == want == keys(f"{prefix}-doc")
    assert keys("permissions-pdf") == Counter(k for k in table_keys("001").elements() if k[0] == "VR党建宣教中心经费")


@pytest.mark.integration  # OCR of six page images in a pool worker: about a minute
def test_a_scan_in_a_cli_batch_gives_the_records_of_reading_it_alone(tmp_path):
    import shutil

    data = tmp_path / "in"
    data.mkdir()
    shutil.copy(FIX / "001.scanned.pdf", data / "scan.pdf")
    shutil.copy(next(FILINGS.glob("000_*.txt")), data / "000.txt")
    out = tmp_path / "records.jsonl"
    res = subprocess.run([sys.executable, "-m", "extraction", "extract", "--mode", "rules", "--jobs", "2", str(data),
                          "--output", str(out)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0, res.stderr
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    by_doc = Counter(r["doc"] for r in rows)
    _, alone = scanned()
    assert by_doc["scan.pdf"] == len(alone.records) and by_doc["000.txt"] == len(original("000").records)
    assert all({"page", "line", "ocr_confidence"} <= set(r) for r in rows if r["doc"] == "scan.pdf")
