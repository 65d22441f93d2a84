"""Parameters of fit for sufficiency: inclusion (consistency), PRI, raw and unique coverage.

For a set ``X`` (a condition, a term or a whole model) and an outcome ``Y``, with memberships
``x`` and ``y`` over the cases, R's ``QCA`` (Dusa; after Ragin 2006, 2008) defines

- ``inclS`` (consistency of sufficiency) = sum(min(x, y)) / sum(x);
- ``PRI`` (proportional reduction in inconsistency)
  = (sum(min(x, y)) - sum(min(x, y, 1 - y))) / (sum(x) - sum(min(x, y, 1 - y)));
- ``covS`` (raw coverage) = sum(min(x, y)) / sum(y);
- ``covU`` (unique coverage) of one term among several = covS of the union of all terms minus
  covS of the union of all other terms: the share of the outcome that only this term covers;
- Haesebrouck's consistency (SetMethods' ``Cons.Suf(H)``) = sum(min(x, y)) /
  sum(min(x, y) + sqrt(max(x - y, 0) * x)): inconsistent cases weigh by how far they lie above
  the diagonal and by how much they belong to ``X``.

A ratio 0/0 is reported as 0, as R's ``QCA`` does.

Examples
--------
R's ``LF`` data, parsimonious model ``DEV*~IND + URB*STB -> SURV`` (R prints inclS 0.815,
0.874, 0.850; PRI 0.721, 0.845, 0.819; covS 0.284, 0.520, 0.714; covU 0.194, 0.430):

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca.expression import parse_expression
>>> from smartcase.qca.fit import sufficiency_fit
>>> lf = load_dataset("LF")
>>> terms = parse_expression("DEV*~IND + URB*STB").term_memberships(lf)
>>> sufficiency_fit(terms, lf["SURV"], total="M1").round(3)
          inclS    PRI   covS   covU
DEV*~IND  0.815  0.721  0.284  0.194
URB*STB   0.874  0.845  0.520  0.430
M1        0.850  0.819  0.714    NaN
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..errors import QCAError

__all__ = [
    "sufficiency_measures",
    "sufficiency_fit",
    "unique_coverage",
    "haesebrouck_consistency",
]

_TOL = 1e-9


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where(np.abs(den) <= 1e-12, np.where(np.abs(num) <= 1e-12, 0.0, np.nan), out)


def _as_2d(
    x: np.ndarray | Sequence[float] | Sequence[Sequence[float]], argument: str
) -> np.ndarray:
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2:
        raise QCAError(f"argument '{argument}': expected one or two dimensions, found {arr.ndim}")
    _check_scores(arr, argument)
    return arr


def _check_scores(arr: np.ndarray, argument: str) -> None:
    if np.isnan(arr).any():
        raise QCAError(f"argument '{argument}': expected membership scores, found a missing value")
    bad = (arr < -_TOL) | (arr > 1 + _TOL)
    if bad.any():
        raise QCAError(
            f"argument '{argument}': expected membership scores in [0, 1], found {arr[bad][0]:g}"
        )


def sufficiency_measures(
    x: np.ndarray | Sequence[float] | Sequence[Sequence[float]],
    y: np.ndarray | Sequence[float],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sufficiency fit of one or more sets: ``inclS``, ``PRI`` and ``covS``.

    Parameters
    ----------
    x : array of shape (n_cases,) or (n_sets, n_cases)
        Memberships of the candidate sufficient sets.
    y : array of shape (n_cases,)
        Memberships in the outcome.

    Returns
    -------
    inclS, PRI, covS : ndarray of shape (n_sets,)

    Raises
    ------
    QCAError
        Scores outside [0, 1], missing values or lengths that differ.

    Examples
    --------
    >>> from smartcase.qca.fit import sufficiency_measures
    >>> incl, pri, cov = sufficiency_measures([1, 1, 0, 1], [1, 1, 0, 0])
    >>> round(float(incl[0]), 3), round(float(pri[0]), 3), round(float(cov[0]), 3)
    (0.667, 0.667, 1.0)
    """
    xs = _as_2d(x, "x")
    ys = np.asarray(y, dtype=float).ravel()
    _check_scores(ys, "y")
    if xs.shape[1] != ys.size:
        raise QCAError(
            f"argument 'y': expected {xs.shape[1]} membership scores (one per case), found {ys.size}"
        )
    inter = np.minimum(xs, ys).sum(axis=1)
    inter_neg = np.minimum(np.minimum(xs, ys), 1.0 - ys).sum(axis=1)
    sx = xs.sum(axis=1)
    incl = _ratio(inter, sx)
    pri = _ratio(inter - inter_neg, sx - inter_neg)
    cov = _ratio(inter, np.full_like(inter, ys.sum()))
    return incl, pri, cov


def unique_coverage(
    x: np.ndarray | Sequence[Sequence[float]], y: np.ndarray | Sequence[float]
) -> np.ndarray:
    """Unique coverage of each of several sets within their union.

    Parameters
    ----------
    x : array of shape (n_sets, n_cases)
    y : array of shape (n_cases,)

    Returns
    -------
    ndarray of shape (n_sets,)
        covS(union of all sets) - covS(union of all sets but this one); NaN for a single set.

    Examples
    --------
    >>> from smartcase.qca.fit import unique_coverage
    >>> unique_coverage([[1, 1, 0, 0], [0, 1, 1, 0]], [1, 1, 1, 0]).round(3).tolist()
    [0.333, 0.333]
    """
    xs = _as_2d(x, "x")
    ys = np.asarray(y, dtype=float).ravel()
    if xs.shape[0] < 2:
        return np.full(xs.shape[0], np.nan)
    sy = ys.sum()
    total = np.minimum(xs.max(axis=0), ys).sum()
    out = np.empty(xs.shape[0])
    for i in range(xs.shape[0]):
        others = np.delete(xs, i, axis=0).max(axis=0)
        out[i] = total - np.minimum(others, ys).sum()
    return _ratio(out, np.full_like(out, sy))


