"""The scoring tables (indicators, external assessments): schema, sources, honesty rules, loaders."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from smartcase.scoring import indicator_matrix, load_external_assessments, load_indicators
from smartcase.scoring.errors import MissingValueError, ScoringArgumentError

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
CASES = {"busan", "sejong", "bucheon", "helsinki", "barcelona"}


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _source_ids() -> set[str]:
    return {r["source_id"] for r in _rows(DATA / "sources.csv")}


@pytest.fixture(scope="module")
def ind() -> pd.DataFrame:
    return load_indicators()


@pytest.fixture(scope="module")
def ext() -> pd.DataFrame:
    return load_external_assessments()


def test_every_value_cites_a_known_source(ind: pd.DataFrame, ext: pd.DataFrame) -> None:
    known = _source_ids()
    has_value = ind[ind["value"].notna()]
    assert has_value["source_id"].notna().all()
    assert set(has_value["source_id"]) <= known
    backed = ext[ext["status"].isin(["ranked", "certified"])]
    assert backed["source_id"].notna().all()
    assert set(ext["source_id"].dropna()) <= known


def test_missing_values_are_explicit(ind: pd.DataFrame) -> None:
    nf = ind["value_qualifier"].eq("not_found")
    assert (ind.loc[nf, "value"].isna()).all() and (ind.loc[~nf, "value"].notna()).all()
    assert ind.loc[nf, "note"].str.contains("not found").all()
    rng = ind["value_qualifier"].eq("range")
    assert (ind.loc[rng, "value_high"] > ind.loc[rng, "value"]).all()
    assert ind.loc[~rng, "value_high"].isna().all()


def test_derived_values_state_their_method(ind: pd.DataFrame) -> None:
    derived = ind[ind["derived"].astype(bool)]
    assert len(derived) >= 10
    assert derived["note"].str.startswith("Derived:").all()


def test_indicator_ids_cases_elements_and_subdimensions(ind: pd.DataFrame) -> None:
    assert ind["indicator_id"].is_unique
    assert set(ind["case_id"]) == CASES
    codebook = pd.read_csv(DATA / "framework" / "codebook.csv")
    element_of = dict(zip(codebook["construct_id"], codebook["element_id"], strict=True))
    framed = ind[ind["subdimension_id"].notna()]
    assert all(
        element_of[s] == e
        for s, e in zip(framed["subdimension_id"], framed["element_id"], strict=True)
    )
    assert ind.loc[ind["element_id"].isna(), "indicator"].eq("population").all()
    assert set(ind.loc[ind["indicator"] == "population", "case_id"]) == CASES
    assert set(ind["direction"]) <= {1, -1}


def test_external_assessment_rows(ext: pd.DataFrame) -> None:
    assert ext["assessment_id"].is_unique and set(ext["case_id"]) == CASES
    ranked = ext["status"].eq("ranked")
    assert ext.loc[ranked, "rank"].notna().all() and ext.loc[~ranked, "rank"].isna().all()
    imd = ext[
        (ext["assessment"] == "imd_smart_city_index") & (ext["method_version"] == "as_published")
    ]
    # one row per city and IMD edition, explicit 'not_found' where a city has no rank
    grid = imd.groupby("case_id")["edition_year"].apply(lambda s: sorted(s.astype(int))).to_dict()
    assert (
        all(v == [2019, 2020, 2021, 2023, 2024, 2025] for v in grid.values()) and set(grid) == CASES
    )
    # the brief's anchors: Helsinki 2 in 2020 (of 109), Busan 49 in 2023, Bucheon certified in 2021
    key = ext.set_index(["case_id", "assessment", "edition_year", "method_version"])
    assert key.loc[
        ("helsinki", "imd_smart_city_index", 2020, "as_published"), ["rank", "n_ranked"]
    ].tolist() == [2, 109]
    assert key.loc[("busan", "imd_smart_city_index", 2023, "as_published"), "rank"] == 49
    assert (
        key.loc[("bucheon", "korea_smart_city_certification", 2021, "as_published"), "status"]
        == "certified"
    )


def test_indicator_matrix_keeps_comparable_values(ind: pd.DataFrame) -> None:
    m = indicator_matrix(ind)
    assert list(m.values.index) == ["busan", "sejong", "bucheon", "helsinki", "barcelona"]
    assert (
        m.values.loc["busan", "pilot_city_area"] == 2.8
        and m.values.loc["sejong", "pilot_city_area"] == 2.74
    )
    assert m.values.loc[["bucheon", "helsinki", "barcelona"], "pilot_city_area"].isna().all()
    assert set(m.mapping) <= {"technology", "capacity", "institutions"}
    assert "population" not in m.values.columns
    everything = indicator_matrix(ind, comparable_only=False, keys=["open_datasets"])
    # latest value not after 2020: Busan's 2017 count, Sejong's April 2020 count on the national
    # portal, Helsinki's c. 2016 count; Barcelona's undated count
    od = everything.values["open_datasets"]
    assert (od["busan"], od["sejong"], od["helsinki"], od["barcelona"]) == (
        1410.0,
        108.0,
        1200.0,
        555.0,
    )
    assert od[["bucheon"]].isna().all()
    assert everything.rows.loc["busan", "open_datasets"].startswith("busan-i")


def test_indicator_matrix_feeds_the_engine(ind: pd.DataFrame) -> None:
    from smartcase.scoring import composite

    m = indicator_matrix(ind, cases=["busan", "sejong"])
    out = composite(
        m.values,
        mapping=m.mapping,
        direction=m.direction,
        scale=None,
        normalize="minmax",
        missing="available",
    )
    assert set(out.index) == {"busan", "sejong"} and out["rank"].notna().all()


def test_indicator_matrix_bad_input(ind: pd.DataFrame) -> None:
    with pytest.raises(ScoringArgumentError, match="'keys'"):
        indicator_matrix(ind, keys=["no_such_indicator"])
    with pytest.raises(ScoringArgumentError, match="'indicators'"):
        indicator_matrix(ind[["case_id"]])


def test_loaders_validate_against_the_schema(tmp_path: Path) -> None:
    from smartcase.errors import DataError

    src = (DATA / "indicators.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "indicators.csv").write_text(
        "\n".join([src[0], src[1].replace(",exact,", ",roughly,")]) + "\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match=r"indicators.csv, line 2, field 'value_qualifier'"):
        load_indicators(tmp_path)
    with pytest.raises(MissingValueError, match="external_assessments.csv"):
        load_external_assessments(tmp_path)
