"""Tests of the ``smartcase`` command line (in-process and as ``python -m smartcase``)."""

from __future__ import annotations

import importlib.machinery
import shutil
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest

import smartcase
from smartcase.cli import main

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini_casebook"
TABLES = ("cases", "programmes", "sources", "evidence", "coders", "codes")
COMMANDS = (
    "validate",
    "export-workbook",
    "new-workbook",
    "import-workbook",
    "export-qdpx",
    "export-qdc",
)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _one_line_error(err: str) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err, err


# --------------------------------------------------------------------------- help and usage
@pytest.mark.parametrize("command", COMMANDS)
def test_help_of_each_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: smartcase {command}")


def test_top_level_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("reproduce", *COMMANDS):
        assert command in out


def test_no_command_and_unknown_option_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate"])  # DIR missing
    assert exc.value.code == 2
    assert "the following arguments are required: DIR" in capsys.readouterr().err


# --------------------------------------------------------------------------- reproduce
def test_reproduce_not_available_yet_or_delegates(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    if importlib.util.find_spec("smartcase.reproduce") is None:
        code, out, err = run(["reproduce"], capsys)
        assert code == 2
        assert "not available yet" in err
        _one_line_error(err)
    calls = []
    fake = types.ModuleType("smartcase.reproduce")
    fake.__spec__ = importlib.machinery.ModuleSpec("smartcase.reproduce", None)
    fake.main = lambda argv: calls.append(list(argv)) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "smartcase.reproduce", fake)
    monkeypatch.setattr(smartcase, "reproduce", fake, raising=False)
    assert main(["reproduce", "--only", "tables"]) == 0
    assert calls == [["--only", "tables"]]


# --------------------------------------------------------------------------- validate
def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", str(MINI)], capsys)
    assert code == 0 and err == ""
    assert "2 cases (alpha, beta)" in out


def test_validate_reports_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(MINI, bad)
    lines = (bad / "codes.csv").read_text().splitlines()
    lines[4] = lines[4].replace(",3,medium,", ",7,medium,")  # alpha/open_data, line 5
    (bad / "codes.csv").write_text("\n".join(lines) + "\n")
    code, out, err = run(["validate", str(bad)], capsys)
    assert code == 1 and out == ""
    assert "bad/codes.csv, line 5, field 'code': value out of range" in err
    _one_line_error(err)
    code, out, err = run(["validate", str(tmp_path / "missing")], capsys)
    assert code == 1 and "case-base folder not found" in err


# --------------------------------------------------------------------------- workbook
def test_export_and_import_workbook_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = tmp_path / "cases.xlsx"
    code, out, _ = run(["export-workbook", str(xlsx), "--data-dir", str(MINI)], capsys)
    assert code == 0 and f"wrote {xlsx}" in out
    out_dir = tmp_path / "csv"
    code, out, _ = run(["import-workbook", str(xlsx), str(out_dir)], capsys)
    assert code == 0 and "wrote 6 files" in out
    for name in TABLES:
        assert (out_dir / f"{name}.csv").read_bytes() == (MINI / f"{name}.csv").read_bytes()
    assert not (out_dir / "framework").exists()  # same framework as bundled: not written


def test_import_workbook_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = smartcase.workbook.export_workbook(smartcase.load_cases(MINI), tmp_path / "c.xlsx")
    out_dir = tmp_path / "csv"
    out_dir.mkdir()
    (out_dir / "codes.csv").write_text("mine\n")
    code, out, err = run(["import-workbook", str(xlsx), str(out_dir)], capsys)
    assert code == 1 and "exists" in err and "--force" in err
    _one_line_error(err)
    assert (out_dir / "codes.csv").read_text() == "mine\n"
    assert not (out_dir / "cases.csv").exists()  # nothing written
    code, _, _ = run(["import-workbook", str(xlsx), str(out_dir), "--force"], capsys)
    assert code == 0
    assert (out_dir / "codes.csv").read_bytes() == (MINI / "codes.csv").read_bytes()


def test_import_bad_workbook_names_sheet_and_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx = smartcase.workbook.export_workbook(smartcase.load_cases(MINI), tmp_path / "c.xlsx")
    wb = openpyxl.load_workbook(xlsx)
    wb["codes"]["D3"] = 9
    wb.save(xlsx)
    code, out, err = run(["import-workbook", str(xlsx), str(tmp_path / "csv")], capsys)
    assert code == 1
    assert "sheet 'codes', cell D3, field 'code': value out of range" in err
    _one_line_error(err)
    assert not (tmp_path / "csv").exists()
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run(
        ["import-workbook", str(tmp_path / "notes.txt"), str(tmp_path / "csv")], capsys
    )
    assert code == 1 and "not an xlsx workbook" in err


def test_new_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.xlsx"
    code, _, _ = run(["new-workbook", str(target), "--case", "gamma", "--coder", "me"], capsys)
    assert code == 0
    ws = openpyxl.load_workbook(target)["codes"]
    assert {ws[f"C{r}"].value for r in range(2, ws.max_row + 1)} == {"me"}
    code, _, err = run(["new-workbook", str(target)], capsys)
    assert code == 1 and "exists" in err
    code, _, err = run(["new-workbook", str(tmp_path / "x.xlsx"), "--case", "Bad Id"], capsys)
    assert code == 1 and "argument 'cases'" in err


# --------------------------------------------------------------------------- REFI-QDA
def test_export_qdpx_and_qdc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    qdpx = tmp_path / "p.qdpx"
    code, out, _ = run(
        ["export-qdpx", str(qdpx), "--data-dir", str(MINI), "--newline", "crlf"], capsys
    )
    assert code == 0
    with zipfile.ZipFile(qdpx) as zf:
        assert "project.qde" in zf.namelist()
        texts = [zf.read(n) for n in zf.namelist() if n.startswith("Sources/")]
    assert len(texts) == 2 and all(b"\r\n" in t for t in texts)
    qdc = tmp_path / "c.qdc"
    assert run(["export-qdc", str(qdc)], capsys)[0] == 0
    assert len(smartcase.refiqda.read_qdc(qdc)) == len(smartcase.load_framework().codebook) + 3
    before = qdc.read_bytes()
    code, _, err = run(["export-qdc", str(qdc)], capsys)
    assert code == 1 and "exists" in err
    _one_line_error(err)
    assert run(["export-qdc", str(qdc), "--force"], capsys)[0] == 0
    assert qdc.read_bytes() == before
    code, _, err = run(["export-qdpx", str(tmp_path / "q.qdpx"), "--include-bundled"], capsys)
    assert code == 1 and "--data-dir" in err


# --------------------------------------------------------------------------- as a program
def _python_m(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "smartcase", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_python_m_smartcase(tmp_path: Path) -> None:
    ok = _python_m("validate", str(MINI), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "2 cases" in ok.stdout
    bad = _python_m("validate", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
    usage = _python_m("export-qdpx", cwd=tmp_path)
    assert usage.returncode == 2 and "usage: smartcase export-qdpx" in usage.stderr
    made = _python_m("export-workbook", "out.xlsx", "--data-dir", str(MINI), cwd=tmp_path)
    assert made.returncode == 0 and (tmp_path / "out.xlsx").is_file()
