"""Theory evaluation against SetMethods 4.0 (the setmethods known answers) and bad input.

R's call: ``theory.evaluation(theory = "~EMP*MA", empirics = sol_yi, outcome = "EXPORT")`` on
SCHF, ``sol_yi`` the intermediate solution with ``dir.exp = c(0,0,0,0,0,0)``.
"""

from __future__ import annotations

import numpy as np
import pytest
from qca_setmethods_reference import SCHF_CONDITIONS, entry, frame, load

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import minimize, theory_evaluation, truth_table

REF = "theory.evaluation_SCHF_noconsH"


@pytest.fixture(scope="module")
def te():
    schf = load("SCHF")
    sol = minimize(
        truth_table(schf, "EXPORT", SCHF_CONDITIONS, incl_cut=0.9), include="?", dir_exp=[0] * 6
    )
    expected = entry("theory.evaluation", "min_SCHF_yi")["result"]["intermediate"]["C1P1"]
    assert {str(t) for t in sol.models[0].terms} == set(expected["solution"][0])
    return theory_evaluation("~EMP*MA", sol, cons_h=True)


def test_setmethods_theory_evaluation_data(te) -> None:
    ref = frame(entry("theory.evaluation", REF)["result"]["data"])
    assert te.data.columns.tolist() == ref.columns.tolist()
    np.testing.assert_allclose(te.data.loc[ref.index, ref.columns], ref, atol=1e-9)


def test_setmethods_theory_evaluation_fit(te) -> None:
    ref = frame(entry("theory.evaluation", REF)["result"]["fit"])
    assert te.fit.index.tolist() == ref.index.tolist()
    np.testing.assert_allclose(te.fit[ref.columns].round(3), ref, atol=1e-9)
    exact = entry("theory.evaluation", REF)["recomputed_unrounded_fit"]
    for row, values in exact.items():
        assert te.fit.loc[row, "Cons.Suf(H)"] == pytest.approx(values["Cons.Suf.H"], abs=1e-12)


def test_setmethods_theory_evaluation_intersections(te) -> None:
    ref = entry("theory.evaluation", REF)["result"]["intersections"]
    for key, col in (("TE", "T*S"), ("tE", "~T*S"), ("Te", "T*~S"), ("te", "~T*~S")):
        assert te.intersections[col] == ref[key][0]


def test_setmethods_theory_evaluation_cases(te) -> None:
    ref = entry("theory.evaluation", REF)["result"]
    for key, block in ref["cases"].items():
        got = te.cases.loc[key, "cases"].split(",") if te.cases.loc[key, "n"] else []
        assert "Boolean Expression: " + te.cases.loc[key, "expression"] == block["Boolean"]
        if key == "TS~Y":
            continue  # see the next test
        assert got == block["CaseNames"], key
        share = float(block["CaseNo2"].split("=")[-1].strip(" %")) / 100
        assert round(te.cases.loc[key, "share_side"], 4) == pytest.approx(share, abs=1e-9)


def test_setmethods_inconsistent_most_likely_follows_rs_own_data(te) -> None:
    """R lists no case for T*S with Y < 0.5, but its own data table has four."""
    ref = entry("theory.evaluation", REF)["result"]
    assert ref["cases"]["TS~Y"]["CaseNames"] == ["No cases in this intersection"]
    data = frame(ref["data"])
    by_definition = data.index[(data["T*S"] > 0.5) & (data["Outcome"] < 0.5)].tolist()
    assert by_definition == ["Switzerland_90", "Australia_95", "Australia_99", "Australia_03"]
    assert te.cases.loc["TS~Y", "cases"].split(",") == by_definition


def test_setmethods_consh_error_in_r_is_recorded() -> None:
    assert entry("theory.evaluation", "theory.evaluation_SCHF")["status"] == "error"


def test_theory_bad_input(te) -> None:
    schf = load("SCHF")
    sol = minimize(truth_table(schf, "EXPORT", SCHF_CONDITIONS, incl_cut=0.9), include="?")
    with pytest.raises(QCAError, match="argument 'theory'.*'GDP'"):
        theory_evaluation("GDP*MA", sol)
    with pytest.raises(QCAError, match="argument 'theory'"):
        theory_evaluation("EMP*(MA", sol)
    with pytest.raises(ArgumentError, match="argument 'empirics'"):
        theory_evaluation("EMP", "EMP*MA")
    with pytest.raises(ArgumentError, match="argument 'theory'"):
        theory_evaluation(["EMP"], sol)
    with pytest.raises(ArgumentError, match="argument 'model'"):
        theory_evaluation("EMP", sol, model=3)
