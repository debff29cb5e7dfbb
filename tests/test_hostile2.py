"""Hostile input, round two (issue 27): each defect with the input that showed it. Outputs (never
over an input, never a live formula, one-line OS errors, dead runs' temp files), the input walker
(undecodable names, symlink loops, folders named like files), the record loader of review and
evaluate, UTF-16 without a BOM, the batch (time limit, a dead worker, a damaged part, Ctrl-C) and
the readers' memory budgets."""
import csv
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.output import write_records
from extraction.reviewing.report import write_tables

from .conftest import FILINGS, FIX, ROOT, cli_in_process
from .test_hostile import _children

FORMULAS = ["=cmd|'/Ccalc'!A0", '=HYPERLINK("http://example.invalid/x","点击")', "=1+1", "+1+1", "@SUM(A1:A2)"]


def cli(*args, cwd=ROOT, preexec_fn=None, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extraction", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=preexec_fn,
                          timeout=timeout)


def one_line(stderr: str) -> None:
    """The error is a line, no traceback."""
    assert "Traceback" not in stderr, stderr
    assert stderr.strip(), "an error is said"


def record(**kw) -> dict:
    base = dict(doc="x.txt", project="项目", level1="产出指标", level2="数量指标", indicator="培训人数", op=">=",
                value=5000, unit="人", qualitative=None, column="target", text="培训人数\t>=5000人", start=0,
                end=13, source="rule", spans=[])
    base.update(kw)
    return base


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows),
                    encoding="utf-8")
    return path


def formula_records(folder: Path) -> Path:
    """A target and its actual per formula text, in the indicator, the qualitative and the text."""
    rows = []
    for i, f in enumerate(FORMULAS):
        rows.append(record(indicator=f, project=f, text=f, start=i * 20, end=i * 20 + 5))
        rows.append(record(indicator=f, project=f, column="actual", value=4000, text=f, start=i * 20 + 10,
                           end=i * 20 + 15))
    return write_jsonl(folder / "formulas.jsonl", rows)


@pytest.fixture
def xlsx_filing(tmp_path) -> Path:
    dst = tmp_path / "001.xlsx"
    dst.write_bytes((FIX / "001.xlsx").read_bytes())
    return dst


# 1. no command writes over its own input

@pytest.mark.parametrize("command", ["completion", "lint"])
def test_review_output_naming_an_input_filing_is_refused(xlsx_filing, command):
    before = xlsx_filing.read_bytes()
    res = cli_in_process("review", command, xlsx_filing, "-o", xlsx_filing)
    assert res.returncode == 2 and "is one of the inputs; it would be overwritten" in res.stderr, res.stderr
    one_line(res.stderr)
    assert xlsx_filing.read_bytes() == before
    # through a folder and another spelling of the path as well
    res = cli_in_process("review", command, xlsx_filing.parent, "-o", f"{xlsx_filing.parent}/./{xlsx_filing.name}")
    assert res.returncode == 2 and "is one of the inputs" in res.stderr
    assert xlsx_filing.read_bytes() == before


def test_evaluate_report_over_its_predictions_is_refused(tmp_path):
    pred = write_jsonl(tmp_path / "pred.jsonl", [record()])
    before = pred.read_bytes()
    res = cli_in_process("evaluate", "--pred", pred, "--report", pred)
    assert res.returncode == 2 and "is one of the inputs; it would be overwritten" in res.stderr, res.stderr
    assert pred.read_bytes() == before


def test_evaluate_report_over_the_gold_it_reads_is_refused(tmp_path):
    import shutil

    gold = tmp_path / "gold"
    shutil.copytree(ROOT / "annotations" / "gold", gold, ignore=shutil.ignore_patterns("dev", "dev2"))
    target = next(gold.glob("001_*.json"))
    before = target.read_bytes()
    pred = write_jsonl(tmp_path / "pred.jsonl", [record()])
    for extra in ([], ["--stress"]):  # --stress writes a .json beside its report as well
        report = target if not extra else target.with_suffix(".md")
        res = cli("evaluate", "--pred", pred, "--gold", gold, "--filings", FILINGS, "--report", report, *extra)
        assert res.returncode == 2 and f"{target}: is one of the inputs" in res.stderr, res.stderr
        one_line(res.stderr)
        assert target.read_bytes() == before


# 7. the review's spreadsheets hold text, never formulas

