"""Exact Boolean minimisation of truth tables: conservative, parsimonious, intermediate solutions.

:func:`minimize` reproduces R's ``QCA::minimize`` (Dusa), exactly and at scale:

1. **Prime implicants.** The rows a solution must explain (``OUT = 1``), the rows it may use
   (remainders with ``include="?"``, contradictions with ``include="C"``) and the rows it must
   avoid (everything else) define a set function on the property space. A prime implicant is a
   maximal cube (a conjunction of condition values; a dropped condition takes every value) that
   contains at least one row to explain and no row to avoid. All of them are found at once by a
   dynamic programme over the cube lattice (the "positional cube" notation of R's QCA: per
   condition one of its values or "absent"): a vectorised OR-reduction marks every cube that
   contains a row to avoid or a row to explain, and a cube is prime when it is clean, explains
   something, and freeing any of its conditions makes it unclean. The work is proportional to
   the product of (levels + 1) over the conditions: about 4.3e7 cells (one second) for 16 binary
   conditions. Larger spaces use an exact level-wise search (by increasing number of literals,
   R's "consistency cubes" idea) that stops when no cube of the current size is unclean.
2. **Minimal models.** The prime-implicant chart (PIs x rows to explain) is solved as an exact
   set-cover problem: essential PIs first, then the chart splits into independent parts whose
   minimal covers multiply (so even astronomically many models are counted exactly). Each part
   is solved by a branch and bound that enumerates *every* cover of minimum size (R's minimal
   models: R ranks models by number of PIs only, not by literals), with a lower bound (rows that
   share no PI), memoised sub-problems and further decomposition; larger parts first get their
   minimum from a reduced chart by the linear-programming bound (always solved, on a sparse
   matrix), a greedy cover and integer programming (``scipy.optimize.milp``, HiGHS, within the
   ``time_limit``), and are then searched with that bound. ``all_sol=True`` lists every
   irredundant cover instead. The searches have deterministic limits; beyond them the first
   models are kept and the count is a lower bound (a :class:`QCAWarning`, ``Solution.n_models``
   / ``n_models_exact``), and on the rare chart whose minimum cannot be proven within them and
   the integer programme's time limit the tightest proven bounds are reported
   (``Solution.minimum_bounds``). Nothing is dropped silently.
3. **Intermediate solutions** (``dir_exp``), one per pair of conservative and parsimonious model
   (``C1P1``, ``C1P2``, ...), as R computes them: for each conservative PI ``c`` and each
   parsimonious PI ``p`` that contains it, the cube keeping the whole of ``c`` except the literals
   that are not in ``p`` and contradict a directional expectation (a condition without an
   expectation keeps its literal: no counterfactual about it is easy); the remainders in these
   cubes are the easy counterfactuals (``EC``). The positive rows plus the easy counterfactuals are then
   minimised conservatively and the chart of the positive rows solved as above.
4. **Fit.** ``inclS``, ``PRI``, ``covS`` and ``covU`` per term (``covU`` within the union of all
   terms of all models, plus one ``(Mi)`` column per model under model ambiguity) and ``inclS``,
   ``PRI``, ``covS`` per model, computed on the case data as R's ``pof`` does.

Examples
--------
In R: ``minimize(truthTable(LC, "SURV"), include = "?")`` gives ``DEV*STB``.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca.truthtable import truth_table
>>> from smartcase.qca.minimization import minimize
>>> tt = truth_table(load_dataset("LC"), "SURV")
>>> [str(m) for m in minimize(tt, include="?").models]
['DEV*STB']
>>> [str(m) for m in minimize(tt).models]
['DEV*~URB*LIT*STB + DEV*LIT*IND*STB']
>>> [str(m) for m in minimize(tt, include="?", dir_exp="DEV, URB, LIT, IND, STB").models]
['DEV*LIT*STB']
"""

from __future__ import annotations

import html
import itertools
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError
from .expression import Expression, Literal, Term, parse_expression
from .fit import sufficiency_measures
from .truthtable import TruthTable, _decode_rows

__all__ = ["Solution", "minimize", "QCAWarning"]

#: Largest cube space (product of levels + 1) handled by the dynamic programme (~130 MB).
_DP_LIMIT = 130_000_000
_DEFAULT_MAX_NODES = 20_000
_INCLUDES = ("", "?", "C", "?C")


class QCAWarning(UserWarning):
    """A QCA result needs attention (e.g. more minimal models than were kept)."""


class _Stop(Exception):
    pass


# =========================================================================== prime implicants
def _prime_implicants(
    status: np.ndarray, levels: Sequence[int], method: str = "auto"
) -> np.ndarray:
    """All prime implicants, as R positional codes (0 = absent, value + 1), one row each.

    ``status`` holds one entry per row of the complete truth table (0-based row index): 0 = must
    not be covered, 1 = may be covered, 2 = must be covered (explained).
    """
    lv = [int(v) for v in levels]
    cells = float(np.prod(np.array(lv, dtype=np.float64) + 1))
    n_allowed = int((status >= 1).sum())
    sparse = n_allowed <= _MERGE_LIMIT and n_allowed * 8 <= len(status)
    if method == "merge" or (method == "auto" and sparse):
        codes = _pi_merge(status, lv, limit=None if method == "merge" else 4_000_000)
        if codes is not None:
            return codes
    if method in ("dp", "merge") or (method == "auto" and cells <= _DP_LIMIT):
        return _pi_dynamic(status, lv)
    return _pi_levelwise(status, lv)


#: Rows that may be covered, up to which prime implicants are found by merging (Quine-McCluskey).
_MERGE_LIMIT = 50_000


def _pi_merge(status: np.ndarray, levels: list[int], limit: int | None) -> np.ndarray | None:
    """Prime implicants by merging complete groups of implicants level by level (Quine-McCluskey,
    multi-value), for few rows that may be covered. None when more than ``limit`` implicants
    arise at one level (the caller then uses the dynamic programme)."""
    k = len(levels)
    lv = np.array(levels, dtype=np.int64)
    base = np.ones(k, dtype=np.int64)  # mixed radix over (levels + 1) for cube codes
    for j in range(k - 2, -1, -1):
        base[j] = base[j + 1] * (lv[j + 1] + 1)
    current = _decode_rows(np.flatnonzero(status >= 1), lv) + 1
    primes = []
    while len(current):
        if limit is not None and len(current) > limit:
            return None
        keys = current @ base
        merged = np.zeros(len(current), dtype=bool)
        nxt = []
        for j in range(k):
            fixed = np.flatnonzero(current[:, j] > 0)
            if not len(fixed):
                continue
            group = keys[fixed] - current[fixed, j] * base[j]
            uniq, inv, counts = np.unique(group, return_inverse=True, return_counts=True)
            complete = counts == lv[j]
            if complete.any():
                merged[fixed[complete[inv]]] = True
                first = np.unique(inv[complete[inv]], return_index=True)[1]
                parents = current[fixed[complete[inv]][first]].copy()
                parents[:, j] = 0
                nxt.append(parents)
        primes.append(current[~merged])
        current = np.unique(np.concatenate(nxt), axis=0) if nxt else np.zeros((0, k), np.int64)
    codes = np.concatenate(primes) if primes else np.zeros((0, k), dtype=np.int64)
    # keep those that explain something
    explain = _decode_rows(np.flatnonzero(status == 2), lv)
    if len(codes) == 0 or len(explain) == 0:
        return np.zeros((0, k), dtype=np.int64)
    return codes[_chart(codes, explain, levels).any(axis=1)]


def _pi_dynamic(status: np.ndarray, levels: list[int]) -> np.ndarray:
    k = len(levels)
    shape = tuple(levels)
    cshape = tuple(v + 1 for v in levels)
    flags = ((status == 0).astype(np.uint8) | ((status == 2).astype(np.uint8) << 1)).reshape(shape)
    cube = np.zeros(cshape, dtype=np.uint8)
    cube[tuple(slice(0, v) for v in levels)] = flags
    for j in range(k):
        rest = [slice(0, levels[m]) for m in range(j + 1, k)]
        src: tuple[slice | int, ...] = (*([slice(None)] * j), slice(0, levels[j]), *rest)
        dst: tuple[slice | int, ...] = (*([slice(None)] * j), levels[j], *rest)
        cube[dst] = np.bitwise_or.reduce(cube[src], axis=j)
    good = cube == 2  # explains a row, contains no row to avoid
    for j in range(k):
        # a cube is prime only if freeing any of its conditions brings in a row to avoid
        freed = cube[(*([slice(None)] * j), slice(levels[j], levels[j] + 1))]
        good[(*([slice(None)] * j), slice(0, levels[j]))] &= (freed & 1).astype(bool)
    idx = np.flatnonzero(good)
    del good, cube
    codes = np.stack(np.unravel_index(idx, cshape), axis=1).astype(np.int64)
    lv = np.array(levels, dtype=np.int64)
    return np.where(codes == lv, 0, codes + 1)


def _pi_levelwise(status: np.ndarray, levels: list[int]) -> np.ndarray:
    """Exact search by increasing number of literals (for spaces too large for the DP)."""
    k = len(levels)
    lv = np.array(levels, dtype=np.int64)
    if not (status == 0).any():  # the whole space: the empty conjunction is the only PI
        return np.zeros((1 if (status == 2).any() else 0, k), dtype=np.int64)
    explain = _decode_rows(np.flatnonzero(status == 2), lv)
    forbidden_idx = np.flatnonzero(status == 0)
    allowed_idx = np.flatnonzero(status >= 1)
    by_forbidden = len(forbidden_idx) <= len(allowed_idx)
    other = _decode_rows(forbidden_idx if by_forbidden else allowed_idx, lv)
    found: dict[tuple[int, ...], np.ndarray] = {}  # support (conditions) -> values (rows)
    result: list[np.ndarray] = []
    for c in range(1, k + 1):
        any_unclean = False
        level_found: dict[tuple[int, ...], np.ndarray] = {}
        for support in itertools.combinations(range(k), c):
            cols = list(support)
            mb = np.ones(c, dtype=np.int64)
            for i in range(c - 2, -1, -1):
                mb[i] = mb[i + 1] * lv[cols[i + 1]]
            pe = explain[:, cols] @ mb
            uniq, first = np.unique(pe, return_index=True)
            po = other[:, cols] @ mb if len(other) else np.zeros(0, dtype=np.int64)
            if by_forbidden:
                clean = ~np.isin(uniq, po)
            else:
                size = int(np.prod([lv[j] for j in range(k) if j not in support]))
                u, cnt = np.unique(po, return_counts=True)
                clean = np.isin(uniq, u[cnt == size])
            if not clean.all():
                any_unclean = True
            if not clean.any():
                continue
            cand = explain[first[clean]][:, cols]
            keep = np.ones(len(cand), dtype=bool)
            for sup, vals in found.items():
                if not set(sup) <= set(support):
                    continue
                pos = [cols.index(j) for j in sup]
                sub = cand[:, pos]
                hit = (sub[:, None, :] == vals[None, :, :]).all(axis=2).any(axis=1)
                keep &= ~hit
            if keep.any():
                level_found[support] = cand[keep]
        for sup, vals in level_found.items():
            found[sup] = vals
            codes = np.zeros((len(vals), k), dtype=np.int64)
            codes[:, list(sup)] = vals + 1
            result.append(codes)
        if not any_unclean:
            break
    return np.concatenate(result) if result else np.zeros((0, k), dtype=np.int64)


