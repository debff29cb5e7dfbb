"""The input files named by command-line path arguments (folders searched recursively): one walker
for every command. It never dies on a name (undecodable bytes, symlink loops) and says what it
leaves out of a folder and why (``Walk.skipped``), so nothing is skipped without a word."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .reading import SUFFIXES
from .output import os_problem
from .reading.paths import SKIP_REASONS, printable, why_not_a_file


# left out without a word: Word's "~$name.docx" lock files and hidden files (an output's temp file)
_QUIET_PREFIXES = ("~$", ".")


@dataclass
class Walk:
    """The input files, for each the argument it was found under (or itself), and what a folder held
    that is left out, with the reason (path, reason)."""

    files: list[Path] = field(default_factory=list)
    roots: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)

    def skipped_lines(self) -> list[str]:
        """One line per thing left out: ``<path>: <reason>`` (names printable)."""
        return [f"{printable(p)}: {why}" for p, why in self.skipped]


def walk(paths: Iterable[str | Path], suffixes: Sequence[str] = SUFFIXES,
         also: Sequence[str] = ()) -> Walk:
    """The input files of the path arguments. A folder is searched recursively for files whose
    suffix is one of ``suffixes`` (or whose name ends with one of ``also``); any other argument is a
    file, read as named (the reader reports it if it cannot be read)."""
    out = Walk()
    for arg in paths:
        p = Path(arg)
        try:
            is_dir = p.is_dir()
        except OSError:  # pathlib lets some errors through (a name too long)
            is_dir = False
        if not is_dir:
            out.files.append(p)
            out.roots.append(p)
            continue
        found: list[Path] = []
        _search(p, suffixes, tuple(also), found, out.skipped)
        found.sort()
        out.files.extend(found)
        out.roots.extend([p] * len(found))
    return out


def _search(folder: Path, suffixes: Sequence[str], also: tuple[str, ...], found: list[Path],
            skipped: list[tuple[Path, str]]) -> None:
    stack = [folder]
    wanted = {s.lower() for s in suffixes}
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as err:
            skipped.append((d, SKIP_REASONS["unreadable"].format(problem=os_problem(err))))
            continue
        for e in entries:
            if e.name.startswith(_QUIET_PREFIXES):
                continue
            path = Path(d, e.name)
            suffix = path.suffix.lower()
            ours = suffix in wanted or e.name.endswith(also)
            try:
                linked = e.is_symlink()
                is_dir = e.is_dir()
                is_file = not is_dir and e.is_file()
            except OSError as err:  # a symlink loop, a name too long
                if ours or e.is_symlink():
                    skipped.append((path, why_not_a_file(path) or SKIP_REASONS["no stat"].format(problem=os_problem(err))))
                continue
            if is_dir:
                if linked:  # not followed: a link to a folder above would loop
                    skipped.append((path, SKIP_REASONS["linked folder"]))
                    continue
                if ours:
                    skipped.append((path, SKIP_REASONS["folder like file"].format(suffix=suffix or e.name)))
                stack.append(path)
            elif is_file:
                if ours:
                    found.append(path)
            elif ours or linked:
                why = why_not_a_file(path)
                if why is not None:
                    skipped.append((path, why))


def inputs(paths: list[str]) -> tuple[list[Path], list[Path]]:
    """The input files, and for each the folder argument it was found in (or itself)."""
    w = walk(paths)
    return w.files, w.roots


def input_files(paths: list[str]) -> list[Path]:
    """The input files of the path arguments (folders searched recursively)."""
    return walk(paths).files
