"""Publication charts of the case base: framework diagram, Harvey-ball matrix, profiles, stages.

Plots that the notebooks need and that belong to no analysis module:

* :func:`framework_diagram` — Figure 1: the three elements with their sub-dimensions and the
  outcome they lead to.
* :func:`harvey_chart` — the cross-case comparison matrix drawn as Harvey balls (the symbols
  of :data:`smartcase.compare.HARVEY_LEVELS`: empty, quarter, three quarters, full for the codes
  0-3, as in the Markdown and LaTeX tables), sub-dimensions grouped by element, with a legend.
* :func:`profile_plot` — one case's sub-dimension codes as bars, beside the range of the other
  cases.
* :func:`group_profile_plot` — element means of two or more case groups (Korea versus Europe)
  with every case shown as a point.
* :func:`stage_plot` — where each case stands in the smartcase stage model, with the share of
  the next stage's conditions it meets.
* :func:`xy_panels` — several QCA XY plots in one figure, with display names and panel letters.
* :func:`merge_coincident_labels` — joins the point labels of cases that sit on the same spot
  (e.g. two cases with identical memberships in an XY plot) into one readable label.

Every function takes ``ax=None`` (a new figure in :func:`smartcase.style.publication_style` at
a journal column size, 85 or 175 mm wide, with constrained layout) and returns the Axes. Colours come from :mod:`smartcase.style`
(Okabe-Ito); fills are paired with hatches or shapes where colour alone would carry meaning.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> import smartcase
>>> ax = harvey_chart(smartcase.load_cases())
>>> [t.get_text() for t in ax.get_legend().get_texts()][:2]
['0 absent', '1 emerging']
>>> plt.close("all")
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .errors import ArgumentError
from .style import (
    ELEMENT_COLORS,
    GROUP_COLORS,
    HATCHES,
    MIN_FONT_PT,
    PALETTE,
    SCORE_SCALE,
    SCORE_TICKS,
    figsize,
    publication_style,
    root_figure,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.offsetbox import DrawingArea
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.transforms import Transform

    from .casebook import CaseBook
    from .framework import Framework

__all__ = [
    "framework_diagram",
    "harvey_chart",
    "profile_plot",
    "group_profile_plot",
    "stage_plot",
    "merge_coincident_labels",
    "rename_labels",
    "harvey_legend",
    "xy_panels",
    "FRAMEWORK_ATTRIBUTION",
    "ZERO_CODE_LABEL",
]

#: Who named what in Figure 1.
FRAMEWORK_ATTRIBUTION = (
    "Element names and definitions: Kim & Lim (2020), English abstract. "
    "Sub-dimensions and the operationalisation of the outcome: smartcase."
)
_GREY = "#6E6E6E"
#: Legend entry of the open marker that :func:`profile_plot` draws for a code of 0.
ZERO_CODE_LABEL = "Code 0 (not found)"
# an open circle on the zero line, drawn over the axis and never clipped by it
_ZERO_MARKER: dict[str, Any] = {
    "marker": "o",
    "markersize": 5,
    "markerfacecolor": "white",
    "markeredgecolor": "black",
    "markeredgewidth": 0.7,
    "clip_on": False,
    "zorder": 5,
}


def _new_axes(width: Literal["single", "double"], aspect: float) -> Axes:
    import matplotlib.pyplot as plt

    with publication_style():
        _, ax = plt.subplots(figsize=figsize(width, aspect=aspect))
    return ax


def _lighten(color: str, amount: float = 0.82) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def _wrap_to_width(text: Text, words: str, max_width_px: float, start: int = 120) -> None:
    """Re-wrap a Text artist so that its rendered width is at most ``max_width_px`` pixels."""
    fig = text.get_figure(root=True)
    # the stubs give get_renderer to FigureCanvasAgg only; every canvas smartcase draws on has it
    renderer = fig.canvas.get_renderer() if fig is not None else None  # type: ignore[attr-defined]
    chars = start
    while chars > 10:
        text.set_text("\n".join(textwrap.wrap(words, chars)))
        if text.get_window_extent(renderer).width <= max_width_px:
            return
        chars -= 4


# ----------------------------------------------------------------------- framework diagram
def framework_diagram(framework: Framework | None = None, *, ax: Axes | None = None) -> Axes:
    """Figure 1: the three elements, their sub-dimensions and the outcome.

    Parameters
    ----------
    framework : Framework, optional
        Default: the bundled framework (:func:`smartcase.load_framework`).
    ax : matplotlib Axes, optional
        Where to draw; default a new double-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The attribution line under the diagram (:data:`FRAMEWORK_ATTRIBUTION`) separates what comes
    from the report's public abstract (the three elements) from smartcase's own
    operationalisation (sub-dimensions, outcome rubric).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> ax = framework_diagram()
    >>> "Innovative capacity" in [t.get_text() for t in ax.texts]
    True
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from .framework import load_framework

    fw = framework if framework is not None else load_framework()
    if ax is None:
        ax = _new_axes("double", 0.6)
    with publication_style():
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        elements = list(fw.element_ids)
        n = len(elements)
        gap = 0.03
        width = (1 - gap * (n + 1)) / n
        top, bottom = 0.99, 0.33
        for k, eid in enumerate(elements):
            x0 = gap + k * (width + gap)
            color = ELEMENT_COLORS.get(eid, PALETTE[k % len(PALETTE)])
            box = FancyBboxPatch(
                (x0, bottom),
                width,
                top - bottom,
                boxstyle="round,pad=0.004,rounding_size=0.015",
                facecolor=_lighten(color),
                edgecolor=color,
                linewidth=1.0,
            )
            ax.add_patch(box)
            label = str(fw.elements.at[eid, "label"])
            ax.text(
                x0 + width / 2,
                top - 0.03,
                "\n".join(textwrap.wrap(label, 24)),
                ha="center",
                va="top",
                fontsize=8,
                fontweight="bold",
                color="black",
            )
            subs = fw.subdimensions_of(eid)
            y = top - 0.15
            for sid in subs:
                text = "\n".join(textwrap.wrap(str(fw.codebook.at[sid, "label"]), 34))
                ax.text(
                    x0 + 0.012,
                    y,
                    "\u2022 " + text.replace("\n", "\n   "),
                    ha="left",
                    va="top",
                    fontsize=6.5,
                )
                y -= 0.052 * (text.count("\n") + 1) + 0.004
            arrow = FancyArrowPatch(
                (x0 + width / 2, bottom - 0.01),
                (0.5, 0.205),
                arrowstyle="-|>",
                mutation_scale=9,
                color=color,
                linewidth=1.0,
                shrinkA=0,
                shrinkB=2,
            )
            ax.add_patch(arrow)
        out_id = fw.outcome_ids[0] if fw.outcome_ids else None
        out_color = ELEMENT_COLORS.get("innovation", PALETTE[6])
        box_x0, box_w, box_y0, box_h = 0.12, 0.76, 0.055, 0.15
        out_box = FancyBboxPatch(
            (box_x0, box_y0),
            box_w,
            box_h,
            boxstyle="round,pad=0.004,rounding_size=0.015",
            facecolor=_lighten(out_color),
            edgecolor=out_color,
            linewidth=1.0,
        )
        ax.add_patch(out_box)
        out_label = str(fw.codebook.at[out_id, "label"]) if out_id else "Outcome"
        ax.text(
            0.5,
            box_y0 + box_h - 0.035,
            "Outcome: " + out_label,
            ha="center",
            va="center",
            fontsize=8,
            fontweight="bold",
        )
        if out_id:
            short = str(fw.codebook.at[out_id, "short_definition"])
            definition = ax.text(
                0.5,
                box_y0 + (box_h - 0.06) / 2,
                short,
                ha="center",
                va="center",
                fontsize=6.5,
            )
            # wrap the definition to the box, measured in the rendered figure
            root_figure(ax).draw_without_rendering()
            inner = ax.transData.transform([(box_x0 + 0.02, 0), (box_x0 + box_w - 0.02, 0)])
            _wrap_to_width(definition, short, float(inner[1, 0] - inner[0, 0]))
        ax.text(0.0, 0.0, FRAMEWORK_ATTRIBUTION, ha="left", va="bottom", fontsize=6, color=_GREY)
    return ax


