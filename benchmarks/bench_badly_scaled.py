"""Benchmark of vertex enumeration on badly scaled games: what floats miss, what it costs.

Run from the repository root::

    python benchmarks/bench_badly_scaled.py

The games are the 120 badly scaled games of ``tests/reference/gambit_reference.json``
(uniform [0, 1) payoffs with one payoff of 1e6 or 1e9; 3x3 to 6x6). For each set it
prints in how many games the floating-point enumeration alone (``_vertex_enumeration``,
which ``solve_game`` used on every game before the exact path) and the default
``solve_game(A, B)`` miss an equilibrium of Gambit's exact ``enummixed`` (strategies within
1e-6), in how many they list equilibria Gambit does not, and the median CPU time per game of
``solve_game`` and of Gambit's ``enummixed_solve(rational=True)`` on the floats' exact
rationals, and their ratio (ours / Gambit's; below 1 is faster).

Then it checks the floor of the test that chooses exact arithmetic
(``sim.solve.scaling.RESOLUTION_FLOOR``): on 420 more games (3x3 to 6x6, uniform [0, 1) or
integer [-3, 3] payoffs, one payoff from 1e2 to 1e6; seed 321) it prints the largest
resolution at which the floating-point enumeration alone missed or invented an
equilibrium, and for several floors how many such failures lie above the floor (they
would be answered in floats) and how many games go to the exact path.

Timings are printed, never asserted: they depend on the machine and its load.
"""

from __future__ import annotations

import json
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pygambit as gbt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

from sim.solve.scaling import RESOLUTION_FLOOR, resolution  # noqa: E402
from sim.solve.solvers import _records, _vertex_enumeration, solve_game  # noqa: E402

REFERENCE = ROOT / "tests" / "reference" / "gambit_reference.json"


def gambit_exact(A: np.ndarray, B: np.ndarray) -> list:
    """Gambit's enummixed in exact rationals, as pairs of float arrays."""
    game = gbt.Game.from_arrays(
        [[Fraction(float(v)) for v in row] for row in A], [[Fraction(float(v)) for v in row] for row in B]
    )
    profiles = gbt.nash.enummixed_solve(game, rational=True).equilibria
    return [tuple(np.array([float(p[s]) for s in player.strategies]) for player in game.players) for p in profiles]


def covers(ours, theirs) -> bool:
    """Every profile of ``theirs`` is within 1e-6 of one of ``ours``."""
    return all(
        any(np.allclose(e.row_strategy, row, atol=1e-6) and np.allclose(e.col_strategy, col, atol=1e-6) for e in ours)
        for row, col in theirs
    )


def cpu(call):
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


def main() -> None:
    entries = [
        e for e in json.loads(REFERENCE.read_text(encoding="utf-8"))["equilibria"] if e["kind"] == "badly scaled"
    ]
    sets = {
        "3x3-5x5, 1e6 (seed 7)": [e for e in entries if e["name"].startswith("badly scaled")],
        "4x4-6x6, 1e6 or 1e9": [e for e in entries if e["name"].startswith("huge payoff")],
    }
    print("Badly scaled games against Gambit's exact enummixed: games missing an equilibrium")
    print("and games listing extra ones (floats alone, then the default), median CPU ms per game\n")
    print(
        f"{'set':<24}{'games':>6}{'float miss':>12}{'float extra':>13}{'miss':>6}{'extra':>7}"
        f"{'ours':>9}{'Gambit':>9}{'ratio':>7}"
    )
    for name, games in sets.items():
        float_miss = float_extra = miss = extra = 0
        ours, theirs = [], []
        for entry in games:
            A, B = np.array(entry["A"]), np.array(entry["B"])
            seconds, reference = cpu(lambda A=A, B=B: gambit_exact(A, B))
            theirs.append(seconds)
            seconds, solved = cpu(lambda A=A, B=B: solve_game(A, B))
            ours.append(seconds)
            floats_only = _records(A, B, _vertex_enumeration(A, B)[0])
            float_miss += not covers(floats_only, reference)
            float_extra += len(floats_only) > len(reference)
            miss += not (covers(solved.equilibria, reference) and solved.complete)
            extra += len(solved.equilibria) > len(reference)
        mine, gambit = 1e3 * float(np.median(ours)), 1e3 * float(np.median(theirs))
        print(
            f"{name:<24}{len(games):>6}{float_miss:>12}{float_extra:>13}{miss:>6}{extra:>7}"
            f"{mine:>9.2f}{gambit:>9.2f}{mine / gambit:>7.2f}",
            flush=True,
        )
    floor_table()


def floor_table(seed: int = 321) -> None:
    """Resolution of the games where floats alone fail, against candidate floors."""
    rng = np.random.default_rng(seed)
    failed, passed = [], []
    for big in (1e2, 1e3, 1e4, 3e4, 1e5, 3e5, 1e6):
        for k in range(60):
            n = int(rng.integers(3, 7))
            A, B = rng.random((2, n, n))
            if k % 3 == 2:
                A, B = rng.integers(-3, 4, (2, n, n)).astype(float)
            (A, B)[k % 2][tuple(rng.integers(0, n, 2))] = big
            reference = gambit_exact(A, B)
            floats_only = _records(A, B, _vertex_enumeration(A, B)[0])
            wrong = not covers(floats_only, reference) or len(floats_only) > len(reference)
            (failed if wrong else passed).append(min(resolution(A, 0), resolution(B, 1)))
    failures, games = np.array(failed), np.array(failed + passed)
    print(f"\nFloats alone fail in {len(failures)} of {len(games)} games with one payoff of 1e2 to 1e6;")
    print(f"the largest resolution among them is {failures.max():.2g} (RESOLUTION_FLOOR = {RESOLUTION_FLOOR:g})\n")
    print(f"{'floor':>8}{'failures above':>16}{'games sent exact':>18}")
    for floor in (1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11):
        print(f"{floor:>8g}{int((failures >= floor).sum()):>16}{int((games < floor).sum()):>18}")


if __name__ == "__main__":
    main()
