"""Tests of smartcase.provenance: what the codes rest on, checked by hand on the mini case base."""

from __future__ import annotations

import pytest
from casebooks import MINI

import smartcase
from smartcase.errors import ArgumentError
from smartcase.provenance import code_support, source_profile


@pytest.fixture(scope="module")
def mini():
    return smartcase.load_cases(MINI)


def test_source_profile_counts_by_hand(mini) -> None:
    prof = source_profile(mini)
    ev = mini.evidence.join(mini.sources["kind"], on="source_id")
    for case in mini.case_ids:
        mine = ev[ev["case_id"] == case]
        assert prof.loc[case, "items"] == len(mine)
        assert prof.loc[case, "strong"] == (mine["strength"] == "strong").sum()
        assert prof.loc[case, "news"] == (mine["kind"] == "news").sum()
        assert prof.loc[case, "strong_share"] == pytest.approx(
            (mine["strength"] == "strong").mean()
        )
    assert (prof[["official", "scholarly", "news", "other"]].sum(axis=1) == prof["items"]).all()


def test_code_support_flags(mini) -> None:
    sup = code_support(mini)
    codes = mini.codes[mini.codes["coder_id"] == "ref"]
    assert len(sup) == len(codes)
    zero_empty = codes[(codes["code"] == 0) & codes["evidence_ids"].isna()]
    for rec in zero_empty.itertuples():
        assert sup.loc[(rec.case_id, rec.construct_id), "not_found_zero"]
    # beta's living_lab code cites only the news item beta-news-2020
    row = sup.loc[("beta", "living_lab")]
    assert row["items"] == row["news"] == 1
    assert row["news_or_weak_only"] and not row["official_or_scholarly"]
    assert row["single_source"]


def test_unknown_coder(mini) -> None:
    with pytest.raises(ArgumentError, match="coder"):
        code_support(mini, coder="nobody")
