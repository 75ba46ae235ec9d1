"""Promises kept under attack: special files, bounded reads and work, safe writes.

Each test is one attack of an outside tester. Where an attack used to hang, the test runs
the command in a subprocess with a generous timeout: a guard against hanging, not a speed
target. docs/reliability.md lists the promises and the tests that keep them.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_SCENARIO, REPO_ROOT
from hypothesis import given
from hypothesis import strategies as st

from sim.base.errors import UserError
from sim.base.reading import read_bytes
from sim.io.safe_files import write_atomic

GUARD = 120  # seconds: far beyond what any of these commands needs


def run(
    *args: str, stdin: str | bytes | None = None, timeout: float = GUARD, cwd: Path | None = None, stdin_file=None
) -> subprocess.CompletedProcess:
    """``python -m ARGS`` in a subprocess, guarded by ``timeout``."""
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    return subprocess.run(
        [sys.executable, "-m", *args],
        input=stdin,
        stdin=stdin_file,
        capture_output=True,
        timeout=timeout,
        cwd=cwd or REPO_ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> str:
    """Assert exit 2 with one ``error:`` line and no traceback; return that line."""
    err = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) else done.stderr
    assert done.returncode == 2, err
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def device(tmp_path) -> Path:
    """A character device node equal to /dev/null's, made with mknod (needs root)."""
    if os.geteuid() != 0:
        pytest.skip("making a device node (mknod) needs root; the FIFO and /dev/zero tests cover special files here")
    path = tmp_path / "null-device"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.stat("/dev/null").st_rdev)
    return path


# -- 1. outputs never replace a special file -------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_write_atomic_refuses_a_special_file_and_leaves_it(kind, request, tmp_path):
    target = tmp_path / "folder" if kind == "folder" else request.getfixturevalue(kind)
    target.mkdir(exist_ok=True) if kind == "folder" else None
    mode = os.stat(target).st_mode
    with pytest.raises(UserError, match="never replaces"):
        write_atomic(target, "data")
    assert os.stat(target).st_mode == mode  # still the same kind of file
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary


def test_write_atomic_refuses_a_symlink_to_a_device_and_writes_through_none(tmp_path):
    link = tmp_path / "log.json"
    link.symlink_to("/dev/null")
    with pytest.raises(UserError, match="character device"):
        write_atomic(link, "data")
    assert link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_write_atomic_replaces_a_symlink_to_a_regular_file(tmp_path):
    (tmp_path / "old.txt").write_text("old")
    (tmp_path / "new.txt").symlink_to(tmp_path / "old.txt")
    write_atomic(tmp_path / "new.txt", "new")
    assert (tmp_path / "new.txt").read_text() == "new"


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_play_log_onto_a_special_file_is_one_line_and_keeps_it(kind, request):
    target = request.getfixturevalue(kind)
    done = run("sim.play", "--rounds", "1", "--log", str(target), stdin="c\n")
    one_line_error(done, str(target), "never replaces")
    assert not stat.S_ISREG(os.stat(target).st_mode)


def test_one_atomic_writer():
    """Every module writes through sim.io.safe_files.write_atomic; nothing else renames."""
    offenders = [
        path.name
        for path in (REPO_ROOT / "sim").glob("*.py")
        if path.name != "safe_files.py" and ("os.replace" in path.read_text() or "mkstemp" in path.read_text())
    ]
    assert not offenders


# -- 2. every file is read with a bound: FIFOs, devices and /dev/zero are refused ------


@pytest.fixture(params=["fifo", "device", "/dev/zero", "symlink to /dev/zero"])
def special(request, tmp_path) -> Path:
    """A special file where a data file is expected, each kind once."""
    if request.param in ("fifo", "device"):
        return request.getfixturevalue(request.param)
    if request.param == "/dev/zero":
        return Path("/dev/zero")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    return link


def test_read_bytes_refuses_special_files_without_reading_them(special):
    with pytest.raises(UserError, match="regular file"):
        read_bytes(special, 1000)


def test_read_bytes_reads_at_most_the_limit_plus_one(tmp_path, monkeypatch):
    import sim.io.safe_files

    asked = []
    real = os.read
    monkeypatch.setattr(sim.io.safe_files.os, "read", lambda handle, size: asked.append(size) or real(handle, size))
    (tmp_path / "big").write_bytes(b"x" * 5000)
    with pytest.raises(UserError, match="at most 100 bytes"):
        read_bytes(tmp_path / "big", 100)
    assert sum(asked) == 101


def test_validate_refuses_special_files(special):
    one_line_error(run("sim.validate", str(special)), str(special), "regular file")


