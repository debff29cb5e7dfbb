"""Is one actual's value a fulfilment of one target's? met, not met, or not comparable, with a reason.

Numbers: the target's operator decides (``>=`` met when actual >= target, ``<=`` / ``<`` the other
way, ``~`` within 10%). A target written without an operator (``=``) is a level to reach, as
self-evaluations score it, except for names that measure something to keep low (受害率, 发生率 ...:
resources/reviewing/words.tsv ``lower_better``) and for 成本 rows, which are ceilings. Units: a unit missing on one
side is taken to be the other's (self-evaluations often leave it out of the 全年完成值 cell); units
that differ by a magnitude (万元 vs 元, 万人 vs 人) are brought to base units through the value grammar
(extraction/values); an actual in % against a target in another unit is read as a completion rate
("已完成100%"); other different units are not comparable (人 vs 人次).

Qualitative values: resources/reviewing/qualitative_equivalents.tsv. An actual repeating the
target, or of the target's group (健全 ~ 完善), or saying it was achieved (完成, 达标 ...) meets it; an
actual saying it was missed (未完成, or containing a missed marker: 未能 ...) does not; a month
against a deadline ("7月" against "9月前") is compared; anything else is not comparable.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from .. import values
from ..resources import table
from .records import words

OUTCOMES = ("met", "not met", "not comparable")
ABOUT = 0.1  # "~" (约, 左右) is met within 10% of the target
COMPLETION = 100.0  # an actual given as a completion rate meets its target at 100%


def judge(op: str, target: float, actual: float, *, about: float = ABOUT) -> bool:
    """Whether ``actual`` meets a numeric target ``op target`` (``=`` is a level to reach)."""
    if op == ">":
        return actual > target
    if op == "<=":
        return actual <= target
    if op == "<":
        return actual < target
    if op == "~":
        return math.isclose(actual, target, rel_tol=about)
    return actual >= target  # ">=" and "=" (a level to reach)


@lru_cache(maxsize=None)
def equivalents() -> dict[str, str]:
    """qualitative word -> group (resources/reviewing/qualitative_equivalents.tsv)."""
    return {r[0]: r[1] for r in table("reviewing/qualitative_equivalents.tsv")}


def is_num(v: Any) -> bool:
    """A number (not None, not NaN)."""
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def unit_of(r: dict[str, Any]) -> str | None:
    """The record's unit, None for a missing or empty one."""
    u = r.get("unit")
    return u if isinstance(u, str) and u else None


def _text(v: Any) -> str | None:
    return "".join(v.split()) if isinstance(v, str) and v.strip() else None


@lru_cache(maxsize=1024)
def base_unit(unit: str) -> tuple[float, str | None]:
    """(factor, base unit) of a unit written with a magnitude, read by the value grammar:
    万元 -> (10000, 元), 万 -> (10000, None), 人 -> (1, 人)."""
    found = values.find_values("1" + unit)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(unit) + 1 and found[0].value:
        return float(found[0].value), found[0].unit
    return 1.0, unit


def effective_op(target: dict[str, Any]) -> str:
    """The target's operator; a bare target (``=``) is a ceiling (``<=``) on a name that measures
    something to keep low, and in a 成本 row (a cost may come in under its target)."""
    op = target.get("op") or "="
    if op != "=":
        return op
    if any(w in (target.get("indicator") or "") for w in words("lower_better")):
        return "<="
    if target.get("kind") in words("cost_kind"):
        return "<="
    return op


def margin(op: str, target: float, actual: float) -> float | None:
    """How far the actual lies beyond the target in the direction the operator asks, relative to the
    target: +0.1 is 10% better than required, -0.2 is 20% short; None for a target of 0."""
    if target == 0:
        return None
    rel = (actual - target) / abs(target)
    if op in ("<=", "<"):
        return -rel
    if op == "~":
        return -abs(rel)
    return rel


def _month(text: str) -> int | None:
    m = re.search(r"(\d{1,2})\s*" + re.escape(words("month")[0]), text)
    return int(m.group(1)) if m else None


def _qualitative(t: dict[str, Any], a: dict[str, Any]) -> tuple[str, str] | None:
    """(outcome, reason) where one side is qualitative and the words decide; None where they do not."""
    tq, aq = _text(t.get("qualitative")), _text(a.get("qualitative"))
    groups = equivalents()
    if aq is not None:
        if tq is not None and aq == tq:
            return "met", f"actual repeats the target ({aq})"
        group = groups.get(aq)
        if group == "achieved":
            return "met", f"actual says achieved ({aq})"
        if group == "missed":
            return "not met", f"actual says missed ({aq})"
        if tq is not None and group is not None and groups.get(tq) == group:
            return "met", f"equivalent qualitative values ({tq} ~ {aq}: {group})"
        if tq is not None:
            due, done = _month(tq), _month(aq)
            if due is not None and done is not None and any(w in tq for w in words("deadline")):
                met = done <= due
                return ("met" if met else "not met"), f"month {done} {'by' if met else 'after'} the deadline {tq}"
        marker = next((w for w in words("missed_marker") if w in aq), None)
        if marker:
            return "not met", f"actual says missed ({marker}: {aq})"
    return None


def verdict(t: dict[str, Any] | None, a: dict[str, Any] | None, *, about: float = ABOUT) -> tuple[str, str]:
    """(outcome, reason) of one target record against one actual record (either may be None)."""
    if t is None:
        return "not comparable", "no target"
    if a is None:
        return "not comparable", "no actual"
    words_say = _qualitative(t, a)
    if words_say is not None:
        return words_say
    tnum, anum = is_num(t.get("value")), is_num(a.get("value"))
    tu, au = unit_of(t), unit_of(a)
    if anum and au == "%" and tu != "%" and (not tnum or tu is not None):
        av = float(a["value"])
        met = av >= COMPLETION
        return ("met" if met else "not met"), f"actual is a completion rate ({av:g}%)"
    if not tnum:
        return "not comparable", f"qualitative target {t.get('qualitative')!s}"
    if not anum:
        return "not comparable", f"qualitative actual {a.get('qualitative')!s}"
    tv, av = float(t["value"]), float(a["value"])
    note = ""
    if tu and au and tu != au:
        (tf, tb), (af, ab) = base_unit(tu), base_unit(au)
        if tb != ab or (tf == af == 1.0):
            return "not comparable", f"units differ ({tu} vs {au})"
        tv, av = tv * tf, av * af
        note = f"; {tu} and {au} in {tb or 'units'}"
    elif tu != au:
        note = f"; unit {tu or au} taken for both"
    op = effective_op(t)
    met = judge(op, tv, av, about=about)
    written = t.get("op") or "="
    shown = op if op == written else f"{op} (written {written})"
    if op == "=":
        shown = ">= (written =)"  # a level to reach
    return ("met" if met else "not met"), f"actual {av:g} {'meets' if met else 'misses'} {shown} {tv:g}{note}"


def numbers(t: dict[str, Any] | None, a: dict[str, Any] | None) -> tuple[float | None, float | None]:
    """Target and actual values in the same base unit (None where either is not a number or the
    units cannot be brought together)."""
    if t is None or a is None or not (is_num(t.get("value")) and is_num(a.get("value"))):
        return None, None
    tv, av = float(t["value"]), float(a["value"])
    tu, au = unit_of(t), unit_of(a)
    if tu and au and tu != au:
        (tf, tb), (af, ab) = base_unit(tu), base_unit(au)
        if tb != ab:
            return None, None
        return tv * tf, av * af
    return tv, av
