"""Writing records and reports atomically: a temp file beside the target, then a rename, so a
crash or Ctrl-C never leaves half a file."""
from __future__ import annotations

import csv
import io
import json
import os
import re
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
    # the writer's pid in the name: --resume removes only the temp files of runs no longer alive
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
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


OUTPUT_SUFFIXES = (".jsonl", ".json", ".csv", ".xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel and LibreOffice read as a formula
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in an .xlsx cell (XML 1.0)


def csv_cell(value: Any) -> Any:
    """A value safe in a CSV opened by a spreadsheet: text that would start a formula ("=1+1",
    "-5%", "@SUM") gets a leading apostrophe (OWASP's advice on CSV injection). Numbers stay."""
    if isinstance(value, str) and len(value) > 1 and value.startswith(_FORMULA_START):
        return "'" + value  # (a lone "=", the op field, is no formula)
    return value


def xlsx_text(value: Any) -> Any:
    """A value an .xlsx cell can hold: control characters (not allowed in its XML) become U+FFFD."""
    return _CONTROL.sub("\ufffd", value) if isinstance(value, str) else value


def check_output(path: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """Refuse an output path before any work: an unknown suffix, a folder, a parent that is a file
    or not writable, or one of the ``inputs`` (it would be overwritten). Raises ValueError."""
    path = Path(path)
    if path.is_dir():
        raise ValueError(f"{path}: is a folder; give a file name for the output")
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise ValueError(f"{path}: unknown output format {path.suffix or '(no suffix)'!r} (use .jsonl, .csv or .xlsx)")
    target = path.resolve()
    for f in inputs:
        try:
            same = Path(f).resolve() == target
        except OSError:
            same = False
        if same:
            raise ValueError(f"{path}: is one of the inputs; it would be overwritten")
    _check_parent(path, path.parent, "cannot be written")
    if path.exists() and not os.access(path, os.W_OK):
        raise ValueError(f"{path}: cannot be written: the file is read-only")
    return path


def check_output_dir(folder: str | Path) -> Path:
    """Refuse an output folder before any work: a file, or a place that cannot be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ValueError(f"{folder}: is a file; --output-dir needs a folder")
    _check_parent(folder, folder, "cannot be made")
    return folder


def _check_parent(path: Path, start: Path, what: str) -> None:
    """The nearest existing folder at or above ``start`` must be a folder we may write in."""
    parent = start
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ValueError(f"{path}: {what}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ValueError(f"{path}: cannot be written: no permission to write in {parent}")


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
            w.writerow({k: csv_cell(v) for k, v in r.to_dict(with_spans=False).items()})
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
            ws.append([xlsx_text(d[k]) for k in SPEC_FIELDS])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # the filing's text, never a formula ("=100%")
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
