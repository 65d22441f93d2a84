"""Coherence: exact Spearman p-values, published critical values, and the low-power note."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau, spearmanr
from scoring_helpers import small_book

from smartcase.scoring import coherence
from smartcase.scoring.correlation import critical_rho, power_note, spearman_exact
from smartcase.scoring.errors import UnknownMethodError


def _brute_force_p(x: list[float], y: list[float]) -> float:
    rho = spearmanr(x, y).statistic
    hits = [
        abs(spearmanr(x, list(p)).statistic) >= abs(rho) - 1e-12 for p in itertools.permutations(y)
    ]
    return sum(hits) / len(hits)


def test_perfect_agreement_of_five_cases() -> None:
    rho, p, how = spearman_exact([1, 2, 3, 4, 5], [10, 20, 30, 40, 50])
    assert rho == 1.0 and p == pytest.approx(2 / 120) and how == "exact permutation"


@pytest.mark.parametrize(
    ("x", "y"),
    [
        ([0, 1, 2, 3, 3], [0, 1, 1, 2, 3]),
        ([3, 1, 2, 5, 4], [1, 2, 3, 4, 5]),
        ([1, 2, 3, 4, 5, 6], [2, 1, 4, 3, 6, 5]),
    ],
)
def test_exact_p_equals_brute_force_and_rho_equals_scipy(x: list[float], y: list[float]) -> None:
    rho, p, _ = spearman_exact(np.array(x, float), np.array(y, float))
    assert rho == pytest.approx(spearmanr(x, y).statistic)
    assert p == pytest.approx(_brute_force_p(x, y))


def test_published_critical_values() -> None:
    # two-sided alpha = 0.05 (Zar, table of critical values of Spearman's r_s)
    assert [round(critical_rho(n), 3) for n in (5, 6, 7, 8, 9)] == [1.0, 0.886, 0.786, 0.738, 0.7]
    assert math.isnan(critical_rho(4))


def test_power_note_for_five_cases() -> None:
    note = power_note(5)
    assert note.startswith("n = 5 cases") and "0.017" in note and "|rho| >= 1.00" in note
    assert "no correlation can reach" in power_note(3)


def test_coherence_table_pairs_and_caveat() -> None:
    res = coherence(small_book())
    t = res.table
    assert res.n == 3 and t.attrs["note"] == res.note and res.note.startswith("n = 3 cases")
    kinds = t["kind"].value_counts().to_dict()
    # 5 sub-dimensions x (element, index) + 3 elements x index + 3 element pairs + within-element pairs (1 + 1)
    assert kinds == {
        "subdimension-element": 5,
        "subdimension-index": 5,
        "element-index": 3,
        "element-element": 3,
        "subdimension-subdimension": 2,
    }
    row = t[(t["a"] == "s1") & (t["b"] == "tech")].iloc[0]
    x = res.scores["s1"].to_numpy()
    y = res.scores["tech"].to_numpy()
    assert row["spearman"] == pytest.approx(spearmanr(x, y).statistic)
    assert row["kendall"] == pytest.approx(kendalltau(x, y).statistic)
    assert row["n"] == 3


def test_constant_variable_gives_nan_with_a_note() -> None:
    codes = pd.DataFrame(
        {"a": [1, 1, 1, 1], "b": [0, 1, 2, 3], "c": [3, 2, 2, 0]}, index=list("wxyz")
    )
    res = coherence(codes, mapping={"a": "E", "b": "E", "c": "F"}, within=False)
    row = res.table[(res.table["a"] == "a") & (res.table["b"] == "E")].iloc[0]
    assert math.isnan(row["spearman"]) and row["note"] == "constant"


def test_matrix_and_bad_method() -> None:
    res = coherence(small_book())
    m = res.matrix("spearman")
    assert m.shape == (9, 9) and np.allclose(np.diag(m), 1.0)
    with pytest.raises(UnknownMethodError, match="'pearson'"):
        res.matrix("pearson")  # type: ignore[arg-type]
    assert "rank correlations" in repr(res)
