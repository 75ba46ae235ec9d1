"""Readable text from result records: outcomes in words, matrices, and the reasons.

Everything here reads :class:`sim.results.RunResult` records; nothing builds or solves
a game.
"""

from __future__ import annotations

from sim.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.results import RunResult
from sim.solvers import Equilibrium

US_WORDS = ("US refrains from new tariffs", "US imposes tariffs")
JAPAN_WORDS = ("Japan concedes", "Japan resists")
TERM_LABELS = {
    "tariff_cost_to_japan": "tariff cost to Japan (T)",
    "us_self_harm": "US self-harm of tariffs (H)",
    "concession_package": "concession package (W)",
    "concession_value_to_us": "value of concession to US (V)",
    "precedent_cost_to_us": "US precedent cost of backing down (P)",
    "tariff_value_to_us": "US value of tariffs per se (G)",
    "concession_cost_to_japan": "Japan's concession cost (K)",
    "audience_cost": "domestic audience cost (D)",
    "security_linkage_cost": "security linkage (L)",
    "outside_option_value": "outside option (O)",
    "tariff_saved_by_conceding": "tariff loss avoided by conceding",
    "deal_tariff_relief": "deal tariff relief (r, share)",
}


def outcome_words(eq: Equilibrium) -> str:
    """An equilibrium in words, e.g. ``Japan resists, US imposes tariffs``."""
    if eq.is_pure:
        return f"{JAPAN_WORDS[eq.col_strategy.index(1.0)]}, {US_WORDS[eq.row_strategy.index(1.0)]}"
    return (f"mixed: Japan concedes with probability {eq.col_strategy[0]:.2f}, "
            f"US imposes tariffs with probability {eq.row_strategy[1]:.2f}")


def headline(result: RunResult) -> str:
    """The run's equilibria in words, joined; flags degenerate games."""
    text = "; or ".join(outcome_words(eq) for eq in result.equilibria)
    return text + (" (ties: a continuum of equilibria, extreme points shown)"
                   if result.degenerate else "")


def reasons(result: RunResult) -> list[str]:
    """Why each side best-responds as it does, from the payoffs and named terms."""
    A, B, t = result.us_payoffs, result.japan_payoffs, result.terms
    lines = []
    for i, us_words in enumerate(("no tariffs", "tariffs")):
        concede, resist = B[i]
        choice = "concedes" if concede > resist else "resists" if resist > concede else "is indifferent"
        lines.append(f"Against {us_words} Japan {choice}: conceding pays {concede:.1f}, "
                     f"resisting {resist:.1f}.")
    lines.append(f"  Conceding costs Japan {t['concession_cost_to_japan']:.1f} (concessions) + "
                 f"{t['audience_cost']:.1f} (audience cost); resisting risks "
                 f"{t['security_linkage_cost']:.1f} (security linkage); tariffs cost "
                 f"{t['tariff_cost_to_japan']:.1f} (up to {t['outside_option_value']:.1f} of "
                 f"sales can be redirected), and conceding under tariffs saves "
                 f"{t['tariff_saved_by_conceding']:.1f} of that.")
    for j, japan_words in enumerate(("a conceding Japan", "a resisting Japan")):
        refrain, tariff = A[0][j], A[1][j]
        choice = ("imposes tariffs" if tariff > refrain else "refrains" if refrain > tariff
                  else "is indifferent")
        lines.append(f"Against {japan_words} the US {choice}: refraining pays {refrain:.1f}, "
                     f"tariffs {tariff:.1f} (self-harm {t['us_self_harm']:.1f}, value of "
                     f"tariffs per se {t['tariff_value_to_us']:.1f}).")
    return lines


def matrix_lines(result: RunResult) -> list[str]:
    """The bimatrix as text, US payoff first in each cell."""
    width = 22
    lines = [" " * 14 + "".join(f"Japan {a}".ljust(width) for a in JAPAN_ACTIONS)]
    for i, action in enumerate(US_ACTIONS):
        cells = "".join(f"{result.us_payoffs[i][j]:7.1f}, {result.japan_payoffs[i][j]:7.1f}"
                        .ljust(width) for j in range(len(JAPAN_ACTIONS)))
        lines.append(f"US {action}".ljust(14) + cells)
    return lines


def comparison_table(results: list[RunResult]) -> list[str]:
    """Side by side: one numbered column per run, one row per named term."""
    if not results:
        return []
    legend = [f"  [{k}] japan={r.japan}, scenario={r.scenario}"
              for k, r in enumerate(results, start=1)]
    header = ["", *(f"[{k}]" for k in range(1, len(results) + 1))]
    rows = [[TERM_LABELS.get(name, name), *(f"{r.terms[name]:.2f}" for r in results)]
            for name in results[0].terms]
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    table = ["  ".join(cell.rjust(w) if k else cell.ljust(w)
                       for k, (cell, w) in enumerate(zip(row, widths)))
             for row in [header, *rows]]
    return legend + table


