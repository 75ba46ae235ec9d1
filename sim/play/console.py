"""Reading moves at the terminal or from piped input.

At a terminal the prompt waits for a typed move (hidden with :func:`getpass.getpass`
when two students share the keyboard). Piped input (stdin not a terminal) is read line
by line and every line read is echoed after its prompt, so that the transcript of a
scripted game reads like a played one. A bad entry re-prompts with a one-line hint; ``q``
quits; the end of the input (or Ctrl-C) ends the game.
"""

from __future__ import annotations

import getpass
from typing import Literal, TextIO

#: Accepted entries (case-insensitive) and the action index each means.
CHOICES = {
    "japan": {"c": 0, "concede": 0, "r": 1, "resist": 1},
    "us": {"r": 0, "refrain": 0, "t": 1, "tariff": 1},
}
HINTS = {"japan": "type c (concede) or r (resist); q quits", "us": "type r (refrain) or t (tariff); q quits"}
QUIT_WORDS = ("q", "quit")
#: Piped input: the longest line read (a move is a word), and how many entries in a row
#: may be not understood before the input is taken to be no game at all.
MAX_LINE = 1000
MAX_BAD_ENTRIES = 100

Move = int | Literal["quit", "end"]


def parse_move(text: str, side: str) -> Move | None:
    """The action index of an entry, ``"quit"``, or None when it is not understood."""
    word = text.strip().lower()
    if word in QUIT_WORDS:
        return "quit"
    return CHOICES[side].get(word)


class MoveReader:
    """Asks for moves on ``stdin``/``stdout``; ``interactive`` when stdin is a terminal."""

    def __init__(self, stdin: TextIO, stdout: TextIO, interactive: bool):
        self.stdin, self.stdout, self.interactive = stdin, stdout, interactive

    def ask(self, prompt: str, side: str, hidden: bool = False) -> Move:
        """A move of ``side``: an action index, ``"quit"``, or ``"end"`` (no more input)."""
        for _ in range(MAX_BAD_ENTRIES if not self.interactive else 10**9):
            line = self._line(prompt, hidden)
            if line is None:
                return "end"
            move = parse_move(line, side)
            if move is not None:
                return move
            self.stdout.write(f"  not understood: {line.strip()!r}; {HINTS[side]}\n")
        self.stdout.write(f"({MAX_BAD_ENTRIES} entries in a row not understood: end of input)\n")
        return "end"

    def _line(self, prompt: str, hidden: bool) -> str | None:
        if self.interactive:
            try:
                self.stdout.flush()
                return getpass.getpass(prompt) if hidden else input(prompt)
            except (EOFError, KeyboardInterrupt):
                self.stdout.write("\n")
                return None
        self.stdout.write(prompt)
        try:
            line = self.stdin.readline(MAX_LINE + 1)
        except KeyboardInterrupt:
            self.stdout.write("(interrupted: end of input)\n")
            return None
        except UnicodeDecodeError:
            self.stdout.write("(input that is not UTF-8 text: end of input)\n")
            return None
        if not line:
            self.stdout.write("(end of input)\n")
            return None
        if len(line) > MAX_LINE or "\x00" in line:
            self.stdout.write(f"(a line longer than {MAX_LINE} characters or binary data: end of input)\n")
            return None
        self.stdout.write(line.rstrip("\r\n") + "\n")
        return line


def prompt_text(side: str, who: str = "Your move") -> str:
    """``Your move (c concede / r resist, q quits): ``."""
    options = {"japan": "c concede / r resist", "us": "r refrain / t tariff"}[side]
    return f"{who} ({options}, q quits): "
