"""Extractors: the ways of turning one document's structure into records, registered by name
(the ``--mode`` of the CLI and of :func:`extraction.extract`).

An extractor is a class with ``reads_tables`` (whether its result reports the tables it read) and
``records(context, *, tagger=None)``, decorated with ``@register_extractor("name")``. The three
shipped here share one :class:`~extraction.structure.DocumentContext` per document, so the rules,
the model and the assembler see the same headers, tables, sections and projects.
"""
from __future__ import annotations

from typing import Callable, Protocol

from .assembling import printed_twice, records_from_row
from .assembling.spans import may_hold_statement, plausible_outside_tables, records_from_spans
from .prose import prose_records
from .record import Record
from .regions import Regions
from .structure import DocumentContext

from .modes import DEFAULT_MODE
from .assembling.candidates import judged_records, mark_agreement, with_confidence
from .labeling import default_tagger
from .labeling.crf import encodable
from .labeling.judge import candidates_of, default_calibration, default_judge


class Extractor(Protocol):
    reads_tables: bool

    def records(self, context: DocumentContext, *, tagger=None) -> list[Record]:
        """Records of the document of ``context`` (``tagger`` replaces the shipped model)."""


_EXTRACTORS: dict[str, type] = {}


def register_extractor(name: str) -> Callable[[type], type]:
    """Class decorator: make an extractor available as mode ``name``."""
    def add(cls: type) -> type:
        if not callable(getattr(cls, "records", None)):
            raise TypeError(f"extractor {name!r} ({cls.__name__}) has no records(context) method")
        _EXTRACTORS[name] = cls
        return cls
    return add


def modes() -> tuple[str, ...]:
    """Names of the registered extractors, the default first."""
    return tuple(sorted(_EXTRACTORS, key=lambda n: (n != DEFAULT_MODE, n != "rules", n != "model", n)))


def extractor(mode: str) -> Extractor:
    """A new extractor of mode ``mode``."""
    if mode not in _EXTRACTORS:
        raise ValueError(f"unknown mode {mode!r}; one of {modes()}")
    return _EXTRACTORS[mode]()


def table_records(context: DocumentContext) -> list[Record]:
    """One record per value of every table row; records read from real cells say where."""
    doc, out = context.doc, []
    for t in context.tables:
        copies = printed_twice(t.rows, t.roles)
        for row in t.rows:
            anchor = row.name.start if row.name else t.start
            project = row.project.flat if row.project else context.projects.at(anchor)
            for r in records_from_row(doc.name, doc.text, row, project, roles=t.roles, copies=copies):
                r.extra["reader"] = f"table:{t.layout}"
                if doc.grids:
                    val = next((s for lab, s, _ in r.spans if lab == "VAL"), r.start)
                    for k, v in context.origin_at(val).items():
                        r.extra.setdefault(k, v)
                out.append(r)
    return out


def model_records(context: DocumentContext, tagger=None, skip=(), select=None) -> list[Record]:
    """Records of the trained model: a model that reads cells assembles its own rows; otherwise
    records from the labeler's spans (windows inside ``skip`` regions, or refused by ``select``,
    not tagged; a cell model gives its token labeler's spans there)."""

    tagger = tagger or default_tagger()
    doc = context.doc
    if callable(getattr(tagger, "records", None)) and not skip and select is None:
        # a model that reads cells (family "cells") assembles its own rows
        return tagger.records(doc.name, doc.text, context=context)
    # a lone surrogate (possible in a str passed to extract(), never in a decoded file) cannot be
    # encoded for CRFsuite: the labeler sees U+FFFD in its place, one character for one
    text = encodable(doc.text)
    spans = tagger.predict(text, skip=skip, select=select, context=context)
    return records_from_spans(doc.name, doc.text, spans, projects=context.projects, context=context)


@register_extractor("rules")
class Rules:
    """The known-layout and cells-first table readers, and the prose rules."""

    reads_tables = True

    def records(self, context: DocumentContext, *, tagger=None) -> list[Record]:
        records = table_records(context)
        return records + prose_records(context.doc, context.tables, context.projects, context.sections)


@register_extractor("values")
class Values:
    """The default: the rules where they read (tables, listed performance sections), and every other
    value judged by the value judge (``labeling.judge``): a value under an unlisted heading or in a
    report's sentences is still read when the judge takes it. Without a shipped judge, the rules."""

    reads_tables = True

    def records(self, context: DocumentContext, *, tagger=None) -> list[Record]:
        records = Rules().records(context)
        judge = getattr(tagger, "judge", None) or default_judge()
        context.judge = judge  # its reading of the rules' values says whether a person should look
        if judge is not None:
            found = candidates_of(context)
            mark_agreement(records, found, judge)
            records += judged_records(context, judge, records, found)
        return with_confidence(records, default_calibration())


@register_extractor("model")
class Model:
    """The trained model alone: the cell model's rows and statements (family ``cells``), or the
    records of a token labeler's spans (family ``crf``, ``spacy``)."""

    reads_tables = False

    def records(self, context: DocumentContext, *, tagger=None) -> list[Record]:
        return model_records(context, tagger)


@register_extractor("combined")
class Combined:
    """The rules, and the labeler on everything they did not read (outside the tables they
    recognised and away from the values they took), kept where it reads as a performance statement."""

    reads_tables = True

    def records(self, context: DocumentContext, *, tagger=None) -> list[Record]:
        records = Rules().records(context)
        tabled = [(t.start, t.end) for t in context.tables]
        taken = Regions(tabled + [(r.start, r.end) for r in records])
        return records + [r for r in model_records(context, tagger, skip=tabled, select=may_hold_statement)
                          if not taken.holds_any([v[1] for v in r.spans if v[0] == "VAL"])
                          and plausible_outside_tables(r)]


__all__ = ["DEFAULT_MODE", "Extractor", "extractor", "modes", "register_extractor", "table_records", "model_records"]
