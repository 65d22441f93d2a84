"""Qualitative comparative analysis (crisp, multi-value and fuzzy sets).

A generic QCA engine that takes DataFrames and knows nothing of the smart-city cases. Names follow
R's ``QCA`` package (Dusa) in snake_case: :func:`calibrate`, :func:`truth_table`, :func:`minimize`,
:func:`parameters_of_fit` (alias :func:`pof`), :func:`super_subset`, :func:`find_thresholds`,
:func:`xy_plot`. Boolean expressions are written in QCA notation (``A*~B + C``, multi-value
literals ``A[1]``).

Modules: ``expression`` (parsing, printing and evaluating expressions), ``truthtable``,
``minimization`` (exact minimisation, all minimal models, intermediate solutions), ``fit``
(sufficiency fit, Haesebrouck's consistency), ``calibration`` (direct, indirect, crisp
calibration; thresholds), ``setops`` (fuzzy and/or/not), ``necessity`` (necessity fit,
:func:`super_subset`), ``fit_parameters`` (:func:`parameters_of_fit`, :func:`qca_fit`),
``plots`` (XY plots and truth-table Venn diagrams), ``boolean`` (:func:`negate`,
:func:`simplify`, :func:`intersection`, :func:`factorize`), ``assumptions`` (:func:`find_rows`,
:func:`esa`, :func:`lr_intersect`), ``term_memberships`` (:func:`pimdata`), ``robustness``
(Oana & Schneider's protocol: :func:`rob_calibrange`, :func:`rob_inclrange`,
:func:`rob_ncutrange`, :func:`rob_fit`, :func:`rob_corefit`, :func:`rob_cases`,
:func:`rob_singletest`, :func:`rob_case_deletion`, :func:`robustness_protocol`),
``case_selection`` (SetMethods' :func:`smmr`, :func:`case_types`; :func:`xy_plot_case_types` is
in ``plots``) and ``theory`` (:func:`theory_evaluation`). No module shares
its name with a function, so ``smartcase.qca.calibrate`` is always the function.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> submodule (relative to smartcase.qca). Imported on first use.
_EXPORTS: dict[str, str] = {
    # core: expressions, truth tables, minimisation, sufficiency fit
    "Expression": "expression",
    "parse_expression": "expression",
    "TruthTable": "truthtable",
    "truth_table": "truthtable",
    "Solution": "minimization",
    "minimize": "minimization",
    "QCAWarning": "minimization",
    "parse_relation": "expression",
    "sufficiency_fit": "fit",
    "load_dataset": "datasets",
    "list_datasets": "datasets",
    # calibration, set operations, necessity, parameters of fit, pictures
    "calibrate": "calibration",
    "find_thresholds": "calibration",
    "fuzzy_and": "setops",
    "fuzzy_or": "setops",
    "fuzzy_not": "setops",
    "super_subset": "necessity",
    "parameters_of_fit": "fit_parameters",
    "pof": "fit_parameters",
    "qca_fit": "fit_parameters",
    "haesebrouck_consistency": "fit",
    "xy_plot": "plots",
    "venn_plot": "plots",
    # case memberships in the terms of a solution (SetMethods pimdata)
    "pimdata": "term_memberships",
    # Boolean algebra on expressions
    "negate": "boolean",
    "simplify": "boolean",
    "intersection": "boolean",
    "factorize": "boolean",
    "equivalent": "boolean",
    # untenable and contradictory assumptions
    "find_rows": "assumptions",
    "esa": "assumptions",
    "lr_intersect": "assumptions",
    # robustness (Oana & Schneider's protocol; SetMethods rob.*)
    "rob_inclrange": "robustness",
    "rob_ncutrange": "robustness",
    "rob_calibrange": "robustness",
    "rob_fit": "robustness",
    "rob_corefit": "robustness",
    "rob_cases": "robustness",
    "rob_singletest": "robustness",
    "rob_case_deletion": "robustness",
    "robustness_protocol": "robustness",
    # theory evaluation (SetMethods theory.evaluation)
    "theory_evaluation": "theory",
    # case selection for within-case study (SetMethods smmr)
    "smmr": "case_selection",
    "case_types": "case_selection",
    "xy_plot_case_types": "plots",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"{__name__}.{_EXPORTS[name]}")
        value = getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'smartcase.qca' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
