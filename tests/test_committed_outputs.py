"""The figures and tables committed to the repository are those of the current data and notebooks.

(Regeneration itself is tested in test_reproduce.py; here we only check that what a reader finds in
figures/ and tables/ was made from the inputs now in the repository, so it cannot silently go stale.)
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "MANIFEST.csv"
INPUT_ROLES = {"input", "notebook"}

pytestmark = pytest.mark.skipif(not MANIFEST.is_file(), reason="no committed outputs")


def _rows() -> list[dict[str, str]]:
    with MANIFEST.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_committed_outputs_were_made_from_the_current_inputs() -> None:
    stale = [
        r["path"]
        for r in _rows()
        if r["role"] in INPUT_ROLES and _sha(ROOT / r["path"]) != r["sha256"]
    ]
    assert stale == [], (
        "inputs changed since the outputs were made: run `make reproduce` and commit"
    )


def test_committed_output_files_match_the_manifest() -> None:
    outputs = [r for r in _rows() if r["role"] not in INPUT_ROLES]
    assert outputs
    wrong = [r["path"] for r in outputs if _sha(ROOT / r["path"]) != r["sha256"]]
    assert wrong == []
    listed = {r["path"] for r in outputs}
    on_disk = {
        str(p.relative_to(ROOT))
        for d in ("figures", "tables")
        for p in (ROOT / d).iterdir()
        if p.is_file() and p.name != "README.md"  # the figure gallery, written with CAPTIONS.md
    }
    assert on_disk - listed == set(), "files in figures/ or tables/ that no notebook made"
