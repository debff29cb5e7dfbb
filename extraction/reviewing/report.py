"""Writing the review's tables: .xlsx (one sheet each), .csv (the main table, Excel-ready) or .md
(short summary tables, then the rows), through output.py's writers: atomically, never over an
input, every text cell text and never a formula (a filing's "=HYPERLINK(...)" stays text)."""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

from ..output import OutputError, plain, write_csv, write_text, write_xlsx

FORMATS = (".xlsx", ".csv", ".md")
# the completion table's columns a reviewer reads first (the full table keeps every column)
SHOWN = ["filing", "project", "indicator", "target_op", "target_value", "target_unit", "target_qualitative",
         "actual_value", "actual_unit", "actual_qualitative", "outcome", "gap", "score_max", "score", "unsupported",
         "reason"]
FINDINGS_SHOWN = ["severity", "rule", "filing", "line", "start", "project", "indicator", "column", "text", "detail"]


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 1 else f"{v:g}"
    return " ".join(str(v).split()).replace("|", "\\|")


def markdown_table(df: pd.DataFrame, columns: list[str] | None = None) -> str:
    """A GitHub Markdown table of ``df`` (white space in cells folded, ``|`` escaped)."""
    cols = [c for c in (columns or list(df.columns)) if c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df[cols].itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def _rows(df: pd.DataFrame) -> Iterable[list]:
    """The frame's rows as plain values (None for missing ones)."""
    for row in df.itertuples(index=False):
        yield [plain(v) for v in row]


def write_tables(path: str | Path, sheets: dict[str, pd.DataFrame], *, title: str, main: str,
                 shown: list[str] | None = None, inputs: Iterable[str | Path] = ()) -> None:
    """Write ``sheets`` (name -> table) to ``path`` by suffix: .xlsx gets every sheet, .csv the
    ``main`` one, .md every sheet as a section (``shown`` columns of ``main``). ``path`` must not
    be one of ``inputs``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_xlsx(path, {name: ([str(c) for c in df.columns], _rows(df)) for name, df in sheets.items()}, inputs)
    elif suffix == ".csv":
        df = sheets[main]
        write_csv(path, [str(c) for c in df.columns], _rows(df), inputs)
    elif suffix == ".md":
        parts = [f"# {title}\n"]
        for name, df in sheets.items():
            parts.append(f"## {name} ({len(df)} rows)\n")
            parts.append(markdown_table(df, shown if name == main else None) if len(df) else "(none)\n")
        write_text(path, "\n".join(parts), inputs)
    else:
        raise OutputError(f"{path}: unknown output format {suffix!r} (use {', '.join(FORMATS)})")
