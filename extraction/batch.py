"""Batches of filings: one per-document function and three ways to run it.

``extract_file`` reads one filing, extracts it and (with an output folder) writes its own
``.jsonl`` atomically. ``run_batch`` runs it over many files serially, in a process pool
(``jobs > 1``) or on a Dask cluster (``scheduler``), and returns the results in input order,
so the records do not depend on how the batch was run.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .inputs import printable
from .modes import DEFAULT_MODE
from .record import Record
from .output import write_records
from .pipeline import run
from .reading import Document, ReadError, read_document
from .resources import cold_start_text

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


TIME_LIMIT = 600.0  # seconds for one file (--time-limit); a hung reader must not hold the batch back
GRACE = 10.0  # seconds past the limit before a pool worker that does not stop is killed


class TimeLimitExceeded(BaseException):
    """A file over its time limit (raised by SIGALRM; a BaseException, so that no library's
    ``except Exception`` swallows it)."""


def _over_limit(signum, frame) -> None:
    raise TimeLimitExceeded()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in this thread after ``seconds`` (None or 0: no limit). Only the main
    thread receives signals: elsewhere (Dask's worker threads) the limit is not enforced."""
    import signal
    import threading

    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _over_limit)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def over_limit_error(path: str, seconds: float) -> str:
    return f"{printable(path)}: stopped: over the {seconds:g} s time limit for one file (--time-limit)"


def extract_file(path: str, mode: str = DEFAULT_MODE, output: str | None = None,
                 limit: float | None = None) -> FileResult:
    """Extract one filing. With ``output`` the records are written there (atomically) and not
    returned; an unreadable file, a failing extractor or one over ``limit`` seconds gives
    ``error`` (one line) instead."""
    try:
        with time_limit(limit):
            return _extract_file(path, mode, output)
    except TimeLimitExceeded:
        return FileResult(path=str(path), error=over_limit_error(path, limit or 0))


def _extract_file(path: str, mode: str, output: str | None) -> FileResult:
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
        return FileResult(path=str(path), error=f"{printable(path)}: {type(err).__name__}: {err}")


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
              jobs: int = 1, scheduler: str | object | None = None, on_done: Progress | None = None,
              limit: float | None = TIME_LIMIT) -> list[FileResult]:
    """``extract_file`` over ``files``; results in input order whatever the runner.

    ``jobs > 1``: a pool of that many processes. ``scheduler``: the address of a Dask scheduler
    (``tcp://host:8786``) or a ``distributed.Client``; inputs and outputs must then be at the same
    paths on the workers (a shared file system). ``on_done(index, result)`` is called in this
    process as each file finishes (for a progress bar). ``limit``: seconds for one file (None: no
    limit); a file over it fails, the rest go on. In a pool, a worker that dies (killed, out of
    memory) fails its own file only.
    """
    args = [(str(f), mode, None if outputs is None else str(outputs[i]), limit) for i, f in enumerate(files)]
    results: list[FileResult | None] = [None] * len(args)

    def done(i: int, r: FileResult) -> None:
        results[i] = r
        if on_done is not None:
            on_done(i, r)

    if scheduler is not None:
        _run_dask(args, scheduler, done)
    elif jobs > 1 and len(args) > 1:
        _run_pool(args, jobs, done, limit)
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

        while os.getppid() == parent:
            time.sleep(0.5)
        _thread.interrupt_main()  # the file being written is abandoned, its temp file removed
        time.sleep(5)
        os._exit(1)  # stuck in a library call that never returns to Python

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _worker(conn, parent: int, mode: str) -> None:
    """A pool worker: extract the files the parent sends, one at a time, until it sends None."""
    _worker_init(parent)
    try:
        # the libraries and word lists loaded before the first file: its time limit is its own
        run(Document("warm-up.txt", cold_start_text()), mode)
    except Exception:
        pass  # the file's own run reports what is wrong
    try:
        while True:
            task = conn.recv()
            if task is None:
                return
            i, a = task
            conn.send((i, extract_file(*a)))
    except (KeyboardInterrupt, EOFError, BrokenPipeError):
        return


