"""Validate the korea staging tables against data/datapackage.json and cross-check them.

Run from the repository root:  .venv/bin/python data/_staging/korea/check_korea.py
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path

from frictionless import Resource, Schema

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PKG = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
problems: list[str] = []


def rows(name):
    with (HERE / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


for res in PKG["resources"]:
    name = res["name"]
    path = HERE / f"{name}.csv"
    if name not in ("sources", "cases", "programmes", "evidence", "codes") or not path.exists():
        continue
    schema = dict(res["schema"])
    schema.pop("foreignKeys", None)  # checked below by hand against the staging tables
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    if header != [f["name"] for f in schema["fields"]]:
        problems.append(f"{name}: header {header} differs from schema")
    report = Resource(path=path.name, basepath=str(HERE), schema=Schema.from_descriptor(schema)).validate()
    if not report.valid:
        for err in report.flatten(["rowNumber", "fieldName", "type", "note"]):
            problems.append(f"{name}: {err}")

src = {r["source_id"] for r in rows("sources")}
cases = {r["case_id"] for r in rows("cases")}
ev = rows("evidence")
ev_by_id = {r["evidence_id"]: r for r in ev}
with (ROOT / "data" / "framework" / "codebook.csv").open(encoding="utf-8", newline="") as fh:
    cb = {r["construct_id"]: r for r in csv.DictReader(fh)}

for r in rows("cases"):
    for f in ("admin_type_source", "population_source", "area_source"):
        if r[f] not in src:
            problems.append(f"cases {r['case_id']}: {f} {r[f]} not in sources")
for r in rows("programmes"):
    for f in ("source_id", "lead_source_id"):
        if r[f] not in src:
            problems.append(f"programmes {r['programme_id']}: {f} {r[f]} not in sources")
    if r["case_id"] not in cases:
        problems.append(f"programmes {r['programme_id']}: unknown case")
used = set()
for r in ev:
    used.add(r["source_id"])
    if r["source_id"] not in src:
        problems.append(f"evidence {r['evidence_id']}: source {r['source_id']} missing")
    if cb[r["subdimension_id"]]["element_id"] != r["element_id"]:
        problems.append(f"evidence {r['evidence_id']}: element mismatch")
    if int(r["year"]) > 2020 and r["post_2020"] != "true":
        problems.append(f"evidence {r['evidence_id']}: year > 2020 but post_2020 false")
    if not r["evidence_id"].startswith(r["case_id"] + "-e"):
        problems.append(f"evidence {r['evidence_id']}: id prefix")
    if r["statement"].count(". ") > 0 and not r["statement"].endswith("."):
        problems.append(f"evidence {r['evidence_id']}: statement ends oddly")
for r in rows("cases") + rows("programmes"):
    for f in ("admin_type_source", "population_source", "area_source", "source_id", "lead_source_id"):
        if f in r:
            used.add(r[f])
unused = src - used
if unused:
    problems.append(f"sources never cited: {sorted(unused)}")

codes_path = HERE / "codes.csv"
if codes_path.exists():
    codes = rows("codes")
    per_case = Counter(r["case_id"] for r in codes)
    for c in cases:
        if per_case[c] != 23:
            problems.append(f"codes: {c} has {per_case[c]} rows")
        if {r["construct_id"] for r in codes if r["case_id"] == c} != set(cb):
            problems.append(f"codes: {c} constructs differ from codebook")
    for r in codes:
        ids = [i for i in r["evidence_ids"].split(";") if i]
        if int(r["code"]) > 0 and not ids:
            problems.append(f"codes {r['case_id']}/{r['construct_id']}: non-zero without evidence")
        for i in ids:
            e = ev_by_id.get(i)
            if e is None:
                problems.append(f"codes {r['case_id']}/{r['construct_id']}: {i} missing")
                continue
            if e["case_id"] != r["case_id"]:
                problems.append(f"codes {r['case_id']}/{r['construct_id']}: {i} of another case")
            if cb[r["construct_id"]]["kind"] == "subdimension" and e["subdimension_id"] != r["construct_id"]:
                problems.append(f"codes {r['case_id']}/{r['construct_id']}: {i} is {e['subdimension_id']}")
            if e["post_2020"] == "true":
                problems.append(f"codes {r['case_id']}/{r['construct_id']}: cites post-2020 {i}")

# summary
for c in sorted(cases):
    es = [r for r in ev if r["case_id"] == c]
    pre = [r for r in es if r["post_2020"] == "false"]
    by_el = Counter(r["element_id"] for r in es)
    subs = {r["subdimension_id"] for r in pre}
    print(f"{c}: evidence {len(es)} (<=2020: {len(pre)}), by element {dict(by_el)}, sub-dimensions with <=2020 evidence {len(subs)}/22")
print("problems:", len(problems))
for p in problems:
    print(" -", p)
sys.exit(1 if problems else 0)
