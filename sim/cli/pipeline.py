"""The main job without Hydra: choose runs, build games, solve them, write results.

:func:`run` is what ``python -m sim`` calls with the composed config turned into a
:class:`RunSettings`; it is usable from Python and tests with no Hydra in sight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import partial
from pathlib import Path
from typing import TextIO

from sim.solve.budgets import RAISE_WITH, REPEATED_MOVES, check_sweep_work, model_limit
from sim.cli.figure_jobs import FigureJobs
from sim.analysis.history import history_points
from sim.analysis.leaders import leader_comparison, leader_table
from sim.analysis.whatif_grid import whatif_grid
import numpy as np

from sim.model.payoffs import model_parameters
from sim.data.presets import GROUP_OF, JapanPreset, USPreset, load_preset, parse_preset, preset_names
from sim.io.records import RunResult
from sim.io.results import history_table, write_results
from sim.io.safe_files import write_atomic
from sim.data.scenario import Scenario, builtin_scenario_names, load_scenario, resolve_scenario_path, with_overrides
from sim.base.errors import UserError, near_name_hint
from sim.analysis.tipping import PARAMETERS as TIPPING_PARAMETERS
from sim.io.sweep_tables import SweepSpec
from sim.io.run_record import ModelSettings, simulate


_MINIMUM = {
    "us_levels": 2,
    "japan_levels": 2,
    "tipping_grid": 3,
    "prior_grid": 2,
    "map_points": 2,
    "frontier_curvature": 1.0,
    "repeated_turns": 1,
    "repeated_matches": 20,
    "repeated_noise": 0.0,
    "work_budget": 1.0,
}


def model_settings(options: Mapping) -> ModelSettings:
    """Checked :class:`ModelSettings` from the config's ``model`` mapping."""
    known = [f.name for f in fields(ModelSettings)]
    parameters = [spec.name for spec in TIPPING_PARAMETERS]
    for name, value in options.items():
        where = f"model.{name}"
        if name not in known:
            raise UserError(
                "config",
                where,
                "a model option",
                "<an unknown option>",
                hint=near_name_hint(name, known) or "known: " + ", ".join(known),
            )
        if name in ("map_x", "map_y"):
            if value not in parameters:
                raise UserError(
                    "config", where, "a stage-game parameter", value, hint=near_name_hint(str(value), parameters)
                )
            continue
        minimum = _MINIMUM[name]
        whole = isinstance(minimum, int)
        if (
            isinstance(value, bool)
            or not isinstance(value, int if whole else (int, float))
            or not math.isfinite(value)
            or value < minimum
            or (name == "repeated_noise" and value > 1)
        ):
            raise UserError(
                "config",
                where,
                f"{'a whole number' if whole else 'a number'} >= "
                f"{minimum:g}" + (" and <= 1" if name == "repeated_noise" else ""),
                value,
            )
    settings = ModelSettings(**options)
    _check_work(settings)
    return settings


def _check_work(settings: ModelSettings) -> None:
    """Refuse a model option beyond its work budget (:mod:`sim.solve.budgets`)."""
    for name in _MINIMUM:
        bound = model_limit(name, settings.work_budget)
        value = getattr(settings, name)
        if bound is not None and value > bound[0]:
            kind = "a whole number" if isinstance(_MINIMUM[name], int) else "a number"
            raise UserError(
                "config",
                f"model.{name}",
                f"{kind} >= {_MINIMUM[name]:g} and <= {bound[0]:,} (the work budget: {bound[1]})",
                value,
                hint=RAISE_WITH,
            )
    moves = settings.repeated_turns * settings.repeated_matches
    if moves > REPEATED_MOVES * settings.work_budget:
        raise UserError(
            "config",
            "model.repeated_matches",
            f"repeated_turns x repeated_matches <= "
            f"{REPEATED_MOVES * settings.work_budget:,.0f} (the work budget: moves "
            "simulated per strategy pair)",
            f"<{moves:,}>",
            hint=RAISE_WITH,
        )


@dataclass(frozen=True)
class RunSettings:
    """What to run: a scenario (or all built-in ones), presets, and fact overrides.

    ``scenario=None`` runs the default comparison: every built-in scenario with the Japan
    preset it is paired with (leader-neutral scenarios with every Japan preset).
    ``japan`` is a preset name, a preset mapping (from Hydra), or None for the pairing.
    """

    scenario: str | None = None
    japan: str | Mapping | None = None
    us: str | Mapping = "trump_2025"
    fact_overrides: Mapping[str, float] = field(default_factory=dict)
    model: ModelSettings = ModelSettings()
    seed: int = 0
    sweep: SweepSpec | None = None
    calibration: str = "fitted"  # "none": no forecast, the article-only parameters only
    formats: tuple[str, ...] = ("png",)  # the main job's figure files (output.formats)
    figures: bool = True  # False: no figure drawn; the pages say so (output.figures)
    figure_workers: int | None = None  # None: one fewer than the usable cores (figure_jobs)
    figure_cache: bool = True  # False: draw every figure, compute the cases' points (output.figure_cache)


