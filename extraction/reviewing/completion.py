"""The completion table: each actual beside its target, met / not met / not comparable, the gap, and
the self-assigned score, with completion rates per project and per filing.

Pairing: pairing.py (same row, else same project and indicator). Judging: judging.py. Scores:
scores.py (read from the filing text; None where the text is not at hand or no score cell is found).
``unsupported`` marks a full score (得分 = 分值) on a row whose figures do not meet the target."""
from __future__ import annotations

import bisect
from typing import Any, Iterable

import pandas as pd

from ..record import Record
from .judging import ABOUT, OUTCOMES, effective_op, margin, numbers, verdict
from .pairing import pair_columns
from .records import Inputs, as_frame, words
from .scores import row_score

_SIDE = ("op", "value", "unit", "qualitative", "text", "start")
COLUMNS = ["doc", "filing", "project", "level1", "level2", "kind", "indicator",
           *[f"target_{c}" for c in _SIDE], *[f"actual_{c}" for c in _SIDE],
           "paired_by", "outcome", "reason", "gap", "margin", "score_max", "score", "unsupported"]
NO_PROJECT = "(no project)"  # a department-wide table (部门整体) or records without one
RATE_COLUMNS = ["pairs", "met", "not met", "not comparable", "no target", "no actual", "completion"]


def _row(t: dict | None, a: dict | None, how: str | None, about: float) -> dict[str, Any]:
    base = t if t is not None else a
    outcome, reason = verdict(t, a, about=about)
    row = {k: base.get(k) for k in ("doc", "filing", "project", "level1", "level2", "kind", "indicator")}
    for side, r in (("target", t), ("actual", a)):
        for c in _SIDE:
            row[f"{side}_{c}"] = None if r is None else r.get(c)
    tv, av = numbers(t, a)
    gap = rel = None
    if tv is not None and outcome != "not comparable":
        gap = av - tv
        rel = margin(effective_op(t), tv, av)
    row.update(paired_by=how, outcome=outcome, reason=reason, gap=gap, margin=rel)
    return row


def self_evaluations(texts: dict[str, str]) -> set[str]:
    """The filings whose text has an actual-value column header (完成值 ...): self-evaluations,
    whose targets are listed even where no actual was read."""
    heads = words("actual_header")
    return {doc for doc, text in texts.items() if any(h in text for h in heads)}


def _starts(df: pd.DataFrame) -> dict[str, list[int]]:
    """The record starts of each filing, sorted."""
    return {doc: sorted(set(int(s) for s in d["start"].dropna())) for doc, d in df.groupby("doc")}


def _next_start(starts: list[int], end: int) -> int | None:
    i = bisect.bisect_left(starts, end)
    return starts[i] if i < len(starts) else None


def completion(records: Inputs | pd.DataFrame | Iterable[Record | dict[str, Any]],
               texts: dict[str, str] | None = None, *, about: float = ABOUT) -> pd.DataFrame:
    """One row per target, and per actual without a target, of every filing that has actuals.

    ``records`` are Inputs (load_inputs: records and filing texts), a records frame, or records;
    ``texts`` (doc -> filing text) let the scores be read where ``records`` are not Inputs."""
    if isinstance(records, Inputs):
        texts = {**records.texts, **(texts or {})}
    texts = texts or {}
    df = as_frame(records)
    pairs = pair_columns(df, "target", "actual", also=self_evaluations(texts))
    rows = [_row(t, a, how, about) for t, a, how in pairs]
    out = pd.DataFrame(rows, columns=COLUMNS)
    starts = _starts(df) if len(df) else {}
    maxes, got = [], []
    for _, a, _how in pairs:
        # prose has no score cells: only table rows (with a 一级 / 二级指标) are read
        table_row = a is not None and (isinstance(a.get("level1"), str) or isinstance(a.get("level2"), str))
        if not table_row or a.get("doc") not in texts or pd.isna(a.get("end")):
            maxes.append(None)
            got.append(None)
            continue
        # nothing from the next record on belongs to this row ("73场 73场383个 1": 383个 is its own record)
        stop = _next_start(starts.get(a["doc"], []), int(a["end"]))
        mx, sc = row_score(texts[a["doc"]], int(a["end"]), stop, start=int(a["start"]))
        maxes.append(mx)
        got.append(sc)
    out["score_max"] = pd.array(maxes, dtype="Float64")
    out["score"] = pd.array(got, dtype="Float64")
    full = out["score_max"].notna() & out["score"].eq(out["score_max"])
    out["unsupported"] = (full & out["outcome"].eq("not met")).fillna(False).astype(bool)
    out["outcome"] = pd.Categorical(out["outcome"], categories=list(OUTCOMES))
    return out


def completion_rates(table: pd.DataFrame, by: str | list[str] = "doc") -> pd.DataFrame:
    """Per filing (``by="doc"``) or per project (``by=["doc", "project"]``): how many pairs, how
    many met / not met / not comparable, targets without actual and actuals without target, and
    the completion rate met / (met + not met) (None where nothing could be judged)."""
    keys = [by] if isinstance(by, str) else list(by)
    if table.empty:
        return pd.DataFrame(columns=[*keys, *RATE_COLUMNS])
    t = table.assign(project=table["project"].astype(object).fillna(NO_PROJECT)) if "project" in keys else table
    g = t.groupby(keys, dropna=False, sort=True, observed=True)
    out = pd.DataFrame({
        "pairs": g.size(),
        "met": g["outcome"].apply(lambda s: int((s == "met").sum())),
        "not met": g["outcome"].apply(lambda s: int((s == "not met").sum())),
        "not comparable": g["outcome"].apply(lambda s: int((s == "not comparable").sum())),
        "no target": g["reason"].apply(lambda s: int((s == "no target").sum())),
        "no actual": g["reason"].apply(lambda s: int((s == "no actual").sum())),
    })
    judged = out["met"] + out["not met"]
    out["completion"] = (out["met"] / judged.where(judged > 0)).astype(float)
    return out.reset_index()
