"""Targets against actuals in self-evaluation filings (绩效自评表): met, not met, or not comparable.

A target and an actual belong together when they share the indicator-name span (one table row with
年度目标值 and 全年完成值); targets and actuals left over (prose: 年初设定目标 / 全年实际完成情况)
pair up by project and indicator name, in order.

The verdict takes the target's operator into account: ``>=`` is met when actual >= target, ``>``
when actual > target, ``<=`` / ``<`` likewise the other way, ``~`` when the actual is within
``about`` (10%) of the target. A target written without an operator (``=``) is read as a level to
reach, as self-evaluations score it: met when actual >= target. Not comparable: one side missing,
a qualitative value on either side (健全, 完成 ...), or different units (人 against 人次). A unit
missing on one side only is taken to be the other side's (self-evaluations often leave it out of
the 全年完成值 cell); the ``reason`` column says so."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

OUTCOMES = ("met", "not met", "not comparable")
_SIDE = ("op", "value", "unit", "qualitative", "text")
COLUMNS = ["doc", "filing", "project", "kind", "indicator",
           *[f"target_{c}" for c in _SIDE], *[f"actual_{c}" for c in _SIDE],
           "paired_by", "outcome", "reason"]


def judge(op: str, target: float, actual: float, *, about: float = 0.1) -> bool:
    """Whether ``actual`` meets a numeric target ``op target``."""
    if op == ">":
        return actual > target
    if op in ("<=",):
        return actual <= target
    if op == "<":
        return actual < target
    if op == "~":
        return math.isclose(actual, target, rel_tol=about)
    return actual >= target  # ">=" and "=" (a level to reach)


def verdict(t: dict[str, Any] | None, a: dict[str, Any] | None, *, about: float = 0.1) -> tuple[str, str]:
    """(outcome, reason) of one target record against one actual record (either may be None)."""
    if t is None:
        return "not comparable", "no target"
    if a is None:
        return "not comparable", "no actual"
    if not _is_num(t.get("value")):
        return "not comparable", f"qualitative target {t.get('qualitative')!s}"
    if not _is_num(a.get("value")):
        return "not comparable", f"qualitative actual {a.get('qualitative')!s}"
    tu, au = _unit(t), _unit(a)
    if tu and au and tu != au:
        return "not comparable", f"units differ ({tu} vs {au})"
    tv, av, op = float(t["value"]), float(a["value"]), t.get("op") or "="
    met = judge(op, tv, av, about=about)
    note = "" if tu == au else f"; unit {tu or au} taken for both"
    shown = ">= (written =)" if op == "=" else op
    rel = "meets" if met else "misses"
    return ("met" if met else "not met"), f"actual {av:g} {rel} {shown} {tv:g}{note}"


def _is_num(v: Any) -> bool:
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def _unit(r: dict[str, Any]) -> str | None:
    u = r.get("unit")
    return u if isinstance(u, str) and u else None


def _row(t: dict | None, a: dict | None, paired_by: str | None, about: float) -> dict[str, Any]:
    base = t if t is not None else a
    outcome, reason = verdict(t, a, about=about)
    row = {k: base.get(k) for k in ("doc", "filing", "project", "kind", "indicator")}
    for side, r in (("target", t), ("actual", a)):
        for c in _SIDE:
            row[f"{side}_{c}"] = None if r is None else r.get(c)
    row.update(paired_by=paired_by, outcome=outcome, reason=reason)
    return row


def pair_columns(df: pd.DataFrame, first: str = "target", second: str = "actual"
                 ) -> list[tuple[dict | None, dict | None, str | None]]:
    """(first record, second record, how paired) of every filing that has ``second`` values.

    Pairs share the indicator-name span (one table row), else the project and indicator name (in
    order); records left over pair with None. ``how`` is ``span``, ``name`` or None."""
    out: list[tuple[dict | None, dict | None, str | None]] = []
    for doc in df.loc[df["column"].eq(second), "doc"].unique():
        d = df[df["doc"].eq(doc) & df["column"].isin([first, second])].sort_values("start")
        recs = d.to_dict("records")
        firsts = [r for r in recs if r["column"] == first]
        seconds = [r for r in recs if r["column"] == second]
        used: set[int] = set()
        found: dict[int, tuple[dict | None, str | None]] = {}
        for by_span in (True, False):
            for i, t in enumerate(firsts):
                if i not in found:
                    a = _take(t, seconds, used, by_span=by_span)
                    if a is not None:
                        found[i] = (a, "span" if by_span else "name")
        out += [(t, *found.get(i, (None, None))) for i, t in enumerate(firsts)]
        out += [(None, a, None) for i, a in enumerate(seconds) if i not in used]
    return out


def targets_vs_actuals(df: pd.DataFrame, *, about: float = 0.1) -> pd.DataFrame:
    """One row per target, and per actual without a target, of every filing that has actuals.

    ``df`` is a records frame (frames.records_frame). Where one target has several actuals (one
    value cell giving "73 场" and "383 个"), the actual with the target's unit is taken and the
    others are rows of their own."""
    rows = [_row(t, a, how, about) for t, a, how in pair_columns(df, "target", "actual")]
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["outcome"] = pd.Categorical(out["outcome"], categories=list(OUTCOMES))
    return out


def target_vs_base(df: pd.DataFrame, base: str = "last") -> pd.DataFrame:
    """Each numeric target beside the same indicator's earlier value (``last`` 上年 or ``prior`` 前年)
    where a filing gives one, with ``change`` = target / base - 1 (None where units differ or the
    base is 0)."""
    rows = []
    for t, b, how in pair_columns(df, "target", base):
        if t is None or b is None or not (_is_num(t.get("value")) and _is_num(b.get("value"))):
            continue
        same_unit = _unit(t) == _unit(b) or not (_unit(t) and _unit(b))
        bv, tv = float(b["value"]), float(t["value"])
        rows.append({"doc": t["doc"], "filing": t.get("filing"), "project": t.get("project"),
                     "indicator": t["indicator"], "unit": _unit(t) or _unit(b), f"{base}_value": bv,
                     "target_value": tv, "change": (tv / bv - 1) if same_unit and bv else None,
                     "paired_by": how})
    cols = ["doc", "filing", "project", "indicator", "unit", f"{base}_value", "target_value", "change", "paired_by"]
    return pd.DataFrame(rows, columns=cols)


def _take(t: dict, actuals: list[dict], used: set[int], *, by_span: bool) -> dict | None:
    """The first unused actual of the target (same name span, or same project and name), the one
    with the target's unit first."""
    def same(a: dict) -> bool:
        if by_span:  # records read from a file without spans have no name span to share
            if pd.isna(t["ind_start"]) or pd.isna(a["ind_start"]):
                return False
            return (int(a["ind_start"]), int(a["ind_end"])) == (int(t["ind_start"]), int(t["ind_end"]))
        return a["indicator"] == t["indicator"] and a.get("project") == t.get("project")

    cands = [i for i, a in enumerate(actuals) if i not in used and same(a)]
    if not cands:
        return None
    same_unit = [i for i in cands if _unit(actuals[i]) == _unit(t)]
    i = (same_unit or cands)[0]
    used.add(i)
    return actuals[i]
