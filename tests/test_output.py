"""Outputs are atomic, never overwrite silently, and are byte-identical across runs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from smartcase.errors import ArgumentError
from smartcase.output import (
    OutputExistsError,
    atomic_write_text,
    figure_bytes,
    save_figure,
    save_table,
    table_bytes,
)


def _fig():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["Busan", "Helsinki"], [1, 2], label="x")
    ax.set_title("A title")
    ax.legend()
    return fig


def test_refuses_to_overwrite_and_keeps_the_old_content(tmp_path: Path) -> None:
    p = atomic_write_text(tmp_path / "a.txt", "first")
    with pytest.raises(OutputExistsError):
        atomic_write_text(p, "second")
    assert p.read_text() == "first"
    atomic_write_text(p, "second", overwrite=True)
    assert p.read_text() == "second"
    assert [q.name for q in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left behind


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_figures_are_byte_identical_and_carry_no_dates(fmt: str) -> None:
    a = figure_bytes(_fig(), fmt)  # type: ignore[arg-type]
    b = figure_bytes(_fig(), fmt)  # type: ignore[arg-type]
    plt.close("all")
    assert a == b
    assert b"CreationDate" not in a and b"Matplotlib v" not in a
    if fmt == "svg":
        assert b"<dc:date>" not in a and b"A title" in a  # text kept as text
    if fmt == "pdf":
        assert b"/FontFile2" in a  # TrueType (Type 42) font embedded


def test_save_figure_writes_three_formats(tmp_path: Path) -> None:
    fig = _fig()
    paths = save_figure(fig, tmp_path / "fig.png")
    plt.close(fig)
    assert sorted(p.name for p in paths) == ["fig.pdf", "fig.png", "fig.svg"]
    assert paths[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_table_formats_known_content() -> None:
    df = pd.DataFrame({"city": ["Busan", "Bar_celona"], "score": [1.5, 2.0]})
    assert table_bytes(df, "csv") == b"city,score\nBusan,1.5\nBar_celona,2.0\n"
    md = table_bytes(df, "md").decode()
    assert md.splitlines()[0] == "| city | score |"
    tex = table_bytes(df, "tex", caption="Note 50%").decode()
    assert "\\toprule" in tex and "Bar\\_celona" in tex and "Note 50\\%" in tex
    html = table_bytes(df, "html").decode()
    assert "<td>Busan</td>" in html
    with pytest.raises(ArgumentError, match="fmt"):
        table_bytes(df, "docx")


def test_xlsx_is_byte_identical(tmp_path: Path) -> None:
    df = pd.DataFrame({"a": [1, 2]})
    a = table_bytes(df, "xlsx")
    b = table_bytes(df, "xlsx")
    assert a == b
    zf = zipfile.ZipFile(__import__("io").BytesIO(a))
    assert all(i.date_time == (2020, 1, 1, 0, 0, 0) for i in zf.infolist())
    out = save_table(df, tmp_path / "t", formats=["xlsx"])
    assert pd.read_excel(out[0])["a"].tolist() == [1, 2]


def test_latex_wraps_long_text_and_breaks_long_tables() -> None:
    short = table_bytes(pd.DataFrame({"n": [1], "text": ["word " * 20]}), "tex").decode()
    assert "p{0.60\\linewidth}" in short and "\\begin{tabular}" in short
    long = table_bytes(
        pd.DataFrame({"n": range(20), "text": ["word " * 20] * 20}), "tex", caption="Cap"
    ).decode()
    assert "\\begin{longtable}" in long and "\\endhead" in long and "\\caption{Cap}" in long
    plain = table_bytes(pd.DataFrame({"n": [1], "t": ["short"]}), "tex").decode()
    assert "\\begin{tabular}{rl}" in plain


def test_comparison_table_notes_survive_in_long_latex_tables() -> None:
    import smartcase

    book = smartcase.load_cases()
    tex = smartcase.comparison_matrix(book).to_latex()
    assert "smartcase's reconstruction" in tex
