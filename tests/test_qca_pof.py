"""Tests of smartcase.qca.fit_parameters (parameters of fit) against R QCA 3.25 (tests/data/qca)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import parse_expression
from smartcase.qca.fit_parameters import parameters_of_fit, pof
from smartcase.qca.minimization import minimize
from smartcase.qca.setops import fuzzy_not
from smartcase.qca.truthtable import truth_table

REFERENCE = Path(__file__).parent / "data" / "qca" / "reference.json"
CVF_CONDS = ["DEMOC", "ETHFRACT", "GEOCON", "POLDIS", "NATPRIDE"]
LF_CONDS = ["DEV", "URB", "LIT", "IND", "STB"]


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def _r_table(rows: dict[str, tuple[float, ...]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _assert_r(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same rows and columns, equal to R's three printed decimals."""
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == list(expected.columns)
    np.testing.assert_allclose(
        got.round(3).to_numpy(dtype=float), expected.to_numpy(dtype=float), atol=1e-9
    )


# ---------------------------------------------------------------- necessity (R printout, reference.json)


def test_necessity_pof_lf(reference):
    lf = load_dataset("LF")
    got = parameters_of_fit(lf[LF_CONDS], "SURV", lf, relation="necessity")
    expected = pd.DataFrame(reference["necessity_pof_LF"]).set_index("expression")
    expected.index.name = None
    assert list(got.index) == list(expected.index)
    np.testing.assert_allclose(
        got.to_numpy(), expected[["inclN", "RoN", "covN"]].to_numpy(), atol=1e-12
    )


def test_necessity_cvf_conditions_and_negations():
    cvf = load_dataset("CVF")
    cols = ["inclN", "RoN", "covN"]
    _assert_r(
        pof(cvf[CVF_CONDS], cvf["PROTEST"], relation="necessity"),
        _r_table(
            {
                "DEMOC": (0.741, 0.758, 0.713),
                "ETHFRACT": (0.680, 0.830, 0.755),
                "GEOCON": (0.904, 0.492, 0.624),
                "POLDIS": (0.518, 0.878, 0.744),
                "NATPRIDE": (0.708, 0.523, 0.539),
            },
            cols,
        ),
    )
    # R: pof(1 - CVF[, 1:5], "PROTEST", CVF)
    _assert_r(
        pof(fuzzy_not(cvf[CVF_CONDS]), "PROTEST", cvf, relation="necessity"),
        _r_table(
            {
                "~DEMOC": (0.564, 0.736, 0.601),
                "~ETHFRACT": (0.661, 0.684, 0.614),
                "~GEOCON": (0.317, 0.873, 0.601),
                "~POLDIS": (0.631, 0.517, 0.493),
                "~NATPRIDE": (0.597, 0.952, 0.899),
            },
            cols,
        ),
    )


def test_expression_with_arrows_cvf():
    cvf = load_dataset("CVF")
    _assert_r(
        pof("~NATPRIDE + GEOCON -> PROTEST", data=cvf).fillna(-1),
        _r_table(
            {
                "~NATPRIDE": (0.899, 0.807, 0.597, 0.042),
                "GEOCON": (0.624, 0.449, 0.904, 0.349),
                "expression": (0.633, 0.462, 0.946, -1),
            },
            ["inclS", "PRI", "covS", "covU"],
        ),
    )
    _assert_r(
        pof("~NATPRIDE + GEOCON <- PROTEST", data=cvf),
        _r_table(
            {
                "~NATPRIDE": (0.597, 0.952, 0.899),
                "GEOCON": (0.904, 0.492, 0.624),
                "expression": (0.946, 0.468, 0.633),
            },
            ["inclN", "RoN", "covN"],
        ),
    )


