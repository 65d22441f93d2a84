"""Pictures: each returns the Axes it drew on; bad input is refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Rectangle
from scoring_helpers import small_book

from smartcase.output import figure_bytes
from smartcase.scoring import (
    composite,
    plot_element_scores,
    plot_radar,
    plot_rank_frequency,
    uncertainty,
)
from smartcase.scoring.errors import ScoringArgumentError


@pytest.fixture(scope="module")
def res():
    return uncertainty(small_book(), n=500, seed=0)


def test_element_scores_with_bands(res) -> None:
    fig, ax = plt.subplots()
    out = plot_element_scores(uncertainty=res, ax=ax)
    assert out is ax
    # 3 cases x (3 elements + index) bars, whiskers for the 3 elements
    assert len(ax.patches) == 12
    assert len(ax.collections) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["x", "y", "z"]
    plt.close(fig)


def test_element_scores_without_uncertainty_makes_its_own_axes() -> None:
    ax = plot_element_scores(composite(small_book()), include_index=False)
    assert len(ax.patches) == 9
    plt.close(ax.figure)
    with pytest.raises(ScoringArgumentError, match="'scores'"):
        plot_element_scores()


def test_rank_frequency_heat_map(res) -> None:
    ax = plot_rank_frequency(res)
    squares = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(squares) == 3  # one nominal-rank square per case
    assert len(ax.texts) == 9
    assert figure_bytes(ax.figure, "svg") == figure_bytes(plot_rank_frequency(res).figure, "svg")
    plt.close(ax.figure)
    with pytest.raises(ScoringArgumentError, match="'result'"):
        plot_rank_frequency(composite(small_book()))


def test_element_scores_on_the_scale_of_mean_codes(res) -> None:
    # goalpost scores 0-100 shown on the 0-3 scale of mean codes (issue 10: one scale)
    scores = res.nominal
    ax = plot_element_scores(
        scores, res, scale=0.03, ylabel="Mean code", levels=["0", "1", "2", "3"]
    )
    heights = sorted(round(p.get_height(), 6) for p in ax.patches)
    expected = sorted(round(v * 0.03, 6) for c in [*scores.columns[:3], "index"] for v in scores[c])
    assert heights == expected
    assert ax.get_ylim() == (0.0, 3.0) and ax.get_ylabel() == "Mean code"
    with pytest.raises(ScoringArgumentError, match="'scale'"):
        plot_element_scores(scores, scale=0)
    plt.close("all")


def test_radar(res) -> None:
    ax = plot_radar(res.nominal, "y")
    assert ax.name == "polar" and ax.get_title() == "y" and len(ax.lines) == 1
    plt.close(ax.figure)
    ax = plot_radar(res.nominal)
    assert len(ax.lines) == 3
    plt.close(ax.figure)
    fig, flat = plt.subplots()
    with pytest.raises(ScoringArgumentError, match="polar"):
        plot_radar(res.nominal, "y", ax=flat)
    with pytest.raises(ScoringArgumentError, match="'case'"):
        plot_radar(res.nominal, "nowhere")
    with pytest.raises(ScoringArgumentError, match="at least 3"):
        plot_radar(res.nominal, columns=["tech", "cap"])
    plt.close(fig)


def test_labels_replace_ids_in_every_plot() -> None:
    import matplotlib.pyplot as plt
    import pandas as pd

    from smartcase.scoring import composite, plot_element_scores, plot_radar

    codes = pd.DataFrame({"s1": [3, 1], "s2": [2, 0], "s3": [1, 3]}, index=["x", "y"])
    scores = composite(codes, mapping={"s1": "technology", "s2": "capacity", "s3": "institutions"})
    names = {"x": "City X", "technology": "Technology"}
    ax = plot_element_scores(scores, labels=names)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["City X", "y"]
    assert "Technology" in [t.get_text() for t in ax.figure.legends[0].get_texts()]
    ax = plot_radar(scores, "x", labels=names)
    assert ax.get_title() == "City X"
    plt.close("all")
