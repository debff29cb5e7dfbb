"""Old Word .doc (antiword, Debian package ``antiword``): its DocBook output gives paragraphs and
table cells in document order, read into grids as .docx is."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .docx import OLE_MAGIC
from .model import Document, ReadError, TextBuilder

TIMEOUT = 120  # seconds for antiword on one file
NOT_INSTALLED = "old Word .doc needs antiword (Debian: apt-get install antiword; scripts/setup.sh does it)"


def _docbook(path: Path, data: bytes) -> bytes:
    """antiword's DocBook XML of the file, its text in UTF-8."""
    exe = shutil.which("antiword")
    if exe is None:
        raise ReadError(path, NOT_INSTALLED)
    # antiword reads a file; the bytes already read are written to a private temp file so that the
    # file read is the one checked (size, signature)
    with tempfile.TemporaryDirectory(prefix="doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        env = {**os.environ, "LC_ALL": "C.UTF-8"}
        try:
            proc = subprocess.run([exe, "-x", "db", "-m", "UTF-8.txt", str(src)], capture_output=True,
                                  timeout=TIMEOUT, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReadError(path, f"antiword took over {TIMEOUT} s: not read") from None
    if proc.returncode != 0 or not proc.stdout.strip():
        why = " ".join(proc.stderr.decode("utf-8", "replace").replace(str(src), "").split())[:200]
        if "encrypt" in why.lower():
            raise ReadError(path, "password-protected (encrypted) .doc file: not read")
        raise ReadError(path, f"damaged or unsupported .doc file (antiword: {why or 'no output'})")
    return proc.stdout


def _text(el) -> str:
    """A DocBook element's text; its <para> children are lines."""
    paras = el.findall(".//para")
    if not paras:
        return "".join(el.itertext()).strip()
    return "\n".join("".join(p.itertext()).strip() for p in paras).strip()


_PIPE = " |"  # antiword's cell separator where it writes a table as text


def _piped_rows(text: str) -> list[list[str | None]]:
    """Rows of a table antiword wrote as text: each cell ends with " |", each row with one more
    "|" (an empty cell); a cell's line breaks are kept."""
    # a cell's paragraphs are its lines; antiword leaves blank lines between them
    cells = ["\n".join(x.strip() for x in c.split("\n") if x.strip()) for c in text.split("|")]
    rows: list[list[str | None]] = [[]]
    for c in cells:
        if c == "" and rows[-1]:
            rows.append([])
        else:
            rows[-1].append(c or None)
    return [r for r in rows if any(r)]


def _table_of(el):
    return next(el.iterancestors("informaltable", "table"), None)


def read_doc(path: Path, data: bytes) -> Document:
    """Paragraphs as lines and tables as grids, in the order the document has them."""
    if not data.startswith(OLE_MAGIC):
        raise ReadError(path, "not a .doc file (no OLE2 container signature)")
    from lxml import etree

    xml = _docbook(path, data)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=True)
    root = etree.fromstring(xml, parser)
    if root is None:
        raise ReadError(path, "damaged .doc file (antiword gave no document)")
    out = TextBuilder()
    n = 0
    piped: list[str] = []  # paragraphs of a table antiword wrote as text ("cell |cell | |")

    def flush_piped() -> None:
        nonlocal n
        if piped:
            n += 1
            out.table(_piped_rows("\n".join(piped)), {"table": n})
            piped.clear()

    for el in root.iter("para", "informaltable", "table"):
        if el.tag in ("informaltable", "table"):
            if _table_of(el) is not None:
                continue  # a nested table: its cells' text is in its outer cell
            flush_piped()
            n += 1
            own = [row for row in el.iter("row") if _table_of(row) is el]
            rows = [[_text(e) or None for e in row.iter("entry") if _table_of(e) is el] for row in own]
            out.table(rows, {"table": n})
        elif _table_of(el) is None:
            # a paragraph holding a table has only its own text before the table
            inner = el.find(".//informaltable") is not None or el.find(".//table") is not None
            text = (el.text or "") if inner else "".join(el.itertext())
            if not inner and (_PIPE in text or (piped and not piped[-1].rstrip().endswith("| |"))):
                piped.append(text.strip("\n"))
                continue
            flush_piped()
            out.paragraph(text)
    flush_piped()
    doc = out.document(path.name, str(path), "doc")
    if not doc.text.strip():
        raise ReadError(path, "no text in the document")
    return doc
