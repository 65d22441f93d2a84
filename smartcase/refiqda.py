"""REFI-QDA exchange: the codebook as ``.qdc`` and the case base as a ``.qdpx`` project.

The REFI-QDA standard (Rotterdam Exchange Format Initiative, version 1.5, 2019) is how
ATLAS.ti, NVivo, MAXQDA, QualCoder, Quirkos, Transana and others exchange codebooks and coded
projects. smartcase writes

* a **codebook** (:func:`export_qdc`): one non-codable code per framework element with its
  sub-dimensions as codable child codes, and the outcome as a codable top-level code; each code's
  description is its codebook entry (definition, when to use, when not to use, example, rubric);
* a **project** (:func:`export_qdpx`): a zip holding ``project.qde`` (valid against the REFI-QDA
  ``Project.xsd`` of 2019) and one plain-text document per case in ``Sources/``. The document
  lists the case's evidence statements, one per line; each statement is a coded selection
  (``PlainTextSelection``) coded to its sub-dimension, and to every construct whose code cites
  it, by the coder who cited it (``Coding/@creatingUser``). Coders are project users; case
  attributes and every coder's 0-3 codes are case variables.

:func:`read_qdc` reads a codebook written by any tool into a table of codes;
:func:`read_qdpx` reads a project written by any tool (or by :func:`export_qdpx`) into a
case-base draft, listing what it could not map and the placeholders it had to fill. Archives are
checked before anything is unpacked (size, compression ratio, member names) and XML is parsed
without DTDs or entities and to a bounded depth.

GUIDs are name-based (UUID 5) on the ids, so exporting the same case base twice gives identical
bytes, and the codebook's GUIDs match the project's.

Examples
--------
>>> import tempfile, pathlib
>>> from smartcase import load_framework
>>> path = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "codebook.qdc")
>>> codes = read_qdc(path)
>>> codes.loc[codes["parent"].isna(), "name"].tolist()[:3]
['Technology, data and infrastructure', 'Innovative capacity', 'Institutional setting']
"""

from __future__ import annotations

import io
import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from xml.parsers import expat

import pandas as pd

from .casebook import CASE_TABLES, REFERENCE_CODER, CaseBook
from .errors import ArgumentError, ExchangeError
from .framework import LEVEL_LABELS, Framework
from .output import _FIXED_ZIP_DATE, atomic_write_bytes
from .schema import split_ids, table_specs
from .style import ELEMENT_COLORS

__all__ = [
    "export_qdc",
    "export_qdpx",
    "read_qdc",
    "read_qdpx",
    "QdpxImport",
    "DEFAULT_MAX_QDPX_MB",
    "MAX_COMPRESSION_RATIO",
    "refi_guid",
    "QDC_NAMESPACE",
    "PROJECT_NAMESPACE",
]

#: XML namespace of a REFI-QDA codebook (``.qdc``).
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
#: XML namespace of a REFI-QDA project (``project.qde`` inside a ``.qdpx``).
PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
#: Namespace of smartcase's name-based GUIDs (fixed forever: changing it changes every GUID).
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "smartcase:refi-qda")
_GUID_RE = re.compile(
    r"^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}"
    r"|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"
)
_RGB_RE = re.compile(r"^#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$")
_MAX_QDC_BYTES = 50 * 1024 * 1024
#: Deepest nesting of XML elements read (REFI-QDA needs a handful; code trees rarely 20).
_MAX_DEPTH = 200
_NEWLINES = {"lf": "\n", "crlf": "\r\n"}
_VARIABLE_TYPES = {"string": "Text", "integer": "Integer", "number": "Float", "boolean": "Boolean"}
#: Name prefix of the notes in which export_qdpx stores the case-base tables as CSV.
_NOTE_PREFIX = "smartcase table "


def refi_guid(kind: str, *ids: str) -> str:
    """The stable GUID smartcase gives an entity (UUID 5 of its kind and ids).

    Examples
    --------
    >>> refi_guid("code", "open_data") == refi_guid("code", "open_data")
    True
    >>> len(refi_guid("case", "busan"))
    36
    """
    return str(uuid.uuid5(_GUID_NAMESPACE, ":".join((kind, *ids))))


# ----------------------------------------------------------------------------- writing
def _framework_of(obj: CaseBook | Framework) -> Framework:
    if isinstance(obj, Framework):
        return obj
    if isinstance(obj, CaseBook):
        return obj.framework
    raise ArgumentError("book", type(obj).__name__, "a CaseBook or a Framework")


def _sub(
    parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None
) -> ET.Element:
    el = ET.SubElement(parent, tag, attrib or {})
    if text is not None:
        el.text = text
    return el


def _clean(text: object) -> str:
    """Text safe for XML 1.0 (control characters other than tab/newline dropped)."""
    s = "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)
    return "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20 and ch not in "\ufffe\uffff")


def _code_description(fw: Framework, construct: str) -> str:
    rec = fw.codebook.loc[construct]
    rubric = fw.rubric[fw.rubric["construct_id"] == construct]
    parts = [
        f"id: {construct}",
        f"{rec['short_definition']}",
        "",
        f"Definition: {rec['full_definition']}",
        f"When to use: {rec['when_to_use']}",
        f"When not to use: {rec['when_not_to_use']}",
        f"Example: {rec['example']}",
        "",
        "Rubric:",
    ]
    parts += [f"{int(r.level)} {r.level_label}: {r.anchor}" for r in rubric.itertuples(index=False)]
    return _clean("\n".join(parts))


def _codes(parent: ET.Element, fw: Framework) -> None:
    """Elements as non-codable parents of their sub-dimensions; the outcome at the top."""
    codes = _sub(parent, "Codes")
    for eid, rec in fw.elements.iterrows():
        el = _sub(
            codes,
            "Code",
            {
                "guid": refi_guid("element", str(eid)),
                "name": _clean(rec["label"]),
                "isCodable": "false",
                "color": ELEMENT_COLORS.get(str(eid), "#000000"),
            },
        )
        _sub(el, "Description", text=_clean(f"id: {eid}\n{rec['definition']}"))
        for sid in fw.subdimensions_of(str(eid)):
            sub = _sub(
                el,
                "Code",
                {
                    "guid": refi_guid("code", sid),
                    "name": _clean(fw.codebook.at[sid, "label"]),
                    "isCodable": "true",
                    "color": ELEMENT_COLORS.get(str(eid), "#000000"),
                },
            )
            _sub(sub, "Description", text=_code_description(fw, sid))
    for oid in fw.outcome_ids:
        out = _sub(
            codes,
            "Code",
            {
                "guid": refi_guid("code", oid),
                "name": _clean(fw.codebook.at[oid, "label"]),
                "isCodable": "true",
                "color": ELEMENT_COLORS.get(oid, "#CC79A7"),
            },
        )
        _sub(out, "Description", text=_code_description(fw, oid))


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def qdc_bytes(framework: Framework) -> bytes:
    """The REFI-QDA codebook of a framework as bytes (see :func:`export_qdc`)."""
    from . import __version__

    root = ET.Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": f"smartcase {__version__}"})
    _codes(root, framework)
    return _xml_bytes(root)


