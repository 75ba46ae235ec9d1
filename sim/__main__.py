"""``python -m sim``: the Hydra app. Thin: it turns the config into settings and runs.

``python -m sim`` runs the default Ishiba vs Takaichi comparison;
``python -m sim scenario=NAME japan=NAME us=NAME facts.FIELD=VALUE`` runs one case;
``python -m sim sweep.name=NAME ...`` runs a named sweep (fine grid, resumable tables);
``python -m sim -m japan=ishiba,takaichi ...`` runs jobs in parallel (docs/sweeps.md).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sim.app_options import HELP, check_overrides
from sim.errors import EXIT_USER_ERROR, UserError, closed_pipe
from sim.paths import CONF_DIR

if TYPE_CHECKING:  # Hydra, the models and the plots load only when a job runs
    from omegaconf import DictConfig

    from sim.pipeline import RunSettings


def settings_from_config(cfg: DictConfig) -> RunSettings:
    """The plain settings of a composed config (no DictConfig past this point)."""
    from omegaconf import OmegaConf

    from sim.pipeline import RunSettings, model_settings, output_formats
    from sim.sweep_tables import sweep_spec

    plain = OmegaConf.to_container(cfg, resolve=True)
    overrides = {name: value for name, value in (plain.get("facts") or {}).items()
                 if value is not None}
    scenario = plain.get("scenario")
    return RunSettings(scenario=None if scenario is None else str(scenario),
                       japan=plain.get("japan"), us=plain["us"], fact_overrides=overrides,
                       model=model_settings(plain.get("model") or {}),
                       seed=_seed(plain.get("seed", 0)),
                       sweep=sweep_spec(plain.get("sweep") or {}),
                       calibration=str(plain.get("calibration", "fitted")),
                       formats=output_formats((plain.get("output") or {}).get("formats",
                                                                              ["png"])))


def _seed(value) -> int:
    """The run's seed: a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError("config", "seed", "a whole number >= 0", value)
    return value


def main() -> None:
    """The Hydra app (Hydra is imported here, so ``--help`` and a typo cost no import)."""
    import hydra

    hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")(
        run_job)()


def run_job(cfg: DictConfig) -> None:
    """Compose settings, run (or sweep), print; user errors exit 2 without a traceback."""
    from hydra.core.hydra_config import HydraConfig

    out_dir = Path(HydraConfig.get().runtime.output_dir)
    try:
        print(job(settings_from_config(cfg), out_dir))
    except UserError as error:
        remove_if_only_config(out_dir)
        if cfg.get("debug"):
            raise
        print(f"error: {error.message()}", file=sys.stderr)
        sys.exit(EXIT_USER_ERROR)
    except BrokenPipeError:
        sys.exit(closed_pipe())
    except KeyboardInterrupt:
        print("interrupted (a named sweep resumes when the same command runs again)",
              file=sys.stderr)
        sys.exit(130)


def job(settings: RunSettings, out_dir: Path) -> str:
    """Run the main job, or the named sweep ``settings.sweep``; return the text to print.

    In a multirun each job prints its headlines only, and a named sweep goes to a
    subfolder per job (named by the job's overrides) with no progress bar.
    """
    from dataclasses import replace

    from hydra.core.hydra_config import HydraConfig
    from hydra.types import RunMode

    from sim.multirun import job_key
    from sim.pipeline import named_sweep, run, run_and_summarise
    from sim.report import headline

    hydra = HydraConfig.get()
    if hydra.mode != RunMode.MULTIRUN:
        if settings.sweep is not None:
            folder = Path(settings.sweep.dir) / settings.sweep.name
            report = named_sweep(settings, folder, out_dir=None).text()
            remove_if_only_config(out_dir)  # the sweep's folder records its configuration
            return report
        return f"{run_and_summarise(settings, out_dir)[1]}\nResults written to {out_dir}"
    overrides = list(hydra.overrides.task)
    if settings.sweep is not None:
        folder = Path(settings.sweep.dir) / settings.sweep.name / job_key(overrides)
        lines = [named_sweep(settings, folder, out_dir, progress=False).text()]
    else:  # the jobs already share the cores: each draws its own figures
        lines = [f"  {r.label}: {headline(r)}"
                 for r in run(replace(settings, figure_workers=0), out_dir)]
    return "\n".join([f"#{hydra.job.num} {' '.join(overrides)} -> {out_dir}", *lines])


def remove_if_only_config(out_dir: Path) -> None:
    """Remove a run folder that holds nothing but Hydra's ``.hydra/`` record.

    A run that failed before writing results, or a named sweep (whose own folder keeps its
    manifest), would otherwise leave a folder that looks like a run and holds no result.
    Anything else in the folder (a user's ``hydra.run.dir`` with files) is left alone.
    """
    if not out_dir.is_dir() or {p.name for p in out_dir.iterdir()} - {".hydra"}:
        return
    record = out_dir / ".hydra"
    if record.is_dir() and all(p.is_file() and p.suffix == ".yaml" for p in record.iterdir()):
        for path in record.iterdir():
            path.unlink()
        record.rmdir()
    if any(out_dir.iterdir()):
        return
    out_dir.rmdir()
    for parent in out_dir.parents[:2]:  # results/runs and results, when they are now empty
        if parent.resolve() == Path.cwd().resolve() or any(parent.iterdir()):
            break
        parent.rmdir()


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