def output_formats(value) -> tuple[str, ...]:
    """Checked ``output.formats``: a non-empty list of ``png`` and/or ``svg``, in order."""
    from sim.report.plots import FORMATS

    names = [value] if isinstance(value, str) else value
    if not isinstance(names, (list, tuple)) or not names or any(name not in FORMATS for name in names):
        raise UserError("config", "output.formats", "a list of " + " and/or ".join(FORMATS), value)
    return tuple(dict.fromkeys(names))


def run(settings: RunSettings, out_dir: Path) -> list[RunResult]:
    """Run every (scenario, preset) pair of ``settings`` and write results to ``out_dir``."""
    return run_and_summarise(settings, out_dir)[0]


def run_forecasts(settings: RunSettings, pairs, us: USPreset) -> list:
    """The combined forecast of every run (:mod:`sim.analysis.forecast_run`), or none."""
    from sim.analysis.forecast_run import CALIBRATIONS, load_fitted, run_forecast

    if settings.calibration not in CALIBRATIONS:
        raise UserError("config", "calibration", " or ".join(CALIBRATIONS), settings.calibration)
    if settings.calibration == "none":
        return []
    fitted = load_fitted()
    return [
        run_forecast(
            f"{scenario.name}__{japan.name}__{us.name}",
            with_overrides(scenario, settings.fact_overrides),
            japan,
            us,
            fitted,
        )
        for scenario, japan in pairs
    ]


def article_only(us: USPreset) -> USPreset:
    """The US preset without the era parameters: the original model of the article runs.

    ``policy_tariff_share`` and ``cost_tolerance`` enter only the forecast (and the
    backtest's era-aware cases); the rest of the summary keeps the article-only model.
    """
    from dataclasses import replace

    return replace(us, policy_tariff_share=0.0, cost_tolerance=0.0)


def run_and_summarise(
    settings: RunSettings,
    out_dir: Path,
    answer: Callable[[str], None] | None = None,
    progress: TextIO | None = None,
) -> tuple[list[RunResult], str]:
    """:func:`run` and the printed summary (the combined forecast first, then each model).

    ``answer`` is given the summary as soon as every table is written and before the
    figures this process draws (all of them on one core), so a caller can print it at
    once; ``progress`` (a terminal) shows the drawing's progress.
    """
    from sim.io import gamefiles
    from sim.io.forecast_files import write_run_forecasts
    from sim.report import plots, printed, seminar  # only when a run writes files
    from sim.base.store import default_folder
    from sim.io.case_point_store import CasePointStore
    from sim.report.figure_cache import FigureCache, job_key, run_cached

    us = _preset(USPreset, settings.us)
    pairs = run_pairs(settings)
    forecasts = run_forecasts(settings, pairs, us)
    us = article_only(us)
    streams = np.random.SeedSequence(settings.seed).spawn(len(pairs))
    with FigureJobs(settings.figure_workers if settings.figures else 0, progress) as figures:
        results = [
            simulate(
                with_overrides(scenario, settings.fact_overrides),
                japan,
                us,
                settings.model,
                np.random.default_rng(stream),
            )
            for (scenario, japan), stream in zip(pairs, streams)
        ]
        write_results(results, out_dir)
        store = default_folder() if settings.figure_cache else None
        cache = None if store is None else FigureCache(store)

        def draw(job: Callable, *args) -> None:  # workers draw as the run goes on
            if not settings.figures:
                return
            if cache is None:
                figures.submit(job, *args)
            elif figures.in_this_process:  # keyed when drawn, after the answer is printed
                figures.submit(partial(run_cached, cache), job, *args)
            else:  # unchanged figures are copied from the figure store (keyed here, not in a worker)
                figures.submit(partial(run_cached, cache, key=job_key(job, args[:-1])), job, *args)

        main_figure = partial(plots.write_figure, formats=settings.formats)
        for stem in plots.MAIN_FIGURES:
            draw(main_figure, stem, results, out_dir)
        for job, *args in seminar.figure_jobs(results, formats=settings.formats):
            draw(job, *args, out_dir)
        history = history_points(
            list({scenario.name: with_overrides(scenario, settings.fact_overrides) for scenario, _ in pairs}.values()),
            store=None if store is None else CasePointStore(store),
        )
        for job, *args in seminar.figure_jobs(results, history, settings.formats):
            draw(job, *args, out_dir)
        write_atomic(Path(out_dir) / "history.csv", history_table(history))
        gamefiles.write_game_files(results, out_dir)
        summary = printed.summary_text(results, forecasts)
        write_atomic(Path(out_dir) / "summary.txt", summary)
        if forecasts:
            write_run_forecasts(forecasts, out_dir)
        leaders = leader_rows(settings, pairs, us)
        if leaders:
            write_atomic(Path(out_dir) / "leader_comparison.csv", leader_table(leaders))
        if answer is not None:
            answer(summary)
        grids = whatif_grids(settings, results, pairs, us)  # the report's what-if panel, after the answer
        reused = figures.finish()
        if progress is not None and cache is not None and any(reused or ()):
            copied = sum(map(bool, reused))
            print(f"{copied} of {len(reused)} figures were unchanged (copied from {cache.entries})", file=progress)
    seminar.write_seminar(results, out_dir, history, forecasts, leaders, grids, draw_figures=False)  # reads the figures
    return results, summary


