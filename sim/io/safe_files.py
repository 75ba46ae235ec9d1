"""The one atomic writer of Gaiatsu (reading: :mod:`sim.base.reading`).

:func:`write_atomic`: an existing path that is not a regular file (or a symlink
to one) is refused, so a FIFO, a device node such as ``/dev/null`` or a folder is never
replaced by an output. The bytes go to an unnamed temporary file in the target folder
(Linux ``O_TMPFILE``), which is given a name only once complete and flushed to disk, and
that name is then renamed onto the target: a process killed while writing leaves the old
file or the new one, never half of one. Where ``O_TMPFILE`` is unavailable a named
temporary file ``.NAME.PID.tmp`` is used instead (removed on failure). Every failure is
one :class:`sim.base.errors.UserError` line naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sim.base.errors import UserError, bad_file_name
from sim.base.reading import file_kind

#: What a writer passes: the bytes, text (written as UTF-8), or a function that writes
#: the content to a binary stream (for writers such as pyarrow's that want a file).
Content = bytes | str | Callable[[BinaryIO], None]
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def check_target(path: Path) -> None:
    """Refuse to write over anything but a regular file (or a symlink to one)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise UserError(path.parent, None, "a writable output folder", "<a file where a folder should be>") from None
    except OSError as error:
        raise UserError(path, None, "a path Gaiatsu may write a file to", f"<{error.strerror}>") from None
    except ValueError:  # the operating system refuses the name itself (a NUL byte in it)
        raise bad_file_name(path) from None
    if not stat.S_ISREG(mode):
        raise UserError(
            path,
            None,
            "a regular file or a new name to write the output to",
            f"<{file_kind(mode)}, which Gaiatsu never replaces>",
        )


def write_atomic(path: Path | str, data: Content) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees all of it or none."""
    path = Path(path)
    if "\x00" in str(path):  # the operating system refuses such a name
        raise bad_file_name(path)
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(path.parent, None, "a writable output folder", f"<{error.strerror}>") from None
    fill = _filler(data)
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        try:
            _write_unnamed(path.parent, fill, temporary)
        except _NoUnnamedFiles:
            _write_named(fill, temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        expected = "room to write the file" if error.errno in _FULL else "a writable output folder"
        raise UserError(path, None, expected, f"<{error.strerror or error}>") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _filler(data: Content) -> Callable[[int], None]:
    """A function writing ``data`` to an open file descriptor."""
    if callable(data):

        def fill(handle: int) -> None:
            with os.fdopen(handle, "wb", closefd=False) as stream:
                data(stream)

        return fill
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)

    def write_all(handle: int) -> None:
        view = memoryview(payload)
        while view:
            view = view[os.write(handle, view) :]

    return write_all


class _NoUnnamedFiles(Exception):
    """The file system (or the platform) offers no O_TMPFILE."""


def _write_unnamed(folder: Path, fill: Callable[[int], None], name: Path) -> None:
    """Write to an unnamed file in ``folder`` and link it as ``name`` once complete."""
    try:
        handle = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS):
            raise UserError(folder, None, "a writable output folder", f"<{error.strerror}>") from None
        raise _NoUnnamedFiles from None
    try:
        fill(handle)
        os.fsync(handle)
        name.unlink(missing_ok=True)
        root = os.open("/", os.O_RDONLY)
        try:  # linkat(..., AT_SYMLINK_FOLLOW) through /proc gives the unnamed file a name
            os.link(f"proc/self/fd/{handle}", name, src_dir_fd=root, follow_symlinks=True)
        except OSError:
            raise _NoUnnamedFiles from None
        finally:
            os.close(root)
    finally:
        os.close(handle)


def _write_named(fill: Callable[[int], None], name: Path) -> None:
    """The fallback: a named temporary file (the caller removes it if writing fails)."""
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
    try:
        fill(handle)
        os.fsync(handle)
    finally:
        os.close(handle)
