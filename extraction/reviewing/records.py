"""The review's input: records from filings (extracted), from records files (.jsonl, e.g. corrected by
a reviewer) or from annotators' authoring files (.mentions.jsonl), as a DataFrame, with the filing
texts the records' offsets point into (the score cells are read from them).

Besides the record fields of ../shared/spec/INDICATORS.md a frame has ``filing`` (short name of the
file), ``kind`` (二级指标 as a kind: 数量, 质量, 满意度 ...), ``numeric``, ``pct`` (the unit is %),
and ``ind_start`` / ``ind_end`` (the indicator-name span: one table row's target and actual share it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from ..evaluating.gold import filings_dir_default
from ..reading import SUFFIXES, ReadError, read_document
from ..record import SPEC_FIELDS, Record
from ..resources import table
from .. import extract
from ..evaluating.authoring import read_authoring
from ..inputs import printable, walk, why_not_a_file
from ..output import read_records

MENTIONS_SUFFIX = ".mentions.jsonl"
_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")
# pinyin left in a traditional-character mirror after each character: "數(shù)量指標(biāo)" (D24)
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@lru_cache(maxsize=None)
def words(key: str) -> tuple[str, ...]:
    """The words listed under ``key`` in resources/reviewing/words.tsv."""
    found = {r[0]: tuple(r[1].split()) for r in table("reviewing/words.tsv")}
    if key not in found:
        raise KeyError(f"resources/reviewing/words.tsv has no {key!r} line")
    return found[key]


def _kinds() -> dict[str, str]:
    return {r[0]: r[1] for r in table("exploring/level2_kinds.tsv")}


def level2_kind(level2: str | None) -> str | None:
    """二级指标 as a kind: listed names map (服务对象满意度指标 → 满意度, 产出数量 → 数量); others lose
    a trailing bracketed remark ("(10分)") and a trailing 指标; pinyin left after characters
    ("數(shù)量指標(biāo)") is ignored."""
    if not isinstance(level2, str) or not level2:
        return None
    kinds = _kinds()
    name = _PINYIN.sub("", level2)
    while name not in kinds and _BRACKET.search(name):
        name = _BRACKET.sub("", name)
    if name in kinds:
        return kinds[name]
    return name[:-2] if name.endswith("指标") and len(name) > 2 else name


def filing_label(doc: str) -> str:
    """A short name for a filing: the numeric prefix of the sample files (``000``), else the stem."""
    stem = Path(doc).stem
    prefix = stem.split("_", 1)[0]
    return prefix if prefix.isdigit() else stem


def _ind_span(spans: Any) -> tuple[int | None, int | None]:
    if not isinstance(spans, (list, tuple)):  # a missing spans cell is NaN
        return None, None
    for s in spans:
        if s[0] == "IND":
            return int(s[1]), int(s[2])
    return None, None


def records_table(records: Iterable[Record | dict[str, Any]]) -> pd.DataFrame:
    """One row per record, with the derived columns the review and the notebooks group by."""
    rows = [r.to_dict() if isinstance(r, Record) else dict(r) for r in records]
    df = pd.DataFrame(rows)
    for col in (*SPEC_FIELDS, "spans"):
        if col not in df:
            df[col] = None
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["filing"] = df["doc"].map(filing_label)
    df["kind"] = df["level2"].map(level2_kind)
    df["numeric"] = df["value"].notna()
    df["pct"] = df["unit"].eq("%")
    spans = df["spans"].map(_ind_span)
    df["ind_start"] = spans.map(lambda s: s[0]).astype("Int64")
    df["ind_end"] = spans.map(lambda s: s[1]).astype("Int64")
    return df


@dataclass
class Inputs:
    """Records of the review's inputs and the texts of their filings (by ``doc``)."""

    records: list[Record] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)  # every file read: an output must not be one of them
    skipped: list[str] = field(default_factory=list)  # what the folders held that was left out, and why

    def frame(self) -> pd.DataFrame:
        """The records as a records table."""
        return records_table(self.records)


