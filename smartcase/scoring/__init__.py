"""Composite scores of the framework, with uncertainty and sensitivity analysis.

A generic composite-indicator engine in the spirit of the OECD/JRC *Handbook on Constructing
Composite Indicators* (2008) and R's COINr: it takes a cases x sub-dimensions table (a
:class:`smartcase.CaseBook`'s reference codes, or any DataFrame with a sub-dimension -> element
mapping) and knows nothing of the smart-city cases.

* :func:`composite` - normalise, weight and aggregate sub-dimension -> element -> index, with ranks.
* :func:`normalize`, :func:`aggregate`, :func:`outranking_matrix`, :func:`rank_scores` - the steps.
* :func:`make_weights`, :func:`equal_weights`, :func:`budget_allocation`, :func:`ahp` - weights.
* :func:`uncertainty` - vectorised Monte Carlo over the analyst's choices and over thinly
  evidenced codes (median rank and 5-95 % interval per case, rank frequencies, per-replication
  record).
* :func:`sensitivity`, :func:`sobol_indices` - first-order and total Sobol indices (SALib).
* :func:`coherence` - rank correlations between sub-dimensions, elements and the index.
* :func:`one_at_a_time` - one-at-a-time variants with the mean absolute rank shift.
* :func:`external_validation`, :func:`load_external_assessments`, :func:`load_indicators`,
  :func:`indicator_matrix` - external assessments and quantitative indicators.
* :func:`plot_element_scores`, :func:`plot_rank_frequency`, :func:`plot_radar` - pictures.

Modules (named so that no module shadows a function of the same name): ``inputs``,
``normalization``, ``weights``, ``aggregation``, ``composite_index``, ``engine``, ``montecarlo``
(uncertainty), ``sobol`` (sensitivity), ``correlation`` (coherence), ``variants``,
``validation``, ``data``, ``plots``, ``errors``.

Examples
--------
>>> import pandas as pd
>>> from smartcase import scoring
>>> codes = pd.DataFrame({"s1": [3, 1], "s2": [2, 0], "s3": [1, 3]}, index=["x", "y"])
>>> scoring.composite(codes, mapping={"s1": "e1", "s2": "e1", "s3": "e2"}).round(1)  # doctest: +NORMALIZE_WHITESPACE
           e1     e2  index  rank
case_id
x        83.3   33.3   58.3     1
y        16.7  100.0   58.3     1
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> submodule (relative to smartcase.scoring). Imported on first use.
_EXPORTS: dict[str, str] = {
    # pipeline
    "composite": "composite_index",
    "normalize": "normalization",
    "aggregate": "aggregation",
    "outranking_matrix": "aggregation",
    "rank_scores": "aggregation",
    "NORMALIZATIONS": "normalization",
    "AGGREGATIONS": "aggregation",
    # weights
    "Weights": "weights",
    "make_weights": "weights",
    "equal_weights": "weights",
    "budget_allocation": "weights",
    "ahp": "weights",
    "AHPResult": "weights",
    "RANDOM_INDEX": "weights",
    # robustness
    "uncertainty": "montecarlo",
    "UncertaintyResult": "montecarlo",
    "sensitivity": "sobol",
    "sobol_indices": "sobol",
    "SensitivityResult": "sobol",
    "sobol_memory_estimate": "sobol",
    "coherence": "correlation",
    "CoherenceResult": "correlation",
    "one_at_a_time": "variants",
    # external validation and indicator data
    "external_validation": "validation",
    "ExternalValidation": "validation",
    "load_external_assessments": "data",
    "load_indicators": "data",
    "indicator_matrix": "data",
    "IndicatorMatrix": "data",
    # pictures
    "plot_element_scores": "plots",
    "plot_rank_frequency": "plots",
    "plot_radar": "plots",
    # inputs and errors
    "uncertain_codes": "inputs",
    "ScoringArgumentError": "errors",
    "UnknownMethodError": "errors",
    "WeightError": "errors",
    "CodeRangeError": "errors",
    "AHPError": "errors",
    "MissingValueError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'smartcase.scoring' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
