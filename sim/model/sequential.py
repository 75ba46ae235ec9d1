"""The sequential coercion game: threat, concession or resistance, then carry out or back down.

Outcomes reuse the cells of the 2x2 stage game (``A`` US, ``B`` Japan; index 0 refrain /
concede): a threat Japan concedes to ends at (refrain, concede); resistance the US
punishes at (tariff, resist); resistance it leaves unpunished at (refrain, resist); no
threat keeps the status quo, worth 0 to both.

* Complete information: subgame-perfect equilibrium by backward induction (Selten 1965),
  the threat game of Schelling (*Arms and Influence*, 1966) and Morrow (*Game Theory for
  Political Scientists*, 1994, ch. 4).
* Incomplete information about US resolve (Morrow 1994, ch. 8; Fearon 1997, "Signaling
  Foreign Policy Interests", JCR 41(1)): nature makes the US *resolved* (prior ``pi``) or
  *bluffing*; a bluffing US values tariffs at nothing for their own sake (its tariff payoffs
  lose the term ``G``). Japan sees the threat, not the type, updates by Bayes' rule and
  concedes when its belief that the US is resolved reaches the threshold
  ``mu* = (b0 - B[0,0]) / (b0 - b1)``, ``b0, b1`` Japan's payoffs after resisting a
  bluffing and a resolved US. :func:`perfect_bayesian_equilibrium` gives the equilibrium.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.gametree import Chance, Decision, GameTree, Node, Terminal

STATUS_QUO = (0.0, 0.0)


def _cell(A: np.ndarray, B: np.ndarray, i: int, j: int, us_shift: float = 0.0) -> tuple:
    return (float(A[i, j]) - us_shift, float(B[i, j]))


def _after_threat(A, B, label: str, us_infoset: str, japan_infoset: str, us_shift: float = 0.0) -> Decision:
    """Japan's choice after a threat, then the US's carry out / back down."""
    response = Decision(
        0,
        f"{label}: Japan resisted",
        us_infoset,
        (
            ("carry out", Terminal(f"{label}: tariffs imposed", _cell(A, B, 1, 1, us_shift))),
            ("back down", Terminal(f"{label}: US backed down", _cell(A, B, 0, 1))),
        ),
    )
    return Decision(
        1,
        f"{label}: threatened",
        japan_infoset,
        (("concede", Terminal(f"{label}: Japan conceded", _cell(A, B, 0, 0))), ("resist", response)),
    )


def _threat_decision(A, B, label: str, japan_infoset: str, us_shift: float = 0.0) -> Decision:
    return Decision(
        0,
        f"{label}: US",
        f"US {label}",
        (
            ("threaten", _after_threat(A, B, label, f"US {label} resisted", japan_infoset, us_shift)),
            ("no threat", Terminal(f"{label}: status quo", STATUS_QUO)),
        ),
    )


def threat_game(A: np.ndarray, B: np.ndarray) -> GameTree:
    """The complete-information threat game built from a 2x2 stage game."""
    return GameTree("Threat game (complete information)", _threat_decision(A, B, "resolved", "Japan threatened"))


def resolve_game(A: np.ndarray, B: np.ndarray, tariff_value_to_us: float, prior: float) -> GameTree:
    """The threat game with a resolved (``prior``) or bluffing US; Japan cannot tell which."""
    _check_prior(prior)
    return GameTree(
        "Threat game with uncertain US resolve",
        Chance(
            "nature",
            (
                ("resolved", prior, _threat_decision(A, B, "resolved", "Japan threatened")),
                ("bluffing", 1.0 - prior, _threat_decision(A, B, "bluffing", "Japan threatened", tariff_value_to_us)),
            ),
        ),
    )


@dataclass(frozen=True)
class Solution:
    """A backward-induction solution: chosen action at every decision node, and the values."""

    choices: dict[tuple[str, ...], str]
    values: tuple[float, float]
    path: tuple[str, ...]
    ties: tuple[tuple[str, ...], ...]


def backward_induction(node: Node, path: tuple[str, ...] = ()) -> Solution:
    """Subgame-perfect equilibrium of a perfect-information tree (chance nodes averaged).

    At a tie the first listed action is taken (the cooperative one) and the node is
    recorded in ``ties``.
    """
    if isinstance(node, Terminal):
        return Solution({}, node.payoffs, (), ())
    if isinstance(node, Chance):
        parts = [(label, p, backward_induction(child, path + (label,))) for label, p, child in node.branches]
        values = (sum(p * s.values[0] for _, p, s in parts), sum(p * s.values[1] for _, p, s in parts))
        return Solution(
            {key: value for *_, s in parts for key, value in s.choices.items()},
            values,
            (),
            tuple(t for *_, s in parts for t in s.ties),
        )
    options = [(action, backward_induction(child, path + (action,))) for action, child in node.actions]
    scores = [solution.values[node.player] for _, solution in options]
    best = int(np.argmax(scores))
    action, chosen = options[best]
    tied = sum(np.isclose(score, scores[best]) for score in scores) > 1
    choices = {key: value for _, s in options for key, value in s.choices.items()}
    choices[path] = action
    ties = tuple(t for _, s in options for t in s.ties) + ((path,) if tied else ())
    return Solution(choices, chosen.values, (action, *chosen.path), ties)


@dataclass(frozen=True)
class ThreatEquilibrium:
    """A perfect Bayesian equilibrium of the resolve game.

    ``threaten``: probability each type (resolved, bluffing) threatens; ``carry_out``:
    whether each type punishes resistance; ``concede``: Japan's probability of conceding
    to a threat; ``belief``: Japan's belief that a threatening US is resolved;
    ``threshold``: the belief at or above which Japan concedes (None if it never or always
    does); ``kind``: the equilibrium in words.
    """

    kind: str
    threaten: tuple[float, float]
    carry_out: tuple[bool, bool]
    concede: float
    belief: float
    threshold: float | None
    prior: float


def threshold_belief(A: np.ndarray, B: np.ndarray, tariff_value_to_us: float) -> float | None:
    """Belief in US resolve at which Japan is indifferent between conceding and resisting.

    ``mu* = (b0 - B[0,0]) / (b0 - b1)`` where ``b1, b0`` are Japan's payoffs after resisting
    a resolved and a bluffing US (each carrying out or backing down as it prefers). None
    when both types act alike after resistance, so that beliefs do not matter.
    """
    japan_after = _japan_after_resistance(A, B, tariff_value_to_us)
    if np.isclose(japan_after[0], japan_after[1]):
        return None
    return float((japan_after[1] - B[0, 0]) / (japan_after[1] - japan_after[0]))


def perfect_bayesian_equilibrium(
    A: np.ndarray, B: np.ndarray, tariff_value_to_us: float, prior: float
) -> ThreatEquilibrium:
    """The perfect Bayesian equilibrium of :func:`resolve_game` (requires ``A[0,0] >= 0``).

    Japan concedes when its belief reaches :func:`threshold_belief`. If the prior reaches
    it, both types threaten and Japan concedes (pooling). Otherwise, if a bluff that is
    resisted costs the bluffer, the bluffer threatens only with the probability that
    brings Japan's posterior to the threshold, and Japan concedes with the probability
    ``s = -u_b / (A[0,0] - u_b)`` that leaves the bluffer indifferent (semi-separating);
    if even a sure belief in resolve would not make Japan concede, only types that gain
    from a resisted threat make one.
    """
    _check_prior(prior)
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if A[0, 0] < 0:
        raise ValueError("the concession must be worth at least the status quo to the US")
    carry = _carries_out(A, tariff_value_to_us)
    us_after = _us_after_resistance(A, tariff_value_to_us)
    threshold = threshold_belief(A, B, tariff_value_to_us)

    def japan_concedes(belief: float) -> bool:
        return B[0, 0] >= _expected_resistance(A, B, tariff_value_to_us, belief) - 1e-12

    def result(kind, threaten, concede, belief):
        return ThreatEquilibrium(kind, threaten, carry, concede, belief, threshold, prior)

    if japan_concedes(prior):
        return result("both types threaten; Japan concedes", (1.0, 1.0), 1.0, prior)
    if us_after[1] >= 0:
        return result("both types threaten; Japan resists", (1.0, 1.0), 0.0, prior)
    if japan_concedes(1.0) and prior > 0:
        assert threshold is not None  # Japan concedes at some belief: a threshold exists
        bluff = prior * (1.0 - threshold) / ((1.0 - prior) * threshold)
        concede = float(-us_after[1] / (A[0, 0] - us_after[1]))
        return result(
            "resolved US threatens, bluffer sometimes; Japan sometimes concedes", (1.0, bluff), concede, threshold
        )
    if us_after[0] >= 0 and prior > 0:
        return result("only a resolved US threatens; Japan resists", (1.0, 0.0), 0.0, 1.0)
    return result("no threat", (0.0, 0.0), 0.0 if not japan_concedes(prior) else 1.0, prior)


def _carries_out(A: np.ndarray, tariff_value_to_us: float) -> tuple[bool, bool]:
    """Whether the resolved and the bluffing US punish resistance (ties: back down)."""
    return (bool(A[1, 1] > A[0, 1]), bool(A[1, 1] - tariff_value_to_us > A[0, 1]))


def _us_after_resistance(A, tariff_value_to_us) -> tuple[float, float]:
    carry = _carries_out(A, tariff_value_to_us)
    return (float(A[1, 1] if carry[0] else A[0, 1]), float(A[1, 1] - tariff_value_to_us if carry[1] else A[0, 1]))


def _japan_after_resistance(A, B, tariff_value_to_us) -> tuple[float, float]:
    carry = _carries_out(A, tariff_value_to_us)
    resolved, bluffer = (float(B[1, 1] if punished else B[0, 1]) for punished in carry)
    return resolved, bluffer


def _expected_resistance(A, B, tariff_value_to_us, belief: float) -> float:
    resolved, bluffing = _japan_after_resistance(A, B, tariff_value_to_us)
    return belief * resolved + (1.0 - belief) * bluffing


def _check_prior(prior: float) -> None:
    if not 0.0 <= prior <= 1.0:
        raise ValueError(f"a prior probability must lie in [0, 1], got {prior}")


def outcome_after_resistance(A: np.ndarray, B: np.ndarray) -> tuple[float, float]:
    """Payoffs (US, Japan) when Japan resists and the (resolved) US replies as it prefers."""
    punished = A[1, 1] > A[0, 1]
    return (float(A[1, 1]), float(B[1, 1])) if punished else (float(A[0, 1]), float(B[0, 1]))


@dataclass(frozen=True)
class ThreatAnalysis:
    """The threat game of one run: subgame-perfect path, the PBE at the prior, and a curve.

    ``concession_curve`` holds ``(prior, P(Japan concedes to a threat), P(a concession))``
    for priors from 0 to 1, for plotting.
    """

    spe_path: tuple[str, ...]
    spe_payoffs: tuple[float, float]
    pbe: ThreatEquilibrium
    concession_curve: tuple[tuple[float, float, float], ...]


def analyse_threat(
    A: np.ndarray, B: np.ndarray, tariff_value_to_us: float, prior: float, prior_points: int = 101
) -> ThreatAnalysis:
    """Solve the threat game with complete information and with uncertain resolve."""
    spe = backward_induction(threat_game(A, B).root)
    curve = []
    for point in np.linspace(0.0, 1.0, prior_points):
        eq = perfect_bayesian_equilibrium(A, B, tariff_value_to_us, float(point))
        threatened = point * eq.threaten[0] + (1 - point) * eq.threaten[1]
        curve.append((float(point), eq.concede, float(threatened * eq.concede)))
    return ThreatAnalysis(
        spe.path,
        (spe.values[0], spe.values[1]),
        perfect_bayesian_equilibrium(A, B, tariff_value_to_us, prior),
        tuple(curve),
    )
