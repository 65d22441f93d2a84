"""Tests of smartcase.charts: what each chart draws, checked against the codes."""

from __future__ import annotations

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


def test_charts_render_byte_identically(book):
    a = figure_bytes(charts.harvey_chart(book).figure, "svg")
    b = figure_bytes(charts.harvey_chart(book).figure, "svg")
    assert a == b
