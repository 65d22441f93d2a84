"""Known-answer tests: truth tables, minimisation and sufficiency fit against R QCA 3.25.

Every analysis in ``tests/data/qca/reference.json`` ("sufficiency") is reproduced: the complete
truth table (row numbers, OUT, n, incl, PRI, cases), the conservative, parsimonious and
intermediate solutions (every minimal model, compared as sets of terms; essential prime
implicants; easy counterfactuals), per-term fit (inclS, PRI, covS, covU, cases) and per-model
fit, to three decimals as R prints them. Further analyses are taken from R's own printout
(``tests/data/qca/R_printout.txt``): row dominance, all solutions, PI charts, contradictions with
a two-value inclusion cut-off, negated outcomes, positional directional expectations,
simplifying assumptions, multi-value data with ``n_cut``, temporal QCA data (``RS``).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcase.errors import QCAError
from smartcase.qca.expression import parse_expression
from smartcase.qca.minimization import minimize
from smartcase.qca.truthtable import truth_table

HERE = Path(__file__).resolve().parent / "data" / "qca"
REFERENCE = json.loads((HERE / "reference.json").read_text(encoding="utf-8"))
ANALYSES = {a["id"]: a for a in REFERENCE["sufficiency"]}


def load(name: str) -> pd.DataFrame:
    """R's data set as exported to tests/data/qca/data (index = case names)."""
    frame = pd.read_csv(HERE / "data" / f"{name}.csv", index_col=0)
    frame.index = frame.index.astype(str)
    if name == "RS":
        # the export wrote the factor EBA as its codes 1, 2, 3 for the labels "-", "0", "1"
        frame["EBA"] = frame["EBA"].map({1: "-", 2: "0", 3: "1"})
    return frame


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def r3(x: float) -> float:
    return float(np.round(x + 1e-12, 3))


def tt_of(a: dict, **kw):
    return truth_table(
        load(a["data"]),
        a["outcome"],
        a["conditions"],
        incl_cut=a["incl_cut"],
        n_cut=a["n_cut"],
        **kw,
    )


def fit_row(sol, term: str) -> pd.Series:
    target = parse_expression(term)
    for label in sol.fit.index:
        if parse_expression(label) == target:
            return sol.fit.loc[label]
    raise AssertionError(f"term {term} not in the fit table {list(sol.fit.index)}")


def check_solution(sol, block: dict) -> None:
    expected = {parse_expression(m) for m in block["models"]}
    assert set(sol.models) == expected
    assert sol.n_models == len(expected) and sol.n_models_exact
    if "essential" in block:
        assert set(sol.essential) == {parse_expression(e) for e in as_list(block["essential"])}
    for term in block["terms"]:
        row = fit_row(sol, term["term"])
        for measure in ("inclS", "PRI", "covS"):
            assert r3(row[measure]) == r3(term[measure]), (term["term"], measure)
        if term["covU"] is None:
            assert np.isnan(row["covU"])
        else:
            assert r3(row["covU"]) == r3(term["covU"]), (term["term"], "covU")
        assert row["cases"] == term["cases"]
    for model, mfit in zip(block["models"], block["model_fit"], strict=True):
        i = list(sol.models).index(parse_expression(model))
        got = sol.model_fit.iloc[i]
        for measure in ("inclS", "PRI", "covS"):
            assert r3(got[measure]) == r3(mfit[measure]), (model, measure)


# ----------------------------------------------------------------------------- reference.json
@pytest.mark.parametrize("aid", list(ANALYSES))
def test_truth_table_matches_r(aid: str) -> None:
    a = ANALYSES[aid]
    table = tt_of(a, complete=True).table
    ref = a["truth_table"]
    assert table.index.tolist() == ref["rows"]
    assert table["OUT"].tolist() == ref["OUT"]
    assert table["n"].tolist() == ref["n"]
    for col in ("incl", "PRI"):
        expected = np.array([np.nan if v == "-" else float(v) for v in ref[col]])
        np.testing.assert_allclose(table[col].to_numpy(dtype=float), expected, atol=1e-9)
    assert table["cases"].tolist() == ref["cases"]


@pytest.mark.parametrize("aid", list(ANALYSES))
def test_conservative_matches_r(aid: str) -> None:
    check_solution(minimize(tt_of(ANALYSES[aid])), ANALYSES[aid]["conservative"])


@pytest.mark.parametrize("aid", list(ANALYSES))
def test_parsimonious_matches_r(aid: str) -> None:
    check_solution(minimize(tt_of(ANALYSES[aid]), include="?"), ANALYSES[aid]["parsimonious"])


