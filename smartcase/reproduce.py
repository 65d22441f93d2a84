"""Regenerate every table and figure by executing the notebooks: ``make reproduce``.

:func:`reproduce` executes the numbered notebooks in ``notebooks/`` (``00_framework`` ...
``09_strategies``) in order, each in a fresh Jupyter kernel running this Python interpreter, and
never writes outputs back into the notebooks (they stay stored without outputs). The notebooks
save their figures and tables with :mod:`smartcase.publish` under the output root, which
:func:`reproduce` passes to the kernels in the environment variable ``SMARTCASE_OUTPUT_DIR``.
Then it writes two files at the output root:

``MANIFEST.csv``
    One row per file: the inputs (every data file of the bundled case base), the notebooks, and
    every figure and table file, each with its size and SHA-256; for outputs also the notebook
    that made it, the printed number, the caption and ``inputs_sha256``, the SHA-256 of the
    input rows written as ``sha256sum`` lines (``<sha256>  <path>\\n``, in manifest order), so a
    reader can check that an output was made from exactly the listed inputs. Rows are sorted
    (inputs, notebooks, figures, tables; then by path). No dates, versions or absolute paths.
``CAPTIONS.md``
    Every figure and table with its number and caption, in order.
``figures/README.md``
    The figure gallery: every figure (PNG) with its number and caption, in order.

Outputs are generated files: a run replaces them (atomically, through :mod:`smartcase.output`),
and files listed in the previous ``MANIFEST.csv`` that a full run no longer makes are removed.
Nothing else in the output folders is touched. Two runs on the same inputs give byte-identical
files.

Command line::

    python -m smartcase reproduce [--out DIR] [--notebook NAME ...] [--executed DIR] [--quiet]
                                  [--timeout S] [--jobs N]

Examples
--------
>>> [p.stem for p in list_notebooks()][:2]
['00_framework', '01_busan']
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .errors import ArgumentError, SmartcaseError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "reproduce",
    "main",
    "list_notebooks",
    "notebooks_in_sync",
    "input_files",
    "read_manifest",
    "ReproduceError",
    "MANIFEST_NAME",
    "CAPTIONS_NAME",
    "GALLERY_NAME",
    "MANIFEST_COLUMNS",
    "KERNEL_NAME",
]

MANIFEST_NAME = "MANIFEST.csv"
CAPTIONS_NAME = "CAPTIONS.md"
#: The figure gallery, written into ``figures/`` by every full or partial run.
GALLERY_NAME = "README.md"
MANIFEST_COLUMNS = (
    "path",
    "role",
    "format",
    "bytes",
    "sha256",
    "notebook",
    "number",
    "caption",
    "inputs_sha256",
)
#: The Jupyter kernel the notebooks run in ("python3" resolves to the running interpreter).
KERNEL_NAME = "python3"
_ROLE_ORDER = {"input": 0, "notebook": 1, "figure": 2, "table": 3}
_INPUT_SUFFIXES = (".csv", ".json", ".yaml", ".yml")
#: The folder of the case narratives (Markdown inputs; see smartcase.narrative).
_NARRATIVE_DIR = "narratives"


class ReproduceError(SmartcaseError):
    """A notebook failed, or the notebooks or outputs are not in a state to regenerate from."""


@dataclass(frozen=True)
class _Run:
    notebook: str
    seconds: float
    records: tuple[dict[str, Any], ...]


# ----------------------------------------------------------------------------- notebooks
def _notebook_dir(notebook_dir: str | os.PathLike[str] | None) -> Path:
    if notebook_dir is not None:
        folder = Path(notebook_dir)
    else:
        from .paths import project_root

        root = project_root()
        installed = Path(__file__).resolve().parent / "_notebooks"  # a wheel ships them here
        if root is not None:
            folder = root / "notebooks"
        elif installed.is_dir():
            folder = installed
        else:
            raise ReproduceError(
                "the notebooks are not installed with the package; run reproduce from a source "
                "checkout of smartcase (or pass notebook_dir=)"
            )
    if not folder.is_dir():
        raise ArgumentError("notebook_dir", str(folder), "a folder holding the numbered notebooks")
    return folder


def list_notebooks(notebook_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """The numbered notebooks (``NN_name.ipynb``), in order.

    Parameters
    ----------
    notebook_dir : str or Path, optional
        Default: ``notebooks/`` of the source checkout, or the notebooks installed with the
        wheel (``smartcase/_notebooks``).

    Returns
    -------
    list of Path

    Examples
    --------
    >>> list_notebooks()[0].name
    '00_framework.ipynb'
    """
    folder = _notebook_dir(notebook_dir)
    found = [p for p in folder.glob("[0-9][0-9]_*.ipynb") if p.is_file()]
    return sorted(found, key=lambda p: p.name)


def _select(all_nb: list[Path], wanted: Iterable[str] | None) -> list[Path]:
    if wanted is None:
        return all_nb
    if isinstance(wanted, str):
        wanted = [wanted]
    chosen: list[Path] = []
    for w in wanted:
        key = str(w).removesuffix(".ipynb").removesuffix(".py")
        hits = [p for p in all_nb if key in (p.stem, p.stem[:2], p.stem[3:])]
        if not hits:
            raise ArgumentError(
                "notebooks",
                repr(w),
                "a notebook name, number or topic among " + ", ".join(p.stem for p in all_nb),
            )
        for h in hits:
            if h not in chosen:
                chosen.append(h)
    return sorted(chosen, key=lambda p: p.name)


def _cells(nb: Any) -> list[tuple[str, str]]:
    return [(c["cell_type"], c["source"].strip()) for c in nb["cells"]]


def notebooks_in_sync(notebook_dir: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Check that every ``.ipynb`` has its jupytext twin ``.py`` with the same cells and no outputs.

    Returns
    -------
    dict
        Notebook name -> problem; empty when all is well.

    Examples
    --------
    >>> notebooks_in_sync()
    {}
    """
    import jupytext
    import nbformat

    problems: dict[str, str] = {}
    folder = _notebook_dir(notebook_dir)
    stems = {p.stem for p in folder.glob("[0-9][0-9]_*.ipynb")} | {
        p.stem for p in folder.glob("[0-9][0-9]_*.py")
    }
    for stem in sorted(stems):
        ipynb, py = folder / f"{stem}.ipynb", folder / f"{stem}.py"
        if not ipynb.is_file() or not py.is_file():
            problems[stem] = f"missing {'notebook' if not ipynb.is_file() else 'py:percent twin'}"
            continue
        nb = nbformat.read(ipynb, as_version=4)
        twin = jupytext.read(py)
        if _cells(nb) != _cells(twin):
            problems[stem] = (
                f"{ipynb.name} and {py.name} differ; run: jupytext --sync notebooks/{py.name}"
            )
            continue
        with_out = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))
        ]
        if with_out:
            problems[stem] = (
                f"{ipynb.name} is stored with outputs (cell {with_out[0]}); clear them before committing"
            )
    return problems


