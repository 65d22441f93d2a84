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
A Harvey ball shows the share of the maximum a code reaches, rounded to the nearest quarter:
``○`` 0, ``◔`` 1/4, ``◑`` 1/2, ``◕`` 3/4, ``●`` 1. A sub-dimension code *c* (0-3) is drawn at
*c*/3, so 0 ``○`` absent, 1 ``◔`` emerging, 2 ``◕`` developing, 3 ``●`` established; an element
score (mean code / 3, on [0, 1]) uses all five balls, ``◑`` marking a half-way element. One
rule for both rows keeps the fill proportional to the score. The glyphs (U+25CB, U+25D4, U+25D1,
U+25D5, U+25CF) and the dagger are in DejaVu Sans, the font of smartcase's figures; LaTeX output
uses the ``harveyballs`` package instead.

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
    ("\u2212", "--"),
    ("\u2013", "--"),
)
Symbols = Literal["harvey", "numeric"]
_LEVEL_LABELS = {0: "absent", 1: "emerging", 2: "developing", 3: "established"}
_STRENGTH_RANK = {"strong": 0, "medium": 1, "weak": 2}


# ------------------------------------------------------------------- helpers
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
    text = harvey_ball(float(code)) if symbols == "harvey" else str(int(code))  # type: ignore[arg-type]
    return text + (LOW_CONFIDENCE_MARK if low else "")


def _score_cell(score: float, symbols: str) -> str:
    if _is_missing(score):
        return NOT_CODED
    return harvey_ball(score, maximum=1.0) if symbols == "harvey" else f"{score:.2f}"


def _legend(symbols: str, *, element_rows: bool) -> str:
    if symbols == "harvey":
        text = (
            "Codes: "
            + ", ".join(f"{harvey_ball(c)} {c} {_LEVEL_LABELS[c]}" for c in range(4))
            + "."
        )
        if element_rows:
            text += (
                " Element scores (mean code / 3, on [0, 1]) are drawn at the nearest quarter: "
                + ", ".join(f"{b} {q / 4:g}" for q, b in enumerate(HARVEY_BALLS))
                + "."
            )
        return text
    text = "Codes: " + ", ".join(f"{c} {_LEVEL_LABELS[c]}" for c in range(4)) + "."
    if element_rows:
        text += " Element scores are the mean code of the element's sub-dimensions divided by 3 (0 to 1)."
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
        """A copy of the displayed table."""
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

    def to_latex(self, *, symbols: Literal["harveyballs", "unicode"] = "harveyballs") -> str:
        r"""The table as a LaTeX ``table`` with booktabs rules and the notes beneath it.

        Parameters
        ----------
        symbols : {'harveyballs', 'unicode'}, default 'harveyballs'
            ``'harveyballs'`` writes Harvey balls as the ``harveyballs`` package's commands
            (``\usepackage{harveyballs}``; works with pdfLaTeX) and the dagger as ``\dag``;
            ``'unicode'`` keeps the characters (for XeLaTeX or LuaLaTeX with a font that has
            them, e.g. DejaVu Sans).
        """
        _choice("symbols", symbols, ("harveyballs", "unicode"))
        text = table_bytes(self.table, "tex", caption=self.title, index=False).decode("utf-8")
        notes = " ".join(_tex_escape(n) for n in self.notes)
        end = "\\end{tabular}\n" if "\\end{tabular}\n" in text else "\\end{longtable}\n"
        text = text.replace(end, end + "\\par\\smallskip\\footnotesize " + notes + "\n", 1)
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
                "tex": lambda: self.to_latex().encode("utf-8"),
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
        rows.append([elabel, "Element score", *[_score_cell(el.at[c, eid], symbols) for c in ids]])
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
        ``table`` columns ``Case`` and one per element label; ``data`` (long form) one row per
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
    >>> fm.to_frame().shape == (len(book.cases), 1 + len(book.framework.elements))
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
                f"Score {float(el.at[c, eid]):.2f}."
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
                    ev_ids = [e for s in group for e in cited[s]]
                    phrases.append(
                        f"{labels} {_LEVEL_LABELS[v]}"
                        + (f" [{'; '.join(ev_ids)}]" if ev_ids else "")
                    )
                parts.append("Highest: " + "; ".join(phrases) + ".")
                key = _key_evidence(book, cited[ranked[0][0]])
                if key is not None:
                    eid_, statement, year = key
                    parts.append(f"Key evidence ({year}): {statement.rstrip('.')}. [{eid_}]")
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
            data.append(
                {
                    "case_id": c,
                    "element_id": eid,
                    "score": _num(el.at[c, eid]),
                    "named": ";".join(s for s, _ in ranked),
                    "evidence_ids": ";".join(e for s, _ in ranked for e in cited[s]),
                }
            )
        rows.append(row)
    table = pd.DataFrame(
        rows, columns=["Case", *[str(fw.elements.at[e, "label"]) for e in fw.element_ids]]
    )
    notes = (
        "Each cell is composed from the codes: the element score (mean code / 3), the highest-coded "
        f"sub-dimensions (up to {top}) with their rubric level and the evidence ids they cite, the statement "
        "of the strongest evidence item behind the highest code, and the number of absent sub-dimensions.",
        "Evidence ids refer to the evidence table; book.explain(case, sub-dimension) shows items with sources.",
        _coder_note(coder),
        RECONSTRUCTION_NOTE,
    )
    title = f"Framework matrix: {len(ids)} cases by the {len(fw.elements)} elements"
    return ComparisonTable(
        table=table, title=title, notes=notes, data=pd.DataFrame(data), kind="framework_matrix"
    )


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
    move a group's mean by a whole level. The table says so in its notes.

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
        "no significance test is meaningful and a single case can shift a group mean by a whole level.",
        _coder_note(coder),
        RECONSTRUCTION_NOTE,
    )
    title = f"Group contrast by {by}: " + " versus ".join(str(g) for g in groups)
    return ComparisonTable(
        table=table, title=title, notes=notes, data=pd.DataFrame(data), kind="group_contrast"
    )
