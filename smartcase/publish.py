"""Publishing numbered figures and tables from the notebooks.

The notebooks save every figure and table through two calls::

    from smartcase import publish
    publish.figure(fig, "fig_03_comparison_matrix", caption="Cross-case comparison ...")
    publish.table(df, "table_03_comparison_matrix", caption="Cross-case comparison ...")

:func:`figure` writes ``figures/<name>.png`` (300 dpi), ``.svg`` and ``.pdf`` with
:func:`smartcase.output.save_figure`; :func:`table` writes ``tables/<name>.csv``, ``.xlsx``,
``.md`` and ``.tex`` (booktabs) through the table writer of :mod:`smartcase.compare`, with the
caption and notes under the Markdown table, beneath the LaTeX tabular and on a ``notes`` sheet of
the workbook. Both write atomically and byte-identically on every run, and both replace earlier
versions of the same files: figures and tables are generated files, never user input.

Names and numbers
-----------------
A name is ``fig_<number>_<slug>`` or ``table_<number>_<slug>`` in lower case. The number is two
digits for the main series (``fig_03_...`` is Figure 3), a letter and digits for a supplementary
series (``table_s01_...`` is Table S1) or a letter, digits and a letter for the case appendix
(``fig_a2b_...`` is Figure A2b). :func:`parse_name` splits a name into its parts.

Captions
--------
Every caption ends with :data:`smartcase.style.RECONSTRUCTION_NOTE` (appended when missing), and
figures carry a one-line version of it in small grey type under the plot (``note=True``), so a
figure that travels without its caption still says where its codes come from.

Where outputs go
----------------
Under :func:`output_root`: the folder named by the environment variable ``SMARTCASE_OUTPUT_DIR``
(set by :func:`smartcase.reproduce.reproduce` for the notebook kernels), else the source
checkout's root, else the current folder. Each call is also recorded in an in-memory registry
(:func:`registry`) and, when the environment variable ``SMARTCASE_PUBLISH_LOG`` names a file, as
one JSON line in that file; :mod:`smartcase.reproduce` reads those lines to write the manifest.

Examples
--------
>>> parse_name("fig_03_comparison_matrix")
('figure', '3', 'comparison_matrix')
>>> caption_label("table", "A2b")
'Table A2b'
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import ArgumentError
from .output import FIGURE_FORMATS
from .style import RECONSTRUCTION_NOTE

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "OUTPUT_ENV",
    "LOG_ENV",
    "NOTEBOOK_ENV",
    "PUBLISH_TABLE_FORMATS",
    "FIGURE_NOTE",
    "Published",
    "output_root",
    "figure",
    "table",
    "registry",
    "clear_registry",
    "parse_name",
    "caption_label",
    "full_caption",
    "display_names",
    "set_names",
    "readable",
    "with_interval",
]

#: Environment variable naming the output root (``figures/`` and ``tables/`` go under it).
OUTPUT_ENV = "SMARTCASE_OUTPUT_DIR"
#: Environment variable naming a file to which every publish call appends one JSON line.
LOG_ENV = "SMARTCASE_PUBLISH_LOG"
#: Environment variable naming the notebook being executed (set by ``reproduce``).
NOTEBOOK_ENV = "SMARTCASE_NOTEBOOK"
#: Table formats written by :func:`table` (HTML is left out: Markdown serves the web).
PUBLISH_TABLE_FORMATS = ("csv", "xlsx", "md", "tex")
#: The one-line note drawn under every figure (``note=True``).
FIGURE_NOTE = (
    "Codes: smartcase's reconstruction from public sources (2020), not the report's own tables."
)

_NAME = re.compile(r"^(fig|table)_(\d{2}|[a-z]\d{1,2}[a-z]?)_([a-z0-9]+(?:_[a-z0-9]+)*)$")
_KIND = {"fig": "figure", "table": "table"}
_FOLDER = {"figure": "figures", "table": "tables"}

_REGISTRY: dict[str, Published] = {}


@dataclass(frozen=True)
class Published:
    """A figure or table written by :func:`figure` or :func:`table`.

    Attributes
    ----------
    kind : {'figure', 'table'}
    name : str
        The file name without extension, e.g. ``'fig_03_comparison_matrix'``.
    number : str
        The number as printed: ``'3'``, ``'S1'``, ``'A2b'``.
    caption : str
        The caption (ending with the reconstruction note), without the "Figure 3." label.
    files : tuple of str
        The files written, relative to the output root, in POSIX form (``figures/x.png``).
    notebook : str or None
        The notebook that made it (``notebooks/NN_name.ipynb``) when run by ``reproduce``.
    """

    kind: Literal["figure", "table"]
    name: str
    number: str
    caption: str
    files: tuple[str, ...]
    notebook: str | None = None

    @property
    def label(self) -> str:
        """``'Figure 3'``, ``'Table S1'``, ..."""
        return caption_label(self.kind, self.number)

    def to_dict(self) -> dict[str, Any]:
        """The record as a plain dictionary (what the publish log holds)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "number": self.number,
            "caption": self.caption,
            "files": list(self.files),
            "notebook": self.notebook,
        }

    def __repr__(self) -> str:
        return f"{self.label} ({self.name}): {len(self.files)} files under {_FOLDER[self.kind]}/"

    def _repr_html_(self) -> str:
        import html

        files = ", ".join(html.escape(f) for f in self.files)
        return f"<p><b>{html.escape(self.label)}.</b> {html.escape(self.caption)}<br><small>{files}</small></p>"


