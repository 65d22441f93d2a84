"""Write data/datapackage.json (Frictionless Data Package) from the schema definitions below.

This script is the one place where the table layouts of the case base are defined. Run it after
changing a layout: `python tools/make_datapackage.py`. smartcase's loader validates every CSV
against the written datapackage.json, and tests/test_datapackage.py checks the files against it
with the independent `frictionless` validator.
"""

from __future__ import annotations

import json
from pathlib import Path

ID = r"^[a-z][a-z0-9_]*$"
REF_ID = r"^[a-z0-9][a-z0-9_.-]*$"
ID_LIST = r"^[a-z0-9][a-z0-9_.-]*(;[a-z0-9][a-z0-9_.-]*)*$"


def f(name, type_, description, *, required=False, unique=False, format_=None, **constraints):
    field = {"name": name, "type": type_, "description": description}
    if format_ is not None:
        field["format"] = format_
    c = dict(constraints)
    if required:
        c["required"] = True
    if unique:
        c["unique"] = True
    if c:
        field["constraints"] = c
    if type_ == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    return field


def fk(field, resource, ref_field):
    return {"fields": field, "reference": {"resource": resource, "fields": ref_field}}


STRENGTH = ["strong", "medium", "weak"]
CONFIDENCE = ["high", "medium", "low"]
SOURCE_KINDS = [
    "government",
    "statute",
    "peer_reviewed",
    "research_institute",
    "international_organisation",
    "report",
    "news",
    "press_release",
    "organisation",
    "database",
    "encyclopedia",
    "blog",
    "other",
]
DATE_BASIS = ["stated", "inferred", "access_date_only"]
YEAR_BASIS = ["stated", "source_date", "inferred"]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# http(s) with a host; no whitespace, quotes, angle brackets or backslashes (safe in HTML links
# and XML attributes). smartcase.schema.url_problem also parses the address (format "uri").
URL = r"^https?://[^\s\"'<>`\\/][^\s\"'<>`\\]*$"
# Free-text fields that may span several lines (tab, line feed, carriage return allowed); every
# other field is one line. Marked "multiline": true in datapackage.json (a smartcase extension
# of Table Schema, ignored by other validators) and checked by smartcase.schema.text_problem.
MULTILINE_FIELDS = frozenset(
    {
        "definition",
        "basis",
        "full_definition",
        "when_to_use",
        "when_not_to_use",
        "example",
        "anchor",
        "note",
        "statement",
        "description",
        "rationale",
        "summary",
        "priorities",
        "strategy",
    }
)
LEVEL_LABELS = ["absent", "emerging", "developing", "established"]

