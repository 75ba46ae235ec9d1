"""Bargaining over a deal: who gets what, under threats, patience and outside options.

A deal is a concession share ``c`` (Japan concedes, the US refrains from tariffs). Its
payoffs lie on a *frontier* (:class:`Frontier`): the US's rises with ``c`` (linearly, or
concavely when further concessions are worth less), Japan's falls linearly. Talks start
from a *disagreement point* ``d`` (what each side gets if talks fail). This module gives

* the Nash bargaining solution, symmetric or with weights (Nash 1950; Kalai 1977):
  ``max (u_US - d_US)^w (u_J - d_J)^(1-w)`` over the frontier, by scipy;
* Rubinstein's alternating offers (Rubinstein 1982): on a pie the proposer's share is
  ``(1 - d_r) / (1 - d_p d_r)``; on a frontier, the stationary offers that leave the
  responder indifferent. With ``d_i = exp(-r_i D)`` and the time ``D`` between offers
  shrinking, they converge to the Nash solution with weight ``w_US = r_J / (r_US + r_J)``
  (Binmore, Rubinstein & Wolinsky 1986, RAND J. Econ. 17(2));
* outside options (Binmore, Shaked & Sutton 1989, QJE 104(4)): a responder's outside
  option matters only when it beats what it would get by bargaining on;
* a risk of breakdown after each rejection (Binmore, Rubinstein & Wolinsky 1986).

Errors of input (discount factors out of range, an empty bargaining set, a disagreement
point that no deal improves on) raise :class:`BargainingError`, a ``ValueError``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, minimize_scalar


class BargainingError(ValueError):
    """A bargaining problem that has no answer as posed."""


def _check_discount(name: str, value: float, allow_zero: bool = True) -> float:
    low_ok = value >= 0 if allow_zero else value > 0
    if not (low_ok and value < 1) or isinstance(value, bool):
        bound = "[0, 1)" if allow_zero else "(0, 1)"
        raise BargainingError(f"{name} must be a discount factor in {bound}, got {value!r}")
    return float(value)


def rubinstein(delta_proposer: float, delta_responder: float) -> float:
    """The proposer's share of a unit pie in Rubinstein's game: ``(1 - d_r) / (1 - d_p d_r)``.

    >>> round(rubinstein(0.9, 0.9), 4)
    0.5263
    """
    proposer = _check_discount("delta_proposer", delta_proposer)
    responder = _check_discount("delta_responder", delta_responder)
    return (1.0 - responder) / (1.0 - proposer * responder)


def rubinstein_outside_options(
    delta_proposer: float, delta_responder: float, outside_proposer: float, outside_responder: float
) -> float:
    """The proposer's share when a responder may quit for an outside option (shares of 1).

    Stationary offers: the proposer keeps ``x = 1 - max(d_r y, w_r)`` and the other keeps
    ``y = 1 - max(d_p x, w_p)``. The map is a contraction, so iteration converges to its
    unique fixed point. The outside-option principle follows: ``w_r`` changes the split only
    when it exceeds ``d_r y``.
    """
    d_p = _check_discount("delta_proposer", delta_proposer)
    d_r = _check_discount("delta_responder", delta_responder)
    if min(outside_proposer, outside_responder) < 0 or outside_proposer + outside_responder > 1:
        raise BargainingError("outside options must be shares >= 0 that sum to at most 1")
    x, y = rubinstein(d_p, d_r), rubinstein(d_r, d_p)
    for _ in range(100_000):
        new_x = 1.0 - max(d_r * y, outside_responder)
        new_y = 1.0 - max(d_p * new_x, outside_proposer)
        if abs(new_x - x) < 1e-15 and abs(new_y - y) < 1e-15:
            break
        x, y = new_x, new_y
    return x


def rubinstein_breakdown(
    breakdown_probability: float,
    disagreement_proposer: float,
    disagreement_responder: float,
    delta_proposer: float = 1.0,
    delta_responder: float = 1.0,
) -> float:
    """Proposer's share when talks break down with probability ``p`` after each rejection.

    Breakdown gives the disagreement shares. Stationary offers solve
    ``1 - x = d_r ((1 - p) y + p b_r)`` and ``1 - y = d_p ((1 - p) x + p b_p)``. As ``p -> 0``
    with no discounting, the share tends to the Nash split
    ``b_p + (1 - b_p - b_r) / 2``.
    """
    p = breakdown_probability
    if not 0 < p <= 1:
        raise BargainingError(f"a breakdown probability must lie in (0, 1], got {p!r}")
    for name, delta in (("delta_proposer", delta_proposer), ("delta_responder", delta_responder)):
        if not 0 < delta <= 1:
            raise BargainingError(f"{name} must lie in (0, 1], got {delta!r}")
    if disagreement_proposer + disagreement_responder > 1:
        raise BargainingError("the disagreement shares exceed the pie: no deal improves on them")
    d_p, d_r, b_p, b_r = delta_proposer, delta_responder, disagreement_proposer, disagreement_responder
    # x = 1 - d_r (1-p) y - d_r p b_r ;  y = 1 - d_p (1-p) x - d_p p b_p
    matrix = np.array([[1.0, d_r * (1 - p)], [d_p * (1 - p), 1.0]])
    rhs = np.array([1.0 - d_r * p * b_r, 1.0 - d_p * p * b_p])
    x, _ = np.linalg.solve(matrix, rhs)
    return float(x)


def discount_factor(rate: float, interval: float) -> float:
    """``exp(-rate * interval)``: the discount factor between offers ``interval`` apart."""
    return math.exp(-rate * interval)


def patience_weight(delta_us: float, delta_japan: float) -> float:
    """The US's Nash weight in the frequent-offers limit: ``ln d_J / (ln d_US + ln d_J)``."""
    _check_discount("delta_us", delta_us, allow_zero=False)
    _check_discount("delta_japan", delta_japan, allow_zero=False)
    return math.log(delta_japan) / (math.log(delta_us) + math.log(delta_japan))


