"""Tests of smartcase.workbook: the Excel coding workbook."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import smartcase
from smartcase.errors import ArgumentError, WorkbookError
from smartcase.output import OutputExistsError
from smartcase.workbook import (
    DATA_SHEETS,
    REFERENCE_SHEETS,
    case_tables,
    export_workbook,
    new_workbook,
    read_workbook,
    write_case_base,
)

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini_casebook"
BUNDLED_CASES = TESTS.parent / "data" / "cases.csv"


@pytest.fixture(scope="module")
def mini() -> smartcase.CaseBook:
    return smartcase.load_cases(MINI)


@pytest.fixture(params=["mini", "bundled"])
def book(request: pytest.FixtureRequest) -> smartcase.CaseBook:
    if request.param == "bundled":
        if not BUNDLED_CASES.is_file():
            pytest.skip("bundled case base (data/cases.csv) not there yet")
        return smartcase.load_cases()
    return smartcase.load_cases(MINI)


@pytest.fixture
def exported(tmp_path: Path, mini: smartcase.CaseBook) -> Path:
    return export_workbook(mini, tmp_path / "mini.xlsx")


def _edit(path: Path, change) -> Path:
    """Open a workbook, apply ``change(wb)``, save it under a new name."""
    wb = openpyxl.load_workbook(path)
    change(wb)
    out = path.with_name("edited.xlsx")
    wb.save(out)
    return out


def _header_col(ws, name: str) -> str:
    for cell in ws[1]:
        if cell.value == name:
            return cell.column_letter
    raise KeyError(name)


# --------------------------------------------------------------------------- round trip
def test_round_trip_is_lossless(tmp_path: Path, book: smartcase.CaseBook) -> None:
    back = read_workbook(export_workbook(book, tmp_path / "book.xlsx"))
    for name in DATA_SHEETS:
        pd.testing.assert_frame_equal(getattr(back, name), getattr(book, name), check_exact=True)
    pd.testing.assert_frame_equal(back.framework.elements, book.framework.elements)
    pd.testing.assert_frame_equal(back.framework.codebook, book.framework.codebook)
    pd.testing.assert_frame_equal(back.framework.rubric, book.framework.rubric)
    assert back.data_dirs[-1] == tmp_path / "book.xlsx"


def test_export_is_byte_stable(tmp_path: Path, book: smartcase.CaseBook) -> None:
    a = export_workbook(book, tmp_path / "a.xlsx").read_bytes()
    b = export_workbook(book, tmp_path / "b.xlsx").read_bytes()
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2020, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert "2020-01-01T00:00:00Z" in core


def test_csv_written_from_workbook_equals_fixture_bytes(tmp_path: Path, exported: Path) -> None:
    written = write_case_base(read_workbook(exported), tmp_path / "out")
    assert [p.name for p in written] == [f"{n}.csv" for n in DATA_SHEETS]
    for p in written:
        assert p.read_bytes() == (MINI / p.name).read_bytes(), p.name


def test_write_case_base_refuses_existing_files(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    write_case_base(mini, tmp_path)
    (tmp_path / "codes.csv").write_text("mine\n")
    with pytest.raises(OutputExistsError):
        write_case_base(mini, tmp_path)
    assert (tmp_path / "codes.csv").read_text() == "mine\n"
    write_case_base(mini, tmp_path, overwrite=True)
    assert smartcase.load_cases(tmp_path).codes.equals(mini.codes)


def test_never_overwrites_unless_asked(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"precious")
    with pytest.raises(OutputExistsError):
        export_workbook(mini, target)
    with pytest.raises(OutputExistsError):
        new_workbook(target)
    assert target.read_bytes() == b"precious"
    export_workbook(mini, target, overwrite=True)
    assert read_workbook(target).case_ids == ("alpha", "beta")


def test_case_tables_do_not_mutate_the_book(mini: smartcase.CaseBook) -> None:
    before = mini.evidence.copy()
    tables = case_tables(mini)
    tables["evidence"].loc[0, "statement"] = "changed"
    pd.testing.assert_frame_equal(mini.evidence, before)
    assert set(tables) == {*REFERENCE_SHEETS, *DATA_SHEETS}


# --------------------------------------------------------------------------- layout
def test_layout_sheets_frozen_headers_widths_wrap(exported: Path, mini: smartcase.CaseBook) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == ["README", *DATA_SHEETS, *REFERENCE_SHEETS]
    for name in (*DATA_SHEETS, *REFERENCE_SHEETS):
        ws = wb[name]
        assert ws.freeze_panes == "B2"
        widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
        assert all(8 <= w <= 60 for w in widths), (name, widths)
        assert ws[1][0].comment is not None  # each header explains its column
    for name in REFERENCE_SHEETS:
        assert wb[name].protection.sheet
    for name in DATA_SHEETS:
        assert not wb[name].protection.sheet
    ws = wb["codebook"]
    col = _header_col(ws, "full_definition")
    assert ws[f"{col}2"].alignment.wrap_text


def _validations(ws) -> dict[str, str]:
    """Column letter -> formula1 of the data validation that covers row 2 of that column."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            if rng.min_row == 2:
                out[openpyxl.utils.get_column_letter(rng.min_col)] = (dv.type, dv.formula1)
    return out


