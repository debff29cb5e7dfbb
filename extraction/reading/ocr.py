"""Text of scanned pages and images by OCR: Tesseract with its Simplified Chinese data (Debian
packages ``tesseract-ocr`` ``tesseract-ocr-chi-sim``), run as a command on each page image.

A page becomes lines; a gap between words wider than ``COLUMN_GAP`` character heights becomes a
tab, so a scanned table reads as the tab-separated rows the text path knows. Every word keeps its
page, line and Tesseract's confidence (``Document.meta["ocr_words"]``), from which each record
gets ``page``, ``line`` and ``ocr_confidence``.
"""
from __future__ import annotations

import bisect
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .model import Document, ReadError

LANG = "chi_sim"
DPI = 300            # scans are rendered (PDF) or read (images) at this resolution
PAGE_TIMEOUT = 300   # seconds of Tesseract on one page
MAX_PAGES = 200      # a scanned filing longer than this is refused, not left running for hours
# pixels of one page image, checked before it is rendered or decoded: a 300 dpi A0 scan is 140
# million; a 200 x 200 inch PDF page at 300 dpi is 3.6 billion (3.6 GB and a minute to render)
MAX_IMAGE_PIXELS = 200_000_000
COLUMN_GAP = 1.5     # a gap this many character heights wide separates two table cells
WRAPPED_WIDTH = 10   # a cell at least this many characters wide may wrap onto the next line
BLANK_LINE = 1.5     # a gap between two lines this many character heights high is a blank line
INSTALL = ("apt-get install tesseract-ocr tesseract-ocr-chi-sim (scripts/setup.sh does it)")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


@dataclass
class OcrWord:
    """A recognised word: its offsets in the document text, page, line (from 1) and confidence (0-1)."""

    start: int
    end: int
    page: int
    line: int
    confidence: float


