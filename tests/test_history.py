"""The article scenarios next to the historical cases: one parameter set, cases held out."""

from __future__ import annotations

import csv
import io

import pytest

from sim.analysis.backtest import backtest, calibrated_prediction
from sim.data.cases import load_cases
from sim.analysis.history import history_points
from sim.io.results import history_table


@pytest.fixture(scope="module")
def points(scenarios):
    return history_points(scenarios)


def test_every_case_and_scenario_appears_once_oldest_first_undated_last(points, scenarios):
    cases = load_cases()
    assert sorted(p.name for p in points if p.kind == "case") == sorted(c.name for c in cases)
    assert sorted(p.name for p in points if p.kind == "article") == sorted(s.name for s in scenarios)
    years = [p.year for p in points]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated)
    assert all(y is None for y in years[len(dated):])


def test_cases_are_predicted_leave_one_out_and_scenarios_with_the_full_fit(points, scenarios):
    result = backtest(load_cases())
    folds = {r.case.name: r for r in result.leave_one_out}
    for point in points:
        if point.kind == "case":
            fold = folds[point.name]
            assert point.concession_net_cost_share == fold.parameters["concession_net_cost_share"]
            assert point.predicted_class == fold.prediction.static_class
            assert point.actual_class == fold.case.outcome.outcome_class
        else:
            fitted = result.in_sample_parameters
            assert point.audience_cost_weight == fitted["audience_cost_weight"]
            scenario = next(s for s in scenarios if s.name == point.name)
            expected = calibrated_prediction(scenario, fitted)
            assert point.margin_under_tariffs == pytest.approx(expected.margin_under_tariffs)
            assert point.actual_class == "" and point.actual_concession is None


def test_the_table_has_a_row_per_point_and_blank_outcomes_for_scenarios(points):
    rows = list(csv.DictReader(io.StringIO(history_table(points))))
    assert [row["name"] for row in rows] == [p.name for p in points]
    for row, point in zip(rows, points):
        assert (row["actual_concession"] == "") == (point.kind == "article")
        assert float(row["margin_under_tariffs"]) == pytest.approx(point.margin_under_tariffs)
