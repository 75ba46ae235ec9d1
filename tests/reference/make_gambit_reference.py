"""Reference answers from Gambit (pygambit), for tests/test_gambit_reference.py.

pygambit compiles from source (about half an hour on two cores), too slow for the test
install, so its answers are committed here and every test run checks Gaiatsu against
them; where pygambit is installed (``.ci/run`` installs it) the live cross-checks in
tests/test_solvers.py, test_qre.py, test_sequential.py, test_gambit_io.py, test_solve.py
and test_gamefiles.py run as well. Regenerate with pygambit 16 installed:

    python3 -m venv /tmp/gbt && /tmp/gbt/bin/pip install "pygambit>=16.1,<17" -e .
    /tmp/gbt/bin/python tests/reference/make_gambit_reference.py

It writes ``tests/reference/gambit_reference.json``:

* ``equilibria``: bimatrix games (classic games, seeded random games with uniform payoffs,
  seeded small-integer games with ties, badly scaled games, and the built-in scenarios'
  stage and concession-levels games) with every extreme equilibrium from Gambit's
  ``enummixed`` (exact rationals for integer and badly scaled games, floating point for
  the others), with both players' payoffs; for some games also the equilibrium that
  Gambit's ``lcp`` finds. The badly scaled games are uniform [0, 1) payoffs with one huge
  payoff, two seeded sets of 60 (:func:`badly_scaled_games`: 3x3 to 5x5, 1e6;
  :func:`huge_payoff_games`: 4x4 to 6x6, 1e6 and 1e9); their payoffs are stored as the
  floats they are (JSON keeps every digit), and Gambit solves those floats' exact
  rationals.
* ``qre``: games and the principal-branch logit QRE from ``gbt.qre.logit_solve_lambda``
  at several lambda (the lambda Gambit stopped at, within about 1e-8 of the one asked).
* ``gambit_files``: .nfg files written by pygambit in both layouts (outcome list for a
  table, payoff list for a tree's strategic form), with the payoffs Gambit holds and its
  equilibria.
* ``our_files``: .nfg and .efg text written by Gaiatsu (``sim.io.gambit_io``) and what
  Gambit reads from it (title, players, strategies or infosets, payoffs).
* ``threat_games`` and ``resolve_games``: the behaviour Gaiatsu's backward induction and
  perfect Bayesian equilibrium give on seeded inputs, and Gambit's regret of that
  behaviour in the game tree (and Japan's belief by Bayes' rule), which certifies it as
  an equilibrium.
"""

from __future__ import annotations

import io
import json
import platform
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pygambit as gbt

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent.parent), str(HERE.parent)]  # sim, and the tests' helpers

from gambit_live import (
    CLASSIC,
    MIXED_TIE,
    gambit_arrays,
    regret_of,  # noqa: E402
    simultaneous_tree,
    threat_values_game,
)

from sim.io.gambit_io import write_efg, write_nfg  # noqa: E402
from sim.model.payoffs import stage_game  # noqa: E402
from sim.data.presets import JapanPreset, USPreset, load_preset  # noqa: E402
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path  # noqa: E402
from sim.model.sequential import backward_induction, perfect_bayesian_equilibrium, resolve_game, threat_game

OUT = HERE / "gambit_reference.json"
QRE_LAMBDAS = [0.05, 0.3, 1.0, 3.0, 10.0]


def floats(matrix) -> list[list[float]]:
    return np.asarray(matrix, dtype=float).tolist()


def held_payoffs(game) -> list:
    """Gambit's payoffs of every player and profile, as lists for JSON."""
    return [payoffs.tolist() for payoffs in gambit_arrays(game)]


def profile_record(game, profile) -> dict:
    row_player, col_player = game.players
    return {
        "row": [float(profile[s]) for s in row_player.strategies],
        "col": [float(profile[s]) for s in col_player.strategies],
        "payoffs": [float(profile.payoff(p)) for p in game.players],
    }


def distinct(records: list[dict]) -> list[dict]:
    """Gambit's enummixed may list one equilibrium once per vertex pair: keep one."""
    kept: list[dict] = []
    for record in records:
        if not any(
            np.allclose(record["row"], k["row"], atol=1e-12) and np.allclose(record["col"], k["col"], atol=1e-12)
            for k in kept
        ):
            kept.append(record)
    return kept


def exact_game(A, B):
    """A Gambit table holding the payoffs exactly (floats as their exact rationals)."""
    game = gbt.Game.new_table(list(np.shape(A)))
    row_player, col_player = game.players
    for i, j in np.ndindex(*np.shape(A)):
        game[i, j][row_player] = gbt.Rational(Fraction(float(A[i][j])).numerator, Fraction(float(A[i][j])).denominator)
        game[i, j][col_player] = gbt.Rational(Fraction(float(B[i][j])).numerator, Fraction(float(B[i][j])).denominator)
    return game


