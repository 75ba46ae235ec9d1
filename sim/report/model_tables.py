"""The stage game's tables in ``docs/model.md``, written from the declared model data.

The cell formulas come from :data:`sim.model.payoffs.CELL_FORMULAS` and each term's row from
its record in :data:`sim.model.terms.TERMS`, so the page cannot drift from the code:
``tests/test_docs.py`` checks that the page holds exactly this text between the markers.
``python -m sim.report.model_tables`` prints it.
"""

from __future__ import annotations

from sim.model.payoffs import CELL_FORMULAS, JAPAN_ACTIONS, TERMS, US_ACTIONS

BEGIN = "<!-- the stage game's tables: written by python -m sim.report.model_tables -->"
END = "<!-- end of the written tables -->"
_US_WORDS = {"refrain": "US refrains", "tariff": "US tariffs"}
_JAPAN_WORDS = {"concede": "Japan concedes", "resist": "Japan resists"}


def cells_markdown() -> list[str]:
    """The 2x2 table of cell formulas, US first."""
    lines = [f"|  | {' | '.join(_JAPAN_WORDS[a] for a in JAPAN_ACTIONS)} |", "| --- |" + " --- |" * len(JAPAN_ACTIONS)]
    for i, action in enumerate(US_ACTIONS):
        cells = (
            f"US `{CELL_FORMULAS[(i, j)][0]}`, Japan `{CELL_FORMULAS[(i, j)][1]}`" for j in range(len(JAPAN_ACTIONS))
        )
        lines.append(f"| **{_US_WORDS[action]}** | {' | '.join(cells)} |")
    return lines


def terms_markdown() -> list[str]:
    """One row per named term: symbol and label, formula, unit, source."""
    lines = ["| term | formula (scenario facts and preset parameters) | unit | source |", "| --- | --- | --- | --- |"]
    for term in TERMS.values():
        symbol = f"`{term.symbol}` " if term.symbol else ""
        lines.append(f"| {symbol}{term.label} | `{term.formula}` | {term.unit} | {term.source} |")
    return lines


def model_tables() -> str:
    """The text between the markers of ``docs/model.md``, markers included."""
    return "\n".join(
        [
            BEGIN,
            "",
            *cells_markdown(),
            "",
            *terms_markdown(),
            "",
            "`loss(x) = max(0, x - O)` is what a tariff cost `x` leaves after redirecting trade.",
            "",
            END,
        ]
    )


if __name__ == "__main__":
    print(model_tables())
