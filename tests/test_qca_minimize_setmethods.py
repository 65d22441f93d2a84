"""Solutions the SetMethods reference builds on, against R QCA 3.25 (setmethods known answers).

``tests/data/setmethods/minimize.json``: parsimonious solutions of SCHF (for EXPORT and for
~EXPORT, with model ambiguity), their simplifying assumptions (R's ``$SA``), the intermediate
solution with every condition expected absent (``dir.exp = c(0,0,0,0,0,0)``: models and easy
counterfactuals of C1P1) and the LF solutions used by ``LR.intersect``.
"""

from __future__ import annotations

import pytest
from qca_setmethods_reference import SCHF_CONDITIONS, entry, frame, load, r3

from smartcase.qca import minimize, truth_table
from smartcase.qca.expression import parse_expression


def _expr(terms: list[str]):
    return parse_expression(" + ".join(terms))


def _solve(entry_id: str):
    if entry_id.startswith("min_SCHF"):
        outcome = "~EXPORT" if entry_id == "min_SCHF_nyp" else "EXPORT"
        tt = truth_table(load("SCHF"), outcome, SCHF_CONDITIONS, incl_cut=0.9)
        kw = {"dir_exp": [0] * 6} if entry_id == "min_SCHF_yi" else {}
    else:
        outcome = "~SURV" if entry_id == "min_LF_nps" else "SURV"
        tt = truth_table(load("LF"), outcome, incl_cut=0.8)
        kw = {}
    return minimize(tt, include="?", **kw)


IDS = ["min_SCHF_yp", "min_SCHF_nyp", "min_SCHF_yi", "min_LF_ps", "min_LF_nps"]


@pytest.mark.parametrize("entry_id", IDS)
def test_setmethods_solutions_match_r(entry_id: str) -> None:
    result = entry("minimize", entry_id)["result"]
    sol = _solve(entry_id)
    pars = sol.parsimonious if sol.kind == "intermediate" else sol
    assert pars.models == tuple(_expr(m) for m in result["solution"])
    sa = pars.simplifying_assumptions
    assert {k: v.index.tolist() for k, v in sa.items()} == {
        k: [int(r) for r in rows] for k, rows in result["SA"].items()
    }
    if "terms" in result:
        fit = frame(result["terms"])
        for term, row in fit.iterrows():
            got = pars.fit.loc[str(parse_expression(term, pars.conditions))]
            for col in ("inclS", "PRI", "covS", "covU"):
                assert r3(got[col]) == r3(row[col]), (term, col)


def test_setmethods_intermediate_all_expected_absent() -> None:
    expected = entry("minimize", "min_SCHF_yi")["result"]["intermediate"]["C1P1"]
    sol = _solve("min_SCHF_yi")
    assert list(sol.pairs) == ["C1P1"]
    assert set(sol.pairs["C1P1"].models) == {_expr(m) for m in expected["solution"]}
    assert sol.models[0] == _expr(expected["solution"][0])  # R's first model first
    ec = sol.easy_counterfactuals["C1P1"].index.tolist()
    assert ec == [int(r) for r in expected["EC"]]
