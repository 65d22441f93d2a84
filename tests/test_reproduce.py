"""Tests of smartcase.reproduce: byte-identical regeneration, the manifest, failures, stale files.

The full regeneration runs twice per session (tests/regeneration_helpers.py); the behaviour of
``reproduce`` on failures, stale files and partial runs is tested on throw-away notebooks.
"""

from __future__ import annotations

import hashlib
import re
import struct
import sys
from pathlib import Path

import pandas as pd
import pytest
from regeneration_helpers import regenerated, write_notebook

from smartcase.publish import caption_label
from smartcase.reproduce import (
    CAPTIONS_NAME,
    MANIFEST_COLUMNS,
    MANIFEST_NAME,
    ReproduceError,
    input_files,
    main,
    read_manifest,
    reproduce,
)
from smartcase.style import DOUBLE_COLUMN_MM, RECONSTRUCTION_NOTE, SINGLE_COLUMN_MM

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def run_a(tmp_path_factory):
    return regenerated(tmp_path_factory, "a")


@pytest.fixture(scope="module")
def run_b(tmp_path_factory):
    return regenerated(tmp_path_factory, "b")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- full regeneration
def test_two_regenerations_are_byte_identical(run_a, run_b):
    a, b = _files(run_a[0]), _files(run_b[0])
    assert sorted(a) == sorted(b)
    differ = [k for k in a if a[k] != b[k]]
    assert differ == []
    assert MANIFEST_NAME in a and CAPTIONS_NAME in a
    assert len([k for k in a if k.startswith("figures/")]) >= 30
    assert len([k for k in a if k.startswith("tables/")]) >= 100


def test_manifest_lists_every_output_with_its_sha256(run_a):
    root, manifest, _ = run_a
    on_disk = {
        k: v
        for k, v in _files(root).items()
        if k.startswith(("figures/", "tables/")) and k != "figures/README.md"  # the gallery
    }
    outputs = manifest[manifest["role"].isin(["figure", "table"])]
    assert sorted(outputs["path"]) == sorted(on_disk)
    for rec in outputs.itertuples(index=False):
        assert rec.sha256 == _sha(on_disk[rec.path]), rec.path
        assert rec.bytes == len(on_disk[rec.path]), rec.path
        assert rec.notebook.startswith("notebooks/") and rec.notebook.endswith(".ipynb")
        assert (Path(__file__).resolve().parents[1] / rec.notebook).is_file()


def test_manifest_file_is_what_reproduce_returned(run_a):
    root, manifest, _ = run_a
    on_file = read_manifest(root)
    assert list(on_file.columns) == list(MANIFEST_COLUMNS)
    pd.testing.assert_frame_equal(on_file, manifest.astype({"bytes": "int64"}), check_dtype=False)


def test_manifest_rows_are_sorted_and_unique(run_a):
    manifest = run_a[1]
    order = {"input": 0, "notebook": 1, "figure": 2, "table": 3}
    keys = list(zip(manifest["role"].map(order), manifest["path"], strict=True))
    assert keys == sorted(keys)
    assert manifest["path"].is_unique


def test_manifest_inputs_are_the_data_files(run_a):
    manifest = run_a[1]
    inputs = manifest[manifest["role"] == "input"]
    expected = input_files()
    assert inputs["path"].tolist() == [name for name, _ in expected]
    assert "data/codes.csv" in set(inputs["path"]) and "data/framework/rubric.csv" in set(
        inputs["path"]
    )
    for (name, path), sha in zip(expected, inputs["sha256"], strict=True):
        assert sha == _sha(path.read_bytes()), name
    # inputs_sha256 of every output = sha256 of the input rows in sha256sum format
    listing = "".join(f"{s}  {p}\n" for p, s in zip(inputs["path"], inputs["sha256"], strict=True))
    outputs = manifest[manifest["role"].isin(["figure", "table"])]
    assert set(outputs["inputs_sha256"]) == {_sha(listing.encode())}


def test_manifest_notebook_rows_match_the_notebooks(run_a):
    manifest = run_a[1]
    root = Path(__file__).resolve().parents[1]
    nbs = manifest[manifest["role"] == "notebook"]
    assert len(nbs) >= 20  # ten notebooks, each with its py:percent twin
    for rec in nbs.itertuples(index=False):
        assert rec.sha256 == _sha((root / rec.path).read_bytes())


def test_notebooks_are_not_modified_by_a_run(run_a):
    from regeneration_helpers import notebook_bytes

    assert notebook_bytes() == run_a[2]


