"""Match-rounds per second: the vectorised engine against a plain per-match Python loop.

    python benchmarks/bench_repeated.py [--matches 100000] [--turns 200] [--noise 0.05]

Both play tit-for-tat (row) against grim trigger (column) on the standard PD with noise
(execution error) in the same run; the loop plays fewer matches (``--loop-matches``)
since it is slow, and its rate is per match-round all the same. Each figure is the best
of ``--repeat`` runs. Mean scores of both are printed as a sanity check (they estimate the
same expectation). Targets (docs/repeated.md): >= 5e7 match-rounds/s and >= 10x the loop.
Last, single matches (``matches=1``, the call that shows one game) against the Axelrod
library's ``Match(...).play()`` in the same process, in CPU time: the Axelrod library is not
a dependency; with it importable (``python3 -m venv /tmp/axl && /tmp/axl/bin/pip install
axelrod -e .``, then run this file with ``/tmp/axl/bin/python``) each pair is timed in both
engines and checked: same moves and scores for the deterministic pairs, mean scores within
a few standard errors for the random ones. Without it only our times are printed.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim.dynamics.repeated import play_matches  # noqa: E402
from sim.data.strategies import get_strategy  # noqa: E402

A = np.array([[3.0, 0.0], [5.0, 1.0]])
ROW, COL = "tit_for_tat", "grim_trigger"
#: Single matches (row, column, noise) timed in both engines.
SINGLE_PAIRS = (
    ("tit_for_tat", "grim_trigger", 0.0),
    ("tit_for_tat", "always_defect", 0.0),
    ("win_stay_lose_shift", "alternator", 0.0),
    ("tit_for_tat", "grim_trigger", 0.05),
    ("generous_tit_for_tat", "alternator", 0.0),
)
#: Our strategy names -> Axelrod class names, as in the committed reference matches.
REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "reference" / "axelrod_matches.json"
AXELROD_CLASSES = json.loads(REFERENCE.read_text(encoding="utf-8"))["class_names"]
#: A random pair's mean scores: Axelrod over this many seeds, ours over CHECK_MATCHES matches.
AXELROD_SEEDS, CHECK_MATCHES, CHECK_SIGMAS = 200, 4000, 4.5
AXELROD_HOWTO = (
    "python3 -m venv /tmp/axl && /tmp/axl/bin/pip install axelrod -e . && "
    "/tmp/axl/bin/python benchmarks/bench_repeated.py"
)


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


def cpu_time_per_call(run, calls: int, repeat: int) -> float:
    """Best over ``repeat`` runs of the mean CPU time (``time.process_time``) of ``calls`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(calls):
            run()
        best = min(best, (time.process_time() - start) / calls)
    return best


def import_axelrod():
    """The Axelrod library, or None with the reason it cannot be imported."""
    try:
        import axelrod
    except ImportError as error:
        return None, str(error)
    return axelrod, ""


def axelrod_match(axl, row: str, col: str, turns: int, noise: float, seed: int, players=None):
    """Axelrod's match of the same pair on the same PD (fresh players unless given)."""
    players = players or (getattr(axl, AXELROD_CLASSES[row])(), getattr(axl, AXELROD_CLASSES[col])())
    game = axl.Game(r=A[0, 0], s=A[0, 1], t=A[1, 0], p=A[1, 1])
    return axl.Match(players, turns=turns, game=game, noise=noise, seed=seed)


def agreement(axl, row: str, col: str, turns: int, noise: float) -> str:
    """Deterministic pairs: same moves and scores; random ones: mean scores within CHECK_SIGMAS."""
    if noise == 0 and not (get_strategy(row).stochastic or get_strategy(col).stochastic):
        ours = play_matches(row, col, A, A.T, turns, 1, 0.0, np.random.default_rng(0))
        match = axelrod_match(axl, row, col, turns, 0.0, 0)
        theirs = [[int(a == axl.Action.D), int(b == axl.Action.D)] for a, b in match.play()]
        same_moves = np.stack((ours.row_actions[0], ours.col_actions[0]), axis=1).tolist() == theirs
        same_scores = [ours.row_scores[0], ours.col_scores[0]] == list(match.final_score())
        return "same moves and scores" if same_moves and same_scores else "MOVES OR SCORES DIFFER"
    theirs = []
    for seed in range(AXELROD_SEEDS):
        match = axelrod_match(axl, row, col, turns, noise, seed)
        match.play()
        theirs.append(match.final_score())
    theirs = np.array(theirs, dtype=float)
    ours = play_matches(row, col, A, A.T, turns, CHECK_MATCHES, noise, np.random.default_rng(1))
    sigmas = max(standard_errors_apart(*pair) for pair in zip((ours.row_scores, ours.col_scores), theirs.T))
    verdict = "mean scores within" if sigmas <= CHECK_SIGMAS else "MEAN SCORES DIFFER BY"
    return f"{verdict} {sigmas:.1f} SE ({AXELROD_SEEDS} seeds)"


def single_match_line(axl, row: str, col: str, noise: float, turns: int, calls: int, repeat: int) -> str:
    """One table line: our CPU time per match and, with ``axl``, Axelrod's, the ratio and the check."""
    rng = np.random.default_rng(0)
    ours = cpu_time_per_call(lambda: play_matches(row, col, A, A.T, turns, 1, noise, rng), calls, repeat)
    line = f"{row + ' vs ' + col:<40} {noise:>5g} {1e6 * ours:>7.0f}"
    if axl is None:
        return line
    players = axelrod_match(axl, row, col, turns, noise, 1).players  # built once, reset by play()

    def play():
        match = axelrod_match(axl, row, col, turns, noise, 1, players)
        match.play()
        return match

    played = cpu_time_per_call(play, calls, repeat)
    scored = cpu_time_per_call(lambda: play().final_score(), calls, repeat)
    check = agreement(axl, row, col, turns, noise)
    return f"{line} {1e6 * played:>15.0f} {1e6 * scored:>16.0f} {ours / played:>6.2f}  {check}"


def standard_errors_apart(first: np.ndarray, second: np.ndarray) -> float:
    """``|mean difference|`` over the standard error of the difference (0 or inf if that is 0)."""
    difference = abs(first.mean() - second.mean())
    error = math.hypot(*(x.std(ddof=1) / math.sqrt(len(x)) for x in (first, second)))
    return difference / error if error > 0 else (0.0 if difference == 0 else math.inf)


def print_single_matches(turns: int, repeat: int) -> None:
    """One match of each pair of SINGLE_PAIRS in our engine and, if importable, in Axelrod's."""
    axl, reason = import_axelrod()
    calls = max(3, 20_000 // max(turns, 1))
    ratio = "" if axl is None else "; ratio = ours / Axelrod play(), below 1 is faster"
    timing = f"CPU time per match in us (best of {repeat} runs of the mean of {calls} calls)"
    print(f"single match, {turns} turns: {timing}{ratio}")
    header = f"{'row vs column':<40} {'noise':>5} {'ours':>7}"
    print(header if axl is None else f"{header} {'Axelrod play()':>15} {'+ final_score()':>16} {'ratio':>6}  check")
    for row, col, noise in SINGLE_PAIRS:
        print(single_match_line(axl, row, col, noise, turns, calls, repeat))
    if axl is None:
        print(f"Axelrod section skipped (cannot import axelrod: {reason}); to run it: {AXELROD_HOWTO}")


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
    print_single_matches(options.turns, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
