"""Speed of the vectorised 2x2 engine against a nashpy loop, of a 1000x1000 grid sweep, and
of named sweeps from the command line against a baseline revision.

Run from the repository root, on one core: ``taskset -c 0 python benchmarks/bench_sweep.py``
(``--games N`` and ``--nashpy-sample K`` change the sizes; ``--baseline REF`` the git
revision compared with, ``main`` by default; ``--blocks 16384,32768`` adds a table of
block sizes). One run prints:

(a) games/s of :func:`sim.solve.engine2x2.equilibria_2x2` on 1e7 random games, for the
    engine of ``REF`` (exported with ``git archive`` into a temporary folder and imported
    from there) and for this checkout, on the same games: the first call of a fresh
    process (run in a subprocess each, so that neither inherits the other's memory), the
    best of several later calls (each writing fresh result arrays, as callers get them),
    and, for this checkout, calls that reuse one result (``out=``); the minor page faults
    of each call, and whether the two engines give identical arrays;
(b) games/s of a per-game nashpy support-enumeration loop on a sample of the same games,
    the ratio, and whether the two agree on every game of the sample;
(c) the time to build and solve a 1000x1000 grid (tariff rate x security dependence)
    with :func:`sim.analysis.sweep.sweep_2x2`;
(d) named sweeps from the command line (``python -m sim sweep.name=...``, the six runs of
    the default comparison on a ``--named-grid`` square grid, 6,012,006 points by default;
    CSV rows on ``--csv-grid``), for this checkout and for ``REF`` (the whole tree exported
    with ``git archive`` and run by the same Python): wall and CPU seconds (the command and
    its worker processes) and microseconds per point, with the options each tree has by
    default, with ``sweep.csv`` set both ways, and here with ``sweep.workers=1`` and ``=2``;
    a 2x2 sweep gives the start-up cost, subtracted in the last column; and the in-process
    solving alone (:func:`sweep_2x2` on the same chunks, no table) for comparison;
(e) where the CPU time of the same named sweep goes, in one process (``sweep.workers=1``
    where the option exists), for this checkout and for ``REF``: solving, building the
    table, encoding Parquet, recording and writing chunks, the final tables and the
    outcome shares.

Parts (d) and (e) use every core the script may use: run them alone, without ``taskset``,
with ``python benchmarks/bench_sweep.py --only-named`` (``--skip-baseline`` leaves ``REF``
out). Times are the best of several repeats, as wall-clock and as CPU time (they differ
when other programs share the machine; each row of (d) prints the load average before it).
Nothing here asserts on time.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"  # one core (elementwise numpy never threads anyway)

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tarfile  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

from phases import Phases  # noqa: E402  (benchmarks/phases.py, beside this script)

import nashpy  # noqa: E402
import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from sim.analysis import sweep  # noqa: E402
from sim.solve import engine2x2  # noqa: E402
from sim.solve.outcome_classes import OUTCOME_WORDS, OUTCOMES  # noqa: E402
from sim.model.payoffs import model_parameters  # noqa: E402
from sim.data.presets import JapanPreset, USPreset, load_preset  # noqa: E402
from sim.data.scenario import load_scenario, resolve_scenario_path  # noqa: E402


ENGINE = "sim/solve/engine2x2.py"

# One call of the engine at PATH in a fresh process, on the benchmark's games; prints JSON.
FIRST_CALL = """
import importlib.util, json, resource, sys, time
import numpy as np
spec = importlib.util.spec_from_file_location("engine", sys.argv[1])
engine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(engine)
rng = np.random.default_rng(2025)
games = int(sys.argv[2])
A, B = rng.standard_normal((games, 2, 2)), rng.standard_normal((games, 2, 2))
before, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
engine.equilibria_2x2(A, B)
after, wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - wall
print(json.dumps({"wall": wall, "user": after.ru_utime - before.ru_utime, "system": after.ru_stime - before.ru_stime,
                  "faults": after.ru_minflt - before.ru_minflt}))
"""


def best_time(function, repeats: int) -> tuple[float, float, object]:
    """Best wall-clock and best CPU seconds of ``repeats`` calls, and the last result."""
    wall, cpu, result = np.inf, np.inf, None
    for _ in range(repeats):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall = min(wall, time.perf_counter() - start_wall)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def minor_faults() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def load_engine(path: Path, name: str):
    """The engine module in the file ``path``, imported under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def export_baseline(ref: str, folder: Path) -> Path | None:
    """The engine's file at git revision ``ref``, exported into ``folder``; None if absent."""
    exported = subprocess.run(["git", "-C", str(ROOT), "archive", ref, ENGINE], capture_output=True)
    if exported.returncode != 0:
        print(f"    (no baseline: git archive {ref} {ENGINE}: {exported.stderr.decode().strip()})")
        return None
    with tarfile.open(fileobj=io.BytesIO(exported.stdout)) as archive:
        archive.extractall(folder, filter="data")
    return folder / ENGINE