# ----------------------------------------------------------------------- Harvey balls
def _harvey(ax: Axes, x: float, y: float, fill: float | None, radius: float, color: str) -> None:
    """A Harvey ball at data point (x, y) with a radius in inches (round whatever the aspect)."""
    from matplotlib.transforms import ScaledTranslation

    if fill is None:
        ax.text(x, y, "n/a", ha="center", va="center", fontsize=MIN_FONT_PT, color=_GREY)
        return
    # the stubs ask for an affine scale_trans; only its .transform() of (x, y) is used
    offset = ScaledTranslation(x, y, ax.transData)  # type: ignore[arg-type]
    where = ax.figure.dpi_scale_trans + offset
    for patch in _harvey_patches((0.0, 0.0), fill, radius, color, where):
        ax.add_patch(patch)


def _harvey_patches(
    centre: tuple[float, float],
    fill: float,
    radius: float,
    color: str,
    transform: Transform | None = None,
) -> list[Patch]:
    """The patches of one Harvey ball: a white disc and a wedge (or disc) filled to ``fill``."""
    from matplotlib.patches import Circle, Wedge

    extra: dict[str, Any] = {} if transform is None else {"transform": transform}
    out: list[Patch] = [
        Circle(
            centre, radius, facecolor="white", edgecolor="black", linewidth=0.6, zorder=2, **extra
        )
    ]
    frac = max(0.0, min(1.0, fill))
    if frac >= 0.999:
        out.append(
            Circle(
                centre, radius, facecolor=color, edgecolor="black", linewidth=0.6, zorder=3, **extra
            )
        )
    elif frac > 0:
        out.append(
            Wedge(
                centre,
                radius,
                90 - 360 * frac,
                90,
                facecolor=color,
                edgecolor="black",
                linewidth=0.6,
                zorder=3,
                **extra,
            )
        )
    return out


