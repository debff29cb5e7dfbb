"""PDF (pdfplumber): ruled tables as grids, the words outside them as lines, page by page."""
from __future__ import annotations

import io
from pathlib import Path

from .model import Document, ReadError, TextBuilder

NO_TEXT = "no text layer (scanned PDF?); OCR is not done"


def _problem(err: BaseException) -> str:
    """The one-line problem of a pdfminer error (pdfplumber wraps them in PdfminerException)."""
    inner = err.args[0] if err.args and isinstance(err.args[0], BaseException) else err
    name = type(inner).__name__
    if "Password" in name or "Encrypt" in name:
        return "password-protected PDF: not read"
    return f"damaged PDF ({name}: {inner})"


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def read_pdf(path: Path, data: bytes) -> Document:
    """Each page's tables (pdfplumber's ruled-table finder) as grids and its other text as lines,
    in reading order from the top of the page."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF file (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise ReadError(path, "truncated PDF: the file ends before its %%EOF end marker")
    import pdfplumber

    out = TextBuilder()
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise ReadError(path, "PDF without pages")
            for pno, page in enumerate(pdf.pages, 1):
                chars += len(page.chars)
                tables = page.find_tables()
                boxes = [t.bbox for t in tables]
                items: list[tuple[float, int, object]] = []
                rest = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
                for line in rest.extract_text_lines(return_chars=False):
                    items.append((line["top"], 1, line["text"]))
                for n, t in enumerate(tables, 1):
                    items.append((t.bbox[1], 0, (n, t.extract())))
                items.sort(key=lambda it: (it[0], it[1]))
                for _, kind, item in items:
                    if kind == 1:
                        out.paragraph(item)
                    else:
                        n, rows = item
                        out.table(rows, {"page": pno, "table": n})
                page.close()  # frees the page's parsed objects: long PDFs stay small in memory
    except ReadError:
        raise
    except Exception as err:
        raise ReadError(path, _problem(err)) from None
    if chars == 0:
        raise ReadError(path, NO_TEXT)
    doc = out.document(path.name, str(path), "pdf")
    if not doc.text.strip():
        raise ReadError(path, NO_TEXT)
    return doc
