"""The input files named by command-line path arguments (folders searched recursively)."""
from __future__ import annotations

from pathlib import Path

from .reading import SUFFIXES


def printable(name: object) -> str:
    """A file name as text that can be printed and written as UTF-8: the undecodable bytes of a
    name (Latin-1, or GBK from a Windows zip; Python holds them as lone surrogates) as \\xNN."""
    s = str(name)
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate surrogateescape did not make
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


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
