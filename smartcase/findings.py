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

:func:`findings_markdown` turns any of them into a Markdown list for a notebook.

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
        """A decimal number with ``nd`` decimals."""
        return f"{self._keep(name, value):.{nd}f}"

    def i(self, name: str, value: Any) -> str:
        """A whole number."""
        v = self._keep(name, value)
        return str(int(round(v)))

    def p(self, name: str, share: Any) -> str:
        """A share (0-1) as a whole percentage, ``'44 %'``."""
        v = self._keep(name, share)
        return f"{round(100 * v):.0f} %"


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
    text = (
        f"The groups hold {sizes} cases, so the differences describe these cases only; no "
        "significance test is meaningful, and one case can move a group mean by a whole level."
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
        (cophenetic correlation), ``groups`` (whether the clusters coincide with the groups)
        and ``established`` (which elements each case reaches, by the threshold rule of
        :func:`smartcase.element_profile`).

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
        f"{s.i('sources', n_src)} sources for {s.i('cases', len(book.cases))} cases; "
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
                    f"For the {g} cases, {s.p('share', v.max())} of the items are {what} "
                    f"({_names(book, members)})."
                )
            else:
                text = (
                    f"For the {g} cases, {s.p('low', v.min())} ({_names(book, lo_c)}) to "
                    f"{s.p('high', v.max())} ({_names(book, hi_c)}) of the items are {what}."
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
            text = (
                f"The solution {sol} appears under {s.i('count', len(vs))} of {s.i('variants', n)} "
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
    nm = dict(names) if names is not None else {}

    def name(c: str) -> str:
        return nm.get(c, str(c))

    out = _Rows("scores")
    idx = scores["index"].astype(float)
    hi_c, hi, lo_c, lo = _extremes(idx)
    s = _Sentence()
    text = (
        f"{_join([name(c) for c in hi_c])} {'has' if len(hi_c) == 1 else 'have'} the highest "
        f"index ({s.x('index', hi, 1)} of {s.i('scale_max', 100)}, rank {s.i('rank', scores.loc[hi_c[0], 'rank'])})."
    )
    out.add("top", ";".join(hi_c), text, s)
    s = _Sentence()
    text = (
        f"{_join([name(c) for c in lo_c])} {'has' if len(lo_c) == 1 else 'have'} the lowest "
        f"index ({s.x('index', lo, 1)}, rank {s.i('rank', scores.loc[lo_c[0], 'rank'])})."
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
                s._keep(f"threshold_{j}", r.threshold)
                obs = (
                    "not coded"
                    if pd.isna(r.observed)
                    else f"observed {s.x(f'observed_{j}', r.observed)}"
                )
                parts.append(f"{r.condition} ({obs})")
            text += (
                f" and meets {s.i('met', k)} of the {s.i('conditions', n)} conditions of "
                f"{d.next_stage} ({st.at[d.next_stage, 'label']}); not met: {'; '.join(parts)}."
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
        sides) and ``position`` (per case: both axis scores, the quadrant, the weakest
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
        Unknown case; a book with one case only.

    Examples
    --------
    >>> import smartcase
    >>> f = case_findings(smartcase.load_cases(), "bucheon")
    >>> f.loc[f["key"] == "element", "subject"].tolist()
    ['technology', 'capacity', 'institutions']
    """
    from .approach import default_scale, element_scores

    book.check_case(case)
    if len(book.case_ids) < 2:
        raise ArgumentError("book", "a case base with one case", "at least two cases to compare")
    scale = default_scale() if scale is None else scale
    top, _ = _scale(scale)
    out = _Rows("case")
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
