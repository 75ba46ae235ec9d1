"""The one way Gaiatsu reads and writes files: bounded reads, safe atomic writes.

Reading (:func:`read_bytes`, :func:`read_text`): the file is opened with ``O_NONBLOCK``
(a FIFO without a writer cannot block the open), must be a regular file by ``fstat``
(a FIFO, a device such as ``/dev/zero``, a socket or a folder is refused, also behind a
symlink), and at most ``limit + 1`` bytes are read, so an endless or huge file costs at
most that much memory and time.

Writing (:func:`write_atomic`): an existing path that is not a regular file (or a symlink
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
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sim.base.errors import UserError, bad_file_name

#: What a writer passes: the bytes, text (written as UTF-8), or a function that writes
#: the content to a binary stream (for writers such as pyarrow's that want a file).
Content = bytes | str | Callable[[BinaryIO], None]
_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)


def file_kind(mode: int) -> str:
    """``a FIFO (named pipe)``, ``a character device`` ...: what a non-regular file is."""
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a special file")


def _noun(what: str) -> str:
    """``a Gambit .nfg file`` -> ``Gambit .nfg file``."""
    for article in ("a ", "an "):
        if what.startswith(article):
            return what[len(article):]
    return what


def read_bytes(path: Path | str, limit: int, what: str = "a file") -> bytes:
    """At most ``limit`` bytes of the regular file ``path``; every refusal a UserError.

    ``what`` names the file in messages (``a file``, ``a Gambit .nfg file``).
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise UserError(path, None, f"an existing {_noun(what)}", "<no such file>") from None
    except OSError as error:
        raise UserError(path, None, f"a readable {_noun(what)}",
                        f"<{error.strerror or error}>") from None
    except ValueError:  # the operating system refuses the name itself (a NUL byte in it)
        raise bad_file_name(path) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise UserError(path, None, f"a readable {_noun(what)} (a regular file)",
                            f"<{file_kind(mode)}>")
        data = _read_at_most(handle, limit + 1)
    except OSError as error:
        raise UserError(path, None, f"a readable {_noun(what)}",
                        f"<{error.strerror or error}>") from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise UserError(path, None, f"{what} of at most {limit:,} bytes",
                        f"<more than {limit:,} bytes>")
    return data


def _read_at_most(handle: int, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        block = os.read(handle, min(left, 1 << 20))
        if not block:
            break
        parts.append(block)
        left -= len(block)
    return b"".join(parts)


def read_text(path: Path | str, limit: int, what: str = "a file") -> str:
    """:func:`read_bytes` decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(path, None, "UTF-8 text",
                        f"<a byte that is not UTF-8 at offset {error.start}>") from None


def file_digest(path: Path | str, limit: int | None = None) -> tuple[str, int]:
    """(SHA-256 hex digest, size) of the regular file ``path``, read in blocks.

    With ``limit``, at most ``limit + 1`` bytes are read (the size then tells a longer
    file). Refusals are UserErrors, as for :func:`read_bytes`.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        raise UserError(path, None, "an existing regular file", "<none readable>") from None
    digest, size = hashlib.sha256(), 0
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise UserError(path, None, "a regular file", "<a special file>")
        while limit is None or size <= limit:
            block = os.read(handle, 1 << 20 if limit is None else min(1 << 20, limit + 1 - size))
            if not block:
                break
            digest.update(block)
            size += len(block)
    except OSError as error:
        raise UserError(path, None, "a readable file", f"<{error.strerror}>") from None
    finally:
        os.close(handle)
    return digest.hexdigest(), size


def check_target(path: Path) -> None:
    """Refuse to write over anything but a regular file (or a symlink to one)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise UserError(path.parent, None, "a writable output folder",
                        "<a file where a folder should be>") from None
    except OSError as error:
        raise UserError(path, None, "a path Gaiatsu may write a file to",
                        f"<{error.strerror}>") from None
    except ValueError:  # the operating system refuses the name itself (a NUL byte in it)
        raise bad_file_name(path) from None
    if not stat.S_ISREG(mode):
        raise UserError(path, None, "a regular file or a new name to write the output to",
                        f"<{file_kind(mode)}, which Gaiatsu never replaces>")


def write_atomic(path: Path | str, data: Content) -> None:
    """Write ``data`` to ``path`` so that a reader (or a crash) sees all of it or none."""
    path = Path(path)
    if "\x00" in str(path):  # the operating system refuses such a name
        raise bad_file_name(path)
    check_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(path.parent, None, "a writable output folder",
                        f"<{error.strerror}>") from None
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
        expected = ("room to write the file" if error.errno in _FULL
                    else "a writable output folder")
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
            view = view[os.write(handle, view):]
    return write_all


class _NoUnnamedFiles(Exception):
    """The file system (or the platform) offers no O_TMPFILE."""


def _write_unnamed(folder: Path, fill: Callable[[int], None], name: Path) -> None:
    """Write to an unnamed file in ``folder`` and link it as ``name`` once complete."""
    try:
        handle = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS):
            raise UserError(folder, None, "a writable output folder",
                            f"<{error.strerror}>") from None
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
