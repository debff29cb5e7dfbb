"""Plain text filings: UTF-8 (with or without BOM), UTF-16 by BOM, else charset-normalizer's
guess among the Chinese encodings (GBK / GB18030, Big5)."""
from __future__ import annotations

from pathlib import Path

from .model import Document, ReadError


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes -> (text, encoding); refuses empty, binary and undecodable data with a ReadError."""
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


def read_text(path: Path, data: bytes) -> Document:
    """A text filing; offsets follow Python's universal-newline reading, as the spec's checker does."""
    text, enc = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ReadError(path, "binary data, not text (NUL characters)")
    return Document(name=path.name, text=text, path=str(path), encoding=enc)