def test_drop_down_lists(exported: Path, mini: smartcase.CaseBook) -> None:
    wb = openpyxl.load_workbook(exported)
    n_sub = len(mini.framework.subdimensions)
    codes = _validations(wb["codes"])
    ws = wb["codes"]
    assert codes[_header_col(ws, "case_id")][1].startswith("cases!$A$2:$A$")
    assert codes[_header_col(ws, "construct_id")] == (
        "list",
        f"codebook!$A$2:$A${1 + len(mini.framework.codebook)}",
    )
    assert codes[_header_col(ws, "coder_id")][1].startswith("coders!$A$2:$A$")
    assert codes[_header_col(ws, "code")] == ("list", '"0,1,2,3"')
    assert codes[_header_col(ws, "confidence")] == ("list", '"high,medium,low"')
    ev = _validations(wb["evidence"])
    ws = wb["evidence"]
    assert ev[_header_col(ws, "subdimension_id")] == ("list", f"codebook!$A$2:$A${1 + n_sub}")
    assert ev[_header_col(ws, "element_id")] == ("list", "elements!$A$2:$A$4")
    assert ev[_header_col(ws, "source_id")][1].startswith("sources!$A$2:$A$")
    assert ev[_header_col(ws, "strength")] == ("list", '"strong,medium,weak"')
    assert ev[_header_col(ws, "post_2020")] == ("list", '"TRUE,FALSE"')
    assert ev[_header_col(ws, "year")][0] == "whole"
    # the codebook sheet lists the sub-dimensions first, so the evidence range holds exactly them
    cb = wb["codebook"]
    listed = [cb[f"A{r}"].value for r in range(2, 2 + n_sub)]
    assert listed == list(mini.framework.subdimension_ids)


