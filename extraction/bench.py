"""Throughput benchmark: ``python -m extraction bench [FOLDER...]``.

On the same text in one run it measures, each in a fresh process (so that peak RSS and caches
of one measurement do not leak into the next):

* every extraction mode of ``pipeline.MODES``: MB/s and records/s over the corpus (the model
  is loaded on the cold-start text before the clock starts; its load is in the cold start);
  wall-clock figures, with CPU time beside them since a shared machine slows the wall clock;
* bare jieba segmentation, ``jieba.lcut`` over the same texts, as the yardstick;
* each mode through ``batch.run_batch`` with ``--jobs N`` over the corpus written to files;
* cold start: a new interpreter that imports ``extraction`` and extracts one small text.

The corpora are the sample filings repeated to a size (5 MB by default) and, if named, the
files of a folder. Results are printed as a table and written to a JSON file.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .project import project_root
from .resources import cold_start_text
from . import extract
from .batch import default_jobs, run_batch
from .pipeline import MODES, run
from .reading import Document, SUFFIXES, read_document

ROOT = project_root()
FILINGS = ROOT / "annotations" / "filings"
# small enough to be quick, with a Chinese numeral so that cn2an's load is counted too
COLD_TEXT = cold_start_text()


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in KiB on Linux, in bytes on macOS; for RUSAGE_CHILDREN it is the largest child's
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _load_corpus(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, text) of a corpus: ``{"files": [...], "repeat": n}``."""

    docs = [read_document(f) for f in spec["files"]]
    return [(f"{i:04d}_{d.name}" if spec["repeat"] > 1 else d.name, d.text)
            for i in range(spec["repeat"]) for d in docs]


def _child(task: dict[str, Any]) -> dict[str, Any]:
    """One measurement, run in its own process; returns what it measured."""
    kind = task["kind"]
    if kind == "cold":
        t0 = time.perf_counter()

        n = len(extract(COLD_TEXT, mode=task["mode"]))
        return {"seconds": time.perf_counter() - t0, "records": n, "peak_rss_mb": _peak_rss_mb()}
    corpus = _load_corpus(task["corpus"])
    mb = sum(len(t.encode("utf-8")) for _, t in corpus) / 1e6
    if kind == "jieba":
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        c0, t0 = time.process_time(), time.perf_counter()
        n = sum(len(jieba.lcut(text)) for _, text in corpus)
        counted = "tokens"
    elif kind == "mode":
        # warm-up on the cold-start text: loads the model and lazy imports, compiles the patterns
        run(Document("warm-up", COLD_TEXT), task["mode"])
        c0, t0 = time.process_time(), time.perf_counter()
        n = sum(len(run(Document(name, text), task["mode"]).records) for name, text in corpus)
        counted = "records"
    elif kind == "jobs":
        paths = task["paths"]
        k0 = _children_cpu()
        c0, t0 = time.process_time(), time.perf_counter()
        res = run_batch(paths, task["mode"], jobs=task["jobs"])
        worker_cpu = _children_cpu() - k0  # the pool's workers have been joined: their CPU is counted
        n = sum(r.n_records for r in res)
        counted = "records"
        bad = [r.error for r in res if not r.ok]
        if bad:
            raise RuntimeError(bad[0])
    else:
        raise ValueError(f"unknown benchmark task {kind!r}")
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    out = {"seconds": dt, "cpu_seconds": cpu, "mb": mb, "docs": len(corpus), counted: n,
           "mb_per_s": mb / dt, "per_s": n / dt, "peak_rss_mb": _peak_rss_mb()}
    if kind == "jobs":
        # all processes: the CPU time of the workers too, and the largest worker's peak RSS
        out["cpu_seconds"] = cpu + worker_cpu
        out["peak_rss_mb_worker"] = _peak_rss_mb(resource.RUSAGE_CHILDREN)
    return out


