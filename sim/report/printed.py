"""The printed summary of a run (``python -m sim``'s standard output): each run's outcome and
forecast, its matrix and reasons, why the models differ, and the payoff terms side by side.
Built from the result records by the helpers of :mod:`sim.report.summary` and
:mod:`sim.report.reconcile`."""

from __future__ import annotations

from sim.analysis.forecast_run import forecast_lines
from sim.io.records import RunResult
from sim.report.document import text_of
from sim.report.reconcile import conclusion_text, why_lines
from sim.report.summary import comparison_table, headline, japan_margin, matrix_lines, run_lines


def summary_text(results: list[RunResult], forecasts: list | None = None) -> str:
    """The whole printed summary: outcomes, then each run's matrix and reasons, then terms.

    With ``forecasts`` (:class:`sim.analysis.forecast_run.RunForecast`, one per run), each run's
    combined forecast and its reasons come first and follow its static equilibrium; without
    them (``calibration=none``) the one answer is the threat game with uncertain resolve.
    Each run's section ends with why the models differ, written from its numbers.
    """
    lines = ["Gaiatsu: equilibria of the concede/resist stage game (payoffs in US$ bn a year; US payoff first)", ""]
    if forecasts:
        lines += [
            "Each run: 'forecast:' the combined forecast of all models with parameters fitted on the case library",
            "(docs/cases.md), and why; '->' the static equilibrium under the article-only parameters",
            "(calibration=none), which the rest of this summary explains.",
            "",
        ]
    else:
        lines += [
            "What happens (the threat game with uncertain US resolve; the other models "
            "below and side by side in report.html):"
        ]
        lines += [f"* {r.japan_label.split(':')[0]} | {r.scenario_title}: {conclusion_text(r)}" for r in results]
        lines.append("")
    by_label = {f.label: f for f in forecasts or []}
    for result in results:
        lines.append(f"* {result.japan_label} | {result.scenario_title} ({result.scenario_date})")
        forecast = forecast_lines(by_label[result.label]) if result.label in by_label else []
        lines += forecast[:1]
        lines.append(f"    -> {headline(result)} ({japan_margin(result)})")
        lines += forecast[1:]
    for result in results:
        lines += [
            "",
            f"== {result.scenario} with japan={result.japan}, us={result.us}",
            *matrix_lines(result),
            f"Equilibrium: {headline(result)}",
            *map(text_of, run_lines(result)),
            "Why the models differ:",
            *(f"  {text_of(line)}" for line in why_lines(result)),
        ]
    lines += ["", "Payoff terms side by side (US$ bn a year):", *comparison_table(results)]
    return "\n".join(lines) + "\n"
