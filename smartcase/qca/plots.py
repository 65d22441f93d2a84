"""Pictures of set relations: XY plots and Venn diagrams of truth tables.

:func:`xy_plot` draws the memberships of the cases in a condition (x) and an outcome (y) on the
unit square, with the diagonal that separates consistent from inconsistent cases and the fit
figures in the title (R's ``XYplot``). :func:`venn_plot` draws a truth table of three to five
conditions as a Venn diagram: each region is one configuration, coloured by its outcome code
(1, 0, contradiction C or remainder) and labelled with its number of cases.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from smartcase.qca.plots import xy_plot
>>> df = pd.DataFrame({"X": [0.2, 0.7, 0.9], "Y": [0.4, 0.8, 0.95]}, index=["a", "b", "c"])
>>> ax = xy_plot("X", "Y", df)
>>> print(ax.get_title())
X → Y
inclS = 1.000   PRI = 1.000   covS = 0.837
>>> import matplotlib.pyplot as plt
>>> plt.close("all")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..errors import ArgumentError, QCAError
from .fit import sufficiency_measures
from .necessity import necessity_measures
from .setops import as_membership

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "xy_plot",
    "venn_plot",
    "VENN_SHAPES",
    "OUT_COLORS",
    "xy_plot_case_types",
    "CASE_TYPE_COLORS",
]

Relation = Literal["sufficiency", "necessity"]

#: Fill colours of truth-table rows by outcome code (Okabe-Ito, light tints for areas).
OUT_COLORS: dict[str, str] = {
    "1": "#0072B2",  # blue: positive configurations
    "0": "#E69F00",  # orange: negative configurations
    "C": "#CC79A7",  # reddish purple: contradictions
    "?": "#FFFFFF",  # white: remainders (no cases)
}
_OUT_LABELS = {"1": "OUT = 1", "0": "OUT = 0", "C": "contradiction (C)", "?": "remainder"}
_FILL_ALPHA = 0.45


def _ellipses_symmetric(k: int, radius: float, a: float, b: float, phi: float) -> tuple:
    shapes = []
    for i in range(k):
        theta = 90.0 + 360.0 / k * i
        t = np.deg2rad(theta)
        shapes.append((radius * np.cos(t), radius * np.sin(t), 2 * a, 2 * b, (theta + phi) % 180.0))
    return tuple(tuple(round(float(v), 4) for v in s) for s in shapes)


#: Venn layouts: per number of sets, the ellipses as (x centre, y centre, width, height, angle in
#: degrees). Three circles; four ellipses in the classic two-by-two arrangement; five congruent
#: ellipses in the rotationally symmetric arrangement (Grünbaum 1975). The four- and five-set
#: parameters were tuned so that the smallest of the 2**k regions is as wide as possible (room for
#: its case count); every region has a positive area (checked in the tests).
VENN_SHAPES: dict[int, tuple[tuple[float, ...], ...]] = {
    3: _ellipses_symmetric(3, 0.55, 1.0, 1.0, 0.0),
    4: (
        (-0.2, -0.125, 1.44, 0.75, 135.0),
        (-0.05, 0.125, 1.44, 0.75, 135.0),
        (0.05, 0.125, 1.44, 0.75, 45.0),
        (0.2, -0.125, 1.44, 0.75, 45.0),
    ),
    5: _ellipses_symmetric(5, 0.25, 1.0, 0.55, 20.0),
}
_MARGIN = 0.3


def _inside(px: np.ndarray, py: np.ndarray, shape: Sequence[float]) -> np.ndarray:
    cx, cy, w, h, angle = shape
    t = np.deg2rad(angle)
    dx, dy = px - cx, py - cy
    u = dx * np.cos(t) + dy * np.sin(t)
    v = -dx * np.sin(t) + dy * np.cos(t)
    return (u / (w / 2)) ** 2 + (v / (h / 2)) ** 2 <= 1.0


def _frame(k: int) -> tuple[float, float, float, float]:
    """The universe rectangle (x0, x1, y0, y1): the ellipses' bounding box plus a margin."""
    x0 = y0 = np.inf
    x1 = y1 = -np.inf
    for cx, cy, w, h, angle in VENN_SHAPES[k]:
        t = np.deg2rad(angle)
        ex = np.hypot(w / 2 * np.cos(t), h / 2 * np.sin(t))
        ey = np.hypot(w / 2 * np.sin(t), h / 2 * np.cos(t))
        x0, x1 = min(x0, cx - ex), max(x1, cx + ex)
        y0, y1 = min(y0, cy - ey), max(y1, cy + ey)
    return (
        round(float(x0) - _MARGIN, 4),
        round(float(x1) + _MARGIN, 4),
        round(float(y0) - _MARGIN, 4),
        round(float(y1) + _MARGIN, 4),
    )


