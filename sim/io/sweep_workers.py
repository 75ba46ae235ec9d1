"""A named sweep's chunks computed by worker processes at once, or one by one in this one.

Computing a chunk (:func:`sim.io.sweep_tables.chunk_parquet`) is pure and every chunk is
independent of the others, so a pool of worker processes computes several at once and
hands back their Parquet bytes (about 4 bytes a grid point, cheap to pass). The workers
write nothing: the calling process records each chunk in the manifest and writes it
(:mod:`sim.io.sweep_store`), so the resume protocol is the same with any number of workers,
and a chunk's bytes do not depend on the process that computed it.

Workers are forked where the platform can (they inherit the loaded libraries, as
:mod:`sim.cli.figure_jobs` does), otherwise spawned. They ignore Ctrl-C: the calling
process stops them, after their current chunk, and reports the interruption once. A
worker whose calling process is gone (killed) exits within
:data:`sim.base.worker_processes.PARENT_CHECK` seconds,
and it never holds the sweep folder's lock: it closes its copy of the lock's file
descriptor on start, so that a killed sweep can be resumed at once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from sim.base.errors import UserError
from sim.base.worker_processes import exit_with_parent
from sim.io.sweep_tables import SweepRun, SweepSpec, chunk_parquet

#: One chunk's work: the sweep, the run and its slice of x values.
Job = tuple[SweepSpec, SweepRun, slice]
#: By default, one worker for at least this many grid points to compute. Starting the
#: workers costs about 40 ms of CPU, as much as computing 100,000 points in this process,
#: so a second worker pays for itself from about 200,000 points on.
POINTS_PER_WORKER = 200_000


def usable_cores() -> int:
    """The cores this process may run on (``os.sched_getaffinity``; all of them elsewhere)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(chosen: int | None, chunks: int, points: int) -> int:
    """Processes to compute ``chunks`` chunks of ``points`` grid points in all; 1 means this
    process alone. ``chosen`` workers, or by default (None) the usable cores but one for
    every :data:`POINTS_PER_WORKER` points at most; never more than the usable cores or
    the chunks.

    >>> worker_count(1, 30, 10**6), worker_count(4, 1, 10**6), worker_count(None, 14, 182)
    (1, 1, 1)
    """
    wanted = usable_cores() if chosen is None else chosen
    if chosen is None:
        wanted = min(wanted, -(-points // POINTS_PER_WORKER))
    return max(1, min(wanted, usable_cores(), chunks))


@contextmanager
def computed_chunks(
    jobs: Mapping[str, Job], workers: int, private: tuple[int, ...] = ()
) -> Iterator[Iterator[list[tuple[str, bytes]]]]:
    """Batches of ``(chunk name, Parquet bytes)``, each holding the chunks finished since the
    last batch: one by one in the order of ``jobs`` with one worker (in this process), in
    the order they finish with more. The workers start on entry (before any progress bar's
    thread) and close the file descriptors ``private`` (this process's alone, such as a
    lock); on exit the chunks not started are cancelled and those under way waited for.
    """
    if workers <= 1:
        yield ([(name, chunk_parquet(*job))] for name, job in jobs.items())
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(
        workers,
        multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(os.getpid(), private if method == "fork" else ()),  # a spawned worker inherits none
    )
    try:
        yield _as_finished({pool.submit(chunk_parquet, *job): name for name, job in jobs.items()})
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _as_finished(pending: dict[Future, str]) -> Iterator[list[tuple[str, bytes]]]:
    """The results of ``pending`` as they finish; a worker that died (killed by the system,
    out of memory) is a :class:`UserError` that says what to do."""
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        try:
            batch = [(pending.pop(future), future.result()) for future in done]
        except BrokenProcessPool:
            raise UserError(
                "config",
                "sweep.workers",
                "worker processes that finish their chunks",
                "<a worker that stopped: killed, or out of memory?>",
                hint="rerun to resume from the chunks written; sweep.workers=1 or a smaller "
                "sweep.chunk_points needs less memory",
            ) from None
        yield batch


def _start_worker(parent: int, private: tuple[int, ...]) -> None:
    """In a new worker: leave Ctrl-C (sent to the whole process group) to the calling
    process, close its private file descriptors, and exit when it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for descriptor in private:  # this worker's copies; the calling process keeps its own
        os.close(descriptor)
    exit_with_parent(parent)