def first_calls(paths: dict[str, Path], games: int, rounds: int) -> dict[str, dict[str, np.ndarray]]:
    """Wall, user and system seconds and minor page faults of the first call of each
    engine in a new process, ``rounds`` processes each, in alternating order.

    The system time is the kernel's, mostly finding and clearing fresh pages for the
    results; it varies from process to process far more than the engine's own user time
    (the split between the two is sampled at clock ticks, so only their sum is exact).
    """
    runs: dict[str, list[dict]] = {name: [] for name in paths}
    for round_ in range(rounds):
        for name, path in list(paths.items())[:: 1 if round_ % 2 == 0 else -1]:
            command = [sys.executable, "-c", FIRST_CALL, str(path), str(games)]
            runs[name].append(json.loads(subprocess.run(command, capture_output=True, check=True).stdout))
    return {
        name: {key: np.array([run[key] for run in measured]) for key in measured[0]} for name, measured in runs.items()
    }


def rate(games: int, wall: float, cpu: float) -> str:
    return f"{games / wall:.3g} games/s wall, {games / cpu:.3g} by CPU time ({wall:.3f} s, CPU {cpu:.3f} s)"


def same_answers(found, expected) -> bool:
    return all(
        np.array_equal(getattr(found, name), getattr(expected, name), equal_nan=name.startswith("mixed"))
        for name in ("pure", "mixed_row", "mixed_col", "degenerate")
    )


