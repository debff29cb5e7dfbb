from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILINGS = ROOT / "annotations" / "filings"
CHECKER = ROOT.parent / "shared" / "tools" / "check_records.py"


@pytest.fixture(scope="session")
def filing_text():
    def load(prefix: str) -> str:
        (path,) = FILINGS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")
    return load
