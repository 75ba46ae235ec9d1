"""pygambit for the live cross-checks, where it is installed.

pygambit compiles from source, so the test install leaves it out: Gambit's answers are
committed in tests/reference/gambit_reference.json and checked by
tests/test_gambit_reference.py in every run. ``.ci/run`` installs pygambit 16 (the API
these tests use), and then the live checks below run as well.
"""

from __future__ import annotations

import pytest

try:
    import pygambit as gbt
except ImportError:  # the test install: the committed reference answers stand in
    gbt = None

if gbt is not None and not gbt.__version__.startswith("16."):
    gbt = None  # another major version has another API

needs_gambit = pytest.mark.skipif(
    gbt is None, reason="pygambit 16 is not installed (it compiles from source): "
    "tests/test_gambit_reference.py checks Gambit's committed answers instead; "
    "pip install '.[gambit]' (as .ci/run does) runs this live cross-check")
