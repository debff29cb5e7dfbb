"""The CLI end to end on a fresh temp folder; bad input gets a named error and the batch goes on."""
import json
import shutil
import subprocess
import sys

from .conftest import CHECKER, FILINGS, ROOT, cli_in_process


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "extraction", *args], capture_output=True, text=True, cwd=cwd,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})


def run_in_process(*args, cwd):
    """The same in this process (no interpreter start), where a test looks at exit codes, messages and files."""
    return cli_in_process(*args, cwd=cwd, columns=200)


def test_help():
    res = run_in_process("--help", cwd=ROOT)
    assert res.returncode == 0 and "extract" in res.stdout and "evaluate" in res.stdout
    assert "--output" in run_in_process("extract", "--help", cwd=ROOT).stdout


def test_extract_and_evaluate(tmp_path):
    data = tmp_path / "filings"
    data.mkdir()
    for f in FILINGS.glob("*.txt"):
        shutil.copy(f, data)
    res = run("extract", str(data), "--output", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 400
    recs = [json.loads(x) for x in lines]
    assert {r["doc"] for r in recs} == {f.name for f in FILINGS.glob("*.txt")}
    chk = subprocess.run([sys.executable, str(CHECKER), str(tmp_path / "out.jsonl"), "--filings", str(data)],
                         capture_output=True, text=True)
    assert chk.returncode == 0, chk.stdout
    assert "records" in res.stdout and "written to" in res.stdout
    rep = tmp_path / "report.md"
    ev = run("evaluate", "--pred", str(tmp_path / "out.jsonl"), "--report", str(rep), "--errors", cwd=ROOT)
    assert ev.returncode == 0, ev.stderr
    assert "| overall |" in rep.read_text(encoding="utf-8")


def test_csv_and_xlsx(tmp_path):
    f = next(FILINGS.glob("001_*.txt"))
    for suffix in (".csv", ".xlsx"):
        out = tmp_path / f"r{suffix}"
        assert run_in_process("extract", str(f), "-o", str(out), cwd=tmp_path).returncode == 0
        assert out.stat().st_size > 1000
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "r.xlsx").active
    assert [c.value for c in ws[1]][:5] == ["doc", "project", "level1", "level2", "indicator"]
    assert (tmp_path / "r.csv").read_text(encoding="utf-8-sig").startswith("doc,project,")


def test_bad_files_are_named_and_batch_goes_on(tmp_path):
    shutil.copy(next(FILINGS.glob("000_*.txt")), tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "gbk.txt").write_bytes("项目名称\t培训\n一级指标\t二级指标\t三级指标\t年度目标值\n产出\t数量\t培训人数\t>=50人\n".encode("gbk"))
    res = run_in_process("extract", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert res.returncode == 1
    assert "empty.txt: empty file" in res.stderr
    assert "binary.txt" in res.stderr
    recs = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["doc"] for r in recs} == {"good.txt", "gbk.txt"}
    assert any(r["indicator"] == "培训人数" and r["value"] == 50 for r in recs)


def test_no_partial_output_on_failure(tmp_path):
    out = tmp_path / "out.unknown"
    res = run_in_process("extract", str(next(FILINGS.glob("000_*.txt"))), "-o", str(out), cwd=tmp_path)
    assert res.returncode == 2 and "unknown output format" in res.stderr
    assert list(tmp_path.iterdir()) == []


def test_augment_is_refused_for_a_family_without_a_cell_model():
    r = run_in_process("evaluate", "--cv", "layout", "--augment", "--family", "crf", cwd=ROOT)
    assert r.returncode == 2 and "--augment" in r.stderr and "crf" in r.stderr
