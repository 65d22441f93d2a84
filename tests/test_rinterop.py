"""Tests of smartcase.rinterop: CSV for R and R's printed QCA solutions."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import ArgumentError, ExchangeError
from smartcase.output import OutputExistsError
from smartcase.qca.expression import Expression, parse_expression
from smartcase.rinterop import (
    is_syntactic_name,
    parse_r_models,
    parse_r_solution,
    r_csv_bytes,
    r_names,
    write_r_csv,
)

QCA = Path(__file__).resolve().parent / "data" / "qca"
PRINTOUT = (QCA / "R_printout.txt").read_text(encoding="utf-8")
REFERENCE = {
    s["id"]: s
    for s in json.loads((QCA / "reference.json").read_text(encoding="utf-8"))["sufficiency"]
}


# --------------------------------------------------------------------------- make.names
@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # examples from R's ?make.names and ?make.unique (R 4.2)
        (["a and b", "a-and-b"], ["a.and.b", "a.and.b.1"]),
        (["a and b", "a_and_b"], ["a.and.b", "a_and_b"]),
        (["", "X"], ["X.1", "X"]),
        (["a", "a", "a.2", "a"], ["a", "a.1", "a.2", "a.3"]),
        # R's documented rules: X prefix, invalid characters to '.', reserved words get '.'
        (
            ["1990", "_x", ".5a", ".a5", "if", "NA", "TRUE", "in", "..."],
            ["X1990", "X_x", "X.5a", ".a5", "if.", "NA.", "TRUE.", "in.", "...."],
        ),
        (["open data", "Open-Data", "ESG%"], ["open.data", "Open.Data", "ESG."]),
        (["DEV", "URB", "LIT"], ["DEV", "URB", "LIT"]),
    ],
)
def test_r_names_known_answers(names: list[str], expected: list[str]) -> None:
    assert r_names(names) == expected


def test_is_syntactic_name() -> None:
    assert is_syntactic_name("SURV") and is_syntactic_name("open_data") and is_syntactic_name(".x")
    assert not any(is_syntactic_name(n) for n in ["2x", "a b", "if", "", "_a", ".2", "NA"])


# --------------------------------------------------------------------------- CSV for R
def test_r_csv_layout_is_write_csv_style() -> None:
    df = pd.DataFrame(
        {
            "DEV": [1, 0, 1],
            "STB": [0.95, np.nan, 1 / 3],
            "OK": [True, False, True],
            "note": ['say "hi", ok', None, "Seoul, Korea"],
            "INF": [math.inf, -math.inf, 0.0],
        },
        index=["AU", "BE", "CZ"],
    )
    text = r_csv_bytes(df).decode("utf-8")
    assert text.splitlines() == [
        '"","DEV","STB","OK","note","INF"',
        '"AU",1,0.95,TRUE,"say ""hi"", ok",Inf',
        '"BE",0,NA,FALSE,NA,-Inf',
        '"CZ",1,0.3333333333333333,TRUE,"Seoul, Korea",0.0',
    ]
    assert text.endswith("\n") and "\r" not in text


def test_r_csv_round_trips_through_a_csv_reader(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    df = pd.DataFrame(
        rng.random((6, 3)), columns=["A", "B.x", "C_1"], index=[f"case{i}" for i in range(6)]
    )
    path = write_r_csv(df, tmp_path / "cal.csv")
    back = pd.read_csv(path, index_col=0)
    pd.testing.assert_frame_equal(back, df, check_exact=True, check_names=False)


def test_r_csv_refuses_names_r_would_change(tmp_path: Path) -> None:
    df = pd.DataFrame({"open data": [1], "2020": [0]}, index=["x"])
    with pytest.raises(
        ArgumentError,
        match=r"column name 'open data', which R's read.csv would rename to 'open.data'",
    ):
        write_r_csv(df, tmp_path / "a.csv")
    assert not (tmp_path / "a.csv").exists()
    text = r_csv_bytes(df, make_names=True).decode()
    assert text.splitlines()[0] == '"","open.data","X2020"'


def test_r_csv_refuses_bad_case_names_and_overwrite(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="twice in the index"):
        r_csv_bytes(pd.DataFrame({"A": [1, 2]}, index=["x", "x"]))
    with pytest.raises(ArgumentError, match="missing case name"):
        r_csv_bytes(pd.DataFrame({"A": [1, 2]}, index=["x", None]))
    with pytest.raises(ArgumentError, match="argument 'df'"):
        r_csv_bytes([[1, 2]])  # type: ignore[arg-type]
    target = tmp_path / "x.csv"
    target.write_text("mine")
    with pytest.raises(OutputExistsError):
        write_r_csv(pd.DataFrame({"A": [1]}, index=["x"]), target)
    assert target.read_text() == "mine"


# --------------------------------------------------------------------------- solutions
def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^=+ (.*?) =+\s*$", text, flags=re.M)
    return {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}


SECTIONS = _sections(PRINTOUT)

# printout section -> (reference.json analysis id, solution kind)
KNOWN = [
    ("LC conservative: minimize(ttLC, details=TRUE)", "LC", "conservative"),
    ("LC parsimonious: minimize(ttLC, include='?', details=TRUE)", "LC", "parsimonious"),
    ("LC ~SURV conservative", "LC_neg", "conservative"),
    ("LC ~SURV parsimonious", "LC_neg", "parsimonious"),
    ("LC intermediate dir.exp = c(DEV, URB, LIT, IND, STB)", "LC", "intermediate"),
    ("LM conservative", "LM", "conservative"),
    ("LM parsimonious", "LM", "parsimonious"),
    ("LM ~SURV conservative", "LM_neg", "conservative"),
    ("LM ~SURV parsimonious", "LM_neg", "parsimonious"),
    ("LF conservative", "LF", "conservative"),
    ("LF parsimonious", "LF", "parsimonious"),
    ("LF intermediate dir.exp = c(DEV, URB, LIT, IND, STB)", "LF", "intermediate"),
    (
        "LF intermediate dir.exp = c(DEV, STB, ~LIT*IND) (URB don't care, conjunctural)",
        "LF_dirmix",
        "intermediate",
    ),
    ("LF ~SURV conservative", "LF_neg", "conservative"),
    ("LF ~SURV parsimonious", "LF_neg", "parsimonious"),
    ("CVF conservative", "CVF", "conservative"),
    ("CVF parsimonious", "CVF", "parsimonious"),
    (
        "CVF intermediate dir.exp = c(DEMOC, ETHFRACT, GEOCON, POLDIS, NATPRIDE)",
        "CVF",
        "intermediate",
    ),
    ("Krook conservative", "Krook", "conservative"),
    ("Krook parsimonious", "Krook", "parsimonious"),
    ("Krook intermediate dir.exp = c(ES, QU, WS, WM, LP)", "Krook", "intermediate"),
    ("HC conservative", "HC", "conservative"),
    ("HC parsimonious", "HC", "parsimonious"),
    ("NF conservative", "NF", "conservative"),
    ("NF parsimonious", "NF", "parsimonious"),
]


def _reference_models(analysis: str, kind: str) -> set[Expression]:
    ref = REFERENCE[analysis]
    if kind == "intermediate":
        models = [m for sol in ref["intermediate"]["solutions"] for m in sol["models"]]
    else:
        models = ref[kind]["models"]
    return {parse_expression(m) for m in models}


@pytest.mark.parametrize(
    ("section", "analysis", "kind"), KNOWN, ids=[f"{a}-{k}" for _, a, k in KNOWN]
)
def test_parse_r_printout_matches_reference_models(section: str, analysis: str, kind: str) -> None:
    """R's printed models (with ambiguity parentheses) equal the models R lists in reference.json."""
    parsed = parse_r_solution(SECTIONS[section])
    assert parsed, section
    assert all(isinstance(e, Expression) for e in parsed)
    assert set(parsed) == _reference_models(analysis, kind)
    models = parse_r_models(SECTIONS[section])
    expected_outcome = REFERENCE[analysis]["outcome"]
    outcomes = {o.replace("[1]", "") for o in models["outcome"]}
    assert outcomes == {expected_outcome}


