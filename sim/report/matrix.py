"""The stage game's 2x2 bimatrix as a report table: each payoff linked to the terms that make
it, pure equilibria starred. Shared by the seminar report, the handout and the slides."""

from __future__ import annotations

from sim.io.records import RunResult
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.report.document import Ref, Table


#: The cell formulas of the 2x2 game (sim.model.payoffs), US first.
CELL_FORMULAS = {(0, 0): ("V", "-(K+D)"), (0, 1): ("-P", "-L"),
                 (1, 0): ("V+G-(1-r)H", "-(K+D)-loss((1-r)T)"), (1, 1): ("G-H", "-L-loss(T)")}


def matrix_table(result: RunResult, stars: bool = True) -> Table:
    """The 2x2 bimatrix; each payoff linked to the terms that make it; pure equilibria
    starred (``stars=False``: unmarked, for an exercise)."""
    pure = {(eq.row_strategy.index(1.0), eq.col_strategy.index(1.0))
            for eq in result.equilibria if eq.is_pure and stars}
    rows = []
    for i, action in enumerate(US_ACTIONS):
        cells = []
        for j in range(len(JAPAN_ACTIONS)):
            us, japan = CELL_FORMULAS[(i, j)]
            target = f"terms-{result.label}"
            cells.append(("US ", Ref(f"{result.us_payoffs[i][j]:.1f}", target, f"US: {us}"),
                          ", Japan ", Ref(f"{result.japan_payoffs[i][j]:.1f}", target,
                                          f"Japan: {japan}"),
                          " \u2605" if (i, j) in pure else ""))
        rows.append(((f"US {action}",), *cells))
    return Table(("\u2605 equilibrium" if stars else "", *(f"Japan {a}" for a in JAPAN_ACTIONS)), tuple(rows),
                 (f"matrix-{result.label}",), css="matrix")
