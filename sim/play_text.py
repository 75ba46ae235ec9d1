"""What play mode prints: the situation, the payoff table, history, scores and debriefs.

Pure functions from the game's values to text (no printing here). Payoffs are US$ bn a
year, each cell of a table US first; the student's own payoff is in [brackets].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sim.play_game import Benchmark, MatchState, RepeatedGame, Round
from sim.play_threat import CONCEDE, Episode, ThreatDebrief, ThreatGame

ACTIONS = {"us": ("refrain", "tariff"), "japan": ("concede", "resist")}
SIDE_NAMES = {"us": "the US", "japan": "Japan"}
#: Rounds of history shown each round (the debrief and the log keep them all).
HISTORY_SHOWN = 8


@dataclass(frozen=True)
class Situation:
    """Who is who: the scenario's title and date, the presets' labels, the payoff terms."""

    title: str
    date: str
    japan_label: str
    us_label: str
    terms: Mapping[str, float]


def action_meanings(situation: Situation) -> list[str]:
    """One line on what each action means, with the size of the named terms."""
    t = situation.terms
    return [
        f"  Japan concede: offer the package the US wants (W = {t['concession_package']:.1f} "
        f"a year) and bear the domestic audience cost (D = {t['audience_cost']:.1f})",
        f"  Japan resist:  refuse; risk the tariffs (T = {t['tariff_cost_to_japan']:.1f}) "
        f"and a US link to security (L = {t['security_linkage_cost']:.1f})",
        "  US refrain:    no new tariffs",
        f"  US tariff:     impose them (they cost Japan T = {t['tariff_cost_to_japan']:.1f} "
        f"and the US itself H = {t['us_self_harm']:.1f} a year)",
    ]


def payoff_table(A: np.ndarray, B: np.ndarray, student: str | None) -> list[str]:
    """The 2x2 table, each cell ``US, Japan``; the student's payoffs in [brackets]."""
    def cell(i: int, j: int) -> str:
        us, japan = f"{A[i, j]:.1f}", f"{B[i, j]:.1f}"
        if student == "us":
            us = f"[{us}]"
        elif student == "japan":
            japan = f"[{japan}]"
        return f"{us}, {japan}"
    mark = "" if student is None else f"; yours ({SIDE_NAMES[student]}) in [brackets]"
    lines = [f"Payoffs, US$ bn a year (each cell: US, Japan{mark}):",
             f"  {'':<14}{'Japan concedes':>18}{'Japan resists':>18}"]
    for i, label in enumerate(("US refrains", "US tariffs")):
        lines.append(f"  {label:<14}{cell(i, 0):>18}{cell(i, 1):>18}")
    return lines


def history_table(rounds: Sequence[Round], shown: int = HISTORY_SHOWN) -> list[str]:
    """The last ``shown`` rounds; ``*`` marks an action changed by noise."""
    if not rounds:
        return ["History: none yet."]
    first = max(0, len(rounds) - shown)
    lines = [f"History{' (last %d rounds)' % shown if first else ''}:",
             f"  {'round':>5}  {'US':<9}{'Japan':<9}{'US pay':>8}{'Japan pay':>11}"]
    flipped = False
    for k, r in enumerate(rounds[first:], start=first + 1):
        us = ACTIONS["us"][r.us_action] + ("*" if r.us_action != r.us_intended else "")
        japan = ACTIONS["japan"][r.japan_action] + (
            "*" if r.japan_action != r.japan_intended else "")
        flipped |= "*" in us + japan
        lines.append(f"  {k:>5}  {us:<9}{japan:<9}{r.us_payoff:>8.1f}{r.japan_payoff:>11.1f}")
    if flipped:
        lines.append("  * changed by noise: the other action was meant")
    return lines


def scores_line(state: MatchState, game: RepeatedGame, names: Mapping[str, str]) -> str:
    """Running totals after the rounds played."""
    us, japan = state.totals()
    return (f"Score after {len(state.rounds)} of {game.rounds} rounds: "
            f"{names['us']} {us:.1f}, {names['japan']} {japan:.1f}")


def round_header(situation: Situation, game: RepeatedGame, k: int) -> list[str]:
    """The situation at the start of round ``k`` (1-based)."""
    return [f"=== Round {k} of {game.rounds} | {situation.title} ({situation.date})"]


