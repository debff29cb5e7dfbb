"""Every command's output files, written one way: atomically (a temp file beside the target, then a
rename, so a crash or Ctrl-C never leaves half a file), never over one of the command's inputs,
with spreadsheet cells that are text and never formulas, one-line errors for what the OS refuses
(a full disk, a file-size limit), and the temp files of runs that died removed on the next write."""
from __future__ import annotations

import csv
import errno
import gc
import io
import json
import math
import os
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from .record import SPEC_FIELDS, Record


class OutputError(ValueError):
    """An output that cannot or must not be written; the message is one line naming the file."""


# what the OS says, in words a user acts on (the rest: its own strerror)
OS_PROBLEMS = {
    errno.ENOSPC: "no space left on the disk",
    errno.EFBIG: "file too large (over the file-size limit of this system or shell, ulimit -f)",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.ELOOP: "a symlink loop",
}


def os_problem(err: OSError) -> str:
    """What an OSError means, in one line."""
    return OS_PROBLEMS.get(err.errno) or err.strerror or type(err).__name__


def _keys(path: str | Path) -> set:
    """What identifies a file: its device and inode (hard links, symlinks) and its resolved path."""
    keys: set = set()
    try:
        st = os.stat(path)
        keys.add((st.st_dev, st.st_ino))
    except (OSError, ValueError):
        pass
    try:
        keys.add(str(Path(path).resolve()))
    except (OSError, RuntimeError, ValueError):  # a symlink loop (RuntimeError before Python 3.13)
        pass
    return keys


def refuse_inputs(path: str | Path | Iterable[str | Path], inputs: Iterable[str | Path]) -> None:
    """Raise OutputError when ``path`` (or any of several paths) is one of ``inputs`` (writing it
    would destroy an input). Linear in the number of paths."""
    outputs = [path] if isinstance(path, (str, Path)) else list(path)
    known: set = set()
    for f in inputs:
        known |= _keys(f)
    for out in outputs:
        if _keys(out) & known:
            raise OutputError(f"{out}: is one of the inputs; it would be overwritten")


_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process (or not a pid): left alone
    return True


def stale_temps(folder: str | Path, name: str | None = None) -> list[Path]:
    """Temp files of output writers that are no longer running, in ``folder`` (of the target
    ``name`` only, when given): ``.<name>.<pid>.<random>.tmp``; a live run's are left alone."""
    stale = []
    try:
        entries = list(Path(folder).glob(f".{glob_escape(name)}.*.tmp" if name else ".*.tmp"))
    except OSError:
        return []
    for tmp in entries:
        m = _TEMP.match(tmp.name)
        if m is None or (name is not None and m.group("name") != name):
            continue
        if not _alive(int(m.group("pid"))):
            stale.append(tmp)
    return stale


def glob_escape(name: str) -> str:
    """``name`` as a glob pattern matching only itself."""
    return re.sub(r"([*?\[])", r"[\1]", name)


@contextmanager
def atomic_path(path: str | Path, inputs: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temp path beside ``path``; on success it replaces ``path``, on error it is removed.

    Refuses (OutputError) a ``path`` that is one of ``inputs``; an OSError (a full disk, a file-size
    limit, no permission) becomes an OutputError naming the file. The temp files a killed earlier
    run left for this target are removed first."""
    path = Path(path)
    refuse_inputs(path, inputs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in stale_temps(path.parent, path.name):
            old.unlink(missing_ok=True)
        # the writer's pid in the name: the next write removes only the temp files of dead runs
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as err:
        raise OutputError(f"{path}: cannot be written: {os_problem(err)}") from None
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot be written: {os_problem(err)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


Inputs = Iterable[str | Path]


def write_text(path: str | Path, text: str, inputs: Inputs = ()) -> None:
    """``text`` as UTF-8; a lone surrogate (a file name's undecodable byte) is written as an escape."""
    with atomic_path(path, inputs) as tmp:
        tmp.write_bytes(text.encode("utf-8", "backslashreplace"))


def write_json(path: str | Path, obj: Any, inputs: Inputs = ()) -> None:
    write_text(path, json.dumps(obj, ensure_ascii=False, indent=1) + "\n", inputs)


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any]], inputs: Inputs = ()) -> None:
    write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), inputs)


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


