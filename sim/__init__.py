"""Gaiatsu: a game-theoretic negotiation simulator of US trade coercion against Japan.

Data flows one way through the sub-packages (docs/architecture.md): ``sim.data`` (scenario
files into frozen values) -> ``sim.model`` (payoff terms, games) -> ``sim.solve`` /
``sim.dynamics`` / ``sim.estimate`` -> ``sim.analysis`` (sweeps, tipping points, backtest)
-> ``sim.io`` (records and files) -> ``sim.report`` (text and figures); ``sim.cli`` runs it.

For notebooks (loaded on first use, so that ``import sim`` stays light)::

    import sim
    run = sim.load("ishiba_white_house_2025", japan="ishiba")
    run.stage_game().equilibria()
    grid = sim.grid(run, x="auto_tariff_rate", y="approval")
    sim.plot.equilibrium_map(grid, ax=ax)
"""

from importlib import import_module

__version__ = "0.1.0"

_FACADE = {
    "load": "sim.facade",
    "grid": "sim.facade",
    "Run": "sim.facade",
    "Game": "sim.facade",
    "plot": "sim.report.plots",
}
__all__ = ["__version__", *_FACADE]


def __getattr__(name: str):
    """The facade's names, imported when first used."""
    if name not in _FACADE:
        raise AttributeError(f"module 'sim' has no attribute {name!r}")
    module = import_module(_FACADE[name])
    return module if name == "plot" else getattr(module, name)
