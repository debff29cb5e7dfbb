"""Memory and time budgets of the readers (issue 27, items 4 and 8): inputs under the 50 MB file
limit that expand (zip bombs, merged ranges to a sheet's end, huge spans, content streams that
inflate, pages too large to render) are refused with the limit named, or clipped, before the
expensive work; ordinary files read as before. Every input is built small, on the fly."""
import io
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections import Counter

import pytest
from docx import Document as WordDocument
from openpyxl import Workbook

from extraction.pipeline import run
from extraction.reading import ReadError, read_document
from extraction.reading.docx import MAX_RATIO, UNPACKED_LIMIT, XML_LIMIT
from extraction.reading.html import MAX_SPAN
from extraction.reading.model import MAX_GRID_CELLS
from extraction.reading.ocr import DPI, MAX_IMAGE_PIXELS
from extraction.reading.pdf import MAX_PAGE_CONTENT, MAX_PDF_PAGES
from extraction.reading.xlsx import MAX_MERGED_CELLS, MAX_STORED_CELLS

from .conftest import FIX, ROOT, key, original

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
ROW = ["产出指标", "数量指标", "培训人数", "≥50人"]


def refused(path, *parts: str) -> str:
    """The ReadError message of reading ``path``, checked to name the file and each of ``parts``."""
    t = time.perf_counter()
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert time.perf_counter() - t < 5, "refused before the expensive work"
    msg = str(err.value)
    assert msg.startswith(f"{path}: ") and all(p in msg for p in parts), msg
    return msg


def peak_mb(path) -> float:
    """Peak memory (MB) of a fresh process reading ``path`` (its ReadError, if any, swallowed)."""
    # VmHWM, not ru_maxrss: that keeps the peak of the process before exec (this test process)
    code = ("import re, sys\nfrom extraction.reading import ReadError, read_document\n"
            "try:\n    read_document(sys.argv[1])\nexcept ReadError:\n    pass\n"
            "print(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))\n")
    res = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert res.returncode == 0, res.stderr
    return int(res.stdout) / 1024


def zeros(z: zipfile.ZipFile, name: str, mb: int) -> None:
    """A member of ``mb`` MB of zero bytes, written a MB at a time (it packs ~1000 to 1)."""
    with z.open(name, "w", force_zip64=True) as f:
        for _ in range(mb):
            f.write(bytes(2**20))


def unpacked_mb(path, *suffixes: str) -> float:
    """What the package's members (those ending so, with ``suffixes``) unpack to, in MB."""
    members = zipfile.ZipFile(path).infolist()
    return sum(i.file_size for i in members if i.filename.endswith(suffixes or ("",))) / 2**20


def small_docx() -> bytes:
    doc = WordDocument()
    doc.add_paragraph("项目名称：培训")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def with_members(path, base: bytes, extra, level: int = 1) -> None:
    """``base`` package with the members ``extra(z)`` writes added (packed at ``level``)."""
    src = zipfile.ZipFile(io.BytesIO(base))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for info in src.infolist():
            z.writestr(info, src.read(info))
        extra(z)


# (a) Office zip packages

def test_a_package_unpacking_past_the_limit_is_refused(tmp_path):
    bomb = tmp_path / "zeros.docx"
    with_members(bomb, small_docx(), lambda z: zeros(z, "word/media/image1.png", 150))
    assert bomb.stat().st_size < 2**20  # 150 MB of zeros pack to ~150 KB
    refused(bomb, f"unpacks to {unpacked_mb(bomb):.0f} MB, over the {UNPACKED_LIMIT // 2**20} MB limit")


