"""The fitted coefficients that ship with Gaiatsu, with their provenance.

``sanctions_fit.json`` beside this module is written by
``python -m sim.estimate SPEC --save-fit FILE`` (:func:`fit_record`): the specification's
regressors per utility, each coefficient's estimate and standard error, the method, the
log-likelihood, the equilibrium check, the data file and its SHA-256, the date, and the
raw covariates of the US-Japan rows (challenger 2, target 740) that the bridge to the
simulator starts from (:mod:`sim.estimate.bridge`). :func:`load_fit` reads it back.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.base.errors import UserError
from sim.estimate.result import Estimate
from sim.estimate.spec import UTILITIES, Design
from sim.estimate.statics import covariates_of, raw_value

SHIPPED_FIT = Path(__file__).resolve().parent / "sanctions_fit.json"
CITATION = (
    "Crisman-Cox, C. and M. Gibilisco, 'Estimating Signaling Games in International "
    "Relations: Problems and Solutions', Political Science Research and Methods "
    "(2021); data: TIES (Morgan, Bapat and Kobayashi 2014) via the R package sigInt "
    "(sanctionsData)"
)


@dataclass(frozen=True)
class ShippedFit:
    """Coefficients by name, the regressors of each utility, provenance, reference rows."""

    terms: dict[str, tuple[str, ...]]
    coefficients: dict[str, float]
    standard_errors: dict[str, float]
    fixed: dict[str, float]
    provenance: dict
    reference_rows: dict[str, dict[str, float]]

    def beta(self) -> np.ndarray:
        return np.array([self.coefficients[f"{u}:{t}"] for u in UTILITIES for t in self.terms[u]])


def fit_record(design: Design, fit: Estimate, seed: int) -> dict:
    """The JSON-ready record of ``fit`` on ``design`` (what ``--save-fit`` writes)."""
    digest = hashlib.sha256(design.data_path.read_bytes()).hexdigest()
    columns = design.columns
    rows = {}
    if {"ccode1", "ccode2", "tenyear"} <= set(columns):
        for i in np.nonzero((columns["ccode1"] == 2) & (columns["ccode2"] == 740))[0]:
            rows[design.game_ids[i]] = {name: raw_value(design, int(i), name) for name in covariates_of(design)}
    return {
        "provenance": {
            "spec": design.spec_path.name,
            "data": design.data_path.name,
            "data_sha256": digest,
            "method": fit.method,
            "loglik": fit.loglik,
            "equilibrium_violation": fit.violation,
            "n_games": design.n_games,
            "n_obs": int(design.counts.sum()),
            "seed": seed,
            "date": time.strftime("%Y-%m-%d"),
            "citation": CITATION,
        },
        "terms": {u: list(design.terms[u]) for u in UTILITIES},
        "fixed": dict(design.fixed),
        "coefficients": {
            name: {"estimate": float(b), "se": float(s)} for name, b, s in zip(fit.names, fit.beta, fit.se)
        },
        "reference_rows": rows,
    }


def load_fit(path: Path | str = SHIPPED_FIT) -> ShippedFit:
    """Read a fit record (the shipped one by default)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        terms = {u: tuple(data["terms"][u]) for u in UTILITIES}
        estimates = {k: float(v["estimate"]) for k, v in data["coefficients"].items()}
        errors = {k: float(v["se"]) for k, v in data["coefficients"].items()}
        return ShippedFit(
            terms, estimates, errors, dict(data.get("fixed", {})), data["provenance"], data["reference_rows"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UserError(
            path, None, "a fit record written by --save-fit", f"<{type(error).__name__}: {error}>"
        ) from None
