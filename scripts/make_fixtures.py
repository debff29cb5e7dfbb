"""Make the format fixtures of tests/fixtures/formats/ from the sample filings' tables.

    .venv/bin/python -m pip install reportlab==5.1.0   # dev only: CI uses the committed files
    .venv/bin/python scripts/make_fixtures.py

For filings 000 and 001 (tab-separated tables) each indicator table the text reader finds becomes,
in a .docx, .xlsx, .html and .pdf file: a paragraph "项目名称：<project>" and the table, its rows
split on tabs into cells. As the original Word tables were: a 一级指标 cell left blank below its
first row is merged with it (vertical merge / rowspan); in 000 the spaces where the PDF text
wrapped the name cells become line breaks inside the cell. Beside them: GBK and UTF-16 (CRLF)
copies of the two text filings, a password-protected PDF and a scanned PDF with no text layer.
The files users have beyond those: .xls (xlwt) and .doc (LibreOffice headless, converting the .docx)
of both filings, 001.scanned.pdf (001's tables printed as text on page images, no text layer: the OCR
input), 001.traditional.txt (001 in traditional characters, OpenCC s2t) and permissions.pdf (opens
without a password, copying forbidden). Dev only: pip install '.[fixtures]' and
apt-get install libreoffice-writer-nogui.
"""
from __future__ import annotations

import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extraction.assembling.context import Projects  # noqa: E402
from extraction.reading import read_document  # noqa: E402
from extraction.structure import read_tables  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "formats"
FILINGS = ROOT / "annotations" / "filings"
FONT = "STSong-Light"
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # fonts-wqy-microhei (scripts/setup.sh)  # reportlab's built-in CID font: Chinese text without embedding a font file


def tables_of(prefix: str) -> list[tuple[str | None, list[list[str]]]]:
    """(project, rows of cells) of each indicator table of a filing, as the text reader finds it."""
    (path,) = FILINGS.glob(f"{prefix}_*.txt")
    doc = read_document(path)
    projects = Projects(doc.text)
    out = []
    for t in read_tables(doc.text):
        lines = [ln for ln in doc.text[t.start:t.end].split("\n") if ln.strip()]
        rows = [ln.split("\t") for ln in lines]
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        if prefix == "000":  # the PDF's wrap points inside the name cells become line breaks
            rows = [[c.replace(" ", "\n") if j < 4 and i else c for j, c in enumerate(r)]
                    for i, r in enumerate(rows)]
        out.append((projects.at(t.start), rows))
    return out


def merges(rows: list[list[str]]) -> list[tuple[int, int]]:
    """(first row, last row) runs of the first column: a 一级指标 cell and the blank cells below it."""
    runs = []
    i = 1
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and not rows[j + 1][0].strip() and rows[i][0].strip():
            j += 1
        if j > i:
            runs.append((i, j))
        i = j + 1
    return runs


def make_docx(tables, path: Path, merge: bool) -> None:
    import docx

    d = docx.Document()
    for project, rows in tables:
        d.add_paragraph(f"项目名称：{project}")
        t = d.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                cell = t.cell(i, j)
                parts = text.split("\n")
                cell.text = parts[0]
                for extra in parts[1:]:
                    cell.add_paragraph(extra)
        if merge:
            for a, b in merges(rows):
                t.cell(a, 0).merge(t.cell(b, 0))
        d.add_paragraph("")
    d.save(path)


def make_xlsx(tables, path: Path, merge: bool) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    wb.remove(wb.active)
    for n, (project, rows) in enumerate(tables, 1):
        ws = wb.create_sheet(f"表{n}")
        ws.append(["项目名称：", project])
        for row in rows:
            ws.append([c if c.strip() else None for c in row])
            for cell in ws[ws.max_row]:
                cell.alignment = Alignment(wrap_text=True)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # "=100%" is the filing's text, not a formula
        if merge:
            for a, b in merges(rows):
                ws.merge_cells(start_row=a + 2, start_column=1, end_row=b + 2, end_column=1)
    wb.save(path)


