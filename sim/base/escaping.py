"""Text from files made safe for where it is shown: a terminal, Markdown, a spreadsheet.

Scenario and preset files refuse control characters outright (:mod:`sim.data.datafile`); text
from other places (a game file's labels, a student's name, a file name) passes through
these functions on its way out.

>>> terminal_text("caf\\u00e9 \\x1b[2J")
'café \\\\x1b[2J'
>>> markdown_text("<script>[x](javascript:y)")
'&lt;script>\\\\[x\\\\](javascript:y)'
>>> csv_cell("=HYPERLINK(1)"), csv_cell("-1.5"), csv_cell("-x")
("'=HYPERLINK(1)", '-1.5', "'-x")
"""

from __future__ import annotations

import re

#: C0 controls but tab and line feed, DEL, and the C1 controls (a terminal acts on them).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal_text(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), not acted on."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def markdown_text(text: str) -> str:
    """Plain ``text`` for Markdown: no HTML tags and no links can start in it."""
    return terminal_text(text).replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")


def csv_cell(value):
    """A CSV cell a spreadsheet will not run: text that starts like a formula gets a ``'``.

    Numbers (and text that reads as a number, such as ``-1.5``) are left as they are.
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value
