"""The backtest's table: rows for reports, the printed text, and the files of a run.

Nothing here computes a model: the functions read a :class:`sim.analysis.backtest.BacktestResult`.
:func:`report_rows` gives one flat record per case (for the main job's report or the
README); :func:`write_backtest` writes ``backtest.csv``, ``backtest.json`` and
``backtest.txt`` atomically and returns the text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sim.analysis.backtest import CALIBRATED, DEFAULTS, FIXED_JAPAN, BacktestResult, CaseResult
from sim.analysis.backtest import hit_rates, majority_baseline
from sim.data.outcome import CONCEDE_FROM, RESIST_BELOW
from sim.io.results import records_csv
from sim.io.safe_files import write_atomic

_COLUMNS = ("case", "reached", "static (LOO)", "sequential (LOO)", "actual", "hit s/q", "conc. pred/act", "margin")
_WIDTHS = (29, 10, 25, 16, 24, 7, 14, 6)


def report_rows(result: BacktestResult) -> list[dict]:
    """One record per case: record, leave-one-out predictions, fold parameters, in-sample class.

    ``margin_under_tariffs``: Japan's payoff from resisting minus conceding under tariffs
    (US$ bn a year); concessions are shares of the US demand in [0, 1].
    """
    rows = []
    for loo, inside in zip(result.leave_one_out, result.in_sample):
        case, outcome, p = loo.case, loo.case.outcome, loo.prediction
        rows.append(
            {
                "case": case.name,
                "title": case.scenario.title,
                "date": case.scenario.date,
                "reached": outcome.reached,
                "months": outcome.months,
                "actual_class": outcome.outcome_class,
                "actual_japan": outcome.japan,
                "actual_us": outcome.us,
                "actual_concession": round(outcome.concession_size.value, 4),
                "actual_concession_kind": outcome.concession_size.provenance.kind,
                **{f"fold_{name}": loo.parameters[name] for name in CALIBRATED},
                "static_class": p.static_class,
                "static_note": p.static_note,
                "static_hit": loo.static_hit,
                "sequential_class": p.sequential_class,
                "sequential_hit": loo.sequential_hit,
                "threat_concede_probability": round(p.threat_concede_probability, 4),
                "predicted_concession": round(p.bargain_concession, 4),
                "concession_error": round(loo.bargain_error, 4),
                "bargaining_hit": loo.bargain_hit,
                "margin_under_tariffs": round(p.margin_under_tariffs, 4),
                "in_sample_static_class": inside.prediction.static_class,
                "in_sample_sequential_class": inside.prediction.sequential_class,
                "in_sample_predicted_concession": round(inside.prediction.bargain_concession, 4),
            }
        )
    return rows


def _rates_line(results: Sequence[CaseResult]) -> str:
    n, rates = len(results), hit_rates(results)
    parts = [
        f"{model} {round(rates[model] * n)}/{n} ({rates[model]:.0%})"
        for model in ("static", "sequential", "bargaining")
    ]
    return ", ".join(parts) + f"; bargaining mean absolute error {rates['bargaining_mae']:.2f}"


def _parameters(values) -> str:
    return ", ".join(f"{name}={values[name]:g}" for name in CALIBRATED)


def _table_line(cells: Sequence[str]) -> str:
    return " ".join(str(cell).ljust(width) for cell, width in zip(cells, _WIDTHS)).rstrip()


def backtest_text(result: BacktestResult) -> str:
    """The printed report: the table, the hit rates, and how the parameters were fitted."""
    n = len(result.leave_one_out)
    lines = [
        f"Backtest of {n} historical cases against the static, sequential and bargaining models.",
        "One fixed parameter set for every case: Japan's weights 1 and patience "
        f"{FIXED_JAPAN.patience:g} (no leader preset); the US the trump_2025 preset's values.",
        f"Calibrated by grid search: {', '.join(CALIBRATED)}.",
        "Predictions are leave-one-out: each case is predicted with parameters fitted on the other cases only.",
        "",
        _table_line(_COLUMNS),
        _table_line(["-" * w for w in _WIDTHS]),
    ]
    for row in report_rows(result):
        hits = ("+" if row["static_hit"] else "-") + "/" + ("+" if row["sequential_hit"] else "-")
        static = row["static_class"] + ("*" if row["static_note"] != "pure" else "")
        lines.append(
            _table_line(
                [
                    row["case"],
                    row["reached"].split()[0],
                    static,
                    row["sequential_class"],
                    row["actual_class"],
                    hits,
                    f"{row['predicted_concession']:.2f} / {row['actual_concession']:.2f}",
                    f"{row['margin_under_tariffs']:+.1f}",
                ]
            )
        )
    cases = [r.case for r in result.leave_one_out]
    naive = sum(f == c.outcome.outcome_class for f, c in zip(majority_baseline(cases), cases))
    lines += [
        "",
        f"Hit rate, leave-one-out: {_rates_line(result.leave_one_out)}",
        f"Naive baseline (the most common class of the other cases): {naive}/{n} ({naive / n:.0%})",
        "Fitted per fold (the held-out case was never seen by its fit):",
    ]
    lines += [f"  without {r.case.name}: {_parameters(r.parameters)}" for r in result.leave_one_out]
    lines += [
        f"In-sample, for comparison (fit on all {n} cases: "
        f"{_parameters(result.in_sample_parameters)}): {_rates_line(result.in_sample)}",
        f"Uncalibrated ({_parameters(DEFAULTS)}): {_rates_line(result.defaults)}",
        "",
        "* a mixed equilibrium: its most probable cell is shown. hit s/q: static and sequential class hits.",
        "Bargaining hit: the Nash concession falls in the band of Japan's coded response "
        f"(resist < {RESIST_BELOW:g} <= partial < {CONCEDE_FROM:g} <= concede).",
        "margin: Japan's payoff from resisting minus conceding under tariffs (US$ bn a year; > 0: resisting pays).",
        "Actual concessions are coded judgments (assumed, with ranges): see each case's outcome block.",
    ]
    return "\n".join(lines) + "\n"


def write_backtest(result: BacktestResult, out_dir: Path) -> str:
    """Write ``backtest.csv``, ``backtest.json`` and ``backtest.txt``; return the text."""
    out_dir = Path(out_dir)
    rows, text = report_rows(result), backtest_text(result)
    summary = {
        "calibrated": list(CALIBRATED),
        "method": "leave-one-out grid search",
        "leave_one_out": hit_rates(result.leave_one_out),
        "in_sample": hit_rates(result.in_sample),
        "in_sample_parameters": dict(result.in_sample_parameters),
        "uncalibrated": hit_rates(result.defaults),
        "defaults": dict(DEFAULTS),
        "naive_baseline_forecasts": majority_baseline([r.case for r in result.leave_one_out]),
        "cases": rows,
    }
    write_atomic(out_dir / "backtest.csv", records_csv(rows))
    write_atomic(out_dir / "backtest.json", json.dumps(summary, indent=1) + "\n")
    write_atomic(out_dir / "backtest.txt", text)
    return text + f"Written to {out_dir}: backtest.csv, backtest.json, backtest.txt\n"
