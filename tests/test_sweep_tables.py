"""Named sweeps: tidy tables per grid point, checked against the general solver; chunks,
resume after SIGKILL, refusal of a changed config, byte-identical tables."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from conftest import CHILD_ENV, REPO_ROOT, processes_left
from sim.base.errors import UserError
from sim.model.payoffs import payoff_matrices
from sim.cli.pipeline import RunSettings, sweep_runs
from sim.solve.solvers import nash_equilibria
from sim.solve.outcome_classes import OUTCOME_WORDS, OUTCOMES
from sim.io import sweep_store, sweep_tables, sweep_workers
from sim.io.sweep_store import outcome_shares, run_named_sweep
from sim.io.sweep_tables import CELLS, SweepSpec, sweep_spec

TWO_RUNS = RunSettings(scenario="overtures_backfired")  # neutral: Ishiba and Takaichi
SPEC = SweepSpec(name="small", x_points=13, y_points=7, chunk_points=20, csv=True)


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """A small two-run sweep, its runs and its folder."""
    folder = tmp_path_factory.mktemp("sweeps") / "small"
    runs = sweep_runs(TWO_RUNS)
    report = run_named_sweep(SPEC, runs, folder, progress=False)
    return report, runs, folder


def test_one_row_per_grid_point_in_grid_order(swept):
    report, runs, folder = swept
    table = pq.read_table(folder / "points.parquet").to_pydict()
    assert len(runs) == 2 and report.points == 2 * 13 * 7
    assert len(table["run"]) == 2 * 13 * 7
    assert table["run"][:91] == [runs[0].label] * 91 and table["run"][91:] == [runs[1].label] * 91
    x = np.array(table["auto_tariff_rate"][:91]).reshape(13, 7)
    y = np.array(table["security_dependence"][:91]).reshape(13, 7)
    assert np.allclose(x, np.linspace(0, 1, 13)[:, None]) and np.allclose(y, np.linspace(0, 1, 7))
    assert set(table["japan"]) == {"ishiba", "takaichi"}
    assert set(table["scenario"]) == {"overtures_backfired"} and set(table["us"]) == {"trump_2025"}


def test_rows_agree_with_the_general_solver(swept):
    _, runs, folder = swept
    rows = pq.read_table(folder / "points.parquet").to_pylist()
    by_label = {run.label: run for run in runs}
    for row in rows[::3]:  # 61 of the 182 points
        params = dict(
            by_label[row["run"]].params,
            auto_tariff_rate=row["auto_tariff_rate"],
            security_dependence=row["security_dependence"],
        )
        A, B = payoff_matrices(params)
        for i, j, cell in CELLS:
            assert row[f"us_{cell}"] == pytest.approx(A[i, j], rel=1e-12, abs=1e-12)
            assert row[f"japan_{cell}"] == pytest.approx(B[i, j], rel=1e-12, abs=1e-12)
        found = nash_equilibria(A, B)
        pure = {(e.row_strategy.index(1.0), e.col_strategy.index(1.0)) for e in found if e.is_pure}
        assert {(i, j) for i, j, cell in CELLS if row[f"pure_{cell}"]} == pure
        mixed = [e for e in found if not e.is_pure]
        if mixed:
            assert row["mixed_us_refrain"] == pytest.approx(mixed[0].row_strategy[0], abs=1e-9)
            assert row["mixed_japan_concede"] == pytest.approx(mixed[0].col_strategy[0], abs=1e-9)
        else:
            assert row["mixed_us_refrain"] is None and row["mixed_japan_concede"] is None
        expected = 2 * next(iter(pure))[0] + next(iter(pure))[1] if len(pure) == 1 else 4 if not pure else 5
        assert not row["degenerate"] and row["outcome"] == expected
        assert row["outcome_name"] == OUTCOMES[expected]
        assert row["outcome_words"] == OUTCOME_WORDS[expected]


def test_sweep_has_more_than_one_outcome(swept):
    """The grid is not trivial: the checks above see different equilibria."""
    report, runs, _ = swept
    assert set(report.shares) == {run.label for run in runs}
    assert all(abs(sum(shares.values()) - 1) < 1e-12 for shares in report.shares.values())
    assert len(report.shares[runs[0].label]) >= 2


def test_csv_and_parquet_agree(swept):
    _, _, folder = swept
    parquet = pq.read_table(folder / "points.parquet")
    options = pa_csv.ConvertOptions(column_types=parquet.schema, strings_can_be_null=False)
    from_csv = pa_csv.read_csv(folder / "points.csv", convert_options=options)
    assert from_csv.column_names == parquet.column_names
    assert from_csv.equals(parquet)


def test_same_config_gives_byte_identical_tables(swept, tmp_path):
    _, runs, folder = swept
    run_named_sweep(SPEC, runs, tmp_path / "again", progress=False)
    for name in ("points.csv", "points.parquet"):
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes()
    other = replace(SPEC, chunk_points=1000)  # one chunk per run: the same CSV
    run_named_sweep(other, runs, tmp_path / "one_chunk", progress=False)
    assert (tmp_path / "one_chunk" / "points.csv").read_bytes() == (folder / "points.csv").read_bytes()


def test_rerun_reuses_every_chunk(swept):
    report, runs, folder = swept
    before = {p.name: p.stat().st_ino for p in (folder / "chunks").iterdir()}
    again = run_named_sweep(SPEC, runs, folder, progress=False)
    assert (again.reused, again.computed) == (report.chunks, 0)
    assert {p.name: p.stat().st_ino for p in (folder / "chunks").iterdir()} == before


def test_changed_config_is_refused_then_overwritten(tmp_path):
    runs = sweep_runs(TWO_RUNS)
    run_named_sweep(SPEC, runs, tmp_path / "s", progress=False)
    with pytest.raises(UserError, match=r"changed sweep\.x_points \(13 -> 14\)"):
        run_named_sweep(replace(SPEC, x_points=14), runs, tmp_path / "s", progress=False)
    other = sweep_runs(replace(TWO_RUNS, fact_overrides={"approval": 0.35}))
    with pytest.raises(UserError, match=r"params\.approval \(0\.5 -> 0\.35\)"):
        run_named_sweep(SPEC, other, tmp_path / "s", progress=False)
    report = run_named_sweep(replace(SPEC, x_points=14, overwrite=True), runs, tmp_path / "s", progress=False)
    assert report.computed == report.chunks and report.points == 2 * 14 * 7
    assert pq.read_metadata(tmp_path / "s" / "points.parquet").num_rows == 2 * 14 * 7


def test_an_unreadable_manifest_is_refused_unless_overwritten(tmp_path):
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    run_named_sweep(SPEC, runs, tmp_path / "s", progress=False)
    (tmp_path / "s" / "manifest.json").write_text("{not json")
    with pytest.raises(UserError, match="found an unreadable manifest"):
        run_named_sweep(SPEC, runs, tmp_path / "s", progress=False)
    report = run_named_sweep(replace(SPEC, overwrite=True), runs, tmp_path / "s", progress=False)
    assert report.computed == report.chunks


def test_stale_temporary_files_are_removed(tmp_path):
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    stale = tmp_path / "s" / "chunks" / ".000_00000.parquet.abc.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"half a file")
    run_named_sweep(SPEC, runs, tmp_path / "s", progress=False)
    assert not stale.exists()
    assert not list((tmp_path / "s").rglob("*.tmp"))


def test_one_parameter_sweep_and_explicit_ranges(tmp_path):
    spec = SweepSpec(name="line", x="approval", y=None, x_range=(0.1, 0.6), x_points=6)
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    run_named_sweep(spec, runs, tmp_path / "line", progress=False)
    table = pq.read_table(tmp_path / "line" / "points.parquet")
    assert table.num_rows == 6 and "security_dependence" not in table.column_names
    assert table.column("approval").to_pylist() == pytest.approx(np.linspace(0.1, 0.6, 6))


def test_csv_only_when_asked(tmp_path):
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    spec = SweepSpec(name="p", x_points=13, y_points=7, chunk_points=20)
    assert not spec.csv  # the default
    report = run_named_sweep(spec, runs, tmp_path / "p", progress=False)
    assert not (tmp_path / "p" / "points.csv").exists()
    assert "points.csv" not in report.text()
    again = run_named_sweep(replace(spec, csv=True), runs, tmp_path / "p", progress=False)  # wanted later
    assert (tmp_path / "p" / "points.csv").is_file() and again.computed == 0


def test_a_locked_folder_is_refused(tmp_path):
    import fcntl

    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    (tmp_path / "s").mkdir()
    with open(tmp_path / "s" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(UserError, match="a sweep folder no other process is using"):
            run_named_sweep(SPEC, runs, tmp_path / "s", progress=False)


def test_outcome_shares_read_the_table(swept):
    report, _, folder = swept
    assert outcome_shares(folder / "points.parquet") == report.shares
    text = report.text()
    assert "182 grid points in 14 chunks" in text and "points.csv" in text


@pytest.mark.parametrize(
    "options, message",
    [
        ({"name": "a/b"}, "sweep.name: expected a folder name"),
        ({"name": ".hidden"}, "sweep.name: expected a folder name"),
        ({"name": "s", "x_points": 0}, "sweep.x_points: expected a whole number >= 1, found 0"),
        ({"name": "s", "chunk_points": 2.5}, "sweep.chunk_points: expected a whole number >= 1"),
        ({"name": "s", "x_range": [1, 0]}, "sweep.x_range: expected [low, high]"),
        ({"name": "s", "y_range": "0,1"}, "sweep.y_range: expected [low, high]"),
        ({"name": "s", "overwrite": "yes"}, "sweep.overwrite: expected true or false"),
        (
            {"name": "s", "workers": 0},
            "sweep.workers: expected a whole number >= 1 or null (the usable cores), found 0",
        ),
        ({"name": "s", "workers": "all"}, "sweep.workers: expected a whole number >= 1 or null"),
        ({"name": "s", "workers": True}, "sweep.workers: expected a whole number >= 1 or null"),
        ({"name": "s", "workers": 1.5}, "sweep.workers: expected a whole number >= 1 or null"),
        (
            {"name": "s", "x_pionts": 3},
            "sweep.x_pionts: expected a sweep option, found an unknown option (did you mean 'x_points'?)",
        ),
    ],
)
def test_bad_options_say_which_and_why(options, message):
    with pytest.raises(UserError) as error:
        sweep_spec(options)
    assert message in error.value.message()


def test_no_name_means_no_sweep():
    assert sweep_spec({"name": None, "x": "approval"}) is None


def test_workers_option_is_kept():
    assert sweep_spec({"name": "s", "workers": 3}).workers == 3
    assert sweep_spec({"name": "s", "workers": None}).workers is None


# --- chunks computed by worker processes -------------------------------------------------


@pytest.fixture
def two_cores(monkeypatch):
    """As if this process could use two cores, and a record of the workers each sweep used."""
    used = []

    def recorded(jobs, workers, private=()):
        used.append(workers)
        return sweep_workers.computed_chunks(jobs, workers, private)

    monkeypatch.setattr(sweep_workers, "usable_cores", lambda: 2)
    monkeypatch.setattr(sweep_store, "computed_chunks", recorded)
    return used


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_two_workers_write_the_same_files_as_one(swept, two_cores, tmp_path):
    """Tables, chunks and manifest are byte-identical whether one process or two computed them."""
    _, runs, folder = swept
    report = run_named_sweep(replace(SPEC, workers=2), runs, tmp_path / "two", progress=False)
    assert two_cores == [2] and report.computed == report.chunks == 14
    assert _files(tmp_path / "two") == _files(folder)
    run_named_sweep(replace(SPEC, workers=1), runs, tmp_path / "one", progress=False)
    assert two_cores == [2, 1]
    assert _files(tmp_path / "one") == _files(folder)


def _stopped_after_five_chunks(spec: SweepSpec, runs, folder: Path, monkeypatch) -> list[str]:
    """Run ``spec`` until five chunks are written, then fail (as a killed sweep stops)."""
    write_chunks = sweep_store._write_chunks
    written: list[str] = []

    def failing(folder, batch, *args):
        part = batch[: 5 - len(written)]
        written.extend(name for name, _ in part)
        write_chunks(folder, part, *args)
        if len(part) < len(batch) or len(written) == 5:
            raise OSError("stopped")

    monkeypatch.setattr(sweep_store, "_write_chunks", failing)
    with pytest.raises(OSError, match="stopped"):
        run_named_sweep(spec, runs, folder, progress=False)
    monkeypatch.setattr(sweep_store, "_write_chunks", write_chunks)
    return written


def test_a_parallel_sweep_stopped_midway_resumes_to_the_same_tables(swept, two_cores, tmp_path, monkeypatch):
    """A sweep that fails after some chunks (as a killed one would stop) resumes with two
    workers without recomputing the chunks on disk, to tables identical to a whole run."""
    _, runs, folder = swept
    written = _stopped_after_five_chunks(replace(SPEC, workers=2), runs, tmp_path / "s", monkeypatch)
    chunks = tmp_path / "s" / "chunks"
    done = {p.name: p.stat().st_ino for p in chunks.glob("*.parquet")}
    assert sorted(done) == sorted(written) and len(done) == 5
    assert not (tmp_path / "s" / "points.parquet").exists()
    report = run_named_sweep(replace(SPEC, workers=2), runs, tmp_path / "s", progress=False)
    assert two_cores == [2, 2] and (report.reused, report.computed) == (5, 9)
    assert {name: (chunks / name).stat().st_ino for name in done} == done
    for name in ("points.parquet", "points.csv", "manifest.json"):
        assert (tmp_path / "s" / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_resume_over_chunks_with_other_file_metadata_writes_the_same_tables(swept, tmp_path, monkeypatch):
    """Chunks whose footers differ (pyarrow's schema stored in some, as earlier versions
    wrote them) are not joined: the tables are decoded and written again, to the bytes of
    a whole run."""
    _, runs, folder = swept
    monkeypatch.setattr(sweep_tables, "PARQUET_OPTIONS", dict(sweep_tables.PARQUET_OPTIONS, store_schema=True))
    _stopped_after_five_chunks(replace(SPEC, workers=1), runs, tmp_path / "s", monkeypatch)
    monkeypatch.undo()
    run_named_sweep(replace(SPEC, workers=1), runs, tmp_path / "s", progress=False)
    for name in ("points.parquet", "points.csv"):
        assert (tmp_path / "s" / name).read_bytes() == (folder / name).read_bytes(), name


def test_worker_count_follows_the_option_the_cores_and_the_work(monkeypatch):
    monkeypatch.setattr(sweep_workers, "usable_cores", lambda: 4)
    count = sweep_workers.worker_count
    assert count(None, 30, 10**7) == 4  # the usable cores
    assert count(None, 30, 500_000) == 3  # one per 200,000 points at most
    assert count(None, 14, 182) == 1  # a small sweep: in this process
    assert count(2, 14, 182) == 2 and count(1, 30, 10**7) == 1  # as chosen
    assert count(8, 30, 10**7) == 4 and count(8, 3, 10**7) == 3  # never more than cores or chunks


@pytest.mark.parametrize(
    "spec, message",
    [
        (SweepSpec(name="s", x="tarif_rate"), "sweep.x: expected a stage-game parameter"),
        (SweepSpec(name="s", x="approval", y="approval"), "sweep.y: expected a parameter other"),
        (
            SweepSpec(name="s", y_range=(0.0, 1.5)),
            "sweep.y_range: expected values of security_dependence >= 0 and <= 1, found 1.5",
        ),
    ],
)
def test_bad_parameters_are_user_errors(tmp_path, spec, message):
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    with pytest.raises(UserError) as error:
        run_named_sweep(spec, runs, tmp_path / "s", progress=False)
    assert message in error.value.message()


# --- end to end: the command line, SIGKILL and resume ------------------------------------

SWEEP = [
    "sim",
    "scenario=overtures_backfired",
    "japan=ishiba",
    "sweep.name=resume",
    "sweep.x_points=240",
    "sweep.y_points=101",
    "sweep.chunk_points=101",
    "sweep.csv=true",
]


def _env(cwd: Path) -> dict:
    return {**CHILD_ENV, "HOME": str(cwd)}


def _run(args, cwd):
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=_env(cwd), timeout=300
    )


@pytest.mark.slow
def test_killed_sweep_resumes_without_redoing_chunks(tmp_path):
    """SIGKILL during a sweep computed by two workers: its workers exit too, and the rerun
    (however many workers) keeps every chunk on disk and writes the tables a whole run
    in one process writes."""
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    killed.mkdir(), whole.mkdir()
    chunks = killed / "results" / "sweeps" / "resume" / "chunks"
    process = subprocess.Popen(
        [sys.executable, "-m", *SWEEP, "sweep.workers=2"],  # killed with its workers at work
        cwd=killed,
        env=_env(killed),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(chunks.glob("*.parquet"))) < 5:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    in_folder = killed.resolve()
    assert processes_left(lambda entry: (entry / "cwd").resolve() == in_folder) == [], (
        "a worker outlived the killed sweep"
    )
    folder = chunks.parent
    assert not (folder / "points.parquet").exists(), "the sweep finished before the kill"
    done = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in chunks.glob("*.parquet")}
    assert 5 <= len(done) < 240
    for name in done:  # every chunk file on disk is whole: 101 rows, readable
        assert pq.read_metadata(chunks / name).num_rows == 101
    assert {p.name for p in chunks.iterdir()} - set(done) <= {
        p.name for p in chunks.glob(".*.tmp")
    }  # at most temporary files besides

    resumed = _run(SWEEP, killed)
    assert resumed.returncode == 0, resumed.stderr
    assert f"in 240 chunks ({len(done)} already done, {240 - len(done)} computed)" in resumed.stdout
    assert {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name in done for p in [chunks / name]} == done
    assert not list(folder.rglob("*.tmp"))

    fresh = _run([*SWEEP, "sweep.workers=1"], whole)
    assert fresh.returncode == 0, fresh.stderr
    reference = whole / "results" / "sweeps" / "resume"
    for name in ("points.csv", "points.parquet"):
        assert (folder / name).read_bytes() == (reference / name).read_bytes()
    assert pq.read_metadata(folder / "points.parquet").num_rows == 240 * 101


@pytest.mark.slow
def test_command_line_refuses_a_changed_sweep(tmp_path):
    args = ["sim", "scenario=ishiba_white_house_2025", "sweep.name=cli", "sweep.x_points=4", "sweep.y_points=3"]
    first = _run(args, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "Named sweep 'cli': 12 grid points" in first.stdout
    assert "Japan resists" in first.stdout
    changed = _run([*args[:-1], "sweep.y_points=5"], tmp_path)
    assert changed.returncode == 2 and "Traceback" not in changed.stderr
    assert changed.stderr.strip().count("\n") == 0
    assert (
        "manifest.json: sweep.name: expected the configuration this sweep was started "
        "with, found a changed sweep.y_points (3 -> 5)"
    ) in changed.stderr
    debug = _run([*args[:-1], "sweep.y_points=5", "debug=true"], tmp_path)
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    bad = _run(["sim", "sweep.name=x", "sweep.x=tarif_rate"], tmp_path)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "sweep.x: expected a stage-game parameter, found 'tarif_rate'" in bad.stderr
    again = _run([*args[:-1], "sweep.y_points=5", "sweep.overwrite=true"], tmp_path)
    assert again.returncode == 0 and "20 grid points" in again.stdout
    assert pq.read_metadata(tmp_path / "results" / "sweeps" / "cli" / "points.parquet").num_rows == 20
    assert not (tmp_path / "results" / "sweeps" / "cli" / "points.csv").exists()  # not asked for


def test_csv_text_round_trips_floats(swept):
    """CSV numbers are shortest round-trip reprs: parsing them gives the Parquet floats."""
    _, _, folder = swept
    parquet = pq.read_table(folder / "points.parquet")
    header, first = (folder / "points.csv").read_text().splitlines()[:2]
    values = dict(zip(header.split(","), first.split(",")))
    for name in ("us_tariff_resist", "japan_refrain_resist", "security_dependence"):
        assert float(values[name]) == parquet.column(name)[0].as_py()


def test_config_block_matches_the_spec_defaults():
    from hydra import compose, initialize_config_dir

    from sim.cli.app import settings_from_config
    from sim.base.paths import CONF_DIR

    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        assert settings_from_config(compose(config_name="config")).sweep is None
        cfg = compose(config_name="config", overrides=["sweep.name=grid", "sweep.x_range=[0.1,0.5]"])
    assert settings_from_config(cfg).sweep == SweepSpec(name="grid", x_range=(0.1, 0.5))


def test_points_table_is_what_pyarrow_writes_for_the_chunks_in_turn(swept):
    """The chunks' row groups joined byte for byte are the bytes pyarrow's ParquetWriter
    writes for the chunks' tables one after another, with the same options."""
    _, _, folder = swept
    names = json.loads((folder / "manifest.json").read_text())["config"]["chunks"]
    tables = [
        pq.read_table(folder / "chunks" / name, read_dictionary=list(sweep_tables.TEXT_COLUMNS)) for name in names
    ]
    sink = io.BytesIO()
    with pq.ParquetWriter(sink, tables[0].schema, **sweep_tables.PARQUET_OPTIONS) as writer:
        for table in tables:
            writer.write_table(table)
    assert len(tables) == 14 and (folder / "points.parquet").read_bytes() == sink.getvalue()


