"""Boolean algebra on expressions: parentheses, negate, simplify, intersection, factorize.

Known answers: the Boolean strings R (admisc 0.39 via SetMethods 4.0) printed for
``theory.evaluation`` and ``rob.cases`` (``tests/data/setmethods/intersection.json``, the
setmethods reference), and hand-worked cases. Hypothesis property tests: the parser multiplies
out parentheses and negations correctly; ``negate`` twice is the identity; ``simplify``,
``negate``, ``intersection`` and every ``factorize`` form keep the truth function.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qca_setmethods_reference import entry

from smartcase.errors import ArgumentError, QCAError
from smartcase.qca import (
    equivalent,
    factorize,
    intersection,
    minimize,
    negate,
    simplify,
    truth_table,
)
from smartcase.qca.datasets import load_dataset
from smartcase.qca.expression import parse_expression

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LEVELS = {"A": 2, "B": 2, "C": 2, "D": 2, "M": 3}


# --------------------------------------------------------------------------- known answers
def test_parser_accepts_parentheses_and_negated_groups() -> None:
    assert parse_expression("~(A*B)") == parse_expression("~A + ~B")
    assert parse_expression("~(A + B)") == parse_expression("~A*~B")
    assert parse_expression("A*(B + ~C)") == parse_expression("A*B + A*~C")
    assert parse_expression("(A + B)*(C + D)") == parse_expression("A*C + A*D + B*C + B*D")
    assert parse_expression("~~(A)") == parse_expression("A")
    assert parse_expression("~(DEV[1]*URB)") == parse_expression("~DEV[1] + ~URB")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("(A", "expected '\\)' to close"),
        ("A)", "no '\\(' to close"),
        ("A*()", "position 3"),
        ("A(B)", "expected '\\*' or '\\+' at position 1"),
        ("~", "at the end"),
    ],
)
def test_parser_reports_malformed_parentheses(text: str, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        parse_expression(text)


# R's sol_yi (SCHF, dir.exp = c(0,0,0,0,0,0)): C1P1, first model
SOL_YI = (
    "~EMP*~BARGAIN*OCCUP + BARGAIN*UNI*STOCK + ~EMP*UNI*OCCUP*~MA + ~EMP*~OCCUP*STOCK*~MA"
    " + ~BARGAIN*~OCCUP*STOCK*~MA"
)


def test_setmethods_theory_evaluation_intersections_match_r() -> None:
    expected = entry("intersection", "theory.evaluation_SCHF_noconsH")["result"]["intersections"]
    theory = "~EMP*MA"
    got = {
        "TE": intersection(theory, SOL_YI),
        "tE": intersection(negate(theory), SOL_YI),
        "Te": intersection(theory, negate(SOL_YI)),
        "te": intersection(negate(theory), negate(SOL_YI)),
    }
    for key, value in got.items():
        assert str(value) == expected[key][0], key


def test_setmethods_rob_cases_boolean_strings_match_r() -> None:
    cases = entry("intersection", "rob.cases_PAYF")["result"]["CaseTypes"]
    initial = " + ".join(entry("intersection", "min_PAYF_IS")["result"]["solution"][0])
    ts1 = " + ".join(entry("intersection", "min_PAYF_TS1")["result"]["solution"][0])
    ts2 = " + ".join(entry("intersection", "min_PAYF_TS2")["result"]["solution"][0])
    order = ["HE", "GG", "AH", "HI", "HW"]  # R keeps the data's order for ~IS
    min_ts = intersection(ts1, ts2)
    max_ts = f"{ts1} + {ts2}"
    got = {
        "S1S2Y": intersection(initial, min_ts),
        "S1s2Y": intersection(initial, negate(min_ts)),
        "s1S2Y": intersection(negate(initial), max_ts, conditions=order),
        "s1s2Y": intersection(negate(initial), negate(max_ts), conditions=order),
    }
    for key, value in got.items():
        assert "Boolean Expression: " + str(value) == cases[key]["Boolean"], key


def test_negate_known_answers() -> None:
    # by hand: ~(A*B + ~A*C) = (~A + ~B)*(A + ~C) = ~A*~C + A*~B + ~B*~C (consensus kept)
    assert str(negate("A*B + ~A*C")) == "~A*~C + A*~B + ~B*~C"
    assert str(negate("A*B + ~A*C", minimal=True)) == "~A*~C + A*~B"
    assert str(negate("A*B + C", simplify=False)) == "~A*~C + ~B*~C"
    assert str(negate("DEV[1]", levels={"DEV": 3})) == "DEV[0,2]"
    assert str(negate("DEV[1]*URB", levels={"DEV": 3})) == "DEV[0,2] + ~URB"
    assert str(negate("A + ~A")) == ""  # the constant 0: no terms
    assert negate("A + ~A").terms == ()


def test_simplify_known_answers() -> None:
    assert str(simplify("A*B + A*~B")) == "A"
    assert str(simplify("A*B + ~A*C + B*C")) == "~A*C + A*B"  # consensus B*C is redundant
    assert str(simplify("A*~A")) == "" and simplify("A*~A").terms == ()
    assert simplify("A + ~A").terms[0].literals == ()  # the constant 1: one empty product
    assert str(simplify("M[0] + M[1] + M[2]*A", levels={"M": 3})) == "A + M[0] + M[1]"


def test_solutions_are_accepted_with_their_conditions() -> None:
    lc = load_dataset("LC")
    sol = minimize(truth_table(lc, "SURV"), include="?")
    assert str(negate(sol)) == "~DEV + ~STB"
    assert str(intersection(sol, "URB")) == "DEV*STB*URB"  # alphabetical for plain strings
    assert str(simplify(sol)) == "DEV*STB"


def test_factorize_known_answers() -> None:
    assert factorize("A*B + A*C + D") == ["A*(B + C) + D"]
    assert factorize("A*B*C + A*B*D") == ["A*B*(C + D)"]
    assert factorize("A + B") == ["A + B"]
    assert factorize("A*B + A*C + D*E + D*F") == [
        "A*(B + C) + D*(E + F)",
        "D*(E + F) + A*(B + C)",
    ]
    assert factorize("~A*B*~D + ~A*C + C*~D") == [
        "~A*(B*~D + C) + C*~D",
        "C*(~A + ~D) + ~A*B*~D",
        "~D*(~A*B + C) + ~A*C",
    ]


def test_equivalent() -> None:
    assert equivalent("~(A*B)", "~A + ~B")
    assert not equivalent("A + B", "A*B")
    assert equivalent("M[0,1]", "~M[2]", levels={"M": 3})


def test_bad_input() -> None:
    with pytest.raises(QCAError, match="not one of the conditions"):
        simplify("A*B", conditions=["A"])
    with pytest.raises(QCAError, match="names the value 3"):
        negate("M[3]", levels={"M": 3})
    with pytest.raises(ArgumentError, match="levels\\['A'\\]"):
        negate("A", levels={"A": 1})
    with pytest.raises(ArgumentError, match="expression"):
        negate(3.5)
    with pytest.raises(ArgumentError, match="one or more"):
        intersection()
    with pytest.raises(QCAError, match="position"):
        negate("A*(B")


# --------------------------------------------------------------------------- properties
@st.composite
def sop_texts(draw, max_terms: int = 4) -> str:
    """A random sum of products over A-D (binary) and M (three values)."""
    terms = []
    for _ in range(draw(st.integers(1, max_terms))):
        conds = draw(st.lists(st.sampled_from(sorted(LEVELS)), min_size=1, max_size=3, unique=True))
        lits = []
        for c in conds:
            if c == "M":
                values = draw(st.lists(st.integers(0, 2), min_size=1, max_size=2, unique=True))
                lits.append(
                    ("~" if draw(st.booleans()) else "")
                    + f"M[{','.join(map(str, sorted(values)))}]"
                )
            else:
                lits.append(("~" if draw(st.booleans()) else "") + c)
        terms.append("*".join(lits))
    return " + ".join(terms)


ROWS = np.array(list(itertools.product(*[range(LEVELS[c]) for c in sorted(LEVELS)])))


def truth(expr) -> np.ndarray:
    """Crisp truth of an expression in each configuration of A, B, C, D, M."""
    import pandas as pd

    frame = pd.DataFrame(ROWS, columns=sorted(LEVELS))
    e = parse_expression(expr) if isinstance(expr, str) else expr
    if not e.terms:
        return np.zeros(len(ROWS), dtype=bool)
    out = np.zeros(len(ROWS), dtype=bool)
    for term in e.terms:
        inside = np.ones(len(ROWS), dtype=bool)
        for lit in term.literals:
            hit = frame[lit.condition].isin(lit.values).to_numpy()
            inside &= ~hit if lit.negated else hit
        out |= inside
    return out


@st.composite
def nested_texts(draw, depth: int = 3):
    """A random expression with parentheses and negations, and its truth vector."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        c = draw(st.sampled_from("ABCD"))
        neg = draw(st.booleans())
        t = truth(c)
        return ("~" if neg else "") + c, (~t if neg else t)
    op = draw(st.sampled_from(["*", "+", "~"]))
    if op == "~":
        text, t = draw(nested_texts(depth - 1))
        return f"~({text})", ~t
    (a, ta), (b, tb) = draw(nested_texts(depth - 1)), draw(nested_texts(depth - 1))
    return (f"({a})*({b})", ta & tb) if op == "*" else (f"({a}) + ({b})", ta | tb)


