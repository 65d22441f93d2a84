"""Robustness protocol: case deletion, the one-call protocol, hand-worked figures and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import (
    minimize,
    pimdata,
    rob_calibrange,
    rob_case_deletion,
    rob_cases,
    rob_fit,
    rob_inclrange,
    rob_ncutrange,
    robustness_protocol,
    truth_table,
)
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import parse_expression


@pytest.fixture(scope="module")
def lf() -> pd.DataFrame:
    return load_dataset("LF")


def _sol(data: pd.DataFrame, incl_cut: float = 0.8):
    return minimize(truth_table(data, "SURV", incl_cut=incl_cut), include="?")


def test_rob_fit_by_hand_for_a_test_solution_inside_the_initial_one(lf) -> None:
    initial, test = _sol(lf), _sol(lf, 0.9)
    assert str(initial.models[0]) == "DEV*~IND + URB*STB"
    assert str(test.models[0]) == "URB*STB"
    s1 = pimdata(initial)["solution_formula"].to_numpy()
    ts = pimdata(test)["solution_formula"].to_numpy()
    y = lf["SURV"].to_numpy()
    core = np.minimum(s1, ts)  # = ts: URB*STB is part of the initial solution
    np.testing.assert_allclose(core, ts)
    got = rob_fit(test, initial).iloc[0]
    cov = lambda x: np.minimum(x, y).sum() / y.sum()  # noqa: E731
    cons = lambda x: np.minimum(x, y).sum() / x.sum()  # noqa: E731
    assert got["RF_cov"] == pytest.approx(cov(ts) / cov(s1))
    assert got["RF_cons"] == pytest.approx(cons(s1) / cons(ts))
    assert got["RF_SC_minTS"] == pytest.approx(ts.sum() / s1.sum())
    assert got["RF_SC_maxTS"] == pytest.approx(ts.sum() / s1.sum())


def test_identical_test_solution_is_perfectly_robust(lf) -> None:
    initial = _sol(lf)
    got = rob_fit(_sol(lf, 0.75), initial).iloc[0]
    assert got.tolist() == pytest.approx([1.0, 1.0, 1.0, 1.0])
    rc = rob_cases(_sol(lf, 0.75), initial)
    assert rc.parameters.iloc[0]["RCC_Rank"] == 1
    assert rc.types.loc[["S1s2Y", "S1s2y", "s1S2Y", "s1S2y"], "n"].sum() == 0


def test_case_deletion_reruns_without_each_case(lf) -> None:
    out = rob_case_deletion(lf, "SURV", incl_cut=0.8)
    assert out.index.tolist() == lf.index.tolist()
    initial = _sol(lf)
    for case in ("AU", "FI", "BE"):
        direct = _sol(lf.drop(index=case))
        assert out.loc[case, "solution"] == str(direct.models[0])
        same = {str(t) for t in direct.models[0].terms} == {str(t) for t in initial.models[0].terms}
        assert out.loc[case, "same"] == same
        # fit of the reduced-data solution on all cases
        x = direct.models[0].membership(lf).to_numpy()
        y = lf["SURV"].to_numpy()
        assert out.loc[case, "inclS"] == pytest.approx(np.minimum(x, y).sum() / x.sum())
    assert out.loc["BE", "same"] and not out.loc["FI", "same"]


def test_case_deletion_reports_runs_without_a_solution() -> None:
    df = pd.DataFrame(
        {"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 0, 0, 0]}, index=["w", "x", "y", "z"]
    )
    out = rob_case_deletion(df, "Y", incl_cut=1, include="?")
    assert out.loc["w", "solution"].startswith("none (")
    assert not out.loc["w", "same"] and np.isnan(out.loc["w", "inclS"])
    assert out.loc["x", "solution"] == "A"  # without x, A alone is sufficient


def test_protocol_robust_core_is_the_minimum_of_all_solutions(lf) -> None:
    p = robustness_protocol(lf, "SURV", incl_cut=0.8, incl_cuts=[0.75, 0.9], n_cuts=[2])
    assert p.tests["kind"].tolist()[:3] == ["incl_cut", "incl_cut", "n_cut"]
    assert (p.tests["kind"] == "case deletion").sum() == len(lf)
    assert p.tests["used"].all()
    # the Boolean robust core and the fuzzy minimum of IS and every TS agree case by case
    core = parse_expression(str(p.robust_core)).membership(lf).to_numpy()
    np.testing.assert_allclose(core, p.cases.memberships["IS*minTS"], atol=1e-12)
    summary = p.summary().iloc[0]
    assert summary["initial_solution"] == "DEV*~IND + URB*STB"
    assert summary["tests"] == len(p.tests)
    assert p.ranges.loc["n_cut", "value"] == 1
    assert p.singletest.index.isin(p.tests["test"]).all()


def test_protocol_with_alternative_calibrations_uses_their_own_memberships(lf) -> None:
    shifted = lf.copy()
    shifted["URB"] = (lf["URB"] * 0.9).round(2)
    p = robustness_protocol(
        lf,
        "SURV",
        incl_cut=0.8,
        test_data={"URB x 0.9": shifted},
        case_deletion=False,
        ranges=False,
    )
    assert p.ranges is None
    ts = pimdata(p.test_solutions["URB x 0.9"])["solution_formula"].to_numpy()
    np.testing.assert_allclose(p.cases.memberships["minTS"], ts)


def test_protocol_keeps_tests_without_a_solution_out_of_the_fit(lf) -> None:
    p = robustness_protocol(lf, "SURV", incl_cut=0.8, incl_cuts=[0.99], case_deletion=False)
    assert not p.tests["used"].any()
    assert p.tests["solution"].iloc[0].startswith("none (")
    assert p.fit is None and p.robust_core is None
    assert "Robustness of" in repr(p)


# --------------------------------------------------------------------------- bad input
def test_unknown_conditions_name_the_argument(lf) -> None:
    with pytest.raises(QCAError, match="argument 'conditions'.*'XYZ'"):
        rob_inclrange(lf, "SURV", ["DEV", "XYZ"], incl_cut=0.8)
    with pytest.raises(QCAError, match="argument 'conditions'"):
        robustness_protocol(lf, "SURV", "DEV, NOPE", incl_cut=0.8)


def test_no_analysable_truth_table_is_an_error(lf) -> None:
    with pytest.raises(QCAError):
        rob_ncutrange(lf, "SURV", incl_cut=0.999)
    with pytest.raises(QCAError):
        rob_case_deletion(lf, "SURV", incl_cut=0.8, n_cut=50)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [({"step": 0}, "step"), ({"step": -0.1}, "step"), ({"max_runs": 0}, "max_runs")],
)
def test_bad_search_settings(lf, kwargs, argument) -> None:
    with pytest.raises(ArgumentError, match=f"argument '{argument}'"):
        rob_inclrange(lf, "SURV", incl_cut=0.8, **kwargs)


def test_bad_solutions_and_cases(lf) -> None:
    initial = _sol(lf)
    with pytest.raises(ArgumentError, match="argument 'test_sol'"):
        rob_fit("URB*STB", initial)
    with pytest.raises(ArgumentError, match="argument 'test_sol'"):
        rob_fit([], initial)
    with pytest.raises(ArgumentError, match="argument 'initial_sol'"):
        rob_fit(initial, None)
    with pytest.raises(ArgumentError, match="argument 'cases'"):
        rob_case_deletion(lf, "SURV", incl_cut=0.8, cases=["Atlantis"])
    with pytest.raises(ArgumentError, match="test_data"):
        robustness_protocol(lf, "SURV", incl_cut=0.8, test_data={"x": lf.iloc[:5]})


def test_bad_calibration_arguments(lf) -> None:
    raw = pd.DataFrame({"X": np.arange(len(lf), dtype=float)}, index=lf.index)
    cal = lf.assign(X=0.5)
    with pytest.raises(ArgumentError, match="argument 'kind'"):
        rob_calibrange(raw, cal, "X", "X", (1, 5, 9), outcome="SURV", kind="fuzy")
    with pytest.raises(ArgumentError, match="argument 'test_thresholds'"):
        rob_calibrange(raw, cal, "X", "X", (1, 5), outcome="SURV")
    with pytest.raises(QCAError, match="argument 'test_cond_raw'"):
        rob_calibrange(raw, cal, "Y", "X", (1, 5, 9), outcome="SURV")
    with pytest.raises(ArgumentError, match="argument 'raw_data'"):
        rob_calibrange(raw.iloc[::-1], cal, "X", "X", (1, 5, 9), outcome="SURV")