class _HarveyLegendHandler:
    """Draws a Harvey ball as a legend key (used through ``handler_map``)."""

    def __init__(self, fill: float, color: str = "#555555") -> None:
        self.fill = fill
        self.color = color

    def legend_artist(
        self, legend: object, orig_handle: object, fontsize: float, handlebox: DrawingArea
    ) -> Patch:
        x0, y0 = handlebox.xdescent, handlebox.ydescent
        h = handlebox.height
        r = h * 0.62
        centre = (x0 + handlebox.width / 2, y0 + h / 2)
        patches = _harvey_patches(centre, self.fill, r, self.color, handlebox.get_transform())
        for p in patches:
            handlebox.add_artist(p)
        return patches[0]


def harvey_legend(ax: Axes, *, low_confidence: bool = True, ncols: int = 2) -> object:
    """A legend of the four Harvey balls of the codes (and the low-confidence dagger).

    Placed under the Axes, flush right, so constrained layout makes room for it (and for the
    figure note under it).

    Returns
    -------
    matplotlib.legend.Legend
    """
    from matplotlib.patches import Patch

    from .compare import CODE_FILL, LEVEL_LABELS, LOW_CONFIDENCE_MARK

    handles, labels, hmap = [], [], {}
    for code, fill in CODE_FILL.items():
        h = Patch(label=f"{code} {LEVEL_LABELS[code]}")
        handles.append(h)
        labels.append(f"{code} {LEVEL_LABELS[code]}")
        hmap[h] = _HarveyLegendHandler(fill)
    if low_confidence:
        h = Patch(facecolor="none", edgecolor="none")
        handles.append(h)
        labels.append(f"{LOW_CONFIDENCE_MARK} low confidence")
    return ax.legend(
        handles,
        labels,
        handler_map=hmap,
        loc="upper right",
        bbox_to_anchor=(1.0, -0.005),
        ncols=ncols,
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.2,
        fontsize=6.5,
        title="Code (ball filled to about its share of 3)",
        title_fontsize=6.5,
    )


