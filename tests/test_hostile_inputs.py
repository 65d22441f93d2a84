"""A catalogue of hostile inputs (issue 14): each gives a clear smartcase error, within bounds.

One test per kind of bad input found by the hostile-input campaign: workbooks that would make
the reader build huge grids or run for minutes, limits that switch checks off, writes over
devices, FIFOs, symbolic links and read-only folders, text and URLs that pass validation but
break an export, wrong argument types, and analyses that would allocate gigabytes. Where
resources matter, the hostile call runs in a subprocess under a 500 MB address-space limit and
a 5 CPU-second limit (:func:`hostile_helpers.bounded`): a bound, not a speed test.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import stat
from pathlib import Path

import pandas as pd
import pytest
from hostile_helpers import bounded, patch_workbook, sheet_xml, text_cell

import smartcase
from smartcase import qca, scoring
from smartcase.cli import main
from smartcase.errors import ArgumentError, DataError, QCAError, SmartcaseError, WorkbookError
from smartcase.output import OutputError, OutputExistsError, atomic_write_bytes, atomic_write_text
from smartcase.workbook import export_workbook, read_workbook

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini_casebook"


@pytest.fixture(scope="module")
def base_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workbook of the small test case base, to be patched into hostile ones."""
    return export_workbook(smartcase.load_cases(MINI), tmp_path_factory.mktemp("wb") / "base.xlsx")


def _header_row() -> bytes:
    from smartcase.schema import table_specs

    cols = table_specs()["sources"].column_names
    from openpyxl.utils import get_column_letter

    cells = b"".join(text_cell(f"{get_column_letter(j)}1", c) for j, c in enumerate(cols, 1))
    return b'<row r="1">' + cells + b"</row>"


def _read_bounded(path: Path, **kwargs: object) -> dict:
    return bounded(
        "from smartcase.workbook import read_workbook",
        f"read_workbook({str(path)!r}, **{kwargs!r})",
    )


def _assert_workbook_error(result: dict, *words: str) -> None:
    assert result["error"] == "WorkbookError", result
    for w in words:
        assert w in result["message"], (w, result["message"])


