"""Tests of the notebooks: stored without outputs, in sync with their py:percent twins, one case
template, and every notebook executed (nbclient, through smartcase.reproduce) into a temporary
output folder, writing the library's tables unchanged; every table and figure followed by a
computed finding, every chapter closing with what we found and how sure we are, and the case
chapters telling their own sourced story.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from regeneration_helpers import regenerated

import smartcase
from smartcase import compare, scoring
from smartcase.findings import FINDING_MARKER
from smartcase.reproduce import list_notebooks, notebooks_in_sync
from smartcase.walkthrough import case_notebook

NOTEBOOKS = list_notebooks()
EXPECTED = [
    "00_framework",
    "01_busan",
    "02_sejong",
    "03_bucheon",
    "04_helsinki",
    "05_barcelona",
    "06_cross_case",
    "07_qca",
    "08_scoring",
    "09_strategies",
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return regenerated(tmp_path_factory, "a")


def test_the_ten_notebooks_exist_in_order():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


def test_every_notebook_is_in_sync_with_its_twin_and_stored_without_outputs():
    assert notebooks_in_sync() == {}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_metadata_and_no_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith(
        f"# {path.stem[:2]} "
    )


def test_case_notebooks_are_the_template_output():
    # notebooks 01-05 are smartcase.walkthrough.case_notebook's output, case by case, in order
    book = smartcase.load_cases()
    case_nbs = [
        p.with_suffix(".py") for p in NOTEBOOKS if p.stem[:2] in {"01", "02", "03", "04", "05"}
    ]
    assert [p.stem[3:] for p in case_nbs] == list(book.case_ids)
    for number, path in enumerate(case_nbs, start=1):
        expected = case_notebook(book, path.stem[3:], number=number)
        assert path.read_text(encoding="utf-8") == expected, (
            f"{path.name} differs from the template: run python tools/make_case_notebooks.py"
        )


@pytest.mark.slow
@pytest.mark.parametrize("stem", EXPECTED)
def test_every_notebook_executes_and_publishes(run, stem):
    manifest = run[1]
    mine = manifest[manifest["notebook"] == f"notebooks/{stem}.ipynb"]
    assert len(mine) >= 4, f"{stem} published nothing"
    assert mine["role"].isin(["figure", "table"]).all()


@pytest.mark.slow
@pytest.mark.parametrize("stem", EXPECTED)
def test_every_figure_displays_inline_in_jupyter(run, stem):
    # Executed with Jupyter's inline backend (as a reader runs it): every cell that publishes a
    # figure shows it as an image. Guards the bug where only the first figure of a notebook
    # displayed because the backend switched interactive mode on inside an rc_context.
    nb = nbformat.read(run[0] / "executed" / f"{stem}.ipynb", as_version=4)
    figure_cells = [c for c in nb.cells if c.cell_type == "code" and "publish.figure(" in c.source]
    assert figure_cells, f"{stem} has no figure cell"
    missing = [
        c.source.strip().splitlines()[0]
        for c in figure_cells
        if not any("image/png" in o.get("data", {}) for o in c.outputs)
    ]
    assert missing == [], f"{stem}: figure cells without an inline image: {missing}"


def _read(root: Path, name: str, fmt: str = "csv") -> bytes:
    return (root / "tables" / f"{name}.{fmt}").read_bytes()


@pytest.mark.slow
def test_tables_are_the_library_results_unchanged(run):
    root = run[0]
    book = smartcase.load_cases()
    assert (
        _read(root, "table_03_comparison_matrix")
        == compare.comparison_matrix(book).to_csv().encode()
    )
    assert _read(root, "table_02_case_overview") == compare.case_overview(book).to_csv().encode()
    # Table 18 shows the composite's goalpost scores (0-100) on the 0-3 scale of mean codes
    scores = scoring.composite(book)
    t16 = pd.read_csv(root / "tables" / "table_18_composite_scores.csv")
    assert t16["City"].tolist() == book.cases.loc[scores.index, "name"].tolist()
    for e in book.framework.element_ids:
        label = book.framework.elements.at[e, "label"]
        assert t16[label].tolist() == pytest.approx((scores[e] * 3 / 100).tolist(), abs=0.005)
    assert t16["Rank"].tolist() == scores["rank"].tolist()
    fw_table = pd.read_csv(root / "tables" / "table_01_framework.csv")
    assert fw_table["Sub-dimension"].tolist() == book.framework.table()["label"].tolist()


@pytest.mark.slow
def test_table_3_latex_uses_harvey_balls_and_notes(run):
    tex = _read(run[0], "table_03_comparison_matrix", "tex").decode()
    assert "\\harveyBall" in tex or "harvey" in tex.lower()
    assert "\\toprule" in tex and "\\bottomrule" in tex
    assert "reconstruction from public sources" in tex


@pytest.mark.slow
def test_case_walkthrough_tables_hold_the_case_data(run):
    root = run[0]
    book = smartcase.load_cases()
    for k, case in enumerate(book.case_ids, 1):
        # one row per cited item; a code stands on the first row of its items
        codes = pd.read_csv(root / "tables" / f"table_a{k}c_{case}_codes.csv")
        expected = book.code_matrix(outcome=True).loc[case].tolist()
        assert codes["Code"].dropna().astype(int).tolist() == expected
        cited = {
            e
            for cell in book.codes.loc[
                (book.codes["case_id"] == case) & (book.codes["coder_id"] == "ref"), "evidence_ids"
            ].dropna()
            for e in cell.split(";")
            if e
        }
        assert set(codes["Evidence (id)"].dropna()) == cited
        ev = pd.read_csv(root / "tables" / f"table_a{k}d_{case}_evidence.csv")
        assert sorted(ev["Id"]) == sorted(book.evidence.index[book.evidence["case_id"] == case])


# ----------------------------------------------------------------------------- the chapters
def _executed(run, stem: str):
    return nbformat.read(run[0] / "executed" / f"{stem}.ipynb", as_version=4)


def _findings_shown(cell) -> int:
    """How many computed findings (smartcase.findings.show) a code cell displays."""
    return sum(
        FINDING_MARKER in o.get("data", {}).get("text/markdown", "")
        for o in cell.get("outputs", [])
    )


def _publishes(cell) -> int:
    return cell.source.count("publish.table(") + cell.source.count("publish.figure(")


@pytest.mark.slow
@pytest.mark.parametrize("stem", EXPECTED)
def test_every_table_and_figure_is_followed_by_a_computed_finding(run, stem):
    # the cell that publishes a table or figure, or the next cell, shows sentences computed from
    # the results (smartcase.findings.show), opened by the finding marker
    cells = [c for c in _executed(run, stem).cells if c.cell_type == "code"]
    publishing = [i for i, c in enumerate(cells) if _publishes(c)]
    assert publishing, f"{stem} publishes nothing"
    missing = []
    for i in publishing:
        shown = _findings_shown(cells[i])
        if i + 1 < len(cells) and not _publishes(cells[i + 1]):
            shown += _findings_shown(cells[i + 1])
        if shown == 0:
            missing.append(cells[i].source.strip().splitlines()[0])
    assert missing == [], f"{stem}: tables or figures without a computed finding: {missing}"
    # and at least one finding per published output over the chapter
    assert sum(map(_findings_shown, cells)) >= sum(map(_publishes, cells))


@pytest.mark.slow
@pytest.mark.parametrize("stem", EXPECTED)
def test_every_chapter_ends_with_what_we_found_and_how_sure_we_are(run, stem):
    cells = _executed(run, stem).cells
    headings = {
        i: c.source.splitlines()[0]
        for i, c in enumerate(cells)
        if c.cell_type == "markdown" and c.source.startswith("## ")
    }
    found = [i for i, h in headings.items() if h.startswith("## What we found")]
    sure = [i for i, h in headings.items() if h.startswith("## How sure we are")]
    assert len(found) == 1 and len(sure) == 1 and found[0] < sure[0], stem
    for start in (found[0], sure[0]):
        following = next(c for c in cells[start + 1 :] if c.cell_type == "code")
        assert _findings_shown(following) >= 1, (stem, headings[start])


def _narrative_output(run, stem: str) -> str:
    nb = _executed(run, stem)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "narrative_markdown(" in c.source)
    return next(
        o["data"]["text/markdown"]
        for o in cell.outputs
        if "text/markdown" in o.get("data", {}) and FINDING_MARKER not in o["data"]["text/markdown"]
    )


CITATION = re.compile(r"\[([a-z0-9][a-z0-9_.-]*\u2020?(?:;\s*[a-z0-9][a-z0-9_.-]*\u2020?)*)\]")


@pytest.mark.slow
def test_case_chapters_tell_their_own_sourced_story(run):
    # each case chapter renders its narrative: at least 400 words of prose of its own, every
    # paragraph citing evidence of the case base, and no paragraph shared with another case
    book = smartcase.load_cases()
    paragraphs: dict[str, set[str]] = {}
    for number, case in enumerate(book.case_ids, start=1):
        text = _narrative_output(run, f"{number:02d}_{case}")
        paras = [p.strip() for p in text.split("\n\n") if p.strip() and not p.startswith("#")]
        assert paras, case
        for p in paras:
            cited = [e.strip().rstrip("\u2020") for m in CITATION.findall(p) for e in m.split(";")]
            assert cited, (case, p[:80])
            assert set(cited) <= set(book.evidence.index), (case, p[:80])
        prose = CITATION.sub("", " ".join(paras))
        words = re.findall(r"[^\W_]+(?:[-'\u2019][^\W_]+)*", prose)
        assert len(words) >= 400, (case, len(words))
        assert book.cases.at[case, "name"] in prose
        paragraphs[case] = set(paras)
    cases = list(paragraphs)
    for i, a in enumerate(cases):
        for b in cases[i + 1 :]:
            assert paragraphs[a].isdisjoint(paragraphs[b]), (a, b)


def test_no_notebook_calls_the_second_coding_blind_or_independent():
    # c2 was made by the same team from evidence already selected and filed (data/README.md)
    root = Path(__file__).resolve().parents[1]
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("notebooks/*.py"))}
    texts["case_walkthrough.txt"] = (
        root / "smartcase" / "templates" / "case_walkthrough.txt"
    ).read_text(encoding="utf-8")
    for name, text in texts.items():
        lower = text.lower()
        assert "blind" not in lower, name
        for m in re.finditer(r"independent", lower):
            assert "not an" in lower[max(0, m.start() - 12) : m.start()], (
                name,
                text[max(0, m.start() - 60) : m.end() + 20],
            )
