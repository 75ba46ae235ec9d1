"""Where Gaiatsu keeps what it can compute again (the store), and the digest of its own code
that keys what is kept there.

The store is ``$GAIATSU_CACHE_DIR``, else ``$XDG_CACHE_HOME/gaiatsu``, else
``~/.cache/gaiatsu``. It holds the figure store (``figures/``,
:mod:`sim.report.figure_cache`) and the historical cases' points (``case_points/``,
:mod:`sim.io.case_point_store`). Everything in it is an optimisation: a store that cannot
be read or written means computing (or drawing) again, never a failed run.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

#: The environment variable naming the store's folder.
FOLDER_VARIABLE = "GAIATSU_CACHE_DIR"


def default_folder() -> Path | None:
    """``$GAIATSU_CACHE_DIR``, else ``$XDG_CACHE_HOME/gaiatsu``, else ``~/.cache/gaiatsu``;
    None when there is no home folder to find (then nothing is stored)."""
    if os.environ.get(FOLDER_VARIABLE):
        return Path(os.environ[FOLDER_VARIABLE])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "gaiatsu"
    try:
        return Path.home() / ".cache" / "gaiatsu"
    except (RuntimeError, KeyError):  # no HOME and no password entry for this user
        return None


@functools.cache
def source_digest() -> bytes:
    """:func:`folder_digest` of the ``sim`` package (its modules and data), once a process."""
    return folder_digest(Path(__file__).resolve().parents[1])


def folder_digest(folder: Path) -> bytes:
    """SHA-256 of every file under ``folder`` (``__pycache__`` aside), each with its path."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()
