"""Plain text filings: UTF-8 (with or without BOM), UTF-16 by BOM or, without one, by where its
NUL bytes fall, else charset-normalizer's guess among the Chinese encodings (GBK / GB18030, Big5)."""
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
        text = _utf16_without_bom(data)
        if text is None:
            raise ReadError(path, "binary data, not text")
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "gbk", "big5", "utf_16", "utf_8"]).best()
    if best is None or best.chaos > 0.3:
        raise ReadError(path, "undecodable bytes: not UTF-8, GBK/GB18030, Big5 or UTF-16 text")
    return str(best), best.encoding


UTF16_SAMPLE = 1 << 16  # bytes looked at to tell UTF-16 from binary data


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a BOM (as some Windows tools save it), or None. Its ASCII characters
    (digits, tabs, line breaks) have a NUL high byte: in little-endian at odd positions only, in
    big-endian at even ones; binary data has NULs at both alike. The decoded text must be text: no NUL
    and almost no control characters."""
    sample = data[:UTF16_SAMPLE]
    half = len(sample) // 2
    if len(data) % 2 or half == 0:
        return None
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    # (a character U+xx00, such as 一 U+4E00, puts a few NULs on the other side too)
    if odd > 0.02 and even < odd / 10:
        enc = "utf-16-le"
    elif even > 0.02 and odd < even / 10:
        enc = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    head = text[:UTF16_SAMPLE]
    controls = sum(1 for c in head if c < " " and c not in "\t\n\r")
    if "\x00" in text or controls > len(head) / 100:
        return None
    return text, enc


def read_text(path: Path, data: bytes) -> Document:
    """A text filing; offsets follow Python's universal-newline reading, as the spec's checker does."""
    text, enc = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ReadError(path, "binary data, not text (NUL characters)")
    return Document(name=path.name, text=text, path=str(path), encoding=enc)
