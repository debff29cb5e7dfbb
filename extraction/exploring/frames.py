"""Records (gold or extracted) as a pandas DataFrame, with the columns the notebooks group by.

Besides the record fields of ../shared/spec/INDICATORS.md a frame has
``filing`` (short name of the file), ``kind`` (二级指标 as a kind: 数量, 质量, 满意度 ...),
``numeric`` (the value is a number), ``pct`` (the unit is %), ``ind_start`` / ``ind_end`` (the
indicator-name span, to pair a target with its actual) and, on request, ``head`` / ``head_class``
(the indicator name's head word, names.py)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from ..evaluating.gold import filings_dir_default, load_records
from ..reading import SUFFIXES
from ..record import SPEC_FIELDS, Record
from ..resources import labels as ui_labels
from ..resources import marker, table
from .names import name_heads

PCT_EDGES = (80.0, 90.0, 95.0, 100.0)


def _kinds() -> dict[str, str]:
    return {r[0]: r[1] for r in table("exploring/level2_kinds.tsv")}


def level2_kind(level2: str | None) -> str | None:
    """二级指标 as a kind: listed names map (服务对象满意度指标 → 满意度), others lose a trailing 指标."""
    if not isinstance(level2, str) or not level2:
        return None
    kinds = _kinds()
    if level2 in kinds:
        return kinds[level2]
    suffix = marker("indicator_suffix")
    return level2[:-len(suffix)] if level2.endswith(suffix) and len(level2) > len(suffix) else level2


def filing_label(doc: str) -> str:
    """A short name for a filing: the numeric prefix of the sample files (``000``), else the stem."""
    stem = Path(doc).stem
    prefix = stem.split("_", 1)[0]
    return prefix if prefix.isdigit() else stem


def _ind_span(spans: Any) -> tuple[int | None, int | None]:
    if not isinstance(spans, (list, tuple)):  # a missing spans cell is NaN
        return None, None
    for s in spans:
        if s[0] == "IND":
            return int(s[1]), int(s[2])
    return None, None


def records_frame(records: Iterable[Record | dict[str, Any]], *, heads: bool = True) -> pd.DataFrame:
    """One row per record; ``heads=False`` skips the jieba segmentation of names (faster)."""
    rows = [r.to_dict() if isinstance(r, Record) else dict(r) for r in records]
    df = pd.DataFrame(rows)
    for col in (*SPEC_FIELDS, "spans"):
        if col not in df:
            df[col] = None
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["filing"] = df["doc"].map(filing_label)
    df["kind"] = df["level2"].map(level2_kind)
    df["numeric"] = df["value"].notna()
    df["pct"] = df["unit"].eq("%")
    spans = df["spans"].map(_ind_span)
    df["ind_start"] = spans.map(lambda s: s[0]).astype("Int64")
    df["ind_end"] = spans.map(lambda s: s[1]).astype("Int64")
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
    from .. import extract

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


def _checks() -> dict[str, tuple[str, ...]]:
    return {r[0]: tuple(r[1].split()) for r in table("exploring/oddities.tsv")}


def oddities(df: pd.DataFrame) -> pd.DataFrame:
    """Rows a budget analyst would flag, one row per (record, oddity), with an ``oddity`` column:

    - ``满意度 <=``: a satisfaction target with an upper bound ("<= 100%" sets no target at all);
    - ``<= 100%``: any other percentage bounded above by 100% (a bound every rate meets);
    - ``人数 <=``: an upper bound on a head count (a ceiling on beneficiaries, not a goal);
    - ``>100%``: a percentage above 100;
    - ``缺单位``: a number with no unit;
    - ``数量 定性``: a qualitative value where the 二级指标 is 数量 (a count was expected)."""
    checks = _checks()
    upper = df["op"].isin(["<=", "<"])
    satisfaction = df["indicator"].fillna("").map(lambda n: any(w in n for w in checks["satisfaction"]))
    lab = ui_labels()
    satisfaction |= df["kind"].eq(lab["satisfaction_kind"])
    flags = {
        lab["satisfaction_upper"]: satisfaction & upper & df["pct"],
        "<= 100%": ~satisfaction & upper & df["pct"] & (df["value"] >= 100),
        lab["headcount_upper"]: upper & df["unit"].isin(checks["headcount"]),
        ">100%": df["pct"] & (df["value"] > 100),
        lab["no_unit"]: df["numeric"] & df["unit"].isna(),
        lab["count_qualitative"]: df["kind"].eq(lab["count_kind"]) & df["qualitative"].notna(),
    }
    return pd.concat([df[mask.fillna(False)].assign(oddity=name) for name, mask in flags.items()])
