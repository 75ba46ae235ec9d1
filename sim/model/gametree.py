"""Extensive-form game trees: small frozen nodes that solvers, writers and reports share.

Players are numbered as in the stage game: 0 = US, 1 = Japan; :data:`PLAYERS` names them.
A :class:`Decision` node belongs to a player and an information set (nodes with the same
``infoset`` are indistinguishable to that player and must offer the same actions); a
:class:`Chance` node draws a branch with fixed probabilities; a :class:`Terminal` node
carries the payoffs ``(US, Japan)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

PLAYERS = ("US", "Japan")


@dataclass(frozen=True)
class Terminal:
    """An outcome: its name and the payoffs (US, Japan)."""

    label: str
    payoffs: tuple[float, float]


@dataclass(frozen=True)
class Decision:
    """A move of ``player`` (0 US, 1 Japan) in information set ``infoset``."""

    player: int
    label: str
    infoset: str
    actions: tuple[tuple[str, Node], ...]


@dataclass(frozen=True)
class Chance:
    """A move of nature: each branch is ``(label, probability, child)``."""

    label: str
    branches: tuple[tuple[str, float, Node], ...]


Node = Terminal | Decision | Chance


@dataclass(frozen=True)
class GameTree:
    """A titled game tree rooted at ``root``."""

    title: str
    root: Node


def walk(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Node]]:
    """Every node with the path of branch labels that leads to it, depth first."""
    yield path, node
    if isinstance(node, Decision):
        for action, child in node.actions:
            yield from walk(child, path + (action,))
    elif isinstance(node, Chance):
        for label, _, child in node.branches:
            yield from walk(child, path + (label,))
