"""The probabilistic backtest's command: ``python -m sim.backtest --forecast`` or
``--train DIR --test DIR`` (parsed by :func:`sim.cli.backtest.main`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.data.cases import CASES_DIR, load_cases, load_library
from sim.base.errors import UserError
from sim.analysis.forecast_fit import leave_one_out, train_test
from sim.report.forecast_report import write_forecast


def forecast_main(options: argparse.Namespace) -> int:
    """Run leave-one-out (``--forecast``) or train/test scoring; print the table."""
    if options.refit:
        from sim.analysis.forecast_fit import fit_forecast
        from sim.analysis.forecast_run import FIT_FILE
        from sim.io.forecast_files import save_fitted

        library = load_library()
        save_fitted(fit_forecast(library), [c.name for c in library])
        print(f"Fitted on {len(library)} cases; written to {FIT_FILE}")
        return 0
    out = options.out if options.out != Path("results") / "backtest" else (
        Path("results") / "forecast")
    if options.train or options.test:
        if not (options.train and options.test):
            raise UserError("python -m sim.backtest", "--train/--test",
                            "both folders (--train DIR --test DIR)",
                            f"only --{'train' if options.train else 'test'}")
        if options.cases != CASES_DIR:
            raise UserError("python -m sim.backtest", "--cases",
                            "either --cases or --train/--test", "both")
        if options.train.resolve() == options.test.resolve():
            raise UserError("python -m sim.backtest", "--test",
                            "a folder other than --train (scores on cases the fit saw "
                            "are not out of sample)", str(options.test))
        training = load_cases(options.train)  # the test folder is read only after the fit
        scored = train_test(training, lambda: load_cases(options.test))
        title = (f"Forecasts fitted on {options.train} ({len(training)} cases), "
                 f"scored on {options.test} ({len(scored)} cases)")
        method = "train/test"
    else:
        library = options.cases == CASES_DIR
        cases = load_library() if library else load_cases(options.cases)
        if len(cases) < 3:
            raise UserError(options.cases, None, "at least three cases (leave-one-out)",
                            f"<{len(cases)} cases>")
        scored = leave_one_out(cases)
        where = "the library: scenarios/cases and scenarios/cases/partners" if library else (
            options.cases)
        title = f"Leave-one-out forecasts of {len(cases)} cases ({where})"
        method = "leave-one-out"
    print(write_forecast(scored, out, title, method), end="")
    return 0
