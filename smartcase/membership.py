"""From the case base to QCA input: set memberships of the cases.

:func:`case_memberships` turns a :class:`~smartcase.casebook.CaseBook`'s ordinal codes into the
set-membership table the QCA engine (:mod:`smartcase.qca`) takes: one row per case, one column
per condition (the three elements, or the sub-dimensions) and the outcome ``innovation``.
:func:`calibration_table` shows the raw values, the anchors and the memberships side by side.
The QCA engine itself knows nothing of cases or codes; this module is the thin adapter. Two
helpers serve notebook 07: :func:`solution_table` (the models of several solutions with their
fit, one tidy table) and :func:`calibration_robustness` (the solutions under other anchors and
thresholds), and :func:`diversity` counts observed configurations and logical remainders.

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
from collections.abc import Mapping
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


def _spec_for(name: str, thresholds: object, method: str) -> object:
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
                cut = float(spec)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ArgumentError(
                    "thresholds", repr(spec), "one number for a crisp set"
                ) from None
            out[col] = (values.to_numpy() >= cut).astype("int64")
        else:
            out[col] = np.asarray(
                calibrate(values.to_numpy(dtype=float), spec, method="direct", kind="fuzzy"),
                dtype=float,
            )  # type: ignore[arg-type]
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
                reason = str(exc).split(":")[0].split(". ")[0].strip().rstrip(".")
                rec.update({kind: f"none ({reason})", f"{kind}_inclS": None, f"{kind}_covS": None})
                continue
            rec[kind] = " | ".join(str(x) for x in sol.models)
            rec[f"{kind}_inclS"] = round(float(sol.model_fit["inclS"].iloc[0]), 3)
            rec[f"{kind}_covS"] = round(float(sol.model_fit["covS"].iloc[0]), 3)
        rows.append(rec)
    return pd.DataFrame(rows)
