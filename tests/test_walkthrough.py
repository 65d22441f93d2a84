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


# ----------------------------------------------------------------------------- chapters
def test_case_question_names_the_case_and_the_elements(bundled):
    text = w.case_question(bundled, "sejong")
    assert text.startswith("**The question.** What had Sejong built by the end of 2020")
    for label in bundled.framework.elements["label"]:
        assert label.lower() in text
    assert "against the other 4 cases" in text
    assert "350,000 residents in 2020" in text  # cases.csv: population and its year
    alone = w.case_question(bundled.subset(["sejong"]), "sejong")
    assert "on the rubric's levels?" in alone


def test_code_evidence_sets_every_cited_item_beside_its_code(book):
    raw = pd.read_csv(FIXTURE / "codes.csv", keep_default_na=False)
    ev = pd.read_csv(FIXTURE / "evidence.csv").set_index("evidence_id")
    for case in book.case_ids:
        t = w.code_evidence(book, case)
        mine = raw[(raw["case_id"] == case) & (raw["coder_id"] == "ref")]
        for r in mine.itertuples(index=False):
            rows = t[t["construct_id"] == r.construct_id]
            cited = [e for e in str(r.evidence_ids).split(";") if e]
            if cited:
                assert sorted(rows["evidence_id"]) == sorted(cited)
                for e in cited:
                    row = rows[rows["evidence_id"] == e].iloc[0]
                    assert row["statement"] == ev.at[e, "statement"]
                    assert row["strength"] == ev.at[e, "strength"]
            else:  # a code citing nothing: one row, no item
                assert len(rows) == 1 and rows["evidence_id"].iloc[0] == ""
            assert set(rows["code"]) == {r.code} and set(rows["rationale"]) == {r.rationale}
    reader = w.code_evidence(book, "eastport", repeat=False)
    first = ~reader["construct_id"].duplicated()
    assert (reader.loc[~first, "rationale"] == "").all()
    assert (reader.loc[first, "code"] != "").all()


def test_code_evidence_markdown_shows_code_rationale_and_items(bundled):
    text = w.code_evidence_markdown(bundled, "busan", element="capacity")
    assert text.splitlines()[0] == "#### Innovative capacity"
    t = w.code_evidence(bundled, "busan")
    part = t[t["element"] == "Innovative capacity"]
    for r in part.itertuples(index=False):
        if r.evidence_id:
            assert f"`{r.evidence_id}`" in text
    social = part[part["construct_id"] == "social_innovation"].iloc[0]
    assert f"**Social innovation**: {social['code']} {social['level']}" in text
    later = bundled.evidence[
        (bundled.evidence["case_id"] == "busan") & bundled.evidence["post_2020"].astype(bool)
    ].index
    cited_later = [e for e in later if f"`{e}`" in text]
    assert all(f"`{e}`\u2020" in text for e in cited_later)
    outcome = w.code_evidence_markdown(bundled, "busan", element="outcome")
    assert outcome.startswith("#### Outcome")


def test_case_peers_known_answers(book):
    # fixture codes (README): technology sums eastport 19, eastvale 12, eastfield 9, westholm 16,
    # westbury 14 (of 7 sub-dimensions)
    t = w.case_peers(book, "eastport").set_index("construct_id")
    assert t.at["technology", "value"] == pytest.approx(19 / 7)
    assert t.at["technology", "rank"] == 1
    assert t.at["technology", "position"] == "highest"
    codes = book.code_matrix(outcome=True)
    for sub in book.framework.subdimension_ids:
        col = codes[sub].astype(float)
        own, others = col["eastport"], col.drop("eastport")
        assert t.at[sub, "value"] == own
        assert t.at[sub, "peers_median"] == pytest.approx(others.median())
        assert t.at[sub, "rank"] == int((col > own).sum()) + 1
    alone = w.case_peers(book.subset(["eastport"]), "eastport")
    assert alone["peers_min"].isna().all() and (alone["position"] == "").all()


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
    assert codes["Code"].notna().sum() == len(w.case_codes(book, "eastport"))
    assert f"table_{number}f_eastport_peers.csv" in tables
    # the fixture has no narratives: the chapter says so instead of failing
    text = "\n".join(
        o.get("data", {}).get("text/markdown", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    assert "*No narrative for Eastport yet.*" in text
    assert "Eastport has no narrative yet" in text
