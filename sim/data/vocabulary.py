"""The domain's words, declared once as data: each side's actions in the stage game and the
four outcome classes of an episode. Everything else (payoff matrices' labels, the case
coding, the terminal game, the reports) takes its names from here.

Index 0 is each side's cooperative action: the US refrains from new tariffs, Japan concedes
(DESIGN: the stage game). An outcome class names the stage-game cell an episode ended in.

>>> US_ACTIONS, JAPAN_ACTIONS
(('refrain', 'tariff'), ('concede', 'resist'))
>>> outcome_class_of("tariff", "resist")
'standoff'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """One action of one side: its index in the payoff matrices, name and label."""

    side: str
    index: int
    name: str
    label: str


ACTIONS = (
    Action("us", 0, "refrain", "the US refrains from new tariffs"),
    Action("us", 1, "tariff", "the US imposes tariffs"),
    Action("japan", 0, "concede", "Japan concedes"),
    Action("japan", 1, "resist", "Japan resists"),
)
US_ACTIONS = tuple(a.name for a in ACTIONS if a.side == "us")
JAPAN_ACTIONS = tuple(a.name for a in ACTIONS if a.side == "japan")


@dataclass(frozen=True)
class OutcomeClass:
    """How an episode ended: the US action and Japan's (partial counts as conceding)."""

    name: str
    us: str
    japan: str
    label: str


OUTCOMES = (
    OutcomeClass("concession", "refrain", "concede", "Japan concedes, no tariffs"),
    OutcomeClass("concession_under_tariffs", "tariff", "concede", "Japan concedes under tariffs"),
    OutcomeClass("standoff", "tariff", "resist", "tariffs and resistance"),
    OutcomeClass("us_backs_down", "refrain", "resist", "Japan resists, the US backs down"),
)
OUTCOME_CLASSES = tuple(o.name for o in OUTCOMES)


def outcome_class_of(us: str, japan: str) -> str:
    """The outcome class of a US action and Japan's (``partial`` counts as conceding)."""
    cell = ("refrain" if us == "refrain" else "tariff", "resist" if japan == "resist" else "concede")
    return next(o.name for o in OUTCOMES if (o.us, o.japan) == cell)