def test_solve_refuses_special_files(special):
    one_line_error(run("sim.solve", str(special)), str(special), "regular file")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_main_job_refuses_a_special_scenario_file(kind, request, tmp_path):
    target = request.getfixturevalue("fifo") if kind == "fifo" else Path(kind)
    out = tmp_path / "run"
    done = run("sim", f"scenario={target}", f"hydra.run.dir={out}")
    one_line_error(done, str(target), "regular file")
    assert not (out / "equilibria.json").exists()


def test_play_from_dev_zero_ends_the_game_and_writes_the_log(tmp_path):
    with open("/dev/zero", "rb") as zero:
        done = run("sim.play", "--rounds", "3", "--log", str(tmp_path / "log.json"), stdin_file=zero)
    assert done.returncode == 0, done.stderr
    assert b"end of input" in done.stdout
    assert (tmp_path / "log.json").is_file()


def test_play_stops_after_many_entries_it_does_not_understand(tmp_path):
    done = run("sim.play", "--rounds", "3", stdin="x\n" * 1_000)
    assert done.returncode == 0, done.stderr
    assert b"not understood: end of input" in done.stdout
    assert done.stdout.count(b"not understood") <= 101


def _a_log(folder: Path, name: str = "Aiko") -> None:
    done = run("sim.play", "--rounds", "1", "--name", name, "--log-dir", str(folder), stdin="c\n")
    assert done.returncode == 0, done.stderr