def make_html(tables, path: Path, merge: bool) -> None:
    from html import escape

    parts = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>绩效目标表</title>',
             "<style>td,th{border:1px solid #999}</style></head><body>"]
    for project, rows in tables:
        spans = {a: b - a + 1 for a, b in merges(rows)} if merge else {}
        covered = {i for a, b in spans.items() for i in range(a + 1, a + b)}
        parts.append(f"<p>项目名称：<b>{escape(project or '')}</b></p>\n<table>")
        for i, row in enumerate(rows):
            tag = "th" if i == 0 else "td"
            cells = []
            for j, text in enumerate(row):
                if j == 0 and i in covered:
                    continue
                span = f' rowspan="{spans[i]}"' if j == 0 and i in spans else ""
                cells.append(f"<{tag}{span}>{'<br>'.join(escape(x) for x in text.split(chr(10)))}</{tag}>")
            parts.append("  <tr>" + "".join(cells) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def make_xls(tables, path: Path, merge: bool) -> None:
    """The .xlsx layout in an old Excel .xls (xlwt), merged 一级指标 cells as in make_xlsx."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    wrap = xlwt.easyxf("align: wrap on")
    for n, (project, rows) in enumerate(tables, 1):
        ws = wb.add_sheet(f"表{n}")
        ws.write(0, 0, "项目名称：")
        ws.write(0, 1, project)
        spans = {a: b for a, b in merges(rows)} if merge else {}
        covered = {i for a, b in spans.items() for i in range(a + 1, b + 1)}
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                if j == 0 and i in spans:
                    ws.write_merge(i + 1, spans[i] + 1, 0, 0, text, wrap)
                elif not (j == 0 and i in covered) and text.strip():
                    ws.write(i + 1, j, text, wrap)
    wb.save(str(path))


def make_doc(docx_path: Path, path: Path) -> None:
    """An old Word .doc of the .docx (LibreOffice headless, dev only: apt-get install
    libreoffice-writer-nogui)."""
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                        "--convert-to", "doc", "--outdir", tmp, str(docx_path)], check=True, capture_output=True)
        shutil.move(Path(tmp) / (docx_path.stem + ".doc"), path)


def make_scanned_filing(prefix: str, path: Path) -> None:
    """A scan of a sample filing's indicator tables: each table's rows printed as text in columns
    (a cell over ``WRAP`` characters wraps onto the lines below, in its column) on A3 landscape
    pages at 300 dpi, the pages saved as images in a PDF with no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    wrap = 30
    font = ImageFont.truetype(CJK_FONT, 36)
    width, height, margin, step = 4961, 3508, 90, 57  # A3 landscape at 300 dpi
    pages: list[Image.Image] = []
    draw = None
    y = height
    for project, rows in tables_of(prefix):
        cells = [[" ".join(c.split()) for c in r] for r in rows]
        wrapped = [[[c[k:k + wrap] for k in range(0, len(c), wrap)] or [""] for c in r] for r in cells]
        col_x = [margin]  # each column as wide as its widest line and a gap of four characters
        for j in range(len(cells[0])):
            col_x.append(col_x[-1] + 144 + max(font.getlength(line) for r in wrapped for line in r[j]))
        assert col_x[-1] < width, f"table of {project} is wider than the page"
        lines = [[(margin, f"项目名称：{project}")]]
        for r in wrapped:
            for k in range(max(len(c) for c in r)):
                lines.append([(col_x[j], c[k]) for j, c in enumerate(r) if k < len(c) and c[k]])
        for line in lines + [[]]:
            if y + step > height - margin:
                page = Image.new("1", (width, height), 1)  # black and white, as office scanners save text
                draw = ImageDraw.Draw(page)
                pages.append(page)
                y = margin
            for x, text in line:
                draw.text((x, y), text, font=font, fill=0)
            y += step
    pages[0].save(path, "PDF", resolution=300, save_all=True, append_images=pages[1:])


def _styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
    para = ParagraphStyle("para", fontName=FONT, fontSize=11, leading=16)
    return cell, para


def make_pdf(tables, path: Path, encrypt: str | None = None) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    cell, para = _styles()
    story = []
    width = landscape(A4)[0] - 80
    for project, rows in tables:
        story.append(Paragraph(f"项目名称：{project}", para))
        story.append(Spacer(1, 6))
        ncol = len(rows[0])
        # value columns wide enough to stay on one line; name columns wrap as in the filings
        widths = [width / ncol] * ncol
        data = [[Paragraph(c.replace("\n", "<br/>"), cell) for c in row] for row in rows]
        t = Table(data, colWidths=widths)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(t)
        story.append(Spacer(1, 14))
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=40, rightMargin=40,
                            topMargin=40, bottomMargin=40, encrypt=encrypt, invariant=1,
                            title="绩效目标表")
    doc.build(story)


def make_scanned(path: Path) -> None:
    """A page that is only an image (as a scanner makes): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    rnd = random.Random(8)
    img = Image.new("L", (600, 840), 250)
    draw = ImageDraw.Draw(img)
    for y in range(60, 800, 24):  # rows of dark blots where a scan has its text
        x = 50
        while x < 540:
            w = rnd.randint(8, 14)
            draw.rectangle([x, y, x + w, y + 12], fill=rnd.randint(20, 90))
            x += w + rnd.randint(2, 6)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for prefix in ("000", "001"):
        tables = tables_of(prefix)
        merge = prefix == "001"
        make_docx(tables, OUT / f"{prefix}.docx", merge)
        make_xlsx(tables, OUT / f"{prefix}.xlsx", merge)
        make_html(tables, OUT / f"{prefix}.html", merge)
        make_pdf(tables, OUT / f"{prefix}.pdf")
        make_xls(tables, OUT / f"{prefix}.xls", merge)
        make_doc(OUT / f"{prefix}.docx", OUT / f"{prefix}.doc")
        (src,) = FILINGS.glob(f"{prefix}_*.txt")
        text = src.read_text(encoding="utf-8")
        try:
            gbk = text.encode("gbk")
        except UnicodeEncodeError:
            gbk = text.encode("gb18030")  # GBK's superset, for the few characters GBK lacks
        (OUT / f"{prefix}.gbk.txt").write_bytes(gbk)
        (OUT / f"{prefix}.utf16.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    make_pdf(tables_of("001")[:1], OUT / "encrypted.pdf", encrypt="secret")
    make_scanned(OUT / "scanned.pdf")
    import opencc  # OpenCC, a dependency: the same conversion tables the reader uses

    (src,) = FILINGS.glob("001_*.txt")
    (OUT / "001.traditional.txt").write_text(opencc.OpenCC("s2t").convert(src.read_text(encoding="utf-8")),
                                             encoding="utf-8")
    make_scanned_filing("001", OUT / "001.scanned.pdf")
    from reportlab.lib.pdfencrypt import StandardEncryption

    # permissions only: opens without a password, copying forbidden (the fonts' names are encrypted)
    make_pdf(tables_of("001")[:1], OUT / "permissions.pdf",
             encrypt=StandardEncryption("", ownerPassword="owner", canCopy=0, canModify=0, strength=128))
    for f in sorted(OUT.iterdir()):
        print(f"{f.relative_to(ROOT)}\t{f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
