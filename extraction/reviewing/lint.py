"""Are the targets well set? Rules kept as data (resources/reviewing/lint_rules.tsv: id, severity,
what it checks, why, an example from a real filing); each id has one check here, a function of the
records frame returning the records it flags (and a detail per record where one helps).

A finding cites its record: filing, project, indicator, column, the text as written and its
offsets (and the line, where the filing text is at hand)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable

import pandas as pd

from .. import resources
from ..record import Record
from ..resources import table
from .judging import is_num, unit_of
from .pairing import pair_columns
from .records import Inputs, as_frame, words

SEVERITIES = ("error", "warning", "info")
FINDING_COLUMNS = ["rule", "severity", "doc", "filing", "line", "start", "end", "project", "level1", "level2",
                   "indicator", "column", "op", "value", "unit", "qualitative", "text", "detail", "what"]


@dataclass(frozen=True)
class Rule:
    """One lint rule as resources/reviewing/lint_rules.tsv states it."""

    id: str
    severity: str
    what: str
    why: str
    example: str


@lru_cache(maxsize=None)
def rules() -> tuple[Rule, ...]:
    """The lint rules, in the order of the data file."""
    out = tuple(Rule(*r[:5]) for r in table("reviewing/lint_rules.tsv"))
    for r in out:
        if r.severity not in SEVERITIES:
            raise ValueError(f"resources/reviewing/lint_rules.tsv: rule {r.id}: severity {r.severity!r} "
                             f"is not one of {', '.join(SEVERITIES)}")
        if r.id not in CHECKS:
            raise ValueError(f"resources/reviewing/lint_rules.tsv: rule {r.id} has no check in reviewing/lint.py")
    return out


# --- masks the rules (and exploring.oddities) share ------------------------------------------------

def _contains_any(series: pd.Series, key: str) -> pd.Series:
    ws = words(key)
    return series.fillna("").map(lambda s: any(w in s for w in ws)).astype(bool)


def is_satisfaction(df: pd.DataFrame) -> pd.Series:
    """Satisfaction measures: the name says 满意, or the 二级指标 is a 满意度 kind."""
    return _contains_any(df["indicator"], "satisfaction") | _kind_in(df, "satisfaction_kind")


def is_upper(df: pd.DataFrame) -> pd.Series:
    """An upper bound: ``<=`` or ``<``."""
    return df["op"].isin(["<=", "<"])


def is_headcount(df: pd.DataFrame) -> pd.Series:
    """A unit counting people (人, 人次 ...)."""
    return df["unit"].isin(words("headcount"))


def is_money(df: pd.DataFrame) -> pd.Series:
    """An amount of money: the unit has 元 (元, 元/人 ...)."""
    return _contains_any(df["unit"], "money")


def _kind_in(df: pd.DataFrame, key: str) -> pd.Series:
    return df["kind"].isin(words(key))


def _unit_in_name(name: Any) -> bool:
    """The name ends with a bracket holding a unit ("实施营造林总面积(亩)", "达标率(%)": D16)."""
    if not isinstance(name, str):
        return False
    opens = [name.rfind(b) for b in words("unit_bracket")]
    i = max(opens)
    if i < 0:
        return False
    inner = name[i + 1:].rstrip(")）").strip()
    return inner in resources.units() or inner in resources.magnitudes()


def _targets(df: pd.DataFrame) -> pd.Series:
    return df["column"].eq("target")


# --- one check per rule id: frame -> (flagged rows, detail per row or None) ----------------------

Check = Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.Series | None]]


def _rate_upper_100(df):
    m = _targets(df) & is_upper(df) & df["pct"] & (df["value"] >= 100)
    return df[m.fillna(False)], None


def _upper_bound_count(df):
    m = _targets(df) & is_upper(df) & _kind_in(df, "count_kind") & df["numeric"] & ~df["pct"] & ~is_money(df)
    return df[m.fillna(False)], None


def _count_without_unit(df):
    kinds = _kind_in(df, "count_kind") | _kind_in(df, "quality_kind")
    m = _targets(df) & kinds & df["numeric"] & df["unit"].isna() & ~df["indicator"].map(_unit_in_name)
    return df[m.fillna(False)], None


def _qualitative_count(df):
    m = _targets(df) & _kind_in(df, "count_kind") & df["qualitative"].notna()
    return df[m.fillna(False)], None


def _same(a: dict, b: dict) -> bool:
    return (is_num(a.get("value")) and is_num(b.get("value")) and float(a["value"]) == float(b["value"])
            and unit_of(a) == unit_of(b))


def _no_ambition(df):
    def key(r: dict) -> tuple:
        return r["doc"], r["start"], r["end"]

    prior = {key(t): p for t, p, _ in pair_columns(df, "target", "prior") if t is not None}
    rows, details = [], []
    for t, last, _ in pair_columns(df, "target", "last"):
        if t is None or last is None or not _same(t, last):
            continue
        v = float(t["value"])
        if v == 0 or (unit_of(t) == "%" and v >= 100):
            continue  # a zero (accidents) or a full rate cannot be raised
        p = prior.get(key(t))
        if p is not None and not _same(t, p):
            continue
        rows.append(t)
        details.append(f"last year {last['value']:g}" + (f", the year before {p['value']:g}" if p is not None else "")
                       + f", target {v:g} {unit_of(t) or ''}".rstrip())
    return pd.DataFrame(rows, columns=df.columns), pd.Series(details, dtype=object)


def _cost_not_money(df):
    m = _targets(df) & _kind_in(df, "cost_kind") & ~is_money(df) & ~df["pct"]
    return df[m.fillna(False)], None


def _no_outcome(df):
    t = df[_targets(df)]
    rows, details = [], []
    for (doc, project), g in t.groupby(["doc", t["project"].fillna("")], sort=False):
        if g["level1"].isna().all():
            continue  # prose targets only: no table to say which level they are
        outcome = _contains_any(g["level1"], "outcome_level1") | is_satisfaction(g)
        if not outcome.any():
            first = g.sort_values("start").iloc[0]
            rows.append(first.to_dict())
            levels = sorted(set(g["level1"].dropna()))
            details.append(f"{len(g)} targets, level1: {', '.join(levels)}")
    return pd.DataFrame(rows, columns=df.columns), pd.Series(details, dtype=object)


def _actual_without_target(df):
    rows = [a for t, a, _ in pair_columns(df, "target", "actual") if t is None]
    return pd.DataFrame(rows, columns=df.columns), None


def _placeholder(df):
    m = _contains_any(df["indicator"], "placeholder") | _contains_any(df["text"], "placeholder")
    return df[m.fillna(False)], None


def _pct_over_100(df):
    m = _targets(df) & df["pct"] & (df["value"] > 100)
    return df[m.fillna(False)], None


CHECKS: dict[str, Check] = {
    "rate-upper-100": _rate_upper_100,
    "upper-bound-count": _upper_bound_count,
    "count-without-unit": _count_without_unit,
    "qualitative-count": _qualitative_count,
    "no-ambition": _no_ambition,
    "cost-not-money": _cost_not_money,
    "no-outcome": _no_outcome,
    "actual-without-target": _actual_without_target,
    "placeholder": _placeholder,
    "pct-over-100": _pct_over_100,
}


def _line(texts: dict[str, str], doc: Any, start: Any) -> int | None:
    text = texts.get(doc)
    if text is None or pd.isna(start):
        return None
    return text.count("\n", 0, int(start)) + 1


def lint(records: Inputs | pd.DataFrame | Iterable[Record | dict[str, Any]], texts: dict[str, str] | None = None,
         *, only: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per (rule, record) flagged (FINDING_COLUMNS): errors first, then warnings, then
    infos; within a severity in the order of the rules file, then of the filing.

    ``only`` limits the run to some rule ids (an unknown id is a ValueError)."""
    if isinstance(records, Inputs):
        texts = {**records.texts, **(texts or {})}
    texts = texts or {}
    df = as_frame(records)
    chosen = rules()
    if only is not None:
        only = list(only)
        unknown = sorted(set(only) - {r.id for r in chosen})
        if unknown:
            raise ValueError(f"unknown lint rule {', '.join(unknown)} (rules: {', '.join(r.id for r in chosen)})")
        chosen = tuple(r for r in chosen if r.id in only)
    parts = []
    for rule in sorted(chosen, key=lambda r: SEVERITIES.index(r.severity)):  # errors first
        if df.empty:
            break
        hit, detail = CHECKS[rule.id](df)
        if hit.empty:
            continue
        hit = hit.reset_index(drop=True).assign(rule=rule.id, severity=rule.severity, what=rule.what)
        hit["detail"] = detail.reset_index(drop=True) if detail is not None else None
        hit["line"] = [_line(texts, d, s) for d, s in zip(hit["doc"], hit["start"])]
        parts.append(hit.sort_values(["doc", "start"], kind="stable"))
    if not parts:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["line"] = out["line"].astype("Int64")
    return out[FINDING_COLUMNS]


def rules_frame() -> pd.DataFrame:
    """The rules as a table (id, severity, what, why, example)."""
    return pd.DataFrame([r.__dict__ for r in rules()], columns=["id", "severity", "what", "why", "example"])
