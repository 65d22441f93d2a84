"""Cross-case comparison tables: the comparison matrix, meta-matrix, framework matrix, overview.

Every function takes a :class:`~smartcase.casebook.CaseBook` and returns a
:class:`ComparisonTable`: a frozen result that wraps the displayed table (and its numeric twin)
and writes it as CSV, Markdown, LaTeX (booktabs), HTML or XLSX through :mod:`smartcase.output`.

* :func:`comparison_matrix` — sub-dimensions grouped by element (rows) by cases (columns),
  ordinal codes as Harvey balls: the central comparison of the report.
* :func:`meta_matrix` — Miles & Huberman's case-ordered meta-matrix: cases sorted by the
  outcome, with the element scores beside it.
* :func:`framework_matrix` — case × element cells, each a sentence composed from the codes,
  the codebook labels and the cited evidence, with evidence ids.
* :func:`case_overview` — who the cases are (size, programmes, lead organisations, evidence),
  sources cited by id.
* :func:`group_contrast` — group profiles (e.g. Korea versus Europe) and their differences.

Harvey balls
------------
Harvey balls stand for the four code levels only, with one symbol set in the figures
(:func:`smartcase.charts.harvey_chart`), the Markdown and the LaTeX tables
(:data:`CODE_BALLS`, :data:`CODE_FILL`): ``○`` 0 absent (empty), ``◔`` 1 emerging (a quarter),
``◕`` 2 developing (three quarters), ``●`` 3 established (full). The fill is the code's share
of the maximum (1/3, 2/3) drawn at the nearest quarter, because quarters are the fills that
Unicode and the LaTeX ``harveyballs`` package offer. Element scores are not codes: they are
always printed as numbers, the mean code of the element's sub-dimensions on the same 0-3 scale
(:data:`smartcase.style.SCORE_SCALE`), with two decimals. The glyphs (U+25CB, U+25D4, U+25D5,
U+25CF) and the dagger are in DejaVu Sans; LaTeX output uses the ``harveyballs`` package.

Examples
--------
>>> import smartcase
>>> book = smartcase.load_cases()
>>> t = comparison_matrix(book)
>>> t.to_frame().columns[:2].tolist()
['Element', 'Construct']
>>> t.to_markdown().count("|") > 0
True
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import pandas as pd

from .errors import ArgumentError
from .output import TABLE_FORMATS, atomic_write_bytes, table_bytes
from .style import RECONSTRUCTION_NOTE

if TYPE_CHECKING:  # pragma: no cover
    from .casebook import CaseBook

__all__ = [
    "ComparisonTable",
    "comparison_matrix",
    "meta_matrix",
    "framework_matrix",
    "case_overview",
    "group_contrast",
    "harvey_ball",
    "HARVEY_BALLS",
    "CODE_BALLS",
    "CODE_FILL",
    "LEVEL_LABELS",
    "LATEX_PREAMBLE",
    "LOW_CONFIDENCE_MARK",
    "NOT_CODED",
]

#: Harvey balls for fill 0, 1/4, 1/2, 3/4 and 1.
HARVEY_BALLS: tuple[str, ...] = ("\u25cb", "\u25d4", "\u25d1", "\u25d5", "\u25cf")
#: The mark appended to a code given with low confidence.
LOW_CONFIDENCE_MARK = "\u2020"
#: What a cell shows when the coder gave no code.
NOT_CODED = "\u2013"
_TEX_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("\u25cb", r"\harveyBallNone{}"),
    ("\u25d4", r"\harveyBallQuarter{}"),
    ("\u25d1", r"\harveyBallHalf{}"),
    ("\u25d5", r"\harveyBallThreeQuarter{}"),
    ("\u25cf", r"\harveyBallFull{}"),
    ("\u2020", r"\textsuperscript{\dag}"),
)
Symbols = Literal["harvey", "numeric"]
#: The label of the element rows of the comparison matrix.
SCORE_ROW = "Element score (mean code, 0-3)"
#: The rubric's names of the code levels.
LEVEL_LABELS: dict[int, str] = {0: "absent", 1: "emerging", 2: "developing", 3: "established"}
_LEVEL_LABELS = LEVEL_LABELS
#: The fill of the Harvey ball of each code (figures draw these shares of a circle).
CODE_FILL: dict[int, float] = {0: 0.0, 1: 0.25, 2: 0.75, 3: 1.0}
#: The Harvey ball of each code in Markdown (LaTeX: the ``harveyballs`` command of the same fill).
CODE_BALLS: dict[int, str] = {0: "\u25cb", 1: "\u25d4", 2: "\u25d5", 3: "\u25cf"}
_STRENGTH_RANK = {"strong": 0, "medium": 1, "weak": 2}


# ------------------------------------------------------------------- helpers


def _share_of_mean(sizes: list[int]) -> str:
    """'1/3 to 1/2': the share of its group's mean that one case makes up."""
    ns = sorted(set(sizes))
    return f"1/{ns[-1]}" if len(ns) == 1 else f"1/{ns[-1]} to 1/{ns[0]}"


