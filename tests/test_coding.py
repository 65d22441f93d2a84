"""Tests of smartcase.coding: evidence counts and timeline checked against the fixtures by hand."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from casebooks import BOOKS, FIVE, MINI, load

from smartcase.casebook import load_cases
from smartcase.coding import STRENGTHS, evidence_counts, evidence_timeline, timeline_plot
from smartcase.errors import ArgumentError
from smartcase.output import figure_bytes


# ------------------------------------------------------------------ counts
def test_counts_mini_by_hand() -> None:
    c = evidence_counts(load_cases(MINI))
    # alpha: open data (strong), living lab (weak), strategy 2021 (medium, post-2020)
    assert c.loc[("alpha", "technology")].tolist() == [1, 0, 0, 1]
    assert c.loc[("alpha", "capacity")].tolist() == [0, 0, 1, 1]
    assert c.loc[("alpha", "institutions")].tolist() == [0, 1, 0, 1]
    # beta: living lab (medium), funding (strong); nothing on technology
    assert c.loc[("beta", "technology")].tolist() == [0, 0, 0, 0]
    assert c.loc[("beta", "institutions")].tolist() == [1, 0, 0, 1]
    to_2020 = evidence_counts(load_cases(MINI), include_post_2020=False)
    assert to_2020.loc[("alpha", "institutions"), "total"] == 0
    assert int(to_2020["total"].sum()) == 4


def test_counts_levels_and_filters() -> None:
    book = load_cases(FIVE)
    sub = evidence_counts(book, level="subdimension")
    assert len(sub) == len(book.cases) * len(book.framework.subdimensions)
    assert sub.index.names == ["case_id", "subdimension_id"]
    one = evidence_counts(book, level="subdimension", case="eastport", element="capacity")
    assert one.index.get_level_values(1).tolist() == book.framework.subdimensions_of("capacity")
    # a code of 0 has no evidence; a code of 1 one item; codes of 2 or 3 two items (fixture rule)
    assert one.loc[("eastport", "co_creation"), "total"] == 0
    assert one.loc[("eastport", "innovation_ecosystem"), "total"] == 2
    assert (
        one["total"].sum()
        == book.evidence.query("case_id == 'eastport' and element_id == 'capacity'").shape[0]
    )


@pytest.mark.parametrize("name", BOOKS)
def test_counts_add_up(name: str) -> None:
    book = load(name)
    c = evidence_counts(book)
    assert int(c["total"].sum()) == len(book.evidence)
    assert (c["total"] == c[list(STRENGTHS)].sum(axis=1)).all()
    for strength in STRENGTHS:
        assert int(c[strength].sum()) == int((book.evidence["strength"] == strength).sum())


def test_counts_bad_input() -> None:
    book = load_cases(MINI)
    with pytest.raises(ArgumentError, match="'case'.*'gamma'"):
        evidence_counts(book, case="gamma")
    with pytest.raises(ArgumentError, match="element.*'data'"):
        evidence_counts(book, element="data")
    with pytest.raises(ArgumentError, match="level"):
        evidence_counts(book, level="strength")  # type: ignore[arg-type]


# ---------------------------------------------------------------- timeline
def test_timeline_mini_by_hand() -> None:
    tl = evidence_timeline(load_cases(MINI))
    assert tl.index.tolist() == [2016, 2017, 2018, 2019, 2020, 2021]
    assert tl.loc[2016, ["technology", "capacity", "institutions", "total"]].tolist() == [
        1,
        0,
        0,
        1,
    ]
    assert tl.loc[2017, "total"] == 0  # years without evidence are kept
    assert tl.loc[2018, ["capacity", "institutions"]].tolist() == [1, 1]
    assert tl["post_2020"].tolist() == [False] * 5 + [True]
    assert tl["flagged_post_2020"].tolist() == [0, 0, 0, 0, 0, 1]
    beta = evidence_timeline(load_cases(MINI), case="beta", by="strength")
    assert beta.index.tolist() == [2018, 2019, 2020]
    assert beta.loc[2018, ["strong", "medium", "weak"]].tolist() == [1, 0, 0]
    assert beta.loc[2020, "medium"] == 1


@pytest.mark.parametrize("name", BOOKS)
def test_timeline_totals(name: str) -> None:
    book = load(name)
    tl = evidence_timeline(book)
    assert int(tl["total"].sum()) == len(book.evidence)
    assert (tl["post_2020"] == (tl.index > 2020)).all()
    post = book.evidence[book.evidence["post_2020"].astype(bool)]
    # every item dated after 2020 is flagged; items dated earlier may be flagged too
    assert int(tl["flagged_post_2020"].sum()) == len(post)
    assert (tl.loc[tl["post_2020"], "flagged_post_2020"] == tl.loc[tl["post_2020"], "total"]).all()


def test_timeline_bad_input() -> None:
    book = load_cases(MINI)
    with pytest.raises(ArgumentError, match="by"):
        evidence_timeline(book, by="source")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="'case'.*'gamma'"):
        evidence_timeline(book, case="gamma")


# -------------------------------------------------------------------- plot
@pytest.mark.parametrize("name", BOOKS)
def test_timeline_plot(name: str) -> None:
    book = load(name)
    ax = timeline_plot(book)
    tl = evidence_timeline(book)
    n_elements = len(book.framework.elements)
    bars = [p for c in ax.containers for p in c]
    assert len(bars) == len(tl) * n_elements
    assert sum(p.get_height() for p in bars) == len(book.evidence)
    assert any(line.get_xdata()[0] == 2020.5 for line in ax.get_lines())
    assert figure_bytes(ax.figure, "svg") == figure_bytes(timeline_plot(book).figure, "svg")


def test_timeline_plot_case_and_own_axes() -> None:
    book = load_cases(FIVE)
    fig, own = plt.subplots()
    ax = timeline_plot(book, own, case="westholm")
    assert ax is own
    assert ax.get_title(loc="left") == "Westholm"
    heights = sum(p.get_height() for c in ax.containers for p in c)
    assert heights == int((book.evidence["case_id"] == "westholm").sum())
    with pytest.raises(ArgumentError, match="case"):
        timeline_plot(book, case="atlantis")


def test_inputs_not_mutated() -> None:
    book = load_cases(FIVE)
    ev = book.evidence.copy()
    evidence_counts(book, include_post_2020=False)
    evidence_timeline(book)
    timeline_plot(book)
    pd.testing.assert_frame_equal(book.evidence, ev)


def test_every_source_kind_of_the_schema_has_a_group() -> None:
    from smartcase.coding import SOURCE_KIND_GROUPS
    from smartcase.schema import table_specs

    kinds = table_specs()["sources"].field("kind").enum
    assert set(kinds) == set(SOURCE_KIND_GROUPS)
    assert set(SOURCE_KIND_GROUPS.values()) == {"official", "scholarly", "news", "other"}
