"""Writing the review's tables: .xlsx (one sheet each), .csv (the main table, Excel-ready) or .md
(short summary tables, then the rows), atomically."""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pandas as pd

from ..output import atomic_path, write_text

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


def _excel_ready(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        if isinstance(out[c].dtype, pd.CategoricalDtype):
            out[c] = out[c].astype(object)
    return out.astype(object).where(out.notna(), None)


def write_tables(path: str | Path, sheets: dict[str, pd.DataFrame], *, title: str, main: str,
                 shown: list[str] | None = None) -> None:
    """Write ``sheets`` (name -> table) to ``path`` by suffix: .xlsx gets every sheet, .csv the
    ``main`` one, .md every sheet as a section (``shown`` columns of ``main``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        with atomic_path(path) as tmp:
            with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
                for name, df in sheets.items():
                    _excel_ready(df).to_excel(xw, sheet_name=name[:31], index=False)
    elif suffix == ".csv":
        buf = io.StringIO()
        sheets[main].to_csv(buf, index=False)
        write_text(path, "\ufeff" + buf.getvalue())  # a BOM so that Excel reads the Chinese as UTF-8
    elif suffix == ".md":
        parts = [f"# {title}\n"]
        for name, df in sheets.items():
            parts.append(f"## {name} ({len(df)} rows)\n")
            parts.append(markdown_table(df, shown if name == main else None) if len(df) else "(none)\n")
        write_text(path, "\n".join(parts))
    else:
        raise ValueError(f"{path}: unknown output format {suffix!r} (use {', '.join(FORMATS)})")
