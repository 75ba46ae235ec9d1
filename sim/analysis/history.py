"""Where the article scenarios sit next to the historical cases.

The main job places each scenario it ran beside the backtest's cases (:mod:`sim.analysis.backtest`),
all under one parameter set, so that their positions compare: Japan's margin between
resisting and conceding under tariffs, the class of outcome the static game predicts and
the bargained concession. Cases are predicted leave-one-out (each with the calibration
fitted on the other cases) and carry their coded outcome; article scenarios, which are not
cases, are predicted with the calibration fitted on all cases. The leader presets play no
part here: the backtest's fixed parameter set is the common ruler.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.analysis.backtest import backtest, calibrated_prediction
from sim.data.cases import CASES_DIR, Case, load_cases
from sim.data.scenario import Scenario


@dataclass(frozen=True)
class HistoryPoint:
    """One case or article scenario under the backtest's parameter set.

    ``actual_class`` and ``actual_concession`` are the coded outcome (empty and None for
    an article scenario); ``year`` is None where the source gives no date.
    """

    name: str
    title: str
    date: str
    year: int | None
    kind: str  # "case" or "article"
    predicted_class: str
    actual_class: str
    margin_under_tariffs: float
    predicted_concession: float
    actual_concession: float | None
    threat_concede_probability: float
    concession_net_cost_share: float
    audience_cost_weight: float


def history_points(scenarios: Sequence[Scenario],
                   cases_dir: Path | str = CASES_DIR) -> tuple[HistoryPoint, ...]:
    """The cases (leave-one-out) and then ``scenarios`` (fitted on all cases), oldest first."""
    result = backtest(load_cases(cases_dir))
    points = [_point(r.case.scenario, r.prediction, r.parameters, "case", r.case)
              for r in result.leave_one_out]
    fitted = result.in_sample_parameters
    for scenario in scenarios:
        prediction = calibrated_prediction(scenario, fitted)
        points.append(_point(scenario, prediction, fitted, "article", None))
    return tuple(sorted(points, key=lambda p: (p.year is None, p.year or 0, p.kind, p.name)))


def _point(scenario: Scenario, prediction, parameters, kind: str,
           case: Case | None) -> HistoryPoint:
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", scenario.date)
    return HistoryPoint(
        name=scenario.name, title=scenario.title, date=scenario.date,
        year=int(year.group(1)) if year else None, kind=kind,
        predicted_class=prediction.static_class,
        actual_class=case.outcome.outcome_class if case else "",
        margin_under_tariffs=prediction.margin_under_tariffs,
        predicted_concession=prediction.bargain_concession,
        actual_concession=case.outcome.concession_size.value if case else None,
        threat_concede_probability=prediction.threat_concede_probability,
        concession_net_cost_share=float(parameters["concession_net_cost_share"]),
        audience_cost_weight=float(parameters["audience_cost_weight"]))
