"""Case selection for within-case study after a QCA (SetMethods ``smmr``).

Set-theoretic multi-method research (Schneider & Rohlfing 2013; Schneider 2021) picks cases
for process tracing from the QCA result. For a sufficient solution S (terms X) and outcome Y,
a case is

- **typical** for a term when it is in the term and in the outcome and consistent in degree
  (X > 0.5, Y > 0.5, X <= Y): the place to trace the mechanism;
- **deviant for consistency** when it is in a term but not in the outcome (X > 0.5, Y < 0.5):
  the place to look for what the term misses;
- **deviant for coverage** when it shows the outcome without any term (S < 0.5, Y > 0.5): the
  place to look for a missing path;
- **individually irrelevant (IIR)** when it is neither in the solution nor in the outcome
  (S < 0.5, Y < 0.5): useful only as a contrast in a matched pair.

:func:`smmr` ranks the cases of each type, and the pairs for comparison, by SetMethods' "Best"
scores (lower is better). :func:`case_types` gives the type of every case, for tables and for
:func:`~smartcase.qca.xy_plot_case_types`.

References
----------
Schneider, C. Q. (2021). *Set-theoretic multi-method research: A guide to combining QCA and
case studies*. Cambridge University Press. Oana, I.-E., Schneider, C. Q., & Thomann, E. (2021).
*Qualitative comparative analysis using R*. Cambridge University Press, ch. 7.

Examples
--------
In R: ``smmr(results = sol, outcome = "SURV", match = FALSE, cases = 1)``.

>>> from smartcase.qca.datasets import load_dataset
>>> from smartcase.qca import truth_table, minimize, smmr, case_types
>>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
>>> smmr(sol, cases=1)["Typical Cases"][["Case", "Term", "Best", "MostTyp"]].head(3)
  Case      Term  Best  MostTyp
0   IE  DEV*~IND  0.68     True
1   FI  DEV*~IND  0.80    False
2   BE   URB*STB  0.23     True
>>> case_types(sol)["type"].value_counts().to_dict()
{'individually irrelevant': 10, 'typical': 3, 'deviant in degree': 3, 'deviant coverage': 2}
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError

__all__ = ["smmr", "case_types", "CASE_TYPES"]

#: Case types of :func:`case_types`, in the order tables and plots show them.
CASE_TYPES: tuple[str, ...] = (
    "typical",
    "deviant in degree",
    "deviant consistency",
    "deviant coverage",
    "individually irrelevant",
)


# =========================================================================== helpers
def _rkey(text: Any) -> tuple:
    """Sort key for strings as R sorts them in an English UTF-8 locale.

    Signs come before digits and digits before letters; letters compare without case first
    (``"~EMP*OCCUP" < "~OCCUP" < "BARGAIN"``), then case decides (lower case first).
    """
    s = unicodedata.normalize("NFKD", str(text))
    primary = tuple(
        (2, ch.casefold()) if ch.isalpha() else (1, ch) if ch.isdigit() else (0, ch) for ch in s
    )
    return (primary, tuple(not ch.islower() for ch in s))


# the keys are lambdas binding a loop variable by a default argument (r, c=...), hence `...`
def _sort(rows: list[dict], key: Callable[..., tuple]) -> list[dict]:
    return sorted(rows, key=key)  # stable, as R's order()


def _frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=list(columns))


def _summary(a: bool, b: bool, first: str = "typ1", second: str = "typ2") -> str:
    if a and b:
        return "both"
    if a:
        return first
    if b:
        return second
    return "none"


@dataclass
class _Ctx:
    cases: list[str]
    terms: list[str]
    term_objs: list[Any]
    x: dict[str, np.ndarray]
    s: np.ndarray
    y: np.ndarray
    cond: pd.DataFrame
    conditions: list[str]

    @property
    def n(self) -> int:
        return len(self.cases)

    def tt_config(self) -> np.ndarray:
        """The case's truth-table row: 1 above 0.5, 0 below (0.5 stays 0.5), per condition."""
        c = self.cond[self.conditions].to_numpy(dtype=float)
        return np.where(c < 0.5, 0.0, np.where(c > 0.5, 1.0, c))

    def tt_row(self) -> np.ndarray:
        """Membership in the case's own truth-table row (rounded to 3 decimals, as R)."""
        c = self.cond[self.conditions].to_numpy(dtype=float)
        return np.round(np.min(np.where(c < 0.5, 1 - c, c), axis=1), 3)


def _context(solution: Any, model: int) -> _Ctx:
    from .minimization import Solution
    from .term_memberships import pimdata

    if not isinstance(solution, Solution):
        raise ArgumentError("solution", type(solution).__name__, "a Solution from minimize()")
    if solution._ctx is None:
        raise ArgumentError("solution", "a Solution without its data", "a result of minimize()")
    tt = solution._ctx.tt
    mv = [c for c, k in tt.kinds.items() if k == "multivalue"]
    if mv:
        raise QCAError(f"case selection needs crisp or fuzzy conditions; {mv[0]!r} is multi-value")
    table = pimdata(solution, model=model)
    terms = [str(c) for c in table.columns[:-2]]
    return _Ctx(
        cases=[str(i) for i in table.index],
        terms=terms,
        term_objs=list(solution.models[model].terms),
        x={t: table[t].to_numpy(dtype=float) for t in terms},
        s=table["solution_formula"].to_numpy(dtype=float),
        y=table["out"].to_numpy(dtype=float),
        cond=tt.data,
        conditions=list(tt.conditions),
    )


