"""How sure is the stage game's conclusion? Monte Carlo, a tornado and the articles' conflicts.

Most scenario inputs are *assumed*; a scenario may declare the ``range`` each assumed (or
derived) fact is uncertain over (``docs/scenario-format.md``). Three analyses, each a pure
function of a scenario and two presets (randomness passed in as a ``numpy`` Generator):

* :func:`monte_carlo`: every ranged input drawn at once (uniform over its range, or
  triangular with its mode at the scenario's value), all draws' 2x2 games built in one
  call of :func:`sim.model.payoffs.payoff_matrices` per block and solved by
  :func:`sim.solve.engine2x2.equilibria_2x2`; how often each outcome class holds.
* :func:`tornado`: one ranged input at a time at each end of its range (the others at
  their values): Japan's margin under tariffs and the outcome class at both ends.
* :func:`conflicts`: every fact with ``alternatives`` (figures on which sources disagree)
  rerun with each figure in turn; whether the conclusion changes.

Japan's *margin under tariffs* is ``B[1, 0] - B[1, 1]``: what conceding pays Japan over
resisting when the US imposes tariffs (US$ bn a year; positive: conceding is better). The
tornado also gives the *US margin against resistance*, ``A[1, 1] - A[0, 1]``: what
tariffs pay the US over refraining when Japan resists (positive: the threat is carried
out), since inputs of the US side change the outcome without moving Japan's margin.
Figures are drawn by :mod:`sim.report.uncertainty_plots` from these records, never from models.
The command ``python -m sim.uncertainty SCENARIO`` prints all three in words (see
``docs/uncertainty.md``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from sim.model.payoffs import model_parameters, payoff_matrices
from sim.data.presets import JapanPreset, USPreset
from sim.data.quantity import Quantity
from sim.data.scenario import Scenario
from sim.solve.outcome_classes import DEGENERATE, OUTCOME_WORDS, outcome_class
from sim.solve.engine2x2 import equilibria_2x2

DISTRIBUTIONS = ("uniform", "triangular")
#: Draws solved per block: the block's payoffs and terms stay a few MB.
BLOCK = 1 << 16
#: Japan's stance in an outcome class: it concedes, resists, or has no single action
#: (a mixed equilibrium, or two pure ones in which it acts differently).
STANCE_WORDS = ("concedes", "resists", "has no single action")
CONCEDES, RESISTS, NO_SINGLE_ACTION = 0, 1, 2
QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class RangedInput:
    """A scenario fact with a declared range: its value and bounds, canonical units."""

    name: str
    unit: str
    value: float
    low: float
    high: float


@dataclass(frozen=True)
class Draws:
    """Every draw of a Monte Carlo run: sampled inputs, outcome codes, Japan's margins."""

    inputs: Mapping[str, np.ndarray]
    outcome: np.ndarray
    margin: np.ndarray


@dataclass(frozen=True)
class MonteCarloResult:
    """How often each outcome class holds over the draws (codes index ``OUTCOME_WORDS``).

    Attributes
    ----------
    counts : tuple of int
        Draws per outcome class, degenerate ones (ties) included as their own class.
    unchanged : float
        Share of the non-degenerate draws in which Japan's stance (:data:`STANCE_WORDS`) is
        the point estimate's; NaN when every draw is degenerate.
    concede_share : float
        Share of draws in which Japan's margin under tariffs is positive.
    margin_quantiles : tuple of float
        Japan's margin under tariffs at the :data:`QUANTILES` of the draws.
    """

    scenario: str
    title: str
    japan: str
    us: str
    draws: int
    distribution: str
    inputs: tuple[str, ...]
    counts: tuple[int, ...]
    point_outcome: int
    point_margin: float
    unchanged: float
    degenerate: int
    concede_share: float
    margin_quantiles: tuple[float, ...]

    @property
    def frequencies(self) -> tuple[float, ...]:
        """Share of the draws in each outcome class (sums to 1)."""
        return tuple(count / self.draws for count in self.counts)


@dataclass(frozen=True)
class TornadoBar:
    """Both margins and the outcome class with one input at each end of its range.

    ``swing`` is ``|margin_high - margin_low|``, Japan's; ``us_margin_*`` are the US
    margin against resistance.
    """

    name: str
    unit: str
    value: float
    low: float
    high: float
    margin_low: float
    margin_high: float
    outcome_low: int
    outcome_high: int
    swing: float
    us_margin_low: float
    us_margin_high: float


