"""The Korea-Europe contrast beyond the mean codes: the evidence behind each side, and lessons.

:func:`smartcase.group_contrast` compares the mean codes of two groups of cases. This module
adds what a reader needs to weigh that comparison and act on it:

* :func:`contrast_evidence` - for each group and element, the evidence the codes rest on:
  distinct items cited, the shares of strong items, of official or scholarly sources and of
  news, and the codes resting only on news or weak items, on a single source, or "not found"
  zeros. Where one side rests on weaker evidence, part of a gap may reflect what the sources
  document rather than what the cities did (:func:`smartcase.findings.evidence_quality_findings`
  says so in a sentence computed from this table).
* :func:`lessons` - lessons for the cases of one group (by default the Korean local
  governments) from another (by default the European cases): every sub-dimension on which a case
  of the second group shows a practice (code 2 or 3) that cases of the first lack (a code at
  least ``min_gap`` lower), with the evidence on both sides and the strategy of the catalogue
  (``data/strategies.csv``, :mod:`smartcase.strategy`) that targets the gap.

Both follow the data: the rows, numbers and evidence ids come from the codes and the catalogue.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> ce = contrast_evidence(book)
>>> ce.index.names
FrozenList(['group', 'element'])
>>> les = lessons(book)
>>> bool((les["practice_code"] >= 2).all())
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import pandas as pd

from .coding import SOURCE_KIND_GROUPS
from .errors import ArgumentError
from .framework import LEVEL_LABELS
from .schema import split_ids

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = ["ALL_ELEMENTS", "contrast_evidence", "lessons", "LESSON_COLUMNS"]

#: The ``element`` label of the rows that pool every element.
ALL_ELEMENTS = "all"
#: Columns of :func:`lessons`.
LESSON_COLUMNS: tuple[str, ...] = (
    "lesson",
    "element",
    "subdimension",
    "label",
    "practice",
    "practice_code",
    "practice_evidence_ids",
    "gap",
    "gap_codes",
    "gap_evidence_ids",
    "gap_size",
    "strategy_id",
    "strategy",
    "other_strategy_ids",
)


def _groups(book: CaseBook, by: str) -> dict[str, list[str]]:
    if by not in book.cases.columns:
        raise ArgumentError(
            "by",
            repr(by),
            "a column of the cases table: " + ", ".join(map(repr, book.cases.columns)),
        )
    labels = book.cases[by]
    out: dict[str, list[str]] = {}
    for cid in book.case_ids:
        if not pd.isna(labels[cid]):
            out.setdefault(str(labels[cid]), []).append(cid)
    if len(out) < 2:
        raise ArgumentError(
            "by", f"{len(out)} group(s) in column {by!r}", "a column with at least two groups"
        )
    return out


def contrast_evidence(book: CaseBook, *, by: str = "group", coder: str = "ref") -> pd.DataFrame:
    """The evidence behind each side of a group contrast, per element and overall.

    Parameters
    ----------
    book : CaseBook
        The case base.
    by : str, default 'group'
        The column of ``book.cases`` that defines the groups (as in
        :func:`smartcase.group_contrast`).
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(group, element)``, groups in case order, elements in framework order and
        then :data:`ALL_ELEMENTS`. Columns: ``cases``; ``mean_code`` (the group's mean of the
        cases' mean codes of the element, 0-3, as in :func:`smartcase.group_contrast`; for
        ``all``, of all sub-dimension codes); ``codes`` (sub-dimension codes); ``items``
        (distinct evidence items the codes cite); ``strong_share``, ``official_share`` (items
        from official or scholarly sources) and ``news_share`` of those items; the per-case
        range of the strong share ``case_strong_min`` and ``case_strong_max``; and the numbers
        of codes ``news_or_weak_only``, ``single_source`` and ``not_found_zero`` (see
        :func:`smartcase.code_support`).

    Raises
    ------
    ArgumentError
        ``by`` not a column of the cases or with fewer than two groups; unknown coder.

    Notes
    -----
    Items are those the codes cite, not every item collected, so the shares describe what the
    compared codes rest on. :func:`smartcase.source_profile` gives the profile of all items.

    Examples
    --------
    >>> import smartcase
    >>> ce = contrast_evidence(smartcase.load_cases())
    >>> bool(((ce["strong_share"] >= 0) & (ce["strong_share"] <= 1)).all())
    True
    """
    from .provenance import code_support

    groups = _groups(book, by)
    sup = code_support(book, coder=coder).reset_index()
    fw = book.framework
    sub_ids = list(fw.subdimension_ids)
    sup = sup[sup["construct_id"].isin(sub_ids)]
    sup["element"] = sup["construct_id"].map(fw.element_of)
    ce = book.code_evidence(coder)
    ce = ce[ce["construct_id"].isin(sub_ids) & ce["evidence_id"].notna()]
    ce = ce.assign(
        element=ce["construct_id"].map(fw.element_of),
        kind_group=ce["source_id"].map(
            book.sources["kind"].map(SOURCE_KIND_GROUPS).fillna("other")
        ),
    )
    element_scores = book.code_matrix("element", coder=coder) * 3.0
    sub_codes = book.code_matrix("subdimension", coder=coder).astype("Float64")

    def shares(items: pd.DataFrame) -> tuple[int, float, float, float]:
        items = items.drop_duplicates(["case_id", "evidence_id"])
        n = len(items)
        if not n:
            return 0, 0.0, 0.0, 0.0
        return (
            n,
            float((items["strength"] == "strong").mean()),
            float(items["kind_group"].isin(["official", "scholarly"]).mean()),
            float((items["kind_group"] == "news").mean()),
        )

    rows = []
    for g, members in groups.items():
        for element in [*fw.element_ids, ALL_ELEMENTS]:
            mask_ce = ce["case_id"].isin(members)
            mask_sup = sup["case_id"].isin(members)
            if element != ALL_ELEMENTS:
                mask_ce &= ce["element"] == element
                mask_sup &= sup["element"] == element
                mean_code = float(element_scores.loc[members, element].mean())
            else:
                mean_code = float(sub_codes.loc[members].stack().astype(float).mean())
            n, strong, official, news = shares(ce[mask_ce])
            per_case = [shares(ce[mask_ce & (ce["case_id"] == c)]) for c in members]
            per_case_strong = [s[1] for s in per_case if s[0] > 0]
            part = sup[mask_sup]
            rows.append(
                {
                    "group": g,
                    "element": element,
                    "cases": len(members),
                    "mean_code": mean_code,
                    "codes": len(part),
                    "items": n,
                    "strong_share": strong,
                    "official_share": official,
                    "news_share": news,
                    "case_strong_min": min(per_case_strong) if per_case_strong else 0.0,
                    "case_strong_max": max(per_case_strong) if per_case_strong else 0.0,
                    "news_or_weak_only": int(part["news_or_weak_only"].sum()),
                    "single_source": int(part["single_source"].sum()),
                    "not_found_zero": int(part["not_found_zero"].sum()),
                }
            )
    return pd.DataFrame(rows).set_index(["group", "element"])


def _names(book: CaseBook, ids: Iterable[str]) -> str:
    names = [str(book.cases.at[c, "name"]) for c in ids]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def lessons(
    book: CaseBook,
    *,
    learn_from: str = "Europe",
    learn_for: str = "Korea",
    by: str = "group",
    coder: str = "ref",
    min_gap: int = 1,
    strategies: pd.DataFrame | None = None,
    n: int | None = None,
) -> pd.DataFrame:
    """Lessons for one group of cases from another: practice, gap, evidence and strategy.

    Parameters
    ----------
    book : CaseBook
        The case base.
    learn_from, learn_for : str
        The group whose practice is the lesson (default ``'Europe'``) and the group it is for
        (default ``'Korea'``): values of the column ``by`` of ``book.cases``.
    by : str, default 'group'
        The column of the cases table that defines the groups.
    coder : str, default 'ref'
        Whose codes.
    min_gap : int, default 1
        A case of ``learn_for`` has the gap when its code is at least this much below the best
        code of ``learn_from``.
    strategies : pandas.DataFrame, optional
        A strategy catalogue as returned by :func:`smartcase.load_strategies` (default: the
        bundled one).
    n : int, optional
        Return at most ``n`` lessons, the largest gaps (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per sub-dimension on which a case of ``learn_from`` shows a practice (code 2 or
        3) that at least one case of ``learn_for`` lacks; largest gap first (then framework
        order). Columns :data:`LESSON_COLUMNS`: ``lesson`` (a sentence built from the row),
        ``element``, ``subdimension``, ``label``; ``practice`` (the ``learn_from`` cases with
        the best code, by name), ``practice_code`` and ``practice_evidence_ids`` (what their
        codes cite); ``gap`` (the ``learn_for`` cases with the gap, by name), ``gap_codes``
        (``case=code``), ``gap_evidence_ids`` (what their codes cite; empty for "not found"
        zeros) and ``gap_size`` (best code minus the mean code of the cases with the gap);
        ``strategy_id`` and ``strategy`` (the catalogue entry that targets the sub-dimension:
        an element strategy before a cross-cutting one, then one whose exemplar evidence comes
        from a practice case, then catalogue order; empty when none targets it) and
        ``other_strategy_ids``.

    Raises
    ------
    ArgumentError
        Unknown group, ``by`` column or coder; ``min_gap`` not 1-3; ``n`` not a positive
        integer; a catalogue without the catalogue's columns.

    Examples
    --------
    >>> import smartcase
    >>> les = lessons(smartcase.load_cases())
    >>> list(les.columns[:3])
    ['lesson', 'element', 'subdimension']
    """
    groups = _groups(book, by)
    for arg, g in (("learn_from", learn_from), ("learn_for", learn_for)):
        if g not in groups:
            raise ArgumentError(arg, repr(g), "one of " + ", ".join(map(repr, groups)))
    if learn_from == learn_for:
        raise ArgumentError("learn_for", repr(learn_for), "a group other than learn_from")
    if isinstance(min_gap, bool) or min_gap not in (1, 2, 3):
        raise ArgumentError("min_gap", repr(min_gap), "1, 2 or 3")
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ArgumentError("n", repr(n), "a positive integer or None")
    if strategies is None:
        from .strategy import load_strategies

        cat = load_strategies()
    else:
        cat = strategies
    need = {"element_id", "target_subdimensions", "strategy", "exemplar_evidence_ids"}
    if not isinstance(cat, pd.DataFrame) or not need <= set(cat.columns):
        raise ArgumentError(
            "strategies", type(cat).__name__, "a catalogue as returned by load_strategies()"
        )
    fw = book.framework
    matrix = book.code_matrix("subdimension", coder=coder)
    codes = book.codes[book.codes["coder_id"] == coder].set_index(["case_id", "construct_id"])
    ev = book.evidence

    def cited(case: str, sub: str) -> list[str]:
        if (case, sub) not in codes.index:
            return []
        ids = split_ids(codes.at[(case, sub), "evidence_ids"])
        early = [e for e in ids if e in ev.index and not bool(ev.at[e, "post_2020"])]
        return early or ids

    rows = []
    for order, sub in enumerate(fw.subdimension_ids):
        src = {c: matrix.at[c, sub] for c in groups[learn_from] if not pd.isna(matrix.at[c, sub])}
        if not src:
            continue
        best = int(max(src.values()))
        if best < 2:
            continue
        leaders = [c for c, v in src.items() if int(v) == best]
        gap_cases = [
            c
            for c in groups[learn_for]
            if not pd.isna(matrix.at[c, sub]) and int(matrix.at[c, sub]) <= best - min_gap
        ]
        if not gap_cases:
            continue
        gap_codes = {c: int(matrix.at[c, sub]) for c in gap_cases}
        practice_ids = [e for c in leaders for e in cited(c, sub)]
        gap_ids = [e for c in gap_cases for e in cited(c, sub)]
        # strategies targeting the sub-dimension
        cands = []
        for pos, (sid, rec) in enumerate(cat.iterrows()):
            if sub not in split_ids(rec["target_subdimensions"]):
                continue
            exemplar_cases = {
                str(ev.at[e, "case_id"])
                for e in split_ids(rec["exemplar_evidence_ids"])
                if e in ev.index
            }
            key = (
                0 if rec["element_id"] == fw.element_of(sub) else 1,
                0 if exemplar_cases & set(leaders) else 1,
                pos,
            )
            cands.append((key, str(sid), str(rec["strategy"])))
        cands.sort()
        sid, text = (cands[0][1], cands[0][2]) if cands else ("", "")
        label = str(fw.codebook.at[sub, "label"])
        mean_gap = sum(gap_codes.values()) / len(gap_codes)
        by_level: dict[int, list[str]] = {}
        for c, v in gap_codes.items():
            by_level.setdefault(v, []).append(c)
        parts = [
            f"{_names(book, cs)} at {v} ("
            + ("not found" if v == 0 and not any(cited(c, sub) for c in cs) else LEVEL_LABELS[v])
            + ")"
            for v, cs in sorted(by_level.items())
        ]
        gap_text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        verb = "shows" if len(leaders) == 1 else "show"
        lesson = (
            f"{label}: {_names(book, leaders)} {verb} the practice at level {best} "
            f"({LEVEL_LABELS[best]}), against {gap_text}; "
            + (
                f"strategy {sid} of the catalogue addresses the gap."
                if sid
                else "no strategy of the catalogue targets it."
            )
        )
        rows.append(
            (
                (-(best - mean_gap), order),
                {
                    "lesson": lesson,
                    "element": fw.element_of(sub),
                    "subdimension": sub,
                    "label": label,
                    "practice": _names(book, leaders),
                    "practice_code": best,
                    "practice_evidence_ids": ";".join(dict.fromkeys(practice_ids)),
                    "gap": _names(book, gap_cases),
                    "gap_codes": "; ".join(f"{c}={v}" for c, v in gap_codes.items()),
                    "gap_evidence_ids": ";".join(dict.fromkeys(gap_ids)),
                    "gap_size": best - mean_gap,
                    "strategy_id": sid,
                    "strategy": text,
                    "other_strategy_ids": ";".join(c[1] for c in cands[1:]),
                },
            )
        )
    rows.sort(key=lambda r: r[0])
    if n is not None:
        rows = rows[:n]
    out = pd.DataFrame([r[1] for r in rows], columns=list(LESSON_COLUMNS))
    out = out.astype({"practice_code": "int64", "gap_size": float})
    out.attrs = {"learn_from": learn_from, "learn_for": learn_for, "coder": coder, "by": by}
    return out
