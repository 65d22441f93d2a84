"""A second coder's workbook: blind coding in Excel, reading it back, and adjudication.

An inter-coder reliability figure means something only if the second coder could not see the
first coder's codes. :func:`export_coding_workbook` writes an Excel workbook for one coder with
the evidence of every case, the codebook and the rubric, and an empty coding sheet (one row per
case and construct, with drop-down lists for the code and the confidence); with ``blind=True``
(the default) the workbook holds no reference code, confidence, rationale, cited evidence or
evidence note. With ``shuffle=True`` the evidence of each case is listed in a seeded random
order; with ``hide_subdimension=True`` it is listed without its element and sub-dimension and
under neutral labels, so that the second coder also decides which evidence bears on which
sub-dimension (compare with :func:`evidence_assignment`).

:func:`read_coding_workbook` reads the filled-in workbook back into a codes table in the
layout of ``codes.csv`` (errors name sheet, cell and field); :func:`smartcase.reliability`
compares it with the other codings; :func:`adjudicate` records a consensus coding that keeps
every coder's rationale and the reason for each decision.

Examples
--------
>>> import tempfile, pathlib
>>> from smartcase import load_cases
>>> book = load_cases()
>>> path = export_coding_workbook(book, pathlib.Path(tempfile.mkdtemp()) / "c3.xlsx", coder="c3")
>>> import openpyxl
>>> openpyxl.load_workbook(path).sheetnames[:3]
['README', 'coding', 'ev_busan']
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .casebook import REFERENCE_YEAR, CaseBook
from .errors import ArgumentError, WorkbookError
from .framework import LEVEL_LABELS, Framework
from .output import _normalise_zip, atomic_write_bytes
from .schema import split_ids, table_specs
from .workbook import DEFAULT_MAX_UNPACKED_MB, _check_container, _first_sheet, _set

if TYPE_CHECKING:  # pragma: no cover
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "export_coding_workbook",
    "read_coding_workbook",
    "adjudicate",
    "evidence_assignment",
    "CONSENSUS_CODER",
    "CODING_COLUMNS",
]

#: Coder id of the consensus coding written by :func:`adjudicate`.
CONSENSUS_CODER = "consensus"
#: Columns of the ``coding`` sheet (the last four are filled in by the coder).
CODING_COLUMNS = (
    "case_id",
    "case_name",
    "construct_id",
    "construct_label",
    "element",
    "code",
    "confidence",
    "evidence_ids",
    "rationale",
)
_INPUT = ("code", "confidence", "evidence_ids", "rationale")
_FORMAT = "smartcase coding workbook 1"
_CONFIDENCE = ("high", "medium", "low")
_HEADER_FILL = "DDE4EE"
_INPUT_FILL = "FFF7D6"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SPLIT_RE = re.compile(r"[;,\s]+")


# ----------------------------------------------------------------------------- export
def _check_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise ArgumentError(name, repr(value), "True or False")
    return bool(value)


def _evidence_sheet_names(case_ids: Sequence[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for i, cid in enumerate(case_ids, start=1):
        name = f"ev_{cid}"
        names[cid] = name if len(name) <= 31 else f"ev_{i:03d}"
    return names


def _evidence_rows(
    book: CaseBook,
    case_id: str,
    *,
    blind: bool,
    hide: bool,
    order: np.ndarray,
) -> tuple[list[str], list[list[Any]], dict[str, str]]:
    """Header, rows and label -> evidence id of one case's evidence sheet."""
    ev = book.evidence[book.evidence["case_id"] == case_id]
    src = book.sources
    fw = book.framework
    header = ["evidence"]
    if not hide:
        header += ["element", "subdimension_id", "subdimension"]
    header += ["statement", "year", "period", "after_2020", "strength", "source_id", "source"]
    header += ["source_kind", "url"]
    if not blind:
        header.append("note")
    rows: list[list[Any]] = []
    key: dict[str, str] = {}
    for n, i in enumerate(order, start=1):
        eid = str(ev.index[i])
        e = ev.iloc[i]
        label = f"{case_id}-x{n:03d}" if hide else eid
        key[label] = eid
        sid = str(e["source_id"])
        if sid in src.index:
            s = src.loc[sid]
            year = "" if pd.isna(s.get("year")) else f" ({int(s['year'])})"
            title = str(s["title"])
            if "title_en" in src.columns and isinstance(s.get("title_en"), str) and s["title_en"]:
                title += f" [{s['title_en']}]"
            source = f"{s['author']}{year}. {title}"
            kind = s["kind"]
            url = s["url"] if isinstance(s["url"], str) else None
        else:
            source, kind, url = None, None, None
        row: list[Any] = [label]
        if not hide:
            sub = str(e["subdimension_id"])
            row += [
                fw.elements.at[e["element_id"], "label"]
                if e["element_id"] in fw.elements.index
                else e["element_id"],
                sub,
                fw.codebook.at[sub, "label"] if sub in fw.codebook.index else None,
            ]
        period = e["period"] if isinstance(e["period"], str) and e["period"] else None
        row += [
            e["statement"],
            int(e["year"]),
            period,
            "yes" if bool(e["post_2020"]) else "no",
            e["strength"],
            sid,
            source,
            kind,
            url,
        ]
        if not blind:
            row.append(e["note"] if isinstance(e["note"], str) else None)
        rows.append(row)
    return header, rows, key


