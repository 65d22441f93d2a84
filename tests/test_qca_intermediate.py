"""Intermediate solutions with directional expectations for only some conditions.

Known answers worked out by hand from the definition R QCA 3.25 applies (issue 12): an easy
counterfactual lies in the cube of a conservative prime implicant ``c`` with only those literals
dropped that the containing parsimonious implicant ``p`` lacks and that contradict an
expectation. A condition without an expectation keeps its literal.
"""

from __future__ import annotations

import pandas as pd
import pytest

from smartcase.qca import minimize, truth_table
from smartcase.qca.expression import parse_expression


def _rows(*configs: str) -> list[list[int]]:
    return [[int(ch) for ch in cfg] for cfg in configs]


@pytest.fixture(scope="module")
def issue_tt():
    """Positive rows 0001, 0101, 1000; negative rows are those with B = 1 and D = 0.

    Conservative: ~A*~C*D + A*~B*~C*~D; parsimonious: ~B + D (the issue's example).
    """
    pos = _rows("0001", "0101", "1000")
    neg = _rows("0100", "0110", "1100", "1110")
    frame = pd.DataFrame(pos + neg, columns=list("ABCD"))
    frame["Y"] = [1] * len(pos) + [0] * len(neg)
    frame.index = [f"c{i}" for i in range(len(frame))]
    return truth_table(frame, "Y")


def test_issue_example_setup(issue_tt) -> None:
    assert minimize(issue_tt).models == (parse_expression("~A*~C*D + A*~B*~C*~D"),)
    assert minimize(issue_tt, include="?").models == (parse_expression("~B + D"),)


def test_no_expectation_for_a_gives_the_conservative_solution(issue_tt) -> None:
    # expectations ~B, ~C, ~D and none for A: every conservative term keeps its A literal, so
    # no remainder is an easy counterfactual (the old rule dropped A and found ~B*~C + ~C*D)
    sol = minimize(issue_tt, include="?", dir_exp="~B, ~C, ~D")
    assert sol.models == (parse_expression("~A*~C*D + A*~B*~C*~D"),)
    assert sol.easy_counterfactuals["C1P1"].empty


def test_contradicting_expectation_drops_the_literal(issue_tt) -> None:
    # expectation A (plus ~B, ~C, ~D): in ~A*~C*D (inside D) the literal ~A contradicts and is
    # dropped -> ~C*D, whose remainders 1001 (row 10) and 1101 (row 14) are easy; in
    # A*~B*~C*~D (inside ~B) every literal agrees -> nothing new
    sol = minimize(issue_tt, include="?", dir_exp="A, ~B, ~C, ~D")
    assert sorted(sol.easy_counterfactuals["C1P1"].index) == [10, 14]
    assert sol.models == (parse_expression("~C*D + A*~B*~C"),)


def test_only_one_expectation(issue_tt) -> None:
    # expectation D only: ~A*~C*D lies in D and keeps all its literals (D is in p); A*~B*~C*~D
    # lies in ~B, and ~D contradicts D -> A*~B*~C, with remainder 1001 (row 10)
    sol = minimize(issue_tt, include="?", dir_exp={"D": 1})
    assert sorted(sol.easy_counterfactuals["C1P1"].index) == [10]
    assert sol.models == (parse_expression("~A*~C*D + A*~B*~C"),)


def test_no_expectation_at_all_is_conservative(issue_tt) -> None:
    sol = minimize(issue_tt, include="?", dir_exp="-,-,-,-")
    assert sol.models == minimize(issue_tt).models


def test_multivalue_contradicting_literal_is_dropped() -> None:
    # A has values 0, 1, 2; positive row (A, B) = (0, 1), negative rows (0, 0), (1, 0),
    # (2, 0); remainders (1, 1) and (2, 1) (rows 4 and 6). Conservative A[0]*B[1],
    # parsimonious B[1]. Expectation A[1]: A[0] contradicts it and is dropped (as R drops a
    # multi-value literal whose value is not an expected one), so both remainders are easy.
    frame = pd.DataFrame(
        {"A": [0, 0, 1, 2], "B": [1, 0, 0, 0], "Y": [1, 0, 0, 0]}, index=list("wxyz")
    )
    tt = truth_table(frame, "Y")
    assert minimize(tt, include="?").models == (parse_expression("B[1]"),)
    assert minimize(tt).models == (parse_expression("A[0]*B[1]"),)
    sol = minimize(tt, include="?", dir_exp="A[1]")
    assert sorted(sol.easy_counterfactuals["C1P1"].index) == [4, 6]
    assert sol.models == (parse_expression("B[1]"),)
    # an expectation the literal agrees with keeps it: nothing is easy
    kept = minimize(tt, include="?", dir_exp="A[0,1]")
    assert kept.easy_counterfactuals["C1P1"].empty


def test_conjunctural_expectation_drops_every_named_literal(issue_tt) -> None:
    # ~A*C: A*~B*~C*~D lies in ~B; A and ~C contradict the conjunction, so both go ->
    # ~B*~D, remainders 0000, 0010, 1010 (rows 1, 3, 11). ~A*~C*D lies in D; its ~C
    # contradicts, so ~A (which agrees) goes too -> D, remainders 0011, 0111, 1001, 1011,
    # 1101, 1111 (rows 4, 8, 10, 12, 14, 16). With every remainder of ~B + D easy, the
    # intermediate solution is the parsimonious one.
    sol = minimize(issue_tt, include="?", dir_exp="~A*C")
    assert sol.dir_exp_conjunctural == ("~A*C",)
    assert sorted(sol.easy_counterfactuals["C1P1"].index) == [1, 3, 4, 8, 10, 11, 12, 14, 16]
    assert sol.models == (parse_expression("~B + D"),)
