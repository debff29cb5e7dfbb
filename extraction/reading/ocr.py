"""Text of scanned pages and images by OCR: RapidOCR (PaddleOCR's PP-OCRv4 Chinese detection and
recognition models, run by onnxruntime; the models ship inside the ``rapidocr-onnxruntime`` wheel,
nothing is downloaded) on each page image.

Each text box the detector finds is a word; boxes whose middles lie on one line form a line, and
a gap between boxes wider than ``COLUMN_GAP`` box heights becomes a tab, so a scanned table reads as
the tab-separated rows the text path knows. Every word keeps its page, line and the recogniser's
confidence (``Document.meta["ocr_words"]``), from which each record gets ``page``, ``line`` and
``ocr_confidence``.

Why not Tesseract (the engine until the sixth round): its chi_sim model knows 4,023 characters,
without ≥, ≤ or place names such as 硚口, and reads a scanned sample filing at strict F1 0.80; the
PP-OCRv4 recogniser knows 6,623 (reports/scans.md).
"""
from __future__ import annotations

import bisect
import io
import unicodedata
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .model import Document, ReadError

ENGINE = "rapidocr_onnxruntime"
DPI = 300            # scans are rendered (PDF) or read (images) at this resolution
DETECT_SIDE = 1400   # pixels of a page's long side where text lines are found (read at full size)
SPACE_GAP = 0.22     # blank pixel columns this share of a line's height wide are a space
MAX_PAGES = 200      # a scanned filing longer than this is refused, not left running for hours
# pixels of one page image, checked before it is rendered or decoded: a 300 dpi A0 scan is 140
# million; a 200 x 200 inch PDF page at 300 dpi is 3.6 billion (3.6 GB and a minute to render)
MAX_IMAGE_PIXELS = 200_000_000
COLUMN_GAP = 1.5     # a gap this many character heights wide separates two table cells
WRAPPED_WIDTH = 10   # a cell at least this many characters wide may wrap onto the next line
BLANK_LINE = 1.5     # a gap between two lines this many character heights high is a blank line
INSTALL = "pip install --no-deps rapidocr-onnxruntime (scripts/setup.sh does it)"
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
@lru_cache(maxsize=1)
def ocr_problem() -> str | None:
    """Why OCR cannot run here (a one-line message), or None when the OCR engine loads."""
    try:
        import rapidocr_onnxruntime  # noqa: F401  (it loads onnxruntime and OpenCV: checked once)
    except ModuleNotFoundError:
        return f"OCR is not installed: {INSTALL}"
    except Exception as err:  # installed but broken (a missing shared library, a bad wheel)
        return f"OCR does not load ({type(err).__name__}: {str(err)[:120]}): {INSTALL}"
    return None


@lru_cache(maxsize=1)
def _engine():
    """The OCR engine, loaded once a process (its three models take about half a second)."""
    from rapidocr_onnxruntime import RapidOCR

    # pages are upright: the classifier that turns upside-down lines round is left out
    return RapidOCR(use_cls=False)


def _boxes(image) -> list[tuple]:
    """(corner points, text, score) of each line of text the engine reads on ``image``.

    The detector sees the page at ``DETECT_SIDE`` pixels on its long side, the recogniser reads
    each box it finds from the page at full resolution: the library's own call shrinks the page
    to 2,000 pixels for both, where a 10-point ≥ on an A3 page is a smudge read as 2 ("≥5年" ->
    "25年") and detection alone takes 3/4 of the time (measured on a 300 dpi scan of sample 003)."""
    import cv2
    import numpy as np

    engine = _engine()
    # the page in OpenCV's BGR, made from its gray levels in one step (a page at the pixel limit is
    # 600 MB of BGR: no RGB copy beside it)
    page = cv2.cvtColor(np.asarray(image.convert("L")), cv2.COLOR_GRAY2BGR)
    shrink = DETECT_SIDE / max(page.shape[:2])
    if shrink >= 1:
        return engine(page)[0] or []  # a small image: the library's own call (it pads odd shapes)
    small = cv2.resize(page, (round(page.shape[1] * shrink), round(page.shape[0] * shrink)),
                       interpolation=cv2.INTER_AREA)
    found, _ = engine.text_det(small)
    if found is None or len(found) == 0:
        return []
    points = (np.asarray(engine.sorted_boxes(found)) / shrink).astype(np.float32)
    crops = engine.get_crop_img_list(page, points)
    read, _ = engine.text_rec(crops, True)
    return [(p.tolist(), _spaced(crop, info), score) for p, crop, (_, score, info) in zip(points, crops, read)
            if score >= engine.text_score]