def venn_regions(k: int, resolution: int = 400) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Region codes of a grid over the Venn layout of ``k`` sets.

    Parameters
    ----------
    k : int
        Number of sets (3 to 5).
    resolution : int
        Grid points along the longer side of the frame (the grid is square).

    Returns
    -------
    xs, ys : ndarray
        Grid coordinates (1-D).
    code : ndarray of int, shape (len(ys), len(xs))
        For each grid point, the configuration it lies in: bit ``i`` (value ``2**(k - 1 - i)``)
        is set when the point is inside set ``i``, so codes read like truth-table rows
        (first condition most significant). Code 0 (every condition absent) is the space
        outside all the sets, within the frame of the diagram.

    Examples
    --------
    >>> xs, ys, code = venn_regions(3, resolution=200)
    >>> sorted(set(code.ravel().tolist()))
    [0, 1, 2, 3, 4, 5, 6, 7]
    """
    if k not in VENN_SHAPES:
        raise ArgumentError("k", repr(k), "3, 4 or 5 sets")
    x0, x1, y0, y1 = _frame(k)
    step = max(x1 - x0, y1 - y0) / (resolution - 1)
    xs = np.arange(x0, x1 + step / 2, step)
    ys = np.arange(y0, y1 + step / 2, step)
    gx, gy = np.meshgrid(xs, ys)
    code = np.zeros(gx.shape, dtype=int)
    for i, shape in enumerate(VENN_SHAPES[k]):
        code |= _inside(gx, gy, shape).astype(int) << (k - 1 - i)
    return xs, ys, code


# ---------------------------------------------------------------- XY plot


def _resolve(
    value: object, data: pd.DataFrame | None, argument: str
) -> tuple[np.ndarray, pd.Index | None, str]:
    """Memberships, index and display name of ``x`` or ``y``."""
    if isinstance(value, str):
        if data is None:
            raise ArgumentError(
                argument, repr(value), "memberships, or a column name together with data="
            )
        if value in data.columns:
            values, index, _ = as_membership(data[value], argument)
            return values, data.index, value
        text = value.strip()
        if text.startswith("~") and text[1:].strip() in data.columns:
            values, _, _ = as_membership(data[text[1:].strip()], argument)
            return 1.0 - values, data.index, text
        try:
            from .expression import parse_expression
        except ImportError:  # pragma: no cover - expression module not available
            raise ArgumentError(
                argument,
                repr(value),
                "a column of data (" + ", ".join(map(str, data.columns)) + ")",
            ) from None
        expression = parse_expression(value)
        member = expression.membership(data)
        values, _, _ = as_membership(
            pd.Series(np.asarray(member, dtype=float), index=data.index), argument
        )
        return values, data.index, str(value).strip()
    values, index, name = as_membership(value, argument)
    return values, index, name if name is not None else argument


def xy_plot(
    x: str | pd.Series | np.ndarray | Sequence[float],
    y: str | pd.Series | np.ndarray | Sequence[float],
    data: pd.DataFrame | None = None,
    *,
    relation: Relation = "sufficiency",
    ax: Axes | None = None,
    labels: bool | Sequence[str] = False,
    color: str | None = None,
) -> Axes:
    """XY plot of memberships in a condition (x) and an outcome (y).

    Each case is a point on the unit square. The dashed diagonal separates the cases consistent
    with the relation from the others (see Notes); thin lines mark the crossover 0.5. The title
    gives the relation on its first line and the fit on its second: ``inclS``, ``PRI``, ``covS``
    for sufficiency, ``inclN``, ``RoN``, ``covN`` for necessity (three decimals). Point labels
    are placed by adjustText so that they overlap neither each other, the points nor the
    diagonal (each starts on its point's side of the diagonal); cases on the same spot share
    one label.

    Parameters
    ----------
    x, y : str, Series, ndarray or sequence of numbers
        Memberships, or with ``data`` a column name, a negated column ``"~A"`` or an expression
        in QCA notation (``"DEV*~URB"``).
    data : DataFrame, optional
        The cases, for column names and expressions.
    relation : {'sufficiency', 'necessity'}, default 'sufficiency'
        The relation whose fit is shown.
    ax : matplotlib Axes, optional
        Axes to draw on; a new single-column figure when omitted.
    labels : bool or sequence of str, default False
        Label the points: ``True`` uses the case names (the index of ``data`` or of a Series),
        a sequence gives one label per case.
    color : str, optional
        Point colour; the first colour of :data:`smartcase.style.PALETTE` by default.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ArgumentError
        Unknown ``relation``; ``x``/``y`` not memberships or unknown columns; labels of the
        wrong length; ``x`` and ``y`` of different lengths.
    QCAError
        Memberships missing or outside [0, 1].

    See Also
    --------
    smartcase.qca.parameters_of_fit : The fit figures as a table.

    Notes
    -----
    A case is consistent with sufficiency (X is a subset of Y) when it lies on or above the
    diagonal (x ≤ y), and with necessity (Y a subset of X) when it lies on or below it.

    In R: ``XYplot(x, y, data, relation = "sufficiency")``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> lf = pd.DataFrame({"STB": [0.43, 0.98, 0.91, 0.91], "SURV": [0.05, 0.95, 0.89, 0.12]},
    ...                   index=["AU", "BE", "CZ", "EE"])
    >>> ax = xy_plot("STB", "SURV", lf, relation="necessity", labels=True)
    >>> ax.get_title().splitlines()
    ['STB ← SURV', 'inclN = 1.000   RoN = 0.387   covN = 0.622']
    >>> len(ax.collections[0].get_offsets())
    4
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    from ..style import PALETTE, figsize, publication_style

    if relation not in ("sufficiency", "necessity"):
        raise ArgumentError("relation", repr(relation), "one of 'sufficiency', 'necessity'")
    if data is not None and not isinstance(data, pd.DataFrame):
        raise ArgumentError("data", type(data).__name__, "a DataFrame or None")
    xv, xi, xname = _resolve(x, data, "x")
    yv, yi, yname = _resolve(y, data, "y")
    if xv.size != yv.size:
        raise ArgumentError("y", f"{yv.size} cases", f"{xv.size} cases like x")
    index = xi if xi is not None else yi
    if labels is True:
        names = [str(v) for v in (index if index is not None else range(xv.size))]
    elif labels is False or labels is None:
        names = []
    else:
        names = [str(v) for v in labels]
        if len(names) != xv.size:
            raise ArgumentError("labels", f"{len(names)} labels", f"{xv.size}, one per case")

    if relation == "sufficiency":
        incl, second, cov = (float(v[0]) for v in sufficiency_measures(xv[None, :], yv))
        title = f"{xname} → {yname}\ninclS = {incl:.3f}   PRI = {second:.3f}   covS = {cov:.3f}"
    else:
        incl, second, cov = (float(v[0]) for v in necessity_measures(xv[None, :], yv))
        title = f"{xname} ← {yname}\ninclN = {incl:.3f}   RoN = {second:.3f}   covN = {cov:.3f}"

    with publication_style():
        if ax is None:
            _, ax = plt.subplots(figsize=figsize("single", aspect=1.0))
        ax.plot([0, 1], [0, 1], color="#555555", linewidth=0.8, linestyle="--", zorder=1)
        ax.axhline(0.5, color="#BBBBBB", linewidth=0.5, zorder=0)
        ax.axvline(0.5, color="#BBBBBB", linewidth=0.5, zorder=0)
        ax.scatter(
            xv,
            yv,
            s=_POINT_SIZE,
            color=color or PALETTE[0],
            edgecolor="white",
            linewidth=0.4,
            zorder=3,
        )
        _label_points(ax, xv, yv, names)
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-0.02, 1.02)
        ax.set_aspect("equal")
        ticks = [0, 0.25, 0.5, 0.75, 1]
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.set_xlabel(xname)
        ax.set_ylabel(yname)
        ax.set_title(title, fontsize=6.5, linespacing=1.3)
    return ax