def test_ambiguous_models_split_shared_and_varying_terms() -> None:
    m = parse_r_models(SECTIONS["CVF parsimonious"])
    assert list(m["model"]) == ["M1", "M2", "M3", "M4"]
    assert set(m["shared"]) == {"~NATPRIDE + DEMOC*GEOCON*POLDIS"}
    assert m.loc[0, "varying"] == "~DEMOC*ETHFRACT*POLDIS + DEMOC*ETHFRACT*GEOCON"
    assert set(m["relation"]) == {"sufficiency"}
    assert (
        str(m.loc[3, "expression"])
        == "~NATPRIDE + DEMOC*GEOCON*POLDIS + DEMOC*ETHFRACT*~POLDIS + ETHFRACT*GEOCON*POLDIS"
    )


def test_intermediate_solution_labels() -> None:
    m = parse_r_models(SECTIONS["Krook intermediate dir.exp = c(ES, QU, WS, WM, LP)"])
    assert list(m["solution"]) == ["C1P1", "C1P2"]
    m = parse_r_models(
        SECTIONS["CVF intermediate dir.exp = c(DEMOC, ETHFRACT, GEOCON, POLDIS, NATPRIDE)"]
    )
    assert list(m["solution"]) == ["C1P1, C1P2, C1P3, C1P4"]
    m = parse_r_models(SECTIONS["LC conservative: minimize(ttLC, details=TRUE)"])
    assert m["solution"].isna().all()


def test_whole_printout_and_relations() -> None:
    m = parse_r_models(PRINTOUT)
    assert len(m) == len(re.findall(r"^\s*M\d+:", PRINTOUT, flags=re.M))
    assert m.loc[m["line"] == 130, "relation"].item() == "both"  # LC conservative prints <->
    assert m.loc[m["line"] == 286, "outcome"].item() == "SURV[1]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A*B + ~C -> Y", ["A*B + ~C"]),
        ("A*B + ~C", ["A*B + ~C"]),
        ("  M1:   DEV{2} + DEV{1}*IND{0} -> SURV{1}", ["DEV[2] + DEV[1]*IND[0]"]),
        ("M1: A + (B)\nM2: A + (C)\n", ["A + B", "A + C"]),
    ],
)
def test_parse_r_solution_forms(text: str, expected: list[str]) -> None:
    assert [str(e) for e in parse_r_solution(text)] == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("M1: A + (B -> Y", r"line 1: unbalanced '\('"),
        ("M1: A + B) -> Y", r"line 1: unbalanced '\)'"),
        ("M1: A + ((B)) -> Y", r"nested parentheses"),
        ("\nM1: A*B ->", r"line 2: R solution without an outcome"),
        ("M1: A**B -> Y", r"line 1: cannot read an R solution"),
        ("inclS PRI covS\n0.9 0.8 0.7", r"no R solution found"),
        ("M1: -> Y", r"line 1: empty R solution"),
    ],
)
def test_parse_r_solution_bad_input(text: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        parse_r_solution(text)