def harvey_chart(
    book: CaseBook,
    *,
    coder: str = "ref",
    outcome: bool = True,
    mark_low_confidence: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """The cross-case comparison matrix as a chart of Harvey balls.

    Rows are the sub-dimensions grouped under their element (and the outcome last), columns the
    cases. Each code is drawn with the symbol it has in the Markdown and LaTeX tables
    (:data:`smartcase.compare.CODE_FILL`): 0 empty, 1 a quarter, 2 three quarters, 3 full, in
    the element's colour; the fill, not the colour, carries the value, so the chart reads in
    greyscale. Each element's row gives the case's element score as a number (mean code, 0-3).
    A legend of the four balls sits under the chart.

    Parameters
    ----------
    book : CaseBook
    coder : str, default 'ref'
    outcome : bool, default True
        Add the outcome row.
    mark_low_confidence : bool, default True
        Put a dagger (†) beside codes given with low confidence.
    ax : matplotlib Axes, optional
        Default: a new single-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    smartcase.compare.comparison_matrix : the same matrix as a table.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import smartcase
    >>> ax = harvey_chart(smartcase.load_cases(), outcome=False)
    >>> len(ax.get_xticks())
    5
    """
    import pandas as pd

    from .compare import CODE_FILL

    fw = book.framework
    codes = book.code_matrix(coder=coder, outcome=outcome)
    scores = book.code_matrix("element", coder=coder) * 3.0
    conf = book.codes[book.codes["coder_id"] == coder].set_index(["case_id", "construct_id"])[
        "confidence"
    ]
    rows: list[tuple[str, str | None, str]] = []  # (kind, construct, label)
    for eid in fw.element_ids:
        rows.append(("element", eid, str(fw.elements.at[eid, "label"])))
        rows += [
            ("sub", sid, str(fw.codebook.at[sid, "label"])) for sid in fw.subdimensions_of(eid)
        ]
    if outcome:
        rows.append(("element", None, "Outcome"))
        rows += [("sub", oid, str(fw.codebook.at[oid, "label"])) for oid in fw.outcome_ids]
    cases = list(book.case_ids)
    if ax is None:
        ax = _new_axes("single", 0.45 + 0.05 * len(rows))
    with publication_style():
        n = len(rows)
        radius = 0.062  # inches: balls of about 3 mm
        current = "innovation"
        for i, (kind, cid, _label) in enumerate(rows):
            y = n - 1 - i
            if kind == "element":
                current = cid or "innovation"
                ax.axhline(y - 0.5, color="#BBBBBB", linewidth=0.4)
                if cid is not None:
                    for j, case in enumerate(cases):
                        v = scores.at[case, cid]
                        if not pd.isna(v):
                            ax.text(
                                j,
                                y,
                                f"{float(v):.2f}",
                                ha="center",
                                va="center",
                                fontsize=MIN_FONT_PT,
                                color="#333333",
                            )
                continue
            color = ELEMENT_COLORS.get(current, PALETTE[0])
            for j, case in enumerate(cases):
                v = codes.at[case, cid]
                fill = None if pd.isna(v) else CODE_FILL[int(v)]
                _harvey(ax, j, y, fill, radius, color)
                if (
                    mark_low_confidence
                    and (case, cid) in conf.index
                    and conf.loc[(case, cid)] == "low"
                ):
                    ax.annotate(
                        "\u2020",
                        (j, y),
                        xytext=(radius * 72 + 0.5, 2.5),
                        textcoords="offset points",
                        fontsize=MIN_FONT_PT,
                        ha="left",
                        va="center",
                    )
        ax.set_xlim(-0.5, len(cases) - 0.5)
        ax.set_ylim(-0.5, n - 0.5)
        ax.set_xticks(
            range(len(cases)), [str(book.cases.at[c, "name"]) for c in cases], rotation=90
        )
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, pad=2, labelsize=6.5)
        ax.set_yticks(range(n - 1, -1, -1), [label for _, _, label in rows])
        ax.tick_params(axis="y", length=0, pad=3, labelsize=6)
        for (kind, _, _), tick in zip(rows, ax.get_yticklabels(), strict=True):
            if kind == "element":
                tick.set_fontweight("bold")
                tick.set_fontsize(6.5)
        for side in ("left", "right", "top", "bottom"):
            ax.spines[side].set_visible(False)
        harvey_legend(ax, low_confidence=mark_low_confidence, ncols=3 if mark_low_confidence else 4)
    return ax