#: Points along the diagonal of an XY plot that the point labels are kept away from.
_DIAGONAL_POINTS = 81
#: Marker area of the cases in an XY plot (points squared).
_POINT_SIZE = 18


def _label_points(ax: Any, xv: np.ndarray, yv: np.ndarray, names: Sequence[str]) -> list[Any]:
    """Label the points: one label per position (names of cases on one spot joined by ", "),
    placed beside the points by adjustText so that labels overlap neither each other, nor the
    points, nor the diagonal (adjustText's random start is seeded, so the placement is the
    same on every run)."""
    if not names:
        return []
    from adjustText import adjust_text
    from matplotlib.transforms import Bbox

    spots: dict[tuple[float, float], list[str]] = {}
    for x_, y_, name in zip(xv, yv, names, strict=False):
        spots.setdefault((round(float(x_), 6), round(float(y_), 6)), []).append(name)
    texts = []
    for (x_, y_), group in spots.items():
        # start on the side of the diagonal the point lies on (up-left above it, down-right
        # below it), so that adjustText need not push the label across the line
        side = 1.0 if y_ >= x_ else -1.0
        texts.append(
            ax.annotate(
                ", ".join(group),
                (x_, y_),
                xytext=(x_ - side * 0.03, y_ + side * 0.03),
                textcoords="data",
                ha="right" if side > 0 else "left",
                va="bottom" if side > 0 else "top",
                fontsize=6,
                color="#333333",
                zorder=4,
            )
        )
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.02, 1.02)
    ax.set_aspect("equal")
    ax.figure.draw_without_rendering()
    # the dashed diagonal is an obstacle too: adjustText repels labels from points only, so
    # the diagonal enters as a dense row of points (no label may strike through it)
    diagonal = np.linspace(0.0, 1.0, _DIAGONAL_POINTS)
    # adjustText treats points as dimensionless; the dots (with 1 pt of margin) go in as
    # boxes too. adjustText 1.4 maps the boxes of ``objects`` through the texts' transform,
    # so they are given in data coordinates
    to_data = ax.transData.inverted()
    reach = (np.sqrt(_POINT_SIZE) / 2 + 1.0) * ax.figure.dpi / 72.0
    boxes = []
    for px, py in ax.transData.transform(np.column_stack([xv, yv])):
        boxes.append(Bbox(to_data.transform([[px - reach, py - reach], [px + reach, py + reach]])))
    adjust_text(
        texts,
        x=np.concatenate([np.asarray(xv, dtype=float), diagonal]),
        y=np.concatenate([np.asarray(yv, dtype=float), diagonal]),
        objects=boxes,
        ax=ax,
        expand=(1.3, 1.5),
        ensure_inside_axes=True,
        iter_lim=300,
        arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.4},
        min_arrow_len=8,
    )
    return texts