@lru_cache(maxsize=1)
def ocr_problem() -> str | None:
    """Why OCR cannot run here (a one-line message), or None when Tesseract and chi_sim are installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return f"OCR is not installed: {INSTALL}"
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    except (OSError, subprocess.SubprocessError) as err:
        return f"OCR does not run ({type(err).__name__}): {INSTALL}"
    if LANG not in langs:
        return f"OCR has no Simplified Chinese data ({LANG}): apt-get install tesseract-ocr-chi-sim"
    return None


def _tsv(path: Path, image, page: int) -> list[dict]:
    """Tesseract's word table (TSV) of one page image."""
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png, dpi=(DPI, DPI))
        # psm 6: one uniform block, so a table row stays one line instead of a block per column
        cmd = [shutil.which("tesseract") or "tesseract", str(png), "stdout", "-l", LANG, "--psm", "6",
               "--dpi", str(DPI), "tsv"]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page: batches run pages in parallel
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=PAGE_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReadError(path, f"OCR of page {page} took over {PAGE_TIMEOUT} s") from None
    if proc.returncode != 0:
        why = " ".join(proc.stderr.decode("utf-8", "replace").split())[:200]
        raise ReadError(path, f"OCR failed on page {page} (tesseract: {why})")
    rows = csv.DictReader(io.StringIO(proc.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]


def _joiner(prev: str, word: str) -> str:
    """What goes between two words of a cell: a space between two Latin words or numbers, nothing
    between Chinese characters (Tesseract splits them)."""
    if prev[-1].isascii() and prev[-1].isalnum() and word[0].isascii() and word[0].isalnum():
        return " "
    return ""


class _Builder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.words: list[OcrWord] = []

    def write(self, s: str) -> int:
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start

    def page(self, words: list[dict], page: int) -> None:
        lines: dict[tuple[str, str, str], list[dict]] = {}
        for w in words:
            lines.setdefault((w["block_num"], w["par_num"], w["line_num"]), []).append(w)
        rows: list[list[list[dict]]] = []  # lines of cells of words
        spans: list[list[int]] = []  # each row's top and bottom on the page
        heights: list[int] = []
        cols: list[int] = []  # where the columns of the table being read start (its widest row)
        for n, line in enumerate(lines.values(), 1):
            line.sort(key=lambda w: int(w["left"]))
            height = sorted(int(w["height"]) for w in line)[len(line) // 2] or 1
            heights.append(height)
            top, bottom = min(int(w["top"]) for w in line), max(int(w["top"]) + int(w["height"]) for w in line)
            cells: list[list[dict]] = []
            for w in line:
                w["line"] = n
                prev = cells[-1][-1] if cells else None
                if prev is None or int(w["left"]) - _right(prev) > COLUMN_GAP * height:
                    cells.append([w])
                else:
                    cells[-1].append(w)
            above = rows[-1] if rows else None
            if above and len(cells) == 1 and _continues(above, cells[0], height):
                spans[-1][1] = max(spans[-1][1], bottom)
                continue  # a wrapped cell's next line: added to that cell of the row above
            if len(cells) >= 3 and len(cells) >= len(cols):
                cols = [int(c[0]["left"]) for c in cells]
            elif len(cells) == 1 and int(cells[0][0]["left"]) <= (cols[0] if cols else 0) + height and \
                    len(cells[0]) > 1 and _right(cells[0][-1]) > (cols[1] if len(cols) > 1 else 1 << 30):
                cols = []  # a line across the columns: the table has ended
            rows.append(_in_columns(cells, cols, height))
            spans.append([top, bottom])
        line_height = sorted(heights)[len(heights) // 2] if heights else 1
        for r, cells in enumerate(rows):
            if r and spans[r][0] - spans[r - 1][1] > BLANK_LINE * line_height:
                self.write("\n")  # a blank line of the page (rows and paragraphs part there)
            for k, cell in enumerate(cells):
                if k:
                    self.write("\t")
                prev = None
                for w in cell:
                    text = _BOUNDS.sub(lambda m: _BOUND_SIGNS[m.group()[0]], " ".join(w["text"].split()))
                    if prev is not None:
                        self.write(_joiner(prev, text))
                    a = self.write(text)
                    conf = max(0.0, min(float(w.get("conf") or 0), 100.0)) / 100
                    self.words.append(OcrWord(a, a + len(text), page, w["line"], conf))
                    prev = text
            self.write("\n")


# Tesseract's chi_sim knows no ≥ or ≤ (they are not in its character set): it reads them as > and <.
# In these filings a bound is nearly always inclusive (the gold set: 185 ≥ to 6 >, 52 ≤ to 4 <), so a
# > or < read by OCR is taken for ≥ or ≤.
_BOUNDS = re.compile(r"[<>]=?")
_BOUND_SIGNS = {">": "≥", "<": "≤"}


def _right(w: dict) -> int:
    return int(w["left"]) + int(w["width"])


def _continues(above: list[list[dict]], cell: list[dict], height: int) -> bool:
    """Whether a line holding one cell continues a cell of the row above: it starts where a wide
    cell of that row (not the first, not the last) starts: that cell was wrapped. Short cells (a
    二级指标 label) never wrap, so a lone label under one starts a row with blank cells. The
    cell's words are added to the cell above."""
    x = int(cell[0]["left"])
    for k in range(1, len(above) - 1):
        this = above[k]
        if this and abs(int(this[0]["left"]) - x) <= height and \
                _right(this[-1]) - int(this[0]["left"]) >= WRAPPED_WIDTH * height:
            this.extend(cell)
            return True
    return False


def _in_columns(cells: list[list[dict]], cols: list[int], height: int) -> list[list[dict]]:
    """A row's cells at the table's columns: a row whose first cells are blank (a 一级指标 written
    once for the rows below it) starts with empty cells, as in a tab-separated table."""
    if not cols or len(cells) >= len(cols):
        return cells
    out: list[list[dict]] = []
    for cell in cells:
        x = int(cell[0]["left"])
        j = min(range(len(cols)), key=lambda i: abs(cols[i] - x))
        if abs(cols[j] - x) > 2 * height or j < len(out):
            return cells  # not aligned with the columns: leave the line as it is
        out.extend([] for _ in range(j - len(out)))
        out.append(cell)
    return out


def _check_pixels(path: Path, page: int, width: float, height: float, dpi: float) -> None:
    """Refuse a page image over ``MAX_IMAGE_PIXELS`` (``width`` and ``height`` in pixels at ``dpi``)."""
    if width * height > MAX_IMAGE_PIXELS:
        raise ReadError(path, f"page {page} is {width / dpi:.0f} x {height / dpi:.0f} inches, "
                              f"{width * height / 1e6:,.0f} million pixels at {dpi:.0f} dpi: over the "
                              f"{MAX_IMAGE_PIXELS / 1e6:.0f} million-pixel limit for OCR")


def _check_pdf(path: Path, data: bytes) -> None:
    """Refuse a scanned PDF with too many pages, or a page too large to render at ``DPI``, before
    any page is rendered (pdfium gives the page sizes without loading the pages)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        if len(doc) > MAX_PAGES:
            raise ReadError(path, f"{len(doc)} scanned pages, over the {MAX_PAGES}-page OCR limit")
        for i in range(len(doc)):
            width, height = doc.get_page_size(i)  # in points, 72 to the inch
            _check_pixels(path, i + 1, width * DPI / 72, height * DPI / 72, DPI)
    finally:
        doc.close()


def _open_image(path: Path, data: bytes):
    """The image file opened (its header read, not yet decoded)."""
    from PIL import Image

    # PIL refuses at twice its limit and warns over it; ours is checked on each frame before decoding
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:  # over twice the limit: PIL refuses to open it
        raise ReadError(path, f"image too large: over the {MAX_IMAGE_PIXELS / 1e6:.0f} million-pixel "
                              "limit for OCR") from None
    except Exception as err:
        raise ReadError(path, f"not a readable image ({type(err).__name__}: {err})") from None


def _image_dpi(img) -> float:
    """The resolution an image says it was scanned at (for messages), else ``DPI``."""
    try:
        return float(img.info.get("dpi", (DPI,))[0]) or DPI
    except (TypeError, ValueError, IndexError):
        return DPI


def _pages(path: Path, data: bytes, pdf: bool) -> Iterable:
    """Page images: a PDF's pages rendered at ``DPI`` (checked by :func:`_check` first), or the
    frames of an image file."""
    if pdf:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            for i in range(len(doc)):
                page = doc[i]
                yield page.render(scale=DPI / 72, grayscale=True).to_pil()
                page.close()
        finally:
            doc.close()
        return
    from PIL import ImageSequence

    img = _open_image(path, data)
    for n, frame in enumerate(ImageSequence.Iterator(img)):
        if n >= MAX_PAGES:
            raise ReadError(path, f"over {MAX_PAGES} frames: over the OCR page limit")
        _check_pixels(path, n + 1, *frame.size, _image_dpi(frame))
        try:
            frame.load()
        except Exception as err:
            raise ReadError(path, f"not a readable image ({type(err).__name__}: {err})") from None
        yield frame.convert("L")


def _check(path: Path, data: bytes, pdf: bool) -> None:
    """The checks that need no OCR (page count, page sizes, a readable image), so that a file OCR
    would refuse says why even where OCR is not installed."""
    if pdf:
        _check_pdf(path, data)
        return
    img = _open_image(path, data)
    _check_pixels(path, 1, *img.size, _image_dpi(img))


def read_by_ocr(path: Path, data: bytes, *, pdf: bool, why: str = "") -> Document:
    """The document of a scanned PDF (``pdf``) or an image by OCR; ``why`` says, in the error where
    OCR is not installed, why the file needed it."""
    _check(path, data, pdf)
    problem = ocr_problem()
    if problem:
        raise ReadError(path, f"{why}{'; ' if why else ''}{problem}")
    out = _Builder()
    for n, image in enumerate(_pages(path, data, pdf), 1):
        out.page(_tsv(path, image, n), n)
    text = "".join(out.parts)
    if not text.strip():
        raise ReadError(path, f"{why}{'; ' if why else ''}OCR found no text")
    return Document(name=path.name, text=text, path=str(path), encoding="ocr",
                    meta={"ocr_words": out.words})


def add_ocr_origins(records, doc: Document) -> None:
    """Give each record the page and line of its value and the mean OCR confidence of the words it
    is made of (its IND, OP, VAL and UNIT spans)."""
    words: list[OcrWord] = doc.meta.get("ocr_words") or []
    if not words:
        return
    starts = [w.start for w in words]
    for r in records:
        confs = []
        where = None
        for label, s, e in r.spans:
            i = max(0, bisect.bisect_right(starts, s) - 1)
            while i < len(words) and words[i].start < e:
                if words[i].end > s:
                    confs.append(words[i].confidence)
                    if label == "VAL" and where is None:
                        where = words[i]
                i += 1
        if where is None:
            i = max(0, bisect.bisect_right(starts, r.start) - 1)
            where = words[i]
        r.extra.update({"page": where.page, "line": where.line,
                        "ocr_confidence": round(sum(confs) / len(confs), 3) if confs else 0.0})
