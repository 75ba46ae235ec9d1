"""Promises kept under attack: special files, bounded reads and work, safe writes.

Each test is one attack of an outside tester. Where an attack used to hang, the test runs
the command in a subprocess with a generous timeout: a guard against hanging, not a speed
target. docs/reliability.md lists the promises and the tests that keep them.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_SCENARIO, REPO_ROOT
from sim.errors import UserError
from sim.safe_files import read_bytes, write_atomic

GUARD = 120  # seconds: far beyond what any of these commands needs


def run(*args: str, stdin: str | bytes | None = None, timeout: float = GUARD,
        cwd: Path | None = None, stdin_file=None) -> subprocess.CompletedProcess:
    """``python -m ARGS`` in a subprocess, guarded by ``timeout``."""
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    return subprocess.run([sys.executable, "-m", *args], input=stdin, stdin=stdin_file,
                          capture_output=True, timeout=timeout, cwd=cwd or REPO_ROOT,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


def one_line_error(done: subprocess.CompletedProcess, *fragments: str) -> str:
    """Assert exit 2 with one ``error:`` line and no traceback; return that line."""
    err = done.stderr.decode("utf-8", "replace") if isinstance(done.stderr, bytes) \
        else done.stderr
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
        pytest.skip("making a device node (mknod) needs root; the FIFO and /dev/zero tests "
                    "cover special files here")
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
    """Every module writes through sim.safe_files.write_atomic; nothing else renames."""
    offenders = [path.name for path in (REPO_ROOT / "sim").glob("*.py")
                 if path.name != "safe_files.py" and ("os.replace" in path.read_text()
                                                      or "mkstemp" in path.read_text())]
    assert not offenders
