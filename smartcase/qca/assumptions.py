"""Untenable and contradictory assumptions: find_rows, esa, lr_intersect.

A parsimonious solution may rest on simplifying assumptions (remainders treated as if they
showed the outcome) that are untenable, impossible, or contradictory (the same remainder
assumed for the outcome and for its negation). These functions find such truth-table rows and
keep them out of the minimisation:

- :func:`find_rows` (R QCA's ``findRows``): remainders inside an expression (type 1),
  contradictory simplifying assumptions (type 2), simultaneous subset relations (type 3), or
  all three (type 0);
- :func:`esa` (SetMethods' enhanced standard analysis): a truth table in which rows that
  contradict a necessary condition, untenable remainders and named rows are set to
  ``OUT = 0``;
- :func:`lr_intersect` (SetMethods' ``LR.intersect``): the simplifying assumptions two
  solutions (for the outcome and for its negation) share.

:func:`~smartcase.qca.minimize` excludes rows directly with ``exclude=`` (row numbers, an
expression or the result of :func:`find_rows`).

Row numbers are R's: the row of the complete truth table, the first condition varying slowest.

Examples
--------
In R: ``findRows(obj = truthTable(LC, "SURV"), expression = "DEV*~IND*STB")`` gives rows 18,
26 and 30.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca import truth_table, find_rows
>>> tt = truth_table(load_dataset("LC"), "SURV")
>>> find_rows(tt, "DEV*~IND*STB").index.tolist()
[18, 26, 30]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError
from .expression import Expression, parse_expression
from .truthtable import TruthTable, _decode_rows, _with_out

__all__ = ["find_rows", "esa", "lr_intersect"]

FindType = Literal[0, 1, 2, 3]
#: Most rows an expression may select (they are listed one by one).
_MAX_SELECTED = 2**22


# --------------------------------------------------------------------------- helpers
def _check_tt(tt: Any, argument: str = "tt") -> TruthTable:
    if not isinstance(tt, TruthTable):
        raise ArgumentError(
            argument, type(tt).__name__, "a TruthTable (see smartcase.qca.truth_table)"
        )
    return tt


def _parse(expression: Any, tt: TruthTable, argument: str) -> Expression:
    if not isinstance(expression, (str, Expression)):
        raise ArgumentError(
            argument, type(expression).__name__, "an expression in QCA notation, e.g. 'A*~B'"
        )
    try:
        return parse_expression(expression, tt.conditions)
    except QCAError as err:
        raise QCAError(f"argument '{argument}': {err}") from None


def expression_rows(expression: Any, tt: TruthTable, argument: str = "expression") -> np.ndarray:
    """R row numbers (sorted) of every configuration of ``tt``'s space inside the expression.

    Literals are read as crisp / multi-value sets: ``A`` is value 1, ``~A`` value 0,
    ``A[1,2]`` values 1 and 2, ``~A[1]`` every value but 1.

    Raises
    ------
    QCAError
        A malformed expression, a condition that is not one of the truth table's (the message
        names ``argument``), a value the condition does not take, or more than 4,194,304 rows.
    """
    expr = _parse(expression, tt, argument)
    levels = dict(zip(tt.conditions, tt.levels, strict=True))
    lv = np.array(tt.levels, dtype=np.int64)
    mbase = np.ones(len(lv), dtype=np.int64)
    for j in range(len(lv) - 2, -1, -1):
        mbase[j] = mbase[j + 1] * lv[j + 1]
    parts = []
    for term in expr.terms:
        allowed: dict[str, set[int]] = {}
        for lit in term.literals:
            bad = [v for v in lit.values if not 0 <= v < levels[lit.condition]]
            if bad:
                raise QCAError(
                    f"argument '{argument}': value {bad[0]} of condition {lit.condition!r} does "
                    f"not occur (values 0 to {levels[lit.condition] - 1})"
                )
            vals = set(lit.values)
            if lit.negated:
                vals = set(range(levels[lit.condition])) - vals
            allowed[lit.condition] = allowed.get(lit.condition, vals) & vals
        size = 1.0
        grids = []
        for c, n in zip(tt.conditions, tt.levels, strict=True):
            g = np.array(sorted(allowed.get(c, set(range(n)))), dtype=np.int64)
            grids.append(g)
            size *= len(g)
        if size > _MAX_SELECTED:
            raise QCAError(
                f"argument '{argument}': the term '{term}' spans {size:.0f} rows (more than "
                f"{_MAX_SELECTED}); name more conditions"
            )
        idx = np.zeros(1, dtype=np.int64)
        for j, g in enumerate(grids):
            idx = (idx[:, None] + g[None, :] * mbase[j]).ravel()
        parts.append(idx)
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(parts)) + 1


def _rows_frame(row_numbers: Iterable[int], tt: TruthTable) -> pd.DataFrame:
    """One row per truth-table row: the configuration and its ``OUT`` (``"?"`` if unobserved)."""
    numbers = np.array(sorted({int(r) for r in row_numbers}), dtype=np.int64)
    values = _decode_rows(numbers - 1, np.array(tt.levels, dtype=np.int64))
    frame = pd.DataFrame(values, columns=list(tt.conditions), index=pd.Index(numbers, name="row"))
    out = tt.rows["OUT"].reindex(numbers).fillna("?").astype(str)
    frame["OUT"] = out.to_numpy()
    return frame


def _row_numbers(rows: Any, tt: TruthTable, argument: str) -> list[int]:
    """Row numbers from ints, a frame from find_rows (its index) or an expression."""
    if isinstance(rows, (str, Expression)):
        return expression_rows(rows, tt, argument).tolist()
    if isinstance(rows, (pd.DataFrame, pd.Series)):
        rows = rows.index.tolist()
    if isinstance(rows, (int, np.integer)) and not isinstance(rows, bool):
        rows = [rows]
    if not isinstance(rows, Iterable):
        raise ArgumentError(
            argument, type(rows).__name__, "row numbers, an expression or a find_rows() result"
        )
    out = []
    for r in rows:
        value = r
        if isinstance(r, str) and r.strip().isdigit():
            value = int(r)
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            or not 1 <= int(value) <= tt.n_rows
        ):
            raise ArgumentError(
                argument, repr(r), f"truth-table row numbers between 1 and {tt.n_rows}"
            )
        out.append(int(value))
    return sorted(set(out))


def _negated_table(
    tt: TruthTable, incl_cut: Any, pri_cut: Any, n_cut: Any
) -> tuple[TruthTable, TruthTable]:
    """The truth table of the negated outcome (same cut-offs unless given)."""
    from .truthtable import truth_table

    y = tt.outcome_membership.to_numpy(dtype=float)
    data = tt.data.copy()
    name = "__outcome__"
    while name in data.columns:
        name += "_"
    data[name] = 1.0 - y
    ic = tt.incl_cut if tt.incl_cut[0] != tt.incl_cut[1] else tt.incl_cut[0]
    negated = truth_table(
        data,
        name,
        list(tt.conditions),
        incl_cut=ic if incl_cut is None else incl_cut,
        n_cut=tt.n_cut if n_cut is None else n_cut,
        pri_cut=tt.pri_cut if pri_cut is None else pri_cut,
        condition_types=tt.kinds,
    )
    return tt, negated


def _simplifying_rows(tt: TruthTable) -> set[int]:
    """Remainders used by any parsimonious model (R's SA of every model)."""
    import warnings

    from .minimization import QCAWarning, minimize

    if not (tt.rows["OUT"] == "1").any():
        return set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QCAWarning)
        sol = minimize(tt, include="?")
    out: set[int] = set()
    for frame in sol.simplifying_assumptions.values():
        out |= {int(r) for r in frame.index}
    return out


