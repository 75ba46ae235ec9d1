"""Uncertainty analyses: Monte Carlo over the declared ranges, tornado, conflicting figures."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pytest

import sim.analysis.uncertainty
from conftest import CHILD_ENV, REPO_ROOT
from doc_output import missing_lines
from sim.model.payoffs import model_parameters, payoff_matrices, stage_game
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path, with_overrides
from sim.solve.solvers import nash_equilibria
from sim.solve.outcome_classes import MIXED, MULTIPLE, OUTCOME_WORDS
from sim.analysis.uncertainty import (
    conflicts,
    japan_stance,
    monte_carlo,
    ranged_inputs,
    sample_games,
    sample_inputs,
    tornado,
)
from sim.report.uncertainty_plots import outcomes_figure, tornado_figure

DOC = REPO_ROOT / "docs" / "uncertainty.md"


@pytest.fixture(scope="module")
def case():
    return load_scenario(resolve_scenario_path("ishiba_white_house_2025"))


@pytest.fixture(scope="module")
def takaichi_case():
    return load_scenario(resolve_scenario_path("takaichi_techno_industrial_2025"))


def _class_alone(scenario, japan, us) -> int:
    """The outcome class of one game, from the general solver (not the vectorised engine)."""
    game = stage_game(scenario, japan, us)
    found = nash_equilibria(game.us_payoffs, game.japan_payoffs)
    if len(found) > 1:
        return MULTIPLE
    (only,) = found
    if not only.is_pure:
        return MIXED
    return 2 * only.row_strategy.index(1.0) + only.col_strategy.index(1.0)


def _collapsed(scenario):
    """The scenario with every range shrunk to its value: no uncertainty left."""
    facts = {name: replace(q, range=(q.value, q.value)) if q.range else q for name, q in scenario.facts.items()}
    return replace(scenario, facts=MappingProxyType(facts))


# --- Monte Carlo -------------------------------------------------------------------------


def test_frequencies_sum_to_one_and_count_every_draw(case, ishiba, trump):
    found = monte_carlo(case, ishiba, trump, 5000, np.random.default_rng(3))
    assert sum(found.counts) == found.draws == 5000
    assert sum(found.frequencies) == pytest.approx(1.0, abs=1e-12)
    assert found.inputs == tuple(item.name for item in ranged_inputs(case))
    assert len(found.inputs) >= 5
    assert found.margin_quantiles[0] <= found.margin_quantiles[1] <= found.margin_quantiles[2]


@pytest.mark.parametrize("distribution", ["uniform", "triangular"])
def test_frequencies_converge_across_seeds(case, ishiba, trump, distribution):
    draws = 200_000
    first, second = (
        monte_carlo(case, ishiba, trump, draws, np.random.default_rng(seed), distribution) for seed in (11, 12)
    )
    assert first.counts != second.counts  # two seeds really draw differently
    for p, q in zip(first.frequencies, second.frequencies):
        pooled = (p + q) / 2
        error = np.sqrt(2 * pooled * (1 - pooled) / draws)
        assert abs(p - q) <= 5 * error + 1e-12, (p, q)
    assert abs(first.unchanged - second.unchanged) <= 5 * np.sqrt(0.5 / draws)


@pytest.mark.parametrize("distribution", ["uniform", "triangular"])
def test_collapsed_ranges_give_the_point_estimate_every_time(
    case, takaichi_case, ishiba, takaichi, trump, distribution
):
    for scenario, japan in ((case, ishiba), (takaichi_case, takaichi)):
        found = monte_carlo(_collapsed(scenario), japan, trump, 1000, np.random.default_rng(0), distribution)
        assert found.frequencies[found.point_outcome] == 1.0
        assert found.unchanged == 1.0 and found.degenerate == 0
        assert found.point_outcome == _class_alone(scenario, japan, trump)


def test_each_draw_is_the_game_solved_alone(case, ishiba, trump):
    draws = sample_games(case, ishiba, trump, 400, np.random.default_rng(5))
    picks = {int(np.argmax(draws.outcome == code)) for code in np.unique(draws.outcome)}
    picks |= set(range(0, 400, 50))
    assert len(np.unique(draws.outcome)) >= 3  # the sample reaches several classes
    for k in sorted(picks):
        values = {name: float(column[k]) for name, column in draws.inputs.items()}
        alone = with_overrides(case, values, origin="test")
        game = stage_game(alone, ishiba, trump)
        assert draws.outcome[k] == _class_alone(alone, ishiba, trump), k
        B = game.japan_payoffs
        assert draws.margin[k] == pytest.approx(B[1, 0] - B[1, 1], abs=1e-9)


def test_monte_carlo_summarises_exactly_the_sampled_games(case, ishiba, trump):
    draws = sample_games(case, ishiba, trump, 70_000, np.random.default_rng(9))
    found = monte_carlo(case, ishiba, trump, 70_000, np.random.default_rng(9))
    assert found.counts == tuple(np.bincount(draws.outcome, minlength=len(OUTCOME_WORDS)))
    same = japan_stance(draws.outcome) == japan_stance(found.point_outcome)
    assert found.unchanged == pytest.approx(same.mean())
    assert found.concede_share == pytest.approx((draws.margin > 0).mean())


def test_samples_stay_in_their_ranges_and_triangular_peaks_at_the_value(case):
    inputs = ranged_inputs(case)
    uniform = sample_inputs(inputs, 50_000, np.random.default_rng(1))
    triangular = sample_inputs(inputs, 50_000, np.random.default_rng(1), "triangular")
    for item in inputs:
        for values in (uniform[item.name], triangular[item.name]):
            assert item.low <= values.min() and values.max() <= item.high
        width = item.high - item.low
        assert uniform[item.name].mean() == pytest.approx((item.low + item.high) / 2, abs=0.02 * width)
        assert triangular[item.name].mean() == pytest.approx((item.low + item.value + item.high) / 3, abs=0.02 * width)


def test_bad_monte_carlo_arguments(case, ishiba, trump):
    with pytest.raises(ValueError, match="distribution"):
        monte_carlo(case, ishiba, trump, 10, np.random.default_rng(0), "normal")
    with pytest.raises(ValueError, match="positive integer"):
        monte_carlo(case, ishiba, trump, 0, np.random.default_rng(0))


# --- tornado -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, leader", [("ishiba_white_house_2025", "ishiba"), ("takaichi_trump_outlook_2026", "takaichi")]
)
def test_tornado_ends_equal_direct_evaluation(name, leader, request, trump):
    scenario = load_scenario(resolve_scenario_path(name))
    japan = request.getfixturevalue(leader)
    result = tornado(scenario, japan, trump)
    point = stage_game(scenario, japan, trump)
    assert result.point_margin == pytest.approx(point.japan_payoffs[1, 0] - point.japan_payoffs[1, 1])
    assert result.point_outcome == _class_alone(scenario, japan, trump)
    assert {bar.name for bar in result.bars} == {item.name for item in ranged_inputs(scenario)}
    for bar in result.bars:
        for end, margin, us_margin, outcome in (
            (bar.low, bar.margin_low, bar.us_margin_low, bar.outcome_low),
            (bar.high, bar.margin_high, bar.us_margin_high, bar.outcome_high),
        ):
            moved = with_overrides(scenario, {bar.name: end}, origin="test")
            game = stage_game(moved, japan, trump)
            A, B = game.us_payoffs, game.japan_payoffs
            assert margin == pytest.approx(B[1, 0] - B[1, 1], abs=1e-9), bar.name
            assert us_margin == pytest.approx(A[1, 1] - A[0, 1], abs=1e-9), bar.name
            assert outcome == _class_alone(moved, japan, trump), bar.name
        assert bar.swing == pytest.approx(abs(bar.margin_high - bar.margin_low))
    swings = [bar.swing for bar in result.bars]
    assert swings == sorted(swings, reverse=True)
    assert swings[0] > 0


# --- conflicting figures -----------------------------------------------------------------


def test_conflict_295_vs_380_equals_an_override(case, ishiba, trump):
    (trade,) = [c for c in conflicts(case, ishiba, trump) if c.name == "japan_china_trade"]
    assert [f.value for f in trade.figures] == [295, 380] and trade.figures[0].chosen
    for figure in trade.figures:
        moved = with_overrides(case, {"japan_china_trade": figure.value}, origin="test")
        B = stage_game(moved, ishiba, trump).japan_payoffs
        assert figure.margin == pytest.approx(B[1, 0] - B[1, 1])
        assert figure.outcome == _class_alone(moved, ishiba, trump)


@pytest.mark.parametrize("name", builtin_scenario_names())
def test_every_conflict_verdict_agrees_with_direct_reruns(name, ishiba, trump):
    scenario = load_scenario(resolve_scenario_path(name))
    found = conflicts(scenario, ishiba, trump)
    assert {c.name for c in found} == {n for n, q in scenario.facts.items() if q.alternatives}
    for conflict in found:
        outcomes = [
            _class_alone(with_overrides(scenario, {conflict.name: f.value}, "test"), ishiba, trump)
            for f in conflict.figures
        ]
        assert [f.outcome for f in conflict.figures] == outcomes
        assert conflict.changes_outcome == (len(set(outcomes)) > 1)


# --- the scenarios' ranges ---------------------------------------------------------------


@pytest.mark.parametrize("name", builtin_scenario_names())
def test_assumed_facts_without_range_or_alternatives_do_not_move_the_game(name, ishiba, trump):
    """A range is left out only where the fact has no effect (a term switched off)."""
    scenario = load_scenario(resolve_scenario_path(name))
    base = model_parameters(scenario, ishiba, trump)
    A0, B0 = payoff_matrices(base)
    for field, fact in scenario.facts.items():
        if fact.provenance.kind == "assumed" and not fact.range and not fact.alternatives:
            A, B = payoff_matrices({**base, field: fact.value * 1.1 + 0.1})
            assert np.array_equal(A, A0) and np.array_equal(B, B0), (name, field)


# --- figures -----------------------------------------------------------------------------


def test_figures_are_drawn_from_records_only(case, ishiba, trump, monkeypatch):
    mc = monte_carlo(case, ishiba, trump, 2000, np.random.default_rng(0))
    bars = tornado(case, ishiba, trump)

    def refuse(*args, **kwargs):
        raise AssertionError("a figure computed a model")

    for module, names in (
        (sim.analysis.uncertainty, ("payoff_matrices", "equilibria_2x2", "outcome_class", "model_parameters")),
    ):
        for attribute in names:
            monkeypatch.setattr(module, attribute, refuse)
    monkeypatch.setattr("sim.solve.engine2x2.equilibria_2x2", refuse)
    monkeypatch.setattr("sim.model.payoffs.payoff_matrices", refuse)
    japan_ax, us_ax = tornado_figure(bars).axes
    assert "US$ bn a year" in japan_ax.get_xlabel() and "US$ bn a year" in us_ax.get_xlabel()
    assert len(japan_ax.get_yticklabels()) == len(bars.bars)
    (ax,) = outcomes_figure(mc).axes
    assert "share" in ax.get_xlabel() and len(ax.patches) == sum(c > 0 for c in mc.counts)


# --- the command -------------------------------------------------------------------------


def _command(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sim.uncertainty", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**CHILD_ENV},
    )


BAD_COMMANDS = {
    "unknown scenario": (["ishiba_white_house_2052"], "did you mean"),
    "unknown preset": (["ishiba_white_house_2025", "--japan", "abe"], "a preset name"),
    "neutral scenario without --japan": (["overtures_backfired"], "--japan"),
    "no draws": (["ishiba_white_house_2025", "--draws", "0"], "--draws"),
    "draws not a number": (["ishiba_white_house_2025", "--draws", "many"], "--draws"),
    "negative seed": (["ishiba_white_house_2025", "--seed", "-1"], "--seed"),
    "unknown distribution": (["ishiba_white_house_2025", "--distribution", "normal"], "--distribution"),
    "missing file": (["nowhere/case.yaml"], "case.yaml"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case_name", list(BAD_COMMANDS))
def test_command_errors_exit_2_in_one_line(case_name, tmp_path):
    args, expected = BAD_COMMANDS[case_name]
    done = _command(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "results").exists()


@pytest.mark.slow
def test_same_seed_same_output_and_files(tmp_path):
    args = ["takaichi_trump_outlook_2026", "--draws", "3000", "--seed", "7"]
    first = _command(*args, cwd=tmp_path)
    out = tmp_path / "results" / "uncertainty" / "takaichi_trump_outlook_2026"
    files = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    expected = [
        f"{kind}__takaichi__trump_2025.{suffix}" for kind in ("tornado", "outcomes") for suffix in ("png", "svg")
    ] + ["summary__takaichi__trump_2025.txt"]
    assert sorted(files) == sorted(expected)
    second = _command(*args, cwd=tmp_path)
    assert first.returncode == second.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert files == {path.name: path.read_bytes() for path in sorted(out.iterdir())}
    other = _command(*args[:-1], "8", cwd=tmp_path)
    assert other.stdout != first.stdout and "seed 8" in other.stdout


def _doc_runs():
    text = DOC.read_text(encoding="utf-8")
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.S):
        command, *expected = block.rstrip("\n").splitlines()
        yield pytest.param(command.removeprefix("$ "), expected, id=command[2:])


def test_doc_has_an_ishiba_and_a_takaichi_run():
    commands = [param.values[0] for param in _doc_runs()]
    assert any("ishiba" in c for c in commands) and any("takaichi" in c for c in commands)


@pytest.mark.slow
@pytest.mark.parametrize("command, expected", list(_doc_runs()))
def test_doc_output_is_real(command, expected, tmp_path):
    argv = shlex.split(command)
    assert argv[:3] == ["python", "-m", "sim.uncertainty"]
    done = _command(*argv[3:], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert missing_lines(expected, done.stdout.splitlines()) == []


def test_docstring_examples_run():
    result = doctest.testmod(sim.analysis.uncertainty)
    assert result.attempted >= 3 and result.failed == 0