def nashpy_loop(A: np.ndarray, B: np.ndarray) -> list:
    """Support enumeration of each game in turn, as a per-game loop would run it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [list(nashpy.Game(a, b).support_enumeration()) for a, b in zip(A, B)]


def agrees(found: engine2x2.Equilibria2x2, k: int, equilibria: list) -> bool:
    """Game ``k``: the same pure cells, and the same mixed equilibrium (or none)."""
    pure = np.zeros((2, 2), dtype=bool)
    mixed = []
    for row, col in equilibria:
        if row.max() > 1 - 1e-12 and col.max() > 1 - 1e-12:
            pure[row.argmax(), col.argmax()] = True
        else:
            mixed.append((row[0], col[0]))
    if not (pure == found.pure[k]).all() or len(mixed) > 1:
        return False
    if not mixed:
        return bool(np.isnan(found.mixed_row[k]) and np.isnan(found.mixed_col[k]))
    return bool(np.allclose(mixed[0], (found.mixed_row[k], found.mixed_col[k]), atol=1e-9))


def interleaved_best(calls: dict, repeats: int) -> dict[str, tuple[float, float, float]]:
    """Best wall and CPU seconds and mean minor page faults of each call, over ``repeats``
    rounds that run every call once (so that a busy spell on the machine hits all alike)."""
    best = {name: [np.inf, np.inf, 0.0] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            faults, wall, cpu = minor_faults(), time.perf_counter(), time.process_time()
            call()
            wall, cpu, faults = time.perf_counter() - wall, time.process_time() - cpu, minor_faults() - faults
            best[name] = [min(best[name][0], wall), min(best[name][1], cpu), best[name][2] + faults / repeats]
    return {name: tuple(values) for name, values in best.items()}


def engine(games: int, sample: int, repeats: int, baseline: str) -> None:
    rng = np.random.default_rng(2025)
    A, B = rng.standard_normal((games, 2, 2)), rng.standard_normal((games, 2, 2))
    print(f"(a) equilibria_2x2 on {games:.0e} random games (block {engine2x2.BLOCK}), best of {repeats}:")
    with tempfile.TemporaryDirectory() as folder:
        old_path = export_baseline(baseline, Path(folder))
        paths = {baseline: old_path} if old_path else {}
        paths["this checkout"] = ROOT / ENGINE
        modules = {name: load_engine(path, f"engine_{k}") for k, (name, path) in enumerate(paths.items())}
        first = first_calls(paths, games, repeats)
    for name, runs in first.items():
        cpu, system = runs["user"] + runs["system"], runs["system"]
        print(
            f"    {name}, first call in a new process (median of {repeats}): "
            f"{rate(games, np.median(runs['wall']), np.median(cpu))}; user {np.median(runs['user']):.3f} s, "
            f"system {system.min():.3f} to {system.max():.3f} s; {np.median(runs['faults']):,.0f} faults"
        )
    answers = {name: module.equilibria_2x2(A, B) for name, module in modules.items()}
    new, reused = modules["this checkout"], answers["this checkout"]  # reused: written by every out= call
    calls = {name: (lambda module=module: module.equilibria_2x2(A, B)) for name, module in modules.items()}
    calls["this checkout, out="] = lambda: new.equilibria_2x2(A, B, out=reused)
    timings = interleaved_best(calls, repeats)
    for name, (wall, cpu, faults) in timings.items():
        print(f"    {name}, later calls: {rate(games, wall, cpu)}, {faults:,.0f} faults a call")
    if baseline in modules:
        user = {name: np.median(runs["user"]) for name, runs in first.items()}
        old_cpu, first_ratio = timings[baseline][1], user[baseline] / user["this checkout"]
        print(
            f"    speed-up over {baseline}: first call {first_ratio:.2f}x by median user time; by CPU time "
            f"later calls {old_cpu / timings['this checkout'][1]:.2f}x, with out= "
            f"{old_cpu / timings['this checkout, out='][1]:.2f}x; identical arrays: "
            f"{same_answers(modules[baseline].equilibria_2x2(A, B), reused)}"
        )
    fastest = min(cpu for _, cpu, _ in timings.values())
    print(f"    at the best rate, {games * (2 * 32 + 4 + 2 * 8 + 1) / fastest / 1e9:.1f} GB/s of payoffs and results")
    found = reused
    print(
        f"    pure equilibria per game {found.pure.sum() / games:.4f}, completely mixed "
        f"{np.isfinite(found.mixed_row).mean():.4f}, degenerate {found.degenerate.sum()}"
    )
    nashpy_comparison(A, B, found, sample, *timings["this checkout"][:2])


def nashpy_comparison(A, B, found, sample: int, wall: float, cpu: float) -> None:
    games = len(A)
    loop_wall, loop_cpu, answers = best_time(lambda: nashpy_loop(A[:sample], B[:sample]), 2)
    agreed = sum(agrees(found, k, answers[k]) for k in range(sample))
    print(
        f"(b) nashpy {nashpy.__version__} support enumeration, per-game loop on the first "
        f"{sample} of these games, best of 2:"
    )
    print(f"    {loop_wall:.2f} s wall = {sample / loop_wall:.3g} games/s; CPU {sample / loop_cpu:.3g} games/s")
    print(
        f"    speed-up of equilibria_2x2: {(games / wall) / (sample / loop_wall):,.0f}x "
        f"(wall), {(games / cpu) / (sample / loop_cpu):,.0f}x (CPU)"
    )
    print(f"    equilibria agree on {agreed} of {sample} games")


def blocks(games: int, sizes: list[int], repeats: int) -> None:
    """Games/s (CPU) of the engine with each block size, writing into one reused result."""
    rng = np.random.default_rng(2025)
    A, B = rng.standard_normal((games, 2, 2)), rng.standard_normal((games, 2, 2))
    buffer, chosen, best = engine2x2.Equilibria2x2.empty(A.shape[:-2]), engine2x2.BLOCK, {}
    try:
        for _ in range(repeats):  # interleaved, so that a busy spell hits every size alike
            for size in sizes:
                engine2x2.BLOCK = size
                start = time.process_time()
                engine2x2.equilibria_2x2(A, B, out=buffer)
                best[size] = min(best.get(size, np.inf), time.process_time() - start)
    finally:
        engine2x2.BLOCK = chosen
    print(f"(a') block sizes, {games:.0e} games, out=, best of {repeats} by CPU time:")
    print("    " + ", ".join(f"{size}: {games / best[size]:.3g}" for size in sizes) + " games/s")


def grid(points: int, repeats: int) -> None:
    base = model_parameters(
        load_scenario(resolve_scenario_path("ishiba_white_house_2025")),
        load_preset(JapanPreset, "ishiba"),
        load_preset(USPreset, "trump_2025"),
    )
    axes = {"auto_tariff_rate": np.linspace(0.0, 1.0, points), "security_dependence": np.linspace(0.0, 1.0, points)}
    first = time.perf_counter()
    sweep.sweep_2x2(base, axes)
    first = time.perf_counter() - first
    wall, cpu, result = best_time(lambda: sweep.sweep_2x2(base, axes), repeats)
    print(
        f"(c) sweep_2x2, {points}x{points} grid (auto tariff rate x security dependence, "
        f"ishiba_white_house_2025, japan=ishiba, us=trump_2025):"
    )
    print(f"    build and solve {wall:.3f} s wall (first run {first:.3f} s), CPU {cpu:.3f} s")
    counts = np.bincount(result.outcome.ravel(), minlength=len(OUTCOMES))
    shares = counts / result.outcome.size
    for code in np.flatnonzero(shares):
        print(f"    {shares[code]:7.2%}  {OUTCOME_WORDS[code]}")


# --- (d) and (e): named sweeps end to end --------------------------------------------------


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def export_revision(ref: str, into: Path) -> Path:
    """The tree of git revision ``ref`` written into ``into`` (``git archive``)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def time_sweep(tree: Path, options: list[str], repeats: int) -> tuple[float, float]:
    """Best wall and CPU seconds (the command and its children) of ``python -m sim`` running
    a named sweep of ``tree`` into a new temporary folder each time."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as out:
            command = [
                sys.executable,
                "-m",
                "sim",
                "sweep.name=bench",
                f"sweep.dir={out}",
                f"hydra.run.dir={out}/run",
                *options,
            ]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=tree, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best_wall = min(best_wall, wall)
        best_cpu = min(best_cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best_wall, best_cpu


def named_rows(trees: dict[str, Path], grid: int, csv_grid: int, repeats: int) -> None:
    """Part (d): each tree's named sweeps from the command line, and solving alone."""
    points = 6 * grid * grid
    print(
        f"\n(d) named sweeps from the command line, six runs x {grid} x {grid} = {points:,} points "
        f"(CSV rows: {csv_grid} x {csv_grid} = {6 * csv_grid**2:,}), best of {repeats}; "
        f"{usable_cores()} usable cores"
    )
    print(
        f"{'tree':<16}{'options':<34}{'load':>5}{'wall s':>9}{'CPU s':>8}{'us/pt wall':>12}{'us/pt CPU':>11}"
        f"{'us/pt beyond start-up (wall, CPU)':>36}"
    )
    for name, tree in trees.items():
        here = name == "this checkout"
        start_wall, start_cpu = time_sweep(tree, ["sweep.x_points=2", "sweep.y_points=2"], repeats)
        print(f"{name:<16}{'2 x 2 grid: start-up':<34}{load():>5}{start_wall:>9.2f}{start_cpu:>8.2f}", flush=True)
        rows = [([], grid), (["sweep.csv=false"], grid), (["sweep.csv=true"], csv_grid)]
        if here:
            rows += [(["sweep.workers=1", "sweep.csv=false"], grid), (["sweep.workers=2", "sweep.csv=false"], grid)]
        for options, size in rows:
            shown = " ".join(options) or "(its defaults)"
            n = 6 * size * size
            level = load()
            wall, cpu = time_sweep(tree, [f"sweep.x_points={size}", f"sweep.y_points={size}", *options], repeats)
            print(
                f"{name:<16}{shown:<34}{level:>5}{wall:>9.2f}{cpu:>8.2f}{wall / n * 1e6:>12.3f}{cpu / n * 1e6:>11.3f}"
                f"{(wall - start_wall) / n * 1e6:>20.3f}, {(cpu - start_cpu) / n * 1e6:.3f}",
                flush=True,
            )
    solving_alone(grid, repeats)


