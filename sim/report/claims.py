"""Comparative sentences that are generated from the numbers they state, and checked.

Every sentence of a debrief or a report that compares two numbers is written by
:func:`compare`: the verb is chosen from the two numbers *as printed*, and the sentence has
one fixed, machine-readable form, ``label (a) exceeds|falls short of|equals label (b)``.
:func:`check_claims` finds every such clause in a text and verifies it, and
:func:`comparative_words` finds comparative words outside any checkable clause, so a test
can insist that no canned comparison ("each side gains from deviating") slips in.

>>> compare("resisting", -81.4, "conceding", -129.6)
'resisting (-81.4) exceeds conceding (-129.6) by 48.2'
>>> check_claims(compare("a", 1.0, "b", 2.0))
[]
"""

from __future__ import annotations

import re

VERBS = ("exceeds", "falls short of", "equals")

#: ``label (number) verb label (number)``, optionally ``by number``.
CLAIM = re.compile(
    r"\((?P<a>[-+]?\d[\d,]*(?:\.\d+)?)(?P<pa>%?)\) (?P<verb>exceeds|falls short of|"
    r"equals) [^()]*?\((?P<b>[-+]?\d[\d,]*(?:\.\d+)?)(?P<pb>%?)\)"
    r"(?: by (?P<by>[-+]?\d[\d,]*(?:\.\d+)?)(?P<pby>%?))?"
)

#: Words that compare; outside a checkable clause they mark an unchecked claim.
COMPARATIVES = re.compile(
    r"\b(more than|less than|better|worse|gains? from|rather|higher|"
    r"lower|beats?|above|below|exceeds?|falls short)\b",
    re.I,
)


def _fmt(value: float, digits: int, percent: bool) -> str:
    return f"{value * 100:.{digits}f}%" if percent else f"{value:.{digits}f}"


def compare(
    a_label: str, a: float, b_label: str, b: float, digits: int = 1, percent: bool = False, by: bool = True
) -> str:
    """``a_label (a) exceeds|falls short of|equals b_label (b)[ by d]``, as printed.

    The verb and the difference are decided on the rounded numbers that the sentence
    shows, so what it says is always true of what it prints.
    """
    shown_a, shown_b = _fmt(a, digits, percent), _fmt(b, digits, percent)
    x, y = _number(shown_a), _number(shown_b)
    verb = "exceeds" if x > y else "falls short of" if x < y else "equals"
    tail = ""
    if by and verb != "equals":
        tail = f" by {_fmt(abs(x - y) / (100 if percent else 1), digits, percent)}"
    return f"{a_label} ({shown_a}) {verb} {b_label} ({shown_b}){tail}"


def compare_parts(
    a_label: str,
    a: float,
    b_label: str,
    b: float,
    link_a=str,
    link_b=str,
    link_by=str,
    digits: int = 1,
    percent: bool = False,
    by: bool = True,
) -> tuple:
    """:func:`compare` as inline text whose numbers are made by ``link_a``, ``link_b`` and
    ``link_by`` (each maps the printed number to a part, e.g. a link to its source); its
    plain words are exactly :func:`compare`'s."""
    plain = compare(a_label, a, b_label, b, digits, percent, by)
    match = CLAIM.search(plain)
    if match is None:
        raise ValueError(f"compare() wrote a claim its pattern does not read: {plain!r}")
    parts: tuple[object, ...] = (
        a_label + " (",
        link_a(match["a"] + match["pa"]),
        f") {match['verb']} {b_label} (",
        link_b(match["b"] + match["pb"]),
        ")",
    )
    if match["by"] is not None:
        parts += (" by ", link_by(match["by"] + match["pby"]))
    return parts


def _number(text: str) -> float:
    return float(text.rstrip("%").replace(",", ""))


def check_claims(text: str, tolerance: float = 1e-9) -> list[str]:
    """Every comparative clause of ``text`` whose verb or difference its numbers contradict."""
    wrong = []
    for match in CLAIM.finditer(text):
        a, b = _number(match["a"]), _number(match["b"])
        verb = match["verb"]
        holds = (
            a > b + tolerance
            if verb == "exceeds"
            else a < b - tolerance
            if verb == "falls short of"
            else abs(a - b) <= tolerance
        )
        digits = len(match["a"].split(".")[1]) if "." in match["a"] else 0
        if match["by"] is not None:
            holds &= abs(_number(match["by"]) - abs(a - b)) <= 0.51 * 10**-digits + tolerance
        if not holds:
            wrong.append(match.group(0))
    return wrong


def unchecked_comparisons(text: str) -> list[str]:
    """Comparative words that stand outside any checkable clause (sentences that compare
    numbers without stating them in the checked form)."""
    stripped = CLAIM.sub("", text)
    return [m.group(0) for m in COMPARATIVES.finditer(stripped)]
