"""Computed findings: the results of the analyses said in sentences built from the data.

Every function here takes a case base or a result table and returns a DataFrame with one
sentence per row, so that the text under a table or figure stays true when the data change:

========================  ============================================================
``topic``                 what the sentence is about (``'comparison'``, ``'contrast'``, ...)
``key``                   which finding of that topic (e.g. ``'element_range'``)
``subject``               the case, element, group, solution ... it concerns (or ``''``)
``sentence``              the sentence
``numbers``               every number the sentence states, by name, unrounded (a dict)
========================  ============================================================

Every number in a sentence is recorded in ``numbers`` and is read from the result the sentence
describes; tests check both. The names and labels come from the data too (case names,
element and sub-dimension labels, group names, stage labels).

Findings by topic:

* :func:`comparison_findings` - the cross-case matrix: highest and lowest case on each element,
  where the cases differ most and where they agree;
* :func:`contrast_findings` - the group contrast (Korea versus Europe): the gap on each
  element, where it is largest, where the lower group is ahead, the small-n caveat;
* :func:`evidence_quality_findings` - the evidence behind each side of that contrast and what
  it does to the contrast;
* :func:`typology_findings` - the clusters and how they relate to the groups;
* :func:`evidence_findings` - the evidence base: strength and source kinds per group;
* :func:`qca_findings`, :func:`robustness_findings` - QCA solutions with their fit, and how
  they change with the calibration;
* :func:`score_findings` - composite scores, ranks and their uncertainty;
* :func:`stage_findings` - the stage of each case and what keeps it from the next;
* :func:`approach_findings` - the combined approach: where each city stands, what it lacks;
* :func:`case_findings`, :func:`case_caveats` - one case against its peers, its strongest and
  weakest sub-dimensions, and the caveats of its codes.

Under the tables and figures of the notebooks (issue 11, phase 2):

* the framework and the cases: :func:`framework_findings`, :func:`overview_findings`,
  :func:`programme_findings` (the programme timeline), :func:`meta_findings` (the outcome and
  each element's rank correlation with it), :func:`timeline_findings` (when the evidence dates
  from), :func:`reliability_findings` (the two codings, and why they are not independent);
* QCA: :func:`calibration_findings`, :func:`truth_table_findings`, :func:`necessity_findings`,
  :func:`fit_findings` (the XY plots);
* scores: :func:`interval_findings`, :func:`rank_frequency_findings`,
  :func:`sensitivity_findings`, :func:`variant_findings`, :func:`coherence_findings`,
  :func:`external_findings`;
* strategies: :func:`stage_model_findings`, :func:`strategy_findings`, :func:`lesson_findings`
  (the lessons for the Korean cases, and how firm their gaps are), :func:`catalogue_findings`;
* one case: :func:`case_profile_findings`, :func:`code_evidence_findings`,
  :func:`case_evidence_findings`, :func:`source_findings`, :func:`narrative_findings`.

:func:`findings_markdown` turns any of them into a Markdown list; :func:`show` renders them
under a table or figure of a notebook, opened by :data:`FINDING_MARKER` so that tests can check
that every table and figure has its computed finding.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> f = contrast_findings(book)
>>> list(f.columns)
['topic', 'key', 'subject', 'sentence', 'numbers']
>>> f["topic"].unique().tolist()
['contrast']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .errors import ArgumentError
from .framework import LEVEL_LABELS
from .schema import split_ids

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = [
    "FINDING_COLUMNS",
    "comparison_findings",
    "contrast_findings",
    "evidence_quality_findings",
    "typology_findings",
    "evidence_findings",
    "qca_findings",
    "robustness_findings",
    "score_findings",
    "stage_findings",
    "approach_findings",
    "case_findings",
    "case_caveats",
    "findings_markdown",
    "FINDING_MARKER",
    "FindingsText",
    "show",
    "framework_findings",
    "overview_findings",
    "programme_findings",
    "meta_findings",
    "timeline_findings",
    "reliability_findings",
    "calibration_findings",
    "truth_table_findings",
    "necessity_findings",
    "fit_findings",
    "interval_findings",
    "rank_frequency_findings",
    "sensitivity_findings",
    "variant_findings",
    "coherence_findings",
    "external_findings",
    "stage_model_findings",
    "strategy_findings",
    "lesson_findings",
    "catalogue_findings",
    "case_profile_findings",
    "code_evidence_findings",
    "case_evidence_findings",
    "source_findings",
    "narrative_findings",
]

#: Lists longer than this are summarised by a count.
_MAX_LISTED = 6
#: Columns of every findings table.
FINDING_COLUMNS: tuple[str, ...] = ("topic", "key", "subject", "sentence", "numbers")


# ----------------------------------------------------------------------------- building blocks
class _Sentence:
    """Formats numbers into a sentence and records each one under a name."""

    def __init__(self) -> None:
        self.numbers: dict[str, float] = {}

    def _keep(self, name: str, value: Any) -> float:
        v = float(value)
        if name in self.numbers and not math.isclose(self.numbers[name], v, abs_tol=1e-12):
            raise ValueError(f"number {name!r} recorded twice with different values")
        self.numbers[name] = v
        return v

    def x(self, name: str, value: Any, nd: int = 2) -> str:
        """A decimal number with ``nd`` decimals (a minus sign for negatives, no ``-0.00``)."""
        text = f"{self._keep(name, value):.{nd}f}"
        if float(text) == 0:
            text = f"{0.0:.{nd}f}"
        return text.replace("-", "\u2212")

    def i(self, name: str, value: Any) -> str:
        """A whole number."""
        v = self._keep(name, value)
        return str(int(round(v)))

    def p(self, name: str, share: Any) -> str:
        """A share (0-1) as a whole percentage, ``'44 %'``."""
        v = self._keep(name, share)
        return f"{math.floor(100 * v + 0.5):.0f} %"  # half up: 62.5 % -> 63 %


class _Rows:
    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.rows: list[dict[str, Any]] = []

    def add(self, key: str, subject: str, sentence: str, s: _Sentence) -> None:
        text = re.sub(r"\s+", " ", sentence).strip()
        self.rows.append(
            {
                "topic": self.topic,
                "key": key,
                "subject": subject,
                "sentence": text,
                "numbers": dict(s.numbers),
            }
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(FINDING_COLUMNS))


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _name(book: CaseBook, case: str) -> str:
    return str(book.cases.at[case, "name"])


def _names(book: CaseBook, cases: Iterable[str]) -> str:
    return _join([_name(book, c) for c in cases])


def _label(book: CaseBook, construct: str) -> str:
    fw = book.framework
    if construct in fw.elements.index:
        return str(fw.elements.at[construct, "label"])
    return str(fw.codebook.at[construct, "label"])


def _lower_first(text: str) -> str:
    """'Open data' -> 'open data', but keep acronyms ('ICT and IoT ...')."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _unit(s: _Sentence, top: float) -> str:
    """How the element-score scale is made, for a sentence (the divisor is recorded)."""
    return f"mean code / {s.i('divisor', 3)}" if top == 1.0 else "mean code"


def _scale(scale: str) -> tuple[float, str]:
    from .approach import SCALES

    if scale not in SCALES:
        raise ArgumentError("scale", repr(scale), "one of " + ", ".join(map(repr, SCALES)))
    return (1.0, "mean code / 3") if scale == "0-1" else (3.0, "mean code")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)


def _extremes(values: pd.Series) -> tuple[list[str], float, list[str], float]:
    v = values.dropna().astype(float)
    hi, lo = float(v.max()), float(v.min())
    return (
        [c for c in v.index if _close(v[c], hi)],
        hi,
        [c for c in v.index if _close(v[c], lo)],
        lo,
    )


# ----------------------------------------------------------------------------- comparison
def comparison_findings(
    book: CaseBook,
    *,
    coder: str = "ref",
    scale: Literal["0-1", "0-3"] | None = None,
) -> pd.DataFrame:
    """Findings of the cross-case comparison matrix.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.
    scale : {'0-1', '0-3'}, optional
        Scale of the element scores (default :func:`smartcase.approach.default_scale`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``element_range`` (per element: highest and
        lowest case), ``outcome_range``, ``most_varied`` (the sub-dimensions with the widest
        range of codes) and ``shared`` (sub-dimensions on which every case has one code).

    Examples
    --------
    >>> import smartcase
    >>> f = comparison_findings(smartcase.load_cases())
    >>> f.loc[f["key"] == "element_range", "subject"].tolist()
    ['technology', 'capacity', 'institutions']
    """
    from .approach import default_scale, element_scores

    scale = default_scale() if scale is None else scale
    top, _ = _scale(scale)
    out = _Rows("comparison")
    scores = element_scores(book, coder=coder, scale=scale)
    for el in book.framework.element_ids:
        hi_c, hi, lo_c, lo = _extremes(scores[el])
        s = _Sentence()
        if _close(hi, lo):
            text = (
                f"On {_lower_first(_label(book, el))} all {s.i('cases', len(hi_c))} cases "
                f"score {s.x('score', hi)} ({_unit(s, top)}, {s.i('scale_min', 0)} to {s.i('scale_max', top)})."
            )
        else:
            text = (
                f"On {_lower_first(_label(book, el))} {_names(book, hi_c)} "
                f"{'scores' if len(hi_c) == 1 else 'score'} highest ({s.x('highest', hi)}) and "
                f"{_names(book, lo_c)} lowest ({s.x('lowest', lo)}), on a scale from "
                f"{s.i('scale_min', 0)} to {s.i('scale_max', top)} ({_unit(s, top)})."
            )
        out.add("element_range", el, text, s)
    sub = book.code_matrix("subdimension", coder=coder, outcome=True).astype("Float64")
    for oid in book.framework.outcome_ids:
        hi_c, hi, lo_c, lo = _extremes(sub[oid].astype(float))
        s = _Sentence()
        text = (
            f"On the outcome, {_lower_first(_label(book, oid))}, {_names(book, hi_c)} "
            f"{'is' if len(hi_c) == 1 else 'are'} highest (code {s.i('highest', hi)}, "
            f"{LEVEL_LABELS[int(hi)]}) and {_names(book, lo_c)} lowest "
            f"(code {s.i('lowest', lo)}, {LEVEL_LABELS[int(lo)]})."
        )
        out.add("outcome_range", oid, text, s)
    subs = sub[list(book.framework.subdimension_ids)].astype(float)
    spread = subs.max() - subs.min()
    widest = float(spread.max())
    if widest > 0:
        ids = [c for c in spread.index if _close(spread[c], widest)]
        s = _Sentence()
        lo, hi = float(subs[ids[0]].min()), float(subs[ids[0]].max())
        same = all(_close(subs[c].min(), lo) and _close(subs[c].max(), hi) for c in ids)
        span = (
            f"codes from {s.i('low', lo)} to {s.i('high', hi)}"
            if same
            else f"a range of {s.i('range', widest)} levels"
        )
        text = (
            f"The cases differ most on {_join([_lower_first(_label(book, c)) for c in ids])} "
            f"({span})."
        )
        out.add("most_varied", ";".join(ids), text, s)
    shared = [c for c in spread.index if _close(spread[c], 0.0)]
    if shared:
        s = _Sentence()
        by_code: dict[int, list[str]] = {}
        for c in shared:
            by_code.setdefault(int(subs[c].iloc[0]), []).append(c)
        parts = [
            f"code {s.i(f'code_{k}', k)} ({LEVEL_LABELS[k]}) on "
            f"{_join([_lower_first(_label(book, c)) for c in cs])}"
            for k, cs in sorted(by_code.items())
        ]
        text = f"All {s.i('cases', len(subs))} cases share {_join(parts)}."
        out.add("shared", ";".join(shared), text, s)
    return out.frame()


# ----------------------------------------------------------------------------- contrast
def contrast_findings(book: CaseBook, *, by: str = "group", coder: str = "ref") -> pd.DataFrame:
    """Findings of the group contrast (e.g. Korea versus Europe), on the 0-3 code scale.

    Parameters
    ----------
    book : CaseBook
        The case base.
    by : str, default 'group'
        The column of the cases table that defines the groups.
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``element_gap`` (per element: the group means and
        their difference; with more than two groups, the highest and lowest group), ``overall``
        (on how many elements one group is ahead, where the gap is largest and smallest),
        ``reversed`` (sub-dimensions on which the group behind overall is ahead) and
        ``small_n``.

    See Also
    --------
    smartcase.group_contrast : The table these sentences read.

    Examples
    --------
    >>> import smartcase
    >>> f = contrast_findings(smartcase.load_cases())
    >>> "small_n" in set(f["key"])
    True
    """
    from .compare import group_contrast

    gc = group_contrast(book, by=by, coder=coder, level="subdimension")
    data = gc.data
    labels = book.cases[by]
    groups = [str(g) for g in dict.fromkeys(labels) if not pd.isna(g)]
    size = {g: int((labels == g).sum()) for g in groups}
    out = _Rows("contrast")
    el_rows = data[data["kind"] == "element"].set_index("construct_id")
    if len(groups) == 2:
        g1, g2 = groups
        diffs = el_rows["diff_mean"].astype(float)
        for el, rec in el_rows.iterrows():
            m1, m2 = float(rec[f"{g1}_mean"]), float(rec[f"{g2}_mean"])
            s = _Sentence()
            if _close(m1, m2):
                text = (
                    f"On {_lower_first(_label(book, str(el)))} the {g1} and {g2} cases have the "
                    f"same mean code ({s.x('mean', m1)})."
                )
            else:
                ahead, behind = (g1, g2) if m1 > m2 else (g2, g1)
                ma, mb = max(m1, m2), min(m1, m2)
                text = (
                    f"On {_lower_first(_label(book, str(el)))} the {ahead} cases "
                    f"(n={s.i(f'n_{ahead}', size[ahead])}) average {s.x(f'mean_{ahead}', ma)} "
                    f"against {s.x(f'mean_{behind}', mb)} for the {behind} cases "
                    f"(n={s.i(f'n_{behind}', size[behind])}), a difference of "
                    f"{s.x('difference', ma - mb)} on the code scale from {s.i('scale_min', 0)} "
                    f"to {s.i('scale_max', 3)}."
                )
            out.add("element_gap", str(el), text, s)
        # overall: which group is ahead on how many elements
        ahead_g1 = [e for e in diffs.index if diffs[e] > 1e-9]
        ahead_g2 = [e for e in diffs.index if diffs[e] < -1e-9]
        lead, lead_on = (g1, ahead_g1) if len(ahead_g1) >= len(ahead_g2) else (g2, ahead_g2)
        behind = g2 if lead == g1 else g1
        s = _Sentence()
        absd = diffs.abs()
        big = [e for e in absd.index if _close(absd[e], absd.max())]
        small = [e for e in absd.index if _close(absd[e], absd.min())]
        text = (
            f"The {lead} cases are ahead on {s.i('ahead_on', len(lead_on))} of "
            f"{s.i('elements', len(diffs))} elements; the gap is largest on "
            f"{_join([_lower_first(_label(book, e)) for e in big])} ({s.x('largest', absd.max())})"
        )
        if not _close(absd.max(), absd.min()):
            text += (
                f" and smallest on {_join([_lower_first(_label(book, e)) for e in small])} "
                f"({s.x('smallest', absd.min())})"
            )
        out.add("overall", lead, text + ".", s)
        # sub-dimensions where the group behind overall is ahead
        sub_rows = data[data["kind"] == "subdimension"].set_index("construct_id")
        sign = 1.0 if lead == g1 else -1.0
        rev = sub_rows[sign * sub_rows["diff_mean"].astype(float) < -1e-9]
        s = _Sentence()
        if len(rev):
            parts = []
            for k, (sid, rec) in enumerate(rev.iterrows()):
                parts.append(
                    f"{_lower_first(_label(book, str(sid)))} "
                    f"({s.x(f'mean_{behind}_{k}', rec[f'{behind}_mean'])} against "
                    f"{s.x(f'mean_{lead}_{k}', rec[f'{lead}_mean'])})"
                )
            text = f"The {behind} cases are ahead on {_join(parts)}."
        else:
            text = f"On no sub-dimension are the {behind} cases ahead of the {lead} cases."
        out.add("reversed", behind, text, s)
    else:
        for el in el_rows.index:
            means = {g: float(el_rows.at[el, f"{g}_mean"]) for g in groups}
            hi = max(means.values())
            lo = min(means.values())
            s = _Sentence()
            text = (
                f"On {_lower_first(_label(book, str(el)))} the group means run from "
                f"{s.x('lowest', lo)} ({_join([g for g in groups if _close(means[g], lo)])}) to "
                f"{s.x('highest', hi)} ({_join([g for g in groups if _close(means[g], hi)])})."
            )
            out.add("element_gap", str(el), text, s)
    s = _Sentence()
    sizes = _join([f"{s.i(f'n_{g}', size[g])} ({g})" for g in groups])
    ns = sorted({int(size[g]) for g in groups})
    one = s.i("one", 1)
    share = (
        f"{one}/{s.i('n_max', ns[-1])}"
        if len(ns) == 1
        else f"{one}/{s.i('n_max', ns[-1])} to {one}/{s.i('n_min', ns[0])}"
    )
    text = (
        f"The groups hold {sizes} cases, so the differences describe these cases only; no "
        f"significance test is meaningful, and each case makes up {share} of its group's mean."
    )
    out.add("small_n", "", text, s)
    return out.frame()