def _death(code: int | None) -> str:
    """Why a worker process ended, in words."""
    import signal

    if code is not None and code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        why = " (out of memory, or killed)" if -code == signal.SIGKILL else ""
        return f"killed by {name}{why}"
    return f"exited with status {code}"


class _Pool:
    """Worker processes that each run one file at a time. Unlike concurrent.futures' pool, a
    worker that dies fails only the file it was running (a new worker takes its place), and one
    over the time limit is killed."""

    def __init__(self, jobs: int, mode: str) -> None:
        import multiprocessing

        self.mode = mode
        # spawn: workers start clean (no copy of the parent's threads, such as the progress bar's)
        self.ctx = multiprocessing.get_context("spawn")
        self.workers: list[list] = []  # [process, connection, (index, args, started) or None]
        for _ in range(jobs):
            self.workers.append(self._start())

    def _start(self) -> list:
        here, there = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(there, os.getpid(), self.mode), daemon=True)
        proc.start()
        there.close()
        return [proc, here, None]

    def replace(self, w: list) -> None:
        """A new worker in place of ``w`` (dead, or killed here)."""
        w[1].close()
        w[0].join(1)
        w[:] = self._start()

    def stop(self, force: bool = False) -> None:
        """End every worker: asked (None) when the batch is done, SIGTERM when it is interrupted
        (each removes its temp file), then SIGKILL for any that did not end."""
        for proc, conn, busy in self.workers:
            try:
                if force or busy is not None:
                    proc.terminate()
                else:
                    conn.send(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5
        for proc, conn, _ in self.workers:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(1)
            conn.close()


def _run_pool(args: list[tuple], jobs: int, done: Callable[[int, FileResult], None], limit: float | None) -> None:
    from multiprocessing.connection import wait

    todo = list(range(len(args)))[::-1]  # popped from the end: input order
    pool = _Pool(min(jobs, len(args)), args[0][1])
    try:
        def give(w: list) -> None:
            if todo:
                i = todo.pop()
                w[2] = (i, args[i], time.monotonic())
                w[1].send((i, args[i]))

        for w in pool.workers:
            give(w)
        while any(w[2] is not None for w in pool.workers):
            busy = [w for w in pool.workers if w[2] is not None]
            ready = wait([w[1] for w in busy] + [w[0].sentinel for w in busy], timeout=1.0)
            for w in busy:
                proc, conn, (i, a, started) = w
                result = None
                if conn in ready:
                    try:
                        _, result = conn.recv()
                    except (EOFError, OSError):  # died while sending
                        result = None
                if result is None and (proc.sentinel in ready or not proc.is_alive()):
                    proc.join(1)
                    result = FileResult(path=a[0], error=f"{printable(a[0])}: the worker process reading it "
                                                         f"{_death(proc.exitcode)}; the other files go on")
                    pool.replace(w)
                elif result is None and limit and time.monotonic() - started > limit + GRACE:
                    # the worker's own alarm did not stop it (stuck in a library's C code)
                    proc.kill()
                    result = FileResult(path=a[0], error=over_limit_error(a[0], limit))
                    pool.replace(w)
                if result is not None:
                    w[2] = None
                    done(i, result)
                    give(w)
    except BaseException:
        pool.stop(force=True)  # Ctrl-C: the queued files are dropped, the running ones abandoned
        raise
    pool.stop()


def _run_dask(args: list[tuple], scheduler: str | object, done: Callable[[int, FileResult], None]) -> None:
    from distributed import Client, as_completed

    own = not isinstance(scheduler, Client)
    try:
        # the connect timeout is Dask's own setting (distributed.comm.timeouts.connect, 30 s)
        client = Client(scheduler) if own else scheduler
    except (OSError, TimeoutError) as err:
        raise ConnectionError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        futs = client.map(extract_file, *zip(*args), pure=False)  # the time limit: main threads only
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
