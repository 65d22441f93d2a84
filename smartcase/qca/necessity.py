"""Necessity fit and the search for necessary (and sufficient) set relations.

A condition ``X`` is necessary for an outcome ``Y`` when ``Y`` is a subset of ``X``. Its fit is
measured as R's QCA measures it (Ragin 2006; Schneider & Wagemann 2012):

- ``inclN`` (consistency of necessity) = sum(min(X, Y)) / sum(Y);
- ``RoN`` (relevance of necessity) = sum(1 - X) / sum(1 - min(X, Y)), low when ``X`` is so large
  (close to the universal set) that its necessity is trivial;
- ``covN`` (coverage of necessity) = sum(min(X, Y)) / sum(X).

:func:`super_subset` searches, like R's ``superSubset``, all conjunctions and disjunctions of
condition literals for those that pass the inclusion and coverage cut-offs.

Examples
--------
>>> from smartcase.qca.necessity import necessity_measures
>>> m = necessity_measures([[1.0, 1.0, 0.0, 1.0]], [1.0, 1.0, 0.0, 0.0])
>>> [round(float(v[0]), 3) for v in m]
[1.0, 0.5, 0.667]
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError
from .fit import sufficiency_measures

__all__ = ["super_subset", "necessity_measures"]

Relation = Literal["necessity", "sufficiency"]
_RELATIONS: tuple[str, ...] = ("necessity", "sufficiency")
#: R subtracts sqrt(machine epsilon) from the cut-offs to absorb floating-point error.
_CUT_EPS = float(np.sqrt(np.finfo(float).eps))


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, with 0 where both are 0 (R QCA's convention)."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where((num == 0) & (den == 0), 0.0, out)


def necessity_measures(
    x: np.ndarray | Sequence[Sequence[float]], y: np.ndarray | Sequence[float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Necessity fit of one or more sets: ``inclN``, ``RoN`` and ``covN``.

    Parameters
    ----------
    x : array of shape (n_sets, n_cases)
        Memberships of the candidate necessary sets (one row per set).
    y : array of shape (n_cases,)
        Memberships in the outcome.

    Returns
    -------
    inclN, RoN, covN : ndarray of shape (n_sets,)
        Consistency, relevance and coverage of necessity. A ratio of 0 to 0 is 0, as in R.

    Examples
    --------
    >>> incl, ron, cov = necessity_measures([[0.9, 0.8, 0.4]], [0.7, 0.8, 0.1])
    >>> round(float(incl[0]), 3), round(float(ron[0]), 3), round(float(cov[0]), 3)
    (1.0, 0.643, 0.762)
    """
    x = np.atleast_2d(np.asarray(x, dtype=float))
    y = np.asarray(y, dtype=float)
    both = np.minimum(x, y[None, :]).sum(axis=1)
    incl = _ratio(both, np.full(x.shape[0], y.sum()))
    ron = _ratio((1 - x).sum(axis=1), (1 - np.minimum(x, y[None, :])).sum(axis=1))
    cov = _ratio(both, x.sum(axis=1))
    return incl, ron, cov


# ---------------------------------------------------------------- data preparation


@dataclass(frozen=True)
class _Conditions:
    names: tuple[str, ...]
    fuzzy: tuple[bool, ...]
    levels: tuple[int, ...]
    #: literal memberships per condition: array (levels, n_cases); row v is "value v"
    literals: tuple[np.ndarray, ...]
    multivalue: bool


_OUTCOME = re.compile(r"^\s*(~?)\s*([^\[\]{}~]+?)\s*(?:[\[{]([^\]}]*)[\]}])?\s*$")


def _column_values(data: pd.DataFrame, column: str, argument: str) -> np.ndarray:
    series = data[column]
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype(float)
    if not pd.api.types.is_numeric_dtype(series.dtype):
        raise QCAError(
            f"argument '{argument}', column '{column}': expected numeric set memberships, "
            f"found dtype {series.dtype}"
        )
    values = series.to_numpy(dtype=float, na_value=np.nan)
    if np.isnan(values).any():
        where = data.index[int(np.flatnonzero(np.isnan(values))[0])]
        raise QCAError(
            f"argument '{argument}', column '{column}': expected no missing values, "
            f"found one at case {where!r}"
        )
    return values


def _is_crisp(values: np.ndarray) -> bool:
    return bool(np.all(values == np.round(values)))


