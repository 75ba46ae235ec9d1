"""Presets: each parameter has provenance; bad preset mappings get clear errors."""

from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO_ROOT
from sim.base.errors import UserError
from sim.data.presets import PRESET_PARAMETERS, JapanPreset, USPreset, load_preset, parse_preset, preset_names


def test_builtin_presets():
    assert {"ishiba", "takaichi"} <= set(preset_names(JapanPreset))
    assert "trump_2025" in preset_names(USPreset)


@pytest.mark.parametrize("kind", [JapanPreset, USPreset])
def test_every_parameter_has_provenance(kind):
    for name in preset_names(kind):
        preset = load_preset(kind, name)
        assert set(preset.provenance) == {spec.name for spec in PRESET_PARAMETERS[kind]} | {"repeated_strategy"}


def test_takaichi_weighs_concessions_and_audience_more_than_ishiba(ishiba, takaichi):
    # The presets encode article statements: 000 (nationalist brand) vs 001 (stability).
    assert takaichi.audience_cost_weight > ishiba.audience_cost_weight
    assert takaichi.concession_cost_weight > ishiba.concession_cost_weight


def _ishiba_mapping():
    return yaml.safe_load((REPO_ROOT / "conf" / "japan" / "ishiba.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d.pop("audience_cost_weight"), "audience_cost_weight: expected a value"),
        (lambda d: d["provenance"].pop("concession_cost_weight"), "provenance.concession_cost_weight"),
        (lambda d: d.__setitem__("audience_cost_weight", -1), "audience_cost_weight: expected >= 0"),
        (lambda d: d.__setitem__("audience_cost_weight", "high"), "expected a number"),
        (lambda d: d.__setitem__("_target_", "os.system"), "_target_"),
        (lambda d: d.__setitem__("audience_cost_wieght", 1), "did you mean"),
        (lambda d: d.__setitem__("repeated_strategy", "tit_for_tatt"), "did you mean 'tit_for_tat'"),
        (lambda d: d["provenance"].pop("repeated_strategy"), "provenance.repeated_strategy"),
    ],
)
def test_bad_preset(edit, expected):
    data = copy.deepcopy(_ishiba_mapping())
    edit(data)
    with pytest.raises(UserError, match=expected.replace("(", r"\(")):
        parse_preset(JapanPreset, data, "japan=ishiba")


def test_unknown_preset_name_suggests_the_near_one():
    with pytest.raises(UserError, match="did you mean 'takaichi'"):
        load_preset(JapanPreset, "takaishi")
