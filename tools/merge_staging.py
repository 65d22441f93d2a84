"""Merge the data helpers' staging folders (data/_staging/*/) into the case base (data/*.csv).

Used once while the five cases were first compiled; kept for provenance. Sources cited by several
staging folders are de-duplicated by URL (the first id wins and references are rewritten).

    python tools/merge_staging.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from smartcase.schema import table_specs  # noqa: E402

CASE_ORDER = ["busan", "sejong", "bucheon", "helsinki", "barcelona"]
TABLES = [
    "sources",
    "cases",
    "programmes",
    "evidence",
    "codes",
    "indicators",
    "external_assessments",
]
SOURCE_REFS = {
    "cases": ["admin_type_source", "population_source", "area_source"],
    "programmes": ["source_id", "lead_source_id"],
    "evidence": ["source_id"],
    "indicators": ["source_id"],
    "external_assessments": ["source_id"],
}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([r.get(c, "") or "" for c in columns])


def case_rank(row: dict[str, str]) -> int:
    cid = row.get("case_id", "")
    return CASE_ORDER.index(cid) if cid in CASE_ORDER else len(CASE_ORDER)


def main() -> None:
    specs = table_specs(ROOT / "data" / "datapackage.json")
    staging = sorted(p for p in (ROOT / "data" / "_staging").iterdir() if p.is_dir())
    merged: dict[str, list[dict[str, str]]] = {t: [] for t in TABLES}
    for folder in staging:
        for t in TABLES:
            f = folder / f"{t}.csv"
            if f.is_file():
                merged[t].extend(read(f))
    # de-duplicate sources by URL (or by id when there is no URL)
    remap: dict[str, str] = {}
    by_key: dict[str, dict[str, str]] = {}
    sources = []
    for s in merged["sources"]:
        key = s.get("url") or f"id:{s['source_id']}"
        if key in by_key:
            remap[s["source_id"]] = by_key[key]["source_id"]
            continue
        if any(x["source_id"] == s["source_id"] for x in sources):
            raise SystemExit(f"source id {s['source_id']} used for two different sources")
        by_key[key] = s
        sources.append(s)
    merged["sources"] = sources
    for t, cols in SOURCE_REFS.items():
        for r in merged[t]:
            for c in cols:
                if r.get(c) in remap:
                    r[c] = remap[r[c]]
    for t in ["cases", "programmes", "evidence", "codes", "indicators", "external_assessments"]:
        merged[t].sort(key=case_rank)  # stable: keeps each helper's order within a case
    # only sources that are cited
    cited = {r[c] for t, cols in SOURCE_REFS.items() for r in merged[t] for c in cols if r.get(c)}
    uncited = [s["source_id"] for s in merged["sources"] if s["source_id"] not in cited]
    print(f"sources not cited by a table (kept; named in notes): {len(uncited)}")
    for t in TABLES:
        if t not in specs or not merged[t]:
            continue
        write(ROOT / "data" / specs[t].path, specs[t].column_names, merged[t])
        print(f"{t}: {len(merged[t])} rows")
    print(f"sources de-duplicated by URL: {len(remap)}")


if __name__ == "__main__":
    main()
