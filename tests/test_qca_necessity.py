"""Tests of smartcase.qca.necessity against R QCA 3.25 (tests/data/qca)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca.fit import sufficiency_measures
from smartcase.qca.necessity import necessity_measures, super_subset

QCA = Path(__file__).parent / "data" / "qca"


def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(QCA / "data" / f"{name}.csv", index_col=0)


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads((QCA / "reference.json").read_text(encoding="utf-8"))


RUNS = {
    "LC_SURV": ("LC", "SURV", 1.0, 0.0),
    "LF_SURV": ("LF", "SURV", 0.9, 0.6),
    "CVF_PROTEST": ("CVF", "PROTEST", 0.9, 0.6),
    "CVF_negPROTEST": ("CVF", "~PROTEST", 0.9, 0.6),
}


@pytest.mark.parametrize("key", sorted(RUNS))
def test_super_subset_matches_r(reference, key):
    name, outcome, incl_cut, cov_cut = RUNS[key]
    got = super_subset(_data(name), outcome, incl_cut=incl_cut, cov_cut=cov_cut)
    expected = pd.DataFrame(reference["necessity_superSubset"][key]).set_index("expression")
    # same expressions in R's order
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == ["inclN", "RoN", "covN"]
    np.testing.assert_allclose(
        got.to_numpy(), expected[["inclN", "RoN", "covN"]].to_numpy(), atol=1e-9
    )


def test_super_subset_multivalue_lm():
    # R_printout.txt: superSubset(LM, 'SURV')
    got = super_subset(_data("LM"), "SURV")
    assert list(got.index) == [
        "LIT[1]",
        "STB[1]",
        "LIT[1]*STB[1]",
        "DEV[1] + IND[1]",
        "URB[0] + IND[1]",
        "DEV[2] + URB[1] + IND[0]",
    ]
    np.testing.assert_allclose(got["RoN"].round(3), [0.5, 0.7, 0.9, 0.8, 0.0, 0.1])
    np.testing.assert_allclose(got["covN"].round(3), [0.615, 0.727, 0.889, 0.8, 0.444, 0.471])
    assert (got["inclN"] == 1).all()


def test_super_subset_options():
    lc = _data("LC")
    full = super_subset(lc, "SURV")
    # depth limits the number of conditions per combination
    shallow = super_subset(lc, "SURV", depth=2)
    assert list(shallow.index) == [e for e in full.index if e != "DEV*LIT*STB"]
    # ron_cut filters on relevance
    relevant = super_subset(lc, "SURV", ron_cut=0.9)
    assert list(relevant.index) == ["DEV*STB", "LIT*STB", "DEV*LIT*STB"]
    # lower-case negation and a conditions subset given as a string
    lower = super_subset(lc, "SURV", conditions="URB, IND, STB", use_tilde=False, incl_cut=1)
    assert "urb + IND" in lower.index
    # the caller's data is not changed
    assert lc.equals(_data("LC"))


def test_super_subset_sufficiency_matches_r_pof(reference):
    # R_printout.txt "LF pof sufficiency (single conditions)": inclS, PRI, covS
    got = super_subset(_data("LF"), "SURV", relation="sufficiency", incl_cut=0)
    assert list(got.columns) == ["inclS", "PRI", "covS"]
    # with incl_cut=0 every single literal passes, and every larger conjunction contains one
    assert len(got) == 10
    expected = {
        "DEV": (0.775, 0.743, 0.831),
        "URB": (0.771, 0.720, 0.539),
        "LIT": (0.643, 0.587, 0.991),
        "IND": (0.684, 0.648, 0.669),
        "STB": (0.707, 0.664, 0.920),
    }
    for term, fit in expected.items():
        np.testing.assert_allclose(got.loc[term].round(3).to_numpy(), fit, err_msg=term)


def test_super_subset_sufficiency_prunes_supersets():
    lc = _data("LC")
    got = super_subset(lc, "SURV", relation="sufficiency", incl_cut=1)
    # DEV*STB is sufficient, so no conjunction containing it is listed
    assert "DEV*STB" in got.index
    assert not any(set(e.split("*")) > {"DEV", "STB"} for e in got.index)
    assert (got["inclS"] >= 1 - 1e-9).all()


def test_negated_and_multivalue_outcome():
    lm = _data("LM")
    neg = super_subset(lm, "~SURV", incl_cut=0.9)
    assert all(neg["inclN"] >= 0.9 - 1e-9)
    # an outcome value in brackets: DEV[2] as outcome of the other conditions
    dev2 = super_subset(lm, "DEV[2]", conditions=["URB", "LIT", "IND", "STB"])
    assert "LIT[1]" in dev2.index
    assert "STB[1]" in dev2.index


def test_measures_known_values():
    lf = _data("LF")
    incl, ron, cov = necessity_measures(
        lf[["DEV", "URB", "LIT", "IND", "STB"]].T.to_numpy(), lf["SURV"]
    )
    # R: pof(LF[, 1:5], LF$SURV)
    np.testing.assert_allclose(np.round(incl, 3), [0.831, 0.539, 0.991, 0.669, 0.920])
    np.testing.assert_allclose(np.round(ron, 3), [0.811, 0.899, 0.509, 0.786, 0.680])
    np.testing.assert_allclose(np.round(cov, 3), [0.775, 0.771, 0.643, 0.684, 0.707])
    # 0/0 is 0, as in R
    assert necessity_measures([[0.0, 0.0]], [0.0, 0.0])[0][0] == 0
    assert sufficiency_measures([[0.0, 0.0]], [0.5, 0.5])[0][0] == 0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda p: (p[0] / 100, p[1] / 100)),
        min_size=1,
        max_size=20,
    )
)
def test_necessity_is_sufficiency_reversed(pairs):
    x = np.array([[p[0] for p in pairs]])
    y = np.array([p[1] for p in pairs])
    n_incl, _, n_cov = necessity_measures(x, y)
    s_incl, _, s_cov = sufficiency_measures(x, y)
    np.testing.assert_allclose(n_incl, s_cov)
    np.testing.assert_allclose(n_cov, s_incl)
    assert 0 <= n_incl[0] <= 1 + 1e-12


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"outcome": "SURVIVAL"}, ArgumentError, "argument 'outcome'"),
        ({"outcome": "SURV", "conditions": ["DEV", "XYZ"]}, ArgumentError, "'XYZ'"),
        (
            {"outcome": "SURV", "conditions": ["DEV", "SURV"]},
            ArgumentError,
            "other than the outcome",
        ),
        ({"outcome": "SURV", "incl_cut": 1.5}, ArgumentError, "argument 'incl_cut'"),
        ({"outcome": "SURV", "cov_cut": -0.1}, ArgumentError, "argument 'cov_cut'"),
        ({"outcome": "SURV", "relation": "sufnec"}, ArgumentError, "'necessity', 'sufficiency'"),
        ({"outcome": "SURV", "depth": 0}, ArgumentError, "argument 'depth'"),
        (
            {"outcome": "SURV", "conditions": ["URB"], "incl_cut": 1},
            QCAError,
            "no necessary condition",
        ),
    ],
)
def test_bad_arguments(kwargs, error, fragment):
    with pytest.raises(error, match=None) as info:
        super_subset(_data("LC"), **kwargs)
    assert fragment in str(info.value)


def test_bad_data():
    lf = _data("LF")
    broken = lf.copy()
    broken.loc["BE", "URB"] = 1.4
    with pytest.raises(QCAError, match=r"column 'URB'.*found 1.4 at case 'BE'"):
        super_subset(broken, "SURV")
    broken = lf.copy()
    broken.loc["CZ", "DEV"] = np.nan
    with pytest.raises(QCAError, match=r"column 'DEV'.*missing.*'CZ'"):
        super_subset(broken, "SURV")
    broken = lf.copy()
    broken["SURV"] = broken["SURV"] * 2
    with pytest.raises(QCAError, match=r"column 'SURV'.*\[0, 1\]"):
        super_subset(broken, "SURV")
    text = lf.assign(DEV=lf["DEV"].astype(str))
    with pytest.raises(QCAError, match="column 'DEV'.*numeric"):
        super_subset(text, "SURV")
    with pytest.raises(ArgumentError, match="argument 'data'"):
        super_subset(lf.to_numpy(), "SURV")
