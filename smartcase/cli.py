"""The ``smartcase`` command line.

Sub-commands::

    smartcase reproduce ...                 rebuild every table and figure (smartcase.reproduce)
    smartcase validate DIR                  check a case-base folder
    smartcase export-workbook PATH          write the case base as an Excel coding workbook
    smartcase new-workbook PATH             write an empty coding workbook for a new case
    smartcase import-workbook PATH DIR      read a workbook back and write its CSV files into DIR
    smartcase export-qdpx PATH              write the case base as a REFI-QDA project
    smartcase export-qdc PATH               write the codebook as a REFI-QDA codebook

Every sub-command has ``--help``. The exit status is 0 on success, 1 when the input is wrong, a
file would be overwritten or cannot be written (a one-line message on standard error, never a
traceback), 2 for a command-line usage error and 130 when interrupted (Ctrl-C). An unexpected
error (a bug) also gives a one-line message and status 1; set the environment variable
``SMARTCASE_DEBUG=1`` to see its traceback.

Commands that write files never replace anything but a regular file, and replace an existing
file only with ``--force``; ``--follow-symlinks`` writes to the file a symbolic link points to
(without it a link is refused; the link itself is never replaced).

Examples
--------
>>> main(["validate", "--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["main", "build_parser"]

PROG = "smartcase"


def _add_data_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--data-dir",
        metavar="DIR",
        help="case-base folder to read (default: the bundled five cases)",
    )
    p.add_argument(
        "--include-bundled",
        action="store_true",
        help="with --data-dir: load the bundled five cases too",
    )


def _add_force(p: argparse.ArgumentParser, what: str = "the output file") -> None:
    p.add_argument("--force", action="store_true", help=f"replace {what} if it exists")
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="when an output path is a symbolic link, write to the file it points to "
        "(default: refuse)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``smartcase`` command."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="smartcase: comparative case studies of smart-city innovation.",
        epilog="Run 'smartcase COMMAND --help' for the options of a command.",
    )
    parser.add_argument("--version", action="version", version=f"smartcase {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "reproduce",
        help="rebuild every table and figure",
        description="Rebuild every table and figure (runs smartcase.reproduce); arguments after "
        "'reproduce' are passed on to it.",
        add_help=False,
    )
    p.add_argument("args", nargs=argparse.REMAINDER, help="arguments for smartcase.reproduce")

    p = sub.add_parser(
        "validate",
        help="check a case-base folder",
        description="Load and check a case-base folder (the CSV layout of data/, e.g. a copy of "
        "data/template/). Prints a summary, or the first problem with its file, line and field.",
    )
    p.add_argument("dir", metavar="DIR", help="the case-base folder")
    p.add_argument("--include-bundled", action="store_true", help="load the bundled five cases too")

    p = sub.add_parser(
        "export-workbook",
        help="write the case base as an Excel coding workbook",
        description="Write the case base as one .xlsx workbook (a sheet per table, drop-down lists, "
        "the framework as reference sheets).",
    )
    p.add_argument("path", metavar="PATH", help="the .xlsx file to write")
    _add_data_options(p)
    _add_force(p)

    p = sub.add_parser(
        "new-workbook",
        help="write an empty coding workbook for a new case",
        description="Write an empty coding workbook with the framework's reference sheets; "
        "--case pre-fills the cases and codes sheets.",
    )
    p.add_argument("path", metavar="PATH", help="the .xlsx file to write")
    p.add_argument(
        "--case",
        action="append",
        default=[],
        metavar="ID",
        help="a case id to pre-fill (repeatable)",
    )
    p.add_argument(
        "--coder",
        action="append",
        default=[],
        metavar="ID",
        help="a coder id for the pre-filled codes (repeatable; default ref)",
    )
    _add_force(p)

    p = sub.add_parser(
        "import-workbook",
        help="read a workbook back and write its CSV files",
        description="Read a coding workbook with the checks of 'validate' and write its tables as "
        "CSV files into DIR (created if needed). Existing files are not replaced without --force.",
    )
    p.add_argument("path", metavar="PATH", help="the .xlsx workbook")
    p.add_argument("dir", metavar="DIR", help="the folder to write the CSV files into")
    p.add_argument(
        "--include-bundled",
        action="store_true",
        help="check the workbook together with the bundled cases (its evidence may cite bundled sources)",
    )
    for flag, metavar, default, what in (
        ("--max-unpacked-mb", "MB", "DEFAULT_MAX_UNPACKED_MB", "megabytes once unpacked"),
        ("--max-rows", "N", "DEFAULT_MAX_ROWS", "rows in a sheet"),
        ("--max-columns", "N", "DEFAULT_MAX_COLUMNS", "columns in a sheet"),
        ("--max-cells", "N", "DEFAULT_MAX_CELLS", "cells in the whole workbook"),
    ):
        from . import workbook

        p.add_argument(
            flag,
            type=float,
            default=None,
            metavar=metavar,
            help=f"refuse workbooks with more than this many {what} "
            f"(default {getattr(workbook, default):,})",
        )
    _add_force(p, "existing CSV files")

    p = sub.add_parser(
        "export-qdpx",
        help="write the case base as a REFI-QDA project (.qdpx)",
        description="Write the case base as a REFI-QDA project for ATLAS.ti, NVivo, MAXQDA or "
        "QualCoder: one document per case with the evidence as coded selections.",
    )
    p.add_argument("path", metavar="PATH", help="the .qdpx file to write")
    _add_data_options(p)
    p.add_argument(
        "--newline",
        choices=("lf", "crlf"),
        default="lf",
        help="line ending of the case documents (default lf)",
    )
    _add_force(p)

    p = sub.add_parser(
        "export-qdc",
        help="write the codebook as a REFI-QDA codebook (.qdc)",
        description="Write the framework's codebook (elements, sub-dimensions, outcome) as a "
        "REFI-QDA codebook file.",
    )
    p.add_argument("path", metavar="PATH", help="the .qdc file to write")
    _add_data_options(p)
    _add_force(p)
    return parser


def _load(args: argparse.Namespace):  # -> CaseBook
    from .casebook import load_cases

    if args.data_dir is None:
        if args.include_bundled:
            from .errors import ArgumentError

            raise ArgumentError(
                "--include-bundled",
                "no --data-dir",
                "--data-dir DIR together with --include-bundled",
            )
        return load_cases()
    return load_cases(args.data_dir, include_bundled=args.include_bundled)


def _reproduce(argv: list[str]) -> int:
    if importlib.util.find_spec("smartcase.reproduce") is None:
        print(
            f"{PROG} reproduce: not available yet (smartcase.reproduce is not part of this version)",
            file=sys.stderr,
        )
        return 2
    from . import reproduce

    result = reproduce.main(argv)
    return int(result or 0)


def _without_bundled(book):  # CaseBook -> CaseBook
    """Drop the records that came from the bundled case base (their ids are in it)."""
    from dataclasses import replace

    from .casebook import load_cases

    bundled = load_cases()
    changes = {}
    for name in ("cases", "programmes", "sources", "evidence", "coders"):
        df = getattr(book, name)
        changes[name] = df[~df.index.isin(getattr(bundled, name).index)]
    key = ["case_id", "construct_id", "coder_id"]
    known = set(map(tuple, bundled.codes[key].itertuples(index=False, name=None)))
    codes = book.codes
    keep = [tuple(r) not in known for r in codes[key].itertuples(index=False, name=None)]
    changes["codes"] = codes[keep].reset_index(drop=True)
    ids = set(bundled.case_ids)
    changes["extra"] = {
        k: (v[~v["case_id"].isin(ids)] if "case_id" in v.columns else v)
        for k, v in book.extra.items()
    }
    return replace(book, **changes)


def _output_path(args: argparse.Namespace) -> str:
    """The output path; with --follow-symlinks, the file a symbolic link points to."""
    import os

    return os.path.realpath(args.path) if args.follow_symlinks else args.path


def _run(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == "validate":
        from .casebook import load_cases

        book = load_cases(args.dir, include_bundled=args.include_bundled)
        print(f"OK {args.dir}: {book!r}")
        return 0
    if cmd == "export-workbook":
        from .workbook import export_workbook

        path = export_workbook(
            _load(args), args.path, overwrite=args.force, follow_symlinks=args.follow_symlinks
        )
        print(f"wrote {path}")
        return 0
    if cmd == "new-workbook":
        from .workbook import new_workbook

        path = new_workbook(
            args.path,
            cases=args.case,
            coders=args.coder,
            overwrite=args.force,
            follow_symlinks=args.follow_symlinks,
        )
        print(f"wrote {path}")
        return 0
    if cmd == "import-workbook":
        from . import workbook

        limits = {
            name: getattr(workbook, f"DEFAULT_{name.upper()}")
            if getattr(args, name) is None
            else getattr(args, name)
            for name in ("max_unpacked_mb", "max_rows", "max_columns", "max_cells")
        }
        book = workbook.read_workbook(args.path, include_bundled=args.include_bundled, **limits)
        if args.include_bundled:
            book = _without_bundled(book)
        written = workbook.write_case_base(
            book, args.dir, overwrite=args.force, follow_symlinks=args.follow_symlinks
        )
        print(
            f"wrote {len(written)} files into {args.dir}: {', '.join(str(Path(p).relative_to(Path(args.dir))) for p in written)}"
        )
        return 0
    if cmd == "export-qdpx":
        from .refiqda import export_qdpx

        path = export_qdpx(
            _load(args), _output_path(args), newline=args.newline, overwrite=args.force
        )
        print(f"wrote {path}")
        return 0
    if cmd == "export-qdc":
        from .refiqda import export_qdc

        if args.data_dir is None:
            from .framework import load_framework

            source = load_framework()
        else:
            source = _load(args).framework
        path = export_qdc(source, _output_path(args), overwrite=args.force)
        print(f"wrote {path}")
        return 0
    raise AssertionError(f"unhandled command {cmd!r}")  # pragma: no cover


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``smartcase`` command line.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status: 0 on success, 1 for bad input or a file that would be overwritten,
        2 for a usage error (or ``reproduce`` before it is available).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "reproduce":
        if (
            argv[1:2] in (["-h"], ["--help"])
            and importlib.util.find_spec("smartcase.reproduce") is None
        ):
            print(
                f"usage: {PROG} reproduce [ARGS ...]\n\nRebuild every table and figure "
                "(smartcase.reproduce; not available yet in this version)."
            )
            return 0
        return _guarded("reproduce", lambda: _reproduce(argv[1:]))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    return _guarded(args.command, lambda: _run(args))


def _guarded(command: str, run: Callable[[], int]) -> int:
    """Run a command; turn every exception into a one-line message and an exit status."""
    import os

    from .errors import SmartcaseError

    def fail(message: str, status: int = 1) -> int:
        print(f"{PROG} {command}: {message}", file=sys.stderr)
        return status

    try:
        return run()
    except SmartcaseError as exc:
        return fail(f"error: {_one_line(exc)}")
    except OSError as exc:
        return fail(f"error: {_one_line(exc)}")
    except KeyboardInterrupt:
        return fail("interrupted", 130)
    except MemoryError:
        return fail("error: out of memory (the input is too large for this machine)")
    except RecursionError:
        return fail("error: the input is nested too deeply to read")
    except Exception as exc:
        if os.environ.get("SMARTCASE_DEBUG"):
            raise
        return fail(
            f"unexpected error ({type(exc).__name__}: {_one_line(exc)}); this is a bug in "
            "smartcase, please report it (SMARTCASE_DEBUG=1 shows the traceback)"
        )


def _one_line(exc: BaseException) -> str:
    """The message on one line, with control characters (e.g. terminal escapes) made visible."""
    text = " ".join((str(exc) or type(exc).__name__).split())
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