# ============================================================================ workbooks
def test_workbook_declaring_the_whole_grid_is_refused_before_parsing(
    tmp_path: Path, base_xlsx: Path
) -> None:
    """One value in XFD1048576 and a dimension saying so: a 1,048,576 x 16,384 grid before."""
    rows = [_header_row(), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    wb = patch_workbook(
        base_xlsx,
        tmp_path / "corner.xlsx",
        {"sheet:sources": sheet_xml(rows, dimension="A1:XFD1048576")},
    )
    assert wb.stat().st_size < 200_000
    _assert_workbook_error(
        _read_bounded(wb), "corner.xlsx", "sheet 'sources'", "declares too many rows", "max_rows"
    )


def test_workbook_cell_far_outside_without_dimension_is_refused(
    tmp_path: Path, base_xlsx: Path
) -> None:
    """No <dimension>: the actual row and column of every cell are checked as they stream."""
    far_row = [_header_row(), b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>']
    wb = patch_workbook(base_xlsx, tmp_path / "row.xlsx", {"sheet:sources": sheet_xml(far_row)})
    _assert_workbook_error(
        _read_bounded(wb), "sheet 'sources'", "row 1,048,576", "too many rows", "50,000"
    )
    far_col = [_header_row(), b'<row r="2"><c r="XFD2"><v>1</v></c></row>']
    wb = patch_workbook(base_xlsx, tmp_path / "col.xlsx", {"sheet:sources": sheet_xml(far_col)})
    _assert_workbook_error(
        _read_bounded(wb), "sheet 'sources'", "cell XFD2", "too many columns", "max_columns"
    )


def test_workbook_of_a_million_rows_is_refused_within_bounds(
    tmp_path: Path, base_xlsx: Path
) -> None:
    """A cheap 1,000,000-row sheet (about 70 MB unpacked, under the 100 MB cap)."""
    rows = (b'<row r="%d">' % i + text_cell(f"A{i}", "x") + b"</row>" for i in range(2, 1_000_001))
    wb = patch_workbook(
        base_xlsx,
        tmp_path / "million.xlsx",
        {"sheet:sources": sheet_xml(iter([_header_row(), *rows]))},
    )
    _assert_workbook_error(_read_bounded(wb), "sheet 'sources'", "row 50,001", "too many rows")
    # the same rows declared up front are refused from the declaration alone
    declared = patch_workbook(
        base_xlsx,
        tmp_path / "declared.xlsx",
        {"sheet:sources": sheet_xml([_header_row()], dimension="A1:N1000000")},
    )
    _assert_workbook_error(_read_bounded(declared), "dimension A1:N1000000", "1,000,000 rows")


def test_workbook_with_too_many_cells_or_elements_is_refused(
    tmp_path: Path, base_xlsx: Path
) -> None:
    rows = [_header_row()] + [
        b'<row r="%d">' % i + text_cell(f"A{i}", "x") + b"</row>" for i in range(2, 200)
    ]
    wb = patch_workbook(base_xlsx, tmp_path / "cells.xlsx", {"sheet:sources": sheet_xml(rows)})
    with pytest.raises(WorkbookError, match=r"too many cells .*at most 150 cells .*max_cells"):
        read_workbook(wb, max_cells=150)
    assert read_workbook(base_xlsx, max_cells=5_000).case_ids  # the real one fits in 5,000
    # a styles part of four million elements: only counted, never parsed
    styles = (
        b'<styleSheet xmlns="' + b'http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<cellXfs>" + b"<xf/>" * 4_000_000 + b"</cellXfs></styleSheet>"
    )
    bomb = patch_workbook(base_xlsx, tmp_path / "styles.xlsx", {"xl/styles.xml": styles})
    _assert_workbook_error(_read_bounded(bomb), "too many XML elements", "xl/styles.xml")


def test_workbook_with_a_dtd_is_refused(tmp_path: Path, base_xlsx: Path) -> None:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData/></worksheet>"
    )
    wb = patch_workbook(base_xlsx, tmp_path / "dtd.xlsx", {"sheet:sources": lol})
    with pytest.raises(WorkbookError, match=r"sheet 'sources': the workbook declares a DTD"):
        read_workbook(wb)


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("max_unpacked_mb", float("nan")),
        ("max_unpacked_mb", float("inf")),
        ("max_unpacked_mb", "big"),
        ("max_unpacked_mb", 0),
        ("max_unpacked_mb", -5),
        ("max_unpacked_mb", True),
        ("max_rows", 2.5),
        ("max_rows", None),
        ("max_columns", float("nan")),
        ("max_cells", "1000"),
    ],
)
def test_workbook_limits_are_validated(base_xlsx: Path, argument: str, value: object) -> None:
    """``nan`` used to switch the zip-bomb check off (every comparison with nan is False)."""
    with pytest.raises(ArgumentError, match=rf"argument '{argument}': expected a positive"):
        read_workbook(base_xlsx, **{argument: value})


def test_workbook_path_of_the_wrong_type() -> None:
    with pytest.raises(ArgumentError, match=r"argument 'path'"):
        read_workbook(42)  # type: ignore[arg-type]


