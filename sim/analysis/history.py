"""Where the article scenarios sit next to the historical cases, under the forecast's fit.

The main job places each scenario it ran beside the US–Japan cases of the library
(``scenarios/cases``), all under the era-aware forecast fitted on the library
(:mod:`sim.analysis.forecast_run`, ``sim/analysis/forecast_fit.json``), so that their positions compare:
the combined forecast's most probable class, Japan's margin between resisting and
conceding under tariffs in the era-aware game, and the bargained concession.

A case's forecast is its **leave-one-out** forecast, made by a fit on the other cases of
the library and stored in the fit file by ``python -m sim.backtest --refit`` (this module
computes no fit); a case the stored fit does not hold (added since the last refit) is
forecast by the fit on all cases and marked ``out_of_sample=False``. Article scenarios,
which are not cases, are forecast by the fit on all cases, as the run's headline is. The
margin and the bargained concession are those of the fit on all cases, under each case's
own era preset; leader presets play no part here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.data.cases import CASES_DIR, Case, load_cases
from sim.analysis.forecast import CLASSES, calibrated_inputs, era_game, model_forecasts
from sim.analysis.forecast_fit import FittedForecast, combined
from sim.analysis.forecast_run import load_fitted
from sim.data.scenario import Scenario


@dataclass(frozen=True)
class HistoryPoint:
    """One case or article scenario under the forecast's fit.

    ``actual_class`` and ``actual_concession`` are the coded outcome (empty and None for
    an article scenario); ``year`` is None where the source gives no date;
    ``predicted_probability`` is the combined forecast's probability of
    ``predicted_class``, its most probable class.
    """

    name: str
    title: str
    date: str
    year: int | None
    kind: str  # "case" or "article"
    us_preset: str
    predicted_class: str
    predicted_probability: float
    actual_class: str
    out_of_sample: bool
    margin_under_tariffs: float
    predicted_concession: float
    actual_concession: float | None


def history_points(
    scenarios: Sequence[Scenario], cases_dir: Path | str = CASES_DIR, fitted: FittedForecast | None = None
) -> tuple[HistoryPoint, ...]:
    """The cases (leave-one-out where stored) and ``scenarios``, oldest first."""
    fitted = fitted or load_fitted()
    points = [_point(case.scenario, fitted, case) for case in load_cases(cases_dir)]
    points += [_point(scenario, fitted, None) for scenario in scenarios]
    return tuple(sorted(points, key=lambda p: (p.year is None, p.year or 0, p.kind, p.name)))


def _point(scenario: Scenario, fitted: FittedForecast, case: Case | None) -> HistoryPoint:
    forecasts = model_forecasts(scenario, fitted.parameters)
    held_out: Mapping[str, float] | None = fitted.leave_one_out.get(case.name) if case is not None else None
    probabilities = np.array([held_out[c] for c in CLASSES]) if held_out is not None else combined(fitted, forecasts)
    best = int(np.argmax(probabilities))
    played, japan, us = calibrated_inputs(scenario, fitted.parameters)
    _, B, _ = era_game(played, japan, us)
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", scenario.date)
    return HistoryPoint(
        name=scenario.name,
        title=scenario.title,
        date=scenario.date,
        year=int(year.group(1)) if year else None,
        kind="case" if case else "article",
        us_preset=forecasts.us_preset,
        predicted_class=CLASSES[best],
        predicted_probability=float(probabilities[best]),
        actual_class=case.outcome.outcome_class if case else "",
        out_of_sample=held_out is not None,
        margin_under_tariffs=float(B[1, 1] - B[1, 0]),
        predicted_concession=forecasts.bargain_concession,
        actual_concession=case.outcome.concession_size.value if case else None,
    )
