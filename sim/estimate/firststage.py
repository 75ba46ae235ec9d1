"""First-stage estimates of ``p_R`` and ``p_F`` for the pseudo-likelihood estimators.

As in Crisman-Cox & Gibilisco (2021, section 4.1; their replication uses random forests),
two flexible regressions: the share of challenges that B resisted, ``(sf + bd)/(cd + sf +
bd)``, on the games with at least one challenge, and the share of resisted challenges on
which A stood firm, ``sf/(sf + bd)``, on the games with at least one resistance; both are
then predicted for every game. The regressors are every distinct non-constant regressor of
the specification. The learner is scikit-learn's random forest (Breiman 2001), seeded, so
the same data and seed give the same estimates. Predictions are kept within
``[1e-4, 1 - 1e-4]`` (as the published NPL does) so the cut-point stays finite.
"""

from __future__ import annotations

import numpy as np

from sim.estimate.spec import UTILITIES, Design

CLIP = 1e-4


def regressors(design: Design) -> np.ndarray:
    """The distinct non-constant regressor columns of every utility, side by side."""
    seen, columns = set(), []
    for u in UTILITIES:
        for term, column in zip(design.terms[u], design.X[u].T):
            if term != "1" and term not in seen:
                seen.add(term)
                columns.append(column)
    return np.column_stack(columns) if columns else np.zeros((design.n_games, 1))


def first_stage(design: Design, seed: int = 0, trees: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """``(p_resist, p_firm)`` for every game from two seeded random forests."""
    from sklearn.ensemble import RandomForestRegressor  # imported here: slow to import

    X = regressors(design)
    _, n_cd, n_sf, n_bd = design.counts.T
    challenged, resisted = n_cd + n_sf + n_bd, n_sf + n_bd
    out = []
    for share_of, among in (((n_sf + n_bd), challenged), (n_sf, resisted)):
        rows = among > 0
        if not rows.any():
            out.append(np.full(design.n_games, 0.5))
            continue
        forest = RandomForestRegressor(n_estimators=trees, max_features=min(3, X.shape[1]), random_state=seed, n_jobs=1)
        forest.fit(X[rows], share_of[rows] / among[rows])
        out.append(np.clip(forest.predict(X), CLIP, 1 - CLIP))
    return out[0], out[1]
