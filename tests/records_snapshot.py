"""Records of every mode for every annotated filing (5 samples, 33 dev, 17 dev2), one JSON line
each: the fixture of tests/test_records_unchanged.py (which says how it is made)."""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from extraction.pipeline import MODES, run
from extraction.reading import read_document

ROOT = Path(__file__).resolve().parents[1]


def filings() -> list[Path]:
    """The sample filings, then the dev and the dev2 filings."""
    base = ROOT / "annotations" / "filings"
    return sorted(base.glob("*.txt")) + sorted((base / "dev").glob("*.txt")) + sorted((base / "dev2").glob("*.txt"))


def snapshot() -> list[dict]:
    """Every record of every mode of every filing, as dicts with a ``mode`` key."""
    rows = []
    for path in filings():
        doc = read_document(path)
        for mode in MODES:
            for r in run(doc, mode).records:
                rows.append({"mode": mode, **r.to_dict()})
    return rows


def dumps(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(out: str) -> None:
    rows = snapshot()
    data = dumps(rows)
    Path(out).write_bytes(gzip.compress(data.encode("utf-8"), mtime=0))
    print(f"{len(rows)} records -> {out}")


if __name__ == "__main__":
    main(sys.argv[1])
