"""The model layer: the named payoff terms of the stage game, game trees, the sequential
coercion game, domestic ratification and the escalation path; pure functions of the data.

May import: ``sim.base``, ``sim.data``.
"""