def _spawn(task: dict[str, Any]) -> dict[str, Any]:
    t0 = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    # the task goes on stdin: a folder's list of files can be longer than one argument may be
    res = subprocess.run([sys.executable, "-m", "extraction.bench"], input=json.dumps(task), capture_output=True,
                         text=True, env=env)
    if res.returncode != 0:
        last = (res.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"benchmark step {task['kind']} {task.get('mode', '')} failed: {last}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["process_seconds"] = time.perf_counter() - t0
    return out


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM and Python of this machine (for quoting the figures)."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass

    # a busy machine slows the wall clock: the load average says how busy it was
    load = [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None
    return {"nproc": default_jobs(), "cpu": cpu, "ram_gb": ram, "python": platform.python_version(),
            "platform": platform.platform(), "load_avg_1_5_15": load}


def corpora(size_mb: float, folders: list[str], filings: Path = FILINGS) -> dict[str, dict[str, Any]]:
    """The sample filings repeated to ``size_mb`` and each named folder's filings."""

    out: dict[str, dict[str, Any]] = {}
    base = sorted(str(f) for f in filings.glob("*") if f.suffix in SUFFIXES)
    if not base:
        raise FileNotFoundError(f"{filings}: no sample filings to repeat")
    size = sum(Path(f).stat().st_size for f in base)
    repeat = max(1, -(-int(size_mb * 1e6) // size))
    out[f"filings x{repeat}"] = {"files": base, "repeat": repeat}
    for folder in folders:
        p = Path(folder)
        if not p.is_dir():
            raise FileNotFoundError(f"{folder}: not a folder")
        files = sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
        if not files:
            raise FileNotFoundError(f"{folder}: no {'/'.join(SUFFIXES)} files")
        out[folder] = {"files": files, "repeat": 1}
    return out


def run_bench(size_mb: float = 5.0, folders: list[str] | None = None, jobs: int | None = None,
              modes: tuple[str, ...] | None = None, progress=None) -> dict[str, Any]:
    """Run every measurement; the result is what ``bench`` writes as JSON."""

    modes = tuple(modes or MODES)
    jobs = jobs or default_jobs()
    say = progress or (lambda msg: None)
    report: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                              "modes": list(modes), "jobs": jobs, "corpora": {}, "results": [], "cold_start": [],
                              "unavailable": {}}
    # cold start first: it also tells which modes can run here (a model mode needs its trained model)
    for mode in modes:
        say(f"cold start: {mode}")
        try:
            report["cold_start"].append({"mode": mode, **_spawn({"kind": "cold", "mode": mode})})
        except RuntimeError as err:
            report["unavailable"][mode] = str(err)
    modes = tuple(m for m in modes if m not in report["unavailable"])
    for name, spec in corpora(size_mb, folders or []).items():
        say(f"{name}: jieba")
        base = _spawn({"kind": "jieba", "corpus": spec})
        report["corpora"][name] = {"docs": base["docs"], "mb": round(base["mb"], 3)}
        rows = [{"corpus": name, "what": "jieba.lcut", "mode": None, "jobs": 1, **base}]
        for mode in modes:
            say(f"{name}: {mode}")
            rows.append({"corpus": name, "what": mode, "mode": mode, "jobs": 1,
                         **_spawn({"kind": "mode", "mode": mode, "corpus": spec})})
        if jobs > 1:
            with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
                paths = []
                for i, (doc, text) in enumerate(_load_corpus(spec)):
                    f = Path(tmp) / f"{i:05d}.txt"
                    f.write_text(text, encoding="utf-8")
                    paths.append(str(f))
                for mode in modes:
                    say(f"{name}: {mode} --jobs {jobs}")
                    r = _spawn({"kind": "jobs", "mode": mode, "jobs": jobs, "paths": paths, "corpus": spec})
                    rows.append({"corpus": name, "what": f"{mode} --jobs {jobs}", "mode": mode, "jobs": jobs, **r})
        for r in rows:
            r["ratio_to_jieba"] = r["mb_per_s"] / base["mb_per_s"]
            r["tokens_per_s" if "tokens" in r else "records_per_s"] = r.pop("per_s")
        report["results"].extend(rows)
    report["load_avg_after"] = machine()["load_avg_1_5_15"]
    return report


def table(report: dict[str, Any]):
    """The report as a rich table."""
    from rich.table import Table

    m = report["machine"]
    t = Table(title=f"throughput ({m['nproc']} cores, {m['cpu']}, {m['ram_gb']} GB RAM, Python {m['python']})")
    for c in ("corpus", "what", "MB", "s", "MB/s", "CPU MB/s", "records/s", "x jieba", "peak RSS MB"):
        t.add_column(c, justify="left" if c in ("corpus", "what") else "right")
    for r in report["results"]:
        t.add_row(r["corpus"], r["what"], f"{r['mb']:.2f}", f"{r['seconds']:.2f}", f"{r['mb_per_s']:.2f}",
                  f"{r['mb'] / r['cpu_seconds']:.2f}",
                  f"{r['records_per_s']:.0f}" if "records_per_s" in r else "-", f"{r['ratio_to_jieba']:.2f}",
                  f"{r['peak_rss_mb']:.0f}" + (f" / {r['peak_rss_mb_worker']:.0f} a worker"
                                               if "peak_rss_mb_worker" in r else ""))
    for c in report["cold_start"]:
        t.add_row("cold start", c["mode"], "", f"{c['seconds']:.2f}", "", "", "", "",
                  f"{c['peak_rss_mb']:.0f}")
    for mode, why in report["unavailable"].items():
        t.add_row("not measured", mode, "", "", "", "", "", "", "", end_section=False)
        t.caption = (t.caption + "; " if t.caption else "") + f"{mode}: {why}"
    return t


if __name__ == "__main__":
    # the child side of _spawn: one task as JSON in, one result as JSON out
    print(json.dumps(_child(json.loads(sys.stdin.read()))))
