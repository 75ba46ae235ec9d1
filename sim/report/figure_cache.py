"""A content-addressed store of the files figure jobs write: a figure whose inputs and
drawing code are unchanged is copied from the store instead of drawn again.

A figure job (:mod:`sim.cli.figure_jobs`) is a module-level function and its arguments,
the last of which is the folder it writes into. Its files are a pure function of

- the function and every other argument (result records: plain values and numpy arrays),
  as pickled where the records were made (:mod:`pickle` writes the same bytes for records
  built the same way, whatever the process and its hash seed; a copy that went through
  pickling may give other bytes, see :func:`run_cached`);
- the drawing code: every file of the ``sim`` package (the source of its modules, and its data);
- the drawing libraries: the versions of matplotlib, Pillow and numpy, matplotlib's
  settings (``rcParams``, which a user's ``matplotlibrc`` may change) and the file of the
  default font,

because every figure is drawn with deterministic bytes (fixed metadata, fixed SVG ids).
The key of a job is the SHA-256 of all of these; its entry is the folder
``<store>/figures/<key>/`` holding the files the job wrote and ``manifest.json`` (each
file's SHA-256). An entry is written beside its final name and renamed into place, so a
reader (or another process storing the same figure) sees a whole entry or none; an entry
whose files do not match its manifest is dropped and the figure drawn again.

The store lives in ``$GAIATSU_CACHE_DIR``, else ``$XDG_CACHE_HOME/gaiatsu``, else
``~/.cache/gaiatsu``, and holds at most :data:`MAX_BYTES` (give or take one run's
figures): after the first figure a process stores, the entries used longest ago are
removed until it fits. The store is an optimisation only: when it
cannot be read or written the figure is drawn as without it, and the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sim.base.store import source_digest
from sim.io.safe_files import write_atomic

#: The most the figure store holds (bytes); the default comparison's figures take ~3 MB.
MAX_BYTES = 256 * 2**20
MANIFEST = "manifest.json"

log = logging.getLogger(__name__)
#: The stores this process has pruned (:func:`prune` runs after its first store in each).
_PRUNED: set[Path] = set()


@dataclass(frozen=True)
class FigureCache:
    """The figure store in ``folder`` (entries in ``folder/figures``), at most ``max_bytes``."""

    folder: Path
    max_bytes: int = MAX_BYTES

    @property
    def entries(self) -> Path:
        return Path(self.folder) / "figures"


def run_cached(cache: FigureCache, job: Callable, *args, key: str | None = None) -> bool:
    """Run the figure job ``job(*args)``, whose last argument is the folder it writes into,
    or copy the files it wrote the last time it was given the same inputs. True when
    copied from ``cache``, False when drawn (and then stored).

    ``key``: the job's :func:`job_key`, computed here when not given. A job handed to a
    worker process must be given the key computed where its records were made: records
    that went through pickling pickle to other bytes (shared objects become copies), so a
    key computed in the worker would differ from run to run with the worker's share.
    """
    *inputs, out_dir = args
    key = key or job_key(job, tuple(inputs))
    out_dir = Path(out_dir)
    if key is None:  # inputs that do not pickle: drawn every time
        job(*args)
        return False
    if _copy_entry(cache.entries / key, out_dir):
        return True
    with tempfile.TemporaryDirectory(prefix="gaiatsu-figure-") as scratch:  # a killed run leaves out_dir clean
        job(*inputs, Path(scratch))
        drawn = {path.name: path.read_bytes() for path in sorted(Path(scratch).iterdir())}
    _write_files(out_dir, drawn)
    _store(cache, key, drawn)
    return False


def _write_files(out_dir: Path, files: dict[str, bytes]) -> None:
    """Each of ``files`` (name: bytes) into ``out_dir``, atomically."""
    for name, data in files.items():
        write_atomic(out_dir / name, data)


def job_key(job: Callable, inputs: tuple) -> str | None:
    """The SHA-256 (hex) of the job's function and inputs and of the drawing code and
    libraries (:func:`drawing_digest`); None when the inputs do not pickle."""
    try:
        blob = pickle.dumps((job, inputs), protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.sha256(drawing_digest() + blob).hexdigest()


def drawing_digest() -> bytes:
    """SHA-256 of what draws a figure besides its inputs: every file of the ``sim``
    package (read once a process), the versions of matplotlib, Pillow and
    numpy, matplotlib's ``rcParams`` as they are now (the backend aside) and the default
    font's file (path, size, time)."""
    import matplotlib
    import numpy
    import PIL
    from matplotlib import font_manager

    versions = (sys.version, matplotlib.__version__, PIL.__version__, numpy.__version__)
    settings = sorted((name, repr(value)) for name, value in dict.items(matplotlib.rcParams) if "backend" not in name)
    font = Path(font_manager.findfont(font_manager.FontProperties()))
    stat = font.stat()
    drawing = repr((versions, settings, str(font), stat.st_size, stat.st_mtime_ns)).encode()
    return hashlib.sha256(source_digest() + drawing).digest()


