"""Results: JSON round trip, tidy tables, atomic writes that leave nothing half-written."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from sim.base.errors import UserError
from sim.cli.pipeline import simulate
from sim.io.records import ANALYSES, MissingAnalysis, RunResult
from sim.io.results import facts_table, payoff_table, results_from_json, results_to_json, tipping_table, write_results
from sim.io.safe_files import write_atomic


@pytest.fixture(scope="module")
def results(example_scenario, ishiba, takaichi, trump):
    return [simulate(example_scenario, japan, trump) for japan in (ishiba, takaichi)]


def test_json_round_trip(results):
    assert results_from_json(results_to_json(results)) == results


def test_payoff_table_has_a_row_per_cell_of_each_game(results):
    lines = payoff_table(results).splitlines()
    assert lines[0].startswith("run,scenario,japan,us,game,us_action,japan_action")
    cells = 4 + 3 * 5  # the stage game and the default 3 x 5 levels game
    assert len(lines) == 1 + cells * len(results)
    assert sum(",levels,tariff 50%,concede 75%," in line for line in lines) == len(results)


def test_tipping_table(results):
    lines = tipping_table(results).splitlines()
    assert lines[0] == "run,parameter,value,unit,current,comparison,below,above"
    assert len(lines) == 1 + sum(len(r.tipping_points) for r in results)


def test_facts_table_carries_provenance(results):
    text = facts_table(results)
    assert "Japan’s $295 billion trade with China" in text
    assert "380 USD_bn_per_year" in text  # the conflicting figure stays visible


def test_tables_are_deterministic(results, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    write_results(results, first)
    write_results(results, second)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes()


def test_atomic_write_leaves_no_temporary_file(tmp_path):
    write_atomic(tmp_path / "x.txt", "hello")
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]
    assert oct((tmp_path / "x.txt").stat().st_mode & 0o777) == oct(0o644)


def test_unwritable_target_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(UserError, match="writable output folder"):
        write_atomic(tmp_path / "file" / "x.txt", "hello")


def test_versions_are_recorded(results, tmp_path):
    import json

    write_results(results, tmp_path)
    versions = json.loads((tmp_path / "versions.json").read_text())
    assert versions["gaiatsu"] and versions["packages"]["numpy"] and versions["python"]


def test_a_full_disk_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch):
    import errno
    import os

    import sim.io.safe_files

    def full(handle, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(sim.io.safe_files.os, "write", full)
    with pytest.raises(UserError, match="room to write the file, found No space left"):
        write_atomic(tmp_path / "x.csv", "a,b\n")
    assert list(tmp_path.iterdir()) == []


def test_analysis_accessor_returns_a_computed_analysis(results):
    result = results[0]
    assert result.analysis("sequential") is result.sequential
    assert result.analysis("deal") is result.deal


def test_analysis_accessor_names_the_run_and_the_missing_analysis(results):
    result = replace(results[0], sequential=None)
    with pytest.raises(MissingAnalysis, match=rf"run {result.label} has no sequential analysis"):
        result.analysis("sequential")
    with pytest.raises(ValueError, match="no analysis 'tipping'"):
        result.analysis("tipping")


def test_analyses_are_the_optional_fields_of_a_run():
    optional = [f.name for f in fields(RunResult) if f.default is None]
    assert tuple(optional) == ANALYSES
