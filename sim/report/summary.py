"""Readable text from result records: outcomes in words, matrices, and the reasons.

Everything here reads :class:`sim.io.records.RunResult` records; nothing builds or solves
a game.
"""

from __future__ import annotations

from sim.report.claims import compare_parts
from sim.report.document import Ref, Text
from sim.model.payoffs import JAPAN_ACTIONS, TERM_FORMULAS, TERM_LABELS, US_ACTIONS
from sim.io.records import FactRecord, RunResult
from sim.solve.solvers import Equilibrium

US_WORDS = ("US refrains from new tariffs", "US imposes tariffs")
JAPAN_WORDS = ("Japan concedes", "Japan resists")


def outcome_words(eq: Equilibrium) -> str:
    """An equilibrium in words, e.g. ``Japan resists, US imposes tariffs``."""
    if eq.is_pure:
        return f"{JAPAN_WORDS[eq.col_strategy.index(1.0)]}, {US_WORDS[eq.row_strategy.index(1.0)]}"
    return (
        f"mixed: Japan concedes with probability {eq.col_strategy[0]:.2f}, "
        f"US imposes tariffs with probability {eq.row_strategy[1]:.2f}"
    )


def headline(result: RunResult) -> str:
    """The run's equilibria in words, joined; flags degenerate games."""
    text = "; or ".join(outcome_words(eq) for eq in result.equilibria)
    return text + (" (ties: a continuum of equilibria, extreme points shown)" if result.degenerate else "")


def _fact(result: RunResult, name: str) -> FactRecord | None:
    """The input ``name``: a scenario fact, or a preset parameter by its bare name."""
    exact = next((f for f in result.facts if f.name == name), None)
    return exact or next((f for f in result.facts if f.name.endswith("." + name)), None)


def fact_anchor(result: RunResult, name: str) -> str:
    """The anchor of an input's provenance row (a scenario's fact is the same in every run
    of that scenario, a preset's parameter in every run with that preset)."""
    fact = _fact(result, name)
    full = fact.name if fact else name
    if "." in full:  # a preset's parameter: one row per preset
        return f"fact-{full}"
    return f"fact-{result.scenario}-{full}"  # a scenario's fact: one row per scenario


def fact_ref(result: RunResult, name: str, text: str) -> Ref:
    """``text`` linked to the provenance of input ``name``."""
    fact = _fact(result, name)
    title = f"{fact.kind}: {fact.source or fact.reason}" if fact else name
    return Ref(text, fact_anchor(result, name), title)


def term_ref(result: RunResult, name: str, fmt: str = ".1f") -> Ref:
    """The value of a named payoff term, linked to its row (formula and inputs)."""
    return Ref(
        format(result.terms[name], fmt),
        f"term-{result.label}-{name}",
        f"{TERM_LABELS.get(name, name)} = {TERM_FORMULAS.get(name, name)}",
    )


def payoff_ref(result: RunResult, value: float, fmt: str = ".1f") -> Ref:
    """A payoff (or a number computed from the payoff matrix), linked to the matrix."""
    return Ref(
        format(value, fmt), f"matrix-{result.label}", "from the payoff matrix, whose cells are sums of the named terms"
    )


def model_ref(text: str, model: str) -> Ref:
    """A computed number, linked to the explanation of the model that computed it."""
    return Ref(text, f"model-{model}", f"computed by the {model} model")