def outcome_line(r: Round, names: Mapping[str, str]) -> str:
    """What happened this round."""
    notes = [f"{names[side]} meant to {ACTIONS[side][intended]}"
             for side, played, intended in (("us", r.us_action, r.us_intended),
                                            ("japan", r.japan_action, r.japan_intended))
             if played != intended]
    text = (f"-> US {ACTIONS['us'][r.us_action]}, Japan {ACTIONS['japan'][r.japan_action]}: "
            f"US {r.us_payoff:.1f}, Japan {r.japan_payoff:.1f}")
    return text + (f" (noise: {'; '.join(notes)})" if notes else "")


# ---------------------------------------------------------------- repeated debrief

def repeated_debrief(game: RepeatedGame, state: MatchState, equilibrium: Benchmark,
                     classics: Sequence[Benchmark], summary: str) -> list[str]:
    """The single-student debrief: totals against the benchmarks, and the lesson."""
    side, other = game.side, game.computer_side
    totals = dict(zip(("us", "japan"), state.totals()))
    n = len(state.rounds)
    best = classics[0]
    rows = [(f"your total ({SIDE_NAMES[side]})", totals[side]),
            (f"{SIDE_NAMES[other]}'s total", totals[other]),
            (f"stage equilibrium every round ({equilibrium.description})",
             equilibrium.total(side)),
            (f"best classic rule: {best.strategy}", best.total(side))]
    lines = [f"=== Debrief: {n} round{'s' * (n != 1)} as {SIDE_NAMES[side]} against "
             f"{SIDE_NAMES[other]} playing {game.opponent}",
             f"{game.opponent}: {summary}", *aligned(rows),
             f"Classic rules on your side against {game.opponent}, {n} round{'s' * (n != 1)}:",
             *aligned([(b.strategy + (f" (mean of {b.matches} matches)" if b.matches > 1
                                      else ""), b.total(side)) for b in classics], indent=4),
             "Lesson: " + repeated_lesson(game, state, equilibrium, best)]
    return lines


def aligned(rows: Sequence[tuple[str, float]], indent: int = 2) -> list[str]:
    """Label and number columns, numbers right-aligned."""
    width = max((len(label) for label, _ in rows), default=0)
    return [f"{' ' * indent}{label:<{width}}  {value + 0.0:>9.1f}" for label, value in rows]


def repeated_lesson(game: RepeatedGame, state: MatchState, equilibrium: Benchmark,
                    best: Benchmark) -> str:
    """One paragraph in plain words: the one-shot answer, reactive rules, the student."""
    side = game.side
    own = dict(zip(("us", "japan"), state.totals()))[side]
    eq, top = equilibrium.total(side), best.total(side)
    if top > eq + 1e-9:
        parts = [f"Repeating the one-shot answer ({equilibrium.description}) earned {eq:.1f}, "
                 f"but {best.strategy} earned {top:.1f}: the other side reacts to what you "
                 "did, so a move that costs you this round can pay in the next ones."]
    else:
        parts = [f"No classic rule beat the one-shot answer ({equilibrium.description}, "
                 f"{eq:.1f}): against {game.opponent} a concession now buys no better "
                 "treatment later, so the logic of the single round holds."]
    if own >= top - 1e-9:
        parts.append(f"Your {own:.1f} matched or beat every classic rule.")
    elif own > eq + 1e-9:
        parts.append(f"Your {own:.1f} beat the one-shot answer but not {best.strategy}.")
    elif own >= eq - 1e-9:
        parts.append(f"Your {own:.1f} matched the one-shot answer but not {best.strategy}.")
    else:
        parts.append(f"Your {own:.1f} fell {eq - own:.1f} short of the one-shot answer: "
                     "cooperation the other side did not reward cost you.")
    if side == "japan" and game.opponent == "escalating_demand":
        parts.append("Against a ratchet each concession raises the next demand "
                     "(article 003: overtures that backfired).")
    return " ".join(parts)


def two_student_debrief(game: RepeatedGame, state: MatchState, names: Mapping[str, str],
                        references: Sequence[tuple[str, Benchmark]]) -> list[str]:
    """The two-student debrief: both totals against fixed profiles played every round."""
    us, japan = state.totals()
    n = len(state.rounds)
    rows = [(f"your totals ({names['us']}, {names['japan']})", us, japan)] + [
        (label, b.us_total, b.japan_total) for label, b in references]
    width = max(len(row[0]) for row in rows)
    lines = [f"=== Debrief: {n} round{'s' * (n != 1)}, {names['us']} (US) against "
             f"{names['japan']} (Japan)", f"  {'':<{width}}  {'US':>9}  {'Japan':>9}"]
    lines += [f"  {label:<{width}}  {a + 0.0:>9.1f}  {b + 0.0:>9.1f}" for label, a, b in rows]
    both = sum(r.us_action == 0 and r.japan_action == 0 for r in state.rounds)
    lines.append(f"Lesson: you reached (refrain, concede) in {both} of {n} rounds. Each side "
                 "gains from deviating in a single round, so mutual cooperation lasts only "
                 "while each expects the other to punish a deviation and values the future "
                 "enough (the folk theorem).")
    return lines


