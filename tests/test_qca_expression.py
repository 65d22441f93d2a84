"""Tests of smartcase.qca.expression: parsing, printing, set equality, evaluation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import QCAError
from smartcase.qca.expression import Expression, Literal, Term, parse_expression, parse_relation


def test_parse_and_print_round_trip() -> None:
    for text in ["A*~B + C", "DEV[2] + DEV[1]*IND[0]", "~A[1]*B", "DEV[0,2]*URB[1]"]:
        assert str(parse_expression(text)) == text


def test_whitespace_and_double_negation() -> None:
    assert str(parse_expression("  A *  ~ B+C ")) == "A*~B + C"
    assert str(parse_expression("~~A")) == "A"


def test_equality_is_set_equality() -> None:
    assert parse_expression("B*A + C") == parse_expression("C + A*B")
    assert parse_expression("A*B + A*B") == parse_expression("A*B")
    assert parse_expression("A*B") != parse_expression("A*~B")
    assert hash(parse_expression("B*A + C")) == hash(parse_expression("C + A*B"))
    # crisp literals equal their bracket form
    assert parse_expression("A*~B") == parse_expression("A[1]*B[0]")
    assert len({parse_expression("A + B"), parse_expression("B + A")}) == 1


def test_literal_values_and_repr() -> None:
    lit = parse_expression("DEV[1,2]").terms[0].literals[0]
    assert lit == Literal("DEV", frozenset({1, 2}), multivalue=True)
    assert repr(lit) == "Literal('DEV[1,2]')"
    assert repr(parse_expression("A*B")) == "Expression('A*B')"
    assert repr(parse_expression("A*B").terms[0]) == "Term('A*B')"


def test_conditions_order_literals_and_are_checked() -> None:
    expr = parse_expression("STB*DEV + ~URB", conditions=["DEV", "URB", "STB"])
    assert str(expr) == "DEV*STB + ~URB"
    assert expr.conditions == ("DEV", "STB", "URB")
    with pytest.raises(QCAError, match="unknown condition 'XYZ'"):
        parse_expression("DEV*XYZ", conditions=["DEV", "URB"])
    # an Expression passes through and is re-ordered
    assert str(parse_expression(parse_expression("B*A"), conditions=["A", "B"])) == "A*B"


def test_lowercase_negation_only_with_flag() -> None:
    assert str(parse_expression("dev*STB", lowercase_negates=True)) == "~DEV*STB"
    assert str(parse_expression("dev*STB")) == "dev*STB"
    assert str(parse_expression("dev", conditions=["DEV"], lowercase_negates=True)) == "~DEV"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "found nothing"),
        ("A*+B", "position 2"),
        ("A +", "at the end"),
        ("A B", "expected '*'"),
        ("A*B)", "unexpected character"),
        ("A[x]", "integer values"),
        ("A~B", "expected '*'"),
    ],
)
def test_syntax_errors(text: str, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        parse_expression(text)


def test_complexity_and_canonical_order() -> None:
    expr = parse_expression("QU*LP + WS + ES*WM + LP*~ES")
    assert expr.complexity == 7
    assert str(expr.canonical(["ES", "QU", "WS", "WM", "LP"])) == "WS + ~ES*LP + ES*WM + QU*LP"
    assert len(expr) == 4 and [str(t) for t in expr][0] == "QU*LP"


def test_fuzzy_membership_min_max_not() -> None:
    df = pd.DataFrame({"A": [0.2, 0.9, 0.6], "B": [0.7, 0.4, 0.6]}, index=["x", "y", "z"])
    expr = parse_expression("A*B + ~A")
    terms = expr.term_memberships(df)
    assert terms.columns.tolist() == ["A*B", "~A"]
    np.testing.assert_allclose(terms["A*B"], [0.2, 0.4, 0.6])
    np.testing.assert_allclose(terms["~A"], [0.8, 0.1, 0.4])
    mem = expr.membership(df)
    np.testing.assert_allclose(mem, [0.8, 0.4, 0.6])
    assert mem.name == "A*B + ~A" and mem.index.tolist() == ["x", "y", "z"]
    # on fuzzy data a bracketed crisp literal means the same as the plain one
    np.testing.assert_allclose(parse_expression("A[1]*B[0]").membership(df), [0.2, 0.6, 0.4])


def test_multivalue_membership() -> None:
    df = pd.DataFrame({"DEV": [0, 1, 2, 2], "URB": [1, 0, 1, 0]})
    assert parse_expression("DEV[2]").membership(df).tolist() == [0, 0, 1, 1]
    assert parse_expression("DEV[1,2]*URB[0]").membership(df).tolist() == [0, 1, 0, 1]
    assert parse_expression("~DEV[2]").membership(df).tolist() == [1, 1, 0, 0]
    with pytest.raises(QCAError, match="multi-value"):
        parse_expression("DEV").membership(df)


def test_dont_care_values_are_compatible_with_every_literal() -> None:
    df = pd.DataFrame({"A": ["1", "-", "0"], "B": [1, 1, 0]})
    assert parse_expression("A*B").membership(df).tolist() == [1, 1, 0]
    assert parse_expression("~A*B").membership(df).tolist() == [0, 1, 0]


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ([0.2, np.nan], "missing value"),
        ([0.2, 1.3], r"\[0, 1\]"),
        ([0, -1], "found -1"),
        (["a", "1"], "expected numbers"),
    ],
)
def test_bad_data(column: list, message: str) -> None:
    with pytest.raises(QCAError, match=message):
        parse_expression("A").membership(pd.DataFrame({"A": column}))


def test_unknown_column_and_non_dataframe() -> None:
    with pytest.raises(QCAError, match="'B' is not a column"):
        parse_expression("B").membership(pd.DataFrame({"A": [1]}))
    with pytest.raises(QCAError, match="DataFrame"):
        parse_expression("A").membership([1, 0])  # type: ignore[arg-type]


def test_does_not_mutate_data() -> None:
    df = pd.DataFrame({"A": [0.2, 0.9]})
    before = df.copy()
    parse_expression("~A").membership(df)
    pd.testing.assert_frame_equal(df, before)


def test_parse_relation() -> None:
    expr, outcome, relation = parse_relation("~NATPRIDE + GEOCON -> PROTEST")
    assert (str(expr), outcome, relation) == ("~NATPRIDE + GEOCON", "PROTEST", "sufficiency")
    assert parse_relation("A <- ~Y")[1:] == ("~Y", "necessity")
    assert parse_relation("A*B <-> Y")[2] == "both"
    assert parse_relation("A*B")[1:] == (None, None)
    with pytest.raises(QCAError, match="outcome after"):
        parse_relation("A ->")


def test_from_terms() -> None:
    term = Term((Literal("A", frozenset({1})), Literal("B", frozenset({0}))))
    assert str(Expression.from_terms([term, [Literal("C", frozenset({1}))]])) == "A*~B + C"
