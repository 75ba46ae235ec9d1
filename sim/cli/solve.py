"""``python -m sim.solve GAME.nfg``: equilibria of a 2-player Gambit strategic-form file.

Reads either layout Gambit writes (payoff list or outcome list, see
:mod:`sim.io.gambit_io`). Without options it prints the payoff table and every extreme
Nash equilibrium (:func:`sim.solve.solvers.solve_game` with complete vertex enumeration by
default, each equilibrium checked as a mutual best response, duplicates removed;
``--method lemke_howson`` is faster on large games but may find only some, and says so). ``--qre LAMBDA`` prints
the logit quantal response equilibrium at precision ``LAMBDA`` on the principal branch
instead (:func:`sim.solve.qre.logit_qre`). ``--json`` prints one line of JSON:

* ``{"equilibria": [{"strategies": [[row probs], [col probs]], "payoffs": [u1, u2]}, ...],
  "method": ..., "complete": true}``
* ``{"qre": {"lambda": L, "strategies": [[row probs], [col probs]]}}`` with ``--qre``.

A missing or malformed file, or a game that is not 2-player, prints one line
``error: ...`` and exits 2 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from sim.solve.budgets import OverBudget
from sim.cli.arguments import ArgumentParser, number_argument, run_cli
from sim.base.errors import UserError
from sim.base.escaping import terminal_text
from sim.io.gambit_io import StrategicGame, read_nfg_file
from sim.solve.qre import logit_qre
from sim.solve.solvers import Equilibrium, IncompleteEnumeration, solve_game


def precision(text: str) -> float:
    """The ``--qre`` value: a finite number >= 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"expected a finite number >= 0, found {text!r}")
    return value


