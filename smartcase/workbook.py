"""The Excel coding workbook: export a case base to one .xlsx, code in Excel, read it back.

:func:`export_workbook` writes a :class:`~smartcase.casebook.CaseBook` as one workbook with a
sheet per table of the case base (``cases``, ``programmes``, ``sources``, ``evidence``,
``coders``, ``codes``; ``indicators`` and ``external_assessments`` when the book has them) and
the framework as protected reference sheets (``elements``, ``codebook``, ``rubric``). Every id
column has a drop-down list (case, element, sub-dimension, source, evidence and coder ids), as do
strengths, confidence, the 0-3 codes and true/false columns; headers are frozen and explained in
a cell note; long text wraps. :func:`read_workbook` reads such a workbook back with exactly the
checks of :func:`~smartcase.casebook.load_cases` (each sheet is turned into the CSV text of its
table and loaded by the same code), and reports problems by sheet and cell.
:func:`new_workbook` writes an empty workbook for coding a new case.

Examples
--------
>>> import tempfile, pathlib
>>> path = new_workbook(pathlib.Path(tempfile.mkdtemp()) / "coding.xlsx", cases=["tampere"])
>>> import openpyxl
>>> openpyxl.load_workbook(path).sheetnames[:4]
['README', 'cases', 'programmes', 'sources']
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import math
import numbers
import os
import posixpath
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from .casebook import CASE_TABLES, OPTIONAL_TABLES, CaseBook, load_cases
from .errors import ArgumentError, DataError, WorkbookError
from .framework import LEVEL_LABELS, Framework, load_framework
from .output import _normalise_zip, atomic_write_bytes, check_writable
from .schema import FieldSpec, TableSpec, table_specs

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "export_workbook",
    "read_workbook",
    "new_workbook",
    "write_case_base",
    "case_tables",
    "DATA_SHEETS",
    "REFERENCE_SHEETS",
    "DEFAULT_MAX_UNPACKED_MB",
    "DEFAULT_MAX_ROWS",
    "DEFAULT_MAX_COLUMNS",
    "DEFAULT_MAX_CELLS",
]

#: Sheets of the framework (protected, for reference; read back as the case base's framework).
REFERENCE_SHEETS = ("elements", "codebook", "rubric")
#: Sheets holding the case base, in workbook order.
DATA_SHEETS = ("cases", "programmes", "sources", "evidence", "coders", "codes")
#: Default limit on the unpacked size of a workbook that :func:`read_workbook` accepts.
DEFAULT_MAX_UNPACKED_MB = 100
#: Default limit on the rows of any sheet (by row number, declared or actual).
DEFAULT_MAX_ROWS = 50_000
#: Default limit on the columns of any sheet (by column number, declared or actual).
DEFAULT_MAX_COLUMNS = 64
#: Default limit on the cells of the whole workbook (every cell record; an empty row counts one).
DEFAULT_MAX_CELLS = 250_000
#: XML elements allowed in the whole workbook: per cell allowed, plus a fixed allowance for the
#: parts every workbook has (styles, themes, validations, column formats, ...).
XML_ELEMENTS_PER_CELL, _XML_ELEMENTS_FIXED = 8, 1_000_000
#: XML elements allowed in the worksheets, workbook and relationships parts (read one by one).
_PARSED_ELEMENTS_PER_CELL, _PARSED_ELEMENTS_FIXED = 4, 100_000
README_SHEET = "README"

_XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_MAX_PARTS = 10_000
_FORMULA_START = ("=", "+", "-", "@")
_FIXED_TIME = _dt.datetime(2020, 1, 1)
_MIN_WIDTH, _MAX_WIDTH = 8, 60
_HEADER_FILL = "DDE4EE"
_CSV_TABLES = tuple(CASE_TABLES)


# ----------------------------------------------------------------------------- tables
def case_tables(book: CaseBook, *, framework: bool = True) -> dict[str, pd.DataFrame]:
    """The tables of a case book as they are laid out in CSV files and workbook sheets.

    Parameters
    ----------
    book : CaseBook
        The case base.
    framework : bool, default True
        Include the framework tables ``elements``, ``codebook`` and ``rubric``.

    Returns
    -------
    dict of str to DataFrame
        By table name: ids as ordinary columns (no index), columns in the order of
        ``datapackage.json``. Copies; the book is not changed.

    Examples
    --------
    >>> from smartcase import load_cases
    >>> t = case_tables(load_cases())
    >>> list(t["codes"].columns)[:4]
    ['case_id', 'construct_id', 'coder_id', 'code']
    """
    specs = table_specs()
    out: dict[str, pd.DataFrame] = {}
    if framework:
        fw = book.framework
        out["elements"] = fw.elements.reset_index()
        out["codebook"] = fw.codebook.reset_index()
        out["rubric"] = fw.rubric.copy()
    for name in _CSV_TABLES:
        df = getattr(book, name)
        out[name] = df.reset_index() if name != "codes" else df.copy()
    for name in OPTIONAL_TABLES:
        if name in book.extra and name in specs:
            out[name] = book.extra[name].copy()
    for name, df in out.items():
        cols = list(specs[name].column_names)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ArgumentError(
                "book",
                f"table {name!r} without column {missing[0]!r}",
                f"columns {', '.join(cols)}",
            )
        out[name] = df[cols].reset_index(drop=True)
        out[name].attrs = {}
    return out


def _is_missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _number_text(value: float) -> str:
    return (
        str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    )


def _to_text(value: object) -> str:
    """CSV text of one value as smartcase's loader reads it back."""
    import numpy as np

    if _is_missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        return _number_text(float(value))
    return str(value)