def parse_name(name: str) -> tuple[Literal["figure", "table"], str, str]:
    """Split an output name into kind, printed number and slug.

    Parameters
    ----------
    name : str
        ``fig_<number>_<slug>`` or ``table_<number>_<slug>``: lower-case letters, digits and
        underscores; the number is two digits (main series), a letter and one or two digits
        (supplementary series, ``s01``) or a letter, digits and a letter (``a2b``).

    Returns
    -------
    tuple
        ``(kind, number, slug)`` with ``kind`` ``'figure'`` or ``'table'`` and the number as
        printed (``'03'`` -> ``'3'``, ``'s01'`` -> ``'S1'``, ``'a2b'`` -> ``'A2b'``).

    Raises
    ------
    ArgumentError
        A name that does not follow the pattern.

    Examples
    --------
    >>> parse_name("table_s01_codebook")
    ('table', 'S1', 'codebook')
    >>> parse_name("fig_a2b_sejong_timeline")
    ('figure', 'A2b', 'sejong_timeline')
    >>> parse_name("Figure 3")
    Traceback (most recent call last):
    ...
    smartcase.errors.ArgumentError: argument 'name': expected fig_<number>_<slug> or table_<number>_<slug> (lower case; number '03', 's01' or 'a2b'), found 'Figure 3'
    """
    if not isinstance(name, str):
        raise ArgumentError("name", repr(name), "a string")
    m = _NAME.match(name)
    if m is None:
        raise ArgumentError(
            "name",
            repr(name),
            "fig_<number>_<slug> or table_<number>_<slug> (lower case; number '03', 's01' or 'a2b')",
        )
    prefix, number, slug = m.groups()
    if number.isdigit():
        printed = str(int(number))
    else:
        letter, digits, suffix = (
            number[0],
            number[1:].rstrip("abcdefghijklmnopqrstuvwxyz"),
            number[1:].lstrip("0123456789"),
        )
        printed = letter.upper() + str(int(digits)) + suffix
    return _KIND[prefix], printed, slug  # type: ignore[return-value]


def caption_label(kind: Literal["figure", "table"], number: str) -> str:
    """The label printed before a caption: ``'Figure 3'``, ``'Table S1'``.

    Examples
    --------
    >>> caption_label("figure", "1")
    'Figure 1'
    """
    if kind not in _FOLDER:
        raise ArgumentError("kind", repr(kind), "'figure' or 'table'")
    return f"{kind.capitalize()} {number}"


