"""Work budgets: the largest size of every computation a user can ask for, and why.

A small input can ask for unbounded work: a 12x12 game for vertex enumeration, a QRE at
``lambda = 1e12``, a map of a million points a side. Each such size has a budget here,
measured on one core, so that what is asked finishes in about a minute or less; beyond
it the command refuses at once, saying what the size is, why it is bounded and which
option raises the bound (``--work-budget K`` on the commands, ``work_budget=K`` for
``python -m sim``: every budget times ``K``).

>>> check_game_work((15, 15), "vertex")
>>> check_game_work((17, 17), "vertex")
Traceback (most recent call last):
...
sim.solve.budgets.OverBudget: vertex enumeration of a 17x17 game: a best-response polytope may have up to 2,163,150 vertices (upper bound theorem), over the budget of 1,000,000 (15x15: at most 341,088; random 15x15 games have about 75,000, found in about 1 s)
"""

from __future__ import annotations

import math

from sim.solve.polytopes import max_vertices

#: Vertex enumeration of non-degenerate games finds each vertex of the two best-response
#: polytopes once; the upper bound theorem caps their number (``sim.solve.polytopes.max_vertices``):
#: 341,088 at 15x15, 980,628 at 16x16. Random 15x15 games have about 75,000 per polytope,
#: found in about 1 s (``benchmarks/bench_solvers.py``).
VERTEX_COUNT = 1_000_000
#: Degenerate games have each vertex found once where Qhull (or one batch of every basis)
#: can vouch for the answer: 10x10 games of integer payoffs in [-3, 3] in about 18 ms
#: (Part D of ``benchmarks/bench_solvers.py``). Elsewhere every basis is tried,
#: ``comb(m + n, m)`` small systems per player: 184,756 at 10x10 take 0.7 s, 705,432 at
#: 11x11 2.4 s. The budget bounds that worst case.
VERTEX_SYSTEMS = 1_000_000
#: Badly scaled games (:mod:`sim.solve.scaling`) are enumerated basis by basis in exact
#: integer arithmetic (:mod:`sim.solve.exact_vertices`), ``comb(m + n, m)`` systems per
#: player, each ~40 us: 12,870 at 8x8 take 0.6 s, 48,620 at 9x9 3.5 s.
EXACT_VERTEX_SYSTEMS = 50_000
#: Support enumeration tries ``(2^m - 1)(2^n - 1)`` support pairs: about 10x10.
SUPPORT_PAIRS = 1_000_000
#: Lemke–Howson pivots exact integer tableaux of ``(m + n)^2`` entries from ``m + n``
#: labels, so its work grows as ``(m + n)^3`` at least: 40x40 (512,000) takes 3.5 s.
LEMKE_HOWSON_CUBE = 1_000_000
#: The logit QRE path needs more steps the larger ``lambda`` times the payoff range:
#: 1e6 takes 0.3 s on a random 3x3 game, 1e7 six seconds, and 1e8 does not finish.
QRE_SCALED_LAMBDA = 1e7
#: Each QRE step solves a dense ``(m + n + 1)``-square Newton system.
QRE_STRATEGIES = 1_000


class OverBudget(ValueError):
    """A computation larger than its work budget; the message says what and why."""


def check_game_work(shape: tuple[int, int], method: str, budget: float = 1.0) -> None:
    """Refuse (``OverBudget``) solving an ``m x n`` game by ``method`` beyond the budget."""
    m, n = shape
    if method == "vertex":
        most = max(max_vertices(m, m + n), max_vertices(n, m + n)) if m + n <= 400 else math.inf
        if most > VERTEX_COUNT * budget:
            count = f"{most:,}" if most < 10**30 else "more than 10^30"
            raise OverBudget(
                f"vertex enumeration of a {m}x{n} game: a best-response polytope may have "
                f"up to {count} vertices (upper bound theorem), over the budget of "
                f"{VERTEX_COUNT * budget:,.0f} (15x15: at most 341,088; random 15x15 games "
                "have about 75,000, found in about 1 s)"
            )
    if method == "support":
        pairs = (2**m - 1) * (2**n - 1) if m + n <= 200 else math.inf
        if pairs > SUPPORT_PAIRS * budget:
            count = f"{pairs:,}" if pairs < 10**30 else f"about 2^{m + n}"
            raise OverBudget(
                f"support enumeration of a {m}x{n} game tries {count} support "
                f"pairs, over the budget of {SUPPORT_PAIRS * budget:,.0f}"
            )
    if method == "lemke_howson":
        cube = (m + n) ** 3
        if cube > LEMKE_HOWSON_CUBE * budget:
            raise OverBudget(
                f"Lemke-Howson on a {m}x{n} game pivots exact tableaux of {(m + n) ** 2:,} "
                f"entries from {m + n} labels (work ~ (m+n)^3 = {cube:,}), over the budget "
                f"of {LEMKE_HOWSON_CUBE * budget:,.0f} (40x40: 512,000 in about 3.5 s)"
            )


def within_game_work(shape: tuple[int, int], method: str, budget: float = 1.0) -> bool:
    """True when :func:`check_game_work` lets ``method`` solve an ``m x n`` game."""
    try:
        check_game_work(shape, method, budget)
    except OverBudget:
        return False
    return True


