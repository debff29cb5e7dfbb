"""Targets against actuals, and targets against earlier years, for the notebooks.

The pairing and the judging are the review's (extraction/reviewing: pairing.py, judging.py,
completion.py); this module keeps the notebooks' names for them and adds the comparison of a target
with the same indicator's 上年 / 前年 value."""
from __future__ import annotations

import pandas as pd

from ..reviewing.completion import COLUMNS, completion
from ..reviewing.judging import OUTCOMES, is_num, judge, unit_of, verdict
from ..reviewing.pairing import pair_columns

__all__ = ["COLUMNS", "OUTCOMES", "judge", "pair_columns", "target_vs_base", "targets_vs_actuals", "verdict"]


def targets_vs_actuals(df: pd.DataFrame, *, about: float = 0.1) -> pd.DataFrame:
    """One row per target, and per actual without a target, of every filing that has actuals: the
    review's completion table (reviewing.completion) of a records frame (no filing texts, so no scores)."""
    return completion(df, about=about)


def target_vs_base(df: pd.DataFrame, base: str = "last") -> pd.DataFrame:
    """Each numeric target beside the same indicator's earlier value (``last`` 上年 or ``prior`` 前年)
    where a filing gives one, with ``change`` = target / base - 1 (None where units differ or the
    base is 0)."""
    rows = []
    for t, b, how in pair_columns(df, "target", base):
        if t is None or b is None or not (is_num(t.get("value")) and is_num(b.get("value"))):
            continue
        same_unit = unit_of(t) == unit_of(b) or not (unit_of(t) and unit_of(b))
        bv, tv = float(b["value"]), float(t["value"])
        rows.append({"doc": t["doc"], "filing": t.get("filing"), "project": t.get("project"),
                     "indicator": t["indicator"], "unit": unit_of(t) or unit_of(b), f"{base}_value": bv,
                     "target_value": tv, "change": (tv / bv - 1) if same_unit and bv else None,
                     "paired_by": how})
    cols = ["doc", "filing", "project", "indicator", "unit", f"{base}_value", "target_value", "change", "paired_by"]
    return pd.DataFrame(rows, columns=cols)
