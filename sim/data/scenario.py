"""The scenario: a frozen, validated, unit-normalised record of the facts of one case.

A scenario file (``scenarios/<stem>.yaml``, format in ``docs/scenario-format.md``) holds

* ``schema_version`` (``1``), ``title``, ``date``, ``leader`` (``ishiba``, ``takaichi`` or
  ``neutral``: the Japanese leader preset it is paired with by default), ``summary``;
* ``sources``: each source article with its reliability note;
* ``facts``: every model input of :data:`sim.base.fields.FIELDS`, each with value, unit and
  provenance, and, where sources disagree, the ``alternatives`` and the ``choice`` made;
  an assumed or derived fact may declare the ``range`` [low, high] its value is uncertain
  over (read by :mod:`sim.analysis.uncertainty`);
* ``context``: further numbers from the sources that no payoff term reads, with the same
  provenance;
* ``outcome`` (historical cases under ``scenarios/cases/`` only): what really happened,
  validated by :func:`sim.data.cases.parse_outcome`; the model never reads it.

A source is an article file or a publication (publisher and address), see
:mod:`sim.data.provenance`.

Files are read with ``yaml.safe_load`` rules (:mod:`sim.data.datafile`), never through
OmegaConf; after loading nothing sees a raw dict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from sim.base import checks
from sim.data.datafile import load_mapping
from sim.base.errors import UserError, near_name_hint
from sim.base.fields import FIELDS, OPTIONAL_DEFAULTS, OPTIONAL_FIELDS
from sim.base.paths import SCENARIOS_DIR
from sim.data.outcome import parse_outcome
from sim.data.provenance import Provenance, Source, parse_sources
from sim.data.quantity import ALL_UNITS, Quantity, parse_quantity_in
from sim.base.units import canonical_unit

SCHEMA_VERSION = 1
LEADERS = ("ishiba", "takaichi", "neutral")
_TOP_REQUIRED = ("schema_version", "title", "date", "leader", "summary", "sources", "facts")
_TOP_OPTIONAL = ("context", "outcome", "us_preset")
_CONTEXT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario; ``facts`` holds every model input of :data:`sim.base.fields.FIELDS`."""

    name: str
    title: str
    date: str
    leader: str
    summary: str
    sources: Mapping[str, Source]
    facts: Mapping[str, Quantity]
    context: Mapping[str, Quantity]
    path: str
    us_preset: str | None = None  # a conf/us preset name; None: chosen by date (sim.data.eras)

    def value(self, field: str) -> float:
        """The chosen value of ``field`` in canonical units."""
        return self.facts[field].value

    def values(self) -> dict[str, float]:
        """All model inputs as ``{field: value}`` in canonical units.

        Optional facts (:data:`sim.base.fields.OPTIONAL_FIELDS`) the file leaves out take their
        neutral default.
        """
        values = dict(OPTIONAL_DEFAULTS)
        values.update({name: quantity.value for name, quantity in self.facts.items()})
        return values


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate one scenario file; errors are :class:`sim.base.errors.UserError`.

    A string is resolved first (:func:`resolve_scenario_path`): a built-in scenario's name
    such as ``"ishiba_white_house_2025"`` or a path to a ``.yaml`` file.

    >>> load_scenario("ishiba_white_house_2025").leader
    'ishiba'
    """
    path = resolve_scenario_path(path) if isinstance(path, str) else Path(path)
    return parse_scenario(load_mapping(path), path)


def resolve_scenario_path(name_or_path: str) -> Path:
    """A built-in scenario stem (``scenarios/<stem>.yaml``) or a path to a user's file.

    A relative name with a folder and no suffix, such as ``cases/plaza_accord_1985``, is
    also looked up under the built-in scenarios folder (the historical cases).
    """
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml"):
        return candidate
    if candidate.parent != Path("."):
        shipped = SCENARIOS_DIR / f"{name_or_path}.yaml"
        return shipped if not candidate.is_absolute() and shipped.is_file() else candidate
    path = SCENARIOS_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        known = builtin_scenario_names()
        raise UserError(
            "scenario",
            None,
            "a built-in scenario name or a path to a .yaml file",
            name_or_path,
            hint=near_name_hint(name_or_path, known) or "built-in: " + ", ".join(known),
        )
    return path


def builtin_scenario_names() -> list[str]:
    """Stems of the scenarios shipped with Gaiatsu, sorted (top level only: not the cases)."""
    return sorted(path.stem for path in SCENARIOS_DIR.glob("*.yaml"))


def parse_scenario(data: Mapping, path: Path) -> Scenario:
    """Validate a mapping read from ``path`` into a :class:`Scenario`."""
    checks.check_keys(data, path, "", _TOP_REQUIRED, _TOP_OPTIONAL)
    version = data["schema_version"]
    if version != SCHEMA_VERSION or isinstance(version, bool):
        raise UserError(path, "schema_version", f"{SCHEMA_VERSION}", version)
    sources = parse_sources(data["sources"], path)
    facts = _parse_facts(data["facts"], sources, path)
    context = _parse_context(data.get("context", {}), sources, path)
    if "outcome" in data:  # a historical case: its outcome is checked like the rest
        parse_outcome(data["outcome"], sources, path)
    return Scenario(
        name=path.stem,
        title=checks.text(data, "title", path, ""),
        date=_date_text(data, path),
        leader=checks.choice(data, "leader", LEADERS, path, ""),
        summary=checks.text(data, "summary", path, ""),
        sources=MappingProxyType(sources),
        facts=MappingProxyType(facts),
        context=MappingProxyType(context),
        path=str(path),
        us_preset=_us_preset(data, path),
    )


def _us_preset(data: Mapping, path: Path) -> str | None:
    """The optional ``us_preset``: a built-in US preset name (``conf/us/<name>.yaml``)."""
    if "us_preset" not in data:
        return None
    from sim.data.presets import USPreset, preset_names  # presets never import scenarios

    known = preset_names(USPreset)
    name = data["us_preset"]
    if name not in known:
        raise UserError(
            path,
            "us_preset",
            "a US preset name (" + ", ".join(known) + ")",
            name,
            hint=near_name_hint(str(name), known),
        )
    return name


def _date_text(data: Mapping, path: Path) -> str:
    value = data.get("date")
    if isinstance(value, date):  # YAML reads 2025-02-07 as a date
        return value.isoformat()
    return checks.text(data, "date", path, "")


def _parse_facts(data: object, sources: Mapping[str, Source], path: Path) -> dict:
    data = checks.check_keys(data, path, "facts", FIELDS, OPTIONAL_FIELDS)
    specs = {**FIELDS, **{name: spec for name, spec in OPTIONAL_FIELDS.items() if name in data}}
    return {
        name: parse_quantity_in(data[name], spec.dimension, sources, path, f"facts.{name}", spec)
        for name, spec in specs.items()
    }


def _parse_context(data: object, sources: Mapping[str, Source], path: Path) -> dict:
    if not isinstance(data, Mapping):
        raise UserError(path, "context", "a mapping of named quantities", data)
    context = {}
    for name, entry in data.items():
        where = f"context.{name}"
        if not _CONTEXT_NAME.match(str(name)):
            raise UserError(path, where, "a lower_case_name", name)
        unit = entry.get("unit") if isinstance(entry, Mapping) else None
        if not isinstance(unit, str) or unit not in ALL_UNITS:
            raise UserError(path, f"{where}.unit", "one of " + ", ".join(ALL_UNITS), unit)
        context[name] = parse_quantity_in(entry, ALL_UNITS[unit], sources, path, where)
    return context


def _default_quantity(name: str) -> Quantity:
    """An optional fact the file left out, at its neutral default."""
    spec = OPTIONAL_FIELDS[name]
    return Quantity(
        value=OPTIONAL_DEFAULTS[name],
        unit=canonical_unit(spec.dimension),
        stated=f"{OPTIONAL_DEFAULTS[name]:g} {canonical_unit(spec.dimension)}",
        provenance=Provenance("assumed", why="not in the file: the neutral default of the original model"),
    )


def with_overrides(scenario: Scenario, overrides: Mapping[str, float], origin: str = "command line") -> Scenario:
    """A copy of ``scenario`` with some facts set to new values (canonical units).

    Each overridden fact becomes *assumed*, its reason naming ``origin`` and the scenario's
    own value, so that provenance stays honest in every output. A fact's uncertainty
    ``range`` is kept when it holds the new value and dropped otherwise.
    """
    facts = dict(scenario.facts)
    for name, value in overrides.items():
        spec = FIELDS.get(name) or OPTIONAL_FIELDS.get(name)
        if spec is None:
            raise UserError(
                origin, f"facts.{name}", "a scenario field", "<an unknown field>", hint=near_name_hint(name, FIELDS)
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not spec.admits(float(value)):
            raise UserError(
                origin, f"facts.{name}", f"a number {spec.range_text()} {canonical_unit(spec.dimension)}", value
            )
        old = facts.get(name) or _default_quantity(name)
        why = f"set on the {origin} (the scenario says {old.value:g} {old.unit})"
        kept = old.range if old.range and old.range[0] <= value <= old.range[1] else None
        facts[name] = replace(
            old,
            value=float(value),
            stated=f"{float(value):g} {old.unit}",
            provenance=Provenance(kind="assumed", why=why),
            range=kept,
        )
    return replace(scenario, facts=MappingProxyType(facts))