def test_zip_bomb_with_nan_limit_on_the_command_line(
    base_xlsx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["import-workbook", str(base_xlsx), str(tmp_path / "out"), "--max-unpacked-mb", "nan"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "argument 'max_unpacked_mb'" in err and "found nan" in err
    assert not (tmp_path / "out").exists()


# ============================================================================ writes
def _export(target: Path, **kwargs: object) -> Path:
    return export_workbook(smartcase.load_cases(MINI), target, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder", "device"])
def test_writes_never_replace_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    elif kind == "folder":
        target.mkdir()
    else:
        if os.geteuid() != 0:
            pytest.skip("creating a device node needs root")
        os.mknod(target, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a twin of /dev/full
    before = os.lstat(target)
    for overwrite in (False, True):
        with pytest.raises(OutputError, match=r"not a regular file") as e:
            atomic_write_bytes(target, b"data", overwrite=overwrite)
        assert str(target) in str(e.value)
    after = os.lstat(target)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary left


def test_export_workbook_force_onto_a_device_leaves_it_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export-workbook /dev/full --force`` replaced the device with a regular file."""
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")
    full = tmp_path / "full"
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    code = main(["export-workbook", str(full), "--force", "--data-dir", str(MINI)])
    err = capsys.readouterr().err
    assert code == 1 and "character device, not a regular file" in err and str(full) in err
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_force_onto_a_symlink_replaces_neither_link_nor_file_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.xlsx"
    real.write_bytes(b"mine")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real.name)
    code = main(["export-workbook", str(link), "--force", "--data-dir", str(MINI)])
    err = capsys.readouterr().err
    assert code == 1 and "symbolic link" in err and "--follow-symlinks" in err
    assert link.is_symlink() and real.read_bytes() == b"mine"
    code = main(
        ["export-workbook", str(link), "--force", "--follow-symlinks", "--data-dir", str(MINI)]
    )
    assert code == 0
    assert link.is_symlink() and os.readlink(link) == real.name  # the link is kept
    assert real.read_bytes()[:2] == b"PK"  # and the file it points to replaced
    assert read_workbook(link).case_ids == smartcase.load_cases(MINI).case_ids


def test_symlink_to_a_device_is_refused_even_when_followed(tmp_path: Path) -> None:
    target = tmp_path / "pipe"
    os.mkfifo(target)
    link = tmp_path / "link"
    link.symlink_to(target)
    with pytest.raises(OutputError, match=r"link's target .*pipe.* FIFO"):
        atomic_write_bytes(link, b"x", overwrite=True, follow_symlinks=True)
    assert link.is_symlink() and stat.S_ISFIFO(os.lstat(target).st_mode)


def test_new_files_respect_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    """Exported files used to be 0600 whatever the umask."""
    old = os.umask(0o027)
    try:
        p = _export(tmp_path / "new.xlsx")
        assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
        os.umask(0o002)
        p2 = atomic_write_text(tmp_path / "new.txt", "x")
        assert stat.S_IMODE(os.stat(p2).st_mode) == 0o664
        os.chmod(p2, 0o604)
        atomic_write_text(p2, "y", overwrite=True)
        assert stat.S_IMODE(os.stat(p2).st_mode) == 0o604 and p2.read_text() == "y"
    finally:
        os.umask(old)


def test_read_only_folder_names_the_target_not_a_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("permissions are not enforced for this user (root)")
        with pytest.raises(OutputError) as e:
            _export(folder / "cases.xlsx")
        assert isinstance(e.value, SmartcaseError) and isinstance(e.value, OSError)
        assert str(folder / "cases.xlsx") in str(e.value) and ".tmp" not in str(e.value)
        assert "Permission denied" in str(e.value)
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("fails", ["open", "write", "replace"])
def test_file_system_errors_name_the_target_and_leave_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: str
) -> None:
    """Whatever step the file system refuses (read-only folder, full disk, ...)."""
    import errno

    real = {"open": os.open, "write": os.write, "replace": os.replace}

    def refuse(*args: object, **kwargs: object) -> object:
        name = str(args[0]) if fails != "write" else ""
        if fails == "write" or ".tmp" in name or fails == "replace":
            raise OSError(errno.ENOSPC if fails == "write" else errno.EACCES, "refused", name)
        return real[fails](*args, **kwargs)  # type: ignore[operator]

    monkeypatch.setattr(os, fails, refuse)
    target = tmp_path / "t.txt"
    with pytest.raises(OutputError) as e:
        atomic_write_bytes(target, b"data", overwrite=True)
    monkeypatch.undo()
    assert str(target) in str(e.value) and ".tmp" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_no_overwrite_is_exclusive_even_if_the_file_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program creates the file between the check and the rename: it is kept."""
    import smartcase.output as out

    target = tmp_path / "a.txt"
    real_link = os.link

    def racing_link(src: object, dst: object, **kw: object) -> None:
        Path(str(dst)).write_text("theirs")
        real_link(src, dst, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(out.os, "link", racing_link)
    with pytest.raises(OutputExistsError):
        atomic_write_text(target, "mine")
    assert target.read_text() == "theirs" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


# ============================================================================ text and URLs
def _edit_csv(path: Path, row: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    dest = tmp_path / "cases"
    shutil.copytree(MINI, dest)
    return dest


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("title", "Beta news\x00", "control character U+0000 (NUL) at position 10"),
        ("title", "Beta \x07news", "control character U+0007 at position 6"),
        ("title", "Beta\x1b[31m news", "control character U+001B"),
        ("title", "Beta \x85news", "control character U+0085"),
        ("title", "Beta \ufffe news", "U+FFFE (non-character)"),
        ("title", "Beta\tnews", "line break or tab at position 5 in a one-line field"),
        ("title", "Beta\nnews", "line break or tab at position 5 in a one-line field"),
        ("note", "a note\x00", "control character U+0000 (NUL)"),
        ("title", "x" * 40_000, "text too long (40,000 characters"),
    ],
)
def test_control_characters_are_refused_with_file_line_and_field(
    mini: Path, column: str, value: str, message: str
) -> None:
    """A NUL passed validation, then export_workbook failed inside openpyxl."""
    _edit_csv(mini / "sources.csv", 2, column, value)
    with pytest.raises(DataError) as e:
        smartcase.load_cases(mini)
    text = str(e.value)
    assert "sources.csv, line 3, field " + repr(column) in text and message in text


def test_line_breaks_are_kept_in_multi_line_fields_and_exported(mini: Path, tmp_path: Path) -> None:
    _edit_csv(mini / "sources.csv", 2, "note", "first line\r\nsecond\tline\rthird")
    book = smartcase.load_cases(mini)
    note = book.sources["note"].iloc[1]
    assert note == "first line\nsecond\tline\nthird"  # line endings read as \n
    back = read_workbook(export_workbook(book, tmp_path / "c.xlsx"))
    assert back.sources["note"].iloc[1] == note


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ('http://x"><script>alert(1)</script>', "unsafe character '\"' at position 9"),
        ("https://example.org/a b", "unsafe character ' '"),
        ("https://example.org/<b>", "unsafe character '<'"),
        ("https://example.org/it's", 'unsafe character "\'"'),
        ("https://example.org/`x`", "unsafe character '`'"),
        ("javascript:alert(1)", "not an http(s) address"),
        ("ftp://example.org/file", "not an http(s) address"),
        ("example.org/page", "not an http(s) address"),
        ("https:///no-host", "no host name"),
        ("http://[::1/", "not a valid address"),
        ("http://example.org:99999/", "not a valid address"),
    ],
)
def test_unsafe_or_malformed_urls_are_refused(mini: Path, url: str, message: str) -> None:
    _edit_csv(mini / "sources.csv", 1, "url", url)
    with pytest.raises(DataError) as e:
        smartcase.load_cases(mini)
    assert "sources.csv, line 2, field 'url'" in str(e.value) and message in str(e.value)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a?b=1&c=%20#frag", "http://wiki1.kr/index.php/세종_특별자치시"],
)
def test_good_urls_pass(mini: Path, url: str) -> None:
    _edit_csv(mini / "sources.csv", 1, "url", url)
    assert smartcase.load_cases(mini).sources["url"].iloc[0] == url


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("year", "٢٠١٩", "not an integer"),  # Arabic-Indic digits: int() would accept them
        ("year", "1" * 30, "integer too large"),
    ],
)
def test_numbers_are_ascii_and_exact(mini: Path, column: str, value: str, message: str) -> None:
    _edit_csv(mini / "sources.csv", 1, column, value)
    with pytest.raises(DataError, match=message):
        smartcase.load_cases(mini)


