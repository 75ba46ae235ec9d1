"""What ``python -m sim.estimate`` prints and writes: tables, CSV files and JSON.

Nothing here estimates: it formats an :class:`~sim.estimate.result.Estimate` and its
:class:`~sim.estimate.result.GamePrediction`. Files are written atomically
(:func:`sim.io.safe_files.write_atomic`) and hold no times, so the same input and seed give the
same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from sim.estimate.result import Estimate, GamePrediction
from sim.estimate.spec import Design
from sim.io.safe_files import write_atomic

OUTCOME_COLUMNS = ("p_sq", "p_cd", "p_sf", "p_bd")


def coefficient_rows(estimate: Estimate) -> list[tuple[str, float, float, float]]:
    """``(name, estimate, se, z)`` per coefficient."""
    return [
        (name, float(b), float(s), float(b / s) if s == s and s > 0 else float("nan"))
        for name, b, s in zip(estimate.names, estimate.beta, estimate.se)
    ]


def coefficient_table(estimate: Estimate) -> str:
    """The printed table: one line per coefficient."""
    rows = coefficient_rows(estimate)
    width = max(len(name) for name, *_ in rows)
    lines = [f"{'coefficient':<{width}}  {'estimate':>9}  {'s.e.':>8}  {'z':>7}"]
    lines += [f"{name:<{width}}  {b:9.4f}  {s:8.4f}  {z:7.2f}" for name, b, s, z in rows]
    return "\n".join(lines)


def summary_text(
    design: Design, estimate: Estimate, prediction: GamePrediction, cpu_seconds: float | None = None
) -> str:
    """Everything the command prints without ``--json``."""
    cpu = "" if cpu_seconds is None else f" ({cpu_seconds:.1f} s of processor time)"
    several = int((prediction.n_equilibria > 1).sum())
    verified = "verified" if estimate.violation <= 1e-6 else "NOT an equilibrium"
    return "\n".join(
        [
            f"Crisis game (Lewis & Schultz 2003) estimated on {design.data_path.name}: "
            f"{design.n_games} games, {int(design.counts.sum())} months",
            f"method: {estimate.method} ({estimate.note})",
            "",
            coefficient_table(estimate),
            "",
            f"log-likelihood: {estimate.loglik:.4f}",
            f"equilibrium check: max |p_R - Psi(p_R)| = {estimate.violation:.2e} ({verified}); "
            f"{several} of {design.n_games} games have several equilibria",
            f"time: {estimate.seconds:.1f} s{cpu}",
        ]
    )


def to_json(design: Design, estimate: Estimate, prediction: GamePrediction) -> dict:
    """The ``--json`` object (keys as documented in docs/estimation.md)."""
    return {
        "loglik": estimate.loglik,
        "method": estimate.method,
        "n_games": design.n_games,
        "n_obs": int(design.counts.sum()),
        "seconds": estimate.seconds,
        "equilibrium_violation": estimate.violation,
        "coefficients": {name: {"estimate": b, "se": _finite(s)} for name, b, s, _ in coefficient_rows(estimate)},
        "games": [
            dict(
                gameID=game,
                p_challenge=float(prediction.p_challenge[i]),
                p_resist=float(prediction.p_resist[i]),
                p_firm=float(prediction.p_firm[i]),
                **{key: float(prediction.outcomes[i, k]) for k, key in enumerate(OUTCOME_COLUMNS)},
                n_equilibria=int(prediction.n_equilibria[i]),
            )
            for i, game in enumerate(design.game_ids)
        ],
    }


def coefficients_csv(estimate: Estimate) -> str:
    rows: list[tuple[str, ...]] = [("coefficient", "estimate", "se", "z")]
    rows += [(name, repr(b), repr(s), repr(z)) for name, b, s, z in coefficient_rows(estimate)]
    return _csv(rows)


def fitted_csv(design: Design, prediction: GamePrediction) -> str:
    rows: list[tuple[str, ...]] = [
        (
            "gameID",
            "sq",
            "cd",
            "sf",
            "bd",
            *OUTCOME_COLUMNS,
            "p_challenge",
            "p_resist",
            "p_firm",
            "n_equilibria",
            "several_equilibria",
        )
    ]
    for i, game in enumerate(design.game_ids):
        rows.append(
            (
                game,
                *(str(int(c)) if c == int(c) else repr(float(c)) for c in design.counts[i]),
                *(repr(float(v)) for v in prediction.outcomes[i]),
                repr(float(prediction.p_challenge[i])),
                repr(float(prediction.p_resist[i])),
                repr(float(prediction.p_firm[i])),
                str(int(prediction.n_equilibria[i])),
                str(bool(prediction.n_equilibria[i] > 1)).lower(),
            )
        )
    return _csv(rows)


def estimate_json(design: Design, estimate: Estimate, prediction: GamePrediction, seed: int) -> str:
    """``estimate.json``: the ``--json`` object without the time, plus the inputs and seed."""
    payload = to_json(design, estimate, prediction)
    payload.pop("seconds")
    payload |= {"spec": str(design.spec_path), "data": str(design.data_path), "seed": seed}
    return json.dumps(payload, indent=1) + "\n"


def write_tables(out: Path, design: Design, estimate: Estimate, prediction: GamePrediction, seed: int) -> list[Path]:
    files = {
        "coefficients.csv": coefficients_csv(estimate),
        "fitted.csv": fitted_csv(design, prediction),
        "estimate.json": estimate_json(design, estimate, prediction, seed),
    }
    for name, text in files.items():
        write_atomic(out / name, text)
    return [out / name for name in files]


def _finite(value: float) -> float | None:
    return value if value == value else None


def _csv(rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def share_panels(design: Design, prediction: GamePrediction) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """``(title, observed (4,), predicted (4,))`` for all games and each US-Japan decade."""
    months = design.counts.sum(axis=1)
    predicted = prediction.outcomes * months[:, None]
    panels = [("all games", design.counts.sum(axis=0), predicted.sum(axis=0))]
    columns = design.columns
    if {"ccode1", "ccode2", "tenyear"} <= set(columns):
        dyad = (columns["ccode1"] == 2) & (columns["ccode2"] == 740)
        for decade in sorted(set(columns["tenyear"][dyad])):
            rows = dyad & (columns["tenyear"] == decade)
            panels.append((f"US-Japan {int(decade)}s", design.counts[rows].sum(axis=0), predicted[rows].sum(axis=0)))
    return panels
