"""Tests of the case-base loader: good data loads, every kind of bad input is named precisely."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pytest

import smartcase
from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError, DataError

MINI = Path(__file__).parent / "data" / "mini_casebook"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the two-case fixture."""
    dst = tmp_path / "cases"
    shutil.copytree(MINI, dst)
    return dst


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


# ----------------------------------------------------------------- good input
def test_fixture_loads_with_expected_shapes() -> None:
    book = load_cases(MINI)
    assert book.case_ids == ("alpha", "beta")
    assert book.coder_ids == ("ref", "c2")
    assert len(book.evidence) == 5
    assert book.sources.loc["beta-book-2018", "url"] is None or pd.isna(
        book.sources.loc["beta-book-2018", "url"]
    )
    assert book.cases.loc["alpha", "population"] == 100000
    assert book.evidence.loc["alpha-e003", "post_2020"]


def test_code_matrix_subdimension_and_element_aggregation() -> None:
    book = load_cases(MINI)
    sub = book.code_matrix()
    fw = book.framework
    assert list(sub.columns) == list(fw.subdimension_ids)
    assert sub.loc["alpha", "open_data"] == 3
    assert sub.loc["beta", "living_lab"] == 2
    # element level = mean of the element's sub-dimension codes / 3
    el = book.code_matrix("element")
    n_tech = len(fw.subdimensions_of("technology"))
    assert el.loc["alpha", "technology"] == pytest.approx(3 / n_tech / 3)
    n_inst = len(fw.subdimensions_of("institutions"))
    assert el.loc["beta", "institutions"] == pytest.approx(2 / n_inst / 3)
    # the second coder sees beta's living lab as established
    assert book.code_matrix(coder="c2").loc["beta", "living_lab"] == 3
    out = book.code_matrix("element", outcome=True)
    assert out.loc["beta", "innovation"] == pytest.approx(1 / 3)


def test_code_matrix_bad_arguments() -> None:
    book = load_cases(MINI)
    with pytest.raises(ArgumentError, match="level"):
        book.code_matrix(level="city")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="coder"):
        book.code_matrix(coder="nobody")


def test_explain_joins_evidence_and_sources() -> None:
    book = load_cases(MINI)
    ex = book.explain("beta", "living_lab")
    assert list(ex.index) == ["beta-e001"]
    assert ex.loc["beta-e001", "author"] == "Beta Daily"
    assert ex.loc["beta-e001", "url"] == "https://example.org/beta/news"
    assert bool(ex.loc["beta-e001", "cited"])
    assert ex.attrs["code"] == 2
    # the outcome code's evidence
    assert list(book.explain("beta", "innovation").index) == ["beta-e001"]
    with pytest.raises(ArgumentError, match="case"):
        book.explain("gamma", "living_lab")
    with pytest.raises(ArgumentError, match="subdimension"):
        book.explain("beta", "telepathy")


def test_subset_and_code_evidence() -> None:
    book = load_cases(MINI)
    sub = book.subset(["beta"])
    assert sub.case_ids == ("beta",)
    assert set(sub.evidence["case_id"]) == {"beta"}
    ce = book.code_evidence()
    row = ce[(ce.case_id == "alpha") & (ce.construct_id == "living_lab")]
    assert row["strength"].tolist() == ["weak"]