@pytest.mark.parametrize(
    ("name", "conds", "outcome", "expected"),
    [
        (
            "LF",
            LF_CONDS,
            "SURV",
            {
                "DEV": (0.775, 0.743, 0.831, 0.000),
                "URB": (0.771, 0.720, 0.539, 0.000),
                "LIT": (0.643, 0.587, 0.991, 0.053),
                "IND": (0.684, 0.648, 0.669, 0.004),
                "STB": (0.707, 0.664, 0.920, 0.005),
            },
        ),
        (
            "CVF",
            CVF_CONDS,
            "PROTEST",
            {
                "DEMOC": (0.713, 0.508, 0.741, 0.000),
                "ETHFRACT": (0.755, 0.578, 0.680, 0.002),
                "GEOCON": (0.624, 0.449, 0.904, 0.052),
                "POLDIS": (0.744, 0.624, 0.518, 0.000),
                "NATPRIDE": (0.539, 0.279, 0.708, 0.024),
            },
        ),
    ],
)
def test_sufficiency_single_conditions(name, conds, outcome, expected):
    df = load_dataset(name)
    got = pof(df[conds], outcome, df, relation="sufficiency")
    _assert_r(got, _r_table(expected, ["inclS", "PRI", "covS", "covU"]))


# ---------------------------------------------------------------- every solution in reference.json


def _solution_blocks(reference):
    for analysis in reference["sufficiency"]:
        for kind in ("conservative", "parsimonious"):
            yield analysis, f"{analysis['id']}/{kind}", analysis[kind]
        for sol in analysis.get("intermediate", {}).get("solutions", []):
            yield analysis, f"{analysis['id']}/intermediate/{sol['label']}", sol


def test_every_reference_solution(reference):
    checked = 0
    for analysis, label, block in _solution_blocks(reference):
        data = load_dataset(analysis["data"])
        terms = {t["term"]: t for t in block["terms"]}
        single_model = len(block["models"]) == 1
        for i, model in enumerate(block["models"]):
            got = pof(model, analysis["outcome"], data)
            n_terms = len(parse_expression(model).terms)
            assert len(got) == n_terms + (1 if n_terms > 1 else 0), label
            for term in got.index[:n_terms]:
                for col in ("inclS", "PRI", "covS"):
                    assert got.loc[term, col] == pytest.approx(terms[term][col], abs=1e-9), (
                        label,
                        term,
                        col,
                    )
                if single_model and terms[term]["covU"] is not None:
                    assert got.loc[term, "covU"] == pytest.approx(terms[term]["covU"], abs=1e-9), (
                        label,
                        term,
                    )
            whole = got.iloc[-1]
            for col in ("inclS", "PRI", "covS"):
                assert whole[col] == pytest.approx(block["model_fit"][i][col], abs=1e-9), (
                    label,
                    model,
                    col,
                )
            checked += 1
    assert checked >= 30


def test_solution_input_matches_its_own_fit():
    lf = load_dataset("LF")
    tt = truth_table(lf, "SURV", LF_CONDS, incl_cut=0.8)
    sol = minimize(tt, include="?")
    got = pof(sol)
    assert list(got.index) == ["DEV*~IND", "URB*STB", "M1"]
    np.testing.assert_allclose(
        got.loc["M1", ["inclS", "PRI", "covS"]].to_numpy(dtype=float),
        [0.850, 0.819, 0.714],
        atol=5e-4,
    )
    pd.testing.assert_frame_equal(
        got.iloc[:2, :4].astype(float),
        sol.fit.loc[got.index[:2], ["inclS", "PRI", "covS", "covU"]].astype(float),
    )
    # explicit data and outcome give the same
    pd.testing.assert_frame_equal(pof(sol, "SURV", lf), got)
    with pytest.raises(ArgumentError, match="argument 'model'"):
        pof(sol, model=2)
    with pytest.raises(ArgumentError, match="argument 'relation'"):
        pof(sol, relation="necessity")


# ---------------------------------------------------------------- forms of input


