"""Candidates the value judge takes (``labeling.judge``: its candidates and its decisions are passed
in) -> records, with their confidence; and a filing's review note."""
from __future__ import annotations

from typing import Any

from .. import resources
from ..record import Record, flat
from ..regions import Regions
from ..tables.headers import role_of
from . import record_from_match


def _value_starts(records: list[Record]) -> set[int]:
    return {s for r in records for lab, s, _ in r.spans if lab == "VAL"}


def judged_records(context, judge: Any, taken: list[Record], candidates: list[Any]) -> list[Record]:
    """Records of the candidates the judge takes, each with its ``confidence``: the values outside
    the tables and outside the listed performance sections (there the prose rules read), that no
    record of ``taken`` holds."""
    doc = context.doc
    held = _value_starts(taken)
    sections = Regions((a, b) for a, b, _ in context.sections)
    out = []
    for cand in candidates:
        vs = cand.value_start
        # only a value whose shape allows an indicator is judged (money, a date, a list number, a
        # code: of 1,544 such candidates in the gold filings the judge took 3, at twice the cost)
        if not cand.shape_ok or vs in held or sections.holds(vs) or cand.name is None:
            continue
        column, p = judge.decide(cand)
        if column == "none":
            continue
        ind = cand.name
        rec = record_from_match(doc.name, doc.text, ind, cand.match, cand.view.to_original, column=column,
                                project=context.projects.at(cand.start), source="model")
        rec.extra["reader"] = "judge"
        rec.extra["judge_p"] = round(p, 4)
        out.append(rec)
    return out


ANY = "*"  # the calibration's entry for records of a kind it has not seen


def calibration_key(record: Record) -> str:
    """What a record's confidence is looked up by: its reader, and for a prose record whether the
    value judge reads its value the same way ("prose:judge agrees" / "prose:judge differs")."""
    reader = record.extra.get("reader", "?")
    agrees = record.extra.get("judge_agrees")
    return reader if agrees is None else f"{reader}:judge {'agrees' if agrees else 'differs'}"


def mark_agreement(records: list[Record], candidates: list[Any], judge: Any) -> None:
    """Say on each prose record whether the value judge takes its value, in the same column."""
    by_val = {c.value_start: c for c in candidates}
    for r in records:
        if r.extra.get("reader") != "prose":
            continue
        cand = next((by_val[s] for lab, s, _ in r.spans if lab == "VAL" and s in by_val), None)
        if cand is not None:
            r.extra["judge_agrees"] = judge.decide(cand)[0] == r.column


def with_confidence(records: list[Record], calibration: dict[str, float] | None) -> list[Record]:
    """``records``, each with a ``confidence``: the precision records like it had in the grouped
    cross-validation (``calibration``, by :func:`calibration_key`, from ``evaluate --cv
    --save-calibration``); none without one."""
    if calibration:
        for r in records:
            conf = calibration.get(calibration_key(r), calibration.get(ANY))
            if conf is not None:
                r.extra["confidence"] = conf
    return records


def review_reason(records: list[Record], candidates: list[Any], judge: Any = None) -> str:
    """Why a person should look at this filing's records ("" when nothing says so): values that
    may be indicators (their shape allows it) stand outside the tables and no record reads them;
    or the value judge reads most of the prose rules' values otherwise (another column, or none)."""
    held = _value_starts(records)
    unread = [c for c in candidates if c.shape_ok and c.value_start not in held]
    if not records:
        return f"no record; {len(unread)} values outside the tables unread" if unread else ""
    share = len(unread) / (len(unread) + len(records))
    if len(unread) >= REVIEW_MIN_UNREAD and share > REVIEW_SHARE:
        return f"{len(unread)} of {len(unread) + len(records)} values unread"
    glued = _garbled(records)
    if len(glued) >= REVIEW_MIN_UNREAD and len(glued) > REVIEW_SHARE * len(records):
        return (f"{len(glued)} of {len(records)} records look garbled (a number or a level name glued before the "
                f"name, one name with several values in one column, a name of one character or a column's name)")
    if judge is not None:
        by_val = {s: r for r in records if r.source == "rule" for lab, s, _ in r.spans if lab == "VAL"}
        judged = [(by_val[c.value_start], judge.decide(c)[0]) for c in candidates if c.value_start in by_val]
        differ = [r for r, col in judged if col != r.column]
        if len(differ) >= REVIEW_MIN_UNREAD and len(differ) > REVIEW_SHARE * len(judged):
            return f"the value judge reads {len(differ)} of {len(judged)} prose values otherwise"
    return ""


def _column_name(name: str) -> bool:
    """Whether an indicator name is the name of a column that holds no measure (a scrambled
    header's "偏差原因分析及改进措施", "绩效标准", "得分"; a value column's name may name an
    indicator: "年度指标值完成率")."""
    return role_of(name) in _NO_MEASURE


_NO_MEASURE = ("reason", "basis", "score", "project", "other")


def _garbled(records: list[Record]) -> list[Record]:
    """The records whose name looks glued to what stood before it (a number: "10成本…"; a level
    name: "满意度指标服务对象…"), those of one name and column with several values (a row whose
    cells a reader could not part), and those named by one character or by a column's name."""
    suffix = resources.marker("indicator_suffix")
    levels = [lv for lv in resources.level_names() if lv.endswith(suffix)]
    values: dict[tuple, set] = {}
    for r in records:
        values.setdefault((r.project, r.indicator, r.column), set()).add((r.value, r.qualitative))
    return [r for r in records
            if (r.indicator or "")[:1].isdigit() or len(values[(r.project, r.indicator, r.column)]) > 1
            # a name of one character, or a column's name (a scrambled header: "偏差原因分析及改进措施")
            or len(flat(r.indicator or "")) < 2 or _column_name(r.indicator or "")
            or any((r.indicator or "").startswith(lv) and len(r.indicator) > len(lv) + 1 for lv in levels)]


# a filing is flagged for review when more than this share of its possible values is unread (or
# read otherwise by the judge), and at least this many
REVIEW_SHARE = 0.5
REVIEW_MIN_UNREAD = 3
