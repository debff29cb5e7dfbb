"""Word .docx (python-docx): paragraphs and table cells in document order."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .model import MAX_GRID_CELLS, Document, ReadError, TextBuilder, grid_too_large

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE container: an old .doc, or a password-protected (encrypted) .docx
# Limits on what a package unpacks to, checked from the zip's directory before any member is read.
# python-docx and openpyxl hold every part they load in memory, and its XML as trees of Python
# objects at ~20 bytes of memory per byte of XML (a .docx of 12 MB of table XML took 250 MB and
# 14 s; one of 190 MB took 4.4 GB).
UNPACKED_LIMIT = 100 * 2**20  # all members; the sample filings unpack to under 1 MB
XML_LIMIT = 50 * 2**20  # its XML parts (the ones parsed): ~1 GB of memory and a minute at most
# a member packed over this many times smaller is a zip bomb: deflate packs at most ~1030 to 1 (one
# byte repeated), real Office XML 5-35 to 1, a generated .docx of 30,000 identical paragraphs 270
MAX_RATIO = 500
RATIO_GRACE = 2**20  # members unpacking to less than this are not judged by their ratio
_XML_PARTS = (".xml", ".rels", ".vml")


def check_zip(path: Path, data: bytes, kind: str, member: str) -> None:
    """Refuse what is not an intact Office zip package before the library sees it."""
    if data.startswith(OLE_MAGIC):
        raise ReadError(path, f"password-protected (encrypted) or old binary {kind} file: not read")
    if not data.startswith(b"PK"):
        raise ReadError(path, f"not a {kind} file (no zip package signature)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if member not in z.namelist():
                raise ReadError(path, f"not a {kind} file (the package has no {member})")
            _check_sizes(path, z.infolist())
            bad = z.testzip()  # reads every member through its CRC: truncation shows here
    except zipfile.BadZipFile as err:
        raise ReadError(path, f"truncated or damaged {kind} file ({err})") from None
    except (EOFError, OSError, ValueError) as err:
        raise ReadError(path, f"truncated or damaged {kind} file ({type(err).__name__})") from None
    if bad is not None:
        raise ReadError(path, f"truncated or damaged {kind} file (bad zip member {bad})")


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a package whose directory says it unpacks too large (the sizes it claims bound what
    zipfile unpacks: a member unpacking to more fails its CRC check)."""
    unpacked = sum(i.file_size for i in members)
    if unpacked > UNPACKED_LIMIT:
        raise ReadError(path, f"unpacks to {unpacked / 2**20:.0f} MB, over the "
                              f"{UNPACKED_LIMIT / 2**20:.0f} MB limit for one filing")
    xml = sum(i.file_size for i in members if i.filename.lower().endswith(_XML_PARTS))
    if xml > XML_LIMIT:
        raise ReadError(path, f"its XML parts unpack to {xml / 2**20:.0f} MB, over the "
                              f"{XML_LIMIT / 2**20:.0f} MB limit for one filing")
    for i in members:
        if i.file_size >= RATIO_GRACE and i.file_size > MAX_RATIO * i.compress_size:
            ratio = i.file_size / max(i.compress_size, 1)
            raise ReadError(path, f"member {i.filename} unpacks {ratio:.0f} times larger than it is packed "
                                  f"({i.file_size / 2**20:.0f} MB), over the {MAX_RATIO} to 1 limit: a zip bomb")


def read_docx(path: Path, data: bytes) -> Document:
    """Paragraphs as lines and tables as grids, in the order the document has them."""
    check_zip(path, data, ".docx", "word/document.xml")
    import docx
    from docx.table import Table

    doc = docx.Document(io.BytesIO(data))
    out = TextBuilder()
    n = 0
    for block in doc.iter_inner_content():
        if isinstance(block, Table):
            n += 1
            out.table(_rows(path, block, n, out.cells), {"table": n})
        else:
            out.paragraph(block.text)
    if not out.grids and not "".join(p.text for p in doc.paragraphs).strip():
        raise ReadError(path, "no text in the document")
    return out.document(path.name, str(path), "docx")


def _rows(path: Path, table, n: int, used: int) -> list[list]:
    """Cell texts by row; a merged cell is written once and referenced at the positions it spans."""
    # python-docx repeats a cell at every column its gridSpan claims: counted first in the XML
    size = used + sum(max(1, tr.grid_before + sum(tc.grid_span for tc in tr.tc_lst)) for tr in table._tbl.tr_lst)
    if size > MAX_GRID_CELLS:
        raise grid_too_large(path, f"table {n}", size)
    seen: dict[int, tuple[int, int]] = {}
    keep = []  # the tc elements stay alive, so their ids stay unique
    rows: list[list] = []
    for r, row in enumerate(table.rows):
        cells: list = [None] * row.grid_cols_before
        for cell in row.cells:
            tc = cell._tc
            keep.append(tc)
            if id(tc) in seen:
                cells.append(("merged", seen[id(tc)]))
            else:
                seen[id(tc)] = (r, len(cells))
                cells.append(cell.text)
        rows.append(cells)
    return rows
