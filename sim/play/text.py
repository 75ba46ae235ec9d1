"""What play mode prints: the situation, the payoff table, history, scores and debriefs.

Pure functions from the game's values to text (no printing here). Payoffs are US$ bn a
year, each cell of a table US first; the student's own payoff is in [brackets].
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sim.data.vocabulary import JAPAN_ACTIONS, US_ACTIONS
from sim.model.terms import TERMS
from sim.report.claims import compare
from sim.play.game import Benchmark, MatchState, RepeatedGame, Round
from sim.play.threat import CONCEDE, Episode, ThreatDebrief, ThreatGame

ACTIONS = {"us": US_ACTIONS, "japan": JAPAN_ACTIONS}
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

    def term(name: str) -> str:  # "W = 30.0": a term's symbol (from its record) and value
        return f"{TERMS[name].symbol} = {t[name]:.1f}"

    return [
        f"  Japan concede: offer the package the US wants ({term('concession_package')} "
        f"a year) and bear the {TERMS['audience_cost'].label} ({term('audience_cost')})",
        f"  Japan resist:  refuse; risk the tariffs ({term('tariff_cost_to_japan')}) "
        f"and a US link to security ({term('security_linkage_cost')})",
        "  US refrain:    no new tariffs",
        f"  US tariff:     impose them (they cost Japan {term('tariff_cost_to_japan')} "
        f"and the US itself {term('us_self_harm')} a year)",
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
    lines = [
        f"Payoffs, US$ bn a year (each cell: US, Japan{mark}):",
        f"  {'':<14}{'Japan concedes':>18}{'Japan resists':>18}",
    ]
    for i, label in enumerate(("US refrains", "US tariffs")):
        lines.append(f"  {label:<14}{cell(i, 0):>18}{cell(i, 1):>18}")
    return lines


def history_table(rounds: Sequence[Round], shown: int = HISTORY_SHOWN) -> list[str]:
    """The last ``shown`` rounds; ``*`` marks an action changed by noise."""
    if not rounds:
        return ["History: none yet."]
    first = max(0, len(rounds) - shown)
    lines = [
        f"History{' (last %d rounds)' % shown if first else ''}:",
        f"  {'round':>5}  {'US':<9}{'Japan':<9}{'US pay':>8}{'Japan pay':>11}",
    ]
    flipped = False
    for k, r in enumerate(rounds[first:], start=first + 1):
        us = ACTIONS["us"][r.us_action] + ("*" if r.us_action != r.us_intended else "")
        japan = ACTIONS["japan"][r.japan_action] + ("*" if r.japan_action != r.japan_intended else "")
        flipped |= "*" in us + japan
        lines.append(f"  {k:>5}  {us:<9}{japan:<9}{r.us_payoff:>8.1f}{r.japan_payoff:>11.1f}")
    if flipped:
        lines.append("  * changed by noise: the other action was meant")
    return lines


def scores_line(state: MatchState, game: RepeatedGame, names: Mapping[str, str]) -> str:
    """Running totals after the rounds played."""
    us, japan = state.totals()
    return (
        f"Score after {len(state.rounds)} of {game.rounds} rounds: {names['us']} {us:.1f}, {names['japan']} {japan:.1f}"
    )


def round_header(situation: Situation, game: RepeatedGame, k: int) -> list[str]:
    """The situation at the start of round ``k`` (1-based)."""
    return [f"=== Round {k} of {game.rounds} | {situation.title} ({situation.date})"]


def ratchet_line(computer_state: int, levels: int = 2) -> str:
    """The US ratchet's demand at the start of a round (its automaton's state, see
    :func:`sim.data.strategies.escalating_demand_automaton`: index ``2 (d - 1) + met``)."""
    demand = computer_state // 2 + 1
    meets = (
        "a concession this round meets it, so the US refrains next round"
        if demand < levels
        else "no concession meets it: the US imposes tariffs next round whatever you do; resisting lowers the demand"
    )
    return f"US demand: level {demand} of {levels}: {meets}."


def outcome_line(r: Round, names: Mapping[str, str]) -> str:
    """What happened this round."""
    notes = [
        f"{names[side]} meant to {ACTIONS[side][intended]}"
        for side, played, intended in (("us", r.us_action, r.us_intended), ("japan", r.japan_action, r.japan_intended))
        if played != intended
    ]
    text = (
        f"-> US {ACTIONS['us'][r.us_action]}, Japan {ACTIONS['japan'][r.japan_action]}: "
        f"US {r.us_payoff:.1f}, Japan {r.japan_payoff:.1f}"
    )
    return text + (f" (noise: {'; '.join(notes)})" if notes else "")


# ---------------------------------------------------------------- repeated debrief


def repeated_debrief(
    game: RepeatedGame, state: MatchState, equilibrium: Benchmark, classics: Sequence[Benchmark], summary: str
) -> list[str]:
    """The single-student debrief: totals against the benchmarks, and the lesson."""
    side, (other, _) = game.side, game.computer()
    totals = dict(zip(("us", "japan"), state.totals()))
    n = len(state.rounds)
    best = classics[0]
    rows = [
        (f"your total ({SIDE_NAMES[side]})", totals[side]),
        (f"{SIDE_NAMES[other]}'s total", totals[other]),
        (f"stage equilibrium every round ({equilibrium.description})", equilibrium.total(side)),
        (f"best classic rule: {best.strategy}", best.total(side)),
    ]
    lines = [
        f"=== Debrief: {n} round{'s' * (n != 1)} as {SIDE_NAMES[side]} against "
        f"{SIDE_NAMES[other]} playing {game.opponent}",
        f"{game.opponent}: {summary}",
        *aligned(rows),
        f"Classic rules on your side against {game.opponent}, {n} round{'s' * (n != 1)}:",
        *aligned(
            [
                (b.strategy + (f" (mean of {b.matches} matches)" if b.matches > 1 else ""), b.total(side))
                for b in classics
            ],
            indent=4,
        ),
        "Lesson: " + repeated_lesson(game, state, equilibrium, best),
    ]
    return lines


def aligned(rows: Sequence[tuple[str, float]], indent: int = 2) -> list[str]:
    """Label and number columns, numbers right-aligned."""
    width = max((len(label) for label, _ in rows), default=0)
    return [f"{' ' * indent}{label:<{width}}  {value + 0.0:>9.1f}" for label, value in rows]


def repeated_lesson(game: RepeatedGame, state: MatchState, equilibrium: Benchmark, best: Benchmark) -> str:
    """One paragraph in plain words: the one-shot answer, reactive rules, the student.

    Every comparison is a :func:`sim.report.claims.compare` clause of the totals it names.
    """
    side = game.side
    own = dict(zip(("us", "japan"), state.totals()))[side]
    eq, top = equilibrium.total(side), best.total(side)
    one_shot = f"repeating the one-shot answer of {equilibrium.description}"
    clause = compare(f"The best classic rule here is {best.strategy}: its total", top, one_shot, eq)
    if round(top, 1) > round(eq, 1):
        parts = [
            f"{clause}: the other side reacts to what you did, so a move that costs you "
            "this round can pay in the next ones."
        ]
    else:
        parts = [
            f"{clause}: against {game.opponent} a concession now buys no kinder "
            "treatment later, so the logic of the single round holds."
        ]
    parts.append(
        f"{compare('Your total', own, 'the best classic rule', top)}; "
        f"{compare('your total', own, 'the one-shot answer', eq)}."
    )
    if round(own, 1) < round(eq, 1):
        parts.append("Cooperation the other side did not reward cost you the difference.")
    if side == "japan" and game.opponent == "escalating_demand":
        parts.append(
            "Against a ratchet each concession raises the next demand (article 003: overtures that backfired)."
        )
    return " ".join(parts)


def deviation_lines(A: np.ndarray, B: np.ndarray, equilibrium: tuple[int, int] | None) -> list[str]:
    """Whether each side is tempted away from refrain-and-concede, and what that cell is
    worth to each side next to the stage equilibrium; every comparison from the payoffs."""
    us_gain = compare("  For the US, imposing tariffs on a conceding Japan", A[1, 0], "refraining", A[0, 0])
    japan_gain = compare("  For Japan, resisting a refraining US", B[0, 1], "conceding", B[0, 0])
    tempted = [
        name for name, a, b in (("the US", A[1, 0], A[0, 0]), ("Japan", B[0, 1], B[0, 0])) if round(a, 1) > round(b, 1)
    ]
    lines = [us_gain + ".", japan_gain + "."]
    if len(tempted) == 2:
        lines.append(
            "  Both sides are tempted to deviate for one round, so refrain-and-concede "
            "lasts only while each expects the other to punish a deviation and values "
            "the future enough (the folk theorem)."
        )
    elif tempted:
        lines.append(
            f"  Only {tempted[0]} is tempted to deviate, so refrain-and-concede lasts "
            f"only while {tempted[0]} expects to be punished and values the future "
            "enough (the folk theorem)."
        )
    else:
        lines.append("  Neither side is tempted to deviate: refrain-and-concede is an equilibrium of the single round.")
    if equilibrium is not None and tuple(equilibrium) != (0, 0):
        i, j = equilibrium
        for name, M in (("the US", A), ("Japan", B)):
            lines.append(
                "  "
                + compare(f"Refrain-and-concede for {name}", M[0, 0], "the stage equilibrium", M[i, j])
                + " a round."
            )
        if round(B[0, 0], 1) < round(B[i, j], 1):
            lines.append(
                "  So for Japan refrain-and-concede is not cooperation worth "
                "reaching: the stage equilibrium leaves it the larger payoff."
            )
    return lines


def two_student_debrief(
    game: RepeatedGame,
    state: MatchState,
    names: Mapping[str, str],
    references: Sequence[tuple[str, Benchmark]],
    equilibrium: tuple[int, int] | None = None,
) -> list[str]:
    """The two-student debrief: both totals against fixed profiles played every round."""
    us, japan = state.totals()
    n = len(state.rounds)
    rows = [(f"your totals ({names['us']}, {names['japan']})", us, japan)] + [
        (label, b.us_total, b.japan_total) for label, b in references
    ]
    width = max(len(row[0]) for row in rows)
    lines = [
        f"=== Debrief: {n} round{'s' * (n != 1)}, {names['us']} (US) against {names['japan']} (Japan)",
        f"  {'':<{width}}  {'US':>9}  {'Japan':>9}",
    ]
    lines += [f"  {label:<{width}}  {a + 0.0:>9.1f}  {b + 0.0:>9.1f}" for label, a, b in rows]
    both = sum(r.us_action == 0 and r.japan_action == 0 for r in state.rounds)
    lines.append(f"Lesson: you reached refrain-and-concede in {both} of {n} rounds.")
    return lines + deviation_lines(game.A, game.B, equilibrium)


# ---------------------------------------------------------------- threat game


def threat_round(game: ThreatGame, k: int, episodes: int, situation: Situation) -> list[str]:
    """The situation of one episode: the threat and what each response leads to."""
    o = game.outcomes
    res, bluff = o["resolved", 1], o["bluffing", 1]
    return [
        f"=== Threat {k} of {episodes} | {situation.title} ({situation.date})",
        "The US threatens tariffs unless Japan concedes. Resolved or a bluff?",
        f"Your prior: {game.prior:.0%} of these threats come from a resolved US.",
        f"  concede: you {o['resolved', 0].japan_payoff:.1f} (US {o['resolved', 0].us_payoff:.1f})",
        f"  resist:  a resolved US would {res.us_reply}: you {res.japan_payoff:.1f} (US {res.us_payoff:.1f})",
        f"           a bluffing US would {bluff.us_reply}: you {bluff.japan_payoff:.1f} (US {bluff.us_payoff:.1f})",
    ]


def episode_line(episode: Episode, total: float, bluffs: int, played: int) -> str:
    """What the threat turned out to be, what followed, and the running count and total."""
    o = episode.outcome
    what = "you conceded" if episode.response == CONCEDE else f"you resisted, it chose to {o.us_reply}"
    return (
        f"-> The US was {episode.us_type}; {what}: you {o.japan_payoff:.1f}, US "
        f"{o.us_payoff:.1f}. Bluffs so far {bluffs} of {played}; your total {total:.1f}"
    )


def threshold_line(game: ThreatGame) -> str:
    """What Japan's threshold belief means here, said as a probability only when it is one."""
    o, mu = game.outcomes, game.threshold
    if mu is None:
        return (
            "  beliefs do not matter: a resolved and a bluffing US reply alike to "
            f"resistance (both {o['resolved', 1].us_reply})"
        )
    if mu > 1:
        return "  no belief makes conceding pay: even against a surely resolved US, " + compare(
            "conceding", o["resolved", 0].japan_payoff, "resisting", o["resolved", 1].japan_payoff
        )
    if mu < 0:
        return "  conceding pays whatever Japan believes: even against a surely bluffing US, " + compare(
            "conceding", o["bluffing", 0].japan_payoff, "resisting", o["bluffing", 1].japan_payoff
        )
    return (
        f"  threshold belief mu* = {mu:.2f}: concede only if the threat is resolved with at "
        "least this probability; " + compare("the prior", game.prior, "the threshold", mu, digits=2, by=False)
    )


