"""Benchmark of the crisis-game estimators: time to the optimum, and interval coverage.

Run from the repository root (one core: the script pins the BLAS threads to 1)::

    python benchmarks/bench_estimate.py                  # ~4 minutes
    python benchmarks/bench_estimate.py --reps 20        # ~1 minute, rougher coverage
    python benchmarks/bench_estimate.py --full-space     # adds the full-space CMLE (~20 s)
    python benchmarks/bench_estimate.py --reps 0         # part 1 only (~30 s)

Part 1 estimates the published specification on the 418 sanction games
(``../shared/data/crisis_game_spec.yaml``, or ``--spec``) by each method and prints the
seconds, the log-likelihood and the equilibrium check (goals: default under 30 s, NPL
under 5 s, on one core). Part 2 is a Monte Carlo: ``--reps`` samples simulated from
known coefficients (:mod:`sim.estimate.simulate`: ``--games`` games of ``--months``
months each, drawn at each game's equilibrium), each estimated by CMLE and NPL; it prints
each coefficient's bias, the spread of the estimates against the mean standard error,
and how often the 95% interval ``estimate +- 1.96 s.e.`` holds the truth.

Timings are printed, never asserted: they depend on the machine and its load.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run from a checkout

from sim.estimate.cmle import estimate_cmle  # noqa: E402
from sim.estimate.fit import estimate  # noqa: E402
from sim.estimate.simulate import SYNTHETIC_BETA, equilibrium_probabilities, simulate_counts, synthetic_design
from sim.estimate.spec import load_design  # noqa: E402

DEFAULT_SPEC = ROOT.parent / "shared" / "data" / "crisis_game_spec.yaml"
PUBLISHED = {"cmle": -3927.91, "npl": -3932.45, "pl": -3964.03}


def time_methods(spec: Path, full_space: bool) -> None:
    design = load_design(spec)
    print(f"Part 1: {design.n_games} games, {int(design.counts.sum())} months ({spec.name})")
    print(f"  {'method':<10} {'seconds':>8} {'log-likelihood':>15} {'published':>10} {'max |p - Psi(p)|':>17}")
    for method in ("pl", "npl", "cmle", "default"):
        began = time.perf_counter()
        fit = estimate(design, method, starts=3, seed=0)
        seconds = time.perf_counter() - began
        published = PUBLISHED.get(fit.method if method == "default" else method)
        print(
            f"  {method:<10} {seconds:8.1f} {fit.loglik:15.4f} {published:10.2f} "
            f"{fit.violation:17.1e}" + (f"  (chose {fit.method})" if method == "default" else "")
        )
    if full_space:
        npl = estimate(design, "npl", starts=3, seed=0)
        began = time.perf_counter()
        fit = estimate_cmle(design, npl.beta, npl.p_resist, solver="full", with_se=False)
        print(
            f"  {'cmle full':<10} {time.perf_counter() - began:8.1f} {fit.loglik:15.4f} "
            f"{PUBLISHED['cmle']:10.2f} {fit.violation:17.1e}  (trust-constr from NPL)"
        )


def monte_carlo(reps: int, games: int, months: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    design = synthetic_design(games, rng)
    names = design.names
    p_true, _ = equilibrium_probabilities(design, SYNTHETIC_BETA)
    print(f"\nPart 2: Monte Carlo, {reps} samples of {games} games x {months} months (seed {seed})")
    began = time.perf_counter()
    results = {"cmle": [], "npl": []}
    for rep in range(reps):
        data = simulate_counts(design, SYNTHETIC_BETA, rng, months=months)
        results["cmle"].append(estimate_cmle(data, SYNTHETIC_BETA, p_true))
        results["npl"].append(estimate(data, "npl", starts=1, seed=rep))
    print(f"  ({time.perf_counter() - began:.0f} s)")
    for method, fits in results.items():
        beta = np.array([f.beta for f in fits])
        se = np.array([f.se for f in fits])
        cover = np.abs(beta - SYNTHETIC_BETA) <= 1.96 * se
        print(f"  {method}: {sum(f.violation <= 1e-6 for f in fits)}/{reps} at a verified equilibrium")
        print(f"    {'coefficient':<8} {'truth':>6} {'bias':>8} {'sd':>7} {'mean se':>8} {'95% coverage':>13}")
        for j, name in enumerate(names):
            print(
                f"    {name:<8} {SYNTHETIC_BETA[j]:6.2f} {beta[:, j].mean() - SYNTHETIC_BETA[j]:8.4f}"
                f" {beta[:, j].std(ddof=1):7.4f} {np.nanmean(se[:, j]):8.4f} "
                f"{cover[:, j].mean():13.2f}"
            )
        print(
            f"    all coefficients: coverage {cover.mean():.3f} (a 95% interval should hold the truth 95% of the time)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--reps", type=int, default=100)
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--months", type=int, default=120)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--full-space", action="store_true", help="also time the full-space CMLE solver (about two minutes)"
    )
    options = parser.parse_args()
    if options.spec.is_file():
        time_methods(options.spec, options.full_space)
    else:
        print(f"Part 1 skipped: {options.spec} not found")
    if options.reps > 0:
        monte_carlo(options.reps, options.games, options.months, options.seed)


if __name__ == "__main__":
    main()