RESOURCES = [
    {
        "name": "elements",
        "path": "framework/elements.csv",
        "title": "Framework elements",
        "description": "The three ideal-typical elements of smart-city innovation (Kim & Lim 2020), defined in smartcase's own words from the report's public English abstract.",
        "schema": {
            "fields": [
                f(
                    "element_id",
                    "string",
                    "Stable id.",
                    required=True,
                    unique=True,
                    enum=["technology", "capacity", "institutions"],
                ),
                f("order", "integer", "Display order, 1-based.", required=True, minimum=1),
                f("label", "string", "Short label.", required=True),
                f("definition", "string", "Definition in smartcase's own words.", required=True),
                f(
                    "basis",
                    "string",
                    "How the definition relates to the report's abstract.",
                    required=True,
                ),
            ],
            "primaryKey": ["element_id"],
        },
    },
    {
        "name": "codebook",
        "path": "framework/codebook.csv",
        "title": "Codebook",
        "description": "One MacQueen-style codebook entry (label, short definition, full definition, when to use, when not to use, example) per sub-dimension and for the outcome.",
        "schema": {
            "fields": [
                f(
                    "construct_id",
                    "string",
                    "Stable id of the sub-dimension or outcome.",
                    required=True,
                    unique=True,
                    pattern=ID,
                ),
                f(
                    "kind",
                    "string",
                    "'subdimension' or 'outcome'.",
                    required=True,
                    enum=["subdimension", "outcome"],
                ),
                f("element_id", "string", "Element of a sub-dimension; empty for the outcome."),
                f(
                    "order",
                    "integer",
                    "Display order within its element, 1-based.",
                    required=True,
                    minimum=1,
                ),
                f("label", "string", "Short label.", required=True),
                f("short_definition", "string", "One-line definition.", required=True),
                f("full_definition", "string", "Full definition.", required=True),
                f("when_to_use", "string", "When to apply the code.", required=True),
                f(
                    "when_not_to_use",
                    "string",
                    "When not to apply it (and which code to use instead).",
                    required=True,
                ),
                f("example", "string", "An example of evidence that fits.", required=True),
            ],
            "primaryKey": ["construct_id"],
            "foreignKeys": [fk("element_id", "elements", "element_id")],
        },
    },
    {
        "name": "rubric",
        "path": "framework/rubric.csv",
        "title": "Ordinal rubric",
        "description": "Anchor description of each level (0 absent, 1 emerging, 2 developing, 3 established) for each sub-dimension and the outcome.",
        "schema": {
            "fields": [
                f("construct_id", "string", "Sub-dimension or outcome id.", required=True),
                f("level", "integer", "Ordinal level.", required=True, minimum=0, maximum=3),
                f("level_label", "string", "Name of the level.", required=True, enum=LEVEL_LABELS),
                f("anchor", "string", "What a case at this level looks like.", required=True),
            ],
            "primaryKey": ["construct_id", "level"],
            "foreignKeys": [fk("construct_id", "codebook", "construct_id")],
        },
    },
    {
        "name": "sources",
        "path": "sources.csv",
        "title": "Sources",
        "description": "Every source cited by case attributes, programmes and evidence.",
        "schema": {
            "fields": [
                f("source_id", "string", "Stable id.", required=True, unique=True, pattern=REF_ID),
                f("author", "string", "Author or publisher.", required=True),
                f(
                    "title",
                    "string",
                    "The source's own title, as published, in its own language and script. A source without a title of its own (an untitled page or press item) gets a short description in square brackets.",
                    required=True,
                ),
                f(
                    "title_en",
                    "string",
                    "English translation of the title, when the source is not in English.",
                ),
                f(
                    "year",
                    "integer",
                    "Year of publication; empty when it could not be found (see date_basis).",
                    minimum=1900,
                    maximum=2100,
                ),
                f(
                    "published",
                    "string",
                    "Publication date as precisely as the source gives it: YYYY, YYYY-MM or YYYY-MM-DD; its year equals year.",
                    pattern=DATE,
                ),
                f(
                    "date_basis",
                    "string",
                    "Where the date comes from: stated (the source gives it), inferred (from the content, e.g. events it reports; say how in note), access_date_only (no publication date could be found; only the access date is known).",
                    enum=DATE_BASIS,
                ),
                f(
                    "url",
                    "string",
                    "Web address, when the source is on the web.",
                    format_="uri",
                    pattern=URL,
                ),
                f(
                    "archive_url",
                    "string",
                    "Address of an archived copy (e.g. the Internet Archive), where one exists.",
                    format_="uri",
                    pattern=URL,
                ),
                f(
                    "accessed",
                    "string",
                    "Date accessed, YYYY-MM-DD or YYYY-MM (required for web pages).",
                    pattern=r"^\d{4}-\d{2}(-\d{2})?$",
                ),
                f(
                    "language",
                    "string",
                    "ISO 639-1 language code.",
                    required=True,
                    pattern=r"^[a-z]{2}$",
                ),
                f(
                    "kind",
                    "string",
                    "Kind of source: government, statute and press_release are official; peer_reviewed, research_institute (a research institute's report) and international_organisation (a report of an international organisation) are scholarly; news; report (other reports, e.g. consultancies or trade bodies); organisation, database, encyclopedia, blog, other.",
                    required=True,
                    enum=SOURCE_KINDS,
                ),
                f(
                    "note",
                    "string",
                    "Provenance and remarks: what was checked against what (the address read, an archived copy, the date), mirrors and reposts, how an inferred date was inferred.",
                ),
            ],
            "primaryKey": ["source_id"],
        },
    },
    {
        "name": "cases",
        "path": "cases.csv",
        "title": "Cases",
        "description": "One row per case with its attributes, each attribute with the source it rests on.",
        "schema": {
            "fields": [
                f("case_id", "string", "Stable id.", required=True, unique=True, pattern=ID),
                f("name", "string", "Name in English.", required=True),
                f("name_local", "string", "Name in the local language."),
                f("country", "string", "Country.", required=True),
                f("group", "string", "Comparison group (e.g. Korea, Europe).", required=True),
                f("admin_type", "string", "Administrative type.", required=True),
                f("admin_type_source", "string", "Source of admin_type.", required=True),
                f("population", "integer", "Population.", required=True, minimum=0),
                f(
                    "population_year",
                    "integer",
                    "Year of the population figure.",
                    required=True,
                    minimum=1900,
                    maximum=2100,
                ),
                f("population_source", "string", "Source of the population figure.", required=True),
                f("area_km2", "number", "Area in square kilometres.", required=True, minimum=0),
                f("area_year", "integer", "Year of the area figure.", minimum=1900, maximum=2100),
                f("area_source", "string", "Source of the area figure.", required=True),
                f("note", "string", "Remarks, e.g. differing figures in other sources."),
            ],
            "primaryKey": ["case_id"],
            "foreignKeys": [
                fk("admin_type_source", "sources", "source_id"),
                fk("population_source", "sources", "source_id"),
                fk("area_source", "sources", "source_id"),
            ],
        },
    },
    {
        "name": "programmes",
        "path": "programmes.csv",
        "title": "Flagship programmes",
        "description": "Flagship smart-city programmes per case with start year and lead organisations.",
        "schema": {
            "fields": [
                f(
                    "programme_id",
                    "string",
                    "Stable id.",
                    required=True,
                    unique=True,
                    pattern=REF_ID,
                ),
                f("case_id", "string", "Case.", required=True),
                f("name", "string", "Programme name.", required=True),
                f(
                    "start_year",
                    "integer",
                    "Start year.",
                    required=True,
                    minimum=1900,
                    maximum=2100,
                ),
                f(
                    "end_year",
                    "integer",
                    "End year, empty if ongoing or unknown.",
                    minimum=1900,
                    maximum=2100,
                ),
                f(
                    "lead_organisations",
                    "string",
                    "Lead organisations, separated by '; '.",
                    required=True,
                ),
                f("description", "string", "One sentence in smartcase's own words.", required=True),
                f(
                    "source_id",
                    "string",
                    "Source of name, start year and description.",
                    required=True,
                ),
                f("lead_source_id", "string", "Source of the lead organisations.", required=True),
            ],
            "primaryKey": ["programme_id"],
            "foreignKeys": [
                fk("case_id", "cases", "case_id"),
                fk("source_id", "sources", "source_id"),
                fk("lead_source_id", "sources", "source_id"),
            ],
        },
    },
    {
        "name": "evidence",
        "path": "evidence.csv",
        "title": "Evidence",
        "description": "Evidence items: one sourced fact per row, coded to an element and sub-dimension.",
        "schema": {
            "fields": [
                f(
                    "evidence_id",
                    "string",
                    "Stable id, by convention '<case_id>-e<nnn>'.",
                    required=True,
                    unique=True,
                    pattern=REF_ID,
                ),
                f("case_id", "string", "Case.", required=True),
                f(
                    "element_id",
                    "string",
                    "Element (must be the sub-dimension's element).",
                    required=True,
                ),
                f("subdimension_id", "string", "Sub-dimension.", required=True),
                f("statement", "string", "One sentence in smartcase's own words.", required=True),
                f(
                    "year",
                    "integer",
                    "Year the fact refers to (first year of a range).",
                    required=True,
                    minimum=1900,
                    maximum=2100,
                ),
                f(
                    "year_basis",
                    "string",
                    "Where the year comes from: stated (the source says when the fact happened), source_date (the source's publication date), inferred (from the content; say how in note).",
                    enum=YEAR_BASIS,
                ),
                f(
                    "period",
                    "string",
                    "Range or approximation of the date when a single year says too little (e.g. '2018-2020', 'c. 2019').",
                ),
                f("source_id", "string", "Source.", required=True),
                f(
                    "strength",
                    "string",
                    "Evidence strength: strong (official or peer-reviewed), medium (news, reports, case databases), weak (blogs, wikis, mirrors).",
                    required=True,
                    enum=STRENGTH,
                ),
                f(
                    "post_2020",
                    "boolean",
                    "True when the fact is dated after 2020, the report's reference point (wholly or partly).",
                    required=True,
                ),
                f("note", "string", "Remarks: checks, disagreements between sources."),
            ],
            "primaryKey": ["evidence_id"],
            "foreignKeys": [
                fk("case_id", "cases", "case_id"),
                fk("element_id", "elements", "element_id"),
                fk("subdimension_id", "codebook", "construct_id"),
                fk("source_id", "sources", "source_id"),
            ],
        },
    },
    {
        "name": "coders",
        "path": "coders.csv",
        "title": "Coders",
        "description": "Who coded: one row per coder.",
        "schema": {
            "fields": [
                f("coder_id", "string", "Stable id.", required=True, unique=True, pattern=REF_ID),
                f("name", "string", "Name or role of the coder.", required=True),
                f(
                    "coded_on",
                    "string",
                    "When the coding was done (YYYY-MM or YYYY-MM-DD).",
                    required=True,
                    pattern=r"^\d{4}-\d{2}(-\d{2})?$",
                ),
                f("note", "string", "How the coder worked."),
            ],
            "primaryKey": ["coder_id"],
        },
    },
    {
        "name": "codes",
        "path": "codes.csv",
        "title": "Codes",
        "description": "Ordinal codes (0-3) of each case on each sub-dimension and on the outcome, one row per coder.",
        "schema": {
            "fields": [
                f("case_id", "string", "Case.", required=True),
                f("construct_id", "string", "Sub-dimension or outcome.", required=True),
                f("coder_id", "string", "Coder.", required=True),
                f(
                    "code",
                    "integer",
                    "0 absent, 1 emerging, 2 developing, 3 established.",
                    required=True,
                    minimum=0,
                    maximum=3,
                ),
                f(
                    "confidence",
                    "string",
                    "How well the evidence supports the code; 'low' marks thin evidence.",
                    required=True,
                    enum=CONFIDENCE,
                ),
                f(
                    "evidence_ids",
                    "string",
                    "Supporting evidence ids separated by ';' (required for a non-zero code).",
                    pattern=ID_LIST,
                ),
                f("rationale", "string", "Why this level, in a sentence or two.", required=True),
            ],
            "primaryKey": ["case_id", "construct_id", "coder_id"],
            "foreignKeys": [
                fk("case_id", "cases", "case_id"),
                fk("construct_id", "codebook", "construct_id"),
                fk("coder_id", "coders", "coder_id"),
            ],
        },
    },
]

