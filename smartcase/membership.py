"""From the case base to QCA input: set memberships of the cases.

:func:`case_memberships` turns a :class:`~smartcase.casebook.CaseBook`'s ordinal codes into the
set-membership table the QCA engine (:mod:`smartcase.qca`) takes: one row per case, one column
per condition (the three elements, or the sub-dimensions) and the outcome ``innovation``.
:func:`calibration_table` shows the raw values, the anchors and the memberships side by side.
The QCA engine itself knows nothing of cases or codes; this module is the thin adapter. Two
helpers serve notebook 07: :func:`solution_table` (the models of several solutions with their
fit, one tidy table) and :func:`calibration_robustness` (the solutions under other anchors and
thresholds), and :func:`diversity` counts observed configurations and logical remainders.
For the robustness protocol and the case selection of notebook 07: :func:`qca_robustness`,
:func:`calibration_ranges`, :func:`robustness_tests_table`, :func:`robustness_conclusions`,
:func:`case_selection_table` and :func:`case_selection_conclusions` (the conclusions are text
computed from the results).

Calibration
-----------
The raw value of a set is on the rubric's 0-3 scale: for an element, the mean of its
sub-dimension codes (:meth:`CaseBook.code_matrix` ``level="element"`` times 3); for a
sub-dimension or the outcome, the code itself.

* ``method="fuzzy"`` (default): direct calibration (Ragin 2008) with the logistic function of
  :func:`smartcase.qca.calibrate` and the anchors :data:`FUZZY_ANCHORS`: full non-membership at
  0.5 (half-way between *absent* and *emerging*), the crossover at 1.5 (the middle of the scale,
  half-way between *emerging* and *developing*) and full membership at 2.5 (half-way between
  *developing* and *established*). A code of 0 then scores 0.01, 1 scores 0.19, 2 scores 0.81
  and 3 scores 0.99; a case is more in than out of a set when its raw value exceeds 1.5. Because the outcome and sub-dimension codes are integers and the
  element means of 7 sub-dimensions are never exactly 1.5, few cases can sit at the crossover;
  a membership of exactly 0.5 (which puts a case in no truth-table row) is reported by a
  warning.
* ``method="crisp"``: 1 when the raw value is at least :data:`CRISP_THRESHOLD` (1.5: on average
  nearer *developing* than *emerging*; for an integer code, 2 or 3), else 0.

Both sets of anchors can be replaced through ``thresholds`` (one specification for every set, or
a mapping per set). The anchors are smartcase's choice, stated here so that they can be
contested; notebook 07 shows how the solutions change with them.

Examples
--------
>>> import smartcase
>>> m = case_memberships(smartcase.load_cases(), method="crisp")
>>> m.columns.tolist()
['technology', 'capacity', 'institutions', 'innovation']
>>> sorted(set(m.to_numpy().ravel().tolist()))
[0, 1]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = [
    "case_memberships",
    "calibration_table",
    "raw_scores",
    "solution_table",
    "calibration_robustness",
    "diversity",
    "qca_robustness",
    "calibration_ranges",
    "robustness_tests_table",
    "robustness_conclusions",
    "case_selection_table",
    "case_selection_conclusions",
    "QCA_CONDITIONS",
    "QCA_OUTCOME",
    "ROBUSTNESS_ANCHORS",
    "FUZZY_ANCHORS",
    "CRISP_THRESHOLD",
]

#: Default anchors of the direct (logistic) calibration on the 0-3 code scale.
FUZZY_ANCHORS: dict[str, float] = {"e": 0.5, "c": 1.5, "i": 2.5}
#: Default threshold of the crisp calibration on the 0-3 code scale.
CRISP_THRESHOLD = 1.5

Level = Literal["element", "subdimension"]
Method = Literal["fuzzy", "crisp"]
_LEVELS = ("element", "subdimension")
_METHODS = ("fuzzy", "crisp")


def raw_scores(
    book: CaseBook, *, level: Level = "element", coder: str = "ref", outcome: bool = True
) -> pd.DataFrame:
    """The raw values that are calibrated: mean codes of elements, or codes, on the 0-3 scale.

    Parameters
    ----------
    book : CaseBook
    level : {'element', 'subdimension'}, default 'element'
    coder : str, default 'ref'
    outcome : bool, default True
        Append the outcome column(s).

    Returns
    -------
    pandas.DataFrame
        Cases by sets, floats on [0, 3].

    Raises
    ------
    ArgumentError
        Unknown ``level`` or ``coder``.

    Examples
    --------
    >>> import smartcase
    >>> raw_scores(smartcase.load_cases()).loc["barcelona", "innovation"]
    np.float64(3.0)
    """
    if level not in _LEVELS:
        raise ArgumentError("level", repr(level), "one of " + ", ".join(map(repr, _LEVELS)))
    if level == "element":
        raw = book.code_matrix("element", coder=coder, outcome=outcome) * 3.0
    else:
        raw = (
            book.code_matrix("subdimension", coder=coder, outcome=outcome)
            .astype("Float64")
            .astype("float64")
        )
    return raw


def _spec_for(name: str, thresholds: object, method: str) -> Any:  # the user's, checked later
    if isinstance(thresholds, Mapping) and not (set(thresholds) <= {"e", "c", "i"}):
        if name not in thresholds:
            return FUZZY_ANCHORS if method == "fuzzy" else CRISP_THRESHOLD
        return thresholds[name]
    return thresholds


def _anchor_text(spec: object, method: str) -> str:
    if method == "crisp":
        return f">= {float(spec):g}"  # type: ignore[arg-type]
    if isinstance(spec, Mapping):
        return ", ".join(f"{k}={float(v):g}" for k, v in spec.items())
    if isinstance(spec, str):
        return spec
    return ", ".join(f"{n}={float(v):g}" for n, v in zip(("e", "c", "i"), spec, strict=False))  # type: ignore[call-overload]


def case_memberships(
    book: CaseBook,
    *,
    level: Level = "element",
    coder: str = "ref",
    method: Method = "fuzzy",
    thresholds: object = None,
    outcome: bool = True,
) -> pd.DataFrame:
    """Set memberships of the cases in the conditions and the outcome, ready for QCA.

    Parameters
    ----------
    book : CaseBook
    level : {'element', 'subdimension'}, default 'element'
        Conditions are the three elements (mean codes) or the sub-dimensions (codes).
    coder : str, default 'ref'
        Whose codes.
    method : {'fuzzy', 'crisp'}, default 'fuzzy'
        Direct logistic calibration or a crisp threshold (see the module notes).
    thresholds : optional
        Fuzzy: anchors in any form :func:`smartcase.qca.calibrate` accepts
        (``"e=0.5, c=1.5, i=2.5"``, ``{"e": 0.5, "c": 1.5, "i": 2.5}``, ``(0.5, 1.5, 2.5)``).
        Crisp: one number. Either one specification for every set or a mapping from set name
        (``'technology'``, ..., ``'innovation'``) to its specification; sets not named keep the
        default (:data:`FUZZY_ANCHORS`, :data:`CRISP_THRESHOLD`).
    outcome : bool, default True
        Include the outcome column ``innovation``.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id; fuzzy memberships as floats in [0, 1], crisp ones as integers 0/1.
        ``.attrs['anchors']`` maps each set to its anchors as text and ``.attrs['method']``
        names the method.

    Raises
    ------
    ArgumentError
        Unknown ``level``, ``method`` or ``coder``; a mapping naming an unknown set; anchors
        that :func:`smartcase.qca.calibrate` refuses; a missing code.

    Warns
    -----
    UserWarning
        A fuzzy membership of exactly 0.5 (such a case belongs to no truth-table row).

    See Also
    --------
    calibration_table : raw values, anchors and memberships side by side.
    smartcase.qca.truth_table : the next step.

    Notes
    -----
    In R: ``calibrate(x, type = "fuzzy", thresholds = "e=0.5, c=1.5, i=2.5")`` on the mean codes.

    References
    ----------
    Ragin, C. C. (2008). *Redesigning social inquiry: Fuzzy sets and beyond*, ch. 5. University of
    Chicago Press.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> fz = case_memberships(book)
    >>> round(float(fz.loc["barcelona", "innovation"]), 3)
    0.988
    >>> case_memberships(book, method="crisp", thresholds={"innovation": 3})["innovation"].tolist()
    [0, 0, 0, 0, 1]
    """
    import numpy as np

    from .qca.calibration import calibrate

    if method not in _METHODS:
        raise ArgumentError("method", repr(method), "one of " + ", ".join(map(repr, _METHODS)))
    raw = raw_scores(book, level=level, coder=coder, outcome=outcome)
    if isinstance(thresholds, Mapping) and not (set(thresholds) <= {"e", "c", "i"}):
        unknown = [k for k in thresholds if k not in raw.columns]
        if unknown:
            raise ArgumentError(
                "thresholds",
                repr(unknown[0]),
                "a set name among " + ", ".join(map(repr, raw.columns)),
            )
    if thresholds is None:
        thresholds = FUZZY_ANCHORS if method == "fuzzy" else CRISP_THRESHOLD
    out = pd.DataFrame(index=raw.index)
    anchors: dict[str, str] = {}
    for col in raw.columns:
        values = raw[col]
        if values.isna().any():
            missing = ", ".join(map(str, values.index[values.isna()]))
            raise ArgumentError(
                "book",
                f"no code of {col!r} for {missing}",
                f"a code of every case on {col!r} (coder {coder!r})",
            )
        spec = _spec_for(str(col), thresholds, method)
        if method == "crisp":
            try:
                cut = float(spec)
            except (TypeError, ValueError):
                raise ArgumentError(
                    "thresholds", repr(spec), "one number for a crisp set"
                ) from None
            out[col] = (values.to_numpy() >= cut).astype("int64")
        else:
            out[col] = np.asarray(
                calibrate(values.to_numpy(dtype=float), spec, method="direct", kind="fuzzy"),
                dtype=float,
            )
            at_half = list(values.index[np.isclose(out[col].to_numpy(), 0.5)])
            if at_half:
                warnings.warn(
                    f"membership of exactly 0.5 in {col!r} for {', '.join(map(str, at_half))}: such cases belong to no "
                    "truth-table row; move the crossover (thresholds=...) to decide them",
                    UserWarning,
                    stacklevel=2,
                )
        anchors[str(col)] = _anchor_text(spec, method)
    out.index.name = "case_id"
    out.attrs = {"method": method, "level": level, "coder": coder, "anchors": anchors}
    return out


def calibration_table(
    book: CaseBook,
    *,
    level: Level = "element",
    coder: str = "ref",
    thresholds: object = None,
    crisp_thresholds: object = None,
) -> pd.DataFrame:
    """Raw values, anchors and fuzzy and crisp memberships of every case in every set.

    Parameters
    ----------
    book : CaseBook
    level : {'element', 'subdimension'}, default 'element'
    coder : str, default 'ref'
    thresholds, crisp_thresholds : optional
        As ``thresholds`` of :func:`case_memberships` for the fuzzy and the crisp calibration.

    Returns
    -------
    pandas.DataFrame
        One row per set and case: ``set, case_id, raw, fuzzy_anchors, fuzzy, crisp_threshold,
        crisp``.

    Examples
    --------
    >>> import smartcase
    >>> t = calibration_table(smartcase.load_cases())
    >>> t.columns.tolist()
    ['set', 'case_id', 'raw', 'fuzzy_anchors', 'fuzzy', 'crisp_threshold', 'crisp']
    >>> len(t)
    20
    """
    raw = raw_scores(book, level=level, coder=coder)
    fz = case_memberships(book, level=level, coder=coder, method="fuzzy", thresholds=thresholds)
    cr = case_memberships(
        book, level=level, coder=coder, method="crisp", thresholds=crisp_thresholds
    )
    rows = []
    for col in raw.columns:
        for case in raw.index:
            rows.append(
                {
                    "set": str(col),
                    "case_id": str(case),
                    "raw": round(float(raw.at[case, col]), 3),
                    "fuzzy_anchors": fz.attrs["anchors"][str(col)],
                    "fuzzy": round(float(fz.at[case, col]), 3),
                    "crisp_threshold": cr.attrs["anchors"][str(col)],
                    "crisp": int(cr.at[case, col]),
                }
            )
    return pd.DataFrame(rows)


def solution_table(solutions: Mapping[str, Any]) -> pd.DataFrame:
    """The models of one or more QCA solutions with their fit, as one tidy table.

    Parameters
    ----------
    solutions : mapping of str to smartcase.qca.Solution
        Label (e.g. ``'conservative'``) -> solution from :func:`smartcase.qca.minimize`.

    Returns
    -------
    pandas.DataFrame
        One row per term of every model and one row per model: ``solution, model, term,
        inclS, PRI, covS, covU, cases``; model rows have ``term`` equal to the whole model
        (``A*B + C``) and no ``covU``.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase.qca.truthtable import truth_table
    >>> from smartcase.qca.minimization import minimize
    >>> fz = case_memberships(smartcase.load_cases(), method="crisp")
    >>> sol = minimize(truth_table(fz, "innovation"))
    >>> t = solution_table({"conservative": sol})
    >>> t.columns.tolist()
    ['solution', 'model', 'term', 'inclS', 'PRI', 'covS', 'covU', 'cases']
    >>> t["term"].iloc[-1]
    '(model)'
    """
    rows = []
    for label, sol in solutions.items():
        models = list(sol.models)
        fit = sol.fit
        model_fit = sol.model_fit
        for k, model in enumerate(models, 1):
            name = f"M{k}"
            for term in model.terms if hasattr(model, "terms") else [model]:
                key = str(term)
                rec = fit.loc[key] if key in fit.index else None
                cov_u = None
                if rec is not None:
                    col = f"({name})" if f"({name})" in fit.columns else "covU"
                    cov_u = rec.get(col)
                rows.append(
                    {
                        "solution": label,
                        "model": name,
                        "term": key,
                        "inclS": None if rec is None else float(rec["inclS"]),
                        "PRI": None if rec is None else float(rec["PRI"]),
                        "covS": None if rec is None else float(rec["covS"]),
                        "covU": None if cov_u is None or pd.isna(cov_u) else float(cov_u),
                        "cases": "" if rec is None else str(rec.get("cases", "")),
                    }
                )
            mf = model_fit.loc[name]
            rows.append(
                {
                    "solution": label,
                    "model": name,
                    "term": "(model)",
                    "inclS": float(mf["inclS"]),
                    "PRI": float(mf["PRI"]),
                    "covS": float(mf["covS"]),
                    "covU": None,
                    "cases": str(model),
                }
            )
    out = pd.DataFrame(
        rows, columns=["solution", "model", "term", "inclS", "PRI", "covS", "covU", "cases"]
    )
    return out.round({"inclS": 3, "PRI": 3, "covS": 3, "covU": 3})


def diversity(tt: Any) -> dict[str, int]:
    """Observed configurations and logical remainders of a truth table.

    Parameters
    ----------
    tt : smartcase.qca.TruthTable

    Returns
    -------
    dict
        ``configurations`` (all logically possible rows), ``observed`` (rows with at least one
        case), ``remainders`` (rows without cases), ``cases`` (cases placed in rows).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase.qca.truthtable import truth_table
    >>> fz = case_memberships(smartcase.load_cases(), method="crisp")
    >>> d = diversity(truth_table(fz, "innovation"))
    >>> d["configurations"], d["cases"]
    (8, 5)
    """
    import math

    levels = tt.levels
    rows = tt.rows
    total = math.prod(int(v) for v in levels)
    observed = int((rows["n"] > 0).sum())
    return {
        "configurations": total,
        "observed": observed,
        "remainders": total - observed,
        "cases": int(rows["n"].sum()),
    }


def calibration_robustness(
    book: CaseBook,
    variants: Mapping[str, tuple[str, object]],
    *,
    outcome: str = "innovation",
    incl_cut: float = 0.8,
    coder: str = "ref",
) -> pd.DataFrame:
    """The conservative and parsimonious solutions under different calibrations.

    Parameters
    ----------
    book : CaseBook
    variants : mapping
        Label -> ``(method, thresholds)`` as for :func:`case_memberships`, e.g.
        ``{"crossover 1.25": ("fuzzy", "e=0.5, c=1.25, i=2.5"), "crisp 2": ("crisp", 2.0)}``.
    outcome : str, default 'innovation'
    incl_cut : float, default 0.8
        Inclusion cut-off of the truth tables (crisp variants use it too).
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        One row per variant: ``variant, method, anchors, observed, positive, conservative,
        conservative_inclS, conservative_covS, parsimonious, parsimonious_inclS,
        parsimonious_covS`` (models joined by ``' | '`` when there are several; ``'none (reason)'``
        when the QCA engine finds nothing to minimise, e.g. no configuration passes the cut-off
        or every configuration is used).

    Examples
    --------
    >>> import smartcase
    >>> t = calibration_robustness(smartcase.load_cases(), {"crisp": ("crisp", 1.5)})
    >>> t.loc[0, ["variant", "method", "observed"]].tolist()
    ['crisp', 'crisp', '3 of 8']
    """
    import warnings as _w

    from .errors import QCAError
    from .qca.minimization import minimize
    from .qca.truthtable import truth_table

    rows = []
    for label, (method, spec) in variants.items():
        with _w.catch_warnings():
            _w.simplefilter("ignore")
            m = case_memberships(book, coder=coder, method=method, thresholds=spec)  # type: ignore[arg-type]
            tt = truth_table(m, outcome, incl_cut=incl_cut)
        div = diversity(tt)
        rec: dict[str, object] = {
            "variant": label,
            "method": method,
            "anchors": "; ".join(f"{k}: {v}" for k, v in m.attrs["anchors"].items()),
            "observed": f"{div['observed']} of {div['configurations']}",
            "positive": int((tt.table["OUT"].astype(str) == "1").sum()),
        }
        for kind, include in (("conservative", ""), ("parsimonious", "?")):
            try:
                sol = minimize(tt, include=include)
            except QCAError as exc:
                reason = _no_solution_reason(str(exc))
                rec.update({kind: f"none ({reason})", f"{kind}_inclS": None, f"{kind}_covS": None})
                continue
            rec[kind] = " | ".join(str(x) for x in sol.models)
            rec[f"{kind}_inclS"] = round(float(sol.model_fit["inclS"].iloc[0]), 3)
            rec[f"{kind}_covS"] = round(float(sol.model_fit["covS"].iloc[0]), 3)
        rows.append(rec)
    return pd.DataFrame(rows)


def _no_solution_reason(message: str) -> str:
    """A reader's reason why a calibration variant has no solution, from the QCAError text."""
    if message.startswith("All truth table configurations are used"):
        # R QCA's wording: every configuration (remainders included, for the parsimonious
        # solution) is positive, so there is nothing to minimise against.
        return "every configuration passes the cut-off; nothing is left to contrast"
    return message.split(":")[0].split(". ")[0].strip().rstrip(".")


