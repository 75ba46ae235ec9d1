"""The result records of a run: what one (scenario, Japan preset, US preset) run produced.

A :class:`RunResult` holds the payoff matrices, the named payoff terms, the checked
equilibria, the analyses of the run and the provenance of every input. Records are plain
frozen values: :mod:`sim.io.results` writes them as JSON and tidy tables, and the reports
read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, overload

from sim.analysis.deal import DealAnalysis
from sim.analysis.maps import EquilibriumMap
from sim.analysis.tipping import TippingPoint
from sim.dynamics.rounds import RepeatedAnalysis
from sim.estimate.bridge import RecordOutlook
from sim.model.ratification import TwoLevelDeal
from sim.model.sequential import ThreatAnalysis
from sim.solve.solvers import Equilibrium


@dataclass(frozen=True)
class FactRecord:
    """One input of a run with its provenance, flattened for tables and reports."""

    name: str
    value: float | None  # None for a non-numeric preset choice (a strategy's name)
    unit: str
    stated: str
    kind: str
    source: str
    quote: str
    reason: str
    alternatives: str


@dataclass(frozen=True)
class SourceRecord:
    """A source a run's numbers cite: an article file or a publication, with its notes."""

    name: str
    title: str
    date: str
    reliability: str
    publisher: str = ""
    address: str = ""


@dataclass(frozen=True)
class GameResult:
    """A normal-form game (strategy labels, both payoff matrices) and its equilibria."""

    us_labels: tuple[str, ...]
    japan_labels: tuple[str, ...]
    us_payoffs: tuple[tuple[float, ...], ...]
    japan_payoffs: tuple[tuple[float, ...], ...]
    equilibria: tuple[Equilibrium, ...]


#: The analyses a run may leave out (``None`` on :class:`RunResult` when not computed).
ANALYSES = ("levels", "sequential", "two_level", "deal", "equilibrium_map", "repeated", "record")


class MissingAnalysis(LookupError):
    """An analysis a run did not compute was asked for (:meth:`RunResult.analysis`)."""


@dataclass(frozen=True)
class RunResult:
    """Everything one run produced."""

    scenario: str
    scenario_title: str
    scenario_date: str
    japan: str
    japan_label: str
    us: str
    us_label: str
    us_payoffs: tuple[tuple[float, ...], ...]
    japan_payoffs: tuple[tuple[float, ...], ...]
    terms: dict[str, float]
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool
    facts: tuple[FactRecord, ...]
    levels: GameResult | None = None
    sequential: ThreatAnalysis | None = None
    two_level: TwoLevelDeal | None = None
    deal: DealAnalysis | None = None
    equilibrium_map: EquilibriumMap | None = None
    repeated: RepeatedAnalysis | None = None
    tipping_points: tuple[TippingPoint, ...] = ()
    sources: tuple[SourceRecord, ...] = ()
    record: RecordOutlook | None = None  # what the 1970-2000 sanctions record implies

    @property
    def label(self) -> str:
        """A unique, file-name-safe name of the run."""
        return f"{self.scenario}__{self.japan}__{self.us}"

    @overload
    def analysis(self, name: Literal["levels"]) -> GameResult: ...
    @overload
    def analysis(self, name: Literal["sequential"]) -> ThreatAnalysis: ...
    @overload
    def analysis(self, name: Literal["two_level"]) -> TwoLevelDeal: ...
    @overload
    def analysis(self, name: Literal["deal"]) -> DealAnalysis: ...
    @overload
    def analysis(self, name: Literal["equilibrium_map"]) -> EquilibriumMap: ...
    @overload
    def analysis(self, name: Literal["repeated"]) -> RepeatedAnalysis: ...
    @overload
    def analysis(self, name: Literal["record"]) -> RecordOutlook: ...

    def analysis(self, name: str) -> object:
        """The analysis ``name`` (one of :data:`ANALYSES`) of this run, which must be present.

        For a reader that cannot go on without it; a reader for which the analysis is
        optional reads the field and handles ``None`` itself.

        Raises
        ------
        MissingAnalysis
            The run did not compute it (the message names the run and the analysis).
        ValueError
            ``name`` is not one of :data:`ANALYSES`.
        """
        if name not in ANALYSES:
            raise ValueError(f"no analysis {name!r}; known: {', '.join(ANALYSES)}")
        found = getattr(self, name)
        if found is None:
            raise MissingAnalysis(f"run {self.label} has no {name} analysis")
        return found
