"""Tests of smartcase.strategy: stage model, stage diagnosis, strategy catalogue and recommendations.

Known answers on the two-case fixture (tests/data/mini_casebook) with the fixture catalogue
(tests/data/strategy) were derived by hand from the fixture's 'ref' codes and the bundled stage model:

* alpha: technology mean code 3/7 = 0.43, institutions 0, capacity 1/7; beta: technology 0,
  institutions 2/8 = 0.25, capacity 2/7. Neither meets any s2 condition, so both are at s1.
* alpha's ranking (sort key: lowest target code, addresses an unmet s2 condition, mean target code,
  element mean, catalogue order): i-01, t-02, o-01, c-02, c-01; t-01 (open_data = 3) is left out.
* beta's ranking: t-01, t-02, i-01, c-02, o-01, c-01.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError, DataError
from smartcase.strategy import (
    DIRECTIONS,
    NO_PEER,
    StageDiagnosis,
    diagnose_stage,
    load_strategies,
    recommend,
    stages,
)

TESTS = Path(__file__).parent
MINI = TESTS / "data" / "mini_casebook"
CATALOGUE = TESTS / "data" / "strategy"
DATA = TESTS.parent / "data"
HAS_BUNDLED = (DATA / "cases.csv").is_file() and (DATA / "codes.csv").is_file()
bundled = pytest.mark.skipif(
    not HAS_BUNDLED, reason="bundled case base (data/cases.csv) not yet present"
)


@pytest.fixture(scope="module")
def book():
    return load_cases(MINI)


@pytest.fixture(scope="module")
def cat():
    return load_strategies(CATALOGUE)


# ------------------------------------------------------------------ stage model
def test_stage_model_is_ordered_and_cumulative() -> None:
    st = stages()
    assert list(st.index) == ["s1", "s2", "s3"]
    assert list(st["order"]) == [1, 2, 3]
    # the entry stage has no conditions; every later stage has some
    assert (
        st.loc["s1", ["element_min", "subdimension_all", "subdimension_any", "outcome_min"]]
        .isna()
        .all()
    )
    assert st.loc["s3", "outcome_min"] == "innovation>=2"
    # the model says it is smartcase's own and that the report's stages are not public
    assert "not public" in st.loc["s3", "basis"]


def test_fixture_stages_known_answers(book) -> None:
    for case in ("alpha", "beta"):
        d = diagnose_stage(book, case)
        assert isinstance(d, StageDiagnosis)
        assert (d.stage, d.next_stage) == ("s1", "s2")
        assert int(d.stage_table.at["s2", "conditions_met"]) == 0
    r = diagnose_stage(book, "alpha").rules.set_index("rule_id")
    assert r.at["s2.element.technology", "observed"] == pytest.approx(3 / 7)
    assert r.at["s2.element.technology", "evidence_ids"] == "alpha-e001"
    assert r.at["s3.any_of", "observed"] == 1.0
    assert r.at["s3.any_of", "evidence_ids"] == "alpha-e002"
    b = diagnose_stage(book, "beta").rules.set_index("rule_id")
    assert b.at["s2.element.institutions", "observed"] == pytest.approx(2 / 8)
    assert b.at["s3.outcome.innovation", "observed"] == 1.0
    assert b.at["s3.outcome.innovation", "codes"] == "innovation=1"
    assert not b["met"].any()


def test_diagnosis_explains_its_verdict(book) -> None:
    text = repr(diagnose_stage(book, "beta"))
    assert (
        text.splitlines()[0]
        == "StageDiagnosis: 'beta' is at s1 Foundation and experimentation (coder 'ref')"
    )
    assert "s2 is not reached (0 of 4 conditions met)" in text
    assert "[not met] mean code of institutions >= 1.0: observed 0.25" in text
    assert "funding=2" in text and "evidence beta-e002" in text
    assert "<table" in diagnose_stage(book, "beta")._repr_html_()


def lowered_stages() -> pd.DataFrame:
    """The bundled stage model with s2 conditions beta meets and alpha does not."""
    st = stages().copy()
    st.loc["s2", "element_min"] = "capacity>=0.25"
    st.loc["s2", "subdimension_all"] = "funding>=2"
    st.loc["s2", "subdimension_any"] = "living_lab>=2;open_data>=3"
    return st


def test_stage_thresholds_are_data(book) -> None:
    st = lowered_stages()
    beta = diagnose_stage(book, "beta", stages=st)
    assert (beta.stage, beta.next_stage) == (
        "s2",
        "s3",
    )  # capacity 2/7 >= 0.25, funding 2, living_lab 2
    alpha = diagnose_stage(book, "alpha", stages=st)
    # alpha meets the any-of (open_data 3) but not capacity (1/7) or funding (0)
    assert alpha.stage == "s1"
    assert list(alpha.rules.loc[alpha.rules.stage_id == "s2", "met"]) == [False, False, True]
    # at s2, beta gets the strategies listed for s2 and not those listed only for s1 (t-01, c-01, i-01).
    # Ranking by hand: c-02 (lowest 0, capacity named by unmet s3 conditions, mean 0), o-01 (0, named, 0.5),
    # t-02 (0, technology named by no s3 condition), i-02 (funding 2).
    recs = recommend(book, "beta", strategies=load_strategies(CATALOGUE), stages=st)
    assert list(recs["strategy_id"]) == ["c-02", "o-01", "t-02", "i-02"]
    assert set(recs["stage_id"]) == {"s2"}


def test_uneven_profile_is_reported(book) -> None:
    st = stages().copy()
    st.loc["s3", ["element_min", "subdimension_all", "subdimension_any", "outcome_min"]] = [
        None,
        "living_lab>=2",
        None,
        None,
    ]
    d = diagnose_stage(book, "beta", stages=st)
    assert d.stage == "s1"
    assert bool(d.stage_table.at["s3", "all_met"]) and not bool(d.stage_table.at["s3", "reached"])
    assert "profile is uneven" in repr(d)


# ------------------------------------------------------------------ recommend
def test_recommend_known_rankings(book, cat) -> None:
    alpha = recommend(book, "alpha", strategies=cat)
    assert list(alpha["strategy_id"]) == ["i-01", "t-02", "o-01", "c-02", "c-01"]
    assert list(alpha["priority"]) == [1, 2, 3, 4, 5]
    beta = recommend(book, "beta", strategies=cat)
    assert list(beta["strategy_id"]) == ["t-01", "t-02", "i-01", "c-02", "o-01", "c-01"]
    assert {
        "priority",
        "element",
        "strategy",
        "reason",
        "peer_case",
        "strategy_id",
        "target_subdimensions",
        "peer_evidence_ids",
    } <= set(beta.columns)


def test_weakest_targeted_subdimension_first(book, cat) -> None:
    recs = recommend(book, "alpha", strategies=cat)
    m = book.code_matrix(outcome=True).loc["alpha"]
    lowest = [min(int(m[t]) for t in ts.split(";")) for ts in recs["target_subdimensions"]]
    assert lowest == sorted(lowest)
    # living_lab (1) is alpha's only non-zero target, so c-01 comes last; open_data (3) is not targeted
    assert recs.iloc[-1]["strategy_id"] == "c-01"
    assert "t-01" not in set(recs["strategy_id"])
    assert recs.iloc[0]["reason"].startswith("strategy_plan coded 0 (absent, or not found")
    assert "the case's weakest element" in recs.iloc[0]["reason"]
    assert "addresses a condition of s2 not yet met" in recs.iloc[0]["reason"]


def test_peer_is_best_other_case_and_never_the_case(book, cat) -> None:
    alpha = recommend(book, "alpha", strategies=cat).set_index("strategy_id")
    beta = recommend(book, "beta", strategies=cat).set_index("strategy_id")
    # living lab: beta (2) beats alpha (1) and cites its own evidence
    assert alpha.loc["c-01", ["peer_case", "peer_basis", "peer_evidence_ids"]].tolist() == [
        "beta",
        "codes",
        "beta-e001",
    ]
    assert alpha.loc["c-01", "peer_codes"] == "living_lab=2"
    # open data: alpha (3) is beta's peer
    assert beta.loc["t-01", ["peer_case", "peer_evidence_ids"]].tolist() == ["alpha", "alpha-e001"]
    # no other case codes a strategy above 0: the catalogue exemplar of another case is the fallback ...
    assert beta.loc["i-01", ["peer_case", "peer_basis", "peer_evidence_ids"]].tolist() == [
        "alpha",
        "catalogue exemplar",
        "alpha-e003",
    ]
    # ... and when the only exemplar is the case's own, there is no peer
    assert alpha.loc["t-02", ["peer_case", "peer_basis", "peer_evidence_ids"]].tolist() == [
        NO_PEER,
        "none",
        "",
    ]
    assert beta.loc["c-01", "peer_case"] == NO_PEER
    for recs, case in ((alpha, "alpha"), (beta, "beta")):
        assert (recs["peer_case"] != case).all()


def test_n_limits_and_is_checked(book, cat) -> None:
    assert list(recommend(book, "beta", strategies=cat, n=2)["strategy_id"]) == ["t-01", "t-02"]
    for bad in (0, -1, 2.5, True, "3"):
        with pytest.raises(ArgumentError, match="argument 'n'"):
            recommend(book, "beta", strategies=cat, n=bad)


def test_recommend_does_not_mutate_inputs(book, cat) -> None:
    before_cat, before_codes = cat.copy(), book.codes.copy()
    recommend(book, "alpha", strategies=cat)
    pd.testing.assert_frame_equal(cat, before_cat)
    pd.testing.assert_frame_equal(book.codes, before_codes)


def test_case_without_codes_for_some_constructs(tmp_path: Path, cat) -> None:
    folder = tmp_path / "cases"
    shutil.copytree(MINI, folder)
    codes = folder / "codes.csv"
    kept = [
        ln
        for ln in codes.read_text(encoding="utf-8").splitlines(keepends=True)
        if not ln.startswith(("beta,strategy_plan,ref", "beta,open_data,ref"))
    ]
    codes.write_text("".join(kept), encoding="utf-8")
    book = load_cases(folder)
    d = diagnose_stage(book, "beta")
    assert (
        d.rules.set_index("rule_id").at["s2.subdimension.strategy_plan", "codes"]
        == "strategy_plan=not coded"
    )
    recs = recommend(book, "beta", strategies=cat).set_index("strategy_id")
    assert recs.loc["t-01", "reason"].startswith("open_data not coded")
    assert recs.loc["i-01", "case_codes"] == "strategy_plan=not coded"


# ------------------------------------------------------------------ bad input
def test_unknown_case_and_coder(book, cat) -> None:
    with pytest.raises(ArgumentError, match="argument 'case'.*'gamma'"):
        diagnose_stage(book, "gamma")
    with pytest.raises(ArgumentError, match="argument 'case'"):
        recommend(book, "gamma", strategies=cat)
    with pytest.raises(ArgumentError, match="argument 'coder'"):
        diagnose_stage(book, "alpha", coder="nobody")


def write_catalogue(folder: Path, replace: tuple[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = (CATALOGUE / "strategies.csv").read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    (folder / "strategies.csv").write_text(text, encoding="utf-8")
    return folder


def test_catalogue_citing_missing_evidence(tmp_path: Path, book) -> None:
    # line 6 of the file (header = line 1) is strategy i-01
    folder = write_catalogue(
        tmp_path / "cat", ("Fixture entry.,alpha-e003", "Fixture entry.,alpha-e003;alpha-e999")
    )
    broken = load_strategies(folder)  # the catalogue alone is well-formed
    with pytest.raises(DataError) as err:
        recommend(book, "beta", strategies=broken)
    msg = str(err.value)
    assert "strategies.csv" in msg and "line 6" in msg and "alpha-e999" in msg
    assert "exemplar_evidence_ids" in msg
    # a catalogue passed as a plain DataFrame (no file) is named by its row
    plain = broken.copy()
    plain.attrs = {}
    with pytest.raises(DataError, match=r"strategies\.csv, row 'i-01'.*alpha-e999"):
        recommend(book, "beta", strategies=plain)


@pytest.mark.parametrize(
    ("old", "new", "field", "found"),
    [
        (
            "c-01,capacity,living_lab",
            "c-01,capacity,open_data",
            "target_subdimensions",
            "'open_data'",
        ),
        ("i-02,institutions", "i-02,governance", "element_id", "'governance'"),
        ("funding,s2,", "funding,s4,", "stage_ids", "'s4'"),
        (
            "o-01,outcome,innovation;co_creation,s1;s2;s3,quality_of_life",
            "o-01,outcome,innovation,s1,happiness",
            "direction",
            "'happiness'",
        ),
    ],
)
def test_malformed_catalogue_entries(
    tmp_path: Path, old: str, new: str, field: str, found: str
) -> None:
    folder = write_catalogue(tmp_path / "cat", (old, new))
    with pytest.raises(DataError) as err:
        load_strategies(folder)
    msg = str(err.value)
    assert "strategies.csv" in msg and "line " in msg and f"field '{field}'" in msg and found in msg


def test_malformed_stage_table(book) -> None:
    st = stages().copy()
    st.loc["s2", "subdimension_all"] = "strategy>=2"
    with pytest.raises(DataError, match=r"stages\.csv.*subdimension_all.*'strategy'"):
        diagnose_stage(book, "alpha", stages=st)
    with pytest.raises(ArgumentError, match="argument 'stages'"):
        diagnose_stage(book, "alpha", stages=st.iloc[0:0])


# ------------------------------------------------------------------ bundled data
def test_bundled_catalogue_is_well_formed() -> None:
    cat = load_strategies()
    if cat.empty:
        pytest.skip("bundled catalogue not yet written")
    assert set(cat["direction"]) == set(DIRECTIONS)  # every direction served
    counts = cat["element_id"].value_counts()
    for element in ("technology", "capacity", "institutions"):
        assert 4 <= counts.get(element, 0) <= 7, element
    assert counts.get("outcome", 0) >= 2
    for rec in cat.itertuples():
        assert rec.strategy.endswith("."), rec.Index
        assert set(rec.stage_ids.split(";")) <= {"s1", "s2", "s3"}
    for stage in ("s1", "s2", "s3"):
        assert cat["stage_ids"].str.split(";").apply(lambda s, st=stage: st in s).sum() >= 5, stage


@bundled
def test_every_exemplar_exists_in_the_bundled_evidence() -> None:
    book = load_cases()
    cat = load_strategies()
    ids = {e for v in cat["exemplar_evidence_ids"] for e in v.split(";")}
    assert ids <= set(book.evidence.index), sorted(ids - set(book.evidence.index))


@bundled
def test_every_city_gets_recommendations_with_peers() -> None:
    book = load_cases()
    for case in book.case_ids:
        d = diagnose_stage(book, case)
        recs = recommend(book, case)
        assert len(recs) >= 3, case
        assert (recs["peer_case"] != case).all()
        assert set(recs["stage_id"]) == {d.stage}
        for rec in recs.itertuples():
            if rec.peer_basis == "codes":
                assert rec.peer_evidence_ids, (case, rec.strategy_id)
                assert set(rec.peer_evidence_ids.split(";")) <= set(
                    book.evidence.index[book.evidence.case_id == rec.peer_case]
                )


@bundled
def test_bundled_catalogue_on_a_book_without_the_bundled_cases() -> None:
    book = load_cases(MINI)
    recs = recommend(book, "alpha")  # bundled exemplars are checked against the bundled evidence
    assert len(recs) > 0
    assert set(recs["peer_case"]) <= {"beta", NO_PEER}


def user_folder(tmp_path: Path) -> Path:
    """The fixture as a user's own case base: alpha and beta coded by coder 'me' only."""
    folder = tmp_path / "mine"
    shutil.copytree(MINI, folder)
    (folder / "coders.csv").write_text(
        "coder_id,name,coded_on,note\nme,A user,2026-11,\n", encoding="utf-8"
    )
    lines = (folder / "codes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "codes.csv").write_text(
        lines[0] + "".join(ln.replace(",ref,", ",me,") for ln in lines[1:] if ",ref," in ln),
        encoding="utf-8",
    )
    return folder


