"""Printing indicator rows as a table, one layout at a time, with the gold carried along.

The text is written piece by piece (``_Writer``): every piece that is part of a mention (its name,
operators, number, unit) is marked, and each variant record's spans are the offsets at which its
pieces were written. Character-level damage (traditional characters, OCR swaps, PDF wrapping) is
done to a piece before it is written, so the offsets never have to be moved afterwards.
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

from ...record import Record, flat
from ..variants import Variant
from . import damage
from .rows import VALUE_COLUMNS, Block, Row, Value
from .vocab import extra_columns, furniture, has_magnitude, headers, op_surfaces, s2t, titles

ENCODINGS = ("tab", "pipe", "markdown", "spaces", "line", "line_blank", "line_pipe", "glued")
EMPTY = "/"  # an empty value cell where the encoding would otherwise lose it (resources/empty_cells.txt)


@dataclass
class Layout:
    """How a table is printed. The defaults print the plain table: tab-separated cells, the
    standard header, levels on every row, operators and units as the filing wrote them."""

    shuffle: bool = False                 # columns after the name in a random order
    drop: tuple[str, ...] = ()            # roles left out (a dropped value column drops its records)
    extras: tuple[str, ...] = ()          # extra columns (resources/stress/extra_columns.tsv headers)
    synonyms: bool = False                # header names drawn from the synonyms
    header: str = "top"                   # top | continued (no header after a page break)
    levels: str = "repeat"                # repeat | blank (merged cells: first row only) | omit
    encoding: str = "tab"
    op_style: str = "written"             # written | symbol | word | cell
    unit_style: str = "value"             # value | column | name
    glue_values: bool = False             # target and actual written with no separator
    wrap: bool = False                    # PDF column width: spaces inside names
    doubled: bool = False                 # PDF bold: value cells printed twice
    ocr: float = 0.0                      # chance of each OCR-like swap at each character it can hit
    traditional: bool = False             # traditional characters, pinyin after some (mirror sites)
    furniture: int = 0                    # a site furniture line every this many rows (at least one a table)
    cut_rows: int = 0                     # a row cut by a page break after its name, every this many rows


@dataclass
class Piece:
    text: str
    label: str | None = None
    keys: tuple[int, ...] = ()            # the variant records this piece is a span of


@dataclass
class _Mention:
    """A variant record being built: its source value and the fields a kind changed."""

    value: Value
    fields: dict = field(default_factory=dict)
    spans: list[tuple[str, int, int]] = field(default_factory=list)


# --- the renderer -------------------------------------------------------------------------------

class _Writer:
    """Appends pieces to a text and keeps each marked piece's span for its records."""

    def __init__(self, mentions: list[_Mention]) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.mentions = mentions

    def raw(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def piece(self, p: Piece) -> None:
        start = self.size
        self.raw(p.text)
        if p.label and p.text:
            for k in p.keys:
                self.mentions[k].spans.append((p.label, start, self.size))

    @property
    def text(self) -> str:
        return "".join(self.parts)


class _Renderer:
    def __init__(self, layout: Layout, rng: random.Random) -> None:
        self.lay = layout
        self.rng = rng
        self.mentions: list[_Mention] = []

    def words(self, text: str, *, pinyin_ok: bool = True) -> str:
        """Any text written goes through here: in traditional characters where the layout says."""
        return damage.traditional(text, with_pinyin=pinyin_ok) if self.lay.traditional else text

    def header_name(self, role: str) -> str:
        if role.startswith("extra:"):
            return role[6:]
        if role.startswith("op:"):
            role = "op"
        names = headers()[role]
        if self.lay.synonyms and len(names) > 1:
            return self.rng.choice(names[1:])
        return names[0]

    def columns(self, blocks: list[Block]) -> list[str]:
        present = {c for b in blocks for r in b.rows for c in r.values}
        cols = ["level1", "level2", "name"]
        for c in VALUE_COLUMNS:
            if c in present:
                if self.lay.op_style == "cell":
                    cols.append(f"op:{c}")
                cols.append(c)
        if self.lay.unit_style == "column":
            cols.append("unit")
        cols += [f"extra:{e}" for e in self.lay.extras]
        kept = [c for c in cols if c not in self.lay.drop and c.removeprefix("op:") not in self.lay.drop]
        if not any(c in VALUE_COLUMNS for c in kept):
            kept = [c for c in cols if c in VALUE_COLUMNS or c.startswith("op:") or c in kept]  # keep one value column
        if self.lay.shuffle:
            head = [c for c in kept if c in ("level1", "level2", "name")]
            rest = [c for c in kept if c not in head]
            # an operator cell stays before its value: shuffle units of (op, value) cells
            units = [[c] for c in rest if not c.startswith("op:")]
            for u in units:
                if f"op:{u[0]}" in rest:
                    u.insert(0, f"op:{u[0]}")
            self.rng.shuffle(units)
            kept = head + [c for u in units for c in u]
        return kept

    # --- one value --------------------------------------------------------------------------

    def op_written(self, v: Value) -> tuple[str, str]:
        """(before, after) the number in the layout's operator style."""
        style = self.lay.op_style
        if style == "written":
            return v.pre, v.post
        op = v.rec.op
        if op == "=":
            return "", ""
        if style == "cell" or self.lay.ocr:
            style = "symbol"
        choices = op_surfaces().get((op, style)) or op_surfaces().get((op, "symbol"))
        if not choices:
            return v.pre, v.post
        surface, position = choices[0] if (self.lay.ocr and op == ">=") else self.rng.choice(choices)
        return (surface, "") if position == "prefix" else ("", surface)

    def value_pieces(self, k: int, v: Value, unit_elsewhere: bool) -> tuple[list[Piece], Piece | None]:
        """The value cell of mention ``k`` and, with operators in their own cell, that cell."""
        m = self.mentions[k]
        pre, post = self.op_written(v)
        op_cell = None
        if self.lay.op_style == "cell":
            op_cell = Piece(pre or post, "OP", (k,))  # "=" written nowhere: an empty cell
            pre = post = ""
        val, unit = v.val, "" if unit_elsewhere else v.unit
        if self.lay.ocr:
            pre, val, unit, changed = damage.ocr_value(self.rng, self.lay.ocr, v.rec, pre, post, val, unit)
            m.fields.update(changed)
        pieces = [Piece(self.words(pre, pinyin_ok=False), "OP", (k,)),
                  Piece(self.words(val, pinyin_ok=False), "VAL", (k,)),
                  Piece(self.words(unit, pinyin_ok=False), "UNIT", (k,)),
                  Piece(self.words(post, pinyin_ok=False), "OP", (k,))]
        if self.lay.traditional:
            if v.rec.unit:
                m.fields["unit"] = s2t().convert(v.rec.unit)
            if v.rec.qualitative:
                m.fields["qualitative"] = flat(s2t().convert(v.rec.qualitative))
        pieces = [p for p in pieces if p.text]
        if self.lay.doubled:
            pieces = pieces + [Piece(p.text) for p in pieces]  # the first copy is the mention
        return pieces, op_cell

    def name_text(self, row: Row) -> str:
        return damage.ocr_name(self.rng, self.lay.ocr, row.name) if self.lay.ocr else row.name

    def wrapped(self, text: str) -> str:
        return damage.wrapped(self.rng, text) if self.lay.wrap else text

    # --- one row ----------------------------------------------------------------------------

    def row_cells(self, row: Row, cols: list[str], first_of_level: tuple[bool, bool]) -> dict[str, list[Piece]]:
        kept = {c: v for c, v in row.values.items() if c in cols}
        keys = {}
        for c, v in kept.items():
            keys[c] = len(self.mentions)
            self.mentions.append(_Mention(v))
        numeric_units = {v.unit for v in kept.values() if v.rec.qualitative is None}
        shared_unit = next(iter(numeric_units)) if len(numeric_units) == 1 and "" not in numeric_units else ""
        unit_in_name = self.lay.unit_style == "name" and shared_unit and not has_magnitude(shared_unit)
        unit_column = self.lay.unit_style == "column" and shared_unit
        cells: dict[str, list[Piece]] = {}
        name = self.name_text(row)
        if unit_in_name:
            name += f"({shared_unit})"
        name = self.wrapped(self.words(name))
        cells["name"] = [Piece(name, "IND", tuple(keys.values()))]
        for k in keys.values():
            self.mentions[k].fields["indicator"] = flat(name)
            if unit_in_name and self.mentions[k].value.rec.qualitative is None:
                self.mentions[k].fields["unit"] = None  # the gold's reading of a unit in the name only
        for i, lv in enumerate(("level1", "level2")):
            text = getattr(row, lv) or ""
            if self.lay.levels != "repeat" and not first_of_level[i]:
                text = ""
            cells[lv] = [Piece(self.wrapped(self.words(text)))]
        for c, v in kept.items():
            k = keys[c]
            elsewhere = bool((unit_in_name or unit_column) and v.rec.qualitative is None)
            pieces, op_cell = self.value_pieces(k, v, elsewhere)
            cells[c] = pieces
            if op_cell is not None:
                cells[f"op:{c}"] = [op_cell]
        if unit_column:
            cells["unit"] = [Piece(self.words(shared_unit, pinyin_ok=False), "UNIT",
                                   tuple(keys[c] for c, v in kept.items() if v.rec.qualitative is None))]
        for c in cols:
            if c.startswith("extra:"):
                cells[c] = [Piece(self.rng.choice(extra_columns()[c[6:]]))]
        return cells

    # --- the whole table --------------------------------------------------------------------

    def render(self, name: str, blocks: list[Block]) -> Variant:
        lay, rng = self.lay, self.rng
        cols = self.columns(blocks)
        w = _Writer(self.mentions)
        for b in blocks:
            if b.project:
                w.raw(self.words(rng.choice(titles()["project"]).format(project=b.project)) + "\n")
                w.raw(self.words(rng.choice(titles()["title"]).format(project=b.project)) + "\n")
            else:
                w.raw(self.words(rng.choice(titles()["department"])) + "\n")
            rows_cells = []
            prev: tuple = (None, None)
            for row in b.rows:
                first = (row.level1 != prev[0], (row.level1, row.level2) != prev)
                prev = (row.level1, row.level2)
                rows_cells.append(self.row_cells(row, cols, first))
            head = {c: [Piece(self.words(self.header_name(c)))] for c in cols}
            widths = {c: max(_width(_cell_text(r.get(c, []))) for r in [head, *rows_cells]) for c in cols}
            self.write_line(w, head, cols, widths, header=True)
            half = len(rows_cells) // 2
            furnished, cut = self.events(len(rows_cells), lay.furniture), self.events(len(rows_cells), lay.cut_rows)
            for i, cells in enumerate(rows_cells):
                if lay.header == "continued" and i == half and i:
                    w.raw(rng.choice(furniture()) + "\n")  # the page break; the table goes on headless
                self.write_line(w, cells, cols, widths, cut=i in cut)
                if i in furnished:
                    w.raw(rng.choice(furniture()) + "\n")
            w.raw("\n")
        text = w.text
        records = [self.record(name, m, text) for m in self.mentions if m.spans]
        return Variant(name, text, records)

    def events(self, rows: int, every: int) -> set[int]:
        """Rows after (or in) which a page break falls: one every ``every`` rows, at least one."""
        if not every or not rows:
            return set()
        return set(self.rng.sample(range(rows), max(1, rows // every)))

    def write_line(self, w: _Writer, cells: dict[str, list[Piece]], cols: list[str], widths: dict[str, int],
                   header: bool = False, cut: bool = False) -> None:
        enc, lay = self.lay.encoding, self.lay
        present = list(cols)
        if lay.levels == "omit" and not header:
            present = [c for c in present if not (c in ("level1", "level2") and not _cell_text(cells.get(c, [])))]
        value_cells = set(VALUE_COLUMNS) | {f"op:{c}" for c in VALUE_COLUMNS}
        seq = []
        for c in present:
            pieces = cells.get(c, [])
            if not _cell_text(pieces) and enc not in ("tab", "pipe", "markdown"):
                if c in value_cells:
                    pieces = [Piece(EMPTY)]  # no column to hold an empty cell's place
                else:
                    continue
            seq.append((c, pieces))
        if lay.glue_values and not header:
            seq = _glue_values(seq)
        names = [i for i, (c, _) in enumerate(seq) if c == "name"]
        cut_at = names[0] if cut and names and names[0] < len(seq) - 1 else None
        if enc == "markdown":
            w.raw("| ")
        for i, (c, pieces) in enumerate(seq):
            for p in pieces:
                w.piece(p)
            if i == len(seq) - 1:
                break
            if i == cut_at:
                w.raw("\n" + self.rng.choice(furniture()) + "\n")  # a page break inside the row
                continue
            w.raw(self.separator(enc, _cell_text(pieces), _cell_text(seq[i + 1][1]), widths.get(c, 0)))
        if enc == "markdown":
            w.raw(" |")
        w.raw("\n")
        if enc == "line_blank":
            w.raw("\n")
        elif enc == "line_pipe":
            w.raw("|\n")
        if header and enc == "markdown":
            w.raw("|" + "---|" * len(seq) + "\n")

    def separator(self, enc: str, left: str, right: str, width: int) -> str:
        if enc == "tab":
            return "\t"
        if enc == "pipe":
            return self.pipe
        if enc == "markdown":
            return " | "
        if enc == "spaces":
            return " " * (width - _width(left) + self.rng.randint(2, 4))
        if enc.startswith("line"):
            return "\n"
        # glued: no separator, except where two numbers would run into one
        return " " if left[-1:].isdigit() and right[:1].isdigit() else ""

    @property
    def pipe(self) -> str:
        if not hasattr(self, "_pipe"):
            self._pipe = self.rng.choice(("|", " | ", "｜"))
        return self._pipe

    def record(self, doc: str, m: _Mention, text: str) -> Record:
        r = m.value.rec
        f = m.fields
        spans = sorted(set(m.spans), key=lambda s: (s[1], s[0]))
        start, end = min(s for _, s, _ in spans), max(e for _, _, e in spans)
        return Record(doc=doc, project=r.project, level1=r.level1, level2=r.level2,
                      indicator=f.get("indicator", r.indicator), op=f.get("op", r.op),
                      value=f.get("value", r.value), unit=f.get("unit", r.unit),
                      qualitative=f.get("qualitative", r.qualitative), column=r.column,
                      text=text[start:end], start=start, end=end, source="rule", spans=spans)


def _glue_values(seq: list[tuple[str, list[Piece]]]) -> list[tuple[str, list[Piece]]]:
    """The target cell and the actual cell after it as one cell, where a reader can still tell
    them apart (no digit meets a digit)."""
    out: list[tuple[str, list[Piece]]] = []
    for c, pieces in seq:
        if out and c == "actual" and out[-1][0] == "target":
            left, right = _cell_text(out[-1][1]), _cell_text(pieces)
            if left and right and left != EMPTY and right != EMPTY and not (left[-1].isdigit() and right[0].isdigit()):
                out[-1] = ("target", out[-1][1] + pieces)
                continue
        out.append((c, pieces))
    return out


def _cell_text(pieces: list[Piece]) -> str:
    return "".join(p.text for p in pieces)


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns, as a PDF's fixed-width text lays it out."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render(name: str, blocks: list[Block], layout: Layout, rng: random.Random) -> Variant:
    """The rows of ``blocks`` printed in ``layout``: a variant whose records point into its text."""
    return _Renderer(layout, rng).render(name, blocks)


__all__ = ["Layout", "render", "ENCODINGS"]