def test_a_member_claiming_a_huge_size_is_refused_from_the_directory(tmp_path):
    path = tmp_path / "claims.xlsx"
    wb = Workbook()
    wb.active.append(HEADER)
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    # the central directory entry of xl/workbook.xml says it unpacks to 3 GB (it is a few hundred bytes)
    entry = data.index(b"PK\x01\x02")
    while not data[entry + 46:].startswith(b"xl/workbook.xml"):
        entry = data.index(b"PK\x01\x02", entry + 4)
    data[entry + 24:entry + 28] = struct.pack("<I", 3 * 2**30)
    path.write_bytes(bytes(data))
    refused(path, "unpacks to 3072 MB", f"over the {UNPACKED_LIMIT // 2**20} MB limit")


def test_xml_parts_past_their_limit_are_refused(tmp_path):
    path = tmp_path / "xml.docx"
    with_members(path, small_docx(), lambda z: zeros(z, "word/glossary.xml", 60))
    refused(path, f"its XML parts unpack to {unpacked_mb(path, '.xml', '.rels'):.0f} MB, over the "
                  f"{XML_LIMIT // 2**20} MB limit")


def test_a_member_packed_over_the_ratio_is_a_zip_bomb(tmp_path):
    path = tmp_path / "ratio.docx"
    # zlib level 6 packs zeros ~1030 to 1 (level 1: 230 to 1)
    with_members(path, small_docx(), lambda z: zeros(z, "word/media/image1.png", 20), level=6)
    refused(path, "member word/media/image1.png unpacks", f"over the {MAX_RATIO} to 1 limit: a zip bomb")


# (b, d) tables: the filled grid of a filing (sheets, web and Word tables), rowspan and colspan

def test_a_sheet_whose_grid_is_over_the_limit_is_refused(tmp_path):
    # a diagonal of values: 1,500 cells, but each row reaches its value's column (1.1 million positions)
    path = tmp_path / "diagonal.xlsx"
    wb = Workbook()
    ws = wb.active
    for i in range(1, 1501):
        ws.cell(i, i, "x")
    wb.save(path)
    size = 1500 * 1501 // 2
    refused(path, f"sheet Sheet takes the filing's tables to {size:,} cells",
            f"over the {MAX_GRID_CELLS:,}-cell limit for one filing")


def page(rows: str) -> str:
    return f"<html><body><p>项目名称：培训</p><table>{rows}</table></body></html>"


def test_huge_spans_are_clamped_to_the_table(tmp_path):
    path = tmp_path / "spans.html"
    cells = "".join(f"<td>{c}</td>" for c in ROW)
    path.write_text(page(f"<tr><td rowspan=1000 colspan=1000>合计</td></tr><tr>{cells}</tr>"), encoding="utf-8")
    t = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - t < 5
    rows = doc.grids[0].rows
    # colspan clamped to MAX_SPAN, rowspan to the two rows the table has: row 2's cells come after
    assert len(rows) == 2 and len(rows[0]) == MAX_SPAN
    assert [c.text for c in rows[1]] == ["合计"] * MAX_SPAN + ROW


def test_a_web_table_over_the_grid_limit_is_refused(tmp_path):
    path = tmp_path / "grid.html"
    path.write_text(page("<tr><td rowspan=100 colspan=100>x</td></tr>" * 200), encoding="utf-8")
    assert path.stat().st_size < 20_000  # 200 rows of one cell filling 100 x 100
    refused(path, "table 1 takes the filing's tables to", f"over the {MAX_GRID_CELLS:,}-cell limit")


def test_a_word_cell_spanning_millions_of_columns_is_refused(tmp_path):
    path = tmp_path / "span.docx"
    doc = WordDocument()
    table = doc.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "x"
    table.cell(0, 0)._tc.grid_span = 2_000_000  # python-docx would repeat the cell at each column
    doc.save(path)
    refused(path, "table 1 takes the filing's tables to 2,000,000 cells")


# (b) spreadsheets: what openpyxl would expand, checked in the XML