@pytest.mark.parametrize("command", ["completion", "lint"])
def test_review_spreadsheets_never_hold_a_live_formula(tmp_path, command):
    from openpyxl import load_workbook

    recs = formula_records(tmp_path)
    for out in (tmp_path / "r.xlsx", tmp_path / "r.csv"):
        res = cli_in_process("review", command, recs, "-o", out)
        assert res.returncode == 0, res.stderr
    wb = load_workbook(tmp_path / "r.xlsx")
    texts = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                texts.add(c.value)
    assert set(FORMULAS) <= texts  # kept whole, as text
    with open(tmp_path / "r.csv", encoding="utf-8-sig", newline="") as f:
        cells = [v for row in csv.reader(f) for v in row]
    assert not [v for v in cells if v[:1] in ("=", "+", "@") and len(v) > 1]
    assert "'" + FORMULAS[0] in cells


def test_review_tables_writer_is_formula_safe_in_every_sheet(tmp_path):
    import pandas as pd
    from openpyxl import load_workbook

    df = pd.DataFrame({"text": FORMULAS, "n": range(len(FORMULAS)), "x": [None, float("nan"), pd.NA, 1.5, "\x01"]})
    write_tables(tmp_path / "t.xlsx", {"main": df, "other": df}, title="t", main="main")
    ws = load_workbook(tmp_path / "t.xlsx")["other"]
    assert [c.value for c in ws["A"]][1:] == FORMULAS and all(c.data_type == "s" for c in ws["A"][1:])
    assert [c.value for c in ws["C"]][1:] == [None, None, None, 1.5, "\ufffd"]


# 6. a full disk or a file-size limit: one line; temp files of dead runs removed

def _file_size_limit(n: int):
    def limit() -> None:  # ulimit -f: a write past n bytes fails with EFBIG (Python ignores SIGXFSZ)
        resource.setrlimit(resource.RLIMIT_FSIZE, (n, n))
    return limit


@pytest.mark.parametrize("suffix", [".jsonl", ".xlsx"])
def test_file_size_limit_while_writing_is_one_line_and_leaves_no_temp(tmp_path, suffix):
    src = next(FILINGS.glob("001_*.txt"))
    out = tmp_path / f"out{suffix}"
    res = cli("extract", src, "-o", out, preexec_fn=_file_size_limit(2000))
    assert res.returncode == 2, res.stderr
    one_line(res.stderr)
    assert f"{out}: cannot be written: file too large" in res.stderr
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))


def _dead_pid() -> int:
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_a_dead_runs_temp_file_is_removed_by_the_next_write(tmp_path):
    src = next(FILINGS.glob("001_*.txt"))
    out = tmp_path / "out.jsonl"
    dead = tmp_path / f".out.jsonl.{_dead_pid()}.k9abc123.tmp"  # left by kill -9
    live = tmp_path / f".out.jsonl.{os.getpid()}.live1234.tmp"  # a run writing right now
    other = tmp_path / f".else.jsonl.{_dead_pid()}.zz.tmp"  # another target's: not ours to judge now
    for f in (dead, live, other):
        f.write_text("half", encoding="utf-8")
    res = cli("extract", src, "-o", out)
    assert res.returncode == 0, res.stderr
    assert out.exists() and not dead.exists() and live.exists() and other.exists()


def test_xlsx_records_writer_is_linear(tmp_path):
    import time

    from extraction.record import Record

    def rec(i: int) -> Record:
        return Record(**{k: v for k, v in record(start=i, end=i + 5).items() if k != "spans"})

    def seconds(n: int) -> float:
        t = time.perf_counter()
        write_records(tmp_path / f"r{n}.xlsx", [rec(i) for i in range(n)])
        return time.perf_counter() - t

    small, big = seconds(2000), seconds(8000)
    assert big < 6 * small, (small, big)  # 4x the records; quadratic was 13x


# 2, 3, 10. one input walker: never dies on a name, says what it leaves out and why

def _copy(src: Path, dst: str | bytes | Path) -> None:
    with open(dst, "wb") as f:
        f.write(src.read_bytes())