def prepare_outcome(data: pd.DataFrame, outcome: str) -> tuple[np.ndarray, str, str]:
    """Outcome memberships from ``"Y"``, ``"~Y"`` or a multi-value ``"Y[1]"`` / ``"Y[1,2]"``.

    Returns the memberships, the outcome column and the outcome label as written (``"~Y"``).
    """
    if not isinstance(outcome, str):
        raise ArgumentError("outcome", repr(outcome), "a column name such as 'Y', '~Y' or 'Y[1]'")
    match = _OUTCOME.match(outcome)
    if match is None:
        raise ArgumentError("outcome", repr(outcome), "a column name such as 'Y', '~Y' or 'Y[1]'")
    tilde, column, values_text = match.groups()
    if column not in data.columns:
        raise ArgumentError(
            "outcome", repr(column), "a column of data (" + ", ".join(map(str, data.columns)) + ")"
        )
    y = _column_values(data, column, "outcome")
    if values_text is not None:
        try:
            wanted = [float(v) for v in values_text.split(",") if v.strip()]
        except ValueError:
            raise ArgumentError(
                "outcome", repr(outcome), "numeric values inside the brackets"
            ) from None
        if not wanted:
            raise ArgumentError("outcome", repr(outcome), "one or more values inside the brackets")
        y = np.isin(y, wanted).astype(float)
    else:
        bad = (y < 0) | (y > 1)
        if bad.any():
            where = data.index[int(np.flatnonzero(bad)[0])]
            raise QCAError(
                f"argument 'outcome', column '{column}': expected memberships in [0, 1] "
                f"(or a multi-value outcome written as '{column}[1]'), "
                f"found {y[bad][0]:g} at case {where!r}"
            )
    if tilde:
        y = 1.0 - y
    label = (
        ("~" if tilde else "") + column + (f"[{values_text}]" if values_text is not None else "")
    )
    return y, column, label


def _condition_names(
    data: pd.DataFrame, conditions: str | Sequence[str] | None, outcome_column: str
) -> list[str]:
    if conditions is None:
        names = [str(c) for c in data.columns if c != outcome_column]
    elif isinstance(conditions, str):
        names = [c.strip() for c in conditions.split(",") if c.strip()]
    else:
        names = [str(c) for c in conditions]
    if not names:
        raise ArgumentError("conditions", repr(conditions), "one or more condition columns")
    missing = [c for c in names if c not in data.columns]
    if missing:
        raise ArgumentError(
            "conditions",
            ", ".join(repr(c) for c in missing),
            "columns of data (" + ", ".join(map(str, data.columns)) + ")",
        )
    if len(set(names)) != len(names):
        raise ArgumentError("conditions", repr(names), "each condition once")
    if outcome_column in names:
        raise ArgumentError("conditions", repr(outcome_column), "conditions other than the outcome")
    return names


def _prepare_conditions(data: pd.DataFrame, names: Sequence[str], *, force_mv: bool) -> _Conditions:
    fuzzy: list[bool] = []
    levels: list[int] = []
    literals: list[np.ndarray] = []
    for name in names:
        values = _column_values(data, name, "conditions")
        if _is_crisp(values):
            if values.min() < 0:
                raise QCAError(
                    f"argument 'conditions', column '{name}': expected crisp values 0, 1, 2, ... "
                    f"or fuzzy memberships in [0, 1], found {values.min():g}"
                )
            nlev = max(int(values.max()) + 1, 2)
            fuzzy.append(False)
            levels.append(nlev)
            literals.append(np.stack([(values == v).astype(float) for v in range(nlev)]))
        else:
            bad = (values < 0) | (values > 1)
            if bad.any():
                where = data.index[int(np.flatnonzero(bad)[0])]
                raise QCAError(
                    f"argument 'conditions', column '{name}': expected fuzzy memberships in [0, 1], "
                    f"found {values[bad][0]:g} at case {where!r}"
                )
            fuzzy.append(True)
            levels.append(2)
            literals.append(np.stack([1.0 - values, values]))
    multivalue = force_mv or any(n > 2 for n in levels)
    return _Conditions(tuple(names), tuple(fuzzy), tuple(levels), tuple(literals), multivalue)


def _literal(name: str, value: int, *, multivalue: bool, use_tilde: bool) -> str:
    if multivalue:
        return f"{name}[{value}]"
    if value == 1:
        return name
    return f"~{name}" if use_tilde else name.lower()


