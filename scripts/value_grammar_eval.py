#!/usr/bin/env python
"""Share of gold value strings the value grammar reads with (op, value, unit) exactly right.

    python scripts/value_grammar_eval.py                      # the sample filings' gold
    python scripts/value_grammar_eval.py --mentions DIR --filings annotations/filings/dev --misses

--mentions reads authoring files DIR/*.mentions.jsonl (read-only) against the filings in --filings.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extraction.evaluating.value_strings import cases_from_mentions, cases_from_records, score_cases

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=Path, default=ROOT / "annotations/gold/gold_records.jsonl",
                    help="gold records with spans (default: the sample filings' gold)")
    ap.add_argument("--mentions", type=Path, help="a folder of *.mentions.jsonl authoring files instead")
    ap.add_argument("--filings", type=Path, default=ROOT / "annotations/filings",
                    help="folder of the filings the gold points into")
    ap.add_argument("--misses", action="store_true", help="list every value string read wrong")
    args = ap.parse_args(argv)
    try:
        if args.mentions:
            files = sorted(args.mentions.glob("*.mentions.jsonl"))
            if not files:
                raise FileNotFoundError(f"{args.mentions}: no *.mentions.jsonl files")
            cases = [c for f in files for c in cases_from_mentions(f)]
        else:
            cases = cases_from_records(args.records)
        score = score_cases(cases, args.filings)
    except (OSError, ValueError, KeyError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.misses:
        for c, s, got in score.misses:
            want = (c.op, c.value, c.unit)
            print(f"{c.doc}:{c.start}\t{s!r}\tgold {want}\tread {got}")
    print(f"{score.exact}/{score.total} value strings exact (op, value, unit): {score.share:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
