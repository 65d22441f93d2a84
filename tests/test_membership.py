"""Tests of smartcase.membership on the fictional five-case fixture, computed independently of the
CaseBook from the fixture's codes.csv (mean code per element; logistic direct calibration with the
log-odds ln(0.95/0.05) * (x - 1.5) for the anchors 0.5, 1.5, 2.5, as in Ragin 2008 and R's
QCA::calibrate)."""

from __future__ import annotations

import math
import warnings

import pandas as pd
import pytest

import smartcase
from smartcase.errors import ArgumentError
from smartcase.membership import (
    CRISP_THRESHOLD,
    FUZZY_ANCHORS,
    calibration_table,
    case_memberships,
    raw_scores,
)
from smartcase.qca.minimization import minimize
from smartcase.qca.truthtable import truth_table


@pytest.fixture(scope="module")
def book(test_data_dir):
    return smartcase.load_cases(test_data_dir / "five_casebook")


@pytest.fixture(scope="module")
def test_data_dir():
    from pathlib import Path

    return Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def by_hand(test_data_dir) -> pd.DataFrame:
    """Mean code per case and element (and the outcome code), straight from the CSV files."""
    codes = pd.read_csv(test_data_dir / "five_casebook" / "codes.csv")
    codes = codes[codes["coder_id"] == "ref"]
    cb = pd.read_csv(smartcase.bundled_data_dir() / "framework" / "codebook.csv")
    element = dict(zip(cb["construct_id"], cb["element_id"].fillna("innovation"), strict=True))
    codes = codes.assign(set=codes["construct_id"].map(element))
    return codes.groupby(["case_id", "set"])["code"].mean().unstack()


def test_raw_scores_are_mean_codes(book, by_hand):
    raw = raw_scores(book)
    for case in raw.index:
        for col in raw.columns:
            assert raw.at[case, col] == pytest.approx(by_hand.at[case, col])


def test_fuzzy_memberships_follow_the_logistic_anchors(book, by_hand):
    fz = case_memberships(book)
    assert fz.columns.tolist() == ["technology", "capacity", "institutions", "innovation"]
    slope = math.log(0.95 / 0.05)
    for case in fz.index:
        for col in fz.columns:
            x = by_hand.at[case, col]
            expected = 1 / (1 + math.exp(-slope * (x - 1.5)))
            expected = 0.0 if expected < 1e-4 else 1.0 if expected > 1 - 1e-4 else expected
            assert fz.at[case, col] == pytest.approx(expected, abs=1e-9), (case, col)
    assert fz.attrs["anchors"]["technology"] == "e=0.5, c=1.5, i=2.5"
    assert FUZZY_ANCHORS == {"e": 0.5, "c": 1.5, "i": 2.5}


def test_crisp_memberships(book, by_hand):
    cr = case_memberships(book, method="crisp")
    expected = (by_hand[cr.columns] >= CRISP_THRESHOLD).astype("int64").loc[cr.index]
    pd.testing.assert_frame_equal(cr, expected, check_names=False)
    # eastport T1 C0 I1 O1; eastvale T1 C0 I1 O0; eastfield 0 0 0 0; westholm and westbury 1 1 1 1
    assert cr.to_numpy().tolist() == [
        [1, 0, 1, 1],
        [1, 0, 1, 0],
        [0, 0, 0, 0],
        [1, 1, 1, 1],
        [1, 1, 1, 1],
    ]


def test_thresholds_per_set(book):
    cr = case_memberships(book, method="crisp", thresholds={"innovation": 3})
    assert cr["innovation"].tolist() == [0, 0, 0, 1, 1]
    assert cr.attrs["anchors"]["technology"] == ">= 1.5"
    fz = case_memberships(book, thresholds={"capacity": "e=0, c=1, i=2"})
    assert fz.attrs["anchors"]["capacity"] == "e=0, c=1, i=2"
    assert fz.attrs["anchors"]["technology"] == "e=0.5, c=1.5, i=2.5"


def test_subdimension_level(book):
    fz = case_memberships(book, level="subdimension")
    assert fz.columns.tolist() == [*book.framework.subdimension_ids, "innovation"]
    codes = book.code_matrix(outcome=True)
    levels = {0: 0.012, 1: 0.187, 2: 0.813, 3: 0.988}
    for col in fz.columns:
        for case in fz.index:
            assert round(fz.at[case, col], 3) == levels[int(codes.at[case, col])]


def test_crossover_membership_warns(book):
    with pytest.warns(UserWarning, match="exactly 0.5 in 'innovation' for eastvale, eastfield"):
        case_memberships(book, thresholds={"innovation": "e=0, c=1, i=2"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        case_memberships(book)


def test_bad_arguments(book):
    with pytest.raises(ArgumentError, match="'method'.*'fuzzy', 'crisp'"):
        case_memberships(book, method="ordinal")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="'level'"):
        case_memberships(book, level="case")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="'thresholds'.*'technologie'"):
        case_memberships(book, thresholds={"technologie": 1.0})
    with pytest.raises(ArgumentError, match="one number for a crisp set"):
        case_memberships(book, method="crisp", thresholds={"innovation": "high"})
    with pytest.raises(ArgumentError, match="coder"):
        case_memberships(book, coder="nobody")


def test_calibration_table(book):
    t = calibration_table(book)
    assert len(t) == 5 * 4
    fz = case_memberships(book)
    cr = case_memberships(book, method="crisp")
    for rec in t.itertuples(index=False):
        assert rec.fuzzy == round(float(fz.at[rec.case_id, rec.set]), 3)
        assert rec.crisp == cr.at[rec.case_id, rec.set]


def test_memberships_feed_the_qca_engine(book):
    """Crisp fixture: innovation present in eastport, westholm, westbury. The conservative solution
    by hand: rows T*~C*I (eastport, eastvale: inconsistent, OUT 0 at incl_cut 1) ... so only
    T*C*I is positive and the solution is technology*capacity*institutions."""
    cr = case_memberships(book, method="crisp")
    tt = truth_table(cr, "innovation", incl_cut=1)
    sol = minimize(tt)
    assert [str(m) for m in sol.models] == ["technology*capacity*institutions"]
