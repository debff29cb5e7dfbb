"""Batches: --jobs, Dask and the serial run give the same records; --output-dir writes one file per
input; --resume skips what is done and retries what failed, also after a run that was killed."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from extraction.batch import extract_file, run_batch

from .conftest import FILINGS, ROOT, cli_in_process

GOOD = sorted(FILINGS.glob("*.txt"))


def cli(*args, cwd=ROOT, wait=True, env=None):
    cmd = [sys.executable, "-m", "extraction", *map(str, args)]
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200", **(env or {})}
    if not wait:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The five filings, one of them in a sub-folder, and an empty file that fails."""
    d = tmp_path_factory.mktemp("batch")
    (d / "sub").mkdir()
    for f in GOOD[:4]:
        shutil.copy(f, d)
    shutil.copy(GOOD[4], d / "sub")
    (d / "broken.txt").write_bytes(b"")
    return d


@pytest.fixture(scope="module")
def serial(folder, tmp_path_factory):
    """The reference: a serial run into one file and into one file per input."""
    out = tmp_path_factory.mktemp("serial")
    res = cli("extract", "--mode", "rules", folder, "--output", out / "all.jsonl", "--output-dir", out / "parts")
    assert res.returncode == 1 and "broken.txt: empty file" in res.stderr
    return out


