"""The one way Gaiatsu reads files: bounded reads of regular files.

The file is opened with ``O_NONBLOCK`` (a FIFO without a writer cannot block the open),
must be a regular file by ``fstat`` (a FIFO, a device such as ``/dev/zero``, a socket or a
folder is refused, also behind a symlink), and at most ``limit + 1`` bytes are read, so an
endless or huge file costs at most that much memory and time. Every refusal is one
:class:`sim.base.errors.UserError` line naming the path. (Writing: :mod:`sim.io.safe_files`.)
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from sim.base.errors import UserError, bad_file_name


def file_kind(mode: int) -> str:
    """``a FIFO (named pipe)``, ``a character device`` ...: what a non-regular file is."""
    kinds = (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((name for test, name in kinds if test(mode)), "a special file")


def _noun(what: str) -> str:
    """``a Gambit .nfg file`` -> ``Gambit .nfg file``."""
    for article in ("a ", "an "):
        if what.startswith(article):
            return what[len(article) :]
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
        raise UserError(path, None, f"a readable {_noun(what)}", f"<{error.strerror or error}>") from None
    except ValueError:  # the operating system refuses the name itself (a NUL byte in it)
        raise bad_file_name(path) from None
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise UserError(path, None, f"a readable {_noun(what)} (a regular file)", f"<{file_kind(mode)}>")
        data = _read_at_most(handle, limit + 1)
    except OSError as error:
        raise UserError(path, None, f"a readable {_noun(what)}", f"<{error.strerror or error}>") from None
    finally:
        os.close(handle)
    if len(data) > limit:
        raise UserError(path, None, f"{what} of at most {limit:,} bytes", f"<more than {limit:,} bytes>")
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
        raise UserError(path, None, "UTF-8 text", f"<a byte that is not UTF-8 at offset {error.start}>") from None


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
