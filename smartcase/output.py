"""Writing outputs safely and reproducibly.

Everything smartcase writes goes through this module:

* :func:`atomic_write_bytes` / :func:`atomic_write_text` write to a temporary file in the target
  folder and rename it into place, so a crash never leaves a half-written file. They refuse to
  replace an existing file unless ``overwrite=True``; refuse, whatever ``overwrite`` says, to
  write over anything that is not a regular file (a device such as ``/dev/full``, a FIFO, a
  socket, a folder); write through a symbolic link only with ``follow_symlinks=True`` (and then
  replace the file the link points to, never the link); create new files with the permissions
  the umask allows (as ``open()`` would) and keep the permissions of a file they replace; and
  report every failure as an :class:`OutputError` naming the path the caller gave, never the
  temporary file.
* :func:`save_figure` writes a Matplotlib figure byte-identically on every run: a fixed SVG hash
  salt, no creation date, creator or software version in PDF/SVG/PNG metadata, fixed dpi, SVG
  text kept as text and TrueType (Type 42) fonts embedded in PDF.
* :func:`save_table` writes a DataFrame as CSV, Markdown, LaTeX (booktabs), HTML or XLSX, with
  deterministic bytes (XLSX timestamps are pinned).
"""

from __future__ import annotations

import errno
import io
import os
import secrets
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .errors import ArgumentError, SmartcaseError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable",
    "save_figure",
    "save_table",
    "OutputError",
    "OutputExistsError",
    "FIGURE_FORMATS",
    "TABLE_FORMATS",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("csv", "xlsx", "md", "tex", "html")
#: dpi of raster output (journals ask for at least 300 dpi).
PNG_DPI = 300
#: A fixed date written into XLSX zip entries so that files are byte-identical.
_FIXED_ZIP_DATE = (2020, 1, 1, 0, 0, 0)


