"""Arrow arrays built from numpy buffers equal those pyarrow.array builds, for every layout
a sweep table uses (and views that are not contiguous)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyarrow as pa
import pytest

from conftest import REPO_ROOT
from sim.io.arrow_arrays import booleans, numbers, texts, values

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("size", [0, 1, 7, 8, 9, 1000])
def test_numbers_and_booleans_equal_what_pyarrow_array_builds(size):
    floats = RNG.standard_normal((size, 2, 2))[..., 1, 0]  # a strided view, as payoff cells are
    flags = RNG.random((size, 2))[:, 1] < 0.4
    codes = RNG.integers(0, 7, size).astype(np.int8)
    missing = RNG.random(size) < 0.3
    assert numbers(floats).equals(pa.array(floats))
    assert numbers(codes).equals(pa.array(codes))
    assert booleans(flags).equals(pa.array(flags))
    masked = numbers(floats, missing=missing)
    assert masked.equals(pa.array(floats, mask=missing)) and masked.null_count == missing.sum()
    assert numbers(floats, missing=np.zeros(size, bool)).null_count == 0


def test_values_is_the_way_back_for_slices_too():
    array = numbers(np.arange(10, dtype=np.float64))
    assert values(array[3:6]).tolist() == [3.0, 4.0, 5.0]
    indices = pa.array(np.array([2, 0, 1], dtype=np.int32))
    assert values(indices).dtype == np.int32 and values(indices[1:]).tolist() == [0, 1]
    with pytest.raises(ValueError, match="nulls"):
        values(numbers(np.ones(3), missing=np.array([False, True, False])))


def test_texts_are_the_names_at_the_indices():
    names = ["refrain/concede", "外圧", ""]
    indices = np.array([1, 0, 2, 1], dtype=np.int8)
    array = texts(indices, names)
    assert array.to_pylist() == ["外圧", "refrain/concede", "", "外圧"]
    assert array.type == pa.dictionary(pa.int8(), pa.string())
    assert array.dictionary.equals(pa.array(names))


def test_building_a_sweep_imports_no_pandas():
    """pyarrow.array imports pandas (about 0.4 s a process); a sweep, its tables (CSV too)
    and its shares never call it."""
    code = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "from sim.cli.pipeline import RunSettings, sweep_runs\n"
        "from sim.io.sweep_store import run_named_sweep\n"
        "from sim.io.sweep_tables import SweepSpec\n"
        "spec = SweepSpec(name='s', x_points=9, y_points=5, chunk_points=10, csv=True, workers=1)\n"
        "with tempfile.TemporaryDirectory() as folder:\n"
        "    report = run_named_sweep(spec, sweep_runs(RunSettings()), Path(folder), progress=False)\n"
        "print(report.points, 'pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["270", "False"]