def check_exhaustive_vertex_work(shape: tuple[int, int], budget: float = 1.0) -> None:
    """Refuse (``OverBudget``) enumerating a degenerate game's bases beyond the budget.

    Ties make a best-response polytope degenerate (a vertex on more facets than its
    dimension); then, as when Qhull cannot vouch for the vertices it found (near-ties,
    more than ``sim.solve.solvers.HULL_MAX_DIM`` strategies), every one of the
    ``comb(m + n, m)`` bases is tried.
    """
    m, n = shape
    systems, count = _all_bases(shape)
    if systems > VERTEX_SYSTEMS * budget:
        raise OverBudget(
            f"the {m}x{n} game is degenerate (ties: a mixed strategy with more pure best "
            "responses than strategies it plays) or numerically delicate, so complete vertex "
            f"enumeration solves all comb({m + n}, {m}) = {count} linear systems per player, "
            "over the budget of "
            f"{VERTEX_SYSTEMS * budget:,.0f} (11x11: 705,432 in about 2.5 s)"
        )


def check_exact_vertex_work(shape: tuple[int, int], budget: float = 1.0) -> None:
    """Refuse (``OverBudget``) exact vertex enumeration of an ``m x n`` game beyond the budget.

    >>> check_exact_vertex_work((9, 9))
    >>> check_exact_vertex_work((10, 10))
    Traceback (most recent call last):
    ...
    sim.solve.budgets.OverBudget: exact vertex enumeration of a 10x10 game solves all comb(20, 10) = 184,756 integer systems per player, over the budget of 50,000 (9x9: 48,620 in about 3.5 s)
    """
    m, n = shape
    systems, count = _all_bases(shape)
    if systems > EXACT_VERTEX_SYSTEMS * budget:
        raise OverBudget(
            f"exact vertex enumeration of a {m}x{n} game solves all comb({m + n}, {m}) = {count} "
            f"integer systems per player, over the budget of {EXACT_VERTEX_SYSTEMS * budget:,.0f} "
            "(9x9: 48,620 in about 3.5 s)"
        )


def _all_bases(shape: tuple[int, int]) -> tuple[float, str]:
    """How many bases an ``m x n`` game's polytope has, ``comb(m + n, m)``, and that in words."""
    m, n = shape
    systems = math.comb(m + n, m) if min(m, n) < 500 else math.inf
    return systems, f"{systems:,}" if systems < 10**30 else "more than 10^30"


def check_qre_work(shape: tuple[int, int], scaled_lambda: float, budget: float = 1.0) -> None:
    """Refuse (``OverBudget``) a logit QRE path beyond the budget."""
    m, n = shape
    if m + n > QRE_STRATEGIES * budget:
        raise OverBudget(
            f"the logit QRE of a {m}x{n} game solves dense systems of "
            f"{m + n + 1} unknowns per step, over the budget of "
            f"{QRE_STRATEGIES * budget:,.0f} strategies in all"
        )
    if not scaled_lambda <= QRE_SCALED_LAMBDA * budget:
        raise OverBudget(
            f"lambda times the payoff range is {scaled_lambda:.3g}, over the "
            f"budget of {QRE_SCALED_LAMBDA * budget:.3g} (the QRE path takes "
            "more steps the larger it is: 1e7 takes seconds, 1e8 does not end)"
        )


#: Model options (``model.NAME``): the largest value, and what grows with it. The default
#: run uses 151, 2001, 101, 3 x 5, 50 x 2000; each bound is far above.
MODEL_LIMITS = {
    "us_levels": (
        20,
        "the concession-levels game is us_levels x japan_levels, solved exactly (work ~ (us_levels + japan_levels)^3)",
    ),
    "japan_levels": (
        20,
        "the concession-levels game is us_levels x japan_levels, solved exactly (work ~ (us_levels + japan_levels)^3)",
    ),
    "tipping_grid": (1_000_000, "each fact's tipping-point scan solves tipping_grid games"),
    "prior_grid": (100_000, "the threat game is solved at prior_grid priors"),
    "map_points": (1_001, "each run's equilibrium map solves map_points^2 games"),
    "repeated_turns": (10_000, "each match plays repeated_turns rounds"),
    "repeated_matches": (1_000_000, "the tournament simulates repeated_matches matches"),
    "frontier_curvature": (100.0, "u_US(c) raises (1 - c) to this power"),
}
#: The repeated game simulates turns x matches moves per strategy pair.
REPEATED_MOVES = 10_000_000
#: A named sweep: points per axis, grid points in all (24 million took 87 s and 1.5 GB
#: in an outside test) and points per chunk (held in memory at once).
SWEEP_AXIS_POINTS = 100_000
SWEEP_TOTAL_POINTS = 100_000_000
SWEEP_CHUNK_POINTS = 5_000_000
#: How every bound is raised, for the Hydra app's messages.
RAISE_WITH = "model.work_budget=K multiplies every bound by K"


def model_limit(name: str, budget: float = 1.0) -> tuple[float, str] | None:
    """(largest value, reason) of the model option ``name``, or None if it has no bound."""
    if name not in MODEL_LIMITS:
        return None
    limit, reason = MODEL_LIMITS[name]
    return (int(limit * budget) if isinstance(limit, int) else limit * budget), reason


def check_sweep_work(
    x_points: int, y_points: int, chunk_points: int, runs: int, budget: float = 1.0
) -> tuple[str, int, str] | None:
    """The first sweep size over its budget as ``(option, limit, reason)``, else None."""
    for option, value, limit, reason in (
        ("sweep.x_points", x_points, SWEEP_AXIS_POINTS, "points of the x axis"),
        ("sweep.y_points", y_points, SWEEP_AXIS_POINTS, "points of the y axis"),
        ("sweep.chunk_points", chunk_points, SWEEP_CHUNK_POINTS, "a chunk's grid points are held in memory at once"),
        (
            "sweep.x_points",
            x_points * y_points * runs,
            SWEEP_TOTAL_POINTS,
            f"x_points x y_points x {runs} runs grid points in all (24 million took 87 s)",
        ),
    ):
        if value > limit * budget:
            return option, int(limit * budget), reason
    return None
