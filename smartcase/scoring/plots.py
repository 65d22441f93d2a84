"""Pictures of composite scores: element bars with uncertainty bands, rank frequencies, radar charts.

Every function takes ``ax=None`` (a new figure sized for a journal column when omitted), draws
inside :func:`smartcase.style.publication_style`, and returns the Axes. Element colours come from
:data:`smartcase.style.ELEMENT_COLORS` (other groups from :data:`~smartcase.style.PALETTE`), with
hatches as a second cue in greyscale print.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import pandas as pd
>>> from smartcase.scoring import composite
>>> codes = pd.DataFrame({"s1": [3, 1, 2], "s2": [2, 0, 3], "s3": [1, 3, 2]}, index=["x", "y", "z"])
>>> scores = composite(codes, mapping={"s1": "technology", "s2": "technology", "s3": "capacity"})
>>> ax = plot_element_scores(scores)
>>> [t.get_text() for t in ax.get_xticklabels()]
['x', 'y', 'z']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..style import ELEMENT_COLORS, HATCHES, PALETTE, figsize, publication_style
from .errors import ScoringArgumentError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_element_scores", "plot_rank_frequency", "plot_radar"]

_ZERO_TO_100 = {"goalposts", "minmax", "rank"}
#: Edge colour of the nominal-rank squares (Okabe-Ito vermillion: visible on dark and light cells).
NOMINAL_EDGE = "#D55E00"


def _element_columns(scores: pd.DataFrame) -> list[str]:
    return [c for c in scores.columns if c not in ("index", "rank")]


def _label(labels: Any, key: Any) -> str:
    """Display name of a case or score column (``labels`` maps ids to names; ids by default)."""
    if labels is None:
        return str(key)
    try:
        return str(labels.get(key, key))
    except AttributeError:
        raise ScoringArgumentError(
            "labels", type(labels).__name__, "a mapping or Series from ids to display names"
        ) from None


def _color(name: str, i: int) -> str:
    return ELEMENT_COLORS.get(name, PALETTE[i % len(PALETTE)])


def _new_axes(
    ax: Axes | None,
    *,
    polar: bool = False,
    width: Literal["single", "double"] = "single",
    aspect: float = 0.75,
) -> Axes:
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _, new = plt.subplots(
        figsize=figsize(width, aspect=aspect), subplot_kw={"projection": "polar"} if polar else None
    )
    return new


def plot_element_scores(
    scores: pd.DataFrame | None = None,
    uncertainty: Any = None,
    *,
    ax: Axes | None = None,
    include_index: bool = True,
    labels: Any = None,
    scale: float = 1.0,
    ylabel: str | None = None,
    levels: Any = None,
) -> Axes:
    """Grouped bars of each case's element scores (and index), with 5-95 % uncertainty bands.

    Parameters
    ----------
    scores : DataFrame, optional
        A :func:`~smartcase.scoring.composite` result (default: the uncertainty result's nominal
        scores).
    uncertainty : UncertaintyResult, optional
        Draws whiskers from the 5th to the 95th percentile of each element score over the
        replications on the common 0-100 scale (see ``element_summary``).
    ax : matplotlib Axes, optional
    include_index : bool, default True
        Also draw the overall index as a hatched grey bar.
    labels : mapping or Series, optional
        Display names for case ids and score columns (e.g. city names, element labels);
        ids are shown where a name is missing.
    scale : float, default 1.0
        Multiply scores and whiskers by this factor for display: ``0.03`` shows goalpost
        scores (0-100) on the 0-3 scale of mean codes.
    ylabel : str, optional
        Label of the score axis (default ``'score (0-100)'`` or ``'score'``).
    levels : sequence of str, optional
        Labels of the ticks 0, 1, 2, ... of the displayed scale (e.g. the rubric levels).

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ScoringArgumentError
        Neither ``scores`` nor ``uncertainty`` given, or a scale that is not positive.
    """
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not scale > 0:
        raise ScoringArgumentError("scale", repr(scale), "a positive number")
    if scores is None:
        if uncertainty is None:
            raise ScoringArgumentError(
                "scores", "None", "a composite DataFrame or an uncertainty result"
            )
        scores = uncertainty.nominal
    elements = _element_columns(scores)
    series = elements + (["index"] if include_index and "index" in scores.columns else [])
    cases = list(scores.index)
    band = None
    if uncertainty is not None and getattr(uncertainty, "element_summary", None) is not None:
        band = uncertainty.element_summary.set_index(["case_id", "element_id"])
    with publication_style():
        ax = _new_axes(ax, width="double", aspect=0.42)
        width = 0.8 / len(series)
        x = np.arange(len(cases))
        for i, name in enumerate(series):
            vals = scores[name].to_numpy(dtype=float) * scale
            color = "#999999" if name == "index" else _color(name, i)
            hatch = "///" if name == "index" else HATCHES[i % len(HATCHES)]
            pos = x - 0.4 + width * (i + 0.5)
            ax.bar(
                pos,
                vals,
                width=width * 0.92,
                color=color,
                hatch=hatch,
                edgecolor="white",
                linewidth=0.4,
                label=_label(labels, name),
            )
            if band is not None and name in elements:
                lo = np.array([band.loc[(c, name), "q05"] for c in cases], dtype=float) * scale
                hi = np.array([band.loc[(c, name), "q95"] for c in cases], dtype=float) * scale
                ax.errorbar(
                    pos,
                    vals,
                    yerr=[np.clip(vals - lo, 0, None), np.clip(hi - vals, 0, None)],
                    fmt="none",
                    ecolor="black",
                    elinewidth=0.6,
                    capsize=1.5,
                )
        ax.set_xticks(x)
        ax.set_xticklabels([_label(labels, c) for c in cases])
        norm = scores.attrs.get("normalize")
        if ylabel is None:
            ylabel = (
                "score (0-100)"
                if norm in _ZERO_TO_100
                and scores.attrs.get("aggregation") != "copeland"
                and scale == 1.0
                else "score"
            )
        ax.set_ylabel(ylabel)
        if levels is not None:
            ax.set_yticks(range(len(levels)), list(levels))
            ax.set_ylim(0, len(levels) - 1)
        handles, names = ax.get_legend_handles_labels()
        if band is not None:
            from matplotlib.lines import Line2D

            n_used = int(uncertainty.element_summary["n_used"].iloc[0])
            handles.append(Line2D([], [], color="black", linewidth=0.6, marker="_", markersize=4))
            names.append(f"5th-95th percentile over {n_used:,} replications")
        ax.figure.legend(
            handles, names, ncols=min(len(handles), 3), loc="outside upper center", fontsize=6.5
        )
    return ax


def plot_rank_frequency(
    result: Any, *, ax: Axes | None = None, annotate: bool = True, labels: Any = None
) -> Axes:
    """Heat map of the share of replications giving each case each rank; squares mark the nominal rank.

    Parameters
    ----------
    result : UncertaintyResult
    ax : matplotlib Axes, optional
    annotate : bool, default True
        Write the share in each cell.
    labels : mapping or Series, optional
        Display names for case ids.

    Returns
    -------
    matplotlib.axes.Axes
    """
    freq = getattr(result, "rank_frequency", None)
    if not isinstance(freq, pd.DataFrame):
        raise ScoringArgumentError(
            "result",
            f"an object of type {type(result).__name__}",
            "an uncertainty result (with .rank_frequency)",
        )
    share = freq / freq.sum(axis=1).to_numpy()[:, None]
    import seaborn as sns

    with publication_style():
        ax = _new_axes(ax, aspect=0.75)
        shown = share.copy()
        shown.index = [_label(labels, c) for c in share.index]
        shown.columns = [str(c) for c in share.columns]
        sns.heatmap(
            shown,
            ax=ax,
            cmap="cividis",
            vmin=0,
            vmax=1,
            annot=annotate and share.size <= 400,
            fmt=".2f",
            annot_kws={"fontsize": 6},
            linewidths=0,
            cbar_kws={"label": "Share of replications", "fraction": 0.05, "pad": 0.03},
        )
        ax.set_xlabel("Rank (1 = best)")
        ax.set_ylabel("")
        ax.tick_params(axis="y", rotation=0)
        nominal = getattr(result, "summary", pd.DataFrame()).get("nominal_rank")
        if nominal is not None:
            for i, r in enumerate(nominal.to_numpy()):
                ax.add_patch(_square(int(r) - 1, i))
    return ax


def _square(x: int, y: int) -> Any:
    from matplotlib.patches import Rectangle

    # seaborn's heat map puts cell (row i, column j) on [j, j + 1] x [i, i + 1]
    return Rectangle(
        (x + 0.04, y + 0.04), 0.92, 0.92, fill=False, edgecolor=NOMINAL_EDGE, linewidth=1.4
    )


def plot_radar(
    scores: pd.DataFrame,
    case: str | list[str] | None = None,
    *,
    columns: list[str] | None = None,
    ax: Axes | None = None,
    max_value: float | None = 100.0,
    labels: Any = None,
) -> Axes:
    """Radar (spider) chart of one case's scores, or several cases overlaid.

    Parameters
    ----------
    scores : DataFrame
        Cases x scores (a :func:`~smartcase.scoring.composite` result, or normalised
        sub-dimension scores).
    case : str or list of str, optional
        Which case(s); all when omitted.
    columns : list of str, optional
        Which scores form the axes (default: the element columns).
    ax : matplotlib polar Axes, optional
        A polar Axes (``subplot_kw={'projection': 'polar'}``); a new one when omitted.
    max_value : float or None, default 100
        Radial limit (``None``: automatic).
    labels : mapping or Series, optional
        Display names for case ids and score columns.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ScoringArgumentError
        Unknown case or column, fewer than 3 axes, or an Axes that is not polar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [10, 80], "b": [50, 60], "c": [90, 20]}, index=["x", "y"])
    >>> ax = plot_radar(df, "x")
    >>> ax.name
    'polar'
    """
    cols = columns if columns is not None else _element_columns(scores)
    unknown = [c for c in cols if c not in scores.columns]
    if unknown:
        raise ScoringArgumentError("columns", repr(unknown), "columns of scores")
    if len(cols) < 3:
        raise ScoringArgumentError(
            "columns", f"{len(cols)} axes", "at least 3 scores for a radar chart"
        )
    cases = (
        list(scores.index) if case is None else ([case] if isinstance(case, str) else list(case))
    )
    bad = [c for c in cases if c not in scores.index]
    if bad:
        raise ScoringArgumentError(
            "case", repr(bad[0]), "one of " + ", ".join(map(repr, scores.index))
        )
    if ax is not None and getattr(ax, "name", "") != "polar":
        raise ScoringArgumentError(
            "ax",
            f"an Axes with projection {getattr(ax, 'name', '?')!r}",
            "a polar Axes (subplot_kw={'projection': 'polar'})",
        )
    angles = np.linspace(0, 2 * np.pi, len(cols), endpoint=False)
    closed = np.append(angles, angles[0])
    with publication_style():
        ax = _new_axes(ax, polar=True, aspect=1.0)
        for i, c in enumerate(cases):
            vals = scores.loc[c, cols].to_numpy(dtype=float)
            color = PALETTE[i % len(PALETTE)]
            ax.plot(
                closed,
                np.append(vals, vals[0]),
                color=color,
                linewidth=1.2,
                label=_label(labels, c),
            )
            ax.fill(closed, np.append(vals, vals[0]), color=color, alpha=0.15)
        ax.set_xticks(angles)
        ax.set_xticklabels([_label(labels, c) for c in cols])
        if max_value is not None:
            ax.set_ylim(0, max_value)
        if len(cases) > 1:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=min(len(cases), 3))
        else:
            ax.set_title(_label(labels, cases[0]))
    return ax
