"""What a path names, before it is read: its name as printable text, and why it is no file to read
(a symlink loop, a broken link, a pipe or device). The reader and the input walker say the same."""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..output import os_problem


def printable(name: object) -> str:
    """A file name as text that can be printed and written as UTF-8: the undecodable bytes of a
    name (Latin-1, or GBK from a Windows zip; Python holds them as lone surrogates) as \\xNN."""
    s = str(name)
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate surrogateescape did not make
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


# why the walker leaves something out (the messages users read)
SKIP_REASONS = {
    "loop": "a symlink loop",
    "broken": "a broken symlink (its target does not exist)",
    "special": "not a regular file ({kind})",
    "unreadable": "a folder that cannot be read ({problem})",
    "linked folder": "a symlink to a folder: not followed (name the folder itself to read it)",
    "folder like file": "a folder, though named like a {suffix} file: the files in it are read",
    "no stat": "cannot be looked at ({problem})",
}
_SPECIAL = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device",
            stat.S_IFBLK: "a device"}


def why_not_a_file(path: str | Path) -> str | None:
    """Why ``path`` is no file to read (a symlink loop, a broken symlink, a pipe or device), or None."""
    try:
        st = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return SKIP_REASONS["loop"]
        if err.errno == errno.ENOENT and os.path.islink(path):
            return SKIP_REASONS["broken"]
        if err.errno == errno.ENOENT:
            return None  # the reader says "no such file"
        return SKIP_REASONS["no stat"].format(problem=os_problem(err))
    kind = _SPECIAL.get(stat.S_IFMT(st.st_mode))
    return SKIP_REASONS["special"].format(kind=kind) if kind else None
