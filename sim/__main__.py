"""``python -m sim``: the Hydra app. Thin: it hands the config to :mod:`sim.cli.app` and prints.

``python -m sim`` runs the default Ishiba vs Takaichi comparison;
``python -m sim scenario=NAME japan=NAME us=NAME facts.FIELD=VALUE`` runs one case;
``python -m sim sweep.name=NAME ...`` runs a named sweep (fine grid, resumable tables);
``python -m sim -m japan=ishiba,takaichi ...`` runs jobs in parallel (docs/sweeps.md).

Hydra, the models and the plots load only when a job runs, so ``--help`` and a mistyped
override answer at once.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sim.base.errors import EXIT_USER_ERROR, UserError
from sim.base.paths import CONF_DIR
from sim.cli.app_options import HELP, check_overrides
from sim.cli.arguments import closed_pipe

if TYPE_CHECKING:
    from omegaconf import DictConfig


def main() -> None:
    """The Hydra app (Hydra is imported here, so ``--help`` and a typo cost no import)."""
    import hydra

    hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")(run_job)()


def run_job(cfg: DictConfig) -> None:
    """Compose settings, run (or sweep), print; user errors exit 2 without a traceback."""
    from hydra.core.hydra_config import HydraConfig

    from sim.cli.app import job, remove_if_only_config, settings_from_config

    out_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        print(job(settings_from_config(cfg), out_dir, answer=print_answer), flush=True)
    except UserError as error:
        remove_if_only_config(out_dir)
        if cfg.get("debug"):
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        sys.exit(closed_pipe())
    except KeyboardInterrupt:
        print("interrupted (a named sweep resumes when the same command runs again)", file=sys.stderr)
        sys.exit(130)


def print_answer(summary: str) -> None:
    """Print the summary at once (the figures come after); when the reader has gone
    (``| head``), the run still writes every file."""
    try:
        print(summary, flush=True)
    except BrokenPipeError:
        closed_pipe()


def entry(argv: list[str]) -> None:
    """``python -m sim``: our help and override check, then the Hydra app."""
    if any(arg in ("-h", "--help") for arg in argv):
        print(HELP, end="")
        return
    try:
        check_overrides(argv)
    except UserError as error:
        if "debug=true" in argv:
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    main()


if __name__ == "__main__":
    try:
        entry(sys.argv[1:])
    except BrokenPipeError:
        sys.exit(closed_pipe())