@pytest.mark.slow
def test_class_table_skips_special_and_broken_files(tmp_path):
    logs = tmp_path / "class"
    _a_log(logs)
    (logs / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(logs / "pipe.json")
    import json

    record = json.loads(next(logs.glob("Aiko*.json")).read_text())
    for digits in (400, 5000):
        record["debrief"]["japan"]["total"] = 12345
        text = json.dumps(record).replace('"total": 12345', '"total": 1' + "0" * digits)
        (logs / f"huge-number-{digits}.json").write_text(text)
    (logs / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    done = run("sim.play", "class", str(logs))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "Traceback" not in err
    for name in ("zero.json", "pipe.json", "huge-number-400.json", "huge-number-5000.json", "deep.json"):
        assert name in err
    assert "Aiko" in done.stdout.decode()


def test_multirun_merge_skips_bad_job_files(tmp_path):
    from sim.cli.multirun import merge

    good, bad, worse = (tmp_path / name for name in ("0", "1", "2"))
    for job in (good, bad, worse):
        (job / ".hydra").mkdir(parents=True)
        (job / ".hydra" / "overrides.yaml").write_text(f"- seed={job.name}\n")
        (job / "facts.csv").write_text("run,value\nx,1.5\n")
    (bad / "equilibria.json").write_text('{"runs": [{"label": 1}]}')
    (worse / "equilibria.json").symlink_to("/dev/zero")
    (worse / "terms.csv").write_bytes(b"run,value\n\xff\xfe\n")
    (tmp_path / "3" / ".hydra").mkdir(parents=True)
    (tmp_path / "3" / ".hydra" / "overrides.yaml").write_text("a: &x [1]\nb: *x\n")
    with pytest.raises(UserError, match="did every job fail"):
        merge(tmp_path)  # skipped files are no results: still a clear error, no traceback


def test_articles_are_read_only_inside_the_articles_folder(tmp_path):
    scenario = _scenario_with_article_source(tmp_path, "../outside.txt")
    (tmp_path / "outside.txt").write_text("anything")
    articles = tmp_path / "articles"
    articles.mkdir()
    done = run("sim.validate", str(scenario), "--articles", str(articles))
    one_line_error(done, "an article file in", "../outside.txt")


@pytest.mark.parametrize("content", [b"caf\xe9 latin-1", "fifo"])
def test_an_unreadable_or_non_utf8_article_is_one_line(tmp_path, content):
    scenario = _scenario_with_article_source(tmp_path, "000_article.txt")
    articles = tmp_path / "articles"
    articles.mkdir()
    if content == "fifo":
        os.mkfifo(articles / "000_article.txt")
    else:
        (articles / "000_article.txt").write_bytes(content)
    done = run("sim.validate", str(scenario), "--articles", str(articles))
    one_line_error(done, "000_article.txt")


def _scenario_with_article_source(tmp_path: Path, source: str) -> Path:
    """The example scenario with its first article source renamed to ``source``."""
    import yaml

    data = yaml.safe_load(EXAMPLE_SCENARIO.read_text(encoding="utf-8"))
    old = next(key for key, value in data["sources"].items() if "publisher" not in value)
    text = EXAMPLE_SCENARIO.read_text(encoding="utf-8").replace(old, source)
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# -- 3, 6, 11. YAML: no alias bombs, no tracebacks, numbers as YAML 1.2 reads them ------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{b}: &{b} [*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a},*{a}]\n" for a, b in zip("abcdefgh", "bcdefghi")
)


def test_billion_laughs_is_refused_at_the_first_alias(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS)
    assert len(BILLION_LAUGHS) < 400
    done = run("sim.validate", str(path), timeout=60)
    one_line_error(done, "laughs.yaml:2", "alias")


def _scenario_text() -> str:
    return EXAMPLE_SCENARIO.read_text(encoding="utf-8")


def _edited(tmp_path: Path, old: str, new: str) -> Path:
    text = _scenario_text()
    assert old in text, old
    path = tmp_path / "edited.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _first_value_line() -> str:
    """The first ``value: NUMBER`` line of the example scenario's facts."""
    import re

    return re.search(r"\n(\s+value: [0-9.]+)\n", _scenario_text()).group(1)


@pytest.mark.parametrize(
    "name, content, fragments",
    [
        ("complex key", "? [a, b]\n: 1\n", ["complex key"]),
        ("400 digits", "title: 1" + "0" * 399 + "\n", ["400 digits"]),
        ("5000 digits", "title: 1" + "0" * 4999 + "\n", ["5000 digits"]),
        ("alias", "a: &x 1\nb: *x\n", ["alias"]),
        ("merge key", "a: &x {b: 1}\nc:\n  <<: *x\n", ["alias"]),
    ],
)
def test_yaml_shapes_that_used_to_crash_are_one_line(tmp_path, name, content, fragments):
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    one_line_error(run("sim.validate", str(path)), str(path), *fragments)


def test_a_list_as_a_unit_is_one_line(tmp_path):
    text = _scenario_text()
    head, _, tail = text.partition("\ncontext:\n")
    if not tail:
        pytest.skip("the example scenario has no context block")
    first = tail.split("unit: ", 1)
    path = tmp_path / "unit.yaml"
    path.write_text(head + "\ncontext:\n" + first[0] + "unit: [a, b]\n" + first[1].split("\n", 1)[1], encoding="utf-8")
    one_line_error(run("sim.validate", str(path)), "unit")


def test_a_lone_surrogate_in_the_title_is_one_line(tmp_path):
    text = _scenario_text()
    import re

    path = tmp_path / "surrogate.yaml"
    path.write_text(re.sub(r"\ntitle: .*\n", '\ntitle: "bad \\\\ud800 title"\n', text, count=1), encoding="utf-8")
    one_line_error(run("sim.validate", str(path)), "title", "surrogate")


@pytest.mark.parametrize(
    "written, expected", [("1:30", "'1:30'"), ("0x1c", "'0x1c'"), ("0o17", "'0o17'"), ("1_000", "'1_000'")]
)
def test_yaml_1_1_number_forms_are_text_with_a_clear_message(tmp_path, written, expected):
    line = _first_value_line()
    path = _edited(tmp_path, line, line.split("value:")[0] + f"value: {written}")
    one_line_error(run("sim.validate", str(path)), ".value", "expected a number", expected, "YAML 1.2")


def test_yaml_1_2_numbers_are_read_as_numbers(tmp_path):
    from sim.data.datafile import load_mapping

    path = tmp_path / "numbers.yaml"
    path.write_text("a: 1e3\nb: 010\nc: -2.5E-1\nd: +7\ne: 1.\n")
    assert load_mapping(path) == {"a": 1000.0, "b": 10, "c": -0.25, "d": 7, "e": 1.0}


# -- 4. a named sweep's resume verifies every chunk and table --------------------------


@pytest.fixture(scope="module")
def reference_sweep(tmp_path_factory):
    """A small finished sweep: (spec, runs, folder) to compare damaged resumes against."""
    from sim.cli.pipeline import RunSettings, sweep_runs
    from sim.io.sweep_store import run_named_sweep
    from sim.io.sweep_tables import SweepSpec

    spec = SweepSpec(name="ref", x_points=13, y_points=7, chunk_points=20, csv=True)
    runs = sweep_runs(RunSettings(scenario="overtures_backfired"))
    folder = tmp_path_factory.mktemp("sweeps") / "ref"
    run_named_sweep(spec, runs, folder, progress=False)
    return spec, runs, folder


def _copy_sweep(folder: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "copy"
    shutil.copytree(folder, target)
    return target


def _assert_same_tables(folder: Path, reference: Path) -> None:
    for name in ("points.parquet", "points.csv"):
        assert (folder / name).read_bytes() == (reference / name).read_bytes(), name


def _tamper(path: Path, how: str, other: Path | None = None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if how == "copied":
        path.write_bytes(other.read_bytes())
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif how == "edited":  # a valid Parquet file with one outcome changed
        table = pq.read_table(path)
        outcome = table.column("outcome").to_pylist()
        outcome[0] = (outcome[0] + 1) % 4
        index = table.column_names.index("outcome")
        pq.write_table(table.set_column(index, "outcome", pa.array(outcome, table.schema.field(index).type)), path)
    elif how == "emptied":
        path.write_bytes(b"")


@pytest.mark.parametrize("how", ["copied", "edited", "truncated", "emptied"])
def test_a_damaged_or_foreign_chunk_is_recomputed(reference_sweep, tmp_path, how):
    from sim.io.sweep_store import run_named_sweep

    spec, runs, reference = reference_sweep
    folder = _copy_sweep(reference, tmp_path)
    chunks = sorted((folder / "chunks").glob("*.parquet"))
    _tamper(chunks[1], how, other=chunks[-1])
    (folder / "points.parquet").unlink()  # as if killed before the tables were written
    report = run_named_sweep(spec, runs, folder, progress=False)
    assert (report.computed, report.reused) == (1, report.chunks - 1)
    _assert_same_tables(folder, reference)


@pytest.mark.parametrize("table", ["points.parquet", "points.csv"])
@pytest.mark.parametrize("how", ["truncated", "emptied"])
def test_a_damaged_final_table_is_rebuilt_not_reported_complete(reference_sweep, tmp_path, table, how):
    from sim.io.sweep_store import run_named_sweep

    spec, runs, reference = reference_sweep
    folder = _copy_sweep(reference, tmp_path)
    _tamper(folder / table, how)
    report = run_named_sweep(spec, runs, folder, progress=False)
    assert report.computed == 0
    _assert_same_tables(folder, reference)


def test_a_damaged_chunk_under_complete_tables_is_recomputed_and_tables_rebuilt(reference_sweep, tmp_path):
    from sim.io.sweep_store import run_named_sweep

    spec, runs, reference = reference_sweep
    folder = _copy_sweep(reference, tmp_path)
    chunks = sorted((folder / "chunks").glob("*.parquet"))
    _tamper(chunks[0], "copied", other=chunks[2])
    _tamper(folder / "points.parquet", "edited")
    report = run_named_sweep(spec, runs, folder, progress=False)
    assert report.computed == 1
    _assert_same_tables(folder, reference)


def test_the_manifest_records_every_chunk_and_table(reference_sweep):
    import hashlib
    import json

    import pyarrow.parquet as pq

    _, _, folder = reference_sweep
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["complete"] and set(manifest["chunks"]) == set(manifest["config"]["chunks"])
    for name, record in manifest["chunks"].items():
        data = (folder / "chunks" / name).read_bytes()
        assert record["sha256"] == hashlib.sha256(data).hexdigest()
        assert record["rows"] == pq.read_metadata(folder / "chunks" / name).num_rows
    for name in ("points.parquet", "points.csv"):
        assert manifest["tables"][name]["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    assert manifest["tables"]["points.parquet"]["rows"] == 2 * 13 * 7


@pytest.mark.slow
def test_a_sweep_resumed_from_the_command_line_after_damage_exits_0(tmp_path):
    args = (
        "sim",
        "scenario=ishiba_white_house_2025",
        "sweep.name=damaged",
        "sweep.x_points=5",
        "sweep.y_points=4",
        "sweep.chunk_points=8",
        f"sweep.dir={tmp_path}",
        f"hydra.run.dir={tmp_path / 'run'}",
    )
    assert run(*args).returncode == 0
    chunk = sorted((tmp_path / "damaged" / "chunks").glob("*.parquet"))[0]
    _tamper(chunk, "truncated")
    _tamper(tmp_path / "damaged" / "points.parquet", "truncated")
    done = run(*args)
    assert done.returncode == 0, done.stderr
    assert b"1 computed" in done.stdout and b"Traceback" not in done.stderr


# -- 5, 7. finite arithmetic and work budgets -------------------------------------------


def _nfg(tmp_path: Path, rows: int, cols: int, payoffs=None, name: str = "game.nfg") -> Path:
    """A 2-player .nfg file (payoff-list layout); random integer payoffs by default."""
    import numpy as np

    if payoffs is None:
        rng = np.random.default_rng(rows * 1000 + cols)
        payoffs = rng.integers(-9, 10, size=2 * rows * cols).tolist()
    path = tmp_path / name
    path.write_text(f'NFG 1 R "attack" {{ "1" "2" }} {{ {rows} {cols} }}\n\n' + " ".join(map(str, payoffs)) + "\n")
    return path


def test_a_degenerate_12x12_game_is_refused_by_vertex_enumeration_in_one_line(tmp_path):
    game = _nfg(tmp_path, 12, 12)  # integer payoffs in [-9, 9]: ties, a degenerate game
    assert game.stat().st_size < 1000
    line = one_line_error(
        run("sim.solve", str(game), timeout=60), "12x12", "degenerate", "2,704,156", "--work-budget", "lemke_howson"
    )
    assert "work budget" in line
    partial = run("sim.solve", str(game), "--method", "lemke_howson", "--json", timeout=60)
    assert partial.returncode == 0, partial.stderr
    assert json.loads(partial.stdout)["complete"] is False


def test_a_generic_12x12_game_is_enumerated_completely(tmp_path):
    import numpy as np

    payoffs = np.random.default_rng(12).random(2 * 12 * 12).round(6).tolist()
    game = _nfg(tmp_path, 12, 12, payoffs)
    done = run("sim.solve", str(game), "--json", timeout=60)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["complete"] is True and found["method"] == "vertex"
    assert len(found["equilibria"]) % 2 == 1  # a non-degenerate game: an odd number


def test_the_work_budget_option_raises_the_budget(tmp_path):
    game = _nfg(tmp_path, 2, 2, [1, 0, 0, 1, 0, 1, 1, 0])  # matching pennies, range 1
    one_line_error(
        run("sim.solve", str(game), "--qre", "1.5e7"), "lambda times the payoff range is 1.5e+07", "budget of 1e+07"
    )
    done = run("sim.solve", str(game), "--qre", "1.5e7", "--work-budget", "2")
    assert done.returncode == 0, done.stderr


def test_a_huge_qre_lambda_is_refused_in_one_line(tmp_path):
    game = _nfg(tmp_path, 2, 2, [3, 1, 0, 0, 0, 0, 1, 3])
    one_line_error(
        run("sim.solve", str(game), "--qre", "1e12", timeout=60), "lambda times the payoff range", "--work-budget"
    )


@pytest.mark.slow
def test_a_2x400000_game_is_refused_without_allocating(tmp_path):
    import numpy as np

    from sim.solve.budgets import OverBudget
    from sim.solve.solvers import solve_game

    game = _nfg(tmp_path, 2, 400_000, [0] * (2 * 2 * 400_000))
    one_line_error(run("sim.solve", str(game), timeout=GUARD), "2x400000", "work budget")
    zeros = np.zeros((2, 400_000))
    for method in ("auto", "lemke_howson", "support"):
        with pytest.raises(OverBudget, match="2x400000"):
            solve_game(zeros, zeros, method)


@pytest.mark.parametrize("big", ["1e308", "1e200"])
def test_payoffs_the_solvers_cannot_represent_are_refused_not_solved_to_nothing(tmp_path, big):
    game = _nfg(tmp_path, 2, 2, [big, f"-{big}", f"-{big}", big, "0", "1", "1", "0"])
    one_line_error(run("sim.solve", str(game)), "can represent", "1e+150")


def test_the_solver_never_reports_an_empty_set(monkeypatch):
    import numpy as np

    import sim.solve.solvers

    monkeypatch.setattr(sim.solve.solvers, "_vertex_enumeration", lambda A, B, budget: ([], False))
    A = np.array([[3.0, 0.0], [5.0, 1.0]])
    result = sim.solve.solvers.solve_game(A, A.T, "vertex")
    assert len(result.equilibria) == 1 and not result.complete
    assert result.equilibria[0].row_strategy == (0.0, 1.0)


def test_every_fact_has_a_finite_plausible_range():
    import math

    from sim.base.fields import FIELDS

    for spec in FIELDS.values():
        assert math.isfinite(min(spec.high, spec.ceiling)), spec.name
        assert not spec.admits(1e308) and not spec.admits(float("nan")), spec.name


def test_payoffs_stay_finite_at_every_corner_of_the_plausible_ranges(example_scenario, ishiba, trump):
    """Every fact at its smallest or largest admitted value (random corners): finite
    payoffs and at least one equilibrium."""
    import numpy as np

    from sim.base.fields import FIELDS
    from sim.model.payoffs import stage_game
    from sim.data.scenario import with_overrides
    from sim.solve.solvers import solve_game

    rng = np.random.default_rng(0)
    for _ in range(40):
        corner = {}
        for name, spec in FIELDS.items():
            low = max(spec.floor, spec.low + (1e-12 if spec.positive else 0.0))
            corner[name] = float(rng.choice([low, min(spec.high, spec.ceiling)]))
        game = stage_game(with_overrides(example_scenario, corner), ishiba, trump)
        A, B = np.array(game.us_payoffs), np.array(game.japan_payoffs)
        assert np.isfinite(A).all() and np.isfinite(B).all()
        assert solve_game(A, B).equilibria


@pytest.mark.slow
@pytest.mark.parametrize(
    "fact, value",
    [
        ("japan_investment_in_us", "1e308"),
        ("japan_investment_in_us", "1e300"),
        ("pledge_horizon", "5e-324"),
        ("yen_per_usd", "5e-324"),
    ],
)
def test_fact_overrides_beyond_plausible_bounds_are_one_line(tmp_path, fact, value):
    done = run("sim", "scenario=ishiba_white_house_2025", f"facts.{fact}={value}", f"hydra.run.dir={tmp_path}")
    one_line_error(done, f"facts.{fact}")


def test_a_scenario_value_beyond_plausible_bounds_is_one_line(tmp_path):
    import re

    text = _scenario_text()
    old = re.search(r"\n  japan_investment_in_us:\n    value: [0-9.e+]+\n", text).group(0)
    path = _edited(tmp_path, old, "\n  japan_investment_in_us:\n    value: 1.0e300\n")
    one_line_error(run("sim.validate", str(path)), "facts.japan_investment_in_us.value", "<= 100000")


@pytest.mark.parametrize(
    "name, value, fragment",
    [
        ("map_points", 1_000_000, "<= 1,001"),
        ("tipping_grid", 10**9, "<= 1,000,000"),
        ("prior_grid", 10**7, "<= 100,000"),
        ("us_levels", 400, "<= 20"),
        ("japan_levels", 400, "<= 20"),
        ("repeated_turns", 10**6, "<= 10,000"),
        ("repeated_matches", 10**8, "<= 1,000,000"),
        ("frontier_curvature", 1e300, "<= 100.0"),
        ("frontier_curvature", float("nan"), "found nan"),
        ("repeated_noise", float("nan"), "found nan"),
        ("work_budget", float("nan"), "found nan"),
        ("map_points", float("nan"), "whole number"),
    ],
)
def test_model_options_beyond_their_work_budget_are_refused(name, value, fragment):
    from sim.cli.pipeline import model_settings

    with pytest.raises(UserError) as caught:
        model_settings({name: value})
    message = caught.value.message()
    assert f"model.{name}" in message and fragment in message, message
    if "<=" in fragment:
        assert "work budget" in message and "model.work_budget=K" in message


def test_the_work_budget_raises_the_model_bounds():
    from sim.cli.pipeline import model_settings

    assert model_settings({"map_points": 2002, "work_budget": 2}).map_points == 2002
    with pytest.raises(UserError, match="repeated_turns x repeated_matches"):
        model_settings({"repeated_turns": 10_000, "repeated_matches": 10_000})


@pytest.mark.slow
@pytest.mark.parametrize(
    "override, fragment",
    [
        ("model.map_points=1000000", "model.map_points"),
        ("model.map_points=nan", "model.map_points"),
        ("sweep.name=big sweep.x_points=20000 sweep.y_points=20000", "sweep.x_points"),
        ("sweep.name=big sweep.x_points=1000000", "sweep.x_points"),
    ],
)
def test_the_main_job_refuses_work_beyond_its_budget_in_one_line(tmp_path, override, fragment):
    done = run(
        "sim",
        "scenario=ishiba_white_house_2025",
        *override.split(),
        f"sweep.dir={tmp_path / 'sweeps'}",
        f"hydra.run.dir={tmp_path / 'run'}",
        timeout=60,
    )
    one_line_error(done, fragment)
    assert not (tmp_path / "sweeps").exists() or not any((tmp_path / "sweeps").rglob("*.parquet"))


# -- 8, 9. output folders: unwritable or full is one line; one run per folder -----------


@pytest.mark.slow
@pytest.mark.parametrize(
    "option",
    [
        "hydra.run.dir=/proc/x",
        "hydra.run.dir={file}/x",
        "sweep.name=s sweep.dir=/proc/x",
        "sweep.name=s sweep.dir={file}",
    ],
)
def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path, option):
    (tmp_path / "file").write_text("not a folder")
    args = option.format(file=tmp_path / "file").split()
    if not any(a.startswith("hydra.run.dir") for a in args):
        args.append(f"hydra.run.dir={tmp_path / 'run'}")
    done = run("sim", "scenario=ishiba_white_house_2025", *args)
    one_line_error(done, args[-1].split("=")[0] if "sweep" not in option else "sweep.dir")


def test_a_full_disk_during_a_named_sweep_is_one_line_and_leaves_no_temporary(tmp_path, monkeypatch):
    import errno

    import sim.io.safe_files
    from sim.cli.pipeline import RunSettings, sweep_runs
    from sim.io.sweep_store import run_named_sweep
    from sim.io.sweep_tables import SweepSpec

    spec = SweepSpec(name="full", x_points=5, y_points=4, chunk_points=8)
    runs = sweep_runs(RunSettings(scenario="ishiba_white_house_2025"))
    calls = []

    def fsync(handle):
        calls.append(handle)
        if len(calls) > 3:  # the manifest and a chunk get written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sim.io.safe_files.os, "fsync", fsync)
    with pytest.raises(UserError, match="room to write the file, found No space left"):
        run_named_sweep(spec, runs, tmp_path / "full", progress=False)
    assert not list((tmp_path / "full").rglob("*.tmp"))
    monkeypatch.undo()  # space again: the sweep resumes and finishes
    report = run_named_sweep(spec, runs, tmp_path / "full", progress=False)
    assert report.reused >= 1 and report.points == 20


def test_a_run_folder_name_already_taken_gets_a_suffix(tmp_path):
    from sim.cli.run_folder import claim

    first = claim(tmp_path / "2026-01-01_00-00-00", "hydra.run.dir", explicit=False)
    second = claim(tmp_path / "2026-01-01_00-00-00", "hydra.run.dir", explicit=False)
    assert (first.name, second.name) == ("2026-01-01_00-00-00", "2026-01-01_00-00-00-2")


@pytest.mark.slow
def test_an_explicit_run_folder_held_by_a_live_run_is_refused(tmp_path):
    import fcntl

    folder = tmp_path / "shared"
    folder.mkdir()
    holder = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a live run holds it
        done = run("sim", "scenario=ishiba_white_house_2025", f"hydra.run.dir={folder}")
        one_line_error(done, "hydra.run.dir", "no other live run")
        assert not (folder / ".hydra").exists()  # refused before Hydra wrote anything
    finally:
        os.close(holder)


@pytest.mark.slow
def test_two_runs_started_in_the_same_second_get_two_folders(tmp_path):
    """Both runs find their default name taken (the folders of the next minute exist, as
    if made by runs in the same second) and race for the suffixes: each gets its own."""
    import datetime

    runs = tmp_path / "results" / "runs"
    now = datetime.datetime.now()
    taken = {f"{now + datetime.timedelta(seconds=k):%Y-%m-%d_%H-%M-%S}" for k in range(60)}
    for name in taken:
        (runs / name).mkdir(parents=True)
    command = [sys.executable, "-m", "sim", "scenario=ishiba_white_house_2025"]
    processes = [
        subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)
    ]
    for process in processes:
        assert process.wait(timeout=GUARD) == 0, process.stderr.read()
    new = sorted(p for p in runs.iterdir() if p.name not in taken)
    assert len(new) == 2 and all(p.name.rsplit("-", 1)[1] in ("2", "3") for p in new), new
    for folder in new:
        assert (folder / "equilibria.json").is_file() and (folder / ".hydra").is_dir()


# -- 10. a 100 KB title ------------------------------------------------------------------


def _with_texts(tmp_path: Path, **texts) -> Path:
    import yaml

    data = yaml.safe_load(_scenario_text())
    data.update(texts)
    path = tmp_path / "texts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.slow
def test_a_100_kb_title_is_refused_at_once(tmp_path):
    path = _with_texts(tmp_path, title="x" * 100_000)
    assert path.stat().st_size < 1_000_000
    done = run("sim", f"scenario={path}", f"hydra.run.dir={tmp_path / 'run'}", timeout=60)
    one_line_error(done, "title", "at most 200 characters", "100,000 characters")


@pytest.mark.slow
def test_the_longest_texts_allowed_run_in_ordinary_time(tmp_path):
    """A 200-character title and a 20,000-character summary: the run finishes (the guard
    is generous: a 100 KB title used to take 3.5 minutes)."""
    path = _with_texts(tmp_path, title="t" * 200, summary="word " * 3999)
    done = run("sim", f"scenario={path}", f"hydra.run.dir={tmp_path / 'run'}", timeout=90)
    assert done.returncode == 0, done.stderr


# -- 11. output escaping ------------------------------------------------------------------

ESC = "\x1b[2J\x1b]0;owned\x07"


def test_control_characters_in_a_scenario_are_refused(tmp_path):
    path = _with_texts(tmp_path, title=f"Title {ESC}")
    line = one_line_error(run("sim.validate", str(path)), "title", "control characters")
    assert "\x1b" not in line


def test_a_file_name_with_escape_codes_is_printed_escaped(tmp_path):
    path = tmp_path / f"bad{ESC}.yaml"
    path.write_text("a: [")
    done = run("sim.validate", str(path))
    line = one_line_error(done, "\\x1b")
    assert "\x1b" not in done.stderr.decode() and "\x07" not in line


def test_game_labels_with_escape_codes_reach_the_terminal_escaped(tmp_path):
    game = tmp_path / "game.nfg"
    game.write_text(f'NFG 1 R "{ESC}" {{ "1" "2" }} {{ 2 2 }}\n\n1 1 0 0 0 0 1 1\n')
    done = run("sim.solve", str(game))
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and b"\\x1b[2J" in done.stdout


def test_markdown_keeps_no_raw_html_or_links_from_data():
    from sim.report.document import Document, Paragraph, Section, Table, to_markdown

    hostile = "<script>alert(1)</script> [click](javascript:alert(1))"
    document = Document(
        hostile,
        (hostile,),
        (
            Section(
                "s",
                hostile,
                (Paragraph((hostile,)), Table((hostile,), ((hostile,),))),
            ),
        ),
    )
    text = to_markdown(document, Path("."))
    import re

    assert "<script>" not in text and not re.search(r"(?<!\\)\]\(javascript:", text)
    assert "&lt;script>" in text


def test_csv_cells_cannot_start_a_formula():
    from sim.io.results import _csv

    text = _csv([('=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-1.5", "-cmd", "plain")])
    cells = text.strip().split(",", 1)
    assert cells[0].startswith("\"'=HYPERLINK")
    assert text.strip().endswith("'+1+1,'@SUM(A1),-1.5,'-cmd,plain")


@pytest.mark.slow
def test_class_table_escapes_names_for_the_terminal_and_the_spreadsheet(tmp_path):
    logs = tmp_path / "class"
    _a_log(logs, name=f"=cmd|{ESC}")
    done = run("sim.play", "class", str(logs), "--out", str(tmp_path / "class.csv"))
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout
    assert (tmp_path / "class.csv").read_text().splitlines()[1].startswith("'=cmd|")


# -- the fuzzer over hostile YAML (examples: the hypothesis profile, more in CI) -------

HOSTILE_TOKENS = [
    "&a ",
    "*a",
    "<<: *a\n",
    "? [a, b]\n: 1\n",
    "1" * 40,
    "0x1c",
    "1:30",
    "1e308",
    "-1e308",
    "5e-324",
    ".nan",
    ".inf",
    '"\\ud800"',
    '"\\x1b[2J"',
    "!!python/object/apply:os.system ['true']",
    "${oc.env:HOME}",
    "_target_: x",
    "\t",
    "\n  ",
    ": ",
    "- ",
    "[",
    "{",
    "'",
    '"',
    "\\",
    "~",
    "!!binary AAAA",
]


@given(st.lists(st.tuples(st.integers(0, 10**6), st.sampled_from(HOSTILE_TOKENS)), min_size=1, max_size=4))
def test_fuzzed_hostile_yaml_loads_or_is_one_user_error(tmp_path_factory, edits):
    """Hostile tokens anywhere in a valid scenario: it loads or fails with one UserError
    line, and whatever loads has only finite facts within their plausible ranges."""
    import math

    from sim.base.fields import FIELDS
    from sim.data.scenario import load_scenario

    text = _scenario_text()
    for at, token in edits:
        at %= len(text) + 1
        text = text[:at] + token + text[at:]
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        scenario = load_scenario(path)
    except UserError as error:
        assert "\n" not in error.message()
        return
    for name, quantity in scenario.facts.items():
        assert math.isfinite(quantity.value) and FIELDS[name].admits(quantity.value)


def test_piped_play_interrupted_ends_the_game_and_writes_the_log(tmp_path):
    import signal
    import time

    log = tmp_path / "log.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "sim.play", "--rounds", "5", "--log", str(log)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    process.stdin.write(b"c\n")
    process.stdin.flush()
    deadline, seen = time.monotonic() + GUARD, b""
    while seen.count(b"Your move") < 2 and time.monotonic() < deadline:
        seen += os.read(process.stdout.fileno(), 4096)  # until the second prompt waits
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=GUARD)
    assert process.returncode == 0, err
    assert b"Traceback" not in err and b"interrupted" in seen + out
    assert log.is_file()


def test_ctrl_c_during_lemke_howson_returns_the_paths_found_and_says_so(monkeypatch):
    import numpy as np

    import sim.solve.solvers

    real, calls = sim.solve.solvers._lemke_howson_path, []

    def path(A, B, label, max_pivots):
        calls.append(label)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(A, B, label, max_pivots)

    monkeypatch.setattr(sim.solve.solvers, "_lemke_howson_path", path)
    rng = np.random.default_rng(5)
    A, B = rng.random((4, 4)), rng.random((4, 4))
    result = sim.solve.solvers.solve_game(A, B, "lemke_howson")
    assert result.interrupted and not result.complete and result.equilibria
    assert calls == [0, 1, 2]
    calls.clear()
    monkeypatch.setattr(sim.solve.solvers, "_lemke_howson_path", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):  # nothing found yet: the interrupt goes on up
        sim.solve.solvers.solve_game(A, B, "lemke_howson")


def test_the_reliability_doc_names_only_tests_that_exist_and_every_attack_test():
    import re

    doc = (REPO_ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\b(test_[a-z0-9_]+)\b(?!\.py)", doc))
    named -= {path.stem for path in (REPO_ROOT / "tests").glob("test_*.py")}
    defined = {
        name
        for path in (REPO_ROOT / "tests").glob("test_*.py")
        for name in re.findall(r"^def (test_[a-z0-9_]+)", path.read_text(), flags=re.MULTILINE)
    }
    assert not named - defined, named - defined
    here = set(re.findall(r"^def (test_[a-z0-9_]+)", Path(__file__).read_text(), flags=re.MULTILINE))
    assert not here - named - {"test_the_reliability_doc_names_only_tests_that_exist_and_every_attack_test"}, (
        here - named
    )
