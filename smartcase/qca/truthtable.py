"""Truth tables for crisp-, multi-value and fuzzy-set QCA, as R's ``QCA::truthTable`` builds them.

Each row of a truth table is one configuration of the conditions (a corner of the property space).
A case's membership in a row is the minimum, over the conditions, of its membership in the row's
value (``x`` for 1 and ``1 - x`` for 0 with fuzzy scores; 1 or 0 for crisp and multi-value codes).
A case *belongs* to the row in which its membership exceeds 0.5. For every observed row:

- ``n`` is the number of cases that belong to it;
- ``incl`` = sum(min(row, Y)) / sum(row) over all cases (consistency of sufficiency);
- ``PRI`` = (sum(min(row, Y)) - sum(min(row, Y, 1 - Y))) / (sum(row) - sum(min(row, Y, 1 - Y)));
- ``OUT`` is ``"1"`` when ``n >= n_cut``, ``incl >= incl_cut`` and ``PRI >= pri_cut``; ``"C"``
  (contradiction) when a second cut-off is given (``incl_cut=(ic1, ic0)``) and
  ``ic0 <= incl < ic1``; ``"0"`` otherwise; and ``"?"`` (a logical remainder) when
  ``n < n_cut`` or the row is not observed.

Rows are numbered as in R's complete table: the first condition varies slowest, row 1 is all
conditions at their lowest value.

Examples
--------
In R: ``truthTable(LC, "SURV", sort.by = "incl, n", show.cases = TRUE)``.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca.truthtable import truth_table
>>> tt = truth_table(load_dataset("LC"), "SURV", sort_by="incl, n")
>>> tt.table.head(4)
    DEV  URB  LIT  IND  STB OUT  n  incl  PRI        cases
32    1    1    1    1    1   1  4   1.0  1.0  BE,CZ,NL,UK
22    1    0    1    0    1   1  2   1.0  1.0        FI,IE
24    1    0    1    1    1   1  2   1.0  1.0        FR,SE
1     0    0    0    0    0   0  3   0.0  0.0     GR,PT,ES
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ..errors import QCAError
from .expression import _column_values

__all__ = ["TruthTable", "truth_table"]

ConditionKind = Literal["crisp", "multivalue", "fuzzy"]
_KINDS: tuple[str, ...] = ("crisp", "multivalue", "fuzzy")
#: R compares with cut-offs allowing for floating-point error (admisc::agteb uses sqrt(eps)).
_EPS = float(np.sqrt(np.finfo(float).eps))
_MAX_COMPLETE_ROWS = 2**22
#: Default limit on the rows of the complete truth table (the product of the condition levels,
#: 2**22 = 22 crisp conditions): minimisation allocates arrays of this length.
MAX_ROWS = 2**22
_OUTCOME = re.compile(r"^\s*(~?)\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*(?:\[\s*([0-9,\s]+)\])?\s*$")
_SORTABLE = ("OUT", "n", "incl", "PRI")


def _agteb(x: np.ndarray | float, y: float) -> np.ndarray:
    """x >= y up to floating-point error (R's ``admisc::agteb``)."""
    return np.asarray(x) >= y - _EPS


@dataclass(frozen=True)
class TruthTable:
    """A truth table, as returned by :func:`truth_table`.

    Attributes
    ----------
    table : DataFrame
        One row per configuration shown (observed rows with ``n >= n_cut`` and excluded rows;
        every row with ``complete=True``), indexed by R's row number. Columns: the conditions
        (the row's values), ``OUT`` (``"1"``, ``"0"``, ``"C"``, ``"?"``), ``n``, ``incl``,
        ``PRI`` and, with ``show_cases``, ``cases`` (the case labels in the row).
    outcome : str
        The outcome as given (``"SURV"``, ``"~SURV"``, ``"SURV[1]"``).
    conditions : tuple of str
    levels : tuple of int
        Number of values of each condition (2 for crisp and fuzzy ones).
    kinds : dict
        ``"crisp"``, ``"multivalue"`` or ``"fuzzy"`` for each condition.
    incl_cut : tuple of float
        ``(ic1, ic0)``; ``ic0 == ic1`` when a single cut-off was given.
    n_cut : int
    pri_cut : float
    rows : DataFrame
        Every observed row (including those with ``n < n_cut``, coded ``"?"``) and excluded
        remainder rows; condition columns, ``OUT``, ``n``, ``incl``, ``PRI``, ``cases``.
    data : DataFrame
        The condition columns of the input (unchanged values; ``"-"`` kept as don't care).
    outcome_membership : Series
        Case memberships in the outcome (negated or recoded as the outcome says).
    """

    table: pd.DataFrame
    outcome: str
    conditions: tuple[str, ...]
    levels: tuple[int, ...]
    kinds: dict[str, ConditionKind]
    incl_cut: tuple[float, float]
    n_cut: int
    pri_cut: float
    rows: pd.DataFrame = field(repr=False)
    data: pd.DataFrame = field(repr=False)
    outcome_membership: pd.Series = field(repr=False)
    complete: bool = False
    exclude: tuple[int, ...] = ()
    inf_test: tuple[str, float] | None = None

    @property
    def multivalue(self) -> bool:
        """True when a condition has more than two values (R then prints ``A[1]`` notation)."""
        return any(k == "multivalue" for k in self.kinds.values())

    @property
    def n_rows(self) -> int:
        """Number of rows of the complete table (product of the condition levels)."""
        return int(np.prod(np.array(self.levels, dtype=np.float64)))

    @property
    def contradictions(self) -> pd.DataFrame:
        """Observed rows whose cases disagree on the outcome, and rows coded ``"C"``.

        Returns
        -------
        DataFrame
            Columns: the conditions, ``OUT``, ``n``, ``incl``, ``cases_in`` (cases of the row
            with outcome membership above 0.5) and ``cases_out`` (below 0.5; R's "deviant cases
            consistency").
        """
        rows = self.rows[self.rows["n"] > 0]
        y = self.outcome_membership
        cin, cout = [], []
        for cases in rows["cases"]:
            labels = [c for c in cases.split(",") if c]
            cin.append(",".join(c for c in labels if y[c] > 0.5))
            cout.append(",".join(c for c in labels if y[c] < 0.5))
        out = rows[[*self.conditions, "OUT", "n", "incl"]].copy()
        out["cases_in"] = pd.Series(cin, index=rows.index, dtype=str)
        out["cases_out"] = pd.Series(cout, index=rows.index, dtype=str)
        keep = ((out["cases_in"] != "") & (out["cases_out"] != "")) | (out["OUT"] == "C")
        return out[keep.to_numpy()]

    def row_cases(self, row: int) -> list[str]:
        """Labels of the cases that belong to a row (empty for remainders)."""
        if row not in self.rows.index:
            return []
        return [c for c in str(self.rows.at[row, "cases"]).split(",") if c]

    def to_frame(self) -> pd.DataFrame:
        """The truth table as it prints: one row per configuration (a copy).

        Returns
        -------
        DataFrame
            The condition columns, then ``OUT``, ``n``, ``incl``, ``PRI`` and ``cases``, as
            :attr:`table`.

        Examples
        --------
        >>> from smartcase.qca.datasets import load_dataset
        >>> from smartcase.qca import truth_table
        >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
        >>> tt.to_frame().columns.tolist()[-5:]
        ['OUT', 'n', 'incl', 'PRI', 'cases']
        """
        return self.table.copy()

    def _header(self) -> str:
        ic = self.incl_cut
        cut = f"{ic[0]:g}" if ic[0] == ic[1] else f"{ic[0]:g}, {ic[1]:g}"
        return (
            f"Truth table: outcome {self.outcome}; conditions {', '.join(self.conditions)}; "
            f"incl_cut {cut}, n_cut {self.n_cut}, pri_cut {self.pri_cut:g}"
        )

    def _display(self) -> pd.DataFrame:
        shown = self.table.copy()
        for col in ("incl", "PRI", "pval1", "pval0"):
            if col in shown.columns:
                shown[col] = [("-" if pd.isna(v) else f"{v:.3f}") for v in shown[col]]
        return shown

    def __repr__(self) -> str:
        counts = self.rows["OUT"].value_counts()
        summary = ", ".join(f"{counts.get(k, 0)} OUT={k}" for k in ("1", "0", "C") if counts.get(k))
        return f"{self._header()}\n{self._display().to_string()}\n({summary}; row numbers as in R)"

    def _repr_html_(self) -> str:
        return f"<p><b>{html.escape(self._header())}</b></p>" + self._display().to_html(escape=True)


def _parse_outcome(outcome: str, data: pd.DataFrame) -> tuple[str, bool, frozenset[int] | None]:
    if not isinstance(outcome, str):
        raise QCAError(
            f"argument 'outcome': expected a column name such as 'Y' or '~Y', found {outcome!r}"
        )
    m = _OUTCOME.match(outcome)
    if m is None:
        raise QCAError(
            f"argument 'outcome': expected a column name, optionally negated ('~Y') or with a "
            f"value in brackets ('Y[1]'), found {outcome!r}"
        )
    neg, name, values = m.group(1) == "~", m.group(2), m.group(3)
    if name not in data.columns:
        raise QCAError(
            f"argument 'outcome': column {name!r} is not in the data "
            f"(columns: {', '.join(map(str, data.columns))})"
        )
    vals = None
    if values is not None:
        parts = [p.strip() for p in values.split(",") if p.strip()]
        vals = frozenset(int(p) for p in parts)
    return name, neg, vals


def _outcome_membership(
    data: pd.DataFrame, name: str, neg: bool, values: frozenset[int] | None, outcome: str
) -> np.ndarray:
    dc, y, kind = _column_values(data[name], name)
    if dc.any():
        raise QCAError(
            f"argument 'outcome': column {name!r} holds the don't-care code '-'; "
            "the outcome needs a value for every case"
        )
    if values is not None:
        if kind == "fuzzy":
            raise QCAError(
                f"argument 'outcome': {outcome!r} names a value in brackets, but column "
                f"{name!r} holds fuzzy scores"
            )
        y = np.isin(y, list(values)).astype(float)
    elif kind == "multivalue":
        found = sorted({int(v) for v in y})
        raise QCAError(
            f"argument 'outcome': column {name!r} is multi-value (values {found}); name the "
            f"value that is explained, e.g. '{name}[{found[-1]}]'"
        )
    return 1.0 - y if neg else y


def truth_table(
    data: pd.DataFrame,
    outcome: str,
    conditions: Sequence[str] | str | None = None,
    *,
    incl_cut: float | Sequence[float] = 1,
    n_cut: int = 1,
    pri_cut: float = 0,
    complete: bool = False,
    show_cases: bool = True,
    sort_by: str | Sequence[str] | None = None,
    decreasing: bool = True,
    exclude: Sequence[int] | None = None,
    condition_types: Mapping[str, ConditionKind] | None = None,
    inf_test: str | Sequence[Any] | None = None,
    max_rows: int = MAX_ROWS,
) -> TruthTable:
    """Build the truth table of an outcome, as R's ``QCA::truthTable`` does.

    Parameters
    ----------
    data : DataFrame
        One row per case (the index gives the case labels), one column per condition and the
        outcome. Crisp conditions hold 0/1, multi-value conditions the integer codes 0, 1, 2,
        ..., fuzzy conditions membership scores in [0, 1]; ``"-"`` marks a "don't care" value.
    outcome : str
        The outcome column; ``"~Y"`` negates it, ``"Y[1]"`` or ``"Y[1,2]"`` explains the
        named values of a multi-value outcome.
    conditions : sequence of str or str, optional
        Condition columns (a comma-separated string is accepted). Default: every column but the
        outcome.
    incl_cut : float or (float, float), default 1
        Inclusion cut-off for ``OUT = 1``. With two values ``(ic1, ic0)`` rows with
        ``ic0 <= incl < ic1`` are coded ``"C"`` (R's ``incl.cut = c(ic1, ic0)``).
    n_cut : int, default 1
        Minimum number of cases for a row to count as observed; rows with fewer are remainders.
    pri_cut : float, default 0
        Minimum PRI for ``OUT = 1``.
    complete : bool, default False
        Show every row of the property space, remainders included.
    show_cases : bool, default True
        Include the ``cases`` column.
    sort_by : str or sequence of str, optional
        Columns to sort by (``"OUT"``, ``"n"``, ``"incl"``, ``"PRI"`` or conditions), e.g.
        ``"incl, n"``; remainders always come last. Default: by row number.
    decreasing : bool, default True
        Sort order for ``sort_by``.
    exclude : sequence of int, optional
        Row numbers to code ``OUT = "0"`` (R's ``exclude``: remainders kept out of the
        minimisation, e.g. untenable assumptions).
    condition_types : mapping, optional
        Declare a condition ``"crisp"``, ``"multivalue"`` or ``"fuzzy"`` instead of inferring it
        from its values (integers 0/1: crisp; larger integers: multi-value; other values in
        [0, 1]: fuzzy). A declared crisp condition must hold only 0 and 1.
    inf_test : "binom" or ("binom", alpha), optional
        Decide ``OUT`` by a one-sided binomial test instead of comparing ``incl`` with the
        cut-off (R's ``inf.test``; crisp and multi-value data only): with ``s`` of the ``n``
        cases of a row in the outcome, ``pval1`` = P(at least ``s`` successes in ``n`` trials
        with probability ``incl_cut``); ``OUT = 1`` when ``pval1 < alpha`` (default 0.05). With
        two cut-offs, a row that fails is ``"C"`` when ``pval0`` (the same test against the
        second cut-off) is below ``alpha``, else ``"0"``. ``pri_cut`` is not used then. The
        p-values are added as columns ``pval1`` (and ``pval0``).
    max_rows : int, default 2**22
        Refuse, before allocating anything, an analysis whose complete truth table (the product
        of the condition levels: 2**k for k crisp conditions) would have more rows; the
        minimisation allocates arrays of that length. Raise it for more conditions.

    Returns
    -------
    TruthTable

    Raises
    ------
    QCAError
        Unknown columns, missing values, memberships outside [0, 1], non-binary data in a
        condition declared crisp, a multi-value outcome without a value, ``incl_cut`` or
        ``pri_cut`` outside [0, 1], ``n_cut`` below 1, row numbers out of range, an
        ``inf_test`` other than ``"binom"`` / ``("binom", alpha)`` or on fuzzy data, a column
        name used twice in ``data``, or a truth table of more than ``max_rows`` rows.

    See Also
    --------
    smartcase.qca.minimization.minimize : minimise a truth table.

    Notes
    -----
    Cases with a fuzzy score of exactly 0.5 belong to no row (R warns about them, and so does
    this function). A case with the don't-care code ``"-"`` in a condition is placed in every
    row compatible with its other values (R keeps one row with ``"-"`` instead; the minimal
    solutions are the same).

    References
    ----------
    Ragin, C. C. (2008). *Redesigning Social Inquiry: Fuzzy Sets and Beyond*. University of
    Chicago Press. Dusa, A. (2019). *QCA with R. A Comprehensive Resource*. Springer.

    Examples
    --------
    In R: ``truthTable(LF, "SURV", incl.cut = 0.8)`` (rows 22 and 32 are coded 1).

    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca.truthtable import truth_table
    >>> tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)
    >>> tt.table.loc[[22, 24, 32], ["OUT", "n", "incl", "PRI"]].round(3)
       OUT  n   incl    PRI
    22   1  2  0.804  0.719
    24   0  2  0.709  0.634
    32   1  4  0.904  0.886
    """
    if not isinstance(data, pd.DataFrame):
        raise QCAError(f"argument 'data': expected a pandas DataFrame, found {type(data).__name__}")
    if len(data) == 0:
        raise QCAError("argument 'data': expected at least one case, found an empty DataFrame")
    if data.index.has_duplicates:
        dup = data.index[data.index.duplicated()][0]
        raise QCAError(f"argument 'data': case labels (index) must be unique, found {dup!r} twice")
    if data.columns.has_duplicates:
        dup = data.columns[data.columns.duplicated()][0]
        raise QCAError(f"argument 'data': column names must be unique, found {dup!r} twice")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int | np.integer) or max_rows < 1:
        raise QCAError(f"argument 'max_rows': expected a positive integer, found {max_rows!r}")
    ic1, ic0 = _check_cuts(incl_cut, n_cut, pri_cut)
    out_name, out_neg, out_values = _parse_outcome(outcome, data)
    conds = _resolve_conditions(conditions, data, out_name)
    types = dict(condition_types or {})
    for c, k in types.items():
        if c not in conds:
            raise QCAError(f"argument 'condition_types': {c!r} is not one of the conditions")
        if k not in _KINDS:
            raise QCAError(
                f"argument 'condition_types': expected one of {', '.join(map(repr, _KINDS))} "
                f"for {c!r}, found {k!r}"
            )

    y = _outcome_membership(data, out_name, out_neg, out_values, outcome)
    ncase = len(data)
    dcs = np.zeros((ncase, len(conds)), dtype=bool)
    vals = np.zeros((ncase, len(conds)), dtype=float)
    kinds: dict[str, ConditionKind] = {}
    levels: list[int] = []
    for j, c in enumerate(conds):
        dc, x, kind = _column_values(data[c], c)
        declared = types.get(c)
        if declared == "crisp" and kind != "crisp":
            bad = x[~dc & ~np.isin(x, [0.0, 1.0])][0]
            where = data.index[int(np.flatnonzero(~dc & ~np.isin(x, [0.0, 1.0]))[0])]
            raise QCAError(
                f"column '{c}': declared crisp, so expected 0 or 1, found {bad:g} at row {where!r}"
            )
        if declared == "fuzzy" and kind == "multivalue":
            raise QCAError(f"column '{c}': declared fuzzy, found values above 1")
        if declared == "multivalue" and kind == "fuzzy":
            raise QCAError(f"column '{c}': declared multi-value, found non-integer values")
        kind = declared or kind
        kinds[c] = kind
        dcs[:, j] = dc
        vals[:, j] = x
        obs = x[~dc]
        levels.append(2 if kind != "multivalue" else int(max(obs.max() if obs.size else 1, 1)) + 1)
    n_rows = int(np.prod(np.array(levels, dtype=object)))  # exact, however large
    if n_rows > max_rows:
        raise QCAError(
            f"the truth table of {len(conds)} conditions would have {n_rows:,} rows, more than "
            f"max_rows={max_rows:,}; use fewer conditions, or pass a larger max_rows "
            "(minimisation needs memory and time that grow with the rows)"
        )
    fuzzy = np.array([kinds[c] == "fuzzy" for c in conds])
    if fuzzy.any():
        half = np.isclose(vals[:, fuzzy], 0.5) & ~dcs[:, fuzzy]
        if half.any():
            warnings.warn(
                "Fuzzy causal conditions should not have values of 0.5 in the data: cases "
                f"{', '.join(map(str, data.index[half.any(axis=1)]))} belong to no truth-table row",
                UserWarning,
                stacklevel=2,
            )
    else:
        half = np.zeros((ncase, 0), dtype=bool)

    lv = np.array(levels, dtype=np.int64)
    mbase = np.ones(len(conds), dtype=np.int64)
    for j in range(len(conds) - 2, -1, -1):
        mbase[j] = mbase[j + 1] * lv[j + 1]

    codes = np.where(fuzzy, (vals > 0.5).astype(np.int64), np.round(vals).astype(np.int64))
    codes[dcs] = -1
    assignable = ~half.any(axis=1) if half.size else np.ones(ncase, dtype=bool)
    # case -> row assignments (a don't-care case goes to every compatible row)
    case_idx: list[np.ndarray] = []
    row_codes: list[np.ndarray] = []
    plain = assignable & ~dcs.any(axis=1)
    case_idx.append(np.flatnonzero(plain))
    row_codes.append(codes[plain])
    for i in np.flatnonzero(assignable & dcs.any(axis=1)):
        options = [range(levels[j]) if dcs[i, j] else [codes[i, j]] for j in range(len(conds))]
        combos = np.array(list(itertools.product(*options)), dtype=np.int64)
        case_idx.append(np.full(len(combos), i))
        row_codes.append(combos)
    cidx = np.concatenate(case_idx)
    rcodes = np.concatenate(row_codes) if row_codes else np.zeros((0, len(conds)), dtype=np.int64)
    line = rcodes @ mbase + 1
    observed, inverse = np.unique(line, return_inverse=True)
    obs_codes = np.zeros((len(observed), len(conds)), dtype=np.int64)
    obs_codes[inverse] = rcodes
    n = np.bincount(inverse, minlength=len(observed))

    if not fuzzy.any():
        # every membership is 0 or 1: sums over the cases in each row
        ysum = np.bincount(inverse, weights=y[cidx], minlength=len(observed))
        yneg = np.bincount(inverse, weights=np.minimum(y, 1 - y)[cidx], minlength=len(observed))
        sx = n.astype(float)
    else:
        ysum, yneg, sx = _fuzzy_row_sums(obs_codes, vals, dcs, fuzzy, y)
    incl = _ratio(ysum, sx)
    pri = _ratio(ysum - yneg, sx - yneg)

    out = np.full(len(observed), "?", dtype=object)
    ok = n >= n_cut
    is1 = _agteb(incl, ic1) & _agteb(pri, pri_cut)
    out[ok] = np.where(is1[ok], "1", "0")
    contra = ok & ~_agteb(incl, ic1) & _agteb(incl, ic0)
    out[contra] = "C"
    pvalues: dict[str, np.ndarray] = {}
    if inf_test is not None:
        alpha = _check_inf_test(inf_test)
        fuzzy_cols = [c for c in conds if kinds[c] == "fuzzy"]
        if fuzzy_cols or not np.isin(y, [0.0, 1.0]).all():
            what = f"condition {fuzzy_cols[0]!r}" if fuzzy_cols else f"outcome {outcome!r}"
            raise QCAError(
                f"argument 'inf_test': the binomial test needs crisp (or multi-value) data, "
                f"but the {what} holds fuzzy memberships"
            )
        pvalues, out = _binomial_out(n, incl, ok, ic1, ic0, alpha, out)

    labels = data.index.astype(str).to_numpy()
    order = np.lexsort((cidx, inverse))
    groups = np.split(cidx[order], np.cumsum(n)[:-1]) if len(observed) else []
    cases = [",".join(labels[g]) for g in groups]

    rows = pd.DataFrame(obs_codes, columns=list(conds), index=pd.Index(observed.astype(np.int64)))
    rows["OUT"] = pd.Series(out, index=rows.index, dtype=str)
    rows["n"] = n.astype(np.int64)
    rows["incl"] = incl
    rows["PRI"] = pri
    for name, values in pvalues.items():
        rows[name] = values
    rows["cases"] = pd.Series(cases, index=rows.index, dtype=str)

    total = int(np.prod(lv.astype(np.float64)))
    excl = _check_exclude(exclude, total)
    if excl:
        missing = [r for r in excl if r not in rows.index]
        if missing:
            extra = pd.DataFrame(
                _decode_rows(np.array(missing) - 1, lv),
                columns=list(conds),
                index=pd.Index(np.array(missing, dtype=np.int64)),
            )
            extra["OUT"] = pd.Series("0", index=extra.index, dtype=str)
            extra["n"] = np.zeros(len(missing), dtype=np.int64)
            extra["incl"] = np.nan
            extra["PRI"] = np.nan
            extra["cases"] = pd.Series("", index=extra.index, dtype=str)
            rows = pd.concat([rows, extra]).sort_index()
        rows.loc[list(excl), "OUT"] = "0"

    if complete:
        if total > _MAX_COMPLETE_ROWS:
            raise QCAError(
                f"argument 'complete': the complete table would have {total} rows "
                f"(more than {_MAX_COMPLETE_ROWS}); use complete=False"
            )
        full = pd.DataFrame(
            _decode_rows(np.arange(total), lv),
            columns=list(conds),
            index=pd.Index(np.arange(1, total + 1, dtype=np.int64)),
        )
        full["OUT"] = pd.Series("?", index=full.index, dtype=str)
        full["n"] = np.zeros(total, dtype=np.int64)
        full["incl"] = np.nan
        full["PRI"] = np.nan
        full["cases"] = pd.Series("", index=full.index, dtype=str)
        full.loc[rows.index, ["OUT", "n", "incl", "PRI", "cases"]] = rows[
            ["OUT", "n", "incl", "PRI", "cases"]
        ]
        for name in pvalues:
            full[name] = np.nan
            full.loc[rows.index, name] = rows[name]
        table = full[list(rows.columns)]
    else:
        table = rows[rows["OUT"] != "?"].copy()
    table = _sort(table, sort_by, decreasing, conds)
    if not show_cases:
        table = table.drop(columns="cases")

    return TruthTable(
        table=table,
        outcome=outcome.strip(),
        conditions=tuple(conds),
        levels=tuple(levels),
        kinds=kinds,
        incl_cut=(float(ic1), float(ic0)),
        n_cut=int(n_cut),
        pri_cut=float(pri_cut),
        rows=rows,
        data=data[list(conds)].copy(),
        outcome_membership=pd.Series(y, index=data.index.astype(str), name=outcome.strip()),
        complete=bool(complete),
        exclude=tuple(excl),
        inf_test=None if inf_test is None else ("binom", alpha),
    )


