import subprocess
from functools import cache
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
FIX = ROOT / "tests" / "fixtures" / "formats"
# the record fields two readings of one filing must agree on (offsets differ between formats)
KEY = ("project", "level1", "level2", "indicator", "op", "value", "unit", "qualitative", "column")


def key(r):
    return tuple(getattr(r, k) for k in KEY)


@cache
def original(prefix: str):
    """The rules' reading of a sample filing's text (what other formats of it must give)."""
    from extraction.pipeline import run
    from extraction.reading import read_document

    (path,) = FILINGS.glob(f"{prefix}_*.txt")
    return run(read_document(path), "rules")


def cli_in_process(*args, cwd=ROOT, columns: int = 80) -> subprocess.CompletedProcess:
    """``python -m extraction ARGS`` run in this process: its exit code (``main``'s return value, or
    argparse's SystemExit) and what it printed. For tests that look only at the exit code, the messages
    and the files; a test of process behaviour (signals, pools, kill, resource limits) runs a real
    process. COLUMNS as a subprocess sees it: 80 where the suite runs without a terminal (CI)."""
    import contextlib
    import io
    import os
    from unittest import mock

    from extraction.cli import main

    argv = [str(a) for a in args]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.dict(os.environ, {"COLUMNS": str(columns)}))
        stack.enter_context(contextlib.chdir(cwd))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        try:
            code = main(argv) or 0
        except SystemExit as exit_:  # argparse: a usage error is 2, --help 0
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            if isinstance(exit_.code, str):
                err.write(exit_.code + "\n")
    return subprocess.CompletedProcess(["python", "-m", "extraction", *argv], code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def filing_text():
    def load(prefix: str) -> str:
        (path,) = FILINGS.glob(f"{prefix}_*.txt")
        return path.read_text(encoding="utf-8")
    return load


# --- the real Label Studio server of the test session (tests marked integration use it) -----------

@pytest.fixture(scope="session")
def server(tmp_path_factory):
    from . import label_studio_server as lss

    try:
        srv = lss.start(tmp_path_factory.mktemp("label-studio") / "data")
    except RuntimeError as err:
        pytest.fail(f"Label Studio server did not start: {err}")
    yield srv
    lss.stop(srv)


@pytest.fixture(scope="session")
def run_id():
    """A suffix for project names, so a rerun against the same server starts clean."""
    import secrets

    return secrets.token_hex(3)


@pytest.fixture
def ls_env(server, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", server.url)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", server.token)
    return server


def pytest_collection_modifyitems(items):
    """Every test that uses the Label Studio server is an integration test (``make test-fast``
    leaves them out); so are those the modules mark themselves (notebooks)."""
    for item in items:
        if "server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.integration)
