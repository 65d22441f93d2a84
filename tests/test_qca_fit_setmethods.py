"""qca_fit and Haesebrouck's consistency against SetMethods 4.0 ``QCAfit`` (setmethods answers).

SetMethods rounds the table to three significant digits of its smallest entry; the comparison
is at three decimals (R's figures rounded again where R printed four), and against the
unrounded recomputation where the reference has it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from qca_setmethods_reference import SCHF_CONDITIONS, entry, frame, load

from smartcase.errors import ArgumentError
from smartcase.qca import haesebrouck_consistency, minimize, qca_fit, truth_table

COLUMNS = {"Cons.Suf.H": "Cons.Suf(H)"}


@pytest.fixture(scope="module")
def schf() -> pd.DataFrame:
    return load("SCHF")


@pytest.fixture(scope="module")
def sol_yp(schf):
    return minimize(truth_table(schf, "EXPORT", SCHF_CONDITIONS, incl_cut=0.9), include="?")


def _decimals(value: float) -> int:
    """Decimals R printed: at least three (R drops trailing zeros: 0.58 is 0.580)."""
    text = repr(float(value))
    return max(3, len(text.split(".")[1]) if "." in text and "e" not in text else 3)


def _same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal at the precision R printed (three or four decimals)."""
    assert list(got.index) == list(expected.index)
    assert list(got.columns) == list(expected.columns)
    for col in expected.columns:
        for name, want in expected[col].items():
            d = _decimals(want)
            assert round(float(got.loc[name, col]), d) == pytest.approx(want, abs=1e-9), (
                name,
                col,
            )


def test_setmethods_qcafit_necessity(schf) -> None:
    ref = entry("QCAfit", "QCAfit_SCHF_conditions_nec")
    got = qca_fit(schf[SCHF_CONDITIONS], schf["EXPORT"], necessity=True)
    _same(got, frame(ref["result"]))
    for name, measures in ref["recomputed_unrounded"].items():
        for col in ("Cons.Nec", "Cov.Nec", "RoN"):
            assert got.loc[name, col] == pytest.approx(measures[col], abs=1e-12)


def test_setmethods_qcafit_sufficiency_with_haesebrouck_and_product(schf) -> None:
    ref = entry("QCAfit", "QCAfit_SCHF_conditions_suf_consH")
    got = qca_fit(schf[SCHF_CONDITIONS], schf["EXPORT"], cons_h=True, product=True)
    _same(got, frame(ref["result"]))
    unrounded = entry("QCAfit", "QCAfit_SCHF_conditions_nec")["recomputed_unrounded"]
    for name, measures in unrounded.items():
        assert got.loc[name, "Cons.Suf(H)"] == pytest.approx(measures["Cons.Suf.H"], abs=1e-12)
        assert got.loc[name, "PRI"] == pytest.approx(measures["PRI"], abs=1e-12)


def test_setmethods_qcafit_negated_outcome(schf) -> None:
    ref = entry("QCAfit", "QCAfit_SCHF_EMP_negout")
    got = qca_fit(1 - schf["EMP"], schf["EXPORT"], neg_out=True, cond_lab="~EMP", cons_h=True)
    _same(got, frame(ref["result"]))


def test_setmethods_qcafit_solution_and_rows(sol_yp) -> None:
    ref = entry("QCAfit", "QCAfit_SCHF_solution_consH")
    got = qca_fit(sol_yp, "EXPORT", cons_h=True)
    _same(got, frame(ref["result"]))
    for name, measures in ref["recomputed_unrounded"].items():
        for col in ("Cons.Suf", "Cov.Suf", "PRI", "Cons.Suf.H"):
            assert got.loc[name, COLUMNS.get(col, col)] == pytest.approx(measures[col], abs=1e-12)
    rows = qca_fit(sol_yp, ttrows=["2", "8", "10"], cons_h=True)
    _same(rows, frame(entry("QCAfit", "QCAfit_SCHF_ttrows")["result"]))


def test_haesebrouck_by_hand() -> None:
    # x = (1, 0.5), y = (0, 0.5): sum min = 0.5; penalty sqrt(1 * 1) = 1 -> 0.5 / 1.5
    assert haesebrouck_consistency([1, 0.5], [0, 0.5])[0] == pytest.approx(1 / 3)
    # perfectly consistent sets score 1, as Ragin's consistency
    assert haesebrouck_consistency([[0.2, 0.7]], [0.3, 0.9])[0] == pytest.approx(1.0)


def test_expression_input(schf) -> None:
    got = qca_fit("EMP*MA + ~STOCK", "EXPORT", schf)
    assert list(got.index) == ["EMP*MA", "~STOCK", "solution_formula"]
    x = np.maximum(np.minimum(schf["EMP"], schf["MA"]), 1 - schf["STOCK"])
    assert got.loc["solution_formula", "Cons.Suf"] == pytest.approx(
        np.minimum(x, schf["EXPORT"]).sum() / x.sum()
    )


def test_bad_input(schf, sol_yp) -> None:
    with pytest.raises(ArgumentError, match="cons_h"):
        qca_fit(schf["EMP"], schf["EXPORT"], necessity=True, cons_h=True)
    with pytest.raises(ArgumentError, match="ttrows"):
        qca_fit(sol_yp, ttrows=[99])
    with pytest.raises(ArgumentError, match="outcome"):
        qca_fit(schf["EMP"], schf["EXPORT"].iloc[:3])
    with pytest.raises(ArgumentError, match="model"):
        qca_fit(sol_yp, model=3)