def test_inf_and_underscored_numbers_are_refused(mini: Path) -> None:
    for value in ("inf", "1_000", "nan", "1e999"):
        _edit_csv(mini / "cases.csv", 1, "area_km2", value)
        with pytest.raises(DataError, match="not a finite number"):
            smartcase.load_cases(mini)


# ============================================================================ arguments
@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"data_dir": 42}, "data_dir"),
        ({"data_dir": []}, "data_dir"),
        ({"data_dir": ()}, "data_dir"),
        ({"data_dir": [MINI, 42]}, "data_dir"),
        ({"data_dir": b"data"}, "data_dir"),
        ({"data_dir": ""}, "data_dir"),
        ({"data_dir": {"a": 1}}, "data_dir"),
        ({"data_dir": MINI, "include_bundled": "yes"}, "include_bundled"),
    ],
)
def test_load_cases_arguments(kwargs: dict, argument: str) -> None:
    """``load_cases(data_dir=42)`` raised TypeError, ``data_dir=[]`` IndexError."""
    with pytest.raises(ArgumentError, match=rf"argument '{argument}'"):
        smartcase.load_cases(**kwargs)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda t: export_workbook("not a book", t / "x.xlsx"), "book"),  # type: ignore[arg-type]
        (lambda t: export_workbook(smartcase.load_cases(MINI), 42), "path"),  # type: ignore[arg-type]
        (lambda t: _export(t / "x.xlsx", overwrite="yes"), "overwrite"),
        (lambda t: _export(t / "x.xlsx", follow_symlinks=1), "follow_symlinks"),
        (lambda t: atomic_write_bytes(t / "x", "text"), "data"),  # type: ignore[arg-type]
        (lambda t: smartcase.new_workbook(t / "x.xlsx", cases="busan"), "cases"),
    ],
)
def test_writer_arguments(tmp_path: Path, call: object, argument: str) -> None:
    with pytest.raises(ArgumentError, match=rf"argument '{argument}'"):
        call(tmp_path)  # type: ignore[operator]
    assert list(tmp_path.iterdir()) == []


