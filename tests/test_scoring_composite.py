"""The hierarchical composite: hand-computed example, case-book input, policies and bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scoring_helpers import MAPPING, small_book

from smartcase.errors import ArgumentError, ScoringError
from smartcase.scoring import composite
from smartcase.scoring.errors import (
    CodeRangeError,
    MissingValueError,
    ScoringArgumentError,
    UnknownMethodError,
    WeightError,
)

ROOT = Path(__file__).resolve().parents[1]

# 3 cases x 4 sub-dimensions; T = (t1, t2), C = (c1, c2)
CODES = pd.DataFrame(
    {"t1": [3, 0, 2], "t2": [1, 3, 2], "c1": [2, 3, 0], "c2": [0, 3, 1]}, index=["p", "q", "r"]
)
MAP = {"t1": "T", "t2": "T", "c1": "C", "c2": "C"}


def test_hand_computed_default_composite() -> None:
    out = composite(CODES, mapping=MAP)
    # goalposts: p = (100, 33.3 | 66.7, 0) -> T = 66.67, C = 33.33, index = 50
    #            q = (0, 100 | 100, 100)   -> T = 50,    C = 100,   index = 75
    #            r = (66.7, 66.7 | 0, 33.3) -> T = 66.67, C = 16.67, index = 41.67
    assert list(out.columns) == ["T", "C", "index", "rank"]
    np.testing.assert_allclose(out["T"], [200 / 3, 50.0, 200 / 3])
    np.testing.assert_allclose(out["C"], [100 / 3, 100.0, 50 / 3])
    np.testing.assert_allclose(out["index"], [50.0, 75.0, 125 / 3])
    assert out["rank"].tolist() == [2, 1, 3]
    assert out.index.name == "case_id"
    assert out.attrs["normalize"] == "goalposts" and out.attrs["aggregation"] == "arithmetic"


def test_element_weights_change_the_index() -> None:
    out = composite(CODES, mapping=MAP, weights={"T": 3, "C": 1})
    # p: .75 * 66.67 + .25 * 33.33 = 58.33 ; q: .75 * 50 + .25 * 100 = 62.5 ; r: .75 * 66.67 + .25 * 16.67 = 54.17
    np.testing.assert_allclose(out["index"], [175 / 3, 62.5, 325 / 6])


def test_per_level_aggregation_pair() -> None:
    out = composite(CODES, mapping=MAP, aggregation=("copeland", "arithmetic"))
    # T by Copeland: p vs q: t1 p>q, t2 p<q -> tie 0 ; p vs r: t1 p>r, t2 p<r -> 0 ; q vs r: t1 q<r, t2 q>r -> 0
    # C: p vs q: both q -> q wins ; p vs r: c1 p>r, c2 p<r -> 0 ; q vs r: both q -> q wins
    assert out["T"].tolist() == [0.0, 0.0, 0.0]
    assert out["C"].tolist() == [-1.0, 2.0, -1.0]
    assert out["index"].tolist() == [-0.5, 1.0, -0.5]
    assert out["rank"].tolist() == [2, 1, 2]
    assert out.attrs["aggregation"] == "copeland/arithmetic"


def test_case_book_input_matches_dataframe_input() -> None:
    book = small_book()
    a = composite(book)
    b = composite(book.matrix, mapping=MAPPING)
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["tech", "cap", "inst", "index", "rank"]


def test_real_case_book_fixture() -> None:
    import smartcase

    book = smartcase.load_cases(ROOT / "tests" / "data" / "mini_casebook")
    out = composite(book)
    assert list(out.columns) == [*book.framework.element_ids, "index", "rank"]
    assert list(out.index) == list(book.case_ids)
    # the element scores are the CaseBook's element matrix x 100 under the defaults
    np.testing.assert_allclose(
        out[list(book.framework.element_ids)].to_numpy(),
        book.code_matrix("element").to_numpy() * 100,
    )


def test_input_not_mutated() -> None:
    before = CODES.copy()
    composite(CODES, mapping=MAP, normalize="zscore")
    pd.testing.assert_frame_equal(CODES, before)


def test_missing_value_policies() -> None:
    codes = CODES.astype(float)
    codes.loc["p", "t2"] = np.nan
    with pytest.raises(MissingValueError, match=r"'missing'.*case 'p', indicator 't2'"):
        composite(codes, mapping=MAP)
    avail = composite(codes, mapping=MAP, missing="available")
    assert avail.loc["p", "T"] == pytest.approx(100.0)  # only t1 = 3 is left
    mean = composite(codes, mapping=MAP, missing="mean")
    # t2 imputed with the mean of q and r: (3 + 2) / 2 = 2.5 -> 83.3 ; T = (100 + 83.33) / 2
    assert mean.loc["p", "T"] == pytest.approx((100 + 250 / 3) / 2)
    med = composite(codes, mapping=MAP, missing="median")
    assert med.loc["p", "T"] == pytest.approx(mean.loc["p", "T"])


def test_case_with_no_value_at_all_is_refused() -> None:
    codes = CODES.astype(float)
    codes.loc["r"] = np.nan
    with pytest.raises(MissingValueError, match="case 'r' with no value"):
        composite(codes, mapping=MAP, missing="available")


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"normalize": "maxmin"}, UnknownMethodError, ["'normalize'", "'maxmin'"]),
        ({"aggregation": "median"}, UnknownMethodError, ["'aggregation'", "'median'"]),
        ({"missing": "drop"}, UnknownMethodError, ["'missing'", "'drop'"]),
        ({"weights": {"t1": -0.5}}, WeightError, ["-0.5", "'t1'"]),
        ({"weights": {"z9": 1}}, WeightError, ["unknown id 'z9'"]),
        (
            {"normalize": "zscore", "aggregation": "geometric"},
            ScoringArgumentError,
            ["'geometric'", "zscore"],
        ),
        ({"aggregation": ("copeland", "geometric")}, ScoringArgumentError, ["geometric index"]),
        ({"normalize": "distance"}, ScoringArgumentError, ["'reference'"]),
        ({"mapping": {"t1": "T"}}, ScoringArgumentError, ["'mapping'", "'t2'"]),
        ({"mapping": {**MAP, "x9": "T"}}, ScoringArgumentError, ["'mapping'", "'x9'"]),
    ],
)
def test_bad_input_names_argument_and_value(kwargs: dict, exc: type, words: list[str]) -> None:
    args = {"mapping": MAP, **kwargs}
    with pytest.raises(exc) as info:
        composite(CODES, **args)
    msg = str(info.value)
    for w in words:
        assert w in msg
    assert (
        isinstance(info.value, ScoringError)
        and isinstance(info.value, ArgumentError)
        and isinstance(info.value, ValueError)
    )


def test_dataframe_without_mapping_and_out_of_range_codes() -> None:
    with pytest.raises(ScoringArgumentError, match="argument 'mapping'"):
        composite(CODES)
    with pytest.raises(CodeRangeError, match=r"7 for case 'q', indicator 'c1'"):
        composite(CODES.assign(c1=[2, 7, 0]), mapping=MAP)
    with pytest.raises(ScoringArgumentError, match="argument 'book'"):
        composite([[1, 2]], mapping=MAP)


def test_unbounded_data_with_minmax() -> None:
    df = pd.DataFrame({"budget": [10.0, 30.0, 20.0], "cost": [5.0, 1.0, 3.0]}, index=list("xyz"))
    out = composite(
        df,
        mapping={"budget": "I", "cost": "I"},
        scale=None,
        normalize="minmax",
        direction={"cost": -1},
    )
    # budget: 0, 100, 50 ; cost reversed: 0, 100, 50 -> I = 0, 100, 50
    assert out["I"].tolist() == [0.0, 100.0, 50.0]
    with pytest.raises(ScoringArgumentError, match="'scale'"):
        composite(df, mapping={"budget": "I", "cost": "I"}, scale=None)


def test_scoring_modules_never_import_the_case_loader() -> None:
    code = (
        "import sys, importlib, pkgutil, smartcase.scoring as s\n"
        "for m in pkgutil.iter_modules(s.__path__): importlib.import_module('smartcase.scoring.' + m.name)\n"
        "bad = [m for m in ('smartcase.casebook', 'smartcase.framework') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