# --------------------------------------------------------------------------- robustness, case selection
#: The conditions and the outcome of notebook 07's QCA.
QCA_CONDITIONS: tuple[str, ...] = ("technology", "capacity", "institutions")
QCA_OUTCOME = "innovation"

#: Plausible other anchors for the robustness protocol: the crossover a quarter of a code step
#: lower or higher, and the outer anchors half a step nearer the crossover.
ROBUSTNESS_ANCHORS: dict[str, str] = {
    "crossover 1.25": "e=0.5, c=1.25, i=2.5",
    "crossover 1.75": "e=0.5, c=1.75, i=2.5",
    "anchors 1, 1.5, 2": "e=1, c=1.5, i=2",
}


def _quiet_memberships(book: CaseBook, **kwargs: Any) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return case_memberships(book, **kwargs)


def qca_robustness(
    book: CaseBook,
    *,
    incl_cut: float = 0.8,
    incl_cuts: Sequence[float] = (0.75, 0.85),
    n_cuts: Sequence[int] = (2,),
    anchors: Mapping[str, object] = ROBUSTNESS_ANCHORS,
    case_deletion: bool = True,
    coder: str = "ref",
) -> Any:
    """Oana and Schneider's robustness protocol for the intermediate solution of notebook 07.

    The initial solution is the intermediate solution of ``innovation`` on the three elements
    (fuzzy sets with :data:`FUZZY_ANCHORS`; directional expectation: each element contributes
    when present). Test solutions: the data calibrated with each of ``anchors``, the other
    inclusion and frequency cut-offs, and the data without each city.

    Parameters
    ----------
    book : CaseBook
    incl_cut : float, default 0.8
        Inclusion cut-off of the initial solution.
    incl_cuts, n_cuts : sequences
        Plausible other cut-offs.
    anchors : mapping, default :data:`ROBUSTNESS_ANCHORS`
        Label to anchors (any form :func:`case_memberships` accepts), applied to every set.
    case_deletion : bool, default True
        Add one test per city: the analysis without it.
    coder : str, default 'ref'

    Returns
    -------
    smartcase.qca.robustness.RobustnessProtocol

    Raises
    ------
    ArgumentError, QCAError
        As :func:`case_memberships` and :func:`smartcase.qca.robustness_protocol`.

    Examples
    --------
    >>> import smartcase
    >>> p = qca_robustness(smartcase.load_cases(), case_deletion=False, n_cuts=())
    >>> p.tests["kind"].tolist()
    ['calibration', 'calibration', 'calibration', 'incl_cut', 'incl_cut']
    """
    from .qca.robustness import robustness_protocol

    fz = _quiet_memberships(book, coder=coder)
    test_data = {
        str(label): _quiet_memberships(book, coder=coder, thresholds=spec)
        for label, spec in anchors.items()
    }
    return robustness_protocol(
        fz,
        QCA_OUTCOME,
        list(QCA_CONDITIONS),
        incl_cut=incl_cut,
        include="?",
        dir_exp=", ".join(QCA_CONDITIONS),
        test_data=test_data,
        incl_cuts=incl_cuts,
        n_cuts=n_cuts,
        case_deletion=case_deletion,
    )


