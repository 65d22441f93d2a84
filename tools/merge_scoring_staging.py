"""Merge data/_staging/scoring/ (indicators, external assessments and their sources) into data/.

Sources already in data/sources.csv (same URL) are reused and references rewritten; new sources
are appended. Used once when the scoring data were first compiled; kept for provenance.
"""

from __future__ import annotations

import csv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
STAGING = DATA / "_staging" / "scoring"


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        r = csv.DictReader(fh)
        return list(r.fieldnames or []), list(r)


def write(path: Path, cols: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([r.get(c, "") or "" for c in cols])


def main() -> None:
    cols, sources = read(DATA / "sources.csv")
    by_url = {s["url"]: s["source_id"] for s in sources if s["url"]}
    ids = {s["source_id"] for s in sources}
    _, new = read(STAGING / "sources.csv")
    remap: dict[str, str] = {}
    added = 0
    for s in new:
        if s["url"] and s["url"] in by_url:
            remap[s["source_id"]] = by_url[s["url"]]
            continue
        if s["source_id"] in ids:
            raise SystemExit(f"source id clash: {s['source_id']}")
        sources.append(s)
        ids.add(s["source_id"])
        if s["url"]:
            by_url[s["url"]] = s["source_id"]
        added += 1
    write(DATA / "sources.csv", cols, sources)
    for name in ("indicators", "external_assessments"):
        tcols, rows = read(STAGING / f"{name}.csv")
        for r in rows:
            if r.get("source_id") in remap:
                r["source_id"] = remap[r["source_id"]]
        write(DATA / f"{name}.csv", tcols, rows)
        print(f"{name}: {len(rows)} rows")
    print(f"sources: {added} added, {len(remap)} reused from data/sources.csv")


if __name__ == "__main__":
    main()
