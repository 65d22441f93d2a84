"""data/datapackage.json describes the data files, and the files conform to it.

Checked twice: by smartcase's own loader and by the independent Frictionless validator.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def _load_tool():
    spec = importlib.util.spec_from_file_location(
        "make_datapackage", ROOT / "tools" / "make_datapackage.py"
    )
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def test_datapackage_is_generated_from_the_schema_definitions() -> None:
    tool = _load_tool()
    extra = []
    for p in sorted((ROOT / "tools" / "schemas").glob("*.json")):
        extra.extend(json.loads(p.read_text(encoding="utf-8")))
    assert json.loads((DATA / "datapackage.json").read_text(encoding="utf-8")) == tool.build(extra)


def test_package_metadata() -> None:
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["licenses"] and pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert pkg["sources"]
    for res in pkg["resources"]:
        assert res["schema"]["fields"], res["name"]
        assert res["schema"].get("primaryKey"), res["name"]


def test_every_resource_file_exists() -> None:
    pkg = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    missing = [r["path"] for r in pkg["resources"] if not (DATA / r["path"]).is_file()]
    assert missing == []


def test_frictionless_validates_the_package() -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    problems = report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, problems[:10]


def test_template_has_the_schema_columns() -> None:
    from smartcase.casebook import CASE_TABLES
    from smartcase.schema import table_specs

    specs = table_specs()
    for name in CASE_TABLES:
        header = (DATA / "template" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(specs[name].column_names)
