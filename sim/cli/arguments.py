"""The plain commands' shared shell: an argument parser whose mistakes are one-line user
errors, argument types for numbers, and the runner that turns a :class:`UserError` into one
line on stderr and exit code 2 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from sim.base.errors import EXIT_INTERRUPTED, EXIT_USER_ERROR, UserError
from sim.base.escaping import terminal_text


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
            raise argparse.ArgumentTypeError(f"expected a whole number >= {low}{bound}, found {text!r}")
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
