"""Speed of a multirun whose jobs share a process: what the jobs compute once between them.

Run from the repository root: ``python benchmarks/bench_multirun.py`` (``--jobs N``,
``--repeat N``, ``--baseline REF`` for the git revision to compare with, default ``main``;
``--skip-baseline``, ``--skip-phases``). One run prints:

(a) wall and CPU seconds of a multirun of ``--jobs`` jobs with ``output.figures=false``
    (one scenario and preset, ``facts.security_dependence`` swept), with Hydra's basic
    launcher (every job in one process, one after another) and with the joblib launcher
    at ``n_jobs=1`` (joblib then runs the jobs one after another in the calling process;
    with more workers each reused worker process shares the same way), each the best of ``--repeat``
    runs pinned to one core (``taskset -c 0`` when it exists), for this checkout and for
    ``REF`` (exported with ``git archive`` into a temporary folder and run by the same
    Python), and the ratios of their wall and CPU seconds (CPU time is the steadier on a
    shared machine);
(b) in-process on one core, the CPU seconds of each job of the same sweep run one after
    another (:func:`sim.cli.pipeline.run`), with the history backtest
    (:func:`sim.analysis.history.history_points`) timed apart: the first job computes what
    the later ones may share.

Times are the best of several repeats (other programs share the machine). Nothing here
asserts on time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_main import export_revision, pinned, time_command  # noqa: E402  (beside this script)
from phases import Phases  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCENARIO, JAPAN = "ishiba_white_house_2025", "ishiba"


def sweep_values(jobs: int) -> list[str]:
    """``jobs`` values of ``facts.security_dependence`` from 0.4 to 0.9."""
    return [f"{0.4 + 0.5 * k / max(jobs - 1, 1):.3g}" for k in range(jobs)]


def multirun(launcher: list[str], jobs: int) -> list[str]:
    """The arguments after ``python`` of the timed multirun."""
    return [
        "-m",
        "sim",
        "--multirun",
        *launcher,
        "output.figures=false",
        f"scenario={SCENARIO}",
        f"japan={JAPAN}",
        "facts.security_dependence=" + ",".join(sweep_values(jobs)),
        "hydra.sweep.dir={out}",
    ]


LAUNCHERS = {
    "basic launcher": ["hydra/launcher=basic"],
    "joblib, n_jobs=1": ["hydra/launcher=joblib", "hydra.launcher.n_jobs=1"],
}


def wall_table(jobs: int, repeat: int, old: Path | None, baseline: str) -> None:
    """Part (a): each multirun here and in the tree ``old`` of ``baseline``, with the ratio."""
    print(f"(a) multirun of {jobs} jobs, output.figures=false: wall / CPU seconds, best of {repeat}, ", end="")
    print(" ".join(pinned()) or "unpinned")
    print(f"{'launcher':<22}{'this checkout':>17}" + (f"{baseline:>17}{'speed-up (wall / CPU)':>24}" if old else ""))
    for name, launcher in LAUNCHERS.items():
        args = multirun(launcher, jobs)
        new = time_command(args, ROOT, repeat)
        line = f"{name:<22}{_cell(new)}"
        if old is not None:
            previous = time_command(args, old, repeat)
            line += _cell(previous)
            if new is not None and previous is not None:
                line += f"{previous[0] / new[0]:>9.2f}x / {previous[1] / new[1]:.2f}x"
        print(line, flush=True)
    print("command: python " + " ".join(multirun(LAUNCHERS["basic launcher"], jobs)).replace("{out}", "<tmp>"))


def _cell(timed: tuple[float, float, float] | None) -> str:
    if timed is None:
        return f"{'(failed)':>17}"
    return f"{timed[0]:>9.2f} / {timed[1]:5.2f}"


def phase_table(jobs: int, repeat: int) -> None:
    """Part (b): each job of the sweep in this process, best of ``repeat`` fresh processes."""
    best: list[tuple[float, float]] | None = None
    for _ in range(repeat):
        command = [*pinned(), sys.executable, __file__, "--in-process", str(jobs)]
        out = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()
        timed = [(float(out[2 * k]), float(out[2 * k + 1])) for k in range(jobs)]
        best = timed if best is None else [min(a, b) for a, b in zip(best, timed)]
    assert best is not None
    print(f"\n(b) each job in one process (sim.cli.pipeline.run), CPU seconds, best of {repeat} processes")
    print(f"{'job':<8}{'whole job':>12}{'history backtest':>19}")
    for k, (whole, history) in enumerate(best):
        print(f"{k:<8}{whole:>12.3f}{history:>19.3f}")


def jobs_in_process(jobs: int) -> None:
    """Run the sweep's jobs one after another here; print each job's and its history's CPU s."""
    import warnings

    from sim.cli import pipeline

    phases = Phases()
    pipeline.history_points = phases.wrap("history", pipeline.history_points)
    for value in sweep_values(jobs):
        settings = pipeline.RunSettings(
            scenario=SCENARIO,
            japan=JAPAN,
            fact_overrides={"security_dependence": float(value)},
            figures=False,
            figure_workers=0,
        )
        phases.seconds.clear()
        with tempfile.TemporaryDirectory() as out, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            begin = time.process_time()
            pipeline.run(settings, Path(out))
            print(time.process_time() - begin, phases.seconds["history"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-wall", action="store_true")
    parser.add_argument("--skip-phases", action="store_true")
    parser.add_argument("--in-process", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    if options.in_process:
        jobs_in_process(options.in_process)
        return
    with tempfile.TemporaryDirectory() as folder:
        old = None if options.skip_baseline else export_revision(options.baseline, Path(folder) / "baseline")
        if not options.skip_wall:
            wall_table(options.jobs, options.repeat, old, options.baseline)
        if not options.skip_phases:
            if old is not None:
                script = old / "benchmarks" / Path(__file__).name
                script.parent.mkdir(exist_ok=True)
                for name in (Path(__file__).name, "bench_main.py", "phases.py"):
                    shutil.copy(Path(__file__).with_name(name), script.with_name(name))
                print(f"\n--- (b) for {options.baseline} ---", flush=True)
                subprocess.run(
                    [sys.executable, str(script), "--skip-wall", "--skip-baseline", "--jobs", str(options.jobs)]
                    + ["--repeat", str(options.repeat)],
                    cwd=old,
                    check=True,
                )
                print("\n--- (b) for this checkout ---", flush=True)
            phase_table(options.jobs, options.repeat)


if __name__ == "__main__":
    main()
