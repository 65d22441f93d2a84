"""Flagship programmes across the cases: a timeline by element.

``programmes.csv`` lists each case's flagship programmes with start and end year but no element
of the framework. :func:`programme_elements` assigns one from the evidence: a programme belongs
to the element that most evidence items drawn from **its own sources** (the programme's
``source_id`` and ``lead_source_id``, evidence of the same case) are coded to. The rule is
simple and follows the data; where two elements tie, the programme is labelled ``'several'``
rather than forced into one, and where no item comes from its sources it is ``'unassigned'``.
An analyst who reads the programme differently passes her own assignment
(``elements={"busan-p02": "technology"}``), which the table then marks as ``'given'``.

:func:`programme_timeline` gives the table and :func:`programme_timeline_plot` the figure:
one bar per programme from its start to its end year, grouped by case, coloured by element, the
years after the reference year 2020 drawn lighter and programmes without an end year drawn open
to the right.

Examples
--------
>>> import smartcase
>>> t = programme_timeline(smartcase.load_cases())
>>> list(t.columns[:4])
['case_id', 'case', 'label', 'start_year']
>>> set(t["element"]) <= {"technology", "capacity", "institutions", "several", "unassigned"}
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .casebook import CaseBook

__all__ = [
    "SEVERAL",
    "UNASSIGNED",
    "programme_label",
    "programme_elements",
    "programme_timeline",
    "programme_timeline_plot",
]

#: Element of a programme whose sources' evidence ties between elements.
SEVERAL = "several"
#: Element of a programme none of whose sources gives an evidence item.
UNASSIGNED = "unassigned"

_PAREN = re.compile(r"\s*\([^()]*\)")


def programme_label(name: str) -> str:
    """A short display name: the programme's name without its parenthesised additions.

    Examples
    --------
    >>> programme_label("Helsinki Region Infoshare (HRI)")
    'Helsinki Region Infoshare'
    >>> programme_label("Decidim.Barcelona")
    'Decidim.Barcelona'
    """
    short = _PAREN.sub("", str(name)).strip()
    return short or str(name)


def programme_elements(
    book: CaseBook, *, elements: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The element of each programme, from the evidence drawn from the programme's sources.

    Parameters
    ----------
    book : CaseBook
        The case base.
    elements : mapping of str to str, optional
        ``programme_id -> element_id`` for programmes whose element you assign yourself.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``programme_id`` in the order of ``programmes.csv``: one column per element
        with the number of the case's evidence items whose source is the programme's
        ``source_id`` or ``lead_source_id``, ``evidence_ids`` (those items, ``';'``-separated),
        ``element`` (the element with most items; :data:`SEVERAL` on a tie,
        :data:`UNASSIGNED` without items, or the element given in ``elements``) and ``basis``
        (``'evidence'``, ``'tie'``, ``'none'`` or ``'given'``).

    Raises
    ------
    ArgumentError
        ``elements`` naming an unknown programme or element.

    Examples
    --------
    >>> import smartcase
    >>> pe = programme_elements(smartcase.load_cases(), elements={"busan-p02": "technology"})
    >>> pe.loc["busan-p02", ["element", "basis"]].tolist()
    ['technology', 'given']
    """
    fw = book.framework
    given = dict(elements or {})
    for pid, el in given.items():
        if pid not in book.programmes.index:
            raise ArgumentError(
                "elements", repr(pid), "programme ids of the case base (programmes.csv)"
            )
        if el not in fw.element_ids:
            raise ArgumentError(
                "elements", f"{el!r} for {pid!r}", "one of " + ", ".join(fw.element_ids)
            )
    ev = book.evidence
    rows = {}
    for pid, p in book.programmes.iterrows():
        sources = {p["source_id"], p["lead_source_id"]}
        items = ev[(ev["case_id"] == p["case_id"]) & ev["source_id"].isin(sources)]
        counts = items["element_id"].value_counts()
        rec: dict[str, object] = {e: int(counts.get(e, 0)) for e in fw.element_ids}
        rec["evidence_ids"] = ";".join(items.index)
        top = max(counts) if len(counts) else 0
        leaders = [e for e in fw.element_ids if rec[e] == top and top > 0]
        if pid in given:
            rec["element"], rec["basis"] = given[pid], "given"
        elif not leaders:
            rec["element"], rec["basis"] = UNASSIGNED, "none"
        elif len(leaders) > 1:
            rec["element"], rec["basis"] = SEVERAL, "tie"
        else:
            rec["element"], rec["basis"] = leaders[0], "evidence"
        rows[pid] = rec
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "programme_id"
    return out


