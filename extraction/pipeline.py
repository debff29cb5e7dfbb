"""The extraction pipeline: a document in, records out."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .extractors import DEFAULT_MODE, extractor, modes
from .reading import Document, read_document
from .record import Record
from .structure import DocumentContext, read_tables  # noqa: F401 (read_tables: moved there)
from .tables import Table

MODES = modes()  # the shipped extractors; ``extractors.modes()`` also lists those registered later


@dataclass
class Result:
    """Records of one document and what the reader saw (for the CLI's summary)."""

    doc: Document
    records: list[Record]
    tables: list[Table] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def layouts(self) -> str:
        names = sorted({t.layout for t in self.tables})
        return "+".join(names) if names else "prose"


def run(doc: Document, mode: str = DEFAULT_MODE, *, tagger=None) -> Result:
    """Extract one document with the registered extractor ``mode`` (``extractors``).

    ``rules``: the table readers and the prose rules. ``model``: the sequence labeler alone.
    ``combined``: the rules, and the labeler on everything they did not read.
    ``tagger`` replaces the shipped model (leave-one-filing-out passes one trained without ``doc``).
    """
    ex = extractor(mode)
    context = DocumentContext(doc)  # headers, tables, sections and projects, found once
    records = sorted(ex.records(context, tagger=tagger), key=lambda r: (r.start, r.end))
    if not ex.reads_tables:
        return Result(doc, records, [], [])
    return Result(doc, records, context.tables, context.problems)


def extract(source: str | Path, *, mode: str = DEFAULT_MODE, name: str | None = None) -> list[Record]:
    """Records of every indicator mention in ``source`` (a file path, or the text itself)."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                    and Path(source).is_file()):
        doc = read_document(Path(source))
    else:
        doc = Document(name=name or "<text>", text=str(source))
    return run(doc, mode).records
