"""One reconciled answer per run, and why the models differ, from the result records.

The six models of a run answer different questions, so they seem to disagree: the
simultaneous game says Japan resists, the threat game that it concedes, the bargaining
model that it gives a quarter of the demand. The reconciled answer is the threat game with
uncertain US resolve: it is the one model with both features of every case (the US
answers Japan's move, and Japan cannot see whether the US is resolved); the simultaneous
game drops the first, the complete-information threat game the second. Bargaining then
says how large a concession is, and the repeated game what happens over many rounds.
:func:`why_lines` says, from the numbers, what each simplification changes. Nothing here
builds or solves a game: it reads :class:`sim.io.records.RunResult` records.
"""

from __future__ import annotations

from sim.report.claims import compare_parts
from sim.report.document import Text, text_of
from sim.report.summary import fact_ref, model_ref, payoff_ref
from sim.io.records import RunResult

REPLY_WORDS = {"carry out": "the US imposing tariffs", "back down": "the US backing down"}


def static_answer(result: RunResult) -> str:
    """The simultaneous game's answer for Japan: resists, concedes, or a probability."""
    shares = sorted({round(eq.col_strategy[0], 2) for eq in result.equilibria})
    if shares == [0.0]:
        return "resists"
    if shares == [1.0]:
        return "concedes"
    return " or ".join(f"concedes with probability {p:.2f}" for p in shares)


def threat_answer(result: RunResult) -> str:
    """The complete-information threat game's answer (subgame-perfect path)."""
    path = result.analysis("sequential").spe_path
    if "concede" in path:
        return "concedes"
    if "resist" in path:
        return "resists; " + ("tariffs follow" if "carry out" in path else "the US backs down")
    return "is not threatened (it would resist)"


def deal_share(result: RunResult) -> float | None:
    """The bargained concession (Rubinstein, the US proposing), None without a deal."""
    deal = result.deal
    return deal.rubinstein.concession if deal and deal.rubinstein else None


def answers_row(result: RunResult) -> tuple[Text, ...]:
    """The models' answers for one run, as table cells (each linked to its model)."""
    pbe = result.analysis("sequential").pbe
    share = deal_share(result)
    rep = result.repeated
    return (
        (model_ref(static_answer(result), "static"),),
        (model_ref(threat_answer(result), "threat"),),
        (
            model_ref(f"{pbe.concede:.0%}", "threat"),
            " at prior ",
            fact_ref(result, "resolve_prior", f"{pbe.prior:.2f}"),
        ),
        (model_ref(f"{share:.0%}", "bargaining") if share is not None else "no deal",),
        (model_ref(f"{rep.cooperation:.0%}", "repeated"),) if rep else ("",),
    )


ANSWER_HEADER = (
    "Simultaneous game: Japan",
    "Threat game, resolve known: Japan",
    "Threat, resolve uncertain: P(concede)",
    "Deal: share conceded",
    "Repeated: rounds at refrain-and-concede",
)


def conclusion(result: RunResult) -> Text:
    """The reconciled answer in one sentence: what happens and with what probability."""
    pbe = result.analysis("sequential").pbe
    p = pbe.concede
    verdict = (
        "most likely concedes to"
        if p > 0.5
        else "most likely resists"
        if p < 0.5
        else "is as likely to concede to as to resist"
    )
    share = deal_share(result)
    size = (
        ("; if the sides bargain, a deal settles at ", model_ref(f"{share:.0%}", "bargaining"), " of the US demand")
        if share is not None
        else ("; no deal is in reach",)
    )
    return (f"Japan {verdict} the threat: it concedes with probability ", model_ref(f"{p:.2f}", "threat"), *size, ".")


def conclusion_text(result: RunResult) -> str:
    """:func:`conclusion` as plain words (for the printed summary)."""
    return text_of(conclusion(result))


def why_lines(result: RunResult) -> list[Text]:
    """Why the models differ, one line per simplification, generated from the numbers."""
    return [line for line in (_moves(result), _information(result), _repetition(result), _bargaining(result)) if line]


def _money(result: RunResult):
    return lambda shown: payoff_ref(result, float(shown))


