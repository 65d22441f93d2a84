"""Similarity and typology of the cases: profile distances, clustering and the three-element map.

* :func:`case_distances` — distances between the cases' code profiles (Gower, Manhattan or
  Euclidean).
* :func:`cluster_cases` — agglomerative hierarchical clustering of those distances (SciPy),
  returned as a :class:`Typology`; :func:`dendrogram_plot` draws it.
* :func:`element_profile` — which of the three ideal-typical elements (technology, capacity,
  institutions) is *established* in each case, by a documented threshold rule;
  :func:`three_set_plot` places every case in the region of a three-set diagram that matches
  the elements established in it.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> d = case_distances(book)
>>> bool((d.values.diagonal() == 0).all())
True
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .errors import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.text import Text

    from .casebook import CaseBook

__all__ = [
    "case_distances",
    "cluster_cases",
    "Typology",
    "dendrogram_plot",
    "element_profile",
    "three_set_plot",
    "DEFAULT_THRESHOLD",
    "METRICS",
    "LINKAGE_METHODS",
]

Metric = Literal["gower", "manhattan", "euclidean"]
Method = Literal["average", "complete", "single", "ward"]
#: Distance measures of :func:`case_distances`.
METRICS: tuple[str, ...] = ("gower", "manhattan", "euclidean")
#: Linkage methods of :func:`cluster_cases` (``'ward'`` needs ``metric='euclidean'``).
LINKAGE_METHODS: tuple[str, ...] = ("average", "complete", "single", "ward")
#: Element score from which :func:`element_profile` counts an element as established.
DEFAULT_THRESHOLD = 0.5
_NEUTRAL = "#555555"
#: Colours (from the Okabe-Ito palette, dark first) for groups that GROUP_COLORS does not name.
_FALLBACK_GROUP_COLORS = ("#000000", "#CC79A7", "#009E73", "#E69F00", "#56B4E9")


def _choice(argument: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ArgumentError(argument, repr(value), "one of " + ", ".join(map(repr, allowed)))


def _check_coder(book: CaseBook, coder: str) -> None:
    if coder not in book.coder_ids:
        raise ArgumentError("coder", repr(coder), "one of " + ", ".join(map(repr, book.coder_ids)))


# ------------------------------------------------------------------ distances
def case_distances(
    book: CaseBook,
    *,
    level: Literal["subdimension", "element"] = "subdimension",
    metric: Metric = "gower",
    coder: str = "ref",
    outcome: bool = False,
) -> pd.DataFrame:
    """Distances between the cases' code profiles.

    Parameters
    ----------
    book : CaseBook
        The case base.
    level : {'subdimension', 'element'}, default 'subdimension'
        Profile of sub-dimension codes (0-3) or of element scores (0-1).
    metric : {'gower', 'manhattan', 'euclidean'}, default 'gower'
        ``'gower'``: the mean over the profile's variables of ``|x - y| / R``, where *R* is the
        range of the scale (3 for codes, 1 for element scores), so distances lie in [0, 1];
        ``'manhattan'``: the sum of ``|x - y|``; ``'euclidean'``: the square root of the sum of
        ``(x - y)**2``.
    coder : str, default 'ref'
        Whose codes.
    outcome : bool, default False
        Include the outcome in the profile (off by default, so that similarity rests on the
        conditions only).

    Returns
    -------
    pandas.DataFrame
        Square, symmetric, zero diagonal; cases as index and columns.

    Raises
    ------
    ArgumentError
        Unknown ``level``, ``metric`` or coder; two cases without a variable coded in both.

    Notes
    -----
    Gower (1971) scales each variable by its range. smartcase uses the range of the rubric (0-3)
    rather than the range observed among the cases, so that a pair's distance does not change
    when a case is added, and treats the ordinal codes as equally spaced (the rubric's levels
    are written as equal steps). Gower's coefficient then equals the Manhattan distance divided
    by ``3 * p`` for *p* variables. Variables a case was not coded on are skipped for pairs
    involving it (Gower) or the sum is scaled up by ``p / p_shared`` (Manhattan, Euclidean).

    References
    ----------
    Gower, J. C. (1971). A general coefficient of similarity and some of its properties.
    *Biometrics*, 27(4), 857-871.

    Examples
    --------
    >>> import smartcase
    >>> d = case_distances(smartcase.load_cases(), metric="manhattan")
    >>> bool((d == d.T).all().all())
    True
    """
    _choice("level", level, ("subdimension", "element"))
    _choice("metric", metric, METRICS)
    _check_coder(book, coder)
    if level == "subdimension":
        profile = (
            book.code_matrix("subdimension", coder=coder, outcome=outcome)
            .astype("Float64")
            .astype("float64")
        )
        scale = 3.0
    else:
        profile = book.code_matrix("element", coder=coder, outcome=outcome)
        scale = 1.0
    values = profile.to_numpy(dtype=float)
    n, p = values.shape
    out = np.zeros((n, n))
    ids = list(profile.index)
    for i in range(n):
        for j in range(i + 1, n):
            shared = ~np.isnan(values[i]) & ~np.isnan(values[j])
            k = int(shared.sum())
            if k == 0:
                raise ArgumentError(
                    "book",
                    f"cases {ids[i]!r} and {ids[j]!r} share no coded variable",
                    "cases coded on common variables",
                )
            diff = np.abs(values[i, shared] - values[j, shared])
            if metric == "gower":
                d = float(diff.mean() / scale)
            elif metric == "manhattan":
                d = float(diff.sum() * p / k)
            else:
                d = float(math.sqrt((diff**2).sum() * p / k))
            out[i, j] = out[j, i] = d
    frame = pd.DataFrame(out, index=pd.Index(ids, name="case_id"), columns=ids)
    return frame


# ----------------------------------------------------------------- clustering
@dataclass(frozen=True, repr=False)
class Typology:
    """A hierarchical clustering of the cases.

    Attributes
    ----------
    distances : pandas.DataFrame
        The case-by-case distances clustered.
    linkage : numpy.ndarray
        SciPy linkage matrix (``n - 1`` rows: the two clusters merged, the height, the size).
    method, metric, level, coder : str
        How it was computed.
    cophenetic : float
        Cophenetic correlation: how faithfully the tree keeps the distances (1 = exactly);
        ``nan`` with fewer than three cases.
    """

    distances: pd.DataFrame
    linkage: np.ndarray
    method: str
    metric: str
    level: str
    coder: str
    cophenetic: float

    @property
    def case_ids(self) -> tuple[str, ...]:
        """Cases in the order of the distance matrix."""
        return tuple(self.distances.index)

    def clusters(self, k: int) -> pd.Series:
        """Cut the tree into ``k`` clusters.

        Returns
        -------
        pandas.Series
            Cluster number (1..k, numbered by first appearance in the case order) by case id.

        Raises
        ------
        ArgumentError
            ``k`` not between 1 and the number of cases.
        """
        from scipy.cluster.hierarchy import fcluster

        n = len(self.case_ids)
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or not 1 <= k <= n:
            raise ArgumentError("k", repr(k), f"an integer between 1 and {n}")
        raw = fcluster(self.linkage, t=k, criterion="maxclust")
        renumber: dict[int, int] = {}
        for lab in raw:
            renumber.setdefault(int(lab), len(renumber) + 1)
        return pd.Series(
            [renumber[int(lab)] for lab in raw],
            index=pd.Index(self.case_ids, name="case_id"),
            name="cluster",
        )

    def to_frame(self) -> pd.DataFrame:
        """The merge steps of the clustering, one row per step.

        Returns
        -------
        DataFrame
            ``step``, ``merged`` (the cases joined, as text), ``height`` (the distance at
            which they join) and ``size`` (cases in the new cluster).

        Examples
        --------
        >>> import smartcase
        >>> typ = smartcase.cluster_cases(smartcase.load_cases())
        >>> typ.to_frame().columns.tolist(), len(typ.to_frame()) == len(typ.case_ids) - 1
        (['step', 'merged', 'height', 'size'], True)
        """
        ids = list(self.case_ids)
        members: dict[int, list[str]] = {i: [c] for i, c in enumerate(ids)}
        rows = []
        for step, (a, b, h, size) in enumerate(self.linkage, start=1):
            left, right = members[int(a)], members[int(b)]
            members[len(ids) + step - 1] = left + right
            rows.append(
                {
                    "step": step,
                    "merged": "{" + ", ".join(left) + "} + {" + ", ".join(right) + "}",
                    "height": float(h),
                    "size": int(size),
                }
            )
        return pd.DataFrame(rows, columns=["step", "merged", "height", "size"])

    def __repr__(self) -> str:
        head = f"Typology: {len(self.case_ids)} cases, {self.method} linkage on {self.metric} distances ({self.level} codes of {self.coder!r}); cophenetic r = {self.cophenetic:.3f}"
        return head + "\n" + self.to_frame().to_string(index=False)

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(repr(self).splitlines()[0])}</p>" + self.to_frame().to_html(
            index=False
        )


def cluster_cases(
    book: CaseBook,
    *,
    method: Method = "average",
    metric: Metric = "gower",
    level: Literal["subdimension", "element"] = "subdimension",
    coder: str = "ref",
    outcome: bool = False,
) -> Typology:
    """Agglomerative hierarchical clustering of the case profiles.

    Parameters
    ----------
    book : CaseBook
        The case base (at least two cases).
    method : {'average', 'complete', 'single', 'ward'}, default 'average'
        Linkage (SciPy ``linkage``). Average linkage (UPGMA) suits any distance; Ward's method
        assumes Euclidean distances and is refused with another metric.
    metric, level, coder, outcome
        As in :func:`case_distances`.

    Returns
    -------
    Typology

    Raises
    ------
    ArgumentError
        Fewer than two cases; ``'ward'`` with a non-Euclidean metric; bad choices.

    Examples
    --------
    >>> import smartcase
    >>> typ = cluster_cases(smartcase.load_cases())
    >>> typ.linkage.shape[0] == len(typ.case_ids) - 1
    True
    """
    from scipy.cluster.hierarchy import cophenet, linkage
    from scipy.spatial.distance import squareform

    _choice("method", method, LINKAGE_METHODS)
    if method == "ward" and metric != "euclidean":
        raise ArgumentError(
            "method",
            "'ward' with metric " + repr(metric),
            "metric='euclidean' for Ward's method, or another linkage",
        )
    if len(book.case_ids) < 2:
        raise ArgumentError("book", f"{len(book.case_ids)} case", "at least two cases to cluster")
    dist = case_distances(book, level=level, metric=metric, coder=coder, outcome=outcome)
    condensed = squareform(dist.to_numpy(), checks=False)
    z = linkage(condensed, method=method)
    coph = (
        float(cophenet(z, condensed)[0]) if len(dist) >= 3 and np.ptp(condensed) > 0 else math.nan
    )
    return Typology(
        distances=dist,
        linkage=z,
        method=method,
        metric=metric,
        level=level,
        coder=coder,
        cophenetic=coph,
    )


def _group_colors(book: CaseBook) -> dict[str, str]:
    from .style import GROUP_COLORS

    spare = [c for c in _FALLBACK_GROUP_COLORS if c not in GROUP_COLORS.values()]
    colors: dict[str, str] = {}
    groups = book.cases["group"] if "group" in book.cases.columns else pd.Series(dtype=object)
    for g in dict.fromkeys(groups.dropna()):
        colors[str(g)] = GROUP_COLORS.get(str(g)) or (spare.pop(0) if spare else _NEUTRAL)
    return colors


def _case_color(book: CaseBook, case: str, colors: dict[str, str]) -> str:
    g = book.cases.at[case, "group"] if "group" in book.cases.columns else None
    return colors.get(str(g), _NEUTRAL) if g is not None and not pd.isna(g) else _NEUTRAL


def dendrogram_plot(
    book: CaseBook,
    *,
    method: Method = "average",
    metric: Metric = "gower",
    level: Literal["subdimension", "element"] = "subdimension",
    coder: str = "ref",
    ax: Axes | None = None,
) -> Axes:
    """Dendrogram of the cases' profiles, each leaf marked in its group's colour.

    Parameters
    ----------
    book : CaseBook
        The case base (at least two cases).
    method, metric, level, coder
        As in :func:`cluster_cases`.
    ax : matplotlib Axes, optional
        Where to draw; default a new single-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import smartcase
    >>> ax = dendrogram_plot(smartcase.load_cases())
    >>> ax.get_xlabel().startswith("Gower")
    True
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from scipy.cluster.hierarchy import dendrogram

    from .style import figsize, publication_style

    typ = cluster_cases(book, method=method, metric=metric, level=level, coder=coder)
    names = [str(book.cases.at[c, "name"]) for c in typ.case_ids]
    colors = _group_colors(book)
    with publication_style():
        if ax is None:
            _, ax = plt.subplots(figsize=figsize("single", aspect=0.55))
        dendrogram(
            typ.linkage,
            labels=names,
            orientation="right",
            ax=ax,
            color_threshold=0,
            above_threshold_color="#333333",
            leaf_font_size=6.5,
        )
        by_name = dict(zip(names, typ.case_ids, strict=True))
        for label, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True):
            # a group-coloured marker at each leaf; the names stay dark for legibility
            ax.plot(
                [0],
                [y],
                marker="s",
                markersize=4,
                linestyle="",
                clip_on=False,
                zorder=3,
                color=_case_color(book, by_name[label.get_text()], colors),
                gid=f"leaf-{by_name[label.get_text()]}",
            )
        metric_name = {
            "gower": "Gower distance",
            "manhattan": "Manhattan distance",
            "euclidean": "Euclidean distance",
        }[metric]
        ax.set_xlabel(f"{metric_name}, {method} linkage")
        ax.spines["left"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        if colors:
            handles = [
                Line2D([], [], marker="s", linestyle="", color=c, label=g)
                for g, c in colors.items()
            ]
            ax.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(0.0, 1.0),
                ncols=len(handles),
                title=None,
                borderaxespad=0.2,
            )
    return ax


