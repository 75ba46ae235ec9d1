"""Era-aware US presets: each loads with provenance, and cases get the one in office."""

from __future__ import annotations

import copy

import pytest
import yaml

from conftest import REPO_ROOT
from sim.data.eras import us_preset_name, us_preset_name_for_date
from sim.base.errors import UserError
from sim.data.presets import PRESET_PARAMETERS, USPreset, load_preset, parse_preset, preset_names
from sim.data.scenario import load_scenario

ERAS = (
    "nixon_1969",
    "carter_1977",
    "reagan_1981",
    "reagan_1985",
    "bush_1989",
    "clinton_1993",
    "trump_2017",
    "trump_2025",
)


@pytest.mark.parametrize("name", ERAS)
def test_era_preset_loads_with_provenance(name):
    preset = load_preset(USPreset, name)
    assert preset.era_start
    for spec in PRESET_PARAMETERS[USPreset]:
        provenance = preset.provenance[spec.name]
        assert provenance.kind in ("reported", "derived", "assumed"), spec.name
        if provenance.kind == "assumed":
            assert provenance.why and spec.name in preset.ranges, (name, spec.name)
            low, high = preset.ranges[spec.name]
            assert low <= getattr(preset, spec.name) <= high
        if provenance.source:  # a quote from an article file or an addressed publication
            source = preset.sources[provenance.source]
            assert provenance.quote and (source.is_article or source.address)


def test_every_built_in_us_preset_names_its_era():
    assert set(ERAS) <= set(preset_names(USPreset))


@pytest.mark.parametrize(
    "date, expected",
    [
        ("1971-10", "nixon_1969"),
        ("1975-06", "nixon_1969"),
        ("1977-05", "carter_1977"),
        ("1981-05", "reagan_1981"),
        ("1987-04", "reagan_1985"),
        ("1989-09", "bush_1989"),
        ("1995-06", "clinton_1993"),
        ("2019-09", "trump_2017"),
        ("2025-07-22", "trump_2025"),
        ("undated", "trump_2025"),
        ("1965-01", "nixon_1969"),
    ],
)
def test_default_preset_by_date(date, expected):
    assert us_preset_name_for_date(date) == expected


def test_eras_differ_where_sources_say_so():
    # Carter avoided tariffs ("avoid both import restrictions and increased tariffs");
    # Trump 2025 keeps a baseline tariff as policy.
    carter, trump = load_preset(USPreset, "carter_1977"), load_preset(USPreset, "trump_2025")
    assert carter.deficit_fixation < trump.deficit_fixation
    assert carter.policy_tariff_share < trump.policy_tariff_share


def _case_text(extra: str) -> str:
    text = (REPO_ROOT / "scenarios/cases/plaza_accord_1985.yaml").read_text("utf-8")
    return text.replace("leader: neutral\n", f"leader: neutral\n{extra}", 1)


def test_case_names_its_us_preset(tmp_path):
    path = tmp_path / "named.yaml"
    path.write_text(_case_text("us_preset: clinton_1993\n"), "utf-8")
    scenario = load_scenario(path)
    assert scenario.us_preset == "clinton_1993" and us_preset_name(scenario) == "clinton_1993"


def test_case_without_a_preset_takes_its_era():
    scenario = load_scenario(REPO_ROOT / "scenarios/cases/plaza_accord_1985.yaml")
    assert scenario.us_preset is None and us_preset_name(scenario) == "reagan_1985"


def test_unknown_us_preset_is_a_one_line_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(_case_text("us_preset: reagen_1985\n"), "utf-8")
    with pytest.raises(
        UserError,
        match=r"bad.yaml: us_preset: expected a US preset name .*"
        r"found 'reagen_1985'.*did you mean 'reagan_1985'",
    ):
        load_scenario(path)


def _nixon():
    return yaml.safe_load((REPO_ROOT / "conf/us/nixon_1969.yaml").read_text("utf-8"))


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda d: d.__setitem__("era_start", "1969"), "era_start: expected a month as YYYY-MM"),
        (
            lambda d: d["provenance"]["cost_tolerance"].__setitem__("range", [0.5, 0.9]),
            "provenance.cost_tolerance.range: expected low <= 0.3 <= high",
        ),
        (lambda d: d.__setitem__("cost_tolerance", 1.5), "cost_tolerance: expected >= 0 and <= 1"),
        (lambda d: d["provenance"].pop("policy_tariff_share"), "provenance.policy_tariff_share"),
    ],
)
def test_bad_era_preset(edit, expected):
    data = copy.deepcopy(_nixon())
    edit(data)
    with pytest.raises(UserError, match=expected.replace("(", r"\(")):
        parse_preset(USPreset, data, "us=nixon_1969")


def test_preset_without_era_parameters_keeps_the_original_model():
    data = copy.deepcopy(_nixon())
    for name in ("policy_tariff_share", "cost_tolerance", "era_start"):
        data.pop(name)
        data["provenance"].pop(name, None)
    preset = parse_preset(USPreset, data, "us=old")
    assert preset.policy_tariff_share == 0 and preset.cost_tolerance == 0
    assert "original model" in preset.provenance["cost_tolerance"].why
