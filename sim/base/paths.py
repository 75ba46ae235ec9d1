"""Where the built-in configuration and scenario folders are.

In a source checkout they sit at the top of the repository (``conf/``, ``scenarios/``);
in an installed wheel they are shipped inside the package (``sim/conf``, ``sim/scenarios``).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _data_dir(name: str) -> Path:
    """The shipped copy inside the package if present, else the repository's copy."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


CONF_DIR = _data_dir("conf")
SCENARIOS_DIR = _data_dir("scenarios")
