"""The extraction pipeline: a document in, records out."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .assembling import records_from_row
from .assembling.spans import may_hold_statement, plausible_outside_tables
from .assembling.context import Projects
from .reading import Document, read_document
from .record import Record
from .tables import Table, find_tables
from .tables.reader import read_cell_tables

MODES = ("combined", "rules", "model")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
DEFAULT_MODE = "combined"


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


def _misread(t: Table) -> bool:
    """A known-layout table whose names hold cell markers ("|"): that reader did not know the layout."""
    return any(r.name is not None and ("|" in r.name.text or "｜" in r.name.text) for r in t.rows)


def read_tables(text: str) -> list[Table]:
    """The known-layout readers' tables, then the cells-first reader's in the stretches those did
    not read (or misread the layout): one reading per stretch of text."""
    known = sorted((k for k in find_tables(text) if not _misread(k)), key=lambda t: t.start)
    out = list(known)
    pos = 0
    for gap_end in [k.start for k in known] + [len(text)]:
        if gap_end > pos:
            out += read_cell_tables(text, pos, gap_end)
        pos = max(pos, next((k.end for k in known if k.start == gap_end), pos))
    return sorted(out, key=lambda t: t.start)


def table_records(doc: Document, tables: list[Table], projects: Projects) -> list[Record]:
    out = []
    for t in tables:
        for row in t.rows:
            anchor = row.name.start if row.name else t.start
            project = row.project.flat if row.project else projects.at(anchor)
            out.extend(records_from_row(doc.name, doc.text, row, project))
    return out


def model_records(doc: Document, projects: Projects, tagger=None, skip=(), select=None) -> list[Record]:
    """Records from the sequence labeler's spans (windows inside ``skip`` regions, or refused by
    ``select``, not tagged)."""
    from .assembling.spans import records_from_spans
    from .labeling import default_tagger

    tagger = tagger or default_tagger()
    # a lone surrogate (possible in a str passed to extract(), never in a decoded file) cannot be
    # encoded for CRFsuite: the labeler sees U+FFFD in its place, one character for one
    text = _LONE_SURROGATE.sub("\ufffd", doc.text)
    spans = tagger.predict(text, skip=skip, select=select)
    return records_from_spans(doc.name, doc.text, spans, projects=projects)


class _Regions:
    """Sorted, merged intervals built once, so that each lookup is a binary search (combined mode
    asks once per labeler record: rebuilding per record made it quadratic in table rows)."""

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(regions):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def holds_any(self, points: list[int]) -> bool:
        """Whether any point lies in one of the regions."""
        import bisect

        for p in points:
            i = bisect.bisect_right(self._starts, p) - 1
            if i >= 0 and p < self._ends[i]:
                return True
        return False


def run(doc: Document, mode: str = DEFAULT_MODE, *, tagger=None) -> Result:
    """Extract one document with the given mode.

    ``rules``: the known-layout table reader and the prose rules. ``model``: the sequence labeler
    alone. ``combined``: the rules, and the labeler on everything they did not read (outside the
    tables they recognised and the values they took).
    ``tagger`` replaces the shipped model (leave-one-filing-out passes one trained without ``doc``).
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; one of {MODES}")
    projects = Projects(doc.text)
    if mode == "model":
        records = model_records(doc, projects, tagger)
        records.sort(key=lambda r: (r.start, r.end))
        if doc.meta.get("ocr_words"):
            from .reading.ocr import add_ocr_origins

            add_ocr_origins(records, doc)
        return Result(doc, records, [], [])
    tables = read_tables(doc.text)
    if doc.grids:  # real cells (.docx .xlsx .html .pdf) are read cell by cell, not guessed from text
        from .tables.grids import add_origins, with_grid_tables

        tables = with_grid_tables(doc, tables)
    records = table_records(doc, tables, projects)
    if doc.grids:
        add_origins(records, tables)
    from .prose import prose_records

    records += prose_records(doc, tables, projects)
    if mode == "combined":
        # the labeler reads what the rules did not: outside the tables they recognised and away
        # from every value the rules already took
        tabled = [(t.start, t.end) for t in tables]
        taken = _Regions(tabled + [(r.start, r.end) for r in records])
        records += [r for r in model_records(doc, projects, tagger, skip=tabled, select=may_hold_statement)
                    if not taken.holds_any([v[1] for v in r.spans if v[0] == "VAL"]) and plausible_outside_tables(r)]
    records.sort(key=lambda r: (r.start, r.end))
    if doc.meta.get("ocr_words"):
        from .reading.ocr import add_ocr_origins

        add_ocr_origins(records, doc)
    problems = [f"{t.layout} table at {t.start}: {p}" for t in tables for p in t.problems]
    return Result(doc, records, tables, problems)


def _names_a_file(source: str) -> bool:
    """Whether a string is a file path rather than text: one line, no tab, and either an existing
    file or a name ending in a filing's suffix ("typo.txt" is a missing file, not one line of text)."""
    from .reading import KNOWN_SUFFIXES

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
    from .reading import ReadError

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
