"""``python -m sim.estimate SPEC``: estimate the crisis game on real sanction data.

Reads an estimation specification (:mod:`sim.estimate.spec`) and its data, estimates the
crisis game of Lewis & Schultz (2003) by ``--method`` (``default``: the highest
log-likelihood at a verified equilibrium over NPL and CMLE from ``--starts`` starts;
``cmle``, ``npl`` or ``pl``), prints the coefficient table (estimate, standard error, z),
the log-likelihood, the method, the equilibrium check and the time, and writes
``coefficients.csv``, ``fitted.csv``, ``estimate.json`` and two figures under ``--out``
(default: a new folder under ``results/estimate/``); ``--save-fit FILE`` also writes the
fit with its provenance in the format of the shipped ``sim/estimate/sanctions_fit.json``.
``--json`` prints one JSON object instead of the table. A bad specification or data file
prints one line ``error: ...`` and exits 2 (``--debug`` shows the traceback).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from sim.cli.arguments import ArgumentParser, run_cli, whole_argument
from sim.base.errors import UserError
from sim.io.safe_files import write_atomic
from sim.estimate.fit import METHODS, estimate
from sim.io.estimate_output import share_panels, summary_text, to_json, write_tables
from sim.estimate.result import predict
from sim.estimate.shipped import fit_record
from sim.estimate.spec import load_design
from sim.estimate.statics import comparative_statics, covariates_of, raw_value


def arguments() -> ArgumentParser:
    parser = ArgumentParser(prog="python -m sim.estimate", description=__doc__.split("\n")[0])
    parser.add_argument("spec", type=Path, help="an estimation specification (.yaml)")
    parser.add_argument(
        "--method",
        choices=METHODS,
        default="default",
        help="estimator (default: best verified equilibrium of NPL and CMLE)",
    )
    parser.add_argument(
        "--starts", type=whole_argument(100, low=1), default=3, help="starting points of PL and CMLE (default 3)"
    )
    parser.add_argument(
        "--seed", type=whole_argument(), default=0, help="seed of the first stage and the random starts (default 0)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--out", type=Path, help="output folder (default: a new folder under results/estimate/)")
    parser.add_argument(
        "--covariate",
        help="covariate of the comparative-statics figure (default: targetecondep, else the first regressor)",
    )
    parser.add_argument(
        "--save-fit",
        type=Path,
        metavar="FILE",
        help="also write the fit with its provenance as JSON (the record "
        "sim/estimate/sanctions_fit.json that ships with Gaiatsu)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    return parser


def default_out() -> Path:
    """``results/estimate/<date>_<time>``, made unique with a suffix if it exists."""
    base = Path("results") / "estimate" / time.strftime("%Y-%m-%d_%H-%M-%S")
    out, n = base, 1
    while out.exists():
        n += 1
        out = base.with_name(f"{base.name}_{n}")
    return out


def statics_covariate(design, wanted: str | None) -> str:
    names = covariates_of(design)
    if wanted is None:
        if not names:
            raise UserError(
                design.spec_path,
                "utilities",
                "at least one regressor for the comparative-statics figure",
                "<constants only>",
            )
        return "targetecondep" if "targetecondep" in names else names[0]
    if wanted not in names:
        raise UserError(
            "python -m sim.estimate", "--covariate", "a covariate of the specification: " + ", ".join(names), wanted
        )
    return wanted


def write_figures(out: Path, design, fit, prediction, covariate: str) -> list[Path]:
    from sim.report.estimate_figures import shares_figure, statics_figure
    from sim.report.plots import save_figure

    row = design.game_ids.index("002740_1990") if "002740_1990" in design.game_ids else 0
    low, high = _covariate_range(design, covariate)
    statics = comparative_statics(design, fit.beta, row, covariate, np.linspace(low, high, 121))
    return save_figure(shares_figure(share_panels(design, prediction)), out / "shares") + save_figure(
        statics_figure(statics), out / "statics"
    )


def _covariate_range(design, covariate: str) -> tuple[float, float]:
    values = [raw_value(design, i, covariate) for i in range(design.n_games)]
    low, high = min(values), max(values)
    return (low, high) if high > low else (low - 1, high + 1)


def main(argv: list[str]) -> int:
    options = arguments().parse_args(argv)
    design = load_design(options.spec)
    covariate = statics_covariate(design, options.covariate)
    cpu = time.process_time()
    fit = estimate(design, options.method, options.starts, options.seed)
    cpu = time.process_time() - cpu
    prediction = predict(design, fit)
    out = options.out or default_out()
    written = write_tables(out, design, fit, prediction, options.seed)
    written += write_figures(out, design, fit, prediction, covariate)
    if options.save_fit:
        record = fit_record(design, fit, options.seed)
        write_atomic(options.save_fit, json.dumps(record, indent=1) + "\n")
        written.append(options.save_fit)
    if options.json:
        print(json.dumps(to_json(design, fit, prediction)))
    else:
        print(summary_text(design, fit, prediction, cpu))
        print(f"wrote {len(written)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
