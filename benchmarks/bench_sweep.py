"""Speed of the vectorised 2x2 engine against a nashpy loop, and of a 1000x1000 grid sweep.

Run from the repository root: ``python benchmarks/bench_sweep.py`` (``--games N`` and
``--nashpy-sample K`` change the sizes). One run prints:

(a) games/s of :func:`sim.solve.engine2x2.equilibria_2x2` on 1e7 random games, one core;
(b) games/s of a per-game nashpy support-enumeration loop on a sample of the same games,
    the ratio, and whether the two agree on every game of the sample;
(c) the time to build and solve a 1000x1000 grid (tariff rate x security dependence)
    with :func:`sim.analysis.sweep.sweep_2x2`.

Times are the best of several repeats, as wall-clock and as this process's CPU time
(they differ when other programs share the machine). Nothing here asserts on time.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"  # one core (elementwise numpy never threads anyway)

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import nashpy  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from sim.analysis import sweep  # noqa: E402
from sim.solve import engine2x2  # noqa: E402
from sim.solve.outcome_classes import OUTCOME_WORDS, OUTCOMES  # noqa: E402
from sim.model.payoffs import model_parameters  # noqa: E402
from sim.data.presets import JapanPreset, USPreset, load_preset  # noqa: E402
from sim.data.scenario import load_scenario, resolve_scenario_path  # noqa: E402


def best_time(function, repeats: int) -> tuple[float, float, object]:
    """Best wall-clock and best CPU seconds of ``repeats`` calls, and the last result."""
    wall, cpu, result = np.inf, np.inf, None
    for _ in range(repeats):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        result = function()
        wall = min(wall, time.perf_counter() - start_wall)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


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


def engine(games: int, sample: int, repeats: int) -> None:
    rng = np.random.default_rng(2025)
    A, B = rng.standard_normal((games, 2, 2)), rng.standard_normal((games, 2, 2))
    wall, cpu, found = best_time(lambda: engine2x2.equilibria_2x2(A, B), repeats)
    bytes_per_game = 2 * 32 + 4 + 2 * 8 + 1
    print(f"(a) equilibria_2x2 on {games:.0e} random games (block {engine2x2.BLOCK}), best of {repeats}:")
    print(
        f"    {wall:.3f} s wall = {games / wall:.3g} games/s "
        f"({games * bytes_per_game / wall / 1e9:.1f} GB/s of payoffs and results); "
        f"CPU {cpu:.3f} s = {games / cpu:.3g} games/s"
    )
    print(
        f"    pure equilibria per game {found.pure.sum() / games:.4f}, completely mixed "
        f"{np.isfinite(found.mixed_row).mean():.4f}, degenerate {found.degenerate.sum()}"
    )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=10_000_000)
    parser.add_argument("--nashpy-sample", type=int, default=3_000)
    parser.add_argument("--grid", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"numpy {np.__version__}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load:.1f}"
    )
    engine(args.games, args.nashpy_sample, args.repeats)
    grid(args.grid, args.repeats)


if __name__ == "__main__":
    main()
