"""Parameters of fit of conditions, expressions and solutions (R's ``pof``).

:func:`parameters_of_fit` (alias :func:`pof`) measures how well sets fit a sufficiency or a
necessity relation with an outcome: ``inclS``, ``PRI``, ``covS`` and ``covU`` for sufficiency
(see :mod:`smartcase.qca.fit`), ``inclN``, ``RoN`` and ``covN`` for necessity (see
:mod:`smartcase.qca.necessity`). The sets can be an expression in QCA notation, a DataFrame or
Series of memberships, or a minimisation :class:`~smartcase.qca.Solution`. :func:`qca_fit`
gives the same measures with SetMethods' names (``QCAfit``), plus Haesebrouck's consistency
and the PRODUCT of consistency and PRI.

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
from .fit import haesebrouck_consistency, sufficiency_fit, sufficiency_measures
from .necessity import necessity_measures, prepare_outcome
from .setops import as_membership

__all__ = ["parameters_of_fit", "pof", "qca_fit"]

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
    from .minimization import Solution  # here, not at the top: minimization imports this module

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
    elif isinstance(sets, Solution):
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
    relation = relation or "sufficiency"

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


def qca_fit(
    x: Any,
    y: str | pd.Series | np.ndarray | Sequence[float] | None = None,
    data: pd.DataFrame | None = None,
    *,
    necessity: bool = False,
    neg_out: bool = False,
    cons_h: bool = False,
    product: bool = False,
    model: int = 0,
    ttrows: Sequence[int | str] | None = None,
    cond_lab: str | None = None,
) -> pd.DataFrame:
    """Parameters of fit with SetMethods' names and extra measures (SetMethods ``QCAfit``).

    Parameters
    ----------
    x : DataFrame, Series, array, Solution or expression
        - a DataFrame of memberships: one row for each column and one for its negation
          (``~NAME``), as R does for a matrix;
        - a Series, array or list: one set (named ``cond_lab``, else the Series name, else
          ``"X"``);
        - a :class:`~smartcase.qca.Solution`: each term of model ``model`` and
          ``solution_formula`` (the columns of :func:`~smartcase.qca.pimdata`), against the
          solution's outcome (``1 - Y`` for a solution of ``~Y``); with ``ttrows``, the
          truth-table rows instead;
        - an expression in QCA notation, evaluated on ``data``: each term and
          ``solution_formula``.
    y : str, Series or array, optional
        The outcome: memberships, or a column of ``data`` (``"Y"``, ``"~Y"``). For a Solution
        it may be omitted (or name the solution's outcome column).
    data : DataFrame, optional
        The cases, for an expression and for an outcome given by name.
    necessity : bool, default False
        Necessity (``Cons.Nec``, ``Cov.Nec``, ``RoN``) instead of sufficiency (``Cons.Suf``,
        ``Cov.Suf``, ``PRI``). R's ``QCAfit`` defaults to necessity; here the default is
        sufficiency, as for :func:`parameters_of_fit`.
    neg_out : bool, default False
        Measure against the negated outcome, ``1 - y``.
    cons_h : bool, default False
        Add Haesebrouck's consistency ``Cons.Suf(H)`` (sufficiency only).
    product : bool, default False
        Add ``PRODUCT`` = ``Cons.Suf * PRI`` (sufficiency only).
    model : int, default 0
        The model of a Solution (counted from 0; R's ``sol = 1``).
    ttrows : sequence of int or str, optional
        With a Solution: measure these truth-table rows (R row numbers) instead of the terms;
        a case's membership in a row is its minimum over the row's condition values.
    cond_lab : str, optional
        The name of a single set.

    Returns
    -------
    DataFrame
        One row per set; columns ``Cons.Suf``, ``Cov.Suf``, ``PRI`` (then ``Cons.Suf(H)``,
        ``PRODUCT`` when asked) or ``Cons.Nec``, ``Cov.Nec``, ``RoN``. Unrounded.

    Raises
    ------
    ArgumentError
        Inputs of the wrong kind or length, a missing outcome or data, a model or row that
        does not exist, ``cons_h`` or ``product`` with ``necessity=True``.
    QCAError
        Memberships missing or outside [0, 1]; an expression naming unknown conditions.

    See Also
    --------
    parameters_of_fit : the same measures with R QCA's names (``inclS``, ``covS``, ...).
    smartcase.qca.fit.haesebrouck_consistency : the Haesebrouck measure alone.

    Notes
    -----
    Definitions (SetMethods 4.0 source): Cons.Suf = sum(min(x, y)) / sum(x); Cov.Suf =
    sum(min(x, y)) / sum(y); PRI = (sum(min(x, y)) - sum(min(x, y, 1 - y))) / (sum(x) -
    sum(min(x, y, 1 - y))); Cons.Suf(H) = sum(min(x, y)) / sum(min(x, y) + sqrt(max(x - y, 0)
    * x)); PRODUCT = Cons.Suf * PRI; Cons.Nec = sum(min(x, y)) / sum(y); Cov.Nec =
    sum(min(x, y)) / sum(x); RoN = sum(1 - x) / sum(1 - min(x, y)). One deliberate
    difference: SetMethods rounds the whole table (``format(digits = 3)``); the figures here
    are unrounded, so round them for display.

    Examples
    --------
    In R: ``QCAfit(x = sol_yp, y = "EXPORT", necessity = FALSE, consH = TRUE)``; here on R's
    ``LF`` data.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, qca_fit
    >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    >>> qca_fit(sol, cons_h=True, product=True).round(3)
                      Cons.Suf  Cov.Suf    PRI  Cons.Suf(H)  PRODUCT
    DEV*~IND             0.815    0.284  0.721        0.791    0.587
    URB*STB              0.874    0.520  0.845        0.791    0.739
    solution_formula     0.850    0.714  0.819        0.787    0.696
    """
    from .minimization import Solution
    from .term_memberships import pimdata

    if necessity and (cons_h or product):
        raise ArgumentError(
            "cons_h" if cons_h else "product",
            "True with necessity=True",
            "False: Haesebrouck's consistency and PRODUCT are sufficiency measures",
        )
    if isinstance(x, Solution):
        if ttrows is not None:
            frame, outcome = _truth_table_rows(x, ttrows)
        else:
            table = pimdata(x, model=model)
            outcome = table.pop("out").to_numpy(dtype=float)
            frame = table
        if y is not None and not isinstance(y, str):
            outcome = _outcome_values(y, data, frame.index, len(frame))
    elif isinstance(x, (str, Expression)):
        if not isinstance(y, str):
            raise ArgumentError(
                "y", type(y).__name__, "the outcome column of data for an expression"
            )
        table = pimdata(x, data, outcome=y)
        outcome = table.pop("out").to_numpy(dtype=float)
        frame = table
    elif isinstance(x, pd.DataFrame):
        if x.shape[1] == 0:
            raise ArgumentError("x", "a DataFrame without columns", "one column per set")
        cols = {}
        for col in x.columns:
            values, _, _ = as_membership(x[col], f"x['{col}']")
            cols[str(col)] = values
        for col in x.columns:
            cols[f"~{col}"] = 1.0 - cols[str(col)]
        frame = pd.DataFrame(cols, index=x.index)
        outcome = _outcome_values(y, data, x.index, len(frame))
    else:
        values, index, name = as_membership(x, "x")
        label = cond_lab or name or "X"
        frame = pd.DataFrame(
            {label: values}, index=index if index is not None else pd.RangeIndex(values.size)
        )
        outcome = _outcome_values(y, data, index, len(frame))
    if cond_lab is not None and frame.shape[1] == 1:
        frame.columns = [cond_lab]
    ys = 1.0 - outcome if neg_out else outcome
    xs = frame.to_numpy(dtype=float).T
    if necessity:
        incl, ron, cov = necessity_measures(xs, ys)
        return pd.DataFrame(
            {"Cons.Nec": incl, "Cov.Nec": cov, "RoN": ron}, index=pd.Index(frame.columns)
        )
    incl, pri, cov = sufficiency_measures(xs, ys)
    out = pd.DataFrame(
        {"Cons.Suf": incl, "Cov.Suf": cov, "PRI": pri}, index=pd.Index(frame.columns)
    )
    if cons_h:
        out["Cons.Suf(H)"] = haesebrouck_consistency(xs, ys)
    if product:
        out["PRODUCT"] = incl * pri
    return out


def _truth_table_rows(
    solution: Any, ttrows: Sequence[int | str]
) -> tuple[pd.DataFrame, np.ndarray]:
    """Case memberships in the given truth-table rows of a solution's table."""
    from .expression import Literal, Term
    from .truthtable import _decode_rows

    ctx = solution._ctx
    if ctx is None:
        raise ArgumentError("x", "a Solution without its truth table", "a Solution from minimize()")
    tt = ctx.tt
    numbers = []
    for r in ttrows:
        value = int(r) if isinstance(r, str) and r.strip().isdigit() else r
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            or not (1 <= int(value) <= tt.n_rows)
        ):
            raise ArgumentError("ttrows", repr(r), f"row numbers between 1 and {tt.n_rows}")
        numbers.append(int(value))
    configs = _decode_rows(np.array(numbers, dtype=np.int64) - 1, np.array(tt.levels))
    cols = {}
    for number, config in zip(numbers, configs, strict=True):
        term = Term(
            tuple(
                Literal(c, frozenset({int(v)}), multivalue=tt.kinds[c] == "multivalue")
                for c, v in zip(tt.conditions, config, strict=True)
            )
        )
        cols[str(number)] = term.membership(tt.data)
    frame = pd.DataFrame(cols, index=tt.data.index)
    return frame, tt.outcome_membership.to_numpy(dtype=float)
