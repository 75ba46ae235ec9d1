"""Compare output pasted in the docs with a fresh run: words exactly, numbers with a tolerance.

Numbers printed by an iterative solver or with full float precision may differ in their
last digits from one machine (BLAS build, CPU) to another, so a pasted line matches a
printed line when the text between the numbers is identical and each pair of numbers is
close: ``|a - b| <= max(rel * max(|a|, |b|), abs)``. Rounded human-readable output
matches exactly in practice; the tolerance matters for JSON's full floats.
"""

from __future__ import annotations

import math
import re

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w])")

REL = 1e-9  # default: full floats from closed forms and exact enumerations
ABS = 1e-12


def split_numbers(line: str) -> tuple[list[str], list[float]]:
    """The text between the numbers of ``line`` and the numbers themselves."""
    texts, numbers, start = [], [], 0
    for match in NUMBER.finditer(line):
        texts.append(line[start : match.start()])
        numbers.append(float(match.group()))
        start = match.end()
    texts.append(line[start:])
    return texts, numbers


def line_matches(expected: str, actual: str, rel: float = REL, abs_: float = ABS) -> bool:
    """True when the words agree exactly and every number agrees within the tolerance."""
    expected_texts, expected_numbers = split_numbers(expected.rstrip())
    actual_texts, actual_numbers = split_numbers(actual.rstrip())
    if expected_texts != actual_texts or len(expected_numbers) != len(actual_numbers):
        return False
    return all(math.isclose(a, b, rel_tol=rel, abs_tol=abs_) for a, b in zip(expected_numbers, actual_numbers))


def missing_lines(expected: list[str], actual: list[str], rel: float = REL, abs_: float = ABS) -> list[str]:
    """The pasted lines (``...`` aside) that no printed line matches."""
    return [
        line
        for line in expected
        if line != "..." and not any(line_matches(line, printed, rel, abs_) for printed in actual)
    ]