class OutputError(SmartcaseError, OSError):
    """An output file cannot be written; the message names the path the caller gave.

    Raised for a target that is not a regular file (device, FIFO, socket, folder), a symbolic
    link written without ``follow_symlinks=True``, and any failure of the file system (a
    read-only folder, a full disk, ...). It is an :class:`OSError` too, so ``except OSError``
    keeps working.

    Attributes
    ----------
    path : str
        The path the caller gave.
    """

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(message)
        self.path = None if path is None else os.fspath(path)

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class OutputExistsError(OutputError, FileExistsError):
    """Raised when a write would replace an existing file and ``overwrite`` is False."""


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _lstat(path: Path, shown: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _os_error(shown, exc) from None


def _os_error(shown: Path, exc: OSError, doing: str = "cannot write") -> OutputError:
    reason = exc.strerror or type(exc).__name__
    code = errno.errorcode.get(exc.errno or 0)
    return OutputError(f"{doing} {shown}: {reason}" + (f" ({code})" if code else ""), shown)


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(name, repr(value), "True or False")
    return value


def _check_path(path: object) -> Path:
    if isinstance(path, bytes) or not isinstance(path, str | os.PathLike):
        raise ArgumentError("path", repr(path), "a file path (str or pathlib.Path)")
    text = os.fspath(path)
    if not isinstance(text, str) or not text.strip():
        raise ArgumentError("path", repr(path), "a non-empty file path")
    if "\x00" in text:
        raise ArgumentError("path", repr(path), "a file path without NUL characters")
    return Path(text)


def check_writable(
    path: str | os.PathLike[str], *, overwrite: bool = False, follow_symlinks: bool = False
) -> Path:
    """Raise the error :func:`atomic_write_bytes` would raise for ``path``, without writing.

    Writers of several files call it for every file first, so that nothing is written when
    one of them would be refused.

    Returns
    -------
    Path
        The path that would be written (the link's target when a link is followed).

    Examples
    --------
    >>> check_writable("/dev/null", overwrite=True)
    Traceback (most recent call last):
    ...
    smartcase.output.OutputError: /dev/null is a character device, not a regular file; ...
    """
    return _checked_target(_check_path(path), overwrite, follow_symlinks)[0]


def _checked_target(
    shown: Path, overwrite: object, follow_symlinks: object
) -> tuple[Path, os.stat_result | None]:
    _check_bool(overwrite, "overwrite")
    _check_bool(follow_symlinks, "follow_symlinks")
    target, st = _resolve_target(shown, bool(follow_symlinks))
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            where = "" if target == shown else f" (the link's target {target})"
            raise OutputError(
                f"{shown}{where} is {_kind(st.st_mode)}, not a regular file; smartcase writes "
                "only regular files and never replaces anything else",
                shown,
            )
        if not overwrite:
            raise OutputExistsError(
                f"{shown} exists; pass overwrite=True (command line: --force) to replace it", shown
            )
    return target, st


def _resolve_target(target: Path, follow_symlinks: bool) -> tuple[Path, os.stat_result | None]:
    """The path to write (the link's target with ``follow_symlinks``) and its current status."""
    st = _lstat(target, target)
    if st is None or not stat.S_ISLNK(st.st_mode):
        return target, st
    if not follow_symlinks:
        raise OutputError(
            f"{target} is a symbolic link (to {os.readlink(target)}); smartcase does not replace "
            "links: pass follow_symlinks=True (command line: --follow-symlinks) to write to the "
            "file it points to, or give that file's path",
            target,
        )
    real = Path(os.path.realpath(target))
    st_real = _lstat(real, target)
    if st_real is not None and stat.S_ISLNK(st_real.st_mode):  # a loop of links
        raise OutputError(f"{target} is a symbolic link that cannot be resolved (a loop?)", target)
    return real, st_real


def atomic_write_bytes(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    overwrite: bool = False,
    follow_symlinks: bool = False,
) -> Path:
    """Write ``data`` to ``path`` atomically.

    The bytes go to a temporary file in the same folder, which is flushed, synced and then
    renamed onto ``path``; readers never see a partial file.

    Parameters
    ----------
    path : str or Path
        Destination. Its folder is created if needed.
    data : bytes
        The content.
    overwrite : bool, default False
        Replace an existing regular file. When False and the file exists, nothing is written.
    follow_symlinks : bool, default False
        When ``path`` is a symbolic link, write to the file it points to (replacing that file;
        the link stays as it is). When False a link is refused, whatever ``overwrite`` says.

    Returns
    -------
    Path
        The path written (the link's target when a link was followed).

    Raises
    ------
    OutputExistsError
        If the file exists and ``overwrite`` is False.
    OutputError
        If ``path`` (or the file a followed link points to) exists but is not a regular file
        (a device, FIFO, socket or folder), is a symbolic link and ``follow_symlinks`` is
        False, or the file system refuses the write (e.g. a read-only folder, a full disk).
        The message names ``path``, never the temporary file.
    ArgumentError
        ``path`` is not a path, ``data`` not bytes, or a flag not True or False.

    Notes
    -----
    A new file gets the permissions ``open()`` would give it (``0o666`` less the umask); a
    replaced file keeps its permission bits (and, where the system allows, its owner and
    group). Without ``overwrite`` the file is put in place with a hard link, which fails if
    another process created the file in the meantime, so nothing is ever replaced by accident;
    file systems without hard links fall back to a checked rename.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_bytes(d / "a.txt", b"hello").read_bytes()
    b'hello'
    >>> atomic_write_bytes(d / "a.txt", b"again")
    Traceback (most recent call last):
    ...
    smartcase.output.OutputExistsError: ...a.txt exists; pass overwrite=True (command line: --force) to replace it
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ArgumentError("data", f"a {type(data).__name__}", "bytes")
    shown = _check_path(path)
    target, st = _checked_target(shown, overwrite, follow_symlinks)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(shown, exc, "cannot create the folder of") from None
    tmp = _write_temporary(target, shown, bytes(data), st)
    try:
        if st is None and not overwrite:
            _link_new(tmp, target, shown)
        else:
            os.replace(tmp, target)
    except OSError as exc:
        _unlink_quietly(tmp)
        if isinstance(exc, OutputError):
            raise
        raise _os_error(shown, exc) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return target


def _write_temporary(target: Path, shown: Path, data: bytes, st: os.stat_result | None) -> Path:
    """A new file beside ``target`` holding ``data``: umask permissions, or those of ``st``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, flags, 0o666)  # the kernel applies the umask
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise _os_error(shown, exc) from None
    else:  # pragma: no cover - 100 collisions of 48 random bits
        raise OutputError(f"cannot write {shown}: no free temporary name in its folder", shown)
    try:
        try:
            if st is not None and hasattr(os, "fchmod"):
                try:  # owner first: a change of owner clears the set-id bits
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:
                    pass  # not allowed to give the file away: it stays the writer's
                os.fchmod(fd, stat.S_IMODE(st.st_mode))
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        _unlink_quietly(tmp)
        raise _os_error(shown, exc) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return tmp