# ----------------------------------------------------------------------- one case
def profile_plot(book: CaseBook, case: str, *, coder: str = "ref", ax: Axes | None = None) -> Axes:
    """One case's sub-dimension codes as bars, beside the range of the other cases.

    Bars (in the element's colour; hatched when the code has low confidence) give the case's
    code on each sub-dimension; a code of 0 ("not found in the sources consulted"), which has no
    bar, is an open circle on the zero line (legend: :data:`ZERO_CODE_LABEL`; hatched too when
    of low confidence). A grey line spans
    the lowest to the highest code of the other cases and a black tick marks their median.

    Parameters
    ----------
    book : CaseBook
    case : str
        Case id.
    coder : str, default 'ref'
    ax : matplotlib Axes, optional
        Default: a new single-column figure.

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
    >>> import smartcase
    >>> ax = profile_plot(smartcase.load_cases(), "busan")
    >>> [float(v) for v in ax.get_xlim()]
    [0.0, 3.0]
    """
    from matplotlib.patches import Patch

    book.check_case(case)
    fw = book.framework
    codes = book.code_matrix(coder=coder, outcome=True)
    conf = book.codes[
        (book.codes["coder_id"] == coder) & (book.codes["case_id"] == case)
    ].set_index("construct_id")["confidence"]
    constructs = [*fw.subdimension_ids, *fw.outcome_ids]
    others = codes.drop(index=case)
    if ax is None:
        ax = _new_axes("single", 1.35)
    with publication_style():
        n = len(constructs)
        for i, cid in enumerate(constructs):
            y = n - 1 - i
            eid = fw.codebook.at[cid, "element_id"]
            key = "innovation" if fw.codebook.at[cid, "kind"] == "outcome" else str(eid)
            color = ELEMENT_COLORS.get(key, PALETTE[0])
            v = codes.at[case, cid]
            low = conf.get(cid) == "low"
            if v is not None and not (isinstance(v, float) and v != v):
                try:
                    val = float(v)
                except (TypeError, ValueError):
                    val = float("nan")
                if val == 0:
                    # a bar of length 0 is invisible: code 0 ("not found") gets an open circle,
                    # hatched like the bars when the code has low confidence
                    ax.scatter(
                        [0],
                        [y + 0.1],
                        s=_ZERO_MARKER["markersize"] ** 2,
                        marker=_ZERO_MARKER["marker"],
                        facecolor=_ZERO_MARKER["markerfacecolor"],
                        edgecolor=_ZERO_MARKER["markeredgecolor"],
                        linewidth=_ZERO_MARKER["markeredgewidth"],
                        hatch="//////" if low else None,
                        clip_on=False,
                        zorder=5,
                        label="_code 0",
                    )
                elif val == val:
                    ax.barh(
                        y + 0.1,
                        val,
                        height=0.5,
                        color=color,
                        edgecolor="black",
                        linewidth=0.4,
                        hatch="/////" if low else "",
                        zorder=2,
                    )
            if len(others):
                col = others[cid].dropna().astype(float)
                if len(col):
                    ax.plot(
                        [col.min(), col.max()],
                        [y - 0.28, y - 0.28],
                        color=_GREY,
                        linewidth=1.0,
                        zorder=3,
                        solid_capstyle="butt",
                    )
                    ax.plot(
                        [col.median()],
                        [y - 0.28],
                        marker="|",
                        color="black",
                        markersize=4,
                        zorder=4,
                    )
        labels = [str(fw.codebook.at[c, "label"]) for c in constructs]
        ax.set_yticks(range(n - 1, -1, -1), labels, fontsize=6)
        ax.set_xlim(0, 3)
        ax.set_xticks([0, 1, 2, 3], ["0", "1", "2", "3"], fontsize=6)
        ax.set_xlabel("Code: " + ", ".join(SCORE_TICKS), fontsize=6, loc="right")
        ax.set_ylim(-0.6, n - 0.4)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.4, zorder=0)
        ax.set_title(
            f"{book.cases.at[case, 'name']}: codes by sub-dimension", fontsize=7.5, loc="right"
        )
        handles: list[Artist] = [
            Patch(
                facecolor=ELEMENT_COLORS[e],
                edgecolor="black",
                linewidth=0.4,
                label=str(fw.elements.at[e, "label"]),
            )
            for e in fw.element_ids
            if e in ELEMENT_COLORS
        ]
        handles.append(
            Patch(
                facecolor=ELEMENT_COLORS["innovation"],
                edgecolor="black",
                linewidth=0.4,
                label="Outcome",
            )
        )
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="black",
                hatch="/////",
                linewidth=0.4,
                label="Low confidence",
            )
        )
        from matplotlib.lines import Line2D

        handles.append(Line2D([], [], linestyle="", label=ZERO_CODE_LABEL, **_ZERO_MARKER))
        handles.append(
            Line2D(
                [],
                [],
                color=_GREY,
                linewidth=1.0,
                marker="|",
                markeredgecolor="black",
                label="Other cases: range, median",
            )
        )
        ax.figure.legend(
            handles=handles,
            loc="outside upper center",
            ncols=2,
            fontsize=6,
            handlelength=1.6,
            columnspacing=1.0,
        )
    return ax


