"""Tests of smartcase.charts: what each chart draws, checked against the codes."""

from __future__ import annotations

import itertools
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.patches import Circle, Rectangle, Wedge

import smartcase
from smartcase import charts
from smartcase.errors import ArgumentError
from smartcase.output import figure_bytes

FIXTURE = Path(__file__).resolve().parent / "data" / "five_casebook"


@pytest.fixture(scope="module")
def book():
    return smartcase.load_cases(FIXTURE)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_framework_diagram_names_every_element_and_sub_dimension():
    fw = smartcase.load_framework()
    ax = charts.framework_diagram(fw)
    text = " ".join(t.get_text().replace("\n   ", " ").replace("\n", " ") for t in ax.texts)
    for label in fw.elements["label"]:
        assert label in text
    for label in fw.subdimensions["label"]:
        assert label in text
    assert charts.FRAMEWORK_ATTRIBUTION in text
    assert "Outcome: People-oriented smart-city innovation" in text


def test_harvey_chart_fills_balls_to_the_codes(book):
    ax = charts.harvey_chart(book, mark_low_confidence=False)
    codes = book.code_matrix(outcome=True)
    n_cells = codes.size
    outlines = [
        p for p in ax.patches if isinstance(p, Circle) and p.get_facecolor()[:3] == (1.0, 1.0, 1.0)
    ]
    assert len(outlines) == n_cells
    wedges = [p for p in ax.patches if isinstance(p, Wedge)]
    full = [
        p for p in ax.patches if isinstance(p, Circle) and p.get_facecolor()[:3] != (1.0, 1.0, 1.0)
    ]
    values = codes.to_numpy().ravel()
    assert len(full) == int((values == 3).sum())
    assert len(wedges) == int(((values == 1) | (values == 2)).sum())
    # the symbols of the tables (issue 10: one meaning): code 1 a quarter, code 2 three quarters
    spans = sorted(round((w.theta2 - w.theta1) % 360) for w in wedges)
    assert set(spans) <= {90, 270}
    assert spans.count(90) == int((values == 1).sum())


def test_harvey_chart_marks_low_confidence(book):
    ax = charts.harvey_chart(book)
    low = int(((book.codes["coder_id"] == "ref") & (book.codes["confidence"] == "low")).sum())
    assert sum(t.get_text() == "\u2020" for t in ax.texts) == low


def test_profile_plot_bars_are_the_codes(book):
    ax = charts.profile_plot(book, "westholm")
    bars = [
        p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() == pytest.approx(0.5)
    ]
    codes = book.code_matrix(outcome=True).loc["westholm"].astype(float).tolist()
    widths = [b.get_width() for b in sorted(bars, key=lambda b: -b.get_y())]
    assert widths == codes
    with pytest.raises(ArgumentError, match="argument 'case'"):
        charts.profile_plot(book, "atlantis")


def test_profile_plot_marks_every_code_zero(book):
    # eastfield has three codes of 0, one of them of low confidence: a bar of length 0 draws
    # nothing, so each must be an open circle on the zero line (hatched when low)
    ax = charts.profile_plot(book, "eastfield")
    fw = book.framework
    constructs = [*fw.subdimension_ids, *fw.outcome_ids]
    codes = book.code_matrix(outcome=True).loc["eastfield"].astype(float)
    ref = book.codes[(book.codes["coder_id"] == "ref") & (book.codes["case_id"] == "eastfield")]
    low = set(ref.loc[ref["confidence"] == "low", "construct_id"])
    n = len(constructs)
    markers = {}
    for coll in ax.collections:
        (x, y), *_ = coll.get_offsets()
        markers[constructs[n - 1 - round(y - 0.1)]] = (float(x), coll.get_hatch())
    zeros = [c for c in constructs if codes[c] == 0]
    assert len(zeros) == 3
    assert sorted(markers) == sorted(zeros)
    for c in zeros:
        x, hatch = markers[c]
        assert x == 0
        assert bool(hatch) == (c in low), c
    assert any(markers[c][1] for c in zeros)  # the low-confidence zero is hatched
    legend = [t.get_text() for t in ax.figure.legends[0].get_texts()]
    assert charts.ZERO_CODE_LABEL in legend
    assert "not found" in charts.ZERO_CODE_LABEL
    # a case with no zero draws no circle
    assert len(charts.profile_plot(book, "westholm").collections) == 0


def test_group_profile_bars_are_group_means(book):
    ax = charts.group_profile_plot(book)
    scores = book.code_matrix("element", outcome=True) * 3
    groups = list(dict.fromkeys(book.cases["group"]))
    heights = [
        p.get_height() for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0.05
    ]
    expected = []
    for g in groups:
        expected += scores.loc[book.cases.index[book.cases["group"] == g]].mean().tolist()
    assert np.allclose(heights, expected)
    with pytest.raises(ArgumentError, match="'by'"):
        charts.group_profile_plot(book, by="continent")


def test_stage_plot_places_cases_at_their_stage(book):
    from smartcase.strategy import diagnose_stage, stages

    ax = charts.stage_plot(book)
    order = list(stages().index)
    dots = ax.collections
    assert len(dots) == len(book.case_ids)
    for k, case in enumerate(book.case_ids):
        x, _ = dots[k].get_offsets()[0]
        assert x == order.index(diagnose_stage(book, case).stage)


def test_stage_plot_tick_labels_stand_apart(book):
    # "experimentation" and "institutionalisation" ran together (0.2 mm apart) at 85 mm
    ax = charts.stage_plot(smartcase.load_cases())
    fig = ax.figure
    fig.set_dpi(300)
    fig.draw_without_rendering()
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert len(boxes) == 3
    mm = fig.dpi / 25.4
    for left, right in itertools.pairwise(boxes):
        assert right.x0 - left.x1 >= 1.5 * mm
    assert fig.get_figwidth() * 25.4 == pytest.approx(85.0)


def test_charts_render_byte_identically(book):
    a = figure_bytes(charts.harvey_chart(book).figure, "svg")
    b = figure_bytes(charts.harvey_chart(book).figure, "svg")
    assert a == b
