"""Tests of smartcase.qca.minimize: API, options, model ambiguity, caps and bad input.

The known answers from R for every reference analysis are in
``test_qca_conformance_sufficiency.py``.
"""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import parse_expression
from smartcase.qca.minimization import QCAWarning, Solution, minimize
from smartcase.qca.truthtable import truth_table

engine = importlib.import_module("smartcase.qca.minimization")
#: R QCA's random benchmark inputs (copied from the reference kit; see benchmarks/README.md)
RANDOM = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "qca_random"


@pytest.fixture(scope="module")
def lc_tt():
    return truth_table(load_dataset("LC"), "SURV")


@pytest.fixture(scope="module")
def lf_tt():
    return truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)


def test_solution_structure(lc_tt) -> None:
    sol = minimize(lc_tt, include="?")
    assert isinstance(sol, Solution) and sol.kind == "parsimonious"
    assert sol.models == (parse_expression("DEV*STB"),)
    assert sol.essential == (parse_expression("DEV*STB"),)
    assert sol.n_models == 1 and sol.n_models_exact and not sol.models_truncated
    assert sol.pi_chart.columns.tolist() == [22, 24, 32]
    pis = [str(p) for p in sol.prime_implicants]
    assert "DEV*STB" in pis and pis == sol.pi_chart.index.tolist()
    assert sol.pi_chart.loc["DEV*STB"].all()
    assert sol.model_fit.index.tolist() == ["M1"]
    assert sol.fit.columns.tolist() == ["inclS", "PRI", "covS", "covU", "cases"]
    assert sol.easy_counterfactuals == {} and sol.pairs == {}


def test_conservative_uses_no_remainder(lc_tt) -> None:
    sol = minimize(lc_tt)
    assert sol.kind == "conservative" and sol.simplifying_assumptions == {}
    rows = lc_tt.rows
    configs = rows[list(lc_tt.conditions)]
    covered = sol.models[0].membership(configs) > 0.5
    assert set(rows.index[covered.to_numpy()]) == {22, 24, 32}


def test_repr_html_and_to_frame(lf_tt) -> None:
    sol = minimize(lf_tt, include="?")
    text = repr(sol)
    assert text.startswith("Parsimonious solution for SURV (1 model)")
    assert "M1: DEV*~IND + URB*STB -> SURV" in text and "0.850" in text
    assert "<table" in sol._repr_html_()
    frame = sol.to_frame()
    assert frame.columns.tolist() == [
        "solution",
        "model",
        "term",
        "inclS",
        "PRI",
        "covS",
        "covU",
        "cases",
    ]
    assert frame["term"].tolist() == ["DEV*~IND", "URB*STB", ""]
    assert round(frame["covS"].iloc[-1], 3) == 0.714


def test_intermediate_structure(lf_tt) -> None:
    sol = minimize(lf_tt, include="?", dir_exp="DEV, URB, LIT, IND, STB")
    assert sol.kind == "intermediate" and list(sol.pairs) == ["C1P1"]
    assert sol.conservative is not None and sol.conservative.kind == "conservative"
    assert sol.parsimonious is not None and sol.parsimonious.kind == "parsimonious"
    assert sol.easy_counterfactuals["C1P1"].index.tolist() == [30]
    assert sol.dir_exp == {c: (1,) for c in lf_tt.conditions}
    assert "From C1P1:" in repr(sol) and "From C1P1" in sol._repr_html_()
    assert set(sol.to_frame()["solution"]) == {"C1P1"}
    assert sol.simplifying_assumptions["M1"].index.tolist()[0] == 10


def test_directional_expectation_forms_agree(lf_tt) -> None:
    # individual expectations DEV, STB, ~LIT, IND (URB none), in three forms; by hand:
    # DEV*~URB*LIT*~IND*STB lies in DEV*~IND, LIT contradicts -> remainder 18 is easy;
    # DEV*URB*LIT*IND*STB lies in URB*STB, LIT contradicts -> remainder 28 is easy
    by_string = minimize(lf_tt, include="?", dir_exp="DEV, STB, ~LIT, IND")
    by_mapping = minimize(
        lf_tt, include="?", dir_exp={"DEV": 1, "STB": "1", "LIT": 0, "IND": 1, "URB": "-"}
    )
    by_positions = minimize(lf_tt, include="?", dir_exp=[1, "-", 0, 1, 1])
    assert by_string.models == by_mapping.models == by_positions.models
    assert by_string.easy_counterfactuals["C1P1"].index.tolist() == [18, 28]
    assert by_string.models == (parse_expression("DEV*~URB*~IND*STB + DEV*URB*IND*STB"),)
    # the conjunctural expectation ~LIT*IND drops IND as well in the second term (R: EC 18,
    # 26, 28, 30; see the conformance suite)
    conj = minimize(lf_tt, include="?", dir_exp="DEV, STB, ~LIT*IND")
    assert conj.models == (parse_expression("DEV*URB*STB + DEV*~IND*STB"),)


