"""Probabilistic forecasts: probabilities per model, scores, and fits that never see a test case."""

from __future__ import annotations

import shutil
import subprocess
import sys

import numpy as np
import pytest
import yaml

from conftest import REPO_ROOT
from sim.analysis import forecast_fit
from sim.data.cases import load_cases
from sim.analysis.forecast import CLASSES, DEFAULTS, FLOOR, PRIORS, floored, model_forecasts
from sim.analysis.forecast_fit import (
    ForecastCache,
    base_rates,
    bound_warnings,
    brier_score,
    fit_forecast,
    leave_one_out,
    log_score,
    summary,
    train_test,
)
from sim.report.forecast_report import write_forecast

CASES = REPO_ROOT / "scenarios" / "cases"
TRAIN = ("auto_export_restraint_1981", "auto_parts_section_301_1995", "steel_and_auto_tariffs_2025")
TEST = ("plaza_accord_1985", "us_japan_trade_agreement_2019")


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def _fit_at_defaults(train, weights):
    """A fit of ``train`` with the default parameters and the given pool weights."""
    return forecast_fit.FittedForecast(
        parameters=DEFAULTS,
        weights=weights,
        base_rates=base_rates(train),
        majority=forecast_fit.majority(train),
        warnings=(),
        era_rates=forecast_fit.era_rates(train),
    )


def test_every_model_gives_probabilities_over_the_classes(cases):
    for case in cases:
        forecasts = model_forecasts(case.scenario, DEFAULTS)
        for model in ("static", "threat", "bargaining"):
            p = forecasts.of(model)
            assert p.shape == (len(CLASSES),) and p.sum() == pytest.approx(1.0)
            assert p.min() >= FLOOR / (1 + FLOOR * len(CLASSES)) - 1e-12


def test_forecasts_are_deterministic(cases):
    first = model_forecasts(cases[0].scenario, DEFAULTS)
    again = model_forecasts(cases[0].scenario, DEFAULTS)
    assert np.array_equal(first.static, again.static)


def test_static_probabilities_follow_the_logit_precision(cases):
    # a sharper QRE puts more weight on the most probable cell than a blunt one
    case = cases[-1]
    blunt = model_forecasts(case.scenario, {**DEFAULTS, "static_lambda": 0.5}).static
    sharp = model_forecasts(case.scenario, {**DEFAULTS, "static_lambda": 20.0}).static
    assert sharp.max() > blunt.max()


def test_scores_of_known_forecasts():
    p = np.array([0.7, 0.1, 0.1, 0.1])
    assert log_score(p, 0) == pytest.approx(np.log(0.7))
    assert brier_score(p, 0) == pytest.approx(0.09 + 3 * 0.01)
    assert brier_score(np.eye(4)[1], 0) == pytest.approx(2.0)
    assert floored(np.eye(4)[0]).min() > 0


def test_base_rates_add_one_to_each_class(cases):
    chosen = [c for c in cases if c.name in TRAIN]  # 2 concessions, 1 under tariffs
    assert base_rates(chosen) == pytest.approx(np.array([3, 2, 1, 1]) / 7)


def test_era_rates_count_each_group_shrunk_towards_the_base_rates(cases):
    from sim.data.eras import ERA_GROUPS, era_group, us_preset_for

    chosen = [c for c in cases if c.name in TRAIN]  # two 1980s-90s concessions, one 2025
    rates = forecast_fit.era_rates(chosen)
    overall, m = base_rates(chosen), forecast_fit.ERA_PSEUDO_CASES
    leverage, policy = ERA_GROUPS
    assert [era_group(us_preset_for(c.scenario)) for c in chosen] == [leverage, leverage, policy]
    assert rates[leverage] == pytest.approx((np.array([2, 0, 0, 0]) + m * overall) / (2 + m))
    assert rates[policy] == pytest.approx((np.array([0, 1, 0, 0]) + m * overall) / (1 + m))
    # a group with no case keeps the overall rates
    assert forecast_fit.era_rates(chosen[:2])[policy] == pytest.approx(base_rates(chosen[:2]))
    # each preset's rates are shrunk towards its group's: reagan_1981 and clinton_1993 have
    # one concession each, trump_2025 one concession under tariffs
    for case in chosen:
        us = us_preset_for(case.scenario)
        own = np.array([float(c == case.outcome.outcome_class) for c in CLASSES])
        assert rates[us.name] == pytest.approx((own + m * rates[era_group(us)]) / (1 + m))


