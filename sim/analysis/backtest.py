"""Backtest: run every historical case through the models and score them against history.

Each case (:mod:`sim.data.cases`) is solved with **one fixed set of model parameters**
(:data:`FIXED_JAPAN`, :data:`FIXED_US`) and three models:

* **static**: the 2x2 stage game's equilibrium (:func:`sim.solve.solvers.solve_game`). A unique
  pure equilibrium predicts its cell; otherwise the most probable cell of the first
  equilibrium is predicted, marked ``mixed``;
* **sequential**: the subgame-perfect path of the threat game
  (:func:`sim.model.sequential.analyse_threat`): threat and concession is ``concession``, a
  resisted threat carried out ``standoff``, one abandoned ``us_backs_down``, no threat
  ``no_threat``;
* **bargaining**: the Nash bargaining concession with equal weights
  (:func:`sim.analysis.deal.analyse_deal`) against the coded concession size. Where the deal
  module finds no bargaining problem, :func:`bargained_concession` says what Japan gives:
  its whole win-set when conceding costs it less than the security risk of resisting
  (``K + D <= L``), nothing otherwise (its outside option or the fight beats every deal).

Two parameters are **calibrated** (:data:`GRID`): ``concession_net_cost_share`` (the
share of the package that is a net loss to Japan, set for every case) and
``audience_cost_weight`` (Japan's). :func:`fit` picks the grid point with the least loss
(:func:`case_loss`: static miss + sequential miss + |bargaining error|, summed over the
cases it is given; ties go to the point nearest :data:`DEFAULTS`, then grid order).
:func:`leave_one_out` predicts each case with the parameters fitted on the others only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import product
from types import MappingProxyType

import numpy as np

from sim.data.cases import Case
from sim.data.outcome import japan_response
from sim.analysis.deal import DealAnalysis, analyse_deal
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS, stage_game
from sim.data.presets import JapanPreset, USPreset
from sim.data.provenance import Provenance
from sim.data.scenario import Scenario, with_overrides
from sim.model.sequential import analyse_threat
from sim.solve.solvers import Equilibrium, solve_game

_ASSUMED = "one fixed set for every case and era; not tuned per case"
#: Japan's side of the fixed parameter set: neutral weights (1), as no leader preset fits
#: every era; the patience of the Ishiba preset.
FIXED_JAPAN = JapanPreset(
    name="historical",
    label="Historical cases: neutral Japanese government",
    audience_cost_weight=1.0,
    concession_cost_weight=1.0,
    patience=0.9,
    repeated_strategy="tit_for_tat",
    sources=MappingProxyType({}),
    provenance=MappingProxyType(
        {
            "audience_cost_weight": Provenance("assumed", why=f"neutral weight (1); {_ASSUMED}"),
            "concession_cost_weight": Provenance("assumed", why=f"neutral weight (1); {_ASSUMED}"),
            "patience": Provenance("assumed", why=f"the ishiba preset's 0.9; {_ASSUMED}"),
            "repeated_strategy": Provenance("assumed", why="unused by the backtest"),
        }
    ),
)
#: The US side: the trump_2025 preset's values, so the backtest tests the model as shipped.
FIXED_US = USPreset(
    name="historical",
    label="Historical cases: the trump_2025 preset's parameters",
    deficit_fixation=0.1,
    precedent_weight=0.5,
    linkage_probability=0.3,
    resolve_prior=0.6,
    patience=0.85,
    repeated_strategy="escalating_demand",
    sources=MappingProxyType({}),
    provenance=MappingProxyType(
        {
            name: Provenance("assumed", why=f"the trump_2025 preset's value; {_ASSUMED}")
            for name in (
                "deficit_fixation",
                "precedent_weight",
                "linkage_probability",
                "resolve_prior",
                "patience",
                "repeated_strategy",
            )
        }
    ),
)

CALIBRATED = ("concession_net_cost_share", "audience_cost_weight")
GRID: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "concession_net_cost_share": tuple(round(float(x), 2) for x in np.linspace(0.0, 1.0, 11)),
        "audience_cost_weight": (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
    }
)
DEFAULTS: Mapping[str, float] = MappingProxyType({"concession_net_cost_share": 0.5, "audience_cost_weight": 1.0})
_SPE_CLASS = {"concede": "concession", "carry out": "standoff", "back down": "us_backs_down", "no threat": "no_threat"}


@dataclass(frozen=True)
class Prediction:
    """What the models predict for one scenario under one parameter set.

    ``margin_under_tariffs`` is Japan's payoff from resisting minus conceding when the US
    imposes tariffs (``B[1,1] - B[1,0]``, US$ bn a year; > 0: resisting pays).
    """

    static_class: str
    static_note: str
    sequential_class: str
    threat_concede_probability: float
    bargain_concession: float
    margin_under_tariffs: float


def cell_class(us_action: str, japan_action: str) -> str:
    """The outcome class of a stage-game cell (as :func:`sim.data.outcome.outcome_class`)."""
    from sim.data.outcome import outcome_class

    return outcome_class(
        "refrain" if us_action == "refrain" else "tariff", "resist" if japan_action == "resist" else "concede"
    )


def predict_scenario(scenario: Scenario, japan: JapanPreset = FIXED_JAPAN, us: USPreset = FIXED_US) -> Prediction:
    """Solve the static, sequential and bargaining models of any scenario (a pure function)."""
    game = stage_game(scenario, japan, us)
    A, B, terms = game.us_payoffs, game.japan_payoffs, game.terms
    static_class, note = _static_class(solve_game(A, B).equilibria)
    threat = analyse_threat(A, B, terms["tariff_value_to_us"], us.resolve_prior, 2)
    deal = analyse_deal(
        A,
        B,
        terms,
        scenario.value("approval"),
        scenario.value("public_support_for_resisting"),
        japan.patience,
        us.patience,
        curve_points=2,
    )
    return Prediction(
        static_class=static_class,
        static_note=note,
        sequential_class=_SPE_CLASS[threat.spe_path[-1]],
        threat_concede_probability=float(threat.pbe.concede),
        bargain_concession=bargained_concession(deal, terms),
        margin_under_tariffs=float(B[1, 1] - B[1, 0]),
    )


def bargained_concession(deal: DealAnalysis, terms: Mapping[str, float]) -> float:
    """The Nash concession; without one, the win-set cap if ``K + D <= L``, else 0."""
    if deal.nash is not None:
        return float(deal.nash.concession)
    cost = terms["concession_cost_to_japan"] + terms["audience_cost"]
    return float(deal.win_set_cap) if cost <= terms["security_linkage_cost"] else 0.0


def _static_class(equilibria: Sequence[Equilibrium]) -> tuple[str, str]:
    if len(equilibria) == 1 and equilibria[0].is_pure:
        eq = equilibria[0]
        return cell_class(
            US_ACTIONS[int(np.argmax(eq.row_strategy))], JAPAN_ACTIONS[int(np.argmax(eq.col_strategy))]
        ), "pure"
    eq = next((e for e in equilibria if not e.is_pure), equilibria[0])
    cells = np.outer(eq.row_strategy, eq.col_strategy)
    i, j = np.unravel_index(int(np.argmax(cells)), cells.shape)
    note = (
        f"mixed: Japan concedes with p={eq.col_strategy[0]:.2f}"
        if not eq.is_pure
        else f"{len(equilibria)} equilibria, first taken"
    )
    return cell_class(US_ACTIONS[i], JAPAN_ACTIONS[j]), note


def predict(case: Case, parameters: Mapping[str, float]) -> Prediction:
    """The case's predictions with the fixed parameter set and the calibrated ``parameters``."""
    return calibrated_prediction(case.scenario, parameters)