def threat_debrief_text(game: ThreatGame, d: ThreatDebrief) -> list[str]:
    """The threat game's debrief: bluffs, the threshold, the advice, totals, the lesson."""
    advice = JAPAN_ACTIONS[game.advice]
    share = f" ({d.bluffs / d.episodes:.0%})" if d.episodes else ""
    pbe = game.pbe
    lines = [
        f"=== Debrief: {d.episodes} threat{'s' * (d.episodes != 1)} as Japan",
        f"  bluffs: {d.bluffs} of {d.episodes}{share}; the prior expects {1 - game.prior:.0%}",
        threshold_line(game),
        f"  at the prior {game.prior:.2f} the equilibrium says: {advice}; "
        + compare(
            "the expected payoff of conceding",
            game.expected_japan(CONCEDE, game.prior),
            "that of resisting",
            game.expected_japan(1, game.prior),
        ),
        *aligned(
            [
                ("your total", d.student_total),
                (f"equilibrium, {advice} every time", d.equilibrium_total),
                ("always concede", d.always_concede_total),
                ("always resist", d.always_resist_total),
                ("with hindsight, knowing each type", d.hindsight_total),
            ]
        ),
        f"When the US also chooses whether to threaten (perfect Bayesian equilibrium): "
        f"{pbe.kind}; a bluffing US threatens with probability {pbe.threaten[1]:.2f}, "
        f"so a threat is resolved with probability {pbe.belief:.2f}, and Japan concedes "
        f"with probability {pbe.concede:.2f}.",
        "Lesson: " + threat_lesson(game, d),
    ]
    return lines


