"""Playing Japan against a US strategy at the terminal: the game, its prompts, its log
and its text.

May import: the core layers, ``sim.io`` and ``sim.report.summary`` (text only).
"""