def _sort_implicants(codes: np.ndarray) -> np.ndarray:
    """Order of prime implicants as R prints them: fewer literals, then condition by condition."""
    if len(codes) == 0:
        return np.zeros(0, dtype=np.int64)
    big = np.where(codes == 0, np.iinfo(np.int64).max, codes)
    complexity = (codes > 0).sum(axis=1)
    keys = [big[:, j] for j in range(codes.shape[1] - 1, -1, -1)] + [complexity]
    return np.lexsort(keys)


def _chart(codes: np.ndarray, rows: np.ndarray, levels: Sequence[int]) -> np.ndarray:
    """Boolean chart: does implicant i (R codes) cover row r (condition values)?"""
    lv = np.array(levels, dtype=np.int64)
    out = np.zeros((len(codes), len(rows)), dtype=bool)
    if len(codes) == 0 or len(rows) == 0:
        return out
    if lv.sum() <= 64:
        offsets = np.concatenate([[0], np.cumsum(lv)[:-1]]).astype(np.uint64)
        one = np.uint64(1)
        row_bits = np.zeros(len(rows), dtype=np.uint64)
        for j in range(len(lv)):
            row_bits |= one << (offsets[j] + rows[:, j].astype(np.uint64))
        allowed = np.zeros(len(codes), dtype=np.uint64)
        for j in range(len(lv)):
            allbits = ((one << np.uint64(lv[j])) - one) << offsets[j]
            val = np.where(codes[:, j] > 0, codes[:, j] - 1, 0).astype(np.uint64)
            allowed |= np.where(codes[:, j] == 0, allbits, one << (offsets[j] + val))
        notallowed = ~allowed
        step = max(1, 20_000_000 // max(1, len(rows)))
        for s in range(0, len(codes), step):
            out[s : s + step] = (row_bits[None, :] & notallowed[s : s + step, None]) == 0
        return out
    step = max(1, 20_000_000 // max(1, len(rows) * len(lv)))
    for s in range(0, len(codes), step):
        c = codes[s : s + step, None, :]
        out[s : s + step] = ((c == 0) | (c == rows[None, :, :] + 1)).all(axis=2)
    return out


def _cube_rows(codes: np.ndarray, levels: Sequence[int] | np.ndarray) -> np.ndarray:
    """0-based indices of every row of the complete table inside the cubes (union, sorted)."""
    lv = np.array(levels, dtype=np.int64)
    k = len(lv)
    mbase = np.ones(k, dtype=np.int64)
    for j in range(k - 2, -1, -1):
        mbase[j] = mbase[j + 1] * lv[j + 1]
    parts = []
    for code in np.atleast_2d(codes):
        grids = [np.arange(lv[j]) if code[j] == 0 else np.array([code[j] - 1]) for j in range(k)]
        idx = np.zeros(1, dtype=np.int64)
        for j in range(k):
            idx = (idx[:, None] + grids[j][None, :] * mbase[j]).ravel()
        parts.append(idx)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(parts))


# =========================================================================== chart solving
def _row_dominance(chart: np.ndarray) -> np.ndarray:
    """Indices of PIs not strictly dominated (R: a PI whose rows are a strict subset of another's)."""
    n = chart.shape[0]
    sums = chart.sum(axis=1)
    keep = np.ones(n, dtype=bool)
    cf = chart.astype(np.float32)
    inter = cf @ cf.T  # |rows_i & rows_j|
    for i in range(n):
        # i is dominated by j when rows_i is a subset of rows_j and j covers strictly more
        dominated = (inter[i] == sums[i]) & (sums > sums[i])
        if dominated.any():
            keep[i] = False
    return np.flatnonzero(keep)


def _reduce_chart(chart: np.ndarray) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Reductions that keep the minimum cover size: essential PIs, dominated PIs, dominated rows.

    Returns the forced PIs and the row (PI) and column indices of the remaining core.
    """
    rows = np.arange(chart.shape[0])
    cols = np.arange(chart.shape[1])
    forced: list[int] = []
    while len(cols):
        ch = chart[np.ix_(rows, cols)]
        cc = ch.sum(axis=0)
        if (cc == 1).any():
            ess = np.unique(np.argmax(ch[:, cc == 1], axis=0))
            forced.extend(int(rows[i]) for i in ess)
            covered = ch[ess].any(axis=0)
            keep = np.ones(len(rows), dtype=bool)
            keep[ess] = False
            cols = cols[~covered]
            rows = rows[keep & ch[:, ~covered].any(axis=1)]
            continue
        changed = False
        f = ch.astype(np.float32)
        inter = f @ f.T
        size = ch.sum(axis=1)
        idx = np.arange(len(rows))
        subset = inter == size[:, None]  # PI i's rows are inside PI j's
        np.fill_diagonal(subset, False)
        bigger = (size[None, :] > size[:, None]) | (
            (size[None, :] == size[:, None]) & (idx[None, :] < idx[:, None])
        )
        dominated = (subset & bigger).any(axis=1)
        if dominated.any():
            rows = rows[~dominated]
            ch = ch[~dominated]
            changed = True
        f = ch.T.astype(np.float32)
        inter = f @ f.T
        size = ch.sum(axis=0)
        idx = np.arange(len(cols))
        subset = inter == size[:, None]  # column a's PIs are inside column b's: b is implied
        np.fill_diagonal(subset, False)
        smaller = (size[:, None] < size[None, :]) | (
            (size[:, None] == size[None, :]) & (idx[:, None] < idx[None, :])
        )
        implied = (subset & smaller).any(axis=0)
        if implied.any():
            cols = cols[~implied]
            changed = True
        if not changed:
            break
    return forced, rows, cols


#: Seconds the integer programme may spend, in total, on the charts of one ``minimize`` call
#: whose minimum the exact searches cannot settle (``minimize(time_limit=...)``).
_DEFAULT_TIME_LIMIT = 10.0
#: Charts with more entries than this get the LP bound by the interior-point method (faster on
#: very large sparse charts than the dual simplex), smaller ones by the simplex method.
_IPM_NONZEROS = 200_000
#: The integer programme works on the whole chart (and can prove its minimum) up to this many
#: PIs, or this many rows and entries, within a deterministic node limit (charts of 30,000 PIs
#: over about 100 rows take a few seconds). On larger charts it runs within ``time_limit`` on
#: the PIs of the LP solution and the best cover, for a smaller cover (proven minimal only when
#: it reaches the LP bound).
_MILP_FULL_PIS = 1500
_MILP_FULL_COLS = 400
_MILP_FULL_NONZEROS = 100_000
_MILP_NODE_LIMIT = 2000


@dataclass
class _Budget:
    """Time the integer programmes of one minimisation may still use (seconds)."""

    seconds: float
    used: float = 0.0
    lp_seconds: float = 0.0

    def left(self) -> float:
        return max(0.0, self.seconds - self.used)


def _greedy_cover(chart: np.ndarray, weights: np.ndarray | None = None) -> list[int]:
    """A cover by the greedy rule (most uncovered rows first; with ``weights``, most uncovered
    rows times the PI's weight, e.g. its LP value), then redundant PIs dropped (lowest weight,
    then fewest rows, first)."""
    unc = np.ones(chart.shape[1], dtype=bool)
    gain = chart.sum(axis=1).astype(np.int64)
    chosen: list[int] = []
    while unc.any():
        best = int(np.argmax(gain if weights is None else gain * weights))
        chosen.append(best)
        new = chart[best] & unc
        unc &= ~new
        gain -= chart[:, new].sum(axis=1)
    order = sorted(chosen, key=lambda i: ((0.0 if weights is None else weights[i]), chart[i].sum()))
    counts = chart[chosen].sum(axis=0)
    for p in order:
        if (counts[chart[p]] > 1).all():
            chosen.remove(p)
            counts -= chart[p]
    return sorted(chosen)


def _disjoint_bound(pis: np.ndarray, cols: np.ndarray, n_pis: int, n_cols: int) -> int:
    """Rows that pairwise share no PI each need their own PI: a lower bound on any cover.

    ``pis`` and ``cols`` are the coordinates of the chart's True entries.
    """
    order = np.argsort(cols, kind="stable")
    pis, cols = pis[order], cols[order]
    start = np.searchsorted(cols, np.arange(n_cols + 1))
    counts = np.diff(start)
    used = np.zeros(n_pis, dtype=bool)
    lb = 0
    for c in np.argsort(counts, kind="stable"):
        members = pis[start[c] : start[c + 1]]
        if not used[members].any():
            lb += 1
            used[members] = True
    return lb


def _min_cover(
    chart: np.ndarray, budget: _Budget | None = None
) -> tuple[int, tuple[int, ...], int]:
    """Minimum number of rows (PIs) of ``chart`` covering every column, one such cover, and a
    lower bound (equal to the size when the minimum is proven).

    The chart is reduced (essential PIs, dominated PIs and rows) when it is small enough; the
    lower bound is the larger of the disjoint-rows bound and the linear relaxation (always
    solved, on a sparse matrix); a greedy cover gives a first upper bound; then, while a gap
    remains, the integer programme (``scipy.optimize.milp``, HiGHS) runs within the time left
    in ``budget``, and its best cover and proven dual bound tighten both ends.
    """
    import time

    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import csr_array

    if budget is None:
        budget = _Budget(_DEFAULT_TIME_LIMIT)
    q, u = chart.shape
    if u == 0:
        return 0, (), 0
    if q <= _BB_MAX_PIS and u <= 20_000:
        forced, rows, cols = _reduce_chart(chart)
    else:
        forced, rows, cols = [], np.arange(q), np.arange(u)
    chosen = list(forced)
    lower = len(forced)
    if len(cols):
        core = chart if len(rows) == q and len(cols) == u else chart[np.ix_(rows, cols)]
        r, c = np.nonzero(core)
        a = csr_array((np.ones(len(r)), (c, r)), shape=(len(cols), len(rows)))
        best = _greedy_cover(core)
        lb = _disjoint_bound(r, c, len(rows), len(cols))
        x_lp = None
        if lb < len(best):
            t0 = time.perf_counter()
            # HiGHS takes a sparse A_ub; scipy-stubs list dense arrays only
            lp = linprog(  # type: ignore[call-overload]
                np.ones(len(rows)),
                A_ub=-a,
                b_ub=-np.ones(len(cols)),
                bounds=(0, 1),
                method="highs-ipm" if len(r) > _IPM_NONZEROS else "highs",
            )
            budget.lp_seconds += time.perf_counter() - t0
            if lp.status == 0:
                lb = max(lb, int(np.ceil(lp.fun - 1e-6)))
                x_lp = lp.x
                if len(best) > lb:
                    for weight in (0.01, 0.1, 0.5, 1.0):
                        cover = _greedy_cover(core, x_lp + weight)
                        if len(cover) < len(best):
                            best = cover
        small = len(rows) <= _MILP_FULL_PIS or (
            len(cols) <= _MILP_FULL_COLS and len(r) <= _MILP_FULL_NONZEROS
        )
        if len(best) > lb and (small or (x_lp is not None and budget.left() > 0)):
            # small charts: the whole chart within a deterministic node limit (the solver can
            # prove the minimum); large ones: within the time left, the PIs the LP solution
            # uses plus the best cover, for a better cover (proven minimal only when it
            # reaches the LP bound)
            keep = (
                np.arange(len(rows))
                if small or x_lp is None  # (not small implies an LP solution here)
                else np.union1d(np.flatnonzero(x_lp > 1e-9), np.array(best, dtype=np.int64))
            )
            part = core if small else core[keep]
            pr, pc = np.nonzero(part)
            pa = csr_array((np.ones(len(pr)), (pc, pr)), shape=(len(cols), len(keep)))
            time_left = 0.0 if small else budget.left()
            t0 = time.perf_counter()
            res = milp(
                c=np.ones(len(keep)),
                constraints=LinearConstraint(
                    pa, lb=np.ones(len(cols)), ub=np.full(len(cols), np.inf)
                ),
                integrality=np.ones(len(keep), dtype=np.int64),
                bounds=Bounds(0, 1),
                options=(
                    {"mip_rel_gap": 0.0, "node_limit": _MILP_NODE_LIMIT}
                    if small
                    else {"mip_rel_gap": 0.0, "time_limit": time_left}
                ),
            )
            if not small:
                budget.used += time.perf_counter() - t0
            if res.x is not None and res.fun is not None and round(res.fun) < len(best):
                candidate = [int(keep[i]) for i in np.flatnonzero(res.x > 0.5)]
                if core[candidate].any(axis=0).all():
                    best = sorted(candidate)
            dual_bound = getattr(res, "mip_dual_bound", None)
            if small and res.status == 0:
                lb = len(best)
            elif small and dual_bound is not None and np.isfinite(dual_bound):
                lb = max(lb, int(np.ceil(dual_bound - 1e-6)))
        chosen.extend(int(rows[i]) for i in best)
        lower += min(lb, len(best))
    chosen_t = tuple(sorted(chosen))
    return len(chosen_t), chosen_t, lower


def _bits(x: int) -> list[int]:
    """Positions of the set bits of ``x``, lowest first."""
    out = []
    while x:
        low = x & -x
        out.append(low.bit_length() - 1)
        x ^= low
    return out


def _bitsets(matrix: np.ndarray) -> list[int]:
    """Each row of a boolean matrix as a Python int (bit j = column j)."""
    if matrix.shape[1] == 0:
        return [0] * matrix.shape[0]
    packed = np.packbits(matrix.astype(bool), axis=1, bitorder="little")
    return [int.from_bytes(row.tobytes(), "little") for row in packed]


@dataclass
class _Cover:
    models: list[tuple[int, ...]]
    count: int
    exact: bool
    size: int | None
    lower: int | None = None  # proven lower bound on the minimum size when not proven minimal
    nodes: int = 0


def _enumerate_covers(
    chart: np.ndarray, *, size: int | None, max_models: int, max_nodes: int
) -> _Cover:
    """Every cover of the chart's columns with exactly ``size`` rows, or (``size=None``) every
    irredundant cover; the first ``max_models`` are kept, all are counted while the search stays
    within ``max_nodes`` nodes."""
    q, u = chart.shape
    cov = _bitsets(chart)
    cand = _bitsets(chart.T)
    full = (1 << u) - 1
    kept: list[tuple[int, ...]] = []
    count = 0
    nodes = 0

    def record(chosen: list[int]) -> None:
        nonlocal count
        if size is None:
            for i, qi in enumerate(chosen):
                others = 0
                for j, qj in enumerate(chosen):
                    if j != i:
                        others |= cov[qj]
                if cov[qi] & ~others == 0:
                    return
        count += 1
        if len(kept) < max_models:
            kept.append(tuple(sorted(chosen)))

    def dfs(unc: int, banned: int, chosen: list[int]) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes:
            raise _Stop
        if unc == 0:
            record(chosen)
            return
        depth = len(chosen)
        if size is not None and depth >= size:
            return
        avail_cols = []
        for c in _bits(unc):
            avail = cand[c] & ~banned
            if avail == 0:
                return
            avail_cols.append((avail.bit_count(), c, avail))
        avail_cols.sort()
        if size is not None:
            remaining = size - depth
            used = 0
            lb = 0
            for _, _, avail in avail_cols:
                if avail & used == 0:
                    lb += 1
                    used |= avail
                    if lb > remaining:
                        return
        _, _, avail = avail_cols[0]
        if size is not None and size - depth == 1:
            for qi in _bits(avail):
                if cov[qi] & unc == unc:
                    record([*chosen, qi])
            return
        for qi in _bits(avail):
            dfs(unc & ~cov[qi], banned, [*chosen, qi])
            banned |= 1 << qi

    exact = True
    try:
        dfs(full, 0, [])
    except _Stop:
        exact = False
    return _Cover(models=sorted(kept), count=count, exact=exact, size=size)


def _components(chart: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Connected components of a chart (rows = PIs, columns = explained rows)."""
    from scipy.sparse import block_array, csr_array, sparray
    from scipy.sparse.csgraph import connected_components

    q, u = chart.shape
    a = csr_array(chart.astype(np.int8))
    blocks: list[list[sparray | None]] = [[None, a], [a.T, None]]
    graph = block_array(blocks, format="csr")
    n, labels = connected_components(graph, directed=False)
    out = []
    for lab in range(n):
        rows = np.flatnonzero(labels[:q] == lab)
        cols = np.flatnonzero(labels[q:] == lab)
        if len(cols):
            out.append((rows, cols))
    out.sort(key=lambda rc: int(rc[1].min()))
    return out


#: Largest minimum cover size for which a chart part with very many PIs is searched exhaustively.
_DFS_MAX_SIZE = 16
#: Chart parts with up to this many PIs, and a minimum cover of up to this many, are searched
#: by branch and bound for all their minimum covers (beyond, a lower bound is reported).
_BB_MAX_PIS = 5000
_BB_MAX_SIZE = 40
#: Chart cells the matrix search may scan for charts with more PIs than that (about a second).
_WORK_LIMIT = 300_000_000


def _solve_component(
    sub: np.ndarray,
    *,
    all_sol: bool,
    max_models: int,
    max_nodes: int,
    budget: _Budget | None = None,
) -> _Cover:
    """Minimal covers of one connected part of a chart."""
    if all_sol:
        return _enumerate_covers(sub, size=None, max_models=max_models, max_nodes=max_nodes)
    if sub.shape[0] <= 60:
        res = _cover_search(sub, max_models=max_models, max_nodes=max_nodes)
        if res.exact:
            return res
    if sub.shape[0] > _BB_MAX_PIS:
        # very many PIs: iterative deepening from a lower bound while the search is cheap
        counts = sub.sum(axis=1)
        size = max(1, -(-sub.shape[1] // int(counts.max())))
        work_left = _WORK_LIMIT  # chart cells scanned, shared by all sizes
        while size <= _DFS_MAX_SIZE and work_left > 0:
            res = _min_covers_search(
                sub, size, max_models=max_models, max_nodes=max_nodes, max_work=work_left
            )
            if res.count and res.exact:
                return res
            if not res.exact:
                break
            work_left -= res.nodes
            size += 1
    size, first, lower = _min_cover(sub, budget)
    if lower == size and sub.shape[0] <= _BB_MAX_PIS and size <= _BB_MAX_SIZE:
        res = _cover_search(sub, max_models=max_models, max_nodes=max_nodes, upper=size)
        if res.exact:
            return res
    found: set[tuple[int, ...]] = {first}
    # too large to count: the covers reachable from the optimal one(s) by exchanging one PI at
    # a time (all of the same, minimal size) give a lower bound
    for start in sorted(found):
        if len(found) >= max_models:
            break
        found |= set(_swap_covers(sub, start, max_models - len(found) + 1))
    models = sorted(found)[:max_models]
    return _Cover(
        models=models,
        count=len(found),
        exact=False,
        size=size,
        lower=None if lower == size else lower,
    )


def _cover_search(
    sub: np.ndarray, *, max_models: int, max_nodes: int, upper: int | None = None
) -> _Cover:
    """Every minimum cover of a chart, by branch and bound with decomposition.

    Branches on the uncovered row with the fewest candidate PIs (each branch bans the candidates
    tried before it, so no cover is produced twice), prunes with a lower bound (rows that share
    no candidate PI need distinct PIs) and splits the remaining chart into independent parts,
    whose minimum covers multiply; sub-problems met again are looked up. Counts are exact; the
    covers are kept as a lazy tree and the first ``max_models`` listed at the end.
    """
    q, u = sub.shape
    cov = _bitsets(sub)
    cand = _bitsets(sub.T)
    nodes = 0
    inf = 10**9
    empty: tuple = ("leaf",)
    Result = tuple[int, int, tuple]

    # rows that share a PI (ignoring bans: parts may be merged, never wrongly split)
    neighbours = []
    for c in range(u):
        m = 0
        for p in _bits(cand[c]):
            m |= cov[p]
        neighbours.append(m)

    def components(unc: int, avail: int) -> list[tuple[int, int]]:
        parts = []
        rest = unc
        while rest:
            start = rest & -rest
            cols, frontier = start, start
            while frontier:
                new_cols = 0
                for c in _bits(frontier):
                    new_cols |= neighbours[c]
                new_cols &= unc & ~cols
                cols |= new_cols
                frontier = new_cols
            pis = 0
            for c in _bits(cols):
                pis |= cand[c]
            parts.append((cols, pis & avail))
            rest &= ~cols
        return parts

    def lower_bound(unc: int, avail: int) -> int:
        cols = sorted(((cand[c] & avail).bit_count(), c) for c in _bits(unc))
        used = 0
        lb = 0
        for _, c in cols:
            a = cand[c] & avail
            if a & used == 0:
                lb += 1
                used |= a
        return lb

    def solve(unc: int, avail: int, upper: int) -> Result:
        """(minimum size, number of minimum covers, lazy covers), or (inf, 0, ...) above upper."""
        if unc == 0:
            return 0, 1, empty
        parts = components(unc, avail)
        if len(parts) == 1:
            return solve_connected(unc, avail, upper)
        lbs = [lower_bound(c, a) for c, a in parts]
        if sum(lbs) > upper:
            return inf, 0, empty
        total, count, kids = 0, 1, []
        for i, (cols, pis) in enumerate(parts):
            budget = upper - total - sum(lbs[i + 1 :])
            size, n, tree = solve_connected(cols, pis, budget)
            if size >= inf:
                return inf, 0, empty
            total += size
            count *= n
            kids.append(tree)
        return total, count, ("prod", tuple(kids))

    memo: dict[tuple[int, int], tuple[int, Result]] = {}

    def solve_connected(unc: int, avail: int, upper: int) -> Result:
        relevant = 0
        for c in _bits(unc):
            relevant |= cand[c]
        avail &= relevant
        key = (unc, avail)
        hit = memo.get(key)
        if hit is not None:
            used_upper, result = hit
            if result[0] < inf or upper <= used_upper:
                return result if result[0] <= upper else (inf, 0, empty)
        result = branch(unc, avail, upper)
        if len(memo) < 200_000:
            memo[key] = (upper, result)
        return result

    def branch(unc: int, avail: int, upper: int) -> Result:
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes:
            raise _Stop
        best_col, best_n = -1, inf
        for c in _bits(unc):
            n = (cand[c] & avail).bit_count()
            if n < best_n:
                best_col, best_n = c, n
                if n <= 1:
                    break
        if best_n == 0 or lower_bound(unc, avail) > upper:
            return inf, 0, empty
        options = _bits(cand[best_col] & avail)
        options.sort(key=lambda p: -(cov[p] & unc).bit_count())
        best, count, alts = inf, 0, []
        for p in options:
            size, n, tree = solve(unc & ~cov[p], avail & ~(1 << p), min(upper, best) - 1)
            avail &= ~(1 << p)
            if size >= inf:
                continue
            if size + 1 < best:
                best, count, alts = size + 1, n, [(p, tree)]
            elif size + 1 == best:
                count += n
                alts.append((p, tree))
        return best, count, ("union", tuple(alts))

    def expand(tree: tuple, limit: int):
        kind = tree[0]
        if kind == "leaf":
            yield ()
        elif kind == "union":
            produced = 0
            for p, sub_tree in tree[1]:
                for rest in expand(sub_tree, limit - produced):
                    yield (p, *rest)
                    produced += 1
                    if produced >= limit:
                        return
        else:
            kids = [list(expand(k, limit)) for k in tree[1]]
            for combo in itertools.islice(itertools.product(*kids), limit):
                yield tuple(i for part in combo for i in part)

    try:
        size, count, tree = solve((1 << u) - 1, (1 << q) - 1, inf if upper is None else upper)
    except _Stop:
        return _Cover(models=[], count=0, exact=False, size=None)
    if size >= inf:
        return _Cover(models=[], count=0, exact=True, size=None)
    models = sorted({tuple(sorted(c)) for c in expand(tree, max_models)})
    return _Cover(models=models[:max_models], count=count, exact=True, size=size)


def _min_covers_search(
    sub: np.ndarray, size: int, *, max_models: int, max_nodes: int, max_work: int | None = None
) -> _Cover:
    """Every cover of exactly ``size`` rows, by a depth-first search on boolean matrices.

    At each node the PIs that cannot be part of a cover of the remaining size are dropped (a
    PI's coverage plus the best coverage of the other remaining PIs must reach the uncovered
    rows), which keeps the search small when the minimum is small.
    """
    kept: list[tuple[int, ...]] = []
    count = 0
    nodes = 0

    work = 0

    def rec(a: np.ndarray, ids: np.ndarray, r: int, chosen: list[int]) -> None:
        nonlocal count, nodes, work
        nodes += 1
        work += a.size
        if nodes > max_nodes or (max_work is not None and work > max_work):
            raise _Stop
        ncol = a.shape[1]
        if ncol == 0:
            count += 1
            if len(kept) < max_models:
                kept.append(tuple(sorted(chosen)))
            return
        if r == 0 or a.shape[0] == 0:
            return
        counts = a.sum(axis=1)
        order = np.argsort(-counts, kind="stable")
        top = counts[order[:r]]
        if top.sum() < ncol:
            return
        s_r1 = top[: r - 1].sum()
        rank = np.empty(len(counts), dtype=np.int64)
        rank[order] = np.arange(len(counts))
        others = (
            np.where(rank < r - 1, top.sum() - counts, s_r1) if r > 1 else np.zeros_like(counts)
        )
        keep = (counts > 0) & (counts + others >= ncol)
        if not keep.all():
            a, ids = a[keep], ids[keep]
            if a.shape[0] == 0:
                return
        colcounts = a.sum(axis=0)
        if (colcounts == 0).any():
            return
        col = int(np.argmin(colcounts))
        alive = np.ones(a.shape[0], dtype=bool)
        for j in np.flatnonzero(a[:, col]):
            rest = ~a[j]
            alive[j] = False
            rec(a[alive][:, rest], ids[alive], r - 1, [*chosen, int(ids[j])])

    exact = True
    try:
        rec(sub, np.arange(sub.shape[0]), size, [])
    except _Stop:
        exact = False
    return _Cover(models=sorted(kept), count=count, exact=exact, size=size, nodes=work)


def _swap_covers(sub: np.ndarray, start: tuple[int, ...], limit: int) -> list[tuple[int, ...]]:
    """Covers of the same size reached from ``start`` by replacing one PI at a time."""
    seen = {start}
    queue = [start]
    while queue and len(seen) < limit:
        cover = queue.pop(0)
        counts = sub[list(cover)].sum(axis=0)
        for s in cover:
            private = sub[s] & (counts == 1)
            cands = np.flatnonzero(sub[:, private].all(axis=1))
            for t in cands:
                if t in cover:
                    continue
                new = tuple(sorted((set(cover) - {s}) | {int(t)}))
                if new not in seen:
                    seen.add(new)
                    queue.append(new)
                    if len(seen) >= limit:
                        break
            if len(seen) >= limit:
                break
    return sorted(seen)


def _solve_chart(
    chart: np.ndarray,
    *,
    all_sol: bool,
    row_dom: bool,
    max_models: int,
    max_nodes: int,
    budget: _Budget | None = None,
) -> tuple[list[tuple[int, ...]], int, bool, tuple[int, int] | None]:
    """Minimal models (tuples of PI indices into ``chart``), their count, whether the count is
    exact, and ``(lower bound, size)`` when the minimum number of PIs could not be proven.

    The chart is split into independent parts (connected components once the essential PIs
    are taken out); the models are the products of the parts' minimal covers, so their number
    is counted exactly even when it is astronomically large.
    """
    p, m = chart.shape
    keep = np.arange(p)
    if row_dom and not all_sol:
        keep = _row_dominance(chart)
    c = chart[keep] if len(keep) < p else chart
    colcount = c.sum(axis=0)
    if (colcount == 0).any():  # pragma: no cover - PIs always cover every explained row
        raise QCAError("the prime-implicant chart cannot be solved: a row is covered by no PI")
    ess_local = (
        np.unique(np.argmax(c[:, colcount == 1], axis=0))
        if (colcount == 1).any()
        else np.zeros(0, dtype=np.int64)
    )
    covered = c[ess_local].any(axis=0) if len(ess_local) else np.zeros(m, dtype=bool)
    base = [int(keep[i]) for i in ess_local]
    if covered.all():
        return [tuple(sorted(base))], 1, True, None
    is_ess = np.zeros(len(keep), dtype=bool)
    is_ess[ess_local] = True
    if covered.any():
        resid = np.flatnonzero(c[:, ~covered].any(axis=1) & ~is_ess)
        unc_cols = np.flatnonzero(~covered)
        sub = c[np.ix_(resid, unc_cols)]
    else:  # no essential PI: the whole chart (no copy)
        resid = np.arange(c.shape[0])
        sub = c
    parts = []
    total = 1
    exact = True
    lower, upper, proven = len(base), len(base), True
    for rows, cols in _components(sub):
        whole = len(rows) == sub.shape[0] and len(cols) == sub.shape[1]
        res = _solve_component(
            sub if whole else sub[np.ix_(rows, cols)],
            all_sol=all_sol,
            max_models=max_models,
            max_nodes=max_nodes,
            budget=budget,
        )
        exact &= res.exact
        size = res.size if res.size is not None else (len(res.models[0]) if res.models else 0)
        upper += size
        lower += res.lower if res.lower is not None else size
        proven &= res.lower is None
        total *= res.count
        parts.append([[int(keep[resid[rows[i]]]) for i in cover] for cover in res.models])
    models = []
    for combo in itertools.islice(itertools.product(*parts), max_models):
        models.append(tuple(sorted(base + [i for cover in combo for i in cover])))
    models.sort(key=lambda t: (len(t), t))
    return models, total, exact, (None if proven or all_sol else (lower, upper))


# =========================================================================== consistency thresholds
#: Most cube evaluations (cubes x cases) of the pi_cons search, and most combinations of prime
#: implicants the sol_cons search evaluates.
_PI_CONS_WORK = 2_000_000_000
_SOL_CONS_COMBINATIONS = 2_000_000


def _term_matrix(tt: TruthTable, codes: np.ndarray) -> np.ndarray:
    """Case memberships (PIs x cases) of implicants given as R positional codes."""
    terms = _terms(codes, tt)
    cache: dict[Literal, np.ndarray] = {}
    out = np.ones((len(terms), len(tt.data)))
    for i, term in enumerate(terms):
        for lit in term.literals:
            if lit not in cache:
                cache[lit] = lit.membership(tt.data)
            np.minimum(out[i], cache[lit], out=out[i])
    return out


def _pi_consistent(
    tt: TruthTable, status: np.ndarray, pi_cons: float, *, parsimonious: bool
) -> np.ndarray:
    """Prime implicants that must be consistent (inclS >= pi_cons on the case data).

    R's CCubes with ``pi.cons``: by increasing number of literals, every cube that contains an
    explained row and is not a superset of a prime implicant found with fewer literals is a
    prime implicant when its consistency reaches ``pi_cons``. For the parsimonious solution
    the consistency replaces the check against the negative rows (as in R); for the
    conservative one the cube must also avoid every row not explained.
    """
    k = len(tt.conditions)
    lv = np.array(tt.levels, dtype=np.int64)
    explain = _decode_rows(np.flatnonzero(status == 2), lv)
    y = tt.outcome_membership.to_numpy(dtype=float)
    work = float(len(explain)) * len(y) * float(2**k)
    if work > _PI_CONS_WORK:
        raise QCAError(
            f"argument 'pi_cons': the consistency search over {k} conditions, {len(explain)} "
            f"positive rows and {len(y)} cases is too large (about {work:.2g} steps)"
        )
    members = {
        (j, v): Literal(c, frozenset({v}), multivalue=tt.kinds[c] == "multivalue").membership(
            tt.data
        )
        for j, c in enumerate(tt.conditions)
        for v in range(int(lv[j]))
    }
    found: list[np.ndarray] = []  # R codes of the prime implicants
    for size in range(1, k + 1):
        level = []
        for support in itertools.combinations(range(k), size):
            cols = list(support)
            for vals in np.unique(explain[:, cols], axis=0):
                code = np.zeros(k, dtype=np.int64)
                code[cols] = vals + 1
                if any(np.all((f == 0) | (f == code)) for f in found):
                    continue  # contains a shorter prime implicant
                if not parsimonious and (status[_cube_rows(code, lv)] == 0).any():
                    continue
                x = np.ones(len(y))
                for j, v in zip(cols, vals, strict=True):
                    np.minimum(x, members[(j, int(v))], out=x)
                sx = x.sum()
                incl = np.minimum(x, y).sum() / sx if sx > 0 else 0.0
                if incl >= pi_cons - 1e-10:
                    level.append(code)
        found.extend(level)
    return np.array(found, dtype=np.int64).reshape(-1, k)


def _consistent_models(
    tt: TruthTable, codes: np.ndarray, chart: np.ndarray, opts: dict[str, Any], label: str
) -> tuple[list[tuple[int, ...]], int, bool]:
    """Models by solution consistency (R's ``sol.cons``): every combination of prime
    implicants, by increasing size, that does not contain a smaller such model and whose union
    has inclS >= sol_cons and covS >= sol_cov on the case data. The positive rows need not all
    be covered."""
    sol_cons, sol_cov = opts["sol_cons"], opts["sol_cov"]
    x = _term_matrix(tt, codes)
    y = tt.outcome_membership.to_numpy(dtype=float)
    sy = y.sum()
    n = len(codes)
    depth = min(n, max(1, chart.shape[1]))
    if opts.get("sol_depth"):
        depth = min(depth, int(opts["sol_depth"]))
    found: list[tuple[int, ...]] = []
    evaluated = 0
    exact = True
    for size in range(1, depth + 1):
        for combo in itertools.combinations(range(n), size):
            if any(set(f) <= set(combo) for f in found):
                continue
            evaluated += 1
            if evaluated > _SOL_CONS_COMBINATIONS:
                exact = False
                break
            union = x[list(combo)].max(axis=0)
            inter = np.minimum(union, y).sum()
            su = union.sum()
            incl = inter / su if su > 0 else 0.0
            cov = inter / sy if sy > 0 else 0.0
            if incl >= sol_cons - 1e-10 and cov >= sol_cov - 1e-10:
                found.append(combo)
        if not exact:
            break
    if not exact:
        warnings.warn(
            f"{label} solution for {tt.outcome!r}: the sol_cons search stopped after "
            f"{_SOL_CONS_COMBINATIONS} combinations of prime implicants (at {size} implicants); "
            "set sol_depth to search fewer sizes",
            QCAWarning,
            stacklevel=4,
        )
    if not found:
        raise QCAError(
            f"{label} solution for {tt.outcome!r}: no combination of prime implicants reaches "
            f"sol_cons {sol_cons:g} and sol_cov {sol_cov:g} (R: 'There are no solutions, given "
            "these constraints'; lower sol_cov, which defaults to 1 as in R)"
        )
    found.sort(key=lambda t: (len(t), t))
    return found[: opts["max_models"]], len(found), exact


def _filter_models(
    tt: TruthTable,
    codes: np.ndarray,
    models: list[tuple[int, ...]],
    sol_cons: float,
    sol_cov: float,
) -> list[tuple[int, ...]]:
    """Minimal models whose union reaches sol_cons (and sol_cov) on the case data."""
    x = _term_matrix(tt, codes)
    y = tt.outcome_membership.to_numpy(dtype=float)
    keep = []
    for model in models:
        incl, _, cov = sufficiency_measures(x[list(model)].max(axis=0), y)
        if incl[0] >= sol_cons - 1e-10 and cov[0] >= sol_cov - 1e-10:
            keep.append(model)
    if not keep:
        raise QCAError(
            f"conservative solution for {tt.outcome!r}: no minimal model reaches sol_cons "
            f"{sol_cons:g}"
            + (f" and sol_cov {sol_cov:g}" if sol_cov > 0 else "")
            + " (R: 'There are no solutions, given these constraints')"
        )
    return keep


# =========================================================================== directional expectations
@dataclass(frozen=True)
class _Expectations:
    """Directional expectations: per condition (individual) and conjunctural ones."""

    single: dict[str, frozenset[int] | None]
    conjunctural: tuple[dict[str, frozenset[int]], ...] = ()
    labels: tuple[str, ...] = ()  # the conjunctural expectations as written

    @property
    def empty(self) -> bool:
        return all(v is None for v in self.single.values()) and not self.conjunctural


def _parse_dir_exp(dir_exp: Any, tt: TruthTable) -> _Expectations:
    """Expected values per condition (None: no expectation) and conjunctural expectations
    (``~LIT*IND``), R's rules; validates unknown names, values and conflicts."""
    conds = list(tt.conditions)
    levels = dict(zip(conds, tt.levels, strict=True))
    out: dict[str, frozenset[int] | None] = {c: None for c in conds}
    conjunctural: list[dict[str, frozenset[int]]] = []
    labels: list[str] = []

    def check_values(cond: str, vals: frozenset[int]) -> frozenset[int]:
        bad = [v for v in vals if not 0 <= v < levels[cond]]
        if bad:
            raise QCAError(
                f"argument 'dir_exp': value {bad[0]} for condition {cond!r} does not occur "
                f"(values 0 to {levels[cond] - 1})"
            )
        return vals

    def check_condition(cond: str, source: str) -> None:
        if cond not in levels:
            raise QCAError(
                f"argument 'dir_exp': unknown condition {cond!r} in {source!r} "
                f"(conditions: {', '.join(conds)})"
            )

    def set_exp(cond: str, vals: frozenset[int], source: str) -> None:
        check_condition(cond, source)
        vals = check_values(cond, vals)
        prev = out[cond]
        if prev is not None and prev != vals:
            raise QCAError(
                f"argument 'dir_exp': contradictory directional expectations for {cond!r}: "
                f"{sorted(prev)} and {sorted(vals)}"
            )
        out[cond] = vals

    def parse_value(cond: str, value: Any) -> frozenset[int] | None:
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            if text in ("-", "", "dc"):
                return None
            parts = [p.strip() for p in re.split(r"[;,]", text) if p.strip() and p.strip() != "-"]
            if not parts or not all(p.isdigit() for p in parts):
                raise QCAError(
                    f"argument 'dir_exp': expected 0, 1, '-' or a value list for {cond!r}, "
                    f"found {value!r}"
                )
            return frozenset(int(p) for p in parts)
        if isinstance(value, bool):
            return frozenset({int(value)})
        if isinstance(value, (int, np.integer)):
            return frozenset({int(value)})
        if isinstance(value, (list, tuple, set, frozenset)):
            return frozenset(int(v) for v in value)
        raise QCAError(
            f"argument 'dir_exp': expected 0, 1, '-' or a value list for {cond!r}, found {value!r}"
        )

    if isinstance(dir_exp, Mapping):
        for cond, value in dir_exp.items():
            if cond not in levels:
                raise QCAError(
                    f"argument 'dir_exp': unknown condition {cond!r} (conditions: {', '.join(conds)})"
                )
            vals = parse_value(cond, value)
            if vals is not None:
                set_exp(cond, vals, f"{cond}={value}")
        return _Expectations(out)
    if isinstance(dir_exp, str):
        items: list[Any] = _split_top(dir_exp)
    elif isinstance(dir_exp, Sequence):
        items = list(dir_exp)
    else:
        raise QCAError(
            "argument 'dir_exp': expected a mapping {condition: 1 | 0 | '-'}, a string such as "
            f"'DEV, STB, ~LIT*IND' or one value per condition, found {type(dir_exp).__name__}"
        )
    positional = all(
        isinstance(v, (int, np.integer))
        or (isinstance(v, str) and re.fullmatch(r"\s*(-|\d+(\s*;\s*\d+)*)\s*", v) is not None)
        for v in items
    )
    if positional:
        if len(items) != len(conds):
            raise QCAError(
                f"argument 'dir_exp': expected one expectation per condition ({len(conds)}), "
                f"found {len(items)}"
            )
        for cond, value in zip(conds, items, strict=True):
            vals = parse_value(cond, value)
            if vals is not None:
                set_exp(cond, vals, str(value))
        return _Expectations(out)
    for item in items:
        if not isinstance(item, str):
            raise QCAError(f"argument 'dir_exp': expected condition literals, found {item!r}")
        if "+" in item:
            raise QCAError(
                f"argument 'dir_exp': separate expectations with commas, found '+' in {item!r}"
            )
        expr = parse_expression(item)
        literals = expr.terms[0].literals
        values: dict[str, frozenset[int]] = {}
        for lit in literals:
            check_condition(lit.condition, item)
            vals = lit.values
            if lit.negated:
                vals = frozenset(range(levels[lit.condition])) - vals
            vals = check_values(lit.condition, frozenset(vals))
            if lit.condition in values and values[lit.condition] != vals:
                raise QCAError(
                    f"argument 'dir_exp': contradictory directional expectations for "
                    f"{lit.condition!r} in {item!r}: {sorted(values[lit.condition])} and "
                    f"{sorted(vals)}"
                )
            values[lit.condition] = vals
        if len(values) == 1:
            ((cond, vals),) = values.items()
            set_exp(cond, vals, item)
        else:
            conjunctural.append(values)
            labels.append(str(expr))
    return _Expectations(out, tuple(conjunctural), tuple(labels))


def _split_top(text: str) -> list[str]:
    """Split on commas that are not inside square brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _intermediate_cubes(
    c_codes: np.ndarray, p_codes: np.ndarray, expect: _Expectations, conditions: Sequence[str]
) -> np.ndarray:
    """The cubes whose remainders are easy counterfactuals (R's rule), as R positional codes.

    For each conservative PI ``c`` inside a parsimonious PI ``p``: the whole conservative term
    ``c``, with only some of the literals that ``p`` lacks dropped:

    - a literal contradicting the individual expectation of its condition (its value is not an
      expected one); a condition without an expectation keeps its literal, so no counterfactual
      about it is easy;
    - for a conjunctural expectation (``~LIT*IND``) that one of these literals contradicts,
      every literal of ``c`` that ``p`` lacks and the expectation names (R's rule).
    """
    k = len(conditions)
    single = [expect.single[c] for c in conditions]
    conj = [
        {conditions.index(cond): vals for cond, vals in cde.items()} for cde in expect.conjunctural
    ]
    cubes = []
    for c in c_codes:
        for p in p_codes:
            if not all(p[j] == 0 or p[j] == c[j] for j in range(k)):
                continue
            free = [j for j in range(k) if p[j] == 0 and c[j] > 0]  # literals p lacks
            cube = c.copy()
            for j in free:
                allowed = single[j]
                if allowed is not None and (c[j] - 1) not in allowed:
                    cube[j] = 0
            for cde in conj:
                named = [j for j in free if j in cde]
                if any((c[j] - 1) not in cde[j] for j in named):
                    cube[named] = 0
            cubes.append(cube)
    return np.array(cubes, dtype=np.int64).reshape(-1, k)


# =========================================================================== results
@dataclass
class _Context:
    tt: TruthTable
    status: np.ndarray  # status array of the problem (0 avoid, 1 may use, 2 explain)
    pi_codes: np.ndarray  # prime implicants (R codes), in R's order
    chart: np.ndarray  # PIs x explained rows
    rownums: np.ndarray  # explained row numbers
    models: list[tuple[int, ...]]
    budget: _Budget | None = None  # time used by LP bounds and integer programmes


@dataclass(frozen=True)
class Solution:
    """The result of :func:`minimize`.

    Attributes
    ----------
    kind : {"conservative", "parsimonious", "intermediate"}
    outcome : str
    conditions : tuple of str
    include : str
    models : tuple of Expression
        Every minimal model (or the first ``max_models`` of them, see ``n_models``), in R's
        order. For an intermediate solution: the distinct models of all C/P pairs.
    essential : tuple of Expression
        Terms that are part of every model.
    prime_implicants : tuple of Expression
        All prime implicants (the rows of the chart), in R's order.
    pi_chart : DataFrame
        Boolean chart: prime implicants (index) by explained truth-table rows (columns).
    fit : DataFrame
        One row per term of the models (essential terms first): ``inclS``, ``PRI``, ``covS``,
        ``covU`` (within all terms), one ``(Mi)`` unique-coverage column per model when there
        are several, and ``cases`` (the cases of each explained row the term covers).
    model_fit : DataFrame
        One row per model (``M1``, ``M2``, ...): ``inclS``, ``PRI``, ``covS``.
    n_models : int
        Number of minimal models found (all of them when ``n_models_exact``).
    n_models_exact : bool
        False when the search stopped at its node limit: there are at least ``n_models``.
    pairs : dict of str to Solution
        Intermediate solutions per conservative/parsimonious pair (``"C1P1"``, ...).
    easy_counterfactuals : dict of str to DataFrame
        Per pair, the remainder rows used as easy counterfactuals (R's ``$EC``).
    conservative, parsimonious : Solution or None
        The solutions an intermediate solution was derived from.
    dir_exp : dict or None
        The directional expectations used (expected values per condition; None = none).
    dir_exp_conjunctural : tuple of str
        Conjunctural directional expectations used (``"~LIT*IND"``).
    minimum_bounds : (int, int) or None
        None when the models are proven to have the fewest prime implicants. Otherwise (only
        for very large, hard charts) a proven lower bound and the size of the models listed.
    """

    kind: str
    outcome: str
    conditions: tuple[str, ...]
    include: str
    models: tuple[Expression, ...]
    essential: tuple[Expression, ...]
    fit: pd.DataFrame = field(repr=False)
    model_fit: pd.DataFrame = field(repr=False)
    n_models: int = 1
    n_models_exact: bool = True
    pairs: dict[str, Solution] = field(default_factory=dict, repr=False)
    easy_counterfactuals: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    conservative: Solution | None = field(default=None, repr=False)
    parsimonious: Solution | None = field(default=None, repr=False)
    dir_exp: dict[str, tuple[int, ...] | None] | None = None
    dir_exp_conjunctural: tuple[str, ...] = ()
    minimum_bounds: tuple[int, int] | None = None
    _ctx: _Context | None = field(default=None, repr=False, compare=False)

    @property
    def models_truncated(self) -> bool:
        """True when fewer models are listed than exist."""
        return (not self.n_models_exact) or self.n_models > len(self.models)

    @cached_property
    def prime_implicants(self) -> tuple[Expression, ...]:
        """All prime implicants (the rows of :attr:`pi_chart`), in R's order."""
        ctx = self._ctx
        if ctx is None:
            return ()
        return tuple(Expression((t,)) for t in _terms(ctx.pi_codes, ctx.tt))

    @cached_property
    def pi_chart(self) -> pd.DataFrame:
        """Boolean chart: prime implicants (index) by explained truth-table rows (columns)."""
        ctx = self._ctx
        if ctx is None:
            return pd.DataFrame()
        return pd.DataFrame(
            ctx.chart,
            index=pd.Index([str(e) for e in self.prime_implicants]),
            columns=pd.Index(ctx.rownums),
        )

    @cached_property
    def simplifying_assumptions(self) -> dict[str, pd.DataFrame]:
        """Remainder rows each parsimonious model covers (R's ``$SA``), per model label.

        Empty for a conservative solution; for an intermediate one, those of the parsimonious
        models it was derived from.
        """
        if self.kind == "intermediate" and self.parsimonious is not None:
            return self.parsimonious.simplifying_assumptions
        ctx = self._ctx
        if ctx is None or "?" not in self.include:
            return {}
        tt = ctx.tt
        out = {}
        for i, model in enumerate(ctx.models, start=1):
            rows = _cube_rows(ctx.pi_codes[list(model)], tt.levels)
            rows = rows[ctx.status[rows] == 1]
            out[f"M{i}"] = _rows_frame(rows, tt)
        return out

    def to_frame(self) -> pd.DataFrame:
        """All fit figures in long form: one row per (model, term) and one per model.

        Returns
        -------
        DataFrame
            Columns ``solution`` (``""`` or the pair label), ``model``, ``term`` (``""`` for
            the model's own row), ``inclS``, ``PRI``, ``covS``, ``covU`` (within the model),
            ``cases``.

        Examples
        --------
        >>> from smartcase.qca.datasets import load_dataset
        >>> from smartcase.qca import truth_table, minimize
        >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
        >>> sol.to_frame()[["model", "term"]].to_dict("records")
        [{'model': 'M1', 'term': 'DEV*~IND'}, {'model': 'M1', 'term': 'URB*STB'}, {'model': 'M1', 'term': ''}]
        """
        if self.pairs:
            frames = []
            for label, sol in self.pairs.items():
                f = sol.to_frame()
                f["solution"] = label
                frames.append(f)
            return pd.concat(frames, ignore_index=True)
        records = []
        for i, model in enumerate(self.models, start=1):
            label = f"M{i}"
            col = f"({label})" if f"({label})" in self.fit.columns else "covU"
            for term in model.terms:
                row = self.fit.loc[str(term)]
                records.append(
                    {
                        "solution": "",
                        "model": label,
                        "term": str(term),
                        "inclS": row["inclS"],
                        "PRI": row["PRI"],
                        "covS": row["covS"],
                        "covU": row[col],
                        "cases": row["cases"],
                    }
                )
            mf = self.model_fit.loc[label]
            records.append(
                {
                    "solution": "",
                    "model": label,
                    "term": "",
                    "inclS": mf["inclS"],
                    "PRI": mf["PRI"],
                    "covS": mf["covS"],
                    "covU": np.nan,
                    "cases": "",
                }
            )
        return pd.DataFrame.from_records(records)

    # -- printing
    def _lines(self) -> list[str]:
        lines = []
        if self.pairs:
            for label, sol in self.pairs.items():
                lines.append(f"From {label}:")
                lines.extend("  " + s for s in sol._lines())
                lines.append("")
            return lines
        for i, m in enumerate(self.models, start=1):
            lines.append(f"M{i}: {m} -> {self.outcome}")
        if self.minimum_bounds is not None:
            lo, hi = self.minimum_bounds
            lines.append(
                f"(minimum not proven: between {lo} and {hi} prime implicants; "
                f"{self.n_models} model{'s' if self.n_models != 1 else ''} of {hi} listed)"
            )
        elif self.models_truncated:
            more = "" if self.n_models_exact else "at least "
            lines.append(
                f"({more}{self.n_models} minimal models; the first {len(self.models)} kept)"
            )
        lines.append("")
        shown = self.fit.copy()
        mf = self.model_fit.copy()
        mf["cases"] = ""
        shown = pd.concat([shown, mf])
        for col in shown.columns:
            if col != "cases":
                shown[col] = [("" if pd.isna(v) else f"{v:.3f}") for v in shown[col]]
        lines.extend(shown.to_string().splitlines())
        return lines

    def __repr__(self) -> str:
        head = (
            f"{self.kind.capitalize()} solution for {self.outcome} "
            f"({len(self.models)} model{'s' if len(self.models) != 1 else ''})"
        )
        return "\n".join([head, *self._lines()]).rstrip()

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>{html.escape(self.kind.capitalize())} solution for "
            f"{html.escape(self.outcome)}</b></p>"
        ]
        sols = self.pairs.items() if self.pairs else [("", self)]
        for label, sol in sols:
            if label:
                parts.append(f"<p><i>From {html.escape(label)}</i></p>")
            parts.append(
                "<ul>"
                + "".join(
                    f"<li>M{i}: {html.escape(str(m))} &rarr; {html.escape(self.outcome)}</li>"
                    for i, m in enumerate(sol.models, start=1)
                )
                + "</ul>"
            )
            if sol.models_truncated:
                parts.append(
                    f"<p>{sol.n_models}{'' if sol.n_models_exact else '+'} minimal "
                    f"models; the first {len(sol.models)} kept</p>"
                )
            parts.append(
                pd.concat([sol.fit, sol.model_fit]).to_html(
                    float_format=lambda v: f"{v:.3f}", na_rep=""
                )
            )
        return "".join(parts)


def _rows_frame(rows0: np.ndarray, tt: TruthTable) -> pd.DataFrame:
    vals = _decode_rows(rows0, np.array(tt.levels, dtype=np.int64))
    return pd.DataFrame(vals, columns=list(tt.conditions), index=pd.Index(rows0 + 1))


# =========================================================================== the verb
def minimize(
    tt: TruthTable,
    *,
    include: str = "",
    dir_exp: Mapping[str, Any] | str | Sequence[Any] | None = None,
    all_sol: bool = False,
    row_dom: bool = False,
    max_models: int = 100,
    max_nodes: int = _DEFAULT_MAX_NODES,
    max_pairs: int = 20,
    exclude: Any = None,
    pi_cons: float = 0,
    sol_cons: float = 0,
    sol_cov: float | None = None,
    sol_depth: int | None = None,
    time_limit: float = _DEFAULT_TIME_LIMIT,
) -> Solution:
    """Minimise a truth table: conservative, parsimonious or intermediate solution.

    Parameters
    ----------
    tt : TruthTable
        From :func:`smartcase.qca.truthtable.truth_table`.
    include : {"", "?", "C", "?C"}, default ""
        What the minimisation may use besides the rows with ``OUT = 1``: nothing (the
        conservative or complex solution), the remainders ``"?"`` (parsimonious), the
        contradictions ``"C"``, or both (``"?C"``; ``"?, C"`` is accepted too).
    dir_exp : mapping, str or sequence, optional
        Directional expectations for the intermediate solution (requires remainders in
        ``include``): a mapping ``{condition: 1 | 0 | "-" | [values]}``, R's string form
        (``"DEV, STB, ~LIT*IND"``; multi-value ``"DEV[1,2]"``; conditions not named have no
        expectation; a conjunction such as ``~LIT*IND`` is a conjunctural expectation) or one
        value per condition (``"1,0,-,1,1"`` or ``[1, 0, "-", 1, 1]``). As in R, when no
        condition has an expectation the intermediate solution is the conservative one.
    all_sol : bool, default False
        List every irredundant model, not only those with the fewest prime implicants.
    row_dom : bool, default False
        Drop prime implicants whose explained rows are a strict subset of another's before
        solving the chart (R's ``row.dom``).
    max_models : int, default 100
        Keep at most this many models; the number that exist is still counted and reported.
    max_nodes : int, default 20,000
        Node limit of each model-enumeration search; beyond it the count is a lower bound.
    max_pairs : int, default 20
        Compute the intermediate solution for at most this many conservative x parsimonious
        model pairs (R computes all; the number of pairs is reported when more exist).
    exclude : row numbers, str, Expression or DataFrame, optional
        Remainders to keep out of the minimisation (coded ``OUT = 0``; R's ``exclude``):
        truth-table row numbers, an expression (every remainder inside it, e.g. an
        impossible combination ``"DEV*~IND"``) or the result of
        :func:`~smartcase.qca.find_rows`. As in R, rows with cases keep their ``OUT``.
    pi_cons : float, default 0
        Minimum consistency (inclS on the case data) of a prime implicant (R's ``pi.cons``).
        By increasing number of literals, a cube holding a positive row and no shorter prime
        implicant becomes a prime implicant when its consistency reaches ``pi_cons``; for
        the parsimonious solution this replaces the check against the negative rows, as in R
        (CCubes), for the conservative one the cube must also avoid every row not explained.
    sol_cons : float, default 0
        Minimum consistency of a model (R's ``sol.cons``). Parsimonious: the models are the
        combinations of prime implicants, by increasing size, that reach ``sol_cons`` and
        ``sol_cov`` and contain no smaller such combination; they need not cover every
        positive row (R's CCubes). Conservative: the minimal models that reach it.
    sol_cov : float, optional
        Minimum coverage of a model, used with ``sol_cons``. Default for the parsimonious
        solution 1, as in R: the model must cover the whole outcome, which fuzzy data rarely
        allow, so set it (e.g. 0.7); for the conservative one no minimum (R checks only
        ``sol.cons`` there).
    sol_depth : int, optional
        Largest number of prime implicants in a ``sol_cons`` model (R's ``sol.depth``);
        default: the number of positive rows.
    time_limit : float, default 10
        Seconds the integer programme may spend, in total for this call, on the very large
        prime-implicant charts that the exact searches and the deterministic integer programme
        (up to 1,500 PIs, or 400 rows and 100,000 entries) cannot settle - on the benchmark,
        charts with thousands of PIs over 900 or more rows. The LP bound is always computed.
        The best cover found and the proven lower bound are kept; when a gap remains the
        models are the best covers found and ``minimum_bounds`` reports the bounds. Only these
        unproven results depend on the limit (and on the machine's speed): a longer limit can
        find a smaller cover. ``0`` switches this search off.

    Returns
    -------
    Solution

    Raises
    ------
    QCAError
        No row with ``OUT = 1``; every row of the table is used (nothing left to minimise
        against); directional expectations without remainders, naming unknown conditions or
        values, or contradicting each other.
    ArgumentError
        A wrong ``include``, ``max_models`` or ``max_nodes``; ``exclude`` row numbers out of
        range.
    QCAError
        An ``exclude`` expression that is malformed or names a condition that is not in the
        truth table.

    Warns
    -----
    QCAWarning
        More minimal models exist than ``max_models`` (or than the search could count).

    See Also
    --------
    smartcase.qca.truthtable.truth_table : build the truth table.
    smartcase.qca.fit.sufficiency_fit : the fit measures.

    Notes
    -----
    Easy counterfactuals follow R QCA's rule: for each conservative term inside a
    parsimonious term, the whole conservative term is kept except the literals (missing from
    the parsimonious term) that contradict an individual expectation, and, for a conjunctural
    expectation one of them contradicts, all of them that it names. A condition without an
    expectation keeps its literal. One deliberate difference: R QCA's routine (``getEC`` in its
    C code) restarts from the whole conservative term for each conjunctural expectation, so
    with conjunctural expectations only the last one counts and the literals individual
    expectations drop are kept; here all expectations apply together (the same result when
    there is one conjunctural expectation and no individual expectation drops a literal, as
    in R's examples).

    R's CCubes search for parsimonious prime implicants stops two complexity levels after the
    last new one once every positive row is covered; smartcase finds all prime implicants, so in
    rare cases it lists models R misses (never fewer). Model order, term order and fit figures
    follow R's. R ranks minimal models by number of prime implicants only; ties in the number of
    literals are all kept.

    References
    ----------
    Dusa, A. (2019). *QCA with R. A Comprehensive Resource*. Springer. Ragin, C. C. (2008).
    *Redesigning Social Inquiry: Fuzzy Sets and Beyond*. University of Chicago Press.

    Examples
    --------
    In R: ``minimize(truthTable(CVF, "PROTEST", incl.cut = 0.8), include = "?")`` gives four
    models with the same essential prime implicants.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca.truthtable import truth_table
    >>> from smartcase.qca.minimization import minimize
    >>> tt = truth_table(load_dataset("CVF"), "PROTEST", incl_cut=0.8)
    >>> sol = minimize(tt, include="?")
    >>> sol.n_models, [str(e) for e in sol.essential]
    (4, ['~NATPRIDE', 'DEMOC*GEOCON*POLDIS'])
    >>> sol.model_fit.round(3).loc["M3"].tolist()
    [0.879, 0.782, 0.81]
    """
    if not isinstance(tt, TruthTable):
        raise ArgumentError("tt", type(tt).__name__, "a TruthTable (see smartcase.qca.truth_table)")
    inc = "".join(ch for ch in str(include) if ch not in " ,")
    inc = "".join(sorted(set(inc), key="?C".index)) if set(inc) <= {"?", "C"} else inc
    if inc not in _INCLUDES:
        raise ArgumentError("include", repr(include), "one of '', '?', 'C', '?C'")
    if (
        isinstance(max_models, bool)
        or not isinstance(max_models, (int, np.integer))
        or max_models < 1
    ):
        raise ArgumentError("max_models", repr(max_models), "a positive integer")
    if isinstance(max_nodes, bool) or not isinstance(max_nodes, (int, np.integer)) or max_nodes < 1:
        raise ArgumentError("max_nodes", repr(max_nodes), "a positive integer")
    if isinstance(max_pairs, bool) or not isinstance(max_pairs, (int, np.integer)) or max_pairs < 1:
        raise ArgumentError("max_pairs", repr(max_pairs), "a positive integer")
    for name, value in (("pi_cons", pi_cons), ("sol_cons", sol_cons), ("sol_cov", sol_cov)):
        if value is None and name == "sol_cov":
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float, np.integer, np.floating))
            or not 0 <= float(value) <= 1
        ):
            raise ArgumentError(name, repr(value), "a number between 0 and 1")
    if sol_cov is not None and not sol_cons > 0:
        raise ArgumentError(
            "sol_cov", repr(sol_cov), "None unless sol_cons > 0 (it applies with sol_cons, as in R)"
        )
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, (int, float, np.integer, np.floating))
        or not 0 <= float(time_limit) < float("inf")
    ):
        raise ArgumentError("time_limit", repr(time_limit), "a number of seconds, 0 or more")
    if sol_depth is not None and (
        isinstance(sol_depth, bool) or not isinstance(sol_depth, (int, np.integer)) or sol_depth < 1
    ):
        raise ArgumentError("sol_depth", repr(sol_depth), "a positive integer or None")
    if dir_exp is not None and (pi_cons > 0 or sol_cons > 0):
        raise ArgumentError(
            "pi_cons" if pi_cons > 0 else "sol_cons",
            repr(pi_cons if pi_cons > 0 else sol_cons),
            "0 with dir_exp: consistency thresholds are not supported for intermediate solutions",
        )
    if exclude is not None:
        from .assumptions import _row_numbers
        from .truthtable import _with_out

        wanted = _row_numbers(exclude, tt, "exclude")
        observed = set(tt.rows.index[tt.rows["OUT"] != "?"].tolist())
        tt = _with_out(tt, [r for r in wanted if r not in observed], "0")
    rows = tt.rows
    if not (rows["OUT"] == "1").any():
        raise QCAError(
            f"truth table of {tt.outcome!r}: no configuration has OUT = 1, so there is nothing to "
            f"explain (incl_cut {tt.incl_cut[0]:g}, pri_cut {tt.pri_cut:g}, n_cut {tt.n_cut}; "
            "lower a cut-off or check the outcome)"
        )
    opts = {
        "all_sol": bool(all_sol),
        "row_dom": bool(row_dom),
        "max_models": int(max_models),
        "max_nodes": int(max_nodes),
        "max_pairs": int(max_pairs),
        "pi_cons": float(pi_cons),
        "sol_cons": float(sol_cons),
        "sol_cov": 1.0 if sol_cov is None else float(sol_cov),
        "sol_cov_default": sol_cov is None,
        "sol_depth": sol_depth,
        "budget": _Budget(float(time_limit)),
    }
    if dir_exp is not None:
        if "?" not in inc:
            raise QCAError(
                "argument 'dir_exp': directional expectations need the remainders; "
                "use include='?' for an intermediate solution"
            )
        expect = _parse_dir_exp(dir_exp, tt)
        return _intermediate(tt, inc, expect, opts)
    return _solve(tt, inc, opts)


