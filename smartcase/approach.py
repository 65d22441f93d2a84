"""The report's central comparison: each city's smart-city base against its social innovation.

Kim & Lim (2020) argue for a *combined approach*: the technology and institutions of the smart
city are not enough on their own and must be joined with innovative capacity and social
innovation. This module places every case on two axes built from its codes and shows how well
each position is evidenced:

* **smart-city base** - the mean of two element scores, *technology, data and infrastructure*
  (ict_infrastructure, iot_sensors, data_platform, open_data, digital_twin, smart_services,
  testbed_site) and *institutional setting* (strategy_plan, law_regulation,
  dedicated_organisation, smart_governance, coordination, public_private_partnership, funding,
  monitoring_evaluation);
* **innovative capacity and social innovation** - the element score of *innovative capacity*
  (living_lab, citizen_participation, co_creation, innovation_ecosystem, collaborative_network,
  social_innovation, digital_skills).

An element score is the mean code of the element's sub-dimensions, as everywhere in smartcase,
shown on the 0-1 scale (mean code / 3) or on the rubric's 0-3 scale. Each element counts
equally in the base, whatever its number of sub-dimensions. A position is *above* the midpoint
when it reaches 0.5 (code 1.5, half-way between emerging and developing, the crossover of the
QCA calibration in :mod:`smartcase.membership`).

:func:`combined_approach` gives the table (positions, quadrant, the weakest sub-dimensions of
the weaker axis, and the evidence behind each axis), :func:`combined_approach_plot` the figure;
:func:`smartcase.findings.approach_findings` reads the table in sentences.

Examples
--------
>>> import smartcase
>>> t = combined_approach(smartcase.load_cases())
>>> t.loc["barcelona", "position"]
'combined'
>>> t.attrs["base_elements"], t.attrs["social_elements"]
(('technology', 'institutions'), ('capacity',))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .coding import SOURCE_KIND_GROUPS
from .errors import ArgumentError
from .framework import LEVEL_LABELS

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from .casebook import CaseBook

__all__ = [
    "BASE_ELEMENTS",
    "SOCIAL_ELEMENTS",
    "SCALES",
    "default_scale",
    "POSITIONS",
    "AXIS_LABELS",
    "element_scores",
    "combined_approach",
    "combined_approach_plot",
]

#: Elements averaged into the smart-city base.
BASE_ELEMENTS: tuple[str, ...] = ("technology", "institutions")
#: Elements averaged into innovative capacity and social innovation.
SOCIAL_ELEMENTS: tuple[str, ...] = ("capacity",)
#: The two scales element scores can be shown on: mean code / 3, or the mean code itself.
SCALES: tuple[str, ...] = ("0-1", "0-3")


def default_scale() -> Literal["0-1", "0-3"]:
    """The scale element scores are shown on unless told otherwise.

    smartcase shows element scores on one scale throughout. When the publication style
    declares it (:data:`smartcase.style.SCORE_SCALE`, e.g. ``'mean code (0-3)'``), that scale
    is used; otherwise ``'0-1'`` (mean code / 3, as ``CaseBook.code_matrix('element')``).

    Examples
    --------
    >>> default_scale() in SCALES
    True
    """
    from . import style

    declared = str(getattr(style, "SCORE_SCALE", ""))
    return "0-3" if "0-3" in declared else "0-1"


#: The quadrant of a position: (base above the midpoint, social above the midpoint) -> label.
POSITIONS: dict[tuple[bool, bool], str] = {
    (True, True): "combined",
    (True, False): "smart-city base only",
    (False, True): "social innovation only",
    (False, False): "neither",
}
#: Axis names for figures and tables.
AXIS_LABELS: dict[str, str] = {
    "base": "Smart-city base (technology and institutions)",
    "social": "Innovative capacity and social innovation",
}
_MIDPOINT = 0.5  # on the 0-1 scale
_GAP_MAX_CODE = 1  # sub-dimensions coded absent or emerging are what a position lacks


def _check_scale(scale: object) -> float:
    if scale is None:
        scale = default_scale()
    if scale not in SCALES:
        raise ArgumentError("scale", repr(scale), "one of " + ", ".join(map(repr, SCALES)))
    return 1.0 if scale == "0-1" else 3.0


def _check_elements(book: CaseBook, argument: str, elements: Sequence[str]) -> tuple[str, ...]:
    ids = book.framework.element_ids
    out = tuple(elements)
    if not out or any(e not in ids for e in out):
        raise ArgumentError(
            argument, repr(out), "a non-empty sequence of element ids from " + ", ".join(ids)
        )
    return out


def element_scores(
    book: CaseBook, *, coder: str = "ref", scale: Literal["0-1", "0-3"] | None = None
) -> pd.DataFrame:
    """Element scores of every case: the mean code of the element's sub-dimensions.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.
    scale : {'0-1', '0-3'}, optional
        ``'0-1'``: mean code / 3 (as ``book.code_matrix('element')``); ``'0-3'``: the mean code.
        Default: :func:`default_scale`.

    Returns
    -------
    pandas.DataFrame
        Cases by elements.

    Raises
    ------
    ArgumentError
        Unknown scale or coder.

    Examples
    --------
    >>> import smartcase
    >>> s = element_scores(smartcase.load_cases(), scale="0-3")
    >>> bool(((s >= 0) & (s <= 3)).all().all())
    True
    """
    factor = _check_scale(scale)
    return book.code_matrix("element", coder=coder) * factor


def _axis_evidence(book: CaseBook, coder: str, subdims: list[str]) -> pd.DataFrame:
    """Per case: distinct evidence items cited by the codes of ``subdims``, and their kinds."""
    ce = book.code_evidence(coder)
    ce = ce[ce["construct_id"].isin(subdims) & ce["evidence_id"].notna()]
    ce = ce.drop_duplicates(["case_id", "evidence_id"])
    kinds = book.sources["kind"].map(SOURCE_KIND_GROUPS).fillna("other")
    ce = ce.assign(kind_group=ce["source_id"].map(kinds))
    rows = {}
    for cid in book.case_ids:
        part = ce[ce["case_id"] == cid]
        n = len(part)
        strong = int((part["strength"] == "strong").sum())
        off = int(part["kind_group"].isin(["official", "scholarly"]).sum())
        news = int((part["kind_group"] == "news").sum())
        rows[cid] = {
            "items": n,
            "strong": strong,
            "official_or_scholarly": off,
            "news": news,
            "strong_share": strong / n if n else 0.0,
            "official_share": off / n if n else 0.0,
            "news_share": news / n if n else 0.0,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def combined_approach(
    book: CaseBook,
    *,
    coder: str = "ref",
    scale: Literal["0-1", "0-3"] | None = None,
    base: Sequence[str] = BASE_ELEMENTS,
    social: Sequence[str] = SOCIAL_ELEMENTS,
) -> pd.DataFrame:
    """Each case's smart-city base against its innovative capacity and social innovation.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.
    scale : {'0-1', '0-3'}, optional
        Scale of the scores (mean code / 3, or mean code). Default: :func:`default_scale`.
    base, social : sequence of str
        Element ids averaged into each axis (default :data:`BASE_ELEMENTS`,
        :data:`SOCIAL_ELEMENTS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``case_id`` in case order. Columns: ``name``, ``group``; ``base`` and
        ``social`` (the two axes); one column per element used (its score); ``position`` (a
        label of :data:`POSITIONS`: an axis counts as present at 0.5 of the scale or more);
        ``weaker_axis`` (``'base'`` or ``'social'``; ``'base'`` on a tie); ``lacks`` (the
        sub-dimensions of the weaker axis coded 0 or 1, lowest code first, as
        ``'id=code'`` joined by ``'; '``); and for each axis ``<axis>_items`` (distinct evidence
        items its codes cite), ``<axis>_strong_share``, ``<axis>_official_share`` (items from
        official or scholarly sources) and ``<axis>_news_share``. ``.attrs`` holds the scale,
        the midpoint, the elements and sub-dimensions of each axis, their labels and the coder.

    Raises
    ------
    ArgumentError
        Unknown scale or coder; an axis naming an unknown element, or no element.

    Notes
    -----
    The axes are smartcase's operationalisation of the report's argument, from smartcase's
    reconstructed codes; Kim & Lim (2020) draw no such figure. Axis scores average element
    scores, so each element counts equally; sub-dimensions count equally within an element.
    Evidence shares count each cited item once per case and axis (a code cites only items of
    its own sub-dimension, so no item counts for both axes).

    Examples
    --------
    >>> import smartcase
    >>> t = combined_approach(smartcase.load_cases(), scale="0-3")
    >>> t.attrs["midpoint"]
    1.5
    >>> bool(((t["base"] >= 0) & (t["base"] <= 3)).all())
    True
    """
    scale = default_scale() if scale is None else scale
    factor = _check_scale(scale)
    base_el = _check_elements(book, "base", base)
    social_el = _check_elements(book, "social", social)
    scores = element_scores(book, coder=coder, scale=scale)
    fw = book.framework
    sub = book.code_matrix("subdimension", coder=coder)
    midpoint = _MIDPOINT * factor
    out = pd.DataFrame(index=pd.Index(list(book.case_ids), name="case_id"))
    out["name"] = book.cases["name"].astype(str)
    out["group"] = book.cases["group"].astype(str)
    out["base"] = scores[list(base_el)].mean(axis=1)
    out["social"] = scores[list(social_el)].mean(axis=1)
    for e in dict.fromkeys(base_el + social_el):
        out[e] = scores[e]
    out["position"] = [
        POSITIONS[(bool(b >= midpoint - 1e-12), bool(s >= midpoint - 1e-12))]
        for b, s in zip(out["base"], out["social"], strict=True)
    ]
    subdims = {
        "base": [s for e in base_el for s in fw.subdimensions_of(e)],
        "social": [s for e in social_el for s in fw.subdimensions_of(e)],
    }
    weaker, lacks = [], []
    for cid in out.index:
        axis = "base" if out.at[cid, "base"] <= out.at[cid, "social"] else "social"
        weaker.append(axis)
        codes = sub.loc[cid, subdims[axis]]
        low = [
            (int(v), k, s)
            for k, (s, v) in enumerate(codes.items())
            if not pd.isna(v) and int(v) <= _GAP_MAX_CODE
        ]
        lacks.append("; ".join(f"{s}={v}" for v, _, s in sorted(low)))
    out["weaker_axis"] = weaker
    out["lacks"] = lacks
    for axis, ids in subdims.items():
        ev = _axis_evidence(book, coder, ids).reindex(out.index)
        out[f"{axis}_items"] = ev["items"].astype("int64")
        out[f"{axis}_strong_share"] = ev["strong_share"].astype(float)
        out[f"{axis}_official_share"] = ev["official_share"].astype(float)
        out[f"{axis}_news_share"] = ev["news_share"].astype(float)
    out.attrs = {
        "scale": scale,
        "midpoint": midpoint,
        "base_elements": base_el,
        "social_elements": social_el,
        "base_subdimensions": tuple(subdims["base"]),
        "social_subdimensions": tuple(subdims["social"]),
        "subdimension_counts": {
            e: len(fw.subdimensions_of(e)) for e in dict.fromkeys(base_el + social_el)
        },
        "coder": coder,
        "level_labels": dict(LEVEL_LABELS),
        "labels": {c: str(fw.codebook.at[c, "label"]) for c in subdims["base"] + subdims["social"]},
    }
    return out


# ------------------------------------------------------------------------------------ plot
def _place_labels(ax: Axes, points: list[tuple[float, float, str, str]]) -> None:
    """Write each name next to its point where it overlaps no other label, point or edge."""
    from matplotlib.transforms import Bbox

    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    to_px = ax.transData.transform
    marker_r = 4.0 * fig.dpi / 72.0
    obstacles = [
        Bbox.from_extents(px - marker_r, py - marker_r, px + marker_r, py + marker_r)
        for px, py in (to_px((x, y)) for x, y, _, _ in points)
    ]
    obstacles += [t.get_window_extent(renderer) for t in ax.texts]
    frame = ax.get_window_extent(renderer)
    # offsets in points: right, left, above, below, then diagonals and further out
    candidates = [
        (5, 0, "left", "center"),
        (-5, 0, "right", "center"),
        (0, 5, "center", "bottom"),
        (0, -5, "center", "top"),
        (5, 5, "left", "bottom"),
        (5, -5, "left", "top"),
        (-5, 5, "right", "bottom"),
        (-5, -5, "right", "top"),
        (5, 12, "left", "bottom"),
        (5, -12, "left", "top"),
        (-5, 12, "right", "bottom"),
        (-5, -12, "right", "top"),
    ]
    for x, y, name, color in sorted(points, key=lambda p: (-p[1], p[0])):
        best = None
        for dx, dy, ha, va in candidates:
            text = ax.annotate(
                name,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=6.5,
                color=color,
            )
            box = text.get_window_extent(renderer).padded(1.0)
            clash = any(box.overlaps(o) for o in obstacles)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            if not clash and inside:
                best = (text, box)
                break
            text.remove()
        if best is None:  # nothing free: keep the first choice, drawn with a leader line
            text = ax.annotate(
                name,
                (x, y),
                xytext=(8, 14),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=6.5,
                color=color,
                arrowprops={"arrowstyle": "-", "linewidth": 0.4, "color": color},
            )
            best = (text, text.get_window_extent(renderer))
        obstacles.append(best[1])


def combined_approach_plot(
    data: pd.DataFrame | CaseBook,
    *,
    ax: Axes | None = None,
    evidence_ax: Axes | None = None,
    scale: Literal["0-1", "0-3"] | None = None,
) -> Axes:
    """The combined-approach figure: positions of the cases and the evidence behind them.

    Parameters
    ----------
    data : pandas.DataFrame or CaseBook
        A table from :func:`combined_approach`, or a case base to compute it from.
    ax : matplotlib Axes, optional
        Where to draw the positions. Default: a new two-column figure with two panels, (a)
        the positions and (b) the share of strong evidence items behind each axis of each case.
    evidence_ax : matplotlib Axes, optional
        Where to draw panel (b) when ``ax`` is given (otherwise it is left out).
    scale : {'0-1', '0-3'}, optional
        Used only when ``data`` is a case base. Default: :func:`default_scale`.

    Returns
    -------
    matplotlib.axes.Axes
        The positions panel.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import smartcase
    >>> ax = combined_approach_plot(smartcase.load_cases())
    >>> ax.get_xlabel().startswith("Smart-city base")
    True
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    from .style import ELEMENT_COLORS, GROUP_COLORS, HATCHES, PALETTE, figsize, publication_style

    table = data if isinstance(data, pd.DataFrame) else combined_approach(data, scale=scale)
    need = {"name", "group", "base", "social", "position", "base_strong_share"}
    if not isinstance(table, pd.DataFrame) or not need <= set(table.columns):
        raise ArgumentError(
            "data", type(data).__name__, "a CaseBook or a table from combined_approach()"
        )
    top = 1.0 if table.attrs.get("scale", "0-1") == "0-1" else 3.0
    mid = float(table.attrs.get("midpoint", _MIDPOINT * top))
    groups = list(dict.fromkeys(table["group"]))
    colors = {g: GROUP_COLORS.get(g, PALETTE[(k + 2) % len(PALETTE)]) for k, g in enumerate(groups)}
    unit = "mean code / 3" if top == 1.0 else "mean code, 0-3"
    with publication_style():
        if ax is None:
            fig, (ax, evidence_ax) = plt.subplots(
                1,
                2,
                figsize=figsize("double", aspect=0.45),
                layout="constrained",
                gridspec_kw={"width_ratios": [1.15, 1.0]},
            )
        ax.set_xlim(0, top)
        ax.set_ylim(0, top)
        ax.set_aspect("equal", adjustable="box")
        ax.axvline(mid, color="#888888", linewidth=0.6, linestyle="--", zorder=0)
        ax.axhline(mid, color="#888888", linewidth=0.6, linestyle="--", zorder=0)
        pad = 0.02 * top
        corner: dict[str, Any] = {"fontsize": 6.0, "color": "#555555", "style": "italic"}
        ax.text(top - pad, top - pad, "combined approach", ha="right", va="top", **corner)
        ax.text(pad, top - pad, "social innovation only", ha="left", va="top", **corner)
        ax.text(top - pad, pad, "smart-city base only", ha="right", va="bottom", **corner)
        ax.text(pad, pad, "neither", ha="left", va="bottom", **corner)
        for g in groups:
            part = table[table["group"] == g]
            ax.scatter(
                part["base"],
                part["social"],
                s=22,
                color=colors[g],
                edgecolor="white",
                linewidth=0.5,
                zorder=3,
                label=g,
            )
        ax.set_xlabel(f"{AXIS_LABELS['base']}\n({unit})")
        ax.set_ylabel(f"{AXIS_LABELS['social']}\n({unit})")
        ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.93), handletextpad=0.3)
        if evidence_ax is not None:
            bx = evidence_ax
            n = len(table)
            ys = list(range(n - 1, -1, -1))
            h = 0.38
            series = (
                ("base_strong_share", "base_items", ELEMENT_COLORS["technology"]),
                ("social_strong_share", "social_items", ELEMENT_COLORS["capacity"]),
            )
            for k, (share, items, color) in enumerate(series):
                offs = [y + (h / 2 if k == 0 else -h / 2) for y in ys]
                vals = (table[share] * 100).tolist()
                bx.barh(
                    offs,
                    vals,
                    height=h,
                    color=color,
                    hatch=HATCHES[k],
                    edgecolor="white",
                    linewidth=0.4,
                    label=("Smart-city base", "Capacity and social innovation")[k],
                )
                if items in table.columns:
                    for yv, v, m in zip(offs, vals, table[items], strict=True):
                        bx.text(v + 1.5, yv, f"{int(m)} items", va="center", fontsize=6.0)
            bx.set_yticks(ys, table["name"].tolist())
            bx.set_xlim(0, 125)
            bx.set_xticks([0, 25, 50, 75, 100])
            bx.set_xlabel("Strong items among the evidence behind each axis (%)")
            bx.legend(
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                ncols=2,
                borderaxespad=0.2,
                handlelength=1.2,
                columnspacing=1.0,
            )
            bx.spines["left"].set_visible(False)
            bx.tick_params(axis="y", length=0)
            for letter, a in (("a", ax), ("b", bx)):
                a.text(
                    -0.02,
                    1.02,
                    letter,
                    transform=a.transAxes,
                    fontsize=8,
                    fontweight="bold",
                    ha="right",
                    va="bottom",
                )
        _place_labels(
            ax,
            [
                (float(r.base), float(r.social), str(r.name), colors[r.group])
                for r in table.itertuples(index=False)
            ],
        )
    return ax
