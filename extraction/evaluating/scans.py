"""Scans made from text filings, to measure how well OCR'd filings read: each line of a filing is
printed on A3 landscape pages (a run of tab-separated lines as a table, each column as wide as its
widest cell, long cells wrapped within their column), the pages are saved as black-and-white
images at a chosen resolution in a PDF with no text layer, as an office scanner saves them.

``evaluate --scans`` (``run_scans``) and tests/test_scans.py read such scans back through OCR and
compare their records with the text original's.
"""
from __future__ import annotations

import dataclasses
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Callable, Iterable

from ..record import Record
from .scoring import match_records
from ..pipeline import run
from ..reading import read_document

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"  # fonts-wqy-microhei (scripts/setup.sh)
PAGE_INCHES = (16.54, 11.69)  # A3 landscape
POINTS = 10                   # type size
MARGIN_INCHES = 0.4
CELL_WRAP = 24                # characters of a table cell on one printed line
COLUMN_GAP = 3                # characters of white space between two columns


def _wrap(text: str, width: int) -> list[str]:
    return [text[k:k + width] for k in range(0, len(text), width)] or [""]


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """The filing's lines in runs: ("table", tab-separated lines) or ("text", other lines)."""
    out: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        kind = "table" if "\t" in line else "text"
        if out and out[-1][0] == kind:
            out[-1][1].append(line)
        else:
            out.append((kind, [line]))
    return out


def scan_pages(text: str, dpi: int = 300) -> list:
    """The filing ``text`` printed on page images (PIL, mode "1") at ``dpi``."""
    from PIL import Image, ImageDraw, ImageFont

    size = round(POINTS / 72 * dpi)
    font = ImageFont.truetype(FONT, size)
    char = size  # a Chinese character is one em wide
    width, height = round(PAGE_INCHES[0] * dpi), round(PAGE_INCHES[1] * dpi)
    margin, step = round(MARGIN_INCHES * dpi), round(size * 1.6)
    per_line = int((width - 2 * margin) / char)
    printed: list[list[tuple[int, str]]] = []  # lines of (x, text)
    for kind, lines in _blocks(text):
        if kind == "text":
            for line in lines:
                printed += [[(margin, piece)] for piece in _wrap(line.rstrip(), per_line)]
            continue
        # a line of one cell (a table written one cell a line) is printed as a line of text
        if all(sum(bool(c.strip()) for c in line.split("\t")) <= 1 for line in lines):
            for line in lines:
                printed += [[(margin, piece)] for piece in _wrap(" ".join(line.split()), per_line)]
            continue
        rows = [[" ".join(c.split()) for c in line.split("\t")] for line in lines]
        ncol = max(len(r) for r in rows)
        wrapped = [[_wrap(c, CELL_WRAP) for c in r] + [[""]] * (ncol - len(r)) for r in rows]
        xs = [margin]
        for j in range(ncol):
            widest = max(font.getlength(piece) for r in wrapped for piece in r[j])
            xs.append(xs[-1] + round(widest + COLUMN_GAP * char))
        for r in wrapped:
            for k in range(max(len(c) for c in r)):
                printed.append([(xs[j], c[k]) for j, c in enumerate(r) if k < len(c) and c[k]])
    pages: list = []
    draw, y = None, height
    for line in printed:
        if y + step > height - margin:
            page = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(page)
            pages.append(page)
            y = margin
        for x, piece in line:
            draw.text((x, y), piece, font=font, fill=0)
        y += step
    return pages


def write_scan(text: str, path: str | Path, dpi: int = 300) -> Path:
    """Write the scan of ``text`` at ``dpi`` as a PDF of page images (no text layer) to ``path``."""
    path = Path(path)
    pages = scan_pages(text, dpi)
    pages[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def _nfkc(records: list[Record]) -> list[Record]:
    # OCR writes some full-width signs half-width (（ as (): the same name to a reader
    return [dataclasses.replace(r, indicator=unicodedata.normalize("NFKC", r.indicator or "")) for r in records]


def _f1(original: list[Record], scanned: list[Record], relaxed: bool) -> float:
    prf = match_records(_nfkc(original), _nfkc(scanned), relaxed=relaxed).prf
    return prf.f1


def scan_score(path: str | Path, dpi: int, mode: str) -> dict:
    """Record F1 of ``mode`` on a scan of the text filing at ``path`` against its text original."""

    original = read_document(path)
    want = run(original, mode).records
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scan-") as tmp:
        scan = read_document(write_scan(original.text, Path(tmp) / f"{Path(path).stem}.pdf", dpi))
    got = run(scan, mode).records
    return {"filing": Path(path).name, "dpi": dpi, "text_records": len(want), "scan_records": len(got),
            "strict": round(_f1(want, got, False), 3), "relaxed": round(_f1(want, got, True), 3),
            "seconds": round(time.perf_counter() - started, 1)}


def run_scans(paths: Iterable[str | Path], dpis: Iterable[int], mode: str,
              progress: Callable[[str], None] | None = None) -> list[dict]:
    """``scan_score`` of every filing at every resolution."""
    rows = []
    for path in paths:
        for dpi in dpis:
            if progress:
                progress(f"scan of {Path(path).name} at {dpi} dpi")
            rows.append(scan_score(path, dpi, mode))
    return rows


def markdown(rows: list[dict], mode: str, bar: float = 0.90) -> str:
    """The scan report: one line per filing and resolution."""
    lines = ["# Scans: text filings printed on page images and read back by OCR", "",
             f"`python -m extraction evaluate --scans --modes {mode}`: each filing printed on A3 pages "
             "(extraction/evaluating/scans.py), saved as image-only PDF, read by OCR (RapidOCR, PP-OCRv4) and "
             f"extracted in mode `{mode}`; record F1 against the records of the text original (names "
             f"compared after NFKC). The bar (issue 23): strict F1 >= {bar:.2f}.", "",
             "| filing | dpi | text records | scan records | strict F1 | relaxed F1 | OCR + extraction s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['filing']} | {r['dpi']} | {r['text_records']} | {r['scan_records']} | "
                     f"{r['strict']:.3f} | {r['relaxed']:.3f} | {r['seconds']:.0f} |")
    met = sum(r["strict"] >= bar for r in rows)
    lines += ["", f"{met} of {len(rows)} scans meet the bar."]
    return "\n".join(lines) + "\n"
