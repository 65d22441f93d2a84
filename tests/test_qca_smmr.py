"""Case selection: case types, hand-worked Best scores, R's string order and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import case_types, minimize, smmr, truth_table
from smartcase.qca.case_selection import CASE_TYPES, _rkey
from smartcase.qca.datasets import load_dataset


@pytest.fixture(scope="module")
def lf_sol():
    return minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")


def test_case_types_follow_the_quadrants(lf_sol) -> None:
    ct = case_types(lf_sol)
    s, y = ct["solution"], ct["outcome"]
    assert set(ct["type"]) <= set(CASE_TYPES) | {""}
    assert (ct.loc[ct["type"] == "typical", "solution"] <= y[ct["type"] == "typical"]).all()
    dig = ct["type"] == "deviant in degree"
    assert ((s[dig] > y[dig]) & (y[dig] > 0.5)).all()
    assert ct.loc["FR", "type"] == "deviant coverage"  # S 0.19, SURV 0.95
    assert ct.loc["IE", "terms"] == "DEV*~IND"
    # the typical cases are those smmr lists, and no others
    typical = smmr(lf_sol, cases=1)["Typical Cases"]
    assert set(typical["Case"]) == set(ct.index[ct["type"] == "typical"])


def test_best_scores_by_hand(lf_sol) -> None:
    typical = smmr(lf_sol, cases=1)["Typical Cases"].set_index("Case")
    # IE: X = 0.72, Y = 0.92 -> 2 (Y - X) + (1 - X) = 0.40 + 0.28
    assert typical.loc["IE", "Best"] == pytest.approx(0.68)
    dcv = smmr(lf_sol, cases=4)["Deviant Coverage Cases"].set_index("Case")
    # membership in the case's own truth-table row: min over conditions of max(c, 1 - c)
    lf = load_dataset("LF").drop(columns="SURV")
    row = lf.loc["FR"].where(lf.loc["FR"] >= 0.5, 1 - lf.loc["FR"]).min()
    assert dcv.loc["FR", "TT_row"] == pytest.approx(round(row, 3))
    assert dcv.loc["FR", "Best"] == pytest.approx(round(1 - row, 3))
    drel = smmr(lf_sol, necessity=True, nec_cond="STB", cases=3)["STB"].set_index("Case")
    # EE: STB 0.91, SURV 0.12 -> (1 - (0.91 - 0.12)) + (1 - 0.91) = 0.21 + 0.09
    assert drel.loc["EE", "Best"] == pytest.approx(0.30)


def test_focal_conjunct_blocks_and_term_by_name(lf_sol) -> None:
    by_number = smmr(lf_sol, cases=2, term=1)
    by_name = smmr(lf_sol, cases=2, term="URB*STB")
    assert list(by_number) == list(by_name)
    for key in by_number:
        pd.testing.assert_frame_equal(by_number[key], by_name[key])


def test_r_string_order() -> None:
    terms = ["BARGAIN*UNI*STOCK", "~OCCUP*STOCK*~MA", "~EMP*OCCUP"]
    assert sorted(terms, key=_rkey) == ["~EMP*OCCUP", "~OCCUP*STOCK*~MA", "BARGAIN*UNI*STOCK"]
    assert sorted(["New Zealand_03", "Netherlands_99", "Italy_95", "Italy_03"], key=_rkey) == [
        "Italy_03",
        "Italy_95",
        "Netherlands_99",
        "New Zealand_03",
    ]


def test_bad_input(lf_sol) -> None:
    with pytest.raises(ArgumentError, match="argument 'cases'"):
        smmr(lf_sol, cases=6)
    with pytest.raises(ArgumentError, match="argument 'cases'"):
        smmr(lf_sol, necessity=True, nec_cond="STB", match=True, cases=5)
    with pytest.raises(ArgumentError, match="argument 'term'"):
        smmr(lf_sol, cases=2, term=5)
    with pytest.raises(ArgumentError, match="argument 'term'"):
        smmr(lf_sol, cases=2, term="DEV*URB")
    with pytest.raises(ArgumentError, match="argument 'nec_cond'"):
        smmr(lf_sol, necessity=True)
    with pytest.raises(QCAError, match="argument 'nec_cond'.*'GDP'"):
        smmr(lf_sol, necessity=True, nec_cond="STB+GDP")
    with pytest.raises(ArgumentError, match="argument 'solution'"):
        smmr("DEV*STB")
    with pytest.raises(ArgumentError, match="argument 'max_pairs'"):
        smmr(lf_sol, match=True, max_pairs=0)


def test_multivalue_conditions_are_refused() -> None:
    lm = load_dataset("LM")
    sol = minimize(truth_table(lm, "SURV", incl_cut=1), include="?")
    with pytest.raises(QCAError, match="multi-value"):
        smmr(sol, cases=1)


def test_xy_plot_marks_each_case_with_its_type(lf_sol) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from smartcase.qca import xy_plot_case_types
    from smartcase.qca.plots import CASE_TYPE_COLORS

    ax = xy_plot_case_types(lf_sol)
    points = ax.collections[0]
    ct = case_types(lf_sol)
    np.testing.assert_allclose(points.get_offsets()[:, 0], ct["solution"])
    got = [to_hex(c) for c in points.get_facecolors()]
    assert got == [CASE_TYPE_COLORS[k].lower() for k in ct["type"]]
    assert ax.get_xlabel() == "DEV*~IND + URB*STB" and ax.get_ylabel() == "SURV"
    ax2 = xy_plot_case_types(lf_sol, term="DEV*~IND", legend=False)
    assert ax2.get_legend() is None and ax2.get_xlabel() == "DEV*~IND"
    with pytest.raises(ArgumentError, match="argument 'term'"):
        xy_plot_case_types(lf_sol, term="URB")
    plt.close("all")
