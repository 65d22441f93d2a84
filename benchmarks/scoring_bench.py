"""Benchmark of smartcase.scoring.uncertainty: the vectorised Monte Carlo against a naive loop.

Not a test (no timing assertions anywhere in the test suite). Run with

    .venv/bin/python benchmarks/scoring_bench.py            # full run (about two minutes)
    .venv/bin/python benchmarks/scoring_bench.py --quick    # smaller n, for a smoke run

It prints a Markdown table (pasted into benchmarks/README.md, section "Scoring engine"):

* the headline: 100,000 replications over 5 cases x 30 sub-dimensions (3 elements), sampling
  three normalisations, three aggregations (arithmetic, geometric, Copeland), +-25 % weight noise
  and a -1/0/+1 shift on 20 % of the codes (target: under 2 s on a 2-core machine);
* scaling to 100 and 1,000 cases, with and without Copeland (whose pairwise comparisons grow
  with the square of the number of cases);
* beside each, a naive per-replication Python loop calling ``composite()`` on the same draws,
  timed on a subset and extrapolated linearly (the subset size is printed); the loop's ranks are
  checked against the vectorised ones.

Times are the best of ``--repeat`` runs (default 3) of the whole ``uncertainty()`` call, record
and summaries included.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np
import pandas as pd

from smartcase.scoring import composite, uncertainty
from smartcase.scoring.engine import aggregation_label
from smartcase.scoring.montecarlo import prepare
from smartcase.scoring.weights import Weights

N_SUB = 30
N_EL = 3
ALL = ("arithmetic", "geometric", "copeland")
LINEAR = ("arithmetic", "geometric")


def problem(n_cases: int, seed: int = 1) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    rng = np.random.default_rng(seed)
    cols = [f"s{i:02d}" for i in range(N_SUB)]
    codes = pd.DataFrame(
        rng.integers(0, 4, size=(n_cases, N_SUB)),
        index=[f"c{i:04d}" for i in range(n_cases)],
        columns=cols,
    )
    mapping = {c: f"e{i % N_EL}" for i, c in enumerate(cols)}
    mask = pd.DataFrame(rng.random(codes.shape) < 0.2, index=codes.index, columns=codes.columns)
    return codes, mapping, mask


def vectorised(n_cases: int, n: int, aggs: tuple[str, ...], repeat: int) -> tuple[float, object]:
    codes, mapping, mask = problem(n_cases)
    best = float("inf")
    res = None
    for _ in range(repeat):
        t = time.perf_counter()
        res = uncertainty(codes, n=n, seed=0, mapping=mapping, codes=mask, aggregation=aggs)
        best = min(best, time.perf_counter() - t)
    return best, res


def naive(n_cases: int, n_loop: int, aggs: tuple[str, ...], check: object) -> float:
    """One composite() call per replication, on the same draws as the vectorised run."""
    codes, mapping, mask = problem(n_cases)
    space = prepare(
        codes,
        normalize=("goalposts", "minmax", "rank"),
        aggregation=aggs,
        weights="equal",
        weight_noise=0.25,
        codes=mask,
        mapping=mapping,
        scale=(0, 3),
        direction=None,
        reference=None,
        missing="error",
        coder="ref",
    )
    p = space.problem
    U = np.random.default_rng(0).random((n_loop, space.n_inputs))  # the first n_loop rows of seed 0
    t = time.perf_counter()
    draw = space.decode(U)
    ranks = []
    for r in range(n_loop):
        table = pd.DataFrame(draw.X[r], index=list(p.cases), columns=list(p.indicators))
        w = Weights(
            pd.Series(draw.W_ind[r], index=list(p.indicators)),
            pd.Series(draw.W_el[r], index=list(p.elements)),
        )
        out = composite(
            table,
            mapping=mapping,
            normalize=space.normalizations[draw.norm_idx[r]],  # type: ignore[arg-type]
            weights=w,
            aggregation=aggregation_label(space.aggregations[draw.agg_idx[r]]),  # type: ignore[arg-type]
        )
        ranks.append(out["rank"].to_numpy(dtype=int))
    elapsed = time.perf_counter() - t
    if check is not None and getattr(check, "ranks", None) is not None:
        assert np.array_equal(np.array(ranks), check.ranks.to_numpy()[:n_loop]), (
            "naive and vectorised ranks differ"
        )
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller n (smoke run)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    q = args.quick
    plan = [
        # cases, replications, aggregations, naive subset
        (5, 10_000 if q else 100_000, ALL, 200 if q else 2_000),
        (5, 10_000 if q else 100_000, LINEAR, 200 if q else 2_000),
        (100, 2_000 if q else 10_000, ALL, 50 if q else 500),
        (100, 2_000 if q else 10_000, LINEAR, 50 if q else 500),
        (1_000, 1_000 if q else 10_000, LINEAR, 20 if q else 100),
        (1_000, 20 if q else 200, ALL, 5 if q else 20),
    ]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, numpy {np.__version__}"
    )
    print(
        "sub-dimensions: 30 in 3 elements; normalisations sampled: goalposts, minmax, rank; weight noise +-25 %; 20 % of codes shifted\n"
    )
    print(
        "| cases | replications | aggregations sampled | vectorised (s) | per 1,000 replications (ms) | per replication and case (us) | naive loop (s, extrapolated) | naive subset | speed-up |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for n_cases, n, aggs, n_loop in plan:
        t_vec, res = vectorised(n_cases, n, aggs, 1 if n_cases >= 1000 else args.repeat)
        t_loop = naive(n_cases, n_loop, aggs, res) * n / n_loop
        label = ", ".join(aggs)
        per_case = 1e6 * t_vec / n / n_cases
        print(
            f"| {n_cases:,} | {n:,} | {label} | {t_vec:.2f} | {1e6 * t_vec / n:,.1f} | {per_case:,.2f} | {t_loop:,.1f} | {n_loop:,} | {t_loop / t_vec:,.0f}x |",
            flush=True,
        )
    print(
        f"\nload average during the run: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