@dataclass(frozen=True)
class Tornado:
    """The point estimate and one bar per ranged input, the largest swing first."""

    scenario: str
    title: str
    japan: str
    us: str
    point_margin: float
    point_us_margin: float
    point_outcome: int
    bars: tuple[TornadoBar, ...]


@dataclass(frozen=True)
class ConflictFigure:
    """One figure of a disputed fact and the stage game's conclusion with it."""

    stated: str
    value: float
    kind: str
    source: str
    chosen: bool
    outcome: int
    margin: float


@dataclass(frozen=True)
class Conflict:
    """A fact the sources disagree on, run with each figure (the chosen one first)."""

    name: str
    unit: str
    choice: str
    figures: tuple[ConflictFigure, ...]
    changes_outcome: bool
    changes_stance: bool


def ranged_inputs(scenario: Scenario) -> tuple[RangedInput, ...]:
    """The facts of ``scenario`` that declare a range, in catalogue order."""
    return tuple(
        RangedInput(name, q.unit, q.value, *q.range) for name, q in scenario.facts.items() if q.range is not None
    )


def japan_stance(codes: ArrayLike) -> np.ndarray:
    """Japan's stance (:data:`STANCE_WORDS` index) in each outcome class code.

    >>> japan_stance([0, 3, 4]).tolist()
    [0, 1, 2]
    """
    codes = np.asarray(codes)
    return np.select([(codes == 0) | (codes == 2), (codes == 1) | (codes == 3)], [CONCEDES, RESISTS], NO_SINGLE_ACTION)


def japan_margin(B: np.ndarray) -> np.ndarray:
    """Japan's margin under tariffs, concede minus resist: ``B[..., 1, 0] - B[..., 1, 1]``."""
    return B[..., 1, 0] - B[..., 1, 1]


def us_margin(A: np.ndarray) -> np.ndarray:
    """The US margin against resistance: ``A[..., 1, 1] - A[..., 0, 1]``.

    Tariffs minus refraining when Japan resists; positive where the US carries out its
    threat.
    """
    return A[..., 1, 1] - A[..., 0, 1]