INTERMEDIATE = [
    (aid, s["label"])
    for aid, a in ANALYSES.items()
    if "intermediate" in a
    for s in a["intermediate"]["solutions"]
]


@pytest.mark.parametrize(("aid", "label"), INTERMEDIATE)
def test_intermediate_matches_r(aid: str, label: str) -> None:
    a = ANALYSES[aid]
    sol = minimize(tt_of(a), include="?", dir_exp=a["dir_exp"])
    block = next(s for s in a["intermediate"]["solutions"] if s["label"] == label)
    assert set(sol.pairs) == {s["label"] for s in a["intermediate"]["solutions"]}
    pair = sol.pairs[label]
    check_solution(pair, block)
    ec = pair.easy_counterfactuals[label]
    assert sorted(ec.index.tolist()) == sorted(int(r) for r in as_list(block["EC"]))


# ----------------------------------------------------------------------------- R_printout.txt
@pytest.fixture(scope="module")
def cvf_tt():
    return truth_table(load("CVF"), "PROTEST", incl_cut=0.8)


def test_cvf_pi_chart_matches_r(cvf_tt) -> None:
    chart = minimize(cvf_tt, include="?").pi_chart
    expected = pd.DataFrame(
        [
            [1, 1, 0, 0, 1, 1, 0, 1, 0],
            [0, 1, 1, 0, 0, 0, 0, 0, 0],
            [0, 0, 0, 0, 0, 1, 1, 1, 1],
            [0, 0, 0, 0, 0, 1, 1, 0, 0],
            [0, 0, 0, 1, 0, 0, 0, 1, 1],
            [0, 1, 1, 0, 0, 0, 0, 1, 1],
        ],
        index=[
            "~NATPRIDE",
            "~DEMOC*ETHFRACT*POLDIS",
            "DEMOC*ETHFRACT*GEOCON",
            "DEMOC*ETHFRACT*~POLDIS",
            "DEMOC*GEOCON*POLDIS",
            "ETHFRACT*GEOCON*POLDIS",
        ],
        columns=[5, 15, 16, 24, 27, 29, 30, 31, 32],
    ).astype(bool)
    pd.testing.assert_frame_equal(chart, expected, check_names=False)


def test_cvf_model_specific_unique_coverage(cvf_tt) -> None:
    # R prints (M1)..(M4) columns: ~NATPRIDE 0.132 0.122 0.136 0.126
    fit = minimize(cvf_tt, include="?").fit
    assert [r3(fit.loc["~NATPRIDE", f"(M{i})"]) for i in range(1, 5)] == [
        0.132,
        0.122,
        0.136,
        0.126,
    ]
    assert np.isnan(fit.loc["DEMOC*ETHFRACT*~POLDIS", "(M1)"])
    assert r3(fit.loc["ETHFRACT*GEOCON*POLDIS", "covU"]) == 0.005
    assert list(fit.index[:2]) == ["~NATPRIDE", "DEMOC*GEOCON*POLDIS"]  # essential first, as R


def test_cvf_row_dominance_matches_r(cvf_tt) -> None:
    sol = minimize(cvf_tt, include="?", row_dom=True)
    assert sol.models == (
        parse_expression(
            "~NATPRIDE + DEMOC*ETHFRACT*GEOCON + DEMOC*GEOCON*POLDIS + ETHFRACT*GEOCON*POLDIS"
        ),
    )
    assert [r3(v) for v in sol.fit["covU"]] == [0.136, 0.085, 0.065, 0.045]
    assert [r3(v) for v in sol.model_fit.loc["M1"]] == [0.879, 0.782, 0.810]


def test_cvf_all_solutions_matches_r(cvf_tt) -> None:
    assert set(minimize(cvf_tt, include="?", all_sol=True).models) == set(
        minimize(cvf_tt, include="?").models
    )


def test_cvf_two_inclusion_cutoffs_give_contradiction() -> None:
    table = truth_table(load("CVF"), "PROTEST", incl_cut=(0.8, 0.75)).table
    assert table.loc[28, "OUT"] == "C"
    assert (table["OUT"] == "1").sum() == 9 and (table["OUT"] == "C").sum() == 1


def test_cvf_negated_outcome_truth_table_matches_r() -> None:
    table = truth_table(load("CVF"), "~PROTEST", incl_cut=0.8).table
    expected = {
        10: ("1", 0.976, 0.914),
        6: ("1", 0.953, 0.852),
        5: ("1", 0.823, 0.416),
        27: ("0", 0.776, 0.217),
        15: ("0", 0.629, 0.161),
    }
    for row, (out, incl, pri) in expected.items():
        assert table.loc[row, "OUT"] == out
        assert (r3(table.loc[row, "incl"]), r3(table.loc[row, "PRI"])) == (incl, pri)