def test_series_array_and_expression_object():
    lf = load_dataset("LF")
    by_series = pof(lf["STB"], lf["SURV"])
    assert list(by_series.index) == ["STB"]
    assert np.isnan(by_series.loc["STB", "covU"])
    by_array = pof(lf["STB"].to_numpy(), lf["SURV"].to_numpy())
    assert list(by_array.index) == ["X"]
    np.testing.assert_allclose(by_array.to_numpy()[:, :3], by_series.to_numpy()[:, :3])
    single = pof("STB", "SURV", lf)
    assert list(single.index) == ["STB"]
    expr = parse_expression("DEV*STB + ~URB")
    assert list(pof(expr, "SURV", lf).index) == ["DEV*STB", "~URB", "expression"]
    # a Series outcome in another case order is aligned on the index
    shuffled = lf["SURV"].iloc[::-1]
    pd.testing.assert_frame_equal(pof(lf[LF_CONDS], shuffled), pof(lf[LF_CONDS], lf["SURV"]))
    # negated and bracketed outcomes
    neg = pof("~DEV", "~SURV", lf, relation="necessity")
    np.testing.assert_allclose(
        neg.to_numpy(), pof(1 - lf["DEV"], 1 - lf["SURV"], relation="necessity").to_numpy()
    )


def test_small_values_are_zero_and_data_unchanged():
    lf = load_dataset("LF")
    before = lf.copy()
    got = pof(lf[LF_CONDS], "SURV", lf)
    assert got.loc["DEV", "covU"] == 0.0  # R prints 0.000 (a tiny positive number here is set to 0)
    pd.testing.assert_frame_equal(lf, before)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda p: (p[0] / 100, p[1] / 100)),
        min_size=2,
        max_size=15,
    )
)
def test_necessity_mirrors_sufficiency(pairs):
    x = pd.Series([p[0] for p in pairs], name="X")
    y = pd.Series([p[1] for p in pairs], name="Y")
    nec = pof(x, y, relation="necessity")
    suf = pof(y, x, relation="sufficiency")
    assert nec.iloc[0]["inclN"] == pytest.approx(suf.iloc[0]["inclS"], abs=1e-5)
    assert nec.iloc[0]["covN"] == pytest.approx(suf.iloc[0]["covS"], abs=1e-5)


# ---------------------------------------------------------------- bad input


def test_bad_input():
    lf = load_dataset("LF")
    with pytest.raises(ArgumentError, match="argument 'relation'"):
        pof("DEV", "SURV", lf, relation="both")
    with pytest.raises(ArgumentError, match="'<->'"):
        pof("DEV <-> SURV", data=lf)
    with pytest.raises(ArgumentError, match="argument 'relation'.*'sufficiency'"):
        pof("DEV -> SURV", data=lf, relation="necessity")
    with pytest.raises(ArgumentError, match="argument 'outcome'"):
        pof("DEV -> SURV", "STB", lf)
    with pytest.raises(ArgumentError, match="argument 'data'"):
        pof("DEV*STB", "SURV")
    with pytest.raises(ArgumentError, match="argument 'outcome'"):
        pof("DEV*STB", None, lf)
    with pytest.raises(ArgumentError, match="argument 'outcome'.*'SURVIVAL'"):
        pof("DEV*STB", "SURVIVAL", lf)
    with pytest.raises(ArgumentError, match="argument 'outcome'.*3 cases"):
        pof(lf["DEV"], [0.1, 0.2, 0.3])
    with pytest.raises(ArgumentError, match="argument 'outcome'.*same cases"):
        pof(lf["DEV"], lf["SURV"].rename(index=lambda c: c + "x"))
    with pytest.raises(QCAError, match="XYZ"):
        pof("DEV*XYZ", "SURV", lf)
    with pytest.raises(QCAError):
        pof("DEV*+STB", "SURV", lf)
    with pytest.raises(QCAError, match=r"found 1.5"):
        pof(pd.DataFrame({"A": [0.5, 1.5]}), [0.2, 0.3])
    with pytest.raises(ArgumentError, match="without columns"):
        pof(pd.DataFrame(index=[0, 1]), [0.2, 0.3])


def test_package_alias_is_the_function_after_submodule_import():
    import importlib

    import smartcase.qca as qca

    importlib.import_module("smartcase.qca.fit_parameters")
    assert callable(qca.pof)