# =========================================================================== case types
def case_types(solution: Any, *, model: int = 0) -> pd.DataFrame:
    """The type of every case for a sufficient solution (typical, deviant, irrelevant).

    Parameters
    ----------
    solution : Solution
        A result of :func:`~smartcase.qca.minimize`.
    model : int, default 0
        The model (counted from 0).

    Returns
    -------
    DataFrame
        Indexed by case: one column per term, ``solution`` (S), ``outcome`` (Y), ``type``
        (one of :data:`CASE_TYPES`, or ``""`` for a case at exactly 0.5) and ``terms`` (the
        terms the case is typical for, joined by ``"; "``).

    Raises
    ------
    ArgumentError
        Not a Solution; a model out of range.

    Notes
    -----
    S > 0.5, Y > 0.5 and S <= Y: typical; S > 0.5, Y > 0.5, S > Y: deviant in degree
    (in the solution and the outcome, but the outcome is weaker than the solution, so the case
    counts against consistency; SetMethods does not call it typical); S > 0.5, Y < 0.5:
    deviant consistency (in kind); S < 0.5, Y > 0.5: deviant coverage; S < 0.5, Y < 0.5:
    individually irrelevant.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, case_types
    >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    >>> case_types(sol).loc[["BE", "CZ", "FR", "AU"], ["solution", "outcome", "type"]]
        solution  outcome                     type
    BE      0.89     0.95                  typical
    CZ      0.91     0.89        deviant in degree
    FR      0.19     0.95         deviant coverage
    AU      0.27     0.05  individually irrelevant
    """
    ctx = _context(solution, model)
    s, y = ctx.s, ctx.y
    kinds = np.full(ctx.n, "", dtype=object)
    kinds[(s > 0.5) & (y > 0.5) & (s <= y)] = "typical"
    kinds[(s > 0.5) & (y > 0.5) & (s > y)] = "deviant in degree"
    kinds[(s > 0.5) & (y < 0.5)] = "deviant consistency"
    kinds[(s < 0.5) & (y > 0.5)] = "deviant coverage"
    kinds[(s < 0.5) & (y < 0.5)] = "individually irrelevant"
    out = pd.DataFrame(ctx.x, index=pd.Index(ctx.cases))
    out["solution"] = s
    out["outcome"] = y
    out["type"] = kinds
    out["terms"] = [
        "; ".join(t for t in ctx.terms if ctx.x[t][i] > 0.5 and y[i] > 0.5 and ctx.x[t][i] <= y[i])
        for i in range(ctx.n)
    ]
    return out


# =========================================================================== sufficiency, single
def _typical_rows(ctx: _Ctx) -> list[dict]:
    """SetMethods' cases.suf.typ: typical cases per term."""
    rows: list[dict] = []
    for t in ctx.terms:
        x, y = ctx.x[t], ctx.y
        idx = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        best = 2 * (y[idx] - x[idx]) + (1 - x[idx])
        lowest = best.min() if idx.size else np.nan
        for k in np.argsort(best, kind="stable"):
            i = idx[k]
            rows.append(
                {
                    "Case": ctx.cases[i],
                    "i": i,
                    "Term": t,
                    "TermMemb": x[i],
                    "Outcome": y[i],
                    "Best": best[k],
                    "MostTyp": bool(best[k] == lowest),
                }
            )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["Case"]] = counts.get(r["Case"], 0) + 1
    for r in rows:
        r["UniqCov"] = counts[r["Case"]] == 1
    return _sort(rows, lambda r: (_rkey(r["Term"]), not r["UniqCov"], r["Best"], r["TermMemb"]))


_TYP_COLUMNS = ["Case", "Term", "TermMemb", "Outcome", "UniqCov", "Best", "MostTyp"]


def _dcn_rows(ctx: _Ctx) -> list[dict]:
    rows: list[dict] = []
    for t in ctx.terms:
        x, y = ctx.x[t], ctx.y
        idx = np.flatnonzero((x > 0.5) & (y < 0.5))
        best = (1 - (x[idx] - y[idx])) + (1 - x[idx])
        lowest = best.min() if idx.size else np.nan
        for k in np.argsort(best, kind="stable"):
            i = idx[k]
            rows.append(
                {
                    "Case": ctx.cases[i],
                    "Term": t,
                    "TermMemb": x[i],
                    "Outcome": y[i],
                    "Best": best[k],
                    "MostDCONS": bool(best[k] == lowest),
                }
            )
    # R rounds Best and the membership to 3 decimals before the final ordering
    return _sort(rows, lambda r: (_rkey(r["Term"]), round(r["Best"], 3), round(r["TermMemb"], 3)))


def _tt_columns(ctx: _Ctx, config: np.ndarray, i: int | np.integer) -> dict[str, float]:
    return {f"TT_{c}": config[i, k] for k, c in enumerate(ctx.conditions)}


def _dcv_rows(ctx: _Ctx) -> tuple[list[dict], list[str]]:
    config, w = ctx.tt_config(), ctx.tt_row()
    tt_cols = [f"TT_{c}" for c in ctx.conditions]
    idx = np.flatnonzero((ctx.s < 0.5) & (ctx.y > 0.5))
    rows = []
    for i in idx:
        rows.append(
            {
                "Case": ctx.cases[i],
                "Sol": ctx.s[i],
                **_tt_columns(ctx, config, i),
                "TT_row": w[i],
                "Outcome": ctx.y[i],
                "TT<=Y": bool(w[i] <= round(ctx.y[i], 3)),
                "Best": round(1 - w[i], 3),
            }
        )
    rows = _sort(rows, lambda r: _rkey(r["Case"]))  # R's merge sorts by case
    rows = _sort(rows, lambda r: (tuple(r[c] for c in tt_cols), r["Best"]))
    lowest: dict[tuple, float] = {}
    for r in rows:
        key = tuple(r[c] for c in tt_cols)
        lowest[key] = min(lowest.get(key, np.inf), r["Best"])
    for r in rows:
        r["MostDCOV"] = bool(r["Best"] == lowest[tuple(r[c] for c in tt_cols)])
    rows = _sort(rows, lambda r: (tuple(r[c] for c in tt_cols), not r["TT<=Y"], r["Best"]))
    return rows, ["Case", "Sol", *tt_cols, "TT_row", "Outcome", "TT<=Y", "Best", "MostDCOV"]


def _iir_rows(ctx: _Ctx) -> tuple[list[dict], list[str]]:
    config, w = ctx.tt_config(), ctx.tt_row()
    tt_cols = [f"TT_{c}" for c in ctx.conditions]
    idx = np.flatnonzero((ctx.s < 0.5) & (ctx.y < 0.5))
    rows = [
        {
            "Case": ctx.cases[i],
            "Sol": ctx.s[i],
            **_tt_columns(ctx, config, i),
            "TT_row": w[i],
            "Outcome": ctx.y[i],
        }
        for i in idx
    ]
    rows = _sort(rows, lambda r: _rkey(r["Case"]))
    rows = _sort(rows, lambda r: tuple(r[c] for c in tt_cols))
    return rows, ["Case", "Sol", *tt_cols, "TT_row", "Outcome"]


