"""Build the canonical gold (Label Studio JSON + gold_records.jsonl) from the hand-typed
authoring files ``annotations/work/*.mentions.jsonl`` (format: annotations/work/README.md)."""
from __future__ import annotations

import json
from pathlib import Path

from ..output import write_json, write_jsonl
from ..project import annotations_dir
from .gold import GoldMention, filings_dir_default, gold_dir_default, mentions_to_task, task_to_mentions


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


class GoldConflict(Exception):
    """The gold holds changes the authoring files do not (a pulled correction): building would undo
    them. The message names each gold file and the mentions it would lose or gain."""


def _key(m: GoldMention) -> tuple:
    return (m.val, m.ind, tuple(m.ops), tuple(m.units), m.column, m.op, m.value, m.unit, m.qualitative,
            m.project, m.level1, m.level2)


def _describe(m: GoldMention, text: str) -> str:
    shown = m.qualitative if m.value is None else f"{m.value:g}{m.unit or ''}"
    return (f"{text[m.ind[0]:m.ind[1]]!r} {m.op} {shown} ({m.column}) VAL {text[m.val[0]:m.val[1]]!r} "
            f"at {m.val[0]}")


def _conflict(path: Path, text: str, new: list[GoldMention]) -> str | None:
    """What writing ``new`` over the gold file ``path`` would undo, or None."""
    if not path.is_file():
        return None
    try:
        old = [m for t in json.loads(path.read_text(encoding="utf-8")) for m in task_to_mentions(t)]
    except (ValueError, KeyError, TypeError, IndexError):
        return None  # an unreadable gold file holds nothing to keep; the build replaces it
    was, will = {_key(m): m for m in old}, {_key(m): m for m in new}
    lost = [was[k] for k in was if k not in will]
    gained = [will[k] for k in will if k not in was]
    if not lost and not gained:
        return None
    lines = [f"{path}: {len(lost)} mentions of the gold are not in the authoring files"
             f"{f' and {len(gained)} would be added' if gained else ''}"]
    lines += [f"  gold only: {_describe(m, text)}" for m in lost[:5]]
    lines += [f"  authoring only: {_describe(m, text)}" for m in gained[:5]]
    if len(lost) + len(gained) > 10:
        lines.append(f"  ... {len(lost) + len(gained) - 10} more")
    return "\n".join(lines)


def build_gold(work_dir: Path | None = None, gold_dir: Path | None = None,
               filings: Path | None = None, *, overwrite: bool = False) -> dict[str, int]:
    """Write ``gold_dir/<stem>.json`` per filing and ``gold_records.jsonl``; returns mentions per filing.

    A gold file that differs from what its authoring files give (a correction pulled from Label
    Studio, say) is not overwritten unless ``overwrite``: :class:`GoldConflict` names each such file
    and the mentions it would lose, and nothing is written."""
    work_dir = work_dir or annotations_dir() / "work"
    gold_dir = gold_dir or gold_dir_default()
    filings = filings or filings_dir_default()
    counts: dict[str, int] = {}
    records = []
    writes: list[tuple[Path, list]] = []
    conflicts: list[str] = []
    for i, fpath in enumerate(sorted(filings.glob("*.txt")), 1):
        doc = fpath.name
        parts = sorted(work_dir.glob(f"{fpath.stem}*.mentions.jsonl"))
        if not parts:
            continue
        text = fpath.read_text(encoding="utf-8")
        mentions = [m for p in parts for m in read_authoring(p, doc)]
        mentions.sort(key=lambda m: m.val)
        target = gold_dir / f"{fpath.stem}.json"
        if not overwrite and (c := _conflict(target, text, mentions)):
            conflicts.append(c)
        writes.append((target, [mentions_to_task(doc, text, mentions, task_id=i)]))
        records.extend(m.to_record(text).to_dict() for m in mentions)
        counts[doc] = len(mentions)
    if conflicts:
        raise GoldConflict("\n".join(conflicts) + "\nnothing written: carry the gold's changes into the authoring "
                           f"files under {work_dir} (annotations/work/README.md), or build with --overwrite to "
                           "discard them")
    for target, tasks in writes:
        write_json(target, tasks)
    write_jsonl(gold_dir / "gold_records.jsonl", records)
    return counts
