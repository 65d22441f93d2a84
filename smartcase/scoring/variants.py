"""One-at-a-time variants: change one choice, keep the rest nominal, and measure the rank shift.

The summary statistic is the mean absolute rank shift of the OECD/JRC Handbook,
``(1 / C) * sum_c |rank_nominal(c) - rank_variant(c)|`` over the C cases, with the largest shift
beside it. This complements the Monte Carlo (:func:`~smartcase.scoring.uncertainty`): it says
which single change moves the ranking, including dropping an element or a sub-dimension (COINr's
``remove_elements``).

Examples
--------
>>> import pandas as pd
>>> codes = pd.DataFrame({"s1": [3, 0, 2], "s2": [3, 3, 2], "s3": [0, 3, 2]}, index=["x", "y", "z"])
>>> oat = one_at_a_time(codes, mapping={"s1": "A", "s2": "A", "s3": "B"}, drop=("element",))
>>> oat[["x", "y", "z", "mean_abs_rank_shift"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                       x  y  z  mean_abs_rank_shift
variant
nominal                3  1  2                 0.00
normalize=minmax       2  1  2                 0.33
normalize=zscore       3  1  2                 0.00
normalize=rank         2  1  3                 0.67
aggregation=geometric  3  2  1                 0.67
aggregation=copeland   2  1  3                 0.67
drop element A         3  1  2                 0.00
drop element B         1  3  2                 1.33
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from .composite_index import composite
from .engine import check_combination, parse_aggregation
from .errors import ScoringArgumentError, check_choice
from .inputs import Scale, resolve
from .normalization import NORMALIZATIONS, NormalizeMethod
from .weights import Weights, make_weights

__all__ = ["one_at_a_time"]


def one_at_a_time(
    book: Any,
    *,
    normalize: NormalizeMethod = "goalposts",
    weights: Any = "equal",
    aggregation: Any = "arithmetic",
    normalize_alternatives: Sequence[str] = ("minmax", "zscore", "rank"),
    aggregation_alternatives: Sequence[str] = ("geometric", "copeland"),
    drop: Sequence[Literal["element", "subdimension"]] = ("element", "subdimension"),
    mapping: Mapping[str, str] | pd.Series | None = None,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    reference: str | None = None,
    missing: Literal["error", "available", "mean", "median"] = "error",
    coder: str = "ref",
) -> pd.DataFrame:
    """Ranks under one-at-a-time changes of the nominal composite, with the mean absolute rank shift.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        As for :func:`composite`.
    normalize, weights, aggregation
        The nominal choices.
    normalize_alternatives, aggregation_alternatives : sequence of str
        Methods swapped in one at a time (the nominal one is skipped).
    drop : sequence of {'element', 'subdimension'}, default both
        Also drop each element (its weight set to 0) and each sub-dimension in turn.
    mapping, scale, direction, reference, missing, coder
        As for :func:`composite`.

    Returns
    -------
    pandas.DataFrame
        Indexed by variant (first row ``nominal``): ``kind``, one rank column per case,
        ``mean_abs_rank_shift`` and ``max_abs_rank_shift``. Variants that cannot be computed
        (e.g. z-scores with a geometric mean) are listed in ``.attrs['skipped']`` with the reason.

    Raises
    ------
    ScoringArgumentError, UnknownMethodError
        As for :func:`composite`; unknown ``drop`` kinds.
    """
    for what in drop:
        check_choice("drop", what, ("element", "subdimension"))
    for m in normalize_alternatives:
        check_choice("normalize_alternatives", m, NORMALIZATIONS)
    nominal_agg = parse_aggregation(aggregation)
    common: dict[str, Any] = {
        "mapping": mapping,
        "scale": scale,
        "direction": direction,
        "reference": reference,
        "missing": missing,
        "coder": coder,
    }
    nominal = composite(
        book, normalize=normalize, weights=weights, aggregation=aggregation, **common
    )
    data = resolve(book, mapping=mapping, scale=scale, direction=direction, coder=coder)
    w0 = make_weights(weights, data.mapping)
    variants: list[tuple[str, str, dict[str, Any]]] = [("nominal", "nominal", {})]
    for m in normalize_alternatives:
        if m != normalize:
            variants.append((f"normalize={m}", "normalize", {"normalize": m}))
    for a in aggregation_alternatives:
        pa = parse_aggregation(a)
        if pa != nominal_agg:
            variants.append((f"aggregation={a}", "aggregation", {"aggregation": a}))
    if "element" in drop:
        for e in data.elements:
            variants.append(
                (
                    f"drop element {e}",
                    "drop element",
                    {"weights": _drop(w0, data.mapping, element=e)},
                )
            )
    if "subdimension" in drop:
        for s in data.indicators:
            variants.append(
                (
                    f"drop subdimension {s}",
                    "drop subdimension",
                    {"weights": _drop(w0, data.mapping, indicator=s)},
                )
            )
    rows = []
    skipped: list[dict[str, str]] = []
    base = nominal["rank"].astype(float).to_numpy()
    for name, kind, change in variants:
        args = {"normalize": normalize, "weights": w0, "aggregation": aggregation, **change}
        try:
            check_combination(args["normalize"], parse_aggregation(args["aggregation"]))
            if isinstance(args["weights"], Weights) and args["weights"].element.sum() <= 0:
                raise ScoringArgumentError(
                    "drop", name, "a variant that keeps at least one element"
                )
            out = nominal if name == "nominal" else composite(book, **args, **common)
        except ScoringArgumentError as exc:
            skipped.append({"variant": name, "reason": str(exc)})
            continue
        ranks = out["rank"].astype(float).to_numpy()
        shift = np.abs(ranks - base)
        rec: dict[str, Any] = {"variant": name, "kind": kind}
        rec.update({c: int(r) for c, r in zip(out.index, ranks, strict=True)})
        rec["mean_abs_rank_shift"] = float(np.nanmean(shift))
        rec["max_abs_rank_shift"] = int(np.nanmax(shift))
        rows.append(rec)
    table = pd.DataFrame(rows).set_index("variant")
    table.attrs["skipped"] = skipped
    table.attrs["nominal"] = nominal.attrs
    table.attrs["note"] = (
        "mean_abs_rank_shift = (1/C) * sum over cases of |nominal rank - variant rank| (OECD/JRC Handbook)."
    )
    return table


def _drop(
    w: Weights, mapping: pd.Series, *, element: str | None = None, indicator: str | None = None
) -> Weights:
    ind = w.indicator.copy()
    el = w.element.copy()
    if element is not None:
        el[element] = 0.0
    if indicator is not None:
        ind[indicator] = 0.0
        g = mapping[indicator]
        members = mapping.index[mapping == g]
        if ind[members].sum() <= 0:
            el[g] = 0.0
            ind[members] = 1.0 / len(members)
    if el.sum() > 0:
        el = el / el.sum()
    for g in dict.fromkeys(mapping):
        members = mapping.index[mapping == g]
        tot = ind[members].sum()
        if tot > 0:
            ind[members] = ind[members] / tot
    return Weights(ind, el)
