"""Leader presets: the Japanese government's political position and style, and the US's.

Presets live in ``conf/japan/<name>.yaml`` and ``conf/us/<name>.yaml`` (Hydra config
groups: ``japan=ishiba``, ``us=trump_2025``). Each holds a ``label``, its numeric
parameters, and a ``provenance`` entry for every parameter (same rules as scenario
facts: reported / derived / assumed, with source and quote where a statement drives it).
Whether the mapping comes from Hydra or straight from the file, :func:`parse_preset`
turns it into a frozen record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from sim.base import checks
from sim.data.datafile import check_plain_data, load_mapping
from sim.base.errors import UserError, near_name_hint
from sim.base.fields import FieldSpec
from sim.base.paths import CONF_DIR
from sim.data.provenance import Provenance, Source, parse_provenance, parse_sources


@dataclass(frozen=True)
class JapanPreset:
    """A Japanese leader's stance.

    ``audience_cost_weight`` scales the domestic audience cost of conceding (a leader whose
    brand is resistance pays more); ``concession_cost_weight`` scales how costly the
    leader finds the concession package (a leader seeking stability through concessions
    finds them cheaper); ``patience``: the discount factor between rounds of offers in
    the bargaining model; ``repeated_strategy``: the strategy (a name in
    :data:`sim.data.strategies.REGISTRY`) the leader plays in the repeated game.
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

    Era parameters (``docs/model.md``, "Era-aware US"): ``policy_tariff_share``, the share
    of a threatened tariff the administration keeps as policy whatever the partner does
    (deal relief never reaches it); ``cost_tolerance``, its resolve as willingness to bear
    its own cost (the share of the tariffs' self-harm it discounts). Both default to 0,
    the original model. ``era_start`` (``YYYY-MM``) is when the administration took office:
    a case without a named US preset takes the latest preset that began on or before its
    date (:func:`sim.data.eras.us_preset_for`). ``ranges`` holds the ``[low, high]`` of each
    assumed parameter, the prior of the calibration.
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
    policy_tariff_share: float = 0.0
    cost_tolerance: float = 0.0
    era_start: str = ""
    ranges: Mapping[str, tuple[float, float]] = field(default_factory=lambda: MappingProxyType({}))


PRESET_PARAMETERS: dict[type, tuple[FieldSpec, ...]] = {
    JapanPreset: (
        FieldSpec(
            "audience_cost_weight",
            "multiplier",
            "stage",
            "multiplier on the domestic audience cost of conceding",
            high=10.0,
        ),
        FieldSpec(
            "concession_cost_weight",
            "multiplier",
            "stage",
            "multiplier on the net cost to Japan of the concession package",
            high=10.0,
        ),
        FieldSpec(
            "patience",
            "fraction",
            "bargaining",
            "discount factor between rounds of offers (bargaining)",
            high=0.999,
            positive=True,
        ),
    ),
    USPreset: (
        FieldSpec(
            "deficit_fixation",
            "fraction",
            "stage",
            "value of imposing tariffs, as a share of the bilateral deficit",
            high=1.0,
        ),
        FieldSpec(
            "precedent_weight",
            "multiplier",
            "stage",
            "extra value of winning because other allies are watching",
            high=10.0,
        ),
        FieldSpec(
            "linkage_probability",
            "fraction",
            "stage",
            "chance the US ties alliance commitments to trade if Japan resists",
            high=1.0,
        ),
        FieldSpec(
            "policy_tariff_share",
            "fraction",
            "era",
            "share of a threatened tariff kept as policy whatever the partner does",
            high=1.0,
        ),
        FieldSpec(
            "cost_tolerance",
            "fraction",
            "era",
            "share of its own tariff self-harm the administration is willing to bear (discounts)",
            high=1.0,
        ),
        FieldSpec(
            "resolve_prior",
            "fraction",
            "sequential",
            "Japan's prior that a US threat is resolved, not a bluff",
            high=1.0,
        ),
        FieldSpec(
            "patience",
            "fraction",
            "bargaining",
            "discount factor between rounds of offers (bargaining)",
            high=0.999,
            positive=True,
        ),
    ),
}

GROUP_OF = {JapanPreset: "japan", USPreset: "us"}
#: Parameters a preset file may leave out: their neutral value keeps the original model.
OPTIONAL_PARAMETERS = {"policy_tariff_share": 0.0, "cost_tolerance": 0.0}
_NEUTRAL = "not given by this preset; {value:g} keeps the original model (no era structure)"


def stage_parameters(kind: type) -> tuple[FieldSpec, ...]:
    """The parameters of a preset kind that enter the stage game's payoffs.

    Their ``group`` is ``stage``; the others serve the sequential game (``resolve_prior``)
    or bargaining (``patience``), and the two presets may share their names. The US era
    parameters (group ``era``: ``policy_tariff_share``, ``cost_tolerance``) enter the
    payoffs only in the era-aware forecast (:func:`era_parameters`), so that the article
    runs keep the original model.
    """
    return tuple(spec for spec in PRESET_PARAMETERS[kind] if spec.group == "stage")


def era_parameters(us: USPreset) -> dict[str, float]:
    """The US preset's era parameters by name (read by the era-aware forecast)."""
    return {spec.name: getattr(us, spec.name) for spec in PRESET_PARAMETERS[USPreset] if spec.group == "era"}


def preset_names(kind: type) -> list[str]:
    """Names of the built-in presets of ``kind`` (the files in its config group)."""
    return sorted(path.stem for path in (CONF_DIR / GROUP_OF[kind]).glob("*.yaml"))


def load_preset(kind: type, name: str):
    """Read the built-in preset ``name`` of ``kind`` from its config group folder."""
    path = CONF_DIR / GROUP_OF[kind] / f"{name}.yaml"
    if not path.is_file():
        known = preset_names(kind)
        raise UserError(
            GROUP_OF[kind],
            None,
            "a preset name",
            name,
            hint=near_name_hint(name, known) or "known: " + ", ".join(known),
        )
    return parse_preset(kind, load_mapping(path), str(path))


def parse_preset(kind: type, data: Mapping, where: str):
    """Validate a preset mapping (from Hydra or a file) into a frozen ``kind`` record."""
    from sim.data.strategies import get_strategy  # strategies import errors only; keep it local

    check_plain_data(data, where)
    specs = PRESET_PARAMETERS[kind]
    names = [spec.name for spec in specs] + ["repeated_strategy"]
    extra = ["era_start"] if kind is USPreset else []
    required = [name for name in names if name not in OPTIONAL_PARAMETERS]
    checks.check_keys(
        data,
        where,
        "",
        ["name", "label", *required, "sources", "provenance"],
        [name for name in names if name in OPTIONAL_PARAMETERS] + extra,
    )
    sources = parse_sources(data["sources"], where)
    given = [name for name in names if name in data or name not in OPTIONAL_PARAMETERS]
    checks.check_keys(data["provenance"], where, "provenance", given)
    values: dict[str, object] = {}
    ranges: dict[str, tuple[float, float]] = {}
    provenance: dict[str, Provenance] = {}
    for spec in specs:
        if spec.name not in given:
            value = OPTIONAL_PARAMETERS[spec.name]
            values[spec.name] = value
            provenance[spec.name] = Provenance("assumed", why=_NEUTRAL.format(value=value))
            continue
        value = checks.number(data, spec.name, where, "")
        if not spec.admits(value):
            raise UserError(where, spec.name, spec.range_text(), value)
        values[spec.name] = value
        entry = data["provenance"][spec.name]
        found = _parse_range(entry, value, spec, where) if isinstance(entry, Mapping) else None
        if found is not None:
            ranges[spec.name] = found
    strategy = checks.text(data, "repeated_strategy", where, "")
    get_strategy(strategy, f"{where}: repeated_strategy")
    for name in given:
        entry = data["provenance"][name]
        if isinstance(entry, Mapping):
            entry = {key: value for key, value in entry.items() if key != "range"}
        provenance[name] = parse_provenance(entry, sources, where, f"provenance.{name}")
    if kind is USPreset:
        values["ranges"] = MappingProxyType(ranges)
        values["era_start"] = _era_start(data, where)
    return kind(
        name=checks.text(data, "name", where, ""),
        label=checks.text(data, "label", where, ""),
        repeated_strategy=strategy,
        sources=MappingProxyType(sources),
        provenance=MappingProxyType(provenance),
        **values,
    )


def _parse_range(entry: Mapping, value: float, spec: FieldSpec, where: str) -> tuple[float, float] | None:
    """The optional ``range: [low, high]`` of an assumed parameter (its calibration prior)."""
    if "range" not in entry:
        return None
    raw, field = entry["range"], f"provenance.{spec.name}.range"
    if entry.get("kind") == "reported":
        raise UserError(
            where, field, "a range only on an assumed or derived parameter", "<a range on a reported parameter>"
        )
    if not (
        isinstance(raw, list)
        and len(raw) == 2
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in raw)
    ):
        raise UserError(where, field, "[low, high]: two numbers", raw)
    low, high = float(raw[0]), float(raw[1])
    if not (low <= value <= high and spec.admits(low) and spec.admits(high)):
        raise UserError(where, field, f"low <= {value:g} <= high, both {spec.range_text()}", raw)
    return (low, high)


def _era_start(data: Mapping, where: str) -> str:
    """``era_start`` as ``YYYY-MM`` text ("" when the preset gives none)."""
    if "era_start" not in data:
        return ""
    value = str(data["era_start"])
    if not re.fullmatch(r"(19|20)\d\d-(0[1-9]|1[0-2])", value):
        raise UserError(
            where, "era_start", "a month as YYYY-MM (when the administration took office)", data["era_start"]
        )
    return value
