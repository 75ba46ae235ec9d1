"""Config: every option of every group composes, and turns into valid run settings."""

from __future__ import annotations

import pytest
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from sim.cli.app import settings_from_config
from sim.base.fields import FIELDS
from sim.base.paths import CONF_DIR
from sim.cli.pipeline import run_pairs
from sim.data.presets import JapanPreset, USPreset, preset_names
from sim.data.scenario import builtin_scenario_names


def _compose(*overrides):
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        return compose(config_name="config", overrides=list(overrides))


def test_default_config_runs_the_comparison():
    cfg = _compose()
    settings = settings_from_config(cfg)
    assert settings.scenario is None and settings.japan is None
    pairs = run_pairs(settings)
    leaders = {japan.name for _, japan in pairs}
    assert leaders == {"ishiba", "takaichi"}
    assert {scenario.name for scenario, _ in pairs} == set(builtin_scenario_names())


@pytest.mark.parametrize("name", preset_names(JapanPreset))
def test_every_japan_preset_composes(name):
    settings = settings_from_config(_compose(f"japan={name}"))
    pairs = run_pairs(settings)
    assert pairs and all(japan.name == name for _, japan in pairs)


@pytest.mark.parametrize("name", preset_names(USPreset))
def test_every_us_preset_composes(name):
    settings = settings_from_config(_compose(f"us={name}"))
    assert settings.us["name"] == name


@pytest.mark.parametrize("name", builtin_scenario_names())
def test_every_scenario_option(name):
    pairs = run_pairs(settings_from_config(_compose(f"scenario={name}")))
    assert {scenario.name for scenario, _ in pairs} == {name}


def test_facts_block_lists_every_scenario_field():
    assert set(OmegaConf.to_container(_compose().facts)) == set(FIELDS)


def test_fact_override_reaches_the_settings():
    settings = settings_from_config(_compose("facts.security_dependence=0.4"))
    assert settings.fact_overrides == {"security_dependence": 0.4}


def test_preset_parameter_override():
    settings = settings_from_config(_compose("japan=takaichi", "japan.audience_cost_weight=2.0"))
    (scenario, japan), *_ = run_pairs(settings)
    assert japan.audience_cost_weight == 2.0
