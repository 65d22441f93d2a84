"""Sobol sensitivity: estimator wiring on models with known indices, then on the scoring engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scoring_helpers import random_codes, small_book

from smartcase.scoring import sensitivity, sobol_indices
from smartcase.scoring.errors import ScoringArgumentError, UnknownMethodError


def test_additive_linear_model_first_order_equals_total() -> None:
    # y = x1 + 2 x2 + 3 x3, x ~ U(0, 1): V_i = a_i^2 / 12, so S_i = a_i^2 / 14 and S_Ti = S_i
    res = sobol_indices(
        lambda u: u[:, 0] + 2 * u[:, 1] + 3 * u[:, 2], ["x1", "x2", "x3"], n=8192, seed=1
    )
    expected = np.array([1, 4, 9]) / 14
    np.testing.assert_allclose(res["S1"], expected, atol=0.03)
    np.testing.assert_allclose(res["ST"], expected, atol=0.03)
    np.testing.assert_allclose(res["S1"], res["ST"], atol=0.03)
    assert (res["S1_conf"] > 0).all() and (res["S1_conf"] < 0.1).all()


def test_pure_interaction_has_zero_first_order_and_full_total() -> None:
    # y = (x1 - 1/2)(x2 - 1/2): no main effects, all variance in the interaction
    res = sobol_indices(lambda u: (u[:, 0] - 0.5) * (u[:, 1] - 0.5), ["x1", "x2"], n=8192, seed=2)
    np.testing.assert_allclose(res["S1"], [0.0, 0.0], atol=0.03)
    np.testing.assert_allclose(res["ST"], [1.0, 1.0], atol=0.05)


def test_grouped_inputs() -> None:
    # y = x1 + x2 + 2 x3 with groups g = {x1, x2}, h = {x3}: V_g = 2/12, V_h = 4/12 -> 1/3, 2/3
    res = sobol_indices(
        lambda u: u[:, 0] + u[:, 1] + 2 * u[:, 2],
        ["x1", "x2", "x3"],
        groups=["g", "g", "h"],
        n=8192,
        seed=3,
    )
    assert res["input"].tolist() == ["g", "h"]
    np.testing.assert_allclose(res["S1"], [1 / 3, 2 / 3], atol=0.03)
    np.testing.assert_allclose(res["ST"], [1 / 3, 2 / 3], atol=0.03)


def test_single_group_explains_everything_and_constant_output_is_nan() -> None:
    res = sobol_indices(
        lambda u: np.c_[u[:, 0] + u[:, 1], np.zeros(len(u))],
        ["a", "b"],
        groups=["w", "w"],
        n=64,
        output_names=["moves", "flat"],
    )
    assert res.set_index("output").loc["moves", ["S1", "ST"]].tolist() == [1.0, 1.0]
    assert res.set_index("output").loc["flat", ["S1", "ST"]].isna().all()


def test_same_seed_same_indices() -> None:
    f = lambda u: np.sin(u[:, 0] * 3) + u[:, 1] ** 2  # noqa: E731
    a = sobol_indices(f, ["a", "b"], n=512, seed=5)
    b = sobol_indices(f, ["a", "b"], n=512, seed=5)
    pd.testing.assert_frame_equal(a, b)


def test_n_must_be_a_power_of_two() -> None:
    with pytest.raises(ScoringArgumentError, match=r"argument 'n'.*power of two.*found 1000"):
        sobol_indices(lambda u: u[:, 0], ["a"], n=1000)


def test_sensitivity_inputs_follow_the_uncertain_choices() -> None:
    book = small_book()
    res = sensitivity(book, n=256, seed=0)
    assert list(dict.fromkeys(res.indices["input"])) == [
        "normalize",
        "aggregation",
        "weights",
        "codes",
    ]
    assert res.mapping["n_variables"].tolist() == [1, 1, 8, 3]
    assert set(res.indices["case_id"]) == {"x", "y", "z"}
    assert res.table("ST").shape == (3, 4)
    assert "bootstrap" in res.note
    again = sensitivity(book, n=256, seed=0)
    pd.testing.assert_frame_equal(res.indices, again.indices)


def test_normalisation_cannot_move_copeland_ranks() -> None:
    # Copeland uses only the order of cases on each indicator, which every normalisation keeps:
    # the normalisation input must have zero first-order and total indices.
    codes, mapping = random_codes(5, 9, seed=11)
    res = sensitivity(
        codes,
        n=512,
        mapping=mapping,
        codes="none",
        aggregation="copeland",
        normalize=("goalposts", "minmax", "rank"),
    )
    st = res.indices[res.indices["input"] == "normalize"].dropna(subset=["ST"])
    assert len(st) > 0
    np.testing.assert_allclose(st["ST"], 0.0, atol=1e-12)
    np.testing.assert_allclose(st["S1"], 0.0, atol=0.05)


def test_weights_only_are_one_group() -> None:
    codes, mapping = random_codes(4, 6, seed=5)
    res = sensitivity(
        codes,
        n=128,
        mapping=mapping,
        codes="none",
        normalize="goalposts",
        aggregation="arithmetic",
        weight_noise=0.5,
    )
    assert set(res.indices["input"]) == {"weights"}
    moved = res.indices.dropna(subset=["ST"])
    assert (moved["ST"] == 1.0).all()


def test_sensitivity_bad_input() -> None:
    codes, mapping = random_codes(4, 6)
    with pytest.raises(ScoringArgumentError, match="no uncertain input"):
        sensitivity(
            codes,
            n=64,
            mapping=mapping,
            codes="none",
            normalize="goalposts",
            aggregation="arithmetic",
            weight_noise=0,
        )
    with pytest.raises(UnknownMethodError, match="'output'"):
        sensitivity(codes, n=64, mapping=mapping, codes="none", output="score_rank")  # type: ignore[arg-type]
    with pytest.raises(ScoringArgumentError, match="'n'"):
        sensitivity(codes, n=100, mapping=mapping, codes="none")
