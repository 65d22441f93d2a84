"""Robustness of a QCA solution (Oana & Schneider's protocol; SetMethods ``rob.*``).

A QCA solution rests on choices: the calibration anchors, the raw consistency threshold
(``incl_cut``), the frequency cut-off (``n_cut``) and the cases themselves. The robustness test
protocol of Oana and Schneider (2021) asks two questions:

1. **Sensitivity ranges.** How far can one choice move before the solution changes?
   :func:`rob_calibrange` (calibration anchors of one condition), :func:`rob_inclrange`
   (``incl_cut``) and :func:`rob_ncutrange` (``n_cut``).
2. **Robustness of the solution to plausible alternatives.** The initial solution (IS) is
   compared with test solutions (TS) found under other plausible choices: the *robust core*
   (the part of the IS every TS shares, ``min(IS, TS_1, ..., TS_k)``), the robustness fit
   parameters (:func:`rob_fit`), the fit of the robust core (:func:`rob_corefit`), the cases in
   each intersection of IS and TS with the case ratios and the robust-case rank
   (:func:`rob_cases`), and each TS on its own (:func:`rob_singletest`).

:func:`rob_case_deletion` re-runs the analysis without each case in turn, and
:func:`robustness_protocol` runs the whole protocol in one call over plausible calibrations,
consistency thresholds, frequency cut-offs and case deletion.

Definitions follow the SetMethods 4.0 source as documented in the team's reference set; the
deliberate differences from SetMethods' own code are listed in each function's Notes.

References
----------
Oana, I.-E., & Schneider, C. Q. (2021). A robustness test protocol for applied QCA: Theory and
R software application. *Sociological Methods & Research*, 53(1), 57-88.

Examples
--------
In R: ``rob.fit(test_sol = list(TS1, TS2), initial_sol = IS, outcome = "HL")``; here on R QCA's
``LF`` data.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca import truth_table, minimize, rob_fit
>>> lf = load_dataset("LF")
>>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
>>> test = minimize(truth_table(lf, "SURV", incl_cut=0.9), include="?")
>>> rob_fit(test, initial).round(3)
                RF_cov  RF_cons  RF_SC_minTS  RF_SC_maxTS
Robustness_Fit   0.729    0.973        0.709        0.709
"""

from __future__ import annotations

import html
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError, SmartcaseError
from .expression import Expression
from .fit import sufficiency_measures

__all__ = [
    "rob_inclrange",
    "rob_ncutrange",
    "rob_calibrange",
    "rob_fit",
    "rob_corefit",
    "rob_cases",
    "rob_singletest",
    "rob_case_deletion",
    "robustness_protocol",
    "RobustnessCases",
    "RobustnessProtocol",
]

_BOUNDS = pd.Index(["Lower bound", "Upper bound"])


# =========================================================================== one analysis
@dataclass(frozen=True)
class _Analysis:
    """The settings of one QCA run, so that it can be re-run with one choice changed."""

    data: pd.DataFrame
    outcome: str
    conditions: tuple[str, ...] | None
    incl_cut: float
    n_cut: int
    pri_cut: float
    include: str
    dir_exp: Any

    def truth_table(self) -> Any:
        from .truthtable import truth_table

        return truth_table(
            self.data,
            self.outcome,
            list(self.conditions) if self.conditions is not None else None,
            incl_cut=self.incl_cut,
            n_cut=self.n_cut,
            pri_cut=self.pri_cut,
        )

    def run(self, **changes: Any) -> Any:
        """The solution (raises a SmartcaseError when the truth table cannot be minimised)."""
        from .minimization import minimize

        a = replace(self, **changes) if changes else self
        return minimize(a.truth_table(), include=a.include, dir_exp=a.dir_exp)

    def terms(self, cache: dict, **changes: Any) -> frozenset[str]:
        """The terms of the first model, minimising each distinct truth table only once.

        The models depend on the truth table only through its rows and their ``OUT`` codes,
        so a search step that leaves them unchanged reuses the earlier result (or error).
        """
        from .minimization import minimize

        a = replace(self, **changes) if changes else self
        tt = a.truth_table()
        key = (tuple(tt.rows.index), tuple(tt.rows["OUT"].astype(str)))
        if key not in cache:
            try:
                cache[key] = _model_terms(minimize(tt, include=a.include, dir_exp=a.dir_exp))
            except SmartcaseError as err:
                cache[key] = err
        found = cache[key]
        if isinstance(found, SmartcaseError):
            raise found
        return found


