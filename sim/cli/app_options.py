"""The main job's command line before Hydra sees it: ``--help`` and unknown override keys.

Hydra's own ``--help`` prints its generic text and the whole config, and a misspelt key
(``aproval=0.5``) gets Hydra's raw error with exit 1. This module gives the main job a help
text of its own and checks every ``key=value`` override against the keys that
``conf/config.yaml`` and the presets in ``conf/japan``, ``conf/us`` declare, so that a typo
is one line with a "did you mean" and exit 2, before any run folder is made. Hydra's
override forms that add or delete keys (``+key=``, ``++key=``, ``~key``), the ``hydra.``
keys and Hydra's flags pass through unchanged.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

from sim.base.errors import UserError
from sim.base.paths import CONF_DIR

HELP = """\
python -m sim: the Gaiatsu main job (Hydra app)

With no arguments it runs the default comparison: every built-in scenario with its paired
Japanese leader preset (Ishiba or Takaichi) and the US preset trump_2025. Each run's stage
game, concession-levels game, threat game, deal and repeated game are solved; the summary
prints here and tables, figures, Gambit files and the seminar report are written to a new
folder under results/runs/.

Options (key=value, any number, in any order):
  scenario=NAME|PATH        one built-in scenario (python -m sim.catalog lists them) or a
                            scenario file of your own; cases/NAME runs a historical case
  japan=ishiba|takaichi     the Japanese leader preset (default: each scenario's pair)
  us=trump_2025             the US preset
  facts.FIELD=VALUE         override a scenario fact in canonical units
                            (docs/scenario-format.md lists every field)
  japan.PARAM=VALUE         override a preset parameter (docs/presets.md)
  model.KEY=VALUE           model options: levels, grids, map axes, repeated game
  sweep.name=NAME           a named sweep on a fine grid instead of the main job
                            (sweep.x, sweep.y, sweep.x_points, ...; docs/sweeps.md)
  calibration=fitted|none   fitted (default): each run leads with the combined forecast,
                            parameters fitted on the historical cases; none: article-only
  seed=N                    the seed of every random draw (default 0)
  debug=true                show the traceback of a user error

Examples:
  python -m sim
  python -m sim scenario=ishiba_white_house_2025 japan=takaichi
  python -m sim scenario=ishiba_white_house_2025 facts.approval=0.5
  python -m sim sweep.name=grid sweep.x=auto_tariff_rate sweep.y=approval
  python -m sim -m japan=ishiba,takaichi facts.security_dependence=0.5,0.9

Every option: docs/configuration.md. The full composed config: python -m sim --cfg job.
Hydra's own options: python -m sim --hydra-help. Other commands: python -m sim.catalog,
sim.validate, sim.solve, sim.match, sim.play, sim.backtest, sim.uncertainty (each has --help).
"""

#: libyaml's safe loader where PyYAML was built with it (the same data, read ~10x faster),
#: else PyYAML's own; the config's keys are read on every run that has overrides.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Top-level keys whose sub-keys are Hydra's or a preset group's, not ours to list.
PASS_THROUGH_PREFIXES = ("hydra.", "hydra/", "+", "~")


def _flatten(mapping: Mapping, prefix: str = "") -> Iterable[str]:
    for key, value in mapping.items():
        name = f"{prefix}{key}"
        yield name
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{name}.")


def known_keys(conf_dir: Path = CONF_DIR) -> set[str]:
    """Every key an override may set: config.yaml's keys and the preset groups' parameters."""
    config = yaml.load((conf_dir / "config.yaml").read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
    keys = {key for key in _flatten(config) if key != "defaults"}
    for group in ("japan", "us"):
        keys.add(group)
        for preset in sorted((conf_dir / group).glob("*.yaml")):
            data = yaml.load(preset.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}
            keys.update(f"{group}.{key}" for key in _flatten(data))
    return keys


def override_key(argument: str) -> str | None:
    """The key an override argument sets, or None for flags and Hydra's own forms."""
    if argument.startswith("-") or "=" not in argument:
        return None
    key = argument.split("=", 1)[0].strip()
    if not key or key.startswith(PASS_THROUGH_PREFIXES) or "@" in key:
        return None
    return key


def check_overrides(argv: list[str], keys: set[str] | None = None) -> None:
    """Raise a :class:`UserError` for the first override whose key the config does not have
    (the config's keys are read only when an argument sets one)."""
    for argument in argv:
        key = override_key(argument)
        if key is None:
            continue
        keys = known_keys() if keys is None else keys
        if key in keys:
            continue
        close = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
        if not close:  # a bare fact name: facts.<name> is the key
            close = difflib.get_close_matches(f"facts.{key}", sorted(keys), n=1, cutoff=0.75)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "python -m sim --help lists the options; --cfg job shows every key"
        )
        raise UserError(f"override '{argument}'", None, "a key of the configuration", key, hint=hint)