def japan_margin(result: RunResult) -> str:
    """How much resisting beats conceding (or the reverse) when the US imposes tariffs."""
    concede, resist = result.japan_payoffs[1]
    if resist >= concede:
        return f"under tariffs resisting beats conceding by {resist - concede:.1f}"
    return f"under tariffs conceding beats resisting by {concede - resist:.1f}"


CLASS_WORDS = {"refrain/concede": "Japan concedes, US refrains",
               "refrain/resist": "Japan resists, US refrains",
               "tariff/concede": "Japan concedes, US imposes tariffs",
               "tariff/resist": "Japan resists, US imposes tariffs",
               "mixed": "mixed (Japan sometimes concedes)"}
PATH_WORDS = {"no threat": "the US makes no threat (status quo)", "threaten": "the US threatens",
              "concede": "Japan concedes", "resist": "Japan resists",
              "carry out": "the US imposes the tariffs", "back down": "the US backs down"}


def class_words(equilibrium_class: str) -> str:
    """``tariff/resist | mixed`` -> ``Japan resists, US imposes tariffs, or mixed``."""
    return ", or ".join(CLASS_WORDS.get(part, part) for part in equilibrium_class.split(" | "))


def levels_lines(result: RunResult) -> list[str]:
    """Equilibria of the concession-levels game, strategies named by their levels."""
    game = result.levels
    if game is None:
        return []
    lines = [f"Concession levels ({len(game.us_labels)} US tariff levels x "
             f"{len(game.japan_labels)} Japanese concession levels):"]
    for eq in game.equilibria:
        us = _mixture(game.us_labels, eq.row_strategy)
        japan = _mixture(game.japan_labels, eq.col_strategy)
        lines.append(f"  US {us}; Japan {japan} (US {eq.row_payoff:.1f}, Japan {eq.col_payoff:.1f})")
    return lines


def _mixture(labels, strategy) -> str:
    used = [(label, p) for label, p in zip(labels, strategy) if p > 1e-12]
    if len(used) == 1:
        return f"plays '{used[0][0]}'"
    return "mixes " + ", ".join(f"'{label}' {p:.2f}" for label, p in used)


def sequential_lines(result: RunResult) -> list[str]:
    """The threat game in words: subgame-perfect path and the PBE with uncertain resolve."""
    threat = result.sequential
    if threat is None:
        return []
    path = ", ".join(PATH_WORDS[step] for step in threat.spe_path)
    pbe = threat.pbe
    lines = [f"Threat game, complete information (subgame perfect): {path} "
             f"(US {threat.spe_payoffs[0]:.1f}, Japan {threat.spe_payoffs[1]:.1f}).",
             f"Uncertain resolve (prior {pbe.prior:.2f} that the US is resolved): {pbe.kind}; "
             f"Japan concedes to a threat with probability {pbe.concede:.2f}."]
    replies = ["carry out" if carry else "back down" for carry in pbe.carry_out]
    lines.append(f"  After resistance a resolved US would {replies[0]}, a bluffing one "
                 f"{replies[1]}." + (f" Japan concedes outright once its belief that the US is "
                                     f"resolved reaches {pbe.threshold:.2f}."
                                     if pbe.threshold is not None and 0 <= pbe.threshold <= 1
                                     else ""))
    return lines


def two_level_lines(result: RunResult) -> list[str]:
    """The ratification-constrained deal in words."""
    deal = result.two_level
    if deal is None:
        return []
    return [f"Two-level deal (Putnam): the US asks for a {deal.demand:.0%} concession "
            f"(Japan would accept up to {deal.acceptable_up_to:.0%}); ratification passes "
            f"with probability {deal.ratification_probability:.2f} (exponent "
            f"{deal.exponent:.2f} = public support for resisting / approval), so the "
            f"expected concession is {deal.expected_concession:.0%}."]


