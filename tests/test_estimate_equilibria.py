"""Every equilibrium the finder returns is a fixed point, and none is missed."""

from __future__ import annotations

import numpy as np

from sim.estimate.equilibria import all_equilibria, nearest_equilibrium, violation
from sim.estimate.model import psi

# S_A, V_A, C_B, W_A, W_B, a, V_B of games with three equilibria (found by a random search)
THREE = np.array(
    [
        [1.171, -0.789, -0.447, 0.085, -2.494, 0.017, 2.627],
        [-1.588, -3.846, -1.133, 0.874, -2.638, 0.511, 1.581],
        [1.883, -2.945, -0.877, 3.228, -1.203, 2.58, 2.103],
    ]
).T


def sign_changes_on_a_fine_grid(U: np.ndarray, points: int = 100_001) -> np.ndarray:
    """Brute force: how often ``p - Psi(p)`` changes sign on a very fine grid, per game."""
    p = np.linspace(1e-6, 1.0, points)
    counts = []
    for k in range(U.shape[1]):
        g = p - psi(np.repeat(U[:, k : k + 1], points, axis=1), p)
        counts.append(int(np.count_nonzero(np.signbit(g[1:]) != np.signbit(g[:-1]))))
    return np.array(counts)


def test_three_equilibria_are_all_found_and_are_fixed_points():
    roots, count = all_equilibria(THREE)
    assert count.tolist() == [3, 3, 3]
    assert count.tolist() == sign_changes_on_a_fine_grid(THREE).tolist()
    for k in range(3):
        p = roots[k, :3]
        assert np.all(np.diff(p) > 0)
        assert np.max(np.abs(p - psi(np.repeat(THREE[:, k : k + 1], 3, axis=1), p))) < 1e-12


def test_random_games_every_root_is_a_fixed_point_and_counts_match_brute_force():
    rng = np.random.default_rng(7)
    U = rng.normal(0, 1.5, (7, 30))
    roots, count = all_equilibria(U)
    for k in range(U.shape[1]):
        p = roots[k, : count[k]]
        assert np.max(np.abs(p - psi(np.repeat(U[:, k : k + 1], p.size, axis=1), p)), initial=0) < 1e-12
    assert count.tolist() == sign_changes_on_a_fine_grid(U, 30_001).tolist()


def test_nearest_equilibrium_picks_the_branch_closest_to_the_start():
    roots, _ = all_equilibria(THREE)
    start = roots[:, 2] - 1e-3
    chosen, count = nearest_equilibrium(THREE, start)
    assert np.allclose(chosen, roots[:, 2])
    assert violation(THREE, chosen) < 1e-12 and count.tolist() == [3, 3, 3]