def _range_note(
    kind: str,
    side: str,
    bound: float,
    step: float,
    anchors: dict,
    lo: float,
    hi: float,
    reach: float,
) -> str:
    import math

    eps = 1e-6
    if math.isnan(bound):
        return f"no change within {reach:g} of the nominal value"
    nxt = bound - step if side == "lower" else bound + step
    if kind == "E" and side == "upper" and nxt >= anchors["c"] - eps:
        return "no change up to the crossover"
    if kind == "I" and side == "lower" and nxt <= anchors["c"] + eps:
        return "no change down to the crossover"
    if kind == "C" and side == "lower" and (nxt <= lo + eps or nxt <= anchors["e"] + eps):
        return "no change down to the lowest value or anchor"
    if kind == "C" and side == "upper" and (nxt >= hi - eps or nxt >= anchors["i"] - eps):
        return "no change up to the highest value or anchor"
    return f"solution changes at {nxt:.2f}"


def calibration_ranges(
    book: CaseBook,
    *,
    incl_cut: float = 0.8,
    step: float = 0.05,
    max_runs: int = 10,
    coder: str = "ref",
) -> pd.DataFrame:
    """How far each calibration anchor of each element can move before the solution changes.

    :func:`smartcase.qca.rob_calibrange` for each condition of notebook 07, with the nominal
    anchors :data:`FUZZY_ANCHORS` on the raw 0-3 scale, plus :func:`smartcase.qca.rob_inclrange`
    and :func:`smartcase.qca.rob_ncutrange` for the cut-offs.

    Parameters
    ----------
    book : CaseBook
    incl_cut : float, default 0.8
    step : float, default 0.05
        Step of the anchor searches (raw scale); ``incl_cut`` moves by 0.01, ``n_cut`` by 1.
    max_runs : int, default 10
        Steps in each direction: 10 steps of 0.05 move an anchor by up to half a code step.
    coder : str, default 'ref'

    Returns
    -------
    pandas.DataFrame
        One row per set and anchor (and one each for ``incl_cut`` and ``n_cut``): ``set``,
        ``anchor``, ``nominal``, ``lower``, ``upper`` (the range that keeps the solution,
        rounded to three decimals; NaN: no change within ``max_runs`` steps), ``lower_note``,
        ``upper_note`` (why the range ends: where the solution changes, or that it does not
        change up to the crossover, the data or the run limit).

    Examples
    --------
    >>> import smartcase
    >>> t = calibration_ranges(smartcase.load_cases())
    >>> t["anchor"].tolist()[:3]
    ['exclusion', 'crossover', 'inclusion']
    """
    from .qca.robustness import rob_calibrange, rob_inclrange, rob_ncutrange

    raw = raw_scores(book, coder=coder)
    fz = _quiet_memberships(book, coder=coder)
    conds = list(QCA_CONDITIONS)
    dir_exp = ", ".join(QCA_CONDITIONS)
    nominal = dict(FUZZY_ANCHORS)
    rows = []
    for cond in conds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            r = rob_calibrange(
                raw,
                fz,
                cond,
                cond,
                (nominal["e"], nominal["c"], nominal["i"]),
                outcome=QCA_OUTCOME,
                conditions=conds,
                step=step,
                max_runs=max_runs,
                incl_cut=incl_cut,
                include="?",
                dir_exp=dir_exp,
            )
        lo, hi = float(raw[cond].min()), float(raw[cond].max())
        for col, name, key in (
            ("E", "exclusion", "e"),
            ("C", "crossover", "c"),
            ("I", "inclusion", "i"),
        ):
            lower, upper = float(r.loc["Lower bound", col]), float(r.loc["Upper bound", col])
            rows.append(
                {
                    "set": cond,
                    "anchor": name,
                    "nominal": nominal[key],
                    "lower": round(lower, 3),
                    "upper": round(upper, 3),
                    "lower_note": _range_note(
                        col, "lower", lower, step, nominal, lo, hi, max_runs * step
                    ),
                    "upper_note": _range_note(
                        col, "upper", upper, step, nominal, lo, hi, max_runs * step
                    ),
                }
            )
    settings: dict[str, Any] = {
        "outcome": QCA_OUTCOME,
        "conditions": conds,
        "incl_cut": incl_cut,
        "include": "?",
        "dir_exp": dir_exp,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ir = rob_inclrange(fz, **settings, step=0.01, max_runs=max_runs)["RCT"]
        nr = rob_ncutrange(fz, **settings, max_runs=max_runs)["NCUT"]
    for name, nominal_value, r, unit in (("incl_cut", incl_cut, ir, 0.01), ("n_cut", 1, nr, 1)):
        lower, upper = float(r.iloc[0]), float(r.iloc[1])
        notes = []
        for side, bound in (("lower", lower), ("upper", upper)):
            if bound != bound:  # NaN
                notes.append(f"no change within {max_runs * unit:g} of the nominal value")
            elif name == "n_cut" and side == "lower" and bound == 1:
                notes.append("1 is the lowest cut-off")
            else:
                nxt = bound - unit if side == "lower" else bound + unit
                notes.append(f"no solution or another one at {nxt:g}")
        rows.append(
            {
                "set": "(all)",
                "anchor": name,
                "nominal": nominal_value,
                "lower": round(lower, 3),
                "upper": round(upper, 3),
                "lower_note": notes[0],
                "upper_note": notes[1],
            }
        )
    out = pd.DataFrame(rows)
    out.attrs = {"step": step, "max_runs": max_runs}
    return out


def robustness_tests_table(protocol: Any, book: CaseBook | None = None) -> pd.DataFrame:
    """The tests of a robustness protocol as a table for publication.

    Parameters
    ----------
    protocol : smartcase.qca.robustness.RobustnessProtocol
        From :func:`qca_robustness`.
    book : CaseBook, optional
        To write case-deletion tests with the cities' names.

    Returns
    -------
    pandas.DataFrame
        ``test``, ``kind``, ``solution`` (first model, or ``none`` with the reason),
        ``same as initial`` ("yes"/"no") and, for tests with a solution, ``SC`` (the
        similarity of that test solution alone with the initial one, see
        :func:`smartcase.qca.rob_singletest`) and ``RCC_Rank``.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> p = qca_robustness(book, case_deletion=False, n_cuts=())
    >>> robustness_tests_table(p, book).columns.tolist()
    ['test', 'kind', 'solution', 'same as initial', 'SC', 'RCC_Rank']
    """
    tests = protocol.tests.copy()
    names = {} if book is None else dict(book.cases["name"])
    single = protocol.singletest if protocol.singletest is not None else pd.DataFrame()
    rows = []
    for _, t in tests.iterrows():
        label = t["test"]
        if t["kind"] == "case deletion" and t["setting"] in names:
            label = f"without {names[t['setting']]}"
        sol = t["solution"]
        if sol.startswith("none ("):
            sol = f"none ({_reason(sol[len('none (') : -1])})"
        has = t["test"] in single.index
        rows.append(
            {
                "test": label,
                "kind": t["kind"],
                "solution": sol,
                "same as initial": "yes" if t["same"] else "no",
                "SC": round(float(single.loc[t["test"], "SC"]), 3) if has else None,
                "RCC_Rank": int(single.loc[t["test"], "RCC_Rank"]) if has else None,
            }
        )
    return pd.DataFrame(rows)


def _reason(message: str) -> str:
    """The gist of a QCA error message, for a table cell."""
    if message.startswith("truth table of") and ": " in message:
        return message.split(": ", 1)[1].split(" (")[0].strip().rstrip(".")
    return message.split(":")[0].split(". ")[0].strip().rstrip(".")


def _names(book: CaseBook | None, ids: Sequence[str]) -> list[str]:
    names = {} if book is None else dict(book.cases["name"])
    return [str(names.get(i, i)) for i in ids]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return "none"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def robustness_conclusions(
    protocol: Any, ranges: pd.DataFrame, book: CaseBook | None = None
) -> str:
    """What the robustness protocol says, in words computed from its results (Markdown).

    Parameters
    ----------
    protocol : RobustnessProtocol
        From :func:`qca_robustness`.
    ranges : pandas.DataFrame
        From :func:`calibration_ranges`.
    book : CaseBook, optional
        For the cities' names.

    Returns
    -------
    str
        A few Markdown bullet points: how many tests keep the solution, which change it or leave
        nothing to minimise, the robust core and its fit, the robustness figures and the
        sensitivity ranges.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> p = qca_robustness(book, case_deletion=False, n_cuts=())
    >>> robustness_conclusions(p, calibration_ranges(book), book).startswith("- **Initial solution")
    True
    """
    t = protocol.tests
    initial = str(protocol.initial.models[0])
    lines = [
        f"- **Initial solution** {initial} → {protocol.initial.outcome}. Of {len(t)} tests, "
        f"{int(t['same'].sum())} give the same solution, "
        f"{int((t['used'] & ~t['same']).sum())} another one and {int((~t['used']).sum())} none."
    ]
    for kind, label in (
        ("calibration", "Other anchors"),
        ("incl_cut", "Other inclusion cut-offs"),
        ("n_cut", "Other frequency cut-offs"),
        ("case deletion", "Dropping a city"),
    ):
        sub = t[t["kind"] == kind]
        if sub.empty:
            continue
        settings = sub["setting"].tolist()
        if kind == "case deletion":
            settings = [f"without {n}" for n in _names(book, settings)]
        w = "" if kind == "case deletion" else "with "
        parts = []
        same = [s for s, ok in zip(settings, sub["same"], strict=True) if ok]
        other = [
            f"{s}: {sol}"
            for s, sol, ok, used in zip(
                settings, sub["solution"], sub["same"], sub["used"], strict=True
            )
            if used and not ok
        ]
        failed = [
            (s, sol)
            for s, sol, used in zip(settings, sub["solution"], sub["used"], strict=True)
            if not used
        ]
        # Two reasons a test has no solution: no configuration passes the cut-off (nothing to
        # explain), or every configuration does (nothing left to contrast it with).
        contrast = [s for s, sol in failed if "All truth table configurations" in str(sol)]
        none = [s for s, _ in failed if s not in contrast]
        if same:
            parts.append(f"same solution {w}{_join(same)}")
        if other:
            parts.append(f"another solution {w}" + "; ".join(other))
        if none:
            parts.append(f"no solution {w}{_join(none)}, where no configuration passes")
        if contrast:
            parts.append(
                f"no solution {w}{_join(contrast)}, where every configuration passes and "
                "nothing is left to contrast"
            )
        lines.append(f"- **{label}:** " + "; ".join(parts) + ".")
    if protocol.robust_core is not None and protocol.fit is not None:
        fit = protocol.fit.iloc[0]
        core = protocol.core_fit.iloc[0]
        cp = protocol.cases.parameters.iloc[0]
        n_used = int(t["used"].sum())
        lines.append(
            f"- **Robust core** (the part of the initial solution that all {n_used} test "
            f"solutions share; tests without a solution cannot enter it): "
            f"{protocol.robust_core}, consistency {core['Cons.Suf']:.3f}, coverage "
            f"{core['Cov.Suf']:.3f}. Robustness fit: RF_cov {fit['RF_cov']:.3f}, RF_cons "
            f"{fit['RF_cons']:.3f}, RF_SC_minTS {fit['RF_SC_minTS']:.3f}, RF_SC_maxTS "
            f"{fit['RF_SC_maxTS']:.3f}; robust-case rank {int(cp['RCC_Rank'])} of 4 (1: no shaky and "
            "no possible cases)."
        )
        types = protocol.cases.types
        robust = types.loc["S1S2Y", "cases"].split(",") if types.loc["S1S2Y", "n"] else []
        shaky = types.loc["S1s2Y", "cases"].split(",") if types.loc["S1s2Y", "n"] else []
        lines.append(
            f"- **Cases** (in kind: above 0.5 in the solution and in the outcome): robust typical "
            f"{_join(_names(book, robust))}; shaky typical (in the initial solution but not in "
            f"the robust core) {_join(_names(book, shaky))}."
        )
    reach = ranges.attrs.get("step", 0.05) * ranges.attrs.get("max_runs", 10)

    def span(r: pd.Series, reach: float) -> str:
        low = (
            f"{r['lower']:.2f}" if r["lower"] == r["lower"] else f"below {r['nominal'] - reach:.2f}"
        )
        high = (
            f"{r['upper']:.2f}" if r["upper"] == r["upper"] else f"above {r['nominal'] + reach:.2f}"
        )
        return f"from {low} to {high}"

    rng = ranges[ranges["anchor"] == "crossover"]
    cross = [f"for {r['set']} {span(r, reach)}" for _, r in rng.iterrows()]
    ic = ranges[ranges["anchor"] == "incl_cut"].iloc[0]
    ic_span = span(ic, 0.01 * ranges.attrs.get("max_runs", 10))
    lines.append(
        f"- **Sensitivity ranges:** without changing the solution, the crossover (nominal 1.5) "
        f"can move {_join(cross)}, and the inclusion cut-off (nominal {ic['nominal']:g}) "
        f"{ic_span}."
    )
    return "\n".join(lines)


def case_selection_table(
    solution: Any, protocol: Any = None, book: CaseBook | None = None
) -> pd.DataFrame:
    """Every city's case type for a solution, with SetMethods' scores and robustness type.

    Parameters
    ----------
    solution : smartcase.qca.Solution
        The solution whose cases are classified (e.g. ``protocol.initial``).
    protocol : RobustnessProtocol, optional
        Adds ``robustness`` (robust typical, shaky typical, ... from
        :func:`smartcase.qca.rob_cases`).
    book : CaseBook, optional
        Adds the cities' names.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: ``case`` (name), ``solution``, ``outcome`` (memberships),
        ``type`` (:func:`smartcase.qca.case_types`), ``Best`` (the typical-case score, lower
        is more typical; NaN for other types), ``most typical``, ``robustness`` and ``pair``
        (the best partner for a typical-IIR or typical-typical comparison).

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> p = qca_robustness(book, case_deletion=False, n_cuts=())
    >>> case_selection_table(p.initial, p, book).columns.tolist()[:4]
    ['case', 'solution', 'outcome', 'type']
    """
    from .qca.case_selection import case_types, smmr

    ct = case_types(solution)
    out = pd.DataFrame(index=pd.Index(ct.index, name="case_id"))
    out["case"] = _names(book, list(ct.index))
    out["solution"] = ct["solution"].round(3)
    out["outcome"] = ct["outcome"].round(3)
    out["type"] = ct["type"]
    typical = smmr(solution, cases=1)["Typical Cases"]
    best = typical.groupby("Case")["Best"].min()
    out["Best"] = [round(float(best[c]), 3) if c in best.index else None for c in ct.index]
    most = set(typical.loc[typical["MostTyp"], "Case"])
    out["most typical"] = ["yes" if c in most else "" for c in ct.index]
    if protocol is not None and protocol.cases is not None:
        labels = {k: v.split(" (")[0] for k, v in protocol.cases.types["type"].items()}
        kinds = protocol.cases.memberships["type"]
        out["robustness"] = [labels.get(kinds.get(c, ""), "") for c in ct.index]
    pairs: dict[str, list[str]] = {}
    for cases, col_a, col_b in ((6, "TYP", "IIR"), (5, "TYP1", "TYP2")):
        for table in smmr(solution, match=True, cases=cases).values():
            if len(table):
                a, b = table.iloc[0][col_a], table.iloc[0][col_b]
                kind = "typical-IIR" if cases == 6 else "typical-typical"
                pairs.setdefault(a, []).append(f"{kind} with {_names(book, [b])[0]}")
                pairs.setdefault(b, []).append(f"{kind} with {_names(book, [a])[0]}")
    out["pair"] = ["; ".join(pairs.get(c, [])) for c in ct.index]
    return out


def case_selection_conclusions(table: pd.DataFrame) -> str:
    """Where within-case study should go next, in words computed from a case-selection table.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`case_selection_table`.

    Returns
    -------
    str
        Markdown bullet points, one per kind of case found (typical, deviant, irrelevant) and
        one on the best comparison.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> p = qca_robustness(book, case_deletion=False, n_cuts=())
    >>> text = case_selection_conclusions(case_selection_table(p.initial, p, book))
    >>> text.startswith("- **Typical")
    True
    """

    def names(mask: pd.Series) -> list[str]:
        return table.loc[mask, "case"].tolist()

    typ = table["type"] == "typical"
    lines = []
    ordered = table[typ].sort_values("Best")
    if len(ordered):
        first = ordered.iloc[0]
        rest = ordered["case"].tolist()[1:]
        shaky = names(typ & (table.get("robustness", "") == "Shaky typical"))
        text = (
            f"- **Typical cases:** {_join(ordered['case'].tolist())}. {first['case']} is the most "
            f"typical (Best {first['Best']:.3f}): the first place to trace how the conditions of "
            "the solution work together towards the outcome"
        )
        if rest:
            text += f"; {_join(rest)} can confirm the mechanism in a second case"
        if shaky:
            text += (
                f". {_join(shaky)} is typical only for the initial solution, not for its robust "
                "core, so a mechanism found there rests on a less robust part of the solution"
            )
        lines.append(text + ".")
    else:
        lines.append(
            "- **Typical cases:** none; the solution has no case to trace its mechanism in."
        )
    for kind, meaning in (
        (
            "deviant in degree",
            "in the solution and in the outcome, but less in the outcome than in the solution; "
            "the evidence there can show what weakens the outcome where the conditions are "
            "strong",
        ),
        (
            "deviant consistency",
            "in the solution but not in the outcome; the first place to look for a condition the "
            "solution misses",
        ),
        (
            "deviant coverage",
            "in the outcome without the solution; the place to look for another path to the "
            "outcome",
        ),
    ):
        found = names(table["type"] == kind)
        if found and kind == "deviant in degree" and "robustness" in table:
            # the robustness protocol (SetMethods rob.cases) types cases by kind only
            robust = names(
                (table["type"] == kind) & table["robustness"].astype(str).str.contains("typical")
            )
            if robust:
                meaning += (
                    f" (the robustness protocol, which reads only whether a case is in the "
                    f"solution and in the outcome, counts {_join(robust)} as typical: the two "
                    "types differ in degree, not in kind)"
                )
        if found:
            lines.append(f"- **{kind.capitalize()}:** {_join(found)}: {meaning}.")
        else:
            lines.append(f"- **{kind.capitalize()}:** none.")
    iir = names(table["type"] == "individually irrelevant")
    if iir:
        lines.append(
            f"- **Individually irrelevant:** {_join(iir)}: neither in the solution nor in the "
            "outcome; useful as the contrast in a matched comparison, not on their own."
        )
    pairs = [p for p in table["pair"] if p]
    if pairs and len(ordered):
        first = ordered.iloc[0]
        lines.append(
            f"- **Comparison:** the best matched pairs for {first['case']}: "
            f"{table.loc[ordered.index[0], 'pair']}."
        )
    return "\n".join(lines)