def _status(tt: TruthTable, include: str) -> np.ndarray:
    total = tt.n_rows
    rows = tt.rows
    idx = rows.index.to_numpy(dtype=np.int64) - 1
    out = rows["OUT"].to_numpy()
    status = np.full(total, 1 if "?" in include else 0, dtype=np.uint8)
    allowed_obs = np.isin(out, ["?"]) if "?" in include else np.zeros(len(out), dtype=bool)
    if "C" in include:
        allowed_obs |= out == "C"
    status[idx] = np.where(out == "1", 2, np.where(allowed_obs, 1, 0))
    return status


def _explained(tt: TruthTable) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rows = tt.rows[tt.rows["OUT"] == "1"].sort_index()
    return (
        rows.index.to_numpy(dtype=np.int64),
        rows[list(tt.conditions)].to_numpy(dtype=np.int64),
        rows["cases"].tolist(),
    )


def _solve(tt: TruthTable, include: str, opts: dict[str, Any]) -> Solution:
    status = _status(tt, include)
    if "?" in include and not (status == 0).any():
        raise QCAError(
            "All truth table configurations are used, all conditions are minimized: nothing is "
            "left to contrast the positive rows with. Please check the truth table."
        )
    if opts.get("pi_cons", 0) > 0:
        codes = _pi_consistent(tt, status, opts["pi_cons"], parsimonious="?" in include)
    else:
        codes = _prime_implicants(status, tt.levels)
    kind = "parsimonious" if "?" in include else "conservative"
    return _finish(tt, kind, include, codes, status, opts)


