"""The stage game's 2x2 bimatrix as a report table: each payoff linked to the terms that make
it, pure equilibria starred. Shared by the seminar report, the handout and the slides."""

from __future__ import annotations

from sim.io.records import RunResult
from sim.model.payoffs import CELL_FORMULAS, JAPAN_ACTIONS, US_ACTIONS
from sim.report.document import Ref, Table


def matrix_table(result: RunResult, stars: bool = True) -> Table:
    """The 2x2 bimatrix; each payoff linked to the terms that make it; pure equilibria
    starred (``stars=False``: unmarked, for an exercise)."""
    pure = {
        (eq.row_strategy.index(1.0), eq.col_strategy.index(1.0)) for eq in result.equilibria if eq.is_pure and stars
    }
    rows = []
    for i, action in enumerate(US_ACTIONS):
        cells = []
        for j in range(len(JAPAN_ACTIONS)):
            us, japan = CELL_FORMULAS[(i, j)]
            target = f"terms-{result.label}"
            cells.append(
                (
                    "US ",
                    Ref(f"{result.us_payoffs[i][j]:.1f}", target, f"US: {us}"),
                    ", Japan ",
                    Ref(f"{result.japan_payoffs[i][j]:.1f}", target, f"Japan: {japan}"),
                    " \u2605" if (i, j) in pure else "",
                )
            )
        rows.append(((f"US {action}",), *cells))
    return Table(
        ("\u2605 equilibrium" if stars else "", *(f"Japan {a}" for a in JAPAN_ACTIONS)),
        tuple(rows),
        (f"matrix-{result.label}",),
        css="matrix",
    )
