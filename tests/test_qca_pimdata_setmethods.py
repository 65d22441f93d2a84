"""pimdata against SetMethods 4.0 (``tests/data/setmethods/pimdata.json``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from qca_setmethods_reference import SCHF_CONDITIONS, entry, frame, load

from smartcase.errors import ArgumentError
from smartcase.qca import minimize, pimdata, truth_table


@pytest.fixture(scope="module")
def schf() -> pd.DataFrame:
    return load("SCHF")


def _solution(schf: pd.DataFrame, outcome: str, **kw):
    tt = truth_table(schf, outcome, SCHF_CONDITIONS, incl_cut=0.9)
    return minimize(tt, include="?", **kw)


@pytest.mark.parametrize(
    ("entry_id", "outcome", "kw"),
    [
        ("pimdata_SCHF_yp", "EXPORT", {}),
        ("pimdata_SCHF_nyp", "~EXPORT", {}),
        ("pimdata_SCHF_yi", "EXPORT", {"dir_exp": [0] * 6}),
    ],
)
def test_pimdata_matches_setmethods(schf, entry_id, outcome, kw) -> None:
    expected = frame(entry("pimdata", entry_id)["result"])
    got = pimdata(_solution(schf, outcome, **kw))
    assert list(got.columns) == list(expected.columns)
    assert list(got.index) == list(expected.index)
    np.testing.assert_allclose(got.to_numpy(float), expected.to_numpy(float), atol=1e-9)


def test_pimdata_other_model_and_data(schf) -> None:
    sol = _solution(schf, "~EXPORT")
    second = pimdata(sol, model=1)
    assert list(second.columns) == ["~STOCK", "~UNI*OCCUP*~MA", "solution_formula", "out"]
    # evaluated on given data, the outcome is read from it (negated as the solution's outcome)
    again = pimdata(sol, schf.iloc[:5], model=1)
    pd.testing.assert_frame_equal(again, second.iloc[:5])
    np.testing.assert_allclose(again["out"], 1 - schf["EXPORT"].iloc[:5])


def test_pimdata_expression(schf) -> None:
    got = pimdata("EMP*MA + ~STOCK", schf, outcome="EXPORT")
    np.testing.assert_allclose(
        got["solution_formula"],
        np.maximum(np.minimum(schf["EMP"], schf["MA"]), 1 - schf["STOCK"]),
    )


def test_pimdata_bad_input(schf) -> None:
    sol = _solution(schf, "EXPORT")
    with pytest.raises(ArgumentError, match="model"):
        pimdata(sol, model=1)
    with pytest.raises(ArgumentError, match="outcome"):
        pimdata("EMP", schf)
    with pytest.raises(ArgumentError, match="solution"):
        pimdata(42)