def workbook(path, ref: str | None = None, cells: dict | None = None) -> None:
    """A workbook of a header and a row, ``cells`` more (by coordinate), and a merged range ``ref``
    anchored at A20 (written into the XML: openpyxl would expand it while writing)."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append(ROW)
    ws["A20"] = "合计"
    for where, value in (cells or {}).items():
        ws[where] = value
    ws.merge_cells("A20:B21")
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if ref and info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'ref="A20:B21"', f'ref="{ref}"'.encode())
            z.writestr(info, data)


def test_a_merged_range_to_the_sheets_end_is_clipped_to_its_data(tmp_path):
    path = tmp_path / "merged.xlsx"
    workbook(path, "A20:XFD1048576")  # 17 billion cells: openpyxl would make an object of each
    assert path.stat().st_size < 20_000
    t = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - t < 5
    rows = doc.grids[0].rows
    assert len(rows) == 20 and [c.text for c in rows[1]] == ROW
    # filled as far as the data goes (column D): read as the range within the data is
    assert [(c.text, c.merged) for c in rows[19]] == [("合计", False)] + [("合计", True)] * 3
    workbook(tmp_path / "within.xlsx", "A20:D20")
    within = read_document(tmp_path / "within.xlsx")
    assert (doc.text, [[(c.text, c.merged) for c in row] for row in rows]) == \
        (within.text, [[(c.text, c.merged) for c in row] for row in within.grids[0].rows])
    records = [[{**r.to_dict(), "doc": ""} for r in run(d, "rules").records] for d in (doc, within)]
    assert records[0] == records[1] and records[0]
    assert peak_mb(path) < 300


def test_merged_ranges_over_the_limit_within_the_data_are_refused(tmp_path):
    path = tmp_path / "merged_data.xlsx"
    workbook(path, "A20:Z10000", {"Z10000": "x"})  # the data reaches Z10000: clipping keeps 259,506 cells
    refused(path, "xl/worksheets/sheet1.xml: merged ranges cover 259,506 cells of its data",
            f"over the {MAX_MERGED_CELLS:,}-cell limit")


def test_a_sheet_storing_too_many_cells_is_refused_before_openpyxl(tmp_path):
    path = tmp_path / "stored.xlsx"
    workbook(path)
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":  # a column of empty formatted cells
                cells = b"".join(b'<row r="%d"><c r="A%d" s="0"/></row>' % (r, r)
                                 for r in range(30, MAX_STORED_CELLS + 31))
                data = data.replace(b"</sheetData>", cells + b"</sheetData>")
            z.writestr(info, data)
    refused(path, f"its sheets store over {MAX_STORED_CELLS:,} cells")


# (c) PDFs: pages and what a page's content decodes to

def pdf(path, content: bytes = b"", *, pages: int = 1, size: tuple[int, int] = (612, 792), form: bytes = b"",
        zeros_mb: int = 0) -> None:
    """A PDF by hand: ``pages`` pages sharing one Flate content stream (``content`` then ``zeros_mb``
    MB of zero bytes, packed) and a Form XObject /Fm1 (``form`` packed) the content may draw."""
    def flate(data: bytes, mb: int = 0) -> bytes:
        c = zlib.compressobj(6)
        return b"".join([c.compress(data)] + [c.compress(bytes(2**20)) for _ in range(mb)] + [c.flush()])

    def stream(extra: bytes, data: bytes, mb: int = 0) -> bytes:
        body = flate(data, mb)
        return b"<< /Length %d /Filter /FlateDecode %s>>stream\n%s\nendstream" % (len(body), extra, body)

    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", stream(b"", content, zeros_mb),
            stream(b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] ", form)]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R /Resources << /Font "
             b"<< /F1 3 0 R >> /XObject << /Fm1 5 0 R >> >> >>" % size] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


TEXT = b"BT /F1 12 Tf 72 700 Td (Budget 2024) Tj ET\n"


def test_a_pdf_under_every_limit_reads(tmp_path):
    path = tmp_path / "ok.pdf"
    pdf(path, TEXT + b"/Fm1 Do\n", pages=3, form=b"0 0 m 10 10 l S\n")
    doc = read_document(path)
    assert doc.text.count("Budget 2024") == 3


def test_a_content_stream_inflating_past_the_limit_is_refused(tmp_path):
    path = tmp_path / "content.pdf"
    pdf(path, TEXT, zeros_mb=256)  # 256 MB of zeros (whitespace to PDF) pack to 256 KB
    assert path.stat().st_size < 2**20
    refused(path, f"page 1: its content decodes to over {MAX_PAGE_CONTENT // 2**20} MB")
    assert peak_mb(path) < 300


def test_a_form_drawn_by_the_page_counts_toward_its_content(tmp_path):
    path = tmp_path / "form.pdf"
    pdf(path, TEXT + b"/Fm1 Do\n", form=bytes(MAX_PAGE_CONTENT + 1))
    refused(path, f"page 1: its content decodes to over {MAX_PAGE_CONTENT // 2**20} MB")


def test_a_pdf_with_too_many_pages_is_refused(tmp_path):
    path = tmp_path / "pages.pdf"
    pdf(path, TEXT, pages=MAX_PDF_PAGES + 1)
    refused(path, f"over {MAX_PDF_PAGES} pages, the limit for one filing")


# (c) pages rendered or decoded for OCR

def test_a_page_too_large_to_render_for_ocr_is_refused(tmp_path):
    path = tmp_path / "huge.pdf"
    pdf(path, b"", size=(14400, 14400))  # a blank 200 x 200 inch page: OCR would render 3.6 billion pixels
    pixels = (14400 * DPI // 72) ** 2
    refused(path, f"page 1 is 200 x 200 inches, {pixels / 1e6:,.0f} million pixels at {DPI} dpi",
            f"over the {MAX_IMAGE_PIXELS // 10**6} million-pixel limit for OCR")


def png_header(path, width: int, height: int) -> None:
    """A grayscale PNG claiming ``width`` x ``height`` (its pixel data is never read)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))


