"""The notebook facade: a scenario under two presets, its stage game and its equilibrium map.

Reached through ``import sim`` (loaded on first use, so the commands stay fast)::

    >>> import sim
    >>> run = sim.load("ishiba_white_house_2025", japan="ishiba")
    >>> game = run.stage_game()
    >>> [e.is_pure for e in game.equilibria()]
    [True]
    >>> grid = sim.grid(run, x="auto_tariff_rate", y="approval", points=21)
    >>> len(grid.x_values), len(grid.y_values)
    (21, 21)

``sim.plot.equilibrium_map(grid, ax=ax)`` draws the grid (:mod:`sim.report.plots`);
``run.result()`` holds every analysis of the run, which ``sim.plot.threat(result, ax=ax)``,
``bargaining``, ``repeated``, ``payoff_region`` and ``matrix`` draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from sim.analysis.maps import EquilibriumMap, equilibrium_map
from sim.base.errors import UserError
from sim.data.presets import JapanPreset, USPreset, load_preset
from sim.data.scenario import Scenario, load_scenario, with_overrides
from sim.io.records import RunResult
from sim.io.run_record import ModelSettings, simulate
from sim.model.payoffs import StageGame, model_parameters, stage_game
from sim.solve.solvers import Equilibrium, nash_equilibria


@dataclass(frozen=True)
class Game:
    """A stage game: US payoffs ``A`` (row), Japan's ``B`` (column), the named terms."""

    stage: StageGame

    @property
    def A(self) -> np.ndarray:
        return self.stage.us_payoffs

    @property
    def B(self) -> np.ndarray:
        return self.stage.japan_payoffs

    @property
    def terms(self) -> Mapping[str, float]:
        return self.stage.terms

    def equilibria(self) -> tuple[Equilibrium, ...]:
        """All Nash equilibria, checked (:func:`sim.solve.solvers.nash_equilibria`)."""
        return nash_equilibria(self.A, self.B)


@dataclass(frozen=True)
class Run:
    """One scenario under a Japan preset and a US preset."""

    scenario: Scenario
    japan: JapanPreset
    us: USPreset

    def parameters(self) -> dict[str, float]:
        """The model's inputs: the scenario's facts and both presets' parameters."""
        return model_parameters(self.scenario, self.japan, self.us)

    def stage_game(self) -> Game:
        """The 2x2 stage game (:func:`sim.model.payoffs.stage_game`)."""
        return Game(stage_game(self.scenario, self.japan, self.us))

    def result(self, model: ModelSettings | None = None, seed: int = 0) -> RunResult:
        """Every analysis of the run, as the main job records it (:func:`sim.io.run_record.simulate`;
        ``seed`` drives the repeated game's noise). The ``sim.plot`` functions draw it."""
        settings = ModelSettings() if model is None else model
        return simulate(self.scenario, self.japan, self.us, settings, np.random.default_rng(seed))


def load(scenario: str, japan: str | None = None, us: str = "trump_2025", **facts: float) -> Run:
    """A scenario (a built-in name or a path) under the presets, facts overridden by name.

    ``japan`` defaults to the scenario's leader; a leader-neutral scenario needs one.
    """
    loaded = load_scenario(scenario)
    if facts:
        loaded = with_overrides(loaded, facts)
    if japan is None:
        if loaded.leader == "neutral":
            raise UserError(
                loaded.path, "leader", "a Japan preset name (the scenario is leader-neutral: pass japan=...)", "neutral"
            )
        japan = loaded.leader
    return Run(loaded, load_preset(JapanPreset, japan), load_preset(USPreset, us))


def grid(run: Run, x: str = "auto_tariff_rate", y: str = "approval", points: int = 151) -> EquilibriumMap:
    """The stage game's outcome on a ``points x points`` grid of two of its inputs
    (:func:`sim.analysis.maps.equilibrium_map`), the run's own position recorded."""
    return equilibrium_map(run.parameters(), x, y, points)
