"""Leader presets: the Japanese government's political position and style, and the US's.

Presets live in ``conf/japan/<name>.yaml`` and ``conf/us/<name>.yaml`` (Hydra config
groups: ``japan=ishiba``, ``us=trump_2025``). Each holds a ``label``, its numeric
parameters, and a ``provenance`` entry for every parameter (same rules as scenario
facts: reported / derived / assumed, with source and quote where a statement drives it).
Whether the mapping comes from Hydra or straight from the file, :func:`parse_preset`
turns it into a frozen record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sim import checks
from sim.datafile import check_plain_data, load_mapping
from sim.errors import UserError, near_name_hint
from sim.fields import FieldSpec
from sim.paths import CONF_DIR
from sim.provenance import Provenance, Source, parse_provenance, parse_sources


@dataclass(frozen=True)
class JapanPreset:
    """A Japanese leader's stance.

    ``audience_cost_weight`` scales the domestic audience cost of conceding (a leader whose
    brand is resistance pays more); ``concession_cost_weight`` scales how costly the
    leader finds the concession package (a leader seeking stability through concessions
    finds them cheaper); ``patience``: the discount factor between rounds of offers in
    the bargaining model; ``repeated_strategy``: the strategy (a name in
    :data:`sim.strategies.REGISTRY`) the leader plays in the repeated game.
    """

    name: str
    label: str
    audience_cost_weight: float
    concession_cost_weight: float
    patience: float
    repeated_strategy: str
    sources: Mapping[str, Source]
    provenance: Mapping[str, Provenance]


@dataclass(frozen=True)
class USPreset:
    """A US administration's stance.

    ``deficit_fixation``: the share of the bilateral deficit at which the administration
    values imposing tariffs for their own sake; ``precedent_weight``: how much more a
    concession is worth (and backing down costs) because other allies are watching;
    ``linkage_probability``: the chance it ties alliance commitments to trade when Japan
    resists; ``resolve_prior``: Japan's prior belief that a threat from this
    administration is resolved rather than a bluff (the sequential game);
    ``patience`` and ``repeated_strategy`` as for Japan.
    """

    name: str
    label: str
    deficit_fixation: float
    precedent_weight: float
    linkage_probability: float
    resolve_prior: float
    patience: float
    repeated_strategy: str
    sources: Mapping[str, Source]
    provenance: Mapping[str, Provenance]


PRESET_PARAMETERS: dict[type, tuple[FieldSpec, ...]] = {
    JapanPreset: (
        FieldSpec("audience_cost_weight", "multiplier", "stage",
                  "multiplier on the domestic audience cost of conceding", high=10.0),
        FieldSpec("concession_cost_weight", "multiplier", "stage",
                  "multiplier on the net cost to Japan of the concession package", high=10.0),
        FieldSpec("patience", "fraction", "bargaining",
                  "discount factor between rounds of offers (bargaining)", high=0.999,
                  positive=True),
    ),
    USPreset: (
        FieldSpec("deficit_fixation", "fraction", "stage",
                  "value of imposing tariffs, as a share of the bilateral deficit", high=1.0),
        FieldSpec("precedent_weight", "multiplier", "stage",
                  "extra value of winning because other allies are watching", high=10.0),
        FieldSpec("linkage_probability", "fraction", "stage",
                  "chance the US ties alliance commitments to trade if Japan resists",
                  high=1.0),
        FieldSpec("resolve_prior", "fraction", "sequential",
                  "Japan's prior that a US threat is resolved, not a bluff", high=1.0),
        FieldSpec("patience", "fraction", "bargaining",
                  "discount factor between rounds of offers (bargaining)", high=0.999,
                  positive=True),
    ),
}

GROUP_OF = {JapanPreset: "japan", USPreset: "us"}


def stage_parameters(kind: type) -> tuple[FieldSpec, ...]:
    """The parameters of a preset kind that enter the stage game's payoffs.

    Their ``group`` is ``stage``; the others serve the sequential game (``resolve_prior``)
    or bargaining (``patience``), and the two presets may share their names.
    """
    return tuple(spec for spec in PRESET_PARAMETERS[kind] if spec.group == "stage")


def preset_names(kind: type) -> list[str]:
    """Names of the built-in presets of ``kind`` (the files in its config group)."""
    return sorted(path.stem for path in (CONF_DIR / GROUP_OF[kind]).glob("*.yaml"))


def load_preset(kind: type, name: str):
    """Read the built-in preset ``name`` of ``kind`` from its config group folder."""
    path = CONF_DIR / GROUP_OF[kind] / f"{name}.yaml"
    if not path.is_file():
        known = preset_names(kind)
        raise UserError(GROUP_OF[kind], None, "a preset name", name,
                        hint=near_name_hint(name, known) or "known: " + ", ".join(known))
    return parse_preset(kind, load_mapping(path), str(path))


def parse_preset(kind: type, data: Mapping, where: str):
    """Validate a preset mapping (from Hydra or a file) into a frozen ``kind`` record."""
    from sim.strategies import get_strategy  # strategies import errors only; keep it local

    check_plain_data(data, where)
    specs = PRESET_PARAMETERS[kind]
    names = [spec.name for spec in specs] + ["repeated_strategy"]
    checks.check_keys(data, where, "", ["name", "label", *names, "sources", "provenance"])
    sources = parse_sources(data["sources"], where)
    checks.check_keys(data["provenance"], where, "provenance", names)
    values = {}
    for spec in specs:
        value = checks.number(data, spec.name, where, "")
        if not spec.admits(value):
            raise UserError(where, spec.name, spec.range_text(), value)
        values[spec.name] = value
    strategy = checks.text(data, "repeated_strategy", where, "")
    get_strategy(strategy, f"{where}: repeated_strategy")
    provenance = {name: parse_provenance(data["provenance"][name], sources, where,
                                         f"provenance.{name}") for name in names}
    return kind(name=checks.text(data, "name", where, ""),
                label=checks.text(data, "label", where, ""), repeated_strategy=strategy,
                sources=MappingProxyType(sources), provenance=MappingProxyType(provenance),
                **values)
