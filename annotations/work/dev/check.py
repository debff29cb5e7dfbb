"""Check authoring files: every span's text equals its `texts` entry, no edge white space, fields
present. Usage: python annotations/work/dev/check.py annotations/work/dev/<stem>.mentions.jsonl ..."""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

KEYS = {"ind", "ops", "val", "units", "column", "project", "level1", "level2", "op", "value",
        "unit_norm", "qualitative", "texts"}
OPS = {">=", "<=", ">", "<", "=", "~"}
COLS = {"target", "actual", "prior", "last"}


def check(path: Path) -> int:
    path = path.resolve()
    stem = path.name.split(".")[0]
    filing = ROOT / "annotations" / "filings" / path.parent.name.replace("iaa", "dev") / f"{stem}.txt"
    text = filing.read_text(encoding="utf-8")
    bad, n = 0, 0
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        errs = [f"missing {k}" for k in KEYS - d.keys()]
        spans = [("ind", d["ind"], d["texts"]["ind"]), ("val", d["val"], d["texts"]["val"])]
        spans += [("op", s, t) for s, t in zip(d["ops"], d["texts"]["ops"])]
        spans += [("unit", s, t) for s, t in zip(d["units"], d["texts"]["units"])]
        if len(d["ops"]) != len(d["texts"]["ops"]) or len(d["units"]) != len(d["texts"]["units"]):
            errs.append("ops/units and texts differ in length")
        for name, (s, e), want in spans:
            got = text[s:e]
            if got != want:
                errs.append(f"{name} [{s},{e}] is {got!r}, texts says {want!r}")
            if got != got.strip() or not got:
                errs.append(f"{name} [{s},{e}] {got!r} starts/ends with white space or is empty")
        if d["op"] not in OPS:
            errs.append(f"op {d['op']!r}")
        if d["column"] not in COLS:
            errs.append(f"column {d['column']!r}")
        if (d["value"] is None) == (d["qualitative"] is None):
            errs.append("exactly one of value / qualitative must be set")
        for e in errs:
            print(f"{path.name}:{n}: {e}")
        bad += bool(errs)
    print(f"{path.name}: {n} lines, {bad} with problems")
    return bad


if __name__ == "__main__":
    sys.exit(1 if sum(check(Path(p)) for p in sys.argv[1:]) else 0)
