"""Reference matches from the Axelrod library, for tests/test_repeated.py.

Run with the Axelrod library installed (it is too heavy for the test install):

    python3 -m venv /tmp/axl && /tmp/axl/bin/pip install axelrod
    /tmp/axl/bin/python tests/reference/make_axelrod_reference.py

It writes ``tests/reference/axelrod_matches.json``:

* ``deterministic``: every ordered pair of the 8 classic strategies, 200 turns, no noise,
  on the standard PD (R, S, T, P) = (3, 0, 5, 1) and on the symmetric non-standard PD
  (4, 1, 6, 2): Axelrod's action histories (0 = C, 1 = D; player 1 is the row player)
  and Axelrod's final scores. The coercion stage game is asymmetric, which Axelrod's
  ``Game(r, s, t, p)`` cannot hold; deterministic strategies play the same actions
  whatever the payoffs, so the tests score these histories with the asymmetric matrices
  of ``sim.model.payoffs`` (``ishiba_white_house_2025``, ishiba, trump_2025).
* ``noisy``: ordered pairs of the classics and GTFT (generosity 1/3 on the standard PD)
  with noise 0.05 (and GTFT's pairs also without noise), one match per seed
  (``Match(..., seed=s)``), 200 turns: mean and standard error of each player's score.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import axelrod as axl

TURNS = 200
NOISE = 0.05
SEEDS = 300
CLASSICS = {
    "always_cooperate": axl.Cooperator,
    "always_defect": axl.Defector,
    "tit_for_tat": axl.TitForTat,
    "grim_trigger": axl.Grudger,
    "win_stay_lose_shift": axl.WinStayLoseShift,
    "alternator": axl.Alternator,
    "suspicious_tit_for_tat": axl.SuspiciousTitForTat,
    "tit_for_two_tats": axl.TitFor2Tats,
}
STOCHASTIC = {"generous_tit_for_tat": axl.GTFT}
GAMES = {"standard_pd": (3, 0, 5, 1), "pd_4_1_6_2": (4, 1, 6, 2)}
OUT = Path(__file__).with_name("axelrod_matches.json")


def actions(history) -> list[list[int]]:
    return [[int(a == axl.Action.D), int(b == axl.Action.D)] for a, b in history]


def deterministic(rstp) -> list[dict]:
    r, s, t, p = rstp
    game = axl.Game(r=r, s=s, t=t, p=p)
    rows = []
    for row, row_cls in CLASSICS.items():
        for col, col_cls in CLASSICS.items():
            match = axl.Match((row_cls(), col_cls()), turns=TURNS, game=game)
            history = match.play()
            rows.append(
                {"row": row, "col": col, "history": actions(history), "scores": [float(x) for x in match.final_score()]}
            )
    return rows


def noisy(players: dict, noise: float, pairs) -> list[dict]:
    rows = []
    for row, col in pairs:
        scores = []
        for seed in range(SEEDS):
            match = axl.Match((players[row](), players[col]()), turns=TURNS, noise=noise, seed=seed)
            match.play()
            scores.append([float(x) for x in match.final_score()])
        rows.append(
            {
                "row": row,
                "col": col,
                "noise": noise,
                "matches": SEEDS,
                "mean": [mean([s[k] for s in scores]) for k in (0, 1)],
                "se": [stderr([s[k] for s in scores]) for k in (0, 1)],
            }
        )
    return rows


def mean(values) -> float:
    return sum(values) / len(values)


def stderr(values) -> float:
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1) / len(values))


def main() -> int:
    players = {**CLASSICS, **STOCHASTIC}
    all_pairs = [(a, b) for a in players for b in players]
    gtft_pairs = [(a, b) for a, b in all_pairs if "generous_tit_for_tat" in (a, b)]
    data = {
        "axelrod_version": axl.__version__,
        "python": sys.version.split()[0],
        "turns": TURNS,
        "class_names": {name: cls.__name__ for name, cls in players.items()},
        "games": {name: dict(zip("RSTP", rstp)) for name, rstp in GAMES.items()},
        "deterministic": {name: deterministic(rstp) for name, rstp in GAMES.items()},
        "noisy_game": "standard_pd",
        "noisy": noisy(players, NOISE, all_pairs) + noisy(players, 0.0, gtft_pairs),
    }
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(data['noisy'])} noisy pairs, axelrod {axl.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
