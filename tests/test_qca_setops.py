"""Tests of smartcase.qca.setops: fuzzy intersection, union and negation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca.setops import as_membership, fuzzy_and, fuzzy_not, fuzzy_or

LF = Path(__file__).parent / "data" / "qca" / "data" / "LF.csv"


@pytest.fixture(scope="module")
def lf() -> pd.DataFrame:
    return pd.read_csv(LF, index_col=0)


def test_lf_known_values(lf):
    # R: fuzzyand(LF$DEV, LF$STB) and fuzzyor(LF$DEV, LF$STB) for AU, BE, CZ
    both = fuzzy_and(lf["DEV"], lf["STB"])
    either = fuzzy_or(lf["DEV"], lf["STB"])
    assert both.name == "DEV*STB"
    assert either.name == "DEV + STB"
    assert both.loc[["AU", "BE", "CZ"]].tolist() == [0.43, 0.98, 0.58]
    assert either.loc[["AU", "BE", "CZ"]].tolist() == [0.81, 0.99, 0.91]
    assert both.index.equals(lf.index)


def test_dataframe_columns_are_sets(lf):
    frame = lf[["DEV", "URB", "LIT"]]
    pd.testing.assert_series_equal(
        fuzzy_and(frame), fuzzy_and(lf["DEV"], lf["URB"], lf["LIT"]), check_names=True
    )
    np.testing.assert_array_equal(fuzzy_or(frame).to_numpy(), frame.max(axis=1).to_numpy())
    # a DataFrame mixed with a Series
    mixed = fuzzy_and(lf[["DEV", "URB"]], lf["LIT"])
    assert mixed.name == "DEV*URB*LIT"


def test_arrays_and_unnamed():
    out = fuzzy_and(np.array([0.2, 0.8]), [0.5, 0.5])
    assert isinstance(out, np.ndarray)
    assert out.tolist() == [0.2, 0.5]
    named_and_unnamed = fuzzy_or(pd.Series([0.1, 0.9], name="A"), [0.4, 0.4])
    assert isinstance(named_and_unnamed, pd.Series)
    assert named_and_unnamed.name is None
    assert named_and_unnamed.tolist() == [0.4, 0.9]


def test_negation_names_and_types(lf):
    neg = fuzzy_not(lf["URB"])
    assert neg.name == "~URB"
    np.testing.assert_allclose(neg.to_numpy(), 1 - lf["URB"].to_numpy())
    assert fuzzy_not(neg).name == "URB"
    assert fuzzy_not(fuzzy_and(lf["DEV"], lf["STB"])).name == "~(DEV*STB)"
    frame = fuzzy_not(lf[["DEV", "URB"]])
    assert list(frame.columns) == ["~DEV", "~URB"]
    assert frame.index.equals(lf.index)
    assert isinstance(fuzzy_not(np.array([0.25])), np.ndarray)
    # crisp sets stay crisp
    assert fuzzy_not(pd.Series([0, 1, 1])).tolist() == [1.0, 0.0, 0.0]


def test_inputs_not_mutated(lf):
    before = lf.copy()
    fuzzy_and(lf)
    fuzzy_not(lf)
    pd.testing.assert_frame_equal(lf, before)


# ---------------------------------------------------------------- properties

unit = st.floats(0, 1, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 20).flatmap(
        lambda n: st.tuples(
            arrays(float, n, elements=unit),
            arrays(float, n, elements=unit),
            arrays(float, n, elements=unit),
        )
    )
)
def test_lattice_laws(abc):
    a, b, c = abc
    both = fuzzy_and(a, b, c)
    either = fuzzy_or(a, b, c)
    for x in (a, b, c):
        assert np.all(both <= x)
        assert np.all(either >= x)
    # De Morgan
    np.testing.assert_allclose(fuzzy_not(fuzzy_and(a, b)), fuzzy_or(fuzzy_not(a), fuzzy_not(b)))
    np.testing.assert_allclose(fuzzy_not(fuzzy_or(a, b)), fuzzy_and(fuzzy_not(a), fuzzy_not(b)))
    # involution and absorption
    np.testing.assert_allclose(fuzzy_not(fuzzy_not(a)), a, atol=1e-15)
    np.testing.assert_allclose(fuzzy_and(a, fuzzy_or(a, b)), a)


# ---------------------------------------------------------------- bad input


def test_out_of_range_and_missing():
    with pytest.raises(QCAError, match=r"found 1.2 at 1"):
        fuzzy_and([0.5, 1.2], [0.1, 0.1])
    with pytest.raises(QCAError, match=r"'sets\[1\]'.*found -0.1 at 'b'"):
        fuzzy_or(pd.Series([0.5, 0.5], index=["a", "b"]), pd.Series([0.2, -0.1], index=["a", "b"]))
    with pytest.raises(QCAError, match=r"'x\['B'\]'.*missing value at 'r2'"):
        fuzzy_not(pd.DataFrame({"A": [0.1, 0.2], "B": [0.3, np.nan]}, index=["r1", "r2"]))


def test_shape_problems():
    with pytest.raises(ArgumentError, match="2 cases like the first set"):
        fuzzy_and([0.1, 0.2], [0.1, 0.2, 0.3])
    with pytest.raises(ArgumentError, match="different index"):
        fuzzy_and(pd.Series([0.1, 0.2], index=["a", "b"]), pd.Series([0.1, 0.2], index=["b", "a"]))
    with pytest.raises(ArgumentError, match="at least one set"):
        fuzzy_or()
    with pytest.raises(ArgumentError, match="dtype"):
        fuzzy_not(pd.Series(["high", "low"]))
    with pytest.raises(ArgumentError, match="shape"):
        fuzzy_and(np.zeros((2, 2)))
    with pytest.raises(ArgumentError):
        as_membership(pd.DataFrame({"a": [0.1]}))
