"""One publication style for every smartcase figure.

Use :func:`publication_style` as a context manager around plotting code; it never mutates the
global ``rcParams``. Sizes follow journal columns: :data:`SINGLE_COLUMN_MM` (85 mm) and
:data:`DOUBLE_COLUMN_MM` (175 mm). The palette is Okabe & Ito's colour-blind-safe set, ordered
so that neighbouring colours also differ in greyscale lightness; :data:`HATCHES` gives a second
cue for bars when a figure is printed in black and white.

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
from typing import Literal

from .errors import ArgumentError

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


_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 8.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "legend.fontsize": 7.0,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "lines.linewidth": 1.2,
    "patch.linewidth": 0.5,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
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
