"""Tests of smartcase.compare: cell contents checked by hand on the fixtures, exports, bad input."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from casebooks import BOOKS, FIVE, MINI, load

from smartcase.casebook import CaseBook, load_cases
from smartcase.compare import (
    CODE_BALLS,
    CODE_FILL,
    HARVEY_BALLS,
    LOW_CONFIDENCE_MARK,
    NOT_CODED,
    ComparisonTable,
    case_overview,
    comparison_matrix,
    framework_matrix,
    group_contrast,
    harvey_ball,
    meta_matrix,
)
from smartcase.errors import ArgumentError
from smartcase.output import OutputExistsError
from smartcase.style import RECONSTRUCTION_NOTE

TABLES: list[Callable[[CaseBook], ComparisonTable]] = [
    comparison_matrix,
    meta_matrix,
    framework_matrix,
    case_overview,
    group_contrast,
]


def row(t: ComparisonTable, construct: str) -> pd.Series:
    hits = t.table[t.table["Construct"] == construct]
    assert len(hits) == 1, construct
    return hits.iloc[0]


# ------------------------------------------------------------------ Harvey balls
def test_codes_have_one_symbol_set() -> None:
    # one meaning per ball: the four codes, drawn at the nearest quarter of their share of 3
    assert CODE_BALLS == {0: "○", 1: "◔", 2: "◕", 3: "●"}
    assert CODE_FILL == {0: 0.0, 1: 0.25, 2: 0.75, 3: 1.0}
    assert [harvey_ball(c) for c in range(4)] == [CODE_BALLS[c] for c in range(4)]


def test_harvey_ball_rule() -> None:
    assert [harvey_ball(c) for c in (0, 1, 2, 3)] == ["○", "◔", "◕", "●"]
    assert [harvey_ball(q / 4, maximum=1) for q in range(5)] == list(HARVEY_BALLS)
    assert harvey_ball(1.5) == "◑"  # a mean code half-way
    assert harvey_ball(0.12, maximum=1) == "○"
    assert harvey_ball(0.125, maximum=1) == "◔"  # halves round up
    assert harvey_ball(None) == NOT_CODED
    assert harvey_ball(float("nan")) == NOT_CODED
    with pytest.raises(ArgumentError, match="value"):
        harvey_ball(4)


def test_glyphs_in_dejavu_sans() -> None:
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    cmap = TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap()
    for glyph in (*HARVEY_BALLS, LOW_CONFIDENCE_MARK, NOT_CODED):
        assert ord(glyph) in cmap, glyph


# ------------------------------------------------------------ comparison matrix
def test_comparison_matrix_cells_mini() -> None:
    book = load_cases(MINI)
    t = comparison_matrix(book)
    assert t.table.columns.tolist() == ["Element", "Construct", "Alpha", "Beta"]
    # 22 sub-dimensions + 3 element rows + the outcome
    assert len(t.table) == 26
    assert row(t, "Open data")["Alpha"] == "●"  # code 3, medium confidence
    assert row(t, "Living labs")["Alpha"] == "◔"  # code 1
    assert row(t, "Living labs")["Beta"] == "◕"  # code 2
    assert row(t, "Open data")["Beta"] == "○" + LOW_CONFIDENCE_MARK  # code 0, low confidence
    # element score of alpha's technology: one code 3 among 7 sub-dimensions -> mean code 3/7,
    # printed as a number on the 0-3 scale, never as a ball (issue 10)
    tech = t.table.iloc[0]
    assert tech["Element"] == "Technology, data and infrastructure" and tech["Alpha"] == "0.43"
    assert tech["Construct"] == "Element score (mean code, 0-3)"
    assert row(t, "People-oriented smart-city innovation")["Beta"] == "◔"
    numeric = comparison_matrix(book, symbols="numeric", mark_low_confidence=False)
    assert row(numeric, "Open data")["Alpha"] == "3"
    assert numeric.table.iloc[0]["Alpha"] == "0.43"
    # the second coder sees beta's living lab as established
    assert row(comparison_matrix(book, coder="c2"), "Living labs")["Beta"] == "●"


def test_comparison_matrix_numeric_twin_matches_codes() -> None:
    book = load_cases(FIVE)
    t = comparison_matrix(book)
    sub = book.code_matrix(outcome=True)
    el = book.code_matrix("element")
    for rec in t.data.itertuples(index=False):
        for c in book.case_ids:
            expected = (
                el.at[c, rec.construct_id] if rec.kind == "element" else sub.at[c, rec.construct_id]
            )
            assert getattr(rec, c) == pytest.approx(float(expected))


def test_comparison_matrix_element_level_and_subset() -> None:
    book = load_cases(FIVE)
    t = comparison_matrix(book, level="element", cases=["westbury", "eastport"])
    assert t.table.columns.tolist()[2:] == ["Westbury", "Eastport"]
    assert t.table["Construct"].tolist() == ["Element score (mean code, 0-3)"] * 3 + [
        "People-oriented smart-city innovation"
    ]
    # eastport technology: mean code 19/7 = 2.71; westbury 13/7 = 1.86
    assert t.table.iloc[0]["Eastport"] == "2.71" and t.table.iloc[0]["Westbury"] == "1.86"


def test_not_coded_shows_distinctly(tmp_path: Path) -> None:
    from dataclasses import replace

    book = load_cases(MINI)
    codes = book.codes[
        ~(
            (book.codes.case_id == "alpha")
            & (book.codes.construct_id == "iot_sensors")
            & (book.codes.coder_id == "ref")
        )
    ]
    gap = replace(book, codes=codes.reset_index(drop=True))
    t = comparison_matrix(gap)
    assert row(t, "Sensors and connected devices")["Alpha"] == NOT_CODED
    assert any(n.startswith(NOT_CODED) for n in t.notes)


def test_comparison_matrix_bad_input() -> None:
    book = load_cases(MINI)
    with pytest.raises(ArgumentError, match="'cases'.*'atlantis'"):
        comparison_matrix(book, cases=["alpha", "atlantis"])
    with pytest.raises(ArgumentError, match="coder.*'nobody'"):
        comparison_matrix(book, coder="nobody")
    with pytest.raises(ArgumentError, match="symbols.*'harvey', 'numeric'"):
        comparison_matrix(book, symbols="emoji")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="level"):
        comparison_matrix(book, level="case")  # type: ignore[arg-type]


# ------------------------------------------------------------------ meta-matrix
def test_meta_matrix_sorted_by_outcome() -> None:
    book = load_cases(FIVE)
    t = meta_matrix(book)
    # innovation: westholm 3, westbury 3, eastport 2, eastvale 1, eastfield 1 (ties in case order)
    assert t.table["Case"].tolist() == ["Westholm", "Westbury", "Eastport", "Eastvale", "Eastfield"]
    assert t.table["Level"].tolist() == [
        "established",
        "established",
        "developing",
        "emerging",
        "emerging",
    ]
    assert t.table.columns.tolist()[:4] == [
        "Case",
        "Group",
        "People-oriented smart-city innovation",
        "Level",
    ]
    asc = meta_matrix(book, ascending=True)
    assert asc.table["Case"].tolist() == [
        "Eastvale",
        "Eastfield",
        "Eastport",
        "Westholm",
        "Westbury",
    ]


def test_meta_matrix_by_element_and_subdimensions() -> None:
    book = load_cases(FIVE)
    t = meta_matrix(book, sort_by="capacity", symbols="numeric")
    assert t.table["Case"].tolist() == ["Westholm", "Westbury", "Eastfield", "Eastport", "Eastvale"]
    # mean codes 18/7, 18/7, 10/7, 6/7, 3/7 on the 0-3 scale
    assert t.table["Innovative capacity"].tolist() == ["2.57", "2.57", "1.43", "0.86", "0.43"]
    wide = meta_matrix(book, level="subdimension")
    assert len(wide.table.columns) == 4 + len(book.framework.subdimensions)
    with pytest.raises(ArgumentError, match="sort_by.*'happiness'"):
        meta_matrix(book, sort_by="happiness")


# ------------------------------------------------------------- framework matrix
def test_framework_matrix_sentences_mini() -> None:
    book = load_cases(MINI)
    t = framework_matrix(book)
    alpha_tech = t.table.loc[
        t.table["Case"] == "Alpha", "Technology, data and infrastructure"
    ].item()
    assert alpha_tech.startswith("Element score 0.43.")
    assert "Open data established." in alpha_tech
    assert "Alpha runs a fictional open-data portal." in alpha_tech
    assert "6 of 7 sub-dimensions absent" in alpha_tech
    # evidence ids sit in their own column, not in the cells (issue 10)
    assert "[" not in alpha_tech
    alpha_ids = t.table.loc[t.table["Case"] == "Alpha", "Evidence cited (ids)"].item()
    assert alpha_ids.startswith("Technology: alpha-e001 (key)")
    beta_tech = t.table.loc[t.table["Case"] == "Beta", "Technology, data and infrastructure"].item()
    assert "No sub-dimension coded above absent." in beta_tech
    assert "7 of 7 sub-dimensions absent; 7 coded with low confidence" in beta_tech


@pytest.mark.parametrize("name", BOOKS)
def test_framework_matrix_cites_only_the_case_base(name: str) -> None:
    """No invented claims: every evidence id in a cell belongs to that case and element, and
    every quoted statement is the statement of the evidence item cited with it."""
    book = load(name)
    t = framework_matrix(book)
    ev = book.evidence
    labels = {str(book.framework.elements.at[e, "label"]): e for e in book.framework.element_ids}
    quoted = 0
    for _, rec in t.table.iterrows():
        case = book.cases.index[book.cases["name"] == rec["Case"]][0]
        cited = {
            part.split(": ", 1)[0]: part.split(": ", 1)[1]
            for part in rec["Evidence cited (ids)"].split("; ")
            if part
        }
        for label, element in labels.items():
            cell = rec[label]
            ids = cited.get(label.split(",")[0], "")
            for eid in re.findall(r"[\w.-]+-e\d+", ids):
                assert eid in ev.index, eid
                assert ev.at[eid, "case_id"] == case and ev.at[eid, "element_id"] == element
            m = re.search(r"Key evidence \((\d{4})\): (.*?)\.(?: \d+ of|$)", cell)
            if m:
                year, statement = m.groups()
                key = re.search(r"([\w.-]+-e\d+) \(key\)", ids).group(1)
                assert ev.at[key, "statement"].rstrip(".") == statement
                assert int(ev.at[key, "year"]) == int(year)
                quoted += 1
    assert quoted > 0


# ----------------------------------------------------------------- case overview
def test_case_overview_mini() -> None:
    t = case_overview(load_cases(MINI))
    alpha = t.table.iloc[0]
    assert alpha["Population (year)"] == "100,000 (2019)"
    assert alpha["Area km\u00b2 (year)"] == "50.5 (2019)"
    assert alpha["Flagship programmes"] == "Alpha Open Data (2015)"
    assert alpha["Lead organisations"] == "Alpha City Council"
    assert alpha["Evidence items"] == "3 (1 strong; 2 dated to 2020)"
    assert alpha["Sources"] == "alpha-report-2019"
    beta = t.table.iloc[1]
    assert beta["Area km\u00b2 (year)"] == "120"  # no area year given
    assert beta["Flagship programmes"] == ""
    assert beta["Sources"] == "beta-book-2018"
    assert t.data.loc["beta", "population"] == 250000


def test_case_overview_programmes_in_start_order() -> None:
    t = case_overview(load_cases(FIVE), cases=["westbury"])
    rec = t.table.iloc[0]
    assert (
        rec["Flagship programmes"]
        == "Westbury Smart Programme (2018); Westbury Living Lab Network (2021)"
    )
    assert (
        rec["Lead organisations"]
        == "Westbury City Council; Westbury Tech Agency; Westbury University"
    )


# ---------------------------------------------------------------- group contrast
def test_group_contrast_five() -> None:
    t = group_contrast(load_cases(FIVE))
    assert t.title == "Group contrast by group: East versus West"
    out = row(t, "People-oriented smart-city innovation")
    assert out["East (n=3) mean"] == pytest.approx(1.33)  # (2 + 1 + 1) / 3
    assert out["West (n=2) median"] == 3
    assert out["Difference in means (East \u2212 West)"] == pytest.approx(-1.67)
    assert row(t, "Co-creation")["Difference in medians (East \u2212 West)"] == -3  # 0 versus 3
    d = t.data.set_index("construct_id")
    assert d.at["innovation", "diff_mean"] == pytest.approx(4 / 3 - 3)
    # element rows: mean over cases of each case's mean code
    assert d.at["technology", "West_mean"] == pytest.approx((14 / 7 + 13 / 7) / 2)
    assert any("Small-n caveat" in n and "3 (East) and 2 (West)" in n for n in t.notes)


def test_group_contrast_more_groups_and_errors() -> None:
    book = load_cases(FIVE)
    t = group_contrast(book, by="name", level="element")
    assert "Range of means" in t.table.columns
    assert len(t.table) == 4
    with pytest.raises(ArgumentError, match="by.*'region'"):
        group_contrast(book, by="region")
    with pytest.raises(ArgumentError, match="at least two groups"):
        group_contrast(load_cases(MINI), by="country")


# ------------------------------------------------------- every table, every book
@pytest.mark.parametrize("name", BOOKS)
@pytest.mark.parametrize("make", TABLES, ids=lambda f: f.__name__)
def test_every_table_carries_notes_and_exports(
    name: str, make: Callable[[CaseBook], ComparisonTable], tmp_path: Path
) -> None:
    book = load(name)
    if make is group_contrast and book.cases["group"].nunique() < 2:
        pytest.skip("one group only")
    before = book.codes.copy()
    t = make(book)
    pd.testing.assert_frame_equal(book.codes, before)  # the caller's data are untouched
    assert RECONSTRUCTION_NOTE in t.notes
    assert RECONSTRUCTION_NOTE in t.to_markdown()
    assert "<caption>" in t.to_html()
    tex = t.to_latex()
    assert "\\toprule" in tex and "\\bottomrule" in tex
    assert not any(g in tex for g in HARVEY_BALLS)
    assert t.to_frame() is not t.table
    paths = t.save(tmp_path / "a" / "t")
    assert [p.suffix for p in paths] == [".csv", ".xlsx", ".md", ".tex", ".html"]
    again = t.save(tmp_path / "b" / "t")
    assert [p.read_bytes() for p in paths] == [p.read_bytes() for p in again]
    with pytest.raises(OutputExistsError):
        t.save(tmp_path / "a" / "t", formats=["md"])
    assert t.title in repr(t)


def test_latex_unicode_and_harveyballs() -> None:
    t = comparison_matrix(load_cases(MINI))
    assert "\\harveyBallFull{}" in t.to_latex()
    assert "\\textsuperscript{\\dag}" in t.to_latex()
    assert "●" in t.to_latex(symbols="unicode")
    with pytest.raises(ArgumentError, match="symbols"):
        t.to_latex(symbols="png")  # type: ignore[arg-type]


def test_xlsx_keeps_notes(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    t = comparison_matrix(load_cases(MINI))
    path = t.to_xlsx(tmp_path / "matrix")
    wb = load_workbook(path)
    assert wb.sheetnames == ["table", "notes"]
    assert wb["table"]["C3"].value == "○" + LOW_CONFIDENCE_MARK  # alpha, ICT infrastructure
    notes = [r[0].value for r in wb["notes"].iter_rows()]
    assert notes[0] == t.title and RECONSTRUCTION_NOTE in notes
    with pytest.raises(ArgumentError, match="formats"):
        t.save(tmp_path / "x", formats=["pdf"])