def _header(ws: Worksheet, header: Sequence[str], widths: Mapping[str, int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", start_color=_HEADER_FILL, end_color=_HEADER_FILL)
    for j, name in enumerate(header, start=1):
        cell = _set(ws, 1, j, name)
        cell.font = Font(bold=True)
        cell.fill = fill
        ws.column_dimensions[get_column_letter(j)].width = widths.get(name, 14)
    ws.freeze_panes = "A2"


def _protected_table(wb: Any, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]):
    from openpyxl.styles import Alignment

    ws = wb.create_sheet(name)
    widths = {
        "statement": 70,
        "source": 45,
        "note": 45,
        "anchor": 80,
        "short_definition": 50,
        "full_definition": 70,
        "when_to_use": 50,
        "when_not_to_use": 50,
        "example": 50,
        "url": 30,
        "label": 30,
        "subdimension": 28,
        "element": 28,
    }
    _header(ws, header, widths)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            _set(ws, i, j, value).alignment = wrap
    ws.protection.sheet = True
    ws.sheet_properties.tabColor = "A0A0A0"
    return ws


def _readme(
    coder: str,
    *,
    blind: bool,
    shuffle: bool,
    seed: int,
    hide: bool,
    n_cases: int,
    n_constructs: int,
) -> list[tuple[str, str]]:
    from . import __version__

    levels = "; ".join(f"{k} = {v}" for k, v in LEVEL_LABELS.items())
    lines = [
        ("smartcase coding workbook", f"for coder '{coder}' (written by smartcase {__version__})"),
        ("", ""),
        (
            "Your task",
            f"Code each of the {n_cases} case(s) on each of the {n_constructs} constructs on sheet "
            "'coding': one row per case and construct. Fill the yellow columns only: code (0-3), "
            "confidence (high/medium/low), evidence_ids (the evidence your code rests on, "
            "separated by ';') and rationale (why this level and not the next one up or down).",
        ),
        (
            "The evidence",
            "Sheets ev_<case> list every evidence item of a case (one sourced fact per row, in "
            "smartcase's own words, with its year, strength and source). Cite items by the id in "
            "column A.",
        ),
        (
            "The rules",
            f"Code by the rubric (sheet 'rubric'; the codebook says what each construct covers). "
            f"Levels: {levels}. A code describes the state by the end of {REFERENCE_YEAR}: facts "
            f"marked after_2020 = yes are context and never raise a code. 0 means 'not found in "
            "the evidence', not proven absence; give it low confidence. A non-zero code must cite "
            "at least one evidence item of the same case.",
        ),
        (
            "Blind",
            "This workbook holds no code, confidence, rationale, cited evidence or note of any "
            "other coder. Do not consult other codings, the smartcase data folder or notebooks "
            "before you have finished."
            if blind
            else "NOT blind: the other coders' codes and rationales are shown beside yours "
            "(for a review or consensus meeting, not for a reliability test).",
        ),
        (
            "Order",
            f"The evidence of each case is listed in a random order (seed {seed})."
            if shuffle
            else "The evidence is listed in the order of the case base.",
        ),
        (
            "Sub-dimensions",
            "The evidence is listed without its element and sub-dimension and under neutral "
            "labels (<case>-x001, ...): decide yourself which items bear on which construct. For "
            "a sub-dimension, cite the items you file under it."
            if hide
            else "Each evidence item shows the sub-dimension it is filed under in the case base. "
            "A sub-dimension's code may cite only items filed under it; the outcome may cite any.",
        ),
        (
            "When done",
            "Save the workbook (keep the .xlsx format, the sheet names and the header rows) and "
            "return it. smartcase.read_coding_workbook(path) reads it back and names the sheet "
            "and cell of anything it cannot accept.",
        ),
        ("", ""),
        (
            "About the data",
            "The evidence, codebook and rubric are smartcase's reconstruction from public "
            "sources, not the tables of Kim & Lim (2020).",
        ),
    ]
    return lines


def export_coding_workbook(
    book: CaseBook,
    path: str | Path,
    *,
    coder: str,
    blind: bool = True,
    shuffle: bool = True,
    seed: int = 0,
    hide_subdimension: bool = False,
    cases: Sequence[str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write an Excel workbook in which a second coder codes the cases blind.

    Parameters
    ----------
    book : CaseBook
        The case base whose evidence is to be coded.
    path : str or Path
        The ``.xlsx`` file to write.
    coder : str
        The new coder's id (a valid coder id, e.g. ``'c3'``), not one already in
        ``book.codes``.
    blind : bool, default True
        Leave out every other coder's codes, confidence, rationale and cited evidence, and the
        evidence notes (which record filing decisions). ``False`` shows the existing codings
        beside the input columns, for a review meeting; such a workbook cannot give a
        reliability figure.
    shuffle : bool, default True
        List each case's evidence in a random order drawn with ``seed``.
    seed : int, default 0
        Seed of the order (``numpy.random.default_rng``); the same seed gives the same
        workbook, byte for byte.
    hide_subdimension : bool, default False
        List the evidence without element and sub-dimension, under neutral labels
        (``<case>-x001``, ...), so that the coder also assigns evidence to sub-dimensions.
        :func:`read_coding_workbook` maps the labels back to evidence ids.
    cases : sequence of str, optional
        Code only these cases (default: all, in the book's order).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        A coder id that is malformed or already in the book; an unknown case; a non-boolean
        flag or a non-integer seed.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    read_coding_workbook, adjudicate, smartcase.reliability

    Notes
    -----
    Sheets: ``README`` (the task and the rules), ``coding`` (one row per case and construct:
    ``case_id``, ``case_name``, ``construct_id``, ``construct_label``, ``element``, then the
    coder's ``code`` with a 0-3 drop-down, ``confidence`` with a high/medium/low drop-down,
    ``evidence_ids`` and ``rationale``; only these four columns are unlocked), one evidence
    sheet ``ev_<case>`` per case, ``codebook`` and ``rubric`` (protected, no password), and a
    hidden ``settings`` sheet (coder, flags, seed and the label key) that
    :func:`read_coding_workbook` needs. Text that starts like a formula is stored as text.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from smartcase import load_cases
    >>> p = export_coding_workbook(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "c.xlsx",
    ...                            coder="c3", hide_subdimension=True, seed=7)
    >>> ws = openpyxl.load_workbook(p)["ev_busan"]
    >>> [c.value for c in ws[1]][:3]
    ['evidence', 'statement', 'year']
    >>> ws["A2"].value
    'busan-x001'
    """
    if not isinstance(book, CaseBook):
        raise ArgumentError("book", type(book).__name__, "a CaseBook")
    if not isinstance(coder, str) or not _ID_RE.match(coder):
        raise ArgumentError("coder", repr(coder), "a coder id matching ^[a-z0-9][a-z0-9_.-]*$")
    if coder in set(book.codes["coder_id"]) or coder == CONSENSUS_CODER:
        raise ArgumentError(
            "coder",
            repr(coder),
            "a new coder id (not one of " + ", ".join(map(repr, book.coder_ids)) + ")",
        )
    blind = _check_bool("blind", blind)
    shuffle = _check_bool("shuffle", shuffle)
    hide = _check_bool("hide_subdimension", hide_subdimension)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ArgumentError("seed", repr(seed), "a non-negative integer")
    if cases is None:
        case_ids = list(book.case_ids)
    else:
        if isinstance(cases, str):
            raise ArgumentError("cases", repr(cases), "a list of case ids")
        case_ids = [book.check_case(c, "cases") for c in dict.fromkeys(cases)]
        if not case_ids:
            raise ArgumentError("cases", "an empty list", "at least one case id")
    data = _build(book, coder, case_ids, blind=blind, shuffle=shuffle, seed=int(seed), hide=hide)
    return atomic_write_bytes(path, data, overwrite=overwrite)


def _build(
    book: CaseBook,
    coder: str,
    case_ids: list[str],
    *,
    blind: bool,
    shuffle: bool,
    seed: int,
    hide: bool,
) -> bytes:
    import datetime as dt

    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from . import __version__

    fw: Framework = book.framework
    constructs = list(fw.codebook.index)
    wb = openpyxl.Workbook()
    readme = _first_sheet(wb)
    readme.title = "README"
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = _readme(
        coder,
        blind=blind,
        shuffle=shuffle,
        seed=seed,
        hide=hide,
        n_cases=len(case_ids),
        n_constructs=len(constructs),
    )
    for i, (a, b) in enumerate(lines, start=1):
        ca = _set(readme, i, 1, a or None)
        ca.font = Font(bold=True)
        ca.alignment = wrap
        _set(readme, i, 2, b or None).alignment = wrap
    readme.column_dimensions["A"].width = 24
    readme.column_dimensions["B"].width = 110
    readme.protection.sheet = True

    # coding sheet
    ws = wb.create_sheet("coding")
    others = [] if blind else list(book.coder_ids)
    header = list(CODING_COLUMNS)
    for c in others:
        header += [f"code_{c}", f"rationale_{c}"]
    _header(
        ws,
        header,
        {
            "case_name": 16,
            "construct_label": 34,
            "element": 28,
            "code": 8,
            "confidence": 12,
            "evidence_ids": 30,
            "rationale": 70,
            **{f"rationale_{c}": 60 for c in others},
        },
    )
    sheets = _evidence_sheet_names(case_ids)
    input_fill = PatternFill("solid", start_color=_INPUT_FILL, end_color=_INPUT_FILL)
    existing = book.codes.set_index(["case_id", "construct_id", "coder_id"]) if others else None
    row = 2
    for cid in case_ids:
        for con in constructs:
            rec = fw.codebook.loc[con]
            element = (
                "outcome"
                if rec["kind"] == "outcome"
                else fw.elements.at[rec["element_id"], "label"]
            )
            values: list[Any] = [
                cid,
                book.cases.at[cid, "name"],
                con,
                rec["label"],
                element,
                None,
                None,
                None,
                None,
            ]
            for c in others:
                key = (cid, con, c)
                if existing is not None and key in existing.index:
                    values += [int(existing.at[key, "code"]), existing.at[key, "rationale"]]
                else:
                    values += [None, None]
            for j, v in enumerate(values, start=1):
                cell = _set(ws, row, j, v, text_format=header[j - 1] in ("evidence_ids",))
                cell.alignment = wrap
                if header[j - 1] in _INPUT:
                    cell.protection = Protection(locked=False)
                    cell.fill = input_fill
            row += 1
    last = row - 1
    col = {name: get_column_letter(j) for j, name in enumerate(header, start=1)}
    dv_code = DataValidation(
        type="list",
        formula1='"0,1,2,3"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="smartcase",
        error="code: expected 0, 1, 2 or 3 (see sheet 'rubric')",
        showInputMessage=True,
        promptTitle="code",
        prompt="0 absent, 1 emerging, 2 developing, 3 established (see sheet 'rubric')",
    )
    dv_code.add(f"{col['code']}2:{col['code']}{last}")
    dv_conf = DataValidation(
        type="list",
        formula1='"high,medium,low"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="smartcase",
        error="confidence: expected high, medium or low",
        showInputMessage=True,
        promptTitle="confidence",
        prompt="How sure are you of this code? 0 codes (nothing found) take 'low'.",
    )
    dv_conf.add(f"{col['confidence']}2:{col['confidence']}{last}")
    dv_ev = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1="2000",
        allow_blank=True,
        showInputMessage=True,
        promptTitle="evidence_ids",
        prompt="Ids from column A of the case's ev_ sheet, separated by ';' (required for 1-3).",
    )
    dv_ev.add(f"{col['evidence_ids']}2:{col['evidence_ids']}{last}")
    dv_rat = DataValidation(
        type="textLength",
        operator="greaterThan",
        formula1="0",
        allow_blank=True,
        showInputMessage=True,
        promptTitle="rationale",
        prompt="Why this level and not the next one up or down (required).",
    )
    dv_rat.add(f"{col['rationale']}2:{col['rationale']}{last}")
    for dv in (dv_code, dv_conf, dv_ev, dv_rat):
        ws.add_data_validation(dv)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False

    # evidence sheets
    rng = np.random.default_rng(seed)
    keys: dict[str, dict[str, str]] = {}
    for cid in case_ids:
        n = int((book.evidence["case_id"] == cid).sum())
        order = rng.permutation(n) if shuffle else np.arange(n)
        head, rows, id_key = _evidence_rows(book, cid, blind=blind, hide=hide, order=order)
        keys[cid] = id_key
        _protected_table(wb, sheets[cid], head, rows)

    # codebook and rubric
    cb = fw.codebook
    cb_rows = [
        [
            con,
            "outcome" if rec["kind"] == "outcome" else fw.elements.at[rec["element_id"], "label"],
            rec["label"],
            rec["short_definition"],
            rec["full_definition"],
            rec["when_to_use"],
            rec["when_not_to_use"],
            rec["example"],
        ]
        for con, rec in cb.iterrows()
    ]
    _protected_table(
        wb,
        "codebook",
        [
            "construct_id",
            "element",
            "label",
            "short_definition",
            "full_definition",
            "when_to_use",
            "when_not_to_use",
            "example",
        ],
        cb_rows,
    )
    _protected_table(
        wb,
        "rubric",
        ["construct_id", "level", "level_label", "anchor"],
        [
            [r.construct_id, int(r.level), r.level_label, r.anchor]
            for r in fw.rubric.itertuples(index=False)
        ],
    )

    # settings (hidden): what read_coding_workbook needs
    st = wb.create_sheet("settings")
    settings: list[tuple[str, str]] = [
        ("format", _FORMAT),
        ("smartcase", __version__),
        ("coder", coder),
        ("blind", "true" if blind else "false"),
        ("shuffle", "true" if shuffle else "false"),
        ("seed", str(seed)),
        ("hide_subdimension", "true" if hide else "false"),
        ("cases", ";".join(case_ids)),
        ("constructs", ";".join(constructs)),
    ]
    for cid in case_ids:
        settings.append((f"sheet:{cid}", sheets[cid]))
    if hide:
        for cid in case_ids:
            for label, eid in keys[cid].items():
                settings.append((f"label:{label}", eid))
    for i, (k, v) in enumerate(settings, start=1):
        _set(st, i, 1, k)
        _set(st, i, 2, v)
    st.sheet_state = "hidden"
    st.protection.sheet = True

    props = wb.properties
    props.creator = "smartcase"
    props.lastModifiedBy = None
    props.created = dt.datetime(2020, 1, 1)
    props.modified = dt.datetime(2020, 1, 1)
    props.title = f"smartcase coding workbook ({coder})"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


# ----------------------------------------------------------------------------- reading
def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(wb: Any, name: str, path: Path) -> Any:
    if name not in wb.sheetnames:
        raise WorkbookError(
            "missing sheet",
            file=path,
            sheet=name,
            expected="the sheets written by export_coding_workbook",
            found="sheets " + ", ".join(wb.sheetnames),
        )
    return wb[name]


def _settings(wb: Any, path: Path) -> dict[str, str]:
    ws = _sheet(wb, "settings", path)
    out: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_col=2, values_only=True):
        if row[0] is None:
            continue
        out[str(row[0])] = _text(row[1])
    if out.get("format") != _FORMAT:
        raise WorkbookError(
            "not a smartcase coding workbook",
            file=path,
            sheet="settings",
            cell="B1",
            expected=repr(_FORMAT),
            found=repr(out.get("format")),
        )
    for key in ("coder", "cases", "constructs", "hide_subdimension", "blind"):
        if key not in out:
            raise WorkbookError(
                "damaged settings sheet",
                file=path,
                sheet="settings",
                field=key,
                expected=f"a row {key!r}",
                found="none",
            )
    return out


def _read_evidence(
    wb: Any, settings: Mapping[str, str], case_ids: list[str], path: Path
) -> tuple[dict[str, dict[str, str]], dict[str, str | None]]:
    """Per case, label -> evidence id; per evidence id its sub-dimension (None when hidden)."""
    hide = settings["hide_subdimension"] == "true"
    labels: dict[str, dict[str, str]] = {}
    subdim: dict[str, str | None] = {}
    for cid in case_ids:
        name = settings.get(f"sheet:{cid}", f"ev_{cid}")
        ws = _sheet(wb, name, path)
        rows = ws.iter_rows(min_row=1, values_only=True)
        head = [_text(v) for v in next(rows, ())]
        if not head or head[0] != "evidence":
            raise WorkbookError(
                "damaged evidence sheet",
                file=path,
                sheet=name,
                cell="A1",
                expected="'evidence'",
                found=repr(head[0] if head else None),
            )
        sub_col = head.index("subdimension_id") if "subdimension_id" in head else None
        labels[cid] = {}
        for row in rows:
            label = _text(row[0]) if row else ""
            if not label:
                continue
            eid = settings.get(f"label:{label}", label) if hide else label
            labels[cid][label] = eid
            subdim[eid] = None if sub_col is None or hide else _text(row[sub_col])
    return labels, subdim


def read_coding_workbook(
    path: str | Path,
    *,
    partial: bool = False,
    max_unpacked_mb: float = DEFAULT_MAX_UNPACKED_MB,
) -> pd.DataFrame:
    """Read a filled-in coding workbook back into a codes table.

    Parameters
    ----------
    path : str or Path
        A workbook written by :func:`export_coding_workbook` and filled in by the coder.
    partial : bool, default False
        Accept rows whose code is still blank (they are left out). By default every row must
        be coded.
    max_unpacked_mb : float, default 100
        Refuse workbooks larger than this once unpacked (checked before parsing).

    Returns
    -------
    pandas.DataFrame
        In the layout of ``codes.csv``: ``case_id``, ``construct_id``, ``coder_id`` (the coder
        the workbook was written for), ``code`` (int), ``confidence``, ``evidence_ids``
        (``';'``-separated evidence ids, neutral labels mapped back; missing when none) and
        ``rationale``, one row per coded case and construct in the order of the sheet.

    Raises
    ------
    WorkbookError
        Naming sheet, cell and field: not an .xlsx workbook, too large, or not one written by
        :func:`export_coding_workbook`; a missing sheet or a changed header; a row whose case
        or construct is not one of the workbook's, or given twice; a code that is not 0, 1, 2
        or 3; a confidence other than high/medium/low; an evidence id not listed on the case's
        evidence sheet; a non-zero code without evidence; a sub-dimension citing evidence
        filed under another (unless sub-dimensions were hidden); an empty rationale; a formula
        cell; a blank code (unless ``partial``).

    See Also
    --------
    export_coding_workbook, smartcase.reliability, adjudicate

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from smartcase import load_cases
    >>> p = export_coding_workbook(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "c.xlsx",
    ...                            coder="c3", cases=["busan"])
    >>> wb = openpyxl.load_workbook(p)
    >>> ws = wb["coding"]
    >>> ws["F2"], ws["G2"], ws["H2"], ws["I2"] = 1, "low", "busan-e004", "One pilot network."
    >>> wb.save(p)
    >>> codes = read_coding_workbook(p, partial=True)
    >>> codes[["case_id", "construct_id", "coder_id", "code"]].values.tolist()
    [['busan', 'ict_infrastructure', 'c3', 1]]
    """
    import warnings

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
    settings = _settings(wb, path)
    coder = settings["coder"]
    case_ids = [c for c in settings["cases"].split(";") if c]
    constructs = [c for c in settings["constructs"].split(";") if c]
    hide = settings["hide_subdimension"] == "true"
    labels, subdim = _read_evidence(wb, settings, case_ids, path)
    ws = _sheet(wb, "coding", path)
    head = [_text(c.value) for c in ws[1]][: len(CODING_COLUMNS)]
    if head != list(CODING_COLUMNS):
        from openpyxl.utils import get_column_letter

        j = next(
            (i for i, (a, b) in enumerate(zip(head, CODING_COLUMNS, strict=False)) if a != b),
            len(head),
        )
        raise WorkbookError(
            "changed header",
            file=path,
            sheet="coding",
            cell=f"{get_column_letter(j + 1)}1",
            expected=repr(CODING_COLUMNS[j]) if j < len(CODING_COLUMNS) else "the header",
            found=repr(head[j]) if j < len(head) else "nothing",
        )
    col = {name: j for j, name in enumerate(CODING_COLUMNS)}
    letters = "ABCDEFGHI"
    kinds = None
    rows: list[dict[str, object]] = []
    seen: dict[tuple[str, str], int] = {}
    expected_units = {(c, k) for c in case_ids for k in constructs}
    for cells in ws.iter_rows(min_row=2, max_col=len(CODING_COLUMNS)):
        r = cells[0].row
        values = [c.value for c in cells]
        for c in cells:
            if c.data_type == "f":
                raise WorkbookError(
                    "formula cell",
                    file=path,
                    sheet="coding",
                    cell=c.coordinate,
                    expected="a value",
                    found=repr(str(c.value)),
                )
        if all(v is None or _text(v) == "" for v in values):
            continue

        def err(field: str, message: str, expected: str, found: str, r: int = r) -> WorkbookError:
            return WorkbookError(
                message,
                file=path,
                sheet="coding",
                cell=f"{letters[col[field]]}{r}",
                field=field,
                expected=expected,
                found=found,
            )

        case, construct = _text(values[col["case_id"]]), _text(values[col["construct_id"]])
        if (case, construct) not in expected_units:
            field = "case_id" if case not in case_ids else "construct_id"
            raise err(
                field,
                "unknown case or construct (rows must stay as written)",
                "a case and construct of this workbook",
                repr(case if field == "case_id" else construct),
            )
        if (case, construct) in seen:
            raise err(
                "construct_id",
                "case and construct given twice",
                f"one row per case and construct (first on row {seen[(case, construct)]})",
                repr(f"{case}/{construct}"),
            )
        seen[(case, construct)] = r
        raw = values[col["code"]]
        if raw is None or _text(raw) == "":
            if partial:
                continue
            raise err(
                "code", "code not filled in", "0, 1, 2 or 3 (or partial=True)", "an empty cell"
            )
        try:
            code_f = float(_text(raw))
        except ValueError:
            raise err("code", "code is not a number", "0, 1, 2 or 3", repr(raw)) from None
        if not code_f.is_integer() or not 0 <= code_f <= 3:
            raise err("code", "code outside the rubric", "0, 1, 2 or 3", repr(raw))
        code = int(code_f)
        conf = _text(values[col["confidence"]]).lower()
        if conf not in _CONFIDENCE:
            raise err(
                "confidence",
                "confidence not one of the levels",
                "high, medium or low",
                repr(values[col["confidence"]])
                if _text(values[col["confidence"]])
                else "an empty cell",
            )
        ids_raw = _text(values[col["evidence_ids"]])
        given = [x for x in _SPLIT_RE.split(ids_raw) if x]
        ids: list[str] = []
        for label in given:
            if label not in labels.get(case, {}):
                raise err(
                    "evidence_ids",
                    "evidence id not listed for this case",
                    f"ids from column A of sheet {settings.get(f'sheet:{case}', 'ev_' + case)!r}",
                    repr(label),
                )
            eid = labels[case][label]
            if eid not in ids:
                ids.append(eid)
        if code > 0 and not ids:
            raise err(
                "evidence_ids",
                "a non-zero code must cite evidence",
                "at least one evidence id",
                "an empty cell",
            )
        if not hide and ids:
            if kinds is None:
                kinds = _construct_kinds(wb, path)
            if kinds.get(construct) == "subdimension":
                for eid in ids:
                    if subdim.get(eid) and subdim[eid] != construct:
                        raise err(
                            "evidence_ids",
                            "code cites evidence of another sub-dimension",
                            f"evidence filed under {construct!r}",
                            f"{eid!r} filed under {subdim[eid]!r}",
                        )
        rationale = _text(values[col["rationale"]])
        if not rationale:
            raise err("rationale", "rationale missing", "why this level", "an empty cell")
        rows.append(
            {
                "case_id": case,
                "construct_id": construct,
                "coder_id": coder,
                "code": code,
                "confidence": conf,
                "evidence_ids": ";".join(ids) if ids else None,
                "rationale": rationale,
            }
        )
    if not partial:
        missing = [u for u in sorted(expected_units) if u not in seen]
        if missing:
            raise WorkbookError(
                "rows deleted from the coding sheet",
                file=path,
                sheet="coding",
                expected="one row per case and construct",
                found="no row for " + ", ".join(f"{a}/{b}" for a, b in missing[:5]),
            )
    cols = list(table_specs()["codes"].column_names)
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"code": "int64"})


def _construct_kinds(wb: Any, path: Path) -> dict[str, str]:
    ws = _sheet(wb, "codebook", path)
    out = {}
    for row in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if row[0] is None:
            continue
        out[_text(row[0])] = "outcome" if _text(row[1]) == "outcome" else "subdimension"
    return out


# ----------------------------------------------------------------------------- adjudication
_CONF_RANK = {"low": 0, "medium": 1, "high": 2}


def _decisions_table(decisions: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(decisions, pd.DataFrame):
        raise ArgumentError(
            "decisions", type(decisions).__name__, "a DataFrame (case, construct, code, reason)"
        )
    d = decisions.copy()
    for short, full in (("case", "case_id"), ("construct", "construct_id")):
        if short in d.columns and full in d.columns:
            raise ArgumentError(
                "decisions", f"both columns {short!r} and {full!r}", f"one of them ({full!r})"
            )
        if short in d.columns:
            d = d.rename(columns={short: full})
    required = ("case_id", "construct_id", "code", "reason")
    missing = [c for c in required if c not in d.columns]
    if missing:
        raise ArgumentError(
            "decisions",
            "columns " + ", ".join(map(str, decisions.columns)),
            "columns case_id (or case), construct_id (or construct), code, reason; optional "
            "confidence, evidence_ids (missing: " + ", ".join(missing) + ")",
        )
    for i, rec in enumerate(d.itertuples(index=False)):
        where = f"row {i} ({rec.case_id!r}, {rec.construct_id!r})"
        code = pd.to_numeric(pd.Series([rec.code]), errors="coerce").iloc[0]
        if pd.isna(code) or float(code) not in (0.0, 1.0, 2.0, 3.0):
            raise ArgumentError("decisions", f"code {rec.code!r} in {where}", "a code 0, 1, 2 or 3")
        if not isinstance(rec.reason, str) or not rec.reason.strip():
            raise ArgumentError(
                "decisions", f"no reason in {where}", "the reason for each decision"
            )
        conf = getattr(rec, "confidence", None)
        if conf is not None and not (isinstance(conf, float) and pd.isna(conf)):
            if conf not in _CONFIDENCE:
                raise ArgumentError(
                    "decisions", f"confidence {conf!r} in {where}", "high, medium or low"
                )
    dup = d.duplicated(["case_id", "construct_id"])
    if dup.any():
        rec = d[dup].iloc[0]
        raise ArgumentError(
            "decisions",
            f"case {rec['case_id']!r}, construct {rec['construct_id']!r} twice",
            "one decision per case and construct",
        )
    d["code"] = pd.to_numeric(d["code"]).astype("int64")
    return d.set_index(["case_id", "construct_id"])


def adjudicate(
    codes: pd.DataFrame | CaseBook,
    decisions: pd.DataFrame,
    *,
    coders: Sequence[str] | None = None,
    consensus: str = CONSENSUS_CODER,
) -> pd.DataFrame:
    """Record a consensus coding that keeps every coder's rationale and each decision.

    Parameters
    ----------
    codes : pandas.DataFrame or CaseBook
        A codes table (``codes.csv`` layout) with at least two coders, e.g. the book's codes
        plus those from :func:`read_coding_workbook`.
    decisions : pandas.DataFrame
        One row per decided unit: ``case_id`` (or ``case``), ``construct_id`` (or
        ``construct``), ``code`` (0-3) and ``reason``; optionally ``confidence`` and
        ``evidence_ids``. Every unit on which the coders disagree needs a decision; a decision
        on a unit they agree on overrides their code.
    coders : sequence of str, optional
        The coders to reconcile (default: every coder in ``codes``).
    consensus : str, default 'consensus'
        Coder id of the consensus coding.

    Returns
    -------
    pandas.DataFrame
        ``codes`` with the consensus rows appended (same columns). For each unit coded by all
        ``coders``: the agreed or decided ``code``; ``confidence`` from the decision, else the
        lowest of the coders'; ``evidence_ids`` from the decision, else every id any coder
        cited (in order of first citation); ``rationale`` saying whether the code was agreed or
        decided (with the reason and each coder's code), followed by each coder's rationale.

    Raises
    ------
    ArgumentError
        Fewer than two coders; an unknown coder; a consensus coding already present; a
        malformed decision (unknown unit, code outside 0-3, no reason, a unit twice); a
        disagreement without a decision (the first few are named); a non-zero consensus code
        without evidence.

    See Also
    --------
    smartcase.reliability : compute agreement before adjudicating.

    Notes
    -----
    Compute reliability on the independent codings *before* adjudication; the consensus coding
    is for analysis, not for a reliability figure.

    Examples
    --------
    >>> import pandas as pd
    >>> codes = pd.DataFrame({
    ...     "case_id": ["a", "a"], "construct_id": ["x", "x"], "coder_id": ["ref", "c3"],
    ...     "code": [2, 3], "confidence": ["medium", "high"], "evidence_ids": ["a-e1", "a-e1;a-e2"],
    ...     "rationale": ["Partial roll-out.", "City-wide."]})
    >>> decisions = pd.DataFrame({"case": ["a"], "construct": ["x"], "code": [2],
    ...                           "reason": "a-e2 is a plan, not a roll-out."})
    >>> out = adjudicate(codes, decisions)
    >>> out.tail(1)[["coder_id", "code", "confidence", "evidence_ids"]].values.tolist()
    [['consensus', 2, 'medium', 'a-e1;a-e2']]
    >>> print(out.iloc[-1]["rationale"])
    Decided: a-e2 is a plan, not a roll-out. (ref 2, c3 3) || ref: Partial roll-out. || c3: City-wide.
    """
    if not isinstance(codes, pd.DataFrame) and isinstance(
        getattr(codes, "codes", None), pd.DataFrame
    ):
        codes = codes.codes
    if not isinstance(codes, pd.DataFrame):
        raise ArgumentError("codes", type(codes).__name__, "a codes DataFrame or a CaseBook")
    cols = list(table_specs()["codes"].column_names)
    missing = [c for c in cols if c not in codes.columns]
    if missing:
        raise ArgumentError(
            "codes",
            "columns " + ", ".join(map(str, codes.columns)),
            "the columns of codes.csv (missing: " + ", ".join(missing) + ")",
        )
    if not isinstance(consensus, str) or not _ID_RE.match(consensus):
        raise ArgumentError("consensus", repr(consensus), "a coder id")
    present = list(dict.fromkeys(codes["coder_id"]))
    if consensus in present:
        raise ArgumentError(
            "codes",
            f"a coding by {consensus!r} already",
            f"codes without the consensus coder {consensus!r} (adjudicate once)",
        )
    wanted = list(dict.fromkeys(coders)) if coders is not None else present
    for c in wanted:
        if c not in present:
            raise ArgumentError(
                "coders", repr(c), "coders in the table: " + ", ".join(map(repr, present))
            )
    if len(wanted) < 2:
        raise ArgumentError("coders", f"{len(wanted)} coder(s)", "at least two coders to reconcile")
    dec = _decisions_table(decisions)
    table = codes[codes["coder_id"].isin(wanted)]
    dup = table.duplicated(["case_id", "construct_id", "coder_id"])
    if dup.any():
        rec = table[dup].iloc[0]
        raise ArgumentError(
            "codes",
            f"case {rec['case_id']!r}, construct {rec['construct_id']!r}, coder {rec['coder_id']!r} twice",
            "one code per case, construct and coder",
        )
    by_unit = {
        k: g.set_index("coder_id")
        for k, g in table.groupby(["case_id", "construct_id"], sort=False)
    }
    units = [k for k, g in by_unit.items() if all(c in g.index for c in wanted)]
    unknown = [k for k in dec.index if k not in set(units)]
    if unknown:
        raise ArgumentError(
            "decisions",
            f"case {unknown[0][0]!r}, construct {unknown[0][1]!r}",
            "units coded by every coder being reconciled",
        )
    undecided = []
    rows = []
    for unit in units:
        g = by_unit[unit]
        values = {c: int(g.at[c, "code"]) for c in wanted}
        agreed = len(set(values.values())) == 1
        if not agreed and unit not in dec.index:
            undecided.append(unit)
            continue
        cited: list[str] = []
        for c in wanted:
            for eid in split_ids(g.at[c, "evidence_ids"]):
                if eid not in cited:
                    cited.append(eid)
        confs = [str(g.at[c, "confidence"]) for c in wanted]
        lowest = min(confs, key=lambda x: _CONF_RANK.get(x, -1))
        listing = ", ".join(f"{c} {values[c]}" for c in wanted)
        reasons = " || ".join(f"{c}: {_rationale(g.at[c, 'rationale'])}" for c in wanted)
        if unit in dec.index:
            d = dec.loc[unit]
            code = int(d["code"])
            conf = d.get("confidence") if "confidence" in dec.columns else None
            confidence = conf if isinstance(conf, str) and conf else lowest
            ev = d.get("evidence_ids") if "evidence_ids" in dec.columns else None
            ids = split_ids(ev) if isinstance(ev, str) and ev.strip() else cited
            head = f"Decided: {str(d['reason']).strip()} ({listing})"
        else:
            code, confidence, ids = values[wanted[0]], lowest, cited
            head = f"Agreed ({listing})"
        if code > 0 and not ids:
            raise ArgumentError(
                "decisions",
                f"code {code} for case {unit[0]!r}, construct {unit[1]!r} without evidence",
                "evidence_ids for a non-zero consensus code no coder cited evidence for",
            )
        rows.append(
            {
                "case_id": unit[0],
                "construct_id": unit[1],
                "coder_id": consensus,
                "code": code,
                "confidence": confidence,
                "evidence_ids": ";".join(ids) if ids else None,
                "rationale": f"{head} || {reasons}",
            }
        )
    if undecided:
        raise ArgumentError(
            "decisions",
            f"no decision for {len(undecided)} disagreement(s): "
            + ", ".join(f"{a}/{b}" for a, b in undecided[:5])
            + (" ..." if len(undecided) > 5 else ""),
            "a decision (code and reason) for every unit on which the coders disagree",
        )
    out = pd.concat([codes, pd.DataFrame(rows, columns=list(codes.columns))], ignore_index=True)
    if "code" in out.columns and pd.api.types.is_integer_dtype(codes["code"]):
        out["code"] = out["code"].astype(codes["code"].dtype)
    return out


def _rationale(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(no rationale)"
    return str(value).strip()


# ----------------------------------------------------------------------------- assignment
def evidence_assignment(
    codes: pd.DataFrame, book: CaseBook, *, coder: str | None = None
) -> pd.DataFrame:
    """Which evidence a coder cited under which sub-dimension, against where the book files it.

    With ``hide_subdimension=True`` the second coder decides which evidence bears on which
    sub-dimension; this table shows how far that filing agrees with the case base's.

    Parameters
    ----------
    codes : pandas.DataFrame
        A codes table (``codes.csv`` layout), e.g. from :func:`read_coding_workbook`.
    book : CaseBook
        The case base whose evidence table files each item under a sub-dimension.
    coder : str, optional
        Only this coder's codes (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per cited evidence item under a sub-dimension code: ``case_id``,
        ``construct_id``, ``coder_id``, ``evidence_id``, ``filed_under`` (the book's
        sub-dimension of the item; missing for an id the book lacks) and ``same`` (bool).
        Citations under the outcome are left out (the outcome may cite any evidence).

    Raises
    ------
    ArgumentError
        Missing columns or an unknown coder.

    Examples
    --------
    >>> from smartcase import load_cases
    >>> book = load_cases()
    >>> t = evidence_assignment(book.codes, book, coder="ref")
    >>> bool(t["same"].all())
    True
    """
    if not isinstance(codes, pd.DataFrame) or any(
        c not in codes.columns for c in ("case_id", "construct_id", "coder_id", "evidence_ids")
    ):
        raise ArgumentError(
            "codes", "a table without case_id, construct_id, coder_id, evidence_ids", "codes"
        )
    table = codes
    if coder is not None:
        if coder not in set(codes["coder_id"]):
            raise ArgumentError(
                "coder",
                repr(coder),
                "one of " + ", ".join(map(repr, dict.fromkeys(codes["coder_id"]))),
            )
        table = codes[codes["coder_id"] == coder]
    kinds = book.framework.codebook["kind"]
    filed = book.evidence["subdimension_id"]
    rows = []
    for rec in table.itertuples(index=False):
        if kinds.get(rec.construct_id) != "subdimension":
            continue
        for eid in split_ids(rec.evidence_ids):
            where = filed.get(eid)
            rows.append(
                {
                    "case_id": rec.case_id,
                    "construct_id": rec.construct_id,
                    "coder_id": rec.coder_id,
                    "evidence_id": eid,
                    "filed_under": where,
                    "same": where == rec.construct_id,
                }
            )
    return pd.DataFrame(
        rows,
        columns=["case_id", "construct_id", "coder_id", "evidence_id", "filed_under", "same"],
    ).astype({"same": "bool"})