def _analysis(
    data: Any,
    outcome: Any,
    conditions: Any,
    incl_cut: Any,
    n_cut: Any,
    pri_cut: Any,
    include: Any,
    dir_exp: Any,
) -> _Analysis:
    if not isinstance(data, pd.DataFrame):
        raise ArgumentError("data", type(data).__name__, "a DataFrame of set memberships")
    if not isinstance(outcome, str):
        raise ArgumentError("outcome", repr(outcome), "the outcome column, e.g. 'Y' or '~Y'")
    if isinstance(conditions, str):
        conditions = [c.strip() for c in conditions.split(",") if c.strip()]
    conds = None if conditions is None else tuple(str(c) for c in conditions)
    if conds is not None:
        missing = [c for c in conds if c not in data.columns]
        if missing:
            raise QCAError(
                f"argument 'conditions': {missing[0]!r} is not a column of data "
                f"(columns: {', '.join(map(str, data.columns))})"
            )
    for name, value in (("incl_cut", incl_cut), ("pri_cut", pri_cut)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise ArgumentError(name, repr(value), "a number between 0 and 1")
    if isinstance(n_cut, bool) or not isinstance(n_cut, (int, np.integer)):
        raise ArgumentError("n_cut", repr(n_cut), "a whole number of cases (at least 1)")
    return _Analysis(
        data, outcome, conds, float(incl_cut), int(n_cut), float(pri_cut), include, dir_exp
    )


def _model_terms(solution: Any) -> frozenset[str]:
    """The terms of the first model (R: ``solution[[1]]`` or ``i.sol$C1P1$solution[[1]]``)."""
    return frozenset(str(t) for t in solution.models[0].terms)


def _check_search(step: Any, max_runs: Any, *, integer: bool = False) -> tuple[float, int]:
    ok = (int, np.integer) if integer else (int, float, np.integer, np.floating)
    if isinstance(step, bool) or not isinstance(step, ok) or not step > 0:
        what = "a positive whole number" if integer else "a positive number"
        raise ArgumentError("step", repr(step), what)
    if isinstance(max_runs, bool) or not isinstance(max_runs, (int, np.integer)) or max_runs < 1:
        raise ArgumentError("max_runs", repr(max_runs), "a whole number of at least 1")
    return float(step), int(max_runs)


def _search(
    start: Any,
    step: float,
    max_runs: int,
    direction: int,
    solve: Any,
    initial: frozenset[str],
    *,
    out_of_range: Any = None,
) -> float:
    """Move a threshold one step at a time until the solution changes; the last value before.

    As SetMethods: after each step the analysis is re-run; the search stops when it fails,
    when the run limit is reached (the bound is then NaN: no change within ``max_runs``
    steps), when the value leaves its range, or when the solution (the terms of the first
    model) differs from the initial one. The bound is the last value tested minus one step
    towards the start. Values accumulate by repeated addition, as in R.
    """
    value = start
    limit = max_runs * step
    while True:
        value = value + direction * step
        try:
            with warnings.catch_warnings():  # e.g. memberships of 0.5 at a moved crossover
                warnings.simplefilter("ignore")
                terms = solve(value)
        except SmartcaseError:
            break
        if (value - start) * direction >= limit:
            return float("nan")
        if out_of_range is not None and out_of_range(value):
            break
        if terms != initial:
            break
    return float(value - direction * step)


# =========================================================================== sensitivity ranges
def rob_inclrange(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float,
    n_cut: int = 1,
    pri_cut: float = 0,
    include: str = "?",
    dir_exp: Any = None,
    step: float = 0.01,
    max_runs: int = 20,
) -> pd.DataFrame:
    """Range of raw consistency thresholds that give the same solution (SetMethods ``rob.inclrange``).

    Parameters
    ----------
    data : DataFrame
        Set memberships: the conditions and the outcome.
    outcome : str
        The outcome column (``"Y"``, ``"~Y"``).
    conditions : sequence of str or str, optional
        The conditions (default: every other column).
    incl_cut : float
        The inclusion cut-off of the initial solution; the search starts here.
    n_cut, pri_cut, include, dir_exp
        The other settings of the analysis, as in :func:`~smartcase.qca.truth_table` and
        :func:`~smartcase.qca.minimize`.
    step : float, default 0.01
        How far ``incl_cut`` moves at each step.
    max_runs : int, default 20
        Steps in each direction before the search gives up.

    Returns
    -------
    DataFrame
        Index ``Lower bound``, ``Upper bound``; column ``RCT`` (raw consistency threshold): the
        lowest and highest values tested that still give the initial solution (the terms of
        its first model). NaN when the solution did not change within ``max_runs`` steps.

    Raises
    ------
    ArgumentError
        A wrong ``step``, ``max_runs`` or setting.
    QCAError
        Unknown conditions, or no analysable truth table at ``incl_cut`` itself.

    Notes
    -----
    As SetMethods 4.0: the search in each direction stops when the solution changes, when the
    analysis fails (e.g. no row reaches the cut-off), when ``incl_cut`` reaches 0 or 1, or after
    ``max_runs`` steps (then NaN). The bound is the last value tested minus one step towards
    the start, so at a stop caused by the range or a failure it is the last value that worked.
    Values accumulate by repeated addition (``0.87 - 0.01 - 0.01``), so they carry
    floating-point noise; round them for display.

    Examples
    --------
    In R: ``rob.inclrange(data = PAYF, step = 0.01, max.runs = 10, outcome = "HL", conditions =
    c("HE","GG","AH","HI","HW"), incl.cut = 0.87, n.cut = 2, include = "?")``; here on R's LF.

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import rob_inclrange
    >>> rob_inclrange(load_dataset("LF"), "SURV", incl_cut=0.8, step=0.01, max_runs=10).round(2)
                 RCT
    Lower bound  NaN
    Upper bound  0.8
    """
    a = _analysis(data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp)
    step, max_runs = _check_search(step, max_runs)
    initial = _model_terms(a.run())
    cache: dict = {}

    def solve(value: float) -> frozenset[str]:
        return a.terms(cache, incl_cut=value)

    def outside(value: float) -> bool:
        return value <= 0 or value >= 1

    lower = _search(a.incl_cut, step, max_runs, -1, solve, initial, out_of_range=outside)
    upper = _search(a.incl_cut, step, max_runs, +1, solve, initial, out_of_range=outside)
    return pd.DataFrame({"RCT": [lower, upper]}, index=_BOUNDS.copy())


def rob_ncutrange(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float,
    n_cut: int = 1,
    pri_cut: float = 0,
    include: str = "?",
    dir_exp: Any = None,
    step: int = 1,
    max_runs: int = 20,
) -> pd.DataFrame:
    """Range of frequency cut-offs that give the same solution (SetMethods ``rob.ncutrange``).

    Parameters
    ----------
    data, outcome, conditions, incl_cut, pri_cut, include, dir_exp
        The analysis, as in :func:`rob_inclrange`.
    n_cut : int, default 1
        The frequency cut-off of the initial solution; the search starts here.
    step : int, default 1
        How far ``n_cut`` moves at each step.
    max_runs : int, default 20
        Steps in each direction before the search gives up.

    Returns
    -------
    DataFrame
        Index ``Lower bound``, ``Upper bound``; column ``NCUT``. NaN when the solution did not
        change within ``max_runs`` steps.

    Raises
    ------
    ArgumentError, QCAError
        As :func:`rob_inclrange`.

    Notes
    -----
    The search stops when the solution changes, when the analysis fails (``n_cut`` below 1, or
    so high that no row with the outcome is left), or after ``max_runs`` steps (then NaN).

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import rob_ncutrange
    >>> rob_ncutrange(load_dataset("LF"), "SURV", incl_cut=0.8, n_cut=1)
                 NCUT
    Lower bound     1
    Upper bound     1
    """
    a = _analysis(data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp)
    _, max_runs = _check_search(step, max_runs, integer=True)  # step: checked, kept whole
    initial = _model_terms(a.run())
    cache: dict = {}

    def solve(value: int) -> frozenset[str]:
        return a.terms(cache, n_cut=int(value))

    lower = _search(a.n_cut, step, max_runs, -1, solve, initial)
    upper = _search(a.n_cut, step, max_runs, +1, solve, initial)
    out = pd.DataFrame({"NCUT": [lower, upper]}, index=_BOUNDS.copy())
    if out["NCUT"].notna().all():
        out["NCUT"] = out["NCUT"].astype(int)
    return out


def rob_calibrange(
    raw_data: pd.DataFrame,
    calib_data: pd.DataFrame,
    test_cond_raw: str,
    test_cond_calib: str,
    test_thresholds: Sequence[float] | float,
    *,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    kind: Literal["fuzzy", "crisp"] = "fuzzy",
    step: float = 1,
    max_runs: int = 20,
    incl_cut: float = 1,
    n_cut: int = 1,
    pri_cut: float = 0,
    include: str = "",
    dir_exp: Any = None,
) -> pd.DataFrame:
    """Range of calibration anchors of one condition that give the same solution (``rob.calibrange``).

    The condition ``test_cond_calib`` of ``calib_data`` is recalibrated from the raw values
    ``raw_data[test_cond_raw]`` with ``test_thresholds``, and each anchor is moved one step at
    a time (the others fixed) until the solution changes.

    Parameters
    ----------
    raw_data : DataFrame
        Raw values, with the same cases (index) as ``calib_data``.
    calib_data : DataFrame
        Calibrated set memberships: the conditions and the outcome.
    test_cond_raw, test_cond_calib : str
        The tested condition in ``raw_data`` and in ``calib_data``.
    test_thresholds : (float, float, float) or float
        Exclusion, crossover and inclusion anchors (``kind="fuzzy"``, logistic direct
        calibration as :func:`~smartcase.qca.calibrate`) or one threshold (``kind="crisp"``).
    outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp
        The analysis, as in :func:`rob_inclrange` (R's defaults: ``incl_cut=1``,
        ``include=""``).
    kind : {'fuzzy', 'crisp'}, default 'fuzzy'
        R's ``type``.
    step : float, default 1
        How far an anchor moves at each step (in raw units).
    max_runs : int, default 20
        Steps in each direction before the search gives up.

    Returns
    -------
    DataFrame
        Index ``Lower bound``, ``Upper bound``; columns ``E``, ``C``, ``I`` (exclusion,
        crossover, inclusion) for fuzzy sets, ``C`` for crisp ones. NaN when the solution did
        not change within ``max_runs`` steps.

    Raises
    ------
    ArgumentError
        Unknown ``kind``; thresholds of the wrong number; the two tables with different cases.
    QCAError
        Unknown columns; no analysable truth table with the given anchors.

    Notes
    -----
    As SetMethods 4.0, the initial solution is that of the data recalibrated with
    ``test_thresholds``; the search for the crossover (and the crisp threshold) also stops when
    it reaches the range of the raw values, the searches for the exclusion and inclusion anchors
    do not. One deliberate difference: smartcase's :func:`~smartcase.qca.calibrate` refuses a
    logistic calibration whose crossover is not strictly between the other two anchors (R
    accepts it and calibrates a set that is no longer monotone, or a step at a tied anchor),
    so a search stops when the moved anchor reaches another one and the bound is the last
    ordered value. On the reference example above R reports the inclusion range as 550-900 (it
    keeps the solution with the inclusion anchor equal to the crossover); smartcase reports
    600-900. The exclusion and crossover ranges agree with R's.

    Examples
    --------
    In R: ``rob.calibrange(raw.data = LIPR, calib.data = LIPF, test.cond.raw = "DEVELOPED",
    test.cond.calib = "DEVELOPED", test.thresholds = c(400, 550, 900), step = 50, max.runs =
    20, outcome = "SURVIVED", conditions = c("DEVELOPED","URBAN","LITERATE","INDUSTRIAL",
    "STABLE"), incl.cut = 0.8, include = "?")``.

    >>> import pandas as pd
    >>> from smartcase.qca import rob_calibrange
    >>> raw = pd.DataFrame({"X": [1, 2, 3, 4, 5, 6, 7, 8]})
    >>> cal = pd.DataFrame({"X": 0.0, "Y": [0.1, 0.2, 0.1, 0.3, 0.6, 0.8, 0.9, 0.9]})
    >>> rob_calibrange(raw, cal, "X", "X", (2, 4.5, 7), outcome="Y", incl_cut=0.8, step=0.5,
    ...                max_runs=6)
                   E    C    I
    Lower bound  NaN  3.5  5.0
    Upper bound  4.0  6.5  NaN
    """
    from .calibration import calibrate

    if kind not in ("fuzzy", "crisp"):
        raise ArgumentError("kind", repr(kind), "one of 'fuzzy', 'crisp'")
    for name, frame in (("raw_data", raw_data), ("calib_data", calib_data)):
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentError(name, type(frame).__name__, "a DataFrame")
    if test_cond_raw not in raw_data.columns:
        raise QCAError(
            f"argument 'test_cond_raw': {test_cond_raw!r} is not a column of raw_data "
            f"(columns: {', '.join(map(str, raw_data.columns))})"
        )
    if test_cond_calib not in calib_data.columns:
        raise QCAError(
            f"argument 'test_cond_calib': {test_cond_calib!r} is not a column of calib_data "
            f"(columns: {', '.join(map(str, calib_data.columns))})"
        )
    if not raw_data.index.equals(calib_data.index):
        raise ArgumentError(
            "raw_data", "cases that differ from calib_data's", "the same cases in the same order"
        )
    n_anchor = 3 if kind == "fuzzy" else 1
    try:
        th = np.atleast_1d(np.asarray(test_thresholds, dtype=float))
    except (TypeError, ValueError):
        raise ArgumentError("test_thresholds", repr(test_thresholds), "numbers") from None
    if th.size != n_anchor or not np.all(np.isfinite(th)):
        raise ArgumentError(
            "test_thresholds",
            repr(test_thresholds),
            "three anchors (exclusion, crossover, inclusion)" if n_anchor == 3 else "one threshold",
        )
    step, max_runs = _check_search(step, max_runs)
    raw = raw_data[test_cond_raw]
    lo, hi = float(raw.min()), float(raw.max())

    def frame_with(anchors: np.ndarray) -> pd.DataFrame:
        values = calibrate(raw, list(anchors) if kind == "fuzzy" else float(anchors[0]), kind=kind)
        out = calib_data.copy()
        out[test_cond_calib] = np.asarray(values, dtype=float)
        return out

    a = _analysis(frame_with(th), outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp)
    initial = _model_terms(a.run())
    cache: dict = {}
    columns = ["E", "C", "I"] if kind == "fuzzy" else ["C"]
    result = {}
    for k, name in enumerate(columns):

        def solve(value: float, k: int = k) -> frozenset[str]:
            anchors = th.copy()
            anchors[k] = value
            return a.terms(cache, data=frame_with(anchors))

        bounds = []
        for direction in (-1, +1):
            outside = None
            if name == "C":

                def outside(value: float, direction: int = direction) -> bool:
                    return value <= lo if direction < 0 else value >= hi

            bounds.append(
                _search(th[k], step, max_runs, direction, solve, initial, out_of_range=outside)
            )
        result[name] = bounds
    return pd.DataFrame(result, index=_BOUNDS.copy())


# =========================================================================== IS versus TS
def _as_solutions(test_sol: Any) -> list[Any]:
    from .minimization import Solution

    if isinstance(test_sol, Solution):
        return [test_sol]
    if isinstance(test_sol, Mapping):
        test_sol = list(test_sol.values())
    if isinstance(test_sol, (str, bytes)) or not isinstance(test_sol, Sequence):
        raise ArgumentError(
            "test_sol", type(test_sol).__name__, "a Solution or a list of Solutions (minimize())"
        )
    sols = list(test_sol)
    if not sols:
        raise ArgumentError("test_sol", "an empty list", "one or more test solutions")
    for i, s in enumerate(sols):
        if not isinstance(s, Solution):
            raise ArgumentError(f"test_sol[{i}]", type(s).__name__, "a Solution from minimize()")
    return sols


def _initial(initial_sol: Any) -> Any:
    from .minimization import Solution

    if not isinstance(initial_sol, Solution):
        raise ArgumentError("initial_sol", type(initial_sol).__name__, "a Solution from minimize()")
    if initial_sol._ctx is None:
        raise ArgumentError("initial_sol", "a Solution without its data", "a result of minimize()")
    return initial_sol


def _ts_membership(ts: Any, index: pd.Index, cond_data: pd.DataFrame, argument: str) -> np.ndarray:
    """Membership of every case of the initial solution in a test solution (first model)."""
    from .term_memberships import pimdata

    own = pimdata(ts)
    if own.index.equals(index):
        return own["solution_formula"].to_numpy(dtype=float)
    # other cases (case deletion): the test solution's formula on the initial solution's cases
    expression = ts.models[0]
    missing = [c for c in expression.conditions if c not in cond_data.columns]
    if missing:
        raise QCAError(
            f"argument '{argument}': the test solution names {missing[0]!r}, which is not a "
            "condition of the initial solution"
        )
    return expression.membership(cond_data).to_numpy(dtype=float)


@dataclass(frozen=True)
class _Compared:
    index: pd.Index
    s1: np.ndarray
    ts: list[np.ndarray]
    y: np.ndarray
    initial: Any
    tests: list[Any]

    @property
    def min_ts(self) -> np.ndarray:
        return np.minimum.reduce(self.ts)

    @property
    def max_ts(self) -> np.ndarray:
        return np.maximum.reduce(self.ts)

    @property
    def core(self) -> np.ndarray:
        return np.minimum(self.s1, self.min_ts)


def _compare(test_sol: Any, initial_sol: Any, model: int = 0) -> _Compared:
    from .term_memberships import pimdata

    initial = _initial(initial_sol)
    tests = _as_solutions(test_sol)
    table = pimdata(initial, model=model)
    index = table.index
    cond_data = initial._ctx.tt.data
    ts = [
        _ts_membership(t, index, cond_data, f"test_sol[{i}]" if len(tests) > 1 else "test_sol")
        for i, t in enumerate(tests)
    ]
    return _Compared(
        index,
        table["solution_formula"].to_numpy(dtype=float),
        ts,
        table["out"].to_numpy(dtype=float),
        initial,
        tests,
    )


def _ratio(num: float, den: float) -> float:
    return float(num / den) if den != 0 else float("nan")


def _fit_values(c: _Compared) -> dict[str, float]:
    (incl_s1,), _, (cov_s1,) = sufficiency_measures(c.s1[None, :], c.y)
    (incl_rc,), _, (cov_rc,) = sufficiency_measures(c.core[None, :], c.y)
    mn, mx = c.min_ts, c.max_ts
    return {
        "RF_cov": _ratio(cov_rc, cov_s1),
        "RF_cons": _ratio(incl_s1, incl_rc),
        "RF_SC_minTS": _ratio(np.minimum(c.s1, mn).sum(), np.maximum(c.s1, mn).sum()),
        "RF_SC_maxTS": _ratio(np.minimum(c.s1, mx).sum(), np.maximum(c.s1, mx).sum()),
    }


def rob_fit(test_sol: Any, initial_sol: Any, *, model: int = 0) -> pd.DataFrame:
    """Robustness fit parameters of an initial solution against test solutions (``rob.fit``).

    Parameters
    ----------
    test_sol : Solution or sequence of Solutions
        Test solutions (TS) found under other plausible choices. Their first model is used.
    initial_sol : Solution
        The initial solution (IS).
    model : int, default 0
        The model of the initial solution (counted from 0).

    Returns
    -------
    DataFrame
        One row ``Robustness_Fit``: ``RF_cov`` = covS(RC) / covS(IS) and ``RF_cons`` =
        inclS(IS) / inclS(RC), where the robust core RC = min(IS, TS_1, ..., TS_k);
        ``RF_SC_minTS`` and ``RF_SC_maxTS`` = sum(min(IS, T)) / sum(max(IS, T)) for T the
        intersection (min) and the union (max) of the test solutions. Each is 1 when the TS
        agree with the IS. Unrounded.

    Raises
    ------
    ArgumentError
        Inputs that are no Solutions, an empty list, a model out of range.
    QCAError
        A test solution naming a condition the initial solution's data lack.

    See Also
    --------
    rob_corefit, rob_cases, rob_singletest, robustness_protocol

    Notes
    -----
    Memberships are those of SetMethods' ``pimdata``: each solution on its own data, so a test
    solution from recalibrated data is measured on those data. A test solution found on other
    cases (case deletion) is evaluated on the initial solution's cases. The outcome is that of
    the initial solution.

    Two deliberate differences from SetMethods 4.0: (1) minTS and maxTS are taken over all test
    solutions; SetMethods' loop ``for (i in length(test_sol))`` uses only the first and the last
    (the robust core uses all of them there too), which gives other SC values with three or
    more test solutions. (2) The figures are computed from unrounded fit values and not
    rounded; SetMethods divides ``QCAfit`` values rounded to three digits and rounds the
    result, which differs by up to about 0.001.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, rob_fit
    >>> lf = load_dataset("LF")
    >>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    >>> tests = [minimize(truth_table(lf, "SURV", incl_cut=c), include="?") for c in (0.75, 0.9)]
    >>> rob_fit(tests, initial).round(3)
                    RF_cov  RF_cons  RF_SC_minTS  RF_SC_maxTS
    Robustness_Fit   0.729    0.973        0.709          1.0
    """
    c = _compare(test_sol, initial_sol, model)
    return pd.DataFrame(_fit_values(c), index=pd.Index(["Robustness_Fit"]))


def rob_corefit(test_sol: Any, initial_sol: Any, *, model: int = 0) -> pd.DataFrame:
    """Fit of the robust core, min(IS, TS_1, ..., TS_k) (SetMethods ``rob.corefit``).

    Parameters
    ----------
    test_sol, initial_sol, model
        As :func:`rob_fit`.

    Returns
    -------
    DataFrame
        One row ``Robust_Core``: ``Cons.Suf``, ``Cov.Suf``, ``PRI`` (unrounded; SetMethods
        rounds them with ``format(digits = 3)``).

    Raises
    ------
    ArgumentError, QCAError
        As :func:`rob_fit`.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, rob_corefit
    >>> lf = load_dataset("LF")
    >>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    >>> test = minimize(truth_table(lf, "SURV", incl_cut=0.9), include="?")
    >>> rob_corefit(test, initial).round(3)
                 Cons.Suf  Cov.Suf    PRI
    Robust_Core     0.874     0.52  0.845
    """
    c = _compare(test_sol, initial_sol, model)
    (incl,), (pri,), (cov,) = sufficiency_measures(c.core[None, :], c.y)
    return pd.DataFrame(
        {"Cons.Suf": [float(incl)], "Cov.Suf": [float(cov)], "PRI": [float(pri)]},
        index=pd.Index(["Robust_Core"]),
    )


def _rcc_rank(shaky: int, possible: int) -> int:
    if shaky == 0:
        return 1 if possible == 0 else 2
    return 3 if possible == 0 else 4


def _case_ratio(s1: np.ndarray, mn: np.ndarray, mx: np.ndarray, y: np.ndarray) -> dict:
    robust = np.minimum(s1, mn) > 0.5
    shaky = np.minimum(s1, 1 - mn) > 0.5
    possible = np.minimum(1 - s1, mx) > 0.5
    yin, yout = y > 0.5, y < 0.5

    def ratio(side: np.ndarray) -> float:
        num = int((robust & side).sum())
        den = int((shaky & side).sum() + (possible & side).sum() + num)
        return _ratio(num, den)

    return {
        "RCR_typ": ratio(yin),
        "RCR_dev": ratio(yout),
        "RCC_Rank": _rcc_rank(int(shaky.sum()), int(possible.sum())),
    }


_CASE_TYPES = (
    # key, label, (IS, TS set: "min"/"max", negated?), outcome side
    ("S1S2Y", "Robust typical (IS*minTS, Y > 0.5)", (False, "min", False), True),
    ("S1S2y", "Robust deviant (IS*minTS, Y < 0.5)", (False, "min", False), False),
    ("S1s2Y", "Shaky typical (IS*~minTS, Y > 0.5)", (False, "min", True), True),
    ("S1s2y", "Shaky deviant (IS*~minTS, Y < 0.5)", (False, "min", True), False),
    ("s1S2Y", "Possible typical (~IS*maxTS, Y > 0.5)", (True, "max", False), True),
    ("s1S2y", "Possible deviant (~IS*maxTS, Y < 0.5)", (True, "max", False), False),
    ("s1s2Y", "Extreme deviant coverage (~IS*~maxTS, Y > 0.5)", (True, "max", True), True),
    ("s1s2y", "Irrelevant (~IS*~maxTS, Y < 0.5)", (True, "max", True), False),
)


def _booleans(c: _Compared, model: int) -> dict[str, str]:
    """The intersections as expressions, printed as R's ``intersection``/``negate`` do."""
    from .boolean import intersection, negate

    initial = c.initial.models[model]
    ts_models = [t.models[0] for t in c.tests]
    order = list(c.initial.conditions)
    try:
        min_ts = intersection(*ts_models)
        max_ts = Expression(tuple(dict.fromkeys(t for m in ts_models for t in m.terms)))
        return {
            "S1S2": str(intersection(initial, min_ts)),
            "S1s2": str(intersection(initial, negate(min_ts))),
            "s1S2": str(intersection(negate(initial), max_ts, conditions=order)),
            "s1s2": str(intersection(negate(initial), negate(max_ts), conditions=order)),
        }
    except SmartcaseError:  # pragma: no cover - spaces too large to multiply out
        return {k: "" for k in ("S1S2", "S1s2", "s1S2", "s1s2")}


@dataclass(frozen=True)
class RobustnessCases:
    """Result of :func:`rob_cases`.

    Attributes
    ----------
    parameters : DataFrame
        One row ``Robustness_Case_Ratio``: ``RCR_typ``, ``RCR_dev``, ``RCC_Rank``.
    types : DataFrame
        One row per case type (``S1S2Y`` ... ``s1s2y``): ``type`` (its name),
        ``expression`` (the intersection as a Boolean expression), ``n`` (cases with
        membership above 0.5 and the outcome on the stated side), ``share`` (of all cases),
        ``share_side`` (of the cases on that side of the outcome) and ``cases`` (their labels,
        in data order, comma-separated).
    memberships : DataFrame
        Per case: ``IS``, ``minTS``, ``maxTS``, the four intersections (``IS*minTS``,
        ``IS*~minTS``, ``~IS*maxTS``, ``~IS*~maxTS``), ``Y`` and ``type`` (the key of the case
        type it falls in; empty when a membership is exactly 0.5).
    """

    parameters: pd.DataFrame
    types: pd.DataFrame
    memberships: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        """The case types: one row per intersection of IS, TS and the outcome (a copy).

        Returns
        -------
        DataFrame
            :attr:`types`: ``type``, ``expression``, ``n``, ``share``, ``share_side``,
            ``cases``; the robustness parameters are in :attr:`parameters`.

        Examples
        --------
        >>> from smartcase.qca.datasets import load_dataset
        >>> from smartcase.qca import truth_table, minimize, rob_cases
        >>> lf = load_dataset("LF")
        >>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
        >>> test = minimize(truth_table(lf, "SURV", incl_cut=0.9), include="?")
        >>> int(rob_cases(test, initial).to_frame()["n"].sum()) == len(lf)
        True
        """
        return self.types.copy()

    def __repr__(self) -> str:
        shown = self.types.drop(columns=["expression"])
        return (
            f"{self.parameters.round(3).to_string()}\n\n"
            f"{shown.to_string(float_format=lambda v: f'{v:.3f}')}"
        )

    def _repr_html_(self) -> str:
        return (
            "<p><b>Robustness case parameters</b></p>"
            + self.parameters.to_html(float_format=lambda v: f"{v:.3f}")
            + "<p><b>Case types</b></p>"
            + self.types.to_html(float_format=lambda v: f"{v:.3f}", escape=True)
        )


def rob_cases(test_sol: Any, initial_sol: Any, *, model: int = 0) -> RobustnessCases:
    """Cases in the intersections of initial and test solutions (SetMethods ``rob.cases``).

    Parameters
    ----------
    test_sol, initial_sol, model
        As :func:`rob_fit`.

    Returns
    -------
    RobustnessCases
        ``parameters`` (case ratios and rank), ``types`` (one row per case type) and
        ``memberships`` (per case).

    Raises
    ------
    ArgumentError, QCAError
        As :func:`rob_fit`.

    Notes
    -----
    With S1 the IS, minTS and maxTS the intersection and the union of the test solutions and
    lower case a negation (1 - x), a case belongs to an intersection when its membership is
    above 0.5 and to the Y side when the outcome is above 0.5 (the y side when below 0.5; both
    strict, so a case at exactly 0.5 falls in no type): robust typical S1*minTS with Y, robust
    deviant S1*minTS with y, shaky typical/deviant S1*~minTS, possible typical/deviant
    ~S1*maxTS, extreme deviant coverage ~S1*~maxTS with Y and irrelevant ~S1*~maxTS with y.

    ``RCR_typ`` = #robust typical / (#shaky typical + #possible typical + #robust typical),
    ``RCR_dev`` the same for the deviant types (NaN when no case is in any of them).
    ``RCC_Rank`` is 1 when no case is shaky (S1*~minTS above 0.5, whatever Y) and none
    possible (~S1*maxTS), 2 with possible but no shaky cases, 3 with shaky but no possible
    ones, 4 with both.

    As in SetMethods, the expressions of the IS*minTS types intersect the IS with the
    intersection of the test solutions and those of the ~IS types the negated IS with the
    union of the test solutions. Deliberate difference: minTS and maxTS use every test
    solution (SetMethods 4.0: only the first and the last); the ratios are not rounded.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, rob_cases
    >>> lf = load_dataset("LF")
    >>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    >>> test = minimize(truth_table(lf, "SURV", incl_cut=0.9), include="?")
    >>> rc = rob_cases(test, initial)
    >>> rc.parameters.round(3)
                           RCR_typ  RCR_dev  RCC_Rank
    Robustness_Case_Ratio    0.667      NaN         3
    >>> rc.types.loc["S1s2Y", "cases"]
    'FI,IE'
    """
    c = _compare(test_sol, initial_sol, model)
    mn, mx = c.min_ts, c.max_ts
    parts = {
        ("min", False): np.minimum(c.s1, mn),
        ("min", True): np.minimum(c.s1, 1 - mn),
        ("max", False): np.minimum(1 - c.s1, mx),
        ("max", True): np.minimum(1 - c.s1, 1 - mx),
    }
    booleans = _booleans(c, model)
    n = len(c.y)
    n_in, n_out = int((c.y > 0.5).sum()), int((c.y < 0.5).sum())
    labels = [str(i) for i in c.index]
    rows = []
    case_type = np.array([""] * n, dtype=object)
    for key, label, (_neg_is, which, neg_ts), side in _CASE_TYPES:
        inter = parts[(which, neg_ts)]
        member = (inter > 0.5) & ((c.y > 0.5) if side else (c.y < 0.5))
        case_type[member] = key
        count = int(member.sum())
        rows.append(
            {
                "key": key,
                "type": label,
                "expression": booleans[key[:4]],
                "n": count,
                "share": _ratio(count, n),
                "share_side": _ratio(count, n_in if side else n_out),
                "cases": ",".join(lab for lab, m in zip(labels, member, strict=True) if m),
            }
        )
    types = pd.DataFrame(rows).set_index("key")
    types.index.name = None
    memberships = pd.DataFrame(
        {
            "IS": c.s1,
            "minTS": mn,
            "maxTS": mx,
            "IS*minTS": parts[("min", False)],
            "IS*~minTS": parts[("min", True)],
            "~IS*maxTS": parts[("max", False)],
            "~IS*~maxTS": parts[("max", True)],
            "Y": c.y,
            "type": case_type,
        },
        index=c.index,
    )
    parameters = pd.DataFrame(
        _case_ratio(c.s1, mn, mx, c.y), index=pd.Index(["Robustness_Case_Ratio"])
    )
    return RobustnessCases(parameters, types, memberships)


def rob_singletest(test_sol: Any, initial_sol: Any, *, model: int = 0) -> pd.DataFrame:
    """Each test solution on its own against the initial solution (``rob.singletest``).

    Parameters
    ----------
    test_sol, initial_sol, model
        As :func:`rob_fit`.

    Returns
    -------
    DataFrame
        One row per test solution (index: its position, or its label when ``test_sol`` is a
        mapping): ``Model`` (its first model, terms joined by ``+``), ``RCC_Rank`` and ``SC``
        (``RF_SC_minTS`` with this test solution alone), sorted by ``RCC_Rank`` (highest, the
        least robust, first), then ``SC`` (lowest first).

    Raises
    ------
    ArgumentError, QCAError
        As :func:`rob_fit`.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, rob_singletest
    >>> lf = load_dataset("LF")
    >>> initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    >>> tests = {c: minimize(truth_table(lf, "SURV", incl_cut=c), include="?") for c in (0.75, 0.9)}
    >>> rob_singletest(tests, initial).round(3)
                     Model  RCC_Rank     SC
    0.90           URB*STB         3  0.709
    0.75  DEV*~IND+URB*STB         1  1.000
    """
    labels = list(test_sol.keys()) if isinstance(test_sol, Mapping) else None
    c = _compare(test_sol, initial_sol, model)
    rows = []
    for ts_sol, ts in zip(c.tests, c.ts, strict=True):
        ratio = _case_ratio(c.s1, ts, ts, c.y)
        rows.append(
            {
                "Model": "+".join(str(t) for t in ts_sol.models[0].terms),
                "RCC_Rank": ratio["RCC_Rank"],
                "SC": _ratio(np.minimum(c.s1, ts).sum(), np.maximum(c.s1, ts).sum()),
            }
        )
    out = pd.DataFrame(
        rows, index=pd.Index(labels if labels is not None else range(1, len(rows) + 1))
    )
    order = sorted(range(len(out)), key=lambda i: (-out["RCC_Rank"].iat[i], out["SC"].iat[i]))
    return out.iloc[order]


# =========================================================================== case deletion
def _deletions(a: _Analysis, cases: Sequence[Any] | None) -> dict[Any, Any]:
    """Solution (or the error message) of the analysis without each case."""
    labels = list(a.data.index) if cases is None else list(cases)
    unknown = [c for c in labels if c not in a.data.index]
    if unknown:
        raise ArgumentError(
            "cases",
            repr(unknown[0]),
            "labels of cases in data (" + ", ".join(map(str, a.data.index)) + ")",
        )
    out: dict[Any, Any] = {}
    for case in labels:
        out[case] = _try(a, data=a.data.drop(index=case))
    return out


def rob_case_deletion(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float,
    n_cut: int = 1,
    pri_cut: float = 0,
    include: str = "?",
    dir_exp: Any = None,
    cases: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Re-run the analysis without each case in turn (case-deletion robustness test).

    Parameters
    ----------
    data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp
        The analysis, as in :func:`rob_inclrange`.
    cases : sequence, optional
        The cases to drop one at a time (default: every case).

    Returns
    -------
    DataFrame
        One row per dropped case: ``solution`` (the first model, or ``"none (...)"`` with the
        reason when nothing can be minimised), ``same`` (the same terms as the initial
        solution), ``n_models``, and the fit of that solution on all cases: ``inclS``,
        ``covS`` (NaN without a solution).

    Raises
    ------
    ArgumentError
        ``cases`` naming an unknown case.
    QCAError
        As :func:`rob_inclrange`.

    Notes
    -----
    Not a SetMethods function: Oana and Schneider (2021) recommend dropping cases as a
    robustness test of the sample; this is its simplest form (one case at a time).

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import rob_case_deletion
    >>> out = rob_case_deletion(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> int(out["same"].sum()), len(out)
    (11, 18)
    """
    a = _analysis(data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp)
    initial = a.run()
    terms = _model_terms(initial)
    y = initial._ctx.tt.outcome_membership.to_numpy(dtype=float)
    cond_data = initial._ctx.tt.data
    rows = []
    runs = _deletions(a, cases)
    for sol in runs.values():
        if isinstance(sol, SmartcaseError):
            rows.append(
                {
                    "solution": f"none ({sol})",
                    "same": False,
                    "n_models": 0,
                    "inclS": np.nan,
                    "covS": np.nan,
                }
            )
            continue
        x = sol.models[0].membership(cond_data).to_numpy(dtype=float)
        (incl,), _, (cov,) = sufficiency_measures(x[None, :], y)
        rows.append(
            {
                "solution": str(sol.models[0]),
                "same": _model_terms(sol) == terms,
                "n_models": len(sol.models),
                "inclS": float(incl),
                "covS": float(cov),
            }
        )
    return pd.DataFrame(rows, index=pd.Index(list(runs), name="dropped"))


# =========================================================================== the protocol
@dataclass(frozen=True)
class RobustnessProtocol:
    """Result of :func:`robustness_protocol`.

    Attributes
    ----------
    initial : Solution
        The initial solution (IS).
    tests : DataFrame
        One row per test: ``test`` (its label), ``kind`` (``calibration``, ``incl_cut``,
        ``n_cut``, ``case deletion``), ``setting``, ``solution`` (first model, or
        ``"none (...)"``), ``same`` (the same terms as the IS) and ``used`` (a test solution
        that entered the fit: it exists).
    test_solutions : dict
        Label to Solution, for the tests that gave one.
    ranges : DataFrame or None
        The sensitivity ranges of ``incl_cut`` and ``n_cut`` (:func:`rob_inclrange`,
        :func:`rob_ncutrange`): rows ``incl_cut``, ``n_cut``; columns ``value``, ``lower``,
        ``upper``.
    fit, core_fit : DataFrame or None
        :func:`rob_fit` and :func:`rob_corefit` over every test solution (None without any).
    cases : RobustnessCases or None
        :func:`rob_cases` over every test solution.
    singletest : DataFrame or None
        :func:`rob_singletest`, labelled by test.
    robust_core : Expression or None
        The robust core as an expression: the shortest form of the IS model intersected with
        the first model of every test solution.
    """

    initial: Any
    tests: pd.DataFrame
    test_solutions: dict[str, Any] = field(repr=False)
    ranges: pd.DataFrame | None = field(repr=False)
    fit: pd.DataFrame | None = field(repr=False)
    core_fit: pd.DataFrame | None = field(repr=False)
    cases: RobustnessCases | None = field(repr=False)
    singletest: pd.DataFrame | None = field(repr=False)
    robust_core: Expression | None = None

    def summary(self) -> pd.DataFrame:
        """One row of headline figures: the IS, the robust core and the robustness figures."""
        row: dict[str, Any] = {
            "initial_solution": str(self.initial.models[0]),
            "robust_core": "" if self.robust_core is None else str(self.robust_core),
            "tests": len(self.tests),
            "same_solution": int(self.tests["same"].sum()),
        }
        if self.fit is not None:
            row.update(self.fit.iloc[0].to_dict())
        if self.cases is not None:
            row.update(self.cases.parameters.iloc[0].to_dict())
        return pd.DataFrame([row])

    def to_frame(self) -> pd.DataFrame:
        """The tests: one row per robustness test and its solution (a copy).

        Returns
        -------
        DataFrame
            :attr:`tests`: ``test``, ``kind``, ``setting``, ``solution``, ``same``, ``used``;
            :meth:`summary` gives the headline figures in one row.

        Examples
        --------
        >>> from smartcase.qca.datasets import load_dataset
        >>> from smartcase.qca import robustness_protocol
        >>> p = robustness_protocol(load_dataset("LF"), "SURV", incl_cut=0.8, incl_cuts=[0.75, 0.9])
        >>> p.to_frame()[["kind", "setting"]].head(3).to_dict("records")
        [{'kind': 'incl_cut', 'setting': '0.75'}, {'kind': 'incl_cut', 'setting': '0.9'}, {'kind': 'case deletion', 'setting': 'AU'}]
        """
        return self.tests.copy()

    def __repr__(self) -> str:
        lines = [
            f"Robustness of {self.initial.models[0]} -> {self.initial.outcome}",
            f"robust core: {self.robust_core}",
            self.tests.to_string(),
        ]
        if self.fit is not None:
            lines.append(self.fit.round(3).to_string())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        parts = [
            f"<p><b>Robustness of {html.escape(str(self.initial.models[0]))} &rarr; "
            f"{html.escape(self.initial.outcome)}</b>; robust core: "
            f"{html.escape(str(self.robust_core))}</p>",
            self.tests.to_html(escape=True),
        ]
        if self.fit is not None:
            parts.append(self.fit.to_html(float_format=lambda v: f"{v:.3f}"))
        return "".join(parts)


def robustness_protocol(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float,
    n_cut: int = 1,
    pri_cut: float = 0,
    include: str = "?",
    dir_exp: Any = None,
    test_data: Mapping[str, pd.DataFrame] | None = None,
    incl_cuts: Sequence[float] = (),
    n_cuts: Sequence[int] = (),
    case_deletion: bool = True,
    ranges: bool = True,
    incl_step: float = 0.01,
    max_runs: int = 20,
) -> RobustnessProtocol:
    """Run Oana and Schneider's robustness test protocol in one call.

    The initial solution (IS) is re-derived under each plausible alternative - other
    calibrations of the data, other inclusion cut-offs, other frequency cut-offs and the data
    without each case - and compared with the IS by :func:`rob_fit`, :func:`rob_corefit`,
    :func:`rob_cases` and :func:`rob_singletest`; with ``ranges`` the sensitivity ranges of
    ``incl_cut`` and ``n_cut`` are added.

    Parameters
    ----------
    data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp
        The initial analysis, as in :func:`rob_inclrange`.
    test_data : mapping of str to DataFrame, optional
        Plausible alternative calibrations: label to a data set with the same cases and
        columns (e.g. the raw values calibrated with other anchors).
    incl_cuts, n_cuts : sequences, optional
        Plausible alternative inclusion and frequency cut-offs.
    case_deletion : bool, default True
        Add one test per case: the analysis without that case.
    ranges : bool, default True
        Also compute the sensitivity ranges of ``incl_cut`` and ``n_cut``.
    incl_step, max_runs
        Step and run limit of the ``incl_cut`` range (``n_cut`` moves by 1).

    Returns
    -------
    RobustnessProtocol

    Raises
    ------
    ArgumentError
        Wrong settings; ``test_data`` that is not a mapping of DataFrames.
    QCAError
        The initial analysis cannot be run (e.g. no row reaches ``incl_cut``).

    Notes
    -----
    A test that leaves nothing to minimise is listed (``used`` False) and left out of the fit.
    Test solutions from case deletion are evaluated on all cases (see :func:`rob_fit`). The
    robust core expression is the shortest sum of products of the IS model intersected with
    every test solution's first model.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import robustness_protocol
    >>> p = robustness_protocol(load_dataset("LF"), "SURV", incl_cut=0.8, incl_cuts=[0.75, 0.9])
    >>> str(p.robust_core)
    'DEV*URB*STB'
    >>> int(p.tests["same"].sum()), len(p.tests)
    (12, 20)
    """
    from .boolean import intersection

    a = _analysis(data, outcome, conditions, incl_cut, n_cut, pri_cut, include, dir_exp)
    initial = a.run()
    terms = _model_terms(initial)
    runs: list[tuple[str, str, str, Any]] = []
    if test_data is not None:
        if not isinstance(test_data, Mapping):
            raise ArgumentError(
                "test_data", type(test_data).__name__, "a mapping of label to DataFrame"
            )
        for label, frame in test_data.items():
            if not isinstance(frame, pd.DataFrame):
                raise ArgumentError(f"test_data[{label!r}]", type(frame).__name__, "a DataFrame")
            if not frame.index.equals(a.data.index):
                raise ArgumentError(
                    f"test_data[{label!r}]",
                    "other cases",
                    "the same cases as data (a recalibration of the same cases)",
                )
            runs.append((str(label), "calibration", str(label), _try(a, data=frame)))
    for value in incl_cuts:
        runs.append((f"incl_cut {value:g}", "incl_cut", f"{value:g}", _try(a, incl_cut=value)))
    for value in n_cuts:
        runs.append((f"n_cut {value}", "n_cut", str(value), _try(a, n_cut=value)))
    if case_deletion:
        for case, sol in _deletions(a, None).items():
            runs.append((f"without {case}", "case deletion", str(case), sol))
    rows = []
    solutions: dict[str, Any] = {}
    for label, kind, setting, sol in runs:
        ok = not isinstance(sol, SmartcaseError)
        if ok:
            solutions[label] = sol
        rows.append(
            {
                "test": label,
                "kind": kind,
                "setting": setting,
                "solution": str(sol.models[0]) if ok else f"none ({sol})",
                "same": ok and _model_terms(sol) == terms,
                "used": ok,
            }
        )
    tests = pd.DataFrame(rows, columns=["test", "kind", "setting", "solution", "same", "used"])
    range_table = None
    if ranges:
        ir = rob_inclrange(
            a.data,
            a.outcome,
            a.conditions,
            incl_cut=a.incl_cut,
            n_cut=a.n_cut,
            pri_cut=a.pri_cut,
            include=a.include,
            dir_exp=a.dir_exp,
            step=incl_step,
            max_runs=max_runs,
        )["RCT"]
        nr = rob_ncutrange(
            a.data,
            a.outcome,
            a.conditions,
            incl_cut=a.incl_cut,
            n_cut=a.n_cut,
            pri_cut=a.pri_cut,
            include=a.include,
            dir_exp=a.dir_exp,
            max_runs=max_runs,
        )["NCUT"]
        range_table = pd.DataFrame(
            {
                "value": [a.incl_cut, float(a.n_cut)],
                "lower": [float(ir.iloc[0]), float(nr.iloc[0])],
                "upper": [float(ir.iloc[1]), float(nr.iloc[1])],
            },
            index=pd.Index(["incl_cut", "n_cut"]),
        )
    if not solutions:
        return RobustnessProtocol(initial, tests, solutions, range_table, None, None, None, None)
    fit = rob_fit(solutions, initial)
    core_fit = rob_corefit(solutions, initial)
    cases = rob_cases(solutions, initial)
    single = rob_singletest(solutions, initial)
    core = intersection(
        initial.models[0],
        *(s.models[0] for s in solutions.values()),
        conditions=list(initial.conditions),
        minimal=True,
    )
    return RobustnessProtocol(
        initial, tests, solutions, range_table, fit, core_fit, cases, single, core
    )


def _try(a: _Analysis, **changes: Any) -> Any:
    """The solution of the analysis with some settings changed, or the error it raised."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return a.run(**changes)
    except SmartcaseError as err:
        return err