def test_no_expectation_gives_conservative(lf_tt) -> None:
    # R: with every expectation "-" the intermediate solution is the conservative one
    sol = minimize(lf_tt, include="?", dir_exp="-,-,-,-,-")
    assert sol.models == minimize(lf_tt).models
    assert sol.easy_counterfactuals["C1P1"].empty


def test_multivalue_models_print_in_bracket_notation() -> None:
    tt = truth_table(load_dataset("LM"), "SURV", ["DEV", "URB", "LIT", "IND"])
    assert [str(m) for m in minimize(tt, include="?").models] == ["DEV[2] + DEV[1]*IND[0]"]


def test_include_contradictions() -> None:
    data = pd.DataFrame({"A": [1, 1, 1, 0, 0], "B": [1, 1, 0, 1, 0], "Y": [1, 1, 1, 0, 0]})
    data.loc[5] = [1, 0, 0]
    tt = truth_table(data, "Y", incl_cut=(1, 0.5))
    assert tt.table.loc[3, "OUT"] == "C"
    assert minimize(tt).models == (parse_expression("A*B"),)
    assert minimize(tt, include="C").models == (parse_expression("A"),)
    assert minimize(tt, include="?, C").include == "?C"


def test_model_cap_warns_and_counts() -> None:
    data = pd.read_csv(RANDOM / "rand_cs_k08_n0300.csv")
    tt = truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51)
    with pytest.warns(QCAWarning, match="74 minimal models, the first 5 kept"):
        sol = minimize(tt, max_models=5)
    assert sol.n_models == 74 and sol.n_models_exact and len(sol.models) == 5
    assert sol.models_truncated and "(74 minimal models; the first 5 kept)" in repr(sol)
    assert all(len(m) == len(sol.models[0]) for m in sol.models)


def test_row_dominance_and_all_solutions_on_krook() -> None:
    tt = truth_table(load_dataset("Krook"), "WNP")
    assert minimize(tt, include="?").n_models == 2
    dominated = minimize(tt, include="?", row_dom=True)
    # ~ES*LP covers NZ, DE; WM*LP covers those and more: only the second survives
    assert dominated.models == (parse_expression("WS + ES*WM + QU*LP + WM*LP"),)
    all_sol = minimize(tt, include="?", all_sol=True)
    assert set(minimize(tt, include="?").models) <= set(all_sol.models)


def test_prime_implicant_methods_agree(lf_tt) -> None:
    status = engine._status(lf_tt, "?")
    dp = engine._prime_implicants(status, lf_tt.levels, method="dp")
    lw = engine._prime_implicants(status, lf_tt.levels, method="levelwise")
    assert {tuple(r) for r in dp} == {tuple(r) for r in lw}


def test_chart_parts_multiply(lc_tt) -> None:
    chart = np.array(
        [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1], [0, 0, 1, 1]], dtype=bool
    )
    models, count, exact, bounds = engine._solve_chart(
        chart, all_sol=False, row_dom=False, max_models=100, max_nodes=1000
    )
    assert (count, exact, bounds) == (6, True, None)
    assert models[0] == (0, 2) and len(models) == 6


def test_does_not_mutate_truth_table(lc_tt) -> None:
    before = lc_tt.rows.copy()
    minimize(lc_tt, include="?", dir_exp="DEV, URB, LIT, IND, STB")
    pd.testing.assert_frame_equal(lc_tt.rows, before)


# --------------------------------------------------------------------------- bad input
def test_bad_no_positive_configuration(lc_tt) -> None:
    tt = truth_table(load_dataset("LF"), "SURV", incl_cut=0.95)
    with pytest.raises(QCAError, match=r"no configuration has OUT = 1.*incl_cut 0.95"):
        minimize(tt)


def test_bad_contradictory_directional_expectations(lc_tt) -> None:
    with pytest.raises(QCAError, match="contradictory directional expectations for 'DEV'"):
        minimize(lc_tt, include="?", dir_exp="DEV, STB, ~DEV")
    with pytest.raises(QCAError, match="contradictory"):
        minimize(lc_tt, include="?", dir_exp="DEV*~DEV")