# ---------------------------------------------------------------- threat game

def threat_round(game: ThreatGame, k: int, episodes: int, situation: Situation) -> list[str]:
    """The situation of one episode: the threat and what each response leads to."""
    o = game.outcomes
    res, bluff = o["resolved", 1], o["bluffing", 1]
    return [f"=== Threat {k} of {episodes} | {situation.title} ({situation.date})",
            "The US threatens tariffs unless Japan concedes. Resolved or a bluff?",
            f"Your prior: {game.prior:.0%} of these threats come from a resolved US.",
            f"  concede: you {o['resolved', 0].japan_payoff:.1f} (US "
            f"{o['resolved', 0].us_payoff:.1f})",
            f"  resist:  a resolved US would {res.us_reply}: you {res.japan_payoff:.1f} (US "
            f"{res.us_payoff:.1f})",
            f"           a bluffing US would {bluff.us_reply}: you {bluff.japan_payoff:.1f} "
            f"(US {bluff.us_payoff:.1f})"]


def episode_line(episode: Episode, total: float, bluffs: int, played: int) -> str:
    """What the threat turned out to be, what followed, and the running count and total."""
    o = episode.outcome
    what = ("you conceded" if episode.response == CONCEDE
            else f"you resisted, it chose to {o.us_reply}")
    return (f"-> The US was {episode.us_type}; {what}: you {o.japan_payoff:.1f}, US "
            f"{o.us_payoff:.1f}. Bluffs so far {bluffs} of {played}; your total {total:.1f}")


def threat_debrief_text(game: ThreatGame, d: ThreatDebrief) -> list[str]:
    """The threat game's debrief: bluffs, the threshold, the advice, totals, the lesson."""
    advice = ("concede", "resist")[game.advice]
    share = f" ({d.bluffs / d.episodes:.0%})" if d.episodes else ""
    mu = "none (beliefs do not matter)" if game.threshold is None else f"{game.threshold:.2f}"
    pbe = game.pbe
    lines = [f"=== Debrief: {d.episodes} threat{'s' * (d.episodes != 1)} as Japan",
             f"  bluffs: {d.bluffs} of {d.episodes}{share}; the prior expects "
             f"{1 - game.prior:.0%}",
             f"  threshold belief mu* = {mu}: concede only if the threat is resolved "
             "with at least this probability",
             f"  at the prior {game.prior:.2f} the equilibrium says: {advice} (expected "
             f"{game.expected_japan(CONCEDE, game.prior):.1f} conceding, "
             f"{game.expected_japan(1, game.prior):.1f} resisting)",
             *aligned([("your total", d.student_total),
                       (f"equilibrium ({advice} every time)", d.equilibrium_total),
                       ("always concede", d.always_concede_total),
                       ("always resist", d.always_resist_total),
                       ("with hindsight (knowing each type)", d.hindsight_total)]),
             f"When the US also chooses whether to threaten (perfect Bayesian equilibrium): "
             f"{pbe.kind}; a bluffing US threatens with probability {pbe.threaten[1]:.2f}, "
             f"so a threat is resolved with probability {pbe.belief:.2f}, and Japan concedes "
             f"with probability {pbe.concede:.2f}.",
             "Lesson: " + threat_lesson(game, d)]
    return lines


def threat_lesson(game: ThreatGame, d: ThreatDebrief) -> str:
    """One paragraph in plain words on bluffs and credibility."""
    advice = ("concede", "resist")[game.advice]
    gap = d.student_total - d.equilibrium_total
    verdict = (f"You did {gap:.1f} better than the equilibrium: luck with the draws, "
               "since no rule that cannot see the type does better on average."
               if gap > 1e-9 else "You matched the equilibrium." if gap > -1e-9 else
               f"You did {-gap:.1f} worse than the equilibrium.")
    return (f"A threat is worth only as much as the threatener's resolve. A bluffing US "
            f"would rather back down than hurt itself, so resisting calls the bluff; a "
            f"resolved one carries out. Whether to {advice} depends on how likely resolve "
            f"is: here the prior {game.prior:.2f} against the threshold "
            f"{'-' if game.threshold is None else f'{game.threshold:.2f}'}. {verdict}")