def sufficiency_fit(
    memberships: pd.DataFrame | pd.Series,
    outcome: pd.Series | np.ndarray | Sequence[float],
    *,
    total: str | None = "expression",
) -> pd.DataFrame:
    """Sufficiency fit table: one row per term (set) and one for their union.

    Parameters
    ----------
    memberships : DataFrame or Series
        Case memberships, one column per term (for example from
        :meth:`Expression.term_memberships`), or a single Series.
    outcome : Series or array
        Case memberships in the outcome. A Series is aligned on the index of
        ``memberships`` (both must hold the same case labels).
    total : str or None, default "expression"
        Label of the extra row for the union of all terms (the whole model, R's
        ``expression`` or ``M1`` row); None leaves it out.

    Returns
    -------
    DataFrame
        Columns ``inclS``, ``PRI``, ``covS``, ``covU``. ``covU`` is NaN for the union row and
        when there is a single term (R prints ``-``).

    Raises
    ------
    QCAError
        Scores outside [0, 1], missing values, or outcome cases that do not match.

    See Also
    --------
    sufficiency_measures : the measures as arrays.

    Examples
    --------
    >>> import pandas as pd
    >>> from smartcase.qca.fit import sufficiency_fit
    >>> x = pd.DataFrame({"A": [1, 1, 0, 0], "B": [0, 1, 1, 0]}, index=list("wxyz"))
    >>> y = pd.Series([1, 1, 1, 0], index=list("wxyz"))
    >>> sufficiency_fit(x, y).round(3)
                inclS  PRI   covS   covU
    A             1.0  1.0  0.667  0.333
    B             1.0  1.0  0.667  0.333
    expression    1.0  1.0  1.000    NaN
    """
    frame = memberships.to_frame() if isinstance(memberships, pd.Series) else memberships
    if not isinstance(frame, pd.DataFrame):
        raise QCAError(
            f"argument 'memberships': expected a DataFrame or Series, found {type(memberships).__name__}"
        )
    if isinstance(outcome, pd.Series):
        if not frame.index.equals(outcome.index):
            if set(frame.index) != set(outcome.index) or outcome.index.has_duplicates:
                raise QCAError(
                    "argument 'outcome': expected the same cases (index labels) as "
                    "'memberships', found different labels"
                )
            outcome = outcome.reindex(frame.index)
        y = outcome.to_numpy(dtype=float)
    else:
        y = np.asarray(outcome, dtype=float).ravel()
    x = frame.to_numpy(dtype=float).T
    incl, pri, cov = sufficiency_measures(x, y)
    cov_u = unique_coverage(x, y)
    out = pd.DataFrame(
        {"inclS": incl, "PRI": pri, "covS": cov, "covU": cov_u},
        index=pd.Index([str(c) for c in frame.columns]),
    )
    if total is not None:
        union = x.max(axis=0) if x.shape[0] else np.zeros_like(y)
        ti, tp, tc = sufficiency_measures(union, y)
        out.loc[total] = [ti[0], tp[0], tc[0], np.nan]
    return out


def haesebrouck_consistency(
    x: np.ndarray | Sequence[float] | Sequence[Sequence[float]],
    y: np.ndarray | Sequence[float],
) -> np.ndarray:
    """Haesebrouck's consistency of sufficiency of one or more sets.

    ``sum(min(x, y)) / sum(min(x, y) + sqrt(max(x - y, 0) * x))``. Ragin's consistency
    counts an inconsistency ``x - y`` the same whatever ``x`` is; here it weighs
    ``sqrt((x - y) * x)``, so a case far inside ``X`` but outside ``Y`` costs more, and small
    deviations of cases barely in ``X`` cost less.

    Parameters
    ----------
    x : array of shape (n_cases,) or (n_sets, n_cases)
    y : array of shape (n_cases,)

    Returns
    -------
    ndarray of shape (n_sets,)
        0 when ``sum(x)`` is 0 (0/0, as the other measures).

    Raises
    ------
    QCAError
        Scores outside [0, 1], missing values or lengths that differ.

    References
    ----------
    Haesebrouck, T. (2015). Pitfalls in QCA's consistency measure. *Journal of Comparative
    Politics*, 8(2), 65-80. SetMethods (Oana & Schneider): ``QCAfit(..., consH = TRUE)``.

    Examples
    --------
    >>> from smartcase.qca.fit import haesebrouck_consistency
    >>> haesebrouck_consistency([0.9, 0.6, 0.2], [0.8, 0.7, 0.1]).round(3).tolist()
    [0.773]
    """
    xs = _as_2d(x, "x")
    ys = np.asarray(y, dtype=float).ravel()
    _check_scores(ys, "y")
    if xs.shape[1] != ys.size:
        raise QCAError(
            f"argument 'y': expected {xs.shape[1]} membership scores (one per case), found {ys.size}"
        )
    inter = np.minimum(xs, ys)
    penalty = np.sqrt(np.maximum(xs - ys, 0.0) * xs)
    return _ratio(inter.sum(axis=1), (inter + penalty).sum(axis=1))
