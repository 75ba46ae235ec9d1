"""Era-aware actors: which US administration preset a scenario or case is played with.

A scenario may name its US preset (``us_preset: reagan_1985``); otherwise it takes the
built-in preset of the administration in office at its date: the preset with the latest
``era_start`` on or before the scenario's first ``YYYY`` or ``YYYY-MM``. Administrations
without a preset of their own (Ford, the younger Bush, Obama, Biden) get the preset of the
last one before them, a fallback the forecast reports. A date without a year gets
:data:`DEFAULT_US` (the main job's default).
"""

from __future__ import annotations

import re
from functools import lru_cache

from sim.presets import USPreset, load_preset, preset_names
from sim.scenario import Scenario

DEFAULT_US = "trump_2025"
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)(?:-(0[1-9]|1[0-2]))?")


def scenario_month(date: str) -> str | None:
    """``YYYY-MM`` of the first year in a date text (month 01 when none is given)."""
    found = _YEAR_MONTH.search(date)
    if not found:
        return None
    return f"{found.group(1)}-{found.group(2) or '01'}"


@lru_cache(maxsize=None)
def _eras() -> tuple[tuple[str, str], ...]:
    """``(era_start, name)`` of every built-in US preset that has one, in time order."""
    presets = (load_preset(USPreset, name) for name in preset_names(USPreset))
    return tuple(sorted((p.era_start, p.name) for p in presets if p.era_start))


def us_preset_name_for_date(date: str) -> str:
    """The built-in US preset in office at ``date`` (see the module docstring)."""
    month = scenario_month(date)
    if month is None:
        return DEFAULT_US
    eras = _eras()
    chosen = [name for start, name in eras if start <= month]
    return chosen[-1] if chosen else eras[0][1]


def us_preset_name(scenario: Scenario) -> str:
    """The scenario's own ``us_preset``, else the one in office at its date."""
    return scenario.us_preset or us_preset_name_for_date(scenario.date)


def us_preset_for(scenario: Scenario) -> USPreset:
    """The :class:`USPreset` a scenario or case is played with (each file read once)."""
    return _preset(us_preset_name(scenario))


#: The two era groups of :func:`era_group`, in a fixed order.
ERA_GROUPS = ("tariffs as leverage", "tariffs as policy")


def era_group(us: USPreset) -> str:
    """The era group of an administration: whether it keeps tariffs as policy.

    ``"tariffs as policy"`` when the preset keeps a share of a threatened tariff whatever
    the partner gives (``policy_tariff_share > 0``), else ``"tariffs as leverage"``: the
    tariff is only a threat to be traded away. The forecast's base rates are counted per
    group (:func:`sim.forecast_fit.era_rates`).
    """
    return ERA_GROUPS[1] if us.policy_tariff_share > 0 else ERA_GROUPS[0]


@lru_cache(maxsize=None)
def _preset(name: str) -> USPreset:
    return load_preset(USPreset, name)