def test_the_pool_takes_the_era_rates_of_the_case_s_administration(cases):
    train = [c for c in cases if c.name in TRAIN]
    fitted = _fit_at_defaults(train, {"static": 0, "threat": 0, "bargaining": 0, "era_rates": 1.0})
    cache = ForecastCache()
    # trump_2025 has training cases: its own rates; reagan_1985 has none: its group's
    for name, key in (("plaza_accord_1985", "tariffs as leverage"), ("takaichi_trump_2025", "trump_2025")):
        case = next(c for c in cases if c.name == name)
        scored = forecast_fit.forecast_case(fitted, case, cache)
        assert scored.forecasts["combined"] == pytest.approx(floored(fitted.era_rates[key]))


def test_bound_warnings_name_the_parameter():
    at_bound = {**DEFAULTS, "linkage_stake_weight": PRIORS["linkage_stake_weight"].high}
    (warning,) = bound_warnings(at_bound)
    assert "linkage_stake_weight = 1 sits on the upper end" in warning
    assert bound_warnings(DEFAULTS) == ()


def _folders(tmp_path, edit_test=None):
    train, test = tmp_path / "train", tmp_path / "test"
    train.mkdir(parents=True)
    test.mkdir(parents=True)
    for name in TRAIN:
        shutil.copy(CASES / f"{name}.yaml", train)
    for name in TEST:
        data = yaml.safe_load((CASES / f"{name}.yaml").read_text("utf-8"))
        if edit_test:
            edit_test(data)
        (test / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return train, test


def _resist(data):
    """Recode a case's outcome as the opposite: Japan resisted and the US backed down."""
    data["outcome"].update(japan="resist", us="refrain", **{"class": "us_backs_down"})
    data["outcome"]["concession_size"].update(value=0.05, range=[0.0, 0.1])


@pytest.mark.slow
def test_the_fitter_never_sees_the_test_folder(tmp_path, monkeypatch):
    train, test = _folders(tmp_path)
    seen, events = [], []
    real_fit = forecast_fit.fit_parameters

    def spying_fit(fit_cases, *args, **kwargs):
        seen.extend(c.scenario.path for c in fit_cases)
        return real_fit(fit_cases, *args, **kwargs)

    def fitter(training, cache):
        events.append("fit starts")
        fitted = fit_forecast(training, cache)
        events.append("fit ends")
        return fitted

    def load_test():
        events.append("test folder read")
        return load_cases(test)

    monkeypatch.setattr(forecast_fit, "fit_parameters", spying_fit)
    scored = train_test(load_cases(train), load_test, fitter=fitter)
    assert events == ["fit starts", "fit ends", "test folder read"]
    assert seen and not [path for path in seen if str(test) in path]
    assert {s.case.name for s in scored} == set(TEST)
    assert all(str(test) not in path for s in scored for path in s.fitted.training)


@pytest.mark.slow
def test_test_outcomes_cannot_move_the_fit_or_the_forecast(tmp_path):
    # Recode every test case's outcome: the fit and the forecasts stay identical; only
    # the scores change. The forecasts cannot have used what they are scored against.
    train, test = _folders(tmp_path / "a")
    plain = train_test(load_cases(train), load_cases(test))
    train, test = _folders(tmp_path / "b", edit_test=_resist)
    recoded = train_test(load_cases(train), load_cases(test))
    for one, two in zip(plain, recoded):
        assert dict(one.fitted.parameters) == dict(two.fitted.parameters)
        assert np.array_equal(one.forecasts["combined"], two.forecasts["combined"])
        assert one.case.outcome.outcome_class != two.case.outcome.outcome_class


@pytest.mark.slow
def test_leave_one_out_never_fits_on_the_held_case(cases):
    cases = [c for c in cases if c.name in TRAIN + TEST]
    folds = []

    def fitter(training, cache):
        folds.append({c.name for c in training})
        return fit_forecast(training, cache)

    scored = leave_one_out(cases, ForecastCache(), fitter=fitter)
    for item, fold in zip(scored, folds):
        assert item.case.name not in fold and len(fold) == len(cases) - 1
    table = summary(scored)
    assert set(table) == {
        "combined",
        "static",
        "threat",
        "bargaining",
        "era_rates",
        "base_rates",
        "majority",
        "record_based",
    }
    for scores in table.values():
        assert scores["log_score"] <= 0 and 0 <= scores["brier"] <= 2


@pytest.mark.slow
def test_written_tables_are_byte_identical(cases, tmp_path):
    train = [c for c in cases if c.name in TRAIN]
    test = [c for c in cases if c.name in TEST]
    write_forecast(train_test(train, test), tmp_path / "one", "t", "train/test")
    write_forecast(train_test(train, test), tmp_path / "two", "t", "train/test")
    for name in ("forecast.csv", "forecast.json", "forecast.txt"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def _cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "sim.backtest", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


def test_train_without_test_is_a_one_line_error(tmp_path):
    done = _cli("--train", CASES, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "--train/--test" in done.stderr and "both folders" in done.stderr
    assert "or --test DIR alone" in done.stderr


@pytest.mark.slow
def test_cli_train_test_prints_scores_and_writes_files(tmp_path):
    train, test = _folders(tmp_path)
    done = _cli("--train", train, "--test", test, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "scored on" in done.stdout and "combined" in done.stdout
    assert (tmp_path / "out" / "forecast.json").is_file()


def test_test_alone_refuses_a_library_folder_or_a_library_case(tmp_path):
    from sim.data.cases import PARTNERS_DIR  # the library the fit reads, wherever installed

    done = _cli("--test", PARTNERS_DIR, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "expected a folder other than the library's" in done.stderr
    copy = tmp_path / "copy"  # a copy of a library folder is refused before any fit
    shutil.copytree(PARTNERS_DIR, copy)
    done = _cli("--test", copy, cwd=tmp_path)
    assert done.returncode == 2 and "expected a folder other than the library's" in done.stderr
    train, test = _folders(tmp_path)
    done = _cli("--train", train, "--test", train.parent / "train", cwd=tmp_path)
    assert done.returncode == 2 and "other than --train" in done.stderr


@pytest.mark.slow
def test_test_alone_fits_on_the_library_and_refuses_a_copy_of_a_library_case(tmp_path):
    _, test = _folders(tmp_path)
    done = _cli("--test", test, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "expected cases the fit did not see" in done.stderr
    assert "plaza_accord_1985" in done.stderr


def test_train_and_test_must_differ(tmp_path):
    done = _cli("--train", CASES, "--test", CASES, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert "--test: expected a folder other than --train" in done.stderr


def test_main_job_forecast_headline_and_reasons(example_scenario, ishiba):
    from sim.analysis.forecast_run import forecast_lines, load_fitted, run_forecast
    from sim.data.presets import USPreset, load_preset

    us = load_preset(USPreset, "trump_2025")
    forecast = run_forecast("run", example_scenario, ishiba, us, load_fitted())
    assert sum(forecast.probabilities.values()) == pytest.approx(1.0)
    top = max(forecast.probabilities, key=forecast.probabilities.get)
    low, high = forecast.interval[top]
    assert low <= forecast.probabilities[top] <= high
    lines = forecast_lines(forecast)
    assert lines[0].strip().startswith("forecast: ")
    assert any("trump_2025 keeps 40% of a threatened tariff" in line for line in lines)


def test_calibration_none_gives_no_forecast_and_a_typo_is_an_error(ishiba):
    from sim.base.errors import UserError
    from sim.cli.pipeline import RunSettings, run_forecasts, run_pairs
    from sim.data.presets import USPreset, load_preset

    us = load_preset(USPreset, "trump_2025")
    settings = RunSettings(scenario="ishiba_white_house_2025", calibration="none")
    assert run_forecasts(settings, run_pairs(settings), us) == []
    bad = RunSettings(scenario="ishiba_white_house_2025", calibration="fited")
    with pytest.raises(UserError, match="calibration: expected fitted or none"):
        run_forecasts(bad, run_pairs(bad), us)


def test_article_runs_keep_the_original_us_model():
    from sim.cli.pipeline import article_only
    from sim.data.presets import USPreset, load_preset

    us = article_only(load_preset(USPreset, "trump_2025"))
    assert us.policy_tariff_share == 0 and us.cost_tolerance == 0 and us.name == "trump_2025"


@pytest.mark.slow
def test_shipped_fit_is_a_fresh_fit_of_the_library():
    import json

    from sim.data.cases import load_library
    from sim.analysis.forecast_run import FIT_FILE, fitted_document

    library = load_library()
    fresh = fitted_document(forecast_fit.refit_library(library), [c.name for c in library])
    assert fresh == json.loads(FIT_FILE.read_text("utf-8"))


def test_record_based_baseline_hook_is_scored_when_provided(cases, monkeypatch):
    import types

    fake = types.ModuleType("sim.estimate")
    fake.forecast_classes = lambda scenario: [0.25, 0.25, 0.25, 0.25]
    monkeypatch.setitem(sys.modules, "sim.estimate", fake)
    import sim

    monkeypatch.setattr(sim, "estimate", fake, raising=False)
    train = [c for c in cases if c.name in TRAIN]
    fitted = _fit_at_defaults(train, dict.fromkeys(forecast_fit.POOL, 0.25))
    scored = [forecast_fit.forecast_case(fitted, c, ForecastCache()) for c in train]
    table = summary(scored)
    assert table["record_based"]["log_score"] == pytest.approx(np.log(0.25))


def test_record_based_forecast_maps_the_crisis_game_given_a_challenge(cases):
    from sim.estimate.bridge import forecast_classes, record_outlook

    case = next(c for c in cases if c.name == "framework_talks_1994")
    p = forecast_classes(case.scenario)
    equilibria = record_outlook(case.scenario).equilibria
    expected = {
        "concession": np.mean([e.concede_given_challenge for e in equilibria]),
        "concession_under_tariffs": 0.0,
        "standoff": np.mean([e.stand_given_challenge for e in equilibria]),
        "us_backs_down": np.mean([e.back_down_given_challenge for e in equilibria]),
    }
    assert p == pytest.approx([expected[c] for c in CLASSES])
    assert p.sum() == pytest.approx(1.0)


def test_record_based_baseline_is_scored_beside_the_others(cases):
    train = [c for c in cases if c.name in TRAIN]
    fitted = _fit_at_defaults(train, dict.fromkeys(forecast_fit.POOL, 0.25))
    scored = [forecast_fit.forecast_case(fitted, c, ForecastCache()) for c in train]
    table = summary(scored)
    from sim.estimate import forecast_classes

    expected = np.mean(
        [log_score(floored(forecast_classes(c.scenario)), CLASSES.index(c.outcome.outcome_class)) for c in train]
    )
    assert set(table) >= {"combined", "base_rates", "majority", "record_based"}
    assert table["record_based"]["log_score"] == pytest.approx(expected)


def test_policy_keep_moves_the_refrain_row_to_tariffs_standing():
    from sim.analysis.forecast import _cells_to_classes

    cells = np.array([[0.4, 0.3], [0.2, 0.1]])
    assert _cells_to_classes(cells, 0.0) == pytest.approx([0.4, 0.2, 0.1, 0.3])
    assert _cells_to_classes(cells, 1.0) == pytest.approx([0.0, 0.6, 0.4, 0.0])
    half = _cells_to_classes(cells, 0.5)
    assert half == pytest.approx([0.2, 0.4, 0.25, 0.15]) and half.sum() == pytest.approx(1)


def test_the_static_game_s_logit_qre_cells_are_the_principal_branch_of_the_path_follower():
    """``logit_qre_cells`` (damped fixed-point steps in lambda, payoffs per unit of each
    game's largest |payoff|) against :func:`sim.solve.qre.logit_qre` (pseudo-arclength
    continuation) at the fitted lambdas' scale, where four damped steps at each of 24
    lambdas come within 0.01 of each cell; and one game at a time against the batch."""
    from sim.analysis.forecast import logit_qre_cells
    from sim.solve.qre import logit_qre

    rng = np.random.default_rng(3)
    A, B = rng.uniform(-1, 1, (2, 60, 2, 2)) * rng.choice([1e-3, 1.0, 250.0], (60, 1, 1))
    scale = np.abs(np.concatenate([A, B], axis=1)).max(axis=(1, 2))
    for lam in (0.25, 0.5, 1.0):
        cells = logit_qre_cells(A, B, lam)
        assert np.allclose(cells.sum(axis=(1, 2)), 1.0, rtol=0, atol=1e-12)
        for k in range(len(A)):
            row, col = logit_qre(A[k] / scale[k], B[k] / scale[k], lam)
            assert np.abs(cells[k] - np.outer(row, col)).max() < 0.01
            assert logit_qre_cells(A[k : k + 1], B[k : k + 1], lam)[0].tobytes() == cells[k].tobytes()
