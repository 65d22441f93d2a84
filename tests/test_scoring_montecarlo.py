"""Uncertainty analysis: reproducibility, the per-replication record, summaries and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scoring_helpers import MAPPING, random_codes, small_book

from smartcase.scoring import composite, uncertain_codes, uncertainty
from smartcase.scoring.engine import ChoiceSpace, build_problem, evaluate
from smartcase.scoring.errors import ScoringArgumentError, UnknownMethodError
from smartcase.scoring.inputs import resolve
from smartcase.scoring.weights import Weights


@pytest.fixture(scope="module")
def result():
    return uncertainty(small_book(), n=3000, seed=7)


def test_same_seed_same_result_different_seed_different_draws(result) -> None:
    again = uncertainty(small_book(), n=3000, seed=7)
    pd.testing.assert_frame_equal(result.summary, again.summary)
    pd.testing.assert_frame_equal(result.replications, again.replications)
    other = uncertainty(small_book(), n=3000, seed=8)
    assert not result.replications.equals(other.replications)
    assert not np.array_equal(
        result.replications["w:s1"].to_numpy(), other.replications["w:s1"].to_numpy()
    )


def test_result_does_not_depend_on_batch_size(result) -> None:
    small_batches = uncertainty(small_book(), n=3000, seed=7, batch_size=13)
    pd.testing.assert_frame_equal(result.replications, small_batches.replications)
    pd.testing.assert_frame_equal(result.rank_frequency, small_batches.rank_frequency)


def test_rank_frequency_rows_sum_to_n(result) -> None:
    freq = result.rank_frequency
    assert freq.sum(axis=1).tolist() == [3000, 3000, 3000]
    assert list(freq.columns) == [1, 2, 3]
    np.testing.assert_allclose(result.rank_share.sum(axis=1), 1.0)


def test_summary_quantiles_are_inverted_cdf_percentiles_of_the_ranks(result) -> None:
    ranks = result.ranks
    for case in ranks.columns:
        r = ranks[case].to_numpy()
        s = result.summary.loc[case]
        assert s["median_rank"] == np.quantile(r, 0.5, method="inverted_cdf")
        assert s["q05"] == np.quantile(r, 0.05, method="inverted_cdf")
        assert s["q95"] == np.quantile(r, 0.95, method="inverted_cdf")
        assert s["mean_rank"] == pytest.approx(r.mean())
        assert s["share_nominal"] == pytest.approx(np.mean(r == s["nominal_rank"]))
    assert (result.summary["q05"] <= result.summary["median_rank"]).all()
    assert (result.summary["median_rank"] <= result.summary["q95"]).all()


def test_nominal_is_the_composite_of_the_first_alternatives(result) -> None:
    nominal = composite(small_book())
    pd.testing.assert_frame_equal(result.nominal, nominal)
    assert result.summary["nominal_rank"].tolist() == nominal["rank"].tolist()


def test_every_replication_can_be_rebuilt_from_the_record(result) -> None:
    """COINr's lesson: the record says exactly what each replication applied."""
    book = small_book()
    rec = result.replications
    codes0 = book.matrix
    for i in [0, 1, 2, 17, 599, 2999]:
        row = rec.iloc[i]
        codes = codes0.copy()
        for col in rec.columns:
            if col.startswith("code:"):
                case, sub = col[5:].split("/")
                codes.loc[case, sub] = int(np.clip(codes0.loc[case, sub] + row[col], 0, 3))
        w = Weights(
            pd.Series({s: row[f"w:{s}"] for s in MAPPING}),
            pd.Series({e: row[f"w:{e}"] for e in ("tech", "cap", "inst")}),
        )
        agg = str(row["aggregation"])
        rebuilt = composite(
            codes, mapping=MAPPING, normalize=str(row["normalize"]), weights=w, aggregation=agg
        )
        assert rebuilt["rank"].tolist() == result.ranks.iloc[i].tolist(), i
        assert int(row["n_codes_changed"]) == int((codes != codes0).to_numpy().sum())


def test_record_contents(result) -> None:
    rec = result.replications
    assert set(rec["normalize"].astype(str)) == {"goalposts", "minmax", "rank"}
    assert set(rec["aggregation"].astype(str)) == {"arithmetic", "geometric", "copeland"}
    # weights within each element sum to 1, element weights sum to 1
    np.testing.assert_allclose(rec["w:s1"] + rec["w:s2"], 1.0)
    np.testing.assert_allclose(rec["w:tech"] + rec["w:cap"] + rec["w:inst"], 1.0)
    # +-25 % around 1/2 before re-scaling: every within-element weight stays inside [0.375/1.375... ]
    assert rec["w:s1"].between(0.75 / 2.0, 1.25 / 2.0).all()
    shift_cols = [c for c in rec.columns if c.startswith("code:")]
    # uncertain codes: weak-only (y/s2, z/s5) and no evidence (x/s4); x/s1 has a strong item
    assert shift_cols == ["code:x/s4", "code:y/s2", "code:z/s5"]
    assert set(np.unique(rec[shift_cols].to_numpy())) == {-1, 0, 1}
    # each shift equally likely (1/3) -> counts near 1000 of 3000
    counts = pd.Series(rec["code:y/s2"]).value_counts()
    assert counts.between(850, 1150).all()
    applied = result.applied
    assert applied.query("input == 'normalize'")["count"].sum() == 3000
    assert result.settings["uncertain_codes"] == ["x/s4", "y/s2", "z/s5"]