def arguments() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="python -m sim.solve", description=__doc__.split("\n")[0])
    parser.add_argument("game", type=Path, help="a 2-player Gambit strategic-form (.nfg) file")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument(
        "--qre", type=precision, metavar="LAMBDA", help="the logit QRE at this precision instead of Nash equilibria"
    )
    parser.add_argument(
        "--method",
        choices=("vertex", "auto", "lemke_howson"),
        default="vertex",
        help="vertex enumeration finds every extreme "
        "equilibrium or refuses a game beyond its work budget (default); "
        "lemke_howson is faster on large games but may find only some; auto "
        "enumerates within the budget and follows paths beyond",
    )
    parser.add_argument(
        "--work-budget",
        type=number_argument(1, 1e6, "a multiplier from 1 to 1e6"),
        default=1.0,
        metavar="K",
        help="multiply the work budgets of the methods (largest game, QRE lambda) by K (default 1)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    return parser


def main(argv: list[str]) -> int:
    options = arguments().parse_args(argv)
    game = read_nfg_file(options.game)
    A, B = game.bimatrix()
    with solver_errors(options):
        return _solve_and_print(options, game, A, B)


@contextmanager
def solver_errors(options):
    """A game the solvers refuse (over budget, unrepresentable) as one UserError line."""
    try:
        yield
    except OverBudget as error:
        hint = (
            "--method lemke_howson finds some equilibria of larger games; "
            if options.qre is None and options.method != "lemke_howson"
            else ""
        )
        raise UserError(
            options.game,
            None,
            "a game within the work budget",
            f"<{error}>",
            hint=hint + "--work-budget K multiplies every budget by K",
        ) from None
    except (ValueError, ArithmeticError, RuntimeError) as error:
        raise UserError(options.game, None, "a game the solvers can represent", f"<{error}>") from None


def _solve_and_print(options, game: StrategicGame, A, B) -> int:
    if options.qre is None:
        with warnings.catch_warnings():  # said in the output instead (``note``)
            warnings.simplefilter("ignore", IncompleteEnumeration)
            solved = solve_game(A, B, method=options.method, budget=options.work_budget)
        if not solved.equilibria:
            raise UserError(
                options.game,
                None,
                "a game whose Lemke-Howson paths end within the pivot cap",
                f"<{solved.capped_paths} capped paths and no equilibrium>",
                hint="--method vertex finds every equilibrium",
            )
        print(
            json.dumps(
                equilibria_json(solved.equilibria)
                | {"method": solved.method, "complete": solved.complete}
                | ({"interrupted": True} if solved.interrupted else {})
                | ({"note": solved.note} if not solved.complete and solved.note else {})
            )
            if options.json
            else terminal_text(
                payoff_table(game)
                + "\n\n"
                + equilibria_table(game, solved.equilibria)
                + (
                    ""
                    if solved.complete
                    else f"\n(found by {solved.method}"
                    + (", interrupted by Ctrl-C" if solved.interrupted else "")
                    + ": there may be more equilibria"
                    + (f"; {solved.note}" if solved.note else "")
                    + ")"
                )
            )
        )
    else:
        row, col = logit_qre(A, B, options.qre, budget=options.work_budget)
        print(
            json.dumps(qre_json(options.qre, row, col))
            if options.json
            else terminal_text(payoff_table(game) + "\n\n" + qre_table(game, options.qre, row, col))
        )
    return 0


def equilibria_json(equilibria: tuple[Equilibrium, ...]) -> dict:
    """The contract's ``{"equilibria": [{"strategies": ..., "payoffs": ...}]}``."""
    return {
        "equilibria": [
            {
                "strategies": [list(map(float, e.row_strategy)), list(map(float, e.col_strategy))],
                "payoffs": [float(e.row_payoff), float(e.col_payoff)],
            }
            for e in equilibria
        ]
    }


def qre_json(lam: float, row: np.ndarray, col: np.ndarray) -> dict:
    """The contract's ``{"qre": {"lambda": L, "strategies": [[...], [...]]}}``."""
    return {"qre": {"lambda": float(lam), "strategies": [row.tolist(), col.tolist()]}}


def payoff_table(game: StrategicGame) -> str:
    """The title and the payoff matrix, one cell ``row payoff, column payoff``."""
    (rows, cols), (A, B) = _labels(game), game.bimatrix()
    names = _players(game)
    scale = payoff_scale(A, B)
    cells = [
        [f"{readable(A[i, j], scale)}, {readable(B[i, j], scale)}" for j in range(len(cols))] for i in range(len(rows))
    ]
    head = [f"{names[1]}: {label}" for label in cols]
    width = max(len(text) for text in head + [c for line in cells for c in line])
    first = max(len(f"{names[0]}: {label}") for label in rows)
    lines = [
        f"{game.title or 'Untitled game'} ({game.source}): {len(rows)} x {len(cols)}, payoffs ({names[0]}, {names[1]})",
        " " * first + "".join(f"  {text:>{width}}" for text in head),
    ]
    lines += [
        f"{names[0] + ': ' + label:<{first}}" + "".join(f"  {c:>{width}}" for c in line)
        for label, line in zip(rows, cells)
    ]
    return "\n".join(lines)


def equilibria_table(game: StrategicGame, equilibria: tuple[Equilibrium, ...]) -> str:
    """Each equilibrium: every strategy's probability and each player's payoff."""
    lines = [f"Nash equilibria (extreme points): {len(equilibria)}"]
    for number, e in enumerate(equilibria, 1):
        kind = "pure" if e.is_pure else "mixed"
        lines.append(f"  #{number} ({kind})")
        lines += _strategy_lines(game, (e.row_strategy, e.col_strategy), (e.row_payoff, e.col_payoff))
    return "\n".join(lines)


def qre_table(game: StrategicGame, lam: float, row: np.ndarray, col: np.ndarray) -> str:
    """The QRE's probabilities and each player's expected payoff."""
    A, B = game.bimatrix()
    lines = [f"Logit quantal response equilibrium at lambda = {lam:g} (principal branch)"]
    return "\n".join(lines + _strategy_lines(game, (row, col), (row @ A @ col, row @ B @ col)))


ZERO = 1e-9  # relative to the game's largest payoff: below this a printed number is 0


def payoff_scale(A: np.ndarray, B: np.ndarray) -> float:
    """The size of the game's payoffs (at least 1): what round-off is measured against."""
    return max(1.0, float(np.abs(A).max(initial=0.0)), float(np.abs(B).max(initial=0.0)))


def readable(value: float, scale: float = 1.0) -> str:
    """A payoff for people: 6 significant digits; round-off near zero prints as 0.

    >>> readable(3.08e-33), readable(-10.325), readable(0.49999999999999994)
    ('0', '-10.325', '0.5')
    """
    return "0" if abs(value) <= ZERO * scale else f"{value:.6g}"


def probability_text(p: float) -> str:
    """A probability to 4 decimals; exact (or round-off) 0 and 1 print as 0 and 1.

    >>> probability_text(0.0), probability_text(0.9999999999999999), probability_text(0.43988)
    ('0', '1', '0.4399')
    """
    if abs(p) <= ZERO:
        return "0"
    return "1" if abs(1 - p) <= ZERO else f"{p:.4f}"


def _strategy_lines(game: StrategicGame, strategies, payoffs) -> list[str]:
    names, labels = _players(game), _labels(game)
    name_width = max(len(name) for name in names)
    label_width = max(len(label) for group in labels for label in group)
    scale = payoff_scale(*game.bimatrix())
    lines = []
    for name, group, probabilities, payoff in zip(names, labels, strategies, payoffs):
        mix = "  ".join(
            f"{label + ':':>{label_width + 1}} {probability_text(p):<6}" for label, p in zip(group, probabilities)
        )
        lines.append(f"    {name:<{name_width}}  {mix}  payoff {readable(payoff, scale)}")
    return lines


def _players(game: StrategicGame) -> tuple[str, str]:
    """Player names; Gambit's default names "1", "2" become "player 1", "player 2"."""
    return tuple(name if name and not name.isdigit() else f"player {k + 1}" for k, name in enumerate(game.players))


def _labels(game: StrategicGame) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(label or str(k + 1) for k, label in enumerate(group)) for group in game.strategies)


if __name__ == "__main__":
    sys.exit(run_cli(main))
