"""Generate the parts of the companion site that come from the code and the data.

``make docs`` runs this before ``sphinx-build``. Everything goes into ``docs/generated/``
(not committed) and is rebuilt from what the repository holds at build time:

``generated/notebooks/``
    the ten notebooks, executed by :func:`smartcase.reproduce.reproduce` with their outputs
    (figures inline); MyST-NB renders them without executing them again;
``generated/outputs/``
    the figures, tables, ``MANIFEST.csv`` and ``CAPTIONS.md`` of that same run;
``generated/gallery.md``
    every figure with its number and caption, every table with its files (from the manifest);
``generated/explorer/``
    the case explorer of the bundled case base (:func:`smartcase.explorer.write_explorer`);
``generated/api/``
    one page per public namespace and module, listing every public name for autodoc.

The notebooks run again only when a notebook, a data file or the library changed since the last
run (a SHA-256 of all of them is kept in ``generated/.inputs-sha256``); ``--force`` runs them
anyway.

Usage: ``python docs/prepare.py [--force]``
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import inspect
import pkgutil
import re
import shutil
import sys
import types
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
GEN = DOCS / "generated"

# The namespaces users call, documented first; then every public module.
NAMESPACES = ("smartcase", "smartcase.qca", "smartcase.scoring")


# ----------------------------------------------------------------------------- helpers
def _write(path: Path, text: str) -> None:
    """Write only when the text changed, so Sphinx rebuilds only what changed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _inputs_digest() -> str:
    h = hashlib.sha256()
    files = [
        *sorted((ROOT / "notebooks").glob("*.ipynb")),
        *sorted(p for p in (ROOT / "data").rglob("*") if p.is_file()),
        *sorted((ROOT / "smartcase").rglob("*.py")),
        *sorted((ROOT / "smartcase" / "templates").rglob("*")),
    ]
    for p in files:
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


def _rst_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\`*_|[]<>:" else c for c in text)


def _heading(text: str, char: str = "=") -> str:
    return f"{text}\n{char * max(len(text), 3)}\n"


# ----------------------------------------------------------------------------- notebooks
def executed_notebooks(force: bool = False) -> None:
    from smartcase.reproduce import reproduce

    stamp = GEN / ".inputs-sha256"
    digest = _inputs_digest()
    nb_dir, out_dir = GEN / "notebooks", GEN / "outputs"
    if (
        not force
        and stamp.is_file()
        and stamp.read_text().strip() == digest
        and (out_dir / "MANIFEST.csv").is_file()
        and len(list(nb_dir.glob("*.ipynb"))) == len(list((ROOT / "notebooks").glob("*.ipynb")))
    ):
        print("prepare: notebooks unchanged since the last run; keeping the executed notebooks")
        return
    for d in (nb_dir, out_dir):
        shutil.rmtree(d, ignore_errors=True)
    reproduce(out_dir=out_dir, executed_dir=nb_dir, progress=True)
    _write(stamp, digest + "\n")


def notebooks_index() -> None:
    import nbformat

    lines = [
        "# Notebooks\n",
        "The ten notebooks, executed by `python -m smartcase reproduce --executed DIR` when the "
        "site was built, with every figure and table they show. They tell the story of the "
        "study and call the library; the `.py` twins in `notebooks/` are the files to read and "
        "edit. The codes are smartcase's reconstruction from public sources, not the report's "
        "own tables.\n",
        "| Notebook | Title |",
        "|---|---|",
    ]
    entries = []
    for nb_path in sorted((GEN / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        title = nb_path.stem
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                if first.startswith("# "):
                    title = first[2:].strip()
                    break
        entries.append(nb_path.stem)
        lines.append(f"| [`{nb_path.stem}`](notebooks/{nb_path.stem}.ipynb) | {_md(title)} |")
    lines += ["", "```{toctree}", ":hidden:", ":maxdepth: 1", ""]
    lines += [f"notebooks/{e}" for e in entries]
    lines += ["```", ""]
    _write(GEN / "notebooks.md", "\n".join(lines))


def _md(text: object) -> str:
    """Escape text for one line of MyST Markdown (every ASCII punctuation character)."""
    flat = " ".join(str(text).split())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", flat)


# ----------------------------------------------------------------------------- gallery
def gallery() -> None:
    from smartcase.reproduce import read_manifest

    m = read_manifest(GEN / "outputs")
    lines = [
        "# Figures and tables\n",
        "Every figure and table that `make reproduce` publishes, made when this site was built, "
        "with the caption it carries in `CAPTIONS.md` and `MANIFEST.csv` (which also records "
        "the SHA-256 of each file and of the inputs it was made from). Each figure is also "
        "published as SVG and PDF, each table as CSV, XLSX, Markdown and LaTeX. "
        "The codes are smartcase's reconstruction from public sources, not the report's own "
        "tables.\n",
    ]
    for kind, title in (("figure", "Figures"), ("table", "Tables")):
        rows = m[m["role"] == kind]
        lines.append(f"## {title}\n")
        for (number, name), group in rows.groupby(
            [rows["number"], rows["path"].map(lambda p: Path(p).stem)], sort=False
        ):
            caption = group["caption"].iloc[0]
            files = {Path(p).suffix.lstrip("."): p for p in group["path"]}
            label = f"{'Figure' if kind == 'figure' else 'Table'} {number}"
            downloads = " · ".join(
                f"{{download}}`{fmt.upper()} <outputs/{files[fmt]}>`" for fmt in sorted(files)
            )
            lines.append(f"({kind}-{name})=")
            lines.append(f"### {_md(label)}: {_md(name)}\n")
            if kind == "figure" and "png" in files:
                lines += [
                    f"```{{image}} outputs/{files['png']}",
                    f":alt: {_md(label)}",
                    ":width: 100%",
                    "```\n",
                ]
            lines.append(f"**{_md(label)}.** {_md(caption)}\n")
            lines.append(f"Files: {downloads}\n")
    _write(GEN / "gallery.md", "\n".join(lines))