def test_no_absolute_paths_or_dates_in_outputs(run_a):
    root, _, _ = run_a
    markers = [
        str(root.parent).encode(),
        str(Path(__file__).resolve().parents[1]).encode(),
        str(Path.home()).encode(),
    ]
    for rel, data in _files(root).items():
        if rel.endswith(".xlsx"):
            import zipfile

            with zipfile.ZipFile(root / rel) as z:
                data = b"".join(z.read(n) for n in z.namelist())
        assert not any(m in data for m in markers), rel
        if rel.endswith(".pdf"):
            assert (
                b"/CreationDate" not in data
                and b"/ModDate" not in data
                and b"/Producer" not in data
            ), rel
        if rel.endswith(".png"):
            assert b"tIME" not in data and b"Software" not in data, rel
        if rel.endswith(".svg"):
            assert b"<dc:date>" not in data, rel
        if rel.endswith((".csv", ".md", ".tex")):
            assert not re.search(rb"20[2-9]\d-\d\d-\d\dT\d\d:\d\d", data), rel


def test_every_caption_carries_the_reconstruction_note(run_a):
    root, manifest, _ = run_a
    outputs = manifest[manifest["role"].isin(["figure", "table"])]
    assert outputs["caption"].str.contains(RECONSTRUCTION_NOTE, regex=False).all()
    for rec in outputs.itertuples(index=False):
        text = (root / rec.path).read_bytes()
        if rec.path.endswith(".md"):
            assert RECONSTRUCTION_NOTE.encode() in text, rec.path
        if rec.path.endswith(".tex"):
            assert b"reconstruction from public sources" in text, rec.path
        if rec.path.endswith(".svg"):
            assert b"reconstruction from public sources" in text, rec.path
    captions = (root / CAPTIONS_NAME).read_text(encoding="utf-8")
    names = {Path(p).stem for p in outputs["path"]}
    assert all(f"`{n}`" in captions for n in names)


def _png_size_dpi(data: bytes) -> tuple[int, int, float]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    i = data.index(b"pHYs")
    ppm_x, _, unit = struct.unpack(">IIB", data[i + 4 : i + 13])
    assert unit == 1  # metres
    return width, height, ppm_x * 0.0254


def test_figures_are_300_dpi_and_fit_a_journal_column(run_a):
    root, manifest, _ = run_a
    pngs = manifest[(manifest["role"] == "figure") & (manifest["format"] == "png")]
    assert len(pngs) >= 10
    max_px = DOUBLE_COLUMN_MM / 25.4 * 300 * 1.12  # tight bounding boxes may add a little
    single_px = SINGLE_COLUMN_MM / 25.4 * 300 * 1.35
    for rec in pngs.itertuples(index=False):
        w, h, dpi = _png_size_dpi((root / rec.path).read_bytes())
        assert round(dpi) == 300, rec.path
        assert w <= max_px, (rec.path, w)
        assert h <= 247 / 25.4 * 300, (rec.path, h)  # a page's text height
    widths = [_png_size_dpi((root / p).read_bytes())[0] for p in pngs["path"]]
    assert any(w <= single_px for w in widths)  # some single-column figures


def test_vector_figures_embed_truetype_fonts_and_keep_text(run_a):
    root, manifest, _ = run_a
    figs = manifest[manifest["role"] == "figure"]
    for rec in figs.itertuples(index=False):
        data = (root / rec.path).read_bytes()
        if rec.format == "pdf":
            assert b"/FontFile2" in data, rec.path  # TrueType (Type 42) embedded
            assert b"/Subtype /Type3" not in data, rec.path
        if rec.format == "svg":
            assert b"<text" in data, rec.path


def test_numbering_is_consecutive_and_each_number_has_all_formats(run_a):
    manifest = run_a[1]
    out = manifest[manifest["role"].isin(["figure", "table"])]
    for kind, fmts in (("figure", {"png", "svg", "pdf"}), ("table", {"csv", "xlsx", "md", "tex"})):
        sub = out[out["role"] == kind]
        by_name = sub.groupby(sub["path"].map(lambda p: Path(p).stem))["format"].agg(set)
        assert all(v == fmts for v in by_name), kind
        numbers = set(sub["number"])
        main_numbers = sorted(int(n) for n in numbers if n.isdigit())
        assert main_numbers == list(range(1, len(main_numbers) + 1)), (kind, main_numbers)
        supp = sorted(int(n[1:]) for n in numbers if n.startswith("S"))
        assert supp == list(range(1, len(supp) + 1)), (kind, supp)
    # the case appendix: every case has the same outputs, numbered A1 ... A5
    appendix = out[out["number"].str.startswith("A")]
    per_case = appendix.groupby(appendix["number"].str[:2])["number"].agg(
        lambda s: sorted({n[2:] for n in s})
    )
    assert list(per_case.index) == ["A1", "A2", "A3", "A4", "A5"]
    assert len({tuple(v) for v in per_case}) == 1


def test_captions_file_lists_numbers_in_order(run_a):
    root, manifest, _ = run_a
    text = (root / CAPTIONS_NAME).read_text(encoding="utf-8")
    figure_section = text.split("## Tables")[0]
    labels = re.findall(r"\*\*(Figure [^*]+)\*\*", figure_section)
    mains = [int(lbl.split()[1]) for lbl in labels if lbl.split()[1].isdigit()]
    assert mains == sorted(mains) and mains[0] == 1
    assert caption_label("table", "2") in text