def full_caption(caption: str, notes: Sequence[str] = ()) -> str:
    """A caption with its notes, ending with the reconstruction note (added once).

    Parameters
    ----------
    caption : str
        The caption proper (one or more sentences).
    notes : sequence of str
        Further notes, in order.

    Returns
    -------
    str

    Raises
    ------
    ArgumentError
        An empty caption.

    Examples
    --------
    >>> full_caption("Element scores by case").endswith("not the tables of Kim & Lim (2020).")
    True
    >>> full_caption("A.", ["B."]).count("reconstruction")
    1
    """
    if not isinstance(caption, str) or not caption.strip():
        raise ArgumentError("caption", repr(caption), "a non-empty caption")
    parts = [caption.strip().rstrip(".") + "."]
    parts += [n.strip() for n in notes if n and n.strip()]
    text = " ".join(parts)
    if RECONSTRUCTION_NOTE not in text:
        text = f"{text} {RECONSTRUCTION_NOTE}"
    return text


def output_root() -> Path:
    """The folder under which ``figures/`` and ``tables/`` are written.

    ``$SMARTCASE_OUTPUT_DIR`` when set (``reproduce`` sets it for the notebook kernels), else
    the source checkout's root (:func:`smartcase.paths.project_root`), else the current folder.

    Returns
    -------
    Path

    Examples
    --------
    >>> import os, tempfile
    >>> d = tempfile.mkdtemp()
    >>> os.environ[OUTPUT_ENV] = d
    >>> output_root() == Path(d)
    True
    >>> del os.environ[OUTPUT_ENV]
    """
    env = os.environ.get(OUTPUT_ENV)
    if env:
        return Path(env)
    from .paths import project_root

    root = project_root()
    return root if root is not None else Path.cwd()


def _record(
    kind: Literal["figure", "table"], name: str, caption: str, paths: Iterable[Path], root: Path
) -> Published:
    number = parse_name(name)[1]
    files = tuple(p.relative_to(root).as_posix() for p in paths)
    notebook = os.environ.get(NOTEBOOK_ENV) or None
    rec = Published(
        kind=kind, name=name, number=number, caption=caption, files=files, notebook=notebook
    )
    _REGISTRY[name] = rec
    log = os.environ.get(LOG_ENV)
    if log:
        line = json.dumps(
            {**rec.to_dict(), "executable": sys.executable}, ensure_ascii=False, sort_keys=True
        )
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
    return rec


def _check_formats(
    formats: Iterable[str], allowed: Sequence[str], argument: str = "formats"
) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [formats]
    out = tuple(formats)
    for f in out:
        if f not in allowed:
            raise ArgumentError(argument, repr(f), "formats among " + ", ".join(map(repr, allowed)))
    if not out:
        raise ArgumentError(
            argument, "no format", "at least one of " + ", ".join(map(repr, allowed))
        )
    return out


def _uses_constrained_layout(fig: Figure) -> bool:
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


def _add_note(fig: Figure, text: str) -> None:
    """Draw ``text`` in small grey type under everything drawn in ``fig``.

    In a figure with constrained layout (every figure made inside
    :func:`smartcase.style.publication_style`) the note is the figure's bottom label, wrapped
    to the figure's width, so the layout makes room for it and the figure keeps its width.
    Elsewhere it goes 1 mm below the lowest artist (the tight bounding box then grows).
    """
    import textwrap

    from .style import MIN_FONT_PT

    if _uses_constrained_layout(fig) and getattr(fig, "_supxlabel", None) is None:
        # about 0.55 em per character of DejaVu Sans
        chars = max(20, int(fig.get_figwidth() * 72.0 / (0.56 * MIN_FONT_PT)) - 2)
        fig.supxlabel(
            "\n".join(textwrap.wrap(text, chars)),
            x=0.005,
            ha="left",
            fontsize=MIN_FONT_PT,
            color="#555555",
            gid="smartcase-note",
            linespacing=1.1,
        )
        return
    bbox = fig.get_tightbbox()
    height = fig.get_figheight()
    y = (bbox.y0 - 0.04) / height  # inches -> figure fraction, 1 mm below the lowest artist
    x = max(bbox.x0, 0.0) / fig.get_figwidth()
    fig.text(
        x, y, text, ha="left", va="top", fontsize=MIN_FONT_PT, color="#555555", gid="smartcase-note"
    )


