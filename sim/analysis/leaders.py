"""A controlled leader comparison: every scenario under every Japan preset, and what each
preset parameter alone does to the outcome.

The default comparison pairs each leader with her or his own scenarios, so a difference
between the leaders' runs mixes the leader with the situation. Here every scenario is
solved under every Japan preset (same facts, same US preset), and for each numeric
parameter on which two presets differ, the first preset is given the second one's value of
that parameter alone: the change in the outcome is that parameter's part of the leader
effect. Outcomes: the static game's equilibrium, Japan's margin of resisting over
conceding under tariffs, its probability of conceding to a threat (perfect Bayesian
equilibrium at the US preset's prior) and the bargained concession (Rubinstein).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields, replace

import numpy as np

from sim.analysis.deal import analyse_deal
from sim.model.payoffs import model_parameters, stage_game
from sim.data.presets import JapanPreset, USPreset
from sim.data.scenario import Scenario
from sim.model.sequential import perfect_bayesian_equilibrium
from sim.solve.outcome_classes import OUTCOME_WORDS, outcome_class
from sim.solve.engine2x2 import equilibria_2x2


@dataclass(frozen=True)
class LeaderOutcome:
    """One scenario under one Japan preset (``changed`` names a swapped parameter, if any)."""

    scenario: str
    scenario_title: str
    japan: str
    changed: str
    value: float | None
    equilibrium: str
    margin: float
    concede: float
    deal: float | None


def outcome(
    scenario: Scenario, japan: JapanPreset, us: USPreset, changed: str = "", curvature: float = 1.0
) -> LeaderOutcome:
    """Solve the stage game, the threat game's PBE and the deal of one scenario and preset."""
    game = stage_game(scenario, japan, us)
    A, B = game.us_payoffs, game.japan_payoffs
    code = int(outcome_class(equilibria_2x2(A[None], B[None]))[0])
    pbe = perfect_bayesian_equilibrium(A, B, game.terms["tariff_value_to_us"], us.resolve_prior)
    params = model_parameters(scenario, japan, us)
    deal = analyse_deal(
        A,
        B,
        game.terms,
        params["approval"],
        params["public_support_for_resisting"],
        japan.patience,
        us.patience,
        curvature,
        curve_points=2,
    )
    return LeaderOutcome(
        scenario.name,
        scenario.title,
        japan.name,
        changed,
        float(getattr(japan, changed)) if changed else None,
        OUTCOME_WORDS[code],
        float(B[1, 1] - B[1, 0]),
        float(pbe.concede),
        float(deal.rubinstein.concession) if deal.rubinstein else None,
    )


def differing(first: JapanPreset, second: JapanPreset) -> list[str]:
    """The numeric parameters on which two presets differ, in field order."""
    return [
        f.name
        for f in fields(JapanPreset)
        if isinstance(getattr(first, f.name), float) and not np.isclose(getattr(first, f.name), getattr(second, f.name))
    ]


def leader_comparison(
    scenarios: list[Scenario], presets: list[JapanPreset], us: USPreset, curvature: float = 1.0
) -> tuple[LeaderOutcome, ...]:
    """Every scenario under every preset, then the first preset with each differing
    parameter of every other preset swapped in alone."""
    rows = [outcome(s, japan, us, curvature=curvature) for s in scenarios for japan in presets]
    base = presets[0]
    for other in presets[1:]:
        for name in differing(base, other):
            variant = replace(base, **{name: getattr(other, name)})
            rows += [outcome(s, variant, us, name, curvature) for s in scenarios]
    return tuple(rows)


def leader_table(rows: tuple[LeaderOutcome, ...]) -> str:
    """The comparison as CSV text, one row per scenario and preset (or swapped parameter)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f.name for f in fields(LeaderOutcome)]
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            [
                ""
                if getattr(row, n) is None
                else (f"{getattr(row, n):.6g}" if isinstance(getattr(row, n), float) else getattr(row, n))
                for n in names
            ]
        )
    return buffer.getvalue()
