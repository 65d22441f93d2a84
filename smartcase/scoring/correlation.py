"""Statistical coherence (JRC/OECD steps 4 and 9): rank correlations inside the index.

Does each sub-dimension move with its element and with the index, and do the elements move
together? :func:`coherence` gives Spearman's rho and Kendall's tau-b for every such pair, with
p-values and, in the output itself, the caveat that few cases give little statistical power.

Spearman p-values are exact (all n! permutations, two-sided) for n <= 8 cases and use SciPy's t
approximation above; Kendall p-values are SciPy's (exact when there are no ties and n is small).

Examples
--------
>>> import pandas as pd
>>> codes = pd.DataFrame({"s1": [0, 1, 2, 3, 3], "s2": [0, 1, 1, 2, 3], "s3": [3, 2, 1, 0, 1]},
...                      index=list("abcde"))
>>> res = coherence(codes, mapping={"s1": "A", "s2": "A", "s3": "B"})
>>> row = res.table.query("a == 's1' and b == 's2'")
>>> round(float(row["spearman"].iloc[0]), 3), round(float(row["spearman_p"].iloc[0]), 3)
(0.947, 0.033)
>>> print(res.note.split(".")[0])
n = 5 cases: these correlations are descriptive
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._results import html_block, text_block
from .composite_index import composite
from .errors import ScoringArgumentError, check_choice
from .inputs import Scale, resolve
from .normalization import normalize_array, reference_index

__all__ = ["coherence", "CoherenceResult", "spearman_exact", "power_note", "critical_rho"]


@lru_cache(maxsize=8)
def _perms(n: int) -> np.ndarray:
    return np.array(list(itertools.permutations(range(n))), dtype=np.int16)


def _ranks(x: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(x, method="average")


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    a = a - a.mean()
    b = b - b.mean()
    den = math.sqrt(float((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / den) if den > 0 else math.nan


def spearman_exact(x: np.ndarray, y: np.ndarray) -> tuple[float, float, str]:
    """Spearman's rho with a two-sided p-value (exact permutation for n <= 8).

    Returns ``(rho, p, method)``; ``rho`` is NaN when either variable is constant.

    Examples
    --------
    >>> spearman_exact([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])
    (1.0, 0.016666666666666666, 'exact permutation')
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    n = len(x)
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return math.nan, math.nan, "undefined"
    rx, ry = _ranks(x), _ranks(y)
    rho = _pearson(rx, ry)
    if n <= 8:
        P = _perms(n)
        ryp = ry[P]  # (n!, n)
        a = rx - rx.mean()
        b = ryp - ry.mean()
        r = (b @ a) / math.sqrt(float((a * a).sum() * (ry - ry.mean()) @ (ry - ry.mean())))
        p = float(np.mean(np.abs(r) >= abs(rho) - 1e-12))
        return rho, p, "exact permutation"
    from scipy.stats import spearmanr

    res = spearmanr(x, y)
    return float(res.statistic), float(res.pvalue), "t approximation"


def critical_rho(n: int, alpha: float = 0.05) -> float:
    """Smallest ``|rho|`` whose exact two-sided p-value is at most ``alpha`` (n <= 9, no ties).

    NaN when no correlation of ``n`` cases can reach ``alpha``.

    Examples
    --------
    >>> [round(critical_rho(n), 3) for n in (5, 6, 7, 8)]
    [1.0, 0.886, 0.786, 0.738]
    """
    if not 3 <= n <= 9:
        raise ScoringArgumentError("n", repr(n), "3 to 9 cases (exact enumeration)")
    P = _perms(n)
    base = np.arange(n, dtype=float)
    a = base - base.mean()
    r = np.round(((P - base.mean()) @ a) / float(a @ a), 10)
    for v in np.unique(np.abs(r)):
        if np.mean(np.abs(r) >= v - 1e-12) <= alpha:
            return float(v)
    return math.nan


def power_note(n: int) -> str:
    """A plain sentence on what ``n`` cases allow a rank correlation to show.

    Examples
    --------
    >>> print(power_note(5))  # doctest: +ELLIPSIS
    n = 5 cases: these correlations are descriptive. ... only |rho| >= 1.00 reaches p <= 0.05 ...
    """
    text = f"n = {n} cases: these correlations are descriptive. "
    if 3 <= n <= 8:
        crit = critical_rho(n)
        pmin = 2.0 / math.factorial(n)
        reach = (
            f"only |rho| >= {crit:.2f} reaches p <= 0.05"
            if not math.isnan(crit)
            else "no correlation can reach p <= 0.05"
        )
        text += f"With {n} cases the smallest two-sided p-value a Spearman correlation can reach is {pmin:.2g}, and {reach} (exact test, no ties); "
    elif n > 8:
        text += f"With {n} cases p-values use the t approximation; "
    text += "a non-significant correlation is not evidence of no association, and p-values are not corrected for multiple comparisons."
    return text


