"""Figure jobs run in worker processes or at once, with the same files either way."""

from __future__ import annotations

import io
import os

import pytest

from sim.cli.figure_jobs import FigureJobs, worker_count


def write_pid_and_text(path, text: str) -> None:
    path.write_text(f"{text}\n{os.getpid()}\n")


def fail(message: str) -> None:
    raise ValueError(message)


def test_without_workers_every_job_runs_here_at_finish(tmp_path):
    with FigureJobs(workers=0) as jobs:
        jobs.submit(write_pid_and_text, tmp_path / "a", "first")
        assert not (tmp_path / "a").exists()  # nothing drawn before finish: the answer comes first
        jobs.finish()
        assert (tmp_path / "a").read_text() == f"first\n{os.getpid()}\n"


def test_finish_shows_its_progress_on_the_stream_given(tmp_path):
    stream = io.StringIO()
    with FigureJobs(workers=0, progress=stream) as jobs:
        for k in range(3):
            jobs.submit(write_pid_and_text, tmp_path / f"f{k}", "x")
        jobs.finish()
    assert stream.getvalue() == "".join(f"\rdrawing figures {k}/3" for k in range(4)) + "\n"


def test_workers_write_the_same_files_and_this_process_helps(tmp_path):
    with FigureJobs(workers=1) as jobs:
        for k in range(6):
            jobs.submit(write_pid_and_text, tmp_path / f"f{k}", f"job {k}")
        jobs.finish()
    texts = [(tmp_path / f"f{k}").read_text().split("\n") for k in range(6)]
    assert [text[0] for text in texts] == [f"job {k}" for k in range(6)]
    pids = {int(text[1]) for text in texts}
    assert pids - {os.getpid()}, "no job ran in a worker"


def test_a_workers_error_is_raised_by_finish(tmp_path):
    with FigureJobs(workers=1) as jobs:
        jobs.submit(fail, "drawing failed")
        with pytest.raises(ValueError, match="drawing failed"):
            jobs.finish()


def test_one_core_means_no_worker():
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("needs os.sched_setaffinity (Linux)")
    cores = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(cores)})
        assert worker_count() == 0
    finally:
        os.sched_setaffinity(0, cores)
    assert worker_count() == min(len(cores) - 1, 4)


def square(k: int) -> int:
    return k * k


@pytest.mark.parametrize("workers", [0, 1])
def test_finish_returns_what_each_job_returned_in_the_order_given(workers):
    with FigureJobs(workers=workers) as jobs:
        for k in range(7):
            jobs.submit(square, k)
        assert jobs.finish() == [k * k for k in range(7)]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc to see whether the worker runs")
def test_a_killed_runs_workers_exit_instead_of_waiting_for_work(tmp_path):
    """The run is killed (SIGKILL: nothing of it runs) while its worker idles: the worker
    exits too. Without the parent watch it waited on its queue for ever."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import CHILD_ENV, processes_left

    marker = tmp_path / "worker"
    script = (
        "import time, pathlib\n"
        "from sim.cli.figure_jobs import FigureJobs\n"
        "from test_figure_jobs import write_pid_and_text\n"
        "with FigureJobs(workers=1) as jobs:\n"
        f"    jobs.submit(write_pid_and_text, pathlib.Path({str(marker)!r}), 'x')\n"
        "    time.sleep(120)\n"
    )
    tests = os.path.dirname(__file__)
    env = {**CHILD_ENV, "PYTHONPATH": os.pathsep.join([tests, CHILD_ENV.get("PYTHONPATH", "")])}
    run = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        deadline = time.monotonic() + 60
        while not (marker.exists() and marker.read_text().count("\n") == 2) and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(marker.read_text().split()[1])
        assert worker != run.pid
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        assert processes_left(lambda entry: entry.name == str(worker)) == [], "the worker outlived the killed run"
    finally:
        run.kill()
        run.wait()