def figure(
    fig: Figure,
    name: str,
    *,
    caption: str,
    notes: Sequence[str] = (),
    note: bool = True,
    formats: Iterable[str] = FIGURE_FORMATS,
) -> Published:
    """Save a numbered figure as PNG (300 dpi), SVG and PDF under ``figures/``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (drawn inside :func:`smartcase.style.publication_style`).
    name : str
        ``fig_<number>_<slug>``, e.g. ``'fig_03_comparison_matrix'`` (see :func:`parse_name`).
    caption : str
        What the figure shows, in a sentence or two. The reconstruction note is appended.
    notes : sequence of str, optional
        Further sentences for the caption (scales, legends, caveats).
    note : bool, default True
        Draw :data:`FIGURE_NOTE` in small grey type (6 pt) under the plot. Drawn once:
        calling :func:`figure` again on the same figure does not add a second note.
    formats : iterable of {'png', 'svg', 'pdf'}
        Formats to write (default all three).

    Returns
    -------
    Published
        The record of what was written.

    Raises
    ------
    ArgumentError
        A malformed name, a figure name passed for a table, an empty caption or an unknown
        format.

    Warns
    -----
    smartcase.style.LayoutWarning
        Text overlaps other text, runs outside the figure or is smaller than 6 pt
        (:func:`smartcase.style.layout_problems`).

    See Also
    --------
    table : the same for tables.
    smartcase.output.save_figure : the byte-stable writer used here.

    Notes
    -----
    A figure drawn with constrained layout (every figure made inside
    :func:`smartcase.style.publication_style`) is saved at exactly its size, so a figure made
    at ``figsize("single")`` is 85 mm wide; any other figure is cut to its tight bounding box.

    Examples
    --------
    >>> import os, tempfile, matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> os.environ[OUTPUT_ENV] = tempfile.mkdtemp()
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [1, 0])
    >>> rec = figure(fig, "fig_01_example", caption="A line", formats=["svg"])
    >>> rec.files
    ('figures/fig_01_example.svg',)
    >>> rec.caption.startswith("A line. Codes are smartcase's reconstruction")
    True
    >>> plt.close(fig); del os.environ[OUTPUT_ENV]
    """
    import warnings

    import matplotlib as mpl

    from .output import save_figure
    from .style import LayoutWarning, layout_problems, publication_style

    kind = parse_name(name)[0]
    if kind != "figure":
        raise ArgumentError(
            "name", repr(name), "a figure name starting with 'fig_' (use table() for tables)"
        )
    fmts = _check_formats(formats, FIGURE_FORMATS)
    text = full_caption(caption, notes)
    if not hasattr(fig, "savefig"):
        raise ArgumentError("fig", type(fig).__name__, "a matplotlib Figure")
    if note and not any(
        getattr(t, "get_gid", lambda: None)() == "smartcase-note" for t in fig.texts
    ):
        _add_note(fig, FIGURE_NOTE)
    from .output import PNG_DPI

    root = output_root()
    # lay out and check at the dpi of the PNG: text metrics at screen dpi are a little narrower
    # (hinting), so a layout made there can clip long labels at 300 dpi
    screen_dpi = fig.dpi
    fig.set_dpi(PNG_DPI)
    # a figure cut to its tight bounding box cannot clip; only overlaps and sizes count there
    problems = layout_problems(fig, outside=_uses_constrained_layout(fig))
    if problems:
        warnings.warn(
            f"{name}: " + "; ".join(problems[:8]) + (" ..." if len(problems) > 8 else ""),
            LayoutWarning,
            stacklevel=2,
        )
    # embedded fonts whatever the caller's rcParams; a figure with constrained layout keeps its
    # exact column width, any other figure is cut to its tight bounding box
    exact = _uses_constrained_layout(fig) or getattr(fig, "_smartcase_exact_size", False)
    bbox = "standard" if exact else "tight"
    if _uses_constrained_layout(fig):
        # the layout was settled by layout_problems' draws: freeze it, so that the three formats
        # (rendered at different dpi) show one layout and every save gives the same bytes
        fig.set_layout_engine("none")
        fig._smartcase_exact_size = True  # type: ignore[attr-defined]
    fig.set_dpi(screen_dpi)
    # (savefig inside the style would give a figure without a layout engine a constrained one)
    with (
        publication_style(),
        mpl.rc_context({"savefig.bbox": bbox, "figure.constrained_layout.use": False}),
    ):
        paths = save_figure(fig, root / "figures" / name, formats=fmts, overwrite=True)
    return _record("figure", name, text, paths, root)