def export_qdc(book: CaseBook | Framework, path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the framework's codebook as a REFI-QDA codebook file (``.qdc``).

    Parameters
    ----------
    book : CaseBook or Framework
        The case base (its framework is written) or a framework.
    path : str or Path
        The ``.qdc`` file.
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    read_qdc, export_qdpx

    Notes
    -----
    Root ``CodeBook`` in the namespace ``urn:QDA-XML:codebook:1.0`` (REFI-QDA ``Codebook.xsd``),
    ``Codes`` holding one code per element (``isCodable="false"``, the element's definition as
    description, its colour from :data:`smartcase.style.ELEMENT_COLORS`) with the sub-dimensions
    nested as codable codes, then the outcome as a codable top-level code. Each description
    starts with ``id: <construct_id>`` so the codes can be matched to smartcase ids after a round
    trip through a QDA tool.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_framework
    >>> p = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "c.qdc")
    >>> p.read_bytes().startswith(b"<?xml")
    True
    """
    return atomic_write_bytes(path, qdc_bytes(_framework_of(book)), overwrite=overwrite)


@dataclass
class _Document:
    case_id: str
    text: str = ""
    selections: list[tuple[str, int, int]] = field(default_factory=list)  # evidence_id, start, end


def _case_documents(book: CaseBook, newline: str) -> dict[str, _Document]:
    docs: dict[str, _Document] = {}
    ev = book.evidence
    for cid in book.case_ids:
        rec = book.cases.loc[cid]
        doc = _Document(cid)
        lines = [
            _clean(
                f"{rec['name']} ({cid}): evidence statements compiled by smartcase, one per line."
            )
        ]
        pos = len(lines[0]) + len(newline)
        for eid, e in ev[ev["case_id"] == cid].iterrows():
            when = f"{e['year']}" + (
                f" ({e['period']})" if isinstance(e["period"], str) and e["period"] else ""
            )
            flag = "; after 2020" if bool(e["post_2020"]) else ""
            prefix = _clean(
                f"[{eid}] {e['element_id']}/{e['subdimension_id']}; {when}; {e['strength']}; source {e['source_id']}{flag}: "
            )
            statement = (
                _clean(e["statement"]).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
            )
            start = pos + len(prefix)
            doc.selections.append((str(eid), start, start + len(statement)))
            line = prefix + statement
            lines.append(line)
            pos += len(line) + len(newline)
        doc.text = newline.join(lines) + newline
        docs[cid] = doc
    return docs


def _source_note(book: CaseBook, source_id: str) -> str:
    if source_id not in book.sources.index:
        return f"Source: {source_id}"
    s = book.sources.loc[source_id]
    year = "" if pd.isna(s["year"]) else f" ({int(s['year'])})"
    text = f"Source {source_id}: {s['author']}{year}. {s['title']}."
    if isinstance(s["url"], str) and s["url"]:
        text += f" {s['url']}"
        if isinstance(s["accessed"], str) and s["accessed"]:
            text += f" (accessed {s['accessed']})"
    return _clean(text)


def _value_element(vv: ET.Element, kind: str, value: object) -> None:
    if kind == "Boolean":
        _sub(vv, "BooleanValue", text="true" if bool(value) else "false")
    elif kind == "Integer":
        _sub(vv, "IntegerValue", text=str(int(value)))  # type: ignore[call-overload]
    elif kind == "Float":
        f = float(value)  # type: ignore[arg-type]
        _sub(vv, "FloatValue", text=str(int(f)) if f.is_integer() else repr(f))
    else:
        _sub(vv, "TextValue", text=_clean(value))


def _table_notes(book: CaseBook) -> list[tuple[str, str]]:
    """Every table of the case base as CSV text (framework tables only when not the bundled one)."""
    from .framework import load_framework
    from .workbook import _csv_bytes, _same_framework, _to_text, case_tables

    custom = not _same_framework(book.framework, load_framework())
    tables = case_tables(book, framework=custom)
    out = []
    for name, df in tables.items():
        rows = [[_to_text(v) for v in rec] for rec in df.itertuples(index=False, name=None)]
        data, _ = _csv_bytes(list(df.columns), rows)
        out.append((f"{_NOTE_PREFIX}{name}.csv", _clean(data.decode("utf-8"))))
    return out


def project_bytes(book: CaseBook, *, newline: Literal["lf", "crlf"] = "lf") -> bytes:
    """The REFI-QDA project of a case base as ``.qdpx`` bytes (see :func:`export_qdpx`)."""
    from . import __version__

    if newline not in _NEWLINES:
        raise ArgumentError("newline", repr(newline), "one of 'lf', 'crlf'")
    nl = _NEWLINES[newline]
    fw = book.framework
    specs = table_specs()
    coders = list(book.coders.index)
    user = {c: refi_guid("user", c) for c in coders}
    root = ET.Element(
        "Project",
        {
            "xmlns": PROJECT_NAMESPACE,
            "name": "smartcase case base",
            "origin": f"smartcase {__version__}",
        },
    )
    if REFERENCE_CODER in user:
        root.set("creatingUserGUID", user[REFERENCE_CODER])
    if coders:
        users = _sub(root, "Users")
        for c in coders:
            _sub(
                users, "User", {"guid": user[c], "name": _clean(book.coders.at[c, "name"]), "id": c}
            )
    _codes(_sub(root, "CodeBook"), fw)

    # variables: case attributes, then each coder's 0-3 code per construct
    variables: list[tuple[str, str, str, str]] = []  # guid, name, type, description
    case_fields = [f for f in specs["cases"].fields if f.name != "case_id"]
    for f in case_fields:
        variables.append(
            (
                refi_guid("variable", f.name),
                f.name,
                _VARIABLE_TYPES.get(f.type, "Text"),
                f.description,
            )
        )
    levels = ", ".join(f"{k} {v}" for k, v in LEVEL_LABELS.items())
    code_vars: dict[tuple[str, str], str] = {}
    present = book.codes[["construct_id", "coder_id"]].drop_duplicates()
    present_set = set(zip(present["construct_id"], present["coder_id"], strict=True))
    for coder in book.coder_ids:
        for construct in fw.codebook.index:
            if (construct, coder) not in present_set:
                continue
            g = refi_guid("variable", "code", construct, coder)
            code_vars[(construct, coder)] = g
            label = fw.codebook.at[construct, "label"]
            variables.append(
                (
                    g,
                    f"{construct} ({coder})",
                    "Integer",
                    f"Code of '{label}' by coder {coder}: {levels}.",
                )
            )
    if variables:
        vs = _sub(root, "Variables")
        for g, name, kind, desc in variables:
            v = _sub(vs, "Variable", {"guid": g, "name": _clean(name), "typeOfVariable": kind})
            if desc:
                _sub(v, "Description", text=_clean(desc))

    docs = _case_documents(book, nl)
    source_guid = {cid: refi_guid("source", cid) for cid in book.case_ids}
    cases_el = _sub(root, "Cases")
    codes = book.codes
    for cid in book.case_ids:
        rec = book.cases.loc[cid]
        case = _sub(cases_el, "Case", {"guid": refi_guid("case", cid), "name": _clean(rec["name"])})
        _sub(case, "Description", text=_clean(f"id: {cid}; {rec['country']}; group {rec['group']}"))
        for f in case_fields:
            value = rec[f.name]
            if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
                continue
            vv = _sub(case, "VariableValue")
            _sub(vv, "VariableRef", {"targetGUID": refi_guid("variable", f.name)})
            _value_element(vv, _VARIABLE_TYPES.get(f.type, "Text"), value)
        mine = codes[codes["case_id"] == cid]
        for r in mine.itertuples(index=False):
            var_guid = code_vars.get((r.construct_id, r.coder_id))
            if var_guid is None or pd.isna(r.code):
                continue
            vv = _sub(case, "VariableValue")
            _sub(vv, "VariableRef", {"targetGUID": var_guid})
            _sub(vv, "IntegerValue", text=str(int(r.code)))
        _sub(case, "SourceRef", {"targetGUID": source_guid[cid]})

    # who cited which evidence item for which construct
    cited: dict[str, list[tuple[str, str]]] = {}
    for r in codes.itertuples(index=False):
        for eid in split_ids(r.evidence_ids):
            cited.setdefault(eid, []).append((str(r.construct_id), str(r.coder_id)))
    sources_el = _sub(root, "Sources")
    files: dict[str, bytes] = {}
    for cid in book.case_ids:
        doc = docs[cid]
        sg = source_guid[cid]
        ts = _sub(
            sources_el,
            "TextSource",
            {
                "guid": sg,
                "name": _clean(f"{book.cases.at[cid, 'name']} - evidence"),
                "plainTextPath": f"internal://{sg}.txt",
            },
        )
        _sub(
            ts,
            "Description",
            text=_clean(
                f"Evidence statements of case {cid}, one per line; each statement is a coded selection."
            ),
        )
        for eid, start, end in doc.selections:
            e = book.evidence.loc[eid]
            sel = _sub(
                ts,
                "PlainTextSelection",
                {
                    "guid": refi_guid("selection", eid),
                    "name": eid,
                    "startPosition": str(start),
                    "endPosition": str(end),
                },
            )
            note = _source_note(book, str(e["source_id"]))
            if isinstance(e["note"], str) and e["note"]:
                note += _clean(f"\nNote: {e['note']}")
            _sub(sel, "Description", text=note)
            codings: list[tuple[str, str | None]] = list(dict.fromkeys(cited.get(eid, [])))
            if not any(c == e["subdimension_id"] for c, _ in codings):
                codings.insert(0, (str(e["subdimension_id"]), None))
            for construct, by in codings:
                attrs = {"guid": refi_guid("coding", eid, construct, by or "")}
                if by is not None and by in user:
                    attrs["creatingUser"] = user[by]
                coding = _sub(sel, "Coding", attrs)
                _sub(coding, "CodeRef", {"targetGUID": refi_guid("code", construct)})
        files[f"Sources/{sg}.txt"] = doc.text.encode("utf-8")
    notes = _table_notes(book)
    if notes:
        notes_el = _sub(root, "Notes")
        for name, text in notes:
            note_el = _sub(notes_el, "Note", {"guid": refi_guid("note", name), "name": name})
            _sub(
                note_el,
                "Description",
                text="A table of the smartcase case base as CSV, so that smartcase.read_qdpx "
                "gives back everything the standard has no element for.",
            )
            _sub(note_el, "PlainTextContent", text=text)
    _sub(
        root,
        "Description",
        text=(
            f"smartcase case base: {len(book.cases)} cases, {len(book.evidence)} evidence items, "
            f"{len(book.sources)} sources, coded by {len(book.coder_ids)} coder(s) on {len(fw.subdimensions)} sub-dimensions "
            f"of {len(fw.elements)} elements and the outcome. Case variables hold the case attributes and each coder's 0-3 codes."
        ),
    )
    for name, _ in notes:
        _sub(root, "NoteRef", {"targetGUID": refi_guid("note", name)})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("project.qde", _xml_bytes(root)), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=_FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return out.getvalue()


def export_qdpx(
    book: CaseBook,
    path: str | Path,
    *,
    newline: Literal["lf", "crlf"] = "lf",
    overwrite: bool = False,
) -> Path:
    """Write the case base as a REFI-QDA project (``.qdpx``) for ATLAS.ti, NVivo, MAXQDA, QualCoder.

    Parameters
    ----------
    book : CaseBook
        The case base.
    path : str or Path
        The ``.qdpx`` file.
    newline : {'lf', 'crlf'}, default 'lf'
        Line ending of the case documents. Selection offsets always count the characters of the
        document as written; ``'crlf'`` is for tools that count a Windows line ending as two
        characters (QualCoder's notes report this for MAXQDA).
    overwrite : bool, default False
        Replace an existing file.

    Returns
    -------
    Path

    Raises
    ------
    ArgumentError
        Unknown ``newline``.
    smartcase.output.OutputExistsError
        ``path`` exists and ``overwrite`` is False.

    See Also
    --------
    export_qdc

    Notes
    -----
    The archive holds ``project.qde`` (namespace ``urn:QDA-XML:project:1.0``) and
    ``Sources/<guid>.txt``, one UTF-8 plain-text document per case referenced as
    ``plainTextPath="internal://<guid>.txt"``, the layout ATLAS.ti, NVivo and QualCoder write
    and read (QualCoder's importer expects the ``Sources`` folder). One document per case keeps
    a case's evidence together and lets the case own its document (``Case/SourceRef``).

    - ``Users``: the coders (``id`` = coder id).
    - ``CodeBook``: as :func:`export_qdc`.
    - ``Variables``: the case attributes of ``cases.csv`` (typed Text/Integer/Float) and one
      Integer variable ``<construct> (<coder>)`` per construct and coder holding the 0-3 code.
    - ``Cases``: one per case with its variable values and its document.
    - ``Sources``: per evidence item a ``PlainTextSelection`` (name = evidence id; start and end
      are character offsets of the statement in the document, end exclusive; description = the
      bibliographic source) with a ``Coding`` to its sub-dimension, and one ``Coding`` per code
      that cites it (construct and coder; ``creatingUser`` = that coder). An item no code cites
      is coded to its sub-dimension without a user.

    Offsets count Unicode code points; NVivo counts UTF-16 units, which differ only for
    characters outside the Basic Multilingual Plane (e.g. emoji). Line endings are where tools
    disagree: QualCoder's documentation reports that ATLAS.ti shifted imported codings by one
    character per line ending and that MAXQDA needed an extra line-ending character (try
    ``newline='crlf'``). The statements sit one per line, after a prefix, so a shift shows at
    once. GUIDs are UUID 5 of the ids and no dates are written, so the bytes are the same on
    every run.

    Examples
    --------
    >>> import tempfile, pathlib, zipfile
    >>> from smartcase import load_cases
    >>> p = export_qdpx(load_cases(), pathlib.Path(tempfile.mkdtemp()) / "cases.qdpx")
    >>> zipfile.ZipFile(p).namelist()[0]
    'project.qde'
    """
    if not isinstance(book, CaseBook):
        raise ArgumentError("book", type(book).__name__, "a CaseBook")
    return atomic_write_bytes(path, project_bytes(book, newline=newline), overwrite=overwrite)


# ----------------------------------------------------------------------------- reading
@dataclass
class _Node:
    ns: str
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)


def _parse(data: bytes, path: Path) -> _Node:
    """Parse XML with line numbers; DTDs and entity declarations are refused."""
    parser = expat.ParserCreate(namespace_separator=" ")
    stack: list[_Node] = []
    root: list[_Node] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        ns, _, local = name.rpartition(" ")
        if len(stack) >= _MAX_DEPTH:
            raise ExchangeError(
                "XML nested too deeply",
                file=path,
                line=parser.CurrentLineNumber,
                field=local,
                expected=f"at most {_MAX_DEPTH} levels of nested elements",
                found=f"more (element <{local}> at level {len(stack) + 1})",
            )
        node = _Node(ns, local, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else root).append(node)
        stack.append(node)

    def end(name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].text.append(data)

    def doctype(*args: object) -> None:
        raise ExchangeError(
            "document type declarations are not allowed",
            file=path,
            line=parser.CurrentLineNumber,
            expected="REFI-QDA XML without <!DOCTYPE> (no DTDs or entities)",
            found="<!DOCTYPE ...>",
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ExchangeError(
            "malformed XML",
            file=path,
            line=exc.lineno,
            expected="well-formed XML",
            found=f"{expat.ErrorString(exc.code)} at column {exc.offset + 1}",
        ) from None
    if not root:
        raise ExchangeError("empty XML document", file=path, expected="a <CodeBook> element")
    return root[0]


def _check_children(node: _Node, allowed: Iterable[str], path: Path) -> None:
    allowed = tuple(allowed)
    for child in node.children:
        if child.tag not in allowed or child.ns != node.ns:
            raise ExchangeError(
                f"unexpected element inside <{node.tag}>",
                file=path,
                line=child.line,
                field=child.tag,
                expected="only " + ", ".join(f"<{a}>" for a in allowed),
                found=f"<{child.tag}>"
                + (f" in namespace {child.ns!r}" if child.ns != node.ns else ""),
            )


def read_qdc(path: str | Path) -> pd.DataFrame:
    """Read a REFI-QDA codebook (``.qdc``) into a table of codes.

    Parameters
    ----------
    path : str or Path
        A ``.qdc`` file written by smartcase or any QDA tool.

    Returns
    -------
    pandas.DataFrame
        One row per code in document order (parents before children), columns ``guid``,
        ``name``, ``parent`` (the parent code's GUID; missing, i.e. ``pd.isna``, at the top
        level), ``parent_name``, ``depth`` (0 at the top), ``is_codable`` (bool), ``color``
        (``#RRGGBB`` or missing), ``description`` (missing when absent).

    Raises
    ------
    ExchangeError
        Naming the line and XML element: not well-formed XML; a DOCTYPE; a root other than
        ``<CodeBook>`` in the codebook namespace; no ``<Codes>``; an unexpected element; a code
        without ``guid``, ``name`` or ``isCodable``; a malformed GUID, colour or boolean; a
        duplicate GUID.

    See Also
    --------
    export_qdc

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_framework
    >>> p = export_qdc(load_framework(), pathlib.Path(tempfile.mkdtemp()) / "c.qdc")
    >>> codes = read_qdc(p)
    >>> int((codes["depth"] == 1).sum()) == len(load_framework().subdimensions)
    True
    """
    path = Path(path)
    if not path.is_file():
        raise ExchangeError("codebook file not found", file=path, expected="an existing .qdc file")
    size = path.stat().st_size
    if size > _MAX_QDC_BYTES:
        raise ExchangeError(
            "codebook file too large",
            file=path,
            expected=f"at most {_MAX_QDC_BYTES // 1024 // 1024} MB",
            found=f"{size / 1024 / 1024:.1f} MB",
        )
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        raise ExchangeError(
            "not a codebook file",
            file=path,
            expected="a REFI-QDA codebook (.qdc, XML)",
            found="a zip archive (a .qdpx project?)",
        )
    root = _parse(data, path)
    if root.tag != "CodeBook" or root.ns not in (QDC_NAMESPACE, PROJECT_NAMESPACE):
        raise ExchangeError(
            "not a REFI-QDA codebook",
            file=path,
            line=root.line,
            field=root.tag,
            expected=f"root element <CodeBook> in namespace {QDC_NAMESPACE!r}",
            found=f"<{root.tag}>"
            + (f" in namespace {root.ns!r}" if root.ns else " without namespace"),
        )
    _check_children(root, ("Codes", "Sets"), path)
    codes_nodes = [c for c in root.children if c.tag == "Codes"]
    if len(codes_nodes) != 1:
        raise ExchangeError(
            "a codebook needs one <Codes> element",
            file=path,
            line=codes_nodes[1].line if codes_nodes else root.line,
            field="Codes",
            expected="exactly one <Codes>",
            found=f"{len(codes_nodes)}",
        )
    codes_node = codes_nodes[0]
    _check_children(codes_node, ("Code",), path)
    if not codes_node.children:
        raise ExchangeError(
            "no codes",
            file=path,
            line=codes_node.line,
            field="Codes",
            expected="at least one <Code>",
            found="an empty <Codes>",
        )
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def visit(node: _Node, parent: _Node | None, depth: int) -> None:
        _check_children(node, ("Description", "NoteRef", "Code"), path)
        for attr in ("guid", "name", "isCodable"):
            if attr not in node.attrs:
                raise ExchangeError(
                    f"<Code> without the required attribute {attr!r}",
                    file=path,
                    line=node.line,
                    field=f"Code/@{attr}",
                    expected=f"a {attr} attribute",
                    found="none",
                )
        guid = node.attrs["guid"].strip()
        if not _GUID_RE.match(guid):
            raise ExchangeError(
                "malformed GUID",
                file=path,
                line=node.line,
                field="Code/@guid",
                expected="a GUID like 8-4-4-4-12 hex digits",
                found=repr(guid),
            )
        key = guid.strip("{}").lower()
        if key in seen:
            raise ExchangeError(
                "duplicate GUID",
                file=path,
                line=node.line,
                field="Code/@guid",
                expected=f"a GUID not used before (first used on line {seen[key]})",
                found=repr(guid),
            )
        seen[key] = node.line
        codable = node.attrs["isCodable"].strip()
        if codable not in ("true", "false", "1", "0"):
            raise ExchangeError(
                "malformed boolean",
                file=path,
                line=node.line,
                field="Code/@isCodable",
                expected="true or false",
                found=repr(codable),
            )
        color = node.attrs.get("color")
        if color is not None and not _RGB_RE.match(color.strip()):
            raise ExchangeError(
                "malformed colour",
                file=path,
                line=node.line,
                field="Code/@color",
                expected="#RRGGBB",
                found=repr(color),
            )
        descs = [c for c in node.children if c.tag == "Description"]
        if len(descs) > 1:
            raise ExchangeError(
                "more than one <Description>",
                file=path,
                line=descs[1].line,
                field="Code/Description",
                expected="at most one",
                found=str(len(descs)),
            )
        rows.append(
            {
                "guid": guid,
                "name": node.attrs["name"],
                "parent": parent.attrs["guid"].strip() if parent is not None else None,
                "parent_name": parent.attrs["name"] if parent is not None else None,
                "depth": depth,
                "is_codable": codable in ("true", "1"),
                "color": color.strip() if color is not None else None,
                "description": "".join(descs[0].text) if descs else None,
            }
        )
        for child in node.children:
            if child.tag == "Code":
                visit(child, node, depth + 1)

    for node in codes_node.children:
        visit(node, None, 0)
    out = pd.DataFrame(
        rows,
        columns=[
            "guid",
            "name",
            "parent",
            "parent_name",
            "depth",
            "is_codable",
            "color",
            "description",
        ],
    )
    return out.astype({"depth": "int64", "is_codable": "bool"})


# ----------------------------------------------------------------------------- reading .qdpx
#: Default limit on the unpacked size of a ``.qdpx`` archive that :func:`read_qdpx` accepts.
DEFAULT_MAX_QDPX_MB = 200
#: Largest compression ratio accepted for a member of more than 1 MB (zip-bomb guard).
MAX_COMPRESSION_RATIO = 200
_MAX_MEMBERS = 10_000
_CASE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_CODE_VARIABLE_RE = re.compile(r"^([a-z][a-z0-9_]*) \(([a-z0-9][a-z0-9_.-]*)\)$")
_PROJECT_SOURCE = "qdpx-project"


@dataclass(frozen=True, repr=False)
class QdpxImport:
    """A case-base draft read from a REFI-QDA project (see :func:`read_qdpx`).

    Attributes
    ----------
    book : CaseBook
        The draft, validated by the same checks as :func:`~smartcase.casebook.load_cases`.
    unmapped : pandas.DataFrame
        What could not be imported: ``kind`` (code, selection, source, coding), ``guid``,
        ``name``, ``codings`` (how many codings it carries) and ``reason``.
    placeholders : pandas.DataFrame
        Every value the project did not give and the draft had to fill so that it loads:
        ``table``, ``id``, ``field``, ``value`` and ``reason``. Replace them before analysis.
    project : str
        The project's name.
    origin : str or None
        The software that wrote the project (``Project/@origin``).
    from_smartcase : bool
        The project carries the case-base tables that :func:`export_qdpx` writes as notes;
        columns the standard has no element for come from them.
    """

    book: CaseBook
    unmapped: pd.DataFrame
    placeholders: pd.DataFrame
    project: str
    origin: str | None
    from_smartcase: bool

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The draft's tables in the layout of ``data/template/`` (ids as columns)."""
        from .workbook import case_tables

        return case_tables(self.book, framework=False)

    def write(self, directory: str | Path, *, overwrite: bool = False) -> list[Path]:
        """Write the draft as a case-base folder (CSV files as in ``data/template/``).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from smartcase import load_cases
        >>> tmp = pathlib.Path(tempfile.mkdtemp())
        >>> draft = read_qdpx(export_qdpx(load_cases(), tmp / "p.qdpx"))
        >>> [p.name for p in draft.write(tmp / "cases")][:2]
        ['cases.csv', 'programmes.csv']
        """
        from .workbook import write_case_base

        return write_case_base(self.book, directory, overwrite=overwrite)

    def __repr__(self) -> str:
        b = self.book
        return (
            f"REFI-QDA project {self.project!r} ({self.origin or 'origin not stated'}): "
            f"{len(b.cases)} case(s), {len(b.evidence)} evidence item(s), {len(b.sources)} "
            f"source(s), {len(b.coders)} coder(s), {len(b.codes)} code(s); "
            f"{len(self.unmapped)} item(s) not imported, {len(self.placeholders)} placeholder(s) to replace"
        )


# ------------------------------------------------------------------ archive
def _unsafe_name(name: str) -> str | None:
    if not name or "\x00" in name:
        return "an empty name or a NUL byte"
    if "\\" in name:
        return "a backslash"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if any(part == ".." for part in name.split("/")):
        return "a '..' segment (path traversal)"
    return None


def _open_archive(path: Path, max_unpacked_mb: float) -> tuple[zipfile.ZipFile, dict[str, Any]]:
    if not path.is_file():
        raise ExchangeError("project file not found", file=path, expected="an existing .qdpx file")
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head != b"PK\x03\x04":
        raise ExchangeError(
            "not a REFI-QDA project",
            file=path,
            expected="a .qdpx file (a zip archive)",
            found="a file without the zip signature (PK)"
            + (" - an XML file? read codebooks with read_qdc" if head.startswith(b"<?") else ""),
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(
            "damaged zip archive", file=path, expected="a readable .qdpx", found=str(exc)
        ) from None
    try:
        infos = zf.infolist()
        if len(infos) > _MAX_MEMBERS:
            raise ExchangeError(
                "too many files in the archive",
                file=path,
                expected=f"at most {_MAX_MEMBERS}",
                found=str(len(infos)),
            )
        members: dict[str, Any] = {}
        total = 0
        for info in infos:
            why = _unsafe_name(info.filename)
            if why is not None:
                raise ExchangeError(
                    "unsafe file name in the archive",
                    file=path,
                    field=info.filename,
                    expected="relative names inside the archive",
                    found=why,
                )
            if info.filename in members:
                raise ExchangeError(
                    "file name twice in the archive",
                    file=path,
                    field=info.filename,
                    expected="each name once",
                    found="a duplicate entry",
                )
            if info.flag_bits & 0x1:
                raise ExchangeError(
                    "encrypted file in the archive",
                    file=path,
                    field=info.filename,
                    expected="an unencrypted .qdpx",
                    found="an encrypted entry",
                )
            if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(
                info.compress_size, 1
            ):
                raise ExchangeError(
                    "suspicious compression ratio (zip bomb?)",
                    file=path,
                    field=info.filename,
                    expected=f"at most {MAX_COMPRESSION_RATIO}:1 for files over 1 MB",
                    found=f"{info.file_size / max(info.compress_size, 1):.0f}:1 "
                    f"({info.file_size / 1024 / 1024:.1f} MB unpacked)",
                )
            total += info.file_size
            members[info.filename] = info
        if total > max_unpacked_mb * 1024 * 1024:
            raise ExchangeError(
                "project too large when unpacked",
                file=path,
                expected=f"at most {max_unpacked_mb:g} MB unpacked (max_unpacked_mb)",
                found=f"{total / 1024 / 1024:.1f} MB",
            )
    except BaseException:
        zf.close()
        raise
    return zf, members


def _read_member(zf: zipfile.ZipFile, info: Any, path: Path, limit: int) -> bytes:
    """Read one member, never more than its declared size or ``limit`` bytes."""
    cap = min(info.file_size, limit)
    try:
        with zf.open(info) as fh:
            data = fh.read(cap + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ExchangeError(
            "cannot unpack a file of the archive",
            file=path,
            field=info.filename,
            expected="a readable entry",
            found=f"{type(exc).__name__}: {exc}",
        ) from None
    except Exception as exc:  # zlib.error and other decompressor failures
        raise ExchangeError(
            "cannot unpack a file of the archive",
            file=path,
            field=info.filename,
            expected="a readable entry",
            found=f"{type(exc).__name__}: {exc}",
        ) from None
    if len(data) > cap:
        raise ExchangeError(
            "file in the archive larger than declared",
            file=path,
            field=info.filename,
            expected=f"at most {cap} bytes",
            found="more",
        )
    return data


# ------------------------------------------------------------------ project model
def _kids(node: _Node, tag: str) -> list[_Node]:
    return [c for c in node.children if c.tag == tag and c.ns == PROJECT_NAMESPACE]


def _kid(node: _Node, tag: str) -> _Node | None:
    found = _kids(node, tag)
    return found[0] if found else None


def _key(guid: str) -> str:
    return guid.strip().strip("{}").lower()


def _guid_attr(node: _Node, attr: str, path: Path, *, required: bool = True) -> str | None:
    value = node.attrs.get(attr)
    if value is None:
        if required:
            raise ExchangeError(
                f"<{node.tag}> without the required attribute {attr!r}",
                file=path,
                line=node.line,
                field=f"{node.tag}/@{attr}",
                expected="a GUID",
                found="none",
            )
        return None
    if not _GUID_RE.match(value.strip()):
        raise ExchangeError(
            "malformed GUID",
            file=path,
            line=node.line,
            field=f"{node.tag}/@{attr}",
            expected="a GUID like 8-4-4-4-12 hex digits",
            found=repr(value),
        )
    return _key(value)


def _int_attr(node: _Node, attr: str, path: Path) -> int:
    value = node.attrs.get(attr)
    if value is None or not re.fullmatch(r"\s*[+-]?\d{1,12}\s*", value):
        raise ExchangeError(
            "missing or malformed position",
            file=path,
            line=node.line,
            field=f"{node.tag}/@{attr}",
            expected="an integer character position",
            found=repr(value) if value is not None else "none",
        )
    return int(value)


def _text_of(node: _Node | None) -> str | None:
    return None if node is None else "".join(node.text)


@dataclass
class _Selection:
    guid: str
    name: str | None
    start: int
    end: int
    line: int
    codings: list[tuple[str, str | None, int]]  # code key, user key, line
    text: str = ""


@dataclass
class _Source:
    guid: str
    name: str
    line: int
    text: str | None
    why_no_text: str | None
    selections: list[_Selection]
    whole_codings: int
    values: dict[str, object]


@dataclass
class _Case:
    guid: str
    name: str
    description: str
    values: dict[str, object]
    sources: set[str]
    selections: set[str]


def _value(vv: _Node, path: Path) -> tuple[str, object] | None:
    ref = _kid(vv, "VariableRef")
    if ref is None:
        return None
    target = _guid_attr(ref, "targetGUID", path)
    for tag in ("TextValue", "BooleanValue", "IntegerValue", "FloatValue", "DateValue"):
        el = _kid(vv, tag)
        if el is None:
            continue
        raw = _text_of(el) or ""
        try:
            if tag == "IntegerValue":
                return target or "", int(raw.strip())
            if tag == "FloatValue":
                return target or "", float(raw.strip())
            if tag == "BooleanValue":
                if raw.strip() not in ("true", "false", "1", "0"):
                    raise ValueError(raw)
                return target or "", raw.strip() in ("true", "1")
        except ValueError:
            raise ExchangeError(
                "malformed variable value",
                file=path,
                line=el.line,
                field=tag,
                expected=f"a value of type {tag.removesuffix('Value')}",
                found=repr(raw),
            ) from None
        return target or "", raw
    el = _kid(vv, "DateTimeValue")
    return (target or "", _text_of(el) or "") if el is not None else None


def _values(node: _Node, variables: dict[str, tuple[str, str]], path: Path) -> dict[str, object]:
    out: dict[str, object] = {}
    for vv in _kids(node, "VariableValue"):
        got = _value(vv, path)
        if got is None:
            continue
        key, value = got
        if key not in variables:
            raise ExchangeError(
                "variable value refers to an unknown variable",
                file=path,
                line=vv.line,
                field="VariableRef/@targetGUID",
                expected="the GUID of a <Variable>",
                found=repr(key),
            )
        out[variables[key][0]] = value
    return out


def _source_text(
    ts: _Node,
    zf: zipfile.ZipFile,
    members: dict[str, Any],
    path: Path,
    limit: int,
) -> tuple[str | None, str | None]:
    content = _kid(ts, "PlainTextContent")
    if content is not None:
        return _text_of(content) or "", None
    ref = ts.attrs.get("plainTextPath")
    if not ref:
        return None, "no plain text (only a rich-text file, which smartcase does not read)"
    if ref.startswith("internal://"):
        name = ref.removeprefix("internal://")
        why = _unsafe_name(name)
        if why is not None:
            raise ExchangeError(
                "unsafe document path",
                file=path,
                line=ts.line,
                field="TextSource/@plainTextPath",
                expected="internal://<file> inside the archive's Sources folder",
                found=f"{ref!r} ({why})",
            )
        member = f"Sources/{name}"
        if member not in members:
            raise ExchangeError(
                "document missing from the archive",
                file=path,
                line=ts.line,
                field="TextSource/@plainTextPath",
                expected=f"a file {member!r} in the archive",
                found="none",
            )
        data = _read_member(zf, members[member], path, limit)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ExchangeError(
                "document is not UTF-8 text",
                file=path,
                field=member,
                expected="UTF-8 plain text",
                found=f"byte {data[exc.start]:#04x} at offset {exc.start}",
            ) from None
        return text.removeprefix("\ufeff"), None
    return None, f"a document outside the archive ({ref!r}), which smartcase does not open"


def _read_project(path: Path, max_unpacked_mb: float) -> dict[str, Any]:
    zf, members = _open_archive(path, max_unpacked_mb)
    limit = int(max_unpacked_mb * 1024 * 1024)
    with zf:
        if "project.qde" not in members:
            raise ExchangeError(
                "not a REFI-QDA project",
                file=path,
                expected="a file 'project.qde' at the top of the archive",
                found="files "
                + ", ".join(sorted(members)[:5])
                + (" ..." if len(members) > 5 else ""),
            )
        qde = path / "project.qde"  # shown in messages as <file>.qdpx/project.qde
        root = _parse(_read_member(zf, members["project.qde"], path, limit), qde)
        if root.tag != "Project" or root.ns != PROJECT_NAMESPACE:
            raise ExchangeError(
                "not a REFI-QDA project",
                file=qde,
                line=root.line,
                field=root.tag,
                expected=f"root element <Project> in namespace {PROJECT_NAMESPACE!r}",
                found=f"<{root.tag}>"
                + (f" in namespace {root.ns!r}" if root.ns else " without namespace"),
            )
        users: dict[str, tuple[str | None, str | None]] = {}
        for u in _kids(_kid(root, "Users") or root, "User"):
            if u.tag != "User":
                continue
            users[_guid_attr(u, "guid", qde) or ""] = (u.attrs.get("name"), u.attrs.get("id"))
        codes: dict[str, dict[str, Any]] = {}
        book_el = _kid(root, "CodeBook")
        codes_el = _kid(book_el, "Codes") if book_el is not None else None
        stack: list[tuple[_Node, str | None]] = (
            [(c, None) for c in reversed(_kids(codes_el, "Code"))] if codes_el else []
        )
        while stack:
            node, parent = stack.pop()
            g = _guid_attr(node, "guid", qde) or ""
            if g in codes:
                raise ExchangeError(
                    "duplicate GUID",
                    file=qde,
                    line=node.line,
                    field="Code/@guid",
                    expected="each code once",
                    found=repr(node.attrs.get("guid")),
                )
            codes[g] = {
                "name": node.attrs.get("name", ""),
                "description": _text_of(_kid(node, "Description")) or "",
                "parent": parent,
                "line": node.line,
            }
            stack.extend((c, g) for c in reversed(_kids(node, "Code")))
        variables: dict[str, tuple[str, str]] = {}
        for v in _kids(_kid(root, "Variables") or root, "Variable"):
            variables[_guid_attr(v, "guid", qde) or ""] = (
                v.attrs.get("name", ""),
                v.attrs.get("typeOfVariable", "Text"),
            )
        cases: list[_Case] = []
        for c in _kids(_kid(root, "Cases") or root, "Case"):
            cases.append(
                _Case(
                    guid=_guid_attr(c, "guid", qde) or "",
                    name=c.attrs.get("name", ""),
                    description=_text_of(_kid(c, "Description")) or "",
                    values=_values(c, variables, qde),
                    sources={_guid_attr(r, "targetGUID", qde) or "" for r in _kids(c, "SourceRef")},
                    selections={
                        _guid_attr(r, "targetGUID", qde) or "" for r in _kids(c, "SelectionRef")
                    },
                )
            )
        sources: list[_Source] = []
        other_sources: list[tuple[str, str, str, int]] = []
        sources_el = _kid(root, "Sources")
        for node in sources_el.children if sources_el is not None else []:
            if node.ns != PROJECT_NAMESPACE:
                continue
            g = _guid_attr(node, "guid", qde) or ""
            if node.tag != "TextSource":
                n_codings = sum(1 for _ in _iter_tag(node, "Coding"))
                other_sources.append((node.tag, g, node.attrs.get("name", ""), n_codings))
                continue
            text, why = _source_text(node, zf, members, qde, limit)
            selections = []
            for sel in _kids(node, "PlainTextSelection"):
                start, end = (
                    _int_attr(sel, "startPosition", qde),
                    _int_attr(sel, "endPosition", qde),
                )
                if text is not None and not 0 <= start <= end <= len(text):
                    raise ExchangeError(
                        "selection outside its document",
                        file=qde,
                        line=sel.line,
                        field="PlainTextSelection/@startPosition",
                        expected=f"0 <= start <= end <= {len(text)} (the document's length)",
                        found=f"start {start}, end {end}",
                    )
                codings = []
                for cd in _kids(sel, "Coding"):
                    ref = _kid(cd, "CodeRef")
                    if ref is None:
                        raise ExchangeError(
                            "coding without <CodeRef>",
                            file=qde,
                            line=cd.line,
                            field="Coding",
                            expected="a <CodeRef>",
                            found="none",
                        )
                    target = _guid_attr(ref, "targetGUID", qde) or ""
                    if target not in codes:
                        raise ExchangeError(
                            "coding refers to an unknown code",
                            file=qde,
                            line=ref.line,
                            field="CodeRef/@targetGUID",
                            expected="the GUID of a code in the project's codebook",
                            found=repr(ref.attrs.get("targetGUID")),
                        )
                    codings.append(
                        (target, _guid_attr(cd, "creatingUser", qde, required=False), cd.line)
                    )
                selections.append(
                    _Selection(
                        guid=_guid_attr(sel, "guid", qde) or "",
                        name=sel.attrs.get("name"),
                        start=start,
                        end=end,
                        line=sel.line,
                        codings=codings,
                        text="" if text is None else text[start:end],
                    )
                )
            sources.append(
                _Source(
                    guid=g,
                    name=node.attrs.get("name", "") or f"document {len(sources) + 1}",
                    line=node.line,
                    text=text,
                    why_no_text=why,
                    selections=selections,
                    whole_codings=len(_kids(node, "Coding")),
                    values=_values(node, variables, qde),
                )
            )
        notes: dict[str, str] = {}
        for note in _kids(_kid(root, "Notes") or root, "Note"):
            name = note.attrs.get("name", "")
            if name.startswith(_NOTE_PREFIX):
                notes[name.removeprefix(_NOTE_PREFIX).removesuffix(".csv")] = (
                    _text_of(_kid(note, "PlainTextContent")) or ""
                )
        dates = [root.attrs.get("modifiedDateTime"), root.attrs.get("creationDateTime")]
        return {
            "name": root.attrs.get("name", path.stem),
            "origin": root.attrs.get("origin"),
            "date": next((d[:10] for d in dates if d and re.match(r"^\d{4}-\d{2}-\d{2}", d)), None),
            "users": users,
            "codes": codes,
            "variables": variables,
            "cases": cases,
            "sources": sources,
            "other_sources": other_sources,
            "notes": notes,
            "coding_dates": _coding_dates(sources_el),
        }


def _iter_tag(node: _Node, tag: str) -> Iterable[_Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.tag == tag:
            yield n
        stack.extend(n.children)


def _coding_dates(sources_el: _Node | None) -> dict[str, str]:
    """Latest creation date (YYYY-MM-DD) of each user's codings and selections."""
    out: dict[str, str] = {}
    if sources_el is None:
        return out
    for tag in ("Coding", "PlainTextSelection"):
        for n in _iter_tag(sources_el, tag):
            user, when = n.attrs.get("creatingUser"), n.attrs.get("creationDateTime", "")
            if user and re.match(r"^\d{4}-\d{2}-\d{2}", when):
                k = _key(user)
                out[k] = max(out.get(k, ""), when[:10])
    return out


# ------------------------------------------------------------------ building the draft
def _norm(text: object) -> str:
    return " ".join(str(text).casefold().split())


def _slug(text: str, prefix: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not s:
        return prefix
    return s if s[0].isalpha() else f"{prefix}_{s}"


def _unique(base: str, taken: set[str]) -> str:
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    taken.add(out)
    return out


def _csv_rows(text: str) -> list[dict[str, str]]:
    import csv

    return [dict(r) for r in csv.DictReader(io.StringIO(text, newline=""))]


def _as_text(value: object) -> str:
    from .workbook import _to_text

    return _to_text(value)


def _same_text(original: str, shown: str) -> bool:
    """Whether ``shown`` is ``original`` as the exporter writes it (cleaned, one line)."""
    flat = _clean(original).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    return flat == shown or _clean(original) == shown


class _Draft:
    """Text tables in the template layout, with the placeholders used to fill them."""

    def __init__(self, path: Path, project: str) -> None:
        self.path = path
        self.project = project
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.placeholders: list[dict[str, str]] = []
        self.unmapped: list[dict[str, object]] = []
        self.lines: dict[str, dict[int, str]] = {}  # CSV file -> line -> record id

    def fill(self, table: str, row: dict[str, str], rid: str, field: str, value: str, why: str):
        if row.get(field, "") == "":
            row[field] = value
            self.placeholders.append(
                {"table": table, "id": rid, "field": field, "value": value, "reason": why}
            )

    def skip(self, kind: str, guid: str, name: str | None, codings: int, reason: str) -> None:
        self.unmapped.append(
            {"kind": kind, "guid": guid, "name": name, "codings": codings, "reason": reason}
        )


def _build_draft(
    model: dict[str, Any], fw: Framework, path: Path, language: str, file_date: str
) -> _Draft:
    from .casebook import OPTIONAL_TABLES, REFERENCE_YEAR

    specs = table_specs()
    notes = {k: _csv_rows(v) for k, v in model["notes"].items()}
    d = _Draft(path, model["name"])
    project_label = f"REFI-QDA project '{model['name']}' ({path.name})"

    # codes of the project -> constructs
    cb = fw.codebook
    lookup: dict[str, str] = {}
    for cid, rec in cb.iterrows():
        lookup[_norm(cid)] = str(cid)
        lookup[_norm(rec["label"])] = str(cid)
    element_names = {_norm(e) for e in fw.elements.index} | {_norm(x) for x in fw.elements["label"]}
    n_codings: dict[str, int] = {}
    for src in model["sources"]:
        for sel in src.selections:
            for code, _, _ in sel.codings:
                n_codings[code] = n_codings.get(code, 0) + 1
    construct_of: dict[str, str] = {}
    for g, c in model["codes"].items():
        m = re.match(r"^id: ([a-z][a-z0-9_]*)", c["description"])
        if m and m.group(1) in cb.index:
            construct_of[g] = m.group(1)
        elif _norm(c["name"]) in lookup:
            construct_of[g] = lookup[_norm(c["name"])]
        elif _norm(c["name"]) in element_names or (m and m.group(1) in fw.elements.index):
            if n_codings.get(g):
                d.skip(
                    "code",
                    g,
                    c["name"],
                    n_codings[g],
                    "an element: code passages to its sub-dimensions instead",
                )
        else:
            d.skip(
                "code",
                g,
                c["name"],
                n_codings.get(g, 0),
                "no construct of the codebook has this id or label",
            )

    # users -> coders
    coder_rows = {r["coder_id"]: r for r in notes.get("coders", [])}
    taken: set[str] = set()
    coder_of: dict[str, str] = {}
    coders: list[dict[str, str]] = []
    for g, (name, uid) in model["users"].items():
        cid = uid if uid and _ID_RE.match(uid) and uid not in taken else None
        cid = _unique(cid or _slug(name or uid or "coder", "coder").replace("_", "-"), taken)
        coder_of[g] = cid
        row = dict(coder_rows.get(cid, {"coder_id": cid}))
        if name and not _same_text(row.get("name", ""), name):
            row["name"] = name
        d.fill("coders", row, cid, "name", cid, "the user has no name in the project")
        when = model["coding_dates"].get(g) or model["date"]
        if row.get("coded_on", "") == "":
            basis = (
                "the date of the user's latest coding in the project"
                if model["coding_dates"].get(g)
                else "the project's date"
                if model["date"]
                else "the date of the project file (the project records no dates)"
            )
            d.fill("coders", row, cid, "coded_on", when or file_date, basis)
            row.setdefault("note", "")
            if not row["note"]:
                row["note"] = f"User of the {project_label}."
        coders.append(row)
    for cid, row in coder_rows.items():  # coders of the tables who are not users
        if cid not in taken:
            taken.add(cid)
            coders.append(dict(row))
    d.tables["coders"] = coders

    # cases
    case_rows = {r["case_id"]: r for r in notes.get("cases", [])}
    case_fields = [f.name for f in specs["cases"].fields]
    cases: list[_Case] = list(model["cases"])
    if not cases:
        for src in model["sources"]:
            if src.selections and src.text is not None:
                cases.append(_Case(src.guid, src.name, "", {}, {src.guid}, set()))
                d.placeholders.append(
                    {
                        "table": "cases",
                        "id": src.name,
                        "field": "case",
                        "value": src.name,
                        "reason": "the project has no cases: each coded document became a case",
                    }
                )
    taken = set()
    case_of_guid: dict[str, str] = {}
    out_cases: list[dict[str, str]] = []
    uses_project_source = False
    for c in cases:
        m = re.match(r"^id: ([a-z][a-z0-9_]*)", c.description)
        cid = m.group(1) if m and m.group(1) not in taken else None
        cid = _unique(cid or _slug(c.name or "case", "case"), taken)
        case_of_guid[c.guid] = cid
        row = dict(case_rows.get(cid, {"case_id": cid}))
        for fname in case_fields:
            if fname in c.values and fname != "case_id":
                value = _as_text(c.values[fname])
                if not _same_text(row.get(fname, ""), value):
                    row[fname] = value
        if c.name and not _same_text(row.get("name", ""), c.name):
            row["name"] = c.name  # the case's own name wins over a variable 'name'
        for fname, value, why in (
            ("name", cid, "the case has no name"),
            ("country", "unknown", "not given in the project"),
            ("group", "imported", "not given in the project"),
            ("admin_type", "unknown", "not given in the project"),
            ("population", "0", "not given in the project: 0 is a placeholder, not a figure"),
            ("population_year", str(REFERENCE_YEAR), "not given in the project"),
            ("area_km2", "0", "not given in the project: 0 is a placeholder, not a figure"),
        ):
            d.fill("cases", row, cid, fname, value, why)
        for fname in ("admin_type_source", "population_source", "area_source"):
            if row.get(fname, "") == "":
                uses_project_source = True
                d.fill(
                    "cases",
                    row,
                    cid,
                    fname,
                    _PROJECT_SOURCE,
                    "no source in the project: cite the source of the attribute",
                )
        out_cases.append(row)
    d.tables["cases"] = out_cases

    # evidence from coded selections
    ev_rows = {r["evidence_id"]: r for r in notes.get("evidence", [])}
    source_rows = {r["source_id"]: dict(r) for r in notes.get("sources", [])}
    ev_taken: set[str] = set()
    evidence: list[dict[str, str]] = []
    cited: dict[tuple[str, str, str], list[str]] = {}
    doc_source: dict[str, str] = {}
    src_taken = set(source_rows) | {_PROJECT_SOURCE}
    counters: dict[str, int] = {}
    kinds = cb["kind"]
    for src in model["sources"]:
        if src.text is None:
            if src.selections or src.whole_codings:
                d.skip(
                    "source",
                    src.guid,
                    src.name,
                    sum(len(s.codings) for s in src.selections) + src.whole_codings,
                    src.why_no_text or "no text",
                )
            continue
        if src.whole_codings:
            d.skip(
                "coding",
                src.guid,
                src.name,
                src.whole_codings,
                "a code on a whole document: only coded passages become evidence",
            )
        for sel in src.selections:
            case_id = next(
                (case_of_guid[c.guid] for c in cases if sel.guid in c.selections), None
            ) or next((case_of_guid[c.guid] for c in cases if src.guid in c.sources), None)
            if case_id is None:
                d.skip(
                    "selection",
                    sel.guid,
                    sel.name,
                    len(sel.codings),
                    f"in document '{src.name}', which belongs to no case",
                )
                continue
            constructs = [construct_of[c] for c, _, _ in sel.codings if c in construct_of]
            subs = list(dict.fromkeys(c for c in constructs if kinds[c] == "subdimension"))
            note_row = ev_rows.get(sel.name or "")
            if note_row is not None and note_row.get("case_id") == case_id:
                row = dict(note_row)
                if subs and row.get("subdimension_id") not in subs:
                    row["subdimension_id"] = subs[0]
                    row["element_id"] = str(cb.at[subs[0], "element_id"])
                if not _same_text(row.get("statement", ""), sel.text):
                    row["statement"] = sel.text
                ev_taken.add(row["evidence_id"])
                items = [(row["evidence_id"], row["subdimension_id"])]
                evidence.append(row)
            else:
                if not sel.codings:
                    d.skip("selection", sel.guid, sel.name, 0, "a passage without any code")
                    continue
                if not subs:
                    d.skip(
                        "selection",
                        sel.guid,
                        sel.name,
                        len(sel.codings),
                        "coded only to the outcome or to codes not in the codebook: "
                        "evidence needs a sub-dimension",
                    )
                    continue
                statement = " ".join(sel.text.split())
                if not statement:
                    d.skip("selection", sel.guid, sel.name, len(sel.codings), "an empty passage")
                    continue
                if src.guid not in doc_source:
                    doc_source[src.guid] = _unique(
                        _slug(src.name, "doc").replace("_", "-"), src_taken
                    )
                    source_rows[doc_source[src.guid]] = _document_source(
                        d, src, doc_source[src.guid], project_label, language, specs
                    )
                year, basis = _year_of(src.values)
                items = []
                code_names = ", ".join(
                    dict.fromkeys(model["codes"][c]["name"] for c, _, _ in sel.codings)
                )
                for sub in subs:
                    counters[case_id] = counters.get(case_id, 0) + 1
                    eid = _unique(f"{case_id}-q{counters[case_id]:03d}", ev_taken)
                    row = {
                        "evidence_id": eid,
                        "case_id": case_id,
                        "element_id": str(cb.at[sub, "element_id"]),
                        "subdimension_id": sub,
                        "statement": statement,
                        "year": year or "",
                        "year_basis": basis,
                        "period": "",
                        "source_id": doc_source[src.guid],
                        "strength": "",
                        "post_2020": "",
                        "note": (
                            f"Imported from the {project_label}: characters {sel.start}-{sel.end} "
                            f"of document '{src.name}', coded {code_names}. The statement is the "
                            "coded passage verbatim: rewrite it in your own words and check it "
                            "against the source."
                        ),
                    }
                    d.fill(
                        "evidence",
                        row,
                        eid,
                        "year",
                        str(REFERENCE_YEAR),
                        f"no year in the project: {REFERENCE_YEAR} is a placeholder",
                    )
                    d.fill(
                        "evidence",
                        row,
                        eid,
                        "strength",
                        "weak",
                        "the source is not described in the project",
                    )
                    row["post_2020"] = "true" if int(row["year"]) > REFERENCE_YEAR else "false"
                    items.append((eid, sub))
                    evidence.append(row)
            for code, user, _ in sel.codings:
                construct = construct_of.get(code)
                coder = coder_of.get(user or "")
                if construct is None or coder is None:
                    continue
                if kinds[construct] == "subdimension":
                    ids = [e for e, s in items if s == construct]
                else:
                    ids = [items[0][0]]
                bucket = cited.setdefault((case_id, construct, coder), [])
                bucket.extend(e for e in ids if e not in bucket)
    d.tables["evidence"] = evidence

    # sources: those of the tables and one per imported document
    if uses_project_source:
        row = {
            "source_id": _PROJECT_SOURCE,
            "author": "",
            "title": model["name"],
            "language": language,
            "kind": "other",
            "note": f"The {project_label} this draft was imported from; cite the real source of "
            "each case attribute instead.",
        }
        d.fill("sources", row, _PROJECT_SOURCE, "author", "unknown", "not given in the project")
        source_rows[_PROJECT_SOURCE] = row
    d.tables["sources"] = list(source_rows.values())

    # codes: the tables' codes, with values, citations and users from the project
    case_ids = set(case_of_guid.values())
    coder_ids = {r["coder_id"] for r in coders}
    code_rows = {
        (r["case_id"], r["construct_id"], r["coder_id"]): dict(r)
        for r in notes.get("codes", [])
        if r.get("case_id") in case_ids and r.get("coder_id") in coder_ids
    }
    case_by_guid = {c.guid: case_of_guid[c.guid] for c in cases}
    for c in cases:
        for vname, raw in c.values.items():
            m = _CODE_VARIABLE_RE.match(vname)
            if not m or m.group(1) not in cb.index or m.group(2) not in coder_ids:
                continue
            key = (case_by_guid[c.guid], m.group(1), m.group(2))
            row = code_rows.setdefault(
                key, {"case_id": key[0], "construct_id": key[1], "coder_id": key[2]}
            )
            row["code"] = _as_text(raw)
    users_coding = {
        coder_of[u]
        for s in model["sources"]
        for x in s.selections
        for _, u, _ in x.codings
        if u in coder_of
    }
    known = {r["evidence_id"] for r in evidence}
    for key, row in code_rows.items():
        listed = split_ids(row.get("evidence_ids", ""))
        if key[2] in users_coding:
            found = cited.get(key, [])
            ordered = [e for e in listed if e in found] + [e for e in found if e not in listed]
        else:  # the project kept no coder on its codings: keep the tables' citations
            ordered = [e for e in listed if e in known]
        row["evidence_ids"] = ";".join(ordered)
        rid = "/".join(key)
        d.fill("codes", row, rid, "confidence", "low", "not given in the project")
        d.fill(
            "codes",
            row,
            rid,
            "rationale",
            "Imported from a REFI-QDA project without a rationale.",
            "not given in the project",
        )
    d.tables["codes"] = list(code_rows.values())
    d.tables["programmes"] = [
        dict(r) for r in notes.get("programmes", []) if r.get("case_id") in case_ids
    ]
    for name in OPTIONAL_TABLES:
        if name in notes:
            d.tables[name] = [dict(r) for r in notes[name] if r.get("case_id") in case_ids]
    for kind, g, name, n in model["other_sources"]:
        d.skip("source", g, name, n, f"a {kind}: only text sources are read")
    return d


def _year_of(values: dict[str, object]) -> tuple[str | None, str]:
    for name in ("year", "published", "date", "Year", "Date"):
        v = values.get(name)
        if v is None:
            continue
        m = re.match(r"^\s*(\d{4})", str(v))
        if m and 1900 <= int(m.group(1)) <= 2100:
            return m.group(1), "source_date"
    return None, ""


def _document_source(
    d: _Draft, src: _Source, sid: str, project_label: str, language: str, specs: Any
) -> dict[str, str]:
    row: dict[str, str] = {"source_id": sid}
    for f in specs["sources"].fields:
        if f.name in src.values and f.name != "source_id":
            row[f.name] = _as_text(src.values[f.name])
    row.setdefault("title", src.name)
    row.setdefault(
        "note",
        f"Document '{src.name}' of the {project_label}; its author, date and URL are not given "
        "there.",
    )
    year, _ = _year_of(src.values)
    if year and not row.get("year"):
        row["year"] = year
    d.fill("sources", row, sid, "author", "unknown", "not given in the project")
    d.fill("sources", row, sid, "language", language, "not given in the project (language=)")
    d.fill("sources", row, sid, "kind", "other", "not given in the project")
    return row


def _write_draft(d: _Draft, fw_notes: dict[str, str] | None, folder: Path) -> None:
    from .casebook import OPTIONAL_TABLES
    from .workbook import _csv_bytes

    specs = table_specs()
    for name in (*CASE_TABLES, *OPTIONAL_TABLES):
        if name not in d.tables:
            continue
        cols = list(specs[name].column_names)
        rows = [[r.get(c, "") or "" for c in cols] for r in d.tables[name]]
        data, starts = _csv_bytes(cols, rows)
        key = specs[name].primary_key
        d.lines[specs[name].path] = {
            line: "/".join(str(r.get(k, "")) for k in key)
            for line, r in zip(starts, d.tables[name], strict=True)
        }
        (folder / specs[name].path).write_bytes(data)
    if fw_notes:
        (folder / "framework").mkdir()
        for name, text in fw_notes.items():
            (folder / specs[name].path).write_text(text, encoding="utf-8", newline="")


def read_qdpx(
    path: str | Path,
    *,
    framework: Framework | None = None,
    language: str = "en",
    max_unpacked_mb: float = DEFAULT_MAX_QDPX_MB,
) -> QdpxImport:
    """Read a REFI-QDA project (``.qdpx``) into a case-base draft.

    Reads projects exported by ATLAS.ti, NVivo, MAXQDA, QualCoder and other REFI-QDA tools,
    and those :func:`export_qdpx` writes: cases and their variables, text documents, coded
    passages (``PlainTextSelection``), the codebook and the users.

    Parameters
    ----------
    path : str or Path
        The ``.qdpx`` file.
    framework : Framework, optional
        The codebook to map the project's codes onto. Default: the framework stored in the
        project by :func:`export_qdpx` if any, else the bundled one.
    language : str, default 'en'
        ISO 639-1 language of documents whose language the project does not give.
    max_unpacked_mb : float, default 200
        Refuse archives larger than this once unpacked (checked on the archive's directory
        before anything is unpacked, and again while reading).

    Returns
    -------
    QdpxImport
        ``.book`` (the draft as a validated :class:`CaseBook`), ``.tables``, ``.unmapped``
        (what could not be imported, and why), ``.placeholders`` (values filled in so the draft
        loads, to replace before analysis) and ``.write(folder)``.

    Raises
    ------
    ExchangeError
        Naming file, line and element: not a zip archive; an unsafe member name (absolute
        path, ``..``, backslash), a duplicate or encrypted member; an archive larger than
        ``max_unpacked_mb`` unpacked or with a member compressed more than
        :data:`MAX_COMPRESSION_RATIO` to one (zip bomb); no ``project.qde``; malformed XML, a
        DOCTYPE or entity declaration, elements nested deeper than 200 levels; a root other
        than ``<Project>``; a malformed GUID or position; a reference to an unknown code or
        variable; a selection outside its document; a document missing from the archive or not
        UTF-8; a project that does not make a valid case base.
    ArgumentError
        A malformed ``language`` or ``max_unpacked_mb``.

    See Also
    --------
    export_qdpx, read_qdc

    Notes
    -----
    **Mapping.** A project code maps onto a construct when its description starts with
    ``id: <construct_id>`` (as smartcase writes it) or its name equals a construct's id or
    label (case and spacing ignored). Each case becomes a case (``id: <case_id>`` in its
    description, else its name made into an id); without cases, each coded document becomes a
    case. Each passage coded to a sub-dimension becomes one evidence item per sub-dimension
    (``<case>-q001``, ...), its statement the passage verbatim, its source the document. Users
    become coders. 0-3 codes come from case variables named ``<construct_id> (<coder_id>)``
    (as :func:`export_qdpx` writes them); the evidence a code cites is the passages its coder
    coded to its construct. Everything else is listed in ``unmapped``: codes outside the
    codebook, passages with no sub-dimension or in no case, whole-document codings, PDF,
    picture, audio and video sources, documents kept outside the archive (never opened).

    **Placeholders.** The case base requires values a QDA project does not hold (a case's
    country and population, an evidence item's year and strength, a source's author); the
    draft fills them with visible placeholders (``'unknown'``, ``0``, the year 2020, strength
    ``weak``) so that it loads, and lists each in ``placeholders``. They are not data.

    **Round trip.** :func:`export_qdpx` also stores every table of the case base as CSV in a
    project note (``smartcase table <name>.csv``), for what the standard has no element for
    (bibliographic sources, programmes, evidence years and strengths, confidence and
    rationales). The project's own elements take precedence: names, case variables, passage
    text, codes and the coders' codings edited in a QDA tool are read from the project.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from smartcase import load_cases
    >>> book = load_cases()
    >>> draft = read_qdpx(export_qdpx(book, pathlib.Path(tempfile.mkdtemp()) / "p.qdpx"))
    >>> draft.book.codes.equals(book.codes), len(draft.placeholders)
    (True, 0)
    """
    import datetime as dt
    import math
    import tempfile

    from .casebook import load_cases
    from .errors import DataError
    from .framework import load_framework

    path = Path(path)
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        raise ArgumentError("language", repr(language), "an ISO 639-1 code such as 'en'")
    if (
        isinstance(max_unpacked_mb, bool)
        or not isinstance(max_unpacked_mb, int | float)
        or not math.isfinite(max_unpacked_mb)
        or max_unpacked_mb <= 0
    ):
        raise ArgumentError("max_unpacked_mb", repr(max_unpacked_mb), "a positive number")
    if framework is not None and not isinstance(framework, Framework):
        raise ArgumentError("framework", type(framework).__name__, "a Framework")
    model = _read_project(path, max_unpacked_mb)
    fw_notes = {
        n: model["notes"][n] for n in ("elements", "codebook", "rubric") if n in model["notes"]
    }
    file_date = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    draft: _Draft | None = None
    with tempfile.TemporaryDirectory(prefix="smartcase-qdpx-") as tmpdir:
        tmp = Path(tmpdir)
        try:
            if framework is None and len(fw_notes) == 3:
                (tmp / "framework").mkdir()
                specs = table_specs()
                for name, text in fw_notes.items():
                    (tmp / specs[name].path).write_text(text, encoding="utf-8", newline="")
                fw = load_framework(tmp)
                written_fw: dict[str, str] | None = None
            else:
                fw = framework if framework is not None else load_framework()
                written_fw = None if framework is None else _framework_texts(framework)
            draft = _build_draft(model, fw, path, language, file_date)
            _write_draft(draft, written_fw, tmp)
            book = load_cases(tmp)
        except DataError as exc:
            if isinstance(exc, ExchangeError):
                raise
            where = Path(exc.file).name if exc.file else "?"
            record = draft.lines.get(where, {}).get(exc.line or -1) if draft is not None else None
            raise ExchangeError(
                "the project does not make a valid case base",
                file=path,
                expected=exc.expected or "data that load_cases accepts",
                found=f"{where}"
                + (f", line {exc.line}" if exc.line else "")
                + (f" ({record})" if record else "")
                + (f", field '{exc.field}'" if exc.field else "")
                + f": {exc.message}"
                + (f" ({exc.found})" if exc.found else ""),
            ) from None
    from dataclasses import replace

    if book.framework.source_dir is not None and Path(book.framework.source_dir).is_relative_to(
        tmp
    ):
        book = replace(book, framework=replace(book.framework, source_dir=path))
    book = replace(book, data_dirs=(path,))
    unmapped = pd.DataFrame(draft.unmapped, columns=["kind", "guid", "name", "codings", "reason"])
    placeholders = pd.DataFrame(
        draft.placeholders, columns=["table", "id", "field", "value", "reason"]
    )
    return QdpxImport(
        book=book,
        unmapped=unmapped.astype({"codings": "int64"}),
        placeholders=placeholders,
        project=model["name"],
        origin=model["origin"],
        from_smartcase=bool(model["notes"]),
    )


def _framework_texts(fw: Framework) -> dict[str, str]:
    from .workbook import _csv_bytes, _to_text

    specs = table_specs()
    frames = {
        "elements": fw.elements.reset_index(),
        "codebook": fw.codebook.reset_index(),
        "rubric": fw.rubric,
    }
    out = {}
    for name, df in frames.items():
        cols = list(specs[name].column_names)
        rows = [[_to_text(v) for v in rec] for rec in df[cols].itertuples(index=False, name=None)]
        out[name] = _csv_bytes(cols, rows)[0].decode("utf-8")
    return out
