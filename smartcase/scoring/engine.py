"""The vectorised evaluation core shared by composite, uncertainty, sensitivity and variants.

A :class:`Problem` holds one validated scoring problem as arrays (cases C, indicators I, groups
G). :func:`evaluate` computes element scores and the index for R replications at once, each
replication with its own normalisation, aggregation, weights and (perturbed) values.

:class:`ChoiceSpace` describes the uncertain choices and maps a row of independent uniform
numbers U in [0, 1) to one replication's choices (the same mapping serves the Monte Carlo of
:func:`~smartcase.scoring.uncertainty` and the Sobol design of
:func:`~smartcase.scoring.sensitivity`):

* normalisation and aggregation (K alternatives each): alternative ``min(floor(K * u), K - 1)``,
  i.e. each alternative with probability 1/K;
* each weight (each sub-dimension within its element, and each element in the index):
  ``w * (1 - f + 2 f u)``, uniform on ``[w (1 - f), w (1 + f)]`` around the nominal weight w, as
  COINr's ``get_noisy_weights`` with NoiseFactor f; weights are then re-scaled to sum 1 in each
  group;
* each uncertain code: shift ``floor(3 u) - 1`` in {-1, 0, +1}, each with probability 1/3, then
  clipped to the scale (0-3), so a 0 cannot go below 0 nor a 3 above 3.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .aggregation import AGGREGATIONS, aggregate_array, rank_scores
from .errors import ScoringArgumentError, check_choice
from .inputs import ScoringData, apply_missing
from .normalization import NON_NEGATIVE, NORMALIZATIONS, normalize_array, reference_index
from .weights import Weights, make_weights

__all__ = [
    "Problem",
    "ChoiceSpace",
    "Draw",
    "build_problem",
    "evaluate",
    "parse_aggregation",
    "check_combination",
]


@dataclass(frozen=True)
class Problem:
    """One scoring problem as arrays."""

    cases: tuple[str, ...]
    indicators: tuple[str, ...]
    elements: tuple[str, ...]
    group: np.ndarray
    X0: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    direction: np.ndarray
    reference: int | None
    weights: Weights
    w_ind: np.ndarray
    w_el: np.ndarray
    missing: str

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.cases), len(self.indicators), len(self.elements)


def build_problem(
    data: ScoringData,
    weights: Any,
    *,
    reference: str | None,
    missing: str,
    normalizations: tuple[str, ...],
) -> Problem:
    """Validate weights, reference and missing values, and return the :class:`Problem`."""
    w = make_weights(weights, data.mapping)
    data = apply_missing(data, missing)
    ref = reference_index(data.cases, reference, *normalizations)
    if "goalposts" in normalizations and not data.bounded:
        raise ScoringArgumentError(
            "scale",
            "None or an unbounded indicator",
            "a finite (low, high) scale for every indicator when normalize includes 'goalposts'",
        )
    if ref is not None and "distance" in normalizations:
        row = data.values.iloc[ref]
        if row.isna().any():
            raise ScoringArgumentError(
                "reference",
                f"{data.cases[ref]!r}, which has no value for {row.index[row.isna()][0]!r}",
                "a reference case with a value on every indicator",
            )
    elements = data.elements
    group = np.array([elements.index(g) for g in data.mapping], dtype=int)
    return Problem(
        cases=data.cases,
        indicators=data.indicators,
        elements=elements,
        group=group,
        X0=data.values.to_numpy(dtype=float),
        lower=data.lower.to_numpy(),
        upper=data.upper.to_numpy(),
        direction=data.direction.to_numpy(),
        reference=ref,
        weights=w,
        w_ind=w.indicator.reindex(list(data.indicators)).to_numpy(dtype=float),
        w_el=w.element.reindex(list(elements)).to_numpy(dtype=float),
        missing=missing,
    )


def parse_aggregation(spec: Any) -> tuple[str, str]:
    """``'geometric'`` -> ('geometric', 'geometric'); ``('copeland', 'arithmetic')`` as given."""
    if isinstance(spec, str):
        check_choice("aggregation", spec, AGGREGATIONS)
        return (spec, spec)
    if isinstance(spec, tuple | list) and len(spec) == 2:
        return (
            check_choice("aggregation", spec[0], AGGREGATIONS),
            check_choice("aggregation", spec[1], AGGREGATIONS),
        )
    raise ScoringArgumentError(
        "aggregation", repr(spec), "a method name, or a pair (element level, index level)"
    )


def aggregation_label(agg: tuple[str, str]) -> str:
    return agg[0] if agg[0] == agg[1] else f"{agg[0]}/{agg[1]}"


def check_combination(norm: str, agg: tuple[str, str]) -> None:
    """Refuse combinations that feed negative numbers to a geometric mean."""
    if agg[0] == "geometric" and norm not in NON_NEGATIVE:
        raise ScoringArgumentError(
            "aggregation",
            f"'geometric' with normalize={norm!r} (negative values)",
            "a normalisation on 0-100 ('goalposts', 'minmax', 'rank', 'distance') for geometric aggregation",
        )
    if agg[1] == "geometric" and (
        agg[0] == "copeland" or (agg[0] != "geometric" and norm not in NON_NEGATIVE)
    ):
        raise ScoringArgumentError(
            "aggregation",
            f"geometric index over element scores that can be negative ({aggregation_label(agg)!r} with normalize={norm!r})",
            "non-negative element scores for a geometric index",
        )


def evaluate(
    p: Problem,
    X: np.ndarray,
    norm_idx: np.ndarray,
    normalizations: tuple[str, ...],
    agg_idx: np.ndarray,
    aggregations: tuple[tuple[str, str], ...],
    W_ind: np.ndarray,
    W_el: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Element scores (R, C, G) and index (R, C) for R replications."""
    R, C, _ = X.shape
    G = len(p.elements)
    Y = np.empty_like(X)
    for k in np.unique(norm_idx):
        sel = norm_idx == k
        Y[sel] = normalize_array(
            X[sel], normalizations[k], p.lower, p.upper, p.direction, p.reference
        )
    E = np.empty((R, C, G))
    index = np.empty((R, C))
    zero_group = np.zeros(G, dtype=int)
    for k in np.unique(agg_idx):
        sel = agg_idx == k
        l1, l2 = aggregations[k]
        Ek = aggregate_array(Y[sel], W_ind[sel], p.group, G, l1)
        E[sel] = Ek
        index[sel] = aggregate_array(Ek, W_el[sel], zero_group, 1, l2)[:, :, 0]
    return E, index


