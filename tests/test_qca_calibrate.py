"""Tests of smartcase.qca.calibrate against R QCA 3.25 (tests/data/qca) and on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcase.errors import ArgumentError, SmartcaseError
from smartcase.qca.calibration import _irls_logit, calibrate, find_thresholds


@pytest.fixture(scope="module")
def reference():
    path = Path(__file__).parent / "data" / "qca" / "reference.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _case_id(case: dict) -> str:
    return f"{case.get('kind', 'fuzzy')}-{case['thresholds']}-logistic={case.get('logistic')}"


# ---------------------------------------------------------------- known answers (R QCA 3.25)


def test_reference_calibrations(reference):
    cases = reference["calibration"]
    assert len(cases) == 6
    for case in cases:
        got = calibrate(
            case["x"],
            case["thresholds"],
            kind=case.get("kind", "fuzzy"),
            logistic=case.get("logistic", True),
            below=case.get("below", 1),
            above=case.get("above", 1),
        )
        np.testing.assert_allclose(got, case["y"], atol=1e-12, err_msg=_case_id(case))


def test_cvr_calibration_matches_r_and_cvf(reference, test_data):
    cvr = pd.read_csv(test_data / "qca" / "data" / "CVR.csv", index_col=0)
    cvf = pd.read_csv(test_data / "qca" / "data" / "CVF.csv", index_col=0)
    assert len(reference["calibration_CVR"]) == 6
    for case in reference["calibration_CVR"]:
        col = case["column"]
        got = calibrate(cvr[col], case["thresholds"])
        assert isinstance(got, pd.Series)
        assert got.name == col
        assert got.index.equals(cvr.index)
        # R's figures are rounded to 6 decimals
        np.testing.assert_allclose(got.to_numpy(), case["y"], atol=5.1e-7, err_msg=col)
        # the stored CVF is the same calibration rounded to 2 decimals (R: max difference 0.01)
        assert np.max(np.abs(got.round(2) - cvf[col])) <= 0.01 + 1e-9, col


# R_printout.txt, "generic examples from calibrate.Rd": x printed to 4 decimals, results to 6.
X6 = [180.8553, 182.0947, 173.9070, 170.4650, 181.0589, 156.8204]
PRINTOUT = [
    ({"thresholds": "175", "kind": "crisp"}, [1, 1, 0, 0, 1, 0]),
    ({"thresholds": [170, 180], "kind": "crisp"}, [2, 2, 1, 1, 2, 0]),
    (
        {"thresholds": "e=165,c=175,i=185"},
        [0.848650, 0.889827, 0.420228, 0.208285, 0.856190, 0.004712],
    ),
    (
        {"thresholds": "i=165, c=175, e=185"},
        [0.151350, 0.110173, 0.579772, 0.791715, 0.143810, 0.995288],
    ),
    (
        {"thresholds": "e=165, c=175, i=185", "logistic": False},
        [0.792764, 0.854733, 0.445348, 0.273251, 0.802944, 0.000000],
    ),
    (
        {"thresholds": "e=155, c=175, i=195", "logistic": False, "below": 3.5, "above": 3.5},
        [0.851254, 0.892091, 0.410716, 0.203279, 0.858614, 0.000114],
    ),
    (
        {"thresholds": "e1=155, c1=165, i1=175, i2=175, c2=185, e2=195", "below": 3, "above": 3},
        [0.899627, 0.821448, 0.999347, 0.953367, 0.888789, 0.003016],
    ),
]


@pytest.mark.parametrize(("kwargs", "expected"), PRINTOUT)
def test_r_printout_examples(kwargs, expected):
    kwargs = dict(kwargs)
    thresholds = kwargs.pop("thresholds")
    got = calibrate(X6, thresholds, **kwargs)
    if kwargs.get("kind") == "crisp":
        assert got.dtype == np.int64
        assert got.tolist() == expected
    else:
        np.testing.assert_allclose(got, expected, atol=2e-5)


def test_find_thresholds_r_snapshots():
    # R QCA tests/testthat/_snaps/findTh.md
    gdp = [460, 500, 900, 2000, 2100, 2400, 15000, 16000, 20000]
    assert find_thresholds(gdp) == [8700.0]
    assert find_thresholds(gdp, n=2) == [8700.0, 18000.0]
    assert find_thresholds(pd.Series(gdp[::-1]), n=2, method="complete") == [8700.0, 18000.0]


def test_find_thresholds_feeds_crisp_calibration():
    x = pd.Series([1.0, 1.2, 1.1, 5.0, 5.2, 9.9, 10.0], name="x")
    th = find_thresholds(x, n=2)
    assert th == pytest.approx([3.1, 7.55])
    assert calibrate(x, th, kind="crisp").tolist() == [0, 0, 0, 1, 1, 2, 2]


# ---------------------------------------------------------------- shapes and forms


def test_shapes_follow_input():
    s = pd.Series([160.0, 175.0, 190.0], index=["a", "b", "c"], name="height")
    out = calibrate(s, "e=165, c=175, i=185")
    assert isinstance(out, pd.Series)
    assert list(out.index) == ["a", "b", "c"]
    assert out.name == "height"
    arr = calibrate(np.array([160.0, 175.0]), [165, 175, 185])
    assert isinstance(arr, np.ndarray)
    assert arr.shape == (2,)
    lst = calibrate([160, 175], {"i": 185, "e": 165, "c": 175})
    assert isinstance(lst, np.ndarray)
    np.testing.assert_allclose(lst, arr)


def test_caller_data_not_mutated():
    s = pd.Series([0.0, 1.0, 2.0, 3.0])
    before = s.copy()
    calibrate(s, [1], method="indirect")
    calibrate(s, "e=0, c=1, i=3")
    pd.testing.assert_series_equal(s, before)


def test_anchor_values_and_idm():
    got = calibrate([165, 175, 185], "e=165, c=175, i=185", idm=0.99)
    np.testing.assert_allclose(got, [0.01, 0.5, 0.99])


def test_linear_ecdf_option():
    x = np.arange(1.0, 11.0)
    got = calibrate(x, "e=2, c=5, i=8", logistic=False, ecdf=True)
    # values between the anchors: 2..8 (7 values); F(5) = 4/7
    f = np.array([(v - 1) / 7 for v in x])  # F(v) for v in 2..8 is (v - 1) / 7
    expected = np.where(
        x <= 2,
        0.0,
        np.where(x <= 5, f / (4 / 7) / 2, np.where(x <= 8, 1 - (1 - f) / (3 / 7) / 2, 1)),
    )
    np.testing.assert_allclose(got, expected)
    assert got[4] == 0.5


def test_bell_complement():
    x = np.array([150.0, 160, 170, 175, 180, 190, 200])
    bell = calibrate(x, "e1=155, c1=165, i1=175, i2=175, c2=185, e2=195")
    valley = calibrate(x, "i1=155, c1=165, e1=175, e2=175, c2=185, i2=195")
    np.testing.assert_allclose(bell + valley, 1.0)


def test_tfr():
    got = calibrate([1, 2, 3, 4, 5], method="TFR")
    np.testing.assert_allclose(got, [0, 0.25, 0.5, 0.75, 1])


def test_indirect_solves_the_quasi_likelihood_equations():
    rng = np.random.default_rng(7)
    x = rng.lognormal(8, 1, 80)
    th = np.array([1000.0, 3000.0, 8000.0, 20000.0])
    classes = np.array([0, 0.25, 0.5, 0.75, 1])[np.sum(x[:, None] > th, axis=1)]
    design = np.column_stack([np.ones_like(x), np.log(x), np.sqrt(x), x, x**2])
    mu = _irls_logit(design, classes)
    # the fitted values of a logit GLM satisfy X'(y - mu) = 0
    score = (design / np.abs(design).max(axis=0)).T @ (classes - mu)
    assert np.max(np.abs(score)) < 1e-8
    got = calibrate(pd.Series(x), list(th[::-1]), method="indirect")
    np.testing.assert_allclose(got, np.round(mu, 6), atol=1e-6)
    assert got.between(0, 1).all()
    # the fit follows the qualitative classes: higher class, higher mean membership
    means = pd.Series(got.to_numpy()).groupby(classes).mean()
    assert means.is_monotonic_increasing


def test_indirect_zero_values():
    x = np.array([0.0, 0.0, 1, 2, 3, 5, 8, 13, 21, 34])
    got = calibrate(x, [2, 10], method="indirect")
    assert np.all((got >= 0) & (got <= 1))
    assert got[0] < got[-1]


# ---------------------------------------------------------------- properties


@settings(max_examples=100, deadline=None)
@given(
    e=st.floats(-100, 100),
    gaps=st.tuples(st.floats(0.1, 50), st.floats(0.1, 50)),
    xs=st.lists(st.floats(-300, 300), min_size=2, max_size=30),
    logistic=st.booleans(),
    power=st.floats(0.2, 5),
)
def test_increasing_sets_are_monotone_and_mirror_decreasing(e, gaps, xs, logistic, power):
    c, i = e + gaps[0], e + gaps[0] + gaps[1]
    x = np.sort(np.array(xs))
    up = calibrate(x, {"e": e, "c": c, "i": i}, logistic=logistic, below=power, above=power)
    assert np.all(np.diff(up) >= -1e-12)
    assert np.all((up >= 0) & (up <= 1))
    down = calibrate(-x, {"e": -e, "c": -c, "i": -i}, logistic=logistic, below=power, above=power)
    np.testing.assert_allclose(up, down, atol=1e-12)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("x", "thresholds", "kwargs", "argument", "fragment"),
    [
        ([1, np.nan, 3], "e=1, c=2, i=3", {}, "x", "missing value at position 1"),
        ([1, np.inf, 3], "e=1, c=2, i=3", {}, "x", "infinite"),
        (["a", "b"], "e=1, c=2, i=3", {}, "x", "non-numeric"),
        (pd.Series(["a", "b"]), "e=1, c=2, i=3", {}, "x", "dtype"),
        ("abc", "e=1, c=2, i=3", {}, "x", "'abc'"),
        ([[1, 2], [3, 4]], "e=1, c=2, i=3", {}, "x", "shape"),
        (pd.DataFrame({"a": [1.0]}), "e=1, c=2, i=3", {}, "x", "DataFrame"),
        ([], "e=1, c=2, i=3", {}, "x", "no values"),
        ([1, 2, 3], "e=1, c=3, i=2", {}, "thresholds", "crossover strictly between"),
        ([1, 2, 3], "e=1, c=1, i=2", {"logistic": False}, "thresholds", "crossover"),
        ([1, 2, 3], "e=1, c=2", {}, "thresholds", "2 value(s)"),
        ([1, 2, 3], "a=1, b=2, c=3", {}, "thresholds", "the names e, c, i"),
        ([1, 2, 3], "e=1, 2, 3", {}, "thresholds", "all thresholds named or none"),
        ([1, 2, 3], "e=one, c=2, i=3", {}, "thresholds", "cannot read 'one'"),
        ([1, 2, 3], None, {}, "thresholds", "None"),
        ([1, 2, 3], "1, 3, 2, 4, 5, 6", {}, "thresholds", "e1 < c1 < i1"),
        ([1, 2, 3], "e=1, c=2, i=3", {"method": "Direct"}, "method", "'direct', 'indirect', 'TFR'"),
        ([1, 2, 3], "e=1, c=2, i=3", {"kind": "fuzy"}, "kind", "'fuzzy', 'crisp'"),
        ([1, 2, 3], "e=1, c=2, i=3", {"idm": 0.5}, "idm", "between 0.5 and 1"),
        ([1, 2, 3], "e=1, c=2, i=3", {"logistic": False, "below": 0}, "below", "positive"),
        ([1, 2, 3], "e=1, c=2, i=3", {"above": -1}, "above", "positive"),
        ([1, 2, 3], "5", {"kind": "crisp"}, "thresholds", "within the range of x"),
        ([1, 2, 3], "c=2", {"kind": "crisp"}, "thresholds", "unnamed"),
        ([-1, 2, 3], [1], {"method": "indirect"}, "x", "negative"),
        ([1, 1, 1], None, {"method": "TFR"}, "x", "above 1"),
    ],
)
def test_bad_input(x, thresholds, kwargs, argument, fragment):
    with pytest.raises(ArgumentError) as info:
        calibrate(x, thresholds, **kwargs)
    assert info.value.argument == argument
    assert fragment in str(info.value)
    assert isinstance(info.value, SmartcaseError)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"n": 0}, "n"), ({"n": 1.5}, "n"), ({"n": 5}, "x"), ({"method": "ward.D2"}, "method")],
)
def test_find_thresholds_bad_input(kwargs, argument):
    with pytest.raises(ArgumentError) as info:
        find_thresholds([1, 2, 3, 10], **kwargs)
    assert info.value.argument == argument


def test_package_attribute_is_the_function_after_submodule_import():
    import importlib

    import smartcase.qca as qca

    importlib.import_module("smartcase.qca.calibration")
    assert callable(qca.calibrate)