def _link_new(tmp: Path, target: Path, shown: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there (atomically, with a hard link)."""
    try:
        os.link(tmp, target, follow_symlinks=False)
    except FileExistsError:
        raise OutputExistsError(
            f"{shown} exists; pass overwrite=True (command line: --force) to replace it", shown
        ) from None
    except OSError as exc:
        if exc.errno not in (
            errno.EPERM,
            errno.ENOTSUP,
            errno.EOPNOTSUPP,
            errno.EXDEV,
            errno.EMLINK,
        ):
            raise
        if os.path.lexists(target):  # no hard links here: a checked rename
            raise OutputExistsError(
                f"{shown} exists; pass overwrite=True (command line: --force) to replace it", shown
            ) from None
        os.replace(tmp, target)
        return
    _unlink_quietly(tmp)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    overwrite: bool = False,
    encoding: str = "utf-8",
    follow_symlinks: bool = False,
) -> Path:
    """Write ``text`` to ``path`` atomically (UTF-8, ``\\n`` line endings).

    See :func:`atomic_write_bytes`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = atomic_write_text(pathlib.Path(tempfile.mkdtemp()) / "t.md", "| a |\\n")
    >>> p.read_text()
    '| a |\\n'
    """
    if not isinstance(text, str):
        raise ArgumentError("text", f"a {type(text).__name__}", "str")
    return atomic_write_bytes(
        path, text.encode(encoding), overwrite=overwrite, follow_symlinks=follow_symlinks
    )


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip archive (XLSX) with fixed timestamps and a stable entry order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _strip_core_dates(content)
            new = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_DATE)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.external_attr = 0o600 << 16
            dst.writestr(new, content)
    return out.getvalue()


def _strip_core_dates(xml: bytes) -> bytes:
    import re

    xml = re.sub(
        rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rb"\g<1>2020-01-01T00:00:00Z\2", xml
    )
    xml = re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        rb"\g<1>2020-01-01T00:00:00Z\2",
        xml,
    )
    return xml


def figure_bytes(fig: Figure, fmt: Literal["png", "svg", "pdf"]) -> bytes:
    """Render ``fig`` to bytes in a byte-stable way (see :func:`save_figure`).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> figure_bytes(fig, "svg") == figure_bytes(fig, "svg")
    True
    >>> plt.close(fig)
    """
    import matplotlib as mpl

    if fmt not in FIGURE_FORMATS:
        raise ArgumentError("fmt", repr(fmt), f"one of {', '.join(map(repr, FIGURE_FORMATS))}")
    metadata: dict[str, object]
    if fmt == "svg":
        metadata = {"Date": None, "Creator": None}
    elif fmt == "pdf":
        metadata = {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}
    else:
        metadata = {"Software": None}
    buf = io.BytesIO()
    with mpl.rc_context(
        {"svg.hashsalt": "smartcase", "svg.fonttype": "none", "pdf.fonttype": 42, "ps.fonttype": 42}
    ):
        fig.savefig(buf, format=fmt, dpi=PNG_DPI, metadata=metadata)
    return buf.getvalue()


def save_figure(
    fig: Figure,
    path: str | os.PathLike[str],
    *,
    formats: Iterable[str] = FIGURE_FORMATS,
    overwrite: bool = False,
    follow_symlinks: bool = False,
) -> list[Path]:
    """Save a figure as PNG (300 dpi), SVG and PDF, byte-identically on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or Path
        Destination without extension (an extension, if given, is dropped).
    formats : iterable of {'png', 'svg', 'pdf'}
        Which formats to write.
    overwrite : bool, default False
        Replace existing files.
    follow_symlinks : bool, default False
        Write through symbolic links (see :func:`atomic_write_bytes`).

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Examples
    --------
    >>> import tempfile, pathlib, matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.bar(["a", "b"], [1, 2])
    >>> paths = save_figure(fig, pathlib.Path(tempfile.mkdtemp()) / "fig1")
    >>> [p.suffix for p in paths]
    ['.png', '.svg', '.pdf']
    >>> plt.close(fig)
    """
    base = _check_path(path)
    if base.suffix.lower().lstrip(".") in FIGURE_FORMATS:
        base = base.with_suffix("")
    written = []
    for fmt in formats:
        written.append(
            atomic_write_bytes(
                base.with_suffix(f".{fmt}"),
                figure_bytes(fig, fmt),  # type: ignore[arg-type]
                overwrite=overwrite,
                follow_symlinks=follow_symlinks,
            )
        )
    return written


def table_bytes(
    df: pd.DataFrame, fmt: str, *, caption: str | None = None, index: bool = True
) -> bytes:
    """Render a DataFrame as bytes in one of :data:`TABLE_FORMATS`.

    Markdown and LaTeX are written by smartcase itself (no optional dependency); LaTeX uses
    booktabs rules. ``caption`` becomes a note under Markdown/HTML tables and ``\\caption`` in
    LaTeX.

    Examples
    --------
    >>> import pandas as pd
    >>> print(table_bytes(pd.DataFrame({"a": [1, 2]}, index=["x", "y"]), "md").decode())
    |  | a |
    |---|---|
    | x | 1 |
    | y | 2 |
    <BLANKLINE>
    """
    import pandas as pd

    if fmt not in TABLE_FORMATS:
        raise ArgumentError("fmt", repr(fmt), f"one of {', '.join(map(repr, TABLE_FORMATS))}")
    frame = df.reset_index() if index else df
    if index and isinstance(df.index, pd.RangeIndex):
        frame = df
        index = False
    if fmt == "csv":
        return df.to_csv(index=index, lineterminator="\n").encode("utf-8")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as writer:
            df.to_excel(writer, index=index, sheet_name="table")
            sheet = writer.sheets["table"]
            sheet.freeze_panes = "A2"
            wb = writer.book
            wb.properties.creator = "smartcase"
            import datetime as _dt

            wb.properties.created = _dt.datetime(2020, 1, 1)
            wb.properties.modified = _dt.datetime(2020, 1, 1)
        return _normalise_zip(buf.getvalue())
    cols = [str(c) for c in frame.columns]
    if index:
        cols[0] = "" if df.index.name is None else str(df.index.name)
    rows = [[_cell(v) for v in rec] for rec in frame.itertuples(index=False, name=None)]
    if fmt == "md":
        lines = ["| " + " | ".join(_md(c) for c in cols) + " |"]
        lines.append("|" + "|".join("---" for _ in cols) + "|")
        lines += ["| " + " | ".join(_md(v) for v in r) + " |" for r in rows]
        text = "\n".join(lines) + "\n"
        if caption:
            text += f"\n{caption}\n"
        return text.encode("utf-8")
    if fmt == "tex":
        return _latex(frame, cols, rows, caption).encode("utf-8")
    # html
    import html as _html

    out = [
        '<table class="smartcase">',
        "<thead><tr>" + "".join(f"<th>{_html.escape(c)}</th>" for c in cols) + "</tr></thead>",
        "<tbody>",
    ]
    out += ["<tr>" + "".join(f"<td>{_html.escape(v)}</td>" for v in r) + "</tr>" for r in rows]
    out.append("</tbody>")
    if caption:
        out.append(f"<caption>{_html.escape(caption)}</caption>")
    out.append("</table>")
    return ("\n".join(out) + "\n").encode("utf-8")


def save_table(
    df: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    formats: Iterable[str] = TABLE_FORMATS,
    caption: str | None = None,
    index: bool = True,
    overwrite: bool = False,
    follow_symlinks: bool = False,
) -> list[Path]:
    """Save a DataFrame as CSV, XLSX, Markdown, LaTeX and HTML, atomically and byte-stably.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    path : str or Path
        Destination without extension.
    formats : iterable of str
        Any of ``'csv', 'xlsx', 'md', 'tex', 'html'``.
    caption : str, optional
        Caption or table note (Markdown, LaTeX, HTML).
    index : bool, default True
        Write the index as the first column (a default RangeIndex is never written).
    overwrite : bool, default False
        Replace existing files.
    follow_symlinks : bool, default False
        Write through symbolic links (see :func:`atomic_write_bytes`).

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = save_table(pd.DataFrame({"a": [1]}), pathlib.Path(tempfile.mkdtemp()) / "t",
    ...                  formats=["csv", "md"])
    >>> out[0].read_text()
    'a\\n1\\n'
    """
    base = _check_path(path)
    if base.suffix.lower().lstrip(".") in TABLE_FORMATS:
        base = base.with_suffix("")
    return [
        atomic_write_bytes(
            base.with_suffix(f".{fmt}"),
            table_bytes(df, fmt, caption=caption, index=index),
            overwrite=overwrite,
            follow_symlinks=follow_symlinks,
        )
        for fmt in formats
    ]


def _cell(value: object) -> str:
    import math

    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.3f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    try:
        import pandas as pd

        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _is_numeric(col: pd.Series) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_numeric_dtype(col)) and not pd.api.types.is_bool_dtype(col)


#: Text columns whose longest cell exceeds this many characters become wrapped ``p{}`` columns.
_TEX_WRAP_AT = 40
#: Tables with wrapped columns and more rows than this are set as ``longtable`` (page breaks).
_TEX_LONG_ROWS = 12


def _latex(frame: pd.DataFrame, cols: list[str], rows: list[list[str]], caption: str | None) -> str:
    """A booktabs table; long text columns wrap (``p{}``), long wrapped tables break across pages.

    Requires ``\\usepackage{booktabs, array}`` (and ``longtable`` for long tables).
    """
    lengths = [max([len(c)] + [len(r[j]) for r in rows]) for j, c in enumerate(cols)]
    numeric = [_is_numeric(frame[c]) for c in frame.columns]
    wrap = [not num and n > _TEX_WRAP_AT for num, n in zip(numeric, lengths, strict=True)]
    n_short = len(cols) - sum(wrap)
    avail = max(0.3, 0.9 - 0.08 * n_short)
    total = sum(n for n, w in zip(lengths, wrap, strict=True) if w) or 1
    spec = []
    for num, n, w in zip(numeric, lengths, wrap, strict=True):
        if w:
            width = min(0.6, max(0.12, avail * n / total))
            spec.append(f">{{\\raggedright\\arraybackslash}}p{{{width:.2f}\\linewidth}}")
        else:
            spec.append("r" if num else "l")
    align = "".join(spec)
    header = " & ".join(_tex(c) for c in cols) + " \\\\"
    body = [" & ".join(_tex(v) for v in r) + " \\\\" for r in rows]
    if any(wrap) and len(rows) > _TEX_LONG_ROWS:
        out = [
            "% requires \\usepackage{booktabs,array,longtable}",
            f"\\begin{{longtable}}{{{align}}}",
        ]
        if caption:
            out.append(f"\\caption{{{_tex(caption)}}} \\\\")
        out += [
            "\\toprule",
            header,
            "\\midrule",
            "\\endhead",
            "\\bottomrule",
            "\\endfoot",
            *body,
            "\\end{longtable}",
        ]
        return "\n".join(out) + "\n"
    out = ["% requires \\usepackage{booktabs,array}", "\\begin{table}[htbp]", "\\centering"]
    if caption:
        out.append(f"\\caption{{{_tex(caption)}}}")
    out += [f"\\begin{{tabular}}{{{align}}}", "\\toprule", header, "\\midrule", *body]
    out += ["\\bottomrule", "\\end{tabular}", "\\end{table}"]
    return "\n".join(out) + "\n"


_TEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: object) -> str:
    """LaTeX text: special characters escaped, line breaks and tabs as spaces."""
    return "".join(_TEX_ESCAPES.get(ch, " " if ch in "\r\n\t" else ch) for ch in str(text))


def _md(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as ``<br>``, tabs as spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return text.replace("|", "\\|").replace("\n", "<br>")
