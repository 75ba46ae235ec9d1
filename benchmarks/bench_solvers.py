"""Benchmark of the static Nash solvers: time per game, and what support enumeration misses.

Run from the repository root::

    python benchmarks/bench_solvers.py            # ~5 minutes
    python benchmarks/bench_solvers.py --quick    # ~1 minute, rougher numbers
    python benchmarks/bench_solvers.py --gambit-only   # Part 0 alone
    python benchmarks/bench_solvers.py --degenerate    # Part D alone
    python benchmarks/bench_solvers.py --baseline REF  # Part B alone

Part 0 compares complete vertex enumeration (``solve_game(A, B, "vertex")``) with
Gambit's ``enummixed_solve`` (float mode, from ``Game.from_arrays``) on the same random
n x n games, uniform [0, 1) payoffs, n = 2..10: median CPU seconds per game
(``time.process_time``), their ratio (ours / Gambit's; below 1 is faster), and whether
every equilibrium Gambit lists was found (strategies within 1e-6). Then 15x15 games,
ours alone (Gambit's enumeration takes minutes there).

Part D does the same on degenerate games (ties): integer payoffs in [-3, 3] and in
[0, 2], n = 2..10, against Gambit's ``enummixed_solve`` in float mode, and up to
``--exact-max-n`` also in exact mode (``rational=True``, its own column), whose
equilibria must be found too. The last column counts the games in which some polytope
could not be vouched for on the fast path, so that every basis was tried.

Part B (``--baseline REF``) times ``solve_game(A, B, "vertex")`` of this checkout against
that of git revision ``REF`` (exported with ``git archive``) on the same games: random
floats, integers in [-3, 3] and in [0, 2], n = 2..6, 300 games each; mean CPU µs per
game, best of 5 passes, each tree in its own process on one core, the two trees taking
turns ``--rounds`` times (the best of all rounds is shown): a steadier measure of a change
than the medians of single calls above.

Part 1 times ``sim.solve.solvers.solve_game`` with each method (vertex enumeration, nashpy's
support enumeration, Lemke–Howson from every label) and Gambit's ``enummixed_solve`` on
random n x n games with uniform [0, 1) payoffs, n = 2..8 (``--max-n``), and what
``auto`` picks. Each
cell runs the same games until ``--games`` are done or ``--budget`` seconds have passed.

Part 2 counts the games in which nashpy's support enumeration (Nisan et al. 2007,
Algorithm 3.4; on the raw payoffs, as a user calling nashpy would) misses an equilibrium
that vertex enumeration finds. The rate depends on the payoff distribution: in generic
games nashpy's test ``prob >= 0`` rejects supports whose forced-zero probabilities come
out as -1e-17 after round-off; in integer games with ties (degenerate) it also skips
equilibria with supports of unequal size.

Timings are printed, never asserted: they depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import nashpy
import numpy as np
import pygambit as gbt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

import sim.solve.solvers
from sim.solve.solvers import _records, solve_game

SOLVERS = ("vertex", "support", "lemke_howson", "gambit")
DISTRIBUTIONS = {
    "uniform [0, 1)": lambda rng, n: rng.random((2, n, n)),
    "standard normal": lambda rng, n: rng.standard_normal((2, n, n)),
    "integers [-3, 3]": lambda rng, n: rng.integers(-3, 4, (2, n, n)).astype(float),
}


def gambit_solve(A: np.ndarray, B: np.ndarray) -> int:
    """Gambit's enummixed (float mode); returns how many profiles it lists."""
    game = gbt.Game.from_arrays(A, B)
    return len(gbt.nash.enummixed_solve(game, rational=False).equilibria)


def time_solver(name: str, games: list, budget: float) -> tuple[float, int, int]:
    """Mean seconds per game, games run (at least one), and equilibria found in total."""
    start, found, done = time.perf_counter(), 0, 0
    for A, B in games:
        if name == "gambit":
            found += gambit_solve(A, B)
        else:
            found += len(solve_game(A, B, name).equilibria)
        done += 1
        if time.perf_counter() - start > budget:
            break
    return (time.perf_counter() - start) / done, done, found


def cpu_seconds(call) -> tuple[float, object]:
    """CPU seconds of one call (``time.process_time``), and what it returned."""
    start = time.process_time()
    result = call()
    return time.process_time() - start, result


def gambit_profiles(A: np.ndarray, B: np.ndarray) -> list:
    """Gambit's enummixed profiles (float mode) as pairs of float lists."""
    game = gbt.Game.from_arrays(A, B)
    profiles = gbt.nash.enummixed_solve(game, rational=False).equilibria
    return [tuple([float(p[s]) for s in player.strategies] for player in game.players) for p in profiles]


