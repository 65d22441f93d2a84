"""Calibration of raw data into crisp, multi-value and fuzzy sets, and a threshold finder.

:func:`calibrate` turns a raw variable into set-membership scores the way R's ``QCA::calibrate``
does: the direct method with three anchors (exclusion ``e``, crossover ``c``, inclusion ``i``;
logistic or piecewise-power "s-shaped" functions, increasing or decreasing sets) or six anchors
(bell-shaped / trapezoid sets and their mirror image), the indirect method of Ragin (2008)
(qualitative anchoring of intervals, then a fractional-logit fit), the "totally fuzzy and
relative" method and crisp or multi-value recoding with one or more thresholds.
:func:`find_thresholds` proposes crisp thresholds from a hierarchical clustering of the values,
as R's ``findTh``.

Examples
--------
>>> from smartcase.qca.calibration import calibrate
>>> calibrate([160, 175, 190], "e=165, c=175, i=185").round(3).tolist()
[0.012, 0.5, 0.988]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Literal, TypeAlias

import numpy as np
import pandas as pd

from ..errors import ArgumentError

__all__ = ["calibrate", "find_thresholds"]

Method = Literal["direct", "indirect", "TFR"]
Kind = Literal["fuzzy", "crisp"]
Linkage = Literal["complete", "single", "average", "weighted", "centroid", "median", "ward"]

_METHODS: tuple[str, ...] = ("direct", "indirect", "TFR")
_KINDS: tuple[str, ...] = ("fuzzy", "crisp")
_LINKAGES: tuple[str, ...] = (
    "complete",
    "single",
    "average",
    "weighted",
    "centroid",
    "median",
    "ward",
)
_NAMES3 = ("e", "c", "i")
_NAMES6 = ("e1", "c1", "i1", "i2", "c2", "e2")

ArrayLike: TypeAlias = pd.Series | np.ndarray | Sequence[float]
Thresholds = str | float | int | Sequence[float] | Mapping[str, float]


def _choices(values: Sequence[str]) -> str:
    return "one of " + ", ".join(repr(v) for v in values)


def _as_numeric(x: ArrayLike, argument: str = "x") -> np.ndarray:
    """The values of ``x`` as a 1-D float array; errors for text, missing or infinite values."""
    if isinstance(x, pd.DataFrame):
        raise ArgumentError(argument, "a DataFrame", "a Series, array or list of numbers")
    if isinstance(x, pd.Series):
        if not (pd.api.types.is_numeric_dtype(x.dtype) and not pd.api.types.is_bool_dtype(x.dtype)):
            raise ArgumentError(argument, f"a Series of dtype {x.dtype}", "numeric values")
        labels = list(x.index)
        values = x.to_numpy(dtype=float, na_value=np.nan)
    else:
        if isinstance(x, str | bytes) or np.ndim(x) == 0:
            raise ArgumentError(argument, repr(x), "a Series, array or list of numbers")
        try:
            values = np.asarray(x, dtype=float)
        except (TypeError, ValueError):
            raise ArgumentError(
                argument, f"non-numeric values such as {list(x)[:3]!r}", "numeric values"
            ) from None
        labels = list(range(values.size))
        if values.ndim != 1:
            raise ArgumentError(
                argument, f"an array of shape {values.shape}", "a one-dimensional array"
            )
    if values.size == 0:
        raise ArgumentError(argument, "no values", "at least one value")
    bad = ~np.isfinite(values)
    if bad.any():
        where = int(np.flatnonzero(bad)[0])
        what = "a missing value" if np.isnan(values[where]) else "an infinite value"
        raise ArgumentError(argument, f"{what} at position {labels[where]!r}", "finite numbers")
    return values


def _wrap(template: object, values: np.ndarray) -> pd.Series | np.ndarray:
    """Return ``values`` shaped like ``template`` (a Series keeps its index and name)."""
    if isinstance(template, pd.Series):
        return pd.Series(values, index=template.index, name=template.name)
    return values


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"


def _parse_thresholds(thresholds: Thresholds) -> tuple[np.ndarray, tuple[str, ...] | None]:
    """Thresholds as numbers plus their names (``None`` when unnamed)."""
    names: list[str] | None = None
    values: list[float] = []
    if isinstance(thresholds, str):
        parts = [p.strip() for p in thresholds.split(",") if p.strip()]
        if not parts:
            raise ArgumentError(
                "thresholds", repr(thresholds), "one or more numbers, e.g. 'e=165, c=175, i=185'"
            )
        parsed: list[tuple[str | None, str]] = []
        for part in parts:
            if "=" in part:
                key, _, val = part.partition("=")
                parsed.append((key.strip(), val.strip()))
            else:
                parsed.append((None, part))
        named = [k is not None for k, _ in parsed]
        if any(named) and not all(named):
            raise ArgumentError(
                "thresholds", repr(thresholds), "either all thresholds named or none"
            )
        for _, val in parsed:
            if not re.fullmatch(_NUMBER, val):
                raise ArgumentError(
                    "thresholds", repr(thresholds), f"numbers (cannot read {val!r})"
                )
            values.append(float(val))
        if all(named):
            names = [str(k) for k, _ in parsed]
    elif isinstance(thresholds, Mapping):
        if not thresholds:
            raise ArgumentError("thresholds", "an empty mapping", "one or more thresholds")
        names = [str(k) for k in thresholds]
        try:
            values = [float(v) for v in thresholds.values()]
        except (TypeError, ValueError):
            raise ArgumentError(
                "thresholds", repr(dict(thresholds)), "numeric threshold values"
            ) from None
    elif isinstance(thresholds, bool):
        raise ArgumentError("thresholds", repr(thresholds), "numbers")
    elif isinstance(thresholds, int | float | np.integer | np.floating):
        values = [float(thresholds)]
    else:
        try:
            values = [float(v) for v in thresholds]
        except (TypeError, ValueError):
            raise ArgumentError("thresholds", repr(thresholds), "numbers") from None
        if not values:
            raise ArgumentError("thresholds", "no values", "one or more thresholds")
    arr = np.asarray(values, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ArgumentError("thresholds", repr(thresholds), "finite numbers")
    if names is not None and len(set(names)) != len(names):
        raise ArgumentError("thresholds", repr(thresholds), "each threshold name once")
    return arr, (tuple(names) if names is not None else None)


def _order(
    values: np.ndarray, names: tuple[str, ...] | None, wanted: tuple[str, ...]
) -> np.ndarray:
    if names is None:
        return values
    if set(names) != set(wanted):
        raise ArgumentError(
            "thresholds",
            "names " + ", ".join(names),
            "the names " + ", ".join(wanted) + " (or unnamed thresholds in that order)",
        )
    lookup = dict(zip(names, values, strict=True))
    return np.array([lookup[n] for n in wanted])


def _ecdf(sample: np.ndarray):
    ordered = np.sort(sample)

    def fn(v: np.ndarray) -> np.ndarray:
        return np.searchsorted(ordered, v, side="right") / ordered.size

    return fn


def _clip(fs: np.ndarray) -> np.ndarray:
    fs = np.where(fs < 0.0001, 0.0, fs)
    return np.where(fs > 0.9999, 1.0, fs)


def _direct3(
    x: np.ndarray,
    th: np.ndarray,
    *,
    logistic: bool,
    idm: float,
    below: float,
    above: float,
    ecdf: bool,
) -> np.ndarray:
    e, c, i = (float(v) for v in th)
    if not (e < c < i or e > c > i):
        raise ArgumentError(
            "thresholds",
            f"e={e:g}, c={c:g}, i={i:g}",
            "the crossover strictly between the exclusion and inclusion thresholds "
            "(e < c < i for an increasing set, e > c > i for a decreasing one)",
        )
    increasing = e < c
    if logistic:
        scale = math.log(idm / (1 - idm))
        # distance from the crossover in units where the anchors sit at +-1
        if increasing:
            z = np.where(x >= c, (x - c) / (i - c), (x - c) / (c - e))
        else:
            z = np.where(x <= c, (c - x) / (c - i), (c - x) / (e - c))
        with np.errstate(over="ignore"):
            fs = 1.0 / (1.0 + np.exp(-scale * z))
        return _clip(fs)
    fn = None
    if ecdf:
        lo, hi = min(e, i), max(e, i)
        fn = _ecdf(x[(x >= lo) & (x <= hi)])
    fs = np.empty_like(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        if increasing:
            low = (x > e) & (x <= c)
            high = (x > c) & (x <= i)
            fs[x <= e] = 0.0
            fs[x > i] = 1.0
            if fn is None:
                fs[low] = ((e - x[low]) / (e - c)) ** below / 2
                fs[high] = 1 - ((i - x[high]) / (i - c)) ** above / 2
            else:
                fc = fn(np.array([c]))[0]
                fs[low] = fn(x[low]) / fc / 2
                fs[high] = 1 - (1 - fn(x[high])) / (1 - fc) / 2
        else:
            high = (x > i) & (x <= c)
            low = (x > c) & (x <= e)
            fs[x <= i] = 1.0
            fs[x > e] = 0.0
            if fn is None:
                fs[high] = 1 - ((i - x[high]) / (i - c)) ** above / 2
                fs[low] = ((e - x[low]) / (e - c)) ** below / 2
            else:
                fc = fn(np.array([c]))[0]
                fs[high] = 1 - fn(x[high]) / fc / 2
                fs[low] = (1 - fn(x[low])) / (1 - fc) / 2
    return _clip(fs)


def _direct6(x: np.ndarray, th: np.ndarray, *, below: float, above: float) -> np.ndarray:
    e1, c1, i1, i2, c2, e2 = (float(v) for v in th)
    bell = e1 < c1 < i1 <= i2 < c2 < e2
    valley = i1 < c1 < e1 <= e2 < c2 < i2
    if not (bell or valley):
        raise ArgumentError(
            "thresholds",
            f"e1={e1:g}, c1={c1:g}, i1={i1:g}, i2={i2:g}, c2={c2:g}, e2={e2:g}",
            "e1 < c1 < i1 <= i2 < c2 < e2 (bell-shaped set) or i1 < c1 < e1 <= e2 < c2 < i2 "
            "(its complement)",
        )
    fs = np.empty_like(x)
    if bell:
        conds = [
            x <= e1,
            x <= c1,
            x < i1,
            x <= i2,
            x <= c2,
            x <= e2,
        ]
        with np.errstate(invalid="ignore"):
            choices = [
                np.zeros_like(x),
                ((e1 - x) / (e1 - c1)) ** below / 2,
                1 - ((i1 - x) / (i1 - c1)) ** above / 2,
                np.ones_like(x),
                1 - ((i2 - x) / (i2 - c2)) ** above / 2,
                ((e2 - x) / (e2 - c2)) ** below / 2,
            ]
        fs = np.select(conds, choices, default=0.0)
    else:
        conds = [x <= i1, x <= c1, x < e1, x <= e2, x <= c2, x <= i2]
        with np.errstate(invalid="ignore"):
            choices = [
                np.ones_like(x),
                1 - ((i1 - x) / (i1 - c1)) ** above / 2,
                ((e1 - x) / (e1 - c1)) ** below / 2,
                np.zeros_like(x),
                ((e2 - x) / (e2 - c2)) ** below / 2,
                1 - ((i2 - x) / (i2 - c2)) ** above / 2,
            ]
        fs = np.select(conds, choices, default=1.0)
    return _clip(fs)


def _irls_logit(
    design: np.ndarray, y: np.ndarray, *, max_iter: int = 25, tol: float = 1e-8
) -> np.ndarray:
    """Fitted probabilities of a (quasi-)binomial GLM with logit link, by IRLS as R's ``glm``."""
    mu = (y + 0.5) / 2  # R's binomial()$initialize with unit weights
    eta = np.log(mu / (1 - mu))

    def deviance(m: np.ndarray) -> float:
        with np.errstate(divide="ignore", invalid="ignore"):
            t1 = np.where(y > 0, y * np.log(y / m), 0.0)
            t0 = np.where(y < 1, (1 - y) * np.log((1 - y) / (1 - m)), 0.0)
        return float(2 * np.sum(t1 + t0))

    dev_old = deviance(mu)
    for _ in range(max_iter):
        var = mu * (1 - mu)
        z = eta + (y - mu) / var
        w = np.sqrt(var)
        weighted = design * w[:, None]
        norms = np.linalg.norm(weighted, axis=0)
        norms[norms == 0] = 1.0
        # columns scaled to unit length: the fitted values do not depend on the scaling, and
        # the least-squares problem stays well conditioned for raw values in the thousands
        coef, *_ = np.linalg.lstsq(weighted / norms, z * w, rcond=None)
        eta = design @ (coef / norms)
        with np.errstate(over="ignore"):
            mu = 1 / (1 + np.exp(-eta))
        mu = np.clip(mu, np.finfo(float).eps, 1 - np.finfo(float).eps)
        dev = deviance(mu)
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            break
        dev_old = dev
    return mu


