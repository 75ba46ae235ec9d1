"""CPU seconds a benchmark spends in named phases, timed by wrapping the functions of each.

Used by ``bench_main.py`` and ``bench_sweep.py`` (import it as ``from phases import Phases``:
a script's own folder is on its path). CPU time, not wall time, so other programs on the
machine do not inflate it; a phase inside another is not counted twice.
"""

from __future__ import annotations

import functools
import time
from collections import defaultdict


class Phases:
    """CPU seconds of this process spent in named phases; nested phases are not
    double-counted."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []

    def wrap(self, name, function):
        """``function`` timed as phase ``name`` (a string, or a callable of its arguments)."""

        @functools.wraps(function)
        def timed(*args, **kwargs):
            self._stack.append([0.0])
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent = time.process_time() - start
                inner = self._stack.pop()[0]
                label = name(*args, **kwargs) if callable(name) else name
                self.seconds[label] += spent - inner
                if self._stack:
                    self._stack[-1][0] += spent

        return timed
