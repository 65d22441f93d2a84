"""The composite index: sub-dimension -> element -> overall index, with ranks.

Examples
--------
>>> import pandas as pd
>>> codes = pd.DataFrame({"s1": [3, 0, 2], "s2": [3, 3, 2], "s3": [0, 3, 2]}, index=["x", "y", "z"])
>>> composite(codes, mapping={"s1": "e1", "s2": "e1", "s3": "e2"})["rank"].tolist()
[3, 1, 2]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from .engine import (
    aggregation_label,
    build_problem,
    check_combination,
    evaluate,
    nominal_frame,
    parse_aggregation,
)
from .errors import check_choice
from .inputs import Scale, resolve
from .normalization import NORMALIZATIONS

__all__ = ["composite"]


def composite(
    book: Any,
    *,
    normalize: Literal["goalposts", "minmax", "zscore", "rank", "distance"] = "goalposts",
    weights: Any = "equal",
    aggregation: Literal["arithmetic", "geometric", "copeland"] | tuple[str, str] = "arithmetic",
    mapping: Mapping[str, str] | pd.Series | None = None,
    scale: Scale = (0, 3),
    direction: Mapping[str, int] | pd.Series | None = None,
    reference: str | None = None,
    missing: Literal["error", "available", "mean", "median"] = "error",
    coder: str = "ref",
) -> pd.DataFrame:
    """Composite scores of each case on each element and overall, with ranks.

    The pipeline is hierarchical: sub-dimension scores are normalised, aggregated into one score
    per element with the sub-dimension weights, and the element scores into the overall index
    with the element weights.

    Parameters
    ----------
    book : CaseBook-like or pandas.DataFrame
        A case book (its reference codes, 0-3, and the framework's sub-dimension -> element
        mapping are used) or a DataFrame indexed by case id with one column per sub-dimension.
    normalize : {'goalposts', 'minmax', 'zscore', 'rank', 'distance'}, default 'goalposts'
        See :mod:`smartcase.scoring.normalization`. Goalposts map code 0 to 0 and 3 to 100.
    weights : 'equal', dict, Series or Weights, default 'equal'
        See :mod:`smartcase.scoring.weights`: equal within and across elements, or relative
        weights keyed by sub-dimension and/or element id.
    aggregation : {'arithmetic', 'geometric', 'copeland'} or (element level, index level)
        See :mod:`smartcase.scoring.aggregation` (geometric: values shifted by one point before the
        logs; Copeland: COINr's definition, wins minus losses).
    mapping : dict or Series, optional
        Sub-dimension -> element, required for a DataFrame.
    scale : (low, high), dict or None, default (0, 3)
        The theoretical range of the values (the goalposts).
    direction : dict of id -> +1/-1, optional
        -1 where less is better.
    reference : str, optional
        Reference case for ``normalize='distance'``.
    missing : {'error', 'available', 'mean', 'median'}, default 'error'
        What to do with missing values: raise; aggregate over the available values (weights
        re-scaled within each element); impute the sub-dimension's mean or median over the cases.
    coder : str, default 'ref'
        Whose codes to read from a case book.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: one column per element (framework order), then ``index`` and ``rank``
        (1 = best; tied cases share the best rank, "1, 2, 2, 4"). ``.attrs`` records the choices
        (normalize, aggregation, weights, missing, tie rule).

    Raises
    ------
    UnknownMethodError
        Unknown ``normalize``, ``aggregation`` or ``missing``.
    WeightError
        Negative weights, weights for unknown sub-dimensions or elements.
    CodeRangeError
        Codes (values) outside ``scale``.
    MissingValueError
        Missing values with ``missing='error'``.
    ScoringArgumentError
        A DataFrame without ``mapping``, ``'distance'`` without ``reference``, geometric
        aggregation of negative values (z-scores, Copeland scores).

    See Also
    --------
    uncertainty : how much the ranks depend on these choices and on thinly evidenced codes.
    one_at_a_time : rank shifts when one choice is changed.

    Notes
    -----
    The arithmetic of the defaults, for a case with codes (3, 1) on the two sub-dimensions of
    element A and (2,) on element B: goalposts give (100, 33.3) and (66.7); A = 66.7, B = 66.7;
    the index is their mean, 66.7.

    References
    ----------
    OECD/JRC (2008). *Handbook on Constructing Composite Indicators: Methodology and User
    Guide*. OECD Publishing. Becker, W. et al. COINr (R package).

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({"s1": [3, 1], "s2": [1, 1], "s3": [2, 3]}, index=["x", "y"])
    >>> out = composite(codes, mapping={"s1": "A", "s2": "A", "s3": "B"})
    >>> out.round(1)  # doctest: +NORMALIZE_WHITESPACE
                A      B  index  rank
    case_id
    x        66.7   66.7   66.7     1
    y        33.3  100.0   66.7     1
    >>> composite(codes, mapping={"s1": "A", "s2": "A", "s3": "B"}, weights={"A": 2})["rank"].tolist()
    [1, 2]
    """
    check_choice("normalize", normalize, NORMALIZATIONS)
    agg = parse_aggregation(aggregation)
    check_combination(normalize, agg)
    data = resolve(book, mapping=mapping, scale=scale, direction=direction, coder=coder)
    p = build_problem(
        data, weights, reference=reference, missing=missing, normalizations=(normalize,)
    )
    zeros = np.zeros(1, dtype=int)
    E, index = evaluate(
        p, p.X0[None, :, :], zeros, (normalize,), zeros, (agg,), p.w_ind[None, :], p.w_el[None, :]
    )
    attrs = {
        "normalize": normalize,
        "aggregation": aggregation_label(agg),
        "weights": {
            "element": p.weights.element.round(6).to_dict(),
            "subdimension": p.weights.indicator.round(6).to_dict(),
        },
        "missing": missing,
        "tie_rule": "min (tied cases share the best rank)",
    }
    return nominal_frame(p, E[0], index[0], attrs)