def threat_lesson(game: ThreatGame, d: ThreatDebrief) -> str:
    """One paragraph in plain words on bluffs and credibility, from this game's outcomes."""
    o = game.outcomes
    resolved, bluffing = o["resolved", 1].us_reply, o["bluffing", 1].us_reply
    if resolved != bluffing:
        replies = (
            f"After resistance a resolved US would {resolved} and a bluffing one would "
            f"{bluffing}, so resisting calls a bluff and a threat is worth only as much "
            "as the threatener's resolve."
        )
    else:
        replies = (
            f"After resistance a resolved and a bluffing US would both {resolved}, so "
            "here whether the threat is a bluff does not change what resisting brings."
        )
    mu = game.threshold
    if mu is None or not 0 <= mu <= 1:
        belief = f"{threshold_line(game).strip()}."
    else:
        belief = (
            f"Whether to concede depends on how likely resolve is: "
            f"{compare('the prior', game.prior, 'the threshold', mu, digits=2, by=False)}."
        )
    verdict = compare("Your total", d.student_total, "the equilibrium's", d.equilibrium_total)
    luck = (
        " That is luck with the draws: on average no rule blind to the type earns more."
        if round(d.student_total, 1) > round(d.equilibrium_total, 1)
        else ""
    )
    return f"{replies} {belief} {verdict}.{luck}"