@pytest.mark.parametrize(
    ("dir_exp", "message"),
    [
        ("DEV, GDP", "unknown condition 'GDP'"),
        ({"GDP": 1}, "unknown condition 'GDP'"),
        ("1,0,1", "one expectation per condition"),
        ({"DEV": 3}, "value 3"),
        ({"DEV": "yes"}, "expected 0, 1, '-'"),
        ("DEV + STB", "separate expectations with commas"),
        (42, "expected a mapping"),
    ],
)
def test_bad_directional_expectations(lc_tt, dir_exp, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        minimize(lc_tt, include="?", dir_exp=dir_exp)


def test_bad_expectations_without_remainders(lc_tt) -> None:
    with pytest.raises(QCAError, match="need the remainders"):
        minimize(lc_tt, dir_exp="DEV")


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"include": "1"}, "include"),
        ({"max_models": 0}, "max_models"),
        ({"max_nodes": -1}, "max_nodes"),
        ({"max_pairs": 0}, "max_pairs"),
    ],
)
def test_bad_arguments(lc_tt, kwargs: dict, argument: str) -> None:
    with pytest.raises(ArgumentError, match=f"argument '{argument}'"):
        minimize(lc_tt, **kwargs)
    with pytest.raises(ArgumentError, match="TruthTable"):
        minimize(load_dataset("LC"))  # type: ignore[arg-type]


def test_no_warning_for_single_model(lc_tt) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        minimize(lc_tt)


def test_pair_cap_warns() -> None:
    data = pd.read_csv(RANDOM / "rand_cs_k08_n0300.csv")
    tt = truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51)
    with pytest.warns(QCAWarning) as record:
        sol = minimize(tt, include="?", dir_exp={f"X{i}": 1 for i in range(1, 9)}, max_pairs=3)
    messages = [str(w.message) for w in record]
    assert any("74 conservative x parsimonious pairs, the first 3 computed" in m for m in messages)
    assert list(sol.pairs) == ["C1P1", "C2P1", "C3P1"]


def test_unproven_minimum_is_reported_as_bounds(monkeypatch) -> None:
    # with the deterministic integer programme off (every chart counts as large) and no time
    # for the large-chart search, a hard chart keeps a gap
    monkeypatch.setattr(engine, "_MILP_FULL_PIS", 0)
    monkeypatch.setattr(engine, "_MILP_FULL_COLS", 0)
    data = pd.read_csv(RANDOM / "rand_cs_k10_n3000.csv")
    tt = truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51)
    with pytest.warns(QCAWarning, match="minimum number of prime implicants"):
        sol = minimize(tt, time_limit=0)
    low, high = sol.minimum_bounds
    assert low < high and all(len(m) == high for m in sol.models)
    assert "minimum not proven" in repr(sol)
    # the exact minimum, proven with the integer programme on, is 29 PIs
    assert low <= 29 <= high


def test_many_pis_over_few_rows_get_a_proven_minimum() -> None:
    # 10,842 PIs over 135 positive rows: too many PIs for the branch and bound, few enough rows
    # for the integer programme. The greedy cover has 11 PIs; the LP bound is 9.34, so a cover of
    # 10 PIs is a proven minimum (checked independently with scipy.optimize.milp on the chart).
    data = pd.read_csv(RANDOM / "rand_csn_k14_n0300.csv")
    tt = truth_table(data, "Y", incl_cut=0.8, pri_cut=0.51)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", QCAWarning)
        sol = minimize(tt, include="?", max_models=5)
    assert sol.minimum_bounds is None
    assert {len(m) for m in sol.models} == {10}


def test_lp_guided_cover_beats_greedy_on_large_charts(monkeypatch) -> None:
    # rows 0-6 ("top") and 7-13 ("bottom"); T and B cover one half each (the minimum, 2 PIs).
    # C1 covers 4 + 4 rows, C2 2 + 2, C3 1 + 1: the greedy rule takes C1, C2, C3 (3 PIs). The
    # LP optimum puts weight 1 on T and B, and the LP-weighted greedy finds the cover of 2.
    chart = np.zeros((5, 14), dtype=bool)
    chart[0, :7] = True  # T
    chart[1, 7:] = True  # B
    chart[2, [0, 1, 2, 3, 7, 8, 9, 10]] = True  # C1
    chart[3, [4, 5, 11, 12]] = True  # C2
    chart[4, [6, 13]] = True  # C3
    assert len(engine._greedy_cover(chart)) == 3
    # as a large chart (no deterministic integer programme) and without time for the search
    monkeypatch.setattr(engine, "_MILP_FULL_PIS", 0)
    monkeypatch.setattr(engine, "_MILP_FULL_COLS", 0)
    monkeypatch.setattr(engine, "_BB_MAX_PIS", 0)  # no chart reduction either
    size, cover, lower = engine._min_cover(chart, engine._Budget(0.0))
    assert (size, cover, lower) == (2, (0, 1), 2)


def test_time_limit_is_checked(lc_tt) -> None:
    with pytest.raises(ArgumentError, match="argument 'time_limit'"):
        minimize(lc_tt, time_limit=-1)
    with pytest.raises(ArgumentError, match="argument 'time_limit'"):
        minimize(lc_tt, time_limit=float("inf"))
