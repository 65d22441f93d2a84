"""One-at-a-time variants and the mean absolute rank shift (checked by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from smartcase.scoring import one_at_a_time
from smartcase.scoring.errors import UnknownMethodError

CODES = pd.DataFrame({"s1": [3, 0, 2], "s2": [3, 3, 2], "s3": [0, 3, 2]}, index=["x", "y", "z"])
MAP = {"s1": "A", "s2": "A", "s3": "B"}


def test_hand_checked_rank_shifts() -> None:
    oat = one_at_a_time(CODES, mapping=MAP)
    # nominal: x (A 100, B 0) = 50, y (A 50, B 100) = 75, z (66.7, 66.7) = 66.7 -> ranks 3, 1, 2
    assert oat.loc["nominal", ["x", "y", "z"]].tolist() == [3, 1, 2]
    # dropping element B leaves A: 100, 50, 66.7 -> ranks 1, 3, 2 ; shifts 2, 2, 0 -> mean 4/3
    assert oat.loc["drop element B", ["x", "y", "z"]].tolist() == [1, 3, 2]
    assert oat.loc["drop element B", "mean_abs_rank_shift"] == pytest.approx(4 / 3)
    assert oat.loc["drop element B", "max_abs_rank_shift"] == 2
    # min-max: s2 (3, 3, 2) -> 100, 100, 0: A = 100, 50, 33.3 ; index 50, 75, 50 -> ranks 2, 1, 2
    assert oat.loc["normalize=minmax", ["x", "y", "z"]].tolist() == [2, 1, 2]
    assert oat.loc["normalize=minmax", "mean_abs_rank_shift"] == pytest.approx(1 / 3)
    # dropping s3 removes element B entirely (its only sub-dimension): same as dropping B
    assert oat.loc["drop subdimension s3", ["x", "y", "z"]].tolist() == [1, 3, 2]
    assert oat.loc["nominal", "mean_abs_rank_shift"] == 0.0
    assert "mean_abs_rank_shift" in oat.attrs["note"]


def test_impossible_variants_are_listed_with_the_reason() -> None:
    oat = one_at_a_time(CODES, mapping=MAP, aggregation="geometric", drop=())
    assert "normalize=zscore" not in oat.index
    skipped = {s["variant"]: s["reason"] for s in oat.attrs["skipped"]}
    assert "zscore" in skipped["normalize=zscore"]


def test_bad_drop_kind() -> None:
    with pytest.raises(UnknownMethodError, match="'drop'"):
        one_at_a_time(CODES, mapping=MAP, drop=("indicator",))  # type: ignore[arg-type]
