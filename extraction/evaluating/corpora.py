"""The annotated corpora: where each one's filings, authoring files and gold live, and what is
known of each filing (province, form, layout family, layout group).

``samples`` are the five 组织部 filings (annotations/filings); ``dev`` the 33 development filings
from 16 provinces (annotations/filings/dev); ``dev2`` the 17 filings of the second batch, mostly
prose reports, doc-site previews and traditional-character mirrors (annotations/filings/dev2),
annotated before any extractor ran on them (their first-look figure is in the README). Every
evaluation that means "all gold" reads all three.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .gold import filings_dir_default, gold_dir_default


@dataclass(frozen=True)
class CorpusPaths:
    """One annotated corpus: its filings, its hand-typed authoring files and its gold."""

    name: str
    filings: Path
    work: Path
    gold: Path


def corpora() -> dict[str, CorpusPaths]:
    """Every annotated corpus by name."""
    filings, gold = filings_dir_default(), gold_dir_default()
    work = filings.parent / "work"
    return {
        "samples": CorpusPaths("samples", filings, work, gold),
        "dev": CorpusPaths("dev", filings / "dev", work / "dev", gold / "dev"),
        "dev2": CorpusPaths("dev2", filings / "dev2", work / "dev2", gold / "dev2"),
    }


def select(names: str | list[str] | None = None) -> list[CorpusPaths]:
    """The corpora named (``"all"`` or None: every one)."""
    known = corpora()
    if names in (None, "all"):
        return list(known.values())
    names = [names] if isinstance(names, str) else names
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValueError(f"unknown corpus {', '.join(unknown)}; one of {', '.join(known)} or all")
    return [known[n] for n in names]


def gold_sources(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> list[tuple[Path, Path]]:
    """(gold folder, filings folder) pairs to read: the one given, or by default every annotated
    corpus (samples, dev and dev2)."""
    if gold_dir is None and filings is None:
        # the corpora a project root has (an installed package's root may hold the samples only)
        found = [(c.gold, c.filings) for c in select("all") if c.gold.is_dir()]
        return found or [(c.gold, c.filings) for c in select("samples")]
    return [(Path(gold_dir) if gold_dir else gold_dir_default(), Path(filings) if filings else filings_dir_default())]


def corpus_files(gold_dir: str | Path | None = None, filings: str | Path | None = None) -> list[Path]:
    """Every file an evaluation over ``gold_sources(gold_dir, filings)`` may read (gold, filings,
    their lists), so that a report is never written over one of them."""
    found: list[Path] = []
    for pair in gold_sources(gold_dir, filings):
        for folder in pair:
            if folder.is_dir():
                found.extend(f for f in folder.rglob("*") if f.is_file())
    return found


@lru_cache(maxsize=None)
def _meta(path: Path) -> dict[str, dict[str, str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["doc"]: dict(r) for r in rows}


def filing_meta(doc: str) -> dict[str, str]:
    """What ``filings.tsv`` says of a filing (province, form, form_kind, layout_family,
    layout_group ...); for an unlisted filing, its name is its layout group."""
    for c in corpora().values():
        info = _meta(c.filings / "filings.tsv").get(doc)
        if info:
            return {**info, "corpus": c.name}
    stem = doc.rsplit(".", 1)[0]
    return {"doc": doc, "corpus": "?", "province": "?", "form_kind": "?", "layout_family": "?",
            "layout_group": stem}