def reasons(result: RunResult) -> list[Text]:
    """Why each side best-responds as it does, from the payoffs and named terms."""
    A, B = result.us_payoffs, result.japan_payoffs
    lines: list[Text] = []
    for i, us_words in enumerate(("no tariffs", "tariffs")):
        concede, resist = B[i]
        choice = "concedes" if concede > resist else "resists" if resist > concede else "is indifferent"
        lines.append(
            (
                f"Against {us_words} Japan {choice}: conceding pays ",
                payoff_ref(result, concede),
                ", resisting ",
                payoff_ref(result, resist),
                ".",
            )
        )
    term = lambda name: term_ref(result, name)  # noqa: E731
    lines.append(
        (
            "  Conceding costs Japan ",
            term("concession_cost_to_japan"),
            " (concessions) + ",
            term("audience_cost"),
            " (audience cost); resisting risks ",
            term("security_linkage_cost"),
            " (security linkage); tariffs cost ",
            term("tariff_cost_to_japan"),
            " (up to ",
            term("outside_option_value"),
            " of sales can be redirected), and conceding under tariffs saves ",
            term("tariff_saved_by_conceding"),
            " of that.",
        )
    )
    for j, japan_words in enumerate(("a conceding Japan", "a resisting Japan")):
        refrain, tariff = A[0][j], A[1][j]
        choice = "imposes tariffs" if tariff > refrain else "refrains" if refrain > tariff else "is indifferent"
        lines.append(
            (
                f"Against {japan_words} the US {choice}: refraining pays ",
                payoff_ref(result, refrain),
                ", tariffs ",
                payoff_ref(result, tariff),
                " (self-harm ",
                term("us_self_harm"),
                ", value of tariffs per se ",
                term("tariff_value_to_us"),
                ").",
            )
        )
    return lines


def because(result: RunResult) -> list[Text]:
    """Each side's choice in plain words, as a comparison of the terms that decide it.

    Under tariffs Japan resists when ``K + D > L + (loss(T) - loss((1-r)T))``; without
    them when ``K + D > L``; the US punishes resistance when ``G + P > H + R`` and taxes a
    conceding Japan when ``G > (1-r)H`` (the table in :mod:`sim.model.payoffs`). Each comparison
    is a checked :func:`sim.report.claims.compare` clause.
    """
    t = result.terms
    term = lambda name: term_ref(result, name)  # noqa: E731
    total = lambda shown: payoff_ref(result, float(shown))  # noqa: E731
    cost = t["concession_cost_to_japan"] + t["audience_cost"]
    gain = t["security_linkage_cost"] + t["tariff_saved_by_conceding"]
    shown_cost, shown_gain = round(cost, 1), round(gain, 1)
    japan = (
        "Japan resists under tariffs"
        if shown_cost > shown_gain
        else "Japan concedes under tariffs"
        if shown_gain > shown_cost
        else "Japan is indifferent under tariffs"
    )
    lines = [
        (
            f"{japan}: the cost of conceding is concessions ",
            term("concession_cost_to_japan"),
            " + audience cost ",
            term("audience_cost"),
            "; what conceding avoids is the security risk ",
            term("security_linkage_cost"),
            " + the tariff loss ",
            term("tariff_saved_by_conceding"),
            "; ",
            *compare_parts("the cost", cost, "what it avoids", gain, total, total, total),
            ".",
        )
    ]
    punish = t["tariff_value_to_us"] + t["precedent_cost_to_us"]
    pressure = t.get("counter_pressure_cost", 0.0)
    harm = t["us_self_harm"] + pressure
    shown_punish, shown_harm = round(punish, 1), round(harm, 1)
    us = (
        "The US imposes tariffs on a resisting Japan"
        if shown_punish > shown_harm
        else "The US backs down before a resisting Japan"
        if shown_punish < shown_harm
        else "The US is indifferent against a resisting Japan"
    )
    if pressure:  # the partner's counter-pressure adds to what tariffs cost the US
        costs: tuple = (
            "; they cost it their self-harm ",
            term("us_self_harm"),
            " + the counter-pressure ",
            term("counter_pressure_cost"),
            "; ",
            *compare_parts("what tariffs bring", punish, "what they cost", harm, total, total, total),
        )
    else:
        costs = (
            "; ",
            *compare_parts(
                "what tariffs bring", punish, "their self-harm", harm, total, lambda _: term("us_self_harm"), total
            ),
        )
    lines.append(
        (
            f"{us}: tariffs bring it their value per se ",
            term("tariff_value_to_us"),
            " + the precedent cost of backing down it avoids ",
            term("precedent_cost_to_us"),
            *costs,
            ".",
        )
    )
    return lines