def calibrated_prediction(scenario: Scenario, parameters: Mapping[str, float]) -> Prediction:
    """Any scenario's predictions with the fixed parameter set and calibrated ``parameters``."""
    scenario = with_overrides(
        scenario, {"concession_net_cost_share": parameters["concession_net_cost_share"]}, origin="backtest calibration"
    )
    japan = replace(FIXED_JAPAN, audience_cost_weight=parameters["audience_cost_weight"])
    return predict_scenario(scenario, japan, FIXED_US)


Predictor = Callable[[Case, Mapping[str, float]], Prediction]


def case_loss(case: Case, prediction: Prediction) -> float:
    """Static miss (0/1) + sequential miss (0/1) + |bargained - actual concession|."""
    actual = case.outcome
    return (
        float(prediction.static_class != actual.outcome_class)
        + float(prediction.sequential_class != actual.outcome_class)
        + abs(prediction.bargain_concession - actual.concession_size.value)
    )


def grid_points(grid: Mapping[str, Sequence[float]] = GRID) -> list[dict[str, float]]:
    """Every combination of the grid's values, in a fixed order."""
    names = list(grid)
    return [dict(zip(names, values)) for values in product(*(grid[n] for n in names))]


def fit(
    cases: Sequence[Case], grid: Mapping[str, Sequence[float]] = GRID, predictor: Predictor = predict
) -> dict[str, float]:
    """The grid point with the least summed :func:`case_loss` over ``cases`` (and only them).

    Ties go to the point nearest :data:`DEFAULTS` (sum of absolute differences), then to
    the first in grid order: the fit is deterministic.
    """
    if not cases:
        raise ValueError("fitting needs at least one case")
    best, best_key = None, None
    for order, point in enumerate(grid_points(grid)):
        loss = sum(case_loss(case, predictor(case, point)) for case in cases)
        distance = sum(abs(point[name] - DEFAULTS[name]) for name in point)
        key = (round(loss, 9), round(distance, 9), order)
        if best_key is None or key < best_key:
            best, best_key = point, key
    if best is None:
        raise ValueError("fitting needs at least one grid point")
    return best


