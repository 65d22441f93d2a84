"""smartcase: comparative case studies of smart-city innovation.

A source-linked case base of five cities (Busan, Sejong, Bucheon, Helsinki, Barcelona) coded on
the three-element framework of Kim & Lim (2020) (technology, data and infrastructure; innovative
capacity; institutional setting), with crisp-, multi-value and fuzzy-set QCA, composite scoring
with uncertainty analysis, cross-case comparison and publication-ready tables and figures.

The public API is re-exported here and imported lazily, so ``import smartcase`` stays fast; the
analysis engines live in the sub-packages :mod:`smartcase.qca` and :mod:`smartcase.scoring`.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> sorted(book.cases.index)
['barcelona', 'bucheon', 'busan', 'helsinki', 'sejong']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# name -> module that defines it. Each area of the library keeps its own block.
_EXPORTS: dict[str, str] = {
    # errors
    "SmartcaseError": "smartcase.errors",
    "DataError": "smartcase.errors",
    "ArgumentError": "smartcase.errors",
    "QCAError": "smartcase.errors",
    "ScoringError": "smartcase.errors",
    "WorkbookError": "smartcase.errors",
    "ExchangeError": "smartcase.errors",
    # case base
    "Framework": "smartcase.framework",
    "load_framework": "smartcase.framework",
    "CaseBook": "smartcase.casebook",
    "load_cases": "smartcase.casebook",
    "list_cases": "smartcase.casebook",
    "bundled_data_dir": "smartcase.paths",
    # outputs and style
    "save_figure": "smartcase.output",
    "save_table": "smartcase.output",
    "publication_style": "smartcase.style",
    # comparison, coding analytics, strategies (issue 5)
    "ComparisonTable": "smartcase.compare",
    "comparison_matrix": "smartcase.compare",
    "meta_matrix": "smartcase.compare",
    "framework_matrix": "smartcase.compare",
    "case_overview": "smartcase.compare",
    "group_contrast": "smartcase.compare",
    "harvey_ball": "smartcase.compare",
    "Typology": "smartcase.typology",
    "case_distances": "smartcase.typology",
    "cluster_cases": "smartcase.typology",
    "dendrogram_plot": "smartcase.typology",
    "element_profile": "smartcase.typology",
    "three_set_plot": "smartcase.typology",
    "evidence_counts": "smartcase.coding",
    "evidence_timeline": "smartcase.coding",
    "timeline_plot": "smartcase.coding",
    "source_profile": "smartcase.provenance",
    "code_support": "smartcase.provenance",
    "ReliabilityResult": "smartcase.agreement",
    "reliability": "smartcase.agreement",
    "weighted_kappa": "smartcase.agreement",
    "load_strategies": "smartcase.strategy",
    "strategy_stages": "smartcase.strategy",
    "diagnose_stage": "smartcase.strategy",
    "recommend": "smartcase.strategy",
    "StageDiagnosis": "smartcase.strategy",
    # interop: workbook, REFI-QDA, R (issue 7)
    "export_workbook": "smartcase.workbook",
    "read_workbook": "smartcase.workbook",
    "new_workbook": "smartcase.workbook",
    "write_case_base": "smartcase.workbook",
    "export_qdc": "smartcase.refiqda",
    "export_qdpx": "smartcase.refiqda",
    "read_qdc": "smartcase.refiqda",
    "read_qdpx": "smartcase.refiqda",
    "QdpxImport": "smartcase.refiqda",
    # second coder: blind coding workbook and adjudication (issue 15)
    "export_coding_workbook": "smartcase.coding_workbook",
    "read_coding_workbook": "smartcase.coding_workbook",
    "adjudicate": "smartcase.coding_workbook",
    "evidence_assignment": "smartcase.coding_workbook",
    "write_r_csv": "smartcase.rinterop",
    "parse_r_solution": "smartcase.rinterop",
    "parse_r_models": "smartcase.rinterop",
    # cases -> QCA set memberships
    "case_memberships": "smartcase.membership",
    "calibration_table": "smartcase.membership",
    # regeneration (issue 6)
    "regenerate": "smartcase.reproduce",
    # narratives, the combined approach, programmes, lessons (issue 11); the computed
    # sentences live in the module smartcase.findings (``from smartcase import findings``)
    "narrative_markdown": "smartcase.narrative",
    "narrative_summary": "smartcase.narrative",
    "combined_approach": "smartcase.approach",
    "combined_approach_plot": "smartcase.approach",
    "programme_elements": "smartcase.programmes",
    "programme_timeline": "smartcase.programmes",
    "programme_timeline_plot": "smartcase.programmes",
    "contrast_evidence": "smartcase.contrast",
    "lessons": "smartcase.contrast",
}

# exported name -> name in its module, where they differ
_ALIASES: dict[str, str] = {"strategy_stages": "stages", "regenerate": "reproduce"}

_SUBMODULES = {"qca", "scoring", "publish", "walkthrough", "charts"}

__all__ = sorted([*_EXPORTS, *_SUBMODULES, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(_EXPORTS[name])
        value = getattr(module, _ALIASES.get(name, name))
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        module = importlib.import_module(f"smartcase.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'smartcase' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from . import charts, publish, qca, scoring, walkthrough  # noqa: F401
    from .agreement import ReliabilityResult, reliability, weighted_kappa  # noqa: F401
    from .approach import combined_approach, combined_approach_plot  # noqa: F401
    from .casebook import CaseBook, list_cases, load_cases  # noqa: F401
    from .coding import evidence_counts, evidence_timeline, timeline_plot  # noqa: F401
    from .coding_workbook import (  # noqa: F401
        adjudicate,
        evidence_assignment,
        export_coding_workbook,
        read_coding_workbook,
    )
    from .compare import (  # noqa: F401
        ComparisonTable,
        case_overview,
        comparison_matrix,
        framework_matrix,
        group_contrast,
        harvey_ball,
        meta_matrix,
    )
    from .contrast import contrast_evidence, lessons  # noqa: F401
    from .errors import (  # noqa: F401
        ArgumentError,
        DataError,
        ExchangeError,
        QCAError,
        ScoringError,
        SmartcaseError,
        WorkbookError,
    )
    from .framework import Framework, load_framework  # noqa: F401
    from .membership import calibration_table, case_memberships  # noqa: F401
    from .narrative import narrative_markdown, narrative_summary  # noqa: F401
    from .output import save_figure, save_table  # noqa: F401
    from .paths import bundled_data_dir  # noqa: F401
    from .programmes import (  # noqa: F401
        programme_elements,
        programme_timeline,
        programme_timeline_plot,
    )
    from .provenance import code_support, source_profile  # noqa: F401
    from .refiqda import QdpxImport, export_qdc, export_qdpx, read_qdc, read_qdpx  # noqa: F401
    from .reproduce import reproduce as regenerate  # noqa: F401
    from .rinterop import parse_r_models, parse_r_solution, write_r_csv  # noqa: F401
    from .strategy import StageDiagnosis, diagnose_stage, load_strategies, recommend  # noqa: F401
    from .strategy import stages as strategy_stages  # noqa: F401
    from .style import publication_style  # noqa: F401
    from .typology import (  # noqa: F401
        Typology,
        case_distances,
        cluster_cases,
        dendrogram_plot,
        element_profile,
        three_set_plot,
    )
    from .workbook import export_workbook, new_workbook, read_workbook, write_case_base  # noqa: F401
