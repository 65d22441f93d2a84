"""Policy strategies: smartcase's stage model, stage diagnosis and prioritised recommendations.

Kim & Lim (2020) end their report with policy directions, detailed strategies for each of the
three elements and priorities for different policy stages. Only the directions are public (in the
report's English abstract); the wording of the strategies and the names and number of the stages
are not. This module therefore works with two tables that are **smartcase's own synthesis**:

* ``data/stages.csv`` -- the *smartcase stage model*: ``s1`` foundation and experimentation,
  ``s2`` scaling and institutionalisation, ``s3`` co-production, each with entry conditions on
  the codes held as data (see :func:`stages`);
* ``data/strategies.csv`` -- a catalogue of strategies for each element (and a few cross-cutting
  ones for the outcome), each tied to one of the abstract's policy directions and citing case
  evidence that shows the practice working (see :func:`load_strategies`).

:func:`diagnose_stage` places a case in a stage by rules on its codes and says which rules fired,
with the codes and evidence ids behind them. :func:`recommend` ranks the catalogue's strategies
for the case's stage, weakest targeted sub-dimension first, each with the gap in codes that
motivates it and a peer case whose codes and evidence show the practice working.

Examples
--------
>>> list(stages().index)
['s1', 's2', 's3']
>>> from smartcase import load_cases
>>> book = load_cases()
>>> diagnose_stage(book, "helsinki").stage in {"s1", "s2", "s3"}
True
>>> recs = recommend(book, "busan", n=3)
>>> recs.columns[:5].tolist()
['priority', 'element', 'strategy', 'reason', 'peer_case']
"""

from __future__ import annotations

import html
import math
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .casebook import REFERENCE_CODER, CaseBook
from .errors import ArgumentError, DataError
from .framework import LEVEL_LABELS, Framework, load_framework
from .paths import bundled_data_dir
from .schema import read_table, split_ids, table_specs

__all__ = [
    "DIRECTIONS",
    "NO_PEER",
    "OUTCOME_ELEMENT",
    "StageDiagnosis",
    "load_strategies",
    "stages",
    "diagnose_stage",
    "recommend",
]

#: The policy directions of the report's public English abstract (Kim & Lim 2020), by the ids
#: used in the ``direction`` column of the catalogue; the descriptions are smartcase's words.
DIRECTIONS: dict[str, str] = {
    "quality_of_life": "improving residents' quality of life as the main goal",
    "people_technology": "a people-oriented approach that uses new technology",
    "bottom_up_governance": "smart governance as a bottom-up mechanism for co-production",
    "enabling_government": (
        "the local government as builder of environmental and institutional conditions "
        "for residents, firms and civil society"
    ),
    "diverse_problems": (
        "widening the policy target beyond physical environment and safety to diverse local problems"
    ),
}
#: ``element_id`` of catalogue entries that aim at the outcome rather than one element.
OUTCOME_ELEMENT = "outcome"
#: What :func:`recommend` writes in ``peer_case`` when no other case shows the practice.
NO_PEER = "no peer in this case base"

_COND = re.compile(r"^([a-z][a-z0-9_]*)>=([0-3](?:\.[0-9]+)?)$")
_RULE_COLUMNS = ("element_min", "subdimension_all", "subdimension_any", "outcome_min")
_RESULT_COLUMNS = [
    "priority",
    "element",
    "strategy",
    "reason",
    "peer_case",
    "strategy_id",
    "stage_id",
    "direction",
    "target_subdimensions",
    "case_codes",
    "peer_codes",
    "peer_evidence_ids",
    "peer_basis",
]


# ------------------------------------------------------------------ loading
def _with_origin(df: pd.DataFrame, key: str, path: Path) -> pd.DataFrame:
    """Index a table read by :func:`read_table` by ``key``, keeping each row's line in attrs."""
    lines = dict(zip(df[key], (ln for _, ln in df.attrs.get("origin", [])), strict=False))
    out = df.set_index(key)
    out.attrs = {"file": str(path), "lines": lines, "data_dir": str(path.parent)}
    return out


def _where(table: pd.DataFrame, row_id: str, default_file: str) -> dict[str, Any]:
    """``file``/``line`` (or ``row``) keyword arguments of a DataError about ``row_id``."""
    file = table.attrs.get("file", default_file)
    line = table.attrs.get("lines", {}).get(row_id)
    return {"file": file, "line": line} if line is not None else {"file": file, "row": repr(row_id)}


