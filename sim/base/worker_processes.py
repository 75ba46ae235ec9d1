"""Worker processes that do not outlive the process that started them.

A pool's worker waits on its work queue, and a forked worker holds a copy of that queue's
writing end, so it never sees the queue close: when the process that started it is killed
(``SIGKILL``, the out-of-memory killer), the worker would wait for work for ever. A worker
that calls :func:`exit_with_parent` on start instead exits within :data:`PARENT_CHECK`
seconds of its parent's end (its parent process id changes: it is handed to init).
Used by the figure workers (:mod:`sim.cli.figure_jobs`) and the sweep workers
(:mod:`sim.io.sweep_workers`).
"""

from __future__ import annotations

import os
import threading
import time

#: Seconds between a worker's checks that the process that started it still runs.
PARENT_CHECK = 0.2


def exit_with_parent(parent: int) -> None:
    """In a new worker: exit this process once ``parent`` (the id of the process that
    started it) no longer runs, watched by a daemon thread."""
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK)
    os._exit(1)