@SETTINGS
@given(nested_texts())
def test_parser_multiplies_out_correctly(case) -> None:
    text, expected = case
    assert np.array_equal(truth(parse_expression(text)), expected)


@SETTINGS
@given(sop_texts())
def test_negate_twice_is_the_identity(text: str) -> None:
    once = negate(text, levels=LEVELS)
    assert np.array_equal(truth(once), ~truth(text))
    assert np.array_equal(truth(negate(once, levels=LEVELS)), truth(text))
    assert equivalent(negate(once, levels=LEVELS), text, levels=LEVELS)
    assert np.array_equal(truth(negate(text, levels=LEVELS, minimal=True)), ~truth(text))


@SETTINGS
@given(sop_texts())
def test_simplify_preserves_the_truth_function(text: str) -> None:
    simple = simplify(text, levels=LEVELS)
    assert np.array_equal(truth(simple), truth(text))
    if "M" not in text:  # a minimal cover never needs more terms than any sum of products
        assert len(simple.terms) <= len(parse_expression(text).terms)


@SETTINGS
@given(sop_texts(3), sop_texts(3))
def test_intersection_is_the_pointwise_and(first: str, second: str) -> None:
    expected = truth(first) & truth(second)
    assert np.array_equal(truth(intersection(first, second, levels=LEVELS)), expected)
    assert np.array_equal(truth(intersection(first, second, levels=LEVELS, minimal=True)), expected)


@SETTINGS
@given(sop_texts(5))
def test_factorize_expands_back_to_the_same_function(text: str) -> None:
    for form in factorize(text):
        assert np.array_equal(truth(form), truth(text)), form