# ---------------------------------------------------------------- Venn diagram of a truth table


def _out_code(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "?"
    text = str(value).strip()
    if text in ("1", "1.0", "True"):
        return "1"
    if text in ("0", "0.0", "False"):
        return "0"
    if text.upper() == "C":
        return "C"
    if text in ("?", "-", "", "nan", "NA", "<NA>", "R"):
        return "?"
    raise QCAError(f"truth table column 'OUT': expected 1, 0, 'C' or '?', found {value!r}")


def _truth_table_frame(tt: object) -> tuple[pd.DataFrame, list[str]]:
    table = getattr(tt, "table", tt)
    if not isinstance(table, pd.DataFrame):
        raise ArgumentError(
            "tt", type(tt).__name__, "a TruthTable or a DataFrame shaped like its .table"
        )
    if "OUT" not in table.columns:
        raise ArgumentError(
            "tt", "no 'OUT' column", "a truth table with the columns conditions..., OUT, n"
        )
    conditions = getattr(tt, "conditions", None)
    if conditions is None:
        position = list(table.columns).index("OUT")
        conditions = list(table.columns[:position])
    conditions = [str(c) for c in conditions]
    return table, conditions


def venn_plot(
    tt: object,
    ax: Axes | None = None,
    *,
    show_counts: bool = True,
    legend: bool = True,
) -> Axes:
    """Venn diagram of a truth table with three to five conditions.

    Each condition is an ellipse (a circle for three); each of the ``2**k`` regions is one
    configuration (row) of the complete truth table. Regions are filled by the row's outcome
    code: 1, 0, contradiction (C), or remainder (a configuration without cases, or coded ``?``),
    and labelled with the number of cases ``n``. The legend counts the same thing, the cases
    per outcome code, so the numbers in the regions of one colour add up to its legend entry.
    Set names are written inside the frame of the diagram.

    Parameters
    ----------
    tt : TruthTable or DataFrame
        A :class:`~smartcase.qca.TruthTable`, or a DataFrame shaped like its ``.table``: the
        binary condition columns (those before ``OUT`` unless the object has ``.conditions``),
        ``OUT`` (1, 0, ``"C"``, ``"?"``) and ``n``. Rows that are absent are remainders.
    ax : matplotlib Axes, optional
        Axes to draw on; a new single-column figure when omitted.
    show_counts : bool, default True
        Write the number of cases in each region with cases.
    legend : bool, default True
        Add a legend of the outcome codes.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ArgumentError
        ``tt`` has no ``OUT`` column, or fewer than 3 or more than 5 conditions.
    QCAError
        A condition column is not binary (multi-value truth tables have no Venn diagram), an
        ``OUT`` code is unknown, or a configuration appears twice.

    See Also
    --------
    smartcase.qca.truth_table : Builds the truth table.

    Notes
    -----
    In R: ``venn(tt)`` from the ``venn`` package on a ``truthTable`` object. Region areas carry
    no meaning (the diagram is a Venn, not an area-proportional Euler diagram).

    References
    ----------
    Grünbaum, B. (1975). Venn diagrams and independent families of sets. *Mathematics
    Magazine*, 48(1), 12–23.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> tt = pd.DataFrame({"A": [1, 1, 0], "B": [1, 0, 0], "C": [1, 1, 0],
    ...                    "OUT": ["1", "C", "0"], "n": [3, 2, 4]})
    >>> ax = venn_plot(tt)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['OUT = 1 (3 cases)', 'OUT = 0 (4 cases)', 'contradiction (C) (2 cases)', 'remainder (0 cases)']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Ellipse, Patch, Rectangle
    from scipy import ndimage

    from ..style import figsize, publication_style

    table, conditions = _truth_table_frame(tt)
    k = len(conditions)
    if not 3 <= k <= 5:
        raise ArgumentError(
            "tt",
            f"{k} condition(s) ({', '.join(conditions)})",
            "3 to 5 conditions for a Venn diagram",
        )
    missing = [c for c in [*conditions, "n"] if c not in table.columns]
    if missing:
        raise ArgumentError(
            "tt", "no column " + ", ".join(map(repr, missing)), "the condition columns, OUT and n"
        )

    codes = {code: "?" for code in range(2**k)}
    counts = dict.fromkeys(range(2**k), 0)
    for label, row in table.iterrows():
        bits = []
        for c in conditions:
            value = row[c]
            try:
                number = float(value)
            except (TypeError, ValueError):
                number = np.nan
            if number not in (0.0, 1.0):
                raise QCAError(
                    f"truth table row {label!r}, column '{c}': expected 0 or 1 (Venn diagrams need "
                    f"binary conditions), found {value!r}"
                )
            bits.append(int(number))
        code = int("".join(map(str, bits)), 2)
        out = _out_code(row["OUT"])
        if counts[code] or codes[code] != "?":
            raise QCAError(f"truth table row {label!r}: configuration {bits} appears twice")
        n = int(row["n"]) if pd.notna(row["n"]) else 0
        codes[code] = "?" if n == 0 and out != "C" else out
        counts[code] = n

    xs, ys, grid = venn_regions(k)
    order = ["1", "0", "C", "?"]
    region_codes = np.array([order.index(codes[c]) for c in range(2**k)])
    cls_grid = region_codes[grid]

    with publication_style():
        if ax is None:
            _, ax = plt.subplots(figsize=figsize("single", aspect=1.0))
        for idx, key in enumerate(order):
            mask = (cls_grid == idx).astype(float)
            if mask.any() and key != "?":
                ax.contourf(
                    xs,
                    ys,
                    mask,
                    levels=[0.5, 1.5],
                    colors=[OUT_COLORS[key]],
                    alpha=_FILL_ALPHA,
                    antialiased=True,
                )
        x0, x1, y0, y1 = _frame(k)
        labels: list[Any] = []
        ax.add_patch(
            Rectangle(
                (x0, y0), x1 - x0, y1 - y0, fill=False, edgecolor="#333333", linewidth=0.7, zorder=3
            )
        )
        for i, shape in enumerate(VENN_SHAPES[k]):
            cx, cy, w, h, angle = shape
            ax.add_patch(
                Ellipse(
                    (cx, cy),
                    w,
                    h,
                    angle=angle,
                    fill=False,
                    edgecolor="#333333",
                    linewidth=0.7,
                    zorder=3,
                )
            )
            lx, ly = _set_label_position(k, i)
            labels.append(
                ax.text(
                    lx,
                    ly,
                    conditions[i],
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    fontweight="bold",
                    zorder=4,
                )
            )
        if show_counts:
            for code in range(2**k):
                if counts[code] == 0:
                    continue
                # the point of the region farthest from its edges (the frame counts as an edge)
                mask = np.pad(grid == code, 1)
                depth = ndimage.distance_transform_edt(mask)[1:-1, 1:-1]
                row, col = np.unravel_index(int(np.argmax(depth)), depth.shape)
                ax.text(
                    xs[col],
                    ys[row],
                    str(counts[code]),
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    zorder=5,
                )
        pad = 0.01 * (x1 - x0)
        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()
        if legend:
            n_cases = {key: sum(counts[c] for c in range(2**k) if codes[c] == key) for key in order}
            handles = [
                Patch(
                    facecolor=OUT_COLORS[key],
                    alpha=_FILL_ALPHA if key != "?" else 1.0,
                    edgecolor="#333333",
                    linewidth=0.5,
                    label=f"{_OUT_LABELS[key]} ({n_cases[key]} case{'' if n_cases[key] == 1 else 's'})",
                )
                for key in order
            ]
            ax.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, 0.0),
                ncol=2,
                fontsize=6.5,
                title="Number in a region: cases in that configuration" if show_counts else None,
                title_fontsize=6.5,
            )
        _keep_inside(ax, labels, (x0, x1, y0, y1))
    return ax


def _keep_inside(ax: Any, texts: Sequence[Any], frame: tuple[float, float, float, float]) -> None:
    """Move set names that cross the frame of the diagram back inside it (measured rendered)."""
    if not texts:
        return
    x0, x1, y0, y1 = frame
    ax.figure.draw_without_rendering()
    renderer = ax.figure.canvas.get_renderer()
    inv = ax.transData.inverted()
    margin = 0.03 * (x1 - x0)
    for t in texts:
        bb = t.get_window_extent(renderer)
        (bx0, by0), (bx1, by1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
        dx = max(0.0, x0 + margin - bx0) - max(0.0, bx1 - (x1 - margin))
        dy = max(0.0, y0 + margin - by0) - max(0.0, by1 - (y1 - margin))
        if dx or dy:
            x, y = t.get_position()
            t.set_position((x + dx, y + dy))


def _set_label_position(k: int, i: int) -> tuple[float, float]:
    """Where to write the name of set ``i``: just outside its outline, on the part of the outline
    farthest from the centre of the diagram that no other set covers."""
    shapes = VENN_SHAPES[k]
    cx, cy, w, h, angle = shapes[i]
    t = np.deg2rad(angle)
    s = np.linspace(0, 2 * np.pi, 720, endpoint=False)
    px = cx + w / 2 * np.cos(s) * np.cos(t) - h / 2 * np.sin(s) * np.sin(t)
    py = cy + w / 2 * np.cos(s) * np.sin(t) + h / 2 * np.sin(s) * np.cos(t)
    free = np.ones(s.size, dtype=bool)
    for j, other in enumerate(shapes):
        if j != i:
            free &= ~_inside(px, py, other)
    centre = np.mean([sh[:2] for sh in shapes], axis=0)
    dist = np.hypot(px - centre[0], py - centre[1])
    dist[~free] = -np.inf
    best = int(np.argmax(dist))
    direction = np.array([px[best] - centre[0], py[best] - centre[1]])
    direction /= np.linalg.norm(direction)
    point = np.array([px[best], py[best]]) + 0.14 * direction
    return float(point[0]), float(point[1])


# --------------------------------------------------------------------------- case types
#: Point colours of the case types of :func:`xy_plot_case_types` (Okabe-Ito).
CASE_TYPE_COLORS: dict[str, str] = {
    "typical": "#0072B2",  # blue
    "deviant in degree": "#56B4E9",  # sky blue
    "deviant consistency": "#D55E00",  # vermillion
    "deviant coverage": "#E69F00",  # orange
    "individually irrelevant": "#999999",  # grey
    "": "#000000",  # a membership of exactly 0.5: no type
}


def xy_plot_case_types(
    solution: Any,
    *,
    model: int = 0,
    term: str | None = None,
    ax: Axes | None = None,
    labels: bool = True,
    legend: bool = True,
) -> Axes:
    """XY plot of a sufficient solution with each case coloured by its case type.

    The x axis is the membership in the solution (or in one of its terms), the y axis the
    membership in the outcome; the colours mark the types of set-theoretic multi-method
    research (:func:`smartcase.qca.case_types`): typical, deviant in degree, deviant
    consistency, deviant coverage and individually irrelevant cases.

    Parameters
    ----------
    solution : Solution
        A result of :func:`~smartcase.qca.minimize` (crisp or fuzzy conditions).
    model : int, default 0
        The model (counted from 0).
    term : str, optional
        Plot one term of the model instead of the whole solution (types then refer to the
        term: X > 0.5 and Y > 0.5 with X <= Y is typical, and so on).
    ax : matplotlib Axes, optional
        Axes to draw on; a new single-column figure when omitted.
    labels : bool, default True
        Label the points with the case names.
    legend : bool, default True
        Add a legend of the case types present.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        Not a Solution; ``model`` out of range; ``term`` not a term of the model.
    QCAError
        Multi-value conditions.

    See Also
    --------
    xy_plot : the plot without case types; smartcase.qca.smmr : ranked cases of each type.

    Notes
    -----
    Drawn by :func:`xy_plot` (fit in the title, diagonal, crossover lines) with one colour
    per case (:data:`CASE_TYPE_COLORS`). SetMethods draws the types with ``pimplot``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from smartcase.qca.datasets import load_dataset
    >>> from smartcase.qca import truth_table, minimize, xy_plot_case_types
    >>> sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    >>> ax = xy_plot_case_types(sol)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['typical', 'deviant in degree', 'deviant coverage', 'individually irrelevant']
    >>> import matplotlib.pyplot as plt
    >>> plt.close("all")
    """
    from matplotlib.lines import Line2D

    from ..style import publication_style
    from .case_selection import case_types

    table = case_types(solution, model=model)
    outcome = str(solution.outcome)
    if term is None:
        x = table["solution"].rename(str(solution.models[model]))
        kinds = table["type"]
    else:
        terms = [str(t) for t in solution.models[model].terms]
        if term not in terms:
            raise ArgumentError(
                "term", repr(term), "a term of the model (" + ", ".join(terms) + ")"
            )
        x = table[term].rename(term)
        y0 = table["outcome"]
        kinds = pd.Series("", index=table.index, dtype=object)
        kinds[(x > 0.5) & (y0 > 0.5) & (x <= y0)] = "typical"
        kinds[(x > 0.5) & (y0 > 0.5) & (x > y0)] = "deviant in degree"
        kinds[(x > 0.5) & (y0 < 0.5)] = "deviant consistency"
        kinds[(x < 0.5) & (y0 > 0.5)] = "deviant coverage"
        kinds[(x < 0.5) & (y0 < 0.5)] = "individually irrelevant"
    y = table["outcome"].rename(outcome)
    colors = [CASE_TYPE_COLORS[k] for k in kinds]
    ax = xy_plot(x, y, relation="sufficiency", ax=ax, labels=False, color=colors)  # type: ignore[arg-type]
    if legend:
        present = [k for k in CASE_TYPE_COLORS if k and (kinds == k).any()]
        handles = [
            Line2D(
                [], [], marker="o", markersize=4, linestyle="", color=CASE_TYPE_COLORS[k], label=k
            )
            for k in present
        ]
        with publication_style():
            # above the plot, under the title: inside, it would cover points or their labels
            key = ax.legend(
                handles=handles,
                loc="lower center",
                bbox_to_anchor=(0.5, 1.0),
                ncols=2,
                fontsize=6,
                frameon=False,
                borderaxespad=0.2,
                columnspacing=1.2,
                handletextpad=0.2,
            )
            fig = ax.get_figure(root=True)
            fig.draw_without_rendering()  # type: ignore[union-attr]
            height = key.get_window_extent().height * 72.0 / fig.dpi  # type: ignore[union-attr]
            ax.set_title(ax.get_title(), pad=height + 4.0, fontsize=6.5, linespacing=1.3)
    if labels:  # last, once the legend has settled the size of the plot
        _label_points(
            ax, x.to_numpy(dtype=float), y.to_numpy(dtype=float), [str(c) for c in table.index]
        )
    return ax
