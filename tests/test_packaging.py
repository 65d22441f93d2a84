"""The wheel, as someone without a clone gets it: metadata, bundled files, `smartcase reproduce`.

The wheel is built offline (``--no-build-isolation``, hatchling from the dev extra) and installed
without dependencies into a fresh virtual environment that borrows this environment's installed
packages through a ``.pth`` line (so no download is needed); smartcase itself comes only from the
wheel, and the commands run outside the source checkout.
"""

from __future__ import annotations

import email
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("hatchling", reason="hatchling (the dev extra) builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )
    (found,) = out.glob("smartcase-*.whl")
    return found


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(z.read(name))


def test_wheel_metadata_covers_code_and_data_licences(wheel: Path) -> None:
    meta = _metadata(wheel)
    assert meta["License-Expression"] == "MIT AND CC-BY-4.0"
    assert sorted(meta.get_all("License-File")) == ["LICENSE", "LICENSE-DATA"]
    assert "example.org" not in str(meta)  # no placeholder project URL
    core = [r for r in meta.get_all("Requires-Dist") if "extra ==" not in r]
    names = {r.split(">")[0].split("=")[0].split("<")[0].strip().lower() for r in core}
    assert "pyyaml" not in names  # only the tests parse YAML
    assert {"numpy", "pandas", "nbclient", "ipykernel"} <= names
    with zipfile.ZipFile(wheel) as z:
        files = set(z.namelist())
    licences = {f.rsplit("/", 1)[-1] for f in files if "/licenses/" in f}
    assert licences == {"LICENSE", "LICENSE-DATA"}


def test_wheel_ships_data_notebooks_and_explorer_assets(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        files = set(z.namelist())
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.*"))
    assert notebooks
    for name in notebooks:
        assert f"smartcase/_notebooks/{name}" in files
    assert "smartcase/_data/datapackage.json" in files
    assert "smartcase/_data/codes.csv" in files
    assert "smartcase/templates/smartcase-explorer.js" in files
    assert "smartcase/py.typed" in files


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # this environment's packages (numpy, pandas, ...), but not its editable smartcase: .pth
    # files of a directory added this way are not read, so the source checkout stays invisible
    Path(purelib, "borrowed.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    return python


def _run(python: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMARTCASE_", "PYTHON"))}
    return subprocess.run(
        [str(python), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )


def test_installed_wheel_is_not_the_checkout(venv: Path, tmp_path: Path) -> None:
    r = _run(
        venv,
        [
            "-c",
            "import smartcase, smartcase.paths as p; "
            "print(smartcase.__file__); print(p.project_root()); print(p.bundled_data_dir().name)",
        ],
        tmp_path,
    )
    assert r.returncode == 0, r.stderr
    where, root, data = r.stdout.split()
    assert not Path(where).is_relative_to(ROOT)
    assert root == "None" and data == "_data"


def test_reproduce_runs_from_the_installed_wheel(venv: Path, tmp_path: Path) -> None:
    listed = _run(venv, ["-m", "smartcase", "reproduce", "--list"], tmp_path)
    assert listed.returncode == 0, listed.stderr
    expected = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert listed.stdout.split() == expected

    out = tmp_path / "out"
    r = _run(
        venv, ["-m", "smartcase", "reproduce", "--out", str(out), "--notebook", "00"], tmp_path
    )
    assert r.returncode == 0, r.stdout + r.stderr
    manifest = (out / "MANIFEST.csv").read_text(encoding="utf-8")
    assert "notebooks/00_framework.ipynb" in manifest
    assert "data/codes.csv" in manifest
    figures = list((out / "figures").glob("*.png"))
    assert figures, r.stdout
    # the same figure as the source checkout's own regeneration makes (byte-identical outputs)
    committed = ROOT / "figures" / figures[0].name
    if committed.is_file():
        assert figures[0].read_bytes() == committed.read_bytes()
