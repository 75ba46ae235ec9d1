"""The README stays true: its set-up commands and the pasted output of its tour."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from conftest import CHILD_ENV, REPO_ROOT
from doc_output import missing_lines

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CONSOLE_BLOCKS = re.findall(r"```console\n(.*?)```", README, flags=re.S)


def test_two_setup_commands():
    (setup,) = re.findall(r"## Set up.*?```bash\n(.*?)```", README, flags=re.S)
    assert setup.splitlines() == ["pip install . && python -m sim", 'pip install ".[test]" && python -m pytest']
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert "grep -m1 '^pip install \"\\.\\[test\\]\"' README.md" in ci


def _tour():
    for block in CONSOLE_BLOCKS:
        command, *expected = block.rstrip("\n").splitlines()
        assert command.startswith("$ ")
        yield pytest.param(command[2:], expected, id=command[2:])


@pytest.mark.slow
@pytest.mark.parametrize("command, expected", list(_tour()))
def test_tour_output_is_real(command, expected, tmp_path):
    (tmp_path / "scenarios").symlink_to(REPO_ROOT / "scenarios")
    argv = shlex.split(command)
    assert argv[0] == "python"
    done = subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**CHILD_ENV},
    )
    assert done.returncode == 0, done.stderr
    assert missing_lines(expected, done.stdout.splitlines()) == []


def test_tour_has_the_main_commands():
    commands = [param.values[0] for param in _tour()]
    assert "python -m sim" in commands and "python -m sim.catalog" in commands