def table(
    data: pd.DataFrame | Any,
    name: str,
    *,
    caption: str | None = None,
    notes: Sequence[str] = (),
    index: bool | None = None,
    formats: Iterable[str] = PUBLISH_TABLE_FORMATS,
) -> Published:
    """Save a numbered table as CSV, XLSX, Markdown and LaTeX under ``tables/``.

    Parameters
    ----------
    data : pandas.DataFrame or smartcase.compare.ComparisonTable
        The table. A :class:`~smartcase.compare.ComparisonTable` keeps its own title and notes
        (``caption`` replaces the title, ``notes`` are added before its notes) and its LaTeX
        Harvey balls.
    name : str
        ``table_<number>_<slug>``, e.g. ``'table_03_comparison_matrix'``.
    caption : str, optional
        The caption; required for a DataFrame. The reconstruction note is appended.
    notes : sequence of str, optional
        Table notes printed after the caption.
    index : bool, optional
        Write a DataFrame's index as the first column. Default: when it is not a default
        RangeIndex.
    formats : iterable of {'csv', 'xlsx', 'md', 'tex', 'html'}
        Formats to write (default CSV, XLSX, Markdown, LaTeX).

    Returns
    -------
    Published

    Raises
    ------
    ArgumentError
        A malformed name, a table name passed for a figure, a DataFrame without caption, an
        unknown format or an object that is not a table.

    See Also
    --------
    figure : the same for figures.
    smartcase.compare.ComparisonTable.save : the writer used here.

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> os.environ[OUTPUT_ENV] = tempfile.mkdtemp()
    >>> rec = table(pd.DataFrame({"a": [1, 2]}), "table_s01_example", caption="Two numbers",
    ...             formats=["csv", "md"])
    >>> rec.files
    ('tables/table_s01_example.csv', 'tables/table_s01_example.md')
    >>> print((output_root() / rec.files[1]).read_text())  # doctest: +ELLIPSIS
    | a |
    |---|
    | 1 |
    | 2 |
    <BLANKLINE>
    Two numbers. Codes are smartcase's reconstruction ...
    <BLANKLINE>
    >>> del os.environ[OUTPUT_ENV]
    """
    from dataclasses import replace

    import pandas as pd

    from .compare import ComparisonTable
    from .output import TABLE_FORMATS

    kind = parse_name(name)[0]
    if kind != "table":
        raise ArgumentError(
            "name", repr(name), "a table name starting with 'table_' (use figure() for figures)"
        )
    fmts = _check_formats(formats, TABLE_FORMATS)
    if isinstance(data, ComparisonTable):
        title = caption if caption is not None else data.title
        merged = [*notes, *data.notes]
        if RECONSTRUCTION_NOTE not in merged:
            merged.append(RECONSTRUCTION_NOTE)
        ct = replace(
            data, title=title.strip().rstrip(".") + ".", notes=tuple(n for n in merged if n)
        )
        text = full_caption(ct.title, ct.notes)
    elif isinstance(data, pd.DataFrame):
        if caption is None:
            raise ArgumentError("caption", "None", "a caption for a DataFrame table")
        frame = data
        show_index = (not isinstance(data.index, pd.RangeIndex)) if index is None else bool(index)
        frame = data.reset_index() if show_index else data.reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]
        text = full_caption(caption, notes)
        extra = [n.strip() for n in notes if n and n.strip()]
        ct = ComparisonTable(
            table=frame,
            title=caption.strip().rstrip(".") + ".",
            notes=(*extra, RECONSTRUCTION_NOTE),
            kind="publish",
        )
    else:
        raise ArgumentError(
            "data", type(data).__name__, "a pandas DataFrame or a smartcase ComparisonTable"
        )
    root = output_root()
    paths = ct.save(root / "tables" / name, formats=fmts, overwrite=True)
    return _record("table", name, text, paths, root)


