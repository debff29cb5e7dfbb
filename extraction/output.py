"""Writing records and reports atomically: a temp file beside the target, then a rename, so a
crash or Ctrl-C never leaves half a file."""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from .record import SPEC_FIELDS, Record


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temp path beside ``path``; on success it replaces ``path``, on error it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_json(path: str | Path, obj: Any) -> None:
    write_text(path, json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]]) -> None:
    write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def write_records(path: str | Path, records: Iterable[Record]) -> int:
    """Write records as .jsonl (with spans), .csv or .xlsx (the spec's fields) by file suffix."""
    path = Path(path)
    records = list(records)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        write_jsonl(path, (r.to_dict() for r in records))
    elif suffix == ".csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=SPEC_FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow(r.to_dict(with_spans=False))
        # a BOM so that Excel opens the Chinese text as UTF-8
        write_text(path, "\ufeff" + buf.getvalue())
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "records"
        ws.append(list(SPEC_FIELDS))
        for r in records:
            d = r.to_dict(with_spans=False)
            ws.append([d[k] for k in SPEC_FIELDS])
        with atomic_path(path) as tmp:
            wb.save(tmp)
    else:
        raise ValueError(f"{path}: unknown output format {suffix!r} (use .jsonl, .csv or .xlsx)")
    return len(records)


def read_records(path: str | Path) -> list[Record]:
    """Records from a .jsonl file."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(Record.from_dict(json.loads(line)))
                except (json.JSONDecodeError, TypeError) as err:
                    raise ValueError(f"{path}:{n}: not a record: {err}") from None
    return out