@dataclass(frozen=True)
class Draw:
    """One batch of decoded replications."""

    norm_idx: np.ndarray
    agg_idx: np.ndarray
    W_ind: np.ndarray
    W_el: np.ndarray
    shifts: np.ndarray
    X: np.ndarray


@dataclass(frozen=True)
class ChoiceSpace:
    """The uncertain choices and the mapping from uniform inputs to them (see module notes)."""

    problem: Problem
    normalizations: tuple[str, ...]
    aggregations: tuple[tuple[str, str], ...]
    weight_noise: tuple[float, float]
    code_rows: np.ndarray
    code_cols: np.ndarray
    columns: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        problem: Problem,
        normalizations: tuple[str, ...],
        aggregations: tuple[tuple[str, str], ...],
        weight_noise: tuple[float, float],
        uncertain: pd.DataFrame | None,
    ) -> ChoiceSpace:
        for n in normalizations:
            for a in aggregations:
                check_combination(n, a)
        rows = np.zeros(0, dtype=int)
        cols = np.zeros(0, dtype=int)
        if uncertain is not None:
            mask = (
                uncertain.reindex(index=list(problem.cases), columns=list(problem.indicators))
                .fillna(False)
                .to_numpy(dtype=bool, copy=True)
            )
            mask &= ~np.isnan(problem.X0)
            rows, cols = np.nonzero(mask)
        columns: list[tuple[str, str]] = []
        if len(normalizations) > 1:
            columns.append(("normalize", "normalize"))
        if len(aggregations) > 1:
            columns.append(("aggregation", "aggregation"))
        if weight_noise[0] > 0:
            columns += [
                ("weights", f"w:{i}")
                for i, w in zip(problem.indicators, problem.w_ind, strict=True)
            ]
        if weight_noise[1] > 0:
            columns += [("weights", f"w:{e}") for e in problem.elements]
        columns += [
            ("codes", f"code:{problem.cases[r]}/{problem.indicators[c]}")
            for r, c in zip(rows, cols, strict=True)
        ]
        return cls(problem, normalizations, aggregations, weight_noise, rows, cols, columns)

    @property
    def n_inputs(self) -> int:
        return len(self.columns)

    def decode(self, U: np.ndarray) -> Draw:
        """Map uniforms U (R, n_inputs) to replications."""
        p = self.problem
        R = U.shape[0]
        j = 0

        def take(k: int) -> np.ndarray:
            nonlocal j
            out = U[:, j : j + k]
            j += k
            return out

        if len(self.normalizations) > 1:
            norm_idx = np.minimum(
                (take(1)[:, 0] * len(self.normalizations)).astype(int), len(self.normalizations) - 1
            )
        else:
            norm_idx = np.zeros(R, dtype=int)
        if len(self.aggregations) > 1:
            agg_idx = np.minimum(
                (take(1)[:, 0] * len(self.aggregations)).astype(int), len(self.aggregations) - 1
            )
        else:
            agg_idx = np.zeros(R, dtype=int)
        G = len(p.elements)
        M = np.zeros((len(p.indicators), G))
        M[np.arange(len(p.indicators)), p.group] = 1.0
        if self.weight_noise[0] > 0:
            f = self.weight_noise[0]
            W_ind = p.w_ind[None, :] * (1.0 - f + 2.0 * f * take(len(p.indicators)))
            tot = (W_ind @ M)[:, p.group]
            W_ind = np.where(tot > 0, W_ind / np.where(tot > 0, tot, 1.0), 0.0)
        else:
            W_ind = np.broadcast_to(p.w_ind, (R, len(p.indicators)))
        if self.weight_noise[1] > 0:
            f = self.weight_noise[1]
            W_el = p.w_el[None, :] * (1.0 - f + 2.0 * f * take(G))
            W_el = W_el / W_el.sum(axis=1, keepdims=True)
        else:
            W_el = np.broadcast_to(p.w_el, (R, G))
        k = len(self.code_rows)
        X = np.broadcast_to(p.X0, (R, *p.X0.shape))
        if k:
            shifts = np.clip(np.floor(take(k) * 3.0).astype(np.int8) - 1, -1, 1).astype(np.int8)
            X = X.copy()
            lo = p.lower[self.code_cols]
            hi = p.upper[self.code_cols]
            base = p.X0[self.code_rows, self.code_cols]
            X[:, self.code_rows, self.code_cols] = np.clip(base[None, :] + shifts, lo, hi)
        else:
            shifts = np.zeros((R, 0), dtype=np.int8)
        return Draw(
            norm_idx, agg_idx, np.ascontiguousarray(W_ind), np.ascontiguousarray(W_el), shifts, X
        )

    def run(self, draw: Draw) -> tuple[np.ndarray, np.ndarray]:
        return evaluate(
            self.problem,
            draw.X,
            draw.norm_idx,
            self.normalizations,
            draw.agg_idx,
            self.aggregations,
            draw.W_ind,
            draw.W_el,
        )


