"""Tests of smartcase.typology: distances by hand, clustering heights, the element rule and the
placement of cases in the three-set diagram."""

from __future__ import annotations

from dataclasses import replace

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from casebooks import BOOKS, FIVE, MINI, load
from matplotlib.text import Annotation

from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError
from smartcase.output import figure_bytes
from smartcase.typology import (
    case_distances,
    cluster_cases,
    dendrogram_plot,
    element_profile,
    three_set_plot,
)


# ------------------------------------------------------------------- distances
def test_distances_by_hand() -> None:
    book = load_cases(FIVE)
    # eastport vs eastvale differ by 4 (technology) + 3 (capacity) + 6 (institutions) = 13 code steps
    man = case_distances(book, metric="manhattan")
    assert man.at["eastport", "eastvale"] == 13
    gower = case_distances(book)
    assert gower.at["eastport", "eastvale"] == pytest.approx(13 / (3 * 22))
    eu = case_distances(book, metric="euclidean")
    # 13 single-step differences -> sqrt(13)
    assert eu.at["eastport", "eastvale"] == pytest.approx(np.sqrt(13))
    el = case_distances(book, level="element")
    scores = book.code_matrix("element")
    assert el.at["westholm", "eastfield"] == pytest.approx(
        (scores.loc["westholm"] - scores.loc["eastfield"]).abs().mean()
    )


def test_mini_distance_by_hand() -> None:
    book = load_cases(MINI)
    # alpha (open_data 3, living_lab 1) vs beta (living_lab 2, funding 2): 3 + 1 + 2 = 6
    assert case_distances(book, metric="manhattan").at["alpha", "beta"] == 6
    with_outcome = case_distances(book, metric="manhattan", outcome=True)
    assert with_outcome.at["alpha", "beta"] == 7  # innovation 0 versus 1


@pytest.mark.parametrize("name", BOOKS)
@pytest.mark.parametrize("metric", ["gower", "manhattan", "euclidean"])
def test_distance_properties(name: str, metric: str) -> None:
    d = case_distances(load(name), metric=metric)  # type: ignore[arg-type]
    v = d.to_numpy()
    assert np.allclose(v, v.T) and np.all(np.diag(v) == 0) and np.all(v >= 0)
    n = len(v)
    for i in range(n):
        for j in range(n):
            assert np.all(v[i, j] <= v[i, :] + v[:, j] + 1e-12)  # triangle inequality
    if metric == "gower":
        assert np.all(v <= 1)


def test_missing_codes_are_skipped_or_rescaled() -> None:
    book = load_cases(MINI)
    drop = (
        (book.codes.case_id == "alpha")
        & (book.codes.construct_id == "open_data")
        & (book.codes.coder_id == "ref")
    )
    gap = replace(book, codes=book.codes[~drop].reset_index(drop=True))
    # without open_data: living_lab 1 vs 2 and funding 0 vs 2 over 21 shared variables
    assert case_distances(gap).at["alpha", "beta"] == pytest.approx(3 / (3 * 21))
    assert case_distances(gap, metric="manhattan").at["alpha", "beta"] == pytest.approx(3 * 22 / 21)


def test_distance_bad_input() -> None:
    book = load_cases(MINI)
    with pytest.raises(ArgumentError, match="metric.*'gower'"):
        case_distances(book, metric="cosine")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="level"):
        case_distances(book, level="case")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="coder"):
        case_distances(book, coder="x")


# ------------------------------------------------------------------ clustering
def test_clustering_heights_by_hand() -> None:
    book = load_cases(FIVE)
    typ = cluster_cases(book)
    d = typ.distances
    steps = typ.to_frame()
    assert steps.loc[0, "merged"] == "{westholm} + {westbury}"
    assert steps.loc[0, "height"] == pytest.approx(d.at["westholm", "westbury"])
    assert steps.loc[1, "merged"] == "{eastport} + {eastvale}"
    # average linkage: eastfield joins the western pair at the mean of its two distances
    assert steps.loc[2, "height"] == pytest.approx(
        (d.at["eastfield", "westholm"] + d.at["eastfield", "westbury"]) / 2
    )
    assert typ.clusters(2).tolist() == [1, 1, 2, 2, 2]
    assert typ.clusters(5).nunique() == 5
    assert 0 < typ.cophenetic <= 1
    single = cluster_cases(book, method="single")
    assert single.to_frame().loc[2, "height"] == pytest.approx(
        min(d.at["eastfield", "westholm"], d.at["eastfield", "westbury"])
    )
    ward = cluster_cases(book, method="ward", metric="euclidean")
    assert ward.linkage.shape == (4, 4)


def test_clustering_bad_input() -> None:
    book = load_cases(FIVE)
    with pytest.raises(ArgumentError, match="euclidean.*'ward' with metric 'gower'"):
        cluster_cases(book, method="ward")
    with pytest.raises(ArgumentError, match="method"):
        cluster_cases(book, method="centroid")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="k"):
        cluster_cases(book).clusters(6)
    with pytest.raises(ArgumentError, match="at least two cases"):
        cluster_cases(book.subset(["eastport"]))


@pytest.mark.parametrize("name", BOOKS)
def test_dendrogram_plot(name: str) -> None:
    book = load(name)
    ax = dendrogram_plot(book)
    labels = {t.get_text() for t in ax.get_yticklabels()}
    assert labels == set(book.cases["name"])
    assert ax.get_xlabel() == "Gower distance, average linkage"
    assert figure_bytes(ax.figure, "svg") == figure_bytes(dendrogram_plot(book).figure, "svg")
    fig, own = plt.subplots()
    assert dendrogram_plot(book, ax=own, metric="manhattan") is own