def batch_games(
    base: Mapping[str, float], varied: Mapping[str, np.ndarray], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Payoffs ``A``, ``B`` (shape ``(size, 2, 2)``) of ``base`` with the ``varied`` arrays.

    Parameters
    ----------
    base : mapping of str to float
        All model parameters (:func:`sim.model.payoffs.model_parameters`).
    varied : mapping of str to ndarray, shape (size,)
        The parameters that differ between the games.
    size : int
        Number of games (needed when ``varied`` is empty).
    """
    A, B = payoff_matrices({**base, **varied})
    return np.broadcast_to(A, (size, 2, 2)), np.broadcast_to(B, (size, 2, 2))


def solve_batch(
    base: Mapping[str, float], varied: Mapping[str, np.ndarray], size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Outcome codes (:func:`sim.solve.outcome_classes.outcome_class`) and Japan's margins of a batch.

    Arguments as for :func:`batch_games`.
    """
    A, B = batch_games(base, varied, size)
    return outcome_class(equilibria_2x2(A, B)), japan_margin(B)


def sample_inputs(
    inputs: tuple[RangedInput, ...], draws: int, rng: np.random.Generator, distribution: str = "uniform"
) -> dict[str, np.ndarray]:
    """``draws`` values of each input, uniform over its range or triangular (mode: value).

    Inputs are drawn one after another in the given order, so a seed fixes every draw. A
    collapsed range (``low == high``) gives its value and uses no random numbers.

    >>> item = RangedInput("security_dependence", "fraction", 0.8, 0.6, 0.95)
    >>> values = sample_inputs((item,), 1000, np.random.default_rng(0))["security_dependence"]
    >>> bool(values.min() >= 0.6 and values.max() <= 0.95)
    True
    """
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {DISTRIBUTIONS}, got {distribution!r}")
    return {item.name: _sample(item, draws, rng, distribution) for item in inputs}


def _sample(item: RangedInput, draws: int, rng: np.random.Generator, distribution: str) -> np.ndarray:
    if item.low == item.high:
        return np.full(draws, item.value)
    if distribution == "uniform":
        return rng.uniform(item.low, item.high, draws)
    return rng.triangular(item.low, item.value, item.high, draws)


def _blocks(
    scenario: Scenario, japan: JapanPreset, us: USPreset, draws: int, rng: np.random.Generator, distribution: str
) -> Iterator[tuple]:
    """Sampled inputs, outcome codes and margins, :data:`BLOCK` draws at a time."""
    if isinstance(draws, bool) or not isinstance(draws, int | np.integer) or draws < 1:
        raise ValueError(f"draws must be a positive integer, got {draws!r}")
    base, inputs = model_parameters(scenario, japan, us), ranged_inputs(scenario)
    for start in range(0, draws, BLOCK):
        size = min(BLOCK, draws - start)
        sampled = sample_inputs(inputs, size, rng, distribution)
        yield (sampled, *solve_batch(base, sampled, size))


def sample_games(
    scenario: Scenario,
    japan: JapanPreset,
    us: USPreset,
    draws: int,
    rng: np.random.Generator,
    distribution: str = "uniform",
) -> Draws:
    """Every draw of :func:`monte_carlo`, kept whole (for checks and custom summaries).

    Parameters
    ----------
    scenario, japan, us, draws, rng, distribution
        As for :func:`monte_carlo`; the same generator state gives the same draws.

    Returns
    -------
    Draws
        ``inputs`` (name -> values, shape ``(draws,)``), ``outcome`` (int8 codes of
        :data:`sim.solve.outcome_classes.OUTCOME_WORDS`) and ``margin`` (Japan's margin under tariffs).
    """
    blocks = list(_blocks(scenario, japan, us, draws, rng, distribution))
    names = [item.name for item in ranged_inputs(scenario)]
    return Draws(
        inputs={name: np.concatenate([b[0][name] for b in blocks]) for name in names},
        outcome=np.concatenate([b[1] for b in blocks]),
        margin=np.concatenate([b[2] for b in blocks]),
    )


def point_estimate(scenario: Scenario, japan: JapanPreset, us: USPreset) -> tuple[int, float]:
    """The outcome class and Japan's margin under tariffs at the scenario's own values."""
    outcome, margin = solve_batch(model_parameters(scenario, japan, us), {}, 1)
    return int(outcome[0]), float(margin[0])


def monte_carlo(
    scenario: Scenario,
    japan: JapanPreset,
    us: USPreset,
    draws: int,
    rng: np.random.Generator,
    distribution: str = "uniform",
) -> MonteCarloResult:
    """How often each outcome class holds when the ranged inputs are drawn at random.

    Parameters
    ----------
    scenario, japan, us
        The case and the two presets; inputs without a range stay at their values.
    draws : int
        Number of draws (positive).
    rng : numpy.random.Generator
        The only source of randomness.
    distribution : {"uniform", "triangular"}
        Uniform over each range, or triangular with its mode at the scenario's value.

    Returns
    -------
    MonteCarloResult

    Examples
    --------
    >>> from sim.data.scenario import load_scenario, resolve_scenario_path
    >>> from sim.data.presets import JapanPreset, USPreset, load_preset
    >>> case = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    >>> found = monte_carlo(case, load_preset(JapanPreset, "ishiba"),
    ...                     load_preset(USPreset, "trump_2025"), 1000, np.random.default_rng(0))
    >>> round(sum(found.frequencies), 12), OUTCOME_WORDS[found.point_outcome]
    (1.0, 'Japan resists / US imposes')
    """
    point, point_margin = point_estimate(scenario, japan, us)
    counts = np.zeros(len(OUTCOME_WORDS), dtype=np.int64)
    same, margin_blocks = 0, []
    for _, outcome, margin in _blocks(scenario, japan, us, draws, rng, distribution):
        counts += np.bincount(outcome, minlength=len(OUTCOME_WORDS))
        same += int(np.count_nonzero((japan_stance(outcome) == japan_stance(point)) & (outcome != DEGENERATE)))
        margin_blocks.append(margin)
    margins = np.concatenate(margin_blocks)
    solved = draws - int(counts[DEGENERATE])
    return MonteCarloResult(
        scenario=scenario.name,
        title=scenario.title,
        japan=japan.name,
        us=us.name,
        draws=draws,
        distribution=distribution,
        inputs=tuple(item.name for item in ranged_inputs(scenario)),
        counts=tuple(int(c) for c in counts),
        point_outcome=point,
        point_margin=point_margin,
        unchanged=same / solved if solved else float("nan"),
        degenerate=draws - solved,
        concede_share=float(np.mean(margins > 0)),
        margin_quantiles=tuple(float(q) for q in np.quantile(margins, QUANTILES)),
    )


def tornado(scenario: Scenario, japan: JapanPreset, us: USPreset) -> Tornado:
    """Each ranged input alone at both ends of its range, the others at their values.

    The point estimate and all ``2 k`` end games (``k`` ranged inputs) are built and solved
    in one batch.

    Returns
    -------
    Tornado
        The point estimate's margins and outcome, and one :class:`TornadoBar` per ranged
        input, sorted by the swing of Japan's margin under tariffs, largest first (ties
        by name).

    Examples
    --------
    >>> from sim.data.scenario import load_scenario, resolve_scenario_path
    >>> from sim.data.presets import JapanPreset, USPreset, load_preset
    >>> case = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    >>> found = tornado(case, load_preset(JapanPreset, "ishiba"),
    ...                 load_preset(USPreset, "trump_2025"))
    >>> found.bars[0].name, round(found.point_margin, 1)
    ('audience_cost_scale', -1.6)
    """
    base, inputs = model_parameters(scenario, japan, us), ranged_inputs(scenario)
    A, B = batch_games(base, _ends(inputs), 1 + 2 * len(inputs))
    outcome, margin, us_side = outcome_class(equilibria_2x2(A, B)), japan_margin(B), us_margin(A)
    bars = [
        TornadoBar(
            item.name,
            item.unit,
            item.value,
            item.low,
            item.high,
            float(margin[2 * k + 1]),
            float(margin[2 * k + 2]),
            int(outcome[2 * k + 1]),
            int(outcome[2 * k + 2]),
            abs(float(margin[2 * k + 2] - margin[2 * k + 1])),
            float(us_side[2 * k + 1]),
            float(us_side[2 * k + 2]),
        )
        for k, item in enumerate(inputs)
    ]
    return Tornado(
        scenario.name,
        scenario.title,
        japan.name,
        us.name,
        float(margin[0]),
        float(us_side[0]),
        int(outcome[0]),
        tuple(sorted(bars, key=lambda bar: (-bar.swing, bar.name))),
    )


def _ends(inputs: tuple[RangedInput, ...]) -> dict[str, np.ndarray]:
    """Game 0 is the point estimate; games ``2 k + 1`` and ``2 k + 2`` have input ``k`` at
    its low and high end, every other input at its value."""
    columns = {}
    for k, item in enumerate(inputs):
        column = np.full(1 + 2 * len(inputs), item.value)
        column[2 * k + 1 : 2 * k + 3] = (item.low, item.high)
        columns[item.name] = column
    return columns


def conflicts(scenario: Scenario, japan: JapanPreset, us: USPreset) -> tuple[Conflict, ...]:
    """Every fact with ``alternatives`` rerun with each of its figures, the rest as chosen.

    Returns
    -------
    tuple of Conflict
        In catalogue order; each with its figures (the chosen one first), their outcome
        classes and Japan's margins, and whether the outcome or Japan's stance changes.

    Examples
    --------
    >>> from sim.data.scenario import load_scenario, resolve_scenario_path
    >>> from sim.data.presets import JapanPreset, USPreset, load_preset
    >>> case = load_scenario(resolve_scenario_path("ishiba_white_house_2025"))
    >>> found = conflicts(case, load_preset(JapanPreset, "ishiba"),
    ...                   load_preset(USPreset, "trump_2025"))
    >>> [(c.name, [f.stated for f in c.figures]) for c in found][-1]
    ('japan_china_trade', ['295 USD_bn_per_year', '380 USD_bn_per_year'])
    """
    base = model_parameters(scenario, japan, us)
    found = []
    for name, quantity in scenario.facts.items():
        if not quantity.alternatives:
            continue
        figures = (quantity, *quantity.alternatives)
        outcome, margin = solve_batch(base, {name: np.array([f.value for f in figures])}, len(figures))
        found.append(_conflict(name, quantity, figures, outcome, margin))
    return tuple(found)


def _conflict(
    name: str, quantity: Quantity, figures: tuple[Quantity, ...], outcome: np.ndarray, margin: np.ndarray
) -> Conflict:
    records = tuple(
        ConflictFigure(
            f.stated, f.value, f.provenance.kind, f.provenance.source or "", k == 0, int(outcome[k]), float(margin[k])
        )
        for k, f in enumerate(figures)
    )
    stance = japan_stance(outcome)
    return Conflict(
        name,
        quantity.unit,
        quantity.choice or "",
        records,
        changes_outcome=bool((outcome != outcome[0]).any()),
        changes_stance=bool((stance != stance[0]).any()),
    )


# --- the analyses in words ---------------------------------------------------------------


def describe_point(mc: MonteCarloResult) -> list[str]:
    """The run and its point estimate."""
    return [
        f"Uncertainty of the stage game: {mc.title}",
        f"  scenario={mc.scenario}, japan={mc.japan}, us={mc.us} (payoffs in US$ bn a year)",
        f"Point estimate: {OUTCOME_WORDS[mc.point_outcome]}; under tariffs conceding "
        f"minus resisting pays Japan {mc.point_margin:+.1f}.",
    ]


def describe_monte_carlo(mc: MonteCarloResult, seed: int | None = None) -> list[str]:
    """How often each outcome class holds, with standard errors, in a few lines."""
    seeded = "" if seed is None else f", seed {seed}"
    lines = [f"Monte Carlo: {mc.draws} draws, {mc.distribution} over the ranges of {len(mc.inputs)} inputs{seeded}:"]
    for code, share in enumerate(mc.frequencies):
        if mc.counts[code]:
            error = 100 * np.sqrt(share * (1 - share) / mc.draws)
            lines.append(f"  {OUTCOME_WORDS[code]:<40} {100 * share:5.1f}% (standard error {error:.2f} points)")
    stance = STANCE_WORDS[int(japan_stance(mc.point_outcome))]
    low, mid, high = mc.margin_quantiles
    lines += [
        f"  Japan {stance}, as in the point estimate, in {100 * mc.unchanged:.1f}% of "
        f"the draws; {mc.degenerate} degenerate draws (ties) left out.",
        f"  Under tariffs conceding beats resisting in {100 * mc.concede_share:.1f}% of "
        f"the draws; Japan's margin: 5% {low:+.1f}, median {mid:+.1f}, 95% {high:+.1f}.",
        "  Inputs drawn: " + (", ".join(mc.inputs) or "none (the scenario declares no ranges)"),
    ]
    return lines


def describe_tornado(result: Tornado) -> list[str]:
    """One line per input: its range, Japan's margin at both ends, any change of outcome."""
    lines = [
        "Tornado: each input alone at the ends of its range, the others at their values;",
        "  Japan's margin under tariffs (concede minus resist) and the US margin against",
        f"  resistance (tariffs minus refrain; now {result.point_us_margin:+.1f}), largest swing of Japan's first:",
    ]
    for bar in result.bars:
        ends = [_outcome_change(code, result.point_outcome) for code in (bar.outcome_low, bar.outcome_high)]
        lines.append(
            f"  {bar.name} from {bar.low:g} to {bar.high:g} {bar.unit}: Japan "
            f"{bar.margin_low:+.1f} to {bar.margin_high:+.1f} (swing {bar.swing:.1f}), "
            f"US {bar.us_margin_low:+.1f} to {bar.us_margin_high:+.1f}; "
            f"low end {ends[0]}, high end {ends[1]}"
        )
    return lines if result.bars else lines + ["  (no input declares a range)"]


def _outcome_change(code: int, point: int) -> str:
    return "unchanged" if code == point else f"-> {OUTCOME_WORDS[code]}"


def describe_conflicts(found: tuple[Conflict, ...]) -> list[str]:
    """Each disputed fact: the conclusion with each figure, and whether it changes."""
    lines = ["Conflicting figures: each figure in turn, the other facts as chosen:"]
    for conflict in found:
        lines.append(f"  {conflict.name}:")
        for figure in conflict.figures:
            origin = f"{figure.kind}, {figure.source}" if figure.source else figure.kind
            chosen = "chosen, " if figure.chosen else ""
            lines.append(
                f"    {figure.stated:<22} ({chosen}{origin}): "
                f"{OUTCOME_WORDS[figure.outcome]}, margin {figure.margin:+.1f}"
            )
        verdict = "changes" if conflict.changes_outcome else "does not change"
        stance = " (and Japan's stance with it)" if conflict.changes_stance else ""
        lines.append(f"    -> the conclusion {verdict}{stance}")
    return lines if found else lines + ["  (no fact has alternative figures)"]