def plain(value: Any) -> Any:
    """A table value as a spreadsheet takes it: None for a missing one (None, NaN, pd.NA), a Python
    number or bool for numpy's, text for anything else (lists, infinities)."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float) and math.isnan(value):
            return None
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value
    try:
        if value != value:  # pd.NA and NaT: missing
            return None
    except (TypeError, ValueError):  # pd.NA: "boolean value of NA is ambiguous"
        return None
    return str(value)


Rows = Iterable[Sequence[Any]]


def write_csv(path: str | Path, header: Sequence[str], rows: Rows, inputs: Inputs = ()) -> None:
    """A CSV Excel opens as UTF-8 (a BOM), every text cell formula-safe (csv_cell)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([csv_cell(h) for h in header])
    for row in rows:
        w.writerow([csv_cell(plain(v)) for v in row])
    write_text(path, "\ufeff" + buf.getvalue(), inputs)


def write_xlsx(path: str | Path, sheets: dict[str, tuple[Sequence[str], Rows]], inputs: Inputs = ()) -> None:
    """A workbook, one sheet per entry (name -> header, rows); every text cell is stored as text,
    never as a formula ("=HYPERLINK(...)" from a filing stays text), control characters replaced.
    Time linear in the rows (cells are appended, never looked up by row)."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell

    wb = Workbook()
    wb.remove(wb.active)

    def cells(ws, values: Sequence[Any]) -> list:
        out = []
        for v in values:
            v = xlsx_text(plain(v))
            c = Cell(ws, value=v)
            if isinstance(v, str):
                c.data_type = "s"  # openpyxl reads "=..." as a formula: the filing's text is text
            out.append(c)
        return out

    for name, (header, rows) in sheets.items():
        ws = wb.create_sheet(title=_sheet_title(name))
        ws.append(cells(ws, header))
        for row in rows:
            ws.append(cells(ws, row))
    buf = io.BytesIO()  # saved in memory first: openpyxl leaves its zip open when a write fails
    failed = None
    with _quiet_cleanup():
        try:
            wb.save(buf)
        except Exception as err:  # lxml reports a failed write (of its temp files) as its own error
            failed = _problem(err)
    if failed is not None:
        raise OutputError(f"{path}: cannot be written: {failed}")
    with atomic_path(path, inputs) as tmp:
        tmp.write_bytes(buf.getvalue())


@contextmanager
def _quiet_cleanup() -> Iterator[None]:
    """A failed save leaves openpyxl's sheet writers half closed; when they are collected they
    raise the write error again, printed as "Exception ignored ... Traceback". It was reported
    once, as one line: their echo is dropped."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = hook


def _problem(err: Exception) -> str:
    """What a failed write says, in one line; lxml's serialiser says SerialisationError("IO_EFBIG")."""
    if isinstance(err, OSError):
        return os_problem(err)
    m = re.search(r"\bIO_(E[A-Z]+)\b", str(err))
    if m is not None and hasattr(errno, m.group(1)):
        return os_problem(OSError(getattr(errno, m.group(1)), ""))
    return f"{type(err).__name__}: {err}"


def _sheet_title(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "sheet"


def check_output(path: str | Path, inputs: Inputs = (), formats: Sequence[str] | None = OUTPUT_SUFFIXES) -> Path:
    """Refuse an output path before any work: an unknown suffix (not one of ``formats``; None: any), a folder,
    a parent that is a file or not writable, or one of the ``inputs`` (it would be overwritten).
    Raises ValueError."""
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for the output")
    if formats is not None and path.suffix.lower() not in formats:
        raise OutputError(f"{path}: unknown output format {path.suffix or '(no suffix)'!r} (use {_either(formats)})")
    refuse_inputs(path, inputs)
    _check_parent(path, path.parent, "cannot be written")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"{path}: cannot be written: the file is read-only")
    return path


def _either(formats: Sequence[str]) -> str:
    shown = [f for f in formats if f != ".json"] or list(formats)
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]