def matrix_lines(result: RunResult) -> list[str]:
    """The bimatrix as text, US payoff first in each cell."""
    width = 22
    lines = [" " * 14 + "".join(f"Japan {a}".ljust(width) for a in JAPAN_ACTIONS)]
    for i, action in enumerate(US_ACTIONS):
        cells = "".join(
            f"{result.us_payoffs[i][j]:7.1f}, {result.japan_payoffs[i][j]:7.1f}".ljust(width)
            for j in range(len(JAPAN_ACTIONS))
        )
        lines.append(f"US {action}".ljust(14) + cells)
    return lines


def comparison_table(results: list[RunResult]) -> list[str]:
    """Side by side: one numbered column per run, one row per named term."""
    if not results:
        return []
    legend = [f"  [{k}] japan={r.japan}, scenario={r.scenario}" for k, r in enumerate(results, start=1)]
    header = ["", *(f"[{k}]" for k in range(1, len(results) + 1))]
    rows = [[TERM_LABELS.get(name, name), *(f"{r.terms[name]:.2f}" for r in results)] for name in results[0].terms]
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
    table = [
        "  ".join(cell.rjust(w) if k else cell.ljust(w) for k, (cell, w) in enumerate(zip(row, widths)))
        for row in [header, *rows]
    ]
    return legend + table


def japan_margin(result: RunResult) -> str:
    """How much resisting beats conceding (or the reverse) when the US imposes tariffs."""
    concede, resist = result.japan_payoffs[1]
    if resist >= concede:
        return f"under tariffs resisting beats conceding by {resist - concede:.1f}"
    return f"under tariffs conceding beats resisting by {concede - resist:.1f}"


CLASS_WORDS = {
    "refrain/concede": "Japan concedes, US refrains",
    "refrain/resist": "Japan resists, US refrains",
    "tariff/concede": "Japan concedes, US imposes tariffs",
    "tariff/resist": "Japan resists, US imposes tariffs",
    "mixed": "mixed (Japan sometimes concedes)",
}
PATH_WORDS = {
    "no threat": "the US makes no threat (status quo)",
    "threaten": "the US threatens",
    "concede": "Japan concedes",
    "resist": "Japan resists",
    "carry out": "the US imposes the tariffs",
    "back down": "the US backs down",
}


def class_words(equilibrium_class: str) -> str:
    """``tariff/resist | mixed`` -> ``Japan resists, US imposes tariffs, or mixed``."""
    return ", or ".join(CLASS_WORDS.get(part, part) for part in equilibrium_class.split(" | "))


def levels_lines(result: RunResult) -> list[Text]:
    """Equilibria of the concession-levels game, strategies named by their levels."""
    game = result.levels
    if game is None:
        return []
    lines = [
        (
            "Concession levels (",
            model_ref(str(len(game.us_labels)), "static"),
            " US tariff levels x ",
            model_ref(str(len(game.japan_labels)), "static"),
            " Japanese concession levels):",
        )
    ]
    for eq in game.equilibria:
        lines.append(
            (
                "  US ",
                *_mixture(game.us_labels, eq.row_strategy),
                "; Japan ",
                *_mixture(game.japan_labels, eq.col_strategy),
                " (US ",
                model_ref(f"{eq.row_payoff:.1f}", "static"),
                ", Japan ",
                model_ref(f"{eq.col_payoff:.1f}", "static"),
                ")",
            )
        )
    return lines


def _mixture(labels, strategy) -> Text:
    used = [(label, p) for label, p in zip(labels, strategy) if p > 1e-12]
    if len(used) == 1:
        return ("plays ", model_ref(f"'{used[0][0]}'", "static"))
    parts: list = ["mixes "]
    for k, (label, p) in enumerate(used):
        parts += [", " if k else "", model_ref(f"'{label}'", "static"), " ", model_ref(f"{p:.2f}", "static")]
    return tuple(parts)