def _records_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_file_names_with_undecodable_bytes_keep_every_filings_records(tmp_path):
    src = sorted(FILINGS.glob("00[01]_*.txt"))
    data = tmp_path / "in"
    data.mkdir()
    _copy(src[1], data / "good.txt")
    _copy(src[0], os.path.join(os.fsencode(data), b"caf\xe9.txt"))  # Latin-1 é
    _copy(src[0], os.path.join(os.fsencode(data), "绩效目标".encode("gbk") + b".txt"))  # from a Windows zip
    out = tmp_path / "all.jsonl"
    res = cli_in_process("extract", data, "-o", out, "--output-dir", tmp_path / "parts")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    docs = {r["doc"] for r in _records_of(out)}
    gbk = ("绩效目标".encode("gbk") + b".txt").decode("utf-8", "backslashreplace")  # its UTF-8 parts read
    assert docs == {"good.txt", "caf\\xe9.txt", gbk}
    assert len(list((tmp_path / "parts").glob("*.jsonl"))) == 3


def test_a_symlink_loop_as_an_argument_fails_alone(tmp_path):
    good = tmp_path / "good.txt"
    _copy(next(FILINGS.glob("001_*.txt")), good)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    out = tmp_path / "out.jsonl"
    res = cli_in_process("extract", good, loop, "-o", out)
    assert res.returncode == 1, res.stderr
    one_line(res.stderr)
    assert f"{loop}: a symlink loop" in res.stderr
    assert {r["doc"] for r in _records_of(out)} == {"good.txt"}


