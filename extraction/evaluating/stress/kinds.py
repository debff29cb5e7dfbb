"""The perturbation kinds: each a way a bureau, a PDF converter, a scanner or a mirror site prints a
table, as the ``Layout`` the renderer follows (or, for ``prose``, the prose re-writing of
``evaluating.variants``). ``plain`` is the unperturbed rendering every table kind is compared with."""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ... import resources
from .render import Layout
from .vocab import extra_columns


@dataclass(frozen=True)
class Kind:
    name: str
    family: str        # layout | encoding | values | noise | prose | baseline
    layout: Callable[[random.Random], Layout] | None   # None: prose
    reads_same: bool = True   # a person reads the variant's records as the source's (same fields)

    @property
    def what(self) -> str:
        """One line for the report (resources/stress/kinds.tsv)."""
        return _whats().get(self.name, "")


@lru_cache(maxsize=None)
def _whats() -> dict[str, str]:
    return {row[0]: row[1] for row in resources.table("stress/kinds.tsv")}


def _extras(rng: random.Random, lo: int = 1, hi: int = 3) -> tuple[str, ...]:
    names = list(extra_columns())
    return tuple(rng.sample(names, rng.randint(lo, hi)))


def _dropped(rng: random.Random) -> tuple[str, ...]:
    drop = rng.choice([("level1",), ("level2",), ("level1", "level2")])
    if rng.random() < 0.5:
        drop += (rng.choice(("target", "actual")),)   # a table of one value column (its records go)
    return drop


def _cell_lines(rng: random.Random) -> Layout:
    return Layout(encoding=rng.choice(("line", "line_blank", "line_pipe")))


KINDS: dict[str, Kind] = {k.name: k for k in [
    Kind("plain", "baseline", lambda rng: Layout()),
    # layout
    Kind("column_order", "layout", lambda rng: Layout(shuffle=True, unit_style="column", extras=_extras(rng, 1, 2))),
    Kind("columns_added", "layout", lambda rng: Layout(extras=_extras(rng))),
    Kind("columns_dropped", "layout", lambda rng: Layout(drop=_dropped(rng)), reads_same=False),
    Kind("header_synonyms", "layout", lambda rng: Layout(synonyms=True)),
    Kind("header_continued", "layout", lambda rng: Layout(header="continued")),
    Kind("levels_merged", "layout", lambda rng: Layout(levels=rng.choice(("blank", "omit")))),
    # encoding
    Kind("pipes", "encoding", lambda rng: Layout(encoding="pipe")),
    Kind("markdown", "encoding", lambda rng: Layout(encoding="markdown")),
    Kind("spaces", "encoding", lambda rng: Layout(encoding="spaces")),
    Kind("cell_per_line", "encoding", _cell_lines),
    Kind("glued_cells", "encoding", lambda rng: Layout(encoding="glued")),
    Kind("pdf_wrap", "encoding", lambda rng: Layout(wrap=True, encoding=rng.choice(("tab", "spaces")))),
    Kind("pdf_doubled", "encoding", lambda rng: Layout(doubled=True)),
    # values
    Kind("op_symbol", "values", lambda rng: Layout(op_style="symbol")),
    Kind("op_word", "values", lambda rng: Layout(op_style="word")),
    Kind("op_cell", "values", lambda rng: Layout(op_style="cell")),
    Kind("unit_column", "values", lambda rng: Layout(unit_style="column")),
    # the gold's convention: a unit in the name only is no record's unit ("受益人数(人) | 132": unit null)
    Kind("unit_in_name", "values", lambda rng: Layout(unit_style="name"), reads_same=False),
    Kind("values_glued", "values", lambda rng: Layout(glue_values=True)),
    # noise; OCR: each swap at 10% of the characters it can hit ("≥90" read as 290, as the spec says)
    Kind("OCR_swaps", "noise", lambda rng: Layout(ocr=0.1, op_style="symbol"), reads_same=False),
    Kind("traditional_pinyin", "noise", lambda rng: Layout(traditional=True), reads_same=False),
    Kind("site_furniture", "noise", lambda rng: Layout(furniture=10)),
    Kind("cut_mid_row", "noise", lambda rng: Layout(cut_rows=10)),
    # prose
    Kind("prose", "prose", None, reads_same=False),
]}
