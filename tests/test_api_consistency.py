"""Every result object of the public API offers the same ``to_frame()`` (issue 13).

The test walks the public API (``smartcase.__all__`` and the ``__all__`` of every module and
subpackage), and collects every smartcase dataclass that is exported or that a public function or
method says it returns. Each one is either a result, which must have a callable ``to_frame``
returning a DataFrame on a real result built by ``RESULTS`` below, or a container that is not a
table, listed in ``NOT_RESULTS`` with the reason. A new result class without ``to_frame`` (or
without an entry in one of the two) fails here.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
import sys
import warnings
from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd
import pytest

import smartcase

# Dataclasses of the public API that hold no single table, with the reason.
NOT_RESULTS: dict[str, str] = {
    "smartcase.casebook.CaseBook": "the case base: its tables are attributes (.cases, .codes, ...)",
    "smartcase.framework.Framework": "the framework: its tables are attributes (.codebook, ...)",
    "smartcase.refiqda.QdpxImport": "a case-base draft: .book and .tables hold its tables",
    "smartcase.qca.expression.Expression": "a Boolean expression, not a table",
    "smartcase.qca.expression.Term": "a conjunction of literals, part of an Expression",
    "smartcase.qca.expression.Literal": "one condition at a value, part of a Term",
    "smartcase.scoring.inputs.ScoringData": "the scoring engine's resolved input, not a result",
    "smartcase.scoring.engine.Problem": "the scoring engine's compiled problem, not a result",
    "smartcase.scoring.engine.ChoiceSpace": "the Monte Carlo's space of choices, not a result",
    "smartcase.scoring.engine.Draw": "one Monte Carlo draw of choices, not a result",
    "smartcase.schema.FieldSpec": "schema metadata of one column",
    "smartcase.schema.TableSpec": "schema metadata of one table",
    "smartcase.publish.Published": "one registry record; publish.registry() is the table",
    "smartcase.explorer.ExplorerPage": "one HTML page of the case explorer",
    "smartcase.findings.FindingsText": "rendered sentences; the findings functions return tables",
}


# ------------------------------------------------------------------------- walking the API
def _modules() -> list[Any]:
    names = ["smartcase"] + [
        m.name for m in pkgutil.walk_packages(smartcase.__path__, prefix="smartcase.")
    ]
    out = []
    for name in names:
        if name.startswith("smartcase.__main__"):
            continue
        out.append(importlib.import_module(name))
    return out


@cache
def _all_dataclasses() -> dict[str, list[type]]:
    """Public dataclasses defined in smartcase, by class name."""
    by_name: dict[str, list[type]] = {}
    for mod in _modules():
        for name, obj in vars(mod).items():
            if (
                inspect.isclass(obj)
                and obj.__module__ == mod.__name__
                and dataclasses.is_dataclass(obj)
                and not name.startswith("_")
            ):
                by_name.setdefault(name, []).append(obj)
    return by_name


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _returned_classes(func: Callable[..., Any]) -> set[type]:
    """Smartcase dataclasses named in the return annotation of ``func``."""
    ann = inspect.signature(func).return_annotation
    if ann is inspect.Signature.empty:
        return set()
    text = ann if isinstance(ann, str) else getattr(ann, "__name__", str(ann))
    module = sys.modules[func.__module__]
    found: set[type] = set()
    for ident in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
        obj = getattr(module, ident, None)  # what the name means where it is written
        if obj is None:  # imported only for type checking: the one dataclass of that name
            candidates = _all_dataclasses().get(ident, [])
            obj = candidates[0] if len(candidates) == 1 else None
        if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
            if obj.__module__.startswith("smartcase"):
                found.add(obj)
    return found


@cache
def public_result_candidates() -> dict[str, set[str]]:
    """Every exported or returned smartcase dataclass -> where it was found."""
    found: dict[str, set[str]] = {}

    def add(cls: type, where: str) -> None:
        found.setdefault(_qualname(cls), set()).add(where)

    for mod in _modules():
        for name in getattr(mod, "__all__", []):
            obj = getattr(mod, name, None)
            where = f"{mod.__name__}.{name}"
            if inspect.isclass(obj) and obj.__module__.startswith("smartcase"):
                if dataclasses.is_dataclass(obj):
                    add(obj, where)
                for meth_name, meth in vars(obj).items():
                    if meth_name.startswith("_"):
                        continue
                    func = meth.fget if isinstance(meth, property) else meth
                    if inspect.isfunction(func):
                        for cls in _returned_classes(func):
                            add(cls, f"{where}.{meth_name}")
            elif inspect.isfunction(obj):
                for cls in _returned_classes(obj):
                    add(cls, where)
    return found


# ------------------------------------------------------------------ real results, by class
@pytest.fixture(scope="module")
def book() -> smartcase.CaseBook:
    return smartcase.load_cases()


@cache
def _lf_solutions() -> tuple[Any, Any]:
    from smartcase.qca import minimize, truth_table
    from smartcase.qca.datasets import load_dataset

    lf = load_dataset("LF")
    initial = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    test = minimize(truth_table(lf, "SURV", incl_cut=0.9), include="?")
    return initial, test


def _scoring_codes() -> pd.DataFrame:
    return pd.DataFrame(
        {"s1": [3, 1, 2, 0], "s2": [2, 0, 2, 1], "s3": [1, 3, 2, 2]}, index=["w", "x", "y", "z"]
    )


_MAPPING = {"s1": "e1", "s2": "e1", "s3": "e2"}


def _truth_table(book: smartcase.CaseBook) -> Any:
    from smartcase.qca import truth_table
    from smartcase.qca.datasets import load_dataset

    return truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)


def _robustness_protocol(book: smartcase.CaseBook) -> Any:
    from smartcase.qca import robustness_protocol
    from smartcase.qca.datasets import load_dataset

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return robustness_protocol(
            load_dataset("LF"), "SURV", incl_cut=0.8, incl_cuts=[0.9], case_deletion=False
        )


def _rob_cases(book: smartcase.CaseBook) -> Any:
    from smartcase.qca import rob_cases

    initial, test = _lf_solutions()
    return rob_cases(test, initial)


def _theory(book: smartcase.CaseBook) -> Any:
    from smartcase.qca import theory_evaluation

    return theory_evaluation("DEV*STB", _lf_solutions()[0])


def _external(book: smartcase.CaseBook) -> Any:
    from smartcase import scoring

    return scoring.external_validation(
        scoring.composite(book)["rank"], scoring.load_external_assessments()
    )


RESULTS: dict[str, Callable[[smartcase.CaseBook], Any]] = {
    "smartcase.agreement.ReliabilityResult": lambda b: smartcase.reliability(b.codes, n_boot=20),
    "smartcase.compare.ComparisonTable": lambda b: smartcase.comparison_matrix(b),
    "smartcase.typology.Typology": lambda b: smartcase.cluster_cases(b),
    "smartcase.strategy.StageDiagnosis": lambda b: smartcase.diagnose_stage(b, "sejong"),
    "smartcase.qca.truthtable.TruthTable": _truth_table,
    "smartcase.qca.minimization.Solution": lambda b: _lf_solutions()[0],
    "smartcase.qca.robustness.RobustnessCases": _rob_cases,
    "smartcase.qca.robustness.RobustnessProtocol": _robustness_protocol,
    "smartcase.qca.theory.TheoryEvaluation": _theory,
    "smartcase.scoring.correlation.CoherenceResult": lambda b: smartcase.scoring.coherence(b),
    "smartcase.scoring.montecarlo.UncertaintyResult": lambda b: smartcase.scoring.uncertainty(
        b, n=200, seed=1
    ),
    "smartcase.scoring.sobol.SensitivityResult": lambda b: smartcase.scoring.sensitivity(
        _scoring_codes(), n=64, mapping=_MAPPING, codes="none", seed=0
    ),
    "smartcase.scoring.validation.ExternalValidation": _external,
    "smartcase.scoring.weights.Weights": lambda b: smartcase.scoring.make_weights(
        {"s1": 3, "e2": 2}, _MAPPING
    ),
    "smartcase.scoring.weights.AHPResult": lambda b: smartcase.scoring.ahp(
        [[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]]
    ),
    "smartcase.scoring.data.IndicatorMatrix": lambda b: smartcase.scoring.indicator_matrix(
        smartcase.scoring.load_indicators()
    ),
}


# ---------------------------------------------------------------------------------- tests
def test_the_walk_finds_the_known_result_classes() -> None:
    found = public_result_candidates()
    # a check of the walk itself: classes only returned (never exported) are found too
    assert "smartcase.qca.theory.TheoryEvaluation" in found
    assert "smartcase.qca.robustness.RobustnessCases" in found
    assert "smartcase.strategy.StageDiagnosis" in found


def test_every_public_dataclass_is_classified() -> None:
    found = public_result_candidates()
    unclassified = {
        name: sorted(where)[:3]
        for name, where in found.items()
        if name not in RESULTS and name not in NOT_RESULTS
    }
    assert not unclassified, (
        "public dataclasses that are neither results with a to_frame() test (RESULTS) nor "
        f"listed as non-tables (NOT_RESULTS): {unclassified}"
    )
    stale = (set(RESULTS) | set(NOT_RESULTS)) - set(found)
    assert not stale, f"listed here but no longer in the public API: {sorted(stale)}"


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_result_class_has_to_frame(name: str) -> None:
    module, cls_name = name.rsplit(".", 1)
    cls = getattr(importlib.import_module(module), cls_name)
    method = getattr(cls, "to_frame", None)
    assert callable(method), f"{name} has no to_frame()"
    doc = inspect.getdoc(method) or ""
    assert "Examples" in doc and ">>>" in doc, f"{name}.to_frame has no Examples section"


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_to_frame_returns_a_dataframe_on_a_real_result(name: str, book: smartcase.CaseBook) -> None:
    result = RESULTS[name](book)
    assert _qualname(type(result)) == name
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0 and len(frame.columns) > 0
    # a new frame each time: what the caller does to it does not reach the result
    assert frame is not result.to_frame()


def test_to_df_is_a_deprecated_alias(book: smartcase.CaseBook) -> None:
    diag = smartcase.diagnose_stage(book, "sejong")
    with pytest.deprecated_call(match="to_frame"):
        old = diag.to_df()
    pd.testing.assert_frame_equal(old, diag.to_frame())


def test_no_result_class_offers_only_to_df() -> None:
    for name in public_result_candidates():
        module, cls_name = name.rsplit(".", 1)
        cls = getattr(importlib.import_module(module), cls_name)
        if hasattr(cls, "to_df"):
            assert hasattr(cls, "to_frame"), f"{name} offers to_df() but not to_frame()"
