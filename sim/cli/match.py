"""``python -m sim.match``: one repeated match of two strategies on a Gambit .nfg stage game.

    python -m sim.match --game GAME.nfg --row NAME --col NAME --turns N --noise P --seed S --json

Index 0 is each side's cooperative action (US: refrain; Japan: concede). Strategy names
are those of :data:`sim.data.strategies.REGISTRY`. Noise flips the intended action with
probability P (execution error); the history records what was played. ``--json``
prints one line::

    {"scores": [row_total, col_total], "history": [[row_action, col_action], ...],
     "row": NAME, "col": NAME, "turns": N, "noise": P, "seed": S, "game": PATH,
     "actions": [[row labels], [col labels]]}

plus ``"discount"`` and ``"discounted_scores"`` with ``--discount D``. Without
``--json`` a readable summary. An unknown strategy, a bad, missing or non-2-player game
file, negative turns (or more than :data:`MAX_TURNS`) or a noise outside [0, 1]: one
line ``error: ...`` and exit 2 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np

from sim.cli.arguments import ArgumentParser, number_argument, run_cli, whole_argument
from sim.io.gambit_io import StrategicGame, read_nfg_file
from sim.dynamics.repeated import MatchResult, play_matches
from sim.data.strategies import get_strategy

#: Most turns one command plays (its history is printed in full).
MAX_TURNS = 1_000_000


def arguments() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="python -m sim.match", description=__doc__.split("\n")[0])
    parser.add_argument("--game", type=Path, required=True, help="a 2-player Gambit strategic-form (.nfg) stage game")
    parser.add_argument("--row", required=True, help="the row player's strategy")
    parser.add_argument("--col", required=True, help="the column player's strategy")
    parser.add_argument("--turns", type=whole_argument(MAX_TURNS), default=200, help="rounds (default 200)")
    parser.add_argument(
        "--noise",
        type=number_argument(0, 1, "a probability in [0, 1]"),
        default=0.0,
        help="probability of flipping an action (default 0)",
    )
    parser.add_argument("--seed", type=whole_argument(), default=0, help="random seed (default 0)")
    parser.add_argument(
        "--discount",
        type=number_argument(0, 1, "a discount factor in [0, 1]"),
        help="also report scores discounted by this factor per round",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    return parser


def main(argv: list[str]) -> int:
    options = arguments().parse_args(argv)
    row, col = get_strategy(options.row, "--row"), get_strategy(options.col, "--col")
    game = read_nfg_file(options.game)
    A, B = game.bimatrix()
    result = play_matches(
        row, col, A, B, options.turns, 1, options.noise, np.random.default_rng(options.seed), options.discount
    )
    record = match_json(options, game, result)
    print(json.dumps(record) if options.json else summary(record))
    return 0


def match_json(options: argparse.Namespace, game: StrategicGame, result: MatchResult) -> dict:
    """The contract's record: scores, history, and what was played."""
    record = {
        "scores": [float(result.row_scores[0]), float(result.col_scores[0])],
        "history": np.stack((result.row_actions[0], result.col_actions[0]), axis=1).tolist(),
        "row": options.row,
        "col": options.col,
        "turns": options.turns,
        "noise": options.noise,
        "seed": options.seed,
        "game": str(options.game),
        "actions": [list(labels) for labels in game.strategies],
    }
    if options.discount is not None:
        record["discount"] = options.discount
        record["discounted_scores"] = [float(result.row_discounted[0]), float(result.col_discounted[0])]
    return record


def summary(record: dict) -> str:
    """A readable account: totals, how often each side cooperated, the first rounds."""
    history = np.array(record["history"], dtype=int).reshape(-1, 2)
    turns = len(history)
    lines = [
        f"{record['row']} (row) vs {record['col']} (column) on {record['game']}: "
        f"{turns} turns, noise {record['noise']:g}, seed {record['seed']}",
        f"  scores: row {record['scores'][0]:g}, column {record['scores'][1]:g}",
    ]
    if "discounted_scores" in record:
        row, col = record["discounted_scores"]
        lines.append(f"  discounted by {record['discount']:g}: row {row:.6g}, column {col:.6g}")
    for k, side in enumerate(("row", "column")):
        share = (history[:, k] == 0).mean() if turns else math.nan
        lines.append(f"  {side} played its cooperative action ({record['actions'][k][0]}) in {share:.0%} of turns")
    first = " ".join(f"{r}/{c}" for r, c in history[:20])
    lines.append(f"  first turns (row/column action index): {first}" + (" ..." if turns > 20 else ""))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(run_cli(main))
