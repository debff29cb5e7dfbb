"""Records (gold or extracted) as a pandas DataFrame, with the columns the notebooks group by.

The frame is the review's (reviewing/records.py: record fields plus ``filing``, ``kind``,
``numeric``, ``pct``, ``ind_start`` / ``ind_end``) and, on request, ``head`` / ``head_class`` (the
indicator name's head word, names.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from ..evaluating.gold import filings_dir_default, load_records
from ..reading import SUFFIXES
from ..record import Record
from ..resources import labels as ui_labels
from ..reviewing.lint import is_headcount, is_satisfaction, is_upper
from ..reviewing.records import filing_label, level2_kind, records_table
from .names import name_heads
from .. import extract

__all__ = ["PCT_EDGES", "extracted_frame", "filing_info", "filing_label", "filing_paths", "gold_frame",
           "level2_kind", "oddities", "pct_bands", "records_frame"]

PCT_EDGES = (80.0, 90.0, 95.0, 100.0)


def records_frame(records: Iterable[Record | dict[str, Any]], *, heads: bool = True) -> pd.DataFrame:
    """One row per record (reviewing.records_table) with, unless ``heads=False``, the head word of
    each name (jieba, slower)."""
    df = records_table(records)
    if heads:
        h = name_heads(df["indicator"].fillna(""))
        df["head"] = h["head"].to_numpy()
        df["head_class"] = h["head_class"].to_numpy()
    return df


def gold_frame(gold_dir: str | Path | None = None, filings: str | Path | None = None, *,
               heads: bool = True) -> pd.DataFrame:
    """The gold records (annotations/gold by default) as a frame."""
    return records_frame(load_records(gold_dir, filings), heads=heads)


def filing_paths(sources: str | Path | Sequence[str | Path] | None = None) -> list[Path]:
    """Filing files: the given files, and the text files under the given folders (sample filings by default)."""
    if sources is None:
        sources = [filings_dir_default()]
    elif isinstance(sources, (str, Path)):
        sources = [sources]
    out: list[Path] = []
    for s in map(Path, sources):
        if s.is_dir():
            out.extend(sorted(f for f in s.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        elif s.is_file():
            out.append(s)
        else:
            raise FileNotFoundError(f"{s}: no such file or folder")
    return out


def extracted_frame(sources: str | Path | Sequence[str | Path] | None = None, *, mode: str = "rules",
                    heads: bool = True) -> pd.DataFrame:
    """The extractor's records of the filings (files or folders; the sample filings by default)."""

    records: list[Record] = []
    for path in filing_paths(sources):
        records.extend(extract(path, mode=mode))
    return records_frame(records, heads=heads)


def filing_info(path: str | Path | None = None) -> pd.DataFrame:
    """Region, year and form of each filing (annotations/filings/filings.tsv by default), indexed by ``doc``."""
    path = Path(path) if path else filings_dir_default() / "filings.tsv"
    info = pd.read_csv(path, sep="\t", comment="#", dtype=str)
    missing = {"doc", "region", "year"} - set(info.columns)
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(sorted(missing))}")
    info["filing"] = info["doc"].map(filing_label)
    return info.set_index("doc")


def pct_bands(df: pd.DataFrame, edges: Sequence[float] = PCT_EDGES) -> pd.Series:
    """How many percentage values fall in each band: ``<80%``, ``80–<90%`` ... ``=100%``, ``>100%``.

    ``edges`` are ascending and end with 100; the frame is usually the target rows only."""
    if not edges or edges[-1] != 100:
        raise ValueError("pct_bands: edges must be ascending and end with 100")
    labels = [f"<{edges[0]:g}%"] + [f"{a:g}–<{b:g}%" for a, b in zip(edges, edges[1:])] + ["=100%", ">100%"]
    values = df.loc[df["pct"] & df["numeric"], "value"]

    def band(v: float) -> str:
        if v > 100:
            return labels[-1]
        if v == 100:
            return labels[-2]
        for i, e in enumerate(edges):
            if v < e:
                return labels[i]
        return labels[-2]  # unreachable: edges end with 100

    counts = values.map(band).value_counts()
    return pd.Series([int(counts.get(lbl, 0)) for lbl in labels], index=labels, name="records")


def oddities(df: pd.DataFrame) -> pd.DataFrame:
    """Rows a budget analyst would flag, one row per (record, oddity), with an ``oddity`` column
    (the review's lint rules, reviewing/lint.py, check targets more thoroughly; these are the same
    tests over every column, for exploring):

    - ``满意度 <=``: a satisfaction value with an upper bound ("<= 100%" sets no target at all);
    - ``<= 100%``: any other percentage bounded above by 100% (a bound every rate meets);
    - ``人数 <=``: an upper bound on a head count (a ceiling on beneficiaries, not a goal);
    - ``>100%``: a percentage above 100;
    - ``缺单位``: a number with no unit;
    - ``数量 定性``: a qualitative value where the 二级指标 is 数量 (a count was expected)."""
    upper = is_upper(df)
    satisfaction = is_satisfaction(df)
    lab = ui_labels()
    flags = {
        lab["satisfaction_upper"]: satisfaction & upper & df["pct"],
        "<= 100%": ~satisfaction & upper & df["pct"] & (df["value"] >= 100),
        lab["headcount_upper"]: upper & is_headcount(df),
        ">100%": df["pct"] & (df["value"] > 100),
        lab["no_unit"]: df["numeric"] & df["unit"].isna(),
        lab["count_qualitative"]: df["kind"].eq(lab["count_kind"]) & df["qualitative"].notna(),
    }
    return pd.concat([df[mask.fillna(False)].assign(oddity=name) for name, mask in flags.items()])
