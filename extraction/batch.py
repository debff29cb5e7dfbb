"""Batches of filings: one per-document function and three ways to run it.

``extract_file`` reads one filing, extracts it and (with an output folder) writes its own
``.jsonl`` atomically. ``run_batch`` runs it over many files serially, in a process pool
(``jobs > 1``) or on a Dask cluster (``scheduler``), and returns the results in input order,
so the records do not depend on how the batch was run.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from .modes import DEFAULT_MODE
from .record import Record

OUTPUT_SUFFIX = ".jsonl"


@dataclass
class FileResult:
    """What one input gave: its records (unless they went to ``output``), a summary, or an error."""

    path: str
    doc: str | None = None
    records: list[Record] | None = None
    n_records: int = 0
    columns: dict[str, int] = field(default_factory=dict)
    layouts: str = ""
    n_tables: int = 0
    problems: list[str] = field(default_factory=list)
    review: str = ""  # why a person should look at this filing's records (pipeline.Result.review)
    output: str | None = None
    error: str | None = None
    skipped: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


def extract_file(path: str, mode: str = DEFAULT_MODE, output: str | None = None) -> FileResult:
    """Extract one filing. With ``output`` the records are written there (atomically) and not
    returned; an unreadable file or a failing extractor gives ``error`` (one line) instead."""
    from .output import write_records
    from .pipeline import run
    from .reading import ReadError, read_document

    try:
        res = run(read_document(path), mode)
        res_out = FileResult(path=str(path), doc=res.doc.name, n_records=len(res.records),
                             columns=dict(Counter(r.column for r in res.records)), layouts=res.layouts,
                             n_tables=len(res.tables), problems=res.problems, review=res.review)
        if output is not None:
            write_records(output, res.records)
            res_out.output = str(output)
        else:
            res_out.records = res.records
        return res_out
    except ReadError as err:
        return FileResult(path=str(path), error=str(err))
    except Exception as err:  # one broken file must not stop the batch
        return FileResult(path=str(path), error=f"{path}: {type(err).__name__}: {err}")


def output_paths(files: Sequence[Path], roots: Sequence[Path], out_dir: Path) -> list[Path]:
    """The output file of each input: ``<out_dir>/<stem>.jsonl``, keeping the sub-folders below
    the folder it was found in. Two inputs that would share one output are refused."""
    outs: list[Path] = []
    seen: dict[Path, Path] = {}
    for f, root in zip(files, roots):
        rel = f.relative_to(root) if root != f and root in f.parents else Path(f.name)
        out = out_dir / rel.with_suffix(OUTPUT_SUFFIX)
        if out in seen:
            raise ValueError(f"{f} and {seen[out]} would both be written to {out}; rename one or extract them apart")
        seen[out] = f
        outs.append(out)
    return outs


Progress = Callable[[int, FileResult], None]


def run_batch(files: Sequence[str | Path], mode: str = DEFAULT_MODE, *, outputs: Sequence[str | Path] | None = None,
              jobs: int = 1, scheduler: str | object | None = None, on_done: Progress | None = None) -> list[FileResult]:
    """``extract_file`` over ``files``; results in input order whatever the runner.

    ``jobs > 1``: a pool of that many processes. ``scheduler``: the address of a Dask scheduler
    (``tcp://host:8786``) or a ``distributed.Client``; inputs and outputs must then be at the same
    paths on the workers (a shared file system). ``on_done(index, result)`` is called in this
    process as each file finishes (for a progress bar).
    """
    args = [(str(f), mode, None if outputs is None else str(outputs[i])) for i, f in enumerate(files)]
    results: list[FileResult | None] = [None] * len(args)

    def done(i: int, r: FileResult) -> None:
        results[i] = r
        if on_done is not None:
            on_done(i, r)

    if scheduler is not None:
        _run_dask(args, scheduler, done)
    elif jobs > 1 and len(args) > 1:
        _run_pool(args, jobs, done)
    else:
        for i, a in enumerate(args):
            done(i, extract_file(*a))
    return results  # type: ignore[return-value]


def _worker_init(parent: int) -> None:
    """In each pool worker: SIGTERM and the parent's death end the worker the way Ctrl-C does (its
    temp file removed), so no worker outlives a killed batch."""
    import signal
    import threading

    def terminated(signum, frame) -> None:
        raise KeyboardInterrupt()

    signal.signal(signal.SIGTERM, terminated)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides

    def watch() -> None:
        import _thread
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        _thread.interrupt_main()  # the file being written is abandoned, its temp file removed
        time.sleep(5)
        os._exit(1)  # stuck in a library call that never returns to Python

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _run_pool(args: list[tuple], jobs: int, done: Callable[[int, FileResult], None]) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: workers start clean (no copy of the parent's threads, such as the progress bar's)
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(args)), mp_context=ctx,
                               initializer=_worker_init, initargs=(os.getpid(),))
    futs: dict = {}
    try:
        for i, a in enumerate(args):
            futs[pool.submit(extract_file, *a)] = i
        for fut in as_completed(futs):
            i = futs[fut]
            try:
                r = fut.result()
            except Exception as err:  # a worker that died (killed, out of memory)
                r = FileResult(path=args[i][0], error=f"{args[i][0]}: worker failed: {type(err).__name__}: {err}")
            done(i, r)
    except BaseException:
        # Ctrl-C: drop the queued files instead of waiting for the whole batch to finish. Each
        # future is cancelled here: shutdown's own cancel_futures is lost when the executor is
        # collected (the raise below drops it) before its manager thread wakes up, and the exiting
        # interpreter then waits for every queued file
        for fut in futs:
            fut.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _run_dask(args: list[tuple], scheduler: str | object, done: Callable[[int, FileResult], None]) -> None:
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    try:
        # the connect timeout is Dask's own setting (distributed.comm.timeouts.connect, 30 s)
        client = Client(scheduler) if own else scheduler
    except (OSError, TimeoutError) as err:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        futs = client.map(extract_file, *zip(*args), pure=False)
        index = {f.key: i for i, f in enumerate(futs)}
        for fut in as_completed(futs):
            i = index[fut.key]
            try:
                r = fut.result()
            except Exception as err:  # a worker lost or killed
                r = FileResult(path=args[i][0], error=f"{args[i][0]}: Dask task failed: {type(err).__name__}: {err}")
            done(i, r)
    finally:
        if own:
            client.close()


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
