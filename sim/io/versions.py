"""The versions of Gaiatsu, Python and the libraries a run depends on (``versions.json``)."""

from __future__ import annotations

import json
import os
import platform
import sys
from functools import lru_cache
from importlib import metadata

from sim import __version__

PACKAGES = (
    "numpy",
    "scipy",
    "nashpy",
    "matplotlib",
    "hydra-core",
    "omegaconf",
    "PyYAML",
    "pyarrow",
    "tqdm",
    "joblib",
    "hydra-joblib-launcher",
)


def versions_json() -> str:
    """The versions of Gaiatsu, Python and the libraries a run depends on, as JSON.

    Reading the installed packages' metadata costs about 10 ms, so a process remembers
    the answer for each state of its import path (:func:`search_path_state`): the jobs of
    a multirun that share a process read it once. Installing, upgrading or removing a
    package adds or removes its ``*.dist-info`` folder, which changes the modification
    time of the folder on the path that holds it, and so the key (``importlib.metadata``
    keys its own folder listings the same way), to the file system's timestamp resolution.
    """
    return _versions_json(search_path_state())


def search_path_state() -> tuple[tuple[str, int | None], ...]:
    """Each entry of ``sys.path`` (absolute; ``""`` is the working folder) with its
    modification time in ns (None: not there)."""
    state: list[tuple[str, int | None]] = []
    for entry in sys.path:
        where = os.path.abspath(entry or ".")
        try:
            state.append((where, os.stat(where).st_mtime_ns))
        except (OSError, ValueError):
            state.append((where, None))
    return tuple(state)


@lru_cache(maxsize=4)
def _versions_json(state: tuple[tuple[str, int | None], ...]) -> str:
    """:func:`versions_json` for one state of the import path (``state`` is its key)."""
    packages: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    payload = {"gaiatsu": __version__, "python": platform.python_version(), "packages": packages}
    return json.dumps(payload, indent=2) + "\n"
