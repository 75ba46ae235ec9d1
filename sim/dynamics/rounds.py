"""The repeated game of one run: the presets' strategies over many rounds, and a tournament.

The US preset's strategy (rows) meets the Japan preset's (columns) in ``matches``
matches of ``turns`` rounds of the stage game with execution noise, all simulated at once
(:func:`sim.dynamics.repeated.play_matches`). A small tournament then plays every two-action
strategy for Japan against the US preset's strategy, and the folk-theorem thresholds say
how patient both sides must be to sustain (refrain, concede) as the cooperative outcome
(:func:`sim.dynamics.folk_theorem.critical_discount_factor`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.dynamics.folk_theorem import critical_discount_factor, payoff_region
from sim.dynamics.repeated import play_matches
from sim.dynamics.tournament import tournament

#: Japan's strategies in the tournament (two-action classics and coercion rules).
TOURNAMENT_STRATEGIES = (
    "always_cooperate",
    "always_defect",
    "tit_for_tat",
    "grim_trigger",
    "win_stay_lose_shift",
    "alternator",
    "suspicious_tit_for_tat",
    "tit_for_two_tats",
    "generous_tit_for_tat",
    "incremental_concession",
)


@dataclass(frozen=True)
class RepeatedAnalysis:
    """The presets' repeated play and Japan's tournament against the US preset.

    ``cumulative`` holds ``(round, US mean cumulative payoff, Japan mean cumulative
    payoff)``; ``cooperation`` the share of rounds at (refrain, concede); ``tournament``
    holds ``(Japan strategy, Japan mean per round, US mean per round)``, best for Japan
    first; thresholds are None where no discount factor below 1 sustains cooperation.
    ``feasible`` and ``individually_rational`` are the vertices (US, Japan) of the stage
    game's feasible payoffs and of their part above both minmax values ``minmax``
    (Fudenberg and Maskin 1986); ``average`` is the presets' mean payoff per round.
    """

    us_strategy: str
    japan_strategy: str
    turns: int
    matches: int
    noise: float
    cumulative: tuple[tuple[float, float, float], ...]
    cooperation: float
    tournament: tuple[tuple[str, float, float], ...]
    grim_trigger_threshold: float | None
    tit_for_tat_threshold: float | None
    feasible: tuple[tuple[float, float], ...] = ()
    individually_rational: tuple[tuple[float, float], ...] = ()
    minmax: tuple[float, float] = (0.0, 0.0)
    average: tuple[float, float] = (0.0, 0.0)


def analyse_repeated(
    A: np.ndarray,
    B: np.ndarray,
    us_strategy: str,
    japan_strategy: str,
    rng: np.random.Generator,
    turns: int = 50,
    matches: int = 2000,
    noise: float = 0.05,
) -> RepeatedAnalysis:
    """Play the presets' strategies and the tournament on the stage game ``(A, B)``."""
    played = play_matches(us_strategy, japan_strategy, A, B, turns, matches, noise, rng)
    us_round = np.asarray(A)[played.row_actions, played.col_actions].mean(axis=0)
    japan_round = np.asarray(B)[played.row_actions, played.col_actions].mean(axis=0)
    cumulative = tuple(
        (float(t + 1), float(u), float(j)) for t, (u, j) in enumerate(zip(np.cumsum(us_round), np.cumsum(japan_round)))
    )
    cooperation = float(((played.row_actions == 0) & (played.col_actions == 0)).mean())
    table = tournament(
        [us_strategy], A, B, turns, max(matches // 10, 2), noise, rng, col_strategies=TOURNAMENT_STRATEGIES
    )
    ranked = sorted(
        (
            (name, float(table.mean_scores[1, 0, k]) / turns, float(table.mean_scores[0, 0, k]) / turns)
            for k, name in enumerate(table.col_names)
        ),
        key=lambda row: (-row[1], row[0]),
    )
    region = payoff_region(A, B)
    return RepeatedAnalysis(
        us_strategy,
        japan_strategy,
        turns,
        matches,
        noise,
        cumulative,
        cooperation,
        tuple(ranked),
        _finite(critical_discount_factor(A, B, "grim_trigger")),
        _finite(critical_discount_factor(A, B, "tit_for_tat")),
        _points(region.feasible),
        _points(region.individually_rational),
        (float(region.minmax[0]), float(region.minmax[1])),
        (cumulative[-1][1] / turns, cumulative[-1][2] / turns),
    )


def _points(vertices: np.ndarray) -> tuple[tuple[float, float], ...]:
    return tuple((float(u), float(v)) for u, v in np.asarray(vertices).reshape(-1, 2))


def _finite(value: float) -> float | None:
    return None if math.isinf(value) or math.isnan(value) else float(value)
