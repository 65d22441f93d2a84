"""Coding analytics: how much evidence backs each case and element, and when it dates from.

* :func:`evidence_counts` — evidence items per case, element (or sub-dimension) and strength.
* :func:`evidence_timeline` — evidence items per year and element, years after the reference
  year 2020 flagged; :func:`timeline_plot` draws it.

Inter-coder reliability lives in :mod:`smartcase.agreement` (exported as ``smartcase.reliability``).

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> counts = evidence_counts(book)
>>> int(counts["total"].sum()) == len(book.evidence)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .casebook import CaseBook

__all__ = [
    "evidence_counts",
    "evidence_timeline",
    "timeline_plot",
    "STRENGTHS",
    "SOURCE_KIND_GROUPS",
]

#: Evidence strengths, strongest first.
STRENGTHS: tuple[str, ...] = ("strong", "medium", "weak")

#: The group of each source kind (``sources.kind``): official, scholarly, news or other.
SOURCE_KIND_GROUPS: dict[str, str] = {
    "government": "official",
    "statute": "official",
    "press_release": "official",
    "peer_reviewed": "scholarly",
    "research_institute": "scholarly",
    "international_organisation": "scholarly",
    "news": "news",
    "report": "other",
    "organisation": "other",
    "database": "other",
    "encyclopedia": "other",
    "blog": "other",
    "other": "other",
}


def _reference_year() -> int:
    from .casebook import REFERENCE_YEAR

    return REFERENCE_YEAR


def _choice(argument: str, value: object, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ArgumentError(argument, repr(value), "one of " + ", ".join(map(repr, allowed)))


def _select(book: CaseBook, case: str | None, element: str | None) -> pd.DataFrame:
    ev = book.evidence
    if case is not None:
        book.check_case(case)
        ev = ev[ev["case_id"] == case]
    if element is not None:
        if element not in book.framework.elements.index:
            raise ArgumentError(
                "element",
                repr(element),
                "one of " + ", ".join(map(repr, book.framework.element_ids)),
            )
        ev = ev[ev["element_id"] == element]
    return ev


def evidence_counts(
    book: CaseBook,
    *,
    level: Literal["element", "subdimension"] = "element",
    include_post_2020: bool = True,
    case: str | None = None,
    element: str | None = None,
) -> pd.DataFrame:
    """Evidence items per case × element (or sub-dimension) × strength.

    Parameters
    ----------
    book : CaseBook
        The case base.
    level : {'element', 'subdimension'}, default 'element'
        Count per element or per sub-dimension.
    include_post_2020 : bool, default True
        Count evidence dated after the reference year 2020 too (it documents developments
        after the report's reference point; set False to count only what the codes of 2020
        can rest on).
    case : str, optional
        Only this case.
    element : str, optional
        Only this element.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``(case_id, element_id)`` (or ``(case_id, subdimension_id)``), every
        combination present (zeros included), in case and framework order; columns
        ``strong, medium, weak, total``.

    Raises
    ------
    ArgumentError
        Unknown case, element or ``level``.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> c = evidence_counts(book)
    >>> c.columns.tolist()
    ['strong', 'medium', 'weak', 'total']
    >>> c.index.names
    FrozenList(['case_id', 'element_id'])
    """
    _choice("level", level, ("element", "subdimension"))
    ev = _select(book, case, element)
    if not include_post_2020:
        ev = ev[~ev["post_2020"].astype(bool)]
    fw = book.framework
    cases = [case] if case is not None else list(book.case_ids)
    if level == "element":
        key, items = "element_id", [element] if element is not None else list(fw.element_ids)
    else:
        key = "subdimension_id"
        items = fw.subdimensions_of(element) if element is not None else list(fw.subdimension_ids)
    index = pd.MultiIndex.from_product([cases, items], names=["case_id", key])
    counts = ev.groupby(["case_id", key, "strength"]).size().unstack("strength")
    counts = counts.reindex(index=index, columns=list(STRENGTHS)).fillna(0).astype("int64")
    counts.columns.name = None
    counts["total"] = counts[list(STRENGTHS)].sum(axis=1)
    return counts


def evidence_timeline(
    book: CaseBook,
    *,
    case: str | None = None,
    by: Literal["element", "strength"] = "element",
) -> pd.DataFrame:
    """Evidence items per year, split by element (or strength), years after 2020 flagged.

    Parameters
    ----------
    book : CaseBook
        The case base.
    case : str, optional
        Only this case (default: all cases).
    by : {'element', 'strength'}, default 'element'
        How to split the yearly counts.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``year`` (every year from the earliest to the latest evidence, zeros
        included); one column per element (or strength), ``total``, ``flagged_post_2020``
        (items of that year whose ``post_2020`` flag is set: every item dated after 2020, and
        items dated earlier whose period or content runs past 2020) and ``post_2020`` (True for
        years after the reference year 2020).

    Raises
    ------
    ArgumentError
        Unknown case or ``by``.

    Examples
    --------
    >>> import smartcase
    >>> tl = evidence_timeline(smartcase.load_cases())
    >>> tl.columns[-2:].tolist()
    ['flagged_post_2020', 'post_2020']
    >>> bool(tl.loc[tl.index > 2020, "post_2020"].all())
    True
    """
    _choice("by", by, ("element", "strength"))
    ev = _select(book, case, None)
    key = "element_id" if by == "element" else "strength"
    cols = list(book.framework.element_ids) if by == "element" else list(STRENGTHS)
    if ev.empty:
        out = pd.DataFrame(columns=[*cols, "total", "flagged_post_2020"], dtype="int64")
        out.index.name = "year"
        out["post_2020"] = pd.Series(dtype=bool)
        return out
    years = pd.Index(range(int(ev["year"].min()), int(ev["year"].max()) + 1), name="year")
    counts = ev.groupby(["year", key]).size().unstack(key)
    counts = counts.reindex(index=years, columns=cols).fillna(0).astype("int64")
    counts.columns.name = None
    counts["total"] = counts[cols].sum(axis=1)
    flagged = ev[ev["post_2020"].astype(bool)].groupby("year").size()
    counts["flagged_post_2020"] = flagged.reindex(years).fillna(0).astype("int64")
    counts["post_2020"] = counts.index > _reference_year()
    return counts


def timeline_plot(
    book: CaseBook,
    ax: Axes | None = None,
    *,
    case: str | None = None,
) -> Axes:
    """Stacked bars of evidence items per year and element; the years after 2020 shaded.

    Parameters
    ----------
    book : CaseBook
        The case base.
    ax : matplotlib Axes, optional
        Where to draw; default a new single-column figure.
    case : str, optional
        Only this case (its name becomes the title); default all cases.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        Unknown case.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import smartcase
    >>> ax = timeline_plot(smartcase.load_cases())
    >>> ax.get_ylabel()
    'Evidence items'
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from .style import ELEMENT_COLORS, HATCHES, PALETTE, figsize, publication_style

    tl = evidence_timeline(book, case=case)
    fw = book.framework
    ref = _reference_year()
    with publication_style():
        if ax is None:
            _, ax = plt.subplots(figsize=figsize("single", aspect=0.72))
        bottom = pd.Series(0, index=tl.index, dtype="int64")
        for k, e in enumerate(fw.element_ids):
            ax.bar(
                tl.index,
                tl[e],
                bottom=bottom,
                width=0.8,
                color=ELEMENT_COLORS.get(e, PALETTE[k % len(PALETTE)]),
                hatch=HATCHES[k % len(HATCHES)],
                edgecolor="white",
                linewidth=0.4,
                label=str(fw.elements.at[e, "label"]),
            )
            bottom = bottom + tl[e]
        if len(tl) and tl.index.max() > ref:
            ax.axvspan(
                ref + 0.5,
                tl.index.max() + 0.5,
                color="#000000",
                alpha=0.08,
                linewidth=0,
                zorder=0,
                label=f"After {ref} (described, not used for codes)",
            )
        ax.axvline(ref + 0.5, color="#333333", linewidth=0.6, linestyle="--")
        ax.set_xlabel("Year of the fact")
        ax.set_ylabel("Evidence items")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if case is not None:
            ax.set_title(str(book.cases.at[case, "name"]), loc="left", fontsize=7.5)
        ax.legend(
            loc="upper left",
            ncols=1,
            borderaxespad=0.2,
            handlelength=1.2,
            fontsize=6,
            frameon=True,
            facecolor="white",
            edgecolor="none",
            framealpha=0.85,
        )
        ax.set_ylim(0, max(1.0, float(tl["total"].max()) if len(tl) else 1.0) * 1.6)
    return ax