def solving_alone(grid: int, repeats: int) -> None:
    """In-process :func:`sweep_2x2` of the same runs and chunks, no table: its CPU per point."""
    from sim.cli.pipeline import RunSettings, sweep_runs
    from sim.io.sweep_tables import SweepSpec, axes_of

    spec = SweepSpec(name="bench", x_points=grid, y_points=grid)
    runs = sweep_runs(RunSettings())
    rows = max(1, spec.chunk_points // grid)

    def solve_all() -> None:
        for run in runs:
            for start in range(0, grid, rows):
                axes = axes_of(spec, run.params)
                axes[spec.x] = axes[spec.x][start : start + rows]
                sweep.sweep_2x2(dict(run.params), axes)

    wall, cpu, _ = best_time(solve_all, repeats)
    n = 6 * grid * grid
    print(
        f"{'in-process':<16}{'sweep_2x2 alone, same chunks':<34}{load():>5}{wall:>9.2f}{cpu:>8.2f}"
        f"{wall / n * 1e6:>12.3f}{cpu / n * 1e6:>11.3f}   (payoffs, equilibria, outcome classes; no table)"
    )


def phase_table(grid: int, repeats: int) -> None:
    """Part (e) for the tree this script runs in: the phases of one named sweep, one process."""
    import dataclasses

    import pyarrow.parquet as pq

    from sim.cli.pipeline import RunSettings, sweep_runs
    from sim.io import sweep_store, sweep_tables
    from sim.io.sweep_tables import SweepSpec

    phases = Phases()
    steps = {
        "sweep_2x2": "solving: payoffs, equilibria, outcome classes",
        "points_table": "building the Arrow table of a chunk",
        "_write_chunk": "recording and writing chunks (checksum, manifest, file)",
        "_write_chunks": "recording and writing chunks (checksum, manifest, file)",
        "_write_manifest": "writing the manifest",
        "_write_tables": "final tables (points.parquet; CSV when asked)",
        "outcome_shares": "outcome shares (read from points.parquet)",
    }
    for module in (sweep_store, sweep_tables):
        for name, label in steps.items():
            if hasattr(module, name):  # a step another revision does not have is not timed
                setattr(module, name, phases.wrap(label, getattr(module, name)))
    pq.write_table = phases.wrap("encoding a chunk as Parquet (pq.write_table)", pq.write_table)
    options = {"workers": 1} if "workers" in SweepSpec.__dataclass_fields__ else {}
    spec = SweepSpec(name="bench", x_points=grid, y_points=grid, csv=False, **options)
    runs = sweep_runs(RunSettings())
    best: dict[str, float] = {}
    totals = []
    for _ in range(repeats):
        phases.seconds.clear()
        with tempfile.TemporaryDirectory() as out:
            begin = time.process_time()
            sweep_store.run_named_sweep(dataclasses.replace(spec), runs, Path(out) / "bench", progress=False)
            totals.append(time.process_time() - begin)
        for name, seconds in phases.seconds.items():
            best[name] = min(best.get(name, float("inf")), seconds)
    total, n = min(totals), 6 * grid * grid
    print(
        f"(e) phases of a named sweep in-process, {n:,} points, sweep.csv=false, one process: "
        f"CPU seconds, best of {repeats} (total {total:.2f} s = {total / n * 1e6:.3f} us/pt; load {load()})"
    )
    print(f"{'phase':<58}{'seconds':>9}{'us/pt':>8}{'share':>7}")
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        print(f"{name:<58}{seconds:>9.3f}{seconds / n * 1e6:>8.3f}{seconds / total:>7.0%}")
    rest = total - sum(best.values())
    print(f"{'the rest (plan, verifying, imports on first use, ...)':<58}{rest:>9.3f}{rest / n * 1e6:>8.3f}")


def phases_of(trees: dict[str, Path], grid: int, repeats: int) -> None:
    """Part (e) for each tree: this script run from inside it."""
    for name, tree in trees.items():
        print(f"\n--- {name} ---", flush=True)
        script = tree / "benchmarks" / Path(__file__).name
        if tree != ROOT:
            script.parent.mkdir(exist_ok=True)
            script.write_bytes(Path(__file__).read_bytes())
            script.with_name("phases.py").write_bytes(Path(__file__).with_name("phases.py").read_bytes())
        subprocess.run(
            [sys.executable, str(script), "--phases-only", "--named-grid", str(grid), "--repeats", str(repeats)],
            cwd=tree,
            check=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10_000_000)
    parser.add_argument("--nashpy-sample", type=int, default=3_000)
    parser.add_argument("--grid", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--baseline", default="main", help="git revision compared with (default main)")
    parser.add_argument("--blocks", default="", help="comma-separated block sizes to compare, e.g. 16384,32768")
    parser.add_argument("--named-grid", type=int, default=1001, help="points per axis of the named sweeps")
    parser.add_argument("--csv-grid", type=int, default=401, help="points per axis of the CSV rows")
    parser.add_argument("--named-repeats", type=int, default=3)
    parser.add_argument("--skip-baseline", action="store_true", help="parts (d) and (e): this checkout only")
    parser.add_argument("--only-named", action="store_true", help="parts (d) and (e) only")
    parser.add_argument("--phases-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_only:
        phase_table(args.named_grid, args.repeats)
        return
    print(
        f"numpy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs ({usable_cores()} usable), load average {load()}"
    )
    if not args.only_named:
        engine(args.games, args.nashpy_sample, args.repeats, args.baseline)
        if args.blocks:
            blocks(args.games, [int(size) for size in args.blocks.split(",")], args.repeats)
        grid(args.grid, args.repeats)
    with tempfile.TemporaryDirectory() as folder:
        trees = {"this checkout": ROOT}
        if not args.skip_baseline:
            trees[args.baseline] = export_revision(args.baseline, Path(folder) / "baseline")
        named_rows(trees, args.named_grid, args.csv_grid, args.named_repeats)
        phases_of(trees, args.named_grid, args.named_repeats)
    print(f"load average at the end {load()}")


if __name__ == "__main__":
    main()
