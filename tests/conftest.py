"""Shared fixtures: the repository's folders, the articles, and loaded scenarios/presets."""

from __future__ import annotations

import atexit
import inspect
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sim.data.presets import JapanPreset, USPreset, load_preset
from sim.data.scenario import builtin_scenario_names, load_scenario, resolve_scenario_path

REPO_ROOT = Path(__file__).resolve().parents[1]
# Hypothesis profiles. The fuzzers (scenario files, command lines, data files) leave the
# number of examples to the profile: "dev" on a workstation, "ci" where the CI variable is
# set (.ci/run's CI), with five times the examples. Property tests that set their own
# max_examples keep it.
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# The figure store (sim.report.figure_cache) of this test session: a fresh folder, never the
# user's own; the main jobs the tests run, here and in subprocesses, share it.
FIGURE_STORE = tempfile.mkdtemp(prefix="gaiatsu-test-figures-")
os.environ["GAIATSU_CACHE_DIR"] = FIGURE_STORE
atexit.register(shutil.rmtree, FIGURE_STORE, ignore_errors=True)

ARTICLES_DIR = Path(os.environ.get("GAIATSU_ARTICLES", REPO_ROOT.parent / "shared" / "articles"))
EXAMPLE_SCENARIO = REPO_ROOT / "scenarios" / "ishiba_white_house_2025.yaml"
#: The environment of a command the tests run: this checkout, a plain PATH and the
#: session's figure store (nothing else of the caller's environment).
CHILD_ENV = {"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin", "GAIATSU_CACHE_DIR": FIGURE_STORE}


def processes_left(matches, seconds: float = 5.0) -> list[int]:
    """Ids of the running processes (zombies aside) whose ``/proc`` folder ``matches`` (a
    predicate that may raise OSError: no match), once none are left or ``seconds`` have
    passed; none where there is no ``/proc``. For the tests that a killed command leaves no
    worker behind."""
    proc = Path("/proc")

    def running() -> list[int]:
        found = []
        for entry in proc.glob("[0-9]*") if proc.is_dir() else []:
            try:
                if matches(entry) and (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    found.append(int(entry.name))
            except OSError:
                continue
        return found

    deadline = time.monotonic() + seconds
    while (found := running()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    """The source articles, which live beside the repository, never inside it."""
    if not ARTICLES_DIR.is_dir() or not any(ARTICLES_DIR.glob("*.txt")):
        pytest.skip(f"source articles not found at {ARTICLES_DIR} (set GAIATSU_ARTICLES)")
    return ARTICLES_DIR


@pytest.fixture(scope="session")
def scenarios():
    return [load_scenario(resolve_scenario_path(name)) for name in builtin_scenario_names()]


@pytest.fixture(scope="session")
def example_scenario():
    return load_scenario(EXAMPLE_SCENARIO)


@pytest.fixture(scope="session")
def ishiba():
    return load_preset(JapanPreset, "ishiba")


@pytest.fixture(scope="session")
def takaichi():
    return load_preset(JapanPreset, "takaichi")


@pytest.fixture(scope="session")
def trump():
    return load_preset(USPreset, "trump_2025")


#: The computing packages: a report that reads records calls none of their functions...
COMPUTING = ("sim.model.", "sim.solve.", "sim.dynamics.", "sim.analysis.", "sim.estimate.")
#: ... except these, which only say in words what a record holds.
READS_RECORDS = {"outcome_words", "forecast_lines"}


@pytest.fixture
def no_model_computation(monkeypatch):
    """Every function of the computing packages raises, wherever a module holds it (its own
    module, or a module that imported it by name): for code that may only read results."""
    import importlib
    import pkgutil

    import sim

    for info in pkgutil.walk_packages(sim.__path__, "sim."):
        if info.name.startswith(tuple(p.rstrip(".") for p in COMPUTING)) and not info.name.endswith("__main__"):
            importlib.import_module(info.name)

    def refuse(*args, **kwargs):
        raise AssertionError("reading results must not build or solve games")

    refused = 0
    for name, module in list(sys.modules.items()):
        if not (name == "sim" or name.startswith("sim.")) or module is None:
            continue
        for attribute, value in list(vars(module).items()):
            if (
                inspect.isfunction(value)
                and value.__module__.startswith(COMPUTING)
                and value.__name__ not in READS_RECORDS
            ):
                monkeypatch.setattr(module, attribute, refuse)
                refused += 1
    assert refused > 100  # the guard reaches every computing module
