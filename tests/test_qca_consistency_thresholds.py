"""pi_cons, sol_cons, sol_cov in minimize (R QCA's CCubes semantics).

Known answers by hand on a small crisp table, and on R's LF data against an independent
brute-force search that applies the definitions with ``parameters_of_fit``:

- ``pi_cons``: by increasing number of literals, a cube holding a positive row and no shorter
  prime implicant is a prime implicant when inclS >= pi_cons (parsimonious: instead of the
  check against negative rows, as R's CCubes does);
- ``sol_cons`` / ``sol_cov``: the models are the combinations of prime implicants, by
  increasing size, that reach both thresholds and contain no smaller such combination.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import minimize, parameters_of_fit, truth_table
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import Expression, Literal, Term, parse_expression


@pytest.fixture(scope="module")
def small():
    # row A*B: 10 cases in Y; row A*~B: 1 case outside Y; row ~A*B: 3 cases outside Y
    rows = [(1, 1, 1)] * 10 + [(1, 0, 0)] + [(0, 1, 0)] * 3
    frame = pd.DataFrame(rows, columns=["A", "B", "Y"])
    frame.index = [f"c{i}" for i in range(len(frame))]
    return truth_table(frame, "Y")


@pytest.fixture(scope="module")
def lf_tt():
    return truth_table(load_dataset("LF"), "SURV", incl_cut=0.8)


def test_pi_cons_by_hand(small) -> None:
    # without pi_cons A and B each hold a negative row: only A*B is a prime implicant
    assert minimize(small, include="?").models == (parse_expression("A*B"),)
    # A has inclS 10/11 = 0.909 (B: 10/13 = 0.769): with pi_cons 0.9 it is a prime
    # implicant although it holds the negative row A*~B (R's CCubes), and it explains A*B
    assert minimize(small, include="?", pi_cons=0.9).models == (parse_expression("A"),)
    # at 0.95 neither A nor B qualifies; A*B (inclS 1) does
    assert minimize(small, include="?", pi_cons=0.95).models == (parse_expression("A*B"),)


def test_pi_cons_conservative_without_a_consistent_implicant(small) -> None:
    frame = pd.DataFrame([(1, 1, 1)] * 9 + [(1, 1, 0)] + [(0, 0, 0)], columns=["A", "B", "Y"])
    frame.index = [f"c{i}" for i in range(len(frame))]
    tt = truth_table(frame, "Y", incl_cut=0.8)  # A*B: inclS 0.9, OUT = 1
    assert minimize(tt, pi_cons=0.85).models == (parse_expression("A*B"),)
    with pytest.raises(QCAError, match="covers truth-table row"):
        minimize(tt, pi_cons=0.95)


def _cube_expressions(tt, positives):
    """Every cube (as an Expression) holding at least one positive row."""
    conds = tt.conditions
    seen = {}
    for size in range(1, len(conds) + 1):
        for support in itertools.combinations(range(len(conds)), size):
            for row in positives:
                term = Term(tuple(Literal(conds[j], frozenset({int(row[j])})) for j in support))
                seen.setdefault(term, size)
    return seen


def test_pi_cons_matches_brute_force_on_lf(lf_tt) -> None:
    data = lf_tt.data.assign(SURV=lf_tt.outcome_membership.to_numpy())
    positives = lf_tt.rows[lf_tt.rows["OUT"] == "1"][list(lf_tt.conditions)].to_numpy()
    primes: list[Term] = []
    for term, _ in sorted(_cube_expressions(lf_tt, positives).items(), key=lambda kv: kv[1]):
        if any(p.key <= term.key for p in primes):
            continue
        incl = parameters_of_fit(Expression((term,)), "SURV", data).iloc[0]["inclS"]
        if incl >= 0.8:
            primes.append(term)
    sol = minimize(lf_tt, include="?", pi_cons=0.8)
    assert {str(p) for p in sol.prime_implicants} == {str(p) for p in primes}


def test_sol_cons_matches_brute_force_on_lf(lf_tt) -> None:
    data = lf_tt.data.assign(SURV=lf_tt.outcome_membership.to_numpy())
    plain = minimize(lf_tt, include="?")
    pis = [e.terms[0] for e in plain.prime_implicants]
    expected = []
    for size in range(1, len(pis) + 1):
        for combo in itertools.combinations(range(len(pis)), size):
            if any(set(f) <= set(combo) for f in expected):
                continue
            fit = parameters_of_fit(Expression(tuple(pis[i] for i in combo)), "SURV", data)
            row = fit.iloc[-1]
            if row["inclS"] >= 0.8 and row["covS"] >= 0.6:
                expected.append(combo)
    sol = minimize(lf_tt, include="?", sol_cons=0.8, sol_cov=0.6)
    assert set(sol.models) == {Expression(tuple(pis[i] for i in c)) for c in expected}
    assert (sol.model_fit["inclS"] >= 0.8).all() and (sol.model_fit["covS"] >= 0.6).all()
    shallow = minimize(lf_tt, include="?", sol_cons=0.8, sol_cov=0.5, sol_depth=1)
    assert shallow.models == (parse_expression("URB*STB"),)
    with pytest.raises(QCAError, match="no combination"):  # two terms are needed for 0.6
        minimize(lf_tt, include="?", sol_cons=0.8, sol_cov=0.6, sol_depth=1)


def test_sol_cons_conservative_filters_models(lf_tt) -> None:
    plain = minimize(lf_tt)
    incl = plain.model_fit.loc["M1", "inclS"]
    assert minimize(lf_tt, sol_cons=incl - 0.01).models == plain.models
    with pytest.raises(QCAError, match="no minimal model reaches sol_cons"):
        minimize(lf_tt, sol_cons=incl + 0.01)


def test_sol_cov_defaults_to_full_coverage_as_in_r(lf_tt) -> None:
    with pytest.raises(QCAError, match="no combination of prime implicants reaches"):
        minimize(lf_tt, include="?", sol_cons=0.8)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"pi_cons": 1.5}, "pi_cons"),
        ({"sol_cons": -0.1}, "sol_cons"),
        ({"sol_cov": 0.5}, "sol_cov"),
        ({"sol_cons": 0.8, "sol_depth": 0}, "sol_depth"),
        ({"pi_cons": 0.8, "dir_exp": "DEV"}, "pi_cons"),
    ],
)
def test_bad_thresholds(lf_tt, kwargs, argument) -> None:
    with pytest.raises(ArgumentError, match=f"argument '{argument}'"):
        minimize(lf_tt, include="?", **kwargs)
