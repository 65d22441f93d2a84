"""Tests of smartcase.qca.plots: XY plots and truth-table Venn diagrams (Agg backend)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from smartcase.errors import ArgumentError, QCAError
from smartcase.output import figure_bytes
from smartcase.qca.plots import VENN_SHAPES, venn_plot, venn_regions, xy_plot

LF = Path(__file__).parent / "data" / "qca" / "data" / "LF.csv"


@pytest.fixture(scope="module")
def lf() -> pd.DataFrame:
    return pd.read_csv(LF, index_col=0)


def _title_figures(ax) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r"(\w+) = ([0-9.]+)", ax.get_title())}


# ---------------------------------------------------------------- XY plot


def test_xy_sufficiency_title_matches_r(lf):
    # R_printout.txt "LF pof sufficiency (single conditions)": STB 0.707 0.664 0.920
    ax = xy_plot("STB", "SURV", lf)
    assert _title_figures(ax) == {"inclS": 0.707, "PRI": 0.664, "covS": 0.920}
    assert len(ax.collections[0].get_offsets()) == len(lf)
    np.testing.assert_allclose(ax.collections[0].get_offsets()[:, 0], lf["STB"])
    assert ax.get_xlabel() == "STB"
    assert ax.get_ylabel() == "SURV"


def test_xy_necessity_title_matches_r(lf):
    # R: pof(LF[, 1:5], LF$SURV) necessity, DEV: 0.831 0.811 0.775
    ax = xy_plot(lf["DEV"], lf["SURV"], relation="necessity")
    assert _title_figures(ax) == {"inclN": 0.831, "RoN": 0.811, "covN": 0.775}
    assert "DEV ← SURV" in ax.get_title()


def test_xy_negated_column_and_labels(lf):
    ax = xy_plot("~URB", "SURV", lf, labels=True)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], 1 - lf["URB"].to_numpy())
    texts = [t.get_text() for t in ax.texts]
    assert texts == list(lf.index)
    ax2 = xy_plot([0.1, 0.9], [0.2, 0.8], labels=["p", "q"])
    assert [t.get_text() for t in ax2.texts] == ["p", "q"]


def test_xy_draws_on_given_axes(lf):
    fig, axes = plt.subplots(1, 2)
    out = xy_plot("DEV", "SURV", lf, ax=axes[1])
    assert out is axes[1]
    assert not axes[0].collections


def test_xy_svg_is_byte_stable(lf):
    first = figure_bytes(xy_plot("STB", "SURV", lf, labels=True).figure, "svg")
    second = figure_bytes(xy_plot("STB", "SURV", lf, labels=True).figure, "svg")
    assert first == second
    assert b"inclS = 0.707" in first


def test_xy_bad_input(lf):
    with pytest.raises(ArgumentError, match="'relation'"):
        xy_plot("STB", "SURV", lf, relation="sufnec")
    with pytest.raises(ArgumentError, match="'labels'"):
        xy_plot("STB", "SURV", lf, labels=["a"])
    with pytest.raises(ArgumentError, match="argument 'y'"):
        xy_plot([0.1, 0.2], [0.1, 0.2, 0.3])
    with pytest.raises(ArgumentError, match="argument 'x'"):
        xy_plot("STB", [0.1])
    with pytest.raises(QCAError, match="found 1.5"):
        xy_plot([0.1, 1.5], [0.1, 0.2])


# ---------------------------------------------------------------- Venn diagrams


@pytest.mark.parametrize("k", [3, 4, 5])
def test_every_configuration_has_a_region(k):
    assert len(VENN_SHAPES[k]) == k
    _, _, code = venn_regions(k, resolution=300)
    counts = np.bincount(code.ravel(), minlength=2**k)
    assert counts.size == 2**k
    assert counts.min() > 0


def test_region_codes_follow_truth_table_order():
    # the point at the centre of the 3-circle layout is inside all three sets: row 111 = 7
    xs, ys, code = venn_regions(3, resolution=301)
    centre = code[np.argmin(np.abs(ys)), np.argmin(np.abs(xs))]
    assert centre == 7
    # a point near the far side of the first circle (top) is in the first set only: 100 = 4
    top = code[np.argmin(np.abs(ys - 1.3)), np.argmin(np.abs(xs))]
    assert top == 4


def _table(k: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    names = ["DEV", "URB", "LIT", "IND", "STB"][:k]
    rows = pd.DataFrame(list(itertools.product([0, 1], repeat=k)), columns=names)
    rows["OUT"] = rng.choice(["1", "0", "C"], len(rows))
    rows["n"] = rng.integers(1, 9, len(rows))
    return rows.sample(frac=0.6, random_state=seed)


def _legend_cases(ax) -> dict[str, int]:
    out = {}
    for t in ax.get_legend().get_texts():
        name, count = t.get_text().rsplit(" (", 1)
        out[name] = int(count.split()[0])
    return out


@pytest.mark.parametrize("k", [3, 4, 5])
def test_venn_counts_regions_per_out_class(k):
    tt = _table(k, seed=k)
    ax = venn_plot(tt)
    legend = _legend_cases(ax)
    # the legend counts cases, like the regions (issue 10: it counted configurations)
    assert legend["OUT = 1"] == int(tt.loc[tt["OUT"] == "1", "n"].sum())
    assert legend["OUT = 0"] == int(tt.loc[tt["OUT"] == "0", "n"].sum())
    assert legend["contradiction (C)"] == int(tt.loc[tt["OUT"] == "C", "n"].sum())
    assert legend["remainder"] == 0
    # one number per observed configuration, and they add up to the cases
    numbers = [int(t.get_text()) for t in ax.texts if t.get_text().isdigit()]
    assert len(numbers) == len(tt)
    assert sum(numbers) == int(tt["n"].sum())
    # the condition names are written
    assert {t.get_text() for t in ax.texts} >= set(tt.columns[:k])


def test_venn_accepts_r_style_out_codes_and_truth_table_objects():
    class FakeTruthTable:
        def __init__(self, table, conditions):
            self.table = table
            self.conditions = conditions

    table = pd.DataFrame(
        {
            "A": [1, 1, 0, 0],
            "B": [1, 0, 1, 0],
            "C": [1, 1, 0, 0],
            "OUT": [1, 0, "C", "?"],
            "n": [2, 1, 3, 0],
            "incl": [1, 0, 0.5, np.nan],
        }
    )
    ax = venn_plot(FakeTruthTable(table, ["A", "B", "C"]), legend=True)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [
        "OUT = 1 (2 cases)",
        "OUT = 0 (1 case)",
        "contradiction (C) (3 cases)",
        "remainder (0 cases)",
    ]


def test_venn_svg_is_byte_stable():
    tt = _table(4, seed=11)
    assert figure_bytes(venn_plot(tt).figure, "svg") == figure_bytes(venn_plot(tt).figure, "svg")


def test_venn_bad_input():
    two = pd.DataFrame({"A": [1, 0], "B": [0, 1], "OUT": ["1", "0"], "n": [1, 1]})
    with pytest.raises(ArgumentError, match="3 to 5 conditions"):
        venn_plot(two)
    six = pd.DataFrame({c: [1] for c in "ABCDEF"} | {"OUT": ["1"], "n": [1]})
    with pytest.raises(ArgumentError, match="6 condition"):
        venn_plot(six)
    mv = pd.DataFrame({"A": [2], "B": [0], "C": [1], "OUT": ["1"], "n": [1]})
    with pytest.raises(QCAError, match="column 'A'.*binary"):
        venn_plot(mv)
    bad_out = pd.DataFrame({"A": [1], "B": [0], "C": [1], "OUT": ["yes"], "n": [1]})
    with pytest.raises(QCAError, match="'OUT'.*'yes'"):
        venn_plot(bad_out)
    twice = pd.DataFrame({"A": [1, 1], "B": [0, 0], "C": [1, 1], "OUT": ["1", "0"], "n": [1, 2]})
    with pytest.raises(QCAError, match="appears twice"):
        venn_plot(twice)
    with pytest.raises(ArgumentError, match="'OUT'"):
        venn_plot(pd.DataFrame({"A": [1]}))
    with pytest.raises(ArgumentError, match="TruthTable"):
        venn_plot([1, 2, 3])


def test_xy_expression_matches_solution_fit(lf):
    # R: the parsimonious LF model DEV*~IND + URB*STB has inclS 0.850, PRI 0.819, covS 0.714
    ax = xy_plot("DEV*~IND + URB*STB", "SURV", lf)
    assert _title_figures(ax) == {"inclS": 0.850, "PRI": 0.819, "covS": 0.714}
    assert ax.get_xlabel() == "DEV*~IND + URB*STB"


def test_venn_of_a_real_truth_table():
    from smartcase.qca.datasets import load_dataset
    from smartcase.qca.truthtable import truth_table

    lc = load_dataset("LC")
    tt = truth_table(lc, "SURV", ["DEV", "LIT", "STB", "URB"])
    ax = venn_plot(tt)
    legend = _legend_cases(ax)
    table = tt.table
    assert legend["OUT = 1"] == int(table.loc[table["OUT"] == "1", "n"].sum())
    assert legend["OUT = 0"] == int(table.loc[table["OUT"] == "0", "n"].sum())
    assert sum(legend.values()) == len(lc)
    numbers = [int(t.get_text()) for t in ax.texts if t.get_text().isdigit()]
    assert sum(numbers) == len(lc)


def test_venn_set_names_stay_inside_the_frame():
    from smartcase.style import figsize, layout_problems, publication_style

    tt = pd.DataFrame(
        {
            "Technology": [0, 1, 1],
            "Capacity": [1, 0, 1],
            "Institutions": [1, 1, 1],
            "OUT": ["1", "0", "1"],
            "n": [1, 2, 2],
        }
    )
    with publication_style():
        fig, ax = plt.subplots(figsize=figsize("single", aspect=1.1))
    venn_plot(tt, ax=ax)
    renderer = fig.canvas.get_renderer()
    frame = [p for p in ax.patches if type(p).__name__ == "Rectangle"][0]
    box = frame.get_window_extent(renderer)
    for t in ax.texts:
        bb = t.get_window_extent(renderer)
        assert box.x0 <= bb.x0 and bb.x1 <= box.x1 and box.y0 <= bb.y0 and bb.y1 <= box.y1, (
            t.get_text()
        )
    assert layout_problems(fig) == []
    plt.close(fig)


def test_labels_of_neighbouring_cases_do_not_overlap() -> None:
    # Busan and Sejong sit side by side at one height (their labels collided, issue 10); Bucheon
    # and Daegu share one spot and so share one label.
    import matplotlib.pyplot as plt

    from smartcase.qca.plots import xy_plot
    from smartcase.style import figsize, layout_problems, publication_style

    df = pd.DataFrame(
        {"X": [0.55, 0.65, 0.2, 0.4, 0.4], "Y": [0.19, 0.19, 0.9, 0.8, 0.8]},
        index=["Busan", "Sejong", "Far", "Bucheon", "Daegu"],
    )
    with publication_style():
        fig, ax = plt.subplots(figsize=figsize("single", aspect=1.0))
    xy_plot("X", "Y", df, labels=True, ax=ax)
    assert sorted(t.get_text() for t in ax.texts) == ["Bucheon, Daegu", "Busan", "Far", "Sejong"]
    assert layout_problems(fig) == []
    renderer = fig.canvas.get_renderer()
    points = ax.transData.transform(df[["X", "Y"]].to_numpy())
    for t in ax.texts:
        bb = t.get_window_extent(renderer)
        assert not any(bb.contains(px, py) for px, py in points), t.get_text()
    plt.close("all")


def _label_boxes(ax):
    """Each point label's own box (text only, not its leader line), in data coordinates."""
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    inverse = ax.transData.inverted()
    from matplotlib.text import Text

    return {
        t.get_text(): inverse.transform(Text.get_window_extent(t, renderer).get_points())
        for t in ax.texts
    }


