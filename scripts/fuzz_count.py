"""Count the exceptions of ``extract`` over N fuzz inputs per mode (the figure docs/inputs.md quotes).

    PYTHONPATH=. .venv/bin/python scripts/fuzz_count.py [N]        # default 10,000 per mode

The inputs are tests/test_fuzz.py's: filing-like text and tables, arbitrary text, one-line
strings past a file name's length, control characters, malformed Chinese numerals. Each call is
checked as the tests check it (text at start:end, bounded spans); exceptions are counted by type.
"""
from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extraction import extract  # noqa: E402
from tests.test_fuzz import any_text, check_records, malformed_numerals, single_line, with_controls  # noqa: E402


def count(mode: str, n: int, strategy) -> tuple[int, Counter, float]:
    calls = 0
    errors: Counter = Counter()

    @settings(max_examples=n, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(text: str) -> None:
        nonlocal calls
        calls += 1
        try:
            check_records(text, extract(text=text, mode=mode, name="fuzz.txt"))
        except Exception as err:  # counted, never raised: the figure is the count
            errors[f"{type(err).__name__}: {str(err)[:80]}"] += 1

    t0 = time.perf_counter()
    one()
    return calls, errors, time.perf_counter() - t0


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    warnings.simplefilter("ignore")
    inputs = {"text, single lines, control characters": st.one_of(any_text, single_line, with_controls),
              "malformed Chinese numerals": malformed_numerals}
    for label, strategy in inputs.items():
        for mode in ("rules", "combined", "model"):
            calls, errors, secs = count(mode, n, strategy)
            print(f"{label}\t{mode}\t{calls} calls\t{sum(errors.values())} exceptions\t{secs:.0f} s", flush=True)
            for msg, k in errors.most_common(5):
                print(f"    {k} x {msg}", flush=True)


if __name__ == "__main__":
    main()