def test_formula_like_text_is_written_as_text(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    ev = mini.evidence.copy()
    risky = ['=HYPERLINK("http://x.example","click")', "+1 more", "-2 fewer", "@SUM(A1)"]
    for eid, text in zip(ev.index, risky, strict=False):
        ev.loc[eid, "statement"] = text
    book = replace(mini, evidence=ev)
    path = export_workbook(book, tmp_path / "risky.xlsx")
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    ws = openpyxl.load_workbook(path)["evidence"]
    col = _header_col(ws, "statement")
    for r, text in enumerate(risky, start=2):
        assert ws[f"{col}{r}"].value == text
        assert ws[f"{col}{r}"].data_type == "s"
        assert ws[f"{col}{r}"].quotePrefix
    back = read_workbook(path)
    pd.testing.assert_frame_equal(back.evidence, book.evidence)


# --------------------------------------------------------------------------- typed cells
def test_excel_typed_values_are_read_as_their_text(exported: Path) -> None:
    def change(wb):
        ws = wb["sources"]
        ws[f"{_header_col(ws, 'accessed')}2"] = dt.datetime(
            2026, 11, 25
        )  # Excel turned it into a date
        ws = wb["evidence"]
        ws[f"{_header_col(ws, 'post_2020')}2"] = "TRUE"  # typed text instead of a boolean
        ws = wb["coders"]
        ws[f"{_header_col(ws, 'coded_on')}2"] = dt.date(2026, 11, 1)

    book = read_workbook(_edit(exported, change))
    assert book.sources.loc["alpha-report-2019", "accessed"] == "2026-11-25"
    assert bool(book.evidence.loc["alpha-e001", "post_2020"]) is True
    assert book.coders.loc["ref", "coded_on"] == "2026-11-01"


# --------------------------------------------------------------------------- bad input
def test_missing_sheet(exported: Path) -> None:
    path = _edit(exported, lambda wb: wb.remove(wb["codes"]))
    with pytest.raises(WorkbookError, match=r"sheet 'codes': missing sheet"):
        read_workbook(path)


def test_renamed_column_names_header_cell(exported: Path) -> None:
    def change(wb):
        wb["codes"]["D1"] = "score"

    with pytest.raises(
        WorkbookError,
        match=r"sheet 'codes', cell D1, field 'score': unknown column \(renamed\?\) \(expected column 'code'",
    ):
        read_workbook(_edit(exported, change))


def test_code_outside_0_3_names_cell(exported: Path) -> None:
    def change(wb):
        wb["codes"]["D7"] = 5

    with pytest.raises(
        WorkbookError,
        match=r"sheet 'codes', cell D7, field 'code': value out of range \(expected an integer from 0 to 3, found '5'\)",
    ):
        read_workbook(_edit(exported, change))


def test_formula_cell_is_refused(exported: Path) -> None:
    def change(wb):
        ws = wb["evidence"]
        ws["F3"] = "=2000+18"

    with pytest.raises(WorkbookError, match=r"sheet 'evidence', cell F3: formula cell"):
        read_workbook(_edit(exported, change))


def test_merged_cells_are_refused(exported: Path) -> None:
    def change(wb):
        wb["evidence"].merge_cells("E2:E3")

    with pytest.raises(
        WorkbookError, match=r"sheet 'evidence', cell E2: merged cells in the data area .*E2:E3"
    ):
        read_workbook(_edit(exported, change))


def test_unknown_id_names_cell(exported: Path) -> None:
    def change(wb):
        ws = wb["evidence"]
        ws[f"{_header_col(ws, 'case_id')}4"] = "gamma"

    with pytest.raises(
        WorkbookError,
        match=r"sheet 'evidence', cell B4, field 'case_id': refers to an unknown case",
    ):
        read_workbook(_edit(exported, change))


def test_rows_after_multiline_text_map_to_the_right_cell(exported: Path) -> None:
    def change(wb):
        ws = wb["evidence"]
        ws["E2"] = "first line\nsecond line\nthird line"
        ws["J5"] = "very strong"  # strength of the 4th record, after a three-line CSV record

    with pytest.raises(
        WorkbookError, match=r"sheet 'evidence', cell J5, field 'strength': value not allowed"
    ):
        read_workbook(_edit(exported, change))


def test_value_outside_the_table(exported: Path) -> None:
    def change(wb):
        wb["coders"]["F3"] = "stray"

    with pytest.raises(WorkbookError, match=r"sheet 'coders', cell F3: value outside the table"):
        read_workbook(_edit(exported, change))


def test_not_an_xlsx_file(tmp_path: Path) -> None:
    csv = tmp_path / "codes.xlsx"
    csv.write_text("case_id,code\nalpha,1\n")
    with pytest.raises(WorkbookError, match="not an xlsx workbook .*zip signature"):
        read_workbook(csv)
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(WorkbookError, match=r"legacy binary file \(\.xls\)"):
        read_workbook(xls)
    docx = tmp_path / "report.xlsx"
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
    with pytest.raises(WorkbookError, match="a Word document"):
        read_workbook(docx)
    xlsm = tmp_path / "macro.xlsx"
    with zipfile.ZipFile(xlsm, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
        )
    with pytest.raises(WorkbookError, match="macro-enabled"):
        read_workbook(xlsm)
    plainzip = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(plainzip, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(WorkbookError, match=r"without \[Content_Types\]\.xml"):
        read_workbook(plainzip)
    with pytest.raises(WorkbookError, match="workbook not found"):
        read_workbook(tmp_path / "nope.xlsx")


def test_zip_bomb_is_refused_before_parsing(
    tmp_path: Path, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(exported) as src,
        zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", b"\0" * (3 * 1024 * 1024))
    assert bomb.stat().st_size < 200_000  # small on disk, 3 MB unpacked

    def no_parse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", no_parse)
    with pytest.raises(
        WorkbookError, match=r"too large when unpacked \(expected at most 2 MB unpacked"
    ):
        read_workbook(bomb, max_unpacked_mb=2)


# --------------------------------------------------------------------------- new workbook
def test_new_workbook_is_empty_with_reference_sheets(tmp_path: Path) -> None:
    path = new_workbook(tmp_path / "empty.xlsx")
    wb = openpyxl.load_workbook(path)
    fw = smartcase.load_framework()
    assert wb["codebook"].max_row == 1 + len(fw.codebook)
    for name in DATA_SHEETS:
        assert wb[name].max_row == 1
        assert _validations(wb[name]) or name in ("coders",)
    with pytest.raises(WorkbookError, match=r"sheet 'cases'.*no cases"):
        read_workbook(path)


def test_new_workbook_rejects_bad_ids(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="argument 'cases'"):
        new_workbook(tmp_path / "x.xlsx", cases=["New City"])
    with pytest.raises(ArgumentError, match="argument 'coders'"):
        new_workbook(tmp_path / "x.xlsx", cases=["gamma"], coders=["Bad Coder"])
    assert not (tmp_path / "x.xlsx").exists()


def test_researcher_codes_a_new_case_in_an_empty_workbook(tmp_path: Path) -> None:
    path = new_workbook(tmp_path / "gamma.xlsx", cases=["gamma"], coders=["ref"])
    wb = openpyxl.load_workbook(path)
    fw = smartcase.load_framework()

    def fill(ws, row: int, values: dict) -> None:
        for key, value in values.items():
            ws[f"{_header_col(ws, key)}{row}"] = value

    fill(
        wb["cases"],
        2,
        {
            "name": "Gamma",
            "country": "Testland",
            "group": "North",
            "admin_type": "Municipality",
            "admin_type_source": "gamma-src",
            "population": 1000,
            "population_year": 2019,
            "population_source": "gamma-src",
            "area_km2": 10.5,
            "area_source": "gamma-src",
        },
    )
    fill(
        wb["sources"],
        2,
        {
            "source_id": "gamma-src",
            "author": "Gamma Council",
            "title": "A fictional report",
            "year": 2019,
            "language": "en",
            "kind": "report",
        },
    )
    fill(wb["coders"], 2, {"name": "Test coder", "coded_on": "2026-11"})
    fill(
        wb["evidence"],
        2,
        {
            "evidence_id": "gamma-e001",
            "case_id": "gamma",
            "element_id": "technology",
            "subdimension_id": "open_data",
            "statement": "Gamma runs a fictional portal.",
            "year": 2019,
            "source_id": "gamma-src",
            "strength": "medium",
            "post_2020": False,
        },
    )
    ws = wb["codes"]
    assert ws.max_row == 1 + len(fw.codebook)
    construct_col = _header_col(ws, "construct_id")
    for r in range(2, ws.max_row + 1):
        open_data = ws[f"{construct_col}{r}"].value == "open_data"
        fill(
            ws,
            r,
            {
                "code": 2 if open_data else 0,
                "confidence": "low",
                "evidence_ids": "gamma-e001" if open_data else None,
                "rationale": "fixture",
            },
        )
    wb.save(path)
    book = read_workbook(path)
    assert book.case_ids == ("gamma",)
    assert int(book.code_matrix().loc["gamma", "open_data"]) == 2
    assert book.evidence.loc["gamma-e001", "post_2020"] == False  # noqa: E712
