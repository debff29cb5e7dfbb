"""PDF (pdfplumber): ruled tables as grids, the words outside them as lines, page by page."""
from __future__ import annotations

import io
import re
from pathlib import Path

from .model import Document, ReadError, TextBuilder
from .ocr import read_by_ocr

NO_TEXT = "no text layer (a scanned PDF): its text is read by OCR"


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


def _genno(doc, objid: int) -> int:
    for xref in doc.xrefs:
        try:
            return xref.get_pos(objid)[2]
        except KeyError:
            continue
    return 0


def _decrypt_font_names(doc, fonts, done: set[int]) -> None:
    """Decrypt the CIDSystemInfo strings (Registry, Ordering) of an encrypted PDF's CID fonts.

    pdfminer decrypts streams but not the strings inside a font dictionary, so in a PDF encrypted
    with permissions only (it opens without a password) a Chinese font's "Adobe-GB1" stays
    ciphertext, its character map is not found and every character reads "(cid:NNNN)".
    """
    from pdfminer.pdftypes import PDFObjRef, resolve1

    def fix(info, owner: int) -> None:
        if isinstance(info, PDFObjRef):
            owner, info = info.objid, resolve1(info)
        if not isinstance(info, dict) or owner in done:
            return
        done.add(owner)
        for k in ("Registry", "Ordering"):
            v = info.get(k)
            if isinstance(v, bytes) and not (v.isascii() and v.replace(b"-", b"").isalnum()):
                info[k] = doc.decipher(owner, _genno(doc, owner), v)

    for ref in (resolve1(fonts) or {}).values():
        if not isinstance(ref, PDFObjRef):
            continue
        font = resolve1(ref)
        if not isinstance(font, dict):
            continue
        for desc in resolve1(font.get("DescendantFonts")) or []:
            owner = desc.objid if isinstance(desc, PDFObjRef) else ref.objid
            desc = resolve1(desc)
            if isinstance(desc, dict) and desc.get("CIDSystemInfo") is not None:
                fix(desc["CIDSystemInfo"], owner)


_CID = re.compile(r"\(cid:\d+\)")


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
            decrypted: set[int] = set()
            for pno, page in enumerate(pdf.pages, 1):
                if pdf.doc.encryption is not None:
                    _decrypt_font_names(pdf.doc, page.page_obj.resources.get("Font"), decrypted)
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
    doc = out.document(path.name, str(path), "pdf")
    junk = sum(len(m) for m in _CID.findall(doc.text))
    if junk and junk > len(doc.text) / 3:
        raise ReadError(path, "the text layer has no character map (its fonts give only (cid:N) codes): "
                              "not read; print it to PDF again, or remove the text layer so that it is read by OCR")
    if chars == 0 or not doc.text.strip():
        return read_by_ocr(path, data, pdf=True, why=NO_TEXT)
    return doc
