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
import tempfile
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .casebook import CASE_TABLES, OPTIONAL_TABLES, CaseBook, load_cases
from .errors import ArgumentError, DataError, WorkbookError
from .framework import LEVEL_LABELS, Framework, load_framework
from .output import _normalise_zip, atomic_write_bytes
from .schema import FieldSpec, TableSpec, table_specs

if TYPE_CHECKING:  # pragma: no cover
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
]

#: Sheets of the framework (protected, for reference; read back as the case base's framework).
REFERENCE_SHEETS = ("elements", "codebook", "rubric")
#: Sheets holding the case base, in workbook order.
DATA_SHEETS = ("cases", "programmes", "sources", "evidence", "coders", "codes")
#: Default limit on the unpacked size of a workbook that :func:`read_workbook` accepts.
DEFAULT_MAX_UNPACKED_MB = 100
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
        return bool(pd.isna(value))  # type: ignore[arg-type]
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

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    smartcase.output.OutputExistsError
        A target file exists and ``overwrite`` is False (nothing is written then).

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
    from .output import OutputExistsError

    folder = Path(directory)
    if framework is None:
        framework = not _same_framework(book.framework, load_framework())
    tables = case_tables(book, framework=framework)
    specs = table_specs()
    order = [n for n in (*REFERENCE_SHEETS, *DATA_SHEETS, *OPTIONAL_TABLES) if n in tables]
    targets = {name: folder / specs[name].path for name in order}
    if not overwrite:
        for target in targets.values():
            if target.exists():
                raise OutputExistsError(
                    f"{target} exists; pass overwrite=True (or --force) to replace it"
                )
    written = []
    for name in order:
        df = tables[name]
        rows = [[_to_text(v) for v in rec] for rec in df.itertuples(index=False, name=None)]
        data, _ = _csv_bytes(list(df.columns), rows)
        written.append(atomic_write_bytes(targets[name], data, overwrite=overwrite))
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
        kind = "whole" if fs.type == "integer" else "decimal"
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
    readme = wb.active
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


def export_workbook(book: CaseBook, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write a case base as an Excel coding workbook.

    Parameters
    ----------
    book : CaseBook
        The case base (e.g. from :func:`~smartcase.casebook.load_cases`).
    path : str or Path
        The ``.xlsx`` file to write.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

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
    data = _build(case_tables(book), book.framework)
    return atomic_write_bytes(path, data, overwrite=overwrite)


def new_workbook(
    path: str | Path,
    *,
    cases: Sequence[str] = (),
    coders: Sequence[str] = (),
    framework: Framework | None = None,
    overwrite: bool = False,
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

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        A case or coder id that is not a valid id.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

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
    return atomic_write_bytes(path, _build(tables, fw), overwrite=overwrite)


# ----------------------------------------------------------------------------- reading
def _check_container(path: Path, max_unpacked_mb: float) -> None:
    """Refuse files that are not .xlsx workbooks, or too large once unpacked, before parsing."""
    if not path.is_file():
        raise WorkbookError("workbook not found", file=path, expected="an existing .xlsx file")
    with open(path, "rb") as fh:
        head = fh.read(8)
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
        types = zf.read("[Content_Types].xml")
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


def _convert_sheet(ws: Worksheet, spec: TableSpec, path: Path) -> _Sheet:
    from openpyxl.utils import get_column_letter

    name = ws.title
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        raise WorkbookError(
            "merged cells in the data area",
            file=path,
            sheet=name,
            cell=rng.coord.split(":")[0],
            expected="one value per cell (unmerge the cells)",
            found=f"merged range {rng.coord}",
        )
    max_row, max_col = ws.max_row, ws.max_column
    grid = list(ws.iter_rows(min_row=1, max_row=max(max_row, 1), max_col=max(max_col, 1)))
    for row in grid:
        for cell in row:
            if cell.data_type == "f" or type(cell.value).__name__ in (
                "ArrayFormula",
                "DataTableFormula",
            ):
                raise WorkbookError(
                    "formula cell",
                    file=path,
                    sheet=name,
                    cell=cell.coordinate,
                    expected="a value (type the value, or paste values only)",
                    found=repr(str(getattr(cell.value, "text", cell.value))),
                )
    header_cells = list(grid[0]) if grid else []
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
    for row in grid[1:]:
        values = [c.value for c in row]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        for cell in row[width:]:
            if cell.value is not None and not (
                isinstance(cell.value, str) and not cell.value.strip()
            ):
                raise WorkbookError(
                    "value outside the table",
                    file=path,
                    sheet=name,
                    cell=cell.coordinate,
                    expected=f"values only under the {width} column headers",
                    found=repr(cell.value),
                )
        rows.append(
            [
                _cell_text(values[j] if j < len(values) else None, fields.get(header[j]))
                for j in range(width)
            ]
        )
        sheet_rows.append(row[0].row)
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
) -> CaseBook:
    """Read a coding workbook into a validated :class:`CaseBook`.

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

    Returns
    -------
    CaseBook
        With ``data_dirs`` set to ``(path,)``.

    Raises
    ------
    WorkbookError
        Naming the sheet and cell: a file that is not an .xlsx workbook (checked by its zip
        signature and content types; .xls, .xlsm and other zip files are refused), or that is
        too large unpacked; a missing sheet; a missing, renamed, extra or duplicated column; a
        formula cell; merged cells; a value outside the table; and every check of
        :func:`~smartcase.casebook.load_cases` (wrong type, value outside its range or list
        such as a code outside 0-3, unknown id, missing evidence, ...).

    See Also
    --------
    export_workbook, new_workbook

    Notes
    -----
    Each sheet is converted to the CSV text of its table (numbers as typed, TRUE/FALSE as
    ``true``/``false``, dates as ``YYYY-MM-DD``) and loaded by the same code as
    :func:`~smartcase.casebook.load_cases`, so a workbook passes exactly when the same data as
    CSV files would. The framework sheets are read back as the case base's framework. Sheets
    with other names (your notes) are ignored. Empty rows are skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_cases
    >>> p = export_workbook(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "c.xlsx")
    >>> read_workbook(p).case_ids == load_cases().case_ids
    True
    """
    import openpyxl

    path = Path(path)
    _check_container(path, max_unpacked_mb)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise WorkbookError(
            "cannot read the workbook",
            file=path,
            expected="a valid .xlsx workbook",
            found=f"{type(exc).__name__}: {exc}",
        ) from None
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
    sheets = {name: _convert_sheet(wb[name], specs[name], path) for name in names}
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
