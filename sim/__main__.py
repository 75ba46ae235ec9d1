"""``python -m sim``: the Hydra app. Thin: it turns the config into settings and runs.

``python -m sim`` runs the default Ishiba vs Takaichi comparison;
``python -m sim scenario=NAME japan=NAME us=NAME facts.FIELD=VALUE`` runs one case.
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf

from sim.errors import EXIT_USER_ERROR, UserError
from sim.paths import CONF_DIR
from sim.pipeline import RunSettings, model_settings, run
from sim.report import summary_text


def settings_from_config(cfg: DictConfig) -> RunSettings:
    """The plain settings of a composed config (no DictConfig past this point)."""
    plain = OmegaConf.to_container(cfg, resolve=True)
    overrides = {name: value for name, value in (plain.get("facts") or {}).items()
                 if value is not None}
    scenario = plain.get("scenario")
    return RunSettings(scenario=None if scenario is None else str(scenario),
                       japan=plain.get("japan"), us=plain["us"], fact_overrides=overrides,
                       model=model_settings(plain.get("model") or {}),
                       seed=_seed(plain.get("seed", 0)))


def _seed(value) -> int:
    """The run's seed: a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError("config", "seed", "a whole number >= 0", value)
    return value


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    """Compose settings, run, print the summary; user errors exit 2 without a traceback."""
    try:
        results = run(settings_from_config(cfg), Path(HydraConfig.get().runtime.output_dir))
    except UserError as error:
        if cfg.get("debug"):
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    print(summary_text(results))
    print(f"Results written to {HydraConfig.get().runtime.output_dir}")


if __name__ == "__main__":
    main()
