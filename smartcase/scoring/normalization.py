"""Normalisation: putting indicators on a common scale (JRC/OECD step 5).

Five methods, each applied per indicator across the cases (after turning indicators where less is
better around, so that higher always means better):

``'goalposts'`` (default)
    Fixed goalposts from the indicator's scale: ``100 * (x - low) / (high - low)``. For 0-3 codes
    this maps 0 -> 0, 1 -> 33.3, 2 -> 66.7, 3 -> 100, whatever the other cases score. It is the
    default because min-max over five cases always puts one city at 0 and one at 100 on every
    indicator.
``'minmax'``
    ``100 * (x - min) / (max - min)`` over the cases. An indicator on which all cases are equal
    carries no information and is set to 50 for every case.
``'zscore'``
    ``(x - mean) / sd`` over the cases (``sd`` with ``n - 1``, as R's ``sd``); 0 when ``sd`` is 0.
    Values can be negative, so z-scores cannot be combined with geometric aggregation.
``'rank'``
    The case's rank on the indicator (average rank for ties), rescaled to 0-100:
    ``100 * (rank - 1) / (n - 1)`` (level information is lost; 50 for everyone when all tie).
``'distance'``
    Distance to a reference case, in goalpost units: ``100 + 100 * (x - x_ref) / (high - low)``.
    The reference case scores 100 on every indicator; a case one full scale width above it scores
    200. Without a scale the width is the indicator's range over the cases. Under arithmetic
    aggregation this is goalposts shifted by a constant per indicator, so ranks do not change;
    it serves to present scores relative to a benchmark city.

Missing values stay missing. All methods leave the order of cases on each indicator unchanged
(so Copeland aggregation, which uses only that order, gives the same result after any of them).

References
----------
OECD/JRC (2008), *Handbook on Constructing Composite Indicators*, ch. on normalisation;
COINr ``n_goalposts``, ``n_minmax``, ``n_zscore``, ``n_rank``, ``n_dist2ref``.

Examples
--------
>>> import pandas as pd
>>> codes = pd.DataFrame({"a": [0, 1, 3], "b": [2, 2, 3]}, index=["x", "y", "z"])
>>> normalize(codes).round(1)  # doctest: +NORMALIZE_WHITESPACE
             a      b
case_id
x          0.0   66.7
y         33.3   66.7
z        100.0  100.0
>>> normalize(codes, "minmax").round(1)  # doctest: +NORMALIZE_WHITESPACE
             a      b
case_id
x          0.0    0.0
y         33.3    0.0
z        100.0  100.0
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import ScoringArgumentError, check_choice
from .inputs import Scale, resolve

__all__ = ["NORMALIZATIONS", "normalize"]

NormalizeMethod = Literal["goalposts", "minmax", "zscore", "rank", "distance"]
#: Normalisation methods, in the order they are documented.
NORMALIZATIONS: tuple[str, ...] = ("goalposts", "minmax", "zscore", "rank", "distance")
#: Up to this many cases, ranks are computed by pairwise comparison instead of sorting (faster).
SMALL_N = 48
#: Methods whose output is non-negative (on a 0-100 or 0-200 scale).
NON_NEGATIVE: frozenset[str] = frozenset({"goalposts", "minmax", "rank", "distance"})


def normalize(
    book: Any,
    method: NormalizeMethod = "goalposts",
    *,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    reference: str | None = None,
    coder: str = "ref",
) -> pd.DataFrame:
    """Normalise a cases x indicators table.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        A case book (its reference codes are used) or a DataFrame indexed by case id.
    method : {'goalposts', 'minmax', 'zscore', 'rank', 'distance'}, default 'goalposts'
        See the module documentation for the formulas.
    scale : (low, high), dict or None, default (0, 3)
        The goalposts (the indicator's theoretical range). Required for ``'goalposts'``.
    direction : dict of indicator -> +1/-1, optional
        -1 where less is better; such indicators are turned around before normalising.
    reference : str, optional
        The reference case for ``method='distance'``.
    coder : str, default 'ref'
        Whose codes to read from a case book.

    Returns
    -------
    pandas.DataFrame
        Same cases and indicators, normalised; missing values stay missing.

    Raises
    ------
    UnknownMethodError
        ``method`` is not one of the five.
    ScoringArgumentError
        ``'goalposts'`` without a finite scale; ``'distance'`` without a known reference case
        or with a missing reference value.
    CodeRangeError
        A value outside ``scale``.

    See Also
    --------
    composite : normalise, weight and aggregate in one call.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0, 3, 1]}, index=["x", "y", "z"])
    >>> normalize(df, "distance", reference="z")["a"].round(1).tolist()
    [66.7, 166.7, 100.0]
    >>> normalize(df, "rank")["a"].tolist()
    [0.0, 100.0, 50.0]
    """
    check_choice("method", method, NORMALIZATIONS)
    data = resolve(book, scale=scale, direction=direction, coder=coder, need_mapping=False)
    ref = reference_index(data.cases, reference, method)
    if method == "goalposts" and not data.bounded:
        raise ScoringArgumentError(
            "scale",
            "None or an unbounded indicator",
            "a finite (low, high) scale for every indicator when method='goalposts'",
        )
    arr = normalize_array(
        data.values.to_numpy()[None, :, :],
        method,
        data.lower.to_numpy(),
        data.upper.to_numpy(),
        data.direction.to_numpy(),
        ref,
    )[0]
    return pd.DataFrame(arr, index=data.values.index, columns=data.values.columns)


def reference_index(cases: tuple[str, ...], reference: str | None, *methods: str) -> int | None:
    """Position of the reference case; error when ``'distance'`` is used without a valid one."""
    if reference is None:
        if "distance" in methods:
            raise ScoringArgumentError(
                "reference", "None", "a case id when normalize includes 'distance'"
            )
        return None
    if reference not in cases:
        raise ScoringArgumentError(
            "reference", repr(reference), "one of " + ", ".join(map(repr, cases))
        )
    return cases.index(reference)


def normalize_array(
    X: np.ndarray,
    method: str,
    lower: np.ndarray,
    upper: np.ndarray,
    direction: np.ndarray,
    reference: int | None = None,
) -> np.ndarray:
    """Vectorised normalisation of a stack of tables.

    Parameters
    ----------
    X : ndarray of shape (R, C, I)
        R replications of a cases x indicators table (``NaN`` = missing).
    method : str
        One of :data:`NORMALIZATIONS`.
    lower, upper : ndarray of shape (I,)
        The scale (``NaN`` when unbounded).
    direction : ndarray of shape (I,)
        +1 or -1.
    reference : int, optional
        Row of the reference case (for ``'distance'``).

    Returns
    -------
    ndarray of shape (R, C, I)
    """
    d = direction.astype(float)
    Xd = X * d
    lo = np.where(d > 0, lower, -upper)
    hi = np.where(d > 0, upper, -lower)
    has_nan = bool(np.isnan(X).any())
    if method == "goalposts":
        return (Xd - lo) / (hi - lo) * 100.0
    if method == "minmax":
        mn, mx = _minmax(Xd, has_nan)
        rng = mx - mn
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(rng > 0, (Xd - mn) / np.where(rng > 0, rng, 1.0) * 100.0, 50.0)
        return np.where(np.isnan(Xd), np.nan, out)
    if method == "zscore":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            if has_nan:
                mu = np.nanmean(Xd, axis=1, keepdims=True)
                sd = np.nanstd(Xd, axis=1, ddof=1, keepdims=True)
            else:
                mu = Xd.mean(axis=1, keepdims=True)
                sd = Xd.std(axis=1, ddof=1, keepdims=True) if Xd.shape[1] > 1 else np.zeros_like(mu)
        sd = np.nan_to_num(sd, nan=0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(sd > 0, (Xd - mu) / np.where(sd > 0, sd, 1.0), 0.0)
        return np.where(np.isnan(Xd), np.nan, out)
    if method == "rank":
        from scipy.stats import rankdata

        if not has_nan and Xd.shape[1] <= SMALL_N:
            # average ranks by pairwise comparison: faster than sorting for a handful of cases
            less = (Xd[:, None, :, :] < Xd[:, :, None, :]).sum(axis=2)
            ties = (Xd[:, None, :, :] == Xd[:, :, None, :]).sum(axis=2)
            r = less + (ties + 1) / 2.0
            n = Xd.shape[1]
            return (r - 1.0) / (n - 1) * 100.0 if n > 1 else np.full_like(Xd, 50.0)
        levels = _integer_levels(Xd, lo, hi, has_nan)
        if levels is not None:
            # codes on a small integer scale: average ranks by counting the cases at each level
            # (linear in the number of cases, unlike sorting)
            n = Xd.shape[1]
            out = np.zeros_like(Xd)
            below = np.zeros((Xd.shape[0], 1, Xd.shape[2]))
            for v in levels:
                eq = Xd == v
                cnt = eq.sum(axis=1, keepdims=True)
                out += eq * (below + (cnt + 1) / 2.0)
                below = below + cnt
            return (out - 1.0) / (n - 1) * 100.0 if n > 1 else np.full_like(Xd, 50.0)
        if has_nan:
            r = rankdata(Xd, axis=1, method="average", nan_policy="omit")
            nvalid = (~np.isnan(Xd)).sum(axis=1, keepdims=True)
        else:
            r = rankdata(Xd, axis=1, method="average")
            nvalid = np.full((Xd.shape[0], 1, Xd.shape[2]), Xd.shape[1])
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(nvalid > 1, (r - 1.0) / np.maximum(nvalid - 1, 1) * 100.0, 50.0)
        return np.where(np.isnan(Xd), np.nan, out)
    if method == "distance":
        if reference is None:
            raise ScoringArgumentError("reference", "None", "a case id when normalize='distance'")
        width = hi - lo
        if not np.isfinite(width).all():
            mn, mx = _minmax(Xd, has_nan)
            width = np.where(np.isfinite(width), width, mx - mn)
        ref = Xd[:, reference : reference + 1, :]
        if np.isnan(ref).any():
            j = int(np.argwhere(np.isnan(ref))[0][2])
            raise ScoringArgumentError(
                "reference",
                f"case at row {reference} with a missing value on indicator {j}",
                "a reference case with a value on every indicator",
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(
                width > 0, 100.0 + 100.0 * (Xd - ref) / np.where(width > 0, width, 1.0), 100.0
            ) + np.where(np.isnan(Xd), np.nan, 0.0)
    check_choice("normalize", method, NORMALIZATIONS)
    raise AssertionError("unreachable")  # pragma: no cover


def _integer_levels(
    Xd: np.ndarray, lo: np.ndarray, hi: np.ndarray, has_nan: bool
) -> np.ndarray | None:
    """The integer levels of a bounded, integer-valued table with at most 21 levels, else None."""
    if has_nan or not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        return None
    a, b = float(lo.min()), float(hi.max())
    if not (a.is_integer() and b.is_integer()) or b - a > 20:
        return None
    if not np.array_equal(Xd, np.round(Xd)):
        return None
    return np.arange(a, b + 1)


def _minmax(Xd: np.ndarray, has_nan: bool) -> tuple[np.ndarray, np.ndarray]:
    if not has_nan:
        return Xd.min(axis=1, keepdims=True), Xd.max(axis=1, keepdims=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmin(Xd, axis=1, keepdims=True), np.nanmax(Xd, axis=1, keepdims=True)
