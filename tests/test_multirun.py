"""Hydra multirun: jobs in parallel (joblib), the merged tables and maps, named sweeps per
job, the merge command, and the submitit and Ray launchers where they are installed."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from hydra import compose, initialize_config_dir

from conftest import CHILD_ENV
from sim.cli.multirun import Job, job_key, jobs_of, merge, varying_keys
from sim.base.paths import CONF_DIR

#: Small model options: the jobs are about the multirun, not the model.
SMALL = ["model.tipping_grid=101", "model.repeated_matches=20", "model.map_points=31", "model.prior_grid=11"]


def _run(args, cwd, timeout=300):
    env = {**CHILD_ENV, "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout
    )


def _multirun_folder(cwd: Path) -> Path:
    (folder,) = (cwd / "results" / "multiruns").iterdir()
    return folder


def _read_csv(path: Path) -> list[dict]:
    return pa_csv.read_csv(path).to_pylist()


def test_job_key_is_stable_and_leaves_out_the_sweep_name():
    assert (
        job_key(["japan=takaichi", "sweep.name=a", "facts.approval=0.3"])
        == job_key(["facts.approval=0.3", "japan=takaichi", "sweep.name=b"])
        == "facts.approval=0.3,japan=takaichi"
    )
    assert job_key(["sweep.name=a"]) == "base"
    assert job_key(["japan=takaichi", "sweep.workers=2"]) == "japan=takaichi"  # the same tables
    assert job_key(["scenario=/home/me/my case.yaml"]) == "scenario=_home_me_my_case.yaml"
    long = job_key([f"facts.approval=0.{'1' * 200}"])
    assert len(long) == 113 and long != job_key([f"facts.approval=0.{'1' * 199}"])


def test_varying_keys_leave_out_constant_and_table_columns():
    jobs = [
        Job("0", ("japan=ishiba", "facts.approval=0.3", "model.map_points=5"), Path()),
        Job("1", ("japan=takaichi", "facts.approval=0.4", "model.map_points=5"), Path()),
    ]
    assert varying_keys(jobs) == ["facts.approval"]


def test_every_launcher_config_composes():
    """Our launcher configs extend the plugins' (only those installed can compose)."""
    plugins = {
        "ray_local": "hydra_plugins.hydra_ray_launcher",
        "ray_cluster": "hydra_plugins.hydra_ray_launcher",
        "slurm": "hydra_plugins.hydra_submitit_launcher",
    }
    composed = 0
    for name, plugin in plugins.items():
        assert (CONF_DIR / "hydra" / "launcher" / f"{name}.yaml").is_file()
        if importlib.util.find_spec(plugin.split(".")[0]) is None or not _has(plugin):
            continue
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            cfg = compose(config_name="config", overrides=[f"hydra/launcher={name}"], return_hydra_config=True)
        assert "Launcher" in cfg.hydra.launcher._target_
        composed += 1
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", return_hydra_config=True)
    assert cfg.hydra.launcher._target_.endswith("JoblibLauncher")  # the default
    assert cfg.hydra.callbacks.merge_multirun._target_ == "sim.multirun.MergeMultirun"  # entry point (Hydra callback)
    if _has("hydra_plugins.hydra_submitit_launcher"):
        assert composed >= 1


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


@pytest.fixture(scope="module")
def joblib_multirun(tmp_path_factory):
    """The README-style multirun: 2 presets x 2 security dependences, in parallel."""
    cwd = tmp_path_factory.mktemp("multirun")
    done = _run(["sim", "-m", "japan=ishiba,takaichi", "facts.security_dependence=0.5,0.9", *SMALL], cwd)
    return done, cwd


@pytest.mark.slow
def test_multirun_runs_four_jobs_in_parallel_and_merges(joblib_multirun):
    done, cwd = joblib_multirun
    assert done.returncode == 0, done.stderr
    assert "Joblib.Parallel(n_jobs=-1" in done.stdout and "launching 4 jobs" in done.stdout
    folder = _multirun_folder(cwd)
    assert f"Merged 4 jobs into {folder.relative_to(cwd)}" in done.stdout
    rows = _read_csv(folder / "merged.csv")
    assert {row["job"] for row in rows} == {0, 1, 2, 3}
    assert len(rows) == 12  # each preset's two paired scenarios and the neutral one
    assert {(row["japan"], row["facts.security_dependence"]) for row in rows} == {
        ("ishiba", 0.5),
        ("ishiba", 0.9),
        ("takaichi", 0.5),
        ("takaichi", 0.9),
    }
    for row in rows:  # each row is the job's own result
        job = json.loads((folder / str(row["job"]) / "equilibria.json").read_text())
        (run,) = [r for r in job["runs"] if r["label"] == row["run"]]
        assert row["us_tariff_resist"] == run["us_payoffs"][1][1]
        assert row["japan_refrain_concede"] == run["japan_payoffs"][0][0]
        assert row["equilibria"] == len(run["equilibria"])
    parquet = pq.read_table(folder / "merged.parquet")
    assert parquet.equals(pa_csv.read_csv(folder / "merged.csv"))