# ---------------------------------------------------------------- fast tests on throw-away notebooks
TABLE_CELL = (
    "import pandas as pd, sys\n"
    "from smartcase import publish\n"
    "publish.table(pd.DataFrame({{'python': [sys.executable]}}), '{name}', caption='Kernel of the notebook')"
)


def test_kernel_runs_this_python(tmp_path):
    nbdir = tmp_path / "nb"
    write_notebook(nbdir, "00_kernel", [TABLE_CELL.format(name="table_01_kernel")])
    manifest = reproduce(out_dir=tmp_path / "out", notebook_dir=nbdir, progress=False)
    csv = pd.read_csv(tmp_path / "out" / "tables" / "table_01_kernel.csv")
    assert Path(csv.at[0, "python"]).resolve() == Path(sys.executable).resolve()
    assert set(manifest["role"]) == {"input", "notebook", "table"}


def test_a_failing_cell_names_the_notebook_and_the_cell(tmp_path, capsys):
    nbdir = tmp_path / "nb"
    write_notebook(nbdir, "00_ok", [TABLE_CELL.format(name="table_01_ok")])
    write_notebook(nbdir, "01_bad", ["x = 1", "1 / 0", "print('never')"])
    with pytest.raises(
        ReproduceError,
        match=r"notebooks/01_bad\.ipynb failed in cell 2 of 3 \(starting '1 / 0'\): ZeroDivisionError",
    ):
        reproduce(out_dir=tmp_path / "out", notebook_dir=nbdir, progress=True)
    shown = capsys.readouterr().out
    assert "00_ok" in shown and "FAILED" in shown
    assert not (tmp_path / "out" / MANIFEST_NAME).exists()  # no manifest for a failed run


def test_main_reports_errors_in_one_line_and_exits_1(capsys):
    assert main(["--notebook", "no_such_notebook"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("smartcase reproduce: argument 'notebooks'") and "00_framework" in err
    assert err.count("\n") == 1


def test_a_notebook_out_of_sync_with_its_twin_is_refused(tmp_path):
    nbdir = tmp_path / "nb"
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_a")])
    py = nbdir / "00_a.py"
    py.write_text(py.read_text() + "\n# %%\nprint('edited only in the twin')\n")
    with pytest.raises(ReproduceError, match="00_a.ipynb and 00_a.py differ; run: jupytext --sync"):
        reproduce(out_dir=tmp_path / "out", notebook_dir=nbdir, progress=False)


def test_two_notebooks_publishing_one_name_is_an_error(tmp_path):
    nbdir = tmp_path / "nb"
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_same")])
    write_notebook(nbdir, "01_b", [TABLE_CELL.format(name="table_01_same")])
    with pytest.raises(ReproduceError, match="table_01_same is published by both"):
        reproduce(out_dir=tmp_path / "out", notebook_dir=nbdir, progress=False)


def test_stale_outputs_are_removed_and_other_files_kept(tmp_path):
    nbdir, out = tmp_path / "nb", tmp_path / "out"
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_old")])
    reproduce(out_dir=out, notebook_dir=nbdir, progress=False)
    assert (out / "tables" / "table_01_old.csv").is_file()
    mine = out / "tables" / "my_notes.csv"
    mine.write_text("kept\n")
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_new")])
    manifest = reproduce(out_dir=out, notebook_dir=nbdir, progress=False)
    assert not list((out / "tables").glob("table_01_old.*"))
    assert (out / "tables" / "table_01_new.csv").is_file()
    assert mine.read_text() == "kept\n"
    assert "tables/my_notes.csv" not in set(manifest["path"])


def test_a_partial_run_keeps_the_rows_of_the_other_notebooks(tmp_path):
    nbdir, out = tmp_path / "nb", tmp_path / "out"
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_a")])
    write_notebook(nbdir, "01_b", [TABLE_CELL.format(name="table_02_b")])
    full = reproduce(out_dir=out, notebook_dir=nbdir, progress=False)
    part = reproduce(out_dir=out, notebook_dir=nbdir, notebooks=["01"], progress=False)
    assert part.drop(columns=[]).equals(full)
    assert (out / MANIFEST_NAME).read_bytes() == full.to_csv(
        index=False, lineterminator="\n"
    ).encode()


def test_unknown_notebook_selection_lists_the_choices(tmp_path):
    nbdir = tmp_path / "nb"
    write_notebook(nbdir, "00_a", [TABLE_CELL.format(name="table_01_a")])
    with pytest.raises(ValueError, match="00_a"):
        reproduce(out_dir=tmp_path / "out", notebook_dir=nbdir, notebooks=["07"], progress=False)
