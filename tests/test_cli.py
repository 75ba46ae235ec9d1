"""End to end: the command-line programs as a user runs them (subprocesses, slow)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CHILD_ENV, EXAMPLE_SCENARIO, REPO_ROOT

pytestmark = pytest.mark.slow


def run(args, cwd, **kwargs):
    env = {**CHILD_ENV, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300, **kwargs
    )


def only_run_folder(cwd: Path) -> Path:
    (folder,) = (cwd / "results" / "runs").iterdir()
    return folder


def test_default_run_writes_the_comparison(tmp_path):
    done = run(["sim"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "PM Ishiba" in done.stdout and "PM Takaichi" in done.stdout
    assert "Equilibrium:" in done.stdout
    folder = only_run_folder(tmp_path)
    names = {p.name for p in folder.iterdir()}
    assert {
        "equilibria.json",
        "payoffs.csv",
        "terms.csv",
        "facts.csv",
        "summary.txt",
        "tipping_points.csv",
        "deals.csv",
        "comparison.png",
        "threat.png",
        "bargaining.png",
        "maps.png",
        "repeated.png",
        "payoff_region.png",
        "tournament.csv",
        "versions.json",
        "games",
        ".hydra",
    } <= names
    assert not [name for name in names if name.endswith(".svg")]  # output.formats: [png]
    runs = json.loads((folder / "equilibria.json").read_text())["runs"]
    assert {r["japan"] for r in runs} == {"ishiba", "takaichi"}
    assert all(r["equilibria"] for r in runs)
    assert (folder / "comparison.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    documented = (REPO_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    table = documented[documented.index("## What a run writes") : documented.index("## What a named sweep writes")]
    for path in folder.iterdir():
        shown = f"`{path.name}/" if path.is_dir() else f"`{path.name}`"
        assert shown in table, f"{path.name} is not documented"


def test_one_case_with_overrides_is_reproducible(tmp_path):
    args = [
        "sim",
        "scenario=ishiba_white_house_2025",
        "japan=takaichi",
        "facts.security_dependence=0.3",
        "hydra.run.dir=out/${now:%f}",
    ]
    first, second = run(args, tmp_path), run(args, tmp_path)
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    folders = sorted((tmp_path / "out").iterdir())
    assert len(folders) == 2
    for name in ("equilibria.json", "payoffs.csv", "terms.csv", "facts.csv"):
        assert (folders[0] / name).read_bytes() == (folders[1] / name).read_bytes()
    facts = (folders[0] / "facts.csv").read_text()
    assert "set on the command line (the scenario says 0.8 fraction)" in facts


def test_user_scenario_by_path_with_svg_figures_on_request(tmp_path):
    done = run(["sim", f"scenario={EXAMPLE_SCENARIO}", "japan=ishiba", "output.formats=[png,svg]"], tmp_path)
    assert done.returncode == 0, done.stderr
    folder = only_run_folder(tmp_path)
    for stem in ("comparison", "threat", "bargaining", "maps", "repeated", "history"):
        assert (folder / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (folder / f"{stem}.svg").read_text().rstrip().endswith("</svg>")


def test_no_figures_on_request_and_the_pages_say_so(tmp_path):
    args = ["sim", "scenario=ishiba_white_house_2025", "japan=ishiba", "hydra.run.dir=out/{}"]
    drawn = run([*args[:-1], args[-1].format("drawn")], tmp_path)
    bare = run([*args[:-1], args[-1].format("bare"), "output.figures=false"], tmp_path)
    assert drawn.returncode == 0 and bare.returncode == 0, bare.stderr
    assert bare.stdout == drawn.stdout.replace("out/drawn", "out/bare")  # the same answer, printed
    drawn_folder, bare_folder = tmp_path / "out" / "drawn", tmp_path / "out" / "bare"
    assert not list(bare_folder.glob("*.png")) and not list(bare_folder.glob("*.svg"))
    from sim.report import handout, plots, seminar_figures

    drawn_figures = {*plots.MAIN_FIGURES, *seminar_figures.REPORT_FIGURES, *handout.FIGURES}
    assert {png.stem for png in drawn_folder.glob("*.png")} == drawn_figures  # each drawn once
    for name in ("equilibria.json", "payoffs.csv", "terms.csv", "facts.csv", "history.csv", "summary.txt"):
        assert (bare_folder / name).read_bytes() == (drawn_folder / name).read_bytes(), name
    report = (bare_folder / "report.html").read_text(encoding="utf-8")
    assert "<img" not in report and report.count("Figure not drawn: this run was made with output.figures=false") == 7
    handout = (bare_folder / "handout.html").read_text(encoding="utf-8")
    assert handout.count("Figure not drawn") == 4


def test_the_answer_is_printed_before_the_figures_are_drawn(tmp_path, monkeypatch):
    from sim.cli import pipeline
    from sim.cli.pipeline import RunSettings, run_and_summarise

    events = []
    monkeypatch.setattr(pipeline.FigureJobs, "finish", lambda self: events.append("figures"))
    _, summary = run_and_summarise(
        RunSettings(scenario="ishiba_white_house_2025", japan="ishiba", figure_workers=0),
        tmp_path,
        answer=lambda text: events.append(text),
    )
    assert events == [summary, "figures"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["output.figures=maybe"], "output.figures: expected true or false, found 'maybe'"),
        (["output.figure_cache=1"], "output.figure_cache: expected true or false, found 1"),
        (["scenario=ishiba_white_house_2052"], "did you mean 'ishiba_white_house_2025'"),
        (["scenario=missing.yaml"], "missing.yaml: expected an existing file"),
        (["facts.approval=1.7"], "facts.approval: expected a number >= 0 and <= 1 fraction"),
        (["japan=ishiba", "japan.audience_cost_weight=-1"], "audience_cost_weight: expected >= 0"),
        (["seed=-3"], "seed: expected a whole number >= 0, found -3"),
        (["model.repeated_noise=1.5"], "model.repeated_noise: expected a number >= 0"),
        (["output.formats=[png,pdf]"], "output.formats: expected a list of png and/or svg"),
        (["model.japan_levels=1"], "model.japan_levels: expected a whole number >= 2, found 1"),
        (
            ["model.map_x=aproval"],
            "model.map_x: expected a stage-game parameter, found 'aproval' (did you mean 'approval'?)",
        ),
    ],
)
def test_user_errors_exit_2_without_traceback(tmp_path, args, message):
    done = run(["sim", *args], tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "results" / "runs").exists() or not any(
        (folder / "equilibria.json").exists() for folder in (tmp_path / "results" / "runs").iterdir()
    )


def test_debug_shows_the_traceback(tmp_path):
    done = run(["sim", "scenario=nothing_here", "debug=true"], tmp_path)
    assert done.returncode != 0 and "Traceback" in done.stderr


def test_validate_good_and_bad_files(tmp_path):
    good = run(["sim.validate", str(EXAMPLE_SCENARIO)], tmp_path)
    assert good.returncode == 0 and ": ok:" in good.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_SCENARIO.read_text(encoding="utf-8").replace("unit: percent", "unit: pct", 1), encoding="utf-8"
    )
    done = run(["sim.validate", str(bad)], tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {bad}: facts.auto_tariff_rate.unit: expected one of")
    assert "Traceback" not in done.stderr
    assert "Traceback" in run(["sim.validate", str(bad), "--debug"], tmp_path).stderr


def test_validate_checks_quotes_against_articles(tmp_path, articles_dir):
    done = run(["sim.validate", str(EXAMPLE_SCENARIO), "--articles", str(articles_dir)], tmp_path)
    assert done.returncode == 0 and "quotes found in articles" in done.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_SCENARIO.read_text(encoding="utf-8").replace("polling at 28% approval", "polling at 82% approval"),
        encoding="utf-8",
    )
    done = run(["sim.validate", str(bad), "--articles", str(articles_dir)], tmp_path)
    assert done.returncode == 2 and "facts.approval.quote: expected a verbatim quote" in done.stderr


def test_catalog_lists_scenarios_and_presets(tmp_path):
    done = run(["sim.catalog"], tmp_path)
    assert done.returncode == 0
    for name in (
        "ishiba_white_house_2025",
        "takaichi",
        "trump_2025",
        "overtures_backfired",
        "escalating_demand",
        "generous_tit_for_tat",
    ):
        assert name in done.stdout
    partners = sorted(p.stem for p in (REPO_ROOT / "scenarios" / "cases" / "partners").glob("*.yaml"))
    assert partners and all(f"  {name} " in done.stdout for name in partners)
    assert "scenario=cases/partners/NAME" in done.stdout


# ---------------------------------------------------------------- help, typos, templates


def test_help_says_what_the_main_job_does_and_where_the_docs_are(tmp_path):
    done = run(["sim", "--help"], tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    assert "default comparison" in done.stdout and "docs/configuration.md" in done.stdout
    assert "python -m sim scenario=" in done.stdout  # examples
    assert "powered by Hydra" not in done.stdout
    assert not (tmp_path / "results").exists()
    full = run(["sim", "--cfg", "job"], tmp_path)  # Hydra's dump stays available
    assert full.returncode == 0 and "repeated_matches" in full.stdout


@pytest.mark.parametrize(
    "override, suggestion",
    [
        ("aproval=0.5", "did you mean 'facts.approval'?"),
        ("facts.aproval=0.5", "did you mean 'facts.approval'?"),
        ("model.map_point=3", "did you mean 'model.map_points'?"),
        ("japan.audience_cost_weigth=1", "did you mean 'japan.audience_cost_weight'?"),
    ],
)
def test_an_unknown_override_key_is_one_line_with_a_suggestion(tmp_path, override, suggestion):
    done = run(["sim", override], tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and suggestion in done.stderr
    assert not (tmp_path / "results").exists()


def test_a_run_that_fails_before_computing_leaves_no_folder(tmp_path):
    done = run(["sim", "scenario=nothing_here"], tmp_path)
    assert done.returncode == 2
    assert not (tmp_path / "results").exists()


def test_a_named_sweep_leaves_no_empty_run_folder(tmp_path):
    done = run(
        ["sim", "scenario=ishiba_white_house_2025", "sweep.name=small", "sweep.x_points=3", "sweep.y_points=3"],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "results" / "sweeps" / "small" / "manifest.json").is_file()
    assert not (tmp_path / "results" / "runs").exists()


def test_catalog_copies_a_template_and_never_replaces_a_file(tmp_path):
    done = run(["sim.catalog", "--copy", "ishiba_white_house_2025", "mine.yaml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "mine.yaml").read_bytes() == EXAMPLE_SCENARIO.read_bytes()
    (tmp_path / "mine.yaml").write_text("my own edits\n")
    again = run(["sim.catalog", "--copy", "ishiba_white_house_2025", "mine.yaml"], tmp_path)
    assert again.returncode == 2 and "nothing is replaced" in again.stderr
    assert (tmp_path / "mine.yaml").read_text() == "my own edits\n"
    (tmp_path / "cases").mkdir()
    case = run(["sim.catalog", "--copy", "cases/plaza_accord_1985", "cases"], tmp_path)
    assert case.returncode == 0 and (tmp_path / "cases" / "plaza_accord_1985.yaml").is_file()
    for bad in ("nothing_here", "cases/../../pyproject", "/etc/passwd"):
        refused = run(["sim.catalog", "--copy", bad, "x.yaml"], tmp_path)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, bad
    assert not (tmp_path / "x.yaml").exists()


def test_validate_accepts_built_in_names(tmp_path):
    done = run(["sim.validate", "ishiba_white_house_2025", "cases/plaza_accord_1985"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count(": ok:") == 2 and "outcome:" in done.stdout
    typo = run(["sim.validate", "ishiba_white_house_202"], tmp_path)
    assert typo.returncode == 2 and "did you mean 'ishiba_white_house_2025'" in typo.stderr


@pytest.mark.parametrize(
    "command",
    [
        "python -m sim.validate {many}",
        "python -m sim.catalog",
        "python -m sim.backtest",
        "python -m sim scenario=ishiba_white_house_2025",
        "python -m sim --help",
    ],
)
def test_every_command_survives_a_closed_pipe(tmp_path, command):
    many = " ".join([str(EXAMPLE_SCENARIO)] * 2000)  # more than a pipe's buffer
    line = command.format(many=many).replace("python -m", f"{sys.executable} -m", 1)
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line} | head -c 10 >/dev/null"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**CHILD_ENV, "HOME": str(tmp_path)},
    )
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    assert done.returncode in (0, 141)