def tree(d):
    return {str(p.relative_to(d)): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_output_dir_has_one_file_per_input(folder, serial):
    parts = tree(serial / "parts")
    assert set(parts) == {f.stem + ".jsonl" for f in GOOD[:4]} | {f"sub/{GOOD[4].stem}.jsonl"}
    merged = (serial / "all.jsonl").read_bytes()
    # each part holds exactly its own filing's records, and the parts in input order are the merged file
    for name, data in parts.items():
        docs = {json.loads(x)["doc"] for x in data.decode().splitlines()}
        assert docs == {name.split("/")[-1].replace(".jsonl", ".txt")}
    assert merged == b"".join(parts[k] for k in sorted(parts))  # sorted names are the input order here
    assert len(merged.splitlines()) > 500


def test_jobs_equal_serial(folder, serial, tmp_path):
    res = cli("extract", "--mode", "rules", folder, "--jobs", 2, "--output", tmp_path / "all.jsonl", "--output-dir", tmp_path / "parts")
    assert res.returncode == 1 and "broken.txt: empty file" in res.stderr
    assert (tmp_path / "all.jsonl").read_bytes() == (serial / "all.jsonl").read_bytes()
    assert tree(tmp_path / "parts") == tree(serial / "parts")


def test_run_batch_keeps_input_order_and_named_errors(folder):
    files = [folder / "broken.txt", *sorted(folder.glob("0*.txt")), folder / "missing.txt"]
    a = run_batch(files, "rules", jobs=2)
    b = run_batch(files, "rules")
    assert [r.path for r in a] == [str(f) for f in files]
    assert [r.error for r in a] == [r.error for r in b]
    assert a[0].error.endswith("broken.txt: empty file") and a[-1].error.endswith("missing.txt: no such file")
    assert [[x.to_dict() for x in r.records] for r in a[1:-1]] == [[x.to_dict() for x in r.records] for r in b[1:-1]]
    assert all(r.records for r in a[1:-1])


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def test_dask_equals_serial(folder, serial, cluster, tmp_path):
    res = cli("extract", "--mode", "rules", folder, "--scheduler", cluster.scheduler_address, "--output", tmp_path / "all.jsonl",
              "--output-dir", tmp_path / "parts")
    assert res.returncode == 1 and "broken.txt: empty file" in res.stderr
    assert (tmp_path / "all.jsonl").read_bytes() == (serial / "all.jsonl").read_bytes()
    assert tree(tmp_path / "parts") == tree(serial / "parts")
    # the per-document function itself ran on the workers
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        r = client.submit(extract_file, str(GOOD[0]), "rules", pure=False).result()
        assert r.ok and r.records and r.records[0].doc == GOOD[0].name


def test_unreachable_scheduler_is_a_named_error(tmp_path):
    res = cli("extract", "--mode", "rules", GOOD[0], "-o", tmp_path / "x.jsonl", "--scheduler", "tcp://127.0.0.1:9",
              env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert res.returncode == 2 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_resume_skips_done_and_retries_failed(folder, serial, tmp_path):
    data = tmp_path / "in"
    shutil.copytree(folder, data)
    parts = tmp_path / "parts"
    first = cli("extract", "--mode", "rules", data, "--output-dir", parts)
    assert first.returncode == 1
    assert not (parts / "broken.jsonl").exists()  # a failed input leaves no output
    # empty a done output: a resumed run must leave it alone, a plain run redoes it
    done = parts / f"{GOOD[0].stem}.jsonl"
    done.write_bytes(b"")
    shutil.copy(GOOD[1], data / "broken.txt")  # the failed input is fixed
    again = cli("extract", "--mode", "rules", data, "--output-dir", parts, "--resume", "--output", tmp_path / "all.jsonl")
    assert again.returncode == 0, again.stderr
    assert "5 files already done" in again.stdout
    assert done.read_bytes() == b""
    assert (parts / "broken.jsonl").read_bytes() == (serial / "parts" / f"{GOOD[1].stem}.jsonl").read_bytes() \
        .replace(GOOD[1].name.encode(), b"broken.txt")
    # the merged file is rebuilt from every per-input file, the skipped ones too, in input order
    order = [parts / f"{f.stem}.jsonl" for f in GOOD[:4]] + [parts / "broken.jsonl", parts / "sub" / f"{GOOD[4].stem}.jsonl"]
    assert (tmp_path / "all.jsonl").read_bytes() == b"".join(p.read_bytes() for p in order)
    redo = cli("extract", "--mode", "rules", data, "--output-dir", parts)
    assert redo.returncode == 0 and done.read_bytes() == (serial / "parts" / done.name).read_bytes()


def test_resume_needs_output_dir(tmp_path):
    res = cli_in_process("extract", "--mode", "rules", GOOD[0], "-o", tmp_path / "x.jsonl", "--resume")
    assert res.returncode == 2 and "--resume needs --output-dir" in res.stderr
    assert "--resume" in cli_in_process("extract", "--mode", "rules", "--help").stdout


def test_outputs_that_would_collide_are_refused(tmp_path):
    shutil.copy(GOOD[0], tmp_path / "a.txt")
    shutil.copy(GOOD[1], tmp_path / "a.text")
    res = cli("extract", "--mode", "rules", tmp_path, "--output-dir", tmp_path / "out")
    assert res.returncode == 2 and "would both be written to" in res.stderr and "a.text" in res.stderr
    assert not (tmp_path / "out").exists()


def test_killed_batch_leaves_whole_files_and_resumes(serial, tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    for i in range(8):
        for f in GOOD:
            shutil.copy(f, data / f"{i:02d}_{f.name}")
    parts = tmp_path / "parts"
    proc = cli("extract", "--mode", "rules", data, "--output-dir", parts, wait=False)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 10:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    written = list(parts.glob("*.jsonl"))
    assert 10 <= len(written) < 40, "the batch should have been killed part way"
    reference = {f.stem: (serial / "parts" / f"{f.stem}.jsonl").read_bytes()
                 for f in GOOD[:4]} | {GOOD[4].stem: (serial / "parts" / "sub" / f"{GOOD[4].stem}.jsonl").read_bytes()}

    def whole(p):
        stem = p.stem[3:]
        return p.read_bytes() == reference[stem].replace(f"{stem}.txt".encode(), f"{p.stem}.txt".encode())

    assert all(whole(p) for p in written)  # every output there is complete
    res = cli("extract", "--mode", "rules", data, "--output-dir", parts, "--resume")
    assert res.returncode == 0, res.stderr
    assert f"{len(written)} files already done" in res.stdout
    final = list(parts.glob("*.jsonl"))
    assert len(final) == 40 and all(whole(p) for p in final)
    assert not list(parts.glob(".*.tmp"))


def test_ctrl_c_stops_a_pool_batch_at_once(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    copies = 300  # a batch long enough that the interrupt lands in its middle on any machine
    for i in range(copies):
        for f in GOOD:
            shutil.copy(f, data / f"{i:03d}_{f.name}")
    total = copies * len(GOOD)
    parts = tmp_path / "parts"
    cmd = [sys.executable, "-m", "extraction", "extract", "--mode", "rules", str(data), "--jobs", "2",
           "--output-dir", str(parts)]
    # the child gets Ctrl-C's default handling even when this suite runs where SIGINT is ignored
    # (a background job of a non-interactive shell: its children inherit the ignored signal)
    proc = subprocess.Popen(cmd, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while time.time() < deadline and len(list(parts.glob("*.jsonl"))) < 5:
        time.sleep(0.02)
    # SIGINT to the parent alone (kill -INT, a job scheduler): the workers are not interrupted, so
    # the pool must drop its queued files itself rather than wait for the whole batch
    proc.send_signal(signal.SIGINT)
    t0 = time.time()
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130 and "interrupted" in err
    done = len(list(parts.glob("*.jsonl")))
    assert time.time() - t0 < 15 and done < total, "the queued files should have been dropped"
    # the resume reads what is left: a few of the dropped files (the rest taken out of the folder, so
    # the check does not redo a whole batch)
    left = sorted(p for p in data.iterdir() if not (parts / f"{p.stem}.jsonl").exists())
    for p in left[10:]:
        p.unlink()
    res = cli("extract", "--mode", "rules", data, "--output-dir", parts, "--resume", "--jobs", "2")
    assert res.returncode == 0 and f"{done} files already done" in res.stdout
    assert len(list(parts.glob("*.jsonl"))) == done + min(10, len(left)) and not list(parts.glob(".*.tmp"))