# --------------------------------------------------------------------------- find_rows
def find_rows(
    tt: TruthTable,
    expression: str | Expression | None = None,
    *,
    type: FindType | Sequence[FindType] = 1,  # R's argument name (shadows the builtin here)
    observed: bool = False,
    incl_cut: float | Sequence[float] | None = None,
    pri_cut: float | None = None,
    n_cut: int | None = None,
) -> pd.DataFrame:
    """Truth-table rows behind untenable or contradictory assumptions (R QCA's ``findRows``).

    Parameters
    ----------
    tt : TruthTable
        The truth table of the outcome (from :func:`~smartcase.qca.truth_table`).
    expression : str or Expression, optional
        For type 1 (and 0): the configurations to find, e.g. an impossible combination
        ``"DEV*~IND*STB"``.
    type : {0, 1, 2, 3} or a list of them, default 1
        1: remainders inside ``expression`` (with ``observed=True`` also observed rows);
        2: contradictory simplifying assumptions - remainders that the parsimonious
        solutions of both the outcome and its negation use (every model of each);
        3: simultaneous subset relations - observed rows with ``OUT = 1`` for both the
        outcome and its negation; 0: all three.
    observed : bool, default False
        Type 1: include observed rows too.
    incl_cut, pri_cut, n_cut : optional
        Cut-offs of the negated outcome's truth table (types 2, 3); default those of ``tt``.

    Returns
    -------
    DataFrame
        Indexed by R's row number (sorted); the conditions' values, ``OUT`` in ``tt``
        (``"?"`` for a remainder) and ``type`` (the types that found the row, e.g. ``"1,2"``).
        Pass it to ``minimize(..., exclude=...)`` to keep the rows out.

    Raises
    ------
    ArgumentError
        ``tt`` is not a truth table; an unknown ``type``; type 1 or 0 without ``expression``.
    QCAError
        A malformed expression or one naming a condition that is not in ``tt``; cut-offs
        out of range.

    See Also
    --------
    esa, lr_intersect, smartcase.qca.minimize

    Notes
    -----
    In R: ``findRows(expression, obj, remainders = TRUE, type = 1, ...)``; ``...`` passes
    cut-offs to the negated outcome's truth table, as ``incl_cut`` etc. do here.

    Examples
    --------
    In R: ``findRows(obj = truthTable(LF, "SURV", incl.cut = 0.8), type = 2)``.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, find_rows
    >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> find_rows(tt, type=2).index.tolist()
    [10, 12, 14, 16, 17, 21, 25, 29]
    >>> find_rows(tt, "DEV*~IND*STB", type=0)["type"].to_dict()[18]
    '1'
    """
    tt = _check_tt(tt)
    types = [type] if not isinstance(type, (list, tuple, set)) else list(type)
    for t in types:
        if isinstance(t, bool) or t not in (0, 1, 2, 3):
            raise ArgumentError("type", repr(type), "0, 1, 2 or 3 (or a list of them)")
    wanted = {1, 2, 3} if 0 in types else set(types)
    if 1 in wanted and expression is None:
        raise ArgumentError("expression", "None", "an expression for type 1 (and 0)")
    found: dict[int, list[str]] = {}
    if 1 in wanted:
        rows = expression_rows(expression, tt)
        if not observed:
            out = tt.rows["OUT"].reindex(rows).fillna("?").to_numpy()
            rows = rows[out == "?"]
        for r in rows:
            found.setdefault(int(r), []).append("1")
    if wanted & {2, 3}:
        _, negated = _negated_table(tt, incl_cut, pri_cut, n_cut)
        if 2 in wanted:
            for r in sorted(_simplifying_rows(tt) & _simplifying_rows(negated)):
                found.setdefault(r, []).append("2")
        if 3 in wanted:
            pos = set(tt.rows.index[tt.rows["OUT"] == "1"].tolist())
            neg = set(negated.rows.index[negated.rows["OUT"] == "1"].tolist())
            for r in sorted(pos & neg):
                found.setdefault(int(r), []).append("3")
    frame = _rows_frame(found, tt)
    frame["type"] = [",".join(found[int(r)]) for r in frame.index]
    return frame


