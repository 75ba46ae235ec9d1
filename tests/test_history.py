"""The article scenarios next to the historical cases, under the forecast's fit."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from types import MappingProxyType

import numpy as np
import pytest

from sim.data.cases import load_cases
from sim.analysis.forecast import CLASSES, calibrated_inputs, era_game, model_forecasts
from sim.analysis.forecast_fit import combined
from sim.analysis.forecast_run import load_fitted
from sim.analysis.history import history_points
from sim.io.results import history_table


@pytest.fixture(scope="module")
def fitted():
    return load_fitted()


@pytest.fixture(scope="module")
def points(scenarios, fitted):
    return history_points(scenarios, fitted=fitted)


def test_every_case_and_scenario_appears_once_oldest_first_undated_last(points, scenarios):
    cases = load_cases()
    assert sorted(p.name for p in points if p.kind == "case") == sorted(c.name for c in cases)
    assert sorted(p.name for p in points if p.kind == "article") == sorted(s.name for s in scenarios)
    years = [p.year for p in points]
    dated = [y for y in years if y is not None]
    assert dated == sorted(dated)
    assert all(y is None for y in years[len(dated) :])


def test_cases_show_their_stored_leave_one_out_forecast(points, fitted):
    cases = [p for p in points if p.kind == "case"]
    assert cases and all(p.out_of_sample for p in cases)
    for point in cases:
        held_out = fitted.leave_one_out[point.name]
        assert point.predicted_class == max(CLASSES, key=held_out.get)
        assert point.predicted_probability == pytest.approx(max(held_out.values()))
        assert point.actual_class in CLASSES


def test_scenarios_use_the_fit_on_all_cases(points, scenarios, fitted):
    for point in (p for p in points if p.kind == "article"):
        scenario = next(s for s in scenarios if s.name == point.name)
        p = combined(fitted, model_forecasts(scenario, fitted.parameters))
        assert point.predicted_class == CLASSES[int(np.argmax(p))]
        _, B, _ = era_game(*calibrated_inputs(scenario, fitted.parameters))
        assert point.margin_under_tariffs == pytest.approx(B[1, 1] - B[1, 0])
        assert point.actual_class == "" and point.actual_concession is None


def test_a_case_missing_from_the_stored_fit_is_marked_in_sample(scenarios, fitted):
    bare = replace(fitted, leave_one_out=MappingProxyType({}))
    points = history_points(scenarios[:1], fitted=bare)
    assert not any(p.out_of_sample for p in points if p.kind == "case")


def test_the_table_has_a_row_per_point_and_blank_outcomes_for_scenarios(points):
    rows = list(csv.DictReader(io.StringIO(history_table(points))))
    assert [row["name"] for row in rows] == [p.name for p in points]
    for row, point in zip(rows, points):
        assert (row["actual_concession"] == "") == (point.kind == "article")
        assert float(row["margin_under_tariffs"]) == pytest.approx(point.margin_under_tariffs)