# ----------------------------------------------------------------------- groups
def group_profile_plot(
    book: CaseBook,
    *,
    by: str = "group",
    coder: str = "ref",
    ax: Axes | None = None,
) -> Axes:
    """Element scores (mean code, 0-3) of case groups, e.g. Korea versus Europe, with every case as a point.

    Bars give each group's mean of the cases' element scores (and of the outcome code); the
    points are the cases (circles, squares, ... by group). The legend sits above the plot.

    Parameters
    ----------
    book : CaseBook
    by : str, default 'group'
        A column of ``book.cases`` that names the groups.
    coder : str, default 'ref'
    ax : matplotlib Axes, optional
        Default: a new single-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        ``by`` is not a column of the cases table.

    See Also
    --------
    smartcase.compare.group_contrast : the same contrast as a table, sub-dimension by
        sub-dimension.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import smartcase
    >>> ax = group_profile_plot(smartcase.load_cases())
    >>> [t.get_text() for t in ax.figure.legends[0].get_texts()][:2]
    ['Korea (n=3)', 'Europe (n=2)']
    """
    import numpy as np

    if by not in book.cases.columns:
        raise ArgumentError("by", repr(by), "a column of the cases table, e.g. 'group'")
    fw = book.framework
    scores = book.code_matrix("element", coder=coder, outcome=True) * 3.0
    groups = list(dict.fromkeys(book.cases[by]))
    columns = [*fw.element_ids, *fw.outcome_ids]
    labels = [
        textwrap.fill(
            str(fw.elements.at[c, "label"])
            if c in fw.elements.index
            else str(fw.codebook.at[c, "label"]),
            14,
        )
        for c in columns
    ]
    if ax is None:
        ax = _new_axes("single", 0.85)
    with publication_style():
        x = np.arange(len(columns))
        w = 0.8 / max(len(groups), 1)
        markers = ("o", "s", "^", "D", "v")
        for g, group in enumerate(groups):
            members = list(book.cases.index[book.cases[by] == group])
            color = GROUP_COLORS.get(str(group), PALETTE[g % len(PALETTE)])
            means = scores.loc[members, columns].mean()
            pos = x - 0.4 + w * (g + 0.5)
            ax.bar(
                pos,
                means.to_numpy(),
                width=w * 0.92,
                color=_lighten(color, 0.45),
                edgecolor=color,
                hatch=HATCHES[g % len(HATCHES)],
                linewidth=0.8,
                label=f"{group} (n={len(members)})",
                zorder=2,
            )
            for m, case in enumerate(members):
                jitter = (m - (len(members) - 1) / 2) * w * 0.22
                ax.scatter(
                    pos + jitter,
                    scores.loc[case, columns].to_numpy(),
                    s=9,
                    marker=markers[g % len(markers)],
                    facecolor="white",
                    edgecolor="black",
                    linewidth=0.6,
                    zorder=3,
                    clip_on=False,  # a case at 3 (established) stays whole
                )
        ax.set_xticks(x, labels, fontsize=6)
        ax.set_ylim(0, 3.12)
        ax.spines["left"].set_bounds(0, 3)
        ax.set_yticks([0, 1, 2, 3], list(SCORE_TICKS), fontsize=6)
        ax.set_ylabel(SCORE_SCALE[0].upper() + SCORE_SCALE[1:])
        ax.grid(axis="y", color="#DDDDDD", linewidth=0.4, zorder=0)
        ax.figure.legend(loc="outside upper center", fontsize=6.5, ncols=len(groups))
    return ax


