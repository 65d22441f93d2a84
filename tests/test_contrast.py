"""Tests of the group contrast's evidence and lessons (smartcase.contrast), answers by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from casebooks import FIVE, load

from smartcase.contrast import ALL_ELEMENTS, contrast_evidence, lessons
from smartcase.errors import ArgumentError


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ----------------------------------------------------------------------------- evidence
def test_contrast_evidence_counted_independently() -> None:
    book = load("five")
    ce = contrast_evidence(book)
    assert list(ce.index.get_level_values(0).unique()) == ["East", "West"]
    assert list(ce.loc["East"].index) == ["technology", "capacity", "institutions", ALL_ELEMENTS]
    evidence = {r["evidence_id"]: r for r in rows(FIVE, "evidence")}
    kinds = {r["source_id"]: r["kind"] for r in rows(FIVE, "sources")}
    cases = {r["case_id"]: r["group"] for r in rows(FIVE, "cases")}
    codes = [
        r
        for r in rows(FIVE, "codes")
        if r["coder_id"] == "ref" and r["construct_id"] != "innovation"
    ]
    element = {e["subdimension_id"]: e["element_id"] for e in evidence.values()}
    for group in ("East", "West"):
        for el in ("technology", "capacity", "institutions", ALL_ELEMENTS):
            mine = [
                r
                for r in codes
                if cases[r["case_id"]] == group
                and (el == ALL_ELEMENTS or element.get(r["construct_id"]) == el)
            ]
            cited = {e for r in mine for e in r["evidence_ids"].split(";") if e}
            got = ce.loc[(group, el)]
            assert got["codes"] == len(mine)
            assert got["items"] == len(cited)
            strong = sum(evidence[e]["strength"] == "strong" for e in cited)
            news = sum(kinds[evidence[e]["source_id"]] == "news" for e in cited)
            assert got["strong_share"] == pytest.approx(strong / len(cited))
            assert got["news_share"] == pytest.approx(news / len(cited))
            zeros = sum(r["code"] == "0" and not r["evidence_ids"] for r in mine)
            assert got["not_found_zero"] == zeros


def test_contrast_evidence_mean_codes_match_group_contrast() -> None:
    from smartcase.compare import group_contrast

    book = load("five")
    ce = contrast_evidence(book)
    gc = group_contrast(book, level="element").data.set_index("construct_id")
    for el in ("technology", "capacity", "institutions"):
        assert ce.loc[("East", el), "mean_code"] == pytest.approx(gc.at[el, "East_mean"])
        assert ce.loc[("West", el), "mean_code"] == pytest.approx(gc.at[el, "West_mean"])


def test_contrast_evidence_arguments() -> None:
    book = load("five")
    with pytest.raises(ArgumentError, match="by"):
        contrast_evidence(book, by="colour")
    with pytest.raises(ArgumentError, match="at least two groups"):
        contrast_evidence(book, by="admin_type")  # every fixture case is a municipality


# ----------------------------------------------------------------------------- lessons
def test_five_case_lessons_by_hand() -> None:
    les = lessons(load("five"), learn_from="West", learn_for="East")
    # gaps computed by hand from five_casebook/codes.csv (ref): best West code minus the mean of
    # the East cases at least one level below it; law_regulation has no West practice (1, 1)
    expected = [
        ("co_creation", 8 / 3),
        ("social_innovation", 8 / 3),
        ("digital_twin", 2),
        ("citizen_participation", 2),
        ("collaborative_network", 2),
        ("public_private_partnership", 2),
        ("open_data", 5 / 3),
        ("living_lab", 5 / 3),
        ("innovation_ecosystem", 5 / 3),
        ("smart_governance", 5 / 3),
        ("digital_skills", 1.5),
        ("strategy_plan", 1.5),
        ("monitoring_evaluation", 4 / 3),
        ("data_platform", 1),
        ("testbed_site", 1),
        ("dedicated_organisation", 1),
        ("coordination", 1),
        ("funding", 1),
    ]
    assert les["subdimension"].tolist() == [s for s, _ in expected]
    assert les["gap_size"].tolist() == pytest.approx([g for _, g in expected])
    first = les.iloc[0]
    assert first["practice"] == "Westholm and Westbury" and first["practice_code"] == 3
    assert first["gap_codes"] == "eastport=0; eastvale=0; eastfield=1"
    assert first["strategy_id"] == "cap-03"  # the capacity strategy before out-03
    assert first["other_strategy_ids"] == "out-03"
    assert first["lesson"].startswith(
        "Co-creation: Westholm and Westbury show the practice at level 3 (established), "
        "against Eastport and Eastvale at 0 (not found) and Eastfield at 1 (emerging);"
    )
    dt = les.set_index("subdimension").loc["digital_twin"]
    assert dt["practice"] == "Westholm" and dt["gap"] == "Eastfield"
    # the evidence of both sides is what the codes cite
    codes = {
        (r["case_id"], r["construct_id"]): r["evidence_ids"]
        for r in rows(FIVE, "codes")
        if r["coder_id"] == "ref"
    }
    assert dt["practice_evidence_ids"] == codes[("westholm", "digital_twin")]
    assert dt["gap_evidence_ids"] == ""  # eastfield's 0 cites nothing


def test_lessons_follow_the_data(tmp_path: Path) -> None:
    import shutil

    from smartcase.casebook import load_cases

    folder = tmp_path / "five"
    shutil.copytree(FIVE, folder)
    codes = folder / "codes.csv"
    text = codes.read_text(encoding="utf-8")
    # westholm's digital_twin 2 -> 1: no West case shows the practice any more
    old = next(ln for ln in text.splitlines() if ln.startswith("westholm,digital_twin,ref,2,"))
    codes.write_text(text.replace(old, old.replace(",ref,2,", ",ref,1,")), encoding="utf-8")
    les = lessons(load_cases(folder), learn_from="West", learn_for="East")
    assert "digital_twin" not in set(les["subdimension"])


def test_lessons_with_a_catalogue_that_misses_a_target() -> None:
    from smartcase.strategy import load_strategies

    cat = load_strategies()
    cat = cat[~cat["target_subdimensions"].str.contains("co_creation")]
    les = lessons(load("five"), learn_from="West", learn_for="East", strategies=cat, n=2)
    assert len(les) == 2
    row = les.set_index("subdimension").loc["co_creation"]
    assert row["strategy_id"] == "" and row["lesson"].endswith(
        "no strategy of the catalogue targets it."
    )


def test_bundled_lessons_name_european_practice_and_korean_gaps() -> None:
    book = load("bundled")
    les = lessons(book)
    assert len(les) > 0
    group = book.cases["group"]
    ev = book.evidence
    for rec in les.itertuples(index=False):
        assert rec.practice_code >= 2
        assert all(
            group[ev.at[e, "case_id"]] == "Europe" for e in rec.practice_evidence_ids.split(";")
        )
        gap_ids = [e for e in rec.gap_evidence_ids.split(";") if e]
        assert all(group[ev.at[e, "case_id"]] == "Korea" for e in gap_ids)
        assert rec.strategy_id  # the bundled catalogue targets every sub-dimension
    assert les["gap_size"].is_monotonic_decreasing


def test_lesson_arguments() -> None:
    book = load("five")
    with pytest.raises(ArgumentError, match="learn_from"):
        lessons(book)  # the fixture's groups are East and West
    with pytest.raises(ArgumentError, match="learn_for"):
        lessons(book, learn_from="West", learn_for="West")
    with pytest.raises(ArgumentError, match="min_gap"):
        lessons(book, learn_from="West", learn_for="East", min_gap=0)
    with pytest.raises(ArgumentError, match="strategies"):
        lessons(book, learn_from="West", learn_for="East", strategies=pd.DataFrame())
    with pytest.raises(ArgumentError, match="n"):
        lessons(book, learn_from="West", learn_for="East", n=0)
