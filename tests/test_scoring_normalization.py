"""Normalisation: known answers computed by hand, the vectorised core, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smartcase.errors import ArgumentError, ScoringError
from smartcase.scoring import NORMALIZATIONS, normalize
from smartcase.scoring.errors import CodeRangeError, ScoringArgumentError, UnknownMethodError
from smartcase.scoring.normalization import normalize_array


def test_goalposts_map_codes_0_to_0_and_3_to_100() -> None:
    df = pd.DataFrame({"a": [0, 1, 2, 3]}, index=list("wxyz"))
    out = normalize(df)["a"].to_numpy()
    # 100 * (x - 0) / (3 - 0)
    np.testing.assert_allclose(out, [0.0, 100 / 3, 200 / 3, 100.0])


def test_goalposts_do_not_depend_on_the_other_cases() -> None:
    a = normalize(pd.DataFrame({"s": [1, 2]}, index=["p", "q"]))
    b = normalize(pd.DataFrame({"s": [1, 3, 0]}, index=["p", "r", "t"]))
    assert a.loc["p", "s"] == b.loc["p", "s"]


def test_minmax_by_hand_and_constant_column_is_50() -> None:
    df = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 2]}, index=list("xyz"))
    out = normalize(df, "minmax")
    # a: (x - 1) / (3 - 1) * 100 ; b has no spread -> 50 for all
    assert out["a"].tolist() == [0.0, 50.0, 100.0]
    assert out["b"].tolist() == [50.0, 50.0, 50.0]


def test_zscore_uses_sample_sd() -> None:
    df = pd.DataFrame({"a": [1, 2, 3]}, index=list("xyz"))
    # mean 2, sd (n - 1) = sqrt(((1)^2 + 0 + 1^2) / 2) = 1
    assert normalize(df, "zscore")["a"].tolist() == [-1.0, 0.0, 1.0]


def test_rank_with_ties_uses_average_rank() -> None:
    df = pd.DataFrame({"a": [3, 1, 1, 2]}, index=list("wxyz"))
    # average ranks 4, 1.5, 1.5, 3 -> (r - 1) / (4 - 1) * 100
    np.testing.assert_allclose(normalize(df, "rank")["a"], [100.0, 50 / 3, 50 / 3, 200 / 3])


def test_distance_to_reference_case() -> None:
    df = pd.DataFrame({"a": [0, 3, 1]}, index=["x", "y", "z"])
    # 100 + 100 * (x - x_ref) / (3 - 0), reference z (code 1)
    np.testing.assert_allclose(
        normalize(df, "distance", reference="z")["a"], [100 - 100 / 3, 100 + 200 / 3, 100.0]
    )


def test_direction_minus_one_turns_the_indicator_around() -> None:
    df = pd.DataFrame({"cost": [0, 3]}, index=["x", "y"])
    assert normalize(df, direction={"cost": -1})["cost"].tolist() == [100.0, 0.0]
    assert normalize(df, "minmax", direction={"cost": -1})["cost"].tolist() == [100.0, 0.0]


def test_missing_values_stay_missing_and_others_use_the_rest() -> None:
    df = pd.DataFrame({"a": [1.0, np.nan, 3.0]}, index=list("xyz"))
    out = normalize(df, "minmax")
    assert np.isnan(out.loc["y", "a"])
    assert out.loc["x", "a"] == 0.0 and out.loc["z", "a"] == 100.0


def test_input_is_not_mutated() -> None:
    df = pd.DataFrame({"a": [0, 3]}, index=["x", "y"])
    before = df.copy()
    normalize(df, "zscore")
    pd.testing.assert_frame_equal(df, before)


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"method": "maxmin"}, UnknownMethodError, ["'method'", "'maxmin'", "'goalposts'"]),
        ({"method": "goalposts", "scale": None}, ScoringArgumentError, ["'scale'"]),
        ({"method": "distance"}, ScoringArgumentError, ["'reference'", "None"]),
        (
            {"method": "distance", "reference": "nope"},
            ScoringArgumentError,
            ["'reference'", "'nope'"],
        ),
        ({"direction": {"a": 2}}, ScoringArgumentError, ["'direction'", "2"]),
        ({"scale": (3, 0)}, ScoringArgumentError, ["'scale'"]),
    ],
)
def test_bad_arguments_name_argument_and_value(kwargs: dict, exc: type, words: list[str]) -> None:
    df = pd.DataFrame({"a": [0, 3]}, index=["x", "y"])
    with pytest.raises(exc) as info:
        normalize(df, **kwargs)
    for w in words:
        assert w in str(info.value)
    assert isinstance(info.value, ScoringError) and isinstance(info.value, ArgumentError)


def test_code_out_of_range_names_case_and_indicator() -> None:
    df = pd.DataFrame({"a": [0, 4]}, index=["x", "y"])
    with pytest.raises(CodeRangeError, match=r"4 for case 'y', indicator 'a'"):
        normalize(df)
    with pytest.raises(CodeRangeError, match=r"-1 for case 'x'"):
        normalize(pd.DataFrame({"a": [-1, 2]}, index=["x", "y"]))


def test_non_numeric_column_is_refused() -> None:
    with pytest.raises(ScoringArgumentError, match="column 'a'"):
        normalize(pd.DataFrame({"a": ["high", "low"]}, index=["x", "y"]))


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2, max_value=6),
    st.integers(min_value=1, max_value=5),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=0, max_value=2**31 - 1),
)
def test_vectorised_core_equals_one_table_at_a_time(
    n_cases: int, n_ind: int, reps: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 4, size=(reps, n_cases, n_ind)).astype(float)
    lo, hi = np.zeros(n_ind), np.full(n_ind, 3.0)
    d = rng.choice([-1, 1], size=n_ind)
    for method in NORMALIZATIONS:
        stacked = normalize_array(X, method, lo, hi, d, 0)
        for r in range(reps):
            single = normalize_array(X[r : r + 1], method, lo, hi, d, 0)[0]
            np.testing.assert_allclose(stacked[r], single)


@pytest.mark.parametrize("values", ["codes", "continuous"])
def test_rank_paths_for_many_cases_agree_with_scipy(values: str) -> None:
    from scipy.stats import rankdata

    rng = np.random.default_rng(9)
    X = (
        rng.integers(0, 4, size=(3, 60, 4)).astype(float)
        if values == "codes"
        else rng.random((3, 60, 4)) * 3
    )
    d = np.array([1, -1, 1, -1])
    out = normalize_array(X, "rank", np.zeros(4), np.full(4, 3.0), d)
    expected = (rankdata(X * d, axis=1) - 1) / 59 * 100
    np.testing.assert_allclose(out, expected)
