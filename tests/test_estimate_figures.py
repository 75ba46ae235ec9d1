"""Estimation figures draw records only, with every equilibrium branch."""

from __future__ import annotations

import numpy as np

import sim.estimate.equilibria
import sim.estimate.model
from sim.report.estimate_figures import shares_figure, statics_figure
from sim.estimate.simulate import SYNTHETIC_BETA, synthetic_design
from sim.estimate.statics import Statics, StaticsPoint, comparative_statics


def _three_branches() -> Statics:
    points = []
    for value in np.linspace(0, 1, 5):
        roots = (0.1, 0.5, 0.9) if value < 0.6 else (0.2,)
        points += [StaticsPoint(float(value), p, 0.9, 0.05, 0.03, 0.02) for p in roots]
    return Statics("g1", "x1", 0.3, tuple(points))


def test_figures_never_compute(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("figures must not solve the game")

    for module in (sim.estimate.equilibria, sim.estimate.model):
        for name in dir(module):
            if callable(getattr(module, name)) and not isinstance(getattr(module, name), type):
                monkeypatch.setattr(module, name, refuse)
    figure = statics_figure(_three_branches())
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert labels[:3] == ["equilibrium 1", "equilibrium 2", "equilibrium 3"]
    assert "several branches" in figure._suptitle.get_text()
    panels = [("all games", np.array([90.0, 4, 4, 2]), np.array([89.0, 5, 4, 2]))]
    assert len(shares_figure(panels).axes) == 1


def test_comparative_statics_records_every_equilibrium_at_each_value():
    design = synthetic_design(5, np.random.default_rng(0))
    values = np.linspace(-2.0, 2.0, 9)
    statics = comparative_statics(design, SYNTHETIC_BETA, 0, "x1", values)
    assert sorted({p.value for p in statics.points}) == values.tolist()
    for point in statics.points:
        total = point.p_sq + point.p_cd + point.p_sf + point.p_bd
        assert abs(total - 1) < 1e-12 and 0 < point.p_resist < 1
