"""The cases' points kept in the store (sim/io/case_point_store.py): read back equal to the
points computed, computed again for other inputs, and a damaged or unwritable store only
means computing them."""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections import OrderedDict
from dataclasses import replace

import pytest

from sim.analysis import history
from sim.analysis.forecast_run import load_fitted
from sim.analysis.history import case_points, forget_case_points, stored_key
from sim.data.cases import CASES_DIR
from sim.io import case_point_store
from sim.io.case_point_store import CasePointStore


@pytest.fixture(autouse=True)
def _empty_memo(monkeypatch):
    """Each test starts as a new process does: nothing remembered in this one."""
    monkeypatch.setattr(history, "_case_points_memo", OrderedDict())


def refuse_to_compute(monkeypatch) -> None:
    def computed(*args):
        raise AssertionError("a point was computed")

    monkeypatch.setattr(history, "_point", computed)


def test_points_read_from_the_store_equal_the_points_computed(tmp_path, monkeypatch):
    store = CasePointStore(tmp_path / "store")
    computed = case_points(fitted=load_fitted(), store=store)
    assert len(list(store.entries.iterdir())) == 1 and len(computed) > 20
    forget_case_points()
    refuse_to_compute(monkeypatch)
    assert case_points(fitted=load_fitted(), store=store) == computed


def test_other_cases_or_another_fit_are_computed_and_kept_beside(tmp_path, monkeypatch):
    store = CasePointStore(tmp_path / "store")
    cases = tmp_path / "cases"
    shutil.copytree(CASES_DIR, cases)
    first = case_points(cases, load_fitted(), store)
    edited = sorted(cases.glob("*.yaml"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    forget_case_points()
    second = case_points(cases, load_fitted(), store)
    assert second != first and any(point.title.startswith("Edited") for point in second)
    refit = replace(load_fitted(), leave_one_out={})  # every case then forecast by the fit on all
    forget_case_points()
    third = case_points(cases, refit, store)
    assert not any(point.out_of_sample for point in third) and all(point.out_of_sample for point in second)
    assert len(list(store.entries.iterdir())) == 3
    forget_case_points()
    refuse_to_compute(monkeypatch)
    assert case_points(cases, load_fitted(), store) == second


def test_the_key_follows_the_code(monkeypatch):
    key = ("cases", (("a.yaml", "0" * 64),), (), ())
    before = stored_key(key)
    monkeypatch.setattr(history, "source_digest", lambda: b"other code")
    assert stored_key(key) != before


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: "not json",
        lambda entry: b"\xff\xfe not UTF-8",
        lambda entry: json.dumps({**entry, "key": "another"}),
        lambda entry: json.dumps({**entry, "points": [{**entry["points"][0], "year": "1985"}]}),
        lambda entry: json.dumps({**entry, "points": [{**entry["points"][0], "out_of_sample": 1}]}),
        lambda entry: json.dumps({**entry, "points": [{**entry["points"][0], "year": True}]}),
        lambda entry: json.dumps({**entry, "points": [{"name": "only a name"}]}),
    ],
    ids=[
        "not JSON",
        "not UTF-8",
        "another key",
        "text for a year",
        "a number for a flag",
        "a flag for a year",
        "fields missing",
    ],
)
def test_a_damaged_entry_is_removed_and_the_points_computed_again(tmp_path, caplog, damage):
    store = CasePointStore(tmp_path / "store")
    computed = case_points(fitted=load_fitted(), store=store)
    (entry,) = store.entries.iterdir()
    damaged = damage(json.loads(entry.read_text()))
    entry.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode())
    forget_case_points()
    with caplog.at_level(logging.WARNING):
        assert case_points(fitted=load_fitted(), store=store) == computed
    assert "damaged" in caplog.text
    assert json.loads(entry.read_text())["points"][0]["name"] == computed[0].name  # stored again


def test_a_store_in_place_of_a_file_only_means_computing(tmp_path, caplog):
    (tmp_path / "store").write_text("a file where the store's folder should be")
    with caplog.at_level(logging.WARNING):
        points = case_points(fitted=load_fitted(), store=CasePointStore(tmp_path / "store"))
    assert points == case_points(fitted=load_fitted()) and "not writable" in caplog.text


def test_the_store_keeps_the_entries_written_last(tmp_path, monkeypatch):
    monkeypatch.setattr(case_point_store, "MAX_ENTRIES", 3)
    store = CasePointStore(tmp_path / "store")
    points = case_points(fitted=load_fitted())[:2]
    for number in range(5):
        store.save(f"key{number}", points)
        os.utime(store.entries / f"key{number}.json", ns=(number * 10**9, number * 10**9))
    assert sorted(path.stem for path in store.entries.iterdir()) == ["key2", "key3", "key4"]
    assert store.load("key4") == points and store.load("key0") is None
