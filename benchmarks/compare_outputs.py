"""Compare every file the main job writes here with what a baseline revision writes.

Run from the repository root: ``python benchmarks/compare_outputs.py [--baseline REF]
[-- OVERRIDES...]``. The baseline (default ``main``) is exported with ``git archive`` into
a temporary folder; both trees run ``python -m sim OVERRIDES hydra.run.dir=...`` with this
Python, and each file is reported as identical, different (with its size both sides),
only in the baseline, or only here. ``.hydra/hydra.yaml`` records the run's own folder and
command line, so it always differs; it is listed apart.

Example: ``python benchmarks/compare_outputs.py -- 'output.formats=[png,svg]'``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Files that name the run's folder or command line, so differ between any two runs.
RUN_RECORDS = {".hydra/hydra.yaml", ".hydra/overrides.yaml"}


def export_revision(ref: str, into: Path) -> Path:
    """The tree of git revision ``ref`` written into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def run_main_job(tree: Path, out: Path, overrides: list[str], baseline: bool) -> None:
    """``python -m sim`` of ``tree`` into ``out`` (the baseline without unknown options)."""
    known = [o for o in overrides if not (baseline and o.startswith("output."))]
    subprocess.run(
        [sys.executable, "-m", "sim", *known, f"hydra.run.dir={out}"], cwd=tree, check=True, stdout=subprocess.DEVNULL
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def compare(old: dict[str, bytes], new: dict[str, bytes]) -> dict[str, list[str]]:
    """Each file's verdict: identical, different, only in the baseline, only here."""
    verdicts: dict[str, list[str]] = {
        "identical": [],
        "different": [],
        "baseline only": [],
        "new only": [],
        "run record (differs by design)": [],
    }
    for name in sorted(set(old) | set(new)):
        if name in RUN_RECORDS:
            verdicts["run record (differs by design)"].append(name)
        elif name not in new:
            verdicts["baseline only"].append(name)
        elif name not in old:
            verdicts["new only"].append(name)
        elif old[name] == new[name]:
            verdicts["identical"].append(name)
        else:
            verdicts["different"].append(f"{name} ({len(old[name]):,} -> {len(new[name]):,} bytes)")
    return verdicts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main")
    parser.add_argument("overrides", nargs="*")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tree = export_revision(options.baseline, Path(folder) / "tree")
        run_main_job(tree, Path(folder) / "old", options.overrides, baseline=True)
        run_main_job(ROOT, Path(folder) / "new", options.overrides, baseline=False)
        verdicts = compare(files_of(Path(folder) / "old"), files_of(Path(folder) / "new"))
    print(f"python -m sim {' '.join(options.overrides)}: {options.baseline} against this checkout")
    for verdict, names in verdicts.items():
        print(f"{verdict}: {len(names)}")
        if verdict != "identical":
            print("".join(f"  {name}\n" for name in names), end="")


if __name__ == "__main__":
    main()
