"""Speed of the main job (``python -m sim``): wall time before and after, and its phases.

Run from the repository root: ``python benchmarks/bench_main.py`` (``--repeat N``,
``--baseline REF`` for the git revision to compare with, default ``main``;
``--skip-baseline``, ``--skip-phases``). One run prints:

(a) wall and CPU seconds of the default comparison, one scenario (each also with
    ``output.figures=false``, and again with every figure unchanged since the last run: copied
    from the figure store, :mod:`sim.report.figure_cache`), a what-if of one scenario, ``--help``,
    ``python -m sim.catalog`` and ``python -m sim.validate``, each the best of ``--repeat``
    runs pinned to one core (``taskset -c 0`` when it exists), with the wall seconds until
    the first line of output (the printed answer), and of the default
    comparison on every core (figures drawn by worker processes), for this checkout and for
    ``REF`` (exported with ``git archive`` into a temporary folder and run by the same
    Python), and their ratio; then the main job's targets (:data:`TARGETS`) against this
    checkout's times, met or missed;
(b) the phases of the default comparison in-process on one core (compute, forecasts, the
    history backtest, each figure, writing tables and pages) in CPU seconds, timed by
    wrapping the pipeline's steps; the history backtest is listed on its own (it reruns
    the case library); ``--one-scenario`` times the run of "one scenario" instead. Four
    stages of drawing a PNG are summed over all figures and listed apart (constrained
    layout, the content box for cropping, glyphs rasterised and blitted, PNG encoding);
    each figure's own line is the rest of its time (building, the drawing of paths and
    the other artists). Each repeat starts with the text-caching canvas's caches empty
    (:mod:`sim.report.agg_canvas`), as a new process does;
(c) the seconds to import the main job's modules in a fresh interpreter.

Every other run starts with an empty store (``GAIATSU_CACHE_DIR`` in a temporary folder),
so it draws every figure and computes the cases' points; "one scenario, what-if" changes a
fact (``facts.approval=0.35``) of a run whose figures and cases' points are in the store, as a
seminar's "change it and run again" does: every figure is drawn again, and the cases'
points are read. The phase table (b) uses no store. Times are the best of several repeats (other programs
share the machine). Nothing here asserts on time.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from phases import Phases  # noqa: E402  (benchmarks/phases.py, beside this script)

ROOT = Path(__file__).resolve().parents[1]

#: The commands timed, as arguments after ``python``.
COMMANDS = {
    "default comparison": ["-m", "sim", "hydra.run.dir={out}"],
    "one scenario": ["-m", "sim", "scenario=ishiba_white_house_2025", "japan=ishiba", "hydra.run.dir={out}"],
    "default, figures unchanged": ["-m", "sim", "hydra.run.dir={out}"],
    "one scenario, figures unchanged": [
        "-m",
        "sim",
        "scenario=ishiba_white_house_2025",
        "japan=ishiba",
        "hydra.run.dir={out}",
    ],
    "one scenario, what-if": [
        "-m",
        "sim",
        "scenario=ishiba_white_house_2025",
        "japan=ishiba",
        "facts.approval=0.35",
        "hydra.run.dir={out}",
    ],
    "default, both cores": ["-m", "sim", "hydra.run.dir={out}"],
    "default, no figures": ["-m", "sim", "output.figures=false", "hydra.run.dir={out}"],
    "one scenario, no figures": [
        "-m",
        "sim",
        "scenario=ishiba_white_house_2025",
        "japan=ishiba",
        "output.figures=false",
        "hydra.run.dir={out}",
    ],
    "--help": ["-m", "sim", "--help"],
    "catalog": ["-m", "sim.catalog"],
    "validate": ["-m", "sim.validate", "scenarios/ishiba_white_house_2025.yaml"],
}


#: The commands whose store an untimed run fills first (the run named); every other
#: command's timed runs start with an empty store (every figure drawn, the cases' points
#: computed). A what-if changes a fact of the run before it: every figure is drawn again
#: (each shows the changed run), while the cases' points, which no fact changes, are read.
FILLED_BY = {
    "default, figures unchanged": "default comparison",
    "one scenario, figures unchanged": "one scenario",
    "one scenario, what-if": "one scenario",
}


def pinned() -> list[str]:
    """``taskset -c 0`` when available: one core, as the targets are stated."""
    return ["taskset", "-c", "0"] if shutil.which("taskset") else []


def time_command(
    args: list[str], cwd: Path, repeat: int, pin: bool = True, filled_by: list[str] | None = None
) -> tuple[float, float, float] | None:
    """Best wall and CPU seconds (children's user + system) of ``repeat`` runs, and the best
    wall seconds until the first line of output (the printed answer); None when the
    command fails there (an option that revision does not have). Each run starts with an
    empty store; with ``filled_by``, with the store an untimed run of that command filled
    (the figures of ``args`` itself kept from run to run, other figures removed)."""
    best_wall = best_cpu = best_answer = float("inf")
    with tempfile.TemporaryDirectory() as store:
        os.environ["GAIATSU_CACHE_DIR"] = store
        if filled_by is not None:
            first = [sys.executable, *(a.format(out=f"{store}/first") for a in filled_by)]
            subprocess.run(first, cwd=cwd, capture_output=True)
        for _ in range(repeat):
            if filled_by is None:
                shutil.rmtree(store)
                Path(store).mkdir()
            elif filled_by != args:
                shutil.rmtree(Path(store) / "figures", ignore_errors=True)
            timed = _time_once(args, cwd, pin)
            if timed is None:
                return None
            best_wall, best_cpu, best_answer = (min(a, b) for a, b in zip((best_wall, best_cpu, best_answer), timed))
    return best_wall, best_cpu, best_answer


def _time_once(args: list[str], cwd: Path, pin: bool) -> tuple[float, float, float] | None:
    """One run's wall and CPU seconds and seconds to the answer (None when it fails)."""
    with tempfile.TemporaryDirectory() as out:
        command = [*(pinned() if pin else []), sys.executable, *(a.format(out=f"{out}/run") for a in args)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
            assert process.stdout is not None
            process.stdout.readline()
            answer = time.perf_counter() - start
            process.stdout.read()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if process.returncode != 0:
            return None
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), answer


def export_revision(ref: str, into: Path) -> Path:
    """The tree of git revision ``ref`` written into ``into`` (``git archive``)."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def wall_table(repeat: int, old: Path | None, baseline: str) -> None:
    """Part (a): each command here and in the tree ``old`` of ``baseline``, with the ratio."""
    print(
        f"(a) wall / CPU seconds, and wall seconds to the printed answer, best of {repeat}, "
        f"{' '.join(pinned()) or 'unpinned'} unless 'both cores'"
    )
    print(f"{'command':<30}{'this checkout':>27}" + (f"{baseline:>27}{'speed-up':>10}" if old else ""))

    def cell(timed: tuple[float, float, float] | None) -> str:
        if timed is None:
            return f"{'(no such option)':>27}"
        wall, cpu, answer = timed
        return f"{wall:>11.2f} / {cpu:5.2f} ({answer:5.2f})"

    measured = {}
    for name, args in COMMANDS.items():
        pin = "both cores" not in name
        filled_by = COMMANDS[FILLED_BY[name]] if name in FILLED_BY else None
        new = measured[name] = time_command(args, ROOT, repeat, pin, filled_by)
        line = f"{name:<30}{cell(new)}"
        if old is not None:
            previous = time_command(args, old, repeat, pin, filled_by)
            line += cell(previous)
            if new is not None and previous is not None:
                line += f"{previous[0] / new[0]:>9.1f}x"
        print(line, flush=True)
    print(target_lines(measured))


#: The main job's targets (wall seconds on one idle core, every output written, every
#: figure drawn): the default comparison and one run.
TARGETS = {"default comparison": 3.0, "one scenario": 1.5}


def target_lines(measured: dict[str, tuple[float, float, float] | None]) -> str:
    """Each target against this checkout's best wall time, and when the answer was printed.

    >>> print(target_lines({"default comparison": (2.5, 2.4, 1.0), "one scenario": (3.0, 2.9, 0.9)}))
    targets (one core, every figure drawn, an empty store):
      default comparison <= 3.0 s: 2.50 s, met (the answer printed at 1.00 s)
      one scenario <= 1.5 s: 3.00 s, missed by 1.50 s (the answer printed at 0.90 s)
    """
    lines = ["targets (one core, every figure drawn, an empty store):"]
    for name, target in TARGETS.items():
        timed = measured.get(name)
        if timed is None:
            continue
        wall, _, answer = timed
        verdict = "met" if wall <= target else f"missed by {wall - target:.2f} s"
        lines.append(f"  {name} <= {target} s: {wall:.2f} s, {verdict} (the answer printed at {answer:.2f} s)")
    return "\n".join(lines)


def baseline_phases(old: Path, baseline: str, repeat: int, one_scenario: bool = False) -> None:
    """Parts (b) and (c) for the tree ``old``: this script run from inside it."""
    script = old / "benchmarks" / Path(__file__).name
    script.parent.mkdir(exist_ok=True)
    shutil.copy(__file__, script)
    shutil.copy(Path(__file__).with_name("phases.py"), script.with_name("phases.py"))
    print(f"\n--- the same for {baseline} ---", flush=True)
    subprocess.run(
        [
            sys.executable,
            str(script),
            "--skip-wall",
            "--skip-baseline",
            "--repeat",
            str(repeat),
            *(["--one-scenario"] if one_scenario else []),
        ],
        cwd=old,
        check=True,
    )


def patch(phases: Phases) -> None:
    """Wrap the main job's steps so that each records its phase (and the stages of drawing
    a PNG: layout, content box, glyphs, encoding; a figure's own line is the rest)."""
    from matplotlib import image
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    from sim.io import gamefiles
    from sim.report import handout, plots, printed, seminar, seminar_figures
    from sim.cli import pipeline
    from sim.io import forecast_files, run_record

    def stem(figure, path, *args, **kwargs):
        return f"figure {Path(path).stem}"

    steps = {
        (pipeline, "run_forecasts"): "compute: forecasts",
        (pipeline, "simulate"): "compute: games of each run (excl. tipping, maps)",
        (run_record, "tipping_points"): "compute: tipping points",
        (run_record, "equilibrium_map"): "compute: equilibrium maps",
        (pipeline, "leader_rows"): "compute: leader comparison",
        (pipeline, "whatif_grids"): "compute: what-if grids",
        (pipeline, "history_points"): "history backtest (sim.analysis.history)",
        (pipeline, "write_results"): "writing: tables",
        (pipeline, "write_atomic"): "writing: tables",
        (gamefiles, "write_game_files"): "writing: game files",
        (printed, "summary_text"): "writing: summary text",
        (forecast_files, "write_run_forecasts"): "writing: tables",
        (seminar, "write_seminar"): "writing: report, handout, slides (text)",
        (plots, "save_figure"): stem,
        (seminar_figures, "save_figure"): stem,
        (seminar_figures, "save_png"): stem,
        (handout, "save_png"): stem,
    }
    jobs = {
        (plots, "write_figure"): lambda stem, *args, **kwargs: f"figure {stem}",
        (seminar_figures, "write_report_figure"): lambda stem, *args, **kwargs: f"figure {stem}",
        (seminar, "write_report_figure"): lambda stem, *args, **kwargs: f"figure {stem}",
        (handout, "write_figure"): lambda name, *args, **kwargs: f"figure {name}",
    }
    for (module, name), label in steps.items():
        if hasattr(module, name):  # a step another revision does not have is not timed
            setattr(module, name, phases.wrap(label, getattr(module, name)))
    for (module, name), label in jobs.items():  # a figure job: building and saving it
        if hasattr(module, name):  # (older revisions draw inside the steps above)
            setattr(module, name, phases.wrap(label, getattr(module, name)))
    stages = {  # inside every figure: the stages of drawing a PNG, summed over the figures
        (ConstrainedLayoutEngine, "execute"): "figures: constrained layout (all)",
        (Figure, "get_tightbbox"): "figures: content box for cropping (all)",
        (RendererAgg, "_draw_text_glyphs_and_boxes"): "figures: glyphs rasterised and blitted (all)",
        (image, "imsave"): "figures: PNG encoding (all)",
    }
    for (owner, name), label in stages.items():
        if hasattr(owner, name):  # matplotlib internals of 3.11; others are not timed
            setattr(owner, name, phases.wrap(label, getattr(owner, name)))
    for module in (plots, seminar_figures, handout):  # building a figure counts as drawing it
        for name in dir(module):  # (its makers; not the savers and writers named *_figure)
            if (
                name.endswith("_figure")
                and not name.startswith(("save_", "write_"))
                and callable(getattr(module, name))
            ):
                setattr(module, name, phases.wrap("figures: building (all)", getattr(module, name)))


def forget() -> None:
    """Empty what a process remembers from run to run: the text-caching canvas's caches
    (revisions that have it: ``sim.report.agg_canvas``) and the cases' points."""
    from sim.analysis import history

    if hasattr(history, "forget_case_points"):
        history.forget_case_points()
    elif hasattr(history, "_case_points_memo"):  # revisions before forget_case_points
        history._case_points_memo.clear()
    try:
        from sim.report.agg_canvas import clear_caches
    except ImportError:
        return
    clear_caches()


#: The run of "one scenario" (COMMANDS), as settings for the phase table's ``--one-scenario``.
ONE_SCENARIO = {"scenario": "ishiba_white_house_2025", "japan": "ishiba"}


def phase_table(repeat: int, one_scenario: bool = False) -> None:
    """Part (b): the default comparison's (or one scenario's) phases in this process, best of ``repeat``."""
    import warnings

    from sim.cli.pipeline import RunSettings, run_and_summarise

    phases = Phases()
    patch(phases)
    drawn = {"figure_cache": False} if "figure_cache" in RunSettings.__dataclass_fields__ else {}
    run = ONE_SCENARIO if one_scenario else {}
    settings = RunSettings(**drawn, **run)  # every figure drawn (revisions before the figure store draw them all)
    best: dict[str, float] = {}
    totals = []
    for _ in range(repeat):
        phases.seconds.clear()
        forget()  # each repeat computes and draws as a new process would, with nothing remembered
        with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            begin = time.process_time()
            run_and_summarise(settings, Path(out))
            totals.append(time.process_time() - begin)
        for name, seconds in phases.seconds.items():
            best[name] = min(best.get(name, float("inf")), seconds)
    total = min(totals)
    print(
        f"\n(b) phases of {'one scenario' if one_scenario else 'the default comparison'} in-process on one core, "
        "CPU seconds, "
        f"best of {repeat} (total {total:.2f} s; imports and Hydra not included)"
    )
    print(f"{'phase':<56}{'seconds':>9}{'share':>8}")
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        print(f"{name:<56}{seconds:>9.3f}{seconds / total:>8.0%}")
    figures = sum(s for n, s in best.items() if n.startswith("figure"))
    print(f"{'all figure X lines (+ building, where not listed apart)':<56}{figures:>9.3f}{figures / total:>8.0%}")


def import_table(repeat: int) -> None:
    """Seconds to import the main job's modules in a fresh interpreter."""
    for name in ("sim.cli.pipeline", "sim.__main__"):
        best = float("inf")
        for _ in range(repeat):
            code = f"import time; t = time.perf_counter(); import {name}; print(time.perf_counter() - t)"
            out = subprocess.run(
                [*pinned(), sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
            ).stdout
            best = min(best, float(out))
        print(f"{'import ' + name:<56}{best:>9.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-wall", action="store_true")
    parser.add_argument("--skip-phases", action="store_true")
    parser.add_argument("--one-scenario", action="store_true", help="the phase table of one scenario, not the default")
    options = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        old = None if options.skip_baseline else export_revision(options.baseline, Path(folder) / "baseline")
        if not options.skip_wall:
            wall_table(options.repeat, old, options.baseline)
        if not options.skip_phases:
            if old is not None:
                baseline_phases(old, options.baseline, options.repeat, options.one_scenario)
                print("\n--- this checkout ---", flush=True)
            if shutil.which("taskset"):
                os.sched_setaffinity(0, {0})
            phase_table(options.repeat, options.one_scenario)
            import_table(options.repeat)


if __name__ == "__main__":
    main()
