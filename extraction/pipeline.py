"""The extraction pipeline: a document in, records out."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .extractors import DEFAULT_MODE, extractor, modes
from .reading import Document, KNOWN_SUFFIXES, ReadError, read_document
from .record import Record
from .structure import DocumentContext, read_tables  # noqa: F401 (read_tables: moved there)
from .tables import Table
from .assembling.candidates import review_reason
from .labeling.judge import candidates_of
from .reading.ocr import add_ocr_origins

MODES = modes()  # the shipped extractors; ``extractors.modes()`` also lists those registered later


@dataclass
class Result:
    """Records of one document and what the reader saw (for the CLI's summary)."""

    doc: Document
    records: list[Record]
    tables: list[Table] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    review: str = ""  # why a person should look at the records ("" when nothing says so)

    @property
    def layouts(self) -> str:
        names = sorted({t.layout for t in self.tables})
        return "+".join(names) if names else "prose"


def run(doc: Document, mode: str = DEFAULT_MODE, *, tagger=None) -> Result:
    """Extract one document with the registered extractor ``mode`` (``extractors``).

    ``rules``: the table readers and the prose rules. ``model``: the trained cell model alone.
    ``combined``: the rules, and the labeler on everything they did not read.
    ``tagger`` replaces the shipped model (leave-one-filing-out passes one trained without ``doc``).
    """
    ex = extractor(mode)
    context = DocumentContext(doc)  # headers, tables, sections and projects, found once
    records = sorted(ex.records(context, tagger=tagger), key=lambda r: (r.start, r.end))
    if doc.meta.get("ocr_words"):  # a scan: each record says where on which page it was read
        add_ocr_origins(records, doc)
    if not ex.reads_tables:
        return Result(doc, records, [], [])

    review = review_reason(records, candidates_of(context), getattr(context, "judge", None))
    return Result(doc, records, context.tables, context.problems, review)


def _names_a_file(source: str) -> bool:
    """Whether a string is a file path rather than text: one line, no tab, and either an existing
    file or a name ending in a filing's suffix ("typo.txt" is a missing file, not one line of text)."""

    if not source or "\n" in source or "\t" in source or len(source) > 4096 or "\x00" in source:
        return False
    try:  # a component over the file system's name limit is text, not an OSError
        if Path(source).is_file():
            return True
    except (OSError, ValueError):
        return False
    return Path(source).suffix.lower() in KNOWN_SUFFIXES and len(Path(source).stem.strip()) > 0


def extract(source: str | os.PathLike | None = None, *, text: str | None = None, mode: str = DEFAULT_MODE,
            name: str | None = None) -> list[Record]:
    """Records of every indicator mention in ``source``.

    A ``Path`` (any ``os.PathLike``) is a file; a ``str`` is a file when it names one (one line that
    is an existing file or ends in a filing's suffix, such as ``"report.pdf"``), else the text
    itself. ``text=`` is always text. A missing or unreadable file raises :class:`ReadError`;
    anything that is neither text nor a path (``None``, ``bytes``) raises ``TypeError``.
    """

    if text is not None:
        if source is not None:
            raise TypeError("extract() takes a source or text=, not both")
        if not isinstance(text, str):
            raise TypeError(f"extract(text=...) needs a str, not {type(text).__name__}")
        return run(Document(name=name or "<text>", text=text), mode).records
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _names_a_file(source)):
        path = Path(source)
        if not path.is_file():
            raise ReadError(path, "no such file" if not path.exists() else "not a file")
        return run(read_document(path), mode).records
    if isinstance(source, str):
        return run(Document(name=name or "<text>", text=source), mode).records
    raise TypeError(f"extract() needs a file path (str or Path) or text (str), not {type(source).__name__}"
                    + ("; decode bytes first, or write them to a file" if isinstance(source, (bytes, bytearray)) else ""))