# ----------------------------------------------------------------------------- explorer
def explorer() -> None:
    import smartcase
    from smartcase.explorer import ASSET_FILES, asset_dir, write_explorer

    out = GEN / "explorer"
    shutil.rmtree(out, ignore_errors=True)
    write_explorer(smartcase.load_cases(), out, fmt="myst")
    static = GEN / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in ASSET_FILES:
        shutil.copyfile(asset_dir() / name, static / name)


# ----------------------------------------------------------------------------- API
def _public_modules() -> list[str]:
    """Every importable module of the package whose name has no leading underscore."""
    import smartcase

    names = []
    for info in pkgutil.walk_packages(smartcase.__path__, "smartcase."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return sorted(names)


def _kind(obj: object) -> str:
    if isinstance(obj, type) and issubclass(obj, BaseException):
        return "exception"
    if inspect.isclass(obj):
        return "class"
    if callable(obj) and not isinstance(obj, types.ModuleType):
        return "function"
    return "data"


def _directive(path: str, obj: object) -> str:
    kind = _kind(obj)
    if kind == "class":
        return f".. autoclass:: {path}\n   :members:\n   :show-inheritance:\n"
    if kind == "exception":
        return f".. autoexception:: {path}\n   :show-inheritance:\n"
    if kind == "function":
        return f".. autofunction:: {path}\n"
    value = repr(obj)
    no_value = "\n   :no-value:" if len(value) > 300 else ""
    return f".. autodata:: {path}{no_value}\n"


def api_pages() -> list[str]:
    """Write ``generated/api/<module>.rst``; every public name is documented exactly once, where
    users call it (``smartcase.X`` before ``smartcase.module.X``); module pages link to it."""
    documented: dict[int, str] = {}  # id(function or class) -> documented path
    pages: list[str] = []
    out = GEN / "api"
    shutil.rmtree(out, ignore_errors=True)

    def page(modname: str, names: list[str], title: str) -> None:
        mod = importlib.import_module(modname)
        body = [
            _heading(title),
            f".. automodule:: {modname}\n   :no-members:\n",
        ]
        own, elsewhere, submodules = [], [], []
        for name in names:
            obj = getattr(mod, name)
            if isinstance(obj, types.ModuleType):
                submodules.append(obj.__name__)
                continue
            path = f"{modname}.{name}"
            key = id(obj) if _kind(obj) != "data" else None
            if key is not None and key in documented:
                elsewhere.append((name, documented[key]))
                continue
            if key is not None:
                documented[key] = path
            own.append((name, path, obj))
        if submodules:
            body.append(_heading("Sub-modules", "-"))
            body += [f"* :mod:`{s}`" for s in submodules]
            body.append("")
        if own:
            body.append(_heading("Summary", "-"))
            body.append(f".. currentmodule:: {modname}\n")
            body.append(".. autosummary::\n   :nosignatures:\n")
            body += [f"   {name}" for name, _, _ in own]
            body.append("")
            body.append(_heading("Reference", "-"))
            for _, path, obj in own:
                body.append(_directive(path, obj))
        if elsewhere:
            body.append(_heading("Also available as", "-"))
            body.append("These names of the module are documented where users usually call them:\n")
            body += [f"* ``{name}``: :py:obj:`{target}`" for name, target in elsewhere]
            body.append("")
        _write(out / f"{modname}.rst", "\n".join(body))
        pages.append(modname)

    import smartcase

    for ns in NAMESPACES:
        mod = importlib.import_module(ns)
        names = [n for n in mod.__all__ if n != "__version__"]
        page(ns, names, f"``{ns}``" + (" (top level)" if ns == "smartcase" else ""))
    for modname in _public_modules():
        if modname in NAMESPACES:
            continue
        mod = importlib.import_module(modname)
        names = list(getattr(mod, "__all__", []))
        page(modname, names, f"``{modname}``")
    index = [
        "# API reference\n",
        "Every public name of smartcase, from its docstring, with the examples that the test "
        "suite runs as doctests. Names exported by `smartcase`, `smartcase.qca` and "
        "`smartcase.scoring` are documented there, where you call them; each module's page "
        f"lists its own public names (`__all__`). smartcase {smartcase.__version__}.\n",
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *[f"{p}" for p in pages],
        "```",
        "",
    ]
    _write(out / "index.md", "\n".join(index))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="execute the notebooks again")
    args = parser.parse_args(argv)
    GEN.mkdir(exist_ok=True)
    executed_notebooks(force=args.force)
    notebooks_index()
    gallery()
    explorer()
    api_pages()
    print(f"prepare: wrote {GEN.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