def test_dendrogram_colours_by_group() -> None:
    from smartcase.style import GROUP_COLORS

    book = load_cases(FIVE)
    ax = dendrogram_plot(book)
    colours = {line.get_gid(): line.get_color() for line in ax.get_lines() if line.get_gid()}
    assert colours["leaf-eastport"] == colours["leaf-eastvale"] != colours["leaf-westholm"]
    korea = replace(
        book, cases=book.cases.assign(group=["Korea", "Korea", "Korea", "Europe", "Europe"])
    )
    ax2 = dendrogram_plot(korea)
    colours = {line.get_gid(): line.get_color() for line in ax2.get_lines() if line.get_gid()}
    assert (
        colours["leaf-eastport"] == GROUP_COLORS["Korea"]
        and colours["leaf-westbury"] == GROUP_COLORS["Europe"]
    )
    # each marker sits at its case's leaf
    leaf_y = {t.get_text(): y for t, y in zip(ax2.get_yticklabels(), ax2.get_yticks(), strict=True)}
    markers = {line.get_gid(): line.get_ydata()[0] for line in ax2.get_lines() if line.get_gid()}
    assert markers["leaf-westholm"] == leaf_y["Westholm"]
    ax3 = three_set_plot(korea)
    frames = {
        t.get_text(): t.get_bbox_patch().get_edgecolor()
        for t in ax3.texts
        if t.get_bbox_patch() is not None
    }
    assert matplotlib.colors.to_hex(frames["Westbury"]) == GROUP_COLORS["Europe"].lower()


# ------------------------------------------------------------- element profile
def test_element_profile_rule() -> None:
    book = load_cases(FIVE)
    prof = element_profile(book)
    assert prof["established"].to_dict() == {
        "eastport": "technology+institutions",
        "eastvale": "technology+institutions",
        "eastfield": "none",
        "westholm": "technology+capacity+institutions",
        "westbury": "technology+capacity+institutions",
    }
    # eastfield's capacity score is 10/21 = 0.476: established at 0.45, not at 0.5
    assert prof.at["eastfield", "capacity_score"] == pytest.approx(10 / 21)
    assert element_profile(book, threshold=0.45).at["eastfield", "capacity"]
    # an element exactly at the threshold counts (eastvale institutions 7/12 = 0.583)
    assert element_profile(book, threshold=7 / 12).at["eastvale", "institutions"]
    assert prof["n_established"].tolist() == [2, 2, 0, 3, 3]


def test_element_profile_mini_and_errors() -> None:
    book = load_cases(MINI)
    prof = element_profile(book)
    assert prof["established"].tolist() == ["none", "none"]
    assert element_profile(book, threshold=0.1).at["alpha", "technology"]  # 1/7 = 0.14
    for bad in (0, 1.5, "half", True):
        with pytest.raises(ArgumentError, match="threshold"):
            element_profile(book, threshold=bad)  # type: ignore[arg-type]


def _circle_membership(ax: plt.Axes, x: float, y: float) -> tuple[bool, ...]:
    from matplotlib.patches import Circle

    circles = [p for p in ax.patches if isinstance(p, Circle)]
    return tuple(bool(np.hypot(x - c.center[0], y - c.center[1]) < c.radius) for c in circles)


@pytest.mark.parametrize("name", BOOKS)
@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7])
def test_three_set_plot_places_each_case_in_its_region(name: str, threshold: float) -> None:
    book = load(name)
    prof = element_profile(book, threshold=threshold)
    ax = three_set_plot(book, threshold=threshold)
    ax.figure.draw_without_rendering()
    renderer = ax.figure.canvas.get_renderer()
    by_name = {str(book.cases.at[c, "name"]): c for c in book.case_ids}
    seen = set()
    for text in ax.texts:
        if text.get_text() in by_name:
            case = by_name[text.get_text()]
            # a name listed beside the circles points into its region
            x, y = text.xy if isinstance(text, Annotation) else text.get_position()
            expected = tuple(bool(prof.at[case, e]) for e in book.framework.element_ids)
            assert _circle_membership(ax, x, y) == expected, case
            if any(expected) and not isinstance(text, Annotation):
                # the whole framed name lies in its region (issue 10: a label straddled borders)
                bb = text.get_bbox_patch().get_window_extent(renderer)
                inv = ax.transData.inverted()
                for px, py in inv.transform(
                    [(bb.x0, bb.y0), (bb.x0, bb.y1), (bb.x1, bb.y0), (bb.x1, bb.y1)]
                ):
                    assert _circle_membership(ax, px, py) == expected, case
            seen.add(case)
    assert seen == set(book.case_ids)
    first = three_set_plot(book, threshold=threshold).figure
    assert figure_bytes(first, "svg") == figure_bytes(
        three_set_plot(book, threshold=threshold).figure, "svg"
    )


def test_three_set_plot_needs_three_elements() -> None:
    book = load_cases(MINI)
    fw = book.framework
    two = replace(book, framework=replace(fw, elements=fw.elements.iloc[:2]))
    with pytest.raises(ArgumentError, match="exactly three elements"):
        three_set_plot(two)
    fig, own = plt.subplots()
    assert three_set_plot(book, ax=own) is own


def test_inputs_not_mutated() -> None:
    book = load_cases(FIVE)
    codes, cases = book.codes.copy(), book.cases.copy()
    cluster_cases(book)
    element_profile(book)
    three_set_plot(book)
    pd.testing.assert_frame_equal(book.codes, codes)
    pd.testing.assert_frame_equal(book.cases, cases)
