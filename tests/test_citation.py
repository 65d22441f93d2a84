"""CITATION.cff at the repository root is valid Citation File Format 1.2.0."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

import smartcase

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "data" / "cff" / "schema-1.2.0.json"


def _plain(value):
    """YAML dates as ISO strings, as the CFF schema expects them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def cff() -> dict:
    return _plain(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))


def test_citation_is_valid_cff_1_2_0(cff: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(cff), key=str)
    assert not errors, [e.message for e in errors]


def test_citation_content(cff: dict) -> None:
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "software"
    assert cff["version"] == smartcase.__version__
    (kim_lim,) = [r for r in cff["references"] if r["year"] == 2020]
    assert [a["family-names"] for a in kim_lim["authors"]] == ["Kim", "Lim"]
    assert "Smart City Innovation" in kim_lim["title"]


def test_schema_rejects_a_broken_citation(cff: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = {k: v for k, v in cff.items() if k != "authors"}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))
