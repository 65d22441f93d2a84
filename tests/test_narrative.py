"""Tests of the case narratives: the format of data/narratives/README.md, checked line by line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from casebooks import MINI

import smartcase
from smartcase.casebook import load_cases
from smartcase.errors import ArgumentError, DataError
from smartcase.narrative import (
    NARRATIVE_COLUMNS,
    narrative_files,
    narrative_markdown,
    narrative_sections,
    narrative_summary,
)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the two-case fixture (with its two narratives)."""
    dst = tmp_path / "cases"
    shutil.copytree(MINI, dst)
    return dst


def alpha(folder: Path) -> Path:
    return folder / "narratives" / "alpha.md"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def error(folder: Path) -> str:
    with pytest.raises(DataError) as info:
        load_cases(folder)
    return str(info.value)


# ----------------------------------------------------------------------------- good input
def test_fixture_narratives_load_with_known_rows() -> None:
    book = load_cases(MINI)
    n = book.narratives
    assert list(n.columns) == list(NARRATIVE_COLUMNS)
    assert book.missing_narratives == ()
    assert n["case_id"].tolist() == ["alpha"] * 5 + ["beta"] * 5
    a = n[n["case_id"] == "alpha"].set_index("section")
    assert a.index.tolist() == ["context", "programmes", "technology", "capacity", "institutions"]
    assert a.at["programmes", "evidence_ids"] == "alpha-e001;alpha-e002"
    assert a["line"].tolist() == [5, 10, 14, 18, 22]
    assert a["title"].unique().tolist() == ["a fictional city with an open-data portal"]
    # only the institutions paragraph cites the post-2020 item (with its dagger)
    assert a["post_2020"].tolist() == [False, False, False, False, True]
    # words counted by hand, citations left out
    assert a.at["context", "words"] == 19
    assert a.at["capacity", "words"] == 8
    assert "[alpha-e003\u2020]" in a.at["institutions", "text"]


def test_sections_follow_the_framework() -> None:
    secs = narrative_sections(load_cases(MINI).framework)
    assert list(secs) == ["context", "programmes", "technology", "capacity", "institutions"]
    assert secs["capacity"] == "Innovative capacity"


def test_summary_counts_by_hand() -> None:
    s = narrative_summary(load_cases(MINI))
    assert s.loc[
        "alpha", ["paragraphs", "words", "evidence_cited", "post_2020_cited"]
    ].tolist() == [
        5,
        19 + 10 + 10 + 8 + 12,
        3,
        1,
    ]
    assert s.loc["beta", "evidence_share"] == 1.0  # both beta items cited


def test_markdown_rendering(mini: Path) -> None:
    book = load_cases(MINI)
    md = narrative_markdown(book, "alpha", heading_level=2)
    lines = md.splitlines()
    assert lines[0] == "## Alpha: a fictional city with an open-data portal"
    assert "### Innovative capacity" in lines
    assert "A living lab ran, resting on weak evidence [alpha-e002]." in lines
    plain = narrative_markdown(book, "alpha", citations=False)
    assert "[alpha" not in plain
    assert "A living lab ran, resting on weak evidence." in plain.splitlines()
    with pytest.raises(ArgumentError, match="heading_level"):
        narrative_markdown(book, "alpha", heading_level=0)
    with pytest.raises(ArgumentError, match="case"):
        narrative_markdown(book, "gamma")


def test_missing_narrative_is_reported_not_fatal(mini: Path) -> None:
    (mini / "narratives" / "beta.md").unlink()
    book = load_cases(mini)
    assert book.missing_narratives == ("beta",)
    assert set(book.narratives["case_id"]) == {"alpha"}
    assert "narratives for 1 of 2 cases (missing: beta)" in repr(book)
    assert "No narrative for Beta yet" in narrative_markdown(book, "beta")
    assert not narrative_summary(book).loc["beta", "narrative"]
    # a folder without a narratives/ sub-folder at all
    shutil.rmtree(mini / "narratives")
    assert load_cases(mini).missing_narratives == ("alpha", "beta")


def test_subset_keeps_the_narratives_of_the_cases_kept() -> None:
    sub = load_cases(MINI).subset(["beta"])
    assert set(sub.narratives["case_id"]) == {"beta"}
    assert sub.missing_narratives == ()