def _moves(result: RunResult) -> Text:
    """Simultaneous against sequential moves: dominance against the US's reply."""
    B, A = result.japan_payoffs, result.us_payoffs
    money = _money(result)
    resist_each = [round(B[i][1], 1) > round(B[i][0], 1) for i in range(2)]
    concede_each = [round(B[i][0], 1) > round(B[i][1], 1) for i in range(2)]
    dominance = (
        "resisting is dominant for Japan"
        if all(resist_each)
        else "conceding is dominant for Japan"
        if all(concede_each)
        else "neither action is dominant for Japan"
    )
    carry = A[1][1] > A[0][1]
    after = B[1][1] if carry else B[0][1]
    reply = "carry out" if carry else "back down"
    return (
        "Simultaneous or sequential moves: when both move at once, ",
        dominance,
        " (against no tariffs ",
        *compare_parts("resisting", B[0][1], "conceding", B[0][0], money, money, money),
        "; against tariffs ",
        *compare_parts("resisting", B[1][1], "conceding", B[1][0], money, money, money),
        "). When the US answers Japan's move, Japan weighs conceding (the US then "
        "refrains) against resisting followed by ",
        REPLY_WORDS[reply],
        ": ",
        *compare_parts("conceding", B[0][0], f"resisting then {REPLY_WORDS[reply]}", after, money, money, money),
        ". The US's ability to respond is a commitment the simultaneous game lacks.",
    )


def _information(result: RunResult) -> Text:
    """Complete against incomplete information: the prior against the threshold belief."""
    pbe = result.analysis("sequential").pbe
    mu = pbe.threshold
    known = threat_answer(result)
    head = (
        "Complete or incomplete information: when Japan knows the US is resolved, it ",
        model_ref(known, "threat"),
        "; unsure, ",
    )
    prior = lambda shown: fact_ref(result, "resolve_prior", shown)  # noqa: E731
    number = lambda shown: model_ref(shown, "threat")  # noqa: E731
    if mu is None:
        return (
            *head,
            "its belief does not matter (both US types reply alike), so it concedes to a threat with probability ",
            number(f"{pbe.concede:.2f}"),
            ".",
        )
    if not 0 <= mu <= 1:
        return (
            *head,
            "no belief at all changes its choice, so it concedes to a threat with probability ",
            number(f"{pbe.concede:.2f}"),
            ".",
        )
    return (
        *head,
        "it concedes outright only if its belief in resolve reaches the threshold: ",
        *compare_parts("the prior", pbe.prior, "the threshold", mu, prior, number, digits=2, by=False),
        ", so it concedes to a threat with probability ",
        number(f"{pbe.concede:.2f}"),
        f" ({pbe.kind}).",
    )


def _repetition(result: RunResult) -> Text:
    """One shot against repeated play: cooperation share and Japan's per-round payoffs."""
    rep = result.repeated
    if rep is None:
        return ()
    money = _money(result)
    rounds = rep.cumulative[-1][0] or 1
    per_round = rep.cumulative[-1][2] / rounds
    stage = max(eq.col_payoff for eq in result.equilibria)
    return (
        "One shot or repeated: over ",
        model_ref(str(rep.turns), "repeated"),
        f" rounds of {rep.us_strategy} against {rep.japan_strategy} the sides reach refrain-and-concede in ",
        model_ref(f"{rep.cooperation:.0%}", "repeated"),
        " of rounds; ",
        *compare_parts(
            "Japan's mean payoff a round",
            per_round,
            "its one-shot equilibrium payoff",
            stage,
            lambda s: model_ref(s, "repeated"),
            money,
            money,
        ),
        ".",
    )


def _bargaining(result: RunResult) -> Text:
    """Bargaining's disagreement point: the fight the deal is measured against."""
    deal = result.deal
    if deal is None:
        return ()
    money = _money(result)
    share = deal_share(result)
    if share is None:
        return (
            "Bargaining: measured against the fight (Japan ",
            money(f"{deal.disagreement[1]:.1f}"),
            f"), no deal is in reach: {deal.note}.",
        )
    cap = deal.win_set_cap
    binds = share >= cap - 1e-6
    return (
        "Bargaining: a deal is measured against the fight (Japan ",
        money(f"{deal.disagreement[1]:.1f}"),
        ", US ",
        money(f"{deal.disagreement[0]:.1f}"),
        "), not against the status quo, so Japan gives ",
        model_ref(f"{share:.0%}", "bargaining"),
        " of the demand",
        (" and the domestic win-set caps it at " if binds else "; the domestic win-set would allow up to "),
        model_ref(f"{cap:.0%}", "bargaining"),
        ".",
    )