PACKAGE = {
    "profile": "tabular-data-package",
    "name": "smartcase-casebook",
    "title": "smartcase case base: five smart-city cases coded on the three-element framework",
    "description": (
        "Source-linked case data for Busan, Sejong, Bucheon, Helsinki and Barcelona, coded on the "
        "three elements of Kim & Lim (2020). The report's own tables are not public; the codes are "
        "smartcase's reconstruction from public sources, with reference year 2020."
    ),
    "version": "0.1.0",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }
    ],
    "sources": [
        {
            "title": "Kim, Sang-min and Lim, Tae-kyoung (2020). Local Government Policy Strategies for Smart City Innovation: Towards a Combined Approach of Smart City and Social Innovation. Basic Report, Korea Research Institute for Local Administration (public English abstract)",
            "path": "https://krila.re.kr/eng/report/basic/1627",
        },
        {"title": "Per-fact sources are listed in sources.csv", "path": "sources.csv"},
    ],
    "resources": [],
}


def _with_multiline(schema: dict) -> dict:
    """A copy of ``schema`` whose free-text fields in MULTILINE_FIELDS say "multiline": true."""
    fields = []
    for fd in schema["fields"]:
        c = fd.get("constraints", {})
        if (
            fd["name"] in MULTILINE_FIELDS
            and fd.get("type", "string") == "string"
            and not {"pattern", "enum"} & set(c)
        ):
            fd = {**fd, "multiline": True}
        fields.append(fd)
    return {**schema, "fields": fields}


def build(extra: list[dict] | None = None) -> dict:
    pkg = dict(PACKAGE)
    resources = []
    for res in RESOURCES + list(extra or []):
        r = {
            "name": res["name"],
            "path": res["path"],
            "profile": "tabular-data-resource",
            "title": res["title"],
            "description": res["description"],
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": {"missingValues": [""], **_with_multiline(res["schema"])},
        }
        resources.append(r)
    pkg["resources"] = resources
    return pkg


def main() -> None:
    extra_dir = Path(__file__).with_name("schemas")
    extra = []
    if extra_dir.is_dir():
        for p in sorted(extra_dir.glob("*.json")):
            extra.extend(json.loads(p.read_text(encoding="utf-8")))
    out = Path(__file__).resolve().parents[1] / "data" / "datapackage.json"
    out.write_text(json.dumps(build(extra), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
