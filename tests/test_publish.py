"""Tests of smartcase.publish: names, captions, files written, the publish log."""

from __future__ import annotations

import io
import json

import matplotlib.pyplot as plt
import openpyxl
import pandas as pd
import pytest

from smartcase import publish
from smartcase.compare import comparison_matrix
from smartcase.errors import ArgumentError
from smartcase.style import RECONSTRUCTION_NOTE


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv(publish.OUTPUT_ENV, str(tmp_path))
    monkeypatch.delenv(publish.LOG_ENV, raising=False)
    monkeypatch.delenv(publish.NOTEBOOK_ENV, raising=False)
    publish.clear_registry()
    yield tmp_path
    publish.clear_registry()
    plt.close("all")


def _fig():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set_xlabel("x")
    return fig


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("fig_01_framework", ("figure", "1", "framework")),
        ("table_12_truth_table", ("table", "12", "truth_table")),
        ("table_s03_rubric", ("table", "S3", "rubric")),
        ("fig_a5b_barcelona_timeline", ("figure", "A5b", "barcelona_timeline")),
    ],
)
def test_parse_name(name, expected):
    assert publish.parse_name(name) == expected


@pytest.mark.parametrize(
    "bad",
    [
        "fig_1_x",
        "Fig_01_x",
        "fig_01_",
        "figure_01_x",
        "fig_01_x-y",
        "table_01_X",
        "fig_aa_x",
        "",
        3,
    ],
)
def test_parse_name_rejects_malformed_names(bad):
    with pytest.raises(ArgumentError, match="argument 'name'"):
        publish.parse_name(bad)


def test_full_caption_adds_the_note_once():
    text = publish.full_caption("Scores by case", ["Scale 0-100."])
    assert text == f"Scores by case. Scale 0-100. {RECONSTRUCTION_NOTE}"
    assert publish.full_caption(text).count(RECONSTRUCTION_NOTE) == 1
    with pytest.raises(ArgumentError, match="caption"):
        publish.full_caption("  ")


def test_output_root_defaults_to_the_project_root(monkeypatch):
    monkeypatch.delenv(publish.OUTPUT_ENV, raising=False)
    assert (publish.output_root() / "pyproject.toml").is_file()


def test_figure_writes_three_formats_with_relative_paths(out):
    rec = publish.figure(_fig(), "fig_02_example", caption="An example")
    assert rec.files == (
        "figures/fig_02_example.png",
        "figures/fig_02_example.svg",
        "figures/fig_02_example.pdf",
    )
    assert all((out / f).is_file() for f in rec.files)
    assert rec.label == "Figure 2"
    assert rec.caption == f"An example. {RECONSTRUCTION_NOTE}"
    assert publish.registry() == (rec,)


def test_figure_note_is_drawn_once_and_bytes_are_stable(out):
    fig = _fig()
    publish.figure(fig, "fig_02_example", caption="An example", formats=["svg"])
    first = (out / "figures" / "fig_02_example.svg").read_bytes()
    publish.figure(fig, "fig_02_example", caption="An example", formats=["svg"])  # overwrites
    assert (out / "figures" / "fig_02_example.svg").read_bytes() == first
    assert sum(t.get_gid() == "smartcase-note" for t in fig.texts) == 1
    assert b"reconstruction from public sources" in first


def test_figure_without_note(out):
    fig = _fig()
    publish.figure(fig, "fig_03_plain", caption="Plain", note=False, formats=["svg"])
    assert (
        b"reconstruction from public sources"
        not in (out / "figures" / "fig_03_plain.svg").read_bytes()
    )


def test_figure_argument_errors(out):
    with pytest.raises(ArgumentError, match="a figure name starting with 'fig_'"):
        publish.figure(_fig(), "table_01_x", caption="x")
    with pytest.raises(ArgumentError, match="'png', 'svg', 'pdf'"):
        publish.figure(_fig(), "fig_01_x", caption="x", formats=["jpg"])
    with pytest.raises(ArgumentError, match="caption"):
        publish.figure(_fig(), "fig_01_x", caption="")
    with pytest.raises(ArgumentError, match="matplotlib Figure"):
        publish.figure("not a figure", "fig_01_x", caption="x")  # type: ignore[arg-type]


