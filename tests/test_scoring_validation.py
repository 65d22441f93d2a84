"""External validation: ranks beside external assessments, correlation only where >= 3 cities."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import spearmanr

from smartcase.scoring import external_validation, load_external_assessments
from smartcase.scoring.errors import ScoringArgumentError

RANKS = pd.Series([1, 2, 3, 4], index=["a", "b", "c", "d"])


def _ext(**ranks: int | None) -> pd.DataFrame:
    rows = []
    for case, r in ranks.items():
        rows.append(
            {
                "case_id": case,
                "assessment": "idx",
                "edition_year": 2023,
                "method_version": "as_published",
                "status": "ranked" if r else "not_found",
                "rank": r,
            }
        )
    return pd.DataFrame(rows)


def test_spearman_where_three_or_more_cities_have_a_rank() -> None:
    ext = _ext(a=5, b=40, c=12, d=None)
    res = external_validation(RANKS, ext)
    row = res.correlations.iloc[0]
    # smartcase ranks a, b, c = 1, 2, 3; external 5, 40, 12 -> ranks 1, 3, 2 -> rho = 1 - 6 * (0 + 1 + 1) / (3 * 8) = 0.5
    assert row["n_cases"] == 3 and row["spearman"] == pytest.approx(0.5)
    assert row["spearman"] == pytest.approx(spearmanr([1, 2, 3], [5, 40, 12]).statistic)
    assert row["spearman_p"] == pytest.approx(
        1.0
    )  # all 6 permutations of three ranks give |rho| >= 0.5
    assert "no correlation can reach p <= 0.05" in row["note"]
    assert res.table.loc["d", "idx 2023"] is pd.NA
    assert res.city_notes["d"].startswith("No external rank")


def test_no_correlation_with_fewer_than_three() -> None:
    res = external_validation(RANKS, _ext(a=5, b=40, c=None, d=None))
    row = res.correlations.iloc[0]
    assert pd.isna(row["spearman"]) and "only 2 case(s) ranked" in row["note"]


def test_composite_frame_and_bundled_table() -> None:
    scores = pd.DataFrame(
        {"index": [50, 40, 30, 60, 55], "rank": [3, 4, 5, 1, 2]},
        index=["busan", "sejong", "bucheon", "helsinki", "barcelona"],
    )
    res = external_validation(scores, load_external_assessments())
    corr = res.correlations.set_index("external")
    # 2023 IMD: Busan 49, Helsinki 8, Barcelona 70 -> three cities, a correlation
    assert corr.loc["IMD Smart City Index 2023", "n_cases"] == 3
    assert corr.loc["IMD Smart City Index 2023", "spearman"] == pytest.approx(
        spearmanr([3, 1, 2], [49, 8, 70]).statistic
    )
    assert pd.isna(corr.loc["IMD Smart City Index 2020", "spearman"])  # Helsinki and Barcelona only
    assert "IMD Smart City Index: not found" in res.city_notes["sejong"]
    assert "certified in 2021" in res.city_notes["bucheon"]
    assert res.status.loc["helsinki"].eq("not_covered").any()


def test_bad_input() -> None:
    with pytest.raises(ScoringArgumentError, match="'min_cases'"):
        external_validation(RANKS, _ext(a=1), min_cases=2)
    with pytest.raises(ScoringArgumentError, match="'assessments'"):
        external_validation(RANKS, pd.DataFrame({"case_id": ["a"]}))
    with pytest.raises(ScoringArgumentError, match="'scores'"):
        external_validation([1, 2], _ext(a=1))
