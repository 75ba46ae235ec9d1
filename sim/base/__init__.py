"""Foundations every layer may use: user errors, text escaping, package paths, units,
the catalogue of scenario fields and the small field checks.

May import: nothing else from ``sim`` (the standard library and numpy only).
"""
