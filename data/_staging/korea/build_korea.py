"""Write the korea staging tables (sources, cases, programmes, evidence, codes).

Run from the repository root:  .venv/bin/python data/_staging/korea/build_korea.py
Re-running gives byte-identical CSVs. Codes are written only when data/framework/codebook.csv exists.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_codes import CODES  # noqa: E402
from build_evidence import EVIDENCE  # noqa: E402
from build_sources import SOURCES  # noqa: E402

ROOT = HERE.parents[2]
CASE_IDS = ["busan", "sejong", "bucheon"]

CASES = [
    {
        "case_id": "busan", "name": "Busan", "name_local": "부산광역시", "country": "Republic of Korea", "group": "Korea",
        "admin_type": "Metropolitan city (gwangyeoksi): upper-tier local government with 15 autonomous districts (gu) and 1 county (gun)",
        "admin_type_source": "busan-tradeoffice-profile",
        "population": "3391946", "population_year": "2020", "population_source": "busan-lpk-2021-population",
        "area_km2": "769.89", "area_year": "2016", "area_source": "busan-tradeoffice-profile",
        "note": ("Population: resident registration on 31 Dec 2020 (source is a repost of a Busan Ilbo article, graded weak); "
                 "3,413,841 at end-2019 (Busan Ilbo, http://busan.com/view/busan/view.php?code=2020011219171976103) and 3,399,749 in Sept 2020 when the city fell below 3.4 million "
                 "(http://www.busan.com/view/busan/view.php?code=20201018000057 and News1, https://www.news1.kr/amp/local/busan-gyeongnam/5219452). "
                 "Area: 769.89 km2 on an undated trade-office page dated 2016 by the dossier; 771.33 km2 reported for Dec 2022."),
    },
    {
        "case_id": "sejong", "name": "Sejong", "name_local": "세종특별자치시", "country": "Republic of Korea", "group": "Korea",
        "admin_type": "Special Self-Governing City (teukbyeol jachisi): single-tier upper-level local government created on 1 July 2012 as Korea's multifunctional administrative city",
        "admin_type_source": "sejong-sejonggo-profile",
        "population": "350000", "population_year": "2020", "population_source": "sejong-sjsori-2020-population",
        "area_km2": "464.9", "area_year": "2022", "area_source": "sejong-newsis-2023-area",
        "note": ("Population: the city passed 350,000 on 10 Mar 2020; the source gives the threshold, not an exact count; "
                 "284,225 at end-2017 (http://viva100.com/article/201803053617828); an end-2020 count was not found. "
                 "Area: 464.9 km2 from MOLIT cadastral statistics for end-2022 (Newsis); a wiki gives 465.23 km2 for 2018 (dossier, weak). "
                 "The new town (about 41 km2 in 2022) is developed by NAACC, a national agency, together with LH, while the city government administers the whole "
                 "municipality (kr-national-ygnews-2018-pilotagreement); about two-thirds of central-government functions were relocated to Sejong (sejong-sejonggo-profile)."),
    },
    {
        "case_id": "bucheon", "name": "Bucheon", "name_local": "부천시", "country": "Republic of Korea", "group": "Korea",
        "admin_type": "Ordinary city (si) in Gyeonggi Province: lower-tier (basic) local government, organised from July 2019 in 10 enlarged 'broad dong' units",
        "admin_type_source": "bucheon-kihoilbo-2019-profile",
        "population": "822865", "population_year": "2020", "population_source": "bucheon-smartcitytoday-2020-bucheon",
        "area_km2": "53.4", "area_year": "2020", "area_source": "bucheon-smartcitytoday-2020-bucheon",
        "note": ("Population at end-Aug 2020. Area derived by smartcase from the same article (822,865 residents / 15,409.45 persons per km2 = about 53.4 km2); "
                 "a wiki citing the city's statistics also gives 53.4 km2. The same wiki says the three districts (gu) were abolished in July 2016 and "
                 "restored in Jan 2024; not verified further."),
    },
]

PROGRAMMES = [
    ("busan-p01", "busan", "Busan Eco Delta Smart City (national pilot smart city)", 2018, None,
     "Ministry of Land, Infrastructure and Transport; Presidential Committee on the Fourth Industrial Revolution; K-water; Busan Metropolitan City; Busan Metropolitan Corporation",
     "A greenfield pilot district of about 2.8 km2 in the Eco Delta City new town on the Nakdong delta, designated in 2018 and under construction from November 2019, planned around water, energy, robots and a city data platform.",
     "kr-national-newstomato-2018-pilotsites", "busan-etnews-2019-edcleads"),
    ("busan-p02", "busan", "Haeundae Global Smart City Test-bed (글로벌 스마트시티 실증단지)", 2015, 2017,
     "Ministry of Science, ICT and Future Planning; Busan Metropolitan City; SK Telecom",
     "A science-ministry programme under which a consortium of Busan and SK Telecom set up an open IoT platform around Centum City in Haeundae and piloted services in safety, transport, energy and daily life, with state support until 2017.",
     "busan-nocutnews-2015-testbed", "busan-nocutnews-2015-testbed"),
    ("busan-p03", "busan", "Smart City Busan informatization basic plan", 2016, 2020,
     "Busan Metropolitan City",
     "The city's five-year informatization plan framed as 'Smart City Busan' with a human-centred vision, carried out through annual implementation plans such as the 110-project plan of 2020.",
     "busan-hankyung-2020-infoplan", "busan-hankyung-2020-infoplan"),
    ("busan-p04", "busan", "Busan smart city vision and strategy", 2018, None,
     "Busan Metropolitan City",
     "A city strategy announced in November 2018 with 4 strategies and 16 core tasks and KRW 1.5178 trillion planned over five years, aimed at start-ups, innovation jobs and quality of life.",
     "busan-hankyung-2018-strategy", "busan-hankyung-2018-strategy"),
    ("busan-p05", "busan", "Busan blockchain regulation-free special zone", 2019, None,
     "Busan Metropolitan City",
     "A 110.65 km2 special zone over 11 districts, designated in July 2019, where blockchain services in logistics, tourism, public safety and digital vouchers are piloted under regulatory exemptions.",
     "busan-yna-2019-blockchainzone", "busan-busango-2019-division"),
    ("sejong-p01", "sejong", "Sejong 5-1 Living Area national pilot smart city", 2018, None,
     "Ministry of Land, Infrastructure and Transport; National Agency for Administrative City Construction (NAACC); Sejong Special Self-Governing City; Korea Land and Housing Corporation (LH)",
     "A 2.74 km2 greenfield pilot district in Hapgang-ri designated in 2018 and planned as a shared-car city with AI- and blockchain-based services; still at planning and early-construction stage by end-2020.",
     "kr-national-newstomato-2018-pilotsites", "sejong-cctoday-2018-pilotleads"),
    ("sejong-p02", "sejong", "Haengbok-city smart city living labs", 2018, None,
     "National Agency for Administrative City Construction (NAACC); Sejong Special Self-Governing City; Korea Land and Housing Corporation (LH)",
     "Living labs in the existing new town, starting in Dodam-dong in 2018 and widened in 2020, in which resident panels identify local problems and judge pilot solutions meant to feed into the 5-1 pilot.",
     "sejong-hankyung-2018-livinglab", "sejong-hankyung-2018-livinglab"),
    ("sejong-p03", "sejong", "City Smart project (시티스마트 프로젝트)", 2020, None,
     "Sejong Special Self-Governing City",
     "The city's own programme of ten pilot tasks launched in April 2020 with KRW 19.3 billion, such as a fine-dust sensor map, big-data management of public bikes and smart parking.",
     "sejong-ccnnews-2020-citysmart", "sejong-ccnnews-2020-citysmart"),
    ("sejong-p04", "sejong", "Smart city digital twin platform (with ETRI)", 2018, 2022,
     "Sejong Special Self-Governing City; Electronics and Telecommunications Research Institute (ETRI)",
     "Joint research and development, begun in April 2018 with KRW 19 billion planned to 2022, on a virtual model of the city for testing policies before applying them.",
     "sejong-ygnews-2018-digitaltwin", "sejong-ygnews-2018-digitaltwin"),
    ("bucheon-p01", "bucheon", "Bucheon-type smart city basic plan ('Smart Bucheon! Changing Life')", 2018, None,
     "Bucheon City",
     "The city's first smart city basic plan, completed in October 2018, with 3 goals, 7 strategies and 29 services, to be approved by MOLIT.",
     "bucheon-kihoilbo-2018-basicplan", "bucheon-kihoilbo-2018-basicplan"),
    ("bucheon-p02", "bucheon", "'Clean Bucheon' fine-dust smart city themed complex", 2018, None,
     "Bucheon City; Ministry of Land, Infrastructure and Transport; Korea Land and Housing Corporation (LH)",
     "A MOLIT themed-complex project that used ICT monitoring, living labs and citizen-expert governance to design and fund fine-dust services, with master-plan support in 2018 and construction support in 2019.",
     "bucheon-smartcity-2018-cleanbucheon", "bucheon-japolicenews-2018-summit"),
    ("bucheon-p03", "bucheon", "Smart City Challenge 'Moving City BucheON'", 2019, None,
     "Bucheon City; Data Alliance; Sangsalmi People (village enterprise)",
     "A MOLIT challenge project tackling old-town parking shortages with a blockchain-based sharing platform run with a resident village enterprise, piloted in Samjeong-dong in 2019 and chosen for the main project in 2020.",
     "bucheon-naeil-2020-challenge", "bucheon-joongangtv-2019-consortium"),
    ("bucheon-p04", "bucheon", "Smart City Integrated Platform", 2019, None,
     "Bucheon City; Ministry of Land, Infrastructure and Transport",
     "A MOLIT-supported platform, selected in September 2019, linking city CCTV with police, fire, disaster and justice-ministry systems through five safety services.",
     "bucheon-smartcity-platform", "bucheon-smartcity-platform"),
    ("bucheon-p05", "bucheon", "Bucheon IoT Innovation Centre (G-ROUND21)", 2018, None,
     "Bucheon City; Bucheon Industry Promotion Agency",
     "An innovation centre in the Hubrex economic-regeneration area, fitted out and let in 2018 and formally opened in January 2019, giving space to 36 IoT, cloud, big-data and mobile firms.",
     "bucheon-kihoilbo-2018-iotcentre", "bucheon-kihoilbo-2018-iotcentre"),
]

FIELDS = {
    "sources": ["source_id", "author", "title", "year", "url", "accessed", "language", "kind", "note"],
    "cases": ["case_id", "name", "name_local", "country", "group", "admin_type", "admin_type_source", "population",
              "population_year", "population_source", "area_km2", "area_year", "area_source", "note"],
    "programmes": ["programme_id", "case_id", "name", "start_year", "end_year", "lead_organisations", "description",
                   "source_id", "lead_source_id"],
    "evidence": ["evidence_id", "case_id", "element_id", "subdimension_id", "statement", "year", "period", "source_id",
                 "strength", "post_2020", "note"],
    "codes": ["case_id", "construct_id", "coder_id", "code", "confidence", "evidence_ids", "rationale"],
}


def element_of() -> dict[str, str]:
    """Sub-dimension -> element, from the codebook if present, else from SUBDIMENSIONS.md."""
    cb = ROOT / "data" / "framework" / "codebook.csv"
    if cb.exists():
        with cb.open(encoding="utf-8", newline="") as fh:
            return {r["construct_id"]: r["element_id"] for r in csv.DictReader(fh) if r["kind"] == "subdimension"}
    out = {}
    for line in (ROOT / "data" / "framework" / "SUBDIMENSIONS.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0] in ("technology", "capacity", "institutions"):
            out[cells[1]] = cells[0]
    return out


def write(name: str, rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS[name], quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in FIELDS[name]})
    (HERE / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8"))


def main() -> None:
    elem = element_of()
    # evidence ids in file order per case
    counters = {c: 0 for c in CASE_IDS}
    label_to_id: dict[str, str] = {}
    ev_rows = []
    for e in sorted(EVIDENCE, key=lambda e: CASE_IDS.index(e["case_id"])):
        counters[e["case_id"]] += 1
        eid = f"{e['case_id']}-e{counters[e['case_id']]:03d}"
        if e["label"] in label_to_id:
            raise SystemExit(f"duplicate label {e['label']}")
        label_to_id[e["label"]] = eid
        ev_rows.append({
            "evidence_id": eid, "case_id": e["case_id"], "element_id": elem[e["subdimension_id"]],
            "subdimension_id": e["subdimension_id"], "statement": e["statement"], "year": str(e["year"]),
            "period": e["period"], "source_id": e["source_id"], "strength": e["strength"],
            "post_2020": "true" if e["post_2020"] else "false", "note": e["note"],
        })
    write("sources", SOURCES)
    write("cases", CASES)
    write("programmes", [dict(zip(FIELDS["programmes"], (p[0], p[1], p[2], str(p[3]), "" if p[4] is None else str(p[4]), *p[5:]), strict=True)) for p in PROGRAMMES])
    write("evidence", ev_rows)
    label_map_rows = [{"label": k, "evidence_id": v} for k, v in label_to_id.items()]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["label", "evidence_id"], lineterminator="\n")
    w.writeheader()
    w.writerows(label_map_rows)
    (HERE / "scratch_label_map.csv").write_bytes(buf.getvalue().encode("utf-8"))

    if (ROOT / "data" / "framework" / "codebook.csv").exists():
        code_rows = []
        for case in CASE_IDS:
            for construct, (code, conf, labels, rationale) in CODES[case].items():
                ids = [label_to_id[lab] for lab in labels]
                code_rows.append({
                    "case_id": case, "construct_id": construct, "coder_id": "ref", "code": str(code),
                    "confidence": conf, "evidence_ids": ";".join(ids), "rationale": rationale,
                })
        write("codes", code_rows)
    print({c: n for c, n in counters.items()}, "sources", len(SOURCES))


if __name__ == "__main__":
    main()