def test_uncertain_code_rules() -> None:
    book = small_book()
    weak = uncertain_codes(book, "weak_evidence", like=book.matrix)
    assert sorted(map(tuple, np.argwhere(weak.to_numpy()).tolist())) == [(0, 3), (1, 1), (2, 4)]
    low = uncertain_codes(book, "low_confidence", like=book.matrix)
    assert low.loc["y", "s3"] and low.to_numpy().sum() == 1
    assert not uncertain_codes(book, "none", like=book.matrix).to_numpy().any()


def test_no_uncertainty_gives_the_nominal_rank_everywhere() -> None:
    codes, mapping = random_codes(6, 9, seed=2)
    res = uncertainty(
        codes,
        n=200,
        mapping=mapping,
        codes="none",
        weight_noise=0,
        normalize="goalposts",
        aggregation="arithmetic",
    )
    assert (res.ranks == res.summary["nominal_rank"].to_numpy()).all().all()
    assert (
        res.applied.query("input == 'codes'")["alternative"].iloc[0].startswith("no code perturbed")
    )


def test_codes_from_a_mask_for_dataframe_input() -> None:
    codes, mapping = random_codes(4, 6, seed=3)
    mask = pd.DataFrame(False, index=codes.index, columns=codes.columns)
    mask.iloc[0, 0] = True
    res = uncertainty(codes, n=300, mapping=mapping, codes=mask)
    assert [c for c in res.replications.columns if c.startswith("code:")] == [
        f"code:{codes.index[0]}/{codes.columns[0]}"
    ]


def test_vectorised_engine_equals_a_naive_loop() -> None:
    codes, mapping = random_codes(5, 12, seed=4)
    data = resolve(codes, mapping=mapping)
    p = build_problem(
        data,
        "equal",
        reference=None,
        missing="error",
        normalizations=("goalposts", "minmax", "rank"),
    )
    space = ChoiceSpace.build(
        p,
        ("goalposts", "minmax", "rank"),
        (("arithmetic",) * 2, ("geometric",) * 2, ("copeland",) * 2),
        (0.25, 0.25),
        None,
    )
    U = np.random.default_rng(0).random((50, space.n_inputs))
    draw = space.decode(U)
    _, index = evaluate(
        p,
        draw.X,
        draw.norm_idx,
        space.normalizations,
        draw.agg_idx,
        space.aggregations,
        draw.W_ind,
        draw.W_el,
    )
    for r in range(50):
        w = Weights(
            pd.Series(draw.W_ind[r], index=list(p.indicators)),
            pd.Series(draw.W_el[r], index=list(p.elements)),
        )
        one = composite(
            codes,
            mapping=mapping,
            normalize=space.normalizations[draw.norm_idx[r]],
            weights=w,
            aggregation=space.aggregations[draw.agg_idx[r]][0],
        )
        np.testing.assert_allclose(index[r], one["index"].to_numpy(), rtol=1e-12, atol=1e-9)


def test_element_summary_uses_only_replications_on_the_0_100_scale(result) -> None:
    es = result.element_summary
    rec = result.replications
    comparable = rec["aggregation"].astype(str).isin(["arithmetic", "geometric"])
    assert es["n_used"].iloc[0] == int(comparable.sum())
    assert ((es["q05"] <= es["median"]) & (es["median"] <= es["q95"])).all()
    assert es["q05"].min() >= 0 and es["q95"].max() <= 100


@pytest.mark.parametrize(
    ("kwargs", "exc", "words"),
    [
        ({"n": 0}, ScoringArgumentError, ["'n'", "0"]),
        ({"seed": -1}, ScoringArgumentError, ["'seed'", "-1"]),
        ({"weight_noise": 1.5}, ScoringArgumentError, ["'weight_noise'", "1.5"]),
        ({"normalize": ("goalposts", "zscore")}, ScoringArgumentError, ["'geometric'", "zscore"]),
        ({"normalize": ("goalposts", "zcore")}, UnknownMethodError, ["'zcore'"]),
        ({"codes": "strong"}, UnknownMethodError, ["'codes'", "'strong'"]),
        ({"batch_size": 0}, ScoringArgumentError, ["'batch_size'"]),
    ],
)
def test_bad_input(kwargs: dict, exc: type, words: list[str]) -> None:
    with pytest.raises(exc) as info:
        uncertainty(small_book(), **{"n": 10, **kwargs})
    for w in words:
        assert w in str(info.value)


def test_weak_evidence_rule_needs_a_case_book() -> None:
    codes, mapping = random_codes(4, 6)
    with pytest.raises(ScoringArgumentError, match="'codes'"):
        uncertainty(codes, n=10, mapping=mapping)


def test_repr_names_what_was_sampled(result) -> None:
    text = repr(result)
    assert (
        "n = 3,000 replications" in text
        and "normalize: goalposts" in text
        and "3 uncertain codes" in text
    )
    assert "<table" in result._repr_html_()


def test_real_case_book_fixture_codes_without_strong_evidence_are_perturbed() -> None:
    from pathlib import Path

    import smartcase

    book = smartcase.load_cases(Path(__file__).parent / "data" / "mini_casebook")
    res = uncertainty(book, n=200, seed=1)
    shifted = set(res.settings["uncertain_codes"])
    ce = book.code_evidence()
    strong = ce[ce["strength"].isin(["strong", "medium"])]
    backed = {f"{c}/{s}" for c, s in zip(strong["case_id"], strong["construct_id"], strict=True)}
    assert shifted and not (shifted & backed)
    assert "alpha/living_lab" in shifted  # cites one weak item only
    assert "alpha/open_data" not in shifted  # cites a strong item
    assert res.rank_frequency.sum(axis=1).tolist() == [200, 200]
