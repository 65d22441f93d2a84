"""Aggregation (JRC/OECD step 7): arithmetic, geometric and Copeland; ranking with a stated tie rule.

``'arithmetic'``
    Weighted mean ``sum(w_i * y_i) / sum(w_i)``. Fully compensatory: a high score on one indicator
    makes up for a low one, and weights act as trade-off rates.
``'geometric'``
    Weighted geometric mean, partly compensatory (weak scores are penalised more). **Rule for
    zeros:** a 0 (an absent sub-dimension) would make the product 0 whatever the other scores, so
    smartcase shifts the scale by one point before taking logs and back afterwards:
    ``exp(sum(w_i * log(y_i + 1)) / sum(w_i)) - 1``. On the 0-100 scale this is the geometric
    mean on [1, 101], the JRC advice to normalise to [1, 100] rather than [0, 100] for geometric
    aggregation; a table of equal values keeps its value. Negative inputs (z-scores, Copeland
    scores) are refused.
``'copeland'``
    Non-compensatory (Condorcet-type) aggregation as COINr's ``a_copeland`` documents it. The
    outranking matrix ``O[a, b]`` is the sum of the weights of the indicators on which case a
    scores higher than case b, plus half the weights of those on which they tie (weights scaled to
    sum 1). Entries above 0.5 count +1, below 0.5 count -1, exactly 0.5 counts 0 (the diagonal is
    0); a case's Copeland score is the row sum, i.e. pairwise wins minus pairwise losses, between
    ``-(n - 1)`` and ``n - 1``. Weights act as importance coefficients. (COINr's source at commit
    0889f05 returns the row sums of the untransformed matrix; smartcase follows the documented
    definition.) With missing values, each pair is compared on the indicators both cases have,
    with the weights re-scaled over those.

Ranks: 1 = best (highest score). **Tie rule:** tied cases share the best (minimum) rank, and the
next rank is skipped ("1, 2, 2, 4"), as ``scipy.stats.rankdata(method='min')``; scores are rounded
to 9 decimals before ranking so that ties that are exact in arithmetic are not broken by
floating-point noise.

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, aggregation;
Munda, G. & Nardo, M. (2009), Noncompensatory/nonlinear composite indicators for ranking
countries: a defensible setting, *Applied Economics* 41(12);
COINr ``a_amean``, ``a_gmean``, ``a_copeland``, ``outrankMatrix``.

Examples
--------
>>> import pandas as pd
>>> y = pd.DataFrame({"a": [100.0, 0.0, 50.0], "b": [0.0, 100.0, 50.0]}, index=["x", "y", "z"])
>>> aggregate(y).tolist()
[50.0, 50.0, 50.0]
>>> aggregate(y, "geometric").round(2).tolist()
[9.05, 9.05, 50.0]
>>> aggregate(y, "copeland").tolist()
[0.0, 0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from .errors import ScoringArgumentError, check_choice

__all__ = ["AGGREGATIONS", "GEOMETRIC_OFFSET", "aggregate", "outranking_matrix", "rank_scores"]

AggregationMethod = Literal["arithmetic", "geometric", "copeland"]
#: Aggregation methods.
AGGREGATIONS: tuple[str, ...] = ("arithmetic", "geometric", "copeland")
#: The shift applied before the logs of the geometric mean (the rule for zeros).
GEOMETRIC_OFFSET = 1.0
#: Largest pairwise array (replications x cases x cases x indicators) built at once by Copeland.
COPELAND_CHUNK = 4_000_000
#: Decimals kept before ranking (ties exact in arithmetic stay ties).
RANK_DECIMALS = 9


def aggregate(
    values: pd.DataFrame,
    method: AggregationMethod = "arithmetic",
    *,
    weights: Mapping[str, float] | pd.Series | None = None,
    mapping: Mapping[str, str] | pd.Series | None = None,
) -> pd.Series | pd.DataFrame:
    """Aggregate normalised indicator scores, into one score or one score per group.

    Parameters
    ----------
    values : pandas.DataFrame
        Cases x indicators, already normalised (``NaN`` = missing; aggregated over what is
        available, weights re-scaled).
    method : {'arithmetic', 'geometric', 'copeland'}, default 'arithmetic'
    weights : dict or Series, optional
        Relative, non-negative weight per column (default equal); re-scaled within each group.
    mapping : dict or Series, optional
        Column -> group. Without it all columns form one group and a Series is returned.

    Returns
    -------
    pandas.Series or pandas.DataFrame
        One score per case (``mapping`` None), or cases x groups.

    Raises
    ------
    UnknownMethodError
        Unknown ``method``.
    WeightError
        Negative weights or weights for unknown columns.
    ScoringArgumentError
        Negative values with ``'geometric'``.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.DataFrame({"a": [0.0, 100.0], "b": [100.0, 100.0], "c": [50.0, 0.0]}, index=["x", "y"])
    >>> aggregate(y, weights={"a": 1, "b": 1, "c": 2}).tolist()
    [50.0, 50.0]
    >>> aggregate(y, mapping={"a": "g1", "b": "g1", "c": "g2"})  # doctest: +NORMALIZE_WHITESPACE
                g1    g2
    case_id
    x         50.0  50.0
    y        100.0   0.0
    """
    from .weights import make_weights

    check_choice("method", method, AGGREGATIONS)
    cols = [str(c) for c in values.columns]
    mp = (
        pd.Series({c: "score" for c in cols})
        if mapping is None
        else pd.Series(mapping, dtype="object").reindex(cols)
    )
    if mp.isna().any():
        raise ScoringArgumentError(
            "mapping", f"no group for {mp.index[mp.isna()][0]!r}", "a group for every column"
        )
    groups = list(dict.fromkeys(mp))
    w = (
        make_weights("equal" if weights is None else dict(weights), mp)
        .indicator.reindex(cols)
        .to_numpy()
    )
    gidx = np.array([groups.index(g) for g in mp])
    Y = values.to_numpy(dtype=float)[None, :, :]
    out = aggregate_array(Y, w[None, :], gidx, len(groups), method)[0]
    frame = pd.DataFrame(
        out, index=pd.Index([str(i) for i in values.index], name="case_id"), columns=groups
    )
    return frame["score"].rename(None) if mapping is None else frame


def outranking_matrix(
    values: pd.DataFrame, weights: Mapping[str, float] | pd.Series | None = None
) -> pd.DataFrame:
    """COINr's outranking matrix: for each pair (a, b), the weight share of indicators where a beats b.

    Ties count half. ``O[a, b] + O[b, a] = 1`` off the diagonal; the diagonal is 0 (as in COINr).

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.DataFrame({"i1": [3, 1, 2], "i2": [1, 2, 2], "i3": [2, 3, 1]}, index=["A", "B", "C"])
    >>> outranking_matrix(y).round(3)
           A      B      C
    A  0.000  0.333  0.667
    B  0.667  0.000  0.500
    C  0.333  0.500  0.000
    """
    from .weights import make_weights

    cols = [str(c) for c in values.columns]
    w = make_weights(
        "equal" if weights is None else dict(weights), pd.Series({c: "all" for c in cols})
    ).indicator.to_numpy()
    out = _outranking(values.to_numpy(dtype=float)[None, :, :], w[None, :])[0]
    np.fill_diagonal(out, 0.0)
    idx = [str(i) for i in values.index]
    return pd.DataFrame(out, index=idx, columns=idx)


def rank_scores(scores: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Rank scores, 1 = best; ties share the minimum rank (see the module notes).

    Accepts a Series (returns a nullable-integer Series; missing scores get ``<NA>``) or a 2-D
    array of shape (R, C) (returns ranks along axis 1).

    Examples
    --------
    >>> import pandas as pd
    >>> rank_scores(pd.Series([50.0, 70.0, 50.0, 10.0], index=list("abcd"))).tolist()
    [2, 1, 2, 4]
    """
    from scipy.stats import rankdata

    if isinstance(scores, pd.Series):
        s = scores.astype(float).round(RANK_DECIMALS)
        r = pd.Series(pd.NA, index=scores.index, dtype="Int64")
        ok = s.notna()
        if ok.any():
            r[ok] = rankdata(-s[ok].to_numpy(), method="min").astype("int64")
        return r.rename("rank")
    arr = np.round(np.asarray(scores, dtype=float), RANK_DECIMALS)
    if arr.shape[1] <= 48 and not np.isnan(arr).any():
        # 1 + number of cases with a strictly higher score (the 'min' rule), by pairwise comparison
        return 1 + (arr[:, None, :] > arr[:, :, None]).sum(axis=2)
    return rankdata(-arr, axis=1, method="min")


