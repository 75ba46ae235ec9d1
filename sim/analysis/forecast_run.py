"""The main job's forecast: the combined forecast of a run, with its interval and reasons.

The fitted forecast ships as data, ``sim/analysis/forecast_fit.json``: the parameters, pool weights
and base rates fitted on the whole case library (:func:`sim.analysis.forecast_fit.fit_forecast`),
written by ``python -m sim.backtest --refit`` (a slow test checks that a fresh fit gives
the same file). The main job reads it and forecasts each run: the three models under the
run's presets and the fitted parameters, pooled with the fitted weights. The **interval**
of a class is the lowest and highest probability the pool's parts (three models and the
era base rates) give it. ``calibration=none`` skips the forecast and keeps the article-only
parameters of the rest of the summary.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np

from sim.analysis.forecast import CLASSES, MODELS, ModelForecasts, model_forecasts, policy_keep
from sim.analysis.forecast_fit import POOL, FittedForecast, combined, rates_for
from sim.data.presets import JapanPreset, USPreset
from sim.data.scenario import Scenario

FIT_FILE = Path(__file__).with_name("forecast_fit.json")
CALIBRATIONS = ("fitted", "none")
WORDS = {
    "concession": "concession",
    "concession_under_tariffs": "concession under tariffs",
    "standoff": "standoff (Japan resists, tariffs stand)",
    "us_backs_down": "the US backs down",
}


def fitted_document(fitted: FittedForecast, training: list[str]) -> dict:
    """The JSON document of a fit (rounded, so that the same fit gives the same bytes)."""
    return {
        "command": "python -m sim.backtest --refit",
        "method": "regularised fit on the whole library; pool weights from 5 inner folds; "
        "leave_one_out: each case's combined forecast by a fit without it",
        "training_cases": training,
        "parameters": {k: round(float(v), 6) for k, v in fitted.parameters.items()},
        "weights": {k: round(float(v), 6) for k, v in fitted.weights.items()},
        "base_rates": [round(float(x), 6) for x in fitted.base_rates],
        "era_rates": {group: [round(float(x), 6) for x in rates] for group, rates in fitted.era_rates.items()},
        "leave_one_out": {
            name: {c: round(float(p), 6) for c, p in forecast.items()}
            for name, forecast in fitted.leave_one_out.items()
        },
        "warnings": list(fitted.warnings),
    }


def load_fitted(path: Path = FIT_FILE) -> FittedForecast:
    """The shipped fit as a :class:`FittedForecast`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rates = np.array(data["base_rates"], dtype=float)
    era = {group: np.array(values, dtype=float) for group, values in data["era_rates"].items()}
    return FittedForecast(
        parameters=MappingProxyType(data["parameters"]),
        weights=MappingProxyType(data["weights"]),
        base_rates=rates,
        majority=rates,
        warnings=tuple(data["warnings"]),
        era_rates=MappingProxyType(era),
        training=tuple(data["training_cases"]),
        leave_one_out=MappingProxyType(data.get("leave_one_out", {})),
    )


@dataclass(frozen=True)
class RunForecast:
    """A run's combined forecast, each part's probabilities and the reasons in words."""

    label: str
    probabilities: Mapping[str, float]
    parts: Mapping[str, tuple[float, ...]]
    interval: Mapping[str, tuple[float, float]]
    reasons: tuple[str, ...]


def run_forecast(
    label: str, scenario: Scenario, japan: JapanPreset, us: USPreset, fitted: FittedForecast
) -> RunForecast:
    """The combined forecast of one run under the shipped fit."""
    forecasts = model_forecasts(scenario, fitted.parameters, japan=japan, us=us)
    pooled = combined(fitted, forecasts)
    parts = {m: forecasts.of(m) for m in MODELS} | {"era_rates": rates_for(fitted, forecasts)}
    interval = {
        c: (float(min(p[i] for p in parts.values())), float(max(p[i] for p in parts.values())))
        for i, c in enumerate(CLASSES)
    }
    return RunForecast(
        label=label,
        probabilities=MappingProxyType(dict(zip(CLASSES, map(float, pooled)))),
        parts=MappingProxyType({k: tuple(map(float, v)) for k, v in parts.items()}),
        interval=MappingProxyType(interval),
        reasons=tuple(_reasons(forecasts, fitted, us)),
    )


def _reasons(forecasts: ModelForecasts, fitted: FittedForecast, us: USPreset) -> list[str]:
    names = {
        "static": "static game (input ranges, logit QRE)",
        "threat": "threat game (uncertain resolve, escalation path)",
        "bargaining": "bargaining",
        "era_rates": f"the library's base rates for {forecasts.us_preset} ({forecasts.era_group})",
    }
    lines = []
    for name in POOL:
        p = forecasts.of(name) if name in MODELS else rates_for(fitted, forecasts)
        best = CLASSES[int(np.argmax(p))]
        extra = f", concession {forecasts.bargain_concession:.0%} of the demand" if name == "bargaining" else ""
        lines.append(f"{names[name]} (weight {fitted.weights[name]:.2f}): {WORDS[best]} {float(np.max(p)):.0%}{extra}")
    keep = policy_keep(us, float(fitted.parameters["policy_keep_scale"]))
    lines.append(
        f"{us.name} keeps {us.policy_tariff_share:.0%} of a threatened tariff as "
        f"policy: a concession still ends under tariffs with probability {keep:.0%}"
    )
    return lines


def forecast_lines(forecast: RunForecast) -> list[str]:
    """The forecast of one run in words: the headline class, the others, the reasons."""
    ranked = sorted(CLASSES, key=lambda c: -forecast.probabilities[c])
    top = ranked[0]
    low, high = forecast.interval[top]
    others = ", ".join(f"{WORDS[c]} {forecast.probabilities[c]:.0%}" for c in ranked[1:])
    lines = [f"    forecast: {WORDS[top]} {forecast.probabilities[top]:.0%} (models {low:.0%} to {high:.0%}); {others}"]
    return lines + [f"      because {reason}" for reason in forecast.reasons]


def forecast_table(forecasts: list[RunForecast]) -> str:
    """``forecast.csv``: one row per run, each class's combined and part probabilities."""
    header = ["run", *(f"combined:{c}" for c in CLASSES), *(f"{part}:{c}" for part in POOL for c in CLASSES)]
    rows = [",".join(header)]
    for f in forecasts:
        cells = [
            f.label,
            *(f"{f.probabilities[c]:.4f}" for c in CLASSES),
            *(f"{f.parts[part][i]:.4f}" for part in POOL for i in range(len(CLASSES))),
        ]
        rows.append(",".join(cells))
    return "\n".join(rows) + "\n"
