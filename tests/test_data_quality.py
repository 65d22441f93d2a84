"""Quality rules for the bundled case base (issue 2's definition of done), and figures the docs quote."""

from __future__ import annotations

from pathlib import Path

import pytest

import smartcase
from smartcase.casebook import REFERENCE_CODER
from smartcase.schema import split_ids

ROOT = Path(__file__).resolve().parents[1]
CASES = ["busan", "sejong", "bucheon", "helsinki", "barcelona"]


@pytest.fixture(scope="module")
def book() -> smartcase.CaseBook:
    return smartcase.load_cases()


def test_the_five_cases(book) -> None:
    assert list(book.case_ids) == CASES
    assert set(book.cases["group"]) == {"Korea", "Europe"}


@pytest.mark.parametrize("case", CASES)
def test_at_least_20_sourced_evidence_items_covering_every_element(book, case: str) -> None:
    ev = book.evidence[book.evidence["case_id"] == case]
    assert len(ev[~ev["post_2020"]]) >= 20
    assert set(ev["element_id"]) == set(book.framework.element_ids)
    assert ev["source_id"].isin(book.sources.index).all()


@pytest.mark.parametrize("case", CASES)
def test_each_case_has_attributes_and_programmes_with_sources(book, case: str) -> None:
    rec = book.cases.loc[case]
    for col in ("admin_type_source", "population_source", "area_source"):
        assert rec[col] in book.sources.index
    progs = book.programmes[book.programmes["case_id"] == case]
    assert len(progs) >= 3
    assert progs["start_year"].notna().all()


def test_reference_coding_is_complete_and_every_nonzero_code_cites_earlier_evidence(book) -> None:
    ref = book.codes[book.codes["coder_id"] == REFERENCE_CODER]
    assert len(ref) == len(CASES) * len(book.framework.codebook)
    for rec in ref.itertuples():
        ids = split_ids(rec.evidence_ids)
        if rec.code > 0:
            assert ids, (rec.case_id, rec.construct_id)
        # the reference year rule: later facts never support a code
        assert not book.evidence.loc[ids, "post_2020"].any(), (rec.case_id, rec.construct_id)
        assert isinstance(rec.rationale, str) and len(rec.rationale) > 20


def test_zero_codes_are_flagged_as_thin(book) -> None:
    ref = book.codes[(book.codes["coder_id"] == REFERENCE_CODER) & (book.codes["code"] == 0)]
    assert (ref["confidence"] == "low").all()


def test_web_sources_have_access_dates(book) -> None:
    web = book.sources[book.sources["url"].notna()]
    assert web["accessed"].notna().all()


def test_counts_quoted_in_data_readme(book) -> None:
    # the reliability figures are checked by tests/test_reliability.py
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert f"{len(book.evidence)} evidence items" in text
    assert f"{len(book.sources)} sources" in text