# --------------------------------------------------------------------------- vectorised core


def aggregate_array(
    Y: np.ndarray, W: np.ndarray, group: np.ndarray, n_groups: int, method: str
) -> np.ndarray:
    """Aggregate a stack of tables group by group.

    Parameters
    ----------
    Y : ndarray (R, C, I)
        Normalised values (``NaN`` = missing).
    W : ndarray (R, I)
        Non-negative weights (re-scaled within each group here).
    group : ndarray (I,) of int
        Group index of every indicator.
    n_groups : int
    method : str

    Returns
    -------
    ndarray (R, C, G)
    """
    if method == "copeland":
        R, C = Y.shape[0], Y.shape[1]
        out = np.empty((R, C, n_groups))
        for g in range(n_groups):
            idx = np.flatnonzero(group == g)
            step = max(
                1, COPELAND_CHUNK // max(1, C * C * len(idx))
            )  # bound the (r, C, C, k) array
            for start in range(0, R, step):
                sl = slice(start, start + step)
                out[sl, :, g] = _copeland(Y[sl][:, :, idx], W[sl][:, idx])
        return out
    M = np.zeros((Y.shape[2], n_groups))
    M[np.arange(Y.shape[2]), group] = 1.0
    if method == "geometric":
        mn = np.nanmin(Y) if not np.isnan(Y).all() else 0.0
        if mn < 0:
            raise ScoringArgumentError(
                "aggregation",
                f"'geometric' on normalised values as low as {mn:.3g}",
                "non-negative values (use a normalisation on 0-100, or another aggregation)",
            )
        Y = np.log(Y + GEOMETRIC_OFFSET)
    elif method != "arithmetic":
        check_choice("aggregation", method, AGGREGATIONS)
    valid = ~np.isnan(Y)
    if valid.all():
        num = (Y * W[:, None, :]) @ M
        den = (W @ M)[:, None, :]
    else:
        Wm = np.where(valid, W[:, None, :], 0.0)
        num = (np.where(valid, Y, 0.0) * Wm) @ M
        den = Wm @ M
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    if method == "geometric":
        out = np.exp(out) - GEOMETRIC_OFFSET
    return out


