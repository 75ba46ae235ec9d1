"""A small named sweep's tables as an earlier revision writes them, for tests/test_sweep_tables.py.

The tables are built from numpy arrays with dictionary-encoded text columns since the
revision after ``b5a0626``; before, text columns were plain strings encoded by the Parquet
writer. Neither the Parquet bytes nor the Arrow types in memory are the same, so the test
compares what a reader gets back: the same columns, types and values, and the same CSV
bytes. Run it from the repository with the revision to keep as the reference, which it
exports with ``git archive`` and runs with this Python:

    python tests/reference/make_sweep_reference.py --revision b5a0626

It writes ``tests/reference/sweep_small/points.parquet`` and ``reference.json`` there (the
revision, the sweep's options, the CSV table's SHA-256 and size: the CSV itself is 50 kB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "sweep_small"
#: The sweep: ``overtures_backfired`` (Ishiba and Takaichi), 13 x 7 points, one chunk per run.
OPTIONS = {"name": "small", "x_points": 13, "y_points": 7, "chunk_points": 1000}
SCENARIO = "overtures_backfired"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revision", required=True, help="the git revision whose tables are the reference")
    revision = parser.parse_args().revision
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from sim.cli.pipeline import RunSettings, sweep_runs\n"
        "from sim.io.sweep_store import run_named_sweep\n"
        "from sim.io.sweep_tables import SweepSpec\n"
        f"spec = SweepSpec(**json.loads({json.dumps(json.dumps(OPTIONS))}), csv=True)\n"
        f"runs = sweep_runs(RunSettings(scenario={SCENARIO!r}))\n"
        "run_named_sweep(spec, runs, Path(sys.argv[1]), progress=False)\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        archive = subprocess.run(["git", "-C", str(HERE), "archive", revision], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        small = Path(folder) / "small"
        subprocess.run([sys.executable, "-c", code, str(small)], cwd=tree, check=True)
        csv = (small / "points.csv").read_bytes()
        OUT.mkdir(exist_ok=True)
        shutil.copy(small / "points.parquet", OUT / "points.parquet")
    record = {
        "revision": revision,
        "scenario": SCENARIO,
        "sweep": OPTIONS,
        "points.csv": {"sha256": hashlib.sha256(csv).hexdigest(), "bytes": len(csv)},
    }
    (OUT / "reference.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