def _spaced(crop, info: list) -> str:
    """A box's text with a space where the printed line has one: between two characters whose
    places (the recogniser's columns) lie either side of a run of blank pixel columns wider than
    ``SPACE_GAP`` of the line's height. The recogniser's own space character is dropped: it
    writes one at some gaps and not at others, and glues numbers a space parts ("50 150 1" ->
    "501501"), where the rules read such a line by its gaps."""
    import numpy as np

    cols, words = info[0], info[1:3]
    chars = [(ch, col) for word, places in zip(*words) for ch, col in zip(word, places) if ch != " "]
    if len(chars) < 2:
        return "".join(ch for ch, _ in chars)
    ink = (crop.min(axis=2) < 128).any(axis=0) if crop.ndim == 3 else (crop < 128).any(axis=0)
    height, width = crop.shape[:2]
    gaps = []  # middles of the blank runs wide enough to be a space
    run = 0
    for x, dark in enumerate(np.append(ink, True)):
        if dark:
            if run >= SPACE_GAP * height and run < x:  # (not the margin before the first ink)
                gaps.append(x - run / 2)
            run = 0
        else:
            run += 1
    scale = width / cols
    out, g = chars[0][0], 0
    for (before, a), (ch, b) in zip(chars, chars[1:]):
        left, right = (a + 0.5) * scale, (b + 0.5) * scale
        while g < len(gaps) and gaps[g] <= left:
            g += 1
        # a full-width sign draws on one side of its square: the blank beside it is no space
        if g < len(gaps) and gaps[g] < right and not (_full_width_sign(before) or _full_width_sign(ch)):
            out += " "
        out += ch
    return out


def _full_width_sign(ch: str) -> bool:
    return not ch.isascii() and unicodedata.category(ch)[0] in "PS"


def _words(path: Path, image, page: int) -> list[dict]:
    """The text boxes of one page image as words of lines, top to bottom and left to right, in the
    shape the line builder reads (left, top, width, height in pixels; conf 0-100; line_num)."""
    try:
        boxes = _boxes(image)
    except Exception as err:  # the engine's own failure on an odd image: this file fails, named
        raise ReadError(path, f"OCR failed on page {page} ({type(err).__name__}: {err})") from None
    words = []
    for points, text, score in boxes:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        if text and text.strip():
            words.append({"left": int(min(xs)), "top": int(min(ys)), "width": int(max(xs) - min(xs)),
                          "height": int(max(ys) - min(ys)), "text": text, "conf": float(score) * 100})
    words.sort(key=_middle)
    lines: list[list[dict]] = []
    for w in words:
        # a box whose middle lies within the first box of the line above is on that line
        if lines and lines[-1][0]["top"] <= _middle(w) <= lines[-1][0]["top"] + lines[-1][0]["height"]:
            lines[-1].append(w)
        else:
            lines.append([w])
    for n, line in enumerate(lines, 1):
        for w in line:
            w.update(block_num=1, par_num=1, line_num=n)
    return [w for line in lines for w in line]


def _middle(w: dict) -> float:
    return w["top"] + w["height"] / 2


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
                    text = " ".join(w["text"].split())
                    if prev is not None:
                        self.write(_joiner(prev, text))
                    a = self.write(text)
                    conf = max(0.0, min(float(w.get("conf") or 0), 100.0)) / 100
                    self.words.append(OcrWord(a, a + len(text), page, w["line"], conf))
                    prev = text
            self.write("\n")


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
        out.page(_words(path, image, n), n)
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