def _csv_bytes(header: Sequence[str], rows: Sequence[Sequence[str]]) -> tuple[bytes, list[int]]:
    """CSV text (UTF-8, ``\\n``) and the physical line on which each record starts."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    starts: list[int] = []
    line = 2
    for rec in rows:
        one = io.StringIO()
        csv.writer(one, lineterminator="\n").writerow(rec)
        text = one.getvalue()
        starts.append(line)
        line += len(io.StringIO(text, newline="").readlines())
        buf.write(text)
    return buf.getvalue().encode("utf-8"), starts


def write_case_base(
    book: CaseBook,
    directory: str | Path,
    *,
    overwrite: bool = False,
    framework: bool | None = None,
    follow_symlinks: bool = False,
) -> list[Path]:
    """Write a case book as a case-base folder (the CSV layout of ``data/``).

    Parameters
    ----------
    book : CaseBook
        The case base.
    directory : str or Path
        The folder (created if needed).
    overwrite : bool, default False
        Replace existing files. Without it nothing is written when any target file exists.
    framework : bool, optional
        Also write ``framework/elements.csv``, ``codebook.csv`` and ``rubric.csv``. By default
        only when the book's framework differs from the bundled one.
    follow_symlinks : bool, default False
        Write through target files that are symbolic links (see
        :func:`~smartcase.output.atomic_write_bytes`).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    smartcase.output.OutputExistsError
        A target file exists and ``overwrite`` is False (nothing is written then).
    smartcase.output.OutputError
        A target is not a regular file, or a symbolic link without ``follow_symlinks``
        (nothing is written then), or the folder cannot be written.
    ArgumentError
        ``book`` is not a CaseBook or ``directory`` not a path.

    Examples
    --------
    >>> import tempfile
    >>> from smartcase import load_cases
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in write_case_base(load_cases(), folder)][:2]
    ['cases.csv', 'programmes.csv']
    >>> load_cases(folder).case_ids == load_cases().case_ids
    True
    """
    _check_book(book)
    if isinstance(directory, bytes) or not isinstance(directory, str | os.PathLike):
        raise ArgumentError("directory", repr(directory), "a folder path (str or Path)")
    folder = Path(directory)
    if framework is None:
        framework = not _same_framework(book.framework, load_framework())
    tables = case_tables(book, framework=framework)
    specs = table_specs()
    order = [n for n in (*REFERENCE_SHEETS, *DATA_SHEETS, *OPTIONAL_TABLES) if n in tables]
    targets = {name: folder / specs[name].path for name in order}
    for target in targets.values():  # nothing is written if any file would be refused
        check_writable(target, overwrite=overwrite, follow_symlinks=follow_symlinks)
    written = []
    for name in order:
        df = tables[name]
        rows = [[_to_text(v) for v in rec] for rec in df.itertuples(index=False, name=None)]
        data, _ = _csv_bytes(list(df.columns), rows)
        written.append(
            atomic_write_bytes(
                targets[name], data, overwrite=overwrite, follow_symlinks=follow_symlinks
            )
        )
    return [p for p in written if p.parent == folder] + [p for p in written if p.parent != folder]


def _same_framework(a: Framework, b: Framework) -> bool:
    try:
        pd.testing.assert_frame_equal(a.elements, b.elements)
        pd.testing.assert_frame_equal(a.codebook, b.codebook)
        pd.testing.assert_frame_equal(a.rubric, b.rubric)
    except AssertionError:
        return False
    return True


# ----------------------------------------------------------------------------- export
def _cell_value(value: object) -> Any:
    import numpy as np

    if _is_missing(value):
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _first_sheet(wb: Workbook) -> Worksheet:
    """The worksheet a new openpyxl ``Workbook`` starts with (``wb.active`` may be None)."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws = wb.active
    if not isinstance(ws, Worksheet):  # pragma: no cover - a new Workbook always has one
        raise TypeError(f"expected the first worksheet of a new workbook, found {ws!r}")
    return ws