def test_lf_positional_directional_expectations_match_r() -> None:
    # R: minimize(ttLF, include = "?", dir.exp = "1,0,0,0,0") (modelFit.Rd example)
    sol = minimize(truth_table(load("LF"), "SURV", incl_cut=0.8), include="?", dir_exp="1,0,0,0,0")
    pair = sol.pairs["C1P1"]
    assert list(pair.models) == [
        parse_expression("DEV*URB*STB + DEV*~URB*~IND"),
        parse_expression("DEV*URB*STB + DEV*~IND*STB"),
    ]
    fit = pair.fit
    assert [r3(v) for v in fit.loc["DEV*~URB*~IND", ["inclS", "PRI", "covS", "covU", "(M1)"]]] == [
        0.806,
        0.719,
        0.268,
        0.002,
        0.194,
    ]
    assert [r3(v) for v in fit.loc["DEV*URB*STB", ["(M1)", "(M2)"]]] == [0.394, 0.378]
    assert [r3(v) for v in pair.model_fit["covS"]] == [0.662, 0.660]


def test_lf_intermediate_pi_chart_matches_r() -> None:
    sol = minimize(
        truth_table(load("LF"), "SURV", incl_cut=0.8),
        include="?",
        dir_exp="DEV, URB, LIT, IND, STB",
    )
    chart = sol.pairs["C1P1"].pi_chart
    assert chart.columns.tolist() == [22, 32]
    assert chart.loc["DEV*URB*LIT*STB"].tolist() == [False, True]
    assert chart.loc["DEV*LIT*~IND*STB"].tolist() == [True, False]


def test_simplifying_assumptions_match_r() -> None:
    lc = minimize(truth_table(load("LC"), "SURV"), include="?")
    assert lc.simplifying_assumptions["M1"].index.tolist() == [18, 20, 26, 28, 30]
    assert lc.simplifying_assumptions["M1"].loc[30].tolist() == [1, 1, 1, 0, 1]
    lf = minimize(truth_table(load("LF"), "SURV", incl_cut=0.8), include="?")
    assert lf.simplifying_assumptions["M1"].index.tolist() == [
        10,
        12,
        14,
        16,
        17,
        18,
        21,
        25,
        26,
        28,
        29,
        30,
    ]


def test_contradictory_simplifying_assumptions_match_r() -> None:
    # R: findRows(ttLF, type = 2) lists the remainders used for both SURV and ~SURV
    lf = load("LF")
    pos = minimize(truth_table(lf, "SURV", incl_cut=0.8), include="?")
    neg = minimize(truth_table(lf, "~SURV", incl_cut=0.8), include="?")
    both = set(pos.simplifying_assumptions["M1"].index) & set(
        neg.simplifying_assumptions["M1"].index
    )
    assert sorted(both) == [10, 12, 14, 16, 17, 21, 25, 29]


def test_lm_frequency_cutoff_matches_r() -> None:
    table = truth_table(load("LM"), "SURV", n_cut=2).table
    assert table.index.tolist() == [1, 2, 5, 22, 40, 48]
    assert table["OUT"].tolist() == ["0", "0", "0", "1", "1", "1"]


def test_rs_dont_care_data_matches_r() -> None:
    sol = minimize(truth_table(load("RS"), "REC"))
    assert sol.models == (parse_expression("P*E*S + P*E*A*EBA + E*A*~EBA*S"),)
    assert [r3(v) for v in sol.fit.loc["P*E*A*EBA", ["inclS", "PRI", "covS", "covU"]]] == [
        1.0,
        1.0,
        0.571,
        0.286,
    ]
    assert [r3(v) for v in sol.fit["covU"]] == [0.143, 0.286, 0.143]


def test_quine_all_rows_used_is_an_error() -> None:
    data = pd.DataFrame(
        {"P": [0, 0, 1, 1, 0, 1], "Q": [1, 1, 0, 0, 0, 1], "R": [1, 0, 1, 0, 1, 0], "OUT": [1] * 6}
    )
    data.loc[6] = [0, 0, 0, 1]
    data.loc[7] = [1, 1, 1, 1]
    with pytest.raises(QCAError, match="All truth table configurations are used"):
        minimize(truth_table(data, "OUT"), include="?")


def test_no_warnings_on_reference_analyses() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for a in ANALYSES.values():
            minimize(tt_of(a), include="?")
