"""Target/actual pairs read from the filings by a person, as a TSV (tests/data/completion_handcheck.tsv),
turned into gold-style records: a reviewer's own reading of rows the extractor does not read (yet).

Columns: ``filing`` (a file name, looked up among the sample and dev filings), ``line``, ``level2``,
``ind_start`` / ``indicator``, ``target_start`` / ``target``, ``actual_start`` / ``actual`` (where each
cell starts in the filing and what it says, white space removed; an empty target or actual is a
cell left empty), the normalised reading of each side (``t_op t_value t_unit t_qual``, ``a_op ...``:
spec section 3), and the expected ``verdict``, ``score_max`` and ``score``. Every cell is checked
against the filing: a wrong offset is an error naming the TSV line."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Sequence

from ..record import Record
from .records import Inputs, default_filing_dirs

REQUIRED = ("filing", "level2", "ind_start", "indicator", "target_start", "target", "actual_start", "actual",
            "t_op", "t_value", "t_unit", "t_qual", "a_op", "a_value", "a_unit", "a_qual")


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """The rows of a hand-check TSV (comment lines starting with # left out)."""
    path = Path(path)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    missing = [c for c in REQUIRED if rows and c not in rows[0]]
    if missing:
        raise ValueError(f"{path}: missing columns {', '.join(missing)}")
    return rows


def _end(text: str, start: int, written: str, where: str) -> int:
    """The end of ``written`` (white space removed) read in ``text`` from ``start``."""
    i, k = start, 0
    while k < len(written):
        if i >= len(text) or (not text[i].isspace() and text[i] != written[k]):
            raise ValueError(f"{where}: {written!r} is not written at offset {start} "
                             f"(the filing has {text[start:start + len(written) + 4]!r})")
        if text[i].isspace():
            i += 1
            continue
        i, k = i + 1, k + 1
    return i


def _num(s: str) -> float | int | None:
    if not s:
        return None
    v = float(s)
    return int(v) if v.is_integer() else v


def read_pairs(path: str | Path, filings: Sequence[str | Path] | None = None) -> Inputs:
    """Records (IND and VAL spans, the person's reading) and filing texts of a hand-check TSV."""
    path = Path(path)
    dirs = [Path(d) for d in filings] if filings else default_filing_dirs()
    got = Inputs()
    for n, r in enumerate(read_rows(path), 1):
        where = f"{path}: row {n} ({r['filing']} {r['indicator']})"
        doc = r["filing"]
        if doc not in got.texts:
            found = next((d / doc for d in dirs if (d / doc).is_file()), None)
            if found is None:
                raise ValueError(f"{where}: the filing is not in {', '.join(map(str, dirs))}")
            got.texts[doc] = found.read_text(encoding="utf-8")
        text = got.texts[doc]
        i0 = int(r["ind_start"])
        i1 = _end(text, i0, r["indicator"], where)
        for column, side in (("target", "t"), ("actual", "a")):
            if not r[f"{column}_start"]:
                continue
            v0 = int(r[f"{column}_start"])
            v1 = _end(text, v0, r[column], where)
            got.records.append(Record(
                doc=doc, project=None, level1=None, level2=r["level2"] or None, indicator=r["indicator"],
                op=r[f"{side}_op"] or "=", value=_num(r[f"{side}_value"]), unit=r[f"{side}_unit"] or None,
                qualitative=r[f"{side}_qual"] or None, column=column, text=text[i0:v1], start=i0, end=v1,
                source="hand", spans=[("IND", i0, i1), ("VAL", v0, v1)]))
    return got