def own_folder(tmp_path: Path) -> Path:
    """The fixture as a researcher's own cases, coded by coder 'me' only (ids differ from bundled)."""
    folder = tmp_path / "mine"
    shutil.copytree(MINI, folder)
    (folder / "coders.csv").write_text(
        "coder_id,name,coded_on,note\nme,A user,2026-11,\n", encoding="utf-8"
    )
    lines = (folder / "codes.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "codes.csv").write_text(
        lines[0] + "".join(ln.replace(",ref,", ",me,") for ln in lines[1:] if ",ref," in ln),
        encoding="utf-8",
    )
    return folder


def test_a_researchers_own_case_beside_the_bundled_ones(tmp_path: Path) -> None:
    mine = own_folder(tmp_path)
    book = load_cases(mine, include_bundled=True)
    assert {"alpha", "beta"} <= set(book.narratives["case_id"])
    bundled = load_cases()
    assert set(book.missing_narratives) == set(bundled.missing_narratives)


# ----------------------------------------------------------------------------- bad input
def test_empty_narrative(mini: Path) -> None:
    alpha(mini).write_text("\n  \n", encoding="utf-8")
    assert "narratives/alpha.md, line 1: empty narrative" in error(mini)


def test_first_line_must_name_the_case(mini: Path) -> None:
    edit(alpha(mini), "# Alpha: a fictional", "# Alfa: a fictional")
    msg = error(mini)
    assert "alpha.md, line 1: the first line must name the case" in msg
    assert "expected '# Alpha: <a short title>'" in msg


def test_first_line_needs_a_title(mini: Path) -> None:
    edit(alpha(mini), "# Alpha: a fictional city with an open-data portal", "# Alpha")
    assert "alpha.md, line 1: the first line must name the case" in error(mini)


def test_missing_section(mini: Path) -> None:
    path = alpha(mini)
    text = path.read_text(encoding="utf-8")
    cut = text.index("## Institutional setting")
    path.write_text(text[:cut], encoding="utf-8")
    n_lines = len(text[:cut].splitlines())
    msg = error(mini)
    assert f"alpha.md, line {n_lines}: missing section" in msg
    assert "expected '## Institutional setting'" in msg


def test_unknown_section(mini: Path) -> None:
    edit(alpha(mini), "## Programmes", "## Projects")
    line = line_of(alpha(mini), "## Projects")
    msg = error(mini)
    assert f"alpha.md, line {line}: unknown section" in msg
    assert "found '## Projects'" in msg


def test_out_of_order_section(mini: Path) -> None:
    path = alpha(mini)
    text = path.read_text(encoding="utf-8")
    text = text.replace("## Programmes", "## TMP").replace("## Context", "## Programmes")
    path.write_text(text.replace("## TMP", "## Context"), encoding="utf-8")
    msg = error(mini)
    assert "alpha.md, line 3: section out of order" in msg
    assert "expected '## Context'" in msg


def test_repeated_section(mini: Path) -> None:
    edit(alpha(mini), "## Technology, data and infrastructure", "## Programmes")
    line = line_of(alpha(mini), "Open data are the only")
    assert f"alpha.md, line {line - 2}: repeated section" in error(mini)


def test_section_without_paragraph(mini: Path) -> None:
    edit(alpha(mini), "A living lab ran, resting on weak evidence [alpha-e002].\n", "")
    line = line_of(alpha(mini), "## Innovative capacity")
    assert f"alpha.md, line {line}: section without a paragraph" in error(mini)


def test_text_before_the_first_section(mini: Path) -> None:
    edit(alpha(mini), "\n## Context", "\nAn orphan line [alpha-e001].\n\n## Context")
    assert "alpha.md, line 3: text before the first section" in error(mini)


def test_heading_of_another_level(mini: Path) -> None:
    edit(alpha(mini), "A living lab ran", "### A sub-heading\n\nA living lab ran")
    line = line_of(alpha(mini), "### A sub-heading")
    assert f"alpha.md, line {line}: unexpected heading" in error(mini)


def test_paragraph_without_citation(mini: Path) -> None:
    edit(alpha(mini), "[alpha-e001; alpha-e002]", "(see the fixture)")
    line = line_of(alpha(mini), "The portal came first")
    msg = error(mini)
    assert f"alpha.md, line {line}: paragraph without a citation" in msg
    assert "found 'The portal came first" in msg


