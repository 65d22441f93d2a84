"""Tests of the programme timeline (smartcase.programmes), with answers computed by hand."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from casebooks import FIVE, load

from smartcase.errors import ArgumentError
from smartcase.programmes import (
    SEVERAL,
    programme_elements,
    programme_label,
    programme_timeline,
    programme_timeline_plot,
)


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_mini_programme_ties_between_three_elements() -> None:
    # alpha-p01 rests on alpha-report-2019, which gives alpha-e001 (technology), alpha-e002
    # (capacity) and alpha-e003 (institutions): one item each, a tie
    pe = programme_elements(load("mini"))
    assert pe.loc["alpha-p01", ["technology", "capacity", "institutions"]].tolist() == [1, 1, 1]
    assert pe.loc["alpha-p01", ["element", "basis"]].tolist() == [SEVERAL, "tie"]
    assert pe.loc["alpha-p01", "evidence_ids"] == "alpha-e001;alpha-e002;alpha-e003"


def test_five_case_elements_counted_independently() -> None:
    pe = programme_elements(load("five"))
    evidence = rows(FIVE, "evidence")
    for p in rows(FIVE, "programmes"):
        sources = {p["source_id"], p["lead_source_id"]}
        counts = Counter(
            e["element_id"]
            for e in evidence
            if e["case_id"] == p["case_id"] and e["source_id"] in sources
        )
        for el in ("technology", "capacity", "institutions"):
            assert pe.at[p["programme_id"], el] == counts.get(el, 0)
        top = max(counts.values())
        leaders = [el for el, c in counts.items() if c == top]
        expected = leaders[0] if len(leaders) == 1 else SEVERAL
        assert pe.at[p["programme_id"], "element"] == expected


def test_given_elements_override_and_are_checked() -> None:
    book = load("mini")
    pe = programme_elements(book, elements={"alpha-p01": "technology"})
    assert pe.loc["alpha-p01", ["element", "basis"]].tolist() == ["technology", "given"]
    with pytest.raises(ArgumentError, match="elements"):
        programme_elements(book, elements={"alpha-p09": "technology"})
    with pytest.raises(ArgumentError, match="one of technology"):
        programme_elements(book, elements={"alpha-p01": "culture"})


def test_timeline_order_and_years() -> None:
    t = programme_timeline(load("five"))
    # cases in case order, programmes by start year
    assert t["case_id"].tolist()[:4] == ["eastport", "eastport", "eastvale", "eastvale"]
    assert t.loc["eastport-p01", ["start_year", "open_ended", "after_2020"]].tolist() == [
        2014,
        True,
        True,
    ]
    assert t.loc["eastport-p01", "label"] == "Eastport Smart Programme"
    bundled = programme_timeline(load("bundled"))
    assert bundled.loc["busan-p02", ["start_year", "end_year", "after_2020"]].tolist() == [
        2015,
        2017,
        False,
    ]
    for case, part in bundled.groupby("case_id", sort=False):
        assert part["start_year"].is_monotonic_increasing, case


def test_labels_drop_parenthesised_additions() -> None:
    assert (
        programme_label("City Smart project (\uc2dc\ud2f0\uc2a4\ub9c8\ud2b8)")
        == "City Smart project"
    )
    assert programme_label("(only a parenthesis)") == "(only a parenthesis)"


@pytest.mark.parametrize("name", ["five", "bundled"])
def test_figure_is_readable(name: str) -> None:
    book = load(name)
    ax = programme_timeline_plot(book)
    fig = ax.figure
    assert round(fig.get_figwidth() * 25.4) == 175
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    t = programme_timeline(book)
    assert len(labels) == len(t) + t["case"].nunique()
    texts = [x for x in fig.findobj(plt.Text) if x.get_visible() and x.get_text().strip()]
    assert min(x.get_fontsize() for x in texts) >= 6.0
    frame = fig.bbox
    for x in texts:
        b = x.get_window_extent(renderer)
        assert frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1, x.get_text()
        assert frame.y0 - 1 <= b.y0 and b.y1 <= frame.y1 + 1, x.get_text()
    ticks = [x.get_window_extent(renderer) for x in ax.get_yticklabels()]
    for a, b in zip(ticks, ticks[1:], strict=False):
        assert not a.overlaps(b)


def test_figure_arguments() -> None:
    book = load("five")
    with pytest.raises(ArgumentError, match="until"):
        programme_timeline_plot(book, until=1990)
    with pytest.raises(ArgumentError, match="data"):
        programme_timeline_plot(book.cases)
    fig, ax = plt.subplots()
    assert programme_timeline_plot(programme_timeline(book), ax=ax, until=2025) is ax
    assert ax.get_xlim()[1] == 2026.5
