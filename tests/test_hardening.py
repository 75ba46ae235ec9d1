"""Hostile and malformed input through the commands, fuzzing, and crashes mid-run."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CHILD_ENV, EXAMPLE_SCENARIO, processes_left
from sim.cli import validate
from sim.base.errors import EXIT_USER_ERROR, UserError
from sim.cli.arguments import run_cli
from sim.data.scenario import load_scenario
from test_datafile import CASES as FILE_CASES
from test_scenario import BAD_CASES, EXAMPLE

EXAMPLE_TEXT = EXAMPLE_SCENARIO.read_text(encoding="utf-8")


def hostile_files():
    """(name, bytes) of malformed and hostile scenario files: at least 30 of them."""
    for name, (content, _) in FILE_CASES.items():
        yield f"file: {name}", content
    for name, (edit, _, _) in BAD_CASES.items():
        data = copy.deepcopy(EXAMPLE)
        edit(data)
        yield f"field: {name}", yaml.safe_dump(data, allow_unicode=True).encode("utf-8")
    yield (
        "yaml anchor bomb",
        (
            b"a: &a [x, x, x, x, x, x, x, x, x]\n"
            + b"".join(f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi"))
        ),
    )
    yield (
        "resolver in a quote",
        EXAMPLE_TEXT.replace('"25% auto levies might cost Japan $20 billion yearly"', '"${oc.env:HOME}"', 1).encode(),
    )
    yield (
        "target key in a fact",
        EXAMPLE_TEXT.replace("  auto_tariff_rate:\n", "  auto_tariff_rate:\n    _target_: os.system\n", 1).encode(),
    )
    yield "python tag", EXAMPLE_TEXT.replace("schema_version: 1", "schema_version: !!python/name:os.system", 1).encode()
    yield "tab indentation", EXAMPLE_TEXT.replace("  auto_tariff_rate:", "\tauto_tariff_rate:", 1).encode()
    yield "truncated file", EXAMPLE_TEXT[: len(EXAMPLE_TEXT) // 2].encode()


HOSTILE = list(hostile_files())


def test_at_least_thirty_hostile_cases():
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize("name, content", HOSTILE, ids=[name for name, _ in HOSTILE])
def test_validate_gives_one_line_and_exit_2(tmp_path, name, content):
    path = tmp_path / "case.yaml"
    path.write_bytes(content)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = run_cli(validate.main, [str(path)])
    message = stderr.getvalue()
    assert code == EXIT_USER_ERROR, name
    assert message.startswith(f"error: {path}") and message.count("\n") == 1, message
    assert "Traceback" not in message


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["file: duplicate key", "field: value out of range", "target key in a fact", "yaml anchor bomb"]
)
def test_main_job_refuses_hostile_scenarios_and_writes_no_result(tmp_path, name):
    content = dict(HOSTILE)[name]
    (tmp_path / "bad.yaml").write_bytes(content)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            f"scenario={tmp_path / 'bad.yaml'}",
            "japan=ishiba",
            f"hydra.run.dir={tmp_path / 'run'}",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**CHILD_ENV},
    )
    assert done.returncode == EXIT_USER_ERROR and "Traceback" not in done.stderr
    written = [p.name for p in (tmp_path / "run").iterdir()] if (tmp_path / "run").exists() else []
    assert set(written) <= {".hydra"}


@settings(suppress_health_check=[HealthCheck.too_slow])  # examples: the profile (conftest)
@given(st.data())
def test_fuzzed_scenario_files_fail_only_with_user_errors(tmp_path_factory, data):
    """Random edits of a valid file: it loads, or it fails with a UserError; nothing else."""
    text = EXAMPLE_TEXT
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        insert = data.draw(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#% \n\t0aZ${}.")), max_size=6))
        text = text[:at] + insert + text[at + cut :]
    path = tmp_path_factory.mktemp("fuzz") / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_scenario(path)
    except UserError as error:
        assert "\n" not in error.message()


def _complete(path) -> bool:
    """True when a result file is whole: parseable JSON, CSV ending in a newline, a PNG/SVG
    with its closing marker."""
    data = path.read_bytes()
    if path.suffix == ".json":
        json.loads(data)
        return True
    if path.suffix == ".csv":
        return data.endswith(b"\n")
    if path.suffix == ".png":
        return data.endswith(b"IEND\xaeB`\x82")
    if path.suffix == ".svg":
        return data.rstrip().endswith(b"</svg>")
    return True


@pytest.mark.slow
@pytest.mark.parametrize("delay", [1.5, 3.0, 4.5])
def test_a_killed_run_leaves_only_complete_files(tmp_path, delay):
    run_dir = tmp_path / "run"
    process = subprocess.Popen(
        [sys.executable, "-m", "sim", f"hydra.run.dir={run_dir}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**CHILD_ENV},
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    named = str(run_dir).encode()
    assert processes_left(lambda entry: named in (entry / "cmdline").read_bytes()) == [], (
        "a figure worker outlived the killed run"
    )
    files = [p for p in run_dir.rglob("*") if p.is_file()] if run_dir.exists() else []
    assert not [p for p in files if p.name.endswith(".tmp")]
    for path in files:
        assert _complete(path), path
    os.sync()


ARGUMENTS = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "--json",
                "--debug",
                "--qre",
                "--turns",
                "--noise",
                "--seed",
                "--row",
                "--col",
                "--game",
                "--articles",
                "--discount",
                "-1",
                "0",
                "1e309",
                "nan",
                "tit_for_tat",
                "grim",
                str(EXAMPLE_SCENARIO),
                "/nonexistent.nfg",
                "",
                "--",
                "/dev/zero",
                "--work-budget",
                "1e12",
                "--method",
                "vertex",
            ]
        ),
        st.text(max_size=8),
    ),
    max_size=8,
)


@given(
    st.sampled_from(["sim.cli.validate", "sim.cli.solve", "sim.cli.match", "sim.cli.catalog"]), ARGUMENTS
)  # examples: the profile (conftest)
def test_fuzzed_command_lines_end_in_0_or_2(command, argv):
    """Any argument list: exit 0 or 2 (argparse's usage errors included), no exception."""
    import importlib

    main = importlib.import_module(command).main
    argv = [a for a in argv if a != "--debug"]  # --debug re-raises by design
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = run_cli(main, argv)
        except SystemExit as stop:
            code = stop.code
    assert code in (0, 2), (command, argv)


@pytest.mark.parametrize(
    "command, argv",
    [
        ("sim.cli.validate", ["x\x00y.yaml"]),
        ("sim.cli.solve", ["game\x00.nfg"]),
        ("sim.cli.match", ["--game", "g\x00.nfg", "--row", "tit_for_tat", "--col", "tit_for_tat"]),
        ("sim.cli.backtest", ["--out", "out\x00dir"]),
        ("sim.cli.play", ["--rounds", "1", "--log", "log\x00.json"]),
    ],
)
def test_a_file_name_the_system_refuses_is_one_line_and_exit_2(command, argv, tmp_path, monkeypatch, capsys):
    import importlib

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("r\n"))
    code = run_cli(importlib.import_module(command).main, argv)
    error = capsys.readouterr().err
    assert code == EXIT_USER_ERROR
    assert error.count("\n") == 1 and "a name with a NUL byte" in error
    assert not any(tmp_path.rglob("*"))  # nothing written