# ----------------------------------------------------------------------------- inputs
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_files(data_dir: str | os.PathLike[str] | None = None) -> list[tuple[str, Path]]:
    """The data files the notebooks read: every CSV, JSON and YAML file of the case base.

    The case narratives (``narratives/*.md``, without the folder's ``README.md``) are inputs
    too. The ``template/`` folder (an empty case for users to copy) and hidden files are left
    out.

    Parameters
    ----------
    data_dir : str or Path, optional
        Default: the bundled case base (:func:`smartcase.paths.bundled_data_dir`).

    Returns
    -------
    list of (str, Path)
        ``('data/<relative path>', absolute path)``, sorted.

    Examples
    --------
    >>> names = [n for n, _ in input_files()]
    >>> "data/codes.csv" in names and "data/framework/rubric.csv" in names
    True
    >>> "data/narratives/busan.md" in names and "data/narratives/README.md" not in names
    True
    """
    from .paths import bundled_data_dir

    folder = Path(data_dir) if data_dir is not None else bundled_data_dir()
    out = []
    for p in folder.rglob("*"):
        rel = p.relative_to(folder)
        if (
            not p.is_file()
            or rel.parts[0] == "template"
            or any(part.startswith(".") for part in rel.parts)
        ):
            continue
        narrative = (
            len(rel.parts) == 2
            and rel.parts[0] == _NARRATIVE_DIR
            and p.suffix.lower() == ".md"
            and p.name != "README.md"
        )
        if p.suffix.lower() in _INPUT_SUFFIXES or narrative:
            out.append(("data/" + rel.as_posix(), p))
    return sorted(out)


