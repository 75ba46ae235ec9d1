"""Small field checks shared by the scenario and preset readers.

Each takes the file (``path``) and the dotted field name (``where``) so that every error
names both, says what was expected and shows what was found.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sim.base.escaping import CONTROL
from sim.base.errors import UserError, near_name_hint

_MISSING = object()


def check_keys(
    data: Any, path: Path | str, where: str, required: Iterable[str], optional: Iterable[str] = ()
) -> Mapping:
    """``data`` must be a mapping with all ``required`` keys and no keys outside both sets."""
    if not isinstance(data, Mapping):
        raise UserError(path, where or None, "a mapping", f"<{_type_name(data)}>")
    required, allowed = list(required), set(required) | set(optional)
    for key in data:
        if key not in allowed:
            field = f"{where}.{key}" if where else str(key)
            raise UserError(
                path,
                field,
                "a known field",
                "<an unknown field>",
                hint=near_name_hint(str(key), allowed) or f"known: {', '.join(sorted(allowed))}",
            )
    for key in required:
        if key not in data:
            field = f"{where}.{key}" if where else key
            raise UserError(path, field, "a value", "<nothing: the field is missing>")
    return data


#: The longest text of any field, and of a name shown in figure titles and table headings
#: (a title of 100 KB made matplotlib lay out glyphs for minutes).
MAX_TEXT = 20_000
MAX_NAME_TEXT = 200
#: Fields whose text appears in figures and headings.
NAME_FIELDS = frozenset({"title", "label", "name"})


def text(data: Mapping, key: str, path: Path | str, where: str, default: Any = _MISSING) -> str:
    """A non-empty string field, at most :data:`MAX_TEXT` characters (titles, labels and
    names at most :data:`MAX_NAME_TEXT`)."""
    value = data.get(key, default)
    if value is _MISSING or not isinstance(value, str) or not value.strip():
        found = "<nothing>" if value is _MISSING else value
        raise UserError(path, _join(where, key), "non-empty text", found)
    if CONTROL.search(value):
        raise UserError(path, _join(where, key), "text without control characters", value)
    limit = MAX_NAME_TEXT if key in NAME_FIELDS else MAX_TEXT
    if len(value) > limit:
        raise UserError(
            path, _join(where, key), f"text of at most {limit:,} characters", f"<{len(value):,} characters>"
        )
    return value


def number(data: Mapping, key: str, path: Path | str, where: str) -> float:
    """A finite real number field (booleans are refused: ``yes`` is not 1)."""
    value = data.get(key, _MISSING)
    if isinstance(value, bool) or not isinstance(value, int | float):
        found = "<nothing>" if value is _MISSING else value
        hint = (
            "numbers are read as YAML 1.2 reads them: write them in decimal, without 0x, 0o, 1:30 or _"
            if isinstance(value, str) and re.match(r"^[-+]?(0[xob]|[0-9][0-9_]*[:_])", value)
            else None
        )
        raise UserError(path, _join(where, key), "a number", found, hint=hint)
    if not math.isfinite(value):
        raise UserError(path, _join(where, key), "a finite number", value)
    return float(value)


def flag(data: Mapping, key: str, path: Path | str, where: str, default: Any = _MISSING) -> bool:
    """A true/false field (``1`` and ``"yes"`` are refused); ``default`` when it is absent."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise UserError(path, _join(where, key), "true or false", "<nothing>" if value is _MISSING else value)
    return value


def choice(data: Mapping, key: str, options: Iterable[str], path: Path | str, where: str) -> str:
    """A string field that must be one of ``options``."""
    options = tuple(options)
    value = data.get(key, _MISSING)
    if value not in options:
        found = "<nothing>" if value is _MISSING else value
        raise UserError(
            path,
            _join(where, key),
            "one of " + ", ".join(options),
            found,
            hint=near_name_hint(str(value), options) if isinstance(value, str) else None,
        )
    return value


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
