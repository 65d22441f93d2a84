"""The binomial test of sufficiency in truth tables (R QCA's ``inf.test = c("binom", alpha)``).

Known answers by hand: with ``s`` of ``n`` cases in the outcome, the p-value is
P(X >= s) for X ~ Binomial(n, incl_cut).
"""

from __future__ import annotations

import pandas as pd
import pytest

from smartcase.errors import QCAError
from smartcase.qca import minimize, truth_table
from smartcase.qca.datasets import load_dataset


@pytest.fixture(scope="module")
def crisp() -> pd.DataFrame:
    rows = [(1, 1, 1)] * 10 + [(1, 0, 1)] * 9 + [(1, 0, 0)] + [(0, 1, 1)] * 3 + [(0, 0, 0)] * 2
    frame = pd.DataFrame(rows, columns=["A", "B", "Y"])
    frame.index = [f"c{i}" for i in range(len(frame))]
    return frame


def test_binomial_p_values_and_out(crisp) -> None:
    tt = truth_table(crisp, "Y", incl_cut=0.7, inf_test=("binom", 0.05))
    table = tt.table
    assert table.loc[4, "pval1"] == pytest.approx(0.7**10)  # 10 of 10
    assert table.loc[3, "pval1"] == pytest.approx(10 * 0.7**9 * 0.3 + 0.7**10)  # 9 of 10
    assert table.loc[2, "pval1"] == pytest.approx(0.7**3)  # 3 of 3
    assert table.loc[1, "pval1"] == pytest.approx(1.0)  # 0 of 2
    # incl alone would code rows 2, 3 and 4 as 1; the test only row 4 (p = 0.028 < 0.05)
    assert table["OUT"].to_dict() == {1: "0", 2: "0", 3: "0", 4: "1"}
    assert truth_table(crisp, "Y", incl_cut=0.7).table["OUT"].to_dict() == {
        1: "0",
        2: "1",
        3: "1",
        4: "1",
    }
    assert tt.inf_test == ("binom", 0.05)
    assert "pval1" in repr(tt)
    assert [str(m) for m in minimize(tt, include="?").models] == ["A*B"]


def test_second_cut_off_gives_contradictions(crisp) -> None:
    tt = truth_table(crisp, "Y", incl_cut=(0.7, 0.5), inf_test="binom", complete=True)
    table = tt.table
    # row 3 (9 of 10): p1 = 0.149, p0 = P(X >= 9 | 0.5) = 11/1024 = 0.0107 -> "C"
    assert table.loc[3, "pval0"] == pytest.approx(11 / 1024)
    assert table.loc[3, "OUT"] == "C"
    assert table.loc[2, "OUT"] == "0"  # 3 of 3: p0 = 0.125
    assert list(table.columns[-3:]) == ["pval1", "pval0", "cases"]
    assert table.loc[1, "pval1"] == pytest.approx(1.0)


def test_alpha_changes_the_verdict(crisp) -> None:
    tt = truth_table(crisp, "Y", incl_cut=0.7, inf_test=("binom", 0.2))
    assert tt.table.loc[3, "OUT"] == "1"  # p = 0.149 < 0.2


@pytest.mark.parametrize(
    ("inf_test", "message"),
    [("chisq", "expected 'binom'"), (("binom", 2), "alpha 2"), (("binom", "x"), "expected")],
)
def test_bad_inf_test(crisp, inf_test, message) -> None:
    with pytest.raises(QCAError, match=message):
        truth_table(crisp, "Y", inf_test=inf_test)


def test_fuzzy_data_is_refused() -> None:
    with pytest.raises(QCAError, match="crisp.*condition 'DEV'"):
        truth_table(load_dataset("LF"), "SURV", inf_test="binom")