# ----------------------------------------------------------------------------- execution
def _kernel_manager() -> Any:
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME)
    spec = km.kernel_spec
    if spec is None:
        raise ReproduceError(
            f"no Jupyter kernel {KERNEL_NAME!r} found; run: python -m ipykernel install --sys-prefix"
        )
    argv0 = spec.argv[0]
    if (
        argv0 not in {"python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
        and Path(argv0).resolve() != Path(sys.executable).resolve()
    ):
        raise ReproduceError(
            f"the Jupyter kernel {KERNEL_NAME!r} runs {argv0}, not this Python ({sys.executable}); "
            "remove the user-level kernelspec or run: python -m ipykernel install --sys-prefix"
        )
    return km


def _execute(
    path: Path,
    *,
    root: Path,
    log: Path,
    rel_name: str,
    timeout: int,
    keep: Path | None = None,
) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    from .publish import LOG_ENV, NOTEBOOK_ENV, OUTPUT_ENV

    nb = nbformat.read(path, as_version=4)
    current: dict[str, int] = {"index": -1}

    def on_cell_execute(cell: Any, cell_index: int, **_: Any) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        km=_kernel_manager(),
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_execute=on_cell_execute,
    )
    env = dict(os.environ)
    env.update(
        {
            OUTPUT_ENV: str(root),
            LOG_ENV: str(log),
            NOTEBOOK_ENV: rel_name,
            # Kept notebooks get the backend a Jupyter user gets (figures shown inline); when
            # the outputs are not kept, nothing is rendered twice.
            "MPLBACKEND": "module://matplotlib_inline.backend_inline" if keep else "agg",
            "PYTHONHASHSEED": "0",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
    )
    kernel_log = log.with_suffix(".kernel.log")
    try:
        with open(
            kernel_log, "wb"
        ) as sink:  # the kernel's own messages stay out of the progress display
            client.execute(env=env, stdout=sink, stderr=sink)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        i = current["index"]
        where = f"cell {i + 1} of {len(nb.cells)}" if i >= 0 else "kernel start"
        first = ""
        if i >= 0:
            src = [ln for ln in nb.cells[i].source.splitlines() if ln.strip()]
            first = f" (starting {src[0][:60]!r})" if src else ""
        if isinstance(exc, CellExecutionError) and exc.ename:
            msg = f"{exc.ename}: {exc.evalue}"
        else:
            lines = str(exc).strip().splitlines()
            msg = lines[-1] if lines else type(exc).__name__
        raise ReproduceError(f"{rel_name} failed in {where}{first}: {msg}") from exc
    except Exception as exc:  # the kernel did not start or died outside a cell
        tail = (
            kernel_log.read_text(errors="replace").strip().splitlines()[-3:]
            if kernel_log.is_file()
            else []
        )
        extra = (" | kernel log: " + " / ".join(tail)) if tail else ""
        raise ReproduceError(
            f"{rel_name}: the Jupyter kernel failed ({type(exc).__name__}: {exc}){extra}"
        ) from exc
    if keep is not None:
        from .output import atomic_write_text

        atomic_write_text(keep / path.name, nbformat.writes(nb) + "\n", overwrite=True)


def _read_log(log: Path) -> list[dict[str, Any]]:
    import json

    if not log.is_file():
        return []
    return [
        json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


# ----------------------------------------------------------------------------- manifest
def read_manifest(out_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read ``MANIFEST.csv`` from an output root (default: the source checkout's root).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`MANIFEST_COLUMNS`; empty text cells are empty strings.

    Raises
    ------
    ReproduceError
        No manifest there.
    """
    import pandas as pd

    from .publish import output_root

    root = Path(out_dir) if out_dir is not None else output_root()
    path = root / MANIFEST_NAME
    if not path.is_file():
        raise ReproduceError(f"no {MANIFEST_NAME} in {root}; run: python -m smartcase reproduce")
    return pd.read_csv(path, dtype=str, keep_default_na=False).astype({"bytes": "int64"})


def _manifest(
    root: Path,
    records: list[dict[str, Any]],
    nb_paths: list[tuple[str, Path]],
    inputs: list[tuple[str, Path]],
) -> pd.DataFrame:
    import pandas as pd

    rows: list[dict[str, Any]] = []
    input_lines = []
    for name, path in inputs:
        digest = _sha256(path)
        input_lines.append(f"{digest}  {name}\n")
        rows.append(
            {
                "path": name,
                "role": "input",
                "format": path.suffix.lstrip("."),
                "bytes": path.stat().st_size,
                "sha256": digest,
            }
        )
    inputs_sha = hashlib.sha256("".join(input_lines).encode("utf-8")).hexdigest()
    for name, path in nb_paths:
        rows.append(
            {
                "path": name,
                "role": "notebook",
                "format": path.suffix.lstrip("."),
                "bytes": path.stat().st_size,
                "sha256": _sha256(path),
            }
        )
    for rec in records:
        for f in rec["files"]:
            p = root / f
            rows.append(
                {
                    "path": f,
                    "role": rec["kind"],
                    "format": Path(f).suffix.lstrip("."),
                    "bytes": p.stat().st_size,
                    "sha256": _sha256(p),
                    "notebook": rec.get("notebook") or "",
                    "number": rec["number"],
                    "caption": rec["caption"],
                    "inputs_sha256": inputs_sha,
                }
            )
    df = pd.DataFrame(rows, columns=list(MANIFEST_COLUMNS))
    df = df.fillna("").astype({"bytes": "int64"})
    df["_r"] = df["role"].map(_ROLE_ORDER)
    df = df.sort_values(["_r", "path"], kind="stable").drop(columns="_r").reset_index(drop=True)
    return df


def _number_key(number: str) -> tuple[int, str, int, str]:
    if number.isdigit():
        return (0, "", int(number), "")
    digits = "".join(ch for ch in number[1:] if ch.isdigit())
    return (1, number[0], int(digits or 0), number[1 + len(digits) :])


def _captions_md(records: list[dict[str, Any]]) -> str:
    from .publish import caption_label

    lines = [
        "# Figures and tables",
        "",
        "Generated by `python -m smartcase reproduce`; do not edit by hand.",
        "",
    ]
    sections: tuple[tuple[Literal["figure", "table"], str], ...] = (
        ("figure", "Figures"),
        ("table", "Tables"),
    )
    for kind, title in sections:
        recs = sorted(
            (r for r in records if r["kind"] == kind),
            key=lambda r: (_number_key(r["number"]), r["name"]),
        )
        lines += [f"## {title}", ""]
        for r in recs:
            files = ", ".join(f"`{f}`" for f in r["files"])
            lines += [
                f"**{caption_label(kind, r['number'])}** (`{r['name']}`, from `{r.get('notebook') or ''}`). {r['caption']}",
                "",
                f"Files: {files}",
                "",
            ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _gallery_md(records: list[dict[str, Any]]) -> str:
    """``figures/README.md``: every figure (PNG) with its number and caption, in order."""
    from .publish import caption_label

    figs = sorted(
        (r for r in records if r["kind"] == "figure"),
        key=lambda r: (_number_key(r["number"]), r["name"]),
    )
    lines = [
        "# Figure gallery",
        "",
        "Every figure of the study with its number and caption, as `make reproduce` writes them "
        "(generated from the same records as `CAPTIONS.md`; do not edit by hand). Each figure "
        "is also here as SVG and PDF; widths are one journal column (85 mm) or two (175 mm).",
        "",
    ]
    for r in figs:
        label = caption_label("figure", r["number"])
        names = [Path(f).name for f in r["files"]]
        png = next((n for n in names if n.endswith(".png")), None)
        other = ", ".join(f"[{Path(n).suffix[1:].upper()}]({n})" for n in names if n != png)
        lines += [f"## {label}", ""]
        if png:
            lines += [f"![{label}]({png})", ""]
        lines += [f"**{label}.** {r['caption']}", ""]
        if other:
            lines += [f"Also as {other}; made by `{r.get('notebook') or ''}`.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _remove_stale(root: Path, previous: pd.DataFrame | None, keep: set[str]) -> list[str]:
    removed: list[str] = []
    if previous is None:
        return removed
    for rel, role in zip(previous["path"], previous["role"], strict=True):
        if role not in ("figure", "table") or rel in keep:
            continue
        p = root / rel
        # only files inside figures/ or tables/ that an earlier run listed as its own output
        if p.parts[-2:-1] in (("figures",), ("tables",)) and p.is_file():
            p.unlink()
            removed.append(rel)
    return removed


# ----------------------------------------------------------------------------- public API
def reproduce(
    *,
    out_dir: str | os.PathLike[str] | None = None,
    notebooks: Sequence[str] | str | None = None,
    progress: bool = True,
    timeout: int = 600,
    notebook_dir: str | os.PathLike[str] | None = None,
    stream: TextIO | None = None,
    executed_dir: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
) -> pd.DataFrame:
    """Execute the notebooks and regenerate every figure and table, with a manifest.

    Parameters
    ----------
    out_dir : str or Path, optional
        Output root: ``figures/``, ``tables/``, ``MANIFEST.csv`` and ``CAPTIONS.md`` go under
        it. Default: the source checkout's root.
    notebooks : str or sequence of str, optional
        Run only these notebooks, given by name (``'07_qca'``), number (``'07'``) or topic
        (``'qca'``). The manifest then keeps the rows of the other notebooks from the previous
        manifest whose files are unchanged. Default: all, in numbered order.
    progress : bool, default True
        Print one line per notebook with its elapsed time.
    timeout : int, default 600
        Seconds allowed for one cell.
    notebook_dir : str or Path, optional
        Where the notebooks are (default ``notebooks/`` of the source checkout).
    stream : file-like, optional
        Where progress goes (default standard output).
    executed_dir : str or Path, optional
        Also write each executed notebook, with its outputs (tables, figures shown inline by
        Jupyter's inline backend), into this folder. The notebooks in ``notebooks/`` are never
        modified.

    Returns
    -------
    pandas.DataFrame
        The manifest (see the module docstring); also written to ``MANIFEST.csv``.

    Raises
    ------
    ReproduceError
        A notebook failed (the message names the notebook and the cell), a notebook and its
        py:percent twin differ, two notebooks publish the same name, or the kernel is not this
        Python.
    ArgumentError
        An unknown notebook name.

    See Also
    --------
    smartcase.publish.figure, smartcase.publish.table : what the notebooks call.

    Examples
    --------
    >>> import tempfile
    >>> m = reproduce(out_dir=tempfile.mkdtemp(), notebooks=["00"], progress=False)  # doctest: +SKIP
    >>> sorted(set(m["role"]))  # doctest: +SKIP
    ['figure', 'input', 'notebook', 'table']
    """

    out = stream if stream is not None else sys.stdout
    all_nb = list_notebooks(notebook_dir)
    if not all_nb:
        raise ReproduceError(
            f"no numbered notebooks (NN_name.ipynb) in {_notebook_dir(notebook_dir)}"
        )
    chosen = _select(all_nb, notebooks)
    problems = notebooks_in_sync(notebook_dir)
    bad = {k: v for k, v in problems.items() if any(p.stem == k for p in chosen)}
    if bad:
        raise ReproduceError("; ".join(f"{k}: {v}" for k, v in sorted(bad.items())))
    if out_dir is None:
        from .publish import output_root

        root = output_root()
    else:
        root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    keep: Path | None = None
    if executed_dir is not None:
        keep = Path(executed_dir)
        keep.mkdir(parents=True, exist_ok=True)
    rel_prefix = "notebooks/"

    def say(text: str, end: str = "\n") -> None:
        if progress:
            print(text, end=end, file=out, flush=True)

    if jobs is None:
        jobs = min(2, os.cpu_count() or 1)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ArgumentError("jobs", repr(jobs), "a positive number of notebooks at a time")
    say(
        f"smartcase reproduce: {len(chosen)} notebook(s) -> {root} (figures/, tables/), "
        f"{jobs} at a time"
    )
    width = max(len(p.stem) for p in chosen)
    start_all = time.perf_counter()
    results: dict[str, _Run] = {}
    finished = [0]
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="smartcase-reproduce-") as tmp:

        def run_one(path: Path) -> _Run:
            rel = rel_prefix + path.name
            log = Path(tmp) / f"{path.stem}.jsonl"
            t0 = time.perf_counter()
            try:
                _execute(path, root=root, log=log, rel_name=rel, timeout=timeout, keep=keep)
            except ReproduceError:
                say(f"{path.stem:<{width}} FAILED after {time.perf_counter() - t0:5.1f} s")
                raise
            secs = time.perf_counter() - t0
            records = _read_log(log)
            for r in records:
                if Path(r.get("executable", "")).resolve() != Path(sys.executable).resolve():
                    raise ReproduceError(
                        f"{rel} ran in {r.get('executable')}, not in this Python ({sys.executable})"
                    )
            n_files = sum(len(r["files"]) for r in records)
            with lock:
                finished[0] += 1
                count = finished[0]
            say(
                f"[{count:2d}/{len(chosen)}] {path.stem:<{width}} {secs:6.1f} s  "
                f"{len(records):2d} outputs ({n_files} files)"
            )
            return _Run(notebook=rel, seconds=secs, records=tuple(records))

        if jobs == 1:
            for path in chosen:
                results[path.name] = run_one(path)
        else:
            from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

            with ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(run_one, path): path for path in chosen}
                done, _ = wait(futures, return_when=FIRST_EXCEPTION)
                for future in done:
                    if future.exception() is not None:
                        for other in futures:
                            other.cancel()
                        raise future.exception()  # type: ignore[misc]
                for future, path in futures.items():
                    results[path.name] = future.result()
    # in notebook order, whatever order they finished in
    runs = [results[path.name] for path in chosen]

    # one record per name; a name published by two notebooks is an error
    by_name: dict[str, dict[str, Any]] = {}
    for run in runs:
        for r in run.records:
            prev = by_name.get(r["name"])
            if prev is not None and prev["notebook"] != r["notebook"]:
                raise ReproduceError(
                    f"{r['name']} is published by both {prev['notebook']} and {r['notebook']}"
                )
            by_name[r["name"]] = r
    records = list(by_name.values())

    previous: pd.DataFrame | None = None
    if (root / MANIFEST_NAME).is_file():
        try:
            previous = read_manifest(root)
        except Exception:  # an unreadable old manifest is simply replaced
            previous = None
    ran = {run.notebook for run in runs}
    full = len(chosen) == len(all_nb)
    if not full and previous is not None:
        # keep the other notebooks' outputs when their files are unchanged
        outputs = previous[
            previous["role"].isin(["figure", "table"]) & ~previous["notebook"].isin(ran)
        ]
        keep_names: dict[str, dict[str, Any]] = {}
        for rec in outputs.itertuples(index=False):
            p = root / rec.path
            if not p.is_file() or _sha256(p) != rec.sha256:
                continue
            name = Path(rec.path).stem
            if name in by_name:
                continue
            entry = keep_names.setdefault(
                name,
                {
                    "kind": rec.role,
                    "name": name,
                    "number": rec.number,
                    "caption": rec.caption,
                    "files": [],
                    "notebook": rec.notebook,
                },
            )
            entry["files"].append(rec.path)
        records += list(keep_names.values())
    written = {f for r in records for f in r["files"]}
    if previous is not None:
        # a full run owns every earlier output; a partial run only those of the notebooks it ran
        scope = previous if full else previous[previous["notebook"].isin(ran)]
        removed = _remove_stale(root, scope, written)
        if removed:
            say(f"removed {len(removed)} file(s) that the notebooks no longer make")

    nb_rows = []
    for p in all_nb:
        nb_rows.append((rel_prefix + p.name, p))
        if p.with_suffix(".py").is_file():
            nb_rows.append((rel_prefix + p.with_suffix(".py").name, p.with_suffix(".py")))
    manifest = _manifest(root, records, nb_rows, input_files())

    from .output import atomic_write_text

    atomic_write_text(
        root / MANIFEST_NAME, manifest.to_csv(index=False, lineterminator="\n"), overwrite=True
    )
    atomic_write_text(root / CAPTIONS_NAME, _captions_md(records), overwrite=True)
    if any(r["kind"] == "figure" for r in records):
        atomic_write_text(root / "figures" / GALLERY_NAME, _gallery_md(records), overwrite=True)
    total = time.perf_counter() - start_all
    n_out = int(manifest["role"].isin(["figure", "table"]).sum())
    say(
        f"done in {total:.1f} s: {len(records)} figures and tables, {n_out} files; {MANIFEST_NAME}, "
        f"{CAPTIONS_NAME} and figures/{GALLERY_NAME} written"
    )
    manifest.attrs = {"timings": {run.notebook: round(run.seconds, 3) for run in runs}}
    return manifest


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="smartcase reproduce",
        description="Execute the notebooks in notebooks/ in order and regenerate every figure "
        "(figures/: PNG, SVG, PDF) and table (tables/: CSV, XLSX, Markdown, LaTeX), with "
        "MANIFEST.csv and CAPTIONS.md. The notebooks are not modified.",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help="output root (default: the source checkout's root)",
    )
    p.add_argument(
        "--notebook",
        action="append",
        default=None,
        metavar="NAME",
        help="run only this notebook (name, number or topic, e.g. 07 or qca; repeatable)",
    )
    p.add_argument(
        "--timeout",
        type=int,
        default=600,
        metavar="S",
        help="seconds allowed per cell (default 600)",
    )
    p.add_argument(
        "--executed",
        metavar="DIR",
        default=None,
        help="also write the executed notebooks, with their outputs, into DIR",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks executed at the same time (default 2, 1 on a one-core machine)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.add_argument("--list", action="store_true", help="list the notebooks and exit")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m smartcase reproduce [options]``.

    Returns
    -------
    int
        0 on success, 1 when a notebook fails or the input is wrong (a one-line message on
        standard error), 2 for a usage error.

    Examples
    --------
    >>> main(["--list"])  # doctest: +ELLIPSIS
    00_framework
    ...
    0
    """
    args = _parser().parse_args(list(argv) if argv is not None else None)
    try:
        if args.list:
            for p in list_notebooks():
                print(p.stem)
            return 0
        reproduce(
            out_dir=args.out,
            notebooks=args.notebook,
            progress=not args.quiet,
            timeout=args.timeout,
            executed_dir=args.executed,
            jobs=args.jobs,
        )
    except SmartcaseError as exc:
        print(f"smartcase reproduce: {exc}", file=sys.stderr)
        return 1
    return 0
