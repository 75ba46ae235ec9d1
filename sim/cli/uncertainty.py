"""``python -m sim.uncertainty SCENARIO``: Monte Carlo, tornado and conflicting figures of a
scenario (:mod:`sim.analysis.uncertainty`), printed in words and drawn
(:mod:`sim.report.uncertainty_plots`)."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from sim.analysis.uncertainty import (
    DISTRIBUTIONS,
    conflicts,
    describe_conflicts,
    describe_monte_carlo,
    describe_point,
    describe_tornado,
    monte_carlo,
    tornado,
)
from sim.base.errors import UserError
from sim.cli.arguments import ArgumentParser, whole_argument
from sim.data.presets import JapanPreset, USPreset, load_preset
from sim.data.scenario import Scenario, load_scenario, resolve_scenario_path
from sim.report.uncertainty_plots import write_figures


#: Most draws one command makes (memory: about 9 bytes a draw beyond one block).
MAX_DRAWS = 10_000_000


def arguments() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="python -m sim.uncertainty", description="Monte Carlo, tornado and conflicting figures of a scenario."
    )
    parser.add_argument("scenario", help="a built-in scenario name or a path to a .yaml file")
    parser.add_argument("--japan", help="Japan preset (default: the scenario's leader)")
    parser.add_argument("--us", default="trump_2025", help="US preset (default: trump_2025)")
    parser.add_argument("--draws", type=whole_argument(MAX_DRAWS, low=1), default=10_000, help="Monte Carlo draws")
    parser.add_argument("--seed", type=whole_argument(), default=0, help="seed of the random draws")
    parser.add_argument(
        "--distribution",
        choices=DISTRIBUTIONS,
        default="uniform",
        help="uniform over each range, or triangular with its mode at the value",
    )
    parser.add_argument("--out", type=Path, help="folder for the figures (default: results/uncertainty/SCENARIO)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    return parser


def _japan_name(options: argparse.Namespace, scenario: Scenario) -> str:
    if options.japan:
        return options.japan
    if scenario.leader == "neutral":
        raise UserError(
            "python -m sim.uncertainty", "--japan", "a Japan preset name (the scenario is leader-neutral)", "<nothing>"
        )
    return scenario.leader


def main(argv: list[str]) -> int:
    """Run the three analyses, print them in words and write the figures."""
    options = arguments().parse_args(argv)
    scenario = load_scenario(resolve_scenario_path(options.scenario))
    japan = load_preset(JapanPreset, _japan_name(options, scenario))
    us = load_preset(USPreset, options.us)
    mc = monte_carlo(scenario, japan, us, options.draws, np.random.default_rng(options.seed), options.distribution)
    bars, found = tornado(scenario, japan, us), conflicts(scenario, japan, us)
    text = (
        "\n".join(
            [
                *describe_point(mc),
                "",
                *describe_monte_carlo(mc, options.seed),
                "",
                *describe_tornado(bars),
                "",
                *describe_conflicts(found),
            ]
        )
        + "\n"
    )
    out = options.out or Path("results") / "uncertainty" / scenario.name
    written = write_figures(mc, bars, text, out)
    print(text + "\nWrote " + ", ".join(str(path) for path in written))
    return 0
