"""The input files named by command-line path arguments (folders searched recursively)."""
from __future__ import annotations

from pathlib import Path

from .reading import SUFFIXES


def input_files(paths: list[str]) -> list[Path]:
    """The input files of the path arguments (folders searched recursively)."""
    return inputs(paths)[0]


def inputs(paths: list[str]) -> tuple[list[Path], list[Path]]:
    """The input files, and for each the folder argument it was found in (or itself)."""
    files: list[Path] = []
    roots: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            # not Word's "~$name.docx" lock files nor hidden files (such as an output's temp file)
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                           and not f.name.startswith(("~$", ".")))
            files.extend(found)
            roots.extend([p] * len(found))
        else:
            files.append(p)
            roots.append(p)
    return files, roots
