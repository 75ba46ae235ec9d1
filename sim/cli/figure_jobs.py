"""Drawing a run's figures in worker processes while the run goes on computing.

Drawing is most of the main job's time and each figure is independent of the others, so a
:class:`FigureJobs` hands each figure to a worker process (forked: it inherits the loaded
libraries) when this process may use more than one core, and the run computes its next
step meanwhile. :meth:`FigureJobs.finish` then draws in this process, from the last,
every figure no worker has started, and waits for the others: no core idles while
figures remain. On one core (``taskset -c 0``, or ``os.sched_getaffinity`` giving one CPU)
there are no workers and every figure is drawn by :meth:`FigureJobs.finish` in this
process, so the run can print its answer before the drawing starts. On a terminal,
``finish`` shows how many figures are drawn (on standard error).

A worker exits when the run that started it is gone (killed), within
:data:`sim.base.worker_processes.PARENT_CHECK` seconds, instead of waiting for work for ever.

A figure job is a module-level function and its arguments (picklable records); it writes
its own files (atomically) and returns nothing. The bytes do not depend on which process
draws them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TextIO

from sim.base.worker_processes import exit_with_parent

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

    def __init__(self, workers: int | None = None, progress: TextIO | None = None) -> None:
        self.workers = worker_count() if workers is None else workers
        self.progress = progress
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: list[tuple[Future | None, Callable, tuple]] = []

    def __enter__(self) -> FigureJobs:
        if self.workers > 0 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(
                self.workers,
                multiprocessing.get_context("fork"),
                initializer=exit_with_parent,  # a killed run's workers exit too
                initargs=(os.getpid(),),
            )
        return self

    @property
    def in_this_process(self) -> bool:
        """True when every job is run by :meth:`finish` in this process (no workers)."""
        return self._pool is None

    def submit(self, job: Callable, *args) -> None:
        """Hand ``job(*args)`` to a worker, or keep it for :meth:`finish` when there is none."""
        future = None if self._pool is None else self._pool.submit(job, *args)
        self._jobs.append((future, job, args))

    def finish(self) -> list:
        """Draw here, last first, every job no worker has started, then wait for the rest
        (re-raising a worker's error); return what the jobs returned, in the order given.
        The workers take jobs from the front meanwhile, so the two ends meet in the middle."""
        jobs, self._jobs = self._jobs, []
        returned: list = [None] * len(jobs)
        started = []
        for done, (future, job, args) in enumerate(reversed(jobs)):
            self._show(done, len(jobs))
            index = len(jobs) - 1 - done
            if future is None or future.cancel():
                returned[index] = job(*args)
            else:
                started.append((index, future))
        for index, future in started:
            returned[index] = future.result()
        self._show(len(jobs), len(jobs))
        return returned

    def _show(self, done: int, total: int) -> None:
        """``drawing figures 3/18`` on the progress stream (a terminal), ended by a newline."""
        if self.progress is not None and total:
            end = "\n" if done == total else ""
            print(f"\rdrawing figures {done}/{total}", end=end, file=self.progress, flush=True)

    def __exit__(self, kind, error, trace) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
