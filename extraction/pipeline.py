"""The extraction pipeline: a document in, records out."""
from __future__ import annotations

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
    spans = tagger.predict(doc.text, skip=skip, select=select)
    return records_from_spans(doc.name, doc.text, spans, projects=projects)


def _inside(regions: list[tuple[int, int]], points: list[int]) -> bool:
    """Whether any point lies in one of ``regions`` (sorted by start)."""
    import bisect

    merged: list[list[int]] = []
    for a, b in regions:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    for p in points:
        i = bisect.bisect_right(starts, p) - 1
        if i >= 0 and p < merged[i][1]:
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
        taken = sorted(tabled + [(r.start, r.end) for r in records])
        records += [r for r in model_records(doc, projects, tagger, skip=tabled, select=may_hold_statement)
                    if not _inside(taken, [v[1] for v in r.spans if v[0] == "VAL"]) and plausible_outside_tables(r)]
    records.sort(key=lambda r: (r.start, r.end))
    problems = [f"{t.layout} table at {t.start}: {p}" for t in tables for p in t.problems]
    return Result(doc, records, tables, problems)


def extract(source: str | Path, *, mode: str = DEFAULT_MODE, name: str | None = None) -> list[Record]:
    """Records of every indicator mention in ``source`` (a file path, or the text itself)."""
    if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source and len(source) < 4096
                                    and Path(source).is_file()):
        doc = read_document(Path(source))
    else:
        doc = Document(name=name or "<text>", text=str(source))
    return run(doc, mode).records