def test_an_image_over_the_pixel_limit_is_refused_before_decoding(tmp_path):
    path = tmp_path / "scan.png"
    png_header(path, 15000, 15000)  # 225 million: PIL itself would only warn
    refused(path, "page 1 is 50 x 50 inches, 225 million pixels at 300 dpi",
            f"over the {MAX_IMAGE_PIXELS // 10**6} million-pixel limit for OCR")
    png_header(path, 30000, 30000)  # 900 million: PIL refuses to open it
    refused(path, f"image too large: over the {MAX_IMAGE_PIXELS // 10**6} million-pixel limit for OCR")


# (e) a text filing under the 50 MB file limit whose text would take minutes and gigabytes

def test_a_filing_whose_text_is_over_the_character_limit_is_refused(tmp_path):
    from extraction.reading import MAX_BYTES, MAX_CHARS

    path = tmp_path / "big.txt"
    line = "一级指标\t二级指标\t培训人数\t≥50人\n"
    path.write_text(line * (MAX_CHARS // len(line) + 1), encoding="utf-8")
    assert path.stat().st_size < MAX_BYTES  # the 45 MB filing of issue 27 ran minutes into gigabytes
    refused(path, "million characters, over the 6 million-character limit for one filing")
    path.write_text(line * (MAX_CHARS // len(line)), encoding="utf-8")  # at the limit: read
    assert len(read_document(path).text) <= MAX_CHARS


# ordinary files read as before

@pytest.mark.parametrize("fmt", ["docx", "xlsx", "xls", "html", "pdf"])
def test_the_sample_filings_read_under_every_limit(fmt):
    res = original("001")
    want = Counter(key(r) for r in res.records if any(t.start <= r.start < t.end for t in res.tables))
    doc = read_document(FIX / f"001.{fmt}")
    assert doc.grids and Counter(key(r) for r in run(doc, "rules").records) == want