def default_filing_dirs() -> list[Path]:
    """Where the filings of a records file are looked for when not named: the sample and dev filings."""
    root = filings_dir_default()
    return [root, root / "dev"]


def input_files(paths: Sequence[str | Path], skipped: list[str] | None = None) -> list[Path]:
    """The review's input files: filings and records files named, or found in folders (what a folder
    held that is left out, and why, is added to ``skipped``)."""

    found = walk(paths, SUFFIXES, also=(".jsonl",))
    if skipped is not None:
        skipped.extend(found.skipped_lines())
    for p, root in zip(found.files, found.roots):
        if p == root:  # named: it must be there
            why = why_not_a_file(p)
            if why is not None:
                raise ValueError(f"{printable(p)}: {why}")
            if not p.is_file():
                raise FileNotFoundError(f"{printable(p)}: no such file or folder")
    return found.files


def _find_filing(doc: str, dirs: Sequence[Path]) -> Path | None:
    for d in dirs:
        if (d / doc).is_file():
            return d / doc
    return None


def load_inputs(paths: str | Path | Sequence[str | Path], *, mode: str = "rules",
                filings: Sequence[str | Path] | None = None) -> Inputs:
    """Records of filings (extracted with ``mode``), of records files (``.jsonl``), of authoring
    files (``*.mentions.jsonl``) and of pairs read by hand (``.tsv``, handcheck.py), with the filing
    texts.

    The filing of a records file is looked for in ``filings`` (default: the file's own folder, then
    the sample and dev filings); a records file whose filings are not found still loads (no scores).
    Raises ValueError naming the file for a records file that does not hold records."""

    if isinstance(paths, (str, Path)):
        paths = [paths]
    got = Inputs()
    for path in input_files(paths, got.skipped):
        got.files.append(path)
        if path.name.endswith(MENTIONS_SUFFIX):
            doc = path.name[: -len(MENTIONS_SUFFIX)] + ".txt"
            dirs = [Path(f) for f in filings] if filings else [path.parent, *default_filing_dirs()]
            fpath = _find_filing(doc, dirs)
            if fpath is None:
                raise ValueError(f"{path}: the filing {doc} is not in {', '.join(map(str, dirs))}")
            got.files.append(fpath)
            text = fpath.read_text(encoding="utf-8")
            try:
                mentions = read_authoring(path, doc)
            except (KeyError, ValueError, TypeError, IndexError) as err:
                raise ValueError(f"{path}: not an authoring file of mentions ({err!r})") from None
            got.records.extend(m.to_record(text) for m in mentions)
            got.texts[doc] = text
        elif path.suffix.lower() == ".tsv":  # named only: a folder's .tsv files are lists (filings.tsv)
            from .handcheck import read_pairs  # handcheck imports this module: a cycle at load time

            pairs = read_pairs(path, filings)
            got.records.extend(pairs.records)
            got.texts.update(pairs.texts)
        elif path.suffix.lower() in (".jsonl", ".json"):
            recs = read_records(path)
            got.records.extend(recs)
            dirs = [Path(f) for f in filings] if filings else [path.parent, *default_filing_dirs()]
            for doc in {r.doc for r in recs} - set(got.texts):
                fpath = _find_filing(doc, dirs)
                if fpath is not None:
                    got.files.append(fpath)
                    try:
                        got.texts[doc] = read_document(fpath).text
                    except ReadError:
                        pass  # no score cells for this filing; the rest of the review stands
        else:
            doc = read_document(path)
            got.texts[doc.name] = doc.text
            got.records.extend(extract(path, mode=mode))
    return got


def as_frame(records: Inputs | pd.DataFrame | Iterable[Record | dict[str, Any]]) -> pd.DataFrame:
    """A records frame of whatever the caller has: Inputs, a frame already, or records."""
    if isinstance(records, Inputs):
        return records.frame()
    if isinstance(records, pd.DataFrame):
        return records if "ind_start" in records else records_table(records.to_dict("records"))
    return records_table(records)
