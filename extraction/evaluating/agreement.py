"""Inter-annotator agreement: two annotators' authoring files of the same filings scored against
each other as record F1 (spec section 4), strict and relaxed."""
from __future__ import annotations

from pathlib import Path

from .authoring import read_authoring
from .scoring import RecordMatch, score_records


def agreement(first: Path, second: Path, filings: Path) -> tuple[dict[str, RecordMatch], dict[str, RecordMatch]]:
    """(strict, relaxed) per-filing matches of the mentions in ``second`` (every
    ``*.mentions.jsonl`` there) against the same filings' mentions in ``first``."""
    a, b = [], []
    for path in sorted(second.glob("*.mentions.jsonl")):
        stem = path.name.split(".")[0]
        doc = f"{stem}.txt"
        text = (filings / doc).read_text(encoding="utf-8")
        other = first / path.name
        if not other.is_file():
            raise ValueError(f"{other}: the first annotation of {doc} is missing")
        a += [m.to_record(text) for m in read_authoring(other, doc)]
        b += [m.to_record(text) for m in read_authoring(path, doc)]
    return score_records(a, b), score_records(a, b, relaxed=True)
