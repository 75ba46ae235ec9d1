"""The figure store: a job with the same inputs and drawing code is copied, not drawn again,
with the same bytes; anything else about it (a damaged entry, a store that cannot be
written, inputs that do not pickle) only means drawing as without it."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from dataclasses import replace
from pathlib import Path

import pytest

from sim.base.store import FOLDER_VARIABLE
from sim.report import figure_cache
from sim.report.figure_cache import FigureCache, job_key, prune, run_cached

DRAWN: list[str] = []  # what the stand-in job drew, in this process


@pytest.fixture(autouse=True)
def _no_drawing_yet():
    DRAWN.clear()


def write_figure(text: str, out_dir: Path) -> None:
    """A stand-in figure job: ``text`` into ``picture.png`` and ``picture.svg``."""
    DRAWN.append(text)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    (Path(out_dir) / "picture.png").write_bytes(text.encode() * 1000)
    (Path(out_dir) / "picture.svg").write_text(f"<svg>{text}</svg>")


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def store(tmp_path) -> FigureCache:
    return FigureCache(tmp_path / "store")


def test_the_same_inputs_are_copied_with_the_same_bytes_and_not_drawn_again(tmp_path, store):
    first, second = tmp_path / "runs" / "first", tmp_path / "runs" / "second"
    assert run_cached(store, write_figure, "inputs", first) is False
    assert run_cached(store, write_figure, "inputs", second) is True
    assert DRAWN == ["inputs"]
    assert (
        folder_bytes(first)
        == folder_bytes(second)
        == {
            "picture.png": b"inputs" * 1000,
            "picture.svg": b"<svg>inputs</svg>",
        }
    )
    assert not [p for p in first.iterdir() if p.name.startswith(".")], "the scratch folder is left behind"


def test_other_inputs_are_drawn(tmp_path, store):
    runs = tmp_path / "runs"
    run_cached(store, write_figure, "one", runs / "a")
    assert run_cached(store, write_figure, "two", runs / "b") is False
    assert len(DRAWN) == 2
    assert (runs / "b" / "picture.svg").read_text() == "<svg>two</svg>"


def test_the_key_follows_the_drawing_code_and_matplotlib_settings(monkeypatch):
    import matplotlib

    key = job_key(write_figure, ("x",))
    assert key == job_key(write_figure, ("x",))
    with matplotlib.rc_context({"lines.linewidth": 7.5}):  # a user's matplotlibrc
        assert job_key(write_figure, ("x",)) != key
    monkeypatch.setattr(figure_cache, "source_digest", lambda: b"other drawing code")
    assert job_key(write_figure, ("x",)) != key


def test_a_damaged_entry_is_drawn_again_and_replaced(tmp_path, store, caplog):
    runs = tmp_path / "runs"
    run_cached(store, write_figure, "inputs", runs / "a")
    (entry,) = store.entries.iterdir()
    (entry / "picture.png").write_bytes(b"half a file")
    with caplog.at_level(logging.WARNING):
        assert run_cached(store, write_figure, "inputs", runs / "b") is False
    assert "damaged" in caplog.text
    assert (runs / "b" / "picture.png").read_bytes() == b"inputs" * 1000
    assert run_cached(store, write_figure, "inputs", runs / "c") is True
    assert len(DRAWN) == 2


def test_a_manifest_naming_files_outside_its_entry_is_damaged(tmp_path, store):
    runs = tmp_path / "runs"
    run_cached(store, write_figure, "inputs", runs / "a")
    (entry,) = store.entries.iterdir()
    outside = b"a file beside the store"
    (Path(store.folder) / "escape.png").write_bytes(outside)  # what "../../escape.png" reads
    (entry / "manifest.json").write_text(json.dumps({"../../escape.png": hashlib.sha256(outside).hexdigest()}))
    assert run_cached(store, write_figure, "inputs", runs / "b") is False
    assert not (tmp_path / "escape.png").exists()  # where "../../escape.png" from runs/b points
    assert folder_bytes(runs / "b") == folder_bytes(runs / "a")


def test_prune_removes_entries_a_killed_process_left_half_written(store):
    store.entries.mkdir(parents=True)
    old, recent = store.entries / ".new-old", store.entries / ".new-recent"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "picture.png").write_bytes(b"part")
    os.utime(old, (1_000_000, 1_000_000))
    prune(store)
    assert not old.exists() and recent.exists()  # another process may be writing the recent one


def test_a_store_that_cannot_be_written_only_means_drawing(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the store would be")
    runs = tmp_path / "runs"
    with caplog.at_level(logging.WARNING):
        assert run_cached(FigureCache(blocked), write_figure, "inputs", runs / "a") is False
        assert run_cached(FigureCache(blocked), write_figure, "inputs", runs / "b") is False
    assert len(DRAWN) == 2
    assert folder_bytes(runs / "a") == folder_bytes(runs / "b")
    assert "not writable" in caplog.text


def test_inputs_that_do_not_pickle_are_drawn_every_time(tmp_path, store):
    def local_job(out_dir):  # a local function does not pickle
        write_figure("local", out_dir)

    assert job_key(local_job, ()) is None
    runs = tmp_path / "runs"
    assert run_cached(store, local_job, runs / "a") is False
    assert run_cached(store, local_job, runs / "b") is False
    assert len(DRAWN) == 2


def test_the_store_keeps_to_its_size_dropping_what_was_used_longest_ago(tmp_path, store):
    runs = tmp_path / "runs"
    for k in range(4):
        run_cached(store, write_figure, f"figure {k}", runs / str(k))
    entries = {p.name: p for p in store.entries.iterdir()}
    assert len(entries) == 4
    size = sum(f.stat().st_size for f in next(iter(entries.values())).iterdir())
    oldest_first = [job_key(write_figure, (f"figure {k}",)) for k in range(4)]
    for age, key in enumerate(oldest_first):  # figure 0 used longest ago
        os.utime(entries[key], (1_000_000 + age, 1_000_000 + age))
    prune(replace(store, max_bytes=2 * size + 10))
    assert sorted(p.name for p in store.entries.iterdir()) == sorted(oldest_first[2:])


def test_a_run_with_the_store_writes_the_same_files_as_without_and_reuses_every_figure(tmp_path, monkeypatch):
    """The main job drawn without the store, then with it (drawn and stored), then again
    (every figure copied): the three folders are byte for byte the same."""
    from sim.cli.pipeline import RunSettings, run_and_summarise

    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path / "store"))
    one = RunSettings(scenario="ishiba_white_house_2025", japan="ishiba", figure_workers=0)
    run_and_summarise(replace(one, figure_cache=False), tmp_path / "plain")
    assert not (tmp_path / "store").exists()
    run_and_summarise(one, tmp_path / "drawn")
    progress = io.StringIO()
    run_and_summarise(one, tmp_path / "copied", progress=progress)
    figures = len(list((tmp_path / "store" / "figures").iterdir()))
    assert figures == len(list((tmp_path / "plain").glob("*.png"))) > 10
    assert f"{figures} of {figures} figures were unchanged" in progress.getvalue()
    plain = folder_bytes(tmp_path / "plain")
    assert folder_bytes(tmp_path / "drawn") == plain
    assert folder_bytes(tmp_path / "copied") == plain


def test_figures_drawn_by_a_worker_are_copied_whoever_drew_them_before(tmp_path, monkeypatch):
    """Keys are computed where the records were made: the jobs a worker process takes on
    the second run (records that went through pickling) find what this process stored."""
    from sim.cli.pipeline import RunSettings, run_and_summarise

    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path / "store"))
    one = RunSettings(scenario="ishiba_white_house_2025", japan="ishiba", figure_workers=0)
    run_and_summarise(one, tmp_path / "here")
    progress = io.StringIO()
    run_and_summarise(replace(one, figure_workers=1), tmp_path / "worker", progress=progress)
    figures = len(list((tmp_path / "here").glob("*.png")))
    assert f"{figures} of {figures} figures were unchanged" in progress.getvalue()
    assert len(list((tmp_path / "store" / "figures").iterdir())) == figures
    assert folder_bytes(tmp_path / "worker") == folder_bytes(tmp_path / "here")


def test_on_one_core_the_figures_are_keyed_after_the_answer_is_given(tmp_path, monkeypatch):
    """With no worker process every figure is drawn after the answer, so keying them
    (pickling the records, reading the drawing code and matplotlib's settings) waits too."""
    from sim.cli.pipeline import RunSettings, run_and_summarise

    monkeypatch.setenv(FOLDER_VARIABLE, str(tmp_path / "store"))
    events: list[str] = []
    keyed = figure_cache.job_key
    monkeypatch.setattr(figure_cache, "job_key", lambda job, inputs: events.append("key") or keyed(job, inputs))
    one = RunSettings(scenario="ishiba_white_house_2025", japan="ishiba", figure_workers=0)
    run_and_summarise(one, tmp_path / "run", answer=lambda summary: events.append("answer"))
    figures = len(list((tmp_path / "run").glob("*.png")))
    assert events == ["answer"] + ["key"] * figures