def equilibria_entry(name: str, kind: str, A, B, lcp: bool = False) -> dict:
    """Gambit's extreme equilibria of one game.

    Integer games (the classics and the games with ties) and badly scaled games are solved
    in exact rationals. Other games from floats are solved in Gambit's floating point, as
    Gaiatsu does on them: their exact
    rationals can break a tie that round-off made (the scenarios' levels games hold
    near-ties of about 1e-14), and exact arithmetic then answers a different game.
    """
    exact = kind in ("classic", "integers", "badly scaled")
    game = exact_game(A, B) if exact else gbt.Game.from_arrays(np.asarray(A, dtype=float), np.asarray(B, dtype=float))
    found = distinct([profile_record(game, p) for p in gbt.nash.enummixed_solve(game, rational=exact).equilibria])
    entry = {"name": name, "kind": kind, "A": floats(A), "B": floats(B), "enummixed": found}
    if lcp:
        entry["lcp"] = distinct([profile_record(game, p) for p in gbt.nash.lcp_solve(game, rational=exact).equilibria])
    return entry


def badly_scaled_games(seed: int, count: int = 60, big: float = 1e6) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` games, n x n with n in 3..5, uniform [0, 1) payoffs and one payoff ``big``
    (in B for even-numbered games, in A for odd): after mapping a player's payoffs to
    [1, 2] the others differ by ~1e-6, and equilibria can put ~3e-7 on the big payoff."""
    rng = np.random.default_rng(seed)
    games = []
    for k in range(count):
        n = int(rng.integers(3, 6))
        A, B = rng.random((n, n)), rng.random((n, n))
        i, j = rng.integers(0, n, 2)
        (A if k % 2 else B)[i, j] = big
        games.append((A, B))
    return games


def huge_payoff_games(size: int, seed: int, count: int = 20) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` ``size`` x ``size`` games of uniform [0, 1) payoffs with one payoff of 1e6
    (even-numbered games) or 1e9 (odd), in A or B and at a place drawn at random."""
    rng = np.random.default_rng(seed)
    games = []
    for huge in (1e6, 1e9) * (count // 2):
        A, B = rng.random((2, size, size))
        (A, B)[int(rng.integers(2))][tuple(rng.integers(0, size, 2))] = huge
        games.append((A, B))
    return games


def equilibria() -> list[dict]:
    entries = [equilibria_entry(name, "classic", *games) for name, games in CLASSIC.items()]
    entries.append(equilibria_entry("mixed tie (degenerate, no tied pure best response)", "classic", *MIXED_TIE))
    rng = np.random.default_rng(20261130)
    for shape, count in (((2, 2), 20), ((2, 3), 8), ((3, 3), 8), ((3, 4), 5), ((4, 4), 5), ((5, 5), 3), ((6, 6), 2)):
        for k in range(count):
            A, B = np.round(rng.random(shape), 6), np.round(rng.random(shape), 6)
            entries.append(equilibria_entry(f"uniform {shape[0]}x{shape[1]} #{k}", "uniform", A, B, lcp=shape[0] >= 3))
    for shape, count in (((2, 2), 30), ((2, 3), 10), ((3, 3), 15), ((4, 4), 5)):
        for k in range(count):
            A = rng.integers(-3, 4, shape).astype(float)
            B = rng.integers(-3, 4, shape).astype(float)
            entries.append(equilibria_entry(f"integers {shape[0]}x{shape[1]} #{k}", "integers", A, B))
    for k, (A, B) in enumerate(badly_scaled_games(7)):
        entries.append(equilibria_entry(f"badly scaled {len(A)}x{len(A)} seed 7 #{k}", "badly scaled", A, B))
    for size in (4, 5, 6):
        for k, (A, B) in enumerate(huge_payoff_games(size, 600 + size)):
            huge = np.abs(np.stack([A, B])).max()
            entries.append(equilibria_entry(f"huge payoff {huge:.0e} {size}x{size} #{k}", "badly scaled", A, B))
    us = load_preset(USPreset, "trump_2025")
    for name in builtin_scenario_names():
        scenario = load_scenario(resolve_scenario_path(name))
        for leader in ("ishiba", "takaichi"):
            japan = load_preset(JapanPreset, leader)
            for levels in ((2, 2), (3, 5)):
                game = stage_game(scenario, japan, us, *levels)
                entries.append(
                    equilibria_entry(
                        f"{name} japan={leader} {levels[0]}x{levels[1]}",
                        "scenario",
                        game.us_payoffs,
                        game.japan_payoffs,
                    )
                )
    return entries


def qre() -> list[dict]:
    entries = []
    for seed in range(8):
        for shape in ((2, 2), (3, 3), (2, 4)):
            rng = np.random.default_rng(seed)
            if seed % 2:  # small integers: near-degenerate games with sharp turns
                A, B = (rng.integers(-9, 10, size=shape).astype(float) for _ in range(2))
            else:
                A, B = rng.normal(size=shape), rng.normal(size=shape)
            game = gbt.Game.from_arrays(A, B)
            row_player, col_player = game.players
            points = [
                {
                    "lam": float(r.lam),
                    "row": [float(r.profile[s]) for s in row_player.strategies],
                    "col": [float(r.profile[s]) for s in col_player.strategies],
                }
                for r in gbt.qre.logit_solve_lambda(game, lam=QRE_LAMBDAS)
            ]
            entries.append(
                {"name": f"seed {seed} {shape[0]}x{shape[1]}", "A": floats(A), "B": floats(B), "points": points}
            )
    sharp_A = [[7, 5, -5, 7], [-8, -2, -8, -4], [5, -5, 0, 7], [-4, 8, 1, -3]]
    sharp_B = [[2, 7, -3, -2], [-8, -1, -3, 1], [2, -5, -3, -4], [-8, -4, 3, -5]]
    game = gbt.Game.from_arrays(np.array(sharp_A, float), np.array(sharp_B, float))
    row_player, col_player = game.players
    points = [
        {
            "lam": float(r.lam),
            "row": [float(r.profile[s]) for s in row_player.strategies],
            "col": [float(r.profile[s]) for s in col_player.strategies],
        }
        for r in gbt.qre.logit_solve_lambda(game, lam=[0.5, 0.61, 1.0, 2.0])
    ]
    entries.append(
        {"name": "sharp turn near lambda 0.61", "A": floats(sharp_A), "B": floats(sharp_B), "points": points}
    )
    return entries


def gambit_files() -> list[dict]:
    games = {
        "battle of the sexes": CLASSIC["battle of the sexes"],
        "matching pennies": CLASSIC["matching pennies"],
        "degenerate (weak dominance)": CLASSIC["degenerate (weak dominance)"],
        "rock paper scissors": CLASSIC["rock paper scissors"],
        "random integers 3x4": tuple(np.random.default_rng(5).integers(-5, 6, (2, 3, 4))),
        "random halves 4x3": tuple(np.random.default_rng(6).integers(-9, 10, (2, 4, 3)) / 2),
    }
    entries = []
    for name, (A, B) in games.items():
        A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
        for layout, game in (
            ("outcomes", gbt.Game.from_arrays(A, B, title="written by pygambit")),
            ("payoffs", simultaneous_tree(A, B)),
        ):
            text = game.to_nfg()
            read = gbt.read_nfg(io.StringIO(text))
            found = distinct(
                [profile_record(read, p) for p in gbt.nash.enummixed_solve(read, rational=False).equilibria]
            )
            entries.append(
                {"name": name, "layout": layout, "text": text, "payoffs": held_payoffs(read), "enummixed": found}
            )
    tables = gbt.Game.new_table([2, 2], title="null")
    players = list(tables.players)
    tables[0, 0][players[0]] = gbt.Rational(3, 2)
    tables[1, 1][players[1]] = gbt.Rational(-7, 3)
    tables.delete_outcome(tables[0, 1])
    entries.append(
        {
            "name": "null outcome and rationals",
            "layout": "outcomes",
            "text": tables.to_nfg(),
            "payoffs": held_payoffs(tables),
            "enummixed": None,
        }
    )
    three = [np.arange(8).reshape(2, 2, 2) * (k + 1) for k in range(3)]
    entries.append(
        {
            "name": "three players",
            "layout": "outcomes",
            "text": gbt.Game.from_arrays(*three).to_nfg(),
            "payoffs": [a.astype(float).tolist() for a in three],
            "enummixed": None,
        }
    )
    return entries


def our_files() -> list[dict]:
    entries = []
    rng = np.random.default_rng(7)
    for k, (m, n) in enumerate(((1, 1), (2, 2), (2, 3), (3, 2), (4, 4))):
        A = np.round(rng.uniform(-1000, 1000, (m, n)), 6)
        B = np.round(rng.uniform(-1000, 1000, (m, n)), 6)
        labels = ([f"r{i} 'x'" for i in range(m)], [f'c{j}"y"' for j in range(n)])
        text = write_nfg(A, B, f'game "{k}"', labels)
        read = gbt.read_nfg(io.StringIO(text))
        entries.append(
            {
                "kind": "nfg",
                "A": floats(A),
                "B": floats(B),
                "title": f'game "{k}"',
                "labels": labels,
                "text": text,
                "gambit": {
                    "title": read.title,
                    "strategies": [[s.label for s in p.strategies] for p in read.players],
                    "payoffs": held_payoffs(read),
                },
            }
        )
    us = load_preset(USPreset, "trump_2025")
    scenario = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    game = stage_game(scenario, load_preset(JapanPreset, "ishiba"), us)
    A, B = game.us_payoffs, game.japan_payoffs
    for prior in (0.3, 0.6):
        tree = resolve_game(A, B, 0.5 * float(A[1, 1] - A[0, 1]) + 1.0, prior)
        text = write_efg(tree)
        read = gbt.read_efg(io.StringIO(text))
        entries.append(
            {
                "kind": "efg",
                "prior": prior,
                "text": text,
                "gambit": {
                    "title": read.title,
                    "players": [p.label for p in read.players],
                    "infosets": [[i.label for i in p.infosets] for p in read.players],
                    "terminal_payoffs": [[float(leaf.outcome[p]) for p in read.players] for leaf in _leaves(read.root)],
                },
            }
        )
    return entries


def _leaves(node):
    if not node.children:
        yield node
    for child in node.children:
        yield from _leaves(child)


def threat_games() -> list[dict]:
    rng = np.random.default_rng(11)
    entries = []
    paths = {(): "US resolved", ("threaten",): "Japan threatened", ("threaten", "resist"): "US resolved resisted"}
    while len(entries) < 40:
        values = np.round(rng.uniform(0.5, 60, 7), 3).tolist()
        A, B, _ = threat_values_game(values)
        solution = backward_induction(threat_game(A, B).root)
        if solution.ties:
            continue
        behaviour = {
            paths[path]: {
                a: float(a == choice) for a in ("threaten", "no threat", "concede", "resist", "carry out", "back down")
            }
            for path, choice in solution.choices.items()
        }
        profile, infosets = regret_of(threat_game(A, B), behaviour)
        entries.append(
            {
                "values": values,
                "path": list(solution.path),
                "behaviour": behaviour,
                "infoset_regret": {name: float(profile.infoset_regret(infoset)) for name, infoset in infosets.items()},
            }
        )
    return entries


def resolve_games() -> list[dict]:
    rng = np.random.default_rng(12)
    entries = []
    for _ in range(60):
        values = np.round(rng.uniform(0.5, 60, 7), 3).tolist()
        prior = float(rng.integers(1, 1000) / 1000)
        A, B, g = threat_values_game(values)
        eq = perfect_bayesian_equilibrium(A, B, g, prior)
        behaviour = {
            "US resolved": {"threaten": eq.threaten[0], "no threat": 1 - eq.threaten[0]},
            "US bluffing": {"threaten": eq.threaten[1], "no threat": 1 - eq.threaten[1]},
            "Japan threatened": {"concede": eq.concede, "resist": 1 - eq.concede},
            "US resolved resisted": {"carry out": float(eq.carry_out[0]), "back down": 1 - float(eq.carry_out[0])},
            "US bluffing resisted": {"carry out": float(eq.carry_out[1]), "back down": 1 - float(eq.carry_out[1])},
        }
        behaviour = {k: {a: float(p) for a, p in v.items()} for k, v in behaviour.items()}
        profile, infosets = regret_of(resolve_game(A, B, g, prior), behaviour)
        japan = infosets["Japan threatened"]
        reached = float(profile.infoset_prob(japan))
        belief = float(profile.belief(list(japan.members)[0])) if reached > 1e-9 else None
        entries.append(
            {
                "values": values,
                "prior": prior,
                "behaviour": behaviour,
                "belief": None if eq.belief is None else float(eq.belief),
                "gambit_belief": belief,
                "agent_max_regret": float(profile.agent_max_regret()),
            }
        )
    return entries


def main() -> None:
    reference = {
        "pygambit_version": gbt.__version__,
        "python": platform.python_version(),
        "made_by": "tests/reference/make_gambit_reference.py",
        "equilibria": equilibria(),
        "qre": qre(),
        "gambit_files": gambit_files(),
        "our_files": our_files(),
        "threat_games": threat_games(),
        "resolve_games": resolve_games(),
    }
    OUT.write_text(json.dumps(reference, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: " + ", ".join(f"{len(v)} {k}" for k, v in reference.items() if isinstance(v, list)))


if __name__ == "__main__":
    main()
