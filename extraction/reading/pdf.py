"""PDF (pdfplumber): ruled tables as grids, the words outside them as lines, page by page."""
from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

from .model import Document, ReadError, TextBuilder
from .ocr import read_by_ocr

NO_TEXT = "no text layer (a scanned PDF): its text is read by OCR"
# a filing runs to tens of pages, a department's whole budget to a few hundred; pdfplumber reads a
# page in 0.05-0.5 s, so a longer PDF would run past the batch's 10-minute limit for one file
MAX_PDF_PAGES = 1000
# bytes a page's content streams (and the forms they draw) decode to, counted before pdfminer
# decodes them whole: a 1 MB PDF whose content inflates to 1 GB took 3.2 GB. The sample filings'
# pages hold 2-13 KB; pdfminer keeps ~0.5 KB per byte of text drawn (2 MB took 1.1 GB, 34 s).
MAX_PAGE_CONTENT = 4 * 2**20
_CHUNK = 2**20  # inflated this much at a time, kept only while another filter follows


class _TooMuch(Exception):
    """A page's content decodes to over MAX_PAGE_CONTENT bytes."""


def _inflate(data: bytes, room: int, keep: bool) -> tuple[bytes, int]:
    """``data`` inflated and its length, at most ``room`` bytes (then _TooMuch); the bytes only when
    ``keep`` (another filter follows). A damaged stream counts what inflates before the damage."""
    d = zlib.decompressobj()
    parts: list[bytes] = []
    n = 0
    try:
        while True:
            chunk = d.decompress(data, _CHUNK)
            n += len(chunk)
            if n > room:
                raise _TooMuch
            if keep:
                parts.append(chunk)
            data = d.unconsumed_tail
            if d.eof or not (data or chunk):
                break
    except zlib.error:
        pass
    return b"".join(parts), n


def _decoded_size(stream, room: int) -> int:
    """What a content stream decodes to, counted through its Flate and ASCII filters without holding
    more than ``room`` bytes (then _TooMuch). Other filters (LZW, RunLength: rare in content) are not
    applied: the size before them is taken."""
    from pdfminer.ascii85 import ascii85decode, asciihexdecode
    from pdfminer.pdftypes import LITERALS_ASCII85_DECODE, LITERALS_ASCIIHEX_DECODE, LITERALS_FLATE_DECODE

    if stream.data is not None:  # decoded already (a form drawn on an earlier page)
        return len(stream.data)
    data = stream.rawdata or b""
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    size = len(data)
    filters = stream.get_filters()
    for k, (f, _) in enumerate(filters):
        if f in LITERALS_FLATE_DECODE:
            data, size = _inflate(data, room, keep=k + 1 < len(filters))
            continue
        if f in LITERALS_ASCII85_DECODE:
            data = ascii85decode(data)
        elif f in LITERALS_ASCIIHEX_DECODE:
            data = asciihexdecode(data)
        else:
            break
        size = len(data)
    if size > room:
        raise _TooMuch
    return size


def _check_content(path: Path, pno: int, page_obj) -> None:
    """Refuse a page whose content streams, with the Form XObjects they draw, decode to over
    ``MAX_PAGE_CONTENT`` bytes, before pdfminer decodes (and parses) them whole."""
    from pdfminer.pdftypes import PDFStream, resolve1
    from pdfminer.psparser import LIT

    seen: set[int] = set()
    total = 0

    def count(stream) -> None:
        nonlocal total
        if not isinstance(stream, PDFStream) or id(stream) in seen:
            return
        seen.add(id(stream))
        total += _decoded_size(stream, MAX_PAGE_CONTENT - total)

    def forms(resources, depth: int) -> None:
        resources = resolve1(resources)
        xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) and depth < 32 else None
        for ref in xobjects.values() if isinstance(xobjects, dict) else ():
            x = resolve1(ref)
            if isinstance(x, PDFStream) and resolve1(x.get("Subtype")) is LIT("Form") and id(x) not in seen:
                count(x)
                forms(x.get("Resources"), depth + 1)

    try:
        for stream in page_obj.contents or ():
            count(resolve1(stream))
        forms(page_obj.resources, 0)
    except _TooMuch:
        raise ReadError(path, f"page {pno}: its content decodes to over {MAX_PAGE_CONTENT / 2**20:.0f} MB, "
                              "the limit for one page") from None


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
    from pdfminer.pdfpage import PDFPage

    out = TextBuilder()
    chars = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            # counted before pdfplumber makes an object of every page
            for n, _ in enumerate(PDFPage.create_pages(pdf.doc), 1):
                if n > MAX_PDF_PAGES:
                    raise ReadError(path, f"over {MAX_PDF_PAGES} pages, the limit for one filing")
            if not pdf.pages:
                raise ReadError(path, "PDF without pages")
            decrypted: set[int] = set()
            for pno, page in enumerate(pdf.pages, 1):
                _check_content(path, pno, page.page_obj)
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
