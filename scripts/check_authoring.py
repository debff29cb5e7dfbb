"""Check one hand-typed authoring file against its filing, before `gold build` (stdlib only, so an
annotator can run it anywhere): span texts at their offsets, no white space at span edges, the
record values of the spec (column, op, value xor qualitative, no white space), no VAL used twice,
no overlap between spans of different mentions (a shared IND / OP / UNIT is allowed).

    python3 scripts/check_authoring.py annotations/filings/dev2/X.txt annotations/work/dev2/X.mentions.jsonl

Prints one line per problem and exits 1 when there is any; it never runs the extractor.
"""
from __future__ import annotations

import json
import sys

COLUMNS = {"target", "actual", "prior", "last"}
OPS = {">=", "<=", ">", "<", "=", "~"}


def problems(text: str, lines: list[str]) -> list[str]:
    out: list[str] = []
    seen_val: dict[tuple[int, int], int] = {}
    spans: list[tuple[int, int, str, int]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            out.append(f"line {n}: not JSON ({e})")
            continue
        texts = d.get("texts") or {}
        named = [("ind", d.get("ind"), texts.get("ind")), ("val", d.get("val"), texts.get("val"))]
        named += [("op", s, t) for s, t in zip(d.get("ops") or [], texts.get("ops") or [None] * 99)]
        named += [("unit", s, t) for s, t in zip(d.get("units") or [], texts.get("units") or [None] * 99)]
        if len(d.get("ops") or []) != len(texts.get("ops") or []) or len(d.get("units") or []) != len(texts.get("units") or []):
            out.append(f"line {n}: texts.ops / texts.units do not list one text per span")
        for kind, span, want in named:
            if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)
                    and 0 <= span[0] < span[1] <= len(text)):
                out.append(f"line {n}: {kind} span {span!r} is not [start, end] inside the filing")
                continue
            got = text[span[0]:span[1]]
            if want is not None and got != want:
                out.append(f"line {n}: {kind} {want!r} but the filing has {got!r} at {span}")
            if got != got.strip():
                out.append(f"line {n}: {kind} {got!r} at {span} starts or ends with white space")
            spans.append((span[0], span[1], kind, n))
        if d.get("column") not in COLUMNS:
            out.append(f"line {n}: column {d.get('column')!r} not one of {sorted(COLUMNS)}")
        if d.get("op") not in OPS:
            out.append(f"line {n}: op {d.get('op')!r} not one of {sorted(OPS)}")
        if d.get("ops") == [] and d.get("op") not in ("=", None):
            out.append(f"line {n}: op {d.get('op')!r} with no OP span (no written operator means '=')")
        has_value, has_qual = d.get("value") is not None, bool(d.get("qualitative"))
        if has_value == has_qual:
            out.append(f"line {n}: needs exactly one of value / qualitative")
        if has_value and not isinstance(d["value"], (int, float)):
            out.append(f"line {n}: value {d['value']!r} is not a number")
        for name in ("qualitative", "unit_norm", "level1", "level2", "project"):
            v = d.get(name)
            if v is not None and (not isinstance(v, str) or any(c.isspace() for c in v)):
                out.append(f"line {n}: {name} {v!r} is not a string without white space")
        if has_qual and d.get("unit_norm"):
            out.append(f"line {n}: a qualitative value has no unit")
        val = tuple(d.get("val") or ())
        if val in seen_val:
            out.append(f"line {n}: VAL {val} is already the VAL of line {seen_val[val]}")
        seen_val.setdefault(val, n)
    # spans of different labels may not overlap; equal spans of one label are shared, fine
    uniq = sorted({(s, e, k) for s, e, k, _ in spans})
    for i, (s1, e1, k1) in enumerate(uniq):
        for s2, e2, k2 in uniq[i + 1:]:
            if s2 >= e1:
                break
            out.append(f"{k1} [{s1}, {e1}) {text[s1:e1]!r} overlaps {k2} [{s2}, {e2}) {text[s2:e2]!r}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    text = open(argv[1], encoding="utf-8").read()
    lines = open(argv[2], encoding="utf-8").read().splitlines()
    found = problems(text, lines)
    for p in found:
        print(f"{argv[2]}: {p}")
    print(f"{sum(1 for x in lines if x.strip())} mentions, {len(found)} problems")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
