"""``python -m sim.backtest``: the article model's fixed-parameter backtest on the case
library (:mod:`sim.analysis.backtest`), or the probabilistic forecasts (:mod:`sim.cli.forecast`)."""

from __future__ import annotations

from pathlib import Path

from sim.analysis.backtest import backtest
from sim.base.errors import UserError
from sim.cli.arguments import ArgumentParser
from sim.cli.forecast import forecast_main
from sim.data.cases import CASES_DIR, load_cases
from sim.report.backtest_report import write_backtest

DESCRIPTION = "Backtest: run every historical case through the models and score them against history."


def main(argv: list[str]) -> int:
    """``python -m sim.backtest [--cases DIR] [--out DIR]``: print the table, write the files.

    ``--forecast`` scores the probabilistic forecasts leave-one-out instead
    (:mod:`sim.analysis.forecast_fit`); ``--train DIR --test DIR`` fits them on one folder and
    scores them on the other.
    """
    parser = ArgumentParser(prog="python -m sim.backtest", description=DESCRIPTION)
    parser.add_argument(
        "--cases", type=Path, default=CASES_DIR, help="folder of case files (default: the built-in scenarios/cases)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("results") / "backtest",
        help="run folder for backtest.csv, backtest.json, backtest.txt",
    )
    parser.add_argument(
        "--forecast",
        action="store_true",
        help="score the probabilistic forecasts leave-one-out (log score, "
        "Brier, hit rate) instead of the fixed-parameter backtest",
    )
    parser.add_argument(
        "--refit",
        action="store_true",
        help="fit the forecast on the whole library and write the main job's sim/analysis/forecast_fit.json",
    )
    parser.add_argument(
        "--train", type=Path, help="fit the forecasts on this folder (default with --test: the whole library) ..."
    )
    parser.add_argument("--test", type=Path, help="... and score them on this one, read only after the fit")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    options = parser.parse_args(argv)
    if options.forecast or options.train or options.test or options.refit:
        return forecast_main(options)
    cases = load_cases(options.cases)
    if len(cases) < 2:
        raise UserError(options.cases, None, "at least two cases (leave-one-out)", f"<{len(cases)} case>")
    print(write_backtest(backtest(cases), options.out), end="")
    return 0