def _copeland(Y: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Copeland scores (R, C) of tables Y (R, C, k) with weights W (R, k).

    ``O[a, b] - 1/2`` has the sign of ``sum_k w_k sign(y_ak - y_bk)`` (ties cancel, and
    re-scaling the weights over the indicators both cases have does not change a sign), so the
    outranking matrix itself is not needed. Computed in float32 (half the memory traffic of the
    pairwise array); sums are rounded to 6 decimals so that ties exact in arithmetic stay ties.
    """
    Y32 = Y.astype(np.float32)
    D = np.sign(Y32[:, :, None, :] - Y32[:, None, :, :])
    if np.isnan(D).any():
        D = np.nan_to_num(D, nan=0.0)
    R, C, _, k = D.shape
    net = (D.reshape(R, C * C, k) @ W.astype(np.float32)[:, :, None]).reshape(R, C, C)
    return np.sign(np.round(net / W.sum(axis=1, dtype=np.float32)[:, None, None], 6)).sum(
        axis=2, dtype=np.float64
    )


def _outranking(Y: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Outranking matrices (R, C, C) of a stack of tables Y (R, C, k) with weights W (R, k)."""
    D = Y[:, :, None, :] - Y[:, None, :, :]
    S = 0.5 * (np.sign(D) + 1.0)
    if np.isnan(D).any():
        valid = ~np.isnan(D)
        Wp = np.where(valid, W[:, None, None, :], 0.0)
        num = np.where(valid, S, 0.0) * Wp
        den = Wp.sum(axis=3)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(den > 0, num.sum(axis=3) / np.where(den > 0, den, 1.0), 0.5)
    tot = W.sum(axis=1)
    return np.einsum("rabk,rk->rab", S, W) / tot[:, None, None]