def registry() -> tuple[Published, ...]:
    """Everything published in this Python session, in name order.

    Examples
    --------
    >>> isinstance(registry(), tuple)
    True
    """
    return tuple(_REGISTRY[k] for k in sorted(_REGISTRY))


def clear_registry() -> None:
    """Forget what was published in this session (the files stay).

    Examples
    --------
    >>> clear_registry(); registry()
    ()
    """
    _REGISTRY.clear()


# ----------------------------------------------------------------------- tables for readers
def display_names(book: Any) -> dict[str, str]:
    """Display names of the ids of a case base: cases, elements, sub-dimensions and the outcome.

    Parameters
    ----------
    book : CaseBook

    Returns
    -------
    dict
        Id -> name: city names for case ids, the framework's labels for element ids, the
        codebook's labels for sub-dimension and outcome ids.

    Examples
    --------
    >>> import smartcase
    >>> names = display_names(smartcase.load_cases())
    >>> names["busan"], names["capacity"], names["living_lab"]
    ('Busan', 'Innovative capacity', 'Living labs')
    """
    fw = book.framework
    out = {str(k): str(v) for k, v in fw.codebook["label"].items()}
    out.update({str(k): str(v) for k, v in fw.elements["label"].items()})
    out.update({str(k): str(v) for k, v in book.cases["name"].items()})
    return out


def set_names(book: Any) -> dict[str, str]:
    """Short display names of the element and outcome sets for QCA: one capitalised word each.

    QCA writes solutions with set names (``Capacity*Institutions``), so they must stay single
    words; these are the ids, capitalised (``technology`` -> ``Technology``).

    Examples
    --------
    >>> import smartcase
    >>> set_names(smartcase.load_cases())
    {'technology': 'Technology', 'capacity': 'Capacity', 'institutions': 'Institutions', 'innovation': 'Innovation'}
    """
    fw = book.framework
    ids = [*fw.element_ids, *fw.outcome_ids]
    return {str(i): str(i).replace("_", " ").title().replace(" ", "") for i in ids}