def sequential_lines(result: RunResult) -> list[Text]:
    """The threat game in words: subgame-perfect path and the PBE with uncertain resolve."""
    threat = result.sequential
    if threat is None:
        return []
    path = ", ".join(PATH_WORDS[step] for step in threat.spe_path)
    pbe = threat.pbe
    lines = [
        (
            f"Threat game, complete information (subgame perfect): {path} (US ",
            payoff_ref(result, threat.spe_payoffs[0]),
            ", Japan ",
            payoff_ref(result, threat.spe_payoffs[1]),
            ").",
        ),
        (
            "Uncertain resolve (prior ",
            fact_ref(result, "resolve_prior", f"{pbe.prior:.2f}"),
            f" that the US is resolved): {pbe.kind}; Japan concedes to a threat with probability ",
            model_ref(f"{pbe.concede:.2f}", "threat"),
            ".",
        ),
    ]
    replies = ["carry out" if carry else "back down" for carry in pbe.carry_out]
    lines.append(
        (
            f"  After resistance a resolved US would {replies[0]}, a bluffing one {replies[1]}. ",
            *threshold_words(result),
        )
    )
    return lines


def threshold_words(result: RunResult) -> Text:
    """Japan's threshold belief in words: a probability only when it lies in [0, 1]."""
    pbe = result.analysis("sequential").pbe
    mu = pbe.threshold
    if mu is None:
        return ("Both types reply alike, so Japan's belief does not matter.",)
    if mu > 1:
        return (
            "No belief in US resolve makes Japan concede: even against a surely "
            "resolved US resisting pays at least as much (the threshold formula gives ",
            model_ref(f"{mu:.2f}", "threat"),
            ", beyond certainty).",
        )
    if mu < 0:
        return ("Japan concedes whatever it believes: conceding pays even against a surely bluffing US.",)
    return (
        "Japan concedes outright once its belief that the US is resolved reaches ",
        model_ref(f"{mu:.2f}", "threat"),
        "; ",
        *compare_parts(
            "the prior",
            pbe.prior,
            "that threshold",
            mu,
            lambda x: fact_ref(result, "resolve_prior", x),
            lambda x: model_ref(x, "threat"),
            digits=2,
            by=False,
        ),
        ".",
    )


def two_level_lines(result: RunResult) -> list[Text]:
    """The ratification-constrained deal in words."""
    deal = result.two_level
    if deal is None:
        return []
    share = lambda value: model_ref(f"{value:.0%}", "two-level")  # noqa: E731
    return [
        (
            "Two-level deal (Putnam): the US asks for a ",
            share(deal.demand),
            " concession (the most Japan's negotiator would accept: ",
            share(deal.acceptable_up_to),
            "); parliament ratifies it with probability ",
            model_ref(f"{deal.ratification_probability:.2f}", "two-level"),
            " (exponent ",
            model_ref(f"{deal.exponent:.2f}", "two-level"),
            " = public support for resisting / approval), so the expected concession is ",
            share(deal.expected_concession),
            ".",
        )
    ]


def deal_lines(result: RunResult) -> list[Text]:
    """The bargaining predictions in words."""
    deal = result.deal
    if deal is None:
        return []
    number = lambda value, fmt=".1f": model_ref(format(value, fmt), "bargaining")  # noqa: E731
    fight = (
        "if talks fail: US ",
        payoff_ref(result, deal.disagreement[0]),
        ", Japan ",
        payoff_ref(result, deal.disagreement[1]),
        "; the domestic win-set (what parliament ratifies at least half the time) caps concessions at ",
        number(deal.win_set_cap, ".0%"),
    )
    if deal.nash is None:
        return [("Deal (", *fight, f"): no deal: {deal.note}.")]

    def describe(bargain) -> Text:
        capped = " (the win-set binds)" if bargain.concession >= deal.win_set_cap - 1e-6 else ""
        return (
            "Japan concedes ",
            number(bargain.concession, ".0%"),
            f"{capped} (gains over failure: US ",
            number(bargain.us_gain, "+.1f"),
            ", Japan ",
            number(bargain.japan_gain, "+.1f"),
            ")",
        )

    outside = (
        ("; Japan's outside option (redirected trade) is worth ", number(deal.japan_outside_gain))
        if deal.japan_outside_gain
        else ()
    )
    return [
        ("Deal (", *fight, "):"),
        ("  Nash bargaining, equal weights: ", *describe(deal.nash)),
        (
            "  Nash bargaining, weights from patience (US ",
            number(deal.us_weight, ".2f"),
            "): ",
            *describe(deal.nash_patience),
        ),
        ("  Rubinstein, US proposes, one round at a time: ", *describe(deal.rubinstein), *outside),
    ]