def _copy_entry(entry: Path, out_dir: Path) -> bool:
    """Copy the files of the store's ``entry`` into ``out_dir`` (each atomically); False
    when there is no whole entry (a damaged one is removed)."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text())
        if not _plain_manifest(manifest):
            raise ValueError("not a manifest of plain file names and SHA-256 sums")
        files = {name: (entry / name).read_bytes() for name in manifest}
        if any(hashlib.sha256(data).hexdigest() != manifest[name] for name, data in files.items()):
            raise ValueError("a file does not match its SHA-256 sum")
    except (OSError, ValueError):
        if entry.exists():  # (none: a figure not stored yet)
            log.warning("figure store: entry %s is damaged; drawing the figure again", entry.name)
            _remove(entry)
        return False
    _write_files(out_dir, files)
    try:
        os.utime(entry)  # used now: pruned last
    except OSError:
        pass
    return True


def _plain_manifest(manifest) -> bool:
    """A mapping of plain file names (no folder, not hidden) to SHA-256 sums in hex."""
    return isinstance(manifest, dict) and all(
        isinstance(name, str) and name == Path(name).name and not name.startswith(".") and isinstance(sum_, str)
        for name, sum_ in manifest.items()
    )


def _store(cache: FigureCache, key: str, drawn: dict[str, bytes]) -> None:
    """Keep ``drawn`` (the files a job wrote, name: bytes) as the entry ``key``, then prune
    the store to its size; a store that cannot be written is left alone (logged)."""
    entries = cache.entries
    try:
        entries.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=entries, prefix=".new-"))
    except OSError as error:
        log.warning("figure store %s not writable (%s): figures are drawn every run", entries, error.strerror)
        return
    try:
        for name, data in drawn.items():
            (staging / name).write_bytes(data)
        manifest = {name: hashlib.sha256(data).hexdigest() for name, data in drawn.items()}
        (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True))
        try:
            staging.rename(entries / key)
        except OSError:  # another process stored the same figure first
            return
    except OSError as error:
        log.warning("figure store %s: could not keep a figure (%s)", entries, error.strerror)
    finally:
        if staging.exists():
            _remove(staging)
    if cache.entries not in _PRUNED:  # once a process: ~35 ms for a full store of 1,400 entries
        _PRUNED.add(cache.entries)
        prune(cache)


def prune(cache: FigureCache) -> None:
    """Remove the entries used longest ago until the store holds at most ``max_bytes``, and
    entries being written that were left by a process killed an hour ago or more."""
    try:
        folders = list(cache.entries.iterdir())
        for stale in (p for p in folders if p.name.startswith(".new-") and time.time() - p.stat().st_mtime > 3600):
            _remove(stale)
        entries = [(p.stat().st_mtime, _size(p), p) for p in folders if not p.name.startswith(".")]
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= cache.max_bytes:
            break
        _remove(path)
        total -= size


def _size(entry: Path) -> int:
    return sum(p.stat().st_size for p in entry.iterdir())


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