def whatif_grids(settings: RunSettings, results: list[RunResult], pairs, us: USPreset) -> list:
    """Each run's stage game on a coarse grid of its map's two inputs (the what-if panel)."""
    return [
        whatif_grid(
            r.label,
            model_parameters(with_overrides(s, settings.fact_overrides), japan, us),
            r.equilibrium_map.x_name,
            r.equilibrium_map.y_name,
            r.equilibrium_map.x_unit,
            r.equilibrium_map.y_unit,
        )
        for r, (s, japan) in zip(results, pairs)
        if r.equilibrium_map is not None
    ]


def leader_rows(settings: RunSettings, pairs, us: USPreset) -> tuple:
    """The controlled leader comparison of the default comparison (every built-in scenario
    under every Japan preset); empty when one scenario or one preset was chosen."""
    if settings.scenario is not None or settings.japan is not None:
        return ()
    scenarios = list({s.name: with_overrides(s, settings.fact_overrides) for s, _ in pairs}.values())
    presets = [load_preset(JapanPreset, name) for name in preset_names(JapanPreset)]
    return leader_comparison(scenarios, presets, us, settings.model.frontier_curvature)


def named_sweep(settings: RunSettings, folder: Path, out_dir: Path | None = None, progress: bool = True):
    """Run the named sweep ``settings.sweep`` into ``folder`` (resuming), for every run.

    ``out_dir`` (the Hydra job's folder) gets ``sweep.json``, pointing at ``folder``, so a
    multirun's merge finds the job's table. Returns a :class:`sim.io.sweep_store.SweepReport`.
    """
    import json

    from sim.io.sweep_store import run_named_sweep  # pyarrow only when sweeping

    runs = sweep_runs(settings)
    spec = settings.sweep
    over = check_sweep_work(
        spec.x_points, 1 if spec.y is None else spec.y_points, spec.chunk_points, len(runs), settings.model.work_budget
    )
    if over is not None:
        option, limit, reason = over
        raise UserError(
            "config",
            option,
            f"at most {limit:,} ({reason}: the work budget)",
            getattr(spec, option.split(".")[1]),
            hint=RAISE_WITH,
        )
    report = run_named_sweep(spec, runs, folder, progress)
    if out_dir is not None:
        write_atomic(
            Path(out_dir) / "sweep.json",
            json.dumps({"name": settings.sweep.name, "folder": str(Path(folder).resolve())}, indent=1) + "\n",
        )
    return report


def sweep_runs(settings: RunSettings) -> list:
    """The runs of ``settings`` as :class:`sim.io.sweep_tables.SweepRun` (base parameters)."""
    from sim.io.sweep_tables import SweepRun

    us = _preset(USPreset, settings.us)
    return [
        SweepRun(
            f"{scenario.name}__{japan.name}__{us.name}",
            scenario.name,
            japan.name,
            us.name,
            model_parameters(with_overrides(scenario, settings.fact_overrides), japan, us),
        )
        for scenario, japan in run_pairs(settings)
    ]


def run_pairs(settings: RunSettings) -> list[tuple[Scenario, JapanPreset]]:
    """The (scenario, Japan preset) pairs that ``settings`` asks for, in a stable order."""
    chosen = None if settings.japan is None else _preset(JapanPreset, settings.japan)
    names = [settings.scenario] if settings.scenario else builtin_scenario_names()
    pairs = []
    for name in names:
        scenario = load_scenario(resolve_scenario_path(name))
        if chosen is not None:
            if settings.scenario or scenario.leader in (chosen.name, "neutral"):
                pairs.append((scenario, chosen))
            continue
        leaders = preset_names(JapanPreset) if scenario.leader == "neutral" else [scenario.leader]
        pairs += [(scenario, load_preset(JapanPreset, leader)) for leader in leaders]
    return sorted(pairs, key=lambda pair: (pair[1].name, pair[0].date, pair[0].name))


def _preset(kind: type, preset: str | Mapping):
    if isinstance(preset, str):
        return load_preset(kind, preset)
    return parse_preset(kind, preset, f"{GROUP_OF[kind]}={preset.get('name', '?')}")
