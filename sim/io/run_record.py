"""One run's record: every analysis of a scenario under two presets, as a :class:`RunResult`.

:func:`simulate` builds and solves the stage game, the concession-levels game, the threat
game, the two-level deal, bargaining, tipping points, the equilibrium map, the repeated
game and the sanction record's outlook, and gathers them with the facts and sources they
came from. It writes nothing: the main job (:mod:`sim.cli.pipeline`) writes the records,
and notebooks reach it through :meth:`sim.facade.Run.result`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.deal import analyse_deal
from sim.analysis.maps import equilibrium_map
from sim.analysis.tipping import tipping_points
from sim.data.presets import JapanPreset, USPreset
from sim.data.quantity import Quantity
from sim.data.scenario import Scenario
from sim.dynamics.rounds import analyse_repeated
from sim.estimate.bridge import record_outlook
from sim.io.records import FactRecord, GameResult, RunResult, SourceRecord
from sim.model.payoffs import model_parameters, stage_game
from sim.model.ratification import optimal_demand
from sim.model.sequential import analyse_threat, outcome_after_resistance
from sim.solve.solvers import is_degenerate, nash_equilibria, solve_game


@dataclass(frozen=True)
class ModelSettings:
    """Model options: the size of the concession-levels game and of the numeric grids."""

    us_levels: int = 3
    japan_levels: int = 5
    tipping_grid: int = 2001
    prior_grid: int = 101
    frontier_curvature: float = 1.0
    map_x: str = "auto_tariff_rate"
    map_y: str = "approval"
    map_points: int = 151
    repeated_turns: int = 50
    repeated_matches: int = 2000
    repeated_noise: float = 0.05
    work_budget: float = 1.0  # multiplies every bound of sim.solve.budgets (not an output)


def simulate(
    scenario: Scenario,
    japan: JapanPreset,
    us: USPreset,
    model: ModelSettings = ModelSettings(),
    rng: np.random.Generator | None = None,
) -> RunResult:
    """Build and solve every game of one scenario under two presets.

    ``rng`` drives the repeated game's noise; by default a generator seeded with 0.
    """
    rng = np.random.default_rng(0) if rng is None else rng
    game = stage_game(scenario, japan, us)
    A, B = game.us_payoffs, game.japan_payoffs
    params = model_parameters(scenario, japan, us)
    solved = solve_game(A, B)  # equilibria and degeneracy in one enumeration
    return RunResult(
        scenario=scenario.name,
        scenario_title=scenario.title,
        scenario_date=scenario.date,
        japan=japan.name,
        japan_label=japan.label,
        us=us.name,
        us_label=us.label,
        us_payoffs=tuple(map(tuple, A.tolist())),
        japan_payoffs=tuple(map(tuple, B.tolist())),
        terms=dict(game.terms),
        equilibria=solved.equilibria,
        degenerate=bool(solved.degenerate) if solved.degenerate is not None else is_degenerate(A, B),
        facts=_fact_records(scenario, japan, us),
        sources=_source_records(scenario, japan, us),
        levels=_levels_game(scenario, japan, us, model),
        sequential=analyse_threat(A, B, game.terms["tariff_value_to_us"], us.resolve_prior, model.prior_grid),
        two_level=optimal_demand(
            game.terms, params["approval"], params["public_support_for_resisting"], *outcome_after_resistance(A, B)
        ),
        deal=analyse_deal(
            A,
            B,
            game.terms,
            params["approval"],
            params["public_support_for_resisting"],
            japan.patience,
            us.patience,
            model.frontier_curvature,
        ),
        tipping_points=tuple(tipping_points(params, grid_points=model.tipping_grid)),
        equilibrium_map=equilibrium_map(params, model.map_x, model.map_y, model.map_points),
        repeated=analyse_repeated(
            A,
            B,
            us.repeated_strategy,
            japan.repeated_strategy,
            rng,
            model.repeated_turns,
            model.repeated_matches,
            model.repeated_noise,
        ),
        record=record_outlook(scenario),
    )


def _levels_game(scenario: Scenario, japan: JapanPreset, us: USPreset, model: ModelSettings) -> GameResult:
    game = stage_game(scenario, japan, us, model.us_levels, model.japan_levels)
    A, B = game.us_payoffs, game.japan_payoffs
    return GameResult(
        game.labels[0],
        game.labels[1],
        tuple(map(tuple, A.tolist())),
        tuple(map(tuple, B.tolist())),
        nash_equilibria(A, B),
    )


def _fact_records(scenario: Scenario, japan: JapanPreset, us: USPreset) -> tuple:
    records = [_fact_record(name, quantity) for name, quantity in scenario.facts.items()]
    for preset in (japan, us):
        for name, p in preset.provenance.items():
            value = getattr(preset, name)
            numeric = isinstance(value, float)
            records.append(
                FactRecord(
                    name=f"{preset.name}.{name}",
                    value=value if numeric else None,
                    unit="",
                    stated=f"{value:g}" if numeric else value,
                    kind=p.kind,
                    source=p.source or "",
                    quote=p.quote or "",
                    reason=p.how or p.why or "",
                    alternatives="",
                )
            )
    return tuple(records)


def _source_records(scenario: Scenario, japan: JapanPreset, us: USPreset) -> tuple:
    """Every source the run's facts and presets cite, once each (the scenario's first)."""
    found: dict[str, SourceRecord] = {}
    for sources in (scenario.sources, japan.sources, us.sources):
        for name, source in sources.items():
            found.setdefault(
                name,
                SourceRecord(
                    name=name,
                    title=source.title,
                    date=source.date,
                    reliability=source.reliability,
                    publisher=source.publisher or "",
                    address=source.address or "",
                ),
            )
    return tuple(found.values())


def _fact_record(name: str, quantity: Quantity) -> FactRecord:
    p = quantity.provenance
    alternatives = "; ".join(
        f"{alt.stated} ({alt.provenance.kind}, {alt.provenance.source or 'no source'})" for alt in quantity.alternatives
    )
    if quantity.choice:
        alternatives += f" -- chosen: {quantity.choice}"
    return FactRecord(
        name=name,
        value=quantity.value,
        unit=quantity.unit,
        stated=quantity.stated,
        kind=p.kind,
        source=p.source or "",
        quote=p.quote or "",
        reason=p.how or p.why or "",
        alternatives=alternatives,
    )