# ----------------------------------------------------------------------- stages
def stage_plot(book: CaseBook, *, coder: str = "ref", ax: Axes | None = None) -> Axes:
    """Where each case stands in the smartcase stage model.

    One row per case; a filled marker in the column of the stage reached, and a bar towards the
    next stage showing the share of its conditions the case meets (with ``k/n`` printed).

    Parameters
    ----------
    book : CaseBook
    coder : str, default 'ref'
    ax : matplotlib Axes, optional
        Default: a new single-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    See Also
    --------
    smartcase.strategy.diagnose_stage : the rules behind the verdicts.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import smartcase
    >>> ax = stage_plot(smartcase.load_cases())
    >>> len(ax.get_yticks())
    5
    """
    from .strategy import diagnose_stage, stages

    st = stages()
    order = list(st.index)
    cases = list(book.case_ids)
    if ax is None:
        ax = _new_axes("single", 0.66)
    with publication_style():
        n = len(cases)
        for i, case in enumerate(cases):
            d = diagnose_stage(book, case, coder=coder)
            y = n - 1 - i
            k = order.index(d.stage)
            ax.plot(range(k + 1), [y] * (k + 1), color=PALETTE[0], linewidth=2.0, zorder=2)
            ax.scatter([k], [y], s=40, color=PALETTE[0], edgecolor="black", linewidth=0.5, zorder=3)
            if d.next_stage is not None:
                tab = d.stage_table
                met, total = (
                    int(tab.at[d.next_stage, "conditions_met"]),
                    int(tab.at[d.next_stage, "conditions"]),
                )
                share = met / total if total else 0.0
                ax.plot(
                    [k, k + share],
                    [y, y],
                    color=PALETTE[1],
                    linewidth=2.0,
                    linestyle=(0, (2, 1)),
                    zorder=2,
                )
                ax.annotate(
                    f"{met}/{total} conditions of stage {int(st.at[d.next_stage, 'order'])}",
                    (k + share, y),
                    xytext=(3, 2.5),
                    textcoords="offset points",
                    fontsize=MIN_FONT_PT,
                    color=_GREY,
                    va="bottom",
                )
        ax.set_yticks(
            range(n - 1, -1, -1), [str(book.cases.at[c, "name"]) for c in cases], fontsize=6.5
        )
        ax.set_xticks(
            range(len(order)),
            [
                f"Stage {int(st.at[s, 'order'])}\n"
                + "\n".join(textwrap.wrap(str(st.at[s, "label"]), 16, break_long_words=False))
                for s in order
            ],
            fontsize=6,
        )
        ax.set_xlim(-0.2, len(order) - 0.35)
        ax.set_ylim(-0.6, n - 0.2)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.4, zorder=0)
        from matplotlib.lines import Line2D

        handles = [
            Line2D(
                [],
                [],
                color=PALETTE[0],
                linewidth=2.0,
                marker="o",
                markersize=4,
                markeredgecolor="black",
                markeredgewidth=0.5,
                label="Stage reached",
            ),
            Line2D(
                [],
                [],
                color=PALETTE[1],
                linewidth=2.0,
                linestyle=(0, (2, 1)),
                label="Share of the next stage's conditions met",
            ),
        ]
        ax.figure.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=6.5)
    return ax


