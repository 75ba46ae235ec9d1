"""The reference docs cover every scenario field, unit and preset parameter."""

from __future__ import annotations

import importlib
import re

import pytest

from conftest import REPO_ROOT
from sim.base.fields import FIELDS
from sim.data.presets import PRESET_PARAMETERS
from sim.base.units import UNITS

DOCS = REPO_ROOT / "docs"


def test_scenario_format_documents_every_field_and_unit():
    text = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    missing = [name for name in FIELDS if f"`{name}`" not in text]
    assert not missing, missing
    units = [unit for units in UNITS.values() for unit in units if unit not in text]
    assert not units, units


def test_presets_doc_documents_every_parameter():
    text = (DOCS / "presets.md").read_text(encoding="utf-8")
    for specs in PRESET_PARAMETERS.values():
        for spec in specs:
            assert f"`{spec.name}`" in text, spec.name


def test_model_doc_names_every_field_used_by_the_payoffs():
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    assert not [name for name in FIELDS if name not in text]


def _config_keys(node, prefix=""):
    """Every leaf key of a config mapping, dotted (``model.map_points``); no ``defaults``."""
    for key, value in node.items():
        if key == "defaults":
            continue
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _config_keys(value, f"{name}.")
        else:
            yield name


def _undocumented_config_keys(config_text, configuration_doc, scenario_doc):
    import yaml

    missing = []
    for key in _config_keys(yaml.safe_load(config_text)):
        if key.startswith("facts."):
            field = key.removeprefix("facts.")
            if "`facts.FIELD" in configuration_doc and f"`{field}`" in scenario_doc:
                continue
        if key not in configuration_doc:
            missing.append(key)
    return missing


def test_configuration_doc_names_every_config_key():
    config = (REPO_ROOT / "conf" / "config.yaml").read_text(encoding="utf-8")
    doc = (DOCS / "configuration.md").read_text(encoding="utf-8")
    scenario_doc = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    assert not _undocumented_config_keys(config, doc, scenario_doc)


def test_config_key_check_can_fail():
    config = "model:\n  map_points: 1\n  new_option: 2\nfacts:\n  approval: null\n  new_fact: null\n"
    doc = "`model.map_points` and `facts.FIELD=VALUE`"
    assert _undocumented_config_keys(config, doc, "`approval`") == ["model.new_option", "facts.new_fact"]


def test_config_facts_are_the_scenario_fields():
    import yaml

    config = yaml.safe_load((REPO_ROOT / "conf" / "config.yaml").read_text(encoding="utf-8"))
    assert set(config["facts"]) == set(FIELDS)


COMMANDS = [
    "sim.cli.backtest",
    "sim.cli.catalog",
    "sim.cli.match",
    "sim.cli.play",
    "sim.cli.solve",
    "sim.cli.uncertainty",
    "sim.cli.validate",
]


@pytest.mark.parametrize("module", COMMANDS)
def test_every_option_of_every_command_is_documented(module, capsys):
    """Each ``--option`` a command's --help lists appears in the docs or the README."""
    command = importlib.import_module(module)
    with pytest.raises(SystemExit) as stopped:
        command.main(["--help"])
    assert stopped.value.code == 0
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", capsys.readouterr().out)) - {"--help"}
    docs = "\n".join(
        path.read_text(encoding="utf-8") for path in [REPO_ROOT / "README.md", *(REPO_ROOT / "docs").glob("*.md")]
    )
    assert options, f"{module} --help lists no options"
    assert sorted(o for o in options if f"`{o}" not in docs and f" {o} " not in docs) == []
