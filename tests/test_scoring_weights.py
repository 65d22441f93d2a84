"""Weights: equal, explicit, budget allocation, AHP (Saaty's drinks example) and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcase.scoring import RANDOM_INDEX, ahp, budget_allocation, equal_weights, make_weights
from smartcase.scoring.errors import AHPError, UnknownMethodError, WeightError
from smartcase.scoring.weights import Weights

DATA = Path(__file__).parent / "data" / "scoring"
MAPPING = {"a": "g1", "b": "g1", "c": "g1", "d": "g2"}


def test_equal_weights_within_and_across_groups() -> None:
    w = equal_weights(MAPPING)
    assert w.indicator.tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3, 1.0])
    assert w.element.tolist() == [0.5, 0.5]
    # effective weight in the index: a = 1/3 * 1/2
    assert w.effective(pd.Series(MAPPING)).tolist() == pytest.approx([1 / 6, 1 / 6, 1 / 6, 0.5])


def test_explicit_weights_are_relative_and_default_to_one() -> None:
    w = make_weights({"a": 2, "g2": 3}, MAPPING)
    # within g1: a=2, b=1, c=1 -> 0.5, 0.25, 0.25 ; groups g1=1, g2=3 -> 0.25, 0.75
    assert w.indicator.tolist() == [0.5, 0.25, 0.25, 1.0]
    assert w.element.tolist() == [0.25, 0.75]


def test_weights_object_passes_through() -> None:
    w = make_weights(
        Weights(
            pd.Series([1.0, 1.0, 2.0, 1.0], index=list("abcd")),
            pd.Series([1.0, 1.0], index=["g1", "g2"]),
        ),
        MAPPING,
    )
    assert w.indicator["c"] == 0.5


@pytest.mark.parametrize(
    ("spec", "exc", "words"),
    [
        ({"a": -1}, WeightError, ["'weights'", "-1", "'a'"]),
        ({"zz": 1}, WeightError, ["unknown id 'zz'"]),
        ({"a": float("nan")}, WeightError, ["nan"]),
        ({"a": True}, WeightError, ["True"]),
        ({"a": "heavy"}, WeightError, ["'heavy'"]),
        ({"a": 0, "b": 0, "c": 0}, WeightError, ["group 'g1'"]),
        ({"g1": 0, "g2": 0}, WeightError, ["every element weight zero"]),
        ("heavy", UnknownMethodError, ["'weights'", "'heavy'", "'equal'"]),
    ],
)
def test_bad_weights(spec: object, exc: type, words: list[str]) -> None:
    with pytest.raises(exc) as info:
        make_weights(spec, MAPPING)
    for w in words:
        assert w in str(info.value)


def test_group_with_zero_weight_may_have_zero_members() -> None:
    w = make_weights({"g1": 0, "a": 0, "b": 0, "c": 0}, MAPPING)
    assert w.element.tolist() == [0.0, 1.0]


def test_budget_allocation_by_hand() -> None:
    # expert 1 shares 100 points 60/30/10, expert 2 40/40/20:
    # shares (0.6, 0.3, 0.1) and (0.4, 0.4, 0.2) -> means (0.5, 0.35, 0.15)
    pts = pd.DataFrame(
        {"technology": [60, 40], "capacity": [30, 40], "institutions": [10, 20]}, index=["e1", "e2"]
    )
    w = budget_allocation(pts, budget=100)
    assert w.tolist() == pytest.approx([0.5, 0.35, 0.15])
    # experts with different totals count equally
    w2 = budget_allocation(pd.DataFrame({"a": [6, 4], "b": [4, 16]}, index=["e1", "e2"]))
    assert w2.tolist() == pytest.approx([(0.6 + 0.2) / 2, (0.4 + 0.8) / 2])


@pytest.mark.parametrize(
    ("pts", "budget", "words"),
    [
        ({"e1": {"a": -5, "b": 105}}, None, ["-5", "'e1'"]),
        ({"e1": {"a": 50, "b": 40}}, 100, ["spent 90", "100"]),
        ({"e1": {"a": 0, "b": 0}}, None, ["spent no points"]),
    ],
)
def test_budget_allocation_bad_input(pts: dict, budget: float | None, words: list[str]) -> None:
    with pytest.raises(WeightError) as info:
        budget_allocation(pts, budget=budget)
    for w in words:
        assert w in str(info.value)


def test_random_index_is_saatys_table() -> None:
    assert [RANDOM_INDEX[n] for n in range(3, 11)] == [
        0.58,
        0.90,
        1.12,
        1.24,
        1.32,
        1.41,
        1.45,
        1.49,
    ]


def test_ahp_saaty_drinks_example() -> None:
    ref = json.loads((DATA / "ahp_drinks.json").read_text(encoding="utf-8"))
    res = ahp(pd.DataFrame(ref["matrix"], index=ref["items"], columns=ref["items"]))
    np.testing.assert_allclose(
        res.weights.round(3).to_numpy(), ref["priorities_published"], atol=0.0011
    )
    assert round(res.cr, 3) == ref["consistency_ratio"]
    assert res.ri == 1.32 and res.consistent
    assert list(res.weights.index) == ref["items"]
    assert res.weights.sum() == pytest.approx(1.0)


def test_ahp_consistent_matrix_recovers_the_ratios() -> None:
    w = np.array([0.5, 0.3, 0.2])
    res = ahp(w[:, None] / w[None, :])
    np.testing.assert_allclose(res.weights.to_numpy(), w)
    assert res.lambda_max == pytest.approx(3.0)
    assert res.cr == pytest.approx(0.0, abs=1e-12)


def test_ahp_two_items_always_consistent() -> None:
    res = ahp([[1, 4], [0.25, 1]], labels=["x", "y"])
    assert res.weights.tolist() == pytest.approx([0.8, 0.2])
    assert res.cr == 0.0


def test_ahp_inconsistent_matrix_raises_unless_allowed() -> None:
    cyclic = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]  # a > b > c > a
    with pytest.raises(AHPError, match=r"expected CR <= 0.1.*found consistency ratio CR = "):
        ahp(cyclic)
    res = ahp(cyclic, allow_inconsistent=True)
    assert res.cr > 0.1 and not res.consistent


@pytest.mark.parametrize(
    ("matrix", "words"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], ["shape (2, 3)", "square"]),
        ([[1, 3], [3, 1]], ["a[0][1] = 3 but a[1][0] = 3", "reciprocal"]),
        ([[2, 1], [1, 1]], ["a[0][0] = 2", "diagonal"]),
        ([[1, -2], [-0.5, 1]], ["-2", "positive"]),
        (np.ones((11, 11)), ["11 x 11", "at most 10"]),
    ],
)
def test_ahp_bad_matrices(matrix: object, words: list[str]) -> None:
    with pytest.raises(AHPError) as info:
        ahp(matrix)  # type: ignore[arg-type]
    for w in words:
        assert w in str(info.value)
    assert "argument 'matrix'" in str(info.value)
