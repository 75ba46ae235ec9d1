"""User-facing errors: one clear line (file, field, expected, found) and exit code 2.

Every mistake a user can make in a scenario file, preset or command-line argument is
raised as :class:`UserError`; the command-line programs print its message without a
traceback (``--debug`` or ``debug=true`` shows it) and exit with :data:`EXIT_USER_ERROR`.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Iterable

EXIT_USER_ERROR = 2
#: Ctrl-C (SIGINT): the shell's code for a process ended by it.
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A mistake in the user's input, reported as ``where: field: expected ..., found ...``."""

    def __init__(self, where: str, field: str | None = None, expected: str | None = None,
                 found: object = None, hint: str | None = None):
        self.where, self.field, self.expected, self.found, self.hint = (
            str(where), field, expected, found, hint)
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


class ArgumentParser(argparse.ArgumentParser):
    """An argument parser whose mistakes are one-line :class:`UserError` messages (exit 2)."""

    def error(self, message: str):
        raise UserError(self.prog, message)


def number_argument(low: float, high: float, what: str):
    """An argparse ``type``: a number in ``[low, high]``, described as ``what`` in errors."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected {what}, found {text!r}")
        return value
    return parse


def whole_argument(high: int | None = None, low: int = 0):
    """An argparse ``type``: a whole number ``>= low`` (and ``<= high`` when given)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low or (high is not None and value > high):
            bound = f" and <= {high}" if high is not None else ""
            raise argparse.ArgumentTypeError(
                f"expected a whole number >= {low}{bound}, found {text!r}")
        return value
    return parse


def run_cli(main: Callable[[list[str]], int], argv: list[str] | None = None) -> int:
    """Run a command's ``main(argv)``; a :class:`UserError` becomes one line on stderr and exit 2.

    ``--debug`` anywhere in ``argv`` re-raises instead, so the traceback is shown.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        return main(argv)
    except UserError as error:
        if debug:
            raise
        from sim.base.escaping import terminal_text

        print(f"error: {terminal_text(error.message())}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return closed_pipe()
    except KeyboardInterrupt:
        if debug:
            raise
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


#: The exit code of a command whose reader closed the pipe (128 + SIGPIPE, as a shell shows).
EXIT_CLOSED_PIPE = 141


def closed_pipe() -> int:
    """Stop quietly when the reader of our output has gone (``... | head -1``).

    Standard output is pointed at the null device so that Python's final flush does not
    raise again; files are written atomically, so nothing half-written is left.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_CLOSED_PIPE
