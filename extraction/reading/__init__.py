"""Reading files into the document model: the text every offset refers to, plus the real cells of
formats that have them. One module per format; :func:`read_document` picks it by suffix."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .model import Document, Grid, GridCell, ReadError, TextBuilder
from .text import decode, read_text
from .doc import read_doc
from .docx import read_docx
from .html import read_html
from .ocr import read_by_ocr
from .paths import printable, why_not_a_file
from .pdf import read_pdf
from .xls import read_xls
from .xlsx import read_xlsx

MAX_BYTES = 50 * 1024 * 1024  # one filing; larger files are refused before reading (never all in memory)
# the text one filing reads into, in characters: extraction's time and memory grow with it (values
# mode: ~3 s of CPU and ~70 MB a MB of Chinese text, model mode ~180 MB), so a 45 MB text filing
# (20 million characters) is refused before the work, not read for minutes into gigabytes. 6 million
# characters is ~14 MB of Chinese UTF-8, ~12 MB of GBK: real filings hold tens of thousands.
MAX_CHARS = 6_000_000


def _image(path: Path, data: bytes) -> Document:
    return read_by_ocr(path, data, pdf=False, why="an image: its text is read by OCR")


READERS: dict[str, Callable[[Path, bytes], Document]] = {
    ".txt": read_text, ".text": read_text,
    ".docx": read_docx,
    ".xlsx": read_xlsx, ".xlsm": read_xlsx,
    ".html": read_html, ".htm": read_html,
    ".pdf": read_pdf,
    ".doc": read_doc,
    ".xls": read_xls,
    **{s: _image for s in (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")},
}
SUFFIXES = tuple(READERS)

_LEGACY = {".wps": "WPS .wps", ".et": "WPS .et"}
KNOWN_SUFFIXES = SUFFIXES + tuple(_LEGACY)  # a file name ending so names a file, never text


def read_document(path: str | Path) -> Document:
    """Read a filing of any supported format; raises ReadError with the file and the problem."""

    path = Path(path)
    shown = printable(path)  # a name with undecodable bytes: escaped in messages and in records
    why = why_not_a_file(path)  # a symlink loop, a named pipe (whose read would never end) ...
    if why is not None:
        raise ReadError(shown, why)
    if not path.exists():
        raise ReadError(shown, "no such file")
    if path.is_dir():
        raise ReadError(shown, "is a folder, not a file")
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        hint = f"{_LEGACY[suffix]} is not read: save it as .docx / .xlsx / .doc / .xls / .pdf" if suffix in _LEGACY else \
            f"unsupported format {path.suffix or '(no suffix)'}"
        raise ReadError(shown, f"{hint}; supported: {', '.join(SUFFIXES)}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(shown, f"{size / 2**20:.0f} MB is over the {MAX_BYTES / 2**20:.0f} MB limit for one filing")
    if size == 0:
        raise ReadError(shown, "empty file")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReadError(shown, f"cannot read: {err.strerror or err}") from None
    try:
        doc = reader(path, data)
    except ReadError as err:
        if shown == str(path):
            raise
        raise ReadError(shown, err.problem) from None
    except MemoryError:
        raise ReadError(shown, "too large to read in memory") from None
    except Exception as err:  # a damaged file of a supported format: name it, never a traceback
        raise ReadError(shown, f"damaged {suffix} file ({type(err).__name__}: {err})"[:300]) from None
    if len(doc.text) > MAX_CHARS:
        raise ReadError(shown, f"its text is {len(doc.text) / 1e6:.1f} million characters, over the "
                               f"{MAX_CHARS / 1e6:g} million-character limit for one filing (split it)")
    doc.name = printable(doc.name)
    return doc


__all__ = ["Document", "Grid", "GridCell", "ReadError", "TextBuilder", "decode", "read_document",
           "READERS", "SUFFIXES", "KNOWN_SUFFIXES", "MAX_BYTES", "MAX_CHARS"]