def repeated_lines(result: RunResult) -> list[Text]:
    """The repeated game in words: the presets' strategies, their payoffs, the tournament."""
    rep = result.repeated
    if rep is None:
        return []
    number = lambda value, fmt=".1f": model_ref(format(value, fmt), "repeated")  # noqa: E731
    _, us_total, japan_total = rep.cumulative[-1]
    best: list = []
    for k, (name, japan, _) in enumerate(rep.tournament[:3]):
        best += [", " if k else "", f"{name} ", number(japan)]
    names = [name for name, _, _ in rep.tournament]
    rank = names.index(rep.japan_strategy) + 1 if rep.japan_strategy in names else None
    thresholds: list = []
    for k, (name, value) in enumerate(
        (("grim trigger", rep.grim_trigger_threshold), ("tit-for-tat", rep.tit_for_tat_threshold))
    ):
        thresholds += [
            ", " if k else "",
            *((f"{name} from delta = ", number(value, ".2f")) if value is not None else (f"{name} never",)),
        ]
    run = f"Repeated game ({rep.turns} rounds, noise {rep.noise:g}, {rep.matches} matches)"
    return [
        (
            model_ref(run, "repeated"),
            f": US {rep.us_strategy} vs Japan {rep.japan_strategy}: mean totals US ",
            number(us_total),
            ", Japan ",
            number(japan_total),
            "; (refrain, concede) in ",
            number(rep.cooperation, ".0%"),
            " of rounds.",
        ),
        (
            f"  Japan's best replies to {rep.us_strategy} (payoff per round): ",
            *best,
            *(
                (f"; {rep.japan_strategy} ranks ", number(rank, "d"), " of ", number(len(rep.tournament), "d"), ".")
                if rank
                else (".",)
            ),
        ),
        (
            "  Folk theorem: refrain-and-concede every round is sustainable under ",
            *thresholds,
            ".",
            *cooperation_worth(result),
        ),
    ]


def cooperation_worth(result: RunResult) -> Text:
    """What refrain-and-concede is worth to Japan next to its stage-equilibrium payoff."""
    if not result.equilibria:
        return ()
    stage = max(eq.col_payoff for eq in result.equilibria)
    money = lambda shown: payoff_ref(result, float(shown))  # noqa: E731
    return (
        " For Japan ",
        *compare_parts(
            "refrain-and-concede", result.japan_payoffs[0][0], "its best stage equilibrium", stage, money, money, money
        ),
        " a round.",
    )


def changing_tipping_points(result: RunResult, distance) -> list:
    """The tipping points that change the present equilibrium: for each input and side
    (rising or falling), the one nearest to the input's present value by ``distance``."""
    current = " | ".join(_class_of(eq) for eq in result.equilibria)
    best: dict = {}
    for point in result.tipping_points:
        rising = point.value > point.current
        if (point.below if rising else point.above) != current:
            continue
        key = (point.parameter, rising)
        if key not in best or distance(point) < distance(best[key]):
            best[key] = point
    return list(best.values())


def relative_distance(point) -> float:
    """How far a tipping point lies from the input's present value, relative to it."""
    return abs(point.value - point.current) / max(abs(point.current), 1e-9)


def tipping_lines(result: RunResult, most: int = 8) -> list[Text]:
    """The nearest tipping points that change the current equilibrium, nearest first."""
    nearest = [
        (relative_distance(point), point, point.value > point.current)
        for point in sorted(changing_tipping_points(result, relative_distance), key=relative_distance)[:most]
    ]
    lines: list[Text] = [("Tipping points (one parameter at a time; all in tipping_points.csv):",)]
    for _, point, rising in nearest:
        after = point.above if rising else point.below
        lines.append(
            (
                f"  {point.parameter} {'above' if rising else 'below'} ",
                model_ref(f"{point.value:.4g}", "tipping"),
                f" {point.unit} (now ",
                fact_ref(result, point.parameter, f"{point.current:.4g}"),
                f"): -> {class_words(after)}",
            )
        )
    return lines if nearest else []