def check_output_dir(folder: str | Path) -> Path:
    """Refuse an output folder before any work: a file, or a place that cannot be written."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file; --output-dir needs a folder")
    _check_parent(folder, folder, "cannot be made")
    return folder


def _check_parent(path: Path, start: Path, what: str) -> None:
    """The nearest existing folder at or above ``start`` must be a folder we may write in."""
    parent = start
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{path}: {what}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: cannot be written: no permission to write in {parent}")


def write_records(path: str | Path, records: Iterable[Record], inputs: Inputs = ()) -> int:
    """Write records as .jsonl (with spans), .csv or .xlsx (the spec's fields) by file suffix."""
    path = Path(path)
    records = list(records)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".json"):
        write_jsonl(path, (r.to_dict() for r in records), inputs)
    elif suffix == ".csv":
        write_csv(path, SPEC_FIELDS, ([getattr(r, k) for k in SPEC_FIELDS] for r in records), inputs)
    elif suffix == ".xlsx":
        write_xlsx(path, {"records": (SPEC_FIELDS, ([getattr(r, k) for k in SPEC_FIELDS] for r in records))}, inputs)
    else:
        raise OutputError(f"{path}: unknown output format {suffix!r} (use .jsonl, .csv or .xlsx)")
    return len(records)


# the record contract (../shared/spec/INDICATORS.md, section 3; ../shared/tools/check_records.py)
OPS = (">=", "<=", ">", "<", "=", "~")
COLUMNS = ("target", "actual", "prior", "last")
SOURCES = ("rule", "model", "hand")  # hand: pairs read by a person (reviewing/handcheck.py)
_STR, _NONE, _NUM = (str,), (str, type(None)), (int, float, type(None))
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "doc": _STR, "project": _NONE, "level1": _NONE, "level2": _NONE, "indicator": _STR, "op": _STR,
    "value": _NUM, "unit": _NONE, "qualitative": _NONE, "column": _STR, "text": _STR, "start": (int,),
    "end": (int,), "source": _STR,
}
_TYPE_NAMES = {str: "text", type(None): "null", int: "an integer", float: "a number"}


def record_problems(rec: Any) -> list[str]:
    """What breaks the record contract in one parsed JSON line (empty: a record)."""
    if not isinstance(rec, dict):
        return [f"not a record but {_json_kind(rec)} (each line must be a JSON object)"]
    out = []
    for name, types in FIELD_TYPES.items():
        if name not in rec:
            out.append(f"missing field {name!r}")
        elif isinstance(rec[name], bool) or not isinstance(rec[name], types):
            want = " or ".join(dict.fromkeys(_TYPE_NAMES[t] for t in types))
            out.append(f"{name} is {_json_kind(rec[name])}, not {want}")
    if out:
        return out
    if isinstance(rec["value"], float) and not math.isfinite(rec["value"]):
        out.append(f"value {rec['value']} is not a number")
    for name, allowed in (("op", OPS), ("column", COLUMNS), ("source", SOURCES)):
        if rec[name] not in allowed:
            out.append(f"{name} {rec[name]!r} is not one of {', '.join(allowed)}")
    if (rec["value"] is None) == (rec["qualitative"] is None):
        out.append("exactly one of value and qualitative must be set")
    if not rec["indicator"].strip():
        out.append("empty indicator")
    if not 0 <= rec["start"] <= rec["end"]:
        out.append(f"offsets [{rec['start']}, {rec['end']}) are not 0 <= start <= end")
    spans = rec.get("spans", [])
    if not isinstance(spans, list) or not all(
            isinstance(sp, list) and len(sp) == 3 and isinstance(sp[0], str)
            and all(isinstance(x, int) and not isinstance(x, bool) for x in sp[1:]) for sp in spans):
        out.append("spans must be a list of [label, start, end]")
    return out


def _json_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return f"the number {v}"
    if isinstance(v, str):
        return f"the text {v[:30]!r}"
    return "a JSON array" if isinstance(v, list) else "a JSON object"


def read_records(path: str | Path) -> list[Record]:
    """Records from a .jsonl file, each line checked against the record contract. Raises ValueError
    with one line naming the file and the line: ``<file>:<line>: <problem>``."""
    out = []
    try:
        f = open(path, "rb")
    except OSError as err:
        raise ValueError(f"{path}: cannot be read: {os_problem(err)}") from None
    with f:
        for n, raw in enumerate(f, 1):
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as err:
                raise ValueError(f"{path}:{n}: not UTF-8 text (byte {err.start + 1} of the line): "
                                 "a truncated or binary file") from None
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as err:
                raise ValueError(f"{path}:{n}: not JSON ({getattr(err, 'msg', type(err).__name__)})") from None
            bad = record_problems(rec)
            if bad:
                raise ValueError(f"{path}:{n}: not a record: {'; '.join(bad)}")
            out.append(Record.from_dict(rec))
    return out
