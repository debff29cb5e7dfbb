"""Count the exceptions of ``extract`` over N fuzz inputs per mode, and the tracebacks of the
commands that read records files (review completion, review lint, evaluate) over N generated
records files each (the figures docs/inputs.md and reports/hostile.md quote).

    PYTHONPATH=. .venv/bin/python scripts/fuzz_count.py [N]                 # default 10,000 per mode / command
    PYTHONPATH=. .venv/bin/python scripts/fuzz_count.py N --only commands    # the records commands only
    PYTHONPATH=. .venv/bin/python scripts/fuzz_count.py N --only extract     # extract's modes only

The inputs are tests/test_fuzz.py's: filing-like text and tables, arbitrary text, one-line
strings past a file name's length, control characters, malformed Chinese numerals. Each call is
checked as the tests check it (text at start:end, bounded spans); exceptions are counted by type.

The records files are tests/test_fuzz.py's ``records_file`` (valid records, records with a field
changed or dropped, any JSON, any text, lone surrogates). Each goes through the command line's own
entry point, ``extraction.cli.main(argv)``, in this process (a subprocess per call would take hours):
``review completion FILE -o out.{csv,md,xlsx}``, ``review lint FILE -o out.csv``, ``evaluate --pred
FILE``. A traceback is an exception escaping ``main`` (what the user would see as one) or an exit
code other than 0, 1 or 2; an exit 2 must say one line naming the file.
"""
from __future__ import annotations

import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extraction import extract  # noqa: E402
from tests.test_fuzz import any_text, check_records, malformed_numerals, single_line, with_controls  # noqa: E402


def count(mode: str, n: int, strategy, seconds: float = 0) -> tuple[int, Counter, float]:
    calls = 0
    errors: Counter = Counter()

    @settings(max_examples=n, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def one(text: str) -> None:
        nonlocal calls
        if seconds and time.perf_counter() - t0 > seconds:
            return
        calls += 1
        try:
            check_records(text, extract(text=text, mode=mode, name="fuzz.txt"))
        except Exception as err:  # counted, never raised: the figure is the count
            errors[f"{type(err).__name__}: {str(err)[:80]}"] += 1

    t0 = time.perf_counter()
    one()
    return calls, errors, time.perf_counter() - t0


COMMANDS = {"review completion": ["review", "completion", "{f}", "-o", "{o}"],
            "review lint": ["review", "lint", "{f}", "-o", "{d}/lint.csv"],
            "evaluate": ["evaluate", "--pred", "{f}"]}


def count_command(name: str, n: int, folder: Path, seconds: float = 0, seed_: int | None = None
                  ) -> tuple[int, Counter, Counter, float]:
    """Calls, tracebacks (by type) and exit codes of ``name`` over ``n`` generated records files
    (or as many as ``seconds`` allow, if given: the calls made are counted)."""
    import contextlib
    import io

    from extraction.cli import main as cli_main
    from tests.test_fuzz import records_file

    calls = 0
    errors: Counter = Counter()
    exits: Counter = Counter()
    path = folder / "records.jsonl"

    @settings(max_examples=n, deadline=None, derandomize=seed_ is None, database=None,
              suppress_health_check=list(HealthCheck))
    @seed(seed_ if seed_ is not None else 0)
    @given(records_file)
    def one(content: str) -> None:
        nonlocal calls
        if seconds and time.perf_counter() - t0 > seconds:
            return
        out = folder / f"out{('.csv', '.md', '.xlsx')[calls % 3]}"
        calls += 1
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        argv = [a.format(f=path, o=out, d=folder) for a in COMMANDS[name]]
        err = io.StringIO()
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                rc = cli_main(argv)
        except SystemExit as exc:  # argparse
            rc = exc.code
        except Exception as exc:  # counted, never raised: the figure is the count
            errors[f"{type(exc).__name__}: {str(exc)[:80]}"] += 1
            return
        exits[rc] += 1
        said = " ".join(err.getvalue().split())
        if rc not in (0, 1, 2):
            errors[f"exit {rc}: {said[:80]}"] += 1
        elif rc == 2 and str(path) not in said:
            errors[f"exit 2 without naming the file: {said[:80]}"] += 1

    t0 = time.perf_counter()
    one()
    return calls, errors, exits, time.perf_counter() - t0


def main() -> None:
    import argparse
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=10_000)
    ap.add_argument("--only", choices=["extract", "commands"], help="extract's modes, or the records commands")
    ap.add_argument("--commands", nargs="+", choices=list(COMMANDS), default=list(COMMANDS))
    ap.add_argument("--seed", type=int, help="records commands: other files than the derandomized run's (a "
                    "second run with a seed adds calls over new files)")
    ap.add_argument("--gold", help="evaluate: score against this one gold folder (evaluate --gold; default every "
                    "annotated corpus, which it loads on each call: 0.47 s a call, the five samples' folder 0.1 s)")
    ap.add_argument("--modes", nargs="+", default=["values", "rules", "combined", "model"], help="extract's modes")
    ap.add_argument("--seconds", type=float, default=0, help="a time budget per command or mode and input kind (0: none); the calls made "
                    "in it are counted and printed")
    a = ap.parse_args()
    n = a.n
    if a.gold:
        COMMANDS["evaluate"] += ["--gold", a.gold]
    warnings.simplefilter("ignore")
    if a.only != "extract":
        for name in a.commands:
            with tempfile.TemporaryDirectory() as td:
                calls, errors, exits, secs = count_command(name, n, Path(td), a.seconds, a.seed)
            print(f"records files\t{name}\t{calls} calls\t{sum(errors.values())} tracebacks\t{secs:.0f} s\t"
                  f"exit codes {dict(sorted(exits.items(), key=str))}", flush=True)
            for msg, k in errors.most_common(5):
                print(f"    {k} x {msg}", flush=True)
        if a.only == "commands":
            return
    inputs = {"text, single lines, control characters": st.one_of(any_text, single_line, with_controls),
              "malformed Chinese numerals": malformed_numerals}
    for label, strategy in inputs.items():
        for mode in a.modes:
            calls, errors, secs = count(mode, n, strategy, a.seconds)
            print(f"{label}\t{mode}\t{calls} calls\t{sum(errors.values())} exceptions\t{secs:.0f} s", flush=True)
            for msg, k in errors.most_common(5):
                print(f"    {k} x {msg}", flush=True)


if __name__ == "__main__":
    main()
