"""The backtest: predictions, the fit, and leave-one-out that never sees the held-out case."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from types import MappingProxyType

import pytest

from conftest import CHILD_ENV
from sim.analysis import backtest as bt
from sim.report.backtest_report import report_rows, write_backtest
from sim.data.outcome import OUTCOME_CLASSES
from sim.data.cases import load_cases
from sim.data.scenario import with_overrides

SMALL_GRID = MappingProxyType({"concession_net_cost_share": (0.0, 0.5, 1.0), "audience_cost_weight": (0.5, 1.0, 2.0)})


@pytest.fixture(scope="module")
def cases():
    return load_cases()


@pytest.fixture(scope="module")
def result(cases):
    return bt.backtest(cases)


def test_predictions_use_the_model_classes(cases):
    prediction = bt.predict(cases[0], bt.DEFAULTS)
    assert prediction.static_class in OUTCOME_CLASSES
    assert prediction.sequential_class in {"concession", "standoff", "us_backs_down", "no_threat"}
    assert 0.0 <= prediction.bargain_concession <= 1.0


def test_the_calibrated_parameter_changes_the_prediction(cases):
    case = next(c for c in cases if c.name == "steel_and_auto_tariffs_2025")
    cheap = bt.predict(case, {"concession_net_cost_share": 0.0, "audience_cost_weight": 1.0})
    dear = bt.predict(case, {"concession_net_cost_share": 1.0, "audience_cost_weight": 1.0})
    assert cheap.margin_under_tariffs < dear.margin_under_tariffs
    assert dear.static_class == "standoff"


def test_fit_minimises_the_loss_over_the_grid(cases):
    best = bt.fit(cases, SMALL_GRID)
    loss = lambda point: sum(bt.case_loss(c, bt.predict(c, point)) for c in cases)
    assert all(loss(best) <= loss(point) + 1e-9 for point in bt.grid_points(SMALL_GRID))


@pytest.mark.slow
def test_leave_one_out_fits_never_see_the_held_out_case(cases):
    seen = []

    def recording_fit(training, grid, predictor):
        seen.append({case.name for case in training})
        return bt.fit(training, grid, predictor)

    results = bt.leave_one_out(cases, SMALL_GRID, recording_fit)
    assert len(seen) == len(cases) == len(results)
    for names, result in zip(seen, results):
        assert result.case.name not in names
        assert names == {c.name for c in cases} - {result.case.name}


@pytest.mark.slow
def test_perturbing_the_held_out_case_leaves_its_fold_unchanged(cases):
    """Make the held-out case wildly different: its fold's parameters must not move,
    while a fit that includes it does move (so the perturbation is not idle)."""
    index = next(i for i, c in enumerate(cases) if c.name == "steel_and_auto_tariffs_2025")
    held_out = cases[index]
    wild_scenario = with_overrides(held_out.scenario, {"security_dependence": 0.0, "audience_cost_scale": 0.0})
    wild_outcome = replace(
        held_out.outcome,
        outcome_class="standoff",
        japan="resist",
        us="tariff",
        concession_size=replace(held_out.outcome.concession_size, value=0.0),
    )
    wild = [*cases[:index], replace(held_out, scenario=wild_scenario, outcome=wild_outcome), *cases[index + 1 :]]
    before = bt.leave_one_out(cases, SMALL_GRID)
    after = bt.leave_one_out(wild, SMALL_GRID)
    assert before[index].parameters == after[index].parameters
    assert bt.fit(cases, SMALL_GRID) != bt.fit(wild, SMALL_GRID)


def test_backtest_reports_leave_one_out_in_sample_and_uncalibrated(result, cases):
    assert [r.case.name for r in result.leave_one_out] == [c.name for c in cases]
    rows = report_rows(result)
    assert len(rows) == len(cases)
    for row, loo in zip(rows, result.leave_one_out):
        assert row["static_hit"] == (row["static_class"] == row["actual_class"])
        assert row["fold_concession_net_cost_share"] == loo.parameters["concession_net_cost_share"]
    rates = bt.hit_rates(result.leave_one_out)
    assert 0.0 <= rates["static"] <= 1.0 and rates["bargaining_mae"] >= 0


def test_written_files_name_the_method_and_are_byte_identical(result, tmp_path):
    text = write_backtest(result, tmp_path / "a")
    write_backtest(result, tmp_path / "b")
    for name in ("backtest.csv", "backtest.json", "backtest.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "leave-one-out" in text and "concession_net_cost_share" in text
    assert "In-sample" in text and "Hit rate, leave-one-out" in text
    summary = json.loads((tmp_path / "a" / "backtest.json").read_text())
    assert summary["method"] == "leave-one-out grid search"
    assert summary["calibrated"] == list(bt.CALIBRATED)


def _backtest_cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sim.backtest", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**CHILD_ENV},
    )


@pytest.mark.slow
def test_cli_prints_the_table_and_writes_the_run_folder(tmp_path):
    done = _backtest_cli(cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Hit rate, leave-one-out" in done.stdout and "plaza_accord_1985" in done.stdout
    assert (tmp_path / "results" / "backtest" / "backtest.csv").is_file()


def test_cli_user_errors_are_one_line_exit_2(tmp_path):
    (tmp_path / "cases").mkdir()
    for args in (["--cases", tmp_path / "missing"], ["--cases", tmp_path / "cases"], ["--bogus"]):
        done = _backtest_cli(*args, cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, args
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1


def test_majority_baseline_is_leave_one_out(cases):
    forecasts = bt.majority_baseline(cases)
    assert len(forecasts) == len(cases)
    # most cases ended in a concession without tariffs: leaving out any one still leaves
    # 'concession' the majority
    assert forecasts == ["concession"] * len(cases)
    lone = [c for c in cases if c.outcome.outcome_class == "concession"][:1] + [
        c for c in cases if c.outcome.outcome_class == "concession_under_tariffs"
    ][:1]
    assert bt.majority_baseline(lone) == ["concession_under_tariffs", "concession"]