def _class_of(eq: Equilibrium) -> str:
    if not eq.is_pure:
        return "mixed"
    return f"{US_ACTIONS[eq.row_strategy.index(1.0)]}/{JAPAN_ACTIONS[eq.col_strategy.index(1.0)]}"


def article_concession(result: RunResult) -> tuple[float | None, float | None]:
    """Japan's probability of conceding in the static game (mean over its equilibria) and
    to a threat in the threat game (None where the run has no such model)."""
    static = sum(eq.col_strategy[0] for eq in result.equilibria) / len(result.equilibria) if result.equilibria else None
    threat = result.sequential.pbe.concede if result.sequential else None
    return static, threat


def record_lines(result: RunResult) -> list[Text]:
    """What the 1970-2000 sanctions record implies, beside the article-calibrated models.

    Every number links to the record's model (or to the article model it comes from).
    """
    record = result.record
    if record is None or not record.equilibria:
        return []
    derived = sum(c.kind == "derived" for c in record.covariates)
    rec = lambda text: model_ref(text, "record")  # noqa: E731
    lines: list[Text] = [
        (
            "The sanctions record (",
            rec("1970-2000"),
            f"; crisis game, {record.method.upper()} fit, log-likelihood ",
            rec(f"{record.loglik:.2f}"),
            "; covariates: ",
            rec(str(derived)),
            " derived from this scenario's facts, ",
            rec(str(len(record.covariates) - derived)),
            " assumed from the US-Japan row of the ",
            rec("1990s"),
            "):",
        )
    ]
    for k, eq in enumerate(record.equilibria):
        label = ("equilibrium ", rec(str(k + 1)), ": ") if len(record.equilibria) > 1 else ()
        lines.append(
            (
                "  ",
                *label,
                "a US challenge in ",
                rec(f"{eq.p_challenge:.1%}"),
                " of months; given one, Japan concedes ",
                rec(f"{eq.concede_given_challenge:.2f}"),
                ", sanctions stand ",
                rec(f"{eq.stand_given_challenge:.2f}"),
                ", US backs down ",
                rec(f"{eq.back_down_given_challenge:.2f}"),
                ".",
            )
        )
    static, threat = article_concession(result)
    concedes = max(eq.concede_given_challenge for eq in record.equilibria)
    side = "concede" if concedes >= 0.5 else "resist"
    parts: list = [
        f"  Beside the article-calibrated models: the record has Japan {side} more often than not (concedes ",
        rec(f"{concedes:.2f}"),
        ")",
    ]
    differ = False
    for name, model, value in (("the static game", "static", static), ("the threat game", "threat", threat)):
        if value is not None:
            agrees = (value >= 0.5) == (concedes >= 0.5)
            differ |= not agrees
            parts += [
                f"; {name} {'agrees' if agrees else 'disagrees'} (Japan concedes ",
                model_ref(f"{value:.2f}", model),
                ")",
            ]
    lines.append((*parts, "."))
    if differ:
        lines.append(
            (
                "  Why they differ: the record pools all its dyad-decades and sees this "
                "dispute only through trade dependence, democracy, alliance, "
                "capabilities and anticipated costs; the articles' models weigh what "
                "those do not measure: the tariffs' size, the security linkage, "
                "approval and audience costs.",
            )
        )
    return lines


def run_lines(result: RunResult) -> list[Text]:
    """Everything said about one run after its matrix, in the summary's order."""
    return [
        *reasons(result),
        *because(result),
        *levels_lines(result),
        *sequential_lines(result),
        *two_level_lines(result),
        *deal_lines(result),
        *repeated_lines(result),
        *tipping_lines(result),
        *record_lines(result),
    ]