def test_include_bundled_merges_and_rejects_clashing_ids(mini: Path) -> None:
    # the fixture's coder 'ref' is not the bundled reference coder: same id, other row
    with pytest.raises(DataError, match="another case-base folder"):
        load_cases(mini, include_bundled=True)
    edit(mini / "codes.csv", ",ref,", ",fx1,", count=-1)
    edit(mini / "codes.csv", ",c2,", ",fx2,", count=-1)
    edit(mini / "coders.csv", "ref,", "fx1,")
    edit(mini / "coders.csv", "c2,", "fx2,")
    # a bundled source copied unchanged into the user's folder is accepted
    bundled_sources = (
        (smartcase.bundled_data_dir() / "sources.csv").read_text(encoding="utf-8").splitlines()
    )
    with (mini / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(bundled_sources[1] + "\n")
    book = load_cases(mini, include_bundled=True)
    assert {"alpha", "beta", "busan"} <= set(book.case_ids)
    assert book.code_matrix(coder="fx1").loc["alpha", "open_data"] == 3
    edit(mini / "cases.csv", "alpha,Alpha", "busan,Alpha")
    with pytest.raises(DataError, match="another case-base folder"):
        load_cases(mini, include_bundled=True)


def test_list_cases() -> None:
    assert smartcase.list_cases(MINI).index.tolist() == ["alpha", "beta"]


# ------------------------------------------------------------------ bad input
def assert_names(
    err: DataError, file: str, field: str | None = None, line: int | None = None
) -> None:
    msg = str(err)
    assert file in msg
    if field is not None:
        assert f"'{field}'" in msg
    if line is not None:
        assert f"line {line}" in msg


def test_missing_column(mini: Path) -> None:
    edit(mini / "evidence.csv", "evidence_id,case_id", "evidence_id,city")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "case_id", line=1)
    assert "missing column" in str(e.value)


def test_extra_column(mini: Path) -> None:
    p = mini / "coders.csv"
    lines = p.read_text().splitlines()
    lines = [lines[0] + ",shoe_size"] + [ln + ",42" for ln in lines[1:]]
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "coders.csv", "shoe_size", line=1)
    assert "unexpected column" in str(e.value)


def test_duplicate_id(mini: Path) -> None:
    edit(mini / "evidence.csv", "beta-e002,", "beta-e001,")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "evidence_id", line=6)
    assert "duplicate id" in str(e.value) and "first used on line 5" in str(e.value)


def test_unknown_case(mini: Path) -> None:
    edit(mini / "evidence.csv", "beta-e002,beta,", "beta-e002,gamma,")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(
        e.value, "evidence.csv", "case_id", line=line_of(mini / "evidence.csv", "beta-e002")
    )
    assert "unknown case" in str(e.value) and "'gamma'" in str(e.value)


def test_unknown_element(mini: Path) -> None:
    edit(mini / "evidence.csv", "alpha-e001,alpha,technology", "alpha-e001,alpha,economy")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "element_id", line=2)
    assert "'economy'" in str(e.value)


def test_unknown_subdimension(mini: Path) -> None:
    edit(mini / "evidence.csv", "technology,open_data", "technology,open_minds")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "subdimension_id", line=2)


def test_subdimension_of_another_element(mini: Path) -> None:
    edit(mini / "evidence.csv", "technology,open_data", "capacity,open_data")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "element_id", line=2)
    assert "another element" in str(e.value)


def test_code_out_of_range(mini: Path) -> None:
    p = mini / "codes.csv"
    edit(p, "alpha,open_data,ref,3,", "alpha,open_data,ref,4,")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "codes.csv", "code", line=line_of(p, "alpha,open_data,ref,4"))
    assert "out of range" in str(e.value) and "from 0 to 3" in str(e.value)


def test_code_citing_missing_evidence(mini: Path) -> None:
    p = mini / "codes.csv"
    edit(p, "alpha,open_data,ref,3,medium,alpha-e001", "alpha,open_data,ref,3,medium,alpha-e099")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "codes.csv", "evidence_ids", line=line_of(p, "alpha-e099"))
    assert "missing evidence" in str(e.value)


def test_code_citing_evidence_of_another_case_or_subdimension(mini: Path) -> None:
    p = mini / "codes.csv"
    edit(p, "alpha,open_data,ref,3,medium,alpha-e001", "alpha,open_data,ref,3,medium,beta-e002")
    with pytest.raises(DataError, match="another case"):
        load_cases(mini)
    edit(p, "beta-e002", "alpha-e002")
    with pytest.raises(DataError, match="another sub-dimension"):
        load_cases(mini)


def test_nonzero_code_without_evidence(mini: Path) -> None:
    p = mini / "codes.csv"
    edit(p, "alpha,open_data,ref,3,medium,alpha-e001", "alpha,open_data,ref,3,medium,")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "codes.csv", "evidence_ids")
    assert "must cite evidence" in str(e.value)


