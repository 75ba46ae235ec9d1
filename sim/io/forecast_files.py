"""The forecast's files: the shipped fit (``sim/analysis/forecast_fit.json``, written by
``python -m sim.backtest --refit``) and a run's ``forecast.csv``, written atomically."""

from __future__ import annotations

import json
from pathlib import Path

from sim.analysis.forecast_fit import FittedForecast
from sim.analysis.forecast_run import FIT_FILE, RunForecast, fitted_document, forecast_table
from sim.io.safe_files import write_atomic


def save_fitted(fitted: FittedForecast, training: list[str], path: Path = FIT_FILE) -> str:
    text = json.dumps(fitted_document(fitted, training), indent=1) + "\n"
    write_atomic(path, text)
    return text


def write_run_forecasts(forecasts: list[RunForecast], out_dir: Path) -> None:
    write_atomic(Path(out_dir) / "forecast.csv", forecast_table(forecasts))