def deal_lines(result: RunResult) -> list[str]:
    """The bargaining predictions in words."""
    deal = result.deal
    if deal is None:
        return []
    fight = (f"if talks fail: US {deal.disagreement[0]:.1f}, Japan {deal.disagreement[1]:.1f}; "
             f"Japan's win-set caps concessions at {deal.win_set_cap:.0%}")
    if deal.nash is None:
        return [f"Deal ({fight}): no deal: {deal.note}."]
    def describe(bargain) -> str:
        capped = " (the win-set binds)" if bargain.concession >= deal.win_set_cap - 1e-6 else ""
        return (f"Japan concedes {bargain.concession:.0%}{capped} (gains over failure: US "
                f"{bargain.us_gain:+.1f}, Japan {bargain.japan_gain:+.1f})")
    return [f"Deal ({fight}):",
            f"  Nash bargaining, equal weights: {describe(deal.nash)}",
            f"  Nash bargaining, weights from patience (US {deal.us_weight:.2f}): "
            f"{describe(deal.nash_patience)}",
            f"  Rubinstein, US proposes, one round at a time: {describe(deal.rubinstein)}"
            + (f"; Japan's outside option (redirected trade) is worth "
               f"{deal.japan_outside_gain:.1f}" if deal.japan_outside_gain else "")]


def repeated_lines(result: RunResult) -> list[str]:
    """The repeated game in words: the presets' strategies, their payoffs, the tournament."""
    rep = result.repeated
    if rep is None:
        return []
    _, us_total, japan_total = rep.cumulative[-1]
    best = ", ".join(f"{name} {japan:.1f}" for name, japan, _ in rep.tournament[:3])
    rank = [name for name, _, _ in rep.tournament].index(rep.japan_strategy) + 1 \
        if rep.japan_strategy in [name for name, _, _ in rep.tournament] else None
    thresholds = ", ".join(f"{name} from delta = {value:.2f}" if value is not None
                           else f"{name} never" for name, value in
                           (("grim trigger", rep.grim_trigger_threshold),
                            ("tit-for-tat", rep.tit_for_tat_threshold)))
    lines = [f"Repeated game ({rep.turns} rounds, noise {rep.noise:g}, {rep.matches} matches): "
             f"US {rep.us_strategy} vs Japan {rep.japan_strategy}: mean totals US "
             f"{us_total:.1f}, Japan {japan_total:.1f}; (refrain, concede) in "
             f"{rep.cooperation:.0%} of rounds.",
             f"  Japan's best replies to {rep.us_strategy} (payoff per round): {best}"
             + (f"; {rep.japan_strategy} ranks {rank} of {len(rep.tournament)}." if rank else "."),
             f"  Folk theorem: mutual cooperation is sustainable under {thresholds}."]
    return lines


def tipping_lines(result: RunResult, most: int = 8) -> list[str]:
    """The nearest tipping points that change the current equilibrium, nearest first."""
    current = " | ".join(_class_of(eq) for eq in result.equilibria)
    candidates = {}
    for point in result.tipping_points:
        rising = point.value > point.current
        if (point.below if rising else point.above) != current:
            continue
        distance = abs(point.value - point.current) / max(abs(point.current), 1e-9)
        key = (point.parameter, rising)
        if key not in candidates or distance < candidates[key][0]:
            candidates[key] = (distance, point, rising)
    nearest = sorted(candidates.values(), key=lambda item: item[0])[:most]
    lines = ["Tipping points (one parameter at a time; all in tipping_points.csv):"]
    for _, point, rising in nearest:
        after = point.above if rising else point.below
        lines.append(f"  {point.parameter} {'above' if rising else 'below'} {point.value:.4g} "
                     f"{point.unit} (now {point.current:.4g}): -> {class_words(after)}")
    return lines if nearest else []


def _class_of(eq: Equilibrium) -> str:
    if not eq.is_pure:
        return "mixed"
    return f"{US_ACTIONS[eq.row_strategy.index(1.0)]}/{JAPAN_ACTIONS[eq.col_strategy.index(1.0)]}"


def summary_text(results: list[RunResult]) -> str:
    """The whole printed summary: outcomes, then each run's matrix and reasons, then terms."""
    lines = ["Gaiatsu: equilibria of the concede/resist stage game "
             "(payoffs in US$ bn a year; US payoff first)", ""]
    for result in results:
        lines.append(f"* {result.japan_label} | {result.scenario_title} ({result.scenario_date})")
        lines.append(f"    -> {headline(result)} ({japan_margin(result)})")
    for result in results:
        lines += ["", f"== {result.scenario} with japan={result.japan}, us={result.us}",
                  *matrix_lines(result), f"Equilibrium: {headline(result)}",
                  *reasons(result), *levels_lines(result), *sequential_lines(result),
                  *two_level_lines(result), *deal_lines(result), *repeated_lines(result),
                  *tipping_lines(result)]
    lines += ["", "Payoff terms side by side (US$ bn a year):", *comparison_table(results)]
    return "\n".join(lines) + "\n"
