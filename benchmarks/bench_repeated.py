"""Match-rounds per second: the vectorised engine against a plain per-match Python loop.

    python benchmarks/bench_repeated.py [--matches 100000] [--turns 200] [--noise 0.05]

Both play tit-for-tat (row) against grim trigger (column) on the standard PD with noise
(execution error) in the same run; the loop plays fewer matches (``--loop-matches``)
since it is slow, and its rate is per match-round all the same. Each figure is the best
of ``--repeat`` runs. Mean scores of both are printed as a sanity check (they estimate the
same expectation). Targets (docs/repeated.md): >= 5e7 match-rounds/s and >= 10x the loop.
Last, the time of one match without noise (``matches=1``), the call a user makes to
watch one game, as Axelrod's ``Match(...).play()`` does.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.dynamics.repeated import play_matches  # noqa: E402
from sim.data.strategies import get_strategy  # noqa: E402

A = np.array([[3.0, 0.0], [5.0, 1.0]])
ROW, COL = "tit_for_tat", "grim_trigger"
SINGLE_MATCHES = 500


def loop_matches(matches: int, turns: int, noise: float, rng: np.random.Generator):
    """The same matches, one at a time, one turn at a time, in plain Python."""
    row, col = (get_strategy(name).automaton(2, 2) for name in (ROW, COL))
    tables = [(a.actions.tolist(), a.transitions.tolist(), a.initial_state) for a in (row, col)]
    payoffs = (A.tolist(), A.T.tolist())
    scores = []
    for _ in range(matches):
        flips = (rng.random((turns, 2)) < noise).tolist()
        states = [tables[0][2], tables[1][2]]
        total = [0.0, 0.0]
        for turn in range(turns):
            played = [tables[k][0][states[k]] ^ flips[turn][k] for k in (0, 1)]
            for k in (0, 1):
                total[k] += payoffs[k][played[0]][played[1]]
                states[k] = tables[k][1][states[k]][played[k]][played[1 - k]]
        scores.append(total)
    return np.array(scores)


def best_time(run, repeat: int) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = run()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--matches", type=int, default=100_000)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--noise", type=float, default=0.05)
    parser.add_argument("--loop-matches", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    rng = np.random.default_rng(options.seed)

    fast, result = best_time(
        lambda: play_matches(ROW, COL, A, A.T, options.turns, options.matches, options.noise, rng), options.repeat
    )
    slow, looped = best_time(
        lambda: loop_matches(options.loop_matches, options.turns, options.noise, rng), options.repeat
    )
    fast_rate = options.matches * options.turns / fast
    slow_rate = options.loop_matches * options.turns / slow
    print(f"{ROW} vs {COL}, {options.turns} turns, noise {options.noise:g} (best of {options.repeat})")
    print(
        f"vectorised engine: {options.matches} matches in {fast:.3f} s = "
        f"{fast_rate:.3g} match-rounds/s; mean scores {result.row_scores.mean():.2f}, "
        f"{result.col_scores.mean():.2f}"
    )
    print(
        f"per-match loop:    {options.loop_matches} matches in {slow:.3f} s = "
        f"{slow_rate:.3g} match-rounds/s; mean scores {looped[:, 0].mean():.2f}, "
        f"{looped[:, 1].mean():.2f}"
    )
    print(f"speed-up: {fast_rate / slow_rate:.0f}x")
    single, _ = best_time(
        lambda: [play_matches(ROW, COL, A, A.T, options.turns, 1, 0.0, rng) for _ in range(SINGLE_MATCHES)],
        options.repeat,
    )
    print(
        f"one match without noise: {1e6 * single / SINGLE_MATCHES:.0f} us "
        f"({options.turns} turns, mean of {SINGLE_MATCHES}, play_matches(..., matches=1))"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