def _indirect(x: np.ndarray, th: np.ndarray) -> np.ndarray:
    if np.any(x < 0):
        where = int(np.flatnonzero(x < 0)[0])
        raise ArgumentError(
            "x",
            f"a negative value ({x[where]:g}) at position {where}",
            "non-negative values for method='indirect'",
        )
    th = np.sort(th)
    k = th.size
    values = np.round(np.arange(k + 1) / k, 3)
    # qualitative anchoring: the class of each case is the number of thresholds it exceeds
    y = values[np.sum(x[:, None] > th[None, :], axis=1)]
    xs = np.where(x == 0, 0.00001, x)
    design = np.column_stack([np.ones_like(xs), np.log(xs), np.sqrt(xs), xs, xs**2])
    fs = np.round(_irls_logit(design, y), 6)
    return _clip(fs)


def _tfr(x: np.ndarray) -> np.ndarray:
    fn = _ecdf(x)
    e1 = fn(np.array([1.0]))[0]
    if e1 >= 1:
        raise ArgumentError("x", "all values at or below 1", "some values above 1 for method='TFR'")
    return np.maximum(0.0, (fn(x) - e1) / (1 - e1))


def calibrate(
    x: ArrayLike,
    thresholds: Thresholds | None = None,
    *,
    method: Method = "direct",
    kind: Kind = "fuzzy",
    logistic: bool = True,
    idm: float = 0.95,
    below: float = 1.0,
    above: float = 1.0,
    ecdf: bool = False,
) -> pd.Series | np.ndarray:
    """Calibrate raw values into set-membership scores.

    Parameters
    ----------
    x : Series, ndarray or sequence of numbers
        The raw values (finite numbers; missing values are an error).
    thresholds : str, number, sequence or mapping
        The anchors. In R's string form (``"e=165, c=175, i=185"``, ``"170, 180"``), as a mapping
        (``{"e": 165, "c": 175, "i": 185}``) or as numbers. For ``kind="fuzzy"`` and the direct
        method: three anchors exclusion, crossover, inclusion (names ``e``, ``c``, ``i``; unnamed
        anchors are read in that order); the set is increasing when ``e < i`` and decreasing when
        ``e > i``. Six anchors ``e1, c1, i1, i2, c2, e2`` give a bell-shaped (trapezoid) set when
        ``e1 < c1 < i1 <= i2 < c2 < e2`` and its complement when ``i1 < c1 < e1 <= e2 < c2 < i2``.
        For ``kind="crisp"``: one or more cut points (unnamed). For ``method="indirect"``: the
        cut points of the qualitative intervals. Not used by ``method="TFR"``.
    method : {'direct', 'indirect', 'TFR'}, default 'direct'
        ``'direct'``: the anchors map to fixed membership scores. ``'indirect'``: Ragin's (2008)
        indirect method, as R's QCA implements it: the ``k`` sorted thresholds cut ``x`` into
        ``k + 1`` ordered classes scored ``0, 1/k, ..., 1`` (rounded to 3 decimals), and a
        fractional logit of these scores on ``log(x)``, ``sqrt(x)``, ``x`` and ``x**2`` (a
        quasi-binomial GLM, fitted by iteratively reweighted least squares) gives the memberships,
        rounded to 6 decimals. ``'TFR'``: "totally fuzzy and relative" scores from the empirical
        distribution of ``x``, for Likert-type items whose lowest category is 1:
        ``max(0, (F(x) - F(1)) / (1 - F(1)))``.
    kind : {'fuzzy', 'crisp'}, default 'fuzzy'
        ``'crisp'`` recodes ``x`` into the number of thresholds at or below each value: one
        threshold gives a crisp set (0/1), several give a multi-value set (0, 1, 2, ...). R calls
        this argument ``type``.
    logistic : bool, default True
        Direct method with three anchors: the logistic function (``True``) or piecewise power
        functions that are linear when ``below = above = 1`` (``False``). Six anchors always use the
        piecewise functions, as in R.
    idm : float, default 0.95
        The membership at the inclusion anchor for the logistic function (``1 - idm`` at the
        exclusion anchor); strictly between 0.5 and 1.
    below, above : float, default 1
        Exponents of the piecewise functions below and above the crossover (R's ``below`` and
        ``above``): values over 1 give an s-shape, values under 1 the reverse.
    ecdf : bool, default False
        Piecewise direct method only: replace the power functions by the empirical cumulative
        distribution of the values between the outer anchors.

    Returns
    -------
    Series or ndarray
        Memberships of the same length as ``x``: a Series with ``x``'s index and name when ``x``
        is a Series, else an array. Fuzzy scores are floats in [0, 1] (below 0.0001 set to 0 and
        above 0.9999 set to 1, as R does); crisp and multi-value scores are integers.

    Raises
    ------
    ArgumentError
        ``x`` is not numeric or has missing or infinite values; ``thresholds`` are missing,
        not numeric, of the wrong number or names, out of order, or (crisp) outside the range of
        ``x``; ``method`` or ``kind`` is not one of the allowed values; ``idm`` is not in
        (0.5, 1); ``below`` or ``above`` is not positive.

    See Also
    --------
    find_thresholds : Crisp thresholds from a clustering of the values.
    smartcase.qca.fuzzy_not : The negation (complement) of a fuzzy set.

    Notes
    -----
    Logistic direct calibration follows Ragin (2008): the log-odds of membership are
    ``log(idm / (1 - idm))`` times the distance from the crossover, measured in units of the
    distance between the crossover and the inclusion anchor above it (exclusion anchor below it).
    R's ``calibrate`` accepts a logistic calibration with the crossover outside the two other
    anchors; smartcase refuses it. With ``ecdf=True`` the distribution is that of the values
    between the outer anchors; R builds it the same way but fails when no value lies below the
    lowest anchor (its subsetting then drops every value).

    In R: ``calibrate(x, type = "fuzzy", method = "direct", thresholds = "e=165, c=175, i=185",
    logistic = TRUE, idm = 0.95, below = 1, above = 1)``.

    References
    ----------
    Ragin, C. C. (2008). *Redesigning social inquiry: Fuzzy sets and beyond*, ch. 5. University of
    Chicago Press.

    Dusa, A. (2019). *QCA with R: A comprehensive resource*, ch. 4. Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> height = pd.Series([160, 170, 175, 180, 190], index=list("abcde"), name="height")
    >>> calibrate(height, "e=165, c=175, i=185").round(3)
    a    0.012
    b    0.187
    c    0.500
    d    0.813
    e    0.988
    Name: height, dtype: float64
    >>> calibrate(height, {"e": 165, "c": 175, "i": 185}, logistic=False).tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> calibrate(height, "i=165, c=175, e=185").round(3).tolist()  # a decreasing set
    [0.988, 0.813, 0.5, 0.187, 0.012]
    >>> calibrate(height, "170, 180", kind="crisp").tolist()  # multi-value
    [0, 1, 1, 2, 2]
    >>> calibrate(height, "e1=155, c1=165, i1=175, i2=175, c2=185, e2=195").tolist()
    [0.25, 0.75, 1.0, 0.75, 0.25]
    """
    if method not in _METHODS:
        raise ArgumentError("method", repr(method), _choices(_METHODS))
    if kind not in _KINDS:
        raise ArgumentError("kind", repr(kind), _choices(_KINDS))
    values = _as_numeric(x)
    if method == "TFR":
        if kind != "fuzzy":
            raise ArgumentError("kind", repr(kind), "'fuzzy' for method='TFR'")
        return _wrap(x, _tfr(values))
    if thresholds is None:
        raise ArgumentError("thresholds", "None", "one or more thresholds")
    th, names = _parse_thresholds(thresholds)

    if kind == "crisp":
        if names is not None:
            raise ArgumentError(
                "thresholds",
                "named thresholds " + ", ".join(names),
                "unnamed cut points for kind='crisp'",
            )
        if np.any((th < values.min()) | (th > values.max())):
            raise ArgumentError(
                "thresholds",
                ", ".join(f"{t:g}" for t in th),
                f"cut points within the range of x [{values.min():g}, {values.max():g}]",
            )
        th = np.sort(th)
        out = np.searchsorted(th, values, side="right").astype(np.int64)
        return _wrap(x, out)

    if method == "indirect":
        return _wrap(x, _indirect(values, th))

    if th.size not in (3, 6):
        raise ArgumentError(
            "thresholds",
            f"{th.size} value(s)",
            "3 anchors (e, c, i) or 6 anchors (e1, c1, i1, i2, c2, e2)",
        )
    if not 0.5 < idm < 1:
        raise ArgumentError("idm", repr(idm), "a number strictly between 0.5 and 1")
    if not below > 0:
        raise ArgumentError("below", repr(below), "a positive number")
    if not above > 0:
        raise ArgumentError("above", repr(above), "a positive number")
    if th.size == 3:
        th = _order(th, names, _NAMES3)
        out = _direct3(values, th, logistic=logistic, idm=idm, below=below, above=above, ecdf=ecdf)
    else:
        th = _order(th, names, _NAMES6)
        out = _direct6(values, th, below=below, above=above)
    return _wrap(x, out)