def test_chunks_the_join_cannot_take_are_decoded_and_written_again(swept, tmp_path, monkeypatch):
    _, runs, folder = swept
    options = dict(sweep_tables.PARQUET_OPTIONS, write_page_index=True)  # positions it does not move
    monkeypatch.setattr(sweep_tables, "PARQUET_OPTIONS", options)
    monkeypatch.setattr(sweep_store, "PARQUET_OPTIONS", options)
    run_named_sweep(replace(SPEC, workers=1), runs, tmp_path / "s", progress=False)
    table = pq.read_table(tmp_path / "s" / "points.parquet")
    assert table.equals(pq.read_table(folder / "points.parquet"))
    assert pq.ParquetFile(tmp_path / "s" / "points.parquet").metadata.row_group(0).column(0).has_offset_index


def test_tables_read_back_as_the_reference_revision_wrote_them(swept):
    """The same columns, types and values as the tables of the revision named in
    ``tests/reference/sweep_small/reference.json``, and the same CSV bytes; the Parquet
    bytes differ (the text columns are dictionary-encoded before the writer sees them)."""
    _, _, folder = swept
    reference = REPO_ROOT / "tests" / "reference" / "sweep_small"
    record = json.loads((reference / "reference.json").read_text())
    assert record["scenario"] == TWO_RUNS.scenario
    assert {key: record["sweep"][key] for key in ("x_points", "y_points")} == {"x_points": 13, "y_points": 7}
    expected = pq.read_table(reference / "points.parquet")
    found = pq.read_table(folder / "points.parquet")
    assert found.schema == expected.schema and found.num_rows == expected.num_rows == 182
    assert found.equals(expected)
    csv = (folder / "points.csv").read_bytes()
    assert (hashlib.sha256(csv).hexdigest(), len(csv)) == (
        record["points.csv"]["sha256"],
        record["points.csv"]["bytes"],
    )


def _die(*args):
    os._exit(9)  # as the system's out-of-memory killer would stop a worker


def test_a_worker_that_dies_is_one_line_and_the_sweep_resumes(swept, two_cores, tmp_path, monkeypatch):
    _, runs, folder = swept
    monkeypatch.setattr(sweep_workers, "chunk_parquet", _die)  # the forked workers run this
    with pytest.raises(UserError) as error:
        run_named_sweep(replace(SPEC, workers=2), runs, tmp_path / "s", progress=False)
    assert error.value.message() == (
        "config: sweep.workers: expected worker processes that finish their chunks, found a worker "
        "that stopped: killed, or out of memory? (rerun to resume from the chunks written; "
        "sweep.workers=1 or a smaller sweep.chunk_points needs less memory)"
    )
    monkeypatch.undo()
    run_named_sweep(replace(SPEC, workers=2), runs, tmp_path / "s", progress=False)
    assert (tmp_path / "s" / "points.parquet").read_bytes() == (folder / "points.parquet").read_bytes()