# ---------------------------------------------------------------- super_subset


def super_subset(
    data: pd.DataFrame,
    outcome: str,
    conditions: str | Sequence[str] | None = None,
    *,
    relation: Relation = "necessity",
    incl_cut: float = 1.0,
    cov_cut: float = 0.0,
    ron_cut: float = 0.0,
    pri_cut: float = 0.0,
    depth: int | None = None,
    use_tilde: bool = True,
) -> pd.DataFrame:
    """Find necessary (or sufficient) conditions and combinations of conditions.

    For necessity, every conjunction (``A*B``) and disjunction (``A + B``) of condition literals
    (a condition or its negation; ``A[v]`` for multi-value conditions) is tried, from one
    condition upwards; a combination is reported when its consistency of necessity reaches
    ``incl_cut`` and its coverage reaches ``cov_cut``. A disjunction is tried only when the
    conjunction of the same literals fails, and it is left out when a conjunction or disjunction
    of fewer literals, all among its own, was already reported. For sufficiency, only
    conjunctions are tried, and those that contain a reported conjunction of fewer literals are
    left out. This is R's ``superSubset`` and its results come in R's order: conjunctions, then
    disjunctions, each by number of conditions, then by the order of the conditions, then by
    literal values (negation first).

    Parameters
    ----------
    data : DataFrame
        One row per case: crisp (0/1), multi-value (0, 1, 2, ...) or fuzzy ([0, 1]) conditions and
        the outcome.
    outcome : str
        The outcome column; ``"~Y"`` for its negation, ``"Y[1]"`` (or ``"Y[1,2]"``) for values of a
        multi-value outcome.
    conditions : str or sequence of str, optional
        The condition columns (a list or ``"A, B, C"``); by default every column but the outcome.
    relation : {'necessity', 'sufficiency'}, default 'necessity'
        The set relation searched for.
    incl_cut : float, default 1
        Minimum consistency (``inclN`` or ``inclS``), in [0, 1].
    cov_cut : float, default 0
        Minimum coverage (``covN`` or ``covS``), in [0, 1].
    ron_cut : float, default 0
        Minimum relevance of necessity (necessity only).
    pri_cut : float, default 0
        Minimum PRI (sufficiency only).
    depth : int, optional
        The largest number of conditions in a combination; by default all. As in R, the search
        also stops after the first level above three conditions that adds nothing, once
        something was found.
    use_tilde : bool, default True
        Write negations as ``~A``; ``False`` writes them in lower case (``a``), R's older notation.

    Returns
    -------
    DataFrame
        Indexed by the expression (index name ``expression``), with columns ``inclN``, ``RoN``,
        ``covN`` (necessity) or ``inclS``, ``PRI``, ``covS`` (sufficiency).

    Raises
    ------
    ArgumentError
        Unknown outcome or condition columns, a cut-off outside [0, 1], an unknown ``relation``,
        a ``depth`` below 1.
    QCAError
        Memberships missing or outside [0, 1] (negative crisp values); no combination passes
        the cut-offs.

    See Also
    --------
    smartcase.qca.parameters_of_fit : Fit of given conditions or expressions.

    Notes
    -----
    In R: ``superSubset(data, outcome = "Y", conditions = c("A", "B"), relation = "necessity",
    incl.cut = 1, cov.cut = 0, ron.cut = 0, depth = NULL)``. R's ``"sufnec"`` and ``"necsuf"``
    relations are not offered.

    References
    ----------
    Schneider, C. Q., & Wagemann, C. (2012). *Set-theoretic methods for the social sciences*,
    ch. 9. Cambridge University Press.

    Dusa, A. (2019). *QCA with R: A comprehensive resource*, ch. 5. Springer.

    Examples
    --------
    >>> import pandas as pd
    >>> lc = pd.DataFrame(
    ...     {"DEV": [1, 1, 1, 0, 1, 0], "STB": [1, 1, 0, 1, 1, 0], "SURV": [1, 1, 0, 0, 1, 0]},
    ...     index=["BE", "CZ", "DE", "EE", "FI", "GR"],
    ... )
    >>> super_subset(lc, "SURV").round(3)  # doctest: +NORMALIZE_WHITESPACE
                inclN    RoN  covN
    expression
    DEV           1.0  0.667  0.75
    STB           1.0  0.667  0.75
    DEV*STB       1.0  1.000  1.00
    """
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError("data", type(data).__name__, "a DataFrame")
    if relation not in _RELATIONS:
        raise ArgumentError("relation", repr(relation), "one of 'necessity', 'sufficiency'")
    for arg, value in (
        ("incl_cut", incl_cut),
        ("cov_cut", cov_cut),
        ("ron_cut", ron_cut),
        ("pri_cut", pri_cut),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ArgumentError(arg, repr(value), "a number in [0, 1]")
    y, outcome_column, _ = prepare_outcome(data, outcome)
    names = _condition_names(data, conditions, outcome_column)
    conds = _prepare_conditions(data, names, force_mv="[" in outcome or "{" in outcome)
    k_max = len(names)
    if depth is not None:
        if isinstance(depth, bool) or not isinstance(depth, int | np.integer) or depth < 1:
            raise ArgumentError("depth", repr(depth), "a positive integer")
        k_max = min(int(depth), k_max)

    necessity = relation == "necessity"
    icut = incl_cut - _CUT_EPS
    ccut = cov_cut - _CUT_EPS if cov_cut > 0 else cov_cut

    conj: list[tuple[dict[int, int], tuple[float, float, float]]] = []
    disj: list[tuple[dict[int, int], tuple[float, float, float]]] = []

    def contains_earlier(
        found: list[tuple[dict[int, int], tuple]], n_before: int, lits: dict[int, int]
    ) -> bool:
        return any(all(lits.get(c) == v for c, v in prev.items()) for prev, _ in found[:n_before])

    k = 1
    go_on = True
    while k <= k_max and go_on:
        last_unless_found = k > 3 and (len(conj) + len(disj)) > 0
        conj_before, disj_before = len(conj), len(disj)
        for cols in itertools.combinations(range(len(names)), k):
            combos = list(itertools.product(*(range(conds.levels[c]) for c in cols)))
            # (n_combos, k, n_cases) literal memberships
            stack = np.stack(
                [
                    np.stack([conds.literals[c][v] for c, v in zip(cols, combo, strict=True)])
                    for combo in combos
                ]
            )
            mins = stack.min(axis=1)
            if necessity:
                c_incl, c_second, c_cov = necessity_measures(mins, y)
            else:
                c_incl, c_second, c_cov = sufficiency_measures(mins, y)
            c_ok = (c_incl >= icut) & (c_cov >= ccut)
            d_ok = np.zeros(len(combos), dtype=bool)
            if necessity and not c_ok.all():
                maxs = stack.max(axis=1)
                d_incl, d_ron, d_cov = necessity_measures(maxs, y)
                d_ok = (d_incl >= icut) & (d_cov >= ccut)
            for j, combo in enumerate(combos):
                lits = dict(zip(cols, combo, strict=True))
                if c_ok[j]:
                    if not necessity and contains_earlier(conj, conj_before, lits):
                        continue
                    conj.append((lits, (float(c_incl[j]), float(c_second[j]), float(c_cov[j]))))
                elif d_ok[j]:
                    if contains_earlier(conj, conj_before, lits) or contains_earlier(
                        disj, disj_before, lits
                    ):
                        continue
                    disj.append((lits, (float(d_incl[j]), float(d_ron[j]), float(d_cov[j]))))
        found_here = len(conj) + len(disj) > conj_before + disj_before
        go_on = found_here or not last_unless_found
        k += 1

    columns = ["inclN", "RoN", "covN"] if necessity else ["inclS", "PRI", "covS"]
    rows: list[tuple[str, float, float, float]] = []
    for joiner, found in (("*", conj), (" + ", disj)):
        for lits, fit in found:
            text = joiner.join(
                _literal(names[c], v, multivalue=conds.multivalue, use_tilde=use_tilde)
                for c, v in lits.items()
            )
            rows.append((text, *fit))
    table = pd.DataFrame(rows, columns=["expression", *columns]).set_index("expression")
    if necessity:
        table = table[table["RoN"] >= ron_cut]
    else:
        table = table[table["PRI"] >= pri_cut]
    if table.empty:
        raise QCAError(
            f"no {'necessary' if necessity else 'sufficient'} condition or combination for outcome "
            f"'{outcome}' with incl_cut={incl_cut:g}, cov_cut={cov_cut:g}"
            + (f", ron_cut={ron_cut:g}" if necessity else f", pri_cut={pri_cut:g}")
        )
    return table
