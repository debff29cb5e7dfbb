"""Build the canonical gold (Label Studio JSON + gold_records.jsonl) from the hand-typed
authoring files ``annotations/work/*.mentions.jsonl`` (format: annotations/work/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

from ..output import write_json, write_jsonl
from ..project import annotations_dir
from .gold import GoldMention, filings_dir_default, gold_dir_default, mentions_to_task


def _span(x) -> tuple[int, int]:
    return int(x[0]), int(x[1])


def read_authoring(path: Path, doc: str) -> list[GoldMention]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        out.append(GoldMention(
            doc=doc, ind=_span(d["ind"]), val=_span(d["val"]),
            ops=[_span(s) for s in d.get("ops", [])], units=[_span(s) for s in d.get("units", [])],
            column=d["column"], op=d["op"], value=d.get("value"), unit=d.get("unit_norm"),
            qualitative=d.get("qualitative"), project=d.get("project"),
            level1=d.get("level1"), level2=d.get("level2"),
        ))
    return out


def build_gold(work_dir: Path | None = None, gold_dir: Path | None = None,
               filings: Path | None = None) -> dict[str, int]:
    """Write ``gold_dir/<stem>.json`` per filing and ``gold_records.jsonl``; returns mentions per filing."""
    work_dir = work_dir or annotations_dir() / "work"
    gold_dir = gold_dir or gold_dir_default()
    filings = filings or filings_dir_default()
    counts: dict[str, int] = {}
    records = []
    for i, fpath in enumerate(sorted(filings.glob("*.txt")), 1):
        doc = fpath.name
        parts = sorted(work_dir.glob(f"{fpath.stem}*.mentions.jsonl"))
        if not parts:
            continue
        text = fpath.read_text(encoding="utf-8")
        mentions = [m for p in parts for m in read_authoring(p, doc)]
        mentions.sort(key=lambda m: m.val)
        write_json(gold_dir / f"{fpath.stem}.json", [mentions_to_task(doc, text, mentions, task_id=i)])
        records.extend(m.to_record(text).to_dict() for m in mentions)
        counts[doc] = len(mentions)
    write_jsonl(gold_dir / "gold_records.jsonl", records)
    return counts