@pytest.mark.slow
def test_multirun_merges_every_table_and_the_maps(joblib_multirun):
    done, cwd = joblib_multirun
    folder = _multirun_folder(cwd)
    for name in ("payoffs", "terms", "facts", "tipping_points", "deals", "tournament"):
        merged = _read_csv(folder / f"merged_{name}.csv")
        jobs = [len(_read_csv(folder / str(k) / f"{name}.csv")) for k in range(4)]
        assert len(merged) == sum(jobs) > 0
        assert pq.read_metadata(folder / f"merged_{name}.parquet").num_rows == len(merged)
    facts = _read_csv(folder / "merged_facts.csv")
    dependence = {(r["job"], r["value"]) for r in facts if r["name"] == "security_dependence"}
    assert dependence == {(0, 0.5), (1, 0.9), (2, 0.5), (3, 0.9)}
    assert (folder / "merged_maps.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (folder / "merged_maps.svg").read_text().count("job 3 (") >= 1


@pytest.mark.slow
def test_a_multirun_without_figures_merges_its_tables_and_draws_nothing(tmp_path):
    done = _run(["sim", "-m", "japan=ishiba,takaichi", "output.figures=false", *SMALL], tmp_path)
    assert done.returncode == 0, done.stderr
    folder = _multirun_folder(tmp_path)
    assert len(_read_csv(folder / "merged.csv")) == 6
    assert (folder / "merged_payoffs.parquet").is_file()
    assert not list(folder.rglob("*.png")) and not list(folder.rglob("*.svg"))


@pytest.mark.slow
def test_jobs_in_one_process_write_the_files_a_job_of_its_own_writes(tmp_path):
    """The basic launcher runs both jobs in one process: the second finds the cases' points
    the first computed (sim.analysis.history.case_points), and every file it writes is
    byte for byte that of the same job run alone in a fresh process."""
    options = ["scenario=overtures_backfired", "japan=takaichi", "output.figures=false", *SMALL]
    done = _run(["sim", "-m", "hydra/launcher=basic", "model.repeated_turns=40,50", *options], tmp_path)
    assert done.returncode == 0, done.stderr
    shared = _multirun_folder(tmp_path) / "1"
    alone = tmp_path / "alone"
    done = _run(["sim", "model.repeated_turns=50", *options, f"hydra.run.dir={alone}"], tmp_path)
    assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(alone) for p in alone.rglob("*") if p.is_file() and ".hydra" not in p.parts)
    assert Path("history.csv") in files
    assert files == sorted(p.relative_to(shared) for p in shared.rglob("*") if p.is_file() and ".hydra" not in p.parts)
    for name in files:
        assert (alone / name).read_bytes() == (shared / name).read_bytes(), name


@pytest.mark.slow
def test_merge_command_gives_the_same_tables(joblib_multirun, tmp_path):
    done, cwd = joblib_multirun
    folder = _multirun_folder(cwd)
    before = (folder / "merged.csv").read_bytes(), (folder / "merged_facts.csv").read_bytes()
    again = _run(["sim.multirun", "merge", str(folder)], cwd)
    assert again.returncode == 0, again.stderr
    assert "Merged 4 jobs into" in again.stdout and "merged_points" not in again.stdout
    assert ((folder / "merged.csv").read_bytes(), (folder / "merged_facts.csv").read_bytes()) == before
    missing = _run(["sim.multirun", "merge", str(tmp_path / "nowhere")], cwd)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "nowhere: expected a multirun folder, found no such folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = _run(["sim.multirun", "merge", str(tmp_path / "empty")], cwd)
    assert empty.returncode == 2 and "with job folders" in empty.stderr


@pytest.mark.slow
def test_multirun_of_named_sweeps_merges_the_points(tmp_path):
    args = [
        "sim",
        "-m",
        "japan=ishiba,takaichi",
        "scenario=overtures_backfired",
        "sweep.name=both",
        "sweep.x_points=5",
        "sweep.y_points=4",
        "sweep.csv=true",
    ]
    done = _run(args, tmp_path)
    assert done.returncode == 0, done.stderr
    sweeps = tmp_path / "results" / "sweeps" / "both"
    key = "scenario=overtures_backfired,sweep.csv=True,sweep.x_points=5,sweep.y_points=4"  # as Hydra writes it
    assert sorted(p.name for p in sweeps.iterdir()) == [f"japan=ishiba,{key}", f"japan=takaichi,{key}"]
    folder = _multirun_folder(tmp_path)
    merged = pq.read_table(folder / "merged_points.parquet")
    assert merged.num_rows == 2 * 5 * 4
    assert merged.column_names[:3] == ["job", "overrides", "run"]
    rows = merged.to_pylist()
    assert {(r["job"], r["japan"]) for r in rows} == {(0, "ishiba"), (1, "takaichi")}
    for job, japan in ((0, "ishiba"), (1, "takaichi")):
        own = pq.read_table(sweeps / f"japan={japan},{key}" / "points.parquet")
        mine = merged.filter(pc.equal(merged["job"], job))
        assert mine.drop_columns(["job", "overrides"]).equals(own)
    assert pa_csv.read_csv(folder / "merged_points.csv").num_rows == 40
    rerun = _run(args, tmp_path)  # the same multirun again: every job resumes
    assert rerun.returncode == 0 and rerun.stdout.count("(1 already done, 0 computed)") == 2


@pytest.mark.slow
def test_multirun_of_parquet_only_sweeps_merges_no_csv(tmp_path):
    done = _run(
        [
            "sim",
            "-m",
            "japan=ishiba,takaichi",
            "scenario=overtures_backfired",
            "sweep.name=lean",
            "sweep.x_points=5",
            "sweep.y_points=4",
        ],  # sweep.csv=false by default
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    folder = _multirun_folder(tmp_path)
    assert pq.read_table(folder / "merged_points.parquet").num_rows == 2 * 5 * 4
    assert not (folder / "merged_points.csv").exists()


@pytest.mark.slow
@pytest.mark.skipif(
    not _has("hydra_plugins.hydra_submitit_launcher"),
    reason="hydra-submitit-launcher is not installed (pip install '.[test]')",
)
def test_submitit_local_launcher(tmp_path):
    done = _run(
        ["sim", "-m", "hydra/launcher=submitit_local", "japan=ishiba,takaichi", "scenario=overtures_backfired", *SMALL],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "Submitit 'local' sweep output dir" in done.stdout
    folder = _multirun_folder(tmp_path)
    assert {row["japan"] for row in _read_csv(folder / "merged.csv")} == {"ishiba", "takaichi"}
    assert len(jobs_of(folder)) == 2 and (folder / ".submitit").is_dir()


@pytest.mark.slow
@pytest.mark.skipif(
    not _has("hydra_plugins.hydra_ray_launcher"),
    reason="hydra-ray-launcher is not installed (pip install '.[cluster]')",
)
def test_ray_launcher_on_a_local_ray_instance(tmp_path):
    done = _run(
        [
            "sim",
            "-m",
            "hydra/launcher=ray_local",
            "japan=ishiba,takaichi",
            "scenario=overtures_backfired",
            "hydra.launcher.ray.init.num_cpus=2",
            *SMALL,
        ],
        tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "Ray Launcher is launching 2 jobs" in done.stdout + done.stderr
    folder = _multirun_folder(tmp_path)
    rows = _read_csv(folder / "merged.csv")
    assert {row["japan"] for row in rows} == {"ishiba", "takaichi"} and len(rows) == 2


def test_merge_of_a_folder_without_results_is_a_user_error(tmp_path):
    from sim.base.errors import UserError

    (tmp_path / "0" / ".hydra").mkdir(parents=True)
    (tmp_path / "0" / ".hydra" / "overrides.yaml").write_text("- japan=ishiba\n")
    with pytest.raises(UserError, match="did every job fail"):
        merge(tmp_path)


def test_merged_tables_keep_every_row_and_infer_types_from_all_of_them(tmp_path):
    """A text value after many numbers, and a quote with a line break, survive the merge."""
    for number, value in enumerate(["0.5", "0.9"]):
        job = tmp_path / str(number)
        (job / ".hydra").mkdir(parents=True)
        (job / ".hydra" / "overrides.yaml").write_text(f"- facts.approval={value}\n")
        rows = [f"run{k},{k}.5,plain" for k in range(3000)]
        rows.append('last,n/a,"two\nlines"' if number else "last,1.5,plain")
        (job / "facts.csv").write_text("run,value,quote\n" + "\n".join(rows) + "\n")
    from sim.cli.multirun import _merged_csv, _write_pair

    jobs = jobs_of(tmp_path)
    written = _write_pair(tmp_path / "merged_facts", _merged_csv(jobs, ["facts.approval"], "facts.csv"))
    table = pq.read_table(written[1])
    assert table.num_rows == 2 * 3001 and table.column_names[:3] == ["job", "overrides", "facts.approval"]
    assert table.column("value").to_pylist()[-1] == "n/a"
    assert table.column("quote").to_pylist()[-1] == "two\nlines"


def test_versions_are_read_once_per_state_of_the_import_path(tmp_path, monkeypatch):
    """The jobs of a multirun in one process share versions.json until a package changes."""
    from importlib import metadata

    from sim.io import versions

    monkeypatch.setattr(versions, "_versions_json", functools.lru_cache(maxsize=4)(versions._versions_json.__wrapped__))
    old = 1_000_000_000_000_000_000
    os.utime(tmp_path, ns=(old, old))
    monkeypatch.syspath_prepend(str(tmp_path))
    first = versions.versions_json()
    assert json.loads(first)["packages"]["tqdm"] == metadata.version("tqdm") != "99.0"
    assert versions.versions_json() is first  # read once
    info = tmp_path / "tqdm-99.0.dist-info"  # a newer tqdm installed ahead on the path
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tqdm\nVersion: 99.0\n", encoding="utf-8")
    assert json.loads(versions.versions_json())["packages"]["tqdm"] == "99.0"
