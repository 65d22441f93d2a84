"""Tests of the bundled framework: elements, codebook (MacQueen form) and rubric."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from smartcase.errors import ArgumentError, DataError
from smartcase.framework import LEVEL_LABELS, load_framework


def test_three_elements_in_order() -> None:
    fw = load_framework()
    assert fw.element_ids == ("technology", "capacity", "institutions")
    assert fw.elements.loc["capacity", "label"] == "Innovative capacity"


@pytest.mark.parametrize("element", ["technology", "capacity", "institutions"])
def test_four_to_eight_subdimensions_per_element(element: str) -> None:
    assert 4 <= len(load_framework().subdimensions_of(element)) <= 8


def test_codebook_entries_are_complete_macqueen_entries() -> None:
    fw = load_framework()
    fields = [
        "label",
        "short_definition",
        "full_definition",
        "when_to_use",
        "when_not_to_use",
        "example",
    ]
    for cid, rec in fw.codebook.iterrows():
        for f in fields:
            assert isinstance(rec[f], str) and len(rec[f].strip()) > 10 or f == "label", (cid, f)
    assert fw.outcome_ids == ("innovation",)


def test_when_not_to_use_points_to_existing_codes() -> None:
    """Each 'when not to use' names at least one neighbouring code that exists."""
    fw = load_framework()
    ids = set(fw.codebook.index)
    for cid, rec in fw.subdimensions.iterrows():
        named = {w.strip(".,;:()") for w in rec["when_not_to_use"].split()} & ids
        assert named - {cid}, cid


def test_rubric_has_four_labelled_levels_per_construct() -> None:
    fw = load_framework()
    r = fw.rubric
    assert len(r) == 4 * len(fw.codebook)
    for cid in fw.codebook.index:
        sub = r[r.construct_id == cid]
        assert sub["level"].tolist() == [0, 1, 2, 3]
        assert sub["level_label"].tolist() == [LEVEL_LABELS[i] for i in range(4)]
        assert sub["anchor"].str.len().min() > 10


def test_element_of_and_unknown_ids() -> None:
    fw = load_framework()
    assert fw.element_of("smart_governance") == "institutions"
    with pytest.raises(ArgumentError, match="subdimension"):
        fw.element_of("innovation")
    with pytest.raises(ArgumentError, match="element"):
        fw.subdimensions_of("economy")
    with pytest.raises(ArgumentError, match="level"):
        fw.anchor("open_data", 4)


def test_table_lists_every_construct_once() -> None:
    fw = load_framework()
    t = fw.table()
    assert t["construct_id"].tolist() == list(fw.codebook.index)


def test_incomplete_rubric_is_refused(tmp_path: Path) -> None:
    src = load_framework().source_dir
    dst = tmp_path / "fw" / "framework"
    shutil.copytree(src, dst)
    lines = (dst / "rubric.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [ln for ln in lines if not ln.startswith("open_data,3,")]
    (dst / "rubric.csv").write_text("".join(kept), encoding="utf-8")
    with pytest.raises(DataError) as e:
        load_framework(tmp_path / "fw")
    assert (
        "rubric.csv" in str(e.value) and "open_data" in str(e.value) and "[0, 1, 2]" in str(e.value)
    )
