"""Word .docx (python-docx): paragraphs and table cells in document order."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .model import Document, ReadError, TextBuilder

OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE container: an old .doc, or a password-protected (encrypted) .docx
UNPACKED_LIMIT = 200 * 2**20  # a package that unpacks to more is refused (zip bombs, giant sheets)


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
            unpacked = sum(i.file_size for i in z.infolist())
            if unpacked > UNPACKED_LIMIT:
                raise ReadError(path, f"unpacks to {unpacked / 2**20:.0f} MB, over the "
                                      f"{UNPACKED_LIMIT / 2**20:.0f} MB limit for one filing")
            bad = z.testzip()  # reads every member through its CRC: truncation shows here
    except zipfile.BadZipFile as err:
        raise ReadError(path, f"truncated or damaged {kind} file ({err})") from None
    except (EOFError, OSError, ValueError) as err:
        raise ReadError(path, f"truncated or damaged {kind} file ({type(err).__name__})") from None
    if bad is not None:
        raise ReadError(path, f"truncated or damaged {kind} file (bad zip member {bad})")


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
            out.table(_rows(block), {"table": n})
        else:
            out.paragraph(block.text)
    if not out.grids and not "".join(p.text for p in doc.paragraphs).strip():
        raise ReadError(path, "no text in the document")
    return out.document(path.name, str(path), "docx")


def _rows(table) -> list[list]:
    """Cell texts by row; a merged cell is written once and referenced at the positions it spans."""
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
