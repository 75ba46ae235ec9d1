"""Each run gets a folder of its own: claimed, writable and locked before Hydra writes to it.

A Hydra callback (``conf/hydra/default.yaml``) that runs before Hydra creates the run
folder (``hydra.run.dir``) or a multirun's folder (``hydra.sweep.dir``):

- The default name has one-second resolution (``results/runs/<date>_<time>``). The folder
  is claimed with ``mkdir``, which only one process can win; a run that finds the name
  taken adds ``-2``, ``-3`` ... so two runs started in the same second never share one.
- An explicit ``hydra.run.dir`` (or ``hydra.sweep.dir``) is kept, but locked: a second
  live run on the same folder is refused in one line (exit 2). The lock is an advisory
  ``flock`` on the folder itself (no file is added), released by the system when the
  process ends, however it ends.
- A folder that cannot be created or written (``/proc/x``, a read-only place, a file in
  the way) is one line naming the option, exit 2, not a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, open_dict, read_write

from sim.base.errors import EXIT_USER_ERROR, UserError

#: Open folder descriptors holding the locks, for the life of the process.
_HELD: list[int] = []
MAX_SUFFIX = 1000


class RunFolder(Callback):
    """Claim, check and lock the run's (or the multirun's) output folder."""

    def on_run_start(self, config: DictConfig, **kwargs) -> None:
        _claim_or_exit(config, "run")

    def on_multirun_start(self, config: DictConfig, **kwargs) -> None:
        _claim_or_exit(config, "sweep")


def _claim_or_exit(config: DictConfig, kind: str) -> None:
    option = f"hydra.{kind}.dir"
    explicit = any(str(o).split("=", 1)[0].lstrip("+~") == option for o in config.hydra.overrides.hydra)
    try:
        folder = claim(Path(str(config.hydra[kind].dir)), option, explicit)
    except UserError as error:
        if config.get("debug"):
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    with read_write(config.hydra), open_dict(config.hydra):
        config.hydra[kind].dir = str(folder)


def claim(folder: Path, option: str, explicit: bool) -> Path:
    """Create (or, when ``explicit``, reuse) ``folder``, locked; return the folder used.

    Without ``explicit`` an existing folder is never reused: ``-2``, ``-3`` ... is added.
    """
    if explicit:
        _make(folder, option, exist_ok=True)
        _lock(folder, option)
        return folder
    for k in range(1, MAX_SUFFIX + 1):
        candidate = folder if k == 1 else folder.with_name(f"{folder.name}-{k}")
        if _make(candidate, option, exist_ok=False):
            _lock(candidate, option)
            return candidate
    raise UserError("config", option, "a new run folder", f"<{MAX_SUFFIX} folders named {folder.name}-N already>")


def _make(folder: Path, option: str, exist_ok: bool) -> bool:
    """Create ``folder``; False when it exists (and not ``exist_ok``); UserError if it cannot."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(exist_ok=exist_ok)
    except FileExistsError:
        if folder.is_dir():
            return False
        raise UserError(
            "config", option, "a folder Gaiatsu can create and write to", f"<{folder}: a file, not a folder>"
        ) from None
    except OSError as error:
        raise UserError(
            "config", option, "a folder Gaiatsu can create and write to", f"<{folder}: {error.strerror}>"
        ) from None
    except ValueError:  # a NUL byte in the name
        raise UserError("config", option, "a folder name", repr(str(folder))) from None
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise UserError("config", option, "a folder Gaiatsu can create and write to", f"<{folder}: not writable>")
    return True


def _lock(folder: Path, option: str) -> None:
    """Hold an exclusive advisory lock on ``folder`` until the process ends."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise UserError(
            "config",
            option,
            "a run folder no other live run is using",
            f"<{folder}, in use by a running job>",
            hint="choose another folder or wait for that run to end",
        ) from None
    _HELD.append(handle)