# --------------------------------------------------------------------------- esa
def esa(
    tt: TruthTable,
    nec_cond: str | Expression | Sequence[str | Expression] | None = None,
    untenable_lr: str | Expression | Sequence[str | Expression] | None = None,
    contrad_rows: Any = None,
) -> TruthTable:
    """Enhanced standard analysis: a truth table without untenable assumptions (SetMethods).

    Parameters
    ----------
    tt : TruthTable
        The truth table to revise (not changed; a new one is returned).
    nec_cond : str, Expression or list, optional
        Necessary conditions (``"STB"``, ``"~A"``, ``"STOCK+MA"``): every row, observed or
        remainder, in which a necessary condition is absent gets ``OUT = 0`` (a sufficient
        configuration cannot lack a necessary condition).
    untenable_lr : str, Expression or list, optional
        Untenable logical remainders (``"~DEV*IND"``): the remainders inside the expression
        get ``OUT = 0``; observed rows keep their ``OUT``.
    contrad_rows : row numbers, expression or find_rows() result, optional
        Rows set to ``OUT = 0`` whatever their ``OUT`` (e.g. contradictory simplifying
        assumptions from :func:`find_rows` or :func:`lr_intersect`).

    Returns
    -------
    TruthTable
        The revised table (rows not observed before are added with ``n = 0``); its
        ``exclude`` lists every row set to 0. Minimise it with ``include="?"`` for the
        enhanced parsimonious solution.

    Raises
    ------
    ArgumentError
        ``tt`` is not a truth table; row numbers out of range.
    QCAError
        A malformed expression or one naming a condition that is not in ``tt`` (the message
        names the argument).

    See Also
    --------
    find_rows, lr_intersect

    Notes
    -----
    In R (SetMethods 4.0): ``esa(oldtt, nec_cond, untenable_LR, contrad_rows)``. SetMethods
    reads a conjunction in ``nec_cond`` for at most two literals; here any expression is
    read by its definition (rows where the necessary expression is false).

    Examples
    --------
    In R: ``esa(oldtt = truthTable(LF, "SURV", incl.cut = 0.8), nec_cond = "STB",
    untenable_LR = "~DEV*IND")``.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, esa, minimize
    >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> new = esa(tt, nec_cond="STB", untenable_lr="~DEV*IND")
    >>> new.exclude[:8]
    (1, 3, 4, 5, 7, 8, 9, 11)
    >>> str(minimize(new, include="?").models[0])
    'DEV*URB*STB + DEV*~IND*STB'
    """
    tt = _check_tt(tt)
    zero: set[int] = set()
    everything = set(range(1, tt.n_rows + 1))
    for expr in _as_list(nec_cond):
        zero |= everything - set(expression_rows(expr, tt, "nec_cond").tolist())
    for expr in _as_list(untenable_lr):
        rows = expression_rows(expr, tt, "untenable_lr")
        out = tt.rows["OUT"].reindex(rows).fillna("?").to_numpy()
        zero |= set(rows[out == "?"].tolist())
    if contrad_rows is not None:
        zero |= set(_row_numbers(contrad_rows, tt, "contrad_rows"))
    return _with_out(tt, sorted(zero), "0")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, Expression)):
        return [value]
    return list(value)