def test_table_from_a_dataframe(out):
    df = pd.DataFrame({"score": [1.5, 2.0]}, index=pd.Index(["x", "y"], name="case_id"))
    rec = publish.table(df, "table_04_scores", caption="Scores", notes=["Scale 0-3."])
    assert [f.rsplit(".", 1)[1] for f in rec.files] == ["csv", "xlsx", "md", "tex"]
    assert (out / "tables" / "table_04_scores.csv").read_text() == "case_id,score\nx,1.5\ny,2.0\n"
    md = (out / "tables" / "table_04_scores.md").read_text()
    assert md.endswith(f"Scores. Scale 0-3. {RECONSTRUCTION_NOTE}\n")
    tex = (out / "tables" / "table_04_scores.tex").read_text()
    assert "\\caption{Scores.}" in tex and "Kim \\& Lim (2020)" in tex
    wb = openpyxl.load_workbook(io.BytesIO((out / "tables" / "table_04_scores.xlsx").read_bytes()))
    assert wb.sheetnames == ["table", "notes"]
    assert [c.value for c in wb["notes"]["A"]] == ["Scores.", "Scale 0-3.", RECONSTRUCTION_NOTE]
    assert rec.caption == f"Scores. Scale 0-3. {RECONSTRUCTION_NOTE}"


def test_table_range_index_is_not_written(out):
    publish.table(pd.DataFrame({"a": [1]}), "table_05_a", caption="A", formats=["csv"])
    assert (out / "tables" / "table_05_a.csv").read_text() == "a\n1\n"
    publish.table(pd.DataFrame({"a": [1]}), "table_05_a", caption="A", formats=["csv"], index=True)
    assert (out / "tables" / "table_05_a.csv").read_text() == "index,a\n0,1\n"


def test_table_from_a_comparison_table_keeps_its_notes(out):
    import smartcase

    ct = comparison_matrix(smartcase.load_cases())
    rec = publish.table(ct, "table_03_matrix", formats=["md", "tex"])
    assert rec.caption.startswith(ct.title.rstrip(".") + ".")
    assert rec.caption.count(RECONSTRUCTION_NOTE) == 1
    tex = (out / "tables" / "table_03_matrix.tex").read_text()
    assert "\u25cf" not in tex  # Harvey balls become harveyballs commands in LaTeX
    rec2 = publish.table(ct, "table_03_matrix", caption="Another title", formats=["md"])
    assert rec2.caption.startswith("Another title.")


def test_table_argument_errors(out):
    df = pd.DataFrame({"a": [1]})
    with pytest.raises(ArgumentError, match="caption"):
        publish.table(df, "table_01_x")
    with pytest.raises(ArgumentError, match="a table name starting with 'table_'"):
        publish.table(df, "fig_01_x", caption="x")
    with pytest.raises(ArgumentError, match="DataFrame or a smartcase ComparisonTable"):
        publish.table([1, 2], "table_01_x", caption="x")
    with pytest.raises(ArgumentError, match="'csv'"):
        publish.table(df, "table_01_x", caption="x", formats=["docx"])


def test_publish_log_records_every_call(out, tmp_path, monkeypatch):
    log = tmp_path / "log.jsonl"
    monkeypatch.setenv(publish.LOG_ENV, str(log))
    monkeypatch.setenv(publish.NOTEBOOK_ENV, "notebooks/99_test.ipynb")
    publish.table(pd.DataFrame({"a": [1]}), "table_01_a", caption="A", formats=["csv"])
    publish.figure(_fig(), "fig_01_b", caption="B", formats=["png"])
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [r["name"] for r in lines] == ["table_01_a", "fig_01_b"]
    assert {r["notebook"] for r in lines} == {"notebooks/99_test.ipynb"}
    assert lines[1]["files"] == ["figures/fig_01_b.png"]
    assert all(r["executable"] for r in lines)