def evidence_quality_findings(
    book: CaseBook, *, by: str = "group", coder: str = "ref"
) -> pd.DataFrame:
    """What the evidence behind each side does to the group contrast.

    Parameters
    ----------
    book : CaseBook
        The case base.
    by : str, default 'group'
        The column of the cases table that defines the groups.
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``strength`` (per group: the share of strong
        items behind its codes and its range over the cases), ``largest_gap`` (the shares on
        the element with the largest gap) and ``reading`` (whether the side coded lower also
        rests on weaker evidence and on more "not found" zeros, and what follows).

    See Also
    --------
    smartcase.contrast.contrast_evidence : The table these sentences read.

    Examples
    --------
    >>> import smartcase
    >>> f = evidence_quality_findings(smartcase.load_cases())
    >>> f["key"].tolist()[-1]
    'reading'
    """
    from .contrast import ALL_ELEMENTS, contrast_evidence

    ce = contrast_evidence(book, by=by, coder=coder)
    groups = list(dict.fromkeys(ce.index.get_level_values(0)))
    out = _Rows("evidence_quality")
    for g in groups:
        rec = ce.loc[(g, ALL_ELEMENTS)]
        s = _Sentence()
        text = (
            f"The codes of the {g} cases rest on {s.i('items', rec['items'])} evidence items, "
            f"{s.p('strong_share', rec['strong_share'])} of them strong "
            f"({s.p('case_min', rec['case_strong_min'])} to {s.p('case_max', rec['case_strong_max'])} "
            f"by case), {s.p('official_share', rec['official_share'])} from official or "
            f"scholarly sources and {s.p('news_share', rec['news_share'])} from news."
        )
        out.add("strength", g, text, s)
    if len(groups) != 2:
        return out.frame()
    g1, g2 = groups
    per_el = ce.drop(index=ALL_ELEMENTS, level=1)
    gaps = {
        el: float(per_el.loc[(g1, el), "mean_code"] - per_el.loc[(g2, el), "mean_code"])
        for el in book.framework.element_ids
    }
    el = max(gaps, key=lambda e: abs(gaps[e]))
    high, low = (g1, g2) if gaps[el] >= 0 else (g2, g1)
    s = _Sentence()
    text = (
        f"On {_lower_first(_label(book, el))}, where the gap is largest "
        f"({s.x('gap', abs(gaps[el]))} on the code scale), {s.p('strong_high', per_el.loc[(high, el), 'strong_share'])} "
        f"of the items behind the {high} codes are strong against "
        f"{s.p('strong_low', per_el.loc[(low, el), 'strong_share'])} behind the {low} codes."
    )
    out.add("largest_gap", el, text, s)
    e_hi, e_lo = per_el.loc[(high, el)], per_el.loc[(low, el)]
    s = _Sentence()
    weaker = float(e_lo["strong_share"]) < float(e_hi["strong_share"])
    zeros = (
        f"{s.i('zeros_low', e_lo['not_found_zero'])} of its {s.i('codes_low', e_lo['codes'])} "
        f"codes there are 'not found' zeros against {s.i('zeros_high', e_hi['not_found_zero'])} "
        f"of {s.i('codes_high', e_hi['codes'])} {high} codes"
    )
    label = _lower_first(_label(book, el))
    if weaker:
        text = (
            f"The {low} side, coded lower on {label}, also rests on weaker evidence there, and "
            f"{zeros}. Thinly documented practice is coded low or 'not found', so part of the gap "
            f"may reflect what the sources consulted document about the {low} cases rather than "
            "what the cities did; if thin documentation lowers codes, the gap is more likely "
            "overstated than understated."
        )
    else:
        text = (
            f"The {low} side, coded lower on {label}, rests on evidence at least as strong as "
            f"the {high} side there ({zeros}), so the gap does not come from weaker documentation."
        )
    out.add("reading", low, text, s)
    return out.frame()


# ----------------------------------------------------------------------------- typology
def typology_findings(
    book: CaseBook, *, k: int = 2, by: str = "group", coder: str = "ref"
) -> pd.DataFrame:
    """Findings of the typology: the clusters, the closest pair, fit, and the groups.

    Parameters
    ----------
    book : CaseBook
        The case base (at least three cases).
    k : int, default 2
        Number of clusters to read.
    by : str, default 'group'
        The column of the cases table the clusters are compared with.
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``clusters``, ``closest_pair``, ``fit``
        (cophenetic correlation), ``groups`` (whether the clusters coincide with the groups),
        ``established`` (which elements each case reaches, by the threshold rule of
        :func:`smartcase.element_profile`) and ``regions`` (the regions of the three-set
        diagram the cases occupy).

    Examples
    --------
    >>> import smartcase
    >>> f = typology_findings(smartcase.load_cases())
    >>> f["key"].tolist()[:2]
    ['clusters', 'closest_pair']
    """
    from .typology import cluster_cases, element_profile

    typ = cluster_cases(book, coder=coder)
    cl = typ.clusters(k)
    out = _Rows("typology")
    members = [[c for c in cl.index if cl[c] == j] for j in sorted(set(cl))]
    s = _Sentence()
    text = (
        f"Cut into {s.i('k', k)} clusters, the typology separates "
        + " from ".join(_names(book, m) for m in members)
        + "."
    )
    out.add("clusters", "", text, s)
    d = typ.distances
    pairs = [(float(d.at[a, b]), a, b) for i, a in enumerate(d.index) for b in d.index[i + 1 :]]
    best = min(pairs)
    s = _Sentence()
    text = (
        f"The closest pair is {_name(book, best[1])} and {_name(book, best[2])} "
        f"({typ.metric.capitalize()} distance {s.x('distance', best[0])})."
    )
    out.add("closest_pair", f"{best[1]};{best[2]}", text, s)
    if not math.isnan(typ.cophenetic):
        s = _Sentence()
        quality = "keeps" if typ.cophenetic >= 0.8 else "only partly keeps"
        text = (
            f"The tree {quality} the distances between the cases (cophenetic correlation "
            f"{s.x('cophenetic', typ.cophenetic)})."
        )
        out.add("fit", "", text, s)
    if by in book.cases.columns:
        labels = book.cases[by].astype(str)
        pure = all(len({labels[c] for c in m}) == 1 for m in members)
        s = _Sentence()
        if pure and len(members) == labels.nunique():
            text = (
                "The clusters coincide with the comparison groups ("
                + _join([labels[m[0]] for m in members])
                + ")."
            )
        else:
            text = "The clusters cut across the comparison groups."
        out.add("groups", by, text, s)
    prof = element_profile(book, coder=coder)
    s = _Sentence()
    n_el = len(book.framework.element_ids)
    full = [c for c in prof.index if int(prof.at[c, "n_established"]) == n_el]
    parts = []
    if full:
        verb = "reaches" if len(full) == 1 else "reach"
        parts.append(
            f"{_names(book, full)} {verb} the midpoint on all {s.i('elements', n_el)} elements"
        )
    for c in prof.index:
        if c in full:
            continue
        missing = [e for e in book.framework.element_ids if not prof.at[c, e]]
        parts.append(
            f"{_name(book, c)} falls short on {_join([_lower_first(_label(book, e)) for e in missing])}"
        )
    out.add("established", "", _join(parts) + ".", s)
    regions: dict[tuple[str, ...], list[str]] = {}
    for c in prof.index:
        key = tuple(e for e in book.framework.element_ids if prof.at[c, e])
        regions.setdefault(key, []).append(c)
    s = _Sentence()
    parts = []
    for key, region_cases in regions.items():
        where = (
            f"all {s.i('all', n_el)} elements"
            if len(key) == n_el
            else _join([_lower_first(_label(book, e)) for e in key])
            if key
            else "none of the elements"
        )
        parts.append(f"{where} ({_names(book, region_cases)})")
    text = (
        f"The cases fall into {s.i('occupied', len(regions))} of the {s.i('regions', 2**n_el)} "
        f"regions of the diagram: {'; '.join(parts)}."
    )
    out.add("regions", "", text, s)
    return out.frame()


# ----------------------------------------------------------------------------- evidence base
def evidence_findings(book: CaseBook, *, by: str = "group") -> pd.DataFrame:
    """Findings on the evidence base: size, strength and source kinds per group of cases.

    Parameters
    ----------
    book : CaseBook
        The case base.
    by : str, default 'group'
        The column of the cases table that groups the cases.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``size`` (items and sources), ``strength`` and
        ``news`` per group (range of the per-case shares, with the cases at each end), and
        ``undated`` (sources without a publication date).

    See Also
    --------
    smartcase.source_profile : The table these sentences read.

    Examples
    --------
    >>> import smartcase
    >>> f = evidence_findings(smartcase.load_cases())
    >>> f["key"].tolist()[0]
    'size'
    """
    from .casebook import REFERENCE_YEAR
    from .provenance import source_profile

    prof = source_profile(book)
    out = _Rows("evidence")
    s = _Sentence()
    n_src = int(book.evidence["source_id"].nunique())
    later = int(book.evidence["post_2020"].astype(bool).sum())
    text = (
        f"The case base holds {s.i('items', len(book.evidence))} evidence items from "
        f"{s.i('sources', n_src)} sources (the sources table lists {s.i('listed', len(book.sources))}, "
        f"the others cited by profiles, programmes, indicators or assessments, or kept for reference) for "
        f"{s.i('cases', len(book.cases))} cases; "
        f"{s.i('post_2020', later)} of the items describe developments after "
        f"{s.i('reference_year', REFERENCE_YEAR)} and raise no code."
    )
    out.add("size", "", text, s)
    labels = book.cases[by].astype(str) if by in book.cases.columns else None
    groups = (
        {g: [c for c in book.case_ids if labels[c] == g] for g in dict.fromkeys(labels)}
        if labels is not None
        else {"all": list(book.case_ids)}
    )
    for col, key, what in (
        ("strong_share", "strength", "strong"),
        ("news_share", "news", "from news"),
    ):
        for g, members in groups.items():
            v = prof.loc[members, col]
            s = _Sentence()
            lo_c = [c for c in members if _close(v[c], v.min())]
            hi_c = [c for c in members if _close(v[c], v.max())]
            if len(members) == 1 or round(100 * v.min()) == round(100 * v.max()):
                text = (
                    f"For the {g} cases, {s.p('share', v.max())} of all their evidence items "
                    f"(cited by a code or not) are {what} ({_names(book, members)})."
                )
            else:
                text = (
                    f"For the {g} cases, {s.p('low', v.min())} ({_names(book, lo_c)}) to "
                    f"{s.p('high', v.max())} ({_names(book, hi_c)}) of all their evidence items "
                    f"(cited by a code or not) are {what}."
                )
            out.add(key, g, text, s)
    cited = book.evidence["source_id"].unique()
    undated = int(book.sources.loc[cited, "year"].isna().sum())
    s = _Sentence()
    text = (
        f"{s.i('undated', undated)} of the {s.i('sources', len(cited))} cited sources give no "
        "publication year."
        if undated
        else "Every cited source gives its publication year."
    )
    out.add("undated", "", text, s)
    return out.frame()


# ----------------------------------------------------------------------------- QCA
def _case_list(text: str, names: Mapping[str, str]) -> list[str]:
    ids = [c for c in re.split(r"[;,]\s*", str(text)) if c.strip()]
    return [names.get(c.strip(), c.strip()) for c in ids]