def _set(ws: Worksheet, row: int, col: int, value: Any, *, text_format: bool = False) -> Any:
    """Write one cell; text that looks like a formula stays text."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    if text_format:
        cell.number_format = "@"
    return cell


def _width(header: str, values: Sequence[object]) -> int:
    longest = len(header) + 2
    for v in values[:500]:
        if v is None:
            continue
        text = str(v)
        longest = max(longest, max((len(part) for part in text.splitlines()), default=0) + 1)
    return max(_MIN_WIDTH, min(_MAX_WIDTH, longest))


def _validation_rows(n: int) -> int:
    return max(2000, n + 1001)


def _list_validation(formula: str, fs: FieldSpec, prompt: str, expected: str | None = None) -> Any:
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=not fs.required,
        showErrorMessage=True,
        errorTitle="smartcase",
        error=f"{fs.name}: expected {expected or fs.describe()}"[:255],
        showInputMessage=bool(prompt),
        promptTitle=fs.name[:32],
        prompt=prompt[:255],
    )


def _validation_for(
    spec: TableSpec,
    fs: FieldSpec,
    ref_ranges: Mapping[str, str],
) -> Any:
    """The data validation of one column, or None."""
    from openpyxl.worksheet.datavalidation import DataValidation

    prompt = fs.description
    key = f"{spec.name}.{fs.name}"
    if key in ref_ranges:
        sheet = ref_ranges[key].split("!")[0]
        return _list_validation(ref_ranges[key], fs, prompt, f"an id listed on sheet '{sheet}'")
    if fs.enum:
        joined = ",".join(fs.enum)
        if len(joined) <= 250:
            return _list_validation(f'"{joined}"', fs, prompt)
    if fs.type == "boolean":
        return _list_validation('"TRUE,FALSE"', fs, prompt)
    if (
        fs.type == "integer"
        and fs.minimum is not None
        and fs.maximum is not None
        and fs.maximum - fs.minimum <= 10
    ):
        values = ",".join(str(i) for i in range(int(fs.minimum), int(fs.maximum) + 1))
        return _list_validation(f'"{values}"', fs, prompt)
    if fs.type in ("integer", "number") and (fs.minimum is not None or fs.maximum is not None):
        kind: Literal["whole", "decimal"] = "whole" if fs.type == "integer" else "decimal"
        op: Literal["between", "greaterThanOrEqual", "lessThanOrEqual"]
        if fs.minimum is not None and fs.maximum is not None:
            op, f1, f2 = "between", _num(fs.minimum), _num(fs.maximum)
        elif fs.minimum is not None:
            op, f1, f2 = "greaterThanOrEqual", _num(fs.minimum), None
        else:
            op, f1, f2 = "lessThanOrEqual", _num(fs.maximum), None  # type: ignore[arg-type]
        return DataValidation(
            type=kind,
            operator=op,
            formula1=f1,
            formula2=f2,
            allow_blank=not fs.required,
            showErrorMessage=True,
            errorTitle="smartcase",
            error=f"{fs.name}: expected {fs.describe()}"[:255],
            showInputMessage=bool(prompt),
            promptTitle=fs.name[:32],
            prompt=prompt[:255],
        )
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _reference_ranges(
    specs: Mapping[str, TableSpec], fw: Framework, sheets: Sequence[str]
) -> dict[str, str]:
    """Drop-down sources: foreign-key columns list the ids of the sheet they refer to."""
    from openpyxl.utils import get_column_letter

    ranges: dict[str, str] = {}
    fixed = {"elements": 1 + len(fw.elements), "codebook": 1 + len(fw.codebook)}
    for name in sheets:
        spec = specs[name]
        for fld, ref_res, ref_fld in spec.foreign_keys:
            if ref_res not in sheets:
                continue
            col = get_column_letter(specs[ref_res].column_names.index(ref_fld) + 1)
            last = fixed.get(ref_res, _validation_rows(0))
            ranges[f"{name}.{fld}"] = f"{ref_res}!${col}$2:${col}${last}"
    # evidence is coded to sub-dimensions only: the codebook sheet lists them first.
    if "evidence" in sheets:
        ranges["evidence.subdimension_id"] = f"codebook!$A$2:$A${1 + len(fw.subdimensions)}"
    return ranges


def _write_sheet(
    wb: Any,
    name: str,
    df: pd.DataFrame,
    spec: TableSpec,
    *,
    protect: bool,
    ref_ranges: Mapping[str, str],
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    bold = Font(bold=True)
    fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    n = len(df)
    columns = [list(df[c]) for c in df.columns]
    for j, fs in enumerate(spec.fields, start=1):
        head = _set(ws, 1, j, fs.name)
        head.font = bold
        head.fill = fill
        note = (
            fs.description
            + ("\n" if fs.description else "")
            + f"Expected: {fs.describe()}"
            + (" (required)" if fs.required else "")
        )
        head.comment = Comment(note, "smartcase", width=300, height=120)
        values = [_cell_value(v) for v in columns[j - 1]]
        width = _width(fs.name, values)
        long_text = fs.type == "string" and any(
            isinstance(v, str) and (len(v) > _MAX_WIDTH or "\n" in v) for v in values
        )
        is_text = fs.type == "string"
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = width
        if is_text:
            ws.column_dimensions[letter].number_format = "@"
        for i, v in enumerate(values, start=2):
            cell = _set(ws, i, j, v, text_format=is_text)
            cell.alignment = wrap if long_text else top
    ws.freeze_panes = "B2"
    last_col = get_column_letter(len(spec.fields))
    if not protect:
        ws.auto_filter.ref = f"A1:{last_col}{max(n + 1, 2)}"
        rows = _validation_rows(n)
        for j, fs in enumerate(spec.fields, start=1):
            dv = _validation_for(spec, fs, ref_ranges)
            if dv is not None:
                letter = get_column_letter(j)
                dv.add(f"{letter}2:{letter}{rows}")
                ws.add_data_validation(dv)
    else:
        ws.protection.sheet = True
        ws.sheet_properties.tabColor = "A0A0A0"


def _readme_lines(fw: Framework, sheets: Sequence[str]) -> list[tuple[str, str]]:
    from . import __version__

    specs = table_specs()
    levels = ", ".join(f"{k} {v}" for k, v in LEVEL_LABELS.items())
    lines: list[tuple[str, str]] = [
        ("smartcase coding workbook", f"written by smartcase {__version__}"),
        ("", ""),
        (
            "How to use",
            "Fill the data sheets (grey tabs are protected reference sheets): one table per sheet, one record per row, the header row as it is.",
        ),
        (
            "",
            "Columns with a drop-down accept only the listed values (ids come from the sheet they refer to).",
        ),
        ("", "Ids are lower-case (letters, digits, _ . -). Dates are text: YYYY-MM-DD or YYYY-MM."),
        (
            "",
            f"Codes are 0-3 by the rubric sheet ({levels}); a non-zero code must cite evidence_ids.",
        ),
        (
            "",
            "evidence_ids lists evidence ids separated by ';'. post_2020 is TRUE for facts dated after 2020.",
        ),
        (
            "",
            "Do not merge cells, add formulas, or rename sheets or columns: the reader refuses them.",
        ),
        (
            "",
            "Read it back: smartcase.read_workbook(path), or on the command line "
            "`smartcase import-workbook PATH DIR`. Errors name the sheet and cell.",
        ),
        ("", ""),
        ("Sheet", "Contents"),
    ]
    for name in sheets:
        spec = specs[name]
        kind = " (reference, protected)" if name in REFERENCE_SHEETS else ""
        lines.append(
            (
                name,
                (spec.title or name) + kind + (": " + spec.description if spec.description else ""),
            )
        )
    lines.append(("", ""))
    lines.append(
        (
            "Framework",
            f"{len(fw.elements)} elements, {len(fw.subdimensions)} sub-dimensions, outcome {', '.join(fw.outcome_ids)}",
        )
    )
    return lines


def _build(tables: Mapping[str, pd.DataFrame], fw: Framework) -> bytes:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    specs = table_specs()
    data_sheets = [n for n in (*DATA_SHEETS, *OPTIONAL_TABLES) if n in tables]
    sheets = [*data_sheets, *REFERENCE_SHEETS]
    wb = openpyxl.Workbook()
    readme = _first_sheet(wb)
    readme.title = README_SHEET
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, (a, b) in enumerate(_readme_lines(fw, sheets), start=1):
        ca = _set(readme, i, 1, a or None)
        cb = _set(readme, i, 2, b or None)
        cb.alignment = wrap
        if a in ("smartcase coding workbook", "How to use", "Sheet", "Framework"):
            ca.font = Font(bold=True)
        if a == "Sheet":
            cb.font = Font(bold=True)
    readme.column_dimensions["A"].width = 22
    readme.column_dimensions["B"].width = 110
    readme.protection.sheet = True
    ref_ranges = _reference_ranges(specs, fw, sheets)
    for name in sheets:
        _write_sheet(
            wb,
            name,
            tables[name],
            specs[name],
            protect=name in REFERENCE_SHEETS,
            ref_ranges=ref_ranges,
        )
    props = wb.properties
    props.creator = "smartcase"
    props.lastModifiedBy = None
    props.created = _FIXED_TIME
    props.modified = _FIXED_TIME
    props.title = "smartcase coding workbook"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _check_book(book: object) -> None:
    if not isinstance(book, CaseBook):
        raise ArgumentError(
            "book", f"a {type(book).__name__}", "a CaseBook (e.g. from smartcase.load_cases())"
        )


def export_workbook(
    book: CaseBook, path: str | Path, *, overwrite: bool = False, follow_symlinks: bool = False
) -> Path:
    """Write a case base as an Excel coding workbook.

    Parameters
    ----------
    book : CaseBook
        The case base (e.g. from :func:`~smartcase.casebook.load_cases`).
    path : str or Path
        The ``.xlsx`` file to write.
    overwrite : bool, default False
        Replace an existing file.
    follow_symlinks : bool, default False
        When ``path`` is a symbolic link, write to the file it points to.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.
    smartcase.output.OutputError
        ``path`` is not a regular file (a device, FIFO, folder), a symbolic link without
        ``follow_symlinks``, or cannot be written.

    See Also
    --------
    read_workbook : Read the workbook back into a :class:`CaseBook`.
    new_workbook : An empty workbook for coding a new case.

    Notes
    -----
    Sheets: ``README``; the case tables ``cases``, ``programmes``, ``sources``, ``evidence``,
    ``coders``, ``codes`` (and ``indicators``, ``external_assessments`` when present); the
    framework ``elements``, ``codebook``, ``rubric`` as protected reference sheets (no
    password). Each header cell carries a note with the column's meaning and valid values.
    Drop-down lists: foreign-key columns list the ids of the sheet they refer to (so ids you
    add, e.g. a new source, appear at once); enumerations (strength, confidence, source kind),
    the codes 0-3 and TRUE/FALSE columns list their values; other numbers are range-checked.
    Text that begins with ``=``, ``+``, ``-`` or ``@`` is stored as text with Excel's quote
    prefix, never as a formula. The bytes are identical on every run (fixed document dates and
    zip timestamps).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_cases
    >>> book = load_cases()
    >>> path = export_workbook(book, pathlib.Path(tempfile.mkdtemp()) / "cases.xlsx")
    >>> back = read_workbook(path)
    >>> back.codes.equals(book.codes)
    True
    """
    _check_book(book)
    check_writable(path, overwrite=overwrite, follow_symlinks=follow_symlinks)
    data = _build(case_tables(book), book.framework)
    return atomic_write_bytes(path, data, overwrite=overwrite, follow_symlinks=follow_symlinks)


def new_workbook(
    path: str | Path,
    *,
    cases: Sequence[str] = (),
    coders: Sequence[str] = (),
    framework: Framework | None = None,
    overwrite: bool = False,
    follow_symlinks: bool = False,
) -> Path:
    """Write an empty coding workbook for a new case.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write.
    cases : sequence of str, optional
        Case ids to pre-fill: the ``cases`` sheet gets one row per id, and the ``codes`` sheet
        one row per case, construct and coder with the code left blank.
    coders : sequence of str, optional
        Coder ids for the pre-filled ``codes`` rows and the ``coders`` sheet (default: ``'ref'``
        when ``cases`` is given).
    framework : Framework, optional
        The framework for the reference sheets (default: the bundled one).
    overwrite : bool, default False
        Replace an existing file.
    follow_symlinks : bool, default False
        When ``path`` is a symbolic link, write to the file it points to.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        A case or coder id that is not a valid id.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.
    smartcase.output.OutputError
        ``path`` is not a regular file, a symbolic link without ``follow_symlinks``, or cannot
        be written.

    See Also
    --------
    export_workbook, read_workbook

    Notes
    -----
    To code a case alongside the bundled five (``read_workbook(path, include_bundled=True)``),
    use your own coder id (``coders=["me"]``): ids must be unique across the two case bases, and
    the bundled one already lists its reference coder ``'ref'``.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = new_workbook(pathlib.Path(tempfile.mkdtemp()) / "new.xlsx", cases=["tampere"])
    >>> ws = openpyxl.load_workbook(p)["codes"]
    >>> ws.max_row - 1 == len(load_framework().codebook)
    True
    """
    import re

    fw = framework if framework is not None else load_framework()
    if not isinstance(fw, Framework):
        raise ArgumentError("framework", f"a {type(fw).__name__}", "a Framework or None")
    for arg, ids in (("cases", cases), ("coders", coders)):
        if isinstance(ids, str) or not isinstance(ids, Sequence):
            raise ArgumentError(arg, repr(ids), "a list of ids")
    check_writable(path, overwrite=overwrite, follow_symlinks=follow_symlinks)
    specs = table_specs()
    case_pat = re.compile(specs["cases"].field("case_id").pattern or ".*")
    coder_pat = re.compile(specs["coders"].field("coder_id").pattern or ".*")
    for c in cases:
        if not isinstance(c, str) or not case_pat.search(c):
            raise ArgumentError("cases", repr(c), f"case ids matching {case_pat.pattern}")
    coders = list(coders) or (["ref"] if cases else [])
    for c in coders:
        if not isinstance(c, str) or not coder_pat.search(c):
            raise ArgumentError("coders", repr(c), f"coder ids matching {coder_pat.pattern}")
    tables: dict[str, pd.DataFrame] = {}
    for name in DATA_SHEETS:
        tables[name] = pd.DataFrame(
            {c: pd.Series([], dtype=object) for c in specs[name].column_names}
        )
    tables["cases"] = pd.DataFrame(
        [{"case_id": c} for c in cases], columns=list(specs["cases"].column_names)
    )
    tables["coders"] = pd.DataFrame(
        [{"coder_id": c} for c in coders], columns=list(specs["coders"].column_names)
    )
    rows = [
        {"case_id": case, "construct_id": construct, "coder_id": coder}
        for coder in coders
        for case in cases
        for construct in fw.codebook.index
    ]
    tables["codes"] = pd.DataFrame(rows, columns=list(specs["codes"].column_names))
    tables["elements"] = fw.elements.reset_index()[list(specs["elements"].column_names)]
    tables["codebook"] = fw.codebook.reset_index()[list(specs["codebook"].column_names)]
    tables["rubric"] = fw.rubric[list(specs["rubric"].column_names)]
    return atomic_write_bytes(
        path, _build(tables, fw), overwrite=overwrite, follow_symlinks=follow_symlinks
    )


# ----------------------------------------------------------------------------- reading
@dataclass(frozen=True)
class _Limits:
    """The bounds of :func:`read_workbook` (checked by :func:`_limits`)."""

    unpacked_mb: float
    rows: int
    columns: int
    cells: int

    @property
    def elements(self) -> int:
        """XML elements allowed in all parts together."""
        return self.cells * XML_ELEMENTS_PER_CELL + _XML_ELEMENTS_FIXED

    @property
    def parsed_elements(self) -> int:
        """XML elements allowed in the worksheets, workbook and relationships parts."""
        return self.cells * _PARSED_ELEMENTS_PER_CELL + _PARSED_ELEMENTS_FIXED


def _positive(value: object, name: str, *, integer: bool) -> float:
    what = "a positive whole number" if integer else "a positive finite number"
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not math.isfinite(float(value))
        or float(value) <= 0
        or (integer and not float(value).is_integer())
    ):
        raise ArgumentError(name, repr(value), what)
    return float(value)


def _limits(max_unpacked_mb: object, max_rows: object, max_columns: object, max_cells: object):
    return _Limits(
        unpacked_mb=_positive(max_unpacked_mb, "max_unpacked_mb", integer=False),
        rows=int(_positive(max_rows, "max_rows", integer=True)),
        columns=int(_positive(max_columns, "max_columns", integer=True)),
        cells=int(_positive(max_cells, "max_cells", integer=True)),
    )


def _check_container(path: Path, max_unpacked_mb: float, *, limits: _Limits | None = None) -> _Scan:
    """Refuse files that are not .xlsx workbooks, or too large, before openpyxl parses anything.

    Checks the zip container (signature, parts, unpacked size, content types), then streams
    every part through :func:`_scan_workbook` against ``limits`` (by default the default row,
    column and cell limits with ``max_unpacked_mb``, which is validated here too): every reader
    of workbooks calls this first, so every one is bounded.
    """
    if limits is None:
        limits = _limits(max_unpacked_mb, DEFAULT_MAX_ROWS, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_CELLS)
    max_unpacked_mb = limits.unpacked_mb
    try:
        is_file = path.is_file()
    except OSError:  # e.g. a name too long for the file system
        is_file = False
    if not is_file:
        raise WorkbookError("workbook not found", file=path, expected="an existing .xlsx file")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise WorkbookError(
            "cannot open the workbook", file=path, found=exc.strerror or type(exc).__name__
        ) from None
    expected = "an Excel workbook (.xlsx, Office Open XML)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookError(
            "not an xlsx workbook",
            file=path,
            expected=expected,
            found="a legacy binary file (.xls); save it as .xlsx",
        )
    if not head.startswith(b"PK\x03\x04"):
        raise WorkbookError(
            "not an xlsx workbook",
            file=path,
            expected=expected,
            found="a file without the zip signature (PK)",
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise WorkbookError(
            "not an xlsx workbook",
            file=path,
            expected=expected,
            found=f"a damaged zip archive ({exc})",
        ) from None
    with zf:
        infos = zf.infolist()
        if len(infos) > _MAX_PARTS:
            raise WorkbookError(
                "workbook has too many parts",
                file=path,
                expected=f"at most {_MAX_PARTS}",
                found=str(len(infos)),
            )
        total = sum(i.file_size for i in infos)
        if total > max_unpacked_mb * 1024 * 1024:
            raise WorkbookError(
                "workbook too large when unpacked",
                file=path,
                expected=f"at most {max_unpacked_mb:g} MB unpacked (max_unpacked_mb)",
                found=f"{total / 1024 / 1024:.1f} MB",
            )
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            raise WorkbookError(
                "not an xlsx workbook",
                file=path,
                expected=expected,
                found="a zip archive without [Content_Types].xml",
            )
        try:
            types = zf.read("[Content_Types].xml")
        except Exception as exc:  # zipfile raises several kinds on damaged entries
            raise WorkbookError(
                "not an xlsx workbook",
                file=path,
                expected=expected,
                found=f"a damaged zip archive ({type(exc).__name__}: {exc})",
            ) from None
    if _XLSX_MAIN not in types:
        if b"macroEnabled" in types:
            found = "a macro-enabled workbook (.xlsm); save it as .xlsx"
        elif b"spreadsheetml.template" in types:
            found = "an Excel template (.xltx); save it as .xlsx"
        elif b"wordprocessingml" in types:
            found = "a Word document"
        elif b"presentationml" in types:
            found = "a PowerPoint file"
        else:
            found = "a zip archive of another kind"
        raise WorkbookError("not an xlsx workbook", file=path, expected=expected, found=found)
    return _scan_workbook(path, limits)


_RANGE_REF = re.compile(
    r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?$"
)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


class _Refused(Exception):
    """Raised inside the XML scan to stop it; turned into a WorkbookError by the caller."""

    def __init__(self, message: str, part: str, **where: Any) -> None:
        super().__init__(message)
        self.message = message
        self.part = part
        self.where = where


@dataclass
class _Scan:
    """What the bounded pre-scan of a workbook's XML parts found."""

    limits: _Limits
    elements: int = 0
    parsed: int = 0
    cells: int = 0
    #: rels part -> {relationship id: target part}
    rels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: workbook part -> [(sheet name, relationship id)]
    sheets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: worksheet part -> merged ranges
    merged: dict[str, list[str]] = field(default_factory=dict)

    def sheet_parts(self) -> dict[str, str]:
        """Worksheet part -> sheet name, from the workbook part(s) and their relationships."""
        out: dict[str, str] = {}
        for wb_part, sheets in self.sheets.items():
            folder, base = posixpath.split(wb_part)
            rels = self.rels.get(posixpath.join(folder, "_rels", base + ".rels"), {})
            for name, rid in sheets:
                target = rels.get(rid)
                if target is None:
                    continue
                if target.startswith("/"):
                    part = target.lstrip("/")
                else:
                    part = posixpath.normpath(posixpath.join(folder, target))
                out[part] = name
        return out