# ------------------------------------------------------------ element profile
def element_profile(
    book: CaseBook,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    coder: str = "ref",
) -> pd.DataFrame:
    """Which of the three elements is established in each case.

    Rule: an element is *established* in a case when its element score — the mean code of
    its sub-dimensions divided by 3 — is at least ``threshold``. With the default 0.5 the case
    is at least half-way from 'absent' to 'established' on that element on average (mean code
    of 1.5 or more), the cross-over point of a fuzzy-set calibration.

    Parameters
    ----------
    book : CaseBook
        The case base.
    threshold : float, default 0.5
        Minimum element score, in (0, 1].
    coder : str, default 'ref'
        Whose codes.

    Returns
    -------
    pandas.DataFrame
        Indexed by case id: ``<element>_score`` for each element, ``<element>`` (bool, the
        element is established), ``n_established`` and ``established`` (the element ids joined
        by ``'+'``, or ``'none'``).

    Raises
    ------
    ArgumentError
        ``threshold`` outside (0, 1]; unknown coder.

    Examples
    --------
    >>> import smartcase
    >>> prof = element_profile(smartcase.load_cases())
    >>> prof.columns[:3].tolist()
    ['technology_score', 'capacity_score', 'institutions_score']
    """
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 < threshold <= 1
    ):
        raise ArgumentError("threshold", repr(threshold), "a number in (0, 1]")
    _check_coder(book, coder)
    scores = book.code_matrix("element", coder=coder)
    elements = list(book.framework.element_ids)
    out = pd.DataFrame(index=scores.index)
    for e in elements:
        out[f"{e}_score"] = scores[e]
    for e in elements:
        out[e] = (scores[e] >= threshold - 1e-12).fillna(False).astype(bool)
    out["n_established"] = out[elements].sum(axis=1).astype("int64")
    out["established"] = [
        "+".join(e for e in elements if out.at[c, e]) or "none" for c in out.index
    ]
    out.attrs = {}
    return out