def qca_findings(
    solutions: pd.DataFrame,
    *,
    outcome: str = "innovation",
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Findings of QCA solutions: each model with its fit and the cases it covers.

    Parameters
    ----------
    solutions : pandas.DataFrame
        A table from :func:`smartcase.membership.solution_table`.
    outcome : str, default 'innovation'
        The outcome's name, for the sentences.
    names : mapping of str to str, optional
        Case id -> display name (e.g. ``book.cases["name"]``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`; one ``model`` row per solution and model (subject
        ``'<solution> M1'``) and, where a solution has several models, a ``models`` row.

    Raises
    ------
    ArgumentError
        A table without the columns of ``solution_table``.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import membership
    >>> from smartcase.qca.minimization import minimize
    >>> from smartcase.qca.truthtable import truth_table
    >>> book = smartcase.load_cases()
    >>> tt = truth_table(membership.case_memberships(book), "innovation", incl_cut=0.8)
    >>> t = membership.solution_table({"parsimonious": minimize(tt, include="?")})
    >>> qca_findings(t, names=book.cases["name"])["sentence"].iloc[0][:30]
    'The parsimonious solution for '
    """
    need = {"solution", "model", "term", "inclS", "covS", "cases"}
    if not isinstance(solutions, pd.DataFrame) or not need <= set(solutions.columns):
        raise ArgumentError(
            "solutions", type(solutions).__name__, "a table from membership.solution_table()"
        )
    nm = dict(names) if names is not None else {}
    out = _Rows("qca")
    for label in dict.fromkeys(solutions["solution"]):
        part = solutions[solutions["solution"] == label]
        models = list(dict.fromkeys(part["model"]))
        if len(models) > 1:
            s = _Sentence()
            exprs = [
                str(part[(part["model"] == m) & (part["term"] == "(model)")]["cases"].iloc[0])
                for m in models
            ]
            text = (
                f"The {label} solution has {s.i('models', len(models))} equally short models "
                f"({'; '.join(exprs)}); the data do not decide between them."
            )
            out.add("models", str(label), text, s)
        for m in models:
            rows = part[part["model"] == m]
            model_row = rows[rows["term"] == "(model)"].iloc[0]
            terms = rows[rows["term"] != "(model)"]
            covered: list[str] = []
            for t in terms.itertuples(index=False):
                for c in _case_list(t.cases, nm):
                    if c not in covered:
                        covered.append(c)
            s = _Sentence()
            text = (
                f"The {label} solution for {outcome} is {model_row['cases']} (consistency "
                f"{s.x('inclS', model_row['inclS'], 3)}, coverage {s.x('covS', model_row['covS'], 3)})"
            )
            text += f", covering {_join(covered)}." if covered else "."
            out.add("model", f"{label} {m}", text, s)
    return out.frame()


def robustness_findings(robust: pd.DataFrame, *, solution: str = "conservative") -> pd.DataFrame:
    """Whether a QCA solution holds across calibrations, and how it changes.

    Parameters
    ----------
    robust : pandas.DataFrame
        A table from :func:`smartcase.membership.calibration_robustness`.
    solution : {'conservative', 'parsimonious'}, default 'conservative'
        Which solution to read.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``stable`` (one sentence: the solution holds
        under every variant, or how many different solutions appear) and ``variant`` (per
        distinct solution: under which variants it appears). Numbers in the variants' own
        labels are recorded too.

    Raises
    ------
    ArgumentError
        ``solution`` not one of the two; a table without the robustness columns.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"variant": ["a", "b"], "conservative": ["C*I", "T*C*I"]})
    >>> robustness_findings(t)["sentence"].iloc[0]
    'The conservative solution changes with the calibration: 2 different solutions under 2 variants.'
    """
    if solution not in ("conservative", "parsimonious"):
        raise ArgumentError("solution", repr(solution), "'conservative' or 'parsimonious'")
    if not isinstance(robust, pd.DataFrame) or not {"variant", solution} <= set(robust.columns):
        raise ArgumentError(
            "robust", type(robust).__name__, "a table from membership.calibration_robustness()"
        )
    out = _Rows("qca_robustness")
    sols = list(dict.fromkeys(robust[solution].astype(str)))
    s = _Sentence()
    n = len(robust)
    if len(sols) == 1:
        text = f"The {solution} solution is {sols[0]} under all {s.i('variants', n)} calibrations."
    else:
        text = (
            f"The {solution} solution changes with the calibration: "
            f"{s.i('solutions', len(sols))} different solutions under {s.i('variants', n)} variants."
        )
    out.add("stable", solution, text, s)
    if len(sols) > 1:
        for sol in sols:
            vs = robust.loc[robust[solution].astype(str) == sol, "variant"].astype(str).tolist()
            s = _Sentence()
            for j, v in enumerate(vs):
                for q, num in enumerate(re.findall(r"\d+(?:\.\d+)?", v)):
                    s._keep(f"label_{j}_{q}", num)
            if sol.startswith("none ("):  # calibration_robustness: no solution, and why
                head = f"No solution ({sol[len('none (') : -1]}) under"
            else:
                head = f"The solution {sol} appears under"
            text = (
                f"{head} {s.i('count', len(vs))} of {s.i('variants', n)} "
                f"variants ({'; '.join(vs)})."
            )
            out.add("variant", sol, text, s)
    return out.frame()


# ----------------------------------------------------------------------------- scores
def score_findings(
    scores: pd.DataFrame,
    uncertainty: pd.DataFrame | None = None,
    *,
    names: Mapping[str, str] | None = None,
    scale: float = 100,
) -> pd.DataFrame:
    """Findings of composite scores and their uncertainty.

    Parameters
    ----------
    scores : pandas.DataFrame
        A table from :func:`smartcase.scoring.composite` (``index`` and ``rank`` columns).
    uncertainty : pandas.DataFrame, optional
        The ``summary`` of :func:`smartcase.scoring.uncertainty` (``nominal_rank``, ``q05``,
        ``q95``, ``share_nominal``).
    names : mapping of str to str, optional
        Case id -> display name.
    scale : float, default 100
        The top of the scale the sentences state the index on: 100 (the goalpost scores of
        :func:`~smartcase.scoring.composite`) or 3 (the mean-code scale of the tables).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``top`` and ``bottom`` (highest and lowest
        index), ``stable`` (cases whose rank holds over the 5th-95th percentile) and
        ``unstable`` (per case whose rank moves: its interval and the share of replications at
        the nominal rank).

    Raises
    ------
    ArgumentError
        Tables without the expected columns.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> f = score_findings(scoring.composite(smartcase.load_cases()))
    >>> f["key"].tolist()
    ['top', 'bottom']
    """
    if not isinstance(scores, pd.DataFrame) or not {"index", "rank"} <= set(scores.columns):
        raise ArgumentError("scores", type(scores).__name__, "a table from scoring.composite()")
    if not isinstance(scale, (int, float)) or not 0 < scale < float("inf"):
        raise ArgumentError("scale", repr(scale), "a positive number (100 or 3)")
    nm = dict(names) if names is not None else {}

    def name(c: str) -> str:
        return nm.get(c, str(c))

    out = _Rows("scores")
    # 1.875 stays 1.875 (not 1.8749999...) so that it rounds as in every other table
    idx = (scores["index"].astype(float) * scale / 100).round(10)
    dec = 1 if scale >= 10 else 2
    hi_c, hi, lo_c, lo = _extremes(idx)
    s = _Sentence()
    top = s.i("scale_max", scale) if float(scale).is_integer() else s.x("scale_max", scale)
    text = (
        f"{_join([name(c) for c in hi_c])} {'has' if len(hi_c) == 1 else 'have'} the highest "
        f"index ({s.x('index', hi, dec)} of {top}, rank {s.i('rank', scores.loc[hi_c[0], 'rank'])})."
    )
    out.add("top", ";".join(hi_c), text, s)
    s = _Sentence()
    text = (
        f"{_join([name(c) for c in lo_c])} {'has' if len(lo_c) == 1 else 'have'} the lowest "
        f"index ({s.x('index', lo, dec)}, rank {s.i('rank', scores.loc[lo_c[0], 'rank'])})."
    )
    out.add("bottom", ";".join(lo_c), text, s)
    if uncertainty is not None:
        need = {"nominal_rank", "q05", "q95", "share_nominal"}
        if not isinstance(uncertainty, pd.DataFrame) or not need <= set(uncertainty.columns):
            raise ArgumentError(
                "uncertainty",
                type(uncertainty).__name__,
                "the summary of scoring.uncertainty()",
            )
        u = uncertainty
        stable = [c for c in u.index if int(u.at[c, "q05"]) == int(u.at[c, "q95"])]
        if stable:
            s = _Sentence()
            parts = [
                f"{name(c)} (rank {s.i(f'rank_{k}', u.at[c, 'q05'])}, "
                f"{s.p(f'share_{k}', u.at[c, 'share_nominal'])} of replications at the nominal rank)"
                for k, c in enumerate(stable)
            ]
            text = (
                f"The rank of {_join(parts)} holds between the 5th and 95th percentile of the "
                "replications."
            )
            out.add("stable", ";".join(stable), text, s)
        for c in u.index:
            if c in stable:
                continue
            s = _Sentence()
            text = (
                f"{name(c)}'s rank moves between {s.i('q05', u.at[c, 'q05'])} and "
                f"{s.i('q95', u.at[c, 'q95'])} (5th-95th percentile); it keeps its nominal "
                f"rank {s.i('nominal', u.at[c, 'nominal_rank'])} in "
                f"{s.p('share', u.at[c, 'share_nominal'])} of the replications."
            )
            out.add("unstable", str(c), text, s)
    return out.frame()


# ----------------------------------------------------------------------------- stages
def _condition_text(book: CaseBook, condition: str) -> str:
    """A rule condition of the stage model with display labels (``'living_lab >= 3'`` ->
    ``'living labs ≥ 3'``)."""
    fw = book.framework
    labels = {
        **{e: _lower_first(str(fw.elements.at[e, "label"])) for e in fw.element_ids},
        **{c: _lower_first(str(fw.codebook.at[c, "label"])) for c in fw.codebook.index},
    }
    return _relabel(condition, labels).replace(">=", "\u2265").replace("<=", "\u2264")


def stage_findings(
    book: CaseBook, *, coder: str = "ref", cases: Iterable[str] | None = None
) -> pd.DataFrame:
    """The stage of each case in smartcase's stage model and what keeps it from the next.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.
    cases : iterable of str, optional
        Default: every case.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`; key ``stage``, one row per case.

    Examples
    --------
    >>> import smartcase
    >>> f = stage_findings(smartcase.load_cases(), cases=["busan"])
    >>> f["sentence"].iloc[0].startswith("Busan is at stage")
    True
    """
    from .strategy import diagnose_stage

    ids = list(book.case_ids) if cases is None else [book.check_case(c, "cases") for c in cases]
    out = _Rows("stages")
    for c in ids:
        d = diagnose_stage(book, c, coder=coder)
        st = d.stage_table
        s = _Sentence()
        text = f"{_name(book, c)} is at stage {d.stage} ({d.label})"
        if d.next_stage is None:
            text += ", the last stage of the model."
        else:
            k = int(st.at[d.next_stage, "conditions_met"])
            n = int(st.at[d.next_stage, "conditions"])
            unmet = d.unmet
            parts = []
            for j, r in enumerate(unmet.itertuples(index=False)):
                obs = (
                    "not coded"
                    if pd.isna(r.observed)
                    else f"observed {s.x(f'observed_{j}', r.observed)}"
                )
                cond = _numbers_in(s, f"condition_{j}", _condition_text(book, str(r.condition)))
                parts.append(f"{cond} ({obs})")
            text += (
                f" and meets {s.i('met', k)} of the {s.i('conditions', n)} conditions of "
                f"{d.next_stage} ({st.at[d.next_stage, 'label']}); not met: {'; '.join(parts)}."
            )
            # an unmet condition that rests on a 'not found' zero is a gap in the evidence
            # consulted as much as in the city
            zeros = [
                str(r.condition)
                for r in unmet.itertuples(index=False)
                if str(r.codes)
                and not str(r.evidence_ids).strip()
                and all(x.split("=")[-1] == "0" for x in str(r.codes).split("; ") if x)
            ]
            if zeros:
                conds = _join(
                    [
                        _numbers_in(s, f"zero_{j}", _condition_text(book, z))
                        for j, z in enumerate(zeros)
                    ]
                )
                text += (
                    f" The condition{'' if len(zeros) == 1 else 's'} {conds} "
                    f"{'fails' if len(zeros) == 1 else 'fail'} on a 'not found' zero: "
                    "no evidence was found in the sources consulted, which does not establish "
                    "absence, so the stage may understate the city."
                )
        out.add("stage", c, text, s)
    return out.frame()


# ----------------------------------------------------------------------------- approach
def approach_findings(table: pd.DataFrame | CaseBook) -> pd.DataFrame:
    """A reading of the combined-approach table: where each city stands and what it lacks.

    Parameters
    ----------
    table : pandas.DataFrame or CaseBook
        A table from :func:`smartcase.approach.combined_approach`, or a case base to compute
        it from (default scale).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``summary`` (how many cases combine both
        sides), ``margin`` (the cases within one code step of the midpoint, whose position one
        re-coded sub-dimension could change) and ``position`` (per case: both axis scores, the quadrant, the weakest
        sub-dimensions of the weaker axis and the strong evidence behind each axis).

    Examples
    --------
    >>> import smartcase
    >>> f = approach_findings(smartcase.load_cases())
    >>> f["key"].tolist()[0]
    'summary'
    """
    from .approach import combined_approach

    t = table if isinstance(table, pd.DataFrame) else combined_approach(table)
    need = {"name", "base", "social", "position", "weaker_axis", "lacks", "base_strong_share"}
    if not need <= set(t.columns):
        raise ArgumentError(
            "table",
            "a table without " + ", ".join(sorted(need - set(t.columns))),
            "a table from combined_approach()",
        )
    scale = t.attrs.get("scale", "0-1")
    top = 1.0 if scale == "0-1" else 3.0
    mid = float(t.attrs.get("midpoint", 0.5 * top))
    out = _Rows("approach")
    combined = [str(n) for n, p in zip(t["name"], t["position"], strict=True) if p == "combined"]
    s = _Sentence()
    if combined:
        text = (
            f"{s.i('combined', len(combined))} of {s.i('cases', len(t))} cases combine a smart-city "
            f"base with innovative capacity and social innovation, both at the midpoint "
            f"({s.x('midpoint', mid)} on a scale from {s.i('scale_min', 0)} to "
            f"{s.i('scale_max', top)}) or above: {_join(combined)}."
        )
    else:
        text = (
            f"None of the {s.i('cases', len(t))} cases combines a smart-city base with innovative "
            f"capacity and social innovation at the midpoint ({s.x('midpoint', mid)}) or above."
        )
    out.add("summary", "", text, s)
    axis_name = {"base": "smart-city base", "social": "innovative capacity and social innovation"}
    counts = dict(t.attrs.get("subdimension_counts", {}))
    axis_elements = {
        "base": tuple(t.attrs.get("base_elements", ())),
        "social": tuple(t.attrs.get("social_elements", ())),
    }
    if counts and all(axis_elements.values()):
        # the largest move of an axis when one sub-dimension's code changes by one level
        step = {
            axis: max((top / 3) / counts[e] for e in els) / len(els)
            for axis, els in axis_elements.items()
        }
        s = _Sentence()
        near = []
        for k, (_, r) in enumerate(t.iterrows()):
            for axis in ("base", "social"):
                d = float(r[axis]) - mid
                if abs(d) < step[axis] - 1e-12:
                    side = "above" if d >= 0 else "below"
                    near.append(
                        f"{r['name']}'s {axis_name[axis]} ({s.x(f'{axis}_{k}', r[axis])}, "
                        f"{s.x(f'margin_{axis}_{k}', abs(d))} {side} it; one code step moves "
                        f"this axis by up to {s.x(f'step_{axis}_{k}', step[axis])})"
                    )
        if near:
            text = (
                f"Close to the midpoint: {_join(near)}. A single sub-dimension coded one level "
                "differently would move such a case across it, so its position is fragile."
            )
        else:
            text = "No case lies within one code step of the midpoint on either axis."
        out.add("margin", "", text, s)
    position_text = {
        "combined": "combines both sides",
        "smart-city base only": "has a smart-city base but stays below the midpoint on "
        "innovative capacity and social innovation",
        "social innovation only": "has innovative capacity and social innovation but stays "
        "below the midpoint on the smart-city base",
        "neither": "stays below the midpoint on both sides",
    }
    labels = dict(t.attrs.get("labels", {}))
    for cid, r in t.iterrows():
        s = _Sentence()
        text = (
            f"{r['name']} {position_text.get(r['position'], r['position'])} "
            f"(base {s.x('base', r['base'])}, capacity and social innovation "
            f"{s.x('social', r['social'])})."
        )
        gaps = [g.split("=") for g in str(r["lacks"]).split("; ") if "=" in g]
        if gaps:
            items = []
            for k, (sub, code) in enumerate(gaps[:_MAX_LISTED]):
                lab = labels.get(sub, sub)
                items.append(f"{_lower_first(lab)} ({s.i(f'code_{k}', int(code))})")
            if len(gaps) > _MAX_LISTED:
                items.append(
                    f"{s.i('more', len(gaps) - _MAX_LISTED)} more sub-dimensions coded "
                    f"{s.i('more_max', max(int(c) for _, c in gaps[_MAX_LISTED:]))} or lower"
                )
            text += (
                f" On its weaker side, the {axis_name[r['weaker_axis']]}, it lacks {_join(items)}."
            )
        else:
            text += (
                f" No sub-dimension of its weaker side, the {axis_name[r['weaker_axis']]}, is "
                "coded below developing."
            )
        text += (
            f" Strong items make up {s.p('base_strong', r['base_strong_share'])} of the evidence "
            f"behind its base and {s.p('social_strong', r['social_strong_share'])} of that behind "
            "its capacity and social innovation."
        )
        out.add("position", str(cid), text, s)
    return out.frame()


# ----------------------------------------------------------------------------- one case
def case_findings(
    book: CaseBook,
    case: str,
    *,
    coder: str = "ref",
    scale: Literal["0-1", "0-3"] | None = None,
) -> pd.DataFrame:
    """One case against its peers: per element, its strongest and weakest sub-dimensions.

    Parameters
    ----------
    book : CaseBook
        The case base (the other cases are the peers).
    case : str
        Case id.
    coder : str, default 'ref'
        Whose codes.
    scale : {'0-1', '0-3'}, optional
        Scale of the element scores (default :func:`smartcase.approach.default_scale`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``element`` (per element: the case's score, its
        rank among all cases and the median of the others), ``strongest`` and ``weakest``
        (sub-dimensions at the case's highest and lowest code), ``unique`` (sub-dimensions on
        which the case alone is highest or lowest) and ``outcome``.

    Raises
    ------
    ArgumentError
        Unknown case. (A case base with one case gives one ``no_peers`` row.)

    Examples
    --------
    >>> import smartcase
    >>> f = case_findings(smartcase.load_cases(), "bucheon")
    >>> f.loc[f["key"] == "element", "subject"].tolist()
    ['technology', 'capacity', 'institutions']
    """
    from .approach import default_scale, element_scores

    book.check_case(case)
    scale = default_scale() if scale is None else scale
    top, _ = _scale(scale)
    out = _Rows("case")
    if len(book.case_ids) < 2:
        out.add(
            "no_peers",
            case,
            f"{_name(book, case)} is the only case in this case base: there are no peers to "
            "compare it with (load it beside the bundled cases to compare).",
            _Sentence(),
        )
        return out.frame()
    scores = element_scores(book, coder=coder, scale=scale)
    name = _name(book, case)
    n = len(book.case_ids)
    for el in book.framework.element_ids:
        v = scores[el].astype(float)
        own = float(v[case])
        peers = v.drop(case).dropna()
        med = float(peers.median())
        rank = int((v > own + 1e-9).sum()) + 1
        s = _Sentence()
        if own > med + 1e-9:
            rel = "above"
        elif own < med - 1e-9:
            rel = "below"
        else:
            rel = "at"
        tie = int((v.sub(own).abs() < 1e-9).sum()) - 1
        text = (
            f"On {_lower_first(_label(book, el))} {name} scores {s.x('score', own)} "
            f"({_unit(s, top)}, {s.i('scale_min', 0)} to {s.i('scale_max', top)}), {rel} the median of the other "
            f"{s.i('peers', len(peers))} cases ({s.x('median', med)}); it ranks "
            f"{s.i('rank', rank)} of {s.i('cases', n)}"
            + (f", tied with {s.i('tied', tie)} other case{'s' if tie > 1 else ''}" if tie else "")
            + "."
        )
        out.add("element", el, text, s)
    sub = book.code_matrix("subdimension", coder=coder, outcome=True).astype("Float64")
    subs = list(book.framework.subdimension_ids)
    own_codes = sub.loc[case, subs].dropna().astype(int)
    own_rows = book.codes[(book.codes["case_id"] == case) & (book.codes["coder_id"] == coder)]
    not_found = {
        str(r.construct_id)
        for r in own_rows.itertuples(index=False)
        if int(r.code) == 0 and not split_ids(r.evidence_ids)
    }
    for key, value in (("strongest", int(own_codes.max())), ("weakest", int(own_codes.min()))):
        ids = [c for c in own_codes.index if int(own_codes[c]) == value]
        s = _Sentence()
        level = LEVEL_LABELS[value]
        if value == 0 and all(c in not_found for c in ids):
            level = "not found in the sources consulted"
        if len(ids) > _MAX_LISTED:
            word = "highest" if key == "strongest" else "lowest"
            text = (
                f"{name}'s {word} code, {s.i('code', value)} ({level}), is shared by "
                f"{s.i('count', len(ids))} of its {s.i('of', len(own_codes))} sub-dimensions."
            )
            out.add(key, ";".join(ids), text, s)
            continue
        text = (
            f"{name}'s {key} sub-dimension{'s are' if len(ids) > 1 else ' is'} "
            f"{_join([_lower_first(_label(book, c)) for c in ids])} (code {s.i('code', value)}, {level})."
        )
        out.add(key, ";".join(ids), text, s)
    all_codes = sub[subs].astype(float)
    alone_hi = [
        c
        for c in subs
        if not pd.isna(all_codes.at[case, c])
        and (all_codes[c].drop(case) < all_codes.at[case, c]).all()
    ]
    alone_lo = [
        c
        for c in subs
        if not pd.isna(all_codes.at[case, c])
        and (all_codes[c].drop(case) > all_codes.at[case, c]).all()
    ]
    s = _Sentence()
    parts = []
    if alone_hi:
        parts.append(
            f"{name} alone has the highest code on "
            + _join(
                [
                    f"{_lower_first(_label(book, c))} ({s.i(f'high_{k}', all_codes.at[case, c])})"
                    for k, c in enumerate(alone_hi)
                ]
            )
        )
    if alone_lo:
        parts.append(
            ("and the lowest on " if alone_hi else f"{name} alone has the lowest code on ")
            + _join(
                [
                    f"{_lower_first(_label(book, c))} ({s.i(f'low_{k}', all_codes.at[case, c])})"
                    for k, c in enumerate(alone_lo)
                ]
            )
        )
    if parts:
        out.add("unique", case, " ".join(parts) + ".", s)
    for oid in book.framework.outcome_ids:
        if pd.isna(sub.at[case, oid]):
            continue
        v = int(sub.at[case, oid])
        peers = sub[oid].drop(case).dropna().astype(float)
        s = _Sentence()
        text = (
            f"On the outcome, {_lower_first(_label(book, oid))}, {name} is coded "
            f"{s.i('code', v)} ({LEVEL_LABELS[v]}); the other cases' codes run from "
            f"{s.i('peer_min', peers.min())} to {s.i('peer_max', peers.max())}."
        )
        out.add("outcome", oid, text, s)
    return out.frame()


def case_caveats(book: CaseBook, case: str, *, coder: str = "ref") -> pd.DataFrame:
    """The caveats that apply to one case's codes, from what each code rests on.

    Parameters
    ----------
    book : CaseBook
        The case base.
    case : str
        Case id.
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``profile`` (the case's items, their strength
        and source kinds), ``single_source`` (non-zero codes resting on one source),
        ``news_or_weak_only`` (codes resting only on news or weak items), ``inferred_year``
        (codes citing items whose year is inferred), ``not_found_zero`` (0 codes citing no
        evidence), ``low_confidence``; a ``none`` row when no code carries any of these.

    See Also
    --------
    smartcase.code_support : The table these sentences read.

    Examples
    --------
    >>> import smartcase
    >>> f = case_caveats(smartcase.load_cases(), "sejong")
    >>> f["key"].iloc[0]
    'profile'
    """
    from .provenance import code_support, source_profile

    book.check_case(case)
    name = _name(book, case)
    out = _Rows("caveats")
    prof = source_profile(book).loc[case]
    s = _Sentence()
    text = (
        f"{name}'s {s.i('items', prof['items'])} evidence items are "
        f"{s.p('strong', prof['strong_share'])} strong, "
        f"{s.p('official', prof['official_share'] + prof['scholarly_share'])} from official or "
        f"scholarly sources and {s.p('news', prof['news_share'])} from news."
    )
    out.add("profile", case, text, s)
    # code_support of this case alone (the other cases' codes are not needed here)
    sup = code_support(book.subset([case]), coder=coder).loc[case]
    subs = [c for c in sup.index if c in book.framework.codebook.index]
    sup = sup.loc[subs]
    checks = (
        (
            "single_source",
            sup[(sup["single_source"]) & (sup["code"] > 0)].index.tolist(),
            ("rests on a single source", "rest on a single source"),
        ),
        (
            "news_or_weak_only",
            sup[sup["news_or_weak_only"]].index.tolist(),
            ("rests only on news or weak items", "rest only on news or weak items"),
        ),
        (
            "inferred_year",
            sup[sup["inferred_year"]].index.tolist(),
            ("cites evidence whose year is inferred", "cite evidence whose year is inferred"),
        ),
        (
            "not_found_zero",
            sup[sup["not_found_zero"]].index.tolist(),
            (
                "is coded 0 because no evidence was found in the sources consulted, not because "
                "an absence is shown",
                "are coded 0 because no evidence was found in the sources consulted, not because "
                "an absence is shown",
            ),
        ),
        (
            "low_confidence",
            sup[sup["confidence"] == "low"].index.tolist(),
            ("carries low confidence", "carry low confidence"),
        ),
    )
    any_caveat = False
    for key, ids, (one_verb, many_verb) in checks:
        if not ids:
            continue
        any_caveat = True
        s = _Sentence()
        listed = [
            f"{_lower_first(_label(book, c))} (code {s.i(f'code_{k}', sup.at[c, 'code'])})"
            for k, c in enumerate(ids[:_MAX_LISTED])
        ]
        if len(ids) > _MAX_LISTED:
            listed.append(f"{s.i('more', len(ids) - _MAX_LISTED)} more")
        items = _join(listed)
        verb = one_verb if len(ids) == 1 else many_verb
        text = (
            f"{s.i('codes', len(ids))} of {name}'s {s.i('of_codes', len(sup))} codes {verb}: "
            f"{items}."
        )
        out.add(key, ";".join(ids), text, s)
    if not any_caveat:
        s = _Sentence()
        out.add(
            "none",
            case,
            f"No code of {name} rests on a single source, on news or weak items only, or on "
            "inferred years, and none is a 'not found' zero or of low confidence.",
            s,
        )
    return out.frame()


# ----------------------------------------------------------------------------- rendering
def findings_markdown(findings: pd.DataFrame, *, heading: str | None = None) -> str:
    """A findings table as a Markdown bullet list (optionally under a bold heading).

    Examples
    --------
    >>> import smartcase
    >>> text = findings_markdown(contrast_findings(smartcase.load_cases()), heading="Findings")
    >>> text.splitlines()[0]
    '**Findings**'
    """
    if not isinstance(findings, pd.DataFrame) or "sentence" not in findings.columns:
        raise ArgumentError("findings", type(findings).__name__, "a findings table")
    lines = [f"**{heading}**", ""] if heading else []
    lines += [f"- {t}" for t in findings["sentence"]]
    return "\n".join(lines) + "\n"


# ============================================================================ display
#: Opening line of every block of findings shown in a notebook (an HTML comment, invisible when
#: rendered): tests find the computed findings under each table and figure by it.
FINDING_MARKER = "<!-- smartcase:finding -->"

#: A number in running text, as a reader (and the tests) see it: not part of an id
#: (``busan-e012``, ``s2``) or a word (``3D``).
_NUMBER = re.compile(r"(?<![\w.\-\u2020@])\d+(?:\.\d+)?(?![\w@])")


def _numbers_in(s: _Sentence, prefix: str, text: str) -> str:
    """Record every number in a piece of data-given text (a label, a name) and return it."""
    for k, token in enumerate(_NUMBER.findall(text)):
        s._keep(f"{prefix}_{k}", token)
    return text


@dataclass(frozen=True)
class FindingsText:
    """Computed findings ready to show under a table or figure of a notebook.

    Jupyter renders it as Markdown (a bullet list under a bold heading) opened by
    :data:`FINDING_MARKER`; ``str()`` gives the Markdown without the marker.

    Attributes
    ----------
    markdown : str
        The Markdown text.
    sentences : tuple of str
        The sentences it holds (for findings tables), or the library text it shows.
    """

    markdown: str
    sentences: tuple[str, ...] = ()

    def _repr_markdown_(self) -> str:
        return f"{FINDING_MARKER}\n\n{self.markdown}"

    def __str__(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown


def show(*parts: pd.DataFrame | str, heading: str | None = "What this shows") -> FindingsText:
    """Findings to display under a table or figure: sentences computed from the results.

    Parameters
    ----------
    *parts : pandas.DataFrame or str
        Findings tables (their sentences become a bullet list, in order) or Markdown text made
        by a library function from its results (e.g.
        :func:`smartcase.membership.robustness_conclusions`), shown as it is.
    heading : str or None, default 'What this shows'
        A bold line above the findings; ``None`` for none.

    Returns
    -------
    FindingsText

    Raises
    ------
    ArgumentError
        A part that is neither a findings table nor text, or nothing to show.

    Examples
    --------
    >>> import smartcase
    >>> text = show(contrast_findings(smartcase.load_cases()))
    >>> text._repr_markdown_().startswith(FINDING_MARKER)
    True
    >>> str(text).splitlines()[0]
    '**What this shows**'
    """
    lines: list[str] = [f"**{heading}**", ""] if heading else []
    sentences: list[str] = []
    for k, part in enumerate(parts):
        if isinstance(part, pd.DataFrame):
            if "sentence" not in part.columns:
                raise ArgumentError(f"parts[{k}]", "a table without 'sentence'", "a findings table")
            for t in part["sentence"]:
                lines.append(f"- {t}")
                sentences.append(str(t))
        elif isinstance(part, str):
            if part.strip():
                if lines and lines[-1] != "":
                    lines.append("")
                lines += [part.strip(), ""]
                sentences.append(part.strip())
        else:
            raise ArgumentError(f"parts[{k}]", type(part).__name__, "a findings table or text")
    if not sentences:
        raise ArgumentError("parts", "no sentence", "at least one finding to show")
    return FindingsText("\n".join(lines).rstrip() + "\n", tuple(sentences))


def _relabel(text: str, names: Mapping[str, str]) -> str:
    """Ids standing as whole words in ``text`` replaced by their display names."""
    if not names:
        return text
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    return pattern.sub(lambda m: names[m.group(1)], text)


# ============================================================================ framework
def framework_findings(book: CaseBook, *, coder: str = "ref") -> pd.DataFrame:
    """The framework in numbers: elements, sub-dimensions, codebook, rubric and its use.

    Parameters
    ----------
    book : CaseBook
        The case base (its framework, and its codes for ``usage``).
    coder : str, default 'ref'
        Whose codes ``usage`` counts.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``elements`` (sub-dimensions per element),
        ``weights`` (what one sub-dimension weighs in its element score), ``codebook`` (entries
        with every field filled), ``rubric`` (anchors per level and construct), ``basis``
        (element definitions stating their basis) and ``usage`` (the coder's codes by level,
        and the zeros citing no evidence).

    Examples
    --------
    >>> import smartcase
    >>> f = framework_findings(smartcase.load_cases())
    >>> f["key"].tolist()
    ['elements', 'weights', 'codebook', 'rubric', 'basis', 'usage']
    """
    from .casebook import REFERENCE_YEAR

    fw = book.framework
    out = _Rows("framework")
    counts = {e: len(fw.subdimensions_of(e)) for e in fw.element_ids}
    s = _Sentence()
    parts = [f"{_lower_first(_label(book, e))} ({s.i(f'n_{e}', n)})" for e, n in counts.items()]
    text = (
        f"The framework operationalises the {s.i('elements', len(counts))} elements by "
        f"{s.i('subdimensions', sum(counts.values()))} sub-dimensions: {_join(parts)}; the "
        f"outcome, {_lower_first(_label(book, fw.outcome_ids[0]))}, is coded on the same rubric."
        if fw.outcome_ids
        else f"The framework operationalises the {s.i('elements', len(counts))} elements by "
        f"{s.i('subdimensions', sum(counts.values()))} sub-dimensions: {_join(parts)}."
    )
    out.add("elements", "", text, s)
    s = _Sentence()
    hi, lo = max(counts.values()), min(counts.values())
    if hi == lo:
        text = (
            f"Every element has {s.i('n', hi)} sub-dimensions, so each weighs "
            f"{s.i('one', 1)}/{s.i('n', hi)} of its element score."
        )
    else:
        text = (
            f"An element score is the mean code of its sub-dimensions, so one sub-dimension "
            f"weighs between {s.i('one', 1)}/{s.i('most', hi)} and {s.i('one', 1)}/{s.i('fewest', lo)} "
            "of its element, while every element weighs the same when element scores are compared."
        )
    out.add("weights", "", text, s)
    cb = fw.codebook
    fields = [
        c
        for c in ("full_definition", "when_to_use", "when_not_to_use", "example")
        if c in cb.columns
    ]
    filled = int(cb[fields].notna().all(axis=1).sum()) if fields else 0
    s = _Sentence()
    text = (
        f"{s.i('filled', filled)} of the {s.i('entries', len(cb))} codebook entries give a full "
        "definition, when to use and when not to use the code, and an example."
    )
    out.add("codebook", "", text, s)
    rub = fw.rubric
    s = _Sentence()
    text = (
        f"The rubric describes each of the {s.i('levels', rub['level'].nunique())} levels "
        f"({s.i('low', rub['level'].min())} to {s.i('high', rub['level'].max())}) for each of the "
        f"{s.i('constructs', rub['construct_id'].nunique())} sub-dimensions and outcome: "
        f"{s.i('anchors', len(rub))} anchors, all read at the end of "
        f"{s.i('year', REFERENCE_YEAR)}."
    )
    out.add("rubric", "", text, s)
    basis = fw.elements["basis"] if "basis" in fw.elements.columns else pd.Series(dtype=object)
    s = _Sentence()
    stated = int(basis.notna().sum())
    text = (
        f"{s.i('stated', stated)} of the {s.i('elements', len(fw.elements))} element definitions "
        "state their basis in the report's public abstract; the sub-dimensions, codebook and "
        "rubric are smartcase's operationalisation, since the report's own sub-elements are not "
        "public."
    )
    out.add("basis", "", text, s)
    codes = book.codes[book.codes["coder_id"] == coder]
    if len(codes):
        s = _Sentence()
        levels = sorted(int(v) for v in rub["level"].unique())
        by_level = codes["code"].astype(int).value_counts()
        parts = [
            f"{s.i(f'level_{v}', by_level.get(v, 0))} at {s.i(f'code_{v}', v)}" for v in levels
        ]
        zeros = codes[codes["code"].astype(int) == 0]
        nf = int(sum(1 for v in zeros["evidence_ids"] if not split_ids(v)))
        text = (
            f"Of the {s.i('codes', len(codes))} codes of coder {coder}, {_join(parts)}; "
            f"{s.i('not_found', nf)} of the zeros cite no evidence ('not found' in the sources "
            "consulted, not a proven absence)."
        )
        out.add("usage", coder, text, s)
    return out.frame()


# ============================================================================ the cases
def overview_findings(book: CaseBook) -> pd.DataFrame:
    """The cases side by side: size, flagship programmes and evidence items.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``population`` (the largest and smallest case,
        with their years, and the ratio), ``programmes`` and ``evidence`` (the range per case),
        ``reading`` (what the differences in size mean for the comparison).

    Examples
    --------
    >>> import smartcase
    >>> overview_findings(smartcase.load_cases())["key"].tolist()
    ['population', 'programmes', 'evidence', 'reading']
    """
    out = _Rows("overview")
    cases = book.cases
    pop = cases["population"].astype(float)
    hi_c, hi, lo_c, lo = _extremes(pop)
    pop_hi, pop_lo = hi, lo
    s = _Sentence()
    hy = cases.at[hi_c[0], "population_year"]
    ly = cases.at[lo_c[0], "population_year"]
    text = (
        f"Populations run from {s.x('smallest', lo / 1e6)} million ({_names(book, lo_c)}, "
        f"{s.i('smallest_year', ly)}) to {s.x('largest', hi / 1e6)} million "
        f"({_names(book, hi_c)}, {s.i('largest_year', hy)}), a ratio of "
        f"{s.x('ratio', hi / lo, 1)} to {s.i('one', 1)}."
        if lo > 0
        else f"The largest population is {s.x('largest', hi / 1e6)} million ({_names(book, hi_c)})."
    )
    out.add("population", "", text, s)
    for key, counts, what in (
        ("programmes", book.programmes["case_id"].value_counts(), "flagship programmes"),
        ("evidence", book.evidence["case_id"].value_counts(), "evidence items"),
    ):
        v = counts.reindex(list(book.case_ids), fill_value=0).astype(float)
        hi_c, hi, lo_c, lo = _extremes(v)
        s = _Sentence()
        if _close(hi, lo):
            text = f"Every case has {s.i('n', hi)} {what}."
        else:
            text = (
                f"The cases have from {s.i('fewest', lo)} ({_names(book, lo_c)}) to "
                f"{s.i('most', hi)} ({_names(book, hi_c)}) {what}."
            )
        out.add(key, "", text, s)
    s = _Sentence()
    text = (
        "The codes rate what each city had built against the rubric's levels, not the scale of "
        f"its effort, so a city {s.x('ratio', pop_hi / pop_lo, 1)} times the size of another is "
        "not for that reason coded higher."
        if pop_lo > 0
        else "The codes rate what each city had built against the rubric's levels, not its size."
    )
    out.add("reading", "", text, s)
    return out.frame()


def programme_findings(book: CaseBook, case: str | None = None) -> pd.DataFrame:
    """The flagship programmes in time: how many, when they started, their elements.

    Parameters
    ----------
    book : CaseBook
        The case base.
    case : str, optional
        Only this case's programmes (default: every case, with the elements per group).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``count`` (programmes, first and last start),
        ``running`` (programmes running, or possibly running, past the reference year),
        ``elements`` (programmes per element; per group of cases when ``case`` is None) and
        ``basis`` (how the elements were assigned, with the ties and unassigned programmes).

    See Also
    --------
    smartcase.programmes.programme_timeline : The table these sentences read.

    Examples
    --------
    >>> import smartcase
    >>> programme_findings(smartcase.load_cases(), "busan")["key"].tolist()
    ['count', 'running', 'elements', 'basis']
    """
    from .casebook import REFERENCE_YEAR
    from .programmes import SEVERAL, UNASSIGNED, programme_timeline

    out = _Rows("programmes")
    t = programme_timeline(book)
    if case is not None:
        book.check_case(case)
        t = t[t["case_id"] == case]
    s = _Sentence()
    who = _name(book, case) if case is not None else f"The {s.i('cases', len(book.case_ids))} cases"
    verb = "lists" if case is not None else "list"
    if t.empty:
        out.add("count", case or "", f"{who} {verb} no flagship programme.", s)
        return out.frame()
    first = int(t["start_year"].min())
    last = int(t["start_year"].max())
    f_rows = t[t["start_year"] == first]
    l_rows = t[t["start_year"] == last]

    def named(rows: pd.DataFrame, prefix: str) -> str:
        items = []
        for k, r in enumerate(rows.itertuples(index=False)):
            label = _numbers_in(s, f"{prefix}_{k}", str(r.label))
            items.append(label if case is not None else f"{label}, {r.case}")
        return _join(items)

    n_text = f"{s.i('programmes', len(t))} flagship programme{'s' if len(t) != 1 else ''}"
    if first == last:
        text = f"{who} {verb} {n_text}, all starting in {s.i('first', first)}."
    else:
        text = (
            f"{who} {verb} {n_text}; the first started in {s.i('first', first)} "
            f"({named(f_rows, 'first_label')}), the last in {s.i('last', last)} "
            f"({named(l_rows, 'last_label')})."
        )
    out.add("count", case or "", text, s)
    s = _Sentence()
    running = int(t["after_2020"].sum())
    open_ended = int(t["open_ended"].sum())
    how = []
    if open_ended:
        how.append(f"{s.i('open', open_ended)} without an end year in the sources")
    if running - open_ended:
        how.append(f"{s.i('later', running - open_ended)} ending later")
    text = (
        f"{s.i('running', running)} of the {s.i('programmes', len(t))} run, or may run, past the "
        f"reference year {s.i('year', REFERENCE_YEAR)}" + (f": {_join(how)}." if how else ".")
    )
    out.add("running", case or "", text, s)
    el_names = {
        **{e: _lower_first(_label(book, e)) for e in book.framework.element_ids},
        SEVERAL: "several elements (a tie)",
        UNASSIGNED: "no element (no evidence from their sources)",
    }
    order = [*book.framework.element_ids, SEVERAL, UNASSIGNED]
    s = _Sentence()
    if case is not None:
        counts = t["element"].value_counts()
        parts = [f"{s.i(f'n_{e}', counts[e])} to {el_names[e]}" for e in order if counts.get(e, 0)]
        top = [e for e in book.framework.element_ids if counts.get(e, 0) == counts.max()]
        text = f"By the evidence of their own sources, the programmes belong {_join(parts)}."
        if top and counts.max() > 0 and len(top) == 1:
            text += f" {_name(book, case)}'s programmes lean to {el_names[top[0]]}."
    else:
        groups = {
            str(g): [c for c in book.case_ids if book.cases.at[c, "group"] == g]
            for g in dict.fromkeys(book.cases["group"].dropna())
        }
        texts = []
        for gi, (g, members) in enumerate(groups.items()):
            part = t[t["case_id"].isin(members)]
            counts = part["element"].value_counts()
            items = [
                f"{s.i(f'{gi}_{e}', counts[e])} to {el_names[e]}" for e in order if counts.get(e, 0)
            ]
            if items:  # "4 belong to technology ..., 3 to innovative capacity and ..."
                n0, rest = items[0].split(" to ", 1)
                items[0] = f"{n0} belong to {rest}"
            texts.append(
                f"of the {s.i(f'{gi}_n', len(part))} programmes of the cases in {g}, {_join(items)}"
            )
        text = "By the evidence of their own sources, " + "; ".join(texts) + "."
    out.add("elements", case or "", text, s)
    s = _Sentence()
    ties = int((t["element"] == SEVERAL).sum())
    none = int((t["element"] == UNASSIGNED).sum())
    text = (
        "A programme's element is the one to which most evidence items from its own sources are "
        "coded"
    )
    extras = []
    if ties:
        extras.append(f"{s.i('ties', ties)} tie between elements")
    if none:
        extras.append(f"{s.i('unassigned', none)} have no item from their sources")
    text += ("; " + " and ".join(extras) + ", and are shown as such" if extras else "") + "."
    out.add("basis", case or "", text, s)
    return out.frame()


def meta_findings(book: CaseBook, *, coder: str = "ref") -> pd.DataFrame:
    """The cases ordered by the outcome, and how closely each element follows that order.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``order`` (cases by outcome code),
        ``correlation`` (Spearman's rank correlation of each element score with the outcome
        over the cases) and ``reading`` (the element that follows the outcome most closely,
        with the small-n caveat). Only ``order`` when the outcome or the scores do not vary.

    Examples
    --------
    >>> import smartcase
    >>> meta_findings(smartcase.load_cases())["key"].tolist()
    ['order', 'correlation', 'reading']
    """
    out = _Rows("meta")
    fw = book.framework
    if not fw.outcome_ids:
        return out.frame()
    oid = fw.outcome_ids[0]
    sub = book.code_matrix("subdimension", coder=coder, outcome=True)
    y = sub[oid].astype(float)
    s = _Sentence()
    parts = []
    for k, v in enumerate(sorted(y.dropna().unique(), reverse=True)):
        members = [c for c in book.case_ids if _close(y[c], v)]
        parts.append(f"{_names(book, members)} ({s.i(f'code_{k}', v)})")
    text = f"Ordered by the outcome, {_lower_first(_label(book, oid))}: {'; '.join(parts)}."
    out.add("order", oid, text, s)
    scores = book.code_matrix("element", coder=coder)
    rho = {
        e: float(scores[e].astype(float).rank().corr(y.rank()))
        for e in fw.element_ids
        if scores[e].nunique() > 1 and y.nunique() > 1
    }
    rho = {e: r for e, r in rho.items() if not math.isnan(r)}
    if not rho:
        return out.frame()
    s = _Sentence()
    ranked = sorted(rho, key=lambda e: -rho[e])
    parts = [f"{s.x(f'rho_{e}', rho[e])} with {_lower_first(_label(book, e))}" for e in ranked]
    text = (
        f"Across the {s.i('cases', y.notna().sum())} cases the outcome's rank correlation "
        f"(Spearman) is {_join(parts)}."
    )
    out.add("correlation", oid, text, s)
    s = _Sentence()
    best = ranked[0]
    text = (
        f"{_label(book, best)} orders the cases most like the outcome (rho "
        f"{s.x('rho', rho[best])}); with {s.i('cases', y.notna().sum())} cases this describes "
        "these cities, not a tested relation."
    )
    out.add("reading", best, text, s)
    return out.frame()


def timeline_findings(book: CaseBook, case: str | None = None) -> pd.DataFrame:
    """When the evidence dates from: span, busiest year, later items, age by element.

    Parameters
    ----------
    book : CaseBook
        The case base.
    case : str, optional
        Only this case's evidence (default: every case).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``span`` (first and last year, the busiest
        year), ``post_2020`` (items flagged as after the reference year) and ``by_element``
        (the median year of each element's items, and which evidence is the most recent).

    Examples
    --------
    >>> import smartcase
    >>> timeline_findings(smartcase.load_cases(), "helsinki")["key"].tolist()
    ['span', 'post_2020', 'by_element']
    """
    from .casebook import REFERENCE_YEAR

    out = _Rows("timeline")
    ev = book.evidence
    if case is not None:
        book.check_case(case)
        ev = ev[ev["case_id"] == case]
    who = f"{_name(book, case)}'s" if case is not None else "The"
    years = ev["year"].dropna().astype(int)
    s = _Sentence()
    if years.empty:
        out.add("span", case or "", f"{who} evidence items give no year.", s)
        return out.frame()
    counts = years.value_counts()
    peak = sorted(int(y) for y in counts.index if counts[y] == counts.max())
    text = (
        f"{who} {s.i('items', len(ev))} evidence items date from {s.i('first', years.min())} to "
        f"{s.i('last', years.max())}; the busiest "
        + ("year is " if len(peak) == 1 else "years are ")
        + _join([s.i(f"peak_{k}", y) for k, y in enumerate(peak)])
        + f" ({s.i('peak_items', counts.max())} items"
        + ("" if len(peak) == 1 else " each")
        + ")."
    )
    out.add("span", case or "", text, s)
    s = _Sentence()
    flagged = int(ev["post_2020"].astype(bool).sum())
    text = (
        f"{s.i('flagged', flagged)} items ({s.p('share', flagged / len(ev) if len(ev) else 0)}) "
        f"describe developments after {s.i('year', REFERENCE_YEAR)}: they are shown, but raise "
        "no code."
    )
    out.add("post_2020", case or "", text, s)
    med = {
        e: float(ev.loc[ev["element_id"] == e, "year"].dropna().median())
        for e in book.framework.element_ids
        if ev.loc[ev["element_id"] == e, "year"].notna().any()
    }
    if med:
        s = _Sentence()
        parts = [
            f"{_lower_first(_label(book, e))} {s.x(f'median_{e}', v, 1 if v % 1 else 0)}"
            for e, v in med.items()
        ]
        text = f"Median year of the items by element: {_join(parts)}."
        newest = [e for e in med if _close(med[e], max(med.values()))]
        oldest = [e for e in med if _close(med[e], min(med.values()))]
        if not _close(max(med.values()), min(med.values())):
            text += (
                f" The evidence on {_join([_lower_first(_label(book, e)) for e in newest])} is the "
                f"most recent, that on {_join([_lower_first(_label(book, e)) for e in oldest])} "
                "the oldest."
            )
        out.add("by_element", case or "", text, s)
    return out.frame()


def reliability_findings(
    result: Any, book: CaseBook | None = None, *, independent: bool = False
) -> pd.DataFrame:
    """What the agreement of two codings shows, and what it cannot show.

    Parameters
    ----------
    result : ReliabilityResult
        From :func:`smartcase.reliability` (two coders).
    book : CaseBook, optional
        For the coders' names (default: their ids).
    independent : bool, default False
        Whether the second coding was made independently: its own selection and filing of the
        evidence, without contact with the first. The bundled second coding ``c2`` was not
        (same team, pre-sorted evidence), and the ``reading`` sentence says what follows.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``agreement`` (exact agreement and Krippendorff's
        ordinal alpha with its interval), ``direction`` (who codes higher on the disagreements,
        and the units citing the same evidence) and ``reading``.

    Raises
    ------
    ArgumentError
        Not a reliability result of two coders.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> f = reliability_findings(smartcase.reliability(book, seed=0), book)
    >>> f["key"].tolist()
    ['agreement', 'direction', 'reading']
    """
    coders = tuple(getattr(result, "coders", ()))
    if len(coders) != 2 or not hasattr(result, "direction"):
        raise ArgumentError("result", type(result).__name__, "a reliability result of two coders")
    out = _Rows("reliability")
    n = int(result.n_units)
    agree = round(float(result.percent_agreement) * n)
    s = _Sentence()
    lo, hi = result.alpha_ci
    text = (
        f"The codings {coders[0]} and {coders[1]} give the same code on {s.i('agree', agree)} of "
        f"{s.i('units', n)} units ({s.p('share', agree / n if n else 0)}); Krippendorff's ordinal "
        f"alpha is {s.x('alpha', result.alpha)} ({s.i('level', 95)} % bootstrap interval "
        f"{s.x('ci_low', lo)} to {s.x('ci_high', hi)})."
    )
    out.add("agreement", "", text, s)
    d = result.direction.iloc[0]
    s = _Sentence()
    dis = int(d["coder_1_higher"]) + int(d["coder_2_higher"])
    text = (
        f"Of the {s.i('disagreements', dis)} disagreements, {d['coder_2']} gives the higher code "
        f"on {s.i('second_higher', d['coder_2_higher'])} and {d['coder_1']} on "
        f"{s.i('first_higher', d['coder_1_higher'])}; the two cite the same evidence on "
        f"{s.i('same', d['same_evidence'])} of the {s.i('units', n)} units."
    )
    out.add("direction", "", text, s)
    s = _Sentence()
    if independent:
        text = (
            "The second coding was made independently, so the agreement estimates how far "
            "another coder reaches the same codes from the sources."
        )
    else:
        second = coders[1]
        if book is not None and second in book.coders.index:
            second = f"{second}, the {book.coders.at[second, 'name']},"
        text = (
            f"The second coding {_numbers_in(s, 'name', second)} is not an independent coding: "
            "it re-levels evidence that the reference coders had already selected and filed, so "
            "these figures measure agreement on levels given that evidence, not whether another "
            "researcher would reach the same codes; an independent coding is still to be done."
        )
    out.add("reading", "", text, s)
    return out.frame()


# ============================================================================ QCA
def calibration_findings(
    calibration: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    margin: float = 0.1,
) -> pd.DataFrame:
    """Who is in each set after calibration, and which memberships sit near the crossover.

    Parameters
    ----------
    calibration : pandas.DataFrame
        A table from :func:`smartcase.membership.calibration_table`.
    names : mapping of str to str, optional
        Set and case ids -> display names.
    margin : float, default 0.1
        Memberships within this distance of 0.5 count as near the crossover.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``members`` (per set: the cases with fuzzy
        membership above 0.5) and ``crossover`` (the memberships near 0.5, and what follows).

    Raises
    ------
    ArgumentError
        A table without the calibration columns.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import membership
    >>> f = calibration_findings(membership.calibration_table(smartcase.load_cases()))
    >>> f["key"].iloc[-1]
    'crossover'
    """
    need = {"set", "case_id", "fuzzy"}
    if not isinstance(calibration, pd.DataFrame) or not need <= set(calibration.columns):
        raise ArgumentError(
            "calibration", type(calibration).__name__, "a table from calibration_table()"
        )
    nm = dict(names or {})
    out = _Rows("calibration")
    for st in dict.fromkeys(calibration["set"]):
        part = calibration[calibration["set"] == st]
        inside = [
            nm.get(c, c) for c, v in zip(part["case_id"], part["fuzzy"], strict=True) if v > 0.5
        ]
        outside = [
            nm.get(c, c) for c, v in zip(part["case_id"], part["fuzzy"], strict=True) if v <= 0.5
        ]
        s = _Sentence()
        text = f"{nm.get(st, st)} (membership above {s.x('crossover', 0.5, 1)}): "
        text += _join(inside) if inside else "no case"
        text += f"; out: {_join(outside)}." if outside else "; every case is in."
        out.add("members", str(st), text, s)
    near = calibration[(calibration["fuzzy"] - 0.5).abs() < margin]
    s = _Sentence()
    if len(near):
        items = [
            f"{nm.get(r.case_id, r.case_id)} in {nm.get(r.set, r.set)} ({s.x(f'm_{k}', r.fuzzy)})"
            for k, r in enumerate(near.itertuples(index=False))
        ]
        text = (
            f"{s.i('near', len(near))} membership{'s lie' if len(near) > 1 else ' lies'} within "
            f"{s.x('margin', margin, 1)} of the crossover: {_join(items)}; a small change of the "
            "anchors can move these cases across it, which is why the solutions are also derived "
            "under other anchors (the robustness tables)."
        )
    else:
        text = (
            f"No membership lies within {s.x('margin', margin, 1)} of the crossover, so small "
            "changes of the anchors move no case across it."
        )
    out.add("crossover", "", text, s)
    return out.frame()


def _configuration(row: pd.Series, conditions: Sequence[str]) -> str:
    parts = []
    for c in conditions:
        v = row[c]
        parts.append(c if int(v) == 1 else f"~{c}")
    return "*".join(parts)


def truth_table_findings(tt: Any) -> pd.DataFrame:
    """What the truth table holds: diversity, the configurations with cases, and remainders.

    Parameters
    ----------
    tt : TruthTable
        From :func:`smartcase.qca.truth_table` (crisp or fuzzy, binary conditions).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``diversity`` (configurations with cases, and
        remainders), ``configuration`` (one per configuration with cases: its cases,
        consistency and whether it is sufficient) and ``reading``.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import membership
    >>> from smartcase.qca.truthtable import truth_table
    >>> tt = truth_table(membership.case_memberships(smartcase.load_cases()), "innovation",
    ...                  ["technology", "capacity", "institutions"], incl_cut=0.8)
    >>> truth_table_findings(tt)["key"].tolist()[0]
    'diversity'
    """
    table = getattr(tt, "table", None)
    conditions = list(getattr(tt, "conditions", ()))
    if not isinstance(table, pd.DataFrame) or not conditions:
        raise ArgumentError("tt", type(tt).__name__, "a truth table from qca.truth_table()")
    out = _Rows("truth_table")
    total = 1
    for lv in getattr(tt, "levels", (2,) * len(conditions)):
        total *= int(lv)
    observed = table[table["n"] > 0]
    s = _Sentence()
    cases = int(observed["n"].sum())
    rem = total - len(observed)
    text = (
        f"The {s.i('cases', cases)} cases fill {s.i('observed', len(observed))} of the "
        f"{s.i('configurations', total)} configurations of {s.i('conditions', len(conditions))} "
        f"conditions; {s.i('remainders', rem)} ({s.p('share', rem / total)}) are logical "
        "remainders with no case."
    )
    out.add("diversity", "", text, s)
    cut = float(tt.incl_cut[0]) if hasattr(tt, "incl_cut") else float("nan")
    for idx, r in observed.iterrows():
        s = _Sentence()
        config = _configuration(r, conditions)
        who = str(r["cases"]).replace(",", ", ")
        incl = float(r["incl"])
        if str(r["OUT"]) == "1":
            verdict = f"consistent with sufficiency for {tt.outcome}"
        elif str(r["OUT"]) == "C":
            verdict = f"a contradiction for {tt.outcome}"
        else:
            verdict = f"not sufficient for {tt.outcome}"
        text = (
            f"{config} ({who}; n = {s.i('n', r['n'])}) is {verdict}: consistency "
            f"{s.x('incl', incl, 3)} against the cut-off {s.x('cut', cut, 2)}."
        )
        out.add("configuration", str(idx), text, s)
    s = _Sentence()
    text = (
        f"Every solution rests on these {s.i('observed', len(observed))} configurations; what the "
        f"{s.i('remainders', rem)} remainders would show is assumed by the parsimonious and "
        "intermediate solutions, not observed."
    )
    out.add("reading", "", text, s)
    return out.frame()


def necessity_findings(
    necessity: pd.DataFrame,
    *,
    outcome: str = "the outcome",
    incl_cut: float = 0.9,
    ron_cut: float = 0.5,
) -> pd.DataFrame:
    """Which conditions pass as necessary, and whether they are relevant or nearly trivial.

    Parameters
    ----------
    necessity : pandas.DataFrame
        From :func:`smartcase.qca.parameters_of_fit` with ``relation='necessity'`` (columns
        ``inclN``, ``RoN``, ``covN``; one row per condition).
    outcome : str
        The outcome's name, for the sentences.
    incl_cut : float, default 0.9
        Consistency from which a condition is called necessary (the usual convention).
    ron_cut : float, default 0.5
        Relevance below which a necessary condition is called nearly trivial.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`; key ``condition``, one row per condition (the strongest
        first), and ``reading``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"inclN": [0.97, 0.77], "RoN": [0.41, 0.66], "covN": [0.7, 0.71]},
    ...                  index=["Institutions", "Technology"])
    >>> necessity_findings(t)["sentence"].iloc[0][:40]
    'Institutions passes as necessary for the'
    """
    if not isinstance(necessity, pd.DataFrame) or not {"inclN", "RoN"} <= set(necessity.columns):
        raise ArgumentError(
            "necessity", type(necessity).__name__, "a necessity table (inclN, RoN, covN)"
        )
    out = _Rows("necessity")
    t = necessity.sort_values("inclN", ascending=False, kind="stable")
    passed, trivial = [], []
    for cond, r in t.iterrows():
        s = _Sentence()
        incl, ron = float(r["inclN"]), float(r["RoN"])
        if incl >= incl_cut:
            passed.append(str(cond))
            text = (
                f"{cond} passes as necessary for {outcome} (inclN {s.x('inclN', incl, 3)}, at "
                f"least {s.x('cut', incl_cut, 2)})"
            )
            if ron < ron_cut:
                trivial.append(str(cond))
                text += (
                    f", but its relevance is low (RoN {s.x('RoN', ron, 3)}): most cases are in "
                    "it whatever their outcome, so it is close to trivially necessary."
                )
            else:
                text += f", with relevance RoN {s.x('RoN', ron, 3)}."
        else:
            text = (
                f"{cond} falls short of necessity (inclN {s.x('inclN', incl, 3)}, below "
                f"{s.x('cut', incl_cut, 2)})."
            )
        out.add("condition", str(cond), text, s)
    s = _Sentence()
    relevant = [c for c in passed if c not in trivial]
    if relevant:
        text = f"{_join(relevant)} is a candidate necessary condition for {outcome} in these cases."
    elif passed:
        text = (
            f"No condition is a relevant necessary condition: {_join(trivial)} passes only because "
            "nearly every case is in it."
        )
    else:
        text = f"No single condition is necessary for {outcome} in these cases."
    out.add("reading", "", text, s)
    return out.frame()


def fit_findings(
    data: pd.DataFrame,
    outcome: str,
    panels: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """The fit of each XY plot, and the cases that go against the relation it shows.

    Parameters
    ----------
    data : pandas.DataFrame
        Set memberships, one row per case (the index names the cases, e.g. city names).
    outcome : str
        The outcome column.
    panels : sequence of (expression, relation)
        As for :func:`smartcase.charts.xy_panels`: an expression in QCA notation and
        ``'sufficiency'`` or ``'necessity'``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`; key ``panel``, one row per panel: consistency and
        coverage (sufficiency) or consistency and relevance (necessity), and the cases on the
        wrong side of the diagonal by more than 0.05.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import membership
    >>> fz = membership.case_memberships(smartcase.load_cases())
    >>> f = fit_findings(fz, "innovation", [("capacity", "sufficiency")])
    >>> f["sentence"].iloc[0][:35]
    'capacity -> innovation: consistency'
    """
    from .qca import parameters_of_fit, parse_expression

    out = _Rows("xy")
    y = data[outcome].astype(float)
    for k, (expr, relation) in enumerate(panels):
        if relation not in ("sufficiency", "necessity"):
            raise ArgumentError(f"panels[{k}]", repr(relation), "'sufficiency' or 'necessity'")
        x = parse_expression(expr).membership(data).astype(float)
        x.index = data.index
        fit = parameters_of_fit(x.to_numpy(), y.to_numpy(), relation=relation)
        row = fit.iloc[-1]
        s = _Sentence()
        if relation == "sufficiency":
            arrow = "->"
            text = (
                f"{expr} {arrow} {outcome}: consistency {s.x('inclS', row['inclS'], 3)}, coverage "
                f"{s.x('covS', row['covS'], 3)}"
            )
            wrong = [str(c) for c in data.index if x[c] > y[c] + 0.05]
            side = "below the diagonal (more in the condition than in the outcome)"
        else:
            arrow = "<-"
            text = (
                f"{expr} {arrow} {outcome}: consistency {s.x('inclN', row['inclN'], 3)}, "
                f"relevance {s.x('RoN', row['RoN'], 3)}"
            )
            wrong = [str(c) for c in data.index if y[c] > x[c] + 0.05]
            side = "above the diagonal (more in the outcome than in the condition)"
        if wrong:
            text += f"; {_join(wrong)} {'lies' if len(wrong) == 1 else 'lie'} {side}."
        else:
            text += f"; no case lies clearly on the wrong side ({s.x('tolerance', 0.05)})."
        out.add("panel", f"{expr} {arrow} {outcome}", text, s)
    return out.frame()


# ============================================================================ scores
def interval_findings(
    element_summary: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
    factor: float = 1.0,
    decimals: int = 2,
) -> pd.DataFrame:
    """Whether the leader on each element stays ahead across the Monte Carlo replications.

    Parameters
    ----------
    element_summary : pandas.DataFrame
        The ``element_summary`` of :func:`smartcase.scoring.uncertainty` (``case_id``,
        ``element_id``, ``nominal``, ``q05``, ``q95``).
    names : mapping of str to str, optional
        Case and element ids -> display names.
    factor : float, default 1.0
        Multiplies the scores for the sentences (``3 / 100`` shows goalpost scores as mean
        codes, 0-3).
    decimals : int, default 2

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``element`` (per element: the leader, and
        whether its 5th percentile lies above every other case's 95th) and ``widest`` (the
        widest interval).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> u = scoring.uncertainty(smartcase.load_cases(), n=200, seed=0)
    >>> interval_findings(u.element_summary, factor=3 / 100)["key"].iloc[-1]
    'widest'
    """
    need = {"case_id", "element_id", "nominal", "q05", "q95"}
    if not isinstance(element_summary, pd.DataFrame) or not need <= set(element_summary.columns):
        raise ArgumentError(
            "element_summary", type(element_summary).__name__, "uncertainty().element_summary"
        )
    nm = dict(names or {})
    t = element_summary.copy()
    for c in ("nominal", "q05", "q95"):
        t[c] = t[c].astype(float) * factor
    out = _Rows("intervals")
    for el in dict.fromkeys(t["element_id"]):
        part = t[t["element_id"] == el].set_index("case_id")
        top = part["nominal"].idxmax()
        others = part.drop(index=top)
        s = _Sentence()
        lead = (
            f"On {_lower_first(nm.get(el, el))} {nm.get(top, top)} leads "
            f"({s.x('nominal', part.at[top, 'nominal'], decimals)}; "
            f"{s.x('q05', part.at[top, 'q05'], decimals)} to {s.x('q95', part.at[top, 'q95'], decimals)})"
        )
        overlap = [c for c in others.index if others.at[c, "q95"] >= part.at[top, "q05"]]
        if not overlap:
            text = lead + " and stays ahead of every other city across the replications."
        else:
            text = (
                lead
                + f", but the intervals of {_join([nm.get(c, c) for c in overlap])} reach into "
                "its own, so the lead is not settled by the data."
            )
        out.add("element", str(el), text, s)
    width = t["q95"] - t["q05"]
    k = int(width.to_numpy().argmax())
    r = t.iloc[k]
    s = _Sentence()
    text = (
        f"The widest interval is {nm.get(r['case_id'], r['case_id'])}'s "
        f"{_lower_first(nm.get(r['element_id'], r['element_id']))} "
        f"({s.x('q05', r['q05'], decimals)} to {s.x('q95', r['q95'], decimals)})."
    )
    out.add("widest", f"{r['case_id']};{r['element_id']}", text, s)
    return out.frame()


def rank_frequency_findings(
    rank_share: pd.DataFrame, *, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """How often each case takes its most frequent rank, and which ranks stay open.

    Parameters
    ----------
    rank_share : pandas.DataFrame
        The ``rank_share`` of :func:`smartcase.scoring.uncertainty` (cases by ranks, shares of
        the replications).
    names : mapping of str to str, optional
        Case id -> display name.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``modal`` (per case: its most frequent rank and
        share) and ``open`` (the cases none of whose ranks reaches half of the replications).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> u = scoring.uncertainty(smartcase.load_cases(), n=200, seed=0)
    >>> rank_frequency_findings(u.rank_share)["key"].iloc[0]
    'modal'
    """
    if not isinstance(rank_share, pd.DataFrame) or rank_share.empty:
        raise ArgumentError("rank_share", type(rank_share).__name__, "uncertainty().rank_share")
    nm = dict(names or {})
    out = _Rows("rank_frequency")
    open_cases = []
    for c, row in rank_share.iterrows():
        v = row.astype(float)
        rank = int(v.idxmax())
        s = _Sentence()
        text = (
            f"{nm.get(c, c)} is ranked {s.i('rank', rank)} in {s.p('share', v.max())} of the "
            "replications."
        )
        out.add("modal", str(c), text, s)
        if v.max() < 0.5:
            open_cases.append(str(c))
    s = _Sentence()
    if open_cases:
        ranks = sorted(
            {int(r) for c in open_cases for r, v in rank_share.loc[c].items() if float(v) >= 0.05}
        )
        text = (
            f"No rank of {_join([nm.get(c, c) for c in open_cases])} reaches half of the "
            f"replications: between them they take ranks {s.i('from', ranks[0])} to "
            f"{s.i('to', ranks[-1])}, and the analyst's choices, not the codes alone, decide "
            "their order."
        )
    else:
        text = f"Every city keeps one rank in at least {s.p('half', 0.5)} of the replications."
    out.add("open", ";".join(open_cases), text, s)
    return out.frame()


def sensitivity_findings(
    indices: pd.DataFrame,
    *,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Which of the analyst's choices moves each case's rank most (Sobol total indices).

    Parameters
    ----------
    indices : pandas.DataFrame
        The ``indices`` of :func:`smartcase.scoring.sensitivity` (``case_id``, ``input``,
        ``S1``, ``ST``).
    names : mapping of str to str, optional
        Case ids and input names -> display names.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``case`` (per case: the input with the largest
        total index, or that the rank never changed), ``overall`` (the input with the largest
        mean total index) and ``interactions`` (the share of the total indices that first-order
        effects explain).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> sens = scoring.sensitivity(smartcase.load_cases(), n=64, seed=0)
    >>> sensitivity_findings(sens.indices)["key"].iloc[-1]
    'interactions'
    """
    t = indices.reset_index() if "case_id" not in getattr(indices, "columns", []) else indices
    if not isinstance(t, pd.DataFrame) or not {"case_id", "input", "S1", "ST"} <= set(t.columns):
        raise ArgumentError("indices", type(indices).__name__, "sensitivity().indices")
    nm = dict(names or {})
    out = _Rows("sensitivity")

    def lab(v: str) -> str:
        return _lower_first(nm.get(v, v))

    for c in dict.fromkeys(t["case_id"]):
        part = t[t["case_id"] == c].dropna(subset=["ST"])
        s = _Sentence()
        if part.empty:
            text = f"{nm.get(c, c)}'s rank never changes, whatever the choices."
        else:
            top = part.loc[part["ST"].astype(float).idxmax()]
            text = (
                f"{nm.get(c, c)}'s rank moves most with the "
                f"{_numbers_in(s, 'choice', lab(str(top['input'])))} (total index "
                f"{s.x('ST', top['ST'])}"
                + (
                    f"; an estimate above {s.i('one', 1)} is sampling error around a share that "
                    "cannot exceed it)."
                    if float(top["ST"]) > 1
                    else ")."
                )
            )
        out.add("case", str(c), text, s)
    valid = t.dropna(subset=["ST"])
    if valid.empty:
        return out.frame()
    mean_st = valid.groupby("input", sort=False)["ST"].mean()
    s = _Sentence()
    top = str(mean_st.idxmax())
    text = (
        f"Over the cities whose rank moves, the choice that moves ranks most is the "
        f"{_numbers_in(s, 'choice', lab(top))} (mean total index {s.x('ST', mean_st.max())})."
    )
    out.add("overall", top, text, s)
    s = _Sentence()
    s1 = float(valid["S1"].clip(lower=0).sum())
    st = float(valid["ST"].sum())
    share = s1 / st if st > 0 else 0.0
    text = f"First-order effects account for {s.p('share', share)} of the summed total indices" + (
        ", so the choices act mostly together: a rank moves when several choices change at once."
        if share < 0.5
        else ", so most of each choice's effect is its own."
    )
    out.add("interactions", "", text, s)
    return out.frame()


def _variant_label(variant: str, names: Mapping[str, str]) -> str:
    """'normalize=minmax' -> 'min-max normalisation'; 'drop element x' -> 'leaving out X'."""
    words = {
        "minmax": "min-max",
        "zscore": "z-score",
        "rank": "rank",
        "geometric": "geometric",
        "copeland": "Copeland",
        "arithmetic": "arithmetic",
        "goalposts": "goalpost",
    }
    m = re.fullmatch(r"(normalize|aggregation)=(\w+)", variant)
    if m:
        what = "normalisation" if m.group(1) == "normalize" else "aggregation"
        return f"{words.get(m.group(2), m.group(2))} {what}"
    m = re.fullmatch(r"drop (element|subdimension) (\S+)", variant)
    if m:
        return f"leaving out {_lower_first(names.get(m.group(2), m.group(2)))}"
    return _relabel(variant, names)


def variant_findings(
    variants: pd.DataFrame, *, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """What changing one choice of the composite at a time does to the ranks.

    Parameters
    ----------
    variants : pandas.DataFrame
        From :func:`smartcase.scoring.one_at_a_time` (one row per variant, the first the
        nominal; one rank column per case; ``mean_abs_rank_shift``, ``max_abs_rank_shift``).
    names : mapping of str to str, optional
        Case, element and sub-dimension ids -> display names.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``unchanged`` (variants that change no rank),
        ``largest`` (the variants with the largest mean shift) and ``fixed`` (cases whose rank
        no variant changes).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> variant_findings(scoring.one_at_a_time(smartcase.load_cases()))["key"].tolist()
    ['unchanged', 'largest', 'fixed']
    """
    need = {"mean_abs_rank_shift", "max_abs_rank_shift", "kind"}
    if not isinstance(variants, pd.DataFrame) or not need <= set(variants.columns):
        raise ArgumentError("variants", type(variants).__name__, "one_at_a_time()")
    nm = dict(names or {})
    out = _Rows("variants")
    rest = variants[variants["kind"] != "nominal"]
    cases = [c for c in variants.columns if c not in need]
    s = _Sentence()
    same = int((rest["max_abs_rank_shift"] == 0).sum())
    text = (
        f"{s.i('unchanged', same)} of the {s.i('variants', len(rest))} variants change no city's "
        "rank."
    )
    out.add("unchanged", "", text, s)
    s = _Sentence()
    top = float(rest["mean_abs_rank_shift"].max())
    which = [str(v) for v in rest.index[rest["mean_abs_rank_shift"] == top]]
    labels = [_numbers_in(s, f"v_{k}", _variant_label(v, nm)) for k, v in enumerate(which)]
    text = (
        f"The largest mean rank shift ({s.x('shift', top, 1)}) comes from "
        f"{_join(labels)}, which moves a city by up to "
        f"{s.i('max', rest.loc[which, 'max_abs_rank_shift'].max())} ranks."
    )
    out.add("largest", ";".join(which), text, s)
    s = _Sentence()
    nominal = variants.iloc[0]
    fixed = [c for c in cases if (rest[c] == nominal[c]).all()]
    if fixed:
        text = (
            f"{_join([nm.get(c, c) for c in fixed])} keep{'s' if len(fixed) == 1 else ''} "
            f"{'its rank' if len(fixed) == 1 else 'their ranks'} under every variant; the other "
            "cities trade places."
        )
    else:
        text = "Every city changes rank under at least one variant."
    out.add("fixed", ";".join(fixed), text, s)
    return out.frame()


def coherence_findings(
    table: pd.DataFrame, *, names: Mapping[str, str] | None = None, alpha: float = 0.05
) -> pd.DataFrame:
    """What the rank correlations of the structure show, with five cases.

    Parameters
    ----------
    table : pandas.DataFrame
        The ``table`` of :func:`smartcase.scoring.coherence` (``a``, ``b``, ``kind``,
        ``spearman``, ``spearman_p``).
    names : mapping of str to str, optional
        Ids -> display names.
    alpha : float, default 0.05
        The level a p-value is compared with.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``elements`` (each element's correlation with
        the index), ``negative`` (sub-dimensions that run against their element or the index),
        ``constant`` (sub-dimensions every case shares) and ``reading`` (how many correlations
        reach ``alpha``).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> t = scoring.coherence(smartcase.load_cases(), within=False).table
    >>> coherence_findings(t)["key"].iloc[0]
    'elements'
    """
    need = {"a", "b", "kind", "spearman", "spearman_p"}
    if not isinstance(table, pd.DataFrame) or not need <= set(table.columns):
        raise ArgumentError("table", type(table).__name__, "coherence().table")
    nm = dict(names or {})
    out = _Rows("coherence")
    el = table[table["kind"] == "element-index"]
    if len(el):
        s = _Sentence()
        parts = [
            f"{_lower_first(nm.get(r.a, r.a))} {s.x(f'rho_{k}', r.spearman)}"
            for k, r in enumerate(el.itertuples(index=False))
            if not pd.isna(r.spearman)
        ]
        text = f"Rank correlation (Spearman) of each element score with the index: {_join(parts)}."
        out.add("elements", "", text, s)
    sub = table[table["kind"].isin(["subdimension-element", "subdimension-index"])]
    neg = sub[sub["spearman"].astype(float) < 0]
    s = _Sentence()
    if len(neg):
        pairs = [
            f"{_lower_first(nm.get(r.a, r.a))} with {_lower_first(nm.get(r.b, r.b))} "
            f"({s.x(f'rho_{k}', r.spearman)})"
            for k, r in enumerate(neg.itertuples(index=False))
        ]
        text = (
            f"{s.i('negative', len(neg))} sub-dimension correlations are negative: "
            + (_join(pairs) if len(pairs) <= _MAX_LISTED else _join(pairs[:_MAX_LISTED]) + " ...")
            + "; on these the cities that lead overall are not the ones that lead on the "
            "sub-dimension."
        )
        if len(pairs) > _MAX_LISTED:
            text = (
                f"{s.i('negative', len(neg))} sub-dimension correlations are negative, among them "
                + _join(pairs[:_MAX_LISTED])
                + "; on these the cities that lead overall are not the ones that lead on the "
                "sub-dimension."
            )
    else:
        text = "No sub-dimension runs against its element or the index."
    out.add("negative", "", text, s)
    const = sorted({str(a) for a, r in zip(sub["a"], sub["spearman"], strict=True) if pd.isna(r)})
    if const:
        s = _Sentence()
        listed = _join([_lower_first(nm.get(c, c)) for c in const])
        text = (
            f"{listed[:1].upper() + listed[1:]} "
            f"{'is' if len(const) == 1 else 'are'} coded alike in every city and correlate"
            f"{'s' if len(const) == 1 else ''} with nothing."
        )
        out.add("constant", ";".join(const), text, s)
    s = _Sentence()
    p = table["spearman_p"].astype(float)
    hit = int((p <= alpha).sum())
    text = (
        f"{s.i('significant', hit)} of the {s.i('tests', int(p.notna().sum()))} correlations "
        f"{'reaches' if hit == 1 else 'reach'} p ≤ {s.x('alpha', alpha)}, uncorrected for "
        "multiple comparisons; with "
        f"{s.i('cases', int(table['n'].max()) if 'n' in table.columns else 0)} cases they "
        "describe the structure of these cities, not a tested one."
    )
    out.add("reading", "", text, s)
    return out.frame()


def external_findings(validation: Any, *, names: Mapping[str, str] | None = None) -> pd.DataFrame:
    """smartcase's ranks beside external assessments: coverage, correlation, what follows.

    Parameters
    ----------
    validation : ExternalValidation
        From :func:`smartcase.scoring.external_validation` (``table``, ``correlations``).
    names : mapping of str to str, optional
        Case id -> display name.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``coverage`` (cities with at least one external
        rank), ``correlation`` (per ranking with at least three cities), ``pairs`` (pair by
        pair, how often the rankings order two cities as smartcase does, and the pairs most
        of them order the other way) and ``reading``.

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import scoring
    >>> book = smartcase.load_cases()
    >>> val = scoring.external_validation(scoring.composite(book),
    ...                                   scoring.load_external_assessments())
    >>> external_findings(val)["key"].tolist()[0]
    'coverage'
    """
    table = getattr(validation, "table", None)
    corr = getattr(validation, "correlations", None)
    if not isinstance(table, pd.DataFrame) or not isinstance(corr, pd.DataFrame):
        raise ArgumentError("validation", type(validation).__name__, "external_validation()")
    nm = dict(names or {})
    out = _Rows("external")
    ext = table.drop(columns=[c for c in ("smartcase_rank",) if c in table.columns])
    ranked = [c for c in ext.index if ext.loc[c].notna().any()]
    unranked = [c for c in ext.index if c not in ranked]
    s = _Sentence()
    text = (
        f"{s.i('ranked', len(ranked))} of the {s.i('cities', len(ext))} cities appear in at least "
        f"one of the {s.i('rankings', ext.shape[1])} external rankings"
        + (f" ({_join([nm.get(c, c) for c in ranked])})" if ranked else "")
        + (f"; {_join([nm.get(c, c) for c in unranked])} in none." if unranked else ".")
    )
    out.add("coverage", "", text, s)
    usable = corr[corr["spearman"].notna()]
    sig = []
    for r in usable.itertuples(index=False):
        s = _Sentence()
        name = _numbers_in(s, "name", str(r.external))
        text = (
            f"{name} ranks {s.i('n', r.n_cases)} of the cities; its rank correlation with "
            f"smartcase's ranks is {s.x('rho', r.spearman)} (p = {s.x('p', r.spearman_p)})."
        )
        out.add("correlation", str(r.external), text, s)
        if float(r.spearman_p) <= 0.05:
            sig.append(str(r.external))
    # pair by pair: does each ranking that ranks both cities order them as smartcase does?
    own = table["smartcase_rank"] if "smartcase_rank" in table.columns else None
    agree = disagree = 0
    against: list[tuple[str, str, int, int]] = []  # (higher externally, lower, against, of)
    if own is not None:
        for i, a_ in enumerate(ranked):
            for b_ in ranked[i + 1 :]:
                both = ext.loc[[a_, b_]].dropna(axis=1, how="any")
                if both.empty or pd.isna(own[a_]) or own[a_] == own[b_]:
                    continue
                ours = float(own[a_]) < float(own[b_])  # a_ ranked better by smartcase
                theirs = [float(both.at[a_, r]) < float(both.at[b_, r]) for r in both.columns]
                n_against = sum(t != ours for t in theirs)
                agree += len(theirs) - n_against
                disagree += n_against
                if n_against * 2 > len(theirs):
                    hi, lo = (b_, a_) if ours else (a_, b_)
                    against.append((hi, lo, n_against, len(theirs)))
    if agree + disagree:
        s = _Sentence()
        text = (
            f"Pair by pair, the rankings that rank two of the cities order them as smartcase "
            f"does in {s.i('agree', agree)} of {s.i('pairs', agree + disagree)} comparisons"
        )
        if against:
            parts = [
                f"{s.i(f'against_{k}', n)} of the {s.i(f'of_{k}', m)} rankings that rank both "
                f"{nm.get(hi, hi)} and {nm.get(lo, lo)} put {nm.get(hi, hi)} higher, where "
                f"smartcase ranks {nm.get(lo, lo)} higher"
                for k, (hi, lo, n, m) in enumerate(against)
            ]
            text += "; " + "; ".join(parts)
        out.add("pairs", "", text + ".", s)
    s = _Sentence()
    if against and disagree > agree:
        text = (
            "On the pairs they share, the external rankings mostly order the cities otherwise "
            "than smartcase does; they measure other things (their own indicators and surveys, "
            "in other years), so this is a difference of construct to discuss, not a test."
        )
    elif usable.empty:
        text = (
            f"No external ranking ranks at least {s.i('min', 3)} of the cities, so none can "
            "test smartcase's ranks by correlation."
        )
    elif not sig:
        text = (
            "With so few cities ranked, the external assessments neither confirm nor contradict "
            "smartcase's ranks; they also measure other things (their own indicators and surveys)."
        )
    else:
        text = "Some external rankings order the cities as smartcase does; see the correlations."
    out.add("reading", "", text, s)
    return out.frame()


# ============================================================================ strategies
def stage_model_findings(book: CaseBook) -> pd.DataFrame:
    """The stage model in numbers: its stages and the conditions of each.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``stages`` (the stages in order, with the number
        of entry conditions of each) and ``reached`` (how many cases are at each stage).

    Examples
    --------
    >>> import smartcase
    >>> stage_model_findings(smartcase.load_cases())["key"].tolist()
    ['stages', 'reached']
    """
    from .strategy import diagnose_stage

    out = _Rows("stage_model")
    diagnoses = {c: diagnose_stage(book, c) for c in book.case_ids}
    table = next(iter(diagnoses.values())).stage_table
    s = _Sentence()
    parts = []
    for k, (_sid, r) in enumerate(table.iterrows()):
        n = int(r["conditions"])
        label = _numbers_in(s, f"label_{k}", str(r["label"]))
        parts.append(
            f"{label} ({'no entry condition' if n == 0 else str(s.i(f'conditions_{k}', n)) + ' entry condition' + ('s' if n > 1 else '')})"
        )
    text = (
        f"smartcase's stage model has {s.i('stages', len(table))} stages, each entered when all "
        f"its conditions hold: {_join(parts)}."
    )
    out.add("stages", "", text, s)
    s = _Sentence()
    parts = []
    for k, (sid, r) in enumerate(table.iterrows()):
        at = [c for c, d in diagnoses.items() if d.stage == sid]
        if at:
            verb = "is" if len(at) == 1 else "are"
            label = _numbers_in(s, f"label_{k}", str(r["label"]))
            parts.append(f"{_names(book, at)} {verb} at {label}")
    text = f"Of the {s.i('cases', len(diagnoses))} cases, {'; '.join(parts)}."
    out.add("reached", "", text, s)
    return out.frame()


def strategy_findings(recommendations: pd.DataFrame, book: CaseBook) -> pd.DataFrame:
    """What the prioritised strategies share across cities, and which peers they point to.

    Parameters
    ----------
    recommendations : pandas.DataFrame
        From :func:`smartcase.walkthrough.recommendations` (``case``, ``priority``,
        ``element``, ``strategy_id``, ``peer_case``).
    book : CaseBook
        The case base (element labels).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``first`` (the element of each city's first
        priority), ``shared`` (strategies recommended to most cities), ``peers`` (the peer cities
        cited most) and ``elements`` (the recommendations per element).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase import walkthrough
    >>> book = smartcase.load_cases()
    >>> strategy_findings(walkthrough.recommendations(book, n=3), book)["key"].iloc[0]
    'first'
    """
    need = {"case", "priority", "element", "strategy_id", "peer_case"}
    if not isinstance(recommendations, pd.DataFrame) or not need <= set(recommendations.columns):
        raise ArgumentError(
            "recommendations", type(recommendations).__name__, "walkthrough.recommendations()"
        )
    out = _Rows("strategies")
    r = recommendations
    fw = book.framework

    def el(e: str) -> str:
        if e in fw.elements.index:
            return _lower_first(_label(book, e))
        return {"cross": "cross-cutting", "outcome": "the outcome"}.get(e, e)

    first = r.sort_values("priority", kind="stable").groupby("case", sort=False).head(1)
    by_el: dict[str, list[str]] = {}
    for rec in first.itertuples(index=False):
        by_el.setdefault(str(rec.element), []).append(str(rec.case))
    s = _Sentence()
    parts = [f"{el(e)} for {_join(cs)}" for e, cs in by_el.items()]
    text = f"The first priority is a strategy on {'; '.join(parts)}."
    out.add("first", "", text, s)
    cities = r["case"].nunique()
    counts = r.groupby("strategy_id")["case"].nunique().sort_values(ascending=False, kind="stable")
    shared = counts[counts >= max(2, math.ceil(cities / 2))]
    s = _Sentence()
    if len(shared):
        parts = [f"{sid} ({s.i(f'n_{k}', n)} cities)" for k, (sid, n) in enumerate(shared.items())]
        text = (
            f"Recommended to at least half of the {s.i('cities', cities)} cities: {_join(parts)}."
        )
    else:
        text = f"No strategy is recommended to half of the {s.i('cities', cities)} cities or more."
    out.add("shared", ";".join(shared.index), text, s)
    peers = r["peer_case"].dropna().astype(str)
    peers = peers[peers != ""].map(lambda p: _name(book, p) if p in book.cases.index else p)
    if len(peers):
        pc = peers.value_counts()
        top = [p for p in pc.index if pc[p] == pc.max()]
        s = _Sentence()
        text = (
            f"The peer city cited most often as showing the practice is {_join(top)} "
            f"({s.i('n', pc.max())} of {s.i('of', len(peers))} recommendations)."
        )
        out.add("peers", ";".join(top), text, s)
    s = _Sentence()
    ec = r["element"].value_counts()
    parts = [f"{s.i(f'n_{k}', n)} on {el(str(e))}" for k, (e, n) in enumerate(ec.items())]
    text = f"Of the {s.i('total', len(r))} recommendations, {_join(parts)}."
    out.add("elements", "", text, s)
    return out.frame()


def lesson_findings(lessons: pd.DataFrame, book: CaseBook, *, coder: str = "ref") -> pd.DataFrame:
    """What the lessons for one group from another amount to, and how firm their gaps are.

    Parameters
    ----------
    lessons : pandas.DataFrame
        From :func:`smartcase.contrast.lessons`.
    book : CaseBook
        The case base (labels, and the codes behind the gaps).
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``count`` (lessons per element), ``largest`` (the
        largest gap: practice, cities with the gap and the strategy), ``strategies`` (lessons a
        catalogue strategy addresses) and ``firmness`` (gap codes that are "not found" zeros or
        of low confidence, and what follows).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase.contrast import lessons
    >>> book = smartcase.load_cases()
    >>> lesson_findings(lessons(book), book)["key"].tolist()
    ['count', 'largest', 'strategies', 'firmness']
    """
    from .contrast import LESSON_COLUMNS

    if not isinstance(lessons, pd.DataFrame) or not set(LESSON_COLUMNS) <= set(lessons.columns):
        raise ArgumentError("lessons", type(lessons).__name__, "a table from contrast.lessons()")
    out = _Rows("lessons")
    learn_from = lessons.attrs.get("learn_from", "the first group")
    learn_for = lessons.attrs.get("learn_for", "the second group")
    s = _Sentence()
    if lessons.empty:
        out.add(
            "count",
            "",
            f"The cases in {learn_from} show no practice that the cases in {learn_for} lack.",
            s,
        )
        return out.frame()
    ec = lessons["element"].value_counts()
    parts = [
        f"{s.i(f'n_{e}', ec[e])} on {_lower_first(_label(book, e))}"
        for e in book.framework.element_ids
        if ec.get(e, 0)
    ]
    text = (
        f"The cases in {learn_from} show {s.i('lessons', len(lessons))} practices that at least one "
        f"case in {learn_for} lacks: {_join(parts)}."
    )
    out.add("count", "", text, s)
    top = lessons.iloc[0]
    s = _Sentence()
    text = (
        f"The largest gap is on {_lower_first(str(top['label']))}: {top['practice']} at level "
        f"{s.i('practice', top['practice_code'])} against a mean of "
        f"{s.x('gap_mean', top['practice_code'] - top['gap_size'])} for {top['gap']}"
        + (f"; strategy {top['strategy_id']} addresses it." if top["strategy_id"] else ".")
    )
    out.add("largest", str(top["subdimension"]), text, s)
    s = _Sentence()
    with_strategy = int((lessons["strategy_id"] != "").sum())
    text = (
        f"A strategy of the catalogue addresses {s.i('addressed', with_strategy)} of the "
        f"{s.i('lessons', len(lessons))} lessons, with "
        f"{s.i('distinct', lessons.loc[lessons['strategy_id'] != '', 'strategy_id'].nunique())} "
        "different strategies."
    )
    out.add("strategies", "", text, s)
    codes = book.codes[book.codes["coder_id"] == coder].set_index(["case_id", "construct_id"])
    name_to_id = {str(n): c for c, n in book.cases["name"].items()}
    total = zeros = low = 0
    for rec in lessons.itertuples(index=False):
        for pair in str(rec.gap_codes).split("; "):
            if "=" not in pair:
                continue
            case = name_to_id.get(pair.split("=")[0], pair.split("=")[0])
            key = (case, rec.subdimension)
            if key not in codes.index:
                continue
            total += 1
            c = codes.loc[key]
            if int(c["code"]) == 0 and not split_ids(c["evidence_ids"]):
                zeros += 1
            if str(c["confidence"]) == "low":
                low += 1
    s = _Sentence()
    text = (
        f"Of the {s.i('gap_codes', total)} codes that make the gaps, {s.i('not_found', zeros)} "
        f"are 'not found' zeros and {s.i('low', low)} carry low confidence"
    )
    if zeros or low:
        text += (
            "; where a gap rests on such a code it may reflect what the sources document rather "
            "than what the city lacks, so read those lessons as questions to check."
        )
    else:
        text += ", so every gap rests on documented codes."
    out.add("firmness", "", text, s)
    return out.frame()


def catalogue_findings(catalogue: pd.DataFrame, book: CaseBook) -> pd.DataFrame:
    """The strategy catalogue in numbers: per element, and where its exemplars come from.

    Parameters
    ----------
    catalogue : pandas.DataFrame
        From :func:`smartcase.strategy.load_strategies` (``element_id``,
        ``exemplar_evidence_ids``).
    book : CaseBook
        The case base (the exemplar evidence and its cases).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``elements`` (strategies per element) and
        ``exemplars`` (strategies exemplified by cases of each group).

    Examples
    --------
    >>> import smartcase
    >>> from smartcase.strategy import load_strategies
    >>> book = smartcase.load_cases()
    >>> catalogue_findings(load_strategies(), book)["key"].tolist()
    ['elements', 'exemplars']
    """
    if not isinstance(catalogue, pd.DataFrame) or not {
        "element_id",
        "exemplar_evidence_ids",
    } <= set(catalogue.columns):
        raise ArgumentError("catalogue", type(catalogue).__name__, "load_strategies()")
    out = _Rows("catalogue")
    fw = book.framework
    ec = catalogue["element_id"].value_counts()
    s = _Sentence()
    parts = []
    for k, (e, n) in enumerate(ec.items()):
        lab = (
            _lower_first(_label(book, str(e)))
            if e in fw.elements.index
            else {"cross": "cross-cutting themes", "outcome": "the outcome"}.get(str(e), str(e))
        )
        parts.append(f"{s.i(f'n_{k}', n)} on {lab}")
    text = f"The catalogue holds {s.i('strategies', len(catalogue))} strategies: {_join(parts)}."
    out.add("elements", "", text, s)
    ev = book.evidence
    groups = book.cases["group"].astype(str)
    per_group: dict[str, int] = {}
    for cell in catalogue["exemplar_evidence_ids"]:
        gs = {
            groups[str(ev.at[e, "case_id"])]
            for e in split_ids(cell)
            if e in ev.index and str(ev.at[e, "case_id"]) in groups.index
        }
        for g in gs:
            per_group[g] = per_group.get(g, 0) + 1
    s = _Sentence()
    parts = [
        f"{s.i(f'n_{k}', per_group[g])} by cases in {g}"
        for k, g in enumerate(dict.fromkeys(groups))
        if g in per_group
    ]
    cited = int(sum(1 for cell in catalogue["exemplar_evidence_ids"] if split_ids(cell)))
    text = (
        f"{s.i('cited', cited)} of the {s.i('strategies', len(catalogue))} strategies cite "
        f"exemplar evidence from the cases, exemplified {_join(parts)} (a strategy can have "
        "exemplars in several groups)."
    )
    out.add("exemplars", "", text, s)
    return out.frame()


# ============================================================================ one case, more
def case_profile_findings(book: CaseBook, case: str) -> pd.DataFrame:
    """Who the case is: size among the cases, programmes and lead organisations.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``size`` (population and area with their years,
        and the rank by population) and ``programmes`` (flagship programmes and lead
        organisations).

    Examples
    --------
    >>> import smartcase
    >>> case_profile_findings(smartcase.load_cases(), "busan")["key"].tolist()
    ['size', 'programmes']
    """
    book.check_case(case)
    out = _Rows("profile")
    c = book.cases.loc[case]
    name = _name(book, case)
    s = _Sentence()
    pop = c["population"]
    if pd.notna(pop):
        rank = int((book.cases["population"].astype(float) > float(pop)).sum()) + 1
        text = (
            f"{name} had {s.x('population', float(pop) / 1e6)} million residents in "
            f"{s.i('population_year', c['population_year'])}"
        )
        if pd.notna(c.get("area_km2")):
            text += f" on {s.i('area', round(float(c['area_km2'])))} km² ({s.i('area_year', c['area_year'])})"
        text += (
            f", the largest of the {s.i('cases', len(book.cases))} cases by population."
            if rank == 1
            else f", rank {s.i('rank', rank)} of the {s.i('cases', len(book.cases))} cases by "
            "population."
        )
    else:
        text = f"{name}'s population is not recorded."
    out.add("size", case, text, s)
    progs = book.programmes[book.programmes["case_id"] == case]
    leads: list[str] = []
    for cell in progs["lead_organisations"].dropna():
        for org in str(cell).split(";"):
            if org.strip() and org.strip() not in leads:
                leads.append(org.strip())
    s = _Sentence()
    text = (
        f"It runs {s.i('programmes', len(progs))} flagship programmes led by "
        f"{s.i('leads', len(leads))} organisations or partnerships."
        if len(progs)
        else "It lists no flagship programme."
    )
    out.add("programmes", case, text, s)
    return out.frame()


def code_evidence_findings(book: CaseBook, case: str, *, coder: str = "ref") -> pd.DataFrame:
    """How much evidence stands behind the case's codes, and which codes are best documented.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``cited`` (codes citing evidence, items per
        code), ``strong`` (codes citing at least one strong item) and ``best`` (the codes with
        the most items).

    Examples
    --------
    >>> import smartcase
    >>> code_evidence_findings(smartcase.load_cases(), "helsinki")["key"].tolist()
    ['cited', 'strong', 'best']
    """
    from .provenance import code_support

    book.check_case(case)
    out = _Rows("code_evidence")
    name = _name(book, case)
    sup = code_support(book.subset([case]), coder=coder).loc[case]
    s = _Sentence()
    with_ev = sup[sup["items"] > 0]
    text = (
        f"{s.i('cited', len(with_ev))} of {name}'s {s.i('codes', len(sup))} codes cite evidence, "
        f"{s.x('median', with_ev['items'].median() if len(with_ev) else 0, 1)} items each at "
        f"the median."
    )
    out.add("cited", case, text, s)
    s = _Sentence()
    strong = int((sup["strong"] > 0).sum())
    text = (
        f"{s.i('strong', strong)} codes cite at least one item rated strong; "
        f"{s.i('official', int(sup['official_or_scholarly'].sum()))} cite an official or scholarly "
        "source."
    )
    out.add("strong", case, text, s)
    if len(with_ev):
        top = int(sup["items"].max())
        ids = [c for c in sup.index if int(sup.at[c, "items"]) == top]
        s = _Sentence()
        text = (
            f"Best documented: {_join([_lower_first(_label(book, c)) for c in ids[:_MAX_LISTED]])} "
            f"({s.i('items', top)} items)."
        )
        out.add("best", ";".join(ids), text, s)
    return out.frame()


def case_evidence_findings(book: CaseBook, case: str) -> pd.DataFrame:
    """The case's evidence items: per element, by strength, and those after the reference year.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``elements`` (items per element, the thinnest
        element) and ``strength`` (items by strength, later items).

    Examples
    --------
    >>> import smartcase
    >>> case_evidence_findings(smartcase.load_cases(), "bucheon")["key"].tolist()
    ['elements', 'strength']
    """
    from .casebook import REFERENCE_YEAR

    book.check_case(case)
    out = _Rows("case_evidence")
    name = _name(book, case)
    ev = book.evidence[book.evidence["case_id"] == case]
    s = _Sentence()
    counts = {e: int((ev["element_id"] == e).sum()) for e in book.framework.element_ids}
    parts = [f"{s.i(f'n_{e}', n)} on {_lower_first(_label(book, e))}" for e, n in counts.items()]
    thin = [e for e in counts if counts[e] == min(counts.values())]
    text = f"{name}'s {s.i('items', len(ev))} evidence items: {_join(parts)}"
    if len(set(counts.values())) > 1:
        text += (
            f"; the thinnest record is on {_join([_lower_first(_label(book, e)) for e in thin])}"
        )
    out.add("elements", case, text + ".", s)
    s = _Sentence()
    st = ev["strength"].value_counts()
    text = (
        f"{s.i('strong', st.get('strong', 0))} are rated strong, {s.i('medium', st.get('medium', 0))} "
        f"medium and {s.i('weak', st.get('weak', 0))} weak; "
        f"{s.i('later', int(ev['post_2020'].astype(bool).sum()))} describe developments after "
        f"{s.i('year', REFERENCE_YEAR)} and raise no code."
    )
    out.add("strength", case, text, s)
    return out.frame()


#: Names of the language codes of ``sources.language`` (others are shown as codes).
_LANGUAGES = {
    "ko": "Korean",
    "en": "English",
    "fi": "Finnish",
    "sv": "Swedish",
    "es": "Spanish",
    "ca": "Catalan",
    "de": "German",
    "fr": "French",
    "ja": "Japanese",
}


def source_findings(book: CaseBook, case: str) -> pd.DataFrame:
    """The sources behind the case: how many, of what kind, in which languages.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`. Keys: ``kinds`` (sources by kind group) and
        ``languages`` (by language, and the undated ones).

    Examples
    --------
    >>> import smartcase
    >>> source_findings(smartcase.load_cases(), "sejong")["key"].tolist()
    ['kinds', 'languages']
    """
    from .coding import SOURCE_KIND_GROUPS
    from .walkthrough import case_sources

    book.check_case(case)
    out = _Rows("sources")
    src = case_sources(book, case)
    name = _name(book, case)
    groups = src["kind"].map(SOURCE_KIND_GROUPS).fillna("other").value_counts()
    s = _Sentence()
    order = ["official", "scholarly", "news", "other"]
    parts = [f"{s.i(f'n_{g}', groups[g])} {g}" for g in order if groups.get(g, 0)]
    text = f"{name}'s evidence, programmes and profile cite {s.i('sources', len(src))} sources: {_join(parts)}."
    out.add("kinds", case, text, s)
    s = _Sentence()
    langs = src["language"].fillna("unknown").value_counts()
    parts = [
        f"{s.i(f'n_{k}', n)} in {_LANGUAGES.get(str(lang), str(lang))}"
        for k, (lang, n) in enumerate(langs.items())
    ]
    undated = int((src["year"] == "").sum())
    text = f"By language: {_join(parts)}"
    text += (
        f"; {s.i('undated', undated)} {'gives' if undated == 1 else 'give'} no publication year."
        if undated
        else "; every source is dated."
    )
    out.add("languages", case, text, s)
    return out.frame()


def narrative_findings(book: CaseBook, case: str) -> pd.DataFrame:
    """What the case's narrative rests on: paragraphs, words and the evidence it cites.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`FINDING_COLUMNS`; key ``narrative`` (or ``missing`` for a case without
        one).

    Examples
    --------
    >>> import smartcase
    >>> narrative_findings(smartcase.load_cases(), "barcelona")["key"].tolist()
    ['narrative']
    """
    from .casebook import REFERENCE_YEAR
    from .narrative import narrative_summary

    book.check_case(case)
    out = _Rows("narrative")
    name = _name(book, case)
    row = narrative_summary(book, [case]).loc[case]
    s = _Sentence()
    if not bool(row["narrative"]):
        out.add(
            "missing",
            case,
            f"{name} has no narrative yet: the chapter shows its codes, evidence and sources only.",
            s,
        )
        return out.frame()
    own = int((book.evidence["case_id"] == case).sum())
    text = (
        f"The narrative has {s.i('paragraphs', row['paragraphs'])} paragraphs and "
        f"{s.i('words', row['words'])} words; every paragraph cites its evidence, "
        f"{s.i('cited', row['evidence_cited'])} items in all ({s.p('share', row['evidence_share'])} "
        f"of the case's {s.i('own', own)}), {s.i('later', row['post_2020_cited'])} of them marked † "
        f"as after {s.i('year', REFERENCE_YEAR)}."
    )
    out.add("narrative", case, text, s)
    return out.frame()