def found_all(ours, theirs) -> bool:
    """Every Gambit profile is among ours (strategies within 1e-6)."""
    return all(
        any(np.allclose(e.row_strategy, row, atol=1e-6) and np.allclose(e.col_strategy, col, atol=1e-6) for e in ours)
        for row, col in theirs
    )


def gambit_table(sizes: range, games: int, big: int, big_games: int, seed: int) -> None:
    """Part 0: median CPU per game against Gambit's enummixed, and completeness."""
    print(
        "Part 0. Complete vertex enumeration against Gambit's enummixed: median CPU ms "
        "per game,\nrandom n x n games, uniform [0, 1) payoffs (games in brackets)\n"
    )
    print(f"{'n':>3}{'ours':>10}{'Gambit':>11}{'ratio':>8}  found all of Gambit's")
    for n in sizes:
        rng = np.random.default_rng(seed + n)
        count = games if n <= 8 else max(3, games // 10)
        ours, theirs, complete = [], [], 0
        for _ in range(count):
            A, B = rng.random((2, n, n))
            seconds, solved = cpu_seconds(lambda A=A, B=B: solve_game(A, B, "vertex"))
            ours.append(seconds)
            seconds, profiles = cpu_seconds(lambda A=A, B=B: gambit_profiles(A, B))
            theirs.append(seconds)
            complete += found_all(solved.equilibria, profiles) and solved.complete
        mine, gambit = float(np.median(ours)), float(np.median(theirs))
        print(
            f"{n:>3}{1e3 * mine:>10.3f}{1e3 * gambit:>11.3f}{mine / gambit:>8.2f}  {complete}/{count} games ({count})",
            flush=True,
        )
    rng = np.random.default_rng(seed + big)
    times, counts = [], []
    for _ in range(big_games):
        A, B = rng.random((2, big, big))
        seconds, solved = cpu_seconds(lambda A=A, B=B: solve_game(A, B, "vertex"))
        times.append(seconds)
        counts.append(len(solved.equilibria))
    print(
        f"{big:>3}{1e3 * float(np.median(times)):>10.1f}{'-':>11}{'-':>8}  "
        f"({big_games} games; max {1e3 * max(times):.0f} ms; {min(counts)}-{max(counts)} "
        "equilibria, complete)\n",
        flush=True,
    )


DEGENERATE = {
    "integers [-3, 3]": lambda rng, n: rng.integers(-3, 4, (2, n, n)).astype(float),
    "integers [0, 2]": lambda rng, n: rng.integers(0, 3, (2, n, n)).astype(float),
}


def exact_gambit_profiles(A: np.ndarray, B: np.ndarray) -> list:
    """Gambit's enummixed profiles in exact mode (rational arithmetic) as float lists."""
    game = gbt.Game.from_arrays(A.astype(int), B.astype(int))
    profiles = gbt.nash.enummixed_solve(game, rational=True).equilibria
    return [tuple([float(p[s]) for s in player.strategies] for player in game.players) for p in profiles]


class EveryBasisCounter:
    """Counts the calls of the every-basis fallback of vertex enumeration while in use."""

    def __init__(self) -> None:
        self.calls = 0
        self.original = sim.solve.solvers._polytope_vertices

    def __call__(self, M: np.ndarray):
        self.calls += 1
        return self.original(M)

    def __enter__(self) -> EveryBasisCounter:
        sim.solve.solvers._polytope_vertices = self
        return self

    def __exit__(self, *exc) -> None:
        sim.solve.solvers._polytope_vertices = self.original


def degenerate_table(sizes: range, games: int, exact_max_n: int, seed: int) -> None:
    """Part D: median CPU per degenerate game against Gambit's enummixed, and completeness."""
    print(
        "Part D. Complete vertex enumeration against Gambit's enummixed on degenerate games: "
        "median CPU ms\nper game (games in brackets); 'found all' counts games where every "
        "profile of Gambit's\nfloat mode (and exact mode, where timed) was found\n"
    )
    for label, draw in DEGENERATE.items():
        header = f"{'n':>3}{'ours':>10}{'Gambit':>11}{'ratio':>8}{'exact':>11}"
        print(f"{label}\n{header}  found all of Gambit's  every basis")
        for n in sizes:
            rng = np.random.default_rng(seed + n)
            count = games if n <= 8 else max(3, games // 4)
            ours, theirs, exact, complete, fallbacks = [], [], [], 0, 0
            for _ in range(count):
                A, B = draw(rng, n)
                with EveryBasisCounter() as fallback:
                    seconds, solved = cpu_seconds(lambda A=A, B=B: solve_game(A, B, "vertex"))
                ours.append(seconds)
                fallbacks += fallback.calls > 0
                seconds, profiles = cpu_seconds(lambda A=A, B=B: gambit_profiles(A, B))
                theirs.append(seconds)
                if n <= exact_max_n:
                    seconds, exact_profiles = cpu_seconds(lambda A=A, B=B: exact_gambit_profiles(A, B))
                    exact.append(seconds)
                    profiles = profiles + exact_profiles
                complete += found_all(solved.equilibria, profiles) and solved.complete
            mine, gambit = float(np.median(ours)), float(np.median(theirs))
            exact_ms = f"{1e3 * float(np.median(exact)):>11.3f}" if exact else f"{'-':>11}"
            print(
                f"{n:>3}{1e3 * mine:>10.3f}{1e3 * gambit:>11.3f}{mine / gambit:>8.2f}{exact_ms}"
                f"  {complete}/{count} games ({count}){fallbacks:>13}",
                flush=True,
            )
        print()


def timing_table(sizes: range, games: int, budget: float, seed: int, support_max_n: int) -> None:
    """Part 1: milliseconds per game for each solver on random n x n games."""
    print("Part 1. Milliseconds per game, random n x n games, uniform [0, 1) payoffs")
    print("(games run in brackets; LH/all = equilibria Lemke-Howson finds / vertex finds;")
    print(f" support enumeration skipped above n = {support_max_n}: ~2 s a game at 7x7, ~10 s at 8x8)\n")
    header = "".join(f"{name:>18}" for name in SOLVERS)
    print(f"{'n':>3}{header}{'LH/all':>9}  auto picks")
    for n in sizes:
        rng = np.random.default_rng(seed + n)
        sample = [tuple(DISTRIBUTIONS["uniform [0, 1)"](rng, n)) for _ in range(games)]
        cells, counts = "", {}
        for name in SOLVERS:
            if name == "support" and n > support_max_n:
                cells += f"{'skipped':>18}"
                continue
            seconds, done, found = time_solver(name, sample, budget)
            cells += f"{1e3 * seconds:>12.2f} ({done:>3})"
            counts[name] = found
        ratio = counts["lemke_howson"] / max(1, counts["vertex"])
        print(f"{n:>3}{cells}{ratio:>9.2f}  {solve_game(*sample[0]).method}")


def support_misses(A: np.ndarray, B: np.ndarray) -> bool:
    """True when nashpy's support enumeration lacks an equilibrium vertex enumeration has."""
    complete = solve_game(A, B, "vertex").equilibria
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = _records(A, B, list(nashpy.Game(A, B).support_enumeration()))
    return any(
        not any(
            np.allclose(e.row_strategy, f.row_strategy, atol=1e-6)
            and np.allclose(e.col_strategy, f.col_strategy, atol=1e-6)
            for f in found
        )
        for e in complete
    )


def miss_table(sizes: range, games: int, seed: int) -> None:
    """Part 2: share of games where support enumeration misses an equilibrium."""
    print(
        f"\nPart 2. Games (of {games}) where nashpy's support enumeration misses an "
        "equilibrium that vertex enumeration finds"
    )
    print("".join([f"{'n':>3}"] + [f"{name:>20}" for name in DISTRIBUTIONS]))
    for n in sizes:
        cells = ""
        for index, draw in enumerate(DISTRIBUTIONS.values()):
            rng = np.random.default_rng(seed + 100 * n + index)
            misses = sum(support_misses(*draw(rng, n)) for _ in range(games))
            cells += f"{100 * misses / games:>19.1f}%"
        print(f"{n:>3}{cells}", flush=True)


#: Part B's game sets: name -> (payoffs of one n x n game from ``rng``, as code for the timing process).
BASELINE_SETS = {
    "random floats": "rng.random((2, n, n))",
    "integers [-3, 3]": "rng.integers(-3, 4, (2, n, n)).astype(float)",
    "integers [0, 2]": "rng.integers(0, 3, (2, n, n)).astype(float)",
}

#: What a Part B process runs: the tree's solve_game on each set, as JSON {set: {n: us}}.
TIMING_CODE = """
import json, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
from sim.solve.solvers import solve_game
sets, sizes, seed = json.loads(sys.argv[2]), json.loads(sys.argv[3]), int(sys.argv[4])
found = {}
for name, draw in sets.items():
    for n in sizes:
        rng = np.random.default_rng(seed + n)
        games = [eval(draw) for _ in range(300)]
        best = float("inf")
        for _ in range(5):
            start = time.process_time()
            for A, B in games:
                solve_game(A, B, "vertex")
            best = min(best, (time.process_time() - start) / len(games))
        found.setdefault(name, {})[n] = 1e6 * best
print(json.dumps(found))
"""


def tree_speeds(tree: Path, sizes: range, seed: int) -> dict:
    """Part B's mean CPU µs per game of ``tree``'s ``solve_game``, by set and size, in a new process."""
    from bench_main import pinned  # beside this script

    out = subprocess.run(
        [
            *pinned(),
            sys.executable,
            "-c",
            TIMING_CODE,
            str(tree),
            json.dumps(BASELINE_SETS),
            json.dumps(list(sizes)),
            str(seed),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {name: {int(n): us for n, us in cells.items()} for name, cells in json.loads(out).items()}


def baseline_table(ref: str, sizes: range, rounds: int, seed: int) -> None:
    """Part B: this checkout's solve_game against revision ``ref``'s on the same games."""
    from bench_main import export_revision  # beside this script

    with tempfile.TemporaryDirectory() as folder:
        try:
            old = export_revision(ref, Path(folder) / "baseline")
        except subprocess.CalledProcessError as error:
            sys.exit(f"error: --baseline {ref}: git archive failed: {error.stderr.decode().strip()}")
        best: dict[str, dict] = {"now": {}, ref: {}}
        for round_number in range(1, rounds + 1):
            for label, tree in ((ref, old), ("now", ROOT)):
                print(f"Part B: timing {label}, round {round_number} of {rounds}", file=sys.stderr, flush=True)
                for name, cells in tree_speeds(tree, sizes, seed).items():
                    for n, us in cells.items():
                        best[label].setdefault(name, {})[n] = min(us, best[label].get(name, {}).get(n, float("inf")))
    print(
        f"Part B. solve_game(A, B, 'vertex') of this checkout against {ref}: mean CPU us per game\n"
        f"(300 games a cell, best of 5 passes and of {rounds} rounds, one core); ratio below 1 is faster\n"
    )
    print(f"{'games':<20}{'n':>3}{ref:>12}{'now':>10}{'ratio':>8}")
    for name in BASELINE_SETS:
        for n in sizes:
            before, after = best[ref][name][n], best["now"][name][n]
            print(f"{name:<20}{n:>3}{before:>12.1f}{after:>10.1f}{after / before:>8.2f}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=30, help="games per timing cell")
    parser.add_argument("--budget", type=float, default=4.0, help="seconds per timing cell")
    parser.add_argument("--miss-games", type=int, default=400, help="games per miss rate")
    parser.add_argument("--support-max-n", type=int, default=7, help="largest n timed with support enumeration")
    parser.add_argument("--max-n", type=int, default=8, help="largest n x n game timed")
    parser.add_argument(
        "--gambit-games", type=int, default=200, help="games per size in Part 0 (a tenth at 9x9 and 10x10)"
    )
    parser.add_argument("--gambit-max-n", type=int, default=10, help="largest n x n game compared with Gambit")
    parser.add_argument("--big-n", type=int, default=15, help="the large size timed alone")
    parser.add_argument("--big-games", type=int, default=5, help="games of the large size")
    parser.add_argument("--gambit-only", action="store_true", help="Part 0 alone")
    parser.add_argument("--degenerate", action="store_true", help="Part D (degenerate games) alone")
    parser.add_argument(
        "--degenerate-games", type=int, default=40, help="games per size in Part D (a quarter at 9x9 and 10x10)"
    )
    parser.add_argument("--exact-max-n", type=int, default=6, help="largest n timed with Gambit's exact mode in Part D")
    parser.add_argument("--seed", type=int, default=20250207)
    parser.add_argument("--quick", action="store_true", help="fewer games, rougher numbers")
    parser.add_argument("--baseline", help="Part B alone: this checkout against git revision REF")
    parser.add_argument("--rounds", type=int, default=2, help="turns each tree takes in Part B")
    args = parser.parse_args()
    if args.baseline:
        baseline_table(args.baseline, range(2, 7), args.rounds, args.seed)
        return
    if args.quick:
        args.games, args.budget, args.miss_games, args.support_max_n = 10, 0.5, 60, 5
        args.gambit_games, args.big_games, args.degenerate_games = 40, 2, 12
    if args.degenerate:
        degenerate_table(range(2, args.gambit_max_n + 1), args.degenerate_games, args.exact_max_n, args.seed)
        return
    gambit_table(range(2, args.gambit_max_n + 1), args.gambit_games, args.big_n, args.big_games, args.seed)
    if args.gambit_only:
        return
    timing_table(range(2, args.max_n + 1), args.games, args.budget, args.seed, args.support_max_n)
    miss_table(range(2, 6), args.miss_games, args.seed)
    degenerate_table(range(2, args.gambit_max_n + 1), args.degenerate_games, args.exact_max_n, args.seed)


if __name__ == "__main__":
    main()