def _finish(
    tt: TruthTable,
    kind: str,
    include: str,
    codes: np.ndarray,
    status: np.ndarray,
    opts: dict[str, Any],
    *,
    label: str = "",
) -> Solution:
    if len(codes) and not codes.any(axis=1).all():
        raise QCAError(
            "All truth table configurations are used, all conditions are minimized: nothing is "
            "left to contrast the positive rows with. Please check the truth table."
        )
    rownums, rowvals, rowcases = _explained(tt)
    order = _sort_implicants(codes)
    codes = codes[order]
    chart = _chart(codes, rowvals, tt.levels)
    useful = chart.any(axis=1)
    codes, chart = codes[useful], chart[useful]
    sol_cons, sol_cov = opts.get("sol_cons", 0.0), opts.get("sol_cov", 1.0)
    if sol_cons > 0 and "?" in include and kind != "intermediate":
        models, count, exact = _consistent_models(tt, codes, chart, opts, label or kind)
        bounds = None
    else:
        uncovered = ~chart.any(axis=0) if len(codes) else np.ones(len(rownums), dtype=bool)
        if uncovered.any():
            raise QCAError(
                f"{kind} solution for {tt.outcome!r}: no prime implicant with inclS >= pi_cons "
                f"{opts.get('pi_cons', 0):g} covers truth-table row(s) "
                f"{', '.join(str(r) for r in rownums[uncovered][:10])}, so no model explains "
                "every positive row (lower pi_cons, or use sol_cons)"
            )
        models, count, exact, bounds = _solve_chart(
            chart,
            all_sol=opts["all_sol"],
            row_dom=opts["row_dom"],
            max_models=opts["max_models"],
            max_nodes=opts["max_nodes"],
            budget=opts.get("budget"),
        )
        if sol_cons > 0 and kind == "conservative":
            # R checks only sol.cons here; sol_cov counts when it was given
            cov = 0.0 if opts.get("sol_cov_default", True) else sol_cov
            models = _filter_models(tt, codes, models, sol_cons, cov)
            count, exact = len(models), exact
    if bounds is not None:
        warnings.warn(
            f"{kind} solution{(' ' + label) if label else ''} for {tt.outcome!r}: the chart is "
            f"too hard to prove the minimum number of prime implicants; it lies between "
            f"{bounds[0]} and {bounds[1]}, and the models listed have {bounds[1]}",
            QCAWarning,
            stacklevel=3,
        )
    elif count > len(models) or not exact:
        more = "" if exact else "at least "
        warnings.warn(
            f"{kind} solution{(' ' + label) if label else ''} for {tt.outcome!r}: {more}{count} "
            f"minimal models, the first {len(models)} kept (raise max_models / max_nodes to see more)",
            QCAWarning,
            stacklevel=3,
        )
    used = sorted({i for m in models for i in m})
    terms = dict(zip(used, _terms(codes[used], tt), strict=True))
    essential = sorted(set.intersection(*(set(m) for m in models))) if models else []
    fit, model_fit = _fit_tables(tt, terms, chart, models, essential, rowcases)
    return Solution(
        kind=kind,
        outcome=tt.outcome,
        conditions=tt.conditions,
        include=include,
        models=tuple(Expression(tuple(terms[i] for i in m)) for m in models),
        essential=tuple(Expression((terms[i],)) for i in essential),
        fit=fit,
        model_fit=model_fit,
        n_models=count,
        n_models_exact=exact,
        minimum_bounds=bounds,
        _ctx=_Context(
            tt=tt,
            status=status,
            pi_codes=codes,
            chart=chart,
            rownums=rownums,
            models=models,
            budget=opts.get("budget"),
        ),
    )