def nominal_frame(
    p: Problem, E: np.ndarray, index: np.ndarray, attrs: dict[str, Any]
) -> pd.DataFrame:
    """The composite DataFrame for one replication: element columns, index, rank."""
    out = pd.DataFrame(E, index=pd.Index(list(p.cases), name="case_id"), columns=list(p.elements))
    out["index"] = index
    out["rank"] = rank_scores(out["index"])
    out.columns.name = None
    out.attrs.update(attrs)
    return out


def normalizations_tuple(spec: Any, argument: str = "normalize") -> tuple[str, ...]:
    """A method name or a sequence of names -> tuple, checked."""
    items = (spec,) if isinstance(spec, str) else tuple(spec)
    if not items:
        raise ScoringArgumentError(
            argument, "an empty sequence", "at least one normalisation method"
        )
    return tuple(check_choice(argument, s, NORMALIZATIONS) for s in items)


def aggregations_tuple(spec: Any) -> tuple[tuple[str, str], ...]:
    """A method name, a (level1, level2) pair, or a sequence of these -> tuple of pairs."""
    if isinstance(spec, str):
        return (parse_aggregation(spec),)
    items = tuple(spec)
    if (
        len(items) == 2
        and all(isinstance(x, str) for x in items)
        and not any(isinstance(x, tuple | list) for x in items)
    ):
        # ambiguous: ('arithmetic', 'geometric') as alternatives; pairs must be given as tuples in a list
        return tuple(parse_aggregation(x) for x in items)
    if not items:
        raise ScoringArgumentError(
            "aggregation", "an empty sequence", "at least one aggregation method"
        )
    return tuple(parse_aggregation(x) for x in items)
