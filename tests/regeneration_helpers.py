"""Shared by tests/test_reproduce.py and tests/test_notebooks.py: full regenerations, run once.

A full regeneration executes every notebook (about a minute), so the test session runs it twice
(two output folders, for the byte-identity check) and both test modules reuse the results.
Also small helpers that write throw-away notebooks for the fast tests of `reproduce`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from smartcase.reproduce import list_notebooks, reproduce

_RUNS: dict[str, tuple[Path, pd.DataFrame, dict[str, bytes]]] = {}


def notebook_bytes() -> dict[str, bytes]:
    """The bytes of every notebook file (ipynb and py), to check that a run leaves them alone."""
    out = {}
    for nb in list_notebooks():
        out[nb.name] = nb.read_bytes()
        py = nb.with_suffix(".py")
        if py.is_file():
            out[py.name] = py.read_bytes()
    return out


def regenerated(tmp_path_factory, tag: str) -> tuple[Path, pd.DataFrame, dict[str, bytes]]:
    """Run ``reproduce`` into a fresh folder once per tag; return (folder, manifest, notebooks before).

    The executed notebooks, with their outputs, are kept in ``<folder>/executed/``.
    """
    if tag not in _RUNS:
        before = notebook_bytes()
        out = tmp_path_factory.mktemp(f"regen-{tag}")
        manifest = reproduce(out_dir=out, progress=False, executed_dir=out / "executed")
        _RUNS[tag] = (out, manifest, before)
    return _RUNS[tag]


def write_notebook(folder: Path, stem: str, cells: list[str]) -> Path:
    """Write ``stem.ipynb`` and its py:percent twin with the given code cells."""
    import jupytext
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    for i, c in enumerate(nb.cells):
        c["id"] = f"cell{i}"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{stem}.ipynb")
    jupytext.write(nb, folder / f"{stem}.py", fmt="py:percent")
    return folder / f"{stem}.ipynb"
