"""Tests of smartcase.qca.truth_table: semantics, options and bad input.

R's own truth tables for every reference analysis are checked in
``test_qca_conformance_sufficiency.py``; here are the options and the input checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import QCAError
from smartcase.qca.datasets import load_dataset
from smartcase.qca.truthtable import TruthTable, truth_table


@pytest.fixture
def lc() -> pd.DataFrame:
    return load_dataset("LC")


def test_lc_rows_and_cases(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV")
    assert isinstance(tt, TruthTable)
    assert tt.table.index.tolist() == [1, 2, 5, 6, 22, 23, 24, 31, 32]
    assert tt.table.loc[32, "cases"] == "BE,CZ,NL,UK"
    assert tt.conditions == ("DEV", "URB", "LIT", "IND", "STB")
    assert tt.levels == (2, 2, 2, 2, 2) and tt.n_rows == 32
    assert tt.row_cases(22) == ["FI", "IE"] and tt.row_cases(3) == []


def test_sort_by_incl_then_n_as_r(lc: pd.DataFrame) -> None:
    # R: truthTable(LC, SURV, sort.by = "incl, n") -> 32 22 24 1 2 5 6 23 31
    tt = truth_table(lc, "SURV", sort_by="incl, n")
    assert tt.table.index.tolist() == [32, 22, 24, 1, 2, 5, 6, 23, 31]
    assert truth_table(lc, "SURV", sort_by=["n"], decreasing=False).table.index[0] in (6, 23, 31)


def test_complete_table_and_remainders_last_when_sorted(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV", complete=True, sort_by="OUT")
    assert len(tt.table) == 32
    assert (tt.table["OUT"].iloc[-23:] == "?").all()
    assert np.isnan(tt.table.loc[3, "incl"])


def test_show_cases_false(lc: pd.DataFrame) -> None:
    assert "cases" not in truth_table(lc, "SURV", show_cases=False).table.columns


def test_negated_and_bracketed_outcomes() -> None:
    lm = load_dataset("LM")
    tt = truth_table(lm, "SURV[1]", ["DEV", "URB", "LIT", "IND"])
    assert tt.table.loc[11, "OUT"] == "1" and tt.levels == (3, 2, 2, 2)
    neg = truth_table(lm, "~SURV", ["DEV", "URB", "LIT", "IND"])
    assert neg.table.loc[1, "OUT"] == "1"
    assert neg.outcome_membership.loc["GR"] == 1.0


def test_conditions_as_comma_string(lc: pd.DataFrame) -> None:
    assert truth_table(lc, "SURV", "DEV, STB").conditions == ("DEV", "STB")


def test_n_cut_makes_rare_rows_remainders(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV", n_cut=2)
    assert 6 not in tt.table.index  # one case only
    assert tt.rows.loc[6, "OUT"] == "?"
    assert tt.rows.loc[6, "n"] == 1


def test_pri_cut(lc: pd.DataFrame) -> None:
    lf = load_dataset("LF")
    tt = truth_table(lf, "SURV", incl_cut=0.8, pri_cut=0.8)
    assert tt.table.loc[22, "OUT"] == "0"  # incl 0.804 but PRI 0.719
    assert tt.table.loc[32, "OUT"] == "1"


def test_exclude_codes_rows_negative(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV", exclude=[18, 22])
    assert tt.table.loc[18, "OUT"] == "0" and tt.table.loc[18, "n"] == 0
    assert tt.table.loc[22, "OUT"] == "0"
    assert tt.exclude == (18, 22)


def test_contradictions_listed() -> None:
    data = pd.DataFrame(
        {"A": [1, 1, 0, 0], "B": [1, 1, 0, 1], "Y": [1, 0, 0, 1]}, index=["p", "q", "r", "s"]
    )
    tt = truth_table(data, "Y", incl_cut=(0.8, 0.5))
    c = tt.contradictions
    assert c.index.tolist() == [4]
    assert (c.loc[4, "OUT"], c.loc[4, "cases_in"], c.loc[4, "cases_out"]) == ("C", "p", "q")


def test_fuzzy_row_membership_uses_all_cases() -> None:
    # incl of row (A=1) = sum(min(A, Y)) / sum(A) over every case, not only those in the row
    data = pd.DataFrame({"A": [0.9, 0.3], "Y": [0.8, 0.6]})
    tt = truth_table(data, "Y", incl_cut=0.5)
    assert tt.table.loc[2, "incl"] == pytest.approx((0.8 + 0.3) / (0.9 + 0.3))
    assert tt.table.loc[1, "incl"] == pytest.approx((0.1 + 0.6) / (0.1 + 0.7))


def test_half_membership_warns_and_is_not_allocated() -> None:
    data = pd.DataFrame({"A": [0.5, 0.8], "Y": [1, 1]}, index=["h", "k"])
    with pytest.warns(UserWarning, match="0.5"):
        tt = truth_table(data, "Y")
    assert tt.table["cases"].tolist() == ["k"]


def test_dont_care_case_goes_to_every_compatible_row() -> None:
    data = pd.DataFrame({"A": ["1", "-"], "B": [1, 0], "Y": [1, 0]}, index=["a", "b"])
    tt = truth_table(data, "Y")
    assert tt.table["cases"].to_dict() == {1: "b", 3: "b", 4: "a"}


def test_repr_and_html(lc: pd.DataFrame) -> None:
    tt = truth_table(lc, "SURV")
    text = repr(tt)
    assert "Truth table: outcome SURV" in text and "BE,CZ,NL,UK" in text and "1.000" in text
    assert "<table" in tt._repr_html_()


def test_input_not_mutated(lc: pd.DataFrame) -> None:
    before = lc.copy()
    truth_table(lc, "~SURV", sort_by="incl")
    pd.testing.assert_frame_equal(lc, before)


# --------------------------------------------------------------------------- bad input
def test_bad_membership_outside_unit_interval() -> None:
    data = pd.DataFrame({"A": [0.2, 1.4], "Y": [0.3, 0.9]})
    with pytest.raises(QCAError, match=r"column 'A'.*\[0, 1\].*1.4"):
        truth_table(data, "Y")
    data = pd.DataFrame({"A": [0.2, 0.4], "Y": [0.3, 1.9]})
    with pytest.raises(QCAError, match="'Y'"):
        truth_table(data, "Y")


def test_bad_missing_value() -> None:
    data = pd.DataFrame({"A": [0.2, np.nan], "Y": [0.3, 0.9]}, index=["x", "y"])
    with pytest.raises(QCAError, match=r"column 'A': missing value at row 'y'"):
        truth_table(data, "Y")


def test_bad_non_binary_crisp_condition() -> None:
    data = pd.DataFrame({"A": [0, 2, 1], "Y": [0, 1, 1]}, index=["x", "y", "z"])
    with pytest.raises(QCAError, match=r"column 'A': declared crisp.*found 2 at row 'y'"):
        truth_table(data, "Y", condition_types={"A": "crisp"})
    with pytest.raises(QCAError, match="expected one of"):
        truth_table(data, "Y", condition_types={"A": "binary"})  # type: ignore[dict-item]


def test_bad_multivalue_outcome_without_value() -> None:
    with pytest.raises(QCAError, match=r"multi-value.*'DEV\[2\]'"):
        truth_table(load_dataset("LM"), "DEV")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "SURVIVAL"}, "column 'SURVIVAL' is not in the data"),
        ({"outcome": "SURV", "conditions": ["DEV", "GDP"]}, "column 'GDP' is not in the data"),
        ({"outcome": "SURV", "conditions": ["DEV", "SURV"]}, "cannot also be a condition"),
        ({"outcome": "SURV", "conditions": ["DEV", "DEV"]}, "listed twice"),
        ({"outcome": "SURV*DEV"}, "argument 'outcome'"),
    ],
)
def test_bad_unknown_columns(lc: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        truth_table(lc, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"incl_cut": 1.2}, r"'incl_cut': expected values in \[0, 1\], found 1.2"),
        ({"incl_cut": -0.1}, "found -0.1"),
        ({"incl_cut": (0.7, 0.8)}, "must not exceed"),
        ({"incl_cut": (0.9, 0.8, 0.7)}, "one or two numbers"),
        ({"incl_cut": "high"}, "'incl_cut'"),
        ({"n_cut": 0}, "'n_cut'"),
        ({"pri_cut": 1.5}, "'pri_cut'"),
        ({"exclude": [40]}, r"'exclude'.*between 1 and 32, found 40"),
        ({"sort_by": "consistency"}, "'sort_by'"),
    ],
)
def test_bad_cutoffs_and_options(lc: pd.DataFrame, kwargs: dict, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        truth_table(lc, "SURV", **kwargs)


def test_bad_data_argument() -> None:
    with pytest.raises(QCAError, match="DataFrame"):
        truth_table([[1, 0]], "Y")  # type: ignore[arg-type]
    with pytest.raises(QCAError, match="empty"):
        truth_table(pd.DataFrame({"A": [], "Y": []}), "Y")
    dup = pd.DataFrame({"A": [1, 0], "Y": [1, 0]}, index=["x", "x"])
    with pytest.raises(QCAError, match="unique"):
        truth_table(dup, "Y")
