"""Which actual belongs to which target (or 上年 / 前年 value to which target).

Two records belong together when they share the indicator-name span (one table row with
年度目标值 and 全年完成值: ``paired_by`` "span"); records left over (prose: 年初设定目标 /
全年实际完成情况, or records without spans, as a CSV export gives them) pair up by project and
indicator name, in order (``paired_by`` "name"), except that a table-row target followed at once by
a table-row actual of the same 二级指标, neither paired by span, pair as one row (``paired_by``
"row": a name cell "党建信息员管理规范" whose target cell names its own measure "年底考核通过率超过
80%", then the actual "96%"). Where one target has several actuals (one value
cell giving "73 场" and "383 个"), the actual with the target's unit is taken and the others are
left over."""
from __future__ import annotations

import pandas as pd

from typing import Iterable

from .judging import unit_of

Pair = tuple[dict | None, dict | None, str | None]


def pair_columns(df: pd.DataFrame, first: str = "target", second: str = "actual",
                 also: Iterable[str] = ()) -> list[Pair]:
    """(first record, second record, how paired) of every filing that has ``second`` values (and of
    the filings named in ``also``); records left over pair with None. ``how`` is ``span``, ``row``,
    ``name`` or None."""
    out: list[Pair] = []
    if df.empty:
        return out
    docs = list(df.loc[df["column"].eq(second), "doc"].unique())
    docs += sorted(set(also) & set(df["doc"]) - set(docs))
    for doc in docs:
        d = df[df["doc"].eq(doc) & df["column"].isin([first, second])].sort_values("start", kind="stable")
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
            if by_span:
                _adjacent(recs, firsts, seconds, used, found)
        out += [(t, *found.get(i, (None, None))) for i, t in enumerate(firsts)]
        out += [(None, a, None) for i, a in enumerate(seconds) if i not in used]
    return out


def _take(t: dict, others: list[dict], used: set[int], *, by_span: bool) -> dict | None:
    """The first unused record of the target (same name span, or same project and name), the one
    with the target's unit first."""
    def same(a: dict) -> bool:
        if by_span:  # records read from a file without spans have no name span to share
            if pd.isna(t["ind_start"]) or pd.isna(a["ind_start"]):
                return False
            return (int(a["ind_start"]), int(a["ind_end"])) == (int(t["ind_start"]), int(t["ind_end"]))
        return a["indicator"] == t["indicator"] and a.get("project") == t.get("project")

    cands = [i for i, a in enumerate(others) if i not in used and same(a)]
    if not cands:
        return None
    same_unit = [i for i in cands if unit_of(others[i]) == unit_of(t)]
    i = (same_unit or cands)[0]
    used.add(i)
    return others[i]


def _adjacent(recs: list[dict], firsts: list[dict], seconds: list[dict], used: set[int],
              found: dict[int, tuple[dict | None, str | None]]) -> None:
    """Pair an unpaired table-row target with the unpaired actual that comes right after it."""
    fi = {id(r): i for i, r in enumerate(firsts)}
    si = {id(r): i for i, r in enumerate(seconds)}
    def value_end(r: dict) -> float:  # records of one row share their start (the name's), not their end
        e = r.get("end")
        return float("inf") if e is None or pd.isna(e) else float(e)

    by_value = sorted(recs, key=value_end)
    for t, a in zip(by_value, by_value[1:]):
        i, j = fi.get(id(t)), si.get(id(a))
        if i is None or j is None or i in found or j in used:
            continue
        if isinstance(t.get("level2"), str) and t.get("level2") == a.get("level2") and t.get("project") == a.get("project"):
            used.add(j)
            found[i] = (a, "row")
