"""Tests of smartcase.qca.fit against R QCA 3.25's ``pof`` printouts (tests/data/qca/R_printout.txt)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import QCAError
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import parse_expression
from smartcase.qca.fit import sufficiency_fit, sufficiency_measures, unique_coverage


def test_lf_single_conditions_match_r() -> None:
    # R: pof(LF[, 1:5], LF$SURV, relation = "sufficiency")
    lf = load_dataset("LF")
    fit = sufficiency_fit(lf[["DEV", "URB", "LIT", "IND", "STB"]], lf["SURV"], total=None)
    expected = pd.DataFrame(
        [
            [0.775, 0.743, 0.831, 0.000],
            [0.771, 0.720, 0.539, 0.000],
            [0.643, 0.587, 0.991, 0.053],
            [0.684, 0.648, 0.669, 0.004],
            [0.707, 0.664, 0.920, 0.005],
        ],
        index=["DEV", "URB", "LIT", "IND", "STB"],
        columns=["inclS", "PRI", "covS", "covU"],
    )
    pd.testing.assert_frame_equal(fit.round(3), expected)


def test_cvf_expression_matches_r() -> None:
    # R: pof("~NATPRIDE + GEOCON -> PROTEST", data = CVF)
    cvf = load_dataset("CVF")
    terms = parse_expression("~NATPRIDE + GEOCON").term_memberships(cvf)
    fit = sufficiency_fit(terms, cvf["PROTEST"]).round(3)
    assert fit.loc["~NATPRIDE"].tolist() == [0.899, 0.807, 0.597, 0.042]
    assert fit.loc["GEOCON"].tolist() == [0.624, 0.449, 0.904, 0.349]
    assert fit.loc["expression", ["inclS", "PRI", "covS"]].tolist() == [0.633, 0.462, 0.946]
    assert np.isnan(fit.loc["expression", "covU"])


def test_measures_on_crisp_sets() -> None:
    incl, pri, cov = sufficiency_measures([[1, 1, 0, 1], [0, 0, 0, 0]], [1, 1, 0, 0])
    np.testing.assert_allclose(incl, [2 / 3, 0.0])
    np.testing.assert_allclose(pri, [2 / 3, 0.0])
    np.testing.assert_allclose(cov, [1.0, 0.0])
    assert np.isnan(unique_coverage([[1, 0]], [1, 1])).all()


def test_single_term_has_no_unique_coverage() -> None:
    fit = sufficiency_fit(pd.Series([1.0, 0.0], name="A"), [1.0, 0.0])
    assert np.isnan(fit.loc["A", "covU"]) and fit.loc["expression", "inclS"] == 1.0


def test_outcome_aligned_on_index() -> None:
    x = pd.DataFrame({"A": [1.0, 0.0]}, index=["p", "q"])
    y = pd.Series([0.0, 1.0], index=["q", "p"])
    assert sufficiency_fit(x, y, total=None).loc["A", "inclS"] == 1.0
    with pytest.raises(QCAError, match="same cases"):
        sufficiency_fit(x, pd.Series([0.0, 1.0], index=["q", "r"]))


@pytest.mark.parametrize(
    ("x", "y", "message"),
    [
        ([1.2, 0.0], [1.0, 0.0], r"\[0, 1\]"),
        ([np.nan, 0.0], [1.0, 0.0], "missing"),
        ([1.0, 0.0], [1.0, 0.0, 1.0], "one per case"),
    ],
)
def test_bad_input(x: list, y: list, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        sufficiency_measures(x, y)