def find_thresholds(x: ArrayLike, n: int = 1, *, method: Linkage = "complete") -> list[float]:
    """Crisp thresholds that separate clusters of values (R's ``findTh``).

    The sorted values are grouped by agglomerative hierarchical clustering (Euclidean distance
    between values) and the tree is cut into ``n + 1`` groups; each threshold is the midpoint
    between the largest value of one group and the smallest of the next.

    Parameters
    ----------
    x : Series, ndarray or sequence of numbers
        The raw values (finite numbers).
    n : int, default 1
        The number of thresholds (``n + 1`` groups).
    method : {'complete', 'single', 'average', 'weighted', 'centroid', 'median', 'ward'}
        The linkage (scipy's names; R's ``hclustm``: ``'weighted'`` is R's ``'mcquitty'`` and
        ``'ward'`` R's ``'ward.D2'``). Default ``'complete'`` as in R.

    Returns
    -------
    list of float
        ``n`` thresholds in increasing order, to be used with ``calibrate(..., kind="crisp")``.

    Raises
    ------
    ArgumentError
        ``x`` is not numeric, has missing values or fewer than ``n + 1`` distinct values;
        ``n`` is not a positive integer; ``method`` is not one of the allowed values.

    See Also
    --------
    calibrate : Use the thresholds with ``kind="crisp"``.

    Notes
    -----
    When several merges of the clustering tie in height, scipy and R may merge in a different
    order, and the thresholds can then differ from R's.

    In R: ``findTh(x, n = 1, hclustm = "complete", distm = "euclidean")``.

    Examples
    --------
    >>> gdp = [460, 500, 900, 2000, 2100, 2400, 15000, 16000, 20000]
    >>> find_thresholds(gdp)
    [8700.0]
    >>> find_thresholds(gdp, n=2)
    [8700.0, 18000.0]
    """
    from scipy.cluster.hierarchy import cut_tree, linkage

    if method not in _LINKAGES:
        raise ArgumentError("method", repr(method), _choices(_LINKAGES))
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ArgumentError("n", repr(n), "a positive integer")
    values = np.sort(_as_numeric(x))
    if np.unique(values).size < n + 1:
        raise ArgumentError(
            "x", f"{np.unique(values).size} distinct value(s)", f"at least {n + 1} for n={n}"
        )
    tree = linkage(values.reshape(-1, 1), method=method, metric="euclidean")
    groups = cut_tree(tree, n_clusters=[n + 1]).ravel()  # documented as array_like
    # ends of the runs of equal labels along the sorted values (R: cumsum(rle(...)$lengths))
    ends = np.flatnonzero(np.diff(groups) != 0)
    return [float((values[j] + values[j + 1]) / 2) for j in ends[:n]]
