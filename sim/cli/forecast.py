"""The probabilistic backtest's command: ``python -m sim.backtest --forecast`` or
``--train DIR --test DIR`` (parsed by :func:`sim.cli.backtest.main`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.data.cases import CASES_DIR, PARTNERS_DIR, load_cases, load_library
from sim.base.errors import UserError
from sim.analysis.forecast_fit import leave_one_out, train_test
from sim.report.forecast_report import write_forecast


def forecast_main(options: argparse.Namespace) -> int:
    """Run leave-one-out (``--forecast``) or train/test scoring; print the table."""
    if options.refit:
        from sim.analysis.forecast_fit import refit_library
        from sim.analysis.forecast_run import FIT_FILE
        from sim.io.forecast_files import save_fitted

        library = load_library()
        save_fitted(refit_library(library), [c.name for c in library])
        print(f"Fitted on {len(library)} cases; written to {FIT_FILE}")
        return 0
    out = options.out if options.out != Path("results") / "backtest" else (Path("results") / "forecast")
    if options.train or options.test:
        if not options.test:
            raise UserError(
                "python -m sim.backtest",
                "--train/--test",
                "both folders (--train DIR --test DIR), or --test DIR alone",
                "only --train",
            )
        if options.cases != CASES_DIR:
            raise UserError("python -m sim.backtest", "--cases", "either --cases or --train/--test", "both")
        _check_apart(options.train, options.test)
        # the test folder is read only after the fit
        training = load_cases(options.train) if options.train else load_library()
        scored = train_test(training, lambda: _unseen(load_cases(options.test), training, options.test))
        source = options.train or "the library (scenarios/cases and scenarios/cases/partners)"
        title = f"Forecasts fitted on {source} ({len(training)} cases), scored on {options.test} ({len(scored)} cases)"
        method = "train/test"
    else:
        library = options.cases == CASES_DIR
        cases = load_library() if library else load_cases(options.cases)
        if len(cases) < 3:
            raise UserError(options.cases, None, "at least three cases (leave-one-out)", f"<{len(cases)} cases>")
        scored = leave_one_out(cases)
        where = "the library: scenarios/cases and scenarios/cases/partners" if library else (options.cases)
        title = f"Leave-one-out forecasts of {len(cases)} cases ({where})"
        method = "leave-one-out"
    print(write_forecast(scored, out, title, method), end="")
    return 0


def _check_apart(train: Path | None, test: Path) -> None:
    """Refuse a test folder that is the training folder (or, without ``--train``, a folder of
    the library the fit is made on), or a copy of it (the same case file names; the files
    are not read before the fit): scores on cases the fit saw are not out of sample."""
    test = test.resolve()
    seen = [train.resolve()] if train else [CASES_DIR.resolve(), PARTNERS_DIR.resolve()]
    if any(test == folder or _case_files(test) == _case_files(folder) != set() for folder in seen):
        raise UserError(
            "python -m sim.backtest",
            "--test",
            "a folder other than "
            + ("--train" if train else "the library's")
            + " (scores on cases the fit saw are not out of sample)",
            str(test),
        )


def _case_files(folder: Path) -> set[str]:
    """The names of the case files in ``folder`` (not their contents)."""
    return {path.name for path in folder.glob("*.yaml")}


def _unseen(testing: list, training: list, folder: Path) -> list:
    """The test cases, refused if one of them is also a training case (by name)."""
    seen = {case.name for case in training} & {case.name for case in testing}
    if seen:
        raise UserError(folder, None, "cases the fit did not see", "training cases " + ", ".join(sorted(seen)))
    return testing
