"""Every run's games as Gambit files, so that an instructor can open them in Gambit.

For each run: the 2x2 stage game and the concession-levels game as strategic-form
``.nfg`` files, and the threat game with uncertain US resolve (at the US preset's prior)
as an extensive-form ``.efg`` file, all under ``games/`` in the run folder. The files are
serialised from the result records (the threat tree is rebuilt from the stored payoffs).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sim.io.gambit_io import write_efg, write_nfg
from sim.model.payoffs import JAPAN_ACTIONS, US_ACTIONS
from sim.io.records import RunResult
from sim.io.safe_files import write_atomic
from sim.model.sequential import resolve_game


def game_files(result: RunResult) -> dict[str, str]:
    """File name -> Gambit text for the games of one run."""
    A, B = np.array(result.us_payoffs), np.array(result.japan_payoffs)
    title = f"{result.scenario_title} (japan={result.japan}, us={result.us})"
    files = {f"{result.label}.nfg": write_nfg(A, B, f"Stage game: {title}", (US_ACTIONS, JAPAN_ACTIONS))}
    if result.levels is not None:
        game = result.levels
        files[f"{result.label}__levels.nfg"] = write_nfg(
            np.array(game.us_payoffs),
            np.array(game.japan_payoffs),
            f"Concession levels: {title}",
            (game.us_labels, game.japan_labels),
        )
    if result.sequential is not None:
        tree = resolve_game(A, B, result.terms["tariff_value_to_us"], result.sequential.pbe.prior)
        files[f"{result.label}__threat.efg"] = write_efg(tree, description=title)
    return files


def write_game_files(results: list[RunResult], out_dir: Path) -> list[Path]:
    """Write every run's games under ``out_dir/games`` (atomically, one file at a time)."""
    paths = []
    for result in results:
        for name, text in game_files(result).items():
            path = Path(out_dir) / "games" / name
            write_atomic(path, text)
            paths.append(path)
    return paths