def test_other_cases_fall_back_to_the_reference_coding(tmp_path: Path, cat) -> None:
    folder = tmp_path / "cases"
    shutil.copytree(MINI, folder)
    codes = folder / "codes.csv"
    codes.write_text(
        "".join(
            ln
            for ln in codes.read_text(encoding="utf-8").splitlines(keepends=True)
            if not ln.startswith("beta,") or ",c2," not in ln
        ),
        encoding="utf-8",
    )
    book = load_cases(folder)
    recs = recommend(book, "alpha", coder="c2", strategies=cat).set_index("strategy_id")
    # c2 did not code beta, so beta is read with ref's codes (living_lab 2, not c2's former 3)
    assert recs.loc["c-01", ["peer_case", "peer_codes", "peer_evidence_ids"]].tolist() == [
        "beta",
        "living_lab=2",
        "beta-e001",
    ]


@bundled
def test_a_user_case_added_to_the_bundled_ones(tmp_path: Path) -> None:
    book = load_cases(user_folder(tmp_path), include_bundled=True)
    d = diagnose_stage(book, "alpha", coder="me")
    assert d.stage == "s1"  # as with the 'ref' codes of the fixture
    recs = recommend(book, "alpha", coder="me")
    assert len(recs) >= 3
    assert (recs["peer_case"] != "alpha").all()
    bundled_ids = set(load_cases().case_ids)
    assert set(recs.loc[recs.peer_basis == "codes", "peer_case"]) <= bundled_ids | {"beta"}
    assert (recs["peer_basis"] == "codes").any()
