"""Scratch checks for the Europe staging tables (schema + cross-references)."""
import csv, json, re
from pathlib import Path
from frictionless import Resource, Schema

ROOT = Path(__file__).resolve().parents[3]
ST = Path(__file__).resolve().parent
pkg = json.loads((ROOT / "data/datapackage.json").read_text())
res = {r["name"]: r for r in pkg["resources"]}
ok = True
for name in ["sources", "cases", "programmes", "evidence", "codes"]:
    p = ST / f"{name}.csv"
    if not p.exists():
        print("missing", name); continue
    d = dict(res[name]["schema"]); d.pop("foreignKeys", None)
    schema = Schema.from_descriptor(d)
    r = Resource(path=p.name, basepath=str(ST), schema=schema)
    rep = r.validate()
    errs = [e for t in rep.tasks for e in t.errors if e.type not in ("foreign-key",)]
    print(name, "valid" if not errs else f"{len(errs)} errors")
    for e in errs[:10]:
        print("   ", e.message); ok = False

def rd(n):
    p = ST / f"{n}.csv"
    return list(csv.DictReader(open(p, encoding="utf-8"))) if p.exists() else []
S = {r["source_id"]: r for r in rd("sources")}
E = rd("evidence"); P = rd("programmes"); K = rd("cases"); Q = rd("codes")
cb = {r["construct_id"]: r for r in csv.DictReader(open(ROOT / "data/framework/codebook.csv", encoding="utf-8"))}
used = set()
for k in K:
    for f in ("admin_type_source", "population_source", "area_source"):
        used.add(k[f])
for p in P:
    used |= {p["source_id"], p["lead_source_id"]}
for e in E:
    used.add(e["source_id"])
    if cb[e["subdimension_id"]]["element_id"] != e["element_id"]:
        print("element mismatch", e["evidence_id"]); ok = False
    post = e["post_2020"] == "true"
    if (int(e["year"]) > 2020) and not post:
        print("post flag", e["evidence_id"]); ok = False
    if not e["evidence_id"].startswith(e["case_id"] + "-e"):
        print("id", e["evidence_id"]); ok = False
missing = used - set(S)
print("missing sources:", missing); ok &= not missing
# sources referenced in notes
alltext = " ".join(" ".join(r.values()) for r in E + P + K + list(S.values()))
ref = {s for s in S if s in alltext}
unused = set(S) - used - {s for s in S if re.search(r"\b" + re.escape(s) + r"\b", " ".join(" ".join(r.values()) for r in E + P + K))}
print("sources never cited (not even in notes):", sorted(unused))
for case in ("helsinki", "barcelona"):
    ev = [e for e in E if e["case_id"] == case]
    le = [e for e in ev if int(e["year"]) <= 2020]
    from collections import Counter
    print(case, "evidence", len(ev), "<=2020:", len(le), "post_2020:", sum(e["post_2020"] == "true" for e in ev),
          Counter(e["element_id"] for e in ev), "sources:", len({e["source_id"] for e in ev}))
    print("   subdims:", dict(sorted(Counter(e["subdimension_id"] for e in ev).items())))
    missing_sd = [c for c, r in cb.items() if r["kind"] == "subdimension" and c not in {e["subdimension_id"] for e in ev}]
    print("   subdims with no item:", missing_sd)
if Q:
    eid = {e["evidence_id"]: e for e in E}
    from collections import Counter
    print("codes per case", Counter(q["case_id"] for q in Q))
    for q in Q:
        ids = [x for x in q["evidence_ids"].split(";") if x]
        if int(q["code"]) > 0 and not ids:
            print("nonzero without evidence", q["case_id"], q["construct_id"]); ok = False
        for x in ids:
            e = eid.get(x)
            if e is None or e["case_id"] != q["case_id"]:
                print("bad evidence ref", q["case_id"], q["construct_id"], x); ok = False
            elif q["construct_id"] != "innovation" and e["subdimension_id"] != q["construct_id"]:
                print("subdim mismatch", q["case_id"], q["construct_id"], x); ok = False
        # post-2020 evidence must not be the only support
        if int(q["code"]) > 0 and ids and all(eid[x]["post_2020"] == "true" for x in ids if x in eid):
            print("code rests only on post-2020 evidence", q["case_id"], q["construct_id"]); ok = False
print("OK" if ok else "PROBLEMS")
