"""Weighting (JRC/OECD step 6): equal, explicit, budget allocation and AHP weights.

Weights are value judgements; smartcase keeps them explicit. A :class:`Weights` object holds two
levels: the weight of each indicator (sub-dimension) *within* its group (element), summing to 1 in
each group, and the weight of each group in the overall index, summing to 1.

``weights=`` arguments across :mod:`smartcase.scoring` accept

* ``'equal'``: equal within each element and equal across elements;
* a dict or Series keyed by sub-dimension ids and/or element ids (relative, non-negative; ids
  not named get 1), e.g. ``{'technology': 2, 'open_data': 0.5}``;
* a :class:`Weights` object.

:func:`budget_allocation` (experts share a budget of points) and :func:`ahp` (Saaty's analytic
hierarchy process, with the consistency ratio) turn expert judgements into such weights.

Examples
--------
>>> mapping = {"a": "g1", "b": "g1", "c": "g2"}
>>> w = make_weights({"a": 3, "g2": 2}, mapping)
>>> w.indicator.round(2).to_dict()
{'a': 0.75, 'b': 0.25, 'c': 1.0}
>>> w.element.round(3).to_dict()
{'g1': 0.333, 'g2': 0.667}
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ._results import html_block, text_block
from .errors import AHPError, ScoringArgumentError, WeightError

__all__ = [
    "Weights",
    "make_weights",
    "equal_weights",
    "budget_allocation",
    "ahp",
    "AHPResult",
    "RANDOM_INDEX",
]

#: Saaty's random consistency index RI by matrix size n (Saaty 1980): the mean consistency index
#: of random reciprocal matrices. CR = CI / RI.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}


@dataclass(frozen=True)
class Weights:
    """Two-level weights.

    Attributes
    ----------
    indicator : pandas.Series
        Weight of each indicator within its group (each group sums to 1).
    element : pandas.Series
        Weight of each group in the index (sums to 1).
    """

    indicator: pd.Series
    element: pd.Series

    def to_frame(self) -> pd.DataFrame:
        """Both levels in one table: a row per element, then a row per indicator.

        Returns
        -------
        DataFrame
            ``level`` (``'element'`` or ``'indicator'``), ``id`` and ``weight`` (an element's
            share of the index; an indicator's share of its element).

        Examples
        --------
        >>> w = make_weights({"a": 3, "g2": 2}, {"a": "g1", "b": "g1", "c": "g2"})
        >>> print(w.to_frame().round(3).to_string(index=False))
            level id  weight
          element g1   0.333
          element g2   0.667
        indicator  a   0.750
        indicator  b   0.250
        indicator  c   1.000
        """
        parts = [
            pd.DataFrame({"level": "element", "id": self.element.index, "weight": self.element}),
            pd.DataFrame(
                {"level": "indicator", "id": self.indicator.index, "weight": self.indicator}
            ),
        ]
        out = pd.concat(parts, ignore_index=True)
        out["id"] = out["id"].astype(str)
        out["weight"] = out["weight"].astype(float)
        return out

    def effective(self, mapping: pd.Series) -> pd.Series:
        """Each indicator's weight in the overall index (within-group weight x group weight)."""
        return (
            self.indicator * self.element.reindex(mapping.reindex(self.indicator.index)).to_numpy()
        )

    def __repr__(self) -> str:
        return text_block(
            "Weights",
            [f"elements: {self.element.round(4).to_dict()}"],
            self.indicator.round(4).to_frame("within element"),
        )

    def _repr_html_(self) -> str:
        return html_block(
            "Weights",
            [f"elements: {self.element.round(4).to_dict()}"],
            self.indicator.round(4).to_frame("within element"),
        )


def equal_weights(mapping: Mapping[str, str] | pd.Series) -> Weights:
    """Equal weights within each group and across groups.

    Examples
    --------
    >>> equal_weights({"a": "g1", "b": "g1", "c": "g2"}).indicator.tolist()
    [0.5, 0.5, 1.0]
    """
    return make_weights("equal", mapping)


def make_weights(spec: Any, mapping: Mapping[str, str] | pd.Series) -> Weights:
    """Build :class:`Weights` from a weight specification and the indicator -> group mapping.

    Parameters
    ----------
    spec : 'equal', dict, Series or Weights
        See the module documentation.
    mapping : dict or Series
        Indicator -> group, in indicator order.

    Returns
    -------
    Weights

    Raises
    ------
    WeightError
        Negative or non-finite weights, ids that are neither an indicator nor a group, all
        weights of a group (or all group weights) zero.
    UnknownMethodError
        A string other than ``'equal'``.
    """
    mp = pd.Series(mapping, dtype="object") if not isinstance(mapping, pd.Series) else mapping
    groups = list(dict.fromkeys(mp))
    ind = pd.Series(1.0, index=mp.index, dtype="float64")
    grp = pd.Series(1.0, index=groups, dtype="float64")
    if isinstance(spec, str):
        if spec != "equal":
            from .errors import UnknownMethodError

            raise UnknownMethodError(
                "weights", repr(spec), "'equal', a dict or Series of weights, or a Weights object"
            )
    elif isinstance(spec, Weights):
        unknown = [
            k
            for k in list(spec.indicator.index) + list(spec.element.index)
            if k not in ind.index and k not in grp.index
        ]
        if unknown:
            raise WeightError(
                "weights",
                f"weights for unknown id(s) {', '.join(map(repr, unknown))}",
                "ids of the data's sub-dimensions and elements",
            )
        ind.update(spec.indicator.astype(float))
        grp.update(spec.element.astype(float))
        missing = [k for k in ind.index if k not in spec.indicator.index]
        if missing:
            raise WeightError(
                "weights",
                f"no weight for {', '.join(map(repr, missing))}",
                "a Weights object covering every indicator",
            )
    elif isinstance(spec, Mapping | pd.Series):
        items = dict(spec.items())
        for key, value in items.items():
            key = str(key)
            if key in ind.index and key in grp.index:
                raise WeightError(
                    "weights",
                    f"id {key!r} that names both an indicator and a group",
                    "unambiguous ids",
                )
            w = _check_weight(key, value)
            if key in ind.index:
                ind[key] = w
            elif key in grp.index:
                grp[key] = w
            else:
                raise WeightError(
                    "weights",
                    f"a weight for unknown id {key!r}",
                    "ids of the data's sub-dimensions ("
                    + ", ".join(map(repr, ind.index[:6]))
                    + (", ..." if len(ind) > 6 else "")
                    + ") or elements ("
                    + ", ".join(map(repr, groups))
                    + ")",
                )
    else:
        raise ScoringArgumentError(
            "weights",
            f"an object of type {type(spec).__name__}",
            "'equal', a dict or Series of weights, or a Weights object",
        )
    for k, v in list(ind.items()) + list(grp.items()):
        _check_weight(str(k), v)
    if grp.sum() <= 0:
        raise WeightError(
            "weights", "every element weight zero", "at least one positive element weight"
        )
    grp = grp / grp.sum()
    for g in groups:
        members = mp.index[mp == g]
        total = ind[members].sum()
        if total <= 0:
            if grp[g] > 0:
                raise WeightError(
                    "weights",
                    f"every weight in group {g!r} zero",
                    "at least one positive weight per group with a non-zero group weight",
                )
            ind[members] = 1.0 / len(members)
        else:
            ind[members] = ind[members] / total
    return Weights(ind, grp)


def _check_weight(key: str, value: Any) -> float:
    try:
        w = float(value)
    except (TypeError, ValueError):
        raise WeightError("weights", f"{value!r} for {key!r}", "a non-negative number") from None
    if isinstance(value, bool) or not math.isfinite(w) or w < 0:
        raise WeightError("weights", f"{value!r} for {key!r}", "a finite, non-negative weight")
    return w


def budget_allocation(
    points: pd.DataFrame | Mapping[str, Mapping[str, float]], *, budget: float | None = None
) -> pd.Series:
    """Weights from a budget-allocation exercise: each expert shares a budget of points.

    Each expert's points are divided by that expert's total; the weight of an item is the mean of
    these shares over the experts (JRC/OECD Handbook, budget allocation process).

    Parameters
    ----------
    points : DataFrame (experts x items) or dict of expert -> {item: points}
        Non-negative points.
    budget : float, optional
        If given, every expert must have spent exactly this many points.

    Returns
    -------
    pandas.Series
        Item weights summing to 1 (usable as ``weights=`` after naming items by sub-dimension or
        element id).

    Raises
    ------
    WeightError
        Negative or missing points, an expert who spent nothing, or a total other than ``budget``.

    Examples
    --------
    >>> pts = {"e1": {"technology": 50, "capacity": 30, "institutions": 20},
    ...        "e2": {"technology": 20, "capacity": 40, "institutions": 40}}
    >>> budget_allocation(pts, budget=100).round(2).to_dict()
    {'technology': 0.35, 'capacity': 0.35, 'institutions': 0.3}
    """
    df = pd.DataFrame(points).T if isinstance(points, Mapping) else pd.DataFrame(points).copy()
    if df.empty:
        raise WeightError("points", "an empty table", "experts x items points")
    arr = df.to_numpy(dtype=float)
    if np.isnan(arr).any():
        i, j = map(int, np.argwhere(np.isnan(arr))[0])
        raise WeightError(
            "points",
            f"a missing value for expert {df.index[i]!r}, item {df.columns[j]!r}",
            "points for every expert and item (0 allowed)",
        )
    if (arr < 0).any():
        i, j = map(int, np.argwhere(arr < 0)[0])
        raise WeightError(
            "points",
            f"{arr[i, j]:g} for expert {df.index[i]!r}, item {df.columns[j]!r}",
            "non-negative points",
        )
    totals = arr.sum(axis=1)
    for i, t in enumerate(totals):
        if t <= 0:
            raise WeightError(
                "points", f"expert {df.index[i]!r} spent no points", "a positive total per expert"
            )
        if budget is not None and not math.isclose(t, budget, rel_tol=1e-9, abs_tol=1e-9):
            raise WeightError(
                "points",
                f"expert {df.index[i]!r} spent {t:g} points",
                f"exactly the budget of {budget:g}",
            )
    shares = arr / totals[:, None]
    return pd.Series(shares.mean(axis=0), index=[str(c) for c in df.columns], name="weight")


@dataclass(frozen=True)
class AHPResult:
    """Result of :func:`ahp`.

    Attributes
    ----------
    weights : pandas.Series
        The priority vector (principal right eigenvector, normalised to sum 1).
    lambda_max : float
        The principal eigenvalue.
    ci : float
        Consistency index ``(lambda_max - n) / (n - 1)``.
    ri : float
        Saaty's random index for ``n``.
    cr : float
        Consistency ratio ``CI / RI`` (0 for n <= 2, where every reciprocal matrix is consistent).
    consistent : bool
        ``cr <= 0.1``.
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool

    def to_frame(self) -> pd.DataFrame:
        """The priorities: one row per criterion, with the consistency figures in ``attrs``.

        Returns
        -------
        DataFrame
            Column ``weight`` indexed by criterion; ``attrs`` holds ``lambda_max``, ``ci``,
            ``ri``, ``cr`` and ``consistent``.

        Examples
        --------
        >>> res = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], labels=["technology", "capacity", "institutions"])
        >>> res.to_frame().round(3)  # doctest: +NORMALIZE_WHITESPACE
                      weight
        technology     0.637
        capacity       0.258
        institutions   0.105
        >>> round(res.to_frame().attrs["cr"], 3) == round(res.cr, 3)
        True
        """
        out = self.weights.to_frame("weight")
        out.attrs.update(
            lambda_max=self.lambda_max,
            ci=self.ci,
            ri=self.ri,
            cr=self.cr,
            consistent=self.consistent,
        )
        return out

    def _lines(self) -> list[str]:
        return [
            f"n = {len(self.weights)}, lambda_max = {self.lambda_max:.4f}, CI = {self.ci:.4f}, RI = {self.ri:.2f}, CR = {self.cr:.4f}"
            + ("" if self.consistent else "  (CR > 0.1: inconsistent judgements)")
        ]

    def __repr__(self) -> str:
        return text_block("AHP priorities", self._lines(), self.weights.round(4).to_frame("weight"))

    def _repr_html_(self) -> str:
        return html_block("AHP priorities", self._lines(), self.weights.round(4).to_frame("weight"))


def ahp(
    matrix: pd.DataFrame | np.ndarray | list[list[float]],
    *,
    labels: list[str] | None = None,
    allow_inconsistent: bool = False,
    tol: float = 0.01,
) -> AHPResult:
    """Priority weights from a pairwise-comparison matrix (Saaty's AHP) with its consistency ratio.

    ``matrix[i][j]`` says how many times more important item i is than item j on Saaty's 1-9
    scale; the matrix must be positive, with ones on the diagonal and reciprocal
    (``a[j][i] = 1 / a[i][j]``). The weights are the principal right eigenvector normalised to
    sum 1; ``CR = CI / RI`` with ``CI = (lambda_max - n) / (n - 1)`` and Saaty's random index RI
    (:data:`RANDOM_INDEX`, n <= 10). A CR above 0.1 means the judgements are too inconsistent to
    use; revise them, or pass ``allow_inconsistent=True`` to get the weights anyway.

    Parameters
    ----------
    matrix : DataFrame, ndarray or nested list
        Square pairwise-comparison matrix. A DataFrame's index labels the items.
    labels : list of str, optional
        Item names (default: the DataFrame's index, or ``item1``, ``item2``, ...).
    allow_inconsistent : bool, default False
        Return a result even when CR > 0.1.
    tol : float, default 0.01
        Tolerance of the reciprocity check ``|a[i][j] * a[j][i] - 1| <= tol`` (judgements typed
        as 0.33 for 1/3 pass).

    Returns
    -------
    AHPResult

    Raises
    ------
    AHPError
        Not square, larger than 10 x 10, not positive, diagonal not 1, not reciprocal, or CR > 0.1
        (unless allowed).

    References
    ----------
    Saaty, T. L. (1980). *The Analytic Hierarchy Process*. McGraw-Hill.
    Saaty, T. L. (2008). Decision making with the analytic hierarchy process. *Int. J. Services
    Sciences* 1(1), 83-98 (the drinks example used in smartcase's tests).

    Examples
    --------
    >>> res = ahp([[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]], labels=["technology", "capacity", "institutions"])
    >>> res.weights.round(3).to_dict()
    {'technology': 0.637, 'capacity': 0.258, 'institutions': 0.105}
    >>> round(res.cr, 3)
    0.033
    >>> ahp([[1, 3], [3, 1]])
    Traceback (most recent call last):
    ...
    smartcase.scoring.errors.AHPError: argument 'matrix': expected a reciprocal matrix (a[j][i] = 1 / a[i][j]), found a[0][1] = 3 but a[1][0] = 3
    """
    if isinstance(matrix, pd.DataFrame):
        names = [str(x) for x in (labels or matrix.index)]
        a = matrix.to_numpy(dtype=float)
    else:
        try:
            a = np.asarray(matrix, dtype=float)
        except (TypeError, ValueError):
            raise AHPError(
                "matrix", "entries that are not numbers", "a numeric square matrix"
            ) from None
        names = (
            list(labels)
            if labels is not None
            else [f"item{i + 1}" for i in range(a.shape[0] if a.ndim else 0)]
        )
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise AHPError(
            "matrix", f"an array of shape {a.shape}", "a non-empty square matrix (n x n)"
        )
    n = a.shape[0]
    if n > max(RANDOM_INDEX):
        raise AHPError(
            "matrix",
            f"a {n} x {n} matrix",
            f"at most {max(RANDOM_INDEX)} items (Saaty's random index is tabulated up to n = 10)",
        )
    if len(names) != n:
        raise AHPError("labels", f"{len(names)} labels", f"{n} labels, one per row")
    if not np.isfinite(a).all() or (a <= 0).any():
        i, j = map(int, np.argwhere(~np.isfinite(a) | (a <= 0))[0])
        raise AHPError("matrix", f"a[{i}][{j}] = {a[i, j]:g}", "positive, finite judgements")
    for i in range(n):
        if abs(a[i, i] - 1.0) > tol:
            raise AHPError("matrix", f"a[{i}][{i}] = {a[i, i]:g}", "ones on the diagonal")
    prod = a * a.T
    bad = np.abs(prod - 1.0) > tol
    if bad.any():
        i, j = map(int, np.argwhere(bad)[0])
        raise AHPError(
            "matrix",
            f"a[{i}][{j}] = {a[i, j]:g} but a[{j}][{i}] = {a[j, i]:g}",
            "a reciprocal matrix (a[j][i] = 1 / a[i][j])",
        )
    vals, vecs = np.linalg.eig(a)
    k = int(np.argmax(vals.real))
    lam = float(vals[k].real)
    v = np.abs(vecs[:, k].real)
    w = v / v.sum()
    ri = RANDOM_INDEX[n]
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ci = max(ci, 0.0) if abs(ci) < 1e-12 else ci
    cr = ci / ri if ri > 0 else 0.0
    consistent = cr <= 0.1
    if not consistent and not allow_inconsistent:
        raise AHPError(
            "matrix",
            f"consistency ratio CR = {cr:.3f}",
            "CR <= 0.1 (revise the judgements, or pass allow_inconsistent=True)",
        )
    return AHPResult(
        pd.Series(w, index=names, name="weight"), lam, float(ci), ri, float(cr), consistent
    )
