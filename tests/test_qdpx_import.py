"""Tests of smartcase.read_qdpx: the round trip through export_qdpx, a project smartcase did not
write (tests/data/refiqda/handmade, valid against the REFI-QDA schema), edits made in a QDA
tool, and hostile or malformed archives."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import smartcase
from smartcase.errors import ArgumentError, ExchangeError
from smartcase.refiqda import export_qdpx, read_qdc, read_qdpx, refi_guid

TESTS = Path(__file__).resolve().parent
HANDMADE = TESTS / "data" / "refiqda" / "handmade"
SCHEMA = TESTS / "data" / "refiqda" / "Project-mrt2019.xsd"
MINI = TESTS / "data" / "mini_casebook"
TABLES = ("cases", "programmes", "sources", "evidence", "coders", "codes")


def _zip(path: Path, files: dict[str, bytes | str], **kwargs) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, **kwargs) as zf:
        for name, data in files.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _handmade_files() -> dict[str, bytes | str]:
    return {
        f.relative_to(HANDMADE).as_posix(): f.read_bytes()
        for f in sorted(HANDMADE.rglob("*"))
        if f.is_file()
    }


@pytest.fixture()
def handmade(tmp_path: Path) -> Path:
    return _zip(tmp_path / "handmade.qdpx", _handmade_files())


# ------------------------------------------------------------------ round trip
@pytest.mark.parametrize("which", ["bundled", "mini"])
def test_round_trip_loses_nothing(tmp_path: Path, which: str) -> None:
    book = smartcase.load_cases() if which == "bundled" else smartcase.load_cases(MINI)
    draft = read_qdpx(export_qdpx(book, tmp_path / "p.qdpx"))
    assert draft.from_smartcase
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(draft.book, name), getattr(book, name), obj=name)
    assert set(draft.book.extra) == set(book.extra)
    for name, df in book.extra.items():
        pd.testing.assert_frame_equal(draft.book.extra[name], df, obj=name)
    pd.testing.assert_frame_equal(draft.book.framework.codebook, book.framework.codebook)
    assert draft.unmapped.empty and draft.placeholders.empty
    # and written out it loads as a case-base folder again, equal to the original
    again = smartcase.load_cases(draft.write(tmp_path / "cases")[0].parent)
    pd.testing.assert_frame_equal(again.codes, book.codes)


def test_round_trip_of_a_custom_framework(tmp_path: Path) -> None:
    book = smartcase.load_cases(MINI)
    fw = book.framework
    codebook = fw.codebook.copy()
    codebook.loc["open_data", "label"] = "Open government data"
    custom = smartcase.CaseBook(
        **{**{k: getattr(book, k) for k in (*TABLES, "extra", "data_dirs")}},
        framework=type(fw)(fw.elements, codebook, fw.rubric, fw.source_dir),
    )
    draft = read_qdpx(export_qdpx(custom, tmp_path / "p.qdpx"))
    assert draft.book.framework.codebook.at["open_data", "label"] == "Open government data"
    pd.testing.assert_frame_equal(draft.book.codes, book.codes)


def test_edits_made_in_a_qda_tool_win_over_the_stored_tables(tmp_path: Path) -> None:
    """A project edited in a QDA tool: renamed case, re-coded variable, a passage re-coded."""
    book = smartcase.load_cases(MINI)
    path = export_qdpx(book, tmp_path / "p.qdpx")
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    qde = files["project.qde"].decode("utf-8")
    alpha = refi_guid("case", "alpha")
    qde = qde.replace(
        f'guid="{alpha}" name="{book.cases.at["alpha", "name"]}"',
        f'guid="{alpha}" name="Alpha City"',
    )
    # the coding of beta-e001 to living_lab by c2 is removed in the tool ...
    coding = refi_guid("coding", "beta-e001", "living_lab", "c2")
    qde, n = re.subn(rf'\s*<Coding guid="{coding}"[^>]*>\s*<CodeRef [^>]*/>\s*</Coding>', "", qde)
    assert n == 1
    files["project.qde"] = qde.encode("utf-8")
    # ... while c2's code (3) still needs it: refused, naming the code
    with pytest.raises(
        ExchangeError,
        match=r"codes\.csv, line \d+ \(beta/living_lab/c2\), field 'evidence_ids': a non-zero code must cite evidence",
    ):
        read_qdpx(_zip(tmp_path / "half.qdpx", files))
    # ... and c2's code is lowered to 0 in the case variable as well
    var = refi_guid("variable", "code", "living_lab", "c2")
    pattern = re.compile(
        rf'(<Case guid="{refi_guid("case", "beta")}".*?<VariableRef targetGUID="{var}" />\s*<IntegerValue>)3(<)',
        re.S,
    )
    qde, n = pattern.subn(r"\g<1>0\2", qde)
    assert n == 1
    files["project.qde"] = qde.encode("utf-8")
    draft = read_qdpx(_zip(tmp_path / "edited.qdpx", files))
    b = draft.book
    assert b.cases.at["alpha", "name"] == "Alpha City"
    codes = b.codes.set_index(["case_id", "construct_id", "coder_id"])
    assert codes.at[("beta", "living_lab", "c2"), "code"] == 0
    old = book.codes.set_index(["case_id", "construct_id", "coder_id"])
    assert old.at[("beta", "living_lab", "c2"), "evidence_ids"] == "beta-e001"
    assert pd.isna(codes.at[("beta", "living_lab", "c2"), "evidence_ids"])
    assert codes.at[("beta", "living_lab", "ref"), "evidence_ids"] == "beta-e001"
    # what the tool did not touch still comes from the stored tables
    pd.testing.assert_frame_equal(b.sources, book.sources)


# ------------------------------------------------------------------ a project smartcase did not write
def test_the_handmade_fixture_is_valid_refi_qda() -> None:
    xmlschema = pytest.importorskip("xmlschema")
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(HANDMADE / "project.qde"))


def test_read_a_project_smartcase_did_not_write(handmade: Path) -> None:
    draft = read_qdpx(handmade)
    b = draft.book
    assert not draft.from_smartcase
    assert draft.project == "Two fictional towns"
    assert list(b.cases.index) == ["northtown", "southport"]
    assert b.cases.at["northtown", "country"] == "Testland"  # from the case variable
    assert b.cases.at["northtown", "population"] == 120000
    ev = b.evidence
    # codes mapped by label ("open data", "Dedicated  organisation"), by id ("co_creation"); the
    # living-lab passage, coded to two sub-dimensions, gives two items
    assert ev[["case_id", "subdimension_id"]].values.tolist() == [
        ["northtown", "open_data"],
        ["northtown", "living_lab"],
        ["northtown", "co_creation"],
        ["northtown", "dedicated_organisation"],
        ["southport", "strategy_plan"],
    ]
    text = (HANDMADE / "Sources" / "0D6C7A3E-52B5-4C1B-9E08-6F1A3C2B4D10.txt").read_text("utf-8")
    assert ev.at["northtown-q002", "statement"] == text[123:215]  # code points, with 'é'
    assert "café" in ev.at["northtown-q002", "statement"]
    assert ev.at["southport-q001", "year"] == 2018  # the document's year variable
    assert ev.at["southport-q001", "year_basis"] == "source_date"
    assert set(ev["source_id"]) == {"northtown-interview", "southport-plan-summary"}
    assert b.sources.at["northtown-interview", "title"] == "Northtown interview"
    assert list(b.coders["name"]) == ["Ana Example", "Ben Example"]
    assert b.coders.at["ben-example", "coded_on"] == "2021-05-07"  # latest coding date
    assert b.codes.empty  # a QDA project holds no 0-3 levels
    un = draft.unmapped
    assert set(zip(un["kind"], un["name"].fillna(""), strict=True)) == {
        ("code", "Trust"),
        ("coding", "Northtown interview"),
        ("selection", "trust"),
        ("selection", ""),
        ("source", "Field notes kept on the laptop"),
        ("source", "Council minutes"),
    }
    assert (
        "outside the archive"
        in un.loc[un["name"] == "Field notes kept on the laptop", "reason"].item()
    )
    ph = draft.placeholders
    assert {("cases", "southport", "population"), ("evidence", "northtown-q001", "year")} <= set(
        zip(ph["table"], ph["id"], ph["field"], strict=True)
    )
    assert ("evidence", "southport-q001", "year") not in set(
        zip(ph["table"], ph["id"], ph["field"], strict=True)
    )
    assert "placeholder" in repr(draft)


def test_handmade_project_with_codes_for_the_draft(tmp_path: Path, handmade: Path) -> None:
    """The draft takes a second step: code it in a workbook, then it is an ordinary case base."""
    draft = read_qdpx(handmade)
    folder = tmp_path / "draft"
    draft.write(folder)
    again = smartcase.load_cases(folder)
    assert list(again.evidence.index) == list(draft.book.evidence.index)


def test_project_without_cases_makes_a_case_per_document(tmp_path: Path) -> None:
    files = _handmade_files()
    qde = files["project.qde"].decode("utf-8")
    qde = re.sub(r"<Cases>.*?</Cases>\s*", "", qde, flags=re.S)
    files["project.qde"] = qde
    draft = read_qdpx(_zip(tmp_path / "nocases.qdpx", files))
    assert list(draft.book.cases.index) == ["northtown_interview", "southport_plan_summary"]
    assert (draft.placeholders["field"] == "case").sum() == 2


# ------------------------------------------------------------------ hostile and malformed input
def _with_qde(tmp_path: Path, qde: str, extra: dict[str, bytes | str] | None = None) -> Path:
    files = {**_handmade_files(), "project.qde": qde, **(extra or {})}
    return _zip(tmp_path / "bad.qdpx", files)


QDE = (HANDMADE / "project.qde").read_text("utf-8")


@pytest.mark.parametrize(
    ("qde", "message"),
    [
        (
            QDE.replace(
                "<Project ",
                '<!DOCTYPE Project [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<Project ',
            ),
            r"project\.qde, line 2: document type declarations are not allowed",
        ),
        (
            QDE.replace("Two fictional towns", "&xxe;"),
            r"project\.qde, line 2: malformed XML .*undefined entity",
        ),
        (QDE.replace("</Users>", ""), r"project\.qde, line \d+: malformed XML"),
        (
            QDE.replace('xmlns="urn:QDA-XML:project:1.0"', 'xmlns="urn:QDA-XML:codebook:1.0"'),
            r"field 'Project': not a REFI-QDA project",
        ),
        (
            QDE.replace(
                'startPosition="67" endPosition="122"', 'startPosition="67" endPosition="9999"'
            ),
            r"line 49, field 'PlainTextSelection/@startPosition': selection outside its document",
        ),
        (
            QDE.replace('startPosition="67"', 'startPosition="sixty"'),
            r"field 'PlainTextSelection/@startPosition': missing or malformed position",
        ),
        (
            QDE.replace(
                '<CodeRef targetGUID="{A1000000-0000-4000-8000-000000000004}"/>',
                '<CodeRef targetGUID="{A1000000-0000-4000-8000-0000000000FF}"/>',
            ),
            r"line 51, field 'CodeRef/@targetGUID': coding refers to an unknown code",
        ),
        (
            QDE.replace(
                '<User guid="{6E1B0A52-7C3D-4F0E-8A21-3B9C5D7E1F02}"', '<User guid="not-a-guid"'
            ),
            r"field 'User/@guid': malformed GUID",
        ),
        (
            QDE.replace("<IntegerValue>120000</IntegerValue>", "<IntegerValue>many</IntegerValue>"),
            r"field 'IntegerValue': malformed variable value",
        ),
        (
            QDE.replace(
                'plainTextPath="internal://0D6C7A3E-52B5-4C1B-9E08-6F1A3C2B4D10.txt"',
                'plainTextPath="internal://../../etc/passwd"',
            ),
            r"unsafe document path .*path traversal",
        ),
        (
            QDE.replace(
                'plainTextPath="internal://0D6C7A3E-52B5-4C1B-9E08-6F1A3C2B4D10.txt"',
                'plainTextPath="internal://missing.txt"',
            ),
            r"document missing from the archive \(expected a file 'Sources/missing.txt'",
        ),
        (
            QDE.replace("<IntegerValue>120000</IntegerValue>", "<IntegerValue>-5</IntegerValue>"),
            r"bad\.qdpx: the project does not make a valid case base .*cases\.csv, line 2 \(northtown\), field 'population'",
        ),
    ],
    ids=[
        "doctype-xxe",
        "undefined-entity",
        "malformed",
        "wrong-namespace",
        "selection-out-of-range",
        "bad-position",
        "unknown-code",
        "bad-guid",
        "bad-integer",
        "traversal-in-plainTextPath",
        "missing-document",
        "invalid-case-base",
    ],
)
def test_malformed_projects_are_refused(tmp_path: Path, qde: str, message: str) -> None:
    with pytest.raises(ExchangeError, match=message):
        read_qdpx(_with_qde(tmp_path, qde))


def test_deeply_nested_xml_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    depth = 5000
    codes = (
        "".join(
            f'<Code guid="{refi_guid("deep", str(i))}" name="c{i}" isCodable="true">'
            for i in range(depth)
        )
        + "</Code>" * depth
    )
    qdc = tmp_path / "deep.qdc"
    qdc.write_text(
        f'<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    with pytest.raises(
        ExchangeError, match=r"deep\.qdc, line 2, field 'Code': XML nested too deeply"
    ):
        read_qdc(qdc)
    qde = QDE.replace("<Codes>", "<Codes>" + codes, 1)
    with pytest.raises(ExchangeError, match="XML nested too deeply"):
        read_qdpx(_with_qde(tmp_path, qde))


def test_moderately_nested_codes_still_read(tmp_path: Path) -> None:
    depth = 150
    codes = (
        "".join(
            f'<Code guid="{refi_guid("deep", str(i))}" name="c{i}" isCodable="true">'
            for i in range(depth)
        )
        + "</Code>" * depth
    )
    qdc = tmp_path / "ok.qdc"
    qdc.write_text(
        f'<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>{codes}</Codes></CodeBook>',
        encoding="utf-8",
    )
    assert read_qdc(qdc)["depth"].max() == depth - 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "../evil.txt",
            r"field '\.\./evil\.txt': unsafe file name in the archive .*path traversal",
        ),
        ("/etc/cron.d/evil", r"unsafe file name .*absolute path"),
        ("C:/Windows/evil.txt", r"unsafe file name .*absolute path"),
        ("Sources\\..\\evil.txt", r"unsafe file name .*backslash"),
    ],
)
def test_path_traversal_in_member_names_is_refused(tmp_path: Path, name: str, message: str) -> None:
    path = _zip(tmp_path / "t.qdpx", {**_handmade_files(), name: "x"})
    with pytest.raises(ExchangeError, match=message):
        read_qdpx(path)


def test_zip_bombs_are_refused(tmp_path: Path) -> None:
    # ratio: 8 MB of zeros compress to a few kB
    bomb = _zip(
        tmp_path / "bomb.qdpx", {**_handmade_files(), "Sources/zeros.txt": b"\0" * (8 << 20)}
    )
    assert bomb.stat().st_size < 100_000
    with pytest.raises(
        ExchangeError,
        match=r"field 'Sources/zeros\.txt': suspicious compression ratio \(zip bomb\?\)",
    ):
        read_qdpx(bomb)
    # absolute size: 3 MB that do not compress, over a 2 MB limit
    import random

    noise = random.Random(0).randbytes(3 << 20)
    big = _zip(tmp_path / "big.qdpx", {**_handmade_files(), "Sources/noise.bin": noise})
    with pytest.raises(
        ExchangeError, match=r"project too large when unpacked \(expected at most 2 MB"
    ):
        read_qdpx(big, max_unpacked_mb=2)
    assert read_qdpx(big, max_unpacked_mb=10).book.cases.shape[0] == 2


def test_other_archive_faults(tmp_path: Path, handmade: Path) -> None:
    text = tmp_path / "x.qdpx"
    text.write_text("<?xml version='1.0'?><Project/>")
    with pytest.raises(ExchangeError, match="not a REFI-QDA project .*without the zip signature"):
        read_qdpx(text)
    with pytest.raises(ExchangeError, match="project file not found"):
        read_qdpx(tmp_path / "none.qdpx")
    no_qde = _zip(tmp_path / "n.qdpx", {"Sources/a.txt": "x"})
    with pytest.raises(ExchangeError, match="expected a file 'project.qde'"):
        read_qdpx(no_qde)
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(handmade.read_bytes()[:200])
    with pytest.raises(ExchangeError, match="damaged zip archive"):
        read_qdpx(broken)
    with pytest.warns(UserWarning):
        dup = _zip(tmp_path / "d.qdpx", {})
        with zipfile.ZipFile(dup, "a") as zf:
            zf.writestr("project.qde", QDE)
            zf.writestr("project.qde", QDE)
    with pytest.raises(ExchangeError, match="file name twice in the archive"):
        read_qdpx(dup)
    files = _handmade_files()
    files["Sources/0D6C7A3E-52B5-4C1B-9E08-6F1A3C2B4D10.txt"] = "caf\xe9".encode("latin-1")
    with pytest.raises(
        ExchangeError,
        match=r"document is not UTF-8 text \(expected UTF-8 plain text, found byte 0xe9",
    ):
        read_qdpx(_zip(tmp_path / "latin.qdpx", files))


def test_encrypted_members_are_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in _handmade_files().items():
            zf.writestr(name, data)
    raw = bytearray(buf.getvalue())
    # set the 'encrypted' bit (general purpose flag bit 0) in every central-directory entry
    i = raw.find(b"PK\x01\x02")
    while i != -1:
        raw[i + 8] |= 0x01
        i = raw.find(b"PK\x01\x02", i + 4)
    path = tmp_path / "enc.qdpx"
    path.write_bytes(bytes(raw))
    with pytest.raises(ExchangeError, match="encrypted file in the archive"):
        read_qdpx(path)


def test_arguments_are_checked(handmade: Path) -> None:
    with pytest.raises(ArgumentError, match="argument 'language'"):
        read_qdpx(handmade, language="English")
    with pytest.raises(ArgumentError, match="argument 'max_unpacked_mb'"):
        read_qdpx(handmade, max_unpacked_mb="big")  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="argument 'max_unpacked_mb'"):
        read_qdpx(handmade, max_unpacked_mb=float("nan"))
    with pytest.raises(ArgumentError, match="argument 'framework'"):
        read_qdpx(handmade, framework="bundled")  # type: ignore[arg-type]
    assert read_qdpx(handmade, language="fi").book.sources["language"].eq("fi").all()
