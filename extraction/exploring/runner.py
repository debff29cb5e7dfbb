"""Execute notebooks top to bottom with nbclient (the kernel is this interpreter's, so the notebooks
see the installed project) and write them back with their outputs."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..project import project_root
from ..output import write_text

ROOT = project_root()
NOTEBOOKS = ROOT / "notebooks"
TIMEOUT = 600  # seconds a cell may take


def notebook_paths(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The notebooks of a folder, in name order."""
    return sorted(Path(folder).glob("*.ipynb"))


def execute(path: str | Path, *, cwd: str | Path | None = None, timeout: int = TIMEOUT):
    """The notebook at ``path`` run top to bottom in ``cwd`` (its own folder by default).

    Raises nbclient's CellExecutionError, naming the cell, when a cell fails."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    # the kernel runs this interpreter (the project's venv), with matplotlib's inline backend
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    env = dict(os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    client.execute(env=env)  # passed on to the kernel manager's start_kernel
    return nb


def run(paths: list[Path] | None = None, *, write: bool = True) -> list[tuple[Path, float]]:
    """Execute notebooks (all under notebooks/ by default), writing each back atomically."""
    import nbformat


    out = []
    for p in paths or notebook_paths():
        t0 = time.perf_counter()
        nb = execute(p)
        if write:
            write_text(p, nbformat.writes(nb) + "\n")
        out.append((Path(p), time.perf_counter() - t0))
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python scripts/run_notebooks.py [NOTEBOOK ...]``."""
    from nbclient.exceptions import CellExecutionError

    args = sys.argv[1:] if argv is None else argv
    paths = [Path(a) for a in args] or notebook_paths()
    for p in paths:
        try:
            ((_, secs),) = run([p])
        except CellExecutionError as exc:
            print(f"{p}: a cell failed: {str(exc).splitlines()[0] if str(exc) else exc!r}", file=sys.stderr)
            return 1
        print(f"{p}: executed in {secs:.1f} s, outputs written")
    return 0