# ----------------------------------------------------------------------- XY panels
def xy_panels(
    data: pd.DataFrame,
    outcome: str,
    panels: Sequence[tuple[str, str]],
    *,
    names: Mapping[str, str] | None = None,
    case_names: Mapping[str, str] | None = None,
    ncols: int = 2,
) -> Figure:
    """Several QCA XY plots in one double-column figure, with panel letters and display names.

    Each panel is :func:`smartcase.qca.xy_plot` of one condition or expression against the
    outcome; the sets and cases are renamed to their display names first, so titles, axis
    labels and point labels read as names, not ids.

    Parameters
    ----------
    data : DataFrame
        Cases (rows) by sets (columns) of memberships, e.g.
        :func:`smartcase.membership.case_memberships`.
    outcome : str
        The outcome column.
    panels : sequence of (expression, relation)
        One panel each: an expression in QCA notation over the columns of ``data``
        (``"capacity*institutions"``) and ``'sufficiency'`` or ``'necessity'``.
    names : mapping, optional
        Display name of each set (a short word without spaces, e.g. ``{'capacity':
        'Capacity'}``); default the ids.
    case_names : mapping, optional
        Display name of each case; default the index.
    ncols : int, default 2
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ArgumentError
        No panels, or a display name with spaces or operators (it must stay a set name).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [0.2, 0.9], "y": [0.3, 0.8]}, index=["p", "q"])
    >>> fig = xy_panels(df, "y", [("a", "sufficiency"), ("a", "necessity")],
    ...                 names={"a": "Alpha", "y": "Outcome"}, case_names={"p": "P", "q": "Q"})
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['a', 'b']
    >>> fig.axes[0].get_xlabel()
    'Alpha'
    """
    import re

    import matplotlib.pyplot as plt
    import numpy as np

    from .qca.plots import xy_plot
    from .style import panel_letters

    if not panels:
        raise ArgumentError("panels", "no panels", "at least one (expression, relation) pair")
    names = dict(names or {})
    for key, value in names.items():
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", str(value)):
            raise ArgumentError(
                "names", f"{key!r}: {value!r}", "display names without spaces or operators"
            )
    frame = data.rename(columns=names)
    if case_names is not None:
        frame = frame.rename(index=dict(case_names))

    def display(expr: str) -> str:
        return re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: names.get(m.group(0), m.group(0)), expr)

    nrows = -(-len(panels) // ncols)
    with publication_style():
        fig, axes = plt.subplots(
            nrows, ncols, figsize=figsize("double", aspect=0.5 * nrows), squeeze=False
        )
    flat = list(np.ravel(axes))
    for ax, (expr, relation) in zip(flat, panels, strict=False):
        xy_plot(
            display(expr),
            names.get(outcome, outcome),
            frame,
            relation=relation,  # type: ignore[arg-type]
            labels=True,
            ax=ax,
        )
    for ax in flat[len(panels) :]:
        ax.set_visible(False)
    with publication_style():
        panel_letters(flat[: len(panels)])
    return fig


# ----------------------------------------------------------------------- labels
def merge_coincident_labels(ax: Axes, *, decimals: int = 6) -> Axes:
    """Join the labels of points that share a position into one label.

    Point labels drawn with ``ax.annotate`` (as :func:`smartcase.qca.xy_plot` draws them) at the
    same data coordinates overlap and become unreadable; this keeps the first annotation of each
    position with the texts joined by ``", "`` and removes the others.

    Parameters
    ----------
    ax : matplotlib Axes
    decimals : int, default 6
        Positions equal after rounding to this many decimals count as the same.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> for name in ("busan", "sejong"):
    ...     _ = ax.annotate(name, (0.3, 0.2))
    >>> [t.get_text() for t in merge_coincident_labels(ax).texts]
    ['busan, sejong']
    >>> plt.close(fig)
    """
    from matplotlib.text import Annotation

    groups: dict[tuple[float, float], list[Annotation]] = {}
    for t in list(ax.texts):
        if isinstance(t, Annotation):
            x, y = t.xy
            groups.setdefault((round(float(x), decimals), round(float(y), decimals)), []).append(t)
    for items in groups.values():
        if len(items) > 1:
            items[0].set_text(", ".join(t.get_text() for t in items))
            for t in items[1:]:
                t.remove()
    return ax


def rename_labels(ax: Axes, names: Mapping[str, str]) -> Axes:
    """Replace ids by display names in every text of an Axes (titles, axis labels, point labels,
    legend entries), wherever an id stands as a whole word.

    For plots drawn from data that carry ids (e.g. a QCA solution over the sets ``capacity``,
    ``institutions`` and cases ``busan``, ...).

    Parameters
    ----------
    ax : matplotlib Axes
    names : mapping
        Id -> display name.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("capacity*institutions -> innovation")
    >>> _ = ax.annotate("busan", (0, 0))
    >>> ax = rename_labels(ax, {"capacity": "Capacity", "institutions": "Institutions",
    ...                          "innovation": "Innovation", "busan": "Busan"})
    >>> ax.get_title(), ax.texts[0].get_text()
    ('Capacity*Institutions -> Innovation', 'Busan')
    >>> plt.close(fig)
    """
    import re

    if not names:
        return ax
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    # the left and right titles are Text objects with no public accessor
    left, right = ax._left_title, ax._right_title  # type: ignore[attr-defined]
    texts = [ax.title, left, right, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    legend = ax.get_legend()
    if legend is not None:
        texts += list(legend.get_texts())
    for t in texts:
        t.set_text(pattern.sub(lambda m: names[m.group(1)], t.get_text()))
    return ax
