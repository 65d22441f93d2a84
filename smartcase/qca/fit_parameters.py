"""Parameters of fit of conditions, expressions and solutions (R's ``pof``).

:func:`parameters_of_fit` (alias :func:`pof`) measures how well sets fit a sufficiency or a
necessity relation with an outcome: ``inclS``, ``PRI``, ``covS`` and ``covU`` for sufficiency
(see :mod:`smartcase.qca.fit`), ``inclN``, ``RoN`` and ``covN`` for necessity (see
:mod:`smartcase.qca.necessity`). The sets can be an expression in QCA notation, a DataFrame or
Series of memberships, or a minimisation :class:`~smartcase.qca.Solution`.

Examples
--------
>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca.fit_parameters import parameters_of_fit
>>> cvf = load_dataset("CVF")
>>> parameters_of_fit("~NATPRIDE + GEOCON -> PROTEST", data=cvf).round(3)
            inclS    PRI   covS   covU
~NATPRIDE   0.899  0.807  0.597  0.042
GEOCON      0.624  0.449  0.904  0.349
expression  0.633  0.462  0.946    NaN
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .expression import Expression, parse_expression, parse_relation
from .fit import sufficiency_fit
from .necessity import necessity_measures, prepare_outcome
from .setops import as_membership

__all__ = ["parameters_of_fit", "pof"]

Relation = Literal["sufficiency", "necessity"]
_RELATIONS: tuple[str, ...] = ("sufficiency", "necessity")
#: R sets fit figures below this to 0.
_ZERO = 0.00001


def _outcome_values(
    outcome: object, data: pd.DataFrame | None, index: pd.Index | None, n: int
) -> np.ndarray:
    """Outcome memberships as an array aligned with the sets."""
    if outcome is None:
        raise ArgumentError("outcome", "None", "an outcome column name (with data=) or memberships")
    if isinstance(outcome, str):
        if data is None:
            raise ArgumentError(
                "data", "None", f"a DataFrame holding the outcome column {outcome!r}"
            )
        y, _, _ = prepare_outcome(data, outcome)
        if index is not None and not data.index.equals(index):
            raise ArgumentError(
                "data",
                "cases that differ from those of the sets",
                "the same cases in the same order",
            )
    elif isinstance(outcome, pd.Series):
        y, y_index, _ = as_membership(outcome, "outcome")
        if index is not None and y_index is not None and not y_index.equals(index):
            if set(y_index) != set(index) or y_index.has_duplicates:
                raise ArgumentError(
                    "outcome",
                    "a Series with other cases",
                    "the same cases (index labels) as the sets",
                )
            y = outcome.reindex(index).to_numpy(dtype=float)
    else:
        y, _, _ = as_membership(outcome, "outcome")
    if y.size != n:
        raise ArgumentError("outcome", f"{y.size} cases", f"{n} cases, one per case of the sets")
    return y


def _terms_from_expression(
    expression: Expression, data: pd.DataFrame | None, argument: str
) -> pd.DataFrame:
    if data is None:
        raise ArgumentError(
            "data", "None", f"a DataFrame to evaluate the expression '{expression}' on"
        )
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError("data", type(data).__name__, "a DataFrame")
    return expression.term_memberships(data)


def _necessity_table(sets: pd.DataFrame, y: np.ndarray, total: str | None) -> pd.DataFrame:
    x = sets.to_numpy(dtype=float).T
    labels = [str(c) for c in sets.columns]
    if total is not None:
        x = np.vstack([x, x.max(axis=0)])
        labels.append(total)
    incl, ron, cov = necessity_measures(x, y)
    return pd.DataFrame({"inclN": incl, "RoN": ron, "covN": cov}, index=pd.Index(labels))


def parameters_of_fit(
    sets: Any,
    outcome: str | pd.Series | np.ndarray | Sequence[float] | None = None,
    data: pd.DataFrame | None = None,
    *,
    relation: Relation | None = None,
    model: int = 1,
) -> pd.DataFrame:
    """Parameters of fit of sets to an outcome, for sufficiency or necessity.

    Parameters
    ----------
    sets : str, Expression, DataFrame, Series, array or Solution
        What to measure:

        - an expression in QCA notation, ``"DEV*STB + ~URB"``, evaluated on ``data``; it may
          carry its relation and outcome, ``"DEV*STB + ~URB -> SURV"`` (``<-`` for necessity);
          each term gets a row, and the whole expression (the union of its terms) a row
          ``expression`` when it has several terms;
        - a DataFrame of memberships (one set per column, one row per case) or a single Series
          or array: one row per set, no ``expression`` row (as R);
        - a :class:`~smartcase.qca.Solution` from :func:`~smartcase.qca.minimize`: the terms of
          model ``model`` and a row ``M<model>`` for the model; the outcome is the solution's.
    outcome : str, Series or array, optional
        The outcome: a column of ``data`` (``"Y"``, ``"~Y"``, ``"Y[1]"``) or memberships. Not
        needed when the expression names it or for a Solution.
    data : DataFrame, optional
        The cases: conditions (for expressions and Solutions) and the outcome (for an outcome
        given by name).
    relation : {'sufficiency', 'necessity'}, optional
        The relation measured. By default the one an expression's arrow gives, else
        sufficiency. (R's ``pof`` defaults to necessity.)
    model : int, default 1
        Which model of a Solution to measure (1-based).

    Returns
    -------
    DataFrame
        Indexed by set (term or column name) and ``expression`` / ``M1``; columns ``inclS``,
        ``PRI``, ``covS``, ``covU`` (sufficiency; ``covU`` is NaN for the whole-expression row
        and when there is a single set) or ``inclN``, ``RoN``, ``covN`` (necessity). Figures
        below 0.00001 are set to 0, as in R.

    Raises
    ------
    ArgumentError
        An unknown ``relation``, a relation that contradicts the expression's arrow, ``<->``,
        a missing outcome or data, outcome memberships of another length or other cases, an
        unknown outcome column, a ``model`` that does not exist.
    QCAError
        An expression that cannot be parsed or names unknown conditions; memberships missing or
        outside [0, 1].

    See Also
    --------
    smartcase.qca.super_subset : Search for necessary conditions and their combinations.
    smartcase.qca.fit.sufficiency_fit : The sufficiency table used here.

    Notes
    -----
    In R: ``pof("~NATPRIDE + GEOCON -> PROTEST", data = CVF)``; ``pof(LF[, 1:5], LF$SURV)``
    (necessity by default in R; here pass ``relation="necessity"``).

    References
    ----------
    Ragin, C. C. (2006). Set relations in social research: Evaluating their consistency and
    coverage. *Political Analysis*, 14(3), 291–310.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> lf = load_dataset("LF")
    >>> pof(lf[["DEV", "URB", "LIT", "IND", "STB"]], "SURV", lf, relation="necessity").round(3)
         inclN    RoN   covN
    DEV  0.831  0.811  0.775
    URB  0.539  0.899  0.771
    LIT  0.991  0.509  0.643
    IND  0.669  0.786  0.684
    STB  0.920  0.680  0.707
    >>> pof("DEV*~IND + URB*STB", "SURV", lf).round(3)
                inclS    PRI   covS   covU
    DEV*~IND    0.815  0.721  0.284  0.194
    URB*STB     0.874  0.845  0.520  0.430
    expression  0.850  0.819  0.714    NaN
    """
    if relation is not None and relation not in _RELATIONS:
        raise ArgumentError("relation", repr(relation), "one of 'sufficiency', 'necessity'")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise ArgumentError("data", type(data).__name__, "a DataFrame or None")

    total: str | None = None
    index: pd.Index | None = None
    solution_cls = None
    try:
        from .minimization import Solution as solution_cls
    except ImportError:  # pragma: no cover - minimize module absent
        solution_cls = None

    if isinstance(sets, str | Expression):
        arrow_relation = None
        if isinstance(sets, str):
            expression, arrow_outcome, arrow_relation = parse_relation(sets)
            if arrow_relation == "both":
                raise ArgumentError(
                    "sets",
                    repr(sets),
                    "an expression with '->' (sufficiency) or '<-' (necessity), not '<->'",
                )
            if arrow_outcome is not None:
                if outcome is not None and not (
                    isinstance(outcome, str) and outcome.strip() == arrow_outcome
                ):
                    raise ArgumentError(
                        "outcome",
                        repr(outcome),
                        f"nothing, or the outcome the expression names ({arrow_outcome!r})",
                    )
                outcome = arrow_outcome
            if arrow_relation is not None and relation is not None and relation != arrow_relation:
                raise ArgumentError(
                    "relation",
                    repr(relation),
                    f"{arrow_relation!r} as the expression's arrow says, or None",
                )
        else:
            expression = sets
        relation = relation or arrow_relation or "sufficiency"  # type: ignore[assignment]
        frame = _terms_from_expression(expression, data, "sets")
        index = data.index  # type: ignore[union-attr]
        if len(expression.terms) > 1:
            total = "expression"
    elif solution_cls is not None and isinstance(sets, solution_cls):
        if relation == "necessity":
            raise ArgumentError("relation", "'necessity'", "'sufficiency' (or None) for a Solution")
        relation = "sufficiency"
        if (
            isinstance(model, bool)
            or not isinstance(model, int)
            or not 1 <= model <= len(sets.models)
        ):
            raise ArgumentError(
                "model", repr(model), f"a model number from 1 to {len(sets.models)}"
            )
        ctx_tt = getattr(getattr(sets, "_ctx", None), "tt", None)
        if data is None:
            if ctx_tt is None:
                raise ArgumentError("data", "None", "the data the solution was found on")
            data = ctx_tt.data
            if outcome is None:
                outcome = ctx_tt.outcome_membership
        if outcome is None:
            outcome = sets.outcome
        expression = parse_expression(sets.models[model - 1])
        frame = _terms_from_expression(expression, data, "sets")
        index = data.index
        total = f"M{model}"
    elif isinstance(sets, pd.DataFrame):
        if sets.shape[1] == 0:
            raise ArgumentError(
                "sets", "a DataFrame without columns", "one column of memberships per set"
            )
        columns = {}
        for col in sets.columns:
            values, _, _ = as_membership(sets[col], f"sets['{col}']")
            columns[str(col)] = values
        frame = pd.DataFrame(columns, index=sets.index)
        index = sets.index
    else:
        values, s_index, name = as_membership(sets, "sets")
        label = name if name is not None else "X"
        frame = pd.DataFrame(
            {label: values}, index=s_index if s_index is not None else pd.RangeIndex(values.size)
        )
        index = s_index
    relation = relation or "sufficiency"  # type: ignore[assignment]

    if isinstance(outcome, str) and data is None:
        raise ArgumentError("data", "None", f"a DataFrame holding the outcome column {outcome!r}")
    y = _outcome_values(outcome, data, index, len(frame))
    if index is None:
        frame.index = pd.RangeIndex(len(frame))

    if relation == "sufficiency":
        table = sufficiency_fit(frame, y, total=total)
    else:
        table = _necessity_table(frame, y, total)
    return table.mask(table < _ZERO, 0.0)


#: R's name for :func:`parameters_of_fit`.
pof = parameters_of_fit
