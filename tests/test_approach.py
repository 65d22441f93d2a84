"""Tests of the combined-approach comparison (smartcase.approach), with answers computed by hand."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from casebooks import FIVE, MINI, load

from smartcase.approach import (
    combined_approach,
    combined_approach_plot,
    default_scale,
    element_scores,
)
from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_five_case_positions_by_hand() -> None:
    t = combined_approach(load("five"), scale="0-1")
    # eastport: technology 3,3,3,2,2,3,3 = 19/7; institutions 3,2,3,2,2,2,3,1 = 18/8;
    # capacity 1,1,0,2,1,0,1 = 6/7 (codes of five_casebook/codes.csv, coder ref)
    assert t.at["eastport", "technology"] == pytest.approx(19 / 21)
    assert t.at["eastport", "base"] == pytest.approx((19 / 21 + 18 / 24) / 2)
    assert t.at["eastport", "social"] == pytest.approx(6 / 21)
    assert t.at["eastport", "position"] == "smart-city base only"
    assert t.at["eastport", "weaker_axis"] == "social"
    assert t.at["eastport", "lacks"] == (
        "co_creation=0; social_innovation=0; living_lab=1; citizen_participation=1; "
        "collaborative_network=1; digital_skills=1"
    )
    # westholm: technology 2,1,2,3,2,2,2 = 14/7; institutions 3,1,2,3,2,3,2,2 = 18/8;
    # capacity 3,2,3,3,3,2,2 = 18/7
    assert t.at["westholm", "base"] == pytest.approx((14 / 21 + 18 / 24) / 2)
    assert t.at["westholm", "social"] == pytest.approx(18 / 21)
    assert t.at["westholm", "position"] == "combined"
    assert t.at["westholm", "weaker_axis"] == "base"
    assert t.at["westholm", "lacks"] == "iot_sensors=1; law_regulation=1"
    assert t["name"].tolist() == ["Eastport", "Eastvale", "Eastfield", "Westholm", "Westbury"]


def test_scale_0_3_multiplies_by_three_and_keeps_positions() -> None:
    book = load("five")
    a = combined_approach(book, scale="0-1")
    b = combined_approach(book, scale="0-3")
    assert (b["base"] - 3 * a["base"]).abs().max() < 1e-12
    assert b.attrs["midpoint"] == 1.5 and a.attrs["midpoint"] == 0.5
    assert b["position"].tolist() == a["position"].tolist()
    assert element_scores(book, scale="0-3").equals(book.code_matrix("element") * 3.0)


def test_evidence_behind_each_axis_counted_independently() -> None:
    book = load("five")
    t = combined_approach(book)
    evidence = {r["evidence_id"]: r for r in rows(FIVE, "evidence")}
    kinds = {r["source_id"]: r["kind"] for r in rows(FIVE, "sources")}
    social_subs = set(book.framework.subdimensions_of("capacity"))
    for case in book.case_ids:
        for axis in ("base", "social"):
            cited = {
                e
                for r in rows(FIVE, "codes")
                if r["case_id"] == case
                and r["coder_id"] == "ref"
                and r["construct_id"] != "innovation"
                and ((r["construct_id"] in social_subs) == (axis == "social"))
                for e in r["evidence_ids"].split(";")
                if e
            }
            strong = sum(evidence[e]["strength"] == "strong" for e in cited)
            official = sum(kinds[evidence[e]["source_id"]] == "government" for e in cited)
            news = sum(kinds[evidence[e]["source_id"]] == "news" for e in cited)
            assert t.at[case, f"{axis}_items"] == len(cited)
            assert t.at[case, f"{axis}_strong_share"] == pytest.approx(strong / len(cited))
            assert t.at[case, f"{axis}_official_share"] == pytest.approx(official / len(cited))
            assert t.at[case, f"{axis}_news_share"] == pytest.approx(news / len(cited))


def test_a_changed_code_moves_the_position(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    shutil.copytree(FIVE, folder)
    codes = folder / "codes.csv"
    text = codes.read_text(encoding="utf-8")
    # eastport: raise living_lab 1 -> 3 (ref), citing the evidence it already cites
    lines = text.splitlines(keepends=True)
    out = []
    for ln in lines:
        if ln.startswith("eastport,living_lab,ref,1,"):
            ln = ln.replace(",ref,1,", ",ref,3,", 1)
        out.append(ln)
    codes.write_text("".join(out), encoding="utf-8")
    before = combined_approach(load("five"), scale="0-1")
    after = combined_approach(load_cases(folder), scale="0-1")
    assert after.at["eastport", "social"] - before.at["eastport", "social"] == pytest.approx(2 / 21)
    assert "living_lab=1" in before.at["eastport", "lacks"]
    assert "living_lab" not in after.at["eastport", "lacks"]


def test_bad_arguments() -> None:
    book = load("mini")
    with pytest.raises(ArgumentError, match="scale"):
        combined_approach(book, scale="0-100")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="base"):
        combined_approach(book, base=("technology", "culture"))
    with pytest.raises(ArgumentError, match="social"):
        combined_approach(book, social=())
    with pytest.raises(ArgumentError, match="coder"):
        combined_approach(book, coder="nobody")
    with pytest.raises(ArgumentError, match="data"):
        combined_approach_plot(book.cases)


def test_input_is_not_changed() -> None:
    book = load_cases(MINI)
    before = book.codes.copy()
    combined_approach(book)
    assert book.codes.equals(before)


# ----------------------------------------------------------------------------- figure
def _texts(fig):
    return [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", ["five", "bundled"])
def test_figure_labels_are_readable_and_do_not_overlap(name: str) -> None:
    book = load(name)
    ax = combined_approach_plot(book)
    fig = ax.figure
    assert round(fig.get_figwidth() * 25.4) == 175  # two-column width
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _texts(fig)
    assert min(t.get_fontsize() for t in texts) >= 6.0
    names = set(book.cases["name"])
    labels = [t for t in ax.texts if t.get_text() in names]
    assert {t.get_text() for t in labels} == names  # every city is named once
    boxes = [t.get_window_extent(renderer) for t in labels]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j]), (labels[i].get_text(), labels[j].get_text())
    frame = fig.bbox
    for t in texts:
        b = t.get_window_extent(renderer)
        assert b.x0 >= frame.x0 - 1 and b.x1 <= frame.x1 + 1, t.get_text()
        assert b.y0 >= frame.y0 - 1 and b.y1 <= frame.y1 + 1, t.get_text()
    assert ax.get_xlim() == ((0.0, 1.0) if default_scale() == "0-1" else (0.0, 3.0))


def test_figure_into_given_axes_has_one_panel() -> None:
    fig, ax = plt.subplots()
    out = combined_approach_plot(combined_approach(load("five"), scale="0-3"), ax=ax)
    assert out is ax and len(fig.axes) == 1
    assert ax.get_xlim() == (0.0, 3.0)


def test_default_scale_follows_the_publication_style(monkeypatch: pytest.MonkeyPatch) -> None:
    import smartcase.style

    monkeypatch.setattr(smartcase.style, "SCORE_SCALE", "mean code (0-3)", raising=False)
    assert default_scale() == "0-3"
    assert combined_approach(load("mini")).attrs["scale"] == "0-3"
    monkeypatch.setattr(smartcase.style, "SCORE_SCALE", "mean code / 3 (0-1)", raising=False)
    assert default_scale() == "0-1"
    monkeypatch.delattr(smartcase.style, "SCORE_SCALE", raising=False)
    assert default_scale() == "0-1"
