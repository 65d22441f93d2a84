"""Theory evaluation: how a QCA solution relates to a theory (SetMethods ``theory.evaluation``).

Ragin's (1987) and Schneider & Wagemann's (2012) theory evaluation crosses a theory expression
T (what prior knowledge expects to be sufficient) with the empirical solution S: T*S is the
part of the theory the cases support, ~T*S what the solution adds to the theory, T*~S what the
theory expects but the solution does not cover, and ~T*~S what neither claims. Cases in each
intersection, split by whether they show the outcome, tell whether a theory is confirmed
(covered most likely cases), contradicted (inconsistent most likely cases) or incomplete
(covered least likely cases).

Examples
--------
In R: ``theory.evaluation(theory = "~EMP*MA", empirics = sol_yi, outcome = "EXPORT")``; here
on R QCA's ``LF`` data.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca import truth_table, minimize, theory_evaluation
>>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
>>> te = theory_evaluation("DEV*STB", sol)
>>> te.intersections["T*S"]
'DEV*~IND*STB + DEV*STB*URB'
>>> te.cases.loc["TSY", "cases"]
'BE,CZ,FI,IE,NL,UK'
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError
from .expression import parse_expression
from .fit import haesebrouck_consistency, sufficiency_measures

__all__ = ["theory_evaluation", "TheoryEvaluation"]

# key, name, (theory negated, solution negated), outcome side (True: Y > 0.5)
_CASE_TYPES = (
    ("TSY", "Covered most likely (T*S, Y > 0.5)", "T*S", True),
    ("~TSY", "Covered least likely (~T*S, Y > 0.5)", "~T*S", True),
    ("T~SY", "Uncovered most likely (T*~S, Y > 0.5)", "T*~S", True),
    ("~T~SY", "Uncovered least likely (~T*~S, Y > 0.5)", "~T*~S", True),
    ("TS~Y", "Inconsistent most likely (T*S, Y < 0.5)", "T*S", False),
    ("~TS~Y", "Inconsistent least likely (~T*S, Y < 0.5)", "~T*S", False),
    ("T~S~Y", "Consistent most likely (T*~S, Y < 0.5)", "T*~S", False),
    ("~T~S~Y", "Consistent least likely (~T*~S, Y < 0.5)", "~T*~S", False),
)


@dataclass(frozen=True)
class TheoryEvaluation:
    """Result of :func:`theory_evaluation`.

    Attributes
    ----------
    theory : str
        The theory expression as given.
    solution : str
        The model of the solution that was compared.
    data : DataFrame
        Per case: each term of the solution, ``Sol.Formula``, ``Theory``, the four
        intersections ``T*S``, ``~T*S``, ``T*~S``, ``~T*~S`` and ``Outcome``.
    cases : DataFrame
        One row per case type (``TSY`` ... ``~T~S~Y``): ``type``, ``intersection``,
        ``expression``, ``n``, ``share`` (of all cases), ``share_side`` (of the cases with
        the outcome, or without it) and ``cases`` (labels in data order, comma-separated).
    fit : DataFrame
        Sufficiency fit (``Cons.Suf``, ``Cov.Suf``, ``PRI`` and, when asked, ``Cons.Suf(H)``)
        of every column of ``data`` but the outcome. Unrounded.
    intersections : Series
        The four intersections as Boolean expressions (index ``T*S``, ``~T*S``, ``T*~S``,
        ``~T*~S``).
    """

    theory: str
    solution: str
    data: pd.DataFrame = field(repr=False)
    cases: pd.DataFrame = field(repr=False)
    fit: pd.DataFrame = field(repr=False)
    intersections: pd.Series = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The case types: one row per intersection of theory, solution and outcome (a copy).

        Returns
        -------
        DataFrame
            :attr:`cases`, indexed ``TSY`` ... ``~T~S~Y``: ``type``, ``intersection``,
            ``expression``, ``n``, ``share``, ``share_side``, ``cases``.

        Examples
        --------
        >>> from smartcase.qca.datasets import load_dataset
        >>> from smartcase.qca import truth_table, minimize, theory_evaluation
        >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
        >>> theory_evaluation("DEV*STB", sol).to_frame().loc["TSY", "cases"]
        'BE,CZ,FI,IE,NL,UK'
        """
        return self.cases.copy()

    def __repr__(self) -> str:
        shown = self.cases[["type", "n", "cases"]]
        return (
            f"Theory {self.theory} against solution {self.solution}\n"
            f"{self.intersections.to_string()}\n\n{shown.to_string()}\n\n"
            f"{self.fit.round(3).to_string()}"
        )

    def _repr_html_(self) -> str:
        return (
            f"<p><b>Theory {html.escape(self.theory)} against solution "
            f"{html.escape(self.solution)}</b></p>"
            + self.intersections.to_frame("expression").to_html(escape=True)
            + self.cases.drop(columns=["expression"]).to_html(
                float_format=lambda v: f"{v:.3f}", escape=True
            )
            + self.fit.to_html(float_format=lambda v: f"{v:.3f}")
        )


