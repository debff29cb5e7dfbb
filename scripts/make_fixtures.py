"""Make the format fixtures of tests/fixtures/formats/ from the sample filings' tables.

    .venv/bin/python -m pip install reportlab==5.1.0   # dev only: CI uses the committed files
    .venv/bin/python scripts/make_fixtures.py

For filings 000 and 001 (tab-separated tables) each indicator table the text reader finds becomes,
in a .docx, .xlsx, .html and .pdf file: a paragraph "项目名称：<project>" and the table, its rows
split on tabs into cells. As the original Word tables were: a 一级指标 cell left blank below its
first row is merged with it (vertical merge / rowspan); in 000 the spaces where the PDF text
wrapped the name cells become line breaks inside the cell. Beside them: GBK and UTF-16 (CRLF)
copies of the two text filings, a password-protected PDF and a scanned PDF with no text layer.
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
from extraction.tables import find_tables  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "formats"
FILINGS = ROOT / "annotations" / "filings"
FONT = "STSong-Light"  # reportlab's built-in CID font: Chinese text without embedding a font file


def tables_of(prefix: str) -> list[tuple[str | None, list[list[str]]]]:
    """(project, rows of cells) of each indicator table of a filing, as the text reader finds it."""
    (path,) = FILINGS.glob(f"{prefix}_*.txt")
    doc = read_document(path)
    projects = Projects(doc.text)
    out = []
    for t in find_tables(doc.text):
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
    for f in sorted(OUT.iterdir()):
        print(f"{f.relative_to(ROOT)}\t{f.stat().st_size} bytes")


if __name__ == "__main__":
    main()
