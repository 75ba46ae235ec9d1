"""The article scenarios next to the historical cases, under the forecast's fit."""

from __future__ import annotations

import csv
import io
import os
import shutil
import warnings
from collections import OrderedDict
from dataclasses import FrozenInstanceError, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pytest

from sim.analysis import history
from sim.base.errors import UserError
from sim.cli.pipeline import RunSettings, run
from sim.data.cases import CASES_DIR, load_case, load_cases
from sim.analysis.forecast import CLASSES, calibrated_inputs, era_game, model_forecasts
from sim.analysis.forecast_fit import combined
from sim.analysis.forecast_run import load_fitted
from sim.analysis.history import case_points, history_points
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


# --- The memo of the cases' points (sim.analysis.history.case_points) --------------------


@pytest.fixture
def cold_memo(monkeypatch):
    """An empty memo for this test only (the module's own is left as it was)."""
    monkeypatch.setattr(history, "_case_points_memo", OrderedDict())
    return history._case_points_memo


def _computed_afresh(folder, fitted):
    """The cases' points with no memo: every case file read and every point computed."""
    return tuple(history._point(case.scenario, fitted, case) for case in load_cases(folder))


def test_case_points_are_the_points_computed_afresh_and_served_again(cold_memo, fitted):
    first = case_points(CASES_DIR, fitted)
    assert first == _computed_afresh(CASES_DIR, fitted)
    assert len(cold_memo) == 1
    again = case_points(CASES_DIR, load_fitted())  # an equal fit, another object
    assert again is first and len(cold_memo) == 1
    assert isinstance(first, tuple)
    with pytest.raises(FrozenInstanceError):
        first[0].predicted_class = "changed"  # type: ignore[misc]


def test_two_jobs_in_one_process_write_identical_files_with_and_without_the_memo(cold_memo, tmp_path):
    settings = RunSettings(scenario="ishiba_white_house_2025", japan="ishiba", figures=False, figure_workers=0)
    computing, reading = tmp_path / "first", tmp_path / "second"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run(settings, computing)
        assert len(cold_memo) == 1
        memo_entry = next(iter(cold_memo.values()))
        run(settings, reading)
    assert next(iter(cold_memo.values())) is memo_entry and len(cold_memo) == 1  # the second job read it
    files = sorted(p.relative_to(computing) for p in computing.rglob("*") if p.is_file())
    assert Path("history.csv") in files
    assert files == sorted(p.relative_to(reading) for p in reading.rglob("*") if p.is_file())
    for name in files:
        assert (computing / name).read_bytes() == (reading / name).read_bytes(), name


def test_a_case_file_changed_between_calls_is_seen(cold_memo, fitted, tmp_path):
    folder = tmp_path / "cases"
    shutil.copytree(CASES_DIR, folder)
    before = case_points(folder, fitted)
    path = sorted(folder.glob("*.yaml"))[0]
    name = load_case(path).name
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    title = load_case(path).scenario.title
    line = next(line for line in text.splitlines() if line.startswith("title:"))
    changed = text.replace(line, line.replace(title, title[:-1] + "X"), 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time: only the text differs
    after = case_points(folder, fitted)
    assert after == _computed_afresh(folder, fitted) and after != before
    assert {p.name: p.title for p in after}[name] == title[:-1] + "X"
    path.unlink()
    assert name not in {p.name for p in case_points(folder, fitted)}
    assert len(cold_memo) == 3


def test_a_changed_fit_is_a_new_key(cold_memo, fitted):
    shipped = case_points(CASES_DIR, fitted)
    one_left_out = next(iter(fitted.leave_one_out))
    partial = replace(
        fitted, leave_one_out=MappingProxyType({k: v for k, v in fitted.leave_one_out.items() if k != one_left_out})
    )
    points = case_points(CASES_DIR, partial)
    assert points == _computed_afresh(CASES_DIR, partial) != shipped
    assert [p.name for p in points if not p.out_of_sample] == [one_left_out]
    rates = replace(fitted, era_rates=MappingProxyType({k: v + 0.0 for k, v in fitted.era_rates.items()}))
    assert case_points(CASES_DIR, rates) is shipped  # equal values: the same entry


def test_the_memo_keeps_a_bounded_number_of_states(cold_memo, fitted):
    for k in range(history.CASE_POINTS_MEMO_SIZE + 2):
        weights = {**fitted.weights, "static": fitted.weights["static"] + k * 1e-3}
        case_points(CASES_DIR, replace(fitted, weights=MappingProxyType(weights)))
    assert len(cold_memo) == history.CASE_POINTS_MEMO_SIZE


def test_a_bad_case_folder_is_reported_as_a_plain_read_reports_it(cold_memo, fitted, tmp_path):
    with pytest.raises(UserError, match="no such folder"):
        case_points(tmp_path / "missing", fitted)
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "a.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (folder / "b.yaml").write_bytes(b"\xff\xfe")
    with pytest.raises(UserError) as from_memo:
        case_points(folder, fitted)
    with pytest.raises(UserError) as plain:
        load_cases(folder)
    assert str(from_memo.value) == str(plain.value) and "a.yaml" in str(plain.value)
    assert not cold_memo
