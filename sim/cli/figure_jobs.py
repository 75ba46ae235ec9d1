"""Drawing a run's figures in worker processes while the run goes on computing.

Drawing is most of the main job's time and each figure is independent of the others, so a
:class:`FigureJobs` hands each figure to a worker process (forked: it inherits the loaded
libraries) when this process may use more than one core, and the run computes its next
step meanwhile. :meth:`FigureJobs.finish` then draws in this process, from the last,
every figure no worker has started, and waits for the others: no core idles while
figures remain. On one
core (``taskset -c 0``, or ``os.sched_getaffinity`` giving one CPU) every figure is drawn
at once in this process, as if there were no workers, so nothing is spent on them.

A figure job is a module-level function and its arguments (picklable records); it writes
its own files (atomically) and returns nothing. The bytes do not depend on which process
draws them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

#: At most this many worker processes (each holds a copy of the run's records).
MAX_WORKERS = 4


def worker_count() -> int:
    """Workers beside this process: the cores this process may use, less one, capped."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(0, min(MAX_WORKERS, cores - 1))


class FigureJobs:
    """Figure jobs run by worker processes, or at once when there are none.

    Use as a context manager; :meth:`finish` before reading what the jobs wrote.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = worker_count() if workers is None else workers
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[tuple[Future, Callable, tuple]] = []

    def __enter__(self) -> FigureJobs:
        if self.workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(self.workers, multiprocessing.get_context("fork"))
        return self

    def submit(self, job: Callable, *args) -> None:
        """Run ``job(*args)`` in a worker, or now when there is no worker."""
        if self._pool is None:
            job(*args)
        else:
            self._jobs.append((self._pool.submit(job, *args), job, args))

    def finish(self) -> None:
        """Draw here, last first, every job no worker has started, then wait for the rest
        (re-raising a worker's error). The workers take jobs from the front meanwhile, so
        the two ends meet in the middle."""
        jobs, self._jobs = self._jobs, []
        started = []
        for future, job, args in reversed(jobs):
            if future.cancel():
                job(*args)
            else:
                started.append(future)
        for future in started:
            future.result()

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
