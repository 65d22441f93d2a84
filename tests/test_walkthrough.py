"""Tests of smartcase.walkthrough on the fictional five-case fixture and the bundled case base."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest

import smartcase
from smartcase import walkthrough as w
from smartcase.errors import ArgumentError
from smartcase.output import OutputExistsError
from smartcase.publish import OUTPUT_ENV
from smartcase.strategy import diagnose_stage, recommend
from smartcase.walkthrough import case_notebook

FIXTURE = Path(__file__).resolve().parent / "data" / "five_casebook"


@pytest.fixture(scope="module")
def book():
    return smartcase.load_cases(FIXTURE)


@pytest.fixture(scope="module")
def bundled():
    return smartcase.load_cases()


def test_appendix_number(book):
    assert [w.appendix_number(book, c) for c in book.case_ids] == ["a1", "a2", "a3", "a4", "a5"]
    with pytest.raises(ArgumentError, match="argument 'case'"):
        w.appendix_number(book, "atlantis")


def test_case_codes_match_the_codes_table(book):
    raw = pd.read_csv(FIXTURE / "codes.csv")
    for case in book.case_ids:
        t = w.case_codes(book, case)
        mine = raw[(raw["case_id"] == case) & (raw["coder_id"] == "ref")].set_index("construct_id")
        ids = t.attrs["construct_ids"]
        assert len(t) == len(book.framework.subdimension_ids) + 1 and ids[-1] == "innovation"
        assert t["code"].tolist() == [int(mine.at[c, "code"]) for c in ids]
        assert t["rationale"].tolist() == [mine.at[c, "rationale"] for c in ids]
        assert set(t["level"]) <= {"absent", "emerging", "developing", "established"}


def test_case_evidence_holds_every_item_in_framework_order(book):
    raw = pd.read_csv(FIXTURE / "evidence.csv")
    order = {s: k for k, s in enumerate(book.framework.subdimension_ids)}
    for case in book.case_ids:
        e = w.case_evidence(book, case)
        assert sorted(e["evidence_id"]) == sorted(raw.loc[raw["case_id"] == case, "evidence_id"])
        ranks = [order[book.evidence.at[i, "subdimension_id"]] for i in e["evidence_id"]]
        assert ranks == sorted(ranks)
        assert (e["source"] != "").all()
    part = w.case_evidence(book, "eastport", element="capacity")
    assert set(part["element"]) == {"Innovative capacity"}
    with pytest.raises(ArgumentError, match="element"):
        w.case_evidence(book, "eastport", element="culture")


def test_case_sources_cover_every_cited_source(bundled):
    for case in bundled.case_ids:
        s = w.case_sources(bundled, case)
        cited = set(bundled.evidence.loc[bundled.evidence["case_id"] == case, "source_id"])
        assert cited <= set(s["source_id"])
        assert s["source_id"].is_monotonic_increasing


def test_case_profile_of_busan(bundled):
    p = w.case_profile(bundled, "busan").set_index("attribute")
    c = bundled.cases.loc["busan"]
    assert p.at["Population", "value"] == f"{int(c['population']):,}"
    assert p.at["Population", "source_id"] == c["population_source"]
    n = int((bundled.programmes["case_id"] == "busan").sum())
    assert p.at["Flagship programmes", "value"] == str(n)
    assert p.at["Evidence items", "value"].startswith(
        str(int((bundled.evidence["case_id"] == "busan").sum()))
    )


def test_case_programmes_sorted_by_start(bundled):
    p = w.case_programmes(bundled, "helsinki")
    assert len(p) == int((bundled.programmes["case_id"] == "helsinki").sum())
    assert p["start"].tolist() == sorted(p["start"])


def test_lessons_state_the_data(book):
    for case in book.case_ids:
        text = w.lessons(book, case)
        elem = book.code_matrix("element").loc[case] * 3
        label = book.framework.elements["label"]
        assert text[0].startswith(
            f"Strongest element: {label[elem.idxmax()]} (mean code {elem.max():.2f} of 3)"
        )
        code = int(book.code_matrix(outcome=True).at[case, "innovation"])
        assert any(
            s.startswith(f"Outcome (People-oriented smart-city innovation): coded {code} ")
            for s in text
        )
        d = diagnose_stage(book, case)
        assert any(
            s.startswith(f"Stage (smartcase's stage model, not the report's): {d.stage} ")
            for s in text
        )


def test_stage_overview_and_recommendations(book):
    t = w.stage_overview(book)
    assert t["stage_id"].tolist() == [diagnose_stage(book, c).stage for c in book.case_ids]
    r = w.recommendations(book, n=2)
    for case in book.case_ids:
        name = book.cases.at[case, "name"]
        expected = recommend(book, case, n=2)["strategy_id"].tolist()
        assert r.loc[r["case"] == name, "strategy_id"].tolist() == expected


# ----------------------------------------------------------------------------- case notebooks
def test_case_notebook_for_an_added_case(book):
    text = case_notebook(book, "eastport", data_dir=FIXTURE)
    assert text.splitlines()[17] == "# # Eastport: case walkthrough"
    assert 'CASE = "eastport"' in text.splitlines()
    assert f'DATA_DIR = "{FIXTURE.as_posix()}"' in text
    assert "{{" not in text
    with pytest.raises(ArgumentError, match="argument 'case'"):
        case_notebook(book, "atlantis")
    with pytest.raises(ArgumentError, match="argument 'number'"):
        case_notebook(book, "eastport", number=100)


def test_write_case_notebook_never_overwrites(book, tmp_path):
    path = w.write_case_notebook(book, "eastport", tmp_path / "eastport.ipynb", data_dir=FIXTURE)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.cells[1].metadata["tags"] == ["parameters"]
    assert all(c.get("outputs", []) == [] for c in nb.cells)
    before = path.read_bytes()
    with pytest.raises(OutputExistsError):
        w.write_case_notebook(book, "westholm", path)
    assert path.read_bytes() == before
    with pytest.raises(ArgumentError, match="argument 'path'"):
        w.write_case_notebook(book, "eastport", tmp_path / "eastport.txt")
    py = w.write_case_notebook(book, "eastport", tmp_path / "eastport.py", number=6)
    assert py.read_text(encoding="utf-8") == case_notebook(book, "eastport", number=6)


@pytest.mark.slow
def test_the_notebook_of_an_added_case_runs(book, tmp_path, monkeypatch):
    # the walkthrough of a case outside the bundled data executes and publishes its outputs
    from nbclient import NotebookClient

    path = w.write_case_notebook(book, "eastport", tmp_path / "eastport.ipynb", data_dir=FIXTURE)
    out = tmp_path / "out"
    monkeypatch.setenv(OUTPUT_ENV, str(out))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    tables = sorted(p.name for p in (out / "tables").glob("*.csv"))
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    number = w.appendix_number(book, "eastport")
    assert f"table_{number}c_eastport_codes.csv" in tables
    assert f"fig_{number}a_eastport_profile.png" in figures
    codes = pd.read_csv(out / "tables" / f"table_{number}c_eastport_codes.csv")
    assert len(codes) == len(w.case_codes(book, "eastport"))
