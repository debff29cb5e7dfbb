"""The benchmark runs end to end on a small corpus and writes its figures (speed is not asserted)."""
import json
import shutil
import subprocess
import sys

from extraction.pipeline import MODES

from .conftest import FILINGS, ROOT


def test_bench_small_corpus(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    for f in sorted(FILINGS.glob("*.txt"))[:2]:
        shutil.copy(f, folder)
    out = tmp_path / "bench.json"
    # two modes, one of rules and one with the model: every mode costs a process per corpus and way
    modes = ["values", "combined"]
    res = subprocess.run([sys.executable, "-m", "extraction", "bench", str(folder), "--size", "0.05", "--jobs", "2",
                          "--modes", *modes, "--json", str(out)], capture_output=True, text=True, cwd=tmp_path,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "COLUMNS": "200"})
    assert res.returncode == 0, res.stderr
    assert "jieba.lcut" in res.stdout and "cold start" in res.stdout
    rep = json.loads(out.read_text(encoding="utf-8"))
    assert {"machine", "date", "modes", "jobs", "corpora", "results", "cold_start"} <= set(rep)
    assert rep["machine"]["nproc"] >= 1 and rep["machine"]["cpu"] and rep["machine"]["ram_gb"] > 0
    assert rep["modes"] == modes and set(modes) <= set(MODES)
    # a mode is measured, or named with the reason it could not run (a model mode without its model)
    measured = [m for m in modes if m not in rep["unavailable"]]
    assert "values" in measured and all(rep["unavailable"][m] for m in modes if m not in measured)
    (repeated,) = [k for k in rep["corpora"] if k.startswith("filings x")]
    assert rep["corpora"][repeated]["mb"] >= 0.05
    assert rep["corpora"][str(folder)]["docs"] == 2
    for corpus in rep["corpora"]:
        rows = {r["what"]: r for r in rep["results"] if r["corpus"] == corpus}
        assert set(rows) == {"jieba.lcut", *measured, *(f"{m} --jobs 2" for m in measured)}
        assert rows["jieba.lcut"]["ratio_to_jieba"] == 1 and rows["jieba.lcut"]["tokens"] > 1000
        for mode in measured:
            r = rows[mode]
            assert r["mb"] == rep["corpora"][corpus]["mb"] or abs(r["mb"] - rep["corpora"][corpus]["mb"]) < 1e-3
            assert r["records"] > 0 and r["records_per_s"] > 0 and r["mb_per_s"] > 0 and r["peak_rss_mb"] > 5
            assert r["ratio_to_jieba"] == r["mb_per_s"] / rows["jieba.lcut"]["mb_per_s"]
            # the pool gives the same number of records as the serial run on the same texts
            pool = rows[f"{mode} --jobs 2"]
            assert pool["records"] == r["records"]
            # its CPU time counts the workers', which did the work
            assert pool["peak_rss_mb_worker"] > 5 and pool["cpu_seconds"] > 0.5 * r["cpu_seconds"]
    assert [c["mode"] for c in rep["cold_start"]] == measured
    assert all(c["seconds"] > 0 and c["records"] >= 1 for c in rep["cold_start"])
    assert next(c for c in rep["cold_start"] if c["mode"] == "values")["records"] == 2  # 一期 and >=5000人