def _terms(codes: np.ndarray, tt: TruthTable) -> list[Term]:
    mv = tt.multivalue
    out = []
    for row in codes:
        lits = tuple(
            Literal(c, frozenset({int(v) - 1}), multivalue=mv)
            for c, v in zip(tt.conditions, row, strict=True)
            if v > 0
        )
        out.append(Term(lits))
    return out


def _fit_tables(
    tt: TruthTable,
    terms: Mapping[int, Term] | list[Term],
    chart: np.ndarray,
    models: list[tuple[int, ...]],
    essential: list[int],
    rowcases: list[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    used = sorted({i for m in models for i in m})
    if len(models) > 1:
        ess = [i for i in used if i in essential]
        order = ess + [i for i in used if i not in essential]
    else:
        order = used
    y = tt.outcome_membership.to_numpy(dtype=float)
    lit_cache: dict[Literal, np.ndarray] = {}

    def membership(term: Term) -> np.ndarray:
        out = np.ones(len(y))
        for lit in term.literals:
            if lit not in lit_cache:
                lit_cache[lit] = lit.membership(tt.data)
            np.minimum(out, lit_cache[lit], out=out)
        return out

    pos = {i: a for a, i in enumerate(order)}
    x = np.array([membership(terms[i]) for i in order]).reshape(len(order), len(y))
    incl, pri, cov = sufficiency_measures(x, y) if len(order) else (np.array([]),) * 3
    sy = y.sum()
    live = y > 0  # cases outside the outcome add nothing to coverage
    xl, yl = x[:, live], y[live]

    def covu(members: list[int]) -> dict[int, float]:
        if len(members) < 2:
            return {i: np.nan for i in members}
        allx = xl[[pos[i] for i in members]]
        top = np.argmax(allx, axis=0)
        first = allx.max(axis=0)
        rest = allx.copy()
        rest[top, np.arange(allx.shape[1])] = -1.0
        second = rest.max(axis=0)
        total = np.minimum(first, yl).sum()
        res = {}
        for a, i in enumerate(members):
            others = np.where(top == a, second, first)
            res[i] = (total - np.minimum(others, yl).sum()) / sy if sy > 0 else 0.0
        return res

    base = covu(order)
    columns: dict[str, Any] = {
        "inclS": incl,
        "PRI": pri,
        "covS": cov,
        "covU": [base[i] for i in order],
    }
    if len(models) > 1:
        for mi, model in enumerate(models, start=1):
            cu = covu(list(model))
            columns[f"(M{mi})"] = [cu.get(i, np.nan) for i in order]
    columns["cases"] = ["; ".join(rowcases[r] for r in np.flatnonzero(chart[i])) for i in order]
    fit = pd.DataFrame(columns, index=pd.Index([str(terms[i]) for i in order]))
    fit["cases"] = fit["cases"].astype(str)
    recs = []
    for model in models:
        union = x[[pos[i] for i in model]].max(axis=0)
        a, b, c = sufficiency_measures(union, y)
        recs.append((a[0], b[0], c[0]))
    model_fit = pd.DataFrame(
        recs,
        columns=["inclS", "PRI", "covS"],
        index=pd.Index([f"M{i}" for i in range(1, len(models) + 1)]),
    )
    return fit, model_fit


def _intermediate(
    tt: TruthTable, include: str, expect: _Expectations, opts: dict[str, Any]
) -> Solution:
    cons = _solve(tt, include.replace("?", ""), opts)
    pars = _solve(tt, include, opts)
    dir_used = {c: (None if v is None else tuple(sorted(v))) for c, v in expect.single.items()}
    no_expectation = expect.empty
    p_status = pars._ctx.status  # type: ignore[union-attr]
    c_ctx, p_ctx = cons._ctx, pars._ctx
    assert c_ctx is not None and p_ctx is not None
    explain_status = _status(tt, "")
    pairs: dict[str, Solution] = {}
    ecs: dict[str, pd.DataFrame] = {}
    cache: dict[bytes, Solution] = {}
    combos = list(
        itertools.product(enumerate(c_ctx.models, start=1), enumerate(p_ctx.models, start=1))
    )
    total_pairs = cons.n_models * pars.n_models
    if total_pairs > opts["max_pairs"] or len(combos) < total_pairs:
        more = "" if cons.n_models_exact and pars.n_models_exact else "at least "
        warnings.warn(
            f"intermediate solution for {tt.outcome!r}: {more}{total_pairs} conservative x "
            f"parsimonious pairs, the first "
            f"{min(len(combos), opts['max_pairs'])} computed (raise max_pairs / max_models to see "
            "more)",
            QCAWarning,
            stacklevel=3,
        )
    for (ci, cmodel), (pi, pmodel) in combos[: opts["max_pairs"]]:
        label = f"C{ci}P{pi}"
        if no_expectation:
            ec = np.zeros(0, dtype=np.int64)
        else:
            cubes = _intermediate_cubes(
                c_ctx.pi_codes[list(cmodel)], p_ctx.pi_codes[list(pmodel)], expect, tt.conditions
            )
            ec = _cube_rows(cubes, tt.levels) if len(cubes) else np.zeros(0, dtype=np.int64)
            ec = ec[p_status[ec] == 1]
            observed = tt.rows.index.to_numpy(dtype=np.int64)[tt.rows["OUT"].to_numpy() != "?"] - 1
            ec = ec[~np.isin(ec, observed)]
        key = ec.tobytes()
        if key not in cache:
            status = explain_status.copy()
            status[ec] = np.where(status[ec] == 2, 2, 1)
            codes = _prime_implicants(status, tt.levels)
            cache[key] = _finish(tt, "intermediate", include, codes, status, opts, label=label)
        sol = cache[key]
        ec_frame = _rows_frame(ec, tt)
        pairs[label] = Solution(
            kind="intermediate",
            outcome=sol.outcome,
            conditions=sol.conditions,
            include=include,
            models=sol.models,
            essential=sol.essential,
            fit=sol.fit,
            model_fit=sol.model_fit,
            n_models=sol.n_models,
            n_models_exact=sol.n_models_exact,
            easy_counterfactuals={label: ec_frame},
            dir_exp=dir_used,
            dir_exp_conjunctural=expect.labels,
            minimum_bounds=sol.minimum_bounds,
            _ctx=sol._ctx,
        )
        ecs[label] = ec_frame
    # the distinct models over all pairs, with one fit table
    seen: dict[Expression, None] = {}
    for sol in pairs.values():
        for m in sol.models:
            seen.setdefault(m, None)
    all_terms: dict[Term, None] = {}
    for m in seen:
        for t in m.terms:
            all_terms.setdefault(t, None)
    terms = sorted(all_terms, key=lambda t: _sort_key_term(t, tt.conditions))
    index = {t: i for i, t in enumerate(terms)}
    models = [tuple(sorted(index[t] for t in m.terms)) for m in seen]
    codes = np.array([[_code_of(t, c) for c in tt.conditions] for t in terms], dtype=np.int64)
    rownums, rowvals, rowcases = _explained(tt)
    chart = _chart(codes, rowvals, tt.levels)
    essential = sorted(set.intersection(*(set(m) for m in models))) if models else []
    fit, model_fit = _fit_tables(tt, terms, chart, models, essential, rowcases)
    return Solution(
        kind="intermediate",
        outcome=tt.outcome,
        conditions=tt.conditions,
        include=include,
        models=tuple(Expression(tuple(terms[i] for i in m)) for m in models),
        essential=tuple(Expression((terms[i],)) for i in essential),
        fit=fit,
        model_fit=model_fit,
        n_models=len(models),
        n_models_exact=all(s.n_models_exact for s in pairs.values()),
        pairs=pairs,
        easy_counterfactuals=ecs,
        conservative=cons,
        parsimonious=pars,
        dir_exp=dir_used,
        dir_exp_conjunctural=expect.labels,
        _ctx=_Context(
            tt=tt,
            status=explain_status,
            pi_codes=codes,
            chart=chart,
            rownums=rownums,
            models=models,
        ),
    )


def _code_of(term: Term, cond: str) -> int:
    for lit in term.literals:
        if lit.condition == cond:
            return min(lit.values) + 1
    return 0


def _sort_key_term(term: Term, conditions: Sequence[str]) -> tuple:
    code = [_code_of(term, c) for c in conditions]
    return (sum(1 for v in code if v), tuple(v if v else np.iinfo(np.int64).max for v in code))