def _sentence(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


def readable(
    frame: pd.DataFrame,
    names: dict[str, str] | None = None,
    *,
    columns: dict[str, str] | None = None,
    decimals: int | dict[str, int] | None = None,
    index: bool | None = None,
    within_text: Sequence[str] = (),
    drop: Sequence[str] = (),
) -> pd.DataFrame:
    """A table as a reader sees it: human headers, display names, Yes/No, rounded numbers.

    Parameters
    ----------
    frame : DataFrame
        The machine table (ids, snake_case headers, booleans, full-precision floats).
    names : dict, optional
        Id -> display name (e.g. :func:`display_names`); cells and index values equal to an id
        are replaced, and so are ids in ``'+'``- or ``';'``-joined lists of ids.
    columns : dict, optional
        Header -> new header; other snake_case headers become sentence case
        (``'n_established'`` -> ``'N established'``) unless they name an id in ``names``.
    decimals : int or dict, optional
        Print floats with this many decimals (per column with a dict, keyed by the original
        headers); missing values become empty cells.
    index : bool, optional
        Turn the index into the first column (default: when it is not a RangeIndex).
    within_text : sequence of str, optional
        Columns (original headers) of generated text, such as rule traces, in which ids are
        replaced wherever they stand as whole words and ``>=`` / ``<=`` become ``≥`` / ``≤``.
    drop : sequence of str, optional
        Columns (original headers) to leave out.

    Returns
    -------
    DataFrame
        A new frame; ``frame`` is not changed.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"case_id": ["busan"], "is_set": [True], "incl_s": [0.87654]})
    >>> readable(df, {"busan": "Busan"}, columns={"case_id": "Case"}, decimals=2).iloc[0].tolist()
    ['Busan', 'Yes', '0.88']
    """
    import pandas as pd

    names = names or {}
    columns = dict(columns or {})
    out = frame.copy()
    show_index = (not isinstance(out.index, pd.RangeIndex)) if index is None else bool(index)
    if show_index:
        if out.index.name is None:
            out.index.name = "index"
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)

    def cell(value: object) -> object:
        if isinstance(value, bool) or (
            hasattr(value, "dtype") and str(getattr(value, "dtype", "")) == "bool"
        ):
            return "Yes" if bool(value) else "No"
        if isinstance(value, str):
            if value in names:
                return names[value]
            for sep in ("+", ";", ","):
                parts = [p.strip() for p in value.split(sep)]
                if len(parts) > 1 and all(p in names for p in parts):
                    joiner = " + " if sep == "+" else ", "
                    return joiner.join(names[p] for p in parts)
        return value

    import re

    out = out.drop(columns=[c for c in drop if c in out.columns])
    pattern = (
        re.compile(
            r"(?<![\w-])("
            + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
            + r")(?![\w-])"
        )
        if names
        else None
    )

    def in_text(value: object) -> object:
        if not isinstance(value, str) or pattern is None:
            return value
        text = pattern.sub(lambda m: names[m.group(1)], value)
        return text.replace(">=", "\u2265").replace("<=", "\u2264")

    for col in out.columns:
        series = out[col]
        if str(col) in within_text:
            out[col] = series.map(in_text)
            continue
        if pd.api.types.is_bool_dtype(series):
            out[col] = series.map(lambda v: "Yes" if bool(v) else "No")
        elif pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series):
            out[col] = series.map(cell)
        if decimals is not None and pd.api.types.is_float_dtype(out[col]):
            d = decimals if isinstance(decimals, int) else decimals.get(str(col))
            if d is not None:
                # fixed decimals, so that a column reads alike (1.0 stays 1.0)
                out[col] = out[col].map(lambda v, d=d: "" if pd.isna(v) else f"{v:.{d}f}")
    out.columns = [columns.get(str(c), names.get(str(c), _sentence(str(c)))) for c in out.columns]
    return out


def with_interval(estimate: pd.Series, half_width: pd.Series, *, decimals: int = 2) -> pd.Series:
    """Estimates with their confidence intervals as text: ``'0.14 (0.08 to 0.20)'``.

    Parameters
    ----------
    estimate, half_width : Series
        The estimates and the half-widths of their intervals (e.g. SALib's ``S1`` and
        ``S1_conf``).
    decimals : int, default 2

    Returns
    -------
    Series of str
        Empty where the estimate is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> with_interval(pd.Series([0.142, -0.012]), pd.Series([0.06, 0.048])).tolist()
    ['0.14 (0.08 to 0.20)', '−0.01 (−0.06 to 0.04)']
    """
    import pandas as pd

    def fmt(v: float) -> str:
        text = f"{v:.{decimals}f}"
        if float(text) == 0:
            text = f"{0.0:.{decimals}f}"  # no "-0.00"
        return text.replace("-", "\u2212")

    out = []
    for e, h in zip(estimate, half_width, strict=True):
        if pd.isna(e):
            out.append("")
        elif pd.isna(h):
            out.append(fmt(float(e)))
        else:
            out.append(
                f"{fmt(float(e))} ({fmt(float(e) - float(h))} to {fmt(float(e) + float(h))})"
            )
    return pd.Series(out, index=estimate.index, dtype=object)