_CENTRES = ((-0.525, 0.3031), (0.525, 0.3031), (0.0, -0.6062))
_RADIUS = 1.0
#: Least distance (data units) between a case name's frame and the edge of its region.
_MARGIN = 0.035


def _region_clearance(key: tuple[bool, bool, bool], xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Signed distance of points to the edge of a region (positive inside it)."""
    out = np.full(np.broadcast(xs, ys).shape, np.inf)
    for (cx, cy), inside in zip(_CENTRES, key, strict=True):
        d = np.hypot(xs - cx, ys - cy) - _RADIUS
        out = np.minimum(out, -d if inside else d)
    return out


def _place_box(
    key: tuple[bool, bool, bool],
    width: float,
    height: float,
    taken: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[float, float] | None:
    """Centre of a width x height box lying inside the region ``key``, as deep in it as
    possible and clear of the boxes already ``taken`` ((x, y, width, height)); None when no
    such place exists."""
    step = 0.02
    grid = np.arange(-1.6, 1.6 + step / 2, step)
    gx, gy = (a.ravel() for a in np.meshgrid(grid, grid))
    # only centres deep enough for the box's shorter half can hold it
    deep = _region_clearance(key, gx, gy) >= min(width, height) / 2 + _MARGIN
    for tx, ty, tw, th in taken:
        sep = np.maximum(np.abs(gx - tx) - (width + tw) / 2, np.abs(gy - ty) - (height + th) / 2)
        deep &= sep >= 0.02
    gx, gy = gx[deep], gy[deep]
    if gx.size == 0:
        return None
    fx = np.linspace(-0.5, 0.5, 7) * width
    fy = np.linspace(-0.5, 0.5, 5) * height
    px, py = (a.ravel() for a in np.meshgrid(fx, fy))
    clearance = _region_clearance(key, gx[:, None] + px[None, :], gy[:, None] + py[None, :]).min(
        axis=1
    )
    best = int(np.argmax(clearance))
    if clearance[best] < _MARGIN:
        return None
    return round(float(gx[best]), 4), round(float(gy[best]), 4)


def three_set_plot(
    book: CaseBook,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    coder: str = "ref",
    ax: Axes | None = None,
) -> Axes:
    """Three-set diagram placing each case in the region of the elements established in it.

    One circle per element (technology, capacity, institutions, in framework order and in
    :data:`smartcase.style.ELEMENT_COLORS`); each case's name is written in the region that
    matches :func:`element_profile` (e.g. inside technology and institutions but outside
    capacity). When a region cannot hold all its names, they are listed beside the circles
    with lines pointing into the region. Cases with no established element are listed outside
    the circles. Names are
    framed in their group's colour (:data:`smartcase.style.GROUP_COLORS`).

    Parameters
    ----------
    book : CaseBook
        The case base; its framework must have exactly three elements.
    threshold : float, default 0.5
        As in :func:`element_profile`.
    coder : str, default 'ref'
        Whose codes.
    ax : matplotlib Axes, optional
        Where to draw; default a new single-column figure.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ArgumentError
        A framework without exactly three elements; a bad ``threshold`` or coder.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> ax = three_set_plot(book)
    >>> names = {t.get_text() for t in ax.texts}
    >>> set(book.cases["name"]) <= names
    True
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle

    from .style import ELEMENT_COLORS, PALETTE, figsize, publication_style, root_figure

    elements = list(book.framework.element_ids)
    if len(elements) != 3:
        raise ArgumentError(
            "book",
            f"a framework with {len(elements)} elements",
            "exactly three elements for a three-set diagram",
        )
    prof = element_profile(book, threshold=threshold, coder=coder)
    colors = _group_colors(book)
    placed: dict[tuple[bool, bool, bool], list[str]] = {}
    for c in prof.index:
        key = tuple(bool(prof.at[c, e]) for e in elements)
        placed.setdefault(key, []).append(c)  # type: ignore[arg-type]
    with publication_style():
        if ax is None:
            _, ax = plt.subplots(figsize=figsize("single", aspect=0.95))
        ax.set_xlim(-1.8, 2.3)
        ax.set_ylim(-1.9, 1.85)
        ax.set_aspect("equal")
        ax.set_axis_off()
        label_pos = ((-1.15, 1.55), (1.15, 1.55), (0.0, -1.8))
        for k, e in enumerate(elements):
            color = ELEMENT_COLORS.get(e, PALETTE[k])
            ax.add_patch(
                Circle(
                    _CENTRES[k],
                    _RADIUS,
                    facecolor=color,
                    alpha=0.15,
                    edgecolor=color,
                    linewidth=1.0,
                )
            )
            x, y = label_pos[k]
            label = textwrap.fill(str(book.framework.elements.at[e, "label"]), 20)
            ax.text(
                x,
                y,
                label,
                ha="center",
                va="center",
                color=color,
                fontsize=7,
                fontweight="bold",
                linespacing=1.1,
            )

        def frame(case: str) -> dict[str, Any]:
            return {
                "boxstyle": "round,pad=0.15",
                "facecolor": "white",
                "edgecolor": _case_color(book, case, colors),
                "linewidth": 0.9,
            }

        def name_box(x: float, y: float, case: str, **kw: Any) -> Text:
            return ax.text(
                x,
                y,
                str(book.cases.at[case, "name"]),
                ha=kw.pop("ha", "center"),
                va="center",
                fontsize=6.5,
                color="#1a1a1a",
                bbox=frame(case),
                gid=f"case-{case}",
                **kw,
            )

        if colors:
            from matplotlib.patches import Patch

            handles = [
                Patch(facecolor="white", edgecolor=c, linewidth=0.9, label=g)
                for g, c in colors.items()
            ]
            ax.legend(
                handles=handles,
                loc="lower left",
                bbox_to_anchor=(0.0, 0.0),
                title=None,
                handlelength=1.0,
            )
        ax.set_title(
            f"Elements reached: element score (mean code) \u2265 {threshold * 3:g}", fontsize=7
        )
        # the size of a framed name, in data units, measured in the rendered figure
        probe = {c: name_box(0.0, 0.0, c) for cs in placed.values() for c in cs}
        fig = root_figure(ax)
        fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg canvases have it
        inv = ax.transData.inverted()
        size: dict[str, tuple[float, float]] = {}
        for c, t in probe.items():
            box = t.get_bbox_patch()  # every name is framed (bbox=frame(case)), so never None
            bb = (t if box is None else box).get_window_extent(renderer)
            (x0, y0), (x1, y1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
            size[c] = (float(x1 - x0), float(y1 - y0))
            t.remove()
        overflow: list[tuple[str, tuple[float, float]]] = []
        for key, cases in placed.items():
            if not any(key):
                continue
            taken: list[tuple[float, float, float, float]] = []
            width = max(size[c][0] for c in cases)
            line = max(size[c][1] for c in cases) * 1.15
            block = _place_box(key, width, line * len(cases))
            if block is not None:  # a stack of names, one under the other
                top = block[1] + line * (len(cases) - 1) / 2
                taken = [(block[0], top - i * line, width, line) for i in range(len(cases))]
            else:  # one by one, wherever each fits
                for c in cases:
                    spot = _place_box(key, size[c][0], size[c][1], taken)
                    if spot is None:
                        break
                    taken.append((spot[0], spot[1], size[c][0], size[c][1]))
            if len(taken) < len(cases):
                # too many names for the region: list them beside the circles, pointing into it
                target = _place_box(key, 0.05, 0.05) or (0.0, 0.0)
                overflow += [(c, target) for c in cases]
                continue
            # read top to bottom, left to right in case order
            spots = sorted(((-y, x) for x, y, _, _ in taken))
            for c, (neg_y, x) in zip(cases, spots, strict=True):
                name_box(x, -neg_y, c)
        y = 1.1
        for c, target in overflow:
            ax.annotate(
                str(book.cases.at[c, "name"]),
                xy=target,
                xytext=(1.6, y),
                ha="left",
                va="center",
                fontsize=6.5,
                color="#1a1a1a",
                bbox=frame(c),
                arrowprops={
                    "arrowstyle": "-",
                    "color": "#555555",
                    "linewidth": 0.5,
                    "shrinkA": 0,
                    "shrinkB": 0,
                },
            )
            y -= 0.22
        outside = placed.get((False, False, False), [])
        if outside:
            x0, y0 = 1.25, -1.05
            ax.text(
                x0,
                y0 + 0.24,
                "None reached:",
                ha="left",
                va="center",
                fontsize=6.5,
                color="#333333",
                style="italic",
            )
            for i, c in enumerate(outside):
                name_box(x0 + 0.04, y0 - i * 0.24, c, ha="left")
    return ax
