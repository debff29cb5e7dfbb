from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILINGS = ROOT / "annotations" / "filings"


def _checker() -> Path:
    """The record checker of ../shared, beside this checkout or, in a git worktree, beside the
    main checkout (the worktree's .git file names the common git folder)."""
    here = ROOT.parent / "shared" / "tools" / "check_records.py"
    git = ROOT / ".git"
    if here.is_file() or not git.is_file():
        return here
    common = Path(git.read_text(encoding="utf-8").split("gitdir:", 1)[1].strip()).parents[2]
    return common.parent / "shared" / "tools" / "check_records.py"


CHECKER = _checker()


@pytest.fixture(scope="session")
def filing_text():
    def load(prefix: str) -> str:
        (path,) = FILINGS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")
    return load
