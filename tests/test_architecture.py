"""The import contract of the package layers (docs/architecture.md), checked by an ``ast`` walk.

Every import in ``sim/`` counts, at module level and inside functions alike, so that an
import inside a function cannot hide a cycle or a reach up the layers. The entry-point
modules (``python -m`` shells and the two re-exports) are the only exemptions.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sim"

CORE = ("base", "data", "model", "solve", "dynamics", "estimate", "analysis")
ALLOWED = {
    "base": set(),
    "data": {"base"},
    "model": {"base", "data"},
    "solve": {"base", "data", "model"},
    "dynamics": {"base", "data", "model", "solve"},
    "estimate": {"base", "data", "model", "solve"},
    "analysis": {"base", "data", "model", "solve", "dynamics", "estimate"},
    "io": {"base", "data", "model", "solve", "dynamics", "estimate", "analysis"},
    # report reads result records: the record types of the layers below and their
    # vocabulary; that it never computes is proved by tests/test_report_and_plots.py with
    # every computing function of those layers made to fail.
    "report": {"base", "data", "model", "solve", "dynamics", "estimate", "analysis", "io"},
    "play": {"base", "data", "model", "solve", "dynamics", "io", "report"},
    "cli": {"base", "data", "model", "solve", "dynamics", "estimate", "analysis", "io", "report", "play"},
    "facade": {"base", "data", "model", "solve", "dynamics", "estimate", "analysis", "io", "report"},
}
# Third-party packages a layer may not import (hydra and argparse belong to cli alone).
FORBIDDEN_EXTERNAL = {layer: {"matplotlib", "pyarrow", "hydra", "omegaconf", "argparse"} for layer in CORE}
FORBIDDEN_EXTERNAL.update(
    {
        "io": {"matplotlib", "hydra", "omegaconf", "argparse"},
        "report": {"pyarrow", "hydra", "omegaconf", "argparse"},
        "play": {"matplotlib", "pyarrow", "hydra", "omegaconf", "argparse"},
        "facade": {"hydra", "omegaconf", "argparse"},
    }
)
# Entry points: `python -m` shells that only parse arguments and call into sim.cli, and the
# documented re-exports. Nothing else is exempt.
ENTRY_POINTS = {
    "sim.__main__",
    "sim.solve.__main__",
    "sim.match",
    "sim.validate",
    "sim.catalog",
    "sim.play.__main__",
    "sim.backtest",
    "sim.backtest.__main__",
    "sim.estimate.__main__",
    "sim.uncertainty",
    "sim.multirun",
    "sim.multirun.__main__",
    "sim.run_folder",
    "sim.sweep",
    "sim.bargaining",
}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str | None:
    """The layer of a ``sim`` module: its first sub-package (``sim`` itself: the facade)."""
    parts = module.split(".")
    if parts == ["sim"] or parts[:2] == ["sim", "facade"]:
        return "facade"
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else None


def imports(path: Path, module: str) -> list[tuple[int, str]]:
    """Every module an import statement of the file names, with its line."""
    found = []
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.append((node.lineno, base))
            found += [
                (node.lineno, f"{base}.{alias.name}")
                for alias in node.names
                if base == "sim" or _is_module(f"{base}.{alias.name}")
            ]
    return found


def _is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph(root: Path) -> dict[str, list[tuple[int, str]]]:
    """Module -> the ``sim`` modules and outside packages it imports."""
    return {module_name(p, root): imports(p, module_name(p, root)) for p in sorted(root.rglob("*.py"))}


def violations(root: Path = PACKAGE) -> list[str]:
    """Every breach of the contract, one line each (empty when the layers hold)."""
    problems = []
    edges = graph(root)
    for module, targets in edges.items():
        if module in ENTRY_POINTS:
            continue
        layer = layer_of(module)
        if layer is None:
            problems.append(f"{module}: not in a layer package ({', '.join(ALLOWED)})")
            continue
        for line, target in targets:
            top = target.split(".")[0]
            if top == "sim":
                other = layer_of(target)
                if target == "sim" or other in (None, layer) or layer == "facade":
                    continue
                if other not in ALLOWED[layer]:
                    problems.append(f"{module}:{line}: {layer} may not import {other} ({target})")
            elif top in FORBIDDEN_EXTERNAL.get(layer, set()):
                problems.append(f"{module}:{line}: {layer} may not import {top}")
    problems += [f"import cycle: {' -> '.join(cycle)}" for cycle in cycles(edges)]
    return problems


def cycles(edges: dict[str, list[tuple[int, str]]]) -> list[list[str]]:
    """Cycles among ``sim`` modules, counting imports inside functions too."""
    succ = {m: sorted({t for _l, t in ts if t in edges and t != m}) for m, ts in edges.items()}
    found, state = [], {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for nxt in succ[module]:
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[module] = "done"

    for module in sorted(succ):
        if module not in state:
            visit(module, [module])
    return found


def test_the_layers_hold():
    problems = violations()
    assert problems == [], "\n".join(problems)


def test_every_module_is_in_a_layer_or_an_entry_point():
    for module in graph(PACKAGE):
        assert module in ENTRY_POINTS or layer_of(module) is not None, module


@pytest.mark.parametrize(
    "planted, expected",
    [
        ("from sim.report import plots\n", "analysis may not import report"),
        ("import matplotlib.pyplot\n", "analysis may not import matplotlib"),
        ("def later():\n    import hydra\n", "analysis may not import hydra"),
        ("def later():\n    from sim.io import results\n", "analysis may not import io"),
    ],
)
def test_a_planted_violation_is_caught(tmp_path, planted, expected):
    root = tmp_path / "sim"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    target = root / "analysis" / "tipping.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n" + planted, encoding="utf-8")
    found = violations(root)
    assert any(expected in line and line.startswith("sim.analysis.tipping:") for line in found)


def test_a_planted_cycle_is_caught(tmp_path):
    root = tmp_path / "sim"
    shutil.copytree(PACKAGE, root, ignore=shutil.ignore_patterns("__pycache__"))
    target = root / "base" / "units.py"
    target.write_text(
        target.read_text(encoding="utf-8") + "\n\ndef later():\n    from sim.base import fields\n", encoding="utf-8"
    )
    fields = root / "base" / "fields.py"
    fields.write_text(
        fields.read_text(encoding="utf-8") + "\n\ndef later():\n    from sim.base import units\n", encoding="utf-8"
    )
    assert any("import cycle" in line and "sim.base.units" in line for line in violations(root))