def test_evidence_citing_missing_source(mini: Path) -> None:
    edit(mini / "evidence.csv", "beta-news-2020,medium", "beta-radio-2020,medium")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "source_id")
    assert "unknown source" in str(e.value) and "'beta-radio-2020'" in str(e.value)


def test_non_integer_year(mini: Path) -> None:
    edit(mini / "evidence.csv", "open-data portal.,2016,", "open-data portal.,c. 2016,")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "year", line=2)
    assert "not an integer" in str(e.value) and "'c. 2016'" in str(e.value)


def test_malformed_url(mini: Path) -> None:
    edit(mini / "sources.csv", "https://example.org/beta/news", "example.org/beta news")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "sources.csv", "url", line=3)
    assert "not an http(s) address" in str(e.value)


def test_web_source_without_access_date(mini: Path) -> None:
    edit(
        mini / "sources.csv",
        "https://example.org/beta/news,,2026-11,",
        "https://example.org/beta/news,,,",
    )
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "sources.csv", "accessed", line=3)


def test_publication_date_in_another_year_than_the_year(mini: Path) -> None:
    edit(
        mini / "sources.csv",
        "[Alpha smart-city report],,2019,2019,",
        "[Alpha smart-city report],,2019,2018-05,",
    )
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "sources.csv", "published", line=2)
    assert "'2018-05'" in str(e.value) and "2019" in str(e.value)


def test_unknown_date_basis(mini: Path) -> None:
    edit(
        mini / "sources.csv",
        "[Alpha smart-city report],,2019,2019,",
        "[Alpha smart-city report],,2019,2019,guessed",
    )
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "sources.csv", "date_basis", line=2)
    assert "'stated'" in str(e.value)


def test_unflagged_fact_after_2020(mini: Path) -> None:
    edit(
        mini / "evidence.csv",
        "2021-2025,alpha-report-2019,medium,true",
        "2021-2025,alpha-report-2019,medium,false",
    )
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "post_2020", line=4)


def test_empty_file(mini: Path) -> None:
    (mini / "programmes.csv").write_bytes(b"")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "programmes.csv")
    assert "empty" in str(e.value)


def test_non_utf8_file(mini: Path) -> None:
    p = mini / "cases.csv"
    p.write_bytes(p.read_bytes().replace(b"Alfa", "Älfa".encode("latin-1")))
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "cases.csv", line=2)
    assert "not valid UTF-8" in str(e.value)


def test_missing_file(mini: Path) -> None:
    (mini / "coders.csv").unlink()
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "coders.csv")
    assert "missing" in str(e.value)


def test_malformed_csv_wrong_number_of_values(mini: Path) -> None:
    p = mini / "programmes.csv"
    p.write_text(p.read_text() + "alpha-p02,alpha,Too short\n")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "programmes.csv", line=3)
    assert "wrong number of values" in str(e.value)


def test_malformed_enum_value(mini: Path) -> None:
    edit(mini / "evidence.csv", ",strong,false", ",very strong,false")
    with pytest.raises(DataError) as e:
        load_cases(mini)
    assert_names(e.value, "evidence.csv", "strength")
    assert "'strong', 'medium', 'weak'" in str(e.value)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="folder not found"):
        load_cases(tmp_path / "nowhere")


def test_empty_template_is_refused_with_a_clear_message() -> None:
    with pytest.raises(DataError, match="no cases"):
        load_cases(smartcase.bundled_data_dir() / "template")


def test_errors_are_value_errors() -> None:
    assert issubclass(DataError, ValueError)


# ------------------------------------------------------- nothing is written
def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_loading_writes_nothing(mini: Path) -> None:
    before = _snapshot(mini)
    bundled = smartcase.bundled_data_dir()
    before_bundled = _snapshot(bundled)
    load_cases(mini)
    smartcase.list_cases(mini)
    if (bundled / "cases.csv").is_file():
        load_cases()
    assert _snapshot(mini) == before
    assert _snapshot(bundled) == before_bundled