def test_qca_on_a_duplicated_column_name() -> None:
    """pandas returned a DataFrame for the column and QCA failed with AttributeError."""
    df = pd.DataFrame([[1, 0, 1, 1], [0, 1, 0, 0]], columns=["A", "A", "B", "Y"])
    with pytest.raises(QCAError, match=r"argument 'data': column names must be unique, found 'A'"):
        qca.truth_table(df, "Y", ["A", "B"])


def test_qca_truth_table_too_large_is_refused_before_allocating() -> None:
    """30 crisp conditions allocated 2**30 rows (8 GiB) and died with MemoryError."""
    setup = """
        import numpy as np, pandas as pd
        from smartcase import qca
        rng = np.random.default_rng(0)
        cols = [f"C{i}" for i in range(30)] + ["Y"]
        df = pd.DataFrame(rng.integers(0, 2, (20, 31)), columns=cols)
    """
    res = bounded(setup, "qca.minimize(qca.truth_table(df, 'Y', incl_cut=0.8), include='?')")
    assert res["error"] == "QCAError", res
    assert "30 conditions would have 1,073,741,824 rows" in res["message"]
    assert "max_rows=4,194,304" in res["message"] and "larger max_rows" in res["message"]


def test_qca_row_limit_can_be_raised_and_lowered() -> None:
    df = pd.DataFrame([[1, 0, 1, 1], [0, 1, 0, 0], [1, 1, 0, 1]], columns=["A", "B", "C", "Y"])
    with pytest.raises(QCAError, match=r"would have 8 rows, more than max_rows=4"):
        qca.truth_table(df, "Y", max_rows=4)
    assert qca.truth_table(df, "Y", max_rows=8).n_rows == 8
    with pytest.raises(QCAError, match=r"argument 'max_rows'"):
        qca.truth_table(df, "Y", max_rows=0)


def test_monte_carlo_beyond_the_memory_budget_is_refused_up_front() -> None:
    """``uncertainty(n=10**9)`` died with MemoryError (a 1.9 GiB array)."""
    res = bounded(
        "from smartcase import scoring", "scoring.uncertainty(smartcase.load_cases(), n=10**9)"
    )
    assert res["error"] == "ScoringArgumentError" and res["smartcase"], res
    assert "argument 'n'" in res["message"] and "1,000,000,000 replications" in res["message"]
    assert "max_memory_mb" in res["message"]


def test_monte_carlo_memory_budget_argument() -> None:
    book = smartcase.load_cases(MINI)
    with pytest.raises(ArgumentError, match=r"argument 'max_memory_mb'"):
        scoring.uncertainty(book, n=10, max_memory_mb=float("nan"))
    with pytest.raises(ArgumentError, match=r"at most 1 MB \(max_memory_mb\)"):
        scoring.uncertainty(book, n=100_000, max_memory_mb=1)
    assert scoring.uncertainty(book, n=100_000, max_memory_mb=10_000, seed=1).n == 100_000


