"""Fitting and scoring the probabilistic forecasts, out of sample.

* **Scores** of a forecast ``p`` (probabilities over :data:`sim.analysis.forecast.CLASSES`) against
  the coded class ``y``: the log score ``ln p[y]`` (higher is better; every probability is
  floored at :data:`sim.analysis.forecast.FLOOR`), the Brier score ``sum_k (p_k - [k = y])^2``
  (0 best, 2 worst) and the hit (the most probable class is ``y``).
* **Calibration** (:func:`fit_parameters`): the parameters of :data:`sim.analysis.forecast.PRIORS`
  maximise the summed log scores of the three models on the training cases plus a normal
  log prior per parameter (centred on its default, half its range as spread): a
  regularised (maximum a posteriori) estimate by coordinate ascent over each parameter's
  grid, two sweeps, ties to the default. An estimate on the end of its range is reported.
* **Combined forecast** (:func:`fit_forecast`): a linear pool of the three models and the
  training base rates. Its weights are fitted *out of sample*: on the leave-one-out
  forecasts of the training cases made in :data:`INNER_FOLDS` folds (each with parameters
  fitted on the other folds), maximising the pool's log score with a Dirichlet(2) prior
  towards equal weights. The pool's fourth part is the **era base rates**
  (:func:`era_rates`): the class frequencies of the training cases played with the same
  US preset, shrunk towards those of its era group (:func:`sim.data.eras.era_group`: tariffs
  kept as policy or only threatened), shrunk in turn towards the overall base rates.
* **Baselines**: the training base rates (class frequencies with one added to each
  class), the era base rates, the majority class (probability one minus the floor on it), and the
  record-based crisis game of ``sim.estimate`` (:func:`record_based_forecast`).

:func:`fit_forecast` sees only the cases it is given; :func:`leave_one_out` and
:func:`train_test` never pass a scored case to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
from scipy.optimize import minimize

from sim.data.cases import Case
from sim.data.eras import ERA_GROUPS, era_group, us_preset_for, us_preset_name
from sim.analysis.forecast import (
    CLASSES,
    DEFAULTS,
    MODELS,
    OWN,
    PRIORS,
    SHARED,
    ModelForecasts,
    floored,
    single_forecast,
)

POOL = (*MODELS, "era_rates")
#: The pool's weights are fitted on forecasts of the training cases made in this many
#: folds (case k in fold k mod INNER_FOLDS), each by parameters fitted on the other folds.
INNER_FOLDS = 5
BASELINES = ("era_rates", "base_rates", "majority")
#: The weight, in cases, of the overall base rates in each era group's rates.
ERA_PSEUDO_CASES = 4.0


class ForecastCache:
    """Model forecasts per (scenario file, model, the parameters it reads): they are pure."""

    def __init__(self) -> None:
        self._store: dict[tuple[object, ...], tuple[np.ndarray, float]] = {}

    def single(self, case: Case, model: str, parameters: Mapping[str, float]) -> tuple[np.ndarray, float]:
        names = (OWN[model], *SHARED)
        key = (case.scenario.path, model, tuple(float(parameters[n]) for n in names))
        if key not in self._store:
            self._store[key] = single_forecast(model, case.scenario, parameters)
        return self._store[key]

    def __call__(self, case: Case, parameters: Mapping[str, float]) -> ModelForecasts:
        (static, _), (threat, _), (bargaining, centre) = (self.single(case, m, parameters) for m in MODELS)
        return ModelForecasts(
            static, threat, bargaining, centre, us_preset_name(case.scenario), era_group(us_preset_for(case.scenario))
        )


def actual_index(case: Case) -> int:
    return CLASSES.index(case.outcome.outcome_class)


def log_score(p: np.ndarray, actual: int) -> float:
    return float(np.log(p[actual]))


def brier_score(p: np.ndarray, actual: int) -> float:
    target = np.zeros(len(CLASSES))
    target[actual] = 1.0
    return float(np.sum((np.asarray(p) - target) ** 2))


def log_prior(parameters: Mapping[str, float]) -> float:
    """The normal log prior of a parameter set (0 at the defaults)."""
    total = 0.0
    for name, prior in PRIORS.items():
        spread = (prior.high - prior.low) / 2.0
        total -= 0.5 * ((parameters[name] - prior.default) / spread) ** 2
    return total


def _objective(cases: Sequence[Case], parameters: Mapping[str, float], cache: ForecastCache) -> float:
    fit = sum(log_score(cache.single(c, m, parameters)[0], actual_index(c)) for c in cases for m in MODELS)
    return fit + log_prior(parameters)


def fit_parameters(cases: Sequence[Case], cache: ForecastCache | None = None, sweeps: int = 2) -> dict[str, float]:
    """The regularised estimate of :data:`PRIORS` on ``cases`` (and only them)."""
    if not cases:
        raise ValueError("fitting needs at least one case")
    cache = cache or ForecastCache()
    current = dict(DEFAULTS)
    for _ in range(sweeps):
        for name, prior in PRIORS.items():
            scored = []
            for order, value in enumerate(prior.grid):
                trial = {**current, name: value}
                scored.append((-round(_objective(cases, trial, cache), 9), abs(value - prior.default), order, value))
            current[name] = min(scored)[3]
    return current


def bound_warnings(parameters: Mapping[str, float]) -> tuple[str, ...]:
    """One line per estimate that sits on an end of its range."""
    return tuple(
        f"{name} = {parameters[name]:g} sits on the {side} of its range [{prior.low:g}, {prior.high:g}]"
        for name, prior in PRIORS.items()
        for side, end in (("lower end", prior.low), ("upper end", prior.high))
        if parameters[name] == end
    )


def base_rates(cases: Sequence[Case]) -> np.ndarray:
    """Class frequencies of ``cases`` with one added to each class."""
    counts = Counter(case.outcome.outcome_class for case in cases)
    rates = np.array([counts[name] + 1.0 for name in CLASSES])
    return rates / rates.sum()


def era_rates(cases: Sequence[Case]) -> dict[str, np.ndarray]:
    """Class frequencies per era group and per administration, each shrunk towards the
    level above it (an empirical-Bayes hierarchy: overall -> era group -> US preset).

    ``(n_k + m * b_k) / (n + m)`` with ``n_k`` the cases of class ``k`` in the group (or
    under the preset), ``n`` its cases, ``b`` the rates of the level above (the overall
    :func:`base_rates` for a group; its group's rates for a preset) and ``m`` =
    :data:`ERA_PSEUDO_CASES`: a level with few cases keeps close to the one above. The
    keys are both era groups (:data:`sim.data.eras.ERA_GROUPS`) and every US preset of the
    training cases; :func:`rates_for` picks a forecast's.
    """
    overall = base_rates(cases)
    presets = {c.name: us_preset_for(c.scenario) for c in cases}

    def shrunk(members: Sequence[Case], above: np.ndarray) -> np.ndarray:
        counts = Counter(c.outcome.outcome_class for c in members)
        n = np.array([counts[name] for name in CLASSES], dtype=float)
        return (n + ERA_PSEUDO_CASES * above) / (len(members) + ERA_PSEUDO_CASES)

    rates = {group: shrunk([c for c in cases if era_group(presets[c.name]) == group], overall) for group in ERA_GROUPS}
    for name in sorted({us.name for us in presets.values()}):
        members = [c for c in cases if presets[c.name].name == name]
        rates[name] = shrunk(members, rates[era_group(presets[members[0].name])])
    return rates


def rates_for(fitted: FittedForecast, forecasts: ModelForecasts) -> np.ndarray:
    """The era base rates of a forecast: its US preset's, else its era group's."""
    return fitted.era_rates.get(forecasts.us_preset, fitted.era_rates[forecasts.era_group])


def majority(cases: Sequence[Case]) -> np.ndarray:
    """The most common class (ties: the first in :data:`CLASSES`), floored."""
    counts = Counter(case.outcome.outcome_class for case in cases)
    best = max(CLASSES, key=lambda name: (counts[name], -CLASSES.index(name)))
    return floored(np.array([float(name == best) for name in CLASSES]))


def pool_weights(rows: Sequence[tuple[np.ndarray, int]]) -> np.ndarray:
    """Weights of :data:`POOL` maximising the pooled log score (Dirichlet(2) prior).

    ``rows`` holds, per case, the ``(len(POOL), classes)`` forecasts and the actual class.
    """
    if not rows:
        return np.full(len(POOL), 1.0 / len(POOL))
    stacked = np.array([forecasts[:, actual] for forecasts, actual in rows])

    def loss(z: np.ndarray) -> float:
        w = np.exp(z - z.max())
        w /= w.sum()
        return -(np.sum(np.log(stacked @ w)) + np.sum(np.log(w)))

    found = minimize(
        loss, np.zeros(len(POOL)), method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 4000}
    )
    w = np.exp(found.x - found.x.max())
    return np.round(w / w.sum(), 6)


@dataclass(frozen=True)
class FittedForecast:
    """A forecast fitted on training cases: parameters, pool weights, base rates, warnings."""

    parameters: Mapping[str, float]
    weights: Mapping[str, float]
    base_rates: np.ndarray
    majority: np.ndarray
    warnings: tuple[str, ...]
    era_rates: Mapping[str, np.ndarray]
    training: tuple[str, ...] = field(default=())
    #: Per training case, its leave-one-out combined forecast (class -> probability),
    #: where it was computed (:func:`refit_library`).
    leave_one_out: Mapping[str, Mapping[str, float]] = field(default_factory=lambda: MappingProxyType({}))


def _pool_rows(
    case: Case, parameters: Mapping[str, float], rates: Mapping[str, np.ndarray], cache: ForecastCache
) -> np.ndarray:
    forecasts = cache(case, parameters)
    return np.array([*(forecasts.of(m) for m in MODELS), rates.get(forecasts.us_preset, rates[forecasts.era_group])])


def fit_forecast(cases: Sequence[Case], cache: ForecastCache | None = None) -> FittedForecast:
    """Fit parameters on ``cases`` and pool weights on their inner leave-one-out forecasts."""
    cache = cache or ForecastCache()
    parameters = fit_parameters(cases, cache)
    rows = []
    for fold in range(min(INNER_FOLDS, len(cases))):
        inner = [c for k, c in enumerate(cases) if k % INNER_FOLDS != fold]
        if not inner:
            continue
        inner_parameters, rates = fit_parameters(inner, cache), era_rates(inner)
        rows += [
            (_pool_rows(held, inner_parameters, rates, cache), actual_index(held))
            for k, held in enumerate(cases)
            if k % INNER_FOLDS == fold
        ]
    weights = pool_weights(rows)
    return FittedForecast(
        parameters=MappingProxyType(parameters),
        weights=MappingProxyType(dict(zip(POOL, map(float, weights)))),
        base_rates=base_rates(cases),
        majority=majority(cases),
        warnings=bound_warnings(parameters),
        era_rates=MappingProxyType(era_rates(cases)),
        training=tuple(c.scenario.path for c in cases),
    )


@dataclass(frozen=True)
class ScoredCase:
    """One case's forecasts (each model, the pool and the baselines) and the record."""

    case: Case
    forecasts: Mapping[str, np.ndarray]
    bargain_concession: float
    us_preset: str
    fitted: FittedForecast


def combined(fitted: FittedForecast, forecasts: ModelForecasts) -> np.ndarray:
    """The pooled forecast of one scenario's model forecasts."""
    parts = [forecasts.of(m) for m in MODELS] + [rates_for(fitted, forecasts)]
    return floored(sum((fitted.weights[name] * p for name, p in zip(POOL, parts)), np.zeros(len(CLASSES))))


def record_based_forecast(case: Case) -> np.ndarray | None:
    """The record-based baseline: the crisis game estimated on the TIES record.

    ``sim.estimate.forecast_classes(scenario)`` (Lewis and Schultz's crisis game fitted on
    the sanction record, its outcomes given a US challenge mapped onto :data:`CLASSES`;
    docs/cases.md) is scored here as the baseline ``record_based``. Where the estimation
    sub-package is absent this returns None and the baseline is left out of the tables.
    """
    try:
        from sim import estimate
    except ImportError:
        return None
    predict = getattr(estimate, "forecast_classes", None)
    if predict is None:
        return None
    return floored(np.asarray(predict(case.scenario), dtype=float))


def forecast_case(fitted: FittedForecast, case: Case, cache: ForecastCache) -> ScoredCase:
    """Every forecast of ``case`` under a fit that did not see it."""
    forecasts = cache(case, fitted.parameters)
    table = {m: forecasts.of(m) for m in MODELS}
    table["combined"] = combined(fitted, forecasts)
    table["era_rates"] = floored(rates_for(fitted, forecasts))
    table["base_rates"] = floored(fitted.base_rates)
    table["majority"] = fitted.majority
    record = record_based_forecast(case)
    if record is not None:
        table["record_based"] = record
    return ScoredCase(case, MappingProxyType(table), forecasts.bargain_concession, forecasts.us_preset, fitted)


#: Fits a forecast on cases, with a cache of model forecasts (:func:`fit_forecast`).
Fitter = Callable[[Sequence[Case], ForecastCache], FittedForecast]


def leave_one_out(
    cases: Sequence[Case], cache: ForecastCache | None = None, fitter: Fitter = fit_forecast
) -> list[ScoredCase]:
    """Each case forecast by a fit on the other cases only."""
    cache = cache or ForecastCache()
    return [
        forecast_case(fitter([c for k, c in enumerate(cases) if k != i], cache), held, cache)
        for i, held in enumerate(cases)
    ]


def train_test(
    training: Sequence[Case],
    testing: Sequence[Case] | Callable[[], Sequence[Case]],
    cache: ForecastCache | None = None,
    fitter: Fitter = fit_forecast,
) -> list[ScoredCase]:
    """Fit on ``training`` only, then forecast every case of ``testing``.

    ``testing`` may be a sequence of cases or a function that loads them: it is called
    only after the fit has returned, so the fit cannot have read the test folder.
    """
    cache = cache or ForecastCache()
    fitted = fitter(list(training), cache)
    cases = testing() if callable(testing) else testing
    return [forecast_case(fitted, case, cache) for case in cases]


SCORED = ("combined", *MODELS, *BASELINES)


def scored_names(scored: Sequence[ScoredCase]) -> tuple[str, ...]:
    """:data:`SCORED`, and ``record_based`` where every case has it."""
    extra = ("record_based",) if scored and all("record_based" in s.forecasts for s in scored) else ()
    return SCORED + extra


def summary(scored: Sequence[ScoredCase]) -> dict[str, dict[str, float]]:
    """Mean log score, mean Brier score and hit rate of every forecast."""
    table = {}
    for name in scored_names(scored):
        pairs = [(s.forecasts[name], actual_index(s.case)) for s in scored]
        table[name] = {
            "log_score": float(np.mean([log_score(p, y) for p, y in pairs])),
            "brier": float(np.mean([brier_score(p, y) for p, y in pairs])),
            "hit_rate": float(np.mean([int(np.argmax(p)) == y for p, y in pairs])),
        }
    return table


def refit_library(cases: Sequence[Case]) -> FittedForecast:
    """The fit on all ``cases``, carrying each case's leave-one-out combined forecast.

    What ``python -m sim.backtest --refit`` ships (``sim/analysis/forecast_fit.json``): the main
    job forecasts new scenarios with the fit on all cases and shows each case beside them
    with the forecast made without it (:mod:`sim.analysis.history`).
    """
    cache = ForecastCache()
    held_out = {
        s.case.name: MappingProxyType({c: float(p) for c, p in zip(CLASSES, s.forecasts["combined"])})
        for s in leave_one_out(cases, cache)
    }
    fitted = fit_forecast(cases, cache)
    return replace(fitted, leave_one_out=MappingProxyType(held_out))