_ROOT_TAG = re.compile(rb"<([^?!/\s][^\s/>]*)")
#: Parts whose elements the pre-scan reads one by one (the others are only counted).
_READ_ROOTS = ("worksheet", "Relationships", "workbook")


def _scan_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: _Scan) -> None:
    """Stream one part of the workbook, counting and checking as it goes; build nothing.

    Worksheets, relationships and the workbook part go through expat: in a worksheet every cell
    and row counts against the cell budget, its row and column numbers against the row and
    column limits, and the declared ``<dimension ref=...>`` is checked. Other XML parts
    (styles, shared strings, themes, ...) are only counted, tag by tag, at the speed of a byte
    search. Every element counts against the workbook's element budget; DTDs and entity
    declarations are refused (a workbook never needs them). Memory stays constant.
    """
    from xml.parsers import expat

    part = info.filename
    try:
        with zf.open(info) as fh:
            first = fh.read(1 << 16)
            utf16 = first.startswith((b"\xff\xfe", b"\xfe\xff"))
            body = first[3:] if first.startswith(b"\xef\xbb\xbf") else first
            if not (utf16 or body.lstrip(b" \t\r\n").startswith(b"<")):
                return  # not XML (an image, a binary part): openpyxl does not parse it
            m = _ROOT_TAG.search(body)
            root = m.group(1).rpartition(b":")[2].decode("ascii", "replace") if m else ""
            if utf16 or root in _READ_ROOTS:
                parser, finish = _expat_scanner(part, scan)
                parser.Parse(first, False)
                while chunk := fh.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
                finish()
            else:
                chunk = first
                while chunk:
                    _count_tags(chunk, part, scan)
                    chunk = fh.read(1 << 16)
    except expat.ExpatError as exc:
        raise _Refused(
            "malformed XML",
            part,
            expected="well-formed XML",
            found=expat.errors.messages.get(exc.code, str(exc)) + f" (line {exc.lineno})",
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise _Refused(
            "damaged zip entry",
            part,
            expected="a readable part",
            found=f"{type(exc).__name__}: {exc}",
        ) from None


def _too_many_elements(part: str, limit: int, where: str) -> _Refused:
    return _Refused(
        "workbook has too many XML elements",
        part,
        expected=f"at most {limit:,} in {where} (a multiple of max_cells)",
        found="more",
    )


def _count_tags(chunk: bytes, part: str, scan: _Scan) -> None:
    if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
        raise _Refused("the workbook declares a DTD or entities", part, found="<!DOCTYPE ...>")
    scan.elements += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?")
    if scan.elements > scan.limits.elements:
        raise _too_many_elements(part, scan.limits.elements, "all parts")


def _expat_scanner(part: str, scan: _Scan) -> tuple[Any, Any]:
    """An expat parser that checks ``part`` as it streams, and a function to call at the end.

    The handlers are written for speed (one call per XML element): local counters, one dict
    lookup per element name, and the worksheet handler swapped in once the root is known.
    """
    from xml.parsers import expat

    lim = scan.limits
    left = min(lim.parsed_elements - scan.parsed, lim.elements - scan.elements)
    cells_left = lim.cells - scan.cells
    max_rows, max_cols = lim.rows, lim.columns
    n = row = col = cells = 0
    open_row = False
    names: dict[str, str] = {}
    columns: dict[str, int] = {}
    parser = expat.ParserCreate(namespace_separator=" ")

    def too_many() -> _Refused:
        if lim.parsed_elements - scan.parsed <= lim.elements - scan.elements:
            where, limit = "the worksheets, workbook and relationships", lim.parsed_elements
        else:
            where, limit = "all parts", lim.elements
        return _too_many_elements(part, limit, where)

    def too_many_cells() -> _Refused:
        return _Refused(
            "workbook has too many cells",
            part,
            expected=f"at most {lim.cells:,} cells in all sheets (max_cells)",
            found="more",
        )

    def refuse_dtd(*_: object) -> None:
        raise _Refused("the workbook declares a DTD or entities", part, found="<!DOCTYPE ...>")

    def sheet_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal n, row, col, cells, open_row
        n += 1
        if n > left:
            raise too_many()
        local = names.get(name)
        if local is None:
            local = names[name] = name.rpartition(" ")[2]
        if local == "c":
            ref = attrs.get("r")
            if ref is None:
                col += 1
                r = max(row, 1)
            else:
                letters = ref.rstrip("0123456789")
                digits = ref[len(letters) :]
                c = columns.get(letters)
                if c is None or not digits:
                    if not (digits and 0 < len(letters) <= 3 and letters.isascii()) or not (
                        letters.isalpha()
                    ):
                        raise _Refused(
                            "malformed cell reference",
                            part,
                            expected="a reference such as B7",
                            found=repr(ref[:40]),
                        )
                    c = columns[letters] = _column_number(letters)
                col, r = c, int(digits)
            if open_row:
                open_row = False
            else:
                cells += 1
                if cells > cells_left:
                    raise too_many_cells()
            if col > max_cols or r > max_rows:
                _cell_out_of_bounds(col, r, lim, part)
        elif local == "row":
            number = attrs.get("r")
            row = int(number) if number is not None and number.isdigit() else row + 1
            col = 0
            cells += 1  # a row record costs like a cell (its first cell takes its place)
            open_row = True
            if row > max_rows:
                raise _Refused(
                    "sheet has too many rows",
                    part,
                    cell=f"row {row:,}",
                    expected=f"at most {max_rows:,} rows (max_rows)",
                    found=f"a row numbered {row:,}",
                )
            if cells > cells_left:
                raise too_many_cells()
        elif local == "dimension":
            _check_dimension(attrs.get("ref", ""), lim, part)
        elif local == "mergeCell":
            scan.merged.setdefault(part, []).append(attrs.get("ref", ""))

    def other_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal n
        n += 1
        if n > left:
            raise too_many()
        local = name.rpartition(" ")[2]
        if local == "Relationship":
            scan.rels.setdefault(part, {})[attrs.get("Id", "")] = attrs.get("Target", "")
        elif local == "sheet":
            rid = next((v for k, v in attrs.items() if k.rpartition(" ")[2] == "id"), "")
            scan.sheets.setdefault(part, []).append((attrs.get("name", ""), rid))

    def counting_start(name: str, attrs: dict[str, str]) -> None:
        nonlocal n
        n += 1
        if n > left:
            raise too_many()

    def first_start(name: str, attrs: dict[str, str]) -> None:
        root = name.rpartition(" ")[2]
        if root == "worksheet":
            handler = sheet_start
        elif root in ("Relationships", "workbook"):
            handler = other_start
        else:
            handler = counting_start
        parser.StartElementHandler = handler
        handler(name, attrs)

    def finish() -> None:
        scan.elements += n
        scan.parsed += n
        scan.cells += cells

    parser.StartElementHandler = first_start
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    return parser, finish


def _cell_out_of_bounds(col: int, row: int, lim: _Limits, part: str) -> None:
    from openpyxl.utils import get_column_letter

    what, limit = ("columns", lim.columns) if col > lim.columns else ("rows", lim.rows)
    ref = f"{get_column_letter(min(col, 18278))}{row}"
    raise _Refused(
        f"sheet has too many {what}",
        part,
        cell=ref,
        expected=f"at most {limit:,} {what} (max_{what})",
        found=f"a cell at {ref}",
    )


def _check_dimension(ref: str, lim: _Limits, part: str) -> None:
    m = _RANGE_REF.match(ref)
    if m is None:
        return  # openpyxl ignores what it cannot read; the cells are checked one by one
    last_col = _column_number(m.group(3) or m.group(1))
    last_row = int(m.group(4) or m.group(2))
    first_col, first_row = _column_number(m.group(1)), int(m.group(2))
    n_cells = max(0, last_col - first_col + 1) * max(0, last_row - first_row + 1)
    for what, n, limit in (
        ("rows", last_row, lim.rows),
        ("columns", last_col, lim.columns),
        ("cells", n_cells, lim.cells),
    ):
        if n > limit:
            raise _Refused(
                f"sheet declares too many {what}",
                part,
                expected=f"at most {limit:,} {what} (max_{what})",
                found=f"dimension {ref} ({n:,} {what})",
            )


def _scan_workbook(path: Path, limits: _Limits) -> _Scan:
    """Check every XML part of the workbook against ``limits`` before openpyxl parses any."""
    scan = _Scan(limits)
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        # relationships and the workbook part first, so that sheets can be named in errors
        infos.sort(
            key=lambda i: (
                0
                if i.filename.endswith(".rels")
                else 1
                if i.filename.endswith("workbook.xml")
                else 2
            )
        )
        try:
            for info in infos:
                _scan_part(zf, info, scan)
        except _Refused as exc:
            where = dict(exc.where)
            sheet = scan.sheet_parts().get(exc.part)
            cell = where.pop("cell", None)
            if cell is not None and cell.startswith("row "):
                where["row"] = cell[4:]
                cell = None
            raise WorkbookError(
                exc.message if sheet is not None else f"{exc.message} (part {exc.part})",
                file=path,
                sheet=sheet,
                cell=cell,
                **where,
            ) from None
    return scan


def _cell_text(value: object, fs: FieldSpec | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number_text(value)
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    if fs is not None and fs.type == "boolean" and text.strip().lower() in ("true", "false"):
        return text.strip().lower()
    return text


class _Sheet:
    """One data sheet converted to CSV text, with the sheet row of each CSV line."""

    def __init__(
        self, name: str, header_cols: dict[str, int], csv_bytes: bytes, line_rows: dict[int, int]
    ):
        self.name = name
        self.header_cols = header_cols
        self.csv_bytes = csv_bytes
        self.line_rows = line_rows


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_formulas(cells: Iterable[Any], row: int, name: str, path: Path) -> None:
    from openpyxl.utils import get_column_letter

    for j, cell in enumerate(cells, start=1):
        if cell.data_type == "f" or type(cell.value).__name__ in (
            "ArrayFormula",
            "DataTableFormula",
        ):
            raise WorkbookError(
                "formula cell",
                file=path,
                sheet=name,
                cell=f"{get_column_letter(j)}{row}",
                expected="a value (type the value, or paste values only)",
                found=repr(str(getattr(cell.value, "text", cell.value))),
            )


def _convert_sheet(ws: Any, spec: TableSpec, path: Path, merged: Sequence[str] = ()) -> _Sheet:
    """Stream one sheet (openpyxl read-only mode) into the CSV text of its table.

    Rows are read one at a time; the workbook has been checked against the size limits by
    :func:`_scan_workbook`, so no row is wider than ``max_columns`` and none lies below
    ``max_rows``.
    """
    from openpyxl.utils import get_column_letter, range_boundaries

    name = ws.title
    ranges = []
    for ref in merged:
        try:
            min_col, min_row, _, _ = range_boundaries(ref)
        except (TypeError, ValueError):
            continue
        ranges.append((min_row or 0, min_col or 0, ref))
    for _, _, ref in sorted(ranges):
        raise WorkbookError(
            "merged cells in the data area",
            file=path,
            sheet=name,
            cell=ref.split(":")[0],
            expected="one value per cell (unmerge the cells)",
            found=f"merged range {ref}",
        )
    rows_iter = enumerate(ws.iter_rows(), start=1)
    header_cells: tuple[Any, ...] = ()
    for number, cells in rows_iter:
        _check_formulas(cells, number, name, path)
        header_cells = cells
        break
    raw_header = [c.value for c in header_cells]
    while raw_header and (raw_header[-1] is None or str(raw_header[-1]).strip() == ""):
        raw_header.pop()
    header: list[str] = []
    cols: dict[str, int] = {}
    for j, v in enumerate(raw_header, start=1):
        text = "" if v is None else str(v).strip()
        letter = get_column_letter(j)
        if not text:
            raise WorkbookError(
                "empty column header",
                file=path,
                sheet=name,
                cell=f"{letter}1",
                expected="columns " + ", ".join(spec.column_names),
            )
        if text in cols:
            raise WorkbookError(
                "duplicated column",
                file=path,
                sheet=name,
                cell=f"{letter}1",
                field=text,
                expected="each column once",
            )
        cols[text] = j
        header.append(text)
    missing = [c for c in spec.column_names if c not in cols]
    extra = [h for h in header if h not in spec.column_names]
    if extra:
        first = extra[0]
        hint = (
            f"column {missing[0]!r}"
            if len(missing) == 1
            else "columns " + ", ".join(spec.column_names)
        )
        raise WorkbookError(
            "unknown column (renamed?)" if missing else "unexpected column",
            file=path,
            sheet=name,
            cell=f"{get_column_letter(cols[first])}1",
            field=first,
            expected=hint if missing else "only the columns " + ", ".join(spec.column_names),
            found=repr(first),
        )
    if missing:
        raise WorkbookError(
            "missing column" + ("s" if len(missing) > 1 else ""),
            file=path,
            sheet=name,
            cell=f"{get_column_letter(len(header) + 1)}1",
            field=missing[0],
            expected="columns " + ", ".join(spec.column_names),
            found="no column " + ", ".join(repr(m) for m in missing),
        )
    fields = {fs.name: fs for fs in spec.fields}
    width = len(header)
    rows: list[list[str]] = []
    sheet_rows: list[int] = []
    for number, cells in rows_iter:
        _check_formulas(cells, number, name, path)
        values = [c.value for c in cells]
        if all(_is_blank(v) for v in values):
            continue
        for j, v in enumerate(values[width:], start=width + 1):
            if not _is_blank(v):
                raise WorkbookError(
                    "value outside the table",
                    file=path,
                    sheet=name,
                    cell=f"{get_column_letter(j)}{number}",
                    expected=f"values only under the {width} column headers",
                    found=repr(v),
                )
        rows.append(
            [
                _cell_text(values[j] if j < len(values) else None, fields.get(header[j]))
                for j in range(width)
            ]
        )
        sheet_rows.append(number)
    data, starts = _csv_bytes(header, rows)
    line_rows = {1: 1, **dict(zip(starts, sheet_rows, strict=True))}
    return _Sheet(name, cols, data, line_rows)


def _map_error(exc: DataError, tmp: Path, sheets: Mapping[str, _Sheet], path: Path) -> DataError:
    from openpyxl.utils import get_column_letter

    if exc.file is None:
        return WorkbookError(
            exc.message,
            file=path,
            row=exc.row,
            field=exc.field,
            expected=exc.expected,
            found=exc.found,
        )
    file = Path(exc.file)
    if not file.is_absolute():  # e.g. "cases.csv" in "no cases"
        file = tmp / file
    try:
        rel = file.resolve().relative_to(tmp.resolve())
    except ValueError:
        return exc
    specs = table_specs()
    table = next((n for n, s in specs.items() if Path(s.path) == rel), rel.stem)
    sheet = sheets.get(table)
    cell = None
    row: int | str | None = exc.row
    if sheet is not None and exc.line is not None:
        srow = sheet.line_rows.get(exc.line)
        if srow is not None:
            fld = (exc.field or "").split("+")[0]
            if fld in sheet.header_cols:
                cell = f"{get_column_letter(sheet.header_cols[fld])}{srow}"
            else:
                row = srow
    return WorkbookError(
        exc.message,
        file=path,
        sheet=table,
        cell=cell,
        row=row,
        field=exc.field,
        expected=exc.expected,
        found=exc.found,
    )


def read_workbook(
    path: str | Path,
    *,
    include_bundled: bool = False,
    max_unpacked_mb: float = DEFAULT_MAX_UNPACKED_MB,
    max_rows: int = DEFAULT_MAX_ROWS,
    max_columns: int = DEFAULT_MAX_COLUMNS,
    max_cells: int = DEFAULT_MAX_CELLS,
) -> CaseBook:
    """Read a coding workbook into a validated :class:`CaseBook`.

    Reading is bounded in time and memory: the workbook is checked against the size limits
    below before anything is built, and its sheets are then streamed row by row.

    Parameters
    ----------
    path : str or Path
        A workbook written by :func:`export_workbook` or :func:`new_workbook` (and filled in).
    include_bundled : bool, default False
        Load the bundled five cases too (as in :func:`~smartcase.casebook.load_cases`), so that
        the workbook's evidence may cite bundled sources and its cases are compared with them.
    max_unpacked_mb : float, default 100
        Refuse workbooks whose parts add up to more than this many megabytes once unpacked
        (a guard against zip bombs, checked before any parsing).
    max_rows : int, default 50_000
        Refuse a workbook with a sheet that declares (``<dimension ref=...>``) or holds a row
        numbered above this.
    max_columns : int, default 64
        Refuse a workbook with a sheet that declares or holds a cell beyond this column.
    max_cells : int, default 250_000
        Refuse a workbook with more cells than this in all its sheets together (every cell
        record counts, empty or not; a row without cells counts as one), or a sheet that
        declares more; also refuse more than ``8 * max_cells + 1,000,000`` XML elements in all
        parts, and more than ``4 * max_cells + 100,000`` in the worksheets.

    Returns
    -------
    CaseBook
        With ``data_dirs`` set to ``(path,)``.

    Raises
    ------
    ArgumentError
        A limit that is not a positive finite number (``nan``, ``inf``, ``0``, a string; the
        row, column and cell limits must be whole numbers), or ``path`` not a path.
    WorkbookError
        Naming the sheet and cell: a file that is not an .xlsx workbook (checked by its zip
        signature and content types; .xls, .xlsm and other zip files are refused), or that is
        too large unpacked; a sheet beyond the row, column or cell limits; malformed XML or a
        DTD in any part; a missing sheet; a missing, renamed, extra or duplicated column; a
        formula cell; merged cells; a value outside the table; and every check of
        :func:`~smartcase.casebook.load_cases` (wrong type, value outside its range or list
        such as a code outside 0-3, unknown id, missing evidence, control characters in text,
        a malformed URL, ...).

    See Also
    --------
    export_workbook, new_workbook

    Notes
    -----
    Each sheet is converted to the CSV text of its table (numbers as typed, TRUE/FALSE as
    ``true``/``false``, dates as ``YYYY-MM-DD``) and loaded by the same code as
    :func:`~smartcase.casebook.load_cases`, so a workbook passes exactly when the same data as
    CSV files would. The framework sheets are read back as the case base's framework. Sheets
    with other names (your notes) are ignored, but count against the limits. Empty rows are
    skipped.

    Before openpyxl parses anything, every XML part is streamed once through expat, which
    counts elements, cells and rows and checks every cell's row and column number and each
    sheet's declared dimension, keeping nothing in memory; so a small file that declares a
    sheet of 1,048,576 x 16,384 cells, or holds a million rows, is refused within a second.
    The limits are generous for a case base (the bundled five cases fill about 15,000 cells);
    raise them for a larger one, e.g. ``read_workbook(path, max_rows=200_000,
    max_cells=2_000_000)`` (command line: ``--max-rows``, ``--max-cells``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_cases
    >>> p = export_workbook(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "c.xlsx")
    >>> read_workbook(p).case_ids == load_cases().case_ids
    True
    >>> read_workbook(p, max_unpacked_mb=float("nan"))
    Traceback (most recent call last):
    ...
    smartcase.errors.ArgumentError: argument 'max_unpacked_mb': expected a positive finite number, found nan
    """
    import openpyxl

    if (
        isinstance(path, bytes)
        or not isinstance(path, str | Path)
        and not hasattr(path, "__fspath__")
    ):
        raise ArgumentError("path", repr(path), "the path of an .xlsx workbook (str or Path)")
    if not isinstance(include_bundled, bool):
        raise ArgumentError("include_bundled", repr(include_bundled), "True or False")
    limits = _limits(max_unpacked_mb, max_rows, max_columns, max_cells)
    path = Path(path)
    scan = _check_container(path, limits.unpacked_mb, limits=limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise WorkbookError(
            "cannot read the workbook",
            file=path,
            expected="a valid .xlsx workbook",
            found=f"{type(exc).__name__}: {exc}",
        ) from None
    try:
        sheets = _read_sheets(wb, scan, path)
    finally:
        wb.close()
    specs = table_specs()
    with tempfile.TemporaryDirectory(prefix="smartcase-workbook-") as tmpdir:
        tmp = Path(tmpdir)
        for name, sheet in sheets.items():
            target = tmp / specs[name].path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(sheet.csv_bytes)
        try:
            book = load_cases(tmp, include_bundled=include_bundled)
        except DataError as exc:
            raise _map_error(exc, tmp, sheets, path) from None
    dirs = tuple(d for d in book.data_dirs if d.resolve() != tmp.resolve()) + (path,)
    return replace(book, data_dirs=dirs, framework=replace(book.framework, source_dir=path))


def _read_sheets(wb: Any, scan: _Scan, path: Path) -> dict[str, _Sheet]:
    specs = table_specs()
    required = [*DATA_SHEETS, *REFERENCE_SHEETS]
    for name in required:
        if name not in wb.sheetnames:
            raise WorkbookError(
                "missing sheet",
                file=path,
                sheet=name,
                expected="sheets " + ", ".join(required),
                found="sheets " + ", ".join(wb.sheetnames),
            )
    names = [
        *REFERENCE_SHEETS,
        *DATA_SHEETS,
        *(n for n in OPTIONAL_TABLES if n in wb.sheetnames and n in specs),
    ]
    merged_by_sheet = {
        sheet: scan.merged.get(part, []) for part, sheet in scan.sheet_parts().items()
    }
    sheets = {}
    for name in names:
        ws = wb[name]
        if not hasattr(ws, "iter_rows"):
            raise WorkbookError(
                "not a worksheet",
                file=path,
                sheet=name,
                expected="a worksheet of cells",
                found=type(ws).__name__,
            )
        ws.reset_dimensions()  # read every cell, not only those inside the declared range
        try:
            sheets[name] = _convert_sheet(ws, specs[name], path, merged_by_sheet.get(name, ()))
        except WorkbookError:
            raise
        except Exception as exc:  # openpyxl raises many kinds on damaged cells
            raise WorkbookError(
                "cannot read the sheet",
                file=path,
                sheet=name,
                expected="a valid worksheet",
                found=f"{type(exc).__name__}: {exc}",
            ) from None
    return sheets
