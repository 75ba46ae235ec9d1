"""User-facing errors: one clear line (file, field, expected, found) and exit code 2.

Every mistake a user can make in a scenario file, preset or command-line argument is
raised as :class:`UserError`; the command-line programs print its message without a
traceback (``--debug`` or ``debug=true`` shows it) and exit with :data:`EXIT_USER_ERROR`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

EXIT_USER_ERROR = 2
#: Ctrl-C (SIGINT): the shell's code for a process ended by it.
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A mistake in the user's input, reported as ``where: field: expected ..., found ...``.

    ``where`` is a file path, a command (``python -m sim.solve``) or a name such as
    ``scenario``; it is shown with ``str()``.
    """

    def __init__(
        self,
        where: object,
        field: str | None = None,
        expected: str | None = None,
        found: object = None,
        hint: str | None = None,
    ):
        self.where, self.field, self.expected, self.found, self.hint = (str(where), field, expected, found, hint)
        super().__init__(self.message())

    def message(self) -> str:
        parts = [self.where]
        if self.field:
            parts.append(self.field)
        if self.expected is not None:
            parts.append(f"expected {self.expected}, found {describe_found(self.found)}")
        text = ": ".join(parts)
        return f"{text} ({self.hint})" if self.hint else text


def describe_found(found: object) -> str:
    """A short, printable rendering of an offending value (never the whole of a huge one)."""
    if isinstance(found, str) and found.startswith("<") and found.endswith(">"):
        return found[1:-1]
    text = repr(found)
    return text if len(text) <= 80 else text[:77] + "..."


def bad_file_name(path: object) -> UserError:
    """The error for a file name the operating system refuses (a NUL byte in it)."""
    return UserError(repr(str(path)), None, "a file name", "<a name with a NUL byte>")


def near_name_hint(name: str, known: Iterable[str]) -> str | None:
    """'did you mean ...?' for a misspelt field name, or None when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else None