def programme_timeline(
    book: CaseBook, *, elements: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """The flagship programmes of every case in time order, with their element.

    Parameters
    ----------
    book : CaseBook
        The case base.
    elements : mapping of str to str, optional
        Passed to :func:`programme_elements`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``programme_id``, cases in case order and programmes by start year (then
        name): ``case_id``, ``case`` (name), ``label`` (:func:`programme_label`),
        ``start_year``, ``end_year`` (``<NA>`` when ``programmes.csv`` gives none),
        ``open_ended``, ``after_2020`` (the programme runs, or may run, past the reference
        year), ``element``, ``basis``, ``evidence_ids`` and ``name`` (in full).

    Examples
    --------
    >>> import smartcase
    >>> t = programme_timeline(smartcase.load_cases())
    >>> t.loc["busan-p02", ["start_year", "end_year"]].tolist()
    [2015, 2017]
    """
    from .casebook import REFERENCE_YEAR

    pe = programme_elements(book, elements=elements)
    p = book.programmes
    order = {c: i for i, c in enumerate(book.case_ids)}
    out = pd.DataFrame(index=p.index.copy())
    out["case_id"] = p["case_id"]
    out["case"] = [str(book.cases.at[c, "name"]) for c in p["case_id"]]
    out["label"] = [programme_label(n) for n in p["name"]]
    out["start_year"] = p["start_year"].astype("Int64")
    out["end_year"] = p["end_year"].astype("Int64")
    out["open_ended"] = out["end_year"].isna()
    out["after_2020"] = out["open_ended"] | (out["end_year"].fillna(0) > REFERENCE_YEAR)
    out["element"] = pe["element"]
    out["basis"] = pe["basis"]
    out["evidence_ids"] = pe["evidence_ids"]
    out["name"] = p["name"].astype(str)
    key = pd.DataFrame(
        {
            "c": out["case_id"].map(order),
            "s": out["start_year"].astype("int64"),
            "n": out["name"],
        },
        index=out.index,
    )
    out = out.loc[key.sort_values(["c", "s", "n"], kind="mergesort").index]
    out = out.astype({"open_ended": bool, "after_2020": bool})
    out.index.name = "programme_id"
    return out


def programme_timeline_plot(
    data: pd.DataFrame | CaseBook,
    *,
    ax: Axes | None = None,
    until: int | None = None,
) -> Axes:
    """Bars of the flagship programmes from start to end year, grouped by case, by element.

    Parameters
    ----------
    data : pandas.DataFrame or CaseBook
        A table from :func:`programme_timeline`, or a case base to compute it from.
    ax : matplotlib Axes, optional
        Default: a new two-column figure sized to the number of programmes.
    until : int, optional
        The last year shown; programmes without an end year run to it, open. Default: the
        latest start or end year in the table, at least the reference year 2020.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        ``data`` not a case base or a timeline table; ``until`` before the earliest start.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import smartcase
    >>> ax = programme_timeline_plot(smartcase.load_cases())
    >>> ax.get_xlabel()
    'Year'
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .casebook import REFERENCE_YEAR
    from .style import ELEMENT_COLORS, HATCHES, figsize, publication_style

    table = data if isinstance(data, pd.DataFrame) else programme_timeline(data)
    need = {"case", "label", "start_year", "end_year", "element"}
    if not isinstance(table, pd.DataFrame) or not need <= set(table.columns):
        raise ArgumentError(
            "data", type(data).__name__, "a CaseBook or a table from programme_timeline()"
        )
    first = int(table["start_year"].min())
    last = max(
        REFERENCE_YEAR,
        int(table["start_year"].max()),
        int(table["end_year"].max()) if table["end_year"].notna().any() else 0,
    )
    if until is not None:
        if isinstance(until, bool) or not isinstance(until, int) or until < first:
            raise ArgumentError("until", repr(until), f"a year from {first} on")
        last = until
    elements = [e for e in ELEMENT_COLORS if e != "innovation"]
    hatch = {e: HATCHES[k % len(HATCHES)] for k, e in enumerate(elements)}
    colors = {**ELEMENT_COLORS, "several": "#8C8C8C", "unassigned": "#FFFFFF"}
    names = {
        "technology": "Technology, data and infrastructure",
        "capacity": "Innovative capacity",
        "institutions": "Institutional setting",
        "several": "Several elements (tie)",
        "unassigned": "No evidence from its sources",
    }
    # rows: a header row per case, then its programmes
    rows: list[tuple[str, pd.Series | None]] = []
    for case in dict.fromkeys(table["case"]):
        rows.append((case, None))
        for _, rec in table[table["case"] == case].iterrows():
            rows.append((str(rec["label"]), rec))
    n = len(rows)
    with publication_style():
        created = ax is None
        if ax is None:
            height_in = 0.75 + 0.13 * n
            width_in = figsize("double")[0]
            _, ax = plt.subplots(figsize=(width_in, height_in), layout="constrained")
        ys = list(range(n - 1, -1, -1))
        for y, (_label, rec) in zip(ys, rows, strict=True):
            if rec is None:
                continue
            start = int(rec["start_year"])
            open_end = pd.isna(rec["end_year"])
            end = last if open_end else int(rec["end_year"])
            el = str(rec["element"])
            color = colors.get(el, "#8C8C8C")
            common: dict[str, Any] = {
                "height": 0.62,
                "edgecolor": "#333333" if el == "unassigned" else "white",
                "linewidth": 0.4,
                "hatch": hatch.get(el, ""),
            }
            # bars cover whole years: start at the beginning of the start year, stop at the end
            # of the end year; the part after the reference year is drawn lighter
            x0, x1 = start - 0.5, end + 0.5
            cut = min(max(REFERENCE_YEAR + 0.5, x0), x1)
            if cut > x0:
                ax.barh(y, cut - x0, left=x0, color=color, **common)
            if x1 > cut:
                ax.barh(y, x1 - cut, left=cut, color=color, alpha=0.45, **common)
            if open_end:
                ax.plot(
                    [x1],
                    [y],
                    marker=">",
                    markersize=3.5,
                    color=color if el != "unassigned" else "#333333",
                    alpha=0.8,
                    clip_on=False,
                )
        ax.axvline(REFERENCE_YEAR + 0.5, color="#333333", linewidth=0.6, linestyle="--")
        ax.text(
            REFERENCE_YEAR + 0.5,
            n - 0.4,
            f"reference year {REFERENCE_YEAR} ",
            fontsize=6.0,
            ha="right",
            va="bottom",
            color="#333333",
        )
        ax.set_yticks(ys, [label for label, _ in rows])
        for tick, (_, rec) in zip(ax.get_yticklabels(), rows, strict=True):
            if rec is None:
                tick.set_fontweight("bold")
                tick.set_fontsize(7.0)
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.7, n + 0.6)
        ax.set_xlim(first - 1, last + 1.5)
        step = 5 if last - first > 8 else 1
        ax.set_xticks(range(-(-(first - 1) // step) * step, last + 2, step))
        ax.set_xlabel("Year")
        ax.spines["left"].set_visible(False)
        ax.xaxis.grid(True, linewidth=0.3, color="#DDDDDD")
        ax.set_axisbelow(True)
        shown = [e for e in [*elements, "several", "unassigned"] if e in set(table["element"])]
        handles = [
            Patch(
                facecolor=colors[e],
                edgecolor="#333333" if e == "unassigned" else "white",
                hatch=hatch.get(e, ""),
                label=names[e],
            )
            for e in shown
        ]
        handles.append(Patch(facecolor="#999999", alpha=0.45, label=f"after {REFERENCE_YEAR}"))
        if created:  # above the axes, inside the figure (constrained layout makes room)
            ax.figure.legend(
                handles=handles,
                loc="outside upper center",
                ncols=3,
                handlelength=1.2,
                columnspacing=1.0,
            )
        else:
            ax.legend(handles=handles, loc="upper left", handlelength=1.2)
    return ax
