"""Probabilistic forecasts: each model's probabilities over the four outcome classes.

Every model answers with a probability for each class of :data:`CLASSES` (the cells of
the stage game, :data:`sim.data.vocabulary.OUTCOME_CLASSES`), so that forecasts can be scored by log
and Brier scores, not only by hits:

* **static**: the 2x2 stage game under uncertainty. The scenario's ranged facts and the
  US preset's ranged parameters are drawn uniformly (:mod:`sim.analysis.uncertainty`), each drawn
  game is solved for its logit quantal response equilibrium (McKelvey and Palfrey 1995;
  precision ``static_lambda`` per unit of the game's payoff scale, traced from 0), and the
  cell probabilities are averaged over the draws;
* **threat**: the threat game with incomplete information about US resolve and the
  escalation step (:mod:`sim.model.escalation`), averaged over the preset's range of
  ``resolve_prior``; the last step is a logit response with precision ``threat_lambda``;
* **bargaining**: the Nash bargained concession (:func:`sim.analysis.backtest.bargained_concession`)
  as the centre of a normal distribution of the concession with spread ``bargain_spread``;
  Japan resists below 0.15 of the demand. A resisted demand is a standoff where the US
  prefers to carry out its tariffs, a US climb-down otherwise; a concession is *under
  tariffs* where the administration keeps tariffs as policy.

A concession to an administration that keeps tariffs as policy ends under tariffs, and its
climb-down from a resisted threat ends with those tariffs standing (a standoff), with the
probability :func:`policy_keep` in every model. The model never reads a case's outcome.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from math import erf, sqrt
from types import MappingProxyType

import numpy as np

from sim.analysis.backtest import FIXED_JAPAN, bargained_concession
from sim.data.vocabulary import OUTCOME_CLASSES
from sim.data.outcome import RESIST_BELOW
from sim.analysis.deal import analyse_deal
from sim.data.eras import era_group, us_preset_for
from sim.model.escalation import escalation_path
from sim.model.payoffs import TERMS, effective_relief, model_parameters, payoff_matrices
from sim.data.presets import JapanPreset, USPreset, era_parameters, stage_parameters
from sim.data.scenario import Scenario, with_overrides
from sim.analysis.uncertainty import RangedInput, ranged_inputs, sample_inputs

CLASSES = OUTCOME_CLASSES
MODELS = ("static", "threat", "bargaining")
#: Every probability is kept at or above this floor (then renormalised), so that one
#: confident miss cannot make a log score infinite.
FLOOR = 0.01
DRAWS = 48
_QRE_STEPS, _QRE_ITERATIONS = 24, 4


@dataclass(frozen=True)
class Prior:
    """A calibrated parameter: its default, the range that is its prior, and its meaning."""

    default: float
    low: float
    high: float
    meaning: str
    grid: tuple[float, ...]


#: The forecast's calibrated parameters. Defaults and ranges are modelling choices stated
#: here (docs/cases.md), not fitted to any case; the fit moves them within their range
#: under a normal prior centred on the default with half the range as its spread.
PRIORS: Mapping[str, Prior] = MappingProxyType(
    {
        "static_lambda": Prior(
            4.0, 0.5, 20.0, "logit precision of the static game's QRE", (0.5, 1.0, 2.0, 4.0, 8.0, 14.0, 20.0)
        ),
        "threat_lambda": Prior(
            4.0, 0.5, 20.0, "logit precision of Japan's answer under tariffs", (0.5, 1.0, 2.0, 4.0, 8.0, 14.0, 20.0)
        ),
        "bargain_spread": Prior(
            0.25, 0.05, 0.5, "spread of the bargained concession", (0.05, 0.1, 0.15, 0.25, 0.35, 0.5)
        ),
        "linkage_stake_weight": Prior(
            0.5, 0.0, 1.0, "share of the linkage scaled by the stake", (0.0, 0.25, 0.5, 0.75, 1.0)
        ),
        "concession_net_cost_share": Prior(0.5, 0.0, 1.0, "net loss share of the package", (0.0, 0.25, 0.5, 0.75, 1.0)),
        "audience_cost_weight": Prior(1.0, 0.25, 3.0, "Japan's audience cost weight", (0.25, 0.5, 1.0, 1.5, 2.0, 3.0)),
        "policy_keep_scale": Prior(
            2.5,
            1.0,
            10.0,
            "policy tariffs kept after a concession, per unit of policy_tariff_share",
            (1.0, 2.0, 2.5, 4.0, 6.0, 10.0),
        ),
    }
)
DEFAULTS: Mapping[str, float] = MappingProxyType({k: p.default for k, p in PRIORS.items()})
_FACT_PARAMETERS = ("linkage_stake_weight", "concession_net_cost_share")


def floored(p: np.ndarray) -> np.ndarray:
    """Probabilities kept at or above :data:`FLOOR` and summing to one."""
    p = np.maximum(np.asarray(p, dtype=float), 0.0)
    p = p / p.sum() if p.sum() > 0 else np.full(len(CLASSES), 1.0 / len(CLASSES))
    return (p + FLOOR) / (1.0 + FLOOR * len(p))


def _as_vector(probabilities: Mapping[str, float]) -> np.ndarray:
    return np.array([probabilities[name] for name in CLASSES], dtype=float)


def calibrated_inputs(
    scenario: Scenario, parameters: Mapping[str, float], japan: JapanPreset | None = None, us: USPreset | None = None
) -> tuple[Scenario, JapanPreset, USPreset]:
    """The scenario and both presets under ``parameters``.

    Without presets: Japan's neutral preset and the US preset of the scenario's era. With a
    Japan preset (the main job's leader), its audience cost weight is multiplied by the
    fitted one (the neutral preset's weight is 1).
    """
    overrides = {name: float(parameters[name]) for name in _FACT_PARAMETERS}
    scenario = with_overrides(scenario, overrides, origin="forecast calibration")
    weight = float(parameters["audience_cost_weight"])
    japan = replace(
        FIXED_JAPAN if japan is None else japan,
        audience_cost_weight=weight * (1.0 if japan is None else japan.audience_cost_weight),
    )
    return scenario, japan, us or us_preset_for(scenario)


def forecast_parameters(scenario: Scenario, japan: JapanPreset, us: USPreset) -> dict:
    """All payoff inputs of the era-aware model: the stage game's and the era parameters."""
    return {**model_parameters(scenario, japan, us), **era_parameters(us)}


def era_game(scenario: Scenario, japan: JapanPreset, us: USPreset) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
    """The era-aware 2x2 game: payoffs ``A``, ``B`` and the named terms."""
    params = forecast_parameters(scenario, japan, us)
    A, B = payoff_matrices(params)
    terms = {name: float(term.compute(params)) for name, term in TERMS.items()}
    return A, B, terms


def _preset_inputs(us: USPreset) -> tuple[RangedInput, ...]:
    names = {spec.name for spec in stage_parameters(USPreset)} | set(era_parameters(us))
    return tuple(
        RangedInput(name, "", getattr(us, name), *us.ranges[name]) for name in sorted(names) if name in us.ranges
    )


def _rng(scenario: Scenario, seed: int) -> np.random.Generator:
    return np.random.default_rng([seed, zlib.crc32(scenario.name.encode("utf-8"))])


def logit_qre_cells(A: np.ndarray, B: np.ndarray, lam: float) -> np.ndarray:
    """Cell probabilities ``(N, 2, 2)`` of the logit QRE of ``N`` 2x2 games.

    The principal branch, traced from ``lam = 0`` in small steps with damped fixed-point
    iterations; precision is per unit of each game's payoff scale (largest |payoff|).
    """
    scale = np.maximum(np.max(np.abs(np.concatenate([A, B], axis=1)), axis=(1, 2)), 1e-9)
    p = np.full(len(A), 0.5)
    q = np.full(len(A), 0.5)
    # Each player's gain from its first strategy against each pure strategy of the other.
    row_gain_first, row_gain_second = A[:, 0, 0] - A[:, 1, 0], A[:, 0, 1] - A[:, 1, 1]
    col_gain_first, col_gain_second = B[:, 0, 0] - B[:, 0, 1], B[:, 1, 0] - B[:, 1, 1]
    for step in range(1, _QRE_STEPS + 1):
        level = lam * step / _QRE_STEPS / scale
        for _ in range(_QRE_ITERATIONS):
            row = q * row_gain_first + (1 - q) * row_gain_second
            col = p * col_gain_first + (1 - p) * col_gain_second
            # np.clip's bits at a fraction of its cost in a loop
            p = 0.5 * p + 0.5 / (1.0 + np.exp(-np.minimum(np.maximum(level * row, -50.0), 50.0)))
            q = 0.5 * q + 0.5 / (1.0 + np.exp(-np.minimum(np.maximum(level * col, -50.0), 50.0)))
    return np.stack([np.stack([p * q, p * (1 - q)], -1), np.stack([(1 - p) * q, (1 - p) * (1 - q)], -1)], 1)


def policy_keep(us: USPreset, scale: float) -> float:
    """Probability that a concession to the threat alone still ends under policy tariffs.

    ``min(1, scale * policy_tariff_share)``: 0 for an administration that keeps no tariffs
    as policy, rising with the share it keeps; ``scale`` (``policy_keep_scale``) is
    calibrated.
    """
    return float(min(1.0, scale * us.policy_tariff_share))


def _cells_to_classes(cells: np.ndarray, keep: float) -> np.ndarray:
    """Class probabilities from stage-game cell probabilities (refrain/tariff x concede/resist).

    The refrain row ends with tariffs still standing with probability ``keep``: the
    administration's policy tariffs stay whether the partner concedes (a concession under
    tariffs) or resists (a standoff: tariffs stood, :func:`sim.data.outcome.outcome_class`).
    """
    concession, under = cells[0, 0] * (1.0 - keep), cells[1, 0] + cells[0, 0] * keep
    standoff, backs_down = cells[1, 1] + cells[0, 1] * keep, cells[0, 1] * (1.0 - keep)
    return np.array([concession, under, standoff, backs_down])


def static_forecast(
    scenario: Scenario, japan: JapanPreset, us: USPreset, lam: float, keep: float, seed: int = 0
) -> np.ndarray:
    """The static game's class probabilities: ranged inputs drawn, logit QRE averaged."""
    base = forecast_parameters(scenario, japan, us)
    inputs = tuple(i for i in ranged_inputs(scenario) if i.name not in _FACT_PARAMETERS)
    drawn = sample_inputs(inputs + _preset_inputs(us), DRAWS, _rng(scenario, seed))
    A, B = payoff_matrices({**base, **drawn})
    A, B = np.broadcast_to(A, (DRAWS, 2, 2)), np.broadcast_to(B, (DRAWS, 2, 2))
    cells = logit_qre_cells(A, B, lam).mean(axis=0)
    return _cells_to_classes(cells, keep)


def threat_forecast(
    scenario: Scenario, japan: JapanPreset, us: USPreset, lam: float, keep: float, points: int = 5
) -> np.ndarray:
    """The threat game's class probabilities over the preset's range of resolve priors."""
    A, B, terms = era_game(scenario, japan, us)
    low, high = us.ranges.get("resolve_prior", (us.resolve_prior, us.resolve_prior))
    relief = float(effective_relief(forecast_parameters(scenario, japan, us)))
    total = np.zeros(len(CLASSES))
    for prior in np.linspace(low, high, points):
        path = escalation_path(
            A, B, terms["tariff_value_to_us"], float(prior), relief, us.policy_tariff_share, lam, keep
        )
        total += _as_vector(path.probabilities)
    return total / points


def bargaining_forecast(
    scenario: Scenario, japan: JapanPreset, us: USPreset, spread: float, keep: float
) -> tuple[np.ndarray, float]:
    """The bargaining model's class probabilities and its central concession."""
    A, B, terms = era_game(scenario, japan, us)
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
    centre = bargained_concession(deal, terms)
    resist = _normal_cdf((RESIST_BELOW - centre) / spread) - _normal_cdf(-centre / spread)
    resist /= 1.0 - _normal_cdf(-centre / spread) - (1.0 - _normal_cdf((1 - centre) / spread))
    resist = float(np.clip(resist, 0.0, 1.0))
    punished = bool(A[1, 1] > A[0, 1])
    cells = np.array([[1 - resist, 0.0 if punished else resist], [0.0, resist if punished else 0.0]])
    return _cells_to_classes(cells, keep), float(centre)


def _normal_cdf(z: float) -> float:
    return 0.5 * (1.0 + erf(z / sqrt(2.0)))


@dataclass(frozen=True)
class ModelForecasts:
    """Each model's floored class probabilities for one scenario, and the US preset used."""

    static: np.ndarray
    threat: np.ndarray
    bargaining: np.ndarray
    bargain_concession: float
    us_preset: str
    era_group: str

    def of(self, model: str) -> np.ndarray:
        return getattr(self, model)


#: The parameters each model reads besides the shared ones (:data:`SHARED`).
OWN = {"static": "static_lambda", "threat": "threat_lambda", "bargaining": "bargain_spread"}
SHARED = ("linkage_stake_weight", "concession_net_cost_share", "audience_cost_weight", "policy_keep_scale")


def single_forecast(
    model: str,
    scenario: Scenario,
    parameters: Mapping[str, float],
    seed: int = 0,
    japan: JapanPreset | None = None,
    us: USPreset | None = None,
) -> tuple[np.ndarray, float]:
    """One model's floored class probabilities (and the bargained concession, else NaN)."""
    scenario, japan, us = calibrated_inputs(scenario, parameters, japan, us)
    own = float(parameters[OWN[model]])
    keep = policy_keep(us, float(parameters["policy_keep_scale"]))
    if model == "static":
        return floored(static_forecast(scenario, japan, us, own, keep, seed)), float("nan")
    if model == "threat":
        return floored(threat_forecast(scenario, japan, us, own, keep)), float("nan")
    bargain, centre = bargaining_forecast(scenario, japan, us, own, keep)
    return floored(bargain), centre


def model_forecasts(
    scenario: Scenario,
    parameters: Mapping[str, float],
    seed: int = 0,
    japan: JapanPreset | None = None,
    us: USPreset | None = None,
) -> ModelForecasts:
    """All three models' class probabilities for ``scenario`` under ``parameters``."""
    static, threat = (single_forecast(m, scenario, parameters, seed, japan, us)[0] for m in ("static", "threat"))
    bargaining, centre = single_forecast("bargaining", scenario, parameters, seed, japan, us)
    us = us or us_preset_for(scenario)
    return ModelForecasts(
        static=static,
        threat=threat,
        bargaining=bargaining,
        bargain_concession=centre,
        us_preset=us.name,
        era_group=era_group(us),
    )