def harvey_ball(value: float | None, maximum: float = 3.0) -> str:
    """The Harvey ball for ``value`` on a scale from 0 to ``maximum``.

    The fill is ``value / maximum`` rounded to the nearest quarter (halves round up).

    Parameters
    ----------
    value : float or None
        The code or score; missing gives :data:`NOT_CODED`.
    maximum : float, default 3.0
        The top of the scale (3 for codes, 1 for element scores).

    Returns
    -------
    str
        One of ``○ ◔ ◑ ◕ ●``, or ``–`` for a missing value.

    Raises
    ------
    ArgumentError
        A value outside ``[0, maximum]``.

    Examples
    --------
    >>> [harvey_ball(c) for c in (0, 1, 2, 3)]
    ['○', '◔', '◕', '●']
    >>> harvey_ball(0.5, maximum=1)
    '◑'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return NOT_CODED
    share = float(value) / float(maximum)
    if share < -1e-9 or share > 1 + 1e-9:
        raise ArgumentError("value", repr(value), f"a number between 0 and {maximum:g}")
    return HARVEY_BALLS[int(math.floor(share * 4 + 0.5 + 1e-9))]


def _choice(argument: str, value: object, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ArgumentError(argument, repr(value), "one of " + ", ".join(map(repr, allowed)))


def _cases(book: CaseBook, cases: Iterable[str] | None) -> list[str]:
    if cases is None:
        return list(book.case_ids)
    if isinstance(cases, str):
        cases = [cases]
    return [book.check_case(c, "cases") for c in cases]


def _check_coder(book: CaseBook, coder: str) -> None:
    if coder not in book.coder_ids:
        raise ArgumentError("coder", repr(coder), "one of " + ", ".join(map(repr, book.coder_ids)))


def _confidence(book: CaseBook, coder: str) -> dict[tuple[str, str], str]:
    codes = book.codes[book.codes["coder_id"] == coder]
    return {(r.case_id, r.construct_id): str(r.confidence) for r in codes.itertuples(index=False)}


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _code_cell(code: object, symbols: str, low: bool) -> str:
    if _is_missing(code):
        return NOT_CODED
    text = CODE_BALLS[int(code)] if symbols == "harvey" else str(int(code))  # type: ignore[call-overload]
    return text + (LOW_CONFIDENCE_MARK if low else "")


def _score_cell(score: float, symbols: str) -> str:
    """An element score (on [0, 1] as code_matrix gives it) printed on the 0-3 scale."""
    if _is_missing(score):
        return NOT_CODED
    return f"{float(score) * 3:.2f}"


def _legend(symbols: str, *, element_rows: bool) -> str:
    if symbols == "harvey":
        text = (
            "Codes: "
            + ", ".join(f"{CODE_BALLS[c]} {c} {_LEVEL_LABELS[c]}" for c in range(4))
            + " (a ball is filled to about the code's share of 3)."
        )
    else:
        text = "Codes: " + ", ".join(f"{c} {_LEVEL_LABELS[c]}" for c in range(4)) + "."
    if element_rows:
        text += (
            " Element scores are the mean code of the element's sub-dimensions on the same 0-3"
            " scale, with two decimals."
        )
    return text


def _coder_note(coder: str) -> str:
    if coder == "ref":
        return "Codes of the reference coder 'ref' (smartcase's reference coding)."
    return f"Codes of coder {coder!r}."


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, repr=False)
class ComparisonTable:
    """A comparison table ready to print, save or put in a report.

    Attributes
    ----------
    table : pandas.DataFrame
        The table as displayed (text cells, Harvey balls), with a default RangeIndex.
    title : str
        A caption.
    notes : tuple of str
        Table notes: legend, confidence marks, scale, caveats and the reconstruction note
        (:data:`smartcase.style.RECONSTRUCTION_NOTE`).
    data : pandas.DataFrame
        The numeric twin of ``table`` (ids, codes, scores), for further analysis.
    kind : str
        Which function made the table.
    """

    table: pd.DataFrame
    title: str
    notes: tuple[str, ...]
    data: pd.DataFrame = field(default_factory=pd.DataFrame)
    kind: str = ""

    @property
    def caption(self) -> str:
        """Title and notes in one paragraph."""
        return " ".join([self.title.rstrip(".") + ".", *self.notes])

    def to_frame(self) -> pd.DataFrame:
        """The table as it is displayed (a copy; the notes are in :attr:`notes`).

        Returns
        -------
        DataFrame
            :attr:`table`; the underlying numbers are in :attr:`data`.

        Examples
        --------
        >>> import smartcase
        >>> table = smartcase.comparison_matrix(smartcase.load_cases())
        >>> table.to_frame().columns.tolist()[:2]
        ['Element', 'Construct']
        """
        return self.table.copy()

    def to_csv(self) -> str:
        """The displayed table as CSV text (UTF-8, ``\\n`` line ends; notes not included)."""
        return table_bytes(self.table, "csv", index=False).decode("utf-8")

    def to_markdown(self) -> str:
        """The table as a Markdown pipe table followed by the caption and notes."""
        return table_bytes(self.table, "md", caption=self.caption, index=False).decode("utf-8")

    def to_html(self) -> str:
        """The table as an HTML ``<table>`` with the caption and notes as ``<caption>``."""
        return table_bytes(self.table, "html", caption=self.caption, index=False).decode("utf-8")

    def to_latex(
        self,
        *,
        symbols: Literal["harveyballs", "unicode"] = "harveyballs",
        label: str | None = None,
    ) -> str:
        r"""The table as a LaTeX ``longtable`` with booktabs rules and the notes beneath it.

        The text starts with a comment that states the complete preamble the table needs
        (:data:`LATEX_PREAMBLE`: ``lualatex`` with ``fontspec``, ``luatexko`` and the Un fonts
        of TeX Live for Korean text, ``booktabs``, ``array``, ``longtable``, ``pdflscape`` and
        ``harveyballs``). Columns get widths that fit the text width; a table too wide for a
        portrait page is set in landscape, and every table breaks across pages with its header
        repeated.

        Parameters
        ----------
        symbols : {'harveyballs', 'unicode'}, default 'harveyballs'
            ``'harveyballs'`` writes Harvey balls as the ``harveyballs`` package's commands and
            the dagger as ``\dag``; ``'unicode'`` keeps the characters (for a main font that
            has them, e.g. DejaVu Sans).
        label : str, optional
            ``\label{tab:<label>}`` after the caption (``save`` passes the file name).

        Examples
        --------
        >>> import smartcase
        >>> tex = comparison_matrix(smartcase.load_cases()).to_latex(label="t3")
        >>> tex.splitlines()[0]
        '% smartcase table. Compile with lualatex; the preamble it needs:'
        >>> "\\begin{longtable}" in tex and "\\harveyBallFull{}" in tex
        True
        """
        _choice("symbols", symbols, ("harveyballs", "unicode"))
        text = _latex_table(self.table, self.title, self.notes, label=label)
        if symbols == "harveyballs":
            for glyph, command in _TEX_SYMBOLS:
                text = text.replace(glyph, command)
        return text

    def to_xlsx(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
        """Write the table to an Excel workbook (sheet ``table``; notes on sheet ``notes``)."""
        return atomic_write_bytes(_with_ext(path, "xlsx"), self._xlsx_bytes(), overwrite=overwrite)

    def save(
        self,
        path: str | os.PathLike[str],
        *,
        formats: Iterable[str] = TABLE_FORMATS,
        overwrite: bool = False,
    ) -> list[Path]:
        """Save the table in several formats, byte-identically on every run.

        Parameters
        ----------
        path : str or Path
            Destination without extension.
        formats : iterable of {'csv', 'xlsx', 'md', 'tex', 'html'}
            Formats to write (default: all).
        overwrite : bool, default False
            Replace existing files.

        Returns
        -------
        list of Path
        """
        out = []
        for fmt in formats:
            _choice("formats", fmt, TABLE_FORMATS)
            data = {
                "csv": lambda: self.to_csv().encode("utf-8"),
                "md": lambda: self.to_markdown().encode("utf-8"),
                "html": lambda: self.to_html().encode("utf-8"),
                "tex": lambda: self.to_latex(label=_with_ext(path, "tex").stem).encode("utf-8"),
                "xlsx": self._xlsx_bytes,
            }[fmt]()
            out.append(atomic_write_bytes(_with_ext(path, fmt), data, overwrite=overwrite))
        return out

    def _xlsx_bytes(self) -> bytes:
        import io

        from openpyxl import load_workbook

        from .output import _normalise_zip

        raw = table_bytes(self.table, "xlsx", index=False)
        wb = load_workbook(io.BytesIO(raw))
        ws = wb.create_sheet("notes")
        ws.append([self.title])
        for note in self.notes:
            ws.append([note])
        buf = io.BytesIO()
        wb.save(buf)
        return _normalise_zip(buf.getvalue())

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", 60, "display.width", 160):
            body = self.table.to_string(index=False)
        return f"{self.title}\n{body}\n" + "\n".join(f"  {n}" for n in self.notes)

    def _repr_html_(self) -> str:
        return self.to_html()


def _with_ext(path: str | os.PathLike[str], ext: str) -> Path:
    base = Path(path)
    if base.suffix.lower().lstrip(".") in TABLE_FORMATS:
        base = base.with_suffix("")
    return base.with_suffix(f".{ext}")


#: The preamble every LaTeX table of smartcase needs, as stated in its header comment. Compile
#: with ``lualatex``: ``fontspec`` sets the text in Unicode (TU encoding, so ``|``, ``<`` and
#: ``>`` print as themselves), ``luatexko`` with the Un fonts of TeX Live (package
#: ``texlive-lang-korean``) sets Korean text and IPAex Mincho (``fonts-ipaexfont-mincho``) the
#: Japanese of a few source titles, ``pdflscape`` turns wide tables.
LATEX_PREAMBLE: tuple[str, ...] = (
    "\\documentclass{article}",
    "\\usepackage[a4paper,margin=25mm]{geometry}",
    "\\usepackage{fontspec}",
    "\\usepackage{luatexko}",
    "\\setmainhangulfont{UnBatang}",
    "\\setmainfallbackfont{IPAexMincho}",
    "\\usepackage{booktabs,array,longtable,pdflscape,harveyballs}",
)
#: Text width (pt) of the stated page: A4 with 25 mm margins, portrait and landscape.
_TEX_WIDTH_PT = {"portrait": 452.0, "landscape": 700.0}
_TEX_MATH = {
    "\u2027": "\u00b7",  # hyphenation point, used as a middle dot in Korean names
    "\u2265": "\\ensuremath{\\geq}",
    "\u2264": "\\ensuremath{\\leq}",
    "\u2192": "\\ensuremath{\\rightarrow}",
    "\u2190": "\\ensuremath{\\leftarrow}",
}


def _tex_text(value: object) -> str:
    import re

    def breakable(m: re.Match[str]) -> str:
        # long ids and URLs may break after - _ / . % = & ? : , and inside long runs of
        # letters and digits (TeX would not break them otherwise)
        token = re.sub(r"([-_/.%=&?:,])(?=.)", lambda k: k.group(1) + "\x00", m.group(0))
        return re.sub(
            r"[A-Za-z0-9]{12,}", lambda k: "\x00".join(re.findall(".{1,8}", k.group(0))), token
        )

    # only long tokens that are ids or URLs (digits, / % _ = & ?), never ordinary words
    text = re.sub(
        r"\S{16,}",
        lambda m: breakable(m) if re.search(r"[\d/%_=&?]", m.group(0)) else m.group(0),
        str(value),
    )
    out = _tex_escape(text).replace("\x00", "\\allowbreak{}")
    for ch, command in _TEX_MATH.items():
        out = out.replace(ch, command)
    return out


def _display_len(text: str) -> float:
    """Width of a cell in average Latin characters (Hangul and Harvey balls count double)."""
    wide = sum(
        1 for ch in text if "\uac00" <= ch <= "\ud7a3" or ch in "\u25cb\u25d4\u25d1\u25d5\u25cf"
    )
    return len(text) + wide


def _latex_table(
    table: pd.DataFrame, title: str, notes: Sequence[str], *, label: str | None = None
) -> str:
    """A booktabs longtable whose column widths fit the page (landscape when needed)."""
    cols = [str(c) for c in table.columns]
    cells = [[_cell_text(v) for v in rec] for rec in table.itertuples(index=False, name=None)]
    numeric = [
        (bool(pd.api.types.is_numeric_dtype(table[c])) and not pd.api.types.is_bool_dtype(table[c]))
        or _numbers_only([r[j] for r in cells])
        for j, c in enumerate(table.columns)
    ]
    longest = [max([0.0] + [_display_len(r[j]) for r in cells]) for j in range(len(cols))]
    head_word = [max(_display_len(w) for w in (c.split() or [""])) for c in cols]
    natural = [
        max(n, hw, min(_display_len(c), 14.0))
        for n, hw, c in zip(longest, head_word, cols, strict=True)
    ]
    n = len(cols)
    widths: list[float] = []
    orientation, size, char_pt = "portrait", "\\small", 4.6
    for option in (
        ("portrait", "\\small", 4.6),
        ("landscape", "\\small", 4.6),
        ("landscape", "\\footnotesize", 4.1),
    ):
        orientation, size, char_pt = option
        avail = _TEX_WIDTH_PT[orientation] - n * 12.0  # 2 x 6 pt column separation
        need = [w * char_pt for w in natural]
        if sum(need) <= avail:
            widths = need
            break
        # shrink the widest columns to a common cap until the row fits
        lo, hi = 0.0, max(need)
        for _ in range(40):
            cap = (lo + hi) / 2
            if sum(min(w, cap) for w in need) > avail:
                hi = cap
            else:
                lo = cap
        floor = [max(hw * char_pt, 9 * char_pt) for hw in head_word]
        widths = [max(min(w, lo), f) for w, f in zip(need, floor, strict=True)]
        if sum(widths) <= avail and lo >= 16 * char_pt:
            break
    if sum(widths) > _TEX_WIDTH_PT[orientation] - n * 12.0:
        scale = (_TEX_WIDTH_PT[orientation] - n * 12.0) / sum(widths)
        widths = [w * scale for w in widths]
    spec = "".join(
        (">{\\raggedleft\\arraybackslash}" if num else ">{\\raggedright\\arraybackslash}")
        + f"p{{{w / _TEX_WIDTH_PT[orientation]:.3f}\\linewidth}}"
        for w, num in zip(widths, numeric, strict=True)
    )
    header = " & ".join(_tex_text(c) for c in cols) + " \\\\"
    body = [" & ".join(_tex_text(v) for v in r) + " \\\\" for r in cells]
    caption = _tex_text(title.strip())
    lab = f"\\label{{tab:{label}}}" if label else ""
    out = ["% smartcase table. Compile with lualatex; the preamble it needs:"]
    out += [f"%   {line}" for line in LATEX_PREAMBLE]
    out += [
        "% (UnBatang: TeX Live's Korean collection, texlive-lang-korean; IPAexMincho, for Japanese:"
        " fonts-ipaexfont-mincho.)"
    ]
    if orientation == "landscape":
        out.append("\\begin{landscape}")
    out += [
        "\\begingroup",
        size,
        "\\setlength{\\LTleft}{0pt}\\setlength{\\LTright}{0pt}",
        f"\\begin{{longtable}}{{@{{}}{spec}@{{}}}}",
        f"\\caption{{{caption}}}{lab} \\\\",
        "\\toprule",
        header,
        "\\midrule",
        "\\endfirsthead",
        f"\\multicolumn{{{n}}}{{l}}{{\\footnotesize\\itshape (continued)}} \\\\",
        "\\toprule",
        header,
        "\\midrule",
        "\\endhead",
        "\\bottomrule",
        "\\endlastfoot",
        *body,
        "\\end{longtable}",
        "\\par\\footnotesize " + " ".join(_tex_text(x) for x in notes),
        "\\par\\endgroup",
    ]
    if orientation == "landscape":
        out.append("\\end{landscape}")
    return "\n".join(out) + "\n"


def _numbers_only(values: Sequence[str]) -> bool:
    """True when every non-empty cell is a number (such columns are set flush right)."""
    import re

    filled = [v for v in values if v]
    return bool(filled) and all(re.fullmatch(r"[-\u2212+]?\d[\d,]*(\.\d+)?", v) for v in filled)


def _cell_text(value: object) -> str:
    from .output import _cell

    return _cell(value)


def _tex_escape(text: str) -> str:
    from .output import _tex

    return _tex(text)


# ---------------------------------------------------------- comparison matrix
def comparison_matrix(
    book: CaseBook,
    *,
    level: Literal["subdimension", "element"] = "subdimension",
    coder: str = "ref",
    symbols: Symbols = "harvey",
    cases: Iterable[str] | None = None,
    outcome: bool = True,
    mark_low_confidence: bool = True,
) -> ComparisonTable:
    """The cross-case comparison matrix: constructs grouped by element (rows) by cases (columns).

    Rows are the framework's sub-dimensions grouped by element, each element opened by a row
    with its element score, and the outcome last; columns are the cases. With five cases and
    22 sub-dimensions this layout fits a portrait page and reads like Miles & Huberman's
    conceptually clustered matrix (related constructs together).

    Parameters
    ----------
    book : CaseBook
        The case base.
    level : {'subdimension', 'element'}, default 'subdimension'
        ``'subdimension'``: element rows and sub-dimension rows; ``'element'``: element rows only.
    coder : str, default 'ref'
        Whose codes.
    symbols : {'harvey', 'numeric'}, default 'harvey'
        Harvey balls (see the module notes) or the numbers (codes 0-3, scores 0-1).
    cases : iterable of str, optional
        Cases (columns) and their order; default all, in the order of ``cases.csv``.
    outcome : bool, default True
        Add the outcome row (``innovation``).
    mark_low_confidence : bool, default True
        Append a dagger (†) to codes given with low confidence.

    Returns
    -------
    ComparisonTable
        ``table`` columns ``Element, Construct`` and one per case (named by the case's name);
        ``data`` holds ``kind, element_id, construct_id`` and the codes (sub-dimension and
        outcome rows) or scores (element rows) by case id.

    Raises
    ------
    ArgumentError
        Unknown case, coder, ``level`` or ``symbols``.

    See Also
    --------
    meta_matrix : Cases as rows, sorted by the outcome.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> m = comparison_matrix(book, symbols="numeric")
    >>> n_rows = len(book.framework.subdimensions) + len(book.framework.elements) + 1
    >>> len(m.to_frame()) == n_rows
    True
    >>> comparison_matrix(book, cases=["atlantis"])
    Traceback (most recent call last):
    ...
    smartcase.errors.ArgumentError: argument 'cases': expected one of ..., found 'atlantis'
    """
    _choice("level", level, ("subdimension", "element"))
    _choice("symbols", symbols, ("harvey", "numeric"))
    _check_coder(book, coder)
    ids = _cases(book, cases)
    fw = book.framework
    sub = book.code_matrix("subdimension", coder=coder, outcome=True)
    el = book.code_matrix("element", coder=coder)
    conf = _confidence(book, coder) if mark_low_confidence else {}
    names = [str(book.cases.at[c, "name"]) for c in ids]
    rows, data = [], []
    any_low = any_missing = False
    for eid in fw.element_ids:
        elabel = str(fw.elements.at[eid, "label"])
        rows.append([elabel, SCORE_ROW, *[_score_cell(el.at[c, eid], symbols) for c in ids]])
        data.append(["element", eid, eid, *[float(el.at[c, eid]) for c in ids]])
        if level == "element":
            continue
        for sid in fw.subdimensions_of(eid):
            cells = []
            for c in ids:
                code = sub.at[c, sid]
                low = conf.get((c, sid)) == "low"
                any_low |= low and not _is_missing(code)
                any_missing |= _is_missing(code)
                cells.append(_code_cell(code, symbols, low))
            rows.append(["", str(fw.codebook.at[sid, "label"]), *cells])
            data.append(["subdimension", eid, sid, *[_num(sub.at[c, sid]) for c in ids]])
    if outcome:
        for oid in fw.outcome_ids:
            cells = []
            for c in ids:
                code = sub.at[c, oid]
                low = conf.get((c, oid)) == "low"
                any_low |= low and not _is_missing(code)
                any_missing |= _is_missing(code)
                cells.append(_code_cell(code, symbols, low))
            rows.append(["Outcome", str(fw.codebook.at[oid, "label"]), *cells])
            data.append(["outcome", None, oid, *[_num(sub.at[c, oid]) for c in ids]])
    table = pd.DataFrame(rows, columns=["Element", "Construct", *names])
    numeric = pd.DataFrame(data, columns=["kind", "element_id", "construct_id", *ids])
    notes = [_legend(symbols, element_rows=True)]
    if mark_low_confidence:
        notes.append(
            f"{LOW_CONFIDENCE_MARK} code given with low confidence (thin or indirect evidence)."
            + ("" if any_low else " None here.")
        )
    if any_missing:
        notes.append(f"{NOT_CODED} not coded.")
    notes += [_coder_note(coder), RECONSTRUCTION_NOTE]
    title = f"Cross-case comparison matrix: {len(ids)} cases on the {len(fw.elements)} elements" + (
        " and their sub-dimensions" if level == "subdimension" else ""
    )
    return ComparisonTable(
        table=table, title=title, notes=tuple(notes), data=numeric, kind="comparison_matrix"
    )


def _num(value: object) -> float:
    return math.nan if _is_missing(value) else float(value)  # type: ignore[arg-type]


# -------------------------------------------------------------- meta-matrix
def meta_matrix(
    book: CaseBook,
    *,
    sort_by: str = "innovation",
    level: Literal["element", "subdimension"] = "element",
    coder: str = "ref",
    symbols: Symbols = "harvey",
    ascending: bool = False,
    cases: Iterable[str] | None = None,
) -> ComparisonTable:
    """Case-ordered meta-matrix: cases as rows, sorted by the outcome (Miles & Huberman).

    Parameters
    ----------
    book : CaseBook
        The case base.
    sort_by : str, default 'innovation'
        The construct (outcome or sub-dimension id) or element id whose code or score orders
        the cases. Ties keep the order of ``cases.csv``.
    level : {'element', 'subdimension'}, default 'element'
        Columns beside the sort variable: the element scores, or every sub-dimension code.
    coder : str, default 'ref'
        Whose codes.
    symbols : {'harvey', 'numeric'}, default 'harvey'
        Harvey balls or numbers.
    ascending : bool, default False
        Lowest first (default: highest first).
    cases : iterable of str, optional
        A subset of cases.

    Returns
    -------
    ComparisonTable
        ``table`` columns ``Case, Group``, the sort variable, its rubric level (for a construct)
        and one column per element (or sub-dimension); ``data`` the numbers, indexed by case.

    Raises
    ------
    ArgumentError
        Unknown ``sort_by``, case, coder, ``level`` or ``symbols``.

    Notes
    -----
    In a case-ordered descriptive meta-matrix (Miles, Huberman & Saldaña 2014, ch. 7) the
    cases are sorted by the main variable so that patterns across the ordering show: here,
    whether the elements rise with people-oriented innovation.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> mm = meta_matrix(book, symbols="numeric")
    >>> codes = mm.data["innovation"].tolist()
    >>> codes == sorted(codes, reverse=True)
    True
    """
    _choice("level", level, ("element", "subdimension"))
    _choice("symbols", symbols, ("harvey", "numeric"))
    _check_coder(book, coder)
    ids = _cases(book, cases)
    fw = book.framework
    sub = book.code_matrix("subdimension", coder=coder, outcome=True).loc[ids]
    el = book.code_matrix("element", coder=coder).loc[ids]
    if sort_by in fw.elements.index:
        key = el[sort_by].astype("float64")
        sort_label = str(fw.elements.at[sort_by, "label"])
        is_construct = False
    elif sort_by in fw.codebook.index:
        key = sub[sort_by].astype("Float64").astype("float64")
        sort_label = str(fw.codebook.at[sort_by, "label"])
        is_construct = True
    else:
        allowed = list(fw.outcome_ids) + list(fw.element_ids) + ["a sub-dimension id"]
        raise ArgumentError("sort_by", repr(sort_by), "one of " + ", ".join(map(repr, allowed)))
    order = sorted(range(len(ids)), key=lambda i: (_sort_value(key.iloc[i], ascending), i))
    ids = [ids[i] for i in order]
    cols = list(fw.element_ids) if level == "element" else list(fw.subdimension_ids)
    conf = _confidence(book, coder)
    rows, data = [], []
    for c in ids:
        row: list[object] = [str(book.cases.at[c, "name"]), _group(book, c)]
        drow: dict[str, object] = {"case_id": c}
        if is_construct:
            code = sub.at[c, sort_by]
            row += [
                _code_cell(code, symbols, conf.get((c, sort_by)) == "low"),
                "" if _is_missing(code) else _LEVEL_LABELS[int(code)],
            ]
            drow[sort_by] = _num(code)
        else:
            row.append(_score_cell(el.at[c, sort_by], symbols))
            drow[sort_by] = float(el.at[c, sort_by])
        for col in cols:
            if col == sort_by:
                continue
            if level == "element":
                row.append(_score_cell(el.at[c, col], symbols))
                drow[col] = float(el.at[c, col])
            else:
                row.append(_code_cell(sub.at[c, col], symbols, conf.get((c, col)) == "low"))
                drow[col] = _num(sub.at[c, col])
        rows.append(row)
        data.append(drow)
    head = ["Case", "Group", sort_label] + (["Level"] if is_construct else [])
    head += [
        str(fw.elements.at[col, "label"])
        if level == "element"
        else str(fw.codebook.at[col, "label"])
        for col in cols
        if col != sort_by
    ]
    table = pd.DataFrame(rows, columns=head)
    numeric = pd.DataFrame(data).set_index("case_id")
    direction = "lowest" if ascending else "highest"
    notes = [
        f"Cases sorted by {sort_label} ({direction} first; ties in the order of the case list).",
        _legend(symbols, element_rows=level == "element" or not is_construct),
    ]
    if is_construct or level == "subdimension":
        notes.append(f"{LOW_CONFIDENCE_MARK} code given with low confidence.")
    notes += [_coder_note(coder), RECONSTRUCTION_NOTE]
    title = f"Case-ordered meta-matrix: {len(ids)} cases sorted by {sort_label}"
    return ComparisonTable(
        table=table, title=title, notes=tuple(notes), data=numeric, kind="meta_matrix"
    )


def _sort_value(value: object, ascending: bool) -> float:
    if _is_missing(value):
        return math.inf
    v = float(value)  # type: ignore[arg-type]
    return v if ascending else -v


def _group(book: CaseBook, case: str) -> str:
    value = book.cases.at[case, "group"] if "group" in book.cases.columns else None
    return "" if _is_missing(value) else str(value)


# ---------------------------------------------------------- framework matrix
def framework_matrix(
    book: CaseBook,
    *,
    coder: str = "ref",
    top: int = 3,
    cases: Iterable[str] | None = None,
) -> ComparisonTable:
    """Framework matrix: per case and element, a summary sentence with its evidence ids.

    Each cell is composed from the codes only — no claim is added: the element score, the
    ``top`` highest-coded sub-dimensions with their rubric level and cited evidence ids, the
    statement of the strongest evidence item behind the highest code, and how many
    sub-dimensions are absent or coded with low confidence.

    Parameters
    ----------
    book : CaseBook
        The case base.
    coder : str, default 'ref'
        Whose codes.
    top : int, default 3
        How many of the highest-coded sub-dimensions (code 1 or more) to name per cell.
    cases : iterable of str, optional
        A subset of cases.

    Returns
    -------
    ComparisonTable
        ``table`` columns ``Case``, one per element label and ``Evidence cited (ids)``;
        ``data`` (long form) one row per
        case and element with ``score``, ``named`` (sub-dimension ids named) and
        ``evidence_ids`` cited in the cell.

    Raises
    ------
    ArgumentError
        Unknown case or coder; ``top`` not a positive integer.

    Examples
    --------
    >>> import smartcase
    >>> book = smartcase.load_cases()
    >>> fm = framework_matrix(book)
    >>> fm.to_frame().shape == (len(book.cases), 2 + len(book.framework.elements))
    True
    """
    _check_coder(book, coder)
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        raise ArgumentError("top", repr(top), "a positive integer")
    ids = _cases(book, cases)
    fw = book.framework
    sub = book.code_matrix("subdimension", coder=coder)
    el = book.code_matrix("element", coder=coder)
    codes = book.codes[book.codes["coder_id"] == coder].set_index(["case_id", "construct_id"])
    from .schema import split_ids

    rows, data = [], []
    for c in ids:
        row = [str(book.cases.at[c, "name"])]
        evidence_notes: list[str] = []
        key: tuple[str, str, int] | None = None
        for eid in fw.element_ids:
            subs = fw.subdimensions_of(eid)
            scored = [(s, sub.at[c, s]) for s in subs]
            coded = [(s, int(v)) for s, v in scored if not _is_missing(v)]
            ranked = sorted(
                (p for p in coded if p[1] >= 1), key=lambda p: (-p[1], subs.index(p[0]))
            )[:top]
            cited: dict[str, list[str]] = {
                s: split_ids(codes.at[(c, s), "evidence_ids"]) if (c, s) in codes.index else []
                for s, _ in ranked
            }
            parts = [
                f"Element score {float(el.at[c, eid]) * 3:.2f}."
                if not _is_missing(el.at[c, eid])
                else "Not coded."
            ]
            if ranked:
                groups: dict[int, list[str]] = {}
                for s, v in ranked:
                    groups.setdefault(v, []).append(s)
                phrases = []
                for v, group in groups.items():
                    labels = _join([str(fw.codebook.at[s, "label"]) for s in group])
                    phrases.append(f"{labels} {_LEVEL_LABELS[v]}")
                parts.append("Highest: " + "; ".join(phrases) + ".")
                key = _key_evidence(book, cited[ranked[0][0]])
                if key is not None:
                    eid_, statement, year = key
                    parts.append(f"Key evidence ({year}): {statement.rstrip('.')}.")
            elif coded:
                parts.append("No sub-dimension coded above absent.")
            absent = sum(1 for _, v in coded if v == 0)
            tail = f"{absent} of {len(subs)} sub-dimensions absent"
            low = sum(
                1 for s in subs if (c, s) in codes.index and codes.at[(c, s), "confidence"] == "low"
            )
            if low:
                tail += f"; {low} coded with low confidence"
            uncoded = len(subs) - len(coded)
            if uncoded:
                tail += f"; {uncoded} not coded"
            parts.append(tail + ".")
            row.append(" ".join(parts))
            ev_ids = list(dict.fromkeys(e for s, _ in ranked for e in cited[s]))
            key_id = key[0] if ranked and key is not None else None
            if ev_ids:
                evidence_notes.append(
                    f"{_short(fw.elements.at[eid, 'label'])}: "
                    + ", ".join(e + (" (key)" if e == key_id else "") for e in ev_ids)
                )
            data.append(
                {
                    "case_id": c,
                    "element_id": eid,
                    "score": _num(el.at[c, eid]),
                    "named": ";".join(s for s, _ in ranked),
                    "evidence_ids": ";".join(e for s, _ in ranked for e in cited[s]),
                }
            )
        row.append("; ".join(evidence_notes))
        rows.append(row)
    table = pd.DataFrame(
        rows,
        columns=[
            "Case",
            *[str(fw.elements.at[e, "label"]) for e in fw.element_ids],
            "Evidence cited (ids)",
        ],
    )
    notes = (
        "Each cell is composed from the codes: the element score (mean code of the element's "
        f"sub-dimensions, 0-3), the highest-coded sub-dimensions (up to {top}) with their rubric level, "
        "the statement of the strongest evidence item behind the highest code, and the number of absent "
        "sub-dimensions.",
        "The last column lists, per element, the evidence the named sub-dimensions cite, '(key)' marking "
        "the item quoted; ids refer to the evidence table (book.explain(case, sub-dimension) shows them with "
        "their sources).",
        _coder_note(coder),
        RECONSTRUCTION_NOTE,
    )
    title = f"Framework matrix: {len(ids)} cases by the {len(fw.elements)} elements"
    return ComparisonTable(
        table=table, title=title, notes=notes, data=pd.DataFrame(data), kind="framework_matrix"
    )


def _short(label: object) -> str:
    """The first words of an element label, up to a comma ('Technology, data and ...' -> 'Technology')."""
    return str(label).split(",")[0]


def _join(labels: list[str]) -> str:
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _key_evidence(book: CaseBook, ids: list[str]) -> tuple[str, str, int] | None:
    ev = book.evidence
    found = [e for e in ids if e in ev.index]
    if not found:
        return None
    best = sorted(
        found,
        key=lambda e: (
            _STRENGTH_RANK.get(str(ev.at[e, "strength"]), 3),
            bool(ev.at[e, "post_2020"]),
            e,
        ),
    )[0]
    return best, str(ev.at[best, "statement"]), int(ev.at[best, "year"])


# ------------------------------------------------------------- case overview
def case_overview(book: CaseBook, *, cases: Iterable[str] | None = None) -> ComparisonTable:
    """The case overview table: who the cases are, with sources cited by id.

    Parameters
    ----------
    book : CaseBook
        The case base.
    cases : iterable of str, optional
        A subset of cases.

    Returns
    -------
    ComparisonTable
        One row per case: ``Case, Country, Group, Administrative type, Population, Area (km²),
        Flagship programmes`` (with start years), ``Lead organisations, Evidence items``
        (all, strong, dated up to 2020) and ``Sources`` (ids of the sources of the attributes
        and programmes). ``data`` holds the numbers.

    Raises
    ------
    ArgumentError
        Unknown case.

    Examples
    --------
    >>> import smartcase
    >>> ov = case_overview(smartcase.load_cases())
    >>> "Flagship programmes" in ov.to_frame().columns
    True
    """
    ids = _cases(book, cases)
    cs = book.cases
    prog = book.programmes
    ev = book.evidence
    rows, data = [], []
    for c in ids:
        rec = cs.loc[c]
        p = prog[prog["case_id"] == c].copy()
        p["_start"] = p["start_year"].astype("Float64").fillna(math.inf)
        p = p.sort_values(["_start"], kind="stable")
        programmes = "; ".join(
            f"{r['name']} ({int(r['start_year'])})"
            if not _is_missing(r["start_year"])
            else str(r["name"])
            for _, r in p.iterrows()
        )
        leads: list[str] = []
        for value in p["lead_organisations"]:
            if _is_missing(value):
                continue
            for org in str(value).split(";"):
                org = org.strip()
                if org and org not in leads:
                    leads.append(org)
        e = ev[ev["case_id"] == c]
        n_all, n_strong = len(e), int((e["strength"] == "strong").sum())
        n_2020 = int((~e["post_2020"].astype(bool)).sum())
        srcs: list[str] = []
        for col in ("admin_type_source", "population_source", "area_source"):
            if col in cs.columns and not _is_missing(rec[col]) and rec[col] not in srcs:
                srcs.append(str(rec[col]))
        for col in ("source_id", "lead_source_id"):
            for value in p.get(col, []):
                if not _is_missing(value) and value not in srcs:
                    srcs.append(str(value))
        rows.append(
            [
                str(rec["name"]),
                _text(rec.get("country")),
                _text(rec.get("group")),
                _text(rec.get("admin_type")),
                _with_year(rec.get("population"), rec.get("population_year"), "{:,.0f}"),
                _with_year(rec.get("area_km2"), rec.get("area_year"), "{:,.1f}"),
                programmes,
                "; ".join(leads),
                f"{n_all} ({n_strong} strong; {n_2020} dated to 2020)",
                "; ".join(srcs),
            ]
        )
        data.append(
            {
                "case_id": c,
                "population": _num(rec.get("population")),
                "population_year": _num(rec.get("population_year")),
                "area_km2": _num(rec.get("area_km2")),
                "programmes": len(p),
                "evidence": n_all,
                "evidence_strong": n_strong,
                "evidence_to_2020": n_2020,
                "sources": len(set(e["source_id"])),
            }
        )
    columns = [
        "Case",
        "Country",
        "Group",
        "Administrative type",
        "Population (year)",
        "Area km\u00b2 (year)",
        "Flagship programmes (start)",
        "Lead organisations",
        "Evidence items",
        "Sources",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table = table.rename(columns={"Flagship programmes (start)": "Flagship programmes"})
    notes = (
        "Population and area with their reference year; flagship programmes with their start year.",
        "Evidence items: all items coded for the case, of which strong and dated up to the reference year 2020.",
        "Sources are cited by source id (see the sources table with URLs and access dates).",
        RECONSTRUCTION_NOTE,
    )
    title = f"Overview of the {len(ids)} cases"
    return ComparisonTable(
        table=table,
        title=title,
        notes=notes,
        data=pd.DataFrame(data).set_index("case_id"),
        kind="case_overview",
    )


def _text(value: object) -> str:
    return "" if _is_missing(value) else str(value)


def _with_year(value: object, year: object, fmt: str) -> str:
    if _is_missing(value):
        return ""
    text = fmt.format(float(value))  # type: ignore[arg-type]
    if text.endswith(".0") and "." in fmt:
        text = text[:-2]
    return text + (f" ({int(year)})" if not _is_missing(year) else "")  # type: ignore[call-overload]


# ------------------------------------------------------------ group contrast
def group_contrast(
    book: CaseBook,
    *,
    by: str = "group",
    coder: str = "ref",
    level: Literal["subdimension", "element"] = "subdimension",
    outcome: bool = True,
) -> ComparisonTable:
    """Group profiles (mean and median codes) and their differences, e.g. Korea versus Europe.

    Parameters
    ----------
    book : CaseBook
        The case base.
    by : str, default 'group'
        The column of ``book.cases`` that defines the groups. Groups appear in the order in
        which they first occur in the case list.
    coder : str, default 'ref'
        Whose codes.
    level : {'subdimension', 'element'}, default 'subdimension'
        Element rows and sub-dimension rows, or element rows only.
    outcome : bool, default True
        Add the outcome row.

    Returns
    -------
    ComparisonTable
        ``table``: ``Element, Construct``, then per group ``<group> (n=k) mean`` and
        ``median``; with two groups also ``Difference in means`` and ``Difference in medians``
        (first group minus second), otherwise ``Range of means``. All on the 0-3 code scale;
        element rows use each case's mean code of the element's sub-dimensions. ``data``
        holds the same numbers with ids.

    Raises
    ------
    ArgumentError
        ``by`` not a column of the cases table, fewer than two groups, unknown coder or
        ``level``.

    Notes
    -----
    With groups of two or three cases the differences describe these cases, not Korea or
    Europe at large; no test of significance is meaningful at this size, and one case can
    make up a large share of its group's mean. The table says so in its notes.

    Examples
    --------
    >>> import smartcase
    >>> gc = group_contrast(smartcase.load_cases())
    >>> any("small-n" in n.lower() for n in gc.notes)
    True
    """
    _choice("level", level, ("subdimension", "element"))
    _check_coder(book, coder)
    if by not in book.cases.columns:
        raise ArgumentError(
            "by",
            repr(by),
            "a column of the cases table: " + ", ".join(map(repr, book.cases.columns)),
        )
    labels = book.cases[by]
    groups = [g for g in dict.fromkeys(labels) if not _is_missing(g)]
    if len(groups) < 2:
        raise ArgumentError(
            "by", f"{len(groups)} group(s) in column {by!r}", "a column with at least two groups"
        )
    fw = book.framework
    sub = (
        book.code_matrix("subdimension", coder=coder, outcome=True)
        .astype("Float64")
        .astype("float64")
    )
    el = book.code_matrix("element", coder=coder) * 3.0
    members = {g: [c for c in book.case_ids if labels[c] == g] for g in groups}
    rows, data = [], []

    def add(
        kind: str, element: str | None, construct: str, label_el: str, label: str, values: pd.Series
    ) -> None:
        row: list[object] = [label_el, label]
        drow: dict[str, object] = {"kind": kind, "element_id": element, "construct_id": construct}
        means, medians = [], []
        for g in groups:
            v = values.loc[members[g]].dropna()
            m = float(v.mean()) if len(v) else math.nan
            md = float(v.median()) if len(v) else math.nan
            means.append(m)
            medians.append(md)
            row += [round(m, 2), round(md, 2)]
            drow[f"{g}_mean"] = m
            drow[f"{g}_median"] = md
        if len(groups) == 2:
            row += [round(means[0] - means[1], 2), round(medians[0] - medians[1], 2)]
            drow["diff_mean"] = means[0] - means[1]
            drow["diff_median"] = medians[0] - medians[1]
        else:
            row.append(round(max(means) - min(means), 2))
            drow["range_mean"] = max(means) - min(means)
        rows.append(row)
        data.append(drow)

    for eid in fw.element_ids:
        add("element", eid, eid, str(fw.elements.at[eid, "label"]), "Element (mean code)", el[eid])
        if level == "subdimension":
            for sid in fw.subdimensions_of(eid):
                add("subdimension", eid, sid, "", str(fw.codebook.at[sid, "label"]), sub[sid])
    if outcome:
        for oid in fw.outcome_ids:
            add("outcome", None, oid, "Outcome", str(fw.codebook.at[oid, "label"]), sub[oid])
    head = ["Element", "Construct"]
    for g in groups:
        n = len(members[g])
        head += [f"{g} (n={n}) mean", f"{g} (n={n}) median"]
    if len(groups) == 2:
        head += [
            f"Difference in means ({groups[0]} \u2212 {groups[1]})",
            f"Difference in medians ({groups[0]} \u2212 {groups[1]})",
        ]
    else:
        head.append("Range of means")
    table = pd.DataFrame(rows, columns=head)
    sizes = " and ".join(f"{len(members[g])} ({g})" for g in groups)
    notes = (
        "Mean and median codes on the 0-3 scale (0 absent, 1 emerging, 2 developing, 3 established); element rows "
        "average each case's mean code over the element's sub-dimensions.",
        f"Small-n caveat: the groups hold {sizes} cases, so the differences describe these cases only; "
        "no significance test is meaningful and each case makes up "
        + _share_of_mean([len(members[g]) for g in groups])
        + " of its group's mean.",
        _coder_note(coder),
        RECONSTRUCTION_NOTE,
    )
    title = f"Group contrast by {by}: " + " versus ".join(str(g) for g in groups)
    return ComparisonTable(
        table=table, title=title, notes=notes, data=pd.DataFrame(data), kind="group_contrast"
    )
