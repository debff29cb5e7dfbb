"""The perturbation kinds: each a way a bureau, a PDF converter, a scanner or a mirror site prints a
table, as the ``Layout`` the renderer follows (or, for ``prose``, the prose re-writing of
``evaluating.variants``). ``plain`` is the unperturbed rendering every table kind is compared with."""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from .render import Layout, extra_columns


@dataclass(frozen=True)
class Kind:
    name: str
    family: str        # layout | encoding | values | noise | prose | baseline
    what: str          # one line for the report
    layout: Callable[[random.Random], Layout] | None   # None: prose
    reads_same: bool = True   # a person reads the variant's records as the source's (same fields)


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
    Kind("plain", "baseline", "the gold rows as a plain tab table (the baseline of the table kinds)",
         lambda rng: Layout()),
    # layout
    Kind("column_order", "layout", "columns after the name in a random order (with a unit and extra columns)",
         lambda rng: Layout(shuffle=True, unit_style="column", extras=_extras(rng, 1, 2))),
    Kind("columns_added", "layout", "1-3 columns with no indicator value added (分值 得分 权重 备注 绩效标准 指标解释 ...)",
         lambda rng: Layout(extras=_extras(rng))),
    Kind("columns_dropped", "layout", "level columns dropped, sometimes a value column too (its records go)",
         lambda rng: Layout(drop=_dropped(rng)), reads_same=False),
    Kind("header_synonyms", "layout", "header names swapped for synonyms (目标值 / 年度指标值 / 预计当年实现 ...)",
         lambda rng: Layout(synonyms=True)),
    Kind("header_continued", "layout", "a page break halfway, the table going on without its header",
         lambda rng: Layout(header="continued")),
    Kind("levels_merged", "layout", "一级/二级 cells merged: written on the first row of a run only (blank or left out after)",
         lambda rng: Layout(levels=rng.choice(("blank", "omit")))),
    # encoding
    Kind("pipes", "encoding", "cells separated by pipes", lambda rng: Layout(encoding="pipe")),
    Kind("markdown", "encoding", "a markdown table", lambda rng: Layout(encoding="markdown")),
    Kind("spaces", "encoding", "fixed-width columns: runs of spaces", lambda rng: Layout(encoding="spaces")),
    Kind("cell_per_line", "encoding", "one cell a line, rows apart by nothing, a blank line or a `|` line",
         _cell_lines),
    Kind("glued_cells", "encoding", "cells concatenated with no separator (doc-site previews)",
         lambda rng: Layout(encoding="glued")),
    Kind("pdf_wrap", "encoding", "PDF column-width wrapping: spaces inside names and level cells",
         lambda rng: Layout(wrap=True, encoding=rng.choice(("tab", "spaces")))),
    Kind("pdf_doubled", "encoding", "PDF bold print: each value cell written twice (\"95%95%\", the first copy is the mention)",
         lambda rng: Layout(doubled=True)),
    # values
    Kind("op_symbol", "values", "operators as symbols (≥ >= ≧ ≤ ...)", lambda rng: Layout(op_style="symbol")),
    Kind("op_word", "values", "operators as words (不低于 不少于 达到 以上 不超过 以内 ...)",
         lambda rng: Layout(op_style="word")),
    Kind("op_cell", "values", "operators in their own cell (\"≥ | 95%\")", lambda rng: Layout(op_style="cell")),
    Kind("unit_column", "values", "units in their own column (计量单位)", lambda rng: Layout(unit_style="column")),
    Kind("unit_in_name", "values", "units in the name (\"培训人数(人)\"): the name keeps them, the record's unit is null "
         "(the gold's convention)", lambda rng: Layout(unit_style="name"), reads_same=False),
    Kind("values_glued", "values", "target and actual glued in one cell (\"≥95%98%\")",
         lambda rng: Layout(glue_values=True)),
    # noise
    Kind("OCR_swaps", "noise", "OCR-like swaps (≥ -> 2, % -> $, 0 -> O, 已 -> 己 ...; ≥90 read as 290 as the spec says)",
         lambda rng: Layout(ocr=0.3, op_style="symbol"), reads_same=False),
    Kind("traditional_pinyin", "noise", "traditional characters, pinyin after some (\"數(shù)\", mirror sites)",
         lambda rng: Layout(traditional=True), reads_same=False),
    Kind("site_furniture", "noise", "site furniture lines between rows (page numbers, 返回顶部, 当前位置 ...)",
         lambda rng: Layout(furniture=0.3)),
    Kind("cut_mid_row", "noise", "rows cut by a page break after the name (a furniture line inside the row)",
         lambda rng: Layout(cut_rows=0.3)),
    # prose
    Kind("prose", "prose", "numeric rows re-written as goal and result sentences (evaluating/variants.py)",
         None, reads_same=False),
]}
