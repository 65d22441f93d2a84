"""Aggregation: arithmetic, geometric (rule for zeros) and Copeland, computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from smartcase.scoring import aggregate, outranking_matrix, rank_scores
from smartcase.scoring.errors import ScoringArgumentError, UnknownMethodError, WeightError

# Three cases x four normalised indicators, weights 0.4 / 0.2 / 0.2 / 0.2.
Y = pd.DataFrame(
    {
        "i1": [100.0, 50.0, 0.0],
        "i2": [0.0, 50.0, 100.0],
        "i3": [50.0, 50.0, 100.0],
        "i4": [50.0, 100.0, 0.0],
    },
    index=["A", "B", "C"],
)
W = {"i1": 0.4, "i2": 0.2, "i3": 0.2, "i4": 0.2}


def test_arithmetic_by_hand() -> None:
    # A = .4*100 + .2*0 + .2*50 + .2*50 = 60 ; B = 20 + 10 + 10 + 20 = 60 ; C = 0 + 20 + 20 + 0 = 40
    assert aggregate(Y, weights=W).tolist() == pytest.approx([60.0, 60.0, 40.0])


def test_weights_are_relative() -> None:
    doubled = {k: 2 * v for k, v in W.items()}
    assert aggregate(Y, weights=doubled).tolist() == pytest.approx([60.0, 60.0, 40.0])


def test_geometric_with_the_one_point_shift_for_zeros() -> None:
    # exp(sum w log(y + 1)) - 1
    a = 101**0.4 * 1**0.2 * 51**0.2 * 51**0.2 - 1
    b = 51**0.4 * 51**0.2 * 51**0.2 * 101**0.2 - 1
    c = 1**0.4 * 101**0.2 * 101**0.2 * 1**0.2 - 1
    assert aggregate(Y, "geometric", weights=W).tolist() == pytest.approx([a, b, c])


def test_geometric_keeps_equal_values_and_penalises_imbalance() -> None:
    y = pd.DataFrame({"p": [40.0, 80.0], "q": [40.0, 0.0]}, index=["even", "uneven"])
    g = aggregate(y, "geometric")
    assert g["even"] == pytest.approx(40.0)
    # uneven: sqrt(81 * 1) - 1 = 8, far below its arithmetic mean 40
    assert g["uneven"] == pytest.approx(8.0)


def test_geometric_refuses_negative_values() -> None:
    with pytest.raises(ScoringArgumentError, match=r"'aggregation'.*-1"):
        aggregate(pd.DataFrame({"z": [-1.0, 1.0]}, index=["x", "y"]), "geometric")


def test_outranking_matrix_by_hand() -> None:
    # A vs B: i1 A>B (.4), i3 tie (.2 / 2 = .1) -> .5 ; A vs C: i1 (.4) + i4 (.2) -> .6 ; B vs C: i1 (.4) + i4 (.2) -> .6
    o = outranking_matrix(Y, weights=W)
    expected = np.array([[0.0, 0.5, 0.6], [0.5, 0.0, 0.6], [0.4, 0.4, 0.0]])
    np.testing.assert_allclose(o.to_numpy(), expected)


def test_copeland_by_hand_weighted() -> None:
    # transformed matrix: A-B 0 (exactly .5), A-C +1, B-C +1 -> A: 0 + 1 = 1, B: 0 + 1 = 1, C: -1 - 1 = -2
    assert aggregate(Y, "copeland", weights=W).tolist() == [1.0, 1.0, -2.0]


def test_copeland_by_hand_equal_weights() -> None:
    # equal weights .25: A vs B: i1 (.25) + tie i3 (.125) = .375 < .5 -> B beats A
    # A vs C: i1 + i4 = .5 -> 0 ; B vs C: i1 + i4 = .5 -> 0
    # scores: A = -1 + 0, B = +1 + 0, C = 0 + 0
    assert aggregate(Y, "copeland").tolist() == [-1.0, 1.0, 0.0]
    assert rank_scores(aggregate(Y, "copeland")).tolist() == [3, 1, 2]


def test_copeland_ignores_the_size_of_differences() -> None:
    small = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 0.001], "c": [1.0, 0.0]}, index=["x", "y"])
    large = pd.DataFrame({"a": [1.0, 0.0], "b": [0.0, 1000.0], "c": [1.0, 0.0]}, index=["x", "y"])
    assert (
        aggregate(small, "copeland").tolist()
        == aggregate(large, "copeland").tolist()
        == [1.0, -1.0]
    )


def test_aggregate_by_group() -> None:
    out = aggregate(Y, weights=W, mapping={"i1": "g", "i2": "g", "i3": "h", "i4": "h"})
    # g: (.4*100 + .2*0) / .6 = 66.67 for A ; h: (.2*50 + .2*50) / .4 = 50 for A
    assert out.loc["A", "g"] == pytest.approx(200 / 3)
    assert out.loc["A", "h"] == pytest.approx(50.0)


def test_missing_values_use_the_available_weights() -> None:
    y = Y.copy()
    y.loc["A", "i2"] = np.nan
    # A: (.4*100 + .2*50 + .2*50) / .8 = 75
    assert aggregate(y, weights=W)["A"] == pytest.approx(75.0)
    # Copeland compares A and the others on i1, i3, i4 only (weights re-scaled to .5/.25/.25):
    # A vs B: i1 .5 + tie i3 .125 = .625 -> A wins ; A vs C: i1 .5 + i4 .25 = .75 -> A wins
    assert aggregate(y, "copeland", weights=W)["A"] == 2.0


def test_rank_tie_rule_is_minimum() -> None:
    assert rank_scores(pd.Series([50.0, 70.0, 50.0, 10.0], index=list("abcd"))).tolist() == [
        2,
        1,
        2,
        4,
    ]
    # floating-point noise does not break a tie that is exact in arithmetic
    s = pd.Series([0.1 + 0.2, 0.3], index=["a", "b"])
    assert rank_scores(s).tolist() == [1, 1]
    assert rank_scores(np.array([[3.0, 1.0, 3.0]])).tolist() == [[1, 3, 1]]


def test_missing_score_gets_missing_rank() -> None:
    r = rank_scores(pd.Series([1.0, math.nan, 2.0], index=list("abc")))
    assert r.tolist()[0] == 2 and r.isna().tolist() == [False, True, False]


def test_bad_method_and_weights() -> None:
    with pytest.raises(UnknownMethodError, match="'harmonic'"):
        aggregate(Y, "harmonic")  # type: ignore[arg-type]
    with pytest.raises(WeightError, match="'i9'"):
        aggregate(Y, weights={"i9": 1})
    with pytest.raises(ScoringArgumentError, match="'mapping'"):
        aggregate(Y, mapping={"i1": "g"})
