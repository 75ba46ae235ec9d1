"""Shared fixtures: the repository's folders, the articles, and loaded scenarios/presets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sim.data.presets import JapanPreset, USPreset, load_preset
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Hypothesis profiles. The fuzzers (scenario files, command lines, data files) leave the
# number of examples to the profile: "dev" on a workstation, "ci" where the CI variable is
# set (.ci/run's CI), with five times the examples. Property tests that set their own
# max_examples keep it.
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ARTICLES_DIR = Path(os.environ.get("GAIATSU_ARTICLES", REPO_ROOT.parent / "shared" / "articles"))
EXAMPLE_SCENARIO = REPO_ROOT / "scenarios" / "ishiba_white_house_2025.yaml"


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """The source articles, which live beside the repository, never inside it."""
    if not ARTICLES_DIR.is_dir() or not any(ARTICLES_DIR.glob("*.txt")):
        pytest.skip(f"source articles not found at {ARTICLES_DIR} (set GAIATSU_ARTICLES)")
    return ARTICLES_DIR


@pytest.fixture(scope="session")
def scenarios():
    return [load_scenario(resolve_scenario_path(name)) for name in builtin_scenario_names()]


@pytest.fixture(scope="session")
def example_scenario():
    return load_scenario(EXAMPLE_SCENARIO)


@pytest.fixture(scope="session")
def ishiba():
    return load_preset(JapanPreset, "ishiba")


@pytest.fixture(scope="session")
def takaichi():
    return load_preset(JapanPreset, "takaichi")


@pytest.fixture(scope="session")
def trump():
    return load_preset(USPreset, "trump_2025")


@pytest.fixture
def no_model_computation(monkeypatch):
    """Every function that builds or solves a game raises: for code that may only read results."""
    import sim.analysis.backtest
    import sim.solve.bargaining
    import sim.analysis.deal
    import sim.analysis.maps
    import sim.model.payoffs
    import sim.model.ratification
    import sim.dynamics.repeated
    import sim.dynamics.rounds
    import sim.model.sequential
    import sim.solve.solvers
    import sim.analysis.sweep
    import sim.analysis.leaders
    import sim.analysis.tipping
    import sim.analysis.whatif_grid

    def refuse(*args, **kwargs):
        raise AssertionError("reading results must not build or solve games")

    for module in (sim.solve.solvers, sim.model.sequential, sim.analysis.tipping,
                   sim.model.ratification, sim.solve.bargaining, sim.analysis.deal,
                   sim.analysis.sweep, sim.analysis.maps, sim.dynamics.repeated,
                   sim.dynamics.rounds, sim.analysis.backtest, sim.analysis.leaders,
                   sim.analysis.whatif_grid):
        for name in dir(module):
            if callable(getattr(module, name)) and not isinstance(getattr(module, name), type):
                monkeypatch.setattr(module, name, refuse)
    monkeypatch.setattr(sim.model.payoffs, "payoff_matrices", refuse)