def _deep_folder(top: Path) -> Path:
    """A folder whose path is longer than the system takes (PATH_MAX): it cannot be listed."""
    fd = os.open(top, os.O_RDONLY)
    path = top
    for _ in range(20):
        name = "d" * 250
        os.mkdir(name, dir_fd=fd)
        nfd = os.open(name, os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
        path = path / name
    os.close(fd)
    return path


def test_what_a_folder_holds_that_is_left_out_is_named_with_the_reason(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    src = next(FILINGS.glob("001_*.txt"))
    _copy(src, data / "good.txt")
    (data / "report.pdf").mkdir()  # a folder named like a file
    _copy(src, data / "report.pdf" / "inner.txt")
    (data / "loop.docx").symlink_to(data / "loop.docx")
    (data / "gone.xlsx").symlink_to(data / "nowhere.xlsx")
    os.mkfifo(data / "pipe.txt")  # its read would never end
    (data / "up").symlink_to(data)  # a link to a folder above: followed, it would loop
    _deep_folder(data)
    res = cli("extract", data, "-o", tmp_path / "out.jsonl")
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    err = " ".join(res.stderr.split())
    for name, why in [("report.pdf", "a folder, though named like a .pdf file: the files in it are read"),
                      ("loop.docx", "a symlink loop"), ("gone.xlsx", "a broken symlink"),
                      ("pipe.txt", "not a regular file (a named pipe)"), ("up", "a symlink to a folder: not followed"),
                      ("d" * 250, "a folder that cannot be read (the file name is too long)")]:
        assert f"{name}: {why}" in err, (name, err)
    assert {r["doc"] for r in _records_of(tmp_path / "out.jsonl")} == {"good.txt", "inner.txt"}


def test_review_says_what_a_folder_held_that_was_left_out(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    write_jsonl(data / "r.jsonl", [record()])
    (data / "loop.jsonl").symlink_to(data / "loop.jsonl")
    res = cli_in_process("review", "lint", data)
    assert res.returncode == 0, res.stderr
    assert "loop.jsonl: a symlink loop" in " ".join(res.stderr.split())


# 12. review and evaluate read records through one loader: a bad line is one line naming file and line

BAD_LINES = {
    "an array": ('[1, 2, 3]', "not a record but a JSON array"),
    "null": ("null", "not a record but null"),
    "missing keys": ('{"doc": "x.txt", "indicator": "培训人数"}', "missing field 'project'"),
    "wrong types": (json.dumps(record(value="5000", start="0")), "value is the text '5000', not an integer"),
    "NaN": (json.dumps(record(value=float("nan"))), "value nan is not a number"),
    "an unknown op": (json.dumps(record(op="≥")), "op '≥' is not one of"),
    "spans": (json.dumps(record(spans=[["IND", 0]])), "spans must be a list of [label, start, end]"),
    "not JSON": ('{"doc": "x.txt",', "not JSON"),
}
COMMANDS = {"completion": ["review", "completion", "{f}", "-o", "{o}.csv"], "lint": ["review", "lint", "{f}"],
            "evaluate": ["evaluate", "--pred", "{f}"]}


@pytest.mark.parametrize("case", list(BAD_LINES))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_bad_records_line_is_one_error_naming_file_and_line(tmp_path, command, case):
    line, problem = BAD_LINES[case]
    f = write_jsonl(tmp_path / "r.jsonl", [record(), line])
    res = cli_in_process(*(a.format(f=f, o=tmp_path / "out") for a in COMMANDS[command]))
    assert res.returncode == 2, (res.returncode, res.stderr)
    one_line(res.stderr)
    assert f"{f}:2: " in res.stderr and problem in res.stderr, res.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_truncated_records_file_names_the_line(tmp_path):
    f = tmp_path / "r.jsonl"
    f.write_bytes((json.dumps(record()) + "\n" + json.dumps(record(indicator="培训人数"), ensure_ascii=False))
                  .encode()[:-25] + "培".encode()[:2])
    res = cli_in_process("evaluate", "--pred", f)
    assert res.returncode == 2 and f"{f}:2: not UTF-8 text" in res.stderr, res.stderr
    one_line(res.stderr)


def test_review_lint_of_records_whose_filing_is_not_found(tmp_path):
    f = write_jsonl(tmp_path / "r.jsonl", [record(doc="nowhere.txt", column="target", value=120, unit="%",
                                                     op="<=", indicator="完成率")])
    res = cli_in_process("review", "lint", f)
    assert res.returncode == 0, res.stderr
    assert "rate-upper-100" in res.stdout and "Traceback" not in res.stderr


@pytest.mark.parametrize("args, problem", [(["--modes", "bogus"], "invalid choice: 'bogus'"),
                                           (["--size", "-1"], "-1: give a positive number of MB"),
                                           (["--size", "nan"], "give a positive number of MB"),
                                           (["--jobs", "-2"], "give 0 (one process per core)")])
def test_bench_refuses_bad_arguments(tmp_path, args, problem):
    res = cli_in_process("bench", *args, "--json", tmp_path / "b.json")
    assert res.returncode == 2 and problem in res.stderr, res.stderr
    assert not (tmp_path / "b.json").exists()


# 11. UTF-16 without a BOM is text

@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_gives_the_records_of_the_utf8_original(tmp_path, encoding):
    from extraction import extract

    src = next(FILINGS.glob("000_*.txt"))
    want = extract(src, mode="rules")
    assert len(want) == 51
    f = tmp_path / "000.txt"
    f.write_bytes(src.read_text(encoding="utf-8").encode(encoding))
    got = extract(f, mode="rules")
    assert [(r.indicator, r.op, r.value, r.unit, r.column, r.start, r.text) for r in got] == \
        [(r.indicator, r.op, r.value, r.unit, r.column, r.start, r.text) for r in want]


@pytest.mark.parametrize("data", [b"\x00\x01" * 50, b"\x01\x00" * 50, bytes(range(256)) * 4, b"ab\x00\x00" * 40])
def test_binary_data_is_still_refused(tmp_path, data):
    from extraction.reading import ReadError, read_document

    f = tmp_path / "bin.txt"
    f.write_bytes(data)
    with pytest.raises(ReadError, match="binary data, not text|undecodable"):
        read_document(f)


# 5. the batch keeps every good file's records whatever one file does

def _slow_filing(path: Path, mb: float = 4.0) -> Path:
    """A real filing that takes the rules many seconds (the sample filings repeated)."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(FILINGS.glob("*.txt")))
    path.write_text(text * max(1, int(mb * 1e6 / len(text.encode()))), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_over_the_time_limit_fails_alone(tmp_path, jobs):
    import time

    slow = _slow_filing(tmp_path / "a_slow.txt")
    good = tmp_path / "b_good.txt"
    _copy(next(FILINGS.glob("001_*.txt")), good)
    out = tmp_path / "out.jsonl"
    t = time.monotonic()
    res = cli("extract", slow, good, "-o", out, "--time-limit", 3, "--jobs", jobs, "--mode", "rules")
    took = time.monotonic() - t
    assert res.returncode == 1, res.stderr
    one_line(res.stderr)
    assert "a_slow.txt: stopped: over the 3 s time limit for one file" in " ".join(res.stderr.split())
    assert {r["doc"] for r in _records_of(out)} == {"b_good.txt"}
    assert took < 20, took  # rules on the whole file takes 12 s and more


def _many(tmp_path: Path, n: int) -> Path:
    data = tmp_path / "in"
    data.mkdir()
    srcs = sorted(FILINGS.glob("*.txt"))
    for i in range(n):
        _copy(srcs[i % len(srcs)], data / f"{i:03d}.txt")
    return data


def test_a_worker_killed_fails_only_its_file(tmp_path):
    import signal
    import time

    data = _many(tmp_path, 40)
    out, parts = tmp_path / "all.jsonl", tmp_path / "parts"
    proc = subprocess.Popen([sys.executable, "-m", "extraction", "extract", str(data), "--jobs", "2", "-o", str(out),
                             "--output-dir", str(parts), "--mode", "rules"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 4:
        time.sleep(0.05)
    workers = [p for p in _children(proc.pid) if "python" in Path(f"/proc/{p}/cmdline").read_text(errors="replace")
               and "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text(errors="replace")]
    assert workers
    os.kill(workers[0], signal.SIGKILL)  # as the OOM killer does
    stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    assert "Traceback" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and "killed by SIGKILL" in errors[0], stderr
    assert len(list(parts.glob("*.jsonl"))) == 39
    assert len({r["doc"] for r in _records_of(out)}) == 39


def test_resume_over_a_truncated_part_names_it_and_redoes_it(tmp_path):
    data = _many(tmp_path, 3)
    out, parts = tmp_path / "all.jsonl", tmp_path / "parts"
    res = cli_in_process("extract", data, "-o", out, "--output-dir", parts, "--mode", "rules")
    assert res.returncode == 0, res.stderr
    whole = out.read_bytes()
    part = parts / "001.jsonl"
    good = part.read_bytes()
    part.write_bytes(good[: len(good) // 2 - 1] + "培".encode()[:2])  # cut inside a character
    res = cli_in_process("extract", data, "-o", out, "--output-dir", parts, "--resume", "--mode", "rules")
    assert res.returncode == 0, res.stderr
    assert f"{part}:" in res.stderr and "redone" in res.stderr
    assert part.read_bytes() == good and out.read_bytes() == whole


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_exits_130_and_writes_no_output(tmp_path, jobs):
    import signal
    import time

    data = _many(tmp_path, 200)
    out, parts = tmp_path / "all.jsonl", tmp_path / "parts"
    proc = subprocess.Popen([sys.executable, "-m", "extraction", "extract", str(data), "--jobs", str(jobs),
                             "-o", str(out), "--output-dir", str(parts), "--mode", "rules"], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "interrupted" in err, err
    assert not out.exists() and 3 <= len(list(parts.glob("*.jsonl"))) < 200
    assert not list(tmp_path.rglob(".*.tmp"))


# 9. the default mode linear in the length of one line: a prose value's "alone on its line" test

def _candidate(text: str, start: int, end: int):
    from types import SimpleNamespace

    from extraction.labeling.judge import Candidate

    c = object.__new__(Candidate)  # what `alone` reads: the line's view and the value's match
    c.view, c.match = SimpleNamespace(text=text), SimpleNamespace(start=start, end=end)
    return c


def test_a_values_alone_test_does_not_slice_its_line():
    import time

    # as the separators of a cell are no words: "78.34% | |||" is a value alone
    for text, start, end, alone in [("78.34% | |||", 0, 6, True), (" \t78% ", 2, 5, True), ("达到78%", 2, 5, False),
                                    ("78%人", 0, 3, False), ("|78%|", 1, 4, True), ("", 0, 0, True)]:
        assert _candidate(text, start, end).alone is alone, text
    # one line of a megabyte holds thousands of values: each test sliced the line before and after
    # the value (one line of 5 MB took 9.8x the time of 1 MB in values mode; bound 7.5x)
    line = "我单位现有在编人员540人，" * 160_000  # 2 million characters
    cands = [_candidate(line, k, k + 4) for k in range(9, len(line), 100)]  # 20,000 values
    t = time.process_time()
    assert not any(c.alone for c in cands)
    assert time.process_time() - t < 1.0  # ~0.02 s; slicing the line for each took ~4 s


# D4. no traceback in the fuzz counts: a lone surrogate in a cell reached the cell model's CRFsuite

@pytest.mark.parametrize("mode", ["model", "combined"])
def test_a_lone_surrogate_in_a_cell_never_reaches_crfsuite(mode):
    from extraction import extract

    text = ("一级指标\t二级指标\t三级指标\t年度目标值\n产出指标\t数量指标\t培训\ud800人数\t≥5000\udc80人\n"
            "年度绩效目标：培训\udc80合格率达到90%以上")
    records = extract(text=text, mode=mode, name="fuzz.txt")  # SystemError from Tagger.set before
    assert records and all(text[r.start:r.end] == r.text for r in records)
