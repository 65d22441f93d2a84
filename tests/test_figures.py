"""Publication-grade figures (issue 10): sizes, type, layout and one meaning for Harvey balls.

Fast tests draw the library's charts directly; the slow ones read what a full regeneration wrote
(the SVGs keep their text as text, so type sizes are read from them) and the executed notebooks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat
import pytest
from matplotlib.patches import Wedge
from regeneration_helpers import regenerated

import smartcase
from smartcase import charts, coding, typology
from smartcase.compare import CODE_BALLS, CODE_FILL, comparison_matrix
from smartcase.style import (
    DOUBLE_COLUMN_MM,
    MIN_FONT_PT,
    SINGLE_COLUMN_MM,
    figsize,
    layout_problems,
    panel_letters,
    publication_style,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def book():
    return smartcase.load_cases()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


# ------------------------------------------------------------------ the layout checker itself
def test_layout_problems_finds_overlaps_clipping_and_small_type():
    with publication_style():
        fig, ax = plt.subplots(figsize=figsize("single", aspect=0.5))
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.5, "second label")  # on top of the first
    fig.text(1.02, 0.5, "far outside")  # beyond the right edge
    ax.text(0.1, 0.1, "tiny", fontsize=5)
    problems = layout_problems(fig)
    assert "text 'first label' overlaps 'second label'" in problems
    assert "text 'far outside' runs outside the figure" in problems
    assert "text 'tiny' is 5 pt (less than 6 pt)" in problems
    assert layout_problems(fig, outside=False) == [p for p in problems if "outside" not in p]


def test_layout_problems_ignores_hidden_tick_labels_and_clean_figures():
    with publication_style():
        fig, ax = plt.subplots(figsize=figsize("single", aspect=0.6))
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("x")
    ax.set_title("A title")
    assert layout_problems(fig) == []
    ax.set_axis_off()  # tick labels of an axis that is off are not drawn
    assert layout_problems(fig) == []


def test_panel_letters_read_row_by_row():
    with publication_style():
        fig, axes = plt.subplots(2, 2, figsize=figsize("double", aspect=0.6))
    assert [ax.get_title(loc="left") for ax in panel_letters(axes)] == ["a", "b", "c", "d"]
    assert all(ax._left_title.get_fontweight() in ("bold", 700) for ax in axes.ravel())
    assert layout_problems(fig) == []


# ------------------------------------------------------------- every chart of the library
CHARTS = {
    "framework": lambda b: charts.framework_diagram(b.framework),
    "harvey": lambda b: charts.harvey_chart(b),
    "groups": lambda b: charts.group_profile_plot(b),
    "stages": lambda b: charts.stage_plot(b),
    "profile": lambda b: charts.profile_plot(b, "sejong"),
    "timeline": lambda b: coding.timeline_plot(b),
    "case_timeline": lambda b: coding.timeline_plot(b, case="helsinki"),
    "dendrogram": lambda b: typology.dendrogram_plot(b),
    "typology": lambda b: typology.three_set_plot(b),
}


@pytest.mark.parametrize("name", list(CHARTS))
def test_charts_have_no_overlapping_or_clipped_text(book, name):
    ax = CHARTS[name](book)
    fig = ax.figure
    fig.set_dpi(300)  # publish lays out at the PNG's dpi
    assert layout_problems(fig) == [], name
    width_mm = fig.get_figwidth() * 25.4
    assert width_mm == pytest.approx(SINGLE_COLUMN_MM) or width_mm == pytest.approx(
        DOUBLE_COLUMN_MM
    )


def test_xy_panels_have_letters_display_names_and_no_collisions(book):
    from smartcase import membership, publish

    fz = membership.case_memberships(book)
    fig = charts.xy_panels(
        fz,
        "innovation",
        [("capacity*institutions", "sufficiency"), ("technology", "necessity")],
        names=publish.set_names(book),
        case_names=book.cases["name"].to_dict(),
    )
    left, right = fig.axes
    assert [left.get_title(loc="left"), right.get_title(loc="left")] == ["a", "b"]
    assert left.get_title().splitlines()[0] == "Capacity*Institutions → Innovation"
    assert right.get_xlabel() == "Technology"
    labels = {t.get_text() for ax in fig.axes for t in ax.texts}
    assert "Busan, Sejong" in labels  # one spot, one label
    assert not any(label.islower() for label in labels)
    fig.set_dpi(300)
    assert layout_problems(fig) == []


# --------------------------------------------------- Harvey balls: one meaning everywhere
def _fills_of_chart(ax, book) -> dict[tuple[int, int], float]:
    """Fill of every Harvey ball in the chart, by (row from the top, column)."""
    fills: dict[tuple[int, int], float] = {}
    centres = {}
    for p in ax.patches:
        # every ball is drawn at its data point through a ScaledTranslation
        x, y = p.get_transform().transform((0, 0))
        key = (round(float(x), 1), round(float(y), 1))
        centres.setdefault(key, 0.0)
        if isinstance(p, Wedge):
            centres[key] = ((p.theta2 - p.theta1) % 360) / 360
        elif p.get_facecolor()[:3] != (1.0, 1.0, 1.0):
            centres[key] = 1.0
    xs = sorted({k[0] for k in centres})
    ys = sorted({k[1] for k in centres}, reverse=True)
    for (x, y), fill in centres.items():
        fills[(ys.index(y), xs.index(x))] = fill
    return fills


def test_harvey_chart_draws_each_code_with_the_fill_of_its_table_symbol(book):
    ax = charts.harvey_chart(book)
    ax.figure.draw_without_rendering()
    fills = _fills_of_chart(ax, book)
    codes = book.code_matrix(outcome=True)
    constructs = [*book.framework.subdimension_ids, *book.framework.outcome_ids]
    for i, cid in enumerate(constructs):
        for j, case in enumerate(book.case_ids):
            assert fills[(i, j)] == pytest.approx(CODE_FILL[int(codes.at[case, cid])]), (cid, case)
    # the legend shows the same four balls
    assert [t.get_text() for t in ax.get_legend().get_texts()][:4] == [
        "0 absent",
        "1 emerging",
        "2 developing",
        "3 established",
    ]


def test_symbols_share_their_fill():
    # U+25CB empty, U+25D4 upper-right quadrant, U+25D5 all but the upper-left quadrant, U+25CF
    # full; the LaTeX commands of the same fills
    from smartcase.compare import _TEX_SYMBOLS

    glyph_fill = {"\u25cb": 0.0, "\u25d4": 0.25, "\u25d5": 0.75, "\u25cf": 1.0}
    tex_fill = {
        r"\harveyBallNone{}": 0.0,
        r"\harveyBallQuarter{}": 0.25,
        r"\harveyBallThreeQuarter{}": 0.75,
        r"\harveyBallFull{}": 1.0,
    }
    tex = dict(_TEX_SYMBOLS)
    for code, glyph in CODE_BALLS.items():
        assert glyph_fill[glyph] == CODE_FILL[code]
        assert tex_fill[tex[glyph]] == CODE_FILL[code]


def test_scores_are_never_balls(book):
    table = comparison_matrix(book).table
    scores = table[table["Construct"].str.startswith("Element score")]
    assert len(scores) == len(book.framework.elements)
    for value in scores.iloc[:, 2:].to_numpy().ravel():
        assert re.fullmatch(r"\d\.\d\d", value), value


# --------------------------------------------------------------- from a full regeneration
@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return regenerated(tmp_path_factory, "a")


def _svg_text_sizes(path: Path) -> tuple[float, list[tuple[str, float]]]:
    """(width in mm, [(text, size in pt at that width)]) of an SVG written by matplotlib."""
    root = ET.parse(path).getroot()
    width_pt = float(root.get("width").removesuffix("pt"))
    view_w = float(root.get("viewBox").split()[2])
    scale = width_pt / view_w  # user units -> pt
    out = []
    for el in root.iter(f"{SVG}text"):
        style = el.get("style", "")
        m = re.search(r"font-size:\s*([0-9.]+)px", style) or re.search(
            r"font:[^;]*?([0-9.]+)px", style
        )
        assert m, (path.name, style)
        size = float(m.group(1)) * scale
        transform = el.get("transform", "")
        s = re.search(r"scale\(([0-9.]+)", transform)
        if s:
            size *= float(s.group(1))
        text = "".join(el.itertext()).strip()
        out.append((text, size))
    return width_pt * 25.4 / 72, out


@pytest.mark.slow
def test_figures_are_one_or_two_columns_wide_with_no_type_under_6_pt(run):
    root, manifest, _ = run
    svgs = manifest[(manifest["role"] == "figure") & (manifest["format"] == "svg")]
    assert len(svgs) >= 20
    for rec in svgs.itertuples(index=False):
        width, sizes = _svg_text_sizes(root / rec.path)
        assert min(abs(width - SINGLE_COLUMN_MM), abs(width - DOUBLE_COLUMN_MM)) < 0.2, (
            rec.path,
            width,
        )
        small = [(t, round(s, 2)) for t, s in sizes if s < MIN_FONT_PT - 1e-6]
        assert small == [], (rec.path, small)


@pytest.mark.slow
def test_no_layout_warning_in_any_notebook(run):
    root = run[0]
    found = []
    for path in sorted((root / "executed").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if "LayoutWarning" in out.get("text", ""):
                    found.append((path.stem, out["text"].strip().splitlines()[0]))
    assert found == []


@pytest.mark.slow
def test_harvey_balls_agree_across_figure_markdown_and_latex(run, book):
    # Figure 2 draws each code with CODE_FILL (test above); Table 3 in Markdown and LaTeX must
    # show, cell by cell, the symbol and the command of the same code
    root = run[0]
    codes = book.code_matrix(outcome=True)
    md = (root / "tables" / "table_03_comparison_matrix.md").read_text(encoding="utf-8")
    tex = (root / "tables" / "table_03_comparison_matrix.tex").read_text(encoding="utf-8")
    names = book.cases["name"].tolist()
    md_rows = [r.strip("|").split("|") for r in md.splitlines() if r.startswith("|")]
    header = [c.strip() for c in md_rows[0]]
    body = {r[1].strip(): [c.strip() for c in r] for r in md_rows[2:]}
    ball_code = {v: k for k, v in CODE_BALLS.items()}
    commands = {
        0: r"\harveyBallNone{}",
        1: r"\harveyBallQuarter{}",
        2: r"\harveyBallThreeQuarter{}",
        3: r"\harveyBallFull{}",
    }
    fw = book.framework
    tex_rows = {
        line.split(" & ")[1].strip(): line for line in tex.splitlines() if line.count(" & ") >= 6
    }
    for cid in [*fw.subdimension_ids, *fw.outcome_ids]:
        label = str(fw.codebook.at[cid, "label"])
        row = body[label]
        tex_cells = tex_rows[label.replace("&", r"\&")].rstrip(" \\").split(" & ")[2:]
        for case, name, tex_cell in zip(book.case_ids, names, tex_cells, strict=True):
            code = int(codes.at[case, cid])
            cell = row[header.index(name)]
            assert ball_code[cell.rstrip("\u2020")] == code, (cid, case)
            assert tex_cell.startswith(commands[code]), (cid, case, tex_cell)
    # a legend explains the symbols in both
    assert all(f"{CODE_BALLS[c]} {c}" in md for c in range(4))


@pytest.mark.slow
def test_gallery_shows_every_figure_with_its_caption(run):
    root, manifest, _ = run
    gallery = (root / "figures" / "README.md").read_text(encoding="utf-8")
    pngs = manifest[(manifest["role"] == "figure") & (manifest["format"] == "png")]
    for rec in pngs.itertuples(index=False):
        name = Path(rec.path).name
        assert f"]({name})" in gallery, name
        assert rec.caption in gallery
    numbers = re.findall(r"^## Figure (\d+)$", gallery, flags=re.M)
    assert [int(n) for n in numbers] == sorted(int(n) for n in numbers)


def test_radar_is_not_a_figure_of_the_study():
    # Figure 11 used to be a radar chart repeating Figure 9 (issue 10); it was dropped
    nb = (Path(__file__).resolve().parents[1] / "notebooks" / "08_scoring.py").read_text()
    assert "plot_radar" not in nb