def _term_index(ctx: _Ctx, term: int | str) -> int:
    if isinstance(term, str):
        wanted = term.replace(" ", "")
        for k, t in enumerate(ctx.terms):
            if t.replace(" ", "") == wanted:
                return k
        raise ArgumentError(
            "term", repr(term), "a term of the model (" + ", ".join(ctx.terms) + ")"
        )
    if (
        isinstance(term, bool)
        or not isinstance(term, (int, np.integer))
        or not (0 <= int(term) < len(ctx.terms))
    ):
        raise ArgumentError(
            "term",
            repr(term),
            f"a term number from 0 to {len(ctx.terms) - 1} (counted from 0) or a term "
            "(" + ", ".join(ctx.terms) + ")",
        )
    return int(term)


def _nec_literals(nec_cond: Any) -> set[str]:
    if nec_cond is None:
        return set()
    if isinstance(nec_cond, str):
        parts = nec_cond.replace("*", "+").split("+")
    elif isinstance(nec_cond, Sequence):
        parts = [str(p) for p in nec_cond]
    else:
        raise ArgumentError("nec_cond", repr(nec_cond), "conditions as text, e.g. 'STOCK+MA'")
    return {p.strip().replace(" ", "") for p in parts if p.strip()}


@dataclass
class _Conjunct:
    name: str
    fc: np.ndarray
    cc_min: np.ndarray  # NaN for a one-literal term
    cc_max: np.ndarray
    others: np.ndarray  # (n_others, n)
    term: np.ndarray
    necessary: bool


def _conjuncts(ctx: _Ctx, k: int, nec: set[str]) -> list[_Conjunct]:
    term = ctx.term_objs[k]
    lits = list(term.literals)
    values = [np.asarray(lit.membership(ctx.cond), dtype=float) for lit in lits]
    out = []
    for j, lit in enumerate(lits):
        others = np.array([v for q, v in enumerate(values) if q != j])
        if len(others):
            cc_min, cc_max = others.min(axis=0), others.max(axis=0)
            tm = np.minimum(cc_min, values[j])
        else:
            cc_min = cc_max = np.full(ctx.n, np.nan)
            tm = values[j]
        out.append(_Conjunct(str(lit), values[j], cc_min, cc_max, others, tm, str(lit) in nec))
    return out