def _check_inf_test(inf_test: Any) -> float:
    """The significance level of R's ``inf.test = c("binom", alpha)``."""
    items = [inf_test] if isinstance(inf_test, str) else list(inf_test)
    expected = "'binom' or ('binom', alpha) with alpha in (0, 1)"
    if not items or items[0] != "binom" or len(items) > 2:
        raise QCAError(f"argument 'inf_test': expected {expected}, found {inf_test!r}")
    alpha = 0.05 if len(items) == 1 else items[1]
    try:
        alpha = float(alpha)
    except (TypeError, ValueError):
        raise QCAError(f"argument 'inf_test': expected {expected}, found {inf_test!r}") from None
    if not 0 < alpha < 1:
        raise QCAError(f"argument 'inf_test': expected {expected}, found alpha {alpha:g}")
    return alpha


def _binomial_out(
    n: np.ndarray,
    incl: np.ndarray,
    ok: np.ndarray,
    ic1: float,
    ic0: float,
    alpha: float,
    out: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """p-values of the one-sided binomial test per row and the ``OUT`` it gives (R)."""
    from scipy.stats import binom

    success = np.round(n * np.nan_to_num(incl)).astype(np.int64)
    # P(X >= s) for X ~ Binomial(n, p): the survival function at s - 1
    pval1 = np.where(ok, binom.sf(success - 1, n, ic1), np.nan)
    result = {"pval1": pval1}
    new = out.copy()
    new[ok] = np.where(pval1[ok] < alpha, "1", "0")
    if ic0 != ic1:
        pval0 = np.where(ok, binom.sf(success - 1, n, ic0), np.nan)
        result["pval0"] = pval0
        new[ok & ~(pval1 < alpha) & (pval0 < alpha)] = "C"
    return result, new


def _with_out(tt: TruthTable, row_numbers: Sequence[int], out: str = "0") -> TruthTable:
    """A copy of ``tt`` with ``OUT`` set to ``out`` on the given rows (R row numbers).

    Rows that are not observed are added (``n`` 0, no fit), as ``exclude`` adds them; the shown
    table keeps its order, with added rows after the others (all rows for a complete table).
    """
    rows_wanted = sorted({int(r) for r in row_numbers})
    if not rows_wanted:
        return tt
    lv = np.array(tt.levels, dtype=np.int64)
    rows = tt.rows.copy()
    missing = [r for r in rows_wanted if r not in rows.index]
    if missing:
        extra = pd.DataFrame(
            _decode_rows(np.array(missing, dtype=np.int64) - 1, lv),
            columns=list(tt.conditions),
            index=pd.Index(np.array(missing, dtype=np.int64)),
        )
        extra["OUT"] = pd.Series(out, index=extra.index, dtype=str)
        extra["n"] = np.zeros(len(missing), dtype=np.int64)
        extra["incl"] = np.nan
        extra["PRI"] = np.nan
        extra["cases"] = pd.Series("", index=extra.index, dtype=str)
        rows = pd.concat([rows, extra]).sort_index()
    rows.loc[rows_wanted, "OUT"] = out
    table = tt.table.copy()
    shown = [r for r in rows_wanted if r in table.index]
    table.loc[shown, "OUT"] = out
    added = [r for r in rows_wanted if r not in table.index]
    if added:
        extra = rows.loc[added, [c for c in table.columns if c in rows.columns]]
        table = pd.concat([table, extra])
    return dataclasses.replace(
        tt,
        table=table,
        rows=rows,
        exclude=tuple(sorted(set(tt.exclude) | set(rows_wanted))) if out == "0" else tt.exclude,
    )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where(np.abs(den) <= 1e-12, np.where(np.abs(num) <= 1e-12, 0.0, np.nan), out)


def _fuzzy_row_sums(
    obs_codes: np.ndarray, vals: np.ndarray, dcs: np.ndarray, fuzzy: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sum(min(row, Y)), sum(min(row, Y, 1 - Y)) and sum(row) for every observed row."""
    nrow, ncond = obs_codes.shape
    ycap = np.minimum(y, 1.0 - y)
    ysum = np.empty(nrow)
    yneg = np.empty(nrow)
    sx = np.empty(nrow)
    chunk = max(1, int(4_000_000 // max(1, vals.shape[0])))
    for start in range(0, nrow, chunk):
        codes = obs_codes[start : start + chunk]
        mem = np.ones((len(codes), vals.shape[0]))
        for j in range(ncond):
            x = vals[:, j]
            if fuzzy[j]:
                m = np.where(codes[:, j : j + 1] == 1, x[None, :], 1.0 - x[None, :])
            else:
                m = (codes[:, j : j + 1] == x[None, :]).astype(float)
            m[:, dcs[:, j]] = 1.0
            np.minimum(mem, m, out=mem)
        ysum[start : start + chunk] = np.minimum(mem, y).sum(axis=1)
        yneg[start : start + chunk] = np.minimum(mem, ycap).sum(axis=1)
        sx[start : start + chunk] = mem.sum(axis=1)
    return ysum, yneg, sx


def _decode_rows(index0: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Condition values of 0-based row indices (first condition varies slowest)."""
    out = np.zeros((len(index0), len(levels)), dtype=np.int64)
    rest = np.asarray(index0, dtype=np.int64).copy()
    for j in range(len(levels) - 1, -1, -1):
        out[:, j] = rest % levels[j]
        rest //= levels[j]
    return out


def _check_cuts(
    incl_cut: float | Sequence[float], n_cut: int, pri_cut: float
) -> tuple[float, float]:
    if isinstance(incl_cut, (int, float, np.integer, np.floating)) and not isinstance(
        incl_cut, bool
    ):
        cuts = [float(incl_cut)]
    else:
        try:
            cuts = [float(v) for v in incl_cut]  # type: ignore[union-attr]
        except (TypeError, ValueError):
            raise QCAError(
                f"argument 'incl_cut': expected a number in [0, 1] or a pair (ic1, ic0), found {incl_cut!r}"
            ) from None
    if not 1 <= len(cuts) <= 2:
        raise QCAError(f"argument 'incl_cut': expected one or two numbers, found {len(cuts)}")
    for v in cuts:
        if not 0 <= v <= 1 or np.isnan(v):
            raise QCAError(f"argument 'incl_cut': expected values in [0, 1], found {v:g}")
    ic1 = cuts[0]
    ic0 = cuts[1] if len(cuts) == 2 else ic1
    if ic0 > ic1:
        raise QCAError(
            f"argument 'incl_cut': the second cut-off (contradictions, {ic0:g}) must not exceed "
            f"the first ({ic1:g})"
        )
    if isinstance(n_cut, bool) or not isinstance(n_cut, (int, np.integer)) or n_cut < 1:
        raise QCAError(f"argument 'n_cut': expected an integer of at least 1, found {n_cut!r}")
    if (
        isinstance(pri_cut, bool)
        or not isinstance(pri_cut, (int, float, np.integer, np.floating))
        or not 0 <= float(pri_cut) <= 1
    ):
        raise QCAError(f"argument 'pri_cut': expected a number in [0, 1], found {pri_cut!r}")
    return ic1, ic0


def _resolve_conditions(
    conditions: Sequence[str] | str | None, data: pd.DataFrame, outcome: str
) -> list[str]:
    if conditions is None:
        conds = [str(c) for c in data.columns if c != outcome]
    else:
        if isinstance(conditions, str):
            conds = [c.strip() for c in conditions.split(",") if c.strip()]
        else:
            conds = [str(c) for c in conditions]
    if not conds:
        raise QCAError("argument 'conditions': expected at least one condition, found none")
    for c in conds:
        if c not in data.columns:
            raise QCAError(
                f"argument 'conditions': column {c!r} is not in the data "
                f"(columns: {', '.join(map(str, data.columns))})"
            )
        if c == outcome:
            raise QCAError(f"argument 'conditions': the outcome {c!r} cannot also be a condition")
    dup = [c for c in conds if conds.count(c) > 1]
    if dup:
        raise QCAError(f"argument 'conditions': {dup[0]!r} is listed twice")
    return conds


def _check_exclude(exclude: Sequence[int] | None, total: int) -> list[int]:
    if exclude is None:
        return []
    out = []
    for r in exclude:
        if isinstance(r, bool) or not isinstance(r, (int, np.integer)) or not 1 <= int(r) <= total:
            raise QCAError(
                f"argument 'exclude': expected row numbers between 1 and {total}, found {r!r}"
            )
        out.append(int(r))
    return sorted(set(out))


def _sort(
    table: pd.DataFrame, sort_by: str | Sequence[str] | None, decreasing: bool, conds: Sequence[str]
) -> pd.DataFrame:
    if sort_by is None or sort_by == "":
        return table.sort_index()
    keys = [s.strip() for s in sort_by.split(",")] if isinstance(sort_by, str) else list(sort_by)
    allowed = [*_SORTABLE, *conds]
    for k in keys:
        if k not in allowed:
            raise QCAError(
                f"argument 'sort_by': expected column names among {', '.join(allowed)}, found {k!r}"
            )
    table = table.sort_index()
    frame = table[keys].copy()
    if "OUT" in keys:
        frame["OUT"] = frame["OUT"].map({"1": 3, "C": 2, "0": 1, "?": 0})
    remainder = (table["OUT"] == "?").to_numpy()
    order = np.arange(len(table))
    for k in reversed(keys):
        col = frame[k].to_numpy(dtype=float)[order]
        col = np.where(np.isnan(col), -np.inf, col)
        idx = np.argsort(-col if decreasing else col, kind="stable")
        order = order[idx]
    order = order[np.argsort(remainder[order], kind="stable")]
    return table.iloc[order]