# the memberships of Figure S1 when the reviewer found "Barcelona" struck through by the diagonal
# and "Sejong" touching "Busan"
S1 = pd.DataFrame(
    {
        "X": [0.447, 0.347, 0.553, 0.863, 0.910],
        "Y": [0.187, 0.187, 0.813, 0.813, 0.987],
    },
    index=["Busan", "Sejong", "Bucheon", "Helsinki", "Barcelona"],
)


def test_labels_keep_off_the_diagonal_and_each_other() -> None:
    from smartcase.style import figsize, layout_problems, publication_style

    with publication_style():
        fig, ax = plt.subplots(figsize=figsize("single", aspect=1.0))
    fig.set_dpi(300)
    xy_plot("X", "Y", S1, labels=True, ax=ax)
    boxes = _label_boxes(ax)
    assert sorted(boxes) == sorted(S1.index)
    for name, ((x0, y0), (x1, y1)) in boxes.items():
        # the box meets the line y = x when some t lies in both [x0, x1] and [y0, y1]
        assert max(x0, y0) > min(x1, y1), f"{name} lies on the diagonal"
    gap = 1.0 / 72 * 300  # 1 pt, in pixels
    pixels = {n: ax.transData.transform(b) for n, b in boxes.items()}
    names = sorted(pixels)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (ax0, ay0), (ax1, ay1) = pixels[a]
            (bx0, by0), (bx1, by1) = pixels[b]
            apart = max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1)
            assert apart >= gap, (a, b, apart)
    # nor do they cover a dot (radius about 2 pt)
    radius = np.sqrt(18) / 2 / 72 * 300
    for name, ((x0, y0), (x1, y1)) in pixels.items():
        for px, py in ax.transData.transform(S1[["X", "Y"]].to_numpy()):
            assert max(x0 - px, px - x1, y0 - py, py - y1) >= radius, name
    assert layout_problems(fig) == []


def test_case_type_labels_keep_off_the_legend() -> None:
    from smartcase.qca import minimize, truth_table, xy_plot_case_types
    from smartcase.qca.datasets import load_dataset

    sol = minimize(truth_table(load_dataset("LF"), "SURV", incl_cut=0.8), include="?")
    ax = xy_plot_case_types(sol)
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    from matplotlib.text import Text

    assert ax.texts
    for t in ax.texts:
        assert not Text.get_window_extent(t, renderer).overlaps(legend), t.get_text()
    plt.close(fig)