def stages(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The smartcase stage model: stages in order, with their entry conditions.

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder holding ``stages.csv`` (layout: resource ``stages`` of
        ``data/datapackage.json``). Default: the bundled stage model.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``stage_id`` in stage order; columns ``order, label, summary, priorities,
        element_min, subdimension_all, subdimension_any, outcome_min, basis``. The condition
        columns hold ``';'``-separated ``<id>>=<threshold>`` terms: ``element_min`` on the mean
        code (0-3) of an element's sub-dimensions, ``subdimension_all`` on codes that must all
        reach their level, ``subdimension_any`` on codes at least one of which must, and
        ``outcome_min`` on the outcome code.

    Raises
    ------
    DataError
        The file is missing or malformed (naming file, line and field).

    See Also
    --------
    diagnose_stage : Places a case in a stage by these conditions.

    Notes
    -----
    The stages are smartcase's own design. Kim & Lim (2020) propose priorities "in different
    policy stages", but the report's stage names and number of stages are not public. The
    three stages follow the sequence common to published smart-city maturity models: from
    technology- or project-led beginnings, through city-led integration, to citizen
    co-creation (Cohen 2015; Clarke 2013). A case reaches a stage only when it meets the
    conditions of that stage and of every earlier one; the first stage has no conditions.

    References
    ----------
    Cohen, B. (2015). The 3 generations of smart cities. *Fast Company*, 10 August 2015.
    https://www.fastcompany.com/3047795/the-3-generations-of-smart-cities

    Clarke, R. Y. (2013). *Business Strategy: IDC Government Insights' Smart City Maturity
    Model -- Assessment and Action on the Path to Maturity*. IDC Government Insights #GI240620.

    Examples
    --------
    >>> st = stages()
    >>> st.loc["s2", "label"]
    'Scaling and institutionalisation'
    >>> st.loc["s2", "subdimension_all"]
    'strategy_plan>=2'
    """
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    path = folder / "stages.csv"
    table = _with_origin(read_table(path, table_specs()["stages"]), "stage_id", path)
    return table.sort_values("order", kind="stable")


def load_strategies(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load the strategy catalogue (smartcase's synthesis, not the report's strategy list).

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder holding ``strategies.csv`` (layout: resource ``strategies`` of
        ``data/datapackage.json``); its ``framework/`` sub-folder and ``stages.csv`` are used
        for the checks when present, the bundled ones otherwise. Default: the bundled catalogue.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``strategy_id`` in file order; columns ``element_id,
        target_subdimensions, stage_ids, direction, strategy, rationale,
        exemplar_evidence_ids``.

    Raises
    ------
    DataError
        Naming ``strategies.csv``, the line and the field: a malformed file; an unknown element;
        a target that is not a sub-dimension of the strategy's element; an unknown stage.
        Whether the exemplar evidence exists is checked when the catalogue is used with a case
        book (:func:`recommend`).

    See Also
    --------
    recommend : Ranks the catalogue's strategies for a case.

    Notes
    -----
    Each strategy serves one policy direction of the report's public abstract (``direction``,
    see :data:`DIRECTIONS`) and cites evidence items that show the practice working in one of
    the cases (``exemplar_evidence_ids``). Entries with ``element_id == 'outcome'`` are
    cross-cutting: they aim at the outcome (people-oriented innovation) and may target
    constructs of any element.

    Examples
    --------
    >>> cat = load_strategies()
    >>> sorted(set(cat["element_id"]))
    ['capacity', 'institutions', 'outcome', 'technology']
    >>> set(cat["direction"]) <= set(DIRECTIONS)
    True
    """
    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    path = folder / "strategies.csv"
    cat = _with_origin(read_table(path, table_specs()["strategies"]), "strategy_id", path)
    framework = load_framework(folder if data_dir is not None else None)
    stage_table = stages(folder if (folder / "stages.csv").is_file() else None)
    _check_catalogue(cat, framework, stage_table)
    return cat


def _check_catalogue(cat: pd.DataFrame, fw: Framework, stage_table: pd.DataFrame) -> None:
    elements = set(fw.element_ids)
    for sid, rec in cat.iterrows():
        where = _where(cat, str(sid), "strategies.csv")
        element = rec["element_id"]
        if element != OUTCOME_ELEMENT and element not in elements:
            raise DataError(
                "unknown element",
                **where,
                field="element_id",
                expected="one of " + ", ".join(map(repr, [*fw.element_ids, OUTCOME_ELEMENT])),
                found=repr(element),
            )
        allowed = (
            set(fw.codebook.index)
            if element == OUTCOME_ELEMENT
            else set(fw.subdimensions_of(element))
        )
        for target in split_ids(rec["target_subdimensions"]):
            if target not in allowed:
                expected = (
                    "a construct id of the framework"
                    if element == OUTCOME_ELEMENT
                    else f"a sub-dimension of {element!r}"
                )
                raise DataError(
                    "unknown target",
                    **where,
                    field="target_subdimensions",
                    expected=expected,
                    found=repr(target),
                )
        for stage in split_ids(rec["stage_ids"]):
            if stage not in stage_table.index:
                raise DataError(
                    "unknown stage",
                    **where,
                    field="stage_ids",
                    expected="one of " + ", ".join(map(repr, stage_table.index)) + " (stages.csv)",
                    found=repr(stage),
                )


def _home_evidence_ids(cat: pd.DataFrame) -> set[str]:
    """Evidence ids of the case base the catalogue was read with (its own folder)."""
    folder = cat.attrs.get("data_dir")
    if not folder:
        return set()
    path = Path(folder) / "evidence.csv"
    if not path.is_file():
        return set()
    return set(read_table(path, table_specs()["evidence"])["evidence_id"])


def _check_exemplars(cat: pd.DataFrame, book: CaseBook) -> None:
    known = set(book.evidence.index)
    home: set[str] | None = None
    for sid, rec in cat.iterrows():
        for eid in split_ids(rec["exemplar_evidence_ids"]):
            if eid in known:
                continue
            if home is None:
                home = _home_evidence_ids(cat)
            if eid not in home:
                raise DataError(
                    "strategy cites missing evidence",
                    **_where(cat, str(sid), "strategies.csv"),
                    field="exemplar_evidence_ids",
                    expected="ids listed in evidence.csv of the case base",
                    found=repr(eid),
                )


# ------------------------------------------------------------------ rules
@dataclass(frozen=True)
class _Rule:
    stage_id: str
    rule_id: str
    kind: str  # 'element', 'subdimension', 'any_of', 'outcome'
    terms: tuple[tuple[str, float], ...]


def _parse_terms(
    value: object, table: pd.DataFrame, stage_id: str, fld: str
) -> list[tuple[str, float]]:
    terms = []
    for part in split_ids(value):
        m = _COND.match(part)
        if m is None:
            raise DataError(
                "malformed condition",
                **_where(table, stage_id, "stages.csv"),
                field=fld,
                expected="'<id>>=<threshold>' with a threshold from 0 to 3",
                found=repr(part),
            )
        terms.append((m.group(1), float(m.group(2))))
    return terms


def _stage_rules(table: pd.DataFrame, fw: Framework) -> list[_Rule]:
    rules: list[_Rule] = []
    checks = {
        "element_min": (set(fw.element_ids), "an element id"),
        "subdimension_all": (set(fw.subdimension_ids), "a sub-dimension id"),
        "subdimension_any": (set(fw.subdimension_ids), "a sub-dimension id"),
        "outcome_min": (set(fw.outcome_ids), "an outcome id"),
    }
    for sid, rec in table.iterrows():
        sid = str(sid)
        parsed = {}
        for fld in _RULE_COLUMNS:
            terms = _parse_terms(rec[fld], table, sid, fld)
            ids, what = checks[fld]
            for ident, _ in terms:
                if ident not in ids:
                    raise DataError(
                        "condition names an unknown id",
                        **_where(table, sid, "stages.csv"),
                        field=fld,
                        expected=f"{what} of the framework",
                        found=repr(ident),
                    )
            parsed[fld] = terms
        for ident, t in parsed["element_min"]:
            rules.append(_Rule(sid, f"{sid}.element.{ident}", "element", ((ident, t),)))
        for ident, t in parsed["subdimension_all"]:
            rules.append(_Rule(sid, f"{sid}.subdimension.{ident}", "subdimension", ((ident, t),)))
        if parsed["subdimension_any"]:
            rules.append(_Rule(sid, f"{sid}.any_of", "any_of", tuple(parsed["subdimension_any"])))
        for ident, t in parsed["outcome_min"]:
            rules.append(_Rule(sid, f"{sid}.outcome.{ident}", "outcome", ((ident, t),)))
    return rules


def _num(x: float) -> str:
    return f"{x:.1f}" if float(x).is_integer() else f"{x:.2f}"


def _code_text(construct: str, value: Any) -> str:
    return f"{construct}=" + ("not coded" if pd.isna(value) else str(int(value)))


def _cited(book: CaseBook, case: str, coder: str) -> dict[str, list[str]]:
    codes = book.codes[(book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)]
    return {
        str(c): split_ids(e)
        for c, e in zip(codes["construct_id"], codes["evidence_ids"], strict=True)
    }


def _evaluate(
    rule: _Rule, row: pd.Series, cited: dict[str, list[str]], fw: Framework
) -> dict[str, Any]:
    if rule.kind == "element":
        element, t = rule.terms[0]
        subs = fw.subdimensions_of(element)
        values = row[subs]
        coded = [int(v) for v in values if not pd.isna(v)]
        observed = sum(coded) / len(coded) if coded else math.nan
        met = bool(coded) and observed >= t - 1e-9
        condition = f"mean code of {element} >= {_num(t)}"
        shown = subs
        threshold = t
    elif rule.kind == "any_of":
        values = row[[s for s, _ in rule.terms]]
        hits = [not pd.isna(row[s]) and int(row[s]) >= t for s, t in rule.terms]
        coded = [int(v) for v in values if not pd.isna(v)]
        observed = max(coded) if coded else math.nan
        met = any(hits)
        condition = "any of " + ", ".join(f"{s} >= {int(t)}" for s, t in rule.terms)
        shown = [s for s, _ in rule.terms]
        levels = {t for _, t in rule.terms}
        threshold = levels.pop() if len(levels) == 1 else math.nan
    else:
        construct, t = rule.terms[0]
        v = row[construct]
        observed = math.nan if pd.isna(v) else int(v)
        met = not pd.isna(v) and int(v) >= t
        condition = f"{construct} >= {int(t)}"
        shown = [construct]
        threshold = t
    evidence: list[str] = []
    for s in shown:
        if not pd.isna(row[s]) and int(row[s]) > 0:
            evidence.extend(e for e in cited.get(s, []) if e not in evidence)
    return {
        "stage_id": rule.stage_id,
        "rule_id": rule.rule_id,
        "kind": rule.kind,
        "condition": condition,
        "observed": float(observed),
        "threshold": float(threshold),
        "met": bool(met),
        "codes": "; ".join(_code_text(s, row[s]) for s in shown),
        "evidence_ids": ";".join(evidence),
    }


# --------------------------------------------------------------- diagnosis
@dataclass(frozen=True, repr=False)
class StageDiagnosis:
    """Where a case stands in the smartcase stage model, and why.

    Attributes
    ----------
    case : str
        Case id.
    coder : str
        Whose codes were used.
    stage : str
        The stage reached (``stage_id``).
    label : str
        Its name.
    next_stage : str or None
        The following stage, or None at the last stage.
    rules : pandas.DataFrame
        One row per condition of every stage: ``stage_id, rule_id, kind, condition, observed,
        threshold, met, codes, evidence_ids`` (``codes``: the codes the condition looked at;
        ``evidence_ids``: the evidence cited by those of them above 0).
    stage_table : pandas.DataFrame
        Per stage: ``order, label, conditions, conditions_met, all_met, reached``.
    """

    case: str
    coder: str
    stage: str
    label: str
    next_stage: str | None
    rules: pd.DataFrame
    stage_table: pd.DataFrame

    @property
    def unmet(self) -> pd.DataFrame:
        """Conditions of the next stage that the case does not meet (empty at the last stage)."""
        if self.next_stage is None:
            return self.rules.iloc[0:0]
        r = self.rules
        return r[(r["stage_id"] == self.next_stage) & ~r["met"]]

    def to_frame(self) -> pd.DataFrame:
        """The rule table: one row per stage condition and whether it held (a copy).

        Returns
        -------
        DataFrame
            :attr:`rules`: ``stage_id, rule_id, kind, condition, observed, threshold, met,
            codes, evidence_ids``; :attr:`stage_table` has one row per stage.

        Examples
        --------
        >>> import smartcase
        >>> diag = smartcase.diagnose_stage(smartcase.load_cases(), "helsinki")
        >>> frame = diag.to_frame()
        >>> set(frame["stage_id"]) <= set(diag.stage_table.index)
        True
        """
        return self.rules.copy()

    def to_df(self) -> pd.DataFrame:
        """Deprecated alias of :meth:`to_frame` (every result object offers ``to_frame()``).

        .. deprecated:: 0.2.0
            Use :meth:`to_frame`; ``to_df`` will be removed in a later release.

        Examples
        --------
        >>> import warnings
        >>> import smartcase
        >>> diag = smartcase.diagnose_stage(smartcase.load_cases(), "helsinki")
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     same = diag.to_df().equals(diag.to_frame())
        >>> same, caught[0].category.__name__
        (True, 'DeprecationWarning')
        """
        warnings.warn(
            "StageDiagnosis.to_df() is deprecated; use to_frame()",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.to_frame()

    def explain(self) -> str:
        """The verdict and, for every stage, which conditions held, with codes and evidence."""
        st = self.stage_table
        lines = [
            f"StageDiagnosis: {self.case!r} is at {self.stage} {self.label} (coder {self.coder!r})"
        ]
        first = st.index[0]
        reached = [s for s in st.index if st.at[s, "reached"]]
        if self.stage == first and len(st) > 1:
            nxt = st.index[1]
            k, n = int(st.at[nxt, "conditions_met"]), int(st.at[nxt, "conditions"])
            lines.append(
                f"Why: {first} is the entry stage; {nxt} is not reached ({k} of {n} conditions met)."
            )
        elif self.next_stage is None:
            lines.append(
                f"Why: the conditions of every stage up to {self.stage} are met ({', '.join(reached)})."
            )
        else:
            k = int(st.at[self.next_stage, "conditions_met"])
            n = int(st.at[self.next_stage, "conditions"])
            lines.append(
                f"Why: the conditions of {', '.join(reached[1:])} are met; {self.next_stage} is not reached "
                f"({k} of {n} conditions met)."
            )
        skipped = [s for s in st.index if st.at[s, "all_met"] and not st.at[s, "reached"]]
        if skipped:
            lines.append(
                f"Note: the conditions of {', '.join(skipped)} are met although an earlier stage's are not; "
                "stages are cumulative, so the profile is uneven."
            )
        for sid in st.index:
            sub = self.rules[self.rules["stage_id"] == sid]
            if sub.empty:
                lines.append(f"  {sid}: no conditions (entry stage)")
                continue
            lines.append(f"  {sid} {st.at[sid, 'label']}:")
            for rec in sub.itertuples(index=False):
                obs = "not coded" if math.isnan(rec.observed) else _num(rec.observed)
                mark = "met    " if rec.met else "not met"
                ev = f"; evidence {rec.evidence_ids.replace(';', ', ')}" if rec.evidence_ids else ""
                lines.append(f"    [{mark}] {rec.condition}: observed {obs} ({rec.codes}){ev}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        head = html.escape(self.explain().splitlines()[0])
        why = html.escape(self.explain().splitlines()[1])
        return f"<p><b>{head}</b><br>{why}</p>" + self.rules.to_html(index=False, escape=True)


def _resolve_stages(stage_table: pd.DataFrame | None) -> pd.DataFrame:
    table = stages() if stage_table is None else stage_table
    if not isinstance(table, pd.DataFrame):
        raise ArgumentError(
            "stages", type(table).__name__, "a DataFrame as returned by smartcase.strategy.stages()"
        )
    missing = [c for c in ("order", "label", *_RULE_COLUMNS) if c not in table.columns]
    if missing or table.empty:
        raise ArgumentError(
            "stages",
            f"a table with columns {list(table.columns)}" if missing else "an empty table",
            "a non-empty stage table with columns order, label, " + ", ".join(_RULE_COLUMNS),
        )
    return table.sort_values("order", kind="stable")


def diagnose_stage(
    book: CaseBook,
    case: str,
    *,
    coder: str = REFERENCE_CODER,
    stages: pd.DataFrame | None = None,
) -> StageDiagnosis:
    """Place a case in the smartcase stage model by rules on its codes, and say why.

    Parameters
    ----------
    book : CaseBook
        The case base (bundled, your own, or both).
    case : str
        Case id.
    coder : str, default 'ref'
        Whose codes to use.
    stages : pandas.DataFrame, optional
        A stage table in the layout of :func:`stages`; default: the bundled stage model.

    Returns
    -------
    StageDiagnosis
        The stage, and every condition with what was observed, whether it was met, the codes it
        looked at and the evidence behind them. ``print(diagnosis)`` explains the verdict.

    Raises
    ------
    ArgumentError
        Unknown case or coder; a ``stages`` argument that is not a stage table.
    DataError
        A condition naming an id the book's framework does not have.

    See Also
    --------
    stages : The stage model and its conditions.
    recommend : Strategies for the case's stage.

    Notes
    -----
    Conditions: ``element_min`` compares the mean code (0-3) of an element's sub-dimensions
    with its threshold; ``subdimension_all`` requires each listed code to reach its level;
    ``subdimension_any`` requires at least one of them to; ``outcome_min`` applies to the
    outcome code. Codes a coder did not give are skipped in means and fail single-code
    conditions. A case is at the last stage whose conditions hold together with those of
    every earlier stage; the first stage is the entry stage. The diagnosis is a reading of
    smartcase's ordinal codes, which rest on public sources up to 2020; it is not the report's.

    Examples
    --------
    >>> from smartcase import load_cases
    >>> d = diagnose_stage(load_cases(), "barcelona")
    >>> d.rules.columns[:4].tolist()
    ['stage_id', 'rule_id', 'kind', 'condition']
    >>> bool(d.rules.loc[d.rules["stage_id"] == d.stage, "met"].all())
    True
    """
    book.check_case(case)
    table = _resolve_stages(stages)
    fw = book.framework
    rules = _stage_rules(table, fw)
    matrix = book.code_matrix("subdimension", coder=coder, outcome=True)
    row = matrix.loc[case]
    cited = _cited(book, case, coder)
    rows = [_evaluate(r, row, cited, fw) for r in rules]
    cols = [
        "stage_id",
        "rule_id",
        "kind",
        "condition",
        "observed",
        "threshold",
        "met",
        "codes",
        "evidence_ids",
    ]
    rule_df = pd.DataFrame(rows, columns=cols).astype(
        {"observed": "float64", "threshold": "float64", "met": "bool"}
    )
    summary = []
    still = True
    for k, sid in enumerate(table.index):
        sub = rule_df[rule_df["stage_id"] == sid]
        all_met = bool(sub["met"].all())
        reached = k == 0 or (still and all_met)
        still = reached
        summary.append(
            {
                "stage_id": sid,
                "order": int(table.at[sid, "order"]),
                "label": table.at[sid, "label"],
                "conditions": len(sub),
                "conditions_met": int(sub["met"].sum()),
                "all_met": all_met,
                "reached": reached,
            }
        )
    st = pd.DataFrame(summary).set_index("stage_id")
    reached_ids = [s for s in st.index if st.at[s, "reached"]]
    stage = reached_ids[-1]
    pos = list(st.index).index(stage)
    nxt = st.index[pos + 1] if pos + 1 < len(st) else None
    return StageDiagnosis(
        case=case,
        coder=coder,
        stage=str(stage),
        label=str(st.at[stage, "label"]),
        next_stage=None if nxt is None else str(nxt),
        rules=rule_df,
        stage_table=st,
    )


# ----------------------------------------------------------------- recommend
def _blocked(diag: StageDiagnosis) -> list[tuple[str, set[str]]]:
    """Unmet conditions of the next stage, each with the constructs it looks at."""
    out = []
    for rec in diag.unmet.itertuples(index=False):
        ids = {c.split("=")[0] for c in rec.codes.split("; ")}
        if rec.kind == "element":
            ids.add(rec.rule_id.split(".", 2)[2])
        out.append((rec.condition, ids))
    return out


def _peer_codes(
    book: CaseBook, matrix: pd.DataFrame, coder: str, others: list[str]
) -> tuple[pd.DataFrame, dict[str, dict[str, list[str]]]]:
    """Codes and cited evidence of the other cases: ``coder``'s, or the reference coder's for
    cases ``coder`` did not code at all (e.g. the bundled cases when you coded your own case)."""
    matrix = matrix.copy()
    ref = None
    cited = {}
    for other in others:
        who = coder
        if (
            matrix.loc[other].isna().all()
            and coder != REFERENCE_CODER
            and REFERENCE_CODER in book.coder_ids
        ):
            if ref is None:
                ref = book.code_matrix("subdimension", coder=REFERENCE_CODER, outcome=True)
            matrix.loc[other] = ref.loc[other]
            who = REFERENCE_CODER
        cited[other] = _cited(book, other, who)
    return matrix, cited


def _mean(values: Iterable[Any]) -> float:
    coded = [int(v) for v in values if not pd.isna(v)]
    return sum(coded) / len(coded) if coded else math.nan


def recommend(
    book: CaseBook,
    case: str,
    *,
    coder: str = REFERENCE_CODER,
    n: int | None = None,
    strategies: pd.DataFrame | None = None,
    stages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Prioritised strategies for a case: its weakest sub-dimensions first, for its stage.

    Parameters
    ----------
    book : CaseBook
        The case base. Peers are the book's other cases, so load your case together with the
        bundled ones (``load_cases(data_dir=..., include_bundled=True)``) to compare it with them.
    case : str
        Case id.
    coder : str, default 'ref'
        Whose codes to use.
    n : int, optional
        Return at most ``n`` strategies (default: all that apply).
    strategies : pandas.DataFrame, optional
        A catalogue as returned by :func:`load_strategies`; default: the bundled catalogue.
    stages : pandas.DataFrame, optional
        A stage table as returned by :func:`stages`; default: the bundled stage model.

    Returns
    -------
    pandas.DataFrame
        One row per strategy, best first. Columns ``priority`` (1, 2, ...), ``element``
        (element id, or ``'outcome'``), ``strategy``, ``reason`` (the gap in codes, the
        element's mean code, the stage, and any condition of the next stage it addresses),
        ``peer_case``, ``strategy_id``, ``stage_id`` (the case's stage), ``direction``,
        ``target_subdimensions``, ``case_codes``, ``peer_codes``, ``peer_evidence_ids`` and
        ``peer_basis`` (``'codes'``, ``'catalogue exemplar'`` or ``'none'``). ``.attrs`` holds
        the case, its stage and the coder.

    Raises
    ------
    ArgumentError
        Unknown case or coder; ``n`` not a positive integer.
    DataError
        A catalogue entry citing evidence that neither the book nor the catalogue's own case base
        holds (naming ``strategies.csv``, the line and the id); a catalogue or stage table naming
        ids the book's framework does not have.

    See Also
    --------
    diagnose_stage : The stage the recommendations are for.
    load_strategies : The catalogue.

    Notes
    -----
    Candidates are the catalogue's strategies listed for the case's stage whose targets are not
    all established (code 3). They are ranked by the lowest code among the strategy's targets
    (the weakest sub-dimension first; a code not given counts as 0), then by whether a target is
    named in an unmet condition of the next stage, then by the mean code of the targets and of
    the strategy's element, then by catalogue order.

    Other cases are read with ``coder``'s codes, or with the reference coder's codes when
    ``coder`` did not code them (so a case you coded yourself is compared with the bundled
    reference coding). The peer case is the other case with the highest mean code on the
    targets, provided it reaches at least 2 (developing) on one of them and exceeds the case's
    own mean; its evidence is what its codes on those targets cite (facts dated after 2020 only
    when there are no others). Without such a peer, the catalogue's exemplar evidence is used
    when the book holds it for another case (the exemplar case with the highest mean code on
    the targets); otherwise ``peer_case`` is :data:`NO_PEER`. The case itself is never its own
    peer. The ranking is a transparent reading of smartcase's codes, not the report's
    priorities, which are not public.

    Examples
    --------
    >>> from smartcase import load_cases
    >>> recs = recommend(load_cases(), "sejong")
    >>> bool((recs["peer_case"] != "sejong").all())
    True
    >>> recs["priority"].tolist()[:3]
    [1, 2, 3]
    """
    book.check_case(case)
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ArgumentError("n", repr(n), "a positive integer or None")
    diag = diagnose_stage(book, case, coder=coder, stages=stages)
    cat = load_strategies() if strategies is None else strategies
    if not isinstance(cat, pd.DataFrame):
        raise ArgumentError(
            "strategies",
            type(cat).__name__,
            "a DataFrame as returned by smartcase.strategy.load_strategies()",
        )
    fw = book.framework
    _check_catalogue(cat, fw, _resolve_stages(stages))
    _check_exemplars(cat, book)

    matrix = book.code_matrix("subdimension", coder=coder, outcome=True)
    own = matrix.loc[case]
    codes = book.codes[(book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)]
    confidence = dict(zip(codes["construct_id"], codes["confidence"], strict=True))
    element_mean = {e: _mean(own[fw.subdimensions_of(e)]) for e in fw.element_ids}
    coded_means = {e: m for e, m in element_mean.items() if not math.isnan(m)}
    weakest_element = min(coded_means, key=lambda e: coded_means[e]) if coded_means else None
    blocked = _blocked(diag)
    others = [c for c in book.case_ids if c != case]
    ev = book.evidence
    matrix, peer_cited = _peer_codes(book, matrix, coder, others)

    candidates = []
    for pos, (sid, rec) in enumerate(cat.iterrows()):
        if diag.stage not in split_ids(rec["stage_ids"]):
            continue
        targets = split_ids(rec["target_subdimensions"])
        values = {t: own[t] for t in targets}
        as_int = {t: (0 if pd.isna(v) else int(v)) for t, v in values.items()}
        low = min(as_int.values())
        if low >= 3:
            continue
        mean_t = sum(as_int.values()) / len(as_int)
        element = rec["element_id"]
        if element == OUTCOME_ELEMENT:
            el_mean = _mean(own[list(fw.outcome_ids)])
        else:
            el_mean = element_mean.get(element, math.nan)
        el_key = 0.0 if math.isnan(el_mean) else el_mean
        related = [cond for cond, ids in blocked if ids & (set(targets) | {element})]

        # reason
        weakest = [t for t in targets if as_int[t] == low]
        groups: dict[str, list[str]] = {}
        for t in weakest:
            v = values[t]
            if pd.isna(v):
                text = "not coded"
            elif int(v) == 0 and confidence.get(t) == "low":
                text = "coded 0 (absent, or not found in the sources; low confidence)"
            else:
                text = f"coded {int(v)} ({LEVEL_LABELS[int(v)]})"
            groups.setdefault(text, []).append(t)
        parts = [" and ".join(ts) + " " + text for text, ts in groups.items()]
        rest = [f"{t}={as_int[t]}" for t in targets if t not in weakest]
        reason = "; ".join(parts) + (f"; other targets {', '.join(rest)}" if rest else "")
        if element == OUTCOME_ELEMENT:
            oc = ", ".join(f"{o}={_code_text(o, own[o]).split('=')[1]}" for o in fw.outcome_ids)
            reason += f"; cross-cutting, outcome code {oc}"
        elif not math.isnan(el_mean):
            reason += f"; {element} mean code {el_mean:.2f}"
            if element == weakest_element:
                reason += " (the case's weakest element)"
        reason += f"; a priority at {diag.stage} ({diag.label})"
        if related and diag.next_stage is not None:
            reason += (
                f"; addresses a condition of {diag.next_stage} not yet met: {'; '.join(related)}"
            )

        # peer
        best = None
        for k, other in enumerate(others):
            pv = [matrix.at[other, t] for t in targets]
            coded = [int(v) for v in pv if not pd.isna(v)]
            if not coded or max(coded) < 2:
                continue
            pmean = sum(coded) / len(coded)
            if pmean <= mean_t:
                continue
            key = (-pmean, -max(coded), k)
            if best is None or key < best[0]:
                best = (key, other)
        if best is not None:
            peer = best[1]
            strong = [
                t
                for t in targets
                if not pd.isna(matrix.at[peer, t]) and int(matrix.at[peer, t]) >= 2
            ]
            ids: list[str] = []
            for t in strong:
                ids.extend(e for e in peer_cited[peer].get(t, []) if e not in ids)
            early = [e for e in ids if e in ev.index and not bool(ev.at[e, "post_2020"])]
            peer_ids = early or ids
            peer_codes = "; ".join(_code_text(t, matrix.at[peer, t]) for t in targets)
            basis = "codes"
        else:
            exemplars = [
                e
                for e in split_ids(rec["exemplar_evidence_ids"])
                if e in ev.index and ev.at[e, "case_id"] != case
            ]
            if exemplars:
                # the exemplar case with the highest mean code on the targets (then catalogue order)
                cases = list(dict.fromkeys(str(ev.at[e, "case_id"]) for e in exemplars))
                scored = []
                for k, c in enumerate(cases):
                    m = _mean(matrix.at[c, t] for t in targets) if c in matrix.index else math.nan
                    scored.append((-1.0 if math.isnan(m) else m, -k, c))
                peer = max(scored)[2]
                peer_ids = [e for e in exemplars if ev.at[e, "case_id"] == peer]
                peer_codes = "; ".join(_code_text(t, matrix.at[peer, t]) for t in targets)
                basis = "catalogue exemplar"
            else:
                peer, peer_ids, peer_codes, basis = NO_PEER, [], "", "none"
        candidates.append(
            (
                (low, 0 if related else 1, mean_t, el_key, pos),
                {
                    "element": element,
                    "strategy": rec["strategy"],
                    "reason": reason,
                    "peer_case": peer,
                    "strategy_id": str(sid),
                    "stage_id": diag.stage,
                    "direction": rec["direction"],
                    "target_subdimensions": rec["target_subdimensions"],
                    "case_codes": "; ".join(_code_text(t, values[t]) for t in targets),
                    "peer_codes": peer_codes,
                    "peer_evidence_ids": ";".join(peer_ids),
                    "peer_basis": basis,
                },
            )
        )
    candidates.sort(key=lambda item: item[0])
    if n is not None:
        candidates = candidates[:n]
    rows = [{"priority": i + 1, **c[1]} for i, c in enumerate(candidates)]
    out = pd.DataFrame(rows, columns=_RESULT_COLUMNS)
    out["priority"] = out["priority"].astype("int64")
    out.attrs = {"case": case, "stage": diag.stage, "coder": coder}
    return out
