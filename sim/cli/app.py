"""The Hydra app's job (``python -m sim``): the composed config into plain settings, then the
main job, a named sweep or one job of a multirun; the text to print. ``sim/__main__.py``
holds the Hydra entry point itself and calls :func:`job`."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim.base.checks import flag
from sim.base.errors import UserError
from sim.cli.multirun import job_key
from sim.cli.pipeline import RunSettings, model_settings, named_sweep, output_formats, run, run_and_summarise
from sim.io.sweep_tables import sweep_spec
from sim.report.summary import headline


def settings_from_config(cfg: DictConfig) -> RunSettings:
    """The plain settings of a composed config (no DictConfig past this point)."""
    plain = OmegaConf.to_container(cfg, resolve=True)
    overrides = {name: value for name, value in (plain.get("facts") or {}).items() if value is not None}
    scenario = plain.get("scenario")
    return RunSettings(
        scenario=None if scenario is None else str(scenario),
        japan=plain.get("japan"),
        us=plain["us"],
        fact_overrides=overrides,
        model=model_settings(plain.get("model") or {}),
        seed=_seed(plain.get("seed", 0)),
        sweep=sweep_spec(plain.get("sweep") or {}),
        calibration=str(plain.get("calibration", "fitted")),
        formats=output_formats((plain.get("output") or {}).get("formats", ["png"])),
        figures=flag(plain.get("output") or {}, "figures", "config", "output", default=True),
        figure_cache=flag(plain.get("output") or {}, "figure_cache", "config", "output", default=True),
    )


def _seed(value) -> int:
    """The run's seed: a whole number >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UserError("config", "seed", "a whole number >= 0", value)
    return value


def job(settings: RunSettings, out_dir: Path, answer: Callable[[str], None] | None = None) -> str:
    """Run the main job, or the named sweep ``settings.sweep``; return the text to print.

    ``answer``, when given, receives the main job's summary as soon as it is known (before
    the figures are drawn), and the text returned is then only where the results are.
    In a multirun each job prints its headlines only, and a named sweep goes to a
    subfolder per job (named by the job's overrides) with no progress bar, computed in the
    job's own process unless ``sweep.workers`` says otherwise (the jobs share the cores).
    """
    hydra = HydraConfig.get()
    if hydra.mode != RunMode.MULTIRUN:
        if settings.sweep is not None:
            folder = Path(settings.sweep.dir) / settings.sweep.name
            report = named_sweep(settings, folder, out_dir=None).text()
            remove_if_only_config(out_dir)  # the sweep's folder records its configuration
            return report
        if answer is None:
            return f"{run_and_summarise(settings, out_dir)[1]}\nResults written to {out_dir}"
        logging.getLogger("matplotlib").setLevel(logging.WARNING)  # its font-cache note is not an answer
        progress = sys.stderr if sys.stderr.isatty() else None
        run_and_summarise(settings, out_dir, answer, progress)
        return f"Results written to {out_dir}"
    overrides = list(hydra.overrides.task)
    if settings.sweep is not None:
        folder = Path(settings.sweep.dir) / settings.sweep.name / job_key(overrides)
        if settings.sweep.workers is None:
            settings = replace(settings, sweep=replace(settings.sweep, workers=1))
        lines = [named_sweep(settings, folder, out_dir, progress=False).text()]
    else:  # the jobs already share the cores: each draws its own figures
        lines = [f"  {r.label}: {headline(r)}" for r in run(replace(settings, figure_workers=0), out_dir)]
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
