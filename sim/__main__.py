"""``python -m sim``: the Hydra app. Thin: it turns the config into settings and runs.

``python -m sim`` runs the default Ishiba vs Takaichi comparison;
``python -m sim scenario=NAME japan=NAME us=NAME facts.FIELD=VALUE`` runs one case;
``python -m sim sweep.name=NAME ...`` runs a named sweep (fine grid, resumable tables);
``python -m sim -m japan=ishiba,takaichi ...`` runs jobs in parallel (docs/sweeps.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim.errors import EXIT_USER_ERROR, UserError
from sim.paths import CONF_DIR
from sim.multirun import job_key
from sim.pipeline import RunSettings, model_settings, named_sweep, run
from sim.report import headline, summary_text
from sim.sweep_tables import sweep_spec


def settings_from_config(cfg: DictConfig) -> RunSettings:
    """The plain settings of a composed config (no DictConfig past this point)."""
    plain = OmegaConf.to_container(cfg, resolve=True)
    overrides = {name: value for name, value in (plain.get("facts") or {}).items()
                 if value is not None}
    scenario = plain.get("scenario")
    return RunSettings(scenario=None if scenario is None else str(scenario),
                       japan=plain.get("japan"), us=plain["us"], fact_overrides=overrides,
                       model=model_settings(plain.get("model") or {}),
                       seed=_seed(plain.get("seed", 0)),
                       sweep=sweep_spec(plain.get("sweep") or {}))


def _seed(value) -> int:
    """The run's seed: a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError("config", "seed", "a whole number >= 0", value)
    return value


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    """Compose settings, run (or sweep), print; user errors exit 2 without a traceback."""
    try:
        print(job(settings_from_config(cfg), Path(HydraConfig.get().runtime.output_dir)))
    except UserError as error:
        if cfg.get("debug"):
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    except KeyboardInterrupt:
        print("interrupted (a named sweep resumes when the same command runs again)",
              file=sys.stderr)
        sys.exit(130)


def job(settings: RunSettings, out_dir: Path) -> str:
    """Run the main job, or the named sweep ``settings.sweep``; return the text to print.

    In a multirun each job prints its headlines only, and a named sweep goes to a
    subfolder per job (named by the job's overrides) with no progress bar.
    """
    hydra = HydraConfig.get()
    if hydra.mode != RunMode.MULTIRUN:
        if settings.sweep is not None:
            folder = Path(settings.sweep.dir) / settings.sweep.name
            return named_sweep(settings, folder, out_dir).text()
        return f"{summary_text(run(settings, out_dir))}\nResults written to {out_dir}"
    overrides = list(hydra.overrides.task)
    if settings.sweep is not None:
        folder = Path(settings.sweep.dir) / settings.sweep.name / job_key(overrides)
        lines = [named_sweep(settings, folder, out_dir, progress=False).text()]
    else:
        lines = [f"  {r.label}: {headline(r)}" for r in run(settings, out_dir)]
    return "\n".join([f"#{hydra.job.num} {' '.join(overrides)} -> {out_dir}", *lines])


if __name__ == "__main__":
    main()
