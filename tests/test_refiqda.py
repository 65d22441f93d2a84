"""Tests of smartcase.refiqda: REFI-QDA codebook (.qdc) and project (.qdpx) exchange."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import smartcase
from smartcase.errors import ArgumentError, ExchangeError
from smartcase.output import OutputExistsError
from smartcase.refiqda import (
    PROJECT_NAMESPACE,
    QDC_NAMESPACE,
    export_qdc,
    export_qdpx,
    read_qdc,
    refi_guid,
)

xmlschema = pytest.importorskip("xmlschema")

TESTS = Path(__file__).resolve().parent
MINI = TESTS / "data" / "mini_casebook"
SCHEMAS = TESTS / "data" / "refiqda"
BUNDLED_CASES = TESTS.parent / "data" / "cases.csv"
NS = {"q": PROJECT_NAMESPACE}


@pytest.fixture(scope="module")
def project_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "Project-mrt2019.xsd"))


@pytest.fixture(scope="module")
def codebook_schema():
    return xmlschema.XMLSchema(str(SCHEMAS / "Codebook.xsd"))


@pytest.fixture(scope="module")
def mini() -> smartcase.CaseBook:
    return smartcase.load_cases(MINI)


@pytest.fixture(params=["mini", "bundled"])
def book(request: pytest.FixtureRequest) -> smartcase.CaseBook:
    if request.param == "bundled":
        if not BUNDLED_CASES.is_file():
            pytest.skip("bundled case base (data/cases.csv) not there yet")
        return smartcase.load_cases()
    return smartcase.load_cases(MINI)


def _project(path: Path) -> tuple[ET.Element, dict[str, str]]:
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        texts = {n: zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("Sources/")}
    return root, texts


# --------------------------------------------------------------------------- codebook
def test_qdc_is_valid_against_codebook_xsd(
    tmp_path: Path, codebook_schema, book: smartcase.CaseBook
) -> None:
    path = export_qdc(book, tmp_path / "codebook.qdc")
    codebook_schema.validate(str(path))
    root = ET.parse(path).getroot()
    assert root.tag == f"{{{QDC_NAMESPACE}}}CodeBook"


def test_qdc_hierarchy_and_descriptions(tmp_path: Path) -> None:
    fw = smartcase.load_framework()
    codes = read_qdc(export_qdc(fw, tmp_path / "c.qdc"))
    top = codes[codes["depth"] == 0]
    assert list(top["name"]) == [*fw.elements["label"], *fw.outcome["label"]]
    assert list(top["is_codable"]) == [False] * len(fw.elements) + [True] * len(fw.outcome)
    subs = codes[codes["depth"] == 1]
    assert list(subs["name"]) == list(fw.subdimensions["label"])
    assert subs["is_codable"].all()
    for sid, rec in fw.subdimensions.iterrows():
        row = codes[codes["guid"] == refi_guid("code", str(sid))].iloc[0]
        assert row["parent"] == refi_guid("element", rec["element_id"])
        assert row["parent_name"] == fw.elements.at[rec["element_id"], "label"]
        assert row["description"].startswith(f"id: {sid}\n{rec['short_definition']}")
        assert rec["when_not_to_use"] in row["description"]
        assert fw.anchor(str(sid), 3) in row["description"]
    assert codes["guid"].is_unique


def test_qdc_and_qdpx_share_guids_and_are_byte_stable(
    tmp_path: Path, mini: smartcase.CaseBook
) -> None:
    a = export_qdc(mini, tmp_path / "a.qdc").read_bytes()
    assert a == export_qdc(mini, tmp_path / "b.qdc").read_bytes()
    p1 = export_qdpx(mini, tmp_path / "a.qdpx").read_bytes()
    assert p1 == export_qdpx(mini, tmp_path / "b.qdpx").read_bytes()
    root, _ = _project(tmp_path / "a.qdpx")
    project_guids = {c.get("guid") for c in root.iterfind(".//q:CodeBook//q:Code", NS)}
    assert project_guids == set(read_qdc(tmp_path / "a.qdc")["guid"])


def test_never_overwrites_unless_asked(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    for name, writer in (("x.qdc", export_qdc), ("x.qdpx", export_qdpx)):
        target = tmp_path / name
        target.write_bytes(b"precious")
        with pytest.raises(OutputExistsError):
            writer(mini, target)
        assert target.read_bytes() == b"precious"
        writer(mini, target, overwrite=True)
        assert target.read_bytes() != b"precious"


# --------------------------------------------------------------------------- project
@pytest.mark.parametrize("newline", ["lf", "crlf"])
def test_qdpx_is_valid_and_selections_hit_the_statements(
    tmp_path: Path, project_schema, book: smartcase.CaseBook, newline: str
) -> None:
    path = export_qdpx(book, tmp_path / "p.qdpx", newline=newline)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist()[0] == "project.qde"
        project_schema.validate(io.BytesIO(zf.read("project.qde")))
    root, texts = _project(path)
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(book.cases)
    seen = set()
    for ts in sources:
        ref = ts.get("plainTextPath")
        assert ref.startswith("internal://")
        assert ts.find("q:PlainTextContent", NS) is None  # one of path or content, not both
        text = texts["Sources/" + ref.removeprefix("internal://")]
        if newline == "crlf":
            assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        for sel in ts.iterfind("q:PlainTextSelection", NS):
            eid = sel.get("name")
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            assert text[start:end] == book.evidence.at[eid, "statement"]
            seen.add(eid)
    assert seen == set(book.evidence.index)


def test_codings_record_code_and_coder(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    root, _ = _project(export_qdpx(mini, tmp_path / "p.qdpx"))
    users = {u.get("id"): u.get("guid") for u in root.iterfind("q:Users/q:User", NS)}
    assert set(users) == set(mini.coders.index)
    code_of = {refi_guid("code", c): c for c in mini.framework.codebook.index}
    user_of = {g: c for c, g in users.items()}
    codings: dict[str, set[tuple[str, str | None]]] = {}
    for sel in root.iterfind(".//q:PlainTextSelection", NS):
        got = set()
        for coding in sel.iterfind("q:Coding", NS):
            construct = code_of[coding.find("q:CodeRef", NS).get("targetGUID")]
            got.add((construct, user_of.get(coding.get("creatingUser"))))
        codings[sel.get("name")] = got
    # beta-e001 is cited by both coders for living_lab and for the outcome (fixture codes.csv)
    assert codings["beta-e001"] == {
        ("living_lab", "ref"),
        ("living_lab", "c2"),
        ("innovation", "ref"),
        ("innovation", "c2"),
    }
    assert codings["alpha-e001"] == {("open_data", "ref"), ("open_data", "c2")}
    # alpha-e003 is cited by no code: coded to its sub-dimension without a user
    assert codings["alpha-e003"] == {("strategy_plan", None)}


def test_case_variables_hold_attributes_and_codes(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    root, _ = _project(export_qdpx(mini, tmp_path / "p.qdpx"))
    variables = {
        v.get("guid"): (v.get("name"), v.get("typeOfVariable"))
        for v in root.iterfind("q:Variables/q:Variable", NS)
    }
    assert variables[refi_guid("variable", "population")] == ("population", "Integer")
    assert variables[refi_guid("variable", "area_km2")] == ("area_km2", "Float")
    assert variables[refi_guid("variable", "code", "living_lab", "c2")] == (
        "living_lab (c2)",
        "Integer",
    )
    for case in root.iterfind("q:Cases/q:Case", NS):
        cid = next(c for c in mini.case_ids if refi_guid("case", c) == case.get("guid"))
        values = {}
        for vv in case.iterfind("q:VariableValue", NS):
            name, _ = variables[vv.find("q:VariableRef", NS).get("targetGUID")]
            values[name] = vv[1].text
        assert values["population"] == str(mini.cases.at[cid, "population"])
        for r in mini.codes[mini.codes["case_id"] == cid].itertuples():
            assert values[f"{r.construct_id} ({r.coder_id})"] == str(r.code)
        assert case.find("q:SourceRef", NS).get("targetGUID") == refi_guid("source", cid)
    # beta/living_lab: the two fixture coders disagree (2 vs 3)
    beta = next(
        c for c in root.iterfind("q:Cases/q:Case", NS) if c.get("guid") == refi_guid("case", "beta")
    )
    got = {
        variables[v.find("q:VariableRef", NS).get("targetGUID")][0]: v[1].text
        for v in beta.iterfind("q:VariableValue", NS)
    }
    assert (got["living_lab (ref)"], got["living_lab (c2)"]) == ("2", "3")


def test_export_qdpx_checks_arguments(tmp_path: Path, mini: smartcase.CaseBook) -> None:
    with pytest.raises(ArgumentError, match="argument 'newline'"):
        export_qdpx(mini, tmp_path / "p.qdpx", newline="cr")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="argument 'book'"):
        export_qdpx(mini.framework, tmp_path / "p.qdpx")  # type: ignore[arg-type]
    assert not (tmp_path / "p.qdpx").exists()


# --------------------------------------------------------------------------- reading .qdc
GOOD_FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="Another tool 1.0">
  <Codes>
    <Code guid="{8E7FDDFE-DB36-48DC-B464-80C3A4DECD90}" name="Themes" isCodable="false">
      <Code guid="{6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5}" name="Trust" isCodable="true" color="#ff0000">
        <Description>Statements about trust</Description>
      </Code>
    </Code>
    <Code guid="361bcdb8-7d11-4343-a4cd-4130693eff76" name="Other" isCodable="1"/>
  </Codes>
</CodeBook>
"""