@dataclass(frozen=True)
class Frontier:
    """Deal payoffs for a concession share ``c`` in ``[0, max_concession]``.

    ``u_US(c) = us_none + (us_full - us_none) (1 - (1 - c)^curvature)`` (concave for
    curvature > 1), ``u_J(c) = japan_none + (japan_full - japan_none) c``. The US gains
    and Japan loses from concessions: ``us_full > us_none``, ``japan_full < japan_none``.
    """

    us_none: float
    us_full: float
    japan_none: float
    japan_full: float
    curvature: float = 1.0
    max_concession: float = 1.0

    def __post_init__(self):
        if not self.us_full > self.us_none or not self.japan_full < self.japan_none:
            raise BargainingError("a frontier needs a US that gains and a Japan that loses from concessions")
        if self.curvature < 1 or not 0 < self.max_concession <= 1:
            raise BargainingError("curvature must be >= 1 and max_concession in (0, 1]")

    def us(self, c):
        return self.us_none + (self.us_full - self.us_none) * (1 - (1 - np.asarray(c)) ** self.curvature)

    def japan(self, c):
        return self.japan_none + (self.japan_full - self.japan_none) * np.asarray(c)

    def concession_for_us(self, u: float) -> float:
        """The ``c`` at which the US gets ``u`` (the inverse of :meth:`us`)."""
        level = (u - self.us_none) / (self.us_full - self.us_none)
        return float(1 - (1 - np.clip(level, 0, 1)) ** (1 / self.curvature))

    def concession_for_japan(self, u: float) -> float:
        """The ``c`` at which Japan gets ``u`` (the inverse of :meth:`japan`)."""
        return float((u - self.japan_none) / (self.japan_full - self.japan_none))


@dataclass(frozen=True)
class Bargain:
    """A deal on the frontier: the concession, both payoffs, and both gains over ``d``."""

    concession: float
    us_payoff: float
    japan_payoff: float
    us_gain: float
    japan_gain: float


def bargaining_range(frontier: Frontier, disagreement: tuple[float, float]) -> tuple[float, float]:
    """The concessions ``[low, high]`` that give both sides at least their disagreement payoff."""
    d_us, d_japan = disagreement
    if not all(map(math.isfinite, disagreement)):
        raise BargainingError("the disagreement point must be finite")
    low = frontier.concession_for_us(d_us) if d_us > frontier.us_none else 0.0
    high = min(frontier.max_concession, frontier.concession_for_japan(d_japan))
    if d_us > frontier.us(frontier.max_concession) or high < 0 or low > high:
        raise BargainingError(
            "the disagreement point lies outside the feasible set: no deal "
            "gives both sides at least what they get if talks fail"
        )
    return low, high


def _bargain(frontier: Frontier, disagreement, c: float) -> Bargain:
    us, japan = float(frontier.us(c)), float(frontier.japan(c))
    return Bargain(float(c), us, japan, us - disagreement[0], japan - disagreement[1])


def nash_bargaining(frontier: Frontier, disagreement: tuple[float, float], us_weight: float = 0.5) -> Bargain:
    """The (weighted) Nash bargaining solution on ``frontier`` from ``disagreement``."""
    if not 0 < us_weight < 1:
        raise BargainingError(f"a bargaining weight must lie in (0, 1), got {us_weight!r}")
    low, high = bargaining_range(frontier, disagreement)
    if high - low < 1e-12:
        return _bargain(frontier, disagreement, low)

    def negative_product(c: float) -> float:
        gain_us = float(frontier.us(c)) - disagreement[0]
        gain_japan = float(frontier.japan(c)) - disagreement[1]
        if gain_us <= 0 or gain_japan <= 0:
            return math.inf
        return -(us_weight * math.log(gain_us) + (1 - us_weight) * math.log(gain_japan))

    found = minimize_scalar(negative_product, bounds=(low, high), method="bounded", options={"xatol": 1e-12})
    return _bargain(frontier, disagreement, found.x)


def rubinstein_frontier(
    frontier: Frontier,
    disagreement: tuple[float, float],
    delta_us: float,
    delta_japan: float,
    japan_outside_gain: float = 0.0,
) -> Bargain:
    """The US's equilibrium proposal in alternating offers on ``frontier`` (US proposes first).

    Stationary offers ``a`` (the US's) and ``b`` (Japan's) satisfy
    ``g_J(a) = max(d_J g_J(b), w_J)`` and ``g_US(b) = d_US g_US(a)``, where ``g`` are gains
    over the disagreement point and ``w_J`` is Japan's outside option (a gain).
    """
    d_us = _check_discount("delta_us", delta_us)
    d_japan = _check_discount("delta_japan", delta_japan)
    low, high = bargaining_range(frontier, disagreement)
    gain_us = lambda c: float(frontier.us(c)) - disagreement[0]  # noqa: E731
    gain_japan = lambda c: float(frontier.japan(c)) - disagreement[1]  # noqa: E731
    if japan_outside_gain >= gain_japan(low):
        raise BargainingError("Japan's outside option beats every deal: it walks away")

    def japans_offer(a: float) -> float:
        return max(low, frontier.concession_for_us(disagreement[0] + d_us * gain_us(a)))

    def indifference(a: float) -> float:
        return gain_japan(a) - max(d_japan * gain_japan(japans_offer(a)), japan_outside_gain)

    if indifference(high) >= 0:
        return _bargain(frontier, disagreement, high)
    return _bargain(frontier, disagreement, brentq(indifference, low, high, xtol=1e-14))