def theory_evaluation(
    theory: str,
    empirics: Any,
    *,
    model: int = 0,
    data: pd.DataFrame | None = None,
    cons_h: bool = False,
) -> TheoryEvaluation:
    """Compare a theory expression with a QCA solution (SetMethods ``theory.evaluation``).

    Parameters
    ----------
    theory : str
        The theory in QCA notation (``"~EMP*MA"``, ``"A*B + C"``; parentheses allowed).
    empirics : Solution
        A result of :func:`~smartcase.qca.minimize`.
    model : int, default 0
        The model of the solution (counted from 0; R's ``sol = 1``; for an intermediate
        solution ``0`` is R's C1P1 first model).
    data : DataFrame, optional
        Cases to evaluate the theory and the solution on, with the outcome column. Default: the
        solution's own data (its conditions) and outcome memberships. Needed when the theory
        names a column that is not a condition of the solution.
    cons_h : bool, default False
        Add Haesebrouck's consistency ``Cons.Suf(H)`` to the fit.

    Returns
    -------
    TheoryEvaluation

    Raises
    ------
    ArgumentError
        ``empirics`` not a Solution; ``model`` out of range; ``theory`` not a string.
    QCAError
        A malformed theory, or one naming conditions that are not in the data.

    See Also
    --------
    smartcase.qca.intersection, smartcase.qca.negate, smartcase.qca.qca_fit

    Notes
    -----
    With T the theory, S the solution (the maximum over its terms) and lower case a negation
    (1 - x), the intersections are the minimum of the two memberships. A case is in an
    intersection when its membership is above 0.5; it is on the Y side when its outcome is
    above 0.5 and on the ~Y side when below 0.5 (both strict). The expressions are printed as
    R's ``intersection`` prints them (conditions in alphabetical order).

    Deliberate differences from SetMethods 4.0: (1) it fails with ``consH = TRUE`` ("names
    do not match previous names"); here ``cons_h=True`` adds the Haesebrouck consistency of
    each row. (2) On its own example (theory ``~EMP*MA``, SCHF) R lists no "inconsistent most
    likely" case although its own data table puts four cases (Switzerland_90, Australia_95,
    Australia_99, Australia_03) above 0.5 in T*S with the outcome below 0.5; every case list
    here follows the definition, and the other seven lists agree with R's.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, theory_evaluation
    >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    >>> te = theory_evaluation("DEV*STB", sol)
    >>> te.fit.loc[["Theory", "T*S"]].round(3)
            Cons.Suf  Cov.Suf    PRI
    Theory     0.869    0.824  0.848
    T*S        0.866    0.660  0.839
    """
    from .boolean import intersection, negate
    from .minimization import Solution
    from .term_memberships import pimdata

    if not isinstance(theory, str):
        raise ArgumentError("theory", type(theory).__name__, "an expression in QCA notation")
    if not isinstance(empirics, Solution):
        raise ArgumentError("empirics", type(empirics).__name__, "a Solution from minimize()")
    if empirics._ctx is None:
        raise ArgumentError("empirics", "a Solution without its data", "a result of minimize()")
    try:
        t_expr = parse_expression(theory)
    except QCAError as err:
        raise QCAError(f"argument 'theory': {err}") from None
    if data is None:
        table = pimdata(empirics, model=model)
        frame = empirics._ctx.tt.data
    else:
        table = pimdata(empirics, data, model=model)
        frame = data
    missing = [c for c in t_expr.conditions if c not in frame.columns]
    if missing:
        known = ", ".join(map(str, frame.columns))
        raise QCAError(
            f"argument 'theory': {theory!r} names {missing[0]!r}, which is not a condition of "
            f"the data ({known}); pass data= with that column to use it"
        )
    y = table.pop("out").to_numpy(dtype=float)
    s = table.pop("solution_formula").to_numpy(dtype=float)
    t = t_expr.membership(frame).to_numpy(dtype=float)
    parts = {
        "T*S": np.minimum(t, s),
        "~T*S": np.minimum(1 - t, s),
        "T*~S": np.minimum(t, 1 - s),
        "~T*~S": np.minimum(1 - t, 1 - s),
    }
    out = table.copy()
    out["Sol.Formula"] = s
    out["Theory"] = t
    for key, values in parts.items():
        out[key] = values
    out["Outcome"] = y

    sets = out.drop(columns=["Outcome"])
    xs = sets.to_numpy(dtype=float).T
    incl, pri, cov = sufficiency_measures(xs, y)
    fit = pd.DataFrame({"Cons.Suf": incl, "Cov.Suf": cov, "PRI": pri}, index=sets.columns)
    if cons_h:
        fit["Cons.Suf(H)"] = haesebrouck_consistency(xs, y)

    solution = empirics.models[model]
    exprs = {
        "T*S": intersection(t_expr, solution),
        "~T*S": intersection(negate(t_expr), solution),
        "T*~S": intersection(t_expr, negate(solution)),
        "~T*~S": intersection(negate(t_expr), negate(solution)),
    }
    intersections = pd.Series({k: str(v) for k, v in exprs.items()}, name="expression")

    n = len(y)
    n_in, n_out = int((y > 0.5).sum()), int((y < 0.5).sum())
    labels = [str(i) for i in out.index]
    rows = []
    for key, name, part, side in _CASE_TYPES:
        member = (parts[part] > 0.5) & ((y > 0.5) if side else (y < 0.5))
        count = int(member.sum())
        rows.append(
            {
                "key": key,
                "type": name,
                "intersection": part,
                "expression": intersections[part],
                "n": count,
                "share": count / n if n else np.nan,
                "share_side": count / (n_in if side else n_out)
                if (n_in if side else n_out)
                else np.nan,
                "cases": ",".join(lab for lab, m in zip(labels, member, strict=True) if m),
            }
        )
    cases = pd.DataFrame(rows).set_index("key")
    cases.index.name = None
    return TheoryEvaluation(theory, str(solution), out, cases, fit, intersections)
