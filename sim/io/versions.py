"""The versions of Gaiatsu, Python and the libraries a run depends on (``versions.json``)."""

from __future__ import annotations

import json
import platform
from importlib import metadata

from sim import __version__


def versions_json() -> str:
    """The versions of Gaiatsu, Python and the libraries a run depends on, as JSON."""
    packages: dict[str, str | None] = {}
    for name in (
        "numpy",
        "scipy",
        "nashpy",
        "matplotlib",
        "hydra-core",
        "omegaconf",
        "PyYAML",
        "pyarrow",
        "tqdm",
        "joblib",
        "hydra-joblib-launcher",
    ):
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            packages[name] = None
    payload = {"gaiatsu": __version__, "python": platform.python_version(), "packages": packages}
    return json.dumps(payload, indent=2) + "\n"
