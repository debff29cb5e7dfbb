"""Reading files into the document model: the original text every offset refers to."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".txt", ".text")


class ReadError(Exception):
    """A file that cannot be read; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


@dataclass
class Document:
    """A filing: its name (the records' ``doc``) and its original text."""

    name: str
    text: str
    path: str | None = None
    encoding: str = "utf-8"
    meta: dict = field(default_factory=dict)


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes -> (text, encoding): UTF-8 (with or without BOM) first, then UTF-16 by BOM, then
    charset-normalizer's best guess among the Chinese encodings; refuses binary data."""
    if not data.strip():
        raise ReadError(path, "empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise ReadError(path, f"broken UTF-16 text ({err.reason} at byte {err.start})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise ReadError(path, "binary data, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_16", "utf_8"]).best()
    if best is None or best.chaos > 0.3:
        raise ReadError(path, "undecodable bytes: not UTF-8, GBK/GB18030, Big5 or UTF-16 text")
    return str(best), best.encoding


def read_document(path: str | Path) -> Document:
    """Read a text filing; raises ReadError with the file and the problem."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a folder, not a file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(path, f"{size / 1e6:.0f} MB is over the {MAX_BYTES / 1e6:.0f} MB limit for one filing")
    if path.suffix.lower() not in SUFFIXES:
        raise ReadError(path, f"unsupported format {path.suffix or '(none)'}: this version reads text files ({', '.join(SUFFIXES)})")
    data = path.read_bytes()
    text, enc = decode(data, path)
    # offsets follow Python's universal-newline reading, as the spec's checker does
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Document(name=path.name, text=text, path=str(path), encoding=enc)
