"""The study adapter of notebook 07: robustness protocol, sensitivity ranges and case selection
for the fictional five-case fixture, checked against direct calls of the QCA engine."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import smartcase
from smartcase import membership as m
from smartcase.qca import case_types, minimize, smmr, truth_table

HERE = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def book():
    return smartcase.load_cases(HERE / "five_casebook")


@pytest.fixture(scope="module")
def protocol(book):
    return m.qca_robustness(book)


@pytest.fixture(scope="module")
def ranges(book):
    return m.calibration_ranges(book)


def _solution(book, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fz = m.case_memberships(book, **kwargs)
    tt = truth_table(fz, m.QCA_OUTCOME, list(m.QCA_CONDITIONS), incl_cut=0.8)
    return minimize(tt, include="?", dir_exp=", ".join(m.QCA_CONDITIONS))


def test_protocol_runs_every_test_on_the_intermediate_solution(book, protocol) -> None:
    assert str(protocol.initial.models[0]) == str(_solution(book).models[0])
    kinds = protocol.tests["kind"].value_counts().to_dict()
    assert kinds == {"calibration": 3, "incl_cut": 2, "n_cut": 1, "case deletion": 5}
    # an anchor test is the solution of the data calibrated with those anchors
    other = _solution(book, thresholds=m.ROBUSTNESS_ANCHORS["anchors 1, 1.5, 2"])
    assert str(protocol.test_solutions["anchors 1, 1.5, 2"].models[0]) == str(other.models[0])


def test_crossover_range_ends_where_the_solution_changes(book, ranges) -> None:
    row = ranges[(ranges["set"] == "technology") & (ranges["anchor"] == "crossover")].iloc[0]
    assert row["upper_note"].startswith("solution changes at ")
    changes_at = float(row["upper_note"].rsplit(" ", 1)[1])
    initial = _solution(book)
    inside = _solution(book, thresholds={"technology": f"e=0.5, c={row['upper']}, i=2.5"})
    outside = _solution(book, thresholds={"technology": f"e=0.5, c={changes_at}, i=2.5"})
    assert str(inside.models[0]) == str(initial.models[0])
    assert str(outside.models[0]) != str(initial.models[0])
    assert set(ranges["anchor"]) == {"exclusion", "crossover", "inclusion", "incl_cut", "n_cut"}


def test_tests_table_names_the_cities(book, protocol) -> None:
    table = m.robustness_tests_table(protocol, book)
    assert table["test"].tolist()[-5:] == [f"without {n}" for n in book.cases["name"]]
    assert set(table["same as initial"]) <= {"yes", "no"}


def test_robustness_conclusions_are_computed_from_the_results(book, protocol, ranges) -> None:
    text = m.robustness_conclusions(protocol, ranges, book)
    core = protocol.core_fit.iloc[0]
    assert f"consistency {core['Cons.Suf']:.3f}" in text
    assert f"RF_cov {protocol.fit.iloc[0]['RF_cov']:.3f}" in text
    changed = protocol.tests[(protocol.tests["kind"] == "case deletion") & ~protocol.tests["same"]]
    for case_id, sol in zip(changed["setting"], changed["solution"], strict=True):
        assert f"{book.cases.loc[case_id, 'name']}: {sol}" in text
    assert f"Of {len(protocol.tests)} tests, {int(protocol.tests['same'].sum())} give" in text
    # a test without a solution says why: nothing passes, or everything does (nothing to contrast)
    failed = protocol.tests[~protocol.tests["used"]]
    everything = failed["solution"].str.contains("All truth table configurations")
    if everything.any():
        assert "where every configuration passes and nothing is left to contrast" in text
    if (~everything).any():
        assert "where no configuration passes" in text
    assert "nothing left to explain" not in text
    for case_id in changed["setting"]:
        assert f"without {book.cases.loc[case_id, 'name']}" in text


def test_case_selection_table_and_conclusions(book, protocol) -> None:
    sol = protocol.initial
    table = m.case_selection_table(sol, protocol, book)
    assert table["type"].tolist() == case_types(sol)["type"].tolist()
    typical = smmr(sol, cases=1)["Typical Cases"]
    most = typical.loc[typical["MostTyp"], "Case"].tolist()
    assert table.loc[table["most typical"] == "yes"].index.tolist() == most
    np.testing.assert_allclose(
        table.loc[typical["Case"], "Best"], typical["Best"].round(3).to_numpy()
    )
    text = m.case_selection_conclusions(table)
    first = table.loc[most[0], "case"]
    assert f"{first} is the most typical" in text
    for kind in ("deviant coverage", "individually irrelevant"):
        for name in table.loc[table["type"] == kind, "case"]:
            assert name in text


def test_case_selection_explains_a_case_deviant_in_degree_but_robust_typical(
    book, protocol
) -> None:
    """smmr types by degree, the robustness protocol by kind: a case can be both; say so."""
    table = m.case_selection_table(protocol.initial, protocol, book)
    both = table[
        (table["type"] == "deviant in degree")
        & table["robustness"].astype(str).str.contains("typical")
    ]
    text = m.case_selection_conclusions(table)
    for name in both["case"]:
        assert f"counts {name} as typical" in text
    if both.empty:
        assert "differ in degree, not in kind" not in text
