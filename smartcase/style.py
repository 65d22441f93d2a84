"""One publication style for every smartcase figure.

Use :func:`publication_style` as a context manager around plotting code; it never mutates the
global ``rcParams``. Sizes follow journal columns: :data:`SINGLE_COLUMN_MM` (85 mm) and
:data:`DOUBLE_COLUMN_MM` (175 mm); figures made inside the style use Matplotlib's constrained
layout, so everything drawn fits inside the figure and a saved figure keeps exactly its column
width. No text is smaller than :data:`MIN_FONT_PT` (6 pt) at that size. The palette is Okabe &
Ito's colour-blind-safe set, ordered so that neighbouring colours also differ in greyscale
lightness; :data:`HATCHES` gives a second cue for bars when a figure is printed in black and
white.

* :func:`panel_letters` writes the letters a, b, ... on the panels of a multi-panel figure.
* :func:`layout_problems` lists text that overlaps other text or runs outside the figure;
  :func:`smartcase.publish.figure` warns (:class:`LayoutWarning`) when it finds any.
* :data:`SCORE_SCALE` names the one scale on which figures and tables show element scores.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> with publication_style():
...     fig, ax = plt.subplots(figsize=figsize("single"))
>>> round(fig.get_figwidth() * 25.4)
85
>>> plt.close(fig)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Literal

from .errors import ArgumentError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.typing import RcKeyType

__all__ = [
    "PALETTE",
    "ELEMENT_COLORS",
    "GROUP_COLORS",
    "HATCHES",
    "SINGLE_COLUMN_MM",
    "DOUBLE_COLUMN_MM",
    "figsize",
    "publication_style",
    "RECONSTRUCTION_NOTE",
    "MIN_FONT_PT",
    "SCORE_SCALE",
    "SCORE_TICKS",
    "LayoutWarning",
    "panel_letters",
    "layout_problems",
    "root_figure",
]

#: Okabe & Ito (2008) colour-blind-safe palette, ordered so that neighbouring colours also
#: differ in greyscale luminance (blue, orange, vermillion, sky blue, bluish green, yellow,
#: reddish purple, black).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#D55E00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#CC79A7",
    "#000000",
)
#: Fixed colours of the three framework elements (and the outcome).
ELEMENT_COLORS: dict[str, str] = {
    "technology": "#0072B2",
    "capacity": "#E69F00",
    "institutions": "#009E73",
    "innovation": "#CC79A7",
}
#: Colours of the two case groups.
GROUP_COLORS: dict[str, str] = {"Korea": "#0072B2", "Europe": "#E69F00"}
#: Hatch patterns that distinguish series in greyscale print.
HATCHES: tuple[str, ...] = ("", "///", "...", "xxx", "\\\\\\", "ooo")

SINGLE_COLUMN_MM = 85.0
DOUBLE_COLUMN_MM = 175.0

#: The smallest type size at the final (printed) size of a figure, in points.
MIN_FONT_PT = 6.0
#: The one scale of element scores in every figure and table: the mean code of the element's
#: sub-dimensions on the rubric's 0-3 scale (0 absent, 1 emerging, 2 developing, 3 established).
SCORE_SCALE = "mean code (0-3)"
#: Tick labels of the 0-3 scale.
SCORE_TICKS: tuple[str, ...] = ("0 absent", "1 emerging", "2 developing", "3 established")

#: The sentence every caption and table note carries.
RECONSTRUCTION_NOTE = (
    "Codes are smartcase's reconstruction from public sources (reference year 2020), "
    "not the tables of Kim & Lim (2020)."
)


def figsize(
    width: Literal["single", "double"] | float = "single", aspect: float = 0.75
) -> tuple[float, float]:
    """Figure size in inches for a journal column.

    Parameters
    ----------
    width : {'single', 'double'} or float
        A column width, or a width in millimetres.
    aspect : float, default 0.75
        Height divided by width.

    Returns
    -------
    tuple of float
        ``(width, height)`` in inches.

    Examples
    --------
    >>> [round(v, 2) for v in figsize("double", aspect=0.5)]
    [6.89, 3.44]
    """
    if width == "single":
        mm = SINGLE_COLUMN_MM
    elif width == "double":
        mm = DOUBLE_COLUMN_MM
    elif isinstance(width, int | float) and not isinstance(width, bool) and width > 0:
        mm = float(width)
    else:
        raise ArgumentError("width", repr(width), "'single', 'double' or a positive width in mm")
    inches = mm / 25.4
    return (inches, inches * aspect)


_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 7.0,
    "axes.titlesize": 7.5,
    "axes.labelsize": 7.0,
    "xtick.labelsize": 6.5,
    "ytick.labelsize": 6.5,
    "legend.fontsize": 6.5,
    "legend.title_fontsize": 6.5,
    "figure.titlesize": 8.0,
    "figure.labelsize": 7.0,
    "legend.frameon": False,
    "figure.constrained_layout.use": True,
    "figure.constrained_layout.h_pad": 0.03,
    "figure.constrained_layout.w_pad": 0.03,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "patch.linewidth": 0.5,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "standard",  # keep the column width; constrained layout fits the contents
    "savefig.pad_inches": 0.02,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "svg.hashsalt": "smartcase",
    "image.cmap": "cividis",
    "axes.prop_cycle": None,  # filled in lazily
}


@contextmanager
def publication_style() -> Iterator[None]:
    """Apply smartcase's publication style inside a ``with`` block.

    Fonts are embedded as TrueType (Type 42) in PDF, SVG text stays text, the colour cycle is
    :data:`PALETTE` and the default colour map is ``cividis`` (perceptually uniform and readable
    by readers with colour-vision deficiency).

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with publication_style():
    ...     mpl.rcParams["pdf.fonttype"]
    42
    """
    import matplotlib as mpl
    from cycler import cycler

    rc = dict(_RC)
    rc["axes.prop_cycle"] = cycler(color=list(PALETTE))
    try:
        with mpl.rc_context(rc):
            try:
                yield
            finally:
                interactive = mpl.is_interactive()
    finally:
        # Interactive mode is a session setting, not style: when the first figure of a session
        # is made inside this block, pyplot loads its backend here, and Jupyter's inline backend
        # switches interactive mode on. rc_context would revert that on exit and no later figure
        # would display inline, so the mode found at the end of the block is kept.
        mpl.interactive(interactive)


class LayoutWarning(UserWarning):
    """Text in a figure overlaps other text or runs outside the figure (see :func:`layout_problems`)."""


def panel_letters(axes: object, *, start: str = "a") -> list[object]:
    """Write panel letters (bold a, b, ...) at the top left of each Axes.

    The letter is the Axes' left-aligned title, so constrained layout makes room for it and a
    centred title keeps its place.

    Parameters
    ----------
    axes : Axes or iterable of Axes
        The panels in reading order (a NumPy array of Axes is read row by row).
    start : str, default 'a'
        The first letter.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> with publication_style():
    ...     fig, axs = plt.subplots(1, 2, figsize=figsize("double", aspect=0.3))
    >>> [ax.get_title(loc="left") for ax in panel_letters(axs)]
    ['a', 'b']
    >>> plt.close(fig)
    """
    import numpy as np

    flat = list(np.ravel(np.asarray(axes, dtype=object)))
    if not isinstance(start, str) or len(start) != 1 or not start.isalpha():
        raise ArgumentError("start", repr(start), "one letter")
    for k, ax in enumerate(flat):
        ax.set_title(chr(ord(start.lower()) + k), loc="left", fontweight="bold", fontsize=8)
    return flat


def root_figure(ax: Axes) -> Figure:
    """The Figure that draws ``ax``: the root one when ``ax`` sits in a SubFigure.

    ``ax.figure`` is the SubFigure there, which cannot draw itself; measuring text needs the
    root Figure.

    Parameters
    ----------
    ax : matplotlib Axes

    Returns
    -------
    matplotlib Figure

    Raises
    ------
    ArgumentError
        ``ax`` belongs to no figure.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure()
    >>> ax = fig.subfigures(1, 2)[0].subplots()
    >>> root_figure(ax) is fig
    True
    >>> plt.close(fig)
    """
    fig = ax.get_figure(root=True)
    if fig is None:
        raise ArgumentError("ax", "an Axes that belongs to no figure", "an Axes of a Figure")
    return fig


def _text_artists(fig: Figure) -> list[Text]:
    """The texts a draw of ``fig`` shows (tick labels only of the ticks actually drawn)."""
    from matplotlib.text import Text

    hidden: set[int] = set()
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            ticks = axis.get_major_ticks() + axis.get_minor_ticks()
            every = {id(t.label1) for t in ticks} | {id(t.label2) for t in ticks}
            if ax.axison and axis.get_visible() and ax.get_visible():
                drawn = axis._update_ticks()  # type: ignore[attr-defined]  # private: no public list of drawn ticks
                shown = {id(t.label1) for t in drawn} | {id(t.label2) for t in drawn}
            else:
                shown = set()
                every |= {id(axis.label), id(axis.offsetText)}
            hidden |= every - shown
    out: list[Text] = []
    for t in fig.findobj(Text):
        if id(t) in hidden or not t.get_visible() or not t.get_text().strip():
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        out.append(t)
    return out


def layout_problems(fig: Figure, *, tolerance_pt: float = 0.75, outside: bool = True) -> list[str]:
    """Text that overlaps other text or runs outside the figure, and type below 6 pt.

    The figure is drawn (without rendering) and the bounding box of every visible, non-empty
    text (titles, labels, tick labels, legend entries, annotations) is compared with every
    other one and with the figure's area.

    Parameters
    ----------
    fig : matplotlib Figure
    tolerance_pt : float, default 0.75
        Overlaps and overhangs up to this many points are ignored (glyph boxes include some
        white space).
    outside : bool, default True
        Also report text outside the figure's area (leave out for figures saved with a tight
        bounding box, which grows to hold them).

    Returns
    -------
    list of str
        One line per problem; empty when the layout is clean.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> with publication_style():
    ...     fig, ax = plt.subplots(figsize=figsize("single", aspect=0.5))
    >>> _ = ax.text(0.5, 0.5, "one label")
    >>> _ = ax.text(0.5, 0.5, "another label")
    >>> layout_problems(fig)
    ["text 'one label' overlaps 'another label'"]
    >>> plt.close(fig)
    """
    # constrained layout settles in the first draw; the second is the one that gets saved
    fig.draw_without_rendering()
    fig.draw_without_rendering()
    # the stubs give get_renderer to FigureCanvasAgg only; every canvas smartcase draws on has it
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    tol = tolerance_pt * fig.dpi / 72.0
    width, height = fig.bbox.width, fig.bbox.height
    problems: list[str] = []
    boxes = []
    from matplotlib.text import Text

    for t in _text_artists(fig):
        bb = Text.get_window_extent(t, renderer)  # the text alone, not an annotation's arrow
        label = t.get_text().replace("\n", " ")
        label = label if len(label) <= 40 else label[:39] + "\u2026"
        size = float(t.get_fontsize())
        if size < MIN_FONT_PT - 1e-9:
            problems.append(f"text {label!r} is {size:g} pt (less than {MIN_FONT_PT:g} pt)")
        if outside and (
            bb.x0 < -tol or bb.y0 < -tol or bb.x1 > width + tol or bb.y1 > height + tol
        ):
            problems.append(f"text {label!r} runs outside the figure")
        boxes.append((label, bb))
    for i in range(len(boxes)):
        li, a = boxes[i]
        for j in range(i + 1, len(boxes)):
            lj, b = boxes[j]
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tol and dy > tol:
                problems.append(f"text {li!r} overlaps {lj!r}")
    return problems