@dataclass(frozen=True)
class CaseResult:
    """One case: the parameters used, the predictions and the record."""

    case: Case
    parameters: Mapping[str, float]
    prediction: Prediction

    @property
    def static_hit(self) -> bool:
        return self.prediction.static_class == self.case.outcome.outcome_class

    @property
    def sequential_hit(self) -> bool:
        return self.prediction.sequential_class == self.case.outcome.outcome_class

    @property
    def bargain_error(self) -> float:
        return self.prediction.bargain_concession - self.case.outcome.concession_size.value

    @property
    def bargain_hit(self) -> bool:
        """The bargained concession falls in the band of Japan's coded response."""
        return japan_response(self.prediction.bargain_concession) == self.case.outcome.japan


def leave_one_out(
    cases: Sequence[Case],
    grid: Mapping[str, Sequence[float]] = GRID,
    fitter: Callable = fit,
    predictor: Predictor = predict,
) -> list[CaseResult]:
    """Each case predicted with parameters ``fitter`` fitted on the other cases only."""
    results = []
    for index, held_out in enumerate(cases):
        training = [case for k, case in enumerate(cases) if k != index]
        parameters = fitter(training, grid, predictor)
        results.append(CaseResult(held_out, parameters, predictor(held_out, parameters)))
    return results


@dataclass(frozen=True)
class BacktestResult:
    """Leave-one-out results (the honest score), in-sample results, and both fits."""

    leave_one_out: tuple[CaseResult, ...]
    in_sample: tuple[CaseResult, ...]
    in_sample_parameters: Mapping[str, float]
    defaults: tuple[CaseResult, ...]


def hit_rates(results: Sequence[CaseResult]) -> dict[str, float]:
    """Shares of hits of each model, and the bargaining mean absolute error."""
    n = len(results)
    return {
        "static": sum(r.static_hit for r in results) / n,
        "sequential": sum(r.sequential_hit for r in results) / n,
        "bargaining": sum(r.bargain_hit for r in results) / n,
        "bargaining_mae": sum(abs(r.bargain_error) for r in results) / n,
    }


def majority_baseline(cases: Sequence[Case]) -> list[str]:
    """Leave-one-out naive forecast: the most common class among the other cases.

    Ties go to the class listed first in :data:`sim.data.outcome.OUTCOME_CLASSES`. A model is
    only informative where it beats this.
    """
    from collections import Counter

    from sim.data.outcome import OUTCOME_CLASSES

    forecasts = []
    for index in range(len(cases)):
        counts = Counter(c.outcome.outcome_class for k, c in enumerate(cases) if k != index)
        forecasts.append(max(OUTCOME_CLASSES, key=lambda name: (counts[name], -OUTCOME_CLASSES.index(name))))
    return forecasts


def backtest(cases: Sequence[Case], grid: Mapping[str, Sequence[float]] = GRID) -> BacktestResult:
    """Leave-one-out, in-sample and uncalibrated predictions of every case.

    Predictions are pure, so they are cached per (case, grid point) across the folds;
    each fold's fit still sees only its training cases.
    """
    cache: dict = {}

    def cached(case: Case, point: Mapping[str, float]) -> Prediction:
        key = (case.scenario.path, tuple(sorted(point.items())))
        if key not in cache:
            cache[key] = predict(case, point)
        return cache[key]

    loo = leave_one_out(cases, grid, fit, cached)
    everything = fit(cases, grid, cached)
    return BacktestResult(
        leave_one_out=tuple(loo),
        in_sample=tuple(CaseResult(c, everything, cached(c, everything)) for c in cases),
        in_sample_parameters=MappingProxyType(dict(everything)),
        defaults=tuple(CaseResult(c, DEFAULTS, cached(c, DEFAULTS)) for c in cases),
    )
