"""Tables of the probabilistic backtest: scores of each forecast, and one row per case.

Reads scored forecasts (:mod:`sim.analysis.forecast_fit`); computes no model. Written atomically
(:func:`sim.io.safe_files.write_atomic`): ``forecast.csv`` (one row per case), ``forecast.json``
(scores, fitted parameters, weights, warnings) and ``forecast.txt``. Same input, same
bytes: every number is rounded before it is written.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sim.analysis.forecast import CLASSES, MODELS
from sim.analysis.forecast_fit import ScoredCase, scored_names, summary
from sim.io.results import records_csv
from sim.io.safe_files import write_atomic

_SHORT = {"concession": "conc", "concession_under_tariffs": "c.u.t.", "standoff": "stand", "us_backs_down": "backs"}


def case_rows(scored: Sequence[ScoredCase]) -> list[dict]:
    """One row per case: the record, the era preset, and each forecast's probabilities."""
    rows = []
    for item in scored:
        row: dict[str, str | float] = {
            "case": item.case.name,
            "date": item.case.scenario.date,
            "us_preset": item.us_preset,
            "actual": item.case.outcome.outcome_class,
        }
        for name in scored_names(scored):
            for cls, p in zip(CLASSES, item.forecasts[name]):
                row[f"{name}:{cls}"] = round(float(p), 4)
        row["bargain_concession"] = round(item.bargain_concession, 4)
        row["actual_concession"] = item.case.outcome.concession_size.value
        rows.append(row)
    return rows


def scores_text(scored: Sequence[ScoredCase], title: str) -> str:
    """The score table and the per-case combined forecasts, as plain text."""
    table = summary(scored)
    lines = [title, "", f"{'forecast':<12} {'log score':>10} {'Brier':>7} {'hit rate':>9}"]
    for name in table:
        s = table[name]
        lines.append(f"{name:<12} {s['log_score']:>10.3f} {s['brier']:>7.3f} {s['hit_rate']:>9.0%}")
    lines += [
        "",
        "log score: mean ln p(actual class), higher is better; Brier: 0 best, 2 worst;",
        "every probability floored at 0.01. Baselines: era_rates (each US preset's",
        "class rates, shrunk towards its era group's), base rates and majority class",
        "of the training cases"
        + ("; record_based: the crisis game estimated on the TIES record" if "record_based" in table else "")
        + ".",
        "",
        "combined forecast per case (" + ", ".join(f"{_SHORT[c]} = {c}" for c in CLASSES) + "):",
        f"{'case':<34} {'US preset':<13} " + " ".join(f"{_SHORT[c]:>6}" for c in CLASSES) + "  actual",
    ]
    for item in scored:
        probs = " ".join(f"{p:>6.2f}" for p in item.forecasts["combined"])
        lines.append(f"{item.case.name[:34]:<34} {item.us_preset:<13} {probs}  {item.case.outcome.outcome_class}")
    warnings = sorted({w for item in scored for w in item.fitted.warnings})
    if warnings:
        lines += ["", "warning: estimates on the bound of their range in some fit (the structure may be wrong):"] + [
            f"  {w}" for w in warnings
        ]
    return "\n".join(lines) + "\n"


def write_forecast(scored: Sequence[ScoredCase], out_dir: Path, title: str, method: str) -> str:
    """Write ``forecast.csv``, ``forecast.json`` and ``forecast.txt``; return the text."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows, text = case_rows(scored), scores_text(scored, title)
    fits = [
        {
            "case": item.case.name,
            "parameters": dict(item.fitted.parameters),
            "weights": dict(item.fitted.weights),
            "warnings": list(item.fitted.warnings),
        }
        for item in scored
    ]
    document = {
        "method": method,
        "classes": list(CLASSES),
        "models": list(MODELS),
        "scores": {k: {m: round(v, 6) for m, v in s.items()} for k, s in summary(scored).items()},
        "fits": fits,
        "cases": rows,
    }
    write_atomic(out_dir / "forecast.csv", records_csv(rows))
    write_atomic(out_dir / "forecast.json", json.dumps(document, indent=1) + "\n")
    write_atomic(out_dir / "forecast.txt", text)
    return text + f"Written to {out_dir}: forecast.csv, forecast.json, forecast.txt\n"
