"""The main job's override check (sim/cli/app_options.py): keys read as PyYAML's own safe
loader reads them, and read only when an argument sets one."""

from __future__ import annotations

import pytest
import yaml

from sim.base.errors import UserError
from sim.cli import app_options
from sim.cli.app_options import check_overrides, known_keys


def test_the_keys_are_those_pyyaml_s_own_safe_loader_reads(monkeypatch):
    fast = known_keys()
    monkeypatch.setattr(app_options, "SAFE_LOADER", yaml.SafeLoader)
    assert fast == known_keys()
    assert {"facts.approval", "model.map_points", "japan.audience_cost_weight", "us"} <= fast


def test_arguments_that_set_no_key_read_no_config(monkeypatch):
    def unread():
        raise AssertionError("the config's keys were read")

    monkeypatch.setattr(app_options, "known_keys", unread)
    check_overrides([])
    check_overrides(["-m", "--cfg", "job", "hydra.run.dir=out", "+extra=1", "~seed"])
    with pytest.raises(AssertionError, match="were read"):
        check_overrides(["seed=1"])


def test_an_unknown_key_is_refused_with_the_closest_known_one():
    check_overrides(["seed=1", "facts.approval=0.5", "hydra.run.dir=out"])
    with pytest.raises(UserError) as refused:
        check_overrides(["hydra.run.dir=out", "aproval=0.5"])
    assert "did you mean 'facts.approval'?" in refused.value.message()