def test_citation_on_a_later_line_of_a_paragraph_counts(mini: Path) -> None:
    # the context paragraph spans two lines and cites on the second: valid
    assert load_cases(mini).narratives.loc[0, "line"] == 5


def test_unknown_evidence_id(mini: Path) -> None:
    edit(alpha(mini), "[alpha-e001; alpha-e002]", "[alpha-e001; alpha-e099]")
    line = line_of(alpha(mini), "alpha-e099")
    msg = error(mini)
    assert f"alpha.md, line {line}: citation of an unknown evidence id" in msg
    assert "found 'alpha-e099'" in msg


def test_malformed_citation(mini: Path) -> None:
    edit(alpha(mini), "[alpha-e001; alpha-e002]", "[alpha-e001, alpha-e002]")
    msg = error(mini)
    assert "malformed citation" in msg and "found '[alpha-e001, alpha-e002]'" in msg


def test_dagger_on_an_item_that_is_not_post_2020(mini: Path) -> None:
    edit(alpha(mini), "weak evidence [alpha-e002]", "weak evidence [alpha-e002\u2020]")
    line = line_of(alpha(mini), "weak evidence")
    msg = error(mini)
    assert f"alpha.md, line {line}: a dagger" in msg
    assert "not flagged post_2020" in msg


def test_post_2020_item_without_dagger(mini: Path) -> None:
    edit(alpha(mini), "[alpha-e003\u2020]", "[alpha-e003]")
    line = line_of(alpha(mini), "[alpha-e003]")
    msg = error(mini)
    assert f"alpha.md, line {line}: an evidence item dated after 2020 must be cited" in msg
    assert "expected 'alpha-e003\u2020'" in msg


def test_narrative_of_a_case_not_in_the_case_base(mini: Path) -> None:
    shutil.copy(alpha(mini), mini / "narratives" / "gamma.md")
    msg = error(mini)
    assert "narratives/gamma.md, line 1: narrative for a case that is not in the case base" in msg


def test_two_narratives_for_one_case(tmp_path: Path) -> None:
    mine = own_folder(tmp_path)
    busan = smartcase.bundled_data_dir() / "narratives" / "busan.md"
    shutil.copy(busan, mine / "narratives" / "busan.md")
    with pytest.raises(DataError, match="narratives/busan.md, line 1: a second narrative"):
        load_cases(mine, include_bundled=True)


def test_non_utf8_narrative(mini: Path) -> None:
    alpha(mini).write_bytes("# Alpha: caf\xe9\n".encode("latin-1"))
    assert "alpha.md, line 1: file is not valid UTF-8" in error(mini)


def test_ordinary_brackets_and_links_are_not_citations(mini: Path) -> None:
    edit(
        alpha(mini),
        "A living lab ran,",
        "A living lab [in a school] ran, see [the page](https://example.org),",
    )
    n = load_cases(mini).narratives
    row = n[(n["case_id"] == "alpha") & (n["section"] == "capacity")].iloc[0]
    assert row["evidence_ids"] == "alpha-e002"


# ----------------------------------------------------------------------------- bundled data
def test_every_bundled_narrative_validates_and_has_400_words() -> None:
    book = load_cases()
    files = narrative_files(smartcase.bundled_data_dir())
    assert files, "no bundled narrative"
    assert sorted(p.stem for p in files) == sorted(set(book.narratives["case_id"]))
    s = narrative_summary(book)
    told = s[s["narrative"]]
    assert (told["words"] >= 400).all(), told["words"].to_dict()
    # every paragraph cites evidence of its own case
    for rec in book.narratives.itertuples(index=False):
        own = [
            e for e in rec.evidence_ids.split(";") if book.evidence.at[e, "case_id"] == rec.case_id
        ]
        assert own, (rec.case_id, rec.line)


def test_narratives_are_regeneration_inputs(mini: Path) -> None:
    from smartcase.reproduce import input_files

    names = [n for n, _ in input_files(mini)]
    assert "data/narratives/alpha.md" in names and "data/narratives/beta.md" in names
    (mini / "narratives" / "README.md").write_text("# notes\n", encoding="utf-8")
    (mini / "notes.md").write_text("# not an input\n", encoding="utf-8")
    names = [n for n, _ in input_files(mini)]
    assert "data/narratives/README.md" not in names and "data/notes.md" not in names
    assert names == sorted(names)