def _fc_flags(cj: _Conjunct, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank, CleanCorr and the consistency flag of the focal conjunct, per case."""
    fc = cj.fc
    if cj.others.size == 0:
        rank = np.ones(fc.size)
        clean = np.ones(fc.size, dtype=bool)
    elif cj.necessary:
        rank = np.where(fc >= cj.cc_max, 1.0, 2.0)
        clean_rank1 = np.all((cj.others >= fc) | (cj.others < y), axis=0)
        clean = np.where(rank == 1, clean_rank1, True)
    else:
        rank = np.where(fc < cj.cc_min, 1.0, 2.0)
        clean = (cj.cc_min < np.minimum(fc, y)) | (cj.cc_min > np.maximum(fc, y))
    cons = fc >= y if cj.necessary else fc <= y
    return rank, clean.astype(bool), cons


def _most_typical_by_term(typ_rows: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in typ_rows:
        if r["MostTyp"]:
            out.setdefault(r["Term"], set()).add(r["Case"])
    return out


def _fct_blocks(ctx: _Ctx, k: int, nec: set[str], max_pairs: int | None) -> dict[str, pd.DataFrame]:
    """SetMethods' cases.suf.typ.fct: typical cases for each focal conjunct of term k."""
    y = ctx.y
    most_term = _most_typical_by_term(_typical_rows(ctx)).get(ctx.terms[k], set())
    others = [ctx.x[t] for q, t in enumerate(ctx.terms) if q != k]
    blocks = {}
    for cj in _conjuncts(ctx, k, nec):
        title = (
            f"Typical Cases - Necessary Focal Conjunct {cj.name}"
            if cj.necessary
            else f"Typical Cases - Focal Conjunct {cj.name}"
        )
        cons_col = "FC>=Y" if cj.necessary else "FC<=Y"
        idx = np.flatnonzero((cj.term > 0.5) & (y > 0.5) & (cj.term <= y))
        rank, clean, cons = _fc_flags(cj, y)
        best = 2 * np.abs(y - cj.fc) + (1 - cj.term)
        lowest = best[idx].min() if idx.size else np.nan
        rows = []
        for i in idx:
            rows.append(
                {
                    "Case": ctx.cases[i],
                    "FC": cj.fc[i],
                    "Outcome": y[i],
                    "CC_Min": cj.cc_min[i],
                    "Term": cj.term[i],
                    "Rank": int(rank[i]),
                    "CleanCorr": bool(clean[i]),
                    cons_col: bool(cons[i]),
                    "UniqCov": not any(o[i] > 0.5 for o in others),
                    "Best": best[i],
                    "MostTypFC": bool(best[i] == lowest),
                    "MostTypTerm": ctx.cases[i] in most_term,
                }
            )
        rows = _sort(
            rows,
            lambda r, c=cons_col: (
                r["Rank"],
                not r["CleanCorr"],
                not r[c],
                not r["UniqCov"],
                r["Best"],
                not r["MostTypFC"],
                not r["MostTypTerm"],
            ),
        )
        if max_pairs is not None:
            rows = rows[:max_pairs]
        blocks[title] = _frame(
            rows,
            [
                "Case",
                "FC",
                "Outcome",
                "CC_Min",
                "Term",
                "Rank",
                "CleanCorr",
                cons_col,
                "UniqCov",
                "Best",
                "MostTypFC",
                "MostTypTerm",
            ],
        )
    return blocks


# =========================================================================== sufficiency, pairs
def _pair_typtyp_fc(ctx: _Ctx, k: int, nec: set[str], max_pairs: int) -> dict[str, pd.DataFrame]:
    y = ctx.y
    typ_rows = _typical_rows(ctx)
    uniq = {r["Case"] for r in typ_rows if r["UniqCov"]}
    most_term = _most_typical_by_term(typ_rows).get(ctx.terms[k], set())
    fct = _fct_blocks(ctx, k, nec, None)
    blocks = {}
    for cj, (_title, table) in zip(_conjuncts(ctx, k, nec), fct.items(), strict=True):
        most_fc = set(table.loc[table["MostTypFC"], "Case"])
        rank, clean, cons = _fc_flags(cj, y)
        cc = np.nan_to_num(cj.cc_min, nan=0.0)
        fc, tm = cj.fc, cj.term
        ty = np.flatnonzero((tm > 0.5) & (y > 0.5) & (tm <= y))
        typicality = 2 * (y - tm) + (1 - tm)
        rows = []
        for j, i in product(ty, ty):  # R's expand.grid: the first varies fastest
            if i == j or not typicality[i] <= typicality[j]:
                continue
            best = (
                (0.5 - (fc[i] - fc[j]))
                + (0.5 - (y[i] - y[j]))
                + abs(cc[i] - cc[j])
                + 2 * abs(y[i] - fc[i])
                + 2 * abs(y[j] - fc[j])
            )
            pair_rank = {(1, 1): 1, (1, 2): 2, (2, 1): 3, (2, 2): 4}[(int(rank[i]), int(rank[j]))]
            ci, cj_ = ctx.cases[i], ctx.cases[j]
            rows.append(
                {
                    "TYP1": ci,
                    "TYP2": cj_,
                    "PairRank": pair_rank,
                    "CleanCorr": _summary(bool(clean[i]), bool(clean[j])),
                    "FC<=Y": _summary(bool(cons[i]), bool(cons[j])),
                    "UniqCov": _summary(ci in uniq, cj_ in uniq),
                    "Best": round(best, 3),
                    "MostTypFC": _summary(ci in most_fc, cj_ in most_fc),
                    "MostTypTerm": _summary(ci in most_term, cj_ in most_term),
                    "_k": (
                        pair_rank,
                        not clean[i],
                        not clean[j],
                        not cons[i],
                        not cons[j],
                        ci not in uniq,
                        cj_ not in uniq,
                        round(best, 3),
                    ),
                }
            )
        rows = _sort(rows, lambda r: r["_k"])[:max_pairs]
        blocks[f"Focal Conjunct {cj.name}"] = _frame(
            rows,
            [
                "TYP1",
                "TYP2",
                "PairRank",
                "CleanCorr",
                "FC<=Y",
                "UniqCov",
                "Best",
                "MostTypFC",
                "MostTypTerm",
            ],
        )
    return blocks


def _iir_pair_rank(fc_t: float, cc_t: float, fc_i: float, cc_i: float) -> int:
    """SetMethods' rank of a typical-IIR pair (1 best): where each case's FC lies."""
    t_low = fc_t < cc_t  # the typical case's FC is its lowest conjunct
    if fc_i < 0.5 and cc_i >= 0.5:  # the IIR case is out of the term because of the FC only
        return 1 if t_low else 2
    if fc_i < 0.5 and cc_i < 0.5:
        if cc_i > fc_i:
            return 3 if t_low else 5
        return 4 if t_low else 6
    return 7 if t_low else 8  # FC >= 0.5: out because of the other conjuncts


def _pair_typiir_fc(ctx: _Ctx, k: int, nec: set[str], max_pairs: int) -> dict[str, pd.DataFrame]:
    y, s = ctx.y, ctx.s
    typ_rows = _typical_rows(ctx)
    uniq = {r["Case"] for r in typ_rows if r["UniqCov"]}
    most_term = _most_typical_by_term(typ_rows).get(ctx.terms[k], set())
    fct = _fct_blocks(ctx, k, nec, None)
    blocks = {}
    for cj, (_title, table) in zip(_conjuncts(ctx, k, nec), fct.items(), strict=True):
        most_fc = set(table.loc[table["MostTypFC"], "Case"])
        rank, clean, cons = _fc_flags(cj, y)
        single = cj.others.size == 0
        cc = np.zeros(ctx.n) if single else cj.cc_min
        fc, tm = cj.fc, cj.term
        ty = np.flatnonzero((tm > 0.5) & (y > 0.5) & (tm <= y))
        ir = np.flatnonzero((tm < 0.5) & (y < 0.5))
        rows = []
        for j, i in product(ir, ty):
            best = (
                (1 - (fc[i] - fc[j]))
                + (1 - (y[i] - y[j]))
                + abs(cc[i] - cc[j])
                + 2 * abs(y[i] - fc[i])
                + abs(y[j] - fc[j])
            )
            pr = np.nan if single else _iir_pair_rank(fc[i], cc[i], fc[j], cc[j])
            ci, cj_ = ctx.cases[i], ctx.cases[j]
            rows.append(
                {
                    "TYP": ci,
                    "IIR": cj_,
                    "PairRank": pr,
                    "CleanCorr": _summary(bool(clean[i]), bool(clean[j]), "typ", "iir"),
                    "FC<=Y": _summary(bool(cons[i]), bool(cons[j]), "typ", "iir"),
                    "UniqCov": ci in uniq,
                    "GlobUncov": bool(s[j] < 0.5),
                    "Best": round(best, 3),
                    "MostTypFC": ci in most_fc,
                    "MostTypTerm": ci in most_term,
                    "_k": (
                        0 if single else pr,
                        not clean[i],
                        not clean[j],
                        not cons[i],
                        not cons[j],
                        ci not in uniq,
                        not s[j] < 0.5,
                        round(best, 3),
                    ),
                }
            )
        rows = _sort(rows, lambda r: r["_k"])[:max_pairs]
        blocks[f"Focal Conjunct {cj.name}"] = _frame(
            rows,
            [
                "TYP",
                "IIR",
                "PairRank",
                "CleanCorr",
                "FC<=Y",
                "UniqCov",
                "GlobUncov",
                "Best",
                "MostTypFC",
                "MostTypTerm",
            ],
        )
    return blocks


def _pair_typdcn(ctx: _Ctx, max_pairs: int) -> dict[str, pd.DataFrame]:
    y = ctx.y
    most_term = _most_typical_by_term(_typical_rows(ctx))
    most_dcn: dict[str, set[str]] = {}
    for r in _dcn_rows(ctx):
        if r["MostDCONS"]:
            most_dcn.setdefault(r["Term"], set()).add(r["Case"])
    blocks = {}
    for t in ctx.terms:
        x = ctx.x[t]
        ty = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        dc = np.flatnonzero((x > 0.5) & (y < 0.5))
        rows = []
        for d, i in product(dc, ty):
            best = abs(x[i] - x[d]) + (1 - (y[i] - y[d])) + (1 - x[i]) + (1 - x[d])
            rows.append(
                {
                    "TYP": ctx.cases[i],
                    "DCONS": ctx.cases[d],
                    "raw": best,
                    "Best": round(best, 3),
                    "MostTypTerm": ctx.cases[i] in most_term.get(t, set()),
                    "MostDCONS": ctx.cases[d] in most_dcn.get(t, set()),
                }
            )
        rows = _sort(rows, lambda r: r["raw"])
        rows = _sort(rows, lambda r: (r["Best"], not r["MostTypTerm"], not r["MostDCONS"]))
        blocks[f"Term {t}"] = _frame(
            rows[:max_pairs], ["TYP", "DCONS", "Best", "MostTypTerm", "MostDCONS"]
        )
    return blocks


def _pair_dcviir(ctx: _Ctx, max_pairs: int) -> dict[str, pd.DataFrame]:
    y, s = ctx.y, ctx.s
    c = ctx.cond[ctx.conditions].to_numpy(dtype=float)
    w = np.min(np.where(c <= 0.5, 1 - c, c), axis=1)
    rounded = np.round(c)  # R's round(): halves to even, so 0.5 -> 0
    tt_cols = [f"TT_{name}" for name in ctx.conditions]
    dv = np.flatnonzero((s < 0.5) & (y > 0.5))
    ir = np.flatnonzero((s < 0.5) & (y < 0.5))
    rows = []
    for j, i in product(ir, dv):
        if not np.array_equal(rounded[i], rounded[j]):
            continue
        best = abs(w[i] - w[j]) + (1 - (y[i] - y[j])) + (1 - w[i]) + (1 - w[j])
        rows.append(
            {
                "DCOV": ctx.cases[i],
                "IIR": ctx.cases[j],
                **{col: int(rounded[i, q]) for q, col in enumerate(tt_cols)},
                "TT_DCV<=Y": bool(w[i] <= y[i]),
                "raw": best,
                "Best": round(best, 3),
                "_row": "".join(str(int(v)) for v in rounded[i]),
            }
        )
    rows = _sort(rows, lambda r: _rkey(r["DCOV"]))  # R's merge sorts by the DCOV case
    rows = _sort(rows, lambda r: r["_row"])
    out: list[dict] = []
    for row in dict.fromkeys(r["_row"] for r in rows):
        group = [r for r in rows if r["_row"] == row]
        out.extend(_sort(group, lambda r: (not r["TT_DCV<=Y"], r["raw"]))[:max_pairs])
    return {
        "Matching Deviant Coverage-IIR Cases": _frame(
            out, ["DCOV", "IIR", *tt_cols, "TT_DCV<=Y", "Best"]
        )
    }


def _pair_typtyp(ctx: _Ctx, max_pairs: int) -> dict[str, pd.DataFrame]:
    y = ctx.y
    typ_rows = _typical_rows(ctx)
    uniq = {r["Case"] for r in typ_rows if r["UniqCov"]}
    most = {r["Case"] for r in typ_rows if r["MostTyp"]}
    blocks = {}
    for t in ctx.terms:
        x = ctx.x[t]
        ty = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        typicality = 2 * (y - x) + (1 - x)
        rows = []
        for j, i in product(ty, ty):
            if i == j or not typicality[i] <= typicality[j]:
                continue
            best = (
                (0.5 - (x[i] - x[j]))
                + (0.5 - (y[i] - y[j]))
                + 2 * abs(y[i] - x[i])
                + 2 * abs(y[j] - x[j])
            )
            a, b = ctx.cases[i], ctx.cases[j]
            rows.append(
                {
                    "TYP1": a,
                    "TYP2": b,
                    "UniqCov": _summary(a in uniq, b in uniq),
                    "Best": round(best, 3),
                    "MostTyp": _summary(a in most, b in most),
                    "_k": (
                        a not in uniq,
                        b not in uniq,
                        round(best, 3),
                        a not in most,
                        b not in most,
                    ),
                }
            )
        rows = _sort(rows, lambda r: r["_k"])[:max_pairs]
        blocks[f"Term {t}"] = _frame(rows, ["TYP1", "TYP2", "UniqCov", "Best", "MostTyp"])
    return blocks


def _pair_typiir(ctx: _Ctx, max_pairs: int) -> dict[str, pd.DataFrame]:
    y, s = ctx.y, ctx.s
    typ_rows = _typical_rows(ctx)
    uniq = {r["Case"] for r in typ_rows if r["UniqCov"]}
    most = {r["Case"] for r in typ_rows if r["MostTyp"]}
    blocks = {}
    for t in ctx.terms:
        x = ctx.x[t]
        ty = np.flatnonzero((x > 0.5) & (y > 0.5) & (x <= y))
        ir = np.flatnonzero((x < 0.5) & (y < 0.5))
        rows = []
        for j, i in product(ir, ty):
            best = (
                (1 - (x[i] - x[j]))
                + (1 - (y[i] - y[j]))
                + 2 * abs(y[i] - x[i])
                + 2 * abs(y[j] - x[j])
            )
            a, b = ctx.cases[i], ctx.cases[j]
            rows.append(
                {
                    "TYP": a,
                    "IIR": b,
                    "UniqCov": a in uniq,
                    "ConsIIR": bool(x[j] <= y[j]),
                    "GlobUncov": bool(s[j] < 0.5),
                    "raw": best,
                    "Best": round(best, 3),
                    "MostTyp": a in most,
                }
            )
        rows = _sort(rows, lambda r: r["raw"])
        rows = _sort(
            rows,
            lambda r: (
                not r["UniqCov"],
                not r["ConsIIR"],
                not r["GlobUncov"],
                r["Best"],
                not r["MostTyp"],
            ),
        )
        blocks[f"Term {t}"] = _frame(
            rows[:max_pairs], ["TYP", "IIR", "UniqCov", "ConsIIR", "GlobUncov", "Best", "MostTyp"]
        )
    return blocks


# =========================================================================== necessity
@dataclass
class _Nec:
    title: str
    n: np.ndarray
    others: list[np.ndarray]  # the other disjuncts of a union (empty for the union block)
    conditions: set[str]  # conditions the block's set names (kept out of pair TT rows)
    suin_part: bool  # a disjunct of a union of several


def _nec_sets(ctx: _Ctx, nec_cond: Any) -> list[_Nec]:
    from .expression import parse_expression

    if not isinstance(nec_cond, str) or not nec_cond.strip():
        raise ArgumentError(
            "nec_cond", repr(nec_cond), "the necessary condition(s), e.g. 'STOCK' or 'STOCK+MA'"
        )
    parts = [p.strip() for p in nec_cond.split("+") if p.strip()]
    values, conds = [], []
    for p in parts:
        try:
            expr = parse_expression(p)
        except QCAError as err:
            raise QCAError(f"argument 'nec_cond': {err}") from None
        missing = [c for c in expr.conditions if c not in ctx.cond.columns]
        if missing:
            raise QCAError(
                f"argument 'nec_cond': {missing[0]!r} is not a condition of the solution's "
                f"data ({', '.join(ctx.conditions)})"
            )
        values.append(expr.membership(ctx.cond).to_numpy(dtype=float))
        conds.append(set(expr.conditions))
    titles = [p.replace(" ", "") for p in parts]
    several = len(parts) > 1
    sets = [
        _Nec(titles[k], values[k], [v for q, v in enumerate(values) if q != k], conds[k], several)
        for k in range(len(parts))
    ]
    if several:
        union = np.maximum.reduce(values)
        sets.append(_Nec("+".join(titles), union, [], set().union(*conds), False))
    return sets


def _others_below(nec: _Nec, i: int | np.integer, level: float | None = None) -> bool:
    """Every other disjunct of the union below 0.5 (or below ``level``) for case i."""
    cut = 0.5 if level is None else level
    return all(o[i] < cut for o in nec.others)


def _nec_typical_rows(ctx: _Ctx, nec: _Nec) -> list[dict]:
    n, y = nec.n, ctx.y
    idx = np.flatnonzero((n > 0.5) & (y > 0.5) & (n >= y))
    best = 2 * np.abs(n - y) + (1 - n)
    lowest = best[idx].min() if idx.size else np.nan
    rows = [
        {
            "Case": ctx.cases[i],
            "i": i,
            "NecCond": n[i],
            "Outcome": y[i],
            "UniqCov": _others_below(nec, i),
            "Best": best[i],
            "MostTyp": bool(best[i] == lowest),
        }
        for i in idx
    ]
    return _sort(rows, lambda r: (not r["UniqCov"], r["Best"], not r["MostTyp"]))


def _nec_dcn_rows(ctx: _Ctx, nec: _Nec) -> tuple[list[dict], list[str]]:
    n, y = nec.n, ctx.y
    config, w = ctx.tt_config(), ctx.tt_row()
    tt_cols = [f"TT_{c}" for c in ctx.conditions]
    idx = np.flatnonzero((n < 0.5) & (y > 0.5) & (w > 0.5))
    rows = []
    for i in idx:
        row = {
            "Case": ctx.cases[i],
            "i": i,
            "NecCond": n[i],
            **_tt_columns(ctx, config, i),
            "TT_row": w[i],
            "Outcome": y[i],
            "Best": 1 - (y[i] - n[i]),
            "TT<=Y": bool(w[i] <= y[i]),
        }
        if nec.suin_part:
            row["GlobUncov"] = _others_below(nec, i)
        rows.append(row)
    rows = _sort(rows, lambda r: _rkey(r["Case"]))
    rows = _sort(rows, lambda r: (tuple(r[c] for c in tt_cols), r["Best"]))
    lowest: dict[tuple, float] = {}
    for r in rows:
        key = tuple(r[c] for c in tt_cols)
        lowest[key] = min(lowest.get(key, np.inf), r["Best"])
    for r in rows:
        r["MostDCONS"] = bool(r["Best"] == lowest[tuple(r[c] for c in tt_cols)])
    glob = ["GlobUncov"] if nec.suin_part else []
    rows = _sort(
        rows,
        lambda r: (
            tuple(r[c] for c in tt_cols),
            *(not r[g] for g in glob),
            not r["TT<=Y"],
            r["Best"],
        ),
    )
    return rows, [
        "Case",
        "NecCond",
        *tt_cols,
        "TT_row",
        "Outcome",
        *glob,
        "TT<=Y",
        "Best",
        "MostDCONS",
    ]


def _nec_drel_rows(ctx: _Ctx, nec: _Nec) -> list[dict]:
    n, y = nec.n, ctx.y
    idx = np.flatnonzero((n > 0.5) & (y < 0.5))
    best = (1 - (n - y)) + (1 - n)
    lowest = best[idx].min() if idx.size else np.nan
    rows = [
        {
            "Case": ctx.cases[i],
            "i": i,
            "NecCond": n[i],
            "Outcome": y[i],
            "Best": best[i],
            "MostDREL": bool(best[i] == lowest),
        }
        for i in idx
    ]
    return _sort(rows, lambda r: (r["Best"], not r["MostDREL"]))


def _nec_pairs(ctx: _Ctx, nec_cond: Any, kind: int, max_pairs: int) -> dict[str, pd.DataFrame]:
    y = ctx.y
    blocks = {}
    for nec in _nec_sets(ctx, nec_cond):
        n = nec.n
        typ = _nec_typical_rows(ctx, nec)
        ty = np.array(sorted(r["i"] for r in typ), dtype=int)
        most_typ = {r["Case"] for r in typ if r["MostTyp"]}
        rows: list[dict] = []
        if kind == 1:  # typical - deviant relevance
            drel = _nec_drel_rows(ctx, nec)
            most_d = {r["Case"] for r in drel if r["MostDREL"]}
            dr = np.array(sorted(r["i"] for r in drel), dtype=int)
            for d, t in product(dr, ty):
                best = round((1 - n[t]) + (1 - n[d]) + abs(1 - (y[t] - y[d])) + abs(n[t] - n[d]), 3)
                row = {
                    "TYP": ctx.cases[t],
                    "DREL": ctx.cases[d],
                    "Best": best,
                    "MostTyp": ctx.cases[t] in most_typ,
                    "MostDREL": ctx.cases[d] in most_d,
                }
                if nec.suin_part:
                    row["UniqCov"] = _others_below(nec, t)
                rows.append(row)
            uniq = ["UniqCov"] if nec.suin_part else []
            rows = _sort(
                rows,
                lambda r, uniq=uniq: (
                    *(not r[u] for u in uniq),
                    r["Best"],
                    not r["MostTyp"],
                    not r["MostDREL"],
                ),
            )
            blocks[nec.title] = _frame(
                rows[:max_pairs], ["TYP", "DREL", *uniq, "Best", "MostTyp", "MostDREL"]
            )
        elif kind == 2:  # typical - deviant consistency, same truth-table row without the set
            dcn_rows, _ = _nec_dcn_rows(ctx, nec)
            most_d = {r["Case"] for r in dcn_rows if r["MostDCONS"]}
            keep = [c for c in ctx.conditions if c not in nec.conditions]
            rounded = np.round(ctx.cond[keep].to_numpy(dtype=float))
            dc = np.flatnonzero((n < 0.5) & (y > 0.5))
            tt_cols = [f"TT_{c}" for c in keep]
            for d, t in product(dc, ty):
                if not np.array_equal(rounded[t], rounded[d]):
                    continue
                row = {
                    "DCONS": ctx.cases[d],
                    "TYP": ctx.cases[t],
                    **{col: int(rounded[d, q]) for q, col in enumerate(tt_cols)},
                    "Best": round((1 - (n[t] - n[d])) + abs(y[t] - y[d]), 3),
                    "MostTyp": ctx.cases[t] in most_typ,
                    "MostDCONS": ctx.cases[d] in most_d,
                    "_row": "".join(str(int(v)) for v in rounded[d]),
                }
                if nec.suin_part:
                    row["UniqCov"] = _others_below(nec, t, n[t])
                    row["GlobUncov"] = _others_below(nec, d, n[d])
                rows.append(row)
            rows = _sort(rows, lambda r: _rkey(r["DCONS"]))
            rows = _sort(rows, lambda r: r["_row"])
            flags = ["UniqCov", "GlobUncov"] if nec.suin_part else []
            out: list[dict] = []
            for row_key in dict.fromkeys(r["_row"] for r in rows):
                group = [r for r in rows if r["_row"] == row_key]
                out.extend(
                    _sort(
                        group,
                        lambda r, flags=flags: (
                            *(not r[f] for f in flags),
                            r["Best"],
                            not r["MostTyp"],
                            not r["MostDCONS"],
                        ),
                    )[:max_pairs]
                )
            blocks[nec.title] = _frame(
                out[:max_pairs], ["DCONS", "TYP", *tt_cols, *flags, "Best", "MostTyp", "MostDCONS"]
            )
        elif kind == 3:  # typical - IIR
            ir = np.flatnonzero((n < 0.5) & (y < 0.5) & (n >= y))
            for j, t in product(ir, ty):
                best = (
                    (1 - (n[t] - n[j]))
                    + (1 - (y[t] - y[j]))
                    + 2 * abs(n[t] - y[t])
                    + abs(n[j] - y[j])
                )
                rows.append(
                    {
                        "TYP": ctx.cases[t],
                        "IIR": ctx.cases[j],
                        "UniqCov": _others_below(nec, t),
                        "GlobUncov": _others_below(nec, j),
                        "Best": round(best, 3),
                        "MostTyp": ctx.cases[t] in most_typ,
                    }
                )
            rows = _sort(
                rows,
                lambda r: (not r["UniqCov"], not r["GlobUncov"], r["Best"], not r["MostTyp"]),
            )
            blocks[nec.title] = _frame(
                rows[:max_pairs], ["TYP", "IIR", "UniqCov", "GlobUncov", "Best", "MostTyp"]
            )
        else:  # typical - typical
            typicality = 2 * np.abs(n - y) + (1 - n)
            for j, i in product(ty, ty):
                if i == j or not typicality[i] <= typicality[j]:
                    continue
                best = (
                    (0.5 - (n[i] - n[j]))
                    + (0.5 - (y[i] - y[j]))
                    + 2 * (n[i] - y[i])
                    + 2 * (n[j] - y[j])
                )
                u1, u2 = _others_below(nec, i), _others_below(nec, j)
                m1, m2 = ctx.cases[i] in most_typ, ctx.cases[j] in most_typ
                rows.append(
                    {
                        "TYP1": ctx.cases[i],
                        "TYP2": ctx.cases[j],
                        "UniqCov": _summary(u1, u2),
                        "Best": round(best, 3),
                        "MostTyp": _summary(m1, m2),
                        "_k": (not u1, not u2, round(best, 3), not m1, not m2),
                    }
                )
            rows = _sort(rows, lambda r: r["_k"])
            blocks[nec.title] = _frame(
                rows[:max_pairs], ["TYP1", "TYP2", "UniqCov", "Best", "MostTyp"]
            )
    return blocks


# =========================================================================== the verb
def smmr(
    solution: Any,
    *,
    match: bool = False,
    cases: int = 2,
    term: int | str = 0,
    model: int = 0,
    nec_cond: str | None = None,
    necessity: bool = False,
    max_pairs: int = 5,
) -> dict[str, pd.DataFrame]:
    """Cases and pairs of cases for within-case study after a QCA (SetMethods ``smmr``).

    Parameters
    ----------
    solution : Solution
        A result of :func:`~smartcase.qca.minimize` (crisp or fuzzy conditions). Its outcome
        memberships are those of the minimisation (``1 - Y`` for a solution of ``~Y``).
    match : bool, default False
        Single cases (False) or matching pairs for comparison (True).
    cases : int, default 2
        Which selection (numbers as in R):

        - sufficiency, single cases: 1 typical, 2 typical per focal conjunct of ``term``, 3
          deviant consistency, 4 deviant coverage, 5 individually irrelevant (IIR);
        - sufficiency, pairs: 1 typical-typical per focal conjunct, 2 typical-IIR per focal
          conjunct, 3 typical-deviant consistency per term, 4 deviant coverage-IIR in the same
          truth-table row, 5 typical-typical per term, 6 typical-IIR per term;
        - necessity (``necessity=True``), single cases: 1 typical, 2 deviant consistency, 3
          deviant relevance; pairs: 1 typical-deviant relevance, 2 typical-deviant
          consistency (same truth-table row on the other conditions), 3 typical-IIR, 4
          typical-typical.
    term : int or str, default 0
        The term whose focal conjuncts are examined (selections 2 and pairs 1-2): its number in
        the model counted from 0 (R's ``term = 1`` is ``term=0``) or the term itself.
    model : int, default 0
        The model of the solution (counted from 0).
    nec_cond : str, optional
        Sufficiency: conjuncts declared necessary (``"STOCK"``), which are then ranked as
        necessary focal conjuncts. Necessity: the necessary condition or SUIN union
        (``"STOCK+MA"``; required).
    necessity : bool, default False
        Select cases for a necessary condition (``nec_cond``) instead of the solution.
    max_pairs : int, default 5
        Most rows per block in the focal-conjunct table and in the pair tables.

    Returns
    -------
    dict of str to DataFrame
        One table per block (R's titles, e.g. ``"Typical Cases"``, ``"Focal Conjunct UNI"``,
        ``"Term BARGAIN*UNI*STOCK"``, ``"STOCK+MA"``), rows in R's order. A block without
        cases or pairs is an empty table. Scores and memberships are unrounded except where
        SetMethods rounds before it sorts (pair scores and ``TT_row`` to three decimals).

    Raises
    ------
    ArgumentError
        Not a Solution; a ``cases`` number outside the lists above; a wrong ``term``,
        ``model``, ``max_pairs``; ``necessity=True`` without ``nec_cond``.
    QCAError
        Multi-value conditions; ``nec_cond`` naming a condition that is not in the data.

    See Also
    --------
    case_types, smartcase.qca.pimdata, smartcase.qca.xy_plot_case_types

    Notes
    -----
    Definitions follow SetMethods 4.0 (X term membership, S solution, Y outcome, FC focal
    conjunct, CC the other conjuncts; "Best": lower is better, Most* flags the lowest Best of
    a block):

    - typical: X > 0.5, Y > 0.5, X <= Y; Best = 2(Y - X) + (1 - X); UniqCov: typical for no
      other term; sorted by term (as R sorts strings), UniqCov, Best, X;
    - typical per focal conjunct: Term = min(FC, min CC) must be typical; Best = 2|Y - FC| +
      (1 - Term); Rank 1 when FC < min CC (for a necessary conjunct: FC >= max CC), else 2;
      CleanCorr when min CC lies outside the corridor between FC and Y (necessary conjunct of
      rank 1: every other conjunct below Y or at least FC); ``FC<=Y`` (``FC>=Y``); UniqCov:
      no other term above 0.5; sorted by Rank, CleanCorr, FC<=Y, UniqCov, Best;
    - deviant consistency: X > 0.5, Y < 0.5; Best = (1 - (X - Y)) + (1 - X);
    - deviant coverage: S < 0.5, Y > 0.5; TT_row = min over conditions of max(c, 1 - c),
      Best = 1 - TT_row, MostDCOV per truth-table row, sorted by row, TT<=Y, Best;
    - IIR: S < 0.5, Y < 0.5, sorted by truth-table row (then case name, as R's ``merge``);
    - pairs and necessity: the scores of SetMethods' ``helper_match_smmr.R`` and
      ``helper_nec_smmr.R`` (see the README of ``tests/data/setmethods``).

    Deliberate differences from SetMethods 4.0: (1) ``MostTypTerm`` in the focal-conjunct
    table marks the most typical case of the term; R 4.0 always reports FALSE there (it looks
    the cases up under a column name its typical table no longer has). (2) Pair tables with
    fewer pairs than ``max_pairs`` have only those rows; R pads the typical-typical table with
    rows of NA. (3) ``GlobUncov`` of the typical-IIR pairs per term is the IIR case's own
    solution membership below 0.5; R 4.0 indexes the data with the factor code of the IIR case
    and so reads another case's membership, which reorders its list. (4) A disjunct of ``nec_cond`` written as a conjunction (``"A*B"``) is one set
    here; R splits it into conjuncts. (5) Column names are unified: ``Case`` where R writes
    ``Cases``.

    Examples
    --------
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, smmr
    >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    >>> list(smmr(sol, cases=2, term=1))
    ['Typical Cases - Focal Conjunct URB', 'Typical Cases - Focal Conjunct STB']
    >>> smmr(sol, cases=4)["Deviant Coverage Cases"][["Case", "Sol", "TT_row", "Best"]]
      Case   Sol  TT_row  Best
    0   FR  0.19    0.81  0.19
    1   SE  0.33    0.67  0.33
    >>> smmr(sol, necessity=True, nec_cond="STB", cases=3)["STB"]["Case"].tolist()
    ['EE', 'RO', 'IT']
    """
    if isinstance(max_pairs, bool) or not isinstance(max_pairs, (int, np.integer)) or max_pairs < 1:
        raise ArgumentError("max_pairs", repr(max_pairs), "a whole number of at least 1")
    allowed = (4 if match else 3) if necessity else (6 if match else 5)
    if (
        isinstance(cases, bool)
        or not isinstance(cases, (int, np.integer))
        or not (1 <= cases <= allowed)
    ):
        raise ArgumentError("cases", repr(cases), f"a selection number from 1 to {allowed}")
    ctx = _context(solution, model)
    if necessity:
        if nec_cond is None:
            raise ArgumentError(
                "nec_cond", "None", "the necessary condition(s) with necessity=True"
            )
        if match:
            return _nec_pairs(ctx, nec_cond, int(cases), int(max_pairs))
        out = {}
        for nec in _nec_sets(ctx, nec_cond):
            if cases == 1:
                rows = _nec_typical_rows(ctx, nec)
                out[nec.title] = _frame(
                    rows, ["Case", "NecCond", "Outcome", "UniqCov", "Best", "MostTyp"]
                )
            elif cases == 2:
                rows, cols = _nec_dcn_rows(ctx, nec)
                out[nec.title] = _frame(rows, cols)
            else:
                rows = _nec_drel_rows(ctx, nec)
                out[nec.title] = _frame(rows, ["Case", "NecCond", "Outcome", "Best", "MostDREL"])
        return out
    nec_lits = _nec_literals(nec_cond)
    if match:
        if cases in (1, 2):
            k = _term_index(ctx, term)
            fn = _pair_typtyp_fc if cases == 1 else _pair_typiir_fc
            return fn(ctx, k, nec_lits, int(max_pairs))
        if cases == 3:
            return _pair_typdcn(ctx, int(max_pairs))
        if cases == 4:
            return _pair_dcviir(ctx, int(max_pairs))
        if cases == 5:
            return _pair_typtyp(ctx, int(max_pairs))
        return _pair_typiir(ctx, int(max_pairs))
    if cases == 1:
        return {"Typical Cases": _frame(_typical_rows(ctx), _TYP_COLUMNS)}
    if cases == 2:
        return _fct_blocks(ctx, _term_index(ctx, term), nec_lits, int(max_pairs))
    if cases == 3:
        cols = ["Case", "Term", "TermMemb", "Outcome", "Best", "MostDCONS"]
        return {"Deviant Consistency Cases": _frame(_dcn_rows(ctx), cols)}
    if cases == 4:
        rows, cols = _dcv_rows(ctx)
        return {"Deviant Coverage Cases": _frame(rows, cols)}
    rows, cols = _iir_rows(ctx)
    return {"Individually Irrelevant Cases": _frame(rows, cols)}
