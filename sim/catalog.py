"""``python -m sim.catalog``: list the built-in scenarios, historical cases, presets and
repeated-game strategies."""

from __future__ import annotations

import sys

from sim.cases import load_cases
from sim.errors import run_cli
from sim.presets import JapanPreset, USPreset, load_preset, preset_names
from sim.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path
from sim.strategies import REGISTRY


def catalog_text() -> str:
    """The catalogue as text: scenarios (stem, date, paired leader, title), cases, presets."""
    lines = ["Scenarios (scenario=NAME):"]
    for name in builtin_scenario_names():
        scenario = load_scenario(resolve_scenario_path(name))
        lines.append(f"  {name:<34} leader={scenario.leader:<9} {scenario.title} "
                     f"[{scenario.date}]")
    lines.append("Historical cases (python -m sim.backtest; scenario=cases/NAME):")
    for case in load_cases():
        lines.append(f"  {case.name:<34} {case.outcome.outcome_class:<24} "
                     f"{case.scenario.title} [{case.outcome.reached}]")
    for kind, group in ((JapanPreset, "japan"), (USPreset, "us")):
        lines.append(f"Presets ({group}=NAME):")
        lines += [f"  {name:<34} {load_preset(kind, name).label}" for name in preset_names(kind)]
    lines.append("Repeated-game strategies (python -m sim.match --row NAME --col NAME):")
    lines += [f"  {name:<34} {strategy.summary}" for name, strategy in REGISTRY.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        print(__doc__)
        return 0
    print(catalog_text())
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
