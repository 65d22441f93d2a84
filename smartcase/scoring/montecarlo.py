"""Uncertainty analysis: a vectorised Monte Carlo over the analyst's choices and the codes.

Each replication rebuilds the index with

* a normalisation drawn from ``normalize`` (each alternative equally likely),
* an aggregation drawn from ``aggregation`` (each alternative equally likely),
* every weight drawn uniformly within +-``weight_noise`` of its nominal value (then re-scaled to
  sum 1 within each element and across elements), as COINr's ``get_noisy_weights``,
* every *uncertain* code shifted by -1, 0 or +1 (probability 1/3 each) and clipped to 0-3, where
  uncertain means, by default, resting only on weak evidence (every evidence item the code cites is
  graded weak, or it cites none),

and ranks the cases (1 = best, ties share the best rank). The first alternative of each choice
and the unperturbed codes form the *nominal* index. Replications are computed in batches of
arrays, not one by one; the random numbers come from one ``numpy.random.default_rng(seed)``
stream, so a result depends only on its inputs and ``seed`` (not on the batch size).

Following COINr's lesson (issues #31, #60), the result keeps what each replication applied
(``.replications``) and says explicitly which alternatives were sampled and how often
(``.applied``), including "no code perturbed" when no code qualifies.

References
----------
Saisana, M., Saltelli, A. & Tarantola, S. (2005). Uncertainty and sensitivity analysis techniques
as tools for the quality assessment of composite indicators. *JRSS A* 168(2), 307-323.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._results import html_block, text_block
from .aggregation import rank_scores
from .engine import (
    ChoiceSpace,
    aggregation_label,
    aggregations_tuple,
    build_problem,
    nominal_frame,
    normalizations_tuple,
)
from .errors import ScoringArgumentError, check_choice
from .inputs import Scale, resolve, uncertain_codes

__all__ = [
    "uncertainty",
    "UncertaintyResult",
    "weight_noise_pair",
    "prepare",
    "memory_estimate",
    "DEFAULT_MAX_MEMORY_MB",
]

#: Normalisations whose scores share the 0-100 scale (element-score bands use only these).
COMPARABLE_NORMALIZATIONS = frozenset({"goalposts", "minmax", "rank"})
#: Most values per batch array (replications x cases x indicators).
BATCH_VALUES = 2_000_000
#: Most values kept in per-replication arrays (ranks, element scores, code shifts).
KEEP_VALUES = 50_000_000
#: Default memory budget of :func:`uncertainty`, in megabytes (see ``max_memory_mb``).
DEFAULT_MAX_MEMORY_MB = 1024


@dataclass(frozen=True, repr=False)
class UncertaintyResult:
    """Result of :func:`uncertainty`.

    Attributes
    ----------
    summary : pandas.DataFrame
        Per case: ``nominal_rank``, ``median_rank``, ``q05``, ``q95`` (5th and 95th percentile
        ranks), ``mean_rank`` and ``share_nominal`` (share of replications at the nominal rank).
        Percentiles use the inverted empirical CDF (R's type 1), so they are ranks that occurred.
    rank_frequency : pandas.DataFrame
        Cases x ranks (1..C): how many replications gave each case each rank (rows sum to n).
    replications : pandas.DataFrame
        One row per replication: the normalisation and aggregation applied, the weights used
        (``w:<id>``, after re-scaling), the number of codes actually changed, and (when kept)
        each uncertain code's shift (``code:<case>/<sub-dimension>``).
    applied : pandas.DataFrame
        What was sampled: input, alternative and count (or a description).
    nominal : pandas.DataFrame
        The nominal composite (as :func:`composite` returns it).
    element_summary : pandas.DataFrame or None
        Per case and element: nominal score, median, q05, q95 over the replications whose
        scores share the 0-100 scale (goalposts/min-max/rank normalisation with arithmetic or
        geometric aggregation), and ``n_used``.
    ranks : pandas.DataFrame or None
        Replications x cases ranks (kept when n x cases <= 50 million).
    settings : dict
        The arguments and the seed.
    """

    summary: pd.DataFrame
    rank_frequency: pd.DataFrame
    replications: pd.DataFrame
    applied: pd.DataFrame
    nominal: pd.DataFrame
    element_summary: pd.DataFrame | None
    ranks: pd.DataFrame | None
    settings: dict[str, Any] = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """The rank summary: one row per case (a copy of :attr:`summary`).

        Returns
        -------
        DataFrame
            ``nominal_rank``, ``median_rank``, ``q05``, ``q95``, ``mean_rank``,
            ``share_nominal``.

        Examples
        --------
        >>> import pandas as pd
        >>> codes = pd.DataFrame({"s1": [3, 1, 2], "s2": [2, 0, 2], "s3": [1, 3, 2]}, index=["x", "y", "z"])
        >>> res = uncertainty(codes, n=200, seed=1, mapping={"s1": "e1", "s2": "e1", "s3": "e2"},
        ...                   codes="none")
        >>> res.to_frame().columns.tolist()
        ['nominal_rank', 'median_rank', 'q05', 'q95', 'mean_rank', 'share_nominal']
        """
        return self.summary.copy()

    @property
    def n(self) -> int:
        """Number of replications."""
        return int(self.settings["n"])

    @property
    def rank_share(self) -> pd.DataFrame:
        """Rank frequencies as shares of the replications."""
        return self.rank_frequency / self.n

    def _lines(self) -> list[str]:
        lines = [f"n = {self.n:,} replications, seed = {self.settings['seed']}"]
        for inp, grp in self.applied.groupby("input", sort=False):
            parts = [
                f"{a} ({c:,})" if pd.notna(c) else str(a)
                for a, c in zip(grp["alternative"], grp["count"], strict=True)
            ]
            lines.append(f"{inp}: " + ", ".join(parts))
        return lines

    def __repr__(self) -> str:
        return text_block("Uncertainty analysis of the ranks", self._lines(), self.summary)

    def _repr_html_(self) -> str:
        return html_block("Uncertainty analysis of the ranks", self._lines(), self.summary)


def weight_noise_pair(weight_noise: float | tuple[float, float]) -> tuple[float, float]:
    """A noise factor for both levels, or (sub-dimension level, element level); each in [0, 1)."""
    pair = (
        (weight_noise, weight_noise)
        if isinstance(weight_noise, int | float)
        else tuple(weight_noise)
    )
    if len(pair) != 2:
        raise ScoringArgumentError(
            "weight_noise", repr(weight_noise), "a number in [0, 1) or a pair of them"
        )
    out = []
    for f in pair:
        if isinstance(f, bool) or not isinstance(f, int | float) or not (0 <= f < 1):
            raise ScoringArgumentError(
                "weight_noise",
                repr(weight_noise),
                "a number in [0, 1) or a pair (sub-dimension level, element level) of them",
            )
        out.append(float(f))
    return (out[0], out[1])


def prepare(
    book: Any,
    *,
    normalize: Any,
    aggregation: Any,
    weights: Any,
    weight_noise: float | tuple[float, float],
    codes: Any,
    mapping: Any,
    scale: Scale,
    direction: Any,
    reference: str | None,
    missing: str,
    coder: str,
) -> ChoiceSpace:
    """Validate everything and build the :class:`ChoiceSpace` (shared with sensitivity)."""
    norms = normalizations_tuple(normalize)
    aggs = aggregations_tuple(aggregation)
    noise = weight_noise_pair(weight_noise)
    data = resolve(book, mapping=mapping, scale=scale, direction=direction, coder=coder)
    problem = build_problem(
        data, weights, reference=reference, missing=missing, normalizations=norms
    )
    if isinstance(codes, pd.DataFrame):
        mask = uncertain_codes(None, codes, like=data.values)
    else:
        check_choice("codes", codes, ("weak_evidence", "low_confidence", "none"))
        if codes != "none" and data.book is None:
            raise ScoringArgumentError(
                "codes",
                f"{codes!r} with a DataFrame input",
                "a case book (to read evidence strength), codes='none', or a boolean mask DataFrame",
            )
        mask = uncertain_codes(data.book, codes, coder=coder, like=data.values)
    return ChoiceSpace.build(problem, norms, aggs, noise, mask)


def uncertainty(
    book: Any,
    *,
    n: int = 10_000,
    seed: int = 0,
    normalize: str | Sequence[str] = ("goalposts", "minmax", "rank"),
    aggregation: str | Sequence[Any] = ("arithmetic", "geometric", "copeland"),
    weights: Any = "equal",
    weight_noise: float | tuple[float, float] = 0.25,
    codes: Literal["weak_evidence", "low_confidence", "none"] | pd.DataFrame = "weak_evidence",
    mapping: Mapping[str, str] | pd.Series | None = None,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    reference: str | None = None,
    missing: Literal["error", "available", "mean", "median"] = "error",
    coder: str = "ref",
    batch_size: int | None = None,
    max_memory_mb: float = DEFAULT_MAX_MEMORY_MB,
) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of the composite ranks.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        As for :func:`composite`.
    n : int, default 10_000
        Number of replications.
    seed : int, default 0
        Seed of ``numpy.random.default_rng``.
    normalize : str or sequence of str, default ('goalposts', 'minmax', 'rank')
        Alternatives sampled with equal probability; the first is the nominal one.
    aggregation : str or sequence, default ('arithmetic', 'geometric', 'copeland')
        Alternatives sampled with equal probability (a pair ``(element level, index level)``
        inside the sequence is one alternative); the first is the nominal one. Z-scores cannot be
        combined with geometric aggregation (negative values): such a pairing is refused.
    weights : 'equal', dict, Series or Weights, default 'equal'
        The nominal weights.
    weight_noise : float or (float, float), default 0.25
        Each weight is drawn uniformly within +-25 % of its nominal value (0 switches it off);
        a pair sets the sub-dimension and element levels separately.
    codes : {'weak_evidence', 'low_confidence', 'none'} or DataFrame, default 'weak_evidence'
        Which codes get a random -1/0/+1 shift (see :func:`~smartcase.scoring.uncertain_codes`);
        a boolean DataFrame marks them directly. Must be ``'none'`` or a mask for DataFrame input.
    mapping, scale, direction, reference, missing, coder
        As for :func:`composite`.
    batch_size : int, optional
        Replications per array batch (default: about two million values per batch). Does not
        change the result.
    max_memory_mb : float, default 1024
        Refuse, before drawing anything, a run whose memory (estimated by
        :func:`memory_estimate`: the per-replication record, ranks and element scores that the
        result keeps, plus one batch) would exceed this many megabytes. With the bundled case
        base this allows about a million replications; raise it, or lower ``n``.

    Returns
    -------
    UncertaintyResult
        ``.summary`` (median rank, q05, q95, nominal rank per case), ``.rank_frequency``,
        ``.replications`` (the per-replication record), ``.applied``, ``.nominal``,
        ``.element_summary``.

    Raises
    ------
    ScoringArgumentError, UnknownMethodError, WeightError, CodeRangeError, MissingValueError
        As for :func:`composite`; also a bad ``n``, ``seed``, ``weight_noise``, ``codes`` or
        ``max_memory_mb``, or an ``n`` whose memory would exceed ``max_memory_mb``.

    See Also
    --------
    sensitivity : which of these choices drives the rank variance (Sobol indices).
    plot_rank_frequency, plot_element_scores : pictures of the result.

    Notes
    -----
    With five cases a one-place shift is large; read the 5-95 % interval, not only the median.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"s1": [3, 2, 0], "s2": [3, 1, 1], "s3": [2, 2, 1]}, index=["x", "y", "z"])
    >>> res = uncertainty(codes, n=2000, seed=1, mapping={"s1": "A", "s2": "A", "s3": "B"}, codes="none")
    >>> res.summary[["nominal_rank", "median_rank", "q05", "q95"]]  # doctest: +NORMALIZE_WHITESPACE
             nominal_rank  median_rank  q05  q95
    case_id
    x                   1            1    1    1
    y                   2            2    2    2
    z                   3            3    3    3
    >>> int(res.rank_frequency.sum(axis=1).iloc[0])
    2000
    """
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ScoringArgumentError("n", repr(n), "a positive integer number of replications")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ScoringArgumentError("seed", repr(seed), "a non-negative integer")
    if (
        isinstance(max_memory_mb, bool)
        or not isinstance(max_memory_mb, int | float | np.integer | np.floating)
        or not np.isfinite(max_memory_mb)
        or max_memory_mb <= 0
    ):
        raise ScoringArgumentError(
            "max_memory_mb", repr(max_memory_mb), "a positive finite number of megabytes"
        )
    space = prepare(
        book,
        normalize=normalize,
        aggregation=aggregation,
        weights=weights,
        weight_noise=weight_noise,
        codes=codes,
        mapping=mapping,
        scale=scale,
        direction=direction,
        reference=reference,
        missing=missing,
        coder=coder,
    )
    p = space.problem
    C, I, G = p.shape  # noqa: E741
    D = space.n_inputs
    k = len(space.code_rows)
    if batch_size is None:
        batch_size = max(1, BATCH_VALUES // max(1, C * I, D))
    elif isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise ScoringArgumentError("batch_size", repr(batch_size), "a positive integer")
    need = memory_estimate(
        n, cases=C, indicators=I, elements=G, inputs=D, codes=k, batch=batch_size
    )
    if need > max_memory_mb * 2**20:
        raise ScoringArgumentError(
            "n",
            f"{int(n):,} replications, which would need about {need / 2**20:,.0f} MB",
            f"at most {max_memory_mb:,g} MB (max_memory_mb); lower n or raise max_memory_mb",
        )
    keep_ranks = n * C <= KEEP_VALUES
    keep_elements = n * C * G <= KEEP_VALUES
    keep_shifts = n * k <= KEEP_VALUES

    rng = np.random.default_rng(int(seed))
    freq = np.zeros((C, C), dtype=np.int64)
    rank_sum = np.zeros(C)
    ranks_all = np.empty((n, C), dtype=np.int32) if keep_ranks else None
    E_all = np.empty((n, C, G), dtype=np.float32) if keep_elements else None
    norm_all = np.empty(n, dtype=np.int16)
    agg_all = np.empty(n, dtype=np.int16)
    W_all = np.empty((n, I + G), dtype=np.float64)
    shifts_all = np.empty((n, k), dtype=np.int8) if keep_shifts else None
    changed = np.empty(n, dtype=np.int32)
    offsets = (np.arange(C) * C)[None, :]
    for start in range(0, n, batch_size):
        b = min(batch_size, n - start)
        U = rng.random((b, D))
        draw = space.decode(U)
        E, index = space.run(draw)
        r = rank_scores(index)
        freq += np.bincount((offsets + r - 1).ravel(), minlength=C * C).reshape(C, C)
        rank_sum += r.sum(axis=0)
        sl = slice(start, start + b)
        if ranks_all is not None:
            ranks_all[sl] = r
        if E_all is not None:
            E_all[sl] = E
        norm_all[sl] = draw.norm_idx
        agg_all[sl] = draw.agg_idx
        W_all[sl, :I] = draw.W_ind
        W_all[sl, I:] = draw.W_el
        if k:
            if shifts_all is not None:
                shifts_all[sl] = draw.shifts
            changed[sl] = (
                draw.X[:, space.code_rows, space.code_cols]
                != p.X0[space.code_rows, space.code_cols]
            ).sum(axis=1)
        else:
            changed[sl] = 0

    # nominal
    nom_draw = _nominal_draw(space)
    E0, idx0 = space.run(nom_draw)
    attrs = {
        "normalize": space.normalizations[0],
        "aggregation": aggregation_label(space.aggregations[0]),
        "weights": {
            "element": p.weights.element.round(6).to_dict(),
            "subdimension": p.weights.indicator.round(6).to_dict(),
        },
        "missing": missing,
        "tie_rule": "min (tied cases share the best rank)",
    }
    nominal = nominal_frame(p, E0[0], idx0[0], attrs)

    cases = pd.Index(list(p.cases), name="case_id")
    summary = pd.DataFrame(index=cases)
    summary["nominal_rank"] = nominal["rank"].astype("int64").to_numpy()
    summary["median_rank"] = _freq_quantile(freq, 0.5)
    summary["q05"] = _freq_quantile(freq, 0.05)
    summary["q95"] = _freq_quantile(freq, 0.95)
    summary["mean_rank"] = rank_sum / n
    summary["share_nominal"] = freq[np.arange(C), summary["nominal_rank"].to_numpy() - 1] / n
    rank_frequency = pd.DataFrame(freq, index=cases, columns=pd.RangeIndex(1, C + 1, name="rank"))

    rec = pd.DataFrame({"replication": np.arange(n)})
    rec["normalize"] = pd.Categorical.from_codes(norm_all, categories=list(space.normalizations))
    rec["aggregation"] = pd.Categorical.from_codes(
        agg_all, categories=[aggregation_label(a) for a in space.aggregations]
    )
    wcols = [f"w:{i}" for i in p.indicators] + [f"w:{e}" for e in p.elements]
    rec = pd.concat([rec, pd.DataFrame(W_all, columns=wcols)], axis=1)
    rec["n_codes_changed"] = changed
    if k and shifts_all is not None:
        scols = [
            f"code:{p.cases[r]}/{p.indicators[c]}"
            for r, c in zip(space.code_rows, space.code_cols, strict=True)
        ]
        rec = pd.concat([rec, pd.DataFrame(shifts_all, columns=scols)], axis=1)
    rec = rec.set_index("replication")

    applied = _applied(space, norm_all, agg_all, changed, keep_shifts)
    element_summary = (
        _element_summary(space, nominal, E_all, norm_all, agg_all) if E_all is not None else None
    )
    ranks = pd.DataFrame(ranks_all, columns=cases) if ranks_all is not None else None
    if ranks is not None:
        ranks.index.name = "replication"
    settings = {
        "n": int(n),
        "seed": int(seed),
        "normalize": list(space.normalizations),
        "aggregation": [aggregation_label(a) for a in space.aggregations],
        "weight_noise": list(space.weight_noise),
        "codes": codes if isinstance(codes, str) else "mask",
        "uncertain_codes": [
            f"{p.cases[r]}/{p.indicators[c]}"
            for r, c in zip(space.code_rows, space.code_cols, strict=True)
        ],
        "missing": missing,
        "coder": coder,
    }
    return UncertaintyResult(
        summary, rank_frequency, rec, applied, nominal, element_summary, ranks, settings
    )


def memory_estimate(
    n: int,
    *,
    cases: int,
    indicators: int,
    elements: int,
    inputs: int,
    codes: int,
    batch: int | None = None,
) -> int:
    """An upper estimate, in bytes, of the memory :func:`uncertainty` needs for ``n`` replications.

    Per replication: the choices and weights drawn (kept in ``.replications``, which is built
    once more from them), the ranks and element scores when kept (see ``KEEP_VALUES``), the
    code shifts, and the float copy of the element scores the quantiles need; plus one batch of
    working arrays. Measured peaks (``tracemalloc``) lie between a third of it and all of it.

    Parameters
    ----------
    n : int
        Replications.
    cases, indicators, elements, inputs, codes : int
        Problem size: cases, sub-dimensions (indicators), elements, random inputs per
        replication, uncertain codes.
    batch : int, optional
        Replications per batch (default as in :func:`uncertainty`).

    Returns
    -------
    int

    Examples
    --------
    >>> mb = memory_estimate(10**9, cases=5, indicators=22, elements=3, inputs=35, codes=8) / 2**20
    >>> mb > 100_000
    True
    """
    C, I, G, D, k = cases, indicators, elements, inputs, codes  # noqa: E741
    width = max(1, C * I, D)
    b = min(n, batch if batch is not None else max(1, BATCH_VALUES // width))
    per_rep = 2 + 2 + 8 * (I + G) + 4  # choices, weights, codes changed
    per_rep += 4 * C if n * C <= KEEP_VALUES else 0  # ranks
    per_rep += (4 + 16) * C * G if n * C * G <= KEEP_VALUES else 0  # element scores, quantiles
    per_rep += k if n * k <= KEEP_VALUES else 0  # code shifts
    per_rep += 2 * (8 + 2 + 8 * (I + G) + 4 + k)  # the .replications frame and its copy
    return int(per_rep * n + 4 * 8 * b * width + 32 * 2**20)


def _nominal_draw(space: ChoiceSpace) -> Any:
    from .engine import Draw

    p = space.problem
    z = np.zeros(1, dtype=int)
    return Draw(
        z,
        z,
        p.w_ind[None, :].copy(),
        p.w_el[None, :].copy(),
        np.zeros((1, 0), dtype=np.int8),
        p.X0[None, :, :],
    )


def _freq_quantile(freq: np.ndarray, q: float) -> np.ndarray:
    """Quantile of each row's rank distribution by the inverted empirical CDF (R type 1)."""
    n = freq.sum(axis=1, keepdims=True)
    cum = np.cumsum(freq, axis=1)
    need = q * n
    # the smallest rank whose cumulative count reaches q * n (tolerance for floating q * n)
    hit = cum >= need - 1e-9 * n
    hit &= cum > 0
    return (hit.argmax(axis=1) + 1).astype(np.int64)


def _applied(
    space: ChoiceSpace,
    norm_all: np.ndarray,
    agg_all: np.ndarray,
    changed: np.ndarray,
    keep_shifts: bool,
) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for i, name in enumerate(space.normalizations):
        rows.append(
            {"input": "normalize", "alternative": name, "count": int((norm_all == i).sum())}
        )
    for i, agg in enumerate(space.aggregations):
        rows.append(
            {
                "input": "aggregation",
                "alternative": aggregation_label(agg),
                "count": int((agg_all == i).sum()),
            }
        )
    f_ind, f_el = space.weight_noise
    rows.append(
        {
            "input": "weights",
            "alternative": f"sub-dimension weights uniform within +-{f_ind:.0%} of nominal"
            if f_ind
            else "sub-dimension weights fixed at nominal",
            "count": None,
        }
    )
    rows.append(
        {
            "input": "weights",
            "alternative": f"element weights uniform within +-{f_el:.0%} of nominal"
            if f_el
            else "element weights fixed at nominal",
            "count": None,
        }
    )
    k = len(space.code_rows)
    if k:
        rows.append(
            {
                "input": "codes",
                "alternative": f"{k} uncertain codes shifted by -1/0/+1 (clipped to the scale)",
                "count": None,
            }
        )
        rows.append(
            {
                "input": "codes",
                "alternative": "replications with at least one code changed",
                "count": int((changed > 0).sum()),
            }
        )
        if not keep_shifts:
            rows.append(
                {
                    "input": "codes",
                    "alternative": "per-code shifts not kept (too many values); n_codes_changed is",
                    "count": None,
                }
            )
    else:
        rows.append(
            {
                "input": "codes",
                "alternative": "no code perturbed (no code qualified as uncertain)",
                "count": 0,
            }
        )
    out = pd.DataFrame(rows, columns=["input", "alternative", "count"])
    out["count"] = out["count"].astype("Int64")
    return out


def _element_summary(
    space: ChoiceSpace,
    nominal: pd.DataFrame,
    E_all: np.ndarray,
    norm_all: np.ndarray,
    agg_all: np.ndarray,
) -> pd.DataFrame:
    p = space.problem
    ok_norm = np.array([nm in COMPARABLE_NORMALIZATIONS for nm in space.normalizations])
    ok_agg = np.array([a[0] in ("arithmetic", "geometric") for a in space.aggregations])
    sel = ok_norm[norm_all] & ok_agg[agg_all]
    used = int(sel.sum())
    C, G = len(p.cases), len(p.elements)
    if used:
        E = E_all[sel].astype(np.float64)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = (
                np.nanquantile(E, [0.5, 0.05, 0.95], axis=0)
                if np.isnan(E).any()
                else np.quantile(E, [0.5, 0.05, 0.95], axis=0)
            )
    else:
        q = np.full((3, C, G), np.nan)
    rows = {
        "case_id": np.repeat(list(p.cases), G),
        "element_id": np.tile(list(p.elements), C),
        "nominal": nominal[list(p.elements)].to_numpy(dtype=float).ravel(),
        "median": q[0].ravel(),
        "q05": q[1].ravel(),
        "q95": q[2].ravel(),
        "n_used": used,
    }
    return pd.DataFrame(
        rows, columns=["case_id", "element_id", "nominal", "median", "q05", "q95", "n_used"]
    )
