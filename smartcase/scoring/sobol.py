"""Variance-based sensitivity analysis: Sobol first-order and total indices (via SALib).

:func:`sensitivity` asks which uncertain choice drives the variance of each case's rank (or
index score): the normalisation, the aggregation, the weights (all weight perturbations as one
group) and the uncertain codes (all code shifts as one group). The inputs are independent
uniform numbers on [0, 1) mapped to choices exactly as in :func:`~smartcase.scoring.uncertainty`
(see :mod:`smartcase.scoring.engine`): a discrete choice with K alternatives takes alternative
``min(floor(K u), K - 1)``; a weight becomes ``w (1 - f + 2 f u)``; a code shifts by
``floor(3 u) - 1``. Grouped inputs give one pair of indices per group (SALib's ``groups``).

The design is SALib's Sobol sequence (``SALib.sample.sobol``, Saltelli's scheme without second
order: ``n (g + 2)`` model runs for g groups) and the estimators are SALib's (Saltelli et al.
2010 for first order, Jansen for total order), with bootstrap confidence intervals
(``num_resamples`` resamples; the interval is ``+-`` the returned ``*_conf``).

:func:`sobol_indices` is the same machinery for any vectorised model of uniform inputs.

References
----------
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. *Computer
Physics Communications* 181(2), 259-270. Herman, J. & Usher, W. (2017). SALib: an open-source
Python library for sensitivity analysis. *JOSS* 2(9).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._results import html_block, text_block
from .aggregation import rank_scores
from .errors import ScoringArgumentError, check_choice
from .inputs import Scale
from .montecarlo import BATCH_VALUES, DEFAULT_MAX_MEMORY_MB, prepare

__all__ = ["sobol_indices", "sensitivity", "SensitivityResult", "sobol_memory_estimate"]


def _check_n(n: Any) -> int:
    if (
        isinstance(n, bool)
        or not isinstance(n, int | np.integer)
        or n < 2
        or (int(n) & (int(n) - 1)) != 0
    ):
        raise ScoringArgumentError(
            "n",
            repr(n),
            "a power of two >= 2 (the Sobol sequence's balance needs it), e.g. 512, 1024, 4096",
        )
    return int(n)


def _check_budget(max_memory_mb: Any) -> float:
    if (
        isinstance(max_memory_mb, bool)
        or not isinstance(max_memory_mb, int | float | np.integer | np.floating)
        or not np.isfinite(max_memory_mb)
        or max_memory_mb <= 0
    ):
        raise ScoringArgumentError(
            "max_memory_mb", repr(max_memory_mb), "a positive finite number of megabytes"
        )
    return float(max_memory_mb)


def sobol_memory_estimate(
    n: int, *, inputs: int, groups: int, outputs: int = 1, num_resamples: int = 100
) -> int:
    """An upper estimate, in bytes, of the memory a Sobol analysis with base sample ``n`` needs.

    The model runs ``n * (groups + 2)`` times: the sample matrix (``inputs`` columns) and the
    outputs are kept as float64; SALib's bootstrap of each output draws ``n x num_resamples``
    indices and three resampled arrays of that size.

    Parameters
    ----------
    n : int
        Base sample size.
    inputs, groups, outputs : int
        Uncertain inputs (columns of the sample), groups of inputs (indices computed), model
        outputs.
    num_resamples : int, default 100
        Bootstrap resamples.

    Returns
    -------
    int

    Examples
    --------
    >>> sobol_memory_estimate(2**30, inputs=35, groups=4) / 2**30 > 100  # GiB
    True
    """
    rows = n * (max(groups, 1) + 2)
    return 8 * rows * (inputs + outputs) + 32 * n * num_resamples


def _refuse_over_budget(need: int, n: int, max_memory_mb: float) -> None:
    if need > max_memory_mb * 2**20:
        raise ScoringArgumentError(
            "n",
            f"{int(n):,}, which would need about {need / 2**20:,.0f} MB",
            f"at most {max_memory_mb:,g} MB (max_memory_mb); lower n or raise max_memory_mb",
        )


def sobol_indices(
    model: Callable[[np.ndarray], np.ndarray],
    names: Sequence[str],
    *,
    groups: Sequence[str] | None = None,
    n: int = 1024,
    seed: int = 0,
    num_resamples: int = 100,
    conf_level: float = 0.95,
    output_names: Sequence[str] | None = None,
    max_memory_mb: float = DEFAULT_MAX_MEMORY_MB,
) -> pd.DataFrame:
    """First-order and total Sobol indices of a vectorised model of independent U(0, 1) inputs.

    Parameters
    ----------
    model : callable
        ``model(U)`` with ``U`` of shape (rows, len(names)) returns shape (rows,) or
        (rows, outputs).
    names : sequence of str
        Input names.
    groups : sequence of str, optional
        Group of each input; indices are then per group. A single group holding every input
        explains all the variance by definition (S1 = ST = 1, returned without sampling).
    n : int, default 1024
        Base sample size (a power of two); the model is run ``n * (g + 2)`` times.
    seed : int, default 0
        Seed of the scrambled Sobol sequence and of the bootstrap.
    num_resamples : int, default 100
        Bootstrap resamples for the confidence intervals.
    conf_level : float, default 0.95
    output_names : sequence of str, optional
        Names of the outputs (default ``y0``, ``y1``, ...).
    max_memory_mb : float, default 1024
        Refuse, before sampling, an ``n`` whose sample and bootstrap would need more memory than
        this (estimated by :func:`sobol_memory_estimate`, counting one output).

    Returns
    -------
    pandas.DataFrame
        Columns ``output, input, S1, S1_conf, ST, ST_conf``. Outputs that are constant over all
        runs get ``NaN`` indices (undefined: no variance to share out).

    Examples
    --------
    An additive model ``y = x1 + 2 x2`` has no interactions, so first-order and total indices
    agree: S = 1/5 and 4/5.

    >>> res = sobol_indices(lambda u: u[:, 0] + 2 * u[:, 1], ["x1", "x2"], n=4096)
    >>> res[["input", "S1", "ST"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
      input   S1   ST
    0    x1  0.2  0.2
    1    x2  0.8  0.8
    """
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    n = _check_n(n)
    budget = _check_budget(max_memory_mb)
    names = [str(x) for x in names]
    if not names:
        raise ScoringArgumentError("names", "no inputs", "at least one uncertain input")
    n_groups = len(dict.fromkeys(groups)) if groups is not None else len(names)
    need = sobol_memory_estimate(
        n,
        inputs=len(names),
        groups=n_groups,
        outputs=len(output_names or [0]),
        num_resamples=int(num_resamples),
    )
    _refuse_over_budget(need, n, budget)
    if groups is not None and len(groups) != len(names):
        raise ScoringArgumentError(
            "groups", f"{len(groups)} groups", f"one group per input ({len(names)})"
        )
    if not (0 < conf_level < 1):
        raise ScoringArgumentError("conf_level", repr(conf_level), "a number between 0 and 1")
    problem: dict[str, Any] = {
        "num_vars": len(names),
        "names": names,
        "bounds": [[0.0, 1.0]] * len(names),
    }
    labels = list(dict.fromkeys(groups)) if groups is not None else names
    if groups is not None and len(labels) < len(names):
        problem["groups"] = [str(g) for g in groups]
    elif groups is not None:
        labels = [str(g) for g in groups]
    if groups is not None and len(labels) == 1 and len(names) > 1:
        # One group holding every input explains all the variance by definition (S1 = ST = 1).
        # SALib's sampler ignores a single group while its analyser honours it, so do not call it.
        U = np.random.default_rng(int(seed)).random((n, len(names)))
        Y1 = np.asarray(model(U), dtype=float)
        Y1 = Y1[:, None] if Y1.ndim == 1 else Y1
        outs1 = (
            list(output_names)
            if output_names is not None
            else [f"y{i}" for i in range(Y1.shape[1])]
        )
        rows1 = []
        for j, out in enumerate(outs1):
            const = np.ptp(Y1[:, j]) <= 1e-12 * max(1.0, float(np.abs(Y1[:, j]).max()))
            v = np.nan if const else 1.0
            rows1.append(
                {
                    "output": out,
                    "input": labels[0],
                    "S1": v,
                    "S1_conf": np.nan if const else 0.0,
                    "ST": v,
                    "ST_conf": np.nan if const else 0.0,
                }
            )
        return pd.DataFrame(rows1, columns=["output", "input", "S1", "S1_conf", "ST", "ST_conf"])
    X = sobol_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=int(seed))
    X = np.clip(X, 0.0, np.nextafter(1.0, 0.0))
    Y = np.asarray(model(X), dtype=float)
    if Y.ndim == 1:
        Y = Y[:, None]
    outs = list(output_names) if output_names is not None else [f"y{i}" for i in range(Y.shape[1])]
    # SALib's analyze draws bootstrap indices from the global NumPy state when seed is falsy (0):
    # pass a derived non-zero seed so that every call is reproducible.
    boot_seed = int(np.random.default_rng(int(seed)).integers(1, 2**31 - 1))
    rows = []
    for j, out in enumerate(outs):
        y = Y[:, j]
        if np.ptp(y) <= 1e-12 * max(1.0, float(np.abs(y).max())):
            rows += [
                {
                    "output": out,
                    "input": lab,
                    "S1": np.nan,
                    "S1_conf": np.nan,
                    "ST": np.nan,
                    "ST_conf": np.nan,
                }
                for lab in labels
            ]
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            Si = sobol_analyze.analyze(
                problem,
                y,
                calc_second_order=False,
                num_resamples=num_resamples,
                conf_level=conf_level,
                seed=boot_seed,
            )
        for i, lab in enumerate(labels):
            rows.append(
                {
                    "output": out,
                    "input": lab,
                    "S1": float(Si["S1"][i]),
                    "S1_conf": float(Si["S1_conf"][i]),
                    "ST": float(Si["ST"][i]),
                    "ST_conf": float(Si["ST_conf"][i]),
                }
            )
    return pd.DataFrame(rows, columns=["output", "input", "S1", "S1_conf", "ST", "ST_conf"])


@dataclass(frozen=True, repr=False)
class SensitivityResult:
    """Result of :func:`sensitivity`.

    Attributes
    ----------
    indices : pandas.DataFrame
        Columns ``case_id, input, S1, S1_conf, ST, ST_conf`` (``*_conf``: half-width of the
        bootstrap confidence interval).
    output : str
        ``'rank'`` or ``'score'``.
    mapping : pandas.DataFrame
        How each uniform input becomes a choice (input group, column, rule).
    settings : dict
    note : str
        How to read the indices.
    """

    indices: pd.DataFrame
    output: str
    mapping: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)
    note: str = ""

    def to_frame(self) -> pd.DataFrame:
        """The Sobol indices in long form: one row per case and input (a copy).

        Returns
        -------
        DataFrame
            :attr:`indices`: ``case_id, input, S1, S1_conf, ST, ST_conf``; :meth:`table` gives
            one index as cases x inputs.

        Examples
        --------
        >>> import pandas as pd
        >>> codes = pd.DataFrame({"s1": [3, 2, 0], "s2": [0, 1, 2], "s3": [2, 2, 1]}, index=["x", "y", "z"])
        >>> res = sensitivity(codes, n=256, mapping={"s1": "A", "s2": "A", "s3": "B"}, codes="none",
        ...                   normalize="goalposts", aggregation="arithmetic")
        >>> res.to_frame().columns.tolist()
        ['case_id', 'input', 'S1', 'S1_conf', 'ST', 'ST_conf']
        """
        return self.indices.copy()

    def table(self, index: Literal["S1", "ST"] = "ST") -> pd.DataFrame:
        """Cases x inputs table of one index."""
        check_choice("index", index, ("S1", "ST"))
        out = self.indices.pivot(index="case_id", columns="input", values=index)
        order_c = list(dict.fromkeys(self.indices["case_id"]))
        order_i = list(dict.fromkeys(self.indices["input"]))
        return out.reindex(index=order_c, columns=order_i)

    def _lines(self) -> list[str]:
        s = self.settings
        return [
            f"output: {self.output}; n = {s['n']} base samples, {s['runs']:,} model runs, seed = {s['seed']}",
            self.note,
        ]

    def __repr__(self) -> str:
        return text_block(
            "Sobol sensitivity indices (total, ST)", self._lines(), self.table("ST").round(3)
        )

    def _repr_html_(self) -> str:
        return html_block(
            "Sobol sensitivity indices (total, ST)", self._lines(), self.table("ST").round(3)
        )


def sensitivity(
    book: Any,
    *,
    n: int = 1024,
    seed: int = 0,
    output: Literal["rank", "score"] = "rank",
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
    num_resamples: int = 100,
    conf_level: float = 0.95,
    max_memory_mb: float = DEFAULT_MAX_MEMORY_MB,
) -> SensitivityResult:
    """Sobol indices of each uncertain choice on each case's rank (or index score).

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        As for :func:`composite`.
    n : int, default 1024
        Base sample size, a power of two; ``n * (g + 2)`` index rebuilds for g uncertain groups.
    seed : int, default 0
    output : {'rank', 'score'}, default 'rank'
        What to explain. Ranks are comparable across normalisations and aggregations; index
        scores are not (their scale changes with the method), so ``'score'`` mostly measures the
        change of scale.
    normalize, aggregation, weights, weight_noise, codes
        The uncertain choices, as for :func:`uncertainty`. A choice with one alternative, a zero
        ``weight_noise`` or no uncertain code is not an input.
    mapping, scale, direction, reference, missing, coder
        As for :func:`composite`.
    num_resamples : int, default 100
        Bootstrap resamples for the confidence intervals.
    conf_level : float, default 0.95
    max_memory_mb : float, default 1024
        Refuse, before any index is rebuilt, an ``n`` whose sample, outputs and bootstrap would
        need more memory than this (:func:`sobol_memory_estimate`).

    Returns
    -------
    SensitivityResult
        ``.indices`` (per case and input: S1, S1_conf, ST, ST_conf), ``.table('ST')``,
        ``.mapping`` (how uniform inputs become choices).

    Raises
    ------
    ScoringArgumentError
        ``n`` not a power of two or needing more memory than ``max_memory_mb``; no uncertain
        input at all; the errors of :func:`uncertainty`.

    See Also
    --------
    sobol_indices : the same estimator for any model.
    uncertainty : the distribution of the ranks themselves.

    Notes
    -----
    ``S1`` is the share of the output variance due to the input alone; ``ST`` includes all its
    interactions. ``ST - S1`` large means the input matters through interactions (e.g. weights
    matter only under arithmetic aggregation). A case whose rank never changes has no variance to
    explain: its indices are ``NaN``. With a rank of 5 cases as output the indices describe which
    choice moves a city up or down, not effect sizes.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"s1": [3, 2, 0], "s2": [0, 1, 2], "s3": [2, 2, 1]}, index=["x", "y", "z"])
    >>> res = sensitivity(codes, n=256, mapping={"s1": "A", "s2": "A", "s3": "B"}, codes="none",
    ...                   normalize="goalposts", aggregation="arithmetic")
    >>> sorted(set(res.indices["input"]))
    ['weights']
    """
    n = _check_n(n)
    budget = _check_budget(max_memory_mb)
    check_choice("output", output, ("rank", "score"))
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
    if space.n_inputs == 0:
        raise ScoringArgumentError(
            "normalize/aggregation/weight_noise/codes",
            "no uncertain input",
            "at least one choice with two or more alternatives, weight noise, or uncertain codes",
        )
    p = space.problem
    C, n_ind, _ = p.shape
    n_groups = len(dict.fromkeys(g for g, _ in space.columns))
    need = sobol_memory_estimate(
        n,
        inputs=len(space.columns),
        groups=n_groups,
        outputs=C,
        num_resamples=int(num_resamples),
    )
    _refuse_over_budget(need, n, budget)
    batch = max(1, BATCH_VALUES // max(1, C * n_ind, space.n_inputs))

    def model(U: np.ndarray) -> np.ndarray:
        out = np.empty((U.shape[0], C))
        for start in range(0, U.shape[0], batch):
            draw = space.decode(U[start : start + batch])
            _, index = space.run(draw)
            out[start : start + batch] = rank_scores(index) if output == "rank" else index
        return out

    names = [c for _, c in space.columns]
    groups = [g for g, _ in space.columns]
    res = sobol_indices(
        model,
        names,
        groups=groups,
        n=n,
        seed=seed,
        num_resamples=num_resamples,
        conf_level=conf_level,
        output_names=list(p.cases),
    )
    res = res.rename(columns={"output": "case_id"})
    mapping_rows = []
    for g in dict.fromkeys(groups):
        members = [c for gg, c in space.columns if gg == g]
        if g == "normalize":
            rule = (
                f"min(floor({len(space.normalizations)} u), {len(space.normalizations) - 1}) -> "
                + ", ".join(space.normalizations)
            )
        elif g == "aggregation":
            from .engine import aggregation_label

            rule = (
                f"min(floor({len(space.aggregations)} u), {len(space.aggregations) - 1}) -> "
                + ", ".join(aggregation_label(a) for a in space.aggregations)
            )
        elif g == "weights":
            rule = f"w * (1 - f + 2 f u), f = {space.weight_noise[0]:g} (sub-dimensions) / {space.weight_noise[1]:g} (elements); re-scaled per group"
        else:
            rule = "shift floor(3 u) - 1 in {-1, 0, +1}, clipped to the scale"
        mapping_rows.append({"input": g, "n_variables": len(members), "rule": rule})
    settings = {
        "n": n,
        "seed": int(seed),
        "runs": n * (len(mapping_rows) + 2) if len(mapping_rows) > 1 else n,
        "output": output,
        "num_resamples": num_resamples,
        "conf_level": conf_level,
    }
    note = (
        "S1: share of the variance of each case's "
        + output
        + " due to the input alone; ST: including its interactions. "
        f"Confidence intervals are +-{conf_level:.0%} bootstrap half-widths. NaN: the case's {output} never changed."
    )
    return SensitivityResult(res, output, pd.DataFrame(mapping_rows), settings, note)
