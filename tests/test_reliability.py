"""Tests of smartcase.agreement (smartcase.reliability): published known answers for alpha and kappa, hand-computed
agreement on the fixtures, the disagreement list, the bootstrap and bad input."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from smartcase.agreement import reliability, weighted_kappa
from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError

TEST_DATA = Path(__file__).parent / "data"
REF = TEST_DATA / "reliability"
MINI = TEST_DATA / "mini_casebook"
FIVE = TEST_DATA / "five_casebook"


def matrix_to_codes(path: Path) -> pd.DataFrame:
    """A coders x units CSV (empty = missing) as a codes table in the case-base layout."""
    wide = pd.read_csv(path).set_index("coder")
    rows = []
    for coder, rec in wide.iterrows():
        for unit, value in rec.items():
            if not pd.isna(value):
                rows.append(
                    {"case_id": unit, "construct_id": "x", "coder_id": coder, "code": value}
                )
    return pd.DataFrame(rows)


def table_to_ratings(table: np.ndarray) -> tuple[list[int], list[int]]:
    r1: list[int] = []
    r2: list[int] = []
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            r1 += [i] * int(table[i, j])
            r2 += [j] * int(table[i, j])
    return r1, r2


# ------------------------------------------------- Krippendorff's alpha: published
@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_krippendorff_2011_example(level: str, published: float) -> None:
    codes = matrix_to_codes(REF / "krippendorff_2011.csv")
    res = reliability(codes, level=level, n_boot=0)  # type: ignore[arg-type]
    assert round(res.alpha, 3) == published
    # unit 12 carries a single value and is not pairable
    assert res.n_units == 11


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.691), ("interval", 0.811)])
def test_alpha_three_coder_fifteen_unit_example(level: str, published: float) -> None:
    codes = matrix_to_codes(REF / "krippendorff_3x15.csv")
    res = reliability(codes, level=level, n_boot=0)  # type: ignore[arg-type]
    assert round(res.alpha, 3) == published
    assert res.coders == ("A", "B", "C")


# --------------------------------------------------------------- kappa: published
def test_kappa_sas_example() -> None:
    table = pd.read_csv(REF / "sas_kappa_table.csv").set_index("rater1").to_numpy()
    r1, r2 = table_to_ratings(table)
    assert round(weighted_kappa(r1, r2, weights="none"), 4) == 0.4842
    assert round(weighted_kappa(r1, r2, weights="linear"), 4) == 0.4701


@pytest.mark.parametrize(
    ("weights", "published"),
    [("none", -0.006289308), ("linear", 0.1459075), ("quadratic", 0.2520325)],
)
def test_kappa_r_irr_anxiety(weights: str, published: float) -> None:
    anx = pd.read_csv(REF / "anxiety.csv")
    # irr::kappa2 orders the levels it observes (1, 2, 3, 4, 6): pass the same categories
    k = weighted_kappa(anx["rater2"], anx["rater3"], weights=weights, categories=[1, 2, 3, 4, 6])  # type: ignore[arg-type]
    assert k == pytest.approx(published, abs=5e-8)


def test_kappa_category_positions_matter() -> None:
    anx = pd.read_csv(REF / "anxiety.csv")
    on_full_scale = weighted_kappa(anx["rater2"], anx["rater3"], categories=[1, 2, 3, 4, 5, 6])
    assert on_full_scale != pytest.approx(0.1459075, abs=1e-4)


def test_kappa_perfect_and_undefined() -> None:
    assert weighted_kappa([0, 1, 2, 3], [0, 1, 2, 3]) == 1.0
    assert math.isnan(weighted_kappa([2, 2, 2], [2, 2, 2]))
    # missing pairs are dropped
    assert weighted_kappa([0, 1, None, 3], [0, 1, 2, 3]) == 1.0


def test_kappa_bad_input() -> None:
    with pytest.raises(ArgumentError, match="weights"):
        weighted_kappa([0, 1], [0, 1], weights="cubic")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="rater2"):
        weighted_kappa([0, 1], [0])
    with pytest.raises(ArgumentError, match="categories.*7"):
        weighted_kappa([0, 7], [0, 1], categories=[0, 1, 2, 3])
    with pytest.raises(ArgumentError, match="no unit rated by both"):
        weighted_kappa([None, 1], [0, None])


# ----------------------------------------------------- fixtures: computed by hand
def test_mini_fixture_by_hand() -> None:
    book = load_cases(MINI)
    res = reliability(book.codes, n_boot=0)
    # 2 cases x 23 constructs; the coders differ only on beta/living_lab (2 vs 3)
    assert res.n_units == 46
    assert res.percent_agreement == pytest.approx(45 / 46)
    # marginals ref (41, 2, 2, 1), c2 (41, 2, 1, 2) over codes 0..3; one (2, 3) pair off the diagonal
    assert res.kappa["none"] == pytest.approx(381 / 427)
    assert res.kappa["linear"] == pytest.approx(1 - 46 / 802)
    assert res.kappa["quadratic"] == pytest.approx(1 - 46 / 1798)
    d = res.disagreements
    assert d[["case_id", "construct_id", "code_ref", "code_c2", "difference"]].values.tolist() == [
        ["beta", "living_lab", 2, 3, 1]
    ]
    assert d.loc[0, "rationale_ref"] == "Fixture code."


def test_five_fixture_disagreements() -> None:
    book = load_cases(FIVE)
    res = reliability(book, n_boot=0)  # a CaseBook stands for its codes
    assert res.n_units == 115
    assert res.percent_agreement == pytest.approx(109 / 115)
    expected = {
        ("eastport", "open_data"),
        ("eastvale", "living_lab"),
        ("eastfield", "iot_sensors"),
        ("westholm", "funding"),
        ("westbury", "smart_governance"),
        ("westbury", "innovation"),
    }
    d = res.disagreements
    assert set(zip(d["case_id"], d["construct_id"], strict=True)) == expected
    assert (d["difference"] == 1).all()
    assert d["rationale_c2"].notna().all()
    assert 0.8 < res.alpha < 1.0


def test_alpha_matches_reference_package_on_fixture() -> None:
    import krippendorff

    book = load_cases(FIVE)
    res = reliability(book.codes, n_boot=0)
    data = res.ratings.to_numpy(dtype=float).T
    assert res.alpha == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal")
    )


# ------------------------------------------------------------------- bootstrap
def test_bootstrap_seeded_and_reproducible() -> None:
    codes = load_cases(FIVE).codes
    a = reliability(codes, n_boot=200, seed=1)
    b = reliability(codes, n_boot=200, seed=1)
    c = reliability(codes, n_boot=200, seed=2)
    assert a.alpha_ci == b.alpha_ci
    assert a.alpha_ci != c.alpha_ci
    lo, hi = a.alpha_ci
    assert lo <= hi <= 1.0
    assert a.n_boot_valid == 200


def test_bootstrap_perfect_agreement() -> None:
    codes = pd.DataFrame(
        {
            "case_id": list("aabbcc"),
            "construct_id": ["x"] * 6,
            "coder_id": ["c1", "c2"] * 3,
            "code": [0, 0, 1, 1, 3, 3],
        }
    )
    res = reliability(codes, n_boot=100, seed=0)
    assert res.alpha == 1.0
    assert res.alpha_ci == (1.0, 1.0)
    assert res.disagreements.empty
    assert res.percent_agreement == 1.0


def test_alpha_undefined_without_variation() -> None:
    codes = pd.DataFrame(
        {
            "case_id": list("aabb"),
            "construct_id": ["x"] * 4,
            "coder_id": ["c1", "c2"] * 2,
            "code": [2, 2, 2, 2],
        }
    )
    res = reliability(codes, n_boot=10)
    assert math.isnan(res.alpha)
    assert any("undefined" in n for n in res.notes)


# --------------------------------------------------------------- three coders
def test_three_coders_pairwise_mean() -> None:
    codes = matrix_to_codes(REF / "krippendorff_2011.csv")
    res = reliability(codes, n_boot=0)
    assert len(res.pairwise) == 6  # pairs of A-D
    assert res.kappa["linear"] == pytest.approx(res.pairwise["kappa_linear"].mean())
    # all coders agree on units 1 (ignoring missing), 3, 4, 5, 7, 9, 10, 11 of the 11 pairable units
    assert res.percent_agreement == pytest.approx(8 / 11)
    sub = reliability(codes, coders=["A", "B"], n_boot=0)
    assert sub.coders == ("A", "B")


# ----------------------------------------------------------------- bad input
def test_one_coder_is_a_clear_error() -> None:
    codes = load_cases(MINI).codes
    with pytest.raises(
        ArgumentError, match=r"codes.*at least two coders.*only one coder \('ref'\)"
    ):
        reliability(codes[codes["coder_id"] == "ref"])
    with pytest.raises(ArgumentError, match="only one coder"):
        reliability(codes, coders=["c2"])


def test_other_bad_input() -> None:
    codes = load_cases(MINI).codes
    with pytest.raises(ArgumentError, match="level.*'ordinal'"):
        reliability(codes, level="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="coders.*'nobody'"):
        reliability(codes, coders=["ref", "nobody"])
    with pytest.raises(ArgumentError, match="missing: coder_id"):
        reliability(codes.drop(columns="coder_id"))
    with pytest.raises(ArgumentError, match="twice"):
        reliability(pd.concat([codes, codes.iloc[:1]]))
    with pytest.raises(ArgumentError, match="numeric codes"):
        reliability(codes.assign(code=codes["code"].astype(str).replace({"3": "high"})))
    with pytest.raises(ArgumentError, match="n_boot"):
        reliability(codes, n_boot=-1)
    with pytest.raises(ArgumentError, match="confidence"):
        reliability(codes, confidence=95)
    with pytest.raises(ArgumentError, match="codes"):
        reliability([1, 2, 3])  # type: ignore[arg-type]


def test_input_not_mutated_and_summary() -> None:
    codes = load_cases(FIVE).codes
    before = codes.copy()
    res = reliability(codes, n_boot=50)
    pd.testing.assert_frame_equal(codes, before)
    frame = res.to_frame()
    assert frame.loc[frame.statistic == "percent_agreement", "value"].item() == pytest.approx(
        109 / 115
    )
    assert "unit = (case, construct)" in " ".join(frame["note"])
    assert "Krippendorff's alpha (ordinal)" in repr(res)
    assert "<table" in res._repr_html_()


def _readme_reliability_table() -> dict[str, tuple[str, str]]:
    text = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text("utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and not set(cells[0]) <= {"-", ""}:
            rows[cells[0]] = (cells[1], cells[2])
    return rows


def _stated(res) -> tuple[str, str, str, str, str]:
    d = res.direction.iloc[0]
    assert (d.coder_1, d.coder_2) == ("ref", "c2")
    n_dis = len(res.disagreements)
    return (
        f"{res.alpha:.3f}",
        f"{res.alpha_with_evidence:.3f} ({res.n_units_with_evidence} units)",
        f"{d.agree} of {res.n_units}",
        f"{d.same_evidence} of {res.n_units}",
        f"{n_dis}: `c2` higher on {d.coder_2_higher}, `ref` higher on {d.coder_1_higher}",
    )


_ROWS = (
    "Krippendorff's ordinal alpha, all units",
    "alpha on the units where at least one coder gave a non-zero code or cited evidence",
    "exact agreement",
    "units on which both cite the same evidence",
    "disagreements (all one level apart)",
)


def test_bundled_codes_match_what_the_data_readme_says() -> None:
    """data/README.md states ref vs c2 as c2 was made (v0.1) and now: both must stay true."""
    table = _readme_reliability_table()
    as_made = reliability(pd.read_csv(REF / "codes_v0_1.csv"), n_boot=50, seed=0)
    now = reliability(load_cases().codes, n_boot=50, seed=0)
    for row, then_value, now_value in zip(_ROWS, _stated(as_made), _stated(now), strict=True):
        assert table[row] == (then_value, now_value), row
    assert (now.disagreements["difference"] == 1).all()
    # as made, the direction was one-sided; data/coders.csv says so about c2
    d = as_made.direction.iloc[0]
    assert (d.coder_2_higher, d.coder_1_higher) == (len(as_made.disagreements), 0)
    note = load_cases().coders.at["c2", "note"]
    assert f"{d.same_evidence} of 115 units cite the same evidence" in note
    assert f"all {len(as_made.disagreements)} disagreements" in note
    assert "not independent" in note


# ------------------------------------------------------- breakdowns and direction
def _units(rows: list[tuple[str, str, str, int, str | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["case_id", "construct_id", "coder_id", "code", "evidence_ids"]
    )


def test_alpha_with_evidence_by_hand() -> None:
    # unit a: both 0, nothing cited; b: 1 vs 2; c: 3 vs 3. Nominal alpha by the coincidence
    # matrix (Krippendorff 2011): all units 1 - 5 * 2 / 26; units with evidence (b, c) 1 - 3 * 2 / 10
    codes = _units(
        [
            ("a", "x", "p", 0, None),
            ("a", "x", "q", 0, None),
            ("b", "x", "p", 1, "b-e1"),
            ("b", "x", "q", 2, "b-e1"),
            ("c", "x", "p", 3, "c-e1"),
            ("c", "x", "q", 3, "c-e2"),
        ]
    )
    res = reliability(codes, level="nominal", n_boot=0)
    assert res.alpha == pytest.approx(1 - 10 / 26)
    assert res.n_units_with_evidence == 2
    assert res.alpha_with_evidence == pytest.approx(0.4)
    d = res.direction.iloc[0].to_dict()
    assert d["units"] == 3 and d["agree"] == 2
    assert (d["coder_1_higher"], d["coder_2_higher"]) == (0, 1)
    assert d["mean_difference"] == pytest.approx(-1 / 3)
    # a (nothing cited) and b (b-e1 by both) cite the same evidence; c does not
    assert d["same_evidence"] == 2
    assert d["disagree_same_evidence"] == 1
    assert res.disagreements["same_evidence"].tolist() == [True]
    frame = res.to_frame().set_index("statistic")["value"]
    assert frame["units_with_evidence"] == 2
    assert frame["q_higher"] == 1 and frame["p_higher"] == 0
    assert "q higher on 1" in repr(res)


def test_cited_evidence_counts_as_found_even_at_zero() -> None:
    codes = _units(
        [
            ("a", "x", "p", 0, "a-e1"),  # looked at evidence and still coded 0
            ("a", "x", "q", 0, None),
            ("b", "x", "p", 0, None),
            ("b", "x", "q", 0, None),
            ("c", "x", "p", 2, "c-e1"),
            ("c", "x", "q", 2, "c-e1"),
        ]
    )
    res = reliability(codes, n_boot=0)
    assert res.n_units_with_evidence == 2
    # without an evidence_ids column only non-zero codes count
    assert reliability(codes.drop(columns="evidence_ids"), n_boot=0).n_units_with_evidence == 1
    assert pd.isna(
        reliability(codes.drop(columns="evidence_ids"), n_boot=0).direction.loc[0, "same_evidence"]
    )


def test_breakdowns_on_the_mini_fixture() -> None:
    book = load_cases(MINI)
    res = reliability(book, n_boot=0)
    by_el = res.by_element.set_index("element_id")
    fw = book.framework
    assert list(by_el.index) == [*fw.elements.index, "outcome"]
    for el in fw.elements.index:
        assert by_el.at[el, "units"] == 2 * len(fw.subdimensions_of(el))
    # the one disagreement (beta/living_lab, 2 vs 3) sits in the capacity element
    assert by_el["disagreements"].to_dict() == {
        "technology": 0,
        "capacity": 1,
        "institutions": 0,
        "outcome": 0,
    }
    assert by_el.at["capacity", "percent_agreement"] == pytest.approx(
        1 - 1 / (2 * len(fw.subdimensions_of("capacity")))
    )
    by_sub = res.by_subdimension.set_index("construct_id")
    assert len(by_sub) == len(fw.codebook)
    assert by_sub.at["living_lab", "disagreements"] == 1
    assert by_sub.at["living_lab", "c2_higher"] == 1 and by_sub.at["living_lab", "ref_higher"] == 0
    assert by_sub.at["living_lab", "element_id"] == "capacity"
    assert by_sub.at["innovation", "element_id"] == "outcome"
    # alpha of a group equals the krippendorff package on that group's units
    import krippendorff

    cap = res.ratings[
        [
            fw.codebook.at[c, "element_id"] == "capacity"
            for c in res.ratings.index.get_level_values(1)
        ]
    ]
    assert by_el.at["capacity", "alpha"] == pytest.approx(
        krippendorff.alpha(reliability_data=cap.to_numpy().T, level_of_measurement="ordinal")
    )


def test_constructs_outside_the_framework_have_no_element() -> None:
    codes = matrix_to_codes(REF / "krippendorff_2011.csv")
    res = reliability(codes, n_boot=0)
    assert len(res.by_element) == 1 and pd.isna(res.by_element.loc[0, "element_id"])
    assert res.by_element.loc[0, "units"] == res.n_units
    assert res.by_element.loc[0, "alpha"] == pytest.approx(res.alpha)
    assert len(res.direction) == 6  # pairs of four coders
