"""What the 1970-2000 sanctions record implies for a scenario's dispute.

:func:`record_outlook` maps a :class:`sim.data.scenario.Scenario` to the covariates of the
estimated crisis game (each with its provenance), evaluates the shipped coefficients
(:mod:`sim.estimate.shipped`) there and returns every equilibrium's outcome
probabilities: per month (status quo, US challenges and Japan concedes, sanctions stand,
US backs down) and given a US challenge (Japan concedes, sanctions stand, US backs down).

Covariates start from the 1990s US-Japan row of the data. They are *derived* from the
scenario's facts where it has them:

* ``senderecondep``, ``targetecondep`` (dyadic trade over each side's GDP per capita) are
  scaled by the change in trade since the 1990s, taken as the change in the US goods
  deficit with Japan (the scenario's ``us_trade_deficit_with_japan`` over the 1990s
  average, :data:`DEFICIT_1990S`), and divided by the change in each side's GDP per capita
  (:data:`GDP_PER_CAPITA`, rounded public figures, an assumption stated in the reason);
* ``ally`` is 1 when the scenario's ``security_dependence`` is above 0 (the 1951/1960
  security treaty), else 0.

Every other covariate keeps the 1990 value and is marked *assumed*, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from sim.estimate.equilibria import all_equilibria
from sim.estimate.model import outcome_probabilities, strategies
from sim.estimate.shipped import ShippedFit, load_fit
from sim.estimate.spec import UTILITIES, design_matrix, utilities_at

if TYPE_CHECKING:
    from sim.data.scenario import Scenario

REFERENCE_ROW = "002740_1990"
#: US goods trade deficit with Japan, average of 1990-1999, US$ bn a year (US Census Bureau,
#: rounded; an assumption of this bridge)
DEFICIT_1990S = 56.0
#: GDP per capita in current US$ (World Bank, rounded): (mid-1990s, 2024); an assumption
GDP_PER_CAPITA = {"US": (28_700.0, 85_800.0), "Japan": (44_200.0, 32_500.0)}
ASSUMED_REASONS = {
    "senderdemocracy": "no scenario fact: the US Polity score of the 1990 row",
    "targetdemocracy": "no scenario fact: Japan's Polity score of the 1990 row",
    "contig": "geography has not changed: the 1990 row's contiguity code",
    "lncaprat": "no scenario fact on military capabilities: the 1990 row's log CINC ratio",
    "anticipatedsendercosts": "TIES codes anticipated costs from case records; the scenario "
    "has no such coding: the 1990 row's value",
    "anticipatedtargetcosts": "TIES codes anticipated costs from case records; the scenario "
    "has no such coding: the 1990 row's value",
}


@dataclass(frozen=True)
class Covariate:
    """One covariate of the crisis game for this scenario, with its provenance."""

    name: str
    value: float
    kind: str  # "derived" or "assumed"
    reason: str


@dataclass(frozen=True)
class RecordEquilibrium:
    """One equilibrium of the crisis game the record implies for the scenario."""

    p_resist: float
    p_challenge: float
    p_firm: float
    status_quo: float
    japan_concedes: float
    sanctions_stand: float
    us_backs_down: float
    concede_given_challenge: float
    stand_given_challenge: float
    back_down_given_challenge: float


@dataclass(frozen=True)
class RecordOutlook:
    """Covariates, every equilibrium, and where the coefficients came from."""

    covariates: tuple[Covariate, ...]
    equilibria: tuple[RecordEquilibrium, ...]
    method: str
    loglik: float
    data: str
    fitted_on: str


def scenario_covariates(scenario: Scenario, fit: ShippedFit) -> tuple[Covariate, ...]:
    """Each covariate of ``fit`` for ``scenario`` (derived where facts exist, else assumed)."""
    base = fit.reference_rows[REFERENCE_ROW]
    facts = scenario.facts
    out = []
    for name, value in base.items():
        if name in ("senderecondep", "targetecondep") and "us_trade_deficit_with_japan" in facts:
            side = "US" if name == "senderecondep" else "Japan"
            deficit = facts["us_trade_deficit_with_japan"].value
            then, now = GDP_PER_CAPITA[side]
            scaled = value * (deficit / DEFICIT_1990S) / (now / then)
            out.append(
                Covariate(
                    name,
                    scaled,
                    "derived",
                    (
                        f"1990 row {value:.4g} x trade change {deficit:g}/{DEFICIT_1990S:g} (the "
                        f"scenario's US deficit with Japan over its 1990s average, assumed) / "
                        f"{side} GDP per capita change {now:,.0f}/{then:,.0f} (assumed)"
                    ),
                )
            )
        elif name == "ally" and "security_dependence" in facts:
            dependence = facts["security_dependence"].value
            out.append(
                Covariate(
                    name,
                    1.0 if dependence > 0 else 0.0,
                    "derived",
                    f"security_dependence = {dependence:g}: " + ("allied" if dependence > 0 else "not allied"),
                )
            )
        else:
            out.append(
                Covariate(
                    name,
                    float(value),
                    "assumed",
                    ASSUMED_REASONS.get(name, "no scenario fact: the 1990 US-Japan row's value"),
                )
            )
    return tuple(out)


def record_outlook(scenario: Scenario, fit: ShippedFit | None = None) -> RecordOutlook:
    """The record-implied outcome probabilities for ``scenario``, at every equilibrium."""
    fit = _shipped_fit() if fit is None else fit
    covariates = scenario_covariates(scenario, fit)
    values = {c.name: np.array([c.value]) for c in covariates}
    X = {u: design_matrix(fit.terms[u], values.__getitem__, "shipped fit", 1) for u in UTILITIES}
    slices, start = {}, 0
    for u in UTILITIES:
        slices[u] = slice(start, start + len(fit.terms[u]))
        start += len(fit.terms[u])
    U = utilities_at(X, fit.fixed, slices, fit.beta())
    roots, count = all_equilibria(U)
    equilibria = tuple(_equilibrium(U, float(p)) for p in roots[0, : count[0]])
    provenance = fit.provenance
    return RecordOutlook(
        covariates,
        equilibria,
        provenance["method"],
        float(provenance["loglik"]),
        provenance["data"],
        provenance["date"],
    )


@lru_cache(maxsize=1)
def _shipped_fit() -> ShippedFit:
    """The shipped fit, read once per process (callers never change it)."""
    return load_fit()


def _equilibrium(U: np.ndarray, p: float) -> RecordEquilibrium:
    challenge, firm, _ = (float(v[0]) for v in strategies(U, np.array([p])))
    sq, cd, sf, bd = (float(v) for v in outcome_probabilities(U, np.array([p]))[:, 0])
    return RecordEquilibrium(p, challenge, firm, sq, cd, sf, bd, 1 - p, p * firm, p * (1 - firm))


#: The crisis game's outcomes after a US challenge, mapped onto the case library's
#: outcome classes (docs/cases.md, "The record-based baseline"). The crisis game has no
#: "Japan concedes and the sanctions stay", so ``concession_under_tariffs`` gets no mass
#: of its own (the forecast floor gives it 0.01).
CLASS_OF_OUTCOME = {
    "concede_given_challenge": "concession",
    "stand_given_challenge": "standoff",
    "back_down_given_challenge": "us_backs_down",
}


def forecast_classes(scenario: Scenario, fit: ShippedFit | None = None) -> np.ndarray:
    """The record-based forecast over the library's outcome classes (``sim.data.outcome.OUTCOME_CLASSES``).

    Every library case is a US challenge, so the forecast is the crisis game's outcome
    given a challenge, averaged with equal weights over the game's equilibria (the record
    does not say which one is played); see :data:`CLASS_OF_OUTCOME`.
    """
    from sim.data.outcome import OUTCOME_CLASSES

    equilibria = record_outlook(scenario, fit).equilibria
    mass = dict.fromkeys(OUTCOME_CLASSES, 0.0)
    for field, name in CLASS_OF_OUTCOME.items():
        mass[name] = float(np.mean([getattr(e, field) for e in equilibria]))
    return np.array([mass[c] for c in OUTCOME_CLASSES])
