"""Confidence a person can act on: the precision records of one kind had in the grouped
cross-validation is the confidence of such records (the kind: the reader, "table:cells", "prose",
"judge" ..., and for prose whether the value judge reads the value alike), and how well
confidences match how often records are right (expected calibration error, reliability bins),
measured with every fitted part held out: the precision table a group's records get is fitted on
the other groups.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..assembling.candidates import ANY, calibration_key
from .crossval import CVResult

BINS = 10
PRIOR = 1.0  # add-one smoothing of a reader's precision: a reader seen twice is not certain


@dataclass
class Outcome:
    """One predicted record of a held-out filing: its group, kind (:func:`calibration_key`) and
    whether it matches a gold record (strict)."""

    group: str
    reader: str
    correct: bool


def outcomes(res: CVResult, mode: str = "values") -> list[Outcome]:
    """Every record ``mode`` predicted on the held-out filings, right or wrong."""
    out = []
    for f in res.filings:
        m = f.strict[mode]
        for rec, ok in [(p, True) for _, p in m.matched] + [(p, False) for p in m.spurious]:
            out.append(Outcome(f.group, calibration_key(rec), ok))
    return out


def fit_precision(items: list[Outcome]) -> dict[str, float]:
    """Each kind's smoothed precision over ``items``."""
    right: dict[str, float] = defaultdict(float)
    seen: dict[str, float] = defaultdict(float)
    for o in items:
        seen[o.reader] += 1
        right[o.reader] += o.correct
    table = {r: round((right[r] + PRIOR * 0.5) / (seen[r] + PRIOR), 4) for r in sorted(seen)}
    # records of a kind never seen (a grid's rows: the gold filings are text) get the mean precision
    table[ANY] = round((sum(right.values()) + PRIOR * 0.5) / (sum(seen.values()) + PRIOR), 4)
    return table


def held_out(items: list[Outcome]) -> list[tuple[float, bool]]:
    """(confidence, correct) of every record, its reader's precision fitted without its group."""
    out = []
    groups = sorted({o.group for o in items})
    for g in groups:
        table = fit_precision([o for o in items if o.group != g])
        for o in items:
            if o.group != g:
                continue
            out.append((table.get(o.reader, table[ANY]), o.correct))
    return out


def reliability(pairs: list[tuple[float, bool]], bins: int = BINS) -> list[dict[str, float]]:
    """Equal-width confidence bins: records, mean confidence and share right in each."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            rows.append({"lo": lo, "hi": hi, "n": len(inside), "confidence": sum(c for c, _ in inside) / len(inside),
                         "accuracy": sum(ok for _, ok in inside) / len(inside)})
    return rows


def ece(pairs: list[tuple[float, bool]], bins: int = BINS) -> float:
    """Expected calibration error: the record-weighted mean |share right - mean confidence| over bins."""
    total = len(pairs)
    return sum(r["n"] / total * abs(r["accuracy"] - r["confidence"]) for r in reliability(pairs, bins)) if total else 0.0


def report(res: CVResult, mode: str = "values") -> dict:
    """The calibration figures of one CV run: the precision table (fitted on every group, what
    ``--save-calibration`` ships), the held-out ECE and reliability bins, per reader counts."""
    items = outcomes(res, mode)
    pairs = held_out(items)
    readers: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for o in items:
        readers[o.reader][0] += 1
        readers[o.reader][1] += o.correct
    return {"mode": mode, "grouping": res.grouping, "records": len(items), "ece": round(ece(pairs), 4),
            "precision": fit_precision(items), "reliability": reliability(pairs),
            "readers": {r: {"records": n, "right": k} for r, (n, k) in sorted(readers.items())}}


def markdown(cal: dict) -> str:
    lines = [f"## Calibration of `{cal['mode']}` (leave one {cal['grouping']} out)", "",
             f"Each record's confidence is the precision records of its kind (reader; for prose, whether the "
             f"value judge reads the value alike) had in the cross-validation, fitted without the record's "
             f"own group. Over {cal['records']} predicted records the expected calibration error is "
             f"**{cal['ece']:.3f}**.", "",
             "| kind | records | right | precision (shipped confidence) |", "|---|---:|---:|---:|"]
    for r, v in cal["readers"].items():
        lines.append(f"| {r} | {v['records']} | {v['right']} | {cal['precision'][r]} |")
    lines.append(f"| any other kind | | | {cal['precision'][ANY]} |")
    lines += ["", "Reliability (held out):", "", "| confidence | records | mean confidence | share right |",
              "|---|---:|---:|---:|"]
    lines += [f"| {r['lo']:.1f}-{r['hi']:.1f} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |"
              for r in cal["reliability"]]
    return "\n".join(lines + [""])
