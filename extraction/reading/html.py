"""Web pages (.html, lxml): paragraphs and tables in document order, row/col spans filled."""
from __future__ import annotations

import re
from pathlib import Path

from .model import MAX_GRID_CELLS, Document, ReadError, TextBuilder, grid_too_large
from .text import decode

# rowspan / colspan are clamped to this (and rowspan to the rows the table has): a filing's cell
# spans a few rows or columns, and browsers allow 65534 rows, so rowspan=1000 colspan=1000 on one
# cell would be a million filled positions
MAX_SPAN = 100

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
           "header", "footer", "blockquote", "pre", "dt", "dd", "dl", "caption", "form", "body", "main",
           "center", "address", "figure", "nav", "aside"}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "iframe", "object", "svg"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        enc = m.group(1).decode("ascii").lower()
        enc = {"gb2312": "gb18030", "gbk": "gb18030"}.get(enc, enc)  # GB18030 is their superset
        try:
            return data.decode(enc), enc
        except LookupError:
            pass
        except UnicodeDecodeError as err:
            raise ReadError(path, f"undecodable bytes: not {enc} as the page declares (at byte {err.start})") from None
    return decode(data, path)


def _space(s: str) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", s)


class _Walker:
    def __init__(self, path: Path, out: TextBuilder) -> None:
        self.path = path
        self.out = out
        self.line: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        self.out.paragraph("".join(self.line).strip())
        self.line.clear()

    def walk(self, el) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _SKIP or not isinstance(el.tag, str):  # comments and processing instructions
            return
        if tag == "table":
            self.flush()
            self.tables += 1
            self.out.table(_table_rows(self.path, el, self.tables, self.out.cells), {"table": self.tables})
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS or tag == "tr"
        if block:
            self.flush()
        if el.text:
            self.line.append(_space(el.text))
        for child in el:
            self.walk(child)
            if child.tail:
                self.line.append(_space(child.tail))
        if block:
            self.flush()


def _cell_text(td) -> str:
    """A cell's text; <br> and block elements inside it become line breaks."""
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str) or el.tag.lower() in _SKIP:
            return
        tag = el.tag.lower()
        if tag == "br" or ((tag in _BLOCKS or tag in ("table", "tr")) and parts and not parts[-1].endswith("\n")):
            parts.append("\n")  # a nested table's rows are lines of the cell
        elif tag in ("td", "th") and el is not td:
            parts.append(" ")
        if el.text:
            parts.append(_space(el.text))
        for child in el:
            walk(child)
            if child.tail:
                parts.append(_space(child.tail))

    walk(td)
    lines = [" ".join(x.split()) for x in "".join(parts).split("\n")]
    return "\n".join(x for x in lines if x)


def _span(td, name: str) -> int:
    try:
        return max(1, min(int(td.get(name, "1")), MAX_SPAN))
    except ValueError:
        return 1


def _table_rows(path: Path, table, n: int, used: int) -> list[list]:
    """The table's own rows (not those of tables nested in its cells), spans filled; refused when,
    with the ``used`` positions of the tables before it, it would be over ``MAX_GRID_CELLS``."""
    trs = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    rows: list[list] = []
    pending: dict[tuple[int, int], tuple[int, int]] = {}  # grid position -> the cell spanning it
    size = used  # with the positions written or waiting in pending

    def grow(k: int) -> None:
        nonlocal size
        size += k
        if size > MAX_GRID_CELLS:
            raise grid_too_large(path, f"table {n}", size)

    for r, tr in enumerate(trs):
        cells: list = []
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, len(cells)) in pending:
                cells.append(("merged", pending.pop((r, len(cells)))))
            home = (r, len(cells))
            down = min(_span(td, "rowspan"), len(trs) - r)
            across = _span(td, "colspan")
            grow(down * across)
            cells.append(_cell_text(td))
            cells.extend(("merged", home) for _ in range(across - 1))
            for dr in range(1, down):
                for dc in range(across):
                    pending[(r + dr, home[1] + dc)] = home
        while (r, len(cells)) in pending:
            cells.append(("merged", pending.pop((r, len(cells)))))
        rows.append(cells)
    return rows


MAX_DEPTH = 256  # libxml2's limit on nesting (deeper content is dropped)
# elements that only wrap text, removed where a page nests too deep (block ones leave a line break)
_WRAPPERS = re.compile(r"</?(div|span|font|section|article|center|b|i|u|em|strong|small|big|blockquote|main|"
                       r"header|footer|nav|aside|figure|label|a|sup|sub)\b[^>]*>", re.I)


def _parse(path: Path, text: str):
    """The page's tree, or None when it is nested too deep for the parser (content was dropped)."""
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise ReadError(path, f"not a web page ({err})") from None
    if any("Excessive depth" in e.message for e in parser.error_log):
        return None
    return root


def read_html(path: Path, data: bytes) -> Document:
    """A web page's paragraphs as lines and its tables as grids."""
    text, enc = _decode(path, data)
    text = _XML_DECL.sub("", text)
    if "\x00" in text:
        raise ReadError(path, "binary data, not a web page")
    root = _parse(path, text)
    if root is None:
        # libxml2 stops at 256 levels of nesting and drops the rest: without the wrapper elements
        # that only style the text (div, span, font ...) the tables and paragraphs are all there
        root = _parse(path, _WRAPPERS.sub(lambda m: "<br>" if m.group(1).lower() in _BLOCKS else "", text))
        if root is None:
            raise ReadError(path, f"nested more than {MAX_DEPTH} levels deep, even without its div/span "
                                  "wrappers: not read")
    out = TextBuilder()
    walker = _Walker(path, out)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    doc = out.document(path.name, str(path), enc)
    if not doc.text.strip():
        raise ReadError(path, "no text in the web page")
    return doc