@dataclass(frozen=True, repr=False)
class CoherenceResult:
    """Result of :func:`coherence`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per pair: ``a, b, kind`` (``'subdimension-element'``, ``'subdimension-index'``,
        ``'element-index'``, ``'element-element'``, ``'subdimension-subdimension'``), ``n``,
        ``spearman``, ``spearman_p``, ``spearman_method``, ``kendall``, ``kendall_p``, ``note``.
        ``table.attrs['note']`` repeats :attr:`note`.
    scores : pandas.DataFrame
        The variables correlated: normalised sub-dimension scores, element scores and the index.
    n : int
        Number of cases.
    note : str
        The low-power caveat.
    """

    table: pd.DataFrame
    scores: pd.DataFrame
    n: int
    note: str = ""
    settings: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The rank correlations: one row per pair of variables (a copy of :attr:`table`).

        Returns
        -------
        DataFrame
            ``a, b, kind, n, spearman, spearman_p, spearman_method, kendall, kendall_p, note``.

        Examples
        --------
        >>> import pandas as pd
        >>> codes = pd.DataFrame({"s1": [0, 1, 2, 3, 3], "s2": [0, 1, 1, 2, 3], "s3": [3, 2, 1, 0, 1]},
        ...                      index=list("abcde"))
        >>> res = coherence(codes, mapping={"s1": "A", "s2": "A", "s3": "B"})
        >>> res.to_frame()[["a", "b"]].head(2).to_dict("records")
        [{'a': 's1', 'b': 'A'}, {'a': 's2', 'b': 'A'}]
        """
        return self.table.copy()

    def matrix(self, method: Literal["spearman", "kendall"] = "spearman") -> pd.DataFrame:
        """Square matrix of one coefficient over all variables (sub-dimensions, elements, index)."""
        check_choice("method", method, ("spearman", "kendall"))
        if method == "spearman":
            return self.scores.rank().corr(method="pearson")
        return self.scores.corr(method="kendall")

    def __repr__(self) -> str:
        cols = ["a", "b", "kind", "spearman", "spearman_p", "kendall", "kendall_p", "note"]
        return text_block(
            f"Coherence (rank correlations, n = {self.n})", [self.note], self.table[cols]
        )

    def _repr_html_(self) -> str:
        cols = ["a", "b", "kind", "spearman", "spearman_p", "kendall", "kendall_p", "note"]
        return html_block(
            f"Coherence (rank correlations, n = {self.n})", [self.note], self.table[cols]
        )


def coherence(
    book: Any,
    *,
    normalize: str = "goalposts",
    weights: Any = "equal",
    aggregation: Any = "arithmetic",
    within: bool = True,
    mapping: Mapping[str, str] | pd.Series | None = None,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    reference: str | None = None,
    missing: Literal["error", "available", "mean", "median"] = "error",
    coder: str = "ref",
) -> CoherenceResult:
    """Rank correlations between sub-dimensions, elements and the index.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        As for :func:`composite`.
    normalize, weights, aggregation, mapping, scale, direction, reference, missing, coder
        As for :func:`composite` (the element scores and index correlated are its output).
    within : bool, default True
        Also correlate every pair of sub-dimensions within the same element.

    Returns
    -------
    CoherenceResult
        ``.table`` with Spearman and Kendall coefficients and p-values, and ``.note`` (also in
        ``.table.attrs['note']``) with the low-power caveat.

    See Also
    --------
    composite

    Notes
    -----
    Correlations involving a constant variable (every case has the same code) are undefined and
    reported as NaN with the note ``'constant'``.
    """
    comp = composite(
        book,
        normalize=normalize,  # type: ignore[arg-type]
        weights=weights,
        aggregation=aggregation,
        mapping=mapping,
        scale=scale,
        direction=direction,
        reference=reference,
        missing=missing,
        coder=coder,
    )
    data = resolve(book, mapping=mapping, scale=scale, direction=direction, coder=coder)
    ref = reference_index(data.cases, reference, normalize)
    norm = normalize_array(
        data.values.to_numpy()[None],
        normalize,
        data.lower.to_numpy(),
        data.upper.to_numpy(),
        data.direction.to_numpy(),
        ref,
    )[0]
    sub = pd.DataFrame(norm, index=data.values.index, columns=data.values.columns)
    elements = list(data.elements)
    scores = pd.concat([sub, comp[elements], comp[["index"]]], axis=1)
    pairs: list[tuple[str, str, str]] = []
    for s in data.indicators:
        pairs.append((s, str(data.mapping[s]), "subdimension-element"))
    for s in data.indicators:
        pairs.append((s, "index", "subdimension-index"))
    for e in elements:
        pairs.append((e, "index", "element-index"))
    for a, b in itertools.combinations(elements, 2):
        pairs.append((a, b, "element-element"))
    if within:
        for e in elements:
            members = [s for s in data.indicators if data.mapping[s] == e]
            for a, b in itertools.combinations(members, 2):
                pairs.append((a, b, "subdimension-subdimension"))
    from scipy.stats import kendalltau

    rows = []
    for a, b, kind in pairs:
        x = scores[a].to_numpy(dtype=float)
        y = scores[b].to_numpy(dtype=float)
        ok = ~(np.isnan(x) | np.isnan(y))
        rho, p, how = spearman_exact(x, y)
        if np.isnan(rho):
            tau, tp = math.nan, math.nan
            note = "constant" if ok.sum() >= 3 else "fewer than 3 cases"
        else:
            kt = kendalltau(x[ok], y[ok])
            tau, tp = float(kt.statistic), float(kt.pvalue)
            ties = len(np.unique(x[ok])) < ok.sum() or len(np.unique(y[ok])) < ok.sum()
            note = "ties" if ties else ""
        rows.append(
            {
                "a": a,
                "b": b,
                "kind": kind,
                "n": int(ok.sum()),
                "spearman": rho,
                "spearman_p": p,
                "spearman_method": how,
                "kendall": tau,
                "kendall_p": tp,
                "note": note,
            }
        )
    table = pd.DataFrame(rows)
    n = len(data.cases)
    note = power_note(n)
    table.attrs["note"] = note
    settings = {
        "normalize": normalize,
        "aggregation": comp.attrs.get("aggregation"),
        "weights": comp.attrs.get("weights"),
    }
    return CoherenceResult(table, scores, n, note, settings)