# --------------------------------------------------------------------------- LR.intersect
def lr_intersect(first: Any, second: Any, model1: int = 0, model2: int = 0) -> pd.DataFrame:
    """Simplifying assumptions two solutions share (SetMethods' ``LR.intersect``).

    Parameters
    ----------
    first, second : Solution
        Typically the parsimonious (or intermediate) solutions for the outcome and for its
        negation, on the same conditions.
    model1, model2 : int, default 0
        The model of each solution whose simplifying assumptions are used (counted from 0;
        R's ``sol1 = 1``). For an intermediate solution: the conservative/parsimonious pair
        (0 = ``C1P1``), whose easy counterfactuals are used.

    Returns
    -------
    DataFrame
        The contradictory simplifying assumptions: indexed by R's row number, the conditions'
        values and ``OUT`` (``"?"``).

    Raises
    ------
    ArgumentError
        Not solutions, solutions on different conditions, a model that does not exist, or a
        conservative solution (it makes no simplifying assumption).

    See Also
    --------
    find_rows : with ``type=2`` it uses every model of both solutions.

    Examples
    --------
    In R: ``LR.intersect(minimize(ttLF, include = "?"), minimize(ttnLF, include = "?"))``.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, lr_intersect
    >>> lf = load_dataset("LF")
    >>> ps = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    >>> nps = minimize(truth_table(lf, "~SURV", incl_cut=0.8), include="?")
    >>> lr_intersect(ps, nps).index.tolist()
    [10, 12, 14, 16, 17, 21, 25, 29]
    """
    from .minimization import Solution

    rows = []
    for arg, sol, model in (("first", first, model1), ("second", second, model2)):
        if not isinstance(sol, Solution) or sol._ctx is None:
            raise ArgumentError(arg, type(sol).__name__, "a Solution from minimize()")
        if isinstance(model, bool) or not isinstance(model, (int, np.integer)):
            raise ArgumentError(f"model{arg == 'second' and 2 or 1}", repr(model), "an integer")
        if sol.kind == "conservative":
            raise ArgumentError(
                arg, "a conservative solution", "a parsimonious or intermediate solution"
            )
        if sol.kind == "intermediate":
            labels = list(sol.easy_counterfactuals)
            if not 0 <= model < len(labels):
                raise ArgumentError(
                    f"model{1 if arg == 'first' else 2}",
                    repr(model),
                    f"a pair number from 0 to {len(labels) - 1}",
                )
            rows.append(set(sol.easy_counterfactuals[labels[model]].index.tolist()))
        else:
            sa = list(sol.simplifying_assumptions.values())
            if not 0 <= model < len(sa):
                raise ArgumentError(
                    f"model{1 if arg == 'first' else 2}",
                    repr(model),
                    f"a model number from 0 to {len(sa) - 1}",
                )
            rows.append(set(sa[model].index.tolist()))
    t1, t2 = first._ctx.tt, second._ctx.tt
    if t1.conditions != t2.conditions or t1.levels != t2.levels:
        raise ArgumentError(
            "second",
            f"a solution on {', '.join(t2.conditions)}",
            f"a solution on the same conditions as the first ({', '.join(t1.conditions)})",
        )
    return _rows_frame(rows[0] & rows[1], t1)
