"""``python -m sim.catalog``: list the built-in scenarios, historical cases (US-Japan and
partner cases), presets and repeated-game strategies.

``python -m sim.catalog --copy NAME DEST`` writes the built-in scenario (or historical case,
``cases/NAME``, ``cases/partners/NAME``) ``NAME`` to the file ``DEST`` (or into the folder ``DEST``) as a starting
point for a scenario of your own; an existing file is never replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sim.data.cases import PARTNERS_DIR, load_cases
from sim.cli.arguments import ArgumentParser, run_cli
from sim.base.errors import UserError
from sim.base.paths import SCENARIOS_DIR
from sim.data.presets import JapanPreset, USPreset, load_preset, preset_names
from sim.io.safe_files import write_atomic
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path
from sim.data.strategies import REGISTRY


def catalog_text() -> str:
    """The catalogue as text: scenarios (stem, date, paired leader, title), cases, presets."""
    lines = ["Scenarios (scenario=NAME):"]
    for name in builtin_scenario_names():
        scenario = load_scenario(resolve_scenario_path(name))
        lines.append(f"  {name:<34} leader={scenario.leader:<9} {scenario.title} [{scenario.date}]")
    lines.append("Historical cases (python -m sim.backtest; scenario=cases/NAME):")
    for case in load_cases():
        lines.append(
            f"  {case.name:<34} {case.outcome.outcome_class:<24} {case.scenario.title} [{case.outcome.reached}]"
        )
    lines.append(
        "Partner cases, another country in Japan's role "
        "(python -m sim.backtest --forecast; scenario=cases/partners/NAME):"
    )
    for case in load_cases(PARTNERS_DIR):
        lines.append(
            f"  {case.name:<34} {case.outcome.outcome_class:<24} {case.scenario.title} [{case.outcome.reached}]"
        )
    for kind, group in ((JapanPreset, "japan"), (USPreset, "us")):
        lines.append(f"Presets ({group}=NAME):")
        lines += [f"  {name:<34} {load_preset(kind, name).label}" for name in preset_names(kind)]
    lines.append("Repeated-game strategies (python -m sim.match --row NAME --col NAME):")
    lines += [f"  {name:<34} {strategy.summary}" for name, strategy in REGISTRY.items()]
    return "\n".join(lines)


def builtin_path(name: str) -> Path:
    """The shipped file of a built-in scenario or case name (``NAME`` or ``cases/NAME``)."""
    path = resolve_scenario_path(name)
    inside = path.resolve().is_relative_to(SCENARIOS_DIR.resolve())
    if Path(name).suffix or not inside or not path.is_file():
        raise UserError("--copy", None, "a built-in scenario or case name (python -m sim.catalog lists them)", name)
    return path


def copy_builtin(name: str, destination: Path) -> Path:
    """Write the built-in ``name`` to ``destination`` (a file, or a folder to put it in).

    Returns the written path; refuses to replace an existing file.
    """
    source = builtin_path(name)
    target = destination / source.name if destination.is_dir() else destination
    if target.exists() or target.is_symlink():
        raise UserError(target, None, "a path with no file yet (nothing is replaced)", "<an existing file>")
    write_atomic(target, source.read_bytes())
    return target


def main(argv: list[str]) -> int:
    parser = ArgumentParser(prog="python -m sim.catalog", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--copy", nargs=2, metavar=("NAME", "DEST"), help="write a built-in scenario or case to DEST as a template"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of user errors")
    options = parser.parse_args(argv)
    if options.copy:
        name, destination = options.copy
        target = copy_builtin(name, Path(destination))
        print(f"Wrote {target} (from the built-in {name}); edit it, then check it with python -m sim.validate {target}")
        return 0
    print(catalog_text())
    return 0


if __name__ == "__main__":
    sys.exit(run_cli(main))