def test_read_qdc_from_another_tool(tmp_path: Path, codebook_schema) -> None:
    path = tmp_path / "foreign.qdc"
    path.write_text(GOOD_FOREIGN, encoding="utf-8")
    codebook_schema.validate(str(path))  # the sample itself is valid REFI-QDA
    codes = read_qdc(path)
    assert list(codes["name"]) == ["Themes", "Trust", "Other"]
    assert list(codes["depth"]) == [0, 1, 0]
    assert codes.loc[1, "parent"] == "{8E7FDDFE-DB36-48DC-B464-80C3A4DECD90}"
    assert codes.loc[1, "description"] == "Statements about trust"
    assert list(codes["is_codable"]) == [False, True, True]
    assert pd.isna(codes.loc[0, "color"]) and codes.loc[1, "color"] == "#ff0000"
    assert pd.isna(codes.loc[0, "parent"])


def _bad(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.qdc"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_FOREIGN.replace("</Codes>", "</Code>"),
            r"line 10: malformed XML \(expected well-formed XML, found mismatched tag",
        ),
        (
            GOOD_FOREIGN.replace("CodeBook", "Project"),
            r"line 2, field 'Project': not a REFI-QDA codebook",
        ),
        (
            GOOD_FOREIGN.replace(' xmlns="urn:QDA-XML:codebook:1.0"', ""),
            r"not a REFI-QDA codebook .*without namespace",
        ),
        (
            GOOD_FOREIGN.replace("<Codes>", "<Codez>").replace("</Codes>", "</Codez>"),
            r"line 3, field 'Codez': unexpected element inside <CodeBook>",
        ),
        (
            GOOD_FOREIGN.replace(' guid="361bcdb8-7d11-4343-a4cd-4130693eff76"', ""),
            r"line 9, field 'Code/@guid': <Code> without the required attribute 'guid'",
        ),
        (
            GOOD_FOREIGN.replace("361bcdb8-7d11", "361bcdb8-xx11"),
            r"line 9, field 'Code/@guid': malformed GUID",
        ),
        (
            GOOD_FOREIGN.replace(
                "361bcdb8-7d11-4343-a4cd-4130693eff76", "6F35C6F2-BD8F-4F08-AD49-6D62CB8442A5"
            ),
            r"line 9, field 'Code/@guid': duplicate GUID \(expected a GUID not used before \(first used on line 5\)",
        ),
        (
            GOOD_FOREIGN.replace('isCodable="1"', 'isCodable="yes"'),
            r"line 9, field 'Code/@isCodable': malformed boolean",
        ),
        (GOOD_FOREIGN.replace("#ff0000", "red"), r"line 5, field 'Code/@color': malformed colour"),
        (
            GOOD_FOREIGN.replace("<Description>", "<Memo>").replace("</Description>", "</Memo>"),
            r"line 6, field 'Memo': unexpected element inside <Code>",
        ),
        (
            GOOD_FOREIGN.replace("<Codes>\n", "<Codes>\n<Code/>"),
            r"<Code> without the required attribute 'guid'",
        ),
        (
            '<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>',
            r"line 2, field 'Codes': no codes",
        ),
        (
            '<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
            r"a codebook needs one <Codes> element",
        ),
        ("", r"malformed XML"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>\n'
            '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="361bcdb8-7d11-4343-a4cd-4130693eff76" name="&lol2;" isCodable="true"/></Codes></CodeBook>',
            r"line 2: document type declarations are not allowed",
        ),
    ],
    ids=[
        "unclosed",
        "wrong-root",
        "no-namespace",
        "unknown-child",
        "no-guid",
        "bad-guid",
        "duplicate-guid",
        "bad-boolean",
        "bad-colour",
        "unknown-code-child",
        "empty-code",
        "no-codes",
        "missing-codes",
        "empty-file",
        "doctype",
    ],
)
def test_read_qdc_bad_input(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        read_qdc(_bad(tmp_path, text))


def test_read_qdc_refuses_a_project_archive_and_missing_file(
    tmp_path: Path, mini: smartcase.CaseBook
) -> None:
    with pytest.raises(ExchangeError, match=r"not a codebook file .*a zip archive"):
        read_qdc(export_qdpx(mini, tmp_path / "p.qdpx"))
    with pytest.raises(ExchangeError, match="codebook file not found"):
        read_qdc(tmp_path / "none.qdc")