def test_monte_carlo_memory_estimate_bounds_the_measured_peak() -> None:
    """The estimate is an upper bound of the traced peak, and not wildly above it."""
    import tracemalloc

    from smartcase.scoring import montecarlo

    book = smartcase.load_cases()
    scoring.uncertainty(book, n=100, seed=0)  # warm caches: measure the run, not imports
    space = montecarlo.prepare(
        book,
        normalize=("goalposts", "minmax", "rank"),
        aggregation=("arithmetic", "geometric", "copeland"),
        weights="equal",
        weight_noise=0.25,
        codes="weak_evidence",
        mapping=None,
        scale=(0, 3),
        direction=None,
        reference=None,
        missing="error",
        coder="ref",
    )
    C, I, G = space.problem.shape  # noqa: E741
    n = 60_000
    tracemalloc.start()
    try:
        scoring.uncertainty(book, n=n, seed=0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    estimate = montecarlo.memory_estimate(
        n, cases=C, indicators=I, elements=G, inputs=space.n_inputs, codes=len(space.code_rows)
    )
    assert peak <= estimate <= 3 * peak, (peak, estimate)


# ============================================================================ REFI-QDA
def test_deeply_nested_qdc_gives_a_smartcase_error(tmp_path: Path) -> None:
    """A .qdc nested 5,000 levels deep raised RecursionError (fixed in smartcase.refiqda)."""
    ns = "urn:QDA-XML:codebook:1.0"
    depth = 5_000
    opening = "".join(
        f'<Code guid="00000000-0000-4000-8000-{i:012d}" name="c{i}" isCodable="true">'
        for i in range(depth)
    )
    xml = f'<?xml version="1.0"?><CodeBook xmlns="{ns}"><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook>'
    path = tmp_path / "deep.qdc"
    path.write_text(xml, encoding="utf-8")
    res = bounded("from smartcase.refiqda import read_qdc", f"read_qdc({str(path)!r})")
    assert res["error"] is None or res["smartcase"], res


# ============================================================================ command line
@pytest.mark.parametrize(
    "case",
    ["nul", "not_xlsx", "corner", "device_dir", "nan", "missing_dir", "url", "bad_dir_type"],
)
def test_command_line_never_prints_a_traceback(
    case: str,
    tmp_path: Path,
    base_xlsx: Path,
    mini: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if case == "nul":
        _edit_csv(mini / "evidence.csv", 1, "statement", "a\x00b")
        argv = ["validate", str(mini)]
    elif case == "url":
        _edit_csv(mini / "sources.csv", 1, "url", 'http://x"><b>')
        argv = ["export-workbook", str(tmp_path / "o.xlsx"), "--data-dir", str(mini)]
    elif case == "not_xlsx":
        (tmp_path / "x.xlsx").write_bytes(b"\x00" * 100)
        argv = ["import-workbook", str(tmp_path / "x.xlsx"), str(tmp_path / "o")]
    elif case == "corner":
        rows = [_header_row(), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
        wb = patch_workbook(base_xlsx, tmp_path / "c.xlsx", {"sheet:sources": sheet_xml(rows)})
        argv = ["import-workbook", str(wb), str(tmp_path / "o")]
    elif case == "device_dir":
        (tmp_path / "dir.xlsx").mkdir()
        argv = ["new-workbook", str(tmp_path / "dir.xlsx"), "--force"]
    elif case == "nan":
        argv = ["import-workbook", str(base_xlsx), str(tmp_path / "o"), "--max-cells", "nan"]
    elif case == "missing_dir":
        argv = ["validate", str(tmp_path / "nowhere")]
    else:
        argv = ["export-qdc", str(tmp_path / "x.qdc"), "--data-dir", "\x1b[2J"]
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert "Traceback" not in err and err.count("\n") == 1 and err.startswith("smartcase ")
    assert "\x1b" not in err  # terminal escapes are shown, not sent


def test_command_line_unexpected_errors_are_one_line_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import smartcase.cli as cli

    def boom(args: object) -> int:
        raise RuntimeError("something\nbroke")

    monkeypatch.setattr(cli, "_run", boom)
    monkeypatch.delenv("SMARTCASE_DEBUG", raising=False)
    assert main(["validate", str(MINI)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error (RuntimeError: something broke)" in err

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_run", interrupted)
    assert main(["validate", str(MINI)]) == 130
    assert capsys.readouterr().err == "smartcase validate: interrupted\n"
    monkeypatch.setenv("SMARTCASE_DEBUG", "1")
    monkeypatch.setattr(cli, "_run", boom)
    with pytest.raises(RuntimeError):
        main(["validate", str(MINI)])


def test_command_line_in_a_real_process_exits_1_with_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "smartcase", "validate", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "case-base folder not found" in proc.stderr


# ============================================================================ README
def test_readme_bad_input_section_lists_every_limit() -> None:
    """The README's limits table says what the code does (and how to raise each limit)."""
    from smartcase import workbook
    from smartcase.qca import truthtable
    from smartcase.schema import MAX_INTEGER, MAX_TEXT_LENGTH
    from smartcase.scoring import montecarlo

    readme = (TESTS.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Bad input", 1)[1].split("\n## ", 1)[0]
    expected = {
        f"| {workbook.DEFAULT_MAX_UNPACKED_MB} MB |": "max_unpacked_mb=",
        f"| {workbook.DEFAULT_MAX_ROWS:,} |": "--max-rows",
        f"| {workbook.DEFAULT_MAX_COLUMNS} |": "--max-columns",
        f"| {workbook.DEFAULT_MAX_CELLS:,} |": "--max-cells",
        f"| {truthtable.MAX_ROWS:,} (2^22": "`max_rows=`",
        f"| {montecarlo.DEFAULT_MAX_MEMORY_MB:,} MB": "max_memory_mb=",
        f"| {MAX_TEXT_LENGTH:,} characters": "fixed",
    }
    for value, how in expected.items():
        line = next((ln for ln in section.splitlines() if value in ln), None)
        assert line is not None and how in line, value
    assert truthtable.MAX_ROWS == 2**22 and MAX_INTEGER == 2**53 - 1
    assert f"{workbook.XML_ELEMENTS_PER_CELL} per allowed cell" in section


def test_coding_workbook_reader_is_bounded_too(tmp_path: Path, base_xlsx: Path) -> None:
    """read_coding_workbook checks the container with the same bounded scan."""
    rows = [_header_row(), b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']
    wb = patch_workbook(
        base_xlsx, tmp_path / "corner.xlsx", {"sheet:sources": sheet_xml(rows, "A1:XFD1048576")}
    )
    res = bounded(
        "from smartcase.coding_workbook import read_coding_workbook",
        f"read_coding_workbook({str(wb)!r})",
    )
    assert res["error"] == "WorkbookError" and "declares too many rows" in res["message"], res
    with pytest.raises(ArgumentError, match="max_unpacked_mb"):
        smartcase.read_coding_workbook(wb, max_unpacked_mb=float("nan"))


@pytest.mark.parametrize("bad", [42, [], ["x", 1], b"data", ""])
def test_list_cases_refuses_a_data_dir_that_is_not_a_folder_path(bad) -> None:
    with pytest.raises(smartcase.ArgumentError, match="data_dir"):
        smartcase.list_cases(bad)


def test_sensitivity_refuses_a_sample_over_the_memory_budget() -> None:
    # 2**30 base samples would need hundreds of GiB: refused up front, naming n and the budget
    with pytest.raises(scoring.ScoringArgumentError, match=r"argument 'n'.*max_memory_mb"):
        scoring.sensitivity(smartcase.load_cases(), n=2**30)
    with pytest.raises(scoring.ScoringArgumentError, match="max_memory_mb"):
        scoring.sensitivity(smartcase.load_cases(), n=256, max_memory_mb=float("nan"))
    with pytest.raises(scoring.ScoringArgumentError, match=r"argument 'n'"):
        scoring.sobol_indices(lambda u: u[:, 0], ["x"], n=2**34)
