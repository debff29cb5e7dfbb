"""Damaged input: a clear one-line error naming the file and the problem, the batch goes on, the
CLI exits non-zero with a summary, and no output file is ever half written."""
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extraction.output import atomic_path
from extraction.reading import MAX_BYTES, ReadError, read_document

from .conftest import FILINGS, ROOT

FIX = ROOT / "tests" / "fixtures" / "formats"


def _junk(n: int, seed: int) -> bytes:
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(n))


def damaged(folder: Path) -> dict[str, str]:
    """Ten damaged files in ``folder``: file name -> the problem its error must name."""
    cases = {
        "junk.pdf": (_junk(6000, 1), "not a PDF file"),
        "junk.txt": (_junk(6000, 2), "binary data, not text"),
        "empty.docx": (b"", "empty file"),
        "truncated.pdf": ((FIX / "001.pdf").read_bytes()[:9000], "truncated PDF"),
        "truncated.docx": ((FIX / "000.docx").read_bytes()[:20000], "truncated or damaged .docx"),
        "truncated.xlsx": ((FIX / "001.xlsx").read_bytes()[:12000], "truncated or damaged .xlsx"),
        "encrypted.pdf": ((FIX / "encrypted.pdf").read_bytes(), "password-protected PDF"),
        "scanned.pdf": ((FIX / "scanned.pdf").read_bytes(), "no text layer (a scanned PDF): its text is read by OCR; OCR found no text"),
        "undecodable.txt": (bytes(range(0x80, 0x100)) * 20, "undecodable bytes"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as f:  # sparse: 200 MB that cost no disk
        f.truncate(200 * 2**20)
    problems = {name: problem for name, (_, problem) in cases.items()}
    problems["huge.txt"] = "200 MB is over the 50 MB limit"
    return problems


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damaged")
    return folder, damaged(folder)


def test_each_damaged_file_gets_a_one_line_error(bad_dir):
    folder, problems = bad_dir
    for name, problem in problems.items():
        with pytest.raises(ReadError) as err:
            read_document(folder / name)
        msg = str(err.value)
        assert msg.startswith(str(folder / name) + ": ") and problem in msg, msg
        assert "\n" not in msg and len(msg) < 400


def test_the_200_mb_file_is_refused_before_it_is_read(bad_dir):
    import resource

    folder, _ = bad_dir
    assert (folder / "huge.txt").stat().st_size > MAX_BYTES
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError):
        read_document(folder / "huge.txt")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024  # KiB: never read in


def test_unsupported_and_old_formats_are_named(tmp_path):
    (tmp_path / "a.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(ReadError, match=r"a\.doc: damaged or unsupported \.doc file \(antiword: "):
        read_document(tmp_path / "a.doc")
    (tmp_path / "a.wps").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(ReadError, match=r"a\.wps: WPS \.wps is not read: save it as"):
        read_document(tmp_path / "a.wps")
    (tmp_path / "b.docx").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(ReadError, match="password-protected"):
        read_document(tmp_path / "b.docx")


def good_files(folder: Path, n: int) -> None:
    """``n`` readable filings: every format and encoding, then cheap copies, and a ragged table. The
    scanned filing is left out: its OCR alone took half the batch's time, and OCR is the integration
    tests' (test_inputs, test_scans); the batch still runs OCR on the damaged scanned.pdf."""
    sources = [p for p in sorted(FIX.glob("0*")) if ".scanned." not in p.name] + sorted(FILINGS.glob("*.txt"))
    cheap = [FIX / "000.html", FIX / "000.utf16.txt", FIX / "000.gbk.txt", FIX / "000.docx", FIX / "000.xlsx",
             next(FILINGS.glob("000_*.txt")), next(FILINGS.glob("004_*.txt"))]
    (folder / "g00_ragged.html").write_text(
        "<table><tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td></tr>"
        "<tr><td>产出指标</td><td>数量指标</td><td>培训人数</td><td>≥50人</td><td>多</td><td>余</td></tr>"
        "<tr><td>质量指标</td><td>合格率</td></tr><tr><td>效益</td></tr></table>", encoding="utf-8")
    for i in range(1, n):
        src = sources[i - 1] if i - 1 < len(sources) else cheap[i % len(cheap)]
        shutil.copy(src, folder / f"g{i:02d}_{src.name}")


def test_batch_of_100_with_10_damaged(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    good_files(data, 90)
    problems = damaged(data)
    assert len(list(data.iterdir())) == 100
    out = tmp_path / "out" / "records.jsonl"
    t0 = time.time()
    res = subprocess.run([sys.executable, "-m", "extraction", "extract", str(data), "--output", str(out)],
                         capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "80"})
    elapsed = time.time() - t0
    assert res.returncode == 1, res.stderr
    assert "10 of 100 files failed" in res.stderr
    errors = [ln for ln in res.stderr.splitlines() if ln.startswith("error ")]
    assert len(errors) == 10
    for name, problem in problems.items():
        (line,) = [ln for ln in errors if f"{data / name}:" in ln]
        assert problem in line
    recs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    docs = {r["doc"] for r in recs}
    assert len(docs) == 90 and not docs & set(problems)
    ragged = [r for r in recs if r["doc"] == "g00_ragged.html"]
    assert [(r["indicator"], r["value"], r["row"], r["cell"]) for r in ragged] == [("培训人数", 50, 2, 4)]
    assert "written to" in res.stdout and "of 100 files" in res.stdout
    assert sorted(p.name for p in out.parent.iterdir()) == ["records.jsonl"]  # no temp file left
    assert elapsed < 120


def test_interrupted_run_leaves_the_old_output_whole(tmp_path):
    """Ctrl-C in the middle of a batch: the output file is the old one, and no temp file is left."""
    data = tmp_path / "in"
    data.mkdir()
    for i in range(40):
        shutil.copy(FIX / "001.pdf", data / f"f{i}.pdf")
    out = tmp_path / "out.jsonl"
    out.write_text('{"old": true}\n', encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "extraction", "extract", str(data), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            # Ctrl-C's default handling even where this suite runs with SIGINT ignored
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(5)  # imports done, some of the 40 PDFs (about 1 s each) read
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"interrupted" in err
    assert out.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]


def test_atomic_path_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "r.jsonl"
    target.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half a fi", encoding="utf-8")
            raise RuntimeError("crash")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.jsonl"]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("word/document.xml", "<w:document/>")
        with z.open("word/media/filler.bin", "w") as f:
            chunk = b"\0" * 2**20
            for _ in range(210):
                f.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(ReadError, match="unpacks to 210 MB, over the 100 MB limit"):
        read_document(bomb)


def test_a_sheet_styled_down_to_its_last_row_is_read_up_to_its_last_value(tmp_path):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "培训人数", "≥50人"])
    ws["A1048576"].font = Font(bold=True)  # formatting reaches the sheet's last row
    wb.save(tmp_path / "styled.xlsx")
    t0 = time.time()
    doc = read_document(tmp_path / "styled.xlsx")
    assert len(doc.grids[0].rows) == 2 and time.time() - t0 < 5
    from extraction.pipeline import run

    assert [(r.indicator, r.value) for r in run(doc).records] == [("培训人数", 50)]


def test_lock_files_and_hidden_files_are_not_inputs(tmp_path):
    from extraction.cli import _files

    for name in ("a.txt", "~$a.docx", ".out.jsonl.x.tmp", ".hidden.txt", "b.pdf", "c.doc", "d.wps"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [f.name for f in _files([str(tmp_path)])] == ["a.txt", "b.pdf", "c.doc"]
