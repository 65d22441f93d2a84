"""Case memberships in the terms of a solution (SetMethods' ``pimdata``).

After a minimisation, the next questions are about cases: how much does each case belong to each
sufficient term, to the whole solution and to the outcome? :func:`pimdata` answers them in one
table, the input of case-oriented follow-ups (robustness checks, case selection for within-case
study, theory evaluation).

Examples
--------
In R: ``pimdata(results = minimize(LF, outcome = "SURV", incl.cut = 0.8, include = "?"),
outcome = "SURV")``.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca import truth_table, minimize, pimdata
>>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
>>> pimdata(sol).head(3)
    DEV*~IND  URB*STB  solution_formula   out
AU      0.27     0.12              0.27  0.05
BE      0.00     0.89              0.89  0.95
CZ      0.10     0.91              0.91  0.89
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from .expression import Expression, parse_expression

__all__ = ["pimdata"]


def pimdata(
    solution: Any,
    data: pd.DataFrame | None = None,
    model: int = 0,
    *,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Memberships of every case in each term, the solution formula and the outcome.

    Parameters
    ----------
    solution : Solution, Expression or str
        A result of :func:`~smartcase.qca.minimize` (conservative, parsimonious or
        intermediate), or an expression in QCA notation (then ``data`` and ``outcome`` are
        needed).
    data : DataFrame, optional
        The cases to evaluate (conditions and the outcome column). Default: the data the
        solution was found on, with the outcome memberships of its truth table (negated for an
        outcome written ``~Y``).
    model : int, default 0
        Which model to use, counted from 0 (R's ``sol = 1`` is ``model=0``). For an intermediate
        solution the models are numbered over its conservative/parsimonious pairs in order, so
        ``model=0`` is R's C1P1 first model.
    outcome : str, optional
        The outcome column of ``data`` (``"Y"``, ``"~Y"``, ``"Y[1]"``). Default: the solution's
        outcome. Required for an expression.

    Returns
    -------
    DataFrame
        Indexed by case; one column per term of the model (named by the term, in the model's
        order), ``solution_formula`` (the maximum over the terms) and ``out`` (membership in the
        outcome; for a solution of ``~Y`` this is ``1 - Y``, as in SetMethods).

    Raises
    ------
    ArgumentError
        ``model`` out of range, a missing ``data`` or ``outcome`` for an expression, or an
        object that is neither a Solution nor an expression.
    QCAError
        Conditions or the outcome missing from ``data``, memberships outside [0, 1].

    See Also
    --------
    smartcase.qca.qca_fit : fit of each column of this table.
    smartcase.qca.parameters_of_fit : fit of the terms of a solution.

    Notes
    -----
    In R (SetMethods 4.0): ``pimdata(results, outcome, sol = 1)``; an intermediate model is
    chosen there as ``"c1p1i2"``, here by its position in ``solution.models``.

    Examples
    --------
    >>> import pandas as pd
    >>> from smartcase.qca import pimdata
    >>> df = pd.DataFrame({"A": [0.9, 0.2], "B": [0.6, 0.7], "Y": [0.8, 0.3]}, index=["x", "y"])
    >>> pimdata("A*B + ~A", df, outcome="Y")
       A*B   ~A  solution_formula  out
    x  0.6  0.1               0.6  0.8
    y  0.2  0.8               0.8  0.3
    """
    from .minimization import Solution
    from .necessity import prepare_outcome

    if isinstance(solution, Solution):
        if isinstance(model, bool) or not isinstance(model, (int, np.integer)):
            raise ArgumentError("model", repr(model), "an integer model number counted from 0")
        if not 0 <= int(model) < len(solution.models):
            raise ArgumentError(
                "model",
                repr(model),
                f"a model number from 0 to {len(solution.models) - 1} (counted from 0)",
            )
        expression = solution.models[int(model)]
        ctx = solution._ctx
        if data is None:
            if ctx is None:
                raise ArgumentError("data", "None", "the data the solution was found on")
            frame = ctx.tt.data
            if outcome is None:
                y = ctx.tt.outcome_membership.to_numpy(dtype=float)
            else:
                raise ArgumentError(
                    "outcome", repr(outcome), "None when data is None (the solution's outcome)"
                )
        else:
            if not isinstance(data, pd.DataFrame):
                raise ArgumentError("data", type(data).__name__, "a DataFrame or None")
            frame = data
            y, _, _ = prepare_outcome(data, outcome if outcome is not None else solution.outcome)
    elif isinstance(solution, (str, Expression)):
        if data is None or not isinstance(data, pd.DataFrame):
            raise ArgumentError(
                "data", type(data).__name__, "a DataFrame to evaluate the expression on"
            )
        if outcome is None:
            raise ArgumentError("outcome", "None", "the outcome column of data, e.g. 'Y' or '~Y'")
        expression = parse_expression(solution)
        frame = data
        y, _, _ = prepare_outcome(data, outcome)
    else:
        raise ArgumentError(
            "solution", type(solution).__name__, "a Solution from minimize() or an expression"
        )
    table = expression.term_memberships(frame)
    table["solution_formula"] = table.to_numpy(dtype=float).max(axis=1) if len(table.columns) else 0
    table["out"] = np.asarray(y, dtype=float)
    return table
